// The daily collection run for one tenant: read open accounts, plan with core, record each action
// once in the outbox, and queue the emails (or hold them for review).
import { type AccountSnapshot, ledgerFromSnapshots } from '../../core/account-snapshot.js';
import { DEFAULT_POLICY, type DunningPolicy, planCollections } from '../../core/dunning-policy.js';
import type { LedgerStore, OutboxEntry, TenantSettings } from '../store/ledger-store.js';
import { officeToday } from './ledger-service.js';

/** What goes on the send queue: the outbox key only; the sender reads the rest from the table. */
export interface SendMessage {
  tenantId: string;
  customerId: string;
  stage: string;
  channel: string;
  cycle: string;
}

export interface DailyRunDeps {
  store: LedgerStore;
  enqueue: (message: SendMessage) => Promise<void>;
  policy?: DunningPolicy;
}

export interface DailyRunSummary {
  tenantId: string;
  asOf: string;
  openAccounts: number;
  planned: number;
  /** Actions recorded for the first time by this run. */
  recorded: number;
  /** Actions an earlier run (or a retry of this one) had already recorded. */
  alreadyRecorded: number;
  queued: number;
  awaitingReview: number;
  tasks: number;
  blocked: number;
}

/**
 * Queues every planned email whose contact window has opened. Runs after the daily plan and then
 * hourly, so a debtor in another zone hears from us in their morning, not ours.
 */
export async function dispatchDue(
  tenantId: string,
  now: Date,
  deps: Pick<DailyRunDeps, 'store' | 'enqueue'>,
): Promise<number> {
  let queued = 0;
  for (const e of await deps.store.dueForDispatch(tenantId, now)) {
    const key = { tenantId, customerId: e.customerId, stage: e.stage, channel: e.channel, cycle: e.cycle };
    // Enqueue first, then mark: a crash in between re-queues it next time, and the sender's
    // claim lets only one copy through.
    await deps.enqueue(key);
    if (await deps.store.transitionOutbox(key, ['planned'], 'queued')) queued++;
  }
  return queued;
}

/**
 * Runs one day for one tenant. Safe to run again, to retry, or to receive twice: the outbox's
 * conditional put lets each (customer, stage, channel, cycle) through once, and an entry left in
 * `planned` by a crash before it was queued is queued by the next run.
 */
export async function runDay(
  tenantId: string,
  settings: TenantSettings,
  now: Date,
  deps: DailyRunDeps,
): Promise<DailyRunSummary> {
  const { store } = deps;
  const asOf = officeToday(now, settings.timeZone);
  const snapshots = (await store.openAccounts(tenantId)) as unknown as AccountSnapshot[];
  // Suppressed addresses (bounces, complaints, one-click unsubscribes) block email like a flag does.
  const emails = snapshots.map((s) => s.customer.email).filter((e): e is string => !!e);
  const suppressed = await store.suppressedEmails(tenantId, emails);
  for (const s of snapshots) {
    if (
      s.customer.email &&
      suppressed.has(s.customer.email.toLowerCase()) &&
      !s.customer.flags.includes('email-suppressed')
    ) {
      s.customer = { ...s.customer, flags: [...s.customer.flags, 'email-suppressed'] };
    }
  }
  const { ledger, book } = ledgerFromSnapshots(snapshots, asOf);
  const policy = deps.policy ?? DEFAULT_POLICY;
  const plan = planCollections({
    ledger,
    book,
    policy,
    asOf,
    now: now.getTime(),
    defaultTimeZone: settings.timeZone,
  });
  const summary: DailyRunSummary = {
    tenantId,
    asOf,
    openAccounts: snapshots.length,
    planned: plan.actions.length,
    recorded: 0,
    alreadyRecorded: 0,
    queued: 0,
    awaitingReview: 0,
    tasks: 0,
    blocked: plan.blocked.length,
  };
  for (const action of plan.actions) {
    const key = {
      tenantId,
      customerId: action.customerId,
      stage: action.stage,
      channel: action.channel,
      cycle: action.cycle,
    };
    const status: OutboxEntry['status'] =
      action.channel !== 'email' ? 'task' : settings.reviewMode ? 'awaiting-review' : 'planned';
    const entry: OutboxEntry = {
      ...key,
      status,
      plannedOn: asOf,
      notBefore: action.notBefore,
      action: action as unknown as Record<string, unknown>,
      attempts: 0,
    };
    const fresh = await store.putOutboxOnce(entry);
    if (fresh) summary.recorded++;
    else summary.alreadyRecorded++;
    if (status === 'task') {
      if (fresh) summary.tasks++;
      continue;
    }
    if (status === 'awaiting-review') {
      if (fresh) summary.awaitingReview++;
    }
  }
  summary.queued += await dispatchDue(tenantId, now, deps);
  // Review mode: lines a clerk approved since the last run go out now.
  if (settings.reviewMode) {
    for (const e of await store.approvedEntries(
      tenantId,
      snapshots.map((s) => s.customerId),
    )) {
      const key = { tenantId, customerId: e.customerId, stage: e.stage, channel: e.channel, cycle: e.cycle };
      await deps.enqueue(key);
      await store.transitionOutbox(key, ['approved'], 'queued');
      summary.queued++;
    }
  }
  return summary;
}
