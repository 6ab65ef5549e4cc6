// A debtor's reply to a message: matched by its per-message reply address (signed) or by In-Reply-To / References
// naming SES's message id, recorded on the message's history (tracking and an Activity row), and put in the review
// queue as a task for the clerk.
import { createHash } from 'node:crypto';
import { type ReplyKey, refOfReplyAddress } from '../shared/reply-token.js';
import type { DebtorStore } from '../store/debtor-store.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { type OutboxEntry, reviewIndex } from '../store/outbox-types.js';
import type { ReplyStore } from '../store/reply-store.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { type ActivityLog, officeToday } from './activity-log.js';
import { type InboundMessage, parseInbound } from './inbound-mime.js';

export interface ReplyDeps {
  store: LedgerStore;
  /** Where the reply's Activity row goes (an `ActivityLog`, or the `LedgerService` that wraps one). */
  ledger: Pick<ActivityLog, 'logActivity'>;
  debtor: DebtorStore;
  replies: ReplyStore;
  settings: (tenantId: string) => Promise<TenantSettings>;
  now: () => Date;
  /** The secret reply addresses are signed with (the unsubscribe secret). */
  secret: string;
  /** The domain SES receives replies for (`replies.yourfirm.com`). */
  replyDomain: string;
}

export type ReplyOutcome =
  | {
      result: 'recorded';
      matchedBy: 'reply-address' | 'in-reply-to';
      key: ReplyKey;
      task: 'new' | 'already-recorded';
    }
  | { result: 'unmatched'; reason: string };

/** What the clerk reads in the queue: at most this much of the reply's text. */
export const REPLY_EXCERPT_CHARS = 1_000;

/** The message a reply answers: its signed reply address first, then the SES message ids it names. */
export async function matchReply(
  message: InboundMessage,
  deps: Pick<ReplyDeps, 'replies' | 'secret' | 'replyDomain'>,
): Promise<{ key: ReplyKey; matchedBy: 'reply-address' | 'in-reply-to' } | undefined> {
  for (const address of message.recipients) {
    const ref = refOfReplyAddress(address, deps.secret, deps.replyDomain);
    if (!ref) continue;
    const key = await deps.replies.byRef(ref);
    if (key) return { key, matchedBy: 'reply-address' };
  }
  for (const id of message.answers) {
    // SES's Message-ID is `<ses-message-id@region.amazonses.com>`: the id is the local part.
    const local = id.split('@')[0]!;
    const key = await deps.replies.byMessageId(local);
    if (key) return { key, matchedBy: 'in-reply-to' };
  }
  return undefined;
}

/** The reply's own text, without the quoted message below it. */
export function replyExcerpt(text: string): string {
  const lines = text.split('\n');
  const cut = lines.findIndex(
    (l) => /^>/.test(l) || /^On .+ wrote:$/.test(l.trim()) || /^-{2,} ?Original Message/i.test(l),
  );
  const own = (cut < 0 ? lines : lines.slice(0, cut)).join('\n').trim();
  return own.length > REPLY_EXCERPT_CHARS ? `${own.slice(0, REPLY_EXCERPT_CHARS - 1)}…` : own;
}

/**
 * Records one inbound reply (raw MIME): a `reply` tracking event on the message, an inbound email
 * Activity row on the customer (the sheet and the sidebar's history), and a task in the review
 * queue. Idempotent on the reply's Message-ID (SES may deliver the same mail twice).
 */
export async function handleInboundReply(
  raw: string | Uint8Array,
  deps: ReplyDeps,
  /** The envelope's recipients (SES's receipt), which a Bcc'd reply address appears in only. */
  envelopeRecipients: readonly string[] = [],
): Promise<ReplyOutcome> {
  const parsed = parseInbound(raw);
  const message = {
    ...parsed,
    recipients: [...new Set([...parsed.recipients, ...envelopeRecipients.map((r) => r.toLowerCase())])],
  };
  const match = await matchReply(message, deps);
  if (!match)
    return {
      result: 'unmatched',
      reason: `no reply address of a Duebook message and no known In-Reply-To among ${message.recipients.join(', ') || 'no recipients'}`,
    };
  const { key } = match;
  const now = deps.now();
  const settings = await deps.settings(key.tenantId);
  const asOf = officeToday(now, settings.timeZone);
  const replyId = createHash('sha256')
    .update(
      message.messageId ??
        `${message.from}\u0000${message.date ?? ''}\u0000${message.subject}\u0000${message.text}`,
    )
    .digest('hex')
    .slice(0, 16);
  const outboxKey = `${key.stage}#${key.channel}#${key.cycle}`;
  const excerpt = replyExcerpt(message.text);
  const entry: OutboxEntry = {
    tenantId: key.tenantId,
    customerId: key.customerId,
    stage: 'reply',
    channel: 'task',
    cycle: replyId,
    status: 'task',
    plannedOn: asOf,
    notBefore: now.toISOString(),
    attempts: 0,
    action: {
      kind: 'reply',
      subject: `Reply from ${message.from}: ${message.subject}`.slice(0, 300),
      text: excerpt,
      inReplyTo: outboxKey,
      matchedBy: match.matchedBy,
      explanation: {
        rule: 'reply/received',
        summary: `${message.from} replied to the ${key.stage} ${key.channel} (${outboxKey}); read the reply and answer or record what it says (a promise, a dispute, a new address).`,
      },
    },
    ...reviewIndex({ ...key, stage: 'reply', channel: 'task', cycle: replyId }, asOf),
  } as OutboxEntry;
  const fresh = await deps.store.putOutboxOnce(entry);
  if (fresh) {
    await deps.debtor.track(key.tenantId, {
      customerId: key.customerId,
      kind: 'reply',
      at: now.toISOString(),
      outboxKey,
      ...(message.messageId ? { messageId: message.messageId } : {}),
    });
  }
  // An Activity row per reply (its id is stable, so a repeat rewrites the same row).
  await deps.ledger.logActivity(
    key.tenantId,
    {
      activityId: `DBR-${key.customerId}-${replyId}`.slice(0, 64),
      customerId: key.customerId,
      date: asOf,
      type: 'email',
      direction: 'inbound',
      stage: key.stage,
      outcome: 'replied',
      note: `${message.subject}\n${excerpt}`.slice(0, 2000),
      by: 'duebook',
    },
    now,
    settings.timeZone,
  );
  return { result: 'recorded', matchedBy: match.matchedBy, key, task: fresh ? 'new' : 'already-recorded' };
}
