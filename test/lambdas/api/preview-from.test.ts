// The review queue's previews show the From and Reply-To the sender will use (issue #17): the
// service's address under the office's name until the office's own domain is verified, the office's
// domain from then on, and the email that leaves after approval carries exactly the From shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedger } from '../../../cli/sync-client.js';
import { type LocalStack, startLocalStack } from '../../../lambdas/local/stack.js';

const NY = 'America/New_York';
let clock = new Date('2026-11-23T15:00:00Z');

async function api(stack: LocalStack, method: string, path: string, body?: unknown) {
  // The domain route is the admin's (the local office's first admin); the rest go with the key.
  const auth: Record<string, string> = path.startsWith('/v1/sending/')
    ? { authorization: `Bearer ${await stack.identity.signIdToken({ email: stack.clerkEmail })}` }
    : { 'x-api-key': stack.apiKey };
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the API's JSON answers; the assertions check their shape.
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function syncCustomer(stack: LocalStack, id: string) {
  await syncLedger(
    stack.apiUrl,
    { apiKey: stack.apiKey },
    {
      Customers: [
        ['Customer ID', 'Name', 'Email', 'Time Zone'],
        [id, `Customer ${id}`, `${id.toLowerCase()}@example.com`, NY],
      ],
      Invoices: [
        ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
        [`${id}-I`, id, '2026-09-01', '2026-10-01', '250.00', 'USD'],
      ],
    },
  );
}

/** The queue's email preview of one customer. */
async function previewOf(stack: LocalStack, customerId: string) {
  const queue = await api(stack, 'GET', '/v1/queue');
  expect(queue.status).toBe(200);
  const entry = (queue.body.entries as { customerId: string; channel: string }[]).find(
    (e) => e.customerId === customerId && e.channel === 'email',
  ) as { customerId: string; stage: string; channel: string; cycle: string; preview: Record<string, string> };
  expect(entry?.preview?.subject).toBeTruthy();
  return entry;
}

describe('review queue previews', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack({
      now: () => clock,
      settings: { timeZone: NY, reviewMode: true, officeEmail: 'front-desk@lakeside.example' },
      stripe: false,
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  describe('GET /v1/queue preview.from', () => {
    it("shows the service's address under the office's name, with the office's reply-to, while the domain is pending", async () => {
      // Prepare
      const started = await api(stack, 'POST', '/v1/sending/identity', { domain: 'lakeside-dental.example' });
      await syncCustomer(stack, 'Q1');
      await stack.runDay();
      // Act
      const entry = await previewOf(stack, 'Q1');
      // Assess
      expect(started.status).toBe(200);
      expect(entry.preview).toMatchObject({
        from: '"Duebook Demo Office" <billing@duebook.example.com>',
        replyTo: 'front-desk@lakeside.example',
        fromVia: 'service-domain',
        pendingDomain: { domain: 'lakeside-dental.example', status: 'pending' },
      });
    });

    it("shows the office's own domain once verified, and the approved email leaves with exactly that From", async () => {
      // Prepare: SES finds the records; GET /v1/sending reads the identity back, as the Settings page does.
      stack.sesIdentity.settle('lakeside-dental.example', 'SUCCESS');
      expect((await api(stack, 'GET', '/v1/sending')).body.identity.status).toBe('verified');
      clock = new Date('2026-11-24T15:00:00Z');
      await syncCustomer(stack, 'Q2');
      await stack.runDay();
      // Act
      const entry = await previewOf(stack, 'Q2');
      const decided = await api(stack, 'POST', '/v1/queue', {
        decision: 'approve',
        entries: [{ customerId: 'Q2', stage: entry.stage, channel: entry.channel, cycle: entry.cycle }],
      });
      await stack.dispatch();
      await stack.drain();
      // Assess
      expect(entry.preview).toMatchObject({
        from: '"Duebook Demo Office" <billing@lakeside-dental.example>',
        replyTo: 'front-desk@lakeside.example',
        fromVia: 'office-domain',
      });
      expect(entry.preview.pendingDomain).toBeUndefined();
      expect(decided.status).toBe(200);
      const [mail] = (await stack.ses.emails()).filter((e) => e.destination.to.includes('q2@example.com'));
      expect(mail?.from).toBe(entry.preview.from);
      expect(mail?.replyTo[0]).toBe(entry.preview.replyTo);
    });
  });
});
