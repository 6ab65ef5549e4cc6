// The `duebook` command line: validate, age and plan a ledger given as an .xlsx workbook or CSV folder.
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { PlannedAction } from '../core/collections/collection-plan.js';
import { type AgingReport, ageBook } from '../core/ledger/aging.js';
import { type Book, buildBook } from '../core/ledger/book.js';
import { type IsoDate, isValidTimeZone, parseIsoDay, zonedInstant } from '../core/ledger/dates.js';
import { emptyLedger, type Ledger } from '../core/ledger/ledger.js';
import { ageColumnarLedger, columnarLedger } from '../core/ledger/ledger-columns.js';
import { formatMoney, NUMBER_FORMATS, type NumberFormat } from '../core/ledger/money.js';
import { SCHEMA, TAB_NAMES, type TabName } from '../core/ledger/schema.js';
import { formatProblem } from '../core/ledger/schema-cells.js';
import { type LedgerParse, parseLedger } from '../core/ledger/schema-rows.js';
import { PlannedActionTable } from './action-table.js';
import { writeAgingJsonBytes } from './aging-json.js';
import { type CliIo, EXIT, parseCommandOptions, processIo, TextBytes, UsageError } from './io.js';
import { streamJsonBytes } from './json-bytes.js';
import { OutputClosedError } from './output-thread.js';
import { writePlannedAction } from './plan-action-json.js';
import { formatPlan, plural, truncate, writePlan } from './plan-text.js';
import { type LedgerInput, LedgerReadError, readLedger, readLedgerColumns } from './read-ledger.js';
import { didYouMean } from './suggest.js';
import { colourWanted, outputWidth, renderTable } from './table.js';

export { type CliIo, EXIT, UsageError } from './io.js';
export { formatPlan, writePlan };

export const DEFAULT_OFFICE_TIME_ZONE = 'America/New_York';
const DEFAULT_RUN_AT = '09:00';

const LEDGER_HELP = `The ledger is an .xlsx workbook with one sheet per tab (Customers, Invoices, Payments,
Adjustments, Promises, Plans, Activity, Claims, Contact Changes; names in any case), or a folder
of CSV files named after the tabs (customers.csv, invoices.csv, ..., contact-changes.csv).
Missing tabs are empty. The header is the first row;
headers match case-insensitively. An amount typed as text whose one separator could be a
thousands or a decimal one (1,500) is a problem unless --number-format says which
(1,234.56 or 1.234,56, where the command takes it).`;

const EXIT_HELP = `Exit codes:
  0  done (age, plan: rows with problems are left out and listed on stderr)
  1  validate found problems; age/plan --strict met problems; or the ledger could not be read
  2  usage error (unknown command or option, missing or malformed argument)`;

interface ModuleCommand {
  /** Full help; its first line is the usage line shown in the main help. */
  help: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/**
 * Commands that live in their own module under cli/commands/, each loaded only when it runs or its
 * help is asked for, so a start loads no module (nor package) a command does not need.
 */
const MODULE_COMMANDS: Record<string, () => Promise<ModuleCommand>> = {
  'import-835': async () => {
    const m = await import('./commands/import-835.js');
    return { help: m.IMPORT_835_HELP, run: m.import835Command };
  },
  claims: async () => {
    const m = await import('./commands/claims.js');
    return { help: m.CLAIMS_HELP, run: m.claimsCommand };
  },
  'claim-status': async () => {
    const m = await import('./commands/claim-status.js');
    return { help: m.CLAIM_STATUS_HELP, run: m.claimStatusCommand };
  },
  'import-277': async () => {
    const m = await import('./commands/import-277.js');
    return { help: m.IMPORT_277_HELP, run: m.import277Command };
  },
  appeal: async () => {
    const m = await import('./commands/appeal.js');
    return { help: m.APPEAL_HELP, run: m.appealCommand };
  },
  'import-ledes': async () => {
    const m = await import('./commands/import-ledes.js');
    return { help: m.IMPORT_LEDES_HELP, run: m.importLedesCommand };
  },
  handover: async () => {
    const m = await import('./commands/handover.js');
    return { help: m.HANDOVER_HELP, run: m.handoverCommand };
  },
  tracing: async () => {
    const m = await import('./commands/tracing.js');
    return { help: m.TRACING_HELP, run: m.tracingCommand };
  },
  purge: async () => {
    const m = await import('./commands/purge.js');
    return { help: m.PURGE_HELP, run: m.purgeCommand };
  },
  letters: async () => {
    const m = await import('./commands/letters.js');
    return { help: m.LETTERS_HELP, run: m.lettersCommand };
  },
  statement: async () => {
    const m = await import('./commands/statement.js');
    return { help: m.STATEMENT_HELP, run: m.statementCommand };
  },
  messages: async () => {
    const m = await import('./commands/messages.js');
    return { help: m.MESSAGES_HELP, run: m.messagesCommand };
  },
  report: async () => {
    const m = await import('./commands/report.js');
    return { help: m.REPORT_HELP, run: m.reportCommand };
  },
};
const isModuleCommand = (s: string | undefined): boolean =>
  s !== undefined && Object.hasOwn(MODULE_COMMANDS, s);
/**
 * Every usage line of every module command (up to its first blank line), so forms like
 * `handover --customer` and `tracing --undo` are listed too; for the main help (loads the modules).
 */
async function moduleUsage(): Promise<string> {
  const commands = await Promise.all(Object.values(MODULE_COMMANDS).map((load) => load()));
  return commands
    .map((c) =>
      c.help
        .split('\n\n')[0]!
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
    )
    .join('\n');
}

const HELP: Record<'main' | CommandName, string> = {
  main: `duebook - check, age and plan a receivables ledger

Usage:
  duebook validate --ledger PATH [--json]
  duebook age      --ledger PATH --as-of YYYY-MM-DD [--json] [--strict]
  duebook plan     --ledger PATH --as-of YYYY-MM-DD [--at HH:MM] [--time-zone ZONE]
                   [--json] [--strict] [--wide]
  duebook run      --ledger PATH --as-of YYYY-MM-DD [--time-zone ZONE] [--data DIR] [--json]
{{MODULE_USAGE}}
  duebook help [COMMAND]      duebook COMMAND --help      duebook --version

${LEDGER_HELP}

Results go to stdout, problems and notes to stderr.

${EXIT_HELP}
`,
  validate: `duebook validate --ledger PATH [--json] [--number-format 1,234.56|1.234,56]

Checks every row of every tab and lists each problem as "Tab row N, Column: message", with the
row number the sheet shows (the header is row 1). With no problems, prints one line with the
number of valid rows per tab.

Options:
  --ledger PATH   .xlsx workbook or folder of CSV files (required)
  --json          print {"problems": [{tab, row, column, code, message}], "counts": {Tab: valid rows}}
  --number-format 1,234.56 or 1.234,56: how the ledger writes amounts as text

${LEDGER_HELP}

Exit codes: 0 no problems, 1 problems found or ledger unreadable, 2 usage error.
`,
  age: `duebook age --ledger PATH --as-of YYYY-MM-DD [--json] [--strict]

Ages every open item by days past its due date as of the given date (buckets current, 1-30,
31-60, 61-90, 90+), per customer and currency, with totals per currency. Amounts in different
currencies are never added together.

Options:
  --ledger PATH         .xlsx workbook or folder of CSV files (required)
  --as-of YYYY-MM-DD    the day to age as of (required); nothing dated later counts
  --json                print {"asOf", "buckets", "customers": [{customerId, currency, totalMinor,
                        bucketsMinor, unappliedCreditMinor}], "totals": [...]}; amounts in minor units
  --strict              fail (exit 1, no report) if the ledger has any problem
  --number-format F     1,234.56 or 1.234,56: how the ledger writes amounts as text

Rows with problems are left out: the report covers the valid rows, and the problems are listed
on stderr with a note (exit 0) unless --strict is given.

Exit codes: 0 report printed, 1 ledger unreadable or --strict with problems, 2 usage error.
`,
  plan: `duebook plan --ledger PATH --as-of YYYY-MM-DD [--at HH:MM] [--time-zone ZONE]
             [--json] [--strict] [--wide]

Decides who should hear what on the given day under the default dunning policy: each planned
action with customer, stage, channel and why, and each action a guardrail blocked with the rule.
Customers whose Ladder is trade-credit also get internal actions (credit hold at 45 days past due,
stop service at 75): listed for the office's credit contact with why; nothing goes to the customer.

Options:
  --ledger PATH         .xlsx workbook or folder of CSV files (required)
  --as-of YYYY-MM-DD    the day to plan for (required)
  --at HH:MM            office wall-clock time of the run (default ${DEFAULT_RUN_AT})
  --time-zone ZONE      the office's IANA time zone, used for --at and for customers without a
                        Time Zone (default ${DEFAULT_OFFICE_TIME_ZONE})
  --json                print the plan as JSON {asOf, policyVersion, actions, blocked,
                        internalActions}
  --wide                one line per action, however long (default: fit the terminal, or 100
                        columns when not a terminal, with each explanation wrapped under its row)
  --strict              fail (exit 1, no plan) if the ledger has any problem
  --number-format F     1,234.56 or 1.234,56: how the ledger writes amounts as text

Exit codes: 0 plan printed, 1 ledger unreadable or --strict with problems, 2 usage error.
`,
  run: `duebook run --ledger PATH --as-of YYYY-MM-DD [--time-zone ZONE] [--data DIR] [--json]

Replays one day on the local stack (DynamoDB Local, the SES emulator, the same Lambda handlers as
in AWS): syncs the ledger through the API, runs the daily collection run at 09:00 office time,
dispatches emails as each debtor's 08:00-21:00 window opens over the next 24 hours, and lists
what was sent. It replays with review mode off, as if a clerk approved every email (npm start
shows the review step). The data stays in DIR, so running the same day again sends nothing new and the
next day sends only what became due.

Options:
  --ledger PATH         .xlsx workbook or folder of CSV files (required)
  --as-of YYYY-MM-DD    the day to run (required)
  --time-zone ZONE      the office's IANA time zone (default ${DEFAULT_OFFICE_TIME_ZONE})
  --data DIR            where the local database lives (default .duebook-local)
  --json                print the day's summary and emails as JSON

Needs Java 17+ for DynamoDB Local. Rows removed from the ledger since the last run are deleted
from DIR too (the ids synced are kept in DIR/duebook-synced-ids.json); delete the folder to start
over.

Exit codes: 0 day run, 1 ledger unreadable or the local stack failed, 2 usage error.
`,
};

type CommandName = 'validate' | 'age' | 'plan' | 'run';
const COMMANDS: readonly CommandName[] = ['validate', 'age', 'plan', 'run'];

/** The main help, with the module commands' usage lines in place. */
async function mainHelp(): Promise<string> {
  return HELP.main.replace('{{MODULE_USAGE}}', await moduleUsage());
}
const isCommand = (s: string | undefined): s is CommandName => COMMANDS.includes(s as CommandName);

/**
 * Runs the CLI on `argv` (without the node and script paths) and returns the exit code.
 *
 * @example await main(['age', '--ledger', 'examples/demo-ledger', '--as-of', '2026-11-23', '--json'])
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    const code = await runCommandLine(argv, io);
    io.drain?.();
    return code;
  } catch (e) {
    // `duebook plan --json | head`: the reader has what it wanted; no trace for a closed pipe.
    if (e instanceof OutputClosedError) return EXIT.FAILED;
    // What was written before the failure goes out before its trace; the failure is what is thrown.
    try {
      io.drain?.();
    } catch {
      // The failure already met is the one to report.
    }
    throw e;
  }
}

async function runCommandLine(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      io.err(await mainHelp());
      return EXIT.USAGE;
    }
    if (first === '--help' || first === '-h') {
      io.out(await mainHelp());
      return EXIT.OK;
    }
    if (first === 'help') {
      const topic = rest[0];
      if (topic === undefined) io.out(await mainHelp());
      else if (isCommand(topic)) io.out(HELP[topic]);
      else if (isModuleCommand(topic)) io.out((await MODULE_COMMANDS[topic]!()).help);
      else
        throw new UsageError(
          `unknown command "${topic}"${didYouMean(topic, [...COMMANDS, ...Object.keys(MODULE_COMMANDS)])}`,
        );
      return EXIT.OK;
    }
    if (first === '--version' || first === '-v') {
      io.out(`${packageVersion()}\n`);
      return EXIT.OK;
    }
    if (isModuleCommand(first)) {
      const command = await MODULE_COMMANDS[first as string]!();
      if (rest.includes('--help') || rest.includes('-h')) {
        io.out(command.help);
        return EXIT.OK;
      }
      return await command.run(rest, io);
    }
    if (!isCommand(first)) {
      throw new UsageError(
        first.startsWith('-')
          ? `expected a command before ${first}`
          : `unknown command "${first}"${didYouMean(first, [...COMMANDS, ...Object.keys(MODULE_COMMANDS), 'help'])}`,
      );
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(HELP[first]);
      return EXIT.OK;
    }
    switch (first) {
      case 'validate':
        return await validateCommand(rest, io);
      case 'age':
        return await ageCommand(rest, io);
      case 'plan':
        return await planCommand(rest, io);
      case 'run':
        return await runCommand(rest, io);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      const command = isCommand(first) || isModuleCommand(first) ? first : undefined;
      io.err(`duebook: ${e.message}\nRun "duebook ${command ? `${command} ` : ''}--help" for usage.\n`);
      return EXIT.USAGE;
    }
    if (e instanceof LedgerReadError) {
      io.err(`duebook: cannot read the ledger: ${e.message}\n`);
      return EXIT.FAILED;
    }
    throw e;
  }
}

/** The package's version, from the nearest package.json above this file (the sources or dist/cli). */
function packageVersion(): string {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as {
        name?: string;
        version: string;
      };
      if (pkg.name === 'duebook') return pkg.version;
    } catch {
      // Not there: one folder further up.
    }
  }
  throw new Error('the duebook package.json was not found');
}

const ledgerOption = { ledger: { type: 'string' } } as const;
const jsonOption = { json: { type: 'boolean', default: false } } as const;
const strictOption = { strict: { type: 'boolean', default: false } } as const;
const asOfOption = { 'as-of': { type: 'string' } } as const;

function requireLedgerPath(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new UsageError('--ledger PATH is required');
  return value;
}

function requireAsOf(value: unknown): IsoDate {
  if (typeof value !== 'string') throw new UsageError('--as-of YYYY-MM-DD is required');
  if (parseIsoDay(value) === undefined)
    throw new UsageError(`--as-of "${value}" is not a date (use YYYY-MM-DD)`);
  return value;
}

/**
 * Reads and validates a ledger; notes about the source (ignored files) go to stderr. Fee and
 * interest rows the law or the contract does not allow are problems too (`CHARGE.REFUSED`), left
 * out of the ledger like any bad row, so no balance or message includes them.
 */
async function loadLedger(
  path: string,
  io: CliIo,
  numberFormat?: unknown,
): Promise<{ input: LedgerInput; parsed: LedgerParse }> {
  const format = requireNumberFormat(numberFormat);
  const input = await readLedger(path);
  for (const note of input.source.notes) io.err(`note: ${note}\n`);
  // The charge rules (state tables) load only when a ledger takes the row path.
  const { refuseChargesInParse } = await import('../core/compliance/charge-refusals.js');
  return {
    input,
    parsed: refuseChargesInParse(parseLedger(input.rows, format ? { numberFormat: format } : {})),
  };
}

const numberFormatOption = { 'number-format': { type: 'string' } } as const;

/** The ledger's stated number format (`--number-format`), or undefined when none was given. */
function requireNumberFormat(value: unknown): NumberFormat | undefined {
  if (value === undefined) return undefined;
  if (!NUMBER_FORMATS.includes(value as NumberFormat))
    throw new UsageError(`--number-format must be ${NUMBER_FORMATS.join(' or ')}, not "${String(value)}"`);
  return value as NumberFormat;
}

/** Valid rows per tab, in tab order. */
export function ledgerCounts(ledger: Ledger): Record<TabName, number> {
  const counts = {} as Record<TabName, number>;
  for (const def of SCHEMA) counts[def.name] = ledger[def.key].length;
  return counts;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function validateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const values = parseCommandOptions('validate', args, {
    ...ledgerOption,
    ...jsonOption,
    ...numberFormatOption,
  });
  const path = requireLedgerPath(values.ledger);
  // A ledger whose every row is valid is checked as columns, no object per row (see validColumnCounts).
  const fastCounts = await validColumnCounts(path, requireNumberFormat(values['number-format']), io);
  if (fastCounts) {
    io.out(
      values.json
        ? json({ problems: [], counts: fastCounts })
        : `OK ${path}: no problems (valid rows: ${TAB_NAMES.map((t) => `${t} ${fastCounts[t]}`).join(', ')})\n`,
    );
    return EXIT.OK;
  }
  const { parsed } = await loadLedger(path, io, values['number-format']);
  const counts = ledgerCounts(parsed.ledger);
  if (values.json) {
    io.out(json({ problems: parsed.problems, counts }));
    return parsed.problems.length > 0 ? EXIT.FAILED : EXIT.OK;
  }
  const countText = TAB_NAMES.map((t) => `${t} ${counts[t]}`).join(', ');
  if (parsed.problems.length === 0) {
    io.out(`OK ${path}: no problems (valid rows: ${countText})\n`);
    return EXIT.OK;
  }
  for (const p of parsed.problems) io.out(`${formatProblem(p)}\n`);
  io.out(
    `${plural(parsed.problems.length, 'problem')} in ${path} (${problemsPerTab(parsed)}); valid rows: ${countText}\n`,
  );
  return EXIT.FAILED;
}

/**
 * The valid rows per tab when the ledger (a CSV folder or an .xlsx) reads as columns with every row
 * valid, the source's notes written to stderr; `undefined` otherwise, and the row path then reads
 * it and names each problem. A ledger the columnar path takes has rows on Customers, Invoices and
 * Payments only.
 */
async function validColumnCounts(
  path: string,
  format: NumberFormat | undefined,
  io: CliIo,
): Promise<Record<TabName, number> | undefined> {
  const columns = await readLedgerColumns(path);
  const read = columns ? columnarLedger(columns.tabs, format ? { numberFormat: format } : {}) : undefined;
  const fast = columns && read && !columns.wide ? read : undefined;
  if (!columns || !fast) return undefined;
  for (const note of columns.source.notes) io.err(`note: ${note}\n`);
  const counts = ledgerCounts(emptyLedger());
  // Counted on the columns: no Customer or Payment object is made to be counted.
  counts.Customers = fast.customerIds.length;
  counts.Invoices = fast.invoices.count;
  counts.Payments = fast.paymentColumns.count;
  return counts;
}

function problemsPerTab(parsed: LedgerParse): string {
  const perTab = new Map<string, number>();
  for (const p of parsed.problems) perTab.set(p.tab, (perTab.get(p.tab) ?? 0) + 1);
  return [...perTab].map(([tab, n]) => `${tab} ${n}`).join(', ');
}

/**
 * Reports problems found while loading for `age` and `plan`. Returns true if the command must stop
 * (`--strict`, or a tab refused whole); otherwise the problems are warnings and the valid rows go on.
 */
function reportProblems(
  parsed: Pick<LedgerParse, 'problems' | 'refused'>,
  strict: boolean,
  io: CliIo,
): boolean {
  if (parsed.problems.length === 0) return false;
  for (const p of parsed.problems) io.err(`${formatProblem(p)}\n`);
  const n = plural(parsed.problems.length, 'problem');
  // A tab refused whole means this is not the office's ledger: no report is better than an empty one.
  if (parsed.refused && parsed.refused.length > 0) {
    io.err(
      `duebook: ${parsed.refused.join(', ')} refused as a whole (a required column is missing); nothing done\n`,
    );
    return true;
  }
  if (strict) {
    io.err(`duebook: ${n} in the ledger; nothing done because of --strict\n`);
    return true;
  }
  io.err(
    `note: ${n} in the ledger; those rows were left out and the result covers the valid rows only (--strict fails instead)\n`,
  );
  return false;
}

async function ageCommand(args: readonly string[], io: CliIo): Promise<number> {
  const values = parseCommandOptions('age', args, {
    ...ledgerOption,
    ...asOfOption,
    ...jsonOption,
    ...strictOption,
    ...numberFormatOption,
  });
  const path = requireLedgerPath(values.ledger);
  const asOf = requireAsOf(values['as-of']);
  // A CSV folder whose every row is valid is read, posted and aged as columns; anything else (an
  // .xlsx, a row with a problem, returned payments, other tabs) takes the row path below.
  const format = requireNumberFormat(values['number-format']);
  const columns = await readLedgerColumns(path);
  // Read before `wide` is asked: the Invoices reader may know its file has no wide record unscanned.
  const read = columns ? columnarLedger(columns.tabs, format ? { numberFormat: format } : {}) : undefined;
  const fast = columns && read && !columns.wide ? read : undefined;
  if (columns && fast) {
    for (const note of columns.source.notes) io.err(`note: ${note}\n`);
    const report = ageColumnarLedger(fast, asOf);
    if (values.json) writeAgingJsonBytes(report, io);
    else io.out(formatAgingReport(report, { ...emptyLedger(), customers: fast.customers }));
    return EXIT.OK;
  }
  const { parsed } = await loadLedger(path, io, values['number-format']);
  if (reportProblems(parsed, values.strict === true, io)) return EXIT.FAILED;
  const report = ageBook(buildBook(parsed.ledger, asOf), asOf);
  if (values.json) writeAgingJsonBytes(report, io);
  else io.out(formatAgingReport(report, parsed.ledger));
  return EXIT.OK;
}

/** The aging report as two tables: one row per customer and currency, then totals per currency. */
export function formatAgingReport(report: AgingReport, ledger: Ledger): string {
  const names = new Map(ledger.customers.map((c) => [c.customerId, c.name]));
  const money = (minor: number, currency: string) =>
    minor === 0 ? '-' : formatMoney(minor, currency, { code: false });
  const amountColumns = [...report.buckets, 'Total', 'Credit'].map((header) => ({
    header,
    align: 'right' as const,
  }));
  const lines = [`Aging as of ${report.asOf}, by days past due date\n`];
  if (report.customers.length === 0) {
    lines.push('Nothing is open.\n');
    return lines.join('\n');
  }
  lines.push(
    renderTable(
      [{ header: 'Customer' }, { header: 'Name' }, { header: 'Cur' }, ...amountColumns],
      report.customers.map((c) => [
        c.customerId,
        truncate(names.get(c.customerId) ?? '', 32),
        c.currency,
        ...c.bucketsMinor.map((m) => money(m, c.currency)),
        money(c.totalMinor, c.currency),
        money(c.unappliedCreditMinor, c.currency),
      ]),
    ),
  );
  lines.push(
    renderTable(
      [{ header: 'Totals' }, ...amountColumns],
      report.totals.map((t) => [
        t.currency,
        ...t.bucketsMinor.map((m) => money(m, t.currency)),
        money(t.totalMinor, t.currency),
        money(t.unappliedCreditMinor, t.currency),
      ]),
    ),
  );
  return lines.join('\n');
}

async function planCommand(args: readonly string[], io: CliIo): Promise<number> {
  const values = parseCommandOptions('plan', args, {
    ...ledgerOption,
    ...asOfOption,
    ...jsonOption,
    ...strictOption,
    ...numberFormatOption,
    at: { type: 'string', default: DEFAULT_RUN_AT },
    'time-zone': { type: 'string', default: DEFAULT_OFFICE_TIME_ZONE },
    wide: { type: 'boolean', default: false },
  });
  const path = requireLedgerPath(values.ledger);
  const asOf = requireAsOf(values['as-of']);
  const timeZone = String(values['time-zone']);
  if (!isValidTimeZone(timeZone))
    throw new UsageError(`--time-zone "${timeZone}" is not an IANA time zone (e.g. America/Chicago)`);
  const at = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(String(values.at));
  if (!at) throw new UsageError(`--at "${String(values.at)}" is not a time (use HH:MM, 24-hour)`);
  const now = zonedInstant(asOf, Number(at[1]), timeZone) + Number(at[2]) * 60_000;
  // As for `age`: a CSV folder whose every row is valid is read as columns and its book built from
  // them; anything else takes the row path.
  const format = requireNumberFormat(values['number-format']);
  const columns = await readLedgerColumns(path);
  // Read before `wide` is asked, as for `age`: asking first would scan every file a second time.
  const read = columns ? columnarLedger(columns.tabs, format ? { numberFormat: format } : {}) : undefined;
  const fast = columns && read && !columns.wide ? read : undefined;
  let ledger: Ledger;
  let book: Book;
  // The planner loads here, not at start: `age` and `validate` never need it.
  const [{ DEFAULT_POLICY }, { planCollections }] = await Promise.all([
    import('../core/collections/dunning-policy.js'),
    import('../core/collections/collection-plan.js'),
  ]);
  if (columns && fast) {
    for (const note of columns.source.notes) io.err(`note: ${note}\n`);
    const { bookFromColumns, ledgerOfColumns } = await import('../core/ledger/ledger-columns-book.js');
    ledger = ledgerOfColumns(fast);
    book = bookFromColumns(fast, asOf);
  } else {
    const { parsed } = await loadLedger(path, io, values['number-format']);
    if (reportProblems(parsed, values.strict === true, io)) return EXIT.FAILED;
    ledger = parsed.ledger;
    book = buildBook(ledger, asOf);
  }
  const input = {
    ledger,
    book,
    policy: DEFAULT_POLICY,
    asOf,
    now,
    defaultTimeZone: timeZone,
    customerRows: fast?.customerRows,
  };
  // A plan of a million invoices is hundreds of MB of JSON: each action written (in batches) as the
  // planner makes it, so they never live all at once; `writeJson(plan)`'s bytes.
  if (values.json) {
    const stream = streamJsonBytes<PlannedAction>(
      { asOf, policyVersion: DEFAULT_POLICY.version },
      'actions',
      io,
      writePlannedAction,
    );
    stream.end({ ...planCollections({ ...input, onAction: (a) => stream.push(a) }) });
    return EXIT.OK;
  }
  // The table is written once the plan is whole, so every action is held until then: as its row's
  // bytes (PlannedActionTable), not as an action object of twenty members or a row of strings.
  const width = outputWidth(values.wide === true);
  const colour = colourWanted();
  const rows = new PlannedActionTable(asOf, width, colour);
  const plan = planCollections({ ...input, onAction: (a) => rows.add(a) });
  const text = new TextBytes(io);
  writePlan(plan, `${asOf} ${String(values.at)} ${timeZone}`, width, colour, text, rows);
  text.end();
  return EXIT.OK;
}

async function runCommand(args: readonly string[], io: CliIo): Promise<number> {
  const values = parseCommandOptions('run', args, {
    ...ledgerOption,
    ...asOfOption,
    ...jsonOption,
    'time-zone': { type: 'string', default: DEFAULT_OFFICE_TIME_ZONE },
    data: { type: 'string', default: '.duebook-local' },
  });
  const ledgerPath = requireLedgerPath(values.ledger);
  const asOf = requireAsOf(values['as-of']);
  const timeZone = String(values['time-zone']);
  if (!isValidTimeZone(timeZone)) throw new UsageError(`--time-zone "${timeZone}" is not an IANA time zone`);
  // A CSV folder or .xlsx is read as columns (no array per row); anything else takes the row path.
  const { readRunLedger } = await import('./run-ledger.js');
  let ledger = await readRunLedger(ledgerPath, io);
  if (!ledger) {
    const { parsed, input } = await loadLedger(ledgerPath, io);
    ledger = { parse: parsed, tabs: input.rows };
  }
  if (reportProblems(ledger.parse, false, io)) return EXIT.FAILED;
  // The stack is loaded only for this command: validate, age and plan stay free of AWS packages.
  // Its handlers' info logs would drown the summary; the SDK's Node 20 notice is known.
  process.env.DUEBOOK_LOG ??= 'silent';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { replayDayOnce, formatReplay, localStackFailure } = await import('./local-run.js');
  let replay: Awaited<ReturnType<typeof replayDayOnce>>;
  try {
    replay = await replayDayOnce(ledger.tabs, asOf, timeZone, String(values.data));
  } catch (e) {
    const sentence = localStackFailure(e);
    if (!sentence) throw e;
    io.err(`duebook run: ${sentence}\n`);
    return EXIT.FAILED;
  }
  io.out(values.json ? json(replay) : formatReplay(replay));
  return EXIT.OK;
}

function startedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

// Run when started directly (`tsx cli/main.ts`); bin/duebook.js imports `main` instead.
if (startedDirectly()) process.exitCode = await main(process.argv.slice(2));
