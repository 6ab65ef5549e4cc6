// GET /v1/retention-holds on the local stack: after a real send, the customer is held 3 years by the archive; others and other offices are not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedger } from '../../../cli/sync-client.js';
import type { LedgerRows } from '../../../core/ledger/schema-rows.js';
import { type LocalStack, startLocalStack } from '../../../lambdas/local/stack.js';

let clock = new Date('2026-11-23T15:00:00Z');

const ROWS: LedgerRows = {
  Customers: [
    ['Customer ID', 'Name', 'Email', 'Address', 'Time Zone'],
    ['C1', 'Dana Debtor', 'dana@example.com', '1 Main St, Madison, WI 53703', 'America/Chicago'],
    ['C2', 'Eli Debtor', 'eli@example.com', '2 Main St, Austin, TX 78701', 'America/Chicago'],
  ],
  Invoices: [
    ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
    ['I1', 'C1', '2026-09-01', '2026-10-01', '400.00', 'USD'],
    ['I2', 'C2', '2026-11-01', '2026-12-31', '400.00', 'USD'],
  ],
};

describe('lambdas/api/retention-holds', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack({
      tenantId: 'holds-office',
      now: () => clock,
      stripe: false,
      settings: { reviewMode: false, timeZone: 'America/Chicago' },
    });
    await syncLedger(stack.apiUrl, { idToken: await stack.token() }, ROWS);
    await stack.runDay();
    for (let h = 0; h <= 6; h++) {
      clock = new Date(Date.parse('2026-11-23T15:00:00Z') + h * 3_600_000);
      await stack.dispatch();
      await stack.drain();
    }
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const get = async (path: string, email?: string) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      headers: { authorization: `Bearer ${await stack.token(email)}` },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  describe('GET /v1/retention-holds', () => {
    it('returns the customer a message was sent to, held until 3 years after it, and not the other', async () => {
      // Prepare
      const [sent] = await stack.store.messages(stack.tenantId, 'C1');
      // Act
      const { status, body } = await get('/v1/retention-holds?customers=C1,C2');
      // Assess
      expect(status).toBe(200);
      expect(sent).toBeDefined();
      expect(body.holds).toEqual([
        {
          customerId: 'C1',
          heldUntil: '2029-11-22',
          lastSentAt: sent!.sentAt,
          reason: expect.stringMatching(/kept 3 years after the last one \(2026-11-23\), until 2029-11-22/),
        },
      ]);
    });

    it("returns nothing for another office's clerk asking about the same ids", async () => {
      await stack.store.putMembership('other@example.org', 'other-office');
      const { status, body } = await get('/v1/retention-holds?customers=C1', 'other@example.org');
      expect(status).toBe(200);
      expect(body.holds).toEqual([]);
    });

    it('returns 400 naming the parameter when no customer is given', async () => {
      const { status, body } = await get('/v1/retention-holds');
      expect(status).toBe(400);
      expect(JSON.stringify(body)).toMatch(/customers=ID1,ID2/);
    });
  });
});
