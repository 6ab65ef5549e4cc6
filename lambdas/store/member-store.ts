// Offices, members, invitations, API keys and the audit trail of an office (issue #17), on the one table.
//
// Items (every tenant-scoped key starts from a checked tenant id, as keys.ts does):
//   MEMBER#email / MEMBER           the sign-in lookup (keys.ts membershipKey): email -> tenant, role
//   INVITE#email / INVITE           a pending invitation, accepted on the invitee's first sign-in
//   T#t#MEMBERS / email             the office's roster (members and invitations), for listing
//   T#t#OFFICE / OFFICE             the office (name, country, creator) and a version that every
//                                   roster change bumps, so "not the last admin" holds under races
//   OFFICENAME#scope#name / NAME    an office name claimed within an email domain
//   APIKEY#sha256 / APIKEY          the key lookup (keys.ts apiKeyKey), with the key's id
//   T#t#KEYS / id                   the office's keys for listing (name, created, last used)
//   T#t#AUDIT / at#random           one item per change: who, when, what
// Every change and its audit item are written in one transaction: nothing changes unaudited.
// Nothing is deleted (the api function has no DeleteItem): a removed membership loses its tenant,
// a revoked key loses its tenant, an accepted or withdrawn invitation and a removed roster entry
// keep a status saying so; lapsed invitations go by TTL.
import { randomBytes } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { apiKeyKey, assertTenantId, membershipKey, settingsKey, sweepKey } from './keys.js';
import { officeRegistration } from './office-store.js';
import type { TenantSettings } from './tenant-settings.js';

export const ROLES = ['admin', 'clerk', 'read-only'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (v: unknown): v is Role =>
  typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** An invitation not accepted within this many days lapses. */
export const INVITATION_DAYS = 30;
/** How many audit entries a listing returns, newest first. */
export const AUDIT_PAGE = 200;
/** "Last used" of an API key is written at most this often per key (not on every request). */
export const LAST_USED_RESOLUTION_MS = 5 * 60_000;

export interface Member {
  tenantId: string;
  email: string;
  role: Role;
}

export interface RosterEntry {
  email: string;
  role: Role;
  status: 'active' | 'invited';
  addedAt: string;
  addedBy: string;
  joinedAt?: string;
}

export interface OfficeRecord {
  tenantId: string;
  name: string;
  country: string;
  timeZone: string;
  createdAt: string;
  createdBy: string;
}

export interface AuditEntry {
  at: string;
  by: string;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

export interface ApiKeyListing {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt?: string;
}

/** Why a change could not be made; the API maps each to a status and a sentence. */
export type ChangeRefusal =
  | 'already-member-here'
  | 'member-elsewhere'
  | 'invited-elsewhere'
  | 'name-taken'
  | 'not-found'
  | 'last-admin'
  | 'raced';

export class MemberStoreError extends Error {
  override name = 'MemberStoreError';
  constructor(
    readonly code: ChangeRefusal,
    message: string,
  ) {
    super(message);
  }
}

const lower = (email: string) => email.trim().toLowerCase();

export function rosterKey(tenantId: string, email: string) {
  assertTenantId(tenantId);
  return { pk: `T#${tenantId}#MEMBERS`, sk: lower(email) };
}
export function invitationKey(email: string) {
  return { pk: `INVITE#${lower(email)}`, sk: 'INVITE' };
}
export function officeKey(tenantId: string) {
  assertTenantId(tenantId);
  return { pk: `T#${tenantId}#OFFICE`, sk: 'OFFICE' };
}
export function officeNameKey(scope: string, normalizedName: string) {
  return { pk: `OFFICENAME#${scope}#${normalizedName}`, sk: 'NAME' };
}
export function apiKeyListKey(tenantId: string, id: string) {
  assertTenantId(tenantId);
  return { pk: `T#${tenantId}#KEYS`, sk: id };
}
export function auditPartition(tenantId: string) {
  assertTenantId(tenantId);
  return `T#${tenantId}#AUDIT`;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export class MemberStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // --- reads ---

  /** The member behind a verified email, read consistently (a removal takes effect at once). */
  async member(email: string): Promise<Member | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: membershipKey(email), ConsistentRead: true }),
    );
    if (!res.Item || typeof res.Item.tenantId !== 'string') return undefined;
    const role = res.Item.role;
    return { tenantId: String(res.Item.tenantId), email: lower(email), role: isRole(role) ? role : 'clerk' };
  }

  async invitation(
    email: string,
  ): Promise<{ tenantId: string; role: Role; invitedBy: string; expiresAt: number } | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: invitationKey(email), ConsistentRead: true }),
    );
    if (!res.Item || (res.Item.status !== undefined && res.Item.status !== 'pending')) return undefined;
    return {
      tenantId: String(res.Item.tenantId),
      role: isRole(res.Item.role) ? res.Item.role : 'clerk',
      invitedBy: String(res.Item.invitedBy),
      expiresAt: Number(res.Item.expiresAt),
    };
  }

  async office(tenantId: string): Promise<(OfficeRecord & { version: number }) | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: officeKey(tenantId), ConsistentRead: true }),
    );
    if (!res.Item) return undefined;
    const i = res.Item;
    return {
      tenantId,
      name: String(i.name ?? ''),
      country: String(i.country ?? ''),
      timeZone: String(i.timeZone ?? ''),
      createdAt: String(i.createdAt ?? ''),
      createdBy: String(i.createdBy ?? ''),
      version: Number(i.version ?? 0),
    };
  }

  async roster(tenantId: string): Promise<RosterEntry[]> {
    const items = (await this.queryAll(rosterKey(tenantId, 'x').pk)).filter((i) => i.status !== 'removed');
    return items.map((i) => ({
      email: String(i.sk),
      role: isRole(i.role) ? i.role : 'clerk',
      status: i.status === 'invited' ? 'invited' : 'active',
      addedAt: String(i.addedAt ?? ''),
      addedBy: String(i.addedBy ?? ''),
      ...(typeof i.joinedAt === 'string' ? { joinedAt: i.joinedAt } : {}),
    }));
  }

  async apiKeys(tenantId: string): Promise<ApiKeyListing[]> {
    const items = (await this.queryAll(apiKeyListKey(tenantId, 'x').pk)).filter(
      (i) => i.revokedAt === undefined,
    );
    return items.map((i) => ({
      id: String(i.sk),
      name: String(i.name),
      createdAt: String(i.createdAt),
      createdBy: String(i.createdBy),
      ...(typeof i.lastUsedAt === 'string' ? { lastUsedAt: i.lastUsedAt } : {}),
    }));
  }

  /** The tenant an API key (by hash) belongs to, read consistently (a revoked key fails at once). */
  async apiKey(
    keyHash: string,
  ): Promise<{ tenantId: string; keyId?: string; lastUsedAt?: string } | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: apiKeyKey(keyHash), ConsistentRead: true }),
    );
    if (!res.Item || typeof res.Item.tenantId !== 'string') return undefined;
    return {
      tenantId: String(res.Item.tenantId),
      ...(typeof res.Item.keyId === 'string' ? { keyId: res.Item.keyId } : {}),
      ...(typeof res.Item.lastUsedAt === 'string' ? { lastUsedAt: res.Item.lastUsedAt } : {}),
    };
  }

  /** The office's audit trail, newest first. */
  async audit(tenantId: string, limit = AUDIT_PAGE): Promise<AuditEntry[]> {
    const res = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': auditPartition(tenantId) },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (res.Items ?? []).map((i) => ({
      at: String(i.at),
      by: String(i.by),
      action: String(i.action),
      target: String(i.target),
      ...(i.detail ? { detail: i.detail as Record<string, unknown> } : {}),
    }));
  }

  // --- changes (each one transaction with its audit item) ---

  /**
   * Creates an office with `email` as its admin: the office, its settings, its registry item (the
   * fan-out tick plans it from then on), the name claim, the membership and the audit item.
   */
  async createOffice(input: {
    office: OfficeRecord;
    settings: TenantSettings;
    nameClaim: { scope: string; name: string };
    email: string;
  }): Promise<void> {
    const { office, settings, email } = input;
    const at = office.createdAt;
    const t = office.tenantId;
    const registration = officeRegistration(this.tableName, t, office.timeZone);
    const items: TransactItem[] = [
      this.putMembership(email, { email: lower(email), tenantId: t, role: 'admin', joinedAt: at }),
      this.putNew(officeNameKey(input.nameClaim.scope, input.nameClaim.name), {
        tenantId: t,
        claimedBy: lower(email),
        claimedAt: at,
      }),
      this.putNew(officeKey(t), { ...office, version: 1 }),
      this.putNew(settingsKey(t), { settings }),
      {
        Update: {
          TableName: this.tableName,
          Key: registration.Key!,
          UpdateExpression: registration.UpdateExpression!,
          ExpressionAttributeNames: registration.ExpressionAttributeNames!,
          ExpressionAttributeValues: registration.ExpressionAttributeValues!,
        },
      },
      this.put(rosterKey(t, email), {
        role: 'admin',
        status: 'active',
        addedAt: at,
        addedBy: lower(email),
        joinedAt: at,
      }),
      // Nothing to sweep for rows naming another customer's item (cross-customer-sweep.ts): every door
      // has refused them since this office's first day, so its sweep is done before it starts.
      this.put(sweepKey(t), {
        next: 0,
        completedOn: at.slice(0, 10),
        reason: 'created with the rules in place',
      }),
      this.auditItem(t, {
        at,
        by: lower(email),
        action: 'office.created',
        target: office.name,
        detail: { country: office.country, timeZone: office.timeZone },
      }),
    ];
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (e) {
      const failed = cancelledAt(e);
      if (failed === 0)
        throw new MemberStoreError(
          'member-elsewhere',
          `${email} already belongs to a Duebook office; a Google account belongs to one office`,
        );
      if (failed === 1) throw new MemberStoreError('name-taken', 'the office name is taken');
      if (failed !== undefined) throw new MemberStoreError('raced', 'the office exists already');
      throw e;
    }
  }

  /**
   * Seeds a member outside any request (the local stack, a deploy's first admin): membership and
   * roster, with an audit item by `by`.
   */
  async seedMember(tenantId: string, email: string, role: Role, at: string, by: string): Promise<void> {
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          this.put(membershipKey(email), { email: lower(email), tenantId, role, joinedAt: at }),
          this.put(rosterKey(tenantId, email), {
            role,
            status: 'active',
            addedAt: at,
            addedBy: by,
            joinedAt: at,
          }),
          this.auditItem(tenantId, {
            at,
            by,
            action: 'member.added',
            target: lower(email),
            detail: { role },
          }),
        ],
      }),
    );
  }

  /** Records an office's record for an office made before issue #17 (the demo office, a deploy seed). */
  async seedOffice(office: OfficeRecord): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: officeKey(office.tenantId),
        UpdateExpression:
          'SET #n = :n, country = :c, #z = :z, createdAt = if_not_exists(createdAt, :a), createdBy = if_not_exists(createdBy, :b), #v = if_not_exists(#v, :zero)',
        ExpressionAttributeNames: { '#n': 'name', '#v': 'version', '#z': 'timeZone' },
        ExpressionAttributeValues: {
          ':n': office.name,
          ':c': office.country,
          ':z': office.timeZone,
          ':a': office.createdAt,
          ':b': office.createdBy,
          ':zero': 0,
        },
      }),
    );
  }

  /** Invites `email` with `role`; refused when the address is a member or invited anywhere else. */
  async invite(tenantId: string, email: string, role: Role, by: string, now: Date): Promise<void> {
    const at = now.toISOString();
    const expiresAt = Math.floor(now.getTime() / 1000) + INVITATION_DAYS * 86_400;
    // Read first (no ConditionCheckItem for the api function): joining is itself conditional, so
    // an address that joins another office meanwhile still ends in one office.
    const member = await this.member(email);
    if (member)
      throw new MemberStoreError(
        member.tenantId === tenantId ? 'already-member-here' : 'member-elsewhere',
        member.tenantId === tenantId
          ? `${email} is already a member of this office`
          : `${email} already belongs to another Duebook office; a Google account belongs to one office, so they must be removed there first`,
      );
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...invitationKey(email),
            email: lower(email),
            tenantId,
            role,
            status: 'pending',
            invitedBy: by,
            invitedAt: at,
            expiresAt,
          },
          // Another office's pending invitation stands until it lapses; this office may re-invite.
          ConditionExpression:
            'attribute_not_exists(pk) OR tenantId = :t OR expiresAt < :now OR #st <> :pending',
          ExpressionAttributeNames: { '#st': 'status' },
          ExpressionAttributeValues: {
            ':t': tenantId,
            ':now': Math.floor(now.getTime() / 1000),
            ':pending': 'pending',
          },
        },
      },
      this.put(rosterKey(tenantId, email), { role, status: 'invited', addedAt: at, addedBy: by, expiresAt }),
      this.auditItem(tenantId, { at, by, action: 'member.invited', target: lower(email), detail: { role } }),
    ];
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (e) {
      if (cancelledAt(e) === 0)
        throw new MemberStoreError(
          'invited-elsewhere',
          `${email} has a pending invitation from another Duebook office; it lapses after ${INVITATION_DAYS} days unless accepted`,
        );
      throw e;
    }
  }

  /**
   * Accepts the pending invitation of `email`, if any and not lapsed: the membership is created and
   * the invitation removed in one transaction. Returns the new member, or undefined.
   */
  async acceptInvitation(email: string, now: Date): Promise<Member | undefined> {
    const invite = await this.invitation(email);
    if (!invite || invite.expiresAt * 1000 < now.getTime()) return undefined;
    const at = now.toISOString();
    const t = invite.tenantId;
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            this.putMembership(email, {
              email: lower(email),
              tenantId: t,
              role: invite.role,
              joinedAt: at,
            }),
            {
              Update: {
                TableName: this.tableName,
                Key: invitationKey(email),
                UpdateExpression: 'SET #st = :accepted, acceptedAt = :at',
                ConditionExpression: 'tenantId = :t AND #r = :r AND #st = :pending',
                ExpressionAttributeNames: { '#r': 'role', '#st': 'status' },
                ExpressionAttributeValues: {
                  ':t': t,
                  ':r': invite.role,
                  ':at': at,
                  ':accepted': 'accepted',
                  ':pending': 'pending',
                },
              },
            },
            {
              // Only while the office still lists the invitation (not removed meanwhile).
              Update: {
                TableName: this.tableName,
                Key: rosterKey(t, email),
                UpdateExpression: 'SET #s = :active, joinedAt = :at REMOVE expiresAt',
                ConditionExpression: '#s = :invited',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':active': 'active', ':invited': 'invited', ':at': at },
              },
            },
            this.auditItem(t, {
              at,
              by: lower(email),
              action: 'member.joined',
              target: lower(email),
              detail: { role: invite.role },
            }),
          ],
        }),
      );
    } catch (e) {
      if (cancelledAt(e) !== undefined)
        return this.member(email).then((m) => (m?.tenantId === t ? m : undefined));
      throw e;
    }
    return { tenantId: t, email: lower(email), role: invite.role };
  }

  /**
   * Changes a member's (or invitee's) role. The office item's version is checked and bumped in the
   * same transaction, so two admins demoting each other at once cannot leave the office without one.
   */
  async setRole(tenantId: string, email: string, role: Role, by: string, now: Date): Promise<RosterEntry> {
    const { entry, version } = await this.guardedTarget(
      tenantId,
      email,
      role === 'admin' ? undefined : 'demote',
    );
    const at = now.toISOString();
    const items: TransactItem[] = [
      this.bumpVersion(tenantId, version),
      {
        Update: {
          TableName: this.tableName,
          Key: rosterKey(tenantId, email),
          UpdateExpression: 'SET #r = :r',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#r': 'role' },
          ExpressionAttributeValues: { ':r': role },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: entry.status === 'active' ? membershipKey(email) : invitationKey(email),
          UpdateExpression: 'SET #r = :r',
          ConditionExpression: 'tenantId = :t',
          ExpressionAttributeNames: { '#r': 'role' },
          ExpressionAttributeValues: { ':r': role, ':t': tenantId },
        },
      },
      this.auditItem(tenantId, {
        at,
        by,
        action: 'member.role-changed',
        target: lower(email),
        detail: { from: entry.role, to: role },
      }),
    ];
    await this.transactOrRace(items);
    return { ...entry, role };
  }

  /** Removes a member (their next request is refused) or withdraws an invitation. */
  async remove(tenantId: string, email: string, by: string, now: Date): Promise<RosterEntry> {
    const { entry, version } = await this.guardedTarget(tenantId, email, 'remove');
    const at = now.toISOString();
    const items: TransactItem[] = [
      this.bumpVersion(tenantId, version),
      {
        Update: {
          TableName: this.tableName,
          Key: rosterKey(tenantId, email),
          UpdateExpression: 'SET #st = :removed, removedAt = :at, removedBy = :by REMOVE expiresAt',
          ConditionExpression: 'attribute_exists(pk) AND #st <> :removed',
          ExpressionAttributeNames: { '#st': 'status' },
          ExpressionAttributeValues: { ':removed': 'removed', ':at': at, ':by': by },
        },
      },
      entry.status === 'active'
        ? {
            // The sign-in lookup loses its tenant: the member's next request finds no office.
            Update: {
              TableName: this.tableName,
              Key: membershipKey(email),
              UpdateExpression: 'SET removedAt = :at, removedFrom = :t REMOVE tenantId',
              ConditionExpression: 'tenantId = :t',
              ExpressionAttributeValues: { ':t': tenantId, ':at': at },
            },
          }
        : {
            Update: {
              TableName: this.tableName,
              Key: invitationKey(email),
              UpdateExpression: 'SET #st = :withdrawn, withdrawnAt = :at',
              ConditionExpression: 'tenantId = :t',
              ExpressionAttributeNames: { '#st': 'status' },
              ExpressionAttributeValues: { ':t': tenantId, ':at': at, ':withdrawn': 'withdrawn' },
            },
          },
      this.auditItem(tenantId, {
        at,
        by,
        action: entry.status === 'active' ? 'member.removed' : 'invitation.withdrawn',
        target: lower(email),
        detail: { role: entry.role },
      }),
    ];
    await this.transactOrRace(items);
    return entry;
  }

  /** Stores a new API key by its hash; the key itself is never stored. */
  async createApiKey(
    tenantId: string,
    keyHash: string,
    name: string,
    by: string,
    now: Date,
  ): Promise<ApiKeyListing> {
    const id = `key_${randomBytes(6).toString('hex')}`;
    const at = now.toISOString();
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          this.putNew(apiKeyKey(keyHash), { tenantId, label: name, keyId: id }),
          this.putNew(apiKeyListKey(tenantId, id), { name, createdAt: at, createdBy: by, keyHash }),
          this.auditItem(tenantId, { at, by, action: 'api-key.created', target: name, detail: { id } }),
        ],
      }),
    );
    return { id, name, createdAt: at, createdBy: by };
  }

  /** Revokes a key of this office: the next request with it is refused. */
  async revokeApiKey(tenantId: string, id: string, by: string, now: Date): Promise<ApiKeyListing> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: apiKeyListKey(tenantId, id), ConsistentRead: true }),
    );
    if (!res.Item || res.Item.revokedAt !== undefined)
      throw new MemberStoreError('not-found', `no API key ${id} in this office`);
    const at = now.toISOString();
    const listing: ApiKeyListing = {
      id,
      name: String(res.Item.name),
      createdAt: String(res.Item.createdAt),
      createdBy: String(res.Item.createdBy),
    };
    await this.transactOrRace([
      {
        // The lookup item loses its tenant: the next request with the key is refused.
        Update: {
          TableName: this.tableName,
          Key: apiKeyKey(String(res.Item.keyHash)),
          UpdateExpression: 'SET revokedAt = :at, revokedFrom = :t REMOVE tenantId',
          ConditionExpression: 'tenantId = :t',
          ExpressionAttributeValues: { ':t': tenantId, ':at': at },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: apiKeyListKey(tenantId, id),
          UpdateExpression: 'SET revokedAt = :at, revokedBy = :by',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: { ':at': at, ':by': by },
        },
      },
      this.auditItem(tenantId, { at, by, action: 'api-key.revoked', target: listing.name, detail: { id } }),
    ]);
    return listing;
  }

  /** Notes a key's use (at most every LAST_USED_RESOLUTION_MS); a key revoked meanwhile stays gone. */
  async touchApiKey(tenantId: string, keyHash: string, keyId: string, now: Date): Promise<void> {
    const at = now.toISOString();
    const set = (Key: Record<string, string>) =>
      new UpdateCommand({
        TableName: this.tableName,
        Key,
        UpdateExpression: 'SET lastUsedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      });
    await Promise.all(
      [set(apiKeyKey(keyHash)), set(apiKeyListKey(tenantId, keyId))].map((c) =>
        this.doc.send(c).catch((e: { name?: string }) => {
          if (e.name !== 'ConditionalCheckFailedException') throw e;
        }),
      ),
    );
  }

  // --- helpers ---

  /**
   * The roster entry to change and the office version read with it; refuses to take away the
   * office's last active admin.
   */
  private async guardedTarget(
    tenantId: string,
    email: string,
    change: 'demote' | 'remove' | undefined,
  ): Promise<{ entry: RosterEntry; version: number }> {
    // The version first, then the roster: a change committed after the version was read bumps it,
    // so this change's transaction fails; one committed before is in the roster. Read together,
    // a roster read before another change and a version read after it let both pass (no admin left).
    const office = await this.office(tenantId);
    const roster = await this.roster(tenantId);
    const entry = roster.find((r) => r.email === lower(email));
    if (!entry)
      throw new MemberStoreError('not-found', `${email} is neither a member of this office nor invited`);
    if (change && entry.role === 'admin' && entry.status === 'active') {
      const admins = roster.filter((r) => r.role === 'admin' && r.status === 'active').length;
      if (admins <= 1)
        throw new MemberStoreError(
          'last-admin',
          `${email} is the office's last admin: make another member admin first, so the office keeps one`,
        );
    }
    return { entry, version: office?.version ?? 0 };
  }

  private bumpVersion(tenantId: string, version: number): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: officeKey(tenantId),
        UpdateExpression: 'SET #v = :next',
        ConditionExpression: 'attribute_not_exists(#v) OR #v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': version, ':next': version + 1 },
      },
    };
  }

  private async transactOrRace(items: TransactItem[]): Promise<void> {
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (e) {
      if (cancelledAt(e) !== undefined)
        throw new MemberStoreError(
          'raced',
          'the office changed meanwhile (another admin); reload and try again',
        );
      throw e;
    }
  }

  private put(key: { pk: string; sk: string }, attrs: Record<string, unknown>): TransactItem {
    return { Put: { TableName: this.tableName, Item: { ...key, ...attrs } } };
  }

  /** A membership put only where the address has none (never had one, or it was removed). */
  private putMembership(email: string, attrs: Record<string, unknown>): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...membershipKey(email), ...attrs },
        ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(tenantId)',
      },
    };
  }

  private putNew(key: { pk: string; sk: string }, attrs: Record<string, unknown>): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...key, ...attrs },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  private auditItem(tenantId: string, entry: AuditEntry): TransactItem {
    return this.put(
      { pk: auditPartition(tenantId), sk: `${entry.at}#${randomBytes(4).toString('hex')}` },
      { ...entry },
    );
  }

  private async queryAll(pk: string): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      out.push(...(res.Items ?? []));
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }
}

/** The index of the first item whose condition failed in a cancelled transaction, or undefined. */
function cancelledAt(e: unknown): number | undefined {
  if ((e as { name?: string }).name !== 'TransactionCanceledException') return undefined;
  const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  const i = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
  return i >= 0 ? i : -1;
}
