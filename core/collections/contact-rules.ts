// Contact guardrails: flags, promises, plans, disputes, 7-day caps and the local contact window that block outreach.

import { debtorTypeOf, ruleCovers } from '../compliance/debtor-type.js';
import { contactRulesFor, contactZones, windowInAllZones } from '../compliance/jurisdiction.js';
import type { AccountBook } from '../ledger/book.js';
import { addDays, type IsoDate, localTime, toDay, zonedInstant } from '../ledger/dates.js';
import type {
  Activity,
  ActivityType,
  ContactPreset,
  Customer,
  CustomerFlag,
  DebtorType,
  PhoneType,
} from '../ledger/ledger.js';
import { isPlanActive, type PlanEvaluation } from './plans.js';
import { isPromiseActive, type PromiseEvaluation } from './promises.js';

/** The channels an automated dunning step can use. */
export const CHANNELS = ['email', 'letter', 'call'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Local hours during which a debtor may be contacted: from `startHour`:00 up to (not at) `endHour`:00. */
export interface ContactWindow {
  startHour: number;
  endHour: number;
}

/** 8am to 9pm in the debtor's time zone (Reg F, 12 CFR 1006.6(b)(1)(i)). */
export const DEFAULT_CONTACT_WINDOW: ContactWindow = { startHour: 8, endHour: 21 };

/** Limits on outbound contacts over a rolling window of days ending on (and including) the day. */
export interface ContactLimits {
  preset: ContactPreset;
  /** Plain-English name of the rule set. */
  label: string;
  /** Rolling window length in days (7: the day itself and the six before). */
  windowDays: number;
  /** Most contacts per channel in the window; a missing channel has no cap. */
  perChannel: Readonly<Partial<Record<Channel, number>>>;
  /** Most contacts over all channels together in the window, if capped. */
  allChannels?: number;
  /** Where the limit comes from, for explanations. */
  source: string;
}

export { PHONE_TYPES, type PhoneType } from '../ledger/ledger.js';

/**
 * One frequency cap, as data: within `windowDays` days ending on the day, at most `max` outbound
 * contacts of the kinds in `counts` (from Activity rows and from contacts already planned in the same
 * run); when reached, the channels in `blocks` may not be used. `phone` restricts the rule to
 * customers whose phone is of that type.
 */
export interface CapRule {
  id: string;
  presets: readonly ContactPreset[];
  windowDays: number;
  max: number;
  counts: readonly ActivityType[];
  blocks: readonly Channel[];
  phone?: PhoneType;
  /** The regulation's text it comes from. */
  citation: string;
  /** What it limits, in words. */
  limit: string;
}

/**
 * The frequency caps. Duebook sends one consolidated message per customer, so a customer's account
 * is treated as the one debt the per-debt limits speak of. Every preset keeps the federal floor.
 */
export const CAP_RULES: readonly CapRule[] = [
  {
    id: 'cap/calls-7d',
    presets: ['federal', 'massachusetts', 'new-york-city'],
    windowDays: 7,
    max: 7,
    counts: ['call'],
    blocks: ['call'],
    citation: '12 CFR 1006.14(b)(2)(i)(A)',
    limit: 'at most 7 call attempts per debt in 7 days',
  },
  {
    id: 'cap/calls-7d',
    presets: ['massachusetts'],
    windowDays: 7,
    max: 2,
    counts: ['call', 'sms'],
    blocks: ['call'],
    phone: 'personal',
    citation: '940 CMR 7.04(1)(f)',
    limit: 'at most 2 calls, texts or recorded messages to a personal number in 7 days',
  },
  {
    id: 'cap/calls-30d-other-number',
    presets: ['massachusetts'],
    windowDays: 30,
    max: 2,
    counts: ['call', 'sms'],
    blocks: ['call'],
    phone: 'work',
    citation: '940 CMR 7.04(1)(f)',
    limit: 'at most 2 calls, texts or recorded messages in 30 days to a number that is not personal',
  },
  {
    id: 'cap/contacts-7d',
    presets: ['new-york-city'],
    windowDays: 7,
    max: 3,
    counts: ['email', 'letter', 'call', 'sms', 'visit'],
    blocks: ['email', 'letter', 'call'],
    citation: '6 RCNY 5-77 (original creditors from 2026-09-01)',
    limit: 'at most 3 communications or attempts across all media in 7 days, messages included',
  },
];

const PRESET_LABEL: Readonly<Record<ContactPreset, string>> = {
  federal: 'Federal (Regulation F)',
  massachusetts: 'Massachusetts',
  'new-york-city': 'New York City',
};

function limitsOf(preset: ContactPreset): ContactLimits {
  const rules = CAP_RULES.filter(
    (r) => r.presets.includes(preset) && r.windowDays === 7 && r.phone !== 'work',
  );
  const perChannel: Partial<Record<Channel, number>> = {};
  let allChannels: number | undefined;
  for (const r of rules) {
    if (r.blocks.length === CHANNELS.length) allChannels = Math.min(allChannels ?? r.max, r.max);
    else for (const c of r.blocks) perChannel[c] = Math.min(perChannel[c] ?? r.max, r.max);
  }
  const strictest = [...rules].sort((a, b) => a.max - b.max)[0]!;
  return {
    preset,
    label: PRESET_LABEL[preset],
    windowDays: 7,
    perChannel: allChannels === undefined ? perChannel : {},
    allChannels,
    source: `${strictest.citation}: ${strictest.limit}`,
  };
}

/** The contact-limit presets in short (derived from `CAP_RULES`; the caps themselves are checked from the table). */
export const CONTACT_LIMITS: Readonly<Record<ContactPreset, ContactLimits>> = {
  federal: limitsOf('federal'),
  massachusetts: limitsOf('massachusetts'),
  'new-york-city': limitsOf('new-york-city'),
};

/**
 * Activity outcomes that mean a telephone conversation took place with the debtor (not voicemail,
 * no answer, busy or a wrong number). A promise or a refusal to pay is only given in a conversation,
 * so both start the 7-day hold of 12 CFR 1006.14(b)(2)(i)(B) too. Matched after lower-casing and
 * turning spaces and underscores into hyphens.
 */
export const CONVERSATION_OUTCOMES: ReadonlySet<string> = new Set([
  'spoke',
  'spoke-with-debtor',
  'spoke-with-customer',
  'spoke-with-the-debtor',
  'spoke-with-the-customer',
  'conversation',
  'talked',
  'connected',
  'promised-to-pay',
  'refused-to-pay',
]);

/** True when an Activity row records a telephone conversation (either direction) with the debtor. */
export function isConversation(a: Pick<Activity, 'type' | 'outcome'>): boolean {
  return (
    a.type === 'call' &&
    a.outcome !== undefined &&
    CONVERSATION_OUTCOMES.has(
      a.outcome
        .trim()
        .toLowerCase()
        .replace(/[\s_-]+/g, '-'),
    )
  );
}

/** Days a telephone conversation holds further calls: the day of the conversation and the six after. */
export const CONVERSATION_HOLD_DAYS = 7;

/** Activity types that are a contact with the customer (a `note` is not). */
const CONTACT_TYPES: ReadonlySet<ActivityType> = new Set(['email', 'letter', 'call', 'sms', 'visit']);

/** What each customer flag blocks, and why, in words a clerk would use. */
export const FLAG_RULES: Readonly<Record<CustomerFlag, { channels: readonly Channel[]; reason: string }>> = {
  dispute: {
    channels: CHANNELS,
    reason: 'the customer disputes the debt; collection stops until it is resolved',
  },
  bankruptcy: {
    channels: CHANNELS,
    reason: 'the customer is in bankruptcy; the automatic stay forbids collection',
  },
  deceased: {
    channels: CHANNELS,
    reason: 'the customer is deceased; only the estate may be approached, by staff',
  },
  'cease-contact': { channels: CHANNELS, reason: 'the customer asked us in writing to stop contacting them' },
  attorney: {
    channels: CHANNELS,
    reason: 'the customer is represented by an attorney; contact goes through the attorney',
  },
  placed: { channels: CHANNELS, reason: 'the account was handed to an attorney or agency' },
  'opted-out': { channels: ['email'], reason: 'the customer opted out of email' },
  'email-suppressed': {
    channels: ['email'],
    reason: 'the email address bounced or complained and is suppressed',
  },
  'mail-returned': { channels: ['letter'], reason: 'mail to the address came back undelivered' },
  // An internal measure (core/collections/credit-holds.ts): it stops credit, not messages.
  'credit-hold': { channels: [], reason: 'the account is on credit hold; reminders go on' },
};

/** One reason outreach may not happen. */
export interface ContactBlock {
  /** Stable rule id, e.g. `flag/deceased`, `cap/calls-7d`, `promise/active`. */
  rule: string;
  /** Plain-English reason. */
  reason: string;
}

/** Outbound contacts per channel over a rolling window, counted from a customer's activity rows. */
export interface ContactCounts {
  email: number;
  letter: number;
  call: number;
  /** Every outbound contact (email, letter, call, sms, visit). */
  all: number;
}

/**
 * Counts outbound contacts dated `asOf - (windowDays - 1)` through `asOf`. Rows of other customers
 * are ignored only if `customerId` is given; pass the customer's own rows for speed.
 */
export function countRecentContacts(
  activity: readonly Activity[],
  asOf: IsoDate,
  windowDays = 7,
  customerId?: string,
): ContactCounts {
  const last = toDay(asOf);
  const first = last - (windowDays - 1);
  const counts: ContactCounts = { email: 0, letter: 0, call: 0, all: 0 };
  for (const a of activity) {
    if (a.direction !== 'outbound' || !CONTACT_TYPES.has(a.type)) continue;
    if (customerId !== undefined && a.customerId !== customerId) continue;
    const day = toDay(a.date);
    if (day < first || day > last) continue;
    counts.all++;
    if (a.type === 'email' || a.type === 'letter' || a.type === 'call') counts[a.type]++;
  }
  return counts;
}

const CAP_RULE: Readonly<Record<Channel, string>> = {
  email: 'cap/emails-7d',
  letter: 'cap/letters-7d',
  call: 'cap/calls-7d',
};
const CHANNEL_PLURAL: Readonly<Record<Channel, string>> = {
  email: 'emails',
  letter: 'letters',
  call: 'calls',
};

/** Blocks from a preset's caps for one channel, given the recent counts. */
export function capBlocks(limits: ContactLimits, channel: Channel, counts: ContactCounts): ContactBlock[] {
  const blocks: ContactBlock[] = [];
  const cap = limits.perChannel[channel];
  if (cap !== undefined && counts[channel] >= cap) {
    blocks.push({
      rule: CAP_RULE[channel],
      reason: `${counts[channel]} ${CHANNEL_PLURAL[channel]} in the last ${limits.windowDays} days already reach the ${limits.label} limit of ${cap}`,
    });
  }
  if (limits.allChannels !== undefined && counts.all >= limits.allChannels) {
    blocks.push({
      rule: 'cap/contacts-7d',
      reason: `${counts.all} contacts in the last ${limits.windowDays} days already reach the ${limits.label} limit of ${limits.allChannels} across all channels`,
    });
  }
  return blocks;
}

/** Blocks a customer's flags put on a channel, in flag order. */
export function flagBlocks(flags: readonly CustomerFlag[], channel: Channel): ContactBlock[] {
  const blocks: ContactBlock[] = [];
  for (const flag of flags) {
    const rule = FLAG_RULES[flag];
    if (rule?.channels.includes(channel)) blocks.push({ rule: `flag/${flag}`, reason: rule.reason });
  }
  return blocks;
}

/**
 * True when the customer has overdue open items and every one of them is disputed: there is
 * nothing undisputed to collect, so outreach about the debt waits for the dispute.
 */
export function allOverdueDisputed(accounts: readonly AccountBook[], asOf: IsoDate): boolean {
  const asOfDay = toDay(asOf);
  let disputed = 0;
  for (const a of accounts) {
    for (const i of a.items) {
      if (i.openMinor <= 0 || toDay(i.dueDate) >= asOfDay) continue;
      if (!i.disputed) return false;
      disputed++;
    }
  }
  return disputed > 0;
}

/** Everything the guardrails look at for one customer and one channel. */
export interface ContactCheck {
  customer: Pick<Customer, 'customerId' | 'flags' | 'contactPreset' | 'email' | 'address' | 'phone'> &
    Partial<
      Pick<Customer, 'phoneType' | 'consentEmail' | 'emailAtWork' | 'name' | 'debtorType' | 'debtType'>
    >;
  channel: Channel;
  /**
   * Consumer or business, already decided (see `debtorTypeOf`); derived from the customer when
   * absent. A business debtor is outside the consumer-only rules (`CONSUMER_ONLY_RULES`).
   */
  debtorType?: DebtorType;
  asOf: IsoDate;
  /** Preset used when the customer has none and the address implies none. Default `federal`. */
  defaultPreset?: ContactPreset;
  /** The rule set already chosen (see `contactRulesFor`); derived from the customer when absent. */
  preset?: ContactPreset;
  /** The customer's activity rows (other customers' rows are ignored). */
  activity?: readonly Activity[];
  /**
   * Contacts already planned for this customer in the same run (earlier channels of the stage, a
   * statement), as activity types; they count toward every cap as if sent on `asOf`.
   */
  planned?: readonly ActivityType[];
  /** The customer's promises, evaluated as of `asOf`; a pending one blocks. */
  promises?: readonly PromiseEvaluation[];
  /** The customer's plans, evaluated as of `asOf`; one in good standing blocks. */
  plans?: readonly PlanEvaluation[];
  /** True when every overdue item is disputed (see `allOverdueDisputed`). */
  allOverdueDisputed?: boolean;
  /**
   * Require the address the channel needs (email, postal address, phone). Default false, since
   * many ledgers keep addresses elsewhere.
   */
  requireAddress?: boolean;
}

/** Activity type a planned channel becomes once carried out. */
export const CHANNEL_ACTIVITY: Readonly<Record<Channel, ActivityType>> = {
  email: 'email',
  letter: 'letter',
  call: 'call',
};

/** Blocks the frequency caps of a preset put on a channel (each rule id once). */
export function capRuleBlocks(
  preset: ContactPreset,
  channel: Channel,
  activity: readonly Activity[],
  asOf: IsoDate,
  planned: readonly ActivityType[] = [],
  phoneType: PhoneType = 'personal',
  customerId?: string,
): ContactBlock[] {
  const blocks: ContactBlock[] = [];
  // No activity (most customers): no date to read.
  const last = activity.length > 0 ? toDay(asOf) : 0;
  for (const rule of CAP_RULES) {
    if (!rule.presets.includes(preset) || !rule.blocks.includes(channel)) continue;
    if (rule.phone !== undefined && rule.phone !== phoneType) continue;
    if (blocks.some((b) => b.rule === rule.id)) continue;
    const first = last - (rule.windowDays - 1);
    let n = 0;
    for (const a of activity) {
      if (a.direction !== 'outbound' || !rule.counts.includes(a.type)) continue;
      if (customerId !== undefined && a.customerId !== customerId) continue;
      const day = toDay(a.date);
      if (day >= first && day <= last) n++;
    }
    for (const t of planned) if (rule.counts.includes(t)) n++;
    if (n >= rule.max) {
      blocks.push({
        rule: rule.id,
        reason: `${n} ${rule.counts.length > 2 ? 'contacts' : rule.counts.join(' or ')} in the last ${rule.windowDays} days (this run's plan included) already reach the ${PRESET_LABEL[preset]} limit: ${rule.limit} (${rule.citation})`,
      });
    }
  }
  return blocks;
}

/**
 * The day a telephone conversation with the debtor (either direction, any Activity row whose outcome
 * is a conversation) last happened within the hold, or undefined.
 */
export function conversationHoldSince(activity: readonly Activity[], asOf: IsoDate): IsoDate | undefined {
  const last = toDay(asOf);
  const first = last - (CONVERSATION_HOLD_DAYS - 1);
  let found: IsoDate | undefined;
  for (const a of activity) {
    if (!isConversation(a)) continue;
    const day = toDay(a.date);
    if (day >= first && day <= last && (found === undefined || day > toDay(found))) found = a.date;
  }
  return found;
}

/**
 * Evaluates every guardrail for a customer and a channel and returns every block, each with its
 * rule id and a plain-English reason; an empty list means the contact may go ahead (within the
 * contact window, see `windowInAllZones`). Blocks are values: nothing here throws for a blocked
 * customer.
 *
 * Rule ids: `flag/<flag>`, `promise/active`, `plan/in-good-standing`, `dispute/all-overdue`,
 * `hold/conversation-7d`, `cap/calls-7d`, `cap/calls-30d-other-number`, `cap/contacts-7d`,
 * `consent/email-nyc`, `email/workplace`, `address/missing-<channel>` (see docs/compliance.md).
 *
 * @example checkContact({ customer, channel: 'call', asOf: '2026-11-23', activity }) // [{ rule: 'cap/calls-7d', ... }]
 */
export function checkContact(check: ContactCheck): ContactBlock[] {
  const { customer, channel, asOf } = check;
  const blocks = flagBlocks(customer.flags, channel);
  for (const p of check.promises ?? []) {
    if (p.customerId === customer.customerId && isPromiseActive(p)) {
      blocks.push({
        rule: 'promise/active',
        reason: `promise ${p.promiseId} to pay is pending until ${p.dueBy}`,
      });
    }
  }
  for (const p of check.plans ?? []) {
    if (p.customerId === customer.customerId && isPlanActive(p)) {
      blocks.push({ rule: 'plan/in-good-standing', reason: `payment plan ${p.planId} is in good standing` });
    }
  }
  if (check.allOverdueDisputed) {
    blocks.push({ rule: 'dispute/all-overdue', reason: 'every overdue invoice is disputed' });
  }
  if (check.requireAddress) {
    const missing =
      channel === 'email' ? !customer.email : channel === 'letter' ? !customer.address : !customer.phone;
    if (missing) {
      const what =
        channel === 'email' ? 'email address' : channel === 'letter' ? 'postal address' : 'phone number';
      blocks.push({ rule: `address/missing-${channel}`, reason: `the customer has no ${what} on file` });
    }
  }
  const preset = check.preset ?? contactRulesFor(customer, check.defaultPreset ?? 'federal').preset;
  const activity = check.activity ?? [];
  const own = activity.length === 0 ? activity : activity.filter((a) => a.customerId === customer.customerId);
  if (channel === 'call') {
    const since = conversationHoldSince(own, asOf);
    if (since !== undefined) {
      blocks.push({
        rule: 'hold/conversation-7d',
        reason: `the customer was spoken with by telephone on ${since}; no call for 7 days after a conversation (12 CFR 1006.14(b)(2)(i)(B))`,
      });
    }
  }
  for (const b of capRuleBlocks(preset, channel, own, asOf, check.planned, customer.phoneType ?? 'personal'))
    blocks.push(b);
  if (channel === 'email') {
    if (preset === 'new-york-city' && customer.consentEmail !== true) {
      blocks.push({
        rule: 'consent/email-nyc',
        reason:
          "New York City rules allow email only with the consumer's written consent (Consent To Email is not yes)",
      });
    }
    if (customer.emailAtWork === true && customer.consentEmail !== true) {
      blocks.push({
        rule: 'email/workplace',
        reason:
          "the email address is provided by the customer's employer and the customer has not consented to email there (12 CFR 1006.22(f)(3))",
      });
    }
  }
  // The consumer-only rules (Reg F, state and city consumer rules) do not cover a business's debt.
  const debtor = check.debtorType ?? debtorTypeOf(customer).type;
  return debtor === 'consumer' || blocks.length === 0
    ? blocks
    : blocks.filter((b) => ruleCovers(b.rule, debtor));
}

/** When a contact may happen, as an instant and as the debtor's wall clock. */
export interface WindowStart {
  /** Epoch ms: `now` if inside the window, else the next window opening. */
  notBefore: number;
  /** True if `now` itself is inside the window. */
  inWindow: boolean;
  /** The debtor's local date of `notBefore`. */
  localDate: IsoDate;
  /** e.g. `2026-11-23 08:00 America/Chicago`. */
  localText: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The earliest instant at or after `now` inside the contact window in `timeZone`: `now` itself
 * between 08:00 and 21:00 local, else 08:00 local on the same day (before 8) or the next day
 * (from 21:00). Daylight-saving changes are handled through the zone's own rules.
 *
 * @example contactWindowStart(Date.parse('2026-11-23T13:00:00Z'), 'America/Chicago').localText
 * // '2026-11-23 08:00 America/Chicago' (it was 07:00 there)
 */
export function contactWindowStart(
  now: number,
  timeZone: string,
  window: ContactWindow = DEFAULT_CONTACT_WINDOW,
): WindowStart {
  const here = localTime(now, timeZone);
  if (here.hour >= window.startHour && here.hour < window.endHour) {
    return {
      notBefore: now,
      inWindow: true,
      localDate: here.date,
      localText: `${here.date} ${pad2(here.hour)}:${pad2(here.minute)} ${timeZone}`,
    };
  }
  const day = here.hour < window.startHour ? here.date : addDays(here.date, 1);
  const notBefore = zonedInstant(day, window.startHour, timeZone);
  // In the rare zone whose DST gap swallows the opening hour, zonedInstant gives the next instant.
  const there = localTime(notBefore, timeZone);
  return {
    notBefore,
    inWindow: false,
    localDate: there.date,
    localText: `${there.date} ${pad2(there.hour)}:${pad2(there.minute)} ${timeZone}`,
  };
}

/**
 * A warning (not a block) when the customer's email is at a domain the office lists as an
 * employer's (`DunningPolicy.workplaceDomains`) but Email At Work is not marked: a clerk should
 * ask, since email to an employer-provided address needs consent (12 CFR 1006.22(f)(3)).
 */
export function workplaceEmailWarning(
  customer: Pick<Customer, 'email'> & Partial<Pick<Customer, 'emailAtWork' | 'consentEmail'>>,
  workplaceDomains: readonly string[] = [],
): string | undefined {
  if (
    workplaceDomains.length === 0 ||
    !customer.email ||
    customer.emailAtWork !== undefined ||
    customer.consentEmail === true
  )
    return undefined;
  const domain = customer.email.slice(customer.email.lastIndexOf('@') + 1).toLowerCase();
  const hit = workplaceDomains.find(
    (d) => domain === d.toLowerCase() || domain.endsWith(`.${d.toLowerCase()}`),
  );
  return hit
    ? `${customer.email} is at ${hit}, which the office lists as an employer's domain: mark Email At Work or record consent`
    : undefined;
}

/** What decides whether a monthly statement email may go to a customer today. */
export interface StatementCheck {
  customer: ContactCheck['customer'] & Partial<Pick<Customer, 'timeZone'>>;
  asOf: IsoDate;
  /** The current instant (epoch ms), for the contact window. */
  now: number;
  /** The office's zone, for customers whose zone cannot be derived. */
  officeZone: string;
  defaultPreset?: ContactPreset;
  /** The customer's activity rows. */
  activity?: readonly Activity[];
  /** The customer's contacts already planned today (the day's dunning actions), as activity types. */
  planned?: readonly ActivityType[];
  window?: ContactWindow;
}

/** Whether a statement may go, when, and every reason it may not. */
export interface StatementDecision {
  send: boolean;
  /** Epoch ms the statement may go from (the window in every candidate zone), when `send`. */
  notBefore?: number;
  blocks: ContactBlock[];
  /** The rule set and zones used, for the explanation. */
  preset: ContactPreset;
  zones: string[];
}

/**
 * Decides whether a monthly statement email may go: a statement is a communication, so the email
 * flags, the consent rules and the caps apply (New York City's 3-in-7 counts it together with the
 * day's planned dunning contacts), and it waits for the contact window in every candidate zone.
 * Promises and plans in good standing do not stop a statement: it informs, it does not demand.
 *
 * @example checkStatement({ customer, asOf, now, officeZone: 'America/New_York', activity, planned: ['email'] }).send
 */
export function checkStatement(check: StatementCheck): StatementDecision {
  const rules = contactRulesFor(check.customer, check.defaultPreset ?? 'federal');
  const blocks = checkContact({
    customer: check.customer,
    channel: 'email',
    asOf: check.asOf,
    preset: rules.preset,
    activity: check.activity,
    planned: check.planned,
    requireAddress: true,
  });
  const where = contactZones(check.customer, check.officeZone);
  const w = windowInAllZones(check.now, where.zones, check.window ?? DEFAULT_CONTACT_WINDOW);
  if (w.notBefore === undefined) blocks.push({ rule: 'window/no-common-hours', reason: w.reason });
  return {
    send: blocks.length === 0,
    notBefore: blocks.length === 0 ? w.notBefore : undefined,
    blocks,
    preset: rules.preset,
    zones: where.zones,
  };
}
