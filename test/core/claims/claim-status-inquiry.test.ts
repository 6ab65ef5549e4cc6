// Claim status inquiries: which claims a 276 asks about (one file per payer, control and trace
// numbers that never repeat), and what a 277 answer changes on each Claims row.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyClaimStatuses,
  ClaimStatusInquiryError,
  lastControlNumber,
  planStatusInquiries,
  splitPersonName,
} from '../../../core/claims/claim-status-inquiry.js';
import { claimWorklist, DEFAULT_CLAIM_DEADLINES } from '../../../core/claims/deadlines.js';
import { describeStatus } from '../../../core/claims/status-codes.js';
import type { Claim, Customer } from '../../../core/ledger/ledger.js';
import { allReports, parseClaimStatus } from '../../../core/x12/parse-277.js';
import { writeClaimStatus } from '../../../core/x12/write-claim-status.js';
import { claim as baseClaim } from './claim-builders.js';

const OFFICE = { name: 'Lakeside Family Practice', npi: '1234567893', submitterId: 'LAKESIDE01' };
const ASOF = '2026-11-23';
const options = { asOf: ASOF, config: DEFAULT_CLAIM_DEADLINES, time: '0930' } as const;

function customer(customerId: string, name: string): Customer {
  return { row: 2, customerId, name, currency: 'USD', flags: [] } as unknown as Customer;
}

/** A claim submitted 60 days ago with no answer: due for a status request. */
function waiting(claimId: string, extra: Partial<Claim> = {}): Claim {
  return baseClaim(claimId, {
    submittedOn: '2026-09-24',
    payerId: '60054',
    memberId: 'W218830571',
    patientBirthDate: '1958-03-14',
    ...extra,
  }) as Claim;
}

const customers = [customer('P-1', 'Thomas Whitfield'), customer('P-2', 'Shah, Priya K')];

/** The 276 of a plan answered by the payer: each claim given `statusOf(claimId)`. */
function answer(batchText: string, statusOf: (claimId: string) => [string, string, string?]): string {
  const ic = parseClaimStatus(batchText).interchanges[0]!;
  for (const t of ic.transactions) {
    t.set = '277';
    for (const r of t.reports) {
      const [cat, code, entity] = statusOf(r.patientControlNumber!);
      r.statuses = [
        { details: [describeStatus(cat, code, entity)], date: '2026-11-25', chargeMinor: r.chargeMinor! },
      ];
      delete r.chargeMinor;
      delete r.subscriber!.birthDate;
    }
  }
  return writeClaimStatus(ic);
}

describe('claim-status-inquiry', () => {
  describe('planStatusInquiries', () => {
    it('builds one 276 per payer for the claims due for follow-up, with recorded trace numbers', () => {
      const claims = [
        waiting('CLM-1'),
        waiting('CLM-2', { payerId: '62308', payer: 'Cigna', customerId: 'P-2', payerClaimNumber: 'R77' }),
        waiting('CLM-3'),
        waiting('CLM-4', { submittedOn: '2026-11-10' }), // 13 days: not due yet
        waiting('CLM-5', { status: 'paid' }),
      ];
      const plan = planStatusInquiries({ claims, customers }, OFFICE, options);
      expect(
        plan.batches.map((b) => [b.payerId, b.controlNumber, b.fileName, b.claims.map((c) => c.traceNumber)]),
      ).toEqual([
        ['60054', '000000001', '276-60054-000000001.x12', ['000000001-1', '000000001-2']],
        ['62308', '000000002', '276-62308-000000002.x12', ['000000002-1']],
      ]);
      expect(plan.claimUpdates.map((c) => [c.claimId, c.statusInquiry, c.statusInquiryDate])).toEqual([
        ['CLM-1', '000000001-1', ASOF],
        ['CLM-3', '000000001-2', ASOF],
        ['CLM-2', '000000002-1', ASOF],
      ]);
      const [report] = allReports(parseClaimStatus(plan.batches[1]!.text));
      expect(report).toMatchObject({
        traceNumber: '000000002-1',
        patientControlNumber: 'CLM-2',
        payerClaimNumber: 'R77',
        chargeMinor: 12_000,
        serviceFrom: '2026-09-14',
        payer: { name: 'Cigna', id: '62308' },
        provider: { name: 'Lakeside Family Practice', id: '1234567893' },
        receiver: { id: 'LAKESIDE01' },
        subscriber: {
          last: 'Shah',
          first: 'Priya',
          middle: 'K',
          memberId: 'W218830571',
          birthDate: '1958-03-14',
        },
      });
      expect(
        plan.batches[0]!.text.startsWith(
          'ISA*00*          *00*          *ZZ*LAKESIDE01     *ZZ*60054          *261123*0930*^*00501*000000001*0*P*:~GS*HR*',
        ),
      ).toBe(true);
      expect(parseClaimStatus(plan.batches[0]!.text).warnings).toEqual([]);
    });

    it('continues control numbers from the highest recorded in the ledger, so they never repeat', () => {
      const claims = [
        waiting('CLM-1'),
        waiting('CLM-9', { statusInquiry: '000000041-3', statusInquiryDate: '2026-10-01', status: 'paid' }),
      ];
      expect(lastControlNumber(claims)).toBe(41);
      const plan = planStatusInquiries({ claims, customers }, OFFICE, options);
      expect(plan.batches[0]!.controlNumber).toBe('000000042');
      const later = planStatusInquiries({ claims, customers }, OFFICE, {
        ...options,
        firstControlNumber: 500,
      });
      expect(later.batches[0]!.controlNumber).toBe('000000500');
    });

    it('lists the due claims it cannot ask about, with the reason, and asks nothing twice within a week', () => {
      const claims = [
        waiting('CLM-1', { payerId: undefined }),
        waiting('CLM-2', { memberId: undefined }),
        waiting('CLM-3', { statusInquiry: '000000007-1', statusInquiryDate: '2026-11-20' }),
        waiting('CLM-4', { patientBirthDate: undefined }),
      ];
      const plan = planStatusInquiries({ claims, customers }, OFFICE, options);
      expect(plan.skipped.map((s) => [s.claimId, s.reason])).toEqual([
        ['CLM-1', "Payer ID is empty: enter Aetna's electronic payer id to ask for the claim's status"],
        ['CLM-2', "Member ID is empty: the payer finds the claim by the subscriber's member id"],
        ['CLM-3', 'asked on 2026-11-20 (000000007-1); asked again from 2026-11-27'],
      ]);
      expect(plan.batches.flatMap((b) => b.claims.map((c) => c.claimId))).toEqual(['CLM-4']);
      expect(plan.warnings).toEqual([
        { claimId: 'CLM-4', message: expect.stringContaining('no Patient Birth Date') },
      ]);
    });

    it('refuses an office without a 10-digit NPI', () => {
      expect(() =>
        planStatusInquiries({ claims: [], customers }, { name: 'X', npi: '[NPI]' }, options),
      ).toThrow(ClaimStatusInquiryError);
    });
  });

  describe('splitPersonName', () => {
    it.each([
      ['Thomas Whitfield', { last: 'Whitfield', first: 'Thomas' }],
      ['Shah, Priya K', { last: 'Shah', first: 'Priya', middle: 'K' }],
      ['Mary Ann van*Dyke', { last: 'Dyke', first: 'Mary', middle: 'Ann van' }],
    ])('splits %s', (name, parts) => {
      expect(splitPersonName(name)).toEqual(parts);
    });
  });

  describe('applyClaimStatuses', () => {
    const claims = [
      waiting('CLM-1'),
      waiting('CLM-2', { payerId: '62308', payer: 'Cigna', customerId: 'P-2' }),
      waiting('CLM-3'),
    ];
    const plan = planStatusInquiries({ claims, customers }, OFFICE, options);
    const recorded = claims.map((c) => plan.claimUpdates.find((u) => u.claimId === c.claimId) ?? c);
    const statuses: Record<string, [string, string, string?]> = {
      'CLM-1': ['A7', '33', 'IL'],
      'CLM-2': ['P3', '21'],
      'CLM-3': ['F1', '65'],
    };
    const files = plan.batches.map((b) => parseClaimStatus(answer(b.text, (id) => statuses[id]!)));
    const merged = { ...files[0]!, interchanges: files.flatMap((f) => f.interchanges) };

    it('matches each status to its claim by the trace number sent and records it on the row', () => {
      const result = applyClaimStatuses({ claims: recorded }, merged, { asOf: '2026-11-26' });
      expect(result.unmatched).toEqual([]);
      expect(
        result.updates.map((u) => [
          u.claimId,
          u.matchedBy,
          u.after.payerStatus,
          u.after.payerStatusDate,
          u.after.followUpDate,
          u.after.status,
        ]),
      ).toEqual([
        [
          'CLM-1',
          'trace-number',
          'A7:33:IL rejected: information invalid: subscriber and subscriber id not found',
          '2026-11-25',
          '2026-11-26',
          'submitted',
        ],
        [
          'CLM-3',
          'trace-number',
          'F1:65 finalized: paid: claim/line has been paid',
          '2026-11-25',
          '2026-12-06',
          'pending',
        ],
        [
          'CLM-2',
          'trace-number',
          'P3:21 pending information from the provider: missing or invalid information',
          '2026-11-25',
          '2026-12-10',
          'pending',
        ],
      ]);
      expect(result.updates[0]!.explanation).toMatchObject({
        rule: 'claims/status-277/rejected',
        summary: expect.stringContaining('correct the claim and submit it again'),
      });
    });

    it("puts rejected, then pended claims at the top of the worklist with the payer's reason", () => {
      const result = applyClaimStatuses({ claims: recorded }, merged, { asOf: '2026-11-26' });
      const after = recorded.map((c) => result.updates.find((u) => u.claimId === c.claimId)?.after ?? c);
      const tasks = claimWorklist({ claims: after }, '2026-11-26', DEFAULT_CLAIM_DEADLINES);
      expect(tasks.map((t) => [t.claimId, t.kind])).toEqual([
        ['CLM-1', 'payer-status'],
        ['CLM-2', 'payer-status'],
      ]);
      expect(tasks[0]!.explanation.summary).toBe(
        'Aetna answered the status request on 2026-11-25: rejected by the payer (rejected: information invalid: subscriber and subscriber id not found); correct the claim and submit it again.',
      );
    });

    it('falls back to claim id and payer claim number, and lists what matches nothing', () => {
      const text = answer(plan.batches[0]!.text, (id) => statuses[id]!);
      const file = parseClaimStatus(text.replace('REF*EJ*CLM-3~', 'REF*EJ*CLM-77~REF*1K*PX-9~'));
      const ledger = {
        claims: [waiting('CLM-1'), waiting('CLM-8', { payerClaimNumber: 'PX-9' })],
      };
      const result = applyClaimStatuses(ledger, file, { asOf: '2026-11-26' });
      expect(result.updates.map((u) => [u.claimId, u.matchedBy, u.warnings.length])).toEqual([
        ['CLM-1', 'claim-id', 1],
        ['CLM-8', 'payer-claim-number', 1],
      ]);
      const file2 = parseClaimStatus(text);
      const none = applyClaimStatuses({ claims: [] }, file2, { asOf: '2026-11-26' });
      expect(none.updates).toEqual([]);
      expect(none.unmatched.map((u) => [u.traceNumber, u.patientControlNumber, u.reason])).toEqual([
        [
          '000000001-1',
          'CLM-1',
          "trace number 000000001-1 is in no claim's Status Inquiry; no claim has id CLM-1: record it by hand",
        ],
        [
          '000000001-2',
          'CLM-3',
          "trace number 000000001-2 is in no claim's Status Inquiry; no claim has id CLM-3: record it by hand",
        ],
      ]);
    });

    it("matches the standard's 277 example to the claims its 276 asked about, by trace number first", () => {
      // Prepare: the three claims of the standard's 276, as if Duebook had sent it (traces recorded).
      const sent = (claimId: string, trace: string, billedMinor: number) =>
        waiting(claimId, {
          statusInquiry: trace,
          statusInquiryDate: '2005-09-15',
          submittedOn: '2005-09-07',
          billedMinor,
        });
      const ledger = {
        claims: [
          sent('SM123456', 'ABCXYZ1', 851_388),
          sent('JO234567', 'ABCXYZ2', 759_900),
          sent('MA345678', 'ABCXYZ3', 15_000),
        ],
      };
      const text = readFileSync(
        new URL('../../fixtures/x12-276-277/lfh-5010-claim-level-status.277', import.meta.url),
        'utf8',
      );
      // Act
      const result = applyClaimStatuses(ledger, parseClaimStatus(text), { asOf: '2005-09-16' });
      // Assess: the transcription's typos (REF*EJ J0234567, trace ABCXYC3) do not lose a status.
      expect(result.unmatched).toEqual([]);
      expect(
        result.updates.map((u) => [u.claimId, u.matchedBy, u.statusClass, u.after.followUpDate]),
      ).toEqual([
        ['SM123456', 'trace-number', 'pended', '2005-09-30'],
        ['JO234567', 'trace-number', 'finalized', '2005-09-26'],
        ['MA345678', 'claim-id', 'finalized', '2005-09-26'],
      ]);
      expect(result.updates[2]!.warnings).toEqual([
        'trace number ABCXYC3 was not the one sent for this claim (ABCXYZ3); matched by claim id',
      ]);
    });

    it('lists statuses about a whole provider or receiver instead of dropping them', () => {
      const file = parseClaimStatus(
        'ISA*00*          *00*          *ZZ*A              *ZZ*B              *080503*1705*^*00501*000010216*0*T*:~' +
          'GS*HN*A*B*20080503*1705*1*X*005010X212~ST*277*0001*005010X212~BHT*0010*08*R1*20050916*0810*DG~' +
          'HL*1**20*1~NM1*PR*2*ABC INSURANCE*****PI*12345~HL*2*1*21*0~NM1*41*2*XYZ SERVICE*****46*X67E~' +
          'TRN*2*R1~STC*E0:0*20050916~SE*9*0001~GE*1*1~IEA*1*000010216~',
      );
      const result = applyClaimStatuses({ claims: [waiting('CLM-1')] }, file, { asOf: '2026-11-26' });
      expect(result.updates).toEqual([]);
      expect(result.unmatched).toEqual([
        expect.objectContaining({
          level: 'receiver',
          status:
            'E0:0 no answer: the status request has an error: cannot provide further status electronically',
          reason: expect.stringContaining('the receiver XYZ SERVICE as a whole'),
        }),
      ]);
    });
  });
});
