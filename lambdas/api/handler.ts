// Lambda entry for the HTTP API: wiring only.

import { lazyStripeClient } from '../payments/stripe-client.js';
import { createIdTokenVerifier } from '../shared/id-token.js';
import { letters } from '../shared/letters-runtime.js';
import { createSesMailer } from '../shared/mailer.js';
import { readOfficeOptions } from '../shared/office-config.js';
import { doc, env, store } from '../shared/runtime-ledger.js';
import { sesOnFirstUse as ses } from '../shared/runtime-mail.js';
import { stripeKeys, unsubscribeSecret } from '../shared/runtime-secrets.js';
import { withMappedStacks } from '../shared/stack-map.js';
import { DebtorStore } from '../store/debtor-store.js';
import { MailStandingStore } from '../store/mail-standing-store.js';
import { MemberStore } from '../store/member-store.js';
import { QuotaStore } from '../store/quota-store.js';
import { createApiHandler } from './app.js';

const keys = await stripeKeys();

export const handler = withMappedStacks(
  createApiHandler({
    store,
    verifier: createIdTokenVerifier({ jwksUrl: env.jwksUrl, audiences: env.audiences }),
    now: () => new Date(),
    letters,
    senderAddress: env.senderAddress,
    publicBaseUrl: env.publicBaseUrl,
    // Top-level await: read once per cold start, before the first event.
    unsubscribeSecret: await unsubscribeSecret(),
    debtor: new DebtorStore(doc, env.tableName),
    // A clerk's credit-hold release tells the office's credit contact at once (internal mail only).
    mailer: createSesMailer(ses, env.sesConfigurationSet),
    offices: {
      members: new MemberStore(doc, env.tableName),
      quotas: new QuotaStore(doc, env.tableName),
      options: readOfficeOptions(process.env),
    },
    ...(keys
      ? { stripe: { client: lazyStripeClient(keys.secretKey), webhookSecret: keys.webhookSecret } }
      : {}),
    sending: {
      ses,
      standing: new MailStandingStore(doc, env.tableName),
      configurationSet: env.sesConfigurationSet,
      senderAddress: env.senderAddress,
    },
  }),
);
