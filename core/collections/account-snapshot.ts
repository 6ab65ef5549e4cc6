// One customer's account reduced to what the daily run and the status write-back need, so those
// read a single small record per open account instead of the customer's whole history.

import { type AgingBucket, bucketIndex, DEFAULT_BUCKETS } from '../ledger/aging.js';
import type { AccountBook, Book, OpenItem } from '../ledger/book.js';
import { fromDay, type IsoDate, toDay } from '../ledger/dates.js';
import {
  type Activity,
  type Customer,
  emptyLedger,
  type Ledger,
  type Payment,
  type PaymentPlan,
  type PromiseToPay,
} from '../ledger/ledger.js';
import { formatMoney } from '../ledger/money.js';
import { isHoldNote, isReleaseNote } from './credit-holds.js';

/** The stage id of the validation notice (`VALIDATION_STAGE` in dunning-policy.ts). */
const VALIDATION_STAGE_ID = 'validation-notice';

/** How far back outbound contacts are kept: the contact caps look back up to 30 days, stages a cycle. */
const ACTIVITY_DAYS_BEFORE_CYCLE = 30;

export interface AccountSnapshot {
  customerId: string;
  /** The date the snapshot was computed as of. */
  asOf: IsoDate;
  customer: Customer;
  accounts: {
    currency: string;
    openMinor: number;
    balanceMinor: number;
    unappliedCreditMinor: number;
    /** Open items only; settled ones are history the daily run never needs. */
    items: OpenItem[];
  }[];
  promises: PromiseToPay[];
  plans: PaymentPlan[];
  /** Payments a live promise or plan may count (from the earliest one's start). */
  payments: Payment[];
  /** Contacts since shortly before the oldest open item fell due and the last 30 days, and every validation notice. */
  activity: Activity[];
  /** True when something is owed or a promise or plan is live: the account is on the open index. */
  open: boolean;
  lastContact?: { date: IsoDate; type: string; stage?: string };
  /**
   * Fee and interest rows of the Adjustments tab the law or the contract does not allow, left out
   * of every amount above (core/compliance/charge-refusals.ts), with why. Absent when none.
   */
  refusedCharges?: { adjustmentId: string; rule: string; reason: string }[];
}

/**
 * Reduces one customer's ledger and book to a snapshot. `ledger` may hold other customers; only
 * `customerId`'s rows are taken.
 */
export function snapshotAccount(
  ledger: Ledger,
  book: Book,
  customerId: string,
  asOf: IsoDate,
): AccountSnapshot | undefined {
  const customer = ledger.customers.find((c) => c.customerId === customerId);
  if (!customer) return undefined;
  const books = book.byCustomer.get(customerId) ?? [];
  const accounts = books.map((a) => ({
    currency: a.currency,
    openMinor: a.openMinor,
    balanceMinor: a.balanceMinor,
    unappliedCreditMinor: a.unappliedCreditMinor,
    items: a.items.filter((i) => i.openMinor !== 0),
  }));
  const asOfDay = toDay(asOf);
  // A promise stays while it can still be kept or was broken recently (its outcome shows for 90 days).
  const promises = ledger.promises.filter(
    (p) => p.customerId === customerId && !p.cancelled && toDay(p.promisedDate) + 90 >= asOfDay,
  );
  const plans = ledger.plans.filter((p) => p.customerId === customerId && !p.cancelled);
  const starts = [...promises.map((p) => p.takenOn), ...plans.map((p) => p.startDate)].map(toDay);
  const paymentsFrom = starts.length > 0 ? Math.min(...starts) : Number.POSITIVE_INFINITY;
  const payments = ledger.payments.filter(
    (p) => p.customerId === customerId && toDay(p.date) >= paymentsFrom,
  );
  let oldestDue = asOfDay;
  for (const a of accounts) for (const i of a.items) oldestDue = Math.min(oldestDue, toDay(i.dueDate));
  // The longest contact cap looks back 30 days (Massachusetts, numbers that are not personal).
  const activityFrom = Math.min(oldestDue - ACTIVITY_DAYS_BEFORE_CYCLE, asOfDay - 30);
  const customerActivity = ledger.activity.filter((a) => a.customerId === customerId);
  // A validation notice counts whenever it was sent: without it the planner would send another.
  // Hold and release notes count whenever they were written: a release names its hold, once.
  const activity = customerActivity.filter(
    (a) =>
      toDay(a.date) >= activityFrom || a.stage === VALIDATION_STAGE_ID || isHoldNote(a) || isReleaseNote(a),
  );
  const last = customerActivity
    .filter((a) => a.direction === 'outbound' || a.type === 'call')
    .reduce<Activity | undefined>((best, a) => (!best || a.date >= best.date ? a : best), undefined);
  const owes = accounts.some((a) => a.openMinor > 0);
  return {
    customerId,
    asOf,
    customer,
    accounts,
    promises,
    plans,
    payments,
    activity,
    // A held customer stays on the open index until the hold is released, paid up or not: the
    // daily run must see it to release it.
    open: owes || promises.length > 0 || plans.length > 0 || customer.flags.includes('credit-hold'),
    lastContact: last ? { date: last.date, type: last.type, stage: last.stage } : undefined,
  };
}

/**
 * The date to build a customer's book as of for a snapshot: today, or the latest date in their rows
 * if a clerk entered something dated ahead, so a post-dated invoice is not missing tomorrow.
 */
export function snapshotBookDate(ledger: Ledger, asOf: IsoDate): IsoDate {
  let latest = toDay(asOf);
  for (const i of ledger.invoices) latest = Math.max(latest, toDay(i.invoiceDate));
  for (const p of ledger.payments) latest = Math.max(latest, toDay(p.date), toDay(p.returnedDate ?? p.date));
  for (const a of ledger.adjustments) latest = Math.max(latest, toDay(a.date));
  return fromDay(latest);
}

/**
 * Rebuilds a ledger and book from snapshots, the input `planCollections` takes. Only open items
 * are in the book, which is all that aging and dunning look at.
 */
export function ledgerFromSnapshots(
  snapshots: readonly AccountSnapshot[],
  asOf: IsoDate,
): { ledger: Ledger; book: Book } {
  const ledger: Ledger = emptyLedger();
  const accounts: AccountBook[] = [];
  const byCustomer = new Map<string, AccountBook[]>();
  for (const s of snapshots) {
    ledger.customers.push(s.customer);
    ledger.payments.push(...s.payments);
    ledger.promises.push(...s.promises);
    ledger.plans.push(...s.plans);
    ledger.activity.push(...s.activity);
    const books = s.accounts.map(
      (a): AccountBook => ({
        customerId: s.customerId,
        currency: a.currency,
        items: a.items.map((i) => ({ ...i })),
        unappliedCreditMinor: a.unappliedCreditMinor,
        openMinor: a.openMinor,
        balanceMinor: a.balanceMinor,
        payments: [],
      }),
    );
    accounts.push(...books);
    byCustomer.set(s.customerId, books);
  }
  return { ledger, book: { asOf, accounts, byCustomer, payments: new Map() } };
}

/** The computed columns written back to a customer's row in the sheet. */
export interface AccountStatus {
  customerId: string;
  balance: string;
  bucket: string;
  lastContact: string;
}

/** Balance per currency and the worst aging bucket, as a clerk reads them in the sheet. */
export function accountStatus(
  snapshot: AccountSnapshot,
  asOf: IsoDate,
  buckets: readonly AgingBucket[] = DEFAULT_BUCKETS,
): AccountStatus {
  const asOfDay = toDay(asOf);
  let worst = -1;
  for (const a of snapshot.accounts) {
    for (const i of a.items) {
      if (i.openMinor <= 0) continue;
      worst = Math.max(worst, bucketIndex(buckets, asOfDay - toDay(i.dueDate)));
    }
  }
  const balance = snapshot.accounts
    .filter((a) => a.balanceMinor !== 0)
    .map((a) => formatMoney(a.balanceMinor, a.currency))
    .join('; ');
  const lc = snapshot.lastContact;
  return {
    customerId: snapshot.customerId,
    balance: balance || formatMoney(0, snapshot.accounts[0]?.currency ?? 'USD'),
    bucket: worst >= 0 ? buckets[worst]!.label : '',
    lastContact: lc ? `${lc.date} ${lc.type}${lc.stage ? ` (${lc.stage})` : ''}` : '',
  };
}
