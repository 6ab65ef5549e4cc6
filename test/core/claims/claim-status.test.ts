// Tests for core/claims/claim-status.ts: the Denial Category and Next Step columns a clerk reads.
import { describe, expect, it } from 'vitest';
import {
  type ClaimStatusContext,
  claimDenialCategory,
  claimNextStep,
  claimStatusColumns,
} from '../../../core/claims/claim-status.js';
import { DEFAULT_CLAIM_DEADLINES } from '../../../core/claims/deadlines.js';
import type { Claim } from '../../../core/ledger/ledger.js';
import { invoice } from '../../support/ledger-builders.js';
import { claim } from './claim-builders.js';

const context: ClaimStatusContext = { asOf: '2026-11-23', config: DEFAULT_CLAIM_DEADLINES, invoices: [] };

describe('core/claims/claim-status', () => {
  describe('claimDenialCategory', () => {
    it.each([
      [['CO-45', 'PR-2'], ''],
      [['CO-45', 'CO-50'], 'medical necessity'],
      [['PR-1', 'CO-197'], 'authorization'],
      [['OA-23', 'CO-22'], 'coordination of benefits'],
      [[], ''],
    ])('reads %j as %j', (codes, text) => {
      expect(claimDenialCategory({ adjustmentCodes: codes })).toBe(text);
    });
  });

  describe('claimNextStep', () => {
    const denied = (extra: Partial<Claim>) =>
      claim('C', { status: 'denied', adjustmentCodes: ['CO-50'], denialDate: '2026-06-07', ...extra });

    it.each<[string, Claim, string]>([
      [
        'a denial with time left',
        denied({ appealDeadline: '2026-12-04' }),
        'Appeal by 2026-12-04 (medical necessity: CO-50)',
      ],
      [
        'a drafted appeal',
        denied({ appealDeadline: '2026-12-04', appealStatus: 'drafted' }),
        'Send the drafted appeal by 2026-12-04 (medical necessity: CO-50)',
      ],
      [
        'a denial without a deadline on the row (from the denial date)',
        denied({ payerType: 'medicare', denialDate: '2026-10-01' }),
        'Appeal by 2027-01-29 (medical necessity: CO-50)',
      ],
      [
        'a passed appeal deadline',
        denied({ appealDeadline: '2026-11-01' }),
        'Appeal deadline 2026-11-01 passed 22 days ago (medical necessity: CO-50): appeal only with good cause, or write off',
      ],
      [
        'a partly paid claim with an unbilled patient share',
        claim('C', {
          status: 'partly-paid',
          adjustmentCodes: ['CO-45', 'PR-2', 'CO-197'],
          appealDeadline: '2027-03-16',
          paidMinor: 9_000,
          patientResponsibilityMinor: 1_000,
        }),
        'Appeal by 2027-03-16 (authorization: CO-197); bill patient $10.00',
      ],
      [
        'a claim pending too long',
        claim('C', { status: 'pending', submittedOn: '2026-10-07' }),
        'Follow up with Aetna: pending 47 days',
      ],
      [
        'a claim recently submitted',
        claim('C', { submittedOn: '2026-11-13' }),
        'Waiting for Aetna: submitted 10 days ago, follow up after 30',
      ],
      [
        'a follow-up date reached',
        claim('C', { submittedOn: '2026-10-13', followUpDate: '2026-11-20' }),
        'Follow up with Aetna: follow-up date 2026-11-20 reached, pending 41 days',
      ],
      [
        'a follow-up scheduled',
        claim('C', { submittedOn: '2026-09-13', followUpDate: '2026-12-01' }),
        'Waiting for Aetna: follow up on 2026-12-01',
      ],
      [
        'a claim not yet submitted',
        claim('C', { submittedOn: undefined, serviceFrom: '2026-11-02' }),
        'Submit to Aetna by 2027-01-31 (timely filing)',
      ],
      [
        'a claim past the filing limit',
        claim('C', { submittedOn: undefined, serviceFrom: '2026-06-02' }),
        'Timely filing limit passed on 2026-08-31: submit with proof of timely filing, or write off',
      ],
      [
        'a paid claim with a patient share',
        claim('C', { status: 'paid', paidMinor: 8_000, patientResponsibilityMinor: 3_500 }),
        'Bill patient $35.00',
      ],
      [
        'a claim paid in full',
        claim('C', { status: 'paid', paidMinor: 12_000 }),
        'Nothing to do: Aetna paid $120.00',
      ],
      [
        'a submitted appeal',
        denied({ status: 'appealed', appealStatus: 'submitted', followUpDate: '2026-12-15' }),
        'Appeal with Aetna: follow up on 2026-12-15',
      ],
      [
        'a lost appeal',
        denied({ appealStatus: 'lost', paidMinor: 0 }),
        'Appeal lost (medical necessity: CO-50): request the next appeal level, or write off $120.00',
      ],
      [
        'a won appeal not yet paid',
        denied({ appealStatus: 'won' }),
        'Appeal won: watch for the corrected payment from Aetna',
      ],
      [
        'a reversed claim',
        claim('C', { status: 'reversed' }),
        'Aetna reversed its payment: watch for the corrected claim, or resubmit',
      ],
      ['a closed claim', claim('C', { status: 'closed' }), 'Closed: nothing to do'],
    ])('says what to do about %s', (_situation, c, step) => {
      expect(claimNextStep(c, context)).toBe(step);
    });

    it('says the patient share is billed once its invoice exists', () => {
      const paid = claim('C-9', { status: 'paid', paidMinor: 8_000, patientResponsibilityMinor: 3_500 });
      const billed = { ...context, invoices: [invoice('C-9-PR', 'P-1', '2026-12-23', 3_500)] };
      const voided = {
        ...context,
        invoices: [invoice('C-9-PR', 'P-1', '2026-12-23', 3_500, { status: 'void' })],
      };
      expect(claimNextStep(paid, billed)).toBe('Nothing to do: patient billed $35.00 on C-9-PR');
      expect(claimNextStep(paid, voided)).toBe('Bill patient $35.00');
    });

    it('follows a payer override of the follow-up window', () => {
      const config = { ...DEFAULT_CLAIM_DEADLINES, byPayer: { Aetna: { followUpAfterDays: 60 } } };
      const pending = claim('C', { status: 'pending', submittedOn: '2026-10-07' });
      expect(claimNextStep(pending, { ...context, config })).toBe(
        'Waiting for Aetna: submitted 47 days ago, follow up after 60',
      );
    });
  });

  describe('claimNextStep after a 277', () => {
    it.each([
      [
        'A7:33:IL rejected: information invalid: subscriber and subscriber id not found',
        'Aetna rejected the claim on 2026-11-24 (rejected: information invalid: subscriber and subscriber id not found): correct the claim and submit it again',
      ],
      [
        'R4:123:1P documentation requested: additional information requested from provider',
        'Aetna asked for more information on 2026-11-24 (documentation requested: additional information requested from provider): send the payer what it asks for',
      ],
      [
        "P2:46 pending the payer's review: internal review/audit",
        "Aetna pended the claim on 2026-11-24 (pending the payer's review: internal review/audit): watch the pended claim; answer the payer if it asks for anything",
      ],
    ])('says what to do about the payer answer %s', (payerStatus, step) => {
      const c = claim('CLM-1', { status: 'pending', payerStatus, payerStatusDate: '2026-11-24' }) as Claim;
      expect(claimNextStep(c, { asOf: '2026-11-25', config: DEFAULT_CLAIM_DEADLINES })).toBe(step);
    });

    it('ignores an old answer once the claim is paid', () => {
      const c = claim('CLM-1', {
        status: 'paid',
        paidMinor: 12_000,
        payerStatus: 'P1:20 pending',
        payerStatusDate: '2026-11-24',
      }) as Claim;
      expect(claimNextStep(c, { asOf: '2026-11-25', config: DEFAULT_CLAIM_DEADLINES })).toBe(
        'Nothing to do: Aetna paid $120.00',
      );
    });
  });

  describe('claimStatusColumns', () => {
    it('returns both computed columns by their schema keys', () => {
      const c = claim('C', { status: 'denied', adjustmentCodes: ['CO-29'], appealDeadline: '2026-12-01' });
      expect(claimStatusColumns(c, context)).toEqual({
        denialCategory: 'timely filing',
        claimNextStep: 'Appeal by 2026-12-01 (timely filing: CO-29)',
      });
    });
  });
});
