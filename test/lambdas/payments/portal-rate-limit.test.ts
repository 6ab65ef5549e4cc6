// The debtor page's rate limit on the real local parts: actions per link and per customer counted in
// DynamoDB Local, across two instances of the API handler; 429 with Retry-After and plain words.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_ACTION_LIMITS } from '../../../lambdas/payments/portal-rate-limit.js';
import { signPortalToken } from '../../../lambdas/shared/portal-token.js';
import { type ApiStack, chunk, LINK_SECRET, startApiStack } from '../support/api-stack.js';

const perLink = PORTAL_ACTION_LIMITS.find((l) => l.per === 'link')!.actions;
const perCustomer = PORTAL_ACTION_LIMITS.find((l) => l.per === 'customer')!.actions;

describe('portal-rate-limit', () => {
  let stack: ApiStack;
  let lettersDir: string;
  let clock = new Date('2026-11-23T15:10:00Z');

  beforeAll(async () => {
    lettersDir = await mkdtemp(join(tmpdir(), 'duebook-rate-'));
    stack = await startApiStack(() => clock, lettersDir);
    const office = stack.offices[0];
    const customers = await stack.call(
      office,
      'POST',
      '/v1/sync',
      chunk(
        'Customers',
        ['Customer ID', 'Name', 'Email'],
        [
          ['R-1', 'Rae Rapid', 'rae@example.com'],
          ['R-2', 'Sam Slow', 'sam@example.com'],
        ],
      ),
    );
    const invoices = await stack.call(
      office,
      'POST',
      '/v1/sync',
      chunk(
        'Invoices',
        ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
        [
          ['RI-1', 'R-1', '2026-09-01', '2026-10-01', '300.00', 'USD'],
          ['RI-2', 'R-2', '2026-09-01', '2026-10-01', '300.00', 'USD'],
        ],
      ),
    );
    expect([customers.body.rejected, invoices.body.rejected]).toEqual([0, 0]);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await rm(lettersDir, { recursive: true, force: true });
  });

  /** A signed page link of a customer of office A; `n` makes each link distinct (another email). */
  const link = (customerId: string, n: number) =>
    signPortalToken(
      {
        purpose: 'portal',
        tenantId: 'office-a',
        customerId,
        expiresAt: Date.parse('2027-01-01T00:00:00Z') + n * 1000,
        outboxKey: `reminder#email#2026-11-${String(n).padStart(2, '0')}`,
      },
      LINK_SECRET,
    );
  /** Posts a page action, alternating between the two API instances. */
  let calls = 0;
  const act = (token: string, form: Record<string, string>) =>
    fetch(`${calls++ % 2 === 0 ? stack.url : stack.url2}/v1/portal?token=${token}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });

  describe('takePortalAction', () => {
    it('answers 429 with Retry-After once a link has sent its hour’s actions, across instances', async () => {
      // Prepare
      const token = link('R-1', 1);
      // Act: the link's allowance of refused actions, then a valid promise
      const statuses: number[] = [];
      for (let i = 0; i < perLink; i++) statuses.push((await act(token, { action: 'nope' })).status);
      const over = await act(token, { action: 'promise', date: '2026-12-10', currency: 'USD' });
      const text = await over.text();
      // Assess
      expect(statuses).toEqual(Array(perLink).fill(400));
      expect(over.status).toBe(429);
      const retryAfter = Number(over.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect(text).toContain('Too many changes were sent from this link');
      expect(text).toContain('call the office');
      const rows = await stack.store.customerRows('office-a', 'R-1');
      expect(rows.filter((r) => r.tab === 'Promises')).toEqual([]);
    });

    it('still lets the same link open the page (only actions count)', async () => {
      // Act
      const res = await fetch(`${stack.url2}/v1/portal?token=${link('R-1', 1)}`);
      // Assess
      expect(res.status).toBe(200);
    });

    it('holds per customer across links, and leaves other customers alone', async () => {
      // Prepare: the customer has used perLink actions through link 1 already
      const links = Array.from({ length: Math.ceil(perCustomer / perLink) + 1 }, (_, i) =>
        link('R-1', i + 2),
      );
      // Act: further links of the same customer until the customer's limit is reached
      let allowed = 0;
      let refused: Response | undefined;
      for (const token of links) {
        for (let i = 0; i < perLink && !refused; i++) {
          const res = await act(token, { action: 'nope' });
          if (res.status === 429) refused = res;
          else allowed++;
        }
      }
      const other = await act(link('R-2', 1), { action: 'nope' });
      // Assess
      expect(allowed).toBe(perCustomer - perLink);
      expect(refused?.status).toBe(429);
      expect(await refused!.text()).toContain('for this account');
      expect(other.status).toBe(400);
    });

    it('allows actions again once the window has passed', async () => {
      // Prepare
      clock = new Date(clock.getTime() + 3_600_000);
      // Act
      const res = await act(link('R-1', 1), { action: 'promise', date: '2026-12-10', currency: 'USD' });
      // Assess
      expect(res.status).toBe(303);
      const rows = await stack.store.customerRows('office-a', 'R-1');
      expect(rows.filter((r) => r.tab === 'Promises')).toHaveLength(1);
    });
  });
});
