// What the HTTP API is built from (lambdas/api/app.ts): the stores, sign-in, letters, the debtor's
// side, offices and sending, as the Lambda's handler.ts or a test wires them.
import type { StripeConfig } from '../payments/stripe-payments.js';
import type { IdTokenVerifier } from '../shared/id-token.js';
import type { LetterStorage } from '../shared/letter-storage.js';
import type { Mailer } from '../shared/mailer.js';
import type { DebtorStore } from '../store/debtor-store.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { OfficeRoutesDeps } from './office-routes.js';
import type { SendingRouteDeps } from './sending-routes.js';

export interface ApiDeps {
  store: LedgerStore;
  verifier: IdTokenVerifier;
  now: () => Date;
  unsubscribeSecret: string;
  /** Where appeal letters are kept (S3 in AWS, a folder locally). */
  letters: LetterStorage;
  /** As the sender has them: the review queue's previews are composed by the sender's render path. */
  senderAddress: string;
  publicBaseUrl: string;
  /** Extra links the API's root page shows (the local stack's web inbox); none in AWS. */
  rootLinks?: readonly { label: string; url: string }[];
  /** The debtor's side (self-service page, pay links, sheet write-back, tracking). */
  debtor?: DebtorStore;
  /** The deployment's Stripe account; absent: offices show their payment instructions instead. */
  stripe?: StripeConfig;
  /**
   * Offices, members, roles, API keys, audit and quotas (issue #17, office-routes.ts); absent: the
   * membership items alone decide (no onboarding, no quotas), as before.
   */
  offices?: Omit<OfficeRoutesDeps, 'store' | 'now'>;
  /** Sends a clerk's credit-hold release notice at once; absent, the next daily run sends it. */
  mailer?: Mailer;
  /** The office's sending domain, rates and pause (lambdas/api/sending-routes.ts); absent: those routes answer 404. */
  sending?: SendingRouteDeps;
}
