// The plain ASCII CSV file (what a spreadsheet or a program exports) read into columns of offsets in
// one tight pass over its bytes; anything out of the ordinary is left to the general scanner, which
// has every rule and error.
import { unguardText } from '../core/ledger/cell-guard.js';

/** Where each record's fields lie in `text`, per header column (a short record's missing fields: 0..0). */
export interface FastCsvColumns {
  header: string[];
  count: number;
  text: string;
  starts: Int32Array[];
  ends: Int32Array[];
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const APOSTROPHE = 39;

/**
 * Reads an ASCII CSV file as `parseCsvColumns` does when the file is plain: `bytes` are the file,
 * `text` the same characters as a string (ASCII: one byte per character, so offsets are the same in
 * both). Plain means records ending in LF or CRLF, fields unquoted or quoted without doubled quotes,
 * no record longer than the header, no data field starting with an apostrophe (the formula guard's
 * mark). Returns `undefined` at the first thing outside that (a lone CR, a doubled quote, a
 * malformed field too): the general scanner then reads the file, or names the mistake.
 */
export function fastCsvColumns(bytes: Uint8Array, text: string): FastCsvColumns | undefined {
  const n = bytes.length;
  if (text.length !== n) return undefined;
  // Columns sized from the first lines' length (grown if the guess falls short).
  let firstLines = 0;
  let p = 0;
  for (; p < n && firstLines < 64; p++) if (bytes[p] === LF) firstLines++;
  let lines = Math.max(16, Math.ceil((n / Math.max(1, p)) * (firstLines + 1) * 1.25));
  const header: string[] = [];
  let starts: Int32Array[] = [];
  let ends: Int32Array[] = [];
  let ncols = 0;
  let inHeader = true;
  let count = 0;
  let at = 0;
  let fields = 0;
  let i = 0;
  while (i < n) {
    let from: number;
    let to: number;
    if (bytes[i] === QUOTE) {
      from = i + 1;
      // Line breaks inside are kept as they are; only error messages count lines, and errors are
      // the general scanner's.
      to = from;
      while (to < n && bytes[to] !== QUOTE) to++;
      if (to === n || bytes[to + 1] === QUOTE) return undefined;
      i = to + 1;
      if (i < n) {
        const next = bytes[i];
        if (next !== COMMA && next !== LF && next !== CR) return undefined;
      }
    } else {
      from = i;
      for (; i < n; i++) {
        const ch = bytes[i]!;
        // Digits, letters, '-' and '.' (most of a ledger) are past the comma.
        if (ch > COMMA) continue;
        if (ch === COMMA || ch === LF || ch === CR) break;
        if (ch === QUOTE) return undefined;
      }
      to = i;
    }
    if (inHeader) header.push(unguardText(text.slice(from, to)));
    else {
      if (at >= ncols || (from < to && bytes[from] === APOSTROPHE)) return undefined;
      if (count >= lines) {
        lines *= 2;
        starts = starts.map((col) => grow(col, lines));
        ends = ends.map((col) => grow(col, lines));
      }
      starts[at]![count] = from;
      ends[at]![count] = to;
      at++;
    }
    fields++;
    if (i >= n) break;
    const ch = bytes[i];
    if (ch === COMMA) {
      i++;
      if (i < n) continue;
      // "a," at the very end: a last empty field.
      if (inHeader) header.push('');
      else {
        if (at >= ncols || count >= lines) return undefined;
        starts[at]![count] = n;
        ends[at]![count] = n;
        at++;
      }
      fields++;
      break;
    }
    if (ch === CR) {
      if (bytes[i + 1] !== LF) return undefined;
      i++;
    }
    i++;
    // The end of a record.
    if (inHeader) {
      inHeader = false;
      ncols = header.length;
      starts = header.map(() => new Int32Array(lines));
      ends = header.map(() => new Int32Array(lines));
    } else {
      // Typed arrays start at 0: a short record's missing fields are already 0..0.
      count++;
    }
    at = 0;
    fields = 0;
  }
  if (fields > 0) {
    if (inHeader) {
      ncols = header.length;
      starts = header.map(() => new Int32Array(lines));
      ends = header.map(() => new Int32Array(lines));
    } else count++;
  }
  return { header, count, text, starts, ends };
}

function grow(a: Int32Array, capacity: number): Int32Array {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}
