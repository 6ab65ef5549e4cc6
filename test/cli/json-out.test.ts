// writeJson writes exactly what JSON.stringify(value, null, 2) gives, in pieces; streamJson gives the
// same bytes for an object whose array is handed over element by element.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamJson, writeJson } from '../../cli/json-out.js';

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

    it('gives the same bytes over many batches of uneven elements, surrogate pairs never split', () => {
      // Prepare: elements from a few bytes to more than a piece, astral characters throughout.
      const value = {
        asOf: '2026-11-23',
        actions: Array.from({ length: 6_000 }, (_, i) => ({
          id: `A-${i}`,
          why: i % 997 === 0 ? '😀'.repeat(300_000 + i) : '😀x'.repeat(i % 50),
          amounts: i % 3 === 0 ? [] : [{ minor: i, currency: 'USD' }],
          note: i % 5 === 0 ? undefined : null,
        })),
        blocked: [undefined, 1, 'two'],
      };
      // Act
      const pieces = written(value);
      // Assess
      expect(pieces.join('')).toBe(`${JSON.stringify(value, null, 2)}\n`);
      expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(2 ** 20);
      for (const p of pieces) {
        const last = p.charCodeAt(p.length - 1);
        expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
      }
    });
  });

  describe('streamJson', () => {
    /** The object written by streaming `record[key]`'s elements, then ending with that array empty. */
    const streamed = (record: Record<string, unknown>, key: string) => {
      const pieces: string[] = [];
      const keys = Object.keys(record);
      const before = Object.fromEntries(keys.slice(0, keys.indexOf(key)).map((k) => [k, record[k]]));
      const stream = streamJson(before, key, (t) => pieces.push(t));
      for (const e of record[key] as unknown[]) stream.push(e);
      stream.end({ ...record, [key]: [] });
      return pieces;
    };

    it('gives the bytes of JSON.stringify(value, null, 2) whatever comes before and after the array', () => {
      fc.assert(
        fc.property(
          fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.constant(undefined)), { maxKeys: 3 }),
          fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined))),
          fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue())), { maxKeys: 3 }),
          (before, elements, after) => {
            // Prepare: the array's key after `before`'s and before `after`'s.
            const record: Record<string, unknown> = { ...before };
            delete record.actions;
            record.actions = elements;
            for (const [k, v] of Object.entries(after)) if (!(k in record)) record[k] = v;
            // Act
            const text = streamed(record, 'actions').join('');
            // Assess
            expect(text).toBe(`${JSON.stringify(record, null, 2)}\n`);
          },
        ),
        { numRuns: 300, seed: 7 },
      );
    });

    it('writes a long array as it comes, in pieces of about a MB', () => {
      const record = {
        asOf: '2026-11-23',
        actions: Array.from({ length: 30_000 }, (_, i) => ({ id: `A-${i}`, why: 'x'.repeat(60) })),
        blocked: [{ id: 'B' }],
      };
      const pieces = streamed(record, 'actions');
      expect(pieces.length).toBeGreaterThan(2);
      expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(1.1 * 2 ** 20);
      expect(pieces.join('')).toBe(`${JSON.stringify(record, null, 2)}\n`);
    });

    it('refuses an end whose members before the array are not the ones it started with', () => {
      const stream = streamJson({ asOf: '2026-11-23' }, 'actions', () => {});
      expect(() => stream.end({ asOf: '2026-11-24', actions: [] })).toThrow(/members before "actions"/);
    });
  });
});
