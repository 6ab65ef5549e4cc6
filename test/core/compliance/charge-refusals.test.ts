// Tests for the charge refusals applied to a whole ledger: refused fee and interest rows leave the book, each reported by tab, row and column.
import { describe, expect, it } from 'vitest';
import { chargeRefusalProblems, withoutRefusedCharges } from '../../../core/compliance/charge-refusals.js';
import { buildBook } from '../../../core/ledger/book.js';
import type { Adjustment } from '../../../core/ledger/ledger.js';
import { customer, invoice, ledgerOf } from '../../support/ledger-builders.js';

const row = (
  row: number,
  adjustmentId: string,
  customerId: string,
  over: Partial<Adjustment>,
): Adjustment => ({
  row,
  adjustmentId,
  customerId,
  date: '2026-10-01',
  type: 'late-fee',
  amountMinor: 1_000,
  currency: 'USD',
  ...over,
});

describe('core/compliance/charge-refusals', () => {
  describe('withoutRefusedCharges', () => {
    it('returns the ledger without refused fee rows, so no balance includes them, and keeps lawful ones', () => {
      // Prepare: C1 agreed to fees (Wisconsin, USD 10 limit), C2 did not.
      const ledger = ledgerOf({
        customers: [
          customer('C1', { name: 'Dana', address: '1 Main St, Madison, WI 53703', feesAgreed: true }),
          customer('C2', { name: 'Eli', address: '2 Main St, Austin, TX 78701' }),
        ],
        invoices: [invoice('I1', 'C1', '2026-09-01', 40_000), invoice('I2', 'C2', '2026-09-01', 40_000)],
        adjustments: [
          row(2, 'LF-I1', 'C1', { invoiceId: 'I1', amountMinor: 1_000 }),
          row(3, 'LF-I1b', 'C1', { invoiceId: 'I1', amountMinor: 2_500 }),
          row(4, 'LF-I2', 'C2', { invoiceId: 'I2', amountMinor: 500 }),
          row(5, 'CN-1', 'C2', { type: 'credit-note', amountMinor: 100 }),
        ],
      });
      // Act
      const { ledger: lawful, refused } = withoutRefusedCharges(ledger);
      const book = buildBook(lawful, '2026-11-23');
      // Assess
      expect(lawful.adjustments.map((a) => a.adjustmentId)).toEqual(['LF-I1', 'CN-1']);
      expect(refused.map((r) => [r.adjustmentId, r.rule])).toEqual([
        ['LF-I1b', 'fee/above-state-cap'],
        ['LF-I2', 'fees/not-agreed'],
      ]);
      expect(book.byCustomer.get('C1')![0]!.balanceMinor).toBe(41_000);
      expect(book.byCustomer.get('C2')![0]!.balanceMinor).toBe(39_900);
    });

    it('returns the ledger itself when nothing is refused', () => {
      const ledger = ledgerOf({
        customers: [customer('C1')],
        invoices: [invoice('I1', 'C1', '2026-09-01', 100)],
      });
      expect(withoutRefusedCharges(ledger).ledger).toBe(ledger);
    });
  });

  describe('chargeRefusalProblems', () => {
    it('returns one problem per refused row, naming the Adjustments row, the column and the reason', () => {
      const ledger = ledgerOf({
        customers: [customer('C2', { name: 'Eli', address: '2 Main St, Austin, TX 78701' })],
        invoices: [invoice('I2', 'C2', '2026-09-01', 40_000)],
        adjustments: [row(7, 'LF-I2', 'C2', { invoiceId: 'I2', amountMinor: 500 })],
      });
      const { refused } = withoutRefusedCharges(ledger);
      expect(chargeRefusalProblems(ledger, refused)).toEqual([
        {
          tab: 'Adjustments',
          row: 7,
          column: 'Type',
          code: 'CHARGE.REFUSED',
          message: expect.stringMatching(
            /^not charged \(fees\/not-agreed\): LF-I2: the customer's Fees Agreed is not yes/,
          ),
        },
      ]);
    });
  });
});
