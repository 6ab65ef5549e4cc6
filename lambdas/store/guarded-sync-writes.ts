// The writes of a sync that the applied-rows and customer guards order against concurrent writers:
// rows recorded on their customer's account (recent-refs.ts) and moves or deletions the guard let go,
// each conditioned on the owner's account version the guard read.
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TabName } from '../../core/ledger/schema.js';
import type { RowFields } from '../../core/ledger/schema-rows.js';
import { rowKey } from './keys.js';
import {
  type GuardedTakeAway,
  guardedItems,
  MAX_TRANSACTION_BYTES,
  MAX_TRANSACTION_ITEMS,
  type RowWithRefs,
  writeGuardedTakeAway,
  writeGuardedTakeAways,
  writeRowsWithRefs,
} from './recent-refs.js';
import { backoff } from './retry-wait.js';

/**
 * A stored row a sync would take from its owner: moved to another customer or currency, or deleted.
 * `syncRows` asks its `keep` option which of these stay as stored (see applied-rows.ts).
 */
export interface RowTakenAway {
  rowId: string;
  /** The row as the sync sends it (undefined when deleted). */
  sent?: RowFields;
  before: { customerId: string; currency?: string };
}

/**
 * What `syncRows`' `keep` option answers: the ids that stay as stored, and for the others the owner's
 * account version their guard read (the move or deletion is written only if it still holds) and the
 * rows applied to them that the same sync deletes (deleted in the same transaction).
 */
export interface KeepAnswer {
  kept: ReadonlySet<string>;
  ownerVersions: ReadonlyMap<string, number | undefined>;
  alsoDelete: ReadonlyMap<string, readonly { tab: TabName; rowId: string }[]>;
}

export interface RowSyncResult {
  written: string[];
  unchanged: string[];
  deleted: string[];
  /** Of `written`, the rows that did not exist before (the rows quota counts them). */
  created?: string[];
  /** Customers whose account must be recomputed (a row of theirs changed, moved or went away). */
  affectedCustomers: Set<string>;
  /** Rows of other tabs deleted with an item they were applied to (`keep`'s `alsoDelete`). */
  alsoDeleted?: { tab: TabName; rowId: string }[];
  /** Rows not written because an item they name left their customer while the sync ran (`refsOf`). */
  refused?: { rowId: string; itemId: string }[];
  /** Rows taken back because their customer was deleted while the sync ran (entered-rows.ts). */
  orphaned?: { rowId: string; customerId: string }[];
}

/** The table a store writes to, and the meter its writes add to. */
export interface TableHandle {
  doc: DynamoDBDocumentClient;
  tableName: string;
  meter: { readUnits: number; writeUnits: number };
}

/** A move (`put`) or deletion the guard let go, and the guard's answer it was decided with. */
export interface GuardedWrite {
  rowId: string;
  put?: Record<string, unknown>;
}
type Guarded = ReadonlyMap<string, { taken: RowTakenAway; answer: KeepAnswer }>;
type Keep = (taken: RowTakenAway[]) => Promise<KeepAnswer>;

/** Times a guarded move or deletion is decided again when rows were applied to it meanwhile. */
const MAX_GUARD_RETRIES = 40;

/**
 * Rows recorded on their account (with their references) and guarded moves and deletions: see
 * recent-refs.ts. `landed` receives the ids of recorded rows as their transactions land.
 */
export async function writeReferencing(
  table: TableHandle,
  tenantId: string,
  tab: TabName,
  withRefs: ReadonlyMap<string, RowWithRefs[]>,
  guardedWrites: readonly GuardedWrite[],
  guarded: Guarded,
  keep: Keep | undefined,
  now: string,
  result: RowSyncResult,
  landed: string[] = [],
): Promise<void> {
  for (const [customerId, list] of withRefs) {
    const { refused } = await writeRowsWithRefs(
      table.doc,
      table.tableName,
      table.meter,
      tenantId,
      customerId,
      list,
      Date.parse(now),
      landed,
    );
    if (refused.length === 0) continue;
    const ids = new Set(refused.map((r) => r.rowId));
    result.written = result.written.filter((id) => !ids.has(id));
    result.created = result.created?.filter((id) => !ids.has(id));
    result.refused = [...(result.refused ?? []), ...refused];
  }
  if (guardedWrites.length > 0 && keep)
    await writeGuarded(table, tenantId, tab, guardedWrites, guarded, keep, now, result);
}

/**
 * Writes the moves and deletions the applied-rows guard let go, each in a transaction conditioned on
 * the owner's account version the guard read; when a row was applied meanwhile, the guard decides
 * again from fresh reads (and may now keep the row, with its error). See recent-refs.ts.
 */
async function writeGuarded(
  table: TableHandle,
  tenantId: string,
  tab: TabName,
  writes: readonly GuardedWrite[],
  guarded: Guarded,
  keep: Keep,
  now: string,
  result: RowSyncResult,
): Promise<void> {
  const { doc, tableName, meter } = table;
  // First in groups, one transaction per owner (up to the transaction's limits); a group that
  // meets a change is written row by row below, each decided again as often as needed.
  const one = (w: GuardedWrite): GuardedTakeAway => {
    const { taken, answer } = guarded.get(w.rowId)!;
    return {
      tab,
      rowId: w.rowId,
      ownerId: taken.before.customerId,
      ownerVersion: answer.ownerVersions.get(taken.before.customerId),
      ...(w.put ? { put: w.put } : {}),
      alsoDelete: answer.alsoDelete.get(w.rowId) ?? [],
      nowMs: Date.parse(now),
    };
  };
  const groups = new Map<string, GuardedWrite[][]>();
  const room = new Map<string, { items: number; bytes: number }>();
  for (const w of writes) {
    const t = one(w);
    const size = guardedItems(t);
    const list = groups.get(t.ownerId) ?? [[]];
    const used = room.get(t.ownerId) ?? { items: 1, bytes: 0 };
    if (
      list[list.length - 1]!.length > 0 &&
      (used.items + size.items > MAX_TRANSACTION_ITEMS || used.bytes + size.bytes > MAX_TRANSACTION_BYTES)
    ) {
      list.push([]);
      used.items = 1;
      used.bytes = 0;
    }
    list[list.length - 1]!.push(w);
    used.items += size.items;
    used.bytes += size.bytes;
    groups.set(t.ownerId, list);
    room.set(t.ownerId, used);
  }
  const single: GuardedWrite[] = [];
  for (const list of groups.values())
    for (const group of list) {
      const ok =
        group.length > 1
          ? await writeGuardedTakeAways(doc, tableName, meter, tenantId, group.map(one))
          : false;
      if (ok !== true) {
        single.push(...group);
        continue;
      }
      for (const w of group) {
        const alsoDelete = guarded.get(w.rowId)!.answer.alsoDelete.get(w.rowId) ?? [];
        if (alsoDelete.length > 0) result.alsoDeleted = [...(result.alsoDeleted ?? []), ...alsoDelete];
      }
    }
  for (const w of single) {
    let { taken } = guarded.get(w.rowId)!;
    let answer = guarded.get(w.rowId)!.answer;
    for (let attempt = 0; ; attempt++) {
      if (answer.kept.has(w.rowId)) {
        result.written = result.written.filter((id) => id !== w.rowId);
        result.deleted = result.deleted.filter((id) => id !== w.rowId);
        result.created = result.created?.filter((id) => id !== w.rowId);
        break;
      }
      const alsoDelete = answer.alsoDelete.get(w.rowId) ?? [];
      const ok = await writeGuardedTakeAway(doc, tableName, meter, tenantId, {
        tab,
        rowId: w.rowId,
        ownerId: taken.before.customerId,
        ownerVersion: answer.ownerVersions.get(taken.before.customerId),
        ...(w.put ? { put: w.put } : {}),
        alsoDelete,
        nowMs: Date.parse(now),
      });
      if (ok === true) {
        if (alsoDelete.length > 0) result.alsoDeleted = [...(result.alsoDeleted ?? []), ...alsoDelete];
        break;
      }
      if (attempt >= MAX_GUARD_RETRIES)
        throw new Error(`the account of "${taken.before.customerId}" kept changing`);
      await backoff(attempt);
      if (ok === 'row') {
        // The row moved since the (eventually consistent) hash read: its owner as stored now.
        const stored = await ownerNow(table, tenantId, tab, w.rowId);
        if (!stored) {
          result.deleted = result.deleted.filter((id) => id !== w.rowId);
          break;
        }
        taken = {
          ...taken,
          before: { customerId: stored.customerId, currency: stored.currency },
        };
      }
      answer = await keep([taken]);
    }
  }
}

/** A row's owner and currency as stored now (a consistent read), or undefined when it is gone. */
async function ownerNow(
  table: TableHandle,
  tenantId: string,
  tab: TabName,
  rowId: string,
): Promise<{ customerId: string; currency: string | undefined } | undefined> {
  const res = await table.doc.send(
    new GetCommand({
      TableName: table.tableName,
      Key: rowKey(tenantId, tab, rowId),
      ConsistentRead: true,
      ProjectionExpression: 'customerId, #f.#c',
      ExpressionAttributeNames: { '#f': 'fields', '#c': 'currency' },
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  table.meter.readUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
  if (!res.Item) return undefined;
  return {
    customerId: res.Item.customerId as string,
    currency: (res.Item.fields as { currency?: string } | undefined)?.currency,
  };
}
