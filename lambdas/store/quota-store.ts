// Per-office quota counters in DynamoDB (requests per minute, rows stored, emails per day), so every
// Lambda instance counts against the same numbers; and the operator's per-office limit overrides.
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { assertTenantId, TABLE } from './keys.js';

/**
 * The office's request counts for the sliding minute: this minute's and the one before's, read
 * back from the one item the request was counted in.
 */
export interface RequestWindow {
  /** Minutes since the epoch (UTC) of `current`. */
  minute: number;
  current: number;
  /** The count of minute - 1 (0 when that minute had none). */
  previous: number;
}

/** The limits an office runs under; 0 means "no limit". */
export interface QuotaLimits {
  apiRequestsPerMinute: number;
  rowsStored: number;
  emailsPerDay: number;
}

export const QUOTA_NAMES = [
  'apiRequestsPerMinute',
  'rowsStored',
  'emailsPerDay',
] as const satisfies readonly (keyof QuotaLimits)[];

/** A window counter: one item per office and window, expiring a day after its window. */
export function windowCounterKey(tenantId: string, counter: 'api' | 'emails', window: string) {
  assertTenantId(tenantId);
  return { pk: `T#${tenantId}#QUOTA#${counter}#${window}`, sk: 'QUOTA' };
}

/**
 * The office's request-rate item: two slots (even and odd minutes), each `w<slot>` (its minute) and
 * `c<slot>` (its count), so one update counts this minute and returns the minute before.
 */
export function requestRateKey(tenantId: string) {
  assertTenantId(tenantId);
  return { pk: `T#${tenantId}#QUOTA#api`, sk: 'RATE' };
}

/** The office's running totals (rows stored). */
export function usageKey(tenantId: string) {
  assertTenantId(tenantId);
  return { pk: `T#${tenantId}#USAGE`, sk: 'USAGE' };
}

/** The operator's limits for one office, overriding the deployment's (any subset). */
export function limitsKey(tenantId: string) {
  assertTenantId(tenantId);
  return { pk: `T#${tenantId}#LIMITS`, sk: 'LIMITS' };
}

export class QuotaStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Adds `n` to a window counter and returns the new count (one UpdateItem, atomic). */
  async count(
    tenantId: string,
    counter: 'api' | 'emails',
    window: string,
    expiresAt: number,
    n = 1,
  ): Promise<number> {
    const res = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: windowCounterKey(tenantId, counter, window),
        UpdateExpression: 'ADD #n :n SET #e = :e',
        ExpressionAttributeNames: { '#n': 'n', '#e': TABLE.ttl },
        ExpressionAttributeValues: { ':n': n, ':e': expiresAt },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(res.Attributes?.n ?? 0);
  }

  /** A window counter's value (0 when nothing was counted). */
  async counted(tenantId: string, counter: 'api' | 'emails', window: string): Promise<number> {
    const res = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: windowCounterKey(tenantId, counter, window),
        ConsistentRead: true,
      }),
    );
    return Number(res.Item?.n ?? 0);
  }

  /**
   * Counts one request in the office's sliding minute and returns this minute's and the previous
   * minute's counts. One UpdateItem (1 WCU) in the usual case; the first request of a minute costs
   * one more (the slot of two minutes ago is reset under a condition, so concurrent instances never
   * lose a count).
   */
  async countRequest(tenantId: string, now: Date): Promise<RequestWindow> {
    const minute = Math.floor(now.getTime() / 60_000);
    const slot = minute % 2;
    const expiresAt = Math.floor(now.getTime() / 1000) + 86_400;
    const names = { '#w': `w${slot}`, '#c': `c${slot}`, '#e': TABLE.ttl };
    const update = (expression: string, condition: string) =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestRateKey(tenantId),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':m': minute, ':one': 1, ':e': expiresAt },
          ReturnValues: 'ALL_NEW',
        }),
      );
    let attributes: Record<string, unknown> | undefined;
    try {
      attributes = (await update('ADD #c :one SET #e = :e', '#w = :m')).Attributes;
    } catch (e) {
      if (!conditionFailed(e)) throw e;
      try {
        // The first request of this minute: the slot still holds minute - 2 (or nothing).
        attributes = (await update('SET #w = :m, #c = :one, #e = :e', 'attribute_not_exists(#w) OR #w < :m'))
          .Attributes;
      } catch (e2) {
        if (!conditionFailed(e2)) throw e2;
        // Another instance started this minute (or one whose clock runs ahead started the next):
        // count in the slot it started, towards the newer minute, so the count errs high.
        attributes = (await update('ADD #c :one SET #e = :e', '#w >= :m')).Attributes;
      }
    }
    return windowOf(attributes, minute);
  }

  /** Takes back a request counted by `countRequest` that was then refused (1 WCU). */
  async uncountRequest(tenantId: string, minute: number): Promise<void> {
    const slot = minute % 2;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestRateKey(tenantId),
          UpdateExpression: 'ADD #c :minus',
          ConditionExpression: '#w = :m AND #c > :zero',
          ExpressionAttributeNames: { '#w': `w${slot}`, '#c': `c${slot}` },
          ExpressionAttributeValues: { ':m': minute, ':minus': -1, ':zero': 0 },
        }),
      );
    } catch (e) {
      // The minute moved on meanwhile: the refused request stays counted in it (errs high).
      if (!conditionFailed(e)) throw e;
    }
  }

  /** The office's sliding-minute counts without counting (GET /v1/me). */
  async requestWindow(tenantId: string, now: Date): Promise<RequestWindow> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: requestRateKey(tenantId), ConsistentRead: true }),
    );
    return windowOf(res.Item, Math.floor(now.getTime() / 60_000));
  }

  async rowsStored(tenantId: string): Promise<number> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: usageKey(tenantId), ConsistentRead: true }),
    );
    return Number(res.Item?.rows ?? 0);
  }

  /** Adds (or with a negative `delta`, takes) rows to the office's stored-rows total. */
  async addRows(tenantId: string, delta: number): Promise<number> {
    if (delta === 0) return this.rowsStored(tenantId);
    return addStoredRows(this.doc, this.tableName, tenantId, delta);
  }

  /** The operator's overrides for the office (absent keys: the deployment's limit). */
  async overrides(tenantId: string): Promise<Partial<QuotaLimits>> {
    const res = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: limitsKey(tenantId) }));
    const out: Partial<QuotaLimits> = {};
    for (const name of QUOTA_NAMES) {
      const v = res.Item?.[name];
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) out[name] = v;
    }
    return out;
  }

  /** Sets the operator's overrides for one office (`null` removes one). */
  async setOverrides(tenantId: string, limits: { [K in keyof QuotaLimits]?: number | null }): Promise<void> {
    const set = Object.entries(limits).filter(([, v]) => typeof v === 'number');
    const remove = Object.entries(limits).filter(([, v]) => v === null);
    const names = Object.fromEntries([...set, ...remove].map(([k], i) => [`#k${i}`, k]));
    const parts: string[] = [];
    if (set.length) parts.push(`SET ${set.map((_, i) => `#k${i} = :v${i}`).join(', ')}`);
    if (remove.length) parts.push(`REMOVE ${remove.map((_, i) => `#k${i + set.length}`).join(', ')}`);
    if (parts.length === 0) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: limitsKey(tenantId),
        UpdateExpression: parts.join(' '),
        ExpressionAttributeNames: names,
        ...(set.length
          ? { ExpressionAttributeValues: Object.fromEntries(set.map(([, v], i) => [`:v${i}`, v])) }
          : {}),
      }),
    );
  }
}

/**
 * Adds rows to the office's stored-rows total (one UpdateItem). Shared by the quota checks of the
 * API and by the ledger service, which counts the rows Duebook writes itself (payments from Stripe,
 * the debtor page's promises and plans, logged activity).
 */
export async function addStoredRows(
  doc: DynamoDBDocumentClient,
  tableName: string,
  tenantId: string,
  delta: number,
): Promise<number> {
  const res = await doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: usageKey(tenantId),
      UpdateExpression: 'ADD #r :d',
      ExpressionAttributeNames: { '#r': 'rows' },
      ExpressionAttributeValues: { ':d': delta },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(res.Attributes?.rows ?? 0);
}

function conditionFailed(e: unknown): boolean {
  return (e as { name?: string }).name === 'ConditionalCheckFailedException';
}

function windowOf(item: Record<string, unknown> | undefined, minute: number): RequestWindow {
  const count = (m: number) => {
    const slot = m % 2;
    return Number(item?.[`w${slot}`]) === m ? Number(item?.[`c${slot}`] ?? 0) : 0;
  };
  return { minute, current: count(minute), previous: count(minute - 1) };
}
