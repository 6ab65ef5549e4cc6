// numberCents by arithmetic against reading the number's shortest text digit by digit (what
// parseMoney reads for a number cell): the same minor units, or -1, for every kind of double.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberCents } from '../../core/ledger/ledger-cells.js';

/** The reading through `String(n)`: digits with at most two decimals and at most 9 whole digits. */
function byText(n: number): number {
  const t = String(n);
  const dot = t.indexOf('.');
  const whole = dot < 0 ? t.length : dot;
  const decimals = dot < 0 ? 0 : t.length - dot - 1;
  if (whole < 1 || whole > 9 || decimals > 2 || (dot >= 0 && decimals === 0)) return -1;
  let minor = 0;
  for (let i = 0; i < t.length; i++) {
    if (i === dot) continue;
    const d = t.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    minor = minor * 10 + d;
  }
  return decimals === 2 ? minor : decimals === 1 ? minor * 10 : minor * 100;
}

const same = (n: number) => {
  const got = numberCents(n);
  expect(Object.is(got, byText(n)), `numberCents(${n}) = ${got}, by text ${byText(n)}`).toBe(true);
};

describe('numberCents', () => {
  it('reads amounts of whole cents as their text reads them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (m) => same(m / 100)),
      { numRuns: 20_000, seed: 5 },
    );
  });

  it('refuses what the text refuses: more decimals, negatives, exponents, ten whole digits', () => {
    fc.assert(fc.property(fc.double(), same), { numRuns: 20_000, seed: 6 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 9999 }), (w, f) =>
        same(w + f / 10_000),
      ),
      { numRuns: 20_000, seed: 7 },
    );
    for (const n of [
      0,
      -0,
      0.1,
      0.01,
      0.001,
      1e-7,
      0.1 + 0.2,
      1.005,
      12.345,
      999_999_999.99,
      999_999_999.995,
      1e9,
      1e9 - 0.01,
      1e21,
      -1,
      -0.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.MIN_VALUE,
      Number.EPSILON,
      2 ** 53,
      123456789.12,
      35.2,
      3520.36,
    ])
      same(n);
  });
});
