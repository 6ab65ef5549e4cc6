// The tabs of an .xlsx through `XlsxColumns` (texts laid end to end, numbers and booleans asked of
// `value`): the columnar ledger takes a row in place only when the row path would take it the same
// way, so a Status or Returned Date held as a number is never read as blank.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XlsxColumns } from '../../cli/xlsx-columns.js';
import type { XlsxValue } from '../../cli/xlsx-reader.js';
import { columnarLedger } from '../../core/ledger/ledger-columns.js';
import { UnreadableCell } from '../../core/ledger/schema-cells.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';

/** Rows (header first) streamed into `XlsxColumns` as the .xlsx reader would. */
function sheet(rows: readonly (readonly XlsxValue[])[]): XlsxColumns {
  const tab = new XlsxColumns();
  for (const [i, row] of rows.entries()) {
    tab.sink.row(i + 1);
    for (const [c, v] of row.entries()) tab.sink.cell(i + 1, c + 1, v);
  }
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

    it('accepts any mix of typed payment cells exactly when the row path does, with the same payments', () => {
      const cell = (...texts: XlsxValue[]) =>
        fc.oneof(
          { weight: 12, arbitrary: fc.constantFrom<XlsxValue>(...texts) },
          {
            weight: 1,
            arbitrary: fc.constantFrom<XlsxValue>(
              null,
              '',
              ' ',
              0,
              1,
              7.5,
              46_310,
              true,
              false,
              new UnreadableCell('x'),
            ),
          },
        );
      const payment = fc.tuple(
        cell('P-1', 'P-2', 'P-3'),
        cell('C-1', 'C-2'),
        cell('2026-10-05', '2026-10-31'),
        cell('40.00', '12.5', 12.5, 40, 25.05, 0.1 + 0.2, 1e-7, -5, '1,000.00'),
        cell('USD', 'usd', 'EUR', 'JPY'),
        // Status and Returned Date typed as often as not: the cells a plain reader must not read as blank.
        fc.constantFrom<XlsxValue>(null, '', 'posted', 'returned', 7, true, 46_310),
        fc.constantFrom<XlsxValue>(null, null, '', '2026-11-01', 46_310),
        cell(null, '', 'I-1', 'I-2', 'I-1, I-2'),
      );
      let compared = 0;
      fc.assert(
        fc.property(fc.array(payment, { minLength: 1, maxLength: 4 }), (rows) => {
          // Prepare
          const payments = [
            [
              'Payment ID',
              'Customer ID',
              'Date',
              'Amount',
              'Currency',
              'Status',
              'Returned Date',
              'Applies To',
            ],
            // Ids unique unless the cell is noise.
            ...rows.map((r, i) =>
              typeof r[0] === 'string' && r[0].startsWith('P-') ? [`P-${i}`, ...r.slice(1)] : r,
            ),
          ];
          const twoCustomers = [...customers, ['C-2', 'Bo']];
          const twoInvoices = [...invoices, ['I-2', 'C-2', '2026-09-01', '2026-10-01', '30.00', 'USD']];
          // Act
          const fast = columnarLedger({
            Customers: sheet(twoCustomers),
            Invoices: sheet(twoInvoices),
            Payments: sheet(payments),
          });
          const parsed = parseLedger({ Customers: twoCustomers, Invoices: twoInvoices, Payments: payments });
          // Assess
          // The columnar ledger may decline a valid ledger (the row path then reads it), never take a wrong one.
          if (parsed.problems.length > 0) expect(fast).toBeUndefined();
          else if (fast) {
            expect(fast!.payments.map((p) => p.payment)).toEqual(parsed.ledger.payments);
            expect([...fast!.paymentColumns.amountMinor]).toEqual(
              parsed.ledger.payments.map((p) => p.amountMinor),
            );
            compared++;
          }
        }),
        { seed: 20261204, numRuns: 1500 },
      );
      expect(compared).toBeGreaterThan(10);
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
  describe('the Invoices tab through columnarLedger', () => {
    it('accepts any mix of typed invoice cells only when the row path does, with the same invoices', () => {
      const cell = (...texts: XlsxValue[]) =>
        fc.oneof(
          { weight: 10, arbitrary: fc.constantFrom<XlsxValue>(...texts) },
          {
            weight: 1,
            arbitrary: fc.constantFrom<XlsxValue>(null, '', 0, 7.5, 46_300, true, new UnreadableCell('x')),
          },
        );
      const invoice = fc.tuple(
        cell('I-1', 'I-2', 'I-3'),
        cell('C-1', 'C-2'),
        cell('2026-09-01', ' 2026-09-02 ', 46_266),
        cell('2026-10-01', 46_296, '2026-08-01'),
        cell('40.00', '12.5', 12.5, 40, 25.05, 0.1 + 0.2, -5, '1,000.00'),
        cell('USD', 'usd', 'EUR', 'JPY'),
        fc.constantFrom<XlsxValue>(null, '', 'open', 'void', 'written off', 7, true, 46_310),
      );
      let compared = 0;
      fc.assert(
        fc.property(fc.array(invoice, { minLength: 1, maxLength: 4 }), (rows) => {
          // Prepare
          const invoiceRows = [
            ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency', 'Status'],
            ...rows.map((r, i) =>
              typeof r[0] === 'string' && r[0].startsWith('I-') ? [`I-${i}`, ...r.slice(1)] : r,
            ),
          ];
          const twoCustomers = [...customers, ['C-2', 'Bo']];
          // Act
          const fast = columnarLedger({ Customers: sheet(twoCustomers), Invoices: sheet(invoiceRows) });
          const parsed = parseLedger({ Customers: twoCustomers, Invoices: invoiceRows });
          // Assess
          if (parsed.problems.length > 0) expect(fast).toBeUndefined();
          else if (fast) {
            const open = parsed.ledger.invoices;
            expect([...fast.invoices.amountMinor]).toEqual(open.map((i) => i.amountMinor));
            expect(fast.invoices.invoiceId).toEqual(open.map((i) => i.invoiceId));
            compared++;
          }
        }),
        { seed: 20261204, numRuns: 1500 },
      );
      expect(compared).toBeGreaterThan(10);
    });
  });
});
