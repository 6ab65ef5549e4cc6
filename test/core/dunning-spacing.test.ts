// Tests for the spacing between dunning stages: a far-overdue customer hears at most once a week.
import { describe, expect, it } from 'vitest';
import { planCollections } from '../../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../../core/collections/dunning-policy.js';
import { buildBook } from '../../core/ledger/book.js';
import { addDays, zonedInstant } from '../../core/ledger/dates.js';
import type { Activity } from '../../core/ledger/ledger.js';
import { customer, invoice, ledgerOf } from '../support/ledger-builders.js';

const AS_OF = '2026-11-23';

const sent = (date: string, stage: string): Activity => ({
  row: 0,
  activityId: `A-${date}-${stage}`,
  customerId: 'C1',
  date,
  type: 'email',
  direction: 'outbound',
  stage,
});

function planWith(activity: Activity[], minDaysBetweenStages = DEFAULT_POLICY.minDaysBetweenStages) {
  const ledger = ledgerOf({
    customers: [customer('C1', { email: 'c1@example.com', timeZone: 'America/New_York' })],
    invoices: [invoice('I1', 'C1', addDays(AS_OF, -76), 50_000, { invoiceDate: addDays(AS_OF, -106) })],
    activity,
  });
  return planCollections({
    ledger,
    book: buildBook(ledger, AS_OF),
    policy: { ...DEFAULT_POLICY, minDaysBetweenStages },
    asOf: AS_OF,
    now: zonedInstant(AS_OF, 10, 'America/New_York'),
    defaultTimeZone: 'America/New_York',
  });
}

describe('dunning-policy', () => {
  describe('planCollections spacing', () => {
    it.each([
      ['reminder-1 sent today', [sent(AS_OF, 'reminder-1')], []],
      ['reminder-1 sent 6 days ago', [sent(addDays(AS_OF, -6), 'reminder-1')], []],
      ['reminder-1 sent 7 days ago', [sent(addDays(AS_OF, -7), 'reminder-1')], ['reminder-15']],
      ['nothing sent yet', [], ['reminder-1']],
    ])('returns %s -> %j', (_name, activity, stages) => {
      expect(planWith(activity).actions.map((a) => a.stage)).toEqual(stages);
    });

    it('returns the next stage at once when the policy sets no spacing', () => {
      expect(planWith([sent(AS_OF, 'reminder-1')], 0).actions.map((a) => a.stage)).toEqual(['reminder-15']);
    });
  });
});
