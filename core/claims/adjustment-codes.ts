// Claim adjustment reason codes (CARC) with the denial category each belongs to and what it does to
// the money, so contractual write-downs and the patient's cost share are never mistaken for denials.
import { ADJUSTMENT_GROUPS, type AdjustmentGroup } from '../x12/remittance.js';
import { carcRows, type ReasonEffect } from './carc-codes.js';

export type { ReasonEffect } from './carc-codes.js';

export const DENIAL_CATEGORIES = [
  'missing-information',
  'medical-necessity',
  'authorization',
  'timely-filing',
  'coordination-of-benefits',
  'non-covered',
  'duplicate',
  'contractual',
] as const;
export type DenialCategory = (typeof DENIAL_CATEGORIES)[number];

/** How a clerk says each category: `Appeal by ... (medical necessity: CO-50)`. */
export const DENIAL_CATEGORY_LABELS: Readonly<Record<DenialCategory, string>> = {
  'missing-information': 'missing information',
  'medical-necessity': 'medical necessity',
  authorization: 'authorization',
  'timely-filing': 'timely filing',
  'coordination-of-benefits': 'coordination of benefits',
  'non-covered': 'non-covered',
  duplicate: 'duplicate',
  contractual: 'contractual',
};

export interface ReasonCode {
  code: string;
  description: string;
  category: DenialCategory;
  /** Whether an adjustment with this reason is a denial, the patient's share, or an expected write-down. */
  effect: ReasonEffect;
}

let table: ReadonlyMap<string, ReasonCode> | undefined;
/** The reason codes by code, built on first read. */
function reasonTable(): ReadonlyMap<string, ReasonCode> {
  table ??= new Map(
    carcRows().map(([code, category, effect, description]) => [
      code,
      { code, description, category, effect },
    ]),
  );
  return table;
}

/** Every reason code in the table, in the X12 list's order. */
export function reasonCodes(): ReasonCode[] {
  return [...reasonTable().values()];
}

/** A `GROUP-REASON` code split in two; `group` is absent for a bare reason code such as `45`. */
export interface ParsedAdjustmentCode {
  group?: AdjustmentGroup;
  reason: string;
}

/**
 * Splits `CO-45`, `pr-1` or a bare `45` into group and reason. A prefix that is not one of the five
 * X12 group codes is kept as part of the reason, so an unknown code is looked up as written.
 */
export function parseAdjustmentCode(code: string): ParsedAdjustmentCode {
  const text = code.trim().toUpperCase();
  const dash = text.indexOf('-');
  if (dash > 0) {
    const group = text.slice(0, dash);
    if ((ADJUSTMENT_GROUPS as readonly string[]).includes(group)) {
      return { group: group as AdjustmentGroup, reason: text.slice(dash + 1) };
    }
  }
  return { reason: text };
}

/** The reason code's entry, from `CO-45`, `PR-1` or a bare `45`; undefined for a code not in the table. */
export function lookupReason(code: string): ReasonCode | undefined {
  return reasonTable().get(parseAdjustmentCode(code).reason);
}

/**
 * What one `GROUP-REASON` adjustment means for the claim. The reason decides, with two rules for
 * the group: `CR` (corrections and reversals, 4010) restates an earlier adjudication and is never
 * a denial of its own (`informational`); and a cost-share reason stays the patient's share in any
 * group, so `CO-1` is not a denial even though a payer put a deductible under the wrong group.
 * A denial reason under `PR` (`PR-96`, `PR-204`) is still a denial: the payer refused to cover it
 * and moved it to the patient, which is worth appealing before billing them. Unknown reasons give
 * undefined: Duebook does not guess.
 */
export function adjustmentEffect(code: string): ReasonEffect | undefined {
  const { group, reason } = parseAdjustmentCode(code);
  const entry = reasonTable().get(reason);
  if (!entry) return undefined;
  if (group === 'CR') return 'informational';
  return entry.effect;
}

/**
 * The denial category of a claim's adjustment codes (`CO-197`, `PR-1`, ...): the category of the
 * first code whose effect is `denial` (see `adjustmentEffect`); undefined when every code is a
 * write-down, the patient's cost share, informational or unknown.
 *
 * @example denialCategoryOf(['CO-45', 'PR-2', 'CO-50']) // 'medical-necessity'
 * @example denialCategoryOf(['CO-45', 'PR-1', 'CO-253']) // undefined: nothing was denied
 */
export function denialCategoryOf(adjustmentCodes: readonly string[]): DenialCategory | undefined {
  const code = firstDenialCode(adjustmentCodes);
  return code === undefined ? undefined : lookupReason(code)?.category;
}

/** The first code of the list that is a denial (see `adjustmentEffect`), as written. */
export function firstDenialCode(adjustmentCodes: readonly string[]): string | undefined {
  return adjustmentCodes.find((c) => adjustmentEffect(c) === 'denial');
}
