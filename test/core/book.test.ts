// Tests for payment posting: named invoices, oldest first, partials, credit, returns, credits, as-of.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildBook,
  newAccountState,
  type OpenItem,
  postPayment,
  reversePayment,
} from '../../core/ledger/book.js';
import { adjustment, customer, invoice, ledgerOf, payment } from '../support/ledger-builders.js';

const openOf = (ledger: Parameters<typeof buildBook>[0], asOf = '2026-11-23') =>
  Object.fromEntries(
    buildBook(ledger, asOf).accounts.flatMap((a) => a.items.map((i) => [i.itemId, i.openMinor])),
  );

describe('book', () => {
  describe('buildBook', () => {
    const base = {
      customers: [customer('C1')],
      invoices: [
        invoice('INV-2', 'C1', '2026-10-15', 20_000, { invoiceDate: '2026-09-15' }),
        invoice('INV-1', 'C1', '2026-09-30', 10_000, { invoiceDate: '2026-09-01' }),
        invoice('INV-3', 'C1', '2026-11-30', 5_000, { invoiceDate: '2026-10-31' }),
      ],
    };

    it('returns oldest-due-first allocation for a partial payment', () => {
      // Prepare
      const ledger = ledgerOf({ ...base, payments: [payment('P1', 'C1', '2026-11-01', 15_000)] });
      // Act
      const open = openOf(ledger);
      // Assess
      expect(open).toEqual({ 'INV-1': 0, 'INV-2': 15_000, 'INV-3': 5_000 });
    });

    it('returns the named invoice paid first, the rest oldest first', () => {
      const ledger = ledgerOf({
        ...base,
        payments: [payment('P1', 'C1', '2026-11-01', 25_000, { appliesTo: ['INV-3'] })],
      });
      expect(openOf(ledger)).toEqual({ 'INV-1': 0, 'INV-2': 10_000, 'INV-3': 0 });
    });

    it('returns an overpayment as unapplied credit', () => {
      const ledger = ledgerOf({ ...base, payments: [payment('P1', 'C1', '2026-11-01', 40_000)] });
      const account = buildBook(ledger, '2026-11-23').accounts[0]!;
      expect(account).toMatchObject({ openMinor: 0, unappliedCreditMinor: 5_000, balanceMinor: -5_000 });
    });

    it('does not pay an invoice issued after the payment unless it is named', () => {
      const ledger = ledgerOf({ ...base, payments: [payment('P1', 'C1', '2026-10-01', 40_000)] });
      const account = buildBook(ledger, '2026-11-23').accounts[0]!;
      expect(openOf(ledger)['INV-3']).toBe(5_000);
      expect(account.unappliedCreditMinor).toBe(10_000);
    });

    it('returns the balances from before a payment once it is returned', () => {
      const returned = ledgerOf({
        ...base,
        payments: [
          payment('P1', 'C1', '2026-11-01', 15_000, { status: 'returned', returnedDate: '2026-11-05' }),
        ],
      });
      expect(openOf(returned)).toEqual(openOf(ledgerOf(base)));
      // Before the bank returned it, it counted.
      expect(openOf(returned, '2026-11-04')['INV-1']).toBe(0);
    });

    it('leaves disputed invoices alone unless a payment names them', () => {
      const ledger = ledgerOf({
        ...base,
        invoices: base.invoices.map((i) =>
          i.invoiceId === 'INV-1' ? { ...i, status: 'disputed' as const } : i,
        ),
        payments: [payment('P1', 'C1', '2026-11-01', 10_000)],
      });
      expect(openOf(ledger)).toMatchObject({ 'INV-1': 10_000, 'INV-2': 10_000 });
    });

    it('applies credit notes and write-offs to their invoice, excess to credit', () => {
      const ledger = ledgerOf({
        ...base,
        adjustments: [
          adjustment('CN-1', 'C1', 'credit-note', '2026-10-01', 12_000, { invoiceId: 'INV-1' }),
          adjustment('WO-1', 'C1', 'write-off', '2026-11-20', 5_000, { invoiceId: 'INV-3' }),
        ],
      });
      const account = buildBook(ledger, '2026-11-23').accounts[0]!;
      expect(openOf(ledger)).toEqual({ 'INV-1': 0, 'INV-2': 20_000, 'INV-3': 0 });
      expect(account.unappliedCreditMinor).toBe(2_000);
    });

    it('adds charges as their own items and drops waived ones', () => {
      const ledger = ledgerOf({
        ...base,
        adjustments: [
          adjustment('LF-INV-1', 'C1', 'late-fee', '2026-10-10', 2_500, { invoiceId: 'INV-1' }),
          adjustment('LF-INV-2', 'C1', 'late-fee', '2026-10-25', 2_500, {
            invoiceId: 'INV-2',
            waivedOn: '2026-11-02',
          }),
        ],
      });
      expect(openOf(ledger)).toMatchObject({ 'LF-INV-1': 2_500 });
      expect(openOf(ledger)).not.toHaveProperty('LF-INV-2');
      expect(openOf(ledger, '2026-11-01')).toMatchObject({ 'LF-INV-2': 2_500 });
    });

    it('keeps currencies apart', () => {
      const ledger = ledgerOf({
        customers: [customer('C1')],
        invoices: [
          invoice('U1', 'C1', '2026-10-01', 10_000),
          invoice('E1', 'C1', '2026-10-01', 9_000, { currency: 'EUR' }),
        ],
        payments: [payment('P1', 'C1', '2026-11-01', 9_000, { currency: 'EUR' })],
      });
      const book = buildBook(ledger, '2026-11-23');
      expect(book.byCustomer.get('C1')!.map((a) => [a.currency, a.balanceMinor])).toEqual([
        ['EUR', 0],
        ['USD', 10_000],
      ]);
    });

    it('ignores everything dated after the as-of date', () => {
      const ledger = ledgerOf({ ...base, payments: [payment('P1', 'C1', '2026-11-24', 10_000)] });
      expect(openOf(ledger, '2026-11-23')['INV-1']).toBe(10_000);
      expect(openOf(ledger, '2026-10-20')).not.toHaveProperty('INV-3');
    });
  });

  describe('postPayment and reversePayment', () => {
    const items = (amounts: number[]): OpenItem[] =>
      amounts.map((amount, k) => ({
        itemId: `I${k}`,
        customerId: 'C',
        kind: 'invoice',
        itemDate: '2026-01-01',
        dueDate: `2026-0${(k % 9) + 1}-01`,
        currency: 'USD',
        originalMinor: amount,
        openMinor: amount,
        disputed: false,
      }));

    it('does nothing the second time the same payment id is posted', () => {
      const state = newAccountState('C', 'USD', items([100, 100]));
      postPayment(state, { paymentId: 'P', date: '2026-02-01', amountMinor: 150, appliesTo: [] });
      postPayment(state, { paymentId: 'P', date: '2026-02-01', amountMinor: 150, appliesTo: [] });
      expect(state.items.map((i) => i.openMinor)).toEqual([0, 50]);
    });

    it('keeps allocations plus credit equal to the payment (property)', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 1e7 }), { minLength: 0, maxLength: 12 }),
          fc.integer({ min: 1, max: 5e7 }),
          fc.array(fc.nat({ max: 11 }), { maxLength: 3 }),
          (amounts, paid, named) => {
            const state = newAccountState('C', 'USD', items(amounts));
            const posted = postPayment(state, {
              paymentId: 'P',
              date: '2026-12-01',
              amountMinor: paid,
              appliesTo: named.map((n) => `I${n}`),
            });
            const allocated = posted.allocations.reduce((s, a) => s + a.amountMinor, 0);
            expect(allocated + posted.unappliedMinor).toBe(paid);
            expect(state.items.every((i) => i.openMinor >= 0)).toBe(true);
          },
        ),
      );
    });

    it('restores the exact prior balances when a payment is returned (property)', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 1e7 }), { minLength: 1, maxLength: 12 }),
          fc.array(fc.integer({ min: 1, max: 2e7 }), { minLength: 1, maxLength: 5 }),
          fc.nat(),
          (amounts, payments, pick) => {
            const state = newAccountState('C', 'USD', items(amounts));
            payments.slice(0, -1).forEach((amountMinor, k) => {
              postPayment(state, { paymentId: `P${k}`, date: '2026-12-01', amountMinor, appliesTo: [] });
            });
            const before = { open: state.items.map((i) => i.openMinor), credit: state.unappliedCreditMinor };
            const last = `P${payments.length - 1}`;
            postPayment(state, {
              paymentId: last,
              date: '2026-12-02',
              amountMinor: payments.at(-1)!,
              appliesTo: [`I${pick % amounts.length}`],
            });
            reversePayment(state, last, '2026-12-05');
            reversePayment(state, last, '2026-12-06');
            expect({ open: state.items.map((i) => i.openMinor), credit: state.unappliedCreditMinor }).toEqual(
              before,
            );
          },
        ),
      );
    });
  });
});
