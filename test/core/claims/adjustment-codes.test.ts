// Tests for core/claims/adjustment-codes.ts: the CARC table, group-code rules and denial categories.
import { describe, expect, it } from 'vitest';
import {
  adjustmentEffect,
  DENIAL_CATEGORIES,
  denialCategoryOf,
  firstDenialCode,
  lookupReason,
  parseAdjustmentCode,
  reasonCodes,
} from '../../../core/claims/adjustment-codes.js';

describe('core/claims/adjustment-codes', () => {
  describe('reasonCodes', () => {
    it('returns a table of well over 80 unique codes, each with a known category and a description', () => {
      // Act
      const table = reasonCodes();
      // Assess
      expect(table.length).toBeGreaterThanOrEqual(150);
      expect(new Set(table.map((r) => r.code)).size).toBe(table.length);
      for (const r of table) {
        expect(DENIAL_CATEGORIES).toContain(r.category);
        expect(['denial', 'patient-share', 'write-down', 'informational']).toContain(r.effect);
        expect(r.description).toMatch(/^\S.*\.$/);
        expect(r.code).toMatch(/^(\d{1,3}|[A-Z]\d{1,2})$/);
      }
    });

    it('covers the codes a billing office meets every week', () => {
      const codes = new Set(reasonCodes().map((r) => r.code));
      const common = [
        ...['1', '2', '3', '4', '5', '16', '18', '22', '23', '27', '29', '31', '45', '50', '96', '97'],
        ...['109', '119', '140', '146', '151', '167', '170', '185', '197', '204', '226', '242', '252', '253'],
        ...['A1', 'B7', 'B9'],
      ];
      expect(common.filter((c) => !codes.has(c))).toEqual([]);
    });

    it('gives every category at least one denial code', () => {
      const denials = reasonCodes().filter((r) => r.effect === 'denial');
      expect(DENIAL_CATEGORIES.filter((c) => !denials.some((r) => r.category === c))).toEqual([]);
    });
  });

  describe('parseAdjustmentCode', () => {
    it.each([
      ['CO-45', { group: 'CO', reason: '45' }],
      [' pr-1 ', { group: 'PR', reason: '1' }],
      ['45', { reason: '45' }],
      ['oa-a7', { group: 'OA', reason: 'A7' }],
      ['XX-45', { reason: 'XX-45' }],
    ])('splits %j', (text, expected) => {
      expect(parseAdjustmentCode(text)).toEqual(expected);
    });
  });

  describe('lookupReason', () => {
    it('finds a code with or without its group, in any case', () => {
      expect(lookupReason('CO-197')?.category).toBe('authorization');
      expect(lookupReason('197')?.description).toMatch(/authorization/i);
      expect(lookupReason('pi-b7')?.code).toBe('B7');
    });

    it('returns undefined for a code not in the table', () => {
      expect(lookupReason('CO-999')).toBeUndefined();
      expect(lookupReason('XX-45')).toBeUndefined();
    });
  });

  describe('adjustmentEffect', () => {
    it.each([
      ['PR-1', 'patient-share'],
      ['CO-1', 'patient-share'],
      ['PR-3', 'patient-share'],
      ['CO-45', 'write-down'],
      ['CO-253', 'write-down'],
      ['OA-23', 'write-down'],
      ['CO-50', 'denial'],
      ['PR-204', 'denial'],
      ['CR-50', 'informational'],
      ['CO-999', undefined],
    ])('reads %s as %s', (code, effect) => {
      expect(adjustmentEffect(code)).toBe(effect);
    });
  });

  describe('denialCategoryOf', () => {
    it.each([
      [['CO-45', 'PR-2'], undefined],
      [['PR-1', 'CO-253', 'OA-23'], undefined],
      [['CO-1'], undefined],
      [['CO-45', 'PR-2', 'CO-50'], 'medical-necessity'],
      [['CO-16', 'OA-A7'], 'missing-information'],
      [['CO-197', 'CO-50'], 'authorization'],
      [['CO-29'], 'timely-filing'],
      [['OA-18'], 'duplicate'],
      [['CO-22'], 'coordination-of-benefits'],
      [['PR-204'], 'non-covered'],
      [['CO-97'], 'contractual'],
      [['CR-50', 'CR-45'], undefined],
      [['CO-999'], undefined],
      [[], undefined],
    ])('gives %j the category %s', (codes, category) => {
      expect(denialCategoryOf(codes)).toBe(category);
    });
  });

  describe('firstDenialCode', () => {
    it('returns the first denial code as written, skipping write-downs and cost share', () => {
      expect(firstDenialCode(['CO-45', 'PR-2', 'co-151', 'CO-50'])).toBe('co-151');
      expect(firstDenialCode(['CO-45', 'PR-2'])).toBeUndefined();
    });
  });
});
