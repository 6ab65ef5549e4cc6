// Promises to pay: whether a promise is still pending, kept, partly kept or broken by what was posted.
import { addDays, type IsoDate, toDay } from '../ledger/dates.js';
import type { PaymentStatus, PromiseStatus, PromiseToPay } from '../ledger/ledger.js';
import { formatMoney } from '../ledger/money.js';

/**
 * The parts of a payment that decide whether it counts toward a promise or a plan. Both a ledger
 * `Payment` (with `status`) and a book's `PostedPayment` (with `returned`) fit.
 */
export interface PaymentEvidence {
  customerId: string;
  currency: string;
  date: IsoDate;
  amountMinor: number;
  /** Ledger payments: `returned` marks an NSF/returned payment. */
  status?: PaymentStatus;
  /** Posted payments: true once reversed. */
  returned?: boolean;
  /** When the bank returned it; defaults to the payment date. */
  returnedDate?: IsoDate;
}

/** True if the payment had been returned by the bank on or before `asOfDay` (a day number). */
export function returnedBy(payment: PaymentEvidence, asOfDay: number): boolean {
  if (payment.status !== 'returned' && payment.returned !== true) return false;
  return toDay(payment.returnedDate ?? payment.date) <= asOfDay;
}

/**
 * Sums the payments of one customer in one currency dated `fromDay..toDay` (inclusive, day
 * numbers) that had not been returned as of `asOfDay`. Payments dated after `asOfDay` never count.
 */
export function sumPayments(
  payments: readonly PaymentEvidence[],
  customerId: string,
  currency: string,
  fromDay: number,
  toDayInclusive: number,
  asOfDay: number,
): number {
  const last = Math.min(toDayInclusive, asOfDay);
  let sum = 0;
  for (const p of payments) {
    if (p.customerId !== customerId || p.currency !== currency) continue;
    const day = toDay(p.date);
    if (day < fromDay || day > last || returnedBy(p, asOfDay)) continue;
    sum += p.amountMinor;
  }
  return sum;
}

/** What a promise to pay came to as of a date. */
export interface PromiseEvaluation {
  promiseId: string;
  customerId: string;
  status: PromiseStatus;
  /** Paid toward the promise: counted payments from `takenOn` to `dueBy`. */
  paidMinor: number;
  currency: string;
  /** The promised date plus grace: the last day a payment still keeps the promise. */
  dueBy: IsoDate;
  /** One plain sentence a clerk can read out. */
  explanation: string;
}

/**
 * Evaluates a promise to pay as of `asOf`. Payments count when they are the customer's, in the
 * promise's currency, dated from `takenOn` through `promisedDate + graceDays`, on or before `asOf`,
 * and not returned as of `asOf`.
 *
 * - `cancelled`: a clerk cancelled it.
 * - `kept`: the full amount was paid (possibly before the promised date).
 * - `pending`: not fully paid yet and `promisedDate + graceDays` has not passed. A pending promise
 *   pauses dunning.
 * - `partly-kept` / `broken`: the date plus grace passed with some / nothing paid. The account
 *   re-enters dunning.
 *
 * @example evaluatePromise(promise, ledger.payments, '2026-11-23', 3).status // 'broken'
 */
export function evaluatePromise(
  promise: PromiseToPay,
  payments: readonly PaymentEvidence[],
  asOf: IsoDate,
  graceDays = 0,
): PromiseEvaluation {
  if (!Number.isInteger(graceDays) || graceDays < 0)
    throw new RangeError('graceDays must be a non-negative integer');
  const asOfDay = toDay(asOf);
  const dueBy = addDays(promise.promisedDate, graceDays);
  const dueByDay = toDay(dueBy);
  const paidMinor = sumPayments(
    payments,
    promise.customerId,
    promise.currency,
    toDay(promise.takenOn),
    dueByDay,
    asOfDay,
  );
  const base = {
    promiseId: promise.promiseId,
    customerId: promise.customerId,
    paidMinor,
    currency: promise.currency,
    dueBy,
  };
  const promised = formatMoney(promise.amountMinor, promise.currency);
  const paid = formatMoney(paidMinor, promise.currency);
  const graceText = graceDays > 0 ? ` (${promise.promisedDate} plus ${graceDays} days' grace)` : '';
  if (promise.cancelled) {
    return {
      ...base,
      status: 'cancelled',
      explanation: `Promise ${promise.promiseId} was cancelled by staff.`,
    };
  }
  if (paidMinor >= promise.amountMinor) {
    return {
      ...base,
      status: 'kept',
      explanation: `Promise ${promise.promiseId} was kept: ${paid} paid of ${promised} promised by ${dueBy}${graceText}.`,
    };
  }
  if (asOfDay <= dueByDay) {
    return {
      ...base,
      status: 'pending',
      explanation: `Promise ${promise.promiseId} is pending: ${paid} paid of ${promised} promised by ${dueBy}${graceText}; dunning pauses until then.`,
    };
  }
  if (paidMinor > 0) {
    return {
      ...base,
      status: 'partly-kept',
      explanation: `Promise ${promise.promiseId} was partly kept: only ${paid} of ${promised} was paid by ${dueBy}${graceText}, so dunning resumes.`,
    };
  }
  return {
    ...base,
    status: 'broken',
    explanation: `Promise ${promise.promiseId} was broken: nothing of ${promised} was paid by ${dueBy}${graceText}, so dunning resumes.`,
  };
}

/** True while a promise pauses dunning (it is pending). */
export function isPromiseActive(evaluation: PromiseEvaluation): boolean {
  return evaluation.status === 'pending';
}
