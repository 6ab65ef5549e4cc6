// The ses-events handler's ActivityLog, loaded by the first Send event: the same writes as the eager one.
import { describe, expect, it } from 'vitest';
import { ActivityLog } from '../../../lambdas/services/activity-log.js';
import { lazyActivityLog } from '../../../lambdas/services/lazy-activity-log.js';
import type { LedgerStore } from '../../../lambdas/store/ledger-store.js';

/** A store that records the calls logActivity makes (no customer affected: no recompute reads). */
function recordingStore(): { store: LedgerStore; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const store = {
    markPending: async (...args: unknown[]) => {
      calls.push(['markPending', ...args]);
      return 'marker-1';
    },
    syncRows: async (...args: unknown[]) => {
      calls.push(['syncRows', ...args]);
      return { created: ['DB-C-1'], affectedCustomers: [] };
    },
    addStoredRows: async (...args: unknown[]) => {
      calls.push(['addStoredRows', ...args]);
    },
    clearPending: async (...args: unknown[]) => {
      calls.push(['clearPending', ...args]);
    },
  } as unknown as LedgerStore;
  return { store, calls };
}

describe('lazyActivityLog', () => {
  it('returns the same store writes as ActivityLog for one logged contact', async () => {
    // Arrange
    const eager = recordingStore();
    const lazy = recordingStore();
    const activity = { activityId: 'DB-C-1-first-email-1', customerId: 'C-1', type: 'email' };
    const at = new Date('2026-11-24T15:00:00Z');
    // Act
    await new ActivityLog(eager.store).logActivity('t1', activity, at, 'America/Chicago');
    await lazyActivityLog(lazy.store).logActivity('t1', activity, at, 'America/Chicago');
    // Assess
    expect(lazy.calls).toEqual(eager.calls);
    expect(lazy.calls.map((c) => c[0])).toEqual(['markPending', 'syncRows', 'addStoredRows', 'clearPending']);
  });
});
