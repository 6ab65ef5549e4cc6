// `duebook claims`: the claims follow-up worklist: appeal and filing deadlines coming up or passed,
// claims pending too long and follow-up dates reached, most urgent first.
import {
  type ClaimTask,
  type ClaimTaskKind,
  claimWorklist,
  DEFAULT_CLAIM_DEADLINES,
} from '../../core/claims/deadlines.js';
import { parseIsoDay } from '../../core/ledger/dates.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import { formatMoney } from '../../core/ledger/money.js';
import { type CliIo, EXIT, parseCommandOptions, UsageError } from '../io.js';
import { loadLedger } from '../load-ledger.js';
import { renderTable } from '../table.js';

export const CLAIMS_HELP = `duebook claims --ledger PATH --as-of YYYY-MM-DD [--json]

Lists the insurance claims to chase as of the given day, most urgent first:
  0. claims the payer rejected, pended or wants more information on (its answer to a claim status
     request, recorded by import-277), with the payer's reason;
  1. appeal and timely-filing deadlines coming up (within ${DEFAULT_CLAIM_DEADLINES.warnDays} days), fewest days left first;
  2. follow-ups: a Follow-up Date reached, or no remittance 30 days after submission, longest
     waiting first;
  3. deadlines already passed, most recent first (a late appeal needs good cause).
Each task comes with the claim, patient, payer, the date it is about, the days left (negative once
passed), the amounts and the reason in words. Deadlines follow the default rules per payer type
(${DEFAULT_CLAIM_DEADLINES.version}: e.g. Medicare 120 days to appeal, commercial 180; see docs/claims.md).

Options:
  --ledger PATH         .xlsx workbook or folder of CSV files (required)
  --as-of YYYY-MM-DD    the day to count from (required)
  --json                print {"asOf", "policyVersion", "tasks": [{claimId, customerId, payer, kind,
                        date, daysLeft, explanation}]}

Rows with problems are left out (listed on stderr); the list covers the valid rows.

Exit codes: 0 list printed, 1 ledger unreadable, 2 usage error.
`;

const COMMAND = 'claims';

/** What each task asks of the clerk, as the table's Task column says it. */
export const TASK_LABELS: Readonly<Record<ClaimTaskKind, string>> = {
  'payer-status': 'payer answered',
  'appeal-deadline-soon': 'appeal due soon',
  'filing-deadline-soon': 'file claim soon',
  'follow-up-due': 'follow up',
  'no-remittance': 'no remittance',
  'appeal-deadline-passed': 'appeal deadline passed',
  'filing-deadline-passed': 'filing deadline passed',
};

function options(args: readonly string[]) {
  return parseCommandOptions(COMMAND, args, {
    ledger: { type: 'string' },
    'as-of': { type: 'string' },
    json: { type: 'boolean', default: false },
  });
}

/** The worklist as one table, then one line per task with the reason in words. */
export function formatClaimWorklist(tasks: readonly ClaimTask[], ledger: Ledger, asOf: string): string {
  if (tasks.length === 0) return `No claim needs chasing as of ${asOf}.\n`;
  const claims = new Map(ledger.claims.map((c) => [c.claimId, c]));
  const names = new Map(ledger.customers.map((c) => [c.customerId, c.name]));
  const head = `Claims worklist as of ${asOf} (deadlines ${DEFAULT_CLAIM_DEADLINES.version}): ${tasks.length} task${tasks.length === 1 ? '' : 's'}, most urgent first\n`;
  const table = renderTable(
    [
      { header: '#', align: 'right' },
      { header: 'Task' },
      { header: 'Claim' },
      { header: 'Patient' },
      { header: 'Payer' },
      { header: 'Date' },
      { header: 'Days left', align: 'right' },
      { header: 'Billed', align: 'right' },
      { header: 'Paid', align: 'right' },
    ],
    tasks.map((t, i) => {
      const c = claims.get(t.claimId);
      return [
        String(i + 1),
        TASK_LABELS[t.kind],
        t.claimId,
        `${t.customerId} ${names.get(t.customerId) ?? ''}`.trim(),
        t.payer,
        t.date,
        String(t.daysLeft),
        c ? formatMoney(c.billedMinor, c.currency) : '',
        c?.paidMinor === undefined ? '-' : formatMoney(c.paidMinor, c.currency),
      ];
    }),
  );
  const reasons = tasks.map((t, i) => `${i + 1}. ${t.claimId}: ${t.explanation.summary}`);
  return `${head}\n${table}\n${reasons.join('\n')}\n`;
}

/**
 * Runs `duebook claims` (arguments after the command name) and returns the exit code. A ledger
 * that cannot be read throws `LedgerReadError`, which `main` reports like every command's.
 *
 * @example await claimsCommand(['--ledger', 'ledger', '--as-of', '2026-11-23'], io)
 */
export async function claimsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const values = options(args);
  if (!values.ledger) throw new UsageError('--ledger PATH is required', COMMAND);
  const asOf = values['as-of'];
  if (asOf === undefined) throw new UsageError('--as-of YYYY-MM-DD is required', COMMAND);
  if (parseIsoDay(asOf) === undefined)
    throw new UsageError(`--as-of "${asOf}" is not a date (use YYYY-MM-DD)`, COMMAND);
  const { ledger } = await loadLedger(values.ledger, io);
  const tasks = claimWorklist(ledger, asOf, DEFAULT_CLAIM_DEADLINES);
  io.out(
    values.json
      ? `${JSON.stringify({ asOf, policyVersion: DEFAULT_CLAIM_DEADLINES.version, tasks }, null, 2)}\n`
      : formatClaimWorklist(tasks, ledger, asOf),
  );
  return EXIT.OK;
}
