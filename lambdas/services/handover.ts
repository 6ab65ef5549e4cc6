// Hand-over to an attorney or agency (issue #5): when the day's plan reaches a customer's hand-over
// stage, the daily run builds the packet from the customer's whole ledger rows, keeps the PDF and
// CSV in letter storage and puts one entry in the review queue instead of sending anything. A
// clerk's approval places the account (placed flag, Placed With, Placed On, an Activity row),
// which stops Duebook's own dunning. A refused placement becomes a task with its reasons.

import { withoutRefusedCharges } from '../../core/compliance/charge-refusals.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import { ledgerFromFields, type RowFields } from '../../core/ledger/schema-rows.js';
import { type HandoverCandidate, placeAccount, placementRefusals } from '../../core/lifecycle/handover.js';
import { type LetterStorage, safeSegment } from '../shared/letter-storage.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { OutboxEntry } from '../store/outbox-types.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { groupByTab, type LedgerService } from './ledger-service.js';

/** The outbox channel of a hand-over entry: never dispatched to the sender, only reviewed. */
export const HANDOVER_CHANNEL = 'handover';

/** Who accounts are handed to when the office has not named anyone. */
export const DEFAULT_HANDOVER_TO = 'the agency';

export const handoverTo = (settings: TenantSettings) => settings.handoverTo?.trim() || DEFAULT_HANDOVER_TO;

/** Where a customer's packet of `asOf` is kept, under `tenant/<t>/`. */
export function handoverPath(customerId: string, asOf: string, ext: 'pdf' | 'csv'): string {
  return `handover/${safeSegment(customerId)}/${asOf}.${ext}`;
}

async function customerLedger(store: LedgerStore, tenantId: string, customerId: string): Promise<Ledger> {
  // Refused fee and interest rows are not owed, so they are not handed over either.
  return withoutRefusedCharges(
    ledgerFromFields(groupByTab(await store.customerRows(tenantId, customerId))).ledger,
  ).ledger;
}

export type HandoverOutcome = 'already-recorded' | 'awaiting-review' | 'task';

/**
 * Records one hand-over candidate once per (customer, stage, cycle): a review entry with the packet
 * stored, or, when the placement would be refused, a task naming every reason. A candidate already
 * in the outbox is left alone (no second packet).
 */
export async function recordHandover(
  candidate: HandoverCandidate,
  cycle: string,
  context: {
    tenantId: string;
    settings: TenantSettings;
    asOf: string;
    now: Date;
    notBefore: string;
    promiseGraceDays: number;
    store: LedgerStore;
    letters: LetterStorage;
  },
): Promise<HandoverOutcome> {
  const { tenantId, settings, asOf, now, store, letters } = context;
  const key = {
    tenantId,
    customerId: candidate.customerId,
    stage: candidate.stage,
    channel: HANDOVER_CHANNEL,
    cycle,
  };
  if (await store.getOutbox(tenantId, key.customerId, key.stage, key.channel, key.cycle))
    return 'already-recorded';
  // The packet needs every payment and contact, not the snapshot's recent ones: the whole rows.
  const ledger = await customerLedger(store, tenantId, candidate.customerId);
  const customer = ledger.customers.find((c) => c.customerId === candidate.customerId);
  if (!customer) return 'already-recorded';
  const to = handoverTo(settings);
  const refusals = placementRefusals(ledger, customer, {
    asOf,
    promiseGraceDays: context.promiseGraceDays,
  });
  const base = { ...key, plannedOn: asOf, notBefore: context.notBefore, attempts: 0 };
  if (refusals.length > 0) {
    const entry: OutboxEntry = {
      ...base,
      status: 'task',
      action: {
        kind: 'handover',
        customerName: customer.name,
        refusals,
        explanation: {
          ...candidate.explanation,
          rule: refusals[0]!.rule,
          summary: `${customer.name} (${customer.customerId}) reached the hand-over stage but may not be handed over to ${to}: ${refusals.map((r) => r.reason).join('; ')}.`,
        },
      },
    };
    return (await store.putOutboxOnce(entry)) ? 'task' : 'already-recorded';
  }
  const office = {
    name: settings.officeName,
    email: settings.officeEmail,
    ...(settings.officePhone ? { phone: settings.officePhone } : {}),
  };
  // The packet's layout and the PDF writer load only when a packet is made (few days make one).
  const [{ buildHandoverPacket }, { renderPdf }] = await Promise.all([
    import('../../core/lifecycle/handover-packet.js'),
    import('../documents/pdf.js'),
  ]);
  const packet = buildHandoverPacket(ledger, candidate.customerId, {
    asOf,
    placedWith: to,
    office,
    promiseGraceDays: context.promiseGraceDays,
  });
  const pdf = await renderPdf(packet.document, { createdAt: now, author: settings.officeName });
  const pdfKey = await letters.put(
    tenantId,
    handoverPath(candidate.customerId, asOf, 'pdf'),
    pdf,
    'application/pdf',
  );
  const csvKey = await letters.put(
    tenantId,
    handoverPath(candidate.customerId, asOf, 'csv'),
    packet.csv,
    'text/csv; charset=utf-8',
  );
  const entry: OutboxEntry = {
    ...base,
    status: 'awaiting-review',
    action: {
      kind: 'handover',
      customerName: customer.name,
      placeWith: to,
      packet: { pdf: pdfKey, csv: csvKey },
      explanation: {
        ...candidate.explanation,
        rule: 'handover/due',
        summary: `hand over to ${to}: ${candidate.explanation.summary} Approving places the account (flag placed) and stops Duebook's dunning; the packet is ${pdfKey} and ${csvKey}.`,
      },
    },
  };
  return (await store.putOutboxOnce(entry)) ? 'awaiting-review' : 'already-recorded';
}

export type PlacementDecision =
  | { status: 'placed'; placedWith: string; activityId: string; explanation: string }
  | { status: 'refused'; refusals: { rule: string; reason: string }[] }
  | { status: 'unchanged' };

/** A placement decided on a hand-over entry, kept on it until its writes are done (`action.placement`). */
interface RecordedPlacement {
  placedWith: string;
  placedOn: string;
  by: string;
  activity: RowFields & { activityId: string; customerId: string };
  explanation: string;
}

/**
 * A clerk's approval of a hand-over entry: checks the placement again on the rows as they are now
 * and keeps the decided placement on the entry (still `awaiting-review`), then gives the stored
 * Customers row the placed flag, Placed With and Placed On (kept as the row's patch until the sheet
 * shows them, see lambdas/store/row-patch.ts), adds the placement's Activity row and recomputes the
 * account, and only then moves the entry to `approved` (once: a second approval finds it moved).
 * Both writes are idempotent (the patch sets the same values, the Activity row has a fixed id), so
 * when one fails the entry stays in the queue and approving it again finishes the same placement
 * (the recorded one, not a fresh check, which would now see the half-written placement). A refusal
 * turns the entry into a task with the reasons.
 */
export async function approveHandover(
  entry: OutboxEntry,
  context: {
    store: LedgerStore;
    ledger: LedgerService;
    settings: TenantSettings;
    asOf: string;
    now: Date;
    by: string;
    promiseGraceDays: number;
  },
): Promise<PlacementDecision> {
  const { store, asOf, now, by } = context;
  const key = {
    tenantId: entry.tenantId,
    customerId: entry.customerId,
    stage: entry.stage,
    channel: entry.channel,
    cycle: entry.cycle,
  };
  if (entry.status !== 'awaiting-review') return { status: 'unchanged' };
  const decided = { decidedBy: by, decidedAt: now.toISOString() };
  let placement = entry.action.placement as RecordedPlacement | undefined;
  if (!placement) {
    const ledger = await customerLedger(store, entry.tenantId, entry.customerId);
    const placedWith = String(entry.action.placeWith ?? handoverTo(context.settings));
    const placed = placeAccount(ledger, entry.customerId, {
      with: placedWith,
      on: asOf,
      by,
      stage: entry.stage,
      promiseGraceDays: context.promiseGraceDays,
    });
    if (!placed.ok) {
      const moved = await store.transitionOutbox(key, ['awaiting-review'], 'task', {
        ...decided,
        refusals: placed.refusals,
      });
      return moved ? { status: 'refused', refusals: placed.refusals } : { status: 'unchanged' };
    }
    const { row: _row, ...activity } = placed.activity;
    placement = {
      placedWith,
      placedOn: asOf,
      by,
      activity: activity as unknown as RecordedPlacement['activity'],
      explanation: placed.explanation,
    };
    // Kept before anything is written, so a retry after a failed write repeats this placement.
    if (
      !(await store.transitionOutbox(key, ['awaiting-review'], 'awaiting-review', {
        action: { ...entry.action, placement },
      }))
    )
      return { status: 'unchanged' };
  }
  await store.patchCustomerRow(
    entry.tenantId,
    entry.customerId,
    {
      addFlags: ['placed'],
      set: { placedWith: placement.placedWith, placedOn: placement.placedOn },
      reason: `placed with ${placement.placedWith} (hand-over approved by ${placement.by})`,
      at: now.toISOString(),
    },
    now.toISOString(),
  );
  await context.ledger.logActivity(entry.tenantId, placement.activity, now, context.settings.timeZone);
  if (!(await store.transitionOutbox(key, ['awaiting-review'], 'approved', decided)))
    return { status: 'unchanged' };
  return {
    status: 'placed',
    placedWith: placement.placedWith,
    activityId: placement.activity.activityId,
    explanation: placement.explanation,
  };
}
