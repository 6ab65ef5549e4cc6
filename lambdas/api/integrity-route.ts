// GET /v1/integrity/cross-customer: its query's check (its row is in routes.ts; the listing is
// services/cross-customer-sweep.ts).
import { SWEEP_SEGMENTS } from '../store/sweep-store.js';
import { ApiError } from './errors.js';

/** The `page` query parameter: absent for the first page, else a whole number below the page count. */
export function crossCustomerPage(query: Record<string, string | undefined> | undefined): number {
  const raw = query?.page;
  if (raw === undefined || raw === '') return 0;
  if (!/^\d{1,2}$/.test(raw) || Number(raw) >= SWEEP_SEGMENTS) {
    const message = `page is a whole number from 0 to ${SWEEP_SEGMENTS - 1} (the answer's "next")`;
    throw new ApiError('REQUEST.INVALID', `invalid request: ${message}`, [{ field: 'page', message }]);
  }
  return Number(raw);
}
