// What Duebook reads from Stripe's objects exists in Stripe's own published fixtures (the shapes the
// real API returns), and the keys secret is read strictly.
import { describe, expect, it } from 'vitest';
import { parseStripeForm, stripeFixture } from '../../../lambdas/local/stripe-local.js';
import { parseStripeKeys } from '../../../lambdas/shared/stripe-keys.js';

/** Fields lambdas/payments/stripe-payments.ts reads, per resource. */
const READ: Record<string, string[]> = {
  'checkout.session': [
    'id',
    'payment_status',
    'payment_intent',
    'metadata',
    'amount_total',
    'currency',
    'url',
  ],
  payment_intent: ['id', 'metadata', 'amount_received', 'currency'],
  charge: ['id', 'payment_intent', 'refunded', 'amount', 'amount_refunded', 'currency'],
  dispute: ['id', 'payment_intent', 'amount', 'currency', 'reason'],
  event: ['id', 'type', 'created', 'data'],
};

describe('stripe fixtures', () => {
  describe('stripeFixture', () => {
    it.each(Object.entries(READ))('returns a %s carrying every field Duebook reads', (resource, fields) => {
      // Act
      const object = stripeFixture(resource);
      // Assess
      for (const field of fields) expect(object, `${resource}.${field}`).toHaveProperty(field);
    });
  });

  describe('parseStripeForm', () => {
    it('returns nested objects and arrays from Stripe’s form encoding', () => {
      // Act
      const parsed = parseStripeForm(
        'mode=payment&line_items[0][quantity]=1&line_items[0][price_data][unit_amount]=500&metadata[a]=b',
      );
      // Assess
      expect(parsed).toEqual({
        mode: 'payment',
        line_items: [{ quantity: '1', price_data: { unit_amount: '500' } }],
        metadata: { a: 'b' },
      });
    });
  });

  describe('parseStripeKeys', () => {
    it('returns undefined for the secret as deployed (both keys empty)', () => {
      // Act / Assess
      expect(parseStripeKeys('{"secretKey":"","webhookSecret":"","unused":"x"}', 'arn')).toBeUndefined();
    });

    it.each([
      ['not JSON', 'sk_live_x'],
      ['a publishable key', '{"secretKey":"pk_live_abc","webhookSecret":"whsec_abc"}'],
      ['no webhook secret', '{"secretKey":"sk_live_abc","webhookSecret":""}'],
    ])('refuses %s with CONFIG.SECRET_INVALID', (_what, text) => {
      // Act / Assess
      expect(() => parseStripeKeys(text, 'arn')).toThrow(
        expect.objectContaining({ code: 'CONFIG.SECRET_INVALID' }),
      );
    });

    it('returns the keys of a filled secret', () => {
      // Act / Assess
      expect(parseStripeKeys('{"secretKey":"rk_live_abc","webhookSecret":"whsec_abc"}', 'arn')).toEqual({
        secretKey: 'rk_live_abc',
        webhookSecret: 'whsec_abc',
      });
    });
  });
});
