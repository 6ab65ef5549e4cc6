// Members and API keys dialog (an admin's, opened from Settings): the office's members and
// invitations with their roles, invite by email, change a role, remove; API keys created (shown
// once), listed with their last use and revoked; and the audit trail of every such change.
import { MEMBER_ROLES, type MemberRole, type MembersOverview } from '../src/members-contract.js';
import { byId, h, replace } from './lib/dom.js';
import { inputField, selectField, whileBusy } from './lib/forms.js';
import { clearMessage, showError, showSuccess } from './lib/messages.js';
import { call, closeDialog } from './lib/server.js';
import { checkRequired, submit } from './lib/submit.js';

const ROLE_LABELS: Record<MemberRole, string> = {
  admin: 'Admin',
  clerk: 'Clerk',
  'read-only': 'Read-only',
};
const ROLE_OPTIONS = MEMBER_ROLES.map((r) => [r, ROLE_LABELS[r]] as const);

/** What each audited action says to a person. */
const ACTION_WORDS: Record<string, string> = {
  'office.created': 'created the office',
  'member.added': 'added',
  'member.invited': 'invited',
  'member.joined': 'joined',
  'member.role-changed': 'changed the role of',
  'member.removed': 'removed',
  'invitation.withdrawn': 'withdrew the invitation of',
  'api-key.created': 'created the API key',
  'api-key.revoked': 'revoked the API key',
};

const app = byId('app');
const message = h('div', { id: 'message', 'aria-live': 'polite' });
const membersHost = h('div', { id: 'members' });
const keysHost = h('div', { id: 'keys' });
const auditHost = h('div', { id: 'audit' });
const close = h('button', { type: 'button', id: 'close' }, 'Close');
close.addEventListener('click', closeDialog);

// Invite form.
const inviteEmail = inputField({
  label: 'Email',
  name: 'email',
  type: 'email',
  required: true,
  hint: 'Their Google account; they join when they first open Duebook.',
  attrs: { autocomplete: 'off', maxlength: '254' },
});
const inviteRole = selectField({ label: 'Role', name: 'role', options: ROLE_OPTIONS, value: 'clerk' });
const inviteForm = h(
  'form',
  { id: 'invite-form', novalidate: true },
  h('h2', null, 'Invite a colleague'),
  inviteEmail.wrap,
  inviteRole.wrap,
  h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Invite')),
);

// New key form.
const keyName = inputField({
  label: 'Key name',
  name: 'name',
  required: true,
  hint: 'Who or what uses it, e.g. "Nightly export".',
  attrs: { autocomplete: 'off', maxlength: '60' },
});
const keyForm = h(
  'form',
  { id: 'key-form', novalidate: true },
  keyName.wrap,
  h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Create key')),
);
const newKeyHost = h('div', { id: 'new-key', 'aria-live': 'polite' });

replace(
  app,
  h('h1', null, 'Members and API keys'),
  message,
  h('h2', null, 'Members'),
  h(
    'p',
    { class: 'hint' },
    'Admins manage members and keys; clerks work the ledger; read-only members see it without changing it.',
  ),
  membersHost,
  inviteForm,
  h('h2', null, 'API keys'),
  h('p', { class: 'hint' }, 'For scripts and the duebook command: sent in the x-api-key header.'),
  newKeyHost,
  keysHost,
  keyForm,
  h('h2', null, 'Audit trail'),
  auditHost,
  h('div', { class: 'dialog-footer' }, close),
);

let overview: MembersOverview | undefined;

/** `2026-11-23T15:00:10.000Z` as `2026-11-23 15:00 UTC`; empty stays empty. */
const when = (iso: string | undefined) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '');

function render(view: MembersOverview): void {
  overview = view;
  replace(
    membersHost,
    h(
      'ul',
      { class: 'items', id: 'member-list' },
      ...view.members.map((m) => {
        const role = selectField({
          label: 'Role',
          name: `role-${m.email}`,
          options: ROLE_OPTIONS,
          value: m.role,
          attrs: { 'aria-label': `Role of ${m.email}` },
        });
        role.control.addEventListener(
          'change',
          () =>
            void act(
              'setMemberRole',
              { email: m.email, role: role.control.value as MemberRole },
              `${m.email} is now ${ROLE_LABELS[role.control.value as MemberRole].toLowerCase()}.`,
            ),
        );
        const remove = h(
          'button',
          { type: 'button', 'aria-label': `Remove ${m.email}` },
          m.status === 'invited' ? 'Withdraw' : 'Remove',
        );
        remove.addEventListener(
          'click',
          () =>
            void act(
              'removeMember',
              { email: m.email },
              m.status === 'invited'
                ? `The invitation of ${m.email} is withdrawn.`
                : `${m.email} is removed; their next request is refused.`,
            ),
        );
        return h(
          'li',
          { class: 'member', 'data-email': m.email },
          h(
            'div',
            null,
            h('strong', null, m.email),
            m.email === view.you ? h('span', { class: 'secondary' }, ' (you)') : null,
          ),
          h(
            'div',
            { class: 'chips' },
            h('span', { class: 'chip' }, m.status === 'invited' ? 'Invited, not joined yet' : 'Member'),
          ),
          h('div', { class: 'form-row' }, role.wrap, h('div', { class: 'buttons' }, remove)),
        );
      }),
    ),
  );
  replace(
    keysHost,
    view.keys.length === 0
      ? h('p', { class: 'secondary', id: 'no-keys' }, 'No API keys.')
      : h(
          'ul',
          { class: 'items', id: 'key-list' },
          ...view.keys.map((k) => {
            const revoke = h('button', { type: 'button', 'aria-label': `Revoke ${k.name}` }, 'Revoke');
            revoke.addEventListener(
              'click',
              () =>
                void act(
                  'revokeApiKey',
                  { id: k.id },
                  `The key "${k.name}" is revoked; requests with it are refused.`,
                ),
            );
            return h(
              'li',
              { class: 'api-key', 'data-id': k.id },
              h('strong', null, k.name),
              h('div', { class: 'secondary' }, `Created ${when(k.createdAt)} by ${k.createdBy}`),
              h(
                'div',
                { class: 'secondary' },
                k.lastUsedAt ? `Last used ${when(k.lastUsedAt)}` : 'Never used',
              ),
              h('div', { class: 'buttons' }, revoke),
            );
          }),
        ),
  );
  replace(
    auditHost,
    view.audit.length === 0
      ? h('p', { class: 'secondary' }, 'No changes yet.')
      : h(
          'ol',
          { class: 'items', id: 'audit-list' },
          ...view.audit.map((a) => {
            const role = a.detail?.to ?? a.detail?.role;
            return h(
              'li',
              null,
              h('div', { class: 'secondary' }, when(a.at)),
              `${a.by} ${ACTION_WORDS[a.action] ?? a.action} ${a.target}${role ? ` (${String(a.detail?.from ? `${a.detail.from} → ${role}` : role)})` : ''}`,
            );
          }),
        ),
  );
}

type Change = 'setMemberRole' | 'removeMember' | 'revokeApiKey';

async function act<K extends Change>(
  name: K,
  input: Parameters<typeof call<K>>[1],
  done: string,
): Promise<void> {
  clearMessage(message);
  const result = await whileBusy(app, () =>
    (call as (n: K, i: unknown) => ReturnType<typeof call<K>>)(name, input),
  );
  if (!result.ok) {
    showError(message, result.error);
    // Put the select back where the backend has it.
    if (overview) render(overview);
    return;
  }
  render(result.value as MembersOverview);
  showSuccess(message, done);
}

inviteForm.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!checkRequired(inviteForm)) return;
  const email = inviteEmail.control.value.trim();
  void submit(inviteForm, message, () =>
    call('inviteMember', { email, role: inviteRole.control.value as MemberRole }),
  ).then((result) => {
    if (!result.ok) return;
    render(result.value);
    inviteForm.reset();
    showSuccess(
      message,
      `${email} is invited; they join when they first open Duebook with that Google account.`,
    );
  });
});

keyForm.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!checkRequired(keyForm)) return;
  void submit(keyForm, message, () => call('createApiKey', { name: keyName.control.value })).then(
    (result) => {
      if (!result.ok) return;
      render(result.value);
      keyForm.reset();
      const secret = result.value.newKey;
      if (!secret) return;
      const field = h('input', {
        id: 'new-key-secret',
        type: 'text',
        readonly: true,
        value: secret.secret,
        'aria-label': `The new key ${secret.name}`,
        spellcheck: 'false',
      });
      replace(
        newKeyHost,
        h(
          'div',
          { class: 'notice notice-success', role: 'status' },
          h(
            'p',
            { class: 'notice-title' },
            `Key "${secret.name}" created. Copy it now: it is shown only once.`,
          ),
          field,
        ),
      );
      field.select();
    },
  );
});

async function load(): Promise<void> {
  const result = await whileBusy(app, () => call('membersOverview'));
  if (!result.ok) {
    showError(message, result.error);
    return;
  }
  render(result.value);
}

void load();
