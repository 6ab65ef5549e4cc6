// Issue 12's observed failures, reproduced through the daily plan: each one failed before the compliance engine.
import { describe, expect, it } from 'vitest';
import { assessChargesExplained, type ChargePolicy } from '../../../core/collections/charges.js';
import { type CollectionPlan, planCollections } from '../../../core/collections/collection-plan.js';
import {
  checkContact,
  checkStatement,
  workplaceEmailWarning,
} from '../../../core/collections/contact-rules.js';
import { DEFAULT_POLICY } from '../../../core/collections/dunning-policy.js';
import {
  DISPUTE_WINDOW_DAYS,
  OfficeIdentityError,
  officeIdentityProblems,
  renderReminder,
  renderValidationNotice,
} from '../../../core/collections/templates.js';
import { buildBook } from '../../../core/ledger/book.js';
import { addDays, localTime } from '../../../core/ledger/dates.js';
import type { Activity, Customer, Ledger } from '../../../core/ledger/ledger.js';
import { placementRefusals } from '../../../core/lifecycle/handover.js';
import { buildHandoverPacket } from '../../../core/lifecycle/handover-packet.js';
import { purgeDeceased } from '../../../core/lifecycle/retention.js';
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

/** A validation notice sent long ago: Massachusetts and New York City require one first. */
const validated = (customerId = 'C1') =>
  act(customerId, '2026-08-03', 'letter', { stage: 'validation-notice' });

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

    it.each(['promised-to-pay', 'refused-to-pay', 'Promised to pay', 'Refused to pay'])(
      'returns no call the day after a call whose outcome is %s (the debtor was spoken to)',
      (outcome) => {
        const p = plan({
          customers: [debtor({ timeZone: 'America/New_York' })],
          invoices: [invoice('I1', 'C1', due(32), 50_000)],
          activity: [act('C1', '2026-11-22', 'call', { outcome })],
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
    const twoCalls = [act('C1', '2026-11-19', 'call'), act('C1', '2026-11-21', 'call'), validated()];
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
          validated(),
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
        activity: [act('C1', '2026-11-19', 'sms'), act('C1', '2026-11-21', 'sms'), validated()],
      });
      expect(channels(p)).toEqual(['email']);
    });

    it('returns no call to a work number after two calls in 30 days', () => {
      const p = plan({
        customers: [
          debtor({ contactPreset: 'massachusetts', phoneType: 'work', timeZone: 'America/New_York' }),
        ],
        invoices: [invoice('I1', 'C1', due(32), 50_000)],
        activity: [act('C1', '2026-10-30', 'call'), act('C1', '2026-11-05', 'call'), validated()],
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
        activity: [act('C1', '2026-11-18', 'email'), act('C1', '2026-11-20', 'letter'), validated()],
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

    it('returns a warning for an address at an employer domain the office lists', () => {
      expect(workplaceEmailWarning({ email: 'dana@acme-corp.com' }, ['acme-corp.com'])).toMatch(
        /Email At Work/,
      );
      expect(
        workplaceEmailWarning({ email: 'dana@acme-corp.com', emailAtWork: false }, ['acme-corp.com']),
      ).toBeUndefined();
      expect(workplaceEmailWarning({ email: 'dana@gmail.com' }, ['acme-corp.com'])).toBeUndefined();
    });
  });

  describe('6. time-barred debts', () => {
    const boston = () =>
      debtor({ address: '31 Beacon St, Boston, MA 02108', timeZone: 'America/New_York', feesAgreed: true });
    const old = () => invoice('I-2018', 'C1', '2018-06-01', 98_000);

    it('returns no final notice or hand-over for a Massachusetts debt due in 2018, and discloses it', () => {
      const p = plan({ customers: [boston()], invoices: [old()], activity: [validated()] });
      expect(p.actions.filter((a) => a.kind === 'final-demand' || a.kind === 'handover')).toEqual([]);
      expect(p.blocked.map((b) => b.rule)).toContain('time-barred/no-threat');
      expect(String(p.blocked[0]!.explanation.inputs.timeBarred)).toMatch(/M\.G\.L\. c\. 260/);
    });

    it('returns the time-barred disclosure on the reminders that may still go', () => {
      const p = plan({ customers: [boston()], invoices: [old()], activity: [validated()] }, nineNewYork);
      const sequential = planCollections({
        ledger: ledgerOf({ customers: [boston()], invoices: [old()], activity: [validated()] }),
        book: buildBook(
          ledgerOf({ customers: [boston()], invoices: [old()], activity: [validated()] }),
          asOf,
        ),
        policy: DEFAULT_POLICY,
        asOf,
        now: nineNewYork,
        defaultTimeZone: 'America/New_York',
      });
      expect(p.actions).toEqual([]);
      for (const a of sequential.actions) expect(a.disclosures).toContain('time-barred');
      expect(sequential.actions.length).toBeGreaterThan(0);
    });

    it('returns a final demand blocked for an Arkansas medical bill barred 2 years after the services, though due less than 2 years ago', () => {
      // Services 2024-11-01, due 2025-02-01: barred 2026-11-01 under § 16-56-106(b), 660 days past due.
      const littleRock = debtor({
        address: '500 Main St, Little Rock, AR 72201',
        timeZone: 'America/Chicago',
        debtType: 'medical',
      });
      const bill = invoice('I-AR', 'C1', '2025-02-01', 40_000, { invoiceDate: '2024-11-01' });
      const p = plan({ customers: [littleRock], invoices: [bill] });
      expect(p.actions.filter((a) => a.kind === 'final-demand' || a.kind === 'handover')).toEqual([]);
      const blocked = p.blocked.find((b) => b.rule === 'time-barred/no-threat');
      expect(String(blocked?.explanation.inputs.timeBarred)).toMatch(
        /16-56-106\(b\).*barred since 2026-11-01/,
      );
    });

    it('returns a hand-over refusal: may not place a time-barred account', () => {
      const ledger = ledgerOf({ customers: [boston()], invoices: [old()] });
      const refusals = placementRefusals(ledger, ledger.customers[0]!, { asOf });
      expect(refusals.map((r) => r.rule)).toContain('handover/time-barred');
    });

    it('returns interest only up to the limitation date, then none', () => {
      const policy: ChargePolicy = {
        version: 'v1',
        lateFeeGraceDays: 30,
        interest: { annualRateBasisPoints: 1800, graceDays: 0, periodDays: 30 },
      };
      const ledger = ledgerOf({ customers: [boston()], invoices: [old()] });
      const first = assessChargesExplained(ledger, buildBook(ledger, asOf), policy, asOf);
      const line = first.charges.find((c) => c.type === 'interest')!;
      // 6 years of 18% on USD 980 is about USD 1,058; back-interest to 2026 would be about USD 1,496.
      expect(line.amountMinor).toBeLessThan(106_000);
      expect(line.note).toMatch(/2024-06-01/);
      const again = ledgerOf({ customers: [boston()], invoices: [old()], adjustments: [line] });
      const second = assessChargesExplained(again, buildBook(again, '2026-12-23'), policy, '2026-12-23');
      expect(second.charges.filter((c) => c.type === 'interest')).toEqual([]);
      expect(second.refused.map((r) => r.rule)).toContain('interest/time-barred');
    });
  });

  describe('7. validation notice', () => {
    it('returns a validation notice letter before the first past-due stage for a Massachusetts debtor', () => {
      const p = plan({
        customers: [debtor({ contactPreset: 'massachusetts', timeZone: 'America/New_York' })],
        invoices: [invoice('I1', 'C1', due(20), 50_000)],
      });
      expect(p.actions.map((a) => `${a.stage} ${a.channel}`)).toEqual(['validation-notice letter']);
    });

    it('returns no final notice while the dispute window (at least 30 days) is open', () => {
      const p = plan({
        customers: [debtor({ contactPreset: 'massachusetts', timeZone: 'America/New_York' })],
        invoices: [invoice('I1', 'C1', due(80), 50_000)],
        activity: [act('C1', addDays(asOf, -10), 'letter', { stage: 'validation-notice' })],
      });
      expect(DISPUTE_WINDOW_DAYS).toBeGreaterThanOrEqual(30);
      expect(p.actions.filter((a) => a.kind === 'final-demand')).toEqual([]);
      expect(p.blocked.map((b) => b.rule)).toContain('validation/dispute-window');
    });

    it('returns a final demand whose hand-over date leaves at least 30 days to question the balance', () => {
      const p = plan({
        customers: [debtor({ timeZone: 'America/New_York' })],
        invoices: [invoice('I1', 'C1', due(80), 50_000)],
      });
      const demand = p.actions.find((a) => a.kind === 'final-demand')!;
      expect(demand.handOverAfter).toBe(addDays(asOf, DISPUTE_WINDOW_DAYS));
      expect(DISPUTE_WINDOW_DAYS).toBeGreaterThan(30);
    });

    it('returns the required content: creditor, amount, itemization and the dispute deadline', () => {
      const m = renderValidationNotice({
        office: { name: 'Eastside Clinic PC', address: '1 Main St, Boston, MA 02108' },
        customerName: 'Dana Debtor',
        amounts: [{ currency: 'USD', amountMinor: 50_000 }],
        openInvoices: [{ invoiceId: 'I1', dueDate: '2026-10-01', currency: 'USD', openMinor: 50_000 }],
        sentOn: asOf,
        disputeBy: addDays(asOf, DISPUTE_WINDOW_DAYS),
        itemizationDate: '2026-10-01',
        requireIdentity: true,
      });
      expect(m.text).toContain('Eastside Clinic PC is the creditor');
      expect(m.text).toContain('USD 500.00');
      expect(m.text).toContain('28 December 2026');
    });
  });

  describe('8 and 10. office identity and neutral subjects', () => {
    const ctx = {
      customerName: 'Dana',
      amounts: [{ currency: 'USD', amountMinor: 40_000 }],
      openInvoices: [],
      payBy: asOf,
      requireIdentity: true,
    };
    it('returns a refusal for "Accounts receivable" and for a missing address', () => {
      expect(officeIdentityProblems({ name: 'Accounts receivable', address: '1 Main St' })).toHaveLength(1);
      expect(officeIdentityProblems({ name: 'Eastside Clinic PC' })).toHaveLength(1);
      expect(() =>
        renderReminder({ kind: 'reminder' }, { ...ctx, office: { name: 'Accounts receivable' } }),
      ).toThrow(OfficeIdentityError);
    });

    it('returns a neutral subject without the office name or amount when the office sets one', () => {
      const m = renderReminder(
        { kind: 'final-demand', handOverAfter: addDays(asOf, 35) },
        {
          ...ctx,
          office: { name: 'Eastside HIV & Oncology Clinic', address: '1 Main St', neutralName: 'EHOC' },
        },
      );
      expect(m.subject).toBe('A message about your account from EHOC');
      expect(m.text).toContain('Eastside HIV & Oncology Clinic');
    });
  });

  describe('8. hand-over packets carry only what the agency needs', () => {
    it('returns no free-text note in the packet unless the row is marked shareable', () => {
      const ledger = ledgerOf({
        customers: [debtor({ timeZone: 'America/New_York' })],
        invoices: [invoice('I1', 'C1', due(120), 40_000)],
        activity: [
          act('C1', '2026-10-01', 'call', {
            direction: 'inbound',
            note: 'cannot pay until chemo ends; HIV meds costly',
          }),
          act('C1', '2026-10-05', 'note', {
            note: 'asked for the agency to call after 5pm',
            shareable: true,
          }),
        ],
      });
      const packet = buildHandoverPacket(ledger, 'C1', {
        asOf,
        placedWith: 'Acme Recovery',
        office: { name: 'Eastside Clinic PC', address: '1 Main St' },
      });
      const all = JSON.stringify(packet.document) + packet.csv;
      expect(all).not.toContain('chemo');
      expect(all).not.toContain('HIV');
      expect(all).toContain('asked for the agency to call after 5pm');
    });
  });

  describe('9. records and purge', () => {
    const deceased = (over: Partial<Customer>) =>
      debtor({
        flags: ['deceased'],
        deceasedOn: '2025-10-01',
        note: undefined,
        ...over,
      } as Partial<Customer>);
    const skipped = (parts: Partial<Ledger>) =>
      purgeDeceased(ledgerOf(parts), asOf).skipped.map((s) => s.rule);

    it('returns no purge for a deceased customer placed with an agency with USD 2,500 open', () => {
      const rules = skipped({
        customers: [deceased({ flags: ['deceased', 'placed'], placedWith: 'Acme Recovery' })],
        invoices: [invoice('I1', 'C1', '2025-06-01', 250_000)],
      });
      expect(rules).toEqual(['retention/open-placement']);
    });

    it('returns records kept 3 years after the last activity for placed accounts and New York City', () => {
      const placedPaid = skipped({
        customers: [deceased({ flags: ['deceased', 'placed'], placedOn: '2025-07-01' })],
        invoices: [invoice('I1', 'C1', '2025-06-01', 0)],
        activity: [act('C1', '2025-09-01', 'letter')],
      });
      const nyc = skipped({
        customers: [deceased({ address: '12 Court St, Brooklyn, NY 11201' })],
        activity: [act('C1', '2025-09-01', 'letter')],
      });
      const elsewhere = purgeDeceased(
        ledgerOf({
          customers: [deceased({ address: '1 Main St, Buffalo, NY 14202' })],
          activity: [act('C1', '2025-09-01', 'letter')],
        }),
        asOf,
      );
      expect(placedPaid).toEqual(['retention/records-3y-placed']);
      expect(nyc).toEqual(['retention/records-3y-nyc']);
      expect(elsewhere.purged.map((p) => p.customerId)).toEqual(['C1']);
    });
  });

  describe('11. fees and interest within the law', () => {
    const ledgerWith = (feesAgreed?: boolean) =>
      ledgerOf({
        customers: [debtor({ address: '1 Beacon St, Boston, MA 02108', feesAgreed })],
        invoices: [invoice('I1', 'C1', due(60), 40_000)],
      });
    const rules = (policy: ChargePolicy, feesAgreed?: boolean) => {
      const ledger = ledgerWith(feesAgreed);
      return assessChargesExplained(ledger, buildBook(ledger, asOf), policy, asOf).refused.map((r) => r.rule);
    };
    it('returns a refusal for a 999% APR, a USD 500 fee on USD 400, and fees not agreed', () => {
      expect(
        rules(
          {
            version: 'v',
            lateFeeGraceDays: 0,
            interest: { annualRateBasisPoints: 99_900, graceDays: 0, periodDays: 30 },
          },
          true,
        ),
      ).toContain('interest/above-ceiling');
      expect(
        rules(
          { version: 'v', lateFeeGraceDays: 0, lateFee: { kind: 'fixed', amountMinor: { USD: 50_000 } } },
          true,
        ),
      ).toContain('fee/exceeds-balance');
      expect(
        rules({ version: 'v', lateFeeGraceDays: 0, lateFee: { kind: 'fixed', amountMinor: { USD: 2_500 } } }),
      ).toContain('fees/not-agreed');
    });

    it('returns a refusal above the Massachusetts ceiling of 20% even when agreed', () => {
      expect(
        rules(
          {
            version: 'v',
            lateFeeGraceDays: 0,
            interest: { annualRateBasisPoints: 2400, graceDays: 0, periodDays: 30 },
          },
          true,
        ),
      ).toContain('interest/above-ceiling');
    });
  });
});
