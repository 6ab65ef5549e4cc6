// A sync whose writes fail part-way answers exactly which rows were stored, deleted and not stored,
// never a bare 500 after a partial write. DynamoDB is replaced by a fake that fails the second batch
// (a fault DynamoDB Local cannot be made to produce on cue).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lambdas/api/errors.js';
import { LedgerService } from '../../../lambdas/services/ledger-service.js';
import { LedgerStore } from '../../../lambdas/store/ledger-store.js';

/**
 * A document client: every Customer known, other rows stored under C-1 with another content (`stored`)
 * or not at all, and the `failOn`-th write of `kind` failing (BatchWrite, or TransactWrite: the rows
 * entering a customer go with its account in transactions).
 */
function failingDoc(failOn: number, kind: 'BatchWriteCommand' | 'TransactWriteCommand', stored: boolean) {
  let writes = 0;
  return {
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      const name = command.constructor.name;
      if (name === 'BatchGetCommand') {
        const keys = Object.values(
          command.input.RequestItems as Record<string, { Keys: { pk: string }[] }>,
        )[0]!.Keys;
        const items = keys
          .filter((k) => stored || k.pk.includes('#Customers#'))
          .map((k) => ({
            rowId: k.pk.split('#').pop(),
            customerId: 'C-1',
            hash: 'before',
            fields: { currency: 'USD' },
          }));
        return { Responses: { t: items } };
      }
      if (name === kind) {
        writes++;
        if (writes === failOn)
          throw Object.assign(new Error('service unavailable'), { name: 'ServiceUnavailable' });
      }
      return {};
    },
  };
}

/** A chunk of `n` invoices of C-1. */
function invoices(n: number) {
  const ids = Array.from({ length: n }, (_, i) => `INV-${i}`);
  return {
    ids,
    chunk: {
      tab: 'Invoices' as const,
      header: ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
      columns: [
        ids,
        ids.map(() => 'C-1'),
        ids.map(() => '2026-09-01'),
        ids.map(() => '2026-10-01'),
        ids.map(() => '10.00'),
        ids.map(() => 'USD'),
      ],
      rowNumbers: ids.map((_, i) => i + 2),
    },
  };
}

describe('ledger-service', () => {
  describe('sync', () => {
    it('returns SYNC.PARTIAL naming the 25 rows stored and the 35 not, when the second batch fails', async () => {
      // Prepare: 60 stored rows changed, written in batches of 25.
      const store = new LedgerStore(failingDoc(2, 'BatchWriteCommand', true) as never, 't');
      const { ids, chunk } = invoices(60);
      // Act
      const error = await new LedgerService(store)
        .sync('office-a', chunk, new Date('2026-11-23T15:00:00Z'))
        .catch((e: unknown) => e);
      // Assess
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('SYNC.PARTIAL');
      const details = (error as ApiError).details as { stored: string[]; notStored: string[] };
      expect(details.stored).toEqual(ids.slice(0, 25));
      expect(details.notStored).toEqual(ids.slice(25));
      expect((error as ApiError).message).toContain('25 row(s) stored');
    });

    it('returns SYNC.PARTIAL naming the 99 new rows stored and the 51 not, when the second transaction fails', async () => {
      // Prepare: 150 new rows of one customer, written with its account in transactions of 99.
      const store = new LedgerStore(failingDoc(2, 'TransactWriteCommand', false) as never, 't');
      const { ids, chunk } = invoices(150);
      // Act
      const error = await new LedgerService(store)
        .sync('office-a', chunk, new Date('2026-11-23T15:00:00Z'))
        .catch((e: unknown) => e);
      // Assess
      expect((error as ApiError).code).toBe('SYNC.PARTIAL');
      const details = (error as ApiError).details as { stored: string[]; notStored: string[] };
      expect(details.stored).toEqual(ids.slice(0, 99));
      expect(details.notStored).toEqual(ids.slice(99));
    });
  });
});
