// The office registry (which offices exist, in which zone) and the per-office run claims of the fan-out.
//
// Why a registry item and not a sparse index on the settings items: the tick reads the list of
// offices 96 times a day. A registry item is ~60 bytes (tenant id, zone, last plan date), so 1,000
// offices are one ~60 KB Query, about 8 read units eventually consistent; a sparse index on the
// settings items would project the whole settings item (ladder, changes, office name: 0.5-2 KB)
// for the same answer, 10-30x the read units, and add an index write to every settings change.
// The registry is kept by the two writers of a zone (putSettings, changeSettings) in LedgerStore.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { OFFICE_REGISTRY_PK, officeRegistryKey, runKey, TABLE } from './keys.js';

/** One office as the tick sees it. */
export interface OfficeEntry {
  tenantId: string;
  timeZone: string;
  /** The last local date whose plan the tick claimed (absent: never planned). */
  lastPlan?: string;
}

/** A run claim is kept this long (the history of when each office was planned). */
export const RUN_CLAIM_TTL_DAYS = 35;

/** The UpdateItem that registers an office or moves it to another zone, keeping its last plan date. */
export function officeRegistration(
  tableName: string,
  tenantId: string,
  timeZone: string,
): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: officeRegistryKey(tenantId),
    UpdateExpression: 'SET tenantId = :t, #z = :z',
    ExpressionAttributeNames: { '#z': 'timeZone' },
    ExpressionAttributeValues: { ':t': tenantId, ':z': timeZone },
  };
}

export class OfficeStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async register(tenantId: string, timeZone: string): Promise<void> {
    await this.doc.send(new UpdateCommand(officeRegistration(this.tableName, tenantId, timeZone)));
  }

  /** Every registered office: one partition, read whole (eventually consistent, keys projected away). */
  async offices(): Promise<OfficeEntry[]> {
    const out: OfficeEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res: QueryCommandOutput = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE.pk, '#z': 'timeZone' },
          ExpressionAttributeValues: { ':pk': OFFICE_REGISTRY_PK },
          ProjectionExpression: 'tenantId, #z, lastPlan',
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of res.Items ?? []) {
        out.push({
          tenantId: String(item.tenantId),
          timeZone: String(item.timeZone),
          ...(typeof item.lastPlan === 'string' ? { lastPlan: item.lastPlan } : {}),
        });
      }
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /**
   * Claims one run of an office (a conditional put of `T#tenant#RUN#slot#job`): true for the first
   * claim, false when that run was already claimed (a tick run twice, a retried tick). A claim the
   * tick released because its queue message could not be sent can be claimed again.
   */
  async claimRun(tenantId: string, slot: string, job: string, at: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...runKey(tenantId, slot, job),
            tenantId,
            slot,
            job,
            status: 'claimed',
            claimedAt: at.toISOString(),
            [TABLE.ttl]: Math.floor(at.getTime() / 1000) + RUN_CLAIM_TTL_DAYS * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #s = :released',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':released': 'released' },
        }),
      );
      return true;
    } catch (e) {
      if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  /** Gives a claim back (its message never reached the queue), so the next tick claims it again. */
  async releaseRun(tenantId: string, slot: string, job: string, at: Date): Promise<void> {
    await this.setRunStatus(tenantId, slot, job, 'released', at, {});
  }

  /** Records how a claimed run ended (`done` with its counts, or `failed` with the error). */
  async finishRun(
    tenantId: string,
    slot: string,
    job: string,
    status: 'done' | 'failed',
    at: Date,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.setRunStatus(tenantId, slot, job, status, at, detail);
  }

  /** Reads a run claim (tests, the operator's "was this office planned today?"). */
  async run(tenantId: string, slot: string, job: string): Promise<Record<string, unknown> | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: runKey(tenantId, slot, job), ConsistentRead: true }),
    );
    return res.Item;
  }

  /** Notes in the registry that the office's plan for `localDate` is claimed, so later ticks skip it. */
  async markPlanned(tenantId: string, localDate: string): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: officeRegistryKey(tenantId),
          UpdateExpression: 'SET lastPlan = :d',
          // Never moves back (a late tick of yesterday), and never creates a registry item.
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastPlan) OR lastPlan < :d)',
          ExpressionAttributeValues: { ':d': localDate },
        }),
      )
      .catch((e: { name?: string }) => {
        if (e.name !== 'ConditionalCheckFailedException') throw e;
      });
  }

  private async setRunStatus(
    tenantId: string,
    slot: string,
    job: string,
    status: string,
    at: Date,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: runKey(tenantId, slot, job),
        UpdateExpression: 'SET #s = :s, finishedAt = :at, detail = :d',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': status, ':at': at.toISOString(), ':d': detail },
      }),
    );
  }
}
