// The status columns the add-on writes back per customer: the same plan the daily run makes (the
// tenant's policy from services/tenant-policy.ts), computed once over every requested account.

import {
  type AccountSnapshot,
  accountStatus,
  ledgerFromSnapshots,
} from '../../core/collections/account-snapshot.js';
import {
  type BlockedAction,
  type CollectionPlan,
  type PlannedAction,
  planCollections,
} from '../../core/collections/collection-plan.js';
import { CHANNELS, flagBlocks } from '../../core/collections/contact-rules.js';
import type { DunningLadder, DunningPolicy } from '../../core/collections/dunning-policy.js';
import { fromDay, toDay, zonedInstant } from '../../core/ledger/dates.js';
import { formatMoney } from '../../core/ledger/money.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { policyFor } from './tenant-policy.js';

/** The tenant's policy (contact preset and ladder): built in one place, services/tenant-policy.ts. */
export { policyFor };

/** Adds `email-suppressed` to customers whose address is on the suppression list (as the daily run does). */
export function markSuppressed(snapshots: AccountSnapshot[], suppressed: ReadonlySet<string>): void {
  for (const s of snapshots) {
    if (
      s.customer.email &&
      suppressed.has(s.customer.email.toLowerCase()) &&
      !s.customer.flags.includes('email-suppressed')
    ) {
      s.customer = { ...s.customer, flags: [...s.customer.flags, 'email-suppressed'] };
    }
  }
}

/**
 * The fee and interest rows left out of a customer's amounts, with why, in one line for the status
 * column and the daily run's explanation (`LF-2: the late fee ... (fee/above-state-cap)`).
 */
export function refusedChargesText(s: Pick<AccountSnapshot, 'refusedCharges'>): string {
  return (s.refusedCharges ?? []).map((r) => `${r.reason} (${r.rule})`).join('; ');
}

/** One customer's row of computed columns, and its open items for the Invoices tab. */
export interface CustomerStatus {
  customerId: string;
  balance: string;
  bucket: string;
  lastContact: string;
  flags: string;
  /** The last dunning stage carried out this cycle, or ''. */
  stage: string;
  /** `2026-11-24 email reminder-15`, `blocked` or `none`. */
  nextAction: string;
  /** The plan's explanation of the next action, or the blocking rule and reason. */
  why: string;
  invoices: { invoiceId: string; openBalance: string; daysPastDue: number }[];
}

/**
 * The last stage done this cycle: the highest stage of the customer's ladder on an outbound
 * Activity row dated from the oldest open undisputed item's due date (less the ladder's lead days)
 * to `asOf`, the same window `planCollections` counts.
 */
function stageDone(
  s: AccountSnapshot,
  policy: DunningPolicy,
  asOfDay: number,
): { ladder: DunningLadder; index: number; oldestDue: number } | undefined {
  const ladder =
    policy.ladders[s.customer.ladder || policy.defaultLadder] ?? policy.ladders[policy.defaultLadder]!;
  const lead = Math.max(0, -(ladder.stages[0]?.daysPastDue ?? 0));
  let oldestDue = Number.POSITIVE_INFINITY;
  for (const a of s.accounts)
    for (const i of a.items)
      if (i.openMinor > 0 && !i.disputed) oldestDue = Math.min(oldestDue, toDay(i.dueDate));
  if (oldestDue === Number.POSITIVE_INFINITY) return undefined;
  let index = -1;
  for (const a of s.activity) {
    if (a.direction !== 'outbound' || !a.stage) continue;
    const day = toDay(a.date);
    if (day < oldestDue - lead || day > asOfDay) continue;
    index = Math.max(
      index,
      ladder.stages.findIndex((st) => st.id === a.stage),
    );
  }
  return { ladder, index, oldestDue };
}

/** A customer whose flags block every channel (placed, deceased, …): blocked, with the first flag's rule. */
function flagStop(s: AccountSnapshot): { nextAction: string; why: string } | undefined {
  const blocks = CHANNELS.map((c) => flagBlocks(s.customer.flags, c));
  if (!blocks.every((b) => b.length > 0)) return undefined;
  const b = blocks[0]![0]!;
  return { nextAction: 'blocked', why: `${b.rule}: no stage goes out while ${b.reason}.` };
}

function nextActionOf(
  actions: readonly PlannedAction[],
  blocked: readonly BlockedAction[],
  reviewMode: boolean,
): { nextAction: string; why: string } {
  if (actions.length > 0) {
    const day = actions[0]!.localTime.slice(0, 10);
    const what = actions.map((a) => `${a.channel} ${a.stage}`).join(', ');
    const review = reviewMode && actions.some((a) => a.channel === 'email') ? ' (after review)' : '';
    const held = blocked.map((b) => `${b.channel} held back by ${b.rule}`);
    return {
      nextAction: `${day} ${what}${review}`,
      why: [actions[0]!.explanation.summary, ...held].join(' '),
    };
  }
  if (blocked.length > 0) {
    const b = blocked[0]!;
    return { nextAction: 'blocked', why: `${b.rule}: ${b.explanation.summary}` };
  }
  return { nextAction: 'none', why: '' };
}

/**
 * Status of each snapshot as of `asOf`: one `planCollections` over all of them (the daily run's
 * plan, with the office's settings), then per customer its next action and why.
 */
export function collectionStatus(
  snapshots: readonly AccountSnapshot[],
  settings: TenantSettings,
  asOf: string,
  now: Date,
  policy: DunningPolicy = policyFor(settings),
): CustomerStatus[] {
  const { ledger, book } = ledgerFromSnapshots(snapshots, asOf);
  const plan: CollectionPlan = planCollections({
    ledger,
    book,
    policy,
    asOf,
    now: now.getTime(),
    defaultTimeZone: settings.timeZone,
  });
  const actionsBy = groupBy(plan.actions);
  const blockedBy = groupBy(plan.blocked);
  const internalBy = groupBy(plan.internalActions);
  const asOfDay = toDay(asOf);
  // Customers with nothing to do today: the planner itself, run day by day ahead, says when it next acts.
  const idle = snapshots.filter((s) => !actionsBy.has(s.customerId) && !blockedBy.has(s.customerId));
  const ahead = projectAhead(idle, settings, asOf, policy);
  return snapshots.map((s) => {
    const base = accountStatus(s, asOf);
    const actions = actionsBy.get(s.customerId) ?? [];
    const blocked = blockedBy.get(s.customerId) ?? [];
    const done = stageDone(s, policy, asOfDay);
    let next = nextActionOf(actions, blocked, settings.reviewMode);
    const internal = internalBy.get(s.customerId)?.[0];
    // A credit hold due today shows as the next action when no message is (it goes to the office).
    if (internal && (next.nextAction === 'none' || actions.length === 0))
      next = { nextAction: `internal ${internal.action}`, why: internal.explanation.summary };
    if (next.nextAction === 'none') {
      const later = ahead.get(s.customerId);
      if (later?.internal && later.actions.length === 0)
        next = {
          nextAction: `${later.day} internal ${later.internal.action}`,
          why: later.internal.explanation.summary,
        };
      else if (later) next = nextActionOf(later.actions, later.blocked, settings.reviewMode);
    }
    if (next.nextAction === 'none') next = flagStop(s) ?? next;
    const owes = s.accounts.some((a) => a.balanceMinor > 0);
    return {
      ...base,
      flags: s.customer.flags.join(', '),
      stage: done && done.index >= 0 ? done.ladder.stages[done.index]!.id : '',
      nextAction: next.nextAction,
      why:
        (next.why || (owes ? 'every stage of the dunning ladder is done this cycle' : 'nothing is owed')) +
        (s.refusedCharges ? ` Not charged: ${refusedChargesText(s)}.` : ''),
      invoices: s.accounts.flatMap((a) =>
        a.items
          .filter((i) => i.openMinor !== 0)
          .map((i) => ({
            invoiceId: i.itemId,
            openBalance: formatMoney(i.openMinor, i.currency),
            daysPastDue: asOfDay - toDay(i.dueDate),
          })),
      ),
    };
  });
}

/** The first day ahead on which the planner acts for a customer, and what it does then. */
interface Projected {
  day: string;
  actions: PlannedAction[];
  blocked: BlockedAction[];
  internal?: CollectionPlan['internalActions'][number];
}

/** How many days ahead the projection looks for the planner's next action. */
export const PROJECTION_DAYS = 62;

/**
 * For each snapshot, the first day after `asOf` on which the planner (the same policy, the same
 * guardrails: caps expiring, the spacing between stages, promises falling due, suppressed
 * addresses) would act or hold something back, assuming nothing else changes: its actions and
 * blocks that day. Each simulated day plans at 09:00 office time, as the daily run does.
 */
function projectAhead(
  snapshots: readonly AccountSnapshot[],
  settings: TenantSettings,
  asOf: string,
  policy: DunningPolicy,
): Map<string, Projected> {
  const found = new Map<string, Projected>();
  let remaining = snapshots.filter((s) => s.accounts.some((a) => a.openMinor > 0));
  const asOfDay = toDay(asOf);
  for (let d = 1; d <= PROJECTION_DAYS && remaining.length > 0; d++) {
    const day = fromDay(asOfDay + d);
    const { ledger, book } = ledgerFromSnapshots(remaining, day);
    const plan = planCollections({
      ledger,
      book,
      policy,
      asOf: day,
      now: zonedInstant(day, 9, settings.timeZone),
      defaultTimeZone: settings.timeZone,
    });
    if (plan.actions.length === 0 && plan.blocked.length === 0 && plan.internalActions.length === 0) continue;
    const actions = groupBy(plan.actions);
    const blocked = groupBy(plan.blocked);
    const internal = groupBy(plan.internalActions);
    remaining = remaining.filter((s) => {
      const a = actions.get(s.customerId);
      const b = blocked.get(s.customerId);
      const i = internal.get(s.customerId)?.[0];
      if (!a && !b && !i) return true;
      found.set(s.customerId, { day, actions: a ?? [], blocked: b ?? [], ...(i ? { internal: i } : {}) });
      return false;
    });
  }
  return found;
}

function groupBy<T extends { customerId: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const list = map.get(r.customerId);
    if (list) list.push(r);
    else map.set(r.customerId, [r]);
  }
  return map;
}
