// A customer deleted from the ledger while rows of other tabs still name it (invoices, payments,
// promises, ...) stays as stored: the deletion is that entry's error, naming what still refers to it.
import { formatMoney } from '../../core/ledger/money.js';
import type { TabName } from '../../core/ledger/schema.js';
import type {
  KeepAnswer,
  LedgerStore,
  RowSyncResult,
  RowTakenAway,
  StoredRow,
} from '../store/ledger-store.js';
import { decodeRef } from '../store/recent-refs.js';
import type { AppliedRowError } from './applied-rows.js';
import { listed, nounOf } from './applied-rows.js';

/** Rows deleted with their customer in one transaction, at most (DynamoDB's limit is 100 items). */
const MAX_DELETED_WITH = 98;

/** Rows named in a message, at most; the rest are counted. */
const MAX_NAMED = 6;

/** How a row is named in the message: its id, with the amount where it has one. */
function describe(r: StoredRow): string {
  const amount = r.fields.amountMinor;
  const currency = r.fields.currency;
  return typeof amount === 'number' && typeof currency === 'string'
    ? `${r.rowId} of ${formatMoney(amount, currency)}`
    : r.rowId;
}

/**
 * The `keep` option of `LedgerStore.syncRows` for the Customers tab: a customer named in `deleted`
 * whose rows of other tabs are still stored stays, with an error on its `deleted[i]` entry listing
 * them by tab ("customer C-1 still has invoices I-1 of USD 300.00 and I-2 of USD 50.00 and payment
 * P-3 of USD 120.00; delete or move them first"). When every such row is deleted by the same sync
 * too (`alsoDeleted`, by tab), they are deleted with the customer, in one transaction.
 *
 * Exact while the byCustomer index lags: see `rowsOfNow`. The deletion is then written conditioned on
 * the customer's account version that read saw, like a guarded invoice: a row entering the customer
 * since moved it, and the guard decides again.
 */
export function customerRowsGuard(
  store: LedgerStore,
  tenantId: string,
  deleted: readonly string[],
  errors: AppliedRowError[],
  alsoDeleted: Partial<Record<TabName, readonly string[]>> = {},
): (taken: RowTakenAway[]) => Promise<KeepAnswer> {
  const goingToo = new Map(Object.entries(alsoDeleted).map(([t, ids]) => [t, new Set(ids)]));
  return async (taken) => {
    const kept = new Set<string>();
    const ownerVersions = new Map<string, number | undefined>();
    const alsoDelete = new Map<string, { tab: TabName; rowId: string }[]>();
    for (const t of taken) {
      if (t.sent) continue;
      const customerId = t.rowId;
      const rows = await rowsOfNow(store, tenantId, customerId, ownerVersions);
      if (rows.length === 0) continue;
      const staying = rows.filter((r) => !goingToo.get(r.tab)?.has(r.rowId));
      if (staying.length === 0 && rows.length <= MAX_DELETED_WITH) {
        alsoDelete.set(
          customerId,
          rows.map((r) => ({ tab: r.tab, rowId: r.rowId })),
        );
        continue;
      }
      kept.add(customerId);
      const shown = staying.length > 0 ? staying : rows;
      const tabs = [...new Set(shown.map((r) => r.tab))];
      const groups = tabs.map((tab) => {
        const these = shown.filter((r) => r.tab === tab);
        const named = these.slice(0, MAX_NAMED).map(describe);
        if (these.length > MAX_NAMED) named.push(`${these.length - MAX_NAMED} more`);
        return `${nounOf(tab)}${these.length > 1 ? 's' : ''} ${listed(named)}`;
      });
      const why =
        staying.length > 0
          ? `delete or move ${shown.length > 1 ? 'them' : 'it'} first`
          : `more than ${MAX_DELETED_WITH} rows go with it: delete them in an earlier sync first`;
      errors.push({
        row: 0,
        id: customerId,
        field: `deleted[${deleted.indexOf(customerId)}]`,
        column: 'Customer ID',
        code: 'SYNC.CUSTOMER_IN_USE',
        message: `customer ${customerId} still has ${listed(groups)}; ${why}`,
      });
    }
    return { kept, ownerVersions, alsoDelete };
  };
}

/**
 * The rows of other tabs stored under a customer now: the account item first, read consistently (its
 * version, kept in `versions`, and the rows recorded on it as they entered the customer, which the
 * index may not show yet: recent-refs.ts), then the byCustomer index, then every candidate again,
 * consistently, keeping those still the customer's (the index may also show rows gone since).
 */
async function rowsOfNow(
  store: LedgerStore,
  tenantId: string,
  customerId: string,
  versions: Map<string, number | undefined>,
): Promise<StoredRow[]> {
  const guard = await store.accountGuard(tenantId, customerId, true);
  versions.set(customerId, guard.version);
  const candidates = new Map<TabName, Set<string>>();
  const add = (tab: TabName, rowId: string) => {
    if (tab !== 'Customers') candidates.set(tab, (candidates.get(tab) ?? new Set()).add(rowId));
  };
  for (const ref of guard.refs.map(decodeRef)) add(ref.tab, ref.rowId);
  for (const r of await store.customerRows(tenantId, customerId)) add(r.tab, r.rowId);
  const out: StoredRow[] = [];
  for (const [tab, ids] of candidates)
    for (const r of await store.getRows(tenantId, tab, [...ids], true))
      if (r.customerId === customerId) out.push(r);
  // In the index's order (tab, then id), as the message lists them.
  const order = (r: StoredRow) => `${r.tab}#${r.rowId}`;
  return out.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/**
 * Row errors for the rows a sync's store did not keep: a row naming an item that a concurrent sync moved
 * or deleted (`refused`), and a row written for a customer deleted while the sync ran (`orphaned`,
 * entered-rows.ts). `rowOf` gives each id's sheet row.
 */
export function storeRefusals(
  tab: TabName,
  stored: Pick<RowSyncResult, 'refused' | 'orphaned'>,
  rowOf: ReadonlyMap<string, number>,
): AppliedRowError[] {
  const column = tab === 'Payments' ? 'Applies To' : 'Invoice ID';
  return [
    ...(stored.refused ?? []).map((r) => ({
      row: rowOf.get(r.rowId) ?? 0,
      id: r.rowId,
      column,
      code: 'SCHEMA.INVOICE_MISMATCH',
      message: `"${r.itemId}" has just been moved to another customer or currency, or deleted; check it and sync again`,
    })),
    ...(stored.orphaned ?? []).map((r) => ({
      row: rowOf.get(r.rowId) ?? 0,
      id: r.rowId,
      column: 'Customer ID',
      code: 'SCHEMA.CUSTOMER_UNKNOWN',
      message: `customer "${r.customerId}" was deleted while this row was synced; sync the customer again first`,
    })),
  ];
}
