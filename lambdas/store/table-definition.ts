// The table's definition for DynamoDB Local (tests, `npm start`); infra/ declares the same keys.
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { TABLE } from './keys.js';

export function tableDefinition(tableName: string): CreateTableCommandInput {
  const s = 'S' as const;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: TABLE.pk, AttributeType: s },
      { AttributeName: TABLE.sk, AttributeType: s },
      { AttributeName: TABLE.byCustomer.pk, AttributeType: s },
      { AttributeName: TABLE.byCustomer.sk, AttributeType: s },
      { AttributeName: TABLE.open.pk, AttributeType: s },
      { AttributeName: TABLE.open.sk, AttributeType: s },
    ],
    KeySchema: [
      { AttributeName: TABLE.pk, KeyType: 'HASH' },
      { AttributeName: TABLE.sk, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: TABLE.byCustomer.name,
        KeySchema: [
          { AttributeName: TABLE.byCustomer.pk, KeyType: 'HASH' },
          { AttributeName: TABLE.byCustomer.sk, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        // Sparse: only account snapshots of open accounts carry gpk2.
        IndexName: TABLE.open.name,
        KeySchema: [
          { AttributeName: TABLE.open.pk, KeyType: 'HASH' },
          { AttributeName: TABLE.open.sk, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

/** Creates the table if it does not exist yet and waits until it is active. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (e) {
    if ((e as { name?: string }).name !== 'ResourceInUseException') throw e;
  }
  for (let i = 0; i < 50; i++) {
    const d = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (d.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`table ${tableName} did not become active`);
}
