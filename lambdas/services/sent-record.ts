// A send confirmed: the outbox entry marked sent, its message archived and the contact logged on the
// customer's Activity. Shared by the sender (after SES accepts a message) and the ses-events
// handler (SES's Send event); kept apart from sender.ts so ses-events does not load the composing
// and rendering of messages.
import { createHash } from 'node:crypto';
import { localTime } from '../../core/ledger/dates.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { type OutboxStatus, unpackMessage } from '../store/outbox-types.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import type { ActivityLog } from './activity-log.js';
import type { SendMessage } from './send-message.js';

/** What recording a send needs: the store, where the contact is logged, and the office's settings. */
export interface SentRecordDeps {
  store: LedgerStore;
  /** The LedgerService, or the ActivityLog alone (all the ses-events handler loads). */
  ledger: Pick<ActivityLog, 'logActivity'>;
  settings: (tenantId: string) => Promise<TenantSettings>;
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

/**
 * The Activity row id of a contact Duebook made: one per customer and outbox entry. Row ids are
 * unique across the tenant's Activity tab, so the customer is part of it (two customers whose
 * invoices fall due on the same day must not share one row); an id past the 64-character limit
 * is replaced by its hash.
 */
export function activityIdFor(
  m: Pick<SendMessage, 'customerId' | 'stage' | 'channel' | 'cycle'>,
  prefix = 'DB',
): string {
  const id = `${prefix}-${m.customerId}-${m.stage}-${m.channel}-${m.cycle}`;
  return id.length <= 64 ? id : `${prefix}-${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}

/** The outbox key as the archive and the API show it. */
export function outboxKeyText(m: Pick<SendMessage, 'stage' | 'channel' | 'cycle'>): string {
  return `${m.stage}#${m.channel}#${m.cycle}`;
}

/**
 * Marks an entry sent, archives the message rendered at its claim, and logs the contact on the
 * customer's Activity dated on the debtor's local day (idempotent: the sender and SES's Send event
 * may both call it). Returns false when there is no such entry or it was settled otherwise.
 */
export async function recordSent(
  deps: SentRecordDeps,
  key: SendMessage,
  messageId: string,
  at: Date,
  /** When SES says it sent the message (the Send event's timestamp), if known. */
  sentTimestamp?: string,
): Promise<boolean> {
  const entry = await deps.store.getOutbox(key.tenantId, key.customerId, key.stage, key.channel, key.cycle);
  if (!entry) return false;
  // Only a send Duebook claimed can be confirmed: a tag naming an entry never handed to SES is not.
  // A clerk who settled an unconfirmed send ("it was sent, don't resend") left it `skipped`; SES's
  // late Send event still records and archives it.
  const from: OutboxStatus[] = entry.claimedAt
    ? ['sending', 'uncertain', 'skipped']
    : ['sending', 'uncertain'];
  if (entry.status !== 'sent' && !from.includes(entry.status)) return false;
  // SES has the message (this runs after it accepted it, or on its Send event): archive it and log
  // the contact before marking the entry sent, so that a crash in between leaves the entry
  // `sending`, which the Send event or the review queue settles, never `sent` with neither.
  const settings = await deps.settings(key.tenantId);
  const rendered = unpackMessage(entry.message);
  const sentAt = entry.sentAt ?? validInstant(sentTimestamp) ?? at.toISOString();
  const sentMs = Date.parse(sentAt);
  const zone = rendered?.zone ?? settings.timeZone;
  const debtorDay = localTime(sentMs, zone).date;
  if (rendered) {
    await deps.store.archiveMessage(key.tenantId, {
      ...rendered,
      customerId: key.customerId,
      stage: key.stage,
      channel: key.channel,
      cycle: key.cycle,
      outboxKey: outboxKeyText(key),
      sentAt,
      localTime: wallClock(sentMs, zone),
      officeTime: wallClock(sentMs, settings.timeZone),
      messageId: entry.messageId ?? messageId,
    });
  }
  await deps.ledger.logActivity(
    key.tenantId,
    {
      activityId: activityIdFor(key),
      customerId: key.customerId,
      date: debtorDay,
      type: 'email',
      direction: 'outbound',
      stage: key.stage,
      outcome: `sent ${wallClock(sentMs, settings.timeZone)} (SES ${entry.messageId ?? messageId})`,
      by: 'duebook',
    },
    at,
    settings.timeZone,
  );
  if (entry.status !== 'sent') {
    const moved = await deps.store.transitionOutbox(key, from, 'sent', {
      messageId,
      sentAt: validInstant(sentTimestamp) ?? at.toISOString(),
    });
    if (!moved) {
      const again = await deps.store.getOutbox(
        key.tenantId,
        key.customerId,
        key.stage,
        key.channel,
        key.cycle,
      );
      if (again?.status !== 'sent') return false;
    }
  }
  return true;
}

function validInstant(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** An instant on a zone's wall clock: `2026-11-23 20:30 America/New_York`. */
export function wallClock(instantMs: number, zone: string): string {
  const t = localTime(instantMs, zone);
  return `${t.date} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')} ${zone}`;
}
