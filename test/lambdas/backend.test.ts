// End-to-end through the real local parts: sync the demo ledger over HTTP into DynamoDB Local, run
// days, send through the SES emulator; replays, duplicates and crashes never send twice.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedger } from '../../cli/read-ledger.js';
import { chunkTab, syncLedger } from '../../cli/sync-client.js';
import type { LedgerRows } from '../../core/ledger/schema-rows.js';
import { type LocalStack, startLocalStack } from '../../lambdas/local/stack.js';
import { type Mailer, MailerThrottledError } from '../../lambdas/shared/mailer.js';
import { stackApi } from './support/stack-client.js';

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

  /**
   * A whole day as the schedules run it: the daily run at 09:00 office time (14:00 UTC), then the
   * hourly dispatch through the next 24 hours, so each debtor's email goes when their window opens.
   */
  const wholeDay = async (date: string) => {
    clock = at(date);
    const summary = await stack.runDay();
    let deliveries = (await stack.drain()).deliveries;
    for (let h = 1; h <= 24; h++) {
      clock = new Date(at(date).getTime() + h * 3_600_000);
      await stack.dispatch();
      deliveries += (await stack.drain()).deliveries;
    }
    clock = at(date);
    return { summary, deliveries };
  };

  /** Every email outbox entry of the demo's customers. */
  const emailEntries = async () =>
    (
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => stack.store.customerOutbox(stack.tenantId, `C-${1001 + i}`)),
      )
    )
      .flat()
      .filter((e) => e.channel === 'email');

  /** Entries whose moment came by `until` but that are neither sent nor settled otherwise. */
  const stranded = async (until: Date) =>
    (await emailEntries()).filter(
      (e) =>
        ['planned', 'queued', 'sending'].includes(e.status) && Date.parse(e.notBefore) <= until.getTime(),
    );

  const api = (path: string, init?: RequestInit & { token?: string }) => stackApi(stack)(path, init);

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
        ['POST', '/v1/queue'],
        ['GET', '/v1/messages?customer=C-1001'],
        ['POST', '/v1/payments'],
        ['POST', '/v1/promises'],
        ['POST', '/v1/plans'],
        ['POST', '/v1/notes'],
        ['GET', '/v1/settings'],
        ['POST', '/v1/settings'],
        ['POST', '/v1/letters/appeal'],
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

  describe('GET /v1/status: stage, next action, why and open items', () => {
    type Status = {
      customerId: string;
      stage: string;
      nextAction: string;
      why: string;
      flags: string;
      invoices: { invoiceId: string; openBalance: string; daysPastDue: number }[];
    };
    const statusOf = async (...ids: string[]) => {
      const res = await api(`/v1/status?customers=${ids.join(',')}`);
      expect(res.status).toBe(200);
      return Object.fromEntries(res.body.customers.map((c: Status) => [c.customerId, c])) as Record<
        string,
        Status
      >;
    };

    it("returns a past-due customer's last stage, today's planned stage and the plan's explanation", async () => {
      // Act
      const { 'C-1001': harbor } = await statusOf('C-1001');
      // Assess: reminder-30 was done on 2026-11-12; the oldest item is 84 days past due.
      expect(harbor!.stage).toBe('reminder-30');
      expect(harbor!.nextAction).toBe('2026-11-23 email reminder-60, call reminder-60');
      expect(harbor!.why).toMatch(/^Harbor Dental Group owes USD 4,341\.50 overdue, 84 days past due/);
      expect(harbor!.why).toContain('60-day reminder');
    });

    it('returns blocked with the rule and reason for a flagged customer', async () => {
      const { 'C-1006': estate, 'C-1005': disputed } = await statusOf('C-1006', 'C-1005');
      expect(estate!.nextAction).toBe('blocked');
      expect(estate!.why).toMatch(/^flag\/deceased: .*the customer is deceased/);
      expect(disputed!.nextAction).toBe('blocked');
      expect(disputed!.why).toMatch(/^flag\/dispute: /);
    });

    it("returns the account's open items with their open balance and days past due", async () => {
      // Prepare: the open items as the stored account has them.
      const account = await stack.ledger.currentAccount(stack.tenantId, 'C-1001', '2026-11-23');
      const open = account!.accounts.flatMap((a) => a.items.filter((i) => i.openMinor !== 0));
      // Act
      const { 'C-1001': harbor } = await statusOf('C-1001');
      // Assess
      expect(harbor!.invoices.map((i) => i.invoiceId)).toEqual(open.map((i) => i.itemId));
      expect(harbor!.invoices).toEqual([
        { invoiceId: 'INV-260033', openBalance: 'USD 794.25', daysPastDue: 84 },
        { invoiceId: 'INV-260058', openBalance: 'USD 1,682.00', daysPastDue: 53 },
        { invoiceId: 'INV-260082', openBalance: 'USD 1,865.25', daysPastDue: 23 },
        { invoiceId: 'INV-260104', openBalance: 'USD 2,023.00', daysPastDue: -8 },
      ]);
    });
  });

  describe('POST /v1/settings', () => {
    it.each([
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ statementDay: 31 }, 'statementDay'],
      [{ contactPreset: 'texas' }, 'contactPreset'],
      [{ reviewMode: 'yes' }, 'reviewMode'],
      [{ officeName: 'Accounts receivable' }, 'officeName'],
      [{ officeAddress: 'x' }, 'officeAddress'],
      [{ unknownSetting: 'x' }, 'unknownSetting'],
    ])('returns 400 naming the field for %j', async (change, field) => {
      const res = await api('/v1/settings', { method: 'POST', body: JSON.stringify(change) });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(field);
    });

    it('returns the merged settings, which GET then returns; a non-member may not change them', async () => {
      // Act
      const change = { contactPreset: 'massachusetts', statementDay: 1, handoverTo: 'Acme Recovery LLC' };
      const saved = await api('/v1/settings', { method: 'POST', body: JSON.stringify(change) });
      const read = await api('/v1/settings');
      const stranger = await api('/v1/settings', {
        method: 'POST',
        body: JSON.stringify({ reviewMode: true }),
        token: await stack.token('stranger@example.org'),
      });
      // Assess
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ ...change, officeName: 'Duebook Demo Office', reviewMode: false });
      expect(read.body).toEqual(saved.body);
      expect(stranger.status).toBe(403);
      expect((await api('/v1/settings')).body.reviewMode).toBe(false);
      // Put the default hand-over name back: the hand-over tests below expect "the agency".
      const cleared = await api('/v1/settings', {
        method: 'POST',
        body: JSON.stringify({ handoverTo: '', contactPreset: 'federal' }),
      });
      expect(cleared.body.handoverTo).toBeUndefined();
    });
  });

  describe('POST /v1/settings: the office ladder', () => {
    it.each([
      [
        'days out of order',
        [
          { stage: 'courtesy', daysPastDue: -3, channel: 'email' },
          { stage: 'nudge', daysPastDue: 5, channel: 'email' },
          { stage: 'late', daysPastDue: 5, channel: 'letter' },
        ],
        'ladder[2].daysPastDue',
      ],
      [
        'a courtesy reminder after the due date',
        [{ stage: 'courtesy', daysPastDue: 2, channel: 'email' }],
        'ladder[0].daysPastDue',
      ],
      [
        'a stage twice',
        [
          { stage: 'nudge', daysPastDue: 5, channel: 'email' },
          { stage: 'nudge', daysPastDue: 9, channel: 'email' },
        ],
        'ladder[1].stage',
      ],
      ['an unknown channel', [{ stage: 'nudge', daysPastDue: 5, channel: 'fax' }], 'ladder[0].channel'],
      ['fractional days', [{ stage: 'nudge', daysPastDue: 5.5, channel: 'email' }], 'ladder[0].daysPastDue'],
      ['a # in a stage name', [{ stage: 'a#b', daysPastDue: 5, channel: 'email' }], 'ladder[0].stage'],
      ['no stage', [], 'ladder'],
    ])('returns 400 naming the field for %s', async (_name, ladder, field) => {
      const res = await api('/v1/settings', { method: 'POST', body: JSON.stringify({ ladder }) });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual([field]);
      expect(res.body.error.message).toContain(field);
      expect((await api('/v1/settings')).body.policyVersion).toBe('standard/2026-1');
    });

    it("returns a 5-days-past-due customer planned for the office ladder's 5-day stage, with its version", async () => {
      // Prepare: a customer whose only invoice fell due 5 days before 2026-11-23.
      clock = at('2026-11-23');
      const customer = {
        tab: 'Customers',
        header: ['Customer ID', 'Name', 'Email'],
        columns: [['C-LADDER'], ['Ladder Test Co'], ['ladder@example.com']],
        rowNumbers: [400],
      };
      const invoice = {
        tab: 'Invoices',
        header: ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
        columns: [['T-LADDER'], ['C-LADDER'], ['2026-10-19'], ['2026-11-18'], ['250.00'], ['USD']],
        rowNumbers: [400],
      };
      for (const chunk of [customer, invoice]) {
        expect((await api('/v1/sync', { method: 'POST', body: JSON.stringify(chunk) })).body).toMatchObject({
          written: 1,
        });
      }
      const ladder = [
        { stage: 'courtesy', daysPastDue: -3, channel: 'email' },
        { stage: 'reminder-5', daysPastDue: 5, channel: 'email' },
        { stage: 'reminder-30', daysPastDue: 30, channel: 'email' },
        { stage: 'final-demand', daysPastDue: 75, channel: 'letter' },
        { stage: 'handover', daysPastDue: 90, channel: 'letter' },
      ];
      const status = async () => (await api('/v1/status?customers=C-LADDER')).body;
      const before = await status();

      // Act
      const saved = await api('/v1/settings', { method: 'POST', body: JSON.stringify({ ladder }) });
      const after = await status();
      const read = await api('/v1/settings');
      const reset = await api('/v1/settings', { method: 'POST', body: JSON.stringify({ ladder: null }) });
      const afterReset = await status();
      for (const chunk of [invoice, customer]) {
        await api('/v1/sync', {
          method: 'POST',
          body: JSON.stringify({
            ...chunk,
            columns: chunk.header.map(() => []),
            rowNumbers: [],
            deleted: [chunk.columns[0]![0]],
          }),
        });
      }

      // Assess
      expect(before.policyVersion).toBe('standard/2026-1');
      expect(before.customers[0].nextAction).toBe('2026-11-23 email reminder-1');
      expect(saved.status).toBe(200);
      expect(saved.body.ladder).toEqual(ladder);
      expect(saved.body.policyVersion).toMatch(/^standard\/2026-1\+office-[0-9a-f]{7}$/);
      expect(read.body).toEqual(saved.body);
      expect(after.policyVersion).toBe(saved.body.policyVersion);
      expect(after.customers[0].nextAction).toBe('2026-11-23 email reminder-5');
      expect(after.customers[0].why).toContain('the reminder-5 (at 5 days past due) is due');
      expect(reset.body.policyVersion).toBe('standard/2026-1');
      expect(reset.body.ladder.map((s: { stage: string }) => s.stage)).toEqual([
        'courtesy',
        'reminder-1',
        'reminder-15',
        'reminder-30',
        'reminder-60',
        'final-demand',
        'handover',
      ]);
      expect(afterReset.customers[0].nextAction).toBe('2026-11-23 email reminder-1');
    });
  });

  describe('oversize ids', () => {
    const long = 'C-'.padEnd(65, '9');
    it('returns 400 naming the customer for a status id over 64 characters', async () => {
      const res = await api(`/v1/status?customers=C-1001,${long}`);
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([
        { field: 'customers[1]', message: expect.stringContaining('64') },
      ]);
      expect((await api(`/v1/status?customers=${long.slice(0, 64)}`)).status).toBe(200);
    });

    it.each([
      ['customerId', { customerId: long }],
      ['stage', { stage: 'x'.repeat(65) }],
      ['channel', { channel: 'x'.repeat(33) }],
      ['cycle', { cycle: '2026-11-23'.repeat(20) }],
    ])('returns 400 naming entries[0].%s when it is too long for a key', async (field, over) => {
      const entry = {
        customerId: 'C-1001',
        stage: 'reminder-1',
        channel: 'email',
        cycle: '2026-11-01',
        ...over,
      };
      const res = await api('/v1/queue', {
        method: 'POST',
        body: JSON.stringify({ decision: 'skip', entries: [entry] }),
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual([`entries[0].${field}`]);
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
      const { summary, deliveries } = await wholeDay('2026-11-25');
      // Assess: the crashed attempt was settled by SES's Send event and not sent again; every email
      // whose window opened that day went out once; nothing is left stranded.
      const emails = await stack.ses.emails();
      const perRecipient = new Map<string, number>();
      for (const e of emails)
        perRecipient.set(
          JSON.stringify(e.destination),
          (perRecipient.get(JSON.stringify(e.destination)) ?? 0) + 1,
        );
      expect(crashAfterSend).toBe(false);
      expect(summary.queued).toBeGreaterThan(0);
      expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
      expect(emails.length).toBeGreaterThanOrEqual(summary.queued);
      expect(deliveries).toBeGreaterThanOrEqual(emails.length);
      expect(await stranded(new Date(at('2026-11-25').getTime() + 24 * 3_600_000))).toEqual([]);
      expect(stack.queue.deadLetters()).toEqual([]);
    });
  });

  describe('hand-over', () => {
    const PACKET = 'tenant/demo-office/handover/C-1032/2026-11-23';

    it('returns a stored packet (PDF and CSV) and a review entry for a customer reaching the hand-over stage', async () => {
      // Prepare: the 2026-11-23 run above reached C-1032's hand-over stage (catch-up mode, 94 days).
      // Act
      const pdf = await stack.letters.get(stack.tenantId, `${PACKET}.pdf`);
      const csv = await stack.letters.get(stack.tenantId, `${PACKET}.csv`);
      const queue = await api('/v1/queue');
      // Assess
      expect(pdf?.contentType).toBe('application/pdf');
      expect(Buffer.from(pdf!.bytes).subarray(0, 5).toString()).toBe('%PDF-');
      const text = new TextDecoder().decode(csv!.bytes);
      expect(text.split('\r\n')[0]).toBe(
        'Section,Customer ID,Record ID,Date,Due Date,Days Past Due,Type,Status,Currency,Amount,Open Amount,Detail',
      );
      expect(text).toContain('open-item,C-1032,INV-260028');
      expect(text).toContain('placed with the agency');
      const entries = queue.body.entries.filter((e: { channel: string }) => e.channel === 'handover');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        customerId: 'C-1032',
        stage: 'handover',
        status: 'awaiting-review',
      });
      expect(entries[0].explanation.summary).toMatch(/^hand over to the agency: Lumen Eye Care \(C-1032\)/);
      // Nothing was sent or queued for the hand-over: no letter task either.
      const outbox = await stack.store.customerOutbox(stack.tenantId, 'C-1032');
      expect(outbox.filter((e) => e.stage === 'handover').map((e) => e.channel)).toEqual(['handover']);
    });

    it('returns a task with the reason, not a review entry, when the placement would be refused', async () => {
      // Prepare: a disputed customer 114 days past due in catch-up mode reaches hand-over.
      clock = at('2026-11-23');
      await syncLedger(
        stack.apiUrl,
        { idToken: await stack.token() },
        {
          Customers: [
            ['Customer ID', 'Name', 'Email', 'Flags', 'Dunning'],
            ['C-2001', 'Disputing Dan', 'dan@example.com', 'dispute', 'catch-up'],
          ],
          Invoices: [
            ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
            ['HO-INV-1', 'C-2001', '2026-07-01', '2026-08-01', '400.00', 'USD'],
          ],
        },
      );
      // Act
      const summary = await stack.runDay();
      // Assess
      expect(summary.tasks).toBeGreaterThanOrEqual(1);
      const [entry] = (await stack.store.customerOutbox(stack.tenantId, 'C-2001')).filter(
        (e) => e.channel === 'handover',
      );
      expect(entry).toMatchObject({ status: 'task' });
      expect((entry!.action.explanation as { rule: string }).rule).toBe('handover/dispute');
      expect(
        await stack.letters.get(stack.tenantId, 'tenant/demo-office/handover/C-2001/2026-11-23.pdf'),
      ).toBe(undefined);
    });

    it('returns the account placed once approved, kept through a sync of the unchanged sheet row; the next day sends it nothing', async () => {
      // Act: approve in the review queue.
      clock = at('2026-11-25');
      const key = { customerId: 'C-1032', stage: 'handover', channel: 'handover', cycle: '2026-08-21' };
      const approved = await api('/v1/queue', {
        method: 'POST',
        body: JSON.stringify({ decision: 'approve', entries: [key] }),
      });
      const again = await api('/v1/queue', {
        method: 'POST',
        body: JSON.stringify({ decision: 'approve', entries: [key] }),
      });
      // Assess: placed, once, with the Activity row.
      expect(approved.body.results[0]).toMatchObject({ status: 'placed', placedWith: 'the agency' });
      expect(again.body.results[0].status).toBe('unchanged');
      const stored = await stack.store.customerRows(stack.tenantId, 'C-1032');
      expect(stored.find((r) => r.tab === 'Activity' && r.fields.outcome === 'placed')?.fields).toMatchObject(
        {
          stage: 'handover',
          date: '2026-11-25',
        },
      );
      const placed = (await api('/v1/status?customers=C-1032')).body.customers[0];
      expect(placed.flags).toBe('placed');
      expect(placed.nextAction).toBe('blocked');
      expect(placed.why).toMatch(/^flag\/placed: /);
      expect(placed.writeBack).toEqual({
        Flags: 'placed',
        'Placed With': 'the agency',
        'Placed On': '2026-11-25',
      });

      // Act: the sheet syncs its unchanged row (the add-on has not written the cells back yet).
      const [header, ...customerRows] = rows.Customers!;
      const sheetRow = customerRows.find((r) => r[0] === 'C-1032')!;
      const unchanged = await syncLedger(
        stack.apiUrl,
        { idToken: await stack.token() },
        {
          Customers: [header!, sheetRow],
        },
      );
      const afterSync = (await api('/v1/status?customers=C-1032')).body.customers[0];
      // Assess: the placement stands.
      expect(unchanged[0]).toMatchObject({ unchanged: 1 });
      expect(afterSync.flags).toBe('placed');

      // Act: the next day's run.
      await stack.ses.clear();
      clock = at('2026-11-26');
      await stack.runDay();
      await stack.drain();
      // Assess: nothing planned, queued or sent for C-1032.
      const outbox = await stack.store.customerOutbox(stack.tenantId, 'C-1032');
      expect(outbox.filter((e) => e.plannedOn === '2026-11-26')).toEqual([]);
      const emails = await stack.ses.emails();
      expect(emails.filter((e) => e.destination.to.includes('lumen.eyecare@example.com'))).toEqual([]);

      // Act: the add-on writes the cells back and syncs; the sheet rules again.
      const written = [...sheetRow];
      written[header!.indexOf('Flags')] = 'placed';
      written[header!.indexOf('Placed With')] = 'the agency';
      written[header!.indexOf('Placed On')] = '2026-11-25';
      await syncLedger(stack.apiUrl, { idToken: await stack.token() }, { Customers: [header!, written] });
      const settled = (await api('/v1/status?customers=C-1032')).body.customers[0];
      // Assess
      expect(settled.flags).toBe('placed');
      expect(settled.writeBack).toBeUndefined();
    });
  });

  describe('throttling', () => {
    it('retries a throttled send later and still sends each email once', async () => {
      await stack.ses.clear();
      throttleNext = true;
      const { summary, deliveries } = await wholeDay('2026-11-30');
      const emails = await stack.ses.emails();
      expect(summary.queued).toBeGreaterThan(0);
      expect(throttleNext).toBe(false);
      expect(emails.length).toBeGreaterThanOrEqual(summary.queued);
      expect(new Set(emails.map((e) => e.destination.to[0])).size).toBe(emails.length);
      // The throttled message came back once more than it was sent.
      expect(deliveries).toBeGreaterThan(emails.length);
      expect(await stranded(new Date(at('2026-11-30').getTime() + 24 * 3_600_000))).toEqual([]);
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

    it('holds emails for review (review mode set through POST /v1/settings) and sends only the approved lines', async () => {
      // Prepare: the clerk turns review mode on from the add-on; the daily run reads the stored value.
      const on = await api('/v1/settings', { method: 'POST', body: JSON.stringify({ reviewMode: true }) });
      expect(on.body.reviewMode).toBe(true);
      await stack.ses.clear();
      clock = at('2026-12-02');
      // Act
      const summary = await stack.runDay();
      await stack.drain();
      const queue = await api('/v1/queue');
      type Entry = { channel: string; plannedOn: string; stage: string; letter?: { pdf: string } };
      const today = (entries: Entry[]) => entries.filter((e) => e.plannedOn === '2026-12-02');
      const first = queue.body.entries.find((e: Entry) => e.channel === 'email');
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
      expect(summary.awaitingReview).toBeGreaterThanOrEqual(1);
      expect(summary.queued).toBe(0);
      expect(today(queue.body.entries).length).toBe(summary.awaitingReview);
      // Validation notices of earlier days wait for a clerk to mail them, each linking its PDF.
      for (const e of queue.body.entries as Entry[])
        if (e.channel === 'letter')
          expect(e).toMatchObject({ stage: 'validation-notice', letter: { pdf: expect.any(String) } });
      expect(first.explanation.summary).toMatch(/owes/);
      expect(decision.body.results[0].status).toBe('approved');
      expect(dispatched).toBe(1);
      const emails = await stack.ses.emails();
      expect(emails.length).toBe(1);
      expect(today((await api('/v1/queue')).body.entries).length).toBe(summary.awaitingReview - 1);
      await api('/v1/settings', { method: 'POST', body: JSON.stringify({ reviewMode: false }) });
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
      // Queued emails whose debtor's window had not opened wait for it instead of going now.
      const waiting = (await emailEntries()).filter(
        (e) =>
          e.status === 'planned' &&
          e.queuedAt === clock.toISOString() &&
          Date.parse(e.notBefore) > clock.getTime(),
      );
      expect(emails.length).toBe(summary.queued - 1 - waiting.length);
      const entry = (await stack.store.customerOutbox(stack.tenantId, queued!.customerId)).find(
        (e) => e.stage === queued!.stage && e.cycle === queued!.cycle && e.channel === 'email',
      );
      expect(entry).toMatchObject({ status: 'cancelled', rule: 'flag/deceased' });
    });
  });
});
