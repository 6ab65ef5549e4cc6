// The status the sheet shows for a trade-credit customer: a credit hold due today is its next
// action with the reason, and one coming later is projected without failing on a stage with no channel.
import { describe, expect, it } from 'vitest';
import { snapshotAccount } from '../../../core/collections/account-snapshot.js';
import { buildBook } from '../../../core/ledger/book.js';
import type { Activity } from '../../../core/ledger/ledger.js';
import { collectionStatus } from '../../../lambdas/services/collection-status.js';
import { DEFAULT_SETTINGS } from '../../../lambdas/shared/settings.js';
import { customer, invoice, ledgerOf } from '../../support/ledger-builders.js';

const SETTINGS = { tenantId: 't1', ...DEFAULT_SETTINGS, reviewMode: false };
const done = (stage: string, date: string): Activity => ({
  row: 0,
  activityId: `A-${stage}`,
  customerId: 'C1',
  date,
  type: 'email',
  direction: 'outbound',
  stage,
});

function statusOn(asOf: string, activity: Activity[]) {
  const ledger = ledgerOf({
    customers: [
      customer('C1', { name: 'Harbor Supply Co', email: 'ap@harbor.example', ladder: 'trade-credit' }),
    ],
    invoices: [invoice('INV-1', 'C1', '2026-10-04', 120_000)],
    activity,
  });
  const snapshot = snapshotAccount(ledger, buildBook(ledger, asOf), 'C1', asOf)!;
  return collectionStatus([snapshot], SETTINGS, asOf, new Date(`${asOf}T14:00:00Z`))[0]!;
}

describe('collection-status', () => {
  describe('collectionStatus', () => {
    const reminders = [
      done('reminder-1', '2026-10-05'),
      done('reminder-15', '2026-10-19'),
      done('reminder-30', '2026-11-03'),
    ];

    it('shows a credit hold due today as the next action, with why', () => {
      const s = statusOn('2026-11-23', reminders);
      expect(s.nextAction).toBe('internal credit-hold');
      expect(s.why).toContain("the office's credit contact is asked to put the account on credit hold");
    });

    it('projects a credit hold still to come', () => {
      const s = statusOn('2026-11-10', reminders);
      expect(s.nextAction).toBe('2026-11-18 internal credit-hold');
      expect(s.why).toContain('nothing goes to the customer');
    });
  });
});
