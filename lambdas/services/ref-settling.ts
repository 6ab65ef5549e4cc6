// When the references recorded on an account (recent-refs.ts) may go: once the byCustomer index shows
// what each one records, or once what it records no longer holds. Nothing here assumes how long the
// index takes to catch up; the daily run's recompute, which reads the index anyway, prunes them.
import type { TabName } from '../../core/ledger/schema.js';
import type { LedgerStore, StoredRow } from '../store/ledger-store.js';
import { type AccountGuard, decodeGone, decodeRef, ROW_ONLY } from '../store/recent-refs.js';
import { itemsNamed } from './applied-rows.js';

/** The entries a recompute removes from the account, and how many it keeps (the index still lags). */
export interface Settled {
  refs: string[];
  gone: string[];
  kept: number;
}

const keyOf = (tab: TabName, rowId: string) => `${tab}\u0000${rowId}`;

/**
 * Of an account's recorded entries, those settled given `indexRows` (the customer's rows as the index
 * answered). A reference (a row under the customer, naming an item or `ROW_ONLY`) is settled when the
 * table no longer holds it so (the row went, moved or names another item: the guards read candidates
 * consistently anyway) or when the index shows the row as the table holds it (same content hash). An
 * item recorded as gone is settled when the index no longer shows it under the customer, or shows it
 * as the table holds it (under the customer, same hash).
 * Reads the entries' rows from the table, consistently (one BatchGetItem per tab), and nothing when
 * the account records none.
 */
export async function settledEntries(
  store: LedgerStore,
  tenantId: string,
  customerId: string,
  indexRows: readonly StoredRow[],
  guard: AccountGuard,
): Promise<Settled> {
  if (guard.refs.length === 0 && guard.gone.length === 0) return { refs: [], gone: [], kept: 0 };
  const refs = guard.refs.map((e) => ({ entry: e, ...decodeRef(e) }));
  const gone = guard.gone.map((e) => ({ entry: e, ...decodeGone(e) }));
  const wanted = new Map<TabName, Set<string>>();
  for (const [tab, id] of [
    ...refs.map((r) => [r.tab, r.rowId] as const),
    ...gone.map((g) => [g.tab, g.itemId] as const),
  ])
    wanted.set(tab, (wanted.get(tab) ?? new Set()).add(id));
  const table = new Map<string, StoredRow>();
  for (const [tab, ids] of wanted)
    for (const r of await store.getRows(tenantId, tab, [...ids], true)) table.set(keyOf(r.tab, r.rowId), r);
  const indexed = new Map(indexRows.map((r) => [keyOf(r.tab, r.rowId), r]));
  const holds = (r: StoredRow | undefined, itemId: string) =>
    r !== undefined &&
    r.customerId === customerId &&
    (itemId === ROW_ONLY || itemsNamed(r.tab, r.fields).includes(itemId));
  const out: Settled = { refs: [], gone: [], kept: 0 };
  for (const r of refs) {
    const k = keyOf(r.tab, r.rowId);
    const now = table.get(k);
    const shown = indexed.get(k);
    if (!holds(now, r.itemId) || (holds(shown, r.itemId) && shown!.hash === now!.hash))
      out.refs.push(r.entry);
    else out.kept++;
  }
  for (const g of gone) {
    const k = keyOf(g.tab, g.itemId);
    const shown = indexed.get(k);
    const now = table.get(k);
    if (
      shown === undefined ||
      (now !== undefined && now.customerId === customerId && now.hash === shown.hash)
    )
      out.gone.push(g.entry);
    else out.kept++;
  }
  return out;
}
