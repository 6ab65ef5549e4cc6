// The Dashboard as an .xlsx workbook (exceljs, loaded only by `duebook report`): one "Dashboard"
// sheet with the headline figures, the aging and the 12-month trend (the charts' data), and the
// worklists; amounts are numbers and dates are dates, so the reader's Excel shows them in its locale.

import { currencyExponent, minorToDecimal } from '../core/ledger/money.js';
import type { Dashboard } from '../core/reports/dashboard.js';

type Cell = string | number | Date | null;

interface Section {
  title: string;
  header: string[];
  rows: Cell[][];
  /** Number format per column (undefined: general). */
  formats: (string | undefined)[];
  empty: string;
}

/** Excel's built-in short date (numFmtId 14), which Excel shows in the reader's locale. */
const DATE = 'mm-dd-yy';
const PERCENT = '0.0%';
const moneyFormat = (currency: string) =>
  currencyExponent(currency) === 0 ? '#,##0' : `#,##0.${'0'.repeat(currencyExponent(currency))}`;
const date = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * Renders the dashboard as .xlsx bytes. The workbook's dates are `asOf`'s: no clock is read.
 *
 * @example await dashboardXlsx(dashboard(ledger, '2026-11-23'))
 */
export async function dashboardXlsx(d: Dashboard): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Duebook';
  wb.created = date(d.asOf);
  wb.modified = date(d.asOf);
  const ws = wb.addWorksheet('Dashboard', { views: [{ showGridLines: false }] });
  ws.columns = [16, 22, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18].map((width) => ({ width }));
  let r = 1;
  ws.getCell(r, 1).value = 'Receivables dashboard';
  ws.getCell(r, 1).font = { bold: true, size: 16, color: { argb: 'FF263238' } };
  r += 1;
  ws.getCell(r, 1).value = 'As of';
  ws.getCell(r, 2).value = date(d.asOf);
  ws.getCell(r, 2).numFmt = DATE;
  ws.getCell(r, 2).alignment = { horizontal: 'left' };
  r += 2;

  const titleAndHeader = (title: string, header: string[]) => {
    ws.getCell(r, 1).value = title;
    ws.getCell(r, 1).font = { bold: true, size: 12, color: { argb: 'FF263238' } };
    r += 1;
    header.forEach((h, c) => {
      const cell = ws.getCell(r, c + 1);
      cell.value = h;
      cell.font = { bold: true, color: { argb: 'FF546E7A' } };
      cell.border = { bottom: { style: 'thin', color: { argb: 'FFB0BEC5' } } };
    });
    r += 1;
  };
  const write = (s: Section) => {
    titleAndHeader(s.title, s.header);
    if (s.rows.length === 0) {
      ws.getCell(r, 1).value = s.empty;
      ws.getCell(r, 1).font = { italic: true, color: { argb: 'FF78909C' } };
      r += 1;
    }
    for (const row of s.rows) {
      row.forEach((v, c) => {
        const cell = ws.getCell(r, c + 1);
        cell.value = v;
        const f = s.formats[c];
        if (f) cell.numFmt = f;
      });
      r += 1;
    }
    r += 1;
  };

  const perCurrency = (currency: string) => Array(8).fill(moneyFormat(currency)) as string[];
  // Headline figures: each row is one currency, with that currency's decimals.
  titleAndHeader('Receivables and collections', [
    'Currency',
    'Receivable',
    'Overdue',
    'Overdue share',
    'Collected this month',
    'Collected last month',
    'Last month to this day',
    'Unapplied credit',
  ]);
  if (d.currencies.length === 0) {
    ws.getCell(r, 1).value = 'Nothing is owed and nothing was collected in the last two months.';
    r += 1;
  }
  for (const c of d.currencies) {
    const values: Cell[] = [
      c.currency,
      minorToDecimal(c.receivableMinor, c.currency),
      minorToDecimal(c.overdueMinor, c.currency),
      c.receivableMinor > 0 ? c.overdueMinor / c.receivableMinor : null,
      minorToDecimal(c.collectedThisMonthMinor, c.currency),
      minorToDecimal(c.collectedLastMonthMinor, c.currency),
      minorToDecimal(c.collectedLastMonthToDateMinor, c.currency),
      minorToDecimal(c.unappliedCreditMinor, c.currency),
    ];
    const formats = perCurrency(c.currency);
    formats[3] = PERCENT;
    values.forEach((v, i) => {
      const cell = ws.getCell(r, i + 1);
      cell.value = v;
      if (i > 0) cell.numFmt = formats[i]!;
    });
    r += 1;
  }
  r += 1;

  // Aging (the stacked bar chart's data), one row per currency.
  titleAndHeader('Aging by days past due', ['Currency', ...d.buckets, 'Total']);
  for (const c of d.currencies) {
    ws.getCell(r, 1).value = c.currency;
    [...c.bucketsMinor, c.receivableMinor].forEach((v, i) => {
      const cell = ws.getCell(r, i + 2);
      cell.value = minorToDecimal(v, c.currency);
      cell.numFmt = moneyFormat(c.currency);
    });
    r += 1;
  }
  r += 1;

  // The 12-month trend (the line charts' data): DSO in days, CEI as a share.
  const months = d.trend[0]?.points.map((p) => p.month) ?? [];
  write({
    title: 'Last 12 months: DSO (countback, days) and CEI',
    header: ['Month', ...d.trend.map((t) => `DSO ${t.currency}`), ...d.trend.map((t) => `CEI ${t.currency}`)],
    rows: months.map((m, i) => [
      m,
      ...d.trend.map((t) => t.points[i]!.dsoHundredths / 100),
      ...d.trend.map((t) => {
        const bp = t.points[i]!.ceiBasisPoints;
        return bp === undefined ? null : bp / 10_000;
      }),
    ]),
    formats: [undefined, ...d.trend.map(() => '0.0'), ...d.trend.map(() => PERCENT)],
    empty: 'No receivables in the last 12 months.',
  });

  const ref = (tab: string, row: number) => (row > 0 ? `${tab} row ${row}` : tab);
  write({
    title: 'Calls and letters for today',
    header: ['Task', 'Customer', 'Stage', 'Phone / address', 'Overdue', 'Currency', 'Row'],
    rows: d.tasksToday.map((t) => [
      t.channel === 'call' ? 'Call' : 'Letter',
      t.customerName,
      t.stageLabel,
      (t.channel === 'call' ? t.phone : t.address) ?? '(none on file)',
      t.amounts.length === 1 ? minorToDecimal(t.amounts[0]!.overdueMinor, t.amounts[0]!.currency) : null,
      t.amounts.map((a) => a.currency).join(', '),
      ref(t.tab, t.row),
    ]),
    formats: [undefined, undefined, undefined, undefined, '#,##0.00'],
    empty: 'No calls or letters today.',
  });
  const promiseRows = (list: Dashboard['promisesDueThisWeek']) =>
    list.map((p) => [
      date(p.promisedDate),
      p.customerName,
      minorToDecimal(p.amountMinor, p.currency),
      minorToDecimal(p.paidMinor, p.currency),
      p.currency,
      p.status,
      ref(p.tab, p.row),
    ]);
  const promiseHeader = ['Promised date', 'Customer', 'Promised', 'Paid', 'Currency', 'Status', 'Row'];
  const promiseFormats = [DATE, undefined, '#,##0.00', '#,##0.00'];
  write({
    title: 'Promises due this week',
    header: promiseHeader,
    rows: promiseRows(d.promisesDueThisWeek),
    formats: promiseFormats,
    empty: 'No promise falls due this week.',
  });
  write({
    title: 'Promises broken in the last 30 days',
    header: promiseHeader,
    rows: promiseRows(d.promisesBroken),
    formats: promiseFormats,
    empty: 'No promise was broken in the last 30 days.',
  });
  write({
    title: 'Payment plans in arrears',
    header: ['Plan', 'Customer', 'Arrears', 'Currency', 'Standing', 'Row'],
    rows: d.plansInArrears.map((p) => [
      p.planId,
      p.customerName,
      minorToDecimal(p.arrearsMinor, p.currency),
      p.currency,
      p.standing === 'broken' ? 'broken (grace passed)' : 'behind, still in grace',
      ref(p.tab, p.row),
    ]),
    formats: [undefined, undefined, '#,##0.00'],
    empty: 'Every plan is up to date.',
  });
  write({
    title: 'Disputes open',
    header: ['What', 'Customer', 'Open', 'Currency', 'Row'],
    rows: d.disputesOpen.map((x) => [
      x.kind === 'invoice' ? `Invoice ${x.invoiceId}` : 'Whole account (flag)',
      x.customerName,
      x.openMinor !== undefined && x.currency ? minorToDecimal(x.openMinor, x.currency) : null,
      x.currency ?? '',
      ref(x.tab, x.row),
    ]),
    formats: [undefined, undefined, '#,##0.00'],
    empty: 'No open disputes.',
  });
  write({
    title: 'Claims near their appeal deadline',
    header: ['Deadline', 'Days left', 'Claim', 'Patient', 'Payer', 'Row'],
    rows: d.claimsNearDeadline.map((c) => [
      date(c.deadline),
      c.daysLeft,
      c.claimId,
      c.customerName,
      c.payer,
      ref(c.tab, c.row),
    ]),
    formats: [DATE],
    empty: 'No appeal deadline in the next 14 days.',
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
