// The Payments tab of a columnar ledger as typed columns (day, customer, currency, amount, invoices
// named): a plain CSV tab read straight from the file's text, anything else record by record.

import {
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
import { isoDayOfBytes } from './dates.js';
import { type CustomerIndex, IdColumn, IdColumnIndexer, type RowsById } from './id-index.js';
import { centsAt, idAt, isoDayAt, numberCents, oneItemAt, solid, type TabColumns } from './ledger-cells.js';
import type { PlainCsvTab } from './ledger-columns-invoices.js';
import { currencyExponent, isKnownCurrency } from './money.js';
import { tabDef } from './schema.js';
import { MAX_CELL_CHARS, matchHeaders, type ParseOptions } from './schema-cells.js';

/**
 * The posted payments of a columnar ledger, one entry per payment in row order: `day` (days since
 * 1970-01-01), `customer` (index into `ColumnarLedger.customerIds`), `currency` (into
 * `ColumnarLedger.currencies`), `amountMinor`, and the invoices payment `i` names, in the order
 * named: `appliesTo[appliesStart[i]..appliesStart[i + 1])` (indexes into the invoice columns).
 */
export interface PaymentColumns {
  count: number;
  day: Int32Array;
  customer: Int32Array;
  currency: Uint16Array;
  amountMinor: Float64Array;
  appliesStart: Int32Array;
  appliesTo: Int32Array;
}

/** Builds `PaymentColumns` a payment at a time (named invoices first, then `add`). */
export class PaymentColumnsBuilder {
  count = 0;
  private day: Int32Array;
  private customer: Int32Array;
  private currency: Uint16Array;
  private amountMinor: Float64Array;
  private appliesStart: Int32Array;
  private appliesTo: Int32Array;
  private named = 0;

  constructor(capacity: number) {
    const n = Math.max(16, capacity);
    this.day = new Int32Array(n);
    this.customer = new Int32Array(n);
    this.currency = new Uint16Array(n);
    this.amountMinor = new Float64Array(n);
    this.appliesStart = new Int32Array(n + 1);
    this.appliesTo = new Int32Array(n);
  }

  /** Records that the payment being read names invoice `k` (before its `add`). */
  name(k: number): void {
    if (this.named === this.appliesTo.length) this.appliesTo = grown(this.appliesTo, this.named * 2);
    this.appliesTo[this.named++] = k;
  }

  /** Adds a payment; the invoices `name`d since the last `add` are its own. */
  add(day: number, customer: number, currency: number, amountMinor: number): void {
    const i = this.count;
    if (i === this.day.length) {
      const n = i * 2;
      this.day = grown(this.day, n);
      this.customer = grown(this.customer, n);
      const cur = new Uint16Array(n);
      cur.set(this.currency);
      this.currency = cur;
      const amounts = new Float64Array(n);
      amounts.set(this.amountMinor);
      this.amountMinor = amounts;
      this.appliesStart = grown(this.appliesStart, n + 1);
    }
    this.day[i] = day;
    this.customer[i] = customer;
    this.currency[i] = currency;
    this.amountMinor[i] = amountMinor;
    this.count++;
    this.appliesStart[this.count] = this.named;
  }

  finish(): PaymentColumns {
    const n = this.count;
    return {
      count: n,
      day: this.day.subarray(0, n),
      customer: this.customer.subarray(0, n),
      currency: this.currency.subarray(0, n),
      amountMinor: this.amountMinor.subarray(0, n),
      appliesStart: this.appliesStart.subarray(0, n + 1),
      appliesTo: this.appliesTo.subarray(0, this.named),
    };
  }
}

function grown(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/** What the Payments reader looks payments' customers, currencies and invoices up in. */
export interface PaymentLookups {
  customerIndex: CustomerIndex;
  invoiceById: RowsById;
  invoiceCustomer: Int32Array;
  invoiceCurrency: Uint16Array;
  internCurrency: (code: string) => number;
  currencies: readonly string[];
}

/**
 * The Payments tab read straight from its CSV text when every row is plain: ids, `YYYY-MM-DD`
 * dates, `digits.dd` amounts in two-decimal currencies, three capital letters of a known currency,
 * at most one invoice named, Status and Returned Date blank, texts needing no trim. The values are
 * those `tabRecordsOfColumns` and the columnar ledger's checks give (unique payment ids, known
 * customers, named invoices of the payment's account, amounts above zero). `undefined` at the first
 * cell outside that (or any problem): the record-by-record reader then reads the tab and decides.
 */
export function plainPaymentColumns(
  tab: TabColumns,
  look: PaymentLookups,
  options: ParseOptions,
): PaymentColumns | undefined {
  const { text, starts, ends } = tab;
  if (text === undefined || starts === undefined || ends === undefined) return undefined;
  if (options.numberFormat === '1.234,56') return undefined;
  const index = matchHeaders(tabDef('Payments'), tab.header);
  const at = (key: string) => index.get(key) ?? -1;
  const [idCol, customerCol, dateCol, amountCol, currencyCol] = [
    'paymentId',
    'customerId',
    'date',
    'amountMinor',
    'currency',
  ].map(at) as [number, number, number, number, number];
  if (idCol < 0 || customerCol < 0 || dateCol < 0 || amountCol < 0 || currencyCol < 0) return undefined;
  const appliesCol = at('appliesTo');
  // Columns that must be blank (a returned payment takes the row path) and plain texts.
  const blankCols = [at('status'), at('returnedDate')].filter((c) => c >= 0);
  const textCols = [at('method'), at('reference')].filter((c) => c >= 0);
  const n = tab.count;
  const ids = new IdColumn(text, n);
  const seen = new IdColumnIndexer(ids, n);
  const out = new PaymentColumnsBuilder(n);
  const codeTable = new Int32Array(26 * 26 * 26);
  const idS = starts[idCol]!;
  const idE = ends[idCol]!;
  const cuS = starts[customerCol]!;
  const cuE = ends[customerCol]!;
  const dS = starts[dateCol]!;
  const dE = ends[dateCol]!;
  const aS = starts[amountCol]!;
  const aE = ends[amountCol]!;
  const ccS = starts[currencyCol]!;
  const ccE = ends[currencyCol]!;
  const apS = appliesCol >= 0 ? starts[appliesCol]! : undefined;
  const apE = appliesCol >= 0 ? ends[appliesCol]! : undefined;
  let lastCustomer = -1;
  let lastS = 0;
  let lastE = 0;
  for (let k = 0; k < n; k++) {
    const ps = idS[k]!;
    const pe = idE[k]!;
    // A blank row, a quoted or odd id: the record reader skips it or names it.
    if (ps < 0 || !idAt(text, ps, pe)) return undefined;
    ids.pushAt(ps, pe);
    if (!seen.addText(text, ps, pe)) return undefined;
    const cs = cuS[k]!;
    const ce = cuE[k]!;
    if (cs < 0 || !idAt(text, cs, ce)) return undefined;
    let customer = -1;
    if (lastCustomer >= 0 && ce - cs === lastE - lastS) {
      let i = 0;
      while (i < ce - cs && text.charCodeAt(cs + i) === text.charCodeAt(lastS + i)) i++;
      if (i === ce - cs) customer = lastCustomer;
    }
    if (customer < 0) {
      customer = look.customerIndex.getAt(text, cs, ce);
      if (customer < 0) return undefined;
      lastCustomer = customer;
      lastS = cs;
      lastE = ce;
    }
    const ds = dS[k]!;
    const day = ds >= 0 ? isoDayAt(text, ds, dE[k]!) : -1;
    if (day < 0) return undefined;
    const c0 = ccS[k]!;
    if (c0 < 0 || ccE[k]! - c0 !== 3) return undefined;
    const l0: number = text.charCodeAt(c0) - 65;
    const l1: number = text.charCodeAt(c0 + 1) - 65;
    const l2: number = text.charCodeAt(c0 + 2) - 65;
    if (l0 < 0 || l0 >= 26 || l1 < 0 || l1 >= 26 || l2 < 0 || l2 >= 26) return undefined;
    const key = (l0 * 26 + l1) * 26 + l2;
    if (codeTable[key] === 0) {
      const code = text.slice(c0, c0 + 3);
      codeTable[key] =
        isKnownCurrency(code) && currencyExponent(code) === 2 ? look.internCurrency(code) + 1 : -1;
    }
    const currency = codeTable[key]! - 1;
    if (currency < 0) return undefined;
    const as = aS[k]!;
    // A number cell (an .xlsx) in a two-decimal currency: its shortest text, as parseMoney reads it.
    const raw = as < 0 && tab.value ? tab.value(amountCol, k) : undefined;
    const amount = as >= 0 ? centsAt(text, as, aE[k]!) : typeof raw === 'number' ? numberCents(raw) : -1;
    if (amount <= 0) return undefined;
    // Blank is an empty text (s === e >= 0); a typed cell (start -1: a number, a boolean) is not.
    for (const c of blankCols) {
      const s = starts[c]![k]!;
      if (s < 0 || s !== ends[c]![k]) return undefined;
    }
    for (const c of textCols) {
      const s = starts[c]![k]!;
      const e = ends[c]![k]!;
      if (s < 0) return undefined;
      if (s !== e && (e - s > MAX_CELL_CHARS || !solid(text.charCodeAt(s)) || !solid(text.charCodeAt(e - 1))))
        return undefined;
    }
    if (apS !== undefined) {
      const s = apS[k]!;
      const e = apE![k]!;
      if (s < 0) return undefined;
      if (s !== e) {
        if (!oneItemAt(text, s, e)) return undefined;
        const named = look.invoiceById.getAt(text, s, e);
        if (named < 0 || look.invoiceCustomer[named] !== customer || look.invoiceCurrency[named] !== currency)
          return undefined;
        out.name(named);
      }
    }
    out.add(day, customer, currency, amount);
  }
  return out.finish();
}

/** What a field of the Payments tab is, by header position, for the byte reader. */
const ROLE = { skip: 0, id: 1, customer: 2, date: 3, amount: 4, currency: 5, applies: 6, blank: 7, text: 8 };
const ROLE_OF: Record<string, number> = {
  paymentId: ROLE.id,
  customerId: ROLE.customer,
  date: ROLE.date,
  amountMinor: ROLE.amount,
  currency: ROLE.currency,
  appliesTo: ROLE.applies,
  status: ROLE.blank,
  returnedDate: ROLE.blank,
  method: ROLE.text,
  reference: ROLE.text,
};

/**
 * `plainPaymentColumns` on a plain ASCII CSV file's bytes (`tab.plain`), without its offsets: every
 * record unquoted with exactly the header's fields, and the same cells `plainPaymentColumns` takes.
 * `undefined` at the first thing outside that: the file is then scanned and read as before.
 */
export function bytePaymentColumns(
  tab: PlainCsvTab,
  look: PaymentLookups,
  options: ParseOptions,
): PaymentColumns | undefined {
  const plain = tab.plain;
  if (!plain || options.numberFormat === '1.234,56') return undefined;
  const { bytes, from } = plain;
  const ncols = tab.header.length;
  if (ncols === 0) return undefined;
  const roles = fieldRoles(tabDef('Payments'), tab.header, (col) => ROLE_OF[col.key]);
  if (!roles) return undefined;
  const n = bytes.length;
  const capacity = recordCapacity(bytes, from);
  const ids = new IdColumn(bytes, capacity);
  const seen = new IdColumnIndexer(ids, capacity);
  const out = new PaymentColumnsBuilder(capacity);
  const codes = new CurrencyCodes(look.internCurrency);
  const customers = new CustomerRun(look.customerIndex);
  let i = from;
  while (i < n) {
    let idS = 0;
    let idE = 0;
    let customer = -1;
    let day = -1;
    let amount = -1;
    let currency = -1;
    let named = -1;
    let apS = 0;
    let apE = 0;
    for (let c = 0; c < ncols; c++) {
      const s = i;
      i = fieldEnd(bytes, i, n);
      if (i < 0) return undefined;
      const e = i;
      switch (roles[c]) {
        case ROLE.id:
          idS = s;
          idE = e;
          break;
        case ROLE.customer:
          customer = customers.at(bytes, s, e);
          if (customer < 0) return undefined;
          break;
        case ROLE.date:
          if (e - s !== 10) return undefined;
          day = isoDayOfBytes(bytes, s);
          break;
        case ROLE.amount:
          amount = centsOfBytes(bytes, s, e);
          if (amount < 0) return undefined;
          break;
        case ROLE.currency:
          if (e - s !== 3) return undefined;
          currency = codes.at(bytes, s);
          break;
        case ROLE.applies:
          if (s !== e) {
            // One item: printable characters, no separator (, ;) and no space.
            for (let j = s; j < e; j++) {
              const ch = bytes[j]!;
              if (!solid(ch) || ch === 59) return undefined;
            }
            named = look.invoiceById.getAtBytes(bytes, s, e);
            if (named < 0) return undefined;
            apS = s;
            apE = e;
          }
          break;
        case ROLE.blank:
          if (s !== e) return undefined;
          break;
        case ROLE.text:
          // A text starting with an apostrophe was written through the formula guard: the scan reads it.
          if (
            s !== e &&
            (e - s > MAX_CELL_CHARS || !solid(bytes[s]!) || !solid(bytes[e - 1]!) || bytes[s] === 39)
          )
            return undefined;
          break;
      }
      if (c < ncols - 1) {
        if (bytes[i] !== COMMA) return undefined;
        i++;
      }
    }
    i = nextRecord(bytes, i, n);
    if (i < 0) return undefined;
    if (day < 0 || amount <= 0 || currency < 0 || !idAtBytes(bytes, idS, idE)) return undefined;
    ids.pushAt(idS, idE);
    if (!seen.addBytes(bytes, idS, idE)) return undefined;
    if (apE > apS) {
      if (look.invoiceCustomer[named] !== customer || look.invoiceCurrency[named] !== currency)
        return undefined;
      out.name(named);
    }
    out.add(day, customer, currency, amount);
  }
  plain.allPlain = true;
  return out.finish();
}
