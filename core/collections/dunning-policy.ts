// The dunning policy: stages, ladders and modes, the defaults, and the checks a policy must pass.

import type { LimitationOptions } from '../compliance/limitations.js';
import type { ContactPreset } from '../ledger/ledger.js';
import {
  CHANNELS,
  type Channel,
  CONTACT_LIMITS,
  type ContactWindow,
  DEFAULT_CONTACT_WINDOW,
} from './contact-rules.js';

export const STAGE_KINDS = ['courtesy', 'validation', 'reminder', 'final-demand', 'handover'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/**
 * What a stage can ask of the office itself rather than of the debtor: the credit contact is told
 * (see core/collections/credit-holds.ts) and the customer gets the `credit-hold` flag. Nothing reaches the debtor.
 */
export const INTERNAL_ACTIONS = ['credit-hold', 'stop-service', 'return-goods'] as const;
export type InternalAction = (typeof INTERNAL_ACTIONS)[number];

/** How each internal action reads in a sentence and a notice. */
export const INTERNAL_ACTION_LABELS: Readonly<Record<InternalAction, string>> = {
  'credit-hold': 'put the account on credit hold (no further credit)',
  'stop-service': 'stop service to the account',
  'return-goods': 'request the return of goods not paid for',
};

/** One step of a ladder. */
export interface DunningStage {
  /** Stable id, recorded in the Activity tab's `Stage` column when the step is carried out. */
  id: string;
  /** Name a clerk reads, e.g. `30-day reminder`. */
  label: string;
  kind: StageKind;
  /** Days past the oldest open item's due date at which the stage is due; negative = before due. */
  daysPastDue: number;
  /**
   * Last day (in days past due) the stage still makes sense; after it the stage is skipped.
   * A courtesy reminder before the due date has `untilDaysPastDue: 0`.
   */
  untilDaysPastDue?: number;
  /** Channels used, each becoming one action; may be empty when the stage has an `internalAction`. */
  channels: readonly Channel[];
  /** An action for the office (credit hold, stop service, return of goods), with or instead of a message. */
  internalAction?: InternalAction;
  /** Message template id (the template renderer picks text/HTML/letter/call script by channel). */
  template: string;
}

/** An ordered list of stages, thresholds increasing. */
export interface DunningLadder {
  name: string;
  stages: readonly DunningStage[];
}

export type PolicyMode = 'sequential' | 'catch-up';

/** An office's dunning policy. Its `version` is quoted in every explanation. */
export interface DunningPolicy {
  version: string;
  ladders: Readonly<Record<string, DunningLadder>>;
  defaultLadder: string;
  /**
   * `sequential`: the stage after the last one done, once its threshold is reached.
   * `catch-up`: the highest stage reached, skipping any missed on the way.
   */
  mode: PolicyMode;
  /**
   * Smallest amount (minor units) per currency worth a message; a currency not listed has no
   * minimum beyond zero. Applied to what the message is about: the overdue amount, or for a
   * courtesy reminder the amount coming due.
   */
  minimumOverdueMinor: Readonly<Record<string, number>>;
  /** Days after a promised date before a promise counts as broken. */
  promiseGraceDays: number;
  /** Contact limits for customers with no `contactPreset`. */
  contactPreset: ContactPreset;
  /** Local contact hours; default 08:00-21:00. */
  contactWindow?: ContactWindow;
  /**
   * Block a channel when the customer has no address for it (`address/missing-*`). Default true:
   * an email without an address cannot be sent.
   */
  requireAddress?: boolean;
  /**
   * Fewest days between two stages of one cycle (default 0), or the ladder's spacing of the two
   * stages when that is shorter. Without it, a customer far past due in sequential mode would get
   * every stage on consecutive runs; with 7, at most one a week.
   */
  minDaysBetweenStages?: number;
  /** Statute-of-limitations settings: office overrides of the table, the office's state. */
  limitations?: LimitationOptions;
  /** Email domains the office knows to be employers' (a warning when Email At Work is blank). */
  workplaceDomains?: readonly string[];
}

/** Courtesy reminder 3 days before due, reminders at 1/15/30/60 days, final demand at 75, hand-over at 90. */
export const DEFAULT_LADDER: DunningLadder = {
  name: 'standard',
  stages: [
    {
      id: 'courtesy',
      label: 'courtesy reminder',
      kind: 'courtesy',
      daysPastDue: -3,
      untilDaysPastDue: 0,
      channels: ['email'],
      template: 'courtesy',
    },
    {
      id: 'reminder-1',
      label: '1-day reminder',
      kind: 'reminder',
      daysPastDue: 1,
      channels: ['email'],
      template: 'reminder-1',
    },
    {
      id: 'reminder-15',
      label: '15-day reminder',
      kind: 'reminder',
      daysPastDue: 15,
      channels: ['email'],
      template: 'reminder-15',
    },
    {
      id: 'reminder-30',
      label: '30-day reminder',
      kind: 'reminder',
      daysPastDue: 30,
      channels: ['email', 'call'],
      template: 'reminder-30',
    },
    {
      id: 'reminder-60',
      label: '60-day reminder',
      kind: 'reminder',
      daysPastDue: 60,
      channels: ['email', 'call'],
      template: 'reminder-60',
    },
    {
      id: 'final-demand',
      label: 'final demand',
      kind: 'final-demand',
      daysPastDue: 75,
      channels: ['letter', 'email'],
      template: 'final-demand',
    },
    {
      id: 'handover',
      label: 'hand-over to attorney or agency',
      kind: 'handover',
      daysPastDue: 90,
      channels: ['letter'],
      template: 'handover',
    },
  ],
};

/**
 * The validation notice the planner puts before the first past-due stage where the law requires one
 * (Massachusetts 940 CMR 7.08, New York City 6 RCNY 5-77, California's Rosenthal Act): a letter with
 * the amount, its itemization and the right to dispute within `DISPUTE_WINDOW_DAYS`.
 */
export const VALIDATION_STAGE: Omit<DunningStage, 'daysPastDue'> = {
  id: 'validation-notice',
  label: 'validation notice',
  kind: 'validation',
  channels: ['letter'],
  template: 'validation-notice',
};

/**
 * For customers buying on credit (goods or a running service): the standard reminders, then the
 * credit contact is told to put the account on hold at 45 days and to stop service at 75, with no
 * message to the customer for either. Chosen per customer with `Ladder` = `trade-credit`.
 */
export const TRADE_CREDIT_LADDER: DunningLadder = {
  name: 'trade-credit',
  stages: [
    ...DEFAULT_LADDER.stages.filter((s) => s.daysPastDue <= 30),
    {
      id: 'credit-hold',
      label: 'credit hold',
      kind: 'reminder',
      daysPastDue: 45,
      channels: [],
      template: 'none',
      internalAction: 'credit-hold',
    },
    ...DEFAULT_LADDER.stages.filter((s) => s.daysPastDue > 30 && s.daysPastDue < 75),
    {
      id: 'stop-service',
      label: 'stop service',
      kind: 'final-demand',
      daysPastDue: 75,
      channels: [],
      template: 'none',
      internalAction: 'stop-service',
    },
    ...DEFAULT_LADDER.stages.filter((s) => s.daysPastDue > 75),
  ],
};

/** The policy an office starts with. */
export const DEFAULT_POLICY: DunningPolicy = {
  version: 'standard/2026-1',
  ladders: { standard: DEFAULT_LADDER, 'trade-credit': TRADE_CREDIT_LADDER },
  defaultLadder: 'standard',
  mode: 'sequential',
  minimumOverdueMinor: { USD: 500, EUR: 500, GBP: 500, CAD: 500, AUD: 500, JPY: 500 },
  promiseGraceDays: 2,
  contactPreset: 'federal',
  contactWindow: DEFAULT_CONTACT_WINDOW,
  requireAddress: true,
  minDaysBetweenStages: 7,
};

/** A policy that cannot be applied. A configuration bug, so it is thrown. */
export class PolicyError extends Error {
  readonly code = 'POLICY.INVALID';
  readonly problems: string[];
  constructor(problems: string[], options?: { cause?: unknown }) {
    super(`invalid dunning policy: ${problems.join('; ')}`, options);
    this.name = 'PolicyError';
    this.problems = problems;
  }
}

/** Every problem with a policy (empty when it can be applied). */
export function validatePolicy(policy: DunningPolicy): string[] {
  const problems: string[] = [];
  if (!policy.version) problems.push('version is empty');
  if (policy.mode !== 'sequential' && policy.mode !== 'catch-up')
    problems.push(`mode "${policy.mode}" is unknown`);
  if (!policy.ladders[policy.defaultLadder])
    problems.push(`default ladder "${policy.defaultLadder}" is not defined`);
  if (!Number.isInteger(policy.promiseGraceDays) || policy.promiseGraceDays < 0) {
    problems.push('promiseGraceDays must be a non-negative integer');
  }
  if (!CONTACT_LIMITS[policy.contactPreset])
    problems.push(`contact preset "${policy.contactPreset}" is unknown`);
  const w = policy.contactWindow ?? DEFAULT_CONTACT_WINDOW;
  if (
    !(
      Number.isInteger(w.startHour) &&
      Number.isInteger(w.endHour) &&
      w.startHour >= 0 &&
      w.startHour < w.endHour &&
      w.endHour <= 24
    )
  ) {
    problems.push('contact window must be whole hours with 0 <= start < end <= 24');
  }
  for (const [key, ladder] of Object.entries(policy.ladders)) {
    if (ladder.stages.length === 0) problems.push(`ladder "${key}" has no stages`);
    const ids = new Set<string>();
    let prev = Number.NEGATIVE_INFINITY;
    for (const s of ladder.stages) {
      if (ids.has(s.id)) problems.push(`ladder "${key}" repeats stage "${s.id}"`);
      ids.add(s.id);
      if (!Number.isInteger(s.daysPastDue) || s.daysPastDue <= prev) {
        problems.push(`ladder "${key}": stage "${s.id}" must come after the stage before it`);
      }
      prev = s.daysPastDue;
      if (s.untilDaysPastDue !== undefined && s.untilDaysPastDue < s.daysPastDue) {
        problems.push(`ladder "${key}": stage "${s.id}" ends before it starts`);
      }
      if (s.channels.length === 0 && s.internalAction === undefined)
        problems.push(`ladder "${key}": stage "${s.id}" has no channel`);
      if (s.internalAction !== undefined && !INTERNAL_ACTIONS.includes(s.internalAction))
        problems.push(`ladder "${key}": stage "${s.id}" has unknown internal action "${s.internalAction}"`);
      for (const c of s.channels)
        if (!CHANNELS.includes(c))
          problems.push(`ladder "${key}": stage "${s.id}" has unknown channel "${c}"`);
    }
  }
  return problems;
}
