// The byte readers' shared pieces (core/ledger/csv-bytes.ts) against the text readers they stand in
// for: an amount, an id, a currency code, a record's end and a customer read the same either way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CurrencyCodes,
  CustomerRun,
  centsOfBytes,
  fieldEnd,
  fieldRoles,
  idAtBytes,
  nextRecord,
  recordCapacity,
} from '../../core/ledger/csv-bytes.js';
import { customerIndexOf } from '../../core/ledger/id-index.js';
import { centsAt, idAt } from '../../core/ledger/ledger-cells.js';
import { tabDef } from '../../core/ledger/schema.js';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const asciiText = fc.string({
  unit: fc.constantFrom(...'0123456789.-_/#aZ ,"\r\n\t'.split('')),
  maxLength: 16,
});

describe('core/ledger/csv-bytes', () => {
  it('reads an amount and an id as centsAt and idAt read the same text', () => {
    fc.assert(
      fc.property(asciiText, (t) => {
        const b = ascii(`x${t}y`);
        expect(centsOfBytes(b, 1, 1 + t.length)).toBe(centsAt(`x${t}y`, 1, 1 + t.length));
        expect(idAtBytes(b, 1, 1 + t.length)).toBe(idAt(`x${t}y`, 1, 1 + t.length));
      }),
      { numRuns: 3000, seed: 11 },
    );
    expect(centsOfBytes(ascii('3520.36'), 0, 7)).toBe(352036);
    expect(centsOfBytes(ascii('3520.3'), 0, 6)).toBe(-1);
  });

  it('ends a field at a comma or line break, refuses a quote, and finds the next record', () => {
    const b = ascii('ab,c\r\nd\ne"f');
    expect(fieldEnd(b, 0, b.length)).toBe(2);
    expect(fieldEnd(b, 3, b.length)).toBe(4);
    expect(nextRecord(b, 4, b.length)).toBe(6);
    expect(nextRecord(b, 7, b.length)).toBe(8);
    expect(fieldEnd(b, 8, b.length)).toBe(-1);
    expect(nextRecord(b, b.length, b.length)).toBe(b.length);
    expect(nextRecord(ascii('a\rb'), 1, 3)).toBe(-1);
    expect(nextRecord(ascii('a;b'), 1, 3)).toBe(-1);
  });

  it('interns known two-decimal currencies once and refuses the rest', () => {
    const interned: string[] = [];
    const codes = new CurrencyCodes((c) => interned.push(c) - 1);
    const b = ascii('USDEURUSDJPYXYZusd');
    expect([0, 3, 6, 9, 12, 15].map((s) => codes.at(b, s))).toEqual([0, 1, 0, -1, -1, -1]);
    expect(interned).toEqual(['USD', 'EUR']);
  });

  it('finds each customer as the index does, whether or not it repeats the last one', () => {
    const ids = ['C1', 'C22', 'C3', 'X-9'];
    const index = customerIndexOf(ids)!;
    const run = new CustomerRun(index);
    const text = 'C1,C1,C22,C3,C3,C4,X-9,C1';
    const b = ascii(text);
    let s = 0;
    const found: number[] = [];
    while (s < b.length) {
      const e = fieldEnd(b, s, b.length);
      found.push(run.at(b, s, e));
      s = e + 1;
    }
    expect(found).toEqual([0, 0, 1, 2, 2, -1, 3, 0]);
  });

  it('gives each header position its role, and no roles for a tab it cannot read', () => {
    const def = tabDef('Payments');
    const header = def.columns.filter((c) => !c.computed).map((c) => c.header);
    const read = def.columns.filter((c) => !c.computed);
    const roleOf = (col: { key: string }) => read.findIndex((c) => c.key === col.key) + 1;
    const roles = fieldRoles(def, header, roleOf)!;
    expect([...roles]).toEqual(header.map((_, i) => i + 1));
    expect(fieldRoles(def, header, () => undefined)).toBeUndefined();
    const required = def.columns.find((c) => c.required)!;
    expect(
      fieldRoles(
        def,
        header.filter((h) => h !== required.header),
        roleOf,
      ),
    ).toBeUndefined();
  });

  it('guesses the record count from the first lines, never under 16', () => {
    const lines = Array.from({ length: 1000 }, (_, k) => `I${k},C1,2026-01-01,10.00,USD`).join('\n');
    const b = ascii(`header\n${lines}\n`);
    const guess = recordCapacity(b, 7);
    expect(guess).toBeGreaterThanOrEqual(1000);
    expect(guess).toBeLessThan(1300);
    expect(recordCapacity(ascii('h\n'), 2)).toBe(16);
  });
});
