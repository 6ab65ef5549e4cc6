// The dispatch: queues every planned email whose moment has come, re-queues those whose queue
// message was lost, and moves sends SES never confirmed to the review queue. Runs hourly for each
// office; apart from daily-run.ts (the plan) so the office worker's many dispatch jobs load only
// this and the store, and the plan's code loads with the first plan job (office-run.ts).

import type { LedgerStore } from '../store/ledger-store.js';
import { reviewIndex } from '../store/outbox-types.js';
import type { SendMessage } from './send-message.js';

/** A queued entry no sender has taken after this long is queued again (its queue message was lost). */
export const REQUEUE_AFTER_MS = 15 * 60_000;
/**
 * A claimed send SES has not confirmed after this long goes to the review queue as "may have been
 * sent": longer than the SES Send event takes to arrive, and never resent without a clerk.
 */
export const UNCONFIRMED_AFTER_MS = 30 * 60_000;

export interface DispatchResult {
  /** Planned entries put on the send queue. */
  queued: number;
  /** Queued entries put on the queue again because no sender took them. */
  requeued: number;
  /** Unconfirmed sends moved to the review queue. */
  unconfirmed: number;
}

/**
 * Queues every email whose moment has come. Runs after the daily plan and then hourly (and after
 * any downtime: it takes everything overdue), so a debtor in another zone hears from us in their
 * morning, not ours; the sender checks the window again at the instant of sending. Nothing is
 * stranded: a queued entry whose queue message was lost is queued again, and a send SES never
 * confirmed goes to the review queue with the facts.
 */
export async function dispatchDue(
  tenantId: string,
  now: Date,
  deps: { store: LedgerStore; enqueue: (message: SendMessage) => Promise<void> },
): Promise<DispatchResult> {
  const result: DispatchResult = { queued: 0, requeued: 0, unconfirmed: 0 };
  const nowMs = now.getTime();
  for (const e of await deps.store.dueForDispatch(tenantId, now)) {
    const key = { tenantId, customerId: e.customerId, stage: e.stage, channel: e.channel, cycle: e.cycle };
    if (e.status === 'planned') {
      // Enqueue first, then mark: a crash in between re-queues it next time, and the sender's
      // claim lets only one copy through.
      await deps.enqueue(key);
      if (await deps.store.transitionOutbox(key, ['planned'], 'queued', { queuedAt: now.toISOString() }))
        result.queued++;
    } else if (e.status === 'queued') {
      if (nowMs - Date.parse(e.queuedAt ?? e.notBefore) < REQUEUE_AFTER_MS) continue;
      await deps.enqueue(key);
      if (await deps.store.transitionOutbox(key, ['queued'], 'queued', { queuedAt: now.toISOString() }))
        result.requeued++;
    } else if (e.status === 'sending') {
      const claimedAt = Date.parse(e.claimedAt ?? e.notBefore);
      if (nowMs - claimedAt < UNCONFIRMED_AFTER_MS) continue;
      const moved = await deps.store.transitionOutbox(key, ['sending'], 'uncertain', {
        reason:
          `may have been sent: handed to SES at ${e.claimedAt ?? 'an unknown time'} ` +
          `(attempt ${e.attempts ?? 1}) and never confirmed; check the recipient's copy before sending again`,
        rule: 'delivery/unconfirmed',
        ...reviewIndex(key, e.plannedOn),
      });
      if (moved) result.unconfirmed++;
    }
  }
  return result;
}
