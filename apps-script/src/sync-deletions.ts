// Which rows of each tab a sync deletes, worked out before any tab is sent, so an invoice's chunk can
// name the payments deleted with it (and a customer's every row deleted with it): `alsoDeleted`.
import type { TabName } from '../../core/ledger/schema.js';
import { TAB_REFERENCES } from '../../core/ledger/sync-order.js';
import type { LedgerTab } from './sheets/ledger-tab.js';

/** Row key -> the id and hash the last sync stored (the add-on's hash store, per tab). */
type Known = ReadonlyMap<string, { id: string; hash: string }>;

/**
 * The ids each tab's sync will delete: ids the last sync knew whose row key is gone from the sheet,
 * or whose row now holds another id (renamed), and that no row of the tab holds now.
 */
export function pendingDeletions(
  tabs: ReadonlyMap<TabName, LedgerTab>,
  store: ReadonlyMap<string, Known>,
): Map<TabName, string[]> {
  const out = new Map<TabName, string[]>();
  for (const [name, tab] of tabs) {
    const known = store.get(name);
    if (!known || known.size === 0) continue;
    const idCol = tab.index.get(tab.def.idKey) ?? -1;
    const idOfKey = new Map<string, string>();
    const ids = new Set<string>();
    for (let r = 1; r < tab.values.length; r++) {
      const row = tab.values[r]!;
      const id = idCol >= 0 ? String(row[idCol] ?? '').trim() : '';
      if (id) ids.add(id);
      const key = String(row[tab.rowKeyCol] ?? '').trim();
      if (key) idOfKey.set(key, id);
    }
    const deleted = new Set<string>();
    for (const [key, synced] of known) {
      const now = idOfKey.get(key);
      if ((now === undefined || now !== synced.id) && synced.id && !ids.has(synced.id))
        deleted.add(synced.id);
    }
    if (deleted.size > 0) out.set(name, [...deleted]);
  }
  return out;
}

/** For a tab's chunk: the deletions of the tabs whose rows name its rows (Payments for Invoices). */
export function alsoDeletedFor(
  tab: TabName,
  deletions: ReadonlyMap<TabName, readonly string[]>,
): Partial<Record<TabName, string[]>> | undefined {
  const out: Partial<Record<TabName, string[]>> = {};
  for (const ref of TAB_REFERENCES) {
    const ids = deletions.get(ref.from);
    if (ref.to.includes(tab) && ids && ids.length > 0) out[ref.from] = [...ids];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
