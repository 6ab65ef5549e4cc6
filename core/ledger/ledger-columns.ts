// The ledger as typed columns for the bulk of it (invoices): validated on the columns, posted and
// aged without an object per row. Takes a ledger only when every row is valid; otherwise the row
// path (`parseLedger`) reads it and reports each problem with its tab, row and column.
import {
  type AgingBucket,
  type AgingReport,
  type CurrencyAging,
  type CustomerAging,
  DEFAULT_BUCKETS,
  validateBuckets,
} from './aging.js';
import { type IsoDate, toDay } from './dates.js';
import { customerIndexOf, IdColumnIndex, IdIndex } from './id-index.js';
import type { Customer, Payment } from './ledger.js';
import { blankRow, type TabColumns } from './ledger-cells.js';
import { plainCustomerIds } from './ledger-columns-customers.js';
import {
  emptyInvoices,
  INVOICE_STATUS_CODES,
  type InvoiceColumns,
  invoiceColumns,
  plainInvoiceColumns,
} from './ledger-columns-invoices.js';
import {
  bytePaymentColumns,
  type PaymentColumns,
  PaymentColumnsBuilder,
  type PaymentLookups,
  plainPaymentColumns,
} from './ledger-columns-payments.js';
import {
  type CustomerRows,
  customerRowsOfColumns,
  customersOfColumns,
  tabRecordsOfColumns,
} from './ledger-columns-tabs.js';
import { SCHEMA, type TabName } from './schema.js';
import type { ParseOptions } from './schema-cells.js';
import { parseTabRows, paymentOfFields, type RowFields } from './schema-rows.js';

export { IdColumn, IdIndex } from './id-index.js';
export type { TabColumns } from './ledger-cells.js';
export { INVOICE_STATUS_CODES, type InvoiceColumns, type PlainCsvTab } from './ledger-columns-invoices.js';
export type { PaymentColumns } from './ledger-columns-payments.js';

/** Columns given as arrays of cell texts (the add-on's and the API's column-oriented payloads, tests). */
export function tabColumnsOf(header: readonly string[], columns: readonly (readonly string[])[]): TabColumns {
  return {
    header,
    count: columns.reduce((n, c) => Math.max(n, c.length), 0),
    cell: (c, k) => columns[c]?.[k] ?? '',
  };
}

/** A posted payment the columnar book applies (only `posted` ones: a ledger with returns takes the row path). */
export interface ColumnarPayment {
  day: number;
  customer: number;
  currency: number;
  amountMinor: number;
  /** Indexes of the invoices it names, in the order named. */
  appliesTo: number[];
  /** The payment as `parseLedger` gives it (the Payments tab is a tenth of the rows: read row by row). */
  payment: Payment;
}

/** A valid ledger of customers, invoices and payments, the invoices as columns. */
export interface ColumnarLedger {
  customers: Customer[];
  customerIds: string[];
  currencies: string[];
  invoices: InvoiceColumns;
  /** The posted payments as columns (what `age` reads). */
  paymentColumns: PaymentColumns;
  /** The same payments as objects, made when first read. */
  readonly payments: ColumnarPayment[];
  /** The `customers` made one at a time, when every row of the tab is plain (see `customerRowsOfColumns`). */
  customerRows?: CustomerRows;
}

/** Tabs the columnar path reads; a ledger with rows on any other tab takes the row path. */
const COLUMNAR_TABS: readonly TabName[] = ['Customers', 'Invoices', 'Payments'];

/**
 * Reads a ledger given as columns per tab into a `ColumnarLedger`, with the schema's rules: every
 * cell (the same parsers as `parseTabRows`), unique ids, known customers, due date not before the
 * invoice date, payments naming invoices of their customer and currency. Returns `undefined` when
 * any row has a problem, or the ledger has what the columnar book does not post (rows on other
 * tabs, returned payments): `parseLedger` then reads it and names every problem.
 */
export function columnarLedger(
  tabs: Partial<Record<TabName, TabColumns>>,
  options: ParseOptions = {},
): ColumnarLedger | undefined {
  for (const def of SCHEMA) {
    const tab = tabs[def.name];
    if (!tab || COLUMNAR_TABS.includes(def.name)) continue;
    for (let k = 0; k < tab.count; k++) if (!blankRow(tab, k)) return undefined;
    // Header only: still refused when a required column is missing, as the row path does.
    if (
      tab.header.length > 0 &&
      parseTabRows(def.name, [tab.header], 1, undefined, options).problems.length > 0
    )
      return undefined;
  }
  // The Customers and Payments records are checked and let go as they are read: what aging needs
  // goes into columns, and the Customer and Payment objects are made (from the tabs, again) only
  // when something reads them (`plan` does; `age --json` never does).
  const customerTab = tabs.Customers?.header.length ? tabs.Customers : undefined;
  // A plain tab gives its ids without a record per row; any other is read record by record.
  const plainIds = customerTab ? plainCustomerIds(customerTab, options) : undefined;
  const customerIds: string[] = plainIds ?? [];
  if (
    customerTab &&
    !plainIds &&
    !tabRecordsOfColumns(
      'Customers',
      customerTab,
      options,
      (f) => customerIds.push(f.customerId as string) > 0,
    )
  )
    return undefined;
  const customerIndex = customerIndexOf(customerIds);
  if (!customerIndex) return undefined;
  const currencies: string[] = [];
  const currencyIndex = new Map<string, number>();
  const internCurrency = (code: string) => {
    let i = currencyIndex.get(code);
    if (i === undefined) {
      i = currencies.push(code) - 1;
      currencyIndex.set(code, i);
    }
    return i;
  };
  const invoiceTab = tabs.Invoices;
  // A plain CSV file is read from its bytes, its ids indexed as they are read.
  const plain =
    invoiceTab && invoiceTab.header.length > 0
      ? plainInvoiceColumns(invoiceTab, customerIndex, internCurrency, options)
      : undefined;
  const invoices =
    plain?.invoices ??
    (invoiceTab && invoiceTab.header.length > 0
      ? invoiceColumns(invoiceTab, customerIndex, internCurrency, currencies, options)
      : emptyInvoices());
  if (!invoices) return undefined;
  let invoiceById = plain?.byId;
  if (!invoiceById) {
    const index = new IdColumnIndex(invoices.ids, invoices.count);
    for (let k = 0; k < invoices.count; k++) if (!index.add(k)) return undefined;
    invoiceById = index;
  }
  const paymentTab = tabs.Payments?.header.length ? tabs.Payments : undefined;
  const records = new LazyRecords('Payments', paymentTab, options);
  let paymentColumns: PaymentColumns = new PaymentColumnsBuilder(0).finish();
  if (paymentTab) {
    const look = {
      customerIndex,
      invoiceById,
      invoiceCustomer: invoices.customer,
      invoiceCurrency: invoices.currency,
      internCurrency,
      currencies,
    };
    // From a plain file's bytes, else from its offsets, else record by record.
    const plain =
      bytePaymentColumns(paymentTab, look, options) ?? plainPaymentColumns(paymentTab, look, options);
    if (plain) paymentColumns = plain;
    else {
      const read = paymentColumnsOfRecords(paymentTab, look, options);
      if (!read) return undefined;
      paymentColumns = read;
    }
  }
  let payments: ColumnarPayment[] | undefined;
  let customers: Customer[] | undefined;
  return {
    get customers() {
      // Each row made into its Customer as it is read (the tab passed every check already).
      if (!customers) {
        customers = (customerTab ? customersOfColumns(customerTab, options) : undefined) ?? [];
      }
      return customers;
    },
    customerIds,
    currencies,
    invoices,
    paymentColumns,
    customerRows:
      customerTab && plainIds && plainIds.length === customerTab.count
        ? customerRowsOfColumns(customerTab, options, plainIds)
        : undefined,
    get payments() {
      payments ??= columnarPayments(paymentColumns, records);
      return payments;
    },
  };
}

/**
 * The Payments tab read record by record (`tabRecordsOfColumns`, every cell form the schema
 * accepts) into columns, with the columnar ledger's checks; `undefined` at the first problem.
 */
function paymentColumnsOfRecords(
  tab: TabColumns,
  look: PaymentLookups,
  options: ParseOptions,
): PaymentColumns | undefined {
  const paymentIds: string[] = [];
  const seen = new IdIndex(paymentIds, tab.count);
  const out = new PaymentColumnsBuilder(tab.count);
  const read = tabRecordsOfColumns('Payments', tab, options, (f) => {
    if (!seen.add(paymentIds.push(f.paymentId as string) - 1)) return false;
    const customer = look.customerIndex.get(f.customerId as string);
    if (customer < 0) return false;
    if ((f.status ?? 'posted') !== 'posted') return false;
    const currency = look.internCurrency(f.currency as string);
    for (const id of (f.appliesTo as string[] | undefined) ?? []) {
      const k = look.invoiceById.get(id);
      // No Adjustments tab here, so a name that is not an invoice of this account is a problem.
      if (k < 0 || look.invoiceCustomer[k] !== customer || look.invoiceCurrency[k] !== currency) return false;
      out.name(k);
    }
    out.add(toDay(f.date as IsoDate), customer, currency, f.amountMinor as number);
    return true;
  });
  return read ? out.finish() : undefined;
}

/** The payments as `ColumnarPayment`s, each `Payment` read from the tab again when first asked for. */
function columnarPayments(pc: PaymentColumns, records: LazyRecords): ColumnarPayment[] {
  const out = new Array<ColumnarPayment>(pc.count);
  for (let i = 0; i < pc.count; i++) {
    const appliesTo = Array.from(pc.appliesTo.subarray(pc.appliesStart[i]!, pc.appliesStart[i + 1]!));
    out[i] = new RecordPayment(
      pc.day[i]!,
      pc.customer[i]!,
      pc.currency[i]!,
      pc.amountMinor[i]!,
      appliesTo,
      records,
      i,
    );
  }
  return out;
}

/** A tab's records (`tabRecordsOfColumns`), read again when first asked for: the ledger took the tab whole. */
class LazyRecords {
  #records: RowFields[] | undefined;
  constructor(
    private readonly name: TabName,
    private readonly tab: TabColumns | undefined,
    private readonly options: ParseOptions,
  ) {}

  all(): RowFields[] {
    this.#records ??= this.tab ? (tabRecordsOfColumns(this.name, this.tab, this.options) ?? []) : [];
    return this.#records;
  }
}

/** A payment of the columnar ledger, its `Payment` (as ledgerFromFields builds it) made when read. */
class RecordPayment implements ColumnarPayment {
  #payment: Payment | undefined;
  constructor(
    readonly day: number,
    readonly customer: number,
    readonly currency: number,
    readonly amountMinor: number,
    readonly appliesTo: number[],
    private readonly records: LazyRecords,
    private readonly index: number,
  ) {}

  get payment(): Payment {
    this.#payment ??= paymentOfFields(this.records.all()[this.index]!);
    return this.#payment;
  }
}

/**
 * Posts the payments and ages the open items as of `asOf`, giving what
 * `ageBook(buildBook(ledger, asOf), asOf, buckets)` gives for the same ledger: items issued by then
 * and not void; payments dated by then, in date order (row order within a day), first to the
 * invoices they name, then oldest due date first (ties: invoice date, then id) among undisputed
 * items issued by the payment date; what is left is unapplied credit.
 */
export function ageColumnarLedger(
  ledger: ColumnarLedger,
  asOf: IsoDate,
  buckets: readonly AgingBucket[] = DEFAULT_BUCKETS,
): AgingReport {
  validateBuckets(buckets);
  const asOfDay = toDay(asOf);
  const inv = ledger.invoices;
  const ncur = Math.max(1, ledger.currencies.length);
  const naccounts = ledger.customerIds.length * ncur;
  // Items grouped by account (customer * currencies + currency) with a counting sort: `start[a]..start[a+1]`.
  // Invoices listed account by account in account order (the usual) are grouped already.
  const start = new Int32Array(naccounts + 1);
  const open = new Float64Array(inv.count);
  const included = new Uint8Array(inv.count);
  const inRowOrder = new Int32Array(inv.count);
  let n = 0;
  let grouped = true;
  let last = -1;
  for (let k = 0; k < inv.count; k++) {
    if (inv.status[k] === INVOICE_STATUS_CODES.void || inv.invoiceDay[k]! > asOfDay) continue;
    open[k] = inv.amountMinor[k]!;
    included[k] = 1;
    const a = inv.customer[k]! * ncur + inv.currency[k]!;
    start[a + 1]!++;
    if (a < last) grouped = false;
    last = a;
    inRowOrder[n++] = k;
  }
  for (let a = 0; a < naccounts; a++) start[a + 1]! += start[a]!;
  let items = inRowOrder.subarray(0, n);
  if (!grouped) {
    items = new Int32Array(n);
    const fill = start.slice(0, naccounts);
    for (let i = 0; i < n; i++) {
      const k = inRowOrder[i]!;
      items[fill[inv.customer[k]! * ncur + inv.currency[k]!]!++] = k;
    }
  }
  // Oldest due first within an account, sorted only when a payment is applied that way.
  const sorted = new Uint8Array(naccounts);
  const credit = new Float64Array(naccounts);
  const hasPayment = new Uint8Array(naccounts);
  const pc = ledger.paymentColumns;
  for (const p of paymentOrder(pc, asOfDay)) {
    const a = pc.customer[p]! * ncur + pc.currency[p]!;
    hasPayment[a] = 1;
    let remaining = pc.amountMinor[p]!;
    const day = pc.day[p]!;
    for (let n = pc.appliesStart[p]!; n < pc.appliesStart[p + 1]!; n++) {
      const k = pc.appliesTo[n]!;
      if (remaining <= 0) break;
      if (!included[k] || open[k]! <= 0) continue;
      const amount = Math.min(remaining, open[k]!);
      open[k]! -= amount;
      remaining -= amount;
    }
    if (remaining > 0 && !sorted[a]) {
      sortAccount(inv, items, start[a]!, start[a + 1]!);
      sorted[a] = 1;
    }
    for (let i = start[a]!; i < start[a + 1]! && remaining > 0; i++) {
      const k = items[i]!;
      if (inv.status[k] === INVOICE_STATUS_CODES.disputed || inv.invoiceDay[k]! > day || open[k]! <= 0)
        continue;
      const amount = Math.min(remaining, open[k]!);
      open[k]! -= amount;
      remaining -= amount;
    }
    credit[a]! += remaining;
  }
  // Accounts in customer id order, then currency, as the book orders them.
  const customerOrder = orderById(ledger.customerIds);
  const currencyOrder = orderById(ledger.currencies);
  const nb = buckets.length;
  const limits = buckets.slice(0, -1).map((b) => b.maxDays!);
  const customers: CustomerAging[] = [];
  // Totals per currency, summed in account order as the rows are.
  const seen = new Uint8Array(ncur);
  const totalTotal = new Float64Array(ncur);
  const totalCredit = new Float64Array(ncur);
  const totalBuckets = new Float64Array(ncur * nb);
  // One pass over an account's items: its buckets (order does not matter for sums).
  const sums = new Float64Array(nb);
  for (const c of customerOrder) {
    for (const cur of currencyOrder) {
      const a = c * ncur + cur;
      if (start[a] === start[a + 1] && !hasPayment[a]) continue;
      sums.fill(0);
      let totalMinor = 0;
      for (let i = start[a]!; i < start[a + 1]!; i++) {
        const k = items[i]!;
        const left = open[k]!;
        if (left === 0) continue;
        const dpd = asOfDay - inv.dueDay[k]!;
        let b = 0;
        while (b < nb - 1 && dpd > limits[b]!) b++;
        sums[b]! += left;
        totalMinor += left;
      }
      if (totalMinor === 0 && credit[a] === 0) continue;
      const bucketsMinor = new Array<number>(nb);
      for (let b = 0; b < nb; b++) {
        bucketsMinor[b] = sums[b]!;
        totalBuckets[cur * nb + b]! += sums[b]!;
      }
      customers.push({
        customerId: ledger.customerIds[c]!,
        currency: ledger.currencies[cur]!,
        totalMinor,
        bucketsMinor,
        unappliedCreditMinor: credit[a]!,
      });
      seen[cur] = 1;
      totalTotal[cur]! += totalMinor;
      totalCredit[cur]! += credit[a]!;
    }
  }
  const totals: CurrencyAging[] = [];
  for (let cur = 0; cur < ncur; cur++) {
    if (!seen[cur]) continue;
    totals.push({
      currency: ledger.currencies[cur]!,
      totalMinor: totalTotal[cur]!,
      bucketsMinor: Array.from({ length: nb }, (_, b) => totalBuckets[cur * nb + b]!),
      unappliedCreditMinor: totalCredit[cur]!,
    });
  }
  return {
    asOf,
    buckets: buckets.map((b) => b.label),
    customers,
    totals: totals.sort((x, y) => (x.currency < y.currency ? -1 : 1)),
  };
}

/** Indexes of `ids` in the order `<` puts them; ids already in order (a tab kept sorted) are not sorted again. */
export function orderById(ids: readonly string[]): number[] {
  const order = ids.map((_, i) => i);
  for (let i = 1; i < ids.length; i++)
    if (ids[i - 1]! > ids[i]!)
      return order.sort((x, y) => (ids[x]! < ids[y]! ? -1 : ids[x]! > ids[y]! ? 1 : 0));
  return order;
}

/**
 * The payments dated by `asOfDay` in posting order: date, then row order within a day. A ledger
 * kept in date order (the usual case) is taken as it is, without sorting.
 */
export function paymentsInPostingOrder<P extends { day: number }>(
  payments: readonly P[],
  asOfDay: number,
): P[] {
  const due: P[] = [];
  let sorted = true;
  for (const p of payments) {
    if (p.day > asOfDay) continue;
    if (due.length > 0 && p.day < due[due.length - 1]!.day) sorted = false;
    due.push(p);
  }
  if (sorted) return due;
  // A counting sort by day (stable: payments of one day keep their row order); days span a few
  // years, so the counts are small. A wider span is sorted by comparison (stable too).
  let first = due[0]!.day;
  let last = first;
  for (const p of due) {
    if (p.day < first) first = p.day;
    if (p.day > last) last = p.day;
  }
  if (last - first > 4 * due.length + 1024) return due.sort((x, y) => x.day - y.day);
  const at = new Int32Array(last - first + 2);
  for (const p of due) at[p.day - first + 1]!++;
  for (let d = 1; d < at.length; d++) at[d]! += at[d - 1]!;
  const out = new Array<P>(due.length);
  for (const p of due) out[at[p.day - first]!++] = p;
  return out;
}

/**
 * The payments dated by `asOfDay` in posting order (date, then row order within a day), as indexes
 * into `pc`: a counting sort over their days, none at all when the tab is already in date order.
 */
export function paymentOrder(pc: PaymentColumns, asOfDay: number): Int32Array {
  const due = new Int32Array(pc.count);
  let n = 0;
  let sorted = true;
  let first = 0;
  let last = 0;
  for (let i = 0; i < pc.count; i++) {
    const day = pc.day[i]!;
    if (day > asOfDay) continue;
    if (n === 0) {
      first = day;
      last = day;
    } else {
      if (day < pc.day[due[n - 1]!]!) sorted = false;
      if (day < first) first = day;
      if (day > last) last = day;
    }
    due[n++] = i;
  }
  const list = due.subarray(0, n);
  if (sorted) return list;
  // Days span a few years, so the counts are small; a wider span is sorted by comparison (stable).
  if (last - first > 4 * n + 1024)
    return Int32Array.from([...list].sort((x, y) => pc.day[x]! - pc.day[y]! || x - y));
  const at = new Int32Array(last - first + 2);
  for (let j = 0; j < n; j++) at[pc.day[list[j]!]! - first + 1]!++;
  for (let d = 1; d < at.length; d++) at[d]! += at[d - 1]!;
  const out = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const i = list[j]!;
    out[at[pc.day[i]! - first]!++] = i;
  }
  return out;
}

/**
 * Sorts one account's invoice rows `items[from..to)` in compareItems' order: due day, invoice day,
 * then id. Insertion sort on a number made of the two days, ids compared only on a tie.
 */
function sortAccount(inv: InvoiceColumns, items: Int32Array, from: number, to: number): void {
  const due = inv.dueDay;
  const issued = inv.invoiceDay;
  // Days lie within ±2^17 of 1970 (DATE_YEAR_RANGE): due * 2^18 + issued + 2^17 orders both, exactly.
  const key = (k: number) => due[k]! * 262_144 + issued[k]! + 131_072;
  for (let i = from + 1; i < to; i++) {
    const k = items[i]!;
    const kk = key(k);
    let j = i - 1;
    for (; j >= from; j--) {
      const x = items[j]!;
      const kx = key(x);
      if (kx < kk || (kx === kk && inv.ids.compare(x, k) <= 0)) break;
      items[j + 1] = x;
    }
    items[j + 1] = k;
  }
}

/**
 * Sorts each account's invoice rows (`items[start[a]..start[a+1]]`) in compareItems' order: due day,
 * invoice day, then id, a total order since ids are unique. Insertion sort: accounts hold few items.
 */
export function sortAccountItems(
  inv: InvoiceColumns,
  items: Int32Array,
  start: Int32Array,
  naccounts: number,
): void {
  for (let a = 0; a < naccounts; a++) sortAccount(inv, items, start[a]!, start[a + 1]!);
}
