// A document client that notes the name of every command it sends, so a test can say how many
// requests (and of which kind) a store call took.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** `doc` with its commands noted in `sent` (`QueryCommand`, `TransactWriteCommand`, …) as they go. */
export function countingClient(doc: DynamoDBDocumentClient, sent: string[]): DynamoDBDocumentClient {
  const counting = Object.create(doc) as DynamoDBDocumentClient;
  (counting as unknown as { send: (c: { constructor: { name: string } }) => Promise<unknown> }).send = (
    c,
  ) => {
    sent.push(c.constructor.name);
    return (doc.send as (c: unknown) => Promise<unknown>)(c);
  };
  return counting;
}
