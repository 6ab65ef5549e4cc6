// Reads the Lambda environment once, at module load of a handler; a missing value throws at once.

export interface LambdaEnv {
  tableName: string;
  /** Google's JWKS in production; the local identity's JWKS URL on this machine. */
  jwksUrl: string;
  /** OAuth client ids whose ID tokens are accepted (the add-on's). */
  audiences: string[];
  sesConfigurationSet: string;
  senderAddress: string;
  /** Public base URL of the API, for unsubscribe links. */
  publicBaseUrl: string;
  queueUrl?: string;
  /** The office queue the tick fills and the daily-run worker drains (tick only). */
  officeQueueUrl?: string;
  /** The letters bucket (api, daily-run): appeal letters and hand-over packets. */
  lettersBucket?: string;
  /** ARN of the unsubscribe signing key in Secrets Manager (api, sender in AWS). */
  unsubscribeSecretArn?: string;
  /** The key itself: only where no AWS is involved (the local stack, benches); wins over the ARN. */
  unsubscribeSecret?: string;
  /** ARN of the Stripe keys, JSON {"secretKey","webhookSecret"} (api, sender); never the keys themselves. */
  stripeSecretArn?: string;
  /** The domain SES receives replies for (sender: each message's reply address; replies). */
  replyDomain?: string;
  /** The bucket SES's receipt rule stores inbound replies in (replies). */
  inboundBucket?: string;
  /** Set only to talk to local stand-ins (DynamoDB Local, the SES emulator). */
  dynamoEndpoint?: string;
  sesEndpoint?: string;
  region: string;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (v === undefined || v === '') throw new Error(`environment variable ${name} is not set`);
  return v;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): LambdaEnv {
  return {
    tableName: required(env, 'TABLE_NAME'),
    jwksUrl: env.JWKS_URL ?? 'https://www.googleapis.com/oauth2/v3/certs',
    audiences: required(env, 'GOOGLE_AUDIENCES')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    sesConfigurationSet: required(env, 'SES_CONFIGURATION_SET'),
    senderAddress: required(env, 'SENDER_ADDRESS'),
    publicBaseUrl: required(env, 'PUBLIC_BASE_URL').replace(/\/$/, ''),
    queueUrl: env.QUEUE_URL || undefined,
    officeQueueUrl: env.OFFICE_QUEUE_URL || undefined,
    lettersBucket: env.LETTERS_BUCKET || undefined,
    unsubscribeSecretArn: env.UNSUBSCRIBE_SECRET_ARN || undefined,
    unsubscribeSecret: env.UNSUBSCRIBE_SECRET || undefined,
    stripeSecretArn: env.STRIPE_SECRET_ARN || undefined,
    replyDomain: env.REPLY_DOMAIN || undefined,
    inboundBucket: env.INBOUND_BUCKET || undefined,
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    sesEndpoint: env.SES_ENDPOINT || undefined,
    region: env.AWS_REGION ?? 'us-east-1',
  };
}
