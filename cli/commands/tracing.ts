// `duebook tracing`: the customers to trace (bounced email, returned mail, no address while owing)
// with their current contact details and the history of changes to them.
import { basename } from 'node:path';
import { parseIsoDay } from '../../core/ledger/dates.js';
import { formatMoney } from '../../core/ledger/money.js';
import { type TracingEntry, tracingWorklist, undoContactChange } from '../../core/lifecycle/tracing.js';
import { type CliIo, EXIT, parseCommandOptions, UsageError } from '../io.js';
import { type LoadedLedger, loadLedger } from '../load-ledger.js';
import { renderTable } from '../table.js';
import { changedTabs, LedgerWriteError, writeTabs } from '../write-ledger.js';

export const TRACING_HELP = `duebook tracing --ledger PATH --as-of YYYY-MM-DD [--json]
duebook tracing --ledger PATH --as-of YYYY-MM-DD --undo CHANGE_ID --out DIR [--by NAME]

Lists the customers to trace as of the given day: email bounced (flag email-suppressed), mail came
back (flag mail-returned), no email or no postal address while money is owed, or a Customers row
that disagrees with the Contact Changes tab. Each comes with the balance, the contact details as
they stand (the Contact Changes tab wins over the Customers row) and every change to them,
newest first: what changed, from what to what, from which source and by whom. Deceased and placed
customers are not listed.

With --undo: takes a contact change back as of --as-of (the change gets Undone On, the customer
row gets the old value back, and a flag the change had cleared, such as email-suppressed, is set
again) and writes DIR/contact-changes.csv and DIR/customers.csv to copy over the ledger's. A
change already undone, or one with a later change to the same field still in force, is refused
with the reason (undo the later one first).

Options:
  --ledger PATH         .xlsx workbook or folder of CSV files (required)
  --as-of YYYY-MM-DD    the day balances are taken as of, or the undo date (required)
  --json                print the worklist as JSON [{customerId, customerName, reasons, contact,
                        balances, history, explanation}]; amounts in minor units
  --undo CHANGE_ID      the Contact Changes row to take back (needs --out)
  --out DIR             where --undo writes the changed tabs (nothing is overwritten)
  --by NAME             who undoes it, noted on the change

Rows with problems are left out (listed on stderr); the list covers the valid rows.

Exit codes: 0 list printed or change undone, 1 ledger unreadable or the undo refused, 2 usage
error.
`;

function options(args: readonly string[]) {
  return parseCommandOptions('tracing', args, {
    ledger: { type: 'string' },
    'as-of': { type: 'string' },
    json: { type: 'boolean', default: false },
    undo: { type: 'string' },
    out: { type: 'string' },
    by: { type: 'string' },
  });
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
  if (values.undo !== undefined) {
    if (!values.out) throw new UsageError('--undo needs --out DIR for the changed tabs', 'tracing');
    return undo(
      await loadLedger(values.ledger, io),
      values.undo,
      { asOf, out: values.out, by: values.by },
      io,
    );
  }
  const list = tracingWorklist((await loadLedger(values.ledger, io)).ledger, asOf);
  io.out(values.json ? `${JSON.stringify(list, null, 2)}\n` : formatWorklist(list, asOf));
  return EXIT.OK;
}

/** `--undo`: takes the change back and writes the tabs it touches, or says why it may not. */
async function undo(
  loaded: LoadedLedger,
  changeId: string,
  options: { asOf: string; out: string; by?: string | undefined },
  io: CliIo,
): Promise<number> {
  if (!loaded.ledger.contactChanges.some((c) => c.changeId === changeId)) {
    io.err(`duebook: no change "${changeId}" among the valid Contact Changes rows\n`);
    return EXIT.FAILED;
  }
  const result = undoContactChange(loaded.ledger, changeId, {
    on: options.asOf,
    ...(options.by ? { by: options.by } : {}),
  });
  if (!result.ok) {
    io.err(`duebook: ${changeId} cannot be undone: ${result.reason} [${result.rule}]\n`);
    return EXIT.FAILED;
  }
  let written: string[];
  try {
    written = await writeTabs(options.out, changedTabs(loaded, result.changes));
  } catch (e) {
    if (!(e instanceof LedgerWriteError)) throw e;
    io.err(`duebook: ${e.message}\n`);
    return EXIT.FAILED;
  }
  io.out(
    `${result.explanation}\n${written.map((f) => `Wrote ${f}\n`).join('')}` +
      `Copy ${written.map((f) => basename(f)).join(' and ')} over the ledger's to record it.\n`,
  );
  return EXIT.OK;
}
