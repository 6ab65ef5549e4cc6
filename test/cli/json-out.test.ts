// writeJson writes exactly what JSON.stringify(value, null, 2) gives, in pieces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeJson, writeJsonWithStreamedArray } from '../../cli/json-out.js';

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

  describe('writeJsonWithStreamedArray', () => {
    const streamed = (
      head: Record<string, unknown>,
      key: string,
      elements: readonly unknown[],
      tail: Record<string, unknown>,
    ) => {
      const pieces: string[] = [];
      const w = writeJsonWithStreamedArray(head, key, (t) => pieces.push(t));
      for (const e of elements) w.push(e);
      w.end(tail);
      return pieces;
    };
    // Keys that are not array indices: JSON puts those first, whatever the order they came in.
    const key = fc.string().filter((k) => !/^(0|[1-9]\d*)$/.test(k));
    const record = fc.dictionary(
      key,
      fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue()), fc.constant(undefined)),
    );

    it('gives the bytes of writeJson on the whole object for any head, elements and tail', () => {
      fc.assert(
        fc.property(record, key, fc.array(fc.jsonValue()), record, (head, name, elements, tail) => {
          // Prepare: the streamed key is neither in the head nor in the tail.
          delete head[name];
          delete tail[name];
          for (const k of Object.keys(tail)) delete head[k];
          const whole = { ...head, [name]: elements, ...tail };
          // Act, Assess
          expect(streamed(head, name, elements, tail).join('')).toBe(`${JSON.stringify(whole, null, 2)}\n`);
        }),
        { numRuns: 500, seed: 13 },
      );
    });

    it('holds no more than a batch: the head and the first elements go out before the last is pushed', () => {
      // Prepare
      const pieces: string[] = [];
      const w = writeJsonWithStreamedArray({ asOf: '2026-11-23' }, 'actions', (t) => pieces.push(t));
      const element = (i: number) => ({ id: `A-${i}`, why: 'x'.repeat(2_000) });
      // Act
      for (let i = 0; i < 3_000; i++) w.push(element(i));
      const before = pieces.join('');
      w.end({ blocked: [] });
      // Assess
      expect(before.startsWith('{\n  "asOf": "2026-11-23",\n  "actions": [\n    {')).toBe(true);
      expect(before.length).toBeGreaterThan(2 ** 20);
      const whole = {
        asOf: '2026-11-23',
        actions: Array.from({ length: 3_000 }, (_, i) => element(i)),
        blocked: [],
      };
      expect(pieces.join('')).toBe(`${JSON.stringify(whole, null, 2)}\n`);
      expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(2 ** 20);
    });

    it('writes an empty array and an empty object as JSON does', () => {
      expect(streamed({}, 'actions', [], {}).join('')).toBe('{\n  "actions": []\n}\n');
      expect(streamed({ a: undefined }, 'actions', [undefined], { b: undefined }).join('')).toBe(
        `${JSON.stringify({ actions: [undefined] }, null, 2)}\n`,
      );
    });
  });
});
