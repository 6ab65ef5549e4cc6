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
  const positions: CurrencyPosition[] = [];
  let disputedExcluded = 0;
  let creditAppliedMinor = 0;
  // The item named for each due day (a disputed item's replaces, others only fill a gap): a few
  // pairs per customer, searched in place, where a Map per customer cost more than the search.
  const ids = DAY_IDS;
  ids.clear();
  for (const a of accounts) {
    let credit = Math.max(0, a.unappliedCreditMinor);
    const p: CurrencyPosition = {
      currency: a.currency,
      balanceMinor: a.balanceMinor,
      overdueMinor: 0,
      overdueIds: [],
      oldestOverdueDay: Number.POSITIVE_INFINITY,
      comingDueMinor: 0,
      comingDueIds: NONE_COMING,
      oldestComingDueDay: Number.POSITIVE_INFINITY,
      disputedOverdueDay: Number.POSITIVE_INFINITY,
    };
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
        p.overdueIds.push(itemId);
        if (dueDay < p.oldestOverdueDay) {
          p.oldestOverdueDay = dueDay;
          ids.fill(dueDay, itemId);
        }
      } else {
        p.comingDueMinor += open;
        const itemId = items.itemId(i);
        if (p.comingDueIds === NONE_COMING) p.comingDueIds = [itemId];
        else p.comingDueIds.push(itemId);
        if (dueDay < p.oldestComingDueDay) {
          p.oldestComingDueDay = dueDay;
          ids.fill(dueDay, itemId);
        }
      }
    }
    positions.push(p);
  }
  const minimums = policy.minimumOverdueMinor;
  const overdue = positions.filter(
    (p) => p.overdueMinor > 0 && p.overdueMinor >= Math.max(1, minimums[p.currency] ?? 1),
  );
  if (overdue.length > 0)
    return positionFrom(overdue, 'overdue', asOfDay, ids, disputedExcluded, creditAppliedMinor);
  const coming = positions.filter(
    (p) => p.comingDueMinor > 0 && p.comingDueMinor >= Math.max(1, minimums[p.currency] ?? 1),
  );
  if (leadDays > 0 && coming.length > 0)
    return positionFrom(coming, 'coming', asOfDay, ids, disputedExcluded, creditAppliedMinor);
  // Nothing undisputed is worth a message; if disputed items are overdue, say why nothing goes out.
  const disputed = positions.filter(
    (p) => p.disputedOverdueDay !== Number.POSITIVE_INFINITY && p.overdueMinor === 0,
  );
  if (disputed.length > 0)
    return positionFrom(disputed, 'disputed', asOfDay, ids, disputedExcluded, creditAppliedMinor);
  return undefined;
}

/** The position over the chosen currencies: the overdue items, the coming ones, or only disputed ones. */
function positionFrom(
  chosen: readonly CurrencyPosition[],
  which: 'overdue' | 'coming' | 'disputed',
  asOfDay: number,
  ids: DayIds,
  disputedExcluded: number,
  creditAppliedMinor: number,
): Position {
  let cycleDay = Number.POSITIVE_INFINITY;
  const amounts: Position['amounts'] = [];
  for (const p of chosen) {
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
  }
  const idsOf = (p: CurrencyPosition): string[] =>
    which === 'overdue' ? p.overdueIds : which === 'coming' ? p.comingDueIds : [];
  return {
    daysPastDue: asOfDay - cycleDay,
    cycleDay,
    driverItemId: ids.get(cycleDay),
    amounts,
    invoiceIds: chosen.length === 1 ? idsOf(chosen[0]!) : ([] as string[]).concat(...chosen.map(idsOf)),
    disputedExcluded,
    creditAppliedMinor,
    disputedOnly: which === 'disputed',
  };
}

/** The coming-due ids of a currency with none: shared, replaced by an array of its own at the first. */
const NONE_COMING: string[] = [];

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
