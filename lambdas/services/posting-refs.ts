// What a posting reads before it writes: the account's version and recent references, the customer's
// rows (with items that just left the customer read again), and the references it writes back.
import type { TabName } from '../../core/ledger/schema.js';
import type { LedgerStore, StoredRow } from '../store/ledger-store.js';
import { decodeGone, encodeRef, ROW_ONLY } from '../store/recent-refs.js';
import { itemsNamed } from './applied-rows.js';

export interface PostingView {
  /** The account's version when read: the posting's transaction is conditioned on it. */
  expectedVersion: number | undefined;
  /** The customer's stored rows, without the posted row itself. */
  rows: StoredRow[];
  /** The account's recent references as the posting writes them: the still-recent ones and its own. */
  refs: string[];
  gone: string[];
}

/**
 * Reads what a posting is computed from. The account item first (an eventually consistent read: the
 * transaction's version condition refuses a stale one and the posting is redone), then the rows on
 * the byCustomer index. An item the row names that the account records as gone (a sync moved or
 * deleted it, and no recompute has seen the index show that yet) may still be on the index under this
 * customer, so it is read again from the table, consistently, and taken as it stands there.
 */
export async function postingView(
  store: LedgerStore,
  tenantId: string,
  tab: TabName,
  row: StoredRow,
  nowMs: number,
): Promise<PostingView> {
  const guard = await store.accountGuard(tenantId, row.customerId);
  let rows = (await store.customerRows(tenantId, row.customerId)).filter(
    (r) => !(r.tab === tab && r.rowId === row.rowId),
  );
  const named = itemsNamed(tab, row.fields);
  const gone = guard.gone;
  const left = gone.map(decodeGone).filter((g) => named.includes(g.itemId));
  if (left.length > 0) {
    const byTab = new Map<TabName, string[]>();
    for (const g of left) byTab.set(g.tab, [...(byTab.get(g.tab) ?? []), g.itemId]);
    for (const [at, ids] of byTab) {
      const now = await store.getRows(tenantId, at, ids, true);
      rows = [
        ...rows.filter((r) => !(r.tab === at && ids.includes(r.rowId))),
        ...now.filter((r) => r.customerId === row.customerId),
      ];
    }
  }
  const refs = [
    ...new Set([
      ...guard.refs,
      // The posted row enters the customer: recorded alone when it names no item (customer-rows-guard.ts).
      ...(named.length > 0 ? named : [ROW_ONLY]).map((itemId) =>
        encodeRef({ itemId, tab, rowId: row.rowId, at: nowMs }),
      ),
    ]),
  ];
  return { expectedVersion: guard.version, rows, refs, gone };
}
