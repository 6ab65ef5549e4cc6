// Tests for core/reports/reports.ts: aging summary shares, countback DSO, collection effectiveness index, ledger inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageBook } from '../../core/ledger/aging.js';
import { buildBook } from '../../core/ledger/book.js';
import { addDays, type IsoDate } from '../../core/ledger/dates.js';
import type { Invoice, Ledger, Payment } from '../../core/ledger/ledger.js';
import { emptyLedger } from '../../core/ledger/ledger.js';
import {
  agingSummary,
  ceiFromLedger,
  collectionEffectivenessIndex,
  countbackDso,
  countbackDsoFromLedger,
  creditSales,
  creditSalesByMonth,
  receivablesAt,
  shareBasisPoints,
} from '../../core/reports/reports.js';

function invoice(
  invoiceId: string,
  customerId: string,
  invoiceDate: IsoDate,
  dueDate: IsoDate,
  amountMinor: number,
  extra: Partial<Invoice> = {},
): Invoice {
  return {
    row: 2,
    invoiceId,
    customerId,
    invoiceDate,
    dueDate,
    amountMinor,
    currency: 'USD',
    status: 'open',
    ...extra,
  };
}

function payment(
  paymentId: string,
  customerId: string,
  date: IsoDate,
  amountMinor: number,
  appliesTo: string[] = [],
  extra: Partial<Payment> = {},
): Payment {
  return {
    row: 2,
    paymentId,
    customerId,
    date,
    amountMinor,
    currency: 'USD',
    appliesTo,
    status: 'posted',
    ...extra,
  };
}

/** Beginning AR USD 2,000 at the end of February; March sales USD 4,000; USD 2,500 collected in March. */
function quarterLedger(): Ledger {
  return {
    ...emptyLedger(),
    invoices: [
      invoice('INV-A', 'C-1', '2026-01-20', '2026-02-19', 200000),
      invoice('INV-B', 'C-2', '2026-03-10', '2026-04-09', 300000),
      invoice('INV-C', 'C-1', '2026-03-01', '2026-03-15', 100000),
      invoice('INV-V', 'C-1', '2026-03-02', '2026-03-16', 999900, { status: 'void' }),
      invoice('INV-E', 'C-3', '2026-03-05', '2026-03-20', 50000, { currency: 'EUR' }),
    ],
    payments: [
      payment('P-1', 'C-1', '2026-03-05', 200000, ['INV-A']),
      payment('P-2', 'C-1', '2026-03-20', 50000, ['INV-C']),
    ],
  };
}

describe('reports', () => {
  describe('shareBasisPoints', () => {
    it.each([
      { parts: [1, 1, 1], expected: [3334, 3333, 3333] },
      { parts: [5, 0, 5], expected: [5000, 0, 5000] },
      { parts: [2, 1], expected: [6667, 3333] },
      { parts: [0, 0, 0], expected: [0, 0, 0] },
      { parts: [9_007_199_254_740_991, 1], expected: [10000, 0] },
    ])('returns $expected for $parts', ({ parts, expected }) => {
      // Act / Assess
      expect(shareBasisPoints(parts)).toEqual(expected);
    });

    it('returns shares summing to exactly 10000, each within one basis point of the exact share (property)', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 1_000_000_000_000 }), { minLength: 1, maxLength: 8 }),
          (parts) => {
            // Act
            const shares = shareBasisPoints(parts);

            // Assess
            const total = parts.reduce((s, p) => s + BigInt(p), 0n);
            if (total === 0n) {
              expect(shares.every((s) => s === 0)).toBe(true);
              return;
            }
            expect(shares.reduce((s, v) => s + v, 0)).toBe(10000);
            parts.forEach((p, i) => {
              const floor = Number((BigInt(p) * 10000n) / total);
              expect(shares[i]! - floor).toBeGreaterThanOrEqual(0);
              expect(shares[i]! - floor).toBeLessThanOrEqual(1);
            });
          },
        ),
      );
    });
  });

  describe('agingSummary', () => {
    it('returns per-currency totals, bucket shares and the customers past due', () => {
      // Prepare
      const ledger = quarterLedger();
      const report = ageBook(buildBook(ledger, '2026-03-31'), '2026-03-31');

      // Act
      const summary = agingSummary(report);

      // Assess: C-1 owes INV-C 500.00 16 days late; C-2 owes INV-B 3,000.00 not yet due; C-3 EUR 500.00 11 days late.
      expect(summary.buckets).toEqual(['current', '1-30', '31-60', '61-90', '90+']);
      expect(summary.currencies).toEqual([
        {
          currency: 'EUR',
          totalMinor: 50000,
          bucketsMinor: [0, 50000, 0, 0, 0],
          bucketSharesBasisPoints: [0, 10000, 0, 0, 0],
          unappliedCreditMinor: 0,
          customerCount: 1,
          customersPastDue: 1,
          pastDueMinor: 50000,
        },
        {
          currency: 'USD',
          totalMinor: 350000,
          bucketsMinor: [300000, 50000, 0, 0, 0],
          bucketSharesBasisPoints: [8571, 1429, 0, 0, 0],
          unappliedCreditMinor: 0,
          customerCount: 2,
          customersPastDue: 1,
          pastDueMinor: 50000,
        },
      ]);
    });
  });

  describe('agingSummary (property)', () => {
    it('returns bucket shares that sum to exactly 10000 for every currency with something open', () => {
      const arbInvoice = fc.record({
        customer: fc.constantFrom('C-1', 'C-2', 'C-3'),
        currency: fc.constantFrom('USD', 'EUR', 'JPY'),
        dueOffset: fc.integer({ min: -200, max: 30 }),
        amount: fc.integer({ min: 1, max: 10_000_000 }),
      });
      fc.assert(
        fc.property(fc.array(arbInvoice, { maxLength: 12 }), (rows) => {
          // Prepare
          const invoices = rows.map((r, i) =>
            invoice(`I${i}`, r.customer, '2026-01-01', addDays('2026-06-30', r.dueOffset), r.amount, {
              currency: r.currency,
            }),
          );
          const ledger: Ledger = { ...emptyLedger(), invoices };

          // Act
          const summary = agingSummary(ageBook(buildBook(ledger, '2026-06-30'), '2026-06-30'));

          // Assess
          for (const c of summary.currencies) {
            expect(c.bucketSharesBasisPoints.reduce((s, v) => s + v, 0)).toBe(c.totalMinor > 0 ? 10000 : 0);
            expect(c.bucketsMinor.reduce((s, v) => s + v, 0)).toBe(c.totalMinor);
            expect(c.customersPastDue).toBeLessThanOrEqual(c.customerCount);
          }
        }),
      );
    });
  });

  describe('countbackDso', () => {
    it('returns 71.40 days for the worked example (AR 1.5M; sales Mar 600k, Feb 700k, Jan 500k)', () => {
      // Prepare
      const periods = [
        { label: '2026-03', days: 31, creditSalesMinor: 600_000_00 },
        { label: '2026-02', days: 28, creditSalesMinor: 700_000_00 },
        { label: '2026-01', days: 31, creditSalesMinor: 500_000_00 },
      ];

      // Act
      const dso = countbackDso(1_500_000_00, periods);

      // Assess: 31 + 28 + 200k/500k × 31 = 31 + 28 + 12.4.
      expect(dso.daysHundredths).toBe(7140);
      expect(dso.days).toBe(71.4);
      expect(dso.exhausted).toBe(false);
      expect(dso.steps.map((s) => [s.label, s.arCoveredMinor, s.daysCountedHundredths])).toEqual([
        ['2026-03', 600_000_00, 3100],
        ['2026-02', 700_000_00, 2800],
        ['2026-01', 200_000_00, 1240],
      ]);
      expect(dso.explanation).toContain('2026-01: 20000000/50000000 of 31 days = 12.40');
    });

    it.each([
      { ar: 0, expected: 0, exhausted: false, why: 'nothing is owed' },
      { ar: -5000, expected: 0, exhausted: false, why: 'the customers are in credit' },
      { ar: 100, expected: 1033, exhausted: false, why: 'a third of a 31-day month, rounded half-up' },
      { ar: 300, expected: 3100, exhausted: false, why: 'exactly the latest month' },
      { ar: 1000, expected: 6100, exhausted: true, why: 'the months run out: at least 61 days' },
    ])('returns $expected hundredths when $why', ({ ar, expected, exhausted }) => {
      // Prepare
      const periods = [
        { label: 'M', days: 31, creditSalesMinor: 300 },
        { label: 'M-1', days: 30, creditSalesMinor: 200 },
      ];

      // Act
      const dso = countbackDso(ar, periods);

      // Assess
      expect(dso.daysHundredths).toBe(expected);
      expect(dso.exhausted).toBe(exhausted);
    });

    it('returns every day of a month with no sales while receivables remain', () => {
      // Act
      const dso = countbackDso(100, [
        { label: 'M', days: 31, creditSalesMinor: 0 },
        { label: 'M-1', days: 30, creditSalesMinor: 200 },
      ]);

      // Assess
      expect(dso.daysHundredths).toBe(3100 + 1500);
    });
  });

  describe('collectionEffectivenessIndex', () => {
    it('returns 71.43% for the textbook example (begin 200k, sales 300k, end 250k, end current 150k)', () => {
      // Act
      const cei = collectionEffectivenessIndex({
        beginningArMinor: 200_000_00,
        creditSalesMinor: 300_000_00,
        endingArMinor: 250_000_00,
        endingCurrentArMinor: 150_000_00,
      });

      // Assess: 250k / 350k = 0.714285...
      expect(cei.basisPoints).toBe(7143);
      expect(cei.percent).toBe(71.43);
      expect(cei.explanation).toContain('= 71.43%');
    });

    it.each([
      { b: 1000, s: 1000, e: 500, c: 500, expected: 10000, why: 'all that came due was collected' },
      { b: 1000, s: 1000, e: 2000, c: 500, expected: 0, why: 'nothing was collected' },
      { b: 0, s: 1000, e: 1000, c: 1000, expected: undefined, why: 'nothing came due' },
      { b: 3, s: 0, e: 1, c: 0, expected: 6667, why: 'two thirds, rounded half-up' },
    ])('returns $expected when $why', ({ b, s, e, c, expected }) => {
      // Act
      const cei = collectionEffectivenessIndex({
        beginningArMinor: b,
        creditSalesMinor: s,
        endingArMinor: e,
        endingCurrentArMinor: c,
      });

      // Assess
      expect(cei.basisPoints).toBe(expected);
    });
  });

  describe('receivablesAt', () => {
    it('returns gross open items and the current bucket per currency', () => {
      // Act
      const ar = receivablesAt(quarterLedger(), '2026-03-31');

      // Assess
      expect(ar).toEqual([
        { currency: 'EUR', arMinor: 50000, currentMinor: 0, unappliedCreditMinor: 0 },
        { currency: 'USD', arMinor: 350000, currentMinor: 300000, unappliedCreditMinor: 0 },
      ]);
    });
  });

  describe('creditSales', () => {
    it('returns invoiced amounts per currency in the period, void invoices left out', () => {
      // Act
      const sales = creditSales(quarterLedger(), '2026-03-01', '2026-03-31');

      // Assess
      expect(sales).toEqual([
        { currency: 'EUR', creditSalesMinor: 50000 },
        { currency: 'USD', creditSalesMinor: 400000 },
      ]);
    });
  });

  describe('creditSalesByMonth', () => {
    it('returns calendar months latest first, the latest one only up to the as-of date', () => {
      // Prepare: an invoice after the as-of date does not count.
      const ledger = quarterLedger();
      ledger.invoices.push(invoice('INV-L', 'C-1', '2026-03-20', '2026-04-19', 70000));

      // Act
      const byMonth = creditSalesByMonth(ledger, '2026-03-15', 3);

      // Assess
      const usd = byMonth.find((c) => c.currency === 'USD');
      expect(usd?.periods).toEqual([
        { label: '2026-03', start: '2026-03-01', end: '2026-03-15', days: 15, creditSalesMinor: 400000 },
        { label: '2026-02', start: '2026-02-01', end: '2026-02-28', days: 28, creditSalesMinor: 0 },
        { label: '2026-01', start: '2026-01-01', end: '2026-01-31', days: 31, creditSalesMinor: 200000 },
      ]);
      expect(byMonth.map((c) => c.currency)).toEqual(['EUR', 'USD']);
    });

    it('returns months across a year end', () => {
      // Act
      const byMonth = creditSalesByMonth(
        { ...emptyLedger(), invoices: [invoice('I', 'C', '2025-12-31', '2026-01-30', 100)] },
        '2026-01-31',
        2,
      );

      // Assess
      expect(byMonth[0]?.periods.map((p) => [p.label, p.days, p.creditSalesMinor])).toEqual([
        ['2026-01', 31, 0],
        ['2025-12', 31, 100],
      ]);
    });
  });

  describe('countbackDsoFromLedger', () => {
    it('returns countback DSO per currency from the book and the monthly invoices', () => {
      // Act
      const [eur, usd] = countbackDsoFromLedger(quarterLedger(), '2026-03-31', 3);

      // Assess: USD AR 3,500 against March sales 4,000: 3,500/4,000 × 31 = 27.125 -> 27.13 days.
      expect(usd).toMatchObject({
        currency: 'USD',
        asOf: '2026-03-31',
        endingArMinor: 350000,
        daysHundredths: 2713,
        exhausted: false,
      });
      expect(eur).toMatchObject({ currency: 'EUR', endingArMinor: 50000, daysHundredths: 3100 });
      expect(usd?.explanation).toContain('USD receivables USD 3,500.00 on 2026-03-31.');
    });
  });

  describe('ceiFromLedger', () => {
    it('returns the CEI per currency for a period from the ledger', () => {
      // Act
      const result = ceiFromLedger(quarterLedger(), '2026-03-01', '2026-03-31');

      // Assess: USD (2,000 + 4,000 − 3,500) / (2,000 + 4,000 − 3,000) = 2,500 / 3,000.
      const usd = result.find((r) => r.currency === 'USD');
      expect(usd).toMatchObject({
        from: '2026-03-01',
        to: '2026-03-31',
        beginningArMinor: 200000,
        creditSalesMinor: 400000,
        endingArMinor: 350000,
        endingCurrentArMinor: 300000,
        basisPoints: 8333,
      });
      const eur = result.find((r) => r.currency === 'EUR');
      expect(eur).toMatchObject({
        beginningArMinor: 0,
        creditSalesMinor: 50000,
        endingArMinor: 50000,
        basisPoints: 0,
      });
    });

    it('returns an error for a period that ends before it starts', () => {
      // Act / Assess
      expect(() => ceiFromLedger(quarterLedger(), '2026-03-31', '2026-03-01')).toThrow(RangeError);
    });
  });
});
