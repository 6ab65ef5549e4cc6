// Replays one day on the local stack: sync a ledger through the API (rows removed since the last
// run are deleted), run the daily plan at 09:00 office time, then the hourly dispatch through the
// next 24 hours, sending through the SES emulator.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type IsoDate, zonedInstant } from '../core/ledger/dates.js';
import type { StoredEmail } from '../lambdas/local/ses-local.js';
import { type LocalStack, startLocalStack } from '../lambdas/local/stack.js';
import type { DailyRunSummary } from '../lambdas/services/daily-run.js';
import { PENDING_SETTLE_MS } from '../lambdas/services/ledger-service.js';
import type { ArchivedMessage } from '../lambdas/store/outbox-types.js';
import { type SyncedIds, type SyncTabs, syncLedger, type TabSyncReport } from './sync-client.js';

/** How long before the 09:00 run the replayed day's sync happens (past the markers' settle time). */
const SYNC_LEAD_MS = PENDING_SETTLE_MS + 60_000;

/** Beside DynamoDB Local's data: the row ids the last `duebook run` synced, per tab. */
export const SYNCED_IDS_FILE = 'duebook-synced-ids.json';

/** An email the replayed day sent, as the SES emulator received it and the archive recorded it. */
export type ReplayedEmail = StoredEmail & {
  customerId?: string;
  stage?: string;
  channel?: string;
  /** ISO instant the message was sent (the archive's `sentAt`). */
  sentAt?: string;
  /** The send on the debtor's wall clock: `2026-11-23 10:00 America/Chicago`. */
  localTime?: string;
  /** The send on the office's wall clock. */
  officeTime?: string;
};

export interface DayReplay {
  asOf: IsoDate;
  sync: TabSyncReport[];
  run: DailyRunSummary;
  /** Emails dispatched after the morning run as contact windows opened in other zones. */
  dispatchedLater: number;
  /** Emails the run put in the review queue (review mode): none is sent until a clerk approves it. */
  awaitingReview: number;
  emails: ReplayedEmail[];
  /** Row ids synced, per tab: pass them as `previousIds` next time so removed rows get deleted. */
  syncedIds: SyncedIds;
}

/**
 * Syncs `rows` (each tab as rows or as columns) and replays `asOf` on a running stack whose clock
 * the caller controls via `setNow`.
 */
export async function replayDay(
  stack: LocalStack,
  setNow: (d: Date) => void,
  rows: SyncTabs,
  asOf: IsoDate,
  timeZone: string,
  previousIds: SyncedIds = {},
): Promise<DayReplay> {
  const morning = zonedInstant(asOf, 9, timeZone);
  // The ledger is synced a few minutes before the 09:00 run, as a clerk's sheet would be: its
  // markers are settled by then, so the run recomputes the accounts it touched and clears them,
  // and a rerun of the same day has nothing left to recompute.
  setNow(new Date(morning - SYNC_LEAD_MS));
  await stack.ses.clear();
  stack.sent.length = 0;
  const sync = await syncLedger(stack.apiUrl, { apiKey: stack.apiKey }, rows, previousIds);
  setNow(new Date(morning));
  const run = await stack.runDay();
  await stack.drain();
  const dispatchedLater = await dispatchOverDay(stack, setNow, morning);
  const awaitingReview = (await stack.store.reviewQueue(stack.tenantId)).filter(
    (e) => e.status === 'awaiting-review' && e.channel === 'email',
  ).length;
  return {
    asOf,
    sync: [...sync],
    run,
    dispatchedLater,
    awaitingReview,
    emails: await withArchive(stack, await stack.ses.emails()),
    syncedIds: sync.ids,
  };
}

/**
 * The hourly dispatch over the 24 hours after `morning` (09:00 office time), as the scheduler would
 * run it: emails waiting for their debtor's 08:00 go out when it comes. Leaves the clock at
 * `morning`; returns how many were sent after it.
 */
export async function dispatchOverDay(
  stack: LocalStack,
  setNow: (d: Date) => void,
  morning: number,
): Promise<number> {
  let dispatched = 0;
  for (let h = 1; h <= 24; h++) {
    setNow(new Date(morning + h * 3_600_000));
    dispatched += await stack.dispatch();
    await stack.drain();
  }
  setNow(new Date(morning));
  return dispatched;
}

/** Each received email with what the archive recorded of it: customer, stage, send instant and local times. */
export async function withArchive(stack: LocalStack, emails: StoredEmail[]): Promise<ReplayedEmail[]> {
  const customers = new Set(stack.sent.flatMap((s) => (s.outbox ? [s.outbox.customerId] : [])));
  const byId = new Map<string, ArchivedMessage>();
  for (const customerId of customers)
    for (const m of await stack.store.messages(stack.tenantId, customerId)) byId.set(m.messageId, m);
  return emails.map((e) => {
    const m = byId.get(e.messageId);
    return m
      ? {
          ...e,
          customerId: m.customerId,
          stage: m.stage,
          channel: m.channel,
          sentAt: m.sentAt,
          localTime: m.localTime,
          officeTime: m.officeTime,
        }
      : e;
  });
}

async function readSyncedIds(dataDir: string): Promise<SyncedIds> {
  try {
    return JSON.parse(await readFile(join(dataDir, SYNCED_IDS_FILE), 'utf8')) as SyncedIds;
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return {};
    throw new Error(`cannot read ${join(dataDir, SYNCED_IDS_FILE)}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Starts a stack on persistent data in `dataDir`, replays one day, stops. Rows synced by the last
 * run on the same data but gone from `rows` are deleted (their ids are kept in `dataDir`).
 */
export async function replayDayOnce(
  rows: SyncTabs,
  asOf: IsoDate,
  timeZone: string,
  dataDir: string,
): Promise<DayReplay> {
  let now = new Date(zonedInstant(asOf, 9, timeZone));
  const previousIds = await readSyncedIds(dataDir);
  const stack = await startLocalStack({ now: () => now, dataDir, settings: { timeZone, reviewMode: false } });
  try {
    const replay = await replayDay(
      stack,
      (d) => {
        now = d;
      },
      rows,
      asOf,
      timeZone,
      previousIds,
    );
    await writeFile(join(dataDir, SYNCED_IDS_FILE), `${JSON.stringify(replay.syncedIds)}\n`);
    return replay;
  } finally {
    await stack.stop();
  }
}

export function formatReplay(r: DayReplay): string {
  const lines: string[] = [];
  const synced = r.sync.map(
    (t) =>
      `${t.tab} ${t.written} written/${t.unchanged} unchanged${t.deleted ? `/${t.deleted} deleted` : ''}${t.rejected ? `/${t.rejected} rejected` : ''}`,
  );
  lines.push(`Synced: ${synced.join(', ')}`);
  for (const t of r.sync) {
    for (const e of t.errors)
      lines.push(
        e.row === 0
          ? `  ${t.tab} ${e.id} not deleted: ${e.message}`
          : `  ${t.tab} row ${e.row}, ${e.column}: ${e.message}`,
      );
    for (const w of t.warnings ?? []) lines.push(`  ${t.tab} row ${w.row}, ${w.column}: ${w.message}`);
  }
  lines.push(
    `Daily run ${r.asOf}: ${r.run.openAccounts} open accounts, ${r.run.planned} actions planned ` +
      `(${r.run.recorded} new, ${r.run.alreadyRecorded} already recorded on an earlier run), ` +
      `${r.run.blocked} blocked by guardrails, ${r.run.tasks} new call/letter tasks` +
      (r.run.handovers > 0
        ? `, ${r.run.handovers} hand-over${r.run.handovers === 1 ? '' : 's'} awaiting review (packet stored)`
        : ''),
  );
  lines.push(...formatSent(r.emails, r.dispatchedLater));
  if (r.awaitingReview > 0)
    lines.push(
      `Awaiting review: ${r.awaitingReview} email${r.awaitingReview === 1 ? '' : 's'} (review mode is on: none goes out until a clerk approves it)`,
    );
  return `${lines.join('\n')}\n`;
}

/** "Emails sent: N", then one line per email: to whom, at the debtor's local time, the subject. */
export function formatSent(emails: readonly ReplayedEmail[], dispatchedLater: number): string[] {
  return [
    `Emails sent: ${emails.length}${dispatchedLater ? ` (${dispatchedLater} later in the day, when the debtor's morning came)` : ''}`,
    ...emails.map(
      (e) => `  to ${e.destination.to.join(', ')}${e.localTime ? ` at ${e.localTime}` : ''}: ${e.subject}`,
    ),
  ];
}

/**
 * One sentence for a local-stack failure a user can act on (Java missing, DynamoDB Local not
 * starting, or stopping in the middle of the run), or undefined for anything else (a bug).
 */
export function localStackFailure(e: unknown): string | undefined {
  const err = e as { name?: string; code?: string; message?: string; cause?: unknown } | undefined;
  if (err?.name === 'DynamoDbLocalError') return String(err.message);
  const codes: string[] = [];
  for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const one = c as { code?: string; errno?: string; message?: string; name?: string };
    codes.push(
      String(one.code ?? ''),
      String(one.errno ?? ''),
      String(one.message ?? ''),
      String(one.name ?? ''),
    );
  }
  const text = codes.join(' ');
  if (/ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|TimeoutError|ETIMEDOUT/.test(text)) {
    return (
      'DynamoDB Local stopped answering in the middle of the run, so the day did not finish. ' +
      'Everything recorded so far is kept, and nothing is sent twice: run the same command again to resume.'
    );
  }
  return undefined;
}
