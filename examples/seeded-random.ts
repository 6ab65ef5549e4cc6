// The seeded PRNG the demo, the benchmarks' ledgers and the tests' generated cases use: the same seed,
// the same sequence, so a failing case replays.

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; enough for fake data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
