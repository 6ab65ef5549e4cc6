// The manager's dashboard: every figure of the morning report computed once from a ledger and a day,
// as typed data that the add-on's Dashboard tab and the CLI's xlsx/pdf report only lay out.

import { type ClaimDeadlineConfig, claimWorklist, DEFAULT_CLAIM_DEADLINES } from '../claims/deadlines.js';
import type { CollectionPlan } from '../collections/collection-plan.js';
import { DEFAULT_POLICY, type DunningPolicy } from '../collections/dunning-policy.js';
import { evaluatePlan } from '../collections/plans.js';
import { evaluatePromise, returnedBy } from '../collections/promises.js';
import { stageName } from '../collections/stage-names.js';
import { type AgingBucket, ageBook, DEFAULT_BUCKETS } from '../ledger/aging.js';
import { buildBook } from '../ledger/book.js';
import { addDays, daysInMonth, type IsoDate, toDay } from '../ledger/dates.js';
import type { Ledger } from '../ledger/ledger.js';
import { collectionEffectivenessIndex, countbackDso } from './reports.js';

/** Where a dashboard line comes from: the ledger tab and the row number the sheet shows. */
export interface RowRef {
  tab: 'Customers' | 'Invoices' | 'Promises' | 'Plans' | 'Claims';
  /** 1-based sheet row (the header is row 1); 0 when the record did not come from a sheet. */
  row: number;
}

/** One currency's headline figures. Currencies are never added together. */
export interface DashboardCurrency {
  currency: string;
  /** Open items (invoices and charges), before unapplied credit: the aging total. */
  receivableMinor: number;
  /** Every bucket after the first (the current one). */
  overdueMinor: number;
  /** Aging per bucket, in the order of `Dashboard.buckets`. */
  bucketsMinor: number[];
  unappliedCreditMinor: number;
  /** Payments dated from the 1st of `asOf`'s month through `asOf`, not returned as of `asOf`. */
  collectedThisMonthMinor: number;
  /** Payments dated in the whole previous calendar month, not returned as of `asOf`. */
  collectedLastMonthMinor: number;
  /** Payments dated in the previous month up to the same day of the month: a like-for-like comparison. */
  collectedLastMonthToDateMinor: number;
}

/** One month of the DSO and CEI trend for one currency. */
export interface TrendPoint {
  /** `YYYY-MM`. */
  month: string;
  /** The month's last day, or `asOf` for the current month. */
  end: IsoDate;
  /** Countback DSO at `end` in hundredths of a day, over up to `trendMonths` months of sales. */
  dsoHundredths: number;
  /** True when the sales counted back ran out before explaining the receivables (DSO is at least this). */
  dsoExhausted: boolean;
  /** CEI of the month (1st to `end`) in basis points; undefined when nothing was collectible. */
  ceiBasisPoints: number | undefined;
  /** The arithmetic behind both figures, for a clerk who asks. */
  explanation: string;
}

export interface CurrencyTrend {
  currency: string;
  /** Oldest month first. */
  points: TrendPoint[];
}

export interface DashboardPromise extends RowRef {
  promiseId: string;
  customerId: string;
  customerName: string;
  promisedDate: IsoDate;
  amountMinor: number;
  paidMinor: number;
  currency: string;
  status: 'pending' | 'broken' | 'partly-kept';
  explanation: string;
}

export interface DashboardPlan extends RowRef {
  planId: string;
  customerId: string;
  customerName: string;
  currency: string;
  /** Installments due so far minus counted payments. */
  arrearsMinor: number;
  /** `broken` once an installment's grace has passed; `in-grace` while the shortfall may still be made up. */
  standing: 'broken' | 'in-grace';
  explanation: string;
}

export interface DashboardDispute extends RowRef {
  kind: 'invoice' | 'customer';
  customerId: string;
  customerName: string;
  /** The disputed invoice (kind `invoice`). */
  invoiceId?: string;
  currency?: string;
  /** What is still open on the invoice, or the customer's open items in total (kind `customer`). */
  openMinor?: number;
  explanation: string;
}

export interface DashboardTask extends RowRef {
  customerId: string;
  customerName: string;
  channel: 'call' | 'letter';
  stage: string;
  /** The stage's name a clerk reads, e.g. `60-day reminder`. */
  stageLabel: string;
  phone?: string;
  address?: string;
  amounts: { currency: string; overdueMinor: number; balanceMinor: number }[];
  explanation: string;
}

export interface DashboardClaim extends RowRef {
  claimId: string;
  customerId: string;
  customerName: string;
  payer: string;
  deadline: IsoDate;
  daysLeft: number;
  explanation: string;
}

/** Everything the Dashboard shows, as of one day. */
export interface Dashboard {
  asOf: IsoDate;
  /** Aging bucket labels; the first is "current". */
  buckets: string[];
  /** One per currency with receivables, credit or payments in the two months shown, sorted by code. */
  currencies: DashboardCurrency[];
  /** DSO and CEI month by month, one series per currency. */
  trend: CurrencyTrend[];
  /** The Monday-to-Sunday week is not used: "this week" is `asOf` and the six days after it. */
  week: { from: IsoDate; to: IsoDate };
  promisesDueThisWeek: DashboardPromise[];
  /** Broken or partly kept promises whose last day fell within `brokenWithinDays` before `asOf`. */
  promisesBroken: DashboardPromise[];
  plansInArrears: DashboardPlan[];
  disputesOpen: DashboardDispute[];
  tasksToday: DashboardTask[];
  claimsNearDeadline: DashboardClaim[];
}

export interface DashboardOptions {
  buckets?: readonly AgingBucket[];
  /** The day's collection plan (see `planCollections`); its calls and letters are today's tasks. */
  plan?: Pick<CollectionPlan, 'actions'>;
  /** Gives stage names for the tasks and the promise grace days (default `DEFAULT_POLICY`). */
  policy?: DunningPolicy;
  claimDeadlines?: ClaimDeadlineConfig;
  /** Months in the DSO/CEI trend, and the most months of sales DSO counts back over (default 12). */
  trendMonths?: number;
  /** How far back a broken promise is still shown (default 30 days). */
  brokenWithinDays?: number;
}

/** A calendar month as `y * 12 + (m - 1)`. */
function monthIndex(date: IsoDate): number {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
}

function monthLabel(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function monthEnd(index: number): IsoDate {
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return `${monthLabel(index)}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

const sortText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Computes the dashboard as of `asOf`: per-currency receivables, overdue and aging (from
 * `ageBook`); collections this month, last month and last month to the same day; countback DSO
 * and CEI for each of the last `trendMonths` months (from `countbackDso` and
 * `collectionEffectivenessIndex`, with receivables rebuilt at each month's end); promises due this
 * week and recently broken; plans in arrears; open disputes; the day's calls and letters (from the
 * `plan` given); claims whose appeal deadline is within the claims config's `warnDays`.
 *
 * @example dashboard(ledger, '2026-11-23', { plan: planCollections({...}) }).currencies[0].overdueMinor
 */
export function dashboard(ledger: Ledger, asOf: IsoDate, options: DashboardOptions = {}): Dashboard {
  const buckets = options.buckets ?? DEFAULT_BUCKETS;
  const policy = options.policy ?? DEFAULT_POLICY;
  const trendMonths = options.trendMonths ?? 12;
  if (!Number.isInteger(trendMonths) || trendMonths < 1)
    throw new RangeError('trendMonths must be a positive integer');
  const brokenWithin = options.brokenWithinDays ?? 30;
  const asOfDay = toDay(asOf);
  const names = new Map(ledger.customers.map((c) => [c.customerId, c]));
  const nameOf = (id: string) => names.get(id)?.name ?? id;

  // Headline figures and aging.
  const report = ageBook(buildBook(ledger, asOf), asOf, buckets);
  const thisMonth = monthIndex(asOf);
  const thisMonthStart = toDay(`${monthLabel(thisMonth)}-01`);
  const lastMonthStart = toDay(`${monthLabel(thisMonth - 1)}-01`);
  const lastMonthEnd = thisMonthStart - 1;
  const lastMonthSameDay = Math.min(lastMonthStart + (asOfDay - thisMonthStart), lastMonthEnd);
  const collected = new Map<string, [number, number, number]>();
  for (const p of ledger.payments) {
    const day = toDay(p.date);
    if (day < lastMonthStart || day > asOfDay || returnedBy(p, asOfDay)) continue;
    const sums = collected.get(p.currency) ?? [0, 0, 0];
    if (day >= thisMonthStart) sums[0] += p.amountMinor;
    else {
      sums[1] += p.amountMinor;
      if (day <= lastMonthSameDay) sums[2] += p.amountMinor;
    }
    collected.set(p.currency, sums);
  }
  const currencyCodes = [...new Set([...report.totals.map((t) => t.currency), ...collected.keys()])].sort(
    sortText,
  );
  const currencies: DashboardCurrency[] = currencyCodes.map((currency) => {
    const t = report.totals.find((x) => x.currency === currency);
    const c = collected.get(currency) ?? [0, 0, 0];
    const bucketsMinor = t ? [...t.bucketsMinor] : buckets.map(() => 0);
    return {
      currency,
      receivableMinor: t?.totalMinor ?? 0,
      overdueMinor: bucketsMinor.slice(1).reduce((s, v) => s + v, 0),
      bucketsMinor,
      unappliedCreditMinor: t?.unappliedCreditMinor ?? 0,
      collectedThisMonthMinor: c[0],
      collectedLastMonthMinor: c[1],
      collectedLastMonthToDateMinor: c[2],
    };
  });

  return {
    asOf,
    buckets: report.buckets,
    currencies,
    trend: trend(ledger, asOf, buckets, trendMonths),
    week: { from: asOf, to: addDays(asOf, 6) },
    ...promiseLists(ledger, asOf, policy.promiseGraceDays, brokenWithin, nameOf),
    plansInArrears: plansInArrears(ledger, asOf, nameOf),
    disputesOpen: disputes(ledger, asOf, nameOf),
    tasksToday: tasks(ledger, options.plan, policy),
    claimsNearDeadline: claimWorklist(ledger, asOf, options.claimDeadlines ?? DEFAULT_CLAIM_DEADLINES)
      .filter((t) => t.kind === 'appeal-deadline-soon')
      .map((t) => {
        const claim = ledger.claims.find((c) => c.claimId === t.claimId);
        return {
          tab: 'Claims' as const,
          row: claim?.row ?? 0,
          claimId: t.claimId,
          customerId: t.customerId,
          customerName: nameOf(t.customerId),
          payer: t.payer,
          deadline: t.date,
          daysLeft: t.daysLeft,
          explanation: t.explanation.summary,
        };
      }),
  };
}

/**
 * DSO and CEI for each of the last `months` months. Receivables are rebuilt at every month's end
 * (and at the end of the month before the first, for its CEI); sales are summed per month in one
 * pass over the invoices, reaching back far enough for each point's countback.
 */
function trend(
  ledger: Ledger,
  asOf: IsoDate,
  buckets: readonly AgingBucket[],
  months: number,
): CurrencyTrend[] {
  const last = monthIndex(asOf);
  const first = last - months + 1;
  const salesFrom = first - months + 1;
  const ends: IsoDate[] = [];
  for (let k = first - 1; k <= last; k++) ends.push(k === last ? asOf : monthEnd(k));
  const ar = ends.map((end) => {
    const r = ageBook(buildBook(ledger, end), end, buckets);
    return new Map(r.totals.map((t) => [t.currency, { ar: t.totalMinor, current: t.bucketsMinor[0] ?? 0 }]));
  });
  const asOfDay = toDay(asOf);
  const sales = new Map<string, number[]>();
  for (const inv of ledger.invoices) {
    if (inv.status === 'void') continue;
    const day = toDay(inv.invoiceDate);
    if (day > asOfDay) continue;
    const k = monthIndex(inv.invoiceDate);
    if (k < salesFrom) continue;
    let row = sales.get(inv.currency);
    if (!row) {
      row = new Array(last - salesFrom + 1).fill(0);
      sales.set(inv.currency, row);
    }
    row[k - salesFrom]! += inv.amountMinor;
  }
  const codes = new Set<string>(sales.keys());
  for (const m of ar) for (const c of m.keys()) codes.add(c);
  return [...codes].sort(sortText).map((currency) => {
    const row = sales.get(currency) ?? new Array(last - salesFrom + 1).fill(0);
    const points: TrendPoint[] = [];
    for (let k = first; k <= last; k++) {
      const at = k - first + 1;
      const end = ends[at]!;
      const endAr = ar[at]!.get(currency) ?? { ar: 0, current: 0 };
      const beginAr = ar[at - 1]!.get(currency)?.ar ?? 0;
      const periods = [];
      for (let j = k; j > k - months; j--) {
        const days = j === k ? Number(end.slice(8, 10)) : Number(monthEnd(j).slice(8, 10));
        periods.push({ label: monthLabel(j), days, creditSalesMinor: row[j - salesFrom] ?? 0 });
      }
      const dso = countbackDso(endAr.ar, periods);
      const cei = collectionEffectivenessIndex({
        beginningArMinor: beginAr,
        creditSalesMinor: row[k - salesFrom] ?? 0,
        endingArMinor: endAr.ar,
        endingCurrentArMinor: endAr.current,
      });
      points.push({
        month: monthLabel(k),
        end,
        dsoHundredths: dso.daysHundredths,
        dsoExhausted: dso.exhausted,
        ceiBasisPoints: cei.basisPoints,
        explanation: `${currency} ${monthLabel(k)}: ${dso.explanation} ${cei.explanation}`,
      });
    }
    return { currency, points };
  });
}

function promiseLists(
  ledger: Ledger,
  asOf: IsoDate,
  graceDays: number,
  brokenWithin: number,
  nameOf: (id: string) => string,
): { promisesDueThisWeek: DashboardPromise[]; promisesBroken: DashboardPromise[] } {
  const asOfDay = toDay(asOf);
  const due: DashboardPromise[] = [];
  const broken: DashboardPromise[] = [];
  for (const p of ledger.promises) {
    const e = evaluatePromise(p, ledger.payments, asOf, graceDays);
    const line = (status: DashboardPromise['status']): DashboardPromise => ({
      tab: 'Promises',
      row: p.row,
      promiseId: p.promiseId,
      customerId: p.customerId,
      customerName: nameOf(p.customerId),
      promisedDate: p.promisedDate,
      amountMinor: p.amountMinor,
      paidMinor: e.paidMinor,
      currency: p.currency,
      status,
      explanation: e.explanation,
    });
    const promisedDay = toDay(p.promisedDate);
    if (e.status === 'pending' && promisedDay >= asOfDay && promisedDay <= asOfDay + 6)
      due.push(line('pending'));
    if (e.status === 'broken' || e.status === 'partly-kept') {
      const dueByDay = toDay(e.dueBy);
      if (dueByDay < asOfDay && dueByDay >= asOfDay - brokenWithin) broken.push(line(e.status));
    }
  }
  due.sort((a, b) => sortText(a.promisedDate, b.promisedDate) || sortText(a.promiseId, b.promiseId));
  broken.sort((a, b) => sortText(b.promisedDate, a.promisedDate) || sortText(a.promiseId, b.promiseId));
  return { promisesDueThisWeek: due, promisesBroken: broken };
}

function plansInArrears(ledger: Ledger, asOf: IsoDate, nameOf: (id: string) => string): DashboardPlan[] {
  const out: DashboardPlan[] = [];
  for (const plan of ledger.plans) {
    const e = evaluatePlan(plan, ledger.payments, asOf);
    if (e.status !== 'broken' && e.status !== 'in-good-standing') continue;
    const arrears = e.dueSoFarMinor - e.paidMinor;
    if (arrears <= 0) continue;
    out.push({
      tab: 'Plans',
      row: plan.row,
      planId: plan.planId,
      customerId: plan.customerId,
      customerName: nameOf(plan.customerId),
      currency: plan.currency,
      arrearsMinor: arrears,
      standing: e.status === 'broken' ? 'broken' : 'in-grace',
      explanation: e.explanation,
    });
  }
  return out.sort((a, b) => b.arrearsMinor - a.arrearsMinor || sortText(a.planId, b.planId));
}

function disputes(ledger: Ledger, asOf: IsoDate, nameOf: (id: string) => string): DashboardDispute[] {
  const book = buildBook(ledger, asOf);
  const open = new Map<string, number>();
  for (const a of book.accounts)
    for (const i of a.items) if (i.kind === 'invoice') open.set(i.itemId, i.openMinor);
  const out: DashboardDispute[] = [];
  for (const c of ledger.customers) {
    if (!c.flags.includes('dispute')) continue;
    const accounts = book.byCustomer.get(c.customerId) ?? [];
    const openMinor = accounts.length === 1 ? accounts[0]!.openMinor : undefined;
    out.push({
      tab: 'Customers',
      row: c.row,
      kind: 'customer',
      customerId: c.customerId,
      customerName: c.name,
      ...(accounts.length === 1 ? { currency: accounts[0]!.currency, openMinor } : {}),
      explanation: `${c.name} disputes the account (Dispute flag): no collection contact until it is resolved.`,
    });
  }
  for (const inv of ledger.invoices) {
    if (inv.status !== 'disputed') continue;
    const openMinor = open.get(inv.invoiceId) ?? 0;
    if (openMinor <= 0) continue;
    out.push({
      tab: 'Invoices',
      row: inv.row,
      kind: 'invoice',
      customerId: inv.customerId,
      customerName: nameOf(inv.customerId),
      invoiceId: inv.invoiceId,
      currency: inv.currency,
      openMinor,
      explanation: `Invoice ${inv.invoiceId} is disputed: it stays on the books but is not dunned.`,
    });
  }
  return out;
}

function tasks(
  ledger: Ledger,
  plan: Pick<CollectionPlan, 'actions'> | undefined,
  policy: DunningPolicy,
): DashboardTask[] {
  if (!plan) return [];
  const labels = new Map<string, string>();
  for (const ladder of Object.values(policy.ladders))
    for (const s of ladder.stages) if (!labels.has(s.id)) labels.set(s.id, s.label);
  const customers = new Map(ledger.customers.map((c) => [c.customerId, c]));
  const out: DashboardTask[] = [];
  for (const a of plan.actions) {
    if (a.channel !== 'call' && a.channel !== 'letter') continue;
    const c = customers.get(a.customerId);
    out.push({
      tab: 'Customers',
      row: c?.row ?? 0,
      customerId: a.customerId,
      customerName: a.customerName,
      channel: a.channel,
      stage: a.stage,
      // A stage outside the ladders (the validation notice) by its name, never its id.
      stageLabel: labels.get(a.stage) ?? stageName(a.stage),
      ...(a.channel === 'call' && c?.phone ? { phone: c.phone } : {}),
      ...(a.channel === 'letter' && c?.address ? { address: c.address } : {}),
      amounts: a.amounts.map((x) => ({ ...x })),
      explanation: a.explanation.summary,
    });
  }
  return out.sort((a, b) => sortText(a.channel, b.channel) || sortText(a.customerName, b.customerName));
}
