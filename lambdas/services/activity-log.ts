// Logging a contact on a customer's Activity tab, then recomputing the account: what a confirmed send
// needs of the ledger. Kept apart from LedgerService (sync, posting and their checks) so the
// ses-events handler loads only this.
import { localTime } from '../../core/ledger/dates.js';
import type { RowFields } from '../../core/ledger/schema-rows.js';
import { log } from '../shared/log.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { AccountRecompute } from './account-recompute.js';

/** Today's date on the office's wall clock. */
export function officeToday(now: Date, timeZone: string): string {
  return localTime(now.getTime(), timeZone).date;
}

/**
 * Counts rows Duebook stored itself towards the office's rows quota. The row is stored already: a
 * counter that cannot be written is logged, never a reason to fail the payment or the send.
 */
export async function countStoredRows(store: LedgerStore, tenantId: string, n: number): Promise<void> {
  try {
    await store.addStoredRows(tenantId, n);
  } catch (e) {
    log('warn', 'rows quota not counted', { tenantId, rows: n, error: String(e) });
  }
}

export class ActivityLog {
  constructor(private readonly store: LedgerStore) {}

  async logActivity(
    tenantId: string,
    activity: Record<string, unknown> & { activityId: string; customerId: string },
    at: Date,
    timeZone: string,
  ) {
    const fields = { row: 0, ...activity } as RowFields;
    // The marker goes before the row: a crash between the row and the recompute below leaves the
    // customer marked, so the next read or flush does not plan from a snapshot without it. Once
    // recomputed, the marker is cleared at once, so markers do not pile up over a day of sends
    // (every send's account read queries them).
    const marker = await this.store.markPending(tenantId, [activity.customerId], at.toISOString());
    const stored = await this.store.syncRows(
      tenantId,
      'Activity',
      'activityId',
      [fields],
      [],
      at.toISOString(),
    );
    await countStoredRows(this.store, tenantId, stored.created?.length ?? 0);
    await new AccountRecompute(this.store).recompute(
      tenantId,
      stored.affectedCustomers,
      officeToday(at, timeZone),
    );
    await this.store.clearPending(tenantId, marker);
  }
}
