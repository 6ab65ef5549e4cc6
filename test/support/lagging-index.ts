// A DynamoDB document client whose byCustomer index lags the table, as AWS's global secondary indexes
// may: a Query on the index answers as it stood before the writes of the last `lagMs` milliseconds.
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { TABLE } from '../../lambdas/store/keys.js';

type Key = { pk: string; sk: string };
type Item = Record<string, unknown>;

/** A write the index has not caught up with: the item as the index still shows it (undefined: absent). */
interface Lagging {
  key: Key;
  before: Item | undefined;
  at: number;
}

const isRow = (key: Key) => key.sk === 'ROW';
const keyId = (key: Key) => `${key.pk}\u0000${key.sk}`;

/**
 * Wraps `inner`: every write of a ledger row first reads the row as it was; for `lagMs` after it, a
 * byCustomer Query shows that earlier image (or nothing, for a new row) instead of the row as written.
 * Every other read, and every write, goes to the table unchanged. `clock` (milliseconds) lets a test
 * make the lag longer than it waits: a fake clock moved by hand.
 */
export function laggingIndex(
  inner: DynamoDBDocumentClient,
  tableName: string,
  lagMs: number,
  clock: () => number = Date.now,
) {
  const recent = new Map<string, Lagging>();
  const remember = async (key: Key) => {
    if (!isRow(key)) return;
    const id = keyId(key);
    const held = recent.get(id);
    if (held && clock() - held.at < lagMs) return;
    const got = await inner.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    recent.set(id, { key, before: got.Item, at: clock() });
  };
  const keysOf = (command: unknown): Key[] => {
    const input = (command as { input: Record<string, unknown> }).input;
    if (command instanceof PutCommand) return [pick(input.Item as Item)];
    if (command instanceof UpdateCommand) return [input.Key as Key];
    if (command instanceof BatchWriteCommand) {
      const requests = Object.values(input.RequestItems as Record<string, Item[]>).flat();
      return requests.map((r) =>
        r.PutRequest
          ? pick((r.PutRequest as { Item: Item }).Item)
          : ((r.DeleteRequest as { Key: Key }).Key as Key),
      );
    }
    if (command instanceof TransactWriteCommand)
      return (input.TransactItems as Item[]).flatMap((t) => {
        const put = t.Put as { Item: Item } | undefined;
        if (put) return [pick(put.Item)];
        const other = (t.Delete ?? t.Update) as { Key: Key } | undefined;
        return other ? [other.Key] : [];
      });
    return [];
  };
  const send = async (command: unknown): Promise<unknown> => {
    for (const key of keysOf(command)) await remember(key);
    const answer = (await inner.send(command as never)) as { Items?: Item[] };
    const input = (command as { input: Record<string, unknown> }).input;
    if (command instanceof QueryCommand && input.IndexName === TABLE.byCustomer.name) {
      const values = input.ExpressionAttributeValues as Record<string, string>;
      const partition = values[':pk'];
      const prefix = values[':tab'] ?? '';
      const now = clock();
      const shown = new Map((answer.Items ?? []).map((i) => [keyId(pick(i)), i]));
      for (const [id, held] of recent) {
        if (now - held.at >= lagMs) {
          recent.delete(id);
          continue;
        }
        shown.delete(id);
        const b = held.before;
        if (
          b &&
          b[TABLE.byCustomer.pk] === partition &&
          String(b[TABLE.byCustomer.sk] ?? '').startsWith(prefix)
        )
          shown.set(id, b);
      }
      return { ...answer, Items: [...shown.values()] };
    }
    return answer;
  };
  return { send } as unknown as DynamoDBDocumentClient;
}

function pick(item: Item): Key {
  return { pk: item.pk as string, sk: item.sk as string };
}
