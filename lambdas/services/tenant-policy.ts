// The one place a tenant's dunning policy is built: core's DEFAULT_POLICY with the office's contact
// preset and, when a clerk saved one (`POST /v1/settings` `ladder`), the office's ladder in place of
// the default ladder's stages. The daily run, `GET /v1/status` and the review queue all use it.
import { createHash } from 'node:crypto';
import { CHANNELS, type Channel } from '../../core/collections/contact-rules.js';
import {
  DEFAULT_POLICY,
  type DunningLadder,
  type DunningPolicy,
  type DunningStage,
  validatePolicy,
} from '../../core/collections/dunning-policy.js';
import { CONTACT_PRESETS, type ContactPreset } from '../../core/ledger/ledger.js';
import { log } from '../shared/log.js';
import type { TenantSettings } from '../store/tenant-settings.js';

/** One stage of an office's ladder as the add-on edits it: one channel per stage. */
export interface LadderStep {
  stage: string;
  daysPastDue: number;
  channel: string;
}

/** Most stages an office ladder may have. */
export const MAX_LADDER_STAGES = 20;
/**
 * A stage name: it becomes the Activity tab's Stage value and part of the outbox key
 * (`stage#channel#cycle`), so no `#` or `/`; letters, digits, spaces and . _ -, at most 64.
 */
export const STAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
/** The template of a stage the default ladder does not have: a past-due reminder. */
export const CUSTOM_STAGE_TEMPLATE = 'reminder';

const defaultLadderOf = (base: DunningPolicy): DunningLadder => base.ladders[base.defaultLadder]!;

/** The default ladder as the add-on shows it: each stage with its first channel. */
export function ladderSteps(base: DunningPolicy = DEFAULT_POLICY): LadderStep[] {
  return defaultLadderOf(base).stages.map((s) => ({
    stage: s.id,
    daysPastDue: s.daysPastDue,
    channel: s.channels[0]!,
  }));
}

/**
 * The base policy's default ladder with its stages replaced by `steps`. A step named like a stage
 * of the default ladder keeps that stage's kind, label, template and end (`untilDaysPastDue`: the
 * courtesy reminder stops at the due date), and its channels when the step's channel is the
 * stage's first one (so the 30-day reminder stays email and call); another channel replaces them.
 * A step with a new name is a past-due reminder (kind `reminder`, template `reminder`, labelled
 * with its name), rendered by the sender as any reminder.
 */
export function ladderFromSteps(
  steps: readonly LadderStep[],
  base: DunningPolicy = DEFAULT_POLICY,
): DunningLadder {
  const ladder = defaultLadderOf(base);
  const known = new Map(ladder.stages.map((s) => [s.id, s]));
  return {
    name: ladder.name,
    stages: steps.map((step): DunningStage => {
      const channel = step.channel as Channel;
      const d = known.get(step.stage);
      if (d) {
        return {
          ...d,
          daysPastDue: step.daysPastDue,
          channels: d.channels[0] === channel ? d.channels : [channel],
        };
      }
      return {
        id: step.stage,
        label: step.stage,
        kind: 'reminder',
        daysPastDue: step.daysPastDue,
        channels: [channel],
        template: CUSTOM_STAGE_TEMPLATE,
      };
    }),
  };
}

/**
 * The version quoted in explanations: the base's own when the office ladder is the default one,
 * else `<base>+office-<7 hex of the ladder's hash>`, so a clerk can tell which ladder decided.
 */
export function ladderVersion(steps: readonly LadderStep[], base: DunningPolicy = DEFAULT_POLICY): string {
  const ladder = ladderFromSteps(steps, base);
  if (JSON.stringify(ladder) === JSON.stringify(defaultLadderOf(base))) return base.version;
  const canonical = JSON.stringify(steps.map((s) => [s.stage, s.daysPastDue, s.channel]));
  return `${base.version}+office-${createHash('sha256').update(canonical).digest('hex').slice(0, 7)}`;
}

/** The base policy with the office's ladder (not the contact preset). */
export function policyWithLadder(
  steps: readonly LadderStep[],
  base: DunningPolicy = DEFAULT_POLICY,
): DunningPolicy {
  return {
    ...base,
    version: ladderVersion(steps, base),
    ladders: { ...base.ladders, [base.defaultLadder]: ladderFromSteps(steps, base) },
  };
}

/**
 * What is wrong with an office ladder, per field (`ladder[2].daysPastDue`): core's `validatePolicy`
 * on the policy it would make, each problem put on the step it names. Empty when it can be used.
 */
export function ladderProblems(
  steps: readonly LadderStep[],
  base: DunningPolicy = DEFAULT_POLICY,
): { field: string; message: string }[] {
  if (steps.length === 0) return [{ field: 'ladder', message: 'needs at least one stage' }];
  const policy = policyWithLadder(steps, base);
  const stages = policy.ladders[policy.defaultLadder]!.stages;
  const out: { field: string; message: string }[] = [];
  for (const problem of validatePolicy(policy)) {
    const id = /stage "([^"]*)"/.exec(problem)?.[1];
    const at = (test: (s: DunningStage, i: number) => boolean) =>
      stages.findIndex((s, i) => s.id === id && test(s, i));
    if (id === undefined) {
      out.push({ field: 'ladder', message: problem });
    } else if (/repeats stage/.test(problem)) {
      const i = at((_s, i) => stages.findIndex((t) => t.id === id) !== i);
      out.push({ field: `ladder[${i}].stage`, message: `"${id}" is already a stage` });
    } else if (/channel/.test(problem)) {
      const i = at((s) => s.channels.length === 0 || s.channels.some((c) => !CHANNELS.includes(c)));
      out.push({ field: `ladder[${i}].channel`, message: `must be one of ${CHANNELS.join(', ')}` });
    } else if (/ends before it starts/.test(problem)) {
      const i = at((s) => s.untilDaysPastDue !== undefined && s.untilDaysPastDue < s.daysPastDue);
      const until = stages[i]?.untilDaysPastDue ?? 0;
      out.push({
        field: `ladder[${i}].daysPastDue`,
        message: `must be ${until} or fewer: the ${stages[i]?.label ?? id} is not sent later`,
      });
    } else {
      const i = at(
        (s, i) => !Number.isInteger(s.daysPastDue) || (i > 0 && s.daysPastDue <= stages[i - 1]!.daysPastDue),
      );
      const previous = i > 0 ? stages[i - 1]!.daysPastDue : undefined;
      out.push({
        field: `ladder[${Math.max(i, 0)}].daysPastDue`,
        message:
          previous === undefined
            ? 'must be a whole number of days'
            : `must be more than ${previous}: each stage comes after the one before`,
      });
    }
  }
  return out;
}

/**
 * The policy the daily run, the status pull and the review queue use for a tenant: the base (core's
 * DEFAULT_POLICY) with the office's contact preset and the office's ladder. A stored ladder that no
 * longer passes `validatePolicy` (saved before a rule changed) is logged and the base ladder used.
 */
export function policyFor(settings: TenantSettings, base: DunningPolicy = DEFAULT_POLICY): DunningPolicy {
  const preset = settings.contactPreset as ContactPreset | undefined;
  let policy = preset && CONTACT_PRESETS.includes(preset) ? { ...base, contactPreset: preset } : base;
  const steps = settings.ladder;
  if (Array.isArray(steps) && steps.length > 0) {
    const problems = ladderProblems(steps, base);
    if (problems.length === 0) policy = policyWithLadder(steps, policy);
    else
      log('warn', 'stored ladder refused; planning with the default ladder', {
        tenantId: settings.tenantId,
        problems: problems.map((p) => `${p.field}: ${p.message}`).join('; '),
      });
  }
  return policy;
}
