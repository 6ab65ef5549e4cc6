// The quarter-hour tick: EventBridge Scheduler invokes it; it queues one message per office whose slot has come.

import { runTick, type TickDeps } from '../services/fan-out.js';
import { log } from '../shared/log.js';
import * as z from '../shared/zod-mini.js';

/** Scheduler's input: `{"scheduledAt": "<aws.scheduler.scheduled-time>"}`; without it, the clock. */
const tickEvent = z.looseObject({ scheduledAt: z.optional(z.iso.datetime({ offset: true })) });

export function createTickHandler(deps: TickDeps & { now: () => Date }) {
  return async function handler(raw: unknown) {
    const event = tickEvent.parse(raw ?? {});
    // A retried invocation carries its original scheduled time, so it is the same tick (same claims).
    const at = event.scheduledAt ? new Date(event.scheduledAt) : deps.now();
    const summary = await runTick(at, deps);
    log('info', 'tick', { ...summary, skipped: summary.skipped.length });
    for (const s of summary.skipped)
      log('warn', 'office skipped by the tick', { code: 'FANOUT.OFFICE_SKIPPED', ...s });
    return summary;
  };
}
