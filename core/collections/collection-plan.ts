// The daily plan: which customer gets which stage on which channel today, or why not, each decision
// with its explanation. The policy it reads (stages, ladders, modes) is in dunning-policy.ts.

import { debtorTypeOf, ruleCovers } from '../compliance/debtor-type.js';
import {
  type AddressPlace,
  type ContactRulesChoice,
  type ContactZones,
  contactRulesFor,
  contactZones,
  placeOfAddress,
  windowInAllZones,
  type ZonesWindow,
} from '../compliance/jurisdiction.js';
import { writtenAcknowledgments } from '../compliance/limitation-restarts.js';
import { mayBeTimeBarred, shortestLimitationYears, timeBarOf } from '../compliance/limitations.js';
import { timeBarredWording } from '../compliance/time-barred-wording.js';
import type { Book } from '../ledger/book.js';
import { fromDay, type IsoDate, isValidTimeZone, toDay } from '../ledger/dates.js';
import type {
  ActivityType,
  ContactPreset,
  Customer,
  Ledger,
  PaymentPlan,
  PromiseToPay,
} from '../ledger/ledger.js';
import { formatMoney } from '../ledger/money.js';
import { type Position, positionOf } from './account-position.js';
import {
  CHANNEL_ACTIVITY,
  type Channel,
  type ContactBlock,
  checkContact,
  DEFAULT_CONTACT_WINDOW,
  workplaceEmailWarning,
} from './contact-rules.js';
import {
  type DunningLadder,
  type DunningPolicy,
  type DunningStage,
  INTERNAL_ACTION_LABELS,
  type InternalAction,
  PolicyError,
  type PolicyMode,
  type StageKind,
  VALIDATION_STAGE,
  validatePolicy,
} from './dunning-policy.js';
import { evaluatePlan, type PlanEvaluation } from './plans.js';
import { evaluatePromise, type PaymentEvidence, type PromiseEvaluation } from './promises.js';
import { DISPUTE_WINDOW_DAYS, type DisclosureId } from './templates.js';

/** What `planCollections` works from. */
export interface PlanInput {
  ledger: Ledger;
  /** The ledger's book as of `asOf` (see `buildBook`). */
  book: Book;
  policy: DunningPolicy;
  asOf: IsoDate;
  /** The current instant (epoch ms), for the contact window. */
  now: number;
  /** Zone for customers with none (or an unknown one): the office's zone. */
  defaultTimeZone: string;
  /**
   * The ledger's customers made one at a time (a columnar ledger's `customerRows`, see
   * core/ledger/ledger-columns.ts), `at(n)` being `ledger.customers[n]`: when given, the planner
   * walks these instead of `ledger.customers` and lets each go after its turn, so a plan of a
   * hundred thousand customers never holds them all.
   */
  customerRows?: { readonly count: number; at(n: number): Customer };
  /**
   * Given, each planned action is handed to it as it is made, in plan order, instead of kept in the
   * plan's `actions` (then empty): a caller writing a million of them need not hold them all.
   */
  onAction?: (action: PlannedAction) => void;
}

/** Why a decision was made, with the figures it used. */
export interface Explanation {
  rule: string;
  policyVersion: string;
  /** One plain sentence a clerk can read out. */
  summary: string;
  inputs: Record<string, string | number | boolean>;
}

/** One outbound step Duebook intends to take. */
export interface PlannedAction {
  customerId: string;
  customerName: string;
  stage: string;
  stageIndex: number;
  kind: StageKind;
  channel: Channel;
  template: string;
  /** Due date of the item that drives the stage; with customer and stage, the idempotency key. */
  cycle: IsoDate;
  /** ISO instant: not before the debtor's contact window opens. */
  notBefore: string;
  /** `notBefore` on the debtor's wall clock, e.g. `2026-11-23 08:00 America/Chicago`. */
  localTime: string;
  /** One entry per currency the message covers. */
  amounts: { currency: string; overdueMinor: number; balanceMinor: number }[];
  invoiceIds: string[];
  /** Disclosures the message must carry (see `core/collections/templates.ts` `DISCLOSURES`). */
  disclosures?: DisclosureId[];
  /**
   * For a final demand: the date after which the account may be handed over, leaving the debtor
   * `DISPUTE_WINDOW_DAYS` (35) to question the balance, longer than Massachusetts' 30 days.
   */
  handOverAfter?: IsoDate;
  explanation: Explanation;
}

/** A step that was due but a guardrail or override stopped. */
export interface BlockedAction {
  customerId: string;
  customerName: string;
  stage: string;
  channel: string;
  /** The first blocking rule; `explanation.inputs.rules` lists all of them. */
  rule: string;
  explanation: Explanation;
}

/** An action for the office's credit contact (never the debtor) that a stage calls for. */
export interface PlannedInternalAction {
  customerId: string;
  customerName: string;
  stage: string;
  stageIndex: number;
  action: InternalAction;
  /** With customer and stage, the idempotency key: one notice per account and cycle. */
  cycle: IsoDate;
  amounts: { currency: string; overdueMinor: number; balanceMinor: number }[];
  invoiceIds: string[];
  explanation: Explanation;
}

/** The day's plan: what to send and what was held back. */
export interface CollectionPlan {
  asOf: IsoDate;
  policyVersion: string;
  actions: PlannedAction[];
  blocked: BlockedAction[];
  /** Credit holds, service stops and requests for goods back, for the office (see core/collections/credit-holds.ts). */
  internalActions: PlannedInternalAction[];
}

/** Where a customer is and whose contact rules apply (see `contactZones`, `contactRulesFor`). */
interface WhereResult {
  place: AddressPlace | undefined;
  where: ContactZones;
  rules: ContactRulesChoice;
  /** The zones as the explanation names them. */
  zone: string;
}

/** Stage chosen for a customer, with what led there. */
interface StageChoice {
  index: number;
  lastDoneIndex: number;
  skipped: string[];
}

function stageReached(stage: DunningStage, dpd: number): boolean {
  return dpd >= stage.daysPastDue && (stage.untilDaysPastDue === undefined || dpd <= stage.untilDaysPastDue);
}

/**
 * The stage due for a customer `dpd` days past due whose last stage done this cycle is
 * `lastDoneIndex` (-1 for none), or undefined when nothing is due.
 */
export function chooseStage(
  ladder: DunningLadder,
  mode: PolicyMode,
  dpd: number,
  lastDoneIndex: number,
): number | undefined {
  const c = chooseStageWithReasons(ladder, mode, dpd, lastDoneIndex);
  return c?.index;
}

function chooseStageWithReasons(
  ladder: DunningLadder,
  mode: PolicyMode,
  dpd: number,
  lastDoneIndex: number,
): StageChoice | undefined {
  const stages = ladder.stages;
  const skipped: string[] = [];
  if (mode === 'sequential') {
    for (let i = lastDoneIndex + 1; i < stages.length; i++) {
      const s = stages[i]!;
      // A stage whose moment has passed (a courtesy note once overdue) is skipped, not sent late.
      if (s.untilDaysPastDue !== undefined && dpd > s.untilDaysPastDue) {
        skipped.push(s.id);
        continue;
      }
      return dpd >= s.daysPastDue ? { index: i, lastDoneIndex, skipped } : undefined;
    }
    return undefined;
  }
  for (let i = stages.length - 1; i > lastDoneIndex; i--) {
    if (stageReached(stages[i]!, dpd)) {
      for (let j = lastDoneIndex + 1; j < i; j++) skipped.push(stages[j]!.id);
      return { index: i, lastDoneIndex, skipped };
    }
  }
  return undefined;
}

/** No rows: shared by every customer without any (read only). */
const NO_ROWS: readonly never[] = [];

/** The rule id of the validation notice, in the rule table. */
const VALIDATION_RULE = 'validation/notice-first';

/** True where the debtor's jurisdiction requires a validation notice from an original creditor. */
function validationRequired(
  preset: ContactPreset,
  address: string | undefined,
  place?: AddressPlace,
): boolean {
  if (preset === 'massachusetts' || preset === 'new-york-city') return true;
  if (!address) return false;
  const p = place ?? placeOfAddress(address);
  return p.country === 'US' && p.region === 'CA';
}

/** Rows of an array grouped by customer id, built in one pass. */
function indexByCustomer<T extends { customerId: string }>(
  rows: readonly T[],
  only?: ReadonlySet<string>,
): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    if (only && !only.has(r.customerId)) continue;
    const list = map.get(r.customerId);
    if (list) list.push(r);
    else map.set(r.customerId, [r]);
  }
  return map;
}

/** Money per currency, for a sentence: `USD 1,234.50 and EUR 80.00`. */
function moneyList(amounts: readonly { currency: string; overdueMinor: number }[]): string {
  if (amounts.length === 1) return formatMoney(amounts[0]!.overdueMinor, amounts[0]!.currency);
  return amounts.map((a) => formatMoney(a.overdueMinor, a.currency)).join(' and ');
}

function daysText(dpd: number): string {
  if (dpd > 0) return `${dpd} day${dpd === 1 ? '' : 's'} past due`;
  if (dpd === 0) return 'due today';
  return `due in ${-dpd} day${dpd === -1 ? '' : 's'}`;
}

/** Why the stage is due: `the 1-day reminder (at 1 days past due) is due because ...`. */
function stageSentenceOf(
  stage: DunningStage,
  mode: PolicyMode,
  lastStage: DunningStage | undefined,
  lastDoneDate: string,
): string {
  const threshold =
    stage.daysPastDue < 0 ? `${-stage.daysPastDue} days before due` : `${stage.daysPastDue} days past due`;
  const why =
    mode === 'sequential'
      ? lastStage
        ? `it is the next stage after the ${lastStage.label} done ${lastDoneDate} (sequential mode)`
        : 'it is the first stage reached this cycle (sequential mode)'
      : lastStage
        ? `it is the highest stage reached since the ${lastStage.label} (catch-up mode)`
        : 'it is the highest stage reached this cycle (catch-up mode)';
  return `the ${stage.label} (at ${threshold}) is due because ${why}`;
}

/**
 * The day's collection plan. For each customer: the oldest open, undisputed item net of credit
 * sets days past due and the cycle; stages already done this cycle come from outbound Activity
 * rows with a stage dated from the cycle minus the ladder's lead days; the policy's (or the
 * customer's) mode picks the next stage; then every channel of that stage goes through the
 * guardrails. Each customer gets at most one consolidated message per channel; customers with
 * nothing due appear in neither list. Every action and block carries its explanation.
 *
 * Runs in one pass over the ledger's rows to index them by customer, then per customer over only
 * that customer's rows; contact-window work is done once per time zone.
 *
 * @example planCollections({ ledger, book: buildBook(ledger, asOf), policy: DEFAULT_POLICY, asOf, now, defaultTimeZone: 'America/Chicago' })
 */
export function planCollections(input: PlanInput): CollectionPlan {
  const { ledger, book, policy, asOf, now, defaultTimeZone } = input;
  const problems = validatePolicy(policy);
  if (!isValidTimeZone(defaultTimeZone)) problems.push(`default time zone "${defaultTimeZone}" is unknown`);
  if (problems.length > 0) throw new PolicyError(problems);
  const asOfDay = toDay(asOf);
  const version = policy.version;
  const window = policy.contactWindow ?? DEFAULT_CONTACT_WINDOW;
  const requireAddress = policy.requireAddress ?? true;

  // Index once; every lookup below touches only one customer's rows.
  const activityBy = indexByCustomer(ledger.activity);
  const promisesBy = indexByCustomer(ledger.promises);
  const plansBy = indexByCustomer(ledger.plans);
  const committed = new Set<string>([...promisesBy.keys(), ...plansBy.keys()]);
  // Payments are evidence only for promises and plans: a ledger without them is not read for them.
  const paymentsBy =
    committed.size > 0
      ? indexByCustomer<PaymentEvidence>(ledger.payments, committed)
      : new Map<string, PaymentEvidence[]>();

  const leadByLadder = new Map<string, number>();
  const leadOf = (ladder: DunningLadder) => {
    let lead = leadByLadder.get(ladder.name);
    if (lead === undefined) {
      lead = Math.max(0, -(ladder.stages[0]?.daysPastDue ?? 0));
      leadByLadder.set(ladder.name, lead);
    }
    return lead;
  };
  // Candidate zone sets repeat across customers: the window is worked out once per set.
  const windowByZones = new Map<string, { w: ZonesWindow; notBeforeIso: string }>();
  const windowFor = (zones: readonly string[]) => {
    const key = zones.length === 1 ? zones[0]! : zones.join('|');
    let w = windowByZones.get(key);
    if (!w) {
      const found = windowInAllZones(now, zones, window);
      w = {
        w: found,
        notBeforeIso: found.notBefore === undefined ? '' : new Date(found.notBefore).toISOString(),
      };
      windowByZones.set(key, w);
    }
    return w;
  };

  const shortestYears = shortestLimitationYears(policy.limitations?.overrides);

  // Customers share zones, addresses and phones: where one is and whose rules apply is worked out
  // once per distinct set of the cells it depends on (the Contact Rules and Time Zone cells, the
  // address and the phone), not once per customer.
  const whereByCells = new Map<string, WhereResult>();
  // Most customers fill only the Time Zone of the four: keyed by it alone, no key text made.
  const whereByZone = new Map<string, WhereResult>();
  const whereOf = (customer: Ledger['customers'][number]): WhereResult => {
    const zoneOnly = !customer.contactPreset && !customer.address && !customer.phone;
    const key = zoneOnly
      ? (customer.timeZone ?? '')
      : `${customer.contactPreset ?? ''}\u0000${customer.timeZone ?? ''}\u0000${customer.address ?? ''}\u0000${customer.phone ?? ''}`;
    const cache = zoneOnly ? whereByZone : whereByCells;
    let found = cache.get(key);
    if (!found) {
      const needsPlace = !customer.contactPreset || !customer.timeZone || !isValidTimeZone(customer.timeZone);
      const place = needsPlace ? placeOfAddress(customer.address) : undefined;
      const where = contactZones(customer, defaultTimeZone, place);
      const rules = contactRulesFor(customer, policy.contactPreset, place);
      const zone = where.zones.length === 1 ? where.zones[0]! : where.zones.join(' + ');
      found = { place, where, rules, zone };
      cache.set(key, found);
    }
    return found;
  };
  // The inputs' per-currency keys, made once per currency.
  const amountKeys = new Map<string, readonly [string, string]>();
  const amountKeysOf = (currency: string) => {
    let keys = amountKeys.get(currency);
    if (!keys) {
      keys = [`overdueMinor.${currency}`, `balanceMinor.${currency}`];
      amountKeys.set(currency, keys);
    }
    return keys;
  };

  // The stage sentence when no stage is done yet, per ladder stage, for sequential and catch-up mode.
  const firstStageSentence = [new Map<DunningStage, string>(), new Map<DunningStage, string>()] as const;
  // Many customers share a cycle day; formatting a date is the costliest step per customer.
  const cycleText = new Map<number, string>();

  const actions: PlannedAction[] = [];
  const pushAction = (action: PlannedAction) => {
    actions.push(action);
  };
  const blocked: BlockedAction[] = [];
  const internalActions: PlannedInternalAction[] = [];

  // The columnar book's accounts by position, when its customers are the ledger's in the same order.
  const byIndex = book.byCustomerIndex;
  // A columnar ledger's customers made one at a time, each let go after its turn; else the list.
  const rows = input.customerRows;
  const customers = rows ? undefined : ledger.customers;
  const count = rows ? rows.count : customers!.length;
  for (let ci = 0; ci < count; ci++) {
    const customer = rows ? rows.at(ci) : customers![ci]!;
    const accounts =
      byIndex && byIndex.ids[ci] === customer.customerId
        ? byIndex.accountsAt(ci)
        : book.byCustomer.get(customer.customerId);
    if (!accounts) continue;
    const ladderName = customer.ladder || policy.defaultLadder;
    const namedLadder = policy.ladders[ladderName];
    const ladder = namedLadder ?? policy.ladders[policy.defaultLadder]!;
    const lead = leadOf(ladder);
    const position = positionOf(accounts, asOfDay, lead, policy);
    if (!position) continue;

    // A ledger without Activity (or promises, or plans) rows is not searched for a customer's.
    const activity = activityBy.size === 0 ? NO_ROWS : (activityBy.get(customer.customerId) ?? NO_ROWS);
    const sinceDay = position.cycleDay - lead;
    let lastDoneIndex = -1;
    let lastDoneDate = '';
    for (const a of activity) {
      if (a.direction !== 'outbound' || !a.stage) continue;
      const day = toDay(a.date);
      if (day < sinceDay || day > asOfDay) continue;
      const idx = ladder.stages.findIndex((s) => s.id === a.stage);
      if (idx > lastDoneIndex) {
        lastDoneIndex = idx;
        lastDoneDate = a.date;
      }
    }
    const mode: PolicyMode =
      customer.dunning === 'sequential' || customer.dunning === 'catch-up' ? customer.dunning : policy.mode;
    const choice = chooseStageWithReasons(ladder, mode, position.daysPastDue, lastDoneIndex);
    if (!choice) continue;
    // The last stage must have had time to work before the next one goes out: the policy's gap,
    // or the ladder's own spacing between the two stages when that is shorter.
    if (lastDoneIndex >= 0) {
      const spacing = ladder.stages[choice.index]!.daysPastDue - ladder.stages[lastDoneIndex]!.daysPastDue;
      const gap = Math.min(policy.minDaysBetweenStages ?? 0, spacing);
      if (asOfDay - toDay(lastDoneDate) < gap) continue;
    }
    let stage: DunningStage = ladder.stages[choice.index]!;
    const lastStage = lastDoneIndex >= 0 ? ladder.stages[lastDoneIndex]! : undefined;
    let cycle = cycleText.get(position.cycleDay);
    if (cycle === undefined) {
      cycle = fromDay(position.cycleDay);
      cycleText.set(position.cycleDay, cycle);
    }

    // Where the debtor is and whose rules apply: the cells when filled, else the address and phone.
    const { place, where, rules, zone } = whereOf(customer);
    // Consumer or business: the consumer-only rules (CONSUMER_ONLY_RULES) skip a business's debt.
    const debtor = debtorTypeOf(customer);

    // Where a validation notice is required, it goes before the first past-due stage; threats of
    // hand-over wait until its dispute window has closed.
    const validationBlocks: ContactBlock[] = [];
    let validationBefore: string | undefined;
    if (
      stage.kind !== 'courtesy' &&
      ruleCovers(VALIDATION_RULE, debtor.type) &&
      validationRequired(rules.preset, customer.address, place)
    ) {
      let noticeOn: string | undefined;
      for (const a of activity) {
        if (
          a.direction === 'outbound' &&
          a.stage === VALIDATION_STAGE.id &&
          (!noticeOn || a.date > noticeOn)
        ) {
          noticeOn = a.date;
        }
      }
      if (noticeOn === undefined) {
        validationBefore = stage.id;
        stage = { ...VALIDATION_STAGE, daysPastDue: stage.daysPastDue };
      } else if (
        (stage.kind === 'final-demand' || stage.kind === 'handover') &&
        asOfDay < toDay(noticeOn) + DISPUTE_WINDOW_DAYS
      ) {
        validationBlocks.push({
          rule: 'validation/dispute-window',
          reason: `the validation notice of ${noticeOn} gives the debtor until ${fromDay(toDay(noticeOn) + DISPUTE_WINDOW_DAYS)} to dispute; no final demand or hand-over before then`,
        });
      }
    }

    const inputs: Record<string, string | number | boolean> = {
      daysPastDue: position.daysPastDue,
      cycle,
      oldestItemId: position.driverItemId,
      stageThresholdDays: stage.daysPastDue,
      lastStageDone: lastStage?.id ?? 'none',
      mode,
      ladder: ladder.name,
      policyVersion: version,
      timeZone: zone,
    };
    for (const a of position.amounts) {
      const keys = amountKeysOf(a.currency);
      inputs[keys[0]] = a.overdueMinor;
      inputs[keys[1]] = a.balanceMinor;
    }
    if (lastDoneDate) inputs.lastStageDoneOn = lastDoneDate;
    if (validationBefore) inputs.validationNoticeBefore = validationBefore;
    if (choice.skipped.length > 0)
      inputs.skippedStages = choice.skipped.length === 1 ? choice.skipped[0]! : choice.skipped.join(', ');
    if (position.creditAppliedMinor > 0) inputs.creditAppliedMinor = position.creditAppliedMinor;
    if (position.disputedExcluded > 0) inputs.disputedItemsExcluded = position.disputedExcluded;
    if (customer.dunning === 'sequential' || customer.dunning === 'catch-up') inputs.modeOverride = true;
    if (customer.timeZone && where.source !== 'time-zone') inputs.timeZoneFallback = customer.timeZone;
    if (where.source !== 'time-zone') inputs.timeZoneFrom = where.reason;
    inputs.contactRules = rules.preset;
    if (rules.source !== 'column') inputs.contactRulesFrom = rules.reason;
    inputs.debtorType = debtor.type;
    if (debtor.source !== 'column') inputs.debtorTypeFrom = debtor.reason;
    if (debtor.type === 'business') {
      inputs.consumerRules =
        'not applied: a business debt is outside the FDCPA, Reg F and the state consumer rules (12 CFR 1006.2(e))';
    }

    const owed = position.disputedOnly
      ? `${customer.name} has only disputed items overdue, the oldest ${daysText(position.daysPastDue)}`
      : position.daysPastDue > 0
        ? `${customer.name} owes ${moneyList(position.amounts)} overdue, ${daysText(position.daysPastDue)} (oldest ${position.driverItemId}, due ${cycle})`
        : `${customer.name} has ${position.driverItemId} ${daysText(position.daysPastDue)} (${cycle})`;
    // With no stage done yet this cycle the sentence depends on the ladder's stage and mode only.
    const sentenceKey = lastStage === undefined && stage === ladder.stages[choice.index] ? stage : undefined;
    let stageSentence = sentenceKey && firstStageSentence[mode === 'sequential' ? 0 : 1].get(sentenceKey);
    if (!stageSentence) {
      stageSentence = stageSentenceOf(stage, mode, lastStage, lastDoneDate);
      if (sentenceKey) firstStageSentence[mode === 'sequential' ? 0 : 1].set(sentenceKey, stageSentence);
    }

    // Customer-wide guardrails first; caps depend on the channel.
    const common: ContactBlock[] = validationBlocks;
    if (customer.dunning === 'hold') {
      common.push({ rule: 'override/hold', reason: 'the customer is on hold: no automated dunning' });
    }
    if (customer.ladder && !namedLadder) {
      common.push({
        rule: 'override/unknown-ladder',
        reason: `the customer's ladder "${customer.ladder}" is not in the policy`,
      });
    }
    // Time-barred debts (12 CFR 1006.26(b)): no threat of suit or hand-over; messages disclose it.
    const disclosures: DisclosureId[] = [];
    // The wording and citation follow the place whose law barred it (a Canadian province: its own Act).
    if (
      ruleCovers('time-barred/no-threat', debtor.type) &&
      mayBeTimeBarred(accounts, asOfDay, shortestYears)
    ) {
      const acknowledgments = writtenAcknowledgments(activity, asOf);
      const bar = timeBarOf(customer, accounts, asOf, { ...policy.limitations, place, acknowledgments });
      // A period restarted by a written acknowledgment or a payment is explained even when nothing is barred.
      if (bar && bar.restarted.length > 0 && bar.barred.length === 0) inputs.limitationRestarted = bar.reason;
      if (bar && bar.barred.length > 0) {
        const wording = timeBarredWording(bar.limitation);
        inputs.timeBarred = bar.reason;
        disclosures.push(wording.disclosure);
        if (stage.kind === 'final-demand' || stage.kind === 'handover') {
          common.push({ rule: 'time-barred/no-threat', reason: `${bar.reason}; ${wording.noThreat}` });
        }
      }
    }
    if (rules.preset === 'new-york-city' && ruleCovers('disclosure/nyc-language-access', debtor.type))
      disclosures.push('nyc-language-access');
    const workplace = workplaceEmailWarning(customer, policy.workplaceDomains);
    if (workplace) inputs.warning = workplace;
    // Most customers have neither promises nor plans: no list made for them.
    const promises = promisesBy.size === 0 ? undefined : promisesBy.get(customer.customerId);
    const plans = plansBy.size === 0 ? undefined : plansBy.get(customer.customerId);
    const customerPayments = promises || plans ? (paymentsBy.get(customer.customerId) ?? NO_ROWS) : NO_ROWS;
    const promiseResults: readonly PromiseEvaluation[] = promises
      ? promises.map((p: PromiseToPay) => evaluatePromise(p, customerPayments, asOf, policy.promiseGraceDays))
      : NO_ROWS;
    const planResults: readonly PlanEvaluation[] = plans
      ? plans.map((p: PaymentPlan) => evaluatePlan(p, customerPayments, asOf))
      : NO_ROWS;
    for (const p of promiseResults) {
      if (p.status === 'broken' || p.status === 'partly-kept') {
        inputs[`promise.${p.promiseId}`] = p.status;
      }
    }
    for (const p of planResults) {
      if (p.status === 'broken') {
        inputs[`plan.${p.planId}`] = 'broken';
      }
    }
    const win = windowFor(where.zones);
    const notBeforeIso = win.notBeforeIso;
    const localText = win.w.localText;
    if (win.w.notBefore === undefined) {
      common.push({ rule: 'window/no-common-hours', reason: win.w.reason });
    }
    // Contacts planned earlier in this run count toward the caps of the later channels.
    const planned: ActivityType[] = [];

    if (stage.internalAction !== undefined) {
      planInternalAction({
        stage,
        stageIndex: choice.index,
        customer,
        cycle,
        position,
        owed,
        stageSentence,
        common,
        promiseResults,
        planResults,
        inputs: { ...inputs },
        version,
        internalActions,
        blocked,
      });
    }

    const channels = stage.channels;
    for (let ci = 0; ci < channels.length; ci++) {
      const channel = channels[ci]!;
      // The last channel takes the customer's inputs object itself; earlier ones get a copy.
      const own = ci === channels.length - 1 ? inputs : { ...inputs };
      own.channel = channel;
      const checked = checkContact({
        customer,
        channel,
        asOf,
        defaultPreset: policy.contactPreset,
        preset: rules.preset,
        debtorType: debtor.type,
        activity,
        planned,
        promises: promiseResults,
        plans: planResults,
        allOverdueDisputed: position.disputedOnly,
        requireAddress,
      });
      const blocks = common.length === 0 ? checked : common.concat(checked);
      if (blocks.length > 0) {
        const first = blocks[0]!;
        blocked.push({
          customerId: customer.customerId,
          customerName: customer.name,
          stage: stage.id,
          channel,
          rule: first.rule,
          explanation: {
            rule: first.rule,
            policyVersion: version,
            summary: `${owed}; ${stageSentence}, but no ${channel} may go out: ${blocks.map((b) => b.reason).join('; ')}.`,
            inputs: Object.assign(own, { rules: blocks.map((b) => b.rule).join(', ') }),
          },
        });
        continue;
      }
      planned.push(CHANNEL_ACTIVITY[channel]);
      own.notBeforeLocal = localText;
      const explanation: Explanation = {
        rule: `stage/${stage.id}`,
        policyVersion: version,
        summary: `${owed}; ${stageSentence}; ${channel} not before ${localText}.`,
        inputs: own,
      };
      (input.onAction ?? pushAction)(
        plannedAction(
          customer,
          stage,
          choice.index,
          channel,
          cycle,
          notBeforeIso,
          localText,
          position,
          disclosures.length > 0 ? disclosures : undefined,
          stage.kind === 'final-demand' ? fromDay(asOfDay + DISPUTE_WINDOW_DAYS) : undefined,
          explanation,
        ),
      );
    }
  }
  return { asOf, policyVersion: version, actions, blocked, internalActions };
}

/**
 * The action object, its members always in the same order, `disclosures` and `handOverAfter` only
 * when there are any (the JSON and the table read them in this order): one literal per case, not
 * spreads, which build the object member by member.
 */
function plannedAction(
  customer: Ledger['customers'][number],
  stage: DunningStage,
  stageIndex: number,
  channel: Channel,
  cycle: IsoDate,
  notBefore: string,
  localTime: string,
  position: Position,
  disclosures: DisclosureId[] | undefined,
  handOverAfter: IsoDate | undefined,
  explanation: Explanation,
): PlannedAction {
  const customerId = customer.customerId;
  const customerName = customer.name;
  const { id, kind, template } = stage;
  const { amounts, invoiceIds } = position;
  if (disclosures === undefined && handOverAfter === undefined) {
    return {
      customerId,
      customerName,
      stage: id,
      stageIndex,
      kind,
      channel,
      template,
      cycle,
      notBefore,
      localTime,
      amounts,
      invoiceIds,
      explanation,
    };
  }
  if (handOverAfter === undefined) {
    return {
      customerId,
      customerName,
      stage: id,
      stageIndex,
      kind,
      channel,
      template,
      cycle,
      notBefore,
      localTime,
      amounts,
      invoiceIds,
      disclosures,
      explanation,
    };
  }
  if (disclosures === undefined) {
    return {
      customerId,
      customerName,
      stage: id,
      stageIndex,
      kind,
      channel,
      template,
      cycle,
      notBefore,
      localTime,
      amounts,
      invoiceIds,
      handOverAfter,
      explanation,
    };
  }
  return {
    customerId,
    customerName,
    stage: id,
    stageIndex,
    kind,
    channel,
    template,
    cycle,
    notBefore,
    localTime,
    amounts,
    invoiceIds,
    disclosures,
    handOverAfter,
    explanation,
  };
}

/**
 * The internal action of a stage, or why it is held back: a customer on hold, in bankruptcy (the
 * automatic stay forbids acting against the account to collect), with only disputed items overdue,
 * keeping an active promise or a plan in good standing. Not a contact: no caps, no contact window.
 */
function planInternalAction(a: {
  stage: DunningStage;
  stageIndex: number;
  customer: Ledger['customers'][number];
  cycle: IsoDate;
  position: Position;
  owed: string;
  stageSentence: string;
  common: readonly ContactBlock[];
  promiseResults: readonly PromiseEvaluation[];
  planResults: readonly PlanEvaluation[];
  inputs: Record<string, string | number | boolean>;
  version: string;
  internalActions: PlannedInternalAction[];
  blocked: BlockedAction[];
}): void {
  const action = a.stage.internalAction!;
  const blocks: ContactBlock[] = [...a.common];
  if (a.customer.flags.includes('bankruptcy'))
    blocks.push({
      rule: 'flag/bankruptcy',
      reason: 'the customer is in bankruptcy: the automatic stay forbids acting to collect',
    });
  if (a.position.disputedOnly)
    blocks.push({ rule: 'dispute/all-overdue', reason: 'every overdue item is disputed' });
  for (const p of a.promiseResults)
    if (p.status === 'pending')
      blocks.push({ rule: 'promise/active', reason: `promise ${p.promiseId} to pay is active` });
  for (const p of a.planResults)
    if (p.status === 'in-good-standing')
      blocks.push({ rule: 'plan/in-good-standing', reason: `payment plan ${p.planId} is in good standing` });
  const label = INTERNAL_ACTION_LABELS[action];
  const inputs = Object.assign(a.inputs, { internalAction: action });
  if (blocks.length > 0) {
    a.blocked.push({
      customerId: a.customer.customerId,
      customerName: a.customer.name,
      stage: a.stage.id,
      channel: `internal:${action}`,
      rule: blocks[0]!.rule,
      explanation: {
        rule: blocks[0]!.rule,
        policyVersion: a.version,
        summary: `${a.owed}; ${a.stageSentence}, but the office will not ${label}: ${blocks.map((b) => b.reason).join('; ')}.`,
        inputs: Object.assign(inputs, { rules: blocks.map((b) => b.rule).join(', ') }),
      },
    });
    return;
  }
  a.internalActions.push({
    customerId: a.customer.customerId,
    customerName: a.customer.name,
    stage: a.stage.id,
    stageIndex: a.stageIndex,
    action,
    cycle: a.cycle,
    amounts: a.position.amounts,
    invoiceIds: a.position.invoiceIds,
    explanation: {
      rule: `stage/${a.stage.id}/internal`,
      policyVersion: a.version,
      summary: `${a.owed}; ${a.stageSentence}: the office's credit contact is asked to ${label}; nothing goes to the customer for it.`,
      inputs,
    },
  });
}
