// Offices on one deployment (issue #17): onboarding (`/v1/me`, `/v1/offices`), members and roles,
// invitations, API keys, the audit trail, the role each route needs, and per-office quotas.
import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { officeIdentityProblems } from '../../core/collections/templates.js';
import { isValidTimeZone } from '../../core/ledger/dates.js';
import { SCHEMA, type TabName } from '../../core/ledger/schema.js';
import { emailQuotaDay } from '../services/email-quota.js';
import { decideRate } from '../services/request-rate.js';
import { generateApiKey, hashApiKey } from '../shared/id-token.js';
import { lazySchema } from '../shared/lazy-schema.js';
import { domainAllowed, domainOf, type OfficeOptions } from '../shared/office-config.js';
import { onFirstUse } from '../shared/on-first-use.js';
import { DEFAULT_SETTINGS } from '../shared/settings.js';
import * as z from '../shared/zod-mini.js';
import type { LedgerStore } from '../store/ledger-store.js';
import {
  LAST_USED_RESOLUTION_MS,
  type Member,
  type MemberStore,
  MemberStoreError,
  ROLES,
  type Role,
} from '../store/member-store.js';
import type { QuotaLimits, QuotaStore } from '../store/quota-store.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { ApiError, json } from './errors.js';
import { OFFICE_ROUTES, roleFor } from './routes.js';

export interface OfficeRoutesDeps {
  store: LedgerStore;
  members: MemberStore;
  quotas: QuotaStore;
  options: OfficeOptions;
  now: () => Date;
}

/** Who is calling, once authenticated (app.ts builds it). */
export interface OfficeCaller {
  tenantId: string;
  via: 'google' | 'api-key';
  email?: string;
  role: Role;
}

/** What app.ts lends the routes: its sign-in check (membership optional) and its body parser. */
export interface RouteHelpers {
  /** Verifies the Google ID token (or API key); `member` is absent for an identity with no office. */
  signIn(event: APIGatewayProxyEventV2): Promise<{ email?: string; caller?: OfficeCaller }>;
  body<T>(event: APIGatewayProxyEventV2, schema: z.ZodMiniType<T>): T;
}

/** The role a route needs, from the least to the most: read-only < clerk < admin. */
const RANK: Record<Role, number> = { 'read-only': 0, clerk: 1, admin: 2 };

const OWN_PATHS = new Set(OFFICE_ROUTES.map((r) => r.path));

/** Email domains shared by unrelated people: an office name is claimed per address there, not per domain. */
const SHARED_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'yahoo.com',
  'icloud.com',
]);

const EMAIL = /^[^\s@<>",;]+@([a-z0-9-]+\.)+[a-z]{2,}$/i;

/** An office name as compared for uniqueness: case, accents' forms, punctuation and spacing ignored. */
export function normalizeOfficeName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Where an office name must be unique: the email domain, or the address itself on a shared domain. */
export function nameScope(email: string): string {
  const domain = domainOf(email);
  return SHARED_DOMAINS.has(domain) ? email.toLowerCase() : domain;
}

/**
 * The tenant id of an office, from where its name is claimed and the name: the same request twice
 * names the same tenant, so creation is idempotent even when two copies race.
 */
export function tenantIdFor(scope: string, name: string): string {
  const normalized = normalizeOfficeName(name);
  const slug =
    normalized
      .normalize('NFKD')
      .replace(/[^a-z0-9 ]/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .slice(0, 40)
      .replace(/-+$/, '') || 'office';
  const hash = createHash('sha256').update(`${scope}\n${normalized}`).digest('hex').slice(0, 10);
  return `${slug}-${hash}`;
}

const emailField = onFirstUse(() =>
  z.pipe(
    z.string().check(
      z.trim(),
      z.maxLength(254),
      z.refine((v) => EMAIL.test(v), 'must be one email address, e.g. clerk@yourfirm.com'),
    ),
    z.transform((v) => v.toLowerCase()),
  ),
);

export const createOfficeSchema = lazySchema(() =>
  z.strictObject({
    name: z.string().check(
      z.trim(),
      z.minLength(2, 'at least 2 characters'),
      z.maxLength(200),
      z.refine((name) => officeIdentityProblems({ name, address: '-' }).length === 0, {
        message: 'use the office’s real legal name, not a department name such as "Accounts receivable"',
      }),
    ),
    timeZone: z.string().check(z.refine(isValidTimeZone, 'not an IANA time zone (e.g. America/Chicago)')),
    country: z.pipe(
      z.string().check(z.trim(), z.regex(/^[A-Za-z]{2}$/, 'a two-letter country code (ISO 3166), e.g. US')),
      z.transform((v) => v.toUpperCase()),
    ),
  }),
);

export const inviteSchema = lazySchema(() => z.strictObject({ email: emailField(), role: z.enum(ROLES) }));
export const roleSchema = lazySchema(() => z.strictObject({ email: emailField(), role: z.enum(ROLES) }));
export const removeSchema = lazySchema(() => z.strictObject({ email: emailField() }));
export const keySchema = lazySchema(() =>
  z.strictObject({
    name: z.string().check(z.trim(), z.minLength(1, 'name the key (who or what uses it)'), z.maxLength(60)),
  }),
);
export const revokeSchema = lazySchema(() =>
  z.strictObject({
    id: z.string().check(z.regex(/^key_[0-9a-f]{12}$/, 'a key id as listed (key_…)')),
  }),
);

/** How long an office's operator overrides are cached in one Lambda instance. */
const LIMITS_CACHE_MS = 60_000;

export function createOfficeRoutes(deps: OfficeRoutesDeps) {
  const limitsCache = new Map<string, { limits: QuotaLimits; at: number }>();

  async function limitsOf(tenantId: string): Promise<QuotaLimits> {
    const now = Date.now();
    const cached = limitsCache.get(tenantId);
    if (cached && now - cached.at < LIMITS_CACHE_MS) return cached.limits;
    const limits = { ...deps.options.quotas, ...(await deps.quotas.overrides(tenantId)) };
    limitsCache.set(tenantId, { limits, at: now });
    return limits;
  }

  function refuse(e: unknown): never {
    if (!(e instanceof MemberStoreError)) throw e;
    const code = {
      'already-member-here': 'OFFICE.ALREADY_MEMBER',
      'member-elsewhere': 'OFFICE.MEMBER_ELSEWHERE',
      'invited-elsewhere': 'OFFICE.INVITED_ELSEWHERE',
      'name-taken': 'OFFICE.NAME_TAKEN',
      'not-found': 'OFFICE.NOT_FOUND',
      'last-admin': 'OFFICE.LAST_ADMIN',
      raced: 'OFFICE.CHANGED',
    }[e.code];
    throw new ApiError(code, e.message);
  }

  function requireDomain(email: string, what: string): void {
    if (!domainAllowed(deps.options, email))
      throw new ApiError(
        'AUTH.FORBIDDEN_DOMAIN',
        `${what}: this Duebook is limited to accounts of ${deps.options.allowedDomains.join(', ')}; ${email} is not one`,
      );
  }

  async function officeView(tenantId: string, role: Role) {
    const [record, settings] = await Promise.all([
      deps.members.office(tenantId),
      deps.store.getSettings(tenantId),
    ]);
    return {
      tenantId,
      name: settings?.officeName ?? record?.name ?? tenantId,
      country: record?.country ?? '',
      timeZone: settings?.timeZone ?? record?.timeZone ?? DEFAULT_SETTINGS.timeZone,
      role,
    };
  }

  async function usage(tenantId: string, now: Date) {
    const [limits, rowsStored, apiThisMinute, emailsToday] = await Promise.all([
      limitsOf(tenantId),
      deps.quotas.rowsStored(tenantId),
      deps.quotas.requestWindow(tenantId, now),
      deps.store
        .getSettings(tenantId)
        .then((s) =>
          deps.quotas.counted(
            tenantId,
            'emails',
            emailQuotaDay(now, s?.timeZone ?? DEFAULT_SETTINGS.timeZone),
          ),
        ),
    ]);
    const lastMinute = decideRate(apiThisMinute, 0).lastMinute;
    return {
      limits,
      used: { apiRequestsThisMinute: lastMinute, apiRequestsLastMinute: lastMinute, rowsStored, emailsToday },
    };
  }

  async function createOffice(email: string, input: z.infer<typeof createOfficeSchema>, now: Date) {
    requireDomain(email, 'cannot create an office');
    const scope = nameScope(email);
    const tenantId = tenantIdFor(scope, input.name);
    const existing = await memberFor(email);
    if (existing) {
      // The same request again (a double click, a retry): the office it made, once.
      if (existing.tenantId === tenantId)
        return json(200, { created: false, office: await officeView(tenantId, existing.role) });
      throw new ApiError(
        'OFFICE.MEMBER_ELSEWHERE',
        `${email} already belongs to a Duebook office ("${(await officeView(existing.tenantId, existing.role)).name}"); a Google account belongs to one office`,
      );
    }
    const at = now.toISOString();
    const settings: TenantSettings = {
      tenantId,
      ...DEFAULT_SETTINGS,
      officeName: input.name,
      officeEmail: email,
      timeZone: input.timeZone,
    };
    try {
      await deps.members.createOffice({
        office: {
          tenantId,
          name: input.name,
          country: input.country,
          timeZone: input.timeZone,
          createdAt: at,
          createdBy: email,
        },
        settings,
        nameClaim: { scope, name: normalizeOfficeName(input.name) },
        email,
      });
    } catch (e) {
      if (e instanceof MemberStoreError && e.code === 'member-elsewhere') {
        // A twin request won the race: answer as the retry it is.
        const m = await deps.members.member(email);
        if (m?.tenantId === tenantId)
          return json(200, { created: false, office: await officeView(tenantId, m.role) });
      }
      if (e instanceof MemberStoreError && e.code === 'name-taken')
        throw new ApiError(
          'OFFICE.NAME_TAKEN',
          `an office named "${input.name}" is already registered by ${scope.includes('@') ? 'you' : `someone at ${scope}`}; ask its admin to invite ${email} (Settings > Members) instead of creating a second one`,
          [{ field: 'name', message: 'already registered by your organisation' }],
        );
      refuse(e);
    }
    return json(201, { created: true, office: await officeView(tenantId, 'admin') });
  }

  /** The member behind a verified email; a pending invitation is accepted on this first sign-in. */
  async function memberFor(email: string): Promise<Member | undefined> {
    const member = await deps.members.member(email);
    if (member) return member;
    if (!domainAllowed(deps.options, email)) return undefined;
    return deps.members.acceptInvitation(email, deps.now());
  }

  /**
   * Before any signed-in route runs: the caller's role must reach the route's, and the office's
   * requests in any 60 s must stay within its quota (429 with Retry-After otherwise).
   */
  async function admit(caller: OfficeCaller, method: string, path: string): Promise<void> {
    const needed = roleFor(method, path);
    if (RANK[caller.role] < RANK[needed])
      throw new ApiError(
        'AUTH.FORBIDDEN_ROLE',
        caller.via === 'api-key'
          ? `an API key cannot ${method} ${path}: that needs an ${needed} signed in with Google`
          : `your role in this office is ${caller.role}; ${method} ${path} needs ${needed === 'admin' ? 'an admin' : `the ${needed} role or above`} (ask your office admin)`,
        [{ field: 'role', message: `is ${caller.role}, needs ${needed}` }],
      );
    const limit = (await limitsOf(caller.tenantId)).apiRequestsPerMinute;
    if (limit === 0) return;
    // Counted per second (services/request-rate.ts): no 60 s interval admits more than the limit.
    const window = await deps.quotas.countRequest(caller.tenantId, deps.now());
    const decision = decideRate(window, limit);
    if (!decision.admit) {
      // A refused request is taken back, so a client that waits as told is let in then.
      await deps.quotas.uncountRequest(caller.tenantId, window.second);
      const retryAfter = decision.retryAfterSeconds;
      throw new ApiError(
        'QUOTA.RATE',
        `this office has made more than ${limit} requests in the last minute (its quota); try again in ${retryAfter} s`,
        { limit, retryAfterSeconds: retryAfter },
      );
    }
  }

  return {
    memberFor,
    admit,

    /** The office of an API key (read consistently: a revoked key fails at once); notes its use. */
    async apiKeyTenant(apiKey: string): Promise<string | undefined> {
      const hash = hashApiKey(apiKey);
      const key = await deps.members.apiKey(hash);
      if (!key) return undefined;
      const now = deps.now();
      if (
        key.keyId &&
        (!key.lastUsedAt || now.getTime() - Date.parse(key.lastUsedAt) >= LAST_USED_RESOLUTION_MS)
      )
        await deps.members.touchApiKey(key.tenantId, hash, key.keyId, now);
      return key.tenantId;
    },

    /**
     * Stores a sync chunk within the office's stored-rows quota: a chunk that would add rows past
     * the limit is refused whole (changes to stored rows always pass); the total follows what was
     * stored and deleted.
     */
    async withinRows<T extends { deleted: number }>(
      tenantId: string,
      tab: TabName,
      chunk: { header: readonly string[]; columns: readonly (readonly unknown[])[] },
      store: () => Promise<T>,
    ): Promise<T> {
      const def = SCHEMA.find((t) => t.name === tab);
      const idHeader = def?.columns.find((c) => c.key === def.idKey)?.header.toLowerCase();
      const at = chunk.header.findIndex((h) => h.trim().toLowerCase() === idHeader);
      const ids =
        at < 0
          ? []
          : [
              ...new Set(
                (chunk.columns[at] ?? []).filter((v) => v !== null && v !== '').map((v) => String(v).trim()),
              ),
            ];
      const limit = (await limitsOf(tenantId)).rowsStored;
      const existing = await deps.store.existingRowIds(tenantId, tab, ids);
      const fresh = ids.filter((id) => !existing.has(id));
      if (limit > 0 && fresh.length > 0) {
        const stored = await deps.quotas.rowsStored(tenantId);
        if (stored + fresh.length > limit)
          throw new ApiError(
            'QUOTA.ROWS',
            `chunk refused, nothing stored: this office stores ${stored} rows of its quota of ${limit}, and this chunk adds ${fresh.length} new ones; delete old rows or ask the operator for a higher quota`,
            { limit, stored, adding: fresh.length },
          );
      }
      const result = await store();
      const created = fresh.length === 0 ? 0 : (await deps.store.existingRowIds(tenantId, tab, fresh)).size;
      await deps.quotas.addRows(tenantId, created - result.deleted);
      return result;
    },

    /** Whether `adding` new rows fit the office's rows quota (for rows Duebook writes itself: services/backend-rows.ts). */
    async rowsRoom(tenantId: string, adding: number) {
      const limit = (await limitsOf(tenantId)).rowsStored;
      if (limit === 0) return { ok: true as const };
      const stored = await deps.quotas.rowsStored(tenantId);
      return stored + adding <= limit ? { ok: true as const } : { ok: false as const, limit, stored };
    },

    /** A single posted row (payment, promise, plan, note) within the quota; the ledger service counts it once stored. */
    async withinOneRow<T extends { status: number }>(tenantId: string, store: () => Promise<T>): Promise<T> {
      const limit = (await limitsOf(tenantId)).rowsStored;
      if (limit > 0) {
        const stored = await deps.quotas.rowsStored(tenantId);
        if (stored + 1 > limit)
          throw new ApiError(
            'QUOTA.ROWS',
            `nothing stored: this office has reached its quota of ${limit} rows`,
            { limit, stored },
          );
      }
      // The ledger service counts the new row itself (it counts every row Duebook writes).
      return store();
    },

    /** Answers this file's routes (undefined for any other path). */
    async route(
      event: APIGatewayProxyEventV2,
      method: string,
      path: string,
      helpers: RouteHelpers,
    ): Promise<APIGatewayProxyStructuredResultV2 | undefined> {
      if (!OWN_PATHS.has(path)) return undefined;
      const route = OFFICE_ROUTES.find((r) => r.path === path && r.method === method);
      if (!route) throw new ApiError('REQUEST.METHOD', `${method} is not allowed on ${path}`);
      const { email, caller } = await helpers.signIn(event);
      const now = deps.now();
      if (route.role === 'no office needed') {
        if (path === '/v1/me') {
          if (caller)
            return json(200, {
              email: email ?? null,
              via: caller.via,
              office: await officeView(caller.tenantId, caller.role),
              ...(caller.role === 'admin' ? { quotas: await usage(caller.tenantId, now) } : {}),
            });
          const allowed = domainAllowed(deps.options, email ?? '');
          return json(200, {
            email,
            office: null,
            canCreateOffice: allowed,
            message: allowed
              ? `${email} is not a member of any Duebook office yet: create your office, or ask your office admin to invite ${email}`
              : `this Duebook is limited to accounts of ${deps.options.allowedDomains.join(', ')}; sign in with one of those`,
          });
        }
        // POST /v1/offices
        if (!email)
          throw new ApiError(
            'AUTH.FORBIDDEN_ROLE',
            'an office is created by a person signed in with Google, not with an API key',
          );
        return createOffice(email, helpers.body(event, createOfficeSchema), now);
      }
      if (!caller)
        throw new ApiError(
          'AUTH.NO_MEMBERSHIP',
          `${email} is not a member of any Duebook office; create one from the add-on's sidebar, or ask your office admin for an invitation`,
        );
      await admit(caller, method, path);
      const t = caller.tenantId;
      const by = caller.email ?? 'api-key';
      try {
        if (path === '/v1/members' && method === 'GET')
          return json(200, { you: caller.email, members: await deps.members.roster(t) });
        if (path === '/v1/members') {
          const input = helpers.body(event, inviteSchema);
          requireDomain(input.email, 'cannot invite');
          await deps.members.invite(t, input.email, input.role, by, now);
          return json(201, { invited: { email: input.email, role: input.role, status: 'invited' } });
        }
        if (path === '/v1/members/role') {
          const input = helpers.body(event, roleSchema);
          return json(200, { member: await deps.members.setRole(t, input.email, input.role, by, now) });
        }
        if (path === '/v1/members/remove') {
          const input = helpers.body(event, removeSchema);
          return json(200, { removed: await deps.members.remove(t, input.email, by, now) });
        }
        if (path === '/v1/api-keys' && method === 'GET')
          return json(200, { keys: await deps.members.apiKeys(t) });
        if (path === '/v1/api-keys') {
          const input = helpers.body(event, keySchema);
          const secret = generateApiKey();
          const key = await deps.members.createApiKey(t, hashApiKey(secret), input.name, by, now);
          return json(201, {
            key,
            secret,
            note: 'copy this key now: it is shown once and stored only as a hash; send it in the x-api-key header',
          });
        }
        if (path === '/v1/api-keys/revoke') {
          const input = helpers.body(event, revokeSchema);
          return json(200, { revoked: await deps.members.revokeApiKey(t, input.id, by, now) });
        }
        if (path === '/v1/audit') return json(200, { entries: await deps.members.audit(t) });
      } catch (e) {
        refuse(e);
      }
      throw new ApiError('REQUEST.METHOD', `${method} is not allowed on ${path}`);
    },
  };
}

export type OfficeRoutes = ReturnType<typeof createOfficeRoutes>;
