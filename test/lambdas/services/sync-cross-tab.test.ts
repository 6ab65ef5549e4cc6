// Sync's cross-tab rules on DynamoDB Local: each synced row is checked by core's rules against the
// rows stored before it and those of the same sync (earlier chunks, in SYNC_ORDER), never against
// rows still to come; a refused row is an error naming tab, row and column, and is not stored.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../../core/ledger/money.js';
import { snapshotFromRows } from '../../../lambdas/services/ledger-service.js';
import { type ApiStack, chunk, type Office, startApiStack } from '../support/api-stack.js';

const NOW = new Date('2026-11-23T15:00:00Z');
const INVOICE = ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'];
const PAYMENT = ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To'];
const ADJUSTMENT = ['Adjustment ID', 'Customer ID', 'Date', 'Type', 'Amount', 'Currency', 'Invoice ID'];

describe('ledger-service', () => {
  let stack: ApiStack;
  let office: Office;
  let lettersDir: string;

  beforeAll(async () => {
    lettersDir = await mkdtemp(join(tmpdir(), 'duebook-xtab-'));
    stack = await startApiStack(() => NOW, lettersDir);
    office = stack.offices[0];
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await rm(lettersDir, { recursive: true, force: true });
  });

  /** One sync of several tabs, chunk by chunk in the order given; the answers by tab. */
  const sync = async (chunks: [string, string[], unknown[][], string[]?][]) => {
    const answers: Record<
      string,
      { status: number; errors: { row: number; column: string; code: string; message: string }[] }
    > = {};
    for (const [tab, header, rows, deleted] of chunks) {
      const res = await stack.call(office, 'POST', '/v1/sync', chunk(tab, header, rows, deleted));
      answers[tab] = { status: res.status, errors: (res.body.errors as never) ?? [] };
    }
    return answers;
  };
  const stored = (tab: string, id: string) => stack.store.getRow(office.tenantId, tab as never, id);
  const errorsOf = (a: { errors: { row: number; column: string; code: string }[] }) =>
    a.errors.map((e) => [e.row, e.column, e.code]);

  describe('sync', () => {
    it('refuses a payment applied to an invoice no sync has stored', async () => {
      // Act
      const a = await sync([
        ['Customers', ['Customer ID', 'Name'], [['X1', 'One']]],
        ['Payments', PAYMENT, [['X1-P1', 'X1', '2026-11-01', '10.00', 'USD', 'X1-NOWHERE']]],
      ]);
      // Assess
      expect(errorsOf(a.Payments!)).toEqual([[2, 'Applies To', 'SCHEMA.INVOICE_MISMATCH']]);
      expect(await stored('Payments', 'X1-P1')).toBeUndefined();
    });

    it('refuses an adjustment on an invoice no sync has stored', async () => {
      // Act
      const a = await sync([
        ['Customers', ['Customer ID', 'Name'], [['X2', 'Two']]],
        ['Adjustments', ADJUSTMENT, [['X2-F1', 'X2', '2026-11-01', 'late-fee', '5.00', 'USD', 'X2-NOWHERE']]],
      ]);
      // Assess
      expect(errorsOf(a.Adjustments!)).toEqual([[2, 'Invoice ID', 'SCHEMA.INVOICE_MISMATCH']]);
      expect(await stored('Adjustments', 'X2-F1')).toBeUndefined();
    });

    it('refuses a payment applied to an invoice the same sync refused', async () => {
      // Act: the invoice's amount is negative, so its row is refused; the payment comes next
      const a = await sync([
        ['Customers', ['Customer ID', 'Name'], [['X3', 'Three']]],
        ['Invoices', INVOICE, [['X3-I1', 'X3', '2026-09-01', '2026-10-01', '-100.00', 'USD']]],
        ['Payments', PAYMENT, [['X3-P1', 'X3', '2026-11-01', '10.00', 'USD', 'X3-I1']]],
      ]);
      // Assess
      expect(a.Invoices!.errors).toHaveLength(1);
      expect(errorsOf(a.Payments!)).toEqual([[2, 'Applies To', 'SCHEMA.INVOICE_MISMATCH']]);
      expect(await stored('Payments', 'X3-P1')).toBeUndefined();
    });

    it('refuses a payment applied to an invoice the same sync deleted', async () => {
      // Prepare
      await sync([
        ['Customers', ['Customer ID', 'Name'], [['X4', 'Four']]],
        ['Invoices', INVOICE, [['X4-I1', 'X4', '2026-09-01', '2026-10-01', '100.00', 'USD']]],
      ]);
      // Act
      const a = await sync([
        ['Invoices', INVOICE, [], ['X4-I1']],
        ['Payments', PAYMENT, [['X4-P1', 'X4', '2026-11-01', '10.00', 'USD', 'X4-I1']]],
      ]);
      // Assess
      expect(errorsOf(a.Payments!)).toEqual([[2, 'Applies To', 'SCHEMA.INVOICE_MISMATCH']]);
      expect(await stored('Payments', 'X4-P1')).toBeUndefined();
    });

    it('refuses a payment applied to another customer’s invoice or charge of the same sync, keeping the good rows', async () => {
      // Act
      const a = await sync([
        [
          'Customers',
          // X6 agreed to late fees, so its fee is charged (#12: an unagreed fee is refused).
          ['Customer ID', 'Name', 'Fees Agreed'],
          [
            ['X5', 'Five', ''],
            ['X6', 'Six', 'yes'],
          ],
        ],
        [
          'Invoices',
          INVOICE,
          [
            ['X5-I1', 'X5', '2026-09-01', '2026-10-01', '100.00', 'USD'],
            ['X6-I1', 'X6', '2026-09-01', '2026-10-01', '100.00', 'USD'],
          ],
        ],
        ['Adjustments', ADJUSTMENT, [['X6-F1', 'X6', '2026-11-01', 'late-fee', '5.00', 'USD', 'X6-I1']]],
        [
          'Payments',
          PAYMENT,
          [
            ['X5-P1', 'X5', '2026-11-01', '10.00', 'USD', 'X6-I1'],
            ['X5-P2', 'X5', '2026-11-01', '5.00', 'USD', 'X6-F1'],
            ['X5-P3', 'X5', '2026-11-01', '10.00', 'USD', 'X5-I1'],
            ['X6-P1', 'X6', '2026-11-01', '5.00', 'USD', 'X6-F1'],
          ],
        ],
      ]);
      // Assess
      expect(errorsOf(a.Payments!)).toEqual([
        [2, 'Applies To', 'SCHEMA.INVOICE_MISMATCH'],
        [3, 'Applies To', 'SCHEMA.INVOICE_MISMATCH'],
      ]);
      expect(await stored('Payments', 'X5-P1')).toBeUndefined();
      expect(await stored('Payments', 'X5-P2')).toBeUndefined();
      expect(await stored('Payments', 'X5-P3')).toBeDefined();
      expect(await stored('Payments', 'X6-P1')).toBeDefined();
    });

    it('takes promises and plans for a customer created in the same sync, refuses them for one it refused', async () => {
      // Act: X8's row has no name, so it is refused
      const a = await sync([
        [
          'Customers',
          ['Customer ID', 'Name'],
          [
            ['X7', 'Seven'],
            ['X8', ''],
          ],
        ],
        [
          'Promises',
          ['Promise ID', 'Customer ID', 'Taken On', 'Promised Date', 'Amount', 'Currency'],
          [
            ['X7-PR1', 'X7', '2026-11-20', '2026-12-01', '10.00', 'USD'],
            ['X8-PR1', 'X8', '2026-11-20', '2026-12-01', '10.00', 'USD'],
          ],
        ],
        [
          'Plans',
          ['Plan ID', 'Customer ID', 'First Due', 'Total', 'Currency', 'Installments', 'Frequency'],
          [
            ['X7-PL1', 'X7', '2026-12-01', '90.00', 'USD', 3, 'monthly'],
            ['X8-PL1', 'X8', '2026-12-01', '90.00', 'USD', 3, 'monthly'],
          ],
        ],
      ]);
      // Assess
      expect(a.Customers!.errors.map((e) => e.row)).toEqual([3]);
      expect(errorsOf(a.Promises!)).toEqual([[3, 'Customer ID', 'SCHEMA.CUSTOMER_UNKNOWN']]);
      expect(errorsOf(a.Plans!)).toEqual([[3, 'Customer ID', 'SCHEMA.CUSTOMER_UNKNOWN']]);
      expect(await stored('Promises', 'X7-PR1')).toBeDefined();
      expect(await stored('Plans', 'X7-PL1')).toBeDefined();
      expect(await stored('Promises', 'X8-PR1')).toBeUndefined();
    });

    it('counts every stored payment in the balance, so none is dropped later by core’s rules', async () => {
      // Act
      const status = await stack.call(office, 'GET', '/v1/status?customers=X5,X6');
      // Assess: X5 owes 100.00 less its own 10.00; X6 100.00 + 5.00 fee less 5.00 paid on it
      const balances = (status.body.customers as { customerId: string; balance: string }[])
        .map((c) => [c.customerId, c.balance])
        .sort((a, b) => a[0]!.localeCompare(b[0]!));
      expect(balances).toEqual([
        ['X5', formatMoney(9000, 'USD')],
        ['X6', formatMoney(10000, 'USD')],
      ]);
      for (const id of ['X5', 'X6']) {
        const rows = await stack.store.customerRows(office.tenantId, id);
        const snapshot = snapshotFromRows(rows, id, '2026-11-23')!;
        expect(snapshot.accounts[0]!.balanceMinor).toBe(id === 'X5' ? 9000 : 10000);
      }
    });
  });
});
