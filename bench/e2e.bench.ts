// End to end, file to answer: `duebook age/plan` on generated CSV ledgers against DuckDB (one thread)
// reading the same files, each a whole process; checks both give the same bucket totals.
// Run alone with `node --expose-gc --import tsx bench/e2e.bench.ts [100k|1m ...]`.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { writeCsvLedger } from './csv-ledger.js';
import type { BenchResult } from './harness.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const AS_OF = '2026-11-23';
const BUCKETS = 5;

/** A generated ledger folder, written once per size and reused (they are deterministic). */
export async function ledger(invoices: number): Promise<string> {
  const dir = join(tmpdir(), 'duebook-bench-ledgers', `csv-${invoices}`);
  if (!existsSync(join(dir, 'done'))) {
    rmSync(dir, { recursive: true, force: true });
    await writeCsvLedger(dir, invoices, AS_OF);
    spawnSync('touch', [join(dir, 'done')]);
  }
  return dir;
}

interface ProcessRun {
  ms: number;
  rssMb: number;
  /** User and system CPU time of the whole process (every thread), in ms. */
  cpuMs: number;
  stdoutFile: string;
}

/** Runs `node args` with stdout to a file; returns wall time (spawn to exit), peak RSS and CPU time. */
export function runNode(args: string[], stdoutFile: string): ProcessRun {
  const rssFile = `${stdoutFile}.rss`;
  const out = openSync(stdoutFile, 'w');
  const t0 = performance.now();
  const res = spawnSync(process.execPath, ['--import', join(ROOT, 'bench', 'max-rss.mjs'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', out, 'pipe'],
    env: { ...process.env, DUEBOOK_BENCH_RSS_FILE: rssFile },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  closeSync(out);
  if (res.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${res.status}: ${String(res.stderr).slice(0, 2000)}`);
  const [rssMb, cpuMs] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
  return { ms, rssMb: rssMb!, cpuMs: cpuMs!, stdoutFile };
}

const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** Alternates two processes `runs` times (after one untimed run of each); medians as one JSON line. */
export function compareProcesses(
  name: string,
  subject: () => ProcessRun,
  baseline: () => ProcessRun,
  runs: number,
  extra: Partial<BenchResult> = {},
): { result: BenchResult; subjectRun: ProcessRun; baselineRun: ProcessRun } {
  let subjectRun = subject();
  let baselineRun = baseline();
  const s: number[] = [];
  const b: number[] = [];
  const rss: number[] = [];
  const sCpu: number[] = [];
  const bCpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    baselineRun = baseline();
    b.push(baselineRun.ms);
    bCpu.push(baselineRun.cpuMs);
    subjectRun = subject();
    s.push(subjectRun.ms);
    sCpu.push(subjectRun.cpuMs);
    rss.push(subjectRun.rssMb);
  }
  const result: BenchResult = {
    name,
    subject_ms: round(middle(s)),
    baseline_ms: round(middle(b)),
    ratio: round(middle(s) / middle(b), 4),
    ...extra,
  };
  // The ratio is of wall times (what a user waits for); CPU times, every thread's, are shown beside it.
  console.log(
    JSON.stringify({
      ...result,
      subject_peak_rss_mb: round(Math.max(...rss), 1),
      subject_cpu_ms: round(middle(sCpu), 1),
      baseline_cpu_ms: round(middle(bCpu), 1),
      cpu_ratio: round(middle(sCpu) / middle(bCpu), 4),
    }),
  );
  return { result, subjectRun: { ...subjectRun, rssMb: Math.max(...rss) }, baselineRun };
}

export const duebook = (args: string[]) => ['bin/duebook.js', ...args];

/** Duebook's `age --json` totals against DuckDB's, bucket by bucket; throws on any difference. */
function checkSameTotals(ageJsonFile: string, duckdbFile: string, label: string): void {
  const report = JSON.parse(readFileSync(ageJsonFile, 'utf8')) as {
    buckets: string[];
    totals: { currency: string; bucketsMinor: number[] }[];
  };
  const ours: Record<string, number[]> = {};
  for (const t of report.totals) ours[t.currency] = t.bucketsMinor;
  const theirs = JSON.parse(readFileSync(duckdbFile, 'utf8')) as Record<string, number[]>;
  const a = JSON.stringify(Object.fromEntries(Object.entries(ours).sort()));
  const b = JSON.stringify(Object.fromEntries(Object.entries(theirs).sort()));
  if (report.buckets.length !== BUCKETS || a !== b)
    throw new Error(`${label}: Duebook's bucket totals ${a} differ from DuckDB's ${b}`);
}

/** The e2e benches; `sizes` picks 100k and/or 1m (both by default). Runs per comparison: $DUEBOOK_E2E_RUNS or 3. */
export async function runE2eBenchmarks(sizes: readonly string[] = ['100k', '1m']): Promise<void> {
  const { buildCli } = await import('../scripts/build-cli.js');
  await buildCli();
  const runs = Number(process.env.DUEBOOK_E2E_RUNS ?? 3);
  const out = join(tmpdir(), 'duebook-bench-out');
  rmSync(out, { recursive: true, force: true });
  spawnSync('mkdir', ['-p', out]);
  for (const size of sizes) {
    const invoices = size === '1m' ? 1_000_000 : 100_000;
    const dir = await ledger(invoices);
    const ageArgs = duebook(['age', '--ledger', dir, '--as-of', AS_OF, '--json']);
    const age = compareProcesses(
      `e2e.age_${size}_csv_vs_duckdb_1thread`,
      () => runNode(ageArgs, join(out, `age-${size}.json`)),
      () => runNode([join('bench', 'duckdb-age.mjs'), dir, AS_OF], join(out, `duckdb-${size}.json`)),
      runs,
      {
        aim: '<= 1.5',
        note: `duebook age --json vs DuckDB 1 thread, ${invoices} invoices, whole processes; same bucket totals checked`,
      },
    );
    checkSameTotals(age.subjectRun.stdoutFile, age.baselineRun.stdoutFile, size);
    if (size !== '1m') continue;
    console.log(
      JSON.stringify({
        name: 'e2e.age_1m_rss_mb',
        subject_ms: age.result.subject_ms,
        peak_rss_mb: round(age.subjectRun.rssMb, 1),
        duckdb_peak_rss_mb: round(age.baselineRun.rssMb, 1),
        aim: '<= 1024',
      }),
    );
    const planJson = duebook(['plan', '--ledger', dir, '--as-of', AS_OF, '--json']);
    compareProcesses(
      'e2e.plan_1m_vs_age_1m',
      () => runNode(planJson, join(out, 'plan-1m.json')),
      () => runNode(ageArgs, join(out, 'age-1m.json')),
      runs,
      { aim: '<= 2', note: 'duebook plan --json vs duebook age --json, 1,000,000 invoices' },
    );
    compareProcesses(
      'e2e.plan_text_vs_json_1m',
      () => runNode(duebook(['plan', '--ledger', dir, '--as-of', AS_OF]), join(out, 'plan-1m.txt')),
      () => runNode(planJson, join(out, 'plan-1m.json')),
      runs,
      { aim: '<= 1.2', note: 'duebook plan (text table) vs plan --json, 1,000,000 invoices' },
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = process.argv.slice(2);
  await runE2eBenchmarks(sizes.length > 0 ? sizes : undefined);
}
