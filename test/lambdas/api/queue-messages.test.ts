// The review queue's previews and decisions and the message archive route, on the real local stack
// (DynamoDB Local, the SES emulator): the queue shows the email that is then sent, word for word.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedger } from '../../../cli/sync-client.js';
import { type LocalStack, startLocalStack } from '../../../lambdas/local/stack.js';
import { UNCONFIRMED_AFTER_MS } from '../../../lambdas/services/daily-run.js';
import { encodeOutboxTag } from '../../../lambdas/services/sender.js';
import { handleSesEvent } from '../../../lambdas/services/ses-events.js';
import type { Mailer } from '../../../lambdas/shared/mailer.js';
import { stackApi } from '../support/stack-client.js';

/** 09:00 New York (EST) on a day, or another UTC hour. */
const at = (date: string, hour = 14, minute = 0) =>
  new Date(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);

interface QueueItemBody {
  customerId: string;
  stage: string;
  channel: string;
  cycle: string;
  status: string;
  kind: string;
  preview?: Record<string, unknown> & {
    subject?: string;
    text?: string;
    wouldNotSend?: { rule: string; reason: string };
  };
  uncertain?: { claimedAt: string; attempts: number; reason: string; message?: { subject: string } };
  error?: { rule: string; reason: string };
}

describe('api queue and messages', () => {
  let stack: LocalStack;
  let clock = at('2026-11-23');
  /** The next send times out after SES may have taken it (nothing reaches the emulator here). */
  let timeoutNext = false;

  beforeAll(async () => {
    stack = await startLocalStack({
      tenantId: 'queue-office',
      now: () => clock,
      settings: { reviewMode: true },
      wrapMailer: (mailer: Mailer): Mailer => ({
        async send(email) {
          if (timeoutNext) {
            timeoutNext = false;
            throw new Error('socket hang up');
          }
          return mailer.send(email);
        },
      }),
    });
    await syncLedger(
      stack.apiUrl,
      { idToken: await stack.token() },
      {
        Customers: [
          ['Customer ID', 'Name', 'Email', 'Time Zone', 'Dunning'],
          ['Q-1', 'Quinn Ames', 'quinn@example.com', 'America/New_York', 'catch-up'],
          ['Q-2', 'Paid Up Pat', 'pat@example.com', 'America/New_York', 'catch-up'],
          ['Q-3', 'Uncertain Uma', 'uma@example.com', 'America/New_York', 'catch-up'],
          ['Q-4', 'Settled Sol', 'sol@example.com', 'America/New_York', 'catch-up'],
        ],
        Invoices: [
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          ['QI-1', 'Q-1', '2026-09-20', '2026-10-20', '400.00', 'USD'],
          ['QI-2', 'Q-2', '2026-09-20', '2026-10-20', '300.00', 'USD'],
          ['QI-3', 'Q-3', '2026-09-20', '2026-10-20', '250.00', 'USD'],
          ['QI-4', 'Q-4', '2026-09-20', '2026-10-20', '125.00', 'USD'],
        ],
      },
    );
    await stack.runDay();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (path: string, init?: RequestInit & { token?: string }) => stackApi(stack)(path, init);
  const queue = async (): Promise<QueueItemBody[]> => (await api('/v1/queue')).body.entries;
  const entryOf = async (customerId: string) => (await queue()).find((e) => e.customerId === customerId)!;
  const keyOf = (e: QueueItemBody) => ({
    customerId: e.customerId,
    stage: e.stage,
    channel: e.channel,
    cycle: e.cycle,
  });
  const decide = async (decision: 'approve' | 'skip', e: QueueItemBody) =>
    (
      await api('/v1/queue', {
        method: 'POST',
        body: JSON.stringify({ decision, entries: [keyOf(e)] }),
      })
    ).body.results[0];
  const outbox = async (e: QueueItemBody) =>
    (await stack.store.getOutbox(stack.tenantId, e.customerId, e.stage, e.channel, e.cycle))!;
  /** The hourly dispatch and the sender, at the current clock. */
  const dispatchAndSend = async () => {
    await stack.dispatch();
    await stack.drain();
  };

  describe('GET /v1/queue', () => {
    it('returns each email awaiting review with the message the sender would send now', async () => {
      // Prepare
      clock = at('2026-11-23', 14, 5);
      // Act
      const entry = await entryOf('Q-1');
      // Assess
      expect(entry).toMatchObject({ kind: 'review', status: 'awaiting-review', channel: 'email' });
      expect(entry.preview).toMatchObject({
        to: 'quinn@example.com',
        amounts: [{ currency: 'USD', amountMinor: 40_000 }],
        localTime: '2026-11-23 09:05 America/New_York',
        composedFor: '2026-11-23T14:05:00.000Z',
      });
      expect(entry.preview!.subject).toMatch(/\S/);
      expect(entry.preview!.text).toContain('400.00');
      expect(String(entry.preview!.html)).toContain('400.00');
      expect(entry).not.toHaveProperty('message');
      expect(entry).not.toHaveProperty('action');
    });

    it('returns would-not-send with the rule when a payment since the plan paid the account', async () => {
      // Prepare: Pat pays in full after the morning's plan.
      const paid = await api('/v1/payments', {
        method: 'POST',
        body: JSON.stringify({
          idempotencyKey: 'queue-test-pay-q2',
          row: {
            'Payment ID': 'QP-2',
            'Customer ID': 'Q-2',
            Date: '2026-11-23',
            Amount: '300.00',
            Currency: 'USD',
          },
        }),
      });
      expect(paid.status).toBe(201);
      // Act
      const entry = await entryOf('Q-2');
      // Assess
      expect(entry.preview).toEqual({
        wouldNotSend: { rule: 'send-time/nothing-due', reason: expect.stringContaining('Paid Up Pat') },
        composedFor: '2026-11-23T14:05:00.000Z',
      });
    });

    it('returns, at 23:30 New York time, the email composed for when the window opens', async () => {
      // Prepare
      clock = at('2026-11-24', 4, 30);
      // Act
      const entry = await entryOf('Q-1');
      // Assess
      expect(entry.preview).toMatchObject({
        waitsUntil: '2026-11-24T13:00:00.000Z',
        composedFor: '2026-11-24T13:00:00.000Z',
        localTime: '2026-11-24 08:00 America/New_York',
        amounts: [{ currency: 'USD', amountMinor: 40_000 }],
      });
      expect(String(entry.preview!.waitReason)).toMatch(/outside 08:00-21:00/);
    });

    it('reads the pending-recompute markers once for the whole queue', async () => {
      // Prepare
      const original = stack.store.pendingMarkers.bind(stack.store);
      let reads = 0;
      stack.store.pendingMarkers = (tenantId: string) => {
        reads++;
        return original(tenantId);
      };
      // Act
      const entries = await queue();
      stack.store.pendingMarkers = original;
      // Assess
      expect(entries.filter((e) => e.preview).length).toBeGreaterThanOrEqual(4);
      expect(reads).toBe(1);
    });
  });

  describe('POST /v1/queue and GET /v1/messages', () => {
    it('sends, once the window opens, the very email the queue showed, and archives it', async () => {
      // Prepare: approved at 23:30 New York time, the preview read then.
      clock = at('2026-11-24', 4, 30);
      const entry = await entryOf('Q-1');
      await stack.ses.clear();
      // Act
      const result = await decide('approve', entry);
      await dispatchAndSend();
      const sentAtNight = await stack.ses.emails();
      clock = at('2026-11-24', 13, 0);
      await dispatchAndSend();
      const emails = await stack.ses.emails();
      const archive = await api('/v1/messages?customer=Q-1');
      // Assess
      expect(result.status).toBe('approved');
      expect(sentAtNight).toEqual([]);
      expect(emails).toHaveLength(1);
      expect(emails[0]!.subject).toBe(entry.preview!.subject);
      expect(emails[0]!.body.text?.trim()).toBe(String(entry.preview!.text).trim());
      expect(archive.status).toBe(200);
      expect(archive.body.messages).toEqual([
        {
          customerId: 'Q-1',
          stage: entry.stage,
          channel: 'email',
          cycle: entry.cycle,
          to: 'quinn@example.com',
          subject: entry.preview!.subject,
          sentAt: '2026-11-24T13:00:00.000Z',
          localTime: '2026-11-24 08:00 America/New_York',
          officeTime: '2026-11-24 08:00 America/New_York',
          zone: 'America/New_York',
          text: entry.preview!.text,
          html: entry.preview!.html,
          messageId: expect.stringMatching(/\S/),
          outboxKey: `${entry.stage}#email#${entry.cycle}`,
          activityId: `DB-Q-1-${entry.stage}-email-${entry.cycle}`,
          policyVersion: entry.preview!.policyVersion,
          amounts: [{ currency: 'USD', amountMinor: 40_000 }],
        },
      ]);
      expect(archive.body.activity).toEqual([
        {
          activityId: `DB-Q-1-${entry.stage}-email-${entry.cycle}`,
          date: '2026-11-24',
          type: 'email',
          direction: 'outbound',
          stage: entry.stage,
          outcome: expect.stringMatching(/^sent 2026-11-24 08:00 America\/New_York \(SES /),
          by: 'duebook',
        },
      ]);
    });

    it('cancels at send time an approved email to an account paid since, and shows why in its history', async () => {
      // Prepare: Pat paid after the plan (above); the clerk approves anyway.
      clock = at('2026-11-24', 13, 30);
      const entry = await entryOf('Q-2');
      await stack.ses.clear();
      // Act
      await decide('approve', entry);
      await dispatchAndSend();
      const history = await api('/v1/messages?customer=Q-2');
      // Assess
      expect(await stack.ses.emails()).toEqual([]);
      expect((await outbox(entry)).status).toBe('cancelled');
      expect(history.body.messages).toEqual([]);
      expect(history.body.activity).toEqual([
        expect.objectContaining({
          date: '2026-11-24',
          type: 'note',
          outcome: 'not sent: send-time/nothing-due',
          note: expect.stringContaining('nothing is due from Paid Up Pat'),
          by: 'duebook',
        }),
      ]);
    });

    it('returns an empty list to a member of another office, and 400 for a missing or too long id', async () => {
      // Prepare
      await stack.store.putMembership('other@example.org', 'other-office');
      // Act
      const stranger = await api('/v1/messages?customer=Q-1', {
        token: await stack.token('other@example.org'),
      });
      const missing = await api('/v1/messages');
      const long = await api(`/v1/messages?customer=${'Q'.repeat(65)}`);
      // Assess
      expect(stranger).toEqual({
        status: 200,
        body: { timeZone: expect.any(String), messages: [], activity: [], tracking: [] },
      });
      expect(missing.status).toBe(400);
      expect(long.status).toBe(400);
      expect(long.body.error.details).toEqual([
        { field: 'customer', message: expect.stringContaining('64') },
      ]);
    });

    it('shows an unconfirmed send as uncertain with its facts; approve sends it again, once', async () => {
      // Prepare: the send times out after the claim (SES may have taken it); 30 minutes later the
      // dispatch sweep puts it in the review queue.
      clock = at('2026-11-24', 15, 0);
      const planned = await entryOf('Q-3');
      await decide('approve', planned);
      timeoutNext = true;
      await dispatchAndSend();
      expect((await outbox(planned)).status).toBe('sending');
      clock = new Date(at('2026-11-24', 15, 0).getTime() + UNCONFIRMED_AFTER_MS + 60_000);
      await stack.dispatch();
      await stack.ses.clear();
      // Act
      const entry = await entryOf('Q-3');
      const result = await decide('approve', entry);
      const replanned = await outbox(entry);
      await dispatchAndSend();
      const emails = await stack.ses.emails();
      // Assess
      expect(entry).toMatchObject({
        kind: 'uncertain',
        status: 'uncertain',
        uncertain: {
          claimedAt: '2026-11-24T15:00:00.000Z',
          attempts: 1,
          reason: expect.stringMatching(/^may have been sent/),
          message: { to: 'uma@example.com', subject: expect.stringMatching(/\S/) },
        },
      });
      expect(entry.preview).toBeUndefined();
      expect(result.status).toBe('resend-approved');
      expect(replanned).toMatchObject({ status: 'planned', attempts: 1, decidedBy: stack.clerkEmail });
      expect(emails.map((e) => e.destination.to)).toEqual([['uma@example.com']]);
      expect((await outbox(entry)).status).toBe('sent');
      expect((await outbox(entry)).attempts).toBe(2);
      expect((await queue()).some((e) => e.customerId === 'Q-3')).toBe(false);
    });

    it('settles an uncertain entry with skip: final, recorded with who and when, never sent', async () => {
      // Prepare
      clock = at('2026-11-24', 16, 0);
      await decide('approve', await entryOf('Q-4'));
      timeoutNext = true;
      await dispatchAndSend();
      clock = new Date(at('2026-11-24', 16, 0).getTime() + UNCONFIRMED_AFTER_MS + 60_000);
      await stack.dispatch();
      await stack.ses.clear();
      const entry = await entryOf('Q-4');
      // Act
      const result = await decide('skip', entry);
      const again = await decide('approve', entry);
      await dispatchAndSend();
      // Assess
      expect(entry.kind).toBe('uncertain');
      expect(result.status).toBe('skipped');
      expect(again.status).toBe('unchanged');
      expect(await outbox(entry)).toMatchObject({
        status: 'skipped',
        decidedBy: stack.clerkEmail,
        decidedAt: clock.toISOString(),
        decision: expect.stringContaining('never resent'),
      });
      expect(await stack.ses.emails()).toEqual([]);
    });

    it("records and archives a settled send when SES's Send event arrives late after all", async () => {
      // Prepare: Q-4's send above was settled by the clerk ("it was sent"); SES's event comes now.
      const entry = (await stack.store.customerOutbox(stack.tenantId, 'Q-4')).find(
        (e) => e.status === 'skipped',
      )!;
      const key = keyOf(entry as unknown as QueueItemBody);
      expect(entry.claimedAt).toBeDefined();
      // Act
      const outcome = await handleSesEvent(
        {
          eventType: 'Send',
          mail: {
            messageId: 'late-ses-id',
            timestamp: at('2026-11-24', 16, 0).toISOString(),
            destination: ['x@example.com'],
            tags: {
              outbox: [encodeOutboxTag({ tenantId: stack.tenantId, ...key })],
              tenant: [stack.tenantId],
            },
          },
        },
        {
          store: stack.store,
          ledger: stack.ledger,
          settings: async () => (await stack.store.getSettings(stack.tenantId))!,
          now: () => clock,
        },
      );
      // Assess
      expect(outcome.action).toBe('recorded-send');
      expect(await outbox(entry as unknown as QueueItemBody)).toMatchObject({
        status: 'sent',
        messageId: 'late-ses-id',
      });
      const archive = await api('/v1/messages?customer=Q-4');
      expect(archive.body.messages.map((m: { messageId: string }) => m.messageId)).toEqual(['late-ses-id']);
    });

    it('refuses to approve a failed customer with the reason; skip dismisses it', async () => {
      // Prepare: a customer whose planning failed, as the daily run records it.
      await stack.store.putOutboxOnce({
        tenantId: stack.tenantId,
        customerId: 'Q-9',
        stage: 'run-error',
        channel: 'none',
        cycle: '2026-11-24',
        status: 'failed',
        plannedOn: '2026-11-24',
        notBefore: clock.toISOString(),
        action: { kind: 'error', explanation: { rule: 'run/failed', summary: 'could not plan Q-9' } },
        reason: 'an amount is outside the exact range',
        rule: 'run/failed',
        attempts: 0,
      });
      const entry = await entryOf('Q-9');
      // Act
      const approved = await decide('approve', entry);
      const skipped = await decide('skip', entry);
      // Assess
      expect(entry).toMatchObject({
        kind: 'failed',
        error: { rule: 'run/failed', reason: 'an amount is outside the exact range' },
      });
      expect(approved).toMatchObject({
        status: 'refused',
        reason: expect.stringContaining('an amount is outside the exact range'),
      });
      expect(skipped.status).toBe('skipped');
      expect((await queue()).some((e) => e.customerId === 'Q-9')).toBe(false);
    });
  });
});
