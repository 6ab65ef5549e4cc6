// The book (core/ledger/book.ts) of a columnar ledger: accounts, items and posted payments built straight
// from the invoice columns, for the planner, without an Invoice object per row on the way.
import type { AccountBook, Allocation, Book, ItemCursor, OpenItem, PostedPayment } from './book.js';
import { fromDay, type IsoDate, toDay } from './dates.js';
import { emptyLedger, type Ledger } from './ledger.js';
import { type ColumnarLedger, INVOICE_STATUS_CODES, orderById } from './ledger-columns.js';

/**
 * The ledger a columnar ledger stands for, as far as it holds rows: its customers and payments
 * (the columnar path takes only ledgers with nothing on the other tabs); the invoices stay columns
 * and reach the planner through `bookFromColumns`.
 */
export function ledgerOfColumns(ledger: ColumnarLedger): Ledger {
  // The payments are read from the tab again when first asked for: the planner reads them only for
  // customers with promises or plans, which a columnar ledger never has. The customers too, when
  // first asked for: the planner is given them one at a time (`PlanInput.customerRows`) where it can.
  let payments: Ledger['payments'] | undefined;
  const out = emptyLedger();
  Object.defineProperty(out, 'customers', { get: () => ledger.customers, enumerable: true });
  Object.defineProperty(out, 'payments', {
    get: () => {
      payments ??= ledger.payments.map((p) => p.payment);
      return payments;
    },
    enumerable: true,
  });
  return out;
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
  // Each invoice's account, or -1 when it is not counted (void, or issued after `asOf`).
  const accountOf = new Int32Array(inv.count);
  for (let k = 0; k < inv.count; k++) {
    if (inv.status[k] !== INVOICE_STATUS_CODES.void && inv.invoiceDay[k]! <= asOfDay) {
      const a = inv.customer[k]! * ncur + inv.currency[k]!;
      accountOf[k] = a;
      start[a + 1]!++;
    } else accountOf[k] = -1;
  }
  const counted = (k: number) => accountOf[k]! >= 0;
  for (let a = 0; a < naccounts; a++) start[a + 1]! += start[a]!;
  const order = new Int32Array(start[naccounts]!);
  const fill = start.slice(0, naccounts);
  for (let k = 0; k < inv.count; k++) {
    const a = accountOf[k]!;
    if (a >= 0) order[fill[a]!++] = k;
  }
  // compareItems' order (due day, invoice day, id).
  sortByDueKey(inv, order, start, naccounts);
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
  const open = inv.amountMinor.slice(0, inv.count);
  const credit = new Float64Array(naccounts);
  // postPayment's rules on the columns: the items named (in the order named), then oldest due first
  // among undisputed items issued by the payment date; an allocation per item, the rest as credit.
  // Each posting is kept as numbers (payment, allocations, what was left): its `PostedPayment` is
  // made only when an account's payments are read, which the planner never does.
  // Accounts are posted one after the other (a payment touches only its own account's items), each
  // account's payments in posting order: its items and payments are read where they lie together.
  const pc = ledger.paymentColumns;
  const due = postingOrderByAccount(pc, asOfDay, ncur, naccounts);
  const postings = new Postings(due.length);
  for (let j = 0; j < due.length; j++) {
    const p = due[j]!;
    const a = pc.customer[p]! * ncur + pc.currency[p]!;
    let remaining = pc.amountMinor[p]!;
    const day = pc.day[p]!;
    for (let n = pc.appliesStart[p]!; n < pc.appliesStart[p + 1]! && remaining > 0; n++) {
      const k = pc.appliesTo[n]!;
      if (!counted(k) || open[k]! <= 0) continue;
      const amount = Math.min(remaining, open[k]!);
      open[k]! -= amount;
      remaining -= amount;
      postings.allocate(k, amount);
    }
    for (let i = start[a]!; i < start[a + 1]! && remaining > 0; i++) {
      const k = order[i]!;
      if (inv.status[k] === INVOICE_STATUS_CODES.disputed || inv.invoiceDay[k]! > day || open[k]! <= 0)
        continue;
      const amount = Math.min(remaining, open[k]!);
      open[k]! -= amount;
      remaining -= amount;
      postings.allocate(k, amount);
    }
    credit[a]! += remaining;
    postings.post(p, a, remaining);
  }
  // Each account's postings (indexes into `postings`), in posting order: a counting sort.
  const postedStart = new Int32Array(naccounts + 1);
  for (let j = 0; j < postings.count; j++) postedStart[postings.account[j]! + 1]!++;
  for (let a = 0; a < naccounts; a++) postedStart[a + 1]! += postedStart[a]!;
  const postedOrder = new Int32Array(postings.count);
  const postedFill = postedStart.slice(0, naccounts);
  for (let j = 0; j < postings.count; j++) postedOrder[postedFill[postings.account[j]!]!++] = j;
  const itemsOf: ItemSource = { inv, order, open, iso, ledger, postings, postedOrder };
  const currencyOrder = orderById(ledger.currencies);
  // Customer `c`'s accounts, one per currency with items or payments, made afresh.
  const accountsOf = (c: number): AccountBook[] | undefined => {
    let list: AccountBook[] | undefined;
    for (const cur of currencyOrder) {
      const a = c * ncur + cur;
      if (postedStart[a] === postedStart[a + 1] && start[a] === start[a + 1]) continue;
      let openMinor = 0;
      for (let i = start[a]!; i < start[a + 1]!; i++) openMinor += open[order[i]!]!;
      const account = new ColumnarAccount(
        ledger.customerIds[c]!,
        ledger.currencies[cur]!,
        credit[a]!,
        openMinor,
        itemsOf,
        start[a]!,
        start[a + 1]!,
        postedStart[a]!,
        postedStart[a + 1]!,
      );
      if (list) list.push(account);
      else list = [account];
    }
    return list;
  };
  // Every account, in customer id order then currency, made when first read: the planner reads a
  // customer's accounts by position (`byCustomerIndex`), each made at its turn and let go after it,
  // where a hundred thousand accounts made up front would live (and be copied by the collector) all
  // through the plan.
  let accounts: AccountBook[] | undefined;
  let byIndex: (AccountBook[] | undefined)[] | undefined;
  const allAccounts = (): AccountBook[] => {
    if (!accounts) {
      const list: AccountBook[] = [];
      const at: (AccountBook[] | undefined)[] = new Array(ledger.customerIds.length).fill(undefined);
      for (const c of orderById(ledger.customerIds)) {
        const own = accountsOf(c);
        if (!own) continue;
        at[c] = own;
        for (const account of own) list.push(account);
      }
      accounts = list;
      byIndex = at;
    }
    return accounts;
  };
  // The payments by id, made when first read: the planner never reads them (a hand-over packet does).
  let payments: Map<string, PostedPayment> | undefined;
  // By id, made when first read: the planner looks accounts up by position instead.
  let byCustomer: Map<string, AccountBook[]> | undefined;
  return {
    asOf,
    get accounts() {
      return allAccounts();
    },
    get byCustomer() {
      if (!byCustomer) {
        byCustomer = new Map();
        for (const account of allAccounts()) {
          const list = byCustomer.get(account.customerId);
          if (list) list.push(account);
          else byCustomer.set(account.customerId, [account]);
        }
      }
      return byCustomer;
    },
    byCustomerIndex: {
      ids: ledger.customerIds,
      accountsAt: (c: number) => (byIndex ? byIndex[c] : accountsOf(c)),
    },
    get payments() {
      if (!payments) {
        payments = new Map();
        for (const account of allAccounts()) for (const p of account.payments) payments.set(p.paymentId, p);
      }
      return payments;
    },
  };
}

/**
 * Sorts each account's invoice rows (`order[start[a]..start[a+1])`) in compareItems' order: due
 * day, invoice day, then id (a total order: ids are unique). The number made of the two days is
 * worked out once per item into an array lying beside `order`, so the insertion sort (accounts hold
 * few items) reads its keys in sequence and compares ids only on a tie; an account already in
 * order is only read.
 */
function sortByDueKey(
  inv: ColumnarLedger['invoices'],
  order: Int32Array,
  start: Int32Array,
  naccounts: number,
): void {
  const due = inv.dueDay;
  const issued = inv.invoiceDay;
  const ids = inv.ids;
  // Days lie within ±2^17 of 1970 (DATE_YEAR_RANGE): due * 2^18 + issued + 2^17 orders both, exactly.
  const keys = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const k = order[i]!;
    keys[i] = due[k]! * 262_144 + issued[k]! + 131_072;
  }
  for (let a = 0; a < naccounts; a++) {
    const from = start[a]!;
    const to = start[a + 1]!;
    for (let i = from + 1; i < to; i++) {
      const kk = keys[i]!;
      const k = order[i]!;
      const kp = keys[i - 1]!;
      if (kp < kk || (kp === kk && ids.compare(order[i - 1]!, k) <= 0)) continue;
      let j = i - 1;
      for (; j >= from; j--) {
        const kx = keys[j]!;
        if (kx < kk || (kx === kk && ids.compare(order[j]!, k) <= 0)) break;
        keys[j + 1] = kx;
        order[j + 1] = order[j]!;
      }
      keys[j + 1] = kk;
      order[j + 1] = k;
    }
  }
}

/**
 * The payments dated by `asOfDay` grouped by account, each account's in posting order (date, then
 * row order within a day): what grouping `paymentOrder`'s list by account gives, without ordering
 * every payment by date first. A tab listed account by account (the usual) is grouped already;
 * each account's few payments are then put in date order by an insertion sort (stable: a day's
 * keep their row order).
 */
function postingOrderByAccount(
  pc: ColumnarLedger['paymentColumns'],
  asOfDay: number,
  ncur: number,
  naccounts: number,
): Int32Array {
  const at = new Int32Array(naccounts + 1);
  const rows = new Int32Array(pc.count);
  let n = 0;
  let grouped = true;
  let last = -1;
  for (let p = 0; p < pc.count; p++) {
    if (pc.day[p]! > asOfDay) continue;
    const a = pc.customer[p]! * ncur + pc.currency[p]!;
    at[a + 1]!++;
    if (a < last) grouped = false;
    last = a;
    rows[n++] = p;
  }
  for (let a = 0; a < naccounts; a++) at[a + 1]! += at[a]!;
  let out = rows.subarray(0, n);
  if (!grouped) {
    out = new Int32Array(n);
    const fill = at.slice(0, naccounts);
    for (let j = 0; j < n; j++) {
      const p = rows[j]!;
      out[fill[pc.customer[p]! * ncur + pc.currency[p]!]!++] = p;
    }
  }
  const day = pc.day;
  for (let a = 0; a < naccounts; a++) {
    const from = at[a]!;
    const to = at[a + 1]!;
    for (let i = from + 1; i < to; i++) {
      const p = out[i]!;
      const d = day[p]!;
      if (day[out[i - 1]!]! <= d) continue;
      let j = i - 1;
      for (; j >= from && day[out[j]!]! > d; j--) out[j + 1] = out[j]!;
      out[j + 1] = p;
    }
  }
  return out;
}

/** What an account's items are read from: the invoice columns, their posting order and open amounts. */
interface ItemSource {
  inv: ColumnarLedger['invoices'];
  order: Int32Array;
  open: Float64Array;
  iso: (day: number) => IsoDate;
  ledger: ColumnarLedger;
  postings: Postings;
  /** Indexes into `postings`, grouped by account. */
  postedOrder: Int32Array;
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
  readonly #postedFrom: number;
  readonly #postedTo: number;
  #payments: PostedPayment[] | undefined;
  readonly balanceMinor: number;
  constructor(
    readonly customerId: string,
    readonly currency: string,
    readonly unappliedCreditMinor: number,
    readonly openMinor: number,
    source: ItemSource,
    from: number,
    to: number,
    postedFrom: number,
    postedTo: number,
  ) {
    this.balanceMinor = openMinor - unappliedCreditMinor;
    this.#source = source;
    this.#from = from;
    this.#to = to;
    this.#postedFrom = postedFrom;
    this.#postedTo = postedTo;
  }

  /** The payments posted to the account, in posting order: made when first read, then kept. */
  get payments(): PostedPayment[] {
    if (this.#payments) return this.#payments;
    const { ledger, postings, postedOrder, inv } = this.#source;
    const list: PostedPayment[] = [];
    for (let i = this.#postedFrom; i < this.#postedTo; i++) {
      const j = postedOrder[i]!;
      const payment = ledger.payments[postings.payment[j]!]!.payment;
      const allocations: Allocation[] = [];
      for (let n = postings.allocStart[j]!; n < postings.allocStart[j + 1]!; n++) {
        const itemId = inv.ids.at(postings.item[n]!);
        const amount = postings.amount[n]!;
        const prior = allocations.find((x) => x.itemId === itemId);
        if (prior) prior.amountMinor += amount;
        else allocations.push({ sourceId: payment.paymentId, itemId, amountMinor: amount });
      }
      list.push({
        paymentId: payment.paymentId,
        customerId: this.customerId,
        currency: this.currency,
        date: payment.date,
        amountMinor: payment.amountMinor,
        allocations,
        unappliedMinor: postings.unapplied[j]!,
        returned: false,
      });
    }
    this.#payments = list;
    return list;
  }

  /** The items in place: the planner reads a few fields of each, with no `OpenItem` made. */
  cursor(): ItemCursor {
    return new ColumnarItems(this.#source, this.#from, this.#to - this.#from);
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

/** The payments posted, as numbers: for each, its payment (row), account, allocations and what was left. */
class Postings {
  count = 0;
  payment: Int32Array;
  account: Int32Array;
  unapplied: Float64Array;
  /** Posting `j`'s allocations are `item`/`amount[allocStart[j]..allocStart[j + 1])`. */
  allocStart: Int32Array;
  item = new Int32Array(1024);
  amount = new Float64Array(1024);
  #allocated = 0;
  constructor(capacity: number) {
    this.payment = new Int32Array(capacity);
    this.account = new Int32Array(capacity);
    this.unapplied = new Float64Array(capacity);
    this.allocStart = new Int32Array(capacity + 1);
  }

  /** An allocation of the payment being posted (before its `post`). */
  allocate(k: number, amountMinor: number): void {
    const n = this.#allocated;
    if (n === this.item.length) {
      const item = new Int32Array(2 * n);
      item.set(this.item);
      this.item = item;
      const amount = new Float64Array(2 * n);
      amount.set(this.amount);
      this.amount = amount;
    }
    this.item[n] = k;
    this.amount[n] = amountMinor;
    this.#allocated = n + 1;
  }

  /** Payment `p` posted to account `a`, `unappliedMinor` left; its allocations are those made since the last. */
  post(p: number, a: number, unappliedMinor: number): void {
    const j = this.count++;
    this.payment[j] = p;
    this.account[j] = a;
    this.unapplied[j] = unappliedMinor;
    this.allocStart[j + 1] = this.#allocated;
  }
}

/** An account's items read where they lie: `order[from..from + count)` of the invoice columns. */
class ColumnarItems implements ItemCursor {
  readonly #inv: ItemSource['inv'];
  readonly #order: Int32Array;
  readonly #open: Float64Array;
  constructor(
    source: ItemSource,
    private readonly from: number,
    readonly count: number,
  ) {
    this.#inv = source.inv;
    this.#order = source.order;
    this.#open = source.open;
  }
  openMinor(i: number): number {
    return this.#open[this.#order[this.from + i]!]!;
  }
  dueDay(i: number): number {
    return this.#inv.dueDay[this.#order[this.from + i]!]!;
  }
  itemDay(i: number): number {
    return this.#inv.invoiceDay[this.#order[this.from + i]!]!;
  }
  disputed(i: number): boolean {
    return this.#inv.status[this.#order[this.from + i]!] === INVOICE_STATUS_CODES.disputed;
  }
  itemId(i: number): string {
    return this.#inv.ids.at(this.#order[this.from + i]!);
  }
}
