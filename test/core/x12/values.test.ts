// Tests for X12 element values: decimal amounts to exact minor units and back, dates, names.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amountProblem,
  formatAmount,
  formatPersonName,
  formatPostalAddress,
  parseAmountMinor,
  parseCcyymmdd,
  parseQuantity,
  parseYymmdd,
} from '../../../core/x12/values.js';

describe('x12/values', () => {
  describe('parseAmountMinor', () => {
    it.each([
      ['100', 10_000],
      ['100.5', 10_050],
      ['-1008.1', -100_810],
      ['.5', 50],
      ['100.', 10_000],
      ['1.500', 150],
      ['0', 0],
      ['-0', 0],
      ['-.05', -5],
      ['9999999999999.99', 999_999_999_999_999],
      ['90071992547409.91', Number.MAX_SAFE_INTEGER],
    ])('returns "%s" as %i cents', (text, minor) => {
      // Act / Assess
      expect(parseAmountMinor(text)).toBe(minor);
    });

    it.each(['', '-', '.', '12.3x', '1.505', '1e5', ' 1', '+1', '1,000', '--1', '100000000000000'])(
      'returns undefined for "%s"',
      (text) => {
        // Act / Assess
        expect(parseAmountMinor(text)).toBeUndefined();
      },
    );

    it('reads back every amount formatAmount writes', () => {
      fc.assert(
        fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (minor) => {
          // Act / Assess
          expect(parseAmountMinor(formatAmount(minor))).toBe(minor);
        }),
      );
    });
  });

  describe('amountProblem', () => {
    it.each([
      ['', 'is empty; an amount is required'],
      ['12.3x', '"12.3x" is not an amount'],
      ['1.505', '"1.505" has more than 2 decimals'],
      ['100000000000000', '"100000000000000" is too large for an amount'],
    ])('explains "%s"', (text, problem) => {
      // Act / Assess
      expect(amountProblem(text)).toBe(problem);
    });
  });

  describe('formatAmount', () => {
    it.each([
      [150, '1.5'],
      [-5, '-0.05'],
      [100, '1'],
      [0, '0'],
      [-100_810, '-1008.1'],
    ])('returns %i cents as "%s"', (minor, text) => {
      // Act / Assess
      expect(formatAmount(minor)).toBe(text);
    });
  });

  describe('dates', () => {
    it('returns CCYYMMDD as an ISO date and rejects impossible dates', () => {
      // Act / Assess
      expect(parseCcyymmdd('20240229')).toBe('2024-02-29');
      expect(parseCcyymmdd('20230229')).toBeUndefined();
      expect(parseCcyymmdd('2023022')).toBeUndefined();
    });

    it('reads ISA09 years 50-99 as 19xx and 00-49 as 20xx', () => {
      // Act / Assess
      expect(parseYymmdd('990101')).toBe('1999-01-01');
      expect(parseYymmdd('090220')).toBe('2009-02-20');
      expect(parseYymmdd('000000')).toBeUndefined();
    });
  });

  describe('parseQuantity', () => {
    it('returns decimals and refuses other text', () => {
      // Act / Assess
      expect([parseQuantity('1.9'), parseQuantity('-2'), parseQuantity('1e3'), parseQuantity('')]).toEqual([
        1.9,
        -2,
        undefined,
        undefined,
      ]);
    });
  });

  describe('display strings', () => {
    it('returns a name as LAST, FIRST MIDDLE and an address on one line', () => {
      // Act / Assess
      expect(formatPersonName({ last: 'JONES', first: 'SAM', middle: 'O' })).toBe('JONES, SAM O');
      expect(formatPersonName({ last: 'ACME CLINIC' })).toBe('ACME CLINIC');
      expect(
        formatPostalAddress({
          lines: ['PO BOX 1', 'SUITE 2'],
          city: 'ALBANY',
          state: 'NY',
          postalCode: '12237',
        }),
      ).toBe('PO BOX 1, SUITE 2, ALBANY, NY 12237');
    });
  });
});
