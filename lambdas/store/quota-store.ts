// Per-office quota counters in DynamoDB (requests per minute, rows stored, emails per day), so every
// Lambda instance counts against the same numbers; and the operator's per-office limit overrides.
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { assertTenantId, TABLE } from './keys.js';

/**
 * The office's request counts per second over the last `RATE_BUCKETS` whole seconds, read back
 * from the one item the request was counted in (`lambdas/services/request-rate.ts` decides on them).
 */
export interface RequestWindow {
  /** Seconds since the epoch (UTC) of the request counted (or read at). */
  second: number;
  /** Counts of the seconds `second - RATE_BUCKETS + 1 .. second` that had any, oldest first. */
  buckets: readonly RequestBucket[];
}

export interface RequestBucket {
  second: number;
  count: number;
}

/**
 * Seconds kept per office: 60 s plus the second before, so every 60 s interval that ends at a
 * request lies inside the seconds counted for it (see request-rate.ts for the bound this gives).
 */
export const RATE_BUCKETS = 61;

/** A bucket holds `second * RATE_SCALE + count` in one number: one attribute, one condition. */
const RATE_SCALE = 2 ** 20;

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
 * The office's request-rate item: `RATE_BUCKETS` slots `r0`..`r60`, slot `second % 61` holding
 * `second * 2^20 + count`, so one update counts this second and returns every second of the window.
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
   * Counts one request in its second and returns the office's counts of the last 61 seconds. One
   * UpdateItem (1 WCU: the item stays under 1 KB) in the usual case; the first request of a second
   * costs one more (its slot, last used 61 s or more ago, is reset under a condition, so concurrent
   * instances never lose a count).
   */
  async countRequest(tenantId: string, now: Date): Promise<RequestWindow> {
    const second = Math.floor(now.getTime() / 1000);
    const base = second * RATE_SCALE;
    const expiresAt = second + 86_400;
    const update = (expression: string, condition: string, values: Record<string, number>) =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestRateKey(tenantId),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#b': rateSlot(second), '#e': TABLE.ttl },
          ExpressionAttributeValues: { ...values, ':e': expiresAt },
          ReturnValues: 'ALL_NEW',
        }),
      );
    let attributes: Record<string, unknown> | undefined;
    try {
      attributes = (
        await update('ADD #b :one SET #e = :e', '#b BETWEEN :base AND :top', {
          ':one': 1,
          ':base': base,
          ':top': base + RATE_SCALE - 1,
        })
      ).Attributes;
    } catch (e) {
      if (!conditionFailed(e)) throw e;
      try {
        // The first request of this second: the slot still holds a second 61 or more ago (or nothing).
        attributes = (
          await update('SET #b = :first, #e = :e', 'attribute_not_exists(#b) OR #b < :base', {
            ':first': base + 1,
            ':base': base,
          })
        ).Attributes;
      } catch (e2) {
        if (!conditionFailed(e2)) throw e2;
        // Another instance started this second between the two updates: count in it.
        attributes = (await update('ADD #b :one SET #e = :e', '#b >= :base', { ':one': 1, ':base': base }))
          .Attributes;
      }
    }
    return windowOf(attributes, second);
  }

  /** Takes back a request counted by `countRequest` in `second` that was then refused (1 WCU). */
  async uncountRequest(tenantId: string, second: number): Promise<void> {
    const base = second * RATE_SCALE;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestRateKey(tenantId),
          UpdateExpression: 'ADD #b :minus',
          ConditionExpression: '#b BETWEEN :low AND :top',
          ExpressionAttributeNames: { '#b': rateSlot(second) },
          ExpressionAttributeValues: { ':minus': -1, ':low': base + 1, ':top': base + RATE_SCALE - 1 },
        }),
      );
    } catch (e) {
      // The slot moved on to a later second meanwhile (61 s later): nothing left to take back.
      if (!conditionFailed(e)) throw e;
    }
  }

  /** The office's counts of the last 61 seconds without counting (GET /v1/me). */
  async requestWindow(tenantId: string, now: Date): Promise<RequestWindow> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: requestRateKey(tenantId), ConsistentRead: true }),
    );
    return windowOf(res.Item, Math.floor(now.getTime() / 1000));
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

function rateSlot(second: number): string {
  return `r${second % RATE_BUCKETS}`;
}

/** The buckets of the item within the 61 seconds up to `second` (a slot of another second is not). */
function windowOf(item: Record<string, unknown> | undefined, second: number): RequestWindow {
  const buckets: RequestBucket[] = [];
  for (let s = second - RATE_BUCKETS + 1; s <= second; s++) {
    const v = Number(item?.[rateSlot(s)]);
    if (!Number.isFinite(v) || Math.floor(v / RATE_SCALE) !== s) continue;
    const count = v - s * RATE_SCALE;
    if (count > 0) buckets.push({ second: s, count });
  }
  return { second, buckets };
}
