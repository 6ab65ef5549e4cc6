// Tests for core/claims/deadlines.ts: deadlines per payer type and the claims worklist.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appealDeadlineFor,
  type ClaimDeadlineConfig,
  claimWorklist,
  DEFAULT_CLAIM_DEADLINES,
  deadlinesFor,
  timelyFilingDeadlineFor,
  validateDeadlineConfig,
} from '../../../core/claims/deadlines.js';
import { addDays, daysBetween } from '../../../core/ledger/dates.js';
import { PAYER_TYPES } from '../../../core/ledger/ledger.js';
import { claim } from './claim-builders.js';

const asOf = '2026-11-23';
const config = DEFAULT_CLAIM_DEADLINES;

describe('core/claims/deadlines', () => {
  describe('DEFAULT_CLAIM_DEADLINES', () => {
    it('returns a valid config with a rule for every payer type', () => {
      expect(validateDeadlineConfig(config)).toEqual([]);
      expect(Object.keys(config.byPayerType).sort()).toEqual([...PAYER_TYPES].sort());
    });

    it('gives Medicare 120 days to appeal and 365 to file, commercial payers 180 and 90', () => {
      expect(deadlinesFor({ payer: 'Noridian', payerType: 'medicare' }, config)).toEqual({
        appealDays: 120,
        timelyFilingDays: 365,
        followUpAfterDays: 30,
      });
      expect(deadlinesFor({ payer: 'Aetna', payerType: 'commercial' }, config).appealDays).toBe(180);
      expect(deadlinesFor({ payer: 'Aetna', payerType: 'commercial' }, config).timelyFilingDays).toBe(90);
    });
  });

  describe('validateDeadlineConfig', () => {
    it('names each bad field', () => {
      const bad: ClaimDeadlineConfig = {
        ...config,
        warnDays: -1,
        byPayer: { Cigna: { appealDays: 1.5 } },
      };
      expect(validateDeadlineConfig(bad)).toEqual([
        'byPayer.Cigna.appealDays must be a whole number of days, not 1.5',
        'warnDays must be a whole number of days, not -1',
      ]);
    });

    it('names a payer type or a field left out, instead of failing later on a missing number', () => {
      const { auto: _auto, ...rest } = config.byPayerType;
      const partial = {
        ...config,
        byPayerType: { ...rest, medicaid: { appealDays: 60, followUpAfterDays: 30 } },
      } as unknown as ClaimDeadlineConfig;
      expect(validateDeadlineConfig(partial)).toEqual([
        'byPayerType.medicaid.timelyFilingDays is missing',
        'byPayerType.auto is missing: every payer type needs its deadlines',
      ]);
    });
  });

  describe('deadlinesFor', () => {
    it('lets a payer override its type, matching the name case-insensitively', () => {
      const withCigna: ClaimDeadlineConfig = { ...config, byPayer: { CIGNA: { timelyFilingDays: 180 } } };
      expect(deadlinesFor({ payer: ' Cigna ', payerType: 'commercial' }, withCigna)).toEqual({
        appealDays: 180,
        timelyFilingDays: 180,
        followUpAfterDays: 30,
      });
    });
  });

  describe('appealDeadlineFor / timelyFilingDeadlineFor', () => {
    it('counts from the denial date and from the first date of service', () => {
      const c = claim('C-1', { payerType: 'medicare', serviceFrom: '2026-03-02', serviceTo: '2026-03-09' });
      expect(appealDeadlineFor(c, '2026-11-02', config)).toBe('2027-03-02');
      expect(timelyFilingDeadlineFor(c, config)).toBe('2027-03-02');
    });
  });

  describe('claimWorklist', () => {
    // Prepare: one claim per situation a clerk meets, as of 2026-11-23.
    const claims = [
      claim('PENDING-47', { submittedOn: '2026-10-07', status: 'pending' }),
      claim('PENDING-10', { submittedOn: '2026-11-13', status: 'submitted' }),
      claim('PENDING-SCHEDULED', { submittedOn: '2026-09-01', followUpDate: '2026-12-01' }),
      claim('FOLLOW-UP', { submittedOn: '2026-11-01', followUpDate: '2026-11-20' }),
      claim('APPEAL-SOON', {
        status: 'denied',
        adjustmentCodes: ['CO-45', 'CO-50'],
        denialDate: '2026-06-07',
        appealDeadline: '2026-12-04',
      }),
      claim('APPEAL-FROM-DENIAL-DATE', {
        status: 'partly-paid',
        payerType: 'medicare',
        adjustmentCodes: ['CO-197'],
        denialDate: '2026-08-10',
      }),
      claim('APPEAL-PASSED', {
        status: 'denied',
        adjustmentCodes: ['CO-16'],
        denialDate: '2026-05-01',
        appealDeadline: '2026-10-28',
      }),
      claim('APPEAL-SENT', {
        status: 'appealed',
        appealStatus: 'submitted',
        adjustmentCodes: ['CO-50'],
        appealDeadline: '2026-11-30',
      }),
      claim('UNSUBMITTED-SOON', { submittedOn: undefined, serviceFrom: '2026-08-30' }),
      claim('UNSUBMITTED-LATE', { submittedOn: undefined, serviceFrom: '2026-08-01' }),
      claim('UNSUBMITTED-FRESH', { submittedOn: undefined, serviceFrom: '2026-11-20' }),
      claim('CLOSED', { status: 'closed', followUpDate: '2026-11-01', submittedOn: '2026-01-01' }),
      claim('PAID', { status: 'paid', paidMinor: 12_000 }),
    ];

    it('returns the tasks most urgent first: deadlines coming up, follow-ups, then deadlines passed', () => {
      // Act
      const tasks = claimWorklist({ claims }, asOf, config);
      // Assess
      expect(tasks.map((t) => [t.claimId, t.kind, t.date, t.daysLeft])).toEqual([
        ['UNSUBMITTED-SOON', 'filing-deadline-soon', '2026-11-28', 5],
        ['APPEAL-SOON', 'appeal-deadline-soon', '2026-12-04', 11],
        ['PENDING-47', 'no-remittance', '2026-11-06', -17],
        ['FOLLOW-UP', 'follow-up-due', '2026-11-20', -3],
        ['UNSUBMITTED-LATE', 'filing-deadline-passed', '2026-10-30', -24],
        ['APPEAL-PASSED', 'appeal-deadline-passed', '2026-10-28', -26],
      ]);
    });

    it('explains each task with the figures behind it', () => {
      const tasks = claimWorklist({ claims }, asOf, config);
      const byId = new Map(tasks.map((t) => [t.claimId, t.explanation]));
      expect(byId.get('PENDING-47')?.summary).toBe(
        'Follow up with Aetna: submitted 2026-10-07, no remittance after 47 days (limit 30).',
      );
      expect(byId.get('APPEAL-SOON')?.summary).toBe(
        'Appeal the Aetna denial (medical necessity: CO-50) by 2026-12-04: 11 days left.',
      );
      expect(byId.get('APPEAL-PASSED')?.inputs).toMatchObject({
        appealDeadline: '2026-10-28',
        appealDays: 180,
      });
      expect(byId.get('UNSUBMITTED-SOON')?.policyVersion).toBe('claims/v1');
    });

    it('computes a missing appeal deadline from the denial date and the payer type', () => {
      const tasks = claimWorklist({ claims }, '2026-11-25', config);
      const medicare = tasks.find((t) => t.claimId === 'APPEAL-FROM-DENIAL-DATE');
      expect(medicare).toMatchObject({ kind: 'appeal-deadline-soon', date: '2026-12-08', daysLeft: 13 });
    });

    it('follows a config with a longer warning window', () => {
      const tasks = claimWorklist({ claims }, asOf, { ...config, warnDays: 30 });
      expect(tasks.filter((t) => t.kind === 'appeal-deadline-soon').map((t) => t.claimId)).toEqual([
        'APPEAL-SOON',
        'APPEAL-FROM-DENIAL-DATE',
      ]);
    });

    it('never lists a closed claim, and every task of an open one falls on its own dates', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 400 }),
          fc.integer({ min: 0, max: 400 }),
          fc.constantFrom('submitted', 'pending', 'denied', 'partly-paid', 'closed', 'paid', 'reversed'),
          (serviceAgo, deniedAgo, status) => {
            const c = claim('X', {
              status,
              serviceFrom: addDays(asOf, -serviceAgo),
              submittedOn: serviceAgo % 2 ? undefined : addDays(asOf, -Math.floor(serviceAgo / 2)),
              denialDate: addDays(asOf, -deniedAgo),
              adjustmentCodes: ['CO-50'],
            });
            const tasks = claimWorklist({ claims: [c] }, asOf, config);
            if (status === 'closed') return tasks.length === 0;
            return tasks.every(
              (t) => t.daysLeft === daysBetween(asOf, t.date) && t.explanation.summary.length > 0,
            );
          },
        ),
      );
    });
  });
});
