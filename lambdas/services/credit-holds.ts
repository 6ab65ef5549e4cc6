// Carries out the plan's internal actions (credit hold, stop service, return of goods) and hold
// releases: one internal email to the office's credit contact per account and cycle, the
// `credit-hold` flag, an Activity note, and an outbox entry that makes a re-run do nothing twice.
// Nothing here writes to the debtor. Called by the daily run after planning (see docs/credit-holds.md).
import type { Book } from '../../core/book.js';
import {
  type CreditContact,
  type HoldRelease,
  holdNotice,
  type InternalNotice,
  recordHold,
  recordRelease,
  releaseNotice,
} from '../../core/credit-holds.js';
import type { CollectionPlan } from '../../core/dunning-policy.js';
import type { Ledger } from '../../core/ledger.js';
import type { Mailer } from '../shared/mailer.js';
import type { LedgerStore, OutboxEntry } from '../store/ledger-store.js';
import type { LedgerService } from './ledger-service.js';

export interface CreditHoldContext {
  store: Pick<LedgerStore, 'putOutboxOnce' | 'getOutbox' | 'transitionOutbox' | 'patchCustomerRow'>;
  ledger: Pick<LedgerService, 'logActivity'>;
  mailer: Mailer;
  /** The verified sender address of the office. */
  from: string;
  contact: CreditContact;
  /** The office's page for its own mail settings: SES v2 sends every message with one-click headers. */
  unsubscribe: { url: string; mailto: string };
  timeZone: string;
  asOf: string;
  now: Date;
}

/** What happened to one internal action or release. */
export interface InternalOutcome {
  customerId: string;
  key: string;
  status: 'notified' | 'already-done';
  messageId?: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Sends `notice` once: an outbox entry (status `task` until the email is accepted, then `sent`)
 * guards it, so a re-run, a retry or a second planner finds it and sends nothing; an entry left at
 * `task` by a failed send is sent again.
 */
async function sendOnce(
  tenantId: string,
  key: Pick<OutboxEntry, 'customerId' | 'stage' | 'channel' | 'cycle'>,
  notice: InternalNotice,
  ctx: CreditHoldContext,
): Promise<{ sent: boolean; messageId?: string }> {
  const entry: OutboxEntry = {
    tenantId,
    ...key,
    status: 'task',
    plannedOn: ctx.asOf,
    notBefore: ctx.now.toISOString(),
    attempts: 0,
    action: {
      kind: 'internal',
      internal: notice.kind,
      action: notice.action,
      to: notice.to,
      subject: notice.subject,
      explanation: notice.explanation as unknown as Record<string, unknown>,
    },
  };
  if (!(await ctx.store.putOutboxOnce(entry))) {
    const existing = await ctx.store.getOutbox(tenantId, key.customerId, key.stage, key.channel, key.cycle);
    if (existing?.status !== 'task') return { sent: false };
  }
  const messageId = await ctx.mailer.send({
    from: ctx.from,
    to: notice.to,
    subject: notice.subject,
    text: notice.text,
    html: `<pre style="font-family:inherit;white-space:pre-wrap">${escapeHtml(notice.text)}</pre>`,
    unsubscribeUrl: ctx.unsubscribe.url,
    unsubscribeMailto: ctx.unsubscribe.mailto,
    tags: { kind: 'internal', customer: key.customerId, stage: key.stage },
  });
  await ctx.store.transitionOutbox({ tenantId, ...key }, ['task'], 'sent', {
    messageId,
    sentAt: ctx.now.toISOString(),
  });
  return { sent: true, messageId };
}

/**
 * For each internal action of the day's plan: notifies the credit contact (account, balance, aging,
 * reason), sets the `credit-hold` flag on the customer row (kept as a patch until the sheet shows
 * it), and records an Activity note carrying the stage, so the ladder moves on. Once per account,
 * stage and cycle.
 */
export async function carryOutInternalActions(
  tenantId: string,
  plan: CollectionPlan,
  ledger: Ledger,
  book: Book,
  ctx: CreditHoldContext,
): Promise<InternalOutcome[]> {
  const outcomes: InternalOutcome[] = [];
  for (const action of plan.internalActions) {
    const notice = holdNotice(action, ledger, book, ctx.contact);
    const key = {
      customerId: action.customerId,
      stage: action.stage,
      channel: `internal:${action.action}`,
      cycle: action.cycle,
    };
    const sent = await sendOnce(tenantId, key, notice, ctx);
    if (!sent.sent) {
      outcomes.push({ customerId: action.customerId, key: notice.key, status: 'already-done' });
      continue;
    }
    const customer = ledger.customers.find((c) => c.customerId === action.customerId)!;
    const record = recordHold(
      customer,
      action,
      ctx.asOf,
      `HOLD-${action.customerId}-${action.stage}-${action.cycle}`,
    );
    await ctx.store.patchCustomerRow(
      tenantId,
      action.customerId,
      {
        addFlags: ['credit-hold'],
        set: {},
        reason: `credit hold (${action.action}, stage ${action.stage})`,
        at: ctx.now.toISOString(),
      },
      ctx.now.toISOString(),
    );
    await ctx.ledger.logActivity(tenantId, { ...record.activity }, ctx.now, ctx.timeZone);
    outcomes.push({
      customerId: action.customerId,
      key: notice.key,
      status: 'notified',
      ...(sent.messageId ? { messageId: sent.messageId } : {}),
    });
  }
  return outcomes;
}

/**
 * For each hold to release (core's `planHoldReleases` or a clerk's `clerkRelease`): tells the same
 * credit contact, once per hold, and records an Activity note with the reason. The flag itself is
 * cleared in the sheet (a stored row patch can add flags, not remove them).
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
    const notice = releaseNotice(r, book, ctx.contact);
    const key = {
      customerId: r.customerId,
      stage: 'credit-hold-release',
      channel: 'internal:release',
      cycle: r.heldOn ?? ctx.asOf,
    };
    const sent = await sendOnce(tenantId, key, notice, ctx);
    if (!sent.sent) {
      outcomes.push({ customerId: r.customerId, key: notice.key, status: 'already-done' });
      continue;
    }
    const customer = ledger.customers.find((c) => c.customerId === r.customerId)!;
    const record = recordRelease(customer, r, ctx.asOf, `RELEASE-${r.customerId}-${key.cycle}`);
    await ctx.ledger.logActivity(tenantId, { ...record.activity }, ctx.now, ctx.timeZone);
    outcomes.push({
      customerId: r.customerId,
      key: notice.key,
      status: 'notified',
      ...(sent.messageId ? { messageId: sent.messageId } : {}),
    });
  }
  return outcomes;
}
