// The account snapshot's write: one UpdateItem under the account's version, made alone (a posting, a
// retry) or, for a daily run's recompute of many accounts, many at once in transactions.
import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { accountKey, openShardKey, shardOf, TABLE } from './keys.js';
import { GONE_ATTR, REFS_ATTR, versionCondition } from './recent-refs.js';
import { encodeSnapshot } from './snapshot-codec.js';

/** One account snapshot to write: `open` puts it on the sparse open index. */
export interface AccountWrite {
  customerId: string;
  snapshot: Record<string, unknown>;
  open: boolean;
  /**
   * What the version was before the rows were read (undefined: never written with one); the write
   * is refused if another writer moved it since. Absent: no version condition.
   */
  guard?: {
    expectedVersion: number | undefined;
    /** Recorded references the recompute found settled (services/ref-settling.ts): removed. */
    settled?: { refs: readonly string[]; gone: readonly string[] };
  };
}

/**
 * The UpdateItem of one account snapshot (gzipped; `SnapshotTooLargeError` past the item limit)
 * and its size. An update, not a put: the item's recent references (recent-refs.ts) stay as they are.
 */
export function accountUpdate(
  tableName: string,
  tenantId: string,
  write: AccountWrite,
): { input: UpdateCommandInput & Required<Pick<UpdateCommandInput, 'UpdateExpression'>>; bytes: number } {
  const { customerId, guard, open } = write;
  const z = encodeSnapshot(customerId, write.snapshot);
  const condition = guard ? versionCondition(guard.expectedVersion) : undefined;
  const names: Record<string, string> = {
    '#z': 'snapshotZ',
    '#old': 'snapshot',
    '#c': 'customerId',
    ...condition?.ExpressionAttributeNames,
  };
  const values: Record<string, unknown> = {
    ':z': z,
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
  return {
    input: {
      TableName: tableName,
      Key: accountKey(tenantId, customerId),
      UpdateExpression:
        `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}` +
        (deletes.length > 0 ? ` DELETE ${deletes.join(', ')}` : ''),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ...(condition ? { ConditionExpression: condition.ConditionExpression } : {}),
    },
    // The snapshot plus keys and the other attributes, generously.
    bytes: z.length + 512,
  };
}
