// Inbound replies: an SES receipt rule set whose rule, for the reply domain, stores each message in a private bucket
// (S3 action, `inbound/<message id>`) and then invokes the replies function, which matches it to its message.
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Lambda, LambdaInvocationType, S3 } from 'aws-cdk-lib/aws-ses-actions';
import { Construct } from 'constructs';

/** The key prefix the S3 action writes under, as the replies handler reads it. */
export const INBOUND_PREFIX = 'inbound/';
/** Raw replies are kept this long (the reply's text is recorded on the history and the task). */
export const INBOUND_KEEP_DAYS = 90;

export interface InboundMailProps {
  /** The domain replies are addressed to (each message's `r-…@<domain>`); its MX points at SES inbound. */
  replyDomain: string;
  /** The function that reads and records each reply. */
  handler: IFunction;
  /** Where the bucket's access logs go (the letters bucket's log bucket). */
  accessLogs: IBucket;
  production: boolean;
}

export class InboundMail extends Construct {
  readonly bucket: Bucket;
  readonly ruleSet: ReceiptRuleSet;

  constructor(scope: Construct, id: string, props: InboundMailProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'inbound/',
      lifecycleRules: [{ id: 'expire-raw-replies', expiration: Duration.days(INBOUND_KEEP_DAYS) }],
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet', {
      rules: [
        {
          recipients: [props.replyDomain],
          scanEnabled: true,
          tlsPolicy: TlsPolicy.REQUIRE,
          actions: [
            // First the raw message to the bucket (the S3 action adds SES's bucket policy), then the function.
            new S3({ bucket: this.bucket, objectKeyPrefix: INBOUND_PREFIX }),
            new Lambda({ function: props.handler, invocationType: LambdaInvocationType.EVENT }),
          ],
        },
      ],
    });
    const region = Stack.of(this).region;
    new CfnOutput(this, 'ReplyMxRecord', {
      description: `MX record for ${props.replyDomain} (then activate the rule set: aws ses set-active-receipt-rule-set --rule-set-name <InboundRuleSetName>)`,
      value: `${props.replyDomain} MX 10 inbound-smtp.${region}.amazonaws.com`,
    });
    new CfnOutput(this, 'InboundRuleSetName', { value: this.ruleSet.receiptRuleSetName });
  }
}
