// Nothing wrong gets in: calendar dates in range, unambiguous amounts within the per-row bound, cell
// values only (no lists, objects or oversized text), row rules at the cell-parsing door, and a tab
// missing a required column refused whole with a "did you mean".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellToIsoDate, parseIsoDay } from '../../core/ledger/dates.js';
import { parseMoney } from '../../core/ledger/money.js';
import { SCHEMA, type TabName } from '../../core/ledger/schema.js';
import { MAX_AMOUNT_MINOR, MAX_CELL_CHARS } from '../../core/ledger/schema-cells.js';
import { parseLedger, parseTabRows } from '../../core/ledger/schema-rows.js';

const INVOICE_HEADER = ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'];
const invoice = (overrides: Partial<Record<string, unknown>> = {}) => {
  const base: Record<string, unknown> = {
    'Invoice ID': 'INV-1',
    'Customer ID': 'C1',
    'Invoice Date': '2026-10-01',
    'Due Date': '2026-10-31',
    Amount: '100.00',
    Currency: 'USD',
    ...overrides,
  };
  return INVOICE_HEADER.map((h) => base[h]);
};
const codes = (tab: TabName, rows: unknown[][]) =>
  parseTabRows(tab, rows).problems.map((p) => [p.row, p.column, p.code]);

describe('schema integrity', () => {
  describe('cellToIsoDate', () => {
    it.each([
      ['0026-11-23', undefined],
      ['0099-01-01', undefined],
      ['1899-12-31', undefined],
      ['2200-01-01', undefined],
      ['2026-11-23Tjunk', undefined],
      ['2026-11-23 ', '2026-11-23'],
      ['2026-02-29', undefined],
      ['2028-02-29', '2028-02-29'],
      ['2026-11-23T05:00:00.000Z', '2026-11-23'],
      [46349, '2026-11-23'],
      [1, undefined],
      [99_999_999, undefined],
    ])('returns %j as %j', (cell, expected) => {
      expect(cellToIsoDate(cell)).toBe(expected);
    });

    it('returns undefined for a Date outside 1900-2199', () => {
      expect(cellToIsoDate(new Date('0026-11-23T00:00:00Z'))).toBeUndefined();
      expect(parseIsoDay('0026-11-23')).toBeUndefined();
    });
  });

  describe('parseMoney', () => {
    it.each([
      ['1,500', 'EUR', 'ambiguous'],
      ['1.500', 'USD', 'ambiguous'],
      ['1.500,00', 'EUR', 'decimal comma'],
      ['12,5', 'EUR', 'decimal comma'],
    ])('refuses %s in %s as %s', (text, currency, message) => {
      const result = parseMoney(text, currency);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain(message);
    });

    it.each([
      ['1,500', '1,234.56', 150_000],
      ['1,500', '1.234,56', 150],
      ['1.500,25', '1.234,56', 150_025],
      ['1,234,567.89', undefined, 123_456_789],
      ['1.500', undefined, 1_500, 'KWD'],
    ] as const)(
      'reads %s with format %s as %d minor units',
      (text, format, minor, currency: string = 'EUR') => {
        expect(parseMoney(text, currency, format)).toEqual({ ok: true, minor });
      },
    );

    it('reads numbers (xlsx and Sheets cells) the same whatever the format', () => {
      expect(parseMoney(1500, 'EUR')).toEqual({ ok: true, minor: 150_000 });
      expect(parseMoney(1500, 'EUR', '1.234,56')).toEqual({ ok: true, minor: 150_000 });
    });
  });

  describe('parseTabRows', () => {
    it('returns an error naming row and Amount for an ambiguous amount, and reads it when the format is stated', () => {
      const rows = [INVOICE_HEADER, invoice({ Amount: '1,500', Currency: 'EUR' })];
      expect(codes('Invoices', rows)).toEqual([[2, 'Amount', 'SCHEMA.AMOUNT_INVALID']]);
      const stated = parseTabRows('Invoices', rows, 1, undefined, { numberFormat: '1.234,56' });
      expect(stated.records[0]!.amountMinor).toBe(150);
    });

    it('returns AMOUNT_TOO_LARGE on the row and column for an amount over the bound', () => {
      const over = (MAX_AMOUNT_MINOR + 1) / 100;
      expect(codes('Invoices', [INVOICE_HEADER, invoice({ Amount: String(over) })])).toEqual([
        [2, 'Amount', 'SCHEMA.AMOUNT_TOO_LARGE'],
      ]);
      expect(codes('Invoices', [INVOICE_HEADER, invoice({ Amount: MAX_AMOUNT_MINOR / 100 })])).toEqual([]);
    });

    it('keeps every sum of a customer’s valid amounts an exact integer', () => {
      // Prepare: amounts at and around the bound, as a clerk might type them.
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: MAX_AMOUNT_MINOR * 2 }), { maxLength: 30 }),
          (amounts) => {
            const rows = [
              INVOICE_HEADER,
              ...amounts.map((a, i) => invoice({ 'Invoice ID': `I-${i}`, Amount: (a / 100).toFixed(2) })),
            ];
            // Act
            const parsed = parseTabRows('Invoices', rows);
            // Assess: each accepted amount is within the bound, each refused one is over it.
            for (const r of parsed.records)
              expect(r.amountMinor as number).toBeLessThanOrEqual(MAX_AMOUNT_MINOR);
            expect(parsed.records.length + parsed.problems.length).toBe(amounts.length);
            expect(parsed.problems.every((p) => p.code === 'SCHEMA.AMOUNT_TOO_LARGE')).toBe(true);
          },
        ),
        { numRuns: 50 },
      );
      // 90,000 items at the bound still sum exactly.
      expect(Number.isSafeInteger(MAX_AMOUNT_MINOR * 90_000)).toBe(true);
    });

    it('returns CELL_INVALID for lists, objects and text over the cell limit, never "" or "[object Object]"', () => {
      let deep: unknown = [];
      for (let i = 0; i < 20_000; i++) deep = [deep];
      const rows = [
        ['Customer ID', 'Name', 'Address'],
        ['C1', ['a', 'b'], 'x'],
        ['C2', { a: 1 }, 'x'],
        ['C3', 'Ann', deep],
        ['C4', 'Bob', 'x'.repeat(MAX_CELL_CHARS + 1)],
        ['C5', 'Cy', 'x'.repeat(MAX_CELL_CHARS)],
      ];
      const parsed = parseTabRows('Customers', rows);
      expect(parsed.problems.map((p) => [p.row, p.column, p.code])).toEqual([
        [2, 'Name', 'SCHEMA.CELL_INVALID'],
        [3, 'Name', 'SCHEMA.CELL_INVALID'],
        [4, 'Address', 'SCHEMA.CELL_INVALID'],
        [5, 'Address', 'SCHEMA.CELL_INVALID'],
      ]);
      expect(parsed.records.map((r) => r.customerId)).toEqual(['C5']);
    });

    it.each([
      ['Invoices', [INVOICE_HEADER, invoice({ Amount: '-5' })], [2, 'Amount', 'SCHEMA.AMOUNT_NEGATIVE']],
      [
        'Invoices',
        [INVOICE_HEADER, invoice({ 'Due Date': '2026-09-01' })],
        [2, 'Due Date', 'SCHEMA.DUE_BEFORE_ISSUE'],
      ],
      [
        'Payments',
        [
          ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency'],
          ['P-1', 'C1', '2026-11-01', '0', 'USD'],
        ],
        [2, 'Amount', 'SCHEMA.AMOUNT_NOT_POSITIVE'],
      ],
      [
        'Promises',
        [
          ['Promise ID', 'Customer ID', 'Taken On', 'Promised Date', 'Amount', 'Currency'],
          ['PR-1', 'C1', '2026-11-20', '2026-11-01', '10', 'USD'],
        ],
        [2, 'Promised Date', 'SCHEMA.PROMISE_BEFORE_TAKEN'],
      ],
      [
        'Plans',
        [
          ['Plan ID', 'Customer ID', 'First Due', 'Total', 'Currency', 'Installments', 'Frequency'],
          ['PL-1', 'C1', '2026-12-01', '100', 'USD', '1000000000', 'monthly'],
        ],
        [2, 'Installments', 'SCHEMA.INSTALLMENTS_RANGE'],
      ],
      [
        'Plans',
        [
          ['Plan ID', 'Customer ID', 'First Due', 'Total', 'Currency', 'Installments', 'Frequency'],
          ['PL-1', 'C1', '2026-12-01', '100', 'USD', '0', 'monthly'],
        ],
        [2, 'Installments', 'SCHEMA.INSTALLMENTS_RANGE'],
      ],
    ] as const)('returns the %s row rule broken on its row and column', (tab, rows, expected) => {
      expect(codes(tab, rows as unknown as unknown[][])).toEqual([expected]);
    });

    it('never throws and accounts for every non-blank row, whatever the cells', () => {
      const def = SCHEMA.find((t) => t.name === 'Payments')!;
      const header = def.columns.filter((c) => !c.computed).map((c) => c.header);
      fc.assert(
        fc.property(
          fc.array(fc.array(fc.anything(), { minLength: header.length, maxLength: header.length }), {
            maxLength: 8,
          }),
          (body) => {
            const parsed = parseTabRows('Payments', [header, ...body], 1);
            const problemRows = new Set(parsed.problems.map((p) => p.row));
            for (const r of parsed.records) expect(problemRows.has(r.row)).toBe(false);
            for (const r of parsed.records)
              for (const v of Object.values(r)) expect(String(v)).not.toContain('[object');
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  describe('parseLedger', () => {
    it('refuses a tab missing a required column whole, says "did you mean", and buries nothing under follow-ons', () => {
      const result = parseLedger({
        Customers: [
          ['Customer ID', 'Name'],
          ['C1', 'Ann'],
        ],
        Invoices: [
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Dte', 'Amount', 'Currency'],
          ['INV-1', 'C1', '2026-10-01', '2026-10-31', '10', 'USD'],
        ],
        Payments: [
          ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To'],
          ['P-1', 'C1', '2026-11-01', '5', 'USD', 'INV-1'],
        ],
      });
      expect(result.refused).toEqual(['Invoices']);
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({
        tab: 'Invoices',
        row: 1,
        column: 'Due Date',
        code: 'SCHEMA.COLUMN_MISSING',
      });
      expect(result.problems[0]!.message).toContain('did you mean `Due Date`?');
      expect(result.problems[0]!.message).toContain('"Due Dte"');
    });
  });
});
