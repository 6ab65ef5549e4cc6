// Tests for money parsing, formatting and largest-remainder splitting.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateLargestRemainder,
  currencyExponent,
  formatMoney,
  parseMoney,
  splitEvenly,
} from '../../core/ledger/money.js';

describe('money', () => {
  describe('parseMoney', () => {
    it.each([
      ['1234.5', 'USD', 123450],
      ['1,234.50', 'USD', 123450],
      ['$1,234.50', 'USD', 123450],
      ['(12.00)', 'USD', -1200],
      ['-0.01', 'USD', -1],
      ['0.10', 'USD', 10],
      ['.5', 'EUR', 50],
      ['1500', 'JPY', 1500],
      ['1500.000', 'JPY', 1500],
      ['1.234', 'KWD', 1234],
      [0.1, 'USD', 10],
      [1234.56, 'USD', 123456],
      [19.99, 'USD', 1999],
      [3, 'JPY', 3],
    ])('returns %s %s as %i minor units', (input, currency, minor) => {
      // Act
      const result = parseMoney(input, currency);
      // Assess
      expect(result).toEqual({ ok: true, minor });
    });

    it.each([
      ['12.345', 'USD', 'more than 2 decimals'],
      ['1500.5', 'JPY', 'more than 0 decimals'],
      [12.345, 'USD', 'more than 2 decimals'],
      ['12,34', 'USD', 'not an amount'],
      ['abc', 'USD', 'not an amount'],
      ['', 'USD', 'empty'],
      [Number.NaN, 'USD', 'finite'],
      ['99999999999999999999', 'USD', 'too large'],
    ])('rejects %s %s instead of rounding', (input, currency, message) => {
      const result = parseMoney(input, currency);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain(message);
    });

    it('reads back every amount it formats (property)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: -1e12, max: 1e12 }),
          fc.constantFrom('USD', 'JPY', 'KWD'),
          (minor, currency) => {
            const text = formatMoney(minor, currency, { code: false });
            expect(parseMoney(text, currency)).toEqual({ ok: true, minor });
          },
        ),
      );
    });
  });

  describe('formatMoney', () => {
    it.each([
      [123450, 'USD', 'USD 1,234.50'],
      [-5, 'USD', 'USD -0.05'],
      [1500, 'JPY', 'JPY 1,500'],
      [1, 'KWD', 'KWD 0.001'],
      [900719925474099, 'USD', 'USD 9,007,199,254,740.99'],
    ])('formats %i %s as %s', (minor, currency, text) => {
      expect(formatMoney(minor, currency)).toBe(text);
    });

    it('groups thousands as the pattern it replaced does, for any amount', () => {
      // The grouping before: a regular expression over the whole part.
      const before = (minor: number, currency: string) => {
        const exp = currencyExponent(currency);
        const digits = String(Math.abs(minor)).padStart(exp + 1, '0');
        const whole = digits.slice(0, digits.length - exp);
        const frac = exp > 0 ? `.${digits.slice(digits.length - exp)}` : '';
        return `${currency} ${minor < 0 ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac}`;
      };
      fc.assert(
        fc.property(
          fc.oneof(
            fc.integer(),
            fc.maxSafeInteger(),
            fc.constantFrom(0, 999, 1000, 1e21, 1.5e300, -1e22, 12.5),
          ),
          fc.constantFrom('USD', 'JPY', 'KWD'),
          (minor, currency) => {
            const text = before(minor, currency);
            expect(formatMoney(minor, currency)).toBe(text);
            expect(formatMoney(minor, currency, { code: false })).toBe(text.slice(currency.length + 1));
          },
        ),
        { numRuns: 2000, seed: 5 },
      );
    });

    it('knows the exponents of zero- and three-decimal currencies', () => {
      expect([currencyExponent('JPY'), currencyExponent('USD'), currencyExponent('BHD')]).toEqual([0, 2, 3]);
    });
  });

  describe('allocateLargestRemainder', () => {
    it.each([
      [1000, [1, 1, 1], [334, 333, 333]],
      [100, [1, 2, 1], [25, 50, 25]],
      [-1000, [1, 1, 1], [-334, -333, -333]],
      [5, [3, 3], [3, 2]],
      [0, [1, 2], [0, 0]],
    ])('splits %i by %j into %j', (total, weights, parts) => {
      expect(allocateLargestRemainder(total, weights)).toEqual(parts);
    });

    it('rejects weights that are all zero', () => {
      expect(() => allocateLargestRemainder(100, [0, 0])).toThrow(RangeError);
    });

    it('returns parts that sum to the total exactly (property)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: -1e12, max: 1e12 }),
          fc
            .array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 20 })
            .filter((w) => w.some((x) => x > 0)),
          (total, weights) => {
            const parts = allocateLargestRemainder(total, weights);
            expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
            parts.forEach((p, i) => {
              expect(Number.isInteger(p)).toBe(true);
              const exact = (total * weights[i]!) / weights.reduce((s, w) => s + w, 0);
              expect(Math.abs(p - exact)).toBeLessThan(1 + 1e-6 * Math.abs(exact));
            });
          },
        ),
      );
    });
  });

  describe('splitEvenly', () => {
    it('gives the extra cents to the earlier parts', () => {
      expect(splitEvenly(1001, 4)).toEqual([251, 250, 250, 250]);
    });
  });
});
