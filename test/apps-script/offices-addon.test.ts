// Issue #17 through the built add-on (Code.js in node:vm against the Apps Script fake) and the real
// local stack: a second Google identity beside the demo office creates its own office, invites a
// colleague, and the colleague signs in and syncs a ledger into that office.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result, SyncProgress } from '../../apps-script/src/contract.js';
import type { MembersOverview, OfficeStatus } from '../../apps-script/src/members-contract.js';
import type { SendingView } from '../../apps-script/src/sending-contract.js';
import {
  type BuiltBundle,
  buildBundle,
  type LoadedAddon,
  loadAddon,
  type StackProcess,
  startStackProcess,
} from './addon-harness.js';

let bundle: BuiltBundle;
let stack: StackProcess;
const loaded: LoadedAddon[] = [];

beforeAll(async () => {
  stack = await startStackProcess();
  bundle = await buildBundle({ backendUrl: stack.apiUrl });
}, 180_000);
afterAll(async () => {
  await Promise.all(loaded.map((a) => a.gas.close()));
  await stack?.stop();
});

function addon(token: string, customers?: unknown[][]): LoadedAddon {
  const a = loadAddon(bundle);
  loaded.push(a);
  if (customers) a.gas.addSheet('Customers', customers);
  a.call('menuSetupLedger');
  a.gas.documentProperties.set('duebook.settings', JSON.stringify({ backendUrl: stack.apiUrl }));
  a.gas.identityToken = token;
  return a;
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

describe('offices from the add-on', () => {
  let tenantId = '';

  it('answers "no office" to a new identity, which creates its own office and is its admin', () => {
    // Prepare
    const a = addon(stack.strangerToken);
    // Act
    const before = value(a.call<Result<OfficeStatus>>('officeStatus'));
    const after = value(
      a.call<Result<OfficeStatus>>('createOffice', {
        name: 'Stranger Books LLC',
        timeZone: 'America/Chicago',
        country: 'us',
      }),
    );
    // Assess
    expect(before).toMatchObject({ email: 'stranger@example.com', office: null, canCreateOffice: true });
    expect(after.office).toMatchObject({ name: 'Stranger Books LLC', role: 'admin', country: 'US' });
    tenantId = after.office!.tenantId;
    expect(tenantId).not.toBe('addon-office');
  });

  it('invites a colleague from the Members dialog; the colleague joins on first use and syncs into that office', () => {
    // Prepare
    const admin = addon(stack.strangerToken);
    const colleague = addon(stack.colleagueToken, [
      ['Customer ID', 'Name', 'Email'],
      ['S-1', 'Sam Stranger', 'sam@example.com'],
    ]);
    // Act
    const invited = value(
      admin.call<Result<MembersOverview>>('inviteMember', { email: 'colleague@example.com', role: 'clerk' }),
    );
    const joined = value(colleague.call<Result<OfficeStatus>>('officeStatus'));
    const sync = value(colleague.call<Result<SyncProgress>>('startSync'));
    const refused = colleague.call<Result<MembersOverview>>('membersOverview');
    const overview = value(admin.call<Result<MembersOverview>>('membersOverview'));
    // Assess
    expect(invited.members).toContainEqual(
      expect.objectContaining({ email: 'colleague@example.com', status: 'invited' }),
    );
    expect(joined.office).toMatchObject({ tenantId, role: 'clerk', name: 'Stranger Books LLC' });
    expect(sync.state).toBe('done');
    expect(sync).toMatchObject({ rejected: 0 });
    expect(sync.done).toBeGreaterThanOrEqual(1);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.error.message).toMatch(/needs an admin/);
    expect(overview.members).toContainEqual(
      expect.objectContaining({ email: 'colleague@example.com', status: 'active' }),
    );
    expect(overview.audit.map((e) => e.action)).toEqual([
      'member.joined',
      'member.invited',
      'office.created',
    ]);
  });

  it('refuses a second office to an account that already belongs to one', () => {
    // Prepare: the demo office's clerk.
    const other = addon(stack.token);
    // Act
    const result = other.call<Result<OfficeStatus>>('createOffice', {
      name: 'Stranger Books LLC',
      timeZone: 'America/Chicago',
      country: 'US',
    });
    // Assess
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toMatch(/already belongs to a Duebook office/);
  });
});

describe('Settings > Sending from the add-on', () => {
  // The office "Stranger Books LLC" and its clerk colleague come from the tests above.
  it("shows the admin the office's sending standing and lets it start verifying its domain", () => {
    // Prepare
    const admin = addon(stack.strangerToken);
    // Act
    const before = value(admin.call<Result<SendingView>>('sendingStatus'));
    const started = value(
      admin.call<Result<SendingView>>('verifySendingDomain', { domain: 'Stranger-Books.example' }),
    );
    // Assess
    expect(before).toMatchObject({ canManage: true, domain: null, standing: 'active' });
    expect(before.sender.via).toBe('service-domain');
    expect(before.sender.from).toMatch(/^"?Stranger Books LLC"? </);
    expect(started.domain).toMatchObject({
      name: 'stranger-books.example',
      fromAddress: 'billing@stranger-books.example',
      status: 'pending',
    });
    expect(started.domain!.records).toHaveLength(3);
    expect(
      started.domain!.records.every(
        (r) => r.type === 'CNAME' && r.name.endsWith('._domainkey.stranger-books.example'),
      ),
    ).toBe(true);
    expect(started.publish).toMatch(/add these 3 CNAME records at the DNS host of stranger-books\.example/);
  });

  it('shows a clerk the same standing read-only, and the backend refuses it the admin actions', () => {
    // Prepare
    const clerk = addon(stack.colleagueToken);
    // Act
    const view = value(clerk.call<Result<SendingView>>('sendingStatus'));
    const verify = clerk.call<Result<SendingView>>('verifySendingDomain', { domain: 'clerk-domain.example' });
    const resume = clerk.call<Result<SendingView>>('resumeSending', { note: 'fixed' });
    // Assess
    expect(view).toMatchObject({
      canManage: false,
      domain: { name: 'stranger-books.example', status: 'pending' },
    });
    expect(verify.ok).toBe(false);
    expect(verify.ok ? '' : verify.error.message).toMatch(/needs an admin/);
    expect(resume.ok).toBe(false);
  });

  it('names the field of a bad domain, and says an office that is not paused cannot be resumed', () => {
    // Prepare
    const admin = addon(stack.strangerToken);
    // Act
    const bad = admin.call<Result<SendingView>>('verifySendingDomain', { domain: 'https://not a domain' });
    const notPaused = admin.call<Result<SendingView>>('resumeSending', {
      note: 'removed the bounced addresses',
    });
    // Assess
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid', fields: [{ field: 'domain' }] } });
    expect(notPaused).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(notPaused.ok ? '' : notPaused.error.message).toMatch(/not paused/);
  });
});
