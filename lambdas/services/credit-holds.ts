// Carries out the plan's internal actions (credit hold, stop service, return of goods) and hold
// releases in the daily run: one internal email to the office's credit contact per account and
// cycle (per hold for a release), the `credit-hold` flag, an Activity note, and a task in the
// review queue. Nothing here writes to the debtor (see docs/credit-holds.md).

import type { CollectionPlan, PlannedInternalAction } from '../../core/collections/collection-plan.js';
import {
  type CreditContact,
  type HoldRelease,
  holdNotice,
  type InternalNotice,
  planHoldReleases,
  recordHold,
  recordRelease,
  releaseNotice,
} from '../../core/collections/credit-holds.js';
import type { Book } from '../../core/ledger/book.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import { log } from '../shared/log.js';
import { type Mailer, MailerRejectedError, MailerThrottledError } from '../shared/mailer.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { type OutboxEntry, reviewIndex } from '../store/outbox-types.js';
import type { LedgerService } from './ledger-service.js';

/** Outbox channels of internal notices start with this; the rest names the action (`internal:credit-hold`). */
export const INTERNAL_CHANNEL_PREFIX = 'internal:';
/** The release notice's stage and channel. */
export const RELEASE_STAGE = 'credit-hold-release';
export const RELEASE_CHANNEL = 'internal:release';
const HOLD_FLAG = 'credit-hold';
/** Builds the notice text when no contact is set yet; the address is chosen again at sending. */
const UNSET_CONTACT = 'credit-contact@duebook.invalid';

export const isInternalChannel = (channel: string) => channel.startsWith(INTERNAL_CHANNEL_PREFIX);

export interface CreditHoldContext {
  store: Pick<
    LedgerStore,
    | 'putOutboxOnce'
    | 'getOutbox'
    | 'transitionOutbox'
    | 'patchCustomerRow'
    | 'dropPatchedFlag'
    | 'reviewQueue'
  >;
  ledger: Pick<LedgerService, 'logActivity'>;
  /** Absent where the deployment gave the daily run no mailer: notices wait in the review queue. */
  mailer?: Mailer;
  /** The verified sender address of the office. */
  from: string;
  /** The office's credit contact (`creditContactEmail` in Settings); absent: notices wait. */
  contact?: CreditContact;
  /** One-click headers go on every SES v2 message; for an internal notice they point at the office's settings. */
  unsubscribe: { url: string; mailto: string };
  timeZone: string;
  asOf: string;
  now: Date;
  /** Who the Activity note names: a clerk's email for a clerk's release; `duebook` otherwise. */
  by?: string;
  /** Why a notice waits when there is no mailer (the daily run's words by default). */
  noMailer?: string;
}

/** What happened to one internal action or release. */
export interface InternalOutcome {
  customerId: string;
  key: string;
  /**
   * `notified`: emailed now; `waiting`: recorded, email waits for a credit contact (or mailer);
   * `already-done`: an earlier run did it; `unconfirmed`: an earlier attempt was handed to SES and
   * never recorded (a crash), so it may have gone out: left for a clerk, never resent blindly.
   */
  status: 'notified' | 'waiting' | 'already-done' | 'unconfirmed';
  messageId?: string;
}

/** What the outbox entry of a notice keeps: enough to finish it after a crash, from the entry alone. */
interface InternalAction {
  kind: 'internal';
  internal: InternalNotice['kind'];
  action: InternalNotice['action'];
  subject: string;
  text: string;
  key: string;
  explanation: Record<string, unknown>;
  /** The flag change and the Activity note that record it. */
  flag: 'add' | 'drop';
  flagReason: string;
  activity: Record<string, unknown> & { activityId: string; customerId: string };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

type Key = Pick<OutboxEntry, 'customerId' | 'stage' | 'channel' | 'cycle'>;

/**
 * Records a notice once: its outbox entry (status `task`, in the review queue until a clerk marks
 * it done), then the flag and the Activity note, then the email. Each step is idempotent and the
 * entry holds everything, so an entry a crash left unsent is finished by the next run's sweep
 * (`finishPending`). Returns `already-done` when an earlier run recorded this key.
 */
async function recordOnce(
  tenantId: string,
  key: Key,
  action: InternalAction,
  ctx: CreditHoldContext,
): Promise<InternalOutcome> {
  const entry = {
    tenantId,
    ...key,
    status: 'task',
    plannedOn: ctx.asOf,
    notBefore: ctx.now.toISOString(),
    attempts: 0,
    action: action as unknown as Record<string, unknown>,
    // On the review queue's partition: the clerk sees the task and marks it done.
    ...reviewIndex({ tenantId, ...key }, ctx.asOf),
  } as OutboxEntry;
  if (!(await ctx.store.putOutboxOnce(entry))) {
    return { customerId: key.customerId, key: action.key, status: 'already-done' };
  }
  return finish(entry, ctx);
}

/** The flag, the note and the email of one recorded notice (each safe to repeat). */
async function finish(entry: OutboxEntry, ctx: CreditHoldContext): Promise<InternalOutcome> {
  const action = entry.action as unknown as InternalAction;
  const at = ctx.now.toISOString();
  // Recorded once: a notice still waiting for its email must not re-add a flag a release dropped since.
  if (!entry.recorded) await record(entry, action, ctx, at);
  const outcome = { customerId: entry.customerId, key: action.key };
  if (entry.claimedAt && !entry.messageId) {
    // The intent was recorded and the email handed to SES, but its answer never was: SES may have
    // sent it. Like the debtor outbox's "may have been sent", a clerk settles it; nothing resends.
    const waiting =
      `may have been sent: handed to SES at ${entry.claimedAt} and never confirmed; ask ` +
      `${entry.notifiedTo ?? 'the credit contact'} whether it arrived, then mark the task done`;
    if (entry.waiting !== waiting)
      await ctx.store.transitionOutbox(entry, ['task'], 'task', {
        waiting,
        rule: 'delivery/unconfirmed',
        ...reviewIndex(entry, entry.plannedOn),
      });
    return { ...outcome, status: 'unconfirmed' };
  }
  if (!ctx.contact || !ctx.mailer) {
    const waiting = !ctx.contact
      ? "no credit contact is set (Settings: the credit contact's email); the notice goes once one is set"
      : (ctx.noMailer ?? 'the daily run has no mailer in this deployment');
    if (entry.waiting !== waiting || !entry.recorded)
      await ctx.store.transitionOutbox(entry, ['task'], 'task', {
        waiting,
        recorded: true,
        ...reviewIndex(entry, entry.plannedOn),
      });
    return { ...outcome, status: 'waiting' };
  }
  // The intent first, under the entry's own deterministic key: a crash after SES accepted the email
  // and before its message id is recorded leaves `claimedAt` without `messageId`, never a resend.
  await ctx.store.transitionOutbox(entry, ['task'], 'task', {
    claimedAt: at,
    notifiedTo: ctx.contact.email,
    attempts: (entry.attempts ?? 0) + 1,
    ...reviewIndex(entry, entry.plannedOn),
  });
  let messageId: string;
  try {
    messageId = await sendNotice(entry, action, ctx.mailer, ctx.contact.email, ctx);
  } catch (e) {
    // SES said no, so nothing went out: the intent is withdrawn and the next run tries again.
    if (e instanceof MailerThrottledError || e instanceof MailerRejectedError)
      await ctx.store.transitionOutbox(entry, ['task'], 'task', {
        claimedAt: '',
        ...reviewIndex(entry, entry.plannedOn),
      });
    throw e;
  }
  // Still a task in the review queue, now with the notice's facts; only a clerk takes it off.
  await ctx.store.transitionOutbox(entry, ['task'], 'task', {
    messageId,
    sentAt: at,
    notifiedTo: ctx.contact.email,
    waiting: '',
    recorded: true,
    ...reviewIndex(entry, entry.plannedOn),
  });
  return { ...outcome, status: 'notified', messageId };
}

function sendNotice(
  entry: OutboxEntry,
  action: InternalAction,
  mailer: Mailer,
  to: string,
  ctx: CreditHoldContext,
): Promise<string> {
  return mailer.send({
    from: ctx.from,
    to,
    subject: action.subject,
    text: action.text,
    html: `<pre style="font-family:inherit;white-space:pre-wrap">${escapeHtml(action.text)}</pre>`,
    unsubscribeUrl: ctx.unsubscribe.url,
    unsubscribeMailto: ctx.unsubscribe.mailto,
    tags: { kind: 'internal', customer: entry.customerId, stage: entry.stage },
  });
}

/** The flag change and the Activity note of a notice. */
async function record(entry: OutboxEntry, action: InternalAction, ctx: CreditHoldContext, at: string) {
  const { tenantId } = entry;
  if (action.flag === 'add') {
    await ctx.store.patchCustomerRow(
      tenantId,
      entry.customerId,
      { addFlags: [HOLD_FLAG], set: {}, reason: action.flagReason, at },
      at,
    );
  } else {
    await ctx.store.dropPatchedFlag(tenantId, entry.customerId, HOLD_FLAG, at);
  }
  await ctx.ledger.logActivity(tenantId, action.activity, ctx.now, ctx.timeZone);
}

/** The notice's text is built for the contact's name only; the address is taken at sending. */
const contactForText = (contact: CreditContact | undefined): CreditContact =>
  contact ? contact : { email: UNSET_CONTACT };

function holdAction(
  a: PlannedInternalAction,
  ledger: Ledger,
  book: Book,
  ctx: CreditHoldContext,
): InternalAction | undefined {
  const customer = ledger.customers.find((c) => c.customerId === a.customerId);
  if (!customer) return undefined;
  const notice = holdNotice(a, ledger, book, contactForText(ctx.contact));
  const record = recordHold(customer, a, ctx.asOf, `HOLD-${a.customerId}-${a.stage}-${a.cycle}`);
  return {
    kind: 'internal',
    internal: notice.kind,
    action: notice.action,
    subject: notice.subject,
    text: notice.text,
    key: notice.key,
    explanation: notice.explanation as unknown as Record<string, unknown>,
    flag: 'add',
    flagReason: `credit hold (${a.action}, stage ${a.stage})`,
    activity: { ...record.activity, by: 'duebook' },
  };
}

function releaseAction(
  r: HoldRelease,
  ledger: Ledger,
  book: Book,
  cycle: string,
  ctx: CreditHoldContext,
): InternalAction | undefined {
  const customer = ledger.customers.find((c) => c.customerId === r.customerId);
  if (!customer) return undefined;
  const notice = releaseNotice(r, book, contactForText(ctx.contact));
  const record = recordRelease(customer, r, ctx.asOf, `RELEASE-${r.customerId}-${cycle}`);
  return {
    kind: 'internal',
    internal: notice.kind,
    action: notice.action,
    subject: notice.subject,
    text: notice.text,
    key: notice.key,
    explanation: notice.explanation as unknown as Record<string, unknown>,
    flag: 'drop',
    flagReason: `credit hold released (${r.reason})`,
    activity: { ...record.activity, by: ctx.by ?? 'duebook' },
  };
}

/**
 * For each internal action of the day's plan: the credit contact is told (account, balance, aging,
 * reason), the customer row gets the `credit-hold` flag (kept as a patch until the sheet shows it),
 * an Activity note carries the stage so the ladder moves on, and a task waits in the review queue.
 * Once per account, stage and cycle.
 */
export async function carryOutInternalActions(
  tenantId: string,
  plan: Pick<CollectionPlan, 'internalActions'>,
  ledger: Ledger,
  book: Book,
  ctx: CreditHoldContext,
): Promise<InternalOutcome[]> {
  const outcomes: InternalOutcome[] = [];
  for (const a of plan.internalActions) {
    const action = holdAction(a, ledger, book, ctx);
    if (!action) continue;
    const key = { customerId: a.customerId, stage: a.stage, channel: `internal:${a.action}`, cycle: a.cycle };
    outcomes.push(await recordOnce(tenantId, key, action, ctx));
  }
  return outcomes;
}

/**
 * For each hold to release (core's `planHoldReleases`, or a clerk's `clerkRelease`): tells the same
 * credit contact, once per hold (keyed by the day the hold was recorded), drops the flag the backend
 * added if the sheet never showed it, and records an Activity note with the reason. A flag the sheet
 * shows is the sheet's: the clerk clears it there (the release note keeps a second release away).
 */
export async function carryOutReleases(
  tenantId: string,
  releases: readonly HoldRelease[],
  ledger: Ledger,
  book: Book,
  ctx: CreditHoldContext,
): Promise<InternalOutcome[]> {
  const outcomes: InternalOutcome[] = [];
  for (const r of releases) {
    const cycle = r.heldOn ?? ctx.asOf;
    const action = releaseAction(r, ledger, book, cycle, ctx);
    if (!action) continue;
    const key = { customerId: r.customerId, stage: RELEASE_STAGE, channel: RELEASE_CHANNEL, cycle };
    outcomes.push(await recordOnce(tenantId, key, action, ctx));
  }
  return outcomes;
}

/**
 * Notices recorded earlier but not emailed yet (no contact then, no mailer, or a crash between the
 * record and the email): finished now, each from its own entry. One Query of the review queue.
 */
export async function finishPending(tenantId: string, ctx: CreditHoldContext): Promise<InternalOutcome[]> {
  const outcomes: InternalOutcome[] = [];
  for (const e of await ctx.store.reviewQueue(tenantId)) {
    if (e.status !== 'task' || !isInternalChannel(e.channel) || e.messageId) continue;
    outcomes.push(await finish(e, ctx));
  }
  return outcomes;
}

export interface CreditHoldSummary {
  /** Internal notices emailed to the credit contact today (holds and releases). */
  notified: number;
  /** Recorded, email waiting for a credit contact. */
  waiting: number;
  holds: number;
  releases: number;
}

/**
 * The daily run's credit-hold step: notices an earlier run could not send, today's internal
 * actions, and the releases due (paid, plan in good standing). A customer whose step fails is
 * reported to `onError` and the others go on.
 */
export async function runCreditHolds(
  tenantId: string,
  plan: Pick<CollectionPlan, 'internalActions'>,
  ledger: Ledger,
  book: Book,
  ctx: CreditHoldContext,
  onError: (customerId: string, error: unknown) => void,
): Promise<CreditHoldSummary> {
  const summary: CreditHoldSummary = { notified: 0, waiting: 0, holds: 0, releases: 0 };
  const count = (o: InternalOutcome) => {
    if (o.status === 'notified') summary.notified++;
    if (o.status === 'waiting') summary.waiting++;
  };
  try {
    for (const o of await finishPending(tenantId, ctx)) count(o);
  } catch (error) {
    log('error', 'credit-hold notices left from an earlier run could not be finished', {
      tenantId,
      error: String(error),
    });
  }
  for (const a of plan.internalActions) {
    try {
      for (const o of await carryOutInternalActions(tenantId, { internalActions: [a] }, ledger, book, ctx)) {
        count(o);
        if (o.status !== 'already-done') summary.holds++;
      }
    } catch (error) {
      onError(a.customerId, error);
    }
  }
  for (const r of planHoldReleases(ledger, book, ctx.asOf)) {
    try {
      for (const o of await carryOutReleases(tenantId, [r], ledger, book, ctx)) {
        count(o);
        if (o.status !== 'already-done') summary.releases++;
      }
    } catch (error) {
      onError(r.customerId, error);
    }
  }
  return summary;
}
