// Issue #17's "done when" on the local stack: beside the demo office, a second Google identity
// creates its own office, invites a colleague who signs in and works, the daily fan-out plans the
// new office at its own 09:00, and neither office ever sees the other; plus the emails-per-day quota.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedger } from '../../cli/sync-client.js';
import { zonedInstant } from '../../core/ledger/dates.js';
import type { LedgerRows } from '../../core/ledger/schema-rows.js';
import { type LocalStack, startLocalStack } from '../../lambdas/local/stack.js';
import { DEFAULT_QUOTAS } from '../../lambdas/shared/office-config.js';

const NY = 'America/New_York';
const CHICAGO = 'America/Chicago';

/** A small ledger: `n` customers in New York, each with an invoice ten days overdue on 2026-11-23. */
function ledger(prefix: string, n: number): LedgerRows {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
  return {
    Customers: [
      ['Customer ID', 'Name', 'Email', 'Time Zone'],
      ...ids.map((id) => [id, `Customer ${id}`, `${id.toLowerCase()}@debtors.example`, NY]),
    ],
    Invoices: [
      ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
      ...ids.map((id) => [`${id}-I`, id, '2026-10-14', '2026-11-13', '400.00', 'USD']),
    ],
  };
}

describe('offices on the local stack', () => {
  let stack: LocalStack;
  let clock = new Date(zonedInstant('2026-11-23', 8, NY));
  const owner = 'owner@riverside.example';
  const colleague = 'colleague@riverside.example';
  let riverside = '';

  const as = async (email: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${await stack.token(email)}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    stack = await startLocalStack({
      now: () => clock,
      settings: { timeZone: NY },
      officeOptions: {
        allowedDomains: [],
        quotas: { ...DEFAULT_QUOTAS, apiRequestsPerMinute: 0, emailsPerDay: 2 },
      },
    });
    // The demo office's own ledger: five overdue customers.
    await syncLedger(stack.apiUrl, { apiKey: stack.apiKey }, ledger('D', 5));
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  describe('a second identity', () => {
    it('has no office, creates one, and is its admin', async () => {
      // Act
      const before = await as(owner, 'GET', '/v1/me');
      const created = await as(owner, 'POST', '/v1/offices', {
        name: 'Riverside Veterinary Clinic',
        timeZone: CHICAGO,
        country: 'US',
      });
      // Assess
      expect(before.body).toMatchObject({ office: null, canCreateOffice: true });
      expect(created.status).toBe(201);
      riverside = (created.body.office as { tenantId: string }).tenantId;
      expect(riverside).not.toBe(stack.tenantId);
      expect(created.body.office).toMatchObject({ role: 'admin', timeZone: CHICAGO });
    });

    it('invites a colleague, who signs in and syncs a ledger into the new office only', async () => {
      // Act
      const invite = await as(owner, 'POST', '/v1/members', { email: colleague, role: 'clerk' });
      const me = await as(colleague, 'GET', '/v1/me');
      const reports = await syncLedger(
        stack.apiUrl,
        { idToken: await stack.token(colleague) },
        ledger('R', 3),
      );
      // Assess
      expect(invite.status).toBe(201);
      expect(me.body.office).toMatchObject({
        tenantId: riverside,
        role: 'clerk',
        name: 'Riverside Veterinary Clinic',
      });
      expect(
        reports.every(
          (r) => (r as unknown as { rejected?: number }).rejected === 0 || r.rejected === undefined,
        ),
      ).toBe(true);
      expect(await stack.store.existingRowIds(riverside, 'Customers', ['R1', 'R2', 'R3'])).toEqual(
        new Set(['R1', 'R2', 'R3']),
      );
      expect(await stack.store.existingRowIds(stack.tenantId, 'Customers', ['R1', 'R2', 'R3'])).toEqual(
        new Set(),
      );
    });

    it('never sees the demo office: its customers, settings, queue, members or keys', async () => {
      // Act
      const status = await as(colleague, 'GET', '/v1/status?customers=D1,R1');
      const settings = await as(colleague, 'GET', '/v1/settings');
      const members = await as(owner, 'GET', '/v1/members');
      const keys = await as(owner, 'GET', '/v1/api-keys');
      const demoMembers = await as(stack.clerkEmail, 'GET', '/v1/members');
      // Assess
      // Only its own customer comes back; the demo office's D1 is simply not there.
      expect((status.body.customers as { customerId: string }[]).map((c) => c.customerId)).toEqual(['R1']);
      expect(settings.body).toMatchObject({ tenantId: riverside, officeName: 'Riverside Veterinary Clinic' });
      expect((members.body.members as { email: string }[]).map((m) => m.email).sort()).toEqual([
        colleague,
        owner,
      ]);
      expect(keys.body.keys).toEqual([]);
      expect((demoMembers.body.members as { email: string }[]).map((m) => m.email)).toEqual([
        stack.clerkEmail,
      ]);
    });

    it("is planned by the quarter-hour fan-out at its own 09:00, apart from the demo office's", async () => {
      // Act: 09:00 in New York (08:00 in Chicago), then 09:00 in Chicago.
      clock = new Date(zonedInstant('2026-11-23', 9, NY));
      const nine = await stack.tick();
      const planned = stack.officeRuns.map((r) => r.tenantId);
      clock = new Date(zonedInstant('2026-11-23', 9, CHICAGO));
      await stack.tick();
      // Assess
      expect(nine.drained).toBeDefined();
      expect(planned).toContain(stack.tenantId);
      expect(planned).not.toContain(riverside);
      expect(stack.officeRuns.filter((r) => r.tenantId === riverside && r.job === 'plan')).toHaveLength(1);
      const outbox = await stack.store.customerOutbox(riverside, 'R1');
      expect(outbox.length).toBeGreaterThan(0);
      expect(await stack.store.customerOutbox(riverside, 'D1')).toEqual([]);
    });
  });

  describe('the emails-per-day quota', () => {
    it("sends at most the office's quota a day and holds the rest, planned, for the next day", async () => {
      // Prepare: the demo office reviews nothing here; its plan ran at 09:00 New York.
      clock = new Date(zonedInstant('2026-11-23', 10, NY));
      // Act
      await stack.dispatch();
      await stack.drain();
      const sentToday = (await stack.ses.emails()).filter((e) =>
        /@debtors\.example$/.test(e.destination.to[0] ?? ''),
      );
      const held = (
        await Promise.all(
          ['D1', 'D2', 'D3', 'D4', 'D5'].map((id) => stack.store.customerOutbox(stack.tenantId, id)),
        )
      )
        .flat()
        .filter((e) => e.channel === 'email' && e.status === 'planned');
      // Assess
      expect(sentToday.filter((e) => /^d\d@/.test(e.destination.to[0] ?? ''))).toHaveLength(2);
      expect(held).toHaveLength(3);
      // Held until the office's next midnight (New York), not the UTC one.
      for (const e of held) expect(e.notBefore).toBe('2026-11-24T05:00:00.000Z');
      // The next day, two more of the held ones go out (the quota again), the last one waits.
      clock = new Date(zonedInstant('2026-11-24', 10, NY));
      await stack.dispatch();
      await stack.drain();
      const sentByNow = (await stack.ses.emails()).filter((e) => /^d\d@/.test(e.destination.to[0] ?? ''));
      expect(sentByNow).toHaveLength(4);
    });
  });
});
