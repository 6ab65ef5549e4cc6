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

const collect = (globalThis as { gc?: () => void }).gc;

function timeOnce(fn: () => unknown): number {
  // A full collection before each timed call keeps one side from paying for the other's garbage.
  collect?.();
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const middle = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** Runs subject and baseline interleaved in the same process and prints the comparison. */
export function compare(
  name: string,
  subject: () => unknown,
  baseline: () => unknown,
  extra: Partial<BenchResult> = {},
  runs = 7,
): BenchResult {
  // Warm both, then alternate them so machine noise lands on both sides alike; report medians.
  for (let i = 0; i < 2; i++) {
    subject();
    baseline();
  }
  const subjectTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    baselineTimes.push(timeOnce(baseline));
    subjectTimes.push(timeOnce(subject));
  }
  const baseline_ms = middle(baselineTimes);
  const subject_ms = middle(subjectTimes);
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
