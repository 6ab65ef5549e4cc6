// Tests for the consumer/business distinction: how a debtor type is decided, and that the consumer-only rules skip a business's debt while the rules for every debt still hold.
import { describe, expect, it } from 'vitest';
import { assessChargesExplained, type ChargePolicy } from '../../../core/collections/charges.js';
import { type CollectionPlan, planCollections } from '../../../core/collections/collection-plan.js';
import { checkContact } from '../../../core/collections/contact-rules.js';
import { DEFAULT_POLICY } from '../../../core/collections/dunning-policy.js';
import {
  CONSUMER_ONLY_RULES,
  coverageOf,
  debtorTypeOf,
  ruleCovers,
} from '../../../core/compliance/debtor-type.js';
import { COMPLIANCE_RULES, unknownConsumerOnlyRules } from '../../../core/compliance/rule-table.js';
import { buildBook } from '../../../core/ledger/book.js';
import { addDays } from '../../../core/ledger/dates.js';
import type { Activity, Customer, Ledger } from '../../../core/ledger/ledger.js';
import { placementRefusals } from '../../../core/lifecycle/handover.js';
import { customer, invoice, ledgerOf } from '../../support/ledger-builders.js';

const asOf = '2026-11-23';
const nineNewYork = Date.parse('2026-11-23T14:00:00Z');
const due = (dpd: number) => addDays(asOf, -dpd);
let seq = 0;
const act = (date: string, type: Activity['type'], over: Partial<Activity> = {}): Activity => ({
  row: 0,
  activityId: `D${++seq}`,
  customerId: 'C1',
  date,
  type,
  direction: 'outbound',
  ...over,
});
const debtor = (over: Partial<Customer>): Customer =>
  customer('C1', { name: 'Dana Debtor', email: 'dana@example.com', phone: '718-555-0100', ...over });
const plan = (parts: Partial<Ledger>): CollectionPlan => {
  const ledger = ledgerOf(parts);
  return planCollections({
    ledger,
    book: buildBook(ledger, asOf),
    policy: { ...DEFAULT_POLICY, mode: 'catch-up' },
    asOf,
    now: nineNewYork,
    defaultTimeZone: 'America/New_York',
  });
};
const blockedRules = (p: CollectionPlan) =>
  p.blocked.flatMap((b) => String(b.explanation.inputs.rules).split(', '));

describe('core/compliance/debtor-type', () => {
  describe('debtorTypeOf', () => {
    it.each([
      [{ name: 'Pioneer Print Works LLC' }, 'business', 'name'],
      [{ name: 'Summit Roofing Co.' }, 'business', 'name'],
      [{ name: 'Thornbury & Finch Ltd' }, 'business', 'name'],
      [{ name: 'Acme, Inc.' }, 'business', 'name'],
      [{ name: 'Sato Precision K.K.' }, 'business', 'name'],
      [{ name: 'Dana Debtor' }, 'consumer', 'default'],
      [{ name: 'Estate of Margaret Hollis' }, 'consumer', 'default'],
      [{ name: 'Incline Fitness' }, 'consumer', 'default'],
      [{ name: "Coco's Bakery" }, 'consumer', 'default'],
      [{ name: 'Agnes Ltdova' }, 'consumer', 'default'],
      [{ name: 'Harbor Dental LLC', debtType: 'medical' as const }, 'consumer', 'debt-type'],
      [{ name: 'Harbor Dental LLC', debtorType: 'consumer' as const }, 'consumer', 'column'],
      [{ name: 'Dana Debtor', debtorType: 'business' as const }, 'business', 'column'],
    ])('returns %j as %s (from %s)', (c, type, source) => {
      // Act
      const choice = debtorTypeOf(c);
      // Assess
      expect([choice.type, choice.source]).toEqual([type, source]);
      expect(choice.reason).not.toBe('');
    });
  });

  describe('ruleCovers', () => {
    it('returns true for every rule for a consumer, and only the rules covering every debt for a business', () => {
      // Act / Assess
      expect(ruleCovers('cap/contacts-7d', 'consumer')).toBe(true);
      expect(ruleCovers('cap/contacts-7d', 'business')).toBe(false);
      expect(ruleCovers('flag/bankruptcy', 'business')).toBe(true);
      expect(ruleCovers('window/convenient-hours', 'business')).toBe(true);
    });
  });

  describe('COMPLIANCE_RULES', () => {
    it('returns for every rule the debts it covers, and names every consumer-only rule', () => {
      // Assess
      expect(unknownConsumerOnlyRules()).toEqual([]);
      for (const r of COMPLIANCE_RULES) expect(r.covers).toBe(coverageOf(r.id));
      expect(COMPLIANCE_RULES.filter((r) => r.covers === 'consumer').map((r) => r.id)).toEqual(
        expect.arrayContaining(Object.keys(CONSUMER_ONLY_RULES)),
      );
    });
  });

  describe('checkContact', () => {
    it('returns no conversation hold or Massachusetts cap for a business, but still the bankruptcy stay', () => {
      // Prepare
      const activity = [
        act('2026-11-22', 'call', { outcome: 'spoke' }),
        act('2026-11-20', 'call'),
        act('2026-11-21', 'call'),
      ];
      const base = { channel: 'call' as const, asOf, activity, preset: 'massachusetts' as const };
      // Act
      const consumer = checkContact({ ...base, customer: debtor({ name: 'Dana Debtor' }) });
      const business = checkContact({ ...base, customer: debtor({ name: 'Acme Supply LLC' }) });
      const bankrupt = checkContact({
        ...base,
        customer: debtor({ name: 'Acme Supply LLC', flags: ['bankruptcy'] }),
      });
      // Assess
      expect(consumer.map((b) => b.rule)).toEqual(['hold/conversation-7d', 'cap/calls-7d']);
      expect(business).toEqual([]);
      expect(bankrupt.map((b) => b.rule)).toEqual(['flag/bankruptcy']);
    });
  });

  describe('planCollections', () => {
    const brooklyn = '12 Court St, Brooklyn, NY 11201';
    const week = () => [act('2026-11-18', 'email'), act('2026-11-20', 'letter'), act('2026-11-22', 'call')];

    it("returns a business's email in Brooklyn after 3 contacts this week, explained; a consumer's is blocked", () => {
      // Act
      const business = plan({
        customers: [debtor({ name: 'Court Street Supply LLC', address: brooklyn })],
        invoices: [invoice('I1', 'C1', due(32), 50_000)],
        activity: week(),
      });
      const consumer = plan({
        customers: [debtor({ address: brooklyn, consentEmail: true })],
        invoices: [invoice('I1', 'C1', due(32), 50_000)],
        activity: [...week(), act('2026-08-03', 'letter', { stage: 'validation-notice' })],
      });
      // Assess
      expect(business.actions.map((a) => a.channel)).toContain('email');
      const inputs = business.actions[0]!.explanation.inputs;
      expect(inputs.debtorType).toBe('business');
      expect(inputs.debtorTypeFrom).toMatch(/LLC/);
      expect(inputs.consumerRules).toMatch(/not applied/);
      expect(business.actions.every((a) => !a.disclosures?.includes('nyc-language-access'))).toBe(true);
      expect(consumer.actions).toEqual([]);
      expect(blockedRules(consumer)).toContain('cap/contacts-7d');
    });

    it('returns no validation notice stage for a Massachusetts business; the explicit cell makes it a consumer', () => {
      // Prepare
      const boston = { address: '1 Beacon St, Boston, MA 02108', timeZone: 'America/New_York' };
      // Act
      const business = plan({
        customers: [debtor({ name: 'Beacon Hill Catering Inc.', ...boston })],
        invoices: [invoice('I1', 'C1', due(20), 50_000)],
      });
      const consumer = plan({
        customers: [debtor({ name: 'Beacon Hill Catering Inc.', debtorType: 'consumer', ...boston })],
        invoices: [invoice('I1', 'C1', due(20), 50_000)],
      });
      // Assess
      expect(business.actions.map((a) => a.stage)).not.toContain('validation-notice');
      expect(business.actions.length).toBeGreaterThan(0);
      expect(consumer.actions.map((a) => `${a.stage} ${a.channel}`)).toEqual(['validation-notice letter']);
      expect(consumer.actions[0]!.explanation.inputs.debtorTypeFrom).toBeUndefined();
    });

    it('returns a threat stage on an old business debt (no time-bar rule), and blocks it for a consumer', () => {
      // Prepare
      const boston = { address: '31 Beacon St, Boston, MA 02108', timeZone: 'America/New_York' };
      const old = () => invoice('I-2018', 'C1', '2018-06-01', 98_000);
      const notice = act('2026-08-03', 'letter', { stage: 'validation-notice' });
      // Act
      const business = plan({
        customers: [debtor({ debtorType: 'business', ...boston })],
        invoices: [old()],
        activity: [notice],
      });
      const consumer = plan({ customers: [debtor(boston)], invoices: [old()], activity: [notice] });
      // Assess
      expect(business.actions.some((a) => a.kind === 'final-demand' || a.kind === 'handover')).toBe(true);
      expect(business.actions.every((a) => !a.disclosures?.includes('time-barred'))).toBe(true);
      expect(consumer.blocked.map((b) => b.rule)).toContain('time-barred/no-threat');
    });
  });

  describe('placementRefusals and assessChargesExplained', () => {
    it('returns no time-bar refusal and interest past the limitation date for a business debt', () => {
      // Prepare
      const boston = { address: '31 Beacon St, Boston, MA 02108', feesAgreed: true };
      const policy: ChargePolicy = {
        version: 'v1',
        lateFeeGraceDays: 30,
        interest: { annualRateBasisPoints: 1800, graceDays: 0, periodDays: 30 },
      };
      const business = ledgerOf({
        customers: [debtor({ debtorType: 'business', ...boston })],
        invoices: [invoice('I-2018', 'C1', '2018-06-01', 98_000)],
      });
      const consumer = ledgerOf({
        customers: [debtor(boston)],
        invoices: [invoice('I-2018', 'C1', '2018-06-01', 98_000)],
      });
      // Act
      const refusals = placementRefusals(business, business.customers[0]!, { asOf }).map((r) => r.rule);
      const interest = (l: Ledger) =>
        assessChargesExplained(l, buildBook(l, asOf), policy, asOf).charges.find(
          (c) => c.type === 'interest',
        )!.amountMinor;
      // Assess
      expect(refusals).not.toContain('handover/time-barred');
      expect(interest(business)).toBeGreaterThan(interest(consumer));
    });
  });
});
