// `duebook import-ledes FILE`: reads a LEDES 1998B invoice file, lists its invoices and problems,
// and optionally writes customers.csv and invoices.csv rows for a ledger folder.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatLedesProblem, type LedesInvoice, type LedesParse } from '../../core/ledes/ledes-types.js';
import { parseLedes } from '../../core/ledes/parse.js';
import {
  DEFAULT_TERMS_DAYS,
  type LedesLedgerImport,
  ledesToLedger,
  ledgerImportRows,
} from '../../core/ledes/to-ledger.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import { formatMoney, isKnownCurrency } from '../../core/ledger/money.js';
import { tabFileName } from '../../core/ledger/schema.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';
import { type CliIo, EXIT, UsageError } from '../io.js';
import { readLedger } from '../read-ledger.js';
import { renderTable } from '../table.js';
import { guardedCsv } from '../write-ledger.js';

export const IMPORT_LEDES_HELP = `duebook import-ledes FILE [--currency CODE] [--terms-days N] [--ledger PATH] [--out DIR] [--json]

Reads a LEDES 1998B, LEDES 98BI or LEDES XML 2.x invoice file (what legal billing systems export
for e-billing) and lists each invoice with its line items, then every problem as "Line N, field F
NAME: message". An invoice with an error (what an e-billing portal would reject: totals that do
not add up, a missing required field, a bad date or amount) is not imported; the others are.
Warnings (blank lines before the header, lower-case line types, +amounts, spaces around values,
non-ASCII text, brackets, missing or unknown UTBMS codes, an unknown timekeeper classification, a
header field that differs between lines of one invoice) do not stop an invoice. 98BI and XML
invoices keep their own currency. Each invoice becomes one receivable: customer = CLIENT_ID,
invoice = INVOICE_NUMBER, matter = LAW_FIRM_MATTER_ID, due date = invoice date + terms. An
invoice with tax (98BI, XML) becomes two: the fees net of tax under its number, and the tax as
<INVOICE_NUMBER>-TAX with the same dates, matter and currency; together they are the total.

Options:
  --currency CODE   currency of the amounts of a 1998B file, which does not carry one (default
                    USD); 98BI and XML invoices are in the currency they state
  --terms-days N    days from invoice date to due date (default ${DEFAULT_TERMS_DAYS})
  --ledger PATH     the ledger (.xlsx or CSV folder) to check against: invoices it already holds
                    are skipped, and one it holds with another client or amount is reported
  --out DIR         also write DIR/customers.csv and DIR/invoices.csv with the new rows under the
                    ledger's headers, to paste into the sheet or merge into a ledger folder;
                    refuses to overwrite either file
  --json            print {"invoices", "rejected", "problems", "ledger"}; amounts in minor units

Exit codes: 0 every invoice read, 1 the file has errors (valid invoices are still listed and
written), an invoice conflicts with the ledger, or a file cannot be read or written; 2 usage error.
`;

interface ImportOptions {
  file: string;
  currency: string;
  termsDays: number;
  ledger?: string;
  out?: string;
  json: boolean;
}

const ARGS_CONFIG = {
  options: {
    currency: { type: 'string', default: 'USD' },
    'terms-days': { type: 'string', default: String(DEFAULT_TERMS_DAYS) },
    ledger: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  strict: true,
  allowPositionals: true,
} as const;

function parseImportArgs(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], ...ARGS_CONFIG });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e), 'import-ledes');
  }
}

function readOptions(args: readonly string[]): ImportOptions {
  const parsed = parseImportArgs(args);
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('FILE (a LEDES 1998B file) is required', 'import-ledes');
  if (positionals.length > 1)
    throw new UsageError(`one FILE at a time, got ${positionals.length}`, 'import-ledes');
  const currency = values.currency.toUpperCase();
  if (!isKnownCurrency(currency))
    throw new UsageError(`--currency "${values.currency}" is not a known ISO currency code`, 'import-ledes');
  const terms = values['terms-days'];
  if (!/^\d{1,4}$/.test(terms))
    throw new UsageError(`--terms-days "${terms}" is not a whole number of days`, 'import-ledes');
  for (const key of ['ledger', 'out'] as const) {
    if (values[key] === '') throw new UsageError(`--${key} needs a path`, 'import-ledes');
  }
  return {
    file: positionals[0]!,
    currency,
    termsDays: Number(terms),
    ledger: values.ledger,
    out: values.out,
    json: values.json,
  };
}

/**
 * Runs `duebook import-ledes`. Prints what was valid before failing, so a clerk can fix the file
 * with the whole list of problems in hand.
 *
 * @example await importLedesCommand(['invoices.txt', '--out', 'ledger-import'], processIo)
 */
export async function importLedesCommand(args: readonly string[], io: CliIo): Promise<number> {
  const options = readOptions(args);
  let text: string;
  try {
    text = await readFile(options.file, 'utf8');
  } catch (e) {
    io.err(`duebook: cannot read ${options.file}: ${errorText(e)}\n`);
    return EXIT.FAILED;
  }
  const parsed = parseLedes(text, { currency: options.currency });
  let ledger: Ledger | undefined;
  if (options.ledger !== undefined) {
    try {
      const input = await readLedger(options.ledger);
      const checked = parseLedger(input.rows);
      if (checked.problems.length > 0) {
        io.err(
          `note: the ledger has ${checked.problems.length} problem(s) (see duebook validate); rows with problems were not compared\n`,
        );
      }
      ledger = checked.ledger;
    } catch (e) {
      io.err(`duebook: cannot read the ledger: ${errorText(e)}\n`);
      return EXIT.FAILED;
    }
  }
  const imported = ledesToLedger(parsed.invoices, ledger, { termsDays: options.termsDays });

  let written: string[] = [];
  if (options.out !== undefined) {
    const result = await writeRows(options.out, imported);
    if (!result.ok) {
      io.err(`duebook: ${result.message}\n`);
      return EXIT.FAILED;
    }
    written = result.files;
  }

  if (options.json) {
    io.out(
      `${JSON.stringify(
        {
          file: options.file,
          currency: options.currency,
          invoices: parsed.invoices,
          rejected: parsed.rejected,
          problems: parsed.problems,
          ledger: imported,
          written,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    io.out(formatImport(parsed, imported, written));
  }
  const hasErrors = parsed.problems.some((p) => p.severity === 'error');
  return hasErrors || imported.conflicts.length > 0 || imported.notImported.length > 0
    ? EXIT.FAILED
    : EXIT.OK;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Writes the two CSV files, or neither when one of them already exists. */
async function writeRows(
  dir: string,
  imported: LedesLedgerImport,
): Promise<{ ok: true; files: string[] } | { ok: false; message: string }> {
  const rows = ledgerImportRows(imported);
  const files = [
    { path: join(dir, tabFileName('Customers')), tab: 'Customers' as const, rows: rows.customers },
    { path: join(dir, tabFileName('Invoices')), tab: 'Invoices' as const, rows: rows.invoices },
  ];
  for (const f of files) {
    if (await exists(f.path)) {
      return {
        ok: false,
        message: `${f.path} already exists; nothing written (use an empty folder and merge the rows yourself)`,
      };
    }
  }
  try {
    await mkdir(dir, { recursive: true });
    // 'wx' fails rather than overwrite a file that appeared since the check.
    // Through the one formula guard: a firm's description such as `=HYPERLINK(...)` stays text.
    for (const f of files) await writeFile(f.path, guardedCsv(f.tab, f.rows), { flag: 'wx' });
  } catch (e) {
    return { ok: false, message: `cannot write to ${dir}: ${errorText(e)}` };
  }
  return { ok: true, files: files.map((f) => f.path) };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The readable report: one block per invoice with its lines, then problems and what the ledger gets. */
function formatImport(parsed: LedesParse, imported: LedesLedgerImport, written: readonly string[]): string {
  const out: string[] = [];
  for (const inv of parsed.invoices) out.push(formatInvoice(inv));
  const errors = parsed.problems.filter((p) => p.severity === 'error').length;
  const warnings = parsed.problems.length - errors;
  if (parsed.problems.length > 0) {
    out.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}:`);
    out.push(`${parsed.problems.map((p) => `  ${formatLedesProblem(p)}`).join('\n')}\n`);
  }
  if (parsed.rejected.length > 0) out.push(`Not imported because of errors: ${parsed.rejected.join(', ')}\n`);
  for (const c of imported.conflicts)
    out.push(`Invoice ${c.invoiceId} is already in the ledger and differs: ${c.differences.join('; ')}\n`);
  for (const n of imported.notImported) out.push(`Invoice ${n.invoiceId} not imported: ${n.reason}\n`);
  const summary = [
    `${plural(parsed.invoices.length + parsed.rejected.length, 'invoice')} in the file`,
    `${imported.invoices.length} new for the ledger${imported.taxLines.length > 0 ? ` (${plural(imported.taxLines.length, 'tax receivable')})` : ''}`,
    `${plural(imported.customers.length, 'new client')}`,
  ];
  if (imported.unchanged.length > 0) summary.push(`${imported.unchanged.length} already in the ledger`);
  out.push(`${summary.join(', ')}.`);
  for (const path of written) out.push(`Wrote ${path}`);
  return `${out.join('\n')}\n`;
}

function formatInvoice(inv: LedesInvoice): string {
  const money = (minor: number) => formatMoney(minor, inv.currency, { code: false });
  const head =
    `Invoice ${inv.invoiceNumber}  client ${inv.clientId}  matter ${inv.lawFirmMatterId}` +
    `${inv.clientMatterId ? ` (client matter ${inv.clientMatterId})` : ''}  ${inv.invoiceDate}` +
    `  ${formatMoney(inv.totalMinor, inv.currency)}` +
    (inv.taxMinor === undefined ? '' : ` (tax ${money(inv.taxMinor)}, net ${money(inv.netMinor ?? 0)})`);
  const period = `Billing ${inv.billingStartDate} to ${inv.billingEndDate}${inv.description ? `: ${inv.description}` : ''}`;
  const table = renderTable(
    [
      { header: 'Line' },
      { header: 'Type' },
      { header: 'Date' },
      { header: 'Timekeeper' },
      { header: 'Units', align: 'right' },
      { header: 'Unit cost', align: 'right' },
      { header: 'Adj', align: 'right' },
      { header: 'Total', align: 'right' },
      { header: 'Codes' },
      { header: 'Description' },
    ],
    inv.lines.map((l) => [
      l.lineItemNumber,
      l.type,
      l.date,
      truncate(l.timekeeperName ?? l.timekeeperId ?? '', 20),
      l.units ?? '',
      l.unitCost ?? '',
      l.adjustmentMinor === 0 ? '' : money(l.adjustmentMinor),
      money(l.totalMinor),
      [l.taskCode, l.activityCode, l.expenseCode].filter(Boolean).join(' '),
      truncate(l.description ?? '', 40),
    ]),
  );
  return `${head}\n${period}\n${table}`;
}
