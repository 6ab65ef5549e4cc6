// Tests for core/claims/remittance-posting.ts: matching, amounts, denials, patient share,
// reversals and idempotency, with remittances shaped like the files in test/fixtures/x12-835.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLAIM_DEADLINES } from '../../../core/claims/deadlines.js';
import {
  applyPostingPlan,
  type PostableClaim,
  type PostingOptions,
  patientShareInvoiceId,
  postingKey,
  postRemittances,
} from '../../../core/claims/remittance-posting.js';
import type { Invoice } from '../../../core/ledger/ledger.js';
import { parseTabRows } from '../../../core/ledger/schema-rows.js';
import type { CasAdjustment, RemitClaim, Remittance } from '../../../core/x12/remittance.js';
import { invoice } from '../../support/ledger-builders.js';
import { cas, claim, line, remitClaim, remittance, reversalOf } from './claim-builders.js';

const options: PostingOptions = { asOf: '2026-11-23', config: DEFAULT_CLAIM_DEADLINES };

function ledgerOf(claims: PostableClaim[], invoices: Invoice[] = []) {
  return { claims, invoices };
}

/** Aetna allows $100.00 of $120.00, pays $80.00 and leaves $20.00 coinsurance to the patient. */
const paidWithCoinsurance = remitClaim('CLM-1001', '1', { charge: 12_000, paid: 8_000, patient: 2_000 }, [], {
  payerClaimNumber: 'E2026318000123',
  memberId: 'W123456789',
  serviceLines: [
    line('HC:99214', 12_000, 8_000, [cas('CO', '45', 2_000), cas('PR', '2', 2_000)], {
      serviceDate: '2026-09-14',
    }),
  ],
});

describe('core/claims/remittance-posting', () => {
  describe('postRemittances', () => {
    it('returns a paid claim and a patient-share invoice for a claim paid with coinsurance', () => {
      // Prepare
      const ledger = ledgerOf([claim('CLM-1001')]);
      // Act
      const plan = postRemittances(
        ledger,
        [remittance('EFT-778812', '2026-11-10', [paidWithCoinsurance])],
        options,
      );
      // Assess
      expect(plan.unmatched).toEqual([]);
      expect(plan.denials).toEqual([]);
      const [update] = plan.claimUpdates;
      expect(update?.after).toMatchObject({
        status: 'paid',
        paidMinor: 8_000,
        allowedMinor: 10_000,
        patientResponsibilityMinor: 2_000,
        payerClaimNumber: 'E2026318000123',
        memberId: 'W123456789',
        adjustmentCodes: ['CO-45', 'PR-2'],
        remittanceRefs: ['1066033492/EFT-778812/CLM-1001/1'],
      });
      expect(update?.postings).toMatchObject([{ writeDownMinor: 2_000, deniedMinor: 0 }]);
      expect(update?.warnings).toEqual([]);
      expect(update?.explanation.summary).toBe(
        'Aetna paid $80.00 of $120.00 billed, wrote down $20.00, patient owes $20.00 on 2026-11-10 (trace EFT-778812).',
      );
      expect(plan.invoiceChanges).toEqual([
        expect.objectContaining({
          action: 'create',
          claimId: 'CLM-1001',
          invoice: {
            row: 0,
            invoiceId: 'CLM-1001-PR',
            customerId: 'P-1',
            invoiceDate: '2026-11-23',
            dueDate: '2026-12-23',
            amountMinor: 2_000,
            currency: 'USD',
            status: 'open',
            description: 'Patient share of claim CLM-1001 (Aetna, service 2026-09-14)',
          },
        }),
      ]);
    });

    it('uses the configured due date for the patient-share invoice', () => {
      const plan = postRemittances(
        ledgerOf([claim('CLM-1001')]),
        [remittance('EFT-778812', '2026-11-10', [paidWithCoinsurance])],
        { ...options, patientDueDays: 14 },
      );
      expect(plan.invoiceChanges[0]?.invoice.dueDate).toBe('2026-12-07');
    });

    it('records a denial with its category and the appeal deadline of the payer type', () => {
      // Prepare: shaped like pyx12-5010-denied.835 (CLP02 4, CO-16 with remark N14).
      const denied = remitClaim('CLM-2001', '4', { charge: 50_004, paid: 0 }, [], {
        serviceLines: [line('HC:T1005', 50_004, 0, [cas('CO', '16', 50_004)], { remarks: ['N14'] })],
      });
      const ledger = ledgerOf([claim('CLM-2001', { payerType: 'medicaid', billedMinor: 50_004 })]);
      // Act
      const plan = postRemittances(ledger, [remittance('000000000', '2026-11-02', [denied])], options);
      // Assess
      expect(plan.claimUpdates[0]?.after).toMatchObject({
        status: 'denied',
        paidMinor: 0,
        adjustmentCodes: ['CO-16'],
        remarkCodes: ['N14'],
        denialDate: '2026-11-02',
        appealDeadline: '2027-01-01',
      });
      expect(plan.denials).toEqual([
        expect.objectContaining({
          claimId: 'CLM-2001',
          category: 'missing-information',
          code: 'CO-16',
          denialDate: '2026-11-02',
          appealDeadline: '2027-01-01',
          deniedMinor: 50_004,
        }),
      ]);
      expect(plan.denials[0]?.explanation.summary).toBe(
        'Aetna denied claim CLM-2001 (missing information: CO-16) on 2026-11-02; appeal by 2027-01-01.',
      );
      expect(plan.invoiceChanges).toEqual([]);
    });

    it('marks a claim partly paid when one line is paid and another denied for authorization', () => {
      const mixed = remitClaim('CLM-3001', '1', { charge: 40_000, paid: 9_000, patient: 1_000 }, [], {
        serviceLines: [
          line('HC:99213', 12_000, 9_000, [cas('CO', '45', 2_000), cas('PR', '3', 1_000)]),
          line('HC:72148', 28_000, 0, [cas('CO', '197', 28_000)], { remarks: ['N54'] }),
        ],
      });
      const plan = postRemittances(
        ledgerOf([claim('CLM-3001', { billedMinor: 40_000, payerType: 'medicare' })]),
        [remittance('EFT-1', '2026-11-16', [mixed])],
        options,
      );
      expect(plan.claimUpdates[0]?.after).toMatchObject({
        status: 'partly-paid',
        adjustmentCodes: ['CO-45', 'PR-3', 'CO-197'],
        appealDeadline: '2027-03-16',
      });
      expect(plan.claimUpdates[0]?.postings[0]).toMatchObject({ writeDownMinor: 2_000, deniedMinor: 28_000 });
      expect(plan.denials.map((d) => [d.category, d.code])).toEqual([['authorization', 'CO-197']]);
      expect(plan.invoiceChanges[0]?.invoice.amountMinor).toBe(1_000);
    });

    it('treats a claim all applied to the deductible as paid, with the patient billed for it all', () => {
      const deductible = remitClaim('CLM-4001', '1', { charge: 12_000, paid: 0, patient: 9_500 }, [
        cas('CO', '45', 2_500),
        cas('PR', '1', 9_500),
      ]);
      const plan = postRemittances(
        ledgerOf([claim('CLM-4001')]),
        [remittance('EFT-2', '2026-11-16', [deductible])],
        options,
      );
      expect(plan.claimUpdates[0]?.after.status).toBe('paid');
      expect(plan.denials).toEqual([]);
      expect(plan.invoiceChanges[0]?.invoice.amountMinor).toBe(9_500);
    });

    it('nets a reversal and the corrected claim of the same file (pyx12-4010-reversals.835)', () => {
      // Prepare: the original adjudication, posted from an earlier file.
      const original = remitClaim('123839-24635', '1', { charge: 31_000, paid: 21_000 }, [], {
        payerClaimNumber: '6363451',
        serviceLines: [line('HC:T1017', 31_000, 21_000, [cas('CO', '45', 10_000)])],
      });
      const first = remittance('0004000', '2009-01-20', [original], {
        payer: { name: 'Payer 1', id: '1382999999' },
      });
      const start = ledgerOf([claim('123839-24635', { billedMinor: 31_000, payer: 'Payer 1' })]);
      const posted = applyPostingPlan(start, postRemittances(start, [first], options));
      // The reversal file: CLP02 22 with CR-45 -100.00, then the corrected claim for $300.00.
      const reversal = remitClaim('123839-24635', '22', { charge: -31_000, paid: -21_000 }, [], {
        payerClaimNumber: '6363451',
        serviceLines: [line('HC:T1017', -31_000, -21_000, [cas('CR', '45', -10_000)])],
      });
      const corrected = remitClaim('123839-24635', '1', { charge: 30_000, paid: 20_000 }, [], {
        payerClaimNumber: '6363451',
        serviceLines: [line('HC:T1017', 30_000, 20_000, [cas('CR', '45', 10_000)])],
      });
      const file = remittance('0004926', '2009-02-20', [reversal, corrected], {
        payer: { name: 'Payer 1', id: '1382999999' },
      });
      // Act
      const plan = postRemittances(posted, [file], options);
      // Assess
      const [update] = plan.claimUpdates;
      expect(update?.after).toMatchObject({
        status: 'paid',
        paidMinor: 20_000,
        allowedMinor: 20_000,
        patientResponsibilityMinor: 0,
        adjustmentCodes: ['CR-45'],
        remittanceRefs: [
          '1382999999/0004000/123839-24635/1',
          '1382999999/0004926/123839-24635/22',
          '1382999999/0004926/123839-24635/1',
        ],
      });
      expect(update?.explanation.summary).toBe(
        'Payer 1 reversed its earlier payment on 2009-02-20 (trace 0004926): $210.00 paid and $0.00 patient share taken back. ' +
          'Then Payer 1 paid $200.00 of $300.00 billed, wrote down $100.00 on 2009-02-20 (trace 0004926).',
      );
      expect(update?.warnings).toEqual(['Payer 1 shows $300.00 charged, the ledger bills $310.00']);
    });

    it('leaves a claim reversed, with its figures taken back, when no correction follows', () => {
      const original = remitClaim('134158-27488', '1', { charge: 50_025, paid: 50_025 });
      const start = ledgerOf([claim('134158-27488', { billedMinor: 50_025 })]);
      const posted = applyPostingPlan(
        start,
        postRemittances(start, [remittance('0004000', '2009-01-20', [original])], options),
      );
      const plan = postRemittances(
        posted,
        [remittance('0004926', '2009-02-20', [reversalOf(original)])],
        options,
      );
      expect(plan.claimUpdates[0]?.after).toMatchObject({
        status: 'reversed',
        paidMinor: 0,
        adjustmentCodes: [],
      });
    });

    it('voids the patient-share invoice when a reversal takes the share back', () => {
      const start = ledgerOf([claim('CLM-1001')]);
      const posted = applyPostingPlan(
        start,
        postRemittances(start, [remittance('EFT-1', '2026-11-10', [paidWithCoinsurance])], options),
      );
      const plan = postRemittances(
        posted,
        [remittance('EFT-2', '2026-11-20', [reversalOf(paidWithCoinsurance)])],
        options,
      );
      expect(plan.invoiceChanges).toMatchObject([
        {
          action: 'update',
          previousAmountMinor: 2_000,
          invoice: { invoiceId: 'CLM-1001-PR', status: 'void' },
        },
      ]);
    });

    it("replaces the patient's share with the secondary payer's and re-prices the invoice", () => {
      const start = ledgerOf([claim('CLM-1001')], [invoice('CLM-1001-PR', 'P-1', '2026-12-10', 2_000)]);
      const primaryPosted = applyPostingPlan(
        start,
        postRemittances(start, [remittance('EFT-1', '2026-11-10', [paidWithCoinsurance])], options),
      );
      const secondary = remitClaim('CLM-1001', '2', { charge: 12_000, paid: 1_600, patient: 400 }, [
        cas('OA', '23', 10_000),
        cas('PR', '2', 400),
      ]);
      const plan = postRemittances(
        primaryPosted,
        [remittance('CHK-55', '2026-11-20', [secondary], { payer: { name: 'Medigap Mutual', id: 'MGM' } })],
        options,
      );
      expect(plan.claimUpdates[0]?.after).toMatchObject({
        paidMinor: 9_600,
        patientResponsibilityMinor: 400,
        allowedMinor: 10_000,
        status: 'paid',
      });
      expect(plan.invoiceChanges).toMatchObject([
        {
          action: 'update',
          previousAmountMinor: 2_000,
          invoice: { invoiceId: 'CLM-1001-PR', amountMinor: 400 },
        },
      ]);
    });

    it('replaces figures typed by hand on the first posting instead of adding to them', () => {
      const typed = claim('CLM-1001', {
        status: 'paid',
        paidMinor: 8_000,
        patientResponsibilityMinor: 2_000,
      });
      const plan = postRemittances(
        ledgerOf([typed]),
        [remittance('EFT-1', '2026-11-10', [paidWithCoinsurance])],
        options,
      );
      expect(plan.claimUpdates[0]?.after).toMatchObject({
        paidMinor: 8_000,
        patientResponsibilityMinor: 2_000,
      });
      expect(plan.claimUpdates[0]?.changed).toEqual([
        'payerClaimNumber',
        'memberId',
        'allowedMinor',
        'adjustmentCodes',
        'remittanceRefs',
      ]);
    });

    it('marks a submitted appeal won when the payer then pays, and lost when it denies again', () => {
      const appealed = claim('CLM-5001', {
        status: 'appealed',
        appealStatus: 'submitted',
        adjustmentCodes: ['CO-50'],
        denialDate: '2026-08-01',
        appealDeadline: '2027-01-28',
        remittanceRefs: ['1066033492/EFT-0/CLM-5001/4'],
      });
      const paid = remitClaim('CLM-5001', '1', { charge: 12_000, paid: 10_000 }, [cas('CO', '45', 2_000)]);
      const deniedAgain = remitClaim('CLM-5001', '4', { charge: 12_000, paid: 0 }, [cas('CO', '50', 12_000)]);
      const won = postRemittances(ledgerOf([appealed]), [remittance('EFT-9', '2026-11-18', [paid])], options);
      const lost = postRemittances(
        ledgerOf([appealed]),
        [remittance('EFT-9', '2026-11-18', [deniedAgain])],
        options,
      );
      expect(won.claimUpdates[0]?.after).toMatchObject({
        status: 'paid',
        appealStatus: 'won',
        denialDate: undefined,
      });
      expect(lost.claimUpdates[0]?.after).toMatchObject({
        status: 'denied',
        appealStatus: 'lost',
        denialDate: '2026-11-18',
      });
    });

    it('warns when a remitted claim does not balance, and still posts it', () => {
      const off = remitClaim('CLM-1001', '1', { charge: 12_000, paid: 8_000, patient: 2_000 }, [
        cas('PR', '2', 2_000),
      ]);
      const plan = postRemittances(
        ledgerOf([claim('CLM-1001')]),
        [remittance('EFT-1', '2026-11-10', [off])],
        options,
      );
      expect(plan.claimUpdates[0]?.after.paidMinor).toBe(8_000);
      expect(plan.claimUpdates[0]?.warnings).toEqual([
        'CLP at segment 0 does not balance: charge $120.00 is not paid $80.00 plus adjustments $20.00',
      ]);
    });
  });

  describe('postRemittances matching', () => {
    const claims = [
      claim('CLM-A', { payerClaimNumber: 'ICN-1', memberId: 'M1', serviceFrom: '2026-10-01' }),
      claim('CLM-B', { memberId: 'M2', serviceFrom: '2026-10-02' }),
      claim('CLM-C', { memberId: 'M3', serviceFrom: '2026-10-03' }),
      claim('CLM-D', { memberId: 'M3', serviceFrom: '2026-10-03' }),
      claim('CLM-EUR', { currency: 'EUR' }),
    ];
    const paid = (pcn: string, extra: Partial<RemitClaim> = {}) =>
      remitClaim(pcn, '1', { charge: 12_000, paid: 12_000 }, [], extra);

    it.each([
      ['its Claim ID', paid('CLM-B'), 'CLM-B'],
      [
        'the payer claim number when CLP01 is unknown',
        paid('OLD-77', { payerClaimNumber: 'ICN-1' }),
        'CLM-A',
      ],
      [
        'member id and service date when nothing else matches',
        paid('OLD-78', { memberId: 'm2', serviceFrom: '2026-10-02' }),
        'CLM-B',
      ],
      [
        "a service line's date when the claim has none",
        paid('OLD-79', {
          memberId: 'M2',
          serviceLines: [line('HC:99213', 12_000, 12_000, [], { serviceDate: '2026-10-02' })],
        }),
        'CLM-B',
      ],
    ])('matches a remitted claim by %s', (_how, clp, claimId) => {
      const plan = postRemittances(ledgerOf(claims), [remittance('T1', '2026-11-10', [clp])], options);
      expect(plan.unmatched).toEqual([]);
      expect(plan.claimUpdates.map((u) => u.claimId)).toEqual([claimId]);
    });

    it.each([
      [
        'ambiguous',
        paid('OLD-80', { memberId: 'M3', serviceFrom: '2026-10-03' }),
        'ambiguous: 2 claims (CLM-C, CLM-D) match member id M3 with service on 2026-10-03',
      ],
      [
        'unknown',
        paid('NOPE', { payerClaimNumber: 'ICN-9', memberId: 'M9', serviceFrom: '2026-10-09' }),
        'no claim has Claim ID NOPE, or payer claim number ICN-9, or member id M9 with service on 2026-10-09',
      ],
      ['in another currency', paid('CLM-EUR'), 'claim CLM-EUR is in EUR, but an 835 pays in USD'],
      [
        'a predetermination',
        remitClaim('CLM-A', '25', { charge: 12_000, paid: 0 }),
        'CLP02 status 25 is not a payment, denial or reversal Duebook posts; post it by hand',
      ],
    ])('lists a remitted claim that is %s as unmatched, with the reason', (_what, clp, reason) => {
      const plan = postRemittances(ledgerOf(claims), [remittance('T1', '2026-11-10', [clp])], options);
      expect(plan.claimUpdates).toEqual([]);
      expect(plan.unmatched).toEqual([
        expect.objectContaining({
          patientControlNumber: clp.patientControlNumber,
          traceNumber: 'T1',
          reason,
        }),
      ]);
    });
  });

  describe('postRemittances idempotency', () => {
    it('changes nothing when the same file is posted again', () => {
      // Prepare
      const start = ledgerOf([claim('CLM-1001')]);
      const file = remittance('EFT-778812', '2026-11-10', [paidWithCoinsurance]);
      const once = applyPostingPlan(start, postRemittances(start, [file], options));
      // Act
      const again = postRemittances(once, [file], options);
      // Assess
      expect(again.claimUpdates).toEqual([]);
      expect(again.invoiceChanges).toEqual([]);
      expect(again.alreadyPosted).toEqual([{ claimId: 'CLM-1001', key: '1066033492/EFT-778812/CLM-1001/1' }]);
    });

    it('lists a reversal of a payment never posted here for posting by hand, and keeps amounts whole', () => {
      // Prepare: the payer reverses a payment the office never recorded on this claim.
      const start = ledgerOf([claim('CLM-1001')]);
      const file = remittance('EFT-990001', '2026-11-10', [reversalOf(paidWithCoinsurance)]);
      // Act
      const plan = postRemittances(start, [file], options);
      const after = applyPostingPlan(start, plan);
      const again = postRemittances(after, [file], options);
      // Assess
      expect(plan.unmatched).toHaveLength(1);
      expect(plan.unmatched[0]!.reason).toContain('post it by hand');
      const posted = after.claims.find((c) => c.claimId === 'CLM-1001')!;
      expect(posted.paidMinor ?? 0).toBeGreaterThanOrEqual(0);
      expect(posted.patientResponsibilityMinor ?? 0).toBeGreaterThanOrEqual(0);
      expect(again.claimUpdates).toEqual([]);
    });

    it('posts a file listed twice in one run only once', () => {
      const file = remittance('EFT-778812', '2026-11-10', [paidWithCoinsurance]);
      const plan = postRemittances(ledgerOf([claim('CLM-1001')]), [file, file], options);
      expect(plan.claimUpdates[0]?.after.paidMinor).toBe(8_000);
      expect(plan.alreadyPosted).toHaveLength(1);
    });

    it('keeps a posting key whole through the Remittance Refs list cell when the payer name has a comma', () => {
      // Prepare: 5010 payers often give no N104, so the key starts with the payer's name.
      const file = remittance('EFT;778812', '2026-11-10', [paidWithCoinsurance], {
        payer: { name: 'Blue Cross, Inc.' },
      });
      const start = ledgerOf([claim('CLM-1001')]);
      const once = applyPostingPlan(start, postRemittances(start, [file], options));
      const refs = (once.claims[0] as PostableClaim).remittanceRefs ?? [];
      // The cell as written (lists joined with ", ") and read back by the schema.
      const read = parseTabRows('Claims', [
        ['Claim ID', 'Customer ID', 'Payer', 'Service From', 'Billed', 'Currency', 'Remittance Refs'],
        ['CLM-1001', 'P-1', 'Aetna', '2026-09-14', '120.00', 'USD', refs.join(', ')],
      ]).records[0]?.remittanceRefs;
      const reread = {
        ...once,
        claims: [{ ...(once.claims[0] as PostableClaim), remittanceRefs: read as string[] }],
      };
      // Act
      const again = postRemittances(reread, [file], options);
      // Assess
      expect(read).toEqual(refs);
      expect(again.claimUpdates).toEqual([]);
      expect(again.alreadyPosted).toHaveLength(1);
    });

    it('keys an advice without a trace number by its control number and date', () => {
      const advice = remittance('x', '2026-11-10', [paidWithCoinsurance]);
      advice.payment.traceNumber = undefined;
      expect(postingKey(advice, paidWithCoinsurance)).toBe('1066033492/ST0001@2026-11-10/CLM-1001/1');
      expect(postingKey(advice, paidWithCoinsurance, 2)).toBe('1066033492/ST0001@2026-11-10/CLM-1001/1#2');
    });
  });

  describe('postRemittances properties', () => {
    /** A balanced CLP: charge = paid + every CAS amount; patient share = its PR amounts. */
    const balancedClaim = fc
      .record({
        paid: fc.integer({ min: 0, max: 500_000 }),
        writeDown: fc.integer({ min: 0, max: 100_000 }),
        coinsurance: fc.integer({ min: 0, max: 50_000 }),
        deductible: fc.integer({ min: 0, max: 50_000 }),
        denied: fc.integer({ min: 0, max: 100_000 }),
        denialReason: fc.constantFrom('50', '197', '16', '29', '96', '18'),
        status: fc.constantFrom('1', '1', '2', '4'),
      })
      .map((r) => {
        const adjustments: CasAdjustment[] = [
          cas('CO', '45', r.writeDown),
          cas('PR', '2', r.coinsurance),
          cas('PR', '1', r.deductible),
          cas('CO', r.denialReason, r.denied),
        ].filter((a) => a.amountMinor > 0);
        const total = r.paid + r.writeDown + r.coinsurance + r.deductible + r.denied;
        const clp = remitClaim(
          'CLM-P',
          r.status,
          { charge: total, paid: r.paid, patient: r.coinsurance + r.deductible },
          adjustments,
        );
        return clp;
      });

    it('returns paid + patient share + write-downs + denials = billed for a balanced remittance', () => {
      fc.assert(
        fc.property(balancedClaim, (clp) => {
          const c = claim('CLM-P', { billedMinor: clp.chargeMinor });
          const plan = postRemittances(ledgerOf([c]), [remittance('T', '2026-11-10', [clp])], options);
          const [u] = plan.claimUpdates;
          const p = u?.postings[0];
          if (!u || !p) return false;
          const reconciles =
            (u.after.paidMinor ?? 0) +
              (u.after.patientResponsibilityMinor ?? 0) +
              p.writeDownMinor +
              p.deniedMinor ===
            c.billedMinor;
          return reconciles && u.warnings.length === 0;
        }),
      );
    });

    it('changes nothing when any sequence of files is posted a second time', () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(balancedClaim, fc.boolean()), { minLength: 1, maxLength: 5 }),
          (steps) => {
            const files: Remittance[] = steps.map(([clp, reverseFirst], i) =>
              remittance(`T${i}`, '2026-11-10', reverseFirst && i > 0 ? [reversalOf(clp), clp] : [clp]),
            );
            const start = ledgerOf([claim('CLM-P')]);
            const once = applyPostingPlan(start, postRemittances(start, files, options));
            const again = postRemittances(once, files, options);
            return again.claimUpdates.length === 0 && again.invoiceChanges.length === 0;
          },
        ),
      );
    });

    it('returns the same figures for original, reversal and correction as for the correction alone', () => {
      fc.assert(
        fc.property(balancedClaim, balancedClaim, (original, correction) => {
          fc.pre(original.status !== 'processed-secondary' && correction.status !== 'processed-secondary');
          const fresh = postRemittances(
            ledgerOf([claim('CLM-P')]),
            [remittance('T2', '2026-11-20', [correction])],
            options,
          );
          const netted = postRemittances(
            ledgerOf([claim('CLM-P')]),
            [
              remittance('T1', '2026-11-10', [original]),
              remittance('T2', '2026-11-20', [reversalOf(original), correction]),
            ],
            options,
          );
          const pick = (c: PostableClaim | undefined) => ({
            paid: c?.paidMinor,
            patient: c?.patientResponsibilityMinor,
            allowed: c?.allowedMinor,
            status: c?.status,
            codes: c?.adjustmentCodes,
            appealDeadline: c?.appealDeadline,
          });
          expect(pick(netted.claimUpdates[0]?.after)).toEqual(pick(fresh.claimUpdates[0]?.after));
        }),
      );
    });
  });

  describe('patientShareInvoiceId', () => {
    it('derives one stable invoice id per claim', () => {
      expect(patientShareInvoiceId('CLM-1001')).toBe('CLM-1001-PR');
    });
  });
  describe('postRemittances (needs review)', () => {
    it('never posts a claim flagged as damaged and lists it with its segment, reason and money', () => {
      // Prepare
      const damaged: RemitClaim = {
        ...remitClaim('CLM-1002', '1', { charge: 0, paid: 5_000, patient: 0 }),
        review: [
          {
            interchange: 1,
            segment: 20,
            segmentId: 'CLP',
            element: 'CLP03',
            transactionSegment: 18,
            transactionControl: '0001',
            code: 'X12.BAD_AMOUNT',
            message:
              'segment 20 (CLP), CLP03 is empty; an amount is required (segment 18 of transaction 0001)',
          },
        ],
      };
      const ledger = ledgerOf([claim('CLM-1001'), claim('CLM-1002')]);
      // Act
      const plan = postRemittances(
        ledger,
        [remittance('EFT-778812', '2026-11-10', [paidWithCoinsurance, damaged])],
        options,
      );
      // Assess
      expect(plan.claimUpdates.map((u) => u.claimId)).toEqual(['CLM-1001']);
      expect(plan.unmatched).toEqual([]);
      expect(plan.needsReview).toMatchObject([
        {
          scope: 'claim',
          patientControlNumber: 'CLM-1002',
          amountMinor: 5_000,
          flags: [{ segment: 20, element: 'CLP03', code: 'X12.BAD_AMOUNT' }],
        },
      ]);
    });

    it('lists a flagged payment for review and still posts its whole claims', () => {
      // Prepare
      const remit: Remittance = {
        ...remittance('EFT-778812', '2026-11-10', [paidWithCoinsurance]),
        review: [
          {
            interchange: 1,
            segment: 4,
            segmentId: 'BPR',
            element: 'BPR16',
            code: 'X12.BAD_DATE',
            message: 'segment 4 (BPR), BPR16 "20002316" is not a date (CCYYMMDD)',
          },
        ],
      };
      // Act
      const plan = postRemittances(ledgerOf([claim('CLM-1001')]), [remit], options);
      // Assess
      expect(plan.claimUpdates.map((u) => u.claimId)).toEqual(['CLM-1001']);
      expect(plan.needsReview.map((r) => [r.scope, r.flags[0]!.element])).toEqual([['payment', 'BPR16']]);
    });
  });
});
