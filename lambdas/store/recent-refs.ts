// Recent reverse references on the owner's account item: which rows were just applied to which items
// or entered the customer (and which items just left it), so the guards read them from the base table.
// An entry stays until a recompute has seen the byCustomer index show what it records (or seen that
// it no longer holds): services/ref-settling.ts. No delay of the index is assumed.
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TabName } from '../../core/ledger/schema.js';
import { accountKey, rowKey } from './keys.js';
import { backoff } from './retry-wait.js';

/** Attribute names on the account item (string sets; absent when empty). */
export const REFS_ATTR = 'recentRefs';
export const GONE_ATTR = 'recentGone';
/** Attribute holding an account item's version: every guarded write moves it by one. */
export const VERSION = 'version';

/**
 * A row recorded on its customer's account when it was written: `[itemId, tab, rowId, atMs]`. A row
 * naming items (a payment's `Applies To`) records one per item; a row naming none that enters the
 * customer (created, or moved from another customer) records one with `itemId` `ROW_ONLY`, so the
 * customer's deletion guard finds it too (customer-rows-guard.ts).
 */
export interface RecentRef {
  itemId: string;
  tab: TabName;
  rowId: string;
  at: number;
}

/** An item that left the customer (moved to another customer or currency, or deleted): `[tab, itemId, atMs]`. */
export interface RecentGone {
  tab: TabName;
  itemId: string;
  at: number;
}

/** What a writer of the account item reads first: its version and the recent references it must keep. */
export interface AccountGuard {
  version: number | undefined;
  refs: string[];
  gone: string[];
}

/** The `itemId` of a reference that records only the row under its customer. */
export const ROW_ONLY = '';

export const encodeRef = (r: RecentRef) => JSON.stringify([r.itemId, r.tab, r.rowId, r.at]);
export function decodeRef(entry: string): RecentRef {
  const [itemId, tab, rowId, at] = JSON.parse(entry) as [string, TabName, string, number];
  return { itemId, tab, rowId, at };
}
export const encodeGone = (g: RecentGone) => JSON.stringify([g.tab, g.itemId, g.at]);
export function decodeGone(entry: string): RecentGone {
  const [tab, itemId, at] = JSON.parse(entry) as [TabName, string, number];
  return { tab, itemId, at };
}

const asList = (v: unknown): string[] =>
  v instanceof Set ? [...(v as Set<string>)] : Array.isArray(v) ? v : [];

/** An account item's guard attributes as read. */
export function guardOf(item: Record<string, unknown> | undefined): AccountGuard {
  const v = item?.[VERSION];
  return {
    version: typeof v === 'number' ? v : undefined,
    refs: asList(item?.[REFS_ATTR]),
    gone: asList(item?.[GONE_ATTR]),
  };
}

/** The attributes a Put of the account item carries so the recent references survive it. */
export function guardAttributes(
  refs: readonly string[],
  gone: readonly string[],
): Record<string, Set<string>> {
  return {
    ...(refs.length > 0 ? { [REFS_ATTR]: new Set(refs) } : {}),
    ...(gone.length > 0 ? { [GONE_ATTR]: new Set(gone) } : {}),
  };
}

interface Meter {
  readUnits: number;
  writeUnits: number;
}

/** One account's version and recent references (a strongly consistent read when `consistent`). */
export async function readAccountGuard(
  doc: DynamoDBDocumentClient,
  tableName: string,
  meter: Meter,
  tenantId: string,
  customerId: string,
  consistent: boolean,
): Promise<AccountGuard> {
  const res = await doc.send(
    new GetCommand({
      TableName: tableName,
      Key: accountKey(tenantId, customerId),
      ConsistentRead: consistent,
      ProjectionExpression: '#v, #r, #g',
      ExpressionAttributeNames: { '#v': VERSION, '#r': REFS_ATTR, '#g': GONE_ATTR },
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  meter.readUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
  return guardOf(res.Item);
}

/**
 * The condition of every guarded account write: the account's version is still the one its writer
 * read (`#v`; absent when it read none). Callers merge names and values with their own.
 */
export function versionCondition(expected: number | undefined): {
  ConditionExpression: string;
  ExpressionAttributeNames: { '#v': string };
  ExpressionAttributeValues?: { ':expected': number };
} {
  return expected === undefined
    ? { ConditionExpression: 'attribute_not_exists(#v)', ExpressionAttributeNames: { '#v': VERSION } }
    : {
        ConditionExpression: '#v = :expected',
        ExpressionAttributeNames: { '#v': VERSION },
        ExpressionAttributeValues: { ':expected': expected },
      };
}

/** A row to write with the references it records (`itemIds`: the items it names; none: `ROW_ONLY`). */
export interface RowWithRefs {
  item: Record<string, unknown>;
  rowId: string;
  tab: TabName;
  currency: string | undefined;
  itemIds: readonly string[];
}

/** The tabs whose items rows name (their ids may be any of these). */
const ITEM_TABS: readonly TabName[] = ['Invoices', 'Adjustments'];

/** Transactional items per write: the account's update and at most this many rows. */
const ROWS_PER_TRANSACTION = 99;

/**
 * Writes one customer's rows that name items (a synced payment's `Applies To`), or that enter the
 * customer, in transactions with the customer's account item: the account records a reference per
 * named item (or the row alone), keeping the ones it holds, and its version moves, conditioned on the
 * version read. The rows and their references
 * are thus stored together, and a guarded move or deletion of a named item (conditioned on the same
 * version) is ordered before or after them, never in between. An item that left the customer since
 * (the account records it as gone) is read again from the table: a row naming an item no longer this
 * customer's, or in another currency, is not written and comes back in the answer, with the item.
 */
export async function writeRowsWithRefs(
  doc: DynamoDBDocumentClient,
  tableName: string,
  meter: Meter,
  tenantId: string,
  customerId: string,
  rows: readonly RowWithRefs[],
  nowMs: number,
  /** The ids of rows stored so far, filled as each transaction lands (a failure part-way names them). */
  landed: string[] = [],
): Promise<{ refused: { rowId: string; itemId: string }[] }> {
  const refused: { rowId: string; itemId: string }[] = [];
  // Transactions of at most 99 rows and about 3 MB (DynamoDB's limits: 100 items, 4 MB).
  const batches: RowWithRefs[][] = [[]];
  let bytes = 0;
  for (const r of rows) {
    const size = JSON.stringify(r.item).length;
    const last = batches[batches.length - 1]!;
    if (last.length > 0 && (last.length >= ROWS_PER_TRANSACTION || bytes + size > 3 * 1024 * 1024)) {
      batches.push([]);
      bytes = 0;
    }
    batches[batches.length - 1]!.push(r);
    bytes += size;
  }
  for (let batch of batches) {
    for (let attempt = 0; batch.length > 0; attempt++) {
      const guard = await readAccountGuard(doc, tableName, meter, tenantId, customerId, attempt > 0);
      const named = new Set(batch.flatMap((r) => r.itemIds));
      const left = [...new Set(guard.gone.map(decodeGone).map((g) => g.itemId))].filter((id) =>
        named.has(id),
      );
      if (left.length > 0) {
        const owned = await itemsOwnedNow(doc, tableName, meter, tenantId, left);
        batch = batch.filter((r) => {
          const bad = r.itemIds.find((id) => left.includes(id) && owned.get(id)?.[customerId] !== r.currency);
          if (bad !== undefined) refused.push({ rowId: r.rowId, itemId: bad });
          return bad === undefined;
        });
        if (batch.length === 0) break;
      }
      const added = batch.flatMap((r) =>
        (r.itemIds.length > 0 ? r.itemIds : [ROW_ONLY]).map((itemId) =>
          encodeRef({ itemId, tab: r.tab, rowId: r.rowId, at: nowMs }),
        ),
      );
      const refs = [...new Set([...guard.refs, ...added])];
      const condition = versionCondition(guard.version);
      try {
        const res = await doc.send(
          new TransactWriteCommand({
            ReturnConsumedCapacity: 'TOTAL',
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: accountKey(tenantId, customerId),
                  UpdateExpression: 'SET #r = :refs, #v = :next, customerId = :c',
                  ConditionExpression: condition.ConditionExpression,
                  ExpressionAttributeNames: { ...condition.ExpressionAttributeNames, '#r': REFS_ATTR },
                  ExpressionAttributeValues: {
                    ...condition.ExpressionAttributeValues,
                    ':refs': new Set(refs),
                    ':next': (guard.version ?? 0) + 1,
                    ':c': customerId,
                  },
                },
              },
              ...batch.map((r) => ({ Put: { TableName: tableName, Item: r.item } })),
            ],
          }),
        );
        for (const c of res.ConsumedCapacity ?? []) meter.writeUnits += c.CapacityUnits ?? 0;
        landed.push(...batch.map((r) => r.rowId));
        break;
      } catch (e) {
        if (!isCancelled(e) || attempt >= 40) throw e;
        await backoff(attempt);
      }
    }
  }
  return { refused };
}

const isCancelled = (e: unknown) => (e as { name?: string }).name === 'TransactionCanceledException';

/** Item id -> (customer -> currency) of the items of those ids as stored now (consistent reads). */
async function itemsOwnedNow(
  doc: DynamoDBDocumentClient,
  tableName: string,
  meter: Meter,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, Record<string, string | undefined>>> {
  const out = new Map<string, Record<string, string | undefined>>();
  const keys = ITEM_TABS.flatMap((tab) => ids.map((id) => rowKey(tenantId, tab, id)));
  for (let i = 0; i < keys.length; i += 100) {
    const res = await doc.send(
      new BatchGetCommand({
        RequestItems: {
          [tableName]: {
            Keys: keys.slice(i, i + 100),
            ConsistentRead: true,
            ProjectionExpression: 'rowId, customerId, #f.#c',
            ExpressionAttributeNames: { '#f': 'fields', '#c': 'currency' },
          },
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    for (const c of res.ConsumedCapacity ?? []) meter.readUnits += c.CapacityUnits ?? 0;
    if (Object.keys(res.UnprocessedKeys ?? {}).length > 0) throw new Error('DynamoDB left keys unread');
    for (const item of (res.Responses?.[tableName] as Record<string, unknown>[] | undefined) ?? []) {
      const id = item.rowId as string;
      out.set(id, {
        ...(out.get(id) ?? {}),
        [item.customerId as string]: (item.fields as { currency?: string } | undefined)?.currency,
      });
    }
  }
  return out;
}

/** A row a sync moves or deletes from under its owner, written only if the owner's account is as the guard read it. */
export interface GuardedTakeAway {
  tab: TabName;
  rowId: string;
  /** The owner as stored, and its account's version when the guard read its references. */
  ownerId: string;
  ownerVersion: number | undefined;
  /** The row's new item (a move), or undefined (a deletion). */
  put?: Record<string, unknown>;
  /** Rows applied to it that the same sync deletes: deleted in the same transaction. */
  alsoDelete: readonly { tab: TabName; rowId: string }[];
  nowMs: number;
}

/**
 * Writes guarded moves and deletions of one owner in a transaction with the owner's account item:
 * the account's version must still be the one read with its references (any row applied since moved
 * it), the version moves, and the items are recorded as gone (a posting that still sees one on the
 * index reads it again); each row must still be the owner's. Returns `account` when the account moved
 * meanwhile (the caller reads again and decides again), `row` when a row is no longer the owner's the
 * guard read. At most `MAX_TRANSACTION_ITEMS` items in all (see `guardedItems`).
 */
export async function writeGuardedTakeAways(
  doc: DynamoDBDocumentClient,
  tableName: string,
  meter: Meter,
  tenantId: string,
  list: readonly GuardedTakeAway[],
): Promise<true | 'account' | 'row'> {
  const first = list[0]!;
  const condition = versionCondition(first.ownerVersion);
  const gone = list.map((t) => encodeGone({ tab: t.tab, itemId: t.rowId, at: t.nowMs }));
  const arriving = arrivals(list);
  try {
    const res = await doc.send(
      new TransactWriteCommand({
        ReturnConsumedCapacity: 'TOTAL',
        TransactItems: [
          {
            Update: {
              TableName: tableName,
              Key: accountKey(tenantId, first.ownerId),
              UpdateExpression: 'SET #v = :next, customerId = :c ADD #g :gone',
              ConditionExpression: condition.ConditionExpression,
              ExpressionAttributeNames: { ...condition.ExpressionAttributeNames, '#g': GONE_ATTR },
              ExpressionAttributeValues: {
                ...condition.ExpressionAttributeValues,
                ':next': (first.ownerVersion ?? 0) + 1,
                ':c': first.ownerId,
                ':gone': new Set(gone),
              },
            },
          },
          // Each row must still be the owner's the guard read (the hash read before it is not consistent).
          ...list.map((t) =>
            t.put
              ? {
                  Put: {
                    TableName: tableName,
                    Item: t.put,
                    ConditionExpression: 'customerId = :owner',
                    ExpressionAttributeValues: { ':owner': t.ownerId },
                  },
                }
              : {
                  Delete: {
                    TableName: tableName,
                    Key: rowKey(tenantId, t.tab, t.rowId),
                    ConditionExpression: 'customerId = :owner',
                    ExpressionAttributeValues: { ':owner': t.ownerId },
                  },
                },
          ),
          ...list.flatMap((t) =>
            t.alsoDelete.map((d) => ({
              Delete: { TableName: tableName, Key: rowKey(tenantId, d.tab, d.rowId) },
            })),
          ),
          // A moved row enters its new customer: that account records it and its version moves, so
          // the new customer's deletion guard finds it whatever the index shows.
          ...[...arriving].map(([customerId, refs]) => ({
            Update: {
              TableName: tableName,
              Key: accountKey(tenantId, customerId),
              UpdateExpression: 'SET #v = if_not_exists(#v, :zero) + :one, customerId = :c ADD #r :refs',
              ExpressionAttributeNames: { '#v': VERSION, '#r': REFS_ATTR },
              ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':c': customerId, ':refs': new Set(refs) },
            },
          })),
        ],
      }),
    );
    for (const c of res.ConsumedCapacity ?? []) meter.writeUnits += c.CapacityUnits ?? 0;
    return true;
  } catch (e) {
    if ((e as { name?: string }).name !== 'TransactionCanceledException') throw e;
    const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (reasons.slice(1, 1 + list.length).some((r) => r.Code === 'ConditionalCheckFailed')) return 'row';
    if (
      reasons[0]?.Code === 'ConditionalCheckFailed' ||
      reasons.some((r) => r.Code === 'TransactionConflict')
    )
      return 'account';
    throw e;
  }
}

/** The customers moved rows enter (another than their owner), with the references their accounts record. */
function arrivals(list: readonly GuardedTakeAway[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of list) {
    const to = t.put?.customerId as string | undefined;
    if (to === undefined || to === t.ownerId) continue;
    const ref = encodeRef({ itemId: ROW_ONLY, tab: t.tab, rowId: t.rowId, at: t.nowMs });
    out.set(to, [...(out.get(to) ?? []), ref]);
  }
  return out;
}

/** Items a transaction may hold (DynamoDB's limit), and the bytes it carries at most (limit: 4 MB). */
export const MAX_TRANSACTION_ITEMS = 100;
export const MAX_TRANSACTION_BYTES = 3 * 1024 * 1024;

/** Transaction items a take-away needs besides the account's update, and its bytes (estimated). */
export function guardedItems(t: GuardedTakeAway): { items: number; bytes: number } {
  const arrives = t.put !== undefined && t.put.customerId !== t.ownerId;
  return {
    // A move to another customer may add that account's update (counted once per row: at most).
    items: 1 + t.alsoDelete.length + (arrives ? 1 : 0),
    bytes: (t.put ? JSON.stringify(t.put).length : 200) + t.alsoDelete.length * 200,
  };
}

/** One guarded move or deletion alone (`writeGuardedTakeAways` of one). */
export function writeGuardedTakeAway(
  doc: DynamoDBDocumentClient,
  tableName: string,
  meter: Meter,
  tenantId: string,
  t: GuardedTakeAway,
): Promise<true | 'account' | 'row'> {
  return writeGuardedTakeAways(doc, tableName, meter, tenantId, [t]);
}
