import { gunzipSync, gzipSync } from 'node:zlib';
import { dispatchPartition, reviewPartition, TABLE } from './keys.js';
/**
 * planned -> queued -> sending -> sent for email; awaiting-review -> planned | skipped in review
 * mode; task for letters and calls, which staff carry out. At send time an entry may be
 * `cancelled` (nothing due any more, or a guardrail now blocks it; a later day's plan may revive
 * it) or `suppressed` (no usable address). A send SES never confirmed becomes `uncertain` and
 * waits in the review queue ("may have been sent"); a customer whose planning failed leaves a
 * `failed` entry there with the error.
 */
export type OutboxStatus =
  | 'planned'
  | 'awaiting-review'
  | 'approved'
  | 'skipped'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'task'
  | 'suppressed'
  | 'cancelled'
  | 'uncertain'
  | 'failed';

/** Statuses in which an email entry still waits on the dispatch index to be sent. */
export const DISPATCHABLE: readonly OutboxStatus[] = ['planned', 'queued', 'sending'];

/** Statuses that put an entry in the review queue. */
export const IN_REVIEW: readonly OutboxStatus[] = ['awaiting-review', 'uncertain', 'failed'];

export interface OutboxEntry {
  tenantId: string;
  customerId: string;
  stage: string;
  channel: string;
  cycle: string;
  status: OutboxStatus;
  plannedOn: string;
  notBefore: string;
  /** The planned action with its explanation, as core produced it. */
  action: Record<string, unknown>;
  messageId?: string;
  sentAt?: string;
  attempts?: number;
  /** When the dispatch last put it on the send queue (a lost queue message is re-sent after a while). */
  queuedAt?: string;
  /** When a sender claimed it; the message rendered then is kept in `message` until SES confirms. */
  claimedAt?: string;
  /** The message as rendered at the claim (gzipped JSON of `RenderedEmail`). */
  message?: Uint8Array;
  /** Why it was cancelled, suppressed, failed or left uncertain, with the rule that decided. */
  reason?: string;
  rule?: string;
  /** The office's date it was cancelled on (a later day's plan may revive it). */
  cancelledOn?: string;
  /** Internal notices (credit holds): why the email still waits, whom it went to, whether flag and note are recorded. */
  waiting?: string;
  notifiedTo?: string;
  recorded?: boolean;
}

/** The message a sender rendered for an entry, as archived once sent. */
export interface RenderedEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The debtor's zone, and the claim instant on their wall clock (`2026-11-23 10:15 America/Chicago`). */
  zone: string;
  localTime: string;
  policyVersion: string;
  /** Amounts stated, per currency, as the table totals them. */
  amounts: { currency: string; amountMinor: number }[];
}

/** One archived message (`GET /v1/messages`, `duebook messages`). */
export interface ArchivedMessage extends Omit<RenderedEmail, 'zone'> {
  customerId: string;
  stage: string;
  channel: string;
  cycle: string;
  /** The outbox key, `stage#channel#cycle`. */
  outboxKey: string;
  zone: string;
  sentAt: string;
  /** `sentAt` on the office's wall clock. */
  officeTime: string;
  messageId: string;
}

export function packMessage(message: RenderedEmail): Uint8Array {
  const packed = gzipSync(JSON.stringify(message));
  return new Uint8Array(packed.buffer, packed.byteOffset, packed.length);
}

/** An archived message as stored (`archiveMessage`) back to its fields. */
export function decodeArchivedMessage(item: Record<string, unknown>): ArchivedMessage {
  const { pk: _pk, sk: _sk, tenantId: _t, bodyZ, ...rest } = item;
  const body = JSON.parse(gunzipSync(bodyZ as Uint8Array).toString('utf8')) as { text: string; html: string };
  return { ...(rest as unknown as Omit<ArchivedMessage, 'text' | 'html'>), ...body };
}

/** Text and HTML of an archived message, gzipped together. */
export function packBody(text: string, html: string): Uint8Array {
  const packed = gzipSync(JSON.stringify({ text, html }));
  return new Uint8Array(packed.buffer, packed.byteOffset, packed.length);
}

export type OutboxRefKey = Pick<OutboxEntry, 'tenantId' | 'customerId' | 'stage' | 'channel' | 'cycle'>;

/** Index attributes that put an entry on the dispatch partition, ordered by when it may go. */
/** An outbox entry's id within its tenant, as `outboxEntries` keys its answer. */
export function outboxRefId(k: Omit<OutboxRefKey, 'tenantId'>): string {
  return `${k.customerId}#${k.stage}#${k.channel}#${k.cycle}`;
}

export function dispatchIndex(key: OutboxRefKey, notBefore: string): Record<string, string> {
  return {
    [TABLE.open.pk]: dispatchPartition(key.tenantId),
    [TABLE.open.sk]: `${notBefore}#${key.customerId}#${key.stage}#${key.channel}#${key.cycle}`,
  };
}

/** Index attributes that put an entry in the review queue, oldest plan first. */
export function reviewIndex(key: OutboxRefKey, plannedOn: string): Record<string, string> {
  return {
    [TABLE.open.pk]: reviewPartition(key.tenantId),
    [TABLE.open.sk]: `${plannedOn}#${key.customerId}#${key.stage}#${key.channel}#${key.cycle}`,
  };
}

export function unpackMessage(packed: Uint8Array | undefined): RenderedEmail | undefined {
  if (!packed) return undefined;
  return JSON.parse(gunzipSync(packed).toString('utf8')) as RenderedEmail;
}
