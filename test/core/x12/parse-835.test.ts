// Tests for the 835 parser against the real published files in test/fixtures/x12-835 (see
// SOURCES.md for each file's quirks) and against malformed files built from them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Parse835Result, parse835 } from '../../../core/x12/parse-835.js';
import { claimStatusOf } from '../../../core/x12/parse-835-transaction.js';
import type { RemitClaim, Remittance } from '../../../core/x12/remittance.js';
import { X12ParseError } from '../../../core/x12/x12-error.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/x12-835/${name}`, import.meta.url), 'utf8');

function only(result: Parse835Result): Remittance[] {
  expect(result.interchanges).toHaveLength(1);
  return result.interchanges[0]!.transactions;
}

/** `GROUP-REASON amount` for every adjustment of a claim, claim level first, then each line's. */
function adjustmentCodes(claim: RemitClaim): string[] {
  return [...claim.adjustments, ...claim.serviceLines.flatMap((l) => l.adjustments)].map(
    (a) => `${a.group}-${a.reason} ${a.amountMinor}`,
  );
}

/** The error strict mode throws (the default mode flags damage inside a transaction instead). */
function parseError(text: string): X12ParseError {
  try {
    parse835(text, { strict: true });
  } catch (e) {
    if (e instanceof X12ParseError) return e;
    throw e;
  }
  throw new Error('expected an X12ParseError');
}

describe('x12/parse-835', () => {
  describe('parse835 (published files)', () => {
    it('reads lfh-5010-medicare-part-a: two institutional claims, claim-level CO-45, PLB CV:CP', () => {
      // Act
      const result = parse835(fixture('lfh-5010-medicare-part-a.835'));
      // Assess
      const [t] = only(result);
      expect(result.warnings).toEqual([]);
      expect(result.interchanges[0]).toMatchObject({
        sender: '000000005',
        receiver: '12345',
        controlNumber: '000000907',
        date: '2013-10-31',
      });
      expect(t!.controlNumber).toBe('1234');
      expect(t!.version).toBe('005010X221A1');
      expect(t!.payment).toEqual({
        handling: 'C',
        amountMinor: 15_000_000,
        creditDebit: 'C',
        method: 'ACH',
        date: '2002-09-13',
        traceNumber: '12345',
      });
      expect(t!.payer).toMatchObject({
        name: 'INSURANCE COMPANY OF TIMBUCKTU',
        id: '999',
        address: '1 MAIN STREET, TIMBUCKTU, AK 89111',
      });
      expect(t!.payee).toEqual({ name: 'REGIONAL HOPE HOSPITAL', id: '6543210903' });
      expect(t!.claims.map((c) => [c.patientControlNumber, c.status, c.chargeMinor, c.paidMinor])).toEqual([
        ['666123', 'processed-primary', 21_136_697, 13_801_840],
        ['777777', 'processed-primary', 1_500_000, 1_198_033],
      ]);
      const first = t!.claims[0]!;
      expect(first).toMatchObject({
        filingIndicator: 'MA',
        payerClaimNumber: '1999999444444',
        patientName: 'JONES, SAM O',
        memberId: '666666666A',
        serviceFrom: '2002-08-16',
        serviceTo: '2002-08-24',
        patientResponsibilityMinor: 0,
        segment: 13,
      });
      expect(first.adjustments).toEqual([{ group: 'CO', reason: '45', amountMinor: 7_334_857, segment: 14 }]);
      expect(t!.claims[1]!.remarks).toEqual(['MA02']);
      expect(t!.providerAdjustments).toEqual([
        {
          providerId: '6543210903',
          fiscalPeriodEnd: '2002-12-31',
          reason: 'CV',
          reference: 'CP',
          amountMinor: -127,
          segment: 27,
        },
      ]);
    });

    it('reads lfh-5010-tertiary-payment, leaves out the SVC without a procedure code and flags the claim for review', () => {
      // Act
      const result = parse835(fixture('lfh-5010-tertiary-payment.835'));
      // Assess
      const [t] = only(result);
      const claim = t!.claims[0]!;
      expect(claim).toMatchObject({
        patientControlNumber: '0001000054',
        statusCode: '3',
        status: 'processed-tertiary',
        chargeMinor: 176_650,
        paidMinor: 18_750,
        filingIndicator: '12',
        patientName: 'ISLAND, ELLIS E',
      });
      expect(claim.serviceLines).toEqual([]);
      // The line's OA-23 stays on the claim: charge - paid = 1,579.00.
      expect(claim.adjustments).toEqual([{ group: 'OA', reason: '23', amountMinor: 157_900, segment: 20 }]);
      expect(result.warnings.map((w) => w.code)).toEqual(['X12.BPR_DATE_MISPLACED']);
      expect(claim.review).toHaveLength(1);
      expect(claim.review![0]).toMatchObject({
        code: 'X12.SVC_NO_PROCEDURE',
        segment: 20,
        segmentId: 'SVC',
        element: 'SVC01',
        transactionSegment: 18,
        transactionControl: '0001',
      });
      expect(claim.review![0]!.message).toMatch(/^segment 20 \(SVC\), SVC01 "HC" has no procedure code/);
      expect(t!.payer.address).toBe('481A00 DEAR RUN ROAD, WEST PALM BCH, FL 11114');
      // This BPR has one separator too few, so its date sits in BPR15 (an account number) and is not read.
      expect(t!.payment).toEqual({
        handling: 'I',
        amountMinor: 18_750,
        creditDebit: 'C',
        method: 'CHK',
        traceNumber: '0012524879',
      });
    });

    it('reads emedny-5010-newline-terminated: newline terminator, three claims, ten service lines', () => {
      // Act
      const result = parse835(fixture('emedny-5010-newline-terminated.835'));
      // Assess
      const [t] = only(result);
      expect(result.warnings).toEqual([]);
      expect(t!.payment).toMatchObject({ amountMinor: 4575, method: 'ACH', traceNumber: '10100000000' });
      expect(t!.claims.map((c) => [c.status, c.chargeMinor, c.paidMinor, c.memberId])).toEqual([
        ['processed-primary', 3425, 3425, 'LL99999L'],
        ['processed-secondary', 3400, 0, 'LL88888L'],
        ['processed-secondary', 3425, 1150, 'LL77777L'],
      ]);
      expect(t!.claims.flatMap((c) => c.serviceLines)).toHaveLength(10);
      expect(
        t!.claims[0]!.serviceLines.map((l) => [l.procedure, l.chargeMinor, l.paidMinor, l.units]),
      ).toEqual([
        ['HC:V2020:RB', 600, 600, 1],
        ['HC:V2700:RB', 275, 275, 1],
        ['HC:V2103:RB', 550, 550, 1],
        ['HC:S0580', 2000, 2000, 2],
      ]);
      expect(adjustmentCodes(t!.claims[1]!)).toEqual(['CO-29 1200', 'CO-29 2200']);
      const third = t!.claims[2]!;
      expect(adjustmentCodes(third)).toEqual(['CO-251 275', 'CO-251 2000']);
      expect(third.serviceLines.map((l) => l.serviceDate)).toEqual([
        '2010-01-01',
        '2013-09-17',
        '2010-01-01',
        '2010-01-01',
      ]);
      expect(third.serviceLines[3]!.remarks).toEqual(['N206']);
      expect(third.patientName).toBe('SUBMITTED LAST, SUBMITTED FIRST');
    });

    it('reads uhc-5010-single-line: one line, ISA16 ">" and a CAS with two triplets', () => {
      // Act
      const result = parse835(fixture('uhc-5010-single-line.835'));
      // Assess
      const [t] = only(result);
      expect(result.warnings).toEqual([]);
      expect(
        t!.claims.map((c) => [
          c.patientControlNumber,
          c.chargeMinor,
          c.paidMinor,
          c.patientResponsibilityMinor,
        ]),
      ).toEqual([
        ['001-18573-358', 34_128, 8892, 10_526],
        ['001-18604-358', 81_624, 26_107, 11_513],
      ]);
      const lines = t!.claims[1]!.serviceLines;
      expect(lines.map((l) => l.procedure)).toEqual(['HC:B4154', 'HC:B4034', 'HC:B4154']);
      expect(
        lines[2]!.adjustments.map((a) => [a.group, a.reason, a.amountMinor, a.quantity, a.segment]),
      ).toEqual([
        ['PR', '2', 513, undefined, 57],
        ['PR', '1', 11_000, undefined, 57],
        ['CO', '45', 18_432, undefined, 58],
      ]);
      expect(adjustmentCodes(t!.claims[0]!)).toEqual(['CO-45 6750', 'PR-1 10526', 'CO-45 7960']);
    });

    it('reads tigershark-4010-pipe-multi-st: "|" and "^", "~" at line starts, two ST, wrong SE and GE counts as warnings', () => {
      // Act
      const result = parse835(fixture('tigershark-4010-pipe-multi-st.835'));
      // Assess
      const [first, second] = only(result);
      expect(result.warnings.map((w) => [w.code, w.segment, w.element, w.transactionSegment])).toEqual([
        ['X12.TERMINATOR_AFTER_LINE_BREAK', 1, undefined, undefined],
        ['X12.SE_COUNT', 31, 'SE01', 29],
        ['X12.SE_COUNT', 61, 'SE01', 30],
        ['X12.GE_COUNT', 62, 'GE01', undefined],
      ]);
      expect(result.warnings[1]!.message).toContain('SE01 says 28 segments but there are 29');
      expect(first!.version).toBe('004010X091A1');
      expect(first!.payer).toMatchObject({ name: 'UNITED HEALTHCARE INSURANCE COMPANY', id: '87726' });
      expect(second!.payer.name).toBe(
        'ACME, INC. A WHOLLY OWNED SUBSIDIARY OF UNITED HEALTHCARE INSURANCE COMPANY',
      );
      expect(first!.claims[0]).toMatchObject({
        patientControlNumber: '001-DDDDDDDDDD',
        paidMinor: 20_002,
        patientName: 'DOE, JOHN',
        memberId: '123111111',
      });
      expect(first!.claims[0]!.serviceLines[0]).toMatchObject({
        procedure: 'HC:88888',
        serviceDate: '2012-02-22',
      });
      expect(second!.claims[0]).toMatchObject({ paidMinor: 1_200_065, patientResponsibilityMinor: 14_500 });
      expect(adjustmentCodes(second!.claims[0]!)).toEqual(['PR-1 14500', 'CO-45 1113091']);
    });

    it('reads pyx12-4010-reversals: CLP02 22 with negative amounts, CAS group CR, three CS provider adjustments', () => {
      // Act
      const result = parse835(fixture('pyx12-4010-reversals.835'));
      // Assess
      const [t] = only(result);
      expect(t!.claims.map((c) => [c.statusCode, c.status, c.chargeMinor, c.paidMinor])).toEqual([
        ['22', 'reversed', -31_000, -21_000],
        ['1', 'processed-primary', 30_000, 20_000],
        ['22', 'reversed', -50_025, -50_025],
      ]);
      expect(adjustmentCodes(t!.claims[0]!)).toEqual(['CR-45 -10000']);
      expect(adjustmentCodes(t!.claims[1]!)).toEqual(['CR-45 10000']);
      expect(t!.claims[2]!.serviceLines[0]).toMatchObject({
        procedure: 'HC:T1017:TG',
        chargeMinor: -50_025,
        units: 6,
        serviceDate: '2008-04-02',
      });
      expect(t!.claims[0]!.memberId).toBe('373899999');
      expect(t!.providerAdjustments.map((p) => [p.reason, p.reference, p.amountMinor])).toEqual([
        ['CS', undefined, -100_810],
        ['CS', undefined, 2421],
        ['CS', undefined, 595],
      ]);
    });

    it('reads pyx12-5010-denied: CLP02 4, no payment, a CAS on each of three lines', () => {
      // Act
      const result = parse835(fixture('pyx12-5010-denied.835'));
      // Assess
      const [t] = only(result);
      expect(t!.payment).toMatchObject({ handling: 'H', amountMinor: 0, method: 'NON', date: '2004-10-28' });
      const claim = t!.claims[0]!;
      expect(claim).toMatchObject({
        status: 'denied',
        chargeMinor: 91_539,
        paidMinor: 0,
        memberId: '00001612',
      });
      expect(adjustmentCodes(claim)).toEqual(['CO-16 50004', 'OA-A7 12780', 'OA-A7 28755']);
      expect(claim.serviceLines.map((l) => [l.units, l.serviceDate, l.remarks])).toEqual([
        [68, '2003-11-29', ['N14']],
        [16, '2003-10-30', ['N14']],
        [36, '2003-10-31', ['N14']],
      ]);
    });

    it('reads nevada-medicaid-5010-multi-st: non-fixed-width ISA, three ST, a PLB-only transaction, IEA02 mismatch', () => {
      // Act
      const result = parse835(fixture('nevada-medicaid-5010-multi-st.835'));
      // Assess
      const ts = only(result);
      expect(result.interchanges[0]).toMatchObject({
        sender: 'NVMED',
        receiver: '99999999',
        controlNumber: '100000300',
      });
      expect(result.warnings.map((w) => [w.code, w.segment, w.element])).toEqual([
        ['X12.ISA_NOT_FIXED_WIDTH', 1, undefined],
        ['X12.IEA_CONTROL', 67, 'IEA02'],
      ]);
      expect(ts.map((t) => [t.controlNumber, t.claims.map((c) => c.statusCode)])).toEqual([
        ['0001', ['4']],
        ['0002', ['2', '4']],
        ['0003', []],
      ]);
      expect(adjustmentCodes(ts[0]!.claims[0]!)).toEqual(['OA-147 5001600', 'CO-26 2221600']);
      expect(ts[0]!.claims[0]!.adjustments[0]!.quantity).toBe(0);
      expect(adjustmentCodes(ts[1]!.claims[0]!)).toEqual(['OA-176 300200']);
      expect(adjustmentCodes(ts[1]!.claims[1]!)).toEqual(['OA-147 936504', 'CO-26 3186600']);
      expect(ts[2]!.payment).toMatchObject({ handling: 'I', amountMinor: 181_227, method: 'CHK' });
      expect(ts[2]!.providerAdjustments.map((p) => `${p.reason}:${p.reference} ${p.amountMinor}`)).toEqual([
        'CT:888888888 -109246',
        'CT:888888888 -71981',
        'CS:8888888888887 -18155',
        'CS:8888888888887 18155',
        'CS:8888888888888 -13000',
        'CS:8888888888888 13000',
      ]);
      expect(ts[2]!.providerAdjustments[0]).toMatchObject({
        providerId: '8888888888',
        fiscalPeriodEnd: '2018-12-31',
      });
    });

    it('reads oopfactory-4010-grip-elements: BOM, CRLF, indentation, nine claims and every CAS group', () => {
      // Act
      const result = parse835(fixture('oopfactory-4010-grip-elements.835'));
      // Assess
      const [t] = only(result);
      expect(result.warnings).toEqual([]);
      expect(result.interchanges[0]).toMatchObject({ sender: 'ASHTB', date: '2004-03-15' });
      expect(t!.payee.name).toBe('LAKE AREA RECOVERY CENTER');
      expect(t!.claims.map((c) => c.statusCode)).toEqual(['1', '4', '4', '2', '4', '1', '25', '22', '22']);
      expect(t!.claims.map((c) => c.status)).toEqual([
        'processed-primary',
        'denied',
        'denied',
        'processed-secondary',
        'denied',
        'processed-primary',
        'other',
        'reversed',
        'reversed',
      ]);
      const groups = new Set(t!.claims.flatMap((c) => adjustmentCodes(c).map((a) => a.split('-')[0])));
      expect([...groups].sort()).toEqual(['CO', 'CR', 'OA', 'PI', 'PR']);
      expect(adjustmentCodes(t!.claims[4]!)).toEqual(['CO-42 0', 'OA-23 5760', 'OA-23 -108']);
      expect(adjustmentCodes(t!.claims[7]!)).toEqual(['CR-141 0', 'CR-42 0', 'CR-22 0', 'OA-141 0']);
      expect(t!.claims[7]!).toMatchObject({ chargeMinor: -4258, paidMinor: -4258 });
      expect(t!.claims[7]!.serviceLines[0]).toMatchObject({ procedure: 'HC:H0036:GT:UK', units: -2 });
      expect(t!.claims[8]!.serviceLines[0]).toMatchObject({ serviceDate: '2004-02-10', remarks: ['MA92'] });
      expect(t!.claims[2]!.serviceLines[0]!.units).toBe(1.9);
      expect(t!.providerAdjustments).toEqual([
        {
          providerId: '123456',
          fiscalPeriodEnd: '1996-09-30',
          reason: 'CV',
          reference: '9876514',
          amountMinor: -127,
          segment: 96,
        },
      ]);
    });
  });

  describe('parse835 (malformed files)', () => {
    const medicare = fixture('lfh-5010-medicare-part-a.835');

    it.each([
      ['an empty file', '', 'X12.NO_ISA', 1, 'ISA'],
      ['no ISA', medicare.slice(medicare.indexOf('GS*')), 'X12.NO_ISA', 1, 'ISA'],
      ['an ISA cut short at the end of the file', medicare.slice(0, 60), 'X12.TRUNCATED_ISA', 1, 'ISA'],
      ['an ISA without its last elements', medicare.replace('*1*T*:~', '~'), 'X12.TRUNCATED_ISA', 1, 'ISA'],
      [
        'a CLP outside a transaction',
        medicare.replace('ST*835*1234~', 'CLP*1*1*1*1~\nST*835*1234~'),
        'X12.OUTSIDE_TRANSACTION',
        3,
        'CLP',
      ],
      [
        'an SE before its ST',
        medicare.replace('ST*835*1234~', 'SE*2*1234~\nST*835*1234~'),
        'X12.SE_WITHOUT_ST',
        3,
        'SE',
      ],
      ['no IEA', medicare.slice(0, medicare.indexOf('IEA*')), 'X12.MISSING_IEA', 31, 'GE'],
      ['no SE', medicare.replace('SE*28*1234~\n', ''), 'X12.MISSING_SE', 30, 'GE'],
      [
        'a transaction that is not an 835',
        medicare.replace('ST*835*1234', 'ST*837*1234'),
        'X12.NOT_835',
        3,
        'ST',
      ],
      [
        'a CAS before any CLP',
        medicare.replace('LX*110212~', 'CAS*CO*45*1~'),
        'X12.OUTSIDE_CLAIM',
        12,
        'CAS',
      ],
      [
        'an unknown CAS group',
        medicare.replace('CAS*CO*45*73348.57', 'CAS*XY*45*73348.57'),
        'X12.BAD_CODE',
        16,
        'CAS',
      ],
      ['a transaction without BPR', medicare.replace(/BPR\*[^~]*~\n/, ''), 'X12.MISSING_BPR', 29, 'SE'],
      [
        'a segment with another element separator',
        medicare.replace('GS*', 'GS|'),
        'X12.BAD_SEGMENT_ID',
        2,
        'GS|HP',
      ],
    ])('rejects %s, naming the segment', (_case, text, code, segment, segmentId) => {
      // Act
      const error = parseError(text);
      // Assess
      expect(error.code).toBe(code);
      expect(error.position.segment).toBe(segment);
      expect(error.message).toMatch(new RegExp(`^segment ${segment} \\(`));
      expect(error.position.segmentId).toBe(segmentId);
    });

    it.each([
      ['CLP*666123*1*211366.97*138018.40', 'CLP*666123*1*211366.97*12.3x', 'CLP04 "12.3x" is not an amount'],
      [
        'CLP*666123*1*211366.97*138018.40',
        'CLP*666123*1*211366.97*138018.405',
        'CLP04 "138018.405" has more than 2 decimals',
      ],
      [
        'CLP*666123*1*211366.97*138018.40',
        'CLP*666123*1*211366.97*',
        'CLP04 is empty; an amount is required',
      ],
      ['CLP*666123*1', 'CLP**1', 'CLP01 is empty'],
    ])('names segment 15 and the element for a bad CLP value (%s -> %s)', (from, to, detail) => {
      // Act
      const error = parseError(medicare.replace(from, to));
      // Assess
      expect(error.message.startsWith(`segment 15 (CLP), ${detail}`)).toBe(true);
      expect(error.message.endsWith('(segment 13 of transaction 1234)')).toBe(true);
      expect(error.position).toMatchObject({ segment: 15, segmentId: 'CLP', transactionSegment: 13 });
    });

    it('reads an amount padded with spaces', () => {
      // Act
      const result = parse835(medicare.replace('*138018.40*', '* 138018.40 *'));
      // Assess
      expect(result.interchanges[0]!.transactions[0]!.claims[0]!.paidMinor).toBe(13_801_840);
    });

    it('names DTM02 for a date that does not exist', () => {
      // Act
      const error = parseError(medicare.replace('DTM*232*20020816', 'DTM*232*20020231'));
      // Assess
      expect(error.message).toBe(
        'segment 19 (DTM), DTM02 "20020231" is not a date (CCYYMMDD) (segment 17 of transaction 1234)',
      );
      expect(error.code).toBe('X12.BAD_DATE');
    });

    it('reads two interchanges with different delimiters from one file, warnings naming the second', () => {
      // Prepare
      const two = `${medicare}\n${fixture('tigershark-4010-pipe-multi-st.835')}`;
      // Act
      const result = parse835(two);
      // Assess
      expect(result.interchanges.map((ic) => [ic.controlNumber, ic.transactions.length])).toEqual([
        ['000000907', 1],
        ['000015442', 2],
      ]);
      expect(result.warnings.map((w) => [w.interchange, w.segment])).toEqual([
        [2, 1],
        [2, 31],
        [2, 61],
        [2, 62],
      ]);
      expect(result.warnings[1]!.message).toMatch(/^interchange 2, segment 31 \(SE\), SE01/);
    });

    it('warns about an ISA11 that cannot be a 5010 repetition separator and reads on', () => {
      // Act
      const result = parse835(medicare.replace('*^*00501*', '*U*00501*'));
      // Assess
      expect(result.warnings.map((w) => [w.code, w.segment, w.element])).toEqual([
        ['X12.BAD_REPETITION_SEPARATOR', 1, 'ISA11'],
      ]);
      expect(result.interchanges[0]!.transactions[0]!.claims).toHaveLength(2);
    });

    it('rejects an ISA whose terminator is also its component separator', () => {
      // Act
      const error = parseError(medicare.replace('*:~', '*::'));
      // Assess
      expect(error.code).toBe('X12.BAD_ISA');
      expect(error.message).toBe('segment 1 (ISA) uses ":" both as segment terminator and as a separator');
    });

    it('counts segments per interchange when a file holds two', () => {
      // Prepare
      const two = `${medicare}\n${medicare.replace('CLP*777777*1*15000.00', 'CLP*777777*1*15x')}`;
      // Act
      const error = parseError(two);
      // Assess
      expect(error.position).toMatchObject({
        interchange: 2,
        segment: 24,
        segmentId: 'CLP',
        element: 'CLP03',
      });
      expect(error.message).toMatch(/^interchange 2, segment 24 \(CLP\), CLP03 "15x" is not an amount/);
    });
  });

  describe('claimStatusOf', () => {
    it.each([
      ['1', 'processed-primary'],
      ['19', 'processed-primary'],
      ['2', 'processed-secondary'],
      ['20', 'processed-secondary'],
      ['3', 'processed-tertiary'],
      ['21', 'processed-tertiary'],
      ['4', 'denied'],
      ['22', 'reversed'],
      ['23', 'not-our-claim'],
      ['25', 'other'],
      ['constructor', 'other'],
    ])('maps CLP02 %s to %s', (code, status) => {
      // Act / Assess
      expect(claimStatusOf(code)).toBe(status);
    });
  });
});
