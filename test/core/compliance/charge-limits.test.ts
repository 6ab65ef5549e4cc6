// Tests for the late-fee limits by state: the table, the refusal of a policy fee above it, and the report of fee rows already in the ledger that break it or lack the customer's agreement.
import { describe, expect, it } from 'vitest';
import {
  assessChargesExplained,
  type ChargePolicy,
  feeRowRefusals,
} from '../../../core/collections/charges.js';
import {
  interestCeiling,
  lateFeeCap,
  lateFeeCaps,
  lateFeeNotTabled,
  lateFeeTooEarly,
} from '../../../core/compliance/charge-limits.js';
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
  describe('lateFeeCaps()', () => {
    it('returns rows with a limit and a section each', () => {
      for (const c of lateFeeCaps()) {
        expect(c.maxMinor !== undefined || c.maxBasisPoints !== undefined).toBe(true);
        expect(c.verified?.read, c.state).toMatch(/https?:\/\/|earlier session/);
        expect(c.source).toMatch(/§/);
        expect(c.verified?.read, c.state).toBeTruthy();
      }
    });
  });

  describe('LATE_FEE_NOT_TABLED', () => {
    it('returns what was searched for New York and Massachusetts, which stay without a limit', () => {
      expect(lateFeeNotTabled().NY).toMatch(/Pers\. Prop\. Law § 302/);
      expect(lateFeeNotTabled().MA).toMatch(/c\. 255D/);
      for (const state of Object.keys(lateFeeNotTabled()))
        expect(
          lateFeeCaps().some((c) => c.state === state),
          state,
        ).toBe(false);
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
      ['NC', 100_000, 'USD', 1800],
      ['NC', 10_000, 'USD', 1800],
      ['SC', 10_000, 'USD', 1020],
      ['WI', 40_000, 'EUR', 2000],
      // Wyo. Stat. § 40-14-214(a): the greater of 5% and USD 10 (the dollar floor binds USD only).
      ['WY', 10_000, 'USD', 1000],
      ['WY', 40_000, 'USD', 2000],
      ['WY', 10_000, 'EUR', 500],
      // Idaho Code § 28-42-301(3): 5% or USD 15, whichever is greater.
      ['ID', 10_000, 'USD', 1500],
      ['ID', 100_000, 'USD', 5000],
      // W. Va. Code § 46A-3-113(1): 5%, at most USD 30.
      ['WV', 100_000, 'USD', 3000],
      ['WV', 20_000, 'USD', 1000],
      // La. R.S. 9:3527(A)(1): 5% or USD 10, whichever is greater.
      ['LA', 10_000, 'USD', 1000],
      ['LA', 100_000, 'USD', 5000],
      // Utah Code § 70C-2-102(1)(a): the greater of USD 30 and 5%.
      ['UT', 10_000, 'USD', 3000],
      ['UT', 100_000, 'USD', 5000],
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
      expect(lateFeeCap('NV', 40_000, 'USD')).toBeUndefined();
      expect(lateFeeCap(undefined, 40_000, 'USD')).toBeUndefined();
    });
  });

  describe('lateFeeTooEarly', () => {
    it.each([
      // state, due, fee date, early?
      ['ME', '2026-09-01', '2026-09-16', true], // 15 days after: still inside Maine's 15
      ['ME', '2026-09-01', '2026-09-17', false],
      ['WI', '2026-09-01', '2026-09-11', true], // on the 10th day after: Wisconsin's "on or before the 10th day"
      ['WI', '2026-09-01', '2026-09-12', false],
      ['KS', '2026-09-01', '2026-09-05', true],
      ['NC', '2026-09-01', '2026-09-11', true], // "past due for 10 days or more", read from the 11th day
      ['NC', '2026-09-01', '2026-09-12', false],
      ['TX', '2026-09-01', '2026-09-02', false], // retail installment contracts only: not tabled
      ['WY', '2026-09-01', '2026-09-11', true],
      ['ID', '2026-09-01', '2026-09-12', false],
      ['WV', '2026-09-01', '2026-09-12', false],
      ['LA', '2026-09-01', '2026-09-11', true],
      ['UT', '2026-09-01', '2026-09-02', false], // Utah: no grace period since 1998
      // Colorado § 5-2-203(1): "not paid in full within ten days after its scheduled due date" (was not modelled).
      ['CO', '2026-09-01', '2026-09-11', true],
      ['CO', '2026-09-01', '2026-09-12', false],
      ['NV', '2026-09-01', '2026-09-02', false], // no row: no grace period in the table
    ] as const)('returns for %s, due %s, a fee dated %s: too early %s', (state, due, on, early) => {
      expect(lateFeeTooEarly(state, due, on) !== undefined).toBe(early);
    });

    it('returns the first lawful day and the section', () => {
      expect(lateFeeTooEarly('ME', '2026-09-01', '2026-09-10')).toEqual({
        graceDays: 15,
        earliest: '2026-09-17',
        source: expect.stringMatching(/tit\. 9-A, § 2-502\(1\)\(A\)/),
      });
    });
  });

  describe('interestCeiling', () => {
    it("returns Arizona's 3% for a medical debt (A.R.S. § 44-1201(A)(1)) and the engine's 36% for others", () => {
      expect(interestCeiling('AZ', 'medical')).toMatchObject({
        maxAnnualBasisPoints: 300,
        source: expect.stringMatching(/44-1201\(A\)\(1\)/),
      });
      expect(interestCeiling('AZ', 'written-contract').maxAnnualBasisPoints).toBe(3600);
      expect(interestCeiling('AZ').maxAnnualBasisPoints).toBe(3600);
      expect(interestCeiling('CA', 'medical').maxAnnualBasisPoints).toBe(1000);
    });

    it.each([
      ['CT', 'medical', 500, /37-3a\(b\)/],
      ['CT', 'open-account', 1200, /37-4/],
      ['NY', 'open-account', 1600, /14-a/],
      ['FL', 'written-contract', 1800, /687\.02\(1\)/],
      ['PA', 'open-account', 600, /41 P\.S\. § 201\(a\)/],
      ['TX', 'open-account', 1800, /303\.009/],
      ['NJ', 'written-contract', 1600, /31:1-1\(a\)/],
      ['MA', 'medical', 2000, /c\. 271, § 49/],
      ['CA-ON', 'open-account', 3500, /Criminal Code.*s\. 347/],
      ['CA-QC', 'medical', 3500, /s\. 347/],
    ] as const)('returns %s %s at %i basis points from its section', (state, debtType, bp, source) => {
      const c = interestCeiling(state, debtType);
      expect(c.maxAnnualBasisPoints).toBe(bp);
      expect(c.source).toMatch(source);
    });
  });

  describe('assessChargesExplained (grace periods)', () => {
    it("returns a refusal for a Maine fee the policy would charge 10 days after the due date, and the fee after Maine's 15 days", () => {
      // Prepare: the policy charges after 5 days; Maine's statute allows a fee only after 15.
      const policy: ChargePolicy = { ...fixedFee(500), lateFeeGraceDays: 5 };
      const ledger = ledgerOf({
        customers: [debtor('1 Main St, Portland, ME 04101')],
        invoices: [invoice('I1', 'C1', '2026-09-01', 40_000)],
      });
      const at = (day: string) => assessChargesExplained(ledger, buildBook(ledger, day), policy, day);
      // Act
      const early = at('2026-09-11');
      const lawful = at('2026-09-17');
      // Assess
      expect(early.charges).toEqual([]);
      expect(early.refused).toEqual([
        expect.objectContaining({
          rule: 'fee/before-grace',
          invoiceId: 'I1',
          reason: expect.stringMatching(
            /ME grace period of 15 days .* none may be charged before 2026-09-17/,
          ),
        }),
      ]);
      expect(lawful.charges.map((c) => [c.type, c.amountMinor])).toEqual([['late-fee', 500]]);
      expect(lawful.refused).toEqual([]);
    });

    it('returns interest above 3% refused for an Arizona medical debt, and allowed on a written contract', () => {
      // Prepare
      const policy: ChargePolicy = {
        version: 'v1',
        lateFeeGraceDays: 10,
        interest: { annualRateBasisPoints: 500, graceDays: 0, periodDays: 30 },
      };
      const run = (debtType: 'medical' | 'written-contract') => {
        const ledger = ledgerOf({
          customers: [debtor('1 Main St, Phoenix, AZ 85004', { debtType })],
          invoices: [invoice('I1', 'C1', '2026-09-01', 40_000)],
        });
        return assessChargesExplained(ledger, buildBook(ledger, asOf), policy, asOf);
      };
      // Act / Assess
      expect(run('medical').refused).toEqual([
        expect.objectContaining({
          rule: 'interest/above-ceiling',
          reason: expect.stringMatching(
            /5\.00% a year is above the ceiling of 3\.00% \(Ariz\. Rev\. Stat\. § 44-1201/,
          ),
        }),
      ]);
      expect(run('medical').charges).toEqual([]);
      expect(run('written-contract').charges.map((c) => c.type)).toEqual(['interest']);
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

    it("returns a Texas consumer's USD 25 fee charged: § 345.060 limits retail installment contracts, not invoices", () => {
      expect(charge(debtor('1 Main St, Austin, TX 78701'), fixedFee(2500)).charges).toHaveLength(1);
      expect(lateFeeNotTabled().TX).toMatch(/§ 345\.060\(a\)\(1\).*not applied to invoices/);
      expect(lateFeeNotTabled().MO).toMatch(/§ 408\.330\.1\(3\)/);
    });

    it('returns the fee when it is within the limit, and where the state has none', () => {
      expect(charge(debtor('1 Main St, Madison, WI 53703'), fixedFee(1000)).charges).toHaveLength(1);
      expect(charge(debtor('1 Main St, Las Vegas, NV 89101'), fixedFee(2500)).charges).toHaveLength(1);
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

    it('returns a Wisconsin fee row dated on the 10th day after the due date (too early), and not one dated the 11th', () => {
      // Prepare
      const ledger = (date: string) =>
        ledgerOf({
          customers: [debtor('1 Main St, Madison, WI 53703')],
          invoices: [invoice('I1', 'C1', '2026-09-01', 40_000)],
          adjustments: [feeRow(500, { date })],
        });
      // Act / Assess
      expect(feeRowRefusals(ledger('2026-09-11'), {})).toEqual([
        expect.objectContaining({
          adjustmentId: 'LF-I1',
          rule: 'fee/before-grace',
          reason: expect.stringMatching(/^LF-I1: .*WI grace period of 10 days.*date it 2026-09-12 or later$/),
        }),
      ]);
      expect(feeRowRefusals(ledger('2026-09-12'), {})).toEqual([]);
      // A business's fee row is outside the consumer credit code.
      const business = ledgerOf({
        customers: [debtor('1 Main St, Madison, WI 53703', { debtorType: 'business' })],
        invoices: [invoice('I1', 'C1', '2026-09-01', 40_000)],
        adjustments: [feeRow(500, { date: '2026-09-05' })],
      });
      expect(feeRowRefusals(business, {})).toEqual([]);
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
