// A sheet streamed straight into columns (core's `TabColumns`): row 1 is the header, each later row
// one entry per header column, typed cells kept as the row path would read them; no array per row.
import type { TabColumns } from '../core/ledger/ledger-columns.js';
import type { SheetSink, XlsxValue } from './xlsx-reader.js';

/** The most characters `XlsxColumns` lays end to end (a 1,000,000-invoice ledger has about 30 million). */
const MAX_TEXT_CHARS = 1 << 26;

const blank = (v: XlsxValue | undefined) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * The sheet's header (row 1) and, per header column, the value of each row after it (sheet row
 * `k + 2` is entry `k`). `wide` is true when a row has a non-blank cell right of the header, and
 * `odd` when the header is not plain text or came after the rows: the row path reads such a tab.
 * Fill it through `sink`, then call `finish`.
 */
export class XlsxColumns implements TabColumns {
  header: string[] = [];
  count = 0;
  wide = false;
  odd = false;
  private headerCells: XlsxValue[] = [];
  private frozen = false;
  private columns: XlsxValue[][] = [];

  /** Where the streaming reader puts the sheet's cells. */
  readonly sink: SheetSink = {
    row: (r) => {
      if (r === 1) {
        if (this.frozen) this.odd = true;
        return;
      }
      if (!this.frozen) this.freeze();
      if (r - 1 > this.count) this.count = r - 1;
    },
    cell: (r, c, value) => {
      if (r < 1 || c < 1) return;
      if (r === 1) {
        if (this.frozen) this.odd = true;
        else this.headerCells[c - 1] = value;
        return;
      }
      if (!this.frozen) this.freeze();
      if (r - 1 > this.count) this.count = r - 1;
      const column = this.columns[c - 1];
      if (column) column[r - 2] = value;
      else if (!blank(value)) this.wide = true;
    },
  };

  /** The header is complete once a later row starts (a sheet's rows come in order). */
  private freeze(): void {
    this.frozen = true;
    this.header = Array.from(this.headerCells, (h) => {
      if (typeof h === 'string') return h;
      if (h !== undefined && h !== null) this.odd = true;
      return '';
    });
    this.columns = this.header.map(() => []);
  }

  /** Call once the sheet is read: a sheet of a header only is complete here. */
  finish(): this {
    if (!this.frozen) this.freeze();
    this.placeTexts();
    return this;
  }

  text?: string;
  starts?: Int32Array[];
  ends?: Int32Array[];

  /**
   * Lays the text cells end to end in `text` with `starts`/`ends` (`TabColumns`), so the columnar
   * readers read ids, dates and codes where they lie, as from a CSV file. An empty cell is 0..0; a
   * number, a boolean, an unreadable cell or a text starting with an apostrophe is not there
   * (start -1): the readers ask `value` for it.
   */
  private placeTexts(): void {
    const n = this.count;
    // Appended (a rope V8 flattens once, on the first read): cheaper than an array joined.
    let text = '';
    const starts: Int32Array[] = [];
    const ends: Int32Array[] = [];
    let at = 0;
    for (const column of this.columns) {
      const s = new Int32Array(n);
      const e = new Int32Array(n);
      for (let k = 0; k < n; k++) {
        const v = column[k];
        if (v === undefined || v === null) continue;
        if (typeof v !== 'string' || v.charCodeAt(0) === 39) {
          s[k] = -1;
          e[k] = -1;
          continue;
        }
        if (at > MAX_TEXT_CHARS) return;
        text += v;
        s[k] = at;
        at += v.length;
        e[k] = at;
      }
      starts.push(s);
      ends.push(e);
    }
    // A shared string repeated down a long sheet could make a text too long to hold: such a sheet
    // is read through `value` alone.
    if (at > MAX_TEXT_CHARS) return;
    this.text = text;
    this.starts = starts;
    this.ends = ends;
  }

  /** The cell's text: '' for an empty cell, a number or a boolean as `String` writes it. */
  cell(c: number, k: number): string {
    const v = this.columns[c]?.[k];
    return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
  }

  /** The cell as the row path is given it (null when empty). */
  value(c: number, k: number): unknown {
    return this.columns[c]?.[k] ?? null;
  }
}
