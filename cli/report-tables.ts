// The Dashboard's worklists as tables of text in the reader's locale, shared by the PDF and the
// xlsx: one list of sections (title, columns, how a row reads), walked by both renderers.

import { currencyExponent } from '../core/ledger/money.js';
import type { Dashboard } from '../core/reports/dashboard.js';

/** How amounts, shares and dates read in one locale. */
export interface DashboardFormat {
  locale: string;
  /** `USD 1,234.50` in en-US, `1.234,50 USD` in de-DE. */
  money(minor: number, currency: string): string;
  /** The number alone, grouped and with the currency's decimals. */
  number(minor: number, currency: string): string;
  /** A fraction as a percentage with one decimal. */
  percent(fraction: number): string;
  days(value: number): string;
  /** An ISO date as the locale writes it, e.g. `Nov 23, 2026`. */
  date(iso: string): string;
  /** The month of an ISO date, e.g. `November`. */
  month(iso: string): string;
  /** `YYYY-MM` as a short axis label, e.g. `Nov 26`. */
  monthShort(month: string): string;
}

export function dashboardFormat(locale: string): DashboardFormat {
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  const numberFormats = new Map<number, Intl.NumberFormat>();
  const decimal = (minor: number, currency: string) => minor / 10 ** currencyExponent(currency);
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const monthFormat = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
  const shortMonth = new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const days = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);
  return {
    locale,
    money(minor, currency) {
      let f = moneyFormats.get(currency);
      if (!f) {
        const exp = currencyExponent(currency);
        try {
          f = new Intl.NumberFormat(locale, {
            style: 'currency',
            currency,
            currencyDisplay: 'code',
            minimumFractionDigits: exp,
            maximumFractionDigits: exp,
          });
        } catch {
          f = new Intl.NumberFormat(locale, { minimumFractionDigits: exp, maximumFractionDigits: exp });
        }
        moneyFormats.set(currency, f);
      }
      return f.format(decimal(minor, currency));
    },
    number(minor, currency) {
      const exp = currencyExponent(currency);
      let f = numberFormats.get(exp);
      if (!f) {
        f = new Intl.NumberFormat(locale, { minimumFractionDigits: exp, maximumFractionDigits: exp });
        numberFormats.set(exp, f);
      }
      return f.format(decimal(minor, currency));
    },
    percent: (fraction) => pct.format(fraction),
    days: (value) => days.format(value),
    date: (iso) => dateFormat.format(utc(iso)),
    month: (iso) => monthFormat.format(utc(iso)),
    monthShort: (month) => shortMonth.format(utc(`${month}-01`)),
  };
}

export interface ReportColumn {
  header: string;
  /** Relative width. */
  width: number;
  align?: 'left' | 'right';
}

export interface ReportTable {
  title: string;
  note?: string;
  columns: ReportColumn[];
  rows: string[][];
  /** What to show when there are no rows. */
  empty: string;
}

const rowRef = (tab: string, row: number) => (row > 0 ? `${tab} row ${row}` : tab);

/** The worklists, in the order the Dashboard shows them. */
export function dashboardTables(d: Dashboard, f: DashboardFormat): ReportTable[] {
  const right = 'right' as const;
  return [
    {
      title: 'Calls and letters for today',
      note: 'the day’s plan at 09:00',
      columns: [
        { header: 'Task', width: 0.6 },
        { header: 'Customer', width: 2.1 },
        { header: 'Stage', width: 1.9 },
        { header: 'Phone / address', width: 2.1 },
        { header: 'Overdue', width: 1.4, align: right },
        { header: 'Row', width: 1.5 },
      ],
      rows: d.tasksToday.map((t) => [
        t.channel === 'call' ? 'Call' : 'Letter',
        t.customerName,
        t.stageLabel,
        (t.channel === 'call' ? t.phone : t.address)?.replace(/\s*\n\s*/g, ', ') ?? '(none on file)',
        t.amounts.map((a) => f.money(a.overdueMinor, a.currency)).join(' + '),
        rowRef(t.tab, t.row),
      ]),
      empty: 'No calls or letters today.',
    },
    {
      title: 'Promises due this week',
      note: `${f.date(d.week.from)} to ${f.date(d.week.to)}`,
      columns: [
        { header: 'Due', width: 1.2 },
        { header: 'Customer', width: 2.2 },
        { header: 'Promised', width: 1.5, align: right },
        { header: 'Paid so far', width: 1.5, align: right },
        { header: 'Promise', width: 1.1 },
        { header: 'Row', width: 1.2 },
      ],
      rows: d.promisesDueThisWeek.map((p) => [
        f.date(p.promisedDate),
        p.customerName,
        f.money(p.amountMinor, p.currency),
        f.money(p.paidMinor, p.currency),
        p.promiseId,
        rowRef(p.tab, p.row),
      ]),
      empty: 'No promise falls due this week.',
    },
    {
      title: 'Promises broken',
      note: 'in the last 30 days',
      columns: [
        { header: 'Was due', width: 1.2 },
        { header: 'Customer', width: 2.2 },
        { header: 'Promised', width: 1.5, align: right },
        { header: 'Paid', width: 1.5, align: right },
        { header: 'Status', width: 1.1 },
        { header: 'Row', width: 1.2 },
      ],
      rows: d.promisesBroken.map((p) => [
        f.date(p.promisedDate),
        p.customerName,
        f.money(p.amountMinor, p.currency),
        f.money(p.paidMinor, p.currency),
        p.status === 'broken' ? 'broken' : 'partly kept',
        rowRef(p.tab, p.row),
      ]),
      empty: 'No promise was broken in the last 30 days.',
    },
    {
      title: 'Payment plans in arrears',
      columns: [
        { header: 'Plan', width: 1.2 },
        { header: 'Customer', width: 2.2 },
        { header: 'Arrears', width: 1.5, align: right },
        { header: 'Standing', width: 2.6 },
        { header: 'Row', width: 1.2 },
      ],
      rows: d.plansInArrears.map((p) => [
        p.planId,
        p.customerName,
        f.money(p.arrearsMinor, p.currency),
        p.standing === 'broken' ? 'broken (grace passed)' : 'behind, still in grace',
        rowRef(p.tab, p.row),
      ]),
      empty: 'Every plan is up to date.',
    },
    {
      title: 'Disputes open',
      columns: [
        { header: 'What', width: 2 },
        { header: 'Customer', width: 2.4 },
        { header: 'Open', width: 1.6, align: right },
        { header: 'Row', width: 1.2 },
      ],
      rows: d.disputesOpen.map((x) => [
        x.kind === 'invoice' ? `Invoice ${x.invoiceId}` : 'Whole account (flag)',
        x.customerName,
        x.openMinor !== undefined && x.currency ? f.money(x.openMinor, x.currency) : '',
        rowRef(x.tab, x.row),
      ]),
      empty: 'No open disputes.',
    },
    {
      title: 'Claims near their appeal deadline',
      note: 'denials still appealable, deadline within 14 days',
      columns: [
        { header: 'Deadline', width: 1.2 },
        { header: 'Days left', width: 0.8, align: right },
        { header: 'Claim', width: 1.3 },
        { header: 'Patient', width: 1.9 },
        { header: 'Payer', width: 1.9 },
        { header: 'Row', width: 1 },
      ],
      rows: d.claimsNearDeadline.map((c) => [
        f.date(c.deadline),
        String(c.daysLeft),
        c.claimId,
        c.customerName,
        c.payer,
        rowRef(c.tab, c.row),
      ]),
      empty: 'No appeal deadline in the next 14 days.',
    },
  ];
}
