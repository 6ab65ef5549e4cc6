// Refused fee and interest rows on the local stack (DynamoDB Local, the SES emulator): synced and kept, never in an amount a debtor sees, the refusal on record in the status and the daily run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedger } from '../../cli/sync-client.js';
import type { LedgerRows } from '../../core/ledger/schema-rows.js';
import { type LocalStack, startLocalStack } from '../../lambdas/local/stack.js';

/** 09:00 Chicago on 2026-11-23. */
let clock = new Date('2026-11-23T15:00:00Z');

const ROWS: LedgerRows = {
  Customers: [
    ['Customer ID', 'Name', 'Email', 'Address', 'Time Zone', 'Fees Agreed'],
    ['C1', 'Dana Debtor', 'dana@example.com', '1 Main St, Madison, WI 53703', 'America/Chicago', 'yes'],
    ['C2', 'Eli Debtor', 'eli@example.com', '2 Main St, Austin, TX 78701', 'America/Chicago', ''],
  ],
  Invoices: [
    ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
    ['I1', 'C1', '2026-09-01', '2026-10-01', '400.00', 'USD'],
    ['I2', 'C2', '2026-09-01', '2026-10-01', '400.00', 'USD'],
  ],
  Adjustments: [
    ['Adjustment ID', 'Customer ID', 'Date', 'Type', 'Amount', 'Currency', 'Invoice ID'],
    ['LF-1', 'C1', '2026-10-15', 'late-fee', '10.00', 'USD', 'I1'],
    ['LF-2', 'C1', '2026-10-16', 'late-fee', '25.00', 'USD', 'I1'],
    ['LF-3', 'C2', '2026-10-15', 'late-fee', '5.00', 'USD', 'I2'],
  ],
};

describe('lambdas (charge refusals)', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack({
      tenantId: 'charges-office',
      now: () => clock,
      stripe: false,
      settings: { reviewMode: false, timeZone: 'America/Chicago' },
    });
    await syncLedger(stack.apiUrl, { idToken: await stack.token() }, ROWS);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const api = async (path: string) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      headers: { authorization: `Bearer ${await stack.token()}` },
    });
    return (await res.json()) as { customers: { customerId: string; balance: string; why: string }[] };
  };

  describe('GET /v1/status', () => {
    it('returns balances without the refused rows, and says in Why what was not charged', async () => {
      // Act
      const { customers } = await api('/v1/status?customers=C1,C2');
      const byId = Object.fromEntries(customers.map((c) => [c.customerId, c]));
      // Assess: C1 owes 400 + the lawful 10 (not the 25 above Wisconsin's limit); C2 agreed to no fee.
      expect(byId.C1).toMatchObject({ balance: 'USD 410.00' });
      expect(byId.C1!.why).toMatch(/Not charged: LF-2: a late fee of USD 25\.00 on I1 is above the WI limit/);
      expect(byId.C2).toMatchObject({ balance: 'USD 400.00' });
      expect(byId.C2!.why).toMatch(
        /Not charged: LF-3: the customer's Fees Agreed is not yes.*\(fees\/not-agreed\)/,
      );
    });
  });

  describe('daily run and sender', () => {
    it('returns reminders stating only the lawful amounts, the refusal recorded in the explanation', async () => {
      // Act: the day's run, then the dispatch through the day.
      await stack.runDay();
      for (let h = 0; h <= 12; h++) {
        clock = new Date(Date.parse('2026-11-23T15:00:00Z') + h * 3_600_000);
        await stack.dispatch();
        await stack.drain();
      }
      // Assess
      const outbox = [
        ...(await stack.store.customerOutbox(stack.tenantId, 'C1')),
        ...(await stack.store.customerOutbox(stack.tenantId, 'C2')),
      ].filter((e) => e.channel === 'email');
      expect(outbox.map((e) => e.customerId).sort()).toEqual(['C1', 'C2']);
      for (const e of outbox) {
        const explanation = e.action.explanation as { inputs?: Record<string, unknown> };
        expect(String(explanation.inputs?.refusedCharges)).toMatch(
          e.customerId === 'C1' ? /^LF-2: .*\(fee\/above-state-cap\)$/ : /^LF-3: .*\(fees\/not-agreed\)$/,
        );
      }
      const emails = await stack.ses.emails();
      const to = (address: string) => emails.find((m) => m.destination.to.includes(address))!;
      expect(emails).toHaveLength(2);
      expect(to('dana@example.com').body.text).toMatch(/410\.00/);
      expect(to('dana@example.com').body.text).not.toMatch(/435\.00/);
      expect(to('eli@example.com').body.text).toMatch(/400\.00/);
      expect(to('eli@example.com').body.text).not.toMatch(/405\.00/);
    });
  });
});
