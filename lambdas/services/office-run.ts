// The office worker's run of one queued job (fan-out.ts queues them): the plan with runDay, the
// dispatch with dispatchDue. Apart from fan-out.ts so the tick's Lambda never loads the daily run;
// the plan's code is loaded only for a plan job.

import { localTime } from '../../core/ledger/dates.js';
import type { OfficeStore } from '../store/office-store.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import type { DailyRunDeps } from './daily-run.js';
import { dispatchDue } from './dispatch.js';
import type { OfficeJob, OfficeRunRecord } from './fan-out.js';

function knownZone(timeZone: string): boolean {
  try {
    localTime(0, timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface OfficeWorkerDeps extends DailyRunDeps {
  offices: OfficeStore;
  settings: (tenantId: string) => Promise<TenantSettings>;
  now: () => Date;
  /** Milliseconds for a run's duration (a monotonic clock in production). */
  elapsed?: () => number;
}

function numbers(o: object): Record<string, number> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v === 'number')) as Record<
    string,
    number
  >;
}

/**
 * Runs one office's job with the existing daily-run services. Throws on failure (after recording
 * it on the plan's claim) so the queue retries that message alone and, at last, dead-letters it.
 */
export async function runOfficeJob(job: OfficeJob, deps: OfficeWorkerDeps): Promise<OfficeRunRecord> {
  const now = deps.now();
  const elapsed = deps.elapsed ?? (() => Date.now());
  const t0 = elapsed();
  const base = {
    tenantId: job.tenantId,
    job: job.job,
    slot: job.slot,
    reason: job.reason,
    startedAt: now.toISOString(),
  };
  if (job.job === 'plan') {
    // SQS delivers at least once: a second delivery of a plan already done runs nothing.
    const claim = await deps.offices.run(job.tenantId, job.slot, job.job);
    if (claim?.status === 'done') return { ...base, ok: true, durationMs: 0, counts: {}, duplicate: true };
  }
  try {
    let counts: Record<string, number>;
    if (job.job === 'plan') {
      const settings = await deps.settings(job.tenantId);
      // The registry had another zone (a redeploy, a change made around the store): put it right,
      // so tomorrow's plan comes at 09:00 in the office's zone.
      if (settings.timeZone !== job.timeZone && knownZone(settings.timeZone))
        await deps.offices.register(job.tenantId, settings.timeZone);
      // The plan's code (the planner, the compliance tables, templates, hand-overs) loads with the
      // first plan job of a cold start: most jobs are dispatches, 24 a day per office to one plan.
      const { runDay } = await import('./daily-run.js');
      counts = numbers(await runDay(job.tenantId, settings, now, deps));
    } else counts = numbers(await dispatchDue(job.tenantId, now, deps));
    if (job.job === 'plan')
      await deps.offices.finishRun(job.tenantId, job.slot, job.job, 'done', deps.now(), counts);
    return { ...base, ok: true, durationMs: elapsed() - t0, counts };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (job.job === 'plan') {
      await deps.offices
        .finishRun(job.tenantId, job.slot, job.job, 'failed', deps.now(), { error: message.slice(0, 1000) })
        .catch(() => undefined);
    }
    throw new OfficeRunError(job, message, elapsed() - t0, { cause: e });
  }
}

export class OfficeRunError extends Error {
  readonly code = 'FANOUT.OFFICE_RUN_FAILED';
  constructor(
    readonly job: OfficeJob,
    message: string,
    readonly durationMs: number,
    options?: { cause?: unknown },
  ) {
    super(`${job.job} of office ${job.tenantId} (${job.slot}) failed: ${message}`, options);
    this.name = 'OfficeRunError';
  }
}
