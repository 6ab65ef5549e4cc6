// Reading a columnar tab's cells where they lie in the file's text (dates, amounts, ids, blank
// rows) without a string per cell; each reader gives what the schema's cell parser gives, or says no.
import { DATE_YEAR_RANGE } from './dates.js';

/**
 * A tab as columns: its header, `count` rows after it (sheet rows 2..count+1) and each cell's text.
 * When the cells lie in one text (a CSV file), `text`, `starts` and `ends` say where (a negative
 * start: not there verbatim, ask `cell`), so dates, amounts and codes are read without a string per cell.
 */
export interface TabColumns {
  header: readonly string[];
  count: number;
  cell(c: number, k: number): string;
  text?: string;
  starts?: readonly Int32Array[];
  ends?: readonly Int32Array[];
  /**
   * The cell as a spreadsheet holds it, when that is not always text (an .xlsx: numbers, booleans,
   * unreadable cells): read as the row path reads that value. Absent: every cell is its text.
   */
  value?(c: number, k: number): unknown;
}

/** Cell `c` of row `k` as the row path would be given it: typed where the tab has types, else its text. */
export function rawCell(tab: TabColumns, c: number, k: number): unknown {
  return tab.value ? tab.value(c, k) : tab.cell(c, k);
}

/** Blank as the row path counts it: nothing, or text of spaces only. */
export const blankValue = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

const isBlank = (v: string | undefined) => v === undefined || v.trim() === '';

/** True when every cell of row `k` is blank (such rows are skipped, as the row path skips them). */
export function blankRow(tab: TabColumns, k: number): boolean {
  const { text, starts, ends } = tab;
  for (let c = 0; c < tab.header.length; c++) {
    if (text !== undefined && starts !== undefined && ends !== undefined) {
      const s = starts[c]![k]!;
      if (s >= 0) {
        if (ends[c]![k] === s) continue;
        if (solid(text.charCodeAt(s))) return false;
      }
    }
    if (!isBlank(tab.cell(c, k))) return false;
  }
  return true;
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian), by integer arithmetic. */
function civilDay(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The day number of `YYYY-MM-DD` at `text[s..s+10)` when it is exactly that and a real date in
 * `DATE_YEAR_RANGE`; -1 otherwise (the cell parser then reads it, or names the problem).
 */
export function isoDayAt(text: string, s: number, e: number): number {
  if (e - s !== 10 || text.charCodeAt(s + 4) !== 45 || text.charCodeAt(s + 7) !== 45) return -1;
  let y = 0;
  for (let i = s; i < s + 4; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    y = y * 10 + d;
  }
  const m1 = text.charCodeAt(s + 5) - 48;
  const m2 = text.charCodeAt(s + 6) - 48;
  const d1 = text.charCodeAt(s + 8) - 48;
  const d2 = text.charCodeAt(s + 9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return -1;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (y < DATE_YEAR_RANGE.min || y > DATE_YEAR_RANGE.max || m < 1 || m > 12 || d < 1) return -1;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (m === 2 && leap ? 29 : MONTH_DAYS[m - 1]!)) return -1;
  return civilDay(y, m, d);
}

/** Minor units of `digits.dd` at `text[s..e)` (at most 9 whole digits); -1 for anything else. */
export function centsAt(text: string, s: number, e: number): number {
  const n = e - s;
  if (n < 4 || n > 12 || text.charCodeAt(e - 3) !== 46) return -1;
  let minor = 0;
  for (let i = s; i < e; i++) {
    if (i === e - 3) continue;
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    minor = minor * 10 + d;
  }
  return minor;
}

/**
 * Minor units of a number whose shortest text (`String`, what `parseMoney` reads for a number) is
 * digits with at most two decimals and at most 9 whole digits; -1 for anything else. By arithmetic,
 * not through the text: that text has at most two decimals exactly when some integer `m` has
 * `m / 100 === n` (IEEE division is correctly rounded, so `m / 100` is the double nearest the decimal
 * `m/100`, and the shortest text of `n` then has no more decimals than that), and it then reads as `m`.
 */
export function numberCents(n: number): number {
  if (!(n >= 0 && n < 1e9)) return -1;
  const m = Math.round(n * 100);
  // -0 reads as 0.
  return m / 100 === n ? m + 0 : -1;
}

/** A printable ASCII character other than a space: a cell starting and ending with one needs no trim. */
export const solid = (ch: number) => ch > 32 && ch < 127;

/** True when `text[s..e)` is a list of one plain item: printable characters, no separator (, ;) and no space. */
export function oneItemAt(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const ch = text.charCodeAt(i);
    if (!solid(ch) || ch === 44 || ch === 59) return false;
  }
  return true;
}

/** True when `text[s..e)` is an id as the schema allows it (letters, digits and . _ - / #, at most 64, starting with a letter or digit). */
export function idAt(text: string, s: number, e: number): boolean {
  if (e <= s || e - s > 64) return false;
  for (let i = s; i < e; i++) {
    const ch = text.charCodeAt(i);
    const alnum = (ch >= 48 && ch <= 57) || (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122);
    if (alnum) continue;
    if (i === s || !(ch === 46 || ch === 95 || ch === 45 || ch === 47 || ch === 35)) return false;
  }
  return true;
}
