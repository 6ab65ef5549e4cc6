// The "Dashboard" tab: core's dashboard() laid out as one block of cells whose shape (formats, bold,
// backgrounds, charts) changes rarely; while that shape's key is unchanged a refresh rewrites only
// the values (row links are HYPERLINK formulas among them) in one setValues call.

import { planCollections } from '../../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../../core/collections/dunning-policy.js';
import { buildBook } from '../../core/ledger/book.js';
import { type IsoDate, zonedInstant } from '../../core/ledger/dates.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import { currencyExponent, minorToDecimal } from '../../core/ledger/money.js';
import { type Dashboard, dashboard } from '../../core/reports/dashboard.js';
import { safeCell } from './cells.js';
import { hashText } from './row-hash.js';

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
  /**
   * Every row has `width` cells; the last column holds the links to ledger rows, as
   * `=HYPERLINK("#gid=…&range=A…","Customers row 5")` formulas built here from numbers only.
   */
  values: Value[][];
  formats: string[][];
  weights: ('bold' | 'normal')[][];
  backgrounds: (string | null)[][];
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
const FIRST_COLUMN_PX = 200;
const SECTION_BG = '#eceff1';
const HEADER_BG = '#f5f7f8';
const PERCENT = '0.0%';
/** Longest worklist the tab shows; the rest is counted in one line (a manager reads the top, the clerk works the tab). */
export const MAX_LIST_ROWS = 25;
/**
 * Rows a worklist reserves: the smallest step that holds its lines. A list that grows or shrinks
 * inside its step keeps the layout (and its key), so the next refresh writes values only.
 */
const LIST_STEPS = [5, 10, MAX_LIST_ROWS] as const;
/** Format of the link column: automatic, so a HYPERLINK formula is a formula (plain text '@' would show it as text). */
const LINK_FORMAT = 'General';

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
  const charts: ChartSpec[] = [];
  const base = money(d.currencies[0]?.currency ?? d.trend[0]?.currency ?? 'USD');
  /** A currency's money format; amounts of rows with no single currency take the office's first. */
  const moneyOf = (currency: string | undefined) => (currency ? money(currency) : base);
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
    const l = opts.link;
    row.push(l ? (l.url ? hyperlink(l.url, l.text) : (safeCell(l.text) as string)) : '');
    fmt.push(LINK_FORMAT);
    values.push(row);
    formats.push(fmt);
    weights.push(new Array(width).fill(opts.bold ? 'bold' : 'normal'));
    backgrounds.push(new Array(width).fill(opts.bg ?? null));
    return values.length;
  };
  const blank = () => push([]);
  // The note skips a column: a title runs on into the empty cell beside it, as Sheets shows text.
  const section = (title: string, note = '') => push([title, '', note], { bold: true, bg: SECTION_BG });
  const header = (cells: string[], link?: { text: string; url: string }) =>
    push(cells, { bold: true, bg: HEADER_BG, ...(link ? { link } : {}) });
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
    /** Each column's format on a reserved row, the same as an item's (so filling a row keeps the layout). */
    columnFormats: string[],
    items: readonly T[],
    row: (item: T) => { cells: Value[]; formats?: (string | undefined)[]; tab: string; at: number },
    empty: string,
  ) => {
    section(`${title} (${items.length})`, note);
    if (items.length === 0) {
      push([empty]);
      blank();
      return;
    }
    header(head, { text: 'Go to', url: '' });
    const reserved = LIST_STEPS.find((n) => n >= items.length) ?? MAX_LIST_ROWS;
    for (let i = 0; i < reserved; i++) {
      const item = items[i];
      if (item === undefined) {
        push([], { formats: columnFormats });
        continue;
      }
      const r = row(item);
      push(r.cells, { formats: r.formats ?? columnFormats, link: link(r.tab, r.at) });
    }
    // The line under the list says what it left out, and is the gap before the next section.
    push(items.length > MAX_LIST_ROWS ? [`…and ${items.length - MAX_LIST_ROWS} more`] : []);
  };
  list(
    'Calls and letters for today',
    'the day’s plan',
    ['Task', 'Customer', 'Stage', 'Phone / address', 'Overdue', 'Currency'],
    ['@', '@', '@', '@', base, '@'],
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
        formats: ['@', '@', '@', '@', moneyOf(one?.currency), '@'],
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
    formats: [datePat, '@', moneyOf(p.currency), moneyOf(p.currency), '@', '@'],
    tab: p.tab,
    at: p.row,
  });
  const promiseHead = ['Promised date', 'Customer', 'Promised', 'Paid', 'Currency', 'Status'];
  const promiseFormats = [datePat, '@', base, base, '@', '@'];
  list(
    'Promises due this week',
    '',
    promiseHead,
    promiseFormats,
    d.promisesDueThisWeek,
    promiseRow,
    'No promise falls due this week.',
  );
  list(
    'Promises broken',
    'in the last 30 days',
    promiseHead,
    promiseFormats,
    d.promisesBroken,
    promiseRow,
    'No promise was broken in the last 30 days.',
  );
  list(
    'Payment plans in arrears',
    '',
    ['Plan', 'Customer', 'Arrears', 'Currency', 'Standing'],
    ['@', '@', base, '@', '@'],
    d.plansInArrears,
    (p) => ({
      cells: [
        p.planId,
        p.customerName,
        minorToDecimal(p.arrearsMinor, p.currency),
        p.currency,
        p.standing === 'broken' ? 'broken (grace passed)' : 'behind, still in grace',
      ],
      formats: ['@', '@', moneyOf(p.currency), '@', '@'],
      tab: p.tab,
      at: p.row,
    }),
    'Every plan is up to date.',
  );
  list(
    'Disputes open',
    '',
    ['What', 'Customer', 'Open', 'Currency'],
    ['@', '@', base, '@'],
    d.disputesOpen,
    (x) => ({
      cells: [
        x.kind === 'invoice' ? `Invoice ${x.invoiceId}` : 'Whole account (flag)',
        x.customerName,
        x.openMinor !== undefined && x.currency ? minorToDecimal(x.openMinor, x.currency) : '',
        x.currency ?? '',
      ],
      formats: ['@', '@', moneyOf(x.currency), '@'],
      tab: x.tab,
      at: x.row,
    }),
    'No open disputes.',
  );
  list(
    'Claims near their appeal deadline',
    'within 14 days',
    ['Deadline', 'Days left', 'Claim', 'Patient', 'Payer'],
    [datePat, '0', '@', '@', '@'],
    d.claimsNearDeadline,
    (c) => ({
      cells: [date(c.deadline), c.daysLeft, c.claimId, c.customerName, c.payer],
      formats: [datePat, '0', '@', '@', '@'],
      tab: c.tab,
      at: c.row,
    }),
    'No appeal deadline in the next 14 days.',
  );
  return { values, formats, weights, backgrounds, width, charts };
}

/** A link to a cell of this spreadsheet; url and text are built here from tab names and numbers only. */
function hyperlink(url: string, text: string): string {
  return `=HYPERLINK("${url.replaceAll('"', '""')}","${text.replaceAll('"', '""')}")`;
}

/**
 * The layout's key: everything a refresh would have to rebuild (size, formats, bold, backgrounds,
 * charts), not the values. The month is part of it, so a tab edited by hand is rebuilt at least
 * monthly, and so are the cached sheet ids of the row links.
 */
export function layoutKey(layout: DashboardLayout, asOf: IsoDate): string {
  const shape = JSON.stringify([
    1,
    asOf.slice(0, 7),
    layout.values.length,
    layout.width,
    layout.formats,
    layout.weights,
    layout.backgrounds,
    layout.charts,
  ]);
  return hashText(shape);
}

/** What a refresh keeps for the next (in the sync state sheet): the layout's key and the linked tabs' sheet ids. */
export interface DashboardState {
  key: string;
  sheetIds: Partial<Record<string, number>>;
}

/**
 * Builds the Dashboard tab from scratch (created when missing): clears it, writes formats, bold,
 * backgrounds and values with one call each, and replaces the charts. Called when the layout's key
 * changed; otherwise `refreshDashboardTab` writes the values alone.
 */
export function writeDashboardTab(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  layout: DashboardLayout,
  existing?: GoogleAppsScript.Spreadsheet.Sheet | null,
): void {
  const sheet = existing ?? ss.getSheetByName(DASHBOARD_SHEET) ?? ss.insertSheet(DASHBOARD_SHEET);
  sheet.clear();
  const block = sheet.getRange(1, 1, layout.values.length, layout.width);
  // Formats before values: a text cell must already be '@' when its value lands, a link cell automatic.
  block.setNumberFormats(layout.formats);
  block.setFontWeights(layout.weights);
  block.setBackgrounds(layout.backgrounds);
  block.setValues(layout.values);
  sheet.setColumnWidths(1, layout.width, 130);
  // The first column holds names and months; with the empty cell beside it, every title fits.
  sheet.setColumnWidth(1, FIRST_COLUMN_PX);
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

export interface RefreshResult {
  dashboard: Dashboard;
  /** To keep for the next refresh. */
  state: DashboardState;
  /** The tab was built (layout changed, first time, tab missing), not just given new values. */
  rebuilt: boolean;
}

/**
 * Recomputes the Dashboard from the ledger the sync has just read and writes the tab: the day's
 * plan (core's default policy with the office's contact preset, at `now`) gives the calls and
 * letters. With the previous refresh's state and an unchanged layout key, that is four service
 * calls whatever the ledger's size (the locale, the tab, its range, one setValues; five when the
 * spreadsheet's zone is not passed in); else the tab is rebuilt and the linked tabs are asked for
 * their sheet ids.
 */
export function refreshDashboardTab(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  ledger: Ledger,
  input: {
    asOf: IsoDate;
    now: number;
    officeTimeZone: string;
    contactPreset: (typeof DEFAULT_POLICY)['contactPreset'];
    /** The ledger tabs' sheets, as the sync read them. */
    sheets: ReadonlyMap<string, GoogleAppsScript.Spreadsheet.Sheet>;
    /** The spreadsheet's zone when the caller has read it already. */
    spreadsheetTimeZone?: string;
    /** What the previous refresh returned as `state`. */
    previous?: DashboardState;
  },
): RefreshResult {
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
  const options = {
    timeZone: input.spreadsheetTimeZone ?? ss.getSpreadsheetTimeZone(),
    locale: ss.getSpreadsheetLocale(),
  };
  const existing = ss.getSheetByName(DASHBOARD_SHEET);
  if (input.previous && existing) {
    const layout = dashboardLayout(data, { ...options, sheetIds: input.previous.sheetIds });
    if (layoutKey(layout, input.asOf) === input.previous.key) {
      existing.getRange(1, 1, layout.values.length, layout.width).setValues(layout.values);
      return { dashboard: data, state: input.previous, rebuilt: false };
    }
  }
  const sheetIds: Partial<Record<string, number>> = {};
  for (const tab of LINKED_TABS) {
    const sheet = input.sheets.get(tab);
    if (sheet) sheetIds[tab] = sheet.getSheetId();
  }
  const layout = dashboardLayout(data, { ...options, sheetIds });
  writeDashboardTab(ss, layout, existing);
  return { dashboard: data, state: { key: layoutKey(layout, input.asOf), sheetIds }, rebuilt: true };
}
