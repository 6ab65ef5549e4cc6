// Add-on benchmarks, run on the BUILT bundle in node:vm against the recording Apps Script fake and
// an in-process stand-in for /v1/sync (only the add-on's side is measured):
//  (a) Apps Script service calls for a first sync of 50,000 invoice rows against 500 (aim <= 1.1x),
//      and for a second sync with nothing changed;
//  (b) request body bytes per invoice row on the wire (aim <= 40), gzip as sent, plain for reference.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createContext, runInContext } from 'node:vm';
import { addDays } from '../core/ledger/dates.js';
import { buildAddon } from '../scripts/build-addon.js';
import { FakeGas } from '../test/apps-script/fake-gas.js';
import { createStandIn } from '../test/apps-script/stand-in-backend.js';
import type { BenchResult } from './harness.js';
import { prng } from './ledger-generator.js';

const CUSTOMERS = 100;
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

interface SyncRun {
  calls: number;
  callsByName: Record<string, number>;
  ms: number;
  wireBytes: number;
  plainBytes: number;
  secondCalls: number;
}

/** A ledger as Sheets' getValues() gives it: Date cells for dates, numbers for amounts. */
function sheetValues(DateCtor: DateConstructor, invoices: number) {
  const rand = prng(7);
  const customers: unknown[][] = [['Customer ID', 'Name', 'Email', 'Time Zone']];
  for (let c = 0; c < CUSTOMERS; c++) {
    customers.push([`C-${1000 + c}`, `Customer ${c}`, `c${c}@example.com`, 'America/New_York']);
  }
  const rows: unknown[][] = [
    [
      'Invoice ID',
      'Customer ID',
      'Invoice Date',
      'Due Date',
      'Amount',
      'Currency',
      'Status',
      'Matter',
      'Description',
    ],
  ];
  // Dates as a sheet holds them: midnight in the spreadsheet's zone (New York, UTC-5 in winter).
  const dateCell = (iso: string) => new DateCtor(`${iso}T05:00:00Z`);
  for (let i = 0; i < invoices; i++) {
    const issued = addDays('2025-01-01', Math.floor((i / invoices) * 690));
    const cents = 1_000 + Math.floor(rand() * 500_000);
    rows.push([
      `INV-${String(100_000 + i)}`,
      `C-${1000 + Math.floor(rand() * CUSTOMERS)}`,
      dateCell(issued),
      dateCell(addDays(issued, 30)),
      cents / 100,
      'USD',
      '',
      '',
      rand() < 0.2 ? 'Monthly service' : '',
    ]);
  }
  return { customers, invoices: rows };
}

function runSync(code: string, invoices: number): SyncRun {
  const context = createContext({});
  const DateCtor = runInContext('Date', context) as DateConstructor;
  const standIn = createStandIn();
  const gas = new FakeGas({ DateCtor, backend: (r) => standIn.handle(r), keepBodies: false });
  Object.assign(context, gas.globals());
  runInContext(code, context);
  const { customers, invoices: invoiceRows } = sheetValues(DateCtor, invoices);
  gas.addSheet('Customers', customers);
  gas.addSheet('Invoices', invoiceRows);
  (context as { menuSetupLedger(): void }).menuSetupLedger();
  gas.documentProperties.set('duebook.settings', JSON.stringify({ backendUrl: 'https://api.bench.test' }));
  gas.identityToken = 'bench-token';
  gas.resetCalls();
  const startSync = (context as { startSync(): { ok: boolean; error?: { message: string } } }).startSync;
  const t0 = performance.now();
  const result = startSync();
  const ms = performance.now() - t0;
  if (!result.ok) throw new Error(`bench sync failed: ${result.error?.message}`);
  const callsByName: Record<string, number> = {};
  for (const c of gas.calls)
    callsByName[`${c.service}.${c.method}`] = (callsByName[`${c.service}.${c.method}`] ?? 0) + 1;
  const calls = gas.calls.length;
  const invoiceBodies = standIn.syncBodies.filter((b) => b.tab === 'Invoices').length;
  if (
    standIn.syncBodies.filter((b) => b.tab === 'Invoices').reduce((n, b) => n + b.rowNumbers.length, 0) !==
    invoices
  ) {
    throw new Error(`bench sync sent the wrong number of invoice rows (${invoiceBodies} chunks)`);
  }
  const wire = { wire: standIn.wireBytes, plain: standIn.plainBytes };
  gas.resetCalls();
  startSync();
  return {
    calls,
    callsByName,
    ms,
    wireBytes: wire.wire,
    plainBytes: wire.plain,
    secondCalls: gas.calls.length,
  };
}

/** Bytes the Customers tab alone costs, to leave out of the per-invoice figure. */
function customerBytes(code: string): { wire: number; plain: number } {
  const run = runSync(code, 0);
  return { wire: run.wireBytes, plain: run.plainBytes };
}

export async function runAddonBenchmarks(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'duebook-addon-bench-'));
  try {
    const built = await buildAddon({ outDir, skipUi: true });
    const code = readFileSync(built.codePath, 'utf8');
    const small = runSync(code, 500);
    const large = runSync(code, 50_000);
    const growth = Object.entries(large.callsByName)
      .filter(([name, n]) => n !== (small.callsByName[name] ?? 0))
      .map(([name, n]) => `${name} ${small.callsByName[name] ?? 0}->${n}`)
      .join(', ');
    const result: BenchResult & Record<string, unknown> = {
      name: 'addon.sync_service_calls_50000_vs_500_invoice_rows',
      subject_ms: round(large.ms),
      baseline_ms: round(small.ms),
      ratio: round(large.calls / small.calls, 4),
      aim: '<= 1.1',
      subject_calls: large.calls,
      baseline_calls: small.calls,
      second_sync_calls_50000: large.secondCalls,
      second_sync_calls_500: small.secondCalls,
      note: `calls that grew: ${growth || 'none'}`,
    };
    console.log(JSON.stringify(result));

    const base = customerBytes(code);
    const wirePerRow = (large.wireBytes - base.wire) / 50_000;
    const plainPerRow = (large.plainBytes - base.plain) / 50_000;
    console.log(
      JSON.stringify({
        name: 'addon.sync_bytes_per_invoice_row',
        subject_ms: round(large.ms),
        baseline_ms: round(large.ms),
        ratio: round(wirePerRow / 40, 4),
        aim: '<= 40 bytes per row (ratio = bytes / 40)',
        wire_bytes_per_row: round(wirePerRow, 2),
        plain_json_bytes_per_row: round(plainPerRow, 2),
        encoding: 'column-oriented JSON, Content-Encoding: gzip (Utilities.gzip)',
      }),
    );
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runAddonBenchmarks();
