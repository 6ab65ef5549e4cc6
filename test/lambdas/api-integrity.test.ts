// Nothing wrong gets in, nothing right is lost, at the API's doors: concurrent postings against
// DynamoDB Local, core's rules on every posting and synced row, whole-or-told chunks, malformed
// bodies, idempotency keys reused with another body, Content-Type, dates and amounts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiStack, chunk, startApiStack } from './support/api-stack.js';

const NOW = new Date('2026-11-23T15:00:00Z');
const AS_OF = '2026-11-23';
const CUSTOMER_HEADER = ['Customer ID', 'Name', 'Email'];
const INVOICE_HEADER = ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'];

const payment = (id: string, customerId: string, amount: string, extra: Record<string, unknown> = {}) => ({
  idempotencyKey: `key-${id}`,
  row: {
    'Payment ID': id,
    'Customer ID': customerId,
    Date: AS_OF,
    Amount: amount,
    Currency: 'USD',
    ...extra,
  },
});

describe('api integrity', () => {
  let stack: ApiStack;
  let lettersDir: string;
  let a: ApiStack['offices'][0];
  let b: ApiStack['offices'][1];

  beforeAll(async () => {
    lettersDir = await mkdtemp(join(tmpdir(), 'duebook-integrity-'));
    stack = await startApiStack(() => NOW, lettersDir);
    [a, b] = stack.offices;
    for (const [office, customers, invoices] of [
      [
        a,
        [
          ['C-1', 'Ann', 'ann@example.com'],
          ['C-2', 'Bo', 'bo@example.com'],
          ['C-3', 'Cy', 'cy@example.com'],
        ],
        [
          ['INV-1', 'C-1', '2026-09-01', '2026-10-01', '1000.00', 'USD'],
          ['INV-2', 'C-2', '2026-09-01', '2026-10-01', '100.00', 'USD'],
          ['INV-3', 'C-3', '2026-09-01', '2026-10-01', '500.00', 'USD'],
        ],
      ],
      [
        b,
        [['C-9', 'Nine', 'nine@example.com']],
        [['INV-B1', 'C-9', '2026-09-01', '2026-10-01', '10.00', 'USD']],
      ],
    ] as const) {
      const c = await stack.call(
        office,
        'POST',
        '/v1/sync',
        chunk('Customers', CUSTOMER_HEADER, customers as never),
      );
      const i = await stack.call(
        office,
        'POST',
        '/v1/sync',
        chunk('Invoices', INVOICE_HEADER, invoices as never),
      );
      expect([c.status, i.status, c.body.rejected, i.body.rejected]).toEqual([200, 200, 0, 0]);
    }
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await rm(lettersDir, { recursive: true, force: true });
  });

  describe('POST /v1/payments: concurrent postings', () => {
    it('returns every stored balance equal to a recomputation from rows, whatever the interleaving', async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 2, maxLength: 8 }),
          async (cents) => {
            // Act: all postings for one customer at once.
            const run = n++;
            const answers = await Promise.all(
              cents.map((c, i) =>
                stack.call(
                  a,
                  'POST',
                  '/v1/payments',
                  payment(`P-CC-${run}-${i}`, 'C-1', (c / 100).toFixed(2)),
                ),
              ),
            );
            // Assess
            expect(answers.map((x) => x.status)).toEqual(cents.map(() => 201));
            const { stored, recomputed } = await stack.balances(a.tenantId, 'C-1', AS_OF);
            expect(stored).toEqual(recomputed);
          },
        ),
        { numRuns: 6 },
      );
    }, 120_000);

    it('marks the account for recompute, so the daily run repairs whatever a write missed', async () => {
      // Prepare: no marker left from the syncs above.
      const earlier = await stack.store.pendingMarkers(a.tenantId);
      await stack.store.clearPending(
        a.tenantId,
        earlier.map((m) => m.sk),
      );
      // Act
      await stack.call(a, 'POST', '/v1/payments', payment('P-MARK-1', 'C-2', '1.00'));
      // Assess
      const markers = await stack.store.pendingMarkers(a.tenantId);
      expect(markers.some((m) => m.customers.includes('C-2'))).toBe(true);
    });
  });

  describe('POST /v1/payments, /v1/promises, /v1/plans: core rules, nothing stored', () => {
    it.each([
      ['a negative payment', '/v1/payments', payment('P-BAD-1', 'C-3', '-5.00').row, 'Amount'],
      ['a zero payment', '/v1/payments', payment('P-BAD-2', 'C-3', '0').row, 'Amount'],
      [
        "a payment applied to another customer's invoice",
        '/v1/payments',
        payment('P-BAD-3', 'C-3', '5.00', { 'Applies To': 'INV-1' }).row,
        'Applies To',
      ],
      [
        "a payment applied to another office's invoice",
        '/v1/payments',
        payment('P-BAD-4', 'C-3', '5.00', { 'Applies To': 'INV-B1' }).row,
        'Applies To',
      ],
      [
        'a promise dated before it was taken',
        '/v1/promises',
        {
          'Promise ID': 'PR-BAD-1',
          'Customer ID': 'C-3',
          'Taken On': AS_OF,
          'Promised Date': '2026-11-01',
          Amount: '10',
          Currency: 'USD',
        },
        'Promised Date',
      ],
      ...[0, 1_000_000_000].map(
        (n) =>
          [
            `a plan with ${n} installments`,
            '/v1/plans',
            {
              'Plan ID': `PL-BAD-${n}`,
              'Customer ID': 'C-3',
              'First Due': '2026-12-01',
              Total: '100',
              Currency: 'USD',
              Installments: n,
              Frequency: 'monthly',
            },
            'Installments',
          ] as const,
      ),
      [
        'a year-0026 date',
        '/v1/payments',
        payment('P-BAD-5', 'C-3', '5.00', { Date: '0026-11-23' }).row,
        'Date',
      ],
      [
        'a date with junk after it',
        '/v1/payments',
        payment('P-BAD-6', 'C-3', '5.00', { Date: '2026-11-23Tjunk' }).row,
        'Date',
      ],
      ['an ambiguous 1,500', '/v1/payments', payment('P-BAD-7', 'C-3', '1,500').row, 'Amount'],
      [
        'a list in a text cell',
        '/v1/payments',
        payment('P-BAD-8', 'C-3', '5.00', { Method: ['a', 'b'] }).row,
        'Method',
      ],
      [
        'an object in a text cell',
        '/v1/payments',
        payment('P-BAD-9', 'C-3', '5.00', { Method: { a: 1 } }).row,
        'Method',
      ],
      [
        'a misspelt column',
        '/v1/payments',
        payment('P-BAD-10', 'C-3', '5.00', { Amonut: '5' }).row,
        'Amonut',
      ],
    ] as const)('returns 400 naming the field for %s, and stores nothing', async (_, path, row, field) => {
      // Prepare
      const before = await stack.balances(a.tenantId, 'C-3', AS_OF);
      const id = Object.values(row)[0] as string;
      // Act
      const res = await stack.call(a, 'POST', path, { idempotencyKey: `key-${id}`, row });
      // Assess
      expect(res.status).toBe(400);
      expect(res.text).toContain(field);
      const tab = path === '/v1/payments' ? 'Payments' : path === '/v1/plans' ? 'Plans' : 'Promises';
      expect(await stack.store.getRow(a.tenantId, tab, id)).toBeUndefined();
      expect(await stack.balances(a.tenantId, 'C-3', AS_OF)).toEqual(before);
      // A repost of the same (now fixed) key is not blocked by anything the refusal left behind.
    });

    it('returns 400 naming Note for a 500 KB note, and stores nothing', async () => {
      const res = await stack.call(a, 'POST', '/v1/notes', {
        idempotencyKey: 'key-note-huge',
        row: {
          'Activity ID': 'A-HUGE',
          'Customer ID': 'C-3',
          Date: AS_OF,
          Type: 'note',
          Note: 'x'.repeat(500_000),
        },
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Note');
      expect(await stack.store.getRow(a.tenantId, 'Activity', 'A-HUGE')).toBeUndefined();
    });
  });

  describe('POST /v1/payments: idempotency keys', () => {
    it('returns 422 for the same key with another body, and stores only the first payment', async () => {
      const first = await stack.call(a, 'POST', '/v1/payments', payment('P-IDEM-1', 'C-3', '10.00'));
      const replay = await stack.call(a, 'POST', '/v1/payments', payment('P-IDEM-1', 'C-3', '10.00'));
      const other = await stack.call(a, 'POST', '/v1/payments', {
        ...payment('P-IDEM-2', 'C-2', '99.00'),
        idempotencyKey: 'key-P-IDEM-1',
      });
      expect([first.status, replay.status, other.status]).toEqual([201, 200, 422]);
      expect(other.body.error?.code).toBe('REQUEST.IDEMPOTENCY_MISMATCH');
      expect(await stack.store.getRow(a.tenantId, 'Payments', 'P-IDEM-2')).toBeUndefined();
    });
  });

  describe('POST /v1/sync', () => {
    it('returns row errors for negative invoices and invoices due before issue, storing the rest', async () => {
      const res = await stack.call(
        a,
        'POST',
        '/v1/sync',
        chunk('Invoices', INVOICE_HEADER, [
          ['INV-S1', 'C-3', '2026-09-01', '2026-10-01', '-5.00', 'USD'],
          ['INV-S2', 'C-3', '2026-09-01', '2026-08-01', '5.00', 'USD'],
          ['INV-S3', 'C-3', '2026-09-01', '2026-10-01', '5.00', 'USD'],
        ]),
      );
      expect(res.status).toBe(200);
      expect((res.body.errors as { row: number; column: string }[]).map((e) => [e.row, e.column])).toEqual([
        [2, 'Amount'],
        [3, 'Due Date'],
      ]);
      expect(await stack.store.getRow(a.tenantId, 'Invoices', 'INV-S1')).toBeUndefined();
      expect(await stack.store.getRow(a.tenantId, 'Invoices', 'INV-S3')).toBeDefined();
    });

    it("returns a row error for a synced payment applied to another customer's invoice", async () => {
      const res = await stack.call(
        a,
        'POST',
        '/v1/sync',
        chunk(
          'Payments',
          ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To'],
          [['P-S1', 'C-3', AS_OF, '1.00', 'USD', 'INV-1']],
        ),
      );
      expect(res.body.errors).toMatchObject([
        { row: 2, column: 'Applies To', code: 'SCHEMA.INVOICE_MISMATCH' },
      ]);
      expect(await stack.store.getRow(a.tenantId, 'Payments', 'P-S1')).toBeUndefined();
    });

    it('returns the 420 KB cell of row 28 as that row’s error and stores the other 29 rows', async () => {
      const rows = Array.from({ length: 30 }, (_, i) => [
        `A-BIG-${i}`,
        'C-3',
        AS_OF,
        'note',
        i === 26 ? 'y'.repeat(420 * 1024) : 'ok',
      ]);
      const res = await stack.call(
        a,
        'POST',
        '/v1/sync',
        chunk('Activity', ['Activity ID', 'Customer ID', 'Date', 'Type', 'Note'], rows),
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ received: 30, written: 29, rejected: 1 });
      expect(res.body.errors).toMatchObject([{ row: 28, column: 'Note', code: 'SCHEMA.CELL_INVALID' }]);
    });

    it('refuses a chunk whose deleted names a row it also sends, or one id twice, changing nothing', async () => {
      const both = await stack.call(
        a,
        'POST',
        '/v1/sync',
        chunk(
          'Invoices',
          INVOICE_HEADER,
          [['INV-S3', 'C-3', '2026-09-01', '2026-10-01', '6.00', 'USD']],
          ['INV-S3'],
        ),
      );
      const twice = await stack.call(
        a,
        'POST',
        '/v1/sync',
        chunk('Invoices', INVOICE_HEADER, [], ['INV-S3', 'INV-S3']),
      );
      expect([both.status, twice.status]).toEqual([400, 400]);
      expect(both.text).toContain('deleted[0]');
      expect(twice.text).toContain('deleted[1]');
      const row = await stack.store.getRow(a.tenantId, 'Invoices', 'INV-S3');
      expect(row?.fields.amountMinor).toBe(500);
    });

    it('refuses a chunk with a required column missing without running its deletions', async () => {
      const res = await stack.call(
        a,
        'POST',
        '/v1/sync',
        chunk(
          'Invoices',
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Dte', 'Amount', 'Currency'],
          [],
          ['INV-S3'],
        ),
      );
      expect(res.status).toBe(400);
      expect(res.text).toContain('did you mean `Due Date`?');
      expect(await stack.store.getRow(a.tenantId, 'Invoices', 'INV-S3')).toBeDefined();
    });

    it('returns 400 naming the cell for a cell nested 20,000 arrays deep, and stores nothing', async () => {
      // Prepare: JSON.stringify cannot write it either, so the body is built as text.
      const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
      const body = JSON.stringify(
        chunk('Customers', CUSTOMER_HEADER, [['C-DEEP', 'DEEP', 'd@example.com']]),
      ).replace('"DEEP"', deep);
      // Act
      const res = await stack.call(a, 'POST', '/v1/sync', body);
      expect(res.status).toBe(400);
      expect(res.text).toContain('columns[1][0]');
      expect(await stack.store.getRow(a.tenantId, 'Customers', 'C-DEEP')).toBeUndefined();
    });
  });

  describe('POST /v1/settings: numberFormat', () => {
    it('returns an ambiguous amount read the way the office states its number format', async () => {
      // Prepare: office B writes amounts as 1.234,56.
      const set = await stack.call(b, 'POST', '/v1/settings', { numberFormat: '1.234,56' });
      // Act
      const res = await stack.call(b, 'POST', '/v1/payments', payment('P-NF-1', 'C-9', '1,500'));
      // Assess: 1,500 is one and a half here.
      expect([set.status, res.status]).toEqual([200, 201]);
      expect((await stack.store.getRow(b.tenantId, 'Payments', 'P-NF-1'))?.fields.amountMinor).toBe(150);
    });
  });

  describe('GET /v1/status', () => {
    it('returns 400 naming the repeated customer', async () => {
      const res = await stack.call(a, 'GET', '/v1/status?customers=C-1,C-2,C-1');
      expect(res.status).toBe(400);
      expect(res.text).toContain('customers[2]');
    });
  });

  describe('POST /v1/sheet-rows', () => {
    it('returns 400 naming the repeated row of an acknowledgement (found by the attack: it was a 500)', async () => {
      const res = await stack.call(a, 'POST', '/v1/sheet-rows', {
        rows: [
          { tab: 'Payments', rowId: 'P-1' },
          { tab: 'Promises', rowId: 'P-1' },
          { tab: 'Payments', rowId: 'P-1' },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.body.error?.details).toEqual([
        { field: 'rows[2]', message: 'Payments "P-1" is already rows[0]' },
      ]);
    });
  });

  describe('Content-Type', () => {
    it('returns 415 for a body that is not JSON by its type', async () => {
      const res = await stack.call(a, 'POST', '/v1/payments', payment('P-CT-1', 'C-3', '1.00'), {
        'content-type': 'text/plain',
      });
      expect(res.status).toBe(415);
      expect(await stack.store.getRow(a.tenantId, 'Payments', 'P-CT-1')).toBeUndefined();
    });
  });

  describe('tenants', () => {
    it("returns nothing of office A to office B, and refuses B's payment on A's customer", async () => {
      const status = await stack.call(b, 'GET', '/v1/status?customers=C-1');
      expect(status.body.customers).toEqual([]);
      const pay = await stack.call(b, 'POST', '/v1/payments', payment('P-B-1', 'C-1', '1.00'));
      expect(pay.status).toBe(400);
      expect(await stack.store.getRow(a.tenantId, 'Payments', 'P-B-1')).toBeUndefined();
      expect(await stack.store.getRow(b.tenantId, 'Payments', 'P-B-1')).toBeUndefined();
    });
  });
});
