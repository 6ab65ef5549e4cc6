// Legal limits on fees and interest: state interest ceilings (each with its source), the engine's absolute ceiling, and the contract requirement.
import type { IsoDate } from '../ledger/dates.js';
import type { Region } from './places.js';

/** A state's ceiling on the yearly interest rate a creditor may charge a consumer, and where it is written. */
export interface InterestCeiling {
  state: Region;
  maxAnnualBasisPoints: number;
  source: string;
  /** Where the text was read and on what day; absent: from the codes as known, not re-read. */
  verified?: { read: string; on: string };
}

/**
 * Interest ceilings by state (usury and consumer-credit statutes; the rate without a licence or a
 * special statute). Engineering data for counsel's review, not legal advice; an office may lower them.
 */
export const INTEREST_CEILINGS: readonly InterestCeiling[] = [
  { state: 'MA', maxAnnualBasisPoints: 2000, source: 'M.G.L. c. 271, § 49 (criminal usury above 20%)' },
  {
    state: 'NY',
    maxAnnualBasisPoints: 1600,
    source: 'N.Y. Gen. Oblig. Law § 5-501; Banking Law § 14-a (16%)',
  },
  {
    state: 'CA',
    maxAnnualBasisPoints: 1000,
    source:
      'Cal. Const. art. XV, § 1(1) (10% by written contract for personal, family or household purposes)',
    verified: { read: 'https://law.onecle.com/california/constitution/article-15.html', on: '2026-12-03' },
  },
  { state: 'TX', maxAnnualBasisPoints: 1800, source: 'Tex. Fin. Code § 303.009 (18% ceiling)' },
  { state: 'FL', maxAnnualBasisPoints: 1800, source: 'Fla. Stat. § 687.02 (18%)' },
  {
    state: 'IL',
    maxAnnualBasisPoints: 900,
    source: '815 ILCS 205/4(1) (9% by written agreement)',
    verified: {
      read: 'https://ilga.gov/legislation/ilcs/fulltext.asp?DocName=081502050K4',
      on: '2026-12-03',
    },
  },
  { state: 'NJ', maxAnnualBasisPoints: 1600, source: 'N.J.S.A. 31:1-1 (16%)' },
  { state: 'PA', maxAnnualBasisPoints: 600, source: '41 P.S. § 201 (6%)' },
  { state: 'CT', maxAnnualBasisPoints: 1200, source: 'Conn. Gen. Stat. § 37-4 (12%)' },
  {
    state: 'OH',
    maxAnnualBasisPoints: 800,
    source:
      'Ohio Rev. Code § 1343.01(A) (8% by written instrument; (B) lifts it for business loans and large sums)',
    verified: {
      read: 'http://loansandlending.uslegal.com/interest/ohio-interest-rate-laws/ (text of § 1343.01)',
      on: '2026-12-03',
    },
  },
];

/** The engine's absolute ceiling, wherever the debtor lives: 36% a year (10 U.S.C. 987's MAPR). */
export const ABSOLUTE_INTEREST_CEILING = {
  maxAnnualBasisPoints: 3600,
  source: '10 U.S.C. 987(b) (36% military annual percentage rate), used as the ceiling everywhere',
};

/** The ceiling that applies in a state (the lower of its own and the absolute one). */
export function interestCeiling(state: Region | undefined): { maxAnnualBasisPoints: number; source: string } {
  const row = state ? INTEREST_CEILINGS.find((c) => c.state === state) : undefined;
  return row && row.maxAnnualBasisPoints < ABSOLUTE_INTEREST_CEILING.maxAnnualBasisPoints
    ? row
    : ABSOLUTE_INTEREST_CEILING;
}

/**
 * A state's limit on one late (delinquency) charge in a consumer credit transaction: at most
 * `maxMinor` (US cents) and at most `maxBasisPoints` of the unpaid amount it is charged on,
 * whichever is less when both are set. Only states whose statute text was read while writing the
 * table are listed; elsewhere no state limit is applied (the contract and the policy's own cap
 * still hold). Engineering data for counsel's review, not legal advice.
 */
export interface LateFeeCap {
  state: Region;
  /** Where the text was read and on what day (every row of this table was read). */
  verified?: { read: string; on: string };
  maxMinor?: number;
  maxBasisPoints?: number;
  /**
   * Dollar figures indexed to the price index, each from its first day (oldest first): the most a
   * fee may be (`maxMinor`), and a floor (`minMinor`) a fee may reach even above `maxBasisPoints`.
   * The row in force on the fee's date applies; after the last one, the last one.
   */
  indexed?: readonly { from: IsoDate; maxMinor: number; minMinor?: number; source: string }[];
  source: string;
  note?: string;
}

export const LATE_FEE_CAPS: readonly LateFeeCap[] = [
  {
    state: 'CO',
    verified: {
      read: 'section text read in an earlier session (no address recorded)',
      on: 'before 2026-12-03',
    },
    maxMinor: 1500,
    source: 'Colo. Rev. Stat. § 5-2-203(1)(a) (USD 15, consumer credit not secured by land)',
  },
  {
    state: 'IA',
    verified: {
      read: 'section text read in an earlier session (no address recorded)',
      on: 'before 2026-12-03',
    },
    maxMinor: 3000,
    maxBasisPoints: 500,
    source: 'Iowa Code § 537.2502(1)(b) (5% of the unpaid installment, at most USD 30)',
    note: 'earlier versions said USD 15 or 20: check the version in force when the contract was made',
  },
  {
    state: 'KS',
    verified: {
      read: 'section text read in an earlier session (no address recorded)',
      on: 'before 2026-12-03',
    },
    maxMinor: 2500,
    maxBasisPoints: 500,
    source: 'Kan. Stat. Ann. § 16a-2-502(1) (5% of the unpaid installment or USD 25, whichever is less)',
    note: 'subsection (2) allows a flat USD 10 instead, by contract',
  },
  {
    state: 'SC',
    maxBasisPoints: 500,
    verified: {
      read: 'https://instalawyer.io/laws/south-carolina-code-of-laws/section-37-2-203-delinquency-charges; https://consumer.sc.gov/business-resourceslaws/dollar-amount-adjustment',
      on: '2026-12-03',
    },
    indexed: [
      {
        from: '2022-07-01',
        maxMinor: 2300,
        minMinor: 920,
        source:
          'S.C. Dept. of Consumer Affairs, dollar amounts 2022-07-01 to 2024-06-30 (USD 23.00, floor USD 9.20), as reported by DocMagic (docmagic.com/node/13559), read 2026-12-03',
      },
      {
        from: '2024-07-01',
        maxMinor: 2550,
        minMinor: 1020,
        source:
          'S.C. Dept. of Consumer Affairs, dollar amounts 2024-07-01 to 2026-06-30 (USD 25.50, floor USD 10.20), as reported by DocMagic (docmagic.com/node/13559), read 2026-12-03',
      },
    ],
    source:
      'S.C. Code Ann. § 37-2-203(1), (2) (USD 5 adjusted under § 37-1-109, at most 5% of the unpaid installment; a floor of 40% of the adjusted USD 5 even above 5%)',
    note: 'text of § 37-2-203 read at instalawyer.io 2026-12-03; the amounts from 2026-07-01 were not read: the 2024 figures stay in force here until entered (consumer.sc.gov, Dollar Amount Adjustment)',
  },
  {
    state: 'IN',
    maxMinor: 2500,
    source:
      'Ind. Code § 24-4.5-2-203.5(1)(b)(ii), (iii) (USD 25 on an installment unpaid 10 days after it is due, sales made after 2019-06-30, installments 15 days or more apart or a single one)',
    note: 'sales made before 2019-07-01: USD 5 adjusted under § 24-4.5-1-106; installments 14 days or less apart: USD 5',
    verified: {
      read: 'https://www.lawserver.com/law/state/indiana/in-code/indiana_code_24-4-5-2-203-5',
      on: '2026-12-03',
    },
  },
  {
    state: 'ME',
    maxMinor: 1000,
    maxBasisPoints: 500,
    source:
      'Me. Rev. Stat. tit. 9-A, § 2-502(1)(A) (on an installment unpaid 15 days after it is due: 5% of it, at most USD 10)',
    note: '§ 2-502(1)(B) allows instead the deferral charge of § 2-503 for the days it is late, if greater: not applied here',
    verified: {
      read: 'http://www.mainelegislature.org/legis/statutes/9-A/title9-Asec2-502.html',
      on: '2026-12-03',
    },
  },
  {
    state: 'WI',
    verified: {
      read: 'section text read in an earlier session (no address recorded)',
      on: 'before 2026-12-03',
    },
    maxMinor: 1000,
    maxBasisPoints: 500,
    source: 'Wis. Stat. § 422.203(1) (USD 10 or 5% of the unpaid installment, whichever is less)',
  },
];

/**
 * The most one late fee may be on `unpaidMinor` in a state on `on` (the fee's date; default: the
 * newest indexed figures), or undefined where the table has no limit. Dollar limits apply to USD
 * amounts; the percentage to any currency. A floor (South Carolina's 40% of the indexed amount)
 * raises the limit to it when the percentage gives less.
 *
 * @example lateFeeCap('WI', 40_000, 'USD') // { maxMinor: 1000, source: 'Wis. Stat. § 422.203(1) ...' }
 */
export function lateFeeCap(
  state: Region | undefined,
  unpaidMinor: number,
  currency: string,
  on?: IsoDate,
): { maxMinor: number; source: string } | undefined {
  const row = state ? LATE_FEE_CAPS.find((c) => c.state === state) : undefined;
  if (!row) return undefined;
  const indexed = row.indexed
    ? (row.indexed.filter((x) => on === undefined || x.from <= on).at(-1) ?? row.indexed[0])
    : undefined;
  const usd = currency === 'USD';
  const limits: number[] = [];
  const maxMinor = indexed?.maxMinor ?? row.maxMinor;
  if (maxMinor !== undefined && usd) limits.push(maxMinor);
  if (row.maxBasisPoints !== undefined)
    limits.push(Math.floor((Math.max(0, unpaidMinor) * row.maxBasisPoints) / 10_000));
  if (limits.length === 0) return undefined;
  let max = Math.min(...limits);
  if (indexed?.minMinor !== undefined && usd) max = Math.max(max, indexed.minMinor);
  return { maxMinor: max, source: indexed && usd ? `${row.source}; ${indexed.source}` : row.source };
}
