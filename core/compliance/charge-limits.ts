// Legal limits on fees and interest: state interest ceilings (each with its source), the engine's absolute ceiling, and the contract requirement.
import { addDays, type IsoDate, toDay } from '../ledger/dates.js';
import type { DebtType } from '../ledger/ledger.js';
import type { Region } from './places.js';

/** The `state` of a row that holds in every Canadian province (`CA-ON`, `CA-QC` ...). */
export const CANADA_EVERY_PROVINCE = 'CA-*';

/** A state's ceiling on the yearly interest rate a creditor may charge a consumer, and where it is written. */
export interface InterestCeiling {
  state: Region;
  /** Set when the ceiling holds for one debt type only (Arizona's medical debt); it wins over the state's general row. */
  debtType?: DebtType;
  maxAnnualBasisPoints: number;
  note?: string;
  source: string;
  /** Where the text was read and on what day; absent: from the codes as known, not re-read. */
  verified?: { read: string; on: string };
}

let ceilings: readonly InterestCeiling[] | undefined;
/**
 * Interest ceilings by state (usury and consumer-credit statutes; the rate without a licence or a
 * special statute). Engineering data for counsel's review, not legal advice; an office may lower them.
 */
export function interestCeilings(): readonly InterestCeiling[] {
  ceilings ??= [
    {
      state: 'MA',
      maxAnnualBasisPoints: 2000,
      source: 'M.G.L. c. 271, § 49(a) (criminal usury: interest and expenses above 20% a year on a loan)',
      note: '§ 49(d): a lender who notifies the Attorney General beforehand and keeps records is outside (a)-(c); late charges count toward the 20% (Begelfer v. Najarian, 381 Mass. 177 (1980))',
      verified: {
        read: 'https://www.mass.gov/info-details/submit-a-chapter-271d-usury-notice-filing (the Attorney General on § 49(a), (c), (d)); https://e.casetext.com/case/hakim-enterprises-inc-v-reinhardt (the text of § 49 quoted); https://www.elfaonline.org/advocacy/state-issues/state-law-compendium/massachusetts/usury',
        on: '2026-12-03',
      },
    },
    {
      state: 'NY',
      maxAnnualBasisPoints: 1600,
      source:
        'N.Y. Gen. Oblig. Law § 5-501(1), (2) (no interest on a loan or forbearance above the rate of Banking Law § 14-a); Banking Law § 14-a(1) (16% a year)',
      verified: {
        read: 'https://nysenate.gov/legislation/laws/BNK/14-A (§ 14-a); https://law.justia.com/codes/new-york/2012/gob/article-5/title-5/5-501/ (§ 5-501, 2012 text)',
        on: '2026-12-03',
      },
    },
    {
      state: 'CA',
      maxAnnualBasisPoints: 1000,
      source:
        'Cal. Const. art. XV, § 1(1) (10% by written contract for personal, family or household purposes)',
      verified: { read: 'https://law.onecle.com/california/constitution/article-15.html', on: '2026-12-03' },
    },
    {
      state: 'TX',
      maxAnnualBasisPoints: 1800,
      source:
        'Tex. Fin. Code §§ 303.002, 303.009(a) (by written agreement, up to the weekly ceiling, which is 18% a year whenever the computed rate is lower)',
      note: 'the weekly ceiling is twice the 26-week Treasury bill rate, rounded (§ 303.003), at least 18% and at most 24% (§ 303.009(a), (b)); 18% is its floor, so a rate within it is always within the ceiling; 28% for business credit (c)',
      verified: {
        read: 'https://www.casetext.com/statute/texas-codes/finance-code/title-4-regulation-of-interest-loans-and-financed-transactions/subtitle-a-interest/chapter-303-optional-rate-ceilings/subchapter-a-rate-ceilings-applicability-computation-and-publication/section-303009-maximum-and-minimum-weekly-monthly-quarterly-or-annualized-ceiling (current through 2023-11-21); https://texas.public.law/statutes/tex._fin._code_section_303.002; https://instalawyer.io/laws/texas-statutes/section-303003-computation-of-weekly',
        on: '2026-12-03',
      },
    },
    {
      state: 'FL',
      maxAnnualBasisPoints: 1800,
      source:
        'Fla. Stat. § 687.02(1) (interest on any loan, forbearance to enforce the collection of any debt, or obligation whatever above the equivalent of 18% a year simple interest is usurious)',
      note: 'an obligation above USD 500,000: the rate of § 687.071 instead (25%)',
      verified: {
        read: 'https://www.criminallawyerjacksonville.com/0687.02.html (the 2023 Florida Statutes text of § 687.02); https://www.elfaonline.org/advocacy/state-issues/state-law-compendium/florida/interest-usury (§ 687.03)',
        on: '2026-12-03',
      },
    },
    {
      state: 'IL',
      maxAnnualBasisPoints: 900,
      source: '815 ILCS 205/4(1) (9% by written agreement)',
      verified: {
        read: 'https://ilga.gov/legislation/ilcs/fulltext.asp?DocName=081502050K4',
        on: '2026-12-03',
      },
    },
    {
      state: 'NJ',
      maxAnnualBasisPoints: 1600,
      source:
        'N.J.S.A. 31:1-1(a) (6% a year, or 16% when a written contract specifies the rate, on the loan or forbearance of money or goods)',
      note: 'without a written rate the limit is 6%: the office lowers it for such customers; loans above USD 50,000 and banks are outside; installment and revolving purchases fall under the time-price doctrine (not usury)',
      verified: {
        read: 'the text of § 31:1-1(a) quoted in part at https://loansandlending.uslegal.com/interest/new-jersey-interest-rate-laws/; read the same at https://davidrichlaw.com/what-rate-of-interest-can-my-business-lawfully-charge-in-new-jersey and https://www.wellslaw.com/how-much-interest-can-i-be-charged/',
        on: '2026-12-03',
      },
    },
    {
      state: 'PA',
      maxAnnualBasisPoints: 600,
      source:
        '41 P.S. § 201(a) (6% a year for the loan or use of money of USD 50,000 or less, unless a lower rate is contracted)',
      note: '§ 201(b): not for obligations above USD 50,000, unsecured loans above USD 35,000 or business loans; a retail installment sale may carry the finance charge its own act allows (12 Pa.C.S. ch. 62, not read)',
      verified: {
        read: 'https://codes.findlaw.com/pa/title-41-ps-interest/pa-st-sect-41-201/ (current as of 2022-01-01); https://www.elfaonline.org/advocacy/state-issues/state-law-compendium/pennsylvania/usury',
        on: '2026-12-03',
      },
    },
    {
      state: 'CT',
      maxAnnualBasisPoints: 1200,
      source: 'Conn. Gen. Stat. § 37-4 (no interest above 12% a year on a loan of money)',
      note: 'a larger price fixed in good faith for a sale on time is not usury (annotations: 110 C. 259)',
      verified: {
        read: 'https://casetext.com/statute/general-statutes-of-connecticut/volume-10/title-37-chapter-673-secs-37-1-to-37-10-interest/chapter-673-secs-37-1-to-37-10-interest/sec-37-4-loans-at-greater-rate-than-twelve-per-cent-prohibited (current with 2023)',
        on: '2026-12-03',
      },
    },
    {
      state: 'CT',
      debtType: 'medical',
      maxAnnualBasisPoints: 500,
      source:
        'Conn. Gen. Stat. § 37-3a(b) (a debt arising out of services provided at a hospital: prejudgment and postjudgment interest no more than 5% a year)',
      note: "the section speaks of a hospital's debt and of interest a court awards; applied here to every medical debt's interest, the protective reading: counsel may lift it for a provider that is not a hospital",
      verified: {
        read: 'http://casetext.com/statute/general-statutes-of-connecticut/title-37-interest/chapter-673-interest/section-37-3a-rate-recoverable-as-damages-rate-on-debt-arising-out-of-hospital-services (current with 2023, as amended by P.A. 18-94)',
        on: '2026-12-03',
      },
    },
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
    {
      state: 'AZ',
      debtType: 'medical',
      maxAnnualBasisPoints: 300,
      source:
        'Ariz. Rev. Stat. § 44-1201(A)(1) (medical debt: the lesser of 3% a year and the one-year Treasury yield of the week before the first bill; Proposition 209, in force 2022-12-05)',
      note: "the Treasury yield can make the lawful rate lower than 3%: the office enters it as its own rate; other Arizona debts: 10% unless a rate is agreed in writing, when any rate may be (§ 44-1201(A)(2)), so the engine's 36% applies",
      verified: {
        read: "https://print.casetext.com/statute/arizona-revised-statutes/title-44-trade-and-commerce/chapter-9-trade-practices-generally/article-1-miscellaneous-provisions-relating-to-loans/section-44-1201-effective-until-ninety-one-days-after-adjournment-rate-of-interest-for-loan-or-indebtedness-interest-on-judgments-definitions (§ 44-1201, current through L. 2024, ch. 259); Arizona Creditors Bar Ass'n v. State, No. 1 CA-CV 22-0765 (Ariz. Ct. App. 2024-04-30), http://statecases.justia.com/cases/arizona/court-of-appeals-division-one-published/2024/1-ca-cv-22-0765.html (the denial of an injunction against Proposition 209 affirmed)",
        on: '2026-12-03',
      },
    },
    {
      // Every Canadian province: the federal criminal rate (state `CA-*`, a province's own row first).
      state: CANADA_EVERY_PROVINCE,
      maxAnnualBasisPoints: 3500,
      source:
        'Criminal Code, R.S.C. 1985, c. C-46, s. 347 (criminal rate of interest: 35% APR, in force 2025-01-01; interest includes every fee and charge for the credit)',
      note: 'agreements made before 2025-01-01: 60% effective annual rate (about 48% APR), so 35% is the protective reading for them; commercial loans to a non-natural person are exempt under the Criminal Interest Rate Regulations; default interest on overdue invoices is covered (bmllp.ca)',
      verified: {
        read: 'https://www.mondaq.com/canada/financial-services/1570940/reminder-new-lower-criminal-interest-rate-now-in-effect; https://stewartmckelvey.com/thought-leadership/canadas-new-criminal-rate-of-interest-takes-effect; https://bmllp.ca/news-listings/changes-criminal-rate-interest-effect-january-1-2025; https://www.justice.gc.ca/eng/trans/bm-mb/other-autre/c69/division33-section33.html',
        on: '2026-12-03',
      },
    },
  ];
  return ceilings;
}

/** The engine's absolute ceiling, wherever the debtor lives: 36% a year (10 U.S.C. 987's MAPR). */
export const ABSOLUTE_INTEREST_CEILING = {
  maxAnnualBasisPoints: 3600,
  source: '10 U.S.C. 987(b) (36% military annual percentage rate), used as the ceiling everywhere',
};

/**
 * The ceiling that applies in a state to a debt type (the lower of the state's row and the absolute
 * one): a row for that debt type first, then the state's general row.
 *
 * @example interestCeiling('AZ', 'medical') // { maxAnnualBasisPoints: 300, source: 'Ariz. Rev. Stat. § 44-1201(A)(1) ...' }
 */
export function interestCeiling(
  state: Region | undefined,
  debtType?: DebtType,
): { maxAnnualBasisPoints: number; source: string } {
  const find = (s: Region) =>
    (debtType ? interestCeilings().find((c) => c.state === s && c.debtType === debtType) : undefined) ??
    interestCeilings().find((c) => c.state === s && c.debtType === undefined);
  const row = state
    ? (find(state) ?? (state.startsWith('CA-') ? find(CANADA_EVERY_PROVINCE) : undefined))
    : undefined;
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
   * A floor a fee may reach even above `maxBasisPoints` (statutes that allow "5% or USD 10,
   * whichever is greater"); an indexed row's floor is in `indexed`.
   */
  minMinor?: number;
  /**
   * Dollar figures indexed to the price index, each from its first day (oldest first): the most a
   * fee may be (`maxMinor`), and a floor (`minMinor`) a fee may reach even above `maxBasisPoints`.
   * The row in force on the fee's date applies; after the last one, the last one.
   */
  indexed?: readonly { from: IsoDate; maxMinor: number; minMinor?: number; source: string }[];
  source: string;
  note?: string;
  /**
   * The statute's grace period: a fee may be charged only on an installment still unpaid this many
   * days after its due date, so a fee dated on or before `due date + graceDays` is refused. Absent:
   * the text read names none (or it was not read), and only the policy's own grace applies.
   */
  graceDays?: number;
}

let caps: readonly LateFeeCap[] | undefined;
export function lateFeeCaps(): readonly LateFeeCap[] {
  caps ??= [
    {
      state: 'CO',
      verified: {
        read: 'https://law.counselstack.com/statute/co/05/5-2-203 (§ 5-2-203(1), (2): on an installment or minimum payment not paid in full within ten days after its scheduled due date, USD 15 for a transaction not secured by an interest in land, once per installment)',
        on: '2026-12-04',
      },
      maxMinor: 1500,
      graceDays: 10,
      source:
        'Colo. Rev. Stat. § 5-2-203(1)(a) (consumer credit transaction not secured by land: USD 15 on an installment or minimum payment not paid in full within ten days after its scheduled due date)',
      note: 'a precomputed transaction may charge instead the deferral charge of § 5-2-204(1) if greater, not modelled; a transaction secured by land: 5% of the unpaid installment ((1)(b)); once per installment (2). The grace period was not modelled before 2026-12-04 (the text had not been found)',
    },
    {
      state: 'IA',
      verified: {
        read: 'https://getpocketlaw.com/law/state_iowa/section-537-2502-delinquency-charges_b06b16c79406; https://www.lawserver.com/law/state/iowa/ia-code/iowa_code_537-2502',
        on: '2026-12-03',
      },
      maxMinor: 3000,
      maxBasisPoints: 500,
      graceDays: 10,
      source:
        'Iowa Code § 537.2502(1)(b) (on an installment not paid in full within ten days after its due date: 5% of the unpaid installment, at most USD 30)',
      note: 'earlier versions said USD 15 or 20 (1999 text at legis.iowa.gov): check the version in force when the contract was made; open-end credit: § 537.2502(4), not modelled',
    },
    {
      state: 'KS',
      verified: {
        read: 'https://www.ksrevisor.org/statutes/chapters/ch16a/016a_002_0502.html; https://casetext.com/statute/kansas-statutes/chapter-16a-consumer-credit-code/article-2-finance-charges-and-related-provisions/section-16a-2-502-effective-112025-uccc-delinquency-charges (text in force from 2025-01-01, "late fee", 10 calendar days)',
        on: '2026-12-03',
      },
      maxMinor: 2500,
      maxBasisPoints: 500,
      graceDays: 10,
      source:
        'Kan. Stat. Ann. § 16a-2-502(1) (on an installment not paid in full within 10 days after its due date: 5% of the unpaid installment or USD 25, whichever is less)',
      note: 'subsection (2) allows a flat USD 10 instead, by contract; a lender credit card: (5), (6), not modelled',
    },
    {
      state: 'SC',
      maxBasisPoints: 500,
      graceDays: 10,
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
        'S.C. Code Ann. § 37-2-203(1), (2) (on an installment not paid in full within ten days after its due date: USD 5 adjusted under § 37-1-109, at most 5% of the unpaid installment; a floor of 40% of the adjusted USD 5 even above 5%)',
      note: 'text of § 37-2-203 read at instalawyer.io 2026-12-03; the amounts from 2026-07-01 were not read: the 2024 figures stay in force here until entered (consumer.sc.gov, Dollar Amount Adjustment)',
    },
    {
      state: 'IN',
      maxMinor: 2500,
      graceDays: 10,
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
      graceDays: 15,
      source:
        'Me. Rev. Stat. tit. 9-A, § 2-502(1)(A) (on an installment unpaid 15 days after it is due: 5% of it, at most USD 10)',
      note: '§ 2-502(1)(B) allows instead the deferral charge of § 2-503 for the days it is late, if greater: not applied here',
      verified: {
        read: 'http://www.mainelegislature.org/legis/statutes/9-A/title9-Asec2-502.html',
        on: '2026-12-03',
      },
    },
    {
      state: 'NC',
      maxMinor: 1800,
      graceDays: 10,
      source:
        'N.C. Gen. Stat. § 25A-29(a) (consumer credit installment sale: a default charge of USD 18 on an installment past due 10 days or more, once per default)',
      note: 'USD 18 since S.L. 2023-60; USD 15 under S.L. 2017-45 and 5% or USD 6 before it (effective dates not read: an older fee may have had a lower limit); "past due for 10 days or more" read as from the 11th day after the due date, the later of the two readings; a charge neither collected nor noticed within 45 days is waived (d)',
      verified: {
        read: 'https://self-law.org/code/nc/chapter-25a/25a-29 and https://courtgpt.ai/laws/north_carolina/chapter-25a/section-25a-29 (text with S.L. 2023-60); http://statutes.laws-info.com/north-carolina/Chapter_25A/GS_25A-29 (the 1971 text)',
        on: '2026-12-03',
      },
    },
    {
      state: 'WI',
      verified: {
        read: 'https://instalawyer.io/laws/wisconsin-statutes-annotations/chapter-422-consumer-credit-422203-delinquency-charges; https://self-law.org/code/wi/chapter-422/422-203-2',
        on: '2026-12-03',
      },
      maxMinor: 1000,
      maxBasisPoints: 500,
      graceDays: 10,
      source:
        'Wis. Stat. § 422.203(1) (on an installment not paid in full on or before the 10th day after its due date: USD 10 or 5% of the unpaid installment, whichever is less)',
      note: 'not for an open-end credit plan (§ 422.203(1)); once per installment (3)',
    },
    {
      state: 'WY',
      verified: {
        read: 'https://casetext.com/statute/wyoming-statutes/title-40-trade-and-commerce/chapter-14-wyoming-uniform-consumer-credit-code/article-2-credit-sales/section-40-14-214-delinquency-charges (current through the 2024 Budget Session)',
        on: '2026-12-03',
      },
      maxBasisPoints: 500,
      minMinor: 1000,
      graceDays: 10,
      source:
        'Wyo. Stat. § 40-14-214(a) (consumer credit sale: on an installment not paid in full within ten days after its scheduled due date, the greater of 5% of the unpaid installment and USD 10, once per installment)',
      note: 'a consumer loan: § 40-14-312 (not read)',
    },
    {
      state: 'WV',
      verified: {
        read: 'https://instalawyer.io/laws/west-virginia-code/46a-3-113-delinquency-charges-on-nonprecomputed; § 46A-3-112 (precomputed) at https://lexace.ai/us/statute/west-virginia/46A-3-112',
        on: '2026-12-03',
      },
      maxMinor: 3000,
      maxBasisPoints: 500,
      graceDays: 10,
      source:
        'W. Va. Code § 46A-3-113(1) (nonprecomputed consumer credit sale or loan in installments: on an installment not paid in full within ten days after its scheduled due date, 5% of the unpaid amount, at most USD 30, once per installment)',
      note: 'a precomputed sale or loan: § 46A-3-112(1) allows instead the deferral charge for the period of delinquency if greater, not modelled; the 1993 text (5%, at most USD 5) applies to older contracts',
    },
    {
      state: 'ID',
      verified: {
        read: 'http://legislature.idaho.gov/statutesrules/idstat/Title28/T28CH42/SECT28-42-301; https://www.legalfix.com/statutes/state-codes/idaho/title-28/chapter-42/part-3/section-28-42-301 (2019)',
        on: '2026-12-03',
      },
      maxBasisPoints: 500,
      minMinor: 1500,
      graceDays: 10,
      source:
        'Idaho Code § 28-42-301(3) (a regulated consumer credit transaction: on an installment or scheduled payment not paid in full within ten days after its scheduled due date, 5% of the unpaid amount or USD 15, whichever is greater, once per installment)',
      note: "a precomputed transaction: (1), USD 12.50 floor; a loan secured by the residence: (2), 15 days; an Attorney General opinion (87-11) read late charges on interest-bearing transactions narrowly: counsel to confirm for an office's invoices",
    },
    {
      state: 'LA',
      verified: {
        read: 'https://getpocketlaw.com/law/state_louisiana/section-3527-maximum-delinquency-charges-notice-of-conversion_0d83a96a143f (R.S. 9:3527)',
        on: '2026-12-03',
      },
      maxBasisPoints: 500,
      minMinor: 1000,
      graceDays: 10,
      source:
        'La. R.S. § 9:3527(A)(1) (consumer credit transaction: on an installment or other regular payment not paid in full within ten days after its scheduled or deferred due date, 5% of the unpaid amount or USD 10, whichever is greater, once per installment)',
      note: '(A)(2) allows the deferral charge for the period instead, not modelled; a revolving loan account or lender credit card: (B), USD 15 after ten days; no charge on a payment late only by earlier late fees (C)(3)',
    },
    {
      state: 'UT',
      verified: {
        read: 'https://codes.findlaw.com/ut/title-70c-utah-consumer-credit-code/ut-code-sect-70c-2-102/ (current as of 2025-01-01); http://statutes.laws-info.com/utah/title-70c/chapter-02/70c-2-102; https://le.utah.gov/~1998/bills/hbillint/HB0235.htm (the 1998 bill that ended the grace period)',
        on: '2026-12-03',
      },
      maxBasisPoints: 500,
      minMinor: 3000,
      source:
        'Utah Code § 70C-2-102(1)(a) (consumer credit agreement: on an installment not paid in full by its scheduled due date, the greater of USD 30 and 5% of the delinquent unpaid amount, once per installment)',
      note: 'no grace period since 1998 (H.B. 235); a depository institution may exceed the limit on contracts from 1999-05-03 ((1)(b)), not modelled',
    },
  ];
  return caps;
}

let notTabled: Readonly<Record<Region, string>> | undefined;
/**
 * States whose late-fee statutes were searched for but are not in the table, and why: no limit is
 * applied there beyond the policy's own and the contract (none is made up).
 */
export function lateFeeNotTabled(): Readonly<Record<Region, string>> {
  notTabled ??= {
    CA: 'Cal. Civ. Code § 1810.12 (read 2026-12-03 at https://california.public.law/codes/ca_civ_code_section_1810.12) limits delinquency charges on retail installment accounts only (USD 10 after 10 days in default, USD 15 after 15): a two-step limit for revolving store accounts, not the invoices Duebook charges; § 1803.6 (retail installment contracts) was searched for and not found',
    TX: "Tex. Fin. Code § 345.060(a)(1) (read 2026-12-03 at https://law.onecle.com/texas/finance/345.060.html) limits the delinquency charge of a retail installment contract: 5% of the installment or USD 5, whichever is less, on an installment unpaid after the 10th day after its maturity (§ 345.157, retail charge agreements: USD 15 after 21 days). An office's invoice is not a retail installment contract unless it sells on one, so it is not applied to invoices (as California's § 1810.12 is not); an office that does sells on such contracts sets its policy's lateFeeCapMinor to USD 5 and lateFeeGraceDays to 10",
    MO: "Mo. Rev. Stat. § 408.330.1(3) (read 2026-12-03 at https://self-law.org/code/mo/chapter-408/408-330) limits the delinquency and collection charge of a retail time contract or retail charge agreement to USD 10 (USD 5 when the monthly installment is under USD 25) on an installment in default for not less than ten days; § 408.140.1(3) (loans): 5% or USD 15, whichever is greater, at most USD 50, after 15 days. Neither is an office's invoice, so neither is applied to invoices; an office selling on retail time contracts sets its policy's own cap",
    NY: "No New York statute limiting a late fee on an ordinary invoice (payable in full on its due date, no credit service charge) was found: the delinquency-charge limits found are in the retail instalment acts: N.Y. Pers. Prop. Law § 302 (article 9, motor vehicle retail instalment contracts) and article 10 (the Retail Instalment Sales Act: retail instalment contracts, obligations and credit agreements, §§ 402, 413), whose § 401 definitions (read 2026-12-04 at https://www.nysenate.gov/legislation/laws/PEP/401 and https://newyork.public.law/laws/n.y._personal_property_law_section_401) tie goods and services to those contracts. Sections 302 and 413 were opened again on 2026-12-04 (nysenate.gov, statutes.laws.com, ny.elaws.us, lawserver.com): every excerpt stops before the charge subdivisions, so no amount or grace period was read for an office that does sell on such contracts (it sets its policy's own cap); counsel to confirm that no other statute reaches an office's invoices",
    MA: "No Massachusetts statute limiting a late fee on an ordinary invoice was found: the delinquency and collection charge of M.G.L. c. 255D, § 20 belongs to the chapter's retail installment sale agreements and revolving credit agreements (§ 1 definitions read 2026-12-04 at https://malegislature.gov/Laws/GeneralLaws/PartIII/TitleIV/Chapter255D/Section1; § 9, the agreement's form, at lawserver.com; § 11(A): no fee or charge on such an agreement except as §§ 11 and 16-22 provide; § 27, revolving credit, at malegislature.gov); the text of § 20 itself was searched for again on 2026-12-04 and not found (only its heading, in lawserver.com's chapter index), so no amount or grace period was read for an office that sells on such agreements; a late charge still counts toward the 20% of c. 271, § 49 (see the interest ceilings); counsel to confirm that no other statute reaches an office's invoices",
    MD: 'Md. Code, Com. Law § 14-1315 (late fees in consumer contracts) found only as the 2000 session law with its amendments marked (https://msa.maryland.gov/megafile/msa/speccol/sc2900/sc2908/000001/000797/html/am797--444.html), where struck and added words cannot be told apart: the amount and the 10 days after the bill is rendered are not settled',
  };
  return notTabled;
}

/** A late fee dated before the state's grace period has run out on its installment. */
export interface EarlyLateFee {
  graceDays: number;
  /** The first day a fee may be charged: the due date plus the grace days plus one. */
  earliest: IsoDate;
  source: string;
}

/**
 * Whether a late fee dated `feeDate` on an installment due `dueDate` comes before the statutory
 * grace period of the state has passed (rule `fee/before-grace`); undefined when it does not, or
 * the table names no grace period for the state.
 *
 * @example lateFeeTooEarly('ME', '2026-09-01', '2026-09-10') // { graceDays: 15, earliest: '2026-09-17', ... }
 */
export function lateFeeTooEarly(
  state: Region | undefined,
  dueDate: IsoDate,
  feeDate: IsoDate,
): EarlyLateFee | undefined {
  const row = state ? lateFeeCaps().find((c) => c.state === state) : undefined;
  if (row?.graceDays === undefined) return undefined;
  if (toDay(feeDate) - toDay(dueDate) > row.graceDays) return undefined;
  return { graceDays: row.graceDays, earliest: addDays(dueDate, row.graceDays + 1), source: row.source };
}

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
  const row = state ? lateFeeCaps().find((c) => c.state === state) : undefined;
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
  const floor = indexed?.minMinor ?? row.minMinor;
  if (floor !== undefined && usd) max = Math.max(max, floor);
  return { maxMinor: max, source: indexed && usd ? `${row.source}; ${indexed.source}` : row.source };
}
