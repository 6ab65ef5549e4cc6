// The appeal letter for a denied claim: what it says to the payer for each denial category, what
// it refuses, and what it warns the clerk about.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AppealLetterError,
  addressLines,
  checkAppealable,
  draftAppealLetter,
  type OfficeProfile,
} from '../../../core/claims/appeal-letter.js';
import type { Block } from '../../../core/documents/document.js';
import { renderText } from '../../../core/documents/render.js';
import type { Claim, Customer } from '../../../core/ledger/ledger.js';
import { customer } from '../../support/ledger-builders.js';

const claim = (over: Partial<Claim> = {}): Claim => ({
  row: 7,
  claimId: 'CLM-1001',
  customerId: 'P-1',
  payer: 'Blue Shield of Example',
  payerType: 'commercial',
  payerAddress: 'PO Box 272540\nChico, CA 95927',
  payerClaimNumber: '2026111800123',
  memberId: 'XYZ123456789',
  serviceFrom: '2026-09-14',
  submittedOn: '2026-09-20',
  billedMinor: 148_500,
  allowedMinor: 0,
  paidMinor: 0,
  currency: 'USD',
  status: 'denied',
  adjustmentCodes: ['CO-50'],
  remarkCodes: [],
  denialDate: '2026-10-20',
  appealDeadline: '2027-04-18',
  appealStatus: 'none',
  ...over,
});

const patient: Customer = customer('P-1', { name: 'Ana Ruiz', email: 'ana@example.org' });

const office: OfficeProfile = {
  name: 'Maple Street Family Medicine',
  addressLines: ['12 Maple Street, Suite 4', 'Springfield, IL 62701'],
  phone: '(217) 555-0142',
  npi: '1234567893',
  taxId: '12-3456789',
  signerName: 'Dana Reyes',
  signerTitle: 'Billing Manager',
};

const draft = (over: Partial<Claim> = {}, extra: { authorizationNumber?: string } = {}) =>
  draftAppealLetter({ claim: claim(over), patient, office, asOf: '2026-11-23', ...extra });

const textOf = (over: Partial<Claim> = {}, extra: { authorizationNumber?: string } = {}) =>
  renderText(draft(over, extra).document);

const blocksOf = <K extends Block['kind']>(blocks: Block[], kind: K) =>
  blocks.filter((b): b is Extract<Block, { kind: K }> => b.kind === kind);

describe('core/claims/appeal-letter', () => {
  describe('draftAppealLetter', () => {
    it('returns a letter with letterhead, date, payer address and the claim identifiers', () => {
      // Act
      const text = textOf();
      // Assess
      for (const expected of [
        'Maple Street Family Medicine',
        '12 Maple Street, Suite 4',
        '23 November 2026',
        'Blue Shield of Example\nAttn: Appeals\nPO Box 272540\nChico, CA 95927',
        'Ana Ruiz',
        'XYZ123456789',
        '2026111800123',
        'CLM-1001',
        '14 September 2026',
        '20 October 2026',
      ]) {
        expect(text).toContain(expected);
      }
    });

    it('returns the billed, allowed and paid amounts formatted in the claim currency', () => {
      // Act
      const letter = draft({
        billedMinor: 148_500,
        allowedMinor: 92_010,
        paidMinor: 0,
        patientResponsibilityMinor: 2_500,
      });
      // Assess
      const fields = new Map(blocksOf(letter.document.blocks, 'fields')[0]!.rows);
      expect(fields.get('Billed')).toBe('USD 1,485.00');
      expect(fields.get('Allowed')).toBe('USD 920.10');
      expect(fields.get('Paid')).toBe('USD 0.00');
      expect(fields.get('Patient responsibility')).toBe('USD 25.00');
      expect(fields.get('Billing provider')).toBe('NPI 1234567893, Tax ID 12-3456789');
    });

    it('returns no Paid line for a partly paid claim whose paid amount is not known', () => {
      const fields = new Map(
        blocksOf(draft({ status: 'partly-paid', paidMinor: undefined }).document.blocks, 'fields')[0]!.rows,
      );
      expect(fields.has('Paid')).toBe(false);
      expect(fields.get('Billed')).toBe('USD 1,485.00');
    });

    it('returns the service period when the claim spans several days', () => {
      expect(textOf({ serviceTo: '2026-09-16' })).toContain('14 September 2026 to 16 September 2026');
    });

    it.each([
      [
        'CO-50',
        'medical-necessity',
        'medically necessary',
        'Letter of medical necessity signed by the treating physician',
      ],
      [
        'CO-197',
        'authorization',
        'retroactive authorization',
        'Authorization approval or referral, with its number',
      ],
      ['CO-29', 'timely-filing', 'first submitted on 20 September 2026', 'Proof of timely submission'],
      ['CO-16', 'missing-information', 'corrected claim', 'Corrected claim'],
      ['CO-22', 'coordination-of-benefits', 'primary payer', "Primary payer's explanation of benefits (EOB)"],
      ['CO-96', 'non-covered', 'coverage provision', 'The plan provision or policy section that applies'],
      ['CO-18', 'duplicate', 'not a duplicate', 'The earlier claim and its remittance'],
      ['CO-999', 'general', 'denied in error', 'Medical records for the date(s) of service'],
    ])('returns for %s the %s argument and its enclosures', (code, category, argument, enclosure) => {
      // Act
      const letter = draft({ adjustmentCodes: ['CO-45', code] });
      const text = renderText(letter.document);
      // Assess
      expect(letter.category).toBe(category);
      expect(text.replace(/\s+/g, ' ')).toContain(argument);
      const items = blocksOf(letter.document.blocks, 'checklist').flatMap((b) => b.items.map((i) => i.text));
      expect(items.some((i) => i.startsWith(enclosure))).toBe(true);
      expect(items).toContain('Remittance advice or EOB showing the denial');
      expect(
        items.every(
          (i) => !blocksOf(letter.document.blocks, 'checklist')[0]!.items.find((x) => x.text === i)?.checked,
        ),
      ).toBe(true);
    });

    it('returns each denial reason in plain words and leaves contractual write-downs out', () => {
      const letter = draft({ adjustmentCodes: ['CO-45', 'CO-50', 'PR-1', 'CO-999'] });
      expect(letter.reasons.map((r) => r.code)).toEqual(['CO-50', 'CO-999']);
      expect(letter.reasons[0]!.description.toLowerCase()).toContain('medical necessity');
      expect(letter.reasons[1]!.description).toContain('not in our table');
      const reasons = blocksOf(letter.document.blocks, 'table')[0]!;
      expect(reasons.rows.map((r) => r[0])).toEqual(['CO-50', 'CO-999']);
    });

    it('returns one argument per category when the denial has several', () => {
      const letter = draft({ adjustmentCodes: ['CO-16', 'CO-50', 'CO-16'] });
      expect(letter.categories).toEqual(['missing-information', 'medical-necessity']);
      const text = renderText(letter.document).replace(/\s+/g, ' ');
      expect(text).toContain('corrected claim');
      expect(text).toContain('medically necessary');
    });

    it('returns the authorization number in the argument when one is given', () => {
      const text = textOf({ adjustmentCodes: ['CO-197'] }, { authorizationNumber: 'AUTH-55821' });
      expect(text).toContain('authorization number AUTH-55821');
      expect(text).not.toContain('retroactive');
    });

    it('returns a Medicare appeal as a request for redetermination', () => {
      const letter = draft({ payerType: 'medicare' });
      expect(letter.document.title).toContain('Request for Redetermination');
      expect(renderText(letter.document)).toContain('We ask for a redetermination');
      expect(renderText(letter.document)).toMatch(/Medicare number: +XYZ123456789/);
    });

    it('returns the appeal deadline while it is open, and a warning instead once it passed', () => {
      expect(textOf({ appealDeadline: '2027-04-18' })).toContain('ends on 18 April 2027');
      const late = draft({ appealDeadline: '2026-11-20' });
      expect(renderText(late.document)).not.toContain('appeal period');
      expect(late.warnings).toContain(
        'the appeal deadline 2026-11-20 passed 3 days ago; the payer may refuse the appeal unless good cause for the delay is shown',
      );
      expect(draft({ appealDeadline: undefined }).warnings.join('\n')).toContain('no Appeal Deadline');
    });

    it('returns a marked placeholder and a warning when the payer address is missing', () => {
      const letter = draft({ payerAddress: undefined, memberId: undefined });
      const text = renderText(letter.document);
      expect(text).toContain(
        "Blue Shield of Example\nAttn: Appeals\n[Payer's appeals address: complete before sending]",
      );
      expect(text).toContain('Member ID:');
      expect(text).toContain('[not on file]');
      expect(letter.warnings.join('\n')).toMatch(/no Payer Address[\s\S]*no Member ID/);
    });

    it('returns warnings for each placeholder in the office profile', () => {
      const letter = draftAppealLetter({
        claim: claim(),
        patient,
        office: { name: '[Practice name]', addressLines: ['[Street address]'], npi: '[NPI]' },
        asOf: '2026-11-23',
      });
      expect(letter.warnings).toEqual(
        expect.arrayContaining([
          'the office name is a placeholder; fill it in',
          'the office address is a placeholder; fill it in',
          'the office NPI is a placeholder; fill it in',
        ]),
      );
    });

    it('returns a summary naming the claim, payer, category, codes and deadline', () => {
      expect(draft({ adjustmentCodes: ['CO-45', 'CO-197'] }).summary).toBe(
        'Appeal of Claim Denial for claim CLM-1001 to Blue Shield of Example: authorization (CO-197), appeal by 2027-04-18',
      );
    });

    it('returns signature lines with the signer, and a footer marking the letter for the payer only', () => {
      const letter = draft();
      const text = renderText(letter.document);
      expect(text).toContain('Sincerely,\n\n______________________________\nDana Reyes\nBilling Manager');
      expect(letter.document.footer).toContain("for the payer's appeals department only");
    });

    it.each([
      ['paid', ['CO-45'], 'APPEAL.NOT_DENIED', 'Claims row 7 (claim CLM-1001) has status "paid"'],
      ['submitted', [], 'APPEAL.NOT_DENIED', 'only a claim the payer denied can be appealed (status denied'],
      [
        'denied',
        ['CO-45', 'PR-1'],
        'APPEAL.NO_DENIAL_CODES',
        'has no denial code in Adjustment Codes (found: CO-45, PR-1)',
      ],
      ['denied', [], 'APPEAL.NO_DENIAL_CODES', '(found: none)'],
      // The prior payer's share (OA-23) and a CR correction are write-downs, not denials.
      ['denied', ['OA-23', 'CR-45'], 'APPEAL.NO_DENIAL_CODES', '(found: OA-23, CR-45)'],
    ] as const)('throws for a %s claim with codes %j', (status, codes, code, message) => {
      // Act
      const act = () => draft({ status, adjustmentCodes: [...codes] });
      // Assess
      expect(act).toThrow(AppealLetterError);
      expect(act).toThrow(message);
      try {
        act();
      } catch (e) {
        expect((e as AppealLetterError).code).toBe(code);
      }
    });

    it('throws when the patient is not the claim customer', () => {
      expect(() =>
        draftAppealLetter({ claim: claim(), patient: customer('P-2'), office, asOf: '2026-11-23' }),
      ).toThrow('is for customer P-1, not P-2');
    });
  });

  describe('addressLines', () => {
    it.each([
      ['PO Box 272540\nChico, CA 95927', ['PO Box 272540', 'Chico, CA 95927']],
      [
        'Aetna Appeals, P.O. Box 14463, Lexington, KY 40512',
        ['Aetna Appeals', 'P.O. Box 14463', 'Lexington, KY 40512'],
      ],
      ['1 Main St, Suite 2, Albany, NY 12207-1234', ['1 Main St', 'Suite 2', 'Albany, NY 12207-1234']],
      ['', []],
    ])('returns %j as %j', (cell, lines) => {
      expect(addressLines(cell)).toEqual(lines);
    });
  });

  describe('draftAppealLetter (payer address)', () => {
    it('returns the address as given when it names the payer and its appeals unit', () => {
      const text = textOf({
        payer: 'Aetna',
        payerAddress: 'Aetna Appeals, P.O. Box 14463, Lexington, KY 40512',
      });
      expect(text).toContain('23 November 2026\n\nAetna Appeals\nP.O. Box 14463\nLexington, KY 40512\n');
    });

    it('returns the payer name and an appeals line above an address that has neither', () => {
      expect(textOf()).toContain('Blue Shield of Example\nAttn: Appeals\nPO Box 272540\nChico, CA 95927');
    });
  });

  describe('checkAppealable', () => {
    it.each([
      ['denied', true],
      ['partly-paid', true],
      ['reversed', true],
      ['appealed', true],
      ['submitted', false],
      ['pending', false],
      ['paid', false],
      ['closed', false],
    ] as const)('returns for status %s with a denial code ok=%s', (status, ok) => {
      expect(checkAppealable(claim({ status, adjustmentCodes: ['CO-50'] })).ok).toBe(ok);
    });
  });

  describe('patient messages', () => {
    it('returns templates that never import the appeal letter, so claim detail stays out of patient email', () => {
      const templates = readFileSync(
        new URL('../../../core/collections/templates.ts', import.meta.url),
        'utf8',
      );
      expect(templates).not.toMatch(/from '\.\/claims\//);
      expect(templates).not.toMatch(/from '\.\/documents\//);
    });
  });
});
