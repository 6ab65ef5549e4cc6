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
  return report(name, subjectTimes, baselineTimes, extra);
}

async function timeOnceAsync(fn: () => Promise<unknown>): Promise<number> {
  collect?.();
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** `compare` for asynchronous work (pdf-lib's create and save are async): same warm-up and alternation. */
export async function compareAsync(
  name: string,
  subject: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  extra: Partial<BenchResult> = {},
  runs = 21,
): Promise<BenchResult> {
  for (let i = 0; i < 3; i++) {
    await subject();
    await baseline();
  }
  const subjectTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    baselineTimes.push(await timeOnceAsync(baseline));
    subjectTimes.push(await timeOnceAsync(subject));
  }
  return report(name, subjectTimes, baselineTimes, extra);
}

/** Medians of both sides as one JSON line. */
function report(
  name: string,
  subjectTimes: number[],
  baselineTimes: number[],
  extra: Partial<BenchResult>,
): BenchResult {
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
