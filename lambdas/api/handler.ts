// Lambda entry for the HTTP API: wiring only.

import { lazyStripeClient } from '../payments/stripe-client.js';
import { createIdTokenVerifier, type IdTokenVerifier } from '../shared/id-token.js';
import { letters } from '../shared/letters-runtime.js';
import { createSesMailer } from '../shared/mailer.js';
import { readOfficeOptions } from '../shared/office-config.js';
import { doc, env, store } from '../shared/runtime-ledger.js';
import { ses } from '../shared/runtime-mail.js';
import { stripeKeys, unsubscribeSecret } from '../shared/runtime-secrets.js';
import { DebtorStore } from '../store/debtor-store.js';
import { MailStandingStore } from '../store/mail-standing-store.js';
import { MemberStore } from '../store/member-store.js';
import { QuotaStore } from '../store/quota-store.js';
import { createApiHandler } from './app.js';

const keys = await stripeKeys();

// jose's remote key set makes a fetch `Headers` when it is created, which loads Node's fetch
// (undici: about 30 ms of CPU): made by the first request with a Google ID token (which fetches
// the keys anyway), so a cold start for an API key, a debtor's page or a webhook does not pay it.
// Its options are checked here as before, so a bad JWKS URL or no audience still fails the start.
if (env.audiences.length === 0) throw new Error('createIdTokenVerifier needs at least one audience');
new URL(env.jwksUrl);
let googleVerifier: IdTokenVerifier | undefined;
const verifier: IdTokenVerifier = {
  verify: (authorization, now) =>
    (googleVerifier ??= createIdTokenVerifier({ jwksUrl: env.jwksUrl, audiences: env.audiences })).verify(
      authorization,
      now,
    ),
};

export const handler = createApiHandler({
  store,
  verifier,
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
});
