// The office's sending routes: its own domain (start verification, DNS records, status), its standing as a
// sender (rates, warning, pause) and the resume an admin gives after a pause.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  MAIL_RATE_RULES,
  MIN_SENDS_FOR_ACTION,
  mailWindow,
  ratesOf,
  senderFor,
} from '../services/mail-standing.js';
import {
  refreshIdentity,
  type SendingIdentityDeps,
  SendingIdentityError,
  startVerification,
} from '../services/sending-identity.js';
import * as z from '../shared/zod-mini.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { ApiError, json } from './errors.js';
import { isSendingPath } from './sending-paths.js';

export interface SendingRouteDeps extends SendingIdentityDeps {
  /** The service's own sender address (mail goes from it until the office's domain is verified). */
  senderAddress: string;
}

export const identityBody = z.strictObject({
  domain: z.string().check(z.minLength(1), z.maxLength(253)),
  fromAddress: z.optional(z.string().check(z.maxLength(254))),
});
export const resumeBody = z.strictObject({
  note: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
});

export interface SendingRequest {
  tenantId: string;
  method: string;
  path: string;
  /** Who asks (the signed-in member's email, or `api-key`). */
  by: string;
  office: TenantSettings;
  now: Date;
  body: <T>(schema: z.ZodMiniType<T>) => T;
}

/** Answers a sending route, or undefined when the path is not one of them (isSendingPath tells which). */
export async function sendingRoute(
  req: SendingRequest,
  deps: SendingRouteDeps,
): Promise<APIGatewayProxyStructuredResultV2 | undefined> {
  const { tenantId, method, path, now } = req;
  if (path === '/v1/sending' && method === 'GET') {
    const identity = await refreshIdentity(tenantId, now, deps);
    const standing = await deps.standing.standing(tenantId);
    // The office's 30 days on its own wall clock, as the SES events were counted (mail-standing.ts).
    const { windowFrom } = mailWindow(now, req.office.timeZone);
    const rates = ratesOf(await deps.standing.days(tenantId, windowFrom), windowFrom);
    return json(200, {
      status: standing.pause ? 'paused' : standing.warning ? 'warning' : 'active',
      sender: senderFor(deps.senderAddress, req.office, { ...(identity ? { identity } : {}) }),
      identity: identity ?? null,
      rates,
      rules: MAIL_RATE_RULES,
      minSendsForAction: MIN_SENDS_FOR_ACTION,
      sendsPerMinute: Math.max(1, Math.round((req.office.sendRatePerSecond || 1) * 60)),
      pause: standing.pause ?? null,
      warning: standing.warning ?? null,
      resumed: standing.resumed ?? null,
      ...(standing.pause
        ? {
            resumeHow:
              'find why debtors complain or addresses bounce (the review queue lists the suppressed addresses and trace tasks), fix the list or the wording, then POST /v1/sending/resume with a note saying what was done',
          }
        : {}),
    });
  }
  if (path === '/v1/sending/identity' && method === 'POST') {
    const input = req.body(identityBody);
    try {
      const identity = await startVerification(
        tenantId,
        { domain: input.domain, ...(input.fromAddress ? { fromAddress: input.fromAddress } : {}) },
        now,
        deps,
      );
      return json(200, {
        identity,
        publish: `add these ${identity.records.length} CNAME records at the DNS host of ${identity.domain}; SES checks them for up to 72 hours, and mail goes from ${identity.fromAddress} once it finds them (until then from the service's address, under the office's name)`,
      });
    } catch (e) {
      if (e instanceof SendingIdentityError && e.code === 'IDENTITY.TAKEN')
        throw new ApiError('REQUEST.CONFLICT', e.message, [{ field: 'domain', message: e.message }]);
      if (e instanceof SendingIdentityError && e.code !== 'IDENTITY.SES_FAILED')
        throw new ApiError('REQUEST.INVALID', e.message, [
          { field: e.message.split(':')[0], message: e.message },
        ]);
      throw e;
    }
  }
  if (path === '/v1/sending/resume' && method === 'POST') {
    const { note } = req.body(resumeBody);
    const resumed = await deps.standing.resume(tenantId, { at: now.toISOString(), by: req.by, note });
    if (!resumed) throw new ApiError('REQUEST.CONFLICT', "the office's sending is not paused");
    return json(200, { status: 'active', resumed: { at: now.toISOString(), by: req.by, note } });
  }
  if (isSendingPath(path)) throw new ApiError('REQUEST.METHOD', `no route ${method} ${path}`);
  return undefined;
}
