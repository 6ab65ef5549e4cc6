// Runs of adjacent rows or columns: each run is written with one setValues().

/** Runs of consecutive numbers, e.g. [2,3,4,9] -> [[2,3],[9,1]] as [start, length]. */
export function contiguousRuns(sorted: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const n of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === n) last[1]++;
    else runs.push([n, 1]);
  }
  return runs;
}
