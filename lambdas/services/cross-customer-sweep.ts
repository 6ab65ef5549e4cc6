// Rows stored before the rules across tabs that name another customer's invoice or charge, found
// without waiting for their customer to be recomputed: listed on demand (GET /v1/integrity/cross-customer,
// a page per table segment) and swept after the daily plan, one segment a day for one pass, each
// finding queued once.
import { log } from '../shared/log.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { SWEEP_SEGMENTS, saveSweepCursor, scanOfficeRows, sweepCursor } from '../store/sweep-store.js';
import { type CrossCustomerRow, namingOthers, recordCrossCustomer } from './cross-customer-check.js';

/** One page of the listing: the findings of one segment, and the page to ask for next (none after the last). */
export interface CrossCustomerPage {
  rows: CrossCustomerRow[];
  page: number;
  pages: number;
  next?: number;
}

/** The office's rows naming another customer's item in one segment of the table (sweep-store.ts). */
export async function crossCustomerInSegment(
  store: LedgerStore,
  tenantId: string,
  segment: number,
): Promise<CrossCustomerRow[]> {
  const rows = await scanOfficeRows(store.handle(), tenantId, ['Payments', 'Adjustments'], segment);
  const found = await namingOthers(store, tenantId, rows);
  return found.sort((a, b) =>
    a.rowId < b.rowId ? -1 : a.rowId > b.rowId ? 1 : a.itemId < b.itemId ? -1 : 1,
  );
}

/** Page `page` (0 to SWEEP_SEGMENTS - 1) of the on-demand listing. */
export async function listCrossCustomer(
  store: LedgerStore,
  tenantId: string,
  page: number,
): Promise<CrossCustomerPage> {
  const rows = await crossCustomerInSegment(store, tenantId, page);
  return {
    rows,
    page,
    pages: SWEEP_SEGMENTS,
    ...(page + 1 < SWEEP_SEGMENTS ? { next: page + 1 } : {}),
  };
}

/**
 * The daily run's sweep: reads the segment the office's cursor names, puts each finding in the review
 * queue once (rule `integrity/cross-customer`, keyed by the row: a finding already queued, by an earlier
 * sweep or a recompute, is not queued again) and moves the cursor on, so every row is read within
 * SWEEP_SEGMENTS days. Then it stops: rows stored since the rules across tabs cannot name another
 * customer's item (every door refuses them), so one pass finds every row stored before them, and the
 * daily cost does not stay proportional to the table. Money is never moved. A second run on the same
 * day reads nothing. Never throws: a failure is logged and the cursor stays, so the next day reads the
 * same segment.
 */
export async function sweepCrossCustomer(
  store: LedgerStore,
  tenantId: string,
  asOf: string,
): Promise<{ segment: number; found: number; queued: number } | undefined> {
  try {
    const cursor = await sweepCursor(store.handle(), tenantId);
    if (cursor.lastOn === asOf || cursor.completedOn !== undefined) return undefined;
    const found = await crossCustomerInSegment(store, tenantId, cursor.next);
    const queued = await recordCrossCustomer(store, tenantId, found, asOf);
    const last = cursor.next + 1 === SWEEP_SEGMENTS;
    await saveSweepCursor(store.handle(), tenantId, {
      next: (cursor.next + 1) % SWEEP_SEGMENTS,
      lastOn: asOf,
      ...(last ? { completedOn: asOf } : {}),
    });
    log('info', 'cross-customer sweep', { tenantId, segment: cursor.next, found: found.length, queued });
    return { segment: cursor.next, found: found.length, queued };
  } catch (e) {
    log('warn', 'cross-customer sweep failed', { tenantId, error: String(e) });
    return undefined;
  }
}
