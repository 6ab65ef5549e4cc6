// Per-office quota counters in DynamoDB (requests per minute, rows stored, emails per day), so every
// Lambda instance counts against the same numbers; and the operator's per-office limit overrides.
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { assertTenantId, TABLE } from './keys.js';

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

  async rowsStored(tenantId: string): Promise<number> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: usageKey(tenantId), ConsistentRead: true }),
    );
    return Number(res.Item?.rows ?? 0);
  }

  /** Adds (or with a negative `delta`, takes) rows to the office's stored-rows total. */
  async addRows(tenantId: string, delta: number): Promise<number> {
    if (delta === 0) return this.rowsStored(tenantId);
    const res = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: usageKey(tenantId),
        UpdateExpression: 'ADD #r :d',
        ExpressionAttributeNames: { '#r': 'rows' },
        ExpressionAttributeValues: { ':d': delta },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(res.Attributes?.rows ?? 0);
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
