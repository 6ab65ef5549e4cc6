// `duebook purge`: lists the deceased customers whose personal data the retention rule clears (and
// those it cannot clear until a Deceased On date is entered), and with --out writes the purged tabs.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseIsoDay } from '../../core/ledger/dates.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import type { TabName } from '../../core/ledger/schema.js';
import {
  archiveHoldsOf,
  DEFAULT_RETENTION_DAYS,
  type PurgeResult,
  purgeDeceased,
} from '../../core/lifecycle/retention.js';
import { type CliIo, EXIT, parseCommandOptions, UsageError } from '../io.js';
import { loadLedger } from '../load-ledger.js';
import { changedTabs, LedgerWriteError, writeTabs } from '../write-ledger.js';

export const PURGE_HELP = `duebook purge --ledger PATH --as-of YYYY-MM-DD [--retention-days N] [--by NAME]
              [--data DIR] [--tenant ID] [--out DIR] [--json]

Lists the deceased customers whose personal data is due to be cleared as of the given day: those
flagged deceased whose Deceased On date (the day the office learned of the death) is at least N
days back. Their name becomes "Deceased customer <id>"; email, phone and address are cleared, as
are the values and notes of their Contact Changes, the notes of their Activity, Promises and Plans
and their invoice descriptions. Amounts, dates, ids, statuses and flags stay, so balances and the
audit trail do not change; an Activity row records each purge. Claims are left alone.

Also lists the customers the purge cannot handle: flagged deceased with no Deceased On date
(never purged on a guess: enter the date), a Deceased On date without the deceased flag, those
still within the retention period (with the day they become due), those kept for the records
(an open placement, 3 years for New York City and placed accounts, and the archive of messages
sent: copies are kept 3 years after the last one), and those already purged.

The archive is the local edition's (\`duebook run\`, \`npm start\`): read from DIR when it exists
(needs Java 17+, like \`duebook messages\`); with no local data nothing was sent from here.

Options:
  --ledger PATH         .xlsx workbook or folder of CSV files (required)
  --as-of YYYY-MM-DD    the day of the purge (required)
  --retention-days N    days personal data is kept after Deceased On (default ${DEFAULT_RETENTION_DAYS})
  --by NAME             who runs the purge, for the Activity rows
  --data DIR            the local state folder whose message archive the purge honours
                        (default .duebook-local, skipped when absent; a DIR given must exist)
  --tenant ID           the office in that archive (default demo-office)
  --out DIR             write the changed tabs as CSV (e.g. DIR/customers.csv, DIR/activity.csv):
                        whole tabs with the purge applied, every other row and column as read;
                        refuses to overwrite any file. Copy them over the ledger's to purge.
  --json                print {"asOf", "retentionDays", "purged", "alreadyPurged", "skipped",
                        "changes", "written"}

Rows with problems are left out (listed on stderr) and written back as read.

Exit codes: 0 listed (and written), 1 ledger unreadable, --data DIR missing or --out would
overwrite a file, 2 usage error.
`;

const COMMAND = 'purge';

function options(args: readonly string[]) {
  return parseCommandOptions(COMMAND, args, {
    ledger: { type: 'string' },
    'as-of': { type: 'string' },
    'retention-days': { type: 'string' },
    by: { type: 'string' },
    data: { type: 'string' },
    tenant: { type: 'string', default: 'demo-office' },
    out: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
}

function retentionDaysOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_RETENTION_DAYS;
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`--retention-days "${value}" is not a whole number of days`, COMMAND);
  return Number(value);
}

/** Skip rules with their own heading; every other one (placement, records, archive) is "kept for the records". */
const SHOWN_APART = new Set([
  'retention/no-deceased-date',
  'retention/no-deceased-flag',
  'retention/within-retention',
]);

/** What the purge does and what it leaves, in words. */
export function formatPurge(
  result: PurgeResult,
  ledger: Ledger,
  tabs: readonly { tab: TabName; updated: number; added: number }[],
  options: { asOf: string; retentionDays: number; ledger: string; written: readonly string[]; out?: string },
): string {
  const names = new Map(ledger.customers.map((c) => [c.customerId, c.name]));
  const who = (id: string) => `${id} ${names.get(id) ?? ''}`.trim();
  const lines = [
    `Retention purge as of ${options.asOf}: personal data of deceased customers is kept ${options.retentionDays} days after Deceased On`,
    '',
  ];
  if (result.purged.length === 0) lines.push('No customer is due to be purged.');
  else {
    lines.push(`${result.purged.length} customer${result.purged.length === 1 ? '' : 's'} to purge:`);
    for (const p of result.purged) lines.push(`  ${who(p.customerId)}: ${p.explanation}`);
    lines.push(
      `Rows changed: ${tabs.map((t) => `${t.tab} ${t.updated}${t.added > 0 ? ` (+${t.added} new)` : ''}`).join(', ')}`,
    );
  }
  const group = (rule: string, title: string) => {
    const skipped = result.skipped.filter((s) => s.rule === rule);
    if (skipped.length === 0) return;
    lines.push('', title);
    for (const s of skipped) lines.push(`  ${who(s.customerId)}: ${s.reason}`);
  };
  group('retention/no-deceased-date', 'Need a Deceased On date (never purged on a guess):');
  group('retention/no-deceased-flag', 'Deceased On without the deceased flag:');
  group('retention/within-retention', 'Within the retention period:');
  const kept = result.skipped.filter((s) => !SHOWN_APART.has(s.rule));
  if (kept.length > 0) {
    lines.push('', 'Kept for the records:');
    for (const s of kept) lines.push(`  ${who(s.customerId)}: ${s.reason}`);
  }
  if (result.alreadyPurged.length > 0) {
    lines.push('', `Already purged: ${result.alreadyPurged.join(', ')}`);
  }
  lines.push('');
  if (options.written.length > 0) {
    for (const w of options.written) lines.push(`Wrote ${w}`);
    lines.push(
      `Copy them over the ones in ${options.ledger} (or paste the tabs into the workbook) to purge.`,
    );
  } else if (result.purged.length === 0) {
    lines.push(`Nothing to purge${options.out !== undefined ? '; nothing written' : ''}.`);
  } else {
    lines.push('Nothing written: give --out DIR to write the purged tabs.');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `duebook purge` (arguments after the command name) and returns the exit code. A ledger
 * that cannot be read throws `LedgerReadError`, which `main` reports like every command's.
 *
 * @example await purgeCommand(['--ledger', 'ledger', '--as-of', '2026-11-23'], io)
 */
export async function purgeCommand(args: readonly string[], io: CliIo): Promise<number> {
  const values = options(args);
  if (!values.ledger) throw new UsageError('--ledger PATH is required', COMMAND);
  const asOf = values['as-of'];
  if (asOf === undefined) throw new UsageError('--as-of YYYY-MM-DD is required', COMMAND);
  if (parseIsoDay(asOf) === undefined)
    throw new UsageError(`--as-of "${asOf}" is not a date (use YYYY-MM-DD)`, COMMAND);
  const retentionDays = retentionDaysOf(values['retention-days']);
  if (values.out === '') throw new UsageError('--out needs a DIR', COMMAND);
  if (values.data === '') throw new UsageError('--data needs a DIR', COMMAND);
  const dataDir = resolve(values.data ?? '.duebook-local');
  if (values.data !== undefined && !existsSync(dataDir)) {
    io.err(`duebook purge: no local data in ${values.data}: nothing would say which messages were sent\n`);
    return EXIT.FAILED;
  }
  const loaded = await loadLedger(values.ledger, io);
  // The archive of sent messages holds its copies 3 years: the purge waits for them.
  let archiveHeldUntil: Map<string, string> | undefined;
  if (existsSync(dataDir)) {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const { readArchive } = await import('../local-archive.js');
    archiveHeldUntil = archiveHoldsOf(await readArchive(dataDir, String(values.tenant)));
  }
  const result = purgeDeceased(loaded.ledger, asOf, {
    retentionDays,
    ...(archiveHeldUntil ? { archiveHeldUntil } : {}),
    ...(values.by ? { by: values.by } : {}),
  });
  const tabs = changedTabs(loaded, result.changes);
  let written: string[] = [];
  if (values.out !== undefined && tabs.length > 0) {
    try {
      written = await writeTabs(values.out, tabs);
    } catch (e) {
      if (!(e instanceof LedgerWriteError)) throw e;
      io.err(`duebook: ${e.message}\n`);
      return EXIT.FAILED;
    }
  }
  if (values.json) {
    const { purged, alreadyPurged, skipped, changes } = result;
    io.out(
      `${JSON.stringify({ asOf, retentionDays, purged, alreadyPurged, skipped, changes, written }, null, 2)}\n`,
    );
  } else {
    io.out(
      formatPurge(result, loaded.ledger, tabs, {
        asOf,
        retentionDays,
        ledger: values.ledger,
        written,
        ...(values.out !== undefined ? { out: values.out } : {}),
      }),
    );
  }
  return EXIT.OK;
}
