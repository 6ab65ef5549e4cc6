// Rows stored against an invoice or a charge (a payment applied to it, an adjustment on it): a sync may not move the item to another customer or currency, or delete it, from under them.
import { formatMoney } from '../../core/ledger/money.js';
import { type TabName, tabDef } from '../../core/ledger/schema.js';
import type { RowFields } from '../../core/ledger/schema-rows.js';
import { TAB_REFERENCES } from '../../core/ledger/sync-order.js';
import type { KeepAnswer, LedgerStore, RowTakenAway } from '../store/ledger-store.js';
import { decodeRef } from '../store/recent-refs.js';

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
  Customers: 'customer',
  Promises: 'promise',
  Plans: 'plan',
  Claims: 'claim',
  Activity: 'activity row',
  'Contact Changes': 'contact change',
};

export const nounOf = (tab: TabName) => NOUN[tab] ?? tab.toLowerCase();
const names = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? (value as string[]) : [String(value)];
/** `a`, `a and b`, `a, b and c` */
export const listed = (parts: readonly string[]) =>
  parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;

/** The ids of items a row of `tab` names (a payment's `Applies To`, an adjustment's `Invoice ID`). */
export function itemsNamed(tab: TabName, fields: RowFields): string[] {
  const out = new Set<string>();
  for (const [, by] of APPLIED_BY)
    for (const b of by) if (b.tab === tab) for (const id of names(fields[b.key])) out.add(id);
  return [...out];
}

/**
 * The `keep` option of `LedgerStore.syncRows` for a tab other rows name, or undefined for any other
 * tab: of the rows the sync would move (another customer or currency) or delete, those a stored row
 * applies to stay as stored, each an error in `errors` naming the row (or the `deleted[i]` entry),
 * the field and every row applied to it ("invoice INV-7 has payment P-3 of USD 120.00 applied; move
 * or delete the payment first"). Rows applied to an item that the same sync deletes (`alsoDeleted`,
 * by tab) do not keep it: they are deleted with it, in one transaction.
 *
 * Exact, not eventually so: for each owner it first reads the account item consistently (its version
 * and the references of rows applied that the index may not show yet, which every writer of such a row
 * records there in the same transaction: recent-refs.ts), then the byCustomer index (one Query per owner and
 * naming tab, by sort-key prefix), then every candidate row again, consistently. The move or deletion
 * is written only if the owner's account version is still the one read (`ownerVersions`): a row
 * applied in between moved it, and the guard decides again. Only the rare row that moves or goes
 * costs these reads.
 */
export function appliedRowsGuard(
  store: LedgerStore,
  tenantId: string,
  tab: TabName,
  deleted: readonly string[],
  errors: AppliedRowError[],
  alsoDeleted: Partial<Record<TabName, readonly string[]>> = {},
): ((taken: RowTakenAway[]) => Promise<KeepAnswer>) | undefined {
  const appliedBy = APPLIED_BY.get(tab);
  if (!appliedBy) return undefined;
  const def = tabDef(tab);
  const idHeader = def.columns.find((c) => c.key === def.idKey)!.header;
  const keyIn = new Map(appliedBy.map((b) => [b.tab, b.key]));
  const goingToo = new Map(Object.entries(alsoDeleted).map(([t, ids]) => [t, new Set(ids)]));
  return async (taken) => {
    const kept = new Set<string>();
    const ownerVersions = new Map<string, number | undefined>();
    const alsoDelete = new Map<string, { tab: TabName; rowId: string }[]>();
    const owners = [...new Set(taken.map((t) => t.before.customerId))];
    const wanted = new Set(taken.map((t) => t.rowId));
    /** Candidate rows naming a wanted item, by tab: from the recent references and from the index. */
    const candidates = new Map<TabName, Set<string>>();
    const add = (at: TabName, rowId: string) =>
      candidates.set(at, (candidates.get(at) ?? new Set()).add(rowId));
    for (const customerId of owners) {
      const guard = await store.accountGuard(tenantId, customerId, true);
      ownerVersions.set(customerId, guard.version);
      for (const ref of guard.refs.map(decodeRef))
        if (wanted.has(ref.itemId) && keyIn.has(ref.tab)) add(ref.tab, ref.rowId);
      for (const by of appliedBy)
        for (const r of await store.customerTabRows(tenantId, customerId, by.tab))
          if (names(r.fields[by.key]).some((id) => wanted.has(id))) add(by.tab, r.rowId);
    }
    /** Item id -> the rows naming it as they stand now (consistent reads), in the order found. */
    const applied = new Map<string, { tab: TabName; id: string; money: string }[]>();
    for (const [at, ids] of candidates)
      for (const r of await store.getRows(tenantId, at, [...ids], true))
        for (const itemId of new Set(names(r.fields[keyIn.get(at)!]))) {
          if (!wanted.has(itemId) || (at === tab && r.rowId === itemId)) continue;
          const money = formatMoney(r.fields.amountMinor as number, r.fields.currency as string);
          applied.set(itemId, [...(applied.get(itemId) ?? []), { tab: at, id: r.rowId, money }]);
        }
    for (const t of taken) {
      const all = applied.get(t.rowId);
      if (!all) continue;
      const rows = all.filter((r) => !goingToo.get(r.tab)?.has(r.id));
      if (rows.length === 0) {
        // Every row applied to it goes in the same sync: they go together, atomically.
        alsoDelete.set(
          t.rowId,
          all.map((r) => ({ tab: r.tab, rowId: r.id })),
        );
        continue;
      }
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
    return { kept, ownerVersions, alsoDelete };
  };
}
