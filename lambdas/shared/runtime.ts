// Production wiring shared by the handlers: env read once, SDK clients and the store at module scope.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LedgerService } from '../services/ledger-service.js';
import type { SendMessage } from '../services/send-message.js';
import { LedgerStore } from '../store/ledger-store.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { readEnv } from './env.js';
import { secretLoader, unsubscribeSecretSource } from './secret.js';
import { DEFAULT_SETTINGS } from './settings.js';
import { loadStripeKeys, type StripeKeys } from './stripe-keys.js';

export const env = readEnv();

const dynamo = new DynamoDBClient({
  region: env.region,
  ...(env.dynamoEndpoint ? { endpoint: env.dynamoEndpoint } : {}),
});
export const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
export const store = new LedgerStore(doc, env.tableName);
export const ledger = new LedgerService(store);
export const ses = new SESv2Client({
  region: env.region,
  ...(env.sesEndpoint ? { endpoint: env.sesEndpoint } : {}),
});
const sqs = new SQSClient({ region: env.region });

export async function settingsOf(tenantId: string): Promise<TenantSettings> {
  return (await store.getSettings(tenantId)) ?? { tenantId, ...DEFAULT_SETTINGS };
}

export async function enqueue(message: SendMessage): Promise<void> {
  if (!env.queueUrl) throw new Error('QUEUE_URL is not set');
  await sqs.send(new SendMessageCommand({ QueueUrl: env.queueUrl, MessageBody: JSON.stringify(message) }));
}

let stripeKeysPending: Promise<StripeKeys | undefined> | undefined;

/** The office's Stripe keys (undefined until it puts them in the secret), read once per cold start. */
export function stripeKeys(): Promise<StripeKeys | undefined> {
  stripeKeysPending ??= loadStripeKeys(
    env.stripeSecretArn,
    () => new SecretsManagerClient({ region: env.region }),
  );
  return stripeKeysPending;
}

let loadUnsubscribeSecret: (() => Promise<string>) | undefined;

/**
 * The unsubscribe signing key, fetched once per cold start (the api and sender handlers await it at
 * module load); only those two need it, so the source is resolved on first use.
 */
export function unsubscribeSecret(): Promise<string> {
  loadUnsubscribeSecret ??= secretLoader(
    unsubscribeSecretSource(env, () => new SecretsManagerClient({ region: env.region })),
  );
  return loadUnsubscribeSecret();
}
