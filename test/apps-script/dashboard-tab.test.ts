// Tests for apps-script/src/dashboard-tab.ts against the strict fake: the Dashboard tab's cell layout,
// number formats, row links, native charts and service calls, for the demo ledger and generated ones.
/// <reference types="google-apps-script" />
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DashboardState,
  MAX_LIST_ROWS,
  refreshDashboardTab,
} from '../../apps-script/src/dashboard-tab.js';
import { syntheticLedger } from '../../bench/ledger-generator.js';
import { readLedger } from '../../cli/read-ledger.js';
import { planCollections } from '../../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../../core/collections/dunning-policy.js';
import { buildBook } from '../../core/ledger/book.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import { minorToDecimal } from '../../core/ledger/money.js';
import { TAB_NAMES } from '../../core/ledger/schema.js';
import { type LedgerRows, parseLedger } from '../../core/ledger/schema-rows.js';
import { dashboard } from '../../core/reports/dashboard.js';
import { DEMO_DIR } from './addon-harness.js';
import { FakeGas, type FakeSheet } from './fake-gas.js';

const AS_OF = '2026-11-23';
/** 10:00 in New York on 2026-11-23. */
const NOW = Date.parse('2026-11-23T15:00:00Z');

let demoRows: LedgerRows;
let demo: Ledger;
beforeAll(async () => {
  demoRows = (await readLedger(DEMO_DIR)).rows;
  demo = parseLedger(demoRows).ledger;
});

type App = GoogleAppsScript.Spreadsheet.SpreadsheetApp;

/** A fake spreadsheet holding the ledger's tabs (as rows when given), and the Dashboard refreshed once. */
function refresh(
  ledger: Ledger,
  options: {
    locale?: string;
    rows?: LedgerRows;
    gas?: FakeGas;
    previous?: DashboardState;
    asOf?: string;
    now?: number;
  } = {},
) {
  const gas = options.gas ?? new FakeGas(options.locale ? { locale: options.locale } : {});
  if (!options.gas)
    for (const tab of TAB_NAMES) gas.addSheet(tab, (options.rows?.[tab] ?? [[tab]]) as unknown[][]);
  const app = gas.globals().SpreadsheetApp as App;
  const ss = app.getActive();
  const sheets = new Map(TAB_NAMES.map((t) => [t as string, ss.getSheetByName(t)!]));
  gas.resetCalls();
  const result = refreshDashboardTab(ss, ledger, {
    asOf: options.asOf ?? AS_OF,
    now: options.now ?? NOW,
    officeTimeZone: 'America/New_York',
    contactPreset: 'federal',
    sheets,
    ...(options.previous ? { previous: options.previous } : {}),
  });
  return {
    gas,
    data: result.dashboard,
    state: result.state,
    rebuilt: result.rebuilt,
    sheet: gas.sheet('Dashboard')!,
  };
}

/** Everything a reader of the tab sees: values, formats, bold, backgrounds, links, charts. */
function picture(sheet: FakeSheet) {
  const sorted = <V>(m: Map<string, V>) => [...m].sort(([a], [b]) => a.localeCompare(b));
  return {
    values: sheet.rows
      .slice(0, sheet.lastRow())
      .map((r) => r.map((v) => (v instanceof Date ? v.toISOString() : v))),
    formats: sorted(sheet.cellFormats),
    weights: sorted(sheet.fontWeights),
    backgrounds: sorted(sheet.backgrounds),
    links: sorted(sheet.links),
    charts: sheet.charts,
  };
}

/** The demo ledger with one more payment on its first open invoice (values change, layout does not). */
function withPayment(ledger: Ledger): Ledger {
  const next = structuredClone(ledger);
  const inv = next.invoices.find((i) => i.currency === 'USD' && i.amountMinor > 10_000)!;
  next.payments.push({
    ...next.payments.find((p) => p.currency === 'USD')!,
    paymentId: 'PAY-TEST-1',
    customerId: inv.customerId,
    date: AS_OF,
    amountMinor: 5_000,
    appliesTo: [],
  });
  return next;
}

/** 1-based row of the first cell in column A equal to `text`, searching from `from`. */
function rowOf(sheet: FakeSheet, text: string, from = 1): number {
  for (let r = from; r <= sheet.lastRow(); r++) if (sheet.get(r, 1) === text) return r;
  throw new Error(`no row "${text}" on ${sheet.name}`);
}

describe('apps-script/dashboard-tab', () => {
  describe('refreshDashboardTab', () => {
    it("returns core's dashboard and writes each currency's headline figures as numbers in its own decimals", () => {
      // Act
      const { data, sheet } = refresh(demo, { rows: demoRows });
      // Assess
      const plan = planCollections({
        ledger: demo,
        book: buildBook(demo, AS_OF),
        policy: DEFAULT_POLICY,
        asOf: AS_OF,
        now: NOW,
        defaultTimeZone: 'America/New_York',
      });
      expect(data).toEqual(dashboard(demo, AS_OF, { plan, policy: DEFAULT_POLICY }));
      expect([sheet.get(1, 1), sheet.get(1, 2)]).toEqual(['Receivables dashboard', 'As of']);
      expect((sheet.get(1, 3) as Date).toISOString()).toBe('2026-11-23T05:00:00.000Z');
      const head = rowOf(sheet, 'Receivables and collections');
      for (const c of data.currencies) {
        const r = rowOf(sheet, c.currency, head);
        expect([sheet.get(r, 2), sheet.get(r, 3)]).toEqual([
          minorToDecimal(c.receivableMinor, c.currency),
          minorToDecimal(c.overdueMinor, c.currency),
        ]);
        expect(sheet.cellFormats.get(`${r}:2`)).toBe(c.currency === 'JPY' ? '#,##0' : '#,##0.00');
        expect(sheet.cellFormats.get(`${r}:4`)).toBe('0.0%');
      }
    });

    it('writes the aging table under a bold header and charts it as percent-stacked bars beside it', () => {
      const { data, sheet } = refresh(demo, { rows: demoRows });
      const header = rowOf(sheet, 'Currency', rowOf(sheet, 'Aging by days past due'));
      expect(sheet.rows[header - 1]!.slice(0, data.buckets.length + 2)).toEqual([
        'Currency',
        ...data.buckets,
        'Total',
      ]);
      expect(sheet.fontWeights.get(`${header}:1`)).toBe('bold');
      const usd = data.currencies.find((c) => c.currency === 'USD')!;
      const r = rowOf(sheet, 'USD', header);
      expect(sheet.rows[r - 1]!.slice(1, data.buckets.length + 1)).toEqual(
        usd.bucketsMinor.map((m) => minorToDecimal(m, 'USD')),
      );
      const bar = sheet.charts.find((c) => c.type === 'BAR')!;
      expect(bar.options).toMatchObject({ isStacked: 'percent' });
      expect(bar.numHeaders).toBe(1);
      expect(bar.ranges).toEqual([
        { row: header, column: 1, numRows: data.currencies.length + 1, numColumns: data.buckets.length + 1 },
      ]);
    });

    it('charts DSO and CEI as lines over twelve months, one series per currency, dates as month cells', () => {
      const { data, sheet } = refresh(demo, { rows: demoRows });
      const lines = sheet.charts.filter((c) => c.type === 'LINE');
      expect(lines).toHaveLength(2);
      for (const chart of lines) {
        const range = chart.ranges[0]!;
        expect(range.numRows).toBe(13);
        expect(range.numColumns).toBe(data.trend.length + 1);
        expect(sheet.get(range.row, 1)).toBe('Month');
        expect(sheet.cellFormats.get(`${range.row + 1}:1`)).toBe('mmm yyyy');
      }
      const dso = lines[0]!.ranges[0]!;
      const usdColumn = data.trend.findIndex((t) => t.currency === 'USD') + 2;
      const usd = data.trend.find((t) => t.currency === 'USD')!;
      expect(sheet.get(dso.row + 12, usdColumn)).toBe(usd.points[11]!.dsoHundredths / 100);
      // The charts never sit on the tables: they are anchored right of the block.
      const width = Math.max(...sheet.rows.map((r) => r.length));
      for (const c of sheet.charts) expect(c.position!.column).toBeGreaterThan(width);
    });

    it("links each of today's calls and letters to its customer's row on the Customers tab", () => {
      const { data, gas, sheet } = refresh(demo, { rows: demoRows });
      const customers = gas.sheet('Customers')!;
      const start = rowOf(sheet, `Calls and letters for today (${data.tasksToday.length})`);
      expect(data.tasksToday.length).toBeGreaterThan(0);
      const linkColumn = Math.max(...sheet.rows.map((r) => r.length));
      data.tasksToday.forEach((t, i) => {
        const r = start + 2 + i;
        expect(sheet.get(r, 2)).toBe(t.customerName);
        expect(sheet.links.get(`${r}:${linkColumn}`)).toBe(`#gid=${customers.sheetId}&range=A${t.row}`);
        expect(customers.column('Customer ID')[t.row - 2]).toBe(t.customerId);
      });
    });

    it('writes dates in the spreadsheet locale: month first in en_US, day first in de_DE', () => {
      const us = refresh(demo, { rows: demoRows }).sheet;
      const de = refresh(demo, { rows: demoRows, locale: 'de_DE' }).sheet;
      expect(us.cellFormats.get('1:3')).toBe('mmm d, yyyy');
      expect(de.cellFormats.get('1:3')).toBe('d mmm yyyy');
    });

    it('writes a name that looks like a formula as text', () => {
      const ledger = structuredClone(demo);
      const task = refresh(demo).data.tasksToday[0]!;
      ledger.customers.find((c) => c.customerId === task.customerId)!.name = '=IMPORTXML("http://evil")';
      const { sheet } = refresh(ledger, { rows: demoRows });
      // The only formulas are the tab's own row links, in the link column.
      const linkColumn = Math.max(...sheet.rows.map((r) => r.length));
      expect(sheet.formulaInjections.length).toBeGreaterThan(0);
      for (const f of sheet.formulaInjections) {
        expect(f.column).toBe(linkColumn);
        expect(f.value).toMatch(/^=HYPERLINK\("#gid=\d+&range=A\d+","[A-Za-z]+ row \d+"\)$/);
      }
      expect(sheet.rows.some((r) => r.includes('=IMPORTXML("http://evil")'))).toBe(true);
    });

    it('builds the block with one call per aspect, and rebuilds it (three charts replaced) with no state kept', () => {
      // Act
      const first = refresh(demo, { rows: demoRows });
      const again = refresh(demo, { gas: first.gas });
      // Assess
      expect(again.rebuilt).toBe(true);
      for (const m of ['setValues', 'setNumberFormats', 'setFontWeights', 'setBackgrounds'])
        expect(
          again.gas.calls.filter((c) => c.method === m && c.range?.sheet === 'Dashboard'),
          m,
        ).toHaveLength(1);
      expect(again.gas.count('Sheet.clear')).toBe(1);
      expect(again.gas.count('Sheet.removeChart')).toBe(3);
      expect(again.sheet.charts).toHaveLength(3);
    });

    it('rewrites only the values in one setValues when the layout key is unchanged, and the tab reads as rebuilt', () => {
      // Prepare: yesterday's refresh kept its state; today a payment came in.
      const first = refresh(demo, { rows: demoRows });
      const today = withPayment(demo);
      // Act
      const steady = refresh(today, { gas: first.gas, previous: first.state });
      // Assess
      expect(steady.rebuilt).toBe(false);
      expect(steady.gas.calls.map((c) => `${c.service}.${c.method}`)).toEqual([
        'Spreadsheet.getSpreadsheetTimeZone',
        'Spreadsheet.getSpreadsheetLocale',
        'Spreadsheet.getSheetByName',
        'Sheet.getRange',
        'Range.setValues',
      ]);
      const fresh = refresh(today, { rows: demoRows });
      expect(fresh.data.currencies).not.toEqual(first.data.currencies);
      expect(picture(steady.sheet)).toEqual(picture(fresh.sheet));
    });

    it('rebuilds when the layout changes: a list outgrows its rows, the locale changes, the tab was deleted', () => {
      const first = refresh(demo, { rows: demoRows });
      // A dispute flag on many customers makes "Disputes open" outgrow its reserved rows.
      const disputes = structuredClone(demo);
      for (const c of disputes.customers.slice(0, 12)) c.flags = [...c.flags, 'dispute'];
      const grown = refresh(disputes, { gas: first.gas, previous: first.state });
      expect(grown.rebuilt).toBe(true);
      expect(picture(grown.sheet)).toEqual(picture(refresh(disputes, { rows: demoRows }).sheet));

      const german = new FakeGas({ locale: 'de_DE' });
      for (const tab of TAB_NAMES) german.addSheet(tab, (demoRows[tab] ?? [[tab]]) as unknown[][]);
      const de = refresh(demo, { gas: german, previous: first.state });
      expect(de.rebuilt).toBe(true);
      expect(de.sheet.cellFormats.get('1:3')).toBe('d mmm yyyy');

      const gone = refresh(demo, { rows: demoRows, previous: first.state });
      expect(gone.rebuilt).toBe(true);
    });

    it('writes at most 5 service calls for 50,000 invoices once the layout is kept, as for 500', () => {
      const run = (customers: number) => {
        const ledger = syntheticLedger(customers, 10, AS_OF);
        const built = refresh(ledger);
        const steady = refresh(ledger, { gas: built.gas, previous: built.state });
        return { built: built.gas.calls.length, steady: steady.gas.calls.length, rebuilt: steady.rebuilt };
      };
      const small = run(50);
      const large = run(5000);
      expect([small.rebuilt, large.rebuilt]).toEqual([false, false]);
      expect(large.steady).toBeLessThanOrEqual(5);
      expect(large.steady).toBe(small.steady);
    });

    it('makes the same calls for 20,000 invoices as for 2,000, and shows at most MAX_LIST_ROWS of a list', () => {
      const run = (customers: number) => {
        const ledger = syntheticLedger(customers, 10, AS_OF);
        // Every fifth customer disputes: both ledgers have more disputes than the tab lists.
        ledger.customers.forEach((c, i) => {
          if (i % 5 === 0) c.flags = ['dispute'];
        });
        const r = refresh(ledger);
        return { ...r, calls: r.gas.calls.length };
      };
      const small = run(200);
      const large = run(2000);
      expect(large.data.disputesOpen.length).toBeGreaterThan(MAX_LIST_ROWS);
      expect(large.calls).toBe(small.calls);
      const more = large.data.disputesOpen.length - MAX_LIST_ROWS;
      const heading = rowOf(large.sheet, `Disputes open (${large.data.disputesOpen.length})`);
      expect(large.sheet.get(heading + 2 + MAX_LIST_ROWS, 1)).toBe(`…and ${more} more`);
    });

    it('writes an empty ledger as a Dashboard that says so, with no chart', () => {
      const { sheet } = refresh({
        ...demo,
        customers: [],
        invoices: [],
        payments: [],
        promises: [],
        plans: [],
        claims: [],
        adjustments: [],
        activity: [],
        contactChanges: [],
      });
      expect(sheet.get(rowOf(sheet, 'Receivables and collections') + 2, 1)).toMatch(/^Nothing is owed/);
      expect(sheet.charts).toEqual([]);
      expect(rowOf(sheet, 'No calls or letters today.')).toBeGreaterThan(0);
    });
  });
});
