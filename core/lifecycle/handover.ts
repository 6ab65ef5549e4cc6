// Hand-over to an attorney or agency: which accounts are ready, the checks before a placement, and
// the ledger rows that record it. The packet that goes with one is in handover-packet.ts.

import type { CollectionPlan, Explanation } from '../collections/collection-plan.js';
import { DEFAULT_POLICY, type DunningLadder, type DunningPolicy } from '../collections/dunning-policy.js';
import { evaluatePlan } from '../collections/plans.js';
import { evaluatePromise } from '../collections/promises.js';
import { debtorTypeOf, ruleCovers } from '../compliance/debtor-type.js';
import { writtenAcknowledgments } from '../compliance/limitation-restarts.js';
import { type LimitationOptions, timeBarOf } from '../compliance/limitations.js';
import { timeBarredWording } from '../compliance/time-barred-wording.js';
import { type AccountBook, type Book, buildBook } from '../ledger/book.js';
import { type IsoDate, toDay } from '../ledger/dates.js';
import type { Activity, Customer, Ledger } from '../ledger/ledger.js';
import { formatMoney } from '../ledger/money.js';
import { customerOf, type LedgerChanges, nextId } from './tracing.js';

/** A reason an account may not be placed, with its rule id. */
export interface PlacementRefusal {
  /**
   * `handover/already-placed`, `handover/dispute`, `handover/bankruptcy`, `handover/nothing-owed`,
   * `handover/only-disputed`, `handover/promise-pending`, `handover/plan-in-good-standing`.
   */
  rule: string;
  reason: string;
}

/** What the placement checks look at besides the ledger. */
export interface PlacementCheckOptions {
  asOf: IsoDate;
  /** The ledger's book as of `asOf`; built when not given. */
  book?: Book;
  /** Days' grace after a promised date (default: the default policy's). */
  promiseGraceDays?: number;
  /** Statute-of-limitations settings (office overrides, the office's state). */
  limitations?: LimitationOptions;
}

const money = (amounts: readonly { currency: string; minor: number }[]) =>
  amounts.map((a) => formatMoney(a.minor, a.currency)).join(' and ');

/** Undisputed and disputed open amounts per currency, net of unapplied credit on the undisputed part. */
function owedOf(accounts: readonly AccountBook[]) {
  return accounts.map((a) => {
    let disputedMinor = 0;
    for (const i of a.items) if (i.disputed && i.openMinor > 0) disputedMinor += i.openMinor;
    return { currency: a.currency, undisputedMinor: a.balanceMinor - disputedMinor, disputedMinor };
  });
}

/**
 * Every reason an account may not be handed over now (empty: it may). An agency or attorney must
 * not receive:
 * - an account already placed (placing it twice would set two collectors on one debt);
 * - a disputed account (`dispute` flag): collection stops until the debt is verified (FDCPA
 *   § 1692g(b)), and a collector handed the account without the dispute would start again; resolve
 *   it and clear the flag first;
 * - an account in bankruptcy: the automatic stay (11 U.S.C. § 362) binds every collector; file a
 *   proof of claim instead;
 * - an account with nothing undisputed owed: nothing to collect, or only disputed invoices (which
 *   stay with the office; when an undisputed balance is placed, the packet lists disputed invoices
 *   apart, marked not for collection);
 * - an account with a pending promise or a plan in good standing: the customer is doing what
 *   was agreed.
 * A deceased customer may be placed (an attorney files the claim against the estate); the packet
 * says so, and the guardrails keep Duebook itself from contacting anyone.
 */
export function placementRefusals(
  ledger: Ledger,
  customer: Customer,
  options: PlacementCheckOptions,
): PlacementRefusal[] {
  const { asOf } = options;
  const book = options.book ?? buildBook(ledger, asOf);
  const refusals: PlacementRefusal[] = [];
  if (customer.flags.includes('placed')) {
    refusals.push({
      rule: 'handover/already-placed',
      reason: `the account is already placed with ${customer.placedWith ?? 'an agency or attorney'}${customer.placedOn ? ` since ${customer.placedOn}` : ''}`,
    });
  }
  if (customer.flags.includes('dispute')) {
    refusals.push({
      rule: 'handover/dispute',
      reason:
        'the customer disputes the debt: collection stops until it is verified, so resolve the dispute and clear the flag before placing it',
    });
  }
  if (customer.flags.includes('bankruptcy')) {
    refusals.push({
      rule: 'handover/bankruptcy',
      reason:
        'the customer is in bankruptcy: the automatic stay binds any collector; file a proof of claim instead',
    });
  }
  const bar = ruleCovers('handover/time-barred', debtorTypeOf(customer).type)
    ? timeBarOf(customer, book.byCustomer.get(customer.customerId) ?? [], asOf, {
        ...options.limitations,
        acknowledgments: writtenAcknowledgments(
          ledger.activity.filter((a) => a.customerId === customer.customerId),
          asOf,
        ),
      })
    : undefined;
  if (bar && bar.barred.length > 0) {
    refusals.push({
      rule: 'handover/time-barred',
      reason: `${bar.reason}: ${timeBarredWording(bar.limitation).handover}`,
    });
  }
  const owed = owedOf(book.byCustomer.get(customer.customerId) ?? []);
  const undisputed = owed.filter((o) => o.undisputedMinor > 0);
  const disputed = owed.filter((o) => o.disputedMinor > 0);
  if (undisputed.length === 0 && disputed.length > 0) {
    refusals.push({
      rule: 'handover/only-disputed',
      reason: `only disputed invoices are open (${money(disputed.map((o) => ({ currency: o.currency, minor: o.disputedMinor })))}); resolve them first`,
    });
  } else if (undisputed.length === 0) {
    refusals.push({ rule: 'handover/nothing-owed', reason: `nothing is owed as of ${asOf}` });
  }
  const payments = ledger.payments.filter((p) => p.customerId === customer.customerId);
  const grace = options.promiseGraceDays ?? DEFAULT_POLICY.promiseGraceDays;
  for (const p of ledger.promises) {
    if (p.customerId !== customer.customerId) continue;
    const e = evaluatePromise(p, payments, asOf, grace);
    if (e.status === 'pending') {
      refusals.push({
        rule: 'handover/promise-pending',
        reason: `promise ${p.promiseId} to pay ${formatMoney(p.amountMinor, p.currency)} is pending until ${e.dueBy}`,
      });
    }
  }
  for (const p of ledger.plans) {
    if (p.customerId !== customer.customerId) continue;
    const e = evaluatePlan(p, payments, asOf);
    if (e.status === 'in-good-standing') {
      refusals.push({ rule: 'handover/plan-in-good-standing', reason: e.explanation });
    }
  }
  return refusals;
}

/** An account the policy says is ready for hand-over. */
export interface HandoverCandidate {
  customerId: string;
  customerName: string;
  /** The ladder's hand-over stage. */
  stage: string;
  /**
   * `due`: the hand-over stage is the customer's next step today (its notice planned or blocked);
   * `notice-sent`: the stage was carried out this cycle (`noticeSentOn`) and the account is not
   * placed yet.
   */
  status: 'due' | 'notice-sent';
  noticeSentOn?: IsoDate;
  /** Balance per currency (zero balances left out). */
  balances: { currency: string; balanceMinor: number }[];
  /** Guardrail rules that hold back the hand-over notice itself (from the plan's blocked list). */
  noticeBlockedBy: string[];
  /** Why the account may not be placed now; empty when it may. */
  refusals: PlacementRefusal[];
  /** The last final notice (a stage of kind `final-demand`) sent this cycle, if any. */
  finalNoticeOn?: IsoDate;
  /** What a clerk should weigh before approving, e.g. no final notice was ever sent. */
  warnings: string[];
  explanation: Explanation;
}

/** What `handoverCandidates` works from: the day's plan and what it was made from. */
export interface HandoverCandidatesInput {
  ledger: Ledger;
  book: Book;
  plan: CollectionPlan;
  policy: DunningPolicy;
}

function ladderOf(policy: DunningPolicy, customer: Customer): DunningLadder {
  return policy.ladders[customer.ladder || policy.defaultLadder] ?? policy.ladders[policy.defaultLadder]!;
}

const stageKindOf = (ladder: DunningLadder, stageId: string) =>
  ladder.stages.find((s) => s.id === stageId)?.kind;

/**
 * Accounts ready for hand-over under the policy: those whose next stage in the day's plan is a
 * stage of kind `handover` (planned, or blocked by a guardrail such as returned mail), and those
 * whose hand-over stage was already carried out this cycle (an outbound Activity row with that
 * stage, dated on or after the oldest open undisputed item's due date) but were never placed.
 * Placed customers are not candidates. Each candidate lists what would stop its placement
 * (`placementRefusals`), so a clerk sees why an account that reached the stage must stay.
 *
 * @example handoverCandidates({ ledger, book, plan: planCollections(input), policy: DEFAULT_POLICY })
 */
export function handoverCandidates(input: HandoverCandidatesInput): HandoverCandidate[] {
  const { ledger, book, plan, policy } = input;
  const asOf = plan.asOf;
  const customers = new Map(ledger.customers.map((c) => [c.customerId, c]));
  const found = new Map<
    string,
    { stage: string; status: HandoverCandidate['status']; noticeSentOn?: IsoDate }
  >();
  const blockedBy = new Map<string, Set<string>>();
  for (const a of plan.actions) {
    if (a.kind === 'handover') found.set(a.customerId, { stage: a.stage, status: 'due' });
  }
  for (const b of plan.blocked) {
    const customer = customers.get(b.customerId);
    if (!customer || stageKindOf(ladderOf(policy, customer), b.stage) !== 'handover') continue;
    found.set(b.customerId, { stage: b.stage, status: 'due' });
    const rules = blockedBy.get(b.customerId) ?? new Set<string>();
    for (const r of String(b.explanation.inputs.rules ?? b.rule).split(', ')) rules.add(r);
    blockedBy.set(b.customerId, rules);
  }
  const asOfDay = toDay(asOf);
  for (const a of ledger.activity) {
    if (a.direction !== 'outbound' || !a.stage || found.get(a.customerId)?.status === 'due') continue;
    const customer = customers.get(a.customerId);
    if (!customer || stageKindOf(ladderOf(policy, customer), a.stage) !== 'handover') continue;
    let oldestDue = Number.POSITIVE_INFINITY;
    for (const acc of book.byCustomer.get(a.customerId) ?? []) {
      for (const i of acc.items)
        if (i.openMinor > 0 && !i.disputed) oldestDue = Math.min(oldestDue, toDay(i.dueDate));
    }
    const day = toDay(a.date);
    if (day < oldestDue || day > asOfDay) continue;
    const prior = found.get(a.customerId);
    if (!prior || (prior.noticeSentOn !== undefined && day > toDay(prior.noticeSentOn))) {
      found.set(a.customerId, { stage: a.stage, status: 'notice-sent', noticeSentOn: a.date });
    }
  }
  const out: HandoverCandidate[] = [];
  for (const [customerId, f] of found) {
    const customer = customers.get(customerId)!;
    if (customer.flags.includes('placed')) continue;
    const finalNoticeOn = lastFinalNotice(ledger, book, policy, customer, asOfDay);
    const warnings = finalNoticeOn
      ? []
      : [
          'no final notice went out this cycle, so the customer has not been told the account will be handed over; consider sending one first',
        ];
    const balances = (book.byCustomer.get(customerId) ?? [])
      .filter((a) => a.balanceMinor !== 0)
      .map((a) => ({ currency: a.currency, balanceMinor: a.balanceMinor }));
    const refusals = placementRefusals(ledger, customer, {
      asOf,
      book,
      promiseGraceDays: policy.promiseGraceDays,
    });
    const noticeBlockedBy = [...(blockedBy.get(customerId) ?? [])];
    const reached =
      f.status === 'due'
        ? `the hand-over stage "${f.stage}" is due today${noticeBlockedBy.length > 0 ? ` (its notice is held back by ${noticeBlockedBy.join(', ')})` : ''}`
        : `the hand-over notice ("${f.stage}") went out on ${f.noticeSentOn} and the account was not placed`;
    const verdict =
      refusals.length === 0
        ? 'it may be placed'
        : `it may not be placed: ${refusals.map((r) => r.reason).join('; ')}`;
    const inputs: Record<string, string | number | boolean> = {
      stage: f.stage,
      status: f.status,
      ladder: ladderOf(policy, customer).name,
      policyVersion: policy.version,
    };
    for (const b of balances) inputs[`balanceMinor.${b.currency}`] = b.balanceMinor;
    if (f.noticeSentOn) inputs.noticeSentOn = f.noticeSentOn;
    if (noticeBlockedBy.length > 0) inputs.noticeBlockedBy = noticeBlockedBy.join(', ');
    if (refusals.length > 0) inputs.refusals = refusals.map((r) => r.rule).join(', ');
    if (finalNoticeOn) inputs.finalNoticeOn = finalNoticeOn;
    out.push({
      customerId,
      customerName: customer.name,
      stage: f.stage,
      status: f.status,
      ...(f.noticeSentOn ? { noticeSentOn: f.noticeSentOn } : {}),
      balances,
      noticeBlockedBy,
      refusals,
      ...(finalNoticeOn ? { finalNoticeOn } : {}),
      warnings,
      explanation: {
        rule: refusals.length === 0 ? `handover/${f.status}` : refusals[0]!.rule,
        policyVersion: policy.version,
        summary: `${customer.name} (${customerId}): ${reached}; ${verdict}.${warnings.map((w) => ` Note: ${w}.`).join('')}`,
        inputs,
      },
    });
  }
  return out.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}

/**
 * The day the last final notice (an outbound contact carrying a stage of kind `final-demand`) went
 * out in the customer's current cycle: on or after the oldest open undisputed item's due date.
 */
function lastFinalNotice(
  ledger: Ledger,
  book: Book,
  policy: DunningPolicy,
  customer: Customer,
  asOfDay: number,
): IsoDate | undefined {
  let oldestDue = Number.POSITIVE_INFINITY;
  for (const acc of book.byCustomer.get(customer.customerId) ?? []) {
    for (const i of acc.items)
      if (i.openMinor > 0 && !i.disputed) oldestDue = Math.min(oldestDue, toDay(i.dueDate));
  }
  const ladder = ladderOf(policy, customer);
  let last: IsoDate | undefined;
  for (const a of ledger.activity) {
    if (a.customerId !== customer.customerId || a.direction !== 'outbound' || !a.stage) continue;
    if (stageKindOf(ladder, a.stage) !== 'final-demand') continue;
    const day = toDay(a.date);
    if (day < oldestDue || day > asOfDay) continue;
    if (last === undefined || day > toDay(last)) last = a.date;
  }
  return last;
}

/** Who receives an account, when and by whom it is placed. */
export interface PlaceOptions {
  /** The attorney or agency. */
  with: string;
  on: IsoDate;
  by?: string;
  /** The ladder's hand-over stage, recorded on the Activity row so dunning counts it as done. */
  stage?: string;
  promiseGraceDays?: number;
}

export type PlacementResult =
  | {
      ok: true;
      changes: LedgerChanges;
      /** The Activity row recording the placement (also in `changes.added`). */
      activity: Activity;
      explanation: string;
    }
  | { ok: false; refusals: PlacementRefusal[] };

/**
 * The rows that record a placement: the customer gains the `placed` flag (which blocks every
 * channel of Duebook's own dunning), `placedWith` and `placedOn`, and an Activity note says who
 * placed what balance with whom. Refused, with every reason, when `placementRefusals` finds any.
 * The ledger is not changed. Throws a `RangeError` for an unknown customer.
 *
 * @example placeAccount(ledger, 'C-1', { with: 'Acme Recovery', on: '2026-11-23', by: 'jo' })
 */
export function placeAccount(ledger: Ledger, customerId: string, options: PlaceOptions): PlacementResult {
  const customer = customerOf(ledger, customerId);
  const agency = options.with.trim();
  if (agency === '') throw new RangeError('placeAccount needs the attorney or agency to place with');
  const book = buildBook(ledger, options.on);
  const refusals = placementRefusals(ledger, customer, {
    asOf: options.on,
    book,
    promiseGraceDays: options.promiseGraceDays,
  });
  if (refusals.length > 0) return { ok: false, refusals };
  const owed = owedOf(book.byCustomer.get(customerId) ?? [])
    .filter((o) => o.undisputedMinor > 0)
    .map((o) => ({ currency: o.currency, minor: o.undisputedMinor }));
  const disputed = owedOf(book.byCustomer.get(customerId) ?? []).filter((o) => o.disputedMinor > 0);
  const note =
    `Placed with ${agency} on ${options.on}: ${money(owed)} undisputed` +
    (disputed.length > 0
      ? `; disputed invoices (${money(disputed.map((o) => ({ currency: o.currency, minor: o.disputedMinor })))}) stay with the office`
      : '') +
    '.';
  const activity: Activity = {
    row: 0,
    activityId: nextId(
      'HO',
      options.on,
      ledger.activity.map((a) => a.activityId),
    ),
    customerId,
    date: options.on,
    type: 'note',
    direction: 'outbound',
    ...(options.stage ? { stage: options.stage } : {}),
    outcome: 'placed',
    note,
    ...(options.by ? { by: options.by } : {}),
  };
  return {
    ok: true,
    changes: {
      updated: {
        customers: [
          { ...customer, flags: [...customer.flags, 'placed'], placedWith: agency, placedOn: options.on },
        ],
      },
      added: { activity: [activity] },
    },
    activity,
    explanation: `${customer.name} (${customerId}): ${note} Duebook sends nothing more (flag placed).`,
  };
}

/** Minor units as a plain decimal in major units, exactly (no float): `123450` USD -> `1234.50`. */
