// When a debt becomes time-barred: the period of the debtor's state and debt type (see limitation-rows.ts), from its start event.
import { type AccountBook, itemCursorOf, type OpenItem } from '../ledger/book.js';
import { addDays, addMonths, type IsoDate, toDay } from '../ledger/dates.js';
import type { Customer, DebtType } from '../ledger/ledger.js';
import { type AddressPlace, placeOfAddress } from './jurisdiction.js';
import {
  type Restart,
  restartedEnd,
  restartRuleFor,
  type WrittenAcknowledgment,
} from './limitation-restarts.js';
import { allLimitationRows, type LimitationStart, limitationStarts } from './limitation-rows.js';
import type { Region } from './places.js';

export {
  allLimitationRows,
  type LimitationRow,
  type LimitationStart,
  limitationRows,
  limitationStarts,
} from './limitation-rows.js';

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
  for (const r of allLimitationRows()) min = Math.min(min, r.years);
  for (const o of overrides) min = Math.min(min, o.years);
  return min;
}

/** Where the limitation period came from. */
export interface Limitation {
  state: Region;
  debtType: DebtType;
  years: number;
  source: string;
  /** The event the period runs from (an office override keeps the table row's). */
  runsFrom: LimitationStart;
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
  const r = allLimitationRows().find((x) => x.state === state && x.debtType === debtType);
  const runsFrom = r?.runsFrom ?? 'due-date';
  if (o) return { state, debtType, years: o.years, source: `office override: ${o.note}`, runsFrom };
  return r ? { state, debtType, years: r.years, source: r.source, runsFrom } : undefined;
}

/** What the limitation rules say about a customer's open items. */
export interface TimeBar {
  limitation: Limitation;
  /**
   * Open, overdue items whose limitation date has passed, with that date, and (for a period that
   * does not run from the due date) the day it ran from.
   */
  barred: { itemId: string; barredOn: IsoDate; from?: IsoDate }[];
  /**
   * Open, overdue items whose period a written acknowledgment or a payment restarted before it ran
   * out (where the state's rule says so, see `limitation-restarts.ts`), with the new end.
   */
  restarted: { itemId: string; endsOn: IsoDate; restart: Restart }[];
  /** True when every overdue open item is time-barred. */
  allBarred: boolean;
  /** The earliest date an open item became (or becomes) barred. */
  earliestBarredOn?: IsoDate;
  reason: string;
}

/**
 * The state or province whose limitation period applies: the address's US state or Canadian
 * province (`CA-ON`), else the office's when the address names no country. A foreign address, or
 * a Canadian one with no province, gets none.
 */
export function limitationState(
  customer: Pick<Customer, 'address'>,
  officeState?: Region,
  known?: AddressPlace,
): Region | undefined {
  const place = known ?? placeOfAddress(customer.address);
  if ((place.country === 'US' || place.country === 'CA') && place.region) return place.region;
  return place.country ? undefined : officeState;
}

/**
 * The date an item's limitation period ends (the day suit is barred): its due date plus the period.
 *
 * @example limitationEnd('2018-03-01', 6) // '2024-03-01'
 */
export function limitationEnd(dueDate: IsoDate, years: number): IsoDate {
  return addMonths(dueDate, years * 12);
}

const later = (a: IsoDate, b: IsoDate | undefined): IsoDate => (b !== undefined && b > a ? b : a);

/**
 * The day an item's limitation period runs from, by the start event its row names: the due date;
 * the date of treatment (the invoice date, never later than the due date); the later of that and
 * the last payment posted to the item; or the later of the last charge (newest invoice date) and
 * the last payment received on the account. Returned payments are left out (nothing was received).
 *
 * @example limitationStart(item, account, 'service-date') // the item's invoice date
 */
export function limitationStart(
  item: Pick<OpenItem, 'itemId' | 'itemDate' | 'dueDate'>,
  account: Pick<AccountBook, 'items' | 'payments'>,
  runsFrom: LimitationStart,
): IsoDate {
  if (runsFrom === 'due-date') return item.dueDate;
  const service = toDay(item.itemDate) < toDay(item.dueDate) ? item.itemDate : item.dueDate;
  if (runsFrom === 'service-date') return service;
  let lastPayment: IsoDate | undefined;
  if (runsFrom === 'later-of-service-and-last-payment') {
    for (const p of account.payments) {
      if (p.returned) continue;
      if (p.allocations.some((a) => a.itemId === item.itemId && a.amountMinor > 0))
        lastPayment = later(p.date, lastPayment);
    }
    return later(service, lastPayment);
  }
  let lastCharge: IsoDate = service;
  for (const i of account.items) if (i.kind === 'invoice') lastCharge = later(lastCharge, i.itemDate);
  for (const p of account.payments)
    if (!p.returned && p.amountMinor > 0) lastPayment = later(p.date, lastPayment);
  const last = later(lastCharge, lastPayment);
  return runsFrom === 'thirty-days-after-last-charge-or-payment' ? addDays(last, 30) : last;
}

/**
 * The day an item becomes time-barred under a limitation: its start event plus the period, then
 * restarted by the written acknowledgments and payments its state's rule counts (none when the
 * rule was not read), each made before the period ran out.
 */
export function itemLimitationEnd(
  item: Pick<OpenItem, 'itemId' | 'itemDate' | 'dueDate'>,
  account: Pick<AccountBook, 'items' | 'payments'>,
  limitation: Pick<Limitation, 'state' | 'debtType' | 'years' | 'runsFrom'>,
  acknowledgments: readonly WrittenAcknowledgment[] = [],
): IsoDate {
  return itemEnd(item, account, limitation, acknowledgments).end;
}

function itemEnd(
  item: Pick<OpenItem, 'itemId' | 'itemDate' | 'dueDate'>,
  account: Pick<AccountBook, 'items' | 'payments'>,
  limitation: Pick<Limitation, 'state' | 'debtType' | 'years' | 'runsFrom'>,
  acknowledgments: readonly WrittenAcknowledgment[],
): { from: IsoDate; end: IsoDate; restart?: Restart } {
  const from = limitationStart(item, account, limitation.runsFrom);
  const end = addMonths(from, limitation.years * 12);
  const rule = restartRuleFor(limitation.state, limitation.debtType);
  return { from, ...restartedEnd(item, account, end, limitation.years, rule, acknowledgments) };
}

/**
 * Whether any open, overdue item of the accounts could be time-barred on `asOfDay` under the
 * shortest period: its invoice date or due date (whichever is earlier, the earliest any start event
 * can be) lies at least that many years back. A cheap test that lets the planner skip the rest.
 */
export function mayBeTimeBarred(
  accounts: readonly AccountBook[],
  asOfDay: number,
  shortestYears: number,
): boolean {
  const horizon = asOfDay - (shortestYears * 365 - 2);
  // Read in place (the columnar book makes an `OpenItem` per item only when `items` is read).
  for (const a of accounts) {
    const items = itemCursorOf(a);
    for (let i = 0; i < items.count; i++) {
      if (items.openMinor(i) <= 0) continue;
      const due = items.dueDay(i);
      if (due >= asOfDay) continue;
      if (Math.min(due, items.itemDay(i)) <= horizon) return true;
    }
  }
  return false;
}

/**
 * Whether a customer's open items are time-barred on `asOf`. Undefined when the state or its period
 * is not known (nothing is presumed barred).
 */
export function timeBarOf(
  customer: Pick<Customer, 'address' | 'debtType'>,
  accounts: readonly AccountBook[],
  asOf: IsoDate,
  options: LimitationOptions & {
    place?: AddressPlace;
    /** The customer's signed written acknowledgments (see `writtenAcknowledgments`). */
    acknowledgments?: readonly WrittenAcknowledgment[];
  } = {},
): TimeBar | undefined {
  const state = limitationState(customer, options.officeState, options.place);
  if (!state) return undefined;
  const limitation = limitationFor(state, customer.debtType ?? 'written-contract', options.overrides);
  if (!limitation) return undefined;
  const asOfDay = toDay(asOf);
  const barred: TimeBar['barred'] = [];
  const restarted: TimeBar['restarted'] = [];
  const acks = options.acknowledgments ?? [];
  let overdue = 0;
  let earliest: IsoDate | undefined;
  for (const a of accounts) {
    for (const i of a.items) {
      if (i.openMinor <= 0 || toDay(i.dueDate) >= asOfDay) continue;
      overdue++;
      const { from, end, restart } = itemEnd(i, a, limitation, acks);
      if (restart && toDay(restart.on) <= asOfDay) restarted.push({ itemId: i.itemId, endsOn: end, restart });
      if (earliest === undefined || toDay(end) < toDay(earliest)) earliest = end;
      if (toDay(end) <= asOfDay)
        barred.push(
          limitation.runsFrom === 'due-date'
            ? { itemId: i.itemId, barredOn: end }
            : { itemId: i.itemId, barredOn: end, from },
        );
    }
  }
  const runs =
    limitation.runsFrom === 'due-date' ? '' : ` from ${limitationStarts()[limitation.runsFrom].law}`;
  const first = barred[0];
  const restarts = restarted.length > 0 ? `; ${restartText(restarted)}` : '';
  return {
    limitation,
    barred,
    restarted,
    allBarred: overdue > 0 && barred.length === overdue,
    earliestBarredOn: earliest,
    reason: first
      ? `${barred.map((b) => b.itemId).join(', ')} ${barred.length === 1 ? 'is' : 'are'} time-barred (${limitation.years} years in ${state} for ${limitation.debtType}${runs}: ${limitation.source}; barred since ${first.barredOn}${first.from ? `, ${limitation.years} years after ${first.from}` : ''})${restarts}`
      : `nothing is time-barred (${limitation.years} years in ${state} for ${limitation.debtType}${runs})${restarts}`,
  };
}

const RESTART_WORDS = {
  'written-acknowledgment': 'the written acknowledgment',
  'partial-payment': 'the payment',
} as const;

/** "I1, I2 restarted by the written acknowledgment of 2025-06-01 (activity A7; Cal. Code Civ. Proc. § 360 ...), now ending 2029-06-01", one clause per event. */
function restartText(restarted: TimeBar['restarted']): string {
  const byEvent = new Map<string, TimeBar['restarted']>();
  for (const x of restarted) {
    const key = `${x.restart.kind} ${x.restart.ref}`;
    const group = byEvent.get(key);
    if (group) group.push(x);
    else byEvent.set(key, [x]);
  }
  return [...byEvent.values()]
    .map((group) => {
      const { restart: r, endsOn } = group[0]!;
      const ref = r.kind === 'written-acknowledgment' ? `activity ${r.ref}` : `payment ${r.ref}`;
      return `${group.map((x) => x.itemId).join(', ')} restarted by ${RESTART_WORDS[r.kind]} of ${r.on} (${ref}; ${r.source}), now ending ${endsOn}`;
    })
    .join('; ');
}
