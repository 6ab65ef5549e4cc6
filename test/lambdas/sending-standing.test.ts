// An office's standing as a sender on the local stack (DynamoDB Local, the SES emulator, the SES v2 identity
// stand-in): its own domain verified through the SDK, mail from the service's domain until then, rates from
// SES events, the automatic pause at SES's complaint line, and the admin's resume.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedger } from '../../cli/sync-client.js';
import { type LocalStack, startLocalStack } from '../../lambdas/local/stack.js';
import { handleSesEvent } from '../../lambdas/services/ses-events.js';
import { generateApiKey, hashApiKey } from '../../lambdas/shared/id-token.js';
import { DEFAULT_SETTINGS } from '../../lambdas/shared/settings.js';
import { png } from '../support/png.js';

const NY = 'America/New_York';
let clock = new Date('2026-11-23T15:00:00Z');

/**
 * Calls the API with the office's key, or as `as` (a Google account) when given; the domain and
 * resume routes are an admin's, so those go as the local office's admin unless the test says otherwise.
 */
async function api(
  stack: LocalStack,
  method: string,
  path: string,
  body?: unknown,
  apiKey = stack.apiKey,
  as?: string,
) {
  const adminRoute = method === 'POST' && path.startsWith('/v1/sending/');
  const who = as ?? (adminRoute && apiKey === stack.apiKey ? stack.clerkEmail : undefined);
  const auth: Record<string, string> = who
    ? { authorization: `Bearer ${await stack.identity.signIdToken({ email: who })}` }
    : { 'x-api-key': apiKey };
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { ...auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the API's JSON answers; the assertions check their shape.
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** One overdue customer per id, so each run of the day has an email to send. */
async function syncCustomers(stack: LocalStack, ids: string[]) {
  await syncLedger(
    stack.apiUrl,
    { apiKey: stack.apiKey },
    {
      Customers: [
        ['Customer ID', 'Name', 'Email', 'Time Zone'],
        ...ids.map((id) => [id, `Customer ${id}`, `${id.toLowerCase()}@example.com`, NY]),
      ],
      Invoices: [
        ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
        ...ids.map((id) => [`${id}-I`, id, '2026-09-01', '2026-10-01', '250.00', 'USD']),
      ],
    },
  );
}

async function sendDay(stack: LocalStack) {
  await stack.runDay();
  await stack.dispatch();
  await stack.drain();
}

/** Message ids of the SES events below: each event its own (a repeated id is a duplicate delivery, counted once). */
let eventSeq = 0;

/** SES events for the office, through the same handler the ses-events Lambda runs. */
async function sesEvents(stack: LocalStack, eventType: 'Send' | 'Complaint', count: number) {
  const deps = {
    store: stack.store,
    ledger: stack.ledger,
    settings: async (t: string) => (await stack.store.getSettings(t)) ?? { tenantId: t, ...DEFAULT_SETTINGS },
    now: () => clock,
    standing: stack.standing,
  };
  for (let i = 0; i < count; i++) {
    const n = eventSeq++;
    await handleSesEvent(
      {
        eventType,
        mail: {
          messageId: `m-${eventType}-${n}`,
          destination: [`x${i}@example.com`],
          tags: { tenant: [stack.tenantId] },
        },
        ...(eventType === 'Complaint'
          ? { complaint: { complainedRecipients: [{ emailAddress: `x${i}@example.com` }] } }
          : {}),
      },
      deps,
    );
  }
}

describe('sending standing', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack({ now: () => clock, settings: { timeZone: NY }, stripe: false });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  describe('POST /v1/sending/identity', () => {
    it('refuses a domain that is not one, naming the field', async () => {
      const res = await api(stack, 'POST', '/v1/sending/identity', { domain: 'not a domain' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^domain: "not a domain" is not a domain name/);
    });

    it('starts Easy DKIM verification in SES and returns the three CNAMEs to publish', async () => {
      // Act
      const res = await api(stack, 'POST', '/v1/sending/identity', { domain: 'Lakeside-Dental.example' });

      // Assess
      expect(res.status).toBe(200);
      expect(res.body.identity).toMatchObject({
        domain: 'lakeside-dental.example',
        fromAddress: 'billing@lakeside-dental.example',
        status: 'pending',
        sesStatus: 'PENDING',
      });
      const records = res.body.identity.records as { type: string; name: string; value: string }[];
      expect(records).toHaveLength(3);
      for (const r of records) {
        expect(r.type).toBe('CNAME');
        const token = r.name.split('.')[0]!;
        expect(r.name).toBe(`${token}._domainkey.lakeside-dental.example`);
        expect(r.value).toBe(`${token}.dkim.amazonses.com`);
      }
      // SES got the identity with the office's tag and the configuration set.
      const created = stack.sesIdentity.identities().get('lakeside-dental.example');
      expect(created?.tags).toEqual([{ Key: 'duebook:tenant', Value: stack.tenantId }]);
      expect(created?.configurationSet).toBe('duebook-local');
    });

    it('is idempotent: starting again reads the identity back', async () => {
      const res = await api(stack, 'POST', '/v1/sending/identity', { domain: 'lakeside-dental.example' });
      expect(res.status).toBe(200);
      expect(res.body.identity.status).toBe('pending');
      expect(stack.sesIdentity.identities().size).toBe(1);
    });
  });

  describe('GET /v1/sending and the From of messages', () => {
    it('sends from the service domain under the office name, with its reply-to, while pending', async () => {
      // Prepare
      await syncCustomers(stack, ['P1']);

      // Act
      const status = await api(stack, 'GET', '/v1/sending');
      await sendDay(stack);

      // Assess
      expect(status.body).toMatchObject({ status: 'active', identity: { status: 'pending' } });
      expect(status.body.sender).toEqual({
        from: '"Duebook Demo Office" <billing@duebook.example.com>',
        replyTo: 'billing@duebook.example.com',
        via: 'service-domain',
      });
      const [mail] = (await stack.ses.emails()).filter((e) => e.destination.to.includes('p1@example.com'));
      expect(mail?.from).toBe('"Duebook Demo Office" <billing@duebook.example.com>');
      expect(mail?.replyTo[0]).toBe('billing@duebook.example.com');
    });

    it('sends from the office domain once SES reports it verified', async () => {
      // Prepare
      stack.sesIdentity.settle('lakeside-dental.example', 'SUCCESS');
      clock = new Date('2026-11-24T15:00:00Z');
      await syncCustomers(stack, ['P1', 'V1']);

      // Act
      const status = await api(stack, 'GET', '/v1/sending');
      await sendDay(stack);

      // Assess
      expect(status.body.identity).toMatchObject({ status: 'verified', sesStatus: 'SUCCESS' });
      expect(status.body.sender.via).toBe('office-domain');
      const [mail] = (await stack.ses.emails()).filter((e) => e.destination.to.includes('v1@example.com'));
      expect(mail?.from).toBe('"Duebook Demo Office" <billing@lakeside-dental.example>');
      expect(mail?.replyTo[0]).toBe('billing@duebook.example.com');
    });

    it('reports a domain SES gave up on as failed, and mail goes from the service domain again', async () => {
      stack.sesIdentity.settle('lakeside-dental.example', 'FAILED');
      const status = await api(stack, 'GET', '/v1/sending');
      expect(status.body.identity).toMatchObject({ status: 'failed', sesStatus: 'FAILED' });
      expect(status.body.sender.via).toBe('service-domain');
    });
  });

  describe('complaint rate and pause', () => {
    it('warns at the SES review line (0.1%) once the office has sent enough to judge', async () => {
      // Prepare: the two messages above counted, and 398 more sends: 400 in the window.
      await sesEvents(stack, 'Send', 398);

      // Act: one complaint in 400 is 0.25%.
      await sesEvents(stack, 'Complaint', 1);
      const status = await api(stack, 'GET', '/v1/sending');

      // Assess
      expect(status.body.rates).toMatchObject({ sends: 400, complaints: 1 });
      expect(status.body.status).toBe('warning');
      expect(status.body.warning.rule).toBe('mail/complaint-rate-warning');
    }, 120_000);

    it('pauses the office at the SES pause line (0.5%) and holds its mail', async () => {
      // Act: a second complaint: 2 in 400 = 0.5%.
      await sesEvents(stack, 'Complaint', 1);
      const status = await api(stack, 'GET', '/v1/sending');
      clock = new Date('2026-11-25T15:00:00Z');
      const before = (await stack.ses.emails()).length;
      await syncCustomers(stack, ['P1', 'V1', 'H1']);
      await sendDay(stack);

      // Assess
      expect(status.body.status).toBe('paused');
      expect(status.body.pause).toMatchObject({ rule: 'mail/complaint-rate-pause', sends: 400 });
      expect(status.body.pause.reason).toMatch(/complaint rate 0\.50% \(2 of 400 emails/);
      expect(status.body.resumeHow).toMatch(/POST \/v1\/sending\/resume/);
      expect(await stack.ses.emails()).toHaveLength(before);
    });

    it('resumes on an admin request with a note, and the held mail goes at the next dispatch', async () => {
      // Act
      const resumed = await api(stack, 'POST', '/v1/sending/resume', { note: 'removed the purchased list' });
      const again = await api(stack, 'POST', '/v1/sending/resume', { note: 'again' });
      clock = new Date('2026-11-25T16:15:00Z');
      await stack.dispatch();
      await stack.drain();

      // Assess
      expect(resumed.status).toBe(200);
      expect(again.status).toBe(409);
      const status = await api(stack, 'GET', '/v1/sending');
      expect(status.body.resumed).toMatchObject({ by: stack.clerkEmail, note: 'removed the purchased list' });
      expect(status.body.pause).toBeNull();
      const mail = (await stack.ses.emails()).filter((e) => e.destination.to.includes('h1@example.com'));
      expect(mail).toHaveLength(1);
    });
  });

  describe('office logo', () => {
    it('goes inline with the HTML body, the text body unchanged', async () => {
      // Prepare
      const settings = (await stack.store.getSettings(stack.tenantId))!;
      await stack.store.putSettings({
        ...settings,
        logo: { contentType: 'image/png', dataBase64: png(300, 60) },
      });
      clock = new Date('2026-11-26T15:00:00Z');
      await syncCustomers(stack, ['P1', 'V1', 'H1', 'L1']);

      // Act
      await sendDay(stack);

      // Assess
      const [mail] = (await stack.ses.emails()).filter((e) => e.destination.to.includes('l1@example.com'));
      expect(mail?.body.html).toMatch(
        /<img src="cid:office-logo" alt="Duebook Demo Office" width="200" height="40"/,
      );
      expect(mail?.body.text).not.toMatch(/office-logo|<img/);
      expect(mail?.attachments).toEqual([
        expect.objectContaining({
          contentType: 'image/png',
          filename: 'logo.png',
          size: Buffer.from(png(300, 60), 'base64').length,
        }),
      ]);
    });
  });

  describe('tenant isolation', () => {
    it("refuses another office the domain this office registered, so it can never send as this office's domain", async () => {
      // Prepare: the first office registers lakeside-dental.example (again, if an earlier test did); a
      // second office's admin.
      expect(
        (await api(stack, 'POST', '/v1/sending/identity', { domain: 'lakeside-dental.example' })).status,
      ).toBe(200);
      await stack.store.putSettings({
        ...DEFAULT_SETTINGS,
        tenantId: 'claimer-office',
        officeName: 'Claimer LLC',
      });
      const claimerKey = generateApiKey();
      await stack.store.putApiKey(hashApiKey(claimerKey), 'claimer-office', 'test');
      await stack.members.seedMember(
        'claimer-office',
        'admin@claimer.example',
        'admin',
        clock.toISOString(),
        'test',
      );
      // Act
      const claim = await api(
        stack,
        'POST',
        '/v1/sending/identity',
        { domain: 'Lakeside-Dental.example', fromAddress: 'billing@lakeside-dental.example' },
        claimerKey,
        'admin@claimer.example',
      );
      const seen = await api(stack, 'GET', '/v1/sending', undefined, claimerKey);
      // Assess: refused, nothing stored for the claimer, and its mail still goes from the service's domain.
      expect(claim.status).toBe(409);
      expect(claim.body.error.code).toBe('REQUEST.CONFLICT');
      expect(claim.body.error.message).toContain('lakeside-dental.example');
      expect(seen.body.identity).toBeNull();
      expect(seen.body.sender.from).toBe('"Claimer LLC" <billing@duebook.example.com>');
    });

    it("shows another office neither this office's domain, rates nor pause, and lets it resume only its own", async () => {
      // Prepare: a second office with its own key; the first has a domain, sends and a resume on record.
      await stack.store.putSettings({
        ...DEFAULT_SETTINGS,
        tenantId: 'other-office',
        officeName: 'Other Office LLC',
      });
      const otherKey = generateApiKey();
      await stack.store.putApiKey(hashApiKey(otherKey), 'other-office', 'test');
      await stack.members.seedMember(
        'other-office',
        'admin@other-office.example',
        'admin',
        clock.toISOString(),
        'test',
      );

      // Act
      const seen = await api(stack, 'GET', '/v1/sending', undefined, otherKey);
      const byKey = await api(stack, 'POST', '/v1/sending/resume', { note: 'a script' }, otherKey);
      const resume = await api(
        stack,
        'POST',
        '/v1/sending/resume',
        { note: 'not mine' },
        otherKey,
        'admin@other-office.example',
      );
      const own = await api(
        stack,
        'POST',
        '/v1/sending/identity',
        { domain: 'other-office.example' },
        otherKey,
        'admin@other-office.example',
      );
      const first = await api(stack, 'GET', '/v1/sending');

      // Assess
      expect(seen.body).toMatchObject({
        status: 'active',
        identity: null,
        pause: null,
        resumed: null,
        rates: { sends: 0 },
      });
      expect(seen.body.sender.from).toBe('"Other Office LLC" <billing@duebook.example.com>');
      // An API key acts as a clerk: the domain and resume are the admin's.
      expect(byKey.status).toBe(403);
      expect(byKey.body.error.code).toBe('AUTH.FORBIDDEN_ROLE');
      expect(resume.status).toBe(409);
      expect(own.body.identity.domain).toBe('other-office.example');
      expect(first.body.identity.domain).toBe('lakeside-dental.example');
      expect(first.body.resumed.note).toBe('removed the purchased list');
    });
  });

  describe('per-office send rate', () => {
    it("takes at most the office's budget of a minute, and starts again the next minute", async () => {
      const at = new Date('2026-11-25T17:00:10Z');
      const taken = [];
      for (let i = 0; i < 4; i++) taken.push(await stack.standing.takeSend('rate-office', at, 3));
      const nextMinute = await stack.standing.takeSend('rate-office', new Date('2026-11-25T17:01:00Z'), 3);
      const other = await stack.standing.takeSend('other-office', at, 3);
      expect(taken).toEqual([true, true, true, false]);
      expect(nextMinute).toBe(true);
      expect(other).toBe(true);
    });
  });
});
