// A credit-contact task of the review queue as its own view: the account (name, balance, overdue,
// oldest days past due per currency), the reason, and whom the notice went to, or why it waits.
import type { AccountSnapshot } from '../../core/collections/account-snapshot.js';
import { toDay } from '../../core/ledger/dates.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { OutboxEntry } from '../store/outbox-types.js';

export interface CreditTaskView {
  customerName: string;
  /** `hold`: the account reached a credit-hold stage; `release`: the hold is lifted. */
  notice: 'hold' | 'release';
  /** The internal action: `credit-hold`, `stop-service`, `return-of-goods`. */
  action: string;
  reason: string;
  rule?: string;
  accounts: { currency: string; balanceMinor: number; overdueMinor: number; oldestDaysPastDue: number }[];
}

/** The facts of one task from its entry and the customer's stored snapshot (as of `asOf`). */
export function creditTaskView(
  entry: OutboxEntry,
  snapshot: AccountSnapshot | undefined,
  asOf: string,
): CreditTaskView {
  const a = (entry.action ?? {}) as {
    internal?: string;
    action?: string;
    explanation?: { summary?: string; rule?: string };
  };
  const today = toDay(asOf);
  return {
    customerName: snapshot?.customer.name ?? entry.customerId,
    notice: a.internal === 'release' ? 'release' : 'hold',
    action: String(a.action ?? 'credit-hold'),
    reason: String(a.explanation?.summary ?? ''),
    ...(a.explanation?.rule ? { rule: a.explanation.rule } : {}),
    accounts: (snapshot?.accounts ?? []).map((acc) => {
      let overdueMinor = 0;
      let oldest = 0;
      for (const item of acc.items) {
        const late = today - toDay(item.dueDate);
        if (item.openMinor <= 0 || late <= 0) continue;
        overdueMinor += item.openMinor;
        oldest = Math.max(oldest, late);
      }
      return {
        currency: acc.currency,
        balanceMinor: acc.balanceMinor,
        overdueMinor,
        oldestDaysPastDue: oldest,
      };
    }),
  };
}

/** Adds each task's view, one snapshot read per task customer (tasks are few). */
export async function withCreditTaskViews<T extends { task?: object; customerId: string }>(
  items: T[],
  entries: readonly OutboxEntry[],
  store: Pick<LedgerStore, 'getAccount'>,
  asOf: string,
): Promise<T[]> {
  for (const [i, item] of items.entries()) {
    const entry = entries[i];
    if (!item.task || !entry) continue;
    const snapshot = (await store.getAccount(entry.tenantId, entry.customerId)) as
      | AccountSnapshot
      | undefined;
    (item.task as { credit?: CreditTaskView }).credit = creditTaskView(entry, snapshot, asOf);
  }
  return items;
}
