// The S3 bucket for drafted letters (appeals, notices) and hand-over packets, with its access-log
// bucket. Objects live under `tenant/<tenantId>/` (lambdas/shared/letter-storage.ts); a function
// is granted Put/Get on that prefix only (`grantLetters`).
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Where letter storage writes: every key starts with this and the tenant id. */
export const LETTERS_PREFIX = 'tenant/';

/** After this many days a letter moves to Infrequent Access; letters are records and are never expired. */
export const LETTERS_IA_AFTER_DAYS = 90;

export interface LettersBucketProps {
  /** Keep both buckets when the stack is deleted. */
  production: boolean;
}

export class LettersBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: LettersBucketProps) {
    super(scope, id);
    const removalPolicy = props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy,
    });

    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'letters/',
      lifecycleRules: [
        {
          id: 'age-out-letters',
          // Letters are records an office may need for years: cheaper storage, never deleted here.
          // Glacier Instant Retrieval after a year: still readable in milliseconds when asked for.
          transitions: [
            {
              storageClass: StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(LETTERS_IA_AFTER_DAYS),
            },
            { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(365) },
          ],
          // Only a replaced or deleted letter's old version goes, 90 days later.
          noncurrentVersionExpiration: Duration.days(90),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy,
    });
  }

  /**
   * `s3:PutObject` and `s3:GetObject` on `tenant/*` of this bucket, and nothing else: no list, no
   * delete, no other bucket. The bucket's default encryption (SSE-S3) applies to every put.
   */
  grantLetters(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: [this.bucket.arnForObjects(`${LETTERS_PREFIX}*`)],
      }),
    );
  }
}
