// The sync order: every tab a row may reference is synced before the row's own tab.
import { describe, expect, it } from 'vitest';
import { TAB_NAMES } from '../../core/ledger/schema.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';
import { SYNC_ORDER, TAB_REFERENCES } from '../../core/ledger/sync-order.js';

describe('sync-order', () => {
  describe('SYNC_ORDER', () => {
    it('holds every tab once', () => {
      expect([...SYNC_ORDER].sort()).toEqual([...TAB_NAMES].sort());
    });

    it('puts every referenced tab before the tab that references it', () => {
      for (const r of TAB_REFERENCES)
        for (const to of r.to)
          expect(SYNC_ORDER.indexOf(to), `${r.from}.${r.column} -> ${to}`).toBeLessThan(
            SYNC_ORDER.indexOf(r.from),
          );
    });

    it('syncs Adjustments before the Payments that may apply to a charge', () => {
      expect(SYNC_ORDER.slice(0, 4)).toEqual(['Customers', 'Invoices', 'Adjustments', 'Payments']);
    });
  });
});

describe('schema', () => {
  describe('parseLedger', () => {
    const ledger = (appliesTo: string) =>
      parseLedger({
        Customers: [
          ['Customer ID', 'Name'],
          ['C1', 'One'],
          ['C2', 'Two'],
        ],
        Invoices: [
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          ['INV-1', 'C1', '2026-10-01', '2026-10-31', '100.00', 'USD'],
        ],
        Adjustments: [
          ['Adjustment ID', 'Customer ID', 'Date', 'Type', 'Amount', 'Currency'],
          ['FEE-1', 'C1', '2026-11-01', 'late-fee', '5.00', 'USD'],
          ['FEE-2', 'C2', '2026-11-01', 'late-fee', '5.00', 'EUR'],
        ],
        Payments: [
          ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To'],
          ['P-1', 'C1', '2026-11-10', '5.00', 'USD', appliesTo],
        ],
      });

    it.each([
      ['FEE-1', []],
      ['FEE-2', [['Payments', 2, 'Applies To', 'SCHEMA.INVOICE_MISMATCH']]],
      ['NOPE', [['Payments', 2, 'Applies To', 'SCHEMA.INVOICE_MISMATCH']]],
    ])('applies a payment only to its own customer’s charges (%s)', (appliesTo, expected) => {
      // Act
      const { problems } = ledger(appliesTo);
      // Assess
      expect(problems.map((p) => [p.tab, p.row, p.column, p.code])).toEqual(expected);
    });
  });
});
