// Payment plans: the installment schedule, a preview for the sidebar, and whether a plan is kept.
import { addDays, addMonths, type IsoDate, parseIsoDay, toDay } from '../ledger/dates.js';
import { type PaymentPlan, PLAN_FREQUENCIES, type PlanFrequency } from '../ledger/ledger.js';
import { formatMoney, isKnownCurrency, splitEvenly } from '../ledger/money.js';
import { type PaymentEvidence, returnedBy } from './promises.js';

/** One installment of a plan. */
export interface Installment {
  /** 1-based. */
  number: number;
  dueDate: IsoDate;
  amountMinor: number;
}

/** The longest plan Duebook schedules (ten years of monthly installments). */
export const MAX_INSTALLMENTS = 120;

/**
 * Due date of the installment at 0-based `index`. Monthly dates are always counted from the first
 * due date (Jan 31, Feb 28, Mar 31, ...) so a schedule never drifts.
 */
export function installmentDueDate(firstDue: IsoDate, frequency: PlanFrequency, index: number): IsoDate {
  if (frequency === 'monthly') return addMonths(firstDue, index);
  return addDays(firstDue, index * (frequency === 'weekly' ? 7 : 14));
}

/**
 * The installments of a plan: `totalMinor` split evenly by largest remainder (earlier installments
 * take the extra cents), so they always add up to the total exactly.
 *
 * @example planSchedule({ startDate: '2026-01-31', totalMinor: 10_000, installments: 3, frequency: 'monthly' })
 * // [{ number: 1, dueDate: '2026-01-31', amountMinor: 3334 }, { number: 2, dueDate: '2026-02-28', ... }, ...]
 */
export function planSchedule(
  plan: Pick<PaymentPlan, 'startDate' | 'totalMinor' | 'installments' | 'frequency'>,
): Installment[] {
  const amounts = splitEvenly(plan.totalMinor, plan.installments);
  return amounts.map((amountMinor, i) => ({
    number: i + 1,
    dueDate: installmentDueDate(plan.startDate, plan.frequency, i),
    amountMinor,
  }));
}

/** What the sidebar asks for when previewing a plan before saving it. */
export interface PlanProposalInput {
  balanceMinor: number;
  currency: string;
  firstDue: IsoDate;
  frequency: PlanFrequency;
  /** Number of installments; give this or `installmentMinor`, not both. */
  installments?: number;
  /** A fixed installment amount; the last installment takes what is left. */
  installmentMinor?: number;
}

/** A problem with a proposed plan, tied to the field the clerk must fix. */
export interface PlanProposalProblem {
  field: keyof PlanProposalInput;
  code: string;
  message: string;
}

export type PlanProposal =
  | {
      ok: true;
      currency: string;
      totalMinor: number;
      frequency: PlanFrequency;
      installments: Installment[];
      lastDue: IsoDate;
    }
  | { ok: false; problems: PlanProposalProblem[] };

/**
 * Previews a plan's schedule for the sidebar. Every problem with the input is returned (never
 * thrown), each with the field to fix. With `installments`, the balance is split evenly; with
 * `installmentMinor`, every installment is that amount except a smaller last one.
 *
 * @example proposePlan({ balanceMinor: 25_000, currency: 'USD', firstDue: '2026-12-01', frequency: 'monthly', installmentMinor: 10_000 })
 * // { ok: true, installments: [10_000, 10_000, 5_000 on 2026-12-01, 2027-01-01, 2027-02-01], ... }
 */
export function proposePlan(input: PlanProposalInput): PlanProposal {
  const problems: PlanProposalProblem[] = [];
  const add = (field: keyof PlanProposalInput, code: string, message: string) =>
    problems.push({ field, code, message });
  const { balanceMinor, currency, firstDue, frequency, installments, installmentMinor } = input;
  if (!Number.isSafeInteger(balanceMinor) || balanceMinor <= 0) {
    add(
      'balanceMinor',
      'PLAN.BALANCE_NOT_POSITIVE',
      'The balance to spread must be a whole number of minor units above zero.',
    );
  }
  if (!isKnownCurrency(currency))
    add('currency', 'PLAN.CURRENCY_UNKNOWN', `"${currency}" is not a currency Duebook knows.`);
  if (typeof firstDue !== 'string' || parseIsoDay(firstDue) === undefined) {
    add('firstDue', 'PLAN.FIRST_DUE_INVALID', `"${String(firstDue)}" is not a date (YYYY-MM-DD).`);
  }
  if (!(PLAN_FREQUENCIES as readonly string[]).includes(frequency)) {
    add('frequency', 'PLAN.FREQUENCY_INVALID', `Frequency must be one of ${PLAN_FREQUENCIES.join(', ')}.`);
  }
  let count: number | undefined;
  if ((installments === undefined) === (installmentMinor === undefined)) {
    add(
      'installments',
      'PLAN.COUNT_OR_AMOUNT',
      'Give either a number of installments or an installment amount, not both.',
    );
  } else if (installments !== undefined) {
    if (!Number.isInteger(installments) || installments < 1 || installments > MAX_INSTALLMENTS) {
      add(
        'installments',
        'PLAN.COUNT_INVALID',
        `The number of installments must be a whole number from 1 to ${MAX_INSTALLMENTS}.`,
      );
    } else if (Number.isSafeInteger(balanceMinor) && installments > balanceMinor && balanceMinor > 0) {
      add(
        'installments',
        'PLAN.COUNT_TOO_LARGE',
        'There are more installments than minor units to spread; some would be zero.',
      );
    } else {
      count = installments;
    }
  } else if (installmentMinor !== undefined) {
    if (!Number.isSafeInteger(installmentMinor) || installmentMinor <= 0) {
      add('installmentMinor', 'PLAN.AMOUNT_NOT_POSITIVE', 'The installment amount must be above zero.');
    } else if (Number.isSafeInteger(balanceMinor) && balanceMinor > 0) {
      const needed = Math.ceil(balanceMinor / installmentMinor);
      if (needed > MAX_INSTALLMENTS) {
        add(
          'installmentMinor',
          'PLAN.AMOUNT_TOO_SMALL',
          `At that amount the plan needs ${needed} installments; the most Duebook schedules is ${MAX_INSTALLMENTS}.`,
        );
      } else {
        count = needed;
      }
    }
  }
  if (problems.length > 0 || count === undefined) return { ok: false, problems };

  let schedule: Installment[];
  if (installmentMinor !== undefined) {
    schedule = [];
    let left = balanceMinor;
    for (let i = 0; i < count; i++) {
      const amountMinor = Math.min(installmentMinor, left);
      left -= amountMinor;
      schedule.push({ number: i + 1, dueDate: installmentDueDate(firstDue, frequency, i), amountMinor });
    }
  } else {
    schedule = planSchedule({
      startDate: firstDue,
      totalMinor: balanceMinor,
      installments: count,
      frequency,
    });
  }
  return {
    ok: true,
    currency,
    totalMinor: balanceMinor,
    frequency,
    installments: schedule,
    lastDue: schedule[schedule.length - 1]!.dueDate,
  };
}

export const PLAN_OUTCOMES = ['in-good-standing', 'broken', 'completed', 'cancelled'] as const;
export type PlanOutcome = (typeof PLAN_OUTCOMES)[number];

/** What a payment plan came to as of a date. */
export interface PlanEvaluation {
  planId: string;
  customerId: string;
  status: PlanOutcome;
  currency: string;
  /** Counted payments from the plan's start to `asOf`. */
  paidMinor: number;
  /** Sum of the installments due on or before `asOf`. */
  dueSoFarMinor: number;
  /** The first installment not covered by its due date plus grace (only when broken). */
  missed?: Installment;
  /** The next installment due after `asOf`, if any. */
  nextDue?: Installment;
  /** One plain sentence a clerk can read out. */
  explanation: string;
}

/** Options for `evaluatePlan`. */
export interface EvaluatePlanOptions {
  /**
   * First day a payment counts toward the plan. Defaults to one installment period before the
   * first due date: the plan row records no agreement date, plans are set up about one period
   * ahead, and a first installment paid a few days early must not break the plan.
   */
  countFrom?: IsoDate;
}

/**
 * Evaluates a plan as of `asOf`. Payments count cumulatively when they are the customer's, in the
 * plan's currency, dated from one period before the first due date (see `countFrom`) through
 * `asOf`, and not returned as of `asOf`.
 * An installment is missed when, at the end of its due date plus `graceDays`, the cumulative paid
 * is below the cumulative due; the plan is then `broken` and the account re-enters dunning.
 * `completed` once the total is paid; `in-good-standing` otherwise (which pauses dunning).
 *
 * @example evaluatePlan(plan, ledger.payments, '2026-11-23').status // 'in-good-standing'
 */
export function evaluatePlan(
  plan: PaymentPlan,
  payments: readonly PaymentEvidence[],
  asOf: IsoDate,
  options: EvaluatePlanOptions = {},
): PlanEvaluation {
  const asOfDay = toDay(asOf);
  const fromDay = toDay(options.countFrom ?? installmentDueDate(plan.startDate, plan.frequency, -1));
  const counted: { day: number; amountMinor: number }[] = [];
  for (const p of payments) {
    if (p.customerId !== plan.customerId || p.currency !== plan.currency) continue;
    const day = toDay(p.date);
    if (day < fromDay || day > asOfDay || returnedBy(p, asOfDay)) continue;
    counted.push({ day, amountMinor: p.amountMinor });
  }
  counted.sort((a, b) => a.day - b.day);
  let paidMinor = 0;
  for (const c of counted) paidMinor += c.amountMinor;

  const schedule = planSchedule(plan);
  const grace = Math.max(0, plan.graceDays);
  let dueSoFarMinor = 0;
  let cumulativeDue = 0;
  let cumulativePaid = 0;
  let k = 0;
  let missed: Installment | undefined;
  let nextDue: Installment | undefined;
  for (const inst of schedule) {
    const dueDay = toDay(inst.dueDate);
    cumulativeDue += inst.amountMinor;
    if (dueDay <= asOfDay) dueSoFarMinor += inst.amountMinor;
    else if (!nextDue) nextDue = inst;
    const deadline = dueDay + grace;
    // Judged only once the grace period has fully passed.
    if (missed || deadline >= asOfDay) continue;
    while (k < counted.length && counted[k]!.day <= deadline) cumulativePaid += counted[k++]!.amountMinor;
    if (cumulativePaid < cumulativeDue) missed = inst;
  }

  const base = {
    planId: plan.planId,
    customerId: plan.customerId,
    currency: plan.currency,
    paidMinor,
    dueSoFarMinor,
  };
  const money = (minor: number) => formatMoney(minor, plan.currency);
  if (plan.cancelled) {
    return { ...base, status: 'cancelled', explanation: `Plan ${plan.planId} was cancelled by staff.` };
  }
  if (paidMinor >= plan.totalMinor) {
    return {
      ...base,
      status: 'completed',
      explanation: `Plan ${plan.planId} is completed: ${money(paidMinor)} paid of ${money(plan.totalMinor)}.`,
    };
  }
  if (missed) {
    return {
      ...base,
      status: 'broken',
      missed,
      ...(nextDue ? { nextDue } : {}),
      explanation:
        `Plan ${plan.planId} is broken: installment ${missed.number} (${money(missed.amountMinor)} due ${missed.dueDate}) ` +
        `was not covered within ${grace} days' grace, so dunning resumes.`,
    };
  }
  return {
    ...base,
    status: 'in-good-standing',
    ...(nextDue ? { nextDue } : {}),
    explanation:
      `Plan ${plan.planId} is in good standing: ${money(paidMinor)} paid, ${money(dueSoFarMinor)} due so far` +
      (nextDue ? `, next ${money(nextDue.amountMinor)} on ${nextDue.dueDate}.` : '.'),
  };
}

/** True while a plan pauses dunning (it is in good standing). */
export function isPlanActive(evaluation: PlanEvaluation): boolean {
  return evaluation.status === 'in-good-standing';
}
