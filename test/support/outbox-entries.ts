// Outbox entries for store tests: one first reminder by email of the 2027-03-01 cycle, in any status.
import type { OutboxEntry } from '../../lambdas/store/outbox-types.js';

/** The first email reminder of `customerId`'s 2027-03-01 cycle, planned on 2027-03-13, in `status`. */
export function reminderEntry(
  tenantId: string,
  customerId: string,
  status: OutboxEntry['status'],
): OutboxEntry {
  return {
    tenantId,
    customerId,
    stage: 'reminder-1',
    channel: 'email',
    cycle: '2027-03-01',
    status,
    plannedOn: '2027-03-13',
    notBefore: '2027-03-13T13:00:00.000Z',
    action: { kind: 'reminder' },
    attempts: 0,
  };
}
