// Lambda entry for the SQS sender: wiring only.
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { createEmailQuota } from '../services/email-quota.js';
import { LedgerService } from '../services/ledger-service.js';
import { createSesMailer } from '../shared/mailer.js';
import { readOfficeOptions } from '../shared/office-config.js';
import { doc, env, settingsOf, store } from '../shared/runtime-ledger.js';
import { sesConfig } from '../shared/runtime-mail.js';
import { stripeKeys, unsubscribeSecret } from '../shared/runtime-secrets.js';
import { withMappedStacks } from '../shared/stack-map.js';
import { MailStandingStore } from '../store/mail-standing-store.js';
import { QuotaStore } from '../store/quota-store.js';
import { ReplyStore } from '../store/reply-store.js';
import { createSenderHandler } from './app.js';

// Every event of the sender sends: its SES client is made with the cold start.
const ses = new SESv2Client(sesConfig);

export const handler = withMappedStacks(
  createSenderHandler({
    store,
    ledger: new LedgerService(store),
    mailer: createSesMailer(ses, env.sesConfigurationSet),
    settings: settingsOf,
    senderAddress: env.senderAddress,
    publicBaseUrl: env.publicBaseUrl,
    // Top-level await: read once per cold start, before the first event.
    unsubscribeSecret: await unsubscribeSecret(),
    now: () => new Date(),
    // Pay links only once the office has put its Stripe keys in the secret.
    stripeEnabled: (await stripeKeys()) !== undefined,
    ratePerSecond: Number(process.env.SES_SEND_RATE ?? '1'),
    emailQuota: createEmailQuota(new QuotaStore(doc, env.tableName), readOfficeOptions(process.env)),
    standing: new MailStandingStore(doc, env.tableName),
    // Each message's own reply address, where the stack receives replies (REPLY_DOMAIN).
    ...(env.replyDomain
      ? { replies: { store: new ReplyStore(doc, env.tableName), domain: env.replyDomain } }
      : {}),
  }),
);
