// Production wiring of the ledger table: the DynamoDB clients and the store at module scope.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LedgerStore } from '../store/ledger-store.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { env } from './runtime-env.js';
import { DEFAULT_SETTINGS } from './settings.js';

export { env };

const dynamo = new DynamoDBClient({
  region: env.region,
  ...(env.dynamoEndpoint ? { endpoint: env.dynamoEndpoint } : {}),
});
export const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
export const store = new LedgerStore(doc, env.tableName);

export async function settingsOf(tenantId: string): Promise<TenantSettings> {
  return (await store.getSettings(tenantId)) ?? { tenantId, ...DEFAULT_SETTINGS };
}
