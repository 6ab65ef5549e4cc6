// The book (core/ledger/book.ts) of a columnar ledger: accounts, items and posted payments built straight
// from the invoice columns, for the planner, without an Invoice object per row on the way.
import type { AccountBook, Allocation, Book, OpenItem, PostedPayment } from './book.js';
import { fromDay, type IsoDate, toDay } from './dates.js';
import { emptyLedger, type Ledger } from './ledger.js';
import {
  type ColumnarLedger,
  INVOICE_STATUS_CODES,
  orderById,
  paymentsInPostingOrder,
  sortAccountItems,
} from './ledger-columns.js';

/**
 * The ledger a columnar ledger stands for, as far as it holds rows: its customers and payments
 * (the columnar path takes only ledgers with nothing on the other tabs); the invoices stay columns
 * and reach the planner through `bookFromColumns`.
 */
export function ledgerOfColumns(ledger: ColumnarLedger): Ledger {
  return { ...emptyLedger(), customers: ledger.customers, payments: ledger.payments.map((p) => p.payment) };
}

/**
 * What `buildBook(ledger, asOf)` gives for the same ledger (its invoices as `OpenItem`s, without
 * their `matter`, which nothing downstream of the book reads): items issued by `asOf` and not void,
 * oldest due first within each account (ties: invoice date, then id); payments dated by then posted
 * in date order (row order within a day) by `postPayment`'s rules; accounts in customer id
 * order, then currency. Each account's `items` are made afresh each time they are read.
 */
export function bookFromColumns(ledger: ColumnarLedger, asOf: IsoDate): Book {
  const asOfDay = toDay(asOf);
  const inv = ledger.invoices;
  const ncur = Math.max(1, ledger.currencies.length);
  const naccounts = ledger.customerIds.length * ncur;
  // Items grouped by account (customer * currencies + currency) with a counting sort.
  const start = new Int32Array(naccounts + 1);
  const counted = (k: number) => inv.status[k] !== INVOICE_STATUS_CODES.void && inv.invoiceDay[k]! <= asOfDay;
  for (let k = 0; k < inv.count; k++)
    if (counted(k)) start[inv.customer[k]! * ncur + inv.currency[k]! + 1]!++;
  for (let a = 0; a < naccounts; a++) start[a + 1]! += start[a]!;
  const order = new Int32Array(start[naccounts]!);
  const fill = start.slice(0, naccounts);
  for (let k = 0; k < inv.count; k++)
    if (counted(k)) order[fill[inv.customer[k]! * ncur + inv.currency[k]!]!++] = k;
  // compareItems' order (due day, invoice day, id).
  sortAccountItems(inv, order, start, naccounts);
  // Day numbers repeat: each becomes its ISO text once.
  const isoOf = new Map<number, IsoDate>();
  const iso = (day: number) => {
    let d = isoOf.get(day);
    if (d === undefined) {
      d = fromDay(day);
      isoOf.set(day, d);
    }
    return d;
  };
  const open = new Float64Array(inv.count);
  for (let k = 0; k < inv.count; k++) open[k] = inv.amountMinor[k]!;
  const credit = new Float64Array(naccounts);
  // The payments posted to each account (by account index), in posting order.
  const posted = new Array<PostedPayment[] | undefined>(naccounts).fill(undefined);
  // postPayment's rules on the columns: the items named (in the order named), then oldest due first
  // among undisputed items issued by the payment date; an allocation per item, the rest as credit.
  for (const p of paymentsInPostingOrder(ledger.payments, asOfDay)) {
    const a = p.customer * ncur + p.currency;
    let remaining = p.amountMinor;
    const allocations: Allocation[] = [];
    const take = (k: number) => {
      if (remaining <= 0 || open[k]! <= 0) return;
      const amount = Math.min(remaining, open[k]!);
      open[k]! -= amount;
      remaining -= amount;
      const itemId = inv.ids.at(k);
      const prior = allocations.find((x) => x.itemId === itemId);
      if (prior) prior.amountMinor += amount;
      else allocations.push({ sourceId: p.payment.paymentId, itemId, amountMinor: amount });
    };
    for (const k of p.appliesTo) if (counted(k)) take(k);
    for (let i = start[a]!; i < start[a + 1]! && remaining > 0; i++) {
      const k = order[i]!;
      if (inv.status[k] !== INVOICE_STATUS_CODES.disputed && inv.invoiceDay[k]! <= p.day) take(k);
    }
    credit[a]! += remaining;
    let list = posted[a];
    if (!list) {
      list = [];
      posted[a] = list;
    }
    list.push({
      paymentId: p.payment.paymentId,
      customerId: ledger.customerIds[p.customer]!,
      currency: ledger.currencies[p.currency]!,
      date: p.payment.date,
      amountMinor: p.payment.amountMinor,
      allocations,
      unappliedMinor: remaining,
      returned: false,
    });
  }
  const itemsOf: ItemSource = { inv, order, open, iso };
  const accounts: AccountBook[] = [];
  const byCustomer = new Map<string, AccountBook[]>();
  const currencyOrder = orderById(ledger.currencies);
  for (const c of orderById(ledger.customerIds)) {
    for (const cur of currencyOrder) {
      const a = c * ncur + cur;
      const accountPayments = posted[a];
      if (!accountPayments && start[a] === start[a + 1]) continue;
      const customerId = ledger.customerIds[c]!;
      const currency = ledger.currencies[cur]!;
      let openMinor = 0;
      for (let i = start[a]!; i < start[a + 1]!; i++) openMinor += open[order[i]!]!;
      const account = new ColumnarAccount(
        customerId,
        currency,
        credit[a]!,
        openMinor,
        accountPayments ?? [],
        itemsOf,
        start[a]!,
        start[a + 1]!,
      );
      accounts.push(account);
      const list = byCustomer.get(customerId);
      if (list) list.push(account);
      else byCustomer.set(customerId, [account]);
    }
  }
  // The payments by id, made when first read: the planner never reads them (a hand-over packet does).
  let payments: Map<string, PostedPayment> | undefined;
  return {
    asOf,
    accounts,
    byCustomer,
    get payments() {
      if (!payments) {
        payments = new Map();
        for (const account of accounts) for (const p of account.payments) payments.set(p.paymentId, p);
      }
      return payments;
    },
  };
}

/** What an account's items are read from: the invoice columns, their posting order and open amounts. */
interface ItemSource {
  inv: ColumnarLedger['invoices'];
  order: Int32Array;
  open: Float64Array;
  iso: (day: number) => IsoDate;
  /** The account read last and its items: the planner reads one customer's accounts several times in a row. */
  last?: ColumnarAccount;
  lastItems?: OpenItem[];
}

/**
 * An account of the columnar book. Its items are made when read (`order[from..to)`), so a million
 * of them never live at once: the planner reads one customer's at a time and lets them go. A class
 * with the getter on its prototype, not an object literal with its own getter: a literal with an
 * accessor is built by the runtime, about ten times slower, a hundred thousand times per ledger.
 */
class ColumnarAccount implements AccountBook {
  readonly #source: ItemSource;
  readonly #from: number;
  readonly #to: number;
  readonly balanceMinor: number;
  constructor(
    readonly customerId: string,
    readonly currency: string,
    readonly unappliedCreditMinor: number,
    readonly openMinor: number,
    readonly payments: PostedPayment[],
    source: ItemSource,
    from: number,
    to: number,
  ) {
    this.balanceMinor = openMinor - unappliedCreditMinor;
    this.#source = source;
    this.#from = from;
    this.#to = to;
  }

  get items(): OpenItem[] {
    const source = this.#source;
    // The same array again while this account is the one being read, as the row path's book gives
    // one array per account; only the last account's items are kept.
    if (source.last === this) return source.lastItems!;
    const { inv, order, open, iso } = source;
    const items: OpenItem[] = [];
    for (let i = this.#from; i < this.#to; i++) {
      const k = order[i]!;
      items.push({
        itemId: inv.ids.at(k),
        customerId: this.customerId,
        kind: 'invoice',
        itemDate: iso(inv.invoiceDay[k]!),
        dueDate: iso(inv.dueDay[k]!),
        dueDay: inv.dueDay[k]!,
        currency: this.currency,
        originalMinor: inv.amountMinor[k]!,
        openMinor: open[k]!,
        disputed: inv.status[k] === INVOICE_STATUS_CODES.disputed,
        matter: undefined,
      });
    }
    source.last = this;
    source.lastItems = items;
    return items;
  }
}
