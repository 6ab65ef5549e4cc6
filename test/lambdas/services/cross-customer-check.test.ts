import { beforeAll, describe, expect, it } from 'vitest';
import { parseTabRows } from '../../../core/ledger/schema-rows.js';
import { CROSS_CUSTOMER_RULE } from '../../../lambdas/services/cross-customer-check.js';
import { LedgerService } from '../../../lambdas/services/ledger-service.js';
import { LedgerStore } from '../../../lambdas/store/ledger-store.js';
import { useLocalTable } from '../../support/local-table.js';
import { serviceChunk as chunk } from '../support/api-stack.js';

const TABLE = 'duebook-cross-customer-test';
const NOW = new Date('2026-11-23T15:00:00Z');
const LATER = new Date('2026-11-23T16:00:00Z');
const PAYMENT = ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To'];

describe('cross-customer-check', () => {
  const local = useLocalTable(TABLE);
  let store: LedgerStore;

  beforeAll(() => {
    store = new LedgerStore(local.doc, TABLE);
  });

  describe('recordCrossCustomer (through LedgerService.flushPending)', () => {
    it('lists a payment stored on another customer’s invoice for review, once, naming the rows, money unmoved', async () => {
      // Prepare: C-1 and C-2, C-2's invoice, and C-1's payment on it written as before the rules
      const t = 'cross-a';
      const service = new LedgerService(store);
      const send = (tab: string, header: string[], rows: unknown[][]) =>
        service.sync(t, chunk(tab, header, rows), NOW);
      await send(
        'Customers',
        ['Customer ID', 'Name'],
        [
          ['C-1', 'One'],
          ['C-2', 'Two'],
        ],
      );
      await send(
        'Invoices',
        ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
        [['I-2', 'C-2', '2026-09-01', '2026-10-01', '300.00', 'USD']],
      );
      const old = parseTabRows('Payments', [PAYMENT, ['P-9', 'C-1', '2026-10-05', '120.00', 'USD', 'I-2']]);
      await store.syncRows(t, 'Payments', 'paymentId', old.records, [], NOW.toISOString(), {
        markPending: true,
      });
      // Act: the daily run's recompute, twice
      await service.flushPending(t, '2026-11-23', LATER);
      await store.markPending(t, ['C-1'], LATER.toISOString());
      await service.flushPending(t, '2026-11-23', LATER);
      // Assess
      const queue = await store.reviewQueue(t);
      const found = queue.filter((e) => e.rule === CROSS_CUSTOMER_RULE);
      expect(found.map((e) => [e.customerId, e.status, e.cycle])).toEqual([['C-1', 'failed', 'P-9']]);
      expect(found[0]!.reason).toContain('payment P-9 of customer C-1 names invoice I-2 of customer C-2');
      expect((await store.getRow(t, 'Payments', 'P-9'))?.fields.appliesTo).toEqual(['I-2']);
      expect((await store.getRow(t, 'Invoices', 'I-2'))?.customerId).toBe('C-2');
      // C-2's invoice is still owed in full: nothing re-applied
      const c2 = (await store.getAccount(t, 'C-2')) as { accounts: { balanceMinor: number }[] };
      expect(c2.accounts.map((a) => a.balanceMinor)).toEqual([30000]);
    }, 120_000);
  });
});
