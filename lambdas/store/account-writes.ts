// The account snapshot's write: one UpdateItem under the account's version, made alone (a posting, a
// retry) or, for a daily run's recompute of many accounts, many at once in transactions.
import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { accountKey, openShardKey, shardOf, TABLE } from './keys.js';
import { VERSION } from './recent-refs.js';
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
  guard?: { expectedVersion: number | undefined };
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
  const names: Record<string, string> = { '#z': 'snapshotZ', '#old': 'snapshot', '#c': 'customerId' };
  const values: Record<string, unknown> = { ':z': z, ':c': customerId };
  const sets = ['#z = :z', '#c = :c'];
  const removes = ['#old'];
  if (guard) {
    names['#v'] = VERSION;
    values[':next'] = (guard.expectedVersion ?? 0) + 1;
    sets.push('#v = :next');
    if (guard.expectedVersion !== undefined) values[':v'] = guard.expectedVersion;
  }
  names['#opk'] = TABLE.open.pk;
  names['#osk'] = TABLE.open.sk;
  if (open) {
    values[':opk'] = openShardKey(tenantId, shardOf(customerId));
    values[':osk'] = customerId;
    sets.push('#opk = :opk', '#osk = :osk');
  } else removes.push('#opk', '#osk');
  return {
    input: {
      TableName: tableName,
      Key: accountKey(tenantId, customerId),
      UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ...(guard
        ? {
            ConditionExpression: guard.expectedVersion === undefined ? 'attribute_not_exists(#v)' : '#v = :v',
          }
        : {}),
    },
    // The snapshot plus keys and the other attributes, generously.
    bytes: z.length + 512,
  };
}
