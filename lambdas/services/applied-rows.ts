// Rows stored against an invoice or a charge (a payment applied to it, an adjustment on it): a sync may not move the item to another customer or currency, or delete it, from under them.
import { formatMoney } from '../../core/ledger/money.js';
import { type TabName, tabDef } from '../../core/ledger/schema.js';
import { TAB_REFERENCES } from '../../core/ledger/sync-order.js';
import type { LedgerStore, RowTakenAway } from '../store/ledger-store.js';

/** A sync row error (see `RowError` in ledger-service.ts); `field` names a `deleted[i]` entry. */
export interface AppliedRowError {
  row: number;
  id: string;
  field?: string;
  column: string;
  code: string;
  message: string;
}

/** A column of one tab that names rows of another: the reverse of core's `TAB_REFERENCES`. */
interface AppliedBy {
  tab: TabName;
  key: string;
}

const keyOf = (tab: TabName, header: string) => tabDef(tab).columns.find((c) => c.header === header)!.key;

/**
 * For each tab whose rows other rows name (Invoices, Adjustments), the tabs and columns naming them,
 * from the table core's cross-tab rules check (a payment's `Applies To`, an adjustment's `Invoice ID`).
 */
export const APPLIED_BY: ReadonlyMap<TabName, readonly AppliedBy[]> = (() => {
  const out = new Map<TabName, AppliedBy[]>();
  for (const ref of TAB_REFERENCES) {
    if (ref.column === 'Customer ID') continue;
    for (const to of ref.to)
      out.set(to, [...(out.get(to) ?? []), { tab: ref.from, key: keyOf(ref.from, ref.column) }]);
  }
  return out;
})();

/** How a message names a row of each tab. */
const NOUN: Readonly<Partial<Record<TabName, string>>> = {
  Invoices: 'invoice',
  Adjustments: 'adjustment',
  Payments: 'payment',
};

const nounOf = (tab: TabName) => NOUN[tab] ?? tab.toLowerCase();
const names = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? (value as string[]) : [String(value)];
/** `a`, `a and b`, `a, b and c` */
const listed = (parts: readonly string[]) =>
  parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;

/**
 * The `keep` option of `LedgerStore.syncRows` for a tab other rows name, or undefined for any other
 * tab: of the rows the sync would move (another customer or currency) or delete, those a stored row
 * applies to stay as stored, each an error in `errors` naming the row (or the `deleted[i]` entry),
 * the field and every row applied to it ("invoice INV-7 has payment P-3 of USD 120.00 applied; move
 * or delete the payment first").
 *
 * The rows applied to an item are its owner's (core's rules refuse a payment or adjustment naming
 * another customer's item), so they are found with one Query per owner and naming tab on the
 * byCustomer index's sort-key prefix (`Payments#`), and only for the rare row that moves or goes:
 * an item rewritten in place costs no read beyond the hash read the sync does anyway, and nothing
 * is added to a posting's or a payment sync's writes.
 */
export function appliedRowsGuard(
  store: LedgerStore,
  tenantId: string,
  tab: TabName,
  deleted: readonly string[],
  errors: AppliedRowError[],
): ((taken: RowTakenAway[]) => Promise<ReadonlySet<string>>) | undefined {
  const appliedBy = APPLIED_BY.get(tab);
  if (!appliedBy) return undefined;
  const def = tabDef(tab);
  const idHeader = def.columns.find((c) => c.key === def.idKey)!.header;
  return async (taken) => {
    const kept = new Set<string>();
    const owners = [...new Set(taken.map((t) => t.before.customerId))];
    /** Item id -> the rows naming it, in the order found. */
    const applied = new Map<string, { tab: TabName; id: string; money: string }[]>();
    const wanted = new Set(taken.map((t) => t.rowId));
    for (const customerId of owners)
      for (const by of appliedBy)
        for (const r of await store.customerTabRows(tenantId, customerId, by.tab))
          for (const itemId of new Set(names(r.fields[by.key]))) {
            if (!wanted.has(itemId) || (by.tab === tab && r.rowId === itemId)) continue;
            const money = formatMoney(r.fields.amountMinor as number, r.fields.currency as string);
            applied.set(itemId, [...(applied.get(itemId) ?? []), { tab: by.tab, id: r.rowId, money }]);
          }
    for (const t of taken) {
      const rows = applied.get(t.rowId);
      if (!rows) continue;
      kept.add(t.rowId);
      const tabs = [...new Set(rows.map((r) => r.tab))];
      const groups = tabs.map((at) => {
        const these = rows.filter((r) => r.tab === at);
        return `${nounOf(at)}${these.length > 1 ? 's' : ''} ${listed(these.map((r) => `${r.id} of ${r.money}`))}`;
      });
      const which = tabs.length > 1 ? 'them' : `the ${nounOf(tabs[0]!)}${rows.length > 1 ? 's' : ''}`;
      const message = `${nounOf(tab)} ${t.rowId} has ${listed(groups)} applied; move or delete ${which} first`;
      if (t.sent) {
        const column = t.sent.customerId !== t.before.customerId ? 'Customer ID' : 'Currency';
        errors.push({ row: t.sent.row, id: t.rowId, column, code: 'SYNC.ITEM_APPLIED', message });
      } else {
        const field = `deleted[${deleted.indexOf(t.rowId)}]`;
        errors.push({ row: 0, id: t.rowId, field, column: idHeader, code: 'SYNC.ITEM_APPLIED', message });
      }
    }
    return kept;
  };
}
