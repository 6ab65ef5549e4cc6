// The Invoices tab of a columnar ledger as typed columns: validated cell by cell on any columns,
// or, for a plain ASCII CSV file, read straight from its bytes in one pass without offsets per cell.
import {
  APOSTROPHE,
  COMMA,
  CurrencyCodes,
  CustomerRun,
  centsOfBytes,
  fieldEnd,
  fieldRoles,
  idAtBytes,
  nextRecord,
  recordCapacity,
} from './csv-bytes.js';
import { type IsoDate, isoDayOfBytes, toDay } from './dates.js';
import { type CustomerIndex, IdColumn, IdColumnIndexer, type RowsById } from './id-index.js';
import {
  blankRow,
  blankValue,
  centsAt,
  idAt,
  isoDayAt,
  numberCents,
  rawCell,
  type TabColumns,
} from './ledger-cells.js';
import { currencyExponent, isKnownCurrency } from './money.js';
import { tabDef } from './schema.js';
import {
  type CellResult,
  cellValueProblem,
  MAX_CELL_CHARS,
  matchHeaders,
  type ParseOptions,
  parseCellOnce,
} from './schema-cells.js';

/** Invoice status as a small code in `InvoiceColumns.status`. */
export const INVOICE_STATUS_CODES = { open: 0, disputed: 1, void: 2 } as const;

/** The Invoices tab as typed columns: one entry per valid invoice, in row order. */
export interface InvoiceColumns {
  count: number;
  /** Invoice ids, where they lie in the file (a string each only when read). */
  ids: IdColumn;
  /** Every invoice id as a string (made when first read; the columnar paths read `ids`). */
  readonly invoiceId: readonly string[];
  /** Index into `ColumnarLedger.customerIds`. */
  customer: Int32Array;
  /** Index into `ColumnarLedger.currencies`. */
  currency: Uint16Array;
  invoiceDay: Int32Array;
  dueDay: Int32Array;
  amountMinor: Float64Array;
  status: Uint8Array;
}

export function emptyInvoices(): InvoiceColumns {
  return invoiceColumnsOf(new IdColumn('', 0), {
    count: 0,
    customer: new Int32Array(0),
    currency: new Uint16Array(0),
    invoiceDay: new Int32Array(0),
    dueDay: new Int32Array(0),
    amountMinor: new Float64Array(0),
    status: new Uint8Array(0),
  });
}

/** The columns with `ids`, and `invoiceId` made from them when first read. */
function invoiceColumnsOf(ids: IdColumn, columns: Omit<InvoiceColumns, 'ids' | 'invoiceId'>): InvoiceColumns {
  let strings: string[] | undefined;
  return {
    ...columns,
    ids,
    get invoiceId() {
      strings ??= ids.toArray();
      return strings;
    },
  };
}

/** Invoices columns read in place when they lie in the text. */
const FAST_KEYS = ['invoiceId', 'customerId', 'invoiceDate', 'dueDate', 'amountMinor', 'currency', 'status'];

/**
 * The Invoices tab validated column by column (ids unique: checked by the caller); `undefined` at
 * the first row with a problem. Where the cells lie in one text, plain dates, amounts, currency
 * codes, ids and statuses are read in place; every other cell goes through the schema's cell
 * parser as a string, so a value is accepted exactly when `parseTabRows` accepts it.
 */
export function invoiceColumns(
  tab: TabColumns,
  customerIndex: CustomerIndex,
  internCurrency: (code: string) => number,
  currencies: readonly string[],
  options: ParseOptions,
): InvoiceColumns | undefined {
  const def = tabDef('Invoices');
  const index = matchHeaders(def, tab.header);
  const cols = def.columns.filter((c) => !c.computed);
  if (cols.some((c) => c.required && index.get(c.key) === -1)) return undefined;
  const where = (key: string) => index.get(key) ?? -1;
  const [idAtCol, customerAtCol, issuedAtCol, dueAtCol, amountAtCol, currencyAtCol, statusAtCol] = [
    'invoiceId',
    'customerId',
    'invoiceDate',
    'dueDate',
    'amountMinor',
    'currency',
    'status',
  ].map(where) as [number, number, number, number, number, number, number];
  // Other columns (matter, description) are text: only a cell too long to be one is a problem. A
  // column of another type (added to the schema later) is not read here: the row path reads the tab.
  const others = cols.filter((c) => !FAST_KEYS.includes(c.key));
  if (others.some((c) => c.type !== 'text')) return undefined;
  const textCols = others.map((c) => where(c.key)).filter((i) => i >= 0);
  const colDef = (key: string) => cols.find((c) => c.key === key)!;
  const memos = new Map<string, Map<string, CellResult>>();
  /** The schema's parse of one cell's text (remembered per distinct text for the memo-able types). */
  const slow = (key: string, raw: unknown, rowCurrency: string | undefined): CellResult => {
    const col = colDef(key);
    const memoable =
      typeof raw === 'string' && (col.type === 'date' || col.type === 'currency' || col.type === 'enum');
    let memo = memoable ? memos.get(key) : undefined;
    if (memoable && !memo) {
      memo = new Map();
      memos.set(key, memo);
    }
    return parseCellOnce(col, raw, rowCurrency, options, memo);
  };
  const { text, starts, ends } = tab;
  const inText = text !== undefined && starts !== undefined && ends !== undefined;
  const n = tab.count;
  const ids = new IdColumn(text ?? '', n);
  const out: Omit<InvoiceColumns, 'ids' | 'invoiceId'> = {
    count: 0,
    customer: new Int32Array(n),
    currency: new Uint16Array(n),
    invoiceDay: new Int32Array(n),
    dueDay: new Int32Array(n),
    amountMinor: new Float64Array(n),
    status: new Uint8Array(n),
  };
  // Currency codes seen as three capital letters, by their letters: index + 1, or -1 if unknown.
  const codeTable = new Int32Array(26 * 26 * 26);
  const exponentTwo: boolean[] = [];
  const fastAmounts = options.numberFormat !== '1.234,56';
  // The row being read, and its currency, shared with the readers below (made once, not per row).
  let k = 0;
  let rowCurrency: string | undefined;
  // The customer of the last row whose customer id lay in the text, and where that id lay.
  let lastCustomer = -1;
  let lastCustomerStart = 0;
  let lastCustomerEnd = 0;
  const s = (c: number) => (inText ? starts[c]![k]! : -1);
  const e = (c: number) => ends![c]![k]!;
  const day = (c: number, key: string) => {
    if (c >= 0 && s(c) >= 0) {
      const d = isoDayAt(text!, s(c), e(c));
      if (d >= 0) return d;
    }
    const raw = c >= 0 ? rawCell(tab, c, k) : '';
    if (blankValue(raw)) return -1;
    const parsed = slow(key, raw, rowCurrency);
    return parsed.ok ? toDay(parsed.value as IsoDate) : -1;
  };
  for (k = 0; k < n; k++) {
    if (blankRow(tab, k)) continue;
    // Currency first: the amount is read in it.
    let currency = -1;
    if (currencyAtCol >= 0 && s(currencyAtCol) >= 0 && e(currencyAtCol) - s(currencyAtCol) === 3) {
      const a = s(currencyAtCol);
      const l0 = text!.charCodeAt(a) - 65;
      const l1 = text!.charCodeAt(a + 1) - 65;
      const l2 = text!.charCodeAt(a + 2) - 65;
      if (l0 >= 0 && l0 < 26 && l1 >= 0 && l1 < 26 && l2 >= 0 && l2 < 26) {
        const key = (l0 * 26 + l1) * 26 + l2;
        if (codeTable[key] === 0) {
          const code = text!.slice(a, a + 3);
          codeTable[key] = isKnownCurrency(code) ? internCurrency(code) + 1 : -1;
        }
        currency = codeTable[key]! - 1;
      }
    }
    rowCurrency = undefined;
    if (currency >= 0) rowCurrency = currencies[currency];
    else {
      const raw = currencyAtCol >= 0 ? rawCell(tab, currencyAtCol, k) : '';
      const upper = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
      rowCurrency = isKnownCurrency(upper) ? upper : undefined;
      if (blankValue(raw)) return undefined;
      const parsed = slow('currency', raw, rowCurrency);
      if (!parsed.ok) return undefined;
      currency = internCurrency(parsed.value as string);
    }
    if (exponentTwo[currency] === undefined)
      exponentTwo[currency] = currencyExponent(currencies[currency]!) === 2;
    const issued = day(issuedAtCol, 'invoiceDate');
    const due = day(dueAtCol, 'dueDate');
    if (issued < 0 || due < 0) return undefined;
    // Read in place only where the cell parser reads it the same way: in a ledger stated as
    // 1.234,56, "2500.50" is not 2,500.50.
    let amount =
      fastAmounts && exponentTwo[currency] && s(amountAtCol) >= 0
        ? centsAt(text!, s(amountAtCol), e(amountAtCol))
        : -1;
    if (amount < 0) {
      const raw = rawCell(tab, amountAtCol, k);
      if (blankValue(raw)) return undefined;
      // A number cell (an .xlsx) in a two-decimal currency: its shortest text, as parseMoney reads it.
      if (typeof raw === 'number' && exponentTwo[currency]) amount = numberCents(raw);
    }
    if (amount < 0) {
      const raw = rawCell(tab, amountAtCol, k);
      const parsed = slow('amountMinor', raw, rowCurrency);
      if (!parsed.ok) return undefined;
      amount = parsed.value as number;
    }
    // The Invoices row rules (ROW_RULES.Invoices), on the typed values.
    if (due < issued || amount < 0) return undefined;
    // Where the id lies in the text, or its string when it is not there as it reads.
    let invoiceId: string | undefined;
    if (!(s(idAtCol) >= 0 && idAt(text!, s(idAtCol), e(idAtCol)))) {
      const raw = rawCell(tab, idAtCol, k);
      if (blankValue(raw)) return undefined;
      const parsed = slow('invoiceId', raw, rowCurrency);
      if (!parsed.ok) return undefined;
      invoiceId = parsed.value as string;
    }
    let customer = -1;
    const cs = s(customerAtCol);
    if (cs >= 0) {
      // Invoices are usually listed customer by customer: the previous row's customer, unhashed.
      const ce = e(customerAtCol);
      if (lastCustomer >= 0 && ce - cs === lastCustomerEnd - lastCustomerStart) {
        let i = 0;
        while (i < ce - cs && text!.charCodeAt(cs + i) === text!.charCodeAt(lastCustomerStart + i)) i++;
        if (i === ce - cs) customer = lastCustomer;
      }
      if (customer < 0) customer = customerIndex.getAt(text!, cs, ce);
      if (customer >= 0) {
        lastCustomer = customer;
        lastCustomerStart = cs;
        lastCustomerEnd = ce;
      }
    }
    if (customer < 0) {
      const raw = rawCell(tab, customerAtCol, k);
      if (blankValue(raw)) return undefined;
      const parsed = slow('customerId', raw, rowCurrency);
      if (!parsed.ok) return undefined;
      customer = customerIndex.get(parsed.value as string);
      if (customer < 0) return undefined;
    }
    let status = 0;
    if (statusAtCol >= 0 && !(s(statusAtCol) >= 0 && s(statusAtCol) === e(statusAtCol))) {
      const raw = rawCell(tab, statusAtCol, k);
      if (!blankValue(raw)) {
        const parsed = slow('status', raw, rowCurrency);
        if (!parsed.ok) return undefined;
        status = INVOICE_STATUS_CODES[parsed.value as keyof typeof INVOICE_STATUS_CODES];
      }
    }
    for (const c of textCols) {
      if (s(c) >= 0) {
        if (e(c) - s(c) > MAX_CELL_CHARS) return undefined;
        continue;
      }
      // Too long, or not a value a cell holds (an unreadable cell): the row path names it.
      if (cellValueProblem(rawCell(tab, c, k)) !== undefined) return undefined;
    }
    const j = out.count++;
    if (invoiceId === undefined) ids.pushAt(s(idAtCol), e(idAtCol));
    else ids.push(invoiceId);
    out.customer[j] = customer;
    out.currency[j] = currency;
    out.invoiceDay[j] = issued;
    out.dueDay[j] = due;
    out.amountMinor[j] = amount;
    out.status[j] = status;
  }
  return invoiceColumnsOf(ids, out);
}

/**
 * A tab read from a plain ASCII CSV file that also gives the file's bytes (a byte per character of
 * `text`) and where its records after the header start, so a reader may scan them itself.
 */
export interface PlainCsvTab extends TabColumns {
  /**
   * `allPlain` is set by a reader that found every record plain (unquoted, exactly the header's
   * fields, none starting with an apostrophe): no record is then wider than the header.
   */
  plain?: { bytes: Uint8Array; from: number; allPlain?: boolean };
}

/** What a field of the Invoices tab is, by header position, for the plain reader. */
const ROLE = {
  skip: 0,
  id: 1,
  customer: 2,
  issued: 3,
  due: 4,
  amount: 5,
  currency: 6,
  status: 7,
  text: 8,
} as const;

/** The role of each Invoices column the plain reader reads by its key (any other text column: `text`). */
const ROLE_OF: Record<string, number> = {
  invoiceId: ROLE.id,
  customerId: ROLE.customer,
  invoiceDate: ROLE.issued,
  dueDate: ROLE.due,
  amountMinor: ROLE.amount,
  currency: ROLE.currency,
  status: ROLE.status,
};

/**
 * The Invoices tab read straight from the bytes of a plain ASCII CSV file (`tab.plain`): every
 * record unquoted with exactly the header's fields, ids, `YYYY-MM-DD` dates, `digits.dd` amounts
 * in two-decimal currencies, three capital letters of a known currency, Status blank or `open`,
 * `disputed`, `void`, known customers, due date not before the invoice date. The columns are those
 * `invoiceColumns` gives for the same tab; `undefined` at the first thing outside that (a problem
 * too): `invoiceColumns` then reads the tab and decides. No offsets per cell, no string per cell.
 */
export function plainInvoiceColumns(
  tab: PlainCsvTab,
  customerIndex: CustomerIndex,
  internCurrency: (code: string) => number,
  options: ParseOptions,
): { invoices: InvoiceColumns; byId: RowsById } | undefined {
  const plain = tab.plain;
  if (!plain || options.numberFormat === '1.234,56') return undefined;
  const { bytes, from } = plain;
  const ncols = tab.header.length;
  if (ncols === 0) return undefined;
  // Any other column (matter, description) is a text; a column of another type is not read here.
  const roles = fieldRoles(tabDef('Invoices'), tab.header, (col) =>
    ROLE_OF[col.key] !== undefined ? ROLE_OF[col.key] : col.type === 'text' ? ROLE.text : undefined,
  );
  if (!roles) return undefined;
  const n = bytes.length;
  // Columns sized from the first lines' length (grown if the guess falls short).
  let capacity = recordCapacity(bytes, from);
  const ids = new IdColumn(bytes, capacity);
  // Ids numbered in sequence (the usual) are indexed by number; any others by hash.
  const byId = new IdColumnIndexer(ids, capacity);
  let customerOf = new Int32Array(capacity);
  let currencyOf = new Uint16Array(capacity);
  let invoiceDay = new Int32Array(capacity);
  let dueDay = new Int32Array(capacity);
  let amountMinor = new Float64Array(capacity);
  let status = new Uint8Array(capacity);
  const codes = new CurrencyCodes(internCurrency);
  const customers = new CustomerRun(customerIndex);
  let count = 0;
  let i = from;
  while (i < n) {
    let idS = 0;
    let idE = 0;
    let cuS = 0;
    let cuE = 0;
    let issued = -1;
    let due = -1;
    let amount = -1;
    let currency = -1;
    let code = 0;
    for (let c = 0; c < ncols; c++) {
      const s = i;
      // Dates and currency codes have a fixed width and are checked whole; ids and amounts are
      // checked as they are scanned; any other field is scanned to its end.
      switch (roles[c]) {
        case ROLE.id:
          i = fieldEnd(bytes, i, n);
          if (!idAtBytes(bytes, s, i)) return undefined;
          idS = s;
          idE = i;
          break;
        case ROLE.customer:
          i = fieldEnd(bytes, i, n);
          if (i < 0) return undefined;
          cuS = s;
          cuE = i;
          break;
        case ROLE.issued:
          i = s + 10;
          if (i > n) return undefined;
          issued = isoDayOfBytes(bytes, s);
          if (issued < 0) return undefined;
          break;
        case ROLE.due:
          i = s + 10;
          if (i > n) return undefined;
          due = isoDayOfBytes(bytes, s);
          if (due < 0) return undefined;
          break;
        case ROLE.amount:
          i = fieldEnd(bytes, i, n);
          if (i < 0) return undefined;
          amount = centsOfBytes(bytes, s, i);
          if (amount < 0) return undefined;
          break;
        case ROLE.currency:
          i = s + 3;
          if (i > n) return undefined;
          currency = codes.at(bytes, s);
          if (currency < 0) return undefined;
          break;
        case ROLE.status:
          i = fieldEnd(bytes, i, n);
          if (i < 0) return undefined;
          if (i === s) code = INVOICE_STATUS_CODES.open;
          else {
            const word = i - s > 8 ? '' : String.fromCharCode(...bytes.subarray(s, i));
            if (word !== 'open' && word !== 'disputed' && word !== 'void') return undefined;
            code = INVOICE_STATUS_CODES[word];
          }
          break;
        default:
          i = fieldEnd(bytes, i, n);
          if (i < 0) return undefined;
          if (roles[c] === ROLE.text && (i - s > MAX_CELL_CHARS || (i > s && bytes[s] === APOSTROPHE)))
            return undefined;
      }
      if (c < ncols - 1) {
        if (bytes[i] !== COMMA) return undefined;
        i++;
      }
    }
    // The record ends in LF, CRLF or the end of the file.
    i = nextRecord(bytes, i, n);
    if (i < 0) return undefined;
    if (issued < 0 || due < issued || amount < 0 || currency < 0 || idE === idS) return undefined;
    const customer = customers.at(bytes, cuS, cuE);
    if (customer < 0) return undefined;
    if (count === capacity) {
      capacity *= 2;
      customerOf = grownInt32(customerOf, capacity);
      invoiceDay = grownInt32(invoiceDay, capacity);
      dueDay = grownInt32(dueDay, capacity);
      const cur = new Uint16Array(capacity);
      cur.set(currencyOf);
      currencyOf = cur;
      const amounts = new Float64Array(capacity);
      amounts.set(amountMinor);
      amountMinor = amounts;
      const codes = new Uint8Array(capacity);
      codes.set(status);
      status = codes;
    }
    ids.pushAt(idS, idE);
    // Ids are unique: a second copy is a problem, which the cell-by-cell reader names.
    if (!byId.addBytes(bytes, idS, idE)) return undefined;
    customerOf[count] = customer;
    currencyOf[count] = currency;
    invoiceDay[count] = issued;
    dueDay[count] = due;
    amountMinor[count] = amount;
    status[count] = code;
    count++;
  }
  plain.allPlain = true;
  const invoices = invoiceColumnsOf(ids, {
    count,
    customer: customerOf,
    currency: currencyOf,
    invoiceDay,
    dueDay,
    amountMinor,
    status,
  });
  return { invoices, byId };
}

function grownInt32(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
