// Statutes of limitations by state and debt type, each row with its source, and when a debt becomes time-barred.
import type { AccountBook } from '../book.js';
import { addMonths, type IsoDate, toDay } from '../dates.js';
import type { Customer, DebtType } from '../ledger.js';
import { type AddressPlace, placeOfAddress } from './jurisdiction.js';
import type { Region } from './places.js';

/** One row: how many years a creditor has to sue on a debt of this type in this state, and where that is written. */
export interface LimitationRow {
  state: Region;
  debtType: DebtType;
  years: number;
  source: string;
}

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

/**
 * The table. Limitation periods run from the due date (the breach); some states restart them on a
 * payment or a written acknowledgment, which the office enters as an override. States not listed
 * are not determined: no account is treated as time-barred there unless the office adds a row.
 * Engineering data for counsel's review, not legal advice.
 */
export const LIMITATIONS: readonly LimitationRow[] = [
  ...row('MA', same(6), same('M.G.L. c. 260, § 2 (contract actions, 6 years)')),
  ...row('NY', same(3), {
    ...same('N.Y. CPLR 214-i (consumer credit transactions, 3 years, from 2022-04-07)'),
    medical: 'N.Y. CPLR 213-d (medical debt, 3 years)',
  }),
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
      'oral-contract': 'Fla. Stat. § 95.11(3) (contract not in writing, 4 years)',
      'open-account': 'Fla. Stat. § 95.11(3) (open account, 4 years)',
      'promissory-note': 'Fla. Stat. § 95.11(2)(b) (written instrument, 5 years)',
      medical: 'Fla. Stat. § 95.11(3) (open account, 4 years)',
    },
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
  ...row('NJ', same(6), same('N.J.S.A. 2A:14-1 (contract, 6 years)')),
  ...row('PA', same(4), same('42 Pa.C.S. § 5525 (contract, 4 years)')),
  ...row(
    'CT',
    { 'written-contract': 6, 'oral-contract': 3, 'open-account': 6, 'promissory-note': 6, medical: 6 },
    {
      'written-contract': 'Conn. Gen. Stat. § 52-576 (written contract, 6 years)',
      'oral-contract': 'Conn. Gen. Stat. § 52-581 (oral contract, 3 years)',
      'open-account': 'Conn. Gen. Stat. § 52-576 (account, 6 years)',
      'promissory-note': 'Conn. Gen. Stat. § 52-576 (written contract, 6 years)',
      medical: 'Conn. Gen. Stat. § 52-576 (account, 6 years)',
    },
  ),
  ...row(
    'WA',
    { 'written-contract': 6, 'oral-contract': 3, 'open-account': 3, 'promissory-note': 6, medical: 3 },
    {
      'written-contract': 'RCW 4.16.040(1) (written contract, 6 years)',
      'oral-contract': 'RCW 4.16.080(3) (contract not in writing, 3 years)',
      'open-account': 'RCW 4.16.080(3) (open account, 3 years)',
      'promissory-note': 'RCW 4.16.040(1) (written contract, 6 years)',
      medical: 'RCW 4.16.080(3) (open account, 3 years)',
    },
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
  ),
  ...row(
    'OH',
    { 'written-contract': 6, 'oral-contract': 4, 'open-account': 4, 'promissory-note': 6, medical: 4 },
    {
      'written-contract': 'Ohio Rev. Code § 2305.06 (written contract, 6 years)',
      'oral-contract': 'Ohio Rev. Code § 2305.07 (contract not in writing, 4 years)',
      'open-account': 'Ohio Rev. Code § 2305.07 (account, 4 years)',
      'promissory-note': 'Ohio Rev. Code § 2305.06 (written contract, 6 years)',
      medical: 'Ohio Rev. Code § 2305.07 (account, 4 years)',
    },
  ),
];

/** An office's own row: replaces the table's for a state (and debt type, or every type). */
export interface LimitationOverride {
  state: Region;
  debtType?: DebtType;
  years: number;
  /** Why (counsel's advice, a tolling agreement); quoted in explanations. */
  note: string;
}

/** An office's limitation settings. */
export interface LimitationOptions {
  overrides?: readonly LimitationOverride[];
  /** The state whose law applies when a customer's address names none (the office's). */
  officeState?: Region;
}

/** Fewest years any row or override allows: accounts younger than this cannot be barred. */
export function shortestLimitationYears(overrides: readonly LimitationOverride[] = []): number {
  let min = Number.POSITIVE_INFINITY;
  for (const r of LIMITATIONS) min = Math.min(min, r.years);
  for (const o of overrides) min = Math.min(min, o.years);
  return min;
}

/** Where the limitation period came from. */
export interface Limitation {
  state: Region;
  debtType: DebtType;
  years: number;
  source: string;
}

/** The period for a state and debt type: an office override first, then the table. */
export function limitationFor(
  state: Region,
  debtType: DebtType,
  overrides: readonly LimitationOverride[] = [],
): Limitation | undefined {
  const o =
    overrides.find((x) => x.state === state && x.debtType === debtType) ??
    overrides.find((x) => x.state === state && x.debtType === undefined);
  if (o) return { state, debtType, years: o.years, source: `office override: ${o.note}` };
  const r = LIMITATIONS.find((x) => x.state === state && x.debtType === debtType);
  return r ? { state, debtType, years: r.years, source: r.source } : undefined;
}

/** What the limitation rules say about a customer's open items. */
export interface TimeBar {
  limitation: Limitation;
  /** Open, overdue items whose limitation date has passed, with that date. */
  barred: { itemId: string; barredOn: IsoDate }[];
  /** True when every overdue open item is time-barred. */
  allBarred: boolean;
  /** The earliest date an open item became (or becomes) barred. */
  earliestBarredOn?: IsoDate;
  reason: string;
}

/** The state whose limitation period applies: the address's, else the office's. */
export function limitationState(
  customer: Pick<Customer, 'address'>,
  officeState?: Region,
  known?: AddressPlace,
): Region | undefined {
  const place = known ?? placeOfAddress(customer.address);
  return place.country === 'US' && place.region ? place.region : place.country ? undefined : officeState;
}

/**
 * The date an item's limitation period ends (the day suit is barred): its due date plus the period.
 *
 * @example limitationEnd('2018-03-01', 6) // '2024-03-01'
 */
export function limitationEnd(dueDate: IsoDate, years: number): IsoDate {
  return addMonths(dueDate, years * 12);
}

/**
 * Whether a customer's open items are time-barred on `asOf`. Undefined when the state or its period
 * is not known (nothing is presumed barred).
 */
export function timeBarOf(
  customer: Pick<Customer, 'address' | 'debtType'>,
  accounts: readonly AccountBook[],
  asOf: IsoDate,
  options: LimitationOptions & { place?: AddressPlace } = {},
): TimeBar | undefined {
  const state = limitationState(customer, options.officeState, options.place);
  if (!state) return undefined;
  const limitation = limitationFor(state, customer.debtType ?? 'written-contract', options.overrides);
  if (!limitation) return undefined;
  const asOfDay = toDay(asOf);
  const barred: TimeBar['barred'] = [];
  let overdue = 0;
  let earliest: IsoDate | undefined;
  for (const a of accounts) {
    for (const i of a.items) {
      if (i.openMinor <= 0 || toDay(i.dueDate) >= asOfDay) continue;
      overdue++;
      const end = limitationEnd(i.dueDate, limitation.years);
      if (earliest === undefined || toDay(end) < toDay(earliest)) earliest = end;
      if (toDay(end) <= asOfDay) barred.push({ itemId: i.itemId, barredOn: end });
    }
  }
  return {
    limitation,
    barred,
    allBarred: overdue > 0 && barred.length === overdue,
    earliestBarredOn: earliest,
    reason:
      barred.length > 0
        ? `${barred.map((b) => b.itemId).join(', ')} ${barred.length === 1 ? 'is' : 'are'} time-barred (${limitation.years} years in ${state} for ${limitation.debtType}: ${limitation.source}; barred since ${barred[0]!.barredOn})`
        : `nothing is time-barred (${limitation.years} years in ${state} for ${limitation.debtType})`,
  };
}
