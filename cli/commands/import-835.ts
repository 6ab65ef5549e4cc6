// `duebook import-835 FILE [--json]`: reads an X12 835 remittance and shows, per transaction, what it
// pays for which claim and whether the payment balances. Reads only; nothing is posted.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatMoney } from '../../core/money.js';
import { parse835 } from '../../core/x12/parse-835.js';
import { type RemittanceBalance, reconcileRemittance } from '../../core/x12/reconcile.js';
import type { CasAdjustment, Interchange, RemitClaim, Remittance } from '../../core/x12/remittance.js';
import { X12ParseError } from '../../core/x12/x12-error.js';
import { type CliIo, EXIT, UsageError } from '../io.js';
import { renderTable } from '../table.js';

export const IMPORT_835_HELP = `duebook import-835 FILE [--json]

Reads an X12 835 remittance (health care claim payment/advice, 4010 or 5010) and shows, per
transaction: the payment, each claim with its status, charge, paid amount, patient responsibility
and adjustments (group-reason, e.g. CO-45), the provider-level adjustments (PLB), and whether the
payment balances (BPR02 = claims paid - provider adjustments). Nothing is posted to the ledger.

Options:
  --json   print {"file", "interchanges": [{..., "transactions": [{..., "reconciliation"}]}],
           "warnings"}; amounts in minor units (cents)

A file the parser can read past (wrong trailer counts, a service line without a procedure code)
is read, and each oddity is listed on stderr as a warning naming its segment.

Exit codes: 0 read (even if a payment does not balance), 1 the file cannot be read or is not a
valid 835 (the error names the segment and element), 2 usage error.
`;

const COMMAND = 'import-835';
const CURRENCY = 'USD';

/**
 * Runs `import-835` with the arguments after the command name. Usage errors are thrown as
 * `UsageError` for `main` to report with a pointer to the help (exit 2), like every command.
 */
export async function import835Command(args: readonly string[], io: CliIo): Promise<number> {
  const { json, path } = readArgs(args);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    io.err(`duebook: cannot read ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.FAILED;
  }
  let parsed: ReturnType<typeof parse835>;
  try {
    parsed = parse835(text);
  } catch (e) {
    if (!(e instanceof X12ParseError)) throw e;
    io.err(`duebook: ${path} is not a readable 835: ${e.message}\n`);
    return EXIT.FAILED;
  }
  for (const w of parsed.warnings) io.err(`warning: ${w.message}\n`);
  if (json) {
    const interchanges = parsed.interchanges.map((ic) => ({
      ...ic,
      transactions: ic.transactions.map((t) => ({ ...t, reconciliation: reconcileRemittance(t) })),
    }));
    io.out(`${JSON.stringify({ file: path, interchanges, warnings: parsed.warnings }, null, 2)}\n`);
  } else {
    io.out(parsed.interchanges.map(formatInterchange).join('\n'));
  }
  return EXIT.OK;
}

function readArgs(args: readonly string[]): { json: boolean; path: string } {
  let parsed: { values: { json?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...args],
      options: { json: { type: 'boolean', default: false } },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e), COMMAND);
  }
  const [path, ...extra] = parsed.positionals;
  if (path === undefined || path === '')
    throw new UsageError('FILE is required (the 835 file to read)', COMMAND);
  if (extra.length > 0) throw new UsageError(`expected one FILE, also got "${extra.join('", "')}"`, COMMAND);
  return { json: parsed.values.json === true, path };
}

const money = (minor: number) => formatMoney(minor, CURRENCY, { code: false });

/** One interchange as text: a header line, then each transaction's payment, claims, PLB and balance. */
export function formatInterchange(ic: Interchange): string {
  const head = `Interchange ${ic.controlNumber} from ${ic.sender} to ${ic.receiver}${ic.date ? ` dated ${ic.date}` : ''}: ${plural(ic.transactions.length, 'transaction')}\n`;
  return [head, ...ic.transactions.map(formatTransaction)].join('\n');
}

function formatTransaction(t: Remittance): string {
  const p = t.payment;
  const party = (x: { name?: string; id?: string }) =>
    [x.name, x.id === undefined ? undefined : `(${x.id})`].filter((s) => s !== undefined).join(' ') || '?';
  const lines = [
    `Transaction ${t.controlNumber} (${t.version}) from ${party(t.payer)} to ${party(t.payee)}`,
    `Payment ${money(p.amountMinor)} ${p.creditDebit === 'C' ? 'credit' : 'debit'}` +
      (p.method ? ` by ${p.method}` : '') +
      (p.date ? ` on ${p.date}` : '') +
      (p.traceNumber ? `, trace ${p.traceNumber}` : ''),
    '',
  ];
  if (t.claims.length === 0) lines.push('No claims.\n');
  else {
    lines.push(
      renderTable(
        [
          { header: 'Claim' },
          { header: 'Patient' },
          { header: 'Status' },
          { header: 'Charge', align: 'right' },
          { header: 'Paid', align: 'right' },
          { header: 'Patient resp', align: 'right' },
          { header: 'Lines', align: 'right' },
          { header: 'Adjustments' },
        ],
        t.claims.map((c) => [
          c.patientControlNumber,
          c.patientName ?? '',
          c.status === 'other' ? `other (${c.statusCode})` : c.status,
          money(c.chargeMinor),
          money(c.paidMinor),
          money(c.patientResponsibilityMinor),
          String(c.serviceLines.length),
          formatAdjustments(allAdjustments(c)),
        ]),
      ),
    );
  }
  if (t.providerAdjustments.length > 0) {
    lines.push('Provider adjustments (PLB; positive amounts reduce the payment):');
    lines.push(
      renderTable(
        [
          { header: 'Provider' },
          { header: 'Period end' },
          { header: 'Reason' },
          { header: 'Reference' },
          { header: 'Amount', align: 'right' },
        ],
        t.providerAdjustments.map((a) => [
          a.providerId,
          a.fiscalPeriodEnd ?? '',
          a.reason,
          a.reference ?? '',
          money(a.amountMinor),
        ]),
      ),
    );
  }
  lines.push(`${formatBalance(reconcileRemittance(t))}\n`);
  return lines.join('\n');
}

function allAdjustments(c: RemitClaim): CasAdjustment[] {
  return [...c.adjustments, ...c.serviceLines.flatMap((l) => l.adjustments)];
}

/** `CO-45 73,348.57, PR-1 105.26`, one entry per group and reason with amounts added up. */
function formatAdjustments(adjustments: readonly CasAdjustment[]): string {
  const totals = new Map<string, number>();
  for (const a of adjustments) {
    const key = `${a.group}-${a.reason}`;
    totals.set(key, (totals.get(key) ?? 0) + a.amountMinor);
  }
  return [...totals].map(([key, minor]) => `${key} ${money(minor)}`).join(', ');
}

function formatBalance(b: RemittanceBalance): string {
  const figures = `payment ${money(b.paymentMinor)}, claims paid ${money(b.claimsPaidMinor)} - provider adjustments ${money(b.providerAdjustmentsMinor)} = ${money(b.expectedPaymentMinor)}`;
  return b.balanced
    ? `Balances: ${figures}`
    : `Does not balance: ${figures}; off by ${money(b.differenceMinor)}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
