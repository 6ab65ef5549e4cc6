// Tests for what restarts a limitation period (a signed written acknowledgment, a partial payment), state by state, and the planner, hand-over and interest reading the restarted date.
import { describe, expect, it } from 'vitest';
import { assessChargesExplained, type ChargePolicy } from '../../../core/collections/charges.js';
import { planCollections } from '../../../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../../../core/collections/dunning-policy.js';
import {
  restartRuleFor,
  restartRules,
  restartsSearched,
  writtenAcknowledgments,
} from '../../../core/compliance/limitation-restarts.js';
import { timeBarOf } from '../../../core/compliance/limitations.js';
import { buildBook } from '../../../core/ledger/book.js';
import type { Activity, DebtType, Invoice, Payment } from '../../../core/ledger/ledger.js';
import { placementRefusals } from '../../../core/lifecycle/handover.js';
import { customer, invoice, ledgerOf, payment } from '../../support/ledger-builders.js';

let seq = 0;
/** A signed letter from the debtor acknowledging the debt, as a clerk records it. */
const ack = (date: string, over: Partial<Activity> = {}): Activity => ({
  row: 0,
  activityId: `A${++seq}`,
  customerId: 'C1',
  date,
  type: 'letter',
  direction: 'inbound',
  outcome: 'acknowledged-in-writing',
  ...over,
});

const barOf = (
  place: string,
  debtType: DebtType,
  parts: { invoices: Invoice[]; payments?: Payment[]; activity?: Activity[] },
  asOf: string,
) => {
  const l = ledgerOf({ customers: [customer('C1', { address: `1 Main St, ${place}`, debtType })], ...parts });
  return timeBarOf(l.customers[0]!, buildBook(l, asOf).byCustomer.get('C1')!, asOf, {
    acknowledgments: writtenAcknowledgments(l.activity, asOf),
  });
};
const LA = 'Los Angeles, CA 90012';
/** Due 2020-03-15: four years in California (§ 337(a)) end on 2024-03-15. */
const due2020 = () => [invoice('I1', 'C1', '2020-03-15', 50_000)];

describe('core/compliance/limitation-restarts', () => {
  describe('restartRules()', () => {
    it('returns for every rule the section it rests on and where its text was read', () => {
      for (const r of restartRules()) {
        // A section, an article, or (Pennsylvania, no statute) the decisions the rule rests on.
        expect(r.source, r.state).toMatch(/§|RCW \d|arts?\. \d|N\.J\.S\.A\. \d|\bv\. /);
        expect(r.verified.read, r.state).toMatch(/https?:\/\//);
        expect(r.verified.on, r.state).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(r.writtenAcknowledgment || r.partialPayment, r.state).toBe(true);
      }
      for (const [state, searched] of Object.entries(restartsSearched())) {
        expect(
          restartRules().some((r) => r.state === state),
          state,
        ).toBe(false);
        expect(searched, state).toMatch(/not (found|read|modelled)/);
      }
    });

    it('returns the promissory-note rule of California and no rule for an Ohio note (§ 2305.08 names §§ 2305.06-.07 only)', () => {
      expect(restartRuleFor('CA', 'promissory-note')?.partialPayment).toBe(true);
      expect(restartRuleFor('CA', 'written-contract')?.partialPayment).toBe(false);
      expect(restartRuleFor('OH', 'promissory-note')).toBeUndefined();
      expect(restartRuleFor('OH', 'open-account')?.writtenAcknowledgment).toBe(true);
      expect(restartRuleFor('MA', 'written-contract')).toBeUndefined();
    });
  });

  describe('writtenAcknowledgments', () => {
    it('returns only inbound letters recorded as acknowledged in writing, dated on or before the day, oldest first', () => {
      const rows = [
        ack('2024-05-01'),
        ack('2023-01-01', { outcome: 'Acknowledged In Writing' }),
        ack('2023-02-01', { type: 'email' }),
        ack('2023-03-01', { direction: 'outbound' }),
        ack('2023-04-01', { outcome: 'promised-to-pay', type: 'call' }),
        ack('2027-01-01'),
      ];
      expect(writtenAcknowledgments(rows, '2026-01-01').map((a) => a.date)).toEqual([
        '2023-01-01',
        '2024-05-01',
      ]);
    });
  });

  describe('timeBarOf (restarts)', () => {
    it('returns a California debt acknowledged in writing before its 4 years ran out as running 4 years from the acknowledgment (§ 360)', () => {
      const activity = [ack('2023-06-01')];
      // Without the letter: barred on 2024-03-15.
      expect(barOf(LA, 'written-contract', { invoices: due2020() }, '2024-03-15')?.barred).toHaveLength(1);
      // With it: not barred the day before 2027-06-01, barred on it.
      const before = barOf(LA, 'written-contract', { invoices: due2020(), activity }, '2027-05-31');
      expect(before?.barred).toEqual([]);
      expect(before?.restarted).toMatchObject([
        { itemId: 'I1', endsOn: '2027-06-01', restart: { kind: 'written-acknowledgment', on: '2023-06-01' } },
      ]);
      expect(before?.reason).toMatch(
        /restarted by the written acknowledgment of 2023-06-01 \(activity A\d+; Cal\. Code Civ\. Proc\. § 360/,
      );
      expect(barOf(LA, 'written-contract', { invoices: due2020(), activity }, '2027-06-01')?.barred).toEqual([
        { itemId: 'I1', barredOn: '2027-06-01' },
      ]);
    });

    it.each([
      ['on the day the period ended', '2024-03-15'],
      ['after the period ended', '2025-01-10'],
    ])(
      'returns a California debt acknowledged %s still time-barred: nothing revives it here',
      (_when, date) => {
        const bar = barOf(
          LA,
          'written-contract',
          { invoices: due2020(), activity: [ack(date)] },
          '2026-01-01',
        );
        expect(bar?.barred).toEqual([{ itemId: 'I1', barredOn: '2024-03-15' }]);
        expect(bar?.restarted).toEqual([]);
      },
    );

    it('returns acknowledgments chained: each one before the running end starts the period again', () => {
      const activity = [ack('2023-06-01'), ack('2027-01-01')];
      expect(barOf(LA, 'written-contract', { invoices: due2020(), activity }, '2030-12-31')?.barred).toEqual(
        [],
      );
      expect(barOf(LA, 'written-contract', { invoices: due2020(), activity }, '2031-01-01')?.barred).toEqual([
        { itemId: 'I1', barredOn: '2031-01-01' },
      ]);
    });

    it('returns an acknowledgment that is not a signed inbound letter, or that predates the due date, restarting nothing', () => {
      for (const activity of [
        [ack('2023-06-01', { type: 'email' })],
        [ack('2023-06-01', { direction: 'outbound' })],
        [ack('2023-06-01', { outcome: 'spoke' })],
        [ack('2020-01-10')],
      ])
        expect(
          barOf(LA, 'written-contract', { invoices: due2020(), activity }, '2024-03-15')?.barred,
        ).toHaveLength(1);
    });

    it('returns a payment on a California promissory note restarting its period, but not on a written contract (§ 360)', () => {
      const payments = [payment('P1', 'C1', '2023-01-10', 5_000, { appliesTo: ['I1'] })];
      const note = (asOf: string) => barOf(LA, 'promissory-note', { invoices: due2020(), payments }, asOf);
      expect(note('2027-01-09')?.barred).toEqual([]);
      expect(note('2027-01-09')?.reason).toMatch(/restarted by the payment of 2023-01-10 \(payment P1;/);
      expect(note('2027-01-10')?.barred).toEqual([{ itemId: 'I1', barredOn: '2027-01-10' }]);
      expect(
        barOf(LA, 'written-contract', { invoices: due2020(), payments }, '2024-03-15')?.barred,
      ).toHaveLength(1);
      // A payment the bank returned was never received: it restarts nothing.
      const returned = [
        payment('P1', 'C1', '2023-01-10', 5_000, {
          appliesTo: ['I1'],
          status: 'returned',
          returnedDate: '2023-01-20',
        }),
      ];
      expect(
        barOf(LA, 'promissory-note', { invoices: due2020(), payments: returned }, '2024-03-15')?.barred,
      ).toHaveLength(1);
    });

    it('returns a Texas debt restarted by a signed acknowledgment but not by a payment (§ 16.065; Stine v. Stewart)', () => {
      const invoices = [invoice('I1', 'C1', '2020-03-15', 50_000)];
      const tx = 'Austin, TX 78701';
      expect(
        barOf(tx, 'open-account', { invoices, activity: [ack('2023-06-01')] }, '2025-01-01')?.barred,
      ).toEqual([]);
      const payments = [payment('P1', 'C1', '2023-06-01', 5_000, { appliesTo: ['I1'] })];
      expect(barOf(tx, 'open-account', { invoices, payments }, '2024-03-15')?.barred).toHaveLength(1);
    });

    it('returns a Washington debt restarted by a payment made before its period expired, and not by one after (RCW 4.16.270)', () => {
      // Due 2020-03-15, an account receivable: six years (RCW 4.16.040(2)) end 2026-03-15.
      const wa = 'Seattle, WA 98101';
      const paid = (date: string) => [payment('P1', 'C1', date, 5_000, { appliesTo: ['I1'] })];
      const before = barOf(
        wa,
        'open-account',
        { invoices: due2020(), payments: paid('2025-01-10') },
        '2031-01-09',
      );
      expect(before?.barred).toEqual([]);
      expect(before?.reason).toMatch(/restarted by the payment of 2025-01-10 \(payment P1; RCW 4\.16\.280/);
      expect(
        barOf(wa, 'open-account', { invoices: due2020(), payments: paid('2025-01-10') }, '2031-01-10')
          ?.barred,
      ).toHaveLength(1);
      expect(
        barOf(wa, 'open-account', { invoices: due2020(), payments: paid('2026-04-01') }, '2026-06-01')
          ?.barred,
      ).toEqual([{ itemId: 'I1', barredOn: '2026-03-15' }]);
    });

    it('returns a Georgia debt restarted by a signed acknowledgment (§ 9-3-112) but not by a posted payment', () => {
      const ga = 'Atlanta, GA 30303';
      // An open account: four years (§ 9-3-25) end 2024-03-15.
      expect(
        barOf(ga, 'open-account', { invoices: due2020(), activity: [ack('2023-06-01')] }, '2027-05-31')
          ?.barred,
      ).toEqual([]);
      const payments = [payment('P1', 'C1', '2023-06-01', 5_000, { appliesTo: ['I1'] })];
      expect(barOf(ga, 'open-account', { invoices: due2020(), payments }, '2024-03-15')?.barred).toHaveLength(
        1,
      );
    });

    it('returns an Alabama debt restarted by a payment before the bar but not by a letter (§ 6-2-16 asks for an unconditional promise)', () => {
      const al = 'Birmingham, AL 35203';
      // A written contract: six years (§ 6-2-34(4)) end 2026-03-15.
      const payments = [payment('P1', 'C1', '2025-01-10', 5_000, { appliesTo: ['I1'] })];
      expect(barOf(al, 'written-contract', { invoices: due2020(), payments }, '2031-01-09')?.barred).toEqual(
        [],
      );
      expect(
        barOf(al, 'written-contract', { invoices: due2020(), activity: [ack('2025-01-10')] }, '2026-03-15')
          ?.barred,
      ).toHaveLength(1);
    });

    it('returns a Louisiana open account whose prescription a signed acknowledgment interrupted (art. 3464)', () => {
      const la = 'New Orleans, LA 70112';
      // Three years (art. 3494) end 2023-03-15; an acknowledgment on 2022-06-01 runs them anew.
      expect(
        barOf(la, 'open-account', { invoices: due2020(), activity: [ack('2022-06-01')] }, '2025-05-31')
          ?.barred,
      ).toEqual([]);
      expect(
        barOf(la, 'open-account', { invoices: due2020(), activity: [ack('2022-06-01')] }, '2025-06-01')
          ?.barred,
      ).toHaveLength(1);
    });

    it('returns a New Jersey debt restarted by a signed acknowledgment (2A:14-24) but not by a payment, and a Pennsylvania one by either (acknowledgment doctrine)', () => {
      // Six years in New Jersey (2A:14-1a) and four in Pennsylvania (§ 5525) from 2020-03-15.
      const payments = [payment('P1', 'C1', '2023-06-01', 5_000, { appliesTo: ['I1'] })];
      const nj = 'Newark, NJ 07102';
      expect(
        barOf(nj, 'open-account', { invoices: due2020(), activity: [ack('2025-06-01')] }, '2031-05-31')
          ?.barred,
      ).toEqual([]);
      expect(barOf(nj, 'open-account', { invoices: due2020(), payments }, '2026-03-15')?.barred).toHaveLength(
        1,
      );
      const pa = 'Philadelphia, PA 19107';
      expect(barOf(pa, 'open-account', { invoices: due2020(), payments }, '2027-05-31')?.barred).toEqual([]);
      expect(barOf(pa, 'open-account', { invoices: due2020(), payments }, '2027-06-01')?.barred).toHaveLength(
        1,
      );
    });

    it('returns a New York consumer debt restarted by a signed acknowledgment before the 3 years end, and never after (CPLR 214-i)', () => {
      const ny = 'Albany, NY 12207';
      expect(
        barOf(ny, 'open-account', { invoices: due2020(), activity: [ack('2022-12-01')] }, '2025-11-30')
          ?.barred,
      ).toEqual([]);
      expect(
        barOf(ny, 'open-account', { invoices: due2020(), activity: [ack('2023-04-01')] }, '2025-11-30')
          ?.barred,
      ).toEqual([{ itemId: 'I1', barredOn: '2023-03-15' }]);
    });

    it('returns a Massachusetts debt (rule not read) and an Ohio note (§ 2305.08 does not cover it) restarted by nothing', () => {
      const old = [invoice('I1', 'C1', '2018-06-01', 50_000)];
      const ma = barOf(
        'Boston, MA 02108',
        'written-contract',
        { invoices: old, activity: [ack('2023-06-01')] },
        '2024-06-01',
      );
      expect(ma?.barred).toEqual([{ itemId: 'I1', barredOn: '2024-06-01' }]);
      expect(ma?.reason).not.toMatch(/restarted/);
      const oh = 'Columbus, OH 43215';
      expect(
        barOf(oh, 'promissory-note', { invoices: old, activity: [ack('2023-06-01')] }, '2024-06-01')?.barred,
      ).toHaveLength(1);
      // Ohio's written contracts do restart: six years from the acknowledgment.
      expect(
        barOf(oh, 'written-contract', { invoices: old, activity: [ack('2023-06-01')] }, '2029-05-31')?.barred,
      ).toEqual([]);
      expect(
        barOf(oh, 'written-contract', { invoices: old, activity: [ack('2023-06-01')] }, '2029-06-01')?.barred,
      ).toHaveLength(1);
    });
  });

  describe('the planner, hand-over and interest on a restarted period', () => {
    const asOf = '2026-11-23';
    const la = () =>
      customer('C1', {
        name: 'Dana Debtor',
        email: 'dana@example.com',
        phone: '213-555-0100',
        address: '1 Main St, Los Angeles, CA 90012',
        timeZone: 'America/Los_Angeles',
        feesAgreed: true,
      });
    /** Due 2021-06-01: barred 2025-06-01 unless acknowledged before. */
    const bill = () => invoice('I1', 'C1', '2021-06-01', 90_000);
    /** California requires a validation notice first (Rosenthal Act): one went out long ago. */
    const validated = ack('2026-08-03', {
      direction: 'outbound',
      outcome: undefined,
      stage: 'validation-notice',
    });
    const planFor = (activity: Activity[]) => {
      const ledger = ledgerOf({ customers: [la()], invoices: [bill()], activity: [validated, ...activity] });
      return planCollections({
        ledger,
        book: buildBook(ledger, asOf),
        policy: { ...DEFAULT_POLICY, mode: 'catch-up' },
        asOf,
        now: Date.parse('2026-11-23T18:00:00Z'),
        defaultTimeZone: 'America/Los_Angeles',
      });
    };
    const threats = (p: ReturnType<typeof planFor>) =>
      p.actions.filter((a) => a.kind === 'final-demand' || a.kind === 'handover');

    it('returns a final demand planned, with the restart explained, once the debt was acknowledged in writing before it was barred', () => {
      const p = planFor([ack('2024-09-01')]);
      expect(threats(p).length).toBeGreaterThan(0);
      expect(p.blocked.map((b) => b.rule)).not.toContain('time-barred/no-threat');
      expect(String(threats(p)[0]!.explanation.inputs.limitationRestarted)).toMatch(
        /restarted by the written acknowledgment of 2024-09-01.*now ending 2028-09-01/,
      );
    });

    it('returns the final demand still blocked when the acknowledgment came after the bar, or was an email', () => {
      for (const activity of [[ack('2025-07-01')], [ack('2024-09-01', { type: 'email' })], []]) {
        const p = planFor(activity);
        expect(threats(p)).toEqual([]);
        expect(p.blocked.map((b) => b.rule)).toContain('time-barred/no-threat');
      }
    });

    it('returns the hand-over allowed after an acknowledgment before the bar, refused without one', () => {
      const refusals = (activity: Activity[]) => {
        const ledger = ledgerOf({ customers: [la()], invoices: [bill()], activity });
        return placementRefusals(ledger, ledger.customers[0]!, { asOf }).map((r) => r.rule);
      };
      expect(refusals([ack('2024-09-01')])).not.toContain('handover/time-barred');
      expect(refusals([ack('2025-07-01')])).toContain('handover/time-barred');
      expect(refusals([])).toContain('handover/time-barred');
    });

    it('returns interest running on past the old limitation date once the period was restarted, stopping there without it', () => {
      const policy: ChargePolicy = {
        version: 'v1',
        lateFeeGraceDays: 30,
        interest: { annualRateBasisPoints: 900, graceDays: 0, periodDays: 30 },
      };
      const interest = (activity: Activity[]) => {
        const ledger = ledgerOf({ customers: [la()], invoices: [bill()], activity });
        return assessChargesExplained(ledger, buildBook(ledger, asOf), policy, asOf).charges.find(
          (c) => c.type === 'interest',
        )!;
      };
      const stopped = interest([]);
      const running = interest([ack('2024-09-01')]);
      expect(stopped.note).toMatch(/2025-06-01/);
      expect(running.note).not.toMatch(/2025-06-01/);
      expect(running.amountMinor).toBeGreaterThan(stopped.amountMinor);
    });
  });
});
