// Tests for the dunning policy and the daily collection plan: stages, modes, overrides, guardrails, windows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CollectionPlan, chooseStage, planCollections } from '../../core/collections/collection-plan.js';
import { FLAG_RULES } from '../../core/collections/contact-rules.js';
import {
  DEFAULT_LADDER,
  DEFAULT_POLICY,
  type DunningPolicy,
  PolicyError,
  validatePolicy,
} from '../../core/collections/dunning-policy.js';
import { buildBook } from '../../core/ledger/book.js';
import { addDays, localTime } from '../../core/ledger/dates.js';
import type { Activity, Customer, Ledger, PaymentPlan, PromiseToPay } from '../../core/ledger/ledger.js';
import { CUSTOMER_FLAGS } from '../../core/ledger/ledger.js';
import { customer, invoice, ledgerOf, payment } from '../support/ledger-builders.js';

const asOf = '2026-11-23';
/** 07:00 in Chicago on the as-of day. */
const sevenAmChicago = Date.parse('2026-11-23T13:00:00Z');
/** The due date that is `dpd` days past due on the as-of day. */
const due = (dpd: number) => addDays(asOf, -dpd);

const debtor = (customerId: string, over: Partial<Customer> = {}): Customer =>
  customer(customerId, {
    name: `Debtor ${customerId}`,
    email: `${customerId.toLowerCase()}@example.com`,
    address: '1 Main St',
    phone: '555-0100',
    timeZone: 'America/Chicago',
    ...over,
  });

let seq = 0;
const done = (
  customerId: string,
  stage: string,
  date: string,
  type: Activity['type'] = 'email',
): Activity => ({
  row: 0,
  activityId: `A${++seq}`,
  customerId,
  date,
  type,
  direction: 'outbound',
  stage,
});

const run = (
  parts: Partial<Ledger>,
  options: { policy?: DunningPolicy; now?: number; defaultTimeZone?: string } = {},
): CollectionPlan => {
  const ledger = ledgerOf(parts);
  return planCollections({
    ledger,
    book: buildBook(ledger, asOf),
    policy: options.policy ?? DEFAULT_POLICY,
    asOf,
    now: options.now ?? sevenAmChicago,
    defaultTimeZone: options.defaultTimeZone ?? 'America/Chicago',
  });
};

const summary = (plan: CollectionPlan) => ({
  actions: plan.actions.map((a) => `${a.customerId} ${a.stage} ${a.channel}`),
  blocked: plan.blocked.map((b) => `${b.customerId} ${b.stage} ${b.channel} ${b.rule}`),
});

describe('dunning-policy', () => {
  describe('validatePolicy', () => {
    it('returns no problems for the default policy', () => {
      expect(validatePolicy(DEFAULT_POLICY)).toEqual([]);
    });

    it('returns every problem with a broken policy', () => {
      // Prepare
      const policy: DunningPolicy = {
        ...DEFAULT_POLICY,
        defaultLadder: 'missing',
        promiseGraceDays: -1,
        ladders: {
          bad: {
            name: 'bad',
            stages: [
              { id: 'a', label: 'a', kind: 'reminder', daysPastDue: 10, channels: ['email'], template: 'a' },
              { id: 'a', label: 'a again', kind: 'reminder', daysPastDue: 5, channels: [], template: 'a' },
            ],
          },
        },
      };
      // Act
      const problems = validatePolicy(policy);
      // Assess
      expect(problems).toEqual([
        'default ladder "missing" is not defined',
        'promiseGraceDays must be a non-negative integer',
        'ladder "bad" repeats stage "a"',
        'ladder "bad": stage "a" must come after the stage before it',
        'ladder "bad": stage "a" has no channel',
      ]);
    });
  });

  describe('chooseStage', () => {
    // Default ladder: 0 courtesy(-3..0), 1 reminder-1, 2 reminder-15, 3 reminder-30, 4 reminder-60, 5 final-demand(75), 6 handover(90)
    it.each([
      ['sequential', -4, -1, undefined],
      ['sequential', -3, -1, 0],
      ['sequential', 0, -1, 0],
      ['sequential', 0, 0, undefined],
      ['sequential', 1, 0, 1],
      ['sequential', 5, -1, 1],
      ['sequential', 10, 1, undefined],
      ['sequential', 65, 1, 2],
      ['catch-up', 65, 1, 4],
      ['catch-up', 65, -1, 4],
      ['catch-up', 65, 4, undefined],
      ['catch-up', 2, -1, 1],
      ['catch-up', -2, -1, 0],
      ['sequential', 120, 6, undefined],
      ['catch-up', 120, 5, 6],
    ] as const)(
      'returns for %s mode at %i days past due with stage %i done: %s',
      (mode, dpd, lastDone, expected) => {
        expect(chooseStage(DEFAULT_LADDER, mode, dpd, lastDone)).toBe(expected);
      },
    );
  });

  describe('planCollections', () => {
    it('returns the 15-day reminder in sequential mode and the 60-day one in catch-up, at 65 days with only the 1-day reminder done', () => {
      // Prepare
      const parts = (mode: Customer['dunning']) => ({
        customers: [debtor('C1', { dunning: mode })],
        invoices: [invoice('INV-1', 'C1', due(65), 120_000)],
        activity: [done('C1', 'reminder-1', due(64))],
      });
      // Act
      const sequential = run(parts('sequential'));
      const catchUp = run(parts('catch-up'));
      // Assess
      expect(summary(sequential)).toEqual({ actions: ['C1 reminder-15 email'], blocked: [] });
      expect(summary(catchUp)).toEqual({
        actions: ['C1 reminder-60 email', 'C1 reminder-60 call'],
        blocked: [],
      });
      expect(catchUp.actions[0]!.explanation.inputs).toMatchObject({
        daysPastDue: 65,
        stageThresholdDays: 60,
        lastStageDone: 'reminder-1',
        mode: 'catch-up',
        modeOverride: true,
        skippedStages: 'reminder-15, reminder-30',
        'overdueMinor.USD': 120_000,
        policyVersion: DEFAULT_POLICY.version,
      });
    });

    it('returns an action with everything a sender needs and a sentence a clerk can read out', () => {
      // Prepare
      const parts = {
        customers: [debtor('C1', { name: 'Acme Dental' })],
        invoices: [invoice('INV-7', 'C1', due(65), 123_450)],
        activity: [done('C1', 'reminder-1', due(64))],
      };
      // Act
      const [action] = run(parts).actions;
      // Assess
      expect(action).toEqual({
        customerId: 'C1',
        customerName: 'Acme Dental',
        stage: 'reminder-15',
        stageIndex: 2,
        kind: 'reminder',
        channel: 'email',
        template: 'reminder-15',
        cycle: due(65),
        notBefore: '2026-11-23T14:00:00.000Z',
        localTime: '2026-11-23 08:00 America/Chicago',
        amounts: [{ currency: 'USD', overdueMinor: 123_450, balanceMinor: 123_450 }],
        invoiceIds: ['INV-7'],
        explanation: expect.objectContaining({ rule: 'stage/reminder-15', policyVersion: 'standard/2026-1' }),
      });
      expect(action!.explanation.summary).toBe(
        'Acme Dental owes USD 1,234.50 overdue, 65 days past due (oldest INV-7, due 2026-09-19); ' +
          'the 15-day reminder (at 15 days past due) is due because it is the next stage after the 1-day reminder ' +
          'done 2026-09-20 (sequential mode); email not before 2026-11-23 08:00 America/Chicago.',
      );
    });

    it.each([
      ['deceased', 'flag/deceased'],
      ['bankruptcy', 'flag/bankruptcy'],
      ['dispute', 'flag/dispute'],
      ['cease-contact', 'flag/cease-contact'],
      ['attorney', 'flag/attorney'],
      ['placed', 'flag/placed'],
    ] as const)('returns a %s customer 40 days past due as blocked by %s, with no action', (flag, rule) => {
      // Prepare
      const parts = {
        customers: [debtor('C1', { flags: [flag], dunning: 'catch-up' })],
        invoices: [invoice('INV-1', 'C1', due(40), 50_000)],
      };
      // Act
      const plan = run(parts);
      // Assess
      expect(summary(plan)).toEqual({
        actions: [],
        blocked: [`C1 reminder-30 email ${rule}`, `C1 reminder-30 call ${rule}`],
      });
      expect(plan.blocked[0]!.explanation.inputs).toMatchObject({ daysPastDue: 40, rules: rule });
    });

    it('returns email blocked but the call planned for an opted-out customer', () => {
      const plan = run({
        customers: [debtor('C1', { flags: ['opted-out'], dunning: 'catch-up' })],
        invoices: [invoice('INV-1', 'C1', due(31), 50_000)],
      });
      expect(summary(plan)).toEqual({
        actions: ['C1 reminder-30 call'],
        blocked: ['C1 reminder-30 email flag/opted-out'],
      });
    });

    it('returns the call blocked for a Massachusetts customer already called twice this week', () => {
      // Prepare
      const calls: Activity[] = [
        { ...done('C1', '', '2026-11-18', 'call'), stage: undefined },
        { ...done('C1', '', '2026-11-20', 'call'), stage: undefined },
        done('C1', 'validation-notice', '2026-09-01', 'letter'),
      ];
      // Act
      const plan = run({
        customers: [debtor('C1', { contactPreset: 'massachusetts', dunning: 'catch-up' })],
        invoices: [invoice('INV-1', 'C1', due(32), 50_000)],
        activity: calls,
      });
      // Assess
      expect(summary(plan)).toEqual({
        actions: ['C1 reminder-30 email'],
        blocked: ['C1 reminder-30 call cap/calls-7d'],
      });
    });

    it('returns every channel blocked for a New York City customer with 3 contacts this week', () => {
      const contacts: Activity[] = ['2026-11-17', '2026-11-19', '2026-11-23'].map((d) => ({
        ...done('C1', '', d),
        stage: undefined,
      }));
      const plan = run({
        customers: [
          debtor('C1', { contactPreset: 'new-york-city', consentEmail: true, dunning: 'catch-up' }),
        ],
        invoices: [invoice('INV-1', 'C1', due(32), 50_000)],
        activity: [...contacts, done('C1', 'validation-notice', '2026-09-01', 'letter')],
      });
      expect(summary(plan)).toEqual({
        actions: [],
        blocked: ['C1 reminder-30 email cap/contacts-7d', 'C1 reminder-30 call cap/contacts-7d'],
      });
    });

    it('returns one consolidated message for all of a customer’s currencies and overdue items', () => {
      // Prepare
      const parts = {
        customers: [debtor('C1')],
        invoices: [
          invoice('INV-1', 'C1', due(20), 10_000),
          invoice('INV-2', 'C1', due(3), 5_000),
          invoice('INV-3', 'C1', due(-10), 7_000, { invoiceDate: due(20) }),
          invoice('INV-4', 'C1', due(8), 9_000, { currency: 'EUR' }),
        ],
      };
      // Act
      const plan = run(parts);
      // Assess
      expect(plan.actions).toHaveLength(1);
      expect(plan.actions[0]).toMatchObject({
        stage: 'reminder-1',
        cycle: due(20),
        // Currencies in alphabetical order, items oldest first within each.
        amounts: [
          { currency: 'EUR', overdueMinor: 9_000, balanceMinor: 9_000 },
          { currency: 'USD', overdueMinor: 15_000, balanceMinor: 22_000 },
        ],
        invoiceIds: ['INV-4', 'INV-1', 'INV-2'],
      });
    });

    it('returns nothing when unapplied credit covers the overdue amount, and the rest when it does not', () => {
      // Prepare: a 150.00 payment on a 100.00 invoice leaves 50.00 credit; a later invoice is overdue.
      const parts = (secondMinor: number) => ({
        customers: [debtor('C1')],
        invoices: [
          invoice('INV-1', 'C1', due(60), 10_000),
          invoice('INV-2', 'C1', due(20), secondMinor, { invoiceDate: due(40) }),
        ],
        payments: [payment('P1', 'C1', due(50), 15_000)],
      });
      // Act
      const covered = run(parts(5_000));
      const partly = run(parts(8_000));
      // Assess
      expect(summary(covered)).toEqual({ actions: [], blocked: [] });
      expect(partly.actions[0]).toMatchObject({
        amounts: [{ currency: 'USD', overdueMinor: 3_000, balanceMinor: 3_000 }],
        invoiceIds: ['INV-2'],
        cycle: due(20),
      });
      expect(partly.actions[0]!.explanation.inputs.creditAppliedMinor).toBe(5_000);
    });

    it('returns nothing for an overdue amount under the policy minimum', () => {
      const parts = { customers: [debtor('C1')], invoices: [invoice('INV-1', 'C1', due(40), 499)] };
      expect(summary(run(parts))).toEqual({ actions: [], blocked: [] });
      expect(summary(run({ ...parts, invoices: [invoice('INV-1', 'C1', due(40), 500)] })).actions).toEqual([
        'C1 reminder-1 email',
      ]);
    });

    it('returns a block when every overdue invoice is disputed, and leaves disputed ones out of a message', () => {
      // Prepare
      const disputedOnly = {
        customers: [debtor('C1')],
        invoices: [invoice('INV-1', 'C1', due(40), 50_000, { status: 'disputed' as const })],
      };
      const mixed = {
        customers: [debtor('C1')],
        invoices: [
          invoice('INV-1', 'C1', due(40), 50_000, { status: 'disputed' as const }),
          invoice('INV-2', 'C1', due(10), 20_000),
        ],
      };
      // Act
      const a = run(disputedOnly);
      const b = run(mixed);
      // Assess
      expect(summary(a)).toEqual({ actions: [], blocked: ['C1 reminder-1 email dispute/all-overdue'] });
      expect(b.actions[0]).toMatchObject({
        cycle: due(10),
        invoiceIds: ['INV-2'],
        amounts: [{ currency: 'USD', overdueMinor: 20_000, balanceMinor: 70_000 }],
      });
      expect(b.actions[0]!.explanation.inputs).toMatchObject({ daysPastDue: 10, disputedItemsExcluded: 1 });
    });

    it('returns a customer on hold as blocked by override/hold, and one with nothing due in neither list', () => {
      const plan = run({
        customers: [debtor('C1', { dunning: 'hold' }), debtor('C2', { dunning: 'hold' })],
        invoices: [invoice('INV-1', 'C1', due(20), 50_000), invoice('INV-2', 'C2', due(-20), 50_000)],
      });
      expect(summary(plan)).toEqual({ actions: [], blocked: ['C1 reminder-1 email override/hold'] });
    });

    it('returns promise/active while a promise is pending and the stage again once it is broken', () => {
      // Prepare
      const promise = (promisedDate: string): PromiseToPay => ({
        row: 0,
        promiseId: 'PR1',
        customerId: 'C1',
        takenOn: due(25),
        promisedDate,
        amountMinor: 50_000,
        currency: 'USD',
        cancelled: false,
      });
      const parts = (promisedDate: string) => ({
        customers: [debtor('C1')],
        invoices: [invoice('INV-1', 'C1', due(30), 50_000)],
        promises: [promise(promisedDate)],
      });
      // Act: grace is 2 days, so a promise for 2 days ago is still pending and one for 3 days ago is broken.
      const pending = run(parts(due(2)));
      const broken = run(parts(due(3)));
      // Assess
      expect(summary(pending)).toEqual({ actions: [], blocked: ['C1 reminder-1 email promise/active'] });
      expect(summary(broken)).toEqual({ actions: ['C1 reminder-1 email'], blocked: [] });
      expect(broken.actions[0]!.explanation.inputs['promise.PR1']).toBe('broken');
    });

    it('returns plan/in-good-standing while a plan is kept and the stage again once an installment is missed', () => {
      // Prepare
      const plan = (graceDays: number): PaymentPlan => ({
        row: 0,
        planId: 'PL1',
        customerId: 'C1',
        startDate: due(10),
        totalMinor: 50_000,
        currency: 'USD',
        installments: 5,
        frequency: 'monthly',
        graceDays,
        cancelled: false,
      });
      const parts = (graceDays: number) => ({
        customers: [debtor('C1')],
        invoices: [invoice('INV-1', 'C1', due(45), 50_000)],
        plans: [plan(graceDays)],
      });
      // Act: the first installment was due 10 days ago and nothing was paid.
      const withinGrace = run(parts(10));
      const afterGrace = run(parts(9));
      // Assess
      expect(summary(withinGrace)).toEqual({
        actions: [],
        blocked: ['C1 reminder-1 email plan/in-good-standing'],
      });
      expect(summary(afterGrace)).toEqual({ actions: ['C1 reminder-1 email'], blocked: [] });
      expect(afterGrace.actions[0]!.explanation.inputs['plan.PL1']).toBe('broken');
    });

    it('returns the courtesy reminder 3 days before due and the 1-day reminder after it in the same cycle', () => {
      // Prepare
      const inv = invoice('INV-1', 'C1', '2026-11-26', 40_000, { invoiceDate: '2026-10-27' });
      // Act
      const before = run({ customers: [debtor('C1')], invoices: [inv] });
      const tooEarly = run({ customers: [debtor('C1')], invoices: [{ ...inv, dueDate: '2026-11-27' }] });
      const after = run({
        customers: [debtor('C1')],
        invoices: [{ ...inv, dueDate: due(1) }],
        activity: [done('C1', 'courtesy', addDays(due(1), -3))],
      });
      // Assess
      expect(before.actions).toMatchObject([
        {
          stage: 'courtesy',
          kind: 'courtesy',
          cycle: '2026-11-26',
          invoiceIds: ['INV-1'],
          amounts: [{ overdueMinor: 0, balanceMinor: 40_000 }],
        },
      ]);
      expect(summary(tooEarly)).toEqual({ actions: [], blocked: [] });
      expect(after.actions).toMatchObject([{ stage: 'reminder-1', cycle: due(1) }]);
      expect(after.actions[0]!.explanation.inputs.lastStageDone).toBe('courtesy');
    });

    it('returns nothing more once the day’s stage is recorded, so a re-run plans nothing twice', () => {
      // Prepare
      const parts = { customers: [debtor('C1')], invoices: [invoice('INV-1', 'C1', due(5), 50_000)] };
      const first = run(parts);
      const recorded = first.actions.map((a) => done(a.customerId, a.stage, asOf, a.channel));
      // Act
      const second = run({ ...parts, activity: recorded });
      // Assess
      expect(summary(first).actions).toEqual(['C1 reminder-1 email']);
      expect(summary(second)).toEqual({ actions: [], blocked: [] });
    });

    it('returns stages of an earlier cycle as not done in the new one', () => {
      const plan = run({
        customers: [debtor('C1')],
        invoices: [invoice('INV-9', 'C1', due(2), 50_000)],
        activity: [done('C1', 'final-demand', due(6))],
      });
      expect(plan.actions).toMatchObject([{ stage: 'reminder-1', cycle: due(2) }]);
      expect(plan.actions[0]!.explanation.inputs.lastStageDone).toBe('none');
    });

    it('returns the hand-over letter at 90 days in catch-up mode', () => {
      const plan = run(
        { customers: [debtor('C1')], invoices: [invoice('INV-1', 'C1', due(95), 50_000)] },
        { policy: { ...DEFAULT_POLICY, mode: 'catch-up' } },
      );
      expect(plan.actions).toMatchObject([
        { stage: 'handover', kind: 'handover', channel: 'letter', template: 'handover' },
      ]);
    });

    it('returns the customer’s own ladder, and a block when the ladder is not in the policy', () => {
      // Prepare
      const policy: DunningPolicy = {
        ...DEFAULT_POLICY,
        ladders: {
          ...DEFAULT_POLICY.ladders,
          gentle: {
            name: 'gentle',
            stages: [
              {
                id: 'nudge',
                label: 'gentle nudge',
                kind: 'reminder',
                daysPastDue: 10,
                channels: ['letter'],
                template: 'nudge',
              },
            ],
          },
        },
      };
      // Act
      const plan = run(
        {
          customers: [debtor('C1', { ladder: 'gentle' }), debtor('C2', { ladder: 'nope' })],
          invoices: [invoice('INV-1', 'C1', due(12), 50_000), invoice('INV-2', 'C2', due(12), 50_000)],
        },
        { policy },
      );
      // Assess
      expect(summary(plan)).toEqual({
        actions: ['C1 nudge letter'],
        blocked: ['C2 reminder-1 email override/unknown-ladder'],
      });
    });

    it('returns a block for a channel the customer has no address for', () => {
      const plan = run({
        customers: [debtor('C1', { email: undefined })],
        invoices: [invoice('INV-1', 'C1', due(3), 50_000)],
      });
      expect(summary(plan)).toEqual({ actions: [], blocked: ['C1 reminder-1 email address/missing-email'] });
    });

    it.each([
      // now (UTC), customer zone, expected local time
      ['2026-11-23T13:00:00Z', 'America/Chicago', '2026-11-23 08:00 America/Chicago'],
      ['2026-11-23T16:45:00Z', 'America/Chicago', '2026-11-23 10:45 America/Chicago'],
      ['2026-11-23T13:00:00Z', 'America/New_York', '2026-11-23 08:00 America/New_York'],
      ['2026-11-23T13:00:00Z', undefined, '2026-11-23 08:00 Europe/London'],
      ['2026-11-23T13:00:00Z', 'Mars/Olympus', '2026-11-23 08:00 Europe/London'],
    ])('returns notBefore inside the window: now %s in %s -> %s', (now, zone, expected) => {
      // Act
      const plan = run(
        { customers: [debtor('C1', { timeZone: zone })], invoices: [invoice('INV-1', 'C1', due(3), 50_000)] },
        { now: Date.parse(now), defaultTimeZone: 'Europe/London' },
      );
      // Assess: 13:00Z is 08:00 in New York but only 07:00 in Chicago; London is at 13:00, inside the window.
      expect(plan.actions[0]!.localTime).toBe(
        expected.includes('London') ? '2026-11-23 13:00 Europe/London' : expected,
      );
    });

    it('throws a PolicyError for a policy that cannot be applied', () => {
      const attempt = () => run({}, { policy: { ...DEFAULT_POLICY, defaultLadder: 'none' } });
      expect(attempt).toThrow(PolicyError);
      expect(attempt).toThrow(expect.objectContaining({ code: 'POLICY.INVALID', name: 'PolicyError' }));
    });

    const zones = [
      'America/Chicago',
      'America/New_York',
      'America/Los_Angeles',
      'Europe/London',
      'Asia/Tokyo',
      'Australia/Sydney',
    ];
    const arbitraryLedger = fc
      .array(
        fc.record({
          flags: fc.subarray([...CUSTOMER_FLAGS]),
          zone: fc.constantFrom(...zones),
          dunning: fc.constantFrom(undefined, 'hold', 'sequential', 'catch-up'),
          preset: fc.constantFrom(undefined, 'federal', 'massachusetts', 'new-york-city'),
          invoices: fc.array(
            fc.record({
              dpd: fc.integer({ min: -10, max: 130 }),
              amountMinor: fc.integer({ min: 1, max: 100_000 }),
              disputed: fc.boolean(),
              currency: fc.constantFrom('USD', 'EUR'),
            }),
            { maxLength: 4 },
          ),
          calls: fc.integer({ min: 0, max: 8 }),
          doneStage: fc.constantFrom(undefined, ...DEFAULT_LADDER.stages.map((s) => s.id)),
        }),
        { maxLength: 12 },
      )
      .map((rows) => {
        const customers: Customer[] = [];
        const invoices: ReturnType<typeof invoice>[] = [];
        const activity: Activity[] = [];
        rows.forEach((r, c) => {
          const id = `C${c}`;
          customers.push(
            debtor(id, { flags: r.flags, timeZone: r.zone, dunning: r.dunning, contactPreset: r.preset }),
          );
          r.invoices.forEach((inv, k) => {
            invoices.push(
              invoice(`I${c}-${k}`, id, due(inv.dpd), inv.amountMinor, {
                invoiceDate: due(Math.max(inv.dpd, 0) + 30),
                status: inv.disputed ? 'disputed' : 'open',
                currency: inv.currency,
              }),
            );
          });
          for (let k = 0; k < r.calls; k++)
            activity.push({ ...done(id, '', addDays(asOf, -k), 'call'), stage: undefined });
          if (r.doneStage) activity.push(done(id, r.doneStage, addDays(asOf, -2)));
        });
        return ledgerOf({ customers, invoices, activity });
      });

    it('returns no action for a customer whose flags or hold block the channel, ever', () => {
      fc.assert(
        fc.property(
          arbitraryLedger,
          fc.integer({ min: Date.UTC(2026, 10, 22), max: Date.UTC(2026, 10, 25) }),
          (ledger, now) => {
            // Act
            const plan = planCollections({
              ledger,
              book: buildBook(ledger, asOf),
              policy: DEFAULT_POLICY,
              asOf,
              now,
              defaultTimeZone: 'UTC',
            });
            // Assess
            const byId = new Map(ledger.customers.map((c) => [c.customerId, c]));
            for (const a of plan.actions) {
              const c = byId.get(a.customerId)!;
              expect(c.dunning).not.toBe('hold');
              for (const f of c.flags) expect(FLAG_RULES[f].channels).not.toContain(a.channel);
            }
          },
        ),
      );
    });

    it('returns every action inside 08:00-21:00 in the customer’s zone, at most one per customer and channel, no disputed item in it', () => {
      fc.assert(
        fc.property(
          arbitraryLedger,
          fc.integer({ min: Date.UTC(2026, 10, 22), max: Date.UTC(2026, 10, 25) }),
          (ledger, now) => {
            // Act
            const plan = planCollections({
              ledger,
              book: buildBook(ledger, asOf),
              policy: DEFAULT_POLICY,
              asOf,
              now,
              defaultTimeZone: 'UTC',
            });
            // Assess
            const byId = new Map(ledger.customers.map((c) => [c.customerId, c]));
            const disputed = new Set(
              ledger.invoices.filter((i) => i.status === 'disputed').map((i) => i.invoiceId),
            );
            const seen = new Set<string>();
            for (const a of plan.actions) {
              const local = localTime(Date.parse(a.notBefore), byId.get(a.customerId)!.timeZone!);
              expect(local.hour).toBeGreaterThanOrEqual(8);
              expect(local.hour).toBeLessThan(21);
              expect(Date.parse(a.notBefore)).toBeGreaterThanOrEqual(now);
              const key = `${a.customerId} ${a.channel}`;
              expect(seen.has(key)).toBe(false);
              seen.add(key);
              expect(a.invoiceIds.some((id) => disputed.has(id))).toBe(false);
              expect(a.explanation.policyVersion).toBe(DEFAULT_POLICY.version);
              expect(typeof a.explanation.inputs.daysPastDue).toBe('number');
            }
            for (const b of plan.blocked) expect(b.explanation.inputs.rules).toContain(b.rule);
          },
        ),
      );
    });
  });
});
