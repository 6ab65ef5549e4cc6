// The message archive as `GET /v1/messages` answers it: each message sent, and the Activity rows
// Duebook logged for the customer (the review queue's views are in queue-view.ts).
import { activityIdFor } from '../services/sent-record.js';
import type { StoredRow } from '../store/ledger-store.js';
import type { ArchivedMessage } from '../store/outbox-types.js';

/** One archived message as `GET /v1/messages` answers it, with the Activity row it was logged as. */
export function messageView(m: ArchivedMessage) {
  return {
    customerId: m.customerId,
    stage: m.stage,
    channel: m.channel,
    cycle: m.cycle,
    to: m.to,
    subject: m.subject,
    sentAt: m.sentAt,
    localTime: m.localTime,
    officeTime: m.officeTime,
    zone: m.zone,
    text: m.text,
    html: m.html,
    messageId: m.messageId,
    outboxKey: m.outboxKey,
    activityId: activityIdFor(m),
    policyVersion: m.policyVersion,
    amounts: m.amounts,
  };
}

/** Who Duebook's own Activity rows are by (the sender's sends and cancellations, placements). */
const DUEBOOK = 'duebook';

/**
 * The Activity rows Duebook wrote for a customer (emails sent, messages not sent with the rule and
 * reason, placements), oldest first: the sheet does not hold them, so the sidebar's history takes
 * them from here.
 */
export function duebookActivity(rows: readonly StoredRow[]) {
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return rows
    .filter((r) => r.tab === 'Activity' && String(r.fields.by ?? '').toLowerCase() === DUEBOOK)
    .map((r) => {
      const f = r.fields;
      const line = {
        activityId: r.rowId,
        date: String(f.date ?? ''),
        type: String(f.type ?? 'note'),
        direction: String(f.direction ?? 'outbound'),
        stage: text(f.stage),
        outcome: text(f.outcome),
        note: text(f.note),
        by: DUEBOOK,
      };
      return Object.fromEntries(Object.entries(line).filter(([, v]) => v !== undefined));
    })
    .sort((a, b) => String(a.date).localeCompare(String(b.date)));
}
