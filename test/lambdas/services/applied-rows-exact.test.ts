import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../examples/seeded-random.js';
import { LedgerService } from '../../../lambdas/services/ledger-service.js';
import { LedgerStore } from '../../../lambdas/store/ledger-store.js';
import { laggingIndex } from '../../support/lagging-index.js';
import { useLocalTable } from '../../support/local-table.js';
import { serviceChunk as chunk } from '../support/api-stack.js';

const TABLE = 'duebook-applied-exact-test';
const NOW = new Date('2026-11-23T15:00:00Z');
const ZONE = 'America/New_York';
const CUSTOMER = ['Customer ID', 'Name'];
const INVOICE = ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'];
const PAYMENT = ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To'];

describe('applied-rows', () => {
  const local = useLocalTable(TABLE);
  /** What the checks read: the table itself, consistently. */
  let truth: LedgerStore;

  beforeAll(() => {
    truth = new LedgerStore(local.doc, TABLE);
  });

  /** A service whose byCustomer index answers as it stood `lagMs` ago. */
  const lagging = (lagMs: number) =>
    new LedgerService(new LedgerStore(laggingIndex(local.doc, TABLE, lagMs), TABLE));
  const invoice = (id: string, customer: string, amount = '300.00') => [
    id,
    customer,
    '2026-09-01',
    '2026-10-01',
    amount,
    'USD',
  ];
  const payment = (id: string, customer: string, invoiceId: string, amount = '10.00') => ({
    'Payment ID': id,
    'Customer ID': customer,
    Date: '2026-11-01',
    Amount: amount,
    Currency: 'USD',
    'Applies To': invoiceId,
  });
  const asRow = (p: Record<string, string>) => PAYMENT.map((h) => p[h]);
  /** Customers `<t>-C1`, `<t>-C2` and `n` invoices of 300.00 on C1's account (the index caught up). */
  async function ledger(t: string, n: number): Promise<string[]> {
    const service = new LedgerService(truth);
    await service.sync(
      t,
      chunk('Customers', CUSTOMER, [
        [`${t}-C1`, 'One'],
        [`${t}-C2`, 'Two'],
      ]),
      NOW,
    );
    const ids = Array.from({ length: n }, (_, i) => `${t}-I${i}`);
    await service.sync(
      t,
      chunk(
        'Invoices',
        INVOICE,
        ids.map((id) => invoice(id, `${t}-C1`)),
      ),
      NOW,
    );
    return ids;
  }

  describe('appliedRowsGuard', () => {
    it('refuses every move or deletion of an invoice right after a payment was stored on it, the index lagging 5 s', async () => {
      // Prepare
      const t = 'exact-a';
      const service = lagging(5_000);
      const ids = await ledger(t, 16);
      const outcomes: string[] = [];
      for (const [i, id] of ids.entries()) {
        // Act: the payment (synced or posted), then at once the invoice moved or deleted
        const p = payment(`${t}-P${i}`, `${t}-C1`, id);
        if (i % 2 === 0) await service.sync(t, chunk('Payments', PAYMENT, [asRow(p)]), NOW);
        else await service.post(t, 'Payments', { idempotencyKey: `k-${i}`, row: p }, NOW, ZONE);
        const answer =
          i % 4 < 2
            ? await service.sync(t, chunk('Invoices', INVOICE, [invoice(id, `${t}-C2`)]), NOW)
            : await service.sync(t, chunk('Invoices', INVOICE, [], [id]), NOW);
        outcomes.push(answer.errors.map((e) => e.code).join(',') || 'taken');
      }
      // Assess: every one refused, every invoice still C1's
      expect(outcomes).toEqual(ids.map(() => 'SYNC.ITEM_APPLIED'));
      const stored = await truth.getRows(t, 'Invoices', ids, true);
      expect(stored.map((r) => r.customerId)).toEqual(ids.map(() => `${t}-C1`));
    }, 120_000);

    it('refuses a payment posted or synced right after its invoice moved away, the index lagging 5 s', async () => {
      // Prepare
      const t = 'exact-b';
      const service = lagging(5_000);
      const [moved, deleted] = await ledger(t, 2);
      await service.sync(t, chunk('Invoices', INVOICE, [invoice(moved!, `${t}-C2`)], [deleted!]), NOW);
      // Act
      // The posting's answer is caught at once: it may be refused while the sync below still runs.
      const posted = service
        .post(
          t,
          'Payments',
          { idempotencyKey: 'k-moved', row: payment(`${t}-P1`, `${t}-C1`, moved!) },
          NOW,
          ZONE,
        )
        .then(
          () => 'stored',
          (e: unknown) => e,
        );
      const synced = await service.sync(
        t,
        chunk('Payments', PAYMENT, [asRow(payment(`${t}-P2`, `${t}-C1`, deleted!))]),
        NOW,
      );
      // Assess
      expect(await posted).toMatchObject({ code: 'SCHEMA.ROW_INVALID' });
      expect(synced.errors.map((e) => [e.row, e.column])).toEqual([[2, 'Applies To']]);
      expect(await truth.getRows(t, 'Payments', [`${t}-P1`, `${t}-P2`], true)).toEqual([]);
    }, 120_000);

    it('never leaves a payment on an invoice not its customer’s, under random concurrent postings, syncs, moves and deletions', async () => {
      // Prepare: 3 customers, 12 invoices, a lagging index; every round runs its operations at once
      const t = 'exact-c';
      const rand = mulberry32(20261203);
      const service = lagging(400);
      const customers = [`${t}-C1`, `${t}-C2`, `${t}-C3`];
      const setup = new LedgerService(truth);
      await setup.sync(
        t,
        chunk(
          'Customers',
          CUSTOMER,
          customers.map((c) => [c, c]),
        ),
        NOW,
      );
      const invoices = Array.from({ length: 12 }, (_, i) => `${t}-I${i}`);
      const owner = new Map(invoices.map((id, i) => [id, customers[i % 3]!]));
      await setup.sync(
        t,
        chunk(
          'Invoices',
          INVOICE,
          invoices.map((id) => invoice(id, owner.get(id)!)),
        ),
        NOW,
      );
      const payments: string[] = [];
      const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
      let n = 0;
      // Act
      for (let round = 0; round < 12; round++) {
        const ops: Promise<unknown>[] = [];
        for (let k = 0; k < 2 + Math.floor(rand() * 5); k++) {
          const id = pick(invoices);
          const who = owner.get(id)!;
          const roll = rand();
          if (roll < 0.35) {
            const p = payment(`${t}-P${n++}`, who, id);
            payments.push(p['Payment ID']);
            ops.push(
              service.post(t, 'Payments', { idempotencyKey: `k-${p['Payment ID']}`, row: p }, NOW, ZONE),
            );
          } else if (roll < 0.6) {
            const p = payment(`${t}-P${n++}`, who, id);
            payments.push(p['Payment ID']);
            ops.push(service.sync(t, chunk('Payments', PAYMENT, [asRow(p)]), NOW));
          } else if (roll < 0.85) {
            const to = pick(customers.filter((c) => c !== who));
            owner.set(id, to);
            ops.push(service.sync(t, chunk('Invoices', INVOICE, [invoice(id, to)]), NOW));
          } else {
            ops.push(service.sync(t, chunk('Invoices', INVOICE, [], [id]), NOW));
          }
        }
        await Promise.allSettled(ops);
        // The next round starts from what is stored (a refused move leaves the invoice where it was).
        for (const r of await truth.getRows(t, 'Invoices', invoices, true)) owner.set(r.rowId, r.customerId);
      }
      // Assess: every stored payment names invoices that exist and are its customer's
      const stored = await truth.getRows(t, 'Payments', payments, true);
      const byId = new Map((await truth.getRows(t, 'Invoices', invoices, true)).map((r) => [r.rowId, r]));
      const orphans = stored.filter((p) => {
        const target = byId.get(([] as string[]).concat(p.fields.appliesTo as string)[0]!);
        return target?.customerId !== p.customerId;
      });
      expect(stored.length).toBeGreaterThan(5);
      expect(orphans.map((p) => `${p.rowId} (${p.customerId}) -> ${String(p.fields.appliesTo)}`)).toEqual([]);
    }, 240_000);
  });
});
