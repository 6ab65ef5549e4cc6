// The columnar ledger on typed cells (an .xlsx's numbers, booleans and unreadable cells through
// `TabColumns.value`): it accepts a ledger exactly when the row path finds no problem, with the same amounts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnarLedger, type TabColumns } from '../../core/ledger/ledger-columns.js';
import { UnreadableCell } from '../../core/ledger/schema-cells.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';

/** Typed columns over rows (header first), as the .xlsx reader's `XlsxColumns` gives them. */
function typedTab(rows: readonly (readonly unknown[])[]): TabColumns {
  const [header, ...body] = rows;
  const value = (c: number, k: number) => body[k]?.[c] ?? null;
  return {
    header: header as string[],
    count: body.length,
    value,
    cell: (c, k) => {
      const v = value(c, k);
      return typeof v === 'string' ? v : v === null ? '' : String(v);
    },
  };
}

const amount = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 2_000_000_000 }).map((minor) => minor / 100) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 10_000 }) },
  { weight: 1, arbitrary: fc.double({ min: -10, max: 2e9, noNaN: true }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      0.1 + 0.2,
      1e-7,
      123_456_789.99,
      1_234_567_890.5,
      0,
      5e21,
      -0,
      true,
      '12.50',
      new UnreadableCell('x'),
    ),
  },
);

describe('ledger-columns', () => {
  describe('columnarLedger on typed cells', () => {
    it('accepts exactly what parseLedger accepts, with the same amounts', () => {
      let compared = 0;
      fc.assert(
        fc.property(
          fc.array(amount, { minLength: 1, maxLength: 4 }),
          fc.constantFrom('USD', 'JPY', 'KWD'),
          (amounts, currency) => {
            // Prepare
            const customers = [
              ['Customer ID', 'Name'],
              ['C-1', 'Ann'],
            ];
            const invoices = [
              ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
              ...amounts.map((a, i) => [`I-${i}`, 'C-1', '2026-09-01', 46_300, a, currency]),
            ];
            // Act
            const fast = columnarLedger({ Customers: typedTab(customers), Invoices: typedTab(invoices) });
            const rows = parseLedger({ Customers: customers, Invoices: invoices });
            // Assess
            if (rows.problems.length > 0) expect(fast).toBeUndefined();
            else {
              expect(fast).toBeDefined();
              expect([...fast!.invoices.amountMinor]).toEqual(rows.ledger.invoices.map((i) => i.amountMinor));
              expect([...fast!.invoices.dueDay].length).toBe(amounts.length);
              compared++;
            }
          },
        ),
        { seed: 20261203, numRuns: 400 },
      );
      expect(compared).toBeGreaterThan(100);
    });
  });
});
