// The decisions a clerk can make on review-queue entries, apart from the rules of which entry takes
// which (queue-actions.ts) so the request schema does not load those.

export const QUEUE_DECISIONS = ['approve', 'skip', 'done', 'dismiss'] as const;
export type QueueDecisionName = (typeof QUEUE_DECISIONS)[number];
