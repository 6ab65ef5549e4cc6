import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { MAX_TRANSACTION_BYTES, MAX_TRANSACTION_ITEMS } from './recent-refs.js';
import { sleep } from './retry-wait.js';
/** Capacity the store has consumed, summed from DynamoDB's `ConsumedCapacity` answers. */
export interface CapacityMeter {
  readUnits: number;
  writeUnits: number;
}

/** One conditional Put or Update of `transactEach`, with its size in bytes (estimated). */
export interface TransactWrite {
  action: NonNullable<TransactWriteCommandInput['TransactItems']>[number];
  bytes: number;
}

/**
 * What became of one write of `transactEach`: stored; refused by its own condition; or not
 * settled (its transaction was cancelled for another reason, or failed): the caller writes it alone.
 */
export type TransactOutcome = 'written' | 'refused' | 'unsettled';

/**
 * The store's one table and the batched reads and writes every part of it uses, with the
 * capacity they consume. The store's methods are split by responsibility over a chain of classes
 * (this one, outbox-store.ts, settings-store.ts, ledger-store.ts), all on this one table.
 */
export class StoreBase {
  readonly meter: CapacityMeter = { readUnits: 0, writeUnits: 0 };

  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  protected async batchGet(
    keys: Record<string, string>[],
    projection?: { expression: string; names: Record<string, string> },
    consistent = false,
  ): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Record<string, string>[] | undefined = keys.slice(i, i + 100);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error('DynamoDB kept returning unprocessed keys');
        if (attempt > 0) await sleep(2 ** attempt * 10);
        const res = await this.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: pending,
                ...(consistent ? { ConsistentRead: true } : {}),
                ...(projection
                  ? {
                      ProjectionExpression: projection.expression,
                      ...(Object.keys(projection.names).length > 0
                        ? { ExpressionAttributeNames: projection.names }
                        : {}),
                    }
                  : {}),
              },
            },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        for (const c of res.ConsumedCapacity ?? []) this.meter.readUnits += c.CapacityUnits ?? 0;
        out.push(...((res.Responses?.[this.tableName] as Record<string, unknown>[] | undefined) ?? []));
        pending = res.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, string>[] | undefined;
      }
    }
    return out;
  }

  protected async batchWrite(
    requests: Record<string, unknown>[],
    onBatch?: (done: number) => void,
  ): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      let pending: Record<string, unknown>[] | undefined = requests.slice(i, i + 25);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error('DynamoDB kept returning unprocessed writes');
        if (attempt > 0) await sleep(2 ** attempt * 10);
        const res = await this.doc.send(
          new BatchWriteCommand({
            RequestItems: { [this.tableName]: pending as never },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        for (const c of res.ConsumedCapacity ?? []) this.meter.writeUnits += c.CapacityUnits ?? 0;
        pending = res.UnprocessedItems?.[this.tableName] as Record<string, unknown>[] | undefined;
      }
      onBatch?.(Math.min(i + 25, requests.length));
    }
  }

  /**
   * Many conditional writes, each with its own condition, in TransactWriteItems of at most 100
   * writes and 3 MB: one request for up to 100 items where a PutItem or UpdateItem each would take
   * a request apiece. A transaction is all or nothing, so when some writes' conditions fail, the
   * others go again in a transaction without them. Never throws: a transaction that fails otherwise
   * leaves its writes `unsettled`, for the caller's own write of each. The writes must name
   * distinct items. DynamoDB charges a transactional write twice the units of a plain one.
   */
  protected async transactEach(writes: readonly TransactWrite[]): Promise<TransactOutcome[]> {
    const outcomes: TransactOutcome[] = writes.map(() => 'unsettled');
    const groups: number[][] = [];
    let group: number[] = [];
    let bytes = 0;
    for (const [i, w] of writes.entries()) {
      if (
        group.length === MAX_TRANSACTION_ITEMS ||
        (group.length > 0 && bytes + w.bytes > MAX_TRANSACTION_BYTES)
      ) {
        groups.push(group);
        group = [];
        bytes = 0;
      }
      group.push(i);
      bytes += w.bytes;
    }
    if (group.length > 0) groups.push(group);
    for (const g of groups) {
      let pending = g;
      while (pending.length > 0) {
        try {
          const res = await this.doc.send(
            new TransactWriteCommand({
              TransactItems: pending.map((i) => writes[i]!.action),
              ReturnConsumedCapacity: 'TOTAL',
            }),
          );
          for (const c of res.ConsumedCapacity ?? []) this.meter.writeUnits += c.CapacityUnits ?? 0;
          for (const i of pending) outcomes[i] = 'written';
          pending = [];
        } catch (e) {
          const reasons =
            (e as { name?: string }).name === 'TransactionCanceledException'
              ? ((e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [])
              : [];
          // 'None': cancelled only because another write of the transaction failed; written again.
          const again = pending.filter((_, k) => reasons[k]?.Code === 'None');
          pending.forEach((i, k) => {
            if (reasons[k]?.Code === 'ConditionalCheckFailed') outcomes[i] = 'refused';
          });
          pending = again.length < pending.length ? again : [];
        }
      }
    }
    return outcomes;
  }

  protected async queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new QueryCommand({ ...input, ExclusiveStartKey: start, ReturnConsumedCapacity: 'TOTAL' }),
      );
      this.meter.readUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
      out.push(...((res.Items as Record<string, unknown>[] | undefined) ?? []));
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
