// Account snapshots from stored rows: one customer's (postings, status pulls) and every customer a
// sync marked (the daily run's flush), each write guarded by the account's version.
import {
  type AccountSnapshot,
  snapshotAccount,
  snapshotBookDate,
} from '../../core/collections/account-snapshot.js';
import { withoutRefusedCharges } from '../../core/compliance/charge-refusals.js';
import { buildBook } from '../../core/ledger/book.js';
import type { TabName } from '../../core/ledger/schema.js';
import { ledgerFromFields, type RowFields } from '../../core/ledger/schema-rows.js';
import { log } from '../shared/log.js';
import type { AccountWrite } from '../store/account-writes.js';
import type { LedgerStore, StoredRow } from '../store/ledger-store.js';
import type { AccountGuard } from '../store/recent-refs.js';
import { backoff } from '../store/retry-wait.js';
import { patchCells } from '../store/row-patch.js';
import type { TransactOutcome } from '../store/store-base.js';
import { VersionConflictError } from '../store/store-errors.js';
import { reviewCrossCustomer } from './cross-customer-check.js';
import { type Settled, settledEntries } from './ref-settling.js';

/**
 * How old a pending marker must be before a recompute may clear it: older than any sync still
 * writing its rows (the API times out at 29 s) and than the byCustomer index's propagation delay.
 * A younger marker stays and its customers are recomputed once more next time.
 */
export const PENDING_SETTLE_MS = 2 * 60_000;

/** Customers whose rows a flush reads at once. */
export const RECOMPUTE_CONCURRENCY = 8;

/**
 * Customers a flush computes before writing their snapshots together (one transaction of up to 100
 * writes): bounds what a flush holds in memory, whatever the office's size.
 */
const FLUSH_WINDOW = 100;

/**
 * Times a guarded account write is redone when another writer moved the account's version first.
 * Each try re-reads the rows; with jittered waits, dozens of simultaneous postings to one account
 * all land well within this.
 */
export const MAX_VERSION_RETRIES = 40;

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

/** Runs `fn` over `items` with at most `limit` calls in flight. */
export async function inPool<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
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
  // A fee or interest row the law or the contract does not allow is never in an amount the debtor sees.
  const { ledger, refused } = withoutRefusedCharges(ledgerFromFields(byTab).ledger);
  const book = buildBook(ledger, snapshotBookDate(ledger, asOf));
  const snapshot: StoredSnapshot | undefined = snapshotAccount(ledger, book, customerId, asOf);
  if (snapshot && refused.length > 0)
    snapshot.refusedCharges = refused.map((r) => ({
      adjustmentId: r.adjustmentId,
      rule: r.rule,
      reason: r.reason,
    }));
  const patched = rows.find((r) => r.tab === 'Customers' && r.rowId === customerId && r.patch);
  if (snapshot && patched) snapshot.writeBack = patchCells(patched.fields, patched.patch!);
  return snapshot;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A flush's recorded references (read with the versions) and the customers that keep some. */
interface RefEntries {
  guards: ReadonlyMap<string, AccountGuard>;
  unsettled: Set<string>;
}

/**
 * The customer's recorded references the index now shows as the table holds them (ref-settling.ts):
 * removed with the snapshot's write; a customer with some left is noted, so its marker stays.
 */
async function settle(
  store: LedgerStore,
  tenantId: string,
  customerId: string,
  rows: readonly StoredRow[],
  entries: RefEntries,
): Promise<Settled | undefined> {
  const guard = entries.guards.get(customerId);
  if (!guard) return undefined;
  const settled = await settledEntries(store, tenantId, customerId, rows, guard);
  if (settled.kept > 0) entries.unsettled.add(customerId);
  return settled;
}

export class AccountRecompute {
  constructor(private readonly store: LedgerStore) {}

  /** Recomputes the snapshots of the given customers from their stored rows, one after another. */
  async recompute(tenantId: string, customerIds: Iterable<string>, asOf: string): Promise<number> {
    let n = 0;
    for (const customerId of customerIds) if (await this.recomputeOne(tenantId, customerId, asOf)) n++;
    return n;
  }

  /**
   * Recomputes every customer a sync marked, once each, and clears the markers old enough to be
   * settled. The daily run calls this before it reads the open index. A customer whose snapshot
   * cannot be written (too large) is logged and skipped; its marker stays.
   *
   * Every version is read first (BatchGetItem), then, a window of customers at a time, their rows
   * (a Query each, several at once) and their snapshots written together, each under its own
   * version condition (`putAccounts`: one transaction per hundred accounts instead of an
   * UpdateItem each). An account a posting moved meanwhile is recomputed alone from fresh rows;
   * one the transaction did not settle is written alone with the snapshot already computed.
   */
  async flushPending(
    tenantId: string,
    asOf: string,
    now: Date,
    options: { settledOnly?: boolean } = {},
  ): Promise<FlushResult> {
    const settledBefore = now.getTime() - PENDING_SETTLE_MS;
    const all = await this.store.pendingMarkers(tenantId);
    // The hourly dispatch settles only markers past their settle age (no sync can still be writing
    // their rows): each is recomputed once and cleared during the day, so neither the next
    // morning's run nor a rerun of the day recomputes them again.
    const markers = options.settledOnly ? all.filter((m) => Date.parse(m.createdAt) <= settledBefore) : all;
    if (markers.length === 0) return { recomputed: 0, cleared: 0, failed: [], errors: {} };
    const customers = [...new Set(markers.flatMap((m) => m.customers))];
    const failed = new Set<string>();
    const errors: Record<string, string> = {};
    let recomputed = 0;
    const fail = (customerId: string, e: unknown) => {
      failed.add(customerId);
      errors[customerId] = message(e);
      log('error', 'recompute failed', { tenantId, customerId, error: String(e) });
    };
    // Every version (and recorded references) first, in BatchGetItem calls.
    const guards = new Map<string, AccountGuard>();
    const versions = await this.store.accountVersions(tenantId, customers, guards);
    // Customers whose recorded references the index does not show yet: their markers stay.
    const entries: RefEntries = { guards, unsettled: new Set<string>() };
    for (let i = 0; i < customers.length; i += FLUSH_WINDOW) {
      const writes: AccountWrite[] = [];
      await inPool(customers.slice(i, i + FLUSH_WINDOW), RECOMPUTE_CONCURRENCY, async (customerId) => {
        try {
          const write = await this.computed(tenantId, customerId, asOf, versions.get(customerId), entries);
          if (write) writes.push(write);
        } catch (e) {
          fail(customerId, e);
        }
      });
      const outcomes = await this.writeTogether(tenantId, writes);
      await inPool(writes, RECOMPUTE_CONCURRENCY, async (w) => {
        const outcome = outcomes.get(w.customerId);
        try {
          if (outcome === 'written') recomputed++;
          else if (outcome instanceof Error) throw outcome;
          else if (await this.writeAlone(tenantId, w, asOf, outcome === 'refused', entries)) recomputed++;
        } catch (e) {
          fail(w.customerId, e);
        }
      });
    }
    const clear = markers
      .filter(
        (m) =>
          Date.parse(m.createdAt) <= settledBefore &&
          !m.customers.some((c) => failed.has(c) || entries.unsettled.has(c)),
      )
      .map((m) => m.sk);
    await this.store.clearPending(tenantId, clear);
    return { recomputed, cleared: clear.length, failed: [...failed], errors };
  }

  /**
   * One customer's snapshot write, from its rows read now (undefined: the customer row is gone, and
   * so is the account, deleted here). Rows stored before the cross-tab rules that apply money to
   * another customer's item are listed for review, never re-applied (cross-customer-check.ts).
   */
  private async computed(
    tenantId: string,
    customerId: string,
    asOf: string,
    expectedVersion: number | undefined,
    entries: RefEntries,
  ): Promise<AccountWrite | undefined> {
    const rows = await this.store.customerRows(tenantId, customerId);
    await reviewCrossCustomer(this.store, tenantId, customerId, rows, asOf);
    const settled = await settle(this.store, tenantId, customerId, rows, entries);
    const snapshot = snapshotFromRows(rows, customerId, asOf);
    if (!snapshot) {
      await this.store.deleteAccount(tenantId, customerId);
      return undefined;
    }
    return {
      customerId,
      snapshot: snapshot as unknown as Record<string, unknown>,
      open: snapshot.open,
      guard: { expectedVersion, ...(settled ? { settled } : {}) },
    };
  }

  /** The window's snapshots in transactions; every write unsettled if the store cannot batch. */
  private async writeTogether(
    tenantId: string,
    writes: readonly AccountWrite[],
  ): Promise<Map<string, TransactOutcome | Error>> {
    if (writes.length === 0) return new Map();
    try {
      return await this.store.putAccounts(tenantId, writes);
    } catch (e) {
      log('warn', 'accounts not written together; writing each alone', { tenantId, error: String(e) });
      return new Map();
    }
  }

  /**
   * One snapshot written on its own: the one computed, under the version read before its rows,
   * unless that version is known to have moved (`moved`); then, or when the write finds it moved,
   * recomputed from fresh rows.
   */
  private async writeAlone(
    tenantId: string,
    w: AccountWrite,
    asOf: string,
    moved: boolean,
    entries: RefEntries,
  ): Promise<boolean> {
    if (!moved) {
      try {
        await this.store.putAccount(tenantId, w.customerId, w.snapshot, w.open, w.guard);
        return true;
      } catch (e) {
        if (!(e instanceof VersionConflictError)) throw e;
      }
    }
    return this.recomputeOne(tenantId, w.customerId, asOf, { reviewed: true, entries });
  }

  /**
   * Recomputes one customer's snapshot from its rows, guarded by the account's version like a
   * posting, so a posting landing meanwhile is never overwritten by a snapshot that lacks it.
   * `reviewed`: its rows were checked across customers already (by this flush); `entries`: the
   * flush's recorded references, those the index now shows removed with the write.
   */
  async recomputeOne(
    tenantId: string,
    customerId: string,
    asOf: string,
    options: { reviewed?: boolean; entries?: RefEntries } = {},
  ): Promise<boolean> {
    let settled: Settled | undefined;
    for (let attempt = 0; ; attempt++) {
      const expectedVersion = await this.store.accountVersion(tenantId, customerId);
      const rows = await this.store.customerRows(tenantId, customerId);
      if (attempt === 0 && !options.reviewed)
        await reviewCrossCustomer(this.store, tenantId, customerId, rows, asOf);
      if (attempt === 0 && options.entries)
        settled = await settle(this.store, tenantId, customerId, rows, options.entries);
      const snapshot = snapshotFromRows(rows, customerId, asOf);
      if (!snapshot) {
        // The customer row is gone (deleted from the ledger): so is the account, open index included.
        await this.store.deleteAccount(tenantId, customerId);
        return false;
      }
      try {
        await this.store.putAccount(
          tenantId,
          customerId,
          snapshot as unknown as Record<string, unknown>,
          snapshot.open,
          { expectedVersion, ...(settled ? { settled } : {}) },
        );
        return true;
      } catch (e) {
        if (!(e instanceof VersionConflictError) || attempt >= MAX_VERSION_RETRIES) throw e;
        await backoff(attempt);
      }
    }
  }
}
