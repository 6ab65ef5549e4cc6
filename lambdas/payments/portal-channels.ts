// The review-queue channels a debtor's page (debtor-routes.ts) writes: apart, so the API's queue
// routes tell them without loading the page's routes.

/** Review-queue channels of what a debtor did on the page, or a Stripe payment the ledger could not take (never dispatched, never sent). */
export const PORTAL_CHANNELS = ['plan-request', 'promise', 'dispute', 'unmatched-payment'] as const;
export const isPortalChannel = (channel: string) => (PORTAL_CHANNELS as readonly string[]).includes(channel);
