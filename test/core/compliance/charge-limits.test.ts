// Tests for the late-fee limits by state: the table, the refusal of a policy fee above it, and the report of fee rows already in the ledger that break it or lack the customer's agreement.
import { describe, expect, it } from 'vitest';
import { buildBook } from '../../../core/book.js';
import { assessChargesExplained, type ChargePolicy, feeRowRefusals } from '../../../core/charges.js';
import { LATE_FEE_CAPS, lateFeeCap } from '../../../core/compliance/charge-limits.js';
import type { Adjustment, Customer } from '../../../core/ledger.js';
import { customer, invoice, ledgerOf } from '../../support/ledger-builders.js';

const asOf = '2026-11-23';
const fixedFee = (usd: number): ChargePolicy => ({
  version: 'v1',
  lateFeeGraceDays: 10,
  lateFee: { kind: 'fixed', amountMinor: { USD: usd } },
});
const debtor = (address: string, over: Partial<Customer> = {}) =>
  customer('C1', { name: 'Dana Debtor', address, feesAgreed: true, ...over });
const feeRow = (amountMinor: number, over: Partial<Adjustment> = {}): Adjustment => ({
  row: 2,
  adjustmentId: 'LF-I1',
  customerId: 'C1',
  date: '2026-10-01',
  type: 'late-fee',
  amountMinor,
  currency: 'USD',
  invoiceId: 'I1',
  ...over,
});
const charge = (c: Customer, policy: ChargePolicy) => {
  const ledger = ledgerOf({ customers: [c], invoices: [invoice('I1', 'C1', '2026-09-01', 40_000)] });
  return assessChargesExplained(ledger, buildBook(ledger, asOf), policy, asOf);
};

describe('core/compliance/charge-limits', () => {
  describe('LATE_FEE_CAPS', () => {
    it('returns rows with a limit and a section each', () => {
      for (const c of LATE_FEE_CAPS) {
        expect(c.maxMinor !== undefined || c.maxBasisPoints !== undefined).toBe(true);
        expect(c.source).toMatch(/§/);
      }
    });
  });

  describe('lateFeeCap', () => {
    it.each([
      ['WI', 40_000, 'USD', 1000],
      ['WI', 10_000, 'USD', 500],
      ['KS', 100_000, 'USD', 2500],
      ['CO', 100_000, 'USD', 1500],
      ['IA', 20_000, 'USD', 1000],
      ['SC', 40_000, 'USD', 2000],
      ['WI', 40_000, 'EUR', 2000],
    ] as const)('returns %s on %i %s: at most %i', (state, unpaid, currency, max) => {
      expect(lateFeeCap(state, unpaid, currency)?.maxMinor).toBe(max);
    });

    it('returns nothing where the table has no limit', () => {
      expect(lateFeeCap('TX', 40_000, 'USD')).toBeUndefined();
      expect(lateFeeCap(undefined, 40_000, 'USD')).toBeUndefined();
    });
  });

  describe('assessChargesExplained', () => {
    it('returns a refusal naming the statute for a USD 25 fee on a Wisconsin consumer, and the fee for a business', () => {
      // Act
      const consumer = charge(debtor('1 Main St, Madison, WI 53703'), fixedFee(2500));
      const business = charge(
        debtor('1 Main St, Madison, WI 53703', { debtorType: 'business' }),
        fixedFee(2500),
      );
      // Assess
      expect(consumer.charges).toEqual([]);
      expect(consumer.refused).toEqual([
        expect.objectContaining({
          rule: 'fee/above-state-cap',
          invoiceId: 'I1',
          reason: expect.stringMatching(
            /USD 25\.00 on I1 is above the WI limit of USD 10\.00 \(Wis\. Stat\. § 422\.203/,
          ),
        }),
      ]);
      expect(business.charges.map((c) => c.amountMinor)).toEqual([2500]);
    });

    it('returns the fee when it is within the limit, and where the state has none', () => {
      expect(charge(debtor('1 Main St, Madison, WI 53703'), fixedFee(1000)).charges).toHaveLength(1);
      expect(charge(debtor('1 Main St, Austin, TX 78701'), fixedFee(2500)).charges).toHaveLength(1);
    });
  });

  describe('feeRowRefusals', () => {
    it('returns each fee row above the state limit or without Fees Agreed, with its id; waived rows are left alone', () => {
      // Prepare
      const ledger = (c: Customer, rows: Adjustment[]) =>
        ledgerOf({
          customers: [c],
          invoices: [invoice('I1', 'C1', '2026-09-01', 40_000)],
          adjustments: rows,
        });
      // Act
      const kansas = feeRowRefusals(ledger(debtor('1 Main St, Topeka, KS 66603'), [feeRow(5000)]), {});
      const notAgreed = feeRowRefusals(
        ledger(debtor('1 Main St, Austin, TX 78701', { feesAgreed: undefined }), [
          feeRow(500),
          feeRow(700, { adjustmentId: 'INT-I1', type: 'interest' }),
        ]),
        {},
      );
      const waived = feeRowRefusals(
        ledger(debtor('1 Main St, Topeka, KS 66603'), [feeRow(5000, { waivedOn: '2026-10-02' })]),
        {},
      );
      // Assess
      expect(kansas).toEqual([
        expect.objectContaining({
          adjustmentId: 'LF-I1',
          rule: 'fee/above-state-cap',
          reason: expect.stringMatching(
            /^LF-I1: a late fee of USD 50\.00 on I1 is above the KS limit of USD 20\.00/,
          ),
        }),
      ]);
      expect(notAgreed.map((r) => [r.adjustmentId, r.rule])).toEqual([
        ['LF-I1', 'fees/not-agreed'],
        ['INT-I1', 'fees/not-agreed'],
      ]);
      expect(waived).toEqual([]);
    });
  });
});
