// Which decisions each kind of review-queue entry takes: credit-contact tasks are done or dismissed,
// everything else approved or skipped; any other pairing is refused before anything changes.
import { isInternalChannel } from '../services/credit-holds.js';
import { ApiError } from './errors.js';

import type { QueueDecisionName } from './queue-decisions.js';

export { QUEUE_DECISIONS, type QueueDecisionName } from './queue-decisions.js';

/** The kinds of entry a decision can name, first match wins: a table, not an if-chain. */
export const QUEUE_ACTION_RULES: readonly {
  kind: string;
  matches: (channel: string) => boolean;
  actions: readonly QueueDecisionName[];
}[] = [
  // An internal notice to the office's credit contact: nothing to send, only to acknowledge.
  { kind: 'a credit-contact task', matches: isInternalChannel, actions: ['done', 'dismiss'] },
  // Emails, letters, hand-overs and the debtor's requests from the self-service page.
  { kind: 'a message or request', matches: () => true, actions: ['approve', 'skip'] },
];

const quoted = (actions: readonly string[]) => actions.map((a) => `"${a}"`).join(' or ');

/** The rule an entry's channel falls under. */
export function queueActionRule(channel: string) {
  return QUEUE_ACTION_RULES.find((r) => r.matches(channel))!;
}

/**
 * Throws `REQUEST.ACTION_NOT_ALLOWED` (400) naming the action, the entry and the actions it takes
 * when any entry of a decision does not take that action; called before any entry is changed.
 */
export function checkQueueActions(
  decision: QueueDecisionName,
  entries: readonly { customerId: string; channel: string }[],
): void {
  const problems: { field: string; message: string }[] = [];
  for (const [i, e] of entries.entries()) {
    const rule = queueActionRule(e.channel);
    if (rule.actions.includes(decision)) continue;
    const holder = QUEUE_ACTION_RULES.find((r) => r.actions.includes(decision))!;
    const message =
      holder.kind === 'a credit-contact task'
        ? `"${decision}" is only for credit-contact tasks (channel internal:...); ${e.customerId}'s entry is on channel ${e.channel}: use ${quoted(rule.actions)}`
        : `"${decision}" is not an action on ${rule.kind} (${e.customerId}, ${e.channel}): use ${quoted(rule.actions)}`;
    problems.push({ field: `entries.${i}`, message });
  }
  if (problems.length === 0) return;
  const more =
    problems.length > 1
      ? ` (and ${problems.length - 1} more entries; nothing was changed)`
      : '; nothing was changed';
  throw new ApiError('REQUEST.ACTION_NOT_ALLOWED', `${problems[0]!.message}${more}`, problems);
}
