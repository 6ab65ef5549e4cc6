// The API's sync validation as it was before chunks were read as columns (main at 4843d7d): the
// chunk turned back into one array per row, then the row validator with a header lookup per cell.
// Kept only as the baseline of `api.sync_chunk_columns_vs_rows` and as the reference the tests
// compare the column validator with (test/core/schema-rows-columns.test.ts).
import { isKnownCurrency } from '../core/ledger/money.js';
import { type TabName, tabDef } from '../core/ledger/schema.js';
import {
  allBlank,
  type CellResult,
  cellValueProblem,
  isBlank,
  MEMO_LIMIT,
  MEMO_TYPES,
  matchHeaders,
  missingColumnMessage,
  type ParseOptions,
  parseCell,
  type ValidationProblem,
} from '../core/ledger/schema-cells.js';
import { type RowFields, rowRuleProblem, type TabParse } from '../core/ledger/schema-rows.js';

/** A column-oriented chunk as the API receives it. */
export interface ChunkBefore {
  header: string[];
  columns: unknown[][];
  rowNumbers: number[];
}

/** The chunk back in the header + rows shape (the shape checks left out: the bench's chunks are well formed). */
export function chunkRowsBefore(chunk: ChunkBefore): unknown[][] {
  const n = chunk.rowNumbers.length;
  const rows: unknown[][] = [chunk.header];
  for (let r = 0; r < n; r++) rows.push(chunk.columns.map((col) => col[r]));
  return rows;
}

/** `parseTabRows` before it read its rows through `parseTabColumns`. */
export function parseTabRowsBefore(
  name: TabName,
  rows: readonly (readonly unknown[])[],
  firstRow = 1,
  rowNumbers?: readonly number[],
  options: ParseOptions = {},
): TabParse<RowFields> {
  const def = tabDef(name);
  const problems: ValidationProblem[] = [];
  const records: RowFields[] = [];
  const header = rows[0] ?? [];
  const index = matchHeaders(def, header);
  for (const col of def.columns) {
    if (col.required && !col.computed && index.get(col.key) === -1) {
      problems.push({
        tab: name,
        row: firstRow,
        column: col.header,
        code: 'SCHEMA.COLUMN_MISSING',
        message: missingColumnMessage(col, header, index),
      });
    }
  }
  if (problems.length > 0) return { records, problems };
  const currencyIdx = index.get('currency') ?? -1;
  // Dates, currencies, zones and enum values repeat down a column: each distinct text is parsed once.
  const memos = def.columns.map((col) =>
    MEMO_TYPES.has(col.type) ? new Map<string, CellResult>() : undefined,
  );
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r]!;
    if (allBlank(cells)) continue;
    const rowNumber = rowNumbers?.[r - 1] ?? firstRow + r;
    const fields: RowFields = { row: rowNumber };
    const rowProblems: ValidationProblem[] = [];
    let rowCurrency: string | undefined;
    if (currencyIdx >= 0 && !isBlank(cells[currencyIdx])) {
      const c =
        typeof cells[currencyIdx] === 'string' ? (cells[currencyIdx] as string).trim().toUpperCase() : '';
      if (isKnownCurrency(c)) rowCurrency = c;
    }
    for (let c = 0; c < def.columns.length; c++) {
      const col = def.columns[c]!;
      if (col.computed) continue;
      const i = index.get(col.key) ?? -1;
      const raw = i >= 0 ? cells[i] : undefined;
      if (isBlank(raw)) {
        if (col.required) {
          rowProblems.push({
            tab: name,
            row: rowNumber,
            column: col.header,
            code: 'SCHEMA.REQUIRED',
            message: 'is required',
          });
        }
        continue;
      }
      const memo = typeof raw === 'string' ? memos[c] : undefined;
      let parsed = memo?.get(raw as string);
      if (parsed === undefined) {
        const badValue = cellValueProblem(raw);
        parsed = badValue
          ? { ok: false, code: 'SCHEMA.CELL_INVALID', message: badValue }
          : parseCell(col, raw, rowCurrency, options);
        if (memo && memo.size < MEMO_LIMIT) memo.set(raw as string, parsed);
      }
      if (parsed.ok) {
        fields[col.key] = parsed.value;
      } else if (!(col.type === 'money' && parsed.code === 'SCHEMA.CURRENCY_MISSING' && currencyIdx >= 0)) {
        // An amount without a currency is reported once, on the Currency column, not twice.
        rowProblems.push({
          tab: name,
          row: rowNumber,
          column: col.header,
          code: parsed.code,
          message: parsed.message,
        });
      }
    }
    const broken = rowProblems.length === 0 ? rowRuleProblem(name, fields) : undefined;
    if (broken) rowProblems.push(broken);
    if (rowProblems.length > 0) problems.push(...rowProblems);
    else records.push(fields);
  }
  return { records, problems };
}
