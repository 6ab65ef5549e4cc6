// POST /v1/credit-holds/release on DynamoDB Local and the SES emulator: a clerk lifts a customer's
// credit hold, the credit contact is told once, the Activity note names the clerk, and what is not
// a release (unknown customer, no hold, a viewer's account, a malformed body) is refused by field.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION } from '../../../lambdas/local/dynamodb-local.js';
import { type SesLocal, startSesLocal } from '../../../lambdas/local/ses-local.js';
import { createSesMailer } from '../../../lambdas/shared/mailer.js';
import { type ApiStack, chunk, startApiStack } from '../support/api-stack.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const NOW = new Date('2026-11-23T15:00:00Z');
const CUSTOMERS = ['Customer ID', 'Name', 'Email', 'Flags'];
const INVOICES = ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'];
const ACTIVITY = ['Activity ID', 'Customer ID', 'Date', 'Type', 'Direction', 'Stage', 'Outcome'];

/** Runs the calls one after another. */
async function sequence<T>(calls: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = [];
  for (const c of calls) out.push(await c());
  return out;
}

describe('api credit-holds release', () => {
  let stack: ApiStack;
  let ses: SesLocal;
  let dir: string;
  let a: ApiStack['offices'][0];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'duebook-release-'));
    ses = await startSesLocal();
    const client = new SESv2Client({
      endpoint: ses.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
    });
    stack = await startApiStack(() => NOW, dir, undefined, {
      mailer: createSesMailer(client, 'duebook-local'),
    });
    [a] = stack.offices;
    // In order, as the add-on syncs: a row naming a customer needs the customer first.
    const answers = await sequence([
      () =>
        stack.call(
          a,
          'POST',
          '/v1/sync',
          chunk('Customers', CUSTOMERS, [
            ['C-1', 'Harbor Supply Co', 'ap@harbor.example', 'credit-hold'],
            ['C-2', 'Quay Bakery', 'ap@quay.example', ''],
          ]),
        ),
      () =>
        stack.call(
          a,
          'POST',
          '/v1/sync',
          chunk('Invoices', INVOICES, [
            ['INV-1', 'C-1', '2026-09-04', '2026-10-04', '1200.00', 'USD'],
            ['INV-2', 'C-2', '2026-09-04', '2026-10-04', '80.00', 'USD'],
          ]),
        ),
      () =>
        stack.call(
          a,
          'POST',
          '/v1/sync',
          chunk('Activity', ACTIVITY, [
            ['A-1', 'C-1', '2026-11-10', 'note', 'outbound', 'credit-hold', 'credit hold: credit-hold'],
          ]),
        ),
      () => stack.call(a, 'POST', '/v1/settings', { creditContactEmail: 'credit@office-a.example.com' }),
    ]);
    expect(answers.map((r) => [r.status, r.body.rejected ?? 0])).toEqual([
      [200, 0],
      [200, 0],
      [200, 0],
      [200, 0],
    ]);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await ses?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  describe('POST /v1/credit-holds/release', () => {
    it('releases the hold, tells the credit contact once with the clerk’s reason, and records it once', async () => {
      // Act
      const first = await stack.call(a, 'POST', '/v1/credit-holds/release', {
        customerId: 'C-1',
        note: 'owner promised a wire on Friday',
      });
      const again = await stack.call(a, 'POST', '/v1/credit-holds/release', { customerId: 'C-1' });
      // Assess
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        customerId: 'C-1',
        result: 'released',
        notice: 'notified',
        notifiedTo: 'credit@office-a.example.com',
        heldOn: '2026-11-10',
        explanation: { rule: 'credit-hold/release/clerk' },
        clearFlagInSheet: true,
      });
      expect(again.body).toMatchObject({ result: 'already-released', notice: 'already-done' });
      const emails = await ses.emails();
      expect(emails).toHaveLength(1);
      expect(emails[0]!.subject).toBe('Credit hold released: Harbor Supply Co (C-1)');
      expect(emails[0]!.destination.to).toEqual(['credit@office-a.example.com']);
      expect(emails[0]!.body.text).toContain('a clerk decided: owner promised a wire on Friday');
      const notes = (await stack.store.customerRows(a.tenantId, 'C-1')).filter((r) => r.tab === 'Activity');
      const release = notes.filter((r) => String(r.fields.outcome ?? '').startsWith('credit hold released'));
      expect(release).toHaveLength(1);
      expect(release[0]!.fields.by).toBe('api-key');
    }, 60_000);

    it('shows the release in the review queue as a credit task: account, balance, aging, reason, whom told', async () => {
      const res = await stack.call(a, 'GET', '/v1/queue');
      expect(res.status).toBe(200);
      const entries = res.body.entries as {
        kind: string;
        customerId: string;
        task?: Record<string, unknown>;
      }[];
      const task = entries.find((e) => e.kind === 'task' && e.customerId === 'C-1');
      expect(task?.task).toMatchObject({
        notifiedTo: 'credit@office-a.example.com',
        credit: {
          customerName: 'Harbor Supply Co',
          notice: 'release',
          action: 'credit-hold',
          rule: 'credit-hold/release/clerk',
          accounts: [
            { currency: 'USD', balanceMinor: 120_000, overdueMinor: 120_000, oldestDaysPastDue: 50 },
          ],
        },
      });
      expect(String((task?.task?.credit as { reason?: string } | undefined)?.reason)).toContain(
        'a clerk decided',
      );
    });

    it('refuses a customer not on hold (409), an unknown one (404) and a body without a customer (400)', async () => {
      const none = await stack.call(a, 'POST', '/v1/credit-holds/release', { customerId: 'C-2' });
      const unknown = await stack.call(a, 'POST', '/v1/credit-holds/release', { customerId: 'C-404' });
      const bad = await stack.call(a, 'POST', '/v1/credit-holds/release', { note: 'x' });
      expect([none.status, unknown.status, bad.status]).toEqual([409, 404, 400]);
      expect(none.body.error).toMatchObject({ code: 'REQUEST.CONFLICT', details: [{ field: 'customerId' }] });
      expect(unknown.body.error).toMatchObject({ details: [{ field: 'customerId' }] });
      expect(bad.body.error).toMatchObject({ details: [{ field: 'customerId' }] });
    });

    it("refuses a signed-in member whose role may not release (read-only), and lets a clerk's token through", async () => {
      await stack.store.putMembership('viewer@office-a.example.com', a.tenantId, 'read-only');
      const as = async (email: string) =>
        stack.call(
          a,
          'POST',
          '/v1/credit-holds/release',
          { customerId: 'C-1' },
          {
            'x-api-key': '',
            authorization: `Bearer ${await stack.identity.signIdToken({ email })}`,
          },
        );
      const viewer = await as('viewer@office-a.example.com');
      const admin = await as(a.email);
      expect(viewer.status).toBe(403);
      expect(viewer.body.error).toMatchObject({ code: 'AUTH.FORBIDDEN_ROLE' });
      // Already released above: the admin's call is allowed and repeats nothing.
      expect(admin.status).toBe(200);
      expect(admin.body).toMatchObject({ result: 'already-released' });
    });
  });
});
