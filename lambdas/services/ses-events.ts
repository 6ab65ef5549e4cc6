// SES event notifications (via the configuration set): confirm sends, suppress bounced and
// complaining addresses, and open a trace task for the customer.

import { log } from '../shared/log.js';
import type { DebtorStore } from '../store/debtor-store.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { MailStandingStore } from '../store/mail-standing-store.js';
import { countMailEvent } from './mail-standing.js';
import { decodeOutboxTag, recordSent, type SentRecordDeps } from './sent-record.js';
import { readSesEvent } from './ses-event-shape.js';

export interface SesEventOutcome {
  eventType: string;
  action: 'recorded-send' | 'suppressed' | 'tracked' | 'ignored';
  detail: string;
}

export async function handleSesEvent(
  raw: unknown,
  deps: SentRecordDeps & {
    store: LedgerStore;
    now: () => Date;
    /** Where opens and clicks are recorded (SES's Open and Click events need the configuration set's tracking). */
    debtor?: DebtorStore;
    /** Each office's send, bounce and complaint counts, and its automatic pause (services/mail-standing.ts). */
    standing?: MailStandingStore;
  },
): Promise<SesEventOutcome> {
  const read = readSesEvent(raw);
  if (!read.ok)
    return { eventType: 'unknown', action: 'ignored', detail: `not an SES event: ${read.problem}` };
  const event = read.event;
  const key = decodeOutboxTag(event.mail.tags.outbox?.[0] ?? '');
  const tagged = key?.tenantId ?? event.mail.tags.tenant?.[0];
  if (!tagged)
    return { eventType: event.eventType, action: 'ignored', detail: 'message carries no tenant tag' };
  const tenantId: string = tagged;
  const now = deps.now();
  // The office's rates: every Send counts, permanent bounces and complaints count against it.
  const counted =
    event.eventType === 'Send'
      ? 'sends'
      : event.eventType === 'Complaint'
        ? 'complaints'
        : event.eventType === 'Bounce' && event.bounce?.bounceType === 'Permanent'
          ? 'bounces'
          : undefined;
  // Counted alongside the event's own work (one round trip of latency, not two).
  const counting =
    deps.standing && counted
      ? countMailEvent(
          tenantId,
          counted,
          now,
          { standing: deps.standing, timeZone: async (t) => (await deps.settings(t)).timeZone },
          // SNS (or EventBridge) may deliver the same event twice: it counts once.
          `${event.mail.messageId}#${event.eventType}`,
        ).then((standing) => {
          if (standing.duplicate)
            log('info', 'SES event already counted', {
              tenantId,
              messageId: event.mail.messageId,
              eventType: event.eventType,
            });
          if (standing.paused)
            log('warn', 'office sending paused', {
              code: 'MAIL.OFFICE_PAUSED',
              tenantId,
              ...standing.paused,
            });
          else if (standing.warned)
            log('warn', 'office sending warning', {
              code: 'MAIL.OFFICE_WARNING',
              tenantId,
              reason: standing.warned,
            });
        })
      : undefined;
  const [outcome] = await Promise.all([act(), counting]);
  return outcome;

  async function act(): Promise<SesEventOutcome> {
    switch (event.eventType) {
      case 'Send': {
        if (!key) return { eventType: 'Send', action: 'ignored', detail: 'no outbox tag' };
        // Only an entry Duebook claimed for sending (or already recorded) is confirmed; a tag naming
        // no entry, or one that was never sent, is not logged as a contact.
        if (!(await recordSent(deps, key, event.mail.messageId, now, event.mail.timestamp))) {
          return {
            eventType: 'Send',
            action: 'ignored',
            detail: `no outbox entry ${key.customerId} ${key.stage}#${key.channel}#${key.cycle} awaiting confirmation`,
          };
        }
        return { eventType: 'Send', action: 'recorded-send', detail: `${key.customerId} ${key.stage}` };
      }
      case 'Bounce':
      case 'Complaint': {
        // Transient bounces (mailbox full, try later) do not suppress; permanent ones and complaints do.
        if (event.eventType === 'Bounce' && event.bounce?.bounceType !== 'Permanent') {
          return {
            eventType: 'Bounce',
            action: 'ignored',
            detail: `${event.bounce?.bounceType ?? 'unknown'} bounce`,
          };
        }
        const recipients =
          event.eventType === 'Bounce'
            ? (event.bounce?.bouncedRecipients ?? []).map((r) => r.emailAddress)
            : (event.complaint?.complainedRecipients ?? []).map((r) => r.emailAddress);
        const reason =
          event.eventType === 'Bounce'
            ? `permanent bounce (${event.bounce?.bounceSubType ?? 'General'})`
            : 'complaint';
        for (const email of recipients) {
          await deps.store.suppress(
            tenantId,
            email,
            reason,
            now.toISOString(),
            `ses:${event.mail.messageId}`,
          );
        }
        if (key) {
          await deps.store.openTrace(tenantId, key.customerId, now.toISOString(), reason, {
            emails: recipients,
            messageId: event.mail.messageId,
            stage: key.stage,
          });
        }
        return { eventType: event.eventType, action: 'suppressed', detail: recipients.join(', ') };
      }
      case 'Open':
      case 'Click': {
        if (!key || !deps.debtor)
          return { eventType: event.eventType, action: 'ignored', detail: 'no outbox tag' };
        const link = event.click?.link;
        await deps.debtor.track(key.tenantId, {
          customerId: key.customerId,
          kind: event.eventType === 'Open' ? 'open' : 'click',
          at: event.open?.timestamp ?? event.click?.timestamp ?? now.toISOString(),
          outboxKey: `${key.stage}#${key.channel}#${key.cycle}`,
          messageId: event.mail.messageId,
          // Which of the message's links: the signed tokens are not kept, only what the link was for.
          ...(link ? { link: linkKind(link) } : {}),
        });
        return { eventType: event.eventType, action: 'tracked', detail: `${key.customerId} ${key.stage}` };
      }
      default:
        return { eventType: event.eventType, action: 'ignored', detail: 'not an event Duebook acts on' };
    }
  }
}

/** What a clicked link was for: `pay`, `portal`, `unsubscribe`, or the link's host. */
export function linkKind(link: string): string {
  try {
    const url = new URL(link);
    const path = url.pathname.replace(/\/+$/, '');
    if (path.endsWith('/v1/pay')) return 'pay';
    if (path.endsWith('/v1/portal')) return 'portal';
    if (path.endsWith('/v1/unsubscribe')) return 'unsubscribe';
    return url.host;
  } catch {
    return 'unknown';
  }
}
