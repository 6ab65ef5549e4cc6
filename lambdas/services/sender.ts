// Sends one outbox entry exactly once, and only if it is still right: at the instant of sending it
// re-reads the account, decides with core (send-time truth), renders once, claims, sends, records.

import type { AccountSnapshot } from '../../core/collections/account-snapshot.js';
import {
  decideAtSendTime,
  decideStatementAtSendTime,
  renderDecidedReminder,
} from '../../core/collections/send-time.js';
import { buildStatement } from '../../core/collections/statements.js';
import {
  type OfficeContact,
  officeIdentityProblems,
  type RenderedMessage,
  renderStatementEmail,
} from '../../core/collections/templates.js';
import { withoutRefusedCharges } from '../../core/compliance/charge-refusals.js';
import { addDays } from '../../core/ledger/dates.js';
import { ledgerFromFields } from '../../core/ledger/schema-rows.js';
import { debtorLinks } from '../payments/debtor-links.js';
import { log } from '../shared/log.js';
import {
  type Mailer,
  MailerRejectedError,
  MailerThrottledError,
  type OutgoingEmail,
} from '../shared/mailer.js';
import { replyAddress, replyRef } from '../shared/reply-token.js';
import { signUnsubscribeToken } from '../shared/unsubscribe-token.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { MailStandingStore } from '../store/mail-standing-store.js';
import {
  dispatchIndex,
  type OutboxEntry,
  type OutboxStatus,
  packMessage,
  type RenderedEmail,
  reviewIndex,
} from '../store/outbox-types.js';
import type { ReplyStore } from '../store/reply-store.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { markSuppressed } from './collection-status.js';
import { withOfficeLogo } from './email-logo.js';
import type { EmailQuota } from './email-quota.js';
import { groupByTab, type LedgerService, officeToday } from './ledger-service.js';
import { PAUSED_RETRY_MS, sendGate } from './mail-standing.js';
import { officeOf, stageWording } from './office-voice.js';
import type { SendMessage } from './send-message.js';
import { activityIdFor, outboxKeyText, recordSent } from './sent-record.js';
import { policyFor } from './tenant-policy.js';

export interface SenderDeps {
  store: LedgerStore;
  ledger: LedgerService;
  mailer: Mailer;
  settings: (tenantId: string) => Promise<TenantSettings>;
  senderAddress: string;
  publicBaseUrl: string;
  unsubscribeSecret: string;
  now: () => Date;
  /** The deployment has a Stripe account: messages carry a pay link (unless the office opted out). */
  stripeEnabled?: boolean;
  /** The office's emails-per-day quota (services/email-quota.ts); absent: no quota. */
  emailQuota?: EmailQuota;
  /** Each office's standing as a sender (services/mail-standing.ts): its From, send budget and pause. */
  standing?: MailStandingStore;
  /** Inbound replies (services/replies.ts): each message gets its own signed reply address in this domain. */
  replies?: { store: ReplyStore; domain: string };
}

/** `done`: nothing more to do (sent now, sent before, waiting, or not to be sent); `retry`: try again later. */
export type SendOutcome =
  | { result: 'sent'; messageId: string }
  | { result: 'done'; reason: string }
  | { result: 'retry'; reason: string };

/**
 * The From line: the deployment's sender address, shown under the office's neutral name when it
 * has one (so a lock screen shows "EHOC", not the clinic's line of business).
 */
export function fromLine(senderAddress: string, settings: Pick<TenantSettings, 'neutralName'>): string {
  const neutral = settings.neutralName?.replace(/["<>\r\n\\]/g, '').trim();
  if (!neutral) return senderAddress;
  const address = /<([^>]+)>/.exec(senderAddress)?.[1] ?? senderAddress.trim();
  return `"${neutral}" <${address}>`;
}

/** How long a message held for an incomplete office identity waits before it is looked at again. */
export const IDENTITY_RETRY_MS = 60 * 60_000;

/** The office as messages name it (see services/office-voice.ts). */
export { officeOf };

/** SES refusals of one message before it goes to the review queue instead. */
export const MAX_SEND_ATTEMPTS = 5;

/** Statuses from which a sender may still take an entry. */
const SENDABLE: readonly OutboxStatus[] = ['planned', 'queued', 'approved'];

export { activityIdFor, decodeOutboxTag, outboxKeyText, recordSent, wallClock } from './sent-record.js';

/** The outbox key as one SES tag value (base64url keeps it within SES's tag alphabet). */
export function encodeOutboxTag(key: SendMessage): string {
  return Buffer.from(
    JSON.stringify([key.tenantId, key.customerId, key.stage, key.channel, key.cycle]),
  ).toString('base64url');
}

/** What the sender would send for an entry right now: the rendered email, or why not. */
export type Composed =
  | { kind: 'send'; email: OutgoingEmail; rendered: RenderedEmail }
  | { kind: 'wait'; notBefore: number; reason: string }
  | { kind: 'cancel'; rule: string; reason: string; status: 'cancelled' | 'suppressed' };

/**
 * The one render path: the sender, the review queue's preview and the sidebar all call it. Reads
 * the account as it stands now (rows a sync marked are recomputed), marks a suppressed address,
 * lets core decide and renders once from that decision's figures.
 */
export async function composeNow(
  entry: Pick<OutboxEntry, 'tenantId' | 'customerId' | 'stage' | 'channel' | 'cycle' | 'plannedOn'>,
  deps: Pick<SenderDeps, 'store' | 'ledger' | 'senderAddress' | 'publicBaseUrl' | 'unsubscribeSecret'> &
    Pick<Partial<SenderDeps>, 'stripeEnabled'>,
  settings: TenantSettings,
  now: Date,
): Promise<Composed> {
  const asOf = officeToday(now, settings.timeZone);
  const snapshot = await deps.ledger.currentAccount(entry.tenantId, entry.customerId, asOf);
  if (!snapshot) {
    return {
      kind: 'cancel',
      rule: 'send-time/no-account',
      reason: 'the customer is no longer in the ledger',
      status: 'cancelled',
    };
  }
  const to = snapshot.customer.email;
  if (!to) {
    return {
      kind: 'cancel',
      rule: 'address/missing-email',
      reason: 'no email address on file',
      status: 'suppressed',
    };
  }
  markSuppressed([snapshot], await deps.store.suppressedEmails(entry.tenantId, [to]));
  const policy = policyFor(settings);
  const office = officeOf(settings);
  // No message goes out without the office's real legal name and postal address: it waits (and
  // says why) until the office sets them in Settings.
  const identity = officeIdentityProblems(office);
  if (identity.length > 0) {
    return {
      kind: 'wait',
      notBefore: now.getTime() + IDENTITY_RETRY_MS,
      reason: `held until the office's identity is complete: ${identity.join('; ')}`,
    };
  }
  const links = unsubscribeLinks(entry, deps, to);
  // The debtor's links for this message: the self-service page always, pay where Stripe is on.
  const { portalLink, payLink } = debtorLinks(
    { tenantId: entry.tenantId, customerId: entry.customerId, outboxKey: outboxKeyText(entry) },
    {
      linkSecret: deps.unsubscribeSecret,
      publicBaseUrl: deps.publicBaseUrl,
      stripeEnabled: deps.stripeEnabled === true && settings.onlinePayments !== false,
    },
    entry.plannedOn,
  );
  if (entry.stage === 'statement') {
    const decision = decideStatementAtSendTime({
      snapshot,
      policy,
      now: now.getTime(),
      officeZone: settings.timeZone,
      asOf,
    });
    if (decision.kind === 'wait')
      return { kind: 'wait', notBefore: decision.notBefore, reason: decision.reason };
    if (decision.kind === 'cancel') return { ...decision, status: statusFor(decision.rule) };
    const rendered = await renderStatementFor(
      entry,
      snapshot,
      deps.store,
      links.url,
      office,
      { portalLink, ...(payLink ? { paymentLink: payLink } : {}) },
      decision.arrangement,
    );
    return composed(
      entry,
      { senderAddress: fromLine(deps.senderAddress, settings), replyTo: settings.officeEmail },
      to,
      rendered,
      links,
      {
        zone: decision.zone,
        localTime: decision.localText,
        policyVersion: policy.version,
        amounts: snapshot.accounts.map((a) => ({ currency: a.currency, amountMinor: a.balanceMinor })),
      },
    );
  }
  const decision = decideAtSendTime({
    snapshot,
    ref: entry,
    policy,
    now: now.getTime(),
    officeZone: settings.timeZone,
    asOf,
  });
  if (decision.kind === 'wait')
    return { kind: 'wait', notBefore: decision.notBefore, reason: decision.reason };
  if (decision.kind === 'cancel') return { ...decision, status: statusFor(decision.rule) };
  // The office's wording for the stage, or the default wording of the stage's tone.
  const wording = stageWording(settings, policy, decision.action.stage);
  const rendered = renderDecidedReminder(decision, {
    office,
    customerName: snapshot.customer.name,
    unsubscribeUrl: links.url,
    portalLink,
    ...(payLink ? { paymentLink: payLink } : {}),
    ...(wording ? { tone: wording.tone, template: wording.template } : {}),
    ...(settings.handoverTo ? { handOverTo: settings.handoverTo } : {}),
  });
  return composed(
    entry,
    { senderAddress: fromLine(deps.senderAddress, settings), replyTo: settings.officeEmail },
    to,
    rendered,
    links,
    {
      zone: decision.zone,
      localTime: decision.localText,
      policyVersion: decision.policyVersion,
      amounts: decision.figures.totals,
    },
  );
}

/** A suppressed or missing address is `suppressed`; every other reason not to send is `cancelled`. */
function statusFor(rule: string): 'cancelled' | 'suppressed' {
  return rule === 'flag/email-suppressed' || rule === 'flag/opted-out' ? 'suppressed' : 'cancelled';
}

function composed(
  entry: Pick<OutboxEntry, 'tenantId' | 'customerId' | 'stage' | 'channel' | 'cycle'>,
  deps: Pick<SenderDeps, 'senderAddress'> & { replyTo?: string },
  to: string,
  rendered: RenderedMessage,
  links: { url: string; mailto: string },
  facts: Omit<RenderedEmail, 'to' | 'subject' | 'text' | 'html'>,
): Composed {
  return {
    kind: 'send',
    email: envelope(entry, deps, to, rendered, links),
    rendered: { to, ...rendered, ...facts },
  };
}

/**
 * Sends one entry. Any sender, retry or duplicate delivery may call it: the conditional claim lets
 * one copy through; a send SES accepted but never recorded stays `sending` until SES's Send event
 * records it, or the dispatch sweep puts it in the review queue as "may have been sent".
 */
export async function sendOne(message: SendMessage, deps: SenderDeps): Promise<SendOutcome> {
  const { store } = deps;
  const key = message;
  const entry = await store.getOutbox(key.tenantId, key.customerId, key.stage, key.channel, key.cycle);
  if (!entry) return { result: 'done', reason: 'no such outbox entry' };
  if (entry.status === 'sending') {
    return {
      result: 'done',
      reason: "an earlier attempt is unconfirmed; SES's Send event or the review queue settles it",
    };
  }
  if (!SENDABLE.includes(entry.status)) return { result: 'done', reason: `already ${entry.status}` };
  const now = deps.now();
  if (Date.parse(entry.notBefore) > now.getTime()) {
    // Early (a duplicate delivery): back to planned, where the dispatch finds it when its time comes.
    await store.transitionOutbox(key, ['queued'], 'planned', dispatchIndex(key, entry.notBefore));
    return { result: 'done', reason: `not before ${entry.notBefore}` };
  }
  const settings = await deps.settings(key.tenantId);
  const composedNow = await composeNow(entry, deps, settings, now);
  if (composedNow.kind === 'cancel') {
    await cancelEntry(deps, entry, composedNow, now, settings);
    return { result: 'done', reason: `${composedNow.rule}: ${composedNow.reason}` };
  }
  if (composedNow.kind === 'wait') {
    const notBefore = new Date(composedNow.notBefore).toISOString();
    await store.transitionOutbox(key, SENDABLE, 'planned', { notBefore, ...dispatchIndex(key, notBefore) });
    return { result: 'done', reason: composedNow.reason };
  }
  // The office's standing as a sender: paused offices hold their mail, each office keeps to its
  // own send rate, and the From is the office's verified domain or the service's under its name.
  // The office's logo, inline in the HTML body only (services/email-logo.ts).
  let email = withOfficeLogo(composedNow.email, settings);
  if (deps.standing) {
    const [gate] = await Promise.all([
      sendGate(key.tenantId, settings, deps.senderAddress, now, { standing: deps.standing }),
      // The reply address names this message; it must resolve before the message can be answered.
      deps.replies?.store.rememberRef(replyRef(key), key, now),
    ]);
    if (gate.kind === 'paused') {
      const notBefore = new Date(now.getTime() + PAUSED_RETRY_MS).toISOString();
      await store.transitionOutbox(key, SENDABLE, 'planned', { notBefore, ...dispatchIndex(key, notBefore) });
      return { result: 'done', reason: gate.reason };
    }
    if (gate.kind === 'rate') return { result: 'retry', reason: gate.reason };
    email = { ...email, from: gate.from, replyTo: gate.replyTo };
  }
  // Past the office's emails-per-day quota the entry waits, planned, for the next day (issue #17), counted
  // only once the office's standing lets this email go, so a held or rate-limited one uses none of it.
  const quota = deps.emailQuota
    ? await deps.emailQuota(key.tenantId, now, settings.timeZone)
    : { ok: true as const };
  if (!quota.ok) {
    const notBefore = new Date(quota.notBefore).toISOString();
    await store.transitionOutbox(key, SENDABLE, 'planned', { notBefore, ...dispatchIndex(key, notBefore) });
    return { result: 'done', reason: quota.reason };
  }
  if (deps.replies) {
    if (!deps.standing) await deps.replies.store.rememberRef(replyRef(key), key, now);
    email = { ...email, replyTracking: replyAddress(key, deps.unsubscribeSecret, deps.replies.domain) };
  }
  const claimed = await store.transitionOutbox(key, SENDABLE, 'sending', {
    claimedAt: now.toISOString(),
    attempts: (entry.attempts ?? 0) + 1,
    message: packMessage(composedNow.rendered),
  });
  if (!claimed) return { result: 'done', reason: 'another sender claimed it' };
  let messageId: string;
  try {
    messageId = await deps.mailer.send(email);
  } catch (e) {
    if (e instanceof MailerThrottledError || e instanceof MailerRejectedError) {
      // SES answered no, so nothing went out: release the claim for a retry, or after too many
      // refusals put the entry in the review queue with SES's reason.
      const attempts = (entry.attempts ?? 0) + 1;
      if (e instanceof MailerRejectedError && attempts >= MAX_SEND_ATTEMPTS) {
        await store.transitionOutbox(key, ['sending'], 'failed', {
          reason: `SES refused it ${attempts} times: ${e.message}`,
          rule: 'ses/rejected',
          ...reviewIndex(key, entry.plannedOn),
        });
        return { result: 'done', reason: e.message };
      }
      await store.transitionOutbox(key, ['sending'], 'queued', { queuedAt: now.toISOString() });
      return { result: 'retry', reason: e.message };
    }
    // No answer, or a server error: SES may have taken it. The entry stays `sending` until SES's
    // Send event records it or the dispatch sweep puts it in the review queue; never sent blindly.
    log('warn', 'send outcome unknown', { ...key, error: String(e) });
    return { result: 'done', reason: `send outcome unknown (${String(e)}); awaiting SES's Send event` };
  }
  await Promise.all([
    recordSent(deps, key, messageId, now),
    // A reply that names SES's Message-ID (In-Reply-To) finds its message by it.
    deps.replies?.store.rememberMessageId(messageId, key, now),
  ]);
  return { result: 'sent', messageId };
}

/**
 * Cancels an entry at send time and notes the reason on the customer's history, in one
 * transaction (a crash between the two would leave a cancellation nobody can see in the sidebar);
 * then recomputes the customer's snapshot, which the transaction's pending marker covers if the
 * process dies first.
 */
async function cancelEntry(
  deps: Pick<SenderDeps, 'store' | 'ledger'>,
  entry: OutboxEntry,
  why: { rule: string; reason: string; status: 'cancelled' | 'suppressed' },
  now: Date,
  settings: TenantSettings,
) {
  const asOf = officeToday(now, settings.timeZone);
  const moved = await deps.store.settleOutboxWithNote(
    entry,
    SENDABLE,
    why.status,
    { reason: why.reason, rule: why.rule, cancelledOn: asOf, cancelledAt: now.toISOString() },
    {
      activityId: activityIdFor({ ...entry, cycle: `${entry.cycle}-${asOf}` }, 'DBX'),
      customerId: entry.customerId,
      date: asOf,
      type: 'note',
      outcome: `not sent: ${why.rule}`,
      note: `Duebook did not send the ${entry.stage} ${entry.channel}: ${why.reason}`.slice(0, 2000),
      by: 'duebook',
    },
    now.toISOString(),
  );
  if (moved === undefined) return;
  await deps.ledger.recompute(entry.tenantId, [entry.customerId], asOf);
  // Settled: the marker's work is done (left for the next flush only if the process dies first).
  await deps.store.clearPending(entry.tenantId, [moved]);
}

/** The statement for the month before the statement day, built from the customer's whole ledger. */
async function renderStatementFor(
  entry: Pick<OutboxEntry, 'tenantId' | 'customerId' | 'plannedOn'>,
  snapshot: AccountSnapshot,
  store: LedgerStore,
  unsubscribeUrl: string,
  office: OfficeContact,
  debtor: { portalLink: string; paymentLink?: string },
  arrangement?: { sentence: string },
): Promise<RenderedMessage> {
  const rows = await store.customerRows(entry.tenantId, entry.customerId);
  const { ledger } = withoutRefusedCharges(ledgerFromFields(groupByTab(rows)).ledger);
  const firstOfMonth = `${entry.plannedOn.slice(0, 7)}-01`;
  const to = addDays(firstOfMonth, -1);
  const from = `${to.slice(0, 7)}-01`;
  const statement = buildStatement(ledger, entry.customerId, from, to);
  return renderStatementEmail(statement, {
    office,
    customerName: snapshot.customer.name,
    unsubscribeUrl,
    ...debtor,
    requireIdentity: true,
    ...(arrangement ? { arrangement } : {}),
  });
}

/** The email around a rendered message: addresses, one-click links, and the outbox key as a tag. */
function envelope(
  entry: Pick<OutboxEntry, 'tenantId' | 'customerId' | 'stage' | 'channel' | 'cycle'>,
  deps: Pick<SenderDeps, 'senderAddress'> & { replyTo?: string },
  to: string,
  rendered: RenderedMessage,
  links: { url: string; mailto: string },
): OutgoingEmail {
  return {
    from: deps.senderAddress,
    to,
    ...(deps.replyTo ? { replyTo: deps.replyTo } : {}),
    ...rendered,
    unsubscribeUrl: links.url,
    unsubscribeMailto: links.mailto,
    tags: { tenant: entry.tenantId, outbox: encodeOutboxTag(entry) },
  };
}

function unsubscribeLinks(
  entry: Pick<OutboxEntry, 'tenantId' | 'customerId'>,
  deps: Pick<SenderDeps, 'senderAddress' | 'publicBaseUrl' | 'unsubscribeSecret'>,
  to: string,
) {
  const token = signUnsubscribeToken(
    { tenantId: entry.tenantId, email: to, customerId: entry.customerId },
    deps.unsubscribeSecret,
  );
  const domain = deps.senderAddress.replace(/^.*</, '').replace(/>.*$/, '').split('@')[1];
  return {
    url: `${deps.publicBaseUrl}/v1/unsubscribe?token=${encodeURIComponent(token)}`,
    mailto: `mailto:unsubscribe@${domain}?subject=${encodeURIComponent(`unsubscribe ${token}`)}`,
  };
}
