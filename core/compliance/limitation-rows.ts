// Statutes of limitations by state and debt type, each row with its source: the table the time-bar rules read.
import type { DebtType } from '../ledger/ledger.js';
import { READ_ON, searchedReadings, verifiedReadings } from './limitation-sources.js';
import type { Region } from './places.js';

/**
 * The event a limitation period runs from, as the statute names it. Most run from the breach, the
 * day payment was due; a few name an earlier or a later event.
 */
export type LimitationStart =
  | 'due-date'
  | 'service-date'
  | 'later-of-service-and-last-payment'
  | 'last-charge-or-payment'
  | 'thirty-days-after-last-charge-or-payment';

let starts: Readonly<Record<LimitationStart, { law: string; ledger: string }>> | undefined;
/**
 * Each start event: the law's words, and the ledger field that stands for it (the Invoices tab has
 * no treatment-date column, so the invoice date stands for the date of the services).
 */
export function limitationStarts(): Readonly<Record<LimitationStart, { law: string; ledger: string }>> {
  starts ??= {
    'due-date': {
      law: 'the day payment was due',
      ledger: "the item's due date",
    },
    'service-date': {
      law: 'the date of treatment',
      ledger:
        'the invoice date, never later than the due date (enter the treatment date as the invoice date when the bill went out later than the treatment)',
    },
    'later-of-service-and-last-payment': {
      law: 'the date of the services or of the most recent partial payment, whichever is later',
      ledger:
        'the later of the invoice date (as for the date of treatment) and the last payment posted to that invoice (returned payments left out)',
    },
    'last-charge-or-payment': {
      law: 'the last charge made or the last payment received on the account, whichever is later',
      ledger:
        'the later of the newest invoice date on the account and the newest payment received on it (returned payments left out)',
    },
    'thirty-days-after-last-charge-or-payment': {
      law: 'thirty calendar days after the last charge or payment by the consumer, whichever is later',
      ledger:
        'thirty days after the later of the newest invoice date and the newest payment received on the account',
    },
  };
  return starts;
}

/** One row: how many years a creditor has to sue on a debt of this type in this state, and where that is written. */
export interface LimitationRow {
  state: Region;
  debtType: DebtType;
  years: number;
  /** The event the period runs from when it is not the due date (see {@link limitationStarts}). */
  runsFrom?: LimitationStart;
  /** The statute section. */
  source: string;
  /** What counsel should check (a section renumbered, an older rule for older contracts, sources that disagree). */
  note?: string;
  /**
   * Set when the period was checked against the statute's text (or an official summary): where it
   * was read (an address, or the earlier session that read it) and on what day. Rows without it
   * come from the codes as known and were not re-read.
   */
  verified?: { read: string; on: string };
  /** For a row not verified: what was searched for its text, and why that did not settle it. */
  searched?: string;
}

type PerType<T> = Readonly<Record<DebtType, T>>;

/**
 * A state's rows from its periods and sections per debt type. `w` written contract, `o` oral
 * contract, `a` open account, `n` promissory note, `m` medical (default: as the open account: a
 * provider's bill is an account).
 */
const st = (
  state: Region,
  years: { w: number; o: number; a: number; n?: number; m?: number },
  sources: { w: string; o?: string; a?: string; n?: string; m?: string },
  note?: string,
): LimitationRow[] => {
  const y: PerType<number> = {
    'written-contract': years.w,
    'oral-contract': years.o,
    'open-account': years.a,
    'promissory-note': years.n ?? years.w,
    medical: years.m ?? years.a,
  };
  const src: PerType<string> = {
    'written-contract': sources.w,
    'oral-contract': sources.o ?? sources.w,
    'open-account': sources.a ?? sources.o ?? sources.w,
    'promissory-note': sources.n ?? sources.w,
    medical: sources.m ?? sources.a ?? sources.o ?? sources.w,
  };
  return (Object.keys(y) as DebtType[]).map((debtType) => ({
    state,
    debtType,
    years: y[debtType],
    source: src[debtType],
    ...(note ? { note } : {}),
  }));
};

/** One period and one section for every debt type. */
const all = (state: Region, years: number, source: string, note?: string) =>
  st(state, { w: years, o: years, a: years }, { w: source }, note);

const row = (
  state: Region,
  years: Readonly<Record<DebtType, number>>,
  sources: Readonly<Record<DebtType, string>>,
) =>
  (Object.keys(years) as DebtType[]).map((debtType) => ({
    state,
    debtType,
    years: years[debtType],
    source: sources[debtType],
  }));

const same = <T>(v: T): Record<DebtType, T> => ({
  'written-contract': v,
  'oral-contract': v,
  'open-account': v,
  'promissory-note': v,
  medical: v,
});

let firstTwelveRows: readonly LimitationRow[] | undefined;
/** The first states' rows, one statute per debt type (Washington's is below). */
function firstTwelve(): readonly LimitationRow[] {
  firstTwelveRows ??= [
    ...row('MA', same(6), same('M.G.L. c. 260, § 2 (contract actions, 6 years)')),
    ...row('NY', same(3), {
      ...same('N.Y. CPLR 214-i (consumer credit transactions, 3 years, from 2022-04-07)'),
      medical: 'N.Y. CPLR 213-d (medical debt, 3 years)',
    }).map((r) =>
      r.debtType === 'medical'
        ? {
            ...r,
            runsFrom: 'service-date' as const,
            note: "CPLR 213-d (from 2020-04-03) runs from the date of treatment, not the due date: the period runs from the invoice date, which stands for the treatment date (enter the treatment date there when the bill went out later); a hospital or licensed professional's debt",
          }
        : {
            ...r,
            note: 'CPLR 214-i covers an action arising out of a consumer credit transaction; a consumer contract with no credit extended falls under CPLR 213(2), 6 years',
          },
    ),
    ...row(
      'CA',
      { 'written-contract': 4, 'oral-contract': 2, 'open-account': 4, 'promissory-note': 4, medical: 4 },
      {
        'written-contract': 'Cal. Code Civ. Proc. § 337(a) (written contract, 4 years)',
        'oral-contract': 'Cal. Code Civ. Proc. § 339 (oral contract, 2 years)',
        'open-account': 'Cal. Code Civ. Proc. § 337(b) (book account, 4 years)',
        'promissory-note': 'Cal. Code Civ. Proc. § 337(a) (written contract, 4 years)',
        medical: 'Cal. Code Civ. Proc. § 337(b) (book account, 4 years)',
      },
    ),
    ...row('TX', same(4), same('Tex. Civ. Prac. & Rem. Code § 16.004(a)(3) (debt, 4 years)')),
    ...row(
      'FL',
      { 'written-contract': 5, 'oral-contract': 4, 'open-account': 4, 'promissory-note': 5, medical: 4 },
      {
        'written-contract': 'Fla. Stat. § 95.11(2)(b) (written contract, 5 years)',
        'oral-contract': 'Fla. Stat. § 95.11(3)(j) (contract not founded on a written instrument, 4 years)',
        'open-account': 'Fla. Stat. § 95.11(3)(j) (sale and delivery of goods, store accounts, 4 years)',
        'promissory-note': 'Fla. Stat. § 95.11(2)(b) (written instrument, 5 years)',
        medical: 'Fla. Stat. § 95.11(3)(j) (contract not founded on a written instrument, 4 years)',
      },
    ).map((r) =>
      r.years === 4
        ? {
            ...r,
            note: 'paragraph (3)(j) since 2023 (HB 837 moved negligence out of (3)(a)); (3)(k) in earlier texts',
          }
        : r,
    ),
    ...row(
      'IL',
      { 'written-contract': 10, 'oral-contract': 5, 'open-account': 5, 'promissory-note': 10, medical: 5 },
      {
        'written-contract': '735 ILCS 5/13-206 (written contract, 10 years)',
        'oral-contract': '735 ILCS 5/13-205 (unwritten contract, 5 years)',
        'open-account': '735 ILCS 5/13-205 (account, 5 years)',
        'promissory-note': '735 ILCS 5/13-206 (written promise, 10 years)',
        medical: '735 ILCS 5/13-205 (account, 5 years)',
      },
    ),
    ...row('NJ', same(6), same('N.J.S.A. 2A:14-1a (contractual claim not under seal, or account, 6 years)')),
    ...row('PA', same(4), {
      'written-contract': '42 Pa.C.S. § 5525(a)(8) (contract founded upon a writing, 4 years)',
      'oral-contract': '42 Pa.C.S. § 5525(a)(3) (express contract not founded upon a writing, 4 years)',
      'open-account': '42 Pa.C.S. § 5525(a)(3), (4) (contract not in writing or implied, 4 years)',
      'promissory-note': '42 Pa.C.S. § 5525(a)(7) (bond, note or similar instrument in writing, 4 years)',
      medical: '42 Pa.C.S. § 5525(a)(3), (4) (contract not in writing or implied, 4 years)',
    }),
    // Corrected 2026-12-03: the oral row said 3 years (§ 52-581); that section covers executory
    // contracts only, and a debt for goods or services already provided falls under § 52-576.
    ...row('CT', same(6), {
      'written-contract': 'Conn. Gen. Stat. § 52-576(a) (contract in writing, 6 years)',
      'oral-contract': 'Conn. Gen. Stat. § 52-576(a) (simple or implied contract, executed, 6 years)',
      'open-account': 'Conn. Gen. Stat. § 52-576(a) (action for an account, 6 years)',
      'promissory-note': 'Conn. Gen. Stat. § 52-576(a) (contract in writing, 6 years)',
      medical: 'Conn. Gen. Stat. § 52-576(a) (action for an account, 6 years)',
    }).map((r) =>
      r.debtType === 'oral-contract'
        ? {
            ...r,
            note: '§ 52-581 (3 years) applies to an oral contract still executory; once the office has performed, § 52-576 applies (annotations to § 52-581)',
          }
        : r,
    ),
    ...row(
      'GA',
      { 'written-contract': 6, 'oral-contract': 4, 'open-account': 4, 'promissory-note': 6, medical: 4 },
      {
        'written-contract': 'O.C.G.A. § 9-3-24 (written contract, 6 years)',
        'oral-contract': 'O.C.G.A. § 9-3-25 (oral contract, 4 years)',
        'open-account': 'O.C.G.A. § 9-3-25 (open account, 4 years)',
        'promissory-note': 'O.C.G.A. § 9-3-24 (written contract, 6 years)',
        medical: 'O.C.G.A. § 9-3-25 (open account, 4 years)',
      },
    ).map((r) =>
      r.debtType === 'promissory-note'
        ? {
            ...r,
            note: '§ 9-3-24 excludes negotiable instruments: a negotiable note falls under § 11-3-118(a), also six years after the due date',
          }
        : r,
    ),
    // Corrected 2026-12-03: the rows said 4 years for oral contracts and accounts (§ 2305.07(A)); for
    // a consumer debt § 2305.07(C) gives 6 years, written or not, notwithstanding (A).
    ...row(
      'OH',
      { 'written-contract': 6, 'oral-contract': 6, 'open-account': 6, 'promissory-note': 6, medical: 6 },
      {
        ...same(
          'Ohio Rev. Code § 2305.07(C) (consumer transaction, written or not, account stated included, 6 years)',
        ),
        'promissory-note':
          'Ohio Rev. Code § 1303.16(A) (note payable at a definite time, 6 years after the due date)',
      },
    ).map((r) => ({
      ...r,
      ...(r.debtType === 'promissory-note'
        ? {}
        : { runsFrom: 'thirty-days-after-last-charge-or-payment' as const }),
      note: '§ 2305.07(C): the cause of action accrues thirty calendar days after the last charge or payment by the consumer, whichever is later (text read 2026-12-03 at https://codes.findlaw.com/oh/title-xxiii-courts-common-pleas/oh-rev-code-sect-2305-07/, current as of 2024-01-01); a note that is not negotiable: § 2305.06 (6 years since S.B. 13 of 2021, 8 before); a business debt: § 2305.06 (6 years) or § 2305.07(A) (4 years)',
    })),
  ];
  return firstTwelveRows;
}

/** One of the first twelve states' rows. */
const LEGACY = (state: Region) => firstTwelve().filter((r) => r.state === state);

const verify = (rows: readonly LimitationRow[]): LimitationRow[] =>
  rows.map((r) => {
    const v = verifiedReadings().find((x) => x.state === r.state && x.types.includes(r.debtType));
    if (v) return { ...r, verified: { read: v.read, on: v.on } };
    const searched = searchedReadings()[r.state];
    return searched ? { ...r, searched } : r;
  });

let usRows: readonly LimitationRow[] | undefined;
/**
 * The table: the 50 states and the District of Columbia, every debt type. Limitation periods run
 * from the due date (the breach) or the start event a row names; where a state's text was read, a
 * signed written acknowledgment or a payment restarts them (`limitation-restarts.ts`). Engineering data for counsel's review,
 * not legal advice: each row names its section, and `note` says where to look twice. Canadian
 * provinces read so far are in {@link allLimitationRows}.
 */
export function limitationRows(): readonly LimitationRow[] {
  usRows ??= verify([
    ...st(
      'AL',
      { w: 6, o: 6, a: 3 },
      {
        w: 'Ala. Code § 6-2-34(4) (promises in writing not under seal, 6 years)',
        o: 'Ala. Code § 6-2-34(9) (simple contract not specifically enumerated, 6 years)',
        a: 'Ala. Code § 6-2-37 (open or unliquidated accounts, 3 years)',
      },
      'a stated or liquidated account, or money lent: § 6-2-34(5), 6 years (Cadence Bank v. Robertson, 2021: an account stated is not an open account); the open-account rows rest on court decisions, not the text of § 6-2-37',
    ),
    // Corrected 2026-12-04: the note row said 6 years (AS 45.03.118, negotiable notes, text not found);
    // a note that is not negotiable has the 3 years of AS 09.10.053, and the row keeps the shorter.
    ...all(
      'AK',
      3,
      'Alaska Stat. § 09.10.053 (contract, 3 years)',
      'a note that is not a negotiable instrument falls under § 09.10.053 (3 years); a negotiable note may fall under AS 45.03.118 (6 years in the uniform text): the note row keeps the shorter period, counsel to confirm per note',
    ),
    ...st(
      'AZ',
      { w: 6, o: 3, a: 3 },
      {
        w: 'Ariz. Rev. Stat. § 12-548 (written contract, 6 years)',
        o: 'Ariz. Rev. Stat. § 12-543 (contract not in writing, open account, 3 years)',
      },
      "§ 12-548(A)(1) covers a written contract executed in Arizona. Medical: 3 years under § 12-543(1), (2) when no contract in writing evidences the bill; azcourts.gov's 6 years for medical debt assumes a signed patient agreement (§ 12-548): for one, set the customer's Debt Type to written-contract",
    ),
    // Corrected 2026-12-03: the medical row said 3 years (the open-account row); § 16-56-106(b) gives
    // charges for medical services 2 years, even under a signed patient contract (Magee, 2017).
    ...st(
      'AR',
      { w: 5, o: 3, a: 3, m: 2 },
      {
        w: 'Ark. Code Ann. § 16-56-111(a) (written obligations, 5 years)',
        o: 'Ark. Code Ann. § 16-56-105 (contract not in writing, open account, 3 years)',
        m: 'Ark. Code Ann. § 16-56-106(b) (charges for medical services, 2 years)',
      },
      '§ 16-56-106(b) runs from the date of the services or of the most recent partial payment, whichever is later, not the due date: the invoice date stands for the date of the services',
    ).map((r) =>
      r.debtType === 'medical' ? { ...r, runsFrom: 'later-of-service-and-last-payment' as const } : r,
    ),
    ...LEGACY('CA'),
    ...all('CO', 6, 'Colo. Rev. Stat. § 13-80-103.5(1)(a) (liquidated debt, 6 years)'),
    ...LEGACY('CT'),
    ...st(
      'DE',
      { w: 3, o: 3, a: 3, n: 6 },
      {
        w: '10 Del. C. § 8106(a) (action based on a promise, or a debt not evidenced by a record or an instrument under seal, 3 years)',
        n: '6 Del. C. § 3-118 (negotiable note, 6 years)',
      },
      'an instrument under seal may have a longer period; § 8106(c) lets a written contract of USD 100,000 or more extend the period up to 20 years',
    ),
    ...all(
      'DC',
      3,
      'D.C. Code § 12-301(7) (simple contract, 3 years)',
      'an instrument under seal: § 12-301(6), 12 years',
    ),
    ...LEGACY('FL'),
    ...LEGACY('GA'),
    ...all(
      'HI',
      6,
      'Haw. Rev. Stat. § 657-1(1) (recovery of any debt founded upon any contract, obligation or liability, 6 years)',
    ),
    ...st(
      'ID',
      { w: 5, o: 4, a: 4 },
      {
        w: 'Idaho Code § 5-216 (written contract, 5 years)',
        o: 'Idaho Code § 5-217 (contract not in writing, open account, 4 years)',
      },
      'a negotiable note: § 28-3-118(1), 6 years after the due date, so the note row keeps the 5 years of a written note that is not negotiable (the shorter period), counsel to confirm per note',
    ),
    ...LEGACY('IL'),
    ...st(
      'IN',
      { w: 6, o: 6, a: 6 },
      {
        w: 'Ind. Code § 34-11-2-9 (written contract for the payment of money, 6 years)',
        o: 'Ind. Code § 34-11-2-7 (accounts and contracts not in writing, 6 years)',
      },
    ),
    ...st(
      'IA',
      { w: 10, o: 5, a: 5 },
      {
        w: 'Iowa Code § 614.1(5) (written contract, 10 years)',
        o: 'Iowa Code § 614.1(4) (unwritten contract, open account, 5 years)',
      },
    ),
    ...st(
      'KS',
      { w: 5, o: 3, a: 3 },
      {
        w: 'Kan. Stat. Ann. § 60-511(1) (written contract, 5 years)',
        o: 'Kan. Stat. Ann. § 60-512(1) (contract not in writing, 3 years)',
      },
    ),
    ...st(
      'KY',
      { w: 10, o: 5, a: 5, n: 5 },
      {
        w: 'Ky. Rev. Stat. § 413.160 (written contract executed after 2014-07-15, 10 years)',
        o: 'Ky. Rev. Stat. § 413.120(1) (contract not in writing, 5 years)',
        a: "Ky. Rev. Stat. § 413.120(9) (merchant's account for goods sold and delivered, 5 years)",
        n: 'Ky. Rev. Stat. § 413.120(7) (promissory note on the footing of a bill of exchange, 5 years)',
      },
      'written contracts executed before 2014-07-15: § 413.090(2), 15 years; an account for services may fall under § 413.160',
    ),
    ...st(
      'LA',
      { w: 10, o: 10, a: 3, n: 5, m: 3 },
      {
        w: 'La. Civ. Code art. 3499 (personal action, 10 years)',
        a: 'La. Civ. Code art. 3494 (open account, 3 years)',
        n: 'La. Civ. Code art. 3498 (negotiable instrument, 5 years)',
        m: 'La. Civ. Code art. 3494 (compensation for services, 3 years)',
      },
      'art. 3494 also covers money lent (3) and professional fees (1); it runs from the day payment is exigible (art. 3495); art. 3499 (10 years) is the residual personal action: a contract debt that is an open account or a payment for services falls under art. 3494 instead; art. 3498 (5 years) covers notes whether negotiable or not',
    ),
    ...all(
      'ME',
      6,
      'Me. Rev. Stat. tit. 14, § 752 (civil actions, 6 years)',
      'a promissory note signed before an attesting witness, or a contract under seal: § 751, 20 years',
    ),
    ...all(
      'MD',
      3,
      'Md. Code, Cts. & Jud. Proc. § 5-101 (civil action, 3 years)',
      'a specialty (instrument under seal): § 5-102, 12 years; a negotiable note: Com. Law § 3-118(a), 6 years after the due date, so the note row keeps the 3 years of a note that is not negotiable (the shorter period), counsel to confirm per note',
    ),
    ...LEGACY('MA'),
    ...all(
      'MI',
      6,
      'Mich. Comp. Laws § 600.5807(9) (breach of contract, 6 years)',
      'subsection (9) as in force in 2024 (earlier (8)); a negotiable note may fall under MCL 440.3118',
    ),
    ...all('MN', 6, 'Minn. Stat. § 541.05, subd. 1(1) (contract, 6 years)'),
    // Corrected 2026-12-03: the note row said 3 years (§ 15-1-49); a promissory note has six, negotiable
    // (§ 75-3-118(a), Jordan v. BancorpSouth Bank) or not (§ 15-1-81(1)).
    ...st(
      'MS',
      { w: 3, o: 3, a: 3, n: 6 },
      {
        w: 'Miss. Code Ann. § 15-1-49 (actions with no other period, 3 years)',
        o: 'Miss. Code Ann. § 15-1-29 (unwritten contract, open account or account stated not acknowledged in writing, 3 years)',
        n: 'Miss. Code Ann. § 75-3-118(a) (negotiable note, 6 years after the due date) and § 15-1-81(1) (nonnegotiable note, 6 years after the due date)',
      },
      '§ 15-1-29 names only unwritten contracts and accounts not acknowledged in writing; a written contract falls under the general § 15-1-49(1); a promissory note, negotiable or not, has its own 6 years (Jordan v. BancorpSouth Bank, 2007)',
    ),
    ...st(
      'MO',
      { w: 10, o: 5, a: 5 },
      {
        w: 'Mo. Rev. Stat. § 516.110(1) (written promise for the payment of money, 10 years)',
        o: 'Mo. Rev. Stat. § 516.120(1) (other contracts, 5 years)',
      },
      '§ 516.110(1) covers "any writing ... for the payment of money or property"; a written contract with no promise to pay money falls under § 516.120(1), 5 years',
    ),
    ...st(
      'MT',
      { w: 8, o: 5, a: 5 },
      {
        w: 'Mont. Code Ann. § 27-2-202(1) (written contract, 8 years)',
        o: 'Mont. Code Ann. § 27-2-202(2) (contract or account not in writing, 5 years)',
      },
    ),
    ...st(
      'NE',
      { w: 5, o: 4, a: 4 },
      {
        w: 'Neb. Rev. Stat. § 25-205 (written contract, 5 years)',
        o: 'Neb. Rev. Stat. § 25-206 (contract not in writing, 4 years)',
      },
    ),
    ...st(
      'NV',
      { w: 6, o: 4, a: 4 },
      {
        w: 'Nev. Rev. Stat. § 11.190(1)(b) (written contract, 6 years)',
        o: 'Nev. Rev. Stat. § 11.190(2)(c) (contract not founded upon an instrument in writing, 4 years)',
        a: 'Nev. Rev. Stat. § 11.190(2)(a), (b) (open account for goods sold and delivered, store account, 4 years)',
      },
    ),
    ...all('NH', 3, 'N.H. Rev. Stat. Ann. § 508:4 (personal actions, 3 years)'),
    ...LEGACY('NJ'),
    ...st(
      'NM',
      { w: 6, o: 4, a: 4 },
      {
        w: 'N.M. Stat. Ann. § 37-1-3 (written contract, 6 years)',
        o: 'N.M. Stat. Ann. § 37-1-4 (accounts, unwritten contracts, 4 years)',
      },
    ),
    ...LEGACY('NY'),
    ...all(
      'NC',
      3,
      'N.C. Gen. Stat. § 1-52(1) (contract, 3 years)',
      'a sealed instrument: § 1-47(2), 10 years; a negotiable note: § 25-3-118(a), 6 years after the due date, so the note row keeps the 3 years of a note that is not negotiable (the shorter period), counsel to confirm per note',
    ),
    ...all('ND', 6, 'N.D. Cent. Code § 28-01-16(1) (contract, 6 years)'),
    ...LEGACY('OH'),
    ...st(
      'OK',
      { w: 5, o: 3, a: 3 },
      {
        w: 'Okla. Stat. tit. 12, § 95(A)(1) (written contract, 5 years)',
        o: 'Okla. Stat. tit. 12, § 95(A)(2) (contract not in writing, 3 years)',
      },
    ),
    ...all('OR', 6, 'Or. Rev. Stat. § 12.080(1) (contract, 6 years)'),
    ...LEGACY('PA'),
    ...all('RI', 10, 'R.I. Gen. Laws § 9-1-13(a) (civil actions, 10 years)'),
    ...all(
      'SC',
      3,
      'S.C. Code Ann. § 15-3-530(1) (contract, 3 years)',
      'a negotiable note: § 36-3-118(a), 6 years after the due date, so the note row keeps the 3 years of a note that is not negotiable (the shorter period), counsel to confirm per note',
    ),
    ...all('SD', 6, 'S.D. Codified Laws § 15-2-13(1) (contract, 6 years)'),
    ...all(
      'TN',
      6,
      'Tenn. Code Ann. § 28-3-109(a)(3) (contracts not otherwise expressly provided for, 6 years)',
      'a demand note: § 28-3-109(c), 10 years; a sale of goods: § 47-2-725, 4 years (not read here)',
    ),
    ...LEGACY('TX'),
    ...st(
      'UT',
      { w: 6, o: 4, a: 4 },
      {
        w: 'Utah Code § 78B-2-309(2) (written contract, 6 years)',
        o: 'Utah Code § 78B-2-307(1) (contract not in writing, open account, 4 years)',
      },
      "§ 78B-2-307(1) runs from the last charge made or the last payment received on the account, not the due date. § 78B-2-309(2) (2019) changes no row: for a credit agreement as defined in § 25-5-4 (an agreement by a financial institution to lend, extend credit or make another financial accommodation) the same six years begin at the later of the debt arising, the debtor's written acknowledgment or promise to pay, and a payment; an office's invoice is not a financial institution's credit agreement, so the written rows run from the due date (an office that is a financial institution enters its credit agreements' restarts with counsel)",
    ).map((r) => (r.years === 4 ? { ...r, runsFrom: 'last-charge-or-payment' as const } : r)),
    ...all('VT', 6, 'Vt. Stat. Ann. tit. 12, § 511 (civil actions, 6 years)'),
    ...st(
      'VA',
      { w: 5, o: 3, a: 3 },
      {
        w: 'Va. Code Ann. § 8.01-246(2) (written contract signed by the party charged, 5 years)',
        o: 'Va. Code Ann. § 8.01-246(4) (unwritten, or written but unsigned, contract, 3 years)',
      },
      'a negotiable note: § 8.3A-118(a), 6 years after the due date, so the note row keeps the 5 years of a signed note that is not negotiable (the shorter period), counsel to confirm per note; a written contract the debtor did not sign: § 8.01-246(4), 3 years',
    ),
    ...st(
      'WA',
      { w: 6, o: 3, a: 6 },
      {
        w: 'RCW 4.16.040(1) (written contract, 6 years)',
        o: 'RCW 4.16.080(3) (contract not in writing, 3 years)',
        a: 'RCW 4.16.040(2) (account receivable incurred in the ordinary course of business, 6 years)',
      },
    ),
    ...st(
      'WV',
      { w: 10, o: 5, a: 5 },
      {
        w: 'W. Va. Code § 55-2-6 (contract in writing signed by the party charged, 10 years)',
        o: 'W. Va. Code § 55-2-6 (any other contract, express or implied, 5 years)',
      },
      'a written contract the debtor did not sign falls under the 5 years',
    ),
    ...st(
      'WI',
      { w: 6, o: 6, a: 6 },
      {
        w: 'Wis. Stat. § 893.43(1) (contract, obligation or liability, express or implied, 6 years)',
        n: 'Wis. Stat. § 893.43(1) (contract, 6 years) and § 403.118(1) (negotiable note payable at a definite time, 6 years after the due date)',
      },
    ),
    ...st(
      'WY',
      { w: 10, o: 8, a: 8 },
      {
        w: 'Wyo. Stat. Ann. § 1-3-105(a)(i) (written contract, 10 years)',
        o: 'Wyo. Stat. Ann. § 1-3-105(a)(ii) (contract not in writing, 8 years)',
      },
    ),
  ]);
  return usRows;
}

let canada: readonly LimitationRow[] | undefined;
/**
 * Canadian provinces whose limitation statute was read: one period for every debt type (the
 * modern Acts do not distinguish written from oral contracts or accounts). The basic period runs
 * from the day the claim is discovered, which for an unpaid bill is the day after it falls due;
 * the 15-year ultimate periods (ON s. 15, BC s. 21) never end first for a debt discovered at its
 * due date. Newfoundland and Labrador, Prince Edward Island and the territories are not in the
 * table: their current Acts were not found on 2026-12-03 (only the repealed Limitation of Personal
 * Actions Act, R.S.N. 1990, c. L-15, s. 2(2)(e), 6 years; the table of contents of the PEI Statute
 * of Limitations; the Yukon's Limitation of Actions Act, R.S.Y. 2002, c. 139, named in a 2010 Federal
 * Court decision without its periods; a historical Northwest Territories ordinance), so nothing is
 * presumed barred there.
 */
function canadaRows(): readonly LimitationRow[] {
  canada ??= [
    ...all(
      'CA-ON',
      2,
      'Limitations Act, 2002, S.O. 2002, c. 24, Sch. B, s. 4 (basic limitation period, 2 years from discovery)',
      'the 15-year ultimate period (s. 15(2)) runs from the act or omission; an acknowledgment of the debt: s. 13 (not read)',
    ).map((r) => ({
      ...r,
      verified: {
        read: 'the text of s. 4 quoted at https://hullandhull.com/2021/05/when-exactly-does-the-two-year-limitation-period-expire/print; s. 15(2) quoted at https://www.practicepro.ca/2018/12/review-your-files-the-ultimate-limitation-period-is-arriving-soon/; https://www.mlflitigation.com/media/a-review-of-civil-limitation-periods-in-ontario/ (ss. 4, 5)',
        on: READ_ON,
      },
    })),
    ...all(
      'CA-BC',
      2,
      'Limitation Act, S.B.C. 2012, c. 13, s. 6 (basic limitation period, 2 years from discovery; in force 2013-06-01)',
      'claims discovered before 2013-06-01 fall under the former Act (R.S.B.C. 1996, c. 266: 6 years for contract and debt); the ultimate period is 15 years',
    ).map((r) => ({
      ...r,
      verified: {
        read: 'law firm summaries of the Act as enacted: https://mcmillan.ca/insights/june-1-2015-marks-an-important-date-for-british-columbias-new-limitation-act/, http://www.mondaq.com/canada/x/241614/Civil+Law/Counting+Down+The+Days+To+British+Columbias+New+Limitation+Act+June+1+2013 (contract and demand-loan claims: 2 years); the bill at http://quickscribe.bc.ca/secure/repository/97L_2012-bill34-FR.html (definitions only read)',
        on: READ_ON,
      },
    })),
    ...all(
      'CA-QC',
      3,
      'Civil Code of Québec, art. 2925 (an action to enforce a personal right, 3 years)',
      'prescription runs from the day the right of action arises (art. 2880); an acknowledgment of the debt interrupts it (art. 2898, not read)',
    ).map((r) => ({
      ...r,
      verified: {
        read: 'https://elois.caij.qc.ca/CCQ-1991/article2925 (art. 2925, current to 2024-06-08); http://www.alphalogiques.com/omnilex/livreVIII.htm (art. 2880)',
        on: READ_ON,
      },
    })),
    ...all(
      'CA-AB',
      2,
      'Limitations Act, R.S.A. 2000, c. L-12, s. 3(1)(a) (2 years from when the claimant knew or ought to have known of the claim)',
      'the 10-year ultimate period (s. 3(1)(b)) runs from when the claim arose; an acknowledgment or part payment: s. 8 (not read)',
    ).map((r) => ({
      ...r,
      verified: {
        read: "law firm summaries of s. 3: https://wt.ca/a-primer-on-limitation-periods-in-alberta (s. 3(1)(a), two years), https://parlee.com/news/as-time-winds-down-an-overview-of-limitations-in-alberta (the 2/10 rule of s. 3), https://birdsell.ca/uncategorized/2021-12-8-how-long-do-i-have-to-sue-in-alberta; the Act's text itself was not opened",
        on: READ_ON,
      },
    })),
    ...all(
      'CA-SK',
      2,
      'The Limitations Act, S.S. 2004, c. L-16.1, s. 5 (basic limitation period, 2 years from the day the claim is discovered)',
      'the 15-year ultimate period and acknowledgments were not read',
    ).map((r) => ({
      ...r,
      verified: {
        read: 'the text of s. 5 ("no proceedings shall be commenced with respect to a claim after two years from the day on which the claim is discovered") quoted at https://cuelenaere.com/2024/01/09/the-nuances-of-limitation-periods/',
        on: READ_ON,
      },
    })),
    ...all(
      'CA-MB',
      2,
      'The Limitations Act, S.M. 2021, c. 44 (basic limitation period, 2 years from the day the claim is discovered; in force 2022-09-30)',
      'claims discovered before 2022-09-30: the earlier of 2024-09-30 and the end of the former period (The Limitation of Actions Act, C.C.S.M. c. L150: 6 years for most contract claims, from the cause of action); the ultimate period is 15 years; the section numbers were not read',
    ).map((r) => ({
      ...r,
      verified: {
        read: "https://web2.gov.mb.ca/laws/statutes/2021/c04421e.php (the Act's explanatory note: a single two-year period from discovery, 15-year ultimate period); https://mltaikins.com/litigation/take-note-september-30-2024-is-a-crucial-date-for-litigation-in-manitoba (in force 2022-09-30, transition to 2024-09-30); https://www.fillmoreriley.com/newsletter-articles/article/590/manitoba-s-new-limitations-act-easier-to-understand-and-more-aligned-with-other-provinces-limitation-laws",
        on: READ_ON,
      },
    })),
    ...all(
      'CA-NB',
      2,
      'Limitation of Actions Act, S.N.B. 2009, c. L-8.5, s. 5(1)(a) (2 years from the day the claim is discovered)',
      's. 5(1)(b): 15 years from the act or omission, whichever is earlier; in force 2010-05-01 (the former Act: 6 years); a part payment or admission may waive the defence (not modelled)',
    ).map((r) => ({
      ...r,
      verified: {
        read: 'http://laws.gnb.ca/en/showfulldoc/cs/L-8.5/ (s. 5(1), current to 2024-01-01); https://www.mcinnescooper.com/publications/nbs-new-limitation-periods-effective-may-1-2012/ (transition)',
        on: READ_ON,
      },
    })),
    ...all(
      'CA-NS',
      2,
      'Limitation of Actions Act (Nova Scotia, Bill 64 of 2014, in force 2015-09-01) (basic limitation period, 2 years from discovery)',
      'the 15-year ultimate period runs from the act or omission; claims discovered before 2015-09-01: s. 23(3), the earlier of 2017-09-01 and the former period (R.S.N.S. 1989, c. 258: 6 years for contract debts); the section of the basic period was not read',
    ).map((r) => ({
      ...r,
      verified: {
        read: 'https://www.legalinfo.org/fr/representing-yourself/time-limits-for-suing (two-year basic period from discovery, including breach of contract); http://www.c3legal.ca/nova-scotias-new-limitation-of-actions-act-becomes-effective-september-1-2/ (one 2-year period for all civil claims, 15-year ultimate); s. 23 quoted at http://www.stewartmckelvey.com/en/home/resources/publications/backtolimitationsschool.aspx; http://nslegislature.ca/legc/statutes/limitatn.htm (the former Act)',
        on: READ_ON,
      },
    })),
  ];
  return canada;
}

let allRows: readonly LimitationRow[] | undefined;
/** The US table and the Canadian provinces read, one list. */
export function allLimitationRows(): readonly LimitationRow[] {
  allRows ??= [...limitationRows(), ...canadaRows()];
  return allRows;
}
