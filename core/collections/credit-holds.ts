// Credit holds, service stops and requests for goods back: the internal notice to the office's credit
// contact, the `credit-hold` flag and Activity row that record it, and when and why a hold is released.
// Nothing here is ever addressed to the debtor.
import type { Book } from '../ledger/book.js';
import { daysBetween, type IsoDate } from '../ledger/dates.js';
import type { Activity, Customer, Ledger } from '../ledger/ledger.js';
import { formatMoney } from '../ledger/money.js';
import type { Explanation, PlannedInternalAction } from './collection-plan.js';
import { INTERNAL_ACTION_LABELS, type InternalAction } from './dunning-policy.js';
import { evaluatePlan } from './plans.js';

export const CREDIT_HOLD_POLICY_VERSION = 'credit-holds/2026-1';

/** Who in the office decides on credit, ships goods or runs the service. */
export interface CreditContact {
  name?: string;
  email: string;
}

/** An internal email: to the credit contact only. */
export interface InternalNotice {
  kind: 'hold' | 'release';
  customerId: string;
  action: InternalAction;
  to: string;
  subject: string;
  text: string;
  /** Idempotency key: one hold notice per account, stage and cycle; one release per hold. */
  key: string;
  explanation: Explanation;
}

/** A refused setup (no credit contact): thrown. */
export class CreditHoldError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CreditHoldError';
    this.code = code;
  }
}

const ACTION_SUBJECT: Readonly<Record<InternalAction, string>> = {
  'credit-hold': 'Credit hold',
  'stop-service': 'Stop service',
  'return-goods': 'Request return of goods',
};

function checkContact(contact: CreditContact): void {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact.email)) {
    throw new CreditHoldError(
      'CREDIT_HOLD.NO_CONTACT',
      `the credit contact's email "${contact.email}" is not an address; set the office's credit contact`,
    );
  }
}

/** The account facts a credit contact needs, one line each: balance, overdue, aging of the oldest item. */
export function accountFacts(book: Book, customerId: string, asOf: IsoDate): string[] {
  const lines: string[] = [];
  for (const a of book.byCustomer.get(customerId) ?? []) {
    let overdue = 0;
    let oldest: IsoDate | undefined;
    const buckets = [0, 0, 0, 0, 0];
    for (const item of a.items) {
      if (item.openMinor <= 0) continue;
      const dpd = daysBetween(item.dueDate, asOf);
      const b = dpd <= 0 ? 0 : dpd <= 30 ? 1 : dpd <= 60 ? 2 : dpd <= 90 ? 3 : 4;
      buckets[b]! += item.openMinor;
      if (dpd > 0) {
        overdue += item.openMinor;
        if (oldest === undefined || item.dueDate < oldest) oldest = item.dueDate;
      }
    }
    const m = (minor: number) => formatMoney(minor, a.currency);
    lines.push(
      `Balance ${m(a.balanceMinor)}; overdue ${m(overdue)}` +
        (oldest ? `, oldest due ${oldest} (${daysBetween(oldest, asOf)} days past due)` : ''),
    );
    lines.push(
      `Aging ${a.currency}: current ${m(buckets[0]!)}, 1-30 ${m(buckets[1]!)}, 31-60 ${m(buckets[2]!)}, 61-90 ${m(buckets[3]!)}, 90+ ${m(buckets[4]!)}`,
    );
  }
  return lines;
}

/**
 * The internal email telling the credit contact to act on an account: the account, balance,
 * aging and the reason (the plan's explanation). Keyed `hold#customer#stage#cycle`, so sending it
 * through an outbox can never notify twice for one account and cycle.
 *
 * @example holdNotice(plan.internalActions[0], ledger, book, { email: 'credit@office.example' })
 */
export function holdNotice(
  action: PlannedInternalAction,
  ledger: Pick<Ledger, 'customers'>,
  book: Book,
  contact: CreditContact,
): InternalNotice {
  checkContact(contact);
  const customer = ledger.customers.find((c) => c.customerId === action.customerId);
  const asOf = book.asOf;
  const text = [
    `${contact.name ? `${contact.name}, please` : 'Please'} ${INTERNAL_ACTION_LABELS[action.action]}:`,
    '',
    `Account: ${action.customerName} (${action.customerId})`,
    ...(customer?.address ? [`Address: ${customer.address}`] : []),
    ...accountFacts(book, action.customerId, asOf),
    ...(action.invoiceIds.length > 0 ? [`Overdue invoices: ${action.invoiceIds.join(', ')}`] : []),
    '',
    `Why: ${action.explanation.summary}`,
    `Rule ${action.explanation.rule}, policy ${action.explanation.policyVersion}, as of ${asOf}.`,
    '',
    'This is an internal notice from Duebook. Nothing has been sent to the customer about it;',
    'any notice to the customer goes out only as a message stage of the dunning ladder.',
  ].join('\n');
  return {
    kind: 'hold',
    customerId: action.customerId,
    action: action.action,
    to: contact.email,
    subject: `${ACTION_SUBJECT[action.action]}: ${action.customerName} (${action.customerId})`,
    text: `${text}\n`,
    key: `hold#${action.customerId}#${action.stage}#${action.cycle}`,
    explanation: action.explanation,
  };
}

/** Why a hold ends. */
export type ReleaseReason = 'paid' | 'plan-in-good-standing' | 'clerk';

/** A hold to lift, with its reason. */
export interface HoldRelease {
  customerId: string;
  customerName: string;
  reason: ReleaseReason;
  /** The Activity row of the hold being released (its stage and date), when found. */
  heldOn?: IsoDate;
  heldStage?: string;
  explanation: Explanation;
}

/** The Activity rows Duebook writes for holds and releases carry this outcome prefix. */
export const HOLD_OUTCOME = 'credit hold';
export const RELEASE_OUTCOME = 'credit hold released';

/** True for the Activity note of a hold (`credit hold: <action>`), not of a release. */
export function isHoldNote(a: Pick<Activity, 'type' | 'outcome'>): boolean {
  return a.type === 'note' && a.outcome?.startsWith(`${HOLD_OUTCOME}:`) === true;
}

/** True for the Activity note of a release (`credit hold released: <reason>`). */
export function isReleaseNote(a: Pick<Activity, 'type' | 'outcome'>): boolean {
  return a.type === 'note' && a.outcome?.startsWith(`${RELEASE_OUTCOME}:`) === true;
}

/** The customer's latest hold note, or undefined. */
function lastHold(activity: readonly Activity[], customerId: string): Activity | undefined {
  let last: Activity | undefined;
  for (const a of activity) {
    if (a.customerId !== customerId || !isHoldNote(a)) continue;
    if (!last || a.date >= last.date) last = a;
  }
  return last;
}

/**
 * True when the customer's latest hold already has its release recorded (a release note on or
 * after the hold's day): the flag is only waiting for the clerk to clear it in the sheet.
 */
function alreadyReleased(activity: readonly Activity[], customerId: string): boolean {
  const hold = lastHold(activity, customerId);
  return activity.some(
    (a) => a.customerId === customerId && isReleaseNote(a) && (!hold || a.date >= hold.date),
  );
}

/**
 * The holds to release as of `asOf`: every customer with the `credit-hold` flag who owes nothing
 * overdue any more (paid) or whose payment plan is in good standing. A clerk's own decision is
 * `clerkRelease`. Each release names the hold it ends, so it is released (and notified) once: the
 * flag is gone afterwards.
 */
export function planHoldReleases(ledger: Ledger, book: Book, asOf: IsoDate): HoldRelease[] {
  const releases: HoldRelease[] = [];
  for (const c of ledger.customers) {
    if (!c.flags.includes('credit-hold') || alreadyReleased(ledger.activity, c.customerId)) continue;
    const accounts = book.byCustomer.get(c.customerId) ?? [];
    let overdue = 0;
    for (const a of accounts)
      for (const i of a.items) if (i.openMinor > 0 && i.dueDate < asOf && !i.disputed) overdue += i.openMinor;
    const credit = accounts.reduce((n, a) => n + Math.max(0, a.unappliedCreditMinor), 0);
    const plan = ledger.plans
      .filter((p) => p.customerId === c.customerId)
      .map((p) =>
        evaluatePlan(
          p,
          ledger.payments.filter((x) => x.customerId === c.customerId),
          asOf,
        ),
      )
      .find((p) => p.status === 'in-good-standing');
    const reason: ReleaseReason | undefined =
      overdue - credit <= 0 ? 'paid' : plan ? 'plan-in-good-standing' : undefined;
    if (!reason) continue;
    releases.push(
      release(c, reason, asOf, ledger.activity, plan ? `plan ${plan.planId} is in good standing` : undefined),
    );
  }
  return releases;
}

function release(
  c: Pick<Customer, 'customerId' | 'name'>,
  reason: ReleaseReason,
  asOf: IsoDate,
  activity: readonly Activity[],
  detail?: string,
  note?: string,
): HoldRelease {
  const hold = lastHold(activity, c.customerId);
  const why =
    reason === 'paid'
      ? 'nothing is overdue any more'
      : reason === 'plan-in-good-standing'
        ? (detail ?? 'a payment plan is in good standing')
        : `a clerk decided${note ? `: ${note}` : ''}`;
  const r: HoldRelease = {
    customerId: c.customerId,
    customerName: c.name,
    reason,
    explanation: {
      rule: `credit-hold/release/${reason}`,
      policyVersion: CREDIT_HOLD_POLICY_VERSION,
      summary: `Release the credit hold on ${c.name}${hold ? ` (held ${hold.date}, stage ${hold.stage ?? '?'})` : ''}: ${why}.`,
      inputs: { customerId: c.customerId, reason, asOf, ...(hold ? { heldOn: hold.date } : {}) },
    },
  };
  if (hold) {
    r.heldOn = hold.date;
    if (hold.stage) r.heldStage = hold.stage;
  }
  return r;
}

/** A clerk lifting a hold by decision; refused (returns undefined) when the customer is not on hold. */
export function clerkRelease(
  ledger: Ledger,
  customerId: string,
  asOf: IsoDate,
  note?: string,
): HoldRelease | undefined {
  const c = ledger.customers.find((x) => x.customerId === customerId);
  if (!c?.flags.includes('credit-hold')) return undefined;
  return release(c, 'clerk', asOf, ledger.activity, undefined, note);
}

/** The internal email telling the same credit contact the hold is lifted. */
export function releaseNotice(r: HoldRelease, book: Book, contact: CreditContact): InternalNotice {
  checkContact(contact);
  const text = [
    `${contact.name ? `${contact.name}, the` : 'The'} credit hold on ${r.customerName} (${r.customerId}) can be lifted.`,
    '',
    ...accountFacts(book, r.customerId, book.asOf),
    '',
    `Why: ${r.explanation.summary}`,
    `Rule ${r.explanation.rule}, as of ${book.asOf}.`,
  ].join('\n');
  return {
    kind: 'release',
    customerId: r.customerId,
    action: 'credit-hold',
    to: contact.email,
    subject: `Credit hold released: ${r.customerName} (${r.customerId})`,
    text: `${text}\n`,
    key: `release#${r.customerId}#${r.heldOn ?? 'unknown'}`,
    explanation: r.explanation,
  };
}

/** What recording a hold or release changes in the ledger: the customer's flags and one Activity row. */
export interface HoldRecord {
  customer: Customer;
  activity: Omit<Activity, 'row'>;
}

/** The ledger rows that record a hold: the `credit-hold` flag set, and an internal Activity note with the stage. */
export function recordHold(
  customer: Customer,
  action: PlannedInternalAction,
  asOf: IsoDate,
  activityId: string,
): HoldRecord {
  const flags = customer.flags.includes('credit-hold')
    ? customer.flags
    : [...customer.flags, 'credit-hold' as const];
  return {
    customer: { ...customer, flags },
    activity: {
      activityId,
      customerId: customer.customerId,
      date: asOf,
      type: 'note',
      direction: 'outbound',
      stage: action.stage,
      outcome: `${HOLD_OUTCOME}: ${action.action}`,
      note: `Internal: credit contact notified (${INTERNAL_ACTION_LABELS[action.action]}). ${action.explanation.summary}`,
      by: 'Duebook',
    } as Omit<Activity, 'row'>,
  };
}

/** The ledger rows that record a release: the flag removed, and an Activity note with the reason. */
export function recordRelease(
  customer: Customer,
  r: HoldRelease,
  asOf: IsoDate,
  activityId: string,
): HoldRecord {
  return {
    customer: { ...customer, flags: customer.flags.filter((f) => f !== 'credit-hold') },
    activity: {
      activityId,
      customerId: customer.customerId,
      date: asOf,
      type: 'note',
      direction: 'outbound',
      outcome: `${RELEASE_OUTCOME}: ${r.reason}`,
      note: `Internal: credit contact notified. ${r.explanation.summary}`,
      by: 'Duebook',
    } as Omit<Activity, 'row'>,
  };
}

/** The placeholders an office's service-disconnection text may use. */
export const DISCONNECTION_PLACEHOLDERS = [
  'customer',
  'amount',
  'disconnectOn',
  'office',
  'officePhone',
] as const;

/** The office's text for a notice of service disconnection to a consumer, with its subject. */
export interface DisconnectionText {
  subject: string;
  /** Plain text with `{customer}`, `{amount}`, `{disconnectOn}`, `{office}`, `{officePhone}`. */
  body: string;
}

/**
 * Every problem with an office's disconnection text (empty when it can be used): an unknown or
 * unclosed placeholder, an empty subject or body. Checked when the office saves it, not at send time.
 */
export function disconnectionTextProblems(t: DisconnectionText): string[] {
  const problems: string[] = [];
  if (t.subject.trim() === '') problems.push('the subject is empty');
  if (t.body.trim() === '') problems.push('the text is empty');
  for (const [where, text] of [
    ['subject', t.subject],
    ['text', t.body],
  ] as const) {
    for (const m of text.matchAll(/\{([^{}]*)\}/g)) {
      if (!(DISCONNECTION_PLACEHOLDERS as readonly string[]).includes(m[1]!))
        problems.push(
          `the ${where} has {${m[1]}}; use ${DISCONNECTION_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
        );
    }
    if (/\{[^}]*$/.test(text)) problems.push(`the ${where} has a "{" that is never closed`);
  }
  return problems;
}

/**
 * A notice of service disconnection to a consumer, in the office's own words (a message stage's
 * text, configured by the office: Duebook does not word such a notice itself). Throws
 * `CreditHoldError` (`CREDIT_HOLD.BAD_TEXT`) on a text `disconnectionTextProblems` refuses.
 *
 * @example renderDisconnectionNotice({ subject: 'Service ends {disconnectOn}', body: 'Dear {customer}, ...' }, { ... })
 */
export function renderDisconnectionNotice(
  t: DisconnectionText,
  v: {
    customer: string;
    amounts: readonly { currency: string; amountMinor: number }[];
    disconnectOn: IsoDate;
    office: string;
    officePhone?: string;
  },
): { subject: string; text: string } {
  const problems = disconnectionTextProblems(t);
  if (problems.length > 0)
    throw new CreditHoldError('CREDIT_HOLD.BAD_TEXT', `disconnection notice: ${problems.join('; ')}`);
  const values: Record<(typeof DISCONNECTION_PLACEHOLDERS)[number], string> = {
    customer: v.customer,
    amount: v.amounts.map((a) => formatMoney(a.amountMinor, a.currency)).join(' and '),
    disconnectOn: v.disconnectOn,
    office: v.office,
    officePhone: v.officePhone ?? '',
  };
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_m, k: string) => values[k as keyof typeof values]);
  return {
    subject: fill(t.subject)
      .replace(/[\r\n]+/g, ' ')
      .trim(),
    text: fill(t.body),
  };
}
