// Messages as the clerk reads them: the archive of what Duebook sent a customer and the Activity
// lines Duebook wrote for them (GET /v1/messages), and the email shapes and office-time wall clocks
// the review queue shares with it.

import { stageName } from '../../core/collections/stage-names.js';
import { isValidTimeZone, localTime } from '../../core/ledger/dates.js';
import { formatMoney } from '../../core/ledger/money.js';
import { createApiClient, ok } from './api-client.js';
import type { CustomerPanel, EmailView, SentMessage } from './contract.js';
import { AddonError } from './errors.js';
import type { Gas } from './gas.js';
import { readSettings } from './settings.js';

/** An email as the API sends it (the sender's RenderedEmail, or a preview of one). */
export interface ApiEmail {
  to?: string;
  subject?: string;
  text?: string;
  html?: string;
  htmlOmitted?: boolean;
  amounts?: { currency: string; amountMinor: number }[];
  localTime?: string;
  /** A review preview's sender as the backend will use it (absent from archived messages). */
  from?: string;
  replyTo?: string;
  fromVia?: string;
  pendingDomain?: { domain: string; status: string };
}

interface ApiMessage extends ApiEmail {
  activityId?: string;
  stage?: string;
  channel?: string;
  cycle?: string;
  sentAt?: string;
  officeTime?: string;
  messageId?: string;
}

/** An ISO instant on the office's wall clock, `2026-11-24 08:00`; the text as given if unreadable. */
export function officeClock(iso: string | undefined, zone: string): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms) || !isValidTimeZone(zone)) return iso;
  const t = localTime(ms, zone);
  return `${t.date} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

export function emailView(m: ApiEmail): EmailView {
  return {
    to: String(m.to ?? ''),
    subject: String(m.subject ?? ''),
    text: String(m.text ?? ''),
    html: String(m.html ?? ''),
    ...(m.htmlOmitted ? { htmlOmitted: true } : {}),
    amounts: (m.amounts ?? []).map((a) => ({
      currency: a.currency,
      minor: a.amountMinor,
      text: formatMoney(a.amountMinor, a.currency),
    })),
    debtorTime: String(m.localTime ?? ''),
    ...(m.from ? { from: m.from } : {}),
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    ...(fromNote(m) ? { fromNote: fromNote(m) } : {}),
  };
}

/** Why the From is what it is, in a clerk's words (only while the office's domain is not in use). */
function fromNote(m: ApiEmail): string {
  if (m.fromVia !== 'service-domain') return '';
  const d = m.pendingDomain;
  if (d?.status === 'pending')
    return `Sent from Duebook's address under your office's name until ${d.domain} is verified.`;
  if (d?.status === 'failed')
    return `${d.domain} could not be verified: sent from Duebook's address under your office's name.`;
  return "Sent from Duebook's address under your office's name (no domain of your own is set up).";
}

/** The office's zone as the API states it, else the one in the add-on's Settings. */
export function officeZone(gas: Gas, answered: unknown): string {
  if (typeof answered === 'string' && isValidTimeZone(answered)) return answered;
  return readSettings(gas).timeZone;
}

export function customerMessages(
  gas: Gas,
  customerId: string,
): { messages: SentMessage[]; activity: CustomerPanel['history'] } {
  const id = String(customerId ?? '').trim();
  if (id === '') {
    throw new AddonError('invalid', 'Select a customer first.', 'INPUT.REQUIRED', [
      { field: 'customerId', message: 'is required' },
    ]);
  }
  const api = createApiClient(gas, readSettings(gas).backendUrl);
  const body = ok(
    api.one({ method: 'get', path: `/v1/messages?customer=${encodeURIComponent(id)}` }),
    'Loading sent messages',
  );
  const zone = officeZone(gas, body.timeZone);
  const engagement = engagementByMessage(body.tracking, zone);
  const messages = ((body.messages as ApiMessage[] | undefined) ?? [])
    .map(
      (m): SentMessage => ({
        ...emailView(m),
        activityId: String(m.activityId ?? ''),
        stage: String(m.stage ?? ''),
        channel: String(m.channel ?? 'email'),
        cycle: String(m.cycle ?? ''),
        sentAt: officeClock(m.sentAt, zone),
        officeZone: zone,
        messageId: String(m.messageId ?? ''),
        ...withEngagement(engagement.get(`${m.stage}#${m.channel ?? 'email'}#${m.cycle}`)),
      }),
    )
    // Newest first, as the history reads.
    .sort((a, b) => (a.sentAt < b.sentAt ? 1 : a.sentAt > b.sentAt ? -1 : 0));
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const activity = ((body.activity as Record<string, unknown>[] | undefined) ?? [])
    .map((a) => {
      const line: CustomerPanel['history'][number] = {
        date: String(a.date ?? ''),
        type: String(a.type ?? 'note'),
        direction: String(a.direction ?? 'outbound'),
      };
      for (const k of ['activityId', 'stage', 'outcome', 'note', 'by'] as const) {
        const v = text(a[k]);
        if (v !== undefined) line[k] = v;
      }
      if (line.stage) line.stageLabel = stageName(line.stage);
      return line;
    })
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  return { messages, activity };
}

/** How a tracked event reads in the history. */
const TRACKED: Record<string, string> = {
  open: 'opened',
  'click:pay': 'clicked the pay link',
  'click:portal': 'clicked the account page link',
  'click:statement': 'downloaded the statement',
  'click:unsubscribe': 'clicked unsubscribe',
  'visit:portal': 'visited the account page',
  reply: 'replied',
};

/** Tracked events (`GET /v1/messages` `tracking`) as history phrases, per message (outbox key). */
export function engagementByMessage(tracking: unknown, zone: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const events = (Array.isArray(tracking) ? tracking : []) as Record<string, unknown>[];
  const sorted = [...events].sort((a, b) => String(a.at ?? '').localeCompare(String(b.at ?? '')));
  for (const e of sorted) {
    const key = typeof e.outboxKey === 'string' ? e.outboxKey : '';
    if (key === '') continue;
    const kind = String(e.kind ?? '');
    const link = typeof e.link === 'string' ? e.link : '';
    const what = TRACKED[`${kind}:${link}`] ?? TRACKED[kind] ?? (link ? `${kind} ${link}` : kind);
    const line = `${what} ${officeClock(String(e.at ?? ''), zone)}`.trim();
    out.set(key, [...(out.get(key) ?? []), line]);
  }
  return out;
}

const withEngagement = (lines: string[] | undefined) =>
  lines && lines.length > 0 ? { engagement: lines } : {};
