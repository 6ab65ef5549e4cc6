// Send-time truth on the real local stack: the contact window at the instant of sending, amounts
// and table from one computation of the account then, cancellations recorded on the account,
// contacts dated on the debtor's day, and one customer's bad data stopping nobody else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedger } from '../../cli/sync-client.js';
import { localTime, zonedInstant } from '../../core/ledger/dates.js';
import type { LedgerRows } from '../../core/ledger/schema-rows.js';
import { type LocalStack, startLocalStack } from '../../lambdas/local/stack.js';
import type { OutboxEntry } from '../../lambdas/store/outbox-types.js';

const NY = 'America/New_York';
const LA = 'America/Los_Angeles';
const nyTime = (date: string, hour: number, minute = 0) =>
  new Date(zonedInstant(date, hour, NY) + minute * 60_000);

const LEDGER: LedgerRows = {
  Customers: [
    ['Customer ID', 'Name', 'Email', 'Time Zone'],
    ['N1', 'Nora Credit', 'nora@example.com', NY],
    ['N2', 'Paul Partial', 'paul@example.com', NY],
    ['N3', 'Fay Fullpay', 'fay@example.com', NY],
    ['L1', 'Larry West', 'larry@example.com', LA],
    ['E1', 'Eve Evening', 'eve@example.com', NY],
  ],
  Invoices: [
    ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
    ['N1-I', 'N1', '2026-10-14', '2026-11-13', '1000.00', 'USD'],
    ['N2-I', 'N2', '2026-10-14', '2026-11-13', '400.00', 'USD'],
    ['N3-I', 'N3', '2026-10-14', '2026-11-13', '400.00', 'USD'],
    ['L1-I', 'L1', '2026-10-14', '2026-11-13', '200.00', 'USD'],
    ['E1-I', 'E1', '2026-10-14', '2026-11-13', '250.00', 'USD'],
  ],
  // Paid before the invoice was issued: unapplied credit on Nora's account.
  Payments: [
    ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency'],
    ['N1-P', 'N1', '2026-10-01', '150.00', 'USD'],
  ],
};

describe('send-time truth', () => {
  let stack: LocalStack;
  let clock = nyTime('2026-11-23', 9);

  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const approve = (customerIds: string[]) =>
    api('/v1/queue', {
      method: 'POST',
      body: JSON.stringify({
        decision: 'approve',
        entries: customerIds.map((customerId) => ({
          customerId,
          stage: 'reminder-1',
          channel: 'email',
          cycle: '2026-11-13',
        })),
      }),
    });
  const dispatchAt = async (at: Date) => {
    clock = at;
    await stack.dispatch();
    await stack.drain();
  };
  const entry = async (customerId: string): Promise<OutboxEntry | undefined> =>
    (await stack.store.customerOutbox(stack.tenantId, customerId)).find((e) => e.stage === 'reminder-1');
  const emailTo = async (address: string) =>
    (await stack.ses.emails()).filter((e) => e.destination.to[0] === address);

  beforeAll(async () => {
    stack = await startLocalStack({ now: () => clock, settings: { timeZone: NY, reviewMode: true } });
    await syncLedger(stack.apiUrl, { apiKey: stack.apiKey }, LEDGER);
    const run = await stack.runDay();
    expect(run.awaitingReview).toBe(5);
    // Later that morning two payments arrive, after the plan was made.
    clock = nyTime('2026-11-23', 10);
    await syncLedger(
      stack.apiUrl,
      { apiKey: stack.apiKey },
      {
        Payments: [
          ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency'],
          ['N1-P', 'N1', '2026-10-01', '150.00', 'USD'],
          ['N2-P', 'N2', '2026-11-23', '300.00', 'USD'],
          ['N3-P', 'N3', '2026-11-23', '400.00', 'USD'],
        ],
      },
    );
    // 20:30 in New York: Eve's reminder is approved and goes out in her window.
    clock = nyTime('2026-11-23', 20, 30);
    await approve(['E1']);
    await dispatchAt(clock);
    // 23:30 in New York (20:30 in Los Angeles): the rest of the queue is approved.
    clock = nyTime('2026-11-23', 23, 30);
    await approve(['N1', 'N2', 'N3', 'L1']);
    await dispatchAt(clock);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  describe('the contact window at the instant of sending', () => {
    it('holds an email approved at 23:30 until 08:00 in the debtor zone, and sends one whose zone is still in its window', async () => {
      // Assess: at 23:30 New York only the Los Angeles debtor (20:30 there) got hers.
      expect(await emailTo('nora@example.com')).toEqual([]);
      expect(await emailTo('larry@example.com')).toHaveLength(1);
      expect((await entry('N1'))?.status).toBe('planned');
      expect((await entry('N1'))?.notBefore).toBe(nyTime('2026-11-24', 8).toISOString());
      // Act: the night's hourly dispatches, then the morning.
      for (let h = 1; h <= 8; h++) await dispatchAt(nyTime('2026-11-24', h));
      // Assess
      expect(await emailTo('nora@example.com')).toHaveLength(1);
      const messages = await stack.store.messages(stack.tenantId, 'N1');
      expect(messages[0]?.localTime).toBe('2026-11-24 08:00 America/New_York');
    });

    it('sends nothing outside 08:00-21:00 in any debtor zone', async () => {
      const all = (
        await Promise.all(['N1', 'N2', 'L1', 'E1'].map((c) => stack.store.messages(stack.tenantId, c)))
      ).flat();
      expect(all.length).toBe(4);
      for (const m of all) {
        const hour = localTime(Date.parse(m.sentAt), m.zone).hour;
        expect(hour, `${m.customerId} at ${m.localTime}`).toBeGreaterThanOrEqual(8);
        expect(hour, `${m.customerId} at ${m.localTime}`).toBeLessThan(21);
      }
    });
  });

  describe('one computation of the account at send time', () => {
    it('states the amount the table totals when credit is on the account', async () => {
      const [email] = await emailTo('nora@example.com');
      const text = email!.body.text ?? '';
      expect(email!.subject).toContain('USD 850.00');
      expect(text).toContain('USD 850.00 is past due');
      expect(text).toMatch(/N1-I .*USD 1,000\.00/);
      expect(text).toMatch(/Credit on your account .*USD -150\.00/);
      expect(text).toMatch(/Total USD .*USD 850\.00/);
    });

    it('states the balance after a payment made between plan and send', async () => {
      const [email] = await emailTo('paul@example.com');
      expect(email!.subject).toContain('USD 100.00');
      expect(email!.body.text).toMatch(/N2-I .*USD 100\.00/);
      expect(email!.body.text).not.toContain('400.00');
    });

    it('cancels the email of a customer who paid in full, and records why on the account', async () => {
      expect(await emailTo('fay@example.com')).toEqual([]);
      const cancelled = await entry('N3');
      expect(cancelled).toMatchObject({ status: 'cancelled', rule: 'send-time/nothing-due' });
      const rows = await stack.store.customerRows(stack.tenantId, 'N3');
      const note = rows.find((r) => r.tab === 'Activity' && String(r.fields.outcome).startsWith('not sent'));
      expect(note?.fields).toMatchObject({ type: 'note', outcome: 'not sent: send-time/nothing-due' });
      expect(String(note?.fields.note)).toMatch(/nothing is due from Fay Fullpay/);
    });
  });

  describe('contacts dated on the debtor day', () => {
    it('dates an email sent at 20:30 New York (01:30 UTC next day) on the New York day', async () => {
      const rows = await stack.store.customerRows(stack.tenantId, 'E1');
      const sent = rows.find((r) => r.tab === 'Activity' && r.fields.type === 'email');
      expect(sent?.fields.date).toBe('2026-11-23');
      const [message] = await stack.store.messages(stack.tenantId, 'E1');
      expect(message).toMatchObject({
        localTime: '2026-11-23 20:30 America/New_York',
        officeTime: '2026-11-23 20:30 America/New_York',
        stage: 'reminder-1',
        to: 'eve@example.com',
      });
      expect(message!.sentAt).toBe(nyTime('2026-11-23', 20, 30).toISOString());
      expect(message!.text).toContain('USD 250.00');
    });
  });

  describe('contacts recorded per customer', () => {
    it('keeps one Activity row per customer when several customers get the same stage of the same cycle', async () => {
      // N1, N2, L1 and E1 all got reminder-1 for invoices due 2026-11-13.
      for (const customerId of ['N1', 'N2', 'L1', 'E1']) {
        const rows = await stack.store.customerRows(stack.tenantId, customerId);
        const sent = rows.filter((r) => r.tab === 'Activity' && r.fields.type === 'email');
        expect(
          sent.map((r) => [r.fields.customerId, r.fields.stage]),
          customerId,
        ).toEqual([[customerId, 'reminder-1']]);
      }
    });
  });

  describe("the next action shown is the planner's own", () => {
    it('projects the next stage after the spacing between stages, not at its threshold', async () => {
      // Nora got reminder-1 on 2026-11-24; reminder-15 reaches its threshold on 11-28, but stages
      // are 7 days apart, so the planner acts on 12-01.
      clock = nyTime('2026-11-25', 9);
      const status = await api('/v1/status?customers=N1');
      const [nora] = status.body.customers as { nextAction: string; why: string }[];
      expect(nora!.nextAction).toBe('2026-12-01 email reminder-15 (after review)');
    });

    it('projects a suppressed address as blocked, not as an email', async () => {
      clock = nyTime('2026-11-25', 9);
      await stack.store.suppress(
        stack.tenantId,
        'nora@example.com',
        'complaint',
        clock.toISOString(),
        'test',
      );
      const status = await api('/v1/status?customers=N1');
      const [nora] = status.body.customers as { nextAction: string; why: string }[];
      expect(nora!.nextAction).toBe('blocked');
      expect(nora!.why).toMatch(/email-suppressed/);
    });
  });

  describe('one customer stops nobody else', () => {
    it('puts a customer whose amounts overflow in the review queue with its error and plans the rest', async () => {
      // Prepare: rows that got in before amounts were bounded (written past the API's checks).
      clock = nyTime('2026-11-25', 9);
      const fields = (id: string, amountMinor: number) => ({
        row: 0,
        invoiceId: id,
        customerId: 'N3',
        invoiceDate: '2026-10-01',
        dueDate: '2026-10-20',
        amountMinor,
        currency: 'USD',
      });
      await stack.store.syncRows(
        stack.tenantId,
        'Invoices',
        'invoiceId',
        [fields('HUGE-1', 2 ** 52), fields('HUGE-2', 2 ** 52)],
        [],
        clock.toISOString(),
        { markPending: true },
      );
      await syncLedger(
        stack.apiUrl,
        { apiKey: stack.apiKey },
        {
          Customers: [
            ['Customer ID', 'Name', 'Email', 'Time Zone'],
            ['G1', 'Gil Good', 'gil@example.com', NY],
          ],
          Invoices: [
            ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
            ['G1-I', 'G1', '2026-10-01', '2026-10-20', '75.00', 'USD'],
          ],
        },
      );
      // Act
      const run = await stack.runDay();
      // Assess
      expect(run.failed).toBe(1);
      expect(run.recorded).toBeGreaterThan(0);
      const queue = (await api('/v1/queue')).body.entries as { customerId: string; status: string }[];
      expect(queue.find((e) => e.customerId === 'N3' && e.status === 'failed')).toBeDefined();
      expect((await stack.store.customerOutbox(stack.tenantId, 'G1')).map((e) => e.status)).toEqual([
        'awaiting-review',
      ]);
    });
  });
});
