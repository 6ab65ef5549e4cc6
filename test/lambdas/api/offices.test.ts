// Offices on one deployment through the API on DynamoDB Local (issue #17): onboarding, members and
// roles, invitations, API keys, the audit trail, tenant isolation of every new route, and quotas.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/app.js';
import { normalizeOfficeName, tenantIdFor } from '../../../lambdas/api/office-routes.js';
import { API_ROUTES, roleFor } from '../../../lambdas/api/routes.js';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startDynamoDbLocal,
} from '../../../lambdas/local/dynamodb-local.js';
import { serveHandler } from '../../../lambdas/local/http-adapter.js';
import { createLocalIdentity } from '../../../lambdas/local/identity.js';
import { sweepCrossCustomer } from '../../../lambdas/services/cross-customer-sweep.js';
import { createIdTokenVerifier } from '../../../lambdas/shared/id-token.js';
import { createLocalLetterStorage } from '../../../lambdas/shared/letter-storage.js';
import { type OfficeOptions, readOfficeOptions } from '../../../lambdas/shared/office-config.js';
import { LedgerStore } from '../../../lambdas/store/ledger-store.js';
import { MemberStore } from '../../../lambdas/store/member-store.js';
import { QuotaStore } from '../../../lambdas/store/quota-store.js';
import { ensureTable } from '../../../lambdas/store/table-definition.js';
import { type ApiAnswer, type ApiStack, AUDIENCE, chunk, startApiStack } from '../support/api-stack.js';

const NOW = new Date('2026-11-23T15:00:10Z');
const CUSTOMER_HEADER = ['Customer ID', 'Name', 'Email', 'Address'];
const NEW_OFFICE = { name: 'Harbor Dental Group LLC', timeZone: 'America/Chicago', country: 'us' };

async function answer(res: Response): Promise<ApiAnswer> {
  const text = await res.text();
  let body: ApiAnswer['body'] = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = {};
  }
  return { status: res.status, body, text };
}

describe('api offices', () => {
  let stack: ApiStack;
  let lettersDir: string;

  /** A request as a Google identity (the local identity provider signs its token). */
  const as = async (email: string, method: string, path: string, body?: unknown) => {
    const token = await stack.identity.signIdToken({ email });
    return answer(
      await fetch(`${stack.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  };
  const withKey = async (key: string, method: string, path: string, body?: unknown) =>
    answer(
      await fetch(`${stack.url}${path}`, {
        method,
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );

  beforeAll(async () => {
    lettersDir = await mkdtemp(join(tmpdir(), 'duebook-offices-'));
    stack = await startApiStack(() => NOW, lettersDir);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await rm(lettersDir, { recursive: true, force: true });
  });

  describe('onboarding', () => {
    it('answers a signed-in identity with no office "no office", and refuses it every office route', async () => {
      // Act
      const me = await as('founder@harbor.example', 'GET', '/v1/me');
      const settings = await as('founder@harbor.example', 'GET', '/v1/settings');
      const members = await as('founder@harbor.example', 'GET', '/v1/members');
      // Assess
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ email: 'founder@harbor.example', office: null, canCreateOffice: true });
      expect(settings.status).toBe(403);
      expect(settings.body.error?.code).toBe('AUTH.NO_MEMBERSHIP');
      expect(settings.body.error?.message).toMatch(/create your office/);
      expect(members.status).toBe(403);
      expect(members.body.error?.code).toBe('AUTH.NO_MEMBERSHIP');
    });

    it('creates an office once: its creator is admin, it is registered for the daily run, a repeat returns it', async () => {
      // Act
      const [first, twin] = await Promise.all([
        as('founder@harbor.example', 'POST', '/v1/offices', NEW_OFFICE),
        as('founder@harbor.example', 'POST', '/v1/offices', NEW_OFFICE),
      ]);
      const again = await as('founder@harbor.example', 'POST', '/v1/offices', NEW_OFFICE);
      const me = await as('founder@harbor.example', 'GET', '/v1/me');
      // Assess
      expect([first.status, twin.status].sort()).toEqual([200, 201]);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ created: false });
      const office = (first.body.office ?? twin.body.office) as { tenantId: string };
      expect(again.body.office).toMatchObject({ tenantId: office.tenantId, role: 'admin' });
      expect(me.body.office).toMatchObject({
        tenantId: office.tenantId,
        name: 'Harbor Dental Group LLC',
        country: 'US',
        timeZone: 'America/Chicago',
        role: 'admin',
      });
      expect((await stack.store.getSettings(office.tenantId))?.timeZone).toBe('America/Chicago');
      const registry = await stack.registry.offices();
      expect(registry.filter((o) => o.tenantId === office.tenantId)).toEqual([
        { tenantId: office.tenantId, timeZone: 'America/Chicago' },
      ]);
      const audit = await stack.members.audit(office.tenantId);
      expect(audit.filter((a) => a.action === 'office.created')).toHaveLength(1);
    });

    it('gives a new office no cross-customer sweep: every door has refused such rows since its first day', async () => {
      // Act
      const created = await as('founder@tidewater.example', 'POST', '/v1/offices', {
        ...NEW_OFFICE,
        name: 'Tidewater Billing LLC',
      });
      const tenantId = (created.body.office as { tenantId: string }).tenantId;
      const before = stack.store.handle().meter.readUnits;
      const swept = await sweepCrossCustomer(stack.store, tenantId, '2026-11-24');
      // Assess: the sweep reads its cursor only, never a segment of the table
      expect(created.status).toBe(201);
      expect(swept).toBeUndefined();
      expect(stack.store.handle().meter.readUnits - before).toBeLessThanOrEqual(1);
    });

    it('refuses an office name the same domain registered, however it is written, but not another domain', async () => {
      // Act
      const sameDomain = await as('colleague@harbor.example', 'POST', '/v1/offices', {
        ...NEW_OFFICE,
        name: 'harbor dental group, llc',
      });
      const otherDomain = await as('owner@other-harbor.example', 'POST', '/v1/offices', NEW_OFFICE);
      // Assess
      expect(sameDomain.status).toBe(409);
      expect(sameDomain.body.error?.code).toBe('OFFICE.NAME_TAKEN');
      expect(sameDomain.body.error?.message).toMatch(
        /someone at harbor\.example.*invite colleague@harbor\.example/,
      );
      expect(otherDomain.status).toBe(201);
      expect(await stack.members.member('colleague@harbor.example')).toBeUndefined();
    });

    it('refuses a department name, an unknown zone and a bad country, each on its field', async () => {
      // Act
      const res = await as('new@fresh.example', 'POST', '/v1/offices', {
        name: 'Accounts receivable',
        timeZone: 'Mars/Olympus',
        country: 'USA',
      });
      // Assess
      expect(res.status).toBe(400);
      const fields = ((res.body.error?.details ?? []) as { field: string }[]).map((d) => d.field).sort();
      expect(fields).toEqual(['country', 'name', 'timeZone']);
      expect(await stack.members.member('new@fresh.example')).toBeUndefined();
    });

    it('names offices apart: same name in two domains, two tenants; punctuation and case ignored', () => {
      expect(normalizeOfficeName('Harbor Dental, LLC.')).toBe(normalizeOfficeName('harbor  dental llc'));
      expect(tenantIdFor('a.example', 'Harbor')).not.toBe(tenantIdFor('b.example', 'Harbor'));
      expect(tenantIdFor('a.example', 'Harbor')).toMatch(/^harbor-[0-9a-f]{10}$/);
      expect(tenantIdFor('a.example', 'Zahnarztpraxis Müller')).toMatch(/^zahnarztpraxis-muller-/);
    });
  });

  describe('members and roles', () => {
    const admin = 'founder@harbor.example';
    let tenantId: string;

    beforeAll(async () => {
      tenantId = ((await as(admin, 'GET', '/v1/me')).body.office as { tenantId: string }).tenantId;
    });

    it('invites a colleague, who joins on first sign-in with the role given', async () => {
      // Act
      const invited = await as(admin, 'POST', '/v1/members', {
        email: 'Clerk@Harbor.example',
        role: 'clerk',
      });
      const listed = await as(admin, 'GET', '/v1/members');
      const me = await as('clerk@harbor.example', 'GET', '/v1/me');
      const sync = await as(
        'clerk@harbor.example',
        'POST',
        '/v1/sync',
        chunk('Customers', CUSTOMER_HEADER, [
          ['H-1', 'Ada', 'ada@example.com', '1 Quay St, Boston, MA 02110'],
        ]),
      );
      const after = await as(admin, 'GET', '/v1/members');
      // Assess
      expect(invited.status).toBe(201);
      expect(listed.body.members).toContainEqual(
        expect.objectContaining({ email: 'clerk@harbor.example', role: 'clerk', status: 'invited' }),
      );
      expect(me.body.office).toMatchObject({ tenantId, role: 'clerk' });
      expect(sync.status).toBe(200);
      expect(await stack.store.existingRowIds(tenantId, 'Customers', ['H-1'])).toEqual(new Set(['H-1']));
      expect(after.body.members).toContainEqual(
        expect.objectContaining({ email: 'clerk@harbor.example', role: 'clerk', status: 'active' }),
      );
    });

    it('refuses a clerk and an API key the admin routes, naming the role', async () => {
      // Act
      const clerk = await as('clerk@harbor.example', 'POST', '/v1/members', {
        email: 'x@harbor.example',
        role: 'admin',
      });
      const key = await withKey(stack.offices[0].apiKey, 'GET', '/v1/members');
      // Assess
      expect(clerk.status).toBe(403);
      expect(clerk.body.error?.code).toBe('AUTH.FORBIDDEN_ROLE');
      expect(clerk.body.error?.message).toMatch(/your role in this office is clerk.*needs an admin/);
      expect(key.status).toBe(403);
      expect(key.body.error?.message).toMatch(/API key cannot GET \/v1\/members/);
    });

    it('refuses a read-only member every write (403 naming the role) and serves its reads', async () => {
      // Prepare
      await as(admin, 'POST', '/v1/members/role', { email: 'clerk@harbor.example', role: 'read-only' });
      // Act
      const write = await as(
        'clerk@harbor.example',
        'POST',
        '/v1/sync',
        chunk('Customers', CUSTOMER_HEADER, [['H-2', 'Bo', 'bo@example.com', '2 Quay St, Boston, MA 02110']]),
      );
      const settingsWrite = await as('clerk@harbor.example', 'POST', '/v1/settings', { reviewMode: false });
      const note = await as('clerk@harbor.example', 'POST', '/v1/notes', {
        idempotencyKey: 'note-0001',
        row: {},
      });
      const read = await as('clerk@harbor.example', 'GET', '/v1/settings');
      const status = await as('clerk@harbor.example', 'GET', '/v1/status?customers=H-1');
      // Assess
      for (const refused of [write, settingsWrite, note]) {
        expect(refused.status).toBe(403);
        expect(refused.body.error?.code).toBe('AUTH.FORBIDDEN_ROLE');
        expect(refused.body.error?.message).toMatch(/your role in this office is read-only/);
      }
      expect(await stack.store.existingRowIds(tenantId, 'Customers', ['H-2'])).toEqual(new Set());
      expect(read.status).toBe(200);
      expect(status.status).toBe(200);
    });

    it('keeps the last admin: neither removed nor demoted until another admin exists', async () => {
      // Act
      const demote = await as(admin, 'POST', '/v1/members/role', { email: admin, role: 'clerk' });
      const remove = await as(admin, 'POST', '/v1/members/remove', { email: admin });
      await as(admin, 'POST', '/v1/members/role', { email: 'clerk@harbor.example', role: 'admin' });
      const demoteNow = await as(admin, 'POST', '/v1/members/role', { email: admin, role: 'clerk' });
      const last = await as('clerk@harbor.example', 'POST', '/v1/members/role', {
        email: 'clerk@harbor.example',
        role: 'read-only',
      });
      // Assess
      for (const refused of [demote, remove, last]) {
        expect(refused.status).toBe(409);
        expect(refused.body.error?.code).toBe('OFFICE.LAST_ADMIN');
      }
      expect(demoteNow.status).toBe(200);
      // Put the founder back as admin for the tests below.
      expect(
        (await as('clerk@harbor.example', 'POST', '/v1/members/role', { email: admin, role: 'admin' }))
          .status,
      ).toBe(200);
    });

    it('never lets two admins demote each other at once into an office without one', async () => {
      // Act: each demotes the other at the same moment.
      const [a, b] = await Promise.all([
        as(admin, 'POST', '/v1/members/role', { email: 'clerk@harbor.example', role: 'clerk' }),
        as('clerk@harbor.example', 'POST', '/v1/members/role', { email: admin, role: 'clerk' }),
      ]);
      const roster = await stack.members.roster(tenantId);
      // Assess
      expect(roster.filter((m) => m.role === 'admin' && m.status === 'active').length).toBeGreaterThanOrEqual(
        1,
      );
      expect([a.status, b.status]).toContain(200);
      // Restore: the founder admin, the colleague clerk.
      const admins = roster.filter((m) => m.role === 'admin').map((m) => m.email);
      const by = admins[0]!;
      await as(by, 'POST', '/v1/members/role', { email: admin, role: 'admin' });
      await as(admin, 'POST', '/v1/members/role', { email: 'clerk@harbor.example', role: 'clerk' });
      expect((await stack.members.member(admin))?.role).toBe('admin');
    });

    it("refuses a removed member's very next request", async () => {
      // Prepare
      const before = await as('clerk@harbor.example', 'GET', '/v1/settings');
      // Act
      const removed = await as(admin, 'POST', '/v1/members/remove', { email: 'clerk@harbor.example' });
      const next = await as('clerk@harbor.example', 'GET', '/v1/settings');
      // Assess
      expect(before.status).toBe(200);
      expect(removed.status).toBe(200);
      expect(next.status).toBe(403);
      expect(next.body.error?.code).toBe('AUTH.NO_MEMBERSHIP');
    });

    it('lets a removed member be invited again and join again', async () => {
      // Act
      const invited = await as(admin, 'POST', '/v1/members', {
        email: 'clerk@harbor.example',
        role: 'read-only',
      });
      const me = await as('clerk@harbor.example', 'GET', '/v1/me');
      const removed = await as(admin, 'POST', '/v1/members/remove', { email: 'clerk@harbor.example' });
      const after = await as('clerk@harbor.example', 'GET', '/v1/me');
      // Assess
      expect(invited.status).toBe(201);
      expect(me.body.office).toMatchObject({ tenantId, role: 'read-only' });
      expect(removed.status).toBe(200);
      expect(after.body.office).toBeNull();
    });

    it('withdraws an invitation, which then never applies', async () => {
      // Act
      await as(admin, 'POST', '/v1/members', { email: 'temp@harbor.example', role: 'clerk' });
      const withdrawn = await as(admin, 'POST', '/v1/members/remove', { email: 'temp@harbor.example' });
      const me = await as('temp@harbor.example', 'GET', '/v1/me');
      // Assess
      expect(withdrawn.status).toBe(200);
      expect(me.body.office).toBeNull();
    });

    it('refuses to invite a member of another office, or one invited by another office', async () => {
      // Prepare
      const [b] = [stack.offices[1]];
      await as(b.email, 'POST', '/v1/members', { email: 'wanted@two.example', role: 'clerk' });
      // Act
      const member = await as(admin, 'POST', '/v1/members', { email: b.email, role: 'clerk' });
      const invited = await as(admin, 'POST', '/v1/members', { email: 'wanted@two.example', role: 'clerk' });
      // Assess
      expect(member.status).toBe(409);
      expect(member.body.error?.code).toBe('OFFICE.MEMBER_ELSEWHERE');
      expect(invited.status).toBe(409);
      expect(invited.body.error?.code).toBe('OFFICE.INVITED_ELSEWHERE');
    });

    it('creates a named API key shown once, lists it with its last use, and revokes it at once', async () => {
      // Act
      const created = await as(admin, 'POST', '/v1/api-keys', { name: 'Nightly export' });
      const secret = created.body.secret as string;
      const used = await withKey(secret, 'GET', '/v1/settings');
      const listed = await as(admin, 'GET', '/v1/api-keys');
      const id = (created.body.key as { id: string }).id;
      const revoked = await as(admin, 'POST', '/v1/api-keys/revoke', { id });
      const after = await withKey(secret, 'GET', '/v1/settings');
      const relisted = await as(admin, 'GET', '/v1/api-keys');
      // Assess
      expect(created.status).toBe(201);
      expect(secret).toMatch(/^dbk_/);
      expect(used.status).toBe(200);
      expect(used.body.tenantId).toBe(tenantId);
      const key = (listed.body.keys as Record<string, unknown>[]).find((k) => k.id === id);
      expect(key).toMatchObject({ name: 'Nightly export', createdBy: admin, lastUsedAt: NOW.toISOString() });
      expect(JSON.stringify(listed.body)).not.toContain(secret);
      expect(revoked.status).toBe(200);
      expect(after.status).toBe(401);
      expect(after.body.error?.code).toBe('AUTH.BAD_API_KEY');
      expect((relisted.body.keys as { id: string }[]).map((k) => k.id)).not.toContain(id);
    });

    it('audits every change: who, when, what, newest first', async () => {
      // Act
      const audit = await as(admin, 'GET', '/v1/audit');
      // Assess
      const entries = audit.body.entries as { at: string; by: string; action: string; target: string }[];
      const actions = entries.map((e) => e.action);
      for (const action of [
        'office.created',
        'member.invited',
        'member.joined',
        'member.role-changed',
        'member.removed',
        'invitation.withdrawn',
        'api-key.created',
        'api-key.revoked',
      ])
        expect(actions).toContain(action);
      expect(entries.find((e) => e.action === 'member.removed')).toMatchObject({
        by: admin,
        target: 'clerk@harbor.example',
        at: NOW.toISOString(),
      });
      const times = entries.map((e) => e.at);
      expect([...times].sort().reverse()).toEqual(times);
    });
  });

  describe('tenant isolation of the office routes', () => {
    it("lets no admin see or change another office's members, invitations, keys or audit", async () => {
      // Prepare
      const [a, b] = stack.offices;
      await as(b.email, 'POST', '/v1/members', { email: 'b-clerk@office-b.example.com', role: 'clerk' });
      const bKey = await as(b.email, 'POST', '/v1/api-keys', { name: 'B only' });
      const bKeyId = (bKey.body.key as { id: string }).id;
      // Act
      const members = await as(a.email, 'GET', '/v1/members');
      const role = await as(a.email, 'POST', '/v1/members/role', { email: b.email, role: 'read-only' });
      const remove = await as(a.email, 'POST', '/v1/members/remove', {
        email: 'b-clerk@office-b.example.com',
      });
      const keys = await as(a.email, 'GET', '/v1/api-keys');
      const revoke = await as(a.email, 'POST', '/v1/api-keys/revoke', { id: bKeyId });
      const audit = await as(a.email, 'GET', '/v1/audit');
      // Assess
      const emails = (members.body.members as { email: string }[]).map((m) => m.email);
      expect(emails).toEqual([a.email]);
      expect(role.status).toBe(404);
      expect(remove.status).toBe(404);
      expect((keys.body.keys as { name: string }[]).map((k) => k.name)).not.toContain('B only');
      expect(revoke.status).toBe(404);
      expect(JSON.stringify(audit.body)).not.toMatch(/office-b|B only/);
      expect((await stack.members.member(b.email))?.role).toBe('admin');
      expect(await stack.members.invitation('b-clerk@office-b.example.com')).toMatchObject({
        tenantId: b.tenantId,
      });
      expect((await as(b.email, 'GET', '/v1/api-keys')).body.keys).toContainEqual(
        expect.objectContaining({ id: bKeyId }),
      );
    });

    it('keeps a body tenant id from choosing the office', async () => {
      // Act
      const [a, b] = stack.offices;
      const res = await as(a.email, 'POST', '/v1/members', {
        email: 'x@y.example',
        role: 'clerk',
        tenantId: b.tenantId,
      });
      // Assess
      expect(res.status).toBe(400);
      expect(await stack.members.invitation('x@y.example')).toBeUndefined();
    });

    it('answers every new route without credentials with 401', async () => {
      for (const route of API_ROUTES.filter(
        (r) =>
          r.path.startsWith('/v1/') &&
          ['me', 'offices', 'members', 'api-keys', 'audit'].some((p) => r.path.startsWith(`/v1/${p}`)),
      )) {
        const res = await answer(
          await fetch(`${stack.url}${route.path}`, {
            method: route.method,
            headers: { 'content-type': 'application/json' },
            ...(route.method === 'POST' ? { body: '{}' } : {}),
          }),
        );
        expect(res.status, `${route.method} ${route.path}`).toBe(401);
      }
    });
  });

  describe('roleFor', () => {
    it.each([
      ['GET', '/v1/queue', 'read-only'],
      ['POST', '/v1/queue', 'clerk'],
      ['POST', '/v1/sync', 'clerk'],
      ['POST', '/v1/settings/preview', 'read-only'],
      ['POST', '/v1/members', 'admin'],
      ['GET', '/v1/audit', 'admin'],
      ['GET', '/v1/me', 'read-only'],
    ])('%s %s needs %s', (method, path, role) => {
      expect(roleFor(method, path)).toBe(role);
    });
  });
});

describe('api offices on a restricted deployment with quotas', () => {
  const RESTRICTED: OfficeOptions = {
    allowedDomains: ['yourfirm.example'],
    quotas: { apiRequestsPerMinute: 6, rowsStored: 3, emailsPerDay: 0 },
  };
  let lettersDir: string;
  let dynamo: Awaited<ReturnType<typeof startDynamoDbLocal>>;
  let identity: Awaited<ReturnType<typeof createLocalIdentity>>;
  let client: DynamoDBClient;
  const closers: (() => Promise<void>)[] = [];
  /** Two API instances (two Lambdas) over one table, at one moment of one minute. */
  const urls: string[] = [];
  let now = new Date('2026-11-23T15:00:50Z');

  beforeAll(async () => {
    lettersDir = await mkdtemp(join(tmpdir(), 'duebook-quotas-'));
    dynamo = await startDynamoDbLocal();
    identity = await createLocalIdentity({ audience: AUDIENCE });
    client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
    });
    await ensureTable(client, 'duebook-quota-test');
    for (let i = 0; i < 2; i++) {
      const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
      const handler = createApiHandler({
        store: new LedgerStore(doc, 'duebook-quota-test'),
        verifier: createIdTokenVerifier({ jwksUrl: identity.jwksUrl, audiences: [AUDIENCE] }),
        now: () => now,
        unsubscribeSecret: 'test-only',
        letters: createLocalLetterStorage(lettersDir),
        senderAddress: 'billing@quota.example',
        publicBaseUrl: 'http://127.0.0.1',
        offices: {
          members: new MemberStore(doc, 'duebook-quota-test'),
          quotas: new QuotaStore(doc, 'duebook-quota-test'),
          options: RESTRICTED,
        },
      });
      const served = await serveHandler(handler);
      urls.push(served.url);
      closers.push(() => served.close());
    }
  }, 120_000);
  afterAll(async () => {
    for (const close of closers) await close().catch(() => undefined);
    await identity?.close();
    client?.destroy();
    await dynamo?.stop();
    await rm(lettersDir, { recursive: true, force: true });
  });

  const as = async (email: string, method: string, path: string, body?: unknown, instance = 0) => {
    const token = await identity.signIdToken({ email });
    return answer(
      await fetch(`${urls[instance]}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  };

  it('lets only the allowed domains create, be invited or join', async () => {
    // Act
    const outsider = await as('someone@gmail.com', 'POST', '/v1/offices', NEW_OFFICE);
    const outsiderMe = await as('someone@gmail.com', 'GET', '/v1/me');
    const insider = await as('partner@yourfirm.example', 'POST', '/v1/offices', {
      ...NEW_OFFICE,
      name: 'Your Firm LLP',
    });
    const invite = await as('partner@yourfirm.example', 'POST', '/v1/members', {
      email: 'temp@gmail.com',
      role: 'clerk',
    });
    // Assess
    expect(outsider.status).toBe(403);
    expect(outsider.body.error?.code).toBe('AUTH.FORBIDDEN_DOMAIN');
    expect(outsider.body.error?.message).toMatch(/limited to accounts of yourfirm\.example/);
    expect(outsiderMe.body).toMatchObject({ office: null, canCreateOffice: false });
    expect(insider.status).toBe(201);
    expect(invite.status).toBe(403);
    expect(invite.body.error?.code).toBe('AUTH.FORBIDDEN_DOMAIN');
  });

  it('refuses a chunk that would store rows past the quota, and still takes changes to stored rows', async () => {
    // Act
    const three = await as(
      'partner@yourfirm.example',
      'POST',
      '/v1/sync',
      chunk('Customers', CUSTOMER_HEADER, [
        ['Q-1', 'A', 'a@example.com', '1 A St, Boston, MA 02110'],
        ['Q-2', 'B', 'b@example.com', '2 A St, Boston, MA 02110'],
        ['Q-3', 'C', 'c@example.com', '3 A St, Boston, MA 02110'],
      ]),
    );
    const fourth = await as(
      'partner@yourfirm.example',
      'POST',
      '/v1/sync',
      chunk('Customers', CUSTOMER_HEADER, [
        ['Q-3', 'C renamed', 'c@example.com', '3 A St, Boston, MA 02110'],
        ['Q-4', 'D', 'd@example.com', '4 A St, Boston, MA 02110'],
      ]),
    );
    const change = await as(
      'partner@yourfirm.example',
      'POST',
      '/v1/sync',
      chunk('Customers', CUSTOMER_HEADER, [
        ['Q-3', 'C renamed', 'c@example.com', '3 A St, Boston, MA 02110'],
      ]),
      1,
    );
    // Assess
    expect(three.status).toBe(200);
    expect(fourth.status).toBe(403);
    expect(fourth.body.error?.code).toBe('QUOTA.ROWS');
    expect(fourth.body.error?.message).toMatch(/stores 3 rows of its quota of 3.*adds 1 new/);
    expect(change.status).toBe(200);
    expect(change.body).toMatchObject({ written: 1 });
  });

  it('answers 429 with Retry-After past the requests per minute, counted across instances, refuses the burst across the minute and lets in who waited', async () => {
    // Prepare: this minute has had 4 requests of this office (3 syncs, 1 create is not counted).
    const results: ApiAnswer[] = [];
    const retryAfter: (string | null)[] = [];
    // Act: alternate between the two instances.
    for (let i = 0; i < 6; i++) {
      const token = await identity.signIdToken({ email: 'partner@yourfirm.example' });
      const res = await fetch(`${urls[i % 2]}/v1/settings`, {
        headers: { authorization: `Bearer ${token}` },
      });
      retryAfter.push(res.headers.get('retry-after'));
      results.push(await answer(res));
    }
    // The next minute's first seconds still see this minute's burst (the sliding minute); the wait
    // given is enough.
    now = new Date('2026-11-23T15:01:00Z');
    const acrossTheMinute = await as('partner@yourfirm.example', 'GET', '/v1/settings');
    const wait = Number(retryAfter.find((r) => r !== null));
    now = new Date(Date.parse('2026-11-23T15:00:50Z') + wait * 1000);
    const nextMinute = await as('partner@yourfirm.example', 'GET', '/v1/settings');
    // Assess
    const statuses = results.map((r) => r.status);
    const firstRefused = statuses.indexOf(429);
    expect(firstRefused).toBeGreaterThan(0);
    expect(statuses.slice(0, firstRefused).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(firstRefused).every((s) => s === 429)).toBe(true);
    expect(results[firstRefused]!.body.error?.code).toBe('QUOTA.RATE');
    expect(Number(retryAfter[firstRefused])).toBeGreaterThan(10);
    expect(acrossTheMinute.status).toBe(429);
    expect(nextMinute.status).toBe(200);
  });

  it("takes the operator's per-office override over the deployment's limit", async () => {
    // Prepare
    const doc = DynamoDBDocumentClient.from(client);
    const tenantId = (
      (await as('partner@yourfirm.example', 'GET', '/v1/me')).body.office as { tenantId: string }
    ).tenantId;
    await new QuotaStore(doc, 'duebook-quota-test').setOverrides(tenantId, { rowsStored: 10 });
    // Act: a fresh instance (the limits are cached a minute per instance) stores a fourth row.
    const handler = createApiHandler({
      store: new LedgerStore(doc, 'duebook-quota-test'),
      verifier: createIdTokenVerifier({ jwksUrl: identity.jwksUrl, audiences: [AUDIENCE] }),
      now: () => new Date('2026-11-23T15:05:00Z'),
      unsubscribeSecret: 'test-only',
      letters: createLocalLetterStorage(lettersDir),
      senderAddress: 'billing@quota.example',
      publicBaseUrl: 'http://127.0.0.1',
      offices: {
        members: new MemberStore(doc, 'duebook-quota-test'),
        quotas: new QuotaStore(doc, 'duebook-quota-test'),
        options: RESTRICTED,
      },
    });
    const served = await serveHandler(handler);
    closers.push(() => served.close());
    const token = await identity.signIdToken({ email: 'partner@yourfirm.example' });
    const res = await answer(
      await fetch(`${served.url}/v1/sync`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(
          chunk('Customers', CUSTOMER_HEADER, [['Q-4', 'D', 'd@example.com', '4 A St, Boston, MA 02110']]),
        ),
      }),
    );
    const me = await answer(
      await fetch(`${served.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } }),
    );
    // Assess
    expect(res.status).toBe(200);
    expect(me.body.quotas).toMatchObject({
      limits: { rowsStored: 10, apiRequestsPerMinute: 6 },
      used: { rowsStored: 4 },
    });
  });
});

describe('readOfficeOptions', () => {
  it('reads allowed domains and quotas, and names a malformed variable', () => {
    expect(
      readOfficeOptions({ ALLOWED_DOMAINS: 'YourFirm.com, branch.yourfirm.com', QUOTA_ROWS: '0' }),
    ).toEqual({
      allowedDomains: ['yourfirm.com', 'branch.yourfirm.com'],
      quotas: { apiRequestsPerMinute: 600, rowsStored: 0, emailsPerDay: 5000 },
    });
    expect(() => readOfficeOptions({ QUOTA_API_PER_MINUTE: '-1' })).toThrow(/QUOTA_API_PER_MINUTE/);
    expect(() => readOfficeOptions({ ALLOWED_DOMAINS: '@yourfirm' })).toThrow(/ALLOWED_DOMAINS/);
  });
});
