// Seeded fault schedules for the delivery pipeline: a small generated ledger per tenant, a timeline
// of plan/dispatch/send/event steps with process kills, SES faults, duplicate deliveries, database
// restarts, clock jumps and clerk actions, and the invariants every schedule must keep.
import { performance } from 'node:perf_hooks';
import { syncLedger } from '../../cli/sync-client.js';
import { addDays, type IsoDate, localTime, zonedInstant } from '../../core/ledger/dates.js';
import { formatMoney, parseMoney } from '../../core/ledger/money.js';
import { mulberry32 } from '../../examples/seeded-random.js';
import { activityIdFor, decodeOutboxTag } from '../../lambdas/services/sender.js';
import { signUnsubscribeToken } from '../../lambdas/shared/unsubscribe-token.js';
import type { OutboxEntry } from '../../lambdas/store/outbox-types.js';
import {
  type AcceptedEmail,
  type FaultControls,
  type FaultInfra,
  type FaultProcess,
  ProcessKilledError,
  type SesFault,
  startFaultProcess,
  UNSUBSCRIBE_SECRET,
} from './fault-stack.js';

const DEBTOR_ZONES = [
  '', // the office's zone
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Pacific/Honolulu',
  'Europe/London',
  'Asia/Tokyo',
  'Australia/Sydney',
] as const;
const OFFICE_ZONES = ['America/New_York', 'America/Chicago', 'America/Los_Angeles'] as const;
/** Days whose nights hold a clock change or a year end; schedules start the day before or on them. */
const SPECIAL_DAYS = ['2026-10-31', '2026-11-01', '2027-03-13', '2027-03-14', '2026-12-31', '2027-03-27'];
const BLOCKING_FLAGS = ['dispute', 'bankruptcy', 'cease-contact', 'attorney', 'deceased', 'opted-out'];

export interface GenInvoice {
  invoiceId: string;
  dueDate: IsoDate;
  amountMinor: number;
}

export interface GenCustomer {
  customerId: string;
  name: string;
  email: string;
  /** The Time Zone cell ('' for the office's zone). */
  zone: string;
  flags: string[];
  invoices: GenInvoice[];
  /** `trade-credit`: the ladder with the credit hold at 45 days (internal: told to the credit contact). */
  ladder?: 'trade-credit';
  /** Activity rows already in the sheet: the reminders done, so the credit hold is the next stage. */
  history: { date: IsoDate; stage: string }[];
}

export type ClerkAction =
  | { kind: 'pay-full'; customerId: string }
  | { kind: 'pay-part'; customerId: string; share: number }
  | { kind: 'flag'; customerId: string; flag: string }
  | { kind: 'promise'; customerId: string; days: number }
  | { kind: 'unsubscribe'; customerId: string }
  | { kind: 'approve-queue' }
  /** A clerk's release of a credit hold (`POST /v1/credit-holds/release`); 409 when not on hold. */
  | { kind: 'release-hold'; customerId: string };

export interface Tick {
  /** How far the clock moves before the tick's work. */
  advanceMs: number;
  clerk?: ClerkAction;
  /** Faults for the tick's work (plan if a new office day has come, dispatch, drain, SES events). */
  faults: FaultControls;
  /** Copies of earlier queue messages delivered again before the drain. */
  duplicates: number;
  /** Whether SES's pending Send events arrive in this tick (they may be late). */
  eventsArrive: boolean;
  /** SNS gives up on the pending SES events after this tick. */
  loseEvents: boolean;
  /** After a kill: the local edition loses its in-process queue; SQS gives unprocessed messages back. */
  restartMode: 'local' | 'sqs';
  /** DynamoDB Local is stopped and started again (same data folder) before the tick's work. */
  restartDb: boolean;
}

export interface Schedule {
  seed: number;
  tenantId: string;
  officeZone: string;
  reviewMode: boolean;
  /** The office's credit contact (Settings), told of every credit hold and release. */
  creditContact: string;
  /** The first daily run: 09:00 office time on the first day. */
  startMs: number;
  customers: GenCustomer[];
  ticks: Tick[];
}

/** The schedule a seed stands for; the same seed always gives the same schedule. */
export function generateSchedule(seed: number, options: { dbRestarts?: boolean } = {}): Schedule {
  const rand = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  const tenantId = `faults-${seed}`;
  const officeZone = pick(OFFICE_ZONES);
  const day = rand() < 0.6 ? pick(SPECIAL_DAYS) : addDays('2026-11-02', int(0, 150));
  const customers: GenCustomer[] = [];
  const count = int(2, 5);
  for (let c = 1; c <= count; c++) {
    const customerId = `C-${c}`;
    const invoices: GenInvoice[] = [];
    for (let i = 1; i <= int(1, 3); i++) {
      invoices.push({
        invoiceId: `INV-${c}-${i}`,
        dueDate: addDays(day, -int(-4, 75)),
        amountMinor: int(20, 3000) * 100 + int(0, 99),
      });
    }
    customers.push({
      customerId,
      name: `Debtor ${c}`,
      email: `debtor${c}.${tenantId}@faults.example.com`,
      zone: pick(DEBTOR_ZONES),
      flags: chance(0.1) ? [pick(BLOCKING_FLAGS)] : [],
      invoices,
      history: [],
    });
  }
  const ticks: Tick[] = [];
  const n = int(6, 12);
  for (let t = 0; t < n; t++) {
    const r = rand();
    const advanceMs =
      t === 0
        ? 0
        : r < 0.4
          ? int(5, 50) * 60_000
          : r < 0.75
            ? int(1, 5) * 3_600_000
            : r < 0.95
              ? int(10, 20) * 3_600_000 + int(0, 59) * 60_000 // across midnight, into the small hours
              : int(40, 56) * 3_600_000; // downtime: a day or two missed
    const customerId = pick(customers).customerId;
    const clerkRoll = rand();
    const clerk: ClerkAction | undefined =
      clerkRoll < 0.12
        ? { kind: 'pay-full', customerId }
        : clerkRoll < 0.22
          ? { kind: 'pay-part', customerId, share: 0.2 + rand() * 0.6 }
          : clerkRoll < 0.3
            ? { kind: 'flag', customerId, flag: pick(BLOCKING_FLAGS) }
            : clerkRoll < 0.37
              ? { kind: 'promise', customerId, days: int(3, 12) }
              : clerkRoll < 0.41
                ? { kind: 'unsubscribe', customerId }
                : undefined;
    const ses: SesFault[] = [];
    if (chance(0.5)) {
      for (let s = 0; s < 6; s++) {
        const f = rand();
        ses.push(
          f < 0.15
            ? 'throttle'
            : f < 0.22
              ? '5xx-before'
              : f < 0.29
                ? '5xx-after'
                : f < 0.32
                  ? 'reject'
                  : 'ok',
        );
      }
    }
    const faults: FaultControls = { ses };
    if (chance(0.35)) faults.crashAt = int(1, 80);
    ticks.push({
      advanceMs,
      ...(clerk ? { clerk } : {}),
      faults,
      duplicates: chance(0.3) ? int(1, 3) : 0,
      eventsArrive: chance(0.7),
      loseEvents: chance(0.08),
      restartMode: chance(0.5) ? 'local' : 'sqs',
      restartDb: false,
    });
  }
  const reviewMode = chance(0.25);
  if (reviewMode) {
    // The clerk approves the queue at some point, perhaps late in the evening.
    const t = ticks[int(1, ticks.length - 1)]!;
    t.clerk = { kind: 'approve-queue' };
  }
  if (options.dbRestarts && chance(0.1)) {
    const t = ticks[int(1, ticks.length - 1)]!;
    if (chance(0.5)) t.restartDb = true;
    else t.faults.dbDownAt = int(1, 40);
  }
  addCreditHolds(seed, day, customers, ticks);
  const startMs = zonedInstant(day, 9, officeZone);
  const creditContact = `credit.${tenantId}@faults.example.com`;
  return { seed, tenantId, officeZone, reviewMode, creditContact, startMs, customers, ticks };
}

/**
 * Credit holds in the schedule, drawn from their own stream (so every other draw of a seed is what
 * it was): some customers are on the trade-credit ladder with their 1-, 15- and 30-day reminders
 * done and the oldest invoice 44-60 days past due, so the credit hold falls on the first day or the
 * next; some of them later pay in full or are released by a clerk.
 */
function addCreditHolds(seed: number, day: IsoDate, customers: GenCustomer[], ticks: Tick[]): void {
  const rand = mulberry32(seed ^ 0xc4ed17);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  for (const c of customers) {
    if (rand() >= 0.45) continue;
    c.ladder = 'trade-credit';
    const first = c.invoices[0]!;
    const due = addDays(day, -int(44, 60));
    if (c.invoices.every((i) => i.dueDate >= due)) first.dueDate = due;
    const oldest = c.invoices.map((i) => i.dueDate).sort()[0]!;
    c.history = [
      { date: addDays(oldest, 1), stage: 'reminder-1' },
      { date: addDays(oldest, 15), stage: 'reminder-15' },
      { date: addDays(oldest, 30), stage: 'reminder-30' },
    ];
    const roll = rand();
    const at = int(2, Math.max(2, ticks.length - 1));
    if (roll < 0.35) ticks[at]!.clerk = { kind: 'pay-full', customerId: c.customerId };
    else if (roll < 0.55) ticks[at]!.clerk = { kind: 'release-hold', customerId: c.customerId };
  }
}

/** The harness's own account of each customer, from the ledger it generated and the actions it took. */
interface Truth {
  balanceMinor: number;
  flags: Set<string>;
  promises: { takenOn: IsoDate; promisedDate: IsoDate }[];
  suppressed: boolean;
  /** Payments taken (any amount) and clerks' releases of a credit hold the API accepted. */
  payments: number;
  clerkReleases: number;
}

interface TruthEvent {
  atMs: number;
  customerId: string;
  apply(t: Truth): void;
}

export interface ScheduleResult {
  seed: number;
  violations: string[];
  sent: number;
  cancelled: number;
  uncertain: number;
  otherSettled: number;
  kills: number;
  dbRestarts: number;
  duplicates: number;
  sesFaults: number;
  clerkActions: number;
  /** Credit holds and releases recorded, their notices SES accepted, and those left "may have been sent". */
  creditHolds: number;
  holdReleases: number;
  internalNotices: number;
  internalUnconfirmed: number;
  /** Where the process was killed: the step and the I/O point (`drain store.transitionOutbox:after`). */
  killedAt: string[];
  /** Milliseconds spent per kind of step (plan, dispatch, drain, events, clerk, sync, check). */
  ms: Record<string, number>;
}

const money = (minor: number) => (minor / 100).toFixed(2);

/** Runs one schedule on the shared infrastructure and returns the invariants it broke (none, we hope). */
export async function runSchedule(infra: FaultInfra, schedule: Schedule): Promise<ScheduleResult> {
  let clockMs = schedule.startMs;
  const now = () => new Date(clockMs);
  const proc = await startFaultProcess(infra, {
    tenantId: schedule.tenantId,
    settings: {
      timeZone: schedule.officeZone,
      reviewMode: schedule.reviewMode,
      // Statements on a day the schedule may cross, so they go through the same pipeline.
      statementDay: 1,
      creditContactEmail: schedule.creditContact,
    },
    now,
    advanceClock: (ms) => {
      clockMs += ms;
    },
  });
  const violations: string[] = [];
  const result: ScheduleResult = {
    seed: schedule.seed,
    violations,
    sent: 0,
    cancelled: 0,
    uncertain: 0,
    otherSettled: 0,
    kills: 0,
    dbRestarts: 0,
    duplicates: 0,
    sesFaults: 0,
    clerkActions: 0,
    creditHolds: 0,
    holdReleases: 0,
    internalNotices: 0,
    internalUnconfirmed: 0,
    ms: {},
    killedAt: [],
  };
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      result.ms[name] = Math.round((result.ms[name] ?? 0) + performance.now() - t0);
    }
  };
  const truthEvents: TruthEvent[] = [];
  const byId = new Map(schedule.customers.map((c) => [c.customerId, c]));
  const byEmail = new Map(schedule.customers.map((c) => [c.email, c]));
  const zoneOf = (c: GenCustomer) => c.zone || schedule.officeZone;
  const officeDay = (ms: number) => localTime(ms, schedule.officeZone).date;
  const rand = mulberry32(schedule.seed ^ 0x5eed);
  const auth = { apiKey: proc.apiKey };

  const truthAt = (customerId: string, atMs: number): Truth => {
    const c = byId.get(customerId)!;
    const t: Truth = {
      balanceMinor: c.invoices.reduce((s, i) => s + i.amountMinor, 0),
      flags: new Set(c.flags),
      promises: [],
      suppressed: false,
      payments: 0,
      clerkReleases: 0,
    };
    for (const e of truthEvents) if (e.customerId === customerId && e.atMs <= atMs) e.apply(t);
    return t;
  };

  const customerRows = (flagsOf: (c: GenCustomer) => string[]) => [
    ['Customer ID', 'Name', 'Email', 'Time Zone', 'Flags', 'Ladder'],
    ...schedule.customers.map((c) => [
      c.customerId,
      c.name,
      c.email,
      c.zone,
      flagsOf(c).join(', '),
      c.ladder ?? '',
    ]),
  ];
  const currentFlags = new Map(schedule.customers.map((c) => [c.customerId, [...c.flags]]));

  const api = async (path: string, body: unknown) => {
    const res = await fetch(`${proc.apiUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': proc.apiKey },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok && !path.startsWith('/v1/unsubscribe'))
      throw new Error(`${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {};
  };

  /** A clerk's action through the API, and its effect on the harness's truth once it was accepted. */
  async function clerk(action: ClerkAction, n: number): Promise<void> {
    const today = officeDay(clockMs);
    const at = clockMs;
    const id = `${schedule.tenantId}-${n}`;
    if (action.kind === 'approve-queue') {
      const queue = (await api('/v1/queue', undefined)) as { entries: OutboxEntry[] };
      const entries = queue.entries
        .filter((e) => e.status === 'awaiting-review' && e.channel === 'email')
        .map((e) => ({ customerId: e.customerId, stage: e.stage, channel: e.channel, cycle: e.cycle }));
      if (entries.length > 0) await api('/v1/queue', { decision: 'approve', entries });
      return;
    }
    const { customerId } = action;
    if (action.kind === 'release-hold') {
      const res = await fetch(`${proc.apiUrl}/v1/credit-holds/release`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': proc.apiKey },
        body: JSON.stringify({ customerId, note: `fault schedule ${schedule.seed}` }),
      });
      const answer = (await res.json()) as { result?: string };
      // 409: not on hold (not yet, or already released); anything else but 200 is a failure.
      if (res.status === 409) return;
      if (res.status !== 200)
        throw new Error(`credit-hold release answered ${res.status}: ${JSON.stringify(answer)}`);
      truthEvents.push({
        atMs: at,
        customerId,
        apply: (t) => {
          t.clerkReleases++;
        },
      });
      result.clerkActions++;
      return;
    }
    const balance = truthAt(customerId, at).balanceMinor;
    if (action.kind === 'pay-full' || action.kind === 'pay-part') {
      const amount = action.kind === 'pay-full' ? balance : Math.floor(balance * action.share);
      if (amount <= 0) return;
      await api('/v1/payments', {
        idempotencyKey: `pay-${id}`,
        row: {
          'Payment ID': `PAY-${n}`,
          'Customer ID': customerId,
          Date: today,
          Amount: money(amount),
          Currency: 'USD',
        },
      });
      truthEvents.push({
        atMs: at,
        customerId,
        apply: (t) => {
          t.balanceMinor -= amount;
          t.payments++;
        },
      });
    } else if (action.kind === 'promise') {
      if (balance <= 0) return;
      const promisedDate = addDays(today, action.days);
      await api('/v1/promises', {
        idempotencyKey: `promise-${id}`,
        row: {
          'Promise ID': `PR-${n}`,
          'Customer ID': customerId,
          'Taken On': today,
          'Promised Date': promisedDate,
          Amount: money(balance),
          Currency: 'USD',
        },
      });
      truthEvents.push({
        atMs: at,
        customerId,
        apply: (t) => {
          t.promises.push({ takenOn: today, promisedDate });
        },
      });
    } else if (action.kind === 'flag') {
      currentFlags.get(customerId)!.push(action.flag);
      const reports = await syncLedger(proc.apiUrl, auth, {
        Customers: customerRows((c) => currentFlags.get(c.customerId)!),
      });
      if (reports.some((r) => r.rejected > 0))
        throw new Error(`flag sync rejected: ${JSON.stringify(reports)}`);
      truthEvents.push({
        atMs: at,
        customerId,
        apply: (t) => {
          t.flags.add(action.flag);
        },
      });
    } else {
      const c = byId.get(customerId)!;
      const token = signUnsubscribeToken(
        { tenantId: schedule.tenantId, email: c.email, customerId },
        UNSUBSCRIBE_SECRET,
      );
      const res = await fetch(`${proc.apiUrl}/v1/unsubscribe?token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      if (!res.ok) throw new Error(`unsubscribe answered ${res.status}`);
      truthEvents.push({
        atMs: at,
        customerId,
        apply: (t) => {
          t.suppressed = true;
        },
      });
    }
    result.clerkActions++;
  }

  /** Runs the process's work for one instant: errors from injected faults are expected, any other is a violation. */
  let lastPlanned: IsoDate | undefined;
  async function work(
    faults: FaultControls,
    duplicates: number,
    label: string,
    restartMode: Tick['restartMode'] = 'local',
    eventsArrive = true,
  ): Promise<void> {
    proc.arm(faults);
    const expected = (e: unknown) =>
      e instanceof ProcessKilledError || proc.killed() || !infra.dbUp() || faults.dbDownAt !== undefined;
    const stepsOf: [string, () => Promise<unknown>][] = [];
    const local = localTime(clockMs, schedule.officeZone);
    if (lastPlanned !== local.date && local.hour >= 9) stepsOf.push(['plan', () => proc.plan()]);
    stepsOf.push(['dispatch', () => proc.dispatch()]);
    stepsOf.push([
      'drain',
      async () => {
        for (let d = 0; d < duplicates; d++) {
          if (proc.duplicate((count) => Math.floor(rand() * count))) result.duplicates++;
        }
        await proc.drain();
      },
    ]);
    if (eventsArrive) stepsOf.push(['events', () => proc.deliverEvents()]);
    for (const [name, step] of stepsOf) {
      try {
        await timed(name, step);
        if (name === 'plan' && !proc.killed()) lastPlanned = local.date;
      } catch (e) {
        if (!expected(e)) violations.push(`${label} ${name}: unexpected error ${String(e)}`);
      }
      if (proc.killed()) {
        result.killedAt.push(`${name} ${proc.trail[proc.trail.length - 1] ?? ''}`);
        break;
      }
    }
    result.sesFaults += (faults.ses ?? []).filter((f) => f !== 'ok').length;
    proc.disarm();
    if (proc.killed()) {
      result.kills++;
      proc.restart(restartMode);
    }
    if (!infra.dbUp()) {
      await infra.startDb();
      result.dbRestarts++;
    }
  }

  try {
    const invoices = [
      ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
      ...schedule.customers.flatMap((c) =>
        c.invoices.map((i) => [
          i.invoiceId,
          c.customerId,
          addDays(i.dueDate, -30),
          i.dueDate,
          money(i.amountMinor),
          'USD',
        ]),
      ),
    ];
    const activity = [
      ['Activity ID', 'Customer ID', 'Date', 'Type', 'Direction', 'Stage'],
      ...schedule.customers.flatMap((c) =>
        c.history.map((h, k) => [
          `A-${c.customerId}-${k + 1}`,
          c.customerId,
          h.date,
          'email',
          'outbound',
          h.stage,
        ]),
      ),
    ];
    const reports = await timed('sync', () =>
      syncLedger(proc.apiUrl, auth, {
        Customers: customerRows((c) => c.flags),
        Invoices: invoices,
        ...(activity.length > 1 ? { Activity: activity } : {}),
      }),
    );
    if (reports.some((r) => r.rejected > 0))
      throw new Error(`ledger sync rejected rows: ${JSON.stringify(reports)}`);

    let n = 0;
    for (const [i, tick] of schedule.ticks.entries()) {
      clockMs += tick.advanceMs;
      if (tick.restartDb) {
        await infra.stopDb();
        await infra.startDb();
        result.dbRestarts++;
      }
      if (tick.clerk) await timed('clerk', () => clerk(tick.clerk!, n++));
      await work(
        tick.faults,
        tick.duplicates,
        `tick ${i} at ${new Date(clockMs).toISOString()}`,
        tick.restartMode,
        tick.eventsArrive,
      );
      if (tick.loseEvents) proc.loseEvents();
    }
    // Settle: no faults, the hourly dispatch for two more days (a daily plan each morning); in
    // review mode the clerk approves the queue each morning.
    const settleStart = clockMs;
    for (let h = 1; h <= 48; h++) {
      clockMs = settleStart + h * 3_600_000;
      if (schedule.reviewMode && localTime(clockMs, schedule.officeZone).hour === 10)
        await clerk({ kind: 'approve-queue' }, n++);
      await work({}, 0, `settle +${h}h`);
    }
    // SES's pending Send events arrive; then one more dispatch sweeps unconfirmed sends to review.
    await proc.deliverEvents(Number.POSITIVE_INFINITY);
    await work({}, 0, 'final');

    await timed('check', () => check(proc, schedule, clockMs, truthAt, zoneOf, byEmail, result, infra));
  } finally {
    await proc.close();
  }
  return result;
}

/** Amounts per currency in a piece of text: `USD 1,234.56` -> {USD: 123456}. */
function amountsIn(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of text.matchAll(/\b([A-Z]{3}) (-?[\d,]+\.\d{2})\b/g)) {
    const parsed = parseMoney(m[2]!.replace(/,/g, ''), m[1]!);
    if (!parsed.ok) continue;
    out.set(m[1]!, (out.get(m[1]!) ?? 0) + parsed.minor);
  }
  return out;
}

/**
 * A reminder's stated amounts (its first paragraph after the greeting) and its table's totals
 * (the Total row per currency, or the single row), read back from the text body as sent.
 */
export function statedAndTable(text: string): {
  stated: Map<string, number>;
  table: Map<string, number>;
  rows: Map<string, number>;
} {
  const blocks = text.split('\n\n');
  const stated = amountsIn(blocks[1] ?? '');
  // The table's header: 'Item' since fees and interest are listed as such (issue 16), 'Invoice' before.
  const tableBlock = blocks.find((b) => b.startsWith('Item ') || b.startsWith('Invoice ')) ?? '';
  const table = new Map<string, number>();
  const rows = new Map<string, number>();
  for (const line of tableBlock.split('\n').slice(1)) {
    const m = /\b([A-Z]{3}) (-?[\d,]+\.\d{2})$/.exec(line);
    if (!m) continue;
    const parsed = parseMoney(m[2]!.replace(/,/g, ''), m[1]!);
    if (!parsed.ok) continue;
    if (line.startsWith(`Total ${m[1]}`)) table.set(m[1]!, parsed.minor);
    else {
      rows.set(m[1]!, (rows.get(m[1]!) ?? 0) + parsed.minor);
      if (!tableBlock.includes(`Total ${m[1]}`)) table.set(m[1]!, parsed.minor);
    }
  }
  return { stated, table, rows };
}

const SETTLED_WITH_REASON = new Set(['cancelled', 'suppressed', 'failed', 'uncertain']);

async function check(
  proc: FaultProcess,
  schedule: Schedule,
  endMs: number,
  truthAt: (customerId: string, atMs: number) => Truth,
  zoneOf: (c: GenCustomer) => string,
  byEmail: Map<string, GenCustomer>,
  result: ScheduleResult,
  infra: FaultInfra,
): Promise<void> {
  const v = result.violations;
  const entries = (
    await Promise.all(
      schedule.customers.map((c) => proc.store.customerOutbox(schedule.tenantId, c.customerId)),
    )
  )
    .flat()
    .filter((e) => e.channel === 'email');
  const keyOf = (e: Pick<OutboxEntry, 'customerId' | 'stage' | 'channel' | 'cycle'>) =>
    `${e.customerId} ${e.stage}#${e.channel}#${e.cycle}`;
  const entryByKey = new Map(entries.map((e) => [keyOf(e), e]));

  // What SES accepted for this tenant: the harness's record, cross-checked with the emulator's store.
  const stored = (await infra.ses.emails()).filter((m) =>
    m.destination.to.some((t) => byEmail.has(t) || t === schedule.creditContact),
  );
  const storedById = new Map(stored.map((m) => [m.messageId, m]));
  if (stored.length !== proc.accepted.length)
    v.push(
      `the SES emulator holds ${stored.length} emails for this tenant, the harness saw ${proc.accepted.length} accepted`,
    );
  // Internal notices go to the credit contact only; they are checked on their own below.
  const internal = proc.accepted.filter((a) => a.to === schedule.creditContact);
  const sendsByKey = new Map<string, number>();
  for (const a of proc.accepted) {
    if (a.to === schedule.creditContact) {
      if (a.outboxTag)
        v.push(`the credit contact got ${a.messageId} with a debtor outbox key ${a.outboxTag}`);
      continue;
    }
    if (/^(Credit hold|Stop service|Request return of goods)/.test(a.subject))
      v.push(`${a.to} (a debtor) got the internal notice "${a.subject}"`);
    const key = decodeOutboxTag(a.outboxTag);
    const customer = byEmail.get(a.to);
    if (!key || !customer) {
      v.push(`SES accepted ${a.messageId} to ${a.to} with no outbox key`);
      continue;
    }
    const k = keyOf(key);
    sendsByKey.set(k, (sendsByKey.get(k) ?? 0) + 1);
    const when = new Date(a.atMs).toISOString();
    // Inside 08:00-21:00 on the debtor's wall clock, in the zone the ledger gives them.
    const local = localTime(a.atMs, zoneOf(customer));
    const minutes = local.hour * 60 + local.minute;
    if (minutes < 8 * 60 || minutes >= 21 * 60)
      v.push(
        `${k} sent at ${when}: ${local.date} ${local.hour}:${String(local.minute).padStart(2, '0')} in ${zoneOf(customer)}, outside 08:00-21:00`,
      );
    // Not to a blocked or paid-up account at the moment of sending.
    const truth = truthAt(customer.customerId, a.atMs);
    const day = localTime(a.atMs, schedule.officeZone).date;
    const blockedBy = [...truth.flags].find((f) => f !== 'mail-returned');
    if (blockedBy) v.push(`${k} sent at ${when} though the account is flagged ${blockedBy}`);
    if (truth.suppressed) v.push(`${k} sent at ${when} though the address unsubscribed`);
    if (truth.balanceMinor <= 0) v.push(`${k} sent at ${when} though the account is paid up`);
    // A promise holds reminders; the monthly statement is governed by flags, caps and the balance
    // only (core's decideStatementAtSendTime), so it may go during a promise, worded around it
    // (core/collections/statement-policy.ts).
    const promise = truth.promises.find((p) => p.takenOn <= day && day <= p.promisedDate);
    if (promise && key.stage !== 'statement')
      v.push(`${k} sent at ${when} during a promise to pay by ${promise.promisedDate}`);
    const mail = storedById.get(a.messageId);
    if (!mail) {
      v.push(`${k}: SES message ${a.messageId} is not in the emulator's store`);
      continue;
    }
    if (key.stage !== 'statement') {
      const text = mail.body.text ?? '';
      const { stated, table, rows } = statedAndTable(text);
      const fmt = (m: Map<string, number>) =>
        [...m].map(([c, x]) => formatMoney(x, c)).join(', ') || 'nothing';
      if (stated.size === 0 || fmt(stated) !== fmt(table))
        v.push(`${k}: the first line states ${fmt(stated)}, the table totals ${fmt(table)}`);
      if (fmt(rows) !== fmt(table))
        v.push(`${k}: the table's rows sum to ${fmt(rows)}, its total says ${fmt(table)}`);
      const usd = stated.get('USD') ?? 0;
      if (usd <= 0 || usd > truth.balanceMinor)
        v.push(
          `${k}: states ${formatMoney(usd, 'USD')} with a balance of ${formatMoney(truth.balanceMinor, 'USD')} at sending`,
        );
    }
  }
  for (const [k, count] of sendsByKey) {
    if (count > 1) v.push(`${k} went to SES ${count} times`);
    const entry = entryByKey.get(k);
    if (!entry) v.push(`${k} was sent but no outbox entry has that key`);
    else if (entry.status !== 'sent' && entry.status !== 'uncertain')
      v.push(`${k} was sent but its entry is ${entry.status} (${entry.reason ?? ''})`);
  }

  // Every planned email: sent exactly once, or settled with its reason, or still waiting for its time.
  const archive = (
    await Promise.all(schedule.customers.map((c) => proc.store.messages(schedule.tenantId, c.customerId)))
  ).flat();
  // The clerk sees what needs a decision: every uncertain or failed email is in the review queue,
  // and every message the sender cancelled has its reason on the customer's history.
  const review = new Set((await proc.store.reviewQueue(schedule.tenantId)).map((e) => keyOf(e)));
  // Activity outcomes by row id: each cancellation has its own note (one per entry and day).
  const notes = new Map<string, string>();
  for (const c of schedule.customers) {
    for (const row of await proc.store.customerRows(schedule.tenantId, c.customerId)) {
      if (row.tab === 'Activity' && typeof row.fields.outcome === 'string')
        notes.set(row.rowId, row.fields.outcome);
    }
  }
  for (const e of entries) {
    const k = keyOf(e);
    const sends = sendsByKey.get(k) ?? 0;
    if ((e.status === 'uncertain' || e.status === 'failed') && !review.has(k))
      v.push(`${k} is ${e.status} but not in the review queue`);
    if (e.cancelledOn !== undefined && (e.status === 'cancelled' || e.status === 'suppressed')) {
      const noteId = activityIdFor({ ...e, cycle: `${e.cycle}-${e.cancelledOn}` }, 'DBX');
      if (notes.get(noteId) !== `not sent: ${e.rule}`)
        v.push(
          `${k} was ${e.status} (${e.rule}) on ${e.cancelledOn} but the customer's history has no note for it (${noteId}: ${notes.get(noteId) ?? 'none'})`,
        );
    }
    if (e.status === 'sent') {
      result.sent++;
      if (sends !== 1) v.push(`${k} is sent but SES took it ${sends} times`);
      const accepted = proc.accepted.find((a) => a.messageId === e.messageId);
      if (!accepted) v.push(`${k} is sent with message id ${e.messageId}, which SES never gave`);
      if (
        archive.filter(
          (m) => m.outboxKey === `${e.stage}#${e.channel}#${e.cycle}` && m.customerId === e.customerId,
        ).length !== 1
      )
        v.push(`${k} is sent but not archived exactly once`);
    } else if (SETTLED_WITH_REASON.has(e.status)) {
      if (e.status === 'uncertain') result.uncertain++;
      else if (e.status === 'cancelled' || e.status === 'suppressed') result.cancelled++;
      else result.otherSettled++;
      if (!e.reason || !e.rule) v.push(`${k} is ${e.status} without a reason and rule`);
      if (e.status !== 'uncertain' && sends > 0) v.push(`${k} is ${e.status} but SES took it ${sends} times`);
    } else if (e.status === 'skipped') {
      result.otherSettled++;
      if (sends > 0) v.push(`${k} was skipped by the clerk but SES took it`);
    } else if (e.status === 'planned' || e.status === 'awaiting-review') {
      if (sends > 0) v.push(`${k} is ${e.status} but SES took it ${sends} times`);
      if (e.status === 'planned' && Date.parse(e.notBefore) <= endMs)
        v.push(`${k} is still planned though its time (${e.notBefore}) has come`);
    } else {
      v.push(`${k} is stranded as ${e.status} (not before ${e.notBefore}, claimed ${e.claimedAt ?? '-'})`);
    }
  }
  await checkCreditHolds(proc, schedule, endMs, truthAt, internal, result);
}

/**
 * Credit holds and releases: the credit contact is told once per account and cycle (and once per
 * release), never a debtor; every notice is sent or left "may have been sent" for the clerk, never
 * waiting after the settle; a release follows a payment or a clerk's release, and a hold on an
 * account paid in full is released.
 */
async function checkCreditHolds(
  proc: FaultProcess,
  schedule: Schedule,
  endMs: number,
  truthAt: (customerId: string, atMs: number) => Truth,
  internal: AcceptedEmail[],
  result: ScheduleResult,
): Promise<void> {
  const v = result.violations;
  const acceptedIds = new Map(internal.map((a) => [a.messageId, a]));
  const claimed = new Set<string>();
  for (const c of schedule.customers) {
    const entries = (await proc.store.customerOutbox(schedule.tenantId, c.customerId)).filter((e) =>
      e.channel.startsWith('internal:'),
    );
    const holds = entries.filter((e) => e.channel !== 'internal:release');
    const releases = entries.filter((e) => e.channel === 'internal:release');
    result.creditHolds += holds.length;
    result.holdReleases += releases.length;
    if (holds.length > 0 && c.ladder !== 'trade-credit')
      v.push(
        `${c.customerId} is held (${holds.map((h) => h.stage).join(', ')}) but is not on the trade-credit ladder`,
      );
    const cycles = new Map<string, number>();
    for (const h of holds)
      cycles.set(`${h.stage}#${h.cycle}`, (cycles.get(`${h.stage}#${h.cycle}`) ?? 0) + 1);
    for (const [k, n] of cycles) if (n > 1) v.push(`${c.customerId} has ${n} ${k} hold entries`);
    if (releases.length > holds.length)
      v.push(`${c.customerId} has ${releases.length} releases for ${holds.length} holds`);
    // The notices the contact got for this customer, by kind, against the entries that stand for them.
    const told = (released: boolean) =>
      internal.filter(
        (a) =>
          a.subject.includes(`(${c.customerId})`) &&
          a.subject.startsWith('Credit hold released') === released,
      );
    for (const [kind, list, sent] of [
      ['hold', holds, told(false)],
      ['release', releases, told(true)],
    ] as const) {
      if (sent.length > list.length)
        v.push(
          `the credit contact was told of ${c.customerId}'s ${kind} ${sent.length} times for ${list.length} entries: ${sent.map((a) => a.subject).join('; ')}`,
        );
      for (const e of list) {
        const k = `${c.customerId} ${e.stage}#${e.channel}#${e.cycle}`;
        if (e.messageId) {
          result.internalNotices++;
          const a = acceptedIds.get(e.messageId);
          if (!a) v.push(`${k} records message ${e.messageId}, which SES never accepted for the contact`);
          else if (claimed.has(e.messageId)) v.push(`${k} shares message ${e.messageId} with another notice`);
          claimed.add(e.messageId);
          if (e.notifiedTo !== schedule.creditContact) v.push(`${k} says it told ${e.notifiedTo}`);
        } else if (e.claimedAt && e.rule === 'delivery/unconfirmed') {
          result.internalUnconfirmed++;
        } else {
          v.push(
            `${k} was never told to the credit contact after the settle (${e.status}, claimed ${e.claimedAt || '-'}, waiting: ${e.waiting ?? '-'})`,
          );
        }
      }
    }
    const truth = truthAt(c.customerId, endMs);
    if (releases.length > 0 && truth.payments === 0 && truth.clerkReleases === 0)
      v.push(`${c.customerId} was released with no payment and no clerk's release`);
    if (holds.length > 0 && truth.balanceMinor <= 0 && releases.length === 0)
      v.push(`${c.customerId} is paid in full but its credit hold was never released`);
    if (truth.clerkReleases > 0 && releases.length === 0)
      v.push(`a clerk released ${c.customerId}'s hold (the API said released) but no release is recorded`);
  }
}
