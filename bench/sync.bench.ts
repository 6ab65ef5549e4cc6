// `duebook run` and the API's POST /v1/sync on the columnar path: a sync chunk's validation against
// the row path it replaced, `run`'s ingestion (read, validate, chunk) as columns against rows, and a
// whole `duebook run` against `duebook age` on the demo ledger.
// Run alone with `node --expose-gc --import tsx bench/sync.bench.ts`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLedger } from '../cli/read-ledger.js';
import { readRunLedger } from '../cli/run-ledger.js';
import { chunkTab, rowHashes, rowIds, type SyncTabs } from '../cli/sync-client.js';
import { refuseChargesInParse } from '../core/compliance/charge-refusals.js';
import type { TabName } from '../core/ledger/schema.js';
import { parseLedger, parseTabColumns } from '../core/ledger/schema-rows.js';
import { chunkColumns } from '../lambdas/services/sync-chunk.js';
import { compareProcesses, ledger, runNode } from './e2e.bench.js';
import { compare, compareAsync } from './harness.js';
import { chunkRowsBefore, parseTabRowsBefore } from './sync-rows-baseline.js';

const AS_OF = '2026-11-23';
const CHUNK_ROWS = 500;
const collect = (globalThis as { gc?: () => void }).gc;
const quiet = { out: () => {}, err: () => {} };

/** What the sync client does with a ledger before the first request: ids, hashes, chunks as JSON. */
function prepareSync(tabs: SyncTabs): number {
  let bytes = 0;
  for (const [tab, source] of Object.entries(tabs) as [TabName, NonNullable<SyncTabs[TabName]>][]) {
    bytes += rowIds(tab, source).length + rowHashes(tab, source).size;
    for (const chunk of chunkTab(tab, source)) bytes += JSON.stringify(chunk).length;
  }
  return bytes;
}

/** Memory in use: the JS heap and what lives outside it (typed arrays' buffers). */
const inUse = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

/** Memory (MB) still held after `make` returns, while its result is kept (as `run` keeps its tabs through the day). */
async function retainedMb(make: () => Promise<unknown>): Promise<number> {
  collect?.();
  const before = inUse();
  const kept = await make();
  collect?.();
  const after = inUse();
  if (kept === undefined) throw new Error('nothing read');
  return Math.round((after - before) / 1024 / 1024);
}

export async function runSyncBenchmarks(): Promise<void> {
  const dir = await ledger(100_000);
  const rows = (await readLedger(dir)).rows;

  // The API's validation of 500-row chunks of Invoices, as the CLI and the add-on send them.
  const invoices = rows.Invoices!;
  const header = invoices[0]!.map(String);
  const chunks: { header: string[]; columns: unknown[][]; rowNumbers: number[] }[] = [];
  for (let from = 1; from < invoices.length; from += CHUNK_ROWS) {
    const part = invoices.slice(from, from + CHUNK_ROWS);
    chunks.push({
      header,
      columns: header.map((_, c) => part.map((r) => r[c] ?? '')),
      rowNumbers: part.map((_, r) => from + r + 1),
    });
  }
  let records = 0;
  compare(
    'api.sync_chunk_columns_vs_rows',
    () => {
      for (const chunk of chunks)
        records += parseTabColumns('Invoices', chunkColumns({ tab: 'Invoices', ...chunk }), {}, chunk).records
          .length;
    },
    () => {
      for (const chunk of chunks)
        records += parseTabRowsBefore('Invoices', chunkRowsBefore(chunk), 1, chunk.rowNumbers).records.length;
    },
    {
      note: `validating ${chunks.length} chunks of ${CHUNK_ROWS} Invoices rows (records and problems, as POST /v1/sync does before it reads the store): the chunk's column arrays read by parseTabColumns vs turned back into one array per row and validated by the row validator before this change (bench/sync-rows-baseline.ts); JSON parsing, zod and DynamoDB not included`,
    },
    5,
  );
  if (records === 0) throw new Error('no record validated');

  // `duebook run`'s ingestion before it starts the stack: read, validate, ids, hashes and chunks.
  const columnsIngest = async () => {
    const read = await readRunLedger(dir, quiet);
    prepareSync(read!.tabs);
    return read!.tabs;
  };
  const rowsIngest = async () => {
    const input = await readLedger(dir);
    if (refuseChargesInParse(parseLedger(input.rows)).problems.length > 0) throw new Error('problems');
    prepareSync(input.rows);
    return input.rows;
  };
  const heap = {
    subject_heap_mb: await retainedMb(columnsIngest),
    baseline_heap_mb: await retainedMb(rowsIngest),
  };
  await compareAsync(
    'cli.run_ingest_columns_vs_rows_100k',
    columnsIngest,
    rowsIngest,
    {
      ...heap,
      note: "duebook run's work before the stack starts on a 100,000-invoice CSV ledger (10,000 customers): read as columns, validated on them (columnarLedger), ids, hashes and 2 MB chunks as JSON, vs read as rows, validated by parseLedger (today's, whose tab validator is parseTabColumns) and chunked from the rows; *_heap_mb: what each keeps for the rest of the run",
    },
    3,
  );

  // A whole `duebook run` (stack start, sync, daily run, dispatch over the day) vs `duebook age`.
  const runs = Number(process.env.DUEBOOK_RUN_BENCH_RUNS ?? 3);
  const out = mkdtempSync(join(tmpdir(), 'duebook-bench-run-'));
  const demo = 'examples/demo-ledger';
  compareProcesses(
    'cli.run_demo_vs_age_demo',
    () =>
      runNode(
        [
          'bin/duebook.js',
          'run',
          '--ledger',
          demo,
          '--as-of',
          AS_OF,
          '--json',
          '--data',
          mkdtempSync(join(out, 'db-')),
        ],
        join(out, 'run.json'),
      ),
    () =>
      runNode(['bin/duebook.js', 'age', '--ledger', demo, '--as-of', AS_OF, '--json'], join(out, 'age.json')),
    runs,
    {
      note: 'duebook run on the demo ledger (a fresh data folder each time: DynamoDB Local starts, every row is synced, the day is run and dispatched) vs duebook age on the same ledger (start, read, validate, age): age bounds what reading the ledger costs, so run spends at most 1/ratio of its time there',
    },
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runSyncBenchmarks();
