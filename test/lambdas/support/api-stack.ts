// A small real stack for API tests: DynamoDB Local, the store, the API handler served over HTTP, a
// local identity provider, and two offices (tenants) with an API key and a member each.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ApiDeps, createApiHandler } from '../../../lambdas/api/app.js';
import {
  type DynamoDbLocal,
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startDynamoDbLocal,
} from '../../../lambdas/local/dynamodb-local.js';
import { type ServedHandler, serveHandler } from '../../../lambdas/local/http-adapter.js';
import { createLocalIdentity, type LocalIdentity } from '../../../lambdas/local/identity.js';
import { snapshotFromRows } from '../../../lambdas/services/ledger-service.js';
import { createIdTokenVerifier, generateApiKey, hashApiKey } from '../../../lambdas/shared/id-token.js';
import { createLocalLetterStorage } from '../../../lambdas/shared/letter-storage.js';
import { DEFAULT_SETTINGS } from '../../../lambdas/shared/settings.js';
import { LedgerStore } from '../../../lambdas/store/ledger-store.js';
import { ensureTable } from '../../../lambdas/store/table-definition.js';

export const AUDIENCE = 'duebook-test.apps.googleusercontent.com';

export interface Office {
  tenantId: string;
  apiKey: string;
  email: string;
}

export interface ApiAnswer {
  status: number;
  body: { error?: { code: string; message: string; details?: unknown } } & Record<string, unknown>;
  text: string;
}

export interface ApiStack {
  url: string;
  store: LedgerStore;
  identity: LocalIdentity;
  offices: [Office, Office];
  /** Sends a request as an office (by API key); `body` objects go as JSON. */
  call(
    office: Office,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiAnswer>;
  /** Every stored balance of the customer next to the one a recomputation from its stored rows gives. */
  balances(
    tenantId: string,
    customerId: string,
    asOf: string,
  ): Promise<{ stored?: unknown; recomputed?: unknown }>;
  stop(): Promise<void>;
}

export async function startApiStack(
  now: () => Date,
  lettersDir: string,
  /** Further dependencies of the API (a mailer). */
  extra: Partial<Pick<ApiDeps, 'mailer'>> = {},
): Promise<ApiStack> {
  const dynamoLocal: DynamoDbLocal = await startDynamoDbLocal();
  const identity = await createLocalIdentity({ audience: AUDIENCE });
  const dynamo = new DynamoDBClient({
    endpoint: dynamoLocal.endpoint,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
  });
  const tableName = 'duebook-api-test';
  await ensureTable(dynamo, tableName);
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const store = new LedgerStore(doc, tableName);
  const offices: Office[] = [];
  for (const tenantId of ['office-a', 'office-b']) {
    const apiKey = generateApiKey();
    const email = `clerk@${tenantId}.example.com`;
    await store.putSettings({ tenantId, ...DEFAULT_SETTINGS, officeName: tenantId, officeEmail: email });
    await store.putMembership(email, tenantId, 'admin');
    await store.putApiKey(hashApiKey(apiKey), tenantId, 'test');
    offices.push({ tenantId, apiKey, email });
  }
  const handler = createApiHandler({
    store,
    verifier: createIdTokenVerifier({ jwksUrl: identity.jwksUrl, audiences: [AUDIENCE] }),
    now,
    unsubscribeSecret: 'test-only-unsubscribe-secret',
    letters: createLocalLetterStorage(lettersDir),
    senderAddress: 'Attack Test Office <billing@attack.example.com>',
    publicBaseUrl: 'http://127.0.0.1',
    ...extra,
  });
  const served: ServedHandler = await serveHandler(handler);
  return {
    url: served.url,
    store,
    identity,
    offices: offices as [Office, Office],
    async call(office, method, path, body, headers = {}) {
      const res = await fetch(`${served.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-api-key': office.apiKey, ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      let parsed: ApiAnswer['body'] = {};
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = {};
      }
      return { status: res.status, body: parsed, text };
    },
    async balances(tenantId, customerId, asOf) {
      const stored = (await store.getAccount(tenantId, customerId)) as { accounts?: unknown } | undefined;
      const recomputed = snapshotFromRows(await store.customerRows(tenantId, customerId), customerId, asOf);
      return { stored: stored?.accounts, recomputed: recomputed?.accounts };
    },
    async stop() {
      await served.close().catch(() => undefined);
      await identity.close().catch(() => undefined);
      dynamo.destroy();
      await dynamoLocal.stop();
    },
  };
}

/** A column-oriented sync chunk from rows of cells, the shape the add-on sends. */
export function chunk(tab: string, header: string[], rows: unknown[][], deleted?: string[]) {
  return {
    tab,
    header,
    columns: header.map((_, c) => rows.map((r) => r[c])),
    rowNumbers: rows.map((_, i) => i + 2),
    ...(deleted ? { deleted } : {}),
  };
}
