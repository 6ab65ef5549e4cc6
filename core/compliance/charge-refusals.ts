// Fee and interest rows the law or the contract does not allow, taken out of a ledger before any balance is computed, each reported by tab, row and column.
import { type ChargePolicy, type ChargeRefusal, feeRowRefusals } from '../collections/charges.js';
import type { Ledger } from '../ledger/ledger.js';
import type { ValidationProblem } from '../ledger/schema-cells.js';
import type { LedgerParse } from '../ledger/schema-rows.js';

/** The charge rules' settings: agreement required (default yes) and the office's state. */
export type ChargeLawOptions = Pick<ChargePolicy, 'requireAgreement' | 'limitations'>;

/** A refused row of the Adjustments tab. */
export type RefusedCharge = ChargeRefusal & { adjustmentId: string };

/**
 * The ledger without the late-fee and interest rows the law or the contract does not allow
 * (`feeRowRefusals`: no Fees Agreed, a fee above its invoice or the state's limit, interest above
 * the state's ceiling), and those rows with why. A refused row is never charged: every balance,
 * statement and message built from the returned ledger leaves it out. Returns the same ledger
 * object when nothing is refused.
 *
 * @example const { ledger: lawful, refused } = withoutRefusedCharges(ledger)
 */
export function withoutRefusedCharges(
  ledger: Ledger,
  options: ChargeLawOptions = {},
): { ledger: Ledger; refused: RefusedCharge[] } {
  const refused = feeRowRefusals(ledger, options).filter((r): r is RefusedCharge => !!r.adjustmentId);
  if (refused.length === 0) return { ledger, refused };
  const ids = new Set(refused.map((r) => r.adjustmentId));
  return {
    ledger: { ...ledger, adjustments: ledger.adjustments.filter((a) => !ids.has(a.adjustmentId)) },
    refused,
  };
}

/** The column a refusal is about: the amount when it is too large, the type when none may be charged. */
const COLUMN_OF_RULE: Readonly<Record<string, string>> = {
  'fees/not-agreed': 'Type',
  'fee/exceeds-balance': 'Amount',
  'fee/above-state-cap': 'Amount',
  'fee/before-grace': 'Date',
  'interest/above-ceiling': 'Amount',
};

/**
 * Each refused row as a problem of the Adjustments tab (`CHARGE.REFUSED`), with the row the sheet
 * shows, the column and the reason, for `duebook validate`, `plan` and the add-on's sync errors.
 */
export function chargeRefusalProblems(
  ledger: Ledger,
  refused: readonly RefusedCharge[],
): ValidationProblem[] {
  const rows = new Map(ledger.adjustments.map((a) => [a.adjustmentId, a.row]));
  return refused.map((r) => ({
    tab: 'Adjustments',
    row: rows.get(r.adjustmentId) ?? 0,
    column: COLUMN_OF_RULE[r.rule] ?? 'Amount',
    code: 'CHARGE.REFUSED',
    message: `not charged (${r.rule}): ${r.reason}`,
  }));
}

/**
 * A parsed ledger with the refused charge rows moved from the ledger to the problems, as a bad row
 * is: what `duebook validate`, `plan` and every other command read.
 */
export function refuseChargesInParse(parsed: LedgerParse, options: ChargeLawOptions = {}): LedgerParse {
  const { ledger, refused } = withoutRefusedCharges(parsed.ledger, options);
  if (refused.length === 0) return parsed;
  return {
    ...parsed,
    ledger,
    problems: [...parsed.problems, ...chargeRefusalProblems(parsed.ledger, refused)],
  };
}
