// The per-tenant daily-run job (plan or dispatch of one office), as the local stack and `duebook run` call it directly.
import { type DailyRunDeps, dispatchDue, runDay } from '../services/daily-run.js';
import { LedgerService, officeToday, PENDING_SETTLE_MS } from '../services/ledger-service.js';
import { log } from '../shared/log.js';
import * as z from '../shared/zod-mini.js';
import type { TenantSettings } from '../store/tenant-settings.js';

export const scheduleEvent = z.object({
  tenantId: z.string(),
  job: z._default(z.enum(['plan', 'dispatch']), 'plan'),
});

export function createDailyRunHandler(
  deps: DailyRunDeps & { settings: (tenantId: string) => Promise<TenantSettings>; now: () => Date },
) {
  return async function handler(raw: unknown) {
    const event = scheduleEvent.parse(raw);
    const now = deps.now();
    if (event.job === 'dispatch') {
      // Accounts changed during the day (postings, sends, cancellations) are settled here, so the
      // sender reads stored snapshots and the next plan finds nothing left to recompute.
      // One Query of the markers; the settings are read only when something is to be settled.
      const markers = await deps.store.pendingMarkers(event.tenantId);
      if (markers.some((m) => Date.parse(m.createdAt) <= now.getTime() - PENDING_SETTLE_MS)) {
        const settings = await deps.settings(event.tenantId);
        await new LedgerService(deps.store).flushPending(
          event.tenantId,
          officeToday(now, settings.timeZone),
          now,
          { settledOnly: true },
        );
      }
      const dispatched = await dispatchDue(event.tenantId, now, deps);
      log('info', 'dispatch', { tenantId: event.tenantId, ...dispatched });
      return {
        tenantId: event.tenantId,
        ...dispatched,
        queued: dispatched.queued + dispatched.requeued,
      };
    }
    const summary = await runDay(event.tenantId, await deps.settings(event.tenantId), now, deps);
    log('info', 'daily run', { ...summary });
    return summary;
  };
}
