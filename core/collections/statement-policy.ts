// The monthly statement during a promise to pay or a payment plan in good standing: it still goes
// (it is an account statement, not a demand), but it states the arrangement and asks for nothing beyond it.
import type { AccountSnapshot } from '../collections/account-snapshot.js';
import type { IsoDate } from '../ledger/dates.js';
import { formatMoney } from '../ledger/money.js';
import { evaluatePlan, isPlanActive, type PlanEvaluation } from './plans.js';
import { evaluatePromise, isPromiseActive, type PromiseEvaluation } from './promises.js';
import { formatLongDate } from './templates.js';

/** Why a statement is worded around an arrangement, for its explanation and for the clerk. */
export interface StatementArrangement {
  /** `statement/during-promise` or `statement/during-plan`. */
  rule: string;
  /** The sentence the statement carries, in place of any request to pay. */
  sentence: string;
  /** One line for the explanation: which arrangement, and what the statement does about it. */
  reason: string;
}

/**
 * The policy, one row per arrangement a careful first-party office honours in its statements. A
 * statement is informational: it goes on its day whatever the arrangement (the customer is owed
 * an account of what they owe), but during a pending promise or a plan in good standing it must
 * not contradict the arrangement: it states it, asks for no payment beyond it, and carries no
 * pay-by date. Checked in order; the first that applies words the statement.
 */
const ARRANGEMENTS: readonly {
  rule: string;
  find: (s: AccountSnapshot, asOf: IsoDate, graceDays: number) => StatementArrangement | undefined;
}[] = [
  {
    rule: 'statement/during-promise',
    find: (s, asOf, graceDays) => {
      const pending = s.promises
        .map((p) => evaluatePromise(p, s.payments, asOf, graceDays))
        .filter(isPromiseActive)
        .sort((a, b) => a.dueBy.localeCompare(b.dueBy))[0];
      if (!pending) return undefined;
      const promise = s.promises.find((p) => p.promiseId === pending.promiseId)!;
      return promiseWording(pending, promise.amountMinor, promise.promisedDate);
    },
  },
  {
    rule: 'statement/during-plan',
    find: (s, asOf) => {
      const plan = s.plans.map((p) => evaluatePlan(p, s.payments, asOf)).find(isPlanActive);
      return plan ? planWording(plan) : undefined;
    },
  },
];

function promiseWording(
  e: PromiseEvaluation,
  amountMinor: number,
  promisedDate: IsoDate,
): StatementArrangement {
  const promised = formatMoney(amountMinor, e.currency);
  const left = Math.max(0, amountMinor - e.paidMinor);
  return {
    rule: 'statement/during-promise',
    sentence:
      `This statement is for your records. Your promise to pay ${promised} by ${formatLongDate(promisedDate)} is noted` +
      (e.paidMinor > 0
        ? ` (${formatMoney(e.paidMinor, e.currency)} received so far, ${formatMoney(left, e.currency)} to go)`
        : '') +
      '; nothing more is asked of you before then.',
    reason: `promise ${e.promiseId} is pending until ${e.dueBy}: the statement is informational, states the promise and asks for nothing beyond it`,
  };
}

function planWording(e: PlanEvaluation): StatementArrangement {
  const next = e.nextDue
    ? ` Your next installment, ${formatMoney(e.nextDue.amountMinor, e.currency)}, is due ${formatLongDate(e.nextDue.dueDate)}.`
    : '';
  return {
    rule: 'statement/during-plan',
    sentence: `This statement is for your records. You are paying by the payment plan we agreed, and it is in good standing.${next} Nothing more is asked of you while you keep to the plan.`,
    reason: `payment plan ${e.planId} is in good standing: the statement is informational, states the plan and asks for nothing beyond it`,
  };
}

/**
 * How the statement must be worded for the account as it stands at `asOf`: the arrangement it
 * must honour, or undefined (a plain statement).
 *
 * @example statementArrangement(snapshot, '2026-12-01', 2)?.rule // 'statement/during-promise'
 */
export function statementArrangement(
  snapshot: AccountSnapshot,
  asOf: IsoDate,
  promiseGraceDays: number,
): StatementArrangement | undefined {
  for (const row of ARRANGEMENTS) {
    const found = row.find(snapshot, asOf, promiseGraceDays);
    if (found) return found;
  }
  return undefined;
}
