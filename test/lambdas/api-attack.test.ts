// A generated attack on the API over the real local parts (DynamoDB Local, the served handler):
// valid, mutated and hostile requests on every route, in concurrent bursts, from two offices.
// Asserts: no 5xx; nothing refused is stored; every stored balance equals a recomputation from the
// stored rows (after the recompute the daily run does) and every status answer does at once; office
// B never sees office A. `npm test` runs a quick subset; `npm run test:attack` the full run
// (DUEBOOK_ATTACK_REQUESTS, default 2,400 there), printing its figure.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../core/money.js';
import { MAX_AMOUNT_MINOR, rowRuleProblem, type TabName } from '../../core/schema.js';
import { LedgerService, snapshotFromRows } from '../../lambdas/services/ledger-service.js';
import { type ApiStack, chunk, type Office, startApiStack } from './support/api-stack.js';

const REQUESTS = Number(process.env.DUEBOOK_ATTACK_REQUESTS ?? 240);
const SEED = Number(process.env.DUEBOOK_ATTACK_SEED ?? 20261123);
const NOW = new Date('2026-11-23T15:00:00Z');
const AS_OF = '2026-11-23';
const CUSTOMERS = 6;

const customerIds = (prefix: string) => Array.from({ length: CUSTOMERS }, (_, i) => `${prefix}-C${i}`);
const invoiceIds = (prefix: string) => customerIds(prefix).map((c) => `${c}-INV`);

/** One request of the attack, and what the checks need to know about it. */
interface Attack {
  office: 0 | 1;
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Rows this request would store if accepted: `[tab, id]`. */
  rows?: [string, string][];
  kind: string;
}

/** Hostile values for any cell or field. */
const hostile = fc.oneof(
  fc.constantFrom(
    '',
    '-5.00',
    '0',
    '1,500',
    '1.500,00',
    '99999999999999999999',
    '1e309',
    'NaN',
    '0026-11-23',
    '2026-02-30',
    '2026-11-23Tjunk',
    '=HYPERLINK("http://x")',
    '+1+1',
    '@SUM(A1)',
    'x'.repeat(60_000),
    '\u0000',
    '🙂',
    'A-C0-INV',
    'B-C0-INV',
    'A-C0',
    'B-C0',
  ),
  fc.anything({ maxDepth: 3 }),
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.double(),
  fc.string({ maxLength: 80 }),
);

function attacks(prefix: string, other: string, n: { next: number }) {
  const id = (p: string) => `${p}-${n.next++}`;
  const customer = fc.constantFrom(...customerIds(prefix), ...customerIds(other).slice(0, 1), 'NOPE');
  const amount = fc.integer({ min: 1, max: 200_000 }).map((c) => (c / 100).toFixed(2));
  const payment = fc.record({
    customer,
    amount,
    appliesTo: fc.constantFrom('', ...invoiceIds(prefix), invoiceIds(other)[0]!),
  });
  const validPayment = payment.map((p): Attack => {
    const pid = id(`${prefix}-P`);
    return {
      office: 0,
      method: 'POST',
      path: '/v1/payments',
      kind: 'payment',
      rows: [['Payments', pid]],
      body: {
        idempotencyKey: `key-${pid}`,
        row: {
          'Payment ID': pid,
          'Customer ID': p.customer,
          Date: AS_OF,
          Amount: p.amount,
          Currency: 'USD',
          ...(p.appliesTo ? { 'Applies To': p.appliesTo } : {}),
        },
      },
    };
  });
  const mutatedPosting = fc
    .record({
      path: fc.constantFrom('/v1/payments', '/v1/promises', '/v1/plans', '/v1/notes'),
      customer,
      field: fc.constantFrom(
        'Amount',
        'Date',
        'Currency',
        'Customer ID',
        'Applies To',
        'Taken On',
        'Promised Date',
        'Installments',
        'Total',
        'Note',
        'Typo Column',
      ),
      value: hostile,
      reuseKey: fc.boolean(),
    })
    .map((m): Attack => {
      const rid = id(`${prefix}-X`);
      const base: Record<string, Record<string, unknown>> = {
        '/v1/payments': { 'Payment ID': rid, Date: AS_OF, Amount: '10.00', Currency: 'USD' },
        '/v1/promises': {
          'Promise ID': rid,
          'Taken On': AS_OF,
          'Promised Date': '2026-12-01',
          Amount: '10.00',
          Currency: 'USD',
        },
        '/v1/plans': {
          'Plan ID': rid,
          'First Due': '2026-12-01',
          Total: '120.00',
          Currency: 'USD',
          Installments: 3,
          Frequency: 'monthly',
        },
        '/v1/notes': { 'Activity ID': rid, Date: AS_OF, Type: 'note', Note: 'called' },
      };
      const tab = {
        '/v1/payments': 'Payments',
        '/v1/promises': 'Promises',
        '/v1/plans': 'Plans',
        '/v1/notes': 'Activity',
      }[m.path]!;
      return {
        office: 0,
        method: 'POST',
        path: m.path,
        kind: 'mutated-posting',
        rows: [[tab, rid]],
        body: {
          // A reused key with a different body must be refused, never replayed as this row.
          idempotencyKey: m.reuseKey ? `key-${prefix}-P-0` : `key-${rid}`,
          row: { ...base[m.path], 'Customer ID': m.customer, [m.field]: m.value },
        },
      };
    });
  const sync = fc
    .record({
      rows: fc.array(
        fc.record({
          customer,
          amount,
          mutate: fc.option(fc.tuple(fc.integer({ min: 0, max: 5 }), hostile), { nil: undefined }),
        }),
        { minLength: 0, maxLength: 6 },
      ),
      deleted: fc.option(fc.array(fc.constantFrom('dup', 'overlap', 'unknown'), { maxLength: 3 }), {
        nil: undefined,
      }),
      header: fc.constantFrom('ok', 'typo', 'extra'),
    })
    .map((s): Attack => {
      const header = ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'];
      if (s.header === 'typo') header[3] = 'Due Dte';
      if (s.header === 'extra') header.push('Memo');
      const ids = s.rows.map(() => id(`${prefix}-SI`));
      const cells = s.rows.map((r, i) => {
        const row: unknown[] = [ids[i], r.customer, '2026-09-01', '2026-10-01', r.amount, 'USD'];
        if (s.header === 'extra') row.push('memo');
        if (r.mutate) row[r.mutate[0]] = r.mutate[1];
        return row;
      });
      const deleted = s.deleted?.map((d, i) =>
        d === 'overlap' && ids[0] ? ids[0] : d === 'dup' ? `${prefix}-GONE` : `${prefix}-GONE-${i}`,
      );
      return {
        office: 0,
        method: 'POST',
        path: '/v1/sync',
        kind: 'sync',
        rows: ids.map((x) => ['Invoices', x] as [string, string]),
        body: chunk('Invoices', header, cells, deleted),
      };
    });
  const status = fc
    .array(
      fc.oneof(fc.constantFrom(...customerIds(prefix), ...customerIds(other)), fc.string({ maxLength: 70 })),
      {
        maxLength: 6,
      },
    )
    .map(
      (ids): Attack => ({
        office: 0,
        method: 'GET',
        path: `/v1/status?customers=${encodeURIComponent(ids.join(','))}`,
        kind: 'status',
      }),
    );
  const misc = fc.oneof(
    fc
      .record({ body: fc.anything({ maxDepth: 4 }) })
      .map(
        (b): Attack => ({ office: 0, method: 'POST', path: '/v1/settings', body: b.body, kind: 'settings' }),
      ),
    fc.constantFrom<Attack>(
      { office: 0, method: 'GET', path: '/v1/settings', kind: 'settings' },
      { office: 0, method: 'GET', path: '/v1/queue', kind: 'queue' },
      { office: 0, method: 'GET', path: '/health', kind: 'health' },
      { office: 0, method: 'DELETE', path: '/v1/sync', kind: 'method' },
      { office: 0, method: 'GET', path: '/v1/nope', kind: 'route' },
      { office: 0, method: 'GET', path: '/v1/unsubscribe?token=abc.def', kind: 'unsubscribe' },
      { office: 0, method: 'POST', path: '/v1/unsubscribe?token=', kind: 'unsubscribe' },
      { office: 0, method: 'POST', path: '/v1/letters/appeal', body: { claimId: 'CLM/1' }, kind: 'letters' },
      {
        office: 0,
        method: 'POST',
        path: '/v1/letters/appeal',
        body: { claimId: 'x'.repeat(65) },
        kind: 'letters',
      },
      {
        office: 0,
        method: 'POST',
        path: '/v1/queue',
        body: { decision: 'approve', entries: [] },
        kind: 'queue',
      },
    ),
    fc
      .record({
        decision: fc.constantFrom('approve', 'skip', 'maybe'),
        customerId: fc.constantFrom(...customerIds(prefix), ...customerIds(other)),
        cycle: fc.constantFrom('2026-11-23', '2026-11', 'junk'),
      })
      .map(
        (q): Attack => ({
          office: 0,
          method: 'POST',
          path: '/v1/queue',
          kind: 'queue',
          body: {
            decision: q.decision,
            entries: [{ customerId: q.customerId, stage: 'reminder', channel: 'email', cycle: q.cycle }],
          },
        }),
      ),
  );
  const raw = fc.oneof(
    fc.constantFrom<Attack>(
      { office: 0, method: 'POST', path: '/v1/payments', body: '{"idempotencyKey":', kind: 'raw' },
      {
        office: 0,
        method: 'POST',
        path: '/v1/sync',
        body: `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
        kind: 'raw',
      },
      {
        office: 0,
        method: 'POST',
        path: '/v1/payments',
        body: 'idempotencyKey=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        kind: 'raw',
      },
      {
        office: 0,
        method: 'POST',
        path: '/v1/sync',
        body: 'not gzip',
        headers: { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' },
        kind: 'raw',
      },
      {
        office: 0,
        method: 'POST',
        path: '/v1/sync',
        headers: { 'x-api-key': 'dbk_wrong' },
        body: {},
        kind: 'auth',
      },
      {
        office: 0,
        method: 'GET',
        path: '/v1/status?customers=A-C0',
        headers: { 'x-api-key': '', authorization: 'Bearer x.y.z' },
        kind: 'auth',
      },
    ),
    fc
      .string({ maxLength: 200 })
      .map((s): Attack => ({ office: 0, method: 'POST', path: '/v1/sync', body: s, kind: 'raw' })),
  );
  return fc.oneof(
    { arbitrary: validPayment, weight: 4 },
    { arbitrary: mutatedPosting, weight: 4 },
    { arbitrary: sync, weight: 3 },
    { arbitrary: status, weight: 2 },
    { arbitrary: misc, weight: 2 },
    { arbitrary: raw, weight: 1 },
  );
}

describe('api attack', () => {
  let stack: ApiStack;
  let lettersDir: string;
  const counter = { next: 0 };
  const counts = new Map<string, number>();
  let sent = 0;

  beforeAll(async () => {
    lettersDir = await mkdtemp(join(tmpdir(), 'duebook-attack-'));
    stack = await startApiStack(() => NOW, lettersDir);
    for (const [office, prefix] of [
      [stack.offices[0], 'A'],
      [stack.offices[1], 'B'],
    ] as const) {
      const ids = customerIds(prefix);
      const c = await stack.call(
        office,
        'POST',
        '/v1/sync',
        chunk(
          'Customers',
          ['Customer ID', 'Name', 'Email'],
          ids.map((x) => [x, `Name ${x}`, `${x.toLowerCase()}@example.com`]),
        ),
      );
      const i = await stack.call(
        office,
        'POST',
        '/v1/sync',
        chunk(
          'Invoices',
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          ids.map((x) => [`${x}-INV`, x, '2026-09-01', '2026-10-01', '1000.00', 'USD']),
        ),
      );
      expect([c.body.rejected, i.body.rejected]).toEqual([0, 0]);
      // The first payment of each office, whose key the mutated postings reuse with other bodies.
      const first = await stack.call(office, 'POST', '/v1/payments', {
        idempotencyKey: `key-${prefix}-P-0`,
        row: {
          'Payment ID': `${prefix}-P-0`,
          'Customer ID': ids[0],
          Date: AS_OF,
          Amount: '1.00',
          Currency: 'USD',
        },
      });
      expect(first.status).toBe(201);
    }
  }, 120_000);

  afterAll(async () => {
    if (sent > 0)
      console.log(
        `api attack: ${sent} requests (${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}), seed ${SEED}: no 5xx, nothing refused stored, balances recomputed equal, tenants isolated`,
      );
    await stack?.stop();
    await rm(lettersDir, { recursive: true, force: true });
  });

  it('returns no 5xx, stores nothing refused, keeps balances equal to their rows and offices apart', async () => {
    // Prepare: bursts of 1-12 concurrent requests, from both offices.
    const burst = fc.array(
      fc.tuple(fc.constantFrom<0 | 1>(0, 1), fc.constantFrom(0, 1)).chain(([office, flip]) =>
        attacks(office === 0 ? 'A' : 'B', office === 0 ? 'B' : 'A', counter).map((a) => ({
          ...a,
          office,
          flip,
        })),
      ),
      { minLength: 1, maxLength: 12 },
    );
    const bursts = fc.sample(burst, { seed: SEED, numRuns: Math.ceil(REQUESTS / 6) + 50 });
    const refused: { office: Office; tab: string; id: string; status: number; kind: string }[] = [];
    const accepted = new Set<string>();
    const seen: string[] = [];
    for (const b of bursts) {
      if (sent >= REQUESTS) break;
      // Act
      const answers = await Promise.all(
        b.map(async (a) => {
          const office = stack.offices[a.office];
          const gzip = a.flip === 1 && a.body !== undefined && a.kind === 'sync';
          const headers = gzip
            ? { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip', ...(a.headers ?? {}) }
            : a.headers;
          const body =
            gzip && typeof a.body !== 'string'
              ? (gzipSync(JSON.stringify(a.body)) as unknown as string)
              : a.body;
          const res = await stack.call(office, a.method, a.path, body, headers);
          return { a, office, res };
        }),
      );
      // Assess: no 5xx, and record what was refused and accepted.
      for (const { a, office, res } of answers) {
        sent++;
        counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
        if (res.status >= 500)
          throw new Error(`${a.method} ${a.path} answered ${res.status}: ${res.text.slice(0, 300)}`);
        expect(res.status).toBeLessThan(500);
        if (a.kind === 'status' && res.status === 200) {
          // Office B never sees A's customers, nor A B's.
          const other = a.office === 0 ? 'B-' : 'A-';
          for (const c of res.body.customers as { customerId: string }[])
            expect(c.customerId.startsWith(other)).toBe(false);
          seen.push(
            ...(res.body.customers as { customerId: string }[]).map((c) => `${a.office}:${c.customerId}`),
          );
        }
        const errorRows = new Set(
          ((res.body.errors as { row: number }[] | undefined) ?? []).map((e) => e.row),
        );
        for (const [i, [tab, id]] of (a.rows ?? []).entries()) {
          const ok =
            res.status === 201 ||
            (res.status === 200 && a.kind !== 'sync') ||
            (a.kind === 'sync' && res.status === 200 && !errorRows.has(i + 2));
          if (ok) accepted.add(`${office.tenantId}|${tab}|${id}`);
          else refused.push({ office, tab, id, status: res.status, kind: a.kind });
        }
      }
    }
    // Assess: nothing refused was stored, in either office.
    for (const r of refused) {
      if (accepted.has(`${r.office.tenantId}|${r.tab}|${r.id}`)) continue;
      for (const o of stack.offices) {
        const row = await stack.store.getRow(o.tenantId, r.tab as never, r.id);
        if (row)
          throw new Error(`${r.kind} answered ${r.status} but ${r.tab} ${r.id} is stored for ${o.tenantId}`);
      }
    }
    // Assess: nothing wrong got in: every accepted row passes core's row rules as stored, holds only
    // cell values (never "[object Object]") and amounts within the bound.
    for (const key of accepted) {
      const [tenantId, tab, id] = key.split('|') as [string, TabName, string];
      const row = await stack.store.getRow(tenantId, tab, id);
      if (!row) continue;
      expect(rowRuleProblem(tab, row.fields)).toBeUndefined();
      for (const v of Object.values(row.fields)) {
        expect(JSON.stringify(v)).not.toContain('[object');
        if (typeof v === 'number') expect(Math.abs(v)).toBeLessThanOrEqual(MAX_AMOUNT_MINOR);
      }
    }
    // Assess: status answers (computed at once for accounts a write marked) equal a recomputation
    // from stored rows, and after the daily run's recompute every stored balance does too.
    const service = new LedgerService(stack.store);
    for (const [office, prefix, other] of [
      [stack.offices[0], 'A', 'B'],
      [stack.offices[1], 'B', 'A'],
    ] as const) {
      const ids = customerIds(prefix);
      const status = await stack.call(office, 'GET', `/v1/status?customers=${ids.join(',')}`);
      for (const c of status.body.customers as { customerId: string; balance: string }[]) {
        const snap = snapshotFromRows(
          await stack.store.customerRows(office.tenantId, c.customerId),
          c.customerId,
          AS_OF,
        )!;
        const usd = snap.accounts.find((x) => x.currency === 'USD');
        expect(c.balance).toBe(formatMoney(usd?.balanceMinor ?? 0, 'USD'));
      }
      await service.flushPending(office.tenantId, AS_OF, new Date(NOW.getTime() + 3_600_000));
      for (const id of ids) {
        const { stored, recomputed } = await stack.balances(office.tenantId, id, AS_OF);
        expect(stored).toEqual(recomputed);
      }
      // Tenant isolation in the store: none of the other office's customers has rows here.
      for (const id of customerIds(other))
        expect(await stack.store.customerRows(office.tenantId, id)).toEqual([]);
    }
    expect(seen.every((s) => s.startsWith('0:A-') || s.startsWith('1:B-'))).toBe(true);
    expect(sent).toBeGreaterThanOrEqual(Math.min(REQUESTS, 200));
  }, 1_800_000);
});
