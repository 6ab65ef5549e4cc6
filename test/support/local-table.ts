// One DynamoDB Local process with one Duebook table in it, for a test file that talks to the store
// directly (the API tests use test/lambdas/support/api-stack.ts instead).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import {
  type DynamoDbLocal,
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startDynamoDbLocal,
} from '../../lambdas/local/dynamodb-local.js';
import { ensureTable } from '../../lambdas/store/table-definition.js';

/** A running DynamoDB Local and the clients of its table, as the Lambdas build theirs. */
export interface LocalTable {
  readonly dynamo: DynamoDbLocal;
  readonly client: DynamoDBClient;
  /** The document client (`removeUndefinedValues`, as the store's callers use it). */
  readonly doc: DynamoDBDocumentClient;
  readonly table: string;
  /** Destroys the client and stops DynamoDB Local. */
  stop(): Promise<void>;
}

/** Starts DynamoDB Local and creates `table` (with the indexes the deployed table has). */
export async function startLocalTable(table: string): Promise<LocalTable> {
  const dynamo = await startDynamoDbLocal();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
  });
  try {
    await ensureTable(client, table);
  } catch (e) {
    client.destroy();
    await dynamo.stop();
    throw e;
  }
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    dynamo,
    client,
    doc,
    table,
    async stop() {
      client.destroy();
      await dynamo.stop();
    },
  };
}

/**
 * `startLocalTable` before the file's (or the describe block's) tests and its stop after them.
 * The returned object's fields are filled once the hook has run: read them inside tests and hooks.
 */
export function useLocalTable(table: string): LocalTable {
  let started: LocalTable | undefined;
  const get = (): LocalTable => {
    if (!started) throw new Error(`useLocalTable(${table}): read it inside a test or hook`);
    return started;
  };
  beforeAll(async () => {
    started = await startLocalTable(table);
  }, 120_000);
  afterAll(async () => {
    await started?.stop();
  });
  return {
    get dynamo() {
      return get().dynamo;
    },
    get client() {
      return get().client;
    },
    get doc() {
      return get().doc;
    },
    table,
    stop: () => get().stop(),
  };
}
