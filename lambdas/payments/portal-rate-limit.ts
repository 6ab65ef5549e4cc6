// The debtor page's rate limit: how many actions (promise, plan request, dispute, contact change)
// one link and one customer may send per window, counted in DynamoDB across Lambda instances.
import { createHash } from 'node:crypto';
import type { PortalClaim } from '../shared/portal-token.js';
import type { DebtorStore } from '../store/debtor-store.js';

/** One limit: what it counts, how many actions, over how long. */
export interface PortalActionLimit {
  per: 'link' | 'customer';
  actions: number;
  windowSeconds: number;
}

/**
 * The limits, as data. A person fixing a typo sends a few actions; a script trying dates or filling
 * the office's review queue sends many. Per customer is above per link: one customer may hold the
 * links of several emails.
 */
export const PORTAL_ACTION_LIMITS: readonly PortalActionLimit[] = [
  { per: 'link', actions: 10, windowSeconds: 3600 },
  { per: 'customer', actions: 20, windowSeconds: 3600 },
];

/** Whether the action may go ahead; when not, the seconds until the window that refused it ends. */
export type RateOutcome = { ok: true } | { ok: false; retryAfterSeconds: number; limit: PortalActionLimit };

/** The counter key of a limit: the link by a hash of its token, the customer by tenant and id. */
function counterKey(limit: PortalActionLimit, claim: PortalClaim, token: string): string {
  if (limit.per === 'link')
    return `portal-link#${createHash('sha256').update(token).digest('base64url').slice(0, 32)}`;
  return `portal-customer#${claim.tenantId}#${claim.customerId}`;
}

/** Counts one page action against every limit (fixed windows aligned to the epoch). */
export async function takePortalAction(
  debtor: Pick<DebtorStore, 'countAction'>,
  claim: PortalClaim,
  token: string,
  nowMs: number,
  limits: readonly PortalActionLimit[] = PORTAL_ACTION_LIMITS,
): Promise<RateOutcome> {
  const counters = limits.map((limit) => {
    const windowMs = limit.windowSeconds * 1000;
    return {
      key: counterKey(limit, claim, token),
      limit: limit.actions,
      windowEnd: Math.floor(nowMs / windowMs) * windowMs + windowMs,
    };
  });
  const counted = await debtor.countAction(counters);
  if (counted.ok) return { ok: true };
  const at = Math.max(...counted.full.map((i) => counters[i]!.windowEnd));
  const limit = limits[counted.full[0]!]!;
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((at - nowMs) / 1000)), limit };
}

/** The page's plain words for a refused action. */
export function tooManyActionsText(outcome: Extract<RateOutcome, { ok: false }>): string {
  const minutes = Math.max(1, Math.ceil(outcome.retryAfterSeconds / 60));
  const who = outcome.limit.per === 'link' ? 'from this link' : 'for this account';
  return `Too many changes were sent ${who} in a short time (at most ${outcome.limit.actions} an hour). Please try again in about ${minutes} minute${minutes === 1 ? '' : 's'}, or call the office.`;
}
