// The review queue and the message archive as the API shows them: each email awaiting review with
// the exact message composeNow would send, unconfirmed sends with their facts, failed customers
// with their error, and the clerk's decisions on each kind.
import { isInternalChannel } from '../services/credit-holds.js';
import { HANDOVER_CHANNEL } from '../services/handover.js';
import { officeToday } from '../services/ledger-service.js';
import { type Composed, composeNow, type SenderDeps } from '../services/sender.js';
import { letterOf } from '../services/validation-notice.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { dispatchIndex, type OutboxEntry, type RenderedEmail, unpackMessage } from '../store/outbox-types.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { type CreditTaskView, withCreditTaskViews } from './credit-task-view.js';
import { type PreviewSender, previewSender, type SenderStanding } from './preview-sender.js';

// The message archive's views, apart so `GET /v1/messages` does not load the sender (message-view.ts).
export { duebookActivity, messageView } from './message-view.js';

/** Previews computed at once: each costs an account read and a suppression read. */
export const PREVIEW_CONCURRENCY = 8;

/**
 * HTML parts a queue answer carries at most, in queue order (Lambda answers at most 6 MB): past it
 * an email keeps its text (the same message) and says `htmlOmitted`.
 */
export const QUEUE_HTML_BUDGET_BYTES = 3 * 1024 * 1024;

/** The email as a clerk reads it before approving it. */
export interface EmailView {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Set when a long queue left the HTML part out (the text is the same message). */
  htmlOmitted?: true;
  amounts: { currency: string; amountMinor: number }[];
  /** The send instant on the debtor's wall clock, with their zone. */
  localTime: string;
  zone: string;
  policyVersion: string;
}

/**
 * What an email awaiting review would be if approved, composed by the sender's own render path
 * at the instant it would leave (now, or its planned moment if later). When the debtor's window
 * is closed then, `waitsUntil` says when it opens and the email is the one composed for that instant.
 */
export type QueuePreview =
  | (EmailView & Partial<PreviewSender> & { composedFor: string; waitsUntil?: string; waitReason?: string })
  | { wouldNotSend: { rule: string; reason: string }; composedFor: string }
  | { waitsUntil: string; waitReason: string; composedFor: string }
  | { unavailable: string };

/** `task`: an internal notice to the credit contact (credit hold, release) a clerk marks done. */
export type QueueKind = 'review' | 'uncertain' | 'failed' | 'task';

export interface QueueItem {
  customerId: string;
  stage: string;
  channel: string;
  cycle: string;
  status: OutboxEntry['status'];
  kind: QueueKind;
  plannedOn: string;
  notBefore: string;
  explanation: unknown;
  preview?: QueuePreview;
  /** An unconfirmed send: when it was handed to SES, how often, the message rendered then. */
  uncertain?: { claimedAt?: string; attempts: number; reason?: string; rule?: string; message?: EmailView };
  /** Why planning or sending failed (a `failed` entry). */
  error?: { rule?: string; reason: string; attempts?: number; message?: EmailView };
  /** The printed letter a clerk mails (a validation notice): its key in letter storage. */
  letter?: { pdf: string; disputeBy?: string };
  /** A credit-contact task: the notice (subject, text), whom it went to and when, or why it waits. */
  task?: {
    subject: string;
    text: string;
    notifiedTo?: string;
    sentAt?: string;
    waiting?: string;
    /** The account, the reason and the notice as their own view (credit-task-view.ts). */
    credit?: CreditTaskView;
  };
}

export type PreviewDeps = Pick<
  SenderDeps,
  'store' | 'ledger' | 'senderAddress' | 'publicBaseUrl' | 'unsubscribeSecret'
> & {
  /** The offices' sending standing (its verified domain); absent: the deployment's From (fromLine). */
  standing?: SenderStanding;
};

export function emailView(m: RenderedEmail): EmailView {
  return {
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    amounts: m.amounts,
    localTime: m.localTime,
    zone: m.zone,
    policyVersion: m.policyVersion,
  };
}

function kindOf(status: OutboxEntry['status']): QueueKind {
  return status === 'uncertain'
    ? 'uncertain'
    : status === 'failed'
      ? 'failed'
      : status === 'task'
        ? 'task'
        : 'review';
}

/** Whether an entry awaiting review is an email the sender would render (not a task or hand-over). */
function previewable(e: OutboxEntry): boolean {
  return e.status === 'awaiting-review' && e.channel === 'email';
}

function previewFrom(composed: Composed, at: Date, sender: PreviewSender): QueuePreview {
  const composedFor = at.toISOString();
  if (composed.kind === 'send') return { ...emailView(composed.rendered), ...sender, composedFor };
  if (composed.kind === 'cancel')
    return { wouldNotSend: { rule: composed.rule, reason: composed.reason }, composedFor };
  return { waitsUntil: new Date(composed.notBefore).toISOString(), waitReason: composed.reason, composedFor };
}

/** One entry's preview: composed for when it would leave, and again for when its window opens. */
export async function previewEntry(
  entry: OutboxEntry,
  deps: PreviewDeps,
  settings: TenantSettings,
  now: Date,
  sender?: PreviewSender,
): Promise<QueuePreview> {
  try {
    const from = sender ?? (await previewSender(entry.tenantId, settings, deps));
    const at = new Date(Math.max(now.getTime(), Date.parse(entry.notBefore) || 0));
    const first = await composeNow(entry, deps, settings, at);
    if (first.kind !== 'wait') return previewFrom(first, at, from);
    const opens = new Date(first.notBefore);
    const then = previewFrom(await composeNow(entry, deps, settings, opens), opens, from);
    const waitsUntil = opens.toISOString();
    if ('wouldNotSend' in then || 'unavailable' in then) return then;
    return { ...then, waitsUntil, waitReason: first.reason };
  } catch (e) {
    // One account that cannot be rendered must not hide the rest of the queue.
    return { unavailable: `could not compose this message: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * The review queue as `GET /v1/queue` answers it. Previews are composed `PREVIEW_CONCURRENCY` at a
 * time against one read of the tenant's pending-recompute markers (not one per entry).
 */
export async function queueView(
  entries: readonly OutboxEntry[],
  deps: PreviewDeps,
  settings: TenantSettings,
  now: Date,
): Promise<QueueItem[]> {
  const items: QueueItem[] = entries.map((e) => {
    const kind = kindOf(e.status);
    const message = unpackMessage(e.message);
    const item: QueueItem = {
      customerId: e.customerId,
      stage: e.stage,
      channel: e.channel,
      cycle: e.cycle,
      status: e.status,
      kind,
      plannedOn: e.plannedOn,
      notBefore: e.notBefore,
      explanation: e.action?.explanation,
    };
    const letter = letterOf(e);
    if (letter) item.letter = letter;
    if (kind === 'uncertain') {
      item.uncertain = {
        ...(e.claimedAt ? { claimedAt: e.claimedAt } : {}),
        attempts: e.attempts ?? 1,
        ...(e.reason ? { reason: e.reason } : {}),
        ...(e.rule ? { rule: e.rule } : {}),
        ...(message ? { message: emailView(message) } : {}),
      };
    } else if (kind === 'task') {
      const a = (e.action ?? {}) as { subject?: string; text?: string };
      item.task = {
        subject: String(a.subject ?? ''),
        text: String(a.text ?? ''),
        ...(e.notifiedTo ? { notifiedTo: e.notifiedTo } : {}),
        ...(e.sentAt ? { sentAt: e.sentAt } : {}),
        ...(e.waiting ? { waiting: e.waiting } : {}),
      };
    } else if (kind === 'failed') {
      item.error = {
        reason: e.reason ?? 'failed without a recorded reason',
        ...(e.rule ? { rule: e.rule } : {}),
        ...(e.attempts ? { attempts: e.attempts } : {}),
        ...(message ? { message: emailView(message) } : {}),
      };
    }
    return item;
  });
  const wanted = entries.map((e, i) => [e, i] as const).filter(([e]) => previewable(e));
  // The From every preview shows, as the sender would use it: read once for the queue.
  const sender = wanted.length > 0 ? await previewSender(wanted[0]![0].tenantId, settings, deps) : undefined;
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const [entry, i] = wanted[next++]!;
      items[i]!.preview = await previewEntry(entry, deps, settings, now, sender);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PREVIEW_CONCURRENCY, wanted.length) }, worker));
  await withCreditTaskViews(items, entries, deps.store, officeToday(now, settings.timeZone));
  return withinHtmlBudget(items);
}

/** Leaves out HTML parts once the answer's budget for them is spent (texts always stay). */
export function withinHtmlBudget(items: QueueItem[], budget = QUEUE_HTML_BUDGET_BYTES): QueueItem[] {
  let used = 0;
  const withinBudget = <T extends { html: string; htmlOmitted?: true }>(email: T): T => {
    const bytes = Buffer.byteLength(email.html, 'utf8');
    if (used + bytes <= budget) {
      used += bytes;
      return email;
    }
    return { ...email, html: '', htmlOmitted: true };
  };
  for (const item of items) {
    if (item.preview && 'html' in item.preview) item.preview = withinBudget(item.preview);
    if (item.uncertain?.message) item.uncertain.message = withinBudget(item.uncertain.message);
    if (item.error?.message) item.error.message = withinBudget(item.error.message);
  }
  return items;
}

/**
 * A store whose pending-recompute markers are read once (the first time a preview asks): a queue
 * of hundreds of previews costs one marker query, then one account read per entry.
 */
export function withMarkersReadOnce(store: LedgerStore): LedgerStore {
  const once = new Map<string, ReturnType<LedgerStore['pendingMarkers']>>();
  const cached = Object.create(store) as LedgerStore;
  cached.pendingMarkers = (tenantId: string) => {
    let markers = once.get(tenantId);
    if (!markers) {
      markers = store.pendingMarkers(tenantId);
      once.set(tenantId, markers);
    }
    return markers;
  };
  return cached;
}

export type DecisionResult =
  | { status: 'approved' | 'skipped' | 'resend-approved' | 'unchanged' }
  | { status: 'refused'; reason: string; refusals: { rule: string; reason: string }[] };

/**
 * A clerk's decision on one entry other than a hand-over approval. Awaiting review: approve plans
 * it, skip drops it. Uncertain ("may have been sent"): approve sends it again (back to planned on
 * the dispatch index, attempts kept, the sender re-checks everything at send time); skip settles it
 * as sent or not to be sent, final. Failed: skip dismisses it; approve is refused with the reason.
 * Each decision records who and when; an entry no longer in that state is `unchanged`.
 */
export async function decideEntry(
  store: LedgerStore,
  key: Pick<OutboxEntry, 'tenantId' | 'customerId' | 'stage' | 'channel' | 'cycle'>,
  decision: 'approve' | 'skip',
  by: string,
  now: Date,
): Promise<DecisionResult> {
  const at = now.toISOString();
  const entry = await store.getOutbox(key.tenantId, key.customerId, key.stage, key.channel, key.cycle);
  if (!entry) return { status: 'unchanged' };
  // A credit-contact task takes only done or dismiss (decideTask); approve and skip leave it as it is.
  if (isInternalChannel(entry.channel)) return { status: 'unchanged' };
  if (decision === 'skip') {
    const how =
      entry.status === 'uncertain'
        ? 'settled as sent or not to be sent; never resent'
        : entry.status === 'failed'
          ? 'dismissed'
          : 'skipped';
    const moved = await store.transitionOutbox(key, ['awaiting-review', 'uncertain', 'failed'], 'skipped', {
      decidedBy: by,
      decidedAt: at,
      decision: how,
    });
    return { status: moved ? 'skipped' : 'unchanged' };
  }
  if (entry.status === 'awaiting-review') {
    return { status: (await store.approve(key, by, at)) ? 'approved' : 'unchanged' };
  }
  if (entry.status === 'uncertain') {
    const moved = await store.transitionOutbox(key, ['uncertain'], 'planned', {
      decidedBy: by,
      decidedAt: at,
      decision: 'send again',
      ...dispatchIndex(key, entry.notBefore),
    });
    return { status: moved ? 'resend-approved' : 'unchanged' };
  }
  if (entry.status === 'failed') {
    const reason =
      entry.rule === 'run/failed' || key.channel !== 'email'
        ? `nothing to approve: Duebook could not plan this customer (${entry.reason ?? 'no reason recorded'}); fix the account and the next daily run plans it again, or skip to dismiss this line`
        : `not sent again from here: ${entry.reason ?? 'sending failed'}; fix the address or the account, then skip to dismiss this line (the next daily run plans what is due)`;
    return { status: 'refused', reason, refusals: [{ rule: entry.rule ?? 'run/failed', reason }] };
  }
  return { status: 'unchanged' };
}

/**
 * A clerk's decision on a credit-contact task (an internal notice: credit hold, release): `done`
 * (the credit department acted on it) or `dismiss`; either takes it off the queue for good, with who
 * and when. A task already decided, or not a task, is `unchanged`.
 */
export async function decideTask(
  store: LedgerStore,
  key: Pick<OutboxEntry, 'tenantId' | 'customerId' | 'stage' | 'channel' | 'cycle'>,
  decision: 'done' | 'dismiss',
  by: string,
  now: Date,
): Promise<{ status: 'done' | 'dismissed' | 'unchanged' }> {
  if (!isInternalChannel(key.channel)) return { status: 'unchanged' };
  const outcome = decision === 'done' ? 'done' : 'dismissed';
  const moved = await store.transitionOutbox(key, ['task'], 'skipped', {
    decidedBy: by,
    decidedAt: now.toISOString(),
    decision: outcome,
  });
  return { status: moved ? outcome : 'unchanged' };
}

/** The hand-over channel: its approval places the account (services/handover.ts), not this module. */
export const isHandover = (channel: string) => channel === HANDOVER_CHANNEL;
