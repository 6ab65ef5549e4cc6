// A sheet streamed straight into columns (core's `TabColumns`): row 1 is the header, each later row
// one entry per header column, typed cells kept as the row path would read them; no array per row.
import type { TabColumns } from '../core/ledger/ledger-columns.js';
import type { SheetSink, XlsxValue } from './xlsx-reader.js';

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
    return this;
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
