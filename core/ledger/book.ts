// The book: every receivable item with what is still open on it, after posting payments, returns,
// credits and write-offs as of a date. Built from a validated ledger; the input to aging and dunning.
import { type IsoDate, toDay } from './dates.js';
import { type AdjustmentType, CHARGE_TYPES, type Ledger, type Payment } from './ledger.js';

/** A receivable: an invoice or a charge line (late fee, interest, returned-payment fee). */
export interface OpenItem {
  itemId: string;
  customerId: string;
  kind: 'invoice' | 'charge';
  /** For charges: which kind of charge. */
  chargeType?: AdjustmentType;
  itemDate: IsoDate;
  dueDate: IsoDate;
  /** `dueDate` as days since 1970-01-01, filled in by `buildBook` so aging never parses dates. */
  dueDay?: number;
  currency: string;
  originalMinor: number;
  /** What is still owed on it after payments, credit notes and write-offs; 0 when settled. */
  openMinor: number;
  /** Disputed invoices stay on the books but are not dunned. */
  disputed: boolean;
  matter?: string;
  /** For charges: the invoice the charge was raised on. */
  invoiceId?: string;
}

/** Part of a payment (or a credit) put against one item. */
export interface Allocation {
  /** Payment id, or the adjustment id of a credit note / write-off. */
  sourceId: string;
  itemId: string;
  amountMinor: number;
}

export interface PostedPayment {
  paymentId: string;
  customerId: string;
  currency: string;
  date: IsoDate;
  amountMinor: number;
  allocations: Allocation[];
  /** What was left after paying every open item: kept as credit on the account. */
  unappliedMinor: number;
  /** A returned (NSF) payment: its allocations were reversed on `returnedDate`. */
  returned: boolean;
  returnedDate?: IsoDate;
}

/** One customer's position in one currency. */
export interface AccountBook {
  customerId: string;
  currency: string;
  /** Every item of the account, settled ones included, ordered oldest due date first. */
  items: OpenItem[];
  /** Overpayments and unallocated credit notes not yet used. */
  unappliedCreditMinor: number;
  /** Sum of `openMinor` over the items. */
  openMinor: number;
  /** `openMinor - unappliedCreditMinor`: what the customer owes, net. */
  balanceMinor: number;
  payments: PostedPayment[];
  /**
   * The items read in place, by position, in `items`' order: a book that makes its items when read
   * (the columnar book) gives one, so a reader of a few fields needs no `OpenItem` per item.
   * Readers fall back to `itemCursorOf(account)`.
   */
  cursor?(): ItemCursor;
}

/** An account's items read by position (`0..count`), in due-date order, without an object per item. */
export interface ItemCursor {
  readonly count: number;
  openMinor(i: number): number;
  /** Days since 1970-01-01. */
  dueDay(i: number): number;
  /** The item's date (`itemDate`), in days since 1970-01-01. */
  itemDay(i: number): number;
  disputed(i: number): boolean;
  itemId(i: number): string;
}

/** The account's own cursor when it has one, else one over its `items`. */
export function itemCursorOf(account: AccountBook): ItemCursor {
  return account.cursor ? account.cursor() : new ArrayCursor(account.items);
}

class ArrayCursor implements ItemCursor {
  readonly count: number;
  constructor(private readonly items: readonly OpenItem[]) {
    this.count = items.length;
  }
  openMinor(i: number): number {
    return this.items[i]!.openMinor;
  }
  dueDay(i: number): number {
    const item = this.items[i]!;
    return item.dueDay ?? toDay(item.dueDate);
  }
  itemDay(i: number): number {
    return toDay(this.items[i]!.itemDate);
  }
  disputed(i: number): boolean {
    return this.items[i]!.disputed;
  }
  itemId(i: number): string {
    return this.items[i]!.itemId;
  }
}

export interface Book {
  asOf: IsoDate;
  accounts: AccountBook[];
  /** Accounts of a customer, one per currency. */
  byCustomer: Map<string, AccountBook[]>;
  /** Every payment posted (returned ones included), by payment id. */
  payments: Map<string, PostedPayment>;
  /**
   * Accounts by customer position, where the book has it (the columnar book): `accountsAt(i)` are
   * the accounts of the customer whose id is `ids[i]` (those of `accounts`, in the same order), or
   * undefined for none. A reader walking the customers in the same order checks the id and looks up
   * by position, no `byCustomer` hashing; until `accounts` is read, each call makes them afresh (a
   * reader going once through the customers never holds them all).
   */
  byCustomerIndex?: { ids: readonly string[]; accountsAt(i: number): readonly AccountBook[] | undefined };
}

/** Due-date order used for oldest-first posting: due date, then item date, then id. */
export function compareItems(a: OpenItem, b: OpenItem): number {
  return (
    (a.dueDay ?? toDay(a.dueDate)) - (b.dueDay ?? toDay(b.dueDate)) ||
    toDay(a.itemDate) - toDay(b.itemDate) ||
    (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0)
  );
}

/** Mutable posting state of one account; `postPayment` and `reversePayment` change it in place. */
export interface AccountState {
  customerId: string;
  currency: string;
  items: OpenItem[];
  itemById: Map<string, OpenItem>;
  unappliedCreditMinor: number;
  payments: PostedPayment[];
  paymentById: Map<string, PostedPayment>;
}

export function newAccountState(customerId: string, currency: string, items: OpenItem[]): AccountState {
  const sorted = [...items].sort(compareItems);
  return {
    customerId,
    currency,
    items: sorted,
    itemById: new Map(sorted.map((i) => [i.itemId, i])),
    unappliedCreditMinor: 0,
    payments: [],
    paymentById: new Map(),
  };
}

/**
 * Posts a payment: first to the items it names (in the order named), then oldest due date first
 * among items issued by the payment date, and anything left over becomes unapplied credit.
 * Disputed items are paid only when named.
 * Posting the same payment id twice changes nothing the second time (idempotent by id).
 */
export function postPayment(
  state: AccountState,
  payment: Pick<Payment, 'paymentId' | 'date' | 'amountMinor' | 'appliesTo'>,
): PostedPayment {
  const existing = state.paymentById.get(payment.paymentId);
  if (existing) return existing;
  let remaining = payment.amountMinor;
  const allocations: Allocation[] = [];
  const take = (item: OpenItem) => {
    if (remaining <= 0 || item.openMinor <= 0) return;
    const amount = Math.min(remaining, item.openMinor);
    item.openMinor -= amount;
    remaining -= amount;
    const prior = allocations.find((a) => a.itemId === item.itemId);
    if (prior) prior.amountMinor += amount;
    else allocations.push({ sourceId: payment.paymentId, itemId: item.itemId, amountMinor: amount });
  };
  for (const id of payment.appliesTo) {
    const item = state.itemById.get(id);
    if (item) take(item);
  }
  // A payment that names invoices is meant for them; only what they could not absorb goes on.
  // Items issued after the payment was made cannot have been what it paid.
  const paidDay = toDay(payment.date);
  for (const item of state.items) {
    if (remaining <= 0) break;
    if (!item.disputed && toDay(item.itemDate) <= paidDay) take(item);
  }
  const posted: PostedPayment = {
    paymentId: payment.paymentId,
    customerId: state.customerId,
    currency: state.currency,
    date: payment.date,
    amountMinor: payment.amountMinor,
    allocations,
    unappliedMinor: remaining,
    returned: false,
  };
  state.unappliedCreditMinor += remaining;
  state.payments.push(posted);
  state.paymentById.set(posted.paymentId, posted);
  return posted;
}

/**
 * Reverses a returned payment exactly: every allocation goes back onto its item and its unapplied
 * part leaves the credit balance. Reversing twice, or a payment never posted, changes nothing.
 */
export function reversePayment(
  state: AccountState,
  paymentId: string,
  returnedDate: IsoDate,
): PostedPayment | undefined {
  const posted = state.paymentById.get(paymentId);
  if (!posted || posted.returned) return posted;
  for (const a of posted.allocations) {
    const item = state.itemById.get(a.itemId);
    if (item) item.openMinor += a.amountMinor;
  }
  state.unappliedCreditMinor -= posted.unappliedMinor;
  posted.returned = true;
  posted.returnedDate = returnedDate;
  return posted;
}

/** Applies a credit note or write-off to one item (or to credit when no item is named). */
function applyCredit(
  state: AccountState,
  sourceId: string,
  amountMinor: number,
  itemId: string | undefined,
): void {
  let remaining = amountMinor;
  const item = itemId === undefined ? undefined : state.itemById.get(itemId);
  if (item) {
    const amount = Math.min(remaining, item.openMinor);
    item.openMinor -= amount;
    remaining -= amount;
  }
  // A credit larger than the invoice, or one naming no invoice, is credit on the account.
  state.unappliedCreditMinor += remaining;
  void sourceId;
}

type LedgerEvent =
  | {
      day: number;
      order: 0;
      kind: 'credit';
      sourceId: string;
      customerId: string;
      currency: string;
      amountMinor: number;
      itemId?: string;
    }
  | { day: number; order: 1; kind: 'payment'; payment: Payment }
  | { day: number; order: 2; kind: 'return'; payment: Payment };

/**
 * Builds the book as of a date: only items, payments, returns and adjustments dated on or before
 * `asOf` count, so the same ledger replays any past day exactly. Events post in date order; on one
 * day credits come before payments, payments before returns.
 */
export function buildBook(ledger: Ledger, asOf: IsoDate): Book {
  const asOfDay = toDay(asOf);
  const items = new Map<string, OpenItem[]>();
  const keyOf = (customerId: string, currency: string) => `${customerId}\u0000${currency}`;
  const push = (item: OpenItem) => {
    const key = keyOf(item.customerId, item.currency);
    const list = items.get(key);
    if (list) list.push(item);
    else items.set(key, [item]);
  };
  for (const inv of ledger.invoices) {
    if (inv.status === 'void' || toDay(inv.invoiceDate) > asOfDay) continue;
    push({
      itemId: inv.invoiceId,
      customerId: inv.customerId,
      kind: 'invoice',
      itemDate: inv.invoiceDate,
      dueDate: inv.dueDate,
      dueDay: toDay(inv.dueDate),
      currency: inv.currency,
      originalMinor: inv.amountMinor,
      openMinor: inv.amountMinor,
      disputed: inv.status === 'disputed',
      matter: inv.matter,
    });
  }
  const events: LedgerEvent[] = [];
  for (const adj of ledger.adjustments) {
    const day = toDay(adj.date);
    if (day > asOfDay) continue;
    const waived = adj.waivedOn !== undefined && toDay(adj.waivedOn) <= asOfDay;
    if (CHARGE_TYPES.has(adj.type)) {
      if (waived) continue;
      push({
        itemId: adj.adjustmentId,
        customerId: adj.customerId,
        kind: 'charge',
        chargeType: adj.type,
        itemDate: adj.date,
        dueDate: adj.date,
        dueDay: day,
        currency: adj.currency,
        originalMinor: adj.amountMinor,
        openMinor: adj.amountMinor,
        disputed: false,
        invoiceId: adj.invoiceId,
      });
    } else {
      events.push({
        day,
        order: 0,
        kind: 'credit',
        sourceId: adj.adjustmentId,
        customerId: adj.customerId,
        currency: adj.currency,
        amountMinor: adj.amountMinor,
        itemId: adj.invoiceId,
      });
    }
  }
  for (const p of ledger.payments) {
    const day = toDay(p.date);
    if (day > asOfDay) continue;
    events.push({ day, order: 1, kind: 'payment', payment: p });
    if (p.status === 'returned') {
      const returnDay = toDay(p.returnedDate ?? p.date);
      if (returnDay <= asOfDay) events.push({ day: returnDay, order: 2, kind: 'return', payment: p });
    }
  }
  events.sort((a, b) => a.day - b.day || a.order - b.order);

  const states = new Map<string, AccountState>();
  const stateFor = (customerId: string, currency: string) => {
    const key = keyOf(customerId, currency);
    let s = states.get(key);
    if (!s) {
      s = newAccountState(customerId, currency, items.get(key) ?? []);
      states.set(key, s);
    }
    return s;
  };
  for (const [key, list] of items) {
    const first = list[0]!;
    if (!states.has(key)) states.set(key, newAccountState(first.customerId, first.currency, list));
  }
  for (const e of events) {
    if (e.kind === 'credit')
      applyCredit(stateFor(e.customerId, e.currency), e.sourceId, e.amountMinor, e.itemId);
    else if (e.kind === 'payment') postPayment(stateFor(e.payment.customerId, e.payment.currency), e.payment);
    else
      reversePayment(
        stateFor(e.payment.customerId, e.payment.currency),
        e.payment.paymentId,
        e.payment.returnedDate ?? e.payment.date,
      );
  }

  const accounts: AccountBook[] = [];
  const byCustomer = new Map<string, AccountBook[]>();
  const payments = new Map<string, PostedPayment>();
  const ordered = [...states.values()].sort((a, b) =>
    a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : a.currency < b.currency ? -1 : 1,
  );
  for (const s of ordered) {
    let open = 0;
    for (const i of s.items) open += i.openMinor;
    const account: AccountBook = {
      customerId: s.customerId,
      currency: s.currency,
      items: s.items,
      unappliedCreditMinor: s.unappliedCreditMinor,
      openMinor: open,
      balanceMinor: open - s.unappliedCreditMinor,
      payments: s.payments,
    };
    accounts.push(account);
    const list = byCustomer.get(s.customerId);
    if (list) list.push(account);
    else byCustomer.set(s.customerId, [account]);
    for (const p of s.payments) payments.set(p.paymentId, p);
  }
  return { asOf, accounts, byCustomer, payments };
}
