// Sync and recompute: validates incoming rows with core's schema, stores only what changed, and
// refreshes the account snapshots of the customers those rows touch.
import {
  type AccountSnapshot,
  accountStatus,
  snapshotAccount,
  snapshotBookDate,
} from '../../core/account-snapshot.js';
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
import type { LedgerStore, StoredRow } from '../store/ledger-store.js';

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
  accountsRecomputed: number;
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
  async sync(tenantId: string, chunk: SyncChunk, now: Date, timeZone: string): Promise<SyncResult> {
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
    );
    const asOf = officeToday(now, timeZone);
    const recomputed = await this.recompute(tenantId, stored.affectedCustomers, asOf);
    errors.sort((a, b) => a.row - b.row);
    return {
      tab: chunk.tab,
      received: chunk.rowNumbers.length,
      written: stored.written.length,
      unchanged: stored.unchanged.length,
      deleted: stored.deleted.length,
      rejected: chunk.rowNumbers.length - good.length,
      errors,
      accountsRecomputed: recomputed,
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
    for (const customerId of customerIds) {
      const rows = await this.store.customerRows(tenantId, customerId);
      const snapshot = snapshotFromRows(rows, customerId, asOf);
      if (snapshot) {
        await this.store.putAccount(
          tenantId,
          customerId,
          snapshot as unknown as Record<string, unknown>,
          snapshot.open,
        );
        n++;
      }
    }
    return n;
  }

  /** Computed columns for the sheet, per customer. */
  async status(tenantId: string, customerIds: readonly string[], asOf: string) {
    const snapshots = (await this.store.accounts(tenantId, customerIds)) as unknown as AccountSnapshot[];
    return snapshots.map((s) => ({ ...accountStatus(s, asOf), flags: s.customer.flags.join(', ') }));
  }
}

/** Builds one customer's snapshot from stored rows (their whole item collection). */
export function snapshotFromRows(
  rows: readonly StoredRow[],
  customerId: string,
  asOf: string,
): AccountSnapshot | undefined {
  const byTab: Partial<Record<TabName, RowFields[]>> = {};
  for (const r of rows) {
    const list = byTab[r.tab] ?? [];
    list.push(r.fields);
    byTab[r.tab] = list;
  }
  const { ledger } = ledgerFromFields(byTab);
  const book = buildBook(ledger, snapshotBookDate(ledger, asOf));
  return snapshotAccount(ledger, book, customerId, asOf);
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
