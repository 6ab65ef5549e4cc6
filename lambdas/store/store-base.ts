import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
/** Capacity the store has consumed, summed from DynamoDB's `ConsumedCapacity` answers. */
export interface CapacityMeter {
  readUnits: number;
  writeUnits: number;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
