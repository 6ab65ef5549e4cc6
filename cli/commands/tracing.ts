// `duebook tracing`: the customers to trace (bounced email, returned mail, no address while owing)
// with their current contact details and the history of changes to them.
import { parseArgs } from 'node:util';
import { parseIsoDay } from '../../core/dates.js';
import { formatMoney } from '../../core/money.js';
import { type TracingEntry, tracingWorklist } from '../../core/tracing.js';
import { type CliIo, EXIT, UsageError } from '../io.js';
import { loadLedger } from '../load-ledger.js';
import { renderTable } from '../table.js';

export const TRACING_HELP = `duebook tracing --ledger PATH --as-of YYYY-MM-DD [--json]

Lists the customers to trace as of the given day: email bounced (flag email-suppressed), mail came
back (flag mail-returned), no email or no postal address while money is owed, or a Customers row
that disagrees with the Contact Changes tab. Each comes with the balance, the contact details as
they stand (the Contact Changes tab wins over the Customers row) and every change to them,
newest first: what changed, from what to what, from which source and by whom. Deceased and placed
customers are not listed.

Options:
  --ledger PATH         .xlsx workbook or folder of CSV files (required)
  --as-of YYYY-MM-DD    the day balances are taken as of (required)
  --json                print the worklist as JSON [{customerId, customerName, reasons, contact,
                        balances, history, explanation}]; amounts in minor units

Rows with problems are left out (listed on stderr); the list covers the valid rows.

Exit codes: 0 list printed, 1 ledger unreadable, 2 usage error.
`;

function options(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      options: {
        ledger: { type: 'string' },
        'as-of': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new UsageError(
      e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '') : String(e),
      'tracing',
    );
  }
}

/** The worklist as a table, then each customer's change history. */
export function formatWorklist(list: readonly TracingEntry[], asOf: string): string {
  if (list.length === 0) return `No customer needs tracing as of ${asOf}.\n`;
  const lines = [`Tracing worklist as of ${asOf}: ${list.length} customer${list.length === 1 ? '' : 's'}\n`];
  lines.push(
    renderTable(
      [
        { header: 'Customer' },
        { header: 'Name' },
        { header: 'Balance', align: 'right' },
        { header: 'Why' },
        { header: 'Email' },
        { header: 'Phone' },
        { header: 'Address' },
      ],
      list.map((e) => [
        e.customerId,
        e.customerName,
        e.balances.map((b) => formatMoney(b.balanceMinor, b.currency)).join(', ') || '-',
        e.reasons.map((r) => r.rule.replace('trace/', '')).join(', '),
        e.contact.email.value ?? '-',
        e.contact.phone.value ?? '-',
        e.contact.address.value ?? '-',
      ]),
    ),
  );
  for (const e of list) {
    lines.push(`${e.customerId} ${e.customerName}: ${e.reasons.map((r) => r.reason).join('; ')}`);
    if (e.history.length === 0) lines.push('  no contact changes on record');
    for (const h of e.history) {
      lines.push(
        `  ${h.date} ${h.changeId} ${h.field}: "${h.oldValue ?? ''}" -> "${h.newValue ?? ''}" from ${h.source}` +
          `${h.by ? ` by ${h.by}` : ''}${h.undoneOn ? ` (undone ${h.undoneOn})` : ''}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `duebook tracing` (arguments after the command name) and returns the exit code. A ledger
 * that cannot be read throws `LedgerReadError`, which `main` reports like every command's.
 *
 * @example await tracingCommand(['--ledger', 'ledger', '--as-of', '2026-11-23'], io)
 */
export async function tracingCommand(args: readonly string[], io: CliIo): Promise<number> {
  const values = options(args);
  if (!values.ledger) throw new UsageError('--ledger PATH is required', 'tracing');
  const asOf = values['as-of'];
  if (asOf === undefined) throw new UsageError('--as-of YYYY-MM-DD is required', 'tracing');
  if (parseIsoDay(asOf) === undefined)
    throw new UsageError(`--as-of "${asOf}" is not a date (use YYYY-MM-DD)`, 'tracing');
  const list = tracingWorklist((await loadLedger(values.ledger, io)).ledger, asOf);
  io.out(values.json ? `${JSON.stringify(list, null, 2)}\n` : formatWorklist(list, asOf));
  return EXIT.OK;
}
