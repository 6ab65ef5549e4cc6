// Tests for payment plans: schedules that reconcile to the cent, the sidebar preview, and plan standing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluatePlan,
  isPlanActive,
  MAX_INSTALLMENTS,
  planSchedule,
  proposePlan,
} from '../../core/collections/plans.js';
import { addDays, toDay } from '../../core/ledger/dates.js';
import type { PaymentPlan } from '../../core/ledger/ledger.js';
import { PLAN_FREQUENCIES } from '../../core/ledger/ledger.js';
import { payment } from '../support/ledger-builders.js';

const plan = (over: Partial<PaymentPlan> = {}): PaymentPlan => ({
  row: 0,
  planId: 'PL1',
  customerId: 'C1',
  startDate: '2026-01-15',
  totalMinor: 30_000,
  currency: 'USD',
  installments: 3,
  frequency: 'monthly',
  graceDays: 5,
  cancelled: false,
  ...over,
});

describe('plans', () => {
  describe('planSchedule', () => {
    it('returns monthly due dates counted from the first one, so Jan 31 does not drift to the 28th', () => {
      // Prepare
      const p = plan({ startDate: '2026-01-31', totalMinor: 10_000, installments: 4 });
      // Act
      const schedule = planSchedule(p);
      // Assess
      expect(schedule).toEqual([
        { number: 1, dueDate: '2026-01-31', amountMinor: 2_500 },
        { number: 2, dueDate: '2026-02-28', amountMinor: 2_500 },
        { number: 3, dueDate: '2026-03-31', amountMinor: 2_500 },
        { number: 4, dueDate: '2026-04-30', amountMinor: 2_500 },
      ]);
    });

    it('returns the extra cents on the earliest installments', () => {
      const amounts = planSchedule(plan({ totalMinor: 10_000, installments: 3 })).map((i) => i.amountMinor);
      expect(amounts).toEqual([3_334, 3_333, 3_333]);
    });

    it.each([
      ['weekly', ['2026-12-28', '2027-01-04', '2027-01-11']],
      ['biweekly', ['2026-12-28', '2027-01-11', '2027-01-25']],
    ] as const)('returns %s due dates by days', (frequency, dates) => {
      const schedule = planSchedule(plan({ startDate: '2026-12-28', frequency }));
      expect(schedule.map((i) => i.dueDate)).toEqual(dates);
    });

    it('returns installments that add up to the total exactly, near-equal and in date order', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 10_000_000_000 }),
          fc.integer({ min: 1, max: 60 }),
          fc.constantFrom(...PLAN_FREQUENCIES),
          fc.integer({ min: 0, max: 3000 }),
          (totalMinor, installments, frequency, startOffset) => {
            fc.pre(installments <= totalMinor);
            // Prepare
            const p = plan({
              totalMinor,
              installments,
              frequency,
              startDate: addDays('2024-01-01', startOffset),
            });
            // Act
            const schedule = planSchedule(p);
            // Assess
            expect(schedule).toHaveLength(installments);
            expect(schedule.reduce((s, i) => s + i.amountMinor, 0)).toBe(totalMinor);
            const amounts = schedule.map((i) => i.amountMinor);
            expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
            for (let k = 1; k < schedule.length; k++) {
              expect(toDay(schedule[k]!.dueDate)).toBeGreaterThan(toDay(schedule[k - 1]!.dueDate));
            }
          },
        ),
      );
    });
  });

  describe('proposePlan', () => {
    it('returns an even split for a number of installments', () => {
      // Act
      const result = proposePlan({
        balanceMinor: 100_000,
        currency: 'USD',
        firstDue: '2026-12-01',
        frequency: 'monthly',
        installments: 3,
      });
      // Assess
      expect(result).toEqual({
        ok: true,
        currency: 'USD',
        totalMinor: 100_000,
        frequency: 'monthly',
        lastDue: '2027-02-01',
        installments: [
          { number: 1, dueDate: '2026-12-01', amountMinor: 33_334 },
          { number: 2, dueDate: '2027-01-01', amountMinor: 33_333 },
          { number: 3, dueDate: '2027-02-01', amountMinor: 33_333 },
        ],
      });
    });

    it('returns fixed installments with a smaller last one for an installment amount', () => {
      const result = proposePlan({
        balanceMinor: 25_000,
        currency: 'USD',
        firstDue: '2026-12-01',
        frequency: 'biweekly',
        installmentMinor: 10_000,
      });
      expect(result.ok && result.installments).toEqual([
        { number: 1, dueDate: '2026-12-01', amountMinor: 10_000 },
        { number: 2, dueDate: '2026-12-15', amountMinor: 10_000 },
        { number: 3, dueDate: '2026-12-29', amountMinor: 5_000 },
      ]);
    });

    it('returns every problem at once, each with its field and code', () => {
      // Act
      const result = proposePlan({
        balanceMinor: -5,
        currency: 'XXX',
        firstDue: '2026-02-30',
        frequency: 'daily' as 'weekly',
        installments: 3,
      });
      // Assess
      expect(result.ok).toBe(false);
      expect(!result.ok && result.problems.map((p) => [p.field, p.code])).toEqual([
        ['balanceMinor', 'PLAN.BALANCE_NOT_POSITIVE'],
        ['currency', 'PLAN.CURRENCY_UNKNOWN'],
        ['firstDue', 'PLAN.FIRST_DUE_INVALID'],
        ['frequency', 'PLAN.FREQUENCY_INVALID'],
      ]);
    });

    it.each([
      [{ installments: 3, installmentMinor: 100 }, 'PLAN.COUNT_OR_AMOUNT'],
      [{}, 'PLAN.COUNT_OR_AMOUNT'],
      [{ installments: 0 }, 'PLAN.COUNT_INVALID'],
      [{ installments: 2.5 }, 'PLAN.COUNT_INVALID'],
      [{ installments: MAX_INSTALLMENTS + 1 }, 'PLAN.COUNT_INVALID'],
      [{ installmentMinor: 0 }, 'PLAN.AMOUNT_NOT_POSITIVE'],
      [{ installmentMinor: 10 }, 'PLAN.AMOUNT_TOO_SMALL'],
    ])('returns a problem for %j', (over, code) => {
      const result = proposePlan({
        balanceMinor: 10_000,
        currency: 'USD',
        firstDue: '2026-12-01',
        frequency: 'weekly',
        ...over,
      });
      expect(!result.ok && result.problems.map((p) => p.code)).toEqual([code]);
    });

    it('returns a problem when there are more installments than cents to spread', () => {
      const result = proposePlan({
        balanceMinor: 5,
        currency: 'JPY',
        firstDue: '2026-12-01',
        frequency: 'weekly',
        installments: 6,
      });
      expect(!result.ok && result.problems.map((p) => p.code)).toEqual(['PLAN.COUNT_TOO_LARGE']);
    });

    it('returns schedules that add up to the balance for any installment amount', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 1_000_000 }),
          fc.integer({ min: 1, max: 1_000_000 }),
          (balanceMinor, installmentMinor) => {
            const result = proposePlan({
              balanceMinor,
              currency: 'USD',
              firstDue: '2026-12-01',
              frequency: 'monthly',
              installmentMinor,
            });
            if (!result.ok) {
              expect(Math.ceil(balanceMinor / installmentMinor)).toBeGreaterThan(MAX_INSTALLMENTS);
              return;
            }
            expect(result.installments.reduce((s, i) => s + i.amountMinor, 0)).toBe(balanceMinor);
            expect(
              result.installments.every((i) => i.amountMinor > 0 && i.amountMinor <= installmentMinor),
            ).toBe(true);
          },
        ),
      );
    });
  });

  describe('evaluatePlan', () => {
    // Installments of 100.00 on Jan 15, Feb 15, Mar 15 2026; 5 days' grace.
    const cases: {
      name: string;
      payments: ReturnType<typeof payment>[];
      asOf: string;
      over?: Partial<PaymentPlan>;
      status: string;
      paidMinor: number;
      dueSoFarMinor: number;
      missed?: number;
    }[] = [
      {
        name: 'before the first installment',
        payments: [],
        asOf: '2026-01-10',
        status: 'in-good-standing',
        paidMinor: 0,
        dueSoFarMinor: 0,
      },
      {
        name: 'first installment due but still within grace',
        payments: [],
        asOf: '2026-01-20',
        status: 'in-good-standing',
        paidMinor: 0,
        dueSoFarMinor: 10_000,
      },
      {
        name: 'first installment missed once grace has passed',
        payments: [],
        asOf: '2026-01-21',
        status: 'broken',
        paidMinor: 0,
        dueSoFarMinor: 10_000,
        missed: 1,
      },
      {
        name: 'installment paid on the last day of grace',
        payments: [payment('P1', 'C1', '2026-01-20', 10_000)],
        asOf: '2026-02-01',
        status: 'in-good-standing',
        paidMinor: 10_000,
        dueSoFarMinor: 10_000,
      },
      {
        name: 'second installment short after grace',
        payments: [payment('P1', 'C1', '2026-01-15', 10_000), payment('P2', 'C1', '2026-02-15', 9_999)],
        asOf: '2026-02-21',
        status: 'broken',
        paidMinor: 19_999,
        dueSoFarMinor: 20_000,
        missed: 2,
      },
      {
        name: 'one early double payment covering two installments',
        payments: [payment('P1', 'C1', '2026-01-15', 20_000)],
        asOf: '2026-03-01',
        status: 'in-good-standing',
        paidMinor: 20_000,
        dueSoFarMinor: 20_000,
      },
      {
        name: 'catching up after an installment was missed leaves it broken',
        payments: [payment('P1', 'C1', '2026-01-25', 10_000)],
        asOf: '2026-02-01',
        status: 'broken',
        paidMinor: 10_000,
        dueSoFarMinor: 10_000,
        missed: 1,
      },
      {
        name: 'a returned payment no longer covers its installment',
        payments: [
          payment('P1', 'C1', '2026-01-15', 10_000, { status: 'returned', returnedDate: '2026-01-19' }),
        ],
        asOf: '2026-01-25',
        status: 'broken',
        paidMinor: 0,
        dueSoFarMinor: 10_000,
        missed: 1,
      },
      {
        name: 'a first installment paid a day early counts',
        payments: [payment('P1', 'C1', '2026-01-14', 10_000)],
        asOf: '2026-01-25',
        status: 'in-good-standing',
        paidMinor: 10_000,
        dueSoFarMinor: 10_000,
        missed: undefined,
      },
      {
        name: 'a payment more than one period before the first due date does not count',
        payments: [payment('P1', 'C1', '2025-12-14', 10_000)],
        asOf: '2026-01-25',
        status: 'broken',
        paidMinor: 0,
        dueSoFarMinor: 10_000,
        missed: 1,
      },
      {
        name: 'payments in another currency or by another customer do not count',
        payments: [
          payment('P1', 'C1', '2026-01-15', 10_000, { currency: 'EUR' }),
          payment('P2', 'C2', '2026-01-15', 10_000),
        ],
        asOf: '2026-01-25',
        status: 'broken',
        paidMinor: 0,
        dueSoFarMinor: 10_000,
        missed: 1,
      },
      {
        name: 'everything paid',
        payments: [payment('P1', 'C1', '2026-01-15', 10_000), payment('P2', 'C1', '2026-03-01', 20_000)],
        asOf: '2026-03-02',
        status: 'completed',
        paidMinor: 30_000,
        dueSoFarMinor: 20_000,
      },
      {
        name: 'cancelled by staff',
        payments: [],
        asOf: '2026-03-02',
        over: { cancelled: true },
        status: 'cancelled',
        paidMinor: 0,
        dueSoFarMinor: 20_000,
      },
    ];

    it.each(cases)(
      'returns $status: $name',
      ({ payments, asOf, over, status, paidMinor, dueSoFarMinor, missed }) => {
        // Prepare
        const p = plan(over);
        // Act
        const result = evaluatePlan(p, payments, asOf);
        // Assess
        expect(result).toMatchObject({ status, paidMinor, dueSoFarMinor });
        expect(result.missed?.number).toBe(missed);
      },
    );

    it('returns payments counted from an earlier day when asked', () => {
      const result = evaluatePlan(plan(), [payment('P1', 'C1', '2026-01-14', 10_000)], '2026-01-25', {
        countFrom: '2026-01-10',
      });
      expect(result).toMatchObject({ status: 'in-good-standing', paidMinor: 10_000 });
    });

    it('returns an explanation a clerk can read out', () => {
      const result = evaluatePlan(plan(), [], '2026-01-21');
      expect(result.explanation).toBe(
        "Plan PL1 is broken: installment 1 (USD 100.00 due 2026-01-15) was not covered within 5 days' grace, so dunning resumes.",
      );
      expect(isPlanActive(result)).toBe(false);
    });

    it('returns the next installment for a plan in good standing', () => {
      const result = evaluatePlan(plan(), [payment('P1', 'C1', '2026-01-15', 10_000)], '2026-01-20');
      expect(result.nextDue).toEqual({ number: 2, dueDate: '2026-02-15', amountMinor: 10_000 });
      expect(isPlanActive(result)).toBe(true);
    });
  });
});
