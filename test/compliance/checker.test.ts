// The proof's checker must be able to fail: one case per rule it restates.
import { describe, expect, it } from 'vitest';
import { barredFrom, type Contact, type DebtorTruth, violations } from './checker.js';

const truth = (over: Partial<DebtorTruth> = {}): DebtorTruth => ({
  customerId: 'C1',
  zones: ['America/New_York'],
  jurisdiction: 'federal',
  flags: [],
  workPhone: false,
  emailAtWork: false,
  consentEmail: false,
  validationRequired: false,
  debtor: 'consumer',
  ...over,
});
const out = (day: string, kind: Contact['kind'], over: Partial<Contact> = {}): Contact => ({
  day,
  kind,
  direction: 'outbound',
  ...over,
});
/** 10:00 New York = 07:00 Los Angeles on 2026-11-23. */
const tenNewYork = Date.parse('2026-11-23T15:00:00Z');

describe('compliance checker', () => {
  describe('violations', () => {
    it.each([
      [
        'a call at 07:00 in one of two zones',
        truth({ zones: ['America/New_York', 'America/Los_Angeles'] }),
        [],
        out('2026-11-23', 'call', { instant: tenNewYork }),
      ],
      [
        'a call the day after a conversation',
        truth(),
        [out('2026-11-22', 'call', { direction: 'inbound', conversation: true })],
        out('2026-11-23', 'call'),
      ],
      [
        'a call the day after a call logged "promised-to-pay"',
        truth(),
        [out('2026-11-22', 'call', { outcome: 'promised-to-pay' })],
        out('2026-11-23', 'call'),
      ],
      [
        'a call six days after a call logged "Refused to pay"',
        truth(),
        [out('2026-11-17', 'call', { direction: 'inbound', outcome: 'Refused to pay' })],
        out('2026-11-23', 'call'),
      ],
      [
        'a 3rd Massachusetts call or text in 7 days',
        truth({ jurisdiction: 'massachusetts' }),
        [out('2026-11-20', 'sms'), out('2026-11-21', 'sms')],
        out('2026-11-23', 'call'),
      ],
      [
        'a 4th New York City contact in 7 days',
        truth({ jurisdiction: 'new-york-city', consentEmail: true }),
        [out('2026-11-18', 'email'), out('2026-11-20', 'letter'), out('2026-11-23', 'call')],
        out('2026-11-23', 'email'),
      ],
      [
        'an email to a workplace address without consent',
        truth({ emailAtWork: true }),
        [],
        out('2026-11-23', 'email'),
      ],
      [
        'a letter to a customer in bankruptcy',
        truth({ flags: ['bankruptcy'] }),
        [],
        out('2026-11-23', 'letter'),
      ],
      [
        'a letter to a company in bankruptcy (the stay binds every creditor)',
        truth({ flags: ['bankruptcy'], debtor: 'business' }),
        [],
        out('2026-11-23', 'letter'),
      ],
      [
        "a call at 07:00 to a company's number (the office keeps daytime hours for everyone)",
        truth({ zones: ['America/Los_Angeles'], debtor: 'business' }),
        [],
        out('2026-11-23', 'call', { instant: tenNewYork }),
      ],
      [
        'a final demand on a time-barred debt',
        truth({ barredFrom: '2024-06-01' }),
        [],
        out('2026-11-23', 'letter', { stageKind: 'final-demand' }),
      ],
      [
        'a reminder before a required validation notice',
        truth({ validationRequired: true }),
        [],
        out('2026-11-23', 'email', { stageKind: 'reminder' }),
      ],
    ] as const)('returns a violation for %s', (_name, t, history, next) => {
      expect(violations(t, history, next).length).toBeGreaterThan(0);
    });

    it('returns none for a company under the consumer-only rules (caps, conversation hold, NYC consent, time bar, validation)', () => {
      const company = truth({
        debtor: 'business',
        jurisdiction: 'new-york-city',
        emailAtWork: true,
        barredFrom: '2024-06-01',
        validationRequired: true,
      });
      const week = [
        out('2026-11-18', 'email'),
        out('2026-11-20', 'letter'),
        out('2026-11-22', 'call', { conversation: true }),
      ];
      expect(violations(company, week, out('2026-11-23', 'email', { stageKind: 'final-demand' }))).toEqual(
        [],
      );
      expect(violations(company, week, out('2026-11-23', 'call'))).toEqual([]);
      // The same history and contact for a consumer break several rules.
      expect(
        violations(
          { ...company, debtor: 'consumer' },
          week,
          out('2026-11-23', 'email', { stageKind: 'final-demand' }),
        ).length,
      ).toBeGreaterThan(2);
    });

    it('returns none for a lawful contact', () => {
      expect(
        violations(
          truth(),
          [out('2026-11-16', 'call', { conversation: true })],
          out('2026-11-23', 'call', { instant: tenNewYork }),
        ),
      ).toEqual([]);
    });
  });

  describe('barredFrom', () => {
    const letter = (day: string, over: Partial<Contact> = {}): Contact => ({
      day,
      kind: 'letter',
      direction: 'inbound',
      outcome: 'Acknowledged in writing',
      ...over,
    });

    it('returns the due date plus the years when nothing restarts the period', () => {
      expect(barredFrom('2020-03-15', 4, true, [])).toBe('2024-03-15');
      expect(barredFrom('2020-02-29', 3, false, [letter('2021-01-01')])).toBe('2023-02-28');
    });

    it('returns the period again from a signed letter sent while it ran, where the law restarts it', () => {
      expect(barredFrom('2020-03-15', 4, true, [letter('2023-06-01')])).toBe('2027-06-01');
      expect(barredFrom('2020-03-15', 4, true, [letter('2027-01-01'), letter('2023-06-01')])).toBe(
        '2031-01-01',
      );
      // Massachusetts as the proof reads it: no restart.
      expect(barredFrom('2020-03-15', 6, false, [letter('2023-06-01')])).toBe('2026-03-15');
    });

    it('returns the old end for a letter once the period ended, before the due date, or that the debtor did not sign', () => {
      for (const c of [
        letter('2024-03-15'),
        letter('2025-01-01'),
        letter('2020-01-01'),
        letter('2023-06-01', { kind: 'email' }),
        letter('2023-06-01', { direction: 'outbound' }),
        letter('2023-06-01', { outcome: 'acknowledged' }),
      ])
        expect(barredFrom('2020-03-15', 4, true, [c]), JSON.stringify(c)).toBe('2024-03-15');
    });

    it('returns a final demand after the restarted end as a violation, and before it as none', () => {
      const t = truth({ barredFrom: barredFrom('2020-03-15', 4, true, [letter('2023-06-01')]) });
      expect(violations(t, [], out('2027-05-31', 'letter', { stageKind: 'final-demand' }))).toEqual([]);
      expect(violations(t, [], out('2027-06-01', 'letter', { stageKind: 'final-demand' }))).toEqual([
        'final-demand on a debt time-barred since 2027-06-01',
      ]);
    });
  });
});
