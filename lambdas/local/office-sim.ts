// The many-office simulation (issue #17): generated offices in many zones on DynamoDB Local, ticked every
// quarter hour over simulated days through the real tick, office queue and worker, with every read checked
// to belong to the office being run.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { addDays } from '../../core/ledger/dates.js';
import { createOfficeWorkerHandler } from '../daily-run/worker.js';
import type { OfficeRunRecord } from '../services/fan-out.js';
import { LedgerService, type SyncChunk } from '../services/ledger-service.js';
import { createLocalLetterStorage } from '../shared/letter-storage.js';
import { DEFAULT_SETTINGS } from '../shared/settings.js';
import { OFFICE_REGISTRY_PK } from '../store/keys.js';
import { LedgerStore } from '../store/ledger-store.js';
import { OfficeStore } from '../store/office-store.js';
import { ensureTable } from '../store/table-definition.js';
import { createTickHandler } from '../tick/app.js';
import { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION, startDynamoDbLocal } from './dynamodb-local.js';
import { createLocalQueue } from './queue.js';

/**
 * The simulation's zones: 40 IANA zones from UTC-10 to UTC+13 (so each local date's 09:00 falls
 * within one UTC day and a half), with offsets at :30 and :45, zones that change to daylight time on
 * 2027-03-14 (North America), zones that never change, and southern zones in their summer time.
 */
export const SIM_ZONES: readonly string[] = [
  'Pacific/Honolulu',
  'America/Anchorage',
  'America/Los_Angeles',
  'America/Vancouver',
  'America/Phoenix',
  'America/Denver',
  'America/Chicago',
  'America/Mexico_City',
  'America/New_York',
  'America/Toronto',
  'America/Halifax',
  'America/St_Johns',
  'America/Sao_Paulo',
  'America/Argentina/Buenos_Aires',
  'America/Santiago',
  'Atlantic/Azores',
  'Europe/London',
  'Europe/Lisbon',
  'Africa/Lagos',
  'Europe/Paris',
  'Europe/Berlin',
  'Africa/Johannesburg',
  'Europe/Athens',
  'Asia/Jerusalem',
  'Europe/Istanbul',
  'Asia/Tehran',
  'Asia/Dubai',
  'Asia/Kabul',
  'Asia/Karachi',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Dhaka',
  'Asia/Yangon',
  'Asia/Bangkok',
  'Asia/Singapore',
  'Australia/Eucla',
  'Asia/Tokyo',
  'Australia/Adelaide',
  'Australia/Sydney',
  'Pacific/Auckland',
];

export interface OfficeSimOptions {
  /** Offices to generate (default 1,000). */
  offices?: number;
  /** Simulated local days (default 3). */
  days?: number;
  /** The first local day (default 2027-03-13: North America moves its clocks on the 14th). */
  firstDay?: string;
  /** Customers per office, drawn uniformly in [min, max] (default 50-500). */
  customers?: { min: number; max: number };
  /** Zones the offices are spread over, round robin (default `SIM_ZONES`). */
  zones?: readonly string[];
  /** PRNG seed of the generated ledgers (default 17). */
  seed?: number;
  /** Progress lines (default: none). */
  progress?: (line: string) => void;
  /** Office messages run at once (default `SIM_WORKER_CONCURRENCY`, the stack's limit). */
  workerConcurrency?: number;
}

/** A read or write whose key or item belongs to another office than the one being run. */
export interface IsolationViolation {
  context: string;
  operation: string;
  detail: string;
}

/** How one office's plans went against the oracle (each local 09:00 the ticks passed). */
export interface OfficePlanCheck {
  tenantId: string;
  timeZone: string;
  /** `date@instant` of each 09:00 the simulated ticks passed, as the oracle computed it. */
  expected: string[];
  /** `date@instant` of each plan the worker ran (duplicates of a done plan excluded). */
  planned: string[];
}

export interface OfficeSimResult {
  offices: number;
  zones: number;
  days: number;
  customers: { total: number; min: number; max: number };
  firstTick: string;
  lastTick: string;
  ticks: number;
  plans: { onTime: number; catchUp: number; expected: number; missed: number; twice: number; early: number };
  /** Offices whose plans differ from the oracle in any way (missing, extra, not at 09:00). */
  officesWrong: OfficePlanCheck[];
  dispatchRuns: number;
  failedRuns: number;
  deadLetters: number;
  /** Messages the plans put on the sender queue (review mode: none until a clerk approves). */
  queuedForSending: number;
  /** Lambda invocations: the tick, the office worker (one office per message), the sender. */
  invocations: { tick: number; worker: number; sender: number };
  /** DynamoDB reads: read units (DynamoDB Local's ConsumedCapacity, TOTAL) and items returned. */
  reads: { tick: ReadTally; offices: ReadTally; checkedKeys: number; checkedItems: number };
  violations: IsolationViolation[];
  /** Per office and 24 hours of ticks (the span of the ticks, not the local days, is the divisor). */
  perOfficePerDay: { readUnits: number; itemsRead: number; invocations: number };
  seedMs: number;
  simulateMs: number;
  /** Where the simulation's wall time went. */
  phases: SimPhases;
}

/** Wall time of the simulation's parts, and the office runs' own durations (overlapping when concurrent). */
export interface SimPhases {
  /** The tick handler (registry read, claims, queueing), summed over every tick. */
  tickMs: number;
  /** Draining the office queue after each tick (the worker's runs, `workerConcurrency` at once). */
  drainMs: number;
  /** Wall time per UTC date of the ticks (`2027-03-13`: ms). */
  byDate: Record<string, number>;
  /** Office runs, summed: plans (the first one recomputes every seeded account) and dispatches. */
  planRuns: { count: number; totalMs: number; maxMs: number };
  dispatchRuns: { count: number; totalMs: number; maxMs: number };
  /** Office messages run at once (the worker's event-source maximum concurrency). */
  workerConcurrency: number;
}

export interface ReadTally {
  operations: number;
  readUnits: number;
  items: number;
}

const QUARTER_MS = 15 * 60_000;
/**
 * Office messages the worker runs at once: the office queue's event source maximum concurrency in
 * the stack (`OFFICE_WORKER_CONCURRENCY` in infra/stacks/duebook-stack.ts; lambdas does not import infra).
 */
export const SIM_WORKER_CONCURRENCY = 10;
const READ_OPERATIONS = new Set([
  'GetCommand',
  'QueryCommand',
  'BatchGetCommand',
  'ScanCommand',
  'TransactGetCommand',
]);

/** A small seeded PRNG (mulberry32): the same seed, the same offices. */
export function simRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The oracle's wall clock, straight from `Intl` (not core's `localTime`, which the fan-out uses):
 * `2027-03-14 09:00` in `zone` at the instant `ms`.
 */
export function wallClock(ms: number, zone: string): string {
  let f = wallFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    wallFormats.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export class SimIsolationError extends Error {
  readonly code = 'SIM.CROSS_OFFICE_ACCESS';
  constructor(readonly violation: IsolationViolation) {
    super(`${violation.context}: ${violation.operation} ${violation.detail}`);
    this.name = 'SimIsolationError';
  }
}

/** Who is running: one office (the worker's message), the tick, or nobody (seeding). */
type RunContext = { kind: 'office'; tenantId: string } | { kind: 'tick' };

/** The partition (and sort key) values a command names, whatever its kind. */
function keysOf(name: string, input: Record<string, unknown>): { pk: string; sk?: string }[] {
  const key = (k: unknown) => {
    const r = k as { pk?: unknown; sk?: unknown } | undefined;
    return r && typeof r.pk === 'string'
      ? [{ pk: r.pk, ...(typeof r.sk === 'string' ? { sk: r.sk } : {}) }]
      : [];
  };
  switch (name) {
    case 'GetCommand':
    case 'UpdateCommand':
    case 'DeleteCommand':
      return key(input.Key);
    case 'PutCommand':
      return key(input.Item);
    case 'BatchGetCommand':
      return Object.values((input.RequestItems ?? {}) as Record<string, { Keys: unknown[] }>).flatMap((r) =>
        r.Keys.flatMap(key),
      );
    case 'BatchWriteCommand':
      return Object.values((input.RequestItems ?? {}) as Record<string, Record<string, unknown>[]>).flatMap(
        (rs) =>
          rs.flatMap((r) =>
            key((r.PutRequest as { Item?: unknown })?.Item ?? (r.DeleteRequest as { Key?: unknown })?.Key),
          ),
      );
    case 'TransactWriteCommand':
    case 'TransactGetCommand':
      return ((input.TransactItems ?? []) as Record<string, { Key?: unknown; Item?: unknown }>[]).flatMap(
        (t) => Object.values(t).flatMap((op) => key(op.Key ?? op.Item)),
      );
    case 'QueryCommand': {
      // The partition is the value compared with `=` in the key condition's first clause.
      const condition = String(input.KeyConditionExpression ?? '');
      const placeholder = /=\s*(:[A-Za-z0-9_]+)/.exec(condition)?.[1];
      const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
      const pk = placeholder ? values[placeholder] : undefined;
      return [{ pk: typeof pk === 'string' ? pk : `<unreadable key condition ${condition}>` }];
    }
    default:
      return [{ pk: `<${name} names no key>` }];
  }
}

/** The items a read returned. */
function itemsOf(name: string, output: Record<string, unknown>): Record<string, unknown>[] {
  if (name === 'GetCommand') return output.Item ? [output.Item as Record<string, unknown>] : [];
  if (name === 'QueryCommand' || name === 'ScanCommand')
    return (output.Items ?? []) as Record<string, unknown>[];
  if (name === 'BatchGetCommand')
    return Object.values((output.Responses ?? {}) as Record<string, Record<string, unknown>[]>).flat();
  if (name === 'TransactGetCommand')
    return ((output.Responses ?? []) as { Item?: Record<string, unknown> }[]).flatMap((r) =>
      r.Item ? [r.Item] : [],
    );
  return [];
}

const units = (c: unknown) =>
  (Array.isArray(c) ? c : c ? [c] : []).reduce(
    (n: number, x: { CapacityUnits?: number }) => n + (x.CapacityUnits ?? 0),
    0,
  );

/**
 * Wraps a document client so that, while an office runs, every key a command names and every item a
 * read returns belong to that office (`T#<tenant>#...`, or its own registry item), and while the tick
 * runs, it reads only the registry. A breach is recorded and thrown (`SIM.CROSS_OFFICE_ACCESS`).
 * Reads are counted per context, with their read units (ReturnConsumedCapacity TOTAL).
 */
export function guardedDocumentClient(doc: DynamoDBDocumentClient, context: AsyncLocalStorage<RunContext>) {
  const tallies = {
    tick: { operations: 0, readUnits: 0, items: 0 },
    offices: { operations: 0, readUnits: 0, items: 0 },
    checkedKeys: 0,
    checkedItems: 0,
  };
  const violations: IsolationViolation[] = [];
  const fail = (v: IsolationViolation) => {
    violations.push(v);
    throw new SimIsolationError(v);
  };
  const guarded = Object.create(doc) as DynamoDBDocumentClient;
  const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const ctx = context.getStore();
    const name = command.constructor.name;
    const isRead = READ_OPERATIONS.has(name);
    if (!ctx) return (doc.send as (c: unknown) => Promise<unknown>)(command);
    const label = ctx.kind === 'office' ? `office ${ctx.tenantId}` : 'tick';
    const own = (pk: string, sk?: string) =>
      ctx.kind === 'office'
        ? pk.startsWith(`T#${ctx.tenantId}#`) || (pk === OFFICE_REGISTRY_PK && sk === ctx.tenantId)
        : // The tick reads the registry whole and writes claims and `lastPlan` for the offices it queues.
          pk === OFFICE_REGISTRY_PK || (!isRead && /^T#[a-z0-9-]+#RUN#/.test(pk));
    for (const k of keysOf(name, command.input)) {
      tallies.checkedKeys++;
      if (!own(k.pk, k.sk))
        fail({ context: label, operation: name, detail: `names key ${k.pk} ${k.sk ?? ''}`.trim() });
    }
    if (isRead && command.input.ReturnConsumedCapacity === undefined)
      command.input.ReturnConsumedCapacity = 'TOTAL';
    const output = (await (doc.send as (c: unknown) => Promise<unknown>)(command)) as Record<string, unknown>;
    if (!isRead) return output;
    const items = itemsOf(name, output);
    const tally = ctx.kind === 'office' ? tallies.offices : tallies.tick;
    tally.operations++;
    tally.items += items.length;
    tally.readUnits += units(output.ConsumedCapacity);
    for (const item of items) {
      tallies.checkedItems++;
      const pk = typeof item.pk === 'string' ? item.pk : undefined;
      const owner = typeof item.tenantId === 'string' ? item.tenantId : undefined;
      if (pk !== undefined && !own(pk, typeof item.sk === 'string' ? item.sk : undefined))
        fail({ context: label, operation: name, detail: `returned item ${pk}` });
      if (ctx.kind === 'office' && owner !== undefined && owner !== ctx.tenantId)
        fail({ context: label, operation: name, detail: `returned an item of tenant ${owner}` });
      for (const g of ['gpk1', 'gpk2', 'gpk3']) {
        const v = item[g];
        if (ctx.kind === 'office' && typeof v === 'string' && !v.startsWith(`T#${ctx.tenantId}#`))
          fail({ context: label, operation: name, detail: `returned an item indexed under ${v}` });
      }
    }
    return output;
  };
  (guarded as unknown as { send: typeof send }).send = send;
  return { doc: guarded, tallies, violations };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The office's generated ledger: Customers and Invoices as sync chunks (whole customers). */
function ledgerChunks(
  tenantIndex: number,
  customers: number,
  firstDay: string,
  rand: () => number,
): SyncChunk[] {
  const ids = Array.from({ length: customers }, (_, i) => `C${pad(tenantIndex, 4)}-${pad(i, 4)}`);
  const invoices = ids.map((id, i) => {
    // Due dates spread from 120 days overdue to 20 days ahead, so each day some accounts reach a stage.
    const due = addDays(firstDay, -Math.floor(rand() * 140) + 20);
    const minor = 5_000 + Math.floor(rand() * 495_000);
    return [`INV-${id}-${i}`, id, addDays(due, -30), due, (minor / 100).toFixed(2), 'USD'];
  });
  const column = (rows: unknown[][], c: number) => rows.map((r) => r[c]);
  const custRows = ids.map((id) => [id, `Customer ${id}`, `${id.toLowerCase()}@example.com`]);
  return [
    {
      tab: 'Customers',
      header: ['Customer ID', 'Name', 'Email'],
      columns: [0, 1, 2].map((c) => column(custRows, c)),
      rowNumbers: custRows.map((_, i) => i + 2),
    },
    {
      tab: 'Invoices',
      header: ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
      columns: [0, 1, 2, 3, 4, 5].map((c) => column(invoices, c)),
      rowNumbers: invoices.map((_, i) => i + 2),
    },
  ];
}

async function pool<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** The quarter-hour ticks from the first office's 09:00 on the first day to the last office's 09:00 on the last. */
export function simTicks(zones: readonly string[], firstDay: string, days: number): number[] {
  const lastDay = addDays(firstDay, days - 1);
  const from = Date.parse(`${firstDay}T00:00:00Z`) - 15 * 3_600_000;
  const to = Date.parse(`${lastDay}T23:45:00Z`) + 15 * 3_600_000;
  let first: number | undefined;
  let last: number | undefined;
  for (let t = from; t <= to; t += QUARTER_MS) {
    for (const z of zones) {
      const w = wallClock(t, z);
      if (first === undefined && w === `${firstDay} 09:00`) first = t;
      if (w === `${lastDay} 09:00`) last = t;
    }
  }
  if (first === undefined || last === undefined) throw new RangeError('no 09:00 in the simulated span');
  const ticks: number[] = [];
  for (let t = first - QUARTER_MS; t <= last + QUARTER_MS; t += QUARTER_MS) ticks.push(t);
  return ticks;
}

/**
 * Runs the simulation on a fresh DynamoDB Local (in memory, stopped at the end) and returns its
 * figures. Offices run in review mode (the production default): plans fill the review queue and
 * nothing goes to the sender until a clerk approves, so the sender is not part of this run.
 */
export async function runOfficeSim(options: OfficeSimOptions = {}): Promise<OfficeSimResult> {
  const officeCount = options.offices ?? 1_000;
  const days = options.days ?? 3;
  const firstDay = options.firstDay ?? '2027-03-13';
  const span = options.customers ?? { min: 50, max: 500 };
  const zones = options.zones ?? SIM_ZONES;
  const rand = simRandom(options.seed ?? 17);
  const say = options.progress ?? (() => undefined);
  const workerConcurrency = options.workerConcurrency ?? SIM_WORKER_CONCURRENCY;

  const dynamoLocal = await startDynamoDbLocal();
  const lettersDir = await mkdtemp(join(tmpdir(), 'duebook-sim-letters-'));
  try {
    const dynamo = new DynamoDBClient({
      endpoint: dynamoLocal.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
      maxAttempts: 10,
    });
    const tableName = 'duebook-sim';
    await ensureTable(dynamo, tableName);
    const plain = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
    const context = new AsyncLocalStorage<RunContext>();
    const guard = guardedDocumentClient(plain, context);
    const store = new LedgerStore(guard.doc, tableName);
    const offices = new OfficeStore(guard.doc, tableName);
    const ledger = new LedgerService(store);
    const letters = createLocalLetterStorage(lettersDir);

    // Seed: each office's settings (which register it), its ledger through the sync path, and its
    // plan of the day before the first day already done (so the first tick catches nobody up).
    const tenants = Array.from({ length: officeCount }, (_, i) => ({
      tenantId: `office-${pad(i, 4)}`,
      timeZone: zones[i % zones.length]!,
      customers: span.min + Math.floor(rand() * (span.max - span.min + 1)),
      seed: Math.floor(rand() * 2 ** 31),
    }));
    const seedAt = new Date(Date.parse(`${addDays(firstDay, -1)}T00:00:00Z`) - 14 * 3_600_000);
    const t0 = performance.now();
    let seeded = 0;
    await pool(tenants, 8, async (o, i) => {
      await context.run({ kind: 'office', tenantId: o.tenantId }, async () => {
        await store.putSettings({
          ...DEFAULT_SETTINGS,
          tenantId: o.tenantId,
          officeName: `Office ${i} LLC`,
          officeAddress: `${i + 1} Main Street, Springfield`,
          timeZone: o.timeZone,
          reviewMode: true,
        });
        for (const chunk of ledgerChunks(i, o.customers, firstDay, simRandom(o.seed))) {
          const r = await ledger.sync(o.tenantId, chunk, seedAt);
          if (r.rejected > 0)
            throw new Error(`${o.tenantId} ${chunk.tab}: ${JSON.stringify(r.errors.slice(0, 2))}`);
        }
        await offices.markPlanned(o.tenantId, addDays(firstDay, -1));
      });
      if (++seeded % 100 === 0) say(`seeded ${seeded}/${officeCount} offices`);
    });
    const seedMs = performance.now() - t0;

    // The real handlers: the tick, the in-process office queue (one office per message), the worker.
    let clock = new Date(seedAt);
    const now = () => clock;
    const runs: OfficeRunRecord[] = [];
    let queuedForSending = 0;
    const invocations = { tick: 0, worker: 0, sender: 0 };
    const worker = createOfficeWorkerHandler({
      store,
      enqueue: async () => {
        queuedForSending++;
      },
      letters,
      offices,
      settings: async (t) => (await store.getSettings(t)) ?? { tenantId: t, ...DEFAULT_SETTINGS },
      now,
      elapsed: () => performance.now(),
      metric: (run) => {
        runs.push(run);
      },
    });
    const officeQueue = createLocalQueue({
      handler: (event: SQSEvent) => {
        invocations.worker++;
        const tenantId = String((JSON.parse(event.Records[0]!.body) as { tenantId?: unknown }).tenantId);
        return context.run({ kind: 'office', tenantId }, () => worker(event));
      },
      batchSize: 1,
      maxReceives: 3,
      concurrency: workerConcurrency,
      queueName: 'duebook-sim-offices',
      now: () => clock.getTime(),
    });
    const tick = createTickHandler({
      offices,
      enqueueOffices: async (jobs) => {
        for (const job of jobs) officeQueue.send(JSON.stringify(job));
        return [];
      },
      now,
    });

    const ticks = simTicks(
      tenants.map((o) => o.timeZone),
      firstDay,
      days,
    );
    const quiet = console.log;
    const phases: SimPhases = {
      tickMs: 0,
      drainMs: 0,
      byDate: {},
      planRuns: { count: 0, totalMs: 0, maxMs: 0 },
      dispatchRuns: { count: 0, totalMs: 0, maxMs: 0 },
      workerConcurrency,
    };
    const t1 = performance.now();
    try {
      // The tick logs a JSON line per run; 280 of them would bury the figures.
      console.log = () => undefined;
      for (const [n, t] of ticks.entries()) {
        clock = new Date(t);
        invocations.tick++;
        const ta = performance.now();
        await context.run({ kind: 'tick' }, () => tick({ scheduledAt: clock.toISOString() }));
        const tb = performance.now();
        await officeQueue.drain();
        const tc = performance.now();
        phases.tickMs += tb - ta;
        phases.drainMs += tc - tb;
        const date = clock.toISOString().slice(0, 10);
        phases.byDate[date] = (phases.byDate[date] ?? 0) + (tc - ta);
        if (n % 16 === 0)
          say(
            `tick ${n + 1}/${ticks.length} ${clock.toISOString()}: ${runs.length} office runs, ${Math.round((performance.now() - t1) / 1000)} s`,
          );
      }
    } finally {
      console.log = quiet;
    }
    const simulateMs = performance.now() - t1;
    for (const r of runs) {
      const p = r.job === 'plan' ? phases.planRuns : phases.dispatchRuns;
      p.count++;
      p.totalMs += r.durationMs;
      p.maxMs = Math.max(p.maxMs, r.durationMs);
    }

    // The oracle: at every simulated tick whose wall clock in the office's zone reads 09:00, one
    // plan of that local date, started at that instant; nothing else.
    const byOffice = new Map<string, OfficeRunRecord[]>();
    for (const r of runs)
      if (r.job === 'plan' && r.ok && !r.duplicate)
        byOffice.set(r.tenantId, [...(byOffice.get(r.tenantId) ?? []), r]);
    const officesWrong: OfficePlanCheck[] = [];
    const plans = { onTime: 0, catchUp: 0, expected: 0, missed: 0, twice: 0, early: 0 };
    for (const o of tenants) {
      const expected = ticks
        .filter((t) => wallClock(t, o.timeZone).endsWith(' 09:00'))
        .map((t) => `${wallClock(t, o.timeZone).slice(0, 10)}@${new Date(t).toISOString()}`);
      const done = byOffice.get(o.tenantId) ?? [];
      const planned = done.map((r) => `${r.slot}@${r.startedAt}`);
      plans.expected += expected.length;
      for (const r of done) {
        if (r.reason === 'on time') plans.onTime++;
        else plans.catchUp++;
      }
      const dates = done.map((r) => r.slot);
      plans.twice += dates.length - new Set(dates).size;
      plans.missed += expected.filter((e) => !dates.includes(e.slice(0, 10))).length;
      plans.early += done.filter(
        (r) => wallClock(Date.parse(r.startedAt), o.timeZone).slice(11) < '09:00',
      ).length;
      if (planned.join() !== expected.join())
        officesWrong.push({ tenantId: o.tenantId, timeZone: o.timeZone, expected, planned });
    }
    const customers = tenants.map((o) => o.customers);
    // Office-days as simulated time: the ticks span the days plus the spread of the zones.
    const officeDays = (officeCount * ticks.length * QUARTER_MS) / 86_400_000;
    const totalInvocations = invocations.tick + invocations.worker + invocations.sender;
    return {
      offices: officeCount,
      zones: new Set(tenants.map((o) => o.timeZone)).size,
      days,
      customers: {
        total: customers.reduce((a, b) => a + b, 0),
        min: Math.min(...customers),
        max: Math.max(...customers),
      },
      firstTick: new Date(ticks[0]!).toISOString(),
      lastTick: new Date(ticks.at(-1)!).toISOString(),
      ticks: ticks.length,
      plans,
      officesWrong,
      dispatchRuns: runs.filter((r) => r.job === 'dispatch' && r.ok).length,
      failedRuns: runs.filter((r) => !r.ok).length,
      deadLetters: officeQueue.deadLetters().length,
      queuedForSending,
      invocations,
      reads: guard.tallies,
      violations: guard.violations,
      perOfficePerDay: {
        readUnits: (guard.tallies.tick.readUnits + guard.tallies.offices.readUnits) / officeDays,
        itemsRead: (guard.tallies.tick.items + guard.tallies.offices.items) / officeDays,
        invocations: totalInvocations / officeDays,
      },
      seedMs,
      simulateMs,
      phases,
    };
  } finally {
    await dynamoLocal.stop().catch(() => undefined);
    await rm(lettersDir, { recursive: true, force: true });
  }
}
