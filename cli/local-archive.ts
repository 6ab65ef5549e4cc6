// Reads the message archive out of the local edition's DynamoDB Local database (loaded only by
// `duebook messages`, so other commands stay free of AWS packages).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startDynamoDbLocal,
} from '../lambdas/local/dynamodb-local.js';
import { LOCAL_TABLE_NAME } from '../lambdas/local/stack.js';
import { customerCollection } from '../lambdas/store/keys.js';
import { LedgerStore } from '../lambdas/store/ledger-store.js';
import { type ArchivedMessage, decodeArchivedMessage } from '../lambdas/store/outbox-types.js';

/** Every archived message of the tenant (or of one customer), oldest first. */
export async function readArchive(
  dataDir: string,
  tenantId: string,
  customerId?: string,
): Promise<ArchivedMessage[]> {
  const dynamo = await startDynamoDbLocal({ dataDir });
  try {
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
    });
    const doc = DynamoDBDocumentClient.from(client);
    if (customerId !== undefined)
      return await new LedgerStore(doc, LOCAL_TABLE_NAME).messages(tenantId, customerId);
    // The local database is small: one scan of the tenant's message partitions.
    const prefix = customerCollection(tenantId, '');
    const messages: ArchivedMessage[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new ScanCommand({
          TableName: LOCAL_TABLE_NAME,
          FilterExpression: 'begins_with(pk, :prefix)',
          ExpressionAttributeValues: { ':prefix': prefix },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? [])
        if (String(item.pk).endsWith('#MSG')) messages.push(decodeArchivedMessage(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return messages.sort(
      (a, b) => a.sentAt.localeCompare(b.sentAt) || a.customerId.localeCompare(b.customerId),
    );
  } catch (e) {
    if ((e as { name?: string }).name === 'ResourceNotFoundException') return [];
    throw e;
  } finally {
    await dynamo.stop();
  }
}
