// Rows the backend wrote that the sheet does not have yet (a card payment through Stripe, a debtor's
// promise, dispute or contact change from the self-service page; GET /v1/sheet-rows): written into
// the tabs at the start of a sync, in memory and in the sheet (one setValues per tab for new rows,
// one per changed row), so the same sync sends them back and the sheet stays the source of truth.
import type { TabName } from '../../core/ledger/schema.js';
import type { ApiClient } from './api-client.js';
import { safeCell } from './cells.js';
import type { LedgerTab } from './sheets/ledger-tab.js';

export interface BackendRow {
  tab: TabName;
  rowId: string;
  change: 'new' | 'changed';
  cells: Record<string, unknown>;
}

export interface BackendRowsResult {
  /** Rows now in the sheet (written, or already there), to acknowledge once the sync is done. */
  written: { tab: TabName; rowId: string }[];
  /** Rows that could not be placed (no such tab, a changed row the sheet does not have). */
  skipped: string[];
}

/** The backend's waiting rows; none when the backend does not know the route (an older API). */
export function fetchBackendRows(api: ApiClient): BackendRow[] {
  const answer = api.one({ method: 'get', path: '/v1/sheet-rows' });
  if (answer.status < 200 || answer.status >= 300) return [];
  const rows = answer.body.rows;
  return Array.isArray(rows) ? (rows as BackendRow[]) : [];
}

type Cell = string | number | boolean | Date;

/** Writes the rows into their tabs; the sync that follows gives appended rows their row keys. */
export function writeBackendRows(
  tabs: Map<TabName, LedgerTab>,
  rows: readonly BackendRow[],
): BackendRowsResult {
  const result: BackendRowsResult = { written: [], skipped: [] };
  const byTab = new Map<TabName, BackendRow[]>();
  for (const r of rows) byTab.set(r.tab, [...(byTab.get(r.tab) ?? []), r]);
  for (const [name, list] of byTab) {
    const tab = tabs.get(name);
    const idAt = tab?.index.get(tab.def.idKey) ?? -1;
    if (!tab || idAt < 0) {
      result.skipped.push(...list.map((r) => `${name} ${r.rowId}: no ${name} tab with its id column`));
      continue;
    }
    const width = tab.values[0]?.length ?? 0;
    const where = new Map<string, number>();
    tab.values.forEach((row, i) => {
      if (i > 0) where.set(String(row[idAt] ?? '').trim(), i);
    });
    const columnOf = (header: string) => {
      const col = tab.def.columns.find((c) => c.header === header);
      return col ? (tab.index.get(col.key) ?? -1) : -1;
    };
    const fresh: Cell[][] = [];
    for (const r of list) {
      const at = where.get(r.rowId);
      if (r.change === 'new' && at === undefined) {
        const row: Cell[] = Array.from({ length: width }, () => '');
        for (const [header, value] of Object.entries(r.cells)) {
          const c = columnOf(header);
          if (c >= 0) row[c] = safeCell(value as Cell);
        }
        fresh.push(row);
        result.written.push({ tab: name, rowId: r.rowId });
        continue;
      }
      if (at === undefined) {
        result.skipped.push(`${name} ${r.rowId}: the sheet has no such row`);
        continue;
      }
      if (r.change === 'changed') {
        const row = [...(tab.values[at] as Cell[])];
        let differs = false;
        for (const [header, value] of Object.entries(r.cells)) {
          const c = columnOf(header);
          if (c < 0 || header === tab.def.columns.find((col) => col.key === tab.def.idKey)?.header) continue;
          if (String(row[c] ?? '') === String(value)) continue;
          row[c] = safeCell(value as Cell);
          differs = true;
        }
        if (differs) {
          tab.sheet.getRange(at + 1, 1, 1, width).setValues([row]);
          tab.values[at] = row;
        }
      }
      result.written.push({ tab: name, rowId: r.rowId });
    }
    if (fresh.length > 0) {
      tab.sheet.getRange(tab.values.length + 1, 1, fresh.length, width).setValues(fresh);
      tab.values.push(...fresh);
    }
  }
  return result;
}
