// Where letters and hand-over packets are kept: S3 in AWS (the stack's letters bucket), a folder on
// this machine. Every key is `tenant/<tenantId>/<path>`, built here from the verified tenant, so a
// caller can neither leave its tenant's prefix nor name another tenant's object.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { assertTenantId } from '../store/keys.js';
import { type ClientOrMaker, clientOf, s3Package } from './sdk-on-demand.js';

export interface StoredObject {
  bytes: Uint8Array;
  contentType: string;
}

export interface LetterStorage {
  /** Stores `bytes` at `tenant/<tenantId>/<path>` and returns that key. Same path again: replaced. */
  put(tenantId: string, path: string, bytes: Uint8Array | string, contentType: string): Promise<string>;
  /** The object at `key`, which must be one of the tenant's keys; undefined when there is none. */
  get(tenantId: string, key: string): Promise<StoredObject | undefined>;
}

export class LetterKeyError extends Error {
  readonly code = 'LETTERS.BAD_KEY';
  constructor(message: string) {
    super(message);
    this.name = 'LetterKeyError';
  }
}

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** The tenant's prefix, `tenant/<tenantId>/`. */
export function tenantPrefix(tenantId: string): string {
  assertTenantId(tenantId);
  return `tenant/${tenantId}/`;
}

/**
 * The object key of `path` for a tenant. Path segments are ids and dates (letters, digits, `.`,
 * `_`, `-`; not starting with `.` or `-`), so `..`, empty segments and absolute paths are refused.
 */
export function letterKey(tenantId: string, path: string): string {
  const segments = path.split('/');
  if (segments.length === 0 || !segments.every((s) => SEGMENT.test(s)))
    throw new LetterKeyError(`not a letter path: ${JSON.stringify(path)}`);
  return `${tenantPrefix(tenantId)}${path}`;
}

/** Checks that `key` is under the tenant's prefix and well formed; returns it. */
function ownKey(tenantId: string, key: string): string {
  const prefix = tenantPrefix(tenantId);
  if (!key.startsWith(prefix)) throw new LetterKeyError(`key ${JSON.stringify(key)} is not this tenant's`);
  return letterKey(tenantId, key.slice(prefix.length));
}

/**
 * A path segment made from an id a clerk typed, one to one: letters, digits, `.` and `-` stay, any
 * other character (`_` included) becomes `_` and its UTF-8 bytes in hex, so `AP/1`, `AP_1` and
 * `AP#1` get three different keys (`AP_2F1`, `AP_5F1`, `AP_231`). A leading `.` or `-` is escaped
 * too, and an id too long for one segment is refused rather than cut (two ids could meet).
 */
export function safeSegment(id: string): string {
  const s = [...id]
    .map((ch, i) =>
      /[A-Za-z0-9]/.test(ch) || (i > 0 && (ch === '.' || ch === '-'))
        ? ch
        : [...new TextEncoder().encode(ch)]
            .map((b) => `_${b.toString(16).toUpperCase().padStart(2, '0')}`)
            .join(''),
    )
    .join('');
  if (s === '') return '_';
  if (s.length > 128)
    throw new LetterKeyError(`id too long for a letter path: ${JSON.stringify(id.slice(0, 40))}...`);
  return s;
}

const toBytes = (b: Uint8Array | string) => (typeof b === 'string' ? new TextEncoder().encode(b) : b);

/**
 * S3: server-side encryption (SSE-S3, as the bucket's default) asked for on every put. The client
 * may be a maker (onFirstUse): the S3 package then loads with the first letter kept or read.
 */
export function createS3LetterStorage(s3: ClientOrMaker<S3Client>, bucket: string): LetterStorage {
  return {
    async put(tenantId, path, bytes, contentType) {
      const key = letterKey(tenantId, path);
      const { PutObjectCommand } = s3Package();
      await clientOf(s3).send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: toBytes(bytes),
          ContentType: contentType,
          ServerSideEncryption: 'AES256',
        }),
      );
      return key;
    },
    async get(tenantId, key) {
      const own = ownKey(tenantId, key);
      try {
        const { GetObjectCommand } = s3Package();
        const res = await clientOf(s3).send(new GetObjectCommand({ Bucket: bucket, Key: own }));
        if (!res.Body) return undefined;
        return {
          bytes: await res.Body.transformToByteArray(),
          contentType: res.ContentType ?? 'application/octet-stream',
        };
      } catch (e) {
        if ((e as { name?: string }).name === 'NoSuchKey') return undefined;
        throw e;
      }
    },
  };
}

/**
 * A folder standing in for the bucket (the local stack): the key is the relative path, and the
 * content type is kept beside the object in `<file>.content-type`.
 */
export function createLocalLetterStorage(root: string): LetterStorage {
  const base = resolve(root);
  const fileOf = (key: string) => {
    const file = resolve(base, ...key.split('/'));
    if (!file.startsWith(base + sep))
      throw new LetterKeyError(`key ${JSON.stringify(key)} leaves the folder`);
    return file;
  };
  return {
    async put(tenantId, path, bytes, contentType) {
      const key = letterKey(tenantId, path);
      const file = fileOf(key);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, toBytes(bytes));
      await writeFile(`${file}.content-type`, contentType);
      return key;
    },
    async get(tenantId, key) {
      const file = fileOf(ownKey(tenantId, key));
      try {
        const [bytes, contentType] = await Promise.all([
          readFile(file),
          readFile(`${file}.content-type`, 'utf8').catch(() => 'application/octet-stream'),
        ]);
        return { bytes: new Uint8Array(bytes), contentType };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
  };
}

/** The folder the local stack keeps letters in, under its data folder. */
export function localLettersDir(dataDir: string): string {
  return join(dataDir, 'letters');
}
