// Tests for core/ledes/to-ledger.ts: LEDES invoices as Customers and Invoices rows, stable on re-import.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildStatement } from '../../../core/collections/statements.js';
import type { LedesInvoice } from '../../../core/ledes/ledes-types.js';
import { parseLedes } from '../../../core/ledes/parse.js';
import { ledesToLedger, ledgerImportRows, taxInvoiceId } from '../../../core/ledes/to-ledger.js';
import { ageBook } from '../../../core/ledger/aging.js';
import { buildBook } from '../../../core/ledger/book.js';
import { parseLedger } from '../../../core/ledger/schema-rows.js';
import { customer, invoice, ledgerOf, payment } from '../../support/ledger-builders.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/ledes/${name}`, import.meta.url), 'utf8');
const specExample = () => parseLedes(fixture('lexitree-good-utf8-no-eol.txt')).invoices;

describe('ledes/to-ledger', () => {
  describe('ledesToLedger', () => {
    it('makes one customer per client and one open receivable per invoice, due after the terms', () => {
      // Act
      const result = ledesToLedger(specExample());

      // Assess
      expect(result.customers).toEqual([{ row: 0, customerId: '00711', name: '00711', flags: [] }]);
      expect(result.invoices).toEqual([
        {
          row: 0,
          invoiceId: '96542',
          customerId: '00711',
          invoiceDate: '1999-02-25',
          dueDate: '1999-03-27',
          amountMinor: 168445,
          currency: 'USD',
          status: 'open',
          matter: '0528',
          description: 'For services rendered',
        },
        expect.objectContaining({
          invoiceId: '96543',
          amountMinor: 125000,
          matter: '1326',
          dueDate: '1999-03-27',
        }),
      ]);
      expect(result).toMatchObject({ unchanged: [], conflicts: [], notImported: [] });
    });

    it('uses the terms given and the currency the file was read in', () => {
      // Prepare
      const invoices = parseLedes(fixture('lexitree-good-utf8-no-eol.txt'), { currency: 'EUR' }).invoices;

      // Act
      const result = ledesToLedger(invoices, undefined, { termsDays: 45 });

      // Assess: 1999-02-25 + 45 days crosses into April (28-day February).
      expect(result.invoices.map((i) => [i.dueDate, i.currency])).toEqual([
        ['1999-04-11', 'EUR'],
        ['1999-04-11', 'EUR'],
      ]);
    });

    it('gives the same rows for the same file twice, and none once the ledger holds them', () => {
      // Prepare
      const first = ledesToLedger(specExample());
      const ledger = ledgerOf({ customers: first.customers, invoices: first.invoices });

      // Act
      const again = ledesToLedger(specExample());
      const against = ledesToLedger(specExample(), ledger);

      // Assess
      expect(again).toEqual(first);
      expect(against).toEqual({
        customers: [],
        invoices: [],
        taxLines: [],
        unchanged: ['96542', '96543'],
        conflicts: [],
        notImported: [],
      });
    });

    it('reports an invoice the ledger holds with another amount or client instead of overwriting it', () => {
      // Prepare: the clerk already has 00711 under a real name, and 96542 keyed in at 1,500.00.
      const ledger = ledgerOf({
        customers: [customer('00711', { name: 'Acme Insurance' })],
        invoices: [
          invoice('96542', '00711', '1999-03-27', 150000),
          invoice('96543', 'ACME', '1999-03-27', 125000),
        ],
      });

      // Act
      const result = ledesToLedger(specExample(), ledger);

      // Assess
      expect(result.customers).toEqual([]);
      expect(result.invoices).toEqual([]);
      expect(result.conflicts).toEqual([
        { invoiceId: '96542', differences: ['amount USD 1,684.45 in the file, USD 1,500.00 in the ledger'] },
        { invoiceId: '96543', differences: ['client 00711 in the file, customer ACME in the ledger'] },
      ]);
    });

    it('leaves a credit invoice out with the reason', () => {
      // Prepare
      const [inv] = specExample();
      const credit = { ...inv!, invoiceNumber: 'CR-1', totalMinor: -7000 };

      // Act
      const result = ledesToLedger([credit]);

      // Assess
      expect(result.invoices).toEqual([]);
      expect(result.notImported).toEqual([
        {
          invoiceId: 'CR-1',
          reason: 'total USD -70.00 is a credit; enter it as a credit note on the Adjustments tab',
        },
      ]);
    });
  });

  describe('ledesToLedger tax lines', () => {
    const bi = () => parseLedes(fixture('handmade-98bi-gbp-eur.txt')).invoices;
    const xml = () => parseLedes(fixture('handmade-xml21-two-invoices.xml')).invoices;

    it('keeps every invoice total to the cent: net receivable plus tax receivable, same dates and matter', () => {
      // Act
      const result = ledesToLedger([...bi(), ...xml()]);
      // Assess: the splits written down from the files (INVOICE_TAX_TOTAL / inv_total_tax).
      expect(result.taxLines).toEqual([
        {
          invoiceId: 'GB-2026-118',
          taxInvoiceId: 'GB-2026-118-TAX',
          currency: 'GBP',
          totalMinor: 116_150,
          netMinor: 97_550,
          taxMinor: 18_600,
        },
        {
          invoiceId: 'FR-77',
          taxInvoiceId: 'FR-77-TAX',
          currency: 'EUR',
          totalMinor: 132_000,
          netMinor: 110_000,
          taxMinor: 22_000,
        },
        {
          invoiceId: '2026-0815',
          taxInvoiceId: '2026-0815-TAX',
          currency: 'EUR',
          totalMinor: 142_800,
          netMinor: 120_000,
          taxMinor: 22_800,
        },
      ]);
      for (const line of result.taxLines) {
        const net = result.invoices.find((i) => i.invoiceId === line.invoiceId)!;
        const tax = result.invoices.find((i) => i.invoiceId === line.taxInvoiceId)!;
        expect(net.amountMinor + tax.amountMinor).toBe(line.totalMinor);
        expect([tax.customerId, tax.invoiceDate, tax.dueDate, tax.currency, tax.matter]).toEqual([
          net.customerId,
          net.invoiceDate,
          net.dueDate,
          net.currency,
          net.matter,
        ]);
      }
    });

    it('gives balances, aging and statements that add up to the files totals, the tax aged with its fees', () => {
      // Prepare
      const imported = ledesToLedger(bi());
      const ledger = ledgerOf({ customers: imported.customers, invoices: imported.invoices });
      // Act: 2027-01-15 is 46 days after the 2026-11-30 due date.
      const book = buildBook(ledger, '2027-01-15');
      const aging = ageBook(book, '2027-01-15');
      const statement = buildStatement(ledger, 'ACME-UK', '2026-10-01', '2027-01-15');
      // Assess
      expect(book.accounts.map((a) => [a.customerId, a.currency, a.balanceMinor])).toEqual([
        ['ACME-FR', 'EUR', 132_000],
        ['ACME-UK', 'GBP', 116_150],
      ]);
      expect(aging.totals.map((t) => [t.currency, t.totalMinor, t.bucketsMinor])).toEqual([
        ['EUR', 132_000, [0, 0, 132_000, 0, 0]],
        ['GBP', 116_150, [0, 0, 116_150, 0, 0]],
      ]);
      const gbp = statement.currencies[0]!;
      expect(gbp.lines.map((l) => [l.reference, l.debitMinor])).toEqual([
        ['GB-2026-118', 97_550],
        ['GB-2026-118-TAX', 18_600],
      ]);
      expect(gbp.closingBalanceMinor).toBe(116_150);
    });

    it('settles both receivables with one payment of the invoice total, oldest first or named', () => {
      // Prepare
      const imported = ledesToLedger(bi());
      const base = { customers: imported.customers, invoices: imported.invoices };
      const oldestFirst = ledgerOf({
        ...base,
        payments: [payment('P-1', 'ACME-UK', '2026-11-20', 116_150, { currency: 'GBP' })],
      });
      const named = ledgerOf({
        ...base,
        payments: [
          payment('P-1', 'ACME-UK', '2026-11-20', 116_150, {
            currency: 'GBP',
            appliesTo: ['GB-2026-118', 'GB-2026-118-TAX'],
          }),
        ],
      });
      // Act / Assess
      for (const ledger of [oldestFirst, named]) {
        const uk = buildBook(ledger, '2026-12-01').accounts.find((a) => a.customerId === 'ACME-UK')!;
        expect([uk.balanceMinor, uk.unappliedCreditMinor]).toEqual([0, 0]);
      }
    });

    it('finds the split invoices, or an earlier import of the whole total, unchanged on re-import', () => {
      // Prepare
      const first = ledesToLedger(bi());
      const split = ledgerOf({ customers: first.customers, invoices: first.invoices });
      const folded = ledgerOf({
        customers: first.customers,
        invoices: [
          invoice('GB-2026-118', 'ACME-UK', '2026-11-30', 116_150, { currency: 'GBP' }),
          invoice('FR-77', 'ACME-FR', '2026-11-30', 132_000, { currency: 'EUR' }),
        ],
      });
      // Act / Assess
      for (const ledger of [split, folded]) {
        const again = ledesToLedger(bi(), ledger);
        expect(again).toMatchObject({
          invoices: [],
          taxLines: [],
          conflicts: [],
          unchanged: ['GB-2026-118', 'FR-77'],
        });
      }
    });

    it('reports a tax receivable whose amount changed, or whose id another invoice holds, never overwriting', () => {
      // Prepare
      const first = ledesToLedger(bi());
      const changed = ledgerOf({
        customers: first.customers,
        invoices: first.invoices.map((i) =>
          i.invoiceId === 'FR-77-TAX' ? { ...i, amountMinor: 20_000 } : i,
        ),
      });
      const taken = ledgerOf({
        invoices: [invoice('GB-2026-118-TAX', 'OTHER', '2026-11-30', 500, { currency: 'GBP' })],
      });
      // Act
      const a = ledesToLedger(bi(), changed);
      const b = ledesToLedger(bi(), taken);
      // Assess
      expect(a.conflicts).toEqual([
        {
          invoiceId: 'FR-77',
          differences: [
            'amount EUR 1,100.00 + tax EUR 220.00 in the file, EUR 1,100.00 + tax EUR 200.00 in the ledger',
          ],
        },
      ]);
      expect(b.conflicts).toEqual([
        {
          invoiceId: 'GB-2026-118',
          differences: [
            'its tax receivable GB-2026-118-TAX would take an id the ledger already gives to GBP 5.00 for customer OTHER',
          ],
        },
      ]);
      expect(b.invoices.map((i) => i.invoiceId)).toEqual(['FR-77', 'FR-77-TAX']);
    });

    it('splits any invoice with positive tax so the receivables add up to its total (property)', () => {
      const [template] = bi();
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 10_000_000 }),
          fc.integer({ min: -5_000, max: 5_000_000 }),
          (net, tax) => {
            fc.pre(net + tax > 0);
            const inv: LedesInvoice = {
              ...template!,
              invoiceNumber: 'I-1',
              totalMinor: net + tax,
              taxMinor: tax,
            };
            const result = ledesToLedger([inv]);
            const amounts = result.invoices.map((i) => i.amountMinor);
            expect(amounts.reduce((x, y) => x + y, 0)).toBe(net + tax);
            expect(amounts.every((m) => m > 0)).toBe(true);
            expect(result.invoices.map((i) => i.invoiceId)).toEqual(
              tax > 0 ? ['I-1', taxInvoiceId('I-1')] : ['I-1'],
            );
          },
        ),
      );
    });
  });

  describe('ledgerImportRows', () => {
    it('neutralises a matter or description from the file that a spreadsheet would run as a formula', () => {
      // Prepare
      const [first] = specExample();
      const hostile = { ...first!, lawFirmMatterId: '@SUM(A1)', description: '=HYPERLINK("http://x","y")' };

      // Act
      const rows = ledgerImportRows(ledesToLedger([hostile]));

      // Assess
      expect(rows.invoices[1]?.slice(7)).toEqual(["'@SUM(A1)", '\'=HYPERLINK("http://x","y")']);
    });

    it('writes rows under the schema headers that the ledger validates back to the same records', () => {
      // Prepare
      const imported = ledesToLedger(specExample());

      // Act
      const rows = ledgerImportRows(imported);
      const parsed = parseLedger({ Customers: rows.customers, Invoices: rows.invoices });

      // Assess
      expect(rows.invoices[0]).toEqual([
        'Invoice ID',
        'Customer ID',
        'Invoice Date',
        'Due Date',
        'Amount',
        'Currency',
        'Status',
        'Matter',
        'Description',
      ]);
      expect(rows.invoices[1]).toEqual([
        '96542',
        '00711',
        '1999-02-25',
        '1999-03-27',
        '1684.45',
        'USD',
        'open',
        '0528',
        'For services rendered',
      ]);
      expect(parsed.problems).toEqual([]);
      expect(parsed.ledger.invoices.map(({ row: _row, ...i }) => i)).toEqual(
        imported.invoices.map(({ row: _row, ...i }) => i),
      );
      expect(parsed.ledger.customers.map((c) => [c.customerId, c.name])).toEqual([['00711', '00711']]);
    });
  });
});
