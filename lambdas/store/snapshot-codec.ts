import { gunzipSync, gzipSync } from 'node:zlib';
/**
 * DynamoDB refuses items over 400 KB; a snapshot is stored gzipped, and one that is still larger
 * than this (an account with tens of thousands of open items) is refused with a clear error
 * instead of failing the whole write.
 */
export const MAX_SNAPSHOT_BYTES = 350 * 1024;

export class SnapshotTooLargeError extends Error {
  readonly code = 'STORE.SNAPSHOT_TOO_LARGE';

  constructor(
    readonly customerId: string,
    readonly bytes: number,
  ) {
    super(
      `the account snapshot of customer "${customerId}" is ${bytes} bytes compressed, over the ${MAX_SNAPSHOT_BYTES}-byte limit; ` +
        'close or write off old open items, or split the customer',
    );
    this.name = 'SnapshotTooLargeError';
  }
}

/**
 * A snapshot as stored: gzipped JSON (a snapshot is repetitive JSON; gzip makes it a fraction of the
 * size, which is what writes and the open index's copy are charged by).
 */
export function encodeSnapshot(customerId: string, snapshot: Record<string, unknown>): Uint8Array {
  const packed = gzipSync(JSON.stringify(snapshot));
  if (packed.length > MAX_SNAPSHOT_BYTES) throw new SnapshotTooLargeError(customerId, packed.length);
  return new Uint8Array(packed.buffer, packed.byteOffset, packed.length);
}

/** The snapshot of a stored account item (gzipped, or a plain map written before compression). */
export function decodeSnapshot(
  item: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!item) return undefined;
  if (item.snapshotZ instanceof Uint8Array) return JSON.parse(gunzipSync(item.snapshotZ).toString('utf8'));
  return item.snapshot as Record<string, unknown> | undefined;
}
