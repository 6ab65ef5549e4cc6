// The row hashes of the last sync, kept in a hidden sheet: document properties hold about 500 KB in
// total (9 KB per value), far too little for 50,000 rows of hashes, while a hidden sheet costs one
// getValues() to read and one setValues() to write whatever the row count.
import { safeCell } from '../cells.js';

export const SYNC_STATE_SHEET = 'Duebook Sync State';
const HEADER = ['Tab', 'Row Key', 'Id', 'Hash'];

export interface SyncedRow {
  id: string;
  hash: string;
}

/** tab -> row key -> what was last accepted by the backend. */
export type HashStore = Map<string, Map<string, SyncedRow>>;

export function readHashStore(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): HashStore {
  const store: HashStore = new Map();
  const sheet = ss.getSheetByName(SYNC_STATE_SHEET);
  if (!sheet) return store;
  const values = sheet.getDataRange().getValues();
  for (let r = 1; r < values.length; r++) {
    const [tab, key, id, hash] = values[r]!.map((v) => String(v ?? ''));
    if (!tab || !key) continue;
    let rows = store.get(tab);
    if (!rows) {
      rows = new Map();
      store.set(tab, rows);
    }
    rows.set(key, { id: id ?? '', hash: hash ?? '' });
  }
  return store;
}

export function writeHashStore(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, store: HashStore): void {
  let sheet = ss.getSheetByName(SYNC_STATE_SHEET);
  if (!sheet) {
    sheet = ss.insertSheet(SYNC_STATE_SHEET);
    sheet.hideSheet();
  }
  const rows: string[][] = [HEADER];
  // Row keys are read back from the sheet's row key column, which an editor can type into, so they
  // go through the formula guard like any other cell (the `'` is not part of the value read back).
  for (const [tab, keys] of store)
    for (const [key, r] of keys) rows.push([tab, String(safeCell(key)), String(safeCell(r.id)), r.hash]);
  sheet.clearContents();
  sheet.getRange(1, 1, rows.length, HEADER.length).setNumberFormat('@').setValues(rows);
}

/** The Dashboard's layout key rides in this sheet as one pseudo-tab row, so keeping it costs no call. */
const DASHBOARD_STATE_TAB = '(dashboard)';

/** What the last Dashboard refresh kept, when the store holds a readable one. */
export function readDashboardState(
  store: HashStore,
): { key: string; sheetIds: Record<string, number> } | undefined {
  const row = store.get(DASHBOARD_STATE_TAB)?.get('layout');
  if (!row?.hash) return undefined;
  try {
    const ids = JSON.parse(row.id) as unknown;
    if (!ids || typeof ids !== 'object' || Array.isArray(ids)) return undefined;
    const sheetIds: Record<string, number> = {};
    for (const [tab, id] of Object.entries(ids)) if (typeof id === 'number') sheetIds[tab] = id;
    return { key: row.hash, sheetIds };
  } catch {
    // A damaged row only costs one rebuild of the Dashboard.
    return undefined;
  }
}

export function keepDashboardState(
  store: HashStore,
  state: { key: string; sheetIds: Partial<Record<string, number>> },
): void {
  store.set(
    DASHBOARD_STATE_TAB,
    new Map([['layout', { id: JSON.stringify(state.sheetIds), hash: state.key }]]),
  );
}
