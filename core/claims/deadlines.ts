// Appeal, timely-filing and follow-up deadlines per payer type, and the claims worklist they drive:
// which claims a clerk must chase today, with the dates and figures behind each task.

import type { Explanation } from '../collections/collection-plan.js';
import { addDays, daysBetween, type IsoDate } from '../ledger/dates.js';
import { type Claim, type ClaimStatus, type Ledger, PAYER_TYPES, type PayerType } from '../ledger/ledger.js';
import { denialReasonText } from './claim-text.js';
import {
  payerStatusClass,
  payerStatusWords,
  STATUS_CLASS_LABELS,
  STATUS_CLASS_RULES,
  STATUS_CLASSES,
} from './status-codes.js';

/** How long each step may take for one kind of payer. */
export interface PayerDeadlines {
  /** Days from the denial (the remittance date) to file the first-level appeal. */
  appealDays: number;
  /** Days from the first date of service to submit the claim. */
  timelyFilingDays: number;
  /** Days after submission with no remittance before the payer should be chased. */
  followUpAfterDays: number;
}

/** The office's deadline rules: defaults per payer type, overrides per payer name. */
export interface ClaimDeadlineConfig {
  /** Quoted in every explanation, like a dunning policy's version. */
  version: string;
  byPayerType: Readonly<Record<PayerType, PayerDeadlines>>;
  /** Per-payer overrides, keyed by the payer's name as on the Claims tab (case-insensitive). */
  byPayer?: Readonly<Record<string, Partial<PayerDeadlines>>>;
  /** An appeal or filing deadline this many days away or fewer is "coming up". */
  warnDays: number;
}

/**
 * Defaults chosen to be safe rather than generous; an office should override them with the
 * limits in its payer contracts and state rules.
 * - Medicare: redetermination within 120 days of receiving the initial determination (42 CFR
 *   405.942; counted here from the remittance date, which is earlier, so it is conservative);
 *   claims within 12 months of the date of service (42 CFR 424.44), as 365 days.
 * - Medicaid: claims within 12 months of service (42 CFR 447.45(d)); provider appeal windows are
 *   set by each state, commonly 30-120 days: 60 is a middle default that every office should check.
 * - Commercial: group health plans must allow at least 180 days to appeal an adverse benefit
 *   determination (ERISA, 29 CFR 2560.503-1(h)(3)(i)); filing limits in contracts run 90-365 days,
 *   so 90 is the safe default.
 * - TRICARE: reconsideration within 90 days of the notice (32 CFR 199.10); claims within one year
 *   of service (32 CFR 199.7).
 * - Workers' comp, auto and other: set by state law or contract; 60 days to appeal and 90 to file
 *   are conservative placeholders.
 * - Follow-up after 30 days: prompt-pay laws commonly require clean electronic claims to be paid
 *   within 30 days (Medicare pays clean claims between day 14 and day 30).
 */
export const DEFAULT_CLAIM_DEADLINES: ClaimDeadlineConfig = {
  version: 'claims/v1',
  warnDays: 14,
  byPayerType: {
    medicare: { appealDays: 120, timelyFilingDays: 365, followUpAfterDays: 30 },
    medicaid: { appealDays: 60, timelyFilingDays: 365, followUpAfterDays: 30 },
    commercial: { appealDays: 180, timelyFilingDays: 90, followUpAfterDays: 30 },
    tricare: { appealDays: 90, timelyFilingDays: 365, followUpAfterDays: 30 },
    'workers-comp': { appealDays: 60, timelyFilingDays: 90, followUpAfterDays: 30 },
    auto: { appealDays: 60, timelyFilingDays: 90, followUpAfterDays: 30 },
    other: { appealDays: 60, timelyFilingDays: 90, followUpAfterDays: 30 },
  },
};

/** Problems with a config, each naming the field; empty when it is usable. */
export function validateDeadlineConfig(config: ClaimDeadlineConfig): string[] {
  const problems: string[] = [];
  const check = (where: string, d: Partial<PayerDeadlines>) => {
    for (const [field, value] of Object.entries(d)) {
      if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
        problems.push(`${where}.${field} must be a whole number of days, not ${String(value)}`);
      }
    }
  };
  const fields: (keyof PayerDeadlines)[] = ['appealDays', 'timelyFilingDays', 'followUpAfterDays'];
  for (const type of PAYER_TYPES) {
    const d = (config.byPayerType as Partial<Record<PayerType, Partial<PayerDeadlines>>>)[type];
    if (!d) {
      problems.push(`byPayerType.${type} is missing: every payer type needs its deadlines`);
      continue;
    }
    for (const field of fields) {
      if (d[field] === undefined) problems.push(`byPayerType.${type}.${field} is missing`);
    }
  }
  for (const [type, d] of Object.entries(config.byPayerType)) check(`byPayerType.${type}`, d);
  for (const [payer, d] of Object.entries(config.byPayer ?? {})) check(`byPayer.${payer}`, d);
  if (!(Number.isInteger(config.warnDays) && config.warnDays >= 0)) {
    problems.push(`warnDays must be a whole number of days, not ${String(config.warnDays)}`);
  }
  return problems;
}

/** The deadlines that apply to a claim: its payer's override over its payer type's default. */
export function deadlinesFor(
  claim: Pick<Claim, 'payer' | 'payerType'>,
  config: ClaimDeadlineConfig,
): PayerDeadlines {
  const base = config.byPayerType[claim.payerType];
  const name = claim.payer.trim().toLowerCase();
  const override = Object.entries(config.byPayer ?? {}).find(([p]) => p.trim().toLowerCase() === name)?.[1];
  return { ...base, ...override };
}

/** The appeal deadline for a denial on `denialDate`. */
export function appealDeadlineFor(
  claim: Pick<Claim, 'payer' | 'payerType'>,
  denialDate: IsoDate,
  config: ClaimDeadlineConfig,
): IsoDate {
  return addDays(denialDate, deadlinesFor(claim, config).appealDays);
}

/** The last day to submit the claim, counted from the first date of service (the earlier, safer date). */
export function timelyFilingDeadlineFor(
  claim: Pick<Claim, 'payer' | 'payerType' | 'serviceFrom'>,
  config: ClaimDeadlineConfig,
): IsoDate {
  return addDays(claim.serviceFrom, deadlinesFor(claim, config).timelyFilingDays);
}

/** Statuses that still wait on the payer's first answer. */
const AWAITING_PAYER: ReadonlySet<ClaimStatus> = new Set(['submitted', 'pending']);

/** A claim with a denial a clerk may still appeal: denied or partly paid, appeal not yet filed. */
export function isAppealable(claim: Claim): boolean {
  return (
    (claim.status === 'denied' || claim.status === 'partly-paid') &&
    (claim.appealStatus === 'none' || claim.appealStatus === 'drafted')
  );
}

/** The appeal deadline written on the claim, else the one its denial date gives. */
export function effectiveAppealDeadline(claim: Claim, config: ClaimDeadlineConfig): IsoDate | undefined {
  if (claim.appealDeadline) return claim.appealDeadline;
  return claim.denialDate ? appealDeadlineFor(claim, claim.denialDate, config) : undefined;
}

export const CLAIM_TASK_KINDS = [
  'payer-status',
  'appeal-deadline-soon',
  'filing-deadline-soon',
  'follow-up-due',
  'no-remittance',
  'appeal-deadline-passed',
  'filing-deadline-passed',
] as const;
export type ClaimTaskKind = (typeof CLAIM_TASK_KINDS)[number];

/** One thing to do about one claim. */
export interface ClaimTask {
  claimId: string;
  customerId: string;
  payer: string;
  kind: ClaimTaskKind;
  /** The deadline or follow-up date the task is about. */
  date: IsoDate;
  /** Days from `asOf` to `date`: negative once it has passed. */
  daysLeft: number;
  explanation: Explanation;
}

/**
 * The claims a clerk must chase as of `asOf`, most urgent first:
 * 1. appeal and filing deadlines coming up (within `warnDays`), fewest days left first, since
 *    these are lost if nobody acts;
 * 2. follow-ups: a follow-up date reached, or no remittance `followUpAfterDays` after submission,
 *    longest waiting first;
 * 3. deadlines already passed, most recent first: a late appeal or filing needs good cause and
 *    is worth trying only soon after the date.
 * Closed, paid and reversed claims raise no deadline task; a follow-up date set in the future
 * means the clerk has already chased the payer, so it silences the no-remittance task.
 */
export function claimWorklist(
  ledger: Pick<Ledger, 'claims'>,
  asOf: IsoDate,
  config: ClaimDeadlineConfig,
): ClaimTask[] {
  const tasks = ledger.claims.flatMap((claim) => claimTasks(claim, asOf, config));
  return tasks.sort(compareTasks);
}

function compareTasks(a: ClaimTask, b: ClaimTask): number {
  const tier = (t: ClaimTask) =>
    t.kind === 'payer-status' ? -1 : t.kind.endsWith('-soon') ? 0 : t.kind.endsWith('-passed') ? 2 : 1;
  const ta = tier(a);
  const tb = tier(b);
  if (ta !== tb) return ta - tb;
  if (ta === -1) {
    // Rejections first, then requests for information, pended claims, refused status requests.
    const rank = (t: ClaimTask) => STATUS_CLASSES.indexOf(t.explanation.inputs.statusClass as never);
    const byClass = rank(a) - rank(b);
    if (byClass !== 0) return byClass;
  }
  // Soon: fewest days left first; follow-ups: longest overdue first; passed: most recent first.
  const byDays = ta === 2 ? b.daysLeft - a.daysLeft : a.daysLeft - b.daysLeft;
  return byDays || (a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : 0);
}

/** The tasks of one claim (see `claimWorklist`). */
export function claimTasks(claim: Claim, asOf: IsoDate, config: ClaimDeadlineConfig): ClaimTask[] {
  if (claim.status === 'closed') return [];
  const d = deadlinesFor(claim, config);
  const tasks: ClaimTask[] = [];
  const task = (
    kind: ClaimTaskKind,
    date: IsoDate,
    rule: string,
    summary: string,
    inputs: Explanation['inputs'],
  ): ClaimTask => ({
    claimId: claim.claimId,
    customerId: claim.customerId,
    payer: claim.payer,
    kind,
    date,
    daysLeft: daysBetween(asOf, date),
    explanation: {
      rule,
      policyVersion: config.version,
      summary,
      inputs: { claimId: claim.claimId, ...inputs },
    },
  });

  const appealBy = isAppealable(claim) ? effectiveAppealDeadline(claim, config) : undefined;
  if (appealBy !== undefined) {
    const left = daysBetween(asOf, appealBy);
    const reason = denialReasonText(claim.adjustmentCodes);
    const why = reason ? ` (${reason})` : '';
    const inputs = { appealDeadline: appealBy, denialDate: claim.denialDate ?? '', appealDays: d.appealDays };
    if (left < 0) {
      tasks.push(
        task(
          'appeal-deadline-passed',
          appealBy,
          'claims/appeal-deadline-passed',
          `The appeal deadline for the ${claim.payer} denial${why} passed on ${appealBy}, ${-left} days ago.`,
          inputs,
        ),
      );
    } else if (left <= config.warnDays) {
      tasks.push(
        task(
          'appeal-deadline-soon',
          appealBy,
          'claims/appeal-deadline-soon',
          `Appeal the ${claim.payer} denial${why} by ${appealBy}: ${left} days left.`,
          { ...inputs, warnDays: config.warnDays },
        ),
      );
    }
  }

  if (claim.submittedOn === undefined && AWAITING_PAYER.has(claim.status)) {
    const fileBy = addDays(claim.serviceFrom, d.timelyFilingDays);
    const left = daysBetween(asOf, fileBy);
    const inputs = {
      serviceFrom: claim.serviceFrom,
      filingDeadline: fileBy,
      timelyFilingDays: d.timelyFilingDays,
    };
    if (left < 0) {
      tasks.push(
        task(
          'filing-deadline-passed',
          fileBy,
          'claims/filing-deadline-passed',
          `Not submitted, and the ${d.timelyFilingDays}-day filing limit of ${claim.payer} from service on ${claim.serviceFrom} passed on ${fileBy}.`,
          inputs,
        ),
      );
    } else if (left <= config.warnDays) {
      tasks.push(
        task(
          'filing-deadline-soon',
          fileBy,
          'claims/filing-deadline-soon',
          `Submit to ${claim.payer} by ${fileBy}: ${left} days left of the ${d.timelyFilingDays}-day filing limit.`,
          { ...inputs, warnDays: config.warnDays },
        ),
      );
    }
  }

  // A payer's answer to a status request that needs the clerk (rejected, pended, more information
  // wanted) comes first, with the payer's reason; it stands in for the plain follow-up task.
  // An appeal under review is asked about like a claim; a paid, denied or closed claim's old
  // answer is history.
  const awaitingAnswer = AWAITING_PAYER.has(claim.status) || claim.status === 'appealed';
  const statusClass = awaitingAnswer ? payerStatusClass(claim.payerStatus) : undefined;
  if (statusClass !== undefined && STATUS_CLASS_RULES[statusClass].worklistTop) {
    const date = claim.payerStatusDate ?? claim.followUpDate ?? asOf;
    const rule = STATUS_CLASS_RULES[statusClass];
    tasks.push(
      task(
        'payer-status',
        date,
        `claims/payer-status/${statusClass}`,
        `${claim.payer} answered the status request on ${date}: ${STATUS_CLASS_LABELS[statusClass]} (${payerStatusWords(claim.payerStatus ?? '')}); ${rule.nextStep}.`,
        { statusClass, payerStatus: claim.payerStatus ?? '', payerStatusDate: date },
      ),
    );
    return tasks;
  }

  const followUpReached = claim.followUpDate !== undefined && claim.followUpDate <= asOf;
  const settled = claim.status === 'paid' && claim.appealStatus !== 'submitted';
  if (followUpReached && !settled) {
    const date = claim.followUpDate as IsoDate;
    tasks.push(
      task(
        'follow-up-due',
        date,
        'claims/follow-up-date',
        `Follow up with ${claim.payer}: the follow-up date ${date} has been reached.`,
        { followUpDate: date, status: claim.status },
      ),
    );
  } else if (
    claim.submittedOn !== undefined &&
    AWAITING_PAYER.has(claim.status) &&
    claim.followUpDate === undefined
  ) {
    const waited = daysBetween(claim.submittedOn, asOf);
    if (waited >= d.followUpAfterDays) {
      const date = addDays(claim.submittedOn, d.followUpAfterDays);
      tasks.push(
        task(
          'no-remittance',
          date,
          'claims/no-remittance',
          `Follow up with ${claim.payer}: submitted ${claim.submittedOn}, no remittance after ${waited} days (limit ${d.followUpAfterDays}).`,
          { submittedOn: claim.submittedOn, daysWaiting: waited, followUpAfterDays: d.followUpAfterDays },
        ),
      );
    }
  }
  return tasks;
}
