// Tests for aging: bucket boundaries, per-customer and per-currency totals, partition property.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageBook,
  ageColumns,
  bucketIndex,
  DEFAULT_BUCKETS,
  maxDaysPastDue,
  openItemColumns,
  validateBuckets,
} from '../../core/ledger/aging.js';
import { buildBook } from '../../core/ledger/book.js';
import { addDays, toDay } from '../../core/ledger/dates.js';
import { customer, invoice, ledgerOf, payment } from '../support/ledger-builders.js';

const AS_OF = '2026-11-23';

describe('aging', () => {
  describe('bucketIndex', () => {
    it.each([
      [-10, 'current'],
      [0, 'current'],
      [1, '1-30'],
      [30, '1-30'],
      [31, '31-60'],
      [60, '31-60'],
      [61, '61-90'],
      [90, '61-90'],
      [91, '90+'],
      [4000, '90+'],
    ])('puts %i days past due in %s', (dpd, label) => {
      expect(DEFAULT_BUCKETS[bucketIndex(DEFAULT_BUCKETS, dpd)]!.label).toBe(label);
    });
  });

  describe('validateBuckets', () => {
    it('rejects limits that do not increase and an open bucket that is not last', () => {
      expect(() =>
        validateBuckets([
          { label: 'a', maxDays: 30 },
          { label: 'b', maxDays: 10 },
          { label: 'c', maxDays: null },
        ]),
      ).toThrow(RangeError);
      expect(() =>
        validateBuckets([
          { label: 'a', maxDays: null },
          { label: 'b', maxDays: 10 },
        ]),
      ).toThrow(RangeError);
    });
  });

  describe('ageBook', () => {
    it('returns each customer by bucket with unapplied credit beside it', () => {
      // Prepare: one invoice per bucket for C1, a paid-up C2 with credit, a EUR invoice for C1.
      const ledger = ledgerOf({
        customers: [customer('C1'), customer('C2')],
        invoices: [
          invoice('A', 'C1', addDays(AS_OF, 5), 100, { invoiceDate: addDays(AS_OF, -25) }),
          invoice('B', 'C1', addDays(AS_OF, -1), 200),
          invoice('C', 'C1', addDays(AS_OF, -45), 300),
          invoice('D', 'C1', addDays(AS_OF, -61), 400),
          invoice('E', 'C1', addDays(AS_OF, -200), 500),
          invoice('F', 'C1', addDays(AS_OF, -10), 7_000, { currency: 'EUR' }),
          invoice('G', 'C2', addDays(AS_OF, -10), 1_000),
        ],
        payments: [payment('P', 'C2', addDays(AS_OF, -2), 1_250)],
      });
      // Act
      const report = ageBook(buildBook(ledger, AS_OF), AS_OF);
      // Assess
      expect(report.buckets).toEqual(['current', '1-30', '31-60', '61-90', '90+']);
      expect(report.customers).toEqual([
        {
          customerId: 'C1',
          currency: 'EUR',
          totalMinor: 7_000,
          bucketsMinor: [0, 7_000, 0, 0, 0],
          unappliedCreditMinor: 0,
        },
        {
          customerId: 'C1',
          currency: 'USD',
          totalMinor: 1_500,
          bucketsMinor: [100, 200, 300, 400, 500],
          unappliedCreditMinor: 0,
        },
        {
          customerId: 'C2',
          currency: 'USD',
          totalMinor: 0,
          bucketsMinor: [0, 0, 0, 0, 0],
          unappliedCreditMinor: 250,
        },
      ]);
      expect(report.totals).toEqual([
        { currency: 'EUR', totalMinor: 7_000, bucketsMinor: [0, 7_000, 0, 0, 0], unappliedCreditMinor: 0 },
        {
          currency: 'USD',
          totalMinor: 1_500,
          bucketsMinor: [100, 200, 300, 400, 500],
          unappliedCreditMinor: 250,
        },
      ]);
    });

    it('uses custom buckets', () => {
      const ledger = ledgerOf({
        customers: [customer('C1')],
        invoices: [invoice('A', 'C1', addDays(AS_OF, -20), 100)],
      });
      const buckets = [
        { label: 'not due', maxDays: 0 },
        { label: '1-14', maxDays: 14 },
        { label: '15+', maxDays: null },
      ];
      expect(ageBook(buildBook(ledger, AS_OF), AS_OF, buckets).customers[0]!.bucketsMinor).toEqual([
        0, 0, 100,
      ]);
    });

    it('partitions every customer balance across buckets to the cent (property)', () => {
      const arbInvoice = fc.record({
        customer: fc.constantFrom('C1', 'C2', 'C3'),
        dueOffset: fc.integer({ min: -400, max: 60 }),
        amount: fc.integer({ min: 0, max: 1e9 }),
        currency: fc.constantFrom('USD', 'JPY'),
      });
      const arbPayment = fc.record({
        customer: fc.constantFrom('C1', 'C2', 'C3'),
        amount: fc.integer({ min: 1, max: 1e9 }),
        daysAgo: fc.integer({ min: 0, max: 400 }),
      });
      fc.assert(
        fc.property(
          fc.array(arbInvoice, { maxLength: 30 }),
          fc.array(arbPayment, { maxLength: 10 }),
          (invs, pays) => {
            const ledger = ledgerOf({
              customers: [customer('C1'), customer('C2'), customer('C3')],
              invoices: invs.map((v, k) =>
                invoice(`I${k}`, v.customer, addDays(AS_OF, v.dueOffset), v.amount, {
                  invoiceDate: addDays(AS_OF, Math.min(v.dueOffset, 0) - 30),
                  currency: v.currency,
                }),
              ),
              payments: pays.map((p, k) =>
                payment(`P${k}`, p.customer, addDays(AS_OF, -p.daysAgo), p.amount),
              ),
            });
            const book = buildBook(ledger, AS_OF);
            const report = ageBook(book, AS_OF);
            for (const row of report.customers) {
              const account = book.byCustomer.get(row.customerId)!.find((a) => a.currency === row.currency)!;
              expect(row.bucketsMinor.reduce((s, v) => s + v, 0)).toBe(account.openMinor);
              expect(row.totalMinor).toBe(account.openMinor);
              expect(row.totalMinor - row.unappliedCreditMinor).toBe(account.balanceMinor);
            }
            for (const t of report.totals) {
              const sum = report.customers
                .filter((c) => c.currency === t.currency)
                .reduce((s, c) => s + c.totalMinor, 0);
              expect(t.totalMinor).toBe(sum);
            }
          },
        ),
      );
    });
  });

  describe('ageColumns', () => {
    it('returns the same sums as ageBook for any buckets (property)', () => {
      const arbBuckets = fc
        .uniqueArray(fc.integer({ min: -10, max: 200 }), { minLength: 0, maxLength: 5 })
        .map((limits) => [
          ...limits.sort((a, b) => a - b).map((d) => ({ label: `<=${d}`, maxDays: d })),
          { label: 'rest', maxDays: null },
        ]);
      const arbInvoice = fc.record({
        customer: fc.constantFrom('C1', 'C2'),
        dueOffset: fc.integer({ min: -300, max: 30 }),
        amount: fc.integer({ min: 1, max: 1e6 }),
        currency: fc.constantFrom('USD', 'EUR'),
      });
      fc.assert(
        fc.property(arbBuckets, fc.array(arbInvoice, { maxLength: 25 }), (buckets, invs) => {
          const ledger = ledgerOf({
            customers: [customer('C1'), customer('C2')],
            invoices: invs.map((v, k) =>
              invoice(`I${k}`, v.customer, addDays(AS_OF, v.dueOffset), v.amount, {
                invoiceDate: addDays(AS_OF, -400),
                currency: v.currency,
              }),
            ),
          });
          const book = buildBook(ledger, AS_OF);
          const cols = openItemColumns(book);
          const sums = ageColumns(cols, toDay(AS_OF), buckets);
          for (const row of ageBook(book, AS_OF, buckets).customers) {
            const base =
              (cols.customerIds.indexOf(row.customerId) * cols.currencies.length +
                cols.currencies.indexOf(row.currency)) *
              buckets.length;
            expect([...sums.subarray(base, base + buckets.length)]).toEqual(row.bucketsMinor);
          }
        }),
      );
    });
  });

  describe('maxDaysPastDue', () => {
    it('returns the oldest open undisputed item, 0 when nothing is overdue', () => {
      const ledger = ledgerOf({
        customers: [customer('C1')],
        invoices: [
          invoice('A', 'C1', addDays(AS_OF, -90), 100, { status: 'disputed' }),
          invoice('B', 'C1', addDays(AS_OF, -12), 100),
          invoice('C', 'C1', addDays(AS_OF, 3), 100),
        ],
      });
      expect(maxDaysPastDue(buildBook(ledger, AS_OF).accounts[0]!, AS_OF)).toBe(12);
      expect(maxDaysPastDue(buildBook(ledger, AS_OF).accounts[0]!, addDays(AS_OF, -20))).toBe(0);
    });
  });
});
