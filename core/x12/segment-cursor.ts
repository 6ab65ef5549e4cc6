// An X12 segment cursor over offsets: walks a file once, segment by segment, and hands out only the
// elements a reader asks for, without a string or an array per segment (the 277 reader's hot path).
import type { IsoDate } from '../ledger/dates.js';
import type { OpenedSegments } from './segments.js';
import { parseAmountMinor, parseAmountMinorIn, parseCcyymmdd } from './values.js';
import type { X12Warning } from './x12-error.js';

/**
 * A segment id as one number (`NM1` is `idCode('NM1')`), so readers switch on numbers instead of
 * slicing each id out of the text.
 */
export function idCode(id: string): number {
  return id.charCodeAt(0) * 65_536 + id.charCodeAt(1) * 256 + (id.length > 2 ? id.charCodeAt(2) : 0);
}

const INITIAL_ELEMENTS = 64;

/**
 * Reads the same segments as `eachSegment` (same numbering, same layout rules, the same warning for
 * a piece that is not a segment) but keeps each segment as offsets into the text: `next()` moves to
 * the next segment, `el(i)` slices one element, `is(i, value)` compares one without slicing.
 *
 * @example const c = new SegmentCursor(text, openSegments(text)); while (c.next()) if (c.code === idCode('TRN')) c.el(2);
 */
export class SegmentCursor {
  /** The current segment's number in the file (1-based; pieces that are not segments count too). */
  n = 0;
  /** The current segment's id as `idCode` gives it. */
  code = 0;
  /** How many elements the current segment has, the id included. */
  count = 0;
  private readonly text: string;
  private readonly len: number;
  private readonly terminator: number;
  private readonly separator: number;
  private readonly warnings: X12Warning[];
  private pos: number;
  private seen = 0;
  private idStart = 0;
  private idEnd = 0;
  private starts = new Int32Array(INITIAL_ELEMENTS);
  private ends = new Int32Array(INITIAL_ELEMENTS);
  private readonly dates = new Map<number, IsoDate | null>();

  constructor(text: string, opened: OpenedSegments) {
    this.text = text;
    this.len = text.length;
    this.terminator = opened.delimiters.terminator.charCodeAt(0);
    this.separator = opened.delimiters.element.charCodeAt(0);
    this.warnings = opened.warnings;
    this.pos = opened.start;
  }

  /** The current segment's id (`NM1`); sliced on demand, for warnings. */
  id(): string {
    return this.text.slice(this.idStart, this.idEnd);
  }

  /** Moves to the next segment; false at the end of the file. */
  next(): boolean {
    const text = this.text;
    const len = this.len;
    const sep = this.separator;
    const term = this.terminator;
    while (this.pos < len) {
      // One pass over the segment: where it ends, and where each element separator is.
      let starts = this.starts;
      let ends = this.ends;
      let count = 0;
      const first = this.pos;
      let a = first;
      let i = a;
      for (; i < len; i++) {
        const ch = text.charCodeAt(i);
        if (ch === term) break;
        if (ch !== sep) continue;
        ends[count] = i;
        count++;
        if (count === starts.length) {
          this.grow();
          starts = this.starts;
          ends = this.ends;
        }
        starts[count] = i + 1;
      }
      let b = i;
      this.pos = i + 1;
      // Line breaks and indentation between segments are layout, not data (never separators).
      while (a < b && text.charCodeAt(a) <= 32) a++;
      while (b > a) {
        const c = text.charCodeAt(b - 1);
        if (c !== 10 && c !== 13) break;
        b--;
      }
      if (a === b) continue;
      this.seen++;
      // A separator below the space (some files use \x1d) may sit in the skipped blanks: count again.
      if (sep <= 32 && a > first && count > 0) count = this.separatorsIn(a, b);
      starts = this.starts;
      ends = this.ends;
      starts[0] = a;
      ends[count] = b;
      count++;
      const idEnd = ends[0]!;
      const code = segmentIdCode(text, a, idEnd);
      if (code === 0) {
        const id = text.slice(a, idEnd);
        const segment = this.seen;
        const segmentId = id.slice(0, 3) || '?';
        this.warnings.push({
          interchange: 1,
          segment,
          segmentId,
          code: 'X12.NOT_A_SEGMENT',
          message: `segment ${segment} (${segmentId}) is not a segment (${JSON.stringify(text.slice(a, b).slice(0, 30))}): skipped`,
        });
        continue;
      }
      this.n = this.seen;
      this.code = code;
      this.count = count;
      this.idStart = a;
      this.idEnd = idEnd;
      return true;
    }
    return false;
  }

  /** Records the separators of `text[a, b)` (the slow path of `next`); their number. */
  private separatorsIn(a: number, b: number): number {
    let count = 0;
    for (let i = a; i < b; i++) {
      if (this.text.charCodeAt(i) !== this.separator) continue;
      this.ends[count] = i;
      count++;
      if (count === this.starts.length) this.grow();
      this.starts[count] = i + 1;
    }
    return count;
  }

  /** Twice the room for element offsets (a segment with more elements than any so far). */
  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }

  /** Element `i` without surrounding blanks (`''` when absent); most have none and are sliced as they are. */
  el(i: number): string {
    if (i >= this.count) return '';
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    if (s === e) return '';
    const text = this.text;
    if (text.charCodeAt(s) <= 32 || text.charCodeAt(e - 1) <= 32) return text.slice(s, e).trim();
    return text.slice(s, e);
  }

  /** Whether element `i` (as `el(i)` reads it) is `value`, without slicing it. */
  is(i: number, value: string): boolean {
    if (i >= this.count) return value === '';
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    if (e - s !== value.length) return s < e && this.needsTrim(s, e) ? this.el(i) === value : false;
    if (s < e && this.needsTrim(s, e)) return this.el(i) === value;
    const text = this.text;
    for (let k = 0; k < value.length; k++) if (text.charCodeAt(s + k) !== value.charCodeAt(k)) return false;
    return true;
  }

  /** Whether element `i` is empty as `el(i)` reads it. */
  empty(i: number): boolean {
    if (i >= this.count) return true;
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    return s === e || (this.needsTrim(s, e) && this.el(i) === '');
  }

  private needsTrim(s: number, e: number): boolean {
    return this.text.charCodeAt(s) <= 32 || this.text.charCodeAt(e - 1) <= 32;
  }

  /**
   * Element `i` as `parseAmountMinor(el(i))` reads it: undefined for an empty element, null for one
   * that is not an amount (the caller words the warning from `el(i)`).
   */
  amount(i: number): number | undefined | null {
    if (i >= this.count) return undefined;
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    if (s === e) return undefined;
    if (this.needsTrim(s, e)) {
      const v = this.el(i);
      if (v === '') return undefined;
      return parseAmountMinor(v) ?? null;
    }
    return parseAmountMinorIn(this.text, s, e) ?? null;
  }

  /**
   * Element `i` as `parseCcyymmdd(el(i))` reads it: undefined for an empty element, null for one that
   * is not a date. Eight digits are looked up by their number, so a repeated date is never sliced.
   */
  date(i: number): IsoDate | undefined | null {
    if (i >= this.count) return undefined;
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    if (s === e) return undefined;
    if (this.needsTrim(s, e)) {
      const v = this.el(i);
      if (v === '') return undefined;
      return parseCcyymmdd(v) ?? null;
    }
    return this.dateIn(s, e);
  }

  /** The dates `dateRange` read (undefined when a side is empty or not a date). */
  from: IsoDate | undefined;
  to: IsoDate | undefined;

  /**
   * Reads element `i` (as `el(i)`) as a date or, with `range`, a `from-to` range of dates, each side
   * as `parseCcyymmdd` reads it, into `from` and `to`; true when both are dates.
   */
  dateRange(i: number, range: boolean): boolean {
    this.from = undefined;
    this.to = undefined;
    if (i >= this.count) return false;
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    if (s < e && this.needsTrim(s, e)) {
      const v = this.el(i);
      const dash = range ? v.indexOf('-') : -1;
      const from = dash < 0 ? v : v.slice(0, dash);
      const to = dash < 0 ? v : v.slice(dash + 1);
      this.from = from ? parseCcyymmdd(from) : undefined;
      this.to = to ? parseCcyymmdd(to) : undefined;
    } else {
      let dash = -1;
      if (range) {
        const at = this.text.indexOf('-', s);
        if (at >= 0 && at < e) dash = at;
      }
      const fromEnd = dash < 0 ? e : dash;
      const toStart = dash < 0 ? s : dash + 1;
      this.from = fromEnd > s ? (this.dateIn(s, fromEnd) ?? undefined) : undefined;
      this.to = e > toStart ? (this.dateIn(toStart, e) ?? undefined) : undefined;
    }
    return this.from !== undefined && this.to !== undefined;
  }

  private dateIn(s: number, e: number): IsoDate | null {
    const text = this.text;
    if (e - s === 8) {
      let key = 0;
      for (let k = s; k < e; k++) {
        const d = text.charCodeAt(k) - 48;
        if (d < 0 || d > 9) {
          key = -1;
          break;
        }
        key = key * 10 + d;
      }
      if (key >= 0) {
        const known = this.dates.get(key);
        if (known !== undefined) return known;
        const read = parseCcyymmdd(text.slice(s, e)) ?? null;
        this.dates.set(key, read);
        return read;
      }
    }
    return parseCcyymmdd(text.slice(s, e)) ?? null;
  }
}

/** The id's code when `text[a, b)` is a segment id (a capital, then 1-2 capitals or digits), else 0. */
function segmentIdCode(text: string, a: number, b: number): number {
  const len = b - a;
  if (len < 2 || len > 3) return 0;
  let code = 0;
  for (let i = 0; i < 3; i++) {
    if (i === len) {
      code *= 256;
      continue;
    }
    const c = text.charCodeAt(a + i);
    if (!((c >= 65 && c <= 90) || (i > 0 && c >= 48 && c <= 57))) return 0;
    code = code * 256 + c;
  }
  return code;
}
