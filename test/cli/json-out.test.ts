// writeJson writes exactly what JSON.stringify(value, null, 2) gives, in pieces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeJson } from '../../cli/json-out.js';

const written = (value: unknown) => {
  const pieces: string[] = [];
  writeJson(value, (t) => pieces.push(t));
  return pieces;
};

describe('cli/json-out', () => {
  describe('writeJson', () => {
    it('gives the bytes of JSON.stringify(value, null, 2) for any JSON-like value', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.dictionary(
              fc.string(),
              fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue()), fc.constant(undefined)),
            ),
            fc.jsonValue(),
          ),
          (value) => {
            expect(written(value).join('')).toBe(`${JSON.stringify(value, null, 2)}\n`);
          },
        ),
        { numRuns: 500, seed: 13 },
      );
    });

    it('writes arrays with holes, undefined and dates as JSON does', () => {
      const value = {
        at: new Date(0),
        list: [undefined, () => 1, { a: undefined, b: [1, 'x\ny'] }, new Date(86_400_000)],
        skipped: undefined,
        empty: [],
        nested: { deep: [[], {}] },
      };
      expect(written(value).join('')).toBe(`${JSON.stringify(value, null, 2)}\n`);
    });

    it('hands a large answer on in pieces of about a MB', () => {
      const value = {
        actions: Array.from({ length: 30_000 }, (_, i) => ({ id: `A-${i}`, why: 'x'.repeat(60) })),
      };
      const pieces = written(value);
      expect(pieces.length).toBeGreaterThan(2);
      expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(1.1 * 2 ** 20);
      expect(pieces.join('')).toBe(`${JSON.stringify(value, null, 2)}\n`);
    });
  });
});
