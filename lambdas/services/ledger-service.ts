// Sync and recompute: validates incoming rows with core's schema, stores only what changed, and
// marks the customers those rows touch; their account snapshots are recomputed once, by the next
// daily run (or on the spot for a status pull), however many syncs touched them in between.
import { type AccountSnapshot, snapshotAccount, snapshotBookDate } from '../../core/account-snapshot.js';
import { buildBook } from '../../core/book.js';
import { localTime } from '../../core/dates.js';
import {
  ledgerFromFields,
  parseTabRows,
  type RowFields,
  SCHEMA,
  type TabName,
  type ValidationProblem,
} from '../../core/schema.js';
import { ApiError } from '../api/errors.js';
import { log } from '../shared/log.js';
import type { LedgerStore, StoredRow, TenantSettings } from '../store/ledger-store.js';
import { patchCells } from '../store/row-patch.js';
import { collectionStatus, markSuppressed } from './collection-status.js';

/**
 * How old a pending marker must be before a recompute may clear it: older than any sync still
 * writing its rows (the API times out at 29 s) and than the byCustomer index's propagation delay.
 * A younger marker stays and its customers are recomputed once more next time.
 */
export const PENDING_SETTLE_MS = 2 * 60_000;

/** Customers recomputed at once by a flush. */
const RECOMPUTE_CONCURRENCY = 8;

export interface FlushResult {
  /** Customers whose snapshots were rewritten. */
  recomputed: number;
  /** Markers cleared (settled); younger ones stay for the next flush. */
  cleared: number;
  /** Customers that could not be recomputed (their markers stay); see the log. */
  failed: string[];
  /** Why each failed customer could not be recomputed. */
  errors: Record<string, string>;
}

/** A column-oriented chunk of one tab: `columns[c][r]` is row r's value under `header[c]`. */
export interface SyncChunk {
  tab: TabName;
  header: string[];
  columns: unknown[][];
  /** Sheet row number of each row, for error messages. */
  rowNumbers: number[];
  /** Ids of rows deleted from the sheet since the last sync. */
  deleted?: string[];
}

export interface RowError {
  row: number;
  id?: string;
  column: string;
  code: string;
  message: string;
}

export interface SyncResult {
  tab: TabName;
  received: number;
  written: number;
  unchanged: number;
  deleted: number;
  rejected: number;
  errors: RowError[];
  /** Snapshots rewritten by this call (0 for a sync: they are deferred, see `accountsPending`). */
  accountsRecomputed: number;
  /** Customers marked for recompute by the next daily run (status pulls compute them on the spot). */
  accountsPending: number;
}

/** Today's date on the office's wall clock. */
export function officeToday(now: Date, timeZone: string): string {
  return localTime(now.getTime(), timeZone).date;
}

/** Turns a column-oriented chunk back into the header + rows shape core's schema validates. */
export function chunkRows(chunk: SyncChunk): unknown[][] {
  const n = chunk.rowNumbers.length;
  if (chunk.columns.length !== chunk.header.length) {
    throw new ApiError(
      'SYNC.SHAPE',
      `header has ${chunk.header.length} columns but ${chunk.columns.length} column arrays were sent`,
    );
  }
  chunk.columns.forEach((col, c) => {
    if (col.length !== n) {
      throw new ApiError('SYNC.SHAPE', `column "${chunk.header[c]}" has ${col.length} values for ${n} rows`);
    }
  });
  const rows: unknown[][] = [chunk.header];
  for (let r = 0; r < n; r++) rows.push(chunk.columns.map((col) => col[r]));
  return rows;
}

export class LedgerService {
  constructor(private readonly store: LedgerStore) {}

  /**
   * Validates and stores one chunk. Bad rows come back as errors naming row and column; every good
   * row is stored. Rows naming a customer the tenant does not have are rejected, not stored.
   */
  async sync(tenantId: string, chunk: SyncChunk, now: Date, _timeZone?: string): Promise<SyncResult> {
    const def = SCHEMA.find((t) => t.name === chunk.tab);
    if (!def) throw new ApiError('SYNC.TAB_UNKNOWN', `unknown tab "${chunk.tab}"`);
    const rows = chunkRows(chunk);
    const parsed = parseTabRows(chunk.tab, rows, 1, chunk.rowNumbers);
    const errors: RowError[] = parsed.problems.map((p) => toRowError(p));
    let good = parsed.records;
    // Ids must be unique within the chunk; a second row with the same id is an error, not an overwrite.
    const seen = new Map<string, number>();
    good = good.filter((r) => {
      const id = r[def.idKey] as string;
      const first = seen.get(id);
      if (first !== undefined) {
        errors.push({
          row: r.row,
          id,
          column: def.columns.find((c) => c.key === def.idKey)!.header,
          code: 'SCHEMA.ID_DUPLICATE',
          message: `"${id}" is already used on row ${first}`,
        });
        return false;
      }
      seen.set(id, r.row);
      return true;
    });
    if (chunk.tab !== 'Customers') {
      const known = await this.store.existingRowIds(tenantId, 'Customers', [
        ...new Set(good.map((r) => r.customerId as string)),
      ]);
      good = good.filter((r) => {
        if (known.has(r.customerId as string)) return true;
        errors.push({
          row: r.row,
          id: r[def.idKey] as string,
          column: 'Customer ID',
          code: 'SCHEMA.CUSTOMER_UNKNOWN',
          message: `no customer "${String(r.customerId)}" has been synced from the Customers tab`,
        });
        return false;
      });
    }
    const stored = await this.store.syncRows(
      tenantId,
      chunk.tab,
      def.idKey,
      good,
      chunk.deleted ?? [],
      now.toISOString(),
      { markPending: true },
    );
    errors.sort((a, b) => a.row - b.row);
    return {
      tab: chunk.tab,
      received: chunk.rowNumbers.length,
      written: stored.written.length,
      unchanged: stored.unchanged.length,
      deleted: stored.deleted.length,
      rejected: chunk.rowNumbers.length - good.length,
      errors,
      accountsRecomputed: 0,
      accountsPending: stored.affectedCustomers.size,
    };
  }

  /** Stores one Activity row written by Duebook itself (a sent email) and refreshes the account. */
  async logActivity(
    tenantId: string,
    activity: Record<string, unknown> & { activityId: string; customerId: string },
    at: Date,
    timeZone: string,
  ) {
    const fields = { row: 0, ...activity } as RowFields;
    const stored = await this.store.syncRows(
      tenantId,
      'Activity',
      'activityId',
      [fields],
      [],
      at.toISOString(),
    );
    await this.recompute(tenantId, stored.affectedCustomers, officeToday(at, timeZone));
  }

  /** Recomputes the snapshots of the given customers from their stored rows. */
  async recompute(tenantId: string, customerIds: Iterable<string>, asOf: string): Promise<number> {
    let n = 0;
    for (const customerId of customerIds) if (await this.recomputeOne(tenantId, customerId, asOf)) n++;
    return n;
  }

  private async recomputeOne(tenantId: string, customerId: string, asOf: string): Promise<boolean> {
    const rows = await this.store.customerRows(tenantId, customerId);
    const snapshot = snapshotFromRows(rows, customerId, asOf);
    if (!snapshot) {
      // The customer row is gone (deleted from the ledger): so is the account, open index included.
      await this.store.deleteAccount(tenantId, customerId);
      return false;
    }
    await this.store.putAccount(
      tenantId,
      customerId,
      snapshot as unknown as Record<string, unknown>,
      snapshot.open,
    );
    return true;
  }

  /**
   * Recomputes every customer a sync marked, once each, and clears the markers old enough to be
   * settled. The daily run calls this before it reads the open index. A customer whose snapshot
   * cannot be written (too large) is logged and skipped; its marker stays.
   */
  async flushPending(tenantId: string, asOf: string, now: Date): Promise<FlushResult> {
    const markers = await this.store.pendingMarkers(tenantId);
    const customers = [...new Set(markers.flatMap((m) => m.customers))];
    const failed = new Set<string>();
    const errors: Record<string, string> = {};
    let recomputed = 0;
    await inPool(customers, RECOMPUTE_CONCURRENCY, async (customerId) => {
      try {
        if (await this.recomputeOne(tenantId, customerId, asOf)) recomputed++;
      } catch (e) {
        failed.add(customerId);
        errors[customerId] = e instanceof Error ? e.message : String(e);
        log('error', 'recompute failed', { tenantId, customerId, error: String(e) });
      }
    });
    const settledBefore = now.getTime() - PENDING_SETTLE_MS;
    const clear = markers
      .filter((m) => Date.parse(m.createdAt) <= settledBefore && !m.customers.some((c) => failed.has(c)))
      .map((m) => m.sk);
    await this.store.clearPending(tenantId, clear);
    return { recomputed, cleared: clear.length, failed: [...failed], errors };
  }

  /**
   * One customer's snapshot as it stands: computed from the rows (not written) while a sync has the
   * customer marked, else the stored one. For a reader that must not see a stale account (the sender).
   */
  async currentAccount(
    tenantId: string,
    customerId: string,
    asOf: string,
  ): Promise<AccountSnapshot | undefined> {
    const markers = await this.store.pendingMarkers(tenantId);
    if (markers.some((m) => m.customers.includes(customerId)))
      return snapshotFromRows(await this.store.customerRows(tenantId, customerId), customerId, asOf);
    return (await this.store.getAccount(tenantId, customerId)) as unknown as AccountSnapshot | undefined;
  }

  /**
   * Computed columns for the sheet, per customer: balance, bucket, last contact, flags, the stage
   * done this cycle, the next action and why (one `planCollections` over every requested account,
   * with the office's settings, as the daily run plans), and the open items. Customers a sync
   * marked since the last daily run are computed from their rows on the spot (not written back:
   * the daily run does that once). `writeBack` lists Customers cells the backend changed (a
   * placement approved in the review queue) that the sheet does not show yet.
   */
  async status(tenantId: string, customerIds: readonly string[], settings: TenantSettings, now: Date) {
    const asOf = officeToday(now, settings.timeZone);
    const wanted = new Set(customerIds);
    const pending = new Set(
      (await this.store.pendingMarkers(tenantId)).flatMap((m) => m.customers.filter((c) => wanted.has(c))),
    );
    const stored = (await this.store.accounts(
      tenantId,
      customerIds.filter((c) => !pending.has(c)),
    )) as unknown as StoredSnapshot[];
    const fresh: StoredSnapshot[] = [];
    await inPool([...pending], RECOMPUTE_CONCURRENCY, async (customerId) => {
      const rows = await this.store.customerRows(tenantId, customerId);
      const snapshot = snapshotFromRows(rows, customerId, asOf);
      if (snapshot) fresh.push(snapshot);
    });
    const snapshots = [...stored, ...fresh];
    const emails = snapshots.map((s) => s.customer.email).filter((e): e is string => !!e);
    markSuppressed(snapshots, await this.store.suppressedEmails(tenantId, emails));
    const writeBack = new Map(
      snapshots.flatMap((s) => (s.writeBack ? [[s.customerId, s.writeBack] as const] : [])),
    );
    return collectionStatus(snapshots, settings, asOf, now).map((s) => {
      const cells = writeBack.get(s.customerId);
      return cells ? { ...s, writeBack: cells } : s;
    });
  }
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function inPool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * An account snapshot as stored: core's snapshot plus, while the backend has changed the customer's
 * row and the sheet does not show it yet, the cells the add-on should write (`writeBack`).
 */
export type StoredSnapshot = AccountSnapshot & { writeBack?: Record<string, string> };

/** Builds one customer's snapshot from stored rows (their whole item collection). */
export function snapshotFromRows(
  rows: readonly StoredRow[],
  customerId: string,
  asOf: string,
): StoredSnapshot | undefined {
  const byTab: Partial<Record<TabName, RowFields[]>> = {};
  for (const r of rows) {
    const list = byTab[r.tab] ?? [];
    list.push(r.fields);
    byTab[r.tab] = list;
  }
  const { ledger } = ledgerFromFields(byTab);
  const book = buildBook(ledger, snapshotBookDate(ledger, asOf));
  const snapshot: StoredSnapshot | undefined = snapshotAccount(ledger, book, customerId, asOf);
  const patched = rows.find((r) => r.tab === 'Customers' && r.rowId === customerId && r.patch);
  if (snapshot && patched) snapshot.writeBack = patchCells(patched.fields, patched.patch!);
  return snapshot;
}

/** Stored rows grouped by tab, the shape `ledgerFromFields` takes. */
export function groupByTab(rows: readonly StoredRow[]): Partial<Record<TabName, RowFields[]>> {
  const byTab: Partial<Record<TabName, RowFields[]>> = {};
  for (const r of rows) {
    const list = byTab[r.tab] ?? [];
    list.push(r.fields);
    byTab[r.tab] = list;
  }
  return byTab;
}

function toRowError(p: ValidationProblem): RowError {
  return { row: p.row, column: p.column, code: p.code, message: p.message };
}
