// Tests for promises to pay: pending, kept, partly kept, broken and cancelled, by what was posted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePromise, isPromiseActive } from '../../core/collections/promises.js';
import { buildBook } from '../../core/ledger/book.js';
import { addDays } from '../../core/ledger/dates.js';
import type { PromiseToPay } from '../../core/ledger/ledger.js';
import { customer, invoice, ledgerOf, payment } from '../support/ledger-builders.js';

const promise = (over: Partial<PromiseToPay> = {}): PromiseToPay => ({
  row: 0,
  promiseId: 'PR1',
  customerId: 'C1',
  takenOn: '2026-11-01',
  promisedDate: '2026-11-10',
  amountMinor: 50_000,
  currency: 'USD',
  cancelled: false,
  ...over,
});

describe('promises', () => {
  describe('evaluatePromise', () => {
    const cases: {
      name: string;
      payments: ReturnType<typeof payment>[];
      asOf: string;
      over?: Partial<PromiseToPay>;
      status: string;
      paidMinor: number;
    }[] = [
      {
        name: 'pending before the date with nothing paid',
        payments: [],
        asOf: '2026-11-05',
        status: 'pending',
        paidMinor: 0,
      },
      {
        name: 'kept early when paid in full before the date',
        payments: [payment('P1', 'C1', '2026-11-03', 50_000)],
        asOf: '2026-11-05',
        status: 'kept',
        paidMinor: 50_000,
      },
      {
        name: 'kept when two payments add up to the promise',
        payments: [payment('P1', 'C1', '2026-11-03', 20_000), payment('P2', 'C1', '2026-11-12', 30_000)],
        asOf: '2026-11-20',
        status: 'kept',
        paidMinor: 50_000,
      },
      {
        name: 'pending on the last day of grace',
        payments: [payment('P1', 'C1', '2026-11-03', 10_000)],
        asOf: '2026-11-12',
        status: 'pending',
        paidMinor: 10_000,
      },
      {
        name: 'partly kept once grace has passed with some paid',
        payments: [payment('P1', 'C1', '2026-11-03', 10_000)],
        asOf: '2026-11-13',
        status: 'partly-kept',
        paidMinor: 10_000,
      },
      {
        name: 'broken once grace has passed with nothing paid',
        payments: [],
        asOf: '2026-11-13',
        status: 'broken',
        paidMinor: 0,
      },
      {
        name: 'broken when the only payment came after the grace period',
        payments: [payment('P1', 'C1', '2026-11-13', 50_000)],
        asOf: '2026-11-20',
        status: 'broken',
        paidMinor: 0,
      },
      {
        name: 'broken when the only payment came before the promise was taken',
        payments: [payment('P1', 'C1', '2026-10-31', 50_000)],
        asOf: '2026-11-20',
        status: 'broken',
        paidMinor: 0,
      },
      {
        name: 'broken when the payment was in another currency',
        payments: [payment('P1', 'C1', '2026-11-05', 50_000, { currency: 'EUR' })],
        asOf: '2026-11-20',
        status: 'broken',
        paidMinor: 0,
      },
      {
        name: 'broken when the payment was by another customer',
        payments: [payment('P1', 'C2', '2026-11-05', 50_000)],
        asOf: '2026-11-20',
        status: 'broken',
        paidMinor: 0,
      },
      {
        name: 'broken when the payment was returned by the bank',
        payments: [
          payment('P1', 'C1', '2026-11-05', 50_000, { status: 'returned', returnedDate: '2026-11-09' }),
        ],
        asOf: '2026-11-20',
        status: 'broken',
        paidMinor: 0,
      },
      {
        name: 'kept when the payment is returned only after the as-of date',
        payments: [
          payment('P1', 'C1', '2026-11-05', 50_000, { status: 'returned', returnedDate: '2026-11-25' }),
        ],
        asOf: '2026-11-20',
        status: 'kept',
        paidMinor: 50_000,
      },
      {
        name: 'pending when the payment is dated after the as-of date',
        payments: [payment('P1', 'C1', '2026-11-08', 50_000)],
        asOf: '2026-11-07',
        status: 'pending',
        paidMinor: 0,
      },
      {
        name: 'cancelled when staff cancelled it, whatever was paid',
        payments: [],
        asOf: '2026-11-20',
        over: { cancelled: true },
        status: 'cancelled',
        paidMinor: 0,
      },
    ];

    it.each(cases)('returns $status: $name', ({ payments, asOf, over, status, paidMinor }) => {
      // Prepare
      const p = promise(over);
      // Act
      const result = evaluatePromise(p, payments, asOf, 2);
      // Assess
      expect(result).toMatchObject({ status, paidMinor, dueBy: '2026-11-12', currency: 'USD' });
      expect(result.explanation).toContain('PR1');
    });

    it('returns an explanation naming the amounts and the date', () => {
      const result = evaluatePromise(promise(), [payment('P1', 'C1', '2026-11-03', 10_000)], '2026-11-13', 2);
      expect(result.explanation).toBe(
        "Promise PR1 was partly kept: only USD 100.00 of USD 500.00 was paid by 2026-11-12 (2026-11-10 plus 2 days' grace), so dunning resumes.",
      );
    });

    it('returns the same result from the posted payments of a book', () => {
      // Prepare
      const ledger = ledgerOf({
        customers: [customer('C1')],
        invoices: [invoice('INV-1', 'C1', '2026-10-01', 80_000)],
        payments: [
          payment('P1', 'C1', '2026-11-04', 30_000),
          payment('P2', 'C1', '2026-11-06', 20_000, { status: 'returned', returnedDate: '2026-11-08' }),
        ],
      });
      const book = buildBook(ledger, '2026-11-20');
      // Act
      const fromBook = evaluatePromise(promise(), [...book.payments.values()], '2026-11-20', 2);
      const fromLedger = evaluatePromise(promise(), ledger.payments, '2026-11-20', 2);
      // Assess
      expect(fromBook).toEqual(fromLedger);
      expect(fromBook).toMatchObject({ status: 'partly-kept', paidMinor: 30_000 });
    });

    it('throws for negative grace days (a caller bug)', () => {
      expect(() => evaluatePromise(promise(), [], '2026-11-20', -1)).toThrow(RangeError);
    });

    it('returns pending exactly while unpaid and the date plus grace has not passed', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 40 }),
          fc.integer({ min: 0, max: 5 }),
          fc.array(
            fc.record({
              day: fc.integer({ min: -5, max: 40 }),
              amountMinor: fc.integer({ min: 1, max: 30_000 }),
            }),
            {
              maxLength: 5,
            },
          ),
          (asOffset, grace, pays) => {
            // Prepare
            const p = promise();
            const payments = pays.map((x, i) =>
              payment(`P${i}`, 'C1', addDays('2026-11-01', x.day), x.amountMinor),
            );
            const asOf = addDays('2026-11-01', asOffset);
            // Act
            const r = evaluatePromise(p, payments, asOf, grace);
            // Assess
            const expectedPaid = pays
              .filter((x) => x.day >= 0 && x.day <= Math.min(asOffset, 9 + grace))
              .reduce((s, x) => s + x.amountMinor, 0);
            expect(r.paidMinor).toBe(expectedPaid);
            const stillOpen = asOffset <= 9 + grace;
            const expected =
              expectedPaid >= p.amountMinor
                ? 'kept'
                : stillOpen
                  ? 'pending'
                  : expectedPaid > 0
                    ? 'partly-kept'
                    : 'broken';
            expect(r.status).toBe(expected);
          },
        ),
      );
    });
  });

  describe('evaluatePromise on the promised date', () => {
    // The promised date is the last day a payment keeps the promise (plus grace): a payment dated
    // that day counts, evaluated that day, the next day and after the grace; one dated the day
    // after does not (with no grace).
    it.each([
      { paidOn: '2026-11-10', asOf: '2026-11-10', grace: 0, status: 'kept' },
      { paidOn: '2026-11-10', asOf: '2026-11-11', grace: 0, status: 'kept' },
      { paidOn: '2026-11-10', asOf: '2026-12-31', grace: 0, status: 'kept' },
      { paidOn: '2026-11-12', asOf: '2026-11-13', grace: 2, status: 'kept' },
      { paidOn: '2026-11-11', asOf: '2026-11-11', grace: 0, status: 'broken' },
      { paidOn: '2026-11-13', asOf: '2026-11-13', grace: 2, status: 'broken' },
    ])(
      'returns $status for a payment on $paidOn as of $asOf with $grace days of grace',
      ({ paidOn, asOf, grace, status }) => {
        // Act
        const result = evaluatePromise(promise(), [payment('P1', 'C1', paidOn, 50_000)], asOf, grace);
        // Assess
        expect(result.status).toBe(status);
      },
    );
  });

  describe('isPromiseActive', () => {
    it('returns true only for a pending promise', () => {
      const pending = evaluatePromise(promise(), [], '2026-11-05', 0);
      const broken = evaluatePromise(promise(), [], '2026-11-20', 0);
      expect([isPromiseActive(pending), isPromiseActive(broken)]).toEqual([true, false]);
    });
  });
});
