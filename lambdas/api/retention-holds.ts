// GET /v1/retention-holds: which customers' personal data the sent-message archive still holds (copies kept 3 years), so the add-on's purge keeps them.
import { archiveHoldsOf, RECORDS_RETENTION_DAYS } from '../../core/lifecycle/retention.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { ApiError } from './errors.js';

/** One held customer: the day the archive's hold ends, and why, in words the add-on shows. */
export interface RetentionHold {
  customerId: string;
  heldUntil: string;
  lastSentAt: string;
  reason: string;
}

const MAX_CUSTOMERS = 500;
const MAX_ID_LENGTH = 64;

/** The `customers` query parameter, checked: 1 to 500 distinct ids of at most 64 characters. */
export function holdCustomers(query: Record<string, string | undefined> | undefined): string[] {
  const ids = (query?.customers ?? '').split(',').filter(Boolean);
  if (ids.length === 0) throw new ApiError('REQUEST.INVALID', 'pass ?customers=ID1,ID2 (at most 500)');
  if (ids.length > MAX_CUSTOMERS)
    throw new ApiError('REQUEST.INVALID', `at most ${MAX_CUSTOMERS} customers per request`);
  const long = ids.findIndex((id) => id.length > MAX_ID_LENGTH);
  if (long >= 0)
    throw new ApiError(
      'REQUEST.INVALID',
      `invalid request: customers[${long}]: a customer id is at most ${MAX_ID_LENGTH} characters`,
      [{ field: `customers[${long}]`, message: `a customer id is at most ${MAX_ID_LENGTH} characters` }],
    );
  return [...new Set(ids)];
}

/**
 * The archive's holds among `customerIds`: each customer with a message sent is held until 3 years
 * (12 CFR 1006.100(b)) after the last one (core's `archiveHoldsOf`). Customers with nothing sent
 * are not listed. Keys start with the caller's tenant, so another office's customer finds nothing.
 */
export async function retentionHolds(
  store: Pick<LedgerStore, 'messages'>,
  tenantId: string,
  customerIds: readonly string[],
): Promise<RetentionHold[]> {
  const out: RetentionHold[] = [];
  for (const customerId of customerIds) {
    const sent = (await store.messages(tenantId, customerId)).map((m) => ({ customerId, sentAt: m.sentAt }));
    const heldUntil = archiveHoldsOf(sent).get(customerId);
    if (!heldUntil) continue;
    const lastSentAt =
      sent
        .map((m) => m.sentAt)
        .sort()
        .at(-1) ?? '';
    out.push({
      customerId,
      heldUntil,
      lastSentAt,
      reason: `copies of the messages sent are kept ${RECORDS_RETENTION_DAYS / 365} years after the last one (${lastSentAt.slice(0, 10)}), until ${heldUntil} (12 CFR 1006.100(b))`,
    });
  }
  return out;
}
