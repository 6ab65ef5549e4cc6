// The quarter-hour tick: EventBridge Scheduler invokes it; it queues one message per office whose slot has come.

import { daysInMonth } from '../../core/ledger/dates.js';
import { runTick, type TickDeps } from '../services/fan-out.js';
import { log } from '../shared/log.js';
import { object, ShapeError, string } from '../shared/shape.js';

/** `2027-03-14T13:15:00Z` (seconds required, a fraction allowed), with `Z` or an offset `+hh:mm`. */
const ISO_INSTANT = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:Z|[+-](\d\d):(\d\d))$/;

/** Whether `text` is a date and time of ISO 8601 with its zone (`Z` or an offset), as the scheduler sends. */
export function isIsoInstant(text: string): boolean {
  const m = ISO_INSTANT.exec(text);
  if (!m) return false;
  // Year, month, day, hour, minute, second, offset hour, offset minute (an offset of `Z`: 0).
  const at = (i: number) => Number(m[i] ?? 0);
  return (
    at(2) >= 1 &&
    at(2) <= 12 &&
    at(3) >= 1 &&
    at(3) <= daysInMonth(at(1), at(2)) &&
    at(4) <= 23 &&
    at(5) <= 59 &&
    at(6) <= 59 &&
    at(7) <= 23 &&
    at(8) <= 59
  );
}

/**
 * Scheduler's input: `{"scheduledAt": "<aws.scheduler.scheduled-time>"}`; without it (or without
 * an input at all), the clock. Other members are left as they are.
 */
export function readTickEvent(raw: unknown): { scheduledAt?: string } {
  const event = object(raw ?? {}, 'the tick event');
  if (event.scheduledAt === undefined) return {};
  const at = string(event.scheduledAt, 'scheduledAt');
  if (!isIsoInstant(at))
    throw new ShapeError(
      `scheduledAt is not a date and time with its zone (2027-03-14T13:15:00Z): ${JSON.stringify(at)}`,
    );
  return { scheduledAt: at };
}

export function createTickHandler(deps: TickDeps & { now: () => Date }) {
  return async function handler(raw: unknown) {
    const event = readTickEvent(raw);
    // A retried invocation carries its original scheduled time, so it is the same tick (same claims).
    const at = event.scheduledAt ? new Date(event.scheduledAt) : deps.now();
    const summary = await runTick(at, deps);
    log('info', 'tick', { ...summary, skipped: summary.skipped.length });
    for (const s of summary.skipped)
      log('warn', 'office skipped by the tick', { code: 'FANOUT.OFFICE_SKIPPED', ...s });
    return summary;
  };
}
