// Rows Duebook writes itself when the office is at its rows quota (issue #17), on the local stack (DynamoDB
// Local, the SES emulator, the Stripe stand-in): sent emails' activity and card payments are stored past the
// limit; the debtor's promise waits in the review queue; a contact change and a plan approval are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedger } from '../../../cli/sync-client.js';
import { type LocalStack, startLocalStack } from '../../../lambdas/local/stack.js';
import { BACKEND_ROW_RULES } from '../../../lambdas/services/backend-rows.js';
import { DEFAULT_OFFICE_OPTIONS } from '../../../lambdas/shared/office-config.js';
import { emailLinkIn, postForm, stackApi } from '../support/stack-client.js';

const at = (date: string, hour = 14, minute = 5) =>
  new Date(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
const PORTAL_LABEL = 'See your account, promise a date, ask for a plan or question an invoice';

describe('portal-rows-quota', () => {
  let stack: LocalStack;
  const clock = at('2026-11-23');

  beforeAll(async () => {
    // An office allowed 6 rows: its ledger below is exactly 6 (3 customers, 3 invoices).
    stack = await startLocalStack({
      tenantId: 'full-office',
      now: () => clock,
      officeOptions: {
        ...DEFAULT_OFFICE_OPTIONS,
        quotas: { ...DEFAULT_OFFICE_OPTIONS.quotas, apiRequestsPerMinute: 0, rowsStored: 6 },
      },
    });
    await syncLedger(
      stack.apiUrl,
      { idToken: await stack.token() },
      {
        Customers: [
          ['Customer ID', 'Name', 'Email', 'Time Zone', 'Dunning', 'Phone', 'Address'],
          ['F-1', 'Fay Full', 'fay@example.com', 'America/New_York', 'catch-up', '+1 555 0100', '1 Road'],
          ['F-2', 'Gil Full', 'gil@example.com', 'America/New_York', 'catch-up', '', ''],
          ['F-3', 'Hal Full', 'hal@example.com', 'America/New_York', 'catch-up', '', ''],
        ],
        Invoices: [
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          ['FI-1', 'F-1', '2026-09-20', '2026-10-20', '600.00', 'USD'],
          ['FI-2', 'F-2', '2026-09-20', '2026-10-20', '400.00', 'USD'],
          ['FI-3', 'F-3', '2026-09-20', '2026-10-20', '900.00', 'USD'],
        ],
      },
    );
    // The day's reminders go out: each sent email's activity row is stored past the limit.
    await stack.runDay();
    await stack.dispatch();
    await stack.drain();
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (path: string, init?: RequestInit & { token?: string }) => stackApi(stack)(path, init);
  const linkIn = (customerId: string, label: string) => emailLinkIn(stack, customerId, label);
  const rowsOf = async (customerId: string, tab: string) =>
    (await stack.store.customerRows(stack.tenantId, customerId)).filter((r) => r.tab === tab);
  const stored = () => stack.quotas.rowsStored(stack.tenantId);

  describe('BACKEND_ROW_RULES', () => {
    it('keeps every payment and every contact that happened, whatever the quota', () => {
      // Assess
      const store = BACKEND_ROW_RULES.filter((r) => r.atLimit === 'store').map((r) => r.tab);
      expect(store).toEqual(['Payments', 'Activity']);
    });
  });

  describe('rows written at the limit', () => {
    it("stores the sent emails' activity past the limit", async () => {
      // Assess: 6 ledger rows, then one activity row per email sent.
      expect((await rowsOf('F-1', 'Activity')).length).toBeGreaterThanOrEqual(1);
      expect(await stored()).toBeGreaterThan(6);
    });

    it('stores a card payment past the limit: money received is never refused', async () => {
      // Prepare
      const before = await stored();
      const toCheckout = await fetch(await linkIn('F-2', 'Pay online'), { redirect: 'manual' });
      const checkout = toCheckout.headers.get('location')!;
      // Act
      const paid = await postForm(`${checkout}/complete`, {});
      // Assess
      expect(paid.status).toBe(303);
      const payments = await rowsOf('F-2', 'Payments');
      expect(payments).toHaveLength(1);
      expect(payments[0]!.fields).toMatchObject({ amountMinor: 40000, currency: 'USD' });
      expect(await stored()).toBeGreaterThan(before);
    });

    it("keeps the debtor's promise in the review queue, not recorded, and tells the debtor the office will confirm it", async () => {
      // Prepare
      const before = await stored();
      const portal = await linkIn('F-1', PORTAL_LABEL);
      // Act
      const res = await postForm(portal, { action: 'promise', date: '2026-12-20', currency: 'USD' });
      const page = await fetch(res.headers.get('location')!);
      // Assess: no Promises row, nothing counted; the queue entry says what to do.
      expect(res.status).toBe(303);
      expect(await page.text()).toContain('your promise has been sent to the office');
      expect(await rowsOf('F-1', 'Promises')).toHaveLength(0);
      expect(await stored()).toBe(before);
      const entry = (await api('/v1/queue')).body.entries.find(
        (e: { channel: string; customerId: string }) => e.channel === 'promise' && e.customerId === 'F-1',
      );
      expect(entry).toBeDefined();
      expect(JSON.stringify(entry)).toMatch(/NOT RECORDED: the office stores \d+ rows of its quota of 6/);
      expect(JSON.stringify(entry)).toContain('2026-12-20');
    });

    it('refuses a new phone number on the page, naming whom to tell, and changes nothing', async () => {
      // Prepare
      const portal = await linkIn('F-1', PORTAL_LABEL);
      // Act
      const res = await postForm(portal, { action: 'contact', field: 'phone', value: '+1 555 0199' });
      // Assess
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(
        'cannot record a new phone number at the moment, and nothing was changed',
      );
      expect(await rowsOf('F-1', 'Contact Changes')).toHaveLength(0);
    });

    it('takes a plan request into the queue, and refuses its approval with 403 QUOTA.ROWS, the request kept', async () => {
      // Prepare
      const portal = await linkIn('F-3', PORTAL_LABEL);
      const asked = await postForm(portal, {
        action: 'plan',
        installments: '3',
        frequency: 'monthly',
        date: '2026-12-15',
      });
      const entry = (await api('/v1/queue')).body.entries.find(
        (e: { channel: string; customerId: string }) =>
          e.channel === 'plan-request' && e.customerId === 'F-3',
      );
      // Act
      const decided = await api('/v1/queue', {
        method: 'POST',
        body: JSON.stringify({
          decision: 'approve',
          entries: [{ customerId: 'F-3', stage: entry.stage, channel: entry.channel, cycle: entry.cycle }],
        }),
      });
      // Assess
      expect(asked.status).toBe(303);
      expect(decided.status).toBe(403);
      expect(decided.body.error.code).toBe('QUOTA.ROWS');
      expect(decided.body.error.message).toMatch(/quota of 6, and this would add a Plans row/);
      expect(await rowsOf('F-3', 'Plans')).toHaveLength(0);
      const still = (await api('/v1/queue')).body.entries.find(
        (e: { channel: string; customerId: string }) =>
          e.channel === 'plan-request' && e.customerId === 'F-3',
      );
      expect(still).toBeDefined();
    });
  });
});
