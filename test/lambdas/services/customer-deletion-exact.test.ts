import { beforeAll, describe, expect, it } from 'vitest';
import { parseTabRows } from '../../../core/ledger/schema-rows.js';
import { LedgerService } from '../../../lambdas/services/ledger-service.js';
import { LedgerStore } from '../../../lambdas/store/ledger-store.js';
import { laggingIndex } from '../../support/lagging-index.js';
import { useLocalTable } from '../../support/local-table.js';
import { serviceChunk as chunk } from '../support/api-stack.js';

const TABLE = 'duebook-customer-deletion-exact-test';
const NOW = new Date('2026-11-23T15:00:00Z');
const ZONE = 'America/New_York';
const CUSTOMER = ['Customer ID', 'Name'];
const INVOICE = ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'];
const PAYMENT = ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency'];

describe('customer-rows-guard', () => {
  const local = useLocalTable(TABLE);
  let truth: LedgerStore;

  beforeAll(() => {
    truth = new LedgerStore(local.doc, TABLE);
  });

  /** A service whose byCustomer index answers as it stood 5 s ago. */
  const lagging = () => new LedgerService(new LedgerStore(laggingIndex(local.doc, TABLE, 5_000), TABLE));
  const invoice = (id: string, customer: string) => [
    id,
    customer,
    '2026-09-01',
    '2026-10-01',
    '300.00',
    'USD',
  ];
  /** Customers `<t>-C1` and `<t>-C2`, with the index caught up. */
  async function customers(t: string): Promise<void> {
    await new LedgerService(truth).sync(
      t,
      chunk('Customers', CUSTOMER, [
        [`${t}-C1`, 'One'],
        [`${t}-C2`, 'Two'],
      ]),
      NOW,
    );
  }
  const deleteCustomer = (service: LedgerService, t: string, id: string) =>
    service.sync(t, chunk('Customers', CUSTOMER, [], [id]), NOW);

  describe('customerRowsGuard', () => {
    it.each([
      ['an invoice synced', 'synced'],
      ['a promise posted', 'posted'],
      ['an invoice moved to it from another customer', 'moved'],
      ['a payment moved to it from another customer', 'payment moved'],
    ])(
      'refuses deleting a customer right after %s, the index lagging 5 s',
      async (_, how) => {
        // Prepare
        const t = `cust-exact-${how.replace(' ', '-')}`;
        await customers(t);
        const setup = new LedgerService(truth);
        if (how === 'moved')
          await setup.sync(t, chunk('Invoices', INVOICE, [invoice(`${t}-I1`, `${t}-C1`)]), NOW);
        if (how === 'payment moved')
          await setup.sync(
            t,
            chunk('Payments', PAYMENT, [[`${t}-P1`, `${t}-C1`, '2026-11-01', '10.00', 'USD']]),
            NOW,
          );
        const service = lagging();
        // Act: the row enters C2, then at once C2 is deleted
        if (how === 'synced' || how === 'moved')
          await service.sync(t, chunk('Invoices', INVOICE, [invoice(`${t}-I1`, `${t}-C2`)]), NOW);
        else if (how === 'payment moved')
          await service.sync(
            t,
            chunk('Payments', PAYMENT, [[`${t}-P1`, `${t}-C2`, '2026-11-01', '10.00', 'USD']]),
            NOW,
          );
        else
          await service.post(
            t,
            'Promises',
            {
              idempotencyKey: `k-${t}`,
              row: {
                'Promise ID': `${t}-PR1`,
                'Customer ID': `${t}-C2`,
                'Taken On': '2026-11-20',
                'Promised Date': '2026-12-01',
                Amount: '50.00',
                Currency: 'USD',
              },
            },
            NOW,
            ZONE,
          );
        const answer = await deleteCustomer(service, t, `${t}-C2`);
        // Assess: refused, naming the row; the customer is still stored
        expect(answer.errors.map((e) => [e.code, e.field])).toEqual([['SYNC.CUSTOMER_IN_USE', 'deleted[0]']]);
        expect(answer.errors[0]!.message).toMatch(
          new RegExp(`customer ${t}-C2 still has (invoice|promise|payment) ${t}-`),
        );
        expect(await truth.getRows(t, 'Customers', [`${t}-C2`], true)).toHaveLength(1);
      },
      60_000,
    );

    it('takes back rows written for a customer deleted before they were recorded, naming them', async () => {
      // Prepare: C9 never stored (as if deleted after the sync checked it)
      const t = 'cust-exact-orphan';
      const rows = parseTabRows('Invoices', [INVOICE, invoice(`${t}-I1`, `${t}-C9`)]).records;
      // Act
      const result = await truth.syncRows(t, 'Invoices', 'invoiceId', rows, [], NOW.toISOString());
      // Assess
      expect(result.orphaned).toEqual([{ rowId: `${t}-I1`, customerId: `${t}-C9` }]);
      expect(result.written).toEqual([]);
      expect(await truth.getRows(t, 'Invoices', [`${t}-I1`], true)).toEqual([]);
    }, 60_000);

    it('deletes a customer whose last row was deleted an instant before, the index lagging 5 s', async () => {
      // Prepare
      const t = 'cust-exact-gone';
      await customers(t);
      const service = lagging();
      await service.sync(t, chunk('Invoices', INVOICE, [invoice(`${t}-I1`, `${t}-C2`)]), NOW);
      await service.sync(t, chunk('Invoices', INVOICE, [], [`${t}-I1`]), NOW);
      // Act
      const answer = await deleteCustomer(service, t, `${t}-C2`);
      // Assess: the index still shows the invoice, the table does not: the customer goes
      expect(answer.errors).toEqual([]);
      expect(await truth.getRows(t, 'Customers', [`${t}-C2`], true)).toEqual([]);
    }, 60_000);
  });
});
