// Each office's standing as a sender: which From it sends under, its send budget, its bounce and complaint rates
// from SES events, and the automatic pause (and resume) when its complaint or bounce rate passes SES's guidance.
import { addDays, localTime } from '../../core/ledger/dates.js';
import type { MailDay, MailStanding, MailStandingStore, SendingPause } from '../store/mail-standing-store.js';
import type { TenantSettings } from '../store/tenant-settings.js';

/**
 * SES's guidance, as rules (tables-as-data). Amazon SES pauses an account's sending at a bounce
 * rate of 10% or a complaint rate of 0.5% (AWS re:Post, "Why is my Amazon SES sending account
 * under review or paused?", https://repost.aws/knowledge-center/ses-resolve-account-review-pause),
 * and places it under review before that, at 5% bounces or 0.1% complaints (SES Developer Guide,
 * "Reputation metrics messages",
 * https://docs.aws.amazon.com/ses/latest/DeveloperGuide/reputationdashboardmessages.html). Rates are
 * measured over a representative volume, not a fixed period (AWS blog, "Announcing the Reputation
 * Dashboard"). Every office shares the deployment's SES account, so one office past these lines
 * puts all the others at risk: Duebook warns at the review line and pauses the office itself at
 * the pause line.
 */
export const MAIL_RATE_RULES = [
  { rule: 'mail/complaint-rate-pause', metric: 'complaintRate', atLeast: 0.005, action: 'pause' },
  { rule: 'mail/bounce-rate-pause', metric: 'bounceRate', atLeast: 0.1, action: 'pause' },
  { rule: 'mail/complaint-rate-warning', metric: 'complaintRate', atLeast: 0.001, action: 'warn' },
  { rule: 'mail/bounce-rate-warning', metric: 'bounceRate', atLeast: 0.05, action: 'warn' },
] as const;

/** Rates are computed over the office's sends of this many days (today included). */
export const RATE_WINDOW_DAYS = 30;
/**
 * Below this many sends in the window a rate is reported but never acted on: one complaint among
 * 40 messages is 2.5%, which says little (SES too measures over a "representative volume").
 */
export const MIN_SENDS_FOR_ACTION = 200;

export interface MailRates {
  windowFrom: string;
  sends: number;
  bounces: number;
  complaints: number;
  complaintRate: number;
  bounceRate: number;
}

/**
 * The office's day at `now` and the first day of its rate window: dates on the office's wall clock
 * (`timeZone`, daylight-saving changes included), so an SES event is counted in the office's day and
 * the 30 days are the office's 30 calendar days, today included.
 */
export function mailWindow(now: Date, timeZone: string): { today: string; windowFrom: string } {
  let today: string;
  try {
    today = localTime(now.getTime(), timeZone).date;
  } catch {
    // A zone no runtime knows (a deploy-time typo the fan-out skips too): the counters must still
    // count, and the event's suppression and trace task still run, so its days are UTC's.
    today = now.toISOString().slice(0, 10);
  }
  return { today, windowFrom: addDays(today, -(RATE_WINDOW_DAYS - 1)) };
}

export function ratesOf(days: readonly MailDay[], windowFrom: string): MailRates {
  const sum = (f: 'sends' | 'bounces' | 'complaints') =>
    days.filter((d) => d.date >= windowFrom).reduce((n, d) => n + d[f], 0);
  const sends = sum('sends');
  const bounces = sum('bounces');
  const complaints = sum('complaints');
  return {
    windowFrom,
    sends,
    bounces,
    complaints,
    complaintRate: sends > 0 ? complaints / sends : 0,
    bounceRate: sends > 0 ? bounces / sends : 0,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/** The first rule the rates break (pause rules first), or none; never below `MIN_SENDS_FOR_ACTION`. */
export function verdictOf(rates: MailRates): (typeof MAIL_RATE_RULES)[number] | undefined {
  if (rates.sends < MIN_SENDS_FOR_ACTION) return undefined;
  return MAIL_RATE_RULES.find((r) => rates[r.metric] >= r.atLeast);
}

export function describeVerdict(rule: (typeof MAIL_RATE_RULES)[number], rates: MailRates): string {
  const what = rule.metric === 'complaintRate' ? 'complaint' : 'bounce';
  const n = rule.metric === 'complaintRate' ? rates.complaints : rates.bounces;
  return (
    `${what} rate ${pct(rates[rule.metric])} (${n} of ${rates.sends} emails since ${rates.windowFrom}) ` +
    `is at or above ${pct(rule.atLeast)}, the line where SES ${rule.action === 'pause' ? 'pauses an account' : 'places an account under review'}`
  );
}

export interface MailStandingDeps {
  standing: MailStandingStore;
}

/**
 * Counts one SES event for the office and acts on its rates: a pause rule pauses the office (once;
 * it stays paused until an admin resumes it), a warning rule records a warning, healthy rates
 * clear the warning. Returns what it did.
 */
export async function countMailEvent(
  tenantId: string,
  kind: 'sends' | 'bounces' | 'complaints',
  now: Date,
  deps: MailStandingDeps & {
    /** The office's IANA zone (its settings): its days are the counters' and the rate window's. */
    timeZone: (tenantId: string) => Promise<string>;
  },
  /** The SES event's message id and type: a second delivery of the same event is not counted. */
  eventId?: string,
): Promise<{ rates?: MailRates; paused?: SendingPause; warned?: string; duplicate?: true }> {
  const { today, windowFrom } = mailWindow(now, await deps.timeZone(tenantId));
  if (!(await deps.standing.count(tenantId, today, kind, now, eventId))) return { duplicate: true };
  // A send alone cannot raise a rate: only bounces and complaints are evaluated (one write per send).
  if (kind === 'sends') return {};
  const rates = ratesOf(await deps.standing.days(tenantId, windowFrom), windowFrom);
  const verdict = verdictOf(rates);
  if (verdict?.action === 'pause') {
    const pause: SendingPause = {
      at: now.toISOString(),
      rule: verdict.rule,
      reason: describeVerdict(verdict, rates),
      complaintRate: rates.complaintRate,
      bounceRate: rates.bounceRate,
      sends: rates.sends,
    };
    const paused = await deps.standing.pause(tenantId, pause);
    return paused ? { rates, paused: pause } : { rates };
  }
  if (verdict?.action === 'warn') {
    const reason = describeVerdict(verdict, rates);
    await deps.standing.warn(tenantId, { at: now.toISOString(), rule: verdict.rule, reason });
    return { rates, warned: reason };
  }
  return { rates };
}

/** An RFC 5322 display name: quotes and line breaks dropped; non-ASCII as an RFC 2047 encoded word (SES requires it). */
export function displayName(name: string): string {
  const clean = name.replace(/["\\\r\n<>]/g, '').trim();
  if (/^[\x20-\x7e]*$/.test(clean)) return `"${clean}"`;
  return `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}

/** The address part of `Name <address>` (or the text itself). */
export function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

/**
 * Who a message is from. An office whose own domain SES verified sends from its address there;
 * until then (pending, failed, none) from the service's address, under the office's name, with the
 * office's reply-to. The neutral name, when set, is shown in place of the office's name.
 */
export function senderFor(
  serviceAddress: string,
  settings: Pick<TenantSettings, 'officeName' | 'tradingName' | 'neutralName' | 'officeEmail'>,
  standing: Pick<MailStanding, 'identity'>,
): { from: string; replyTo: string; via: 'office-domain' | 'service-domain' } {
  const name = settings.neutralName?.trim() || settings.tradingName?.trim() || settings.officeName;
  const identity = standing.identity;
  if (identity?.status === 'verified')
    return {
      from: `${displayName(name)} <${identity.fromAddress}>`,
      replyTo: settings.officeEmail,
      via: 'office-domain',
    };
  return {
    from: `${displayName(name)} <${addressOf(serviceAddress)}>`,
    replyTo: settings.officeEmail,
    via: 'service-domain',
  };
}

export type SendGate =
  | { kind: 'send'; from: string; replyTo: string; via: 'office-domain' | 'service-domain' }
  | { kind: 'paused'; rule: string; reason: string }
  | { kind: 'rate'; reason: string };

/** How long a message held by a paused office waits before it is looked at again. */
export const PAUSED_RETRY_MS = 60 * 60_000;

/**
 * What the sender may do for this office now: send (under which From), hold (the office is
 * paused), or come back later (the office used its send budget of the minute:
 * `sendRatePerSecond` x 60 per minute).
 */
export async function sendGate(
  tenantId: string,
  settings: TenantSettings,
  serviceAddress: string,
  now: Date,
  deps: MailStandingDeps,
): Promise<SendGate> {
  const perMinute = Math.max(1, Math.round((settings.sendRatePerSecond || 1) * 60));
  // Both at once (one round trip of latency per send): a paused office's taken budget is harmless.
  const [standing, withinBudget] = await Promise.all([
    deps.standing.standing(tenantId),
    deps.standing.takeSend(tenantId, now, perMinute),
  ]);
  if (standing.pause) {
    return {
      kind: 'paused',
      rule: standing.pause.rule,
      reason: `the office's sending is paused since ${standing.pause.at}: ${standing.pause.reason}; an admin resumes it in Settings (POST /v1/sending/resume)`,
    };
  }
  if (!withinBudget)
    return { kind: 'rate', reason: `the office's send rate of ${perMinute} emails a minute is used up` };
  return { kind: 'send', ...senderFor(serviceAddress, settings, standing) };
}
