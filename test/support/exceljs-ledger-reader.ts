// The .xlsx reader the CLI had before the streaming one (exceljs loads the whole workbook), kept as
// the oracle of the differential test: the streaming reader must give the same rows.
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { unguardText } from '../../core/ledger/cell-guard.js';
import { fromDay } from '../../core/ledger/dates.js';
import { tabFromName } from '../../core/ledger/schema.js';
import { UnreadableCell } from '../../core/ledger/schema-cells.js';
import type { LedgerRows } from '../../core/ledger/schema-rows.js';

/** Every sheet named after a tab, as the old reader gave it (rows, index 0 = sheet row 1). */
export async function readXlsxWithExcelJs(file: string): Promise<{ rows: LedgerRows; notes: string[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
  const rows: LedgerRows = {};
  const notes: string[] = [];
  for (const sheet of workbook.worksheets) {
    const tab = tabFromName(sheet.name.trim());
    if (!tab) {
      notes.push(`sheet "${sheet.name}": not a ledger tab, ignored`);
      continue;
    }
    rows[tab] = sheetRows(sheet);
  }
  return { rows, notes };
}

/** A sheet as a 2-D array whose index 0 is sheet row 1, so validation reports the rows Excel shows. */
function sheetRows(sheet: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const values = sheet.getRow(r).values;
    // `values` is 1-based and sparse (index 0 and empty cells are holes).
    const cells = Array.isArray(values) ? Array.from(values.slice(1), cellValue) : [];
    out.push(cells);
  }
  // The hidden part of a merged range shows the first cell's value: a copy the clerk never typed.
  const merges = sheet.hasMerges
    ? Object.values((sheet as unknown as { _merges: Record<string, MergeRange> })._merges)
    : [];
  for (const m of merges) {
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= m.right; c++) {
        if (r === m.top && c === m.left) continue;
        const row = out[r - 1];
        if (!row) continue;
        row[c - 1] = new UnreadableCell(
          `is part of the merged cells ${m.range} (its value belongs to ${m.range.split(':')[0]} only); unmerge them and type the value in each cell`,
        );
      }
    }
  }
  return out;
}

/** A merged range as exceljs keeps it (1-based, inclusive). */
interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
  range: string;
}

/** Plain value of an exceljs cell: formula results, rich text and hyperlinks flattened; dates as ISO. */
function cellValue(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return dateToIso(value);
  if (typeof value === 'string') return unguardText(value);
  if (typeof value !== 'object') return value;
  if ('formula' in value || 'sharedFormula' in value) {
    // A workbook written by a program rather than saved by Excel may carry no computed result.
    if (value.result === undefined) {
      const formula = 'formula' in value ? value.formula : value.sharedFormula;
      return new UnreadableCell(
        `is the formula =${String(formula).slice(0, 60)} saved without its result; open and save the workbook in Excel (or type the value)`,
      );
    }
    return cellValue((value.result ?? null) as ExcelJS.CellValue);
  }
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('hyperlink' in value) return cellValue(value.text as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  return String(value);
}

/** exceljs gives date cells as the UTC instant of the wall-clock date Excel shows. */
function dateToIso(d: Date): string | null {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return null;
  return fromDay(Math.floor(ms / 86_400_000));
}

/** Rows without their trailing empty cells (exceljs keeps a cell a link or a style made, empty or not). */
export function trimmedRows(rows: LedgerRows): LedgerRows {
  const out: LedgerRows = {};
  for (const [tab, sheet] of Object.entries(rows)) {
    out[tab as keyof LedgerRows] = sheet!.map((row) => {
      let n = row.length;
      while (n > 0 && (row[n - 1] === null || row[n - 1] === undefined)) n--;
      return row.slice(0, n);
    });
  }
  return out;
}
