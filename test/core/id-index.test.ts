// Ids as places in a file's text: the column gives back each id, orders them as `<` does, and its
// index finds every id and refuses a second copy, whether an id lies in the text or is a string.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerIndexOf, IdColumn, IdColumnIndex, NumberedIdIndex } from '../../core/ledger/id-index.js';

/** The ids written one after another into a text; those at `asString` kept as strings instead. */
function columnOf(ids: readonly string[], asString: readonly boolean[], asBytes = false): IdColumn {
  const text = ids.join(',');
  const column = new IdColumn(asBytes ? Buffer.from(text, 'latin1') : text, 2);
  let at = 0;
  ids.forEach((id, k) => {
    if (asString[k]) column.push(id);
    else column.pushAt(at, at + id.length);
    at += id.length + 1;
  });
  return column;
}

const idText = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._#/-]{0,6}$/);
const idsAndKinds = fc
  .array(fc.tuple(idText, fc.boolean()), { maxLength: 300 })
  .map((pairs) => ({ ids: pairs.map(([id]) => id), asString: pairs.map(([, s]) => s) }));

describe('id-index', () => {
  describe('IdColumn', () => {
    it('gives back ids of every length from 1 to 64 read from bytes', () => {
      const chars = 'ABCXYZabcxyz0123456789._#/-';
      const ids = Array.from({ length: 64 }, (_, n) =>
        Array.from({ length: n + 1 }, (_, i) => chars[(n * 7 + i * 3) % chars.length]).join(''),
      );
      const column = columnOf(
        ids,
        ids.map(() => false),
        true,
      );
      expect(ids.map((_, k) => column.at(k))).toEqual(ids);
    });

    it('gives back each id and orders ids as < orders their strings', () => {
      fc.assert(
        fc.property(idsAndKinds, ({ ids, asString }) => {
          // Prepare
          const column = columnOf(ids, asString);
          // Act
          const back = column.toArray();
          // Assess
          expect(back).toEqual(ids);
          for (let x = 0; x < ids.length; x++) {
            const y = (x * 7 + 3) % ids.length;
            const expected = ids[x]! < ids[y]! ? -1 : ids[x]! > ids[y]! ? 1 : 0;
            expect(Math.sign(column.compare(x, y))).toBe(expected);
          }
        }),
      );
    });
  });

  describe('IdColumnIndex', () => {
    it('finds the first row of every id, refuses each later copy, and finds nothing else', () => {
      fc.assert(
        fc.property(idsAndKinds, idText, ({ ids, asString }, other) => {
          // Prepare
          const column = columnOf(ids, asString);
          const index = new IdColumnIndex(column, 1);
          // Act
          const added = ids.map((_, k) => index.add(k));
          // Assess
          ids.forEach((id, k) => {
            expect(added[k]).toBe(ids.indexOf(id) === k);
            expect(index.get(id)).toBe(ids.indexOf(id));
            expect(index.getAt(`x,${id},y`, 2, 2 + id.length)).toBe(ids.indexOf(id));
          });
          expect(index.get(other)).toBe(ids.indexOf(other));
        }),
      );
    });

    it('does the same over a text given as its bytes, found by bytes or by string', () => {
      fc.assert(
        fc.property(idsAndKinds, idText, ({ ids, asString }, other) => {
          // Prepare
          const column = columnOf(ids, asString, true);
          const index = new IdColumnIndex(column, 1);
          // Act
          const added = ids.map((_, k) => index.add(k));
          // Assess
          expect(column.toArray()).toEqual(ids);
          ids.forEach((id, k) => {
            const y = (k * 7 + 3) % ids.length;
            const expected = id < ids[y]! ? -1 : id > ids[y]! ? 1 : 0;
            expect(Math.sign(column.compare(k, y))).toBe(expected);
            expect(added[k]).toBe(ids.indexOf(id) === k);
            expect(index.getAt(`x,${id},y`, 2, 2 + id.length)).toBe(ids.indexOf(id));
            expect(index.getAtBytes(Buffer.from(`x,${id},y`), 2, 2 + id.length)).toBe(ids.indexOf(id));
          });
          expect(index.get(other)).toBe(ids.indexOf(other));
        }),
      );
    });
  });

  describe('NumberedIdIndex', () => {
    // Ids numbered as offices number them, with slips: padded, unpadded, another prefix, gaps.
    const numberedId = fc.oneof(
      fc.nat(60).map((n) => `I${n}`),
      fc.nat(60).map((n) => `I${String(n).padStart(3, '0')}`),
      fc.nat(60).map((n) => `INV-${n}`),
      fc.constantFrom('I', 'I0', 'I00', 'I01', 'X7', 'I1a', 'I999999999', 'I1234567890'),
    );
    const others = fc.array(fc.oneof(numberedId, idText), { maxLength: 10 });

    it('takes every id of one form, in any order, and agrees with a Map', () => {
      fc.assert(
        fc.property(fc.array(fc.nat(3000), { maxLength: 300 }), fc.boolean(), (numbers, padded) => {
          // Prepare
          const ids = numbers.map((n) => `INV-${padded ? String(n).padStart(4, '0') : n}`);
          const index = new NumberedIdIndex();
          const seen = new Map<string, number>();
          // Act
          const added = ids.map((id, k) => index.addAt(Buffer.from(id), 0, id.length, k));
          // Assess: only a number below the first is refused (the table starts at the first).
          ids.forEach((id, k) => {
            if (numbers[k]! < numbers[0]!) expect(added[k]).toBe(-1);
            else {
              expect(added[k]).toBe(seen.has(id) ? 0 : 1);
              if (!seen.has(id)) seen.set(id, k);
            }
          });
          for (const id of ids) expect(index.get(id)).toBe(seen.get(id) ?? -1);
        }),
        { numRuns: 500, seed: 9 },
      );
    });

    it('finds every id it took, refuses each second copy, and finds nothing else', () => {
      fc.assert(
        fc.property(fc.array(numberedId, { maxLength: 80 }), others, (ids, lookups) => {
          // Prepare
          const index = new NumberedIdIndex();
          const fromText = new NumberedIdIndex();
          const seen = new Map<string, number>();
          // Act: add until an id is not of the index's form, as the Invoices reader does.
          for (let k = 0; k < ids.length; k++) {
            const added = index.addAt(Buffer.from(ids[k]!), 0, ids[k]!.length, k);
            expect(fromText.addAtText(`;${ids[k]!}`, 1, 1 + ids[k]!.length, k)).toBe(added);
            if (added < 0) break;
            // Assess
            expect(added).toBe(seen.has(ids[k]!) ? 0 : 1);
            if (added === 1) seen.set(ids[k]!, k);
          }
          for (const id of [...ids, ...lookups]) {
            expect(index.getAtBytes(Buffer.from(`,${id};`), 1, 1 + id.length)).toBe(seen.get(id) ?? -1);
            expect(index.get(id)).toBe(seen.get(id) ?? -1);
            expect(index.getAt(`,${id};`, 1, 1 + id.length)).toBe(seen.get(id) ?? -1);
          }
        }),
        { numRuns: 2000, seed: 9 },
      );
    });
  });

  describe('customerIndexOf', () => {
    it('finds every customer id, numbered or not, and refuses a list with one twice', () => {
      const customerId = fc.oneof(
        fc.nat(40).map((n) => `C${String(n).padStart(7, '0')}`),
        fc.nat(40).map((n) => `C${n}`),
        idText,
      );
      fc.assert(
        fc.property(
          fc.array(customerId, { maxLength: 60 }),
          fc.array(customerId, { maxLength: 5 }),
          (ids, others) => {
            // Prepare
            const first = new Map<string, number>();
            ids.forEach((id, k) => {
              if (!first.has(id)) first.set(id, k);
            });
            // Act
            const index = customerIndexOf(ids);
            // Assess
            if (first.size < ids.length) {
              expect(index).toBeUndefined();
              return;
            }
            for (const id of [...ids, ...others]) {
              expect(index!.get(id)).toBe(first.get(id) ?? -1);
              expect(index!.getAt(`,${id};`, 1, 1 + id.length)).toBe(first.get(id) ?? -1);
              expect(index!.getAtBytes(Buffer.from(`,${id};`), 1, 1 + id.length)).toBe(first.get(id) ?? -1);
            }
          },
        ),
        { numRuns: 1000, seed: 9 },
      );
    });
  });
});
