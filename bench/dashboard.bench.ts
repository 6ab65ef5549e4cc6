// Dashboard benchmark: Apps Script service calls to rewrite the Dashboard tab for 50,000 invoices
// against 500 (aim: at most 1.2x), with the time core takes to compute it, on the recording fake.
/// <reference types="google-apps-script" />
import { performance } from 'node:perf_hooks';
import { refreshDashboardTab } from '../apps-script/src/dashboard-tab.js';
import { TAB_NAMES } from '../core/schema.js';
import { FakeGas } from '../test/apps-script/fake-gas.js';
import type { BenchResult } from './harness.js';
import { syntheticLedger } from './ledger-generator.js';

const AS_OF = '2026-11-23';
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

function refresh(customers: number): { calls: number; sheetCalls: number; ms: number } {
  const ledger = syntheticLedger(customers, 10, AS_OF);
  const gas = new FakeGas();
  for (const tab of TAB_NAMES) gas.addSheet(tab, [[tab]]);
  const app = gas.globals().SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  const ss = app.getActive();
  const sheets = new Map(TAB_NAMES.map((t) => [t as string, ss.getSheetByName(t)!]));
  gas.resetCalls();
  const started = performance.now();
  refreshDashboardTab(ss, app, ledger, {
    asOf: AS_OF,
    now: Date.parse(`${AS_OF}T15:00:00Z`),
    officeTimeZone: 'America/New_York',
    contactPreset: 'federal',
    sheets,
  });
  const ms = performance.now() - started;
  // Builders (charts, rich text) are assembled in the script; the calls that reach the sheet are the rest.
  const sheetCalls = gas.calls.filter(
    (c) => !c.service.endsWith('Builder') && c.service !== 'SpreadsheetApp' && c.service !== 'RichTextValue',
  ).length;
  return { calls: gas.calls.length, sheetCalls, ms };
}

export function runDashboardBenchmarks(): void {
  const small = refresh(50);
  const large = refresh(5_000);
  const result: BenchResult & Record<string, unknown> = {
    name: 'addon.dashboard_calls_50000_vs_500',
    subject_ms: round(large.ms),
    baseline_ms: round(small.ms),
    // Calls that reach the sheet; builder calls (charts, link cells) are counted apart, bounded by
    // the 25-line cap on each list.
    ratio: round(large.sheetCalls / small.sheetCalls, 4),
    aim: '<= 1.2x, and <= 5 sheet calls (the second is not met: three charts alone take 9)',
    subject_sheet_calls: large.sheetCalls,
    baseline_sheet_calls: small.sheetCalls,
    subject_calls_with_builders: large.calls,
    baseline_calls_with_builders: small.calls,
  };
  console.log(JSON.stringify(result));
}

if (import.meta.url === `file://${process.argv[1]}`) runDashboardBenchmarks();
