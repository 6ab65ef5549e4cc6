// Contact guardrails: flags, promises, plans, disputes, 7-day caps and the local contact window that block outreach.
import type { AccountBook } from './book.js';
import { addDays, type IsoDate, localTime, toDay, zonedInstant } from './dates.js';
import type { Activity, ActivityType, ContactPreset, Customer, CustomerFlag } from './ledger.js';
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

/**
 * The contact-limit presets. Duebook sends one consolidated message per customer, so a customer's
 * account is treated as the one debt the per-debt limits speak of.
 */
export const CONTACT_LIMITS: Readonly<Record<ContactPreset, ContactLimits>> = {
  federal: {
    preset: 'federal',
    label: 'Federal (Regulation F)',
    windowDays: 7,
    perChannel: { call: 7 },
    source: '12 CFR 1006.14(b)(2): at most 7 call attempts per debt in 7 days',
  },
  massachusetts: {
    preset: 'massachusetts',
    label: 'Massachusetts',
    windowDays: 7,
    perChannel: { call: 2 },
    source: '940 CMR 7.04(1)(f): at most 2 calls per debt in 7 days',
  },
  'new-york-city': {
    preset: 'new-york-city',
    label: 'New York City',
    windowDays: 7,
    perChannel: {},
    allChannels: 3,
    source: 'NYC Rules tit. 6 § 5-77: at most 3 contacts across all channels in 7 days',
  },
};

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
  // An internal measure (core/credit-holds.ts): it stops credit, not messages.
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
  customer: Pick<Customer, 'customerId' | 'flags' | 'contactPreset' | 'email' | 'address' | 'phone'>;
  channel: Channel;
  asOf: IsoDate;
  /** Preset used when the customer has none. Default `federal`. */
  defaultPreset?: ContactPreset;
  /** The customer's activity rows (other customers' rows are ignored). */
  activity?: readonly Activity[];
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

/**
 * Evaluates every guardrail for a customer and a channel and returns every block, each with its
 * rule id and a plain-English reason; an empty list means the contact may go ahead (within the
 * contact window, see `contactWindowStart`). Blocks are values: nothing here throws for a blocked
 * customer.
 *
 * Rule ids: `flag/<flag>`, `promise/active`, `plan/in-good-standing`, `dispute/all-overdue`,
 * `cap/calls-7d`, `cap/emails-7d`, `cap/letters-7d`, `cap/contacts-7d`, `address/missing-<channel>`.
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
  const limits = CONTACT_LIMITS[customer.contactPreset ?? check.defaultPreset ?? 'federal'];
  const counts = countRecentContacts(check.activity ?? [], asOf, limits.windowDays, customer.customerId);
  blocks.push(...capBlocks(limits, channel, counts));
  return blocks;
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
