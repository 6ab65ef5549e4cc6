// Tests for core/collections/client-statement.ts: open items per matter, subtotals and client totals per currency.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildClientStatement,
  clientStatementDocument,
  clientStatementText,
  GENERAL_MATTER,
} from '../../core/collections/client-statement.js';
import { buildBook } from '../../core/ledger/book.js';
import { addDays } from '../../core/ledger/dates.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import { adjustment, customer, invoice, ledgerOf, payment } from '../support/ledger-builders.js';

const AS_OF = '2026-03-31';

/** Client LAW-1 with three USD matters (one invoice without a matter) and two EUR matters. */
function lawFirmLedger(): Ledger {
  return ledgerOf({
    customers: [customer('LAW-1', { name: 'Acme Insurance' }), customer('LAW-2')],
    invoices: [
      invoice('INV-1', 'LAW-1', '2026-02-04', 100000, { invoiceDate: '2026-01-05', matter: 'M-1' }),
      invoice('INV-2', 'LAW-1', '2026-03-31', 25000, { invoiceDate: '2026-03-01', matter: 'M-1' }),
      invoice('INV-3', 'LAW-1', '2026-03-03', 50000, { invoiceDate: '2026-02-01', matter: 'M-2' }),
      invoice('INV-4', 'LAW-1', '2026-04-14', 10000, { invoiceDate: '2026-03-15' }),
      invoice('INV-5', 'LAW-1', '2026-03-20', 99900, {
        invoiceDate: '2026-02-18',
        matter: 'M-2',
        status: 'void',
      }),
      invoice('INV-6', 'LAW-1', '2026-02-20', 7000, { invoiceDate: '2026-01-21', matter: 'M-9' }),
      invoice('INV-E1', 'LAW-1', '2026-02-09', 30000, {
        invoiceDate: '2026-01-10',
        matter: 'M-1',
        currency: 'EUR',
      }),
      invoice('INV-E2', 'LAW-1', '2026-03-25', 20000, {
        invoiceDate: '2026-02-23',
        matter: 'M-3',
        currency: 'EUR',
      }),
      invoice('INV-X', 'LAW-2', '2026-02-01', 12345, { matter: 'M-1' }),
    ],
    payments: [
      payment('P-1', 'LAW-1', '2026-02-10', 40000, { appliesTo: ['INV-1'] }),
      payment('P-2', 'LAW-1', '2026-03-01', 7000, { appliesTo: ['INV-6'] }),
      payment('P-E', 'LAW-1', '2026-03-20', 10000, { currency: 'EUR' }),
    ],
    adjustments: [
      adjustment('LF-3', 'LAW-1', 'late-fee', '2026-03-10', 2500, { invoiceId: 'INV-3' }),
      adjustment('CN-E', 'LAW-1', 'credit-note', '2026-03-28', 1500, { currency: 'EUR' }),
    ],
  });
}

describe('client-statement', () => {
  describe('buildClientStatement', () => {
    it('groups open items by matter with subtotals, General last, and totals per currency', () => {
      // Act
      const s = buildClientStatement(lawFirmLedger(), 'LAW-1', AS_OF);

      // Assess
      expect(s).toMatchObject({ clientId: 'LAW-1', clientName: 'Acme Insurance', asOf: AS_OF });
      const summary = s.currencies.map((c) => ({
        currency: c.currency,
        matters: c.matters.map((m) => [
          m.matter,
          m.items.map((i) => `${i.itemId}:${i.openMinor}:${i.daysPastDue}`),
          m.subtotalMinor,
        ]),
        open: c.openMinor,
        credit: c.unappliedCreditMinor,
        balance: c.balanceMinor,
      }));
      expect(summary).toEqual([
        {
          // P-E paid the older EUR invoice first; the credit note names no invoice, so it is credit.
          currency: 'EUR',
          matters: [
            ['M-1', ['INV-E1:20000:50'], 20000],
            ['M-3', ['INV-E2:20000:6'], 20000],
          ],
          open: 40000,
          credit: 1500,
          balance: 38500,
        },
        {
          // INV-1 1000.00 less P-1 400.00; INV-3's late fee sits under INV-3's matter; INV-6 is paid.
          currency: 'USD',
          matters: [
            ['M-1', ['INV-1:60000:55', 'INV-2:25000:0'], 85000],
            ['M-2', ['INV-3:50000:28', 'LF-3:2500:21'], 52500],
            [GENERAL_MATTER, ['INV-4:10000:-14'], 10000],
          ],
          open: 147500,
          credit: 0,
          balance: 147500,
        },
      ]);
    });

    it('lists nothing for a client with nothing open', () => {
      // Prepare
      const ledger = ledgerOf({
        customers: [customer('LAW-3')],
        invoices: [invoice('INV-9', 'LAW-3', '2026-02-01', 5000)],
        payments: [payment('P-9', 'LAW-3', '2026-02-01', 5000)],
      });

      // Act
      const s = buildClientStatement(ledger, 'LAW-3', AS_OF);

      // Assess
      expect(s.currencies).toEqual([]);
      expect(clientStatementText(s)).toContain('Nothing is open.');
    });

    it('has matter subtotals that less credit always equal the book balance', () => {
      const matters = fc.constantFrom('M-1', 'M-2', undefined);
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              day: fc.integer({ min: 0, max: 80 }),
              amount: fc.integer({ min: 1, max: 500_000 }),
              matter: matters,
              currency: fc.constantFrom('USD', 'EUR'),
            }),
            { minLength: 1, maxLength: 12 },
          ),
          fc.array(
            fc.record({
              day: fc.integer({ min: 0, max: 90 }),
              amount: fc.integer({ min: 1, max: 800_000 }),
              currency: fc.constantFrom('USD', 'EUR'),
            }),
            { maxLength: 6 },
          ),
          (invs, pays) => {
            // Prepare
            const start = '2026-01-01';
            const ledger = ledgerOf({
              customers: [customer('C')],
              invoices: invs.map((v, i) =>
                invoice(`I-${i}`, 'C', addDays(start, v.day + 30), v.amount, {
                  invoiceDate: addDays(start, v.day),
                  currency: v.currency,
                  ...(v.matter ? { matter: v.matter } : {}),
                }),
              ),
              payments: pays.map((p, i) =>
                payment(`P-${i}`, 'C', addDays(start, p.day), p.amount, { currency: p.currency }),
              ),
            });

            // Act
            const s = buildClientStatement(ledger, 'C', AS_OF);

            // Assess
            const book = buildBook(ledger, AS_OF);
            for (const c of s.currencies) {
              const account = book.byCustomer.get('C')!.find((a) => a.currency === c.currency)!;
              const subtotals = c.matters.reduce((sum, m) => sum + m.subtotalMinor, 0);
              expect(subtotals - c.unappliedCreditMinor).toBe(account.balanceMinor);
              expect(c.matters.flatMap((m) => m.items).every((i) => i.openMinor !== 0)).toBe(true);
            }
          },
        ),
        { numRuns: 100 },
      );
    });
  });

  describe('clientStatementDocument', () => {
    it('has a heading, a table and a subtotal per matter, then the totals per currency', () => {
      // Act
      const doc = clientStatementDocument(buildClientStatement(lawFirmLedger(), 'LAW-1', AS_OF));

      // Assess
      expect(doc.title).toBe('Statement of open matters for Acme Insurance (LAW-1) as of 2026-03-31');
      const headings = doc.blocks.filter((b) => b.kind === 'heading').map((b) => b.text);
      expect(headings).toEqual([
        doc.title,
        'Open items in EUR',
        'Matter M-1',
        'Matter M-3',
        'Aging in EUR, by days past due',
        'Open items in USD',
        'Matter M-1',
        'Matter M-2',
        'General',
        'Aging in USD, by days past due',
      ]);
      const fields = doc.blocks.flatMap((b) => (b.kind === 'fields' ? b.rows : []));
      expect(fields).toEqual(
        expect.arrayContaining([
          ['Subtotal Matter M-1', 'USD 850.00'],
          ['Subtotal Matter M-2', 'USD 525.00'],
          ['Subtotal General', 'USD 100.00'],
          ['Total open', 'USD 1,475.00'],
          ['Total open', 'EUR 400.00'],
          ['Unapplied credit', 'EUR -15.00'],
          ['Balance due', 'EUR 385.00'],
        ]),
      );
      const m2 = doc.blocks.find((b) => b.kind === 'table' && b.rows.some((r) => r[0] === 'INV-3'));
      expect(m2).toEqual({
        kind: 'table',
        columns: expect.any(Array),
        rows: [
          ['INV-3', '2026-02-01', '2026-03-03', '28', '500.00', '500.00'],
          ['LF-3 (late-fee on INV-3)', '2026-03-10', '2026-03-10', '21', '25.00', '25.00'],
        ],
      });
    });
  });

  describe('clientStatementText', () => {
    it('renders the same figures as plain text', () => {
      // Act
      const text = clientStatementText(buildClientStatement(lawFirmLedger(), 'LAW-1', AS_OF));

      // Assess
      expect(text).toContain('Statement of open matters for Acme Insurance (LAW-1) as of 2026-03-31');
      expect(text).toMatch(/Subtotal Matter M-1:\s+USD 850\.00/);
      expect(text).toMatch(/INV-1\s+2026-01-05\s+2026-02-04\s+55\s+1,000\.00\s+600\.00/);
      expect(text).toMatch(/INV-4\s+2026-03-15\s+2026-04-14\s+not due/);
      expect(text).not.toContain('INV-X');
    });
  });
});
