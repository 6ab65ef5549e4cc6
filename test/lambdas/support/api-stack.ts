// A small real stack for API tests: DynamoDB Local, the store, the API handler served over HTTP
// (twice: two instances on one table, as two Lambdas), the debtor's side with the Stripe stand-in,
// a local identity provider, and two offices (tenants) with an API key and a member each.
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
import { startSesIdentityLocal } from '../../../lambdas/local/ses-identity-local.js';
import { type StripeLocal, startStripeLocal } from '../../../lambdas/local/stripe-local.js';
import { type SyncChunk, snapshotFromRows } from '../../../lambdas/services/ledger-service.js';
import { createIdTokenVerifier, generateApiKey, hashApiKey } from '../../../lambdas/shared/id-token.js';
import { createLocalLetterStorage } from '../../../lambdas/shared/letter-storage.js';
import type { OfficeOptions } from '../../../lambdas/shared/office-config.js';
import { DEFAULT_SETTINGS } from '../../../lambdas/shared/settings.js';
import { DebtorStore } from '../../../lambdas/store/debtor-store.js';
import { LedgerStore } from '../../../lambdas/store/ledger-store.js';
import { MailStandingStore } from '../../../lambdas/store/mail-standing-store.js';
import { MemberStore } from '../../../lambdas/store/member-store.js';
import { OfficeStore } from '../../../lambdas/store/office-store.js';
import { QuotaStore } from '../../../lambdas/store/quota-store.js';
import { ensureTable } from '../../../lambdas/store/table-definition.js';

export const AUDIENCE = 'duebook-test.apps.googleusercontent.com';
/** The key the stack's portal, pay and unsubscribe links are signed with. */
export const LINK_SECRET = 'test-only-unsubscribe-secret';

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
  /** A second instance of the API handler on the same table (another Lambda instance). */
  url2: string;
  store: LedgerStore;
  debtor: DebtorStore;
  stripe: StripeLocal;
  /** Offices, members, keys and audit (issue #17). */
  members: MemberStore;
  /** The office registry the fan-out tick reads. */
  registry: OfficeStore;
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

/** No quota: the attack suites send thousands of requests within one fixed minute. */
const UNLIMITED: OfficeOptions = {
  allowedDomains: [],
  quotas: { apiRequestsPerMinute: 0, rowsStored: 0, emailsPerDay: 0 },
};

export async function startApiStack(
  now: () => Date,
  lettersDir: string,
  officeOptions: OfficeOptions = UNLIMITED,
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
  const members = new MemberStore(doc, tableName);
  const offices: Office[] = [];
  for (const tenantId of ['office-a', 'office-b']) {
    const apiKey = generateApiKey();
    const email = `clerk@${tenantId}.example.com`;
    await store.putSettings({ tenantId, ...DEFAULT_SETTINGS, officeName: tenantId, officeEmail: email });
    await members.seedMember(tenantId, email, 'admin', now().toISOString(), 'test setup');
    await store.putApiKey(hashApiKey(apiKey), tenantId, 'test');
    offices.push({ tenantId, apiKey, email });
  }
  const debtor = new DebtorStore(doc, tableName);
  const quotas = new QuotaStore(doc, tableName);
  // Each office's sending domain and standing (lambdas/api/sending-routes.ts), on SES's identity stand-in.
  const sesIdentity = await startSesIdentityLocal();
  const standing = new MailStandingStore(doc, tableName);
  let base = '';
  const stripe = await startStripeLocal({ webhookUrl: () => `${base}/v1/stripe/webhook`, now });
  const instance = () =>
    createApiHandler({
      store,
      verifier: createIdTokenVerifier({ jwksUrl: identity.jwksUrl, audiences: [AUDIENCE] }),
      now,
      unsubscribeSecret: LINK_SECRET,
      letters: createLocalLetterStorage(lettersDir),
      senderAddress: 'Attack Test Office <billing@attack.example.com>',
      publicBaseUrl: 'http://127.0.0.1',
      debtor,
      stripe: { client: stripe.client, webhookSecret: stripe.webhookSecret },
      offices: { members, quotas, options: officeOptions },
      sending: {
        ses: sesIdentity.client,
        standing,
        configurationSet: 'duebook-test',
        senderAddress: 'Attack Test Office <billing@attack.example.com>',
      },
      ...extra,
    });
  const served: ServedHandler = await serveHandler(instance());
  const served2: ServedHandler = await serveHandler(instance());
  base = served.url;
  return {
    url: served.url,
    url2: served2.url,
    store,
    debtor,
    stripe,
    members,
    registry: new OfficeStore(doc, tableName),
    identity,
    offices: offices as [Office, Office],
    async call(office, method, path, body, headers = {}) {
      const res = await fetch(`${served.url}${path}`, {
        method,
        // A page's redirect (303 to the portal, to Checkout) is the answer under test, not followed.
        redirect: 'manual',
        headers: { 'content-type': 'application/json', 'x-api-key': office.apiKey, ...headers },
        // Strings and bytes (a gzipped body) go as they are; anything else as JSON.
        ...(body === undefined
          ? {}
          : {
              body:
                typeof body === 'string' || body instanceof Uint8Array
                  ? (body as string | Uint8Array<ArrayBuffer>)
                  : JSON.stringify(body),
            }),
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
      await served2.close().catch(() => undefined);
      await stripe.stop().catch(() => undefined);
      await sesIdentity.stop().catch(() => undefined);
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

/** `chunk` typed as the service takes it, for tests that call `LedgerService.sync` directly. */
export const serviceChunk = (...args: Parameters<typeof chunk>) => chunk(...args) as SyncChunk;
