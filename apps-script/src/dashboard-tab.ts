// The "Dashboard" tab: core's dashboard() laid out as one block of cells (written with one
// setValues, one setNumberFormats, one setFontWeights, one setBackgrounds, one setRichTextValues
// for the row links) and three native charts (aging as stacked bars, DSO and CEI as lines).
import { buildBook } from '../../core/book.js';
import { type Dashboard, dashboard } from '../../core/dashboard.js';
import { type IsoDate, zonedInstant } from '../../core/dates.js';
import { DEFAULT_POLICY, planCollections } from '../../core/dunning-policy.js';
import type { Ledger } from '../../core/ledger.js';
import { currencyExponent, minorToDecimal } from '../../core/money.js';
import { safeCell } from './cells.js';

export const DASHBOARD_SHEET = 'Dashboard';

type Value = string | number | Date;

/** One chart over a table of the block: first column the categories, first row the series names. */
export interface ChartSpec {
  kind: 'aging' | 'dso' | 'cei';
  title: string;
  /** The table's cells (header row included), 1-based in the sheet. */
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
  /** Where the chart sits: anchor cell. */
  anchorRow: number;
  anchorColumn: number;
}

/** The Dashboard as cells: what the tab writes, computed without touching the sheet. */
export interface DashboardLayout {
  /** Every row has `width` cells; the last column holds the links to ledger rows. */
  values: Value[][];
  formats: string[][];
  weights: ('bold' | 'normal')[][];
  backgrounds: (string | null)[][];
  /** The last column of each row: text, and for a ledger row the link to it. */
  links: { text: string; url: string }[];
  width: number;
  charts: ChartSpec[];
}

export interface LayoutOptions {
  /** The spreadsheet's zone: dates are written as that zone's midnight, as Sheets stores them. */
  timeZone: string;
  /** The spreadsheet's locale (`en_US`, `de_DE`): picks the date pattern; Sheets localises numbers itself. */
  locale: string;
  /** Sheet ids (gid) of the ledger tabs, for links to a row; a tab not given gets no link. */
  sheetIds: Partial<Record<string, number>>;
}

const TITLE_BG = '#cfd8dc';
const SECTION_BG = '#eceff1';
const HEADER_BG = '#f5f7f8';
const PERCENT = '0.0%';
/** Longest worklist the tab shows; the rest is counted in one line (a manager reads the top, the clerk works the tab). */
export const MAX_LIST_ROWS = 25;

/** Number format for a currency's amounts: its own decimals; separators are the locale's. */
function money(currency: string): string {
  const exp = currencyExponent(currency);
  return exp === 0 ? '#,##0' : `#,##0.${'0'.repeat(exp)}`;
}

/** Day-first locales read `23 Nov 2026`; US English reads `Nov 23, 2026`. Month names are the locale's. */
function datePattern(locale: string): string {
  return /^en_(US|PH)$|^en$/.test(locale) ? 'mmm d, yyyy' : 'd mmm yyyy';
}

/**
 * Lays the dashboard out as one block: title, headline figures per currency, the aging, DSO and
 * CEI tables (the charts' data), then the worklists, each row of a worklist linked to its ledger row.
 */
export function dashboardLayout(d: Dashboard, options: LayoutOptions): DashboardLayout {
  const main = Math.max(7, d.buckets.length + 2, d.trend.length + 1);
  const width = main + 1;
  const date = (iso: IsoDate) => new Date(zonedInstant(iso, 0, options.timeZone));
  const datePat = datePattern(options.locale);
  const values: Value[][] = [];
  const formats: string[][] = [];
  const weights: ('bold' | 'normal')[][] = [];
  const backgrounds: (string | null)[][] = [];
  const links: { text: string; url: string }[] = [];
  const charts: ChartSpec[] = [];
  const push = (
    cells: Value[],
    opts: {
      formats?: (string | undefined)[];
      bold?: boolean;
      bg?: string | null;
      link?: { text: string; url: string };
    } = {},
  ) => {
    const row: Value[] = [];
    const fmt: string[] = [];
    for (let c = 0; c < main; c++) {
      const v = cells[c];
      row.push(v === undefined ? '' : typeof v === 'string' ? (safeCell(v) as string) : v);
      fmt.push(opts.formats?.[c] ?? (v instanceof Date ? datePat : '@'));
      if (typeof v === 'number' && opts.formats?.[c] === undefined) fmt[c] = '0';
    }
    values.push(row);
    formats.push(fmt);
    weights.push(new Array(main).fill(opts.bold ? 'bold' : 'normal'));
    backgrounds.push(new Array(main).fill(opts.bg ?? null));
    links.push(opts.link ?? { text: '', url: '' });
    return values.length;
  };
  const blank = () => push([]);
  const section = (title: string, note = '') => push([title, note], { bold: true, bg: SECTION_BG });
  const header = (cells: string[]) => push(cells, { bold: true, bg: HEADER_BG });
  const link = (tab: string, row: number) => {
    const text = row > 0 ? `${tab} row ${row}` : tab;
    const gid = options.sheetIds[tab];
    return { text, url: gid !== undefined && row > 0 ? `#gid=${gid}&range=A${row}` : '' };
  };

  push(['Receivables dashboard', 'As of', date(d.asOf)], { bold: true, bg: TITLE_BG });
  blank();

  section('Receivables and collections', 'per currency; currencies are never added together');
  header([
    'Currency',
    'Receivable',
    'Overdue',
    'Overdue share',
    'Collected this month',
    'Collected last month',
    'Last month to this day',
  ]);
  if (d.currencies.length === 0) push(['Nothing is owed and nothing was collected in the last two months.']);
  for (const c of d.currencies) {
    const m = money(c.currency);
    push(
      [
        c.currency,
        minorToDecimal(c.receivableMinor, c.currency),
        minorToDecimal(c.overdueMinor, c.currency),
        c.receivableMinor > 0 ? c.overdueMinor / c.receivableMinor : '',
        minorToDecimal(c.collectedThisMonthMinor, c.currency),
        minorToDecimal(c.collectedLastMonthMinor, c.currency),
        minorToDecimal(c.collectedLastMonthToDateMinor, c.currency),
      ],
      { formats: ['@', m, m, PERCENT, m, m, m] },
    );
  }
  blank();

  section('Aging by days past due');
  const agingHeader = header(['Currency', ...d.buckets, 'Total']);
  for (const c of d.currencies) {
    const m = money(c.currency);
    push([c.currency, ...[...c.bucketsMinor, c.receivableMinor].map((v) => minorToDecimal(v, c.currency))], {
      formats: ['@', ...c.bucketsMinor.map(() => m), m],
    });
  }
  if (d.currencies.length > 0) {
    charts.push({
      kind: 'aging',
      title: 'Aging: share of each currency by days past due',
      row: agingHeader,
      column: 1,
      numRows: d.currencies.length + 1,
      numColumns: d.buckets.length + 1,
      anchorRow: 1,
      anchorColumn: width + 2,
    });
  }
  blank();

  const months = d.trend[0]?.points ?? [];
  for (const kind of ['dso', 'cei'] as const) {
    section(
      kind === 'dso'
        ? 'Days sales outstanding (countback), last 12 months'
        : 'Collection effectiveness index, last 12 months',
      kind === 'dso' ? 'days' : 'collected / collectible',
    );
    const top = header(['Month', ...d.trend.map((t) => t.currency)]);
    months.forEach((p, i) => {
      push(
        [
          date(`${p.month}-01`),
          ...d.trend.map((t) => {
            const point = t.points[i]!;
            if (kind === 'dso') return point.dsoHundredths / 100;
            return point.ceiBasisPoints === undefined ? '' : point.ceiBasisPoints / 10_000;
          }),
        ],
        { formats: ['mmm yyyy', ...d.trend.map(() => (kind === 'dso' ? '0.0' : PERCENT))] },
      );
    });
    if (months.length > 0) {
      charts.push({
        kind,
        title: kind === 'dso' ? 'DSO (countback), days' : 'CEI, collected of collectible',
        row: top,
        column: 1,
        numRows: months.length + 1,
        numColumns: d.trend.length + 1,
        anchorRow: kind === 'dso' ? 20 : 39,
        anchorColumn: width + 2,
      });
    }
    blank();
  }

  const list = <T>(
    title: string,
    note: string,
    head: string[],
    items: readonly T[],
    row: (item: T) => { cells: Value[]; formats?: (string | undefined)[]; tab: string; at: number },
    empty: string,
  ) => {
    section(`${title} (${items.length})`, note);
    if (items.length === 0) {
      push([empty]);
    } else {
      header(head);
      links[links.length - 1] = { text: 'Go to', url: '' };
      for (const item of items.slice(0, MAX_LIST_ROWS)) {
        const r = row(item);
        push(r.cells, { ...(r.formats ? { formats: r.formats } : {}), link: link(r.tab, r.at) });
      }
      if (items.length > MAX_LIST_ROWS) push([`…and ${items.length - MAX_LIST_ROWS} more`]);
    }
    blank();
  };
  list(
    'Calls and letters for today',
    'the day’s plan',
    ['Task', 'Customer', 'Stage', 'Phone / address', 'Overdue', 'Currency'],
    d.tasksToday,
    (t) => {
      const one = t.amounts.length === 1 ? t.amounts[0]! : undefined;
      return {
        cells: [
          t.channel === 'call' ? 'Call' : 'Letter',
          t.customerName,
          t.stageLabel,
          (t.channel === 'call' ? t.phone : t.address) ?? '(none on file)',
          one ? minorToDecimal(one.overdueMinor, one.currency) : '',
          t.amounts.map((a) => a.currency).join(', '),
        ],
        formats: ['@', '@', '@', '@', one ? money(one.currency) : '@', '@'],
        tab: t.tab,
        at: t.row,
      };
    },
    'No calls or letters today.',
  );
  const promiseRow = (p: Dashboard['promisesDueThisWeek'][number]) => ({
    cells: [
      date(p.promisedDate),
      p.customerName,
      minorToDecimal(p.amountMinor, p.currency),
      minorToDecimal(p.paidMinor, p.currency),
      p.currency,
      p.status === 'partly-kept' ? 'partly kept' : p.status,
    ],
    formats: [datePat, '@', money(p.currency), money(p.currency), '@', '@'],
    tab: p.tab,
    at: p.row,
  });
  const promiseHead = ['Promised date', 'Customer', 'Promised', 'Paid', 'Currency', 'Status'];
  list(
    'Promises due this week',
    '',
    promiseHead,
    d.promisesDueThisWeek,
    promiseRow,
    'No promise falls due this week.',
  );
  list(
    'Promises broken',
    'in the last 30 days',
    promiseHead,
    d.promisesBroken,
    promiseRow,
    'No promise was broken in the last 30 days.',
  );
  list(
    'Payment plans in arrears',
    '',
    ['Plan', 'Customer', 'Arrears', 'Currency', 'Standing'],
    d.plansInArrears,
    (p) => ({
      cells: [
        p.planId,
        p.customerName,
        minorToDecimal(p.arrearsMinor, p.currency),
        p.currency,
        p.standing === 'broken' ? 'broken (grace passed)' : 'behind, still in grace',
      ],
      formats: ['@', '@', money(p.currency), '@', '@'],
      tab: p.tab,
      at: p.row,
    }),
    'Every plan is up to date.',
  );
  list(
    'Disputes open',
    '',
    ['What', 'Customer', 'Open', 'Currency'],
    d.disputesOpen,
    (x) => ({
      cells: [
        x.kind === 'invoice' ? `Invoice ${x.invoiceId}` : 'Whole account (flag)',
        x.customerName,
        x.openMinor !== undefined && x.currency ? minorToDecimal(x.openMinor, x.currency) : '',
        x.currency ?? '',
      ],
      formats: ['@', '@', x.currency ? money(x.currency) : '@', '@'],
      tab: x.tab,
      at: x.row,
    }),
    'No open disputes.',
  );
  list(
    'Claims near their appeal deadline',
    'within 14 days',
    ['Deadline', 'Days left', 'Claim', 'Patient', 'Payer'],
    d.claimsNearDeadline,
    (c) => ({
      cells: [date(c.deadline), c.daysLeft, c.claimId, c.customerName, c.payer],
      formats: [datePat, '0', '@', '@', '@'],
      tab: c.tab,
      at: c.row,
    }),
    'No appeal deadline in the next 14 days.',
  );
  return { values, formats, weights, backgrounds, links, width, charts };
}

/**
 * Writes the layout into the Dashboard tab (created when missing): clears it, writes the block
 * with one call per aspect, links the last column, and replaces the charts. The number of
 * service calls depends on the layout's shape, never on the ledger's size.
 */
export function writeDashboardTab(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  spreadsheetApp: Pick<GoogleAppsScript.Spreadsheet.SpreadsheetApp, 'newRichTextValue'>,
  layout: DashboardLayout,
): void {
  let sheet = ss.getSheetByName(DASHBOARD_SHEET);
  if (!sheet) sheet = ss.insertSheet(DASHBOARD_SHEET);
  sheet.clear();
  const rows = layout.values.length;
  const main = layout.width - 1;
  const block = sheet.getRange(1, 1, rows, main);
  block.setValues(layout.values);
  block.setNumberFormats(layout.formats);
  block.setFontWeights(layout.weights);
  block.setBackgrounds(layout.backgrounds);
  const plainTexts = new Map<string, GoogleAppsScript.Spreadsheet.RichTextValue>();
  sheet.getRange(1, layout.width, rows, 1).setRichTextValues(
    layout.links.map((l) => {
      if (l.url) return [spreadsheetApp.newRichTextValue().setText(l.text).setLinkUrl(l.url).build()];
      // A RichTextValue is immutable: one per distinct plain text serves every row that shows it.
      let plain = plainTexts.get(l.text);
      if (!plain) {
        plain = spreadsheetApp.newRichTextValue().setText(l.text).build();
        plainTexts.set(l.text, plain);
      }
      return [plain];
    }),
  );
  sheet.setColumnWidths(1, layout.width, 130);
  for (const chart of sheet.getCharts()) sheet.removeChart(chart);
  for (const spec of layout.charts) {
    const base = sheet.newChart();
    const builder = spec.kind === 'aging' ? base.asBarChart().setStacked() : base.asLineChart();
    builder
      .addRange(sheet.getRange(spec.row, spec.column, spec.numRows, spec.numColumns))
      .setNumHeaders(1)
      .setOption('title', spec.title)
      .setOption('width', 560)
      .setOption('height', 360)
      .setPosition(spec.anchorRow, spec.anchorColumn, 0, 0);
    if (spec.kind === 'aging') {
      builder
        .setOption('isStacked', 'percent')
        .setOption('colors', ['#43a047', '#c0ca33', '#ffb300', '#f4511e', '#b71c1c']);
    } else {
      builder.setOption('pointSize', 4).setOption('vAxis', { minValue: 0 });
    }
    sheet.insertChart(builder.build());
  }
}

/** The ledger tabs a Dashboard line can link to. */
const LINKED_TABS = ['Customers', 'Invoices', 'Promises', 'Plans', 'Claims'] as const;

/**
 * Recomputes the Dashboard from the ledger the sync has just read and rewrites the tab: the day's
 * plan (core's default policy with the office's contact preset, at `now`) gives the calls and
 * letters. Only the tabs a line links to are asked for their sheet id.
 */
export function refreshDashboardTab(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  spreadsheetApp: Pick<GoogleAppsScript.Spreadsheet.SpreadsheetApp, 'newRichTextValue'>,
  ledger: Ledger,
  input: {
    asOf: IsoDate;
    now: number;
    officeTimeZone: string;
    contactPreset: (typeof DEFAULT_POLICY)['contactPreset'];
    /** The ledger tabs' sheets, as the sync read them. */
    sheets: ReadonlyMap<string, GoogleAppsScript.Spreadsheet.Sheet>;
  },
): Dashboard {
  const policy = { ...DEFAULT_POLICY, contactPreset: input.contactPreset };
  const plan = planCollections({
    ledger,
    book: buildBook(ledger, input.asOf),
    policy,
    asOf: input.asOf,
    now: input.now,
    defaultTimeZone: input.officeTimeZone,
  });
  const data = dashboard(ledger, input.asOf, { plan, policy });
  const used = new Set<string>();
  for (const l of [
    ...data.tasksToday,
    ...data.promisesDueThisWeek,
    ...data.promisesBroken,
    ...data.plansInArrears,
    ...data.disputesOpen,
    ...data.claimsNearDeadline,
  ])
    if (l.row > 0) used.add(l.tab);
  const sheetIds: Partial<Record<string, number>> = {};
  for (const tab of LINKED_TABS) {
    const sheet = used.has(tab) ? input.sheets.get(tab) : undefined;
    if (sheet) sheetIds[tab] = sheet.getSheetId();
  }
  const layout = dashboardLayout(data, {
    timeZone: ss.getSpreadsheetTimeZone(),
    locale: ss.getSpreadsheetLocale(),
    sheetIds,
  });
  writeDashboardTab(ss, spreadsheetApp, layout);
  return data;
}
