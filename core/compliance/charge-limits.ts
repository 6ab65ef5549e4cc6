// Legal limits on fees and interest: state interest ceilings (each with its source), the engine's absolute ceiling, and the contract requirement.
import type { Region } from './places.js';

/** A state's ceiling on the yearly interest rate a creditor may charge a consumer, and where it is written. */
export interface InterestCeiling {
  state: Region;
  maxAnnualBasisPoints: number;
  source: string;
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
    source: 'Cal. Const. art. XV, § 1 (10% for personal, family or household purposes)',
  },
  { state: 'TX', maxAnnualBasisPoints: 1800, source: 'Tex. Fin. Code § 303.009 (18% ceiling)' },
  { state: 'FL', maxAnnualBasisPoints: 1800, source: 'Fla. Stat. § 687.02 (18%)' },
  { state: 'IL', maxAnnualBasisPoints: 900, source: '815 ILCS 205/4 (9% by written agreement)' },
  { state: 'NJ', maxAnnualBasisPoints: 1600, source: 'N.J.S.A. 31:1-1 (16%)' },
  { state: 'PA', maxAnnualBasisPoints: 600, source: '41 P.S. § 201 (6%)' },
  { state: 'CT', maxAnnualBasisPoints: 1200, source: 'Conn. Gen. Stat. § 37-4 (12%)' },
  { state: 'OH', maxAnnualBasisPoints: 800, source: 'Ohio Rev. Code § 1343.01 (8%)' },
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
  maxMinor?: number;
  maxBasisPoints?: number;
  source: string;
  note?: string;
}

export const LATE_FEE_CAPS: readonly LateFeeCap[] = [
  {
    state: 'CO',
    maxMinor: 1500,
    source: 'Colo. Rev. Stat. § 5-2-203(1)(a) (USD 15, consumer credit not secured by land)',
  },
  {
    state: 'IA',
    maxMinor: 3000,
    maxBasisPoints: 500,
    source: 'Iowa Code § 537.2502(1)(b) (5% of the unpaid installment, at most USD 30)',
    note: 'earlier versions said USD 15 or 20: check the version in force when the contract was made',
  },
  {
    state: 'KS',
    maxMinor: 2500,
    maxBasisPoints: 500,
    source: 'Kan. Stat. Ann. § 16a-2-502(1) (5% of the unpaid installment or USD 25, whichever is less)',
    note: 'subsection (2) allows a flat USD 10 instead, by contract',
  },
  {
    state: 'SC',
    maxBasisPoints: 500,
    source: 'S.C. Code Ann. § 37-2-203(1) (at most 5% of the unpaid installment)',
    note: 'the dollar limit (USD 5, adjusted by § 37-1-109 to the price index) is not applied here: set lateFeeCapMinor',
  },
  {
    state: 'WI',
    maxMinor: 1000,
    maxBasisPoints: 500,
    source: 'Wis. Stat. § 422.203(1) (USD 10 or 5% of the unpaid installment, whichever is less)',
  },
];

/**
 * The most one late fee may be on `unpaidMinor` in a state, or undefined where the table has no
 * limit. Dollar limits apply to USD amounts; the percentage to any currency.
 *
 * @example lateFeeCap('WI', 40_000, 'USD') // { maxMinor: 1000, source: 'Wis. Stat. § 422.203(1) ...' }
 */
export function lateFeeCap(
  state: Region | undefined,
  unpaidMinor: number,
  currency: string,
): { maxMinor: number; source: string } | undefined {
  const row = state ? LATE_FEE_CAPS.find((c) => c.state === state) : undefined;
  if (!row) return undefined;
  const limits: number[] = [];
  if (row.maxMinor !== undefined && currency === 'USD') limits.push(row.maxMinor);
  if (row.maxBasisPoints !== undefined)
    limits.push(Math.floor((Math.max(0, unpaidMinor) * row.maxBasisPoints) / 10_000));
  return limits.length === 0 ? undefined : { maxMinor: Math.min(...limits), source: row.source };
}
