// Writes made together on DynamoDB Local: a flush's account snapshots and a daily run's new outbox
// entries go in transactions of up to 100, each under its own condition; a write whose condition
// fails (a posting moved the account, another run recorded the action) is decided alone, never lost.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotFromRows } from '../../../lambdas/services/account-recompute.js';
import { runDay } from '../../../lambdas/services/daily-run.js';
import { LedgerService, type SyncChunk } from '../../../lambdas/services/ledger-service.js';
import { createLocalLetterStorage } from '../../../lambdas/shared/letter-storage.js';
import { DEFAULT_SETTINGS } from '../../../lambdas/shared/settings.js';
import type { AccountWrite } from '../../../lambdas/store/account-writes.js';
import { LedgerStore } from '../../../lambdas/store/ledger-store.js';
import { type OutboxEntry, outboxRefId } from '../../../lambdas/store/outbox-types.js';
import { SnapshotTooLargeError } from '../../../lambdas/store/snapshot-codec.js';
import { countingClient } from '../../support/counting-client.js';
import { useLocalTable } from '../../support/local-table.js';
import { reminderEntry } from '../../support/outbox-entries.js';
import { chunk } from '../support/api-stack.js';

const TABLE = 'batched-writes';
/** 16:00 in New York on the first day of the seeded ledger, markers past their settle age. */
const NOW = new Date('2027-03-13T21:00:00Z');
const SYNCED = new Date('2027-03-13T12:00:00Z');

const local = useLocalTable(TABLE);
let doc: DynamoDBDocumentClient;
let lettersDir: string;
/** Commands sent, by name, so a test can say how many requests a write took. */
const sent: string[] = [];

beforeAll(async () => {
  doc = countingClient(local.doc, sent);
  lettersDir = await mkdtemp(join(tmpdir(), 'duebook-batched-writes-'));
});

afterAll(async () => {
  if (lettersDir) await rm(lettersDir, { recursive: true, force: true });
});

const count = (name: string) => sent.filter((s) => s === name).length;

/** `n` customers with one invoice each, 10 to 100 days past due on 2027-03-13, synced (and marked). */
async function seed(store: LedgerStore, tenantId: string, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `C-${i}`);
  const service = new LedgerService(store);
  const days = (i: number) => String(1 + (i % 27)).padStart(2, '0');
  const chunks = [
    chunk(
      'Customers',
      ['Customer ID', 'Name', 'Email'],
      ids.map((id) => [id, `Customer ${id}`, `${id.toLowerCase()}@example.com`]),
    ),
    chunk(
      'Invoices',
      ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
      ids.map((id, i) => [`INV-${id}`, id, `2026-11-${days(i)}`, `2026-12-${days(i)}`, '120.00', 'USD']),
    ),
  ];
  for (const c of chunks) {
    const r = await service.sync(tenantId, c as SyncChunk, SYNCED);
    expect(r.rejected).toBe(0);
  }
  return ids;
}

describe('ledger-store', () => {
  describe('putAccounts', () => {
    it('returns 150 accounts written in transactions of up to 100, one whose version moved refused, one too large failed alone', async () => {
      // Prepare: C-5 is at version 1 (a posting), C-9's snapshot passes the item limit even gzipped.
      const store = new LedgerStore(doc, TABLE);
      const t = 'put-accounts';
      await store.putAccount(t, 'C-5', { customerId: 'C-5', posted: true }, true, {
        expectedVersion: undefined,
      });
      const writes: AccountWrite[] = Array.from({ length: 150 }, (_, i) => ({
        customerId: `C-${i}`,
        snapshot:
          i === 9
            ? { customerId: 'C-9', blob: randomBytes(400_000).toString('base64') }
            : { customerId: `C-${i}`, balance: i },
        open: i % 2 === 0,
        guard: { expectedVersion: undefined },
      }));
      sent.length = 0;

      // Act
      const outcomes = await store.putAccounts(t, writes);

      // Assess
      expect(count('TransactWriteCommand')).toBe(3); // 100, then 49 refused for C-5, then 48 again
      expect(count('UpdateCommand')).toBe(0);
      expect(outcomes.get('C-5')).toBe('refused');
      expect(outcomes.get('C-9')).toBeInstanceOf(SnapshotTooLargeError);
      const written = [...outcomes].filter(([, o]) => o === 'written').map(([c]) => c);
      expect(written).toHaveLength(148);
      const versions = await store.accountVersions(
        t,
        writes.map((w) => w.customerId),
      );
      for (const c of written) expect(versions.get(c)).toBe(1);
      expect(versions.get('C-9')).toBeUndefined();
      expect(await store.getAccount(t, 'C-5')).toEqual({ customerId: 'C-5', posted: true });
      expect(await store.getAccount(t, 'C-6')).toEqual({ customerId: 'C-6', balance: 6 });
      const open = (await store.openAccounts(t)).map((s) => s.customerId).sort();
      expect(open).toEqual(
        written
          .filter((c) => Number(c.slice(2)) % 2 === 0)
          .concat('C-5')
          .sort(),
      );
    });
  });

  describe('putOutboxEntriesOnce', () => {
    it('returns new entries written in one request and one already recorded refused, left as it was', async () => {
      // Prepare
      const store = new LedgerStore(doc, TABLE);
      const entry = (customerId: string, status: OutboxEntry['status']) =>
        reminderEntry('outbox-once', customerId, status);
      expect(await store.putOutboxOnce(entry('C-2', 'cancelled'))).toBe(true);
      sent.length = 0;

      // Act
      const outcomes = await store.putOutboxEntriesOnce(
        ['C-1', 'C-2', 'C-3'].map((c) => entry(c, 'awaiting-review')),
      );

      // Assess
      expect([...outcomes.values()]).toEqual(['written', 'refused', 'written']);
      expect(outcomes.get(outboxRefId(entry('C-2', 'cancelled')))).toBe('refused');
      expect(count('TransactWriteCommand')).toBe(2);
      expect((await store.getOutbox('outbox-once', 'C-2', 'reminder-1', 'email', '2027-03-01'))?.status).toBe(
        'cancelled',
      );
      expect((await store.getOutbox('outbox-once', 'C-3', 'reminder-1', 'email', '2027-03-01'))?.status).toBe(
        'awaiting-review',
      );
    });
  });
});

describe('account-recompute', () => {
  describe('flushPending', () => {
    it('returns 120 accounts recomputed with their snapshots written together, the one a posting moved meanwhile recomputed alone from fresh rows', async () => {
      // Prepare: while the flush writes, a posting moves C-7's version (its guarded write lands first).
      const t = 'flush-race';
      let raced = false;
      class RacingStore extends LedgerStore {
        override async putAccounts(tenantId: string, writes: readonly AccountWrite[]) {
          if (!raced) {
            raced = true;
            await this.putAccount(tenantId, 'C-7', { customerId: 'C-7', byPosting: true }, true, {
              expectedVersion: await this.accountVersion(tenantId, 'C-7'),
            });
          }
          return super.putAccounts(tenantId, writes);
        }
      }
      const store = new RacingStore(doc, TABLE);
      const ids = await seed(store, t, 120);
      // The sync recorded the rows entering each customer on its account (entered-rows.ts): versions start there.
      const before = await store.accountVersions(t, ids);
      sent.length = 0;

      // Act
      const result = await new LedgerService(store).flushPending(t, '2027-03-13', NOW);

      // Assess
      expect(result).toEqual({ recomputed: 120, cleared: 2, failed: [], errors: {} });
      expect(count('UpdateCommand')).toBe(2); // the posting's, then C-7's own
      expect(count('TransactWriteCommand')).toBe(3); // 100 (C-7 refused, 99 again) and 20
      const versions = await store.accountVersions(t, ids);
      for (const c of ids) expect(versions.get(c)).toBe((before.get(c) ?? 0) + (c === 'C-7' ? 2 : 1));
      const rows = await store.customerRows(t, 'C-7');
      expect(await store.getAccount(t, 'C-7')).toEqual(
        JSON.parse(JSON.stringify(snapshotFromRows(rows, 'C-7', '2027-03-13'))),
      );
      expect(await store.pendingMarkers(t)).toEqual([]);
    });
  });
});

describe('daily-run', () => {
  describe('runDay', () => {
    it('returns every new action recorded together, and one another run recorded meanwhile left as that run wrote it', async () => {
      // Prepare: 60 overdue customers; between the bulk read and the writes, another run records the first one's action.
      const t = 'run-race';
      let racer: OutboxEntry | undefined;
      class RacingStore extends LedgerStore {
        override async putOutboxEntriesOnce(entries: readonly OutboxEntry[]) {
          const first = entries[0]!;
          racer = { ...first, status: 'cancelled', reason: 'recorded by the other run' };
          await this.putOutboxOnce(racer);
          return super.putOutboxEntriesOnce(entries);
        }
      }
      const store = new RacingStore(doc, TABLE);
      await seed(store, t, 60);
      const settings = {
        ...DEFAULT_SETTINGS,
        tenantId: t,
        officeName: 'Race Office LLC',
        officeAddress: '1 Main Street',
        timeZone: 'America/New_York',
        reviewMode: true,
      };
      const deps = { store, letters: createLocalLetterStorage(lettersDir), enqueue: async () => undefined };
      sent.length = 0;

      // Act
      const summary = await runDay(t, settings, NOW, deps);
      const again = await runDay(t, settings, NOW, deps);

      // Assess
      expect(summary.planned).toBeGreaterThan(10);
      expect(summary.failed).toBe(0);
      expect(summary.alreadyRecorded).toBe(1);
      expect(summary.recorded).toBe(summary.planned - 1);
      expect(summary.awaitingReview).toBe(summary.planned - 1);
      expect(count('PutCommand')).toBe(2); // the other run's, then this run's own attempt, refused
      const r = racer!;
      expect(await store.getOutbox(t, r.customerId, r.stage, r.channel, r.cycle)).toMatchObject({
        status: 'cancelled',
        reason: 'recorded by the other run',
      });
      expect(again).toMatchObject({ recorded: 0, alreadyRecorded: summary.planned, failed: 0 });
    });
  });
});
