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
import type { Customer } from './ledger.js';
import { isKnownCurrency } from './money.js';
import {
  type CellResult,
  type ColumnDef,
  cellValueProblem,
  ledgerFromFields,
  MAX_CELL_CHARS,
  matchHeaders,
  type ParseOptions,
  parseCell,
  parseTabRows,
  type RowFields,
  rowRuleProblem,
  SCHEMA,
  type TabName,
  tabDef,
} from './schema.js';

/** A tab as columns: its header, one array of cell texts per header column, `count` rows after the header (sheet rows 2..count+1). */
export interface TabColumns {
  header: readonly string[];
  columns: readonly (readonly string[])[];
  count: number;
}

/** Invoice status as a small code in `InvoiceColumns.status`. */
export const INVOICE_STATUS_CODES = { open: 0, disputed: 1, void: 2 } as const;

/** The Invoices tab as typed columns: one entry per valid invoice, in row order. */
export interface InvoiceColumns {
  count: number;
  invoiceId: string[];
  /** Index into `ColumnarLedger.customerIds`. */
  customer: Int32Array;
  /** Index into `ColumnarLedger.currencies`. */
  currency: Uint16Array;
  invoiceDay: Int32Array;
  dueDay: Int32Array;
  amountMinor: Float64Array;
  status: Uint8Array;
}

/** A posted payment the columnar book applies (only `posted` ones: a ledger with returns takes the row path). */
export interface ColumnarPayment {
  day: number;
  customer: number;
  currency: number;
  amountMinor: number;
  /** Indexes of the invoices it names, in the order named. */
  appliesTo: number[];
}

/** A valid ledger of customers, invoices and payments, the invoices as columns. */
export interface ColumnarLedger {
  customers: Customer[];
  customerIds: string[];
  currencies: string[];
  invoices: InvoiceColumns;
  payments: ColumnarPayment[];
}

/** Tabs the columnar path reads; a ledger with rows on any other tab takes the row path. */
const COLUMNAR_TABS: readonly TabName[] = ['Customers', 'Invoices', 'Payments'];

const isBlank = (v: string | undefined) => v === undefined || v.trim() === '';

/** The tab's rows as the row path takes them (header first), for the small tabs validated row by row. */
function tabRows(tab: TabColumns): string[][] {
  const rows: string[][] = [[...tab.header]];
  for (let k = 0; k < tab.count; k++) rows.push(tab.columns.map((c) => c[k]!));
  return rows;
}

function blankRow(tab: TabColumns, k: number): boolean {
  for (const c of tab.columns) if (!isBlank(c[k])) return false;
  return true;
}

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
  const customerTab = tabs.Customers;
  const customerRecords: RowFields[] = [];
  if (customerTab && customerTab.header.length > 0) {
    const parsed = parseTabRows('Customers', tabRows(customerTab), 1, undefined, options);
    if (parsed.problems.length > 0) return undefined;
    customerRecords.push(...parsed.records);
  }
  const built = ledgerFromFields({ Customers: customerRecords });
  if (built.problems.length > 0) return undefined;
  const customers = built.ledger.customers;
  const customerIds: string[] = [];
  const customerIndex = new Map<string, number>();
  for (const c of customers) {
    if (customerIndex.has(c.customerId)) return undefined;
    customerIndex.set(c.customerId, customerIds.push(c.customerId) - 1);
  }
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
  const invoices =
    invoiceTab && invoiceTab.header.length > 0
      ? invoiceColumns(invoiceTab, customerIndex, internCurrency, options)
      : emptyInvoices();
  if (!invoices) return undefined;
  const invoiceById = new IdIndex(invoices.invoiceId, invoices.count);
  for (let k = 0; k < invoices.count; k++) if (!invoiceById.add(k)) return undefined;
  const payments: ColumnarPayment[] = [];
  const paymentTab = tabs.Payments;
  if (paymentTab && paymentTab.header.length > 0) {
    const parsed = parseTabRows('Payments', tabRows(paymentTab), 1, undefined, options);
    if (parsed.problems.length > 0) return undefined;
    const seen = new Set<string>();
    for (const f of parsed.records) {
      const paymentId = f.paymentId as string;
      if (seen.has(paymentId)) return undefined;
      seen.add(paymentId);
      const customer = customerIndex.get(f.customerId as string);
      if (customer === undefined || rowRuleProblem('Payments', f)) return undefined;
      if ((f.status ?? 'posted') !== 'posted') return undefined;
      const currency = internCurrency(f.currency as string);
      const appliesTo: number[] = [];
      for (const id of (f.appliesTo as string[] | undefined) ?? []) {
        const k = invoiceById.get(id);
        // No Adjustments tab here, so a name that is not an invoice of this account is a problem.
        if (k < 0 || invoices.customer[k] !== customer || invoices.currency[k] !== currency) return undefined;
        appliesTo.push(k);
      }
      payments.push({
        day: toDay(f.date as IsoDate),
        customer,
        currency,
        amountMinor: f.amountMinor as number,
        appliesTo,
      });
    }
  }
  return { customers, customerIds, currencies, invoices, payments };
}

function emptyInvoices(): InvoiceColumns {
  return {
    count: 0,
    invoiceId: [],
    customer: new Int32Array(0),
    currency: new Uint16Array(0),
    invoiceDay: new Int32Array(0),
    dueDay: new Int32Array(0),
    amountMinor: new Float64Array(0),
    status: new Uint8Array(0),
  };
}

/**
 * Row index by id for a column of a million ids: open addressing over an Int32Array keyed by a
 * hash of the id's characters, so the index costs 8 bytes a slot and no entry object per id.
 */
export class IdIndex {
  private slots: Int32Array;
  private mask: number;
  private size = 0;
  constructor(
    private readonly ids: readonly string[],
    expected = 16,
  ) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  private static hash(id: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }

  /** The row of `id`, or -1. */
  get(id: string): number {
    for (let s = IdIndex.hash(id) & this.mask; ; s = (s + 1) & this.mask) {
      const k = this.slots[s]!;
      if (k < 0 || this.ids[k] === id) return k;
    }
  }

  /** Records that `ids[k]` is at row `k`; false (and nothing changed) when the id is already there. */
  add(k: number): boolean {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    const id = this.ids[k]!;
    for (let s = IdIndex.hash(id) & this.mask; ; s = (s + 1) & this.mask) {
      const at = this.slots[s]!;
      if (at < 0) {
        this.slots[s] = k;
        this.size++;
        return true;
      }
      if (this.ids[at] === id) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    this.mask = this.slots.length - 1;
    this.size = 0;
    for (const k of old) if (k >= 0) this.add(k);
  }
}

/** Column types whose parse depends on the text alone: parsed once per distinct text. */
const MEMO_TYPES = new Set(['date', 'currency', 'enum']);

/** The Invoices tab validated column by column (ids unique: checked by the caller); `undefined` at the first row with a problem. */
function invoiceColumns(
  tab: TabColumns,
  customerIndex: Map<string, number>,
  internCurrency: (code: string) => number,
  options: ParseOptions,
): InvoiceColumns | undefined {
  const def = tabDef('Invoices');
  const index = matchHeaders(def, tab.header);
  const cols = def.columns.filter((c) => !c.computed);
  if (cols.some((c) => c.required && index.get(c.key) === -1)) return undefined;
  const source = cols.map((c) => {
    const i = index.get(c.key)!;
    return i >= 0 ? tab.columns[i]! : undefined;
  });
  const memos = cols.map((c) => (MEMO_TYPES.has(c.type) ? new Map<string, CellResult>() : undefined));
  const at = (key: string) => cols.findIndex((c) => c.key === key);
  const [idCol, customerCol, issuedCol, dueCol, amountCol, currencyCol, statusCol] = [
    'invoiceId',
    'customerId',
    'invoiceDate',
    'dueDate',
    'amountMinor',
    'currency',
    'status',
  ].map(at) as [number, number, number, number, number, number, number];
  const n = tab.count;
  const out: InvoiceColumns = {
    count: 0,
    invoiceId: [],
    customer: new Int32Array(n),
    currency: new Uint16Array(n),
    invoiceDay: new Int32Array(n),
    dueDay: new Int32Array(n),
    amountMinor: new Float64Array(n),
    status: new Uint8Array(n),
  };
  const values: unknown[] = new Array(cols.length);
  for (let k = 0; k < n; k++) {
    if (blankRow(tab, k)) continue;
    const currencyText = source[currencyCol]?.[k];
    const upper = currencyText === undefined ? '' : currencyText.trim().toUpperCase();
    const rowCurrency = isKnownCurrency(upper) ? upper : undefined;
    for (let c = 0; c < cols.length; c++) {
      const raw = source[c]?.[k];
      values[c] = undefined;
      if (raw === undefined || isBlank(raw)) {
        if (cols[c]!.required) return undefined;
        continue;
      }
      if (raw.length > MAX_CELL_CHARS) return undefined;
      const memo = memos[c];
      let parsed = memo?.get(raw);
      if (parsed === undefined) {
        parsed = cellValueProblem(raw)
          ? { ok: false, code: 'SCHEMA.CELL_INVALID', message: '' }
          : parseCell(cols[c] as ColumnDef, raw, rowCurrency, options);
        if (memo && memo.size < 20_000) memo.set(raw, parsed);
      }
      if (!parsed.ok) return undefined;
      values[c] = parsed.value;
    }
    // The Invoices row rules (ROW_RULES.Invoices), on the typed values.
    const issued = toDay(values[issuedCol] as IsoDate);
    const due = toDay(values[dueCol] as IsoDate);
    const amount = values[amountCol] as number;
    if (due < issued || amount < 0) return undefined;
    const invoiceId = values[idCol] as string;
    const customer = customerIndex.get(values[customerCol] as string);
    if (customer === undefined) return undefined;
    const j = out.count++;
    out.invoiceId.push(invoiceId);
    out.customer[j] = customer;
    out.currency[j] = internCurrency(values[currencyCol] as string);
    out.invoiceDay[j] = issued;
    out.dueDay[j] = due;
    out.amountMinor[j] = amount;
    out.status[j] = INVOICE_STATUS_CODES[(values[statusCol] as keyof typeof INVOICE_STATUS_CODES) ?? 'open'];
  }
  return out;
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
  const start = new Int32Array(naccounts + 1);
  const open = new Float64Array(inv.count);
  for (let k = 0; k < inv.count; k++) {
    if (inv.status[k] === INVOICE_STATUS_CODES.void || inv.invoiceDay[k]! > asOfDay) continue;
    open[k] = inv.amountMinor[k]!;
    start[inv.customer[k]! * ncur + inv.currency[k]! + 1]!++;
  }
  for (let a = 0; a < naccounts; a++) start[a + 1]! += start[a]!;
  const items = new Int32Array(start[naccounts]!);
  const fill = start.slice(0, naccounts);
  const included = new Uint8Array(inv.count);
  for (let k = 0; k < inv.count; k++) {
    if (inv.status[k] === INVOICE_STATUS_CODES.void || inv.invoiceDay[k]! > asOfDay) continue;
    included[k] = 1;
    items[fill[inv.customer[k]! * ncur + inv.currency[k]!]!++] = k;
  }
  // Oldest due first within each account (insertion sort: accounts hold few items).
  const before = (x: number, y: number) =>
    inv.dueDay[x]! - inv.dueDay[y]! ||
    inv.invoiceDay[x]! - inv.invoiceDay[y]! ||
    (inv.invoiceId[x]! < inv.invoiceId[y]! ? -1 : inv.invoiceId[x]! > inv.invoiceId[y]! ? 1 : 0);
  for (let a = 0; a < naccounts; a++) {
    for (let i = start[a]! + 1; i < start[a + 1]!; i++) {
      const k = items[i]!;
      let j = i - 1;
      while (j >= start[a]! && before(items[j]!, k) > 0) {
        items[j + 1] = items[j]!;
        j--;
      }
      items[j + 1] = k;
    }
  }
  const credit = new Float64Array(naccounts);
  const hasPayment = new Uint8Array(naccounts);
  const due = ledger.payments
    .map((p, order) => ({ p, order }))
    .filter(({ p }) => p.day <= asOfDay)
    .sort((x, y) => x.p.day - y.p.day || x.order - y.order);
  for (const { p } of due) {
    const a = p.customer * ncur + p.currency;
    hasPayment[a] = 1;
    let remaining = p.amountMinor;
    const take = (k: number) => {
      if (remaining <= 0 || open[k]! <= 0) return;
      const amount = Math.min(remaining, open[k]!);
      open[k]! -= amount;
      remaining -= amount;
    };
    for (const k of p.appliesTo) if (included[k]) take(k);
    for (let i = start[a]!; i < start[a + 1]! && remaining > 0; i++) {
      const k = items[i]!;
      if (inv.status[k] !== INVOICE_STATUS_CODES.disputed && inv.invoiceDay[k]! <= p.day) take(k);
    }
    credit[a]! += remaining;
  }
  // Accounts in customer id order, then currency, as the book orders them.
  const byId = (ids: readonly string[]) =>
    ids.map((_, i) => i).sort((x, y) => (ids[x]! < ids[y]! ? -1 : ids[x]! > ids[y]! ? 1 : 0));
  const customerOrder = byId(ledger.customerIds);
  const currencyOrder = byId(ledger.currencies);
  const nb = buckets.length;
  const limits = buckets.slice(0, -1).map((b) => b.maxDays!);
  const customers: CustomerAging[] = [];
  const totals = new Map<number, CurrencyAging>();
  for (const c of customerOrder) {
    for (const cur of currencyOrder) {
      const a = c * ncur + cur;
      if (start[a] === start[a + 1] && !hasPayment[a]) continue;
      let openMinor = 0;
      for (let i = start[a]!; i < start[a + 1]!; i++) openMinor += open[items[i]!]!;
      if (openMinor === 0 && credit[a] === 0) continue;
      const bucketsMinor = new Array<number>(nb).fill(0);
      let totalMinor = 0;
      for (let i = start[a]!; i < start[a + 1]!; i++) {
        const k = items[i]!;
        if (open[k] === 0) continue;
        const dpd = asOfDay - inv.dueDay[k]!;
        let b = 0;
        while (b < nb - 1 && dpd > limits[b]!) b++;
        bucketsMinor[b]! += open[k]!;
        totalMinor += open[k]!;
      }
      const currency = ledger.currencies[cur]!;
      customers.push({
        customerId: ledger.customerIds[c]!,
        currency,
        totalMinor,
        bucketsMinor,
        unappliedCreditMinor: credit[a]!,
      });
      let t = totals.get(cur);
      if (!t) {
        t = { currency, totalMinor: 0, bucketsMinor: new Array<number>(nb).fill(0), unappliedCreditMinor: 0 };
        totals.set(cur, t);
      }
      t.totalMinor += totalMinor;
      t.unappliedCreditMinor += credit[a]!;
      for (let b = 0; b < nb; b++) t.bucketsMinor[b]! += bucketsMinor[b]!;
    }
  }
  return {
    asOf,
    buckets: buckets.map((b) => b.label),
    customers,
    totals: [...totals.values()].sort((x, y) => (x.currency < y.currency ? -1 : 1)),
  };
}
