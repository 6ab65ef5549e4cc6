// The tenant's policy: core's default with the office's ladder, its version, and the ladder's
// problems per field (core's validatePolicy put on the step it names).
import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, DEFAULT_POLICY } from '../../../core/collections/dunning-policy.js';
import {
  type LadderStep,
  ladderProblems,
  ladderSteps,
  policyFor,
} from '../../../lambdas/services/tenant-policy.js';
import { DEFAULT_SETTINGS } from '../../../lambdas/shared/settings.js';

const settings = (ladder?: LadderStep[]) => ({
  tenantId: 't1',
  ...DEFAULT_SETTINGS,
  ...(ladder ? { ladder } : {}),
});

const FIVE_DAY: LadderStep[] = [
  { stage: 'courtesy', daysPastDue: -3, channel: 'email' },
  { stage: 'nudge-5', daysPastDue: 5, channel: 'email' },
  { stage: 'reminder-30', daysPastDue: 30, channel: 'email' },
  { stage: 'final-demand', daysPastDue: 45, channel: 'call' },
  { stage: 'handover', daysPastDue: 60, channel: 'letter' },
];

describe('policyFor', () => {
  it("returns core's default policy for an office with no ladder or the default one", () => {
    expect(policyFor(settings())).toBe(DEFAULT_POLICY);
    const same = policyFor(settings(ladderSteps()));
    expect(same.version).toBe(DEFAULT_POLICY.version);
    expect(same.ladders.standard).toEqual(DEFAULT_LADDER);
  });

  it("returns the office's ladder with a derived version, known stages keeping their kind", () => {
    const policy = policyFor({ ...settings(FIVE_DAY), contactPreset: 'massachusetts' });
    expect(policy.version).toMatch(/^standard\/2026-1\+office-[0-9a-f]{7}$/);
    expect(policy.contactPreset).toBe('massachusetts');
    const stages = policy.ladders.standard!.stages;
    expect(stages.map((s) => [s.id, s.kind, s.daysPastDue, s.channels.join('+'), s.template])).toEqual([
      ['courtesy', 'courtesy', -3, 'email', 'courtesy'],
      ['nudge-5', 'reminder', 5, 'email', 'reminder'],
      ['reminder-30', 'reminder', 30, 'email+call', 'reminder-30'],
      ['final-demand', 'final-demand', 45, 'call', 'final-demand'],
      ['handover', 'handover', 60, 'letter', 'handover'],
    ]);
    expect(stages[0]!.untilDaysPastDue).toBe(0);
    // Another ladder, another version.
    const other = policyFor(
      settings(FIVE_DAY.map((s) => (s.stage === 'nudge-5' ? { ...s, daysPastDue: 6 } : s))),
    );
    expect(other.version).not.toBe(policy.version);
  });

  it('returns the default ladder when the stored one no longer passes validatePolicy', () => {
    const policy = policyFor(settings([{ stage: 'courtesy', daysPastDue: 4, channel: 'email' }]));
    expect(policy.version).toBe(DEFAULT_POLICY.version);
    expect(policy.ladders.standard).toEqual(DEFAULT_LADDER);
  });
});

describe('ladderProblems', () => {
  it('returns nothing for a ladder core accepts', () => {
    expect(ladderProblems(FIVE_DAY)).toEqual([]);
  });

  it('returns each problem on the field of the step it names', () => {
    const problems = ladderProblems([
      { stage: 'courtesy', daysPastDue: 2, channel: 'email' },
      { stage: 'nudge', daysPastDue: 5, channel: 'email' },
      { stage: 'late', daysPastDue: 5, channel: 'email' },
      { stage: 'nudge', daysPastDue: 9, channel: 'fax' },
    ]);
    expect(problems.map((p) => p.field)).toEqual([
      'ladder[0].daysPastDue',
      'ladder[2].daysPastDue',
      'ladder[3].stage',
      'ladder[3].channel',
    ]);
    expect(problems[1]!.message).toContain('more than 5');
    expect(ladderProblems([])).toEqual([{ field: 'ladder', message: 'needs at least one stage' }]);
  });
});
