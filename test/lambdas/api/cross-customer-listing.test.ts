// Payments stored before the rules across tabs that name another customer's invoice, on customers no
// sync, posting or recompute touches: listed on demand (GET /v1/integrity/cross-customer, clerk and up,
// one office's only) and queued once for review by the daily sweep, which covers every row within 8
// days, in one pass. On DynamoDB Local, through the served API.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTabRows } from '../../../core/ledger/schema-rows.js';
import { CROSS_CUSTOMER_RULE } from '../../../lambdas/services/cross-customer-check.js';
import { sweepCrossCustomer } from '../../../lambdas/services/cross-customer-sweep.js';
import { LedgerService } from '../../../lambdas/services/ledger-service.js';
import { SWEEP_SEGMENTS } from '../../../lambdas/store/sweep-store.js';
import { type ApiStack, chunk, startApiStack } from '../support/api-stack.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const NOW = new Date('2026-11-23T15:00:00Z');
const CUSTOMERS = ['Customer ID', 'Name'];
const INVOICES = ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'];
const PAYMENTS = ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To'];

/** The day `n` days after 2026-11-23. */
const day = (n: number) =>
  new Date(Date.parse('2026-11-23T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);

describe('api cross-customer listing and sweep', () => {
  let stack: ApiStack;
  let a: ApiStack['offices'][0];
  let b: ApiStack['offices'][1];

  /** The office's ledger: C-1, C-2, C-2's invoice, C-1's payment on it written as before the rules, and a fair payment. */
  async function seed(office: ApiStack['offices'][0], paymentId: string): Promise<void> {
    for (const [tab, header, rows] of [
      [
        'Customers',
        CUSTOMERS,
        [
          ['C-1', 'One'],
          ['C-2', 'Two'],
        ],
      ],
      [
        'Invoices',
        INVOICES,
        [
          ['I-1', 'C-1', '2026-09-01', '2026-10-01', '100.00', 'USD'],
          ['I-2', 'C-2', '2026-09-01', '2026-10-01', '300.00', 'USD'],
        ],
      ],
      ['Payments', PAYMENTS, [['P-1', 'C-1', '2026-10-02', '20.00', 'USD', 'I-1']]],
    ] as const) {
      const res = await stack.call(
        office,
        'POST',
        '/v1/sync',
        chunk(
          tab,
          [...header],
          rows.map((r) => [...r]),
        ),
      );
      expect(res.body.errors).toEqual([]);
    }
    // Straight to the store, without the rules across tabs and without marking C-1 for recompute.
    const old = parseTabRows('Payments', [
      PAYMENTS,
      [paymentId, 'C-1', '2026-10-05', '120.00', 'USD', 'I-2'],
    ]);
    await stack.store.syncRows(office.tenantId, 'Payments', 'paymentId', old.records, [], NOW.toISOString());
    await stack.store.clearPending(
      office.tenantId,
      (await stack.store.pendingMarkers(office.tenantId)).map((m) => m.sk),
    );
  }

  beforeAll(async () => {
    stack = await startApiStack(() => NOW, await mkdtemp(join(tmpdir(), 'duebook-cross-')));
    [a, b] = stack.offices;
    await seed(a, 'P-9');
    await seed(b, 'P-B');
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  /** Every page of the listing, as `office` sees it. */
  async function listAll(office: ApiStack['offices'][0]) {
    const rows: Record<string, unknown>[] = [];
    let page: number | undefined = 0;
    let pages = 0;
    while (page !== undefined) {
      const res = await stack.call(office, 'GET', `/v1/integrity/cross-customer?page=${page}`);
      expect(res.status).toBe(200);
      rows.push(...(res.body.rows as Record<string, unknown>[]));
      page = res.body.next as number | undefined;
      pages++;
    }
    return { rows, pages };
  }

  describe('GET /v1/integrity/cross-customer', () => {
    it('returns the old payment on another customer’s invoice, with its amount and the owner, and nothing of the other office', async () => {
      // Act
      const listedA = await listAll(a);
      const listedB = await listAll(b);
      // Assess
      expect(listedA.pages).toBe(SWEEP_SEGMENTS);
      expect(listedA.rows).toEqual([
        {
          customerId: 'C-1',
          tab: 'Payments',
          rowId: 'P-9',
          itemId: 'I-2',
          itemTab: 'Invoices',
          owner: 'C-2',
          amountMinor: 12000,
          currency: 'USD',
        },
      ]);
      expect(listedB.rows.map((r) => r.rowId)).toEqual(['P-B']);
    });

    it('refuses a page out of range, naming the parameter, and a read-only member', async () => {
      await stack.store.putMembership('viewer@office-a.example.com', a.tenantId, 'read-only');
      const bad = await stack.call(a, 'GET', `/v1/integrity/cross-customer?page=${SWEEP_SEGMENTS}`);
      const viewer = await stack.call(a, 'GET', '/v1/integrity/cross-customer', undefined, {
        'x-api-key': '',
        authorization: `Bearer ${await stack.identity.signIdToken({ email: 'viewer@office-a.example.com' })}`,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'REQUEST.INVALID', details: [{ field: 'page' }] });
      expect(viewer.status).toBe(403);
      expect(viewer.body.error).toMatchObject({ code: 'AUTH.FORBIDDEN_ROLE' });
    });
  });

  describe('sweepCrossCustomer', () => {
    it('queues the old payment once within 8 days, never again, reads nothing after its pass, and moves no money', async () => {
      // Act: 16 daily runs, each day run twice; then the customer recomputed, which finds it too
      const swept: (number | undefined)[] = [];
      for (let d = 0; d < 2 * SWEEP_SEGMENTS; d++) {
        swept.push((await sweepCrossCustomer(stack.store, a.tenantId, day(d)))?.segment);
        expect(await sweepCrossCustomer(stack.store, a.tenantId, day(d))).toBeUndefined();
      }
      await stack.store.markPending(a.tenantId, ['C-1'], NOW.toISOString());
      await new LedgerService(stack.store).flushPending(
        a.tenantId,
        day(20),
        new Date(NOW.getTime() + 3_600_000),
      );
      // Assess
      const queued = (await stack.store.reviewQueue(a.tenantId)).filter(
        (e) => e.rule === CROSS_CUSTOMER_RULE,
      );
      expect(swept).toEqual([...Array(SWEEP_SEGMENTS).keys(), ...Array(SWEEP_SEGMENTS).fill(undefined)]);
      expect(queued.map((e) => [e.customerId, e.cycle, e.status])).toEqual([['C-1', 'P-9', 'failed']]);
      expect(queued[0]!.reason).toContain('payment P-9 of customer C-1 names invoice I-2 of customer C-2');
      expect(
        (await stack.store.reviewQueue(b.tenantId)).filter((e) => e.rule === CROSS_CUSTOMER_RULE),
      ).toEqual([]);
      expect((await stack.store.getRow(a.tenantId, 'Payments', 'P-9'))?.fields.appliesTo).toEqual(['I-2']);
      expect((await stack.store.getRow(a.tenantId, 'Invoices', 'I-2'))?.customerId).toBe('C-2');
    });
  });
});
