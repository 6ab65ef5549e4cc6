// Tests for reading 835 files as payers really send them (issue 15): damage kept to the claim or
// payment it is in and flagged for review, composite separators, payee loops, bare transactions,
// and the oddities that are read but warned about.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse835 } from '../../../core/x12/parse-835.js';
import type { RemitClaim } from '../../../core/x12/remittance.js';
import { reviewItems, reviewSummary } from '../../../core/x12/review.js';
import { X12ParseError } from '../../../core/x12/x12-error.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/x12-835/${name}`, import.meta.url), 'utf8');

const claimsOf = (text: string): RemitClaim[] =>
  parse835(text).interchanges.flatMap((ic) => ic.transactions.flatMap((t) => t.claims));

const codes = (ws: readonly { code: string }[]) => ws.map((w) => w.code);

describe('x12/parse-835', () => {
  describe('parse835 (damage stays in its claim or payment)', () => {
    it('reads a payment date of 20002316 in BPR16 (lfh managed-care), flags the payment, keeps both claims', () => {
      // Act
      const result = parse835(fixture('lfh-5010-managed-care-bad-date.835'));
      // Assess
      const t = result.interchanges[0]!.transactions[0]!;
      expect(t.claims.map((c) => [c.patientControlNumber, c.paidMinor, c.review])).toEqual([
        ['5554555444', 45_000, undefined],
        ['8765432112', 49_500, undefined],
      ]);
      expect(t.payment.date).toBeUndefined();
      expect(t.review).toHaveLength(1);
      expect(t.review![0]).toMatchObject({
        code: 'X12.BAD_DATE',
        segment: 4,
        segmentId: 'BPR',
        element: 'BPR16',
      });
      expect(t.review![0]!.message).toBe(
        'segment 4 (BPR), BPR16 "20002316" is not a date (CCYYMMDD) (segment 2 of transaction 112233)',
      );
      const items = reviewItems(result.interchanges);
      expect(items.map((i) => [i.scope, i.amountMinor])).toEqual([['payment', 94_500]]);
      expect(reviewSummary(items)).toMatchObject({ claims: 0, payments: 1, amountMinor: 94_500 });
    });

    it('keeps the other eight claims of oopfactory when one CLP is cut short (CLP*090909*22~)', () => {
      // Prepare
      const text = fixture('oopfactory-4010-grip-elements.835');
      const damaged = text.replace('CLP*090909*22*-86.76*-86.76*0*MC*0000000648484848*53~', 'CLP*090909*22~');
      // Act
      const before = claimsOf(text);
      const result = parse835(damaged);
      const after = result.interchanges[0]!.transactions.flatMap((t) => t.claims);
      // Assess
      expect(after).toHaveLength(9);
      expect(after.slice(0, 8)).toEqual(before.slice(0, 8));
      const flagged = after[8]!;
      expect(flagged.patientControlNumber).toBe('090909');
      expect(flagged.review!.map((f) => [f.code, f.element])).toEqual([
        ['X12.BAD_AMOUNT', 'CLP03'],
        ['X12.BAD_AMOUNT', 'CLP04'],
      ]);
      // The money in it is what its service line pays: -86.76.
      const items = reviewItems(result.interchanges);
      expect(items.map((i) => [i.scope, i.patientControlNumber, i.amountMinor])).toEqual([
        ['claim', '090909', -8_676],
      ]);
    });

    it('flags the payment when a segment id is mistyped (PLXX for PLB) and names the money it leaves unexplained', () => {
      // Prepare
      const text = fixture('lfh-5010-medicare-part-a.835').replace('PLB*', 'PLXX*');
      // Act
      const result = parse835(text);
      // Assess
      const t = result.interchanges[0]!.transactions[0]!;
      expect(t.claims.map((c) => [c.patientControlNumber, c.paidMinor, c.review])).toEqual([
        ['666123', 13_801_840, undefined],
        ['777777', 1_198_033, undefined],
      ]);
      expect(t.providerAdjustments).toEqual([]);
      expect(t.review!.map((f) => [f.code, f.segment, f.segmentId])).toEqual([
        ['X12.BAD_SEGMENT_ID', 29, 'PLXX'],
      ]);
      expect(reviewItems(result.interchanges).map((i) => [i.scope, i.amountMinor])).toEqual([
        ['payment', 127],
      ]);
    });

    it('flags the claim whose CAS still holds template placeholders and reads the other claim whole', () => {
      // Prepare
      const text = fixture('lfh-5010-medicare-part-a.835').replace(
        'CAS*CO*45*3019.67~',
        'CAS*CO*{CARC}*{AMOUNT}~',
      );
      // Act
      const claims = claimsOf(text);
      // Assess
      expect(claims[0]!.review).toBeUndefined();
      expect(claims[1]!.review!.map((f) => [f.code, f.segmentId, f.element])).toEqual([
        ['X12.BAD_AMOUNT', 'CAS', 'CAS03'],
      ]);
      expect(claims[1]!.paidMinor).toBe(1_198_033);
    });

    it('flags the bcbsnc claim whose third SVC has an empty SVC02 and keeps its two whole lines', () => {
      // Act
      const result = parse835(fixture('bcbsnc-5010-bare-st.835'));
      // Assess
      const claim = result.interchanges[0]!.transactions[0]!.claims[0]!;
      expect(claim.serviceLines.map((l) => [l.procedure, l.chargeMinor, l.paidMinor])).toEqual([
        ['HC:59430', 121_000, 105_786],
        ['HC:59440', 89_000, 86_500],
      ]);
      expect(claim.review!.map((f) => [f.segmentId, f.element, f.code])).toEqual([
        ['SVC', 'SVC02', 'X12.BAD_AMOUNT'],
      ]);
      expect(reviewSummary(reviewItems(result.interchanges))).toMatchObject({
        claims: 1,
        payments: 0,
        amountMinor: 192_286,
      });
    });

    it('still throws at the first defect with { strict: true }', () => {
      // Act / Assess
      expect(() => parse835(fixture('lfh-5010-managed-care-bad-date.835'), { strict: true })).toThrow(
        X12ParseError,
      );
    });
  });

  describe('parse835 (composite separators)', () => {
    it('reads SVC01 "HC>55669" in a file whose ISA16 is ":" (lfh cob) and keeps the line', () => {
      // Act
      const result = parse835(fixture('lfh-5010-cob-component-gt.835'));
      // Assess
      const claim = result.interchanges[0]!.transactions[0]!.claims[0]!;
      expect(claim.review).toBeUndefined();
      expect(claim.serviceLines).toMatchObject([
        { procedure: 'HC:55669', chargeMinor: 54_100, paidMinor: 3_400, units: 1, serviceDate: '2005-02-02' },
      ]);
      expect(
        claim.serviceLines[0]!.adjustments.map((a) => `${a.group}-${a.reason} ${a.amountMinor}`),
      ).toEqual(['OA-23 51600', 'OA-94 -900']);
      expect(codes(result.warnings)).toEqual(['X12.BPR_DATE_MISPLACED', 'X12.COMPONENT_SEPARATOR']);
      expect(result.warnings[1]!.message).toContain('">"');
    });

    it('reads both "HC>12345>26" lines of lfh secondary-payment with their modifiers', () => {
      // Act
      const claims = claimsOf(fixture('lfh-5010-secondary-component-gt.835'));
      // Assess
      expect(claims[1]!.serviceLines.map((l) => [l.procedure, l.chargeMinor, l.paidMinor])).toEqual([
        ['HC:12345:26', 16_650, 3_000],
        ['HC:66543:26', 58_500, 28_000],
      ]);
    });
  });

  describe('parse835 (payee loops)', () => {
    it("takes the header's payee and warns about N1*PE loops after the claims", () => {
      // Prepare
      const text = fixture('lfh-5010-medicare-part-a.835')
        .replace('LX*130212~', 'N1*PE*SECOND PAYEE*XX*1111111111~\nLX*130212~')
        .replace('PLB*', 'N1*PE*THIRD PAYEE*XX*2222222222~\nN3*9 ELSEWHERE~\nPLB*');
      // Act
      const result = parse835(text);
      // Assess
      const t = result.interchanges[0]!.transactions[0]!;
      expect(t.payee).toEqual({ name: 'REGIONAL HOPE HOSPITAL', id: '6543210903' });
      expect(result.warnings.filter((w) => w.code === 'X12.PAYEE_MISPLACED').map((w) => w.segment)).toEqual([
        22, 30,
      ]);
      expect(t.claims).toHaveLength(2);
      expect(t.providerAdjustments).toHaveLength(1);
    });
  });

  describe('parse835 (transactions without an envelope)', () => {
    it('reads a bare ST..SE transaction (bcbsnc) with the default delimiters and says the envelope is missing', () => {
      // Act
      const result = parse835(fixture('bcbsnc-5010-bare-st.835'));
      // Assess
      const t = result.interchanges[0]!.transactions[0]!;
      expect(t.controlNumber).toBe('1234');
      expect(t.payment).toMatchObject({ amountMinor: 192_286, date: '2011-01-08', traceNumber: '02790758' });
      expect(t.payer.name).toBe('BLUE CROSS AND BLUE SHIELD OF NORTH CAROLINA');
      expect(t.claims.map((c) => [c.patientControlNumber, c.chargeMinor, c.paidMinor])).toEqual([
        ['200200964A52', 210_000, 192_286],
      ]);
      expect(codes(result.warnings)).toContain('X12.NO_ENVELOPE');
    });

    it('reads a file that starts at GS (no ISA) and says so', () => {
      // Prepare
      const text = fixture('lfh-5010-medicare-part-a.835');
      // Act
      const result = parse835(text.slice(text.indexOf('GS*'), text.indexOf('IEA*')));
      // Assess
      expect(result.interchanges[0]!.transactions[0]!.claims.map((c) => c.patientControlNumber)).toEqual([
        '666123',
        '777777',
      ]);
      expect(result.warnings.map((w) => w.code)).toEqual(['X12.NO_ENVELOPE']);
    });

    it('reads several bare transactions separated by line breaks', () => {
      // Prepare
      const one = fixture('bcbsnc-5010-bare-st.835');
      // Act
      const result = parse835(`${one}\n${one.replaceAll('1234', '1235')}\n`);
      // Assess
      expect(result.interchanges[0]!.transactions.map((t) => t.controlNumber)).toEqual(['1234', '1235']);
    });
  });

  describe('parse835 (oddities read with a warning)', () => {
    it('warns when the payment date sits one element early, in BPR15 (lfh tertiary)', () => {
      // Act
      const result = parse835(fixture('lfh-5010-tertiary-payment.835'));
      // Assess
      const w = result.warnings.find((x) => x.code === 'X12.BPR_DATE_MISPLACED');
      expect(w).toMatchObject({ segment: 4, element: 'BPR15' });
      expect(w!.message).toContain('20050412');
    });

    it.each([['5010'], ['999999X999X9']])('warns about the unknown version %s', (version) => {
      // Prepare
      const text = fixture('lfh-5010-medicare-part-a.835').replace('*X*005010X221A1~', `*X*${version}~`);
      // Act
      const result = parse835(text);
      // Assess
      const w = result.warnings.find((x) => x.code === 'X12.UNKNOWN_VERSION');
      expect(w?.message).toContain(`"${version}"`);
      expect(result.interchanges[0]!.transactions[0]!.claims).toHaveLength(2);
    });

    it("warns when a claim's adjustments (999.00) are not its charge minus paid (499.50)", () => {
      // Prepare
      const text = fixture('lfh-5010-medicare-part-a.835').replace(
        'CLP*777777*1*15000.00*11980.33**MB*1999999444445*13*1~\nCAS*CO*45*3019.67~',
        'CLP*777777*1*999.50*500.00**MB*1999999444445*13*1~\nCAS*CO*45*999.00~',
      );
      // Act
      const result = parse835(text);
      // Assess
      const w = result.warnings.filter((x) => x.code === 'X12.CLAIM_UNBALANCED');
      expect(w.map((x) => [x.segment, x.segmentId])).toEqual([[24, 'CLP']]);
      expect(w[0]!.message).toContain('999.00');
      expect(w[0]!.message).toContain('499.50');
    });
  });
});
