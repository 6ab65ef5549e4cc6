// The Lambda environment, in one place: which variable each handler reads (lambdas/shared/env.ts
// and lambdas/shared/runtime-*.ts) and where its value comes from in the stack.
import type { HandlerName } from './duebook-function.js';

export interface EnvironmentSources {
  tableName: string;
  googleAudiences: readonly string[];
  sesConfigurationSet: string;
  senderAddress: string;
  publicBaseUrl: string;
  queueUrl: string;
  /** The office queue the tick fills. */
  officeQueueUrl: string;
  /** ARN of the unsubscribe signing key; the handler fetches the value itself (lambdas/shared/secret.ts). */
  unsubscribeSecretArn: string;
  /** ARN of the Stripe keys (JSON); api makes Checkout Sessions and checks webhooks, sender adds pay links. */
  stripeSecretArn: string;
  /** Messages per second for one sender instance. */
  senderRatePerSecond: number;
  /** The letters bucket (appeal letters, hand-over packets). */
  lettersBucket: string;
  /** Allowed domains and per-office quotas (issue #17; lambdas/shared/office-config.ts reads them). */
  offices: {
    allowedDomains: readonly string[];
    quotas: { apiRequestsPerMinute: number; rowsStored: number; emailsPerDay: number };
  };
  /** Where SES's receipt rule stores inbound replies, and the domain it receives them for (when set up). */
  inboundBucket?: string;
  replyDomain?: string;
}

/**
 * The environment of one handler. Every handler loads lambdas/shared/runtime-env.ts, whose `readEnv`
 * requires the first five; the rest go only to the handler that reads them.
 */
export function environmentFor(handler: HandlerName, s: EnvironmentSources): Record<string, string> {
  const shared = {
    TABLE_NAME: s.tableName,
    GOOGLE_AUDIENCES: s.googleAudiences.join(','),
    SES_CONFIGURATION_SET: s.sesConfigurationSet,
    SENDER_ADDRESS: s.senderAddress,
    PUBLIC_BASE_URL: s.publicBaseUrl,
  };
  switch (handler) {
    case 'api':
      return {
        ...shared,
        UNSUBSCRIBE_SECRET_ARN: s.unsubscribeSecretArn,
        STRIPE_SECRET_ARN: s.stripeSecretArn,
        LETTERS_BUCKET: s.lettersBucket,
        // Offices (issue #17): who may sign up, and the per-office quotas the API enforces.
        ALLOWED_DOMAINS: s.offices.allowedDomains.join(','),
        QUOTA_API_PER_MINUTE: String(s.offices.quotas.apiRequestsPerMinute),
        QUOTA_ROWS: String(s.offices.quotas.rowsStored),
        QUOTA_EMAILS_PER_DAY: String(s.offices.quotas.emailsPerDay),
      };
    case 'daily-run':
      return { ...shared, QUEUE_URL: s.queueUrl, LETTERS_BUCKET: s.lettersBucket };
    case 'sender':
      return {
        ...shared,
        UNSUBSCRIBE_SECRET_ARN: s.unsubscribeSecretArn,
        STRIPE_SECRET_ARN: s.stripeSecretArn,
        SES_SEND_RATE: String(s.senderRatePerSecond),
        QUOTA_EMAILS_PER_DAY: String(s.offices.quotas.emailsPerDay),
        // Each message's own reply address, only where replies are received.
        ...(s.replyDomain ? { REPLY_DOMAIN: s.replyDomain } : {}),
      };
    case 'ses-events':
      return shared;
    case 'tick':
      return { ...shared, OFFICE_QUEUE_URL: s.officeQueueUrl };
    case 'replies':
      return {
        ...shared,
        UNSUBSCRIBE_SECRET_ARN: s.unsubscribeSecretArn,
        INBOUND_BUCKET: s.inboundBucket ?? '',
        REPLY_DOMAIN: s.replyDomain ?? '',
      };
  }
}
