// `plan --json` written while the plan is made: the same bytes as JSON.stringify of the whole plan.
import { describe, expect, it } from 'vitest';
import { writePlanJson } from '../../cli/plan-json.js';
import {
  type PlanInput,
  planCollections,
  planCollectionsInto,
} from '../../core/collections/collection-plan.js';
import { PolicyError } from '../../core/collections/dunning-policy.js';
import type { Customer } from '../../core/ledger/ledger.js';
import { customer, invoice, ledgerOf } from '../support/ledger-builders.js';
import { planInputOf } from '../support/plan-input.js';

const AS_OF = '2026-11-23';

/** Customers of every kind the plan lists: actions, blocks (flags, hold) and credit holds. */
function inputOf(customers: number): PlanInput {
  const kinds: Partial<Customer>[] = [
    { email: 'a@example.com' },
    { email: 'b@example.com', flags: ['dispute'] },
    { email: 'c@example.com', dunning: 'hold' },
    { email: 'd@example.com', ladder: 'trade-credit' },
    { email: 'e@example.com', timeZone: 'America/Los_Angeles' },
  ];
  const list = Array.from({ length: customers }, (_, c) =>
    customer(`C${c}`, { name: `Customer ${c} Ltd`, ...kinds[c % kinds.length] }),
  );
  const dues = ['2026-10-04', '2026-08-01', '2026-10-01', '2026-11-10', '2026-11-26'];
  const invoices = list.flatMap((c, i) => [
    invoice(`I${i}a`, c.customerId, dues[i % dues.length]!, 10_000 + i),
    invoice(`I${i}b`, c.customerId, dues[(i + 2) % dues.length]!, 250 + i),
  ]);
  // Trade-credit customers with their reminders done reach the credit hold (an internal action).
  const activity = list
    .filter((c) => c.ladder === 'trade-credit')
    .flatMap((c, i) =>
      ['reminder-1', 'reminder-15', 'reminder-30'].map((stage, k) => ({
        row: 0,
        activityId: `A${i}-${k}`,
        customerId: c.customerId,
        date: ['2026-10-05', '2026-10-19', '2026-11-03'][k]!,
        type: 'email' as const,
        direction: 'outbound' as const,
        stage,
      })),
    );
  return planInputOf(ledgerOf({ customers: list, invoices, activity }), AS_OF);
}

const written = (input: PlanInput) => {
  const pieces: string[] = [];
  writePlanJson(input, planCollectionsInto, (t) => pieces.push(t));
  return pieces;
};

describe('cli/plan-json', () => {
  describe('writePlanJson', () => {
    it('gives the bytes of JSON.stringify(planCollections(input), null, 2) over many batches', () => {
      // Prepare
      const input = inputOf(3_000);
      const plan = planCollections(input);
      // Act
      const pieces = written(input);
      // Assess: every list is non-empty and the actions span several pieces.
      expect(plan.actions.length).toBeGreaterThan(1_000);
      expect(plan.blocked.length).toBeGreaterThan(100);
      expect(plan.internalActions.length).toBeGreaterThan(0);
      expect(pieces.length).toBeGreaterThan(3);
      expect(pieces.join('')).toBe(`${JSON.stringify(plan, null, 2)}\n`);
    });

    it('writes a plan with no actions as JSON does', () => {
      const input = inputOf(0);
      expect(written(input).join('')).toBe(`${JSON.stringify(planCollections(input), null, 2)}\n`);
    });

    it('writes nothing when the policy is refused', () => {
      // Prepare
      const pieces: string[] = [];
      const input = { ...inputOf(10), defaultTimeZone: 'Mars/Olympus' };
      // Act, Assess
      expect(() => writePlanJson(input, planCollectionsInto, (t) => pieces.push(t))).toThrow(PolicyError);
      expect(pieces).toEqual([]);
    });
  });
});
