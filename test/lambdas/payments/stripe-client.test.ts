// The api Lambda's Stripe client, made on first use so the cold start does not load the SDK.
import { describe, expect, it } from 'vitest';
import { lazyStripeClient } from '../../../lambdas/payments/stripe-client.js';

describe('lazyStripeClient', () => {
  it('returns one SDK client for every call, made on the first', async () => {
    // Arrange
    const client = lazyStripeClient('sk_test_lazy');
    // Act
    const [a, b] = await Promise.all([client(), client()]);
    const c = await client();
    // Assess
    expect(a).toBe(b);
    expect(a).toBe(c);
    expect(typeof a.webhooks.constructEvent).toBe('function');
    expect(typeof a.checkout.sessions.create).toBe('function');
  });
});
