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
  const ids = new Map<number, string>();
  for (const a of accounts) {
    let credit = Math.max(0, a.unappliedCreditMinor);
    const p: CurrencyPosition = {
      currency: a.currency,
      balanceMinor: a.balanceMinor,
      overdueMinor: 0,
      overdueIds: [],
      oldestOverdueDay: Number.POSITIVE_INFINITY,
      comingDueMinor: 0,
      comingDueIds: [],
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
          if (!ids.has(dueDay)) ids.set(dueDay, itemId);
        }
      } else {
        p.comingDueMinor += open;
        const itemId = items.itemId(i);
        p.comingDueIds.push(itemId);
        if (dueDay < p.oldestComingDueDay) {
          p.oldestComingDueDay = dueDay;
          if (!ids.has(dueDay)) ids.set(dueDay, itemId);
        }
      }
    }
    positions.push(p);
  }
  const min = (currency: string) => Math.max(1, policy.minimumOverdueMinor[currency] ?? 1);
  const build = (
    chosen: CurrencyPosition[],
    day: (p: CurrencyPosition) => number,
    idsOf: (p: CurrencyPosition) => string[],
    overdue: (p: CurrencyPosition) => number,
    disputedOnly: boolean,
  ): Position => {
    let cycleDay = Number.POSITIVE_INFINITY;
    for (const p of chosen) cycleDay = Math.min(cycleDay, day(p));
    return {
      daysPastDue: asOfDay - cycleDay,
      cycleDay,
      driverItemId: ids.get(cycleDay) ?? '',
      amounts: chosen.map((p) => ({
        currency: p.currency,
        overdueMinor: overdue(p),
        balanceMinor: p.balanceMinor,
      })),
      invoiceIds: chosen.length === 1 ? idsOf(chosen[0]!) : ([] as string[]).concat(...chosen.map(idsOf)),
      disputedExcluded,
      creditAppliedMinor,
      disputedOnly,
    };
  };
  const overdue = positions.filter((p) => p.overdueMinor > 0 && p.overdueMinor >= min(p.currency));
  if (overdue.length > 0) {
    return build(
      overdue,
      (p) => p.oldestOverdueDay,
      (p) => p.overdueIds,
      (p) => p.overdueMinor,
      false,
    );
  }
  const coming = positions.filter((p) => p.comingDueMinor > 0 && p.comingDueMinor >= min(p.currency));
  if (leadDays > 0 && coming.length > 0) {
    return build(
      coming,
      (p) => p.oldestComingDueDay,
      (p) => p.comingDueIds,
      () => 0,
      false,
    );
  }
  // Nothing undisputed is worth a message; if disputed items are overdue, say why nothing goes out.
  const disputed = positions.filter(
    (p) => p.disputedOverdueDay !== Number.POSITIVE_INFINITY && p.overdueMinor === 0,
  );
  if (disputed.length > 0) {
    return build(
      disputed,
      (p) => p.disputedOverdueDay,
      () => [],
      () => 0,
      true,
    );
  }
  return undefined;
}
