// Hand-over to an attorney or agency: which accounts are ready, the packet that goes with one (a
// document and a CSV), and the ledger rows that record the placement.

import { type AgingBucket, bucketIndex, DEFAULT_BUCKETS } from './aging.js';
import { type AccountBook, type Book, buildBook, type OpenItem } from './book.js';
import { csvField as guardedCsvField } from './cell-guard.js';
import { debtorTypeOf, ruleCovers } from './compliance/debtor-type.js';
import { type LimitationOptions, timeBarOf } from './compliance/limitations.js';
import { FLAG_RULES } from './contact-rules.js';
import { type IsoDate, toDay } from './dates.js';
import type { Block, DocumentModel, TableColumn } from './documents/document.js';
import {
  type CollectionPlan,
  DEFAULT_POLICY,
  type DunningLadder,
  type DunningPolicy,
  type Explanation,
} from './dunning-policy.js';
import {
  type Activity,
  type Adjustment,
  CONTACT_FIELDS,
  type ContactChange,
  type Customer,
  type Ledger,
  type Payment,
} from './ledger.js';
import { formatMoney } from './money.js';
import { evaluatePlan } from './plans.js';
import { evaluatePromise } from './promises.js';
import type { OfficeContact } from './templates.js';
import { contactHistory, currentContact, customerOf, type LedgerChanges, nextId } from './tracing.js';

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
    ? timeBarOf(customer, book.byCustomer.get(customer.customerId) ?? [], asOf, options.limitations)
    : undefined;
  if (bar && bar.barred.length > 0) {
    refusals.push({
      rule: 'handover/time-barred',
      reason: `${bar.reason}: handing it over would threaten suit on a time-barred debt (12 CFR 1006.26(b))`,
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
export function majorUnits(minor: number, currency: string): string {
  return formatMoney(minor, currency, { code: false }).replace(/,/g, '');
}

/**
 * One CSV field: quoted when it holds a quote, comma, line break or edge spaces (RFC 4180), and a
 * text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR)
 * prefixed with `'` so it shows as text. Plain numbers such as `-12.50` are left as numbers.
 */
export function csvField(value: string): string {
  // Its columns mix amounts and text; a plain decimal anywhere stays a number (cell-guard.ts).
  return guardedCsvField(value, true);
}

/** Rows as CSV text with CRLF line ends (what spreadsheet imports expect). */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The hand-over CSV's columns; every section fills the ones that apply to it. */
export const HANDOVER_CSV_COLUMNS = [
  'Section',
  'Customer ID',
  'Record ID',
  'Date',
  'Due Date',
  'Days Past Due',
  'Type',
  'Status',
  'Currency',
  'Amount',
  'Open Amount',
  'Detail',
] as const;

type CsvRow = Partial<Record<(typeof HANDOVER_CSV_COLUMNS)[number], string>>;

/** What goes with an account to the attorney or agency. */
export interface HandoverPacket {
  document: DocumentModel;
  /** One CSV, one row per record with a `Section` column (see `HANDOVER_CSV_COLUMNS`). */
  csv: string;
}

export interface HandoverPacketOptions {
  asOf: IsoDate;
  /** The attorney or agency receiving the account. */
  placedWith: string;
  office: OfficeContact;
  buckets?: readonly AgingBucket[];
  promiseGraceDays?: number;
}

/** What every part of the packet reads: one customer's rows up to the packet's date. */
interface PacketInput {
  customer: Customer;
  asOf: IsoDate;
  asOfDay: number;
  book: Book;
  accounts: AccountBook[];
  ledger: Ledger;
  options: HandoverPacketOptions;
  /** The customer's rows of a tab dated on or before `asOf`, oldest first. */
  upTo<T extends { customerId: string; date: IsoDate }>(rows: readonly T[]): T[];
}

/** One part of the packet: its blocks in the document and its rows in the CSV. */
interface Section {
  blocks: Block[];
  rows: CsvRow[];
}

const heading = (text: string): Block => ({ kind: 'heading', level: 2, text });
const joinSome = (parts: readonly (string | undefined)[]) => parts.filter((s) => s).join('; ');

/** A titled table, or a sentence saying there is nothing, so a reader knows the part was checked. */
function tableOrNone(
  title: string,
  columns: TableColumn[],
  rows: string[][],
  none: string | undefined,
): Block[] {
  if (rows.length > 0) return [heading(title), { kind: 'table', columns, rows }];
  return none === undefined ? [] : [heading(title), { kind: 'paragraph', text: none }];
}

function customerSection(p: PacketInput): Section {
  const { customer, options } = p;
  const contact = currentContact(customer, p.upTo(p.ledger.contactChanges));
  const fields: [string, string][] = [
    ['Customer', customer.name],
    ['Customer ID', customer.customerId],
    ['Email', contact.email.value ?? 'none on file'],
    ['Phone', contact.phone.value ?? 'none on file'],
    ['Address', contact.address.value ?? 'none on file'],
  ];
  if (customer.timeZone) fields.push(['Time zone', customer.timeZone]);
  if (customer.deceasedOn) fields.push(['Deceased (office told)', customer.deceasedOn]);
  const rows: CsvRow[] = [
    {
      Section: 'placement',
      Date: p.asOf,
      Detail: `placed with ${options.placedWith} by ${options.office.name}`,
    },
    { Section: 'customer', Type: 'name', Detail: customer.name },
  ];
  for (const field of CONTACT_FIELDS) {
    if (contact[field].value) rows.push({ Section: 'contact', Type: field, Detail: contact[field].value });
  }
  for (const f of customer.flags) rows.push({ Section: 'flag', Type: f, Detail: FLAG_RULES[f].reason });
  return {
    blocks: [
      { kind: 'heading', level: 1, text: `Account hand-over: ${customer.name} (${customer.customerId})` },
      {
        kind: 'paragraph',
        text: `${options.office.name} hands the account below to ${options.placedWith} for collection. Figures are as of ${p.asOf}.`,
      },
      { kind: 'fields', rows: fields },
      ...tableOrNone(
        'Flags',
        [{ header: 'Flag' }, { header: 'Meaning' }],
        customer.flags.map((f) => [f, FLAG_RULES[f].reason]),
        undefined,
      ),
    ],
    rows,
  };
}

function balanceSection(p: PacketInput): Section {
  const buckets = p.options.buckets ?? DEFAULT_BUCKETS;
  const rows: CsvRow[] = [];
  const table = p.accounts.map((a) => {
    const sums = new Array<number>(buckets.length).fill(0);
    for (const i of a.items) {
      if (i.openMinor > 0) sums[bucketIndex(buckets, p.asOfDay - toDay(i.dueDate))]! += i.openMinor;
    }
    rows.push({
      Section: 'balance',
      Currency: a.currency,
      Amount: majorUnits(a.balanceMinor, a.currency),
      'Open Amount': majorUnits(a.openMinor, a.currency),
      Detail: `unapplied credit ${majorUnits(a.unappliedCreditMinor, a.currency)}`,
    });
    buckets.forEach((b, k) => {
      rows.push({
        Section: 'aging',
        Type: b.label,
        Currency: a.currency,
        Amount: majorUnits(sums[k]!, a.currency),
      });
    });
    // The currency has its own column, so the amounts go without it.
    const bare = (minor: number) => formatMoney(minor, a.currency, { code: false });
    return [a.currency, ...sums.map(bare), bare(a.unappliedCreditMinor), bare(a.balanceMinor)];
  });
  const columns: TableColumn[] = [
    { header: 'Currency' },
    ...buckets.map((b) => ({ header: b.label, align: 'right' as const })),
    { header: 'Credit', align: 'right' },
    { header: 'Balance', align: 'right' },
  ];
  return { blocks: tableOrNone('Balance', columns, table, 'Nothing has been invoiced.'), rows };
}

/** Open items, oldest due first; disputed ones are listed but marked not for collection. */
function openItemsSection(p: PacketInput): Section {
  const open = p.accounts.flatMap((a) => a.items.filter((i) => i.openMinor > 0));
  const dpd = (i: OpenItem) => String(Math.max(0, p.asOfDay - toDay(i.dueDate)));
  const blocks = tableOrNone(
    'Open items',
    [
      { header: 'Item' },
      { header: 'Kind' },
      { header: 'Due' },
      { header: 'Days past due', align: 'right' },
      { header: 'Original', align: 'right' },
      { header: 'Open', align: 'right' },
      { header: 'Status' },
    ],
    open.map((i) => [
      i.itemId,
      i.chargeType ?? i.kind,
      i.dueDate,
      dpd(i),
      formatMoney(i.originalMinor, i.currency),
      formatMoney(i.openMinor, i.currency),
      i.disputed ? 'disputed: not for collection' : 'open',
    ]),
    'No open items.',
  );
  const disputed = open.filter((i) => i.disputed).map((i) => i.itemId);
  if (disputed.length > 0) {
    blocks.push({
      kind: 'paragraph',
      text: `The customer disputes ${disputed.join(', ')}. These stay with ${p.options.office.name} until the dispute is resolved; do not collect them.`,
    });
  }
  return {
    blocks,
    rows: open.map((i) => ({
      Section: 'open-item',
      'Record ID': i.itemId,
      Date: i.itemDate,
      'Due Date': i.dueDate,
      'Days Past Due': dpd(i),
      Type: i.chargeType ?? i.kind,
      Status: i.disputed ? 'disputed' : 'open',
      Currency: i.currency,
      Amount: majorUnits(i.originalMinor, i.currency),
      'Open Amount': majorUnits(i.openMinor, i.currency),
      ...(i.invoiceId ? { Detail: `on invoice ${i.invoiceId}` } : {}),
    })),
  };
}

function adjustmentsSection(p: PacketInput): Section {
  const adjustments = p.upTo(p.ledger.adjustments);
  const status = (a: Adjustment) =>
    a.waivedOn !== undefined && toDay(a.waivedOn) <= p.asOfDay ? `waived ${a.waivedOn}` : 'in force';
  return {
    blocks: tableOrNone(
      'Fees, interest and credits',
      [
        { header: 'Date' },
        { header: 'Id' },
        { header: 'Type' },
        { header: 'Invoice' },
        { header: 'Amount', align: 'right' },
        { header: 'Status' },
        { header: 'Policy' },
      ],
      adjustments.map((a) => [
        a.date,
        a.adjustmentId,
        a.type,
        a.invoiceId ?? '',
        formatMoney(a.amountMinor, a.currency),
        status(a),
        a.policy ?? '',
      ]),
      undefined,
    ),
    rows: adjustments.map((a) => ({
      Section: 'adjustment',
      'Record ID': a.adjustmentId,
      Date: a.date,
      Type: a.type,
      Status: status(a),
      Currency: a.currency,
      Amount: majorUnits(a.amountMinor, a.currency),
      Detail: joinSome([a.invoiceId && `invoice ${a.invoiceId}`, a.policy && `policy ${a.policy}`]),
    })),
  };
}

/** Payments with the items they went to; a returned one is marked with its return date. */
function paymentsSection(p: PacketInput): Section {
  const payments = p.upTo(p.ledger.payments);
  const status = (x: Payment) => {
    const returnedOn = x.returnedDate ?? x.date;
    return x.status === 'returned' && toDay(returnedOn) <= p.asOfDay ? `returned ${returnedOn}` : 'posted';
  };
  const appliedTo = (x: Payment) =>
    (p.book.payments.get(x.paymentId)?.allocations ?? []).map((a) => a.itemId).join(' ');
  return {
    blocks: tableOrNone(
      'Payments',
      [
        { header: 'Date' },
        { header: 'Id' },
        { header: 'Amount', align: 'right' },
        { header: 'Method' },
        { header: 'Reference' },
        { header: 'Applied to' },
        { header: 'Status' },
      ],
      payments.map((x) => [
        x.date,
        x.paymentId,
        formatMoney(x.amountMinor, x.currency),
        x.method ?? '',
        x.reference ?? '',
        appliedTo(x),
        status(x),
      ]),
      'No payments on record.',
    ),
    rows: payments.map((x) => ({
      Section: 'payment',
      'Record ID': x.paymentId,
      Date: x.date,
      Type: x.method ?? '',
      Status: status(x),
      Currency: x.currency,
      Amount: majorUnits(x.amountMinor, x.currency),
      Detail: joinSome([
        x.reference && `reference ${x.reference}`,
        appliedTo(x) && `applied to ${appliedTo(x)}`,
      ]),
    })),
  };
}

/** Promises and plans with what became of them as of the packet's date. */
function commitmentsSection(p: PacketInput): Section {
  const id = p.customer.customerId;
  const payments = p.ledger.payments.filter((x) => x.customerId === id);
  const grace = p.options.promiseGraceDays ?? DEFAULT_POLICY.promiseGraceDays;
  const promises = p.ledger.promises
    .filter((x) => x.customerId === id && toDay(x.takenOn) <= p.asOfDay)
    .sort((a, b) => toDay(a.takenOn) - toDay(b.takenOn))
    .map((x) => ({ x, e: evaluatePromise(x, payments, p.asOf, grace) }));
  const plans = p.ledger.plans
    .filter((x) => x.customerId === id)
    .sort((a, b) => toDay(a.startDate) - toDay(b.startDate))
    .map((x) => ({ x, e: evaluatePlan(x, payments, p.asOf) }));
  const blocks = [
    ...tableOrNone(
      'Promises to pay',
      [
        { header: 'Taken' },
        { header: 'Id' },
        { header: 'Promised by' },
        { header: 'Amount', align: 'right' },
        { header: 'Paid', align: 'right' },
        { header: 'Outcome' },
        { header: 'Note' },
      ],
      promises.map(({ x, e }) => [
        x.takenOn,
        x.promiseId,
        x.promisedDate,
        formatMoney(x.amountMinor, x.currency),
        formatMoney(e.paidMinor, x.currency),
        e.status,
        withheld(x.note),
      ]),
      undefined,
    ),
    ...tableOrNone(
      'Payment plans',
      [
        { header: 'First due' },
        { header: 'Id' },
        { header: 'Total', align: 'right' },
        { header: 'Installments' },
        { header: 'Paid', align: 'right' },
        { header: 'Standing' },
        { header: 'Note' },
      ],
      plans.map(({ x, e }) => [
        x.startDate,
        x.planId,
        formatMoney(x.totalMinor, x.currency),
        `${x.installments} ${x.frequency}`,
        formatMoney(e.paidMinor, x.currency),
        e.status,
        withheld(x.note),
      ]),
      undefined,
    ),
  ];
  const rows: CsvRow[] = [
    ...promises.map(({ x, e }) => ({
      Section: 'promise',
      'Record ID': x.promiseId,
      Date: x.takenOn,
      'Due Date': x.promisedDate,
      Status: e.status,
      Currency: x.currency,
      Amount: majorUnits(x.amountMinor, x.currency),
      'Open Amount': majorUnits(Math.max(0, x.amountMinor - e.paidMinor), x.currency),
      Detail: withheld(x.note),
    })),
    ...plans.map(({ x, e }) => ({
      Section: 'plan',
      'Record ID': x.planId,
      Date: x.startDate,
      Type: `${x.installments} ${x.frequency}`,
      Status: e.status,
      Currency: x.currency,
      Amount: majorUnits(x.totalMinor, x.currency),
      'Open Amount': majorUnits(Math.max(0, x.totalMinor - e.paidMinor), x.currency),
      Detail: joinSome([e.explanation, x.note && withheld(x.note)]),
    })),
  ];
  return { blocks, rows };
}

/** What a packet shows for a note that is not marked shareable. */
export const WITHHELD_NOTE = '(office note withheld: not marked shareable)';

/**
 * Free-text notes stay in the office (HIPAA minimum necessary, 45 CFR 164.502(b): a note may hold
 * health details); promise and plan notes have no Shareable mark and are always withheld.
 */
const withheld = (note: string | undefined) => (note ? WITHHELD_NOTE : '');

/** An Activity note goes to the agency only when the clerk marked the row Shareable. */
const shareableNote = (a: { note?: string; shareable?: boolean }) =>
  a.note ? (a.shareable === true ? a.note : WITHHELD_NOTE) : '';

/** Every contact attempt and note, oldest first. */
function activitySection(p: PacketInput): Section {
  const activity = p.upTo(p.ledger.activity);
  return {
    blocks: tableOrNone(
      'Contact history',
      [
        { header: 'Date' },
        { header: 'Type' },
        { header: 'Direction' },
        { header: 'Stage' },
        { header: 'Outcome' },
        { header: 'By' },
        { header: 'Note' },
      ],
      activity.map((a) => [
        a.date,
        a.type,
        a.direction,
        a.stage ?? '',
        a.outcome ?? '',
        a.by ?? '',
        shareableNote(a),
      ]),
      'No contact on record.',
    ),
    rows: activity.map((a) => ({
      Section: 'activity',
      'Record ID': a.activityId,
      Date: a.date,
      Type: `${a.type} ${a.direction}`,
      Status: a.outcome ?? '',
      Detail: joinSome([a.stage && `stage ${a.stage}`, a.by && `by ${a.by}`, a.note && shareableNote(a)]),
    })),
  };
}

/** How the contact details came to be what they are, oldest change first. */
function contactChangesSection(p: PacketInput): Section {
  const changes = contactHistory(p.customer.customerId, p.upTo(p.ledger.contactChanges)).reverse();
  const status = (c: ContactChange) =>
    c.undoneOn !== undefined && toDay(c.undoneOn) <= p.asOfDay ? `undone ${c.undoneOn}` : 'in force';
  return {
    blocks: tableOrNone(
      'Contact detail changes',
      [
        { header: 'Date' },
        { header: 'Field' },
        { header: 'From' },
        { header: 'To' },
        { header: 'Source' },
        { header: 'By' },
        { header: 'Status' },
      ],
      changes.map((c) => [
        c.date,
        c.field,
        c.oldValue ?? '',
        c.newValue ?? '',
        c.source,
        c.by ?? '',
        status(c),
      ]),
      undefined,
    ),
    rows: changes.map((c) => ({
      Section: 'contact-change',
      'Record ID': c.changeId,
      Date: c.date,
      Type: c.field,
      Status: status(c),
      Detail: `"${c.oldValue ?? ''}" to "${c.newValue ?? ''}" from ${c.source}${c.by ? ` by ${c.by}` : ''}`,
    })),
  };
}

/**
 * The hand-over packet for one customer as of a date: the customer's contact details (as
 * `currentContact` has them) and flags with what each means for the collector, balance and aging
 * per currency, open items (disputed ones marked not for collection), fees, interest and credits,
 * payments with returned ones, every promise with its outcome, every plan with its standing, every
 * Activity row, and the changes to the contact details, oldest first. Only rows dated on or before
 * `asOf` count. Invoice descriptions are left out: in a medical office they can carry clinical
 * detail, and the collector needs ids, dates and amounts. The CSV holds the same records, one row
 * each, with amounts in major units next to their currency. Throws a `RangeError` for an unknown
 * customer.
 *
 * @example buildHandoverPacket(ledger, 'C-1', { asOf: '2026-11-23', placedWith: 'Acme Recovery', office: { name: 'Harbor Clinic' } })
 */
export function buildHandoverPacket(
  ledger: Ledger,
  customerId: string,
  options: HandoverPacketOptions,
): HandoverPacket {
  const customer = customerOf(ledger, customerId);
  const { asOf, office } = options;
  const asOfDay = toDay(asOf);
  const book = buildBook(ledger, asOf);
  const input: PacketInput = {
    customer,
    asOf,
    asOfDay,
    book,
    accounts: book.byCustomer.get(customerId) ?? [],
    ledger,
    options,
    upTo: (rows) =>
      rows
        .filter((r) => r.customerId === customerId && toDay(r.date) <= asOfDay)
        .sort((a, b) => toDay(a.date) - toDay(b.date)),
  };
  const sections = [
    customerSection,
    balanceSection,
    openItemsSection,
    adjustmentsSection,
    paymentsSection,
    commitmentsSection,
    activitySection,
    contactChangesSection,
  ].map((section) => section(input));
  const blocks = sections.flatMap((s) => s.blocks);
  blocks.push(heading('Questions'), {
    kind: 'lines',
    lines: [office.name, office.address, office.phone, office.email].filter((s): s is string => !!s),
  });
  const rows = sections.flatMap((s) => s.rows);
  return {
    document: {
      title: `Account hand-over: ${customer.name} (${customerId})`,
      blocks,
      footer: `${office.name}: hand-over of ${customerId} to ${options.placedWith}, as of ${asOf}`,
    },
    csv: toCsv([
      HANDOVER_CSV_COLUMNS,
      ...rows.map((r) => HANDOVER_CSV_COLUMNS.map((c) => (c === 'Customer ID' ? customerId : (r[c] ?? '')))),
    ]),
  };
}
