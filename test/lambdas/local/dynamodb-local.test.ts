// Tests for the DynamoDB Local launcher: a real table, a real item, and no process left behind.
import { once } from 'node:events';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DynamoDbLocal,
  DynamoDbLocalError,
  freePort,
  startDynamoDbLocal,
} from '../../../lambdas/local/dynamodb-local.js';

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('dynamodb-local', () => {
  let db: DynamoDbLocal;
  let client: DynamoDBClient;

  beforeAll(async () => {
    db = await startDynamoDbLocal();
    client = new DynamoDBClient({ endpoint: db.endpoint, region: db.region, credentials: db.credentials });
  }, 60_000);

  afterAll(async () => {
    client?.destroy();
    await db?.stop();
  }, 60_000);

  describe('startDynamoDbLocal', () => {
    it('answers on a loopback endpoint it picked itself', async () => {
      // Act
      const tables = await client.send(new ListTablesCommand({}));

      // Assess
      expect(db.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(db.startupMs).toBeGreaterThan(0);
      expect(tables.TableNames).toEqual([]);
    });

    it('stores and returns an item in a table it created', async () => {
      // Prepare
      await client.send(
        new CreateTableCommand({
          TableName: 'duebook-test',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        }),
      );
      const doc = DynamoDBDocumentClient.from(client);

      // Act
      await doc.send(
        new PutCommand({
          TableName: 'duebook-test',
          Item: { pk: 'T#acme#C#C1', sk: 'INV#1001', balanceMinor: 125_00, currency: 'USD' },
        }),
      );
      const got = await doc.send(
        new GetCommand({ TableName: 'duebook-test', Key: { pk: 'T#acme#C#C1', sk: 'INV#1001' } }),
      );

      // Assess
      expect(got.Item).toEqual({ pk: 'T#acme#C#C1', sk: 'INV#1001', balanceMinor: 12_500, currency: 'USD' });
    });

    it('refuses a chosen port that is already taken', async () => {
      // Prepare
      const squatter = createServer().listen(0);
      await once(squatter, 'listening');
      const { port } = squatter.address() as AddressInfo;

      try {
        // Act
        const attempt = startDynamoDbLocal({ port });

        // Assess
        await expect(attempt).rejects.toMatchObject({
          code: 'LOCAL.DYNAMODB_START_FAILED',
          message: `port ${port} is not free for DynamoDB Local (EADDRINUSE)`,
        });
      } finally {
        squatter.close();
      }
    });

    it('says java is missing when it is not on PATH', async () => {
      // Prepare: a PATH holding only a shell.
      const dir = await mkdtemp(join(tmpdir(), 'no-java-'));
      await symlink('/bin/sh', join(dir, 'sh'));
      const saved = process.env.PATH;
      process.env.PATH = dir;

      try {
        // Act
        const attempt = startDynamoDbLocal({ startTimeoutMs: 10_000 });

        // Assess
        await expect(attempt).rejects.toBeInstanceOf(DynamoDbLocalError);
        await expect(attempt).rejects.toMatchObject({
          code: 'LOCAL.JAVA_MISSING',
          message: expect.stringMatching(/Java 17.*not found on PATH/),
        });
      } finally {
        process.env.PATH = saved;
        await rm(dir, { recursive: true });
      }
    });
  });

  describe('stop', () => {
    it('ends the whole process group of a second instance on a chosen port, and frees the port', async () => {
      // Prepare
      const port = await freePort();
      const other = await startDynamoDbLocal({ port });
      const otherClient = new DynamoDBClient({
        endpoint: other.endpoint,
        region: other.region,
        credentials: other.credentials,
      });
      const tables = await otherClient.send(new ListTablesCommand({}));
      otherClient.destroy();
      const pgid = await findGroupOf(other.port);

      // Act
      await other.stop();
      await other.stop();

      // Assess
      expect(other.endpoint).toBe(`http://127.0.0.1:${port}`);
      expect(tables.TableNames).toEqual([]);
      expect(groupAlive(pgid)).toBe(false);
      await expect(fetch(other.endpoint)).rejects.toThrow();
    }, 60_000);
  });
});

// The launcher does not expose its pid; find the java process listening with this port in its arguments.
async function findGroupOf(port: number): Promise<number> {
  const { execFileSync } = await import('node:child_process');
  const lines = execFileSync('ps', ['-eo', 'pgid=,args='], { encoding: 'utf8' }).split('\n');
  const line = lines.find(
    (l) =>
      l.includes('DynamoDBLocal.jar') && new RegExp(`-port ${port}(\\s|$)`).test(l) && l.includes('java'),
  );
  if (!line) throw new Error(`no DynamoDB Local process for port ${port}`);
  return Number(line.trim().split(/\s+/)[0]);
}
