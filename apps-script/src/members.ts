// Offices and staff from the add-on (issue #17): who am I (`GET /v1/me`), create an office, and the
// admin's Members dialog (members, invitations, roles, API keys, audit) over the backend's routes.
import { apiFailure, createApiClient, ok } from './api-client.js';
import { AddonError } from './errors.js';
import type { Gas } from './gas.js';
import type { MemberRole, MembersOverview, NewOffice, OfficeStatus } from './members-contract.js';
import { readSettings } from './settings.js';

const api = (gas: Gas) => createApiClient(gas, readSettings(gas).backendUrl);

export function officeStatus(gas: Gas): OfficeStatus {
  const body = ok(api(gas).one({ method: 'get', path: '/v1/me' }), 'Checking your office');
  return {
    email: String(body.email ?? ''),
    office: (body.office as OfficeStatus['office']) ?? null,
    canCreateOffice: body.canCreateOffice !== false,
    ...(typeof body.message === 'string' ? { message: body.message } : {}),
  };
}

/** Creates the office (idempotent on the backend: the same request twice makes one office). */
export function createOffice(gas: Gas, input: NewOffice): OfficeStatus {
  const problems: { field: string; message: string }[] = [];
  if (input.name.trim().length < 2)
    problems.push({ field: 'name', message: 'Enter the office’s legal name.' });
  if (!/^[A-Za-z]{2}$/.test(input.country.trim()))
    problems.push({ field: 'country', message: 'A two-letter country code, e.g. US.' });
  if (input.timeZone.trim() === '') problems.push({ field: 'timeZone', message: 'Required.' });
  if (problems.length > 0)
    throw new AddonError('invalid', 'Check the office details.', 'OFFICE.INPUT', problems);
  const answer = api(gas).one({
    method: 'post',
    path: '/v1/offices',
    body: { name: input.name.trim(), timeZone: input.timeZone.trim(), country: input.country.trim() },
  });
  if (answer.status === 409) {
    // The name is taken in this domain (or the account already has an office): say it on the field.
    const err = (answer.body.error ?? {}) as { code?: string; message?: string };
    throw new AddonError(
      'invalid',
      err.message ?? 'This office cannot be created.',
      err.code ?? 'OFFICE.CONFLICT',
      [{ field: err.code === 'OFFICE.NAME_TAKEN' ? 'name' : 'office', message: err.message ?? '' }],
    );
  }
  ok(answer, 'Creating the office');
  return officeStatus(gas);
}

/** Members, API keys and the audit trail, in one `fetchAll`. */
export function membersOverview(gas: Gas): MembersOverview {
  const [members, keys, audit] = api(gas).all([
    { method: 'get', path: '/v1/members' },
    { method: 'get', path: '/v1/api-keys' },
    { method: 'get', path: '/v1/audit' },
  ]);
  const m = ok(members!, 'Reading the members');
  return {
    you: String(m.you ?? ''),
    members: (m.members ?? []) as MembersOverview['members'],
    keys: (ok(keys!, 'Reading the API keys').keys ?? []) as MembersOverview['keys'],
    audit: (ok(audit!, 'Reading the audit trail').entries ?? []) as MembersOverview['audit'],
  };
}

function change(gas: Gas, path: string, body: unknown, what: string): Record<string, unknown> {
  const answer = api(gas).one({ method: 'post', path, body });
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  const failure = apiFailure(answer, what);
  // A refused change (last admin, already a member elsewhere) is the admin's to fix: show it as such.
  if (answer.status === 409 || answer.status === 404)
    throw new AddonError('invalid', failure.message, failure.code, failure.fields);
  throw failure;
}

export function inviteMember(gas: Gas, input: { email: string; role: MemberRole }): MembersOverview {
  change(gas, '/v1/members', { email: input.email.trim(), role: input.role }, 'Inviting');
  return membersOverview(gas);
}

export function setMemberRole(gas: Gas, input: { email: string; role: MemberRole }): MembersOverview {
  change(gas, '/v1/members/role', input, 'Changing the role');
  return membersOverview(gas);
}

export function removeMember(gas: Gas, input: { email: string }): MembersOverview {
  change(gas, '/v1/members/remove', input, 'Removing');
  return membersOverview(gas);
}

export function createApiKey(gas: Gas, input: { name: string }): MembersOverview {
  const body = change(gas, '/v1/api-keys', { name: input.name.trim() }, 'Creating the key');
  return { ...membersOverview(gas), newKey: { name: input.name.trim(), secret: String(body.secret ?? '') } };
}

export function revokeApiKey(gas: Gas, input: { id: string }): MembersOverview {
  change(gas, '/v1/api-keys/revoke', input, 'Revoking the key');
  return membersOverview(gas);
}

/** Opens the Members dialog (from Settings' link). */
export function openMembers(gas: Gas): null {
  const page = gas.html.createHtmlOutputFromFile('members').setWidth(560).setHeight(640);
  gas.spreadsheet.getUi().showModalDialog(page, 'Members and API keys');
  return null;
}
