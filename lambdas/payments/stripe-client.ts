// Stripe's SDK loaded on first use: it is about 250 KB of the api bundle, which every cold start
// would otherwise parse although most requests (the add-on's sync, the queue) never reach Stripe.
import type Stripe from 'stripe';

/** A StripeConfig `client`: the SDK imported and the client made by the first call, then reused. */
export function lazyStripeClient(secretKey: string): () => Promise<Stripe> {
  let made: Promise<Stripe> | undefined;
  return () => {
    made ??= import('stripe').then(
      ({ default: StripeSdk }) => new StripeSdk(secretKey),
      (e: unknown) => {
        made = undefined; // a failed load is tried again by the next request
        throw e;
      },
    );
    return made;
  };
}
