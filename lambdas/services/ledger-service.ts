// Sync and recompute: validates incoming rows with core's schema, stores only what changed, and
// marks the customers those rows touch; their account snapshots are recomputed once, by the next
// daily run (or on the spot for a status pull), however many syncs touched them in between.
import { createHash } from 'node:crypto';
import type { AccountSnapshot } from '../../core/collections/account-snapshot.js';
import { SCHEMA, type TabDef, type TabName } from '../../core/ledger/schema.js';
import { matchHeaders, type ParseOptions, type ValidationProblem } from '../../core/ledger/schema-cells.js';
import {
  ledgerFromFields,
  parseTabColumns,
  parseTabRows,
  type RowFields,
} from '../../core/ledger/schema-rows.js';
import { TAB_REFERENCES } from '../../core/ledger/sync-order.js';
import { ApiError } from '../api/errors.js';
import { log } from '../shared/log.js';
import type { LedgerStore, StoredRow } from '../store/ledger-store.js';
import { backoff } from '../store/retry-wait.js';
import { SyncWriteError, VersionConflictError } from '../store/store-errors.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import {
  AccountRecompute,
  type FlushResult,
  inPool,
  MAX_VERSION_RETRIES,
  RECOMPUTE_CONCURRENCY,
  type StoredSnapshot,
  snapshotFromRows,
} from './account-recompute.js';
import { ActivityLog, countStoredRows, officeToday } from './activity-log.js';
import { APPLIED_BY, type AppliedRowError, appliedRowsGuard, itemsNamed } from './applied-rows.js';
import { type RowWarning, refusedChargeWarnings } from './charge-warnings.js';
import { collectionStatus, markSuppressed } from './collection-status.js';
import { customerRowsGuard, storeRefusals } from './customer-rows-guard.js';
import { postingView } from './posting-refs.js';
import { checkAlsoDeleted, checkDeleted, chunkColumns } from './sync-chunk.js';

export {
  type FlushResult,
  PENDING_SETTLE_MS,
  type StoredSnapshot,
  snapshotFromRows,
} from './account-recompute.js';

/**
 * The largest row a sync or posting stores (UTF-8 JSON of its cells): below DynamoDB's 400 KB item
 * limit with room for keys and the row's attributes, so a row is refused on its own, never
 * half-way through a chunk.
 */
export const MAX_ROW_BYTES = 300 * 1024;

/** A row posted from the sidebar or the API: its idempotency key and its cells by header. */
export interface PostInput {
  idempotencyKey: string;
  row: Record<string, unknown>;
}

/** The answer to a posting: 201 the first time, 200 when the key replays it. */
export interface PostOutcome {
  status: 200 | 201;
  body: Record<string, unknown>;
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
  /**
   * Ids of rows of other tabs the same sync deletes, by tab, that apply to this tab's items (a
   * payment deleted with its invoice): an item whose applied rows all go is deleted with them, in one
   * transaction, instead of being refused until a second sync.
   */
  alsoDeleted?: Partial<Record<string, string[]>>;
}

export interface RowError {
  /** Sheet row; 0 for an entry of `deleted` (see `field`). */
  row: number;
  id?: string;
  /** `deleted[i]` when the error is about a deletion. */
  field?: string;
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
  /** Rows stored but flagged: a late fee or interest row no balance charges (`CHARGE.REFUSED`, rule and citation). */
  warnings: RowWarning[];
  /** Snapshots rewritten by this call (0 for a sync: they are deferred, see `accountsPending`). */
  accountsRecomputed: number;
  /** Customers marked for recompute by the next daily run (status pulls compute them on the spot). */
  accountsPending: number;
  /** Rows of other tabs deleted with an item they applied to (the chunk's `alsoDeleted`). */
  alsoDeleted?: { tab: TabName; id: string }[];
}

export { officeToday };

export class LedgerService {
  constructor(private readonly store: LedgerStore) {}

  /**
   * Validates and stores one chunk. Bad rows come back as errors naming row and column; every good
   * row is stored. Rows naming a customer the tenant does not have, or another customer's invoice,
   * are rejected, not stored. A chunk whose shape is wrong (a required column missing, `deleted`
   * naming a row twice or a row the chunk also sends) is refused whole, before anything is written.
   */
  async sync(
    tenantId: string,
    chunk: SyncChunk,
    now: Date,
    _timeZone?: string,
    options: ParseOptions = {},
  ): Promise<SyncResult> {
    const def = SCHEMA.find((t) => t.name === chunk.tab);
    if (!def) throw new ApiError('SYNC.TAB_UNKNOWN', `unknown tab "${chunk.tab}"`);
    // Read where it lies, one column array per header column: no array per row.
    const cells = chunkColumns(chunk);
    const parsed = parseTabColumns(chunk.tab, cells, options, { rowNumbers: chunk.rowNumbers });
    const missing = parsed.problems.filter((p) => p.code === 'SCHEMA.COLUMN_MISSING');
    if (missing.length > 0) {
      throw new ApiError(
        'SYNC.HEADER',
        `chunk refused, nothing stored or deleted: ${missing.map((p) => p.message).join('; ')}`,
        missing.map((p) => ({ field: 'header', column: p.column, message: p.message })),
      );
    }
    checkDeleted(def, cells, chunk);
    const alsoDeleted = checkAlsoDeleted(chunk);
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
    // A row DynamoDB could not hold is that row's error, found before anything is written.
    good = good.filter((r) => {
      const problem = rowSizeProblem(def, r);
      if (problem) errors.push({ ...problem, id: r[def.idKey] as string });
      return problem === undefined;
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
    const foreign = await this.crossTabProblems(tenantId, chunk.tab, good);
    good = good.filter((r) => {
      const problem = foreign.get(r);
      if (problem) errors.push({ ...problem, id: r[def.idKey] as string });
      return problem === undefined;
    });
    // An invoice or charge moved or deleted from under a stored payment or adjustment stays as stored.
    const applied: AppliedRowError[] = [];
    // A customer deleted while rows of other tabs name it stays as stored too.
    const keep =
      chunk.tab === 'Customers'
        ? customerRowsGuard(this.store, tenantId, chunk.deleted ?? [], applied, alsoDeleted)
        : appliedRowsGuard(this.store, tenantId, chunk.tab, chunk.deleted ?? [], applied, alsoDeleted);

    let stored: Awaited<ReturnType<LedgerStore['syncRows']>>;
    try {
      stored = await this.store.syncRows(
        tenantId,
        chunk.tab,
        def.idKey,
        good,
        chunk.deleted ?? [],
        now.toISOString(),
        {
          markPending: true,
          ...(keep ? { keep } : {}),
          ...(NAMING_TABS.has(chunk.tab) ? { refsOf: (f: RowFields) => itemsNamed(chunk.tab, f) } : {}),
        },
      );
    } catch (e) {
      if (!(e instanceof SyncWriteError)) throw e;
      log('error', 'sync stopped part-way', { tenantId, tab: chunk.tab, error: String(e.cause) });
      throw new ApiError(
        'SYNC.PARTIAL',
        `the database stopped answering part-way: ${e.stored.length} row(s) stored, ${e.deleted.length} deleted, ` +
          `${e.notStored.length} not stored (or not known to be); send the chunk again: stored rows are not rewritten`,
        { stored: e.stored, deleted: e.deleted, notStored: e.notStored },
        { cause: e },
      );
    }
    errors.push(...applied);
    // Rows the store did not keep: an item they name, or their customer, went while this sync ran.
    const refusals = storeRefusals(
      chunk.tab,
      stored,
      new Map(good.map((r) => [r[def.idKey] as string, r.row])),
    );
    errors.push(...refusals);
    errors.sort((a, b) => a.row - b.row);
    const notStored = new Set([...applied.map((e) => e.id), ...refusals.map((e) => e.id)]);
    const warnings =
      chunk.tab === 'Adjustments'
        ? await refusedChargeWarnings(
            this.store,
            tenantId,
            good.filter((r) => !notStored.has(r[def.idKey] as string)),
          )
        : [];
    return {
      tab: chunk.tab,
      received: chunk.rowNumbers.length,
      written: stored.written.length,
      unchanged: stored.unchanged.length,
      deleted: stored.deleted.length,
      rejected:
        chunk.rowNumbers.length - good.length + applied.filter((e) => e.row > 0).length + refusals.length,
      errors,
      warnings,
      accountsRecomputed: 0,
      accountsPending: stored.affectedCustomers.size,
      ...(stored.alsoDeleted
        ? { alsoDeleted: stored.alsoDeleted.map((d) => ({ tab: d.tab, id: d.rowId })) }
        : {}),
    };
  }

  /**
   * Core's cross-tab rules (`ledgerFromFields`) for a chunk's rows that name rows of other tabs (a
   * payment's invoices and charges, an adjustment's invoice), against those rows as stored now:
   * SYNC_ORDER syncs every referenced tab first, so this holds what the same sync stored before and
   * lacks what it refused or deleted. A row naming an item that is missing, another customer's or in
   * another currency is that row's error.
   */
  private async crossTabProblems(
    tenantId: string,
    tab: TabName,
    rows: readonly RowFields[],
  ): Promise<Map<RowFields, Omit<RowError, 'id'>>> {
    const out = new Map<RowFields, Omit<RowError, 'id'>>();
    const references = TAB_REFERENCES.filter((r) => r.from === tab && r.column !== 'Customer ID');
    if (references.length === 0 || rows.length === 0) return out;
    const def = SCHEMA.find((t) => t.name === tab)!;
    const keyOf = (column: string) => def.columns.find((c) => c.header === column)!.key;
    const named = (r: RowFields) =>
      references.flatMap((ref) => {
        const v = r[keyOf(ref.column)];
        return v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string];
      });
    const ids = [...new Set(rows.flatMap(named))];
    if (ids.length === 0) return out;
    // The referents as stored, and what they in turn name (a charge's invoice), so core keeps them.
    const targets = [...new Set(references.flatMap((r) => r.to))];
    const referents: Partial<Record<TabName, RowFields[]>> = {};
    const asFields = (r: StoredRow): RowFields => ({ ...r.fields, row: 0 });
    for (const to of targets) referents[to] = (await this.store.getRows(tenantId, to, ids)).map(asFields);
    const fetched = new Set((referents.Invoices ?? []).map((i) => i.invoiceId as string));
    const chargeInvoices = (referents.Adjustments ?? [])
      .map((c) => c.invoiceId as string | undefined)
      .filter((id): id is string => id !== undefined && !fetched.has(id));
    if (chargeInvoices.length > 0)
      referents.Invoices = [
        ...(referents.Invoices ?? []),
        ...(await this.store.getRows(tenantId, 'Invoices', chargeInvoices)).map(asFields),
      ];
    // Core needs only the customers' ids to know them: every row here names a stored customer.
    const customerIds = new Set<string>(rows.map((r) => r.customerId as string));
    for (const list of Object.values(referents))
      for (const r of list) customerIds.add(r.customerId as string);
    const ledger: Partial<Record<TabName, RowFields[]>> = {
      ...referents,
      Customers: [...customerIds].map((customerId) => ({ row: 0, customerId, name: customerId })),
      [tab]: [...rows],
    };
    const byRow = new Map(rows.map((r) => [r.row, r]));
    for (const p of ledgerFromFields(ledger).problems) {
      const r = p.tab === tab ? byRow.get(p.row) : undefined;
      if (r && !out.has(r)) out.set(r, { row: p.row, column: p.column, code: p.code, message: p.message });
    }
    return out;
  }

  /**
   * Posts one row (a payment, promise, plan or note from the sidebar or the API) after core's cell,
   * row and cross-tab rules, against the customer's stored rows: a refused row is a 400 naming its
   * field, and nothing is stored. The row, the idempotency record and the recomputed snapshot are
   * written in one transaction guarded by the account's version, redone from fresh rows when a
   * concurrent posting moved it; the customer is also marked for recompute (the daily run and
   * status pulls recompute from rows, whatever raced). The same key with a different body is 422.
   */
  async post(
    tenantId: string,
    tab: TabName,
    input: PostInput,
    now: Date,
    timeZone: string,
    options: ParseOptions = {},
  ): Promise<PostOutcome> {
    const def = SCHEMA.find((t) => t.name === tab)!;
    const fields = parsePosted(def, input.row, options);
    const customerId = fields.customerId as string;
    const rowId = fields[def.idKey] as string;
    const bodyHash = requestHash(tab, input.row);
    const asOf = officeToday(now, timeZone);
    const newRow: StoredRow = { tab, rowId, customerId, hash: '', fields };
    let marked = false;
    for (let attempt = 0; ; attempt++) {
      // The account's version and recent references first, then its rows (posting-refs.ts).
      const view = await postingView(this.store, tenantId, tab, newRow, now.getTime());
      const { expectedVersion, rows } = view;
      if (!rows.some((r) => r.tab === 'Customers')) {
        throw new ApiError(
          'SCHEMA.CUSTOMER_UNKNOWN',
          `Customer ID: no customer "${customerId}" has been synced`,
          [
            {
              field: 'row.Customer ID',
              column: 'Customer ID',
              message: `no customer "${customerId}" has been synced`,
            },
          ],
        );
      }
      crossTabCheck(tab, fields, rows);
      const snapshot = snapshotFromRows([...rows, newRow], customerId, asOf)!;
      const account = snapshot.accounts.map((a) => ({ currency: a.currency, balanceMinor: a.balanceMinor }));
      // The marker goes first, once the row passed every rule: whatever happens to the write below,
      // the customer is recomputed from rows by status pulls and the next daily run.
      if (!marked) await this.store.markPending(tenantId, [customerId], now.toISOString());
      marked = true;
      try {
        const outcome = await this.store.postRowOnce(
          tenantId,
          newRow,
          snapshot as unknown as Record<string, unknown>,
          snapshot.open,
          input.idempotencyKey,
          { tab, rowId, customerId, account },
          now.toISOString(),
          { expectedVersion, bodyHash, refs: view.refs, gone: view.gone },
        );
        if (outcome.replayed && outcome.bodyHash && outcome.bodyHash !== bodyHash) {
          throw new ApiError(
            'REQUEST.IDEMPOTENCY_MISMATCH',
            `idempotencyKey "${input.idempotencyKey}" was already used for a different ${tab} row; ` +
              'use a new key for a new request (the first one was kept, this one was not stored)',
            [{ field: 'idempotencyKey', message: 'already used with a different body' }],
          );
        }
        // A new row counts towards the office's rows quota whoever wrote it (the sidebar, the API,
        // a Stripe payment, the debtor's page); a replay adds nothing.
        if (!outcome.replayed) await this.countRows(tenantId, 1);
        return {
          status: outcome.replayed ? 200 : 201,
          body: { ...outcome.result, replayed: outcome.replayed },
        };
      } catch (e) {
        if ((e as { code?: string }).code === 'REQUEST.CONFLICT')
          throw new ApiError('REQUEST.CONFLICT', (e as Error).message, [
            {
              field: `row.${def.columns.find((c) => c.key === def.idKey)!.header}`,
              message: 'already exists',
            },
          ]);
        if (!(e instanceof VersionConflictError)) throw e;
        if (attempt >= MAX_VERSION_RETRIES)
          throw new ApiError(
            'REQUEST.BUSY',
            `the account of ${customerId} is busy; send the same request again`,
            undefined,
            {
              cause: e,
            },
          );
        await backoff(attempt);
      }
    }
  }

  /** Stores one Activity row written by Duebook itself (a sent email) and refreshes the account. */
  /** Logs a contact on the customer's Activity tab and recomputes the account (activity-log.ts). */
  logActivity(
    tenantId: string,
    activity: Record<string, unknown> & { activityId: string; customerId: string },
    at: Date,
    timeZone: string,
  ) {
    return new ActivityLog(this.store).logActivity(tenantId, activity, at, timeZone);
  }

  private countRows(tenantId: string, n: number): Promise<void> {
    return countStoredRows(this.store, tenantId, n);
  }

  /** Recomputes the snapshots of the given customers from their stored rows. */
  recompute(tenantId: string, customerIds: Iterable<string>, asOf: string): Promise<number> {
    return new AccountRecompute(this.store).recompute(tenantId, customerIds, asOf);
  }

  /** Recomputes every customer a sync marked, once each (`AccountRecompute.flushPending`). */
  flushPending(
    tenantId: string,
    asOf: string,
    now: Date,
    options: { settledOnly?: boolean } = {},
  ): Promise<FlushResult> {
    return new AccountRecompute(this.store).flushPending(tenantId, asOf, now, options);
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

/**
 * A posted row's cells by header, through core's schema: every header must name a column of the
 * tab, every cell pass its column's rule and the row its tab's rules. Throws a 400 naming each field.
 */
function parsePosted(def: TabDef, row: Record<string, unknown>, options: ParseOptions): RowFields {
  const header = Object.keys(row);
  const index = matchHeaders(def, header);
  const used = new Set(index.values());
  const unknown = header.filter((_, i) => !used.has(i));
  if (unknown.length > 0) {
    const details = unknown.map((h) => ({
      field: `row.${h}`,
      message: `is not a column of the ${def.name} tab`,
    }));
    throw new ApiError(
      'SCHEMA.ROW_INVALID',
      details.map((d) => `${d.field}: ${d.message}`).join('; '),
      details,
    );
  }
  const parsed = parseTabRows(def.name, [header, header.map((h) => row[h])], 1, undefined, options);
  if (parsed.problems.length > 0 || parsed.records.length === 0) {
    const problems =
      parsed.problems.length > 0
        ? parsed.problems
        : [{ column: '(row)', message: 'is empty', code: 'SCHEMA.REQUIRED' } as ValidationProblem];
    throw new ApiError(
      'SCHEMA.ROW_INVALID',
      problems.map((p) => `${p.column}: ${p.message}`).join('; '),
      problems.map((p) => ({ field: `row.${p.column}`, column: p.column, code: p.code, message: p.message })),
    );
  }
  const fields = parsed.records[0]!;
  const tooLarge = rowSizeProblem(def, fields);
  if (tooLarge)
    throw new ApiError('SCHEMA.ROW_INVALID', `${tooLarge.column}: ${tooLarge.message}`, [
      { field: `row.${tooLarge.column}`, column: tooLarge.column, message: tooLarge.message },
    ]);
  return fields;
}

/** Core's rules across rows and tabs for one posted row, against the customer's stored rows. */
function crossTabCheck(tab: TabName, fields: RowFields, rows: readonly StoredRow[]): void {
  const CHECKED = -1;
  const byTab = groupByTab(rows);
  byTab[tab] = [...(byTab[tab] ?? []), { ...fields, row: CHECKED }];
  const problems = ledgerFromFields(byTab).problems.filter((p) => p.tab === tab && p.row === CHECKED);
  if (problems.length > 0) {
    throw new ApiError(
      'SCHEMA.ROW_INVALID',
      problems.map((p) => `${p.column}: ${p.message}`).join('; '),
      problems.map((p) => ({ field: `row.${p.column}`, column: p.column, code: p.code, message: p.message })),
    );
  }
}

/** A row whose cells together are too large to store, as that row's error naming its largest cell. */
function rowSizeProblem(def: TabDef, r: RowFields): Omit<RowError, 'id'> | undefined {
  const bytes = Buffer.byteLength(JSON.stringify(r));
  if (bytes <= MAX_ROW_BYTES) return undefined;
  const largest = Object.entries(r).reduce(
    (best, [k, v]) => {
      const size = Buffer.byteLength(JSON.stringify(v) ?? '');
      return size > best.size ? { key: k, size } : best;
    },
    { key: '', size: -1 },
  );
  return {
    row: r.row,
    column: def.columns.find((c) => c.key === largest.key)?.header ?? '(row)',
    code: 'SYNC.ROW_TOO_LARGE',
    message: `the row is ${bytes} bytes; a row holds at most ${MAX_ROW_BYTES} (shorten this cell)`,
  };
}

/** The tabs whose rows name other rows (a payment's `Applies To`): their synced rows record references. */
const NAMING_TABS: ReadonlySet<TabName> = new Set(
  [...APPLIED_BY.values()].flatMap((by) => by.map((b) => b.tab)),
);

/** The body a posting's idempotency key stands for: same tab and same cells, in any key order. */
function requestHash(tab: TabName, row: Record<string, unknown>): string {
  const canonical = JSON.stringify([
    tab,
    Object.keys(row)
      .sort()
      .map((k) => [k, row[k]]),
  ]);
  return createHash('sha256').update(canonical).digest('base64url');
}

function toRowError(p: ValidationProblem): RowError {
  return { row: p.row, column: p.column, code: p.code, message: p.message };
}
