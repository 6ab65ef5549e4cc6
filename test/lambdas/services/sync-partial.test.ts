// A sync whose writes fail part-way answers exactly which rows were stored, deleted and not stored,
// never a bare 500 after a partial write. DynamoDB is replaced by a fake that fails the second batch
// (a fault DynamoDB Local cannot be made to produce on cue).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lambdas/api/errors.js';
import { LedgerService } from '../../../lambdas/services/ledger-service.js';
import { LedgerStore } from '../../../lambdas/store/ledger-store.js';

/** A document client: no stored rows, every Customer known, and BatchWrite failing on call `failOn`. */
function failingDoc(failOn: number) {
  let batchWrites = 0;
  return {
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      const name = command.constructor.name;
      if (name === 'BatchGetCommand') {
        const keys = Object.values(
          command.input.RequestItems as Record<string, { Keys: { pk: string }[] }>,
        )[0]!.Keys;
        // Customers exist (rowId from the key), other rows do not.
        const items = keys
          .filter((k) => k.pk.includes('#Customers#'))
          .map((k) => ({ rowId: k.pk.split('#').pop() }));
        return { Responses: { t: items } };
      }
      if (name === 'BatchWriteCommand') {
        batchWrites++;
        if (batchWrites === failOn)
          throw Object.assign(new Error('service unavailable'), { name: 'ServiceUnavailable' });
        return {};
      }
      return {};
    },
  };
}

describe('ledger-service', () => {
  describe('sync', () => {
    it('returns SYNC.PARTIAL naming the 25 rows stored and the 35 not, when the second batch fails', async () => {
      // Prepare: 60 rows, written in batches of 25.
      const store = new LedgerStore(failingDoc(2) as never, 't');
      const ids = Array.from({ length: 60 }, (_, i) => `INV-${i}`);
      const chunk = {
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
      };
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
  });
});
