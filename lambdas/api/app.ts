// The HTTP API: authenticates, maps the verified identity to a tenant, validates input and routes.

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { CHANNELS } from '../../core/collections/contact-rules.js';
import { MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH } from '../../core/collections/message-templates.js';
import { officeIdentityProblems } from '../../core/collections/templates.js';
import { isValidTimeZone } from '../../core/ledger/dates.js';
import { CONTACT_PRESETS } from '../../core/ledger/ledger.js';
import { NUMBER_FORMATS } from '../../core/ledger/money.js';
import { TAB_NAMES, type TabName } from '../../core/ledger/schema.js';
import {
  type AppealRequest,
  appealLetterFromRows,
  appealLetterPath,
  appealRequestSchema,
  officeFromSettings,
} from '../documents/appeal-letters.js';
import { createDebtorRoutes, isPortalChannel, sheetRowsAnswer } from '../payments/debtor-routes.js';
import { decimalText } from '../payments/stripe-money.js';
import type { StripeConfig } from '../payments/stripe-payments.js';
import { releaseHoldByClerk } from '../services/clerk-release.js';
import { approveHandover } from '../services/handover.js';
import { LedgerService, officeToday } from '../services/ledger-service.js';
import { lettersToday } from '../services/letters-today.js';
import {
  officeOf,
  previewStage,
  stageWording,
  templatesProblems,
  wordingOf,
} from '../services/office-voice.js';
import {
  ladderProblems,
  ladderSteps,
  MAX_LADDER_STAGES,
  policyFor,
  STAGE_NAME,
} from '../services/tenant-policy.js';
import { approveValidationNotice, isValidationLetter } from '../services/validation-notice.js';
import { hashApiKey, type IdTokenVerifier } from '../shared/id-token.js';
import { LetterKeyError, type LetterStorage } from '../shared/letter-storage.js';
import { log } from '../shared/log.js';
import type { Mailer } from '../shared/mailer.js';
import { officeVoiceFields } from '../shared/office-voice-schema.js';
import { decodeRequestBody } from '../shared/request-body.js';
import { DEFAULT_SETTINGS } from '../shared/settings.js';
import { verifyUnsubscribeToken } from '../shared/unsubscribe-token.js';
import type { DebtorStore } from '../store/debtor-store.js';
import type { LedgerStore, OutboxEntry, SettingsChange, TenantSettings } from '../store/ledger-store.js';
import {
  CREDIT_HOLD_RELEASE_PATH,
  CREDIT_HOLD_RELEASE_ROUTE,
  clerkReleaseSchema,
} from './credit-hold-route.js';
import { ApiError, errorResponse, json } from './errors.js';
import {
  createOfficeRoutes,
  OFFICE_ROUTES,
  type OfficeCaller,
  type OfficeRoutesDeps,
} from './office-routes.js';
import { checkQueueActions, QUEUE_DECISIONS } from './queue-actions.js';
import {
  decideEntry,
  decideTask,
  duebookActivity,
  isHandover,
  messageView,
  queueView,
  withMarkersReadOnce,
} from './queue-view.js';
import { holdCustomers, RETENTION_HOLDS_ROUTE, retentionHolds } from './retention-holds.js';
import { SENDING_ROUTES, type SendingRouteDeps, sendingRoute } from './sending-routes.js';

/** API Gateway accepts 10 MB, the add-on sends at most 2 MB per chunk; anything larger is refused. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface ApiDeps {
  store: LedgerStore;
  verifier: IdTokenVerifier;
  now: () => Date;
  unsubscribeSecret: string;
  /** Where appeal letters are kept (S3 in AWS, a folder locally). */
  letters: LetterStorage;
  /** As the sender has them: the review queue's previews are composed by the sender's render path. */
  senderAddress: string;
  publicBaseUrl: string;
  /** Extra links the API's root page shows (the local stack's web inbox); none in AWS. */
  rootLinks?: readonly { label: string; url: string }[];
  /** The debtor's side (self-service page, pay links, sheet write-back, tracking). */
  debtor?: DebtorStore;
  /** The deployment's Stripe account; absent: offices show their payment instructions instead. */
  stripe?: StripeConfig;
  /**
   * Offices, members, roles, API keys, audit and quotas (issue #17, office-routes.ts); absent: the
   * membership items alone decide (no onboarding, no quotas), as before.
   */
  offices?: Omit<OfficeRoutesDeps, 'store' | 'now'>;
  /** Sends a clerk's credit-hold release notice at once; absent, the next daily run sends it. */
  mailer?: Mailer;
  /** The office's sending domain, rates and pause (lambdas/api/sending-routes.ts); absent: those routes answer 404. */
  sending?: SendingRouteDeps;
}

/** What a sheet cell can hold once it is JSON: text, a number, true/false, or empty (null). */
const isCellValue = (v: unknown) =>
  v === null ||
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v));

/** At most this many malformed cells are named in one answer. */
const MAX_CELL_ISSUES = 20;

const syncSchema = z.object({
  tab: z.enum(TAB_NAMES),
  header: z.array(z.string().max(200)).min(1).max(100),
  // A list or an object cannot come from a sheet: the chunk is malformed, not one row of it.
  columns: z.array(z.array(z.unknown())).superRefine((columns, ctx) => {
    let issues = 0;
    for (let c = 0; c < columns.length && issues < MAX_CELL_ISSUES; c++) {
      const column = columns[c]!;
      for (let r = 0; r < column.length && issues < MAX_CELL_ISSUES; r++) {
        if (isCellValue(column[r])) continue;
        issues++;
        ctx.addIssue({
          code: 'custom',
          path: [c, r],
          message: `is ${Array.isArray(column[r]) ? 'a list' : typeof column[r]}; a cell is text, a number, true/false or null`,
        });
      }
    }
  }),
  rowNumbers: z.array(z.number().int().min(2)).max(50_000),
  deleted: z.array(z.string().max(64)).max(50_000).optional(),
  // Rows of other tabs the same sync deletes that apply to this tab's items (ledger-service.ts).
  alsoDeleted: z.record(z.string(), z.array(z.string().max(64)).max(50_000)).optional(),
});

/** What a clerk may change from the add-on; every field optional, unknown fields refused. */
const settingsChangeSchema = z
  .object({
    reviewMode: z.boolean(),
    timeZone: z.string().refine(isValidTimeZone, 'not an IANA time zone (e.g. America/Chicago)'),
    contactPreset: z.enum(CONTACT_PRESETS),
    statementDay: z.number().int().min(1).max(28),
    /** The attorney or agency; '' clears it. */
    handoverTo: z.string().trim().max(200),
    /** The office's credit contact (internal notices of holds and releases); '' clears it. */
    creditContactEmail: z
      .string()
      .trim()
      .max(254)
      .refine((v) => v === '' || /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/.test(v), {
        message: 'must be one email address, e.g. credit@yourfirm.com',
      }),
    /** How the sheet writes amounts as text; ambiguous ones (1,500) are row errors until it is set. */
    numberFormat: z.enum(NUMBER_FORMATS),
    /** The office's legal name: a department name that sounds like a third party is refused. */
    officeName: z
      .string()
      .trim()
      .min(2)
      .max(200)
      .refine((name) => officeIdentityProblems({ name, address: '-' }).length === 0, {
        message: 'use the office’s real legal name, not a department name such as "Accounts receivable"',
      }),
    /** The office's postal address, printed on every message. */
    officeAddress: z.string().trim().min(5).max(300),
    /** A neutral sender and subject name; '' clears it. */
    neutralName: z.string().trim().max(60),
    /** false: no pay link in messages even where the deployment has Stripe keys. */
    onlinePayments: z.boolean(),
    /** What a debtor may arrange alone on the self-service page (payments/portal-page.ts). */
    portalLimits: z
      .object({
        promiseMaxDays: z.number().int().min(1).max(365),
        planMaxInstallments: z.number().int().min(2).max(120),
        planMinInstallmentMinor: z.number().int().min(0).max(1_000_000_000),
      })
      .partial()
      .strict(),
    /** The office's ladder, one channel per stage (services/tenant-policy.ts); null: the default one. */
    ladder: z
      .array(
        z
          .object({
            stage: z
              .string()
              .trim()
              .regex(STAGE_NAME, 'a name of letters, digits, spaces and . _ -, at most 64 characters'),
            daysPastDue: z.number().int('must be a whole number of days').min(-365).max(3650),
            channel: z.enum(CHANNELS),
          })
          .strict(),
      )
      .min(1, 'needs at least one stage')
      .max(MAX_LADDER_STAGES)
      .nullable(),
    // Office identity and voice (issue #16): lambdas/shared/office-voice-schema.ts.
    ...officeVoiceFields,
  })
  .partial()
  .strict()
  .refine((c) => Object.keys(c).length > 0, 'name at least one setting to change');

/** A stage's wording shown on a real account before it is saved (`POST /v1/settings/preview`). */
const previewSchema = z
  .object({
    stage: z.string().regex(STAGE_NAME, 'a stage id'),
    customerId: z.string().min(1).max(64),
    /** The draft wording; absent: the stage's saved (or default) wording. */
    template: z
      .object({ subject: z.string().max(MAX_SUBJECT_LENGTH + 1), body: z.string().max(MAX_BODY_LENGTH + 1) })
      .strict()
      .optional(),
  })
  .strict();

const postRowSchema = z.object({
  idempotencyKey: z.string().min(8).max(128),
  row: z
    .record(z.string().max(200), z.unknown())
    .refine((r) => Object.keys(r).length <= 60, 'at most 60 cells (one per column of the tab)'),
});

/** An id as the schema's ID rule allows it (core/ledger/schema.ts): at most 64 characters. */
const MAX_ID_LENGTH = 64;
const MAX_ID_LENGTH_FOR_ACK = MAX_ID_LENGTH;

const queueDecisionSchema = z.object({
  decision: z.enum(QUEUE_DECISIONS),
  entries: z
    .array(
      z.object({
        customerId: z.string().min(1).max(MAX_ID_LENGTH),
        stage: z.string().min(1).max(MAX_ID_LENGTH),
        // `internal:return-goods` (a credit-contact task) is the longest channel.
        channel: z.string().min(1).max(32),
        // A cycle is a due date (2026-11-23), for statements a month (2026-11), for a Stripe payment
        // held for review `payment` (UNMATCHED_PAYMENT_CYCLE: keyed by the PaymentIntent, never a day).
        cycle: z
          .string()
          .regex(
            /^(\d{4}-\d{2}(-\d{2})?|payment)$/,
            'must be a date (YYYY-MM-DD), a month (YYYY-MM) or payment',
          ),
      }),
    )
    .min(1)
    .max(500),
});

/** A zod issue's path as a field name: `ladder[2].daysPastDue`, `entries[0].cycle`. */
const fieldOf = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (field, seg) =>
      typeof seg === 'number' ? `${field}[${seg}]` : field ? `${field}.${String(seg)}` : String(seg),
    '',
  );

const sheetRowsAckSchema = z.object({
  rows: z
    .array(z.object({ tab: z.enum(TAB_NAMES), rowId: z.string().min(1).max(MAX_ID_LENGTH_FOR_ACK) }))
    .min(1)
    .max(1000)
    // One delete per row: DynamoDB refuses a batch naming an item twice (that was a 500).
    .superRefine((rows, ctx) => {
      const firstAt = new Map<string, number>();
      rows.forEach((r, i) => {
        const key = `${r.tab}#${r.rowId}`;
        const earlier = firstAt.get(key);
        if (earlier === undefined) firstAt.set(key, i);
        else
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `${r.tab} "${r.rowId}" is already rows[${earlier}]`,
          });
      });
    }),
});

const POSTABLE: Record<string, TabName> = {
  '/v1/payments': 'Payments',
  '/v1/promises': 'Promises',
  '/v1/plans': 'Plans',
  '/v1/notes': 'Activity',
};

type Caller = OfficeCaller;

export function createApiHandler(deps: ApiDeps) {
  const service = new LedgerService(deps.store);
  const debtorRoutes = deps.debtor
    ? createDebtorRoutes({
        store: deps.store,
        debtor: deps.debtor,
        ledger: service,
        linkSecret: deps.unsubscribeSecret,
        publicBaseUrl: deps.publicBaseUrl,
        ...(deps.stripe ? { stripe: deps.stripe } : {}),
        now: deps.now,
        settings: (tenantId) => settings(tenantId),
      })
    : undefined;
  const offices = deps.offices
    ? createOfficeRoutes({ ...deps.offices, store: deps.store, now: deps.now })
    : undefined;

  /** The signed-in identity, and its office when it has one (an invitation is accepted here). */
  async function signIn(event: APIGatewayProxyEventV2): Promise<{ email?: string; caller?: Caller }> {
    const apiKey = event.headers['x-api-key'];
    if (apiKey) {
      const tenantId = offices
        ? await offices.apiKeyTenant(apiKey)
        : await deps.store.apiKeyTenant(hashApiKey(apiKey));
      if (!tenantId)
        throw new ApiError(
          'AUTH.BAD_API_KEY',
          'this API key is not known (mistyped, or revoked); check the x-api-key header, or ask your office admin for a key',
        );
      return { caller: { tenantId, via: 'api-key', role: 'clerk' } };
    }
    // Neither credential: the caller may be a script as well as the sidebar, so name both.
    if ((event.headers.authorization ?? '').trim() === '')
      throw new ApiError(
        'AUTH.MISSING',
        'sign-in required: a script sends its API key in the x-api-key header; the add-on\'s sidebar sends a Google ID token as "Authorization: Bearer <token>" (close and reopen the sidebar to sign in again)',
      );
    const who = await deps.verifier.verify(event.headers.authorization);
    if (!who.ok) throw new ApiError(who.code, who.message);
    const member = offices ? await offices.memberFor(who.email) : await deps.store.membership(who.email);
    if (!member) return { email: who.email };
    const role = member.role === 'admin' || member.role === 'read-only' ? member.role : 'clerk';
    return { email: who.email, caller: { tenantId: member.tenantId, via: 'google', email: who.email, role } };
  }

  async function authenticate(event: APIGatewayProxyEventV2): Promise<Caller> {
    const { email, caller } = await signIn(event);
    if (!caller) {
      throw new ApiError(
        'AUTH.NO_MEMBERSHIP',
        `${email} is not a member of any Duebook office; create your office from the add-on's sidebar, or ask your office admin to invite this Google account`,
      );
    }
    return caller;
  }

  function body<T>(event: APIGatewayProxyEventV2, schema: z.ZodType<T>): T {
    // JSON as text, or gzip-compressed JSON as bytes (the add-on's large syncs); nothing else.
    const type = (event.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const encoding = (event.headers['content-encoding'] ?? '').trim().toLowerCase();
    const isJson = type === 'application/json' || type.endsWith('+json');
    if (!isJson && !(encoding !== '' && encoding !== 'identity' && type === 'application/octet-stream')) {
      throw new ApiError(
        'REQUEST.CONTENT_TYPE',
        `Content-Type "${type || '(none)'}" is not accepted; send JSON as application/json (or gzip-compressed JSON as application/octet-stream with Content-Encoding: gzip)`,
        [{ field: 'content-type', message: 'must be application/json' }],
      );
    }
    // Text or base64, optionally gzip; the size limit holds before and after decompression.
    const decoded = decodeRequestBody(event, MAX_BODY_BYTES);
    if (!decoded.ok) throw new ApiError(decoded.code, decoded.message);
    const text = decoded.text;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError('REQUEST.JSON', 'request body is not valid JSON');
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({
        field: fieldOf(i.path) || '(body)',
        message: i.message,
      }));
      throw new ApiError(
        'REQUEST.INVALID',
        `invalid request: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
        issues,
      );
    }
    return parsed.data;
  }

  async function settings(tenantId: string): Promise<TenantSettings> {
    return (await deps.store.getSettings(tenantId)) ?? { tenantId, ...DEFAULT_SETTINGS };
  }

  /**
   * Settings as `GET`/`POST /v1/settings` answer them: with the ladder the office plans with (its
   * own, or the default one) and the policy version its explanations quote.
   */
  function settingsAnswer(office: TenantSettings) {
    const policy = policyFor(office);
    return {
      ...office,
      ladder: office.ladder ?? ladderSteps(),
      policyVersion: policy.version,
      // Each reminder stage's wording as the sender uses it: the office's own, or its tone's default.
      wording: wordingOf(office, policy),
      // Whether `onlinePayments` can take effect: the deployment's card provider, or none.
      paymentsProvider: deps.stripe ? 'stripe' : 'none',
    };
  }

  async function route(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath.replace(/\/+$/, '') || '/';
    if (method === 'GET' && path === '/health') return json(200, { ok: true });
    // A person who opens the API's address in a browser learns what it is, not a raw 404.
    if (method === 'GET' && path === '/') return rootPage(deps.rootLinks ?? []);
    if (path === '/v1/unsubscribe') return unsubscribe(event, method);
    // The debtor's routes carry their own signed link (or Stripe's signature), not a clerk's sign-in.
    const debtorAnswer = await debtorRoutes?.route(event, method, path);
    if (debtorAnswer) return debtorAnswer;
    if (!SIGNED_IN_PATHS.has(path)) throw new ApiError('REQUEST.NOT_FOUND', `no route ${method} ${path}`);
    // Onboarding, members, keys, audit (issue #17): office-routes.ts checks roles and quotas itself.
    const officeAnswer = await offices?.route(event, method, path, { signIn, body });
    if (officeAnswer) return officeAnswer;
    const caller = await authenticate(event);
    await offices?.admit(caller, method, path);
    const now = deps.now();
    const office = await settings(caller.tenantId);
    // Sending identity, rates and pause: lambdas/api/sending-routes.ts.
    const sendingArgs = {
      tenantId: caller.tenantId,
      method,
      path,
      by: caller.email ?? caller.via,
      office,
      now,
    };
    const sendingAnswer = deps.sending
      ? await sendingRoute({ ...sendingArgs, body: (schema) => body(event, schema) }, deps.sending)
      : undefined;
    if (sendingAnswer) return sendingAnswer;

    if (path === '/v1/sync' && method === 'POST') {
      const chunk = body(event, syncSchema);
      const store = () =>
        service.sync(caller.tenantId, chunk, now, office.timeZone, { numberFormat: office.numberFormat });
      return json(
        200,
        await (offices ? offices.withinRows(caller.tenantId, chunk.tab, chunk, store) : store()),
      );
    }
    if (path === '/v1/status' && method === 'GET') {
      const ids = (event.queryStringParameters?.customers ?? '').split(',').filter(Boolean);
      if (ids.length === 0) throw new ApiError('REQUEST.INVALID', 'pass ?customers=ID1,ID2 (at most 500)');
      if (ids.length > 500) throw new ApiError('REQUEST.INVALID', 'at most 500 customers per status request');
      // Ids become DynamoDB keys: one longer than the schema's ID rule allows is refused here.
      const firstAt = new Map<string, number>();
      const long = ids.flatMap((id, i) => {
        if (id.length > MAX_ID_LENGTH)
          return [
            { field: `customers[${i}]`, message: `a customer id is at most ${MAX_ID_LENGTH} characters` },
          ];
        const earlier = firstAt.get(id);
        if (earlier !== undefined)
          return [{ field: `customers[${i}]`, message: `"${id}" is already customers[${earlier}]` }];
        firstAt.set(id, i);
        return [];
      });
      if (long.length > 0) {
        throw new ApiError(
          'REQUEST.INVALID',
          `invalid request: ${long.map((l) => `${l.field}: ${l.message}`).join('; ')}`,
          long,
        );
      }
      const asOf = officeToday(now, office.timeZone);
      return json(200, {
        asOf,
        policyVersion: policyFor(office).version,
        customers: await service.status(caller.tenantId, ids, office, now),
      });
    }
    if (path === '/v1/settings' && method === 'GET') return json(200, settingsAnswer(office));
    if (path === '/v1/settings' && method === 'POST') {
      const change = body(event, settingsChangeSchema);
      // The ladder must make a policy core accepts (validatePolicy), each problem on its field.
      const problems = change.ladder ? ladderProblems(change.ladder) : [];
      if (problems.length > 0) {
        throw new ApiError(
          'REQUEST.INVALID',
          `invalid request: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
          problems,
        );
      }
      // Each stage's wording must pass the template checks (placeholders known, blocks on their own
      // lines, the amount stated); saved over the stages the office already worded.
      if (change.templates) {
        const policy = policyFor({
          ...office,
          ...(change.ladder !== undefined ? { ladder: change.ladder ?? undefined } : {}),
        });
        const wrong = templatesProblems(change.templates, policy);
        if (wrong.length > 0) {
          throw new ApiError(
            'REQUEST.INVALID',
            `invalid request: ${wrong.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
            wrong,
          );
        }
        const merged: Record<string, { subject: string; body: string }> = { ...(office.templates ?? {}) };
        for (const [stage, template] of Object.entries(change.templates)) {
          if (template === null) delete merged[stage];
          else merged[stage] = template;
        }
        change.templates = merged;
      }
      await deps.store.changeSettings(
        caller.tenantId,
        change as SettingsChange,
        now.toISOString(),
        caller.email ?? 'api-key',
      );
      return json(200, settingsAnswer(await settings(caller.tenantId)));
    }
    if (path === '/v1/letters' && method === 'GET') {
      // A stored letter or packet the queue links (validation notices, hand-over packets): only
      // the caller's own keys; any other key is simply not found.
      const key = event.queryStringParameters?.key ?? '';
      let stored: Awaited<ReturnType<LetterStorage['get']>>;
      try {
        stored = key === '' ? undefined : await deps.letters.get(caller.tenantId, key);
      } catch (e) {
        if (!(e instanceof LetterKeyError)) throw e;
        stored = undefined;
      }
      if (!stored)
        throw new ApiError('REQUEST.NOT_FOUND', 'no such letter: pass ?key= as the queue names it');
      return json(200, {
        key,
        contentType: stored.contentType,
        base64: Buffer.from(stored.bytes).toString('base64'),
      });
    }
    if (path === '/v1/sheet-rows' && deps.debtor) {
      // Rows the backend wrote (a Stripe payment, a debtor's promise) for the add-on to write into
      // the sheet; it acknowledges them once written, and its next sync sends them back as usual.
      if (method === 'GET')
        return json(200, {
          rows: await sheetRowsAnswer({ store: deps.store, debtor: deps.debtor }, caller.tenantId),
        });
      if (method === 'POST') {
        const ack = body(event, sheetRowsAckSchema);
        await deps.debtor.ackSheetRows(caller.tenantId, ack.rows);
        return json(200, { acknowledged: ack.rows.length });
      }
    }
    if (path === '/v1/settings/preview' && method === 'POST') {
      return json(200, await preview(caller, body(event, previewSchema), now, office));
    }
    if (path === '/v1/letters/today' && method === 'GET') {
      // The letter channel's letters for today, as one PDF (an office without a real identity gets
      // the reason instead, as every message does).
      const identity = officeIdentityProblems(officeOf(office));
      if (identity.length > 0) {
        throw new ApiError(
          'REQUEST.CONFLICT',
          `no letter may go out until the office's identity is complete in Settings: ${identity.join('; ')}`,
          identity.map((message) => ({ field: 'officeIdentity', message })),
        );
      }
      // `?customer=ID`: that debtor's letter alone (the sidebar's Today list, one click per letter).
      const one = event.queryStringParameters?.customer?.trim();
      return json(200, await lettersToday(deps, office, now, one || undefined));
    }
    if (path === CREDIT_HOLD_RELEASE_PATH && method === 'POST') {
      const input = body(event, clerkReleaseSchema);
      return json(200, await releaseHoldByClerk(caller.tenantId, input, caller, office, now, deps));
    }
    if (path === '/v1/letters/appeal' && method === 'POST') {
      return appealLetter(caller, body(event, appealRequestSchema), now, office);
    }
    if (path in POSTABLE && method === 'POST') {
      return postRow(caller, POSTABLE[path]!, body(event, postRowSchema), now, office);
    }
    if (path === '/v1/queue' && method === 'GET') {
      const entries: OutboxEntry[] = await deps.store.reviewQueue(caller.tenantId);
      // One marker query for the whole queue, then an account read per email previewed.
      const store = withMarkersReadOnce(deps.store);
      const previewDeps = {
        ...deps,
        store,
        ledger: new LedgerService(store),
        stripeEnabled: !!deps.stripe,
        // The From the sender will use (the office's verified domain or the service's under its name).
        ...(deps.sending ? { standing: deps.sending.standing } : {}),
      };
      return json(200, {
        timeZone: office.timeZone,
        entries: await queueView(entries, previewDeps, office, now),
      });
    }
    if (path === '/v1/queue' && method === 'POST') {
      const decision = body(event, queueDecisionSchema);
      checkQueueActions(decision.decision, decision.entries);
      const results = [];
      const by = caller.email ?? 'api-key';
      for (const e of decision.entries) {
        const key = { tenantId: caller.tenantId, ...e };
        // A credit-contact task (checked above: only done or dismiss reach it, and only it takes them).
        if (decision.decision === 'done' || decision.decision === 'dismiss') {
          results.push({ ...e, ...(await decideTask(deps.store, key, decision.decision, by, now)) });
          continue;
        }
        // What a debtor did on the self-service page: approving a plan request posts the plan.
        if (isPortalChannel(e.channel)) {
          results.push({
            ...e,
            ...(await decidePortalEntry(caller, key, decision.decision, by, now, office)),
          });
          continue;
        }
        // A hand-over is never dispatched: approving it places the account (services/handover.ts).
        if (isHandover(e.channel) && decision.decision === 'approve') {
          const entry = await deps.store.getOutbox(
            caller.tenantId,
            e.customerId,
            e.stage,
            e.channel,
            e.cycle,
          );
          const placed = entry
            ? await approveHandover(entry, {
                store: deps.store,
                ledger: service,
                settings: office,
                asOf: officeToday(now, office.timeZone),
                now,
                by,
                promiseGraceDays: policyFor(office).promiseGraceDays,
              })
            : { status: 'unchanged' as const };
          results.push({ ...e, ...placed });
          continue;
        }
        // A validation-notice letter is mailed by the clerk: approving logs it, nothing is sent.
        if (isValidationLetter(e) && decision.decision === 'approve') {
          const entry = await deps.store.getOutbox(
            caller.tenantId,
            e.customerId,
            e.stage,
            e.channel,
            e.cycle,
          );
          const mailed = entry
            ? await approveValidationNotice(entry, {
                store: deps.store,
                ledger: service,
                settings: office,
                asOf: officeToday(now, office.timeZone),
                now,
                by,
              })
            : { status: 'unchanged' as const };
          results.push({ ...e, ...mailed });
          continue;
        }
        results.push({ ...e, ...(await decideEntry(deps.store, key, decision.decision, by, now)) });
      }
      return json(200, { results });
    }
    if (path === '/v1/retention-holds' && method === 'GET') {
      const ids = holdCustomers(event.queryStringParameters);
      return json(200, { holds: await retentionHolds(deps.store, caller.tenantId, ids) });
    }
    if (path === '/v1/messages' && method === 'GET') {
      const customerId = event.queryStringParameters?.customer ?? '';
      if (customerId === '') throw new ApiError('REQUEST.INVALID', 'pass ?customer=ID');
      // The id becomes a DynamoDB key: one longer than the schema's ID rule allows is refused here.
      if (customerId.length > MAX_ID_LENGTH) {
        const problem = {
          field: 'customer',
          message: `a customer id is at most ${MAX_ID_LENGTH} characters`,
        };
        throw new ApiError('REQUEST.INVALID', `invalid request: customer: ${problem.message}`, [problem]);
      }
      // The keys start with the caller's tenant: another office's customer id finds nothing.
      const [messages, rows] = await Promise.all([
        deps.store.messages(caller.tenantId, customerId),
        deps.store.customerRows(caller.tenantId, customerId),
      ]);
      const tracking = deps.debtor ? await deps.debtor.tracking(caller.tenantId, customerId) : [];
      return json(200, {
        timeZone: office.timeZone,
        messages: messages.map(messageView),
        activity: duebookActivity(rows),
        tracking,
      });
    }
    throw new ApiError('REQUEST.METHOD', `${method} is not allowed on ${path}`);
  }

  /**
   * A debtor's request in the review queue. `approve` on a plan request posts the Plans row (once:
   * the plan id is the idempotency key and the entry moves only from awaiting-review); on a
   * promise or dispute it records that the clerk saw it. `skip` dismisses it (a skipped plan
   * request posts nothing; the dispute stays until the clerk clears the invoice's status).
   */
  async function decidePortalEntry(
    caller: Caller,
    key: Pick<OutboxEntry, 'tenantId' | 'customerId' | 'stage' | 'channel' | 'cycle'>,
    decision: 'approve' | 'skip',
    by: string,
    now: Date,
    office: TenantSettings,
  ): Promise<Record<string, unknown>> {
    const entry = await deps.store.getOutbox(key.tenantId, key.customerId, key.stage, key.channel, key.cycle);
    if (entry?.status !== 'awaiting-review') return { status: 'unchanged' };
    const at = now.toISOString();
    if (decision === 'approve' && key.channel === 'plan-request') {
      const plan = entry.action.plan as {
        planId: string;
        startDate: string;
        totalMinor: number;
        currency: string;
        installments: number;
        frequency: string;
      };
      await service.post(
        caller.tenantId,
        'Plans',
        {
          idempotencyKey: plan.planId,
          row: {
            'Plan ID': plan.planId,
            'Customer ID': key.customerId,
            'First Due': plan.startDate,
            Total: decimalText(plan.totalMinor, plan.currency),
            Currency: plan.currency,
            Installments: plan.installments,
            Frequency: plan.frequency,
            Note: `asked for on the self-service page; approved by ${by}`,
          },
        },
        now,
        office.timeZone,
      );
      await deps.debtor?.addSheetRow(caller.tenantId, {
        tab: 'Plans',
        rowId: plan.planId,
        customerId: key.customerId,
        change: 'new',
        at,
      });
    }
    const moved = await deps.store.transitionOutbox(
      key,
      ['awaiting-review'],
      decision === 'approve' ? 'approved' : 'skipped',
      {
        decidedBy: by,
        decidedAt: at,
        decision:
          decision === 'approve' ? (key.channel === 'plan-request' ? 'plan posted' : 'seen') : 'dismissed',
      },
    );
    return { status: moved ? (decision === 'approve' ? 'approved' : 'skipped') : 'unchanged' };
  }

  /**
   * A stage's wording (the draft sent, else the saved or default one) rendered on one of the
   * tenant's real accounts as it stands today, as the sender would render it; a draft the template
   * checks refuse is answered with each problem on its field, as a save would be.
   */
  async function preview(
    caller: Caller,
    input: z.infer<typeof previewSchema>,
    now: Date,
    office: TenantSettings,
  ) {
    const policy = policyFor(office);
    const saved = stageWording(office, policy, input.stage);
    if (!saved) {
      const problems = templatesProblems({ [input.stage]: null }, policy);
      throw new ApiError(
        'REQUEST.INVALID',
        `invalid request: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
        problems,
      );
    }
    if (input.template) {
      const problems = templatesProblems({ [input.stage]: input.template }, policy);
      if (problems.length > 0) {
        throw new ApiError(
          'REQUEST.INVALID',
          `invalid request: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
          problems,
        );
      }
    }
    const asOf = officeToday(now, office.timeZone);
    const snapshot = await service.currentAccount(caller.tenantId, input.customerId, asOf);
    if (!snapshot)
      throw new ApiError('REQUEST.NOT_FOUND', `no customer "${input.customerId}" has been synced`);
    return {
      stage: input.stage,
      customerId: input.customerId,
      asOf,
      ...previewStage({
        snapshot,
        settings: office,
        tone: saved.tone,
        template: input.template ?? saved.template,
        asOf,
        unsubscribeUrl: `${deps.publicBaseUrl}/v1/unsubscribe?token=preview`,
      }),
    };
  }

  /**
   * Drafts the appeal of one of the tenant's denied claims, rendered as text, HTML and PDF, and
   * keeps the PDF in letter storage (`storedAs`). The claim's row names its customer.
   */
  async function appealLetter(caller: Caller, input: AppealRequest, now: Date, office: TenantSettings) {
    const claim = await deps.store.getRow(caller.tenantId, 'Claims', input.claimId);
    if (!claim || (input.customerId !== undefined && claim.customerId !== input.customerId)) {
      throw new ApiError(
        'REQUEST.NOT_FOUND',
        input.customerId === undefined
          ? `no claim "${input.claimId}" has been synced`
          : `no claim "${input.claimId}" for customer "${input.customerId}" has been synced`,
      );
    }
    const rows = await deps.store.customerRows(caller.tenantId, claim.customerId);
    const asOf = officeToday(now, office.timeZone);
    const { pdf, ...letter } = await appealLetterFromRows(
      rows,
      { ...input, customerId: claim.customerId },
      { office: officeFromSettings(office), asOf, createdAt: now },
    );
    const storedAs = await deps.letters.put(
      caller.tenantId,
      appealLetterPath(input.claimId, asOf),
      pdf,
      'application/pdf',
    );
    return json(200, { ...letter, storedAs });
  }

  async function postRow(
    caller: Caller,
    tab: TabName,
    input: z.infer<typeof postRowSchema>,
    now: Date,
    office: TenantSettings,
  ) {
    const store = () =>
      service.post(caller.tenantId, tab, input, now, office.timeZone, { numberFormat: office.numberFormat });
    const outcome = await (offices ? offices.withinOneRow(caller.tenantId, store) : store());
    return json(outcome.status, outcome.body);
  }

  /**
   * One-click unsubscribe (RFC 8058): a POST suppresses at once; a GET (a person clicking, or a
   * mail scanner following links) only shows a page whose button makes that POST.
   */
  async function unsubscribe(
    event: APIGatewayProxyEventV2,
    method: string,
  ): Promise<APIGatewayProxyStructuredResultV2> {
    const token = event.queryStringParameters?.token ?? '';
    const claim = verifyUnsubscribeToken(token, deps.unsubscribeSecret);
    if (!claim)
      return page(
        400,
        'This unsubscribe link is not valid',
        'The link may have been cut short. Reply to the email and ask to be removed instead.',
      );
    if (method === 'GET') {
      const action = `?token=${encodeURIComponent(token)}`;
      return page(
        200,
        'Stop these emails?',
        `Press the button to stop reminder emails to ${claim.email}.`,
        `<form method="post" action="${escapeAttr(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
      );
    }
    if (method !== 'POST')
      throw new ApiError('REQUEST.METHOD', `${method} is not allowed on /v1/unsubscribe`);
    await deps.store.suppress(
      claim.tenantId,
      claim.email,
      'unsubscribed',
      deps.now().toISOString(),
      'one-click',
    );
    return page(
      200,
      'You are unsubscribed',
      `${claim.email} will get no more reminder emails from this office.`,
    );
  }

  return async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    try {
      return await route(event);
    } catch (e) {
      if (e instanceof ApiError) return errorResponse(e);
      if ((e as { name?: string }).name === 'IdTokenVerifierError') {
        return json(503, {
          error: {
            code: 'AUTH.JWKS_UNAVAILABLE',
            message: 'cannot check sign-in right now; try again in a minute',
          },
        });
      }
      log('error', 'unhandled', { error: String(e), stack: (e as Error).stack });
      return json(500, {
        error: { code: 'INTERNAL', message: 'something went wrong on our side; nothing you sent was lost' },
      });
    }
  };
}

/** Every route the API answers, for its root page: method, path, who may call it, what it does. */
/**
 * Every route the API answers, for its root page: method, path, what it does, and who may call it
 * (`signed-in`: a member's Google ID token or the office's API key; `link`: the signed link in a
 * debtor's email, or Stripe's signature; `open`: anyone).
 */
export const API_ROUTES: readonly {
  method: string;
  path: string;
  purpose: string;
  access: 'signed-in' | 'link' | 'open';
}[] = [
  { method: 'GET', path: '/health', purpose: 'whether the API is up', access: 'open' },
  {
    method: 'POST',
    path: '/v1/sync',
    purpose: "one chunk of a ledger tab, column by column (the add-on's sync)",
    access: 'signed-in',
  },
  {
    method: 'GET',
    path: '/v1/status?customers=ID,...',
    purpose: 'balance, aging and next action per customer',
    access: 'signed-in',
  },
  {
    method: 'GET',
    path: '/v1/queue',
    purpose: 'the review queue with a preview of each email',
    access: 'signed-in',
  },
  { method: 'POST', path: '/v1/queue', purpose: 'approve or skip queued entries', access: 'signed-in' },
  {
    method: 'GET',
    path: '/v1/messages?customer=ID',
    purpose: "a customer's sent messages, as sent",
    access: 'signed-in',
  },
  {
    method: 'GET',
    path: '/v1/settings',
    purpose: "the office's settings and dunning ladder",
    access: 'signed-in',
  },
  {
    method: 'POST',
    path: '/v1/settings',
    purpose: "change the office's settings (a clerk or an admin)",
    access: 'signed-in',
  },
  {
    method: 'POST',
    path: '/v1/settings/preview',
    purpose: "a stage's wording rendered on a real account",
    access: 'signed-in',
  },
  {
    method: 'GET',
    path: '/v1/letters/today',
    purpose: "the letter channel's letters for today as one PDF",
    access: 'signed-in',
  },
  RETENTION_HOLDS_ROUTE,
  { method: 'POST', path: '/v1/payments', purpose: 'post a payment', access: 'signed-in' },
  { method: 'POST', path: '/v1/promises', purpose: 'record a promise to pay', access: 'signed-in' },
  { method: 'POST', path: '/v1/plans', purpose: 'record a payment plan', access: 'signed-in' },
  { method: 'POST', path: '/v1/notes', purpose: 'log a contact note', access: 'signed-in' },
  CREDIT_HOLD_RELEASE_ROUTE,
  {
    method: 'POST',
    path: '/v1/letters/appeal',
    purpose: 'draft an insurance appeal letter',
    access: 'signed-in',
  },
  {
    method: 'GET',
    path: '/v1/letters?key=...',
    purpose: 'a stored letter of the office (validation notice, appeal), as base64',
    access: 'signed-in',
  },
  {
    method: 'GET',
    path: '/v1/sheet-rows',
    purpose: "rows the backend wrote (a Stripe payment, a promise from the debtor's page) for the sheet",
    access: 'signed-in',
  },
  {
    method: 'POST',
    path: '/v1/sheet-rows',
    purpose: 'acknowledge rows written into the sheet',
    access: 'signed-in',
  },
  {
    method: 'GET',
    path: '/v1/unsubscribe?token=...',
    purpose: "a debtor's one-click opt-out (from an email)",
    access: 'link',
  },
  {
    method: 'GET',
    path: '/v1/portal?token=...',
    purpose: "the debtor's self-service page (balance, pay, promise, plan, dispute)",
    access: 'link',
  },
  {
    method: 'POST',
    path: '/v1/portal?token=...',
    purpose: "the page's actions: promise, plan request, dispute, new address or phone (rate-limited)",
    access: 'link',
  },
  {
    method: 'GET',
    path: '/v1/portal/statement?token=...',
    purpose: "the debtor's statement as a PDF",
    access: 'link',
  },
  {
    method: 'GET',
    path: '/v1/pay?token=...',
    purpose: 'pay online: on to Stripe Checkout for the overdue amount',
    access: 'link',
  },
  {
    method: 'POST',
    path: '/v1/stripe/webhook',
    purpose: "Stripe's payment, refund and dispute events (signed by Stripe)",
    access: 'link',
  },
  // Offices, members, roles, API keys and the audit trail (issue #17).
  ...OFFICE_ROUTES,
  ...SENDING_ROUTES,
];

/** The paths that need a signed-in caller, from the root page's table. */
const SIGNED_IN_PATHS = new Set(
  API_ROUTES.filter((r) => r.access === 'signed-in').map((r) => r.path.split('?')[0]!),
);

/** The API's root page: what it is, how to call it, its routes, and any links the host adds. */
function rootPage(links: readonly { label: string; url: string }[]): APIGatewayProxyStructuredResultV2 {
  const rows = API_ROUTES.map(
    (r) =>
      `<tr><td>${r.method}</td><td><code>${escapeAttr(r.path)}</code></td><td>${escapeAttr(r.purpose)}</td></tr>`,
  ).join('');
  const linkList = links.length
    ? `<h2>Also here</h2><ul>${links.map((l) => `<li><a href="${escapeAttr(l.url)}">${escapeAttr(l.label)}</a></li>`).join('')}</ul>`
    : '';
  return page(
    200,
    'Duebook API',
    "The backend of Duebook's Google Sheets add-on: it keeps each office's receivables ledger, plans the day's collection steps within the contact rules, and sends the reminders. Every /v1 route needs a Google ID token (the add-on's sidebar) or an API key in the x-api-key header; answers are JSON.",
    `<h2>Routes</h2><table style="border-collapse:collapse" cellpadding="4"><thead><tr><th align="left">Method</th><th align="left">Path</th><th align="left">What it does</th></tr></thead><tbody>${rows}</tbody></table><p><a href="health">Health check</a></p>${linkList}`,
  );
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function page(
  statusCode: number,
  title: string,
  message: string,
  extra = '',
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeAttr(title)}</title></head><body style="font-family:sans-serif;max-width:36em;margin:3em auto"><h1>${escapeAttr(title)}</h1><p>${escapeAttr(message)}</p>${extra}</body></html>`,
  };
}
