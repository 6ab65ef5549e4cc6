// The small tabs of a columnar ledger (Customers, Payments) validated on the columns: the records
// `parseTabRows` gives for a tab whose every row is valid, read without a string array per row.

import type { Customer } from './ledger.js';
import {
  blankRow,
  blankValue,
  centsAt,
  idAt,
  oneItemAt,
  rawCell,
  solid,
  type TabColumns,
} from './ledger-cells.js';
import { emailAt } from './ledger-columns-customers.js';
import { currencyExponent, isKnownCurrency } from './money.js';
import { type ColumnDef, type TabName, tabDef } from './schema.js';
import {
  type CellResult,
  MAX_CELL_CHARS,
  matchHeaders,
  type ParseOptions,
  parseCellOnce,
  type ReadColumn,
  readColumns,
  requiredMissing,
} from './schema-cells.js';
import {
  customerOfFields,
  customerOfValues,
  ROW_RULES,
  type RowFields,
  rowRuleProblem,
} from './schema-rows.js';

/**
 * The tab's rows as `parseTabRows(name, rows)` gives them (`records`, sheet row numbers from 2),
 * or `undefined` when any row has a problem (the row path then names it) or a required column is
 * missing. Where the cells lie in one text (a CSV file), plain ids, texts, amounts and one-item
 * lists are read in place; every other cell goes through the schema's cell parser, so a value is
 * accepted exactly when `parseTabRows` accepts it. Given `each`, each record is handed to it
 * instead of kept (the result is then empty), and a false from it stops the reading: `undefined`.
 */
export function tabRecordsOfColumns(
  name: TabName,
  tab: TabColumns,
  options: ParseOptions = {},
  each?: (fields: RowFields) => boolean,
): RowFields[] | undefined {
  const records: RowFields[] = [];
  const read = tabValuesOfColumns(name, tab, options, (k, values, columns) => {
    const fields: RowFields = { row: k + 2 };
    for (let c = 0; c < columns.length; c++) {
      const v = values[columns[c]!.slot];
      if (v !== UNSET) fields[columns[c]!.col.key] = v;
    }
    if (rowRuleProblem(name, fields)) return false;
    if (!each) records.push(fields);
    else if (!each(fields)) return false;
    return true;
  });
  return read ? records : undefined;
}

/**
 * The Customers tab's `Customer`s, as `tabRecordsOfColumns('Customers', ...)` then `customerOfFields`
 * give them, without a record per row: each row's values are read into one array by column and
 * the `Customer` made from it, every one with the same members in the same order. `undefined`
 * where `tabRecordsOfColumns` gives it (or where the tab has row rules, left to the records).
 */
export function customersOfColumns(tab: TabColumns, options: ParseOptions = {}): Customer[] | undefined {
  if (ROW_RULES.Customers.length > 0) {
    const list: Customer[] = [];
    return tabRecordsOfColumns('Customers', tab, options, (f) => list.push(customerOfFields(f)) > 0)
      ? list
      : undefined;
  }
  const list: Customer[] = [];
  const read = tabValuesOfColumns('Customers', tab, options, (k, values) => {
    list.push(customerOfValues(k + 2, values, UNSET));
    return true;
  });
  return read ? list : undefined;
}

/** A column read, with its place in the tab's definition (the slot of its value). */
interface SlotColumn extends ReadColumn {
  slot: number;
}

/** Marks a column a row leaves blank in the values array (a parsed value may itself be `undefined`). */
const UNSET: unique symbol = Symbol('unset');

/**
 * Reads the tab row by row, as `tabRecordsOfColumns` documents: each non-blank row's values put in
 * one array (reused: read it before returning) at their column's index in the tab's definition,
 * `UNSET` where the cell is blank, and handed to `row`. `false` (a problem, a missing required
 * column, or `row` saying so) when the tab is refused.
 */
function tabValuesOfColumns(
  name: TabName,
  tab: TabColumns,
  options: ParseOptions,
  row: (k: number, values: unknown[], columns: readonly SlotColumn[]) => boolean,
): boolean {
  const reader = RowReader.of(name, tab, options);
  if (!reader) return false;
  for (let k = 0; k < tab.count; k++) {
    if (blankRow(tab, k)) continue;
    if (!reader.read(k) || !row(k, reader.values, reader.columns)) return false;
  }
  return true;
}

/** One tab's rows read into `values` one at a time, by row number (see `tabValuesOfColumns`). */
class RowReader {
  /** The row last read: each column's value at its index in the tab's definition, or `UNSET`. */
  readonly values: unknown[];
  readonly #inText: boolean;
  readonly #fastAmounts: boolean;
  /** Per column, the texts of a MEMO_TYPES column already parsed, found in place (see `keepTexts`). */
  #interns: (TextIntern | undefined)[] = [];
  /** Every row read before by `plainCustomerIds` (see `knowPlain`): the index in `columns` of its id column (-1: none), its ids. */
  #idColumn = -1;
  #ids: readonly string[] = [];
  #plain = false;
  private constructor(
    readonly columns: readonly SlotColumn[],
    size: number,
    private readonly tab: TabColumns,
    private readonly currencyAt: number,
    private readonly options: ParseOptions,
  ) {
    this.values = new Array(size).fill(UNSET);
    this.#inText = tab.text !== undefined && tab.starts !== undefined && tab.ends !== undefined;
    this.#fastAmounts = options.numberFormat !== '1.234,56';
  }

  /**
   * Keeps the first few texts of each MEMO_TYPES column with their parse (`TextIntern`), for a tab
   * whose such columns hold a few texts over and over (the Customers' zones); cells read verbatim
   * from the text only (no typed `value`).
   */
  keepTexts(): void {
    const inText = this.#inText && this.tab.value === undefined;
    this.#interns = this.columns.map((c) => (inText && c.memo ? new TextIntern() : undefined));
  }

  /**
   * Says every row was read before by `plainCustomerIds`, which gave `ids` (row `k`'s id is
   * `ids[k]`): each cell is in the text, with no space around it, valid, a text or an email not
   * longer than a cell holds. Row `k`'s id is then taken from `ids[k]`, and a text's or an email's
   * value is its text (what `parseCell` gives such a cell), without checking it again.
   */
  knowPlain(key: string, ids: readonly string[]): void {
    this.#idColumn = this.columns.findIndex((c) => c.col.key === key && c.col.type === 'id');
    this.#ids = ids;
    this.#plain = this.#inText && this.tab.value === undefined;
  }

  /** The reader of a tab, or undefined when a required column is missing. */
  static of(name: TabName, tab: TabColumns, options: ParseOptions): RowReader | undefined {
    const def = tabDef(name);
    const index = matchHeaders(def, tab.header);
    if (requiredMissing(def, index)) return undefined;
    // An absent optional column is blank on every row: nothing to read.
    const columns: SlotColumn[] = readColumns(def, index, true).map((c) => ({
      ...c,
      slot: def.columns.indexOf(c.col),
    }));
    return new RowReader(columns, def.columns.length, tab, index.get('currency') ?? -1, options);
  }

  /** Reads row `k` (not blank) into `values`; false at a problem (the tab is then refused). */
  read(k: number): boolean {
    const { tab, columns, values, options } = this;
    const { text, starts, ends } = tab;
    let rowCurrency: string | undefined;
    if (this.currencyAt >= 0) {
      // As parseTabRows reads it: only a text names the row's currency.
      const raw = rawCell(tab, this.currencyAt, k);
      if (typeof raw === 'string' && raw.trim() !== '') {
        const c = raw.trim().toUpperCase();
        if (isKnownCurrency(c)) rowCurrency = c;
      }
    }
    for (let c = 0; c < columns.length; c++) {
      const { col, at, memo, slot } = columns[c]!;
      values[slot] = UNSET;
      const s = this.#inText ? starts![at]![k]! : -1;
      const intern = this.#interns[c];
      if (s >= 0) {
        const e = ends![at]![k]!;
        if (s === e) {
          if (col.required) return false;
          continue;
        }
        if (this.#plain) {
          if (c === this.#idColumn) {
            values[slot] = this.#ids[k];
            continue;
          }
          if (col.type === 'text' || col.type === 'email') {
            values[slot] = text!.slice(s, e);
            continue;
          }
        }
        if (intern) {
          const known = intern.find(text!, s, e);
          if (known !== undefined) {
            values[slot] = known.value;
            continue;
          }
        }
        const value = inPlace(col, text!, s, e, rowCurrency, this.#fastAmounts);
        if (value !== undefined) {
          values[slot] = value;
          continue;
        }
      }
      // Typed where the tab has types (an .xlsx: numbers, dates, unreadable cells), as the row path reads them.
      const raw = rawCell(tab, at, k);
      if (blankValue(raw)) {
        if (col.required) return false;
        continue;
      }
      const parsed = parseCellOnce(col, raw, rowCurrency, options, memo);
      if (!parsed.ok) return false;
      if (intern && s >= 0) intern.add(raw as string, parsed);
      values[slot] = parsed.value;
    }
    return true;
  }
}

/**
 * The few distinct texts of a MEMO_TYPES column (zones, codes) with their parse, found by comparing
 * the cell where it lies in the text: no string made and hashed per cell for a text seen before.
 * Such a parse depends on the text alone, so it is the one `parseCellOnce` gives it again.
 */
class TextIntern {
  readonly #texts: string[] = [];
  readonly #parsed: { ok: true; value: unknown }[] = [];

  /** The parse of the text `text[s..e)`, when it is one of those kept. */
  find(text: string, s: number, e: number): { ok: true; value: unknown } | undefined {
    const texts = this.#texts;
    const n = e - s;
    const last = text.charCodeAt(e - 1);
    for (let i = 0; i < texts.length; i++) {
      const t = texts[i]!;
      // Zones share their beginning (`America/`): the last character tells most of them apart.
      if (t.length !== n || t.charCodeAt(n - 1) !== last) continue;
      let j = 0;
      while (j < n && t.charCodeAt(j) === text.charCodeAt(s + j)) j++;
      if (j === n) return this.#parsed[i];
    }
    return undefined;
  }

  /** Keeps `raw`'s parse (a valid one; up to 16 texts, the commonest being met first). */
  add(raw: string, parsed: CellResult): void {
    if (parsed.ok && this.#texts.length < 16) {
      this.#texts.push(raw);
      this.#parsed.push(parsed);
    }
  }
}

/** A tab's Customers made one at a time, by position (`at(n)` is the `n`-th of `customersOfColumns`). */
export interface CustomerRows {
  readonly count: number;
  at(n: number): Customer;
}

/**
 * The Customers of a tab `plainCustomerIds` read (so every row is valid and none is blank: the
 * `n`-th Customer is row `n`'s), made when asked: a reader going through them once lets each go,
 * where the whole list would live (and be copied by the collector) as long as the ledger. Given
 * the ids `plainCustomerIds` gave, each Customer's id is that string, not read from the text again.
 */
export function customerRowsOfColumns(
  tab: TabColumns,
  options: ParseOptions = {},
  ids?: readonly string[],
): CustomerRows | undefined {
  if (ROW_RULES.Customers.length > 0) return undefined;
  const reader = RowReader.of('Customers', tab, options);
  if (!reader) return undefined;
  reader.keepTexts();
  if (ids) reader.knowPlain('customerId', ids);
  return {
    count: tab.count,
    at(n: number): Customer {
      if (!reader.read(n)) throw new Error(`Customers row ${n + 2} was read once and is refused now`);
      return customerOfValues(n + 2, reader.values, UNSET);
    },
  };
}

/**
 * The value `parseCell` gives the cell at `text[s..e)` when it is in a form read without the cell
 * parser (an id, a text needing no trim, `digits.dd` in a two-decimal currency, a list of one plain
 * item); `undefined` for anything else, which the caller parses as a string.
 */
function inPlace(
  col: ColumnDef,
  text: string,
  s: number,
  e: number,
  rowCurrency: string | undefined,
  fastAmounts: boolean,
): unknown {
  switch (col.type) {
    case 'id':
      return idAt(text, s, e) ? text.slice(s, e) : undefined;
    case 'text':
      return e - s <= MAX_CELL_CHARS && solid(text.charCodeAt(s)) && solid(text.charCodeAt(e - 1))
        ? text.slice(s, e)
        : undefined;
    case 'email':
      return e - s <= MAX_CELL_CHARS &&
        solid(text.charCodeAt(s)) &&
        solid(text.charCodeAt(e - 1)) &&
        emailAt(text, s, e) === true
        ? text.slice(s, e)
        : undefined;
    case 'money': {
      if (!fastAmounts || rowCurrency === undefined || currencyExponent(rowCurrency) !== 2) return undefined;
      const minor = centsAt(text, s, e);
      return minor >= 0 ? minor : undefined;
    }
    case 'list': {
      if (!oneItemAt(text, s, e)) return undefined;
      const item = text.slice(s, e);
      if (!col.values) return [item];
      const normalized = item.toLowerCase();
      return col.values.includes(normalized) ? [normalized] : undefined;
    }
    default:
      return undefined;
  }
}
