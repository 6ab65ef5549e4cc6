// Tests for account snapshots: the activity they keep is what the daily run's guardrails need.
import { describe, expect, it } from 'vitest';
import { snapshotAccount } from '../../core/collections/account-snapshot.js';
import { buildBook } from '../../core/ledger/book.js';
import type { Activity } from '../../core/ledger/ledger.js';
import { customer, invoice, ledgerOf, payment } from '../support/ledger-builders.js';

const asOf = '2026-11-23';
const row = (activityId: string, date: string, over: Partial<Activity> = {}): Activity => ({
  row: 0,
  activityId,
  customerId: 'C1',
  date,
  type: 'call',
  direction: 'outbound',
  ...over,
});

describe('account-snapshot', () => {
  describe('snapshotAccount', () => {
    it('returns the last 30 days of contacts and every validation notice, however old', () => {
      // Prepare
      const ledger = ledgerOf({
        customers: [customer('C1')],
        invoices: [invoice('I1', 'C1', '2026-11-20', 10_000)],
        activity: [
          row('A-OLD', '2026-01-05', { type: 'letter', stage: 'validation-notice' }),
          row('A-25', '2026-10-29'),
          row('A-90', '2026-08-25'),
        ],
      });
      // Act
      const snap = snapshotAccount(ledger, buildBook(ledger, asOf), 'C1', asOf)!;
      // Assess
      expect(snap.activity.map((a) => a.activityId).sort()).toEqual(['A-25', 'A-OLD']);
    });

    it('returns a held account open, with its hold note however old, after everything is paid', () => {
      // Prepare: put on credit hold in August; every invoice paid since; the flag still on.
      const ledger = ledgerOf({
        customers: [customer('C1', { flags: ['credit-hold'] })],
        invoices: [invoice('I1', 'C1', '2026-06-20', 10_000)],
        payments: [payment('P1', 'C1', '2026-11-20', 10_000)],
        activity: [
          row('A-HOLD', '2026-08-04', {
            type: 'note',
            stage: 'credit-hold',
            outcome: 'credit hold: credit-hold',
          }),
          row('A-90', '2026-08-25'),
        ],
      });
      // Act
      const snap = snapshotAccount(ledger, buildBook(ledger, asOf), 'C1', asOf)!;
      // Assess: on the open index until the hold is released, so the daily run can release it once.
      expect(snap.accounts.every((a) => a.openMinor === 0)).toBe(true);
      expect(snap.open).toBe(true);
      expect(snap.activity.map((a) => a.activityId)).toEqual(['A-HOLD']);
    });
  });
});
