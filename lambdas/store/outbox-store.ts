// The outbox (planned actions and their statuses), the archive of sent messages, the review queue,
// dispatch, suppressions and traces: the store's part about reaching debtors.
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RowFields } from '../../core/ledger/schema-rows.js';
import {
  customerCollection,
  dispatchPartition,
  messageKey,
  outboxKey,
  pendingPartition,
  reviewPartition,
  rowKey,
  suppressionKey,
  TABLE,
} from './keys.js';
import {
  type ArchivedMessage,
  decodeArchivedMessage,
  dispatchIndex,
  IN_REVIEW,
  type OutboxEntry,
  type OutboxRefKey,
  type OutboxStatus,
  outboxRefId,
  packBody,
  reviewIndex,
} from './outbox-types.js';
import { rowHash } from './row-hash.js';
import { StoreBase, type TransactOutcome } from './store-base.js';
import { openTraceTask, type TraceOpening } from './trace-tasks.js';

/** The conditional put that records a planned action once. */
function outboxPut(tableName: string, entry: OutboxEntry) {
  return {
    TableName: tableName,
    Item: {
      ...outboxKey(entry.tenantId, entry.customerId, entry.stage, entry.channel, entry.cycle),
      ...entry,
      // Entries awaiting review (or failed) sit in the tenant's review partition of the sparse
      // index; planned emails wait on its dispatch partition, ordered by when their window opens.
      ...(IN_REVIEW.includes(entry.status) ? reviewIndex(entry, entry.plannedOn) : {}),
      ...(entry.status === 'planned' ? dispatchIndex(entry, entry.notBefore) : {}),
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
}

export class OutboxStore extends StoreBase {
  /**
   * Records a planned action once: a conditional put on tenant, customer, stage, channel and
   * cycle. Returns false when it was already there (a re-run, a retry, a duplicate event).
   */
  async putOutboxOnce(entry: OutboxEntry): Promise<boolean> {
    try {
      const res = await this.doc.send(
        new PutCommand({ ...outboxPut(this.tableName, entry), ReturnConsumedCapacity: 'TOTAL' }),
      );
      this.meter.writeUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
      return true;
    } catch (e) {
      if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  /**
   * `putOutboxOnce` for many new entries at once, in transactions of up to 100 (`transactEach`),
   * each under its own condition. Per entry (`outboxRefId`): `written`, `refused` (already there),
   * or `unsettled` (record it alone). Entries must have distinct keys.
   */
  async putOutboxEntriesOnce(entries: readonly OutboxEntry[]): Promise<Map<string, TransactOutcome>> {
    const outcomes = await this.transactEach(
      entries.map((e) => {
        const put = outboxPut(this.tableName, e);
        return { action: { Put: put }, bytes: JSON.stringify(put.Item).length + 256 };
      }),
    );
    return new Map(entries.map((e, i) => [outboxRefId(e), outcomes[i]!]));
  }

  async getOutbox(
    tenantId: string,
    customerId: string,
    stage: string,
    channel: string,
    cycle: string,
  ): Promise<OutboxEntry | undefined> {
    const res = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: outboxKey(tenantId, customerId, stage, channel, cycle),
        ConsistentRead: true,
      }),
    );
    return res.Item as OutboxEntry | undefined;
  }

  /**
   * `getOutbox` for many keys in BatchGetItem calls (100 keys each, consistent reads): the daily
   * run learns which of its planned actions are already recorded before it writes, so a day that
   * plans again what an earlier day recorded costs a read per hundred actions, not a write each.
   * Keyed by `customerId#stage#channel#cycle`; keys not stored are absent.
   */
  async outboxEntries(
    tenantId: string,
    keys: readonly Omit<OutboxRefKey, 'tenantId'>[],
  ): Promise<Map<string, OutboxEntry>> {
    const found = new Map<string, OutboxEntry>();
    if (keys.length === 0) return found;
    const unique = new Map(
      keys.map((k) => [outboxRefId(k), outboxKey(tenantId, k.customerId, k.stage, k.channel, k.cycle)]),
    );
    for (const item of await this.batchGet([...unique.values()], undefined, true)) {
      const entry = item as unknown as OutboxEntry;
      if (entry.tenantId === tenantId) found.set(outboxRefId(entry), entry);
    }
    return found;
  }

  /** Every outbox entry of one customer (for status, history and the review queue). */
  async customerOutbox(tenantId: string, customerId: string): Promise<OutboxEntry[]> {
    return (await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `${customerCollection(tenantId, customerId)}#OUT` },
    })) as unknown as OutboxEntry[];
  }

  /**
   * Moves an outbox entry from one status to another only if it is still in `from`: the guard that
   * lets exactly one sender claim a message. Returns false if someone else moved it first.
   * An entry stays on the dispatch index while queued or sending (so a lost queue message or an
   * unconfirmed send is found again) and in the review partition while in review; `extra` may put
   * it on a partition itself (`dispatchIndex`, `reviewIndex`); any other move takes it off.
   */
  async transitionOutbox(
    key: OutboxRefKey,
    from: readonly OutboxStatus[],
    to: OutboxStatus,
    extra: Record<string, unknown> = {},
  ): Promise<boolean> {
    const names: Record<string, string> = { '#s': 'status' };
    const values: Record<string, unknown> = { ':to': to };
    const sets = ['#s = :to'];
    from.forEach((f, i) => {
      values[`:f${i}`] = f;
    });
    Object.entries(extra).forEach(([k, v], i) => {
      names[`#e${i}`] = k;
      values[`:e${i}`] = v;
      sets.push(`#e${i} = :e${i}`);
    });
    const keepIndex =
      to === 'awaiting-review' || to === 'queued' || to === 'sending' || TABLE.open.pk in extra;
    try {
      const res = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: outboxKey(key.tenantId, key.customerId, key.stage, key.channel, key.cycle),
          UpdateExpression: `SET ${sets.join(', ')}${keepIndex ? '' : ` REMOVE ${TABLE.open.pk}, ${TABLE.open.sk}`}`,
          ConditionExpression: `attribute_exists(pk) AND #s IN (${from.map((_, i) => `:f${i}`).join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.meter.writeUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
      return true;
    } catch (e) {
      if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  /**
   * Settles an outbox entry that will not be sent (`transitionOutbox`'s guard) and writes its note
   * on the customer's Activity in one transaction, with a pending marker for the customer: a crash
   * can leave neither or both, never an entry cancelled without its note. The note's row id is
   * fixed by the caller, so writing it again is harmless. The caller recomputes the snapshot
   * afterwards and clears the marker (its sort key is returned); if it dies first, the marker has
   * the next run (or the next read) do it. Returns undefined (and writes nothing) when the entry
   * was no longer in `from`.
   */
  async settleOutboxWithNote(
    key: OutboxRefKey,
    from: readonly OutboxStatus[],
    to: OutboxStatus,
    extra: Record<string, unknown>,
    note: Record<string, unknown> & { activityId: string; customerId: string },
    now: string,
  ): Promise<string | undefined> {
    const markerSk = `${now}#${randomBytes(6).toString('base64url')}`;
    const names: Record<string, string> = { '#s': 'status' };
    const values: Record<string, unknown> = { ':to': to };
    const sets = ['#s = :to'];
    from.forEach((f, i) => {
      values[`:f${i}`] = f;
    });
    Object.entries(extra).forEach(([k, v], i) => {
      names[`#e${i}`] = k;
      values[`:e${i}`] = v;
      sets.push(`#e${i} = :e${i}`);
    });
    const fields = { row: 0, ...note } as RowFields;
    try {
      const res = await this.doc.send(
        new TransactWriteCommand({
          ReturnConsumedCapacity: 'TOTAL',
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: outboxKey(key.tenantId, key.customerId, key.stage, key.channel, key.cycle),
                UpdateExpression: `SET ${sets.join(', ')} REMOVE ${TABLE.open.pk}, ${TABLE.open.sk}`,
                ConditionExpression: `attribute_exists(pk) AND #s IN (${from.map((_, i) => `:f${i}`).join(', ')})`,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...rowKey(key.tenantId, 'Activity', note.activityId),
                  [TABLE.byCustomer.pk]: customerCollection(key.tenantId, note.customerId),
                  [TABLE.byCustomer.sk]: `Activity#${note.activityId}`,
                  tab: 'Activity',
                  rowId: note.activityId,
                  customerId: note.customerId,
                  hash: rowHash(fields),
                  fields,
                  updatedAt: now,
                },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: pendingPartition(key.tenantId),
                  sk: markerSk,
                  createdAt: now,
                  customers: [note.customerId],
                },
              },
            },
          ],
        }),
      );
      for (const c of res.ConsumedCapacity ?? []) this.meter.writeUnits += c.CapacityUnits ?? 0;
      return markerSk;
    } catch (e) {
      if ((e as { name?: string }).name !== 'TransactionCanceledException') throw e;
      const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return undefined;
      throw e;
    }
  }

  /**
   * Archives a message sent (idempotent: the Send event and the sender may both record it; the
   * first copy stays). Kept without expiry: retention decides when it may go.
   */
  async archiveMessage(tenantId: string, message: ArchivedMessage): Promise<void> {
    const { text, html, ...rest } = message;
    try {
      const res = await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...messageKey(tenantId, message.customerId, message.stage, message.channel, message.cycle),
            ...rest,
            tenantId,
            bodyZ: packBody(text, html),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.meter.writeUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
    } catch (e) {
      if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw e;
    }
  }

  /** Every archived message of one customer, oldest first. */
  async messages(tenantId: string, customerId: string): Promise<ArchivedMessage[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `${customerCollection(tenantId, customerId)}#MSG` },
    });
    return items
      .map(decodeArchivedMessage)
      .sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.outboxKey.localeCompare(b.outboxKey));
  }

  /** Every outbox entry awaiting a clerk's approval (review mode), oldest plan first. */
  async reviewQueue(tenantId: string): Promise<OutboxEntry[]> {
    return (await this.queryAll({
      TableName: this.tableName,
      IndexName: TABLE.open.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': TABLE.open.pk },
      ExpressionAttributeValues: { ':pk': reviewPartition(tenantId) },
    })) as unknown as OutboxEntry[];
  }

  /**
   * A clerk's approval: the entry leaves the review queue and waits for its contact window like
   * any planned email (the hourly dispatch sends it). Returns false if it was not awaiting review.
   */
  async approve(key: OutboxRefKey, decidedBy: string, at: string): Promise<boolean> {
    const entry = await this.getOutbox(key.tenantId, key.customerId, key.stage, key.channel, key.cycle);
    if (entry?.status !== 'awaiting-review') return false;
    return this.transitionOutbox(key, ['awaiting-review'], 'planned', {
      decidedBy,
      decidedAt: at,
      ...dispatchIndex(key, entry.notBefore),
    });
  }

  /**
   * Email entries on the dispatch index whose moment has come by `now`: planned ones to queue,
   * and queued or sending ones to look at again (a lost queue message, an unconfirmed send).
   */
  async dueForDispatch(tenantId: string, now: Date): Promise<OutboxEntry[]> {
    return (await this.queryAll({
      TableName: this.tableName,
      IndexName: TABLE.open.name,
      KeyConditionExpression: '#pk = :pk AND #sk <= :now',
      ExpressionAttributeNames: { '#pk': TABLE.open.pk, '#sk': TABLE.open.sk },
      ExpressionAttributeValues: {
        ':pk': dispatchPartition(tenantId),
        ':now': `${now.toISOString()}#\uffff`,
      },
    })) as unknown as OutboxEntry[];
  }

  async suppress(tenantId: string, email: string, reason: string, at: string, source: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...suppressionKey(tenantId, email), email: email.toLowerCase(), reason, at, source },
      }),
    );
  }

  async isSuppressed(tenantId: string, email: string): Promise<boolean> {
    const res = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: suppressionKey(tenantId, email),
        ConsistentRead: true,
      }),
    );
    return res.Item !== undefined;
  }

  async suppressedEmails(tenantId: string, emails: readonly string[]): Promise<Set<string>> {
    const items = await this.batchGet(
      [...new Set(emails.map((e) => e.toLowerCase()))].map((e) => suppressionKey(tenantId, e)),
    );
    return new Set(items.map((i) => i.email as string));
  }

  async openTrace(
    tenantId: string,
    customerId: string,
    openedAt: string,
    reason: string,
    detail: Record<string, unknown>,
  ): Promise<TraceOpening> {
    return openTraceTask(this.doc, this.tableName, { tenantId, customerId, openedAt, reason, detail });
  }

  async traces(tenantId: string, customerId: string): Promise<Record<string, unknown>[]> {
    return this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `${customerCollection(tenantId, customerId)}#TRACE` },
    });
  }
}
