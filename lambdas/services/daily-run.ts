// The daily collection run for one tenant: recompute the accounts syncs marked, read open accounts,
// plan with core, record each action once in the outbox, and queue the emails (or hold them for review).

import { type AccountSnapshot, ledgerFromSnapshots } from '../../core/collections/account-snapshot.js';
import {
  type CollectionPlan,
  type PlannedAction,
  planCollections,
} from '../../core/collections/collection-plan.js';
import { CHANNEL_ACTIVITY, checkStatement } from '../../core/collections/contact-rules.js';
import { DEFAULT_POLICY, type DunningPolicy } from '../../core/collections/dunning-policy.js';
import { statementArrangement } from '../../core/collections/statement-policy.js';
import type { Book } from '../../core/ledger/book.js';
import type { ContactPreset, Ledger } from '../../core/ledger/ledger.js';
import { type HandoverCandidate, handoverCandidates } from '../../core/lifecycle/handover.js';
import type { LetterStorage } from '../shared/letter-storage.js';
import { log } from '../shared/log.js';
import type { Mailer } from '../shared/mailer.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { dispatchIndex, type OutboxEntry, outboxRefId, reviewIndex } from '../store/outbox-types.js';
import type { TransactOutcome } from '../store/store-base.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { markSuppressed, refusedChargesText } from './collection-status.js';
import { type CreditHoldContext, runCreditHolds } from './credit-holds.js';
import { dispatchDue } from './dispatch.js';
import { recordHandover } from './handover.js';
import { LedgerService, officeToday } from './ledger-service.js';
import type { SendMessage } from './send-message.js';
import { fromLine } from './sender.js';
import { policyFor } from './tenant-policy.js';
import { isValidationLetter, recordValidationNotice } from './validation-notice.js';

export interface DailyRunDeps {
  store: LedgerStore;
  enqueue: (message: SendMessage) => Promise<void>;
  /** Where hand-over packets and validation-notice letters are kept. */
  letters: LetterStorage;
  policy?: DunningPolicy;
  /**
   * Internal notices to the office's credit contact (services/credit-holds.ts) go through this
   * mailer, from this address; without one they wait in the review queue.
   */
  mailer?: Mailer;
  senderAddress?: string;
  /** The API's address, for the one-click headers SES v2 puts on every message. */
  publicBaseUrl?: string;
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
  /** Customers whose planning or recording failed: each is in the review queue with its error. */
  failed: number;
  /** Entries cancelled at send time on an earlier day that today's plan wanted again, and revived. */
  revived: number;
  /** Sends SES never confirmed, moved to the review queue by the dispatch sweep. */
  unconfirmed: number;
  /** Credit holds (and stop-service, return-of-goods) recorded today, and holds released. */
  creditHolds: number;
  holdsReleased: number;
  /** Internal notices emailed to the credit contact today; those still waiting for a contact. */
  internalNotified: number;
  internalWaiting: number;
}

// The hourly dispatch lives in dispatch.ts (the office worker loads this file only for a plan);
// re-exported here for the callers that run both.
export { type DispatchResult, dispatchDue, REQUEUE_AFTER_MS, UNCONFIRMED_AFTER_MS } from './dispatch.js';

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
  policy: DunningPolicy,
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
    // During a pending promise or a plan in good standing the statement still goes, worded so it
    // does not contradict the arrangement (core/collections/statement-policy.ts); the sender words it again
    // from the account as it stands when it leaves.
    const arrangement = statementArrangement(s, asOf, policy.promiseGraceDays);
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
          rule: arrangement?.rule ?? 'statement/monthly',
          summary: `monthly statement on day ${settings.statementDay}${arrangement ? `; ${arrangement.reason}` : ''}`,
          ...(arrangement
            ? { inputs: { arrangement: arrangement.rule }, sentence: arrangement.sentence }
            : {}),
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
  // A customer whose rows cannot make an account (a snapshot too large, amounts past exact
  // arithmetic) is not planned from a stale snapshot: it goes to the review queue with the error.
  const unfit = new Set(flushed.failed);
  const snapshots = ((await store.openAccounts(tenantId)) as unknown as AccountSnapshot[]).filter(
    (s) => !unfit.has(s.customerId),
  );
  // Suppressed addresses (bounces, complaints, one-click unsubscribes) block email like a flag does.
  const emails = snapshots.map((s) => s.customer.email).filter((e): e is string => !!e);
  markSuppressed(snapshots, await store.suppressedEmails(tenantId, emails));
  // The office's stored settings: contact preset and ladder here (the one place the tenant's
  // policy is built, shared with GET /v1/status), time zone and review mode below.
  const policy = policyFor(settings, deps.policy ?? DEFAULT_POLICY);
  const failures: { customerId: string; error: unknown }[] = flushed.failed.map((customerId) => ({
    customerId,
    error: new Error(`its account could not be recomputed from its rows: ${flushed.errors[customerId]}`),
  }));
  const { plan, ledger, book, candidates } = planIsolated(snapshots, asOf, now, settings, policy, failures);
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
    failed: 0,
    revived: 0,
    unconfirmed: 0,
    creditHolds: 0,
    holdsReleased: 0,
    internalNotified: 0,
    internalWaiting: 0,
  };
  // Accounts at their hand-over stage get a packet and a review entry instead of the stage's letter.
  const handingOver = candidates.filter((c) => c.status === 'due');
  const handoverIds = new Set(handingOver.map((c) => c.customerId));
  for (const candidate of handingOver) {
    try {
      const planned = plan.actions.find(
        (a) => a.customerId === candidate.customerId && a.kind === 'handover',
      );
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
    } catch (error) {
      failures.push({ customerId: candidate.customerId, error });
    }
  }
  const snapshotOf = new Map(snapshots.map((s) => [s.customerId, s]));
  // What earlier days already recorded, read in bulk: those actions are not written again.
  const recorded = await store.outboxEntries(
    tenantId,
    plan.actions.filter(
      (a) => !(a.kind === 'handover' && handoverIds.has(a.customerId)) && !isValidationLetter(a),
    ),
  );
  const recordable = plan.actions.filter((action) => {
    if (action.kind === 'handover' && handoverIds.has(action.customerId)) return false;
    try {
      // The amounts left out because the law or the contract does not allow them go on record.
      const snapshot = snapshotOf.get(action.customerId);
      if (snapshot?.refusedCharges) action.explanation.inputs.refusedCharges = refusedChargesText(snapshot);
      return true;
    } catch (error) {
      failures.push({ customerId: action.customerId, error });
      return false;
    }
  });
  // A validation notice is a printed letter: rendered and stored now, mailed by a clerk.
  const asLetter = (a: PlannedAction) => isValidationLetter(a) && snapshotOf.has(a.customerId);
  // The actions nobody recorded yet, written together (a transaction per hundred, each entry
  // still under its own condition); any the transactions did not write are recorded one by one.
  const together = await recordTogether(
    recordable.filter((a) => !asLetter(a) && !recorded.has(outboxRefId(a))),
    tenantId,
    settings,
    asOf,
    store,
  );
  for (const action of recordable) {
    try {
      const snapshot = snapshotOf.get(action.customerId);
      if (together.get(outboxRefId(action)) === 'written') {
        countRecorded(summary, entryStatus(action, settings));
        continue;
      }
      if (asLetter(action) && snapshot) {
        const outcome = await recordValidationNotice(action, snapshot, {
          tenantId,
          settings,
          asOf,
          now,
          store,
          letters: deps.letters,
        });
        if (outcome === 'already-recorded') summary.alreadyRecorded++;
        else {
          summary.recorded++;
          summary.awaitingReview++;
        }
        continue;
      }
      await recordAction(action, tenantId, settings, asOf, summary, store, recorded.get(outboxRefId(action)));
    } catch (error) {
      failures.push({ customerId: action.customerId, error });
    }
  }
  // Internal actions go to the office's credit contact, never to the debtor; releases likewise.
  const holds = await runCreditHolds(
    tenantId,
    plan,
    ledger,
    book,
    creditHoldContext(settings, asOf, now, deps),
    (customerId, error) => failures.push({ customerId, error }),
  );
  summary.creditHolds = holds.holds;
  summary.holdsReleased = holds.releases;
  summary.internalNotified = holds.notified;
  summary.internalWaiting = holds.waiting;
  // One customer's failure stops nobody else: each goes to the review queue with its error.
  for (const f of failures) {
    summary.failed++;
    await recordFailure(tenantId, f.customerId, asOf, now, f.error, store);
  }
  if (Number(asOf.slice(8, 10)) === settings.statementDay) {
    summary.statements = await planStatements(
      tenantId,
      settings,
      snapshots,
      asOf,
      now,
      deps,
      policy,
      plan.actions,
    );
  }
  const dispatched = await dispatchDue(tenantId, now, deps);
  summary.queued += dispatched.queued + dispatched.requeued;
  summary.unconfirmed = dispatched.unconfirmed;
  return summary;
}

/** Who internal notices go to and through what, from the office's settings and the run's deps. */
function creditHoldContext(
  settings: TenantSettings,
  asOf: string,
  now: Date,
  deps: DailyRunDeps,
): CreditHoldContext {
  const from = fromLine(deps.senderAddress ?? settings.officeEmail, settings);
  const base = (deps.publicBaseUrl ?? '').replace(/\/+$/, '');
  return {
    store: deps.store,
    ledger: new LedgerService(deps.store),
    ...(deps.mailer ? { mailer: deps.mailer } : {}),
    from,
    ...(settings.creditContactEmail ? { contact: { email: settings.creditContactEmail } } : {}),
    // An internal notice has no debtor to unsubscribe: the headers SES v2 requires point the
    // contact at the office (its settings page, its own address).
    unsubscribe: { url: `${base}/v1/settings`, mailto: `mailto:${settings.officeEmail}` },
    timeZone: settings.timeZone,
    asOf,
    now,
  };
}

/**
 * The day's plan and hand-over candidates over every open account; if core throws on one of them
 * (data no check caught), the accounts are planned one by one so the failing one alone is left out
 * and reported.
 */
function planIsolated(
  snapshots: readonly AccountSnapshot[],
  asOf: string,
  now: Date,
  settings: TenantSettings,
  policy: DunningPolicy,
  failures: { customerId: string; error: unknown }[],
): { plan: CollectionPlan; ledger: Ledger; book: Book; candidates: HandoverCandidate[] } {
  const planOf = (list: readonly AccountSnapshot[]) => {
    const { ledger, book } = ledgerFromSnapshots(list, asOf);
    const plan = planCollections({
      ledger,
      book,
      policy,
      asOf,
      now: now.getTime(),
      defaultTimeZone: settings.timeZone,
    });
    const candidates = handoverCandidates({ ledger, book, plan, policy });
    return { plan, ledger, book, candidates };
  };
  try {
    return planOf(snapshots);
  } catch (error) {
    log('error', 'plan failed; planning accounts one by one', { error: String(error) });
  }
  const whole = planOf([]);
  const planned: AccountSnapshot[] = [];
  for (const s of snapshots) {
    try {
      const one = planOf([s]);
      whole.plan.actions.push(...one.plan.actions);
      whole.plan.blocked.push(...one.plan.blocked);
      whole.plan.internalActions.push(...one.plan.internalActions);
      whole.candidates.push(...one.candidates);
      planned.push(s);
    } catch (error) {
      failures.push({ customerId: s.customerId, error });
    }
  }
  // The ledger and book of the accounts that could be planned (internal notices read them).
  return { ...whole, ...ledgerFromSnapshots(planned, asOf) };
}

/**
 * Records one planned action in the outbox, once. An entry the sender cancelled on an earlier day
 * (paid, promised, blocked then) that today's plan wants again is revived, not left cancelled.
 */
/** The outbox status a new action takes: a task, or an email planned or held for review. */
function entryStatus(action: PlannedAction, settings: TenantSettings): OutboxEntry['status'] {
  return action.channel !== 'email' ? 'task' : settings.reviewMode ? 'awaiting-review' : 'planned';
}

/** The outbox entry that records a planned action the first time. */
function outboxEntryFor(
  action: PlannedAction,
  tenantId: string,
  settings: TenantSettings,
  asOf: string,
): OutboxEntry {
  return {
    tenantId,
    customerId: action.customerId,
    stage: action.stage,
    channel: action.channel,
    cycle: action.cycle,
    status: entryStatus(action, settings),
    plannedOn: asOf,
    notBefore: action.notBefore,
    action: action as unknown as Record<string, unknown>,
    attempts: 0,
  };
}

function countRecorded(summary: DailyRunSummary, status: OutboxEntry['status']): void {
  summary.recorded++;
  if (status === 'task') summary.tasks++;
  if (status === 'awaiting-review') summary.awaitingReview++;
}

/**
 * Records new actions together (`putOutboxEntriesOnce`). Returns each one's outcome by
 * `outboxRefId`; an action not `written` (already there, not settled, a key twice in the plan, a
 * store that cannot batch) is left to `recordAction`, which decides it alone as before.
 */
async function recordTogether(
  actions: readonly PlannedAction[],
  tenantId: string,
  settings: TenantSettings,
  asOf: string,
  store: LedgerStore,
): Promise<Map<string, TransactOutcome>> {
  const entries = new Map<string, OutboxEntry>();
  const twice = new Set<string>();
  for (const a of actions) {
    const id = outboxRefId(a);
    if (entries.has(id)) twice.add(id);
    else entries.set(id, outboxEntryFor(a, tenantId, settings, asOf));
  }
  for (const id of twice) entries.delete(id);
  if (entries.size === 0) return new Map();
  try {
    return await store.putOutboxEntriesOnce([...entries.values()]);
  } catch (e) {
    log('warn', 'actions not recorded together; recording each alone', { tenantId, error: String(e) });
    return new Map();
  }
}

async function recordAction(
  action: PlannedAction,
  tenantId: string,
  settings: TenantSettings,
  asOf: string,
  summary: DailyRunSummary,
  store: LedgerStore,
  /** The entry already stored under this action's key, as read in bulk before (none: not read). */
  stored?: OutboxEntry,
): Promise<void> {
  const entry = outboxEntryFor(action, tenantId, settings, asOf);
  const { status } = entry;
  const key = {
    tenantId,
    customerId: action.customerId,
    stage: action.stage,
    channel: action.channel,
    cycle: action.cycle,
  };
  // Already stored: no write (the conditional put would only fail); else the put decides, and a
  // put that lost a race reads what won.
  if (!stored && (await store.putOutboxOnce(entry))) {
    countRecorded(summary, status);
    return;
  }
  const existing =
    stored ?? (await store.getOutbox(tenantId, key.customerId, key.stage, key.channel, key.cycle));
  if (
    status !== 'task' &&
    (existing?.status === 'cancelled' || existing?.status === 'suppressed') &&
    existing.cancelledOn !== undefined &&
    existing.cancelledOn < asOf
  ) {
    const revived = await store.transitionOutbox(key, [existing.status], status, {
      plannedOn: asOf,
      notBefore: action.notBefore,
      action: entry.action,
      revivedFrom: `${existing.status} on ${existing.cancelledOn}: ${existing.reason ?? ''}`.slice(0, 500),
      ...(status === 'awaiting-review' ? reviewIndex(key, asOf) : dispatchIndex(key, action.notBefore)),
    });
    if (revived) {
      summary.revived++;
      summary.recorded++;
      if (status === 'awaiting-review') summary.awaitingReview++;
      return;
    }
  }
  summary.alreadyRecorded++;
}

/** Puts a customer whose planning failed in the review queue with the error (once per day). */
async function recordFailure(
  tenantId: string,
  customerId: string,
  asOf: string,
  now: Date,
  error: unknown,
  store: LedgerStore,
): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  log('error', 'customer failed in the daily run', { tenantId, customerId, error: message });
  try {
    await store.putOutboxOnce({
      tenantId,
      customerId,
      stage: 'run-error',
      channel: 'none',
      cycle: asOf,
      status: 'failed',
      plannedOn: asOf,
      notBefore: now.toISOString(),
      action: {
        kind: 'error',
        explanation: {
          rule: 'run/failed',
          summary: `Duebook could not plan this customer on ${asOf}: ${message}`.slice(0, 1000),
        },
      },
      reason: message.slice(0, 1000),
      rule: 'run/failed',
      attempts: 0,
    });
  } catch (e) {
    log('error', 'could not record the failure in the review queue', {
      tenantId,
      customerId,
      error: String(e),
    });
  }
}
