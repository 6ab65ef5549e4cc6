// Aging: open items by days past due into configurable buckets, per customer and currency and in total.
import type { AccountBook, Book } from './book.js';
import { type IsoDate, toDay } from './dates.js';

/**
 * Buckets by days past due. Each bucket holds items whose days past due are at most its `maxDays`
 * and more than the previous bucket's; the last bucket has no upper limit (`maxDays: null`).
 */
export interface AgingBucket {
  label: string;
  maxDays: number | null;
}

/** current (not yet due or due today), 1-30, 31-60, 61-90, 90+ days past due. */
export const DEFAULT_BUCKETS: readonly AgingBucket[] = [
  { label: 'current', maxDays: 0 },
  { label: '1-30', maxDays: 30 },
  { label: '31-60', maxDays: 60 },
  { label: '61-90', maxDays: 90 },
  { label: '90+', maxDays: null },
];

/** Checks a bucket list: increasing limits, only the last one open-ended. Throws on a bad list. */
export function validateBuckets(buckets: readonly AgingBucket[]): void {
  if (buckets.length === 0) throw new RangeError('at least one aging bucket is required');
  let prev = Number.NEGATIVE_INFINITY;
  buckets.forEach((b, i) => {
    const last = i === buckets.length - 1;
    if (last !== (b.maxDays === null))
      throw new RangeError('only the last aging bucket may be open-ended, and it must be');
    if (b.maxDays !== null) {
      if (!Number.isInteger(b.maxDays) || b.maxDays <= prev)
        throw new RangeError(`bucket "${b.label}" must end after the one before`);
      prev = b.maxDays;
    }
  });
}

/** Index of the bucket for a number of days past due. */
export function bucketIndex(buckets: readonly AgingBucket[], daysPastDue: number): number {
  for (let b = 0; b < buckets.length - 1; b++) if (daysPastDue <= buckets[b]!.maxDays!) return b;
  return buckets.length - 1;
}

/**
 * Open items as columns: the shape the daily run and the benchmarks age. Customers and currencies
 * are interned to small integers so aging is one pass over typed arrays.
 */
export interface OpenItemColumns {
  count: number;
  customerIds: string[];
  currencies: string[];
  customerIndex: Int32Array;
  currencyIndex: Uint16Array;
  /** Due date as days since 1970-01-01. */
  dueDay: Int32Array;
  /** Open amount in minor units (integers held in doubles: exact up to 2^53). */
  openMinor: Float64Array;
}

/** Collects the book's non-zero open items into columns. */
export function openItemColumns(book: Book): OpenItemColumns {
  const customerIds: string[] = [];
  const customerPos = new Map<string, number>();
  const currencies: string[] = [];
  const currencyPos = new Map<string, number>();
  let count = 0;
  for (const a of book.accounts) for (const i of a.items) if (i.openMinor !== 0) count++;
  const cols: OpenItemColumns = {
    count,
    customerIds,
    currencies,
    customerIndex: new Int32Array(count),
    currencyIndex: new Uint16Array(count),
    dueDay: new Int32Array(count),
    openMinor: new Float64Array(count),
  };
  let k = 0;
  for (const a of book.accounts) {
    let c = customerPos.get(a.customerId);
    if (c === undefined) {
      c = customerIds.push(a.customerId) - 1;
      customerPos.set(a.customerId, c);
    }
    let cur = currencyPos.get(a.currency);
    if (cur === undefined) {
      cur = currencies.push(a.currency) - 1;
      currencyPos.set(a.currency, cur);
    }
    for (const i of a.items) {
      if (i.openMinor === 0) continue;
      cols.customerIndex[k] = c;
      cols.currencyIndex[k] = cur;
      cols.dueDay[k] = i.dueDay ?? toDay(i.dueDate);
      cols.openMinor[k] = i.openMinor;
      k++;
    }
  }
  return cols;
}

/**
 * Ages columns in one pass. Returns sums laid out as
 * `[(customer * currencies + currency) * buckets + bucket]`.
 */
export function ageColumns(
  cols: OpenItemColumns,
  asOfDay: number,
  buckets: readonly AgingBucket[],
): Float64Array {
  const nb = buckets.length;
  const ncur = cols.currencies.length;
  const sums = new Float64Array(cols.customerIds.length * ncur * nb);
  // Days past due -> bucket as a lookup table over the bounded range between the first and last
  // limits; everything below is the first bucket, everything above the last.
  const lo = nb > 1 ? buckets[0]!.maxDays! : 0;
  const hi = nb > 1 ? buckets[nb - 2]!.maxDays! + 1 : 0;
  const table = new Uint8Array(hi - lo + 1);
  for (let d = lo; d <= hi; d++) table[d - lo] = bucketIndex(buckets, d);
  const last = nb - 1;
  const { customerIndex, currencyIndex, dueDay, openMinor, count } = cols;
  for (let i = 0; i < count; i++) {
    const dpd = asOfDay - dueDay[i]!;
    const b = dpd <= lo ? 0 : dpd >= hi ? last : table[dpd - lo]!;
    sums[(customerIndex[i]! * ncur + currencyIndex[i]!) * nb + b]! += openMinor[i]!;
  }
  return sums;
}

export interface CustomerAging {
  customerId: string;
  currency: string;
  /** Sum of open items; equals the sum of `bucketsMinor`. */
  totalMinor: number;
  bucketsMinor: number[];
  unappliedCreditMinor: number;
}

export interface CurrencyAging {
  currency: string;
  totalMinor: number;
  bucketsMinor: number[];
  unappliedCreditMinor: number;
}

export interface AgingReport {
  asOf: IsoDate;
  buckets: string[];
  customers: CustomerAging[];
  totals: CurrencyAging[];
}

/**
 * Ages a book as of a date. Every account with an open item or unapplied credit appears once per
 * currency; totals are per currency (amounts in different currencies are never added).
 *
 * @example ageBook(buildBook(ledger, '2026-11-23'), '2026-11-23').totals[0].bucketsMinor
 */
export function ageBook(
  book: Book,
  asOf: IsoDate,
  buckets: readonly AgingBucket[] = DEFAULT_BUCKETS,
): AgingReport {
  validateBuckets(buckets);
  const asOfDay = toDay(asOf);
  const nb = buckets.length;
  const limits = buckets.slice(0, -1).map((b) => b.maxDays!);
  const customers: CustomerAging[] = [];
  const totals = new Map<string, CurrencyAging>();
  for (const a of book.accounts) {
    if (a.openMinor === 0 && a.unappliedCreditMinor === 0) continue;
    const bucketsMinor = new Array<number>(nb).fill(0);
    let totalMinor = 0;
    for (const i of a.items) {
      if (i.openMinor === 0) continue;
      const dpd = asOfDay - (i.dueDay ?? toDay(i.dueDate));
      let b = 0;
      while (b < nb - 1 && dpd > limits[b]!) b++;
      bucketsMinor[b]! += i.openMinor;
      totalMinor += i.openMinor;
    }
    customers.push({
      customerId: a.customerId,
      currency: a.currency,
      totalMinor,
      bucketsMinor,
      unappliedCreditMinor: a.unappliedCreditMinor,
    });
    let t = totals.get(a.currency);
    if (!t) {
      t = {
        currency: a.currency,
        totalMinor: 0,
        bucketsMinor: new Array<number>(nb).fill(0),
        unappliedCreditMinor: 0,
      };
      totals.set(a.currency, t);
    }
    t.totalMinor += totalMinor;
    t.unappliedCreditMinor += a.unappliedCreditMinor;
    for (let b = 0; b < nb; b++) t.bucketsMinor[b]! += bucketsMinor[b]!;
  }
  return {
    asOf,
    buckets: buckets.map((b) => b.label),
    customers,
    totals: [...totals.values()].sort((x, y) => (x.currency < y.currency ? -1 : 1)),
  };
}

/** Days past due of an account's oldest open, undisputed item (0 when nothing is overdue). */
export function maxDaysPastDue(account: AccountBook, asOf: IsoDate): number {
  const asOfDay = toDay(asOf);
  let max = 0;
  for (const i of account.items) {
    if (i.openMinor <= 0 || i.disputed) continue;
    const dpd = asOfDay - toDay(i.dueDate);
    if (dpd > max) max = dpd;
  }
  return max;
}
