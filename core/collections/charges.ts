// Late fees, interest and returned-payment fees by policy: each assessed once as its own ledger line.

import {
  type EarlyLateFee,
  interestCeiling,
  lateFeeCap,
  lateFeeTooEarly,
} from '../compliance/charge-limits.js';
import { debtorTypeOf, ruleCovers } from '../compliance/debtor-type.js';
import { type WrittenAcknowledgment, writtenAcknowledgments } from '../compliance/limitation-restarts.js';
import {
  itemLimitationEnd,
  type LimitationOptions,
  limitationFor,
  limitationState,
} from '../compliance/limitations.js';
import type { Book, OpenItem } from '../ledger/book.js';
import { addDays, fromDay as fromDayIso, type IsoDate, toDay } from '../ledger/dates.js';
import type { Adjustment, AdjustmentType, CustomerFlag, Ledger } from '../ledger/ledger.js';
import { formatMoney } from '../ledger/money.js';

/** A late fee: a fixed amount per currency, or a share of the invoice's open amount. */
export type LateFeeRule =
  | { kind: 'fixed'; amountMinor: Readonly<Record<string, number>> }
  | { kind: 'percent'; basisPoints: number };

/** Simple interest on an invoice's open principal. */
export interface InterestRule {
  /** Yearly rate in basis points (18% APR is 1800); pro-rated by actual days over 365. */
  annualRateBasisPoints: number;
  /** Days after the due date before interest starts to run. */
  graceDays: number;
  /** Interest is charged at most once per this many days (e.g. 30), covering every day since the last line. */
  periodDays: number;
  /** Total interest ever charged on an invoice is at most this share of the invoice amount. */
  capBasisPoints?: number;
}

/** The office's charge policy. `version` is written into every line it produces. */
export interface ChargePolicy {
  version: string;
  lateFee?: LateFeeRule;
  /** Days after the due date before the late fee is due: the fee comes on day `graceDays + 1`. */
  lateFeeGraceDays: number;
  /** Most a single late fee may be, per currency. */
  lateFeeCapMinor?: Readonly<Record<string, number>>;
  interest?: InterestRule;
  /** Fee for a returned (NSF) payment, per currency; currencies not listed are not charged. */
  returnedPaymentFee?: { amountMinor: Readonly<Record<string, number>> };
  /**
   * Charge only customers whose Fees Agreed is yes (default true): fees and interest need the
   * contract's authorisation (15 U.S.C. 1692f(1); 12 CFR 1006.22(b)).
   */
  requireAgreement?: boolean;
  /** Statute-of-limitations settings: interest stops accruing on the day an item becomes time-barred. */
  limitations?: LimitationOptions;
}

/** A charge the policy would make but the law or the contract does not allow, and why. */
export interface ChargeRefusal {
  customerId: string;
  invoiceId?: string;
  type: AdjustmentType;
  /**
   * `fees/not-agreed`, `interest/above-ceiling`, `fee/exceeds-balance`, `fee/above-state-cap`,
   * `fee/before-grace`, `interest/time-barred`.
   */
  rule: string;
  reason: string;
  /** Set when the refusal is about a row already in the Adjustments tab (entered by hand or earlier). */
  adjustmentId?: string;
}

/**
 * Customers on whom no new charge is raised: charging a debtor in bankruptcy breaches the automatic
 * stay, a deceased debtor's estate is settled on the balance at death, and a disputed account is
 * not added to until the dispute is resolved (as disputed invoices are not).
 */
export const NO_CHARGE_FLAGS: ReadonlySet<CustomerFlag> = new Set<CustomerFlag>([
  'bankruptcy',
  'deceased',
  'dispute',
]);

const BASIS = 10_000n;
const DAYS_PER_YEAR = 365n;

/**
 * `a * b / c` for non-negative integers, rounded half-up, exactly (BigInt inside, so the product
 * may exceed 2^53).
 */
export function mulDivHalfUp(a: number, b: number, c: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || !Number.isSafeInteger(c)) {
    throw new RangeError('mulDivHalfUp takes safe integers');
  }
  if (a < 0 || b < 0 || c <= 0) throw new RangeError('mulDivHalfUp takes a, b >= 0 and c > 0');
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  return Number((2n * n + d) / (2n * d));
}

/** Basis points as a percentage with two decimals: `1800` -> `"18.00%"`. */
export function formatBasisPoints(basisPoints: number): string {
  const sign = basisPoints < 0 ? '-' : '';
  const abs = Math.abs(basisPoints);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}

function checkNonNegativeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${what} must be a non-negative integer`);
}

/** Throws a `RangeError` when a policy cannot be applied (negative or fractional figures). */
export function validateChargePolicy(policy: ChargePolicy): void {
  if (policy.version.trim() === '') throw new RangeError('charge policy needs a version');
  checkNonNegativeInteger(policy.lateFeeGraceDays, 'lateFeeGraceDays');
  const fee = policy.lateFee;
  if (fee?.kind === 'fixed')
    for (const [c, v] of Object.entries(fee.amountMinor)) checkNonNegativeInteger(v, `late fee for ${c}`);
  if (fee?.kind === 'percent') checkNonNegativeInteger(fee.basisPoints, 'late fee basisPoints');
  for (const [c, v] of Object.entries(policy.lateFeeCapMinor ?? {}))
    checkNonNegativeInteger(v, `late fee cap for ${c}`);
  const interest = policy.interest;
  if (interest) {
    checkNonNegativeInteger(interest.annualRateBasisPoints, 'annualRateBasisPoints');
    checkNonNegativeInteger(interest.graceDays, 'interest graceDays');
    checkNonNegativeInteger(interest.periodDays, 'interest periodDays');
    if (interest.periodDays < 1) throw new RangeError('interest periodDays must be at least 1');
    if (interest.capBasisPoints !== undefined)
      checkNonNegativeInteger(interest.capBasisPoints, 'interest capBasisPoints');
  }
  for (const [c, v] of Object.entries(policy.returnedPaymentFee?.amountMinor ?? {})) {
    checkNonNegativeInteger(v, `returned-payment fee for ${c}`);
  }
}

/** Id of the late-fee line on an invoice. */
export function lateFeeId(invoiceId: string): string {
  return `LF-${invoiceId}`;
}

/** Id of the interest line on an invoice for the period ending on `periodEnd`. */
export function interestId(invoiceId: string, periodEnd: IsoDate): string {
  return `INT-${invoiceId}-${periodEnd}`;
}

/** Id of the fee line for a returned payment. */
export function returnedPaymentFeeId(paymentId: string): string {
  return `RPF-${paymentId}`;
}

/**
 * Assesses the charges the policy calls for as of `asOf` and returns only the NEW lines, dated
 * `asOf` (a charge is never back-dated, so past statements never change). Lines already in the
 * ledger, waived ones included, are never recomputed or repeated. Every line's `note` says which
 * rule produced it and with what figures; `policy` is `late-fee/<version>`, `interest/<version>`
 * or `returned-payment-fee/<version>`.
 *
 * - Late fee: one per invoice, once `asOf` is more than `lateFeeGraceDays` after the due date and
 *   the invoice still has an open amount. Fixed (per currency; a currency the policy does not list
 *   is not charged) or a percentage of the open amount, rounded half-up, then capped by
 *   `lateFeeCapMinor`. Id `LF-<invoiceId>`; an invoice whose late fee was waived never gets another.
 * - Interest: simple interest on the invoice's open principal as of `asOf` (fees are not charged
 *   interest) for the actual days since the later of due date + grace days and the newest interest
 *   line on that invoice: `principal × rate × days / 365`, rounded half-up. Charged only once at
 *   least `periodDays` have run, so at most once per period. With `capBasisPoints`, the total
 *   interest ever assessed on the invoice (waived lines included, so a waiver is never clawed back)
 *   stays within that share of the invoice amount. Id `INT-<invoiceId>-<asOf>`.
 * - Returned-payment fee: one per returned payment returned on or before `asOf`. Id `RPF-<paymentId>`.
 *
 * Disputed invoices and customers flagged as in {@link NO_CHARGE_FLAGS} get no new lines.
 * `book` must be `buildBook(ledger, asOf)`.
 *
 * @example assessCharges(ledger, buildBook(ledger, '2026-02-11'), policy, '2026-02-11')
 */
export function assessCharges(ledger: Ledger, book: Book, policy: ChargePolicy, asOf: IsoDate): Adjustment[] {
  return assessChargesExplained(ledger, book, policy, asOf).charges;
}

/**
 * `assessCharges` with the charges it refused and why: no fee or interest without the customer's
 * agreement (Fees Agreed), interest never above the ceiling of the debtor's state (or 36%), no late
 * fee above the invoice's open amount, and no interest for days after an item became time-barred.
 */
export function assessChargesExplained(
  ledger: Ledger,
  book: Book,
  policy: ChargePolicy,
  asOf: IsoDate,
): { charges: Adjustment[]; refused: ChargeRefusal[] } {
  validateChargePolicy(policy);
  if (book.asOf !== asOf)
    throw new RangeError(`book is as of ${book.asOf}, charges are assessed as of ${asOf}`);
  const asOfDay = toDay(asOf);
  const existingIds = new Set(ledger.adjustments.map((a) => a.adjustmentId));
  const lateFeeInvoices = new Set<string>();
  const interestByInvoice = new Map<string, { lastDay: number; totalMinor: number }>();
  for (const a of ledger.adjustments) {
    if (a.invoiceId === undefined) continue;
    if (a.type === 'late-fee') lateFeeInvoices.add(a.invoiceId);
    if (a.type === 'interest') {
      const prior = interestByInvoice.get(a.invoiceId) ?? {
        lastDay: Number.NEGATIVE_INFINITY,
        totalMinor: 0,
      };
      prior.lastDay = Math.max(prior.lastDay, toDay(a.date));
      prior.totalMinor += a.amountMinor;
      interestByInvoice.set(a.invoiceId, prior);
    }
  }
  const blocked = new Set(
    ledger.customers.filter((c) => c.flags.some((f) => NO_CHARGE_FLAGS.has(f))).map((c) => c.customerId),
  );

  const out: Adjustment[] = [];
  const refused: ChargeRefusal[] = [];
  const customers = new Map(ledger.customers.map((c) => [c.customerId, c]));
  // A written acknowledgment restarts the period where the state's rule says so: interest runs on.
  let acknowledgments: Map<string, WrittenAcknowledgment[]> | undefined;
  const acknowledgmentsOf = (customerId: string) => {
    if (!acknowledgments) {
      acknowledgments = new Map();
      for (const a of ledger.activity) {
        if (a.type !== 'letter') continue;
        const found = writtenAcknowledgments([a], asOf);
        if (found.length === 0) continue;
        const list = acknowledgments.get(a.customerId);
        if (list) list.push(...found);
        else acknowledgments.set(a.customerId, found);
      }
    }
    return acknowledgments.get(customerId) ?? [];
  };
  const requireAgreement = policy.requireAgreement ?? true;
  for (const account of book.accounts) {
    if (blocked.has(account.customerId)) continue;
    const customer = customers.get(account.customerId);
    const agreed = !requireAgreement || customer?.feesAgreed === true;
    const state = customer ? limitationState(customer, policy.limitations?.officeState) : undefined;
    const ceiling = interestCeiling(state, customer?.debtType);
    // Interest stops at the limitation date for consumer debts (12 CFR 1006.26(b)); not for a business's.
    const debtor = customer ? debtorTypeOf(customer).type : 'consumer';
    const barCovers = ruleCovers('interest/time-barred', debtor);
    const consumer = ruleCovers('fee/above-state-cap', debtor);
    const limitation =
      state && barCovers
        ? limitationFor(state, customer?.debtType ?? 'written-contract', policy.limitations?.overrides)
        : undefined;
    for (const item of account.items) {
      if (item.kind !== 'invoice' || item.disputed || item.openMinor <= 0) continue;
      const fee = lateFee(item, policy, asOf, asOfDay);
      const feeCap = consumer && fee ? lateFeeCap(state, item.openMinor, item.currency, asOf) : undefined;
      const early = consumer && fee ? lateFeeTooEarly(state, item.dueDate, asOf) : undefined;
      if (fee && !lateFeeInvoices.has(item.itemId) && !existingIds.has(fee.adjustmentId)) {
        if (!agreed) {
          refused.push(notAgreed(item, 'late-fee'));
        } else if (fee.amountMinor > item.openMinor) {
          refused.push({
            customerId: item.customerId,
            invoiceId: item.itemId,
            type: 'late-fee',
            rule: 'fee/exceeds-balance',
            reason: `a late fee of ${formatMoney(fee.amountMinor, item.currency)} is more than the ${formatMoney(item.openMinor, item.currency)} open on ${item.itemId} (15 U.S.C. 1692f(1))`,
          });
        } else if (early) {
          refused.push(beforeGrace(item.customerId, item.itemId, item.dueDate, asOf, early, state!));
        } else if (feeCap && fee.amountMinor > feeCap.maxMinor) {
          refused.push(
            aboveStateCap(item.customerId, item.itemId, fee.amountMinor, item.currency, feeCap, state!),
          );
        } else out.push(fee);
      }
      const rule = policy.interest;
      if (rule && rule.annualRateBasisPoints > ceiling.maxAnnualBasisPoints) {
        if (!refused.some((r) => r.customerId === item.customerId && r.rule === 'interest/above-ceiling')) {
          refused.push({
            customerId: item.customerId,
            invoiceId: item.itemId,
            type: 'interest',
            rule: 'interest/above-ceiling',
            reason: `${formatBasisPoints(rule.annualRateBasisPoints)} a year is above the ceiling of ${formatBasisPoints(ceiling.maxAnnualBasisPoints)} (${ceiling.source}); no interest is charged`,
          });
        }
        continue;
      }
      const barredDay = limitation
        ? toDay(itemLimitationEnd(item, account, limitation, acknowledgmentsOf(account.customerId)))
        : undefined;
      const interest = interestLine(
        item,
        policy,
        asOf,
        asOfDay,
        interestByInvoice.get(item.itemId),
        barredDay,
        limitation?.source,
      );
      if (interest && !existingIds.has(interest.adjustmentId)) {
        if (!agreed) refused.push(notAgreed(item, 'interest'));
        else out.push(interest);
      } else if (!interest && barredDay !== undefined && barredDay <= asOfDay && rule) {
        refused.push({
          customerId: item.customerId,
          invoiceId: item.itemId,
          type: 'interest',
          rule: 'interest/time-barred',
          reason: `${item.itemId} is time-barred since ${fromDayIso(barredDay)} (${limitation!.source}); interest stopped accruing then`,
        });
      }
    }
  }

  // Fee rows already in the ledger (typed by hand, imported, or from an older policy) answer to
  // the same law: each one not agreed, or above its state's limit, is reported with its id.
  refused.push(...feeRowRefusals(ledger, policy));

  const rpf = policy.returnedPaymentFee;
  if (rpf) {
    for (const p of ledger.payments) {
      if (p.status !== 'returned' || blocked.has(p.customerId)) continue;
      const returnedOn = p.returnedDate ?? p.date;
      if (toDay(returnedOn) > asOfDay || toDay(p.date) > asOfDay) continue;
      const id = returnedPaymentFeeId(p.paymentId);
      const amount = rpf.amountMinor[p.currency];
      if (existingIds.has(id) || amount === undefined || amount <= 0) continue;
      out.push({
        row: 0,
        adjustmentId: id,
        customerId: p.customerId,
        date: asOf,
        type: 'returned-payment-fee',
        amountMinor: amount,
        currency: p.currency,
        policy: `returned-payment-fee/${policy.version}`,
        note:
          `Returned-payment fee ${formatMoney(amount, p.currency)}: payment ${p.paymentId} of ` +
          `${formatMoney(p.amountMinor, p.currency)} made ${p.date} was returned ${returnedOn}; ` +
          `flat fee per policy ${policy.version}.`,
      });
    }
  }
  return { charges: out, refused };
}

function notAgreed(item: OpenItem, type: AdjustmentType): ChargeRefusal {
  return {
    customerId: item.customerId,
    invoiceId: item.itemId,
    type,
    rule: 'fees/not-agreed',
    reason: `the customer's Fees Agreed is not yes: no ${type === 'late-fee' ? 'late fee' : 'interest'} without the contract's authorisation (15 U.S.C. 1692f(1))`,
  };
}

function lateFee(
  item: OpenItem,
  policy: ChargePolicy,
  asOf: IsoDate,
  asOfDay: number,
): Adjustment | undefined {
  const rule = policy.lateFee;
  if (!rule) return undefined;
  const daysPastDue = asOfDay - toDay(item.dueDate);
  if (daysPastDue <= policy.lateFeeGraceDays) return undefined;
  const cur = item.currency;
  let amount: number;
  let how: string;
  if (rule.kind === 'fixed') {
    const fixed = rule.amountMinor[cur];
    if (fixed === undefined) return undefined;
    amount = fixed;
    how = `fixed fee ${formatMoney(fixed, cur)}`;
  } else {
    amount = mulDivHalfUp(item.openMinor, rule.basisPoints, Number(BASIS));
    how = `${formatBasisPoints(rule.basisPoints)} of open ${formatMoney(item.openMinor, cur)} = ${formatMoney(amount, cur)} (rounded half-up)`;
  }
  const cap = policy.lateFeeCapMinor?.[cur];
  if (cap !== undefined && amount > cap) {
    amount = cap;
    how += `, capped at ${formatMoney(cap, cur)}`;
  }
  if (amount <= 0) return undefined;
  return {
    row: 0,
    adjustmentId: lateFeeId(item.itemId),
    customerId: item.customerId,
    date: asOf,
    type: 'late-fee',
    amountMinor: amount,
    currency: cur,
    invoiceId: item.itemId,
    policy: `late-fee/${policy.version}`,
    note:
      `Late fee ${formatMoney(amount, cur)} on invoice ${item.itemId}: ${how}; ` +
      `due ${item.dueDate}, ${daysPastDue} days past due on ${asOf}, more than ${policy.lateFeeGraceDays} grace days; ` +
      `one late fee per invoice.`,
  };
}

function interestLine(
  item: OpenItem,
  policy: ChargePolicy,
  asOf: IsoDate,
  asOfDay: number,
  prior: { lastDay: number; totalMinor: number } | undefined,
  barredDay?: number,
  barredSource?: string,
): Adjustment | undefined {
  const rule = policy.interest;
  if (!rule || rule.annualRateBasisPoints === 0) return undefined;
  const graceEndDay = toDay(item.dueDate) + rule.graceDays;
  const fromDay = Math.max(graceEndDay, prior?.lastDay ?? Number.NEGATIVE_INFINITY);
  // Interest runs up to the day the item becomes time-barred, never past it.
  const untilDay = barredDay !== undefined ? Math.min(asOfDay, barredDay) : asOfDay;
  const days = untilDay - fromDay;
  if (days <= 0) return undefined;
  if (untilDay === asOfDay && days < rule.periodDays) return undefined;
  // Once barred, the last period (possibly short) is charged once and nothing after it.
  if (untilDay < asOfDay && prior && prior.lastDay >= untilDay) return undefined;
  const cur = item.currency;
  const principal = item.openMinor;
  // principal × rate/10000 × days/365 as one integer division, rounded half-up.
  const n = BigInt(principal) * BigInt(rule.annualRateBasisPoints) * BigInt(days);
  const d = BASIS * DAYS_PER_YEAR;
  const computed = Number((2n * n + d) / (2n * d));
  let amount = computed;
  const untilDate = fromDayIso(untilDay);
  const fromDate = addDays(untilDate, -days);
  let how =
    `${formatMoney(principal, cur)} × ${formatBasisPoints(rule.annualRateBasisPoints)} a year × ${days}/365 days ` +
    `(${fromDate} to ${untilDate}) = ${formatMoney(computed, cur)} (rounded half-up)`;
  if (untilDay < asOfDay)
    how += `; interest stopped when the item became time-barred on ${untilDate} (${barredSource})`;
  if (rule.capBasisPoints !== undefined) {
    const cap = mulDivHalfUp(item.originalMinor, rule.capBasisPoints, Number(BASIS));
    const already = prior?.totalMinor ?? 0;
    const room = Math.max(0, cap - already);
    if (amount > room) {
      amount = room;
      how +=
        `, limited to ${formatMoney(room, cur)} by the cap of ${formatBasisPoints(rule.capBasisPoints)} of ` +
        `${formatMoney(item.originalMinor, cur)} = ${formatMoney(cap, cur)} with ${formatMoney(already, cur)} already charged`;
    }
  }
  if (amount <= 0) return undefined;
  return {
    row: 0,
    adjustmentId: interestId(item.itemId, untilDay < asOfDay ? untilDate : asOf),
    customerId: item.customerId,
    date: asOf,
    type: 'interest',
    amountMinor: amount,
    currency: cur,
    invoiceId: item.itemId,
    policy: `interest/${policy.version}`,
    note:
      `Interest ${formatMoney(amount, cur)} on invoice ${item.itemId}: ${how}; due ${item.dueDate}, ` +
      `${rule.graceDays} grace days, charged at most every ${rule.periodDays} days.`,
  };
}

/**
 * Returns the waived copy of a charge line: `waivedOn` set, the reason appended to the note.
 * The line stays in the ledger (so it is never assessed again) but no longer counts toward the
 * balance from `date` on. Waiving an already-waived line returns it unchanged.
 * Throws a `RangeError` for a credit note or write-off (only charges can be waived) or a date
 * before the charge.
 */
export function waiveCharge(adj: Adjustment, date: IsoDate, reason?: string): Adjustment {
  if (adj.type === 'credit-note' || adj.type === 'write-off') {
    throw new RangeError(`${adj.adjustmentId} is a ${adj.type}, not a charge`);
  }
  if (adj.waivedOn !== undefined) return adj;
  if (toDay(date) < toDay(adj.date))
    throw new RangeError(`cannot waive ${adj.adjustmentId} before it was charged (${adj.date})`);
  const waiverNote = `Waived ${date}${reason ? `: ${reason}` : ''}.`;
  return { ...adj, waivedOn: date, note: adj.note ? `${adj.note} ${waiverNote}` : waiverNote };
}

function aboveStateCap(
  customerId: string,
  invoiceId: string | undefined,
  amountMinor: number,
  currency: string,
  cap: { maxMinor: number; source: string },
  state: string,
  adjustmentId?: string,
): ChargeRefusal {
  return {
    customerId,
    ...(invoiceId ? { invoiceId } : {}),
    ...(adjustmentId ? { adjustmentId } : {}),
    type: 'late-fee',
    rule: 'fee/above-state-cap',
    reason: `a late fee of ${formatMoney(amountMinor, currency)}${invoiceId ? ` on ${invoiceId}` : ''} is above the ${state} limit of ${formatMoney(cap.maxMinor, currency)} (${cap.source}); it may not be charged`,
  };
}

/** A late fee dated before the state's statutory grace period has passed on its invoice. */
function beforeGrace(
  customerId: string,
  invoiceId: string,
  dueDate: IsoDate,
  feeDate: IsoDate,
  early: EarlyLateFee,
  state: string,
  adjustmentId?: string,
): ChargeRefusal {
  return {
    customerId,
    invoiceId,
    ...(adjustmentId ? { adjustmentId } : {}),
    type: 'late-fee',
    rule: 'fee/before-grace',
    reason: `a late fee on ${invoiceId} dated ${feeDate} comes before the ${state} grace period of ${early.graceDays} days after its due date ${dueDate} has passed (${early.source}); none may be charged before ${early.earliest}`,
  };
}

/**
 * Late-fee and interest rows already in the Adjustments tab (not waived) that the law or the
 * contract does not allow: for a customer whose Fees Agreed is not yes (when agreement is
 * required); a late fee larger than the invoice it is charged on (15 U.S.C. 1692f(1)); a late fee
 * dated before the state's statutory grace period after the invoice's due date has passed; late fees
 * above the state limit on the invoice's amount on the fee's date (consumer debts); and interest
 * beyond what the ceiling of the debtor's state allows: on an invoice (or, for a row naming none,
 * the customer's invoices in its currency), the interest rows up to a row's date may total at most
 * simple interest at the ceiling on the invoice amount from its due date to that date. That bound is
 * the most any lawful rate could have produced, so a lawful row is never refused; the row that
 * takes the total over it is.
 */
export function feeRowRefusals(
  ledger: Ledger,
  policy: Pick<ChargePolicy, 'requireAgreement' | 'limitations'>,
): ChargeRefusal[] {
  const out: ChargeRefusal[] = [];
  const customers = new Map(ledger.customers.map((c) => [c.customerId, c]));
  const invoices = new Map(ledger.invoices.map((i) => [i.invoiceId, i]));
  const requireAgreement = policy.requireAgreement ?? true;
  const interestRows: Adjustment[] = [];
  for (const a of ledger.adjustments) {
    if ((a.type !== 'late-fee' && a.type !== 'interest') || a.waivedOn !== undefined) continue;
    const customer = customers.get(a.customerId);
    if (!customer) continue;
    if (requireAgreement && customer.feesAgreed !== true) {
      out.push({
        customerId: a.customerId,
        ...(a.invoiceId ? { invoiceId: a.invoiceId } : {}),
        adjustmentId: a.adjustmentId,
        type: a.type,
        rule: 'fees/not-agreed',
        reason: `${a.adjustmentId}: the customer's Fees Agreed is not yes, so no ${a.type === 'late-fee' ? 'late fee' : 'interest'} may be charged (15 U.S.C. 1692f(1)); waive it or record the agreement`,
      });
      continue;
    }
    if (a.type === 'interest') {
      interestRows.push(a);
      continue;
    }
    const base = a.invoiceId ? invoices.get(a.invoiceId) : undefined;
    if (base && base.currency === a.currency && a.amountMinor > base.amountMinor) {
      out.push({
        customerId: a.customerId,
        invoiceId: base.invoiceId,
        adjustmentId: a.adjustmentId,
        type: 'late-fee',
        rule: 'fee/exceeds-balance',
        reason: `${a.adjustmentId}: a late fee of ${formatMoney(a.amountMinor, a.currency)} is more than the ${formatMoney(base.amountMinor, base.currency)} of ${base.invoiceId} it is charged on (15 U.S.C. 1692f(1)); waive it or lower it`,
      });
      continue;
    }
    if (!ruleCovers('fee/above-state-cap', debtorTypeOf(customer).type)) continue;
    const state = limitationState(customer, policy.limitations?.officeState);
    const early = base ? lateFeeTooEarly(state, base.dueDate, a.date) : undefined;
    if (base && early) {
      const r = beforeGrace(
        a.customerId,
        base.invoiceId,
        base.dueDate,
        a.date,
        early,
        state!,
        a.adjustmentId,
      );
      out.push({
        ...r,
        reason: `${a.adjustmentId}: ${r.reason}; waive it, or date it ${early.earliest} or later`,
      });
      continue;
    }
    const cap = lateFeeCap(state, base?.amountMinor ?? a.amountMinor, a.currency, a.date);
    if (cap && a.amountMinor > cap.maxMinor) {
      out.push(
        aboveStateCap(a.customerId, a.invoiceId, a.amountMinor, a.currency, cap, state!, a.adjustmentId),
      );
      out[out.length - 1]!.reason = `${a.adjustmentId}: ${out[out.length - 1]!.reason}; waive it or lower it`;
    }
  }
  out.push(...interestAboveCeiling(interestRows, ledger, customers, policy.limitations?.officeState));
  return out;
}

/** Interest rows whose running total passes what the ceiling allows (see `feeRowRefusals`). */
function interestAboveCeiling(
  rows: readonly Adjustment[],
  ledger: Ledger,
  customers: ReadonlyMap<string, Ledger['customers'][number]>,
  officeState: LimitationOptions['officeState'],
): ChargeRefusal[] {
  const out: ChargeRefusal[] = [];
  const scopes = new Map<string, Adjustment[]>();
  // Invoices by id and by customer and currency, so each scope finds its invoices without a scan.
  const invoiceById = new Map(ledger.invoices.map((i) => [i.invoiceId, i]));
  const invoicesOf = new Map<string, Ledger['invoices']>();
  for (const i of ledger.invoices) {
    const key = `${i.customerId}:${i.currency}`;
    const list = invoicesOf.get(key) ?? [];
    list.push(i);
    invoicesOf.set(key, list);
  }
  for (const a of rows) {
    const key = a.invoiceId ? `i:${a.invoiceId}` : `c:${a.customerId}:${a.currency}`;
    const list = scopes.get(key) ?? [];
    list.push(a);
    scopes.set(key, list);
  }
  for (const list of scopes.values()) {
    const first = list[0]!;
    const customer = customers.get(first.customerId)!;
    const state = limitationState(customer, officeState);
    const ceiling = interestCeiling(state, customer.debtType);
    const named = first.invoiceId ? invoiceById.get(first.invoiceId) : undefined;
    const bases = first.invoiceId
      ? named
        ? [named]
        : []
      : (invoicesOf.get(`${first.customerId}:${first.currency}`) ?? []);
    if (bases.length === 0) continue;
    let total = 0;
    for (const a of [...list].sort((x, y) => toDay(x.date) - toDay(y.date))) {
      total += a.amountMinor;
      let most = 0;
      for (const i of bases) {
        const days = Math.max(0, toDay(a.date) - toDay(i.dueDate));
        most += mulDivHalfUp(i.amountMinor, ceiling.maxAnnualBasisPoints * days, 10_000 * 365);
      }
      if (total <= most) continue;
      out.push({
        customerId: a.customerId,
        ...(a.invoiceId ? { invoiceId: a.invoiceId } : {}),
        adjustmentId: a.adjustmentId,
        type: 'interest',
        rule: 'interest/above-ceiling',
        reason: `${a.adjustmentId}: interest of ${formatMoney(total, a.currency)} in all by ${a.date} on ${a.invoiceId ?? `the customer's ${a.currency} invoices`} is more than the ceiling allows: at most ${formatMoney(most, a.currency)} at ${formatBasisPoints(ceiling.maxAnnualBasisPoints)} a year since the due date (${ceiling.source}); waive it or lower it`,
      });
      // The refused row is not charged: the rows after it are measured without it.
      total -= a.amountMinor;
    }
  }
  return out;
}
