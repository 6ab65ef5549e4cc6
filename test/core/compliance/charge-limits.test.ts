// Tests for the late-fee limits by state: the table, the refusal of a policy fee above it, and the report of fee rows already in the ledger that break it or lack the customer's agreement.
import { describe, expect, it } from 'vitest';
import {
  assessChargesExplained,
  type ChargePolicy,
  feeRowRefusals,
} from '../../../core/collections/charges.js';
import { LATE_FEE_CAPS, lateFeeCap } from '../../../core/compliance/charge-limits.js';
import { buildBook } from '../../../core/ledger/book.js';
import type { Adjustment, Customer } from '../../../core/ledger/ledger.js';
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
        expect(c.verified?.read, c.state).toBeTruthy();
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
      ['SC', 100_000, 'USD', 2550],
      ['ME', 40_000, 'USD', 1000],
      ['ME', 10_000, 'USD', 500],
      ['IN', 100_000, 'USD', 2500],
      ['SC', 10_000, 'USD', 1020],
      ['WI', 40_000, 'EUR', 2000],
    ] as const)('returns %s on %i %s: at most %i', (state, unpaid, currency, max) => {
      expect(lateFeeCap(state, unpaid, currency)?.maxMinor).toBe(max);
    });

    it("returns South Carolina's dollar limit as indexed under § 37-1-109 on the fee's date, with its floor", () => {
      // 2022-07-01 to 2024-06-30: USD 23.00 most, USD 9.20 floor; from 2024-07-01: USD 25.50 and USD 10.20.
      expect(lateFeeCap('SC', 100_000, 'USD', '2023-03-01')?.maxMinor).toBe(2300);
      expect(lateFeeCap('SC', 5_000, 'USD', '2023-03-01')?.maxMinor).toBe(920);
      expect(lateFeeCap('SC', 100_000, 'USD', '2025-03-01')?.maxMinor).toBe(2550);
      expect(lateFeeCap('SC', 100_000, 'USD', '2025-03-01')?.source).toMatch(/37-1-109/);
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

    it('returns a fee row larger than its invoice (USD 500 on USD 400), wherever the debtor lives', () => {
      const ledger = ledgerOf({
        customers: [debtor('1 Main St, Austin, TX 78701', { debtorType: 'business' })],
        invoices: [invoice('I1', 'C1', '2026-09-01', 40_000)],
        adjustments: [feeRow(50_000)],
      });
      expect(feeRowRefusals(ledger, {})).toEqual([
        expect.objectContaining({
          adjustmentId: 'LF-I1',
          rule: 'fee/exceeds-balance',
          reason: expect.stringMatching(/USD 500\.00 is more than the USD 400\.00 of I1/),
        }),
      ]);
    });

    it('returns interest rows above what the ceiling allows on the invoice since its due date', () => {
      // Prepare: USD 400 due 2026-09-01 in California (10% a year). By 2026-10-01 (30 days) at most
      // 400 x 10% x 30/365 = USD 3.29; by 2026-11-01 (61 days) USD 6.68 in all.
      const ledger = (rows: Adjustment[]) =>
        ledgerOf({
          customers: [debtor('1 Main St, Los Angeles, CA 90012')],
          invoices: [invoice('I1', 'C1', '2026-09-01', 40_000)],
          adjustments: rows,
        });
      const interest = (id: string, date: string, amountMinor: number) =>
        feeRow(amountMinor, { adjustmentId: id, type: 'interest', date });
      // Act
      const lawful = feeRowRefusals(
        ledger([interest('INT-1', '2026-10-01', 329), interest('INT-2', '2026-11-01', 339)]),
        {},
      );
      const usury = feeRowRefusals(
        ledger([interest('INT-1', '2026-10-01', 329), interest('INT-2', '2026-11-01', 999)]),
        {},
      );
      // Assess
      expect(lawful).toEqual([]);
      expect(usury).toEqual([
        expect.objectContaining({
          adjustmentId: 'INT-2',
          rule: 'interest/above-ceiling',
          reason: expect.stringMatching(/INT-2: .*USD 13\.28 .* at most USD 6\.68 .*10\.00%.*Cal\. Const\./),
        }),
      ]);
    });
  });
});
