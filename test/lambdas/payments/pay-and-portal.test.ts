// Pay online and the debtor's page on the real local stack (DynamoDB Local, the SES emulator, the
// Stripe stand-in the official SDK talks to): the links in a sent email, a Checkout Session for the
// overdue amount, the signed webhook posted once, refunds reversing it, and every page action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedger } from '../../../cli/sync-client.js';
import { type LocalStack, startLocalStack } from '../../../lambdas/local/stack.js';
import { stripeFixture } from '../../../lambdas/local/stripe-local.js';
import { encodeOutboxTag } from '../../../lambdas/services/sender.js';
import { handleSesEvent } from '../../../lambdas/services/ses-events.js';
import { signPortalToken } from '../../../lambdas/shared/portal-token.js';
import { emailLinkIn, getPage, postForm, removeCustomerWithRows, stackApi } from '../support/stack-client.js';

/** An instant on a day, by UTC hour (14:05 UTC is 09:05 in New York in winter). */
const at = (date: string, hour = 14, minute = 5) =>
  new Date(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);

describe('payments and portal', () => {
  let stack: LocalStack;
  let clock = at('2026-11-23');

  beforeAll(async () => {
    stack = await startLocalStack({ tenantId: 'pay-office', now: () => clock });
    await syncLedger(
      stack.apiUrl,
      { idToken: await stack.token() },
      {
        Customers: [
          ['Customer ID', 'Name', 'Email', 'Time Zone', 'Dunning', 'Phone', 'Address'],
          ['P-1', 'Pat Payer', 'pat@example.com', 'America/New_York', 'catch-up', '', ''],
          ['P-2', 'Yuki Tanaka', 'yuki@example.com', 'America/New_York', 'catch-up', '', ''],
          [
            'P-3',
            'Robin Portal',
            'robin@example.com',
            'America/New_York',
            'catch-up',
            '+1 555 0101',
            '1 Old Road, Springfield',
          ],
          ['P-4', 'Dee Refund', 'dee@example.com', 'America/New_York', 'catch-up', '', ''],
          ['P-5', 'Gus Gone', 'gus@example.com', 'America/New_York', 'catch-up', '', ''],
        ],
        Invoices: [
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          ['PI-1', 'P-1', '2026-09-20', '2026-10-20', '400.00', 'USD'],
          ['PI-2', 'P-2', '2026-09-20', '2026-10-20', '50000', 'JPY'],
          ['PI-3a', 'P-3', '2026-09-20', '2026-10-20', '600.00', 'USD'],
          ['PI-3b', 'P-3', '2026-09-25', '2026-10-25', '300.00', 'USD'],
          ['PI-4', 'P-4', '2026-09-20', '2026-10-20', '250.00', 'USD'],
          ['PI-5', 'P-5', '2026-09-20', '2026-10-20', '120.00', 'USD'],
        ],
      },
    );
    await stack.runDay();
    await stack.dispatch();
    await stack.drain();
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (path: string, init?: RequestInit & { token?: string }) => stackApi(stack)(path, init);
  const linkIn = (customerId: string, label: string) => emailLinkIn(stack, customerId, label);
  const payments = async (customerId: string) =>
    (await stack.store.customerRows(stack.tenantId, customerId)).filter((r) => r.tab === 'Payments');
  /** Follows a pay link to the stand-in's Checkout page and pays there. */
  const payThrough = async (payLink: string) => {
    const toCheckout = await getPage(payLink);
    expect(toCheckout.status).toBe(303);
    const checkout = toCheckout.headers.get('location')!;
    const sessionId = checkout.split('/').pop()!;
    const paid = await postForm(`${checkout}/complete`, {});
    expect(paid.status).toBe(303);
    return {
      checkout,
      session: stack.stripe!.sessions.get(sessionId)!,
      backTo: paid.headers.get('location')!,
    };
  };

  describe('pay link', () => {
    it('opens a Checkout Session for the overdue amount with the invoices named', async () => {
      // Prepare
      const payLink = await linkIn('P-1', 'Pay online');
      // Act
      const { checkout, session, backTo } = await payThrough(payLink);
      // Assess
      expect(checkout.startsWith(stack.stripe!.url)).toBe(true);
      expect(session).toMatchObject({
        object: 'checkout.session',
        amount_total: 40000,
        currency: 'usd',
        metadata: { duebook_tenant: 'pay-office', duebook_customer: 'P-1', duebook_invoices: 'PI-1' },
      });
      expect(backTo).toContain('/v1/portal?token=');
      expect(backTo).toContain('done=paid');
    });

    it('posts the payment once as a Payments row with Stripe’s id, applied to the invoice', async () => {
      // Prepare: the session paid above
      const session = [...stack.stripe!.sessions.values()].find(
        (s) => (s.metadata as Record<string, string>).duebook_customer === 'P-1',
      )!;
      const pi = String(session.payment_intent);
      // Act: Stripe delivers both events again (at least once)
      const again = await stack.stripe!.send('checkout.session.completed', session);
      // Assess
      expect(again).toBe(200);
      const rows = await payments('P-1');
      expect(rows.map((r) => r.rowId)).toEqual([pi]);
      expect(rows[0]!.fields).toMatchObject({
        paymentId: pi,
        amountMinor: 40000,
        currency: 'USD',
        appliesTo: ['PI-1'],
        status: 'posted',
      });
    });

    it('hands the payment to the sheet and stops the next reminder', async () => {
      // Prepare
      const pi = (await payments('P-1'))[0]!.rowId;
      // Act
      const sheet = await api('/v1/sheet-rows');
      clock = at('2026-12-08');
      const before = stack.sent.filter((s) => s.outbox?.customerId === 'P-1').length;
      await stack.runDay();
      await stack.dispatch();
      await stack.drain();
      // Assess
      const row = sheet.body.rows.find((r: { rowId: string }) => r.rowId === pi);
      expect(row).toMatchObject({
        tab: 'Payments',
        change: 'new',
        cells: { 'Payment ID': pi, 'Customer ID': 'P-1', Amount: 400, Currency: 'USD', 'Applies To': 'PI-1' },
      });
      expect(stack.sent.filter((s) => s.outbox?.customerId === 'P-1').length).toBe(before);
      const status = await api('/v1/status?customers=P-1');
      expect(status.body.customers[0].balance).toMatch(/0\.00/);
      const ack = await api('/v1/sheet-rows', {
        method: 'POST',
        body: JSON.stringify({ rows: [{ tab: 'Payments', rowId: pi }] }),
      });
      expect(ack.status).toBe(200);
      expect((await api('/v1/sheet-rows')).body.rows.some((r: { rowId: string }) => r.rowId === pi)).toBe(
        false,
      );
    }, 120_000);

    it('charges a zero-decimal currency in whole yen', async () => {
      // Prepare
      const payLink = await linkIn('P-2', 'Pay online');
      // Act
      const { session } = await payThrough(payLink);
      // Assess
      expect(session).toMatchObject({ amount_total: 50000, currency: 'jpy' });
      const rows = await payments('P-2');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.fields).toMatchObject({ amountMinor: 50000, currency: 'JPY' });
    });

    it('posts a payment whose named invoice is gone oldest-first rather than lose it', async () => {
      // Prepare: a paid session naming an invoice the ledger no longer has
      const session = stripeFixture('checkout.session');
      Object.assign(session, {
        id: 'cs_test_gone',
        payment_intent: 'pi_test_gone',
        payment_status: 'paid',
        status: 'complete',
        amount_total: 12000,
        currency: 'usd',
        metadata: {
          duebook_tenant: 'pay-office',
          duebook_customer: 'P-5',
          duebook_invoices: 'GONE-1',
          duebook_message: '',
        },
      });
      // Act
      const status = await stack.stripe!.send('checkout.session.completed', session);
      // Assess
      expect(status).toBe(200);
      const rows = await payments('P-5');
      expect(rows.map((r) => r.rowId)).toEqual(['pi_test_gone']);
      expect(rows[0]!.fields.amountMinor).toBe(12000);
      expect(rows[0]!.fields.appliesTo ?? []).toEqual([]);
      const account = await stack.ledger.currentAccount(stack.tenantId, 'P-5', '2026-12-08');
      expect(account!.accounts[0]!.balanceMinor).toBe(0);
    });

    it('refuses a webhook whose signature does not match, posting nothing', async () => {
      // Prepare
      const body = JSON.stringify({
        id: 'evt_forged',
        type: 'payment_intent.succeeded',
        data: { object: {} },
      });
      // Act
      const res = await fetch(`${stack.apiUrl}/v1/stripe/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=deadbeef' },
        body,
      });
      // Assess
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('REQUEST.SIGNATURE');
    });

    it('reverses a refunded payment like a returned cheque, and keeps what a partial refund leaves', async () => {
      // Prepare
      const { session } = await payThrough(await linkIn('P-4', 'Pay online'));
      const pi = String(session.payment_intent);
      // Act: 100.00 of 250.00 refunded, then the rest
      expect(await stack.stripe!.refund(pi, 10000)).toBe(200);
      const afterPartial = await payments('P-4');
      expect(await stack.stripe!.refund(pi)).toBe(200);
      const afterFull = await payments('P-4');
      // Assess
      expect(afterPartial.find((r) => r.rowId === pi)!.fields).toMatchObject({ status: 'returned' });
      expect(afterPartial.find((r) => r.rowId === `${pi}-kept-15000`)!.fields).toMatchObject({
        status: 'posted',
        amountMinor: 15000,
      });
      expect(afterFull.every((r) => r.fields.status === 'returned')).toBe(true);
      const account = await stack.ledger.currentAccount(stack.tenantId, 'P-4', '2026-12-08');
      expect(account!.accounts[0]!.balanceMinor).toBe(25000);
    });

    it('reverses a payment the card holder disputes, like a returned cheque', async () => {
      // Prepare: the yen paid above
      const pi = (await payments('P-2'))[0]!.rowId;
      // Act
      const first = await stack.stripe!.dispute(pi);
      const again = await stack.stripe!.dispute(pi);
      // Assess
      expect([first, again]).toEqual([200, 200]);
      const rows = await payments('P-2');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.fields).toMatchObject({ status: 'returned', returnedDate: '2026-12-08' });
      const account = await stack.ledger.currentAccount(stack.tenantId, 'P-2', '2026-12-08');
      expect(account!.accounts[0]!).toMatchObject({ currency: 'JPY', balanceMinor: 50000 });
    });
  });

  describe('payment the ledger cannot take', () => {
    /** A paid session and its PaymentIntent for a customer, as Stripe sends them. */
    const paid = (pi: string, customerId: string, invoices: string, amount: number) => {
      const session = stripeFixture('checkout.session');
      Object.assign(session, {
        id: `cs_${pi}`,
        payment_intent: pi,
        payment_status: 'paid',
        status: 'complete',
        amount_total: amount,
        currency: 'usd',
        metadata: {
          duebook_tenant: 'pay-office',
          duebook_customer: customerId,
          duebook_invoices: invoices,
          duebook_message: '',
        },
      });
      const intent = stripeFixture('payment_intent');
      Object.assign(intent, {
        id: pi,
        status: 'succeeded',
        amount: amount,
        amount_received: amount,
        currency: 'usd',
        metadata: session.metadata,
      });
      return { session, intent };
    };

    it('answers 2xx for a customer the office removed and puts the payment in the review queue once', async () => {
      // Prepare: the office removes P-5 and its rows from the sheet (a customer still named by rows is
      // kept, so the sync names them in alsoDeleted, as the add-on does); Stripe then reports a payment
      const removed = await removeCustomerWithRows(stack, 'P-5');
      expect(removed.status).toBe(200);
      expect(removed.body.deleted).toBe(1);
      const { session, intent } = paid('pi_test_removed', 'P-5', 'PI-5', 7500);
      // Act: both events, each delivered twice (Stripe delivers at least once)
      const statuses = [
        await stack.stripe!.send('checkout.session.completed', session),
        await stack.stripe!.send('payment_intent.succeeded', intent),
        await stack.stripe!.send('checkout.session.completed', session),
        await stack.stripe!.send('payment_intent.succeeded', intent),
      ];
      // Assess: received, nothing posted to a ledger that has no such customer, one task naming it
      expect(statuses).toEqual([200, 200, 200, 200]);
      expect(await stack.store.getRow(stack.tenantId, 'Payments', 'pi_test_removed')).toBeUndefined();
      const tasks = (await api('/v1/queue')).body.entries.filter(
        (e: { channel: string }) => e.channel === 'unmatched-payment',
      );
      expect(tasks).toHaveLength(1);
      expect(tasks[0].customerId).toBe('P-5');
      expect(tasks[0].explanation.summary).toContain('pi_test_removed');
      expect(tasks[0].explanation.summary).toContain('USD 75.00');
    });

    it('lets the clerk mark the unmatched payment as seen, after which it leaves the queue', async () => {
      // Prepare
      const task = (await api('/v1/queue')).body.entries.find(
        (e: { channel: string }) => e.channel === 'unmatched-payment',
      );
      // Act
      const decided = await api('/v1/queue', {
        method: 'POST',
        body: JSON.stringify({
          decision: 'approve',
          entries: [
            { customerId: task.customerId, stage: task.stage, channel: task.channel, cycle: task.cycle },
          ],
        }),
      });
      // Assess
      expect(decided.body.results[0].status).toBe('approved');
      const left = (await api('/v1/queue')).body.entries.filter(
        (e: { channel: string }) => e.channel === 'unmatched-payment',
      );
      expect(left).toHaveLength(0);
      // A refund of it later finds nothing posted to reverse, and is received all the same.
      const charge = stripeFixture('charge');
      Object.assign(charge, {
        id: 'ch_test_removed',
        payment_intent: 'pi_test_removed',
        amount: 7500,
        amount_refunded: 7500,
        refunded: true,
        currency: 'usd',
      });
      expect(await stack.stripe!.send('charge.refunded', charge)).toBe(200);
    });

    it('keeps a payment for an invoice no longer open as the customer’s credit', async () => {
      // Prepare: P-1's invoice was paid in full above; a second payment names it again
      const { session } = paid('pi_test_closed', 'P-1', 'PI-1', 5000);
      // Act
      const status = await stack.stripe!.send('checkout.session.completed', session);
      // Assess
      expect(status).toBe(200);
      const row = await stack.store.getRow(stack.tenantId, 'Payments', 'pi_test_closed');
      expect(row!.fields.amountMinor).toBe(5000);
      const account = await stack.ledger.currentAccount(stack.tenantId, 'P-1', '2026-12-08');
      expect(account!.accounts[0]!.balanceMinor).toBe(-5000);
    });
  });

  describe('self-service page', () => {
    it('shows balance, open invoices and a pay button to the link in the email', async () => {
      // Prepare
      const portal = await linkIn(
        'P-3',
        'See your account, promise a date, ask for a plan or question an invoice',
      );
      // Act
      const res = await getPage(portal);
      const html = await res.text();
      // Assess
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(html).toContain('Robin Portal');
      expect(html).toContain('PI-3a');
      expect(html).toContain('USD 900.00');
      expect(html).toMatch(/Pay USD 900\.00 now/);
      expect(html).not.toContain('<script');
    });

    it('refuses a forged, expired or wrong-purpose link', async () => {
      // Prepare
      const portal = await linkIn(
        'P-3',
        'See your account, promise a date, ask for a plan or question an invoice',
      );
      const pay = await linkIn('P-3', 'Pay online');
      const expired = signPortalToken(
        {
          purpose: 'portal',
          tenantId: 'pay-office',
          customerId: 'P-3',
          expiresAt: clock.getTime() - 1000,
          outboxKey: '',
        },
        'local-only-unsubscribe-secret-never-used-in-aws',
      );
      // Act
      const forged = await getPage(
        portal.replace(/token=([^.]+)\.(.)/, (_m, p, c) => `token=${p}.${c === 'A' ? 'B' : 'A'}`),
      );
      const old = await getPage(`${stack.apiUrl}/v1/portal?token=${expired}`);
      const swapped = await getPage(pay.replace('/v1/pay?', '/v1/portal?'));
      // Assess
      expect(forged.status).toBe(400);
      expect(old.status).toBe(410);
      expect(swapped.status).toBe(400);
    });

    it('records a promise within the office’s days, refuses one beyond them', async () => {
      // Prepare
      const portal = await linkIn(
        'P-3',
        'See your account, promise a date, ask for a plan or question an invoice',
      );
      // Act
      const tooLate = await postForm(portal, { action: 'promise', date: '2027-06-01', currency: 'USD' });
      const ok = await postForm(portal, { action: 'promise', date: '2026-12-20', currency: 'USD' });
      // Assess
      expect(tooLate.status).toBe(400);
      expect(await tooLate.text()).toContain('Pay by: choose a date from tomorrow to 2027-01-07');
      expect(ok.status).toBe(303);
      const rows = await stack.store.customerRows(stack.tenantId, 'P-3');
      const promise = rows.find((r) => r.tab === 'Promises');
      expect(promise!.fields).toMatchObject({
        promisedDate: '2026-12-20',
        amountMinor: 90000,
        currency: 'USD',
      });
      const queue = (await api('/v1/queue')).body.entries;
      expect(
        queue.some(
          (e: { channel: string; customerId: string }) => e.channel === 'promise' && e.customerId === 'P-3',
        ),
      ).toBe(true);
      const sheet = (await api('/v1/sheet-rows')).body.rows;
      expect(
        sheet.some((r: { tab: string; rowId: string }) => r.tab === 'Promises' && r.rowId === promise!.rowId),
      ).toBe(true);
      expect(
        sheet.some(
          (r: { tab: string; cells: Record<string, string> }) =>
            r.tab === 'Activity' && r.cells.Outcome === 'promise made',
        ),
      ).toBe(true);
    });

    it('takes a plan request within the office’s limits, which the clerk approves into a Plans row', async () => {
      // Prepare
      const portal = await linkIn(
        'P-3',
        'See your account, promise a date, ask for a plan or question an invoice',
      );
      const limits = await api('/v1/settings', {
        method: 'POST',
        body: JSON.stringify({ portalLimits: { planMinInstallmentMinor: 10000 } }),
      });
      expect(limits.status).toBe(200);
      // Act
      const tooMany = await postForm(portal, {
        action: 'plan',
        installments: '40',
        frequency: 'monthly',
        date: '2026-12-15',
      });
      const tooSmall = await postForm(portal, {
        action: 'plan',
        installments: '12',
        frequency: 'weekly',
        date: '2026-12-15',
        currency: 'USD',
      });
      const ok = await postForm(portal, {
        action: 'plan',
        installments: '3',
        frequency: 'monthly',
        date: '2026-12-15',
      });
      const entry = (await api('/v1/queue')).body.entries.find(
        (e: { channel: string; customerId: string }) =>
          e.channel === 'plan-request' && e.customerId === 'P-3',
      );
      const decided = await api('/v1/queue', {
        method: 'POST',
        body: JSON.stringify({
          decision: 'approve',
          entries: [{ customerId: 'P-3', stage: entry.stage, channel: entry.channel, cycle: entry.cycle }],
        }),
      });
      // Assess
      expect(tooMany.status).toBe(400);
      expect(ok.status).toBe(303);
      expect(tooSmall.status).toBe(400);
      expect(await tooSmall.text()).toContain(
        'each payment would be USD 75.00; the office&#39;s smallest is USD 100.00',
      );
      expect(decided.body.results[0].status).toBe('approved');
      const plans = (await stack.store.customerRows(stack.tenantId, 'P-3')).filter((r) => r.tab === 'Plans');
      expect(plans).toHaveLength(1);
      expect(plans[0]!.fields).toMatchObject({ installments: 3, frequency: 'monthly', totalMinor: 90000 });
    });

    it('marks a disputed invoice disputed and puts it in the queue', async () => {
      // Prepare
      const portal = await linkIn(
        'P-3',
        'See your account, promise a date, ask for a plan or question an invoice',
      );
      // Act
      const res = await postForm(portal, {
        action: 'dispute',
        invoice: 'PI-3b',
        reason: 'I never received this service',
      });
      // Assess
      expect(res.status).toBe(303);
      const invoice = await stack.store.getRow(stack.tenantId, 'Invoices', 'PI-3b');
      expect(invoice!.fields.status).toBe('disputed');
      expect(invoice!.patch?.set).toEqual({ status: 'disputed' });
      const queue = (await api('/v1/queue')).body.entries;
      const entry = queue.find((e: { channel: string }) => e.channel === 'dispute');
      expect(entry.explanation.summary).toContain('I never received this service');
    });

    it('records a new phone number in the contact-change history', async () => {
      // Prepare
      const portal = await linkIn(
        'P-3',
        'See your account, promise a date, ask for a plan or question an invoice',
      );
      // Act
      const bad = await postForm(portal, { action: 'contact', field: 'phone', value: 'call me maybe' });
      const ok = await postForm(portal, { action: 'contact', field: 'phone', value: '+1 555 0199' });
      // Assess
      expect(bad.status).toBe(400);
      expect(ok.status).toBe(303);
      const change = (await stack.store.customerRows(stack.tenantId, 'P-3')).find(
        (r) => r.tab === 'Contact Changes',
      );
      expect(change!.fields).toMatchObject({
        field: 'phone',
        oldValue: '+1 555 0101',
        newValue: '+1 555 0199',
        source: 'customer',
      });
    });

    it('serves the statement as a PDF', async () => {
      // Prepare
      const portal = await linkIn(
        'P-3',
        'See your account, promise a date, ask for a plan or question an invoice',
      );
      // Act
      const res = await getPage(portal.replace('/v1/portal?', '/v1/portal/statement?'));
      // Assess
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(
        Buffer.from(await res.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    });
  });

  describe('tracking', () => {
    it('lists page visits, clicks and SES opens in the message history', async () => {
      // Prepare: the page was visited above; SES reports an open and a click on the pay link
      const [message] = await stack.store.messages(stack.tenantId, 'P-3');
      const tags = {
        tenant: [stack.tenantId],
        outbox: [
          encodeOutboxTag({
            tenantId: stack.tenantId,
            customerId: 'P-3',
            stage: message!.stage,
            channel: 'email',
            cycle: message!.cycle,
          }),
        ],
      };
      const deps = {
        store: stack.store,
        ledger: stack.ledger,
        settings: async () => (await stack.store.getSettings(stack.tenantId))!,
        now: () => clock,
        debtor: stack.debtor,
      };
      // Act
      const open = await handleSesEvent(
        {
          eventType: 'Open',
          mail: { messageId: message!.messageId, tags },
          open: { timestamp: '2026-11-23T15:00:00Z' },
        },
        deps,
      );
      const click = await handleSesEvent(
        {
          eventType: 'Click',
          mail: { messageId: message!.messageId, tags },
          click: { timestamp: '2026-11-23T15:01:00Z', link: `${stack.apiUrl}/v1/pay?token=x` },
        },
        deps,
      );
      const history = await api('/v1/messages?customer=P-3');
      // Assess
      expect(open.action).toBe('tracked');
      expect(click.action).toBe('tracked');
      const kinds = history.body.tracking.map(
        (t: { kind: string; link?: string }) => `${t.kind}:${t.link ?? ''}`,
      );
      expect(kinds).toEqual(
        expect.arrayContaining(['open:', 'click:pay', 'visit:portal', 'click:statement']),
      );
    });
  });
});
