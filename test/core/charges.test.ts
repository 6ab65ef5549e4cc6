// Tests for core/collections/charges.ts: late fees, interest and returned-payment fees by policy, and waivers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assessCharges,
  type ChargePolicy,
  formatBasisPoints,
  mulDivHalfUp,
  validateChargePolicy,
  waiveCharge,
} from '../../core/collections/charges.js';
import { buildBook } from '../../core/ledger/book.js';
import { addDays, fromDay, type IsoDate, toDay } from '../../core/ledger/dates.js';
import type { Adjustment, Customer, Invoice, Ledger, Payment } from '../../core/ledger/ledger.js';
import { emptyLedger } from '../../core/ledger/ledger.js';
import * as base from '../support/ledger-builders.js';

function customer(customerId: string, flags: Customer['flags'] = []): Customer {
  // The contract authorises fees and interest (Fees Agreed), as charging requires.
  return { row: 2, customerId, name: `Customer ${customerId}`, flags, feesAgreed: true };
}

/** An invoice of C-1 issued 30 days before it falls due. */
const invoice = (
  invoiceId: string,
  dueDate: IsoDate,
  amountMinor: number,
  extra: Partial<Invoice> = {},
): Invoice =>
  base.invoice(invoiceId, 'C-1', dueDate, amountMinor, { invoiceDate: addDays(dueDate, -30), ...extra });

/** A payment by C-1 (the shared builder with this file's customer). */
const payment = (
  paymentId: string,
  date: IsoDate,
  amountMinor: number,
  extra: Partial<Payment> = {},
): Payment => base.payment(paymentId, 'C-1', date, amountMinor, extra);

const adjustment = (
  extra: Partial<Adjustment> & Pick<Adjustment, 'adjustmentId' | 'type' | 'date' | 'amountMinor'>,
): Adjustment => base.adjustment(extra.adjustmentId, 'C-1', extra.type, extra.date, extra.amountMinor, extra);

function ledgerOf(parts: Partial<Ledger>): Ledger {
  return { ...emptyLedger(), customers: [customer('C-1')], ...parts };
}

function assess(ledger: Ledger, policy: ChargePolicy, asOf: IsoDate): Adjustment[] {
  return assessCharges(ledger, buildBook(ledger, asOf), policy, asOf);
}

const FIXED_25: ChargePolicy = {
  version: 'v1',
  lateFee: { kind: 'fixed', amountMinor: { USD: 2500 } },
  lateFeeGraceDays: 10,
};
const APR_18: ChargePolicy = {
  version: 'v2',
  lateFeeGraceDays: 0,
  interest: { annualRateBasisPoints: 1800, graceDays: 0, periodDays: 30 },
};

describe('charges', () => {
  describe('mulDivHalfUp', () => {
    it.each([
      { a: 123456, b: 150, c: 10000, expected: 1852 },
      { a: 100, b: 150, c: 10000, expected: 2 },
      { a: 100, b: 149, c: 10000, expected: 1 },
      { a: 0, b: 1800, c: 10000, expected: 0 },
      { a: 9_007_199_254_740_991, b: 10000, c: 10000, expected: 9_007_199_254_740_991 },
    ])('returns $expected for $a × $b / $c rounded half-up', ({ a, b, c, expected }) => {
      // Act
      const result = mulDivHalfUp(a, b, c);

      // Assess
      expect(result).toBe(expected);
    });
  });

  describe('formatBasisPoints', () => {
    it('returns a percentage with two decimals', () => {
      // Act / Assess
      expect([formatBasisPoints(1800), formatBasisPoints(150), formatBasisPoints(5)]).toEqual([
        '18.00%',
        '1.50%',
        '0.05%',
      ]);
    });
  });

  describe('validateChargePolicy', () => {
    it('returns nothing for a good policy and throws for fractional or negative figures', () => {
      // Act / Assess
      expect(() => validateChargePolicy(FIXED_25)).not.toThrow();
      expect(() => validateChargePolicy({ ...FIXED_25, lateFeeGraceDays: -1 })).toThrow(RangeError);
      expect(() =>
        validateChargePolicy({ ...FIXED_25, lateFee: { kind: 'percent', basisPoints: 1.5 } }),
      ).toThrow(RangeError);
      expect(() =>
        validateChargePolicy({
          ...APR_18,
          interest: { annualRateBasisPoints: 1800, graceDays: 0, periodDays: 0 },
        }),
      ).toThrow(RangeError);
    });
  });

  describe('assessCharges', () => {
    it.each([
      { asOf: '2026-01-11', label: 'on the last grace day', expected: [] as number[] },
      { asOf: '2026-01-12', label: 'the day after grace ends', expected: [2500] },
      { asOf: '2026-03-01', label: 'long after', expected: [2500] },
    ])('returns a $25 fixed late fee after 10 grace days only $label', ({ asOf, expected }) => {
      // Prepare
      const ledger = ledgerOf({ invoices: [invoice('INV-1', '2026-01-01', 100000)] });

      // Act
      const lines = assess(ledger, FIXED_25, asOf);

      // Assess
      expect(lines.map((l) => l.amountMinor)).toEqual(expected);
    });

    it('returns a late-fee line that explains itself', () => {
      // Prepare
      const ledger = ledgerOf({ invoices: [invoice('INV-1', '2026-01-01', 100000)] });

      // Act
      const [line] = assess(ledger, FIXED_25, '2026-01-12');

      // Assess
      expect(line).toMatchObject({
        row: 0,
        adjustmentId: 'LF-INV-1',
        customerId: 'C-1',
        date: '2026-01-12',
        type: 'late-fee',
        amountMinor: 2500,
        currency: 'USD',
        invoiceId: 'INV-1',
        policy: 'late-fee/v1',
      });
      expect(line?.waivedOn).toBeUndefined();
      expect(line?.note).toContain('fixed fee USD 25.00');
      expect(line?.note).toContain('11 days past due on 2026-01-12');
      expect(line?.note).toContain('10 grace days');
    });

    it.each([
      {
        open: 123456,
        bp: 150,
        cap: undefined,
        expected: 1852,
        capped: false,
        why: '1.5% of USD 1,234.56 = 18.5184',
      },
      {
        open: 100,
        bp: 150,
        cap: undefined,
        expected: 2,
        capped: false,
        why: '1.5% of USD 1.00 = 0.015, half-up',
      },
      {
        open: 100000,
        bp: 500,
        cap: 3000,
        expected: 3000,
        capped: true,
        why: '5% of USD 1,000.00 capped at USD 30.00',
      },
      { open: 100000, bp: 500, cap: 9000, expected: 5000, capped: false, why: 'cap above the fee' },
    ])('returns a percentage late fee of $expected ($why)', ({ open, bp, cap, expected, capped }) => {
      // Prepare
      const ledger = ledgerOf({ invoices: [invoice('INV-1', '2026-01-01', open)] });
      const policy: ChargePolicy = {
        version: 'v1',
        lateFee: { kind: 'percent', basisPoints: bp },
        lateFeeGraceDays: 0,
        lateFeeCapMinor: cap === undefined ? undefined : { USD: cap },
      };

      // Act
      const lines = assess(ledger, policy, '2026-01-02');

      // Assess
      expect(lines.map((l) => l.amountMinor)).toEqual([expected]);
      expect(lines[0]?.note?.includes('capped at')).toBe(capped);
    });

    it('returns a percentage late fee on the open amount after a partial payment', () => {
      // Prepare
      const ledger = ledgerOf({
        invoices: [invoice('INV-1', '2026-01-01', 100000)],
        payments: [payment('P-1', '2025-12-20', 40000)],
      });
      const policy: ChargePolicy = {
        version: 'v1',
        lateFee: { kind: 'percent', basisPoints: 1000 },
        lateFeeGraceDays: 0,
      };

      // Act
      const lines = assess(ledger, policy, '2026-01-05');

      // Assess
      expect(lines.map((l) => l.amountMinor)).toEqual([6000]);
      expect(lines[0]?.note).toContain('10.00% of open USD 600.00 = USD 60.00');
    });

    it('returns no late fee for a paid, a disputed, a void or a not-yet-due invoice', () => {
      // Prepare
      const ledger = ledgerOf({
        invoices: [
          invoice('PAID', '2026-01-01', 5000),
          invoice('DISPUTED', '2026-01-01', 5000, { status: 'disputed' }),
          invoice('VOID', '2026-01-01', 5000, { status: 'void' }),
          invoice('LATER', '2026-03-01', 5000),
        ],
        payments: [payment('P-1', '2026-01-01', 5000, { appliesTo: ['PAID'] })],
      });

      // Act
      const lines = assess(ledger, FIXED_25, '2026-02-15');

      // Assess
      expect(lines).toEqual([]);
    });

    it('returns no second late fee, and none at all after a waived one', () => {
      // Prepare
      const ledger = ledgerOf({
        invoices: [invoice('INV-1', '2026-01-01', 100000), invoice('INV-2', '2026-01-01', 100000)],
        adjustments: [
          adjustment({
            adjustmentId: 'LF-INV-1',
            type: 'late-fee',
            date: '2026-01-12',
            amountMinor: 2500,
            invoiceId: 'INV-1',
          }),
          adjustment({
            adjustmentId: 'LF-INV-2',
            type: 'late-fee',
            date: '2026-01-12',
            amountMinor: 2500,
            invoiceId: 'INV-2',
            waivedOn: '2026-01-20',
          }),
        ],
      });

      // Act
      const lines = assess(ledger, FIXED_25, '2026-02-15');

      // Assess
      expect(lines).toEqual([]);
    });

    it('returns no late fee when a clerk already entered one under another id', () => {
      // Prepare
      const ledger = ledgerOf({
        invoices: [invoice('INV-1', '2026-01-01', 100000)],
        adjustments: [
          adjustment({
            adjustmentId: 'MANUAL-7',
            type: 'late-fee',
            date: '2026-01-15',
            amountMinor: 1000,
            invoiceId: 'INV-1',
          }),
        ],
      });

      // Act
      const lines = assess(ledger, FIXED_25, '2026-02-15');

      // Assess
      expect(lines).toEqual([]);
    });

    it('returns no fixed late fee in a currency the policy does not list', () => {
      // Prepare
      const ledger = ledgerOf({ invoices: [invoice('INV-1', '2026-01-01', 100000, { currency: 'EUR' })] });

      // Act
      const lines = assess(ledger, FIXED_25, '2026-02-15');

      // Assess
      expect(lines).toEqual([]);
    });

    it('returns USD 14.79 for 18% APR on USD 1,000.00 over 30 days', () => {
      // Prepare
      const ledger = ledgerOf({ invoices: [invoice('INV-1', '2026-01-01', 100000)] });

      // Act
      const lines = assess(ledger, APR_18, '2026-01-31');

      // Assess
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        adjustmentId: 'INT-INV-1-2026-01-31',
        type: 'interest',
        amountMinor: 1479,
        invoiceId: 'INV-1',
        policy: 'interest/v2',
        date: '2026-01-31',
        row: 0,
      });
      expect(lines[0]?.note).toContain(
        'USD 1,000.00 × 18.00% a year × 30/365 days (2026-01-01 to 2026-01-31) = USD 14.79',
      );
    });

    it.each([
      {
        asOf: '2026-01-30',
        lastLine: undefined,
        expected: [] as string[],
        why: '29 days: less than one period',
      },
      { asOf: '2026-02-15', lastLine: '2026-01-31', expected: [], why: '15 days since the last line' },
      {
        asOf: '2026-03-02',
        lastLine: '2026-01-31',
        expected: ['INT-INV-1-2026-03-02:1479'],
        why: '30 days since the last line',
      },
      {
        asOf: '2026-03-17',
        lastLine: undefined,
        expected: ['INT-INV-1-2026-03-17:3699'],
        why: '75 days in one late line',
      },
    ])('returns $expected for interest when $why', ({ asOf, lastLine, expected }) => {
      // Prepare
      const adjustments = lastLine
        ? [
            adjustment({
              adjustmentId: `INT-INV-1-${lastLine}`,
              type: 'interest',
              date: lastLine,
              amountMinor: 1479,
              invoiceId: 'INV-1',
            }),
          ]
        : [];
      const ledger = ledgerOf({ invoices: [invoice('INV-1', '2026-01-01', 100000)], adjustments });

      // Act
      const lines = assess(ledger, APR_18, asOf);

      // Assess
      expect(lines.map((l) => `${l.adjustmentId}:${l.amountMinor}`)).toEqual(expected);
    });

    it('returns interest from the end of the interest grace days, on the open principal only', () => {
      // Prepare: USD 500.00 left after a partial payment; fees are not charged interest.
      const ledger = ledgerOf({
        invoices: [invoice('INV-1', '2026-01-01', 100000)],
        payments: [payment('P-1', '2026-01-05', 50000, { appliesTo: ['INV-1'] })],
        adjustments: [
          adjustment({
            adjustmentId: 'LF-INV-1',
            type: 'late-fee',
            date: '2026-01-12',
            amountMinor: 2500,
            invoiceId: 'INV-1',
          }),
        ],
      });
      const policy: ChargePolicy = {
        version: 'v3',
        lateFeeGraceDays: 10,
        interest: { annualRateBasisPoints: 1200, graceDays: 15, periodDays: 30 },
      };

      // Act
      const early = assess(ledger, policy, '2026-02-14');
      const lines = assess(ledger, policy, '2026-02-15');

      // Assess: interest runs from 2026-01-16; 50000 × 12% × 30/365 = 493.15 -> 493.
      expect(early).toEqual([]);
      expect(lines.map((l) => [l.adjustmentId, l.amountMinor])).toEqual([['INT-INV-1-2026-02-15', 493]]);
    });

    it.each([
      { already: 0, expected: [1000], why: 'the first line is cut to the 1% cap of USD 10.00' },
      { already: 600, expected: [400], why: 'only the room left under the cap is charged' },
      { already: 1000, expected: [], why: 'the cap is reached' },
    ])('returns $expected interest when $why', ({ already, expected }) => {
      // Prepare
      const adjustments =
        already > 0
          ? [
              adjustment({
                adjustmentId: 'INT-INV-1-2026-01-31',
                type: 'interest',
                date: '2026-01-31',
                amountMinor: already,
                invoiceId: 'INV-1',
              }),
            ]
          : [];
      const ledger = ledgerOf({ invoices: [invoice('INV-1', '2026-01-01', 100000)], adjustments });
      const policy: ChargePolicy = { ...APR_18, interest: { ...APR_18.interest!, capBasisPoints: 100 } };

      // Act
      const lines = assess(ledger, policy, '2026-03-02');

      // Assess
      expect(lines.map((l) => l.amountMinor)).toEqual(expected);
      if (expected.length > 0)
        expect(lines[0]?.note).toContain('by the cap of 1.00% of USD 1,000.00 = USD 10.00');
    });

    it('returns interest that counts a waived interest line toward the cap and the period', () => {
      // Prepare
      const ledger = ledgerOf({
        invoices: [invoice('INV-1', '2026-01-01', 100000)],
        adjustments: [
          adjustment({
            adjustmentId: 'INT-INV-1-2026-01-31',
            type: 'interest',
            date: '2026-01-31',
            amountMinor: 1000,
            invoiceId: 'INV-1',
            waivedOn: '2026-02-01',
          }),
        ],
      });
      const capped: ChargePolicy = { ...APR_18, interest: { ...APR_18.interest!, capBasisPoints: 100 } };

      // Act
      const withCap = assess(ledger, capped, '2026-03-10');
      const inPeriod = assess(ledger, APR_18, '2026-02-20');

      // Assess
      expect(withCap).toEqual([]);
      expect(inPeriod).toEqual([]);
    });

    it('returns a returned-payment fee once per returned payment, when the policy has one for the currency', () => {
      // Prepare
      const ledger = ledgerOf({
        invoices: [invoice('INV-1', '2026-03-01', 100000)],
        payments: [
          payment('P-1', '2026-02-01', 20000, { status: 'returned', returnedDate: '2026-02-05' }),
          payment('P-2', '2026-02-01', 20000, { status: 'returned', returnedDate: '2026-02-20' }),
          payment('P-3', '2026-02-01', 20000, {
            status: 'returned',
            returnedDate: '2026-02-03',
            currency: 'EUR',
          }),
          payment('P-4', '2026-02-01', 20000, { status: 'returned', returnedDate: '2026-02-03' }),
          payment('P-5', '2026-02-01', 20000),
        ],
        adjustments: [
          adjustment({
            adjustmentId: 'RPF-P-4',
            type: 'returned-payment-fee',
            date: '2026-02-03',
            amountMinor: 3000,
          }),
        ],
      });
      const policy: ChargePolicy = {
        version: 'v1',
        lateFeeGraceDays: 0,
        returnedPaymentFee: { amountMinor: { USD: 3000 } },
      };

      // Act
      const lines = assess(ledger, policy, '2026-02-10');

      // Assess
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        adjustmentId: 'RPF-P-1',
        type: 'returned-payment-fee',
        amountMinor: 3000,
        date: '2026-02-10',
        policy: 'returned-payment-fee/v1',
      });
      expect(lines[0]?.invoiceId).toBeUndefined();
      expect(lines[0]?.note).toContain('payment P-1 of USD 200.00 made 2026-02-01 was returned 2026-02-05');
    });

    it('returns nothing for customers in bankruptcy, deceased or disputing the account', () => {
      // Prepare
      const ledger: Ledger = {
        ...emptyLedger(),
        customers: [
          customer('C-B', ['bankruptcy']),
          customer('C-D', ['deceased']),
          customer('C-X', ['dispute']),
        ],
        invoices: ['C-B', 'C-D', 'C-X'].map((c) =>
          invoice(`INV-${c}`, '2026-01-01', 100000, { customerId: c }),
        ),
      };

      // Act
      const lines = assess(ledger, { ...FIXED_25, interest: APR_18.interest }, '2026-03-01');

      // Assess
      expect(lines).toEqual([]);
    });

    it('returns an error when the book is not as of the assessment date', () => {
      // Prepare
      const ledger = ledgerOf({ invoices: [invoice('INV-1', '2026-01-01', 100000)] });

      // Act / Assess
      expect(() => assessCharges(ledger, buildBook(ledger, '2026-01-01'), FIXED_25, '2026-02-01')).toThrow(
        RangeError,
      );
    });

    it('returns nothing new when run again on the same day or later after its lines were posted (property)', () => {
      // Prepare
      const policy: ChargePolicy = {
        version: 'p',
        lateFee: { kind: 'percent', basisPoints: 150 },
        lateFeeGraceDays: 5,
        lateFeeCapMinor: { USD: 5000 },
        interest: { annualRateBasisPoints: 1800, graceDays: 0, periodDays: 30, capBasisPoints: 1000 },
        returnedPaymentFee: { amountMinor: { USD: 2500 } },
      };
      const base = toDay('2026-01-01');
      const arbInvoice = fc.record({
        due: fc.integer({ min: 0, max: 200 }),
        amount: fc.integer({ min: 1, max: 5_000_000 }),
      });
      const arbPayment = fc.record({
        day: fc.integer({ min: 0, max: 200 }),
        amount: fc.integer({ min: 1, max: 2_000_000 }),
        returnedAfter: fc.option(fc.integer({ min: 0, max: 20 })),
      });
      fc.assert(
        fc.property(
          fc.array(arbInvoice, { maxLength: 6 }),
          fc.array(arbPayment, { maxLength: 4 }),
          fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 6 }),
          (invs, pays, runDays) => {
            let ledger = ledgerOf({
              invoices: invs.map((v, i) => invoice(`I${i}`, fromDay(base + v.due), v.amount)),
              payments: pays.map((p, i) =>
                payment(`P${i}`, fromDay(base + p.day), p.amount, {
                  status: p.returnedAfter === null ? 'posted' : 'returned',
                  returnedDate:
                    p.returnedAfter === null ? undefined : fromDay(base + p.day + p.returnedAfter),
                }),
              ),
            });
            // Act: a daily run on each of the days, posting what it assesses.
            for (const d of [...runDays].sort((a, b) => a - b)) {
              const asOf = fromDay(base + d);
              const lines = assess(ledger, policy, asOf);
              const ids = new Set(ledger.adjustments.map((a) => a.adjustmentId));
              // Assess
              for (const l of lines) expect(ids.has(l.adjustmentId)).toBe(false);
              ledger = { ...ledger, adjustments: [...ledger.adjustments, ...lines] };
              expect(assess(ledger, policy, asOf)).toEqual([]);
            }
            const lateFees = ledger.adjustments.filter((a) => a.type === 'late-fee').map((a) => a.invoiceId);
            expect(new Set(lateFees).size).toBe(lateFees.length);
            for (const inv of ledger.invoices) {
              const interest = ledger.adjustments.filter(
                (a) => a.type === 'interest' && a.invoiceId === inv.invoiceId,
              );
              expect(interest.reduce((s, a) => s + a.amountMinor, 0)).toBeLessThanOrEqual(
                mulDivHalfUp(inv.amountMinor, 1000, 10000),
              );
            }
          },
        ),
      );
    });
  });

  describe('waiveCharge', () => {
    it('returns a waived copy that stays in the ledger but leaves the balance', () => {
      // Prepare
      const fee = adjustment({
        adjustmentId: 'LF-INV-1',
        type: 'late-fee',
        date: '2026-01-12',
        amountMinor: 2500,
        invoiceId: 'INV-1',
        note: 'Late fee.',
      });
      const ledger = ledgerOf({ invoices: [invoice('INV-1', '2026-01-01', 100000)], adjustments: [fee] });

      // Act
      const waived = waiveCharge(fee, '2026-01-20', 'first time, goodwill');
      const after: Ledger = { ...ledger, adjustments: [waived] };

      // Assess
      expect(fee.waivedOn).toBeUndefined();
      expect(waived).toMatchObject({ adjustmentId: 'LF-INV-1', amountMinor: 2500, waivedOn: '2026-01-20' });
      expect(waived.note).toBe('Late fee. Waived 2026-01-20: first time, goodwill.');
      expect(buildBook(after, '2026-01-19').accounts[0]?.balanceMinor).toBe(102500);
      expect(buildBook(after, '2026-01-20').accounts[0]?.balanceMinor).toBe(100000);
      expect(assess(after, FIXED_25, '2026-03-01')).toEqual([]);
    });

    it('returns an already waived line unchanged and rejects credits and early dates', () => {
      // Prepare
      const waived = adjustment({
        adjustmentId: 'LF-1',
        type: 'late-fee',
        date: '2026-01-12',
        amountMinor: 2500,
        waivedOn: '2026-01-13',
      });
      const credit = adjustment({
        adjustmentId: 'CN-1',
        type: 'credit-note',
        date: '2026-01-12',
        amountMinor: 2500,
      });

      // Act / Assess
      expect(waiveCharge(waived, '2026-02-01')).toBe(waived);
      expect(() => waiveCharge(credit, '2026-02-01')).toThrow(RangeError);
      expect(() => waiveCharge({ ...waived, waivedOn: undefined }, '2026-01-01')).toThrow(RangeError);
    });
  });
});
