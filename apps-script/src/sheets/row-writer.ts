// Appending and updating single ledger rows for the sidebar's actions, through the tab's own header
// order, every value guarded against formula injection.
import { type TabName, tabDef } from '../../../core/ledger/schema.js';
import { matchHeaders } from '../../../core/ledger/schema-cells.js';
import { parseTabRows } from '../../../core/ledger/schema-rows.js';
import { safeCell } from '../cells.js';
import { AddonError } from '../errors.js';
import type { Gas } from '../gas.js';
import { ERRORS_HEADER, findHeader, ROW_KEY_HEADER } from './ledger-tab.js';

export type RowRecord = Record<string, string | number | boolean | undefined>;

/** The pages name fields as the contract's inputs do (`amount`, `total`), not as schema keys. */
const CONTRACT_FIELDS: Record<string, string> = { amountMinor: 'amount', totalMinor: 'total' };
const contractField = (key: string) => CONTRACT_FIELDS[key] ?? key;

/**
 * Checks a record with core's schema (cell rules only) before it goes anywhere; problems come back
 * as an `invalid` error naming each field.
 */
export function validateRecord(tab: TabName, record: RowRecord): void {
  const def = tabDef(tab);
  const cols = def.columns.filter((c) => !c.computed);
  const parsed = parseTabRows(tab, [cols.map((c) => c.header), cols.map((c) => record[c.key] ?? '')], 1);
  if (parsed.problems.length > 0) {
    throw new AddonError(
      'invalid',
      parsed.problems.map((p) => `${p.column} ${p.message}`).join('; '),
      'SCHEMA.ROW_INVALID',
      parsed.problems.map((p) => ({
        field: contractField(cols.find((c) => c.header === p.column)?.key ?? p.column),
        message: p.message,
      })),
    );
  }
}

/** The record as the API's POST routes take it: header -> value, blanks left out. */
export function apiRow(tab: TabName, record: RowRecord): Record<string, string | number | boolean> {
  const row: Record<string, string | number | boolean> = {};
  for (const c of tabDef(tab).columns) {
    const v = record[c.key];
    if (v !== undefined && v !== '' && !c.computed) row[c.header] = v;
  }
  return row;
}

/** How long an append waits for another Duebook action writing to the sheet. */
export const APPEND_LOCK_WAIT_MS = 10_000;

export const SHEET_BUSY_MESSAGE = 'Another Duebook action is writing to the sheet; try again in a moment.';

/**
 * Appends one row under the tab's header (one getRange + setValues); returns its sheet row. Holds
 * the document lock from reading the last row to the write (flushed before the lock is released),
 * so two clerks saving at once never land on the same row; when the lock cannot be had within
 * `APPEND_LOCK_WAIT_MS` nothing is written and the clerk is told to try again.
 */
export function appendRecord(
  gas: Pick<Gas, 'lock' | 'spreadsheet'>,
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  tab: TabName,
  record: RowRecord,
  rowKey: string,
): number {
  const sheet = ss.getSheetByName(tab);
  if (!sheet) {
    throw new AddonError('invalid', `There is no ${tab} tab. Use Set up ledger first.`, 'SHEET.NO_TAB');
  }
  const lastColumn = sheet.getLastColumn();
  const header = lastColumn > 0 ? (sheet.getRange(1, 1, 1, lastColumn).getValues()[0] ?? []) : [];
  const index = matchHeaders(tabDef(tab), header);
  const keyAt = findHeader(header, ROW_KEY_HEADER);
  const missing = tabDef(tab).columns.filter((c) => record[c.key] !== undefined && index.get(c.key) === -1);
  if (missing.length > 0 || keyAt < 0 || findHeader(header, ERRORS_HEADER) < 0) {
    throw new AddonError(
      'invalid',
      `The ${tab} tab is missing columns Duebook needs${missing.length ? ` (${missing.map((c) => c.header).join(', ')})` : ''}. Use Set up ledger to add them.`,
      'SHEET.COLUMN_MISSING',
    );
  }
  const row: (string | number | boolean | Date)[] = header.map(() => '');
  for (const [key, at] of index) if (at >= 0 && record[key] !== undefined) row[at] = safeCell(record[key]);
  row[keyAt] = rowKey;
  const lock = gas.lock.getDocumentLock();
  if (!lock.tryLock(APPEND_LOCK_WAIT_MS)) throw new AddonError('other', SHEET_BUSY_MESSAGE, 'SHEET.BUSY');
  try {
    const at = sheet.getLastRow() + 1;
    sheet.getRange(at, 1, 1, row.length).setValues([row]);
    // Written through before another execution takes the lock and reads the last row.
    gas.spreadsheet.flush();
    return at;
  } finally {
    lock.releaseLock();
  }
}
