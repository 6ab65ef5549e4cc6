// Claim adjustment reason codes (CARC) as data, each with the denial category it belongs to, so
// contractual write-downs are never mistaken for denials. SKELETON: the full table is being filled in.

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

export interface ReasonCode {
  code: string;
  description: string;
  category: DenialCategory;
}

/**
 * The reason code's entry, from `CO-45`, `PR-1` or a bare `45`. SKELETON: only a few codes yet.
 */
export function lookupReason(code: string): ReasonCode | undefined {
  const bare = code.includes('-') ? code.slice(code.indexOf('-') + 1) : code;
  return SKELETON_TABLE.find((r) => r.code === bare.toUpperCase());
}

/**
 * The denial category of a claim's adjustment codes (`CO-197`, `PR-1`, ...): the first one that is
 * a denial; undefined when every code is a contractual write-down or the patient's share.
 */
export function denialCategoryOf(adjustmentCodes: readonly string[]): DenialCategory | undefined {
  for (const c of adjustmentCodes) {
    const r = lookupReason(c);
    if (r && r.category !== 'contractual') return r.category;
  }
  return undefined;
}

const SKELETON_TABLE: readonly ReasonCode[] = [
  { code: '45', description: 'Charge exceeds fee schedule/maximum allowable.', category: 'contractual' },
  {
    code: '16',
    description: 'Claim/service lacks information needed for adjudication.',
    category: 'missing-information',
  },
  { code: '50', description: 'Not deemed a medical necessity by the payer.', category: 'medical-necessity' },
  { code: '197', description: 'Precertification/authorization absent.', category: 'authorization' },
  { code: '29', description: 'The time limit for filing has expired.', category: 'timely-filing' },
  {
    code: '22',
    description: 'May be covered by another payer per coordination of benefits.',
    category: 'coordination-of-benefits',
  },
  { code: '96', description: 'Non-covered charge(s).', category: 'non-covered' },
  { code: '18', description: 'Exact duplicate claim/service.', category: 'duplicate' },
];
