// writeAgingJsonBytes against JSON.stringify(report, null, 2): the same bytes for any aging report,
// whether from the row path, the columnar path or of an unusual shape.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeAgingJsonBytes } from '../../cli/aging-json.js';
import type { AgingReport } from '../../core/ledger/aging.js';

/** The text pieces an io without outBytes is given. */
const pieces = (report: unknown) => {
  const texts: string[] = [];
  writeAgingJsonBytes(report as AgingReport, { out: (t) => texts.push(t), err: () => {} });
  return texts;
};
const written = (report: unknown) => pieces(report).join('');

/** What writeAgingJsonBytes writes, as bytes (an io with outBytes) and as text (an io without). */
const writtenBytes = (report: unknown) => {
  const bytes: Buffer[] = [];
  const texts: string[] = [];
  writeAgingJsonBytes(report as AgingReport, {
    out: (t) => bytes.push(Buffer.from(t)),
    err: () => {},
    outBytes: (b) => bytes.push(Buffer.from(b)),
  });
  writeAgingJsonBytes(report as AgingReport, { out: (t) => texts.push(t), err: () => {} });
  return { bytes: Buffer.concat(bytes), text: texts.join('') };
};

const text = fc.oneof(
  fc.constantFrom('C1', 'USD', 'EUR', 'Zoë', 'say "hi"', 'back\\slash', 'tab\there', '\ud800'),
  fc.string(),
);
const minor = fc.oneof(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom(0, -0, 1e21, 0.5));
const row = fc.record({
  customerId: text,
  currency: text,
  totalMinor: minor,
  bucketsMinor: fc.array(minor, { minLength: 1, maxLength: 6 }),
  unappliedCreditMinor: minor,
});
const total = fc.record({
  currency: text,
  totalMinor: minor,
  bucketsMinor: fc.array(minor, { minLength: 0, maxLength: 6 }),
  unappliedCreditMinor: minor,
});
// Rows of the usual shape, and now and then one with a key more, a key less or keys reordered.
const odd = fc.oneof(
  row.map((r) => ({ ...r, extra: 1 })),
  row.map(({ currency, ...r }) => ({ ...r, currency })),
  row.map(({ unappliedCreditMinor: _, ...r }) => r),
  row.map((r) => ({ ...r, totalMinor: Number.NaN })),
);
const report = fc.record({
  asOf: fc.constant('2026-11-23'),
  buckets: fc.constant(['current', '1-30', '31-60', '61-90', '90+']),
  customers: fc.array(fc.oneof({ weight: 9, arbitrary: row }, { weight: 1, arbitrary: odd }), {
    maxLength: 20,
  }),
  totals: fc.array(total, { maxLength: 3 }),
});

describe('cli/aging-json', () => {
  describe('writeAgingJsonBytes', () => {
    it('writes the bytes of JSON.stringify(report, null, 2) and a line break', () => {
      fc.assert(
        fc.property(report, (r) => {
          const json = `${JSON.stringify(r, null, 2)}\n`;
          expect(written(r)).toBe(json);
          const { bytes, text } = writtenBytes(r);
          expect(bytes.equals(Buffer.from(json))).toBe(true);
          expect(text).toBe(json);
        }),
        { numRuns: 2000, seed: 3 },
      );
    });

    it('writes a report of another shape through JSON.stringify itself', () => {
      const unusual = { buckets: [], asOf: '2026-11-23', customers: [], totals: [], note: 'x' };
      expect(written(unusual)).toBe(`${JSON.stringify(unusual, null, 2)}\n`);
      expect(writtenBytes(unusual).text).toBe(`${JSON.stringify(unusual, null, 2)}\n`);
    });

    it('hands a large report over in pieces, none over about a MB', () => {
      const customers = Array.from({ length: 30_000 }, (_, k) => ({
        customerId: `C${k}`,
        currency: 'USD',
        totalMinor: k,
        bucketsMinor: [k, 0, 0, 0, 0],
        unappliedCreditMinor: 0,
      }));
      const big = { asOf: '2026-11-23', buckets: ['a', 'b', 'c', 'd', 'e'], customers, totals: [] };
      const texts = pieces(big);
      expect(texts.length).toBeGreaterThan(2);
      expect(Math.max(...texts.map((p) => p.length))).toBeLessThan(1.1 * (1 << 20));
      expect(texts.join('')).toBe(`${JSON.stringify(big, null, 2)}\n`);
      const { bytes } = writtenBytes(big);
      expect(bytes.equals(Buffer.from(`${JSON.stringify(big, null, 2)}\n`))).toBe(true);
    });
  });
});
