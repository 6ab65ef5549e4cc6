// The ActivityLog loaded on first use, for the ses-events handler: logging a confirmed send recomputes
// the account, which brings core's rules (most of that function's code). Bounces, complaints, opens
// and clicks never need them, so its cold start does not load them; the first Send event does.

import type { LedgerStore } from '../store/ledger-store.js';
import type { ActivityLog } from './activity-log.js';

export function lazyActivityLog(store: LedgerStore): Pick<ActivityLog, 'logActivity'> {
  return {
    async logActivity(...args) {
      const { ActivityLog } = await import('./activity-log.js');
      return new ActivityLog(store).logActivity(...args);
    },
  };
}
