// Tests for ledger validation: every problem named by tab, row and column; good rows kept.
import { describe, expect, it } from 'vitest';
import { SCHEMA, tabDef } from '../../core/ledger/schema.js';
import { formatProblem, matchHeaders } from '../../core/ledger/schema-cells.js';
import { parseLedger, parseTabRows } from '../../core/ledger/schema-rows.js';

const CUSTOMERS = [
  ['Customer ID', 'Name', 'Email', 'Time Zone', 'Flags'],
  ['C1', 'Ada Lovelace', 'ada@example.com', 'Europe/London', ''],
  ['C2', "O'Brien & Sons", 'billing@example.org', 'America/Chicago', 'dispute, attorney'],
];

describe('schema', () => {
  describe('SCHEMA', () => {
    it('defines each tab with its id column and unique keys', () => {
      for (const tab of SCHEMA) {
        const keys = tab.columns.map((c) => c.key);
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys).toContain(tab.idKey);
      }
    });
  });

  describe('matchHeaders', () => {
    it('matches headers case- and space-insensitively and by alias', () => {
      const index = matchHeaders(tabDef('Invoices'), [
        'invoice  id',
        'CUSTOMER ID',
        'Issued',
        'due date',
        'Total',
        'currency',
      ]);
      expect([
        index.get('invoiceId'),
        index.get('invoiceDate'),
        index.get('amountMinor'),
        index.get('status'),
      ]).toEqual([0, 2, 4, -1]);
    });
  });

  describe('parseTabRows', () => {
    it('returns a missing required header as a row-1 problem', () => {
      const result = parseTabRows('Customers', [['Customer ID', 'Email']]);
      expect(result.problems).toEqual([
        {
          tab: 'Customers',
          row: 1,
          column: 'Name',
          code: 'SCHEMA.COLUMN_MISSING',
          message: 'the header "Name" is missing, so no row of this tab was read',
        },
      ]);
    });

    it('skips blank rows and keeps sheet row numbers', () => {
      const result = parseTabRows('Customers', [CUSTOMERS[0]!, ['', '', '', '', ''], CUSTOMERS[1]!]);
      expect(result.records.map((r) => [r.row, r.customerId])).toEqual([[3, 'C1']]);
    });
  });

  describe('parseLedger', () => {
    it('treats a Deceased On date as the deceased flag, so contact stops even if the flag was not ticked', () => {
      // Prepare
      const tabs = {
        Customers: [
          ['Customer ID', 'Name', 'Flags', 'Deceased On'],
          ['C1', 'Ada Lovelace', 'dispute', '2026-11-20'],
          ['C2', 'Bo Brown', 'deceased', '2026-11-21'],
          ['C3', 'Cy Clark', '', ''],
        ],
      };
      // Act
      const { ledger, problems } = parseLedger(tabs);
      // Assess
      expect(problems).toEqual([]);
      expect(ledger.customers.map((c) => c.flags)).toEqual([['dispute', 'deceased'], ['deceased'], []]);
    });

    it('checks Claims amounts and service dates and Contact Changes undo dates', () => {
      // Prepare
      const tabs = {
        Customers: CUSTOMERS,
        Claims: [
          [
            'Claim ID',
            'Patient ID',
            'Payer',
            'Service From',
            'Service To',
            'Billed',
            'Allowed',
            'Currency',
            'Adjustment Codes',
            'Paid',
          ],
          ['CL-1', 'C1', 'Aetna', '2026-10-01', '', '200.00', '150.00', 'USD', 'CO-45, PR-2'],
          ['CL-2', 'C1', 'Aetna', '2026-10-01', '', '200.00', '250.00', 'USD', ''],
          ['CL-3', 'C1', 'Aetna', '2026-10-05', '2026-10-01', '200.00', '', 'USD', ''],
          ['CL-4', 'C9', 'Aetna', '2026-10-05', '', '200.00', '', 'USD', ''],
          // Paid above Billed is kept: payers add prompt-pay interest to the claim payment.
          ['CL-5', 'C1', 'Aetna', '2026-10-05', '', '200.00', '200.00', 'USD', '', '203.12'],
        ],
        'Contact Changes': [
          ['Change ID', 'Customer ID', 'Date', 'Field', 'Old Value', 'New Value', 'Source', 'Undone On'],
          ['CH-1', 'C1', '2026-11-01', 'email', 'a@example.com', 'b@example.com', 'clerk', ''],
          ['CH-2', 'C1', '2026-11-01', 'email', 'b@example.com', 'c@example.com', 'clerk', '2026-10-31'],
          ['CH-3', 'C1', '2026-11-01', 'fax', '', '555', 'clerk', ''],
        ],
      };
      // Act
      const { ledger, problems } = parseLedger(tabs);
      // Assess
      expect(problems.map((p) => [p.tab, p.row, p.column, p.code])).toEqual([
        ['Claims', 3, 'Allowed', 'SCHEMA.MORE_THAN_BILLED'],
        ['Claims', 4, 'Service To', 'SCHEMA.SERVICE_TO_BEFORE_FROM'],
        ['Claims', 5, 'Customer ID', 'SCHEMA.CUSTOMER_UNKNOWN'],
        ['Contact Changes', 3, 'Undone On', 'SCHEMA.UNDONE_BEFORE_CHANGE'],
        ['Contact Changes', 4, 'Field', 'SCHEMA.VALUE_NOT_ALLOWED'],
      ]);
      expect(ledger.claims.map((c) => c.claimId)).toEqual(['CL-1', 'CL-5']);
      expect(ledger.claims[1]).toMatchObject({ billedMinor: 20000, paidMinor: 20312 });
      expect(ledger.claims[0]).toMatchObject({
        claimId: 'CL-1',
        billedMinor: 20000,
        allowedMinor: 15000,
        payerType: 'commercial',
        status: 'submitted',
        appealStatus: 'none',
        adjustmentCodes: ['CO-45', 'PR-2'],
      });
      expect(ledger.contactChanges.map((c) => c.changeId)).toEqual(['CH-1']);
    });

    it('returns every problem with tab, row and column and keeps the good rows', () => {
      // Prepare
      const tabs = {
        Customers: [...CUSTOMERS, ['C3', 'Bad Zone', 'not-an-email', 'Mars/Base', 'deceased, vip']],
        Invoices: [
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          ['INV-1', 'C1', '2026-10-01', '2026-10-31', '1,250.00', 'usd'],
          ['INV-2', 'C1', '2026-10-01', '2026-09-30', '10', 'USD'],
          ['INV-3', 'C9', '2026-10-01', '2026-10-31', '10', 'USD'],
          ['INV-4', 'C2', '2026-13-01', '2026-10-31', '10.005', 'USD'],
          ['INV-1', 'C2', '2026-10-01', '2026-10-31', '10', 'USD'],
          ['INV-5', 'C2', '2026-10-01', '2026-10-31', '1500', 'JPY'],
          ['INV-6', 'C2', '2026-10-01', '2026-10-31', '15', 'XYZ'],
        ],
        Payments: [
          ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To', 'Status'],
          ['P-1', 'C1', '2026-11-01', '250', 'USD', 'INV-1', ''],
          ['P-2', 'C1', '2026-11-02', '250', 'USD', 'INV-5', 'returned'],
          ['P-3', 'C2', '2026-11-02', '250', 'USD', '', 'bounced'],
        ],
      };
      // Act
      const { ledger, problems } = parseLedger(tabs);
      // Assess
      expect(problems.map((p) => [p.tab, p.row, p.column, p.code])).toEqual([
        ['Customers', 4, 'Email', 'SCHEMA.EMAIL_INVALID'],
        ['Customers', 4, 'Time Zone', 'SCHEMA.TIMEZONE_INVALID'],
        ['Customers', 4, 'Flags', 'SCHEMA.VALUE_NOT_ALLOWED'],
        ['Invoices', 3, 'Due Date', 'SCHEMA.DUE_BEFORE_ISSUE'],
        ['Invoices', 4, 'Customer ID', 'SCHEMA.CUSTOMER_UNKNOWN'],
        ['Invoices', 5, 'Invoice Date', 'SCHEMA.DATE_INVALID'],
        ['Invoices', 5, 'Amount', 'SCHEMA.AMOUNT_INVALID'],
        ['Invoices', 6, 'Invoice ID', 'SCHEMA.ID_DUPLICATE'],
        ['Invoices', 8, 'Currency', 'SCHEMA.CURRENCY_UNKNOWN'],
        ['Payments', 3, 'Applies To', 'SCHEMA.INVOICE_MISMATCH'],
        ['Payments', 4, 'Status', 'SCHEMA.VALUE_NOT_ALLOWED'],
      ]);
      expect(ledger.customers.map((c) => c.customerId)).toEqual(['C1', 'C2']);
      expect(ledger.customers[1]!.flags).toEqual(['dispute', 'attorney']);
      expect(ledger.invoices.map((i) => [i.invoiceId, i.amountMinor, i.currency])).toEqual([
        ['INV-1', 125_000, 'USD'],
        ['INV-5', 1500, 'JPY'],
      ]);
      expect(ledger.payments.map((p) => p.paymentId)).toEqual(['P-1']);
    });

    it('returns problems a clerk can read', () => {
      const { problems } = parseLedger({
        Customers: CUSTOMERS,
        Invoices: [
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          ['INV-9', 'C1', '2026-10-01', '2026-10-31', '12.345', 'USD'],
        ],
      });
      expect(problems.map(formatProblem)).toEqual([
        'Invoices row 2, Amount: "12.345" has more than 2 decimals for USD',
      ]);
    });

    it('reads cell values as Sheets gives them: numbers and Dates', () => {
      const { ledger, problems } = parseLedger({
        Customers: CUSTOMERS,
        Invoices: [
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency', 'Status'],
          [
            'INV-1',
            'C1',
            new Date(Date.UTC(2026, 9, 1)),
            new Date(Date.UTC(2026, 9, 31)),
            19.99,
            'USD',
            'Disputed',
          ],
        ],
      });
      expect(problems).toEqual([]);
      expect(ledger.invoices[0]).toMatchObject({
        invoiceDate: '2026-10-01',
        dueDate: '2026-10-31',
        amountMinor: 1999,
        status: 'disputed',
      });
    });

    it('marks a returned payment and defaults its returned date to the payment date', () => {
      const { ledger } = parseLedger({
        Customers: CUSTOMERS,
        Payments: [
          ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Status'],
          ['P-1', 'C1', '2026-11-01', '250', 'USD', 'Returned'],
        ],
      });
      expect(ledger.payments[0]).toMatchObject({
        status: 'returned',
        returnedDate: '2026-11-01',
        amountMinor: 25_000,
      });
    });
  });
});
