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
