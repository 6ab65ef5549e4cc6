// Benchmark harness: median of several runs, printed as one JSON line per comparison.
import { performance } from 'node:perf_hooks';

export interface BenchResult {
  name: string;
  subject_ms: number;
  baseline_ms: number;
  ratio: number;
  aim?: string;
  note?: string;
}

/** Median wall time in ms of `runs` calls after `warmup` calls. */
export function median(fn: () => unknown, runs = 7, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** Runs subject and baseline interleaved in the same process and prints the comparison. */
export function compare(
  name: string,
  subject: () => unknown,
  baseline: () => unknown,
  extra: Partial<BenchResult> = {},
  runs = 7,
): BenchResult {
  const baseline_ms = median(baseline, runs);
  const subject_ms = median(subject, runs);
  const result: BenchResult = {
    name,
    subject_ms: round(subject_ms),
    baseline_ms: round(baseline_ms),
    ratio: round(subject_ms / baseline_ms, 4),
    ...extra,
  };
  console.log(JSON.stringify(result));
  return result;
}
