// End to end on an .xlsx: `duebook age --json` on the generated 100,000-invoice ledger as a workbook
// against the same ledger as CSV files, whole processes; the two answers must be the same bytes.
// Run alone with `node --expose-gc --import tsx bench/e2e-xlsx.bench.ts`.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareProcesses, duebook, ledger, runNode } from './e2e.bench.js';
import { writeXlsxLedger } from './xlsx-ledger.js';

const AS_OF = '2026-11-23';
const round = (x: number, digits = 1) => Number(x.toFixed(digits));

/** `e2e.xlsx_100k_vs_csv_100k` and `e2e.xlsx_100k_rss_mb`. Runs: $DUEBOOK_E2E_RUNS or 3. */
export async function runXlsxE2eBenchmark(invoices = 100_000): Promise<void> {
  const { buildCli } = await import('../scripts/build-cli.js');
  await buildCli();
  const runs = Number(process.env.DUEBOOK_E2E_RUNS ?? 3);
  const csvDir = await ledger(invoices);
  // Written once next to the CSV folder and reused: both are deterministic.
  const workbook = join(tmpdir(), 'duebook-bench-ledgers', `xlsx-${invoices}.xlsx`);
  if (!existsSync(`${workbook}.done`)) {
    rmSync(workbook, { force: true });
    await writeXlsxLedger(csvDir, workbook);
    await mkdir(`${workbook}.done`, { recursive: true });
  }
  const out = join(tmpdir(), 'duebook-bench-out');
  await mkdir(out, { recursive: true });
  const label = invoices === 100_000 ? '100k' : String(invoices);
  const compared = compareProcesses(
    `e2e.xlsx_${label}_vs_csv_${label}`,
    () =>
      runNode(
        duebook(['age', '--ledger', workbook, '--as-of', AS_OF, '--json']),
        join(out, `age-xlsx-${label}.json`),
      ),
    () =>
      runNode(
        duebook(['age', '--ledger', csvDir, '--as-of', AS_OF, '--json']),
        join(out, `age-csv-${label}.json`),
      ),
    runs,
    {
      aim: '<= 3',
      note: `duebook age --json on ${invoices} invoices as .xlsx vs the same ledger as CSV, whole processes; same output checked`,
    },
  );
  const a = readFileSync(compared.subjectRun.stdoutFile, 'utf8');
  const b = readFileSync(compared.baselineRun.stdoutFile, 'utf8');
  if (a !== b || JSON.parse(a).customers.length === 0)
    throw new Error(`e2e.xlsx_${label}: the .xlsx answer differs from the CSV answer (or is empty)`);
  console.log(
    JSON.stringify({
      name: `e2e.xlsx_${label}_rss_mb`,
      subject_ms: compared.result.subject_ms,
      peak_rss_mb: round(compared.subjectRun.rssMb),
      aim: '<= 500',
      note: 'peak RSS of duebook age --json on the .xlsx, the largest of the timed runs',
    }),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const n = Number(process.argv[2] ?? 100_000);
  await runXlsxE2eBenchmark(n);
}
