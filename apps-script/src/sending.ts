// The Settings page's Sending section (issue #17) over the backend's sending routes: the office's
// domain and its DNS records (`GET /v1/sending`), "Verify a domain" (`POST /v1/sending/identity`)
// and "Resume sending" (`POST /v1/sending/resume`), the two actions an admin's.
import { apiFailure, createApiClient, ok } from './api-client.js';
import { AddonError } from './errors.js';
import type { Gas } from './gas.js';
import type { DnsRecord, DomainStatus, SendingView } from './sending-contract.js';
import { readSettings } from './settings.js';

const api = (gas: Gas) => createApiClient(gas, readSettings(gas).backendUrl);

type Json = Record<string, unknown>;

const STATUSES: readonly DomainStatus[] = ['pending', 'verified', 'failed'];

/** The backend's answer to `GET /v1/sending` as the page shows it; `role` from `GET /v1/me`. */
export function sendingViewOf(body: Json, role: string | undefined): SendingView {
  const identity = (body.identity ?? null) as Json | null;
  const rules = (body.rules ?? []) as { metric?: string; atLeast?: number; action?: string }[];
  const line = (metric: string, action: string, fallback: number) =>
    rules.find((r) => r.metric === metric && r.action === action)?.atLeast ?? fallback;
  const sender = (body.sender ?? {}) as Json;
  const rates = (body.rates ?? {}) as Json;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const note = (v: unknown) => {
    const o = (v ?? null) as Json | null;
    return o ? { at: String(o.at ?? ''), reason: String(o.reason ?? '') } : undefined;
  };
  const pause = note(body.pause);
  const warning = note(body.warning);
  const resumed = (body.resumed ?? null) as Json | null;
  const status = String(identity?.status ?? '');
  return {
    canManage: role === 'admin',
    domain: identity
      ? {
          name: String(identity.domain ?? ''),
          fromAddress: String(identity.fromAddress ?? ''),
          status: (STATUSES as readonly string[]).includes(status) ? (status as DomainStatus) : 'pending',
          records: ((identity.records ?? []) as DnsRecord[]).map((r) => ({
            type: String(r.type),
            name: String(r.name),
            value: String(r.value),
          })),
          ...(identity.checkedAt ? { checkedAt: String(identity.checkedAt) } : {}),
        }
      : null,
    sender: {
      from: String(sender.from ?? ''),
      replyTo: String(sender.replyTo ?? ''),
      via: sender.via === 'office-domain' ? 'office-domain' : 'service-domain',
    },
    standing: body.status === 'paused' ? 'paused' : body.status === 'warning' ? 'warning' : 'active',
    rates: {
      windowFrom: String(rates.windowFrom ?? ''),
      sends: num(rates.sends),
      bounces: num(rates.bounces),
      complaints: num(rates.complaints),
      complaintRate: num(rates.complaintRate),
      bounceRate: num(rates.bounceRate),
    },
    minSendsForAction: num(body.minSendsForAction),
    lines: {
      complaintWarning: line('complaintRate', 'warn', 0.001),
      complaintPause: line('complaintRate', 'pause', 0.005),
      bounceWarning: line('bounceRate', 'warn', 0.05),
      bouncePause: line('bounceRate', 'pause', 0.1),
    },
    ...(pause ? { pause } : {}),
    ...(warning ? { warning } : {}),
    ...(resumed
      ? {
          resumed: {
            at: String(resumed.at ?? ''),
            by: String(resumed.by ?? ''),
            note: String(resumed.note ?? ''),
          },
        }
      : {}),
    ...(typeof body.resumeHow === 'string' ? { resumeHow: body.resumeHow } : {}),
  };
}

/** The office's sending standing and its member's role, in one `fetchAll`. */
export function sendingStatus(gas: Gas): SendingView {
  const [sending, me] = api(gas).all([
    { method: 'get', path: '/v1/sending' },
    { method: 'get', path: '/v1/me' },
  ]);
  const body = ok(sending!, 'Reading the sending settings');
  // Without the office routes (an older backend) nobody is shown the admin's actions; the backend
  // refuses them to a non-admin anyway.
  const role =
    me && me.status === 200 ? ((me.body.office ?? null) as { role?: string } | null)?.role : undefined;
  return sendingViewOf(body, role);
}

function change(gas: Gas, path: string, body: unknown, what: string): Json {
  const answer = api(gas).one({ method: 'post', path, body });
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  const failure = apiFailure(answer, what);
  // A bad or taken domain, a note missing, an office not paused: the admin's to fix, on the field.
  if (answer.status === 400 || answer.status === 409)
    throw new AddonError('invalid', failure.message, failure.code, failure.fields);
  throw failure;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Starts SES verification of the office's domain; answers the section with the records to publish. */
export function verifySendingDomain(gas: Gas, input: { domain: string; fromAddress?: string }): SendingView {
  const domain = String(input.domain ?? '')
    .trim()
    .toLowerCase();
  const fromAddress = String(input.fromAddress ?? '').trim();
  const problems: { field: string; message: string }[] = [];
  if (!DOMAIN.test(domain))
    problems.push({ field: 'domain', message: 'A domain name such as yourfirm.com (no https://, no @).' });
  if (fromAddress && !fromAddress.toLowerCase().endsWith(`@${domain}`))
    problems.push({
      field: 'fromAddress',
      message: `An address at ${domain || 'the domain'}, e.g. billing@${domain || 'yourfirm.com'}.`,
    });
  if (problems.length > 0) throw new AddonError('invalid', 'Check the domain.', 'SENDING.INPUT', problems);
  const answer = change(
    gas,
    '/v1/sending/identity',
    { domain, ...(fromAddress ? { fromAddress } : {}) },
    'Starting the domain check',
  );
  const view = sendingStatus(gas);
  return typeof answer.publish === 'string' ? { ...view, publish: answer.publish } : view;
}

/** Resumes a paused office with the admin's note of what was done. */
export function resumeSending(gas: Gas, input: { note: string }): SendingView {
  const note = String(input.note ?? '').trim();
  if (note === '')
    throw new AddonError('invalid', 'Say what was done before resuming.', 'SENDING.INPUT', [
      { field: 'note', message: 'Say what was fixed (the list, the wording), for the record.' },
    ]);
  change(gas, '/v1/sending/resume', { note }, 'Resuming sending');
  return sendingStatus(gas);
}
