// `duebook run` twice on the same data: a row removed from the ledger in between is deleted from
// the stored rows, and the account snapshot no longer counts it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replayDayOnce, SYNCED_IDS_FILE } from '../../cli/local-run.js';
import { rowIds } from '../../cli/sync-client.js';
import type { AccountSnapshot } from '../../core/collections/account-snapshot.js';
import type { LedgerRows } from '../../core/ledger/schema-rows.js';
import { startLocalStack } from '../../lambdas/local/stack.js';

const ZONE = 'America/New_York';
const CUSTOMERS = [
  ['Customer ID', 'Name', 'Email', 'Time Zone'],
  ['C-1', 'Harbor Dental Group', 'harbor@example.com', ZONE],
  ['C-2', 'Maple Street Bakery', 'maple@example.com', ZONE],
];
const INVOICE_HEADER = ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'];
const I1 = ['I-1', 'C-1', '2026-09-01', '2026-10-01', '100.00', 'USD'];
const I2 = ['I-2', 'C-1', '2026-09-15', '2026-10-15', '250.00', 'USD'];
const I3 = ['I-3', 'C-2', '2026-09-01', '2026-10-01', '75.00', 'USD'];

describe('local-run', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'duebook-run-'));

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('rowIds', () => {
    it('returns the id column of every non-blank row, whatever the header case', () => {
      expect(rowIds('Invoices', [INVOICE_HEADER.map((h) => h.toUpperCase()), I1, ['', '', ''], I3])).toEqual([
        'I-1',
        'I-3',
      ]);
    });
  });

  describe('replayDayOnce', () => {
    it('returns a removed invoice deleted from the stored rows and the account snapshot', async () => {
      // Prepare: a first run stores all three invoices.
      const before: LedgerRows = { Customers: CUSTOMERS, Invoices: [INVOICE_HEADER, I1, I2, I3] };
      const first = await replayDayOnce(before, '2026-11-23', ZONE, dataDir);
      expect(first.sync.find((t) => t.tab === 'Invoices')).toMatchObject({ written: 3, deleted: 0 });

      // Act: the clerk removes I-2 from the ledger and runs the next day.
      const after: LedgerRows = { Customers: CUSTOMERS, Invoices: [INVOICE_HEADER, I1, I3] };
      const second = await replayDayOnce(after, '2026-11-24', ZONE, dataDir);

      // Assess
      expect(second.sync.find((t) => t.tab === 'Invoices')).toMatchObject({
        written: 0,
        unchanged: 2,
        deleted: 1,
      });
      expect(second.run.accountsRecomputed).toBeGreaterThanOrEqual(1);
      const kept = JSON.parse(readFileSync(join(dataDir, SYNCED_IDS_FILE), 'utf8'));
      expect(kept).toMatchObject({ Customers: ['C-1', 'C-2'], Invoices: ['I-1', 'I-3'] });
      expect(Object.keys(kept.hashes.Invoices)).toEqual(['I-1', 'I-3']);
      const stack = await startLocalStack({ dataDir, now: () => new Date('2026-11-24T14:00:00Z') });
      try {
        const stored = await stack.store.existingRowIds(stack.tenantId, 'Invoices', ['I-1', 'I-2', 'I-3']);
        expect([...stored].sort()).toEqual(['I-1', 'I-3']);
        const snapshot = (await stack.store.getAccount(stack.tenantId, 'C-1')) as unknown as AccountSnapshot;
        expect(snapshot.accounts.flatMap((a) => a.items.map((i) => i.itemId))).toEqual(['I-1']);
        expect(snapshot.accounts[0]).toMatchObject({ currency: 'USD', balanceMinor: 10_000 });
      } finally {
        await stack.stop();
      }
    }, 180_000);

    it('returns nothing deleted when the same ledger runs again', async () => {
      const same: LedgerRows = { Customers: CUSTOMERS, Invoices: [INVOICE_HEADER, I1, I3] };
      const again = await replayDayOnce(same, '2026-11-24', ZONE, dataDir);
      expect(again.sync.every((t) => t.deleted === 0 && t.written === 0)).toBe(true);
    }, 120_000);

    it('returns only the changed row sent and written when the ledger runs again with one amount changed', async () => {
      // Prepare: every sync request body the run sends.
      const sent: { tab: string; ids: unknown[] }[] = [];
      const realFetch = globalThis.fetch;
      globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
        if (String(input).endsWith('/v1/sync') && typeof init?.body === 'string') {
          const body = JSON.parse(init.body) as { tab: string; columns: unknown[][] };
          sent.push({ tab: body.tab, ids: body.columns[0] ?? [] });
        }
        return realFetch(input, init);
      }) as typeof fetch;
      const changed: LedgerRows = {
        Customers: CUSTOMERS,
        Invoices: [INVOICE_HEADER, I1, ['I-3', 'C-2', '2026-09-01', '2026-10-01', '80.00', 'USD']],
      };
      try {
        // Act
        const run = await replayDayOnce(changed, '2026-11-24', ZONE, dataDir);
        // Assess: the unchanged customers and I-1 are not sent at all; I-3 is, and is written.
        expect(sent).toEqual([{ tab: 'Invoices', ids: ['I-3'] }]);
        expect(run.sync.find((t) => t.tab === 'Invoices')).toMatchObject({
          received: 2,
          written: 1,
          unchanged: 1,
        });
        expect(run.sync.find((t) => t.tab === 'Customers')).toMatchObject({
          received: 2,
          written: 0,
          unchanged: 2,
        });
      } finally {
        globalThis.fetch = realFetch;
      }
    }, 120_000);
  });
});
