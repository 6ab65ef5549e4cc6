// Tests for core/collections/statements.ts: opening balance, activity with running balance, closing balance and aging.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildStatement, type StatementLine } from '../../core/collections/statements.js';
import { buildBook } from '../../core/ledger/book.js';
import { addDays, fromDay, type IsoDate, toDay } from '../../core/ledger/dates.js';
import type { Adjustment, Invoice, Ledger, Payment } from '../../core/ledger/ledger.js';
import { ADJUSTMENT_TYPES, emptyLedger } from '../../core/ledger/ledger.js';
import * as base from '../support/ledger-builders.js';

const invoice = (
  invoiceId: string,
  invoiceDate: IsoDate,
  dueDate: IsoDate,
  amountMinor: number,
  extra: Partial<Invoice> = {},
): Invoice => base.invoice(invoiceId, 'C-1', dueDate, amountMinor, { invoiceDate, ...extra });

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

/** March 2026 for C-1: a partial payment, a returned payment with its fee, a waived late fee, a credit note. */
function marchLedger(): Ledger {
  return {
    ...emptyLedger(),
    customers: [{ row: 2, customerId: 'C-1', name: "O'Brien & <Sons>", flags: [] }],
    invoices: [
      invoice('INV-0', '2025-12-01', '2025-12-31', 20000),
      invoice('INV-1', '2026-01-05', '2026-02-04', 100000),
      invoice('INV-2', '2026-03-10', '2026-04-09', 25000),
      invoice('INV-9', '2026-03-11', '2026-04-10', 99900, { status: 'void' }),
    ],
    payments: [
      payment('P-0', '2026-01-10', 20000, { appliesTo: ['INV-0'] }),
      payment('P-1', '2026-03-03', 40000, { method: 'check', reference: '1042' }),
      payment('P-2', '2026-03-12', 60000, { status: 'returned', returnedDate: '2026-03-15' }),
      payment('P-3', '2026-04-02', 10000),
    ],
    adjustments: [
      adjustment({
        adjustmentId: 'RPF-P-2',
        type: 'returned-payment-fee',
        date: '2026-03-15',
        amountMinor: 3000,
        policy: 'returned-payment-fee/v1',
      }),
      adjustment({
        adjustmentId: 'LF-INV-1',
        type: 'late-fee',
        date: '2026-03-20',
        amountMinor: 2500,
        invoiceId: 'INV-1',
        policy: 'late-fee/v1',
        waivedOn: '2026-03-25',
      }),
      adjustment({
        adjustmentId: 'CN-1',
        type: 'credit-note',
        date: '2026-03-28',
        amountMinor: 5000,
        invoiceId: 'INV-2',
      }),
    ],
  };
}

function summary(lines: StatementLine[]): string[] {
  return lines.map(
    (l) => `${l.date} ${l.kind} ${l.reference} +${l.debitMinor} -${l.creditMinor} =${l.balanceMinor}`,
  );
}

describe('statements', () => {
  describe('buildStatement', () => {
    it('returns a month with a partial and a returned payment, line by line', () => {
      // Prepare
      const ledger = marchLedger();

      // Act
      const statement = buildStatement(ledger, 'C-1', '2026-03-01', '2026-03-31');

      // Assess
      expect(statement).toMatchObject({
        customerId: 'C-1',
        customerName: "O'Brien & <Sons>",
        from: '2026-03-01',
        to: '2026-03-31',
      });
      expect(statement.currencies).toHaveLength(1);
      const usd = statement.currencies[0]!;
      expect(usd.openingBalanceMinor).toBe(100000);
      expect(summary(usd.lines)).toEqual([
        '2026-03-03 payment P-1 +0 -40000 =60000',
        '2026-03-10 invoice INV-2 +25000 -0 =85000',
        '2026-03-12 payment P-2 +0 -60000 =25000',
        '2026-03-15 returned-payment P-2 +60000 -0 =85000',
        '2026-03-15 returned-payment-fee RPF-P-2 +3000 -0 =88000',
        '2026-03-20 late-fee LF-INV-1 +2500 -0 =90500',
        '2026-03-25 waiver LF-INV-1 +0 -2500 =88000',
        '2026-03-28 credit-note CN-1 +0 -5000 =83000',
      ]);
      expect(usd.lines[0]?.description).toBe('Payment P-1 by check, ref 1042');
      expect(usd.totalDebitsMinor).toBe(90500);
      expect(usd.totalCreditsMinor).toBe(107500);
      expect(usd.closingBalanceMinor).toBe(83000);
      expect(usd.closingBalanceMinor).toBe(
        buildBook(ledger, '2026-03-31').byCustomer.get('C-1')?.[0]?.balanceMinor,
      );
    });

    it('returns the aging and the open items at the end date', () => {
      // Prepare
      const ledger = marchLedger();

      // Act
      const usd = buildStatement(ledger, 'C-1', '2026-03-01', '2026-03-31').currencies[0]!;

      // Assess: INV-1 55 days past due, the fee 16 days, INV-2 not yet due.
      expect(usd.agingMinor).toEqual([20000, 3000, 60000, 0, 0]);
      expect(usd.unappliedCreditMinor).toBe(0);
      expect(usd.openItems.map((i) => [i.itemId, i.openMinor, i.daysPastDue])).toEqual([
        ['INV-1', 60000, 55],
        ['RPF-P-2', 3000, 16],
        ['INV-2', 20000, -9],
      ]);
    });

    it('returns one section per currency, each reconciling on its own', () => {
      // Prepare
      const ledger = marchLedger();
      ledger.invoices.push(invoice('INV-E', '2026-03-05', '2026-03-20', 70000, { currency: 'EUR' }));
      ledger.payments.push(payment('P-E', '2026-03-25', 90000, { currency: 'EUR' }));

      // Act
      const statement = buildStatement(ledger, 'C-1', '2026-03-01', '2026-03-31');

      // Assess
      expect(statement.currencies.map((c) => c.currency)).toEqual(['EUR', 'USD']);
      const eur = statement.currencies[0]!;
      expect(summary(eur.lines)).toEqual([
        '2026-03-05 invoice INV-E +70000 -0 =70000',
        '2026-03-25 payment P-E +0 -90000 =-20000',
      ]);
      expect(eur.closingBalanceMinor).toBe(-20000);
      expect(eur.unappliedCreditMinor).toBe(20000);
      expect(eur.openItems).toEqual([]);
    });

    it('returns a waiver line in the month a charge from an earlier month is waived', () => {
      // Prepare
      const ledger: Ledger = {
        ...emptyLedger(),
        invoices: [invoice('INV-1', '2026-01-05', '2026-02-04', 100000)],
        adjustments: [
          adjustment({
            adjustmentId: 'LF-INV-1',
            type: 'late-fee',
            date: '2026-02-15',
            amountMinor: 2500,
            invoiceId: 'INV-1',
            waivedOn: '2026-03-05',
          }),
        ],
      };

      // Act
      const feb = buildStatement(ledger, 'C-1', '2026-02-01', '2026-02-28').currencies[0]!;
      const mar = buildStatement(ledger, 'C-1', '2026-03-01', '2026-03-31').currencies[0]!;

      // Assess
      expect(summary(feb.lines)).toEqual(['2026-02-15 late-fee LF-INV-1 +2500 -0 =102500']);
      expect(summary(mar.lines)).toEqual(['2026-03-05 waiver LF-INV-1 +0 -2500 =100000']);
      expect(mar.lines[0]?.description).toBe('Late fee LF-INV-1 on invoice INV-1 waived');
    });

    it('returns a charge and its waiver on the same day when the waiver was dated before the charge', () => {
      // Prepare: the clerk typed a waiver date earlier than the fee; the fee never counted.
      const ledger: Ledger = {
        ...emptyLedger(),
        invoices: [invoice('INV-1', '2026-01-05', '2026-02-04', 100000)],
        adjustments: [
          adjustment({
            adjustmentId: 'LF-INV-1',
            type: 'late-fee',
            date: '2026-03-02',
            amountMinor: 2500,
            invoiceId: 'INV-1',
            waivedOn: '2026-02-27',
          }),
        ],
      };

      // Act
      const feb = buildStatement(ledger, 'C-1', '2026-02-01', '2026-02-28').currencies[0]!;
      const mar = buildStatement(ledger, 'C-1', '2026-03-01', '2026-03-31').currencies[0]!;

      // Assess
      expect(feb.lines).toEqual([]);
      expect(summary(mar.lines)).toEqual([
        '2026-03-02 late-fee LF-INV-1 +2500 -0 =102500',
        '2026-03-02 waiver LF-INV-1 +0 -2500 =100000',
      ]);
    });

    it('returns an opening balance only when nothing happened in the period, and nothing for a stranger', () => {
      // Prepare
      const ledger = marchLedger();

      // Act
      const quiet = buildStatement(ledger, 'C-1', '2026-05-01', '2026-05-31');
      const stranger = buildStatement(ledger, 'C-404', '2026-03-01', '2026-03-31');

      // Assess
      expect(quiet.currencies[0]).toMatchObject({
        openingBalanceMinor: 73000,
        closingBalanceMinor: 73000,
        lines: [],
      });
      expect(stranger.currencies).toEqual([]);
      expect(stranger.customerName).toBeUndefined();
    });

    it('returns an error for a period that ends before it starts', () => {
      // Act / Assess
      expect(() => buildStatement(marchLedger(), 'C-1', '2026-03-31', '2026-03-01')).toThrow(RangeError);
    });

    it('returns statements where opening + lines = closing = the book, for any ledger and period (property)', () => {
      // Prepare
      const base = toDay('2026-01-01');
      const day = fc.integer({ min: 0, max: 60 });
      const cust = fc.constantFrom('C-1', 'C-2');
      const cur = fc.constantFrom('USD', 'EUR');
      const amount = fc.integer({ min: 1, max: 500_000 });
      const arbInvoice = fc.record({
        customerId: cust,
        currency: cur,
        day,
        terms: fc.integer({ min: 0, max: 45 }),
        amount,
        status: fc.constantFrom('open', 'open', 'disputed', 'void' as const),
      });
      const arbLedger = fc.array(arbInvoice, { maxLength: 8 }).chain((invs) => {
        const invoices: Invoice[] = invs.map((v, i) =>
          invoice(`I${i}`, fromDay(base + v.day), fromDay(base + v.day + v.terms), v.amount, {
            customerId: v.customerId,
            currency: v.currency,
            status: v.status as Invoice['status'],
          }),
        );
        const arbPayment = fc.record({
          customerId: cust,
          currency: cur,
          day,
          amount,
          names: fc.subarray(
            invoices.map((i) => i.invoiceId),
            { maxLength: Math.min(2, invoices.length) },
          ),
          returnedAfter: fc.option(fc.integer({ min: 0, max: 30 })),
        });
        const arbAdjustment = fc.record({
          target: fc.option(fc.integer({ min: 0, max: Math.max(0, invoices.length - 1) })),
          customerId: cust,
          currency: cur,
          day,
          type: fc.constantFrom(...ADJUSTMENT_TYPES),
          amount,
          waivedAfter: fc.option(fc.integer({ min: -10, max: 30 })),
        });
        return fc.record({
          invoices: fc.constant(invoices),
          payments: fc.array(arbPayment, { maxLength: 8 }).map((ps) =>
            ps.map((p, i) =>
              payment(`P${i}`, fromDay(base + p.day), p.amount, {
                customerId: p.customerId,
                currency: p.currency,
                appliesTo: p.names,
                status: p.returnedAfter === null ? 'posted' : 'returned',
                returnedDate: p.returnedAfter === null ? undefined : fromDay(base + p.day + p.returnedAfter),
              }),
            ),
          ),
          adjustments: fc.array(arbAdjustment, { maxLength: 8 }).map((as) =>
            as.map((a, i) => {
              // A line that names an invoice belongs to that invoice's customer and currency.
              const target = a.target === null ? undefined : invoices[a.target];
              return adjustment({
                adjustmentId: `A${i}`,
                type: a.type,
                date: fromDay(base + a.day),
                amountMinor: a.amount,
                customerId: target?.customerId ?? a.customerId,
                currency: target?.currency ?? a.currency,
                invoiceId: target?.invoiceId,
                waivedOn: a.waivedAfter === null ? undefined : fromDay(base + a.day + a.waivedAfter),
              });
            }),
          ),
        });
      });
      const arbPeriod = fc.tuple(fc.integer({ min: -5, max: 100 }), fc.integer({ min: 0, max: 31 }));

      fc.assert(
        fc.property(arbLedger, arbPeriod, cust, (parts, [start, length], customerId) => {
          const ledger: Ledger = { ...emptyLedger(), ...parts };
          const from = fromDay(base + start);
          const to = fromDay(base + start + length);

          // Act
          const statement = buildStatement(ledger, customerId, from, to);

          // Assess
          const opening = buildBook(ledger, addDays(from, -1)).byCustomer.get(customerId) ?? [];
          const closing = buildBook(ledger, to).byCustomer.get(customerId) ?? [];
          for (const c of statement.currencies) {
            const net = c.lines.reduce((s, l) => s + l.debitMinor - l.creditMinor, 0);
            expect(c.openingBalanceMinor + net).toBe(c.closingBalanceMinor);
            expect(c.openingBalanceMinor).toBe(
              opening.find((a) => a.currency === c.currency)?.balanceMinor ?? 0,
            );
            expect(c.closingBalanceMinor).toBe(
              closing.find((a) => a.currency === c.currency)?.balanceMinor ?? 0,
            );
            expect(c.agingMinor.reduce((s, v) => s + v, 0)).toBe(
              c.openItems.reduce((s, i) => s + i.openMinor, 0),
            );
            expect(c.agingMinor.reduce((s, v) => s + v, 0) - c.unappliedCreditMinor).toBe(
              c.closingBalanceMinor,
            );
            let running = c.openingBalanceMinor;
            for (const l of c.lines) {
              expect(l.debitMinor === 0 || l.creditMinor === 0).toBe(true);
              expect(toDay(l.date) >= toDay(from) && toDay(l.date) <= toDay(to)).toBe(true);
              running += l.debitMinor - l.creditMinor;
              expect(l.balanceMinor).toBe(running);
            }
            expect(c.lines.map((l) => toDay(l.date))).toEqual(
              c.lines.map((l) => toDay(l.date)).sort((a, b) => a - b),
            );
          }
          for (const a of [...opening, ...closing]) {
            if (a.balanceMinor !== 0)
              expect(statement.currencies.map((c) => c.currency)).toContain(a.currency);
          }
        }),
        { numRuns: 500 },
      );
    });
  });
});
