// `duebook plan`'s table of planned actions kept as UTF-8 bytes until it is written: a 1M plan's
// hundred thousand rows are held without a string or an array per row, and written byte for byte as
// `writeTable` (cli/table.ts) writes them.
import type { PlannedAction } from '../core/collections/collection-plan.js';
import { formatMoney } from '../core/ledger/money.js';
import type { TextBytes } from './io.js';
import { displayWidth, painter, type TableColumn, truncate, wrapWords } from './table.js';

/** Cells per row: six short ones and the explanation. */
const CELLS = 7;
const LAST = CELLS - 1;
const SPACE = 32;
/** Printable ASCII, single spaced (`put`). */
const PLAIN = 0;
/** Printable ASCII with two spaces in a row or a space first. */
const PLAIN_SPACED = 1;
/** Anything else: other characters, controls, colour codes. */
const OTHER = 2;

/**
 * The planned actions' rows, added as the planner hands each action over (`add`), kept as bytes:
 * every cell's UTF-8 in one buffer, where each starts and its display width in typed arrays. Kept
 * as strings, a 1M plan's rows (an array and seven strings each) lived through the young
 * generation's collections until the table was written, which cost more than making them.
 *
 * `write` gives exactly `writeTable`'s text for these columns; `rows` gives the rows as strings.
 */
export class PlannedActionTable {
  /** Rows added. */
  count = 0;
  private data = Buffer.allocUnsafe(1 << 22);
  private used = 0;
  /** Where cell c of row k starts in `data` (index k * CELLS + c); one more entry for the end. */
  private starts = new Int32Array(1 + CELLS * 4096);
  /** Display width of each cell; -1 for an explanation not yet measured. */
  private widths = new Int32Array(CELLS * 4096);
  /** What each row's explanation is made of (`put`'s answer): PLAIN, PLAIN_SPACED or OTHER. */
  private kinds = new Uint8Array(4096);
  private readonly parts: ReturnType<typeof actionRowParts>;

  constructor(asOf: string, width: number, colour: boolean) {
    this.parts = actionRowParts(asOf, width, colour);
  }

  /** Adds the row of the next planned action. */
  add(action: PlannedAction): void {
    const { row, text } = this.parts(action);
    const k = this.count;
    const base = k * CELLS;
    if (base + CELLS >= this.widths.length) this.grow();
    for (let c = 0; c < LAST; c++) {
      const cell = row[c] ?? '';
      this.starts[base + c] = this.used;
      // Printable ASCII is one cell per character: measured by the copy that wrote it.
      this.widths[base + c] = this.put(cell) === PLAIN ? cell.length : displayWidth(cell);
    }
    this.starts[base + LAST] = this.used;
    const kind = this.put(text);
    // Printable text of one byte per character is as wide as it is long; anything else is measured
    // when the width is needed (most tables never need it: the explanation goes under its row).
    this.widths[base + LAST] = kind === OTHER ? -1 : text.length;
    this.kinds[k] = kind;
    this.starts[base + CELLS] = this.used;
    this.count++;
  }

  /** Row k as strings. */
  row(k: number): string[] {
    const cells: string[] = [];
    for (let c = 0; c < CELLS; c++) cells.push(this.cell(k, c));
    return cells;
  }

  /** Every row as strings (`plannedActionRow`'s rows), for a writer of strings. */
  rows(): string[][] {
    const rows: string[][] = [];
    for (let k = 0; k < this.count; k++) rows.push(this.row(k));
    return rows;
  }

  /**
   * Writes `writeTable(columns, this.rows(), { width }, out)`'s text into `out`: `columns` are the
   * plan's seven, the last one left-aligned free text.
   */
  write(columns: readonly TableColumn[], width: number, out: TextBytes): void {
    if (columns.length !== CELLS || (columns[LAST]!.align ?? 'left') !== 'left')
      throw new Error('PlannedActionTable.write: the columns are not the plan table’s seven');
    const n = this.count;
    const cw = this.widths;
    const widths = columns.map((c) => displayWidth(c.header));
    const limit = width;
    // As writeTable: every column but a free last one measured; that one only until the table is too wide.
    const measured = Number.isFinite(limit) ? LAST : CELLS;
    for (let k = 0; k < n; k++) {
      for (let c = 0; c < measured; c++) {
        const w = c === LAST ? this.explanationWidth(k) : cw[k * CELLS + c]!;
        if (w > widths[c]!) widths[c] = w;
      }
    }
    const widthOfAll = () => widths.reduce((s, w) => s + w, 0) + 2 * (widths.length - 1);
    let total = widthOfAll();
    if (measured < CELLS) {
      for (let k = 0; k < n && total <= limit; k++) {
        const w = this.explanationWidth(k);
        if (w > widths[LAST]!) {
          widths[LAST] = w;
          total = widthOfAll();
        }
      }
    }
    const under = total > limit;
    const shown = under ? LAST : CELLS;
    const right = columns.map((c) => c.align === 'right');

    // The header and the rule, as writeTable makes them.
    let head = '';
    let rule = '';
    for (let i = 0; i < shown; i++) {
      const h = columns[i]!.header;
      if (i > 0) {
        head += '  ';
        rule += '  ';
      }
      rule += '-'.repeat(widths[i]!);
      if (i === shown - 1 && !right[i]) head += h;
      else {
        const fill = widths[i]! - displayWidth(h);
        head += fill <= 0 ? h : right[i] ? ' '.repeat(fill) + h : h + ' '.repeat(fill);
      }
    }
    out.text(`${head.trimEnd()}\n${rule}\n`);

    const wrapAt = Math.max(20, limit - 4);
    const prefix = Buffer.from(`${columns[LAST]!.header}: `, 'utf8');
    const prefixKind = kindOf(prefix, 0, prefix.length);
    const data = this.data;
    const starts = this.starts;
    let padTo = 0;
    for (let i = 0; i < shown; i++) padTo += widths[i]! + 2;
    for (let k = 0; k < n; k++) {
      const base = k * CELLS;
      const rowBytes = starts[base + shown]! - starts[base]!;
      out.room(rowBytes + padTo + 1);
      const buf = out.buf;
      let p = out.pos;
      const lineStart = p;
      for (let i = 0; i < shown; i++) {
        if (i > 0) {
          buf[p++] = SPACE;
          buf[p++] = SPACE;
        }
        const from = starts[base + i]!;
        const to = starts[base + i + 1]!;
        const fill = i === shown - 1 && !right[i] ? 0 : widths[i]! - cw[base + i]!;
        if (fill > 0 && right[i]) p = spaces(buf, p, fill);
        // Cells are short: a loop costs less than a native copy's call.
        for (let b = from; b < to; b++) buf[p++] = data[b]!;
        if (fill > 0 && !right[i]) p = spaces(buf, p, fill);
      }
      p = trimmedEnd(buf, lineStart, p);
      buf[p++] = 10;
      out.pos = p;
      if (under && starts[base + CELLS]! > starts[base + LAST]!)
        this.writeUnder(k, prefix, prefixKind, wrapAt, out);
      out.piece();
    }
  }

  /**
   * Row k's explanation under it, as writeTable puts it: `Why: ...` wrapped at `wrapAt` cells,
   * each line indented four spaces. `prefix` is `Why: `'s bytes, `prefixKind` what they are.
   */
  private writeUnder(k: number, prefix: Buffer, prefixKind: number, wrapAt: number, out: TextBytes): void {
    const from = this.starts[k * CELLS + LAST]!;
    const to = this.starts[k * CELLS + CELLS]!;
    const kind = this.kinds[k]!;
    if (prefixKind === OTHER || kind === OTHER) {
      // Not printable ASCII: wrapWords' general path, on the text as a string.
      for (const l of wrapWords(`${prefix.toString('utf8')}${this.cell(k, LAST)}`, wrapAt))
        out.text(`    ${l}\n`);
      return;
    }
    const length = prefix.length + (to - from);
    // At most one line per word, each five bytes more.
    out.room(length * 6 + 8);
    // One space between words everywhere (the prefix ends in one): each line is a run of the text.
    if (kind === PLAIN && prefixKind === PLAIN && prefix[prefix.length - 1] === SPACE)
      out.pos = wrapRuns(prefix, this.data, from, to, wrapAt, out.buf, out.pos);
    else out.pos = wrapWordByWord(prefix, this.data, from, to, wrapAt, out.buf, out.pos);
  }

  /** Cell c of row k as a string. */
  private cell(k: number, c: number): string {
    return this.data.toString('utf8', this.starts[k * CELLS + c]!, this.starts[k * CELLS + c + 1]!);
  }

  /** The display width of row k's explanation, measured once. */
  private explanationWidth(k: number): number {
    const at = k * CELLS + LAST;
    let w = this.widths[at]!;
    if (w < 0) {
      w = displayWidth(this.cell(k, LAST));
      this.widths[at] = w;
    }
    return w;
  }

  /**
   * `s` as UTF-8 at the end of `data`. Returns PLAIN when it is printable ASCII (0x20-0x7e: one byte
   * and one cell per character) with no two spaces in a row and no space first; PLAIN_SPACED when it
   * is printable ASCII otherwise; OTHER for anything else.
   */
  private put(s: string): number {
    const n = s.length;
    if (this.used + 3 * n > this.data.length) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.data.length, this.used + 3 * n));
      this.data.copy(bigger, 0, 0, this.used);
      this.data = bigger;
    }
    const data = this.data;
    const at = this.used;
    // Short text is copied unit by unit while it is ASCII (a native call costs more); else encoded.
    if (n < 24) {
      let p = at;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        data[p++] = c;
      }
      if (i === n) {
        this.used = p;
        return kindOf(data, at, p);
      }
    }
    const bytes = data.write(s, at, 'utf8');
    this.used = at + bytes;
    // As many bytes as UTF-16 units: every character is ASCII.
    return bytes === n ? kindOf(data, at, this.used) : OTHER;
  }

  private grow(): void {
    const kinds = new Uint8Array(this.kinds.length * 2);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const starts = new Int32Array(this.starts.length * 2);
    starts.set(this.starts);
    this.starts = starts;
    const widths = new Int32Array(this.widths.length * 2);
    widths.set(this.widths);
    this.widths = widths;
  }
}

/** What the ASCII bytes [from, to) are: PLAIN, PLAIN_SPACED or OTHER (see `put`). */
function kindOf(b: Uint8Array, from: number, to: number): number {
  let kind = from < to && b[from] === SPACE ? PLAIN_SPACED : PLAIN;
  let last = 0;
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c < 0x20 || c > 0x7e) return OTHER;
    if (c === SPACE && last === SPACE) kind = PLAIN_SPACED;
    last = c;
  }
  return kind;
}

/**
 * Printable ASCII `prefix` + `data[from, to)`, as wrapWords' plain path wraps it, each line indented
 * four spaces: words one space apart, a line as long as fits in `wrapAt` (a longer word whole on its
 * own line). Written at `buf[p]`; returns the end. For any text of printable ASCII.
 */
function wrapWordByWord(
  prefix: Uint8Array,
  data: Uint8Array,
  from: number,
  to: number,
  wrapAt: number,
  buf: Uint8Array,
  p: number,
): number {
  const length = prefix.length + (to - from);
  const text = scratch(length);
  let t = 0;
  for (let b = 0; b < prefix.length; b++) text[t++] = prefix[b]!;
  for (let b = from; b < to; b++) text[t++] = data[b]!;
  let lineWidth = -1;
  let i = 0;
  while (i < length) {
    if (text[i] === SPACE) {
      i++;
      continue;
    }
    let j = i;
    while (j < length && text[j] !== SPACE) j++;
    const wordWidth = j - i;
    if (lineWidth >= 0 && lineWidth + 1 + wordWidth <= wrapAt) {
      buf[p++] = SPACE;
      lineWidth += 1 + wordWidth;
    } else {
      if (lineWidth >= 0) buf[p++] = 10;
      p = spaces(buf, p, 4);
      lineWidth = wordWidth;
    }
    for (let b = i; b < j; b++) buf[p++] = text[b]!;
    i = j;
  }
  if (lineWidth >= 0) buf[p++] = 10;
  return p;
}

/**
 * `wrapWordByWord` for text whose words are exactly one space apart and that starts with a word
 * (`prefix` ends in one space, `data[from, to)` is PLAIN): a line that fits is then the longest run
 * of the text that ends before a space (or at the end) within `wrapAt` bytes of its start, so each
 * line is found by looking back from there and copied whole, not word by word.
 */
function wrapRuns(
  prefix: Uint8Array,
  data: Uint8Array,
  from: number,
  to: number,
  wrapAt: number,
  buf: Uint8Array,
  p: number,
): number {
  const head = prefix.length;
  const length = head + (to - from);
  // Position v of the text (prefix, then the data) is prefix[v] or data[from + v - head].
  const at = (v: number) => (v < head ? prefix[v]! : data[from + v - head]!);
  let s = 0;
  while (s < length) {
    let q: number;
    const e = s + wrapAt;
    if (e >= length) {
      // The rest fits; a space at the very end starts no word.
      q = length;
      while (q > s && at(q - 1) === SPACE) q--;
      if (q === s) break;
    } else {
      q = e;
      while (q > s && at(q) !== SPACE) q--;
      if (q === s) {
        // The first word is longer than a line: it goes whole on its own.
        q = e + 1;
        while (q < length && at(q) !== SPACE) q++;
      }
    }
    p = spaces(buf, p, 4);
    let v = s;
    for (; v < q && v < head; v++) buf[p++] = prefix[v]!;
    for (let b = from + v - head, end = from + q - head; b < end; b++) buf[p++] = data[b]!;
    buf[p++] = 10;
    s = q + 1;
  }
  return p;
}

function spaces(buf: Uint8Array, p: number, n: number): number {
  for (let i = 0; i < n; i++) buf[p++] = SPACE;
  return p;
}

/**
 * Where the line [start, end) of UTF-8 ends once `String.prototype.trimEnd` has taken its trailing
 * white space: the ASCII controls \t-\r and the space, and the Unicode spaces JavaScript trims.
 */
function trimmedEnd(b: Uint8Array, start: number, end: number): number {
  let p = end;
  for (;;) {
    if (p <= start) return p;
    const c = b[p - 1]!;
    if (c === SPACE || (c >= 9 && c <= 13)) {
      p--;
      continue;
    }
    if (c < 0x80) return p;
    // A character of two or three bytes: U+00A0, U+1680, U+2000-200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF.
    if (p - 2 >= start && b[p - 2] === 0xc2 && c === 0xa0) {
      p -= 2;
      continue;
    }
    if (p - 3 < start) return p;
    const x = b[p - 3]!;
    const y = b[p - 2]!;
    const code = ((x & 0x0f) << 12) | ((y & 0x3f) << 6) | (c & 0x3f);
    if (
      (x & 0xf0) === 0xe0 &&
      (code === 0x1680 ||
        (code >= 0x2000 && code <= 0x200a) ||
        code === 0x2028 ||
        code === 0x2029 ||
        code === 0x202f ||
        code === 0x205f ||
        code === 0x3000 ||
        code === 0xfeff)
    ) {
      p -= 3;
      continue;
    }
    return p;
  }
}

let scratchBuf = Buffer.allocUnsafe(4096);
/** A reused buffer of at least `n` bytes. */
function scratch(n: number): Buffer {
  if (scratchBuf.length < n) scratchBuf = Buffer.allocUnsafe(2 * n);
  return scratchBuf;
}

/**
 * A local time fitted to a terminal: the day only when it is not the plan's, and the zone by its
 * city ("08:00 Los Angeles" for "2026-11-23 08:00 America/Los_Angeles").
 */
function narrowLocalTime(localTime: string, asOf: string): string {
  const sameDay = localTime.startsWith(`${asOf} `) ? localTime.slice(asOf.length + 1) : localTime;
  return sameDay.replace(/\b[A-Za-z]+(?:\/[A-Za-z_+-]+)*\/([A-Za-z_+-]+)$/, (_, city: string) =>
    city.replaceAll('_', ' '),
  );
}

/** A planned action's row without its last cell (`row`), and that cell, the explanation (`text`). */
export function actionRowParts(
  asOf: string,
  width: number,
  colour: boolean,
): (a: PlannedAction) => { row: string[]; text: string } {
  const narrow = Number.isFinite(width);
  const paint = painter(colour);
  // Local times repeat (a few zones, a few hours): each is narrowed once.
  const narrowed = new Map<string, string>();
  const narrowTime = (localTime: string) => {
    let t = narrowed.get(localTime);
    if (t === undefined) {
      t = narrowLocalTime(localTime, asOf);
      if (narrowed.size < 10_000) narrowed.set(localTime, t);
    }
    return t;
  };
  return (a) => {
    const amounts = a.amounts.map((m) => formatMoney(m.overdueMinor, m.currency));
    if (!narrow) {
      return {
        row: [
          a.customerId,
          truncate(a.customerName, 28),
          paint.stage(a.stage),
          a.channel,
          a.localTime,
          amounts.join(', '),
        ],
        text: a.explanation.summary,
      };
    }
    // Fitting a terminal: the day is the plan's, a second currency moves to the explanation.
    return {
      row: [
        a.customerId,
        truncate(a.customerName, 20),
        paint.stage(a.stage),
        a.channel,
        narrowTime(a.localTime),
        amounts.length > 1 ? `${amounts[0]} +${amounts.length - 1}` : (amounts[0] ?? ''),
      ],
      text:
        amounts.length > 1
          ? `Overdue ${amounts.join(', ')}. ${a.explanation.summary}`
          : a.explanation.summary,
    };
  };
}
