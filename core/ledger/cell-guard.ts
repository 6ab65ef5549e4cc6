// The one formula guard: every cell and CSV field Duebook writes for a spreadsheet goes through it,
// so text from a ledger, a remittance or a person never runs as a formula when the file is opened.

/** Text a spreadsheet would read as a formula (or spill into one): `= + - @`, a tab or a CR first. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** A plain decimal (`-12.50`, `300`): a spreadsheet reads it as that same number, not a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Makes a value safe to write into a cell: text starting with `= + - @`, a tab or a carriage return
 * gets a leading `'`, which Sheets and Excel show as plain text. Numbers, booleans and dates pass
 * through; null and undefined become `''`.
 *
 * @example safeCell('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 */
export function safeCell<D = never>(value: unknown): string | number | boolean | D {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'object' && Object.prototype.toString.call(value) === '[object Date]')
    return value as D;
  const s = String(value);
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/**
 * The guard for text bound for a CSV file: as `safeCell`, except that a plain decimal in a numeric
 * column (an amount such as `-12.50`) stays a number. Elsewhere `-2` is text and is guarded.
 */
export function guardText(text: string, numericColumn = false): string {
  if (numericColumn && PLAIN_NUMBER.test(text)) return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes `guardText` on reading a file Duebook (or a careful clerk) wrote: `'=1+1` reads as `=1+1`. */
export function unguardText(text: string): string {
  return text.length > 1 && text[0] === "'" && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** One CSV field (RFC 4180): guarded, then quoted when it holds a quote, comma, line break or edge spaces. */
export function csvField(text: string, numericColumn = false): string {
  const safe = guardText(text, numericColumn);
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Rows as CSV text, every field through the guard. `numericColumns` are the column indexes whose
 * plain decimals stay numbers (amounts, counts).
 */
export function toGuardedCsv(
  rows: readonly (readonly string[])[],
  options: { eol?: '\r\n' | '\n'; numericColumns?: ReadonlySet<number> } = {},
): string {
  const eol = options.eol ?? '\r\n';
  const numeric = options.numericColumns ?? new Set<number>();
  return rows.map((r) => r.map((f, i) => csvField(f, numeric.has(i))).join(',')).join(eol) + eol;
}
