// The daily collection run for one tenant: recompute the accounts syncs marked, read open accounts,
// plan with core, record each action once in the outbox, and queue the emails (or hold them for review).
import { type AccountSnapshot, ledgerFromSnapshots } from '../../core/account-snapshot.js';
import { CHANNEL_ACTIVITY, checkStatement } from '../../core/contact-rules.js';
import {
  DEFAULT_POLICY,
  type DunningPolicy,
  type PlannedAction,
  planCollections,
} from '../../core/dunning-policy.js';
import { handoverCandidates } from '../../core/handover.js';
import type { ContactPreset } from '../../core/ledger.js';
import type { LetterStorage } from '../shared/letter-storage.js';
import type { LedgerStore, OutboxEntry, TenantSettings } from '../store/ledger-store.js';
import { markSuppressed } from './collection-status.js';
import { recordHandover } from './handover.js';
import { LedgerService, officeToday } from './ledger-service.js';
import { policyFor } from './tenant-policy.js';

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
  /** Where hand-over packets are kept. */
  letters: LetterStorage;
  policy?: DunningPolicy;
}

export interface DailyRunSummary {
  tenantId: string;
  asOf: string;
  /** Snapshots recomputed first, for the customers syncs marked since the last run. */
  accountsRecomputed: number;
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
  /** Monthly statements recorded today (on the tenant's statement day only). */
  statements: number;
  /** Hand-overs put in the review queue today (also counted in `awaitingReview`), each with its packet stored. */
  handovers: number;
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
 * On the tenant's statement day: one statement email per customer who owes something and may be
 * emailed (the same flags that block a reminder block a statement), once per month.
 */
async function planStatements(
  tenantId: string,
  settings: TenantSettings,
  snapshots: readonly AccountSnapshot[],
  asOf: string,
  now: Date,
  deps: DailyRunDeps,
  plannedToday: readonly PlannedAction[] = [],
): Promise<number> {
  let recorded = 0;
  for (const s of snapshots) {
    if (!s.customer.email || !s.accounts.some((a) => a.balanceMinor > 0)) continue;
    // Core decides: flags, consent, caps (the day's planned contacts counted), window in every zone.
    const decision = checkStatement({
      customer: s.customer,
      asOf,
      now: now.getTime(),
      officeZone: settings.timeZone,
      defaultPreset: settings.contactPreset as ContactPreset | undefined,
      activity: s.activity,
      planned: plannedToday
        .filter((a) => a.customerId === s.customerId)
        .map((a) => CHANNEL_ACTIVITY[a.channel]),
    });
    if (!decision.send || decision.notBefore === undefined) continue;
    const window = { notBefore: decision.notBefore };
    const entry: OutboxEntry = {
      tenantId,
      customerId: s.customerId,
      stage: 'statement',
      channel: 'email',
      cycle: asOf.slice(0, 7),
      status: settings.reviewMode ? 'awaiting-review' : 'planned',
      plannedOn: asOf,
      notBefore: new Date(window.notBefore).toISOString(),
      action: {
        kind: 'statement',
        explanation: {
          rule: 'statement/monthly',
          summary: `monthly statement on day ${settings.statementDay}`,
        },
      },
      attempts: 0,
    };
    if (await deps.store.putOutboxOnce(entry)) recorded++;
  }
  return recorded;
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
  // Syncs only mark the customers they touched; their snapshots are brought up to date here, once.
  const flushed = await new LedgerService(store).flushPending(tenantId, asOf, now);
  const snapshots = (await store.openAccounts(tenantId)) as unknown as AccountSnapshot[];
  // Suppressed addresses (bounces, complaints, one-click unsubscribes) block email like a flag does.
  const emails = snapshots.map((s) => s.customer.email).filter((e): e is string => !!e);
  markSuppressed(snapshots, await store.suppressedEmails(tenantId, emails));
  const { ledger, book } = ledgerFromSnapshots(snapshots, asOf);
  // The office's stored settings: contact preset and ladder here (the one place the tenant's
  // policy is built, shared with GET /v1/status), time zone and review mode below.
  const policy = policyFor(settings, deps.policy ?? DEFAULT_POLICY);
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
    accountsRecomputed: flushed.recomputed,
    openAccounts: snapshots.length,
    planned: plan.actions.length,
    recorded: 0,
    alreadyRecorded: 0,
    queued: 0,
    awaitingReview: 0,
    tasks: 0,
    blocked: plan.blocked.length,
    statements: 0,
    handovers: 0,
  };
  // Accounts at their hand-over stage get a packet and a review entry instead of the stage's letter.
  const handingOver = handoverCandidates({ ledger, book, plan, policy }).filter((c) => c.status === 'due');
  const handoverIds = new Set(handingOver.map((c) => c.customerId));
  for (const candidate of handingOver) {
    const planned = plan.actions.find((a) => a.customerId === candidate.customerId && a.kind === 'handover');
    const held = plan.blocked.find(
      (b) => b.customerId === candidate.customerId && b.stage === candidate.stage,
    );
    const cycle = planned?.cycle ?? String(held?.explanation.inputs.cycle ?? asOf);
    const outcome = await recordHandover(candidate, cycle, {
      tenantId,
      settings,
      asOf,
      now,
      notBefore: planned?.notBefore ?? now.toISOString(),
      promiseGraceDays: policy.promiseGraceDays,
      store,
      letters: deps.letters,
    });
    if (outcome === 'already-recorded') summary.alreadyRecorded++;
    else {
      summary.recorded++;
      if (outcome === 'task') summary.tasks++;
      else {
        summary.handovers++;
        summary.awaitingReview++;
      }
    }
  }
  for (const action of plan.actions) {
    if (action.kind === 'handover' && handoverIds.has(action.customerId)) continue;
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
  if (Number(asOf.slice(8, 10)) === settings.statementDay) {
    summary.statements = await planStatements(tenantId, settings, snapshots, asOf, now, deps, plan.actions);
  }
  summary.queued += await dispatchDue(tenantId, now, deps);
  return summary;
}
