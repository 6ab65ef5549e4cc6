// Issue 12's observed failures, reproduced through the daily plan: each one failed before the compliance engine.
import { describe, expect, it } from 'vitest';
import { buildBook } from '../../../core/book.js';
import { checkContact, checkStatement } from '../../../core/contact-rules.js';
import { addDays, localTime } from '../../../core/dates.js';
import { type CollectionPlan, DEFAULT_POLICY, planCollections } from '../../../core/dunning-policy.js';
import type { Activity, Customer, Ledger } from '../../../core/ledger.js';
import { customer, invoice, ledgerOf } from '../../support/ledger-builders.js';

const asOf = '2026-11-23';
/** 09:00 in New York on the as-of day: when the office's daily run plans. */
const nineNewYork = Date.parse('2026-11-23T14:00:00Z');
const due = (dpd: number) => addDays(asOf, -dpd);

let seq = 0;
const act = (
  customerId: string,
  date: string,
  type: Activity['type'],
  over: Partial<Activity> = {},
): Activity => ({
  row: 0,
  activityId: `G${++seq}`,
  customerId,
  date,
  type,
  direction: 'outbound',
  ...over,
});

const debtor = (over: Partial<Customer>): Customer =>
  customer('C1', {
    name: 'Dana Debtor',
    email: 'dana@example.com',
    phone: '555-0100',
    address: '1 Main St',
    ...over,
  });

const plan = (parts: Partial<Ledger>, now = nineNewYork): CollectionPlan => {
  const ledger = ledgerOf(parts);
  return planCollections({
    ledger,
    book: buildBook(ledger, asOf),
    policy: { ...DEFAULT_POLICY, mode: 'catch-up' },
    asOf,
    now,
    defaultTimeZone: 'America/New_York',
  });
};
const channels = (p: CollectionPlan) => p.actions.map((a) => a.channel);
const blockedRules = (p: CollectionPlan, channel: string) =>
  p.blocked
    .filter((b) => b.channel === channel)
    .flatMap((b) => String(b.explanation.inputs.rules).split(', '));

describe('compliance gaps (issue 12)', () => {
  describe('1. hold after a telephone conversation', () => {
    it.each(['outbound', 'inbound'] as const)(
      'returns no call the day after an %s call in which the debtor was spoken with',
      (direction) => {
        const p = plan({
          customers: [debtor({ timeZone: 'America/New_York' })],
          invoices: [invoice('I1', 'C1', due(32), 50_000)],
          activity: [act('C1', '2026-11-22', 'call', { direction, outcome: 'spoke' })],
        });
        expect(channels(p)).toEqual(['email']);
        expect(blockedRules(p, 'call')).toContain('hold/conversation-7d');
      },
    );

    it('returns a call again on the 8th day, and after voicemail or no answer', () => {
      const spokeWeekAgo = plan({
        customers: [debtor({ timeZone: 'America/New_York' })],
        invoices: [invoice('I1', 'C1', due(32), 50_000)],
        activity: [act('C1', '2026-11-16', 'call', { outcome: 'spoke' })],
      });
      const voicemail = plan({
        customers: [debtor({ timeZone: 'America/New_York' })],
        invoices: [invoice('I1', 'C1', due(32), 50_000)],
        activity: [act('C1', '2026-11-22', 'call', { outcome: 'voicemail' })],
      });
      expect(channels(spokeWeekAgo)).toEqual(['email', 'call']);
      expect(channels(voicemail)).toEqual(['email', 'call']);
    });
  });

  describe('2. blank Time Zone: derived from address and phone', () => {
    it('returns 08:00 Los Angeles, not 06:00, for a Los Angeles address with a 213 number', () => {
      const p = plan({
        customers: [debtor({ address: '5 Main St, Los Angeles, CA 90012', phone: '(213) 555-0100' })],
        invoices: [invoice('I1', 'C1', due(32), 50_000)],
      });
      for (const a of p.actions) {
        const l = localTime(Date.parse(a.notBefore), 'America/Los_Angeles');
        expect(l.hour).toBeGreaterThanOrEqual(8);
        expect(a.explanation.inputs.timeZoneFrom).toMatch(/ZIP 90012/);
      }
      expect(p.actions[0]!.notBefore).toBe('2026-11-23T16:00:00.000Z');
    });

    it('returns only hours convenient in both zones when the address and phone disagree', () => {
      const p = plan({
        customers: [debtor({ address: '1 Beacon St, Boston, MA 02108', phone: '+1 415 555 0100' })],
        invoices: [invoice('I1', 'C1', due(32), 50_000)],
      });
      const a = p.actions[0]!;
      expect(localTime(Date.parse(a.notBefore), 'America/Los_Angeles').hour).toBeGreaterThanOrEqual(8);
      expect(String(a.explanation.inputs.timeZone)).toContain('America/Los_Angeles');
      expect(String(a.explanation.inputs.timeZone)).toContain('America/New_York');
    });

    it('returns the window narrowed to every US mainland zone when nothing says where the debtor is', () => {
      const p = plan({
        customers: [debtor({ address: undefined, phone: undefined, email: 'x@example.com' })],
        invoices: [invoice('I1', 'C1', due(20), 50_000)],
      });
      const a = p.actions[0]!;
      expect(a.notBefore).toBe('2026-11-23T16:00:00.000Z'); // 11:00 New York = 08:00 Los Angeles
      expect(a.explanation.inputs.timeZoneFrom).toMatch(/nothing says where/);
    });
  });

  describe('3. jurisdiction derived from the address', () => {
    const twoCalls = [act('C1', '2026-11-19', 'call'), act('C1', '2026-11-21', 'call')];
    it('returns no 3rd call in 7 days for a Boston address with blank Contact Rules', () => {
      const p = plan({
        customers: [debtor({ address: '1 Beacon St, Boston, MA 02108', timeZone: 'America/New_York' })],
        invoices: [invoice('I1', 'C1', due(32), 50_000)],
        activity: twoCalls,
      });
      expect(channels(p)).toEqual(['email']);
      expect(blockedRules(p, 'call')).toContain('cap/calls-7d');
      expect(p.blocked[0]!.explanation.inputs.contactRules).toBe('massachusetts');
      expect(p.blocked[0]!.explanation.inputs.contactRulesFrom).toMatch(/MA/);
    });

    it('returns nothing for a Brooklyn address that already had 3 contacts this week', () => {
      const p = plan({
        customers: [debtor({ address: '12 Court St, Brooklyn, NY 11201', consentEmail: true })],
        invoices: [invoice('I1', 'C1', due(32), 50_000)],
        activity: [
          act('C1', '2026-11-18', 'email'),
          act('C1', '2026-11-20', 'letter'),
          act('C1', '2026-11-22', 'call'),
        ],
      });
      expect(p.actions).toEqual([]);
      expect(blockedRules(p, 'email')).toContain('cap/contacts-7d');
    });

    it('returns the Contact Rules cell winning over the address', () => {
      const p = plan({
        customers: [debtor({ address: '1 Beacon St, Boston, MA 02108', contactPreset: 'federal' })],
        invoices: [invoice('I1', 'C1', due(32), 50_000)],
        activity: twoCalls,
      });
      expect(channels(p)).toEqual(['email', 'call']);
    });
  });

  describe('4. Massachusetts counts texts and recorded messages', () => {
    it('returns no call after two texts this week', () => {
      const p = plan({
        customers: [debtor({ contactPreset: 'massachusetts', timeZone: 'America/New_York' })],
        invoices: [invoice('I1', 'C1', due(32), 50_000)],
        activity: [act('C1', '2026-11-19', 'sms'), act('C1', '2026-11-21', 'sms')],
      });
      expect(channels(p)).toEqual(['email']);
    });

    it('returns no call to a work number after two calls in 30 days', () => {
      const p = plan({
        customers: [
          debtor({ contactPreset: 'massachusetts', phoneType: 'work', timeZone: 'America/New_York' }),
        ],
        invoices: [invoice('I1', 'C1', due(32), 50_000)],
        activity: [act('C1', '2026-10-30', 'call'), act('C1', '2026-11-05', 'call')],
      });
      expect(blockedRules(p, 'call')).toContain('cap/calls-30d-other-number');
    });
  });

  describe('5. New York City: 3 in 7 across all media, within the plan', () => {
    it('returns at most one new contact when 2 were made this week and the stage plans email and call', () => {
      const p = plan({
        customers: [
          debtor({ contactPreset: 'new-york-city', consentEmail: true, timeZone: 'America/New_York' }),
        ],
        invoices: [invoice('I1', 'C1', due(32), 50_000)],
        activity: [act('C1', '2026-11-18', 'email'), act('C1', '2026-11-20', 'letter')],
      });
      expect(p.actions).toHaveLength(1);
      expect(blockedRules(p, 'call')).toContain('cap/contacts-7d');
    });

    it("returns no monthly statement when the day's plan already brings the week to 3 contacts", () => {
      const customerRow = debtor({
        contactPreset: 'new-york-city',
        consentEmail: true,
        timeZone: 'America/New_York',
      });
      const activity = [act('C1', '2026-11-18', 'email'), act('C1', '2026-11-20', 'letter')];
      const alone = checkStatement({
        customer: customerRow,
        asOf,
        now: nineNewYork,
        officeZone: 'America/New_York',
        activity,
      });
      const withPlan = checkStatement({
        customer: customerRow,
        asOf,
        now: nineNewYork,
        officeZone: 'America/New_York',
        activity,
        planned: ['call'],
      });
      expect(alone.send).toBe(true);
      expect(withPlan.send).toBe(false);
      expect(withPlan.blocks.map((b) => b.rule)).toContain('cap/contacts-7d');
    });

    it('returns no email to a New York City customer without written consent', () => {
      const blocks = checkContact({
        customer: debtor({ contactPreset: 'new-york-city' }),
        channel: 'email',
        asOf,
      });
      expect(blocks.map((b) => b.rule)).toContain('consent/email-nyc');
    });
  });

  describe('12. workplace email', () => {
    it('returns no email to an employer-provided address without consent', () => {
      const rules = (over: Partial<Customer>) =>
        checkContact({ customer: debtor(over), channel: 'email', asOf }).map((b) => b.rule);
      expect(rules({ emailAtWork: true })).toContain('email/workplace');
      expect(rules({ emailAtWork: true, consentEmail: true })).toEqual([]);
    });
  });
});
