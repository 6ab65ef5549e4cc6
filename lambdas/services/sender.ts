// Sends one queued outbox entry exactly once: claim it, render it, send it through SES, record it.
import type { AccountSnapshot } from '../../core/account-snapshot.js';
import { type Channel, flagBlocks } from '../../core/contact-rules.js';
import { addDays } from '../../core/dates.js';
import { ledgerFromFields } from '../../core/schema.js';
import { buildStatement } from '../../core/statements.js';
import { type ReminderStage, renderReminder, renderStatementEmail } from '../../core/templates.js';
import { type Mailer, MailerThrottledError, type OutgoingEmail } from '../shared/mailer.js';
import { signUnsubscribeToken } from '../shared/unsubscribe-token.js';
import type { LedgerStore, OutboxEntry, TenantSettings } from '../store/ledger-store.js';
import type { SendMessage } from './daily-run.js';
import { groupByTab, type LedgerService, officeToday } from './ledger-service.js';

export interface SenderDeps {
  store: LedgerStore;
  ledger: LedgerService;
  mailer: Mailer;
  settings: (tenantId: string) => Promise<TenantSettings>;
  senderAddress: string;
  publicBaseUrl: string;
  unsubscribeSecret: string;
  now: () => Date;
  /** How long a claimed send may stay unconfirmed before it is assumed never to have reached SES. */
  claimTimeoutMs?: number;
}

/** `done`: nothing more to do (sent now, sent before, or not to be sent); `retry`: try again later. */
export type SendOutcome =
  | { result: 'sent'; messageId: string }
  | { result: 'done'; reason: string }
  | { result: 'retry'; reason: string };

const FINAL: ReadonlySet<OutboxEntry['status']> = new Set([
  'sent',
  'skipped',
  'suppressed',
  'task',
  'awaiting-review',
]);

/** The outbox key as one SES tag value (base64url keeps it within SES's tag alphabet). */
export function encodeOutboxTag(key: SendMessage): string {
  return Buffer.from(
    JSON.stringify([key.tenantId, key.customerId, key.stage, key.channel, key.cycle]),
  ).toString('base64url');
}

export function decodeOutboxTag(tag: string): SendMessage | undefined {
  try {
    const [tenantId, customerId, stage, channel, cycle] = JSON.parse(
      Buffer.from(tag, 'base64url').toString('utf8'),
    ) as string[];
    if (![tenantId, customerId, stage, channel, cycle].every((v) => typeof v === 'string')) return undefined;
    return { tenantId: tenantId!, customerId: customerId!, stage: stage!, channel: channel!, cycle: cycle! };
  } catch {
    return undefined;
  }
}

export function activityIdFor(m: SendMessage): string {
  return `DB-${m.stage}-${m.channel}-${m.cycle}`.slice(0, 64);
}

export async function sendOne(message: SendMessage, deps: SenderDeps): Promise<SendOutcome> {
  const { store } = deps;
  const key = message;
  const entry = await store.getOutbox(key.tenantId, key.customerId, key.stage, key.channel, key.cycle);
  if (!entry) return { result: 'done', reason: 'no such outbox entry' };
  if (FINAL.has(entry.status)) return { result: 'done', reason: `already ${entry.status}` };
  const now = deps.now();
  if (entry.status === 'sending') {
    // A previous attempt claimed it and may have reached SES before crashing. SES's Send event
    // (ses-events) marks it sent; until the claim times out we must not send a second copy.
    const claimedAt = Date.parse(String((entry as unknown as { claimedAt?: string }).claimedAt ?? 0));
    if (now.getTime() - claimedAt < (deps.claimTimeoutMs ?? 15 * 60_000)) {
      return { result: 'retry', reason: 'an earlier attempt is unconfirmed; waiting for its SES event' };
    }
  }
  if (Date.parse(entry.notBefore) > now.getTime())
    return { result: 'retry', reason: `not before ${entry.notBefore}` };
  const settings = await deps.settings(key.tenantId);
  // The account as it stands now, not as the morning's run saw it: a clerk may have synced a new
  // address or set a flag (deceased, dispute, cease contact) since the message was planned.
  const snapshot = await deps.ledger.currentAccount(
    key.tenantId,
    key.customerId,
    officeToday(now, settings.timeZone),
  );
  const to = snapshot?.customer.email;
  if (!snapshot || !to) {
    await store.transitionOutbox(key, ['planned', 'queued', 'approved', 'sending'], 'suppressed', {
      reason: 'no email address on file',
    });
    return { result: 'done', reason: 'no email address on file' };
  }
  const blocks = flagBlocks(snapshot.customer.flags, entry.channel as Channel);
  if (blocks.length > 0) {
    const reason = `${blocks[0]!.rule}: ${blocks[0]!.reason}`;
    await store.transitionOutbox(key, ['planned', 'queued', 'approved', 'sending'], 'suppressed', { reason });
    return { result: 'done', reason };
  }
  if (await store.isSuppressed(key.tenantId, to)) {
    await store.transitionOutbox(key, ['planned', 'queued', 'approved', 'sending'], 'suppressed', {
      reason: 'address suppressed',
    });
    return { result: 'done', reason: 'address suppressed' };
  }
  const claimed = await store.transitionOutbox(
    key,
    entry.status === 'sending' ? ['sending'] : ['planned', 'queued', 'approved'],
    'sending',
    {
      claimedAt: now.toISOString(),
      attempts: (entry.attempts ?? 0) + 1,
    },
  );
  if (!claimed) return { result: 'done', reason: 'another sender claimed it' };

  const email =
    entry.stage === 'statement'
      ? await renderStatementFor(entry, snapshot, settings, deps, to)
      : renderFor(entry, snapshot, settings, deps, to);
  let messageId: string;
  try {
    messageId = await deps.mailer.send(email);
  } catch (e) {
    // SES refused it, so nothing went out: release the claim for the retry.
    await store.transitionOutbox(key, ['sending'], 'queued');
    if (e instanceof MailerThrottledError) return { result: 'retry', reason: e.message };
    throw e;
  }
  await recordSent(deps, key, messageId, now);
  return { result: 'sent', messageId };
}

/** Marks an entry sent and logs the contact on the customer's Activity (idempotent). */
export async function recordSent(
  deps: Pick<SenderDeps, 'store' | 'ledger' | 'settings'>,
  key: SendMessage,
  messageId: string,
  at: Date,
) {
  await deps.store.transitionOutbox(key, ['sending', 'queued', 'planned', 'approved'], 'sent', {
    messageId,
    sentAt: at.toISOString(),
  });
  const settings = await deps.settings(key.tenantId);
  await deps.ledger.logActivity(
    key.tenantId,
    {
      activityId: activityIdFor(key),
      customerId: key.customerId,
      date: at.toISOString().slice(0, 10),
      type: 'email',
      direction: 'outbound',
      stage: key.stage,
      outcome: `sent (SES ${messageId})`,
      by: 'duebook',
    },
    at,
    settings.timeZone,
  );
}

/** The statement for the month before the statement day, built from the customer's whole ledger. */
async function renderStatementFor(
  entry: OutboxEntry,
  snapshot: AccountSnapshot,
  settings: TenantSettings,
  deps: SenderDeps,
  to: string,
) {
  const rows = await deps.store.customerRows(entry.tenantId, entry.customerId);
  const { ledger } = ledgerFromFields(groupByTab(rows));
  const firstOfMonth = `${entry.plannedOn.slice(0, 7)}-01`;
  const to_ = addDays(firstOfMonth, -1);
  const from = `${to_.slice(0, 7)}-01`;
  const statement = buildStatement(ledger, entry.customerId, from, to_);
  const links = unsubscribeLinks(entry, deps, to);
  const rendered = renderStatementEmail(statement, {
    office: { name: settings.officeName, email: settings.officeEmail, phone: settings.officePhone },
    customerName: snapshot.customer.name,
    unsubscribeUrl: links.url,
  });
  return envelope(entry, deps, to, rendered, links);
}

/** The email around a rendered message: addresses, one-click links, and the outbox key as a tag. */
function envelope(
  entry: OutboxEntry,
  deps: SenderDeps,
  to: string,
  rendered: { subject: string; text: string; html: string },
  links: { url: string; mailto: string },
): OutgoingEmail {
  return {
    from: deps.senderAddress,
    to,
    ...rendered,
    unsubscribeUrl: links.url,
    unsubscribeMailto: links.mailto,
    tags: { tenant: entry.tenantId, outbox: encodeOutboxTag(entry) },
  };
}

function unsubscribeLinks(entry: OutboxEntry, deps: SenderDeps, to: string) {
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

function renderFor(
  entry: OutboxEntry,
  snapshot: AccountSnapshot,
  settings: TenantSettings,
  deps: SenderDeps,
  to: string,
) {
  const action = entry.action as {
    kind: string;
    amounts: { currency: string; overdueMinor: number }[];
    invoiceIds: string[];
  };
  const links = unsubscribeLinks(entry, deps, to);
  const unsubscribeUrl = links.url;
  const wanted = new Set(action.invoiceIds);
  const openInvoices = snapshot.accounts.flatMap((a) =>
    a.items
      .filter((i) => wanted.has(i.itemId))
      .map((i) => ({
        invoiceId: i.itemId,
        invoiceDate: i.itemDate,
        dueDate: i.dueDate,
        currency: i.currency,
        openMinor: i.openMinor,
      })),
  );
  const payBy = addDays(entry.plannedOn, 10);
  const stage: ReminderStage =
    action.kind === 'final-demand'
      ? { kind: 'final-demand', handOverAfter: addDays(entry.plannedOn, 15) }
      : { kind: action.kind === 'courtesy' ? 'courtesy' : 'reminder' };
  const rendered = renderReminder(stage, {
    office: { name: settings.officeName, email: settings.officeEmail, phone: settings.officePhone },
    customerName: snapshot.customer.name,
    amounts: action.amounts.map((a) => ({ currency: a.currency, amountMinor: a.overdueMinor })),
    openInvoices,
    payBy,
    unsubscribeUrl,
  });
  return envelope(entry, deps, to, rendered, links);
}
