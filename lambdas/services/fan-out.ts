// The daily run's fan-out: a quarter-hour tick picks the offices whose local 09:00 plan or hourly
// dispatch slot has come and queues one message per office; a worker runs each office on its own
// (office-run.ts). The tick's Lambda loads this file and not the daily run's code.

import { localTime } from '../../core/ledger/dates.js';
import { nonEmpty, object, oneOf, ShapeError, string } from '../shared/shape.js';
import type { OfficeEntry, OfficeStore } from '../store/office-store.js';

/** When each job of an office is due, in the office's own zone (tables-as-data). */
export const OFFICE_SLOTS = {
  /** The plan: the first tick at or after 09:00 local on a local date not yet planned. */
  plan: { hour: 9, minute: 0 },
  /** The dispatch: the tick in each local hour's quarter starting at :15. */
  dispatch: { minute: 15 },
} as const;

/** The tick runs every this many minutes; its instant is rounded down to a multiple of it. */
export const TICK_MINUTES = 15;

export type OfficeJobName = 'plan' | 'dispatch';

/** The message the tick puts on the office queue: which office, which job, which slot. */
export interface OfficeJob {
  tenantId: string;
  job: OfficeJobName;
  /** `plan`: the office's local date; `dispatch`: the tick's UTC instant (`2027-03-14T13:15Z`). */
  slot: string;
  /** The office's zone as the registry had it (the worker re-registers an office whose zone moved). */
  timeZone: string;
  /** The office's wall clock at the tick (`2027-03-14 09:00 America/New_York`), for the log. */
  local: string;
  /** Why now: `on time`, or `catch-up` for a plan whose 09:00 tick was missed (an outage). */
  reason: 'on time' | 'catch-up';
}

const jobName = oneOf<OfficeJobName>(['plan', 'dispatch']);
const jobReason = oneOf<OfficeJob['reason']>(['on time', 'catch-up']);

/**
 * An office message's body as the worker runs it: every member of {@link OfficeJob} checked (the
 * ids, slot and zone not empty), others left behind; or the first member that is not as the tick
 * writes it.
 */
export function readOfficeJob(body: unknown): { ok: true; job: OfficeJob } | { ok: false; problem: string } {
  try {
    const o = object(body, 'the message');
    return {
      ok: true,
      job: {
        tenantId: nonEmpty(o.tenantId, 'tenantId'),
        job: jobName(o.job, 'job'),
        slot: nonEmpty(o.slot, 'slot'),
        timeZone: nonEmpty(o.timeZone, 'timeZone'),
        local: string(o.local, 'local'),
        reason: jobReason(o.reason, 'reason'),
      },
    };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, problem: e.message };
    throw e;
  }
}

export interface SkippedOffice {
  tenantId: string;
  reason: string;
}

/** The tick's instant: `at` rounded down to its quarter hour. */
export function tickSlot(at: Date): Date {
  const q = TICK_MINUTES * 60_000;
  return new Date(Math.floor(at.getTime() / q) * q);
}

const hh = (n: number) => String(n).padStart(2, '0');

/**
 * The jobs due at `tick` (a quarter-hour instant), read from each office's wall clock in its own
 * zone, so daylight-saving changes move the UTC instant and never the local 09:00. An office whose
 * zone is unknown is skipped with the reason, never stopping the others.
 */
export function dueJobs(
  offices: readonly OfficeEntry[],
  tick: Date,
): { jobs: OfficeJob[]; skipped: SkippedOffice[] } {
  const at = tickSlot(tick).getTime();
  const slotIso = `${new Date(at).toISOString().slice(0, 16)}Z`;
  const clocks = new Map<string, ReturnType<typeof localTime> | Error>();
  const jobs: OfficeJob[] = [];
  const skipped: SkippedOffice[] = [];
  for (const office of offices) {
    let clock = clocks.get(office.timeZone);
    if (clock === undefined) {
      try {
        clock = localTime(at, office.timeZone);
      } catch (e) {
        clock = e instanceof Error ? e : new Error(String(e));
      }
      clocks.set(office.timeZone, clock);
    }
    if (clock instanceof Error) {
      skipped.push({
        tenantId: office.tenantId,
        reason: `unknown time zone ${JSON.stringify(office.timeZone)}`,
      });
      continue;
    }
    const local = `${clock.date} ${hh(clock.hour)}:${hh(clock.minute)} ${office.timeZone}`;
    const minuteOfDay = clock.hour * 60 + clock.minute;
    const planAt = OFFICE_SLOTS.plan.hour * 60 + OFFICE_SLOTS.plan.minute;
    if (minuteOfDay >= planAt && (office.lastPlan ?? '') < clock.date) {
      jobs.push({
        tenantId: office.tenantId,
        job: 'plan',
        slot: clock.date,
        timeZone: office.timeZone,
        local,
        reason: minuteOfDay < planAt + TICK_MINUTES ? 'on time' : 'catch-up',
      });
    }
    const d = OFFICE_SLOTS.dispatch.minute;
    if (clock.minute >= d && clock.minute < d + TICK_MINUTES) {
      jobs.push({
        tenantId: office.tenantId,
        job: 'dispatch',
        slot: slotIso,
        timeZone: office.timeZone,
        local,
        reason: 'on time',
      });
    }
  }
  return { jobs, skipped };
}

export interface TickDeps {
  offices: OfficeStore;
  /** Puts the messages on the office queue and returns those it could not send (same objects). */
  enqueueOffices: (jobs: readonly OfficeJob[]) => Promise<readonly OfficeJob[]>;
  /** Claims are written this many at a time. */
  concurrency?: number;
}

export interface TickSummary {
  tick: string;
  offices: number;
  /** Messages put on the office queue. */
  queued: number;
  plans: number;
  dispatches: number;
  /** Plans a tick before this one (or a retry of this one) had already claimed. */
  alreadyClaimed: number;
  skipped: SkippedOffice[];
}

async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}

/**
 * One tick: read the office registry, pick the due jobs, claim each plan once per office and local
 * date (a conditional write, so a tick run twice queues nothing twice), queue one message per job.
 * A plan whose message could not be queued is released for the next tick, and the tick throws
 * `TickEnqueueError` so the scheduler's retry and dead-letter queue see it.
 */
export async function runTick(tick: Date, deps: TickDeps): Promise<TickSummary> {
  const slot = tickSlot(tick);
  const offices = await deps.offices.offices();
  const { jobs, skipped } = dueJobs(offices, slot);
  const toQueue: OfficeJob[] = [];
  let alreadyClaimed = 0;
  await pool(jobs, deps.concurrency ?? 16, async (job) => {
    if (job.job !== 'plan') {
      // A dispatch run twice finds nothing more to do (dispatchDue moves each entry once): no claim.
      toQueue.push(job);
      return;
    }
    if (await deps.offices.claimRun(job.tenantId, job.slot, job.job, slot)) toQueue.push(job);
    else {
      alreadyClaimed++;
      // Claimed earlier but the registry did not learn it (a crash in between): teach it now.
      await deps.offices.markPlanned(job.tenantId, job.slot);
    }
  });
  const unsent = new Set(await deps.enqueueOffices(toQueue));
  const sent = toQueue.filter((j) => !unsent.has(j));
  const plans = (list: readonly OfficeJob[]) => list.filter((j) => j.job === 'plan');
  await pool(plans(sent), deps.concurrency ?? 16, (j) => deps.offices.markPlanned(j.tenantId, j.slot));
  if (unsent.size > 0) {
    await pool(plans([...unsent]), deps.concurrency ?? 16, (j) =>
      deps.offices.releaseRun(j.tenantId, j.slot, j.job, slot),
    );
    throw new TickEnqueueError([...unsent]);
  }
  return {
    tick: slot.toISOString(),
    offices: offices.length,
    queued: sent.length,
    plans: plans(sent).length,
    dispatches: sent.length - plans(sent).length,
    alreadyClaimed,
    skipped,
  };
}

/** What the worker records for one office run: the log line and the metric. */
export interface OfficeRunRecord {
  tenantId: string;
  job: OfficeJobName;
  slot: string;
  reason: OfficeJob['reason'];
  /** The worker's clock when the run started. */
  startedAt: string;
  ok: boolean;
  durationMs: number;
  error?: string;
  /** runDay's summary counts, or dispatchDue's. */
  counts: Record<string, number>;
  /** A repeated delivery of a plan already done: nothing ran. */
  duplicate?: true;
}

export class TickEnqueueError extends Error {
  readonly code = 'FANOUT.ENQUEUE_FAILED';
  constructor(readonly unsent: readonly OfficeJob[]) {
    super(
      `${unsent.length} office message(s) could not be queued: ${unsent
        .slice(0, 10)
        .map((j) => `${j.job} ${j.tenantId}`)
        .join(', ')}`,
    );
    this.name = 'TickEnqueueError';
  }
}
