// The compliance rule table: every rule the engine enforces, with its id, citation, what it blocks and the presets that include it.
import { CAP_RULES, FLAG_RULES } from '../collections/contact-rules.js';
import { CONTACT_PRESETS, type ContactPreset, type CustomerFlag } from '../ledger/ledger.js';
import { RETENTION_RULES } from '../lifecycle/retention.js';
import { CONSUMER_ONLY_RULES, coverageOf, type DebtCoverage } from './debtor-type.js';

/** One rule as counsel reads it. */
export interface ComplianceRule {
  /** The rule id found in blocks and explanations (`inputs.rules`). */
  id: string;
  /** Where it comes from: regulation, statute, or `office policy`. */
  citation: string;
  /** What it blocks or requires, in one sentence. */
  blocks: string;
  /** The contact-rule presets that include it. */
  presets: readonly ContactPreset[];
  /** The code that enforces it. */
  enforcedIn: string;
  /** The debts it covers: `consumer` only (FDCPA, Reg F, state consumer rules) or `all`. */
  covers: DebtCoverage;
}

const ALL = CONTACT_PRESETS;

/** Citations for the customer flags (the block itself is in `FLAG_RULES`). */
const FLAG_CITATIONS: Readonly<Record<CustomerFlag, string>> = {
  dispute: '15 U.S.C. 1692g(b); 12 CFR 1006.34(c)(3)',
  bankruptcy: '11 U.S.C. 362(a) (automatic stay)',
  deceased: "12 CFR 1006.6(a)(4) (only the estate's representative may be approached)",
  'cease-contact': '15 U.S.C. 1692c(c); 12 CFR 1006.14(h)',
  attorney: '15 U.S.C. 1692c(a)(2); 12 CFR 1006.6(b)(2)',
  placed: 'office policy (the agency or attorney now collects)',
  'opted-out': '12 CFR 1006.6(e) (opt-out of electronic communications)',
  'email-suppressed': 'operational (SES bounce or complaint)',
  'mail-returned': 'operational (returned mail)',
  'credit-hold': 'office policy (informational: it blocks no message)',
};

/**
 * Every rule, in the order a clerk meets them (the debts each covers are added below). `docs/compliance.md` is generated from this table
 * (`npx tsx scripts/compliance-doc.ts`); a test fails when the page is stale.
 */
const RULES: readonly Omit<ComplianceRule, 'covers'>[] = [
  // Flags that block no channel (credit-hold) are records, not rules.
  ...(Object.keys(FLAG_RULES) as CustomerFlag[])
    .filter((flag) => FLAG_RULES[flag].channels.length > 0)
    .map((flag) => ({
      id: `flag/${flag}`,
      citation: FLAG_CITATIONS[flag],
      blocks: `${FLAG_RULES[flag].channels.join(', ')}: ${FLAG_RULES[flag].reason}`,
      presets: ALL,
      enforcedIn: 'core/collections/contact-rules.ts FLAG_RULES',
    })),
  {
    id: 'override/hold',
    citation: 'office policy',
    blocks: 'every automated dunning step for a customer whose Dunning cell is `hold`',
    presets: ALL,
    enforcedIn: 'core/collections/collection-plan.ts planCollections',
  },
  {
    id: 'override/unknown-ladder',
    citation: 'office policy',
    blocks: "every channel while the customer's Ladder names a ladder the policy does not have",
    presets: ALL,
    enforcedIn: 'core/collections/collection-plan.ts planCollections',
  },
  {
    id: 'promise/active',
    citation: 'office policy',
    blocks: 'every dunning channel while a promise to pay is pending (statements still go)',
    presets: ALL,
    enforcedIn: 'core/collections/contact-rules.ts checkContact',
  },
  {
    id: 'plan/in-good-standing',
    citation: 'office policy',
    blocks: 'every dunning channel while a payment plan is kept (statements still go)',
    presets: ALL,
    enforcedIn: 'core/collections/contact-rules.ts checkContact',
  },
  {
    id: 'dispute/all-overdue',
    citation: '15 U.S.C. 1692g(b); 12 CFR 1006.34(c)(3)',
    blocks: 'every channel when every overdue invoice is disputed',
    presets: ALL,
    enforcedIn: 'core/collections/contact-rules.ts checkContact',
  },
  {
    id: 'hold/conversation-7d',
    citation: '12 CFR 1006.14(b)(2)(i)(B)',
    blocks:
      'calls for 7 days (the day of the conversation and the six after) once the debtor was spoken with by telephone, whoever called (Activity outcome `spoke`, `promised-to-pay` or `refused-to-pay`)',
    presets: ALL,
    enforcedIn: 'core/collections/contact-rules.ts conversationHoldSince',
  },
  ...CAP_RULES.map((r) => ({
    id: r.id,
    citation: r.citation,
    blocks: `${r.blocks.join(', ')} once reached: ${r.limit}${r.phone ? ` (phone type ${r.phone})` : ''}; counts ${r.counts.join(', ')} from Activity and from contacts planned in the same run, statements included`,
    presets: r.presets,
    enforcedIn: 'core/collections/contact-rules.ts CAP_RULES',
  })),
  {
    id: 'window/convenient-hours',
    citation: '12 CFR 1006.6(b)(1)(i); comment 6(b)(1)(i)-2 (conflicting location information)',
    blocks:
      'any contact outside 08:00-21:00 in any candidate zone of the debtor: the Time Zone cell, else the zones of the address and of the phone number together; unknown: the office zone and every US mainland zone',
    presets: ALL,
    enforcedIn: 'core/compliance/jurisdiction.ts contactZones, windowInAllZones',
  },
  {
    id: 'window/no-common-hours',
    citation: '12 CFR 1006.6(b)(1)(i)',
    blocks:
      'every channel when no hour is convenient in all candidate zones (a clerk must find out where the debtor is)',
    presets: ALL,
    enforcedIn: 'core/compliance/jurisdiction.ts windowInAllZones',
  },
  {
    id: 'jurisdiction/derived',
    citation: '940 CMR 7.00 (Massachusetts residents); 6 RCNY 5-77 (New York City residents)',
    blocks:
      'nothing by itself: a blank Contact Rules cell takes New York City rules for an address in the five boroughs (by ZIP) and Massachusetts rules for an address in MA; the cell still wins',
    presets: ALL,
    enforcedIn: 'core/compliance/jurisdiction.ts contactRulesFor',
  },
  {
    id: 'consent/email-nyc',
    citation: '6 RCNY 5-77 (electronic communications need the consumer’s consent)',
    blocks: 'email to a New York City debtor unless Consent To Email is yes',
    presets: ['new-york-city'],
    enforcedIn: 'core/collections/contact-rules.ts checkContact',
  },
  {
    id: 'email/workplace',
    citation: '12 CFR 1006.22(f)(3)',
    blocks: 'email to an address marked Email At Work unless Consent To Email is yes',
    presets: ALL,
    enforcedIn: 'core/collections/contact-rules.ts checkContact',
  },
  {
    id: 'address/missing-email',
    citation: 'operational',
    blocks: 'email when the customer has no email address',
    presets: ALL,
    enforcedIn: 'core/collections/contact-rules.ts checkContact',
  },
  {
    id: 'address/missing-letter',
    citation: 'operational',
    blocks: 'letters when the customer has no postal address',
    presets: ALL,
    enforcedIn: 'core/collections/contact-rules.ts checkContact',
  },
  {
    id: 'address/missing-call',
    citation: 'operational',
    blocks: 'calls when the customer has no phone number',
    presets: ALL,
    enforcedIn: 'core/collections/contact-rules.ts checkContact',
  },
  {
    id: 'time-barred/no-threat',
    citation:
      "12 CFR 1006.26(b); 940 CMR 7.07 (Massachusetts); 6 RCNY 5-77 (New York City); for a debtor in Canada the province's limitation statute, with its own disclosure (no US rule)",
    blocks:
      "final demands and hand-over for an account with a time-barred item (statute of limitations by state and debt type, see below; a signed written acknowledgment or a payment made before the period ran out restarts it where the state's text says so, nothing revives it after); other messages carry the time-barred disclosure",
    presets: ALL,
    enforcedIn:
      'core/compliance/limitations.ts timeBarOf; core/compliance/limitation-restarts.ts restartedEnd; core/collections/collection-plan.ts planCollections',
  },
  {
    id: 'handover/time-barred',
    citation: "12 CFR 1006.26(b); for a debtor in Canada the province's limitation statute",
    blocks: 'placing a time-barred account with an agency or attorney',
    presets: ALL,
    enforcedIn: 'core/lifecycle/handover.ts placementRefusals',
  },
  {
    id: 'interest/time-barred',
    citation: '12 CFR 1006.26(b); state limitation statutes',
    blocks: 'interest for days after an item became time-barred',
    presets: ALL,
    enforcedIn: 'core/collections/charges.ts assessChargesExplained',
  },
  {
    id: 'validation/notice-first',
    citation:
      '940 CMR 7.08 (within 5 business days of the first contact); 6 RCNY 5-77; Cal. Civ. Code 1788 et seq. (Rosenthal Act); content per 12 CFR 1006.34',
    blocks:
      'every past-due stage until a validation notice (stage `validation-notice`, a letter) is on record: the planner plans the notice instead',
    presets: ['massachusetts', 'new-york-city'],
    enforcedIn:
      'core/collections/dunning-policy.ts VALIDATION_STAGE; core/collections/templates.ts renderValidationNotice; core/documents/validation-notice.ts (the letter, stored and linked in the review queue by lambdas/services/validation-notice.ts)',
  },
  {
    id: 'validation/dispute-window',
    citation: '15 U.S.C. 1692g(a)-(b); 940 CMR 7.08',
    blocks:
      'final demands and hand-over until 35 days (30-day dispute period plus 5 for delivery) after the validation notice',
    presets: ['massachusetts', 'new-york-city'],
    enforcedIn: 'core/collections/collection-plan.ts planCollections',
  },
  {
    id: 'fees/not-agreed',
    citation: '15 U.S.C. 1692f(1); 12 CFR 1006.22(b)',
    blocks:
      'late fees and interest for a customer whose Fees Agreed is not yes, from the policy or already in the Adjustments tab (reported with its tab, row and id, and left out of every amount)',
    presets: ALL,
    enforcedIn:
      'core/collections/charges.ts assessChargesExplained, feeRowRefusals; core/compliance/charge-refusals.ts (duebook validate and plan, the backend)',
  },
  {
    id: 'interest/above-ceiling',
    citation: 'state interest ceilings (see below); 10 U.S.C. 987(b) 36% everywhere',
    blocks:
      "all interest when the policy rate is above the ceiling of the debtor's state; an Adjustments interest row that takes the interest on its invoice past what the ceiling allows since the due date",
    presets: ALL,
    enforcedIn:
      'core/compliance/charge-limits.ts interestCeiling; core/collections/charges.ts feeRowRefusals; core/compliance/charge-refusals.ts',
  },
  {
    id: 'fee/above-state-cap',
    citation: 'state consumer credit codes (see the late-fee table below)',
    blocks:
      "a late fee above the limit of the debtor's state, from the policy or already in the Adjustments tab (each such row is reported with its id)",
    presets: ALL,
    enforcedIn:
      'core/compliance/charge-limits.ts lateFeeCap; core/collections/charges.ts assessChargesExplained, feeRowRefusals',
  },
  {
    id: 'fee/before-grace',
    citation: 'state consumer credit codes (the grace days of the late-fee table below)',
    blocks:
      "a late fee charged before the statutory grace period of the debtor's state has passed after the invoice's due date, from the policy or already in the Adjustments tab (each such row is reported with its id and the first lawful date)",
    presets: ALL,
    enforcedIn:
      'core/compliance/charge-limits.ts lateFeeTooEarly; core/collections/charges.ts assessChargesExplained, feeRowRefusals',
  },
  {
    id: 'fee/exceeds-balance',
    citation: '15 U.S.C. 1692f(1)',
    blocks:
      'a late fee larger than the open amount of the invoice it is charged on, or an Adjustments late-fee row larger than its invoice',
    presets: ALL,
    enforcedIn: 'core/collections/charges.ts assessChargesExplained, feeRowRefusals',
  },
  {
    id: 'identity/creditor-name',
    citation: '15 U.S.C. 1692a(6) (a creditor using a name that suggests a third party is a debt collector)',
    blocks:
      'rendering any message to a debtor without the office\'s real legal name and postal address (a department name such as "Accounts receivable" is refused)',
    presets: ALL,
    enforcedIn: 'core/collections/templates.ts officeIdentityProblems (requireIdentity)',
  },
  {
    id: 'privacy/neutral-subject',
    citation: '45 CFR 164.502(b) (minimum necessary); 12 CFR 1006.6(d)(3) (third-party disclosure)',
    blocks:
      'the office name and the amount in subjects when the office sets a neutral sender name ("A message about your account from EHOC")',
    presets: ALL,
    enforcedIn: 'core/collections/templates.ts subjectFor',
  },
  {
    id: 'privacy/packet-notes',
    citation: '45 CFR 164.502(b) (minimum necessary)',
    blocks:
      'free-text notes in hand-over packets unless the Activity row is marked Shareable; invoice descriptions never go',
    presets: ALL,
    enforcedIn: 'core/lifecycle/handover.ts buildHandoverPacket',
  },
  {
    id: 'disclosure/nyc-language-access',
    citation: '6 RCNY 5-77 (language access)',
    blocks:
      'nothing: every message to a New York City debtor carries the language-access line; Preferred Language is recorded',
    presets: ['new-york-city'],
    enforcedIn: 'core/collections/templates.ts DISCLOSURES',
  },
  ...RETENTION_RULES.map((r) => ({
    id: r.id,
    citation: r.citation,
    blocks: `purging the personal data of ${r.appliesTo} until ${r.days} days after the last activity`,
    presets: ALL,
    enforcedIn: 'core/lifecycle/retention.ts purgeDeceased',
  })),
  {
    id: 'retention/open-placement',
    citation: '12 CFR 1006.100(b)',
    blocks: 'purging an account placed with an agency or attorney while it has a balance',
    presets: ALL,
    enforcedIn: 'core/lifecycle/retention.ts purgeDeceased',
  },
];

/** Every rule with the debts it covers (`CONSUMER_ONLY_RULES`); a business debtor is outside the consumer-only ones. */
export const COMPLIANCE_RULES: readonly ComplianceRule[] = [
  ...RULES.map((r) => ({ ...r, covers: coverageOf(r.id) })),
  {
    id: 'debtor/consumer-or-business',
    citation:
      '15 U.S.C. 1692a(5); 12 CFR 1006.2(e) (a consumer debt is for personal, family or household purposes)',
    blocks:
      'nothing by itself: it decides who the consumer-only rules cover (Debtor Type cell; blank: consumer for a medical debt, business when the name carries an entity word such as LLC, Inc., Ltd, else consumer)',
    presets: ALL,
    enforcedIn: 'core/compliance/debtor-type.ts debtorTypeOf, ruleCovers',
    covers: 'all',
  },
];

/** Consumer-only rule ids that name no rule of the table (a test keeps this empty). */
export function unknownConsumerOnlyRules(): string[] {
  const ids = new Set(COMPLIANCE_RULES.map((r) => r.id));
  return Object.keys(CONSUMER_ONLY_RULES).filter((id) => !ids.has(id));
}
