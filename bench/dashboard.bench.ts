// Dashboard benchmark: Apps Script service calls to refresh the Dashboard tab for 50,000 invoices
// against 500 (aim: at most 1.2x and at most 5 calls) once its layout is kept (the sync's usual
// case: the day before's refresh left its layout key), with the time it takes, on the recording
// fake; the calls of the first build are reported beside.
/// <reference types="google-apps-script" />
import { performance } from 'node:perf_hooks';
import { refreshDashboardTab } from '../apps-script/src/dashboard-tab.js';
import { TAB_NAMES } from '../core/ledger/schema.js';
import { FakeGas } from '../test/apps-script/fake-gas.js';
import type { BenchResult } from './harness.js';
import { syntheticLedger } from './ledger-generator.js';

const AS_OF = '2026-11-23';
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

function refresh(customers: number): { calls: number; buildCalls: number; ms: number; rebuilt: boolean } {
  const ledger = syntheticLedger(customers, 10, AS_OF);
  const gas = new FakeGas();
  for (const tab of TAB_NAMES) gas.addSheet(tab, [[tab]]);
  const app = gas.globals().SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  const ss = app.getActive();
  const sheets = new Map(TAB_NAMES.map((t) => [t as string, ss.getSheetByName(t)!]));
  const input = {
    asOf: AS_OF,
    now: Date.parse(`${AS_OF}T15:00:00Z`),
    officeTimeZone: 'America/New_York',
    contactPreset: 'federal' as const,
    sheets,
  };
  gas.resetCalls();
  const built = refreshDashboardTab(ss, ledger, input);
  const buildCalls = gas.calls.length;
  // The next day's sync: a payment came in overnight (values change, the layout does not).
  const next = structuredClone(ledger);
  const paid = next.invoices[0]!;
  next.payments.push({
    row: next.payments.length + 2,
    paymentId: 'PAY-BENCH-1',
    customerId: paid.customerId,
    date: AS_OF,
    amountMinor: 1_000,
    currency: paid.currency,
    appliesTo: [],
    status: 'posted',
  });
  gas.resetCalls();
  const started = performance.now();
  const steady = refreshDashboardTab(ss, next, { ...input, previous: built.state });
  const ms = performance.now() - started;
  return { calls: gas.calls.length, buildCalls, ms, rebuilt: steady.rebuilt };
}

export function runDashboardBenchmarks(): void {
  const small = refresh(50);
  const large = refresh(5_000);
  const result: BenchResult & Record<string, unknown> = {
    name: 'addon.dashboard_calls_50000_vs_500',
    subject_ms: round(large.ms),
    baseline_ms: round(small.ms),
    // Every recorded call of the refresh that found its layout unchanged (builders included).
    ratio: round(large.calls / small.calls, 4),
    aim: '<= 1.2x, and <= 5 calls',
    subject_calls: large.calls,
    baseline_calls: small.calls,
    subject_rebuilt: large.rebuilt,
    baseline_rebuilt: small.rebuilt,
    // The first build (or a changed layout): formats, charts, sheet ids; its size does not depend on the ledger's.
    subject_build_calls: large.buildCalls,
    baseline_build_calls: small.buildCalls,
  };
  console.log(JSON.stringify(result));
}

if (import.meta.url === `file://${process.argv[1]}`) runDashboardBenchmarks();
