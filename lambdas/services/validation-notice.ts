// The validation-notice letter: when the daily plan puts a validation notice before dunning, the run
// renders the notice (core's content, 12 CFR 1006.34) as a PDF, keeps it in letter storage and puts
// one review entry linking it; approving it (the clerk mailed it) logs the letter on Activity, which
// is the notice "on record" the planner waits for.

import type { AccountSnapshot } from '../../core/collections/account-snapshot.js';
import type { PlannedAction } from '../../core/collections/collection-plan.js';
import { VALIDATION_STAGE } from '../../core/collections/dunning-policy.js';
import {
  DISPUTE_WINDOW_DAYS,
  type MessageInvoice,
  type ValidationNoticeContext,
} from '../../core/collections/templates.js';
import { validationNoticeDocument } from '../../core/documents/validation-notice.js';
import { addDays } from '../../core/ledger/dates.js';
import { type LetterStorage, safeSegment } from '../shared/letter-storage.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { OutboxEntry } from '../store/outbox-types.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import type { LedgerService } from './ledger-service.js';
import { officeOf } from './sender.js';

/** True for the planned letter of a validation-notice stage. */
export const isValidationLetter = (a: { stage: string; channel: string }) =>
  a.stage === VALIDATION_STAGE.id && a.channel === 'letter';

/** Where a customer's notice of a cycle is kept, under `tenant/<t>/`. */
export function validationNoticePath(customerId: string, cycle: string): string {
  return `letters/validation-notice/${safeSegment(customerId)}/${safeSegment(cycle)}.pdf`;
}

/** The Activity row an approved notice is logged as (a fixed id: approving twice logs it once). */
export function validationNoticeActivityId(customerId: string, cycle: string): string {
  return `VN-${cycle}-${customerId}`.slice(0, 64);
}

/**
 * The notice's content from the account as it stands: every open item, the unapplied credit set
 * against them, the balance per currency, and the dispute deadline 35 days after `asOf`
 * (`DISPUTE_WINDOW_DAYS`: 30 days plus 5 for delivery).
 */
export function validationNoticeContext(
  snapshot: AccountSnapshot,
  settings: TenantSettings,
  asOf: string,
): ValidationNoticeContext {
  const invoices: MessageInvoice[] = [];
  let oldest: string | undefined;
  for (const a of snapshot.accounts) {
    for (const i of a.items) {
      if (i.openMinor <= 0) continue;
      invoices.push({
        invoiceId: i.itemId,
        dueDate: i.dueDate,
        currency: i.currency,
        openMinor: i.openMinor,
      });
      if (oldest === undefined || i.dueDate < oldest) oldest = i.dueDate;
    }
  }
  return {
    office: officeOf(settings),
    customerName: snapshot.customer.name,
    amounts: snapshot.accounts
      .filter((a) => a.balanceMinor > 0)
      .map((a) => ({ currency: a.currency, amountMinor: a.balanceMinor })),
    openInvoices: invoices,
    credits: snapshot.accounts
      .filter((a) => a.unappliedCreditMinor > 0)
      .map((a) => ({ currency: a.currency, amountMinor: a.unappliedCreditMinor })),
    sentOn: asOf,
    disputeBy: addDays(asOf, DISPUTE_WINDOW_DAYS),
    itemizationDate: oldest ?? asOf,
    requireIdentity: true,
  };
}

export type ValidationNoticeOutcome = 'already-recorded' | 'awaiting-review';

/**
 * Records the planned validation-notice letter once per (customer, stage, cycle): renders the
 * notice as a PDF (refused, with `OfficeIdentityError`, while the office's legal name or address is
 * missing), stores it at `validationNoticePath` and puts an `awaiting-review` entry (channel
 * `letter`) whose `action.letter.pdf` names it. An entry already there is left alone.
 */
export async function recordValidationNotice(
  action: PlannedAction,
  snapshot: AccountSnapshot,
  context: {
    tenantId: string;
    settings: TenantSettings;
    asOf: string;
    now: Date;
    store: LedgerStore;
    letters: LetterStorage;
  },
): Promise<ValidationNoticeOutcome> {
  const { tenantId, settings, asOf, now, store, letters } = context;
  const key = {
    tenantId,
    customerId: action.customerId,
    stage: action.stage,
    channel: 'letter',
    cycle: action.cycle,
  };
  if (await store.getOutbox(tenantId, key.customerId, key.stage, key.channel, key.cycle))
    return 'already-recorded';
  const ctx = validationNoticeContext(snapshot, settings, asOf);
  const doc = validationNoticeDocument(
    ctx,
    {
      customerId: snapshot.customerId,
      name: snapshot.customer.name,
      ...(snapshot.customer.address ? { address: snapshot.customer.address } : {}),
    },
    settings.logo ? { logo: settings.logo } : {},
  );
  // The PDF writer loads only when a notice is made (a debtor's first letter, not every day's).
  const { renderPdf } = await import('../documents/pdf.js');
  const pdf = await renderPdf(doc, { createdAt: now, author: settings.officeName });
  const pdfKey = await letters.put(
    tenantId,
    validationNoticePath(action.customerId, action.cycle),
    pdf,
    'application/pdf',
  );
  const entry: OutboxEntry = {
    ...key,
    status: 'awaiting-review',
    plannedOn: asOf,
    notBefore: action.notBefore,
    attempts: 0,
    action: {
      ...(action as unknown as Record<string, unknown>),
      letter: { pdf: pdfKey, disputeBy: ctx.disputeBy },
      explanation: {
        ...action.explanation,
        summary: `${action.explanation.summary} Print and mail the validation notice ${pdfKey} (the debtor may dispute until ${ctx.disputeBy}); approving records it as mailed on Activity.`,
      },
    },
  };
  return (await store.putOutboxOnce(entry)) ? 'awaiting-review' : 'already-recorded';
}

export type NoticeDecision =
  | { status: 'mailed'; activityId: string; letter: string }
  | { status: 'unchanged' };

/**
 * A clerk's approval of a validation-notice letter: the letter was mailed. Logs it on Activity
 * (letter, outbound, stage `validation-notice`, the day of approval; fixed id, so a retry after a
 * failed write logs it once), then moves the entry to `approved`. The entry never reaches the
 * sender: it is a letter, not an email.
 */
export async function approveValidationNotice(
  entry: OutboxEntry,
  context: {
    store: LedgerStore;
    ledger: LedgerService;
    settings: TenantSettings;
    asOf: string;
    now: Date;
    by: string;
  },
): Promise<NoticeDecision> {
  if (entry.status !== 'awaiting-review' || !isValidationLetter(entry)) return { status: 'unchanged' };
  const letter = String((entry.action.letter as { pdf?: string } | undefined)?.pdf ?? '');
  const activityId = validationNoticeActivityId(entry.customerId, entry.cycle);
  await context.ledger.logActivity(
    entry.tenantId,
    {
      activityId,
      customerId: entry.customerId,
      date: context.asOf,
      type: 'letter',
      direction: 'outbound',
      stage: VALIDATION_STAGE.id,
      outcome: 'mailed',
      note: `validation notice mailed (${letter})`,
      by: context.by,
    },
    context.now,
    context.settings.timeZone,
  );
  const moved = await context.store.transitionOutbox(
    {
      tenantId: entry.tenantId,
      customerId: entry.customerId,
      stage: entry.stage,
      channel: entry.channel,
      cycle: entry.cycle,
    },
    ['awaiting-review'],
    'approved',
    { decidedBy: context.by, decidedAt: context.now.toISOString(), decision: 'mailed' },
  );
  return moved ? { status: 'mailed', activityId, letter } : { status: 'unchanged' };
}

/** The add-on's and API's view of the letter an entry links, if any. */
export function letterOf(
  entry: Pick<OutboxEntry, 'action'>,
): { pdf: string; disputeBy?: string } | undefined {
  const l = entry.action?.letter as { pdf?: unknown; disputeBy?: unknown } | undefined;
  if (!l || typeof l.pdf !== 'string') return undefined;
  return { pdf: l.pdf, ...(typeof l.disputeBy === 'string' ? { disputeBy: l.disputeBy } : {}) };
}
