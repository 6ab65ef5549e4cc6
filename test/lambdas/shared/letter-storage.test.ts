// Letter storage: the S3 adapter against a mocked client (keys under the tenant, encryption asked
// for on every put) and the folder adapter the local stack uses, for real on disk.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createLocalLetterStorage,
  createS3LetterStorage,
  letterKey,
  safeSegment,
} from '../../../lambdas/shared/letter-storage.js';
import { onFirstUse } from '../../../lambdas/shared/on-first-use.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const PDF = new TextEncoder().encode('%PDF-1.7 test');

describe('letterKey', () => {
  it('returns the path under tenant/<tenantId>/', () => {
    expect(letterKey('smith-dental', 'letters/appeal/CLM-1/2026-11-23.pdf')).toBe(
      'tenant/smith-dental/letters/appeal/CLM-1/2026-11-23.pdf',
    );
  });

  it.each(['../other/x.pdf', '/abs.pdf', 'a//b.pdf', 'a/../b.pdf', '.hidden', 'a b.pdf', ''])(
    'refuses the path %j',
    (path) => {
      expect(() => letterKey('smith-dental', path)).toThrow(/not a letter path/);
    },
  );

  it('refuses a malformed tenant id', () => {
    expect(() => letterKey('../x', 'a.pdf')).toThrow(/not a tenant id/);
  });

  it('returns a safe segment for any id a clerk typed', () => {
    expect(safeSegment('CLM 1/2')).toBe('CLM_201_2F2');
    expect(safeSegment('..')).toBe('_2E.');
    expect(letterKey('t-1', `x/${safeSegment('..')}`)).toBe('tenant/t-1/x/_2E.');
  });

  it('returns different segments for ids that differ only in a character it escapes', () => {
    // Prepare: the ids of the issue, and generated ones.
    const ids = ['AP/1', 'AP_1', 'AP#1', 'AP 1', 'AP_2F1', 'ap/1'];
    // Act
    const segments = ids.map(safeSegment);
    // Assess
    expect(new Set(segments).size).toBe(ids.length);
    for (const s of segments) expect(() => letterKey('t-1', `x/${s}`)).not.toThrow();
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (x, y) => {
        if (x !== y) expect(safeSegment(x)).not.toBe(safeSegment(y));
      }),
    );
  });
});

describe('createS3LetterStorage', () => {
  const s3 = mockClient(S3Client);
  const storage = createS3LetterStorage(new S3Client({ region: 'us-east-1' }), 'letters-bucket');

  beforeEach(() => s3.reset());

  it('puts under the tenant prefix with SSE-S3 and the content type, and returns the key', async () => {
    s3.on(PutObjectCommand).resolves({});
    // Act
    const key = await storage.put('smith-dental', 'handover/C-1/2026-11-23.pdf', PDF, 'application/pdf');
    // Assess
    expect(key).toBe('tenant/smith-dental/handover/C-1/2026-11-23.pdf');
    const calls = s3.commandCalls(PutObjectCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toMatchObject({
      Bucket: 'letters-bucket',
      Key: key,
      ContentType: 'application/pdf',
      ServerSideEncryption: 'AES256',
    });
    expect(calls[0]!.args[0].input.Body).toEqual(PDF);
  });

  it('gets a key of the tenant, and undefined for a missing one', async () => {
    s3.on(GetObjectCommand, { Key: 'tenant/smith-dental/a.pdf' }).resolves({
      // The part of the SDK's stream the adapter reads.
      Body: { transformToByteArray: async () => PDF } as never,
      ContentType: 'application/pdf',
    });
    s3.on(GetObjectCommand, { Key: 'tenant/smith-dental/missing.pdf' }).rejects(
      new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }),
    );
    const got = await storage.get('smith-dental', 'tenant/smith-dental/a.pdf');
    expect(got).toEqual({ bytes: PDF, contentType: 'application/pdf' });
    expect(await storage.get('smith-dental', 'tenant/smith-dental/missing.pdf')).toBeUndefined();
  });

  it('makes the client it is given as a maker at the first put, once', async () => {
    s3.on(PutObjectCommand).resolves({});
    let made = 0;
    const later = createS3LetterStorage(
      onFirstUse(() => {
        made++;
        return new S3Client({ region: 'us-east-1' });
      }),
      'letters-bucket',
    );
    expect(made).toBe(0);
    await later.put('smith-dental', 'a.pdf', PDF, 'application/pdf');
    await later.put('smith-dental', 'b.pdf', PDF, 'application/pdf');
    expect(made).toBe(1);
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).toEqual([
      'tenant/smith-dental/a.pdf',
      'tenant/smith-dental/b.pdf',
    ]);
  });

  it("refuses another tenant's key without calling S3", async () => {
    await expect(storage.get('smith-dental', 'tenant/other-office/a.pdf')).rejects.toThrow(/not this tenant/);
    await expect(storage.get('smith-dental', 'tenant/smith-dental/../other-office/a.pdf')).rejects.toThrow(
      /not a letter path/,
    );
    expect(s3.calls()).toHaveLength(0);
  });
});

describe('createLocalLetterStorage', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'letters-test-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('returns what was put, with its content type, from a file under tenant/<id>/', async () => {
    const storage = createLocalLetterStorage(root);
    // Act
    const key = await storage.put('smith-dental', 'handover/C-1/2026-11-23.csv', 'a,b\r\n', 'text/csv');
    const got = await storage.get('smith-dental', key);
    // Assess
    expect(key).toBe('tenant/smith-dental/handover/C-1/2026-11-23.csv');
    expect(new TextDecoder().decode(got!.bytes)).toBe('a,b\r\n');
    expect(got!.contentType).toBe('text/csv');
    expect(await readdir(join(root, 'tenant', 'smith-dental', 'handover', 'C-1'))).toContain(
      '2026-11-23.csv',
    );
  });

  it('returns the newer bytes for the same path put twice, and undefined for a missing key', async () => {
    const storage = createLocalLetterStorage(root);
    await storage.put('t-2', 'a.pdf', 'one', 'application/pdf');
    const key = await storage.put('t-2', 'a.pdf', PDF, 'application/pdf');
    expect((await storage.get('t-2', key))!.bytes).toEqual(PDF);
    expect(await storage.get('t-2', 'tenant/t-2/none.pdf')).toBeUndefined();
  });

  it("refuses another tenant's key", async () => {
    const storage = createLocalLetterStorage(root);
    await storage.put('t-3', 'x.pdf', PDF, 'application/pdf');
    await expect(storage.get('t-4', 'tenant/t-3/x.pdf')).rejects.toThrow(/not this tenant/);
  });
});
