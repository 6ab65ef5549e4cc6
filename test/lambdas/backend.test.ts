// End-to-end through the real local parts: sync the demo ledger over HTTP into DynamoDB Local, run
// days, send through the SES emulator; replays, duplicates and crashes never send twice.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedger } from '../../cli/read-ledger.js';
import { chunkTab, syncLedger } from '../../cli/sync-client.js';
import type { LedgerRows } from '../../core/schema.js';
import { type LocalStack, startLocalStack } from '../../lambdas/local/stack.js';
import { type Mailer, MailerThrottledError } from '../../lambdas/shared/mailer.js';

const DEMO = new URL('../../examples/demo-ledger', import.meta.url).pathname;

/** 09:00 New York on a given day. */
const at = (date: string, hour = 14) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);

describe('backend', () => {
  let stack: LocalStack;
  let clock = at('2026-11-23');
  let rows: LedgerRows;
  let crashAfterSend = false;
  let throttleNext = false;

  beforeAll(async () => {
    rows = (await readLedger(DEMO)).rows;
    stack = await startLocalStack({
      now: () => clock,
      wrapMailer: (mailer: Mailer): Mailer => ({
        async send(email) {
          if (throttleNext) {
            throttleNext = false;
            throw new MailerThrottledError('Maximum sending rate exceeded.');
          }
          const id = await mailer.send(email);
          if (crashAfterSend) {
            crashAfterSend = false;
            throw new Error('simulated crash after SES accepted the message');
          }
          return id;
        },
      }),
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const api = async (path: string, init: RequestInit & { token?: string } = {}) => {
    const token = init.token ?? (await stack.token());
    const res = await fetch(`${stack.apiUrl}${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...(init.headers ?? {}),
      },
    });
    const text = await res.text();
    return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  };

  describe('POST /v1/sync', () => {
    it('returns every tab stored, and writes nothing for a second identical sync', async () => {
      // Act
      const first = await syncLedger(stack.apiUrl, { idToken: await stack.token() }, rows);
      const second = await syncLedger(stack.apiUrl, { idToken: await stack.token() }, rows);
      // Assess
      const customers = first.find((r) => r.tab === 'Customers')!;
      expect(customers).toMatchObject({ received: 38, written: 38, rejected: 0 });
      expect(first.every((r) => r.errors.length === 0)).toBe(true);
      expect(second.every((r) => r.written === 0 && r.unchanged === r.received)).toBe(true);
    });

    it('returns per-row errors naming row and column, and keeps the good rows', async () => {
      const chunk = {
        tab: 'Invoices',
        header: ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
        columns: [
          ['T-1', 'T-2', 'T-3'],
          ['C-1001', 'C-1001', 'NOPE'],
          ['2026-11-01', '2026-11-01', '2026-11-01'],
          ['2026-12-01', '2026-12-01', '2026-12-01'],
          ['10.00', '10.001', '5'],
          ['USD', 'USD', 'USD'],
        ],
        rowNumbers: [200, 201, 202],
      };
      const res = await api('/v1/sync', { method: 'POST', body: JSON.stringify(chunk) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ received: 3, written: 1, rejected: 2 });
      expect(
        res.body.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code]),
      ).toEqual([
        [201, 'Amount', 'SCHEMA.AMOUNT_INVALID'],
        [202, 'Customer ID', 'SCHEMA.CUSTOMER_UNKNOWN'],
      ]);
      // Remove the test row again so the demo's figures below are unchanged.
      const del = await api('/v1/sync', {
        method: 'POST',
        body: JSON.stringify({
          ...chunk,
          columns: chunk.header.map(() => []),
          rowNumbers: [],
          deleted: ['T-1'],
        }),
      });
      expect(del.body).toMatchObject({ deleted: 1 });
    });

    it('returns 400 naming the field for a malformed body and 413 for an oversize one', async () => {
      const bad = await api('/v1/sync', {
        method: 'POST',
        body: JSON.stringify({ tab: 'Invoices', header: ['A'], columns: 'x' }),
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('columns');
      const big = await api('/v1/sync', {
        method: 'POST',
        body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024 + 10) }),
      });
      expect(big.status).toBe(413);
    });

    it('returns a gzip-compressed sync stored like a plain one, and 413 for a gzip bomb', async () => {
      // Prepare: what the add-on sends, compressed, with a binary content type.
      const chunk = chunkTab('Customers', rows.Customers!)[0]!;
      const gzipHeaders = { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' };

      // Act
      const packed = await api('/v1/sync', {
        method: 'POST',
        headers: gzipHeaders,
        body: gzipSync(JSON.stringify(chunk)),
      });
      const bomb = await api('/v1/sync', {
        method: 'POST',
        headers: gzipHeaders,
        body: gzipSync(JSON.stringify({ pad: ' '.repeat(3 * 1024 * 1024) })),
      });

      // Assess
      expect(packed.status).toBe(200);
      expect(packed.body).toMatchObject({ tab: 'Customers', received: 38, rejected: 0 });
      expect(bomb.status).toBe(413);
      expect(bomb.body.error.message).toContain('decompressed');
    });

    it('returns chunks of at most 2 MB from the client', () => {
      const many: unknown[][] = [
        ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
      ];
      for (let i = 0; i < 40_000; i++)
        many.push([`INV-${i}`, `C-${i % 100}`, '2026-01-01', '2026-02-01', '123.45', 'USD']);
      const chunks = chunkTab('Invoices', many, 1024 * 1024);
      expect(chunks.length).toBeGreaterThan(1);
      expect(chunks.every((c) => JSON.stringify(c).length <= 1024 * 1024)).toBe(true);
      expect(chunks.reduce((s, c) => s + c.rowNumbers.length, 0)).toBe(40_000);
    });
  });

  describe('auth', () => {
    it.each([
      ['no token', async () => ({ authorization: '' }), 401, 'AUTH.MISSING'],
      [
        'a forged token',
        async () => ({
          authorization: `Bearer ${await stack.identity.signForgedIdToken({ email: stack.clerkEmail })}`,
        }),
        401,
        'AUTH.BAD_SIGNATURE',
      ],
      [
        'an expired token',
        async () => ({
          authorization: `Bearer ${await stack.identity.signIdToken({ email: stack.clerkEmail, issuedAt: new Date(Date.now() - 7200_000) })}`,
        }),
        401,
        'AUTH.EXPIRED',
      ],
      [
        'an unsigned token',
        async () => ({
          authorization: `Bearer ${stack.identity.unsignedIdToken({ email: stack.clerkEmail })}`,
        }),
        401,
        'AUTH.',
      ],
      [
        'another audience',
        async () => ({
          authorization: `Bearer ${await stack.identity.signIdToken({ email: stack.clerkEmail, audience: 'someone-else' })}`,
        }),
        401,
        'AUTH.WRONG_AUDIENCE',
      ],
      [
        'a member of no office',
        async () => ({ authorization: `Bearer ${await stack.token('stranger@example.org')}` }),
        403,
        'AUTH.NO_MEMBERSHIP',
      ],
      [
        'a wrong API key',
        async () => ({ authorization: '', 'x-api-key': 'dbk_nope' }),
        401,
        'AUTH.BAD_API_KEY',
      ],
    ])('refuses %s on every route', async (_name, headers, status, code) => {
      for (const [method, path] of [
        ['GET', '/v1/status?customers=C-1001'],
        ['POST', '/v1/sync'],
        ['GET', '/v1/queue'],
        ['POST', '/v1/payments'],
      ] as const) {
        const res = await fetch(`${stack.apiUrl}${path}`, {
          method,
          headers: { 'content-type': 'application/json', ...(await headers()) },
          body: method === 'POST' ? '{}' : undefined,
        });
        const body = (await res.json()) as { error: { code: string } };
        expect([path, res.status]).toEqual([path, status]);
        expect(body.error.code.startsWith(code)).toBe(true);
      }
    });

    it('returns only the caller tenant: a member of another office sees none of this one', async () => {
      await stack.store.putMembership('other@example.org', 'other-office');
      const res = await api('/v1/status?customers=C-1001', { token: await stack.token('other@example.org') });
      expect(res.status).toBe(200);
      expect(res.body.customers).toEqual([]);
    });
  });

  describe('GET /v1/status', () => {
    it('returns the computed columns for the sheet', async () => {
      const res = await api('/v1/status?customers=C-1001,C-1006');
      expect(res.status).toBe(200);
      const byId = Object.fromEntries(
        res.body.customers.map((c: { customerId: string }) => [c.customerId, c]),
      );
      expect(byId['C-1001']).toMatchObject({ balance: 'USD 6,364.50', bucket: '61-90' });
      expect(byId['C-1006'].flags).toContain('deceased');
    });

    it('returns figures a sync changed at once, before the daily run recomputes the account', async () => {
      // Prepare: a new 100.00 invoice for C-1001, synced; its snapshot is only marked for recompute.
      const extra = {
        tab: 'Invoices',
        header: ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
        columns: [['T-STATUS'], ['C-1001'], ['2026-11-20'], ['2026-12-20'], ['100.00'], ['USD']],
        rowNumbers: [300],
      };
      const added = await api('/v1/sync', { method: 'POST', body: JSON.stringify(extra) });
      expect(added.body).toMatchObject({ written: 1, accountsRecomputed: 0, accountsPending: 1 });

      // Act
      const withExtra = await api('/v1/status?customers=C-1001');
      await api('/v1/sync', {
        method: 'POST',
        body: JSON.stringify({
          ...extra,
          columns: extra.header.map(() => []),
          rowNumbers: [],
          deleted: ['T-STATUS'],
        }),
      });
      const without = await api('/v1/status?customers=C-1001');

      // Assess
      expect(withExtra.body.customers[0]).toMatchObject({ customerId: 'C-1001', balance: 'USD 6,464.50' });
      expect(without.body.customers[0]).toMatchObject({ customerId: 'C-1001', balance: 'USD 6,364.50' });
    });
  });

  describe('daily run and sender', () => {
    it('sends each due email once; the same day again sends nothing new', async () => {
      // Prepare
      await stack.ses.clear();
      clock = at('2026-11-23');
      // Act
      const first = await stack.runDay();
      await stack.drain();
      const sent = await stack.ses.emails();
      const again = await stack.runDay();
      await stack.drain();
      const afterAgain = await stack.ses.emails();
      // Assess
      expect(first.recorded).toBeGreaterThan(0);
      expect(sent.length).toBe(first.queued);
      expect(again).toMatchObject({ recorded: 0, queued: 0 });
      expect(afterAgain.length).toBe(sent.length);
      const deceased = sent.filter((e) => JSON.stringify(e).includes('Hollis'));
      expect(deceased).toEqual([]);
      expect(new Set(sent.map((e) => JSON.stringify(e.destination ?? e))).size).toBe(sent.length);
    });

    it('delivers a duplicated queue message only once', async () => {
      // Prepare: find an email the first run sent.
      let sentEntry: { customerId: string; stage: string; channel: string; cycle: string } | undefined;
      for (let n = 1001; n <= 1038 && !sentEntry; n++) {
        sentEntry = (await stack.store.customerOutbox(stack.tenantId, `C-${n}`)).find(
          (e) => e.status === 'sent',
        );
      }
      expect(sentEntry).toBeDefined();
      await stack.ses.clear();
      const key = {
        tenantId: stack.tenantId,
        customerId: sentEntry!.customerId,
        stage: sentEntry!.stage,
        channel: sentEntry!.channel,
        cycle: sentEntry!.cycle,
      };
      // Act: the same message delivered again, twice, as SQS's at-least-once delivery can.
      const id = stack.queue.send(JSON.stringify(key));
      stack.queue.duplicate(id);
      await stack.drain();
      // Assess
      expect(await stack.ses.emails()).toEqual([]);
      expect(stack.queue.deadLetters()).toEqual([]);
    });

    it('sends nothing twice when the sender crashes after SES accepted a message', async () => {
      // Prepare: a new invoice makes C-1001's courtesy reminder due on the next day.
      await stack.ses.clear();
      clock = at('2026-11-25');
      await syncLedger(
        stack.apiUrl,
        { idToken: await stack.token() },
        {
          Invoices: [
            ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
            ['CRASH-1', 'C-1038', '2026-10-01', '2026-10-20', '900.00', 'USD'],
          ],
        },
      );
      crashAfterSend = true;
      // Act
      const summary = await stack.runDay();
      const result = await stack.drain();
      // Assess: the crashed attempt was retried, found SES's Send event, and did not send again.
      const emails = await stack.ses.emails();
      const perRecipient = new Map<string, number>();
      for (const e of emails)
        perRecipient.set(
          JSON.stringify(e.destination),
          (perRecipient.get(JSON.stringify(e.destination)) ?? 0) + 1,
        );
      expect(crashAfterSend).toBe(false);
      expect(summary.queued).toBeGreaterThan(0);
      expect(emails.length).toBe(summary.queued);
      expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
      // The crashed delivery was retried (a second delivery) and found the send already recorded.
      expect(result.deliveries).toBeGreaterThan(summary.queued);
      expect(stack.queue.deadLetters()).toEqual([]);
    });
  });

  describe('throttling', () => {
    it('retries a throttled send later and still sends each email once', async () => {
      await stack.ses.clear();
      clock = at('2026-11-30');
      throttleNext = true;
      const summary = await stack.runDay();
      const result = await stack.drain();
      const emails = await stack.ses.emails();
      expect(summary.queued).toBeGreaterThan(0);
      expect(throttleNext).toBe(false);
      expect(emails.length).toBe(summary.queued);
      expect(new Set(emails.map((e) => e.destination.to[0])).size).toBe(emails.length);
      expect(result.deliveries).toBe(summary.queued + 1);
      expect(stack.queue.deadLetters()).toEqual([]);
    });
  });

  describe('postings, review mode, unsubscribe and SES events', () => {
    it('returns a payment posted once per idempotency key, with the new balance', async () => {
      const payment = {
        idempotencyKey: 'pay-test-0001',
        row: {
          'Payment ID': 'P-API-1',
          'Customer ID': 'C-1001',
          Date: '2026-11-23',
          Amount: '364.50',
          Currency: 'USD',
        },
      };
      const first = await api('/v1/payments', { method: 'POST', body: JSON.stringify(payment) });
      const replay = await api('/v1/payments', { method: 'POST', body: JSON.stringify(payment) });
      const clash = await api('/v1/payments', {
        method: 'POST',
        body: JSON.stringify({ ...payment, idempotencyKey: 'pay-test-0002' }),
      });
      const bad = await api('/v1/payments', {
        method: 'POST',
        body: JSON.stringify({
          idempotencyKey: 'pay-test-0003',
          row: { ...payment.row, 'Payment ID': 'P-API-2', Amount: '1.005' },
        }),
      });
      expect(first.status).toBe(201);
      expect(first.body.account).toEqual([{ currency: 'USD', balanceMinor: 600_000 }]);
      expect(replay).toMatchObject({ status: 200, body: { replayed: true, account: first.body.account } });
      expect(clash.status).toBe(409);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('Amount');
      const status = await api('/v1/status?customers=C-1001');
      expect(status.body.customers[0].balance).toBe('USD 6,000.00');
    });

    it('sends one statement per owing customer on the statement day, once', async () => {
      await stack.ses.clear();
      clock = at('2026-12-01');
      const first = await stack.runDay();
      await stack.drain();
      const again = await stack.runDay();
      await stack.drain();
      // Debtors in other zones get theirs when their morning comes.
      for (let h = 1; h <= 24; h++) {
        clock = new Date(at('2026-12-01').getTime() + h * 3_600_000);
        await stack.dispatch();
        await stack.drain();
      }
      const statements = (await stack.ses.emails()).filter((e) => /statement/i.test(e.subject));
      expect(first.statements).toBeGreaterThan(5);
      expect(again.statements).toBe(0);
      expect(statements.length).toBe(first.statements);
      expect(statements.some((e) => /Hollis|Pioneer/.test(e.body.text ?? ''))).toBe(false);
      const harbor = statements.find((e) => e.destination.to[0] === 'harbordental@example.com')!;
      expect(harbor.body.text).toMatch(/2026-11-01|November 1, 2026/);
    });

    it('holds emails for review and sends only the approved lines', async () => {
      // Prepare
      await stack.store.putSettings({
        ...(await stack.store.getSettings(stack.tenantId))!,
        reviewMode: true,
      });
      await stack.ses.clear();
      clock = at('2026-12-02');
      // Act
      const summary = await stack.runDay();
      await stack.drain();
      const queue = await api('/v1/queue');
      const first = queue.body.entries[0];
      const decision = await api('/v1/queue', {
        method: 'POST',
        body: JSON.stringify({
          decision: 'approve',
          entries: [
            { customerId: first.customerId, stage: first.stage, channel: first.channel, cycle: first.cycle },
          ],
        }),
      });
      // Approved lines go out with the hourly dispatch once the debtor's window opens.
      let dispatched = 0;
      for (let h = 0; h <= 24; h++) {
        clock = new Date(at('2026-12-02').getTime() + h * 3_600_000);
        dispatched += await stack.dispatch();
        await stack.drain();
      }
      // Assess
      expect(summary.awaitingReview).toBeGreaterThan(1);
      expect(summary.queued).toBe(0);
      expect(queue.body.entries.length).toBe(summary.awaitingReview);
      expect(first.explanation.summary).toMatch(/owes/);
      expect(decision.body.results[0].status).toBe('approved');
      expect(dispatched).toBe(1);
      const emails = await stack.ses.emails();
      expect(emails.length).toBe(1);
      expect((await api('/v1/queue')).body.entries.length).toBe(summary.awaitingReview - 1);
      await stack.store.putSettings({
        ...(await stack.store.getSettings(stack.tenantId))!,
        reviewMode: false,
      });
    });

    it('returns emails with one-click unsubscribe headers; GET only asks, POST suppresses', async () => {
      await stack.ses.clear();
      clock = at('2026-12-03');
      await stack.runDay();
      await stack.drain();
      const email = (await stack.ses.emails())[0]!;
      const headers = Object.fromEntries((email.headers ?? []).map((h) => [h.name, h.value]));
      expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      const url = /<(http[^>]+)>/.exec(headers['List-Unsubscribe'] ?? '')![1]!;
      expect(headers['List-Unsubscribe']).toMatch(/<mailto:unsubscribe@duebook\.example\.com\?subject=/);
      expect(email.body.text).toContain('To stop receiving these emails');
      const to = email.destination.to[0]!;
      const get = await fetch(url);
      expect(get.status).toBe(200);
      expect(await get.text()).toContain('<form method="post"');
      expect(await stack.store.isSuppressed(stack.tenantId, to)).toBe(false);
      const post = await fetch(url, {
        method: 'POST',
        body: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(post.status).toBe(200);
      expect(await stack.store.isSuppressed(stack.tenantId, to)).toBe(true);
      const forged = await fetch(
        url.replace(/token=([^&]+)/, (_m, t: string) => `token=${t.slice(0, -2)}xx`),
        { method: 'POST' },
      );
      expect(forged.status).toBe(400);
    });

    it('suppresses a hard-bounced address and opens a trace task; a soft bounce does neither', async () => {
      const { handleSesEvent } = await import('../../lambdas/services/ses-events.js');
      const { encodeOutboxTag } = await import('../../lambdas/services/sender.js');
      const key = {
        tenantId: stack.tenantId,
        customerId: 'C-1002',
        stage: 'reminder-60',
        channel: 'email',
        cycle: '2026-08-01',
      };
      const deps = {
        store: stack.store,
        ledger: stack.ledger,
        settings: async () => (await stack.store.getSettings(stack.tenantId))!,
        now: () => clock,
      };
      const mail = {
        messageId: 'm-1',
        destination: ['bounce@example.com'],
        tags: { tenant: [stack.tenantId], outbox: [encodeOutboxTag(key)] },
      };
      const soft = await handleSesEvent(
        {
          eventType: 'Bounce',
          mail,
          bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'bounce@example.com' }] },
        },
        deps,
      );
      expect(soft.action).toBe('ignored');
      expect(await stack.store.isSuppressed(stack.tenantId, 'bounce@example.com')).toBe(false);
      const hard = await handleSesEvent(
        {
          eventType: 'Bounce',
          mail,
          bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'Bounce@Example.com' }] },
        },
        deps,
      );
      expect(hard.action).toBe('suppressed');
      expect(await stack.store.isSuppressed(stack.tenantId, 'bounce@example.com')).toBe(true);
      const traces = await stack.store.traces(stack.tenantId, 'C-1002');
      expect(traces).toHaveLength(1);
      expect(traces[0]).toMatchObject({ reason: 'permanent bounce (General)', status: 'open' });
    });
  });

  describe('flags set after the morning run', () => {
    it('sends nothing to a customer flagged deceased between planning and sending', async () => {
      // Prepare: plan a day, then find a customer whose email is queued but not yet sent.
      await stack.ses.clear();
      clock = at('2026-12-21');
      const summary = await stack.runDay();
      expect(summary.queued).toBeGreaterThan(1);
      let queued: { customerId: string; stage: string; channel: string; cycle: string } | undefined;
      for (let n = 1001; n <= 1038 && !queued; n++) {
        queued = (await stack.store.customerOutbox(stack.tenantId, `C-${n}`)).find(
          (e) => e.status === 'queued' && e.channel === 'email',
        );
      }
      expect(queued).toBeDefined();
      const [header, ...customerRows] = rows.Customers!;
      const flagsAt = header!.indexOf('Flags');
      const row = [...customerRows.find((r) => r[0] === queued!.customerId)!];
      row[flagsAt] = 'deceased';
      await syncLedger(stack.apiUrl, { idToken: await stack.token() }, { Customers: [header!, row] });
      // Act
      await stack.drain();
      // Assess: everyone else got their email; the flagged customer's entry is suppressed by the rule.
      const emails = await stack.ses.emails();
      expect(emails.length).toBe(summary.queued - 1);
      const entry = (await stack.store.customerOutbox(stack.tenantId, queued!.customerId)).find(
        (e) => e.stage === queued!.stage && e.cycle === queued!.cycle && e.channel === 'email',
      );
      expect(entry).toMatchObject({ status: 'suppressed' });
      expect(JSON.stringify(entry)).toContain('flag/deceased');
    });
  });
});
