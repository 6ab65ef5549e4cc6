// Deferred recompute: a sync marks customers; flushPending recomputes each once, clears settled
// markers, and a snapshot too large to store fails alone, its marker kept. Snapshots are gzipped.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseTabRows } from '../../../core/ledger/schema-rows.js';
import { LedgerService, PENDING_SETTLE_MS } from '../../../lambdas/services/ledger-service.js';
import type { LedgerStore, PendingMarker, StoredRow } from '../../../lambdas/store/ledger-store.js';
import {
  decodeSnapshot,
  encodeSnapshot,
  MAX_SNAPSHOT_BYTES,
  SnapshotTooLargeError,
} from '../../../lambdas/store/snapshot-codec.js';
import { VersionConflictError } from '../../../lambdas/store/store-errors.js';

const NOW = new Date('2026-11-23T14:00:00Z');
const OLD = new Date(NOW.getTime() - PENDING_SETTLE_MS - 1).toISOString();
const YOUNG = new Date(NOW.getTime() - 1_000).toISOString();

function customerRow(id: string): StoredRow {
  const parsed = parseTabRows('Customers', [
    ['Customer ID', 'Name', 'Email'],
    [id, `Customer ${id}`, `${id.toLowerCase()}@example.com`],
  ]);
  return { tab: 'Customers', rowId: id, customerId: id, hash: '', fields: parsed.records[0]! };
}

/** A store with markers and customer rows in memory; `tooLarge` customers fail like DynamoDB's item limit. */
function fakeStore(markers: PendingMarker[], tooLarge: Set<string>) {
  const written = new Map<string, Record<string, unknown>>();
  const cleared: string[] = [];
  const store = {
    pendingMarkers: async () => markers,
    customerRows: async (_t: string, customerId: string) => [customerRow(customerId)],
    putAccount: async (_t: string, customerId: string, snapshot: Record<string, unknown>) => {
      if (tooLarge.has(customerId)) throw new SnapshotTooLargeError(customerId, MAX_SNAPSHOT_BYTES + 1);
      written.set(customerId, snapshot);
    },
    deleteAccount: async () => {},
    accountVersion: async () => undefined,
    accountVersions: async (_t: string, ids: readonly string[]) =>
      new Map<string, number | undefined>(ids.map((c) => [c, undefined])),
    getAccount: async (_t: string, customerId: string) => ({ customerId, stored: true }),
    clearPending: async (_t: string, sks: readonly string[]) => {
      cleared.push(...sks);
    },
  };
  return { store: store as unknown as LedgerStore, written, cleared };
}

describe('pending recompute', () => {
  describe('flushPending', () => {
    it('returns each marked customer recomputed once and only settled markers cleared', async () => {
      // Prepare
      const { store, written, cleared } = fakeStore(
        [
          { sk: 'a', createdAt: OLD, customers: ['C-1', 'C-2'] },
          { sk: 'b', createdAt: OLD, customers: ['C-2'] },
          { sk: 'c', createdAt: YOUNG, customers: ['C-3'] },
        ],
        new Set(),
      );

      // Act
      const result = await new LedgerService(store).flushPending('office', '2026-11-23', NOW);

      // Assess
      expect(result).toEqual({ recomputed: 3, cleared: 2, failed: [], errors: {} });
      expect([...written.keys()].sort()).toEqual(['C-1', 'C-2', 'C-3']);
      expect(cleared.sort()).toEqual(['a', 'b']);
    });

    it('returns a too-large account as failed, the others written, and keeps its marker', async () => {
      const { store, written, cleared } = fakeStore(
        [
          { sk: 'a', createdAt: OLD, customers: ['C-1', 'BIG'] },
          { sk: 'b', createdAt: OLD, customers: ['C-3'] },
        ],
        new Set(['BIG']),
      );

      const result = await new LedgerService(store).flushPending('office', '2026-11-23', NOW);

      expect(result).toMatchObject({ recomputed: 2, cleared: 1, failed: ['BIG'] });
      expect(result.errors.BIG).toMatch(/over the 358400-byte limit/);
      expect([...written.keys()].sort()).toEqual(['C-1', 'C-3']);
      expect(cleared).toEqual(['b']);
    });
  });

  describe('flushPending versions', () => {
    it('reads every version in one bulk call, and afresh only for an account a posting moved meanwhile', async () => {
      // Prepare: versions 4 and 7 in bulk; C-2's first write conflicts (a posting moved it to 8).
      const single: string[] = [];
      const bulk: string[][] = [];
      const writes: [string, number | undefined][] = [];
      let conflicted = false;
      const store = {
        pendingMarkers: async () => [{ sk: 'a', createdAt: OLD, customers: ['C-1', 'C-2'] }],
        customerRows: async (_t: string, c: string) => [customerRow(c)],
        accountVersions: async (_t: string, ids: readonly string[]) => {
          bulk.push([...ids]);
          return new Map<string, number | undefined>([
            ['C-1', 4],
            ['C-2', 7],
          ]);
        },
        accountVersion: async (_t: string, c: string) => {
          single.push(c);
          return 8;
        },
        putAccount: async (
          _t: string,
          c: string,
          _s: unknown,
          _o: boolean,
          guard: { expectedVersion: number | undefined },
        ) => {
          if (c === 'C-2' && !conflicted) {
            conflicted = true;
            throw new VersionConflictError(c);
          }
          writes.push([c, guard.expectedVersion]);
        },
        clearPending: async () => {},
      } as unknown as LedgerStore;

      // Act
      const result = await new LedgerService(store).flushPending('office', '2026-11-23', NOW);

      // Assess
      expect(result).toMatchObject({ recomputed: 2, failed: [] });
      expect(bulk).toEqual([['C-1', 'C-2']]);
      expect(single).toEqual(['C-2']);
      expect(writes.sort()).toEqual([
        ['C-1', 4],
        ['C-2', 8],
      ]);
    });
  });

  describe('currentAccount', () => {
    it('returns the stored snapshot, or one computed from the rows while the customer is marked', async () => {
      const { store, written } = fakeStore([{ sk: 'a', createdAt: YOUNG, customers: ['C-2'] }], new Set());
      const service = new LedgerService(store);

      const stored = await service.currentAccount('office', 'C-1', '2026-11-23');
      const marked = await service.currentAccount('office', 'C-2', '2026-11-23');

      expect(stored).toEqual({ customerId: 'C-1', stored: true });
      expect(marked).toMatchObject({ customerId: 'C-2', customer: { email: 'c-2@example.com' } });
      expect(written.size).toBe(0);
    });
  });

  describe('encodeSnapshot', () => {
    it('returns a gzipped snapshot a fraction of its JSON size that decodes to the same value', () => {
      const items = Array.from({ length: 40 }, (_, i) => ({
        itemId: `INV-${i}`,
        dueDate: '2026-10-01',
        openMinor: 1000 + i,
        currency: 'USD',
      }));
      const snapshot = { customerId: 'C-1', accounts: [{ currency: 'USD', items }] };

      const packed = encodeSnapshot('C-1', snapshot);

      expect(packed.length).toBeLessThan(JSON.stringify(snapshot).length / 4);
      expect(decodeSnapshot({ snapshotZ: packed })).toEqual(snapshot);
      expect(decodeSnapshot({ snapshot })).toEqual(snapshot);
    });

    it('returns STORE.SNAPSHOT_TOO_LARGE naming the customer when even gzipped it passes the limit', () => {
      // Random ids do not compress: about 30,000 open items.
      const items = Array.from({ length: 30_000 }, () => ({ itemId: randomBytes(12).toString('base64') }));
      const attempt = () => encodeSnapshot('C-HUGE', { customerId: 'C-HUGE', accounts: [{ items }] });
      expect(attempt).toThrow(SnapshotTooLargeError);
      expect(attempt).toThrow(
        expect.objectContaining({ code: 'STORE.SNAPSHOT_TOO_LARGE', customerId: 'C-HUGE' }),
      );
    });
  });
});
