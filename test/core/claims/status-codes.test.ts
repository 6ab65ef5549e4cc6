// The claim status tables: every category the standard lists has words and a class, and an STC
// composite is said in plain words with the entity it names.
import { describe, expect, it } from 'vitest';
import {
  describeStatus,
  payerStatusClass,
  payerStatusWords,
  STATUS_CLASS_RULES,
  STATUS_CLASSES,
  statusCategories,
  statusCategory,
} from '../../../core/claims/status-codes.js';

const STANDARD_CATEGORIES = [
  ...['A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8'],
  ...['F0', 'F1', 'F2', 'F3', 'F4'],
  ...['P0', 'P1', 'P2', 'P3', 'P4', 'P5'],
  ...['R0', 'R1', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10', 'R11', 'R12', 'R13', 'R14', 'R15', 'R16'],
  ...['E0', 'E1', 'E2', 'E3', 'E4'],
];

describe('status-codes', () => {
  describe('statusCategory', () => {
    it.each(STANDARD_CATEGORIES)('knows category %s with words and a class that has a rule', (code) => {
      const c = statusCategory(code);
      expect(c?.words).toMatch(/\w/);
      expect(STATUS_CLASSES).toContain(c?.class);
      expect(STATUS_CLASS_RULES[c!.class].nextStep).toMatch(/\w/);
    });

    it.each([
      ['A3', 'rejected'],
      ['A6', 'rejected'],
      ['A7', 'rejected'],
      ['A8', 'rejected'],
      ['P1', 'pended'],
      ['R4', 'info-requested'],
      ['E0', 'inquiry-error'],
      ['E2', 'retry-later'],
      ['F2', 'finalized'],
      ['A2', 'acknowledged'],
    ])('classes %s as %s', (code, cls) => {
      expect(statusCategory(code)?.class).toBe(cls);
    });

    it('has no code twice', () => {
      const codes = statusCategories().map((c) => c.code);
      expect(new Set(codes).size).toBe(codes.length);
    });
  });

  describe('describeStatus', () => {
    it.each([
      ['A7', '33', 'IL', 'rejected: information invalid: subscriber and subscriber id not found'],
      [
        'F2',
        '88',
        'QC',
        'finalized: denied: patient not eligible for benefits for submitted dates of service',
      ],
      [
        'E0',
        '24',
        '1P',
        'no answer: the status request has an error: provider not approved as an electronic submitter',
      ],
      ['A6', '158', 'QC', "rejected: information missing: patient's date of birth"],
      ['P1', '', undefined, 'pending: in process'],
    ])('says %s:%s:%s as "%s"', (category, code, entity, words) => {
      expect(describeStatus(category, code, entity)).toMatchObject({ words, unknown: [] });
    });

    it('says unknown codes as codes and lists them, never guessing', () => {
      expect(describeStatus('Q9', '9999', 'ZZ')).toEqual({
        category: 'Q9',
        code: '9999',
        entity: 'ZZ',
        words: "category Q9 (not in Duebook's table): status code 9999 (not in Duebook's table)",
        unknown: ['category Q9', 'status 9999', 'entity ZZ'],
      });
    });
  });

  describe('payerStatusClass', () => {
    it('reads the class back from a Payer Status cell', () => {
      expect(payerStatusClass('A7:33:IL rejected: information invalid')).toBe('rejected');
      expect(payerStatusClass('P3:317 + R4:294 pending')).toBe('pended');
      expect(payerStatusClass('called the payer: pending')).toBeUndefined();
      expect(payerStatusClass(undefined)).toBeUndefined();
      expect(payerStatusWords('A7:33:IL + A7:158:QC rejected: x')).toBe('rejected: x');
    });
  });
});
