import { describe, expect, it } from 'vitest';
import type { MembersOverview, OfficeStatus } from '../../../apps-script/src/members-contract.js';
import { customerPanel, progress, settings } from './fixtures.js';
import { type Answers, fail, type OpenedPage, ok, screenshot, usePages } from './harness.js';

const pages = usePages('members');

function overview(extra: Partial<MembersOverview> = {}): MembersOverview {
  return {
    you: 'founder@harbor.example',
    members: [
      {
        email: 'founder@harbor.example',
        role: 'admin',
        status: 'active',
        addedAt: '2026-11-23T15:00:10.000Z',
        addedBy: 'founder@harbor.example',
      },
      {
        email: 'maria.lopez-hernandez@harbor.example',
        role: 'clerk',
        status: 'active',
        addedAt: '2026-11-23T15:02:00.000Z',
        addedBy: 'founder@harbor.example',
      },
      {
        email: 'new.clerk@harbor.example',
        role: 'read-only',
        status: 'invited',
        addedAt: '2026-11-23T15:05:00.000Z',
        addedBy: 'founder@harbor.example',
      },
    ],
    keys: [
      {
        id: 'key_0123456789ab',
        name: 'Nightly export',
        createdAt: '2026-11-23T15:06:00.000Z',
        createdBy: 'founder@harbor.example',
        lastUsedAt: '2026-11-23T16:00:00.000Z',
      },
    ],
    audit: [
      {
        at: '2026-11-23T15:06:00.000Z',
        by: 'founder@harbor.example',
        action: 'api-key.created',
        target: 'Nightly export',
      },
      {
        at: '2026-11-23T15:05:00.000Z',
        by: 'founder@harbor.example',
        action: 'member.role-changed',
        target: 'maria.lopez-hernandez@harbor.example',
        detail: { from: 'read-only', to: 'clerk' },
      },
      {
        at: '2026-11-23T15:00:10.000Z',
        by: 'founder@harbor.example',
        action: 'office.created',
        target: 'Harbor Dental Group LLC',
      },
    ],
    ...extra,
  };
}

async function openMembers(answers: Answers = {}): Promise<OpenedPage> {
  const opened = await pages.open('members', {
    answers: { membersOverview: ok(overview()), ...answers },
    width: 300,
    height: 900,
  });
  await opened.page.locator('#member-list, [role="alert"]').first().waitFor();
  return opened;
}

/** How far the page is wider than its viewport (0: nothing cut off at 300 px). */
const overflow = async (o: OpenedPage) =>
  (await o.page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  )) as number;

describe('members dialog', () => {
  describe('load', () => {
    it('lists members with roles, invitations, keys with their last use, and the audit trail, within 300 px', async () => {
      // Act
      const o = await openMembers();
      // Assess
      const { page, pageErrors, outsideRequests } = o;
      expect(await page.locator('#member-list li').count()).toBe(3);
      expect(await page.getByLabel('Role of maria.lopez-hernandez@harbor.example').inputValue()).toBe(
        'clerk',
      );
      expect(await page.locator('[data-email="new.clerk@harbor.example"]').textContent()).toContain(
        'Invited, not joined yet',
      );
      expect(await page.getByRole('button', { name: 'Remove new.clerk@harbor.example' }).textContent()).toBe(
        'Withdraw',
      );
      expect(await page.locator('[data-id="key_0123456789ab"]').textContent()).toContain(
        'Last used 2026-11-23 16:00 UTC',
      );
      const audit = await page.locator('#audit-list li').allTextContents();
      expect(audit[1]).toContain(
        'founder@harbor.example changed the role of maria.lopez-hernandez@harbor.example (read-only → clerk)',
      );
      expect(await overflow(o)).toBe(0);
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
      await screenshot(page, 'members-dialog-300');
    });

    it("shows the backend's refusal for a clerk who opens it", async () => {
      // Act
      const { page } = await openMembers({
        membersOverview: fail(
          'unauthorized',
          'This Google account may not use this Duebook office: your role in this office is clerk; GET /v1/members needs an admin',
        ),
      });
      // Assess
      expect(await page.getByRole('alert').textContent()).toContain('needs an admin');
    });
  });

  describe('changes', () => {
    it('invites by email with a role and shows the new invitation', async () => {
      // Prepare
      const after = overview();
      after.members.push({
        email: 'ops@harbor.example',
        role: 'admin',
        status: 'invited',
        addedAt: '2026-11-23T15:09:00.000Z',
        addedBy: 'founder@harbor.example',
      });
      const { page, callsTo } = await openMembers({ inviteMember: ok(after) });
      // Act
      await page.getByLabel('Email').fill('ops@harbor.example');
      await page.getByLabel('Role', { exact: true }).last().selectOption('admin');
      await page.getByRole('button', { name: 'Invite' }).click();
      // Assess
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toContain('ops@harbor.example is invited');
      expect(await callsTo('inviteMember')).toEqual([{ email: 'ops@harbor.example', role: 'admin' }]);
      expect(await page.locator('#member-list li').count()).toBe(4);
    });

    it('refuses an empty email before calling the server', async () => {
      // Prepare
      const { page, callsTo } = await openMembers();
      // Act
      await page.getByRole('button', { name: 'Invite' }).click();
      // Assess
      expect(await page.locator('#invite-form .field-error:not([hidden])').textContent()).toBe('Required.');
      expect(await callsTo('inviteMember')).toEqual([]);
    });

    it("changes a role, and puts the select back with the backend's reason when it refuses", async () => {
      // Prepare
      const { page, callsTo } = await openMembers({
        setMemberRole: fail(
          'invalid',
          "Changing the role: founder@harbor.example is the office's last admin: make another member admin first, so the office keeps one",
        ),
      });
      // Act
      await page.getByLabel('Role of founder@harbor.example').selectOption('clerk');
      // Assess
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('last admin');
      expect(await callsTo('setMemberRole')).toEqual([{ email: 'founder@harbor.example', role: 'clerk' }]);
      expect(await page.getByLabel('Role of founder@harbor.example').inputValue()).toBe('admin');
    });

    it('removes a member and says their next request is refused', async () => {
      // Prepare
      const after = overview();
      after.members.splice(1, 1);
      const { page, callsTo } = await openMembers({ removeMember: ok(after) });
      // Act
      await page.getByRole('button', { name: 'Remove maria.lopez-hernandez@harbor.example' }).click();
      // Assess
      await expect.poll(() => page.getByRole('status').textContent()).toContain('next request is refused');
      expect(await callsTo('removeMember')).toEqual([{ email: 'maria.lopez-hernandez@harbor.example' }]);
      expect(await page.locator('#member-list li').count()).toBe(2);
    });

    it('creates a named key and shows its secret once, then revokes a key', async () => {
      // Prepare
      const withNew = overview({ newKey: { name: 'Reports', secret: 'dbk_SECRET-shown-once' } });
      const { page, callsTo } = await openMembers({
        createApiKey: ok(withNew),
        revokeApiKey: ok(overview({ keys: [] })),
      });
      // Act
      await page.getByLabel('Key name').fill('Reports');
      await page.getByRole('button', { name: 'Create key' }).click();
      await page.locator('#new-key-secret').waitFor();
      const secret = await page.locator('#new-key-secret').inputValue();
      await screenshot(page, 'members-dialog-new-key-300');
      await page.getByRole('button', { name: 'Revoke Nightly export' }).click();
      // Assess
      expect(secret).toBe('dbk_SECRET-shown-once');
      expect(await page.locator('#new-key').textContent()).toContain('shown only once');
      expect(await callsTo('createApiKey')).toEqual([{ name: 'Reports' }]);
      await expect.poll(() => page.locator('#no-keys').count()).toBe(1);
      expect(await callsTo('revokeApiKey')).toEqual([{ id: 'key_0123456789ab' }]);
    });
  });
});

describe('settings dialog', () => {
  it('links to the Members dialog', async () => {
    // Prepare
    const opened = await pages.open('settings', {
      answers: { getSettings: ok(settings()), openMembers: ok(null) },
      width: 560,
    });
    await opened.page.locator('#settings-form').waitFor();
    // Act
    await opened.page.getByRole('button', { name: 'Members and API keys…' }).click();
    // Assess
    await expect.poll(() => opened.callsTo('openMembers')).toHaveLength(1);
  });
});

describe('sidebar onboarding', () => {
  const noOffice: OfficeStatus = { email: 'owner@riverside.example', office: null, canCreateOffice: true };
  const created: OfficeStatus = {
    email: 'owner@riverside.example',
    office: {
      tenantId: 'riverside-veterinary-clinic-0123456789',
      name: 'Riverside Veterinary Clinic',
      country: 'US',
      timeZone: 'America/Chicago',
      role: 'admin',
    },
    canCreateOffice: true,
  };
  const base: Answers = {
    sidebarCustomer: ok(customerPanel()),
    getSyncProgress: ok(progress('idle', 0, 0)),
    customerMessages: ok({ messages: [], activity: [] }),
  };

  it('offers "Create an office" alone to an account with no office, and creates it', async () => {
    // Prepare
    const opened = await pages.open('sidebar', {
      answers: { ...base, officeStatus: ok(noOffice), createOffice: ok(created) },
      width: 300,
    });
    const { page, callsTo, pageErrors } = opened;
    await page.getByRole('heading', { name: 'Create an office' }).waitFor();
    // Assess the form before: only onboarding shows.
    expect(await page.locator('#onboarding-intro').textContent()).toContain('owner@riverside.example');
    expect(await page.locator('#refresh').isVisible()).toBe(false);
    expect(await overflow(opened)).toBe(0);
    await screenshot(page, 'sidebar-create-office-300');
    // Act
    await page.getByLabel('Office name').fill('Riverside Veterinary Clinic');
    await page.getByLabel('Time zone').fill('America/Chicago');
    await page.getByLabel('Country').fill('us');
    await page.getByRole('button', { name: 'Create the office' }).click();
    // Assess
    await expect.poll(() => page.locator('#onboarding').isVisible()).toBe(false);
    expect(await callsTo('createOffice')).toEqual([
      { name: 'Riverside Veterinary Clinic', timeZone: 'America/Chicago', country: 'US' },
    ]);
    await expect.poll(() => page.locator('#refresh').isVisible()).toBe(true);
    await expect.poll(async () => (await callsTo('sidebarCustomer')).length).toBe(2);
    expect(pageErrors).toEqual([]);
  });

  it('shows the name already registered in the domain beside the name', async () => {
    // Prepare
    const opened = await pages.open('sidebar', {
      answers: {
        ...base,
        officeStatus: ok(noOffice),
        createOffice: fail('invalid', 'Check the office details.', [
          {
            field: 'name',
            message:
              'an office named "Riverside Veterinary Clinic" is already registered by someone at riverside.example; ask its admin to invite owner@riverside.example',
          },
        ]),
      },
      width: 300,
    });
    const { page } = opened;
    await page.getByRole('heading', { name: 'Create an office' }).waitFor();
    // Act
    await page.getByLabel('Office name').fill('Riverside Veterinary Clinic');
    await page.getByRole('button', { name: 'Create the office' }).click();
    // Assess
    await expect
      .poll(() => page.locator('#create-office .field-error:not([hidden])').first().textContent())
      .toContain('ask its admin to invite');
    expect(await page.locator('#onboarding').isVisible()).toBe(true);
  });

  it('stays out of the way for a member of an office', async () => {
    // Act
    const opened = await pages.open('sidebar', {
      answers: { ...base, officeStatus: ok(created) },
      width: 300,
    });
    await opened.page.locator('#customer-name').waitFor();
    // Assess
    expect(await opened.page.locator('#onboarding').isVisible()).toBe(false);
    expect(await opened.page.locator('#refresh').isVisible()).toBe(true);
  });
});
