import { beforeAll, describe, expect, it } from 'vitest';
import { LedgerService } from '../../../lambdas/services/ledger-service.js';
import { LedgerStore } from '../../../lambdas/store/ledger-store.js';
import { laggingIndex } from '../../support/lagging-index.js';
import { useLocalTable } from '../../support/local-table.js';
import { serviceChunk as chunk } from '../support/api-stack.js';

const TABLE = 'duebook-refs-settle-test';
const T0 = Date.parse('2026-11-23T15:00:00Z');
const MINUTE = 60_000;
const ZONE = 'America/New_York';
const CUSTOMER = ['Customer ID', 'Name'];
const INVOICE = ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'];
const PAYMENT = ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To'];

describe('recent-refs', () => {
  const local = useLocalTable(TABLE);
  let truth: LedgerStore;

  beforeAll(() => {
    truth = new LedgerStore(local.doc, TABLE);
  });

  /** A service whose index lags 10 minutes of a fake clock, and the clock (set it with `at`). */
  function laggingTenMinutes() {
    let now = T0;
    const store = new LedgerStore(
      laggingIndex(local.doc, TABLE, 10 * MINUTE, () => now),
      TABLE,
    );
    return {
      store,
      service: new LedgerService(store),
      at: (minutes: number) => {
        now = T0 + minutes * MINUTE;
        return new Date(now);
      },
    };
  }
  const invoice = (id: string, customer: string) => [
    id,
    customer,
    '2026-09-01',
    '2026-10-01',
    '300.00',
    'USD',
  ];
  /** `<t>-C1` and `<t>-C2`, and invoices `<t>-I1`, `<t>-I2` of C1, with the index caught up. */
  async function ledger(t: string): Promise<void> {
    const setup = new LedgerService(truth);
    const at = new Date(T0 - 60 * MINUTE);
    await setup.sync(
      t,
      chunk('Customers', CUSTOMER, [
        [`${t}-C1`, 'One'],
        [`${t}-C2`, 'Two'],
      ]),
      at,
    );
    await setup.sync(
      t,
      chunk('Invoices', INVOICE, [invoice(`${t}-I1`, `${t}-C1`), invoice(`${t}-I2`, `${t}-C1`)]),
      at,
    );
    await setup.flushPending(t, '2026-11-23', at);
  }
  const payment = (t: string, id: string, invoiceId: string) => [
    id,
    `${t}-C1`,
    '2026-11-01',
    '10.00',
    'USD',
    invoiceId,
  ];
  const refsOf = async (t: string, customerId: string) =>
    (await truth.accountGuard(t, customerId, true)).refs;

  describe('appliedRowsGuard', () => {
    it('refuses moving an invoice 5 minutes after a payment was synced on it, the index lagging 10 minutes', async () => {
      // Prepare
      const t = 'settle-a';
      await ledger(t);
      const { service, at } = laggingTenMinutes();
      await service.sync(t, chunk('Payments', PAYMENT, [payment(t, `${t}-P1`, `${t}-I1`)]), at(0));
      // Act
      const moved = await service.sync(t, chunk('Invoices', INVOICE, [invoice(`${t}-I1`, `${t}-C2`)]), at(5));
      const deleted = await service.sync(t, chunk('Invoices', INVOICE, [], [`${t}-I1`]), at(6));
      // Assess
      expect(moved.errors.map((e) => e.code)).toEqual(['SYNC.ITEM_APPLIED']);
      expect(deleted.errors.map((e) => e.code)).toEqual(['SYNC.ITEM_APPLIED']);
      expect((await truth.getRow(t, 'Invoices', `${t}-I1`))?.customerId).toBe(`${t}-C1`);
    }, 60_000);

    it('refuses a payment posted 5 minutes after its invoice moved away, the index lagging 10 minutes', async () => {
      // Prepare
      const t = 'settle-b';
      await ledger(t);
      const { service, at } = laggingTenMinutes();
      await service.sync(t, chunk('Invoices', INVOICE, [invoice(`${t}-I1`, `${t}-C2`)]), at(0));
      // Act
      const posted = await service
        .post(
          t,
          'Payments',
          {
            idempotencyKey: `k-${t}`,
            row: {
              'Payment ID': `${t}-P1`,
              'Customer ID': `${t}-C1`,
              Date: '2026-11-01',
              Amount: '10.00',
              Currency: 'USD',
              'Applies To': `${t}-I1`,
            },
          },
          at(5),
          ZONE,
        )
        .then(
          () => 'stored',
          (e: unknown) => (e as { code?: string }).code,
        );
      // Assess
      expect(posted).toBe('SCHEMA.ROW_INVALID');
      expect(await truth.getRow(t, 'Payments', `${t}-P1`)).toBeUndefined();
    }, 60_000);
  });

  describe('settledEntries (through LedgerService.flushPending)', () => {
    it('keeps the references and the marker while the index lags, and prunes them once it shows the rows', async () => {
      // Prepare
      const t = 'settle-c';
      await ledger(t);
      const { service, at } = laggingTenMinutes();
      await service.sync(t, chunk('Payments', PAYMENT, [payment(t, `${t}-P1`, `${t}-I1`)]), at(0));
      // Act: a flush while the index still lags, then one after it caught up
      const early = await service.flushPending(t, '2026-11-23', at(5));
      const refsEarly = await refsOf(t, `${t}-C1`);
      const markersEarly = (await truth.pendingMarkers(t)).length;
      const late = await service.flushPending(t, '2026-11-23', at(11));
      // Assess
      expect(early.failed).toEqual([]);
      expect(refsEarly.length).toBe(1);
      expect(markersEarly).toBeGreaterThan(0);
      expect(late.cleared).toBeGreaterThan(0);
      expect(await refsOf(t, `${t}-C1`)).toEqual([]);
      expect(await truth.pendingMarkers(t)).toEqual([]);
      // The index shows the payment now: the guard still refuses the move
      const moved = await service.sync(
        t,
        chunk('Invoices', INVOICE, [invoice(`${t}-I1`, `${t}-C2`)]),
        at(12),
      );
      expect(moved.errors.map((e) => e.code)).toEqual(['SYNC.ITEM_APPLIED']);
    }, 60_000);

    it('prunes a reference whose row went, whatever the index shows', async () => {
      // Prepare: a payment synced and deleted, the index still showing neither
      const t = 'settle-d';
      await ledger(t);
      const { service, at } = laggingTenMinutes();
      await service.sync(t, chunk('Payments', PAYMENT, [payment(t, `${t}-P1`, `${t}-I1`)]), at(0));
      await service.sync(t, chunk('Payments', PAYMENT, [], [`${t}-P1`]), at(1));
      // Act
      await service.flushPending(t, '2026-11-23', at(5));
      // Assess
      expect(await refsOf(t, `${t}-C1`)).toEqual([]);
    }, 60_000);
  });
});
