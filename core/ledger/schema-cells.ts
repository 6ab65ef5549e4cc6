// Reading one cell or header against the schema: typed values, and problems naming tab, row and column.
import { cellToIsoDate, DATE_YEAR_RANGE, isValidTimeZone } from './dates.js';
import { isoDayAt } from './ledger-cells.js';
import { currencyExponent, formatMoney, isKnownCurrency, type NumberFormat, parseMoney } from './money.js';
import type { ColumnDef, ColumnType, TabDef, TabName } from './schema.js';

/** One problem with one cell (or a whole row or header when `column` says so). */
export interface ValidationProblem {
  tab: TabName;
  /** 1-based row number as the sheet shows it; the header is row 1. */
  row: number;
  /** Header text of the column, as defined in the schema. */
  column: string;
  code: string;
  message: string;
}

export function formatProblem(p: ValidationProblem): string {
  return `${p.tab} row ${p.row}, ${p.column}: ${p.message}`;
}

const normalizeHeader = (h: string) =>
  h
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .trim();

/** Maps each schema column to its index in a header row (`-1` when absent). */
export function matchHeaders(def: TabDef, header: readonly unknown[]): Map<string, number> {
  const index = new Map<string, number>();
  const normalized = header.map((h) => normalizeHeader(String(h ?? '')));
  for (const col of def.columns) {
    const names = [col.header, ...(col.aliases ?? [])].map(normalizeHeader);
    let found = -1;
    for (const name of names) {
      found = normalized.indexOf(name);
      if (found >= 0) break;
    }
    index.set(col.key, found);
  }
  return index;
}

/** Levenshtein distance between two short strings (headers, command names), for "did you mean". */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * "the header "Due Date" is missing", and when a header the schema did not match is a near miss
 * ("Due Dte"), which one and what it should say.
 */
export function missingColumnMessage(
  col: ColumnDef,
  header: readonly unknown[],
  index: Map<string, number>,
): string {
  const used = new Set(index.values());
  const names = [col.header, ...(col.aliases ?? [])].map(normalizeHeader);
  let best: { text: string; at: number; distance: number } | undefined;
  header.forEach((h, at) => {
    if (used.has(at) || typeof h !== 'string' || h.trim() === '') return;
    const text = normalizeHeader(h);
    const distance = Math.min(...names.map((n) => editDistance(text, n)));
    const limit = Math.max(1, Math.floor(col.header.length / 3));
    if (distance <= limit && (!best || distance < best.distance)) best = { text: h.trim(), at, distance };
  });
  const base = `the header "${col.header}" is missing, so no row of this tab was read`;
  return best
    ? `${base}; column ${best.at + 1} is headed "${best.text}": did you mean \`${col.header}\`?`
    : base;
}

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[A-Za-z]{2,}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._\-/#]{0,63}$/;

/** A date typed with a year no ledger date has (0026, 2226). */
const outOfRangeYear = (text: unknown) => {
  const m = typeof text === 'string' ? /^(\d{4})-\d{2}-\d{2}/.exec(text) : null;
  return m !== null && (Number(m[1]) < DATE_YEAR_RANGE.min || Number(m[1]) > DATE_YEAR_RANGE.max);
};

/** A cell read for its column: its typed value, or the problem's code and message. */
export type CellResult = { ok: true; value: unknown } | { ok: false; message: string; code: string };

/**
 * The largest amount one cell may hold, in minor units (1,000,000,000.00 in a 2-decimal currency).
 * At most this per amount, the sum of 90,000 of one customer's items is still an exact integer
 * (Number.MAX_SAFE_INTEGER is about 9.007e15), far beyond what one account's snapshot can hold
 * (MAX_SNAPSHOT_BYTES), so every balance, bucket and total is computed without rounding.
 */
export const MAX_AMOUNT_MINOR = 100_000_000_000;

/** The longest text a cell may hold: Google Sheets' own limit per cell. */
export const MAX_CELL_CHARS = 50_000;

/** How a ledger's cells are read; `numberFormat` says which separator is the decimal one in text amounts. */
export interface ParseOptions {
  numberFormat?: NumberFormat;
}

/**
 * A cell a file reader could not read as a value (a merged cell's hidden part, a formula saved
 * without its result): validation reports its reason on its row and column instead of guessing.
 */
export class UnreadableCell {
  constructor(readonly reason: string) {}
}

/** A value a spreadsheet cell can hold; anything else (a list, an object) is refused, never stringified. */
export function cellValueProblem(raw: unknown): string | undefined {
  if (raw instanceof UnreadableCell) return raw.reason;
  if (raw === null || raw === undefined || raw instanceof Date) return undefined;
  const t = typeof raw;
  if (t === 'string') {
    return (raw as string).length > MAX_CELL_CHARS
      ? `is ${(raw as string).length} characters long; a cell holds at most ${MAX_CELL_CHARS}`
      : undefined;
  }
  if (t === 'number' || t === 'boolean') return undefined;
  return Array.isArray(raw)
    ? 'is a list, not a cell value'
    : `is ${t === 'object' ? 'an object' : `a ${t}`}, not a cell value`;
}

export function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

export function allBlank(cells: readonly unknown[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!isBlank(cells[i])) return false;
  return true;
}

/** Column types whose parse depends on the cell's text alone (not the row's currency), so it can be reused. */
export const MEMO_TYPES: ReadonlySet<ColumnType> = new Set(['date', 'currency', 'timezone', 'enum']);
/** Distinct texts remembered per column: a calendar of dates and a few codes, not a column of ids. */
export const MEMO_LIMIT = 20_000;

/** One column of a tab as read: its definition, its place in the header (-1: absent), its texts' parses (MEMO_TYPES). */
export interface ReadColumn {
  col: ColumnDef;
  at: number;
  memo: Map<string, CellResult> | undefined;
}

/**
 * The columns a reader reads (the computed ones left out), in the schema's order, each with its
 * place in `index` (from `matchHeaders`); with `presentOnly`, only those the header has.
 */
export function readColumns(
  def: TabDef,
  index: ReadonlyMap<string, number>,
  presentOnly = false,
): ReadColumn[] {
  const columns: ReadColumn[] = [];
  for (const col of def.columns) {
    if (col.computed) continue;
    const at = index.get(col.key) ?? -1;
    if (presentOnly && at < 0) continue;
    columns.push({ col, at, memo: MEMO_TYPES.has(col.type) ? new Map<string, CellResult>() : undefined });
  }
  return columns;
}

/** True when a required column is not in `index` (the tab is then refused: SCHEMA.COLUMN_MISSING). */
export const requiredMissing = (def: TabDef, index: ReadonlyMap<string, number>) =>
  def.columns.some((col) => col.required && !col.computed && (index.get(col.key) ?? -1) < 0);

/**
 * `parseCell` of a non-blank cell, a value no cell holds refused first (`SCHEMA.CELL_INVALID`, with
 * `cellValueProblem`'s reason); a text's result is remembered in `memo` (up to `MEMO_LIMIT` texts).
 */
export function parseCellOnce(
  col: ColumnDef,
  raw: unknown,
  rowCurrency: string | undefined,
  options: ParseOptions,
  memo: Map<string, CellResult> | undefined,
): CellResult {
  const remember = typeof raw === 'string' ? memo : undefined;
  const known = remember?.get(raw as string);
  if (known !== undefined) return known;
  const badValue = cellValueProblem(raw);
  const parsed: CellResult = badValue
    ? { ok: false, code: 'SCHEMA.CELL_INVALID', message: badValue }
    : parseCell(col, raw, rowCurrency, options);
  if (remember && remember.size < MEMO_LIMIT) remember.set(raw as string, parsed);
  return parsed;
}

/**
 * Minor units of the commonest amount text, digits with two decimals (`3520.36`) in a two-decimal
 * currency, read without a regular expression; -1 for anything else, which `parseMoney` reads (or
 * refuses with its message). At most 9 whole digits, so the result is under `MAX_AMOUNT_MINOR`.
 */
function plainCents(text: unknown, currency: string): number {
  if (typeof text !== 'string') return -1;
  const n = text.length;
  if (n < 4 || n > 12 || text.charCodeAt(n - 3) !== 46 || currencyExponent(currency) !== 2) return -1;
  let minor = 0;
  for (let i = 0; i < n; i++) {
    if (i === n - 3) continue;
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    minor = minor * 10 + d;
  }
  return minor;
}

/** One cell's value for its column (after `cellValueProblem`), or the problem with it; what `parseTabRows` uses. */
export function parseCell(
  col: ColumnDef,
  raw: unknown,
  rowCurrency: string | undefined,
  options: ParseOptions = {},
): CellResult {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  switch (col.type) {
    case 'id': {
      const s = String(text);
      if (!ID.test(s)) {
        return {
          ok: false,
          code: 'SCHEMA.ID_INVALID',
          message: `"${s}" is not a valid id (letters, digits and . _ - / #, at most 64)`,
        };
      }
      return { ok: true, value: s };
    }
    case 'text':
      return { ok: true, value: String(text) };
    case 'date': {
      // Plain YYYY-MM-DD, the commonest cell, is its own ISO date: no Date built to normalise it.
      if (typeof text === 'string' && isoDayAt(text, 0, text.length) >= 0) return { ok: true, value: text };
      const d = cellToIsoDate(text);
      if (!d)
        return {
          ok: false,
          code: 'SCHEMA.DATE_INVALID',
          message: outOfRangeYear(text)
            ? `"${String(raw)}" is outside the years ${DATE_YEAR_RANGE.min}-${DATE_YEAR_RANGE.max} (a typing slip?)`
            : `"${String(raw)}" is not a date (use YYYY-MM-DD)`,
        };
      return { ok: true, value: d };
    }
    case 'money': {
      if (!rowCurrency)
        return {
          ok: false,
          code: 'SCHEMA.CURRENCY_MISSING',
          message: 'cannot be read without a valid currency',
        };
      const plain = options.numberFormat !== '1.234,56' ? plainCents(text, rowCurrency) : -1;
      if (plain >= 0) return { ok: true, value: plain };
      const m = parseMoney(text, rowCurrency, options.numberFormat);
      if (!m.ok) return { ok: false, code: 'SCHEMA.AMOUNT_INVALID', message: m.message };
      if (Math.abs(m.minor) > MAX_AMOUNT_MINOR) {
        return {
          ok: false,
          code: 'SCHEMA.AMOUNT_TOO_LARGE',
          message: `is more than ${formatMoney(MAX_AMOUNT_MINOR, rowCurrency)}, the largest amount one row may hold`,
        };
      }
      return { ok: true, value: m.minor };
    }
    case 'currency': {
      const c = String(text).toUpperCase();
      if (!isKnownCurrency(c))
        return {
          ok: false,
          code: 'SCHEMA.CURRENCY_UNKNOWN',
          message: `"${String(raw)}" is not a known ISO currency code`,
        };
      return { ok: true, value: c };
    }
    case 'email': {
      const s = String(text);
      if (!EMAIL.test(s))
        return { ok: false, code: 'SCHEMA.EMAIL_INVALID', message: `"${s}" is not an email address` };
      return { ok: true, value: s };
    }
    case 'timezone': {
      const s = String(text);
      if (!isValidTimeZone(s)) {
        return {
          ok: false,
          code: 'SCHEMA.TIMEZONE_INVALID',
          message: `"${s}" is not an IANA time zone (e.g. America/Chicago)`,
        };
      }
      return { ok: true, value: s };
    }
    case 'enum': {
      const s = String(text).toLowerCase().replace(/\s+/g, '-');
      if (col.values && !col.values.includes(s)) {
        return {
          ok: false,
          code: 'SCHEMA.VALUE_NOT_ALLOWED',
          message: `"${String(raw)}" is not one of ${col.values.join(', ')}`,
        };
      }
      return { ok: true, value: s };
    }
    case 'list': {
      const items = String(text)
        .split(/[,;]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (col.values) {
        const normalized = items.map((s) => s.toLowerCase().replace(/\s+/g, '-'));
        const bad = normalized.filter((s) => !col.values!.includes(s));
        if (bad.length > 0) {
          return {
            ok: false,
            code: 'SCHEMA.VALUE_NOT_ALLOWED',
            message: `${bad.map((b) => `"${b}"`).join(', ')} not one of ${col.values.join(', ')}`,
          };
        }
        return { ok: true, value: [...new Set(normalized)] };
      }
      return { ok: true, value: [...new Set(items)] };
    }
    case 'integer': {
      const n = typeof text === 'number' ? text : Number(String(text));
      if (!Number.isSafeInteger(n) || n < 0)
        return {
          ok: false,
          code: 'SCHEMA.INTEGER_INVALID',
          message: `"${String(raw)}" is not a whole number`,
        };
      return { ok: true, value: n };
    }
    case 'boolean': {
      if (typeof text === 'boolean') return { ok: true, value: text };
      const s = String(text).toLowerCase();
      if (['yes', 'y', 'true', 'x', '1'].includes(s)) return { ok: true, value: true };
      if (['no', 'n', 'false', '0'].includes(s)) return { ok: true, value: false };
      return { ok: false, code: 'SCHEMA.BOOLEAN_INVALID', message: `"${String(raw)}" is not yes or no` };
    }
  }
}
