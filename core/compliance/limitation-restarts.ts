// What restarts a limitation period, by state (a signed written acknowledgment, a partial payment), each rule with the text it rests on.
import type { AccountBook, OpenItem } from '../ledger/book.js';
import { addMonths, type IsoDate, toDay } from '../ledger/dates.js';
import type { Activity, DebtType } from '../ledger/ledger.js';
import type { Region } from './places.js';

/** The events a state's law lets restart a limitation period that has not yet run out. */
export type RestartKind = 'written-acknowledgment' | 'partial-payment';

/** One state's rule: which events restart its period, for which debts, and where that is written. */
export interface RestartRule {
  state: Region;
  /** A writing signed by the debtor that acknowledges the debt or promises to pay it. */
  writtenAcknowledgment: boolean;
  /** A payment on the item (not returned). */
  partialPayment: boolean;
  /** The debt types the rule covers; every type when absent. */
  debtTypes?: readonly DebtType[];
  source: string;
  /** What the text says about a debt already barred, and what counsel should look at twice. */
  note: string;
  /** Where the text was read, and when. Only rules whose text was read are in the table. */
  verified: { read: string; on: string };
}

const READ_ON = '2026-12-04';

let rules: readonly RestartRule[] | undefined;
/**
 * The states whose restart rule was read. A state not listed restarts nothing here: its period
 * runs from the start event of its limitation row alone (the safe direction: a debt is never kept
 * collectable by an event whose effect was not read). Engineering data for counsel, not legal advice.
 *
 * Nothing here revives a debt once barred. Several states let a new written promise made after the
 * bar create a new obligation (California: Hayes v. O'Marr, 1927; Florida § 95.04; Texas § 16.065),
 * but New York forbids it for consumer credit (CPLR 214-i), Texas for debt buyers (Fin. Code
 * § 392.307, 2019), and a collector who sues or threatens suit on a time-barred debt breaks 12 CFR
 * 1006.26(b); the engine keeps such a debt time-barred and leaves a revival to counsel.
 */
export function restartRules(): readonly RestartRule[] {
  rules ??= [
    {
      state: 'CA',
      writtenAcknowledgment: true,
      partialPayment: false,
      source:
        'Cal. Code Civ. Proc. § 360 (an acknowledgment or promise contained in a writing signed by the party to be charged)',
      note: '§ 360 lets a payment of principal or interest restart the period only on a promissory note (see the next rule), and "no such payment of itself shall revive a cause of action once barred"',
      verified: {
        read: 'http://law.onecle.com/california/civil-procedure/360.html (§ 360, as amended 1955)',
        on: READ_ON,
      },
    },
    {
      state: 'CA',
      writtenAcknowledgment: true,
      partialPayment: true,
      debtTypes: ['promissory-note'],
      source:
        'Cal. Code Civ. Proc. § 360 (a payment on account of principal or interest due on a promissory note stops the running of the period and starts a new one)',
      note: 'a payment after the period ended does not revive the note (§ 360)',
      verified: {
        read: 'http://law.onecle.com/california/civil-procedure/360.html (§ 360, as amended 1955)',
        on: READ_ON,
      },
    },
    {
      state: 'NY',
      writtenAcknowledgment: true,
      partialPayment: false,
      source:
        'N.Y. Gen. Oblig. Law § 17-101 (an acknowledgment or promise contained in a writing signed by the party to be charged)',
      note: '§ 17-101 "does not alter the effect of a payment of principal or interest": whether a payment restarts the period is case law (not modelled, so a payment restarts nothing here); for a consumer credit transaction, once the period expires no payment, written or oral affirmation or other activity revives or extends it (CPLR 214-i, from 2022-04-07)',
      verified: {
        read: 'https://www.nysenate.gov/legislation/laws/GOB/17-101 (§ 17-101); the text of CPLR 214-i at https://www.acainternational.org/news/new-york-shortens-statute-of-limitations-on-consumer-credit-transactions/',
        on: READ_ON,
      },
    },
    {
      state: 'TX',
      writtenAcknowledgment: true,
      partialPayment: false,
      source:
        'Tex. Civ. Prac. & Rem. Code § 16.065 (an acknowledgment of the justness of a claim made after it is due, in writing and signed by the party to be charged)',
      note: 'a partial payment does not restart the period without a signed writing (Stine v. Stewart, 80 S.W.3d 586, 591 (Tex. 2002)); for a debt buyer no payment or other activity revives a consumer debt once barred (Tex. Fin. Code § 392.307, H.B. 996 of 2019, read as summarised, not its text)',
      verified: {
        read: 'the text of § 16.065 and Stine v. Stewart quoted at https://www.akerlylaw.com/resources/2018/4/19/the-effect-of-partial-payment-on-time-barred-debt; § 392.307 as summarised at https://guides.sll.texas.gov/debt-collection/time-barred-debts and http://faq.sll.texas.gov/questions/9617',
        on: READ_ON,
      },
    },
    {
      state: 'FL',
      writtenAcknowledgment: true,
      partialPayment: false,
      source:
        'Fla. Stat. § 95.04 (an acknowledgment of, or promise to pay, a debt must be in writing and signed by the person sought to be charged)',
      note: 'the text speaks of a debt already barred; a signed writing made before the bar is read here as restarting the period (Sebastian Enterprises v. Florida First National Bank, 345 So. 2d 827 (Fla. 4th DCA 1977), as described in Nolden v. Nolden); whether a partial payment restarts it was not read (not modelled)',
      verified: {
        read: 'the text of § 95.04 quoted in Nolden v. Nolden, 650 So. 2d 84 (Fla. 5th DCA 1995), https://e.casetext.com/case/nolden-v-nolden, and https://app.midpage.ai/document/nolden-v-nolden-7686219 (the dissent on writings made before the bar)',
        on: READ_ON,
      },
    },
    {
      state: 'OH',
      writtenAcknowledgment: true,
      partialPayment: true,
      debtTypes: ['written-contract', 'oral-contract', 'open-account', 'medical'],
      source:
        'Ohio Rev. Code § 2305.08 (after a payment upon a demand founded on a contract, or a written acknowledgment or promise to pay signed by the party to be charged, the periods of §§ 2305.06 and 2305.07 run again)',
      note: 'a consumer debt already runs from thirty days after the last payment (§ 2305.07(C)), so a payment adds nothing there; § 2305.08 names §§ 2305.06 and 2305.07, not the note period of § 1303.16, so the promissory-note row restarts on nothing',
      verified: {
        read: 'the text of § 2305.08 quoted at https://whychat.me/States/state-oh.html (a page whose own periods are out of date; the section text matches the one § 2305.07(C) cites)',
        on: READ_ON,
      },
    },
    {
      state: 'GA',
      writtenAcknowledgment: true,
      partialPayment: false,
      source:
        "O.C.G.A. § 9-3-110 (a new promise in writing, in the party's own handwriting or subscribed by him, constitutes a point from which the limitation runs again on a right not yet barred); § 9-3-112 (a written acknowledgment of the existing liability is equivalent to a new promise to pay)",
      note: "§ 9-3-112 counts a payment only when the debtor enters it upon a written evidence of the debt (in the debtor's hand or signed: Watkins v. Harris), which a posted payment does not show, so a payment restarts nothing here; the acknowledgment must identify the debt and be made to the creditor (Middlebrooks v. Cabaniss, 193 Ga. 764 (1942))",
      verified: {
        read: 'https://law.justia.com/codes/georgia/2020/title-9/chapter-3/article-6/section-9-3-110/index.html (§ 9-3-110, 2020 Code); https://getpocketlaw.com/law/state_georgia/section-9-3-112-payment-or-written-acknowledgment-equivalent-to-new-promise_b19047536bcf (§ 9-3-112 with its annotations); https://calculators.law/caselaw/decisions/Mgy3G6X7g8w0/middlebrooks-v-cabaniss',
        on: READ_ON,
      },
    },
    {
      state: 'AL',
      writtenAcknowledgment: false,
      partialPayment: true,
      source:
        'Ala. Code § 6-2-16 (nothing removes the bar or is evidence of a new and continuing contract except a partial payment made upon the contract by the party sought to be charged before the bar is complete, or an unconditional promise in writing signed by him)',
      note: "a written promise restarts the period only when it is an unconditional promise to pay, which the ledger's acknowledgment does not tell from a bare acknowledgment, so a letter restarts nothing here (counsel may read one as a promise)",
      verified: {
        read: 'http://alisondb.legislature.state.al.us/alison/codeofalabama/1975/6-2-16.htm (§ 6-2-16)',
        on: READ_ON,
      },
    },
    {
      state: 'WV',
      writtenAcknowledgment: true,
      partialPayment: false,
      source:
        'W. Va. Code § 55-2-8 (a promise of payment in a writing signed by the debtor, or an acknowledgment in writing from which a promise of payment may be implied, starts the period of § 55-2-6 again)',
      note: 'the section names no payment, so a payment restarts nothing here',
      verified: {
        read: 'http://www.legis.state.wv.us/legisdocs/code/55/WVC%2055%20%20-%20%202%20%20-%20%20%208%20%20.htm (§ 55-2-8)',
        on: READ_ON,
      },
    },
    {
      state: 'LA',
      writtenAcknowledgment: true,
      partialPayment: false,
      source:
        "La. Civ. Code arts. 3464, 3466 (prescription is interrupted when the debtor acknowledges the creditor's right, and runs anew from the last day of interruption)",
      note: 'an acknowledgment may also be oral or tacit (a payment, for one) under the jurisprudence; only a signed writing is counted here; prescription may be renounced only after it has accrued (art. 3449), which the engine never applies',
      verified: {
        read: 'https://lcco.law.lsu.edu/?uid=141&ver=ensp (arts. 3462-3466); https://legalfix.com/statutes/state-codes/louisiana/code-civilcode/cc-3449 (art. 3449)',
        on: READ_ON,
      },
    },
    {
      state: 'NJ',
      writtenAcknowledgment: true,
      partialPayment: false,
      source:
        'N.J.S.A. 2A:14-24 (on a simple contract, an acknowledgment or promise made or continued in a writing signed by the party chargeable)',
      note: 'the section leaves "the effect of any payment of principal or interest" to the case law (partial payments on a specific debt toll it: Forcellati Bros. v. Phillips, App. Div. 1998, unpublished), not modelled, so a payment restarts nothing here; a 2025 bill (A5619) to forbid reviving time-barred consumer debt was only introduced',
      verified: {
        read: 'the text of 2A:14-24 at http://civiljury.blogspot.com/2009/10/2a14-24-acknowledgment-or-new-promise.html; Forcellati Bros. v. Phillips as summarised at http://www.meislik.com/cases/forcellati_bros_v_phillips/; https://billcam.com/bill-texts/E7NVAnSNmB (A5619, 2025)',
        on: READ_ON,
      },
    },
    {
      state: 'PA',
      writtenAcknowledgment: true,
      partialPayment: true,
      source:
        'Pennsylvania acknowledgment doctrine (no statute: a clear, distinct and unequivocal acknowledgment of the debt as an existing obligation, consistent with a promise to pay, tolls the period, Senseman v. Hershman, 82 Pa. 83 (1876); Thomas v. Sweeney, 75 Pa. Super. 322 (1921); a payment on account of the very debt is such an acknowledgment, Tyers v. Kuhn, 52 Pa. Super. 24 (1912))',
      note: 'case law, not a statute: the acknowledgment must identify the debt and show a present intention to pay (Senseman); an oral one may do, but only a signed writing is counted here; the period is read as running again from the acknowledgment or payment (a 2016 practitioner note adds a reasonable time for payment, not applied: the earlier end is the safe one)',
      verified: {
        read: 'https://app.midpage.ai/document/senseman-v-hershman--houser-6235295; https://app.midpage.ai/document/thomas-v-sweeney-6280767; https://app.midpage.ai/document/tyers-v-kuhn-6277633; https://judicialsupport.wordpress.com/2016/05/31/debt-acknowledgment-going-beyond-limitations/',
        on: READ_ON,
      },
    },
    {
      state: 'WA',
      writtenAcknowledgment: true,
      partialPayment: true,
      source:
        'RCW 4.16.280 (an acknowledgment or promise contained in a writing signed by the party to be charged); RCW 4.16.270 (a payment made after the contract is due and before its limitation period expired restarts the period from the most recent payment)',
      note: 'RCW 4.16.270 as amended in 2019 (H.B. 1730): a payment made after the period expired does not restart, revive or extend it; the Court of Appeals reads a writing made before the period expired that admits the debt as an acknowledgment (Fetty v. Wenger, 2001)',
      verified: {
        read: 'http://apps.leg.wa.gov/RCW/default.aspx?cite=4.16.280 (RCW 4.16.280); https://lawfilesext.leg.wa.gov/Law/RCW/RCW%20%20%204%20%20TITLE/RCW%20%20%204%20.%2016%20%20CHAPTER/RCW%20%20%204%20.%2016%20.270.htm (RCW 4.16.270); the 2019 final bill report at http://lawfilesext.leg.wa.gov/biennium/2019-20/Htm/Bill%20Reports/House/1730%20HBR%20FBR%2019.htm',
        on: READ_ON,
      },
    },
  ];
  return rules;
}

let searched: Readonly<Partial<Record<Region, string>>> | undefined;
/**
 * States whose restart rule was looked for and not settled: what was found, so the next reader
 * does not search the same places again. They restart nothing here.
 */
export function restartsSearched(): Readonly<Partial<Record<Region, string>>> {
  searched ??= {
    MA: '2026-12-04: a decision of the Supreme Judicial Court (https://calculators.law/caselaw/decisions/bYPNwvj6L3Vy, citing Pub. Sts. c. 197, § 15) requires, against the six-year defence, a new promise in writing, or a written acknowledgment from which one is implied, made within six years; the section of the General Laws in force was not identified or read (the search returned c. 259, §§ 1-4, the statute of frauds); not modelled',
    ID: '2026-12-04: a signed written acknowledgment or a payment of principal or interest renews the period (Thomson v. Sunny Ridge Village Partnership, Kelly v. Leachman, as summarised at https://racinelaw.net/blog/resetting-statute-limitations-contract-claims-acknowledgement-payment); the statute itself was not found; not modelled',
    VA: '2026-12-04: the Supreme Court of Virginia reads a new promise made before the bar as fixing a new date from which the period runs (Ingram v. Harris (1939), on § 5812 of the Code of 1936), but the section in force was not found (only § 8.01-232, promises not to plead the statute, came back); not modelled',
    AZ: '2026-12-04: a written, signed acknowledgment of an account as a present debt was argued in John W. Masury & Son v. Bisbee Lumber Co., 49 Ariz. 443 (1937), but the statute in force was not found; not modelled',
    MN: '2026-12-04: the Supreme Court of Minnesota let a partial payment and letters acknowledging the debt start the period again (Hartnagel v. Alexander (1931), as summarised at https://www.studicata.com/summaries/supreme-court-of-minnesota/hartnagel-v-alexander-1931-35eo55), and an oral extension does not (Schueller v. Knapp (1961)); the statute in force was not found; not modelled',
    MO: '2026-12-04: a cross reference in the annotated § 432.010 names § 516.320 (actions on contract barred, revived by written promise), but its text was not found; not modelled',
    UT: "2026-12-04: § 78B-2-309(2) (text read at https://le.utah.gov/xcode/Title78B/Chapter2/C78B-2-S309_2019051420190514.xml) starts the six years again at a written acknowledgment, a promise to pay or a payment, but only for a credit agreement as defined in § 25-5-4 (a financial institution's agreement to lend or extend credit); an office's invoice is not one, and a Utah open account already runs from the last payment (§ 78B-2-307(1)); the general rule for other written contracts was not read; not modelled",
    IL: "2026-12-04: 735 ILCS 5/13-206 (read at https://ilga.gov/legislation/ilcs/documents/073500050K13-206.htm) lets a payment or a new promise to pay made in writing, within or after the ten years, start ten years again for a written contract or note; not modelled: it names a promise to pay, and the ledger's acknowledgment does not tell a promise from a bare acknowledgment, and whether a payment must itself be evidenced in writing was not settled (Bowles v. Keator, an Illinois decision at https://cetient.com/case/6994038/bowles-v-keator)",
    NC: '2026-12-04: North Carolina requires a new promise in writing, express, specific and unconditional (Cooper v. Jones, 38 S.E. 28 (N.C. 1901); Bates v. Herren (N.C. 1886), citing The Code § 51), but the text of N.C. Gen. Stat. § 1-26 in force was not found; not modelled',
  };
  return searched;
}

/** The Activity outcome a clerk records for a signed written acknowledgment or promise to pay from the debtor. */
export const WRITTEN_ACKNOWLEDGMENT_OUTCOME = 'acknowledged-in-writing';

/** A signed writing from the debtor that acknowledges the debt or promises to pay it. */
export interface WrittenAcknowledgment {
  /** The Activity row that records it. */
  activityId: string;
  date: IsoDate;
}

/**
 * The written acknowledgments among a customer's Activity rows, oldest first: an inbound letter
 * with the outcome `acknowledged-in-writing` (spaces, underscores and case aside), dated on or
 * before `asOf`. An email, a call or a visit is not one: the statutes ask for a writing signed by
 * the debtor, and whether an email is signed was not settled.
 */
export function writtenAcknowledgments(
  activity: readonly Pick<Activity, 'activityId' | 'date' | 'type' | 'direction' | 'outcome'>[],
  asOf: IsoDate,
): WrittenAcknowledgment[] {
  const out: WrittenAcknowledgment[] = [];
  for (const a of activity) {
    if (a.type !== 'letter' || a.direction !== 'inbound' || a.date > asOf) continue;
    const outcome = a.outcome
      ?.trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, '-');
    if (outcome === WRITTEN_ACKNOWLEDGMENT_OUTCOME) out.push({ activityId: a.activityId, date: a.date });
  }
  return out.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

/** The restart rule of a state for a debt type, if its text was read. */
export function restartRuleFor(state: Region, debtType: DebtType): RestartRule | undefined {
  return (
    restartRules().find((r) => r.state === state && r.debtTypes?.includes(debtType)) ??
    restartRules().find((r) => r.state === state && r.debtTypes === undefined)
  );
}

/** The event that last restarted an item's period. */
export interface Restart {
  kind: RestartKind;
  on: IsoDate;
  /** The Activity row (acknowledgment) or Payments row (payment). */
  ref: string;
  source: string;
}

/**
 * The day an item's period ends once the restarts its state allows are applied: each event dated
 * before the period then running out (and after the item fell due) starts the whole period again
 * from its own date. An event on or after the end day changes nothing: the debt stays barred.
 *
 * @example restartedEnd('2026-03-01', 'CA' rule, 4 years, [ack of 2025-06-01]) // ends 2029-06-01
 */
export function restartedEnd(
  item: Pick<OpenItem, 'itemId' | 'dueDate'>,
  account: Pick<AccountBook, 'payments'>,
  end: IsoDate,
  years: number,
  rule: RestartRule | undefined,
  acknowledgments: readonly WrittenAcknowledgment[],
): { end: IsoDate; restart?: Restart } {
  if (!rule) return { end };
  const events: Restart[] = [];
  if (rule.writtenAcknowledgment)
    for (const a of acknowledgments)
      events.push({ kind: 'written-acknowledgment', on: a.date, ref: a.activityId, source: rule.source });
  if (rule.partialPayment)
    for (const p of account.payments) {
      if (p.returned) continue;
      if (p.allocations.some((x) => x.itemId === item.itemId && x.amountMinor > 0))
        events.push({ kind: 'partial-payment', on: p.date, ref: p.paymentId, source: rule.source });
    }
  events.sort((x, y) => (x.on < y.on ? -1 : x.on > y.on ? 1 : 0));
  let current = end;
  let restart: Restart | undefined;
  const due = toDay(item.dueDate);
  for (const e of events) {
    const day = toDay(e.on);
    if (day < due || day >= toDay(current)) continue;
    const next = addMonths(e.on, years * 12);
    if (toDay(next) > toDay(current)) {
      current = next;
      restart = e;
    }
  }
  return restart ? { end: current, restart } : { end: current };
}
