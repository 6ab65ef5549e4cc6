// Rows a sync wrote into a customer (new, or moved from another customer) recorded on the customer's
// account after their plain batch write, so the customer's deletion guard finds them whatever the
// byCustomer index shows (customer-rows-guard.ts), without writing every new row in a transaction.
import { DeleteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TabName } from '../../core/ledger/schema.js';
import type { TableHandle } from './guarded-sync-writes.js';
import { accountKey, rowKey } from './keys.js';
import { encodeRef, REFS_ATTR, ROW_ONLY, VERSION } from './recent-refs.js';
import { backoff } from './retry-wait.js';

/** Times the account update is tried again when another writer's transaction met it. */
const MAX_RETRIES = 40;
/** Account updates in flight at once. */
const CONCURRENCY = 16;
/** References recorded per account update (the item's size grows with them). */
const REFS_PER_UPDATE = 500;

/**
 * Records each customer's entered rows on its account: one transaction per customer (and 500 rows)
 * that adds a `ROW_ONLY` reference per row and moves the account's version, on condition that the
 * customer's row is still stored. Written after the rows, so a deletion guard that read the account
 * before it either finds the version moved (its deletion is refused and decided again, now seeing the
 * references) or deleted the customer first: then this condition fails, and the rows, stored under a
 * customer that no longer exists, are deleted again (each only if still that customer's) and returned.
 */
export async function recordEntered(
  table: TableHandle,
  tenantId: string,
  tab: TabName,
  entered: ReadonlyMap<string, readonly string[]>,
  nowMs: number,
): Promise<{ rowId: string; customerId: string }[]> {
  const orphaned: { rowId: string; customerId: string }[] = [];
  const jobs = [...entered].flatMap(([customerId, rowIds]) =>
    Array.from({ length: Math.ceil(rowIds.length / REFS_PER_UPDATE) }, (_, k) => ({
      customerId,
      ids: rowIds.slice(k * REFS_PER_UPDATE, (k + 1) * REFS_PER_UPDATE),
    })),
  );
  // A chunk may name thousands of customers: their updates go CONCURRENCY at a time, not one by one.
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { customerId, ids } = jobs[next++]!;
      if (await recordOnAccount(table, tenantId, tab, customerId, ids, nowMs)) continue;
      for (const rowId of ids) {
        try {
          await table.doc.send(
            new DeleteCommand({
              TableName: table.tableName,
              Key: rowKey(tenantId, tab, rowId),
              ConditionExpression: 'customerId = :c',
              ExpressionAttributeValues: { ':c': customerId },
            }),
          );
          orphaned.push({ rowId, customerId });
        } catch (e) {
          // Moved to another customer meanwhile: that write is the row's now.
          if ((e as { name?: string }).name !== 'ConditionalCheckFailedException') throw e;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, jobs.length) }, worker));
  return orphaned;
}

/** One account update with its customer check; false when the customer's row is gone. */
async function recordOnAccount(
  table: TableHandle,
  tenantId: string,
  tab: TabName,
  customerId: string,
  rowIds: readonly string[],
  nowMs: number,
): Promise<boolean> {
  const refs = rowIds.map((rowId) => encodeRef({ itemId: ROW_ONLY, tab, rowId, at: nowMs }));
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await table.doc.send(
        new TransactWriteCommand({
          ReturnConsumedCapacity: 'TOTAL',
          TransactItems: [
            {
              Update: {
                TableName: table.tableName,
                Key: accountKey(tenantId, customerId),
                UpdateExpression: 'SET #v = if_not_exists(#v, :zero) + :one, customerId = :c ADD #r :refs',
                ExpressionAttributeNames: { '#v': VERSION, '#r': REFS_ATTR },
                ExpressionAttributeValues: {
                  ':zero': 0,
                  ':one': 1,
                  ':c': customerId,
                  ':refs': new Set(refs),
                },
              },
            },
            {
              ConditionCheck: {
                TableName: table.tableName,
                Key: rowKey(tenantId, 'Customers', customerId),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
          ],
        }),
      );
      for (const c of res.ConsumedCapacity ?? []) table.meter.writeUnits += c.CapacityUnits ?? 0;
      return true;
    } catch (e) {
      if ((e as { name?: string }).name !== 'TransactionCanceledException') throw e;
      const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons[1]?.Code === 'ConditionalCheckFailed') return false;
      if (attempt >= MAX_RETRIES) throw e;
      await backoff(attempt);
    }
  }
}
