// The HTTP API: authenticates, maps the verified identity to a tenant, validates input and routes.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { CHANNELS } from '../../core/contact-rules.js';
import { isValidTimeZone } from '../../core/dates.js';
import { CONTACT_PRESETS } from '../../core/ledger.js';
import { MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH } from '../../core/message-templates.js';
import { NUMBER_FORMATS } from '../../core/money.js';
import { TAB_NAMES, type TabName } from '../../core/schema.js';
import { officeIdentityProblems } from '../../core/templates.js';
import {
  type AppealRequest,
  appealLetterFromRows,
  appealLetterPath,
  appealRequestSchema,
  officeFromSettings,
} from '../documents/appeal-letters.js';
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
import { hashApiKey, type IdTokenVerifier } from '../shared/id-token.js';
import type { LetterStorage } from '../shared/letter-storage.js';
import { log } from '../shared/log.js';
import { officeVoiceFields } from '../shared/office-voice-schema.js';
import { decodeRequestBody } from '../shared/request-body.js';
import { DEFAULT_SETTINGS } from '../shared/settings.js';
import { verifyUnsubscribeToken } from '../shared/unsubscribe-token.js';
import type { LedgerStore, OutboxEntry, SettingsChange, TenantSettings } from '../store/ledger-store.js';
import { ApiError, errorResponse, json } from './errors.js';
import {
  decideEntry,
  duebookActivity,
  isHandover,
  messageView,
  queueView,
  withMarkersReadOnce,
} from './queue-view.js';

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

/** An id as the schema's ID rule allows it (core/schema.ts): at most 64 characters. */
const MAX_ID_LENGTH = 64;

const queueDecisionSchema = z.object({
  decision: z.enum(['approve', 'skip']),
  entries: z
    .array(
      z.object({
        customerId: z.string().min(1).max(MAX_ID_LENGTH),
        stage: z.string().min(1).max(MAX_ID_LENGTH),
        channel: z.string().min(1).max(16),
        // A cycle is a due date (2026-11-23) or, for statements, a month (2026-11).
        cycle: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'must be a date (YYYY-MM-DD) or a month (YYYY-MM)'),
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

const POSTABLE: Record<string, TabName> = {
  '/v1/payments': 'Payments',
  '/v1/promises': 'Promises',
  '/v1/plans': 'Plans',
  '/v1/notes': 'Activity',
};

interface Caller {
  tenantId: string;
  via: 'google' | 'api-key';
  email?: string;
}

export function createApiHandler(deps: ApiDeps) {
  const service = new LedgerService(deps.store);

  async function authenticate(event: APIGatewayProxyEventV2): Promise<Caller> {
    const apiKey = event.headers['x-api-key'];
    if (apiKey) {
      const tenantId = await deps.store.apiKeyTenant(hashApiKey(apiKey));
      if (!tenantId)
        throw new ApiError('AUTH.BAD_API_KEY', 'this API key is not known; create a new one in Settings');
      return { tenantId, via: 'api-key' };
    }
    const who = await deps.verifier.verify(event.headers.authorization);
    if (!who.ok) throw new ApiError(who.code, who.message);
    const member = await deps.store.membership(who.email);
    if (!member) {
      throw new ApiError(
        'AUTH.NO_MEMBERSHIP',
        `${who.email} is not a member of any Duebook office; ask your office admin to add this Google account`,
      );
    }
    return { tenantId: member.tenantId, via: 'google', email: who.email };
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
    };
  }

  async function route(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath.replace(/\/+$/, '') || '/';
    if (method === 'GET' && path === '/health') return json(200, { ok: true });
    if (path === '/v1/unsubscribe') return unsubscribe(event, method);
    const known = [
      '/v1/sync',
      '/v1/status',
      '/v1/queue',
      '/v1/messages',
      '/v1/settings',
      '/v1/settings/preview',
      '/v1/letters/appeal',
      '/v1/letters/today',
      ...Object.keys(POSTABLE),
    ];
    if (!known.includes(path)) throw new ApiError('REQUEST.NOT_FOUND', `no route ${method} ${path}`);
    const caller = await authenticate(event);
    const now = deps.now();
    const office = await settings(caller.tenantId);

    if (path === '/v1/sync' && method === 'POST') {
      const chunk = body(event, syncSchema);
      return json(
        200,
        await service.sync(caller.tenantId, chunk, now, office.timeZone, {
          numberFormat: office.numberFormat,
        }),
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
      return json(200, await lettersToday(deps, office, now));
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
      const previewDeps = { ...deps, store, ledger: new LedgerService(store) };
      return json(200, {
        timeZone: office.timeZone,
        entries: await queueView(entries, previewDeps, office, now),
      });
    }
    if (path === '/v1/queue' && method === 'POST') {
      const decision = body(event, queueDecisionSchema);
      const results = [];
      const by = caller.email ?? 'api-key';
      for (const e of decision.entries) {
        const key = { tenantId: caller.tenantId, ...e };
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
        results.push({ ...e, ...(await decideEntry(deps.store, key, decision.decision, by, now)) });
      }
      return json(200, { results });
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
      return json(200, {
        timeZone: office.timeZone,
        messages: messages.map(messageView),
        activity: duebookActivity(rows),
      });
    }
    throw new ApiError('REQUEST.METHOD', `${method} is not allowed on ${path}`);
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
    const outcome = await service.post(caller.tenantId, tab, input, now, office.timeZone, {
      numberFormat: office.numberFormat,
    });
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
