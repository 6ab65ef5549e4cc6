// The Payments tab of an .xlsx through `XlsxColumns` (texts laid end to end, numbers and booleans
// asked of `value`): the columnar ledger takes a payment as plain only when the row path would, so a
// Status or Returned Date held as a number is never read as blank.
import { describe, expect, it } from 'vitest';
import { XlsxColumns } from '../../cli/xlsx-columns.js';
import type { XlsxValue } from '../../cli/xlsx-reader.js';
import { columnarLedger } from '../../core/ledger/ledger-columns.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';

/** Rows (header first) streamed into `XlsxColumns` as the .xlsx reader would. */
function sheet(rows: readonly (readonly XlsxValue[])[]): XlsxColumns {
  const tab = new XlsxColumns();
  rows.forEach((row, i) => {
    tab.sink.row(i + 1);
    row.forEach((v, c) => tab.sink.cell(i + 1, c + 1, v));
  });
  return tab.finish();
}

const customers = [
  ['Customer ID', 'Name'],
  ['C-1', 'Ann'],
];
const invoices = [
  ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
  ['I-1', 'C-1', '2026-09-01', '2026-10-01', 100, 'USD'],
];

describe('xlsx-columns', () => {
  describe('the Payments tab through columnarLedger', () => {
    it.each<[string, XlsxValue[]]>([
      ['a number in Status', ['P-1', 'C-1', '2026-10-05', '40.00', 'USD', 7, null]],
      ['a boolean in Status', ['P-1', 'C-1', '2026-10-05', '40.00', 'USD', true, null]],
      ['a serial number in Returned Date', ['P-1', 'C-1', '2026-10-05', '40.00', 'USD', null, 46_310]],
    ])('%s: takes the payment only if the row path does', (_, payment) => {
      // Prepare
      const payments = [
        ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Status', 'Returned Date'],
        payment,
      ];
      // Act
      const fast = columnarLedger({
        Customers: sheet(customers),
        Invoices: sheet(invoices),
        Payments: sheet(payments),
      });
      const rows = parseLedger({ Customers: customers, Invoices: invoices, Payments: payments });
      // Assess
      if (rows.problems.length > 0) expect(fast).toBeUndefined();
      else {
        expect(fast).toBeDefined();
        expect(fast!.payments.map((p) => p.payment)).toEqual(rows.ledger.payments);
      }
    });

    it('reads plain text payments beside them as the row path does', () => {
      // Prepare
      const payments = [
        ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Status', 'Returned Date'],
        ['P-1', 'C-1', '2026-10-05', '40.00', 'USD', null, null],
        ['P-2', 'C-1', '2026-10-06', 12.5, 'USD', '', null],
      ];
      // Act
      const fast = columnarLedger({
        Customers: sheet(customers),
        Invoices: sheet(invoices),
        Payments: sheet(payments),
      });
      const rows = parseLedger({ Customers: customers, Invoices: invoices, Payments: payments });
      // Assess
      expect(rows.problems).toEqual([]);
      expect([...fast!.paymentColumns.amountMinor]).toEqual(rows.ledger.payments.map((p) => p.amountMinor));
    });
  });
});
