// The proof's independent checker: the contact rules restated from the regulations' text, without any of core's code.

/** One contact that happened (history) or that the engine planned (checked, then added to history). */
export interface Contact {
  /** The office day it belongs to, `YYYY-MM-DD`. */
  day: string;
  /** When it reaches the debtor (epoch ms); history rows have none. */
  instant?: number;
  kind: 'email' | 'letter' | 'call' | 'sms' | 'visit';
  direction: 'outbound' | 'inbound';
  /** A telephone conversation took place (set by whoever knows it happened). */
  conversation?: boolean;
  /** What the clerk logged for a call (free text); the checker reads it with its own word list. */
  outcome?: string;
  /** Planned by the engine (a statement counts as an email). */
  byEngine?: boolean;
  /** The dunning stage's kind when the engine planned one (`validation`, `reminder`, `final-demand`, ...). */
  stageKind?: string;
}

/** What the checker knows about a debtor: the truth, not what the ledger says. */
export interface DebtorTruth {
  customerId: string;
  /** Zones the debtor may be in, given what the office has on file (and, when nothing, where they really are). */
  zones: readonly string[];
  jurisdiction: 'federal' | 'massachusetts' | 'new-york-city';
  /** Flags in force: each blocks some channels. */
  flags: readonly string[];
  workPhone: boolean;
  emailAtWork: boolean;
  consentEmail: boolean;
  /** The first day suit on the oldest open item is time-barred, where the law of the home says so. */
  barredFrom?: string;
  /** The home's law requires a validation notice before dunning. */
  validationRequired: boolean;
  /**
   * Who owes: a person (a consumer debt) or a company. The FDCPA, Reg F and the state and city
   * consumer rules protect consumers only (15 U.S.C. 1692a(3), (5)); a company still keeps its flags
   * (the bankruptcy stay binds everyone) and, by office policy, daytime hours.
   */
  debtor: 'consumer' | 'business';
}

/**
 * Logged call outcomes that mean the debtor was spoken to: 1006.14(b)(2)(i)(B) speaks of a
 * "telephone conversation"; a promise or a refusal to pay can only come from one.
 */
const SPOKEN =
  /^(spoke|spoke with (the )?(debtor|customer)|conversation|talked|connected|promised to pay|refused to pay)$/;
const spokenTo = (c: Contact) =>
  c.kind === 'call' &&
  (c.conversation === true ||
    (c.outcome !== undefined &&
      SPOKEN.test(
        c.outcome
          .trim()
          .toLowerCase()
          .replace(/[-_\s]+/g, ' '),
      )));

const dayNumber = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);

/** The same calendar day `years` later; 29 February becomes 28 February in a common year. */
const yearsAfter = (day: string, years: number) => {
  const [y, m, dd] = day.split('-').map(Number) as [number, number, number];
  const leap = (n: number) => (n % 4 === 0 && n % 100 !== 0) || n % 400 === 0;
  const d = m === 2 && dd === 29 && !leap(y + years) ? 28 : dd;
  return `${y + years}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/** What a clerk logs for a letter the debtor signed acknowledging the debt (read after folding case and separators). */
const ACKNOWLEDGED = /^acknowledged in writing$/;
const signedAcknowledgment = (c: Contact) =>
  c.kind === 'letter' &&
  c.direction === 'inbound' &&
  c.outcome !== undefined &&
  ACKNOWLEDGED.test(
    c.outcome
      .trim()
      .toLowerCase()
      .replace(/[-_\s]+/g, ' '),
  );

/**
 * The first day suit on a debt due `due` is barred after `years`. Where the home's law lets a signed
 * written acknowledgment restart the period (California Code Civ. Proc. § 360, New York Gen. Oblig.
 * Law § 17-101), each such letter dated from the due date until the day before the period then ends
 * starts it again from its own day. A letter once the period ended revives nothing for these rules:
 * a threat of suit on the old debt stays forbidden (12 CFR 1006.26(b); CPLR 214-i in New York).
 * An email, a letter the office sent or a call is not a letter the debtor signed.
 */
export function barredFrom(
  due: string,
  years: number,
  restarts: boolean,
  history: readonly Contact[],
): string {
  let end = yearsAfter(due, years);
  if (!restarts) return end;
  const letters = history.filter(signedAcknowledgment).sort((a, b) => dayNumber(a.day) - dayNumber(b.day));
  for (const l of letters) {
    if (dayNumber(l.day) < dayNumber(due) || dayNumber(l.day) >= dayNumber(end)) continue;
    const again = yearsAfter(l.day, years);
    if (dayNumber(again) > dayNumber(end)) end = again;
  }
  return end;
}

const hourFormat = new Map<string, Intl.DateTimeFormat>();
function hourIn(instant: number, zone: string): number {
  let f = hourFormat.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' });
    hourFormat.set(zone, f);
  }
  return Number(f.format(new Date(instant)));
}

/** Flags and the channels they close (FDCPA, Reg F, the bankruptcy stay, the office's own flags). */
const FLAG_CLOSES: Record<string, readonly string[]> = {
  dispute: ['email', 'letter', 'call'],
  bankruptcy: ['email', 'letter', 'call'],
  deceased: ['email', 'letter', 'call'],
  'cease-contact': ['email', 'letter', 'call'],
  attorney: ['email', 'letter', 'call'],
  placed: ['email', 'letter', 'call'],
  'opted-out': ['email'],
  'email-suppressed': ['email'],
  'mail-returned': ['letter'],
};

/**
 * Every rule the contact `next` breaks, given the debtor's history (engine contacts already made
 * included). Empty when it is lawful.
 */
export function violations(truth: DebtorTruth, history: readonly Contact[], next: Contact): string[] {
  const out: string[] = [];
  const d = dayNumber(next.day);
  const within = (c: Contact, days: number) => {
    const x = dayNumber(c.day);
    return x <= d && x > d - days;
  };
  const outbound = history.filter((c) => c.direction === 'outbound');

  for (const f of truth.flags) {
    if (FLAG_CLOSES[f]?.includes(next.kind)) out.push(`flag ${f} closes ${next.kind}`);
  }
  // 12 CFR 1006.6(b)(1)(i): 8am-9pm where the consumer is; with conflicting information, in every place.
  // The office keeps the same hours for a company.
  if (next.instant !== undefined) {
    for (const z of truth.zones) {
      const h = hourIn(next.instant, z);
      if (h < 8 || h >= 21) out.push(`${next.kind} at ${h}:00 in ${z}`);
    }
  }
  // Everything below protects consumers only.
  if (truth.debtor === 'business') return out;
  if (next.kind === 'call') {
    // 1006.14(b)(2)(i)(A): more than 7 calls within 7 consecutive days.
    const calls = outbound.filter((c) => c.kind === 'call' && within(c, 7)).length;
    if (calls + 1 > 7) out.push(`call #${calls + 1} in 7 days (federal 7)`);
    // 1006.14(b)(2)(i)(B): within 7 days after a telephone conversation (its day is day one).
    if (history.some((c) => spokenTo(c) && within(c, 7))) {
      out.push('call within 7 days of a conversation');
    }
    if (truth.jurisdiction === 'massachusetts') {
      // 940 CMR 7.04(1)(f): calls, texts and recorded messages: 2 per 7 days to a personal number,
      // 2 per 30 days to any other.
      const days = truth.workPhone ? 30 : 7;
      const n = outbound.filter((c) => (c.kind === 'call' || c.kind === 'sms') && within(c, days)).length;
      if (n + 1 > 2) out.push(`Massachusetts: call or text #${n + 1} in ${days} days`);
    }
  }
  if (truth.jurisdiction === 'new-york-city') {
    // 6 RCNY 5-77: at most 3 communications or attempts across all media in 7 days.
    const n = outbound.filter((c) => within(c, 7)).length;
    if (n + 1 > 3) out.push(`New York City: contact #${n + 1} in 7 days`);
    if (next.kind === 'email' && !truth.consentEmail) out.push('New York City: email without consent');
  }
  // 1006.26(b): no threat of suit (final demand, hand-over) on a time-barred debt.
  if (
    truth.barredFrom !== undefined &&
    d >= dayNumber(truth.barredFrom) &&
    (next.stageKind === 'final-demand' || next.stageKind === 'handover')
  ) {
    out.push(`${next.stageKind} on a debt time-barred since ${truth.barredFrom}`);
  }
  // 940 CMR 7.08 and the like: dunning only after a validation notice; threats only after its 30 days.
  if (
    truth.validationRequired &&
    next.stageKind !== undefined &&
    next.stageKind !== 'validation' &&
    next.stageKind !== 'courtesy'
  ) {
    const notice = history.find((c) => c.stageKind === 'validation');
    if (!notice) out.push(`${next.stageKind} before any validation notice`);
    else if (
      (next.stageKind === 'final-demand' || next.stageKind === 'handover') &&
      d < dayNumber(notice.day) + 30
    ) {
      out.push(`${next.stageKind} within 30 days of the validation notice`);
    }
  }
  // 1006.22(f)(3): not to an email address the debtor's employer provides, without consent.
  if (next.kind === 'email' && truth.emailAtWork && !truth.consentEmail)
    out.push('email to a workplace address');
  return out;
}
