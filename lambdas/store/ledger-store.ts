// The DynamoDB store callers hold: ledger rows with content hashes, pending-recompute markers and
// account snapshots on a sparse open index (outbox, settings and memberships come from the classes
// it extends). Every method takes the verified tenant.
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TabName } from '../../core/ledger/schema.js';
import type { RowFields } from '../../core/ledger/schema-rows.js';
import { recordEntered } from './entered-rows.js';
import {
  type GuardedWrite,
  type KeepAnswer,
  type RowSyncResult,
  type RowTakenAway,
  type TableHandle,
  writeReferencing,
} from './guarded-sync-writes.js';
import {
  accountKey,
  customerCollection,
  idempotencyKey,
  OPEN_SHARDS,
  openShardKey,
  pendingPartition,
  rowKey,
  shardOf,
  TABLE,
} from './keys.js';
import { addStoredRows } from './quota-store.js';
import {
  type AccountGuard,
  GONE_ATTR,
  guardAttributes,
  guardOf,
  REFS_ATTR,
  type RowWithRefs,
  readAccountGuard,
  VERSION,
  versionCondition,
} from './recent-refs.js';
import { rowHash } from './row-hash.js';
import { applyPatch, patchSatisfied, type RowPatch } from './row-patch.js';
import { SettingsStore } from './settings-store.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot-codec.js';
import { SyncWriteError, VersionConflictError } from './store-errors.js';

/** Capacity the store has consumed, summed from DynamoDB's `ConsumedCapacity` answers. */
export interface CapacityMeter {
  readUnits: number;
  writeUnits: number;
}

export interface StoredRow {
  tab: TabName;
  rowId: string;
  customerId: string;
  hash: string;
  fields: RowFields;
  /** Cells the backend changed that the sheet does not show yet (Customers rows; see row-patch.ts). */
  patch?: RowPatch;
}

/** Customers whose snapshots a sync left stale, as one marker item records them. */
export interface PendingMarker {
  sk: string;
  createdAt: string;
  customers: string[];
}

/** Customer ids per marker item, far below the item limit even with 64-character ids. */
const MARKER_CUSTOMERS = 4_000;

export type { KeepAnswer, RowSyncResult, RowTakenAway } from './guarded-sync-writes.js';

export class LedgerStore extends SettingsStore {
  /** The table and meter, for the store's helpers in other files (guarded-sync-writes.ts, sweep-store.ts). */
  handle(): TableHandle {
    return { doc: this.doc, tableName: this.tableName, meter: this.meter };
  }

  /**
   * Stores validated rows of one tab: reads the stored hashes, writes only rows whose content
   * changed, deletes the rows named in `deletedIds`. Returns which customers need recomputing.
   */
  async syncRows(
    tenantId: string,
    tab: TabName,
    idKey: string,
    rows: readonly RowFields[],
    deletedIds: readonly string[],
    now: string,
    options: {
      markPending?: boolean;
      /** Of the rows this sync would move or delete, the ids to leave as stored (nothing written for them). */
      keep?: (taken: RowTakenAway[]) => Promise<KeepAnswer>;
      /** The items a row names (a payment's `Applies To`): recorded on its account before it is written. */
      refsOf?: (fields: RowFields) => readonly string[];
    } = {},
  ): Promise<RowSyncResult> {
    const result: RowSyncResult = {
      written: [],
      unchanged: [],
      deleted: [],
      created: [],
      affectedCustomers: new Set(),
    };
    const ids = [...new Set([...rows.map((r) => r[idKey] as string), ...deletedIds])];
    const existing = new Map<
      string,
      { hash: string; customerId: string; patch?: RowPatch; fields?: { currency?: string } }
    >();
    const got = await this.batchGetRows(tenantId, tab, ids);
    for (const item of got) existing.set(item.rowId, item);
    const kept = new Set<string>();
    /** Taken rows the guard let go: written one by one, conditioned on the owner's account (see below). */
    const guarded = new Map<string, { taken: RowTakenAway; answer: KeepAnswer }>();
    if (options.keep) {
      // The hash read above carries owner and currency, so finding what moves costs no extra read.
      const taken: RowTakenAway[] = [];
      const beforeOf = (b: { customerId: string; fields?: { currency?: string } }) => ({
        customerId: b.customerId,
        currency: b.fields?.currency,
      });
      for (const sent of rows) {
        const before = existing.get(sent[idKey] as string);
        const customerId = tab === 'Customers' ? (sent[idKey] as string) : (sent.customerId as string);
        if (before && (before.customerId !== customerId || before.fields?.currency !== sent.currency))
          taken.push({ rowId: sent[idKey] as string, sent, before: beforeOf(before) });
      }
      for (const rowId of deletedIds) {
        const before = existing.get(rowId);
        if (before) taken.push({ rowId, before: beforeOf(before) });
      }
      // A kept deletion finds no stored row below, so it is skipped like an id never stored.
      if (taken.length > 0) {
        const answer = await options.keep(taken);
        for (const rowId of answer.kept) kept.add(rowId);
        for (const t of taken) if (!kept.has(t.rowId)) guarded.set(t.rowId, { taken: t, answer });
      }
      for (const rowId of kept) existing.delete(rowId);
    }
    const guardedWrites: GuardedWrite[] = [];
    /** Rows naming items, by customer: written with their references (recent-refs.ts). */
    const withRefs = new Map<string, RowWithRefs[]>();
    const writes: Record<string, unknown>[] = [];
    /** Rows of the plain writes entering a customer, by customer (recorded after them: entered-rows.ts). */
    const entered = new Map<string, string[]>();
    /** The row each write stands for: `[id, 'put' | 'delete']`. */
    const writeIds: [string, 'put' | 'delete'][] = [];
    for (const sheetFields of rows) {
      const rowId = sheetFields[idKey] as string;
      if (kept.has(rowId)) continue;
      const customerId = (tab === 'Customers' ? rowId : sheetFields.customerId) as string;
      const before = existing.get(rowId);
      // A backend change the sheet does not show yet stays applied; once it shows, the patch goes.
      const patch = before?.patch && !patchSatisfied(sheetFields, before.patch) ? before.patch : undefined;
      const fields = patch ? applyPatch(sheetFields, patch) : sheetFields;
      const hash = rowHash(fields);
      const dropsPatch = before?.patch !== undefined && patch === undefined;
      if (before && before.hash === hash && before.customerId === customerId && !dropsPatch) {
        result.unchanged.push(rowId);
        continue;
      }
      const item = {
        ...rowKey(tenantId, tab, rowId),
        [TABLE.byCustomer.pk]: customerCollection(tenantId, customerId),
        [TABLE.byCustomer.sk]: `${tab}#${rowId}`,
        tab,
        rowId,
        customerId,
        hash,
        fields,
        ...(patch ? { patch } : {}),
        updatedAt: now,
      };
      const itemIds = options.refsOf?.(fields) ?? [];
      if (guarded.has(rowId)) guardedWrites.push({ rowId, put: item });
      else if (itemIds.length > 0) {
        const currency = fields.currency as string | undefined;
        withRefs.set(customerId, [
          ...(withRefs.get(customerId) ?? []),
          { item, rowId, tab, currency, itemIds },
        ]);
      } else {
        writes.push({ PutRequest: { Item: item } });
        writeIds.push([rowId, 'put']);
        // A row entering its customer (new, or from another customer) is recorded on the customer's
        // account once written, so the customer's deletion finds it while the index may not show it.
        if (tab !== 'Customers' && before?.customerId !== customerId)
          entered.set(customerId, [...(entered.get(customerId) ?? []), rowId]);
      }
      result.written.push(rowId);
      if (!before) result.created?.push(rowId);
      result.affectedCustomers.add(customerId);
      if (before && before.customerId !== customerId) result.affectedCustomers.add(before.customerId);
    }
    for (const rowId of deletedIds) {
      const before = existing.get(rowId);
      if (!before) continue;
      if (guarded.has(rowId)) guardedWrites.push({ rowId });
      else {
        writes.push({ DeleteRequest: { Key: rowKey(tenantId, tab, rowId) } });
        writeIds.push([rowId, 'delete']);
      }
      result.deleted.push(rowId);
      result.affectedCustomers.add(before.customerId);
    }
    // The marker goes first: if the writes below fail half-way, the customers are still recomputed.
    if (options.markPending && result.affectedCustomers.size > 0)
      await this.markPending(tenantId, [...result.affectedCustomers], now);
    // Rows naming items or entering a customer go with their references, in transactions with their
    // account; moves and deletions the guards let go, against the owner's account as read (recent-refs.ts).
    const landed: string[] = [];
    try {
      await writeReferencing(
        this.handle(),
        tenantId,
        tab,
        withRefs,
        guardedWrites,
        guarded,
        options.keep,
        now,
        result,
        landed,
      );
    } catch (e) {
      // The recorded rows whose transactions landed are stored; a guarded move or deletion is not
      // known to be, nor is the rest of the chunk.
      const stored = new Set(landed);
      const referencing = [...withRefs.values()].flat().map((r) => r.rowId);
      throw new SyncWriteError(
        [...stored],
        [],
        [
          ...referencing.filter((id) => !stored.has(id)),
          ...guardedWrites.map((w) => w.rowId),
          ...writeIds.map(([id]) => id),
        ],
        { cause: e },
      );
    }
    let done = 0;
    try {
      await this.batchWrite(writes, (n) => {
        done = n;
      });
    } catch (e) {
      const settled = writeIds.slice(0, done);
      throw new SyncWriteError(
        settled.filter(([, k]) => k === 'put').map(([id]) => id),
        settled.filter(([, k]) => k === 'delete').map(([id]) => id),
        writeIds.slice(done).map(([id]) => id),
        { cause: e },
      );
    }
    const orphaned = await recordEntered(this.handle(), tenantId, tab, entered, Date.parse(now)).catch(
      (e: unknown) => {
        // Every row is stored; which were recorded on their account is not known (see entered-rows.ts).
        throw new SyncWriteError(
          writeIds.filter(([, k]) => k === 'put').map(([id]) => id),
          writeIds.filter(([, k]) => k === 'delete').map(([id]) => id),
          [],
          { cause: e },
        );
      },
    );
    if (orphaned.length > 0) {
      const gone = new Set(orphaned.map((o) => o.rowId));
      result.written = result.written.filter((id) => !gone.has(id));
      result.created = result.created?.filter((id) => !gone.has(id));
      result.orphaned = orphaned;
    }
    return result;
  }

  /** An account's version with its recent references (recent-refs.ts); `consistent` for the applied-rows guard. */
  async accountGuard(tenantId: string, customerId: string, consistent = false): Promise<AccountGuard> {
    return readAccountGuard(this.doc, this.tableName, this.meter, tenantId, customerId, consistent);
  }

  /** Records that these customers' snapshots are stale (one item per 4,000 customers); returns the markers' sort keys. */
  async markPending(tenantId: string, customerIds: readonly string[], now: string): Promise<string[]> {
    const sks: string[] = [];
    for (let i = 0; i < customerIds.length; i += MARKER_CUSTOMERS) {
      const sk = `${now}#${randomBytes(6).toString('base64url')}`;
      sks.push(sk);
      const res = await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: pendingPartition(tenantId),
            sk,
            createdAt: now,
            customers: customerIds.slice(i, i + MARKER_CUSTOMERS),
          },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.meter.writeUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
    }
    return sks;
  }

  /** Every pending-recompute marker of the tenant, oldest first (a consistent read). */
  async pendingMarkers(tenantId: string): Promise<PendingMarker[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pendingPartition(tenantId) },
      ConsistentRead: true,
    });
    return items.map((i) => ({
      sk: i.sk as string,
      createdAt: i.createdAt as string,
      customers: (i.customers as string[]) ?? [],
    }));
  }

  /** Removes markers whose customers have been recomputed. */
  async clearPending(tenantId: string, sks: readonly string[]): Promise<void> {
    await this.batchWrite(
      sks.map((sk) => ({ DeleteRequest: { Key: { pk: pendingPartition(tenantId), sk } } })),
    );
  }

  private async batchGetRows(tenantId: string, tab: TabName, ids: readonly string[]) {
    const items = await this.batchGet(
      ids.map((id) => rowKey(tenantId, tab, id)),
      {
        expression: 'rowId, customerId, #h, patch, #f.#c',
        names: { '#h': 'hash', '#f': 'fields', '#c': 'currency' },
      },
    );
    return items as {
      rowId: string;
      customerId: string;
      hash: string;
      patch?: RowPatch;
      fields?: { currency?: string };
    }[];
  }

  /** Stored rows of one tab by id (BatchGetItem); ids not stored are simply absent. */
  async getRows(
    tenantId: string,
    tab: TabName,
    ids: readonly string[],
    consistent = false,
  ): Promise<StoredRow[]> {
    if (ids.length === 0) return [];
    const items = await this.batchGet(
      [...new Set(ids)].map((id) => rowKey(tenantId, tab, id)),
      undefined,
      consistent,
    );
    return items.map((i) => {
      const { tab: t, rowId, customerId, hash, fields, patch } = i as unknown as StoredRow;
      return { tab: t, rowId, customerId, hash, fields, ...(patch ? { patch } : {}) };
    });
  }

  /** One stored row by tab and id (e.g. a claim the letters route is asked about), or undefined. */
  async getRow(tenantId: string, tab: TabName, rowId: string): Promise<StoredRow | undefined> {
    const res = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: rowKey(tenantId, tab, rowId),
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.meter.readUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
    if (!res.Item) return undefined;
    const { tab: t, rowId: id, customerId, hash, fields, patch } = res.Item as StoredRow;
    return { tab: t, rowId: id, customerId, hash, fields, ...(patch ? { patch } : {}) };
  }

  /**
   * Applies a backend change to a stored Customers row (a placement) and keeps it as the row's
   * patch, so syncs of the sheet's unchanged row keep it until the sheet shows it (row-patch.ts).
   * Marks the customer pending so the next status pull and daily run see it.
   */
  async patchCustomerRow(
    tenantId: string,
    customerId: string,
    patch: RowPatch,
    now: string,
  ): Promise<StoredRow> {
    return this.patchRow(tenantId, 'Customers', customerId, patch, now);
  }

  /**
   * The same for a row of any tab (an invoice a debtor disputed, a payment Stripe refunded): the
   * change is kept as the row's patch until a synced sheet row shows it.
   */
  async patchRow(
    tenantId: string,
    tab: TabName,
    rowId: string,
    patch: RowPatch,
    now: string,
  ): Promise<StoredRow> {
    const row = await this.getRow(tenantId, tab, rowId);
    if (!row) throw new RangeError(`no ${tab} row "${rowId}" has been synced`);
    const customerId = row.customerId;
    const fields = applyPatch(row.fields, patch);
    const merged: RowPatch = row.patch
      ? {
          ...patch,
          addFlags: [...new Set([...row.patch.addFlags, ...patch.addFlags])],
          set: { ...row.patch.set, ...patch.set },
        }
      : patch;
    await this.markPending(tenantId, [customerId], now);
    const stored: StoredRow = { ...row, fields, hash: rowHash(fields), patch: merged };
    const res = await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...rowKey(tenantId, tab, rowId),
          [TABLE.byCustomer.pk]: customerCollection(tenantId, customerId),
          [TABLE.byCustomer.sk]: `${tab}#${rowId}`,
          ...stored,
          updatedAt: now,
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.meter.writeUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
    return stored;
  }

  /**
   * Takes back a flag the backend added to a stored Customers row (a credit hold released) while
   * the sheet has not shown it yet: off the row's patch and off its stored flags. A flag the sheet
   * shows is the sheet's own (the patch is gone by then) and stays until a clerk clears it there.
   * Marks the customer pending. Does nothing when the patch does not hold the flag.
   */
  async dropPatchedFlag(tenantId: string, customerId: string, flag: string, now: string): Promise<void> {
    const row = await this.getRow(tenantId, 'Customers', customerId);
    if (!row?.patch?.addFlags.includes(flag)) return;
    const addFlags = row.patch.addFlags.filter((f) => f !== flag);
    const patch =
      addFlags.length > 0 || Object.keys(row.patch.set).length > 0 ? { ...row.patch, addFlags } : undefined;
    const flags = Array.isArray(row.fields.flags) ? (row.fields.flags as string[]) : [];
    const fields = { ...row.fields, flags: flags.filter((f) => f !== flag) };
    await this.markPending(tenantId, [customerId], now);
    const { patch: _old, ...rest } = row;
    const res = await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...rowKey(tenantId, 'Customers', customerId),
          [TABLE.byCustomer.pk]: customerCollection(tenantId, customerId),
          [TABLE.byCustomer.sk]: `Customers#${customerId}`,
          ...rest,
          fields,
          hash: rowHash(fields),
          ...(patch ? { patch } : {}),
          updatedAt: now,
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.meter.writeUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
  }

  /**
   * Posts one row (a payment, promise, plan or note entered in the sidebar) together with the
   * customer's new snapshot and the client's idempotency record, in one transaction: all or
   * nothing. Returns the earlier result when the idempotency key was used before.
   */
  /** Adds rows Duebook stored itself to the office's stored-rows total (quota-store.ts, issue #17). */
  async addStoredRows(tenantId: string, delta: number): Promise<void> {
    if (delta !== 0) await addStoredRows(this.doc, this.tableName, tenantId, delta);
  }

  async postRowOnce(
    tenantId: string,
    row: StoredRow,
    snapshot: Record<string, unknown>,
    open: boolean,
    clientKey: string,
    result: Record<string, unknown>,
    now: string,
    guard: {
      expectedVersion: number | undefined;
      bodyHash: string;
      /** The account's recent references to keep, with the posted row's own (recent-refs.ts). */
      refs?: readonly string[];
      gone?: readonly string[];
    } = {
      expectedVersion: undefined,
      bodyHash: '',
    },
  ): Promise<{ replayed: boolean; result: Record<string, unknown>; bodyHash?: string }> {
    const idem = idempotencyKey(tenantId, row.tab, clientKey);
    const account: Record<string, unknown> = {
      ...accountKey(tenantId, row.customerId),
      customerId: row.customerId,
      snapshotZ: encodeSnapshot(row.customerId, snapshot),
      [VERSION]: (guard.expectedVersion ?? 0) + 1,
      ...guardAttributes(guard.refs ?? [], guard.gone ?? []),
    };
    if (open) {
      account[TABLE.open.pk] = openShardKey(tenantId, shardOf(row.customerId));
      account[TABLE.open.sk] = row.customerId;
    }
    try {
      const res = await this.doc.send(
        new TransactWriteCommand({
          ReturnConsumedCapacity: 'TOTAL',
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...idem,
                  result,
                  bodyHash: guard.bodyHash,
                  createdAt: now,
                  [TABLE.ttl]: Math.floor(Date.parse(now) / 1000) + 30 * 86_400,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...rowKey(tenantId, row.tab, row.rowId),
                  [TABLE.byCustomer.pk]: customerCollection(tenantId, row.customerId),
                  [TABLE.byCustomer.sk]: `${row.tab}#${row.rowId}`,
                  ...row,
                  updatedAt: now,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: account,
                // The snapshot was computed from rows read after this version: a posting or a
                // recompute that moved it since would be lost, so the write is refused and redone.
                ...versionCondition(guard.expectedVersion),
              },
            },
          ],
        }),
      );
      for (const c of res.ConsumedCapacity ?? []) this.meter.writeUnits += c.CapacityUnits ?? 0;
      return { replayed: false, result };
    } catch (e) {
      if ((e as { name?: string }).name !== 'TransactionCanceledException') throw e;
      const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') {
        const prior = await this.doc.send(
          new GetCommand({ TableName: this.tableName, Key: idem, ConsistentRead: true }),
        );
        return {
          replayed: true,
          result: (prior.Item?.result as Record<string, unknown>) ?? {},
          bodyHash: prior.Item?.bodyHash as string | undefined,
        };
      }
      if (reasons[1]?.Code === 'ConditionalCheckFailed') {
        throw Object.assign(new Error(`${row.tab} row "${row.rowId}" already exists`), {
          code: 'REQUEST.CONFLICT',
        });
      }
      if (reasons[2]?.Code === 'ConditionalCheckFailed') throw new VersionConflictError(row.customerId);
      // Two postings racing on the same items: DynamoDB cancels one; it is redone like a conflict.
      if (reasons.some((r) => r.Code === 'TransactionConflict'))
        throw new VersionConflictError(row.customerId, { cause: e });
      throw e;
    }
  }

  /** Which of `ids` are stored rows of `tab`. */
  async existingRowIds(tenantId: string, tab: TabName, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const items = await this.batchGet(
      ids.map((id) => rowKey(tenantId, tab, id)),
      { expression: 'rowId', names: {} },
    );
    return new Set(items.map((i) => i.rowId as string));
  }

  /** Every stored row of one customer, all tabs (the byCustomer index). */
  async customerRows(tenantId: string, customerId: string): Promise<StoredRow[]> {
    return (await this.queryAll({
      TableName: this.tableName,
      IndexName: TABLE.byCustomer.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': TABLE.byCustomer.pk },
      ExpressionAttributeValues: { ':pk': customerCollection(tenantId, customerId) },
    })) as unknown as StoredRow[];
  }

  /**
   * One customer's stored rows of one tab: a Query on the byCustomer index's sort-key prefix
   * (`<tab>#`), so it reads only that tab's rows of the customer.
   */
  async customerTabRows(tenantId: string, customerId: string, tab: TabName): Promise<StoredRow[]> {
    return (await this.queryAll({
      TableName: this.tableName,
      IndexName: TABLE.byCustomer.name,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :tab)',
      ExpressionAttributeNames: { '#pk': TABLE.byCustomer.pk, '#sk': TABLE.byCustomer.sk },
      ExpressionAttributeValues: { ':pk': customerCollection(tenantId, customerId), ':tab': `${tab}#` },
    })) as unknown as StoredRow[];
  }

  /**
   * Writes a customer's account snapshot; `open` puts it on the sparse open index. With
   * `expectedVersion` (what `accountVersion` returned before the rows were read) the write is
   * refused with `VersionConflictError` if another writer moved the version since.
   */
  async putAccount(
    tenantId: string,
    customerId: string,
    snapshot: Record<string, unknown>,
    open: boolean,
    guard?: {
      expectedVersion: number | undefined;
      /** Recorded references the recompute found settled (services/ref-settling.ts): removed. */
      settled?: { refs: readonly string[]; gone: readonly string[] };
    },
  ): Promise<void> {
    // An UpdateItem, not a Put: the item's other recent references (recent-refs.ts) stay as they are.
    const condition = guard ? versionCondition(guard.expectedVersion) : undefined;
    const names: Record<string, string> = {
      '#z': 'snapshotZ',
      '#old': 'snapshot',
      '#c': 'customerId',
      ...condition?.ExpressionAttributeNames,
    };
    const values: Record<string, unknown> = {
      ':z': encodeSnapshot(customerId, snapshot),
      ':c': customerId,
      ...condition?.ExpressionAttributeValues,
    };
    const sets = ['#z = :z', '#c = :c'];
    const removes = ['#old'];
    if (guard) {
      values[':next'] = (guard.expectedVersion ?? 0) + 1;
      sets.push('#v = :next');
    }
    names['#opk'] = TABLE.open.pk;
    names['#osk'] = TABLE.open.sk;
    if (open) {
      values[':opk'] = openShardKey(tenantId, shardOf(customerId));
      values[':osk'] = customerId;
      sets.push('#opk = :opk', '#osk = :osk');
    } else removes.push('#opk', '#osk');
    const deletes: string[] = [];
    for (const [attr, list, name] of [
      [REFS_ATTR, guard?.settled?.refs ?? [], 'r'],
      [GONE_ATTR, guard?.settled?.gone ?? [], 'g'],
    ] as const)
      if (list.length > 0) {
        names[`#${name}`] = attr;
        values[`:${name}`] = new Set(list);
        deletes.push(`#${name} :${name}`);
      }
    try {
      const res = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: accountKey(tenantId, customerId),
          UpdateExpression:
            `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}` +
            (deletes.length > 0 ? ` DELETE ${deletes.join(', ')}` : ''),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnConsumedCapacity: 'TOTAL',
          ...(condition ? { ConditionExpression: condition.ConditionExpression } : {}),
        }),
      );
      this.meter.writeUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
    } catch (e) {
      if ((e as { name?: string }).name === 'ConditionalCheckFailedException')
        throw new VersionConflictError(customerId, { cause: e });
      throw e;
    }
  }

  /**
   * The account's version, or undefined for an account never written with one. An eventually
   * consistent read (half the units): the write's version condition is what guards, so a stale
   * version can only make that condition fail and the writer retry from fresh rows, never let a
   * write through over a newer one.
   */
  async accountVersion(tenantId: string, customerId: string): Promise<number | undefined> {
    const res = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: accountKey(tenantId, customerId),
        ConsistentRead: false,
        ProjectionExpression: '#v',
        ExpressionAttributeNames: { '#v': VERSION },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.meter.readUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
    const v = res.Item?.[VERSION];
    return typeof v === 'number' ? v : undefined;
  }

  /**
   * `accountVersion` for many customers in BatchGetItem calls (100 keys each) instead of one
   * GetItem per customer: a flush of a whole office reads its versions in a few requests. A
   * customer without an account, or whose account has no version, maps to undefined.
   */
  async accountVersions(
    tenantId: string,
    customerIds: readonly string[],
    /** Filled with each account's version and recorded references (the same read: no extra units). */
    guards?: Map<string, AccountGuard>,
  ): Promise<Map<string, number | undefined>> {
    const versions = new Map<string, number | undefined>(customerIds.map((c) => [c, undefined]));
    if (customerIds.length === 0) return versions;
    const items = await this.batchGet(
      [...versions.keys()].map((c) => accountKey(tenantId, c)),
      { expression: 'customerId, #v, #r, #g', names: { '#v': VERSION, '#r': REFS_ATTR, '#g': GONE_ATTR } },
    );
    for (const i of items) {
      const v = i[VERSION];
      if (typeof i.customerId === 'string' && typeof v === 'number') versions.set(i.customerId, v);
      if (typeof i.customerId === 'string') guards?.set(i.customerId, guardOf(i));
    }
    return versions;
  }

  /**
   * Who owns each of `ids` on `tab` (customer and currency), for rules across tabs (a payment naming
   * another customer's invoice). Ids not stored are absent.
   */
  async rowOwners(
    tenantId: string,
    tab: TabName,
    ids: readonly string[],
  ): Promise<Map<string, { customerId: string; currency?: string }>> {
    if (ids.length === 0) return new Map();
    const items = await this.batchGet(
      [...new Set(ids)].map((id) => rowKey(tenantId, tab, id)),
      { expression: 'rowId, customerId, #f.#c', names: { '#f': 'fields', '#c': 'currency' } },
    );
    return new Map(
      items.map((i) => [
        i.rowId as string,
        {
          customerId: i.customerId as string,
          currency: (i.fields as { currency?: string } | undefined)?.currency,
        },
      ]),
    );
  }

  /** Removes a customer's account (the customer was deleted from the ledger); BatchWriteItem, no DeleteItem. */
  async deleteAccount(tenantId: string, customerId: string): Promise<void> {
    await this.batchWrite([{ DeleteRequest: { Key: accountKey(tenantId, customerId) } }]);
  }

  async getAccount(tenantId: string, customerId: string): Promise<Record<string, unknown> | undefined> {
    const res = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: accountKey(tenantId, customerId),
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.meter.readUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
    return decodeSnapshot(res.Item);
  }

  /** Snapshots of every account on the open index: what the daily run reads, and nothing else. */
  async openAccounts(tenantId: string): Promise<Record<string, unknown>[]> {
    const shards = await Promise.all(
      Array.from({ length: OPEN_SHARDS }, (_, shard) =>
        this.queryAll({
          TableName: this.tableName,
          IndexName: TABLE.open.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE.open.pk },
          ExpressionAttributeValues: { ':pk': openShardKey(tenantId, shard) },
        }),
      ),
    );
    return shards.flat().map((i) => decodeSnapshot(i)!);
  }

  /** Every account snapshot of the tenant that a status pull asks for, by customer id. */
  async accounts(tenantId: string, customerIds: readonly string[]): Promise<Record<string, unknown>[]> {
    const items = await this.batchGet(customerIds.map((id) => accountKey(tenantId, id)));
    // An account item holding only recent references (recent-refs.ts) has no snapshot yet.
    return items.map((i) => decodeSnapshot(i)).filter((s): s is Record<string, unknown> => s !== undefined);
  }
}
