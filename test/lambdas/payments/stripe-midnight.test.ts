// Stripe's first deliveries of one payment arriving at once across the office's midnight, on the local stack (DynamoDB Local, the Stripe stand-in): posted or held exactly once, whatever day each event is stamped with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedger } from '../../../cli/sync-client.js';
import { type LocalStack, startLocalStack } from '../../../lambdas/local/stack.js';
import { stripeFixture } from '../../../lambdas/local/stripe-local.js';
import { removeCustomerWithRows, stackApi } from '../support/stack-client.js';

/** One second before and one after midnight in New York (05:00 UTC in winter). */
const BEFORE_MIDNIGHT = new Date('2026-11-24T04:59:59Z');
const AFTER_MIDNIGHT = new Date('2026-11-24T05:00:01Z');

describe('stripe-payments', () => {
  let stack: LocalStack;
  let clock = new Date('2026-11-23T20:00:00Z');

  beforeAll(async () => {
    stack = await startLocalStack({
      tenantId: 'midnight-office',
      now: () => clock,
      settings: { reviewMode: false, timeZone: 'America/New_York' },
    });
    await syncLedger(
      stack.apiUrl,
      { idToken: await stack.token() },
      {
        Customers: [
          ['Customer ID', 'Name', 'Email'],
          ['M-1', 'Mia Midnight', 'mia@example.com'],
          ['M-2', 'Max Gone', 'max@example.com'],
        ],
        Invoices: [
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          ['MI-1', 'M-1', '2026-09-20', '2026-10-20', '400.00', 'USD'],
          ['MI-2', 'M-2', '2026-09-20', '2026-10-20', '120.00', 'USD'],
        ],
      },
    );
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (path: string, init?: RequestInit & { token?: string }) => stackApi(stack)(path, init);
  /** A paid Checkout Session and its PaymentIntent for a customer, as Stripe sends them. */
  const paid = (pi: string, customerId: string, invoices: string, amount: number) => {
    const metadata = {
      duebook_tenant: 'midnight-office',
      duebook_customer: customerId,
      duebook_invoices: invoices,
      duebook_message: '',
    };
    const session = stripeFixture('checkout.session');
    Object.assign(session, {
      id: `cs_${pi}`,
      payment_intent: pi,
      payment_status: 'paid',
      status: 'complete',
      amount_total: amount,
      currency: 'usd',
      metadata,
    });
    const intent = stripeFixture('payment_intent');
    Object.assign(intent, {
      id: pi,
      status: 'succeeded',
      amount,
      amount_received: amount,
      currency: 'usd',
      metadata,
    });
    return { session, intent };
  };
  /**
   * Both first deliveries at once: the session's event stamped a second before the office's
   * midnight, the PaymentIntent's a second after (the stand-in stamps `created` when it sends).
   */
  const acrossMidnight = async (session: object, intent: object) => {
    clock = BEFORE_MIDNIGHT;
    const first = stack.stripe!.send('checkout.session.completed', session as never);
    clock = AFTER_MIDNIGHT;
    const second = stack.stripe!.send('payment_intent.succeeded', intent as never);
    return Promise.all([first, second]);
  };

  describe('handleStripeEvent', () => {
    it('holds a payment the ledger cannot take in the review queue once, across the office’s midnight', async () => {
      // Prepare: the office removes M-2 and its rows from the sheet (a customer still named by rows is
      // kept, so the sync names them in alsoDeleted, as the add-on does)
      const removed = await removeCustomerWithRows(stack, 'M-2');
      expect(removed.status).toBe(200);
      expect(removed.body.deleted).toBe(1);
      const { session, intent } = paid('pi_test_midnight_held', 'M-2', 'MI-2', 12000);
      // Act
      const statuses = await acrossMidnight(session, intent);
      // Assess
      expect(statuses).toEqual([200, 200]);
      const held = ((await api('/v1/queue')).body.entries as { channel: string; stage: string }[]).filter(
        (e) => e.channel === 'unmatched-payment' && e.stage === 'stripe-pi_test_midnight_held',
      );
      expect(held).toHaveLength(1);
    });

    it('posts a payment once, with one Activity row, across the office’s midnight', async () => {
      // Prepare
      const { session, intent } = paid('pi_test_midnight_paid', 'M-1', 'MI-1', 15000);
      // Act
      const statuses = await acrossMidnight(session, intent);
      // Assess
      expect(statuses).toEqual([200, 200]);
      const rows = await stack.store.customerRows(stack.tenantId, 'M-1');
      expect(rows.filter((r) => r.tab === 'Payments').map((r) => r.rowId)).toEqual(['pi_test_midnight_paid']);
      expect(
        rows.filter((r) => r.tab === 'Activity' && r.rowId.includes('pi_test_midnight_paid')),
      ).toHaveLength(1);
      const status = await api('/v1/status?customers=M-1');
      expect((status.body.customers as { balance: string }[])[0]!.balance).toBe('USD 250.00');
    });
  });
});
