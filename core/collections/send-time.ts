// Send-time truth: decides, at the instant a message would leave, whether it may still go, and
// computes once the figures it states and the table it shows, from the account as it stands then.

import { type AccountSnapshot, ledgerFromSnapshots } from '../collections/account-snapshot.js';
import { contactZones, windowInAllZones } from '../compliance/jurisdiction.js';
import { addDays, type IsoDate } from '../ledger/dates.js';
import { type PlannedAction, planCollections } from './collection-plan.js';
import { checkStatement } from './contact-rules.js';
import type { DunningPolicy } from './dunning-policy.js';
import type { MessageTemplate, Tone } from './message-templates.js';
import { type StatementArrangement, statementArrangement } from './statement-policy.js';
import type {
  MessageContext,
  MessageInvoice,
  MoneyAmount,
  OfficeContact,
  ReminderStage,
  RenderedMessage,
} from './templates.js';
import { itemKindOf, renderReminder } from './templates.js';

/**
 * A message must start leaving at least this long before the contact window closes, so that the
 * send itself (a database write and the mail call) cannot cross 21:00 in the debtor's zone.
 */
export const SEND_MARGIN_MS = 2 * 60_000;

/** Days after the send date the office asks to be paid by, and after which a final notice hands over. */
export const PAY_BY_DAYS = 10;
export const HAND_OVER_AFTER_DAYS = 15;

/** The outbox entry a decision is about: customer, stage, channel and cycle. */
export interface OutboxRef {
  customerId: string;
  stage: string;
  channel: string;
  cycle: string;
}

/** What a reminder states, per currency, computed once: the rows of its table and their total. */
export interface MessageFigures {
  invoices: MessageInvoice[];
  /** Credit set against the listed invoices, per currency (only currencies with some). */
  credits: MoneyAmount[];
  /** The amount stated per currency: the listed invoices less the credit, which the table's total shows. */
  totals: MoneyAmount[];
}

export type SendTimeDecision =
  | {
      kind: 'send';
      /** The planner's action as of the send instant (its amounts and invoices are the account's now). */
      action: PlannedAction;
      figures: MessageFigures;
      /** The debtor's zone the window was checked in, and the send instant on their wall clock. */
      zone: string;
      localText: string;
      /** The office's date at the send instant: pay-by and hand-over dates count from it. */
      asOf: IsoDate;
      policyVersion: string;
    }
  | { kind: 'wait'; notBefore: number; localText: string; zone: string; reason: string }
  | { kind: 'cancel'; rule: string; reason: string };

/**
 * The zones a debtor is contacted in (core/compliance/jurisdiction.ts): their Time Zone cell, else
 * the zones their address and phone give (all of them when they disagree), else the office's zone
 * with every US mainland zone. The first is the one their local times are shown in.
 */
export function debtorZones(
  customer: { timeZone?: string; address?: string; phone?: string },
  officeZone: string,
): string[] {
  return contactZones(customer, officeZone).zones;
}

/**
 * Whether `now` is a moment a message may start leaving: inside 08:00-21:00 in every candidate
 * zone, and still inside it `SEND_MARGIN_MS` later. When not, the next instant the window is open
 * in all of them (undefined when the zones share no hour within a week).
 */
export function sendWindow(
  now: number,
  zones: readonly string[],
):
  | { inWindow: true; localText: string }
  | { inWindow: false; notBefore?: number; localText: string; reason: string } {
  const start = windowInAllZones(now, zones);
  const end = windowInAllZones(now + SEND_MARGIN_MS, zones);
  if (start.inWindow && end.inWindow) return { inWindow: true, localText: start.localText };
  const next = start.inWindow ? end : start;
  return {
    inWindow: false,
    ...(next.notBefore === undefined ? {} : { notBefore: next.notBefore }),
    localText: next.localText,
    reason: next.reason,
  };
}

/** A decision to wait for the window, or to hold when the candidate zones share no hour. */
function waitFor(
  window: Exclude<ReturnType<typeof sendWindow>, { inWindow: true }>,
  zones: readonly string[],
): Exclude<SendTimeDecision, { kind: 'send' }> {
  if (window.notBefore === undefined) {
    return { kind: 'cancel', rule: 'window/no-common-hours', reason: window.reason };
  }
  return {
    kind: 'wait',
    notBefore: window.notBefore,
    localText: window.localText,
    zone: zones[0]!,
    reason: `outside 08:00-21:00 in the debtor's zone${zones.length > 1 ? 's' : ''} (${zones.join(', ')}); waits until ${window.localText}`,
  };
}

/**
 * The figures a reminder states, from the customer's account now: each invoice the action names
 * with its open amount, the credit the planner set against them, and per currency a total that is
 * the stated amount. Throws if the planner's amounts cannot be reconciled with the items (a bug).
 */
export function messageFigures(
  snapshot: Pick<AccountSnapshot, 'accounts' | 'customerId'>,
  action: PlannedAction,
): MessageFigures {
  const wanted = new Set(action.invoiceIds);
  const invoices: MessageInvoice[] = [];
  const credits: MoneyAmount[] = [];
  const totals: MoneyAmount[] = [];
  for (const amount of action.amounts) {
    const items = snapshot.accounts
      .filter((a) => a.currency === amount.currency)
      .flatMap((a) => a.items.filter((i) => wanted.has(i.itemId) && i.openMinor > 0));
    let listed = 0;
    for (const i of items) {
      invoices.push({
        invoiceId: i.itemId,
        invoiceDate: i.itemDate,
        dueDate: i.dueDate,
        currency: i.currency,
        openMinor: i.openMinor,
        ...itemKindOf(i),
      });
      listed += i.openMinor;
    }
    // A courtesy reminder (nothing overdue yet) states what falls due: the listed items in full.
    const stated = action.kind === 'courtesy' || amount.overdueMinor === 0 ? listed : amount.overdueMinor;
    if (stated > listed || !Number.isSafeInteger(listed)) {
      throw new RangeError(
        `the amount due (${amount.overdueMinor} ${amount.currency}) exceeds the invoices listed for ${snapshot.customerId}`,
      );
    }
    if (listed > stated) credits.push({ currency: amount.currency, amountMinor: listed - stated });
    totals.push({ currency: amount.currency, amountMinor: stated });
  }
  return { invoices, credits, totals };
}

/**
 * Decides, at `now`, whether the reminder `ref` may go to the customer of `snapshot`: the planner
 * runs over this one account as it stands (flags and suppressions already marked on it), so a
 * payment, promise, plan, dispute, flag or contact cap since the plan cancels the message with
 * the rule that now blocks it; a different stage now due, or nothing due, cancels it too. If it
 * may go but the debtor's window is closed, it waits for the next window.
 *
 * @example decideAtSendTime({ snapshot, ref, policy, now, officeZone: 'America/New_York', asOf: '2026-11-23' })
 */
export function decideAtSendTime(input: {
  snapshot: AccountSnapshot;
  ref: OutboxRef;
  policy: DunningPolicy;
  now: number;
  officeZone: string;
  asOf: IsoDate;
}): SendTimeDecision {
  const { snapshot, ref, policy, now, officeZone, asOf } = input;
  // The stage may already be carried out on another of its channels (the clerk logged its letter
  // or call): that contact still counts against the caps, but does not make this channel's part done.
  const activity = snapshot.activity.map((a) =>
    a.stage === ref.stage && a.type !== ref.channel ? { ...a, stage: undefined } : a,
  );
  const { ledger, book } = ledgerFromSnapshots([{ ...snapshot, activity }], asOf);
  const plan = planCollections({ ledger, book, policy, asOf, now, defaultTimeZone: officeZone });
  const blocked = plan.blocked.find((b) => b.customerId === ref.customerId && b.channel === ref.channel);
  const action = plan.actions.find((a) => a.customerId === ref.customerId && a.channel === ref.channel);
  if (!action) {
    if (blocked) return { kind: 'cancel', rule: blocked.rule, reason: blocked.explanation.summary };
    return {
      kind: 'cancel',
      rule: 'send-time/nothing-due',
      reason: `nothing is due from ${snapshot.customer.name} any more (paid, credited or no longer overdue as of ${asOf})`,
    };
  }
  if (action.stage !== ref.stage) {
    return {
      kind: 'cancel',
      rule: 'send-time/superseded',
      reason: `the ${ref.stage} planned for cycle ${ref.cycle} is no longer the stage due: the account now calls for ${action.stage}`,
    };
  }
  const zones = debtorZones(snapshot.customer, officeZone);
  const window = sendWindow(now, zones);
  if (!window.inWindow) return waitFor(window, zones);
  const zone = zones[0]!;
  const figures = messageFigures(snapshot, action);
  if (figures.totals.every((t) => t.amountMinor <= 0)) {
    return {
      kind: 'cancel',
      rule: 'send-time/nothing-due',
      reason: `nothing is due from ${snapshot.customer.name} any more as of ${asOf}`,
    };
  }
  return {
    kind: 'send',
    action,
    figures,
    zone,
    localText: window.localText,
    asOf,
    policyVersion: plan.policyVersion,
  };
}

/**
 * Decides whether the monthly statement may go now: something is owed, and core's statement check
 * (flags, consent, the caps of the customer's rule set, the window in every candidate zone)
 * lets it through at this instant.
 */
export function decideStatementAtSendTime(input: {
  snapshot: AccountSnapshot;
  policy: DunningPolicy;
  now: number;
  officeZone: string;
  asOf: IsoDate;
}):
  | {
      kind: 'send';
      zone: string;
      localText: string;
      /** A pending promise or plan in good standing the statement must state and not contradict. */
      arrangement?: StatementArrangement;
    }
  | Exclude<SendTimeDecision, { kind: 'send' }> {
  const { snapshot, policy, now, officeZone, asOf } = input;
  if (!snapshot.accounts.some((a) => a.balanceMinor > 0)) {
    return {
      kind: 'cancel',
      rule: 'send-time/nothing-due',
      reason: `${snapshot.customer.name} owes nothing as of ${asOf}`,
    };
  }
  const check = checkStatement({
    customer: snapshot.customer,
    asOf,
    now,
    officeZone,
    defaultPreset: policy.contactPreset,
    activity: snapshot.activity,
    planned: [],
  });
  const block = check.blocks.find((b) => b.rule !== 'window/no-common-hours');
  if (block) return { kind: 'cancel', rule: block.rule, reason: block.reason };
  const zones = check.zones.length > 0 ? check.zones : debtorZones(snapshot.customer, officeZone);
  const window = sendWindow(now, zones);
  if (!window.inWindow) return waitFor(window, zones);
  // Informational, so it goes during a promise or plan, worded so it does not contradict it.
  const arrangement = statementArrangement(snapshot, asOf, policy.promiseGraceDays);
  return {
    kind: 'send',
    zone: zones[0]!,
    localText: window.localText,
    ...(arrangement ? { arrangement } : {}),
  };
}

/**
 * The reminder a `send` decision stands for, rendered once: stated amounts and table from the same
 * figures, in the office's wording for the stage (`template`) or the default wording of its tone.
 */
export function renderDecidedReminder(
  decision: Extract<SendTimeDecision, { kind: 'send' }>,
  ctx: Pick<MessageContext, 'unsubscribeUrl' | 'paymentLink' | 'payLink' | 'portalLink'> & {
    office: OfficeContact;
    customerName: string;
    handOverTo?: string;
    /** The stage's tone when it is a reminder (see `toneOf`); friendly when not given. */
    tone?: Tone;
    /** The office's wording for the stage, if it has its own. */
    template?: MessageTemplate;
    /** Refuse to render without the office's legal name and postal address (default true). */
    requireIdentity?: boolean;
  },
): RenderedMessage {
  const { action, figures, asOf } = decision;
  const { stage, payBy } = reminderStageOf(action, figures, asOf, ctx);
  return renderReminder(stage, {
    office: ctx.office,
    customerName: ctx.customerName,
    amounts: figures.totals,
    openInvoices: figures.invoices,
    credits: figures.credits,
    payBy,
    ...(ctx.payLink || ctx.paymentLink ? { payLink: (ctx.payLink ?? ctx.paymentLink)! } : {}),
    ...(ctx.portalLink ? { portalLink: ctx.portalLink } : {}),
    ...(ctx.unsubscribeUrl ? { unsubscribeUrl: ctx.unsubscribeUrl } : {}),
    ...(ctx.template ? { template: ctx.template } : {}),
    ...(action.disclosures && action.disclosures.length > 0 ? { disclosures: action.disclosures } : {}),
    requireIdentity: ctx.requireIdentity ?? true,
  });
}

/**
 * The stage a planned action is rendered as, and the pay-by date it states: the first due date for
 * a courtesy reminder, else `PAY_BY_DAYS` after the send date; a final demand's hand-over date is
 * the planner's (the dispute window) or `HAND_OVER_AFTER_DAYS` after the send date. The email and
 * the mailed letter of a stage both take them from here.
 */
export function reminderStageOf(
  action: PlannedAction,
  figures: MessageFigures,
  asOf: IsoDate,
  ctx: { handOverTo?: string; tone?: Tone },
): { stage: ReminderStage; payBy: IsoDate } {
  const stage: ReminderStage =
    action.kind === 'final-demand'
      ? {
          kind: 'final-demand',
          // The planner's date (the dispute window after the notice), or the default spacing.
          handOverAfter: action.handOverAfter ?? addDays(asOf, HAND_OVER_AFTER_DAYS),
          ...(ctx.handOverTo ? { handOverTo: ctx.handOverTo } : {}),
        }
      : action.kind === 'courtesy'
        ? { kind: 'courtesy' }
        : { kind: 'reminder', tone: ctx.tone === 'firm' ? 'firm' : 'friendly' };
  const payBy = action.kind === 'courtesy' ? earliestDue(figures.invoices, asOf) : addDays(asOf, PAY_BY_DAYS);
  return { stage, payBy };
}

function earliestDue(invoices: readonly MessageInvoice[], fallback: IsoDate): IsoDate {
  let first: IsoDate | undefined;
  for (const i of invoices) if (first === undefined || i.dueDate < first) first = i.dueDate;
  return first ?? fallback;
}
