// The generated proof's driver: random ledgers and histories, the planner run day after day, every contact checked.

import { planCollections } from '../../core/collections/collection-plan.js';
import { checkStatement } from '../../core/collections/contact-rules.js';
import { DEFAULT_POLICY, type DunningPolicy } from '../../core/collections/dunning-policy.js';
import { buildBook } from '../../core/ledger/book.js';
import { addDays, zonedInstant } from '../../core/ledger/dates.js';
import type { Activity, Customer, CustomerFlag, Ledger, PromiseToPay } from '../../core/ledger/ledger.js';
import { emptyLedger } from '../../core/ledger/ledger.js';
import { mulberry32 } from '../../examples/seeded-random.js';
import { type Contact, type DebtorTruth, violations } from './checker.js';
import { HIDDEN_ZONES, PLACES, type TruePlace } from './places.js';

/** How clerks log a call in which the debtor was spoken to (the engine and the checker each read these words). */
const SPOKEN_OUTCOMES = [
  'spoke',
  'Spoke with debtor',
  'conversation',
  'promised-to-pay',
  'refused-to-pay',
  'Promised to pay',
] as const;

const pickWith = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const OFFICE_ZONES = ['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'America/Denver'];

/** A ladder that contacts as often as the stages allow, on every channel: the caps must do the holding. */
const AGGRESSIVE: DunningPolicy = {
  ...DEFAULT_POLICY,
  version: 'proof/aggressive',
  ladders: {
    hard: {
      name: 'hard',
      stages: Array.from({ length: 40 }, (_, i) => ({
        id: `s${i}`,
        label: `stage ${i}`,
        kind:
          i === 39 ? ('handover' as const) : i % 5 === 4 ? ('final-demand' as const) : ('reminder' as const),
        daysPastDue: i * 2 + 1,
        channels: ([['email', 'call'], ['call'], ['letter', 'call', 'email'], ['call', 'email']] as const)[
          i % 4
        ]!,
        template: 'reminder-1',
      })),
    },
  },
  defaultLadder: 'hard',
  mode: 'catch-up',
  minDaysBetweenStages: 0,
};

const FLAGS: readonly CustomerFlag[] = [
  'dispute',
  'bankruptcy',
  'deceased',
  'cease-contact',
  'attorney',
  'opted-out',
  'email-suppressed',
  'mail-returned',
  'placed',
];

interface Case {
  ledger: Ledger;
  truths: Map<string, DebtorTruth>;
  history: Map<string, Contact[]>;
  officeZone: string;
  policy: DunningPolicy;
  start: string;
}

/** One random office ledger of `customers` debtors with 30 days of history before `start`. */
export function generateCase(seed: number, customers: number): Case {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const start = addDays('2026-09-01', Math.floor(r() * 120));
  const officeZone = pick(OFFICE_ZONES);
  const ledger = emptyLedger();
  const truths = new Map<string, DebtorTruth>();
  const history = new Map<string, Contact[]>();
  let act = 0;
  for (let i = 0; i < customers; i++) {
    const customerId = `C${i}`;
    const home: TruePlace | undefined = r() < 0.9 ? pick(PLACES) : undefined;
    const phonePlace: TruePlace | undefined =
      r() < 0.85 ? (home && r() < 0.75 ? home : pick(PLACES)) : undefined;
    const hidden = pick(HIDDEN_ZONES);
    const street = `${1 + Math.floor(r() * 999)} ${pick(['Main St', 'Court St', 'Elm Ave', 'Harbor Rd'])}`;
    const address = home ? `${street}${r() < 0.2 ? '\n' : ', '}${pick(home.lines)}` : undefined;
    const phone = phonePlace ? pick(phonePlace.phones) : undefined;
    const zonesKnown = [...new Set([home?.zone, phonePlace?.zone].filter((z): z is string => !!z))];
    // A clerk fills the Time Zone only when the file agrees with itself.
    const cellZone = zonesKnown.length === 1 && r() < 0.3 ? zonesKnown[0] : undefined;
    const jurisdiction = home?.jurisdiction ?? 'federal';
    const cellRules = home && r() < 0.25 ? jurisdiction : undefined;
    const flags: CustomerFlag[] = r() < 0.15 ? [pick(FLAGS)] : [];
    const consentEmail = r() < 0.5;
    const emailAtWork = r() < 0.1;
    const workPhone = r() < 0.2;
    // A quarter are companies: marked in the Debtor Type cell, or only by the company's legal name.
    // Some people's names look like a company's; the clerk then marks them consumer.
    const business = r() < 0.25;
    const companyName = `${pick(['Harbor', 'Summit', 'Court Street', 'Elm'])} ${pick(['Supply', 'Holdings', 'Trading', 'Works'])} ${pick(['LLC', 'Inc.', 'Ltd', 'Co.', 'Corp.', 'L.L.C.', 'GmbH'])}`;
    const namedLikeCompany = business ? r() < 0.6 : r() < 0.05;
    const debtorCell = business
      ? namedLikeCompany
        ? undefined
        : 'business'
      : namedLikeCompany
        ? 'consumer'
        : undefined;
    const customer: Customer = {
      row: i + 2,
      customerId,
      name: namedLikeCompany ? companyName : `Debtor ${i}`,
      ...(debtorCell ? { debtorType: debtorCell } : {}),
      email: r() < 0.9 ? `d${i}@example.com` : undefined,
      phone,
      address,
      timeZone: cellZone,
      flags,
      contactPreset: cellRules,
      phoneType: workPhone ? 'work' : r() < 0.5 ? 'personal' : undefined,
      consentEmail,
      emailAtWork,
    };
    ledger.customers.push(customer);
    truths.set(customerId, {
      customerId,
      zones: zonesKnown.length > 0 ? (cellZone ? [cellZone] : zonesKnown) : [hidden],
      jurisdiction,
      flags,
      workPhone,
      emailAtWork,
      consentEmail,
      validationRequired: home?.validationRequired === true,
      debtor: business ? 'business' : 'consumer',
    });
    const invoices = 1 + Math.floor(r() * 3);
    // Some debts are years old: past the limitation period of some states, not of others.
    const ancient = r() < 0.15;
    let oldestDue: string | undefined;
    for (let k = 0; k < invoices; k++) {
      const due = ancient
        ? addDays(start, -Math.floor(r() * 2_900) - 700)
        : addDays(start, -Math.floor(r() * 120) + 10);
      if (oldestDue === undefined || due < oldestDue) oldestDue = due;
      ledger.invoices.push({
        row: ledger.invoices.length + 2,
        invoiceId: `I${i}-${k}`,
        customerId,
        invoiceDate: addDays(due, -30),
        dueDate: due,
        amountMinor: 5_000 + Math.floor(r() * 200_000),
        currency: 'USD',
        status: r() < 0.05 ? 'disputed' : 'open',
      });
    }
    if (home?.limitationYears !== undefined && oldestDue !== undefined) {
      const [y, m, dd] = oldestDue.split('-').map(Number) as [number, number, number];
      // Written contracts (the engine's default debt type); Feb 29 falls back to Feb 28.
      const end = new Date(Date.UTC(y + home.limitationYears, m - 1, m === 2 && dd === 29 ? 28 : dd));
      truths.get(customerId)!.barredFrom = end.toISOString().slice(0, 10);
    }
    if (r() < 0.1) {
      const p: PromiseToPay = {
        row: i + 2,
        promiseId: `P${i}`,
        customerId,
        takenOn: addDays(start, -2),
        promisedDate: addDays(start, Math.floor(r() * 20)),
        amountMinor: 1_000,
        currency: 'USD',
        cancelled: false,
      };
      ledger.promises.push(p);
    }
    const h: Contact[] = [];
    for (let back = 30; back >= 1; back--) {
      if (r() > 0.25) continue;
      const day = addDays(start, -back);
      const kind = pick(['email', 'letter', 'call', 'call', 'sms'] as const);
      const inbound = kind === 'call' && r() < 0.3;
      const conversation = kind === 'call' && r() < 0.4;
      // The checker learns of the conversation from the logged words alone, as the engine does.
      const outcome = conversation
        ? pick(SPOKEN_OUTCOMES)
        : kind === 'call'
          ? pick(['voicemail', 'no-answer'])
          : undefined;
      h.push({ day, kind, direction: inbound ? 'inbound' : 'outbound', ...(outcome ? { outcome } : {}) });
      ledger.activity.push({
        row: ++act,
        activityId: `H${act}`,
        customerId,
        date: day,
        type: kind,
        direction: inbound ? 'inbound' : 'outbound',
        outcome,
      });
    }
    history.set(customerId, h);
  }
  return { ledger, truths, history, officeZone, policy: r() < 0.6 ? AGGRESSIVE : DEFAULT_POLICY, start };
}

/** What a simulated run found. */
export interface SimulationResult {
  contacts: number;
  /** Contacts the engine planned for companies (outside the consumer-only rules). */
  businessContacts: number;
  statements: number;
  violations: string[];
  /** Every rule id that blocked something, to check against the rule table. */
  blockedRules: Set<string>;
}

/**
 * Runs the planner for `days` days on a case: each day at a random office hour, every planned
 * action is checked against the checker's rules, then recorded as done (calls get a random outcome);
 * on the 1st, statements are decided by `checkStatement`; meanwhile debtors call in and staff text.
 */
export function simulate(seed: number, customers: number, days = 60): SimulationResult {
  const c = generateCase(seed, customers);
  const r = mulberry32(seed ^ 0x5eed);
  const result: SimulationResult = {
    contacts: 0,
    businessContacts: 0,
    statements: 0,
    violations: [],
    blockedRules: new Set(),
  };
  let act = 100_000;
  const record = (customerId: string, day: string, contact: Contact, stage?: string, outcome?: string) => {
    c.history.get(customerId)!.push(contact);
    c.ledger.activity.push({
      row: ++act,
      activityId: `S${act}`,
      customerId,
      date: day,
      type: contact.kind,
      direction: contact.direction,
      stage,
      outcome,
    } satisfies Activity);
  };
  for (let d = 0; d < days; d++) {
    const asOf = addDays(c.start, d);
    const now = zonedInstant(asOf, Math.floor(r() * 24), c.officeZone) + Math.floor(r() * 60) * 60_000;
    const plan = planCollections({
      ledger: c.ledger,
      book: buildBook(c.ledger, asOf),
      policy: c.policy,
      asOf,
      now,
      defaultTimeZone: c.officeZone,
    });
    for (const b of plan.blocked)
      for (const id of String(b.explanation.inputs.rules).split(', ')) result.blockedRules.add(id);
    const plannedBy = new Map<string, ('email' | 'letter' | 'call')[]>();
    for (const a of plan.actions) {
      const truth = c.truths.get(a.customerId)!;
      const contact: Contact = {
        day: asOf,
        instant: Date.parse(a.notBefore),
        kind: a.channel,
        direction: 'outbound',
        byEngine: true,
        stageKind: a.kind,
      };
      if (contact.instant! < now)
        result.violations.push(`seed ${seed} ${asOf} ${a.customerId}: planned in the past`);
      for (const v of violations(truth, c.history.get(a.customerId)!, contact)) {
        result.violations.push(`seed ${seed} ${asOf} ${a.customerId} ${a.stage} ${a.channel}: ${v}`);
      }
      const conversation = a.channel === 'call' && r() < 0.3;
      const outcome =
        a.channel === 'call' ? (conversation ? pickWith(r, SPOKEN_OUTCOMES) : 'voicemail') : undefined;
      if (outcome) contact.outcome = outcome;
      record(a.customerId, asOf, contact, a.stage, outcome);
      result.contacts++;
      if (truth.debtor === 'business') result.businessContacts++;
      const list = plannedBy.get(a.customerId) ?? [];
      list.push(a.channel);
      plannedBy.set(a.customerId, list);
    }
    if (asOf.endsWith('-01')) {
      for (const customer of c.ledger.customers) {
        if (!customer.email) continue;
        const decision = checkStatement({
          customer,
          asOf,
          now,
          officeZone: c.officeZone,
          defaultPreset: c.policy.contactPreset,
          activity: c.ledger.activity.filter((a) => a.customerId === customer.customerId),
          planned: plannedBy.get(customer.customerId) ?? [],
        });
        for (const b of decision.blocks) result.blockedRules.add(b.rule);
        if (!decision.send) continue;
        const contact: Contact = {
          day: asOf,
          instant: decision.notBefore,
          kind: 'email',
          direction: 'outbound',
          byEngine: true,
        };
        for (const v of violations(
          c.truths.get(customer.customerId)!,
          c.history.get(customer.customerId)!,
          contact,
        )) {
          result.violations.push(`seed ${seed} ${asOf} ${customer.customerId} statement: ${v}`);
        }
        record(customer.customerId, asOf, contact, 'statement');
        result.statements++;
      }
    }
    // People act too: a debtor calls in and talks, a clerk sends a text by hand.
    for (const customer of c.ledger.customers) {
      const x = r();
      if (x < 0.03) {
        const outcome = pickWith(r, SPOKEN_OUTCOMES);
        record(
          customer.customerId,
          asOf,
          { day: asOf, kind: 'call', direction: 'inbound', outcome },
          undefined,
          outcome,
        );
      } else if (x < 0.05) {
        record(customer.customerId, asOf, { day: asOf, kind: 'sms', direction: 'outbound' });
      }
    }
  }
  return result;
}
