/**
 * Another writer changed the account between our read and our write (the account's `version`
 * moved): the caller reads again and recomputes. Never shown to a clerk.
 */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
  readonly code = 'STORE.VERSION_CONFLICT';
  constructor(
    readonly customerId: string,
    options?: { cause?: unknown },
  ) {
    super(`the account of customer "${customerId}" changed while it was being written`, options);
  }
}

/**
 * A sync's writes failed part-way (DynamoDB unavailable, throttled past retries): says exactly
 * which rows were stored and deleted, and which may or may not have been (the batch in flight).
 */
export class SyncWriteError extends Error {
  override readonly name = 'SyncWriteError';
  readonly code = 'STORE.SYNC_PARTIAL';
  constructor(
    readonly stored: string[],
    readonly deleted: string[],
    readonly notStored: string[],
    options?: { cause?: unknown },
  ) {
    super(
      `the sync stopped part-way: ${stored.length} row(s) stored, ${deleted.length} deleted, ${notStored.length} not stored`,
      options,
    );
  }
}
