// Tests for core/ledes/to-ledger.ts: LEDES invoices as Customers and Invoices rows, stable on re-import.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLedes } from '../../../core/ledes/parse.js';
import { ledesToLedger, ledgerImportRows } from '../../../core/ledes/to-ledger.js';
import { parseLedger } from '../../../core/schema.js';
import { customer, invoice, ledgerOf } from '../../support/ledger-builders.js';

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
