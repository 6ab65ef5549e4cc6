// Tests for deceased customers: contact stops the day the flag is set, and personal data is purged after retention.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLedger } from '../../cli/read-ledger.js';
import { planCollections } from '../../core/collections/collection-plan.js';
import { CHANNELS, checkContact } from '../../core/collections/contact-rules.js';
import { DEFAULT_POLICY } from '../../core/collections/dunning-policy.js';
import { buildBook } from '../../core/ledger/book.js';
import { addDays } from '../../core/ledger/dates.js';
import type { Activity, ContactChange, Customer, Ledger } from '../../core/ledger/ledger.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';
import {
  archiveHoldsOf,
  DEFAULT_RETENTION_DAYS,
  PURGE_OUTCOME,
  purgeDeceased,
  purgedName,
} from '../../core/lifecycle/retention.js';
import { applyLedgerChanges } from '../../core/lifecycle/tracing.js';
import { customer, invoice, ledgerOf, payment } from '../support/ledger-builders.js';

const asOf = '2026-11-23';
const due = (dpd: number) => addDays(asOf, -dpd);

const person = (customerId: string, over: Partial<Customer> = {}): Customer =>
  customer(customerId, {
    name: `Person ${customerId}`,
    email: `${customerId.toLowerCase()}@example.com`,
    phone: '555-0100',
    address: '1 Main St',
    timeZone: 'America/Chicago',
    ...over,
  });

const note = (activityId: string, customerId: string, date: string, text: string): Activity => ({
  row: 0,
  activityId,
  customerId,
  date,
  type: 'note',
  direction: 'inbound',
  note: text,
  outcome: 'spoke to family',
  by: 'jo',
});

const change = (changeId: string, customerId: string): ContactChange => ({
  row: 0,
  changeId,
  customerId,
  date: '2025-06-01',
  field: 'phone',
  oldValue: '555-0001',
  newValue: '555-0100',
  source: 'customer',
  by: 'jo',
  note: 'daughter gave the new number',
});

/** A deceased customer (told 2025-11-01) and a living one, each with history. */
const estate = (over: Partial<Customer> = {}): Ledger =>
  ledgerOf({
    customers: [person('C-D', { flags: ['deceased'], deceasedOn: '2025-11-01', ...over }), person('C-L')],
    invoices: [
      invoice('INV-D', 'C-D', '2025-09-01', 64_500, { description: 'visit 2025-08-02: cardiology' }),
      invoice('INV-L', 'C-L', '2025-09-01', 10_000, { description: 'consultation' }),
    ],
    payments: [payment('P-D', 'C-D', '2025-12-01', 4_500, { reference: 'estate check 12' })],
    activity: [
      note('A-1', 'C-D', '2025-11-01', 'Son called: passed away 2025-10-20'),
      note('A-2', 'C-L', '2025-11-02', 'asked for a statement'),
    ],
    promises: [
      {
        row: 0,
        promiseId: 'PR-D',
        customerId: 'C-D',
        takenOn: '2025-10-01',
        promisedDate: '2025-10-15',
        amountMinor: 10_000,
        currency: 'USD',
        cancelled: false,
        note: 'after the surgery',
      },
    ],
    plans: [
      {
        row: 0,
        planId: 'PL-D',
        customerId: 'C-D',
        startDate: '2025-07-01',
        totalMinor: 20_000,
        currency: 'USD',
        installments: 2,
        frequency: 'monthly',
        graceDays: 5,
        cancelled: true,
        note: 'agreed with wife',
      },
    ],
    contactChanges: [change('CH-D', 'C-D'), change('CH-L', 'C-L')],
  });

describe('core/retention', () => {
  describe('the deceased flag', () => {
    it('blocks every channel in the guardrails', () => {
      for (const channel of CHANNELS) {
        const blocks = checkContact({ customer: person('C-1', { flags: ['deceased'] }), channel, asOf });
        expect(blocks.map((b) => b.rule)).toContain('flag/deceased');
      }
    });

    it('stops every stage of dunning on the day it is set', () => {
      // Prepare: one customer at each stage of the ladder, told of the death today.
      const dpds = [-2, 1, 20, 35, 65, 80, 95];
      const ledger = ledgerOf({
        customers: dpds.map((_, i) =>
          person(`C-${i}`, { dunning: 'catch-up', flags: ['deceased'], deceasedOn: asOf }),
        ),
        invoices: dpds.map((d, i) =>
          invoice(`INV-${i}`, `C-${i}`, due(d), 10_000, { invoiceDate: due(d + 30) }),
        ),
      });
      // Act
      const plan = planCollections({
        ledger,
        book: buildBook(ledger, asOf),
        policy: DEFAULT_POLICY,
        asOf,
        now: Date.parse('2026-11-23T15:00:00Z'),
        defaultTimeZone: 'America/Chicago',
      });
      // Assess
      expect(plan.actions).toEqual([]);
      expect(new Set(plan.blocked.map((b) => b.customerId)).size).toBe(dpds.length);
      expect(plan.blocked.every((b) => b.rule === 'flag/deceased')).toBe(true);
      expect(new Set(plan.blocked.map((b) => b.channel))).toEqual(new Set(CHANNELS));
    });
  });

  describe('archiveHoldsOf', () => {
    it('returns, per customer, 3 years (1095 days) after the last message sent', () => {
      // Act
      const holds = archiveHoldsOf([
        { customerId: 'C-1', sentAt: '2025-05-20T14:00:00.000Z' },
        { customerId: 'C-1', sentAt: '2024-01-02T10:00:00.000Z' },
        { customerId: 'C-2', sentAt: '2026-11-23T23:59:00.000Z' },
      ]);
      // Assess
      expect([...holds]).toEqual([
        ['C-1', '2028-05-19'],
        ['C-2', addDays('2026-11-23', 1095)],
      ]);
    });
  });

  describe('purgeDeceased', () => {
    it('clears personal data after the retention period and keeps amounts, dates, ids and statuses', () => {
      // Prepare
      const ledger = estate();
      // Act
      const result = purgeDeceased(ledger, asOf, { by: 'ops' });
      const after = applyLedgerChanges(ledger, result.changes);
      // Assess
      const d = after.customers.find((c) => c.customerId === 'C-D')!;
      expect(d).toEqual({
        ...ledger.customers[0],
        name: purgedName('C-D'),
        email: undefined,
        phone: undefined,
        address: undefined,
      });
      expect(d.name).toBe('Deceased customer C-D');
      expect(after.contactChanges.find((c) => c.changeId === 'CH-D')).toEqual({
        ...change('CH-D', 'C-D'),
        oldValue: undefined,
        newValue: undefined,
        note: undefined,
      });
      expect(after.activity.find((a) => a.activityId === 'A-1')).toMatchObject({
        note: undefined,
        outcome: 'spoke to family',
        date: '2025-11-01',
      });
      expect(after.promises[0]).toMatchObject({
        note: undefined,
        amountMinor: 10_000,
        promisedDate: '2025-10-15',
      });
      expect(after.plans[0]).toMatchObject({ note: undefined, totalMinor: 20_000, cancelled: true });
      expect(after.invoices[0]).toEqual({ ...ledger.invoices[0], description: undefined });
      expect(after.payments).toEqual(ledger.payments);
      // The living customer is untouched.
      expect(after.customers[1]).toEqual(ledger.customers[1]);
      expect(after.invoices[1]).toEqual(ledger.invoices[1]);
      expect(after.activity.find((a) => a.activityId === 'A-2')).toEqual(ledger.activity[1]);
      expect(after.contactChanges.find((c) => c.changeId === 'CH-L')).toEqual(ledger.contactChanges[1]);
      // Balances are exactly as before.
      expect(buildBook(after, asOf).accounts).toEqual(buildBook(ledger, asOf).accounts);
      // The purge is on record with its rule.
      expect(result.changes.added.activity).toEqual([
        {
          row: 0,
          activityId: 'PURGE-20261123-1',
          customerId: 'C-D',
          date: asOf,
          type: 'note',
          direction: 'outbound',
          outcome: PURGE_OUTCOME,
          note:
            'Personal data purged on 2026-11-23 under retention/deceased-365d: the office learned of the death on 2025-11-01, ' +
            '387 days ago, and keeps personal data 365 days. Name, email, phone, address, contact-change values, notes and ' +
            'invoice descriptions cleared; amounts, dates, ids and statuses kept.',
          by: 'ops',
        },
      ]);
      expect(result.purged.map((p) => [p.customerId, p.deceasedOn])).toEqual([['C-D', '2025-11-01']]);
    });

    it('is idempotent: a second run changes nothing and names the customer as already purged', () => {
      const ledger = estate();
      const once = applyLedgerChanges(ledger, purgeDeceased(ledger, asOf).changes);
      const twice = purgeDeceased(once, addDays(asOf, 30));
      expect(twice.purged).toEqual([]);
      expect(twice.alreadyPurged).toEqual(['C-D']);
      expect(applyLedgerChanges(once, twice.changes)).toEqual(once);
    });

    it.each([
      [DEFAULT_RETENTION_DAYS, '2026-11-01', true],
      [DEFAULT_RETENTION_DAYS, '2026-10-31', false],
      [30, '2025-12-01', true],
      [30, '2025-11-30', false],
      [0, '2025-11-01', true],
    ])('with %d days of retention, purges on %s: %s', (retentionDays, on, purged) => {
      const result = purgeDeceased(estate(), on, { retentionDays });
      expect(result.purged.length === 1).toBe(purged);
      if (!purged) {
        expect(result.skipped).toEqual([
          {
            customerId: 'C-D',
            rule: 'retention/within-retention',
            reason: `kept until ${addDays('2025-11-01', retentionDays)} (${retentionDays} days after 2025-11-01)`,
            purgeOn: addDays('2025-11-01', retentionDays),
          },
        ]);
      }
    });

    it('never purges on a guess: no date, or a date without the flag, is listed for a clerk', () => {
      const noDate = purgeDeceased(estate({ deceasedOn: undefined }), asOf);
      const noFlag = purgeDeceased(estate({ flags: [] }), asOf);
      expect(noDate.purged).toEqual([]);
      expect(noDate.skipped.map((s) => s.rule)).toEqual(['retention/no-deceased-date']);
      expect(noFlag.purged).toEqual([]);
      expect(noFlag.skipped[0]).toMatchObject({
        rule: 'retention/no-deceased-flag',
        reason:
          'Deceased On is 2025-11-01 but the deceased flag is not set: set the flag (contact must stop) or clear the date',
      });
      expect(Object.values(noDate.changes.updated).every((rows) => (rows ?? []).length === 0)).toBe(true);
    });

    it('lists the demo ledger’s deceased customer as needing a date', async () => {
      const input = await readLedger(new URL('../../examples/demo-ledger', import.meta.url).pathname);
      const { ledger } = parseLedger(input.rows);
      const result = purgeDeceased(ledger, '2030-01-01');
      expect(result.purged).toEqual([]);
      expect(result.skipped).toEqual([
        {
          customerId: 'C-1006',
          rule: 'retention/no-deceased-date',
          reason: 'flagged deceased with no Deceased On date: enter the day the office learned of the death',
        },
      ]);
    });

    it('throws for a retention that is not a whole number of days', () => {
      expect(() => purgeDeceased(estate(), asOf, { retentionDays: -1 })).toThrow('retentionDays must be');
      expect(() => purgeDeceased(estate(), asOf, { retentionDays: 1.5 })).toThrow('not 1.5');
    });

    it('never changes a balance and purges each customer at most once (property)', () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({ told: fc.integer({ min: 0, max: 800 }), owed: fc.integer({ min: 0, max: 100_000 }) }),
            {
              minLength: 1,
              maxLength: 5,
            },
          ),
          fc.integer({ min: 0, max: 400 }),
          (people, retentionDays) => {
            const ledger = ledgerOf({
              customers: people.map((p, i) =>
                person(`C-${i}`, { flags: ['deceased'], deceasedOn: addDays(asOf, -p.told) }),
              ),
              invoices: people.map((p, i) => invoice(`INV-${i}`, `C-${i}`, '2024-01-01', p.owed)),
            });
            const first = purgeDeceased(ledger, asOf, { retentionDays });
            const once = applyLedgerChanges(ledger, first.changes);
            const again = applyLedgerChanges(once, purgeDeceased(once, asOf, { retentionDays }).changes);
            expect(buildBook(again, asOf).accounts).toEqual(buildBook(ledger, asOf).accounts);
            expect(first.purged.length).toBe(people.filter((p) => p.told >= retentionDays).length);
            expect(again.activity.filter((a) => a.outcome === PURGE_OUTCOME)).toHaveLength(
              first.purged.length,
            );
          },
        ),
      );
    });
  });
});
