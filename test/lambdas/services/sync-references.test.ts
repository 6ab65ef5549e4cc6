// A later sync may not move or delete an invoice (or a charge) from under the rows stored against it
// (a payment applied to it, an adjustment on it), on DynamoDB Local: such a row is that row's error
// naming tab, row and field, nothing of it is stored, and the chunk's other rows are.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedger } from '../../../cli/sync-client.js';
import { type ApiStack, chunk, type Office, startApiStack } from '../support/api-stack.js';

const NOW = new Date('2026-11-23T15:00:00Z');
const CUSTOMER = ['Customer ID', 'Name', 'Fees Agreed'];
const INVOICE = ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'];
const PAYMENT = ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To'];
const ADJUSTMENT = ['Adjustment ID', 'Customer ID', 'Date', 'Type', 'Amount', 'Currency', 'Invoice ID'];

interface Answer {
  status: number;
  body: {
    written?: number;
    deleted?: number;
    alsoDeleted?: { tab: string; id: string }[];
    rejected?: number;
    error?: { code: string; details?: unknown };
    errors?: { row: number; id?: string; column: string; code: string; message: string; field?: string }[];
  };
}

describe('ledger-service', () => {
  let stack: ApiStack;
  let office: Office;
  let lettersDir: string;

  beforeAll(async () => {
    lettersDir = await mkdtemp(join(tmpdir(), 'duebook-refs-'));
    stack = await startApiStack(() => NOW, lettersDir);
    office = stack.offices[0];
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await rm(lettersDir, { recursive: true, force: true });
  });

  const send = async (
    tab: string,
    header: string[],
    rows: unknown[][],
    deleted?: string[],
    alsoDeleted?: Record<string, string[]>,
  ) =>
    (await stack.call(office, 'POST', '/v1/sync', {
      ...chunk(tab, header, rows, deleted),
      ...(alsoDeleted ? { alsoDeleted } : {}),
    })) as unknown as Answer;
  const stored = (tab: string, id: string) => stack.store.getRow(office.tenantId, tab as never, id);
  /** Two customers of one office, `<p>-I1` of 300.00 (and `<p>-I2`) on the first one's account. */
  const ledger = async (p: string) => {
    await send('Customers', CUSTOMER, [
      [`${p}-C1`, 'One', 'yes'],
      [`${p}-C2`, 'Two', 'yes'],
    ]);
    await send('Invoices', INVOICE, [
      [`${p}-I1`, `${p}-C1`, '2026-09-01', '2026-10-01', '300.00', 'USD'],
      [`${p}-I2`, `${p}-C1`, '2026-09-01', '2026-10-01', '50.00', 'USD'],
    ]);
  };
  const invoiceRow = (p: string, customer: string, amount = '300.00', currency = 'USD') => [
    `${p}-I1`,
    customer,
    '2026-09-01',
    '2026-10-01',
    amount,
    currency,
  ];

  describe('sync', () => {
    it('refuses an invoice moved to another customer under a stored payment, naming row, field and payment', async () => {
      // Prepare
      await ledger('R1');
      await send('Payments', PAYMENT, [['R1-P3', 'R1-C1', '2026-11-01', '120.00', 'USD', 'R1-I1']]);
      // Act: the invoice moves to R1-C2; the other invoice of the chunk changes its amount only
      const a = await send('Invoices', INVOICE, [
        invoiceRow('R1', 'R1-C2'),
        ['R1-I2', 'R1-C1', '2026-09-01', '2026-10-01', '55.00', 'USD'],
      ]);
      // Assess
      expect(a.status).toBe(200);
      expect(a.body.errors).toEqual([
        {
          row: 2,
          id: 'R1-I1',
          column: 'Customer ID',
          code: 'SYNC.ITEM_APPLIED',
          message: 'invoice R1-I1 has payment R1-P3 of USD 120.00 applied; move or delete the payment first',
        },
      ]);
      expect(a.body.written).toBe(1);
      expect((await stored('Invoices', 'R1-I1'))?.customerId).toBe('R1-C1');
      expect((await stored('Invoices', 'R1-I2'))?.fields.amountMinor).toBe(5500);
    });

    it('refuses an invoice whose currency changes under a stored payment', async () => {
      // Prepare
      await ledger('R2');
      await send('Payments', PAYMENT, [['R2-P1', 'R2-C1', '2026-11-01', '20.00', 'USD', 'R2-I1']]);
      // Act
      const a = await send('Invoices', INVOICE, [invoiceRow('R2', 'R2-C1', '300.00', 'EUR')]);
      // Assess
      expect(a.body.errors?.map((e) => [e.row, e.column, e.code])).toEqual([
        [2, 'Currency', 'SYNC.ITEM_APPLIED'],
      ]);
      expect((await stored('Invoices', 'R2-I1'))?.fields.currency).toBe('USD');
    });

    it('takes a change of amount or dates under a stored payment', async () => {
      // Prepare
      await ledger('R3');
      await send('Payments', PAYMENT, [['R3-P1', 'R3-C1', '2026-11-01', '20.00', 'USD', 'R3-I1']]);
      // Act
      const a = await send('Invoices', INVOICE, [invoiceRow('R3', 'R3-C1', '310.00')]);
      // Assess
      expect(a.body.errors).toEqual([]);
      expect((await stored('Invoices', 'R3-I1'))?.fields.amountMinor).toBe(31000);
    });

    it('refuses deleting an invoice under a stored payment, naming the deleted entry, and deletes the rest', async () => {
      // Prepare
      await ledger('R4');
      await send('Payments', PAYMENT, [['R4-P1', 'R4-C1', '2026-11-01', '120.00', 'USD', 'R4-I1']]);
      // Act
      const a = await send('Invoices', INVOICE, [], ['R4-I1', 'R4-I2']);
      // Assess
      expect(a.status).toBe(200);
      expect(a.body.deleted).toBe(1);
      expect(a.body.errors).toEqual([
        {
          row: 0,
          id: 'R4-I1',
          field: 'deleted[0]',
          column: 'Invoice ID',
          code: 'SYNC.ITEM_APPLIED',
          message: 'invoice R4-I1 has payment R4-P1 of USD 120.00 applied; move or delete the payment first',
        },
      ]);
      expect(await stored('Invoices', 'R4-I1')).toBeDefined();
      expect(await stored('Invoices', 'R4-I2')).toBeUndefined();
    });

    it('deletes the invoice once the payment was deleted first', async () => {
      // Prepare
      await ledger('R5');
      await send('Payments', PAYMENT, [['R5-P1', 'R5-C1', '2026-11-01', '120.00', 'USD', 'R5-I1']]);
      // Act
      const payment = await send('Payments', PAYMENT, [], ['R5-P1']);
      const invoice = await send('Invoices', INVOICE, [], ['R5-I1']);
      // Assess
      expect(payment.body.deleted).toBe(1);
      expect(invoice.body).toMatchObject({ deleted: 1, errors: [] });
      expect(await stored('Invoices', 'R5-I1')).toBeUndefined();
    });

    it('refuses moving or deleting an invoice with an adjustment on it', async () => {
      // Prepare
      await ledger('R6');
      await send('Adjustments', ADJUSTMENT, [
        ['R6-F1', 'R6-C1', '2026-10-15', 'late-fee', '15.00', 'USD', 'R6-I1'],
      ]);
      // Act
      const moved = await send('Invoices', INVOICE, [invoiceRow('R6', 'R6-C2')]);
      const deleted = await send('Invoices', INVOICE, [], ['R6-I1']);
      // Assess
      expect(moved.body.errors?.map((e) => e.message)).toEqual([
        'invoice R6-I1 has adjustment R6-F1 of USD 15.00 applied; move or delete the adjustment first',
      ]);
      expect(deleted.body.errors?.map((e) => [e.field, e.code])).toEqual([
        ['deleted[0]', 'SYNC.ITEM_APPLIED'],
      ]);
      expect((await stored('Invoices', 'R6-I1'))?.customerId).toBe('R6-C1');
    });

    it('refuses deleting a charge a stored payment is applied to', async () => {
      // Prepare
      await ledger('R7');
      await send('Adjustments', ADJUSTMENT, [
        ['R7-F1', 'R7-C1', '2026-10-15', 'late-fee', '15.00', 'USD', 'R7-I1'],
      ]);
      await send('Payments', PAYMENT, [['R7-P1', 'R7-C1', '2026-11-01', '15.00', 'USD', 'R7-F1']]);
      // Act
      const a = await send('Adjustments', ADJUSTMENT, [], ['R7-F1']);
      // Assess
      expect(a.body.errors?.map((e) => e.message)).toEqual([
        'adjustment R7-F1 has payment R7-P1 of USD 15.00 applied; move or delete the payment first',
      ]);
      expect(await stored('Adjustments', 'R7-F1')).toBeDefined();
    });

    it('refuses moving an invoice under a payment posted through the API', async () => {
      // Prepare
      await ledger('R8');
      const posted = await stack.call(office, 'POST', '/v1/payments', {
        idempotencyKey: 'key-R8-P1',
        row: {
          'Payment ID': 'R8-P1',
          'Customer ID': 'R8-C1',
          Date: '2026-11-20',
          Amount: '40.00',
          Currency: 'USD',
          'Applies To': 'R8-I1',
        },
      });
      expect(posted.status).toBe(201);
      // Act
      const a = await send('Invoices', INVOICE, [invoiceRow('R8', 'R8-C2')]);
      // Assess
      expect(a.body.errors?.map((e) => e.message)).toEqual([
        'invoice R8-I1 has payment R8-P1 of USD 40.00 applied; move or delete the payment first',
      ]);
      expect((await stored('Invoices', 'R8-I1'))?.customerId).toBe('R8-C1');
    });

    it('deletes an invoice and the payment named in alsoDeleted in one chunk, together', async () => {
      // Prepare
      await ledger('R11');
      await send('Payments', PAYMENT, [['R11-P1', 'R11-C1', '2026-11-01', '120.00', 'USD', 'R11-I1']]);
      // Act: Invoices sync first; the chunk names the payment the same sync deletes
      const invoices = await send('Invoices', INVOICE, [], ['R11-I1'], { Payments: ['R11-P1'] });
      const payments = await send('Payments', PAYMENT, [], ['R11-P1']);
      // Assess
      expect(invoices.body).toMatchObject({
        deleted: 1,
        errors: [],
        alsoDeleted: [{ tab: 'Payments', id: 'R11-P1' }],
      });
      expect(payments.body).toMatchObject({ deleted: 0, errors: [] });
      expect(await stored('Invoices', 'R11-I1')).toBeUndefined();
      expect(await stored('Payments', 'R11-P1')).toBeUndefined();
    });

    it('keeps the invoice, and its payments, when a payment on it is not deleted too', async () => {
      // Prepare
      await ledger('R12');
      await send('Payments', PAYMENT, [
        ['R12-P1', 'R12-C1', '2026-11-01', '10.00', 'USD', 'R12-I1'],
        ['R12-P2', 'R12-C1', '2026-11-02', '20.00', 'USD', 'R12-I1'],
      ]);
      // Act
      const a = await send('Invoices', INVOICE, [], ['R12-I1'], { Payments: ['R12-P1'] });
      // Assess: only the payment that stays is named; nothing is deleted
      expect(a.body.errors?.map((e) => e.message)).toEqual([
        'invoice R12-I1 has payment R12-P2 of USD 20.00 applied; move or delete the payment first',
      ]);
      expect(await stored('Invoices', 'R12-I1')).toBeDefined();
      expect(await stored('Payments', 'R12-P1')).toBeDefined();
    });

    it('refuses a chunk whose alsoDeleted names a tab whose rows do not apply to it, nothing deleted', async () => {
      // Prepare
      await ledger('R13');
      // Act
      const a = await send('Invoices', INVOICE, [], ['R13-I2'], { Customers: ['R13-C1'] });
      // Assess
      expect(a.status).toBe(400);
      expect(a.body.error?.code).toBe('SYNC.DELETED_INVALID');
      expect(await stored('Invoices', 'R13-I2')).toBeDefined();
    });

    it('deletes an invoice and its payment removed from the CLI’s files in one run', async () => {
      // Prepare
      const auth = { apiKey: office.apiKey };
      const customers = [CUSTOMER, ['R14-C1', 'Fourteen', '']];
      const first = await syncLedger(stack.url, auth, {
        Customers: customers,
        Invoices: [INVOICE, ['R14-I1', 'R14-C1', '2026-09-01', '2026-10-01', '300.00', 'USD']],
        Payments: [PAYMENT, ['R14-P1', 'R14-C1', '2026-11-01', '120.00', 'USD', 'R14-I1']],
      });
      // Act: both rows go from the files
      const second = await syncLedger(
        stack.url,
        auth,
        { Customers: customers, Invoices: [INVOICE], Payments: [PAYMENT] },
        first.ids,
      );
      // Assess
      expect(second.find((t) => t.tab === 'Invoices')).toMatchObject({ deleted: 1, errors: [] });
      expect(second.ids.Invoices).toBeUndefined();
      expect(second.ids.Payments).toBeUndefined();
      expect(await stored('Invoices', 'R14-I1')).toBeUndefined();
      expect(await stored('Payments', 'R14-P1')).toBeUndefined();
    });

    it('refuses deleting a customer who still has invoices and payments, naming them, and deletes the rest', async () => {
      // Prepare: R15-C1 has two invoices and a payment; R15-C2 nothing
      await ledger('R15');
      await send('Payments', PAYMENT, [['R15-P1', 'R15-C1', '2026-11-01', '120.00', 'USD', 'R15-I1']]);
      // Act
      const a = await send('Customers', CUSTOMER, [], ['R15-C1', 'R15-C2']);
      // Assess
      expect(a.status).toBe(200);
      expect(a.body.deleted).toBe(1);
      expect(a.body.errors).toEqual([
        {
          row: 0,
          id: 'R15-C1',
          field: 'deleted[0]',
          column: 'Customer ID',
          code: 'SYNC.CUSTOMER_IN_USE',
          message:
            'customer R15-C1 still has invoices R15-I1 of USD 300.00 and R15-I2 of USD 50.00 and payment R15-P1 of USD 120.00; delete or move them first',
        },
      ]);
      expect(await stored('Customers', 'R15-C1')).toBeDefined();
      expect(await stored('Customers', 'R15-C2')).toBeUndefined();
    });

    it('deletes a customer with every row of it the same sync deletes (alsoDeleted), together', async () => {
      // Prepare
      await ledger('R16');
      await send('Payments', PAYMENT, [['R16-P1', 'R16-C1', '2026-11-01', '120.00', 'USD', 'R16-I1']]);
      // Act
      const a = await send('Customers', CUSTOMER, [], ['R16-C1'], {
        Invoices: ['R16-I1', 'R16-I2'],
        Payments: ['R16-P1'],
      });
      // Assess
      expect(a.body).toMatchObject({ deleted: 1, errors: [] });
      expect(a.body.alsoDeleted).toHaveLength(3);
      for (const [tab, id] of [
        ['Customers', 'R16-C1'],
        ['Invoices', 'R16-I1'],
        ['Invoices', 'R16-I2'],
        ['Payments', 'R16-P1'],
      ])
        expect(await stored(tab!, id!)).toBeUndefined();
    });

    it('keeps a refused deletion among the CLI client’s ids, so the run after the payment’s deletion deletes it', async () => {
      // Prepare
      const auth = { apiKey: office.apiKey };
      const customers = [CUSTOMER, ['R10-C1', 'Ten', '']];
      const first = await syncLedger(stack.url, auth, {
        Customers: customers,
        Invoices: [INVOICE, ['R10-I1', 'R10-C1', '2026-09-01', '2026-10-01', '300.00', 'USD']],
        Payments: [PAYMENT, ['R10-P1', 'R10-C1', '2026-11-01', '120.00', 'USD', 'R10-I1']],
      });
      const payment = first.ids.Payments;
      // Act: the invoice goes from the files; then the payment too (the invoice's deletion is sent
      // again, naming the payment's); then one more run
      const second = await syncLedger(
        stack.url,
        auth,
        {
          Customers: customers,
          Invoices: [INVOICE],
          Payments: [PAYMENT, ['R10-P1', 'R10-C1', '2026-11-01', '120.00', 'USD', 'R10-I1']],
        },
        first.ids,
      );
      const third = await syncLedger(
        stack.url,
        auth,
        { Customers: customers, Invoices: [INVOICE], Payments: [PAYMENT] },
        second.ids,
      );
      const fourth = await syncLedger(
        stack.url,
        auth,
        { Customers: customers, Invoices: [INVOICE], Payments: [PAYMENT] },
        third.ids,
      );
      // Assess
      expect(payment).toEqual(['R10-P1']);
      expect(second.find((t) => t.tab === 'Invoices')!.errors.map((e) => [e.row, e.id])).toEqual([
        [0, 'R10-I1'],
      ]);
      expect(second.ids.Invoices).toEqual(['R10-I1']);
      // The run that deletes the payment deletes the invoice with it (alsoDeleted); the next has nothing to do.
      expect(third.find((t) => t.tab === 'Invoices')).toMatchObject({ deleted: 1, errors: [] });
      expect(third.ids.Invoices).toBeUndefined();
      expect(fourth.find((t) => t.tab === 'Invoices')).toBeUndefined();
      expect(await stored('Invoices', 'R10-I1')).toBeUndefined();
    });

    it('deletes and moves 150 invoices of one customer in one chunk, in transactions of at most 100 items', async () => {
      // Prepare
      await ledger('R17');
      const ids = Array.from({ length: 150 }, (_, i) => `R17-X${i}`);
      await send(
        'Invoices',
        INVOICE,
        ids.map((id) => [id, 'R17-C1', '2026-09-01', '2026-10-01', '10.00', 'USD']),
      );
      // Act: 100 deleted, 50 moved to the other customer
      const a = await send(
        'Invoices',
        INVOICE,
        ids.slice(100).map((id) => [id, 'R17-C2', '2026-09-01', '2026-10-01', '10.00', 'USD']),
        ids.slice(0, 100),
      );
      // Assess
      expect(a.body).toMatchObject({ deleted: 100, written: 50, errors: [] });
      const left = await stack.store.getRows(office.tenantId, 'Invoices', ids, true);
      expect(left.map((r) => r.customerId)).toEqual(ids.slice(100).map(() => 'R17-C2'));
    });

    it('lists every row applied to the item, the payment of another item left alone', async () => {
      // Prepare
      await ledger('R9');
      await send('Payments', PAYMENT, [
        ['R9-P1', 'R9-C1', '2026-11-01', '10.00', 'USD', 'R9-I1'],
        ['R9-P2', 'R9-C1', '2026-11-02', '20.00', 'USD', 'R9-I2,R9-I1'],
        ['R9-P3', 'R9-C1', '2026-11-03', '30.00', 'USD', 'R9-I2'],
      ]);
      // Act
      const a = await send('Invoices', INVOICE, [invoiceRow('R9', 'R9-C2')]);
      // Assess
      expect(a.body.errors?.map((e) => e.message)).toEqual([
        'invoice R9-I1 has payments R9-P1 of USD 10.00 and R9-P2 of USD 20.00 applied; move or delete the payments first',
      ]);
    });
  });
});
