// A synced late fee or interest row the law or the contract does not allow, on DynamoDB Local: stored (the sheet is the source of truth), left out of every balance, and listed in the sync's answer naming tab, row, column, rule and citation.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiStack, chunk, type Office, startApiStack } from '../support/api-stack.js';

const NOW = new Date('2026-11-23T15:00:00Z');
const CUSTOMER = ['Customer ID', 'Name', 'Address', 'Fees Agreed'];
const INVOICE = ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'];
const ADJUSTMENT = ['Adjustment ID', 'Customer ID', 'Date', 'Type', 'Amount', 'Currency', 'Invoice ID'];

interface Warning {
  row: number;
  id: string;
  column: string;
  code: string;
  rule: string;
  message: string;
}

describe('ledger-service', () => {
  let stack: ApiStack;
  let office: Office;
  let lettersDir: string;

  beforeAll(async () => {
    lettersDir = await mkdtemp(join(tmpdir(), 'duebook-charges-'));
    stack = await startApiStack(() => NOW, lettersDir);
    office = stack.offices[0];
    const send = (tab: string, header: string[], rows: unknown[][]) =>
      stack.call(office, 'POST', '/v1/sync', chunk(tab, header, rows));
    await send('Customers', CUSTOMER, [
      ['W1', 'Dana Debtor', '1 Main St, Madison, WI 53703', 'yes'],
      ['W2', 'Eli Debtor', '2 Main St, Austin, TX 78701', ''],
    ]);
    await send('Invoices', INVOICE, [
      ['W1-I1', 'W1', '2026-09-01', '2026-10-01', '400.00', 'USD'],
      ['W2-I1', 'W2', '2026-09-01', '2026-10-01', '400.00', 'USD'],
    ]);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await rm(lettersDir, { recursive: true, force: true });
  });

  describe('sync', () => {
    it('lists each refused charge as a warning naming row, column, rule and citation, and stores it uncharged', async () => {
      // Act: a lawful fee, one above Wisconsin's limit, one for a customer who agreed to no fees
      const res = await stack.call(
        office,
        'POST',
        '/v1/sync',
        chunk('Adjustments', ADJUSTMENT, [
          ['W1-F1', 'W1', '2026-10-15', 'late-fee', '10.00', 'USD', 'W1-I1'],
          ['W1-F2', 'W1', '2026-10-16', 'late-fee', '25.00', 'USD', 'W1-I1'],
          ['W2-F1', 'W2', '2026-10-15', 'late-fee', '5.00', 'USD', 'W2-I1'],
        ]),
      );
      // Assess
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ written: 3, rejected: 0, errors: [] });
      const warnings = res.body.warnings as Warning[];
      expect(warnings.map((w) => [w.row, w.id, w.column, w.code, w.rule])).toEqual([
        [3, 'W1-F2', 'Amount', 'CHARGE.REFUSED', 'fee/above-state-cap'],
        [4, 'W2-F1', 'Type', 'CHARGE.REFUSED', 'fees/not-agreed'],
      ]);
      expect(warnings[0]!.message).toMatch(/^not charged \(fee\/above-state-cap\): .*WI.*Wis\. Stat\./);
      expect(warnings[1]!.message).toContain('15 U.S.C. 1692f(1)');
      expect(await stack.store.getRow(office.tenantId, 'Adjustments', 'W1-F2')).toBeDefined();
      const status = await stack.call(office, 'GET', '/v1/status?customers=W1,W2');
      const balances = Object.fromEntries(
        (status.body.customers as { customerId: string; balance: string }[]).map((c) => [
          c.customerId,
          c.balance,
        ]),
      );
      expect(balances).toEqual({ W1: 'USD 410.00', W2: 'USD 400.00' });
    });

    it('answers no warning for rows other than fees and interest, nor for a lawful fee sent again', async () => {
      // Act
      const res = await stack.call(
        office,
        'POST',
        '/v1/sync',
        chunk('Adjustments', ADJUSTMENT, [
          ['W1-F1', 'W1', '2026-10-15', 'late-fee', '10.00', 'USD', 'W1-I1'],
          ['W2-CR1', 'W2', '2026-10-20', 'credit-note', '5.00', 'USD', ''],
        ]),
      );
      // Assess
      expect(res.status).toBe(200);
      expect(res.body.warnings).toEqual([]);
    });
  });
});
