// SES for Duebook: the sender identity, the configuration set every email uses, and the SNS topic
// its event destination publishes Send, Bounce, Complaint and Delivery events to.
import { CfnOutput, Stack } from 'aws-cdk-lib';
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

  /** ses:SendEmail from the sender identity through this configuration set, nothing else. */
  grantSend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [this.identityArn, this.configurationSetArn],
      }),
    );
  }
}
