// Credit holds through the daily run on the local stack (DynamoDB Local, the SES emulator, the API):
// the stage reached emails the office's credit contact once, flags the customer for the sheet, puts
// a task in the review queue; a rerun sends nothing; a payment releases the hold, told once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedger } from '../../cli/sync-client.js';
import { type LocalStack, startLocalStack } from '../../lambdas/local/stack.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const CONTACT = 'credit@harbor-office.example';
const DEBTOR = 'ap@harbor.example';

describe('credit holds in the daily run', () => {
  let stack: LocalStack;
  let now = new Date('2026-11-23T14:00:00Z');
  const previousLog = process.env.DUEBOOK_LOG;

  beforeAll(async () => {
    process.env.DUEBOOK_LOG = 'silent';
    stack = await startLocalStack({
      now: () => now,
      settings: {
        timeZone: 'America/New_York',
        reviewMode: false,
        officeName: 'Harbor Office LLC',
        officeAddress: '1 Quay St, Portland, ME 04101',
      },
    });
    // A trade-credit customer 50 days past due whose 1-, 15- and 30-day reminders are done: the
    // next stage is the credit hold (internal only: nothing to the customer).
    const reports = await syncLedger(
      stack.apiUrl,
      { apiKey: stack.apiKey },
      {
        Customers: [
          ['Customer ID', 'Name', 'Email', 'Time Zone', 'Ladder'],
          ['C-1', 'Harbor Supply Co', DEBTOR, 'America/New_York', 'trade-credit'],
        ],
        Invoices: [
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          ['INV-1', 'C-1', '2026-09-04', '2026-10-04', '1200.00', 'USD'],
        ],
        Activity: [
          ['Activity ID', 'Customer ID', 'Date', 'Type', 'Direction', 'Stage'],
          ['A-1', 'C-1', '2026-10-05', 'email', 'outbound', 'reminder-1'],
          ['A-2', 'C-1', '2026-10-19', 'email', 'outbound', 'reminder-15'],
          ['A-3', 'C-1', '2026-11-03', 'email', 'outbound', 'reminder-30'],
        ],
      },
    );
    expect(reports.every((r) => r.rejected === 0)).toBe(true);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    if (previousLog === undefined) delete process.env.DUEBOOK_LOG;
    else process.env.DUEBOOK_LOG = previousLog;
  });

  const api = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const inbox = async (to: string) => (await stack.ses.emails()).filter((m) => m.destination.to.includes(to));
  /** The plan at 09:00 office time, then the send queue drained, as the local stack's day runs. */
  const runDayAt = async (iso: string) => {
    now = new Date(iso);
    const summary = await stack.runDay();
    await stack.drain();
    return summary;
  };
  const statusOf = async () => {
    const { body } = await api('GET', '/v1/status?customers=C-1');
    return (body.customers as Record<string, unknown>[]).find((c) => c.customerId === 'C-1')!;
  };

  describe('POST /v1/settings', () => {
    it('refuses a credit contact that is not one address, naming the field, and keeps a good one', async () => {
      // Act
      const bad = await api('POST', '/v1/settings', { creditContactEmail: 'credit dept' });
      const good = await api('POST', '/v1/settings', { creditContactEmail: CONTACT });
      const read = await api('GET', '/v1/settings');
      // Assess
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('creditContactEmail');
      expect(good.status).toBe(200);
      expect(read.body.creditContactEmail).toBe(CONTACT);
    });
  });

  describe('runDay', () => {
    it('emails the credit contact once at the credit-hold stage, flags the customer, and queues a task', async () => {
      // Act: the day the stage is reached, a rerun of that day, and the next day.
      const first = await runDayAt('2026-11-23T14:00:00Z');
      const rerun = await runDayAt('2026-11-23T15:00:00Z');
      const nextDay = await runDayAt('2026-11-24T14:00:00Z');

      // Assess: one internal email, to the contact only; nothing to the debtor.
      const notices = await inbox(CONTACT);
      expect(notices).toHaveLength(1);
      expect(notices[0]!.subject).toBe('Credit hold: Harbor Supply Co (C-1)');
      expect(notices[0]!.body.text).toContain('USD 1,200.00');
      expect(await inbox(DEBTOR)).toEqual([]);
      expect([first.creditHolds, first.internalNotified]).toEqual([1, 1]);
      expect([
        rerun.creditHolds,
        rerun.internalNotified,
        nextDay.creditHolds,
        nextDay.internalNotified,
      ]).toEqual([0, 0, 0, 0]);
      // The sheet's next status pull shows the flag, and asks the add-on to write it into Flags.
      const status = await statusOf();
      expect(String(status.flags)).toContain('credit-hold');
      expect(status.writeBack).toMatchObject({ Flags: 'credit-hold' });
      // The clerk's review queue holds the task with whom it went to.
      const queue = (await api('GET', '/v1/queue')).body.entries as Record<string, unknown>[];
      const task = queue.find((e) => e.customerId === 'C-1' && e.channel === 'internal:credit-hold');
      expect(task).toMatchObject({ kind: 'task', status: 'task', task: { notifiedTo: CONTACT } });
      // And the customer's history records the hold.
      const history = (await api('GET', '/v1/messages?customer=C-1')).body.activity as Record<
        string,
        unknown
      >[];
      expect(history.map((a) => a.outcome)).toContain('credit hold: credit-hold');
    }, 120_000);

    it('tells the same contact once when the account is paid, and takes the flag the sheet never showed off', async () => {
      // Prepare: the customer pays in full.
      now = new Date('2026-11-25T15:00:00Z');
      const paid = await api('POST', '/v1/payments', {
        idempotencyKey: 'harbor-pays',
        row: {
          'Payment ID': 'P-1',
          'Customer ID': 'C-1',
          Date: '2026-11-25',
          Amount: '1200.00',
          Currency: 'USD',
        },
      });
      expect(paid.status).toBe(201);

      // Act
      const day = await runDayAt('2026-11-26T14:00:00Z');
      const rerun = await runDayAt('2026-11-26T16:00:00Z');
      const later = await runDayAt('2026-11-30T14:00:00Z');

      // Assess
      const notices = await inbox(CONTACT);
      expect(notices.map((m) => m.subject)).toEqual([
        'Credit hold: Harbor Supply Co (C-1)',
        'Credit hold released: Harbor Supply Co (C-1)',
      ]);
      expect(notices[1]!.body.text).toContain('nothing is overdue any more');
      expect([day.holdsReleased, rerun.holdsReleased, later.holdsReleased]).toEqual([1, 0, 0]);
      expect(await inbox(DEBTOR)).toEqual([]);
      expect(String((await statusOf()).flags)).not.toContain('credit-hold');
    }, 120_000);
  });

  describe('POST /v1/queue on credit tasks', () => {
    const messageOf = (body: Record<string, unknown>) =>
      String((body.error as { message?: string })?.message);
    const taskKeys = async () => {
      const queue = (await api('GET', '/v1/queue')).body.entries as Record<string, string>[];
      return queue
        .filter((e) => e.kind === 'task')
        .map((e) => ({ customerId: e.customerId!, stage: e.stage!, channel: e.channel!, cycle: e.cycle! }));
    };

    it('refuses approve and skip on a credit task with a 400 naming the action, and changes nothing', async () => {
      // Prepare: the hold and the release tasks of the runs above.
      const tasks = await taskKeys();
      expect(tasks.map((t) => t.channel).sort()).toEqual(['internal:credit-hold', 'internal:release']);
      // Act
      const approve = await api('POST', '/v1/queue', { decision: 'approve', entries: tasks });
      const skip = await api('POST', '/v1/queue', { decision: 'skip', entries: [tasks[0]] });
      // Assess
      expect(approve.status).toBe(400);
      expect(approve.body.error).toMatchObject({ code: 'REQUEST.ACTION_NOT_ALLOWED' });
      expect(messageOf(approve.body)).toMatch(/"approve" is not an action on a credit-contact task/);
      expect(messageOf(approve.body)).toContain('"done" or "dismiss"');
      expect(skip.status).toBe(400);
      expect(messageOf(skip.body)).toContain('"skip"');
      expect(await taskKeys()).toHaveLength(2);
    });

    it('refuses done and dismiss on anything but a credit task, naming the action and the channel', async () => {
      // Act
      const done = await api('POST', '/v1/queue', {
        decision: 'done',
        entries: [{ customerId: 'C-1', stage: 'reminder-45', channel: 'email', cycle: '2026-10-04' }],
      });
      const dismiss = await api('POST', '/v1/queue', {
        decision: 'dismiss',
        entries: [{ customerId: 'C-1', stage: 'x', channel: 'plan-request', cycle: '2026-10-04' }],
      });
      // Assess
      expect(done.status).toBe(400);
      expect(done.body.error).toMatchObject({ code: 'REQUEST.ACTION_NOT_ALLOWED' });
      expect(messageOf(done.body)).toMatch(/"done" is only for credit-contact tasks .*email/);
      expect(dismiss.status).toBe(400);
      expect(messageOf(dismiss.body)).toContain('"dismiss"');
    });

    it('marks a credit task done or dismissed once, with who and when, and takes it off the queue', async () => {
      // Prepare
      const tasks = await taskKeys();
      const hold = tasks.find((t) => t.channel === 'internal:credit-hold')!;
      const release = tasks.find((t) => t.channel === 'internal:release')!;
      // Act
      const done = await api('POST', '/v1/queue', { decision: 'done', entries: [hold] });
      const again = await api('POST', '/v1/queue', { decision: 'done', entries: [hold] });
      const dismissed = await api('POST', '/v1/queue', { decision: 'dismiss', entries: [release] });
      // Assess
      expect(done.status).toBe(200);
      expect(done.body.results).toEqual([{ ...hold, status: 'done' }]);
      expect(again.body.results).toEqual([{ ...hold, status: 'unchanged' }]);
      expect(dismissed.body.results).toEqual([{ ...release, status: 'dismissed' }]);
      expect(await taskKeys()).toEqual([]);
      const stored = await stack.store.getOutbox(stack.tenantId, 'C-1', hold.stage, hold.channel, hold.cycle);
      expect(stored).toMatchObject({ status: 'skipped', decision: 'done', decidedBy: 'api-key' });
    });
  });
});
