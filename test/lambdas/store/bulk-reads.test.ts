import { beforeAll, describe, expect, it } from 'vitest';
import { LedgerStore } from '../../../lambdas/store/ledger-store.js';
import { outboxRefId } from '../../../lambdas/store/outbox-types.js';
import { countingClient } from '../../support/counting-client.js';
import { useLocalTable } from '../../support/local-table.js';
import { reminderEntry } from '../../support/outbox-entries.js';

const local = useLocalTable('bulk');
let store: LedgerStore;
/** Commands sent, by name, so a test can say how many requests a bulk read took. */
const sent: string[] = [];

beforeAll(() => {
  store = new LedgerStore(countingClient(local.doc, sent), 'bulk');
});

const entry = reminderEntry;

describe('ledger-store', () => {
  describe('accountVersions', () => {
    it('returns each account version of 150 customers in 2 requests, undefined for one never written', async () => {
      // Prepare: 150 accounts (another office's C-2 at version 1), written 1 to 3 times with the version guard.
      const ids = Array.from({ length: 150 }, (_, i) => `C-${i}`);
      for (const [i, id] of ids.entries()) {
        let version: number | undefined;
        for (let w = 0; w <= i % 3; w++) {
          await store.putAccount('bulk-a', id, { customerId: id }, true, { expectedVersion: version });
          version = (version ?? 0) + 1;
        }
      }
      await store.putAccount('bulk-b', 'C-2', { customerId: 'C-2' }, true, { expectedVersion: undefined });
      sent.length = 0;

      // Act
      const versions = await store.accountVersions('bulk-a', [...ids, 'C-NEW']);

      // Assess
      expect(sent).toEqual(['BatchGetCommand', 'BatchGetCommand']);
      expect(versions.size).toBe(151);
      for (const [i, id] of ids.entries()) expect(versions.get(id)).toBe((i % 3) + 1);
      expect(versions.has('C-NEW')).toBe(true);
      expect(versions.get('C-NEW')).toBeUndefined();
      for (const id of ['C-0', 'C-1', 'C-2', 'C-NEW'])
        expect(versions.get(id)).toBe(await store.accountVersion('bulk-a', id));
    });
  });

  describe('outboxEntries', () => {
    it('returns the stored entries among the keys asked, as stored now, none of another office', async () => {
      // Prepare
      await store.putOutboxOnce(entry('bulk-a', 'C-1', 'awaiting-review'));
      await store.putOutboxOnce(entry('bulk-a', 'C-2', 'planned'));
      await store.putOutboxOnce(entry('bulk-b', 'C-3', 'planned'));
      await store.transitionOutbox(entry('bulk-a', 'C-2', 'planned'), ['planned'], 'cancelled', {
        cancelledOn: '2027-03-13',
      });
      const keys = ['C-1', 'C-2', 'C-3', 'C-4'].map((c) => entry('bulk-a', c, 'planned'));
      sent.length = 0;

      // Act
      const found = await store.outboxEntries('bulk-a', keys);

      // Assess
      expect(sent).toEqual(['BatchGetCommand']);
      expect([...found.keys()].sort()).toEqual([outboxRefId(keys[0]!), outboxRefId(keys[1]!)]);
      expect(found.get(outboxRefId(keys[0]!))).toMatchObject({
        customerId: 'C-1',
        status: 'awaiting-review',
      });
      expect(found.get(outboxRefId(keys[1]!))).toMatchObject({ customerId: 'C-2', status: 'cancelled' });
    });

    it('returns an empty map without a request for no keys', async () => {
      sent.length = 0;
      expect((await store.outboxEntries('bulk-a', [])).size).toBe(0);
      expect(sent).toEqual([]);
    });
  });
});
