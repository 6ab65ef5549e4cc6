// What happens to a ledger row Duebook writes itself when the office is at its rows quota (issue #17):
// one rule per writer, as a table; money received and contacts that happened are always kept.
import type { TabName } from '../../core/ledger/schema.js';
import { ApiError } from '../api/errors.js';

/** What a writer does with its row once the office stores as many rows as its quota allows. */
export type AtRowLimit =
  /** Stored and counted past the limit (the office's next sync chunk that adds rows is refused). */
  | 'store'
  /** Not stored; what the debtor asked for goes to the review queue, marked not recorded. */
  | 'review'
  /** Not stored; the same words are in the review queue entry of the action it notes. */
  | 'skip'
  /** Not stored; the one who asked is told why (the debtor on the page, the clerk with 403 QUOTA.ROWS). */
  | 'refuse';

export const BACKEND_ROW_RULES = [
  {
    writer: 'stripe-payment',
    tab: 'Payments',
    atLimit: 'store',
    why: 'money received is recorded whatever the quota: refusing the row would lose a payment',
  },
  {
    writer: 'contact-activity',
    tab: 'Activity',
    atLimit: 'store',
    why: 'an email sent, a reply received, a hand-over or a notice is a contact that happened and must be on record; these rows are bounded by the emails-per-day quota',
  },
  {
    writer: 'portal-promise',
    tab: 'Promises',
    atLimit: 'review',
    why: "the debtor's promise is kept in the review queue for the clerk to record, never lost; the debtor is told the office will confirm it",
  },
  {
    writer: 'portal-note',
    tab: 'Activity',
    atLimit: 'skip',
    why: "the note of the debtor's promise, plan request or dispute: its review queue entry carries the same words",
  },
  {
    writer: 'portal-contact-change',
    tab: 'Contact Changes',
    atLimit: 'refuse',
    why: 'the debtor is asked to tell the office the new phone or address directly; nothing is stored',
  },
  {
    writer: 'plan-approval',
    tab: 'Plans',
    atLimit: 'refuse',
    why: 'the clerk approving a plan request gets 403 QUOTA.ROWS and the request stays in the review queue',
  },
] as const satisfies readonly { writer: string; tab: TabName; atLimit: AtRowLimit; why: string }[];

export type BackendRowWriter = (typeof BACKEND_ROW_RULES)[number]['writer'];

/** Whether `adding` more rows fit the office's quota (`limit` 0: no quota). */
export type RowsRoom = (
  tenantId: string,
  adding: number,
) => Promise<{ ok: true } | { ok: false; limit: number; stored: number }>;

/**
 * What `writer` does with one new row of `tenantId` now: `'store'` while the row fits the quota
 * (or there is none), else its rule's `atLimit`, with the figures for the message.
 */
export async function rowDecision(
  rowsRoom: RowsRoom | undefined,
  tenantId: string,
  writer: BackendRowWriter,
): Promise<{ action: AtRowLimit; limit?: number; stored?: number }> {
  const rule = BACKEND_ROW_RULES.find((r) => r.writer === writer)!;
  if (rule.atLimit === 'store' || !rowsRoom) return { action: 'store' };
  const room = await rowsRoom(tenantId, 1);
  return room.ok ? { action: 'store' } : { action: rule.atLimit, limit: room.limit, stored: room.stored };
}

/** Throws `QUOTA.ROWS` (403) when `writer`'s row would not fit and its rule is to refuse; nothing is stored then. */
export async function refuseAtRowLimit(
  rowsRoom: RowsRoom | undefined,
  tenantId: string,
  writer: BackendRowWriter,
): Promise<void> {
  const decision = await rowDecision(rowsRoom, tenantId, writer);
  if (decision.action !== 'refuse') return;
  const rule = BACKEND_ROW_RULES.find((r) => r.writer === writer)!;
  throw new ApiError(
    'QUOTA.ROWS',
    `nothing stored: this office stores ${decision.stored} rows of its quota of ${decision.limit}, and this would add a ${rule.tab} row; delete old rows or ask the operator for a higher quota`,
    { limit: decision.limit, stored: decision.stored },
  );
}
