// An office's rows of some tabs read without an index that lists them: one segment of a parallel Scan
// at a time (the table has no per-office index of payments), and the office's sweep cursor.
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TabName } from '../../core/ledger/schema.js';
import type { TableHandle } from './guarded-sync-writes.js';
import { rowKey, sweepKey } from './keys.js';
import type { StoredRow } from './ledger-store.js';

/**
 * Segments the table is read in: a sweep reads one a day, so it covers every row within this many
 * days; the listing reads one per page.
 */
export const SWEEP_SEGMENTS = 8;

/**
 * The office's stored rows of `tabs` in one segment of the table (a parallel Scan's `Segment`, read
 * to its end, filtered to the office's row keys). A segment is about 1/8 of the table whatever the
 * office: the read costs what the segment holds, other offices' items included (filtered out after
 * they are read), and nothing of another office is returned.
 */
export async function scanOfficeRows(
  table: TableHandle,
  tenantId: string,
  tabs: readonly TabName[],
  segment: number,
): Promise<StoredRow[]> {
  const values: Record<string, string> = { ':row': 'ROW' };
  tabs.forEach((tab, i) => {
    values[`:p${i}`] = rowKey(tenantId, tab, '').pk;
  });
  const filter = `sk = :row AND (${tabs.map((_, i) => `begins_with(pk, :p${i})`).join(' OR ')})`;
  const out: StoredRow[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await table.doc.send(
      new ScanCommand({
        TableName: table.tableName,
        Segment: segment,
        TotalSegments: SWEEP_SEGMENTS,
        FilterExpression: filter,
        ExpressionAttributeValues: values,
        ProjectionExpression: 'tab, rowId, customerId, #h, #f',
        ExpressionAttributeNames: { '#h': 'hash', '#f': 'fields' },
        ReturnConsumedCapacity: 'TOTAL',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    table.meter.readUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
    for (const i of res.Items ?? []) out.push(i as unknown as StoredRow);
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

/**
 * Where an office's daily sweep stands: the segment it reads next, the day it last ran, and the day
 * its pass over every segment ended (then it reads nothing more).
 */
export interface SweepCursor {
  next: number;
  lastOn?: string;
  completedOn?: string;
}

export async function sweepCursor(table: TableHandle, tenantId: string): Promise<SweepCursor> {
  const res = await table.doc.send(
    new GetCommand({
      TableName: table.tableName,
      Key: sweepKey(tenantId),
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  table.meter.readUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
  const next = res.Item?.next;
  return {
    next: typeof next === 'number' && next >= 0 && next < SWEEP_SEGMENTS ? next : 0,
    ...(typeof res.Item?.lastOn === 'string' ? { lastOn: res.Item.lastOn } : {}),
    ...(typeof res.Item?.completedOn === 'string' ? { completedOn: res.Item.completedOn } : {}),
  };
}

export async function saveSweepCursor(
  table: TableHandle,
  tenantId: string,
  cursor: SweepCursor,
): Promise<void> {
  const res = await table.doc.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { ...sweepKey(tenantId), ...cursor },
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  table.meter.writeUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
}
