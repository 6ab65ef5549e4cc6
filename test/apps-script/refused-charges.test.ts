// The add-on's views count what the engine charges (issue #12): a late fee or interest row that
// core's compliance rules refuse is left out of the Aging tab, the Dashboard's figures and the
// sidebar balance, said beside them, and marked on the Adjustments tab (note and colour).
/// <reference types="google-apps-script" />
import { describe, expect, it } from 'vitest';
import { refreshAgingTab } from '../../apps-script/src/aging-tab.js';
import {
  lawfulLedger,
  markRefusedCharges,
  REFUSED_BACKGROUND,
} from '../../apps-script/src/refused-charges.js';
import { customerPanel } from '../../apps-script/src/sidebar.js';
import { withoutRefusedCharges } from '../../core/compliance/charge-refusals.js';
import { type LedgerRows, parseLedger } from '../../core/ledger/schema-rows.js';
import { dashboard } from '../../core/reports/dashboard.js';
import { FakeGas } from './fake-gas.js';

const AS_OF = '2026-11-23';
const ADJUSTMENT_HEADER = [
  'Adjustment ID',
  'Customer ID',
  'Date',
  'Type',
  'Amount',
  'Currency',
  'Invoice ID',
];

/**
 * C-1 never agreed to fees (its USD 25.00 late fee is refused); C-2 agreed (its fee is charged);
 * C-3's interest row is above the ceiling only if the state caps it: here no state, so charged.
 */
function rows(extraAdjustments: unknown[][] = []): LedgerRows {
  return {
    Customers: [
      ['Customer ID', 'Name', 'Email', 'Fees Agreed'],
      ['C-1', 'Ada Park', 'ada@example.com', 'no'],
      ['C-2', 'Ben Ode', 'ben@example.com', 'yes'],
    ],
    Invoices: [
      ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
      ['INV-1', 'C-1', '2026-09-01', '2026-10-01', '400.00', 'USD'],
      ['INV-2', 'C-2', '2026-09-01', '2026-10-01', '300.00', 'USD'],
    ],
    Adjustments: [
      ADJUSTMENT_HEADER,
      ['ADJ-1', 'C-1', '2026-11-01', 'credit-note', '10.00', 'USD', 'INV-1'],
      ['FEE-1', 'C-1', '2026-11-01', 'late-fee', '25.00', 'USD', 'INV-1'],
      ['FEE-2', 'C-2', '2026-11-01', 'late-fee', '25.00', 'USD', 'INV-2'],
      ...extraAdjustments,
    ],
  };
}

function spreadsheet(ledgerRows: LedgerRows) {
  const gas = new FakeGas();
  for (const [tab, values] of Object.entries(ledgerRows)) gas.addSheet(tab, values as unknown[][]);
  const ss = (gas.globals().SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp).getActive();
  return { gas, ss };
}

describe('apps-script/refused-charges', () => {
  describe('lawfulLedger', () => {
    it("leaves out exactly the rows core's engine refuses, with their totals per currency", () => {
      // Prepare
      const { ledger } = parseLedger(rows());
      // Act
      const lawful = lawfulLedger(ledger);
      // Assess: the same decision as the engine's (the backend's snapshots use withoutRefusedCharges too).
      expect(lawful.refused.map((r) => [r.adjustmentId, r.rule])).toEqual([['FEE-1', 'fees/not-agreed']]);
      expect(lawful.ledger.adjustments.map((a) => a.adjustmentId)).toEqual(
        withoutRefusedCharges(ledger).ledger.adjustments.map((a) => a.adjustmentId),
      );
      expect(lawful.totals).toEqual([{ currency: 'USD', amountMinor: 2_500, rows: 1 }]);
    });
  });

  describe('refreshAgingTab', () => {
    it('totals without the refused fee and says what was not counted', () => {
      // Prepare
      const { ledger } = parseLedger(rows());
      const { ss, gas } = spreadsheet(rows());
      const lawful = lawfulLedger(ledger);
      // Act
      refreshAgingTab(ss, lawful.ledger, AS_OF, lawful.totals);
      // Assess: 400 - 10 + 300 + 25 (C-2's agreed fee) = 715.00, not 740.00.
      const aging = gas.sheet('Aging')!;
      const usd = aging.rows.find((r) => r[0] === 'USD')!;
      expect(usd[6]).toBe(715);
      expect(aging.rows.map((r) => String(r[0]))).toContain(
        'Not counted: USD 25.00 in 1 row of late fees or interest the compliance rules refuse (marked on the Adjustments tab)',
      );
    });
  });

  describe('dashboard (core) over the lawful ledger', () => {
    it('counts the open balance the engine counts', () => {
      // Prepare
      const { ledger } = parseLedger(rows());
      // Act
      const lawful = dashboard(lawfulLedger(ledger).ledger, AS_OF);
      // Assess: 400 - 10 + 300 + 25 (C-2's agreed fee), C-1's refused 25 not in it.
      expect(lawful.currencies.map((c) => [c.currency, c.receivableMinor])).toEqual([['USD', 71_500]]);
      expect(dashboard(ledger, AS_OF).currencies[0]!.receivableMinor).toBe(74_000);
    });
  });

  describe('customerPanel', () => {
    it('shows the balance without the refused fee, and the fee as not charged with why', () => {
      // Prepare
      const { ledger } = parseLedger(rows());
      // Act
      const panel = customerPanel(ledger, 'C-1', AS_OF);
      const agreed = customerPanel(ledger, 'C-2', AS_OF);
      // Assess
      expect(panel.balances.map((b) => b.minor)).toEqual([39_000]);
      expect(panel.notCharged).toHaveLength(1);
      expect(panel.notCharged![0]).toMatch(/^FEE-1: .*Fees Agreed is not yes/);
      expect(agreed.balances.map((b) => b.minor)).toEqual([32_500]);
      expect(agreed.notCharged).toBeUndefined();
    });
  });

  describe('markRefusedCharges', () => {
    it("notes and colours the refused row's Amount cell only, and takes its own mark off once the fee is lawful", () => {
      // Prepare
      const before = rows();
      const { ss, gas } = spreadsheet(before);
      const sheet = ss.getSheetByName('Adjustments')!;
      const { ledger } = parseLedger(before);
      // Act
      const marked = markRefusedCharges(sheet, 4, ledger, lawfulLedger(ledger).refused);
      // Assess: FEE-1 is sheet row 3; the Amount column is the 5th.
      const adjustments = gas.sheet('Adjustments')!;
      expect(marked).toBe(1);
      expect(adjustments.notes.get('3:5')).toMatch(/^Not charged \(fees\/not-agreed\): FEE-1: /);
      expect(adjustments.backgrounds.get('3:5')).toBe(REFUSED_BACKGROUND);
      expect(adjustments.notes.get('4:5')).toBeUndefined();
      expect(adjustments.backgrounds.get('4:5')).not.toBe(REFUSED_BACKGROUND);
      // Act: the customer agrees to fees; a clerk's own note on FEE-2 stays.
      sheet.getRange(4, 5).setNote('checked by Ana');
      const agreed = rows();
      (agreed.Customers as unknown[][])[1]![3] = 'yes';
      const now = parseLedger(agreed).ledger;
      markRefusedCharges(sheet, 4, now, lawfulLedger(now).refused);
      // Assess
      expect(adjustments.notes.get('3:5')).toBeUndefined();
      expect(adjustments.backgrounds.get('3:5')).toBeNull();
      expect(adjustments.notes.get('4:5')).toBe('checked by Ana');
    });

    it('makes the same service calls for 2,000 charge rows as for 20', () => {
      // Prepare
      const callsFor = (n: number) => {
        const extra = Array.from({ length: n }, (_, i) => [
          `FEE-X${i}`,
          i % 2 ? 'C-1' : 'C-2',
          '2026-11-02',
          'late-fee',
          '1.00',
          'USD',
          i % 2 ? 'INV-1' : 'INV-2',
        ]);
        const r = rows(extra);
        const { ss, gas } = spreadsheet(r);
        const { ledger } = parseLedger(r);
        const refused = lawfulLedger(ledger).refused;
        gas.resetCalls();
        // Act
        markRefusedCharges(ss.getSheetByName('Adjustments')!, 4, ledger, refused);
        return { calls: gas.calls.length, refused: refused.length };
      };
      const small = callsFor(20);
      const large = callsFor(2_000);
      // Assess
      expect(large.refused).toBeGreaterThan(small.refused);
      expect(large.calls).toBe(small.calls);
      expect(large.calls).toBeLessThanOrEqual(6);
    });
  });
});
