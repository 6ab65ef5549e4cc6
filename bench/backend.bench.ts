// Backend benchmarks against a real DynamoDB Local (started here, always stopped): write units of a
// sync where few rows changed (and of the snapshot recompute it defers to the daily run), read units
// of the daily run as closed history grows, DynamoDB units of a posting with the concurrency guard
// against the plain posting, and the size and cold import time of each Lambda bundle.
//
// Capacity comes from DynamoDB Local's own `ConsumedCapacity` answers (ReturnConsumedCapacity
// TOTAL), as LedgerStore's meter sums them. DynamoDB Local does fill that in, GSI writes included
// (checked: a 1.5 KB item with one GSI key reports 4 WCU = 2 table + 2 index), so nothing here is
// computed from item sizes. Where it differs from the service: a BatchGet key that finds no item and
// a Query that matches nothing report 0 units (the service charges a 0.5 RCU minimum).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { addDays } from '../core/ledger/dates.js';
import { parseTabRows } from '../core/ledger/schema-rows.js';
import { startDynamoDbLocal } from '../lambdas/local/dynamodb-local.js';
import { runDay } from '../lambdas/services/daily-run.js';
import { LedgerService, type SyncChunk, snapshotFromRows } from '../lambdas/services/ledger-service.js';
import {
  accountKey,
  customerCollection,
  idempotencyKey,
  openShardKey,
  rowKey,
  shardOf,
  TABLE,
} from '../lambdas/store/keys.js';
import { LedgerStore, type StoredRow } from '../lambdas/store/ledger-store.js';
import { encodeSnapshot } from '../lambdas/store/snapshot-codec.js';
import { ensureTable } from '../lambdas/store/table-definition.js';
import type { TenantSettings } from '../lambdas/store/tenant-settings.js';
import { bundleLambdas } from '../scripts/bundle-lambdas.js';
import type { BenchResult } from './harness.js';
import { prng } from './ledger-generator.js';

const TABLE_NAME = 'duebook-bench';
const TIME_ZONE = 'America/New_York';
/** 09:00 in New York on the benchmark's day. */
const NOW = new Date('2026-11-23T14:00:00Z');
/** When the deferred recompute runs in the benches: late enough that every marker has settled. */
const LATER = new Date(NOW.getTime() + 3_600_000);
const TODAY = '2026-11-23';
/** Rows per sync chunk (the add-on sends up to 2 MB; 1,000 invoice rows are about 100 KB). */
const CHUNK_ROWS = 1_000;
/** Chunks in flight at once. Each chunk holds whole customers. */
const CONCURRENCY = 4;

const round = (x: number, digits = 3) => Number(x.toFixed(digits));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function print(result: BenchResult & Record<string, unknown>): void {
  console.log(JSON.stringify(result));
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Capacity per DynamoDB operation, read from the same `ConsumedCapacity` answers the store's meter
 * sums, to show where the units went (row batch writes vs. account snapshot puts).
 */
class UnitsByOperation {
  units: Record<string, number> = {};

  constructor(client: DynamoDBClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        const consumed = (out?.output as { ConsumedCapacity?: unknown } | undefined)?.ConsumedCapacity;
        const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as {
          CapacityUnits?: number;
        }[];
        const op = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        for (const c of list) this.units[op] = (this.units[op] ?? 0) + (c.CapacityUnits ?? 0);
        return out;
      },
      { step: 'initialize', name: 'benchUnitsByOperation' },
    );
  }

  take(): Record<string, number> {
    const taken = this.units;
    this.units = {};
    return taken;
  }
}

interface Table {
  header: string[];
  rows: unknown[][];
}

/** Column-oriented chunks of whole customers: rows of one customer never span two chunks. */
function chunksOf(tab: SyncChunk['tab'], table: Table, customerColumn: number): SyncChunk[] {
  const chunks: SyncChunk[] = [];
  let start = 0;
  while (start < table.rows.length) {
    let end = Math.min(start + CHUNK_ROWS, table.rows.length);
    while (
      end < table.rows.length &&
      table.rows[end]![customerColumn] === table.rows[end - 1]![customerColumn]
    )
      end++;
    const slice = table.rows.slice(start, end);
    chunks.push({
      tab,
      header: table.header,
      columns: table.header.map((_, c) => slice.map((r) => r[c])),
      rowNumbers: slice.map((_, i) => start + i + 2),
    });
    start = end;
  }
  return chunks;
}

/** Syncs every chunk of each table in order (Customers first), `CONCURRENCY` chunks at a time. */
async function syncAll(
  service: LedgerService,
  tenantId: string,
  tables: { tab: SyncChunk['tab']; table: Table; customerColumn: number }[],
): Promise<{ written: number; unchanged: number; pending: number }> {
  const totals = { written: 0, unchanged: 0, pending: 0 };
  for (const { tab, table, customerColumn } of tables) {
    await pool(chunksOf(tab, table, customerColumn), CONCURRENCY, async (chunk) => {
      const r = await service.sync(tenantId, chunk, NOW, TIME_ZONE);
      if (r.rejected > 0 || r.errors.length > 0)
        throw new Error(`${tab} chunk rejected ${r.rejected} rows: ${JSON.stringify(r.errors.slice(0, 3))}`);
      totals.written += r.written;
      totals.unchanged += r.unchanged;
      totals.pending += r.accountsPending;
    });
  }
  return totals;
}

const customerId = (prefix: string, i: number) => `${prefix}${String(i).padStart(5, '0')}`;
const money = (minor: number) => (minor / 100).toFixed(2);

function customersTable(ids: readonly string[]): Table {
  return {
    header: ['Customer ID', 'Name', 'Email', 'Time Zone'],
    rows: ids.map((id, i) => [
      id,
      `Customer ${id}`,
      `billing+${id.toLowerCase()}@example.com`,
      i % 3 === 0 ? 'America/Chicago' : '',
    ]),
  };
}

const INVOICE_HEADER = [
  'Invoice ID',
  'Customer ID',
  'Invoice Date',
  'Due Date',
  'Amount',
  'Currency',
  'Matter',
  'Description',
];
const PAYMENT_HEADER = [
  'Payment ID',
  'Customer ID',
  'Date',
  'Amount',
  'Currency',
  'Applies To',
  'Method',
  'Reference',
];

function invoiceRow(id: string, customer: string, dueDate: string, amountMinor: number): unknown[] {
  return [
    id,
    customer,
    addDays(dueDate, -30),
    dueDate,
    money(amountMinor),
    'USD',
    `M-${customer}`,
    'Professional services',
  ];
}

/** (a) Write units of a re-sync of 50,000 invoice rows with 2,000 changed, against the first load. */
async function syncWriteUnits(doc: DynamoDBDocumentClient, byOp: UnitsByOperation): Promise<void> {
  const tenantId = 'bench-sync';
  const CUSTOMERS = 2_500;
  const PER_CUSTOMER = 20;
  const CHANGED = 2_000;
  const rand = prng(7);
  const ids = Array.from({ length: CUSTOMERS }, (_, i) => customerId('C', i));
  const invoices: Table = { header: INVOICE_HEADER, rows: [] };
  for (const c of ids)
    for (let k = 0; k < PER_CUSTOMER; k++) {
      const due = addDays(TODAY, Math.floor(rand() * 270) - 240);
      invoices.rows.push(invoiceRow(`INV-${c}-${k}`, c, due, 1_000 + Math.floor(rand() * 500_000)));
    }

  const setup = new LedgerService(new LedgerStore(doc, TABLE_NAME));
  await syncAll(setup, tenantId, [{ tab: 'Customers', table: customersTable(ids), customerColumn: 0 }]);
  await setup.flushPending(tenantId, TODAY, LATER);

  // Baseline: the first load writes every row; the snapshots it makes stale are recomputed by the
  // next daily run (flushPending), measured separately as the baseline's deferred units.
  const firstStore = new LedgerStore(doc, TABLE_NAME);
  byOp.take();
  let t0 = performance.now();
  const first = await syncAll(new LedgerService(firstStore), tenantId, [
    { tab: 'Invoices', table: invoices, customerColumn: 1 },
  ]);
  const baselineMs = performance.now() - t0;
  const baselineOps = byOp.take();
  if (first.written !== invoices.rows.length) throw new Error(`first load wrote ${first.written} rows`);
  const firstFlushStore = new LedgerStore(doc, TABLE_NAME);
  const firstFlush = await new LedgerService(firstFlushStore).flushPending(tenantId, TODAY, LATER);
  byOp.take();

  // Subject: the same rows again, 2,000 of them changed (half the amount, half the due date).
  const changed = new Set<number>();
  while (changed.size < CHANGED) changed.add(Math.floor(rand() * invoices.rows.length));
  const second: Table = {
    header: INVOICE_HEADER,
    rows: invoices.rows.map((r, i) => {
      if (!changed.has(i)) return r;
      const row = [...r];
      if (i % 2 === 0) row[4] = money(Math.round(Number(row[4]) * 100) + 100);
      else row[3] = addDays(row[3] as string, 7);
      return row;
    }),
  };
  const affected = new Set([...changed].map((i) => invoices.rows[i]![1] as string)).size;
  const secondStore = new LedgerStore(doc, TABLE_NAME);
  t0 = performance.now();
  const again = await syncAll(new LedgerService(secondStore), tenantId, [
    { tab: 'Invoices', table: second, customerColumn: 1 },
  ]);
  const subjectMs = performance.now() - t0;
  const subjectOps = byOp.take();
  if (again.written !== CHANGED || again.unchanged !== invoices.rows.length - CHANGED)
    throw new Error(`second sync wrote ${again.written}, left ${again.unchanged} unchanged`);
  // What the sync deferred: the next daily run recomputes each marked customer once.
  const flushStore = new LedgerStore(doc, TABLE_NAME);
  t0 = performance.now();
  const flush = await new LedgerService(flushStore).flushPending(tenantId, TODAY, LATER);
  const deferredMs = performance.now() - t0;
  const deferredOps = byOp.take();
  if (flush.recomputed !== affected || flush.failed.length > 0)
    throw new Error(`deferred recompute rewrote ${flush.recomputed} of ${affected} accounts`);

  const subjectUnits = secondStore.meter.writeUnits;
  const baselineUnits = firstStore.meter.writeUnits;
  const subjectDeferred = flushStore.meter.writeUnits;
  const baselineDeferred = firstFlushStore.meter.writeUnits;
  print({
    name: 'sync.write_units_2000_of_50000_changed',
    subject_ms: round(subjectMs),
    baseline_ms: round(baselineMs),
    ratio: round(subjectUnits / baselineUnits, 4),
    subject_units: round(subjectUnits, 1),
    baseline_units: round(baselineUnits, 1),
    subject_row_write_units: round(subjectOps.BatchWriteItem ?? 0, 1),
    subject_marker_write_units: round(subjectOps.PutItem ?? 0, 1),
    baseline_row_write_units: round(baselineOps.BatchWriteItem ?? 0, 1),
    baseline_marker_write_units: round(baselineOps.PutItem ?? 0, 1),
    subject_deferred_write_units: round(subjectDeferred, 1),
    // Snapshots are written with UpdateItem (the account's recent references stay, recent-refs.ts).
    subject_deferred_snapshot_write_units: round(
      (deferredOps.PutItem ?? 0) + (deferredOps.UpdateItem ?? 0),
      1,
    ),
    subject_deferred_read_units: round(flushStore.meter.readUnits, 1),
    subject_deferred_ms: round(deferredMs),
    baseline_deferred_write_units: round(baselineDeferred, 1),
    ratio_including_deferred: round((subjectUnits + subjectDeferred) / (baselineUnits + baselineDeferred), 4),
    rows_written: again.written,
    accounts_marked: again.pending,
    accounts_recomputed_deferred: flush.recomputed,
    baseline_accounts_recomputed_deferred: firstFlush.recomputed,
    customers_touched: affected,
    subject_read_units: round(secondStore.meter.readUnits, 1),
    aim: 'ratio <= 0.05',
    note:
      `ratio is write units / write units (store.meter.writeUnits from DynamoDB Local ConsumedCapacity, GSI writes included) of the sync itself: ` +
      `re-sync of ${invoices.rows.length} invoice rows (${CUSTOMERS} customers) with ${CHANGED} changed vs the first load of all rows. ` +
      `A sync writes rows and one pending marker per chunk; the account snapshots it made stale are recomputed once by the next daily run ` +
      `(flushPending), whose units are the _deferred_ figures; ratio_including_deferred counts both on both sides. Snapshots are stored gzipped. ` +
      `_ms is the wall time of each sync`,
  });
}

/**
 * A tenant with the same 500 open accounts (4 open invoices each) and `factor` times the closed
 * history: 500 x factor paid-up customers with 2 paid invoices and their payments each, and
 * 2 x factor paid invoices with their payments on every open customer.
 */
function historyLedger(factor: number): {
  customers: Table;
  invoices: Table;
  payments: Table;
  historyRows: number;
} {
  const OPEN = 500;
  const CLOSED = 500 * factor;
  const OPEN_ITEMS = 4;
  /** Paid invoices (each with its payment) per closed customer, and per open customer at 1x. */
  const PAID = 2;
  const rand = prng(11);
  const openIds = Array.from({ length: OPEN }, (_, i) => customerId('O', i));
  const closedIds = Array.from({ length: CLOSED }, (_, i) => customerId('P', i));
  const invoices: Table = { header: INVOICE_HEADER, rows: [] };
  const payments: Table = { header: PAYMENT_HEADER, rows: [] };
  const paidHistory = (c: string, count: number) => {
    for (let k = 0; k < count; k++) {
      const due = addDays(TODAY, -60 - 30 * k);
      const amount = 10_000 + ((k * 7919) % 90_000);
      invoices.rows.push(invoiceRow(`H-${c}-${k}`, c, due, amount));
      payments.rows.push([
        `PAY-${c}-${k}`,
        c,
        addDays(due, -3),
        money(amount),
        'USD',
        `H-${c}-${k}`,
        'check',
        `#${k}`,
      ]);
    }
  };
  for (const c of openIds) {
    // The open items are the same whatever the history: one PRNG draw per item, seeded.
    for (let k = 0; k < OPEN_ITEMS; k++) {
      const due = addDays(TODAY, Math.floor(rand() * 150) - 120);
      invoices.rows.push(invoiceRow(`OPEN-${c}-${k}`, c, due, 5_000 + Math.floor(rand() * 200_000)));
    }
    paidHistory(c, PAID * factor);
  }
  for (const c of closedIds) paidHistory(c, PAID);
  const historyRows = CLOSED + invoices.rows.length - OPEN * OPEN_ITEMS + payments.rows.length;
  return { customers: customersTable([...openIds, ...closedIds]), invoices, payments, historyRows };
}

/**
 * Today's posting before the concurrency guard, as it was (kept here as the baseline): the
 * customer's rows, the snapshot, and one transaction of three puts (idempotency record, row, account)
 * with no version read, no version condition and no recompute marker.
 */
async function plainPost(
  doc: DynamoDBDocumentClient,
  store: LedgerStore,
  meter: { readUnits: number; writeUnits: number },
  tenantId: string,
  row: StoredRow,
  key: string,
): Promise<void> {
  const rows = await store.customerRows(tenantId, row.customerId);
  const snapshot = snapshotFromRows([...rows, row], row.customerId, TODAY)!;
  const account: Record<string, unknown> = {
    ...accountKey(tenantId, row.customerId),
    customerId: row.customerId,
    snapshotZ: encodeSnapshot(row.customerId, snapshot as unknown as Record<string, unknown>),
  };
  if (snapshot.open) {
    account[TABLE.open.pk] = openShardKey(tenantId, shardOf(row.customerId));
    account[TABLE.open.sk] = row.customerId;
  }
  const now = NOW.toISOString();
  const res = await doc.send(
    new TransactWriteCommand({
      ReturnConsumedCapacity: 'TOTAL',
      TransactItems: [
        {
          Put: {
            TableName: TABLE_NAME,
            Item: { ...idempotencyKey(tenantId, row.tab, key), result: {}, createdAt: now },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: TABLE_NAME,
            Item: {
              ...rowKey(tenantId, row.tab, row.rowId),
              [TABLE.byCustomer.pk]: customerCollection(tenantId, row.customerId),
              [TABLE.byCustomer.sk]: `${row.tab}#${row.rowId}`,
              ...row,
              updatedAt: now,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName: TABLE_NAME, Item: account } },
      ],
    }),
  );
  meter.readUnits += store.meter.readUnits;
  store.meter.readUnits = 0;
  for (const c of res.ConsumedCapacity ?? []) meter.writeUnits += c.CapacityUnits ?? 0;
}

/**
 * (c) DynamoDB units (read + write) of posting payments with the concurrency guard (an eventually consistent
 * read of the account's version, the version condition on the snapshot, the recompute marker)
 * against today's plain posting, for customers of 20 invoices each.
 */
export async function postingUnits(doc: DynamoDBDocumentClient): Promise<void> {
  const POSTS = 200;
  const PER_CUSTOMER = 20;
  const rand = prng(11);
  const sides = ['G', 'P'].map((prefix) => Array.from({ length: POSTS }, (_, i) => customerId(prefix, i)));
  const tenantId = 'bench-posting';
  const invoices: Table = { header: INVOICE_HEADER, rows: [] };
  for (const c of sides.flat())
    for (let k = 0; k < PER_CUSTOMER; k++) {
      const due = addDays(TODAY, Math.floor(rand() * 270) - 240);
      invoices.rows.push(invoiceRow(`INV-${c}-${k}`, c, due, 1_000 + Math.floor(rand() * 500_000)));
    }
  const setup = new LedgerService(new LedgerStore(doc, TABLE_NAME));
  await syncAll(setup, tenantId, [
    { tab: 'Customers', table: customersTable(sides.flat()), customerColumn: 0 },
    { tab: 'Invoices', table: invoices, customerColumn: 1 },
  ]);
  await setup.flushPending(tenantId, TODAY, LATER);
  const payment = (c: string) => ({
    'Payment ID': `PAY-${c}`,
    'Customer ID': c,
    Date: TODAY,
    Amount: money(5_000),
    Currency: 'USD',
    'Applies To': `INV-${c}-0`,
  });

  const guardedStore = new LedgerStore(doc, TABLE_NAME);
  const guarded = new LedgerService(guardedStore);
  let t0 = performance.now();
  for (const c of sides[0]!) {
    const out = await guarded.post(
      tenantId,
      'Payments',
      { idempotencyKey: `key-${c}`, row: payment(c) },
      NOW,
      TIME_ZONE,
    );
    if (out.status !== 201) throw new Error(`guarded posting answered ${out.status}`);
  }
  const subjectMs = performance.now() - t0;

  const plainStore = new LedgerStore(doc, TABLE_NAME);
  const plainMeter = { readUnits: 0, writeUnits: 0 };
  t0 = performance.now();
  for (const c of sides[1]!) {
    const parsed = parseTabRows('Payments', [Object.keys(payment(c)), Object.values(payment(c))]);
    const fields = parsed.records[0]!;
    await plainPost(
      doc,
      plainStore,
      plainMeter,
      tenantId,
      { tab: 'Payments', rowId: `PAY-${c}`, customerId: c, hash: '', fields },
      `key-${c}`,
    );
  }
  const baselineMs = performance.now() - t0;

  const subjectUnits = guardedStore.meter.readUnits + guardedStore.meter.writeUnits;
  const baselineUnits = plainMeter.readUnits + plainMeter.writeUnits;
  print({
    name: 'api.posting_units_guarded_vs_plain',
    subject_ms: round(subjectMs),
    baseline_ms: round(baselineMs),
    ratio: round(subjectUnits / baselineUnits, 4),
    subject_units: round(subjectUnits, 1),
    baseline_units: round(baselineUnits, 1),
    subject_read_units: round(guardedStore.meter.readUnits, 1),
    subject_write_units: round(guardedStore.meter.writeUnits, 1),
    baseline_read_units: round(plainMeter.readUnits, 1),
    baseline_write_units: round(plainMeter.writeUnits, 1),
    posts: POSTS,
    aim: 'ratio <= 1.3',
    note:
      'ratio is DynamoDB units (read + write, from DynamoDB Local ConsumedCapacity) of posting one payment to each of ' +
      `${POSTS} customers of ${PER_CUSTOMER} invoices with the concurrency guard (version read, version ` +
      'condition, recompute marker), over the same postings as they were before the guard (rows, snapshot, one ' +
      'three-put transaction). Transactional writes count double on both sides.',
  });
}

/** (b) Read units of the daily run with 10x the closed history and the same open items. */
async function dailyRunReadUnits(doc: DynamoDBDocumentClient): Promise<void> {
  const sides = [];
  for (const factor of [1, 10]) {
    const tenantId = `bench-history-${factor}x`;
    const ledger = historyLedger(factor);
    const loader = new LedgerService(new LedgerStore(doc, TABLE_NAME));
    await syncAll(loader, tenantId, [
      { tab: 'Customers', table: ledger.customers, customerColumn: 0 },
      { tab: 'Invoices', table: ledger.invoices, customerColumn: 1 },
      { tab: 'Payments', table: ledger.payments, customerColumn: 1 },
    ]);
    // The load's snapshots are recomputed here, before the measured run: that is the deferred cost
    // of syncing (bench (a) reports it), not a cost of history; the measured run finds no markers.
    await loader.flushPending(tenantId, TODAY, LATER);
    const settings: TenantSettings = {
      tenantId,
      officeName: 'Bench & Co',
      officeEmail: 'billing@example.com',
      timeZone: TIME_ZONE,
      reviewMode: false,
      statementDay: 1,
      sendRatePerSecond: 10,
    };
    const store = new LedgerStore(doc, TABLE_NAME);
    const t0 = performance.now();
    // Hand-over packets (if any account reaches that stage) are kept nowhere: only reads are measured.
    const letters = {
      put: async (t: string, path: string) => `tenant/${t}/${path}`,
      get: async () => undefined,
    };
    const summary = await runDay(tenantId, settings, NOW, { store, enqueue: async () => {}, letters });
    const ms = performance.now() - t0;
    sides.push({ factor, ms, units: store.meter.readUnits, summary, historyRows: ledger.historyRows });
  }
  const [base, big] = sides as [(typeof sides)[number], (typeof sides)[number]];
  const same = (['openAccounts', 'planned', 'recorded', 'queued', 'tasks', 'blocked'] as const).every(
    (k) => base.summary[k] === big.summary[k],
  );
  if (!same)
    throw new Error(
      `the two sides planned differently: ${JSON.stringify(base.summary)} vs ${JSON.stringify(big.summary)}`,
    );
  print({
    name: 'daily_run.read_units_10x_closed_history',
    subject_ms: round(big.ms),
    baseline_ms: round(base.ms),
    ratio: round(big.units / base.units, 4),
    subject_units: round(big.units, 1),
    baseline_units: round(base.units, 1),
    subject_closed_history_rows: big.historyRows,
    baseline_closed_history_rows: base.historyRows,
    open_accounts: big.summary.openAccounts,
    accounts_recomputed_in_run: big.summary.accountsRecomputed,
    planned: big.summary.planned,
    queued: big.summary.queued,
    aim: 'ratio <= 1.1',
    note:
      'ratio is read units / read units (store.meter.readUnits from DynamoDB Local ConsumedCapacity) of runDay for ' +
      `one tenant: same ${base.summary.openAccounts} open accounts, 10x vs 1x closed history (paid customers, and paid ` +
      'invoices with their payments on open customers); fresh tenant per side; _ms is runDay wall time',
  });
}

/** Dummy values for every variable a handler reads at module load. */
const HANDLER_ENV = {
  TABLE_NAME: 'duebook-bench',
  GOOGLE_AUDIENCES: 'bench-client.apps.googleusercontent.com',
  SES_CONFIGURATION_SET: 'duebook-bench',
  SENDER_ADDRESS: 'Duebook <billing@example.com>',
  PUBLIC_BASE_URL: 'https://api.example.com',
  UNSUBSCRIBE_SECRET: 'bench-unsubscribe-secret-0123456789abcdef',
  QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/duebook-bench',
  LETTERS_BUCKET: 'duebook-bench-letters',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** Wall time of one `node` process, spawn to exit; its stdout for the in-process import time. */
function timeProcess(args: string[], cwd: string): { ms: number; stdout: string } {
  const { NODE_OPTIONS: _drop, ...inherited } = process.env;
  const t0 = performance.now();
  const res = spawnSync(process.execPath, args, {
    cwd,
    env: { ...inherited, ...HANDLER_ENV },
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  if (res.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${res.stderr}`);
  return { ms, stdout: res.stdout };
}

/**
 * As deployed: no flags. Until 2026-12-05 every function ran with `NODE_OPTIONS=--enable-source-maps`,
 * which reads and indexes each bundle file's map at cold start; the handlers now map a stack when an
 * error needs it (lambdas/shared/stack-map.ts, infra/constructs/duebook-function.ts).
 */
const DEPLOYED_FLAGS: string[] = [];

/** (c) Bundle size and cold import time of each handler, against starting `node -e 0`. */
async function lambdaColdImport(): Promise<void> {
  const bundles = await bundleLambdas();
  const cwd = new URL('..', import.meta.url).pathname;
  const RUNS = 5;
  for (const b of bundles) {
    const url = pathToFileURL(b.outfile).href;
    const script =
      `const t=performance.now(); const m=await import(${JSON.stringify(url)}); ` +
      `if(typeof m.handler!=='function') throw new Error('no handler export'); console.log(performance.now()-t)`;
    const subject: number[] = [];
    const baseline: number[] = [];
    const inProcess: number[] = [];
    const args = [...DEPLOYED_FLAGS, '--input-type=module', '-e', script];
    timeProcess(args, cwd); // warm the file cache
    for (let i = 0; i < RUNS; i++) {
      baseline.push(timeProcess(['-e', '0'], cwd).ms);
      const run = timeProcess(args, cwd);
      subject.push(run.ms);
      inProcess.push(Number(run.stdout.trim().split('\n').at(-1)));
    }
    const subjectMs = median(subject);
    const baselineMs = median(baseline);
    print({
      name: `lambda.${b.name}.cold_import_ms`,
      subject_ms: round(subjectMs),
      baseline_ms: round(baselineMs),
      ratio: round(subjectMs / baselineMs, 4),
      bundle_bytes: b.bytes,
      static_bytes: b.staticBytes,
      import_ms: round(median(inProcess)),
      note:
        `process wall time, median of ${RUNS}: node importing the handler as deployed (no flags; ESM, minified, ` +
        `code splitting: static_bytes is the handler file and the chunks it imports statically; @aws-sdk/* external ` +
        `and loaded from node_modules as the nodejs22.x runtime would) vs node -e 0; import_ms is the import alone, ` +
        `timed inside the process; local node ${process.version}`,
    });
  }
}

/**
 * The `@aws-sdk/*` client packages a handler loads as its cold start runs: those in Node's module
 * cache once the bundle is imported (what it cannot avoid loading; packages it loads on first use,
 * lambdas/shared/sdk-on-demand.ts, are not among them), each marked `imported` when the bundle's
 * static code has an ES `import` of it and `required` otherwise (the bundler turns the imports into
 * require() calls, see `sdkImportsAsRequire` in infra/constructs/lambda-bundle.ts).
 */
export function sdkLoadedAtColdStart(
  outfile: string,
  staticText: string,
  cwd: string,
): { imported: string[]; required: string[] } {
  const script =
    `import{createRequire}from'node:module';await import(${JSON.stringify(pathToFileURL(outfile).href)});` +
    `console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)))`;
  const { stdout } = timeProcess(['--input-type=module', '-e', script], cwd);
  const loaded = new Set<string>();
  for (const file of JSON.parse(stdout.trim().split('\n').at(-1)!) as string[]) {
    const m = /[\\/]node_modules[\\/](@aws-sdk[\\/](?:client|lib)-[^\\/]+)[\\/]/.exec(file);
    if (m) loaded.add(m[1]!.replace('\\', '/'));
  }
  const importedText = new Set(
    [...staticText.matchAll(/(?:\bfrom\s*|\bimport\s*)"(@aws-sdk\/[^"]+)"/g)].map((m) => m[1]!),
  );
  const all = [...loaded].sort();
  return {
    imported: all.filter((p) => importedText.has(p)),
    required: all.filter((p) => !importedText.has(p)),
  };
}

/** Appended to a child's script: prints the CPU time (user + system) the whole process used so far. */
const PRINT_CPU = `;{const u=process.cpuUsage();console.log('CPU_MS '+(u.user+u.system)/1000)}`;

/** The CPU milliseconds a child printed with PRINT_CPU. */
function cpuMsOf(stdout: string): number {
  const line = stdout.split('\n').find((l) => l.startsWith('CPU_MS '));
  if (!line) throw new Error(`no CPU_MS line in: ${stdout.slice(0, 200)}`);
  return Number(line.slice('CPU_MS '.length));
}

/**
 * (d) Each handler's cold import against loading only the AWS SDK packages its cold start loads, the
 * way it loads them (by require(), as the bundler makes it), whole processes: Duebook's own code on
 * top of the SDK (aim: at most 1.2x). The ratio is of CPU time
 * (user + system of the whole process, start to the end of the import, median of RUNS): on this shared
 * machine wall time moves by tens of percent with the load, while an import is one thread's work whose
 * CPU time is what an idle Lambda's wall time would be. The wall-time ratio is printed beside it.
 */
export async function lambdaColdImportVsSdkOnly(): Promise<void> {
  const bundles = await bundleLambdas();
  const cwd = new URL('..', import.meta.url).pathname;
  const RUNS = 15;
  for (const b of bundles) {
    const { imported, required } = sdkLoadedAtColdStart(
      b.outfile,
      b.staticFiles.map((f) => readFileSync(f, 'utf8')).join('\n'),
      cwd,
    );
    const sdk = [...new Set([...imported, ...required])].sort();
    const handlerScript = `const m=await import(${JSON.stringify(pathToFileURL(b.outfile).href)}); if(typeof m.handler!=='function') throw new Error('no handler export')${PRINT_CPU}`;
    // The SDK alone, loaded as the handler loads it: each package by require() or by import.
    const sdkScript =
      `import{createRequire}from'node:module';${imported.map((p) => `import ${JSON.stringify(p)};`).join('')}` +
      `const r=createRequire(import.meta.url);${required.map((p) => `r(${JSON.stringify(p)});`).join('')}${PRINT_CPU}`;
    // The baseline of earlier rounds: every package by import(), as the bundles loaded them until 2026-12-05.
    const importScript = `await Promise.all(${JSON.stringify(sdk)}.map((p)=>import(p)))${PRINT_CPU}`;
    const handlerArgs = [...DEPLOYED_FLAGS, '--input-type=module', '-e', handlerScript];
    const sdkArgs = [...DEPLOYED_FLAGS, '--input-type=module', '-e', sdkScript];
    const importArgs = [...DEPLOYED_FLAGS, '--input-type=module', '-e', importScript];
    // The handler as deployed until 2026-12-05, with Node mapping every stack (--enable-source-maps).
    const mappedArgs = ['--enable-source-maps', ...handlerArgs];
    timeProcess(handlerArgs, cwd); // warm the file cache
    timeProcess(sdkArgs, cwd);
    timeProcess(importArgs, cwd);
    const subject: { ms: number; cpu: number }[] = [];
    const baseline: { ms: number; cpu: number }[] = [];
    const byImport: { ms: number; cpu: number }[] = [];
    const withMaps: { ms: number; cpu: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const base = timeProcess(sdkArgs, cwd);
      baseline.push({ ms: base.ms, cpu: cpuMsOf(base.stdout) });
      const run = timeProcess(handlerArgs, cwd);
      subject.push({ ms: run.ms, cpu: cpuMsOf(run.stdout) });
      const imp = timeProcess(importArgs, cwd);
      byImport.push({ ms: imp.ms, cpu: cpuMsOf(imp.stdout) });
      const mapped = timeProcess(mappedArgs, cwd);
      withMaps.push({ ms: mapped.ms, cpu: cpuMsOf(mapped.stdout) });
    }
    const cpu = (xs: { cpu: number }[]) => median(xs.map((x) => x.cpu));
    const wall = (xs: { ms: number }[]) => median(xs.map((x) => x.ms));
    const pairRatios = subject.map((s, i) => s.cpu / baseline[i]!.cpu);
    print({
      name: `lambda.${b.name}.cold_import_vs_sdk_only`,
      subject_ms: round(cpu(subject)),
      baseline_ms: round(cpu(baseline)),
      ratio: round(cpu(subject) / cpu(baseline), 4),
      min_pair_ratio: round(Math.min(...pairRatios), 4),
      max_pair_ratio: round(Math.max(...pairRatios), 4),
      wall_ratio: round(wall(subject) / wall(baseline), 4),
      import_baseline_ms: round(cpu(byImport)),
      ratio_vs_import_baseline: round(cpu(subject) / cpu(byImport), 4),
      with_source_maps_ms: round(cpu(withMaps)),
      ratio_with_source_maps: round(cpu(withMaps) / cpu(baseline), 4),
      static_bytes: b.staticBytes,
      aim: '<= 1.2',
      note: `subject_ms and baseline_ms are CPU time (user + system) of the whole process, median of ${RUNS} alternated runs: node (as deployed, no flags) importing the handler vs loading only ${sdk.length > 0 ? `${[...required.map((p) => `${p} (require)`), ...imported.map((p) => `${p} (import)`)].join(', ')}, as the handler loads them` : 'nothing (no SDK package: node alone)'}; min/max_pair_ratio are the extremes of the ${RUNS} pairs' ratios; wall_ratio is the medians' ratio by wall time; ratio_vs_import_baseline is against import() of the same packages (import_baseline_ms), the baseline until the bundles required the SDK; with_source_maps_ms is the handler under --enable-source-maps, as deployed until 2026-12-05 (ratio_with_source_maps against the same baseline); node ${process.version}`,
    });
  }
}

/** The Lambda cold-import figures alone (`npm run bench -- --filter cold`). */
export async function runColdImportBenchmarks(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  await lambdaColdImport();
  await lambdaColdImportVsSdkOnly();
}

export async function runBackendBenchmarks(): Promise<void> {
  // The SDK warns once per client on Node 20 that future versions need Node 22; not news here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const db = await startDynamoDbLocal();
  try {
    const client = new DynamoDBClient({
      endpoint: db.endpoint,
      region: db.region,
      credentials: db.credentials,
    });
    try {
      const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
      const byOp = new UnitsByOperation(client);
      await ensureTable(client, TABLE_NAME);
      await syncWriteUnits(doc, byOp);
      await postingUnits(doc);
      await dailyRunReadUnits(doc);
    } finally {
      client.destroy();
    }
  } finally {
    await db.stop();
  }
  // After DynamoDB Local is gone, so the JVM does not share the CPU with the timed processes.
  await lambdaColdImport();
  await lambdaColdImportVsSdkOnly();
}
