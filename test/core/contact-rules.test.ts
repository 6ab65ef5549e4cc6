// Tests for contact guardrails: flags, promises, plans, disputes, 7-day caps and the local contact window.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allOverdueDisputed,
  CHANNELS,
  type Channel,
  CONTACT_LIMITS,
  checkContact,
  contactWindowStart,
  countRecentContacts,
} from '../../core/collections/contact-rules.js';
import { evaluatePlan } from '../../core/collections/plans.js';
import { evaluatePromise } from '../../core/collections/promises.js';
import { buildBook } from '../../core/ledger/book.js';
import { localTime } from '../../core/ledger/dates.js';
import type { Activity, CustomerFlag } from '../../core/ledger/ledger.js';
import { CUSTOMER_FLAGS } from '../../core/ledger/ledger.js';
import { customer, invoice, ledgerOf } from '../support/ledger-builders.js';

let seq = 0;
const activity = (date: string, type: Activity['type'], over: Partial<Activity> = {}): Activity => ({
  row: 0,
  activityId: `A${++seq}`,
  customerId: 'C1',
  date,
  type,
  direction: 'outbound',
  ...over,
});

const asOf = '2026-11-23';
const rulesFor = (check: Omit<Parameters<typeof checkContact>[0], 'asOf'>) =>
  checkContact({ asOf, ...check }).map((b) => b.rule);

describe('contact-rules', () => {
  describe('checkContact', () => {
    const flagTable: [CustomerFlag, Channel[]][] = [
      ['dispute', ['email', 'letter', 'call']],
      ['bankruptcy', ['email', 'letter', 'call']],
      ['deceased', ['email', 'letter', 'call']],
      ['cease-contact', ['email', 'letter', 'call']],
      ['attorney', ['email', 'letter', 'call']],
      ['placed', ['email', 'letter', 'call']],
      ['opted-out', ['email']],
      ['email-suppressed', ['email']],
      ['mail-returned', ['letter']],
      ['credit-hold', []],
    ];

    it('covers every customer flag in the table below', () => {
      expect(flagTable.map(([f]) => f).sort()).toEqual([...CUSTOMER_FLAGS].sort());
    });

    it.each(flagTable)('returns a flag/%s block on exactly the channels %j', (flag, blockedChannels) => {
      // Prepare
      const c = customer('C1', { flags: [flag] });
      // Act
      const byChannel = CHANNELS.map((channel) => [channel, rulesFor({ customer: c, channel })] as const);
      // Assess
      for (const [channel, rules] of byChannel) {
        expect(rules).toEqual(blockedChannels.includes(channel) ? [`flag/${flag}`] : []);
      }
    });

    it('returns every block, not just the first', () => {
      const c = customer('C1', { flags: ['deceased', 'bankruptcy'], contactPreset: 'massachusetts' });
      const rules = rulesFor({
        customer: c,
        channel: 'call',
        activity: [activity('2026-11-20', 'call'), activity('2026-11-21', 'call')],
      });
      expect(rules).toEqual(['flag/deceased', 'flag/bankruptcy', 'cap/calls-7d']);
    });

    it.each([
      // preset, calls in the last 7 days (dates), expected call rules
      ['massachusetts', ['2026-11-18', '2026-11-23'], ['cap/calls-7d']],
      ['massachusetts', ['2026-11-16', '2026-11-23'], []],
      ['massachusetts', ['2026-11-17', '2026-11-23'], ['cap/calls-7d']],
      ['massachusetts', ['2026-11-22'], []],
      [
        'federal',
        ['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'],
        ['cap/calls-7d'],
      ],
      ['federal', ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'], []],
    ] as const)('returns %s with calls on %j -> %j', (preset, dates, expected) => {
      // Prepare
      const c = customer('C1', { contactPreset: preset });
      const rows = dates.map((d) => activity(d, 'call'));
      // Act
      const callRules = rulesFor({ customer: c, channel: 'call', activity: rows });
      const emailRules = rulesFor({ customer: c, channel: 'email', activity: rows });
      // Assess
      expect(callRules).toEqual(expected);
      expect(emailRules).toEqual([]);
    });

    it('returns a New York City block on every channel after 3 contacts of any kind this week', () => {
      // Prepare
      const c = customer('C1', { contactPreset: 'new-york-city', consentEmail: true });
      const rows = [
        activity('2026-11-18', 'email'),
        activity('2026-11-20', 'letter'),
        activity('2026-11-23', 'call'),
      ];
      // Act
      const rules = CHANNELS.map((channel) => rulesFor({ customer: c, channel, activity: rows }));
      // Assess
      expect(rules).toEqual([['cap/contacts-7d'], ['cap/contacts-7d'], ['cap/contacts-7d']]);
    });

    it('returns no New York City block when some rows are inbound, notes, another customer or out of the week', () => {
      const c = customer('C1', { contactPreset: 'new-york-city', consentEmail: true });
      const rows = [
        activity('2026-11-18', 'email'),
        activity('2026-11-20', 'call', { direction: 'inbound' }),
        activity('2026-11-21', 'note'),
        activity('2026-11-22', 'email', { customerId: 'C2' }),
        activity('2026-11-16', 'letter'),
        activity('2026-11-24', 'letter'),
        activity('2026-11-23', 'sms'),
      ];
      expect(rulesFor({ customer: c, channel: 'email', activity: rows })).toEqual([]);
    });

    it('returns the default preset when the customer has none', () => {
      const rows = [activity('2026-11-20', 'call'), activity('2026-11-21', 'call')];
      expect(
        rulesFor({
          customer: customer('C1'),
          channel: 'call',
          activity: rows,
          defaultPreset: 'massachusetts',
        }),
      ).toEqual(['cap/calls-7d']);
      expect(rulesFor({ customer: customer('C1'), channel: 'call', activity: rows })).toEqual([]);
    });

    it('returns promise/active while a promise is pending, and nothing once it is broken', () => {
      // Prepare
      const promise = {
        row: 0,
        promiseId: 'PR1',
        customerId: 'C1',
        takenOn: '2026-11-01',
        promisedDate: '2026-11-22',
        amountMinor: 10_000,
        currency: 'USD',
        cancelled: false,
      };
      const pending = evaluatePromise(promise, [], asOf, 2);
      const broken = evaluatePromise(promise, [], asOf, 0);
      // Act
      const whilePending = rulesFor({ customer: customer('C1'), channel: 'email', promises: [pending] });
      const onceBroken = rulesFor({ customer: customer('C1'), channel: 'email', promises: [broken] });
      // Assess
      expect(whilePending).toEqual(['promise/active']);
      expect(onceBroken).toEqual([]);
    });

    it('returns plan/in-good-standing for a plan being kept, and nothing for a broken one', () => {
      const base = {
        row: 0,
        planId: 'PL1',
        customerId: 'C1',
        startDate: '2026-11-20',
        totalMinor: 30_000,
        currency: 'USD',
        installments: 3,
        frequency: 'monthly' as const,
        graceDays: 5,
        cancelled: false,
      };
      const good = evaluatePlan(base, [], asOf);
      const broken = evaluatePlan({ ...base, graceDays: 0 }, [], asOf);
      expect(rulesFor({ customer: customer('C1'), channel: 'letter', plans: [good] })).toEqual([
        'plan/in-good-standing',
      ]);
      expect(rulesFor({ customer: customer('C1'), channel: 'letter', plans: [broken] })).toEqual([]);
    });

    it('returns dispute/all-overdue when every overdue invoice is disputed', () => {
      expect(rulesFor({ customer: customer('C1'), channel: 'email', allOverdueDisputed: true })).toEqual([
        'dispute/all-overdue',
      ]);
    });

    it.each([
      ['email', 'address/missing-email'],
      ['letter', 'address/missing-letter'],
      ['call', 'address/missing-call'],
    ] as const)('returns %s blocked without an address when addresses are required', (channel, rule) => {
      expect(rulesFor({ customer: customer('C1'), channel, requireAddress: true })).toEqual([rule]);
      const full = customer('C1', { email: 'a@example.com', address: '1 Main St', phone: '555-0100' });
      expect(rulesFor({ customer: full, channel, requireAddress: true })).toEqual([]);
    });

    it('returns a plain-English reason with each block', () => {
      const [block] = checkContact({
        customer: customer('C1', { flags: ['deceased'] }),
        channel: 'email',
        asOf,
      });
      expect(block).toEqual({
        rule: 'flag/deceased',
        reason: 'the customer is deceased; only the estate may be approached, by staff',
      });
    });
  });

  describe('countRecentContacts', () => {
    it('returns outbound contacts from the six days before through the day itself', () => {
      const rows = [
        activity('2026-11-16', 'call'),
        activity('2026-11-17', 'call'),
        activity('2026-11-23', 'email'),
        activity('2026-11-23', 'visit'),
        activity('2026-11-23', 'letter', { direction: 'inbound' }),
      ];
      expect(countRecentContacts(rows, asOf)).toEqual({ email: 1, letter: 0, call: 1, all: 3 });
    });
  });

  describe('CONTACT_LIMITS', () => {
    it('returns the presets as data: 7 calls federal, 2 calls Massachusetts, 3 contacts New York City', () => {
      expect(CONTACT_LIMITS.federal.perChannel).toEqual({ call: 7 });
      expect(CONTACT_LIMITS.massachusetts.perChannel).toEqual({ call: 2 });
      expect(CONTACT_LIMITS['new-york-city'].allChannels).toBe(3);
    });
  });

  describe('allOverdueDisputed', () => {
    it('returns true only when there are overdue items and all of them are disputed', () => {
      // Prepare
      const ledger = ledgerOf({
        customers: [customer('C1'), customer('C2'), customer('C3')],
        invoices: [
          invoice('I1', 'C1', '2026-10-01', 10_000, { status: 'disputed' }),
          invoice('I2', 'C1', '2026-12-01', 10_000, { invoiceDate: '2026-11-01' }),
          invoice('I3', 'C2', '2026-10-01', 10_000, { status: 'disputed' }),
          invoice('I4', 'C2', '2026-10-15', 10_000),
          invoice('I5', 'C3', '2026-12-01', 10_000, { invoiceDate: '2026-11-01' }),
        ],
      });
      const book = buildBook(ledger, asOf);
      // Act
      const result = ['C1', 'C2', 'C3'].map((id) => allOverdueDisputed(book.byCustomer.get(id)!, asOf));
      // Assess
      expect(result).toEqual([true, false, false]);
    });
  });

  describe('contactWindowStart', () => {
    it.each([
      // now (UTC), zone, expected notBefore (UTC), local text
      [
        '2026-11-23T13:00:00.000Z',
        'America/Chicago',
        '2026-11-23T14:00:00.000Z',
        '2026-11-23 08:00 America/Chicago',
      ],
      [
        '2026-11-23T15:30:00.000Z',
        'America/Chicago',
        '2026-11-23T15:30:00.000Z',
        '2026-11-23 09:30 America/Chicago',
      ],
      [
        '2026-11-24T02:59:00.000Z',
        'America/Chicago',
        '2026-11-24T02:59:00.000Z',
        '2026-11-23 20:59 America/Chicago',
      ],
      [
        '2026-11-24T03:00:00.000Z',
        'America/Chicago',
        '2026-11-24T14:00:00.000Z',
        '2026-11-24 08:00 America/Chicago',
      ],
      ['2026-11-23T13:00:00.000Z', 'Asia/Tokyo', '2026-11-23T23:00:00.000Z', '2026-11-24 08:00 Asia/Tokyo'],
      [
        '2026-11-23T01:00:00.000Z',
        'Asia/Kolkata',
        '2026-11-23T02:30:00.000Z',
        '2026-11-23 08:00 Asia/Kolkata',
      ],
      // Spring forward in New York: at 01:00 EST the day's 08:00 is already EDT (UTC-4).
      [
        '2026-03-08T06:00:00.000Z',
        'America/New_York',
        '2026-03-08T12:00:00.000Z',
        '2026-03-08 08:00 America/New_York',
      ],
      // Fall back: at 01:30 EDT the day's 08:00 is EST (UTC-5).
      [
        '2026-11-01T05:30:00.000Z',
        'America/New_York',
        '2026-11-01T13:00:00.000Z',
        '2026-11-01 08:00 America/New_York',
      ],
      // 22:00 EDT on the eve of fall back: the next opening is 08:00 EST.
      [
        '2026-11-01T02:00:00.000Z',
        'America/New_York',
        '2026-11-01T13:00:00.000Z',
        '2026-11-01 08:00 America/New_York',
      ],
    ])('returns %s in %s -> %s', (now, zone, notBefore, text) => {
      // Act
      const result = contactWindowStart(Date.parse(now), zone);
      // Assess
      expect(new Date(result.notBefore).toISOString()).toBe(notBefore);
      expect(result.localText).toBe(text);
      expect(result.inWindow).toBe(now === notBefore);
    });

    it('returns the earliest instant at or after now inside 08:00-21:00 local, for any instant and zone', () => {
      const zones = [
        'UTC',
        'America/Chicago',
        'America/New_York',
        'America/St_Johns',
        'Europe/London',
        'Asia/Kolkata',
        'Australia/Sydney',
        'Pacific/Auckland',
        'Pacific/Kiritimati',
      ];
      fc.assert(
        fc.property(
          fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }),
          fc.constantFrom(...zones),
          (now, zone) => {
            // Act
            const r = contactWindowStart(now, zone);
            // Assess
            const local = localTime(r.notBefore, zone);
            expect(local.hour).toBeGreaterThanOrEqual(8);
            expect(local.hour).toBeLessThan(21);
            expect(r.notBefore).toBeGreaterThanOrEqual(now);
            // Never more than the 11-hour night plus a DST hour away.
            expect(r.notBefore - now).toBeLessThanOrEqual(12 * 3_600_000);
            if (!r.inWindow) expect([local.hour, local.minute]).toEqual([8, 0]);
          },
        ),
      );
    });
  });
});
