// Consumer or business debtor: which debts each compliance rule covers, and how a customer's debtor type is decided.
import type { Customer, DebtorType } from '../ledger/ledger.js';

/** The debts a rule covers: consumer debts only (FDCPA, Reg F, state consumer rules), or every debt. */
export type DebtCoverage = 'consumer' | 'all';

/**
 * Rules that cover consumer debts only, with why. Every other rule of the table covers every debt
 * (office policy, the bankruptcy stay, operational blocks, privacy). Reg F applies to debts incurred
 * "primarily for personal, family, or household purposes" (12 CFR 1006.2(e), 15 U.S.C. 1692a(5));
 * 940 CMR 7.00 and 6 RCNY 5-77 likewise protect consumers. A business debtor is outside them.
 */
export const CONSUMER_ONLY_RULES: Readonly<Record<string, string>> = {
  'hold/conversation-7d': '12 CFR 1006.14 protects consumers',
  'cap/calls-7d': '12 CFR 1006.14 and 940 CMR 7.04 protect consumers',
  'cap/calls-30d-other-number': '940 CMR 7.04 protects consumers',
  'cap/contacts-7d': '6 RCNY 5-77 protects consumers',
  'jurisdiction/derived': 'the state and city rule sets it picks protect consumers',
  'consent/email-nyc': '6 RCNY 5-77 protects consumers',
  'email/workplace': '12 CFR 1006.22(f)(3) protects consumers',
  'time-barred/no-threat': '12 CFR 1006.26(b) protects consumers',
  'handover/time-barred': '12 CFR 1006.26(b) protects consumers',
  'interest/time-barred': 'follows 12 CFR 1006.26(b)',
  'fee/above-state-cap': 'the state limits are in consumer credit codes',
  'fee/before-grace': 'the state grace periods are in consumer credit codes',
  'validation/notice-first': '940 CMR 7.08, 6 RCNY 5-77 and the Rosenthal Act protect consumers',
  'validation/dispute-window': '15 U.S.C. 1692g protects consumers',
  'disclosure/nyc-language-access': '6 RCNY 5-77 protects consumers',
  'retention/records-3y-nyc': '6 RCNY 5-77 protects consumers',
};

/** The debts a rule covers. */
export function coverageOf(ruleId: string): DebtCoverage {
  return Object.hasOwn(CONSUMER_ONLY_RULES, ruleId) ? 'consumer' : 'all';
}

/** True when the rule covers a debt owed by this type of debtor. */
export function ruleCovers(ruleId: string, debtorType: DebtorType): boolean {
  return debtorType === 'consumer' || coverageOf(ruleId) === 'all';
}

/** A customer's debtor type and why. */
export interface DebtorTypeChoice {
  type: DebtorType;
  source: 'column' | 'debt-type' | 'name' | 'default';
  reason: string;
}

/**
 * Legal-entity words that only a business carries in its name (LLC, Inc., Ltd, GmbH, K.K. ...),
 * matched as whole words at the end of the name or before a comma.
 */
const ENTITY_SUFFIXES = [
  'llc',
  'l.l.c.',
  'inc',
  'inc.',
  'incorporated',
  'corp',
  'corp.',
  'corporation',
  'co.',
  'company',
  'ltd',
  'ltd.',
  'limited',
  'llp',
  'l.l.p.',
  'lp',
  'l.p.',
  'pllc',
  'p.c.',
  'plc',
  'gmbh',
  'ag',
  'k.k.',
  's.a.',
  'sarl',
  'b.v.',
  'n.v.',
  'pty',
  'ulc',
] as const;

const ENTITY = new RegExp(
  `(?:^|[\\s,])(${ENTITY_SUFFIXES.map((s) => s.replace(/\./g, '\\.')).join('|')})(?=$|[\\s,)])`,
  'i',
);

/**
 * The debtor type of a customer: the Debtor Type cell when filled; else consumer for a medical
 * debt (a patient's bill); else business when the name carries a legal-entity word (`LLC`, `Inc.`,
 * `Ltd`, `Co.` ...); else consumer, the protective reading (a person's name, a trade name without
 * an entity word). A clerk who knows better fills the cell.
 *
 * @example debtorTypeOf({ name: 'Pioneer Print Works LLC' }).type // 'business'
 */
export function debtorTypeOf(
  customer: Partial<Pick<Customer, 'name' | 'debtorType' | 'debtType'>>,
): DebtorTypeChoice {
  if (customer.debtorType) {
    return { type: customer.debtorType, source: 'column', reason: 'the Debtor Type column says so' };
  }
  if (customer.debtType === 'medical') {
    return { type: 'consumer', source: 'debt-type', reason: 'a medical debt is a consumer debt' };
  }
  const m = customer.name ? ENTITY.exec(customer.name) : null;
  if (m) {
    return {
      type: 'business',
      source: 'name',
      reason: `the name carries the business-entity word "${m[1]}"`,
    };
  }
  return {
    type: 'consumer',
    source: 'default',
    reason: 'nothing marks a business (Debtor Type blank, no entity word in the name): consumer rules apply',
  };
}
