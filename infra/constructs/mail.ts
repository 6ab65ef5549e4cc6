// SES for Duebook: the sender identity, the configuration set every email uses (with open and click
// tracking), and the SNS topic its event destination publishes Send, Bounce, Complaint, Delivery, Open and Click to.
import { CfnOutput, Stack, Token, Validations } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface MailProps {
  /** A domain (recommended: DKIM-signed mail from any address in it) or one email address. */
  senderIdentity: string;
  /** Create the identity here; false when it already exists in this account and region. */
  manageIdentity: boolean;
}

export class Mail extends Construct {
  readonly configurationSet: ConfigurationSet;
  /** SES events (JSON), for the ses-events function. */
  readonly eventsTopic: Topic;
  readonly identityArn: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
    });

    this.eventsTopic = new Topic(this, 'Events', {
      displayName: 'Duebook SES events',
      enforceSSL: true,
    });
    this.configurationSet.addEventDestination('ToSns', {
      destination: EventDestination.snsTopic(this.eventsTopic),
      events: [
        EmailSendingEvent.SEND,
        EmailSendingEvent.BOUNCE,
        EmailSendingEvent.COMPLAINT,
        EmailSendingEvent.DELIVERY,
        // Tracking (issue #16): SES adds an open pixel and rewrites links for a configuration set
        // whose event destination takes Open and Click events; ses-events records them per message.
        EmailSendingEvent.OPEN,
        EmailSendingEvent.CLICK,
      ],
    });

    if (props.manageIdentity) {
      const isDomain = !props.senderIdentity.includes('@');
      const identity = new EmailIdentity(this, 'Identity', {
        identity: isDomain ? Identity.domain(props.senderIdentity) : Identity.email(props.senderIdentity),
        configurationSet: this.configurationSet,
      });
      this.identityArn = identity.emailIdentityArn;
      if (isDomain) {
        // Easy DKIM: the three CNAME records to add at the office's DNS host.
        identity.dkimRecords.forEach((record, i) => {
          new CfnOutput(this, `DkimRecord${i + 1}`, {
            description: `DKIM CNAME ${i + 1} for ${props.senderIdentity}`,
            value: `${record.name} CNAME ${record.value}`,
          });
        });
      }
    } else {
      this.identityArn = stack.formatArn({
        service: 'ses',
        resource: 'identity',
        resourceName: props.senderIdentity,
      });
    }
  }

  get configurationSetArn(): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
  }

  /** Every SES identity of this account and region: the offices' own domains, verified at run time. */
  get officeIdentitiesArn(): string {
    return Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' });
  }

  /**
   * ses:SendEmail through this configuration set, from the sender identity and from the offices'
   * own domains (lambdas/services/sending-identity.ts), nothing else.
   */
  grantSend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [this.identityArn, this.officeIdentitiesArn, this.configurationSetArn],
      }),
    );
  }

  /** Starts and reads an office's domain verification (CreateEmailIdentity with its tag, GetEmailIdentity). */
  grantOfficeIdentities(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:CreateEmailIdentity', 'ses:GetEmailIdentity', 'ses:TagResource'],
        resources: [this.officeIdentitiesArn],
      }),
    );
    // The configuration set is attached to each new identity (CreateEmailIdentity's ConfigurationSetName).
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['ses:CreateEmailIdentity'], resources: [this.configurationSetArn] }),
    );
  }

  /** The cdk-nag acknowledgement for `identity/*` on a role given `grantSend` or `grantOfficeIdentities`. */
  static acknowledgeOfficeIdentities(role: Construct): void {
    // cdk-nag names the resource as synthesized: the stack's region and account, or their pseudo parameters.
    const stack = Stack.of(role);
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:${region}:${account}:identity/*]`,
      reason:
        "Each office verifies its own sending domain at run time (POST /v1/sending/identity), so the identities are not known at deploy time; the grant is limited to SES identities of this account and region, and sending also needs this stack's configuration set.",
    });
  }
}
