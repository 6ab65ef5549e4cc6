// The HTTP API: authenticates, maps the verified identity to a tenant, validates input and routes.

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { officeIdentityProblems } from '../../core/collections/templates.js';
import type { TabName } from '../../core/ledger/schema.js';
import { debtorRouteOf } from '../payments/debtor-paths.js';
import { sheetRowsAnswer } from '../payments/sheet-rows.js';
import { LedgerService, officeToday } from '../services/ledger-service.js';
import {
  officeOf,
  previewStage,
  stageWording,
  templatesProblems,
  wordingOf,
} from '../services/office-voice.js';
import { ladderProblems, ladderSteps, policyFor } from '../services/tenant-policy.js';
import { hashApiKey } from '../shared/id-token.js';
import { LetterKeyError, type LetterStorage } from '../shared/letter-storage.js';
import { log } from '../shared/log.js';
import { decodeRequestBody } from '../shared/request-body.js';
import { DEFAULT_SETTINGS } from '../shared/settings.js';
import { verifyUnsubscribeToken } from '../shared/unsubscribe-token.js';
import type * as z from '../shared/zod-mini.js';
import type { SettingsChange, TenantSettings } from '../store/tenant-settings.js';
import type { ApiDeps } from './api-deps.js';
import {
  fieldOf,
  MAX_ID_LENGTH,
  POSTABLE,
  postRowSchema,
  previewSchema,
  queueDecisionSchema,
  settingsChangeSchema,
  sheetRowsAckSchema,
  syncSchema,
} from './api-schemas.js';
import { clerkReleaseSchema } from './credit-hold-route.js';
import { ApiError, errorResponse, json } from './errors.js';
import { lazyModule } from './lazy-module.js';
import { duebookActivity, messageView } from './message-view.js';
import { createOfficeRoutes, type OfficeCaller } from './office-routes.js';
import { escapeAttr, page, rootPage } from './pages.js';
import { CREDIT_HOLD_RELEASE_PATH, CROSS_CUSTOMER_PATH, SIGNED_IN_PATHS } from './routes.js';
import { isSendingPath } from './sending-paths.js';

// The route groups few requests need (later-routes.ts), read on the first of them: the busiest
// requests (sync, status, settings, the sidebar's reads) never load them.
const laterRoutes = lazyModule(() => import('./later-routes.js'));

/** API Gateway accepts 10 MB, the add-on sends at most 2 MB per chunk; anything larger is refused. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export type { ApiDeps } from './api-deps.js';

type Caller = OfficeCaller;

export function createApiHandler(deps: ApiDeps) {
  const service = new LedgerService(deps.store);
  const debtor = deps.debtor;
  // Loaded on the first debtor's request (debtor-paths.ts tells them): the page, PDF, Stripe.
  const debtorRoutes = debtor
    ? lazyModule(async () =>
        (await import('../payments/debtor-routes.js')).createDebtorRoutes({
          store: deps.store,
          debtor,
          ledger: service,
          linkSecret: deps.unsubscribeSecret,
          publicBaseUrl: deps.publicBaseUrl,
          ...(deps.stripe ? { stripe: deps.stripe } : {}),
          now: deps.now,
          settings: (tenantId) => settings(tenantId),
          // Rows the debtor's page writes, at the office's rows quota (services/backend-rows.ts).
          ...(deps.offices ? { rowsRoom: (t: string, n: number) => offices!.rowsRoom(t, n) } : {}),
        }),
      )
    : undefined;
  const offices = deps.offices
    ? createOfficeRoutes({ ...deps.offices, store: deps.store, now: deps.now })
    : undefined;
  // What the review queue's routes (queue-routes.ts) use of the API.
  const queueDeps = {
    deps,
    service,
    rowsRoom: offices ? (t: string, n: number) => offices.rowsRoom(t, n) : undefined,
  };

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

  function body<T>(event: APIGatewayProxyEventV2, schema: z.ZodMiniType<T>): T {
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
    if (debtorRoutes && debtorRouteOf(method, path)) {
      const debtorAnswer = await (await debtorRoutes()).route(event, method, path);
      if (debtorAnswer) return debtorAnswer;
    }
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
    const sendingAnswer =
      deps.sending && isSendingPath(path)
        ? await (await laterRoutes()).sendingRoute(
            { ...sendingArgs, body: (schema) => body(event, schema) },
            deps.sending,
          )
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
      const { lettersToday } = await laterRoutes();
      return json(200, await lettersToday(deps, office, now, one || undefined));
    }
    if (path === CREDIT_HOLD_RELEASE_PATH && method === 'POST') {
      const input = body(event, clerkReleaseSchema);
      const { releaseHoldByClerk } = await laterRoutes();
      return json(200, await releaseHoldByClerk(caller.tenantId, input, caller, office, now, deps));
    }
    if (path === '/v1/letters/appeal' && method === 'POST') {
      const { appealLetter, appealRequestSchema } = await laterRoutes();
      return appealLetter(deps, caller, body(event, appealRequestSchema), now, office);
    }
    if (path in POSTABLE && method === 'POST') {
      return postRow(caller, POSTABLE[path]!, body(event, postRowSchema), now, office);
    }
    if (path === '/v1/queue' && method === 'GET') {
      return (await laterRoutes()).queueAnswer(queueDeps, caller, now, office);
    }
    if (path === '/v1/queue' && method === 'POST') {
      const decision = body(event, queueDecisionSchema);
      return (await laterRoutes()).decideQueue(queueDeps, caller, decision, now, office);
    }
    if (path === CROSS_CUSTOMER_PATH && method === 'GET') {
      const { crossCustomerPage, listCrossCustomer } = await laterRoutes();
      const page = crossCustomerPage(event.queryStringParameters);
      return json(200, await listCrossCustomer(deps.store, caller.tenantId, page));
    }
    if (path === '/v1/retention-holds' && method === 'GET') {
      const { holdCustomers, retentionHolds } = await laterRoutes();
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
