// Credit holds: a trade-credit ladder's internal stages plan a notice to the credit contact (never the
// customer), once per account and cycle, record a flag and an Activity note, and are released once.
import { describe, expect, it } from 'vitest';
import { planCollections } from '../../core/collections/collection-plan.js';
import {
  CreditHoldError,
  clerkRelease,
  disconnectionTextProblems,
  holdNotice,
  planHoldReleases,
  recordHold,
  recordRelease,
  releaseNotice,
  renderDisconnectionNotice,
} from '../../core/collections/credit-holds.js';
import { DEFAULT_POLICY, type DunningPolicy, validatePolicy } from '../../core/collections/dunning-policy.js';
import { buildBook } from '../../core/ledger/book.js';
import type { Activity, Ledger, PaymentPlan } from '../../core/ledger/ledger.js';
import { customer, invoice, ledgerOf, payment } from '../support/ledger-builders.js';

const CONTACT = { name: 'Robin', email: 'credit@lakeside.example' };
const NOW = Date.parse('2026-11-23T14:00:00Z');

function plan(ledger: Ledger, asOf: string, policy: DunningPolicy = DEFAULT_POLICY) {
  return planCollections({
    ledger,
    book: buildBook(ledger, asOf),
    policy,
    asOf,
    now: NOW,
    defaultTimeZone: 'America/New_York',
  });
}

/** A trade-credit customer 50 days past due whose 1/15/30-day reminders went out. */
function heldLedger(over: Partial<Ledger> = {}): Ledger {
  const done = (stage: string, date: string): Activity => ({
    row: 0,
    activityId: `A-${stage}`,
    customerId: 'C1',
    date,
    type: 'email',
    direction: 'outbound',
    stage,
  });
  return ledgerOf({
    customers: [
      customer('C1', {
        name: 'Harbor Supply Co',
        email: 'ap@harbor.example',
        ladder: 'trade-credit',
        address: '1 Dock St',
      }),
    ],
    invoices: [invoice('INV-1', 'C1', '2026-10-04', 120_000)],
    activity: [
      done('reminder-1', '2026-10-05'),
      done('reminder-15', '2026-10-19'),
      done('reminder-30', '2026-11-03'),
    ],
    ...over,
  });
}

describe('credit-holds', () => {
  describe('planCollections with an internal stage', () => {
    it('plans the credit hold for the credit contact and sends the customer nothing for it', () => {
      const p = plan(heldLedger(), '2026-11-23');
      expect(p.actions).toEqual([]);
      expect(p.internalActions.map((a) => [a.customerId, a.stage, a.action, a.cycle])).toEqual([
        ['C1', 'credit-hold', 'credit-hold', '2026-10-04'],
      ]);
      expect(p.internalActions[0]!.explanation.summary).toContain(
        "the office's credit contact is asked to put the account on credit hold (no further credit); nothing goes to the customer for it",
      );
    });

    it('plans it once per account and cycle: the recorded hold moves the ladder on', () => {
      const ledger = heldLedger();
      const first = plan(ledger, '2026-11-23').internalActions[0]!;
      const held = recordHold(ledger.customers[0]!, first, '2026-11-23', 'A-hold');
      const after = {
        ...ledger,
        customers: [held.customer],
        activity: [...ledger.activity, { row: 0, ...held.activity }],
      };
      expect(held.customer.flags).toEqual(['credit-hold']);
      expect(plan(after, '2026-11-24').internalActions).toEqual([]);
      expect(plan(after, '2026-12-03').actions.map((a) => a.stage)).toContain('reminder-60');
    });

    it.each([
      ['bankruptcy', { flags: ['bankruptcy' as const] }, 'flag/bankruptcy'],
      ['on hold', { dunning: 'hold' as const }, 'override/hold'],
    ])('holds back the internal action for a customer in %s, with the rule', (_name, over, rule) => {
      const ledger = heldLedger();
      ledger.customers[0] = { ...ledger.customers[0]!, ...over };
      const p = plan(ledger, '2026-11-23');
      expect(p.internalActions).toEqual([]);
      expect(p.blocked.map((b) => [b.channel, b.rule])).toEqual([['internal:credit-hold', rule]]);
    });

    it('holds it back while a payment plan is in good standing', () => {
      const plans: PaymentPlan[] = [
        {
          row: 0,
          planId: 'PL-1',
          customerId: 'C1',
          startDate: '2026-12-01',
          totalMinor: 120_000,
          installments: 6,
          frequency: 'monthly',
          currency: 'USD',
          graceDays: 5,
          cancelled: false,
        },
      ];
      const p = plan(heldLedger({ plans }), '2026-11-23');
      expect(p.blocked.map((b) => b.rule)).toContain('plan/in-good-standing');
    });

    it('accepts a stage with only an internal action and refuses an unknown one', () => {
      expect(validatePolicy(DEFAULT_POLICY)).toEqual([]);
      const bad: DunningPolicy = {
        ...DEFAULT_POLICY,
        ladders: {
          standard: {
            name: 'x',
            stages: [
              {
                ...DEFAULT_POLICY.ladders.standard!.stages[0]!,
                channels: [],
                internalAction: 'repossess' as never,
              },
            ],
          },
        },
      };
      expect(validatePolicy(bad)).toEqual([
        'ladder "standard": stage "courtesy" has unknown internal action "repossess"',
      ]);
    });
  });

  describe('holdNotice', () => {
    it('tells the credit contact the account, balance, aging and reason, keyed once per account and cycle', () => {
      const ledger = heldLedger();
      const action = plan(ledger, '2026-11-23').internalActions[0]!;
      const notice = holdNotice(action, ledger, buildBook(ledger, '2026-11-23'), CONTACT);
      expect(notice).toMatchObject({
        to: 'credit@lakeside.example',
        subject: 'Credit hold: Harbor Supply Co (C1)',
        key: 'hold#C1#credit-hold#2026-10-04',
      });
      expect(notice.text).toContain(
        'Account: Harbor Supply Co (C1)\nAddress: 1 Dock St\nBalance USD 1,200.00; overdue USD 1,200.00, oldest due 2026-10-04 (50 days past due)',
      );
      expect(notice.text).toContain(
        'Aging USD: current USD 0.00, 1-30 USD 0.00, 31-60 USD 1,200.00, 61-90 USD 0.00, 90+ USD 0.00',
      );
      expect(notice.text).toContain('Nothing has been sent to the customer');
      expect(notice.text).not.toContain('ap@harbor.example');
    });

    it('refuses to notify without a credit contact address', () => {
      const ledger = heldLedger();
      const action = plan(ledger, '2026-11-23').internalActions[0]!;
      expect(() => holdNotice(action, ledger, buildBook(ledger, '2026-11-23'), { email: '' })).toThrow(
        CreditHoldError,
      );
    });
  });

  describe('planHoldReleases', () => {
    const heldActivity: Activity = {
      row: 0,
      activityId: 'A-hold',
      customerId: 'C1',
      date: '2026-11-23',
      type: 'note',
      direction: 'outbound',
      stage: 'credit-hold',
      outcome: 'credit hold: credit-hold',
    };

    it('releases a held account once it is paid, naming the hold, and only once', () => {
      const base = heldLedger();
      const ledger = {
        ...base,
        customers: [{ ...base.customers[0]!, flags: ['credit-hold' as const] }],
        payments: [payment('P-1', 'C1', '2026-11-28', 120_000)],
        activity: [...base.activity, heldActivity],
      };
      const book = buildBook(ledger, '2026-11-30');
      const [r] = planHoldReleases(ledger, book, '2026-11-30');
      expect(r).toMatchObject({
        customerId: 'C1',
        reason: 'paid',
        heldOn: '2026-11-23',
        heldStage: 'credit-hold',
      });
      const notice = releaseNotice(r!, book, CONTACT);
      expect(notice).toMatchObject({ kind: 'release', to: CONTACT.email, key: 'release#C1#2026-11-23' });
      const released = recordRelease(ledger.customers[0]!, r!, '2026-11-30', 'A-rel');
      expect(released.customer.flags).toEqual([]);
      const after = { ...ledger, customers: [released.customer] };
      expect(planHoldReleases(after, book, '2026-12-01')).toEqual([]);
    });

    it('returns no second release while the sheet still shows the flag after a recorded release', () => {
      // Prepare: the hold was released on 11-30 (its note recorded), the clerk has not cleared the
      // Flags cell yet, so the customer still carries credit-hold the next day.
      const base = heldLedger();
      const ledger = {
        ...base,
        customers: [{ ...base.customers[0]!, flags: ['credit-hold' as const] }],
        payments: [payment('P-1', 'C1', '2026-11-28', 120_000)],
        activity: [
          ...base.activity,
          heldActivity,
          {
            ...heldActivity,
            activityId: 'A-rel',
            date: '2026-11-30',
            stage: undefined,
            outcome: 'credit hold released: paid',
          },
        ],
      };
      // Act
      const releases = planHoldReleases(ledger, buildBook(ledger, '2026-12-01'), '2026-12-01');
      // Assess
      expect(releases).toEqual([]);
    });

    it('returns a release for a new hold placed after an earlier release', () => {
      // Prepare: held 11-23, released 11-30, held again 12-20 (a new cycle), paid 12-28.
      const base = heldLedger();
      const ledger = {
        ...base,
        customers: [{ ...base.customers[0]!, flags: ['credit-hold' as const] }],
        payments: [payment('P-1', 'C1', '2026-12-28', 120_000)],
        activity: [
          ...base.activity,
          heldActivity,
          {
            ...heldActivity,
            activityId: 'A-rel',
            date: '2026-11-30',
            stage: undefined,
            outcome: 'credit hold released: paid',
          },
          { ...heldActivity, activityId: 'A-hold-2', date: '2026-12-20' },
        ],
      };
      // Act
      const [r] = planHoldReleases(ledger, buildBook(ledger, '2026-12-29'), '2026-12-29');
      // Assess
      expect(r).toMatchObject({ reason: 'paid', heldOn: '2026-12-20' });
    });

    it('keeps the hold while money is overdue, and lets a clerk release it by decision', () => {
      const base = heldLedger();
      const ledger = {
        ...base,
        customers: [{ ...base.customers[0]!, flags: ['credit-hold' as const] }],
        activity: [...base.activity, heldActivity],
      };
      expect(planHoldReleases(ledger, buildBook(ledger, '2026-11-30'), '2026-11-30')).toEqual([]);
      expect(clerkRelease(ledger, 'C1', '2026-11-30', 'owner vouched')?.explanation.summary).toBe(
        'Release the credit hold on Harbor Supply Co (held 2026-11-23, stage credit-hold): a clerk decided: owner vouched.',
      );
      expect(clerkRelease(heldLedger(), 'C1', '2026-11-30')).toBeUndefined();
    });
  });
});

describe('credit-holds notices to consumers', () => {
  describe('renderDisconnectionNotice', () => {
    const text = {
      subject: 'Service to {customer} ends on {disconnectOn}',
      body: 'Dear {customer},\nunless {amount} is paid, {office} will disconnect service on {disconnectOn}. Call {officePhone}.',
    };

    it("fills the office's own text, and nothing else", () => {
      expect(
        renderDisconnectionNotice(text, {
          customer: 'Dana Reyes',
          amounts: [{ currency: 'USD', amountMinor: 12_050 }],
          disconnectOn: '2026-12-15',
          office: 'Lakeside Water',
          officePhone: '+1 555 0100',
        }),
      ).toEqual({
        subject: 'Service to Dana Reyes ends on 2026-12-15',
        text: 'Dear Dana Reyes,\nunless USD 120.50 is paid, Lakeside Water will disconnect service on 2026-12-15. Call +1 555 0100.',
      });
    });

    it('refuses an unknown or unclosed placeholder, naming it', () => {
      expect(disconnectionTextProblems({ subject: 'Hi {name}', body: 'Pay {amount' })).toEqual([
        'the subject has {name}; use {customer}, {amount}, {disconnectOn}, {office}, {officePhone}',
        'the text has a "{" that is never closed',
      ]);
      expect(() =>
        renderDisconnectionNotice(
          { subject: '', body: 'x' },
          { customer: 'a', amounts: [], disconnectOn: '2026-12-15', office: 'o' },
        ),
      ).toThrow(CreditHoldError);
    });
  });
});
