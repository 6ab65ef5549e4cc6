// Amounts between Duebook's minor units and Stripe's smallest unit: zero-decimal, three-decimal and
// Stripe's special cases, both ways, exact or refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decimalText,
  fromStripeAmount,
  StripeAmountError,
  stripeDecimals,
  toStripeAmount,
} from '../../../lambdas/payments/stripe-money.js';

describe('stripe-money', () => {
  describe('toStripeAmount', () => {
    it.each([
      ['USD', 123456, 123456],
      ['EUR', 1, 1],
      ['JPY', 5000, 5000],
      ['KRW', 12000, 12000],
      ['KWD', 1500, 1500],
      ['ISK', 500, 50000],
      ['UGX', 7000, 700000],
    ])('returns %s %i minor units as %i in Stripe’s unit', (currency, minor, stripe) => {
      // Act
      const amount = toStripeAmount(minor, currency);
      // Assess
      expect(amount).toBe(stripe);
    });
  });

  describe('fromStripeAmount', () => {
    it('refuses a Stripe amount that is not a whole number of minor units', () => {
      // Act / Assess
      expect(() => fromStripeAmount(50050, 'ISK')).toThrow(StripeAmountError);
    });

    it('round-trips every amount in every currency Stripe treats differently', () => {
      fc.assert(
        fc.property(
          fc.constantFrom('USD', 'JPY', 'KWD', 'ISK', 'UGX', 'CLP', 'BHD', 'GBP'),
          fc.integer({ min: 0, max: 10_000_000_000 }),
          (currency, minor) => fromStripeAmount(toStripeAmount(minor, currency), currency) === minor,
        ),
      );
    });
  });

  describe('stripeDecimals', () => {
    it('returns Stripe’s decimals, 2 for currencies not in its table', () => {
      // Act / Assess
      expect([stripeDecimals('jpy'), stripeDecimals('KWD'), stripeDecimals('CHF')]).toEqual([0, 3, 2]);
    });
  });

  describe('decimalText', () => {
    it.each([
      [123456, 'USD', '1234.56'],
      [5, 'USD', '0.05'],
      [50000, 'JPY', '50000'],
      [1500, 'KWD', '1.500'],
      [-250, 'EUR', '-2.50'],
    ])('writes %i %s as %s', (minor, currency, text) => {
      // Act / Assess
      expect(decimalText(minor, currency)).toBe(text);
    });
  });
});
