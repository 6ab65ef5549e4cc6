// One ledger tab as 2-D values: reads it with one getValues(), finds the schema columns (core's
// matchHeaders) and Duebook's own columns (row key, errors), and writes blocks back.
import { SCHEMA, type TabDef, type TabName } from '../../../core/ledger/schema.js';
import { matchHeaders } from '../../../core/ledger/schema-cells.js';
import { contiguousRuns } from '../blocks.js';
import { safeCell } from '../cells.js';

/** Hidden, stable id Duebook gives every row, so edits and deletions are recognised between syncs. */
export const ROW_KEY_HEADER = 'Duebook Row Key';
/** Where the backend's reason for rejecting a row is written, beside the row. */
export const ERRORS_HEADER = 'Errors';
/** Light red, for cells that need a clerk's attention. */
export const ERROR_BACKGROUND = '#f4cccc';

const normalize = (h: unknown) =>
  String(h ?? '')
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .trim();

export function findHeader(header: readonly unknown[], name: string): number {
  const wanted = normalize(name);
  return header.findIndex((h) => normalize(h) === wanted);
}

export interface LedgerTab {
  def: TabDef;
  sheet: GoogleAppsScript.Spreadsheet.Sheet;
  /** Every cell of the data range, header first (what one getValues() returned). */
  values: unknown[][];
  /** Schema column key -> 0-based column index, -1 when absent. */
  index: Map<string, number>;
  rowKeyCol: number;
  errorsCol: number;
}

export function tabDefByName(name: string): TabDef | undefined {
  return SCHEMA.find((t) => t.name === name);
}

/** Reads a ledger tab with one getValues(); undefined when the sheet does not exist. */
export function readLedgerTab(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  name: TabName,
): LedgerTab | undefined {
  const def = tabDefByName(name)!;
  const sheet = ss.getSheetByName(name);
  if (!sheet) return undefined;
  return ledgerTabFrom(def, sheet, sheet.getDataRange().getValues());
}

export function ledgerTabFrom(
  def: TabDef,
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  values: unknown[][],
): LedgerTab {
  const header = values[0] ?? [];
  return {
    def,
    sheet,
    values,
    index: matchHeaders(def, header),
    rowKeyCol: findHeader(header, ROW_KEY_HEADER),
    errorsCol: findHeader(header, ERRORS_HEADER),
  };
}

/**
 * Writes one column's new values for the given 0-based data indexes (into `values`), one
 * setValues() per contiguous run of rows; `backgrounds` likewise when given.
 */
export function writeColumnRuns(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  column: number,
  rows: readonly number[],
  cellOf: (row: number) => string | number | boolean | Date,
  backgroundOf?: (row: number) => string | null,
): number {
  const runs = contiguousRuns([...rows].sort((a, b) => a - b));
  for (const [start, length] of runs) {
    const range = sheet.getRange(start + 1, column + 1, length, 1);
    const block: (string | number | boolean | Date)[][] = [];
    for (let i = 0; i < length; i++) block.push([cellOf(start + i)]);
    range.setValues(block);
    if (backgroundOf) {
      const colors: (string | null)[][] = [];
      for (let i = 0; i < length; i++) colors.push([backgroundOf(start + i)]);
      range.setBackgrounds(colors as string[][]);
    }
  }
  return runs.length;
}

/**
 * Adds Duebook's own columns (errors, then the hidden row key) to the header when missing, with one
 * setValues() on the header cells, and returns the tab with the columns found.
 */
export function ensureOwnColumns(tab: LedgerTab): LedgerTab {
  const header = tab.values[0] ?? [];
  const missing: string[] = [];
  if (tab.errorsCol < 0) missing.push(ERRORS_HEADER);
  if (tab.rowKeyCol < 0) missing.push(ROW_KEY_HEADER);
  if (missing.length === 0) return tab;
  let width = header.length;
  while (width > 0 && normalize(header[width - 1]) === '') width--;
  const needed = width + missing.length;
  const maxColumns = tab.sheet.getMaxColumns();
  if (needed > maxColumns) tab.sheet.insertColumnsAfter(maxColumns, needed - maxColumns);
  tab.sheet.getRange(1, width + 1, 1, missing.length).setValues([missing]);
  const values = tab.values.length > 0 ? tab.values : [[]];
  for (const row of values) {
    while (row.length < needed) row.push('');
  }
  missing.forEach((m, i) => {
    values[0]![width + i] = m;
  });
  const rowKeyCol = findHeader(values[0]!, ROW_KEY_HEADER);
  if (missing.includes(ROW_KEY_HEADER)) tab.sheet.hideColumns(rowKeyCol + 1);
  return ledgerTabFrom(tab.def, tab.sheet, values);
}

/**
 * Writes the current `tab.values` of `rows` x `cols` (0-based indexes into the values), one
 * setValues() per contiguous block of rows and of columns, every value through `safeCell`. Cells
 * inside a block that did not change are written back as they were read.
 */
export function writeBlocks(tab: LedgerTab, rows: readonly number[], cols: readonly number[]): number {
  let blocks = 0;
  for (const [rowStart, rowCount] of contiguousRuns([...rows].sort((a, b) => a - b))) {
    for (const [colStart, colCount] of contiguousRuns([...cols].sort((a, b) => a - b))) {
      const block: (string | number | boolean | Date)[][] = [];
      for (let r = rowStart; r < rowStart + rowCount; r++) {
        const out: (string | number | boolean | Date)[] = [];
        for (let c = colStart; c < colStart + colCount; c++) out.push(safeCell(tab.values[r]![c]));
        block.push(out);
      }
      tab.sheet.getRange(rowStart + 1, colStart + 1, rowCount, colCount).setValues(block);
      blocks++;
    }
  }
  return blocks;
}
