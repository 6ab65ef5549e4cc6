// What a customer's accounts say is owed on the plan's day: the item that drives the next stage,
// the amounts and invoices a message is about, net of credit, with disputed items set aside.
import { type AccountBook, itemCursorOf } from '../ledger/book.js';
import type { DunningPolicy } from './dunning-policy.js';

/** Per-currency figures behind a customer's next stage. */
interface CurrencyPosition {
  currency: string;
  balanceMinor: number;
  overdueMinor: number;
  overdueIds: string[];
  oldestOverdueDay: number;
  comingDueMinor: number;
  comingDueIds: string[];
  oldestComingDueDay: number;
  disputedOverdueDay: number;
  /** Whether the position is made over this currency. */
  chosen: boolean;
}

/** What a customer's accounts say is owed now, net of credit, with disputed items set aside. */
export interface Position {
  /** Days past due of the driving item (negative: not yet due). */
  daysPastDue: number;
  cycleDay: number;
  driverItemId: string;
  amounts: { currency: string; overdueMinor: number; balanceMinor: number }[];
  invoiceIds: string[];
  disputedExcluded: number;
  creditAppliedMinor: number;
  /** Only disputed items are overdue; the stage is computed for them but blocked. */
  disputedOnly: boolean;
}

/**
 * Works out which items a message is about. Unapplied credit is set against the oldest items
 * first (as it would be if applied), so credit covering the overdue amount leaves nothing due.
 */
export function positionOf(
  accounts: readonly AccountBook[],
  asOfDay: number,
  leadDays: number,
  policy: DunningPolicy,
): Position | undefined {
  let disputedExcluded = 0;
  let creditAppliedMinor = 0;
  // The item named for each due day (a disputed item's replaces, others only fill a gap): a few
  // pairs per customer, searched in place, where a Map per customer cost more than the search.
  const ids = DAY_IDS;
  ids.clear();
  // One scratch record per account, reused from call to call: only the ids and amounts chosen leave.
  const n = accounts.length;
  const positions = SCRATCH;
  while (positions.length < n) positions.push(newScratch());
  for (let ai = 0; ai < n; ai++) {
    const a = accounts[ai]!;
    let credit = Math.max(0, a.unappliedCreditMinor);
    const p = positions[ai]!;
    p.currency = a.currency;
    p.balanceMinor = a.balanceMinor;
    p.overdueMinor = 0;
    p.overdueIds = NONE;
    p.oldestOverdueDay = Number.POSITIVE_INFINITY;
    p.comingDueMinor = 0;
    p.comingDueIds = NONE;
    p.oldestComingDueDay = Number.POSITIVE_INFINITY;
    p.disputedOverdueDay = Number.POSITIVE_INFINITY;
    // In place when the book can (no item object made), else over its items.
    const items = itemCursorOf(a);
    for (let i = 0; i < items.count; i++) {
      const openMinor = items.openMinor(i);
      if (openMinor <= 0) continue;
      const dueDay = items.dueDay(i);
      // Items are in due-date order: nothing after this is due soon enough to mention.
      if (dueDay > asOfDay + leadDays) break;
      if (items.disputed(i)) {
        if (dueDay < asOfDay) {
          disputedExcluded++;
          if (dueDay < p.disputedOverdueDay) {
            p.disputedOverdueDay = dueDay;
            ids.set(dueDay, items.itemId(i));
          }
        }
        continue;
      }
      const covered = Math.min(credit, openMinor);
      credit -= covered;
      creditAppliedMinor += covered;
      const open = openMinor - covered;
      if (open <= 0) continue;
      if (dueDay < asOfDay) {
        p.overdueMinor += open;
        const itemId = items.itemId(i);
        if (p.overdueIds === NONE) p.overdueIds = [itemId];
        else p.overdueIds.push(itemId);
        if (dueDay < p.oldestOverdueDay) {
          p.oldestOverdueDay = dueDay;
          ids.fill(dueDay, itemId);
        }
      } else {
        p.comingDueMinor += open;
        const itemId = items.itemId(i);
        if (p.comingDueIds === NONE) p.comingDueIds = [itemId];
        else p.comingDueIds.push(itemId);
        if (dueDay < p.oldestComingDueDay) {
          p.oldestComingDueDay = dueDay;
          ids.fill(dueDay, itemId);
        }
      }
    }
  }
  const minimums = policy.minimumOverdueMinor;
  let chosen = 0;
  for (let ai = 0; ai < n; ai++) {
    const p = positions[ai]!;
    p.chosen = p.overdueMinor > 0 && p.overdueMinor >= Math.max(1, minimums[p.currency] ?? 1);
    if (p.chosen) chosen++;
  }
  if (chosen > 0)
    return positionFrom(n, chosen, 'overdue', asOfDay, ids, disputedExcluded, creditAppliedMinor);
  for (let ai = 0; ai < n; ai++) {
    const p = positions[ai]!;
    p.chosen = p.comingDueMinor > 0 && p.comingDueMinor >= Math.max(1, minimums[p.currency] ?? 1);
    if (p.chosen) chosen++;
  }
  if (leadDays > 0 && chosen > 0)
    return positionFrom(n, chosen, 'coming', asOfDay, ids, disputedExcluded, creditAppliedMinor);
  // Nothing undisputed is worth a message; if disputed items are overdue, say why nothing goes out.
  chosen = 0;
  for (let ai = 0; ai < n; ai++) {
    const p = positions[ai]!;
    p.chosen = p.disputedOverdueDay !== Number.POSITIVE_INFINITY && p.overdueMinor === 0;
    if (p.chosen) chosen++;
  }
  if (chosen > 0)
    return positionFrom(n, chosen, 'disputed', asOfDay, ids, disputedExcluded, creditAppliedMinor);
  return undefined;
}

/**
 * The position over the chosen currencies (`SCRATCH[0..n)` marked `chosen`, `count` of them): the
 * overdue items, the coming ones, or only disputed ones.
 */
function positionFrom(
  n: number,
  count: number,
  which: 'overdue' | 'coming' | 'disputed',
  asOfDay: number,
  ids: DayIds,
  disputedExcluded: number,
  creditAppliedMinor: number,
): Position {
  let cycleDay = Number.POSITIVE_INFINITY;
  const amounts: Position['amounts'] = [];
  let invoiceIds: string[] | undefined;
  for (let ai = 0; ai < n; ai++) {
    const p = SCRATCH[ai]!;
    if (!p.chosen) continue;
    const day =
      which === 'overdue'
        ? p.oldestOverdueDay
        : which === 'coming'
          ? p.oldestComingDueDay
          : p.disputedOverdueDay;
    cycleDay = Math.min(cycleDay, day);
    amounts.push({
      currency: p.currency,
      overdueMinor: which === 'overdue' ? p.overdueMinor : 0,
      balanceMinor: p.balanceMinor,
    });
    const own = which === 'overdue' ? p.overdueIds : which === 'coming' ? p.comingDueIds : NONE;
    // One currency: its own ids array; several: their ids one after the other in a new one.
    if (count === 1) invoiceIds = own === NONE ? [] : own;
    else {
      invoiceIds ??= [];
      for (let i = 0; i < own.length; i++) invoiceIds.push(own[i]!);
    }
  }
  return {
    daysPastDue: asOfDay - cycleDay,
    cycleDay,
    driverItemId: ids.get(cycleDay),
    amounts,
    invoiceIds: invoiceIds!,
    disputedExcluded,
    creditAppliedMinor,
    disputedOnly: which === 'disputed',
  };
}

/** Ids of a currency with none yet: shared, replaced by an array of its own at the first. */
const NONE: string[] = [];

/** The scratch records `positionOf` fills, one per account, reused (it runs to its end without calling out). */
const SCRATCH: CurrencyPosition[] = [];

function newScratch(): CurrencyPosition {
  return {
    currency: '',
    balanceMinor: 0,
    overdueMinor: 0,
    overdueIds: NONE,
    oldestOverdueDay: Number.POSITIVE_INFINITY,
    comingDueMinor: 0,
    comingDueIds: NONE,
    oldestComingDueDay: Number.POSITIVE_INFINITY,
    disputedOverdueDay: Number.POSITIVE_INFINITY,
    chosen: false,
  };
}

/** Item ids by due day, as a few (day, id) pairs in insertion order. */
class DayIds {
  readonly #days: number[] = [];
  readonly #ids: string[] = [];
  #n = 0;
  clear(): void {
    this.#n = 0;
  }
  #at(day: number): number {
    for (let i = 0; i < this.#n; i++) if (this.#days[i] === day) return i;
    return -1;
  }
  #append(day: number, id: string): void {
    this.#days[this.#n] = day;
    this.#ids[this.#n++] = id;
  }
  /** Names `id` for `day`, replacing any. */
  set(day: number, id: string): void {
    const at = this.#at(day);
    if (at >= 0) this.#ids[at] = id;
    else this.#append(day, id);
  }
  /** Names `id` for `day` unless one is named already. */
  fill(day: number, id: string): void {
    if (this.#at(day) < 0) this.#append(day, id);
  }
  get(day: number): string {
    const at = this.#at(day);
    return at >= 0 ? this.#ids[at]! : '';
  }
}

/** The pairs every `positionOf` call uses, cleared first: it runs to its end without calling out. */
const DAY_IDS = new DayIds();
