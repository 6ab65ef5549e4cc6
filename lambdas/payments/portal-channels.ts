// The review-queue channels of what a debtor did on the self-service page, apart from the page's
// code so the review queue can tell them without loading it.

/** Review-queue channels of what a debtor did on the page, or a Stripe payment the ledger could not take (never dispatched, never sent). */
export const PORTAL_CHANNELS = ['plan-request', 'promise', 'dispute', 'unmatched-payment'] as const;
export const isPortalChannel = (channel: string) => (PORTAL_CHANNELS as readonly string[]).includes(channel);
