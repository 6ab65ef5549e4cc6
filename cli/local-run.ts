// Replays one day on the local stack: sync a ledger through the API, run the daily plan at 09:00
// office time, then the hourly dispatch through the next 24 hours, sending through the SES emulator.
import { type IsoDate, zonedInstant } from '../core/dates.js';
import type { LedgerRows } from '../core/schema.js';
import type { StoredEmail } from '../lambdas/local/ses-local.js';
import { type LocalStack, startLocalStack } from '../lambdas/local/stack.js';
import type { DailyRunSummary } from '../lambdas/services/daily-run.js';
import { syncLedger, type TabSyncReport } from './sync-client.js';

export interface DayReplay {
  asOf: IsoDate;
  sync: TabSyncReport[];
  run: DailyRunSummary;
  /** Emails dispatched after the morning run as contact windows opened in other zones. */
  dispatchedLater: number;
  emails: StoredEmail[];
}

/** Syncs `rows` and replays `asOf` on a running stack whose clock the caller controls via `setNow`. */
export async function replayDay(
  stack: LocalStack,
  setNow: (d: Date) => void,
  rows: LedgerRows,
  asOf: IsoDate,
  timeZone: string,
): Promise<DayReplay> {
  const morning = zonedInstant(asOf, 9, timeZone);
  setNow(new Date(morning));
  await stack.ses.clear();
  const sync = await syncLedger(stack.apiUrl, { apiKey: stack.apiKey }, rows);
  const run = await stack.runDay();
  await stack.drain();
  let dispatchedLater = 0;
  for (let h = 1; h <= 24; h++) {
    setNow(new Date(morning + h * 3_600_000));
    dispatchedLater += await stack.dispatch();
    await stack.drain();
  }
  setNow(new Date(morning));
  return { asOf, sync, run, dispatchedLater, emails: await stack.ses.emails() };
}

/** Starts a stack on persistent data in `dataDir`, replays one day, stops. */
export async function replayDayOnce(
  rows: LedgerRows,
  asOf: IsoDate,
  timeZone: string,
  dataDir: string,
): Promise<DayReplay> {
  let now = new Date(zonedInstant(asOf, 9, timeZone));
  const stack = await startLocalStack({ now: () => now, dataDir, settings: { timeZone } });
  try {
    return await replayDay(
      stack,
      (d) => {
        now = d;
      },
      rows,
      asOf,
      timeZone,
    );
  } finally {
    await stack.stop();
  }
}

export function formatReplay(r: DayReplay): string {
  const lines: string[] = [];
  const synced = r.sync.map(
    (t) =>
      `${t.tab} ${t.written} written/${t.unchanged} unchanged${t.rejected ? `/${t.rejected} rejected` : ''}`,
  );
  lines.push(`Synced: ${synced.join(', ')}`);
  for (const t of r.sync)
    for (const e of t.errors) lines.push(`  ${t.tab} row ${e.row}, ${e.column}: ${e.message}`);
  lines.push(
    `Daily run ${r.asOf}: ${r.run.openAccounts} open accounts, ${r.run.planned} actions planned ` +
      `(${r.run.recorded} new, ${r.run.alreadyRecorded} already recorded on an earlier run), ` +
      `${r.run.blocked} blocked by guardrails, ${r.run.tasks} new call/letter tasks`,
  );
  lines.push(
    `Emails sent: ${r.emails.length}${r.dispatchedLater ? ` (${r.dispatchedLater} later in the day, when the debtor's morning came)` : ''}`,
  );
  for (const e of r.emails) lines.push(`  to ${e.destination.to.join(', ')}: ${e.subject}`);
  return `${lines.join('\n')}\n`;
}
