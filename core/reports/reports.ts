// Receivables reports: aging summary with bucket shares, DSO by the countback method, collection effectiveness index.
import { type AgingBucket, type AgingReport, ageBook, DEFAULT_BUCKETS } from '../ledger/aging.js';
import { buildBook } from '../ledger/book.js';
import { addDays, daysInMonth, type IsoDate, toDay } from '../ledger/dates.js';
import type { Ledger } from '../ledger/ledger.js';
import { formatMoney } from '../ledger/money.js';

/** Floor division of BigInts (BigInt `/` truncates toward zero). */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
}

/** `n / d` rounded half-up (toward +infinity on a tie), for `d > 0`. */
function divHalfUp(n: bigint, d: bigint): bigint {
  return floorDiv(2n * n + d, 2n * d);
}

/**
 * Each part's share of the total in basis points, by the largest-remainder method in exact integer
 * arithmetic, so the shares add up to exactly 10000 whenever the total is positive (all zeros when
 * it is zero). Ties in remainders go to the earlier part. Parts must be non-negative integers.
 *
 * @example shareBasisPoints([1, 1, 1]) // [3334, 3333, 3333]
 */
export function shareBasisPoints(parts: readonly number[]): number[] {
  let total = 0n;
  for (const p of parts) {
    if (!Number.isSafeInteger(p) || p < 0) throw new RangeError('parts must be non-negative integers');
    total += BigInt(p);
  }
  if (total === 0n) return parts.map(() => 0);
  const floors = parts.map((p) => (BigInt(p) * 10_000n) / total);
  const remainders = parts.map((p) => (BigInt(p) * 10_000n) % total);
  let left = 10_000n - floors.reduce((s, f) => s + f, 0n);
  const order = parts
    .map((_, i) => i)
    .sort((a, b) => (remainders[b]! > remainders[a]! ? 1 : remainders[b]! < remainders[a]! ? -1 : a - b));
  for (const i of order) {
    if (left === 0n) break;
    floors[i] = floors[i]! + 1n;
    left -= 1n;
  }
  return floors.map(Number);
}

/** One currency of the aging summary. */
export interface CurrencyAgingSummary {
  currency: string;
  totalMinor: number;
  bucketsMinor: number[];
  /** Each bucket's share of `totalMinor` in basis points; sums to 10000 (all zeros when nothing is open). */
  bucketSharesBasisPoints: number[];
  unappliedCreditMinor: number;
  /** Customers with an open item or credit in this currency. */
  customerCount: number;
  /** Customers with a positive amount in any bucket after the first (the first bucket is the current one). */
  customersPastDue: number;
  /** Sum of every bucket after the first. */
  pastDueMinor: number;
}

/** An aging report summarised per currency; see {@link agingSummary}. */
export interface AgingSummary {
  asOf: IsoDate;
  buckets: string[];
  currencies: CurrencyAgingSummary[];
}

/**
 * Summarises an aging report per currency: totals, each bucket's share in basis points (exactly
 * 10000 in all), and how many customers are past due. The first bucket is taken to be "current"
 * (as in `DEFAULT_BUCKETS`); everything after it counts as past due.
 */
export function agingSummary(report: AgingReport): AgingSummary {
  const currencies: CurrencyAgingSummary[] = report.totals.map((t) => {
    const rows = report.customers.filter((c) => c.currency === t.currency);
    const pastDue = (buckets: readonly number[]) => buckets.slice(1).reduce((s, v) => s + v, 0);
    return {
      currency: t.currency,
      totalMinor: t.totalMinor,
      bucketsMinor: [...t.bucketsMinor],
      bucketSharesBasisPoints: shareBasisPoints(t.bucketsMinor),
      unappliedCreditMinor: t.unappliedCreditMinor,
      customerCount: rows.length,
      customersPastDue: rows.filter((r) => r.bucketsMinor.slice(1).some((v) => v > 0)).length,
      pastDueMinor: pastDue(t.bucketsMinor),
    };
  });
  return { asOf: report.asOf, buckets: [...report.buckets], currencies };
}

/** A period of credit sales for DSO: usually a calendar month (the latest one may be partial). */
export interface SalesPeriod {
  /** How a clerk names it, e.g. `2026-03`. */
  label: string;
  /** Calendar days in the period. */
  days: number;
  /** Credit sales (invoices issued) in the period, minor units. */
  creditSalesMinor: number;
}

/** How much of the ending receivables one period's sales explain. */
export interface DsoStep extends SalesPeriod {
  /** The part of the ending receivables attributed to this period's sales. */
  arCoveredMinor: number;
  /** Days this period contributes, in hundredths of a day. */
  daysCountedHundredths: number;
}

/** Countback DSO with the steps that produced it; see {@link countbackDso}. */
export interface DsoResult {
  endingArMinor: number;
  /** Days sales outstanding in hundredths of a day, rounded half-up (7140 is 71.40 days). */
  daysHundredths: number;
  /** `daysHundredths / 100`, for display. */
  days: number;
  steps: DsoStep[];
  /** True when the periods given ran out before their sales covered the receivables: DSO is at least `days`. */
  exhausted: boolean;
  explanation: string;
}

/**
 * Days sales outstanding by the countback method. Inputs: the receivables at the end of the latest
 * period (`endingArMinor`) and the credit sales of each period, LATEST FIRST. Walking back, each
 * period whose sales are no more than the receivables still unexplained adds all its days and its
 * sales are taken off; the first period whose sales exceed what is left adds the matching fraction
 * of its days (`left / sales × days`), and the count stops. Zero or negative receivables give 0.
 *
 * @example countbackDso(150_000_00, [{ label: '2026-03', days: 31, creditSalesMinor: 60_000_00 }, ...])
 */
export function countbackDso(endingArMinor: number, periods: readonly SalesPeriod[]): DsoResult {
  if (!Number.isSafeInteger(endingArMinor)) throw new RangeError('endingArMinor must be a safe integer');
  const steps: DsoStep[] = [];
  let left = Math.max(0, endingArMinor);
  let hundredths = 0n;
  const parts: string[] = [];
  for (const p of periods) {
    if (left <= 0) break;
    if (
      !Number.isSafeInteger(p.creditSalesMinor) ||
      p.creditSalesMinor < 0 ||
      !Number.isSafeInteger(p.days) ||
      p.days < 0
    ) {
      throw new RangeError(`period ${p.label}: days and credit sales must be non-negative integers`);
    }
    if (p.creditSalesMinor <= left) {
      hundredths += BigInt(p.days) * 100n;
      left -= p.creditSalesMinor;
      steps.push({ ...p, arCoveredMinor: p.creditSalesMinor, daysCountedHundredths: p.days * 100 });
      parts.push(`${p.label}: all ${p.days} days`);
    } else {
      const counted = divHalfUp(BigInt(left) * BigInt(p.days) * 100n, BigInt(p.creditSalesMinor));
      hundredths += counted;
      steps.push({ ...p, arCoveredMinor: left, daysCountedHundredths: Number(counted) });
      parts.push(
        `${p.label}: ${left}/${p.creditSalesMinor} of ${p.days} days = ${formatHundredths(Number(counted))}`,
      );
      left = 0;
    }
  }
  const exhausted = left > 0;
  const daysHundredths = Number(hundredths);
  const explanation =
    `Countback DSO on ending receivables of ${endingArMinor} minor units: ` +
    (parts.length > 0 ? parts.join('; ') : 'no receivables') +
    `; DSO ${exhausted ? 'at least ' : ''}${formatHundredths(daysHundredths)} days` +
    (exhausted ? ` (the periods given ran out with ${left} minor units unexplained)` : '') +
    '.';
  return { endingArMinor, daysHundredths, days: daysHundredths / 100, steps, exhausted, explanation };
}

function formatHundredths(h: number): string {
  const sign = h < 0 ? '-' : '';
  const a = Math.abs(h);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** The four figures of the collection effectiveness index, all in one currency's minor units. */
export interface CeiInputs {
  /** Receivables at the start of the period (end of the day before it). */
  beginningArMinor: number;
  /** Credit sales (invoices issued) during the period. */
  creditSalesMinor: number;
  /** Receivables at the end of the period. */
  endingArMinor: number;
  /** The part of the ending receivables that is not yet due (the current bucket). */
  endingCurrentArMinor: number;
}

/** The index with its inputs and the arithmetic spelled out. */
export interface CeiResult extends CeiInputs {
  /** CEI in basis points (7143 is 71.43%), rounded half-up; `undefined` when the denominator is not positive. */
  basisPoints: number | undefined;
  /** `basisPoints / 100`, for display. */
  percent: number | undefined;
  explanation: string;
}

/**
 * Collection effectiveness index:
 * `(beginning AR + credit sales − ending AR) / (beginning AR + credit sales − ending current AR) × 100`,
 * i.e. what was collected over what could have been collected (what came due). Returned in basis
 * points, rounded half-up; `undefined` when nothing could have been collected.
 *
 * @example collectionEffectivenessIndex({ beginningArMinor: 200_000_00, creditSalesMinor: 300_000_00,
 *   endingArMinor: 250_000_00, endingCurrentArMinor: 150_000_00 }).basisPoints // 7143
 */
export function collectionEffectivenessIndex(inputs: CeiInputs): CeiResult {
  for (const [k, v] of Object.entries(inputs)) {
    if (!Number.isSafeInteger(v)) throw new RangeError(`${k} must be a safe integer`);
  }
  const { beginningArMinor: b, creditSalesMinor: s, endingArMinor: e, endingCurrentArMinor: c } = inputs;
  const collected = BigInt(b) + BigInt(s) - BigInt(e);
  const collectible = BigInt(b) + BigInt(s) - BigInt(c);
  const figures = `(${b} + ${s} − ${e}) / (${b} + ${s} − ${c})`;
  if (collectible <= 0n) {
    return {
      ...inputs,
      basisPoints: undefined,
      percent: undefined,
      explanation: `CEI ${figures}: nothing was collectible in the period, so there is no index.`,
    };
  }
  const bp = Number(divHalfUp(collected * 10_000n, collectible));
  return {
    ...inputs,
    basisPoints: bp,
    percent: bp / 100,
    explanation: `CEI ${figures} = ${collected}/${collectible} = ${formatHundredths(bp)}% (rounded half-up).`,
  };
}

/** Receivables of one currency at a date. */
export interface ReceivablesAt {
  currency: string;
  /** Open items (invoices and charges), before unapplied credit: the aging total. */
  arMinor: number;
  /** The first aging bucket (not yet due). */
  currentMinor: number;
  /** Overpayments and credits not yet applied; not netted into `arMinor`. */
  unappliedCreditMinor: number;
}

/**
 * Receivables per currency at the end of `asOf`, from `buildBook` and `ageBook`: gross open items
 * (invoices and charges, disputed ones included) and the current (first) bucket.
 */
export function receivablesAt(
  ledger: Ledger,
  asOf: IsoDate,
  buckets: readonly AgingBucket[] = DEFAULT_BUCKETS,
): ReceivablesAt[] {
  const report = ageBook(buildBook(ledger, asOf), asOf, buckets);
  return report.totals.map((t) => ({
    currency: t.currency,
    arMinor: t.totalMinor,
    currentMinor: t.bucketsMinor[0] ?? 0,
    unappliedCreditMinor: t.unappliedCreditMinor,
  }));
}

/**
 * Credit sales per currency between two dates (inclusive): the amounts of invoices dated in the
 * period, void ones excluded, disputed ones included. Charges (fees, interest) are not sales and
 * credit notes are not netted off.
 */
export function creditSales(
  ledger: Ledger,
  from: IsoDate,
  to: IsoDate,
): { currency: string; creditSalesMinor: number }[] {
  const f = toDay(from);
  const t = toDay(to);
  const sums = new Map<string, number>();
  for (const inv of ledger.invoices) {
    if (inv.status === 'void') continue;
    const d = toDay(inv.invoiceDate);
    if (d < f || d > t) continue;
    sums.set(inv.currency, (sums.get(inv.currency) ?? 0) + inv.amountMinor);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, creditSalesMinor]) => ({ currency, creditSalesMinor }));
}

/** A calendar month (or the part of it up to `asOf`) with its dates. */
export interface MonthPeriod extends SalesPeriod {
  start: IsoDate;
  end: IsoDate;
}

/**
 * Credit sales per currency for `months` calendar months ending with the month of `asOf`, LATEST
 * FIRST (the order `countbackDso` wants). The latest month runs only from its first day to `asOf`,
 * so its `days` is `asOf`'s day of the month. Every currency with sales in the window is listed.
 */
export function creditSalesByMonth(
  ledger: Ledger,
  asOf: IsoDate,
  months: number,
): { currency: string; periods: MonthPeriod[] }[] {
  if (!Number.isInteger(months) || months < 1) throw new RangeError('months must be a positive integer');
  toDay(asOf);
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  const windows: Omit<MonthPeriod, 'creditSalesMinor'>[] = [];
  for (let k = 0; k < months; k++) {
    const total = y * 12 + (m - 1) - k;
    const yy = Math.floor(total / 12);
    const mm = (total % 12) + 1;
    const label = `${String(yy).padStart(4, '0')}-${String(mm).padStart(2, '0')}`;
    const lastDay = k === 0 ? d : daysInMonth(yy, mm);
    windows.push({
      label,
      days: lastDay,
      start: `${label}-01`,
      end: `${label}-${String(lastDay).padStart(2, '0')}`,
    });
  }
  const first = windows[windows.length - 1]!.start;
  const currencies = creditSales(ledger, first, asOf).map((c) => c.currency);
  return currencies.map((currency) => ({
    currency,
    periods: windows.map((w) => ({
      ...w,
      creditSalesMinor:
        creditSales(ledger, w.start, w.end).find((c) => c.currency === currency)?.creditSalesMinor ?? 0,
    })),
  }));
}

/**
 * Countback DSO per currency straight from a ledger: ending receivables are `receivablesAt(asOf)`
 * (gross open items) and the sales are `creditSalesByMonth(asOf, months)`. With too few months to
 * explain the receivables, the result says `exhausted`.
 */
export function countbackDsoFromLedger(
  ledger: Ledger,
  asOf: IsoDate,
  months = 3,
): ({ currency: string; asOf: IsoDate } & DsoResult)[] {
  const ar = receivablesAt(ledger, asOf);
  const sales = creditSalesByMonth(ledger, asOf, months);
  const currencies = [...new Set([...ar.map((a) => a.currency), ...sales.map((s) => s.currency)])].sort();
  return currencies.map((currency) => {
    const ending = ar.find((a) => a.currency === currency)?.arMinor ?? 0;
    const periods = sales.find((s) => s.currency === currency)?.periods ?? [];
    const result = countbackDso(ending, periods);
    return {
      currency,
      asOf,
      ...result,
      explanation: `${currency} receivables ${formatMoney(ending, currency)} on ${asOf}. ${result.explanation}`,
    };
  });
}

/**
 * Collection effectiveness index per currency for `from`..`to` straight from a ledger: beginning
 * receivables at the end of the day before `from`, credit sales dated in the period, ending and
 * ending current receivables at `to` (all gross open items, as in `receivablesAt`).
 */
export function ceiFromLedger(
  ledger: Ledger,
  from: IsoDate,
  to: IsoDate,
  buckets: readonly AgingBucket[] = DEFAULT_BUCKETS,
): ({ currency: string; from: IsoDate; to: IsoDate } & CeiResult)[] {
  if (toDay(from) > toDay(to)) throw new RangeError(`period ends (${to}) before it starts (${from})`);
  const begin = receivablesAt(ledger, addDays(from, -1), buckets);
  const end = receivablesAt(ledger, to, buckets);
  const sales = creditSales(ledger, from, to);
  const currencies = [...new Set([...begin, ...end, ...sales].map((x) => x.currency))].sort();
  return currencies.map((currency) => {
    const e = end.find((x) => x.currency === currency);
    return {
      currency,
      from,
      to,
      ...collectionEffectivenessIndex({
        beginningArMinor: begin.find((x) => x.currency === currency)?.arMinor ?? 0,
        creditSalesMinor: sales.find((x) => x.currency === currency)?.creditSalesMinor ?? 0,
        endingArMinor: e?.arMinor ?? 0,
        endingCurrentArMinor: e?.currentMinor ?? 0,
      }),
    };
  });
}
