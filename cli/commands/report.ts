// `duebook report`: the manager's Dashboard (core/reports/dashboard.ts) written as an .xlsx workbook or a PDF;
// exceljs and pdf-lib are loaded only here, only for the format asked for.
import { extname } from 'node:path';
import { planCollections } from '../../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../../core/collections/dunning-policy.js';
import { buildBook } from '../../core/ledger/book.js';
import { isValidTimeZone, parseIsoDay, zonedInstant } from '../../core/ledger/dates.js';
import { dashboard } from '../../core/reports/dashboard.js';
import { type CliIo, EXIT, parseCommandOptions, UsageError } from '../io.js';
import { loadLedger } from '../load-ledger.js';
import { OutputExistsError, refuseExisting, writeNewFiles } from '../write-output.js';

export const REPORT_HELP = `duebook report --ledger PATH --as-of YYYY-MM-DD --out FILE.xlsx|FILE.pdf
               [--locale TAG] [--time-zone ZONE] [--json]

Writes the Dashboard an office manager opens first, as of the given day: receivables and overdue
per currency, the aging by bucket (a stacked bar per currency), collected this month against last
month, countback DSO and CEI for each of the last 12 months (line charts), promises due this week
and broken in the last 30 days, payment plans in arrears, open disputes, the day's calls and
letters (the plan of \`duebook plan\` at 09:00), and claims within 14 days of their appeal deadline.
Every figure is computed once by the engine (core/reports/dashboard.ts), the same as the add-on's tab.

Options:
  --ledger PATH         .xlsx workbook or folder of CSV files (required)
  --as-of YYYY-MM-DD    the day of the report (required)
  --out FILE            FILE.xlsx (a Dashboard sheet with the figures and the tables behind the
                        charts) or FILE.pdf (US Letter, with the charts drawn); the folder is
                        created if needed; refuses to overwrite an existing file
  --locale TAG          how amounts and dates are written in the PDF, e.g. en-US, de-DE, fr-FR
                        (default en-US); the .xlsx uses number formats the reader's Excel localises
  --time-zone ZONE      the office's IANA zone for the day's plan (default America/New_York)
  --json                print the dashboard as JSON instead (amounts in minor units)

Rows with problems are left out (listed on stderr); the report covers the valid rows.

Exit codes: 0 written or printed, 1 ledger unreadable or the file exists or could not be written,
2 usage error.
`;

const COMMAND = 'report';

/**
 * Runs `duebook report` (arguments after the command name) and returns the exit code.
 *
 * @example await reportCommand(['--ledger', 'examples/demo-ledger', '--as-of', '2026-11-23', '--out', 'r.pdf'], io)
 */
export async function reportCommand(args: readonly string[], io: CliIo): Promise<number> {
  const values = parseCommandOptions(COMMAND, args, {
    ledger: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
    locale: { type: 'string', default: 'en-US' },
    'time-zone': { type: 'string', default: 'America/New_York' },
    json: { type: 'boolean', default: false },
  });
  if (!values.ledger) throw new UsageError('--ledger PATH is required', COMMAND);
  const asOf = values['as-of'];
  if (asOf === undefined) throw new UsageError('--as-of YYYY-MM-DD is required', COMMAND);
  if (parseIsoDay(asOf) === undefined)
    throw new UsageError(`--as-of "${asOf}" is not a date (use YYYY-MM-DD)`, COMMAND);
  const out = values.out;
  if (out === undefined && !values.json)
    throw new UsageError('--out FILE.xlsx|FILE.pdf is required', COMMAND);
  if (out !== undefined && values.json) throw new UsageError('give --out or --json, not both', COMMAND);
  const format = out === undefined ? undefined : extname(out).toLowerCase();
  if (out !== undefined && format !== '.pdf' && format !== '.xlsx')
    throw new UsageError(`--out "${out}" must end in .xlsx or .pdf`, COMMAND);
  const locale = String(values.locale);
  if (!isLocale(locale))
    throw new UsageError(`--locale "${locale}" is not a language tag (e.g. en-US)`, COMMAND);
  const timeZone = String(values['time-zone']);
  if (!isValidTimeZone(timeZone))
    throw new UsageError(
      `--time-zone "${timeZone}" is not an IANA time zone (e.g. America/Chicago)`,
      COMMAND,
    );
  if (out !== undefined) {
    try {
      await refuseExisting([out]);
    } catch (e) {
      if (!(e instanceof OutputExistsError)) throw e;
      io.err(`duebook: ${e.message}\n`);
      return EXIT.FAILED;
    }
  }

  const { ledger } = await loadLedger(values.ledger, io);
  const plan = planCollections({
    ledger,
    book: buildBook(ledger, asOf),
    policy: DEFAULT_POLICY,
    asOf,
    now: zonedInstant(asOf, 9, timeZone),
    defaultTimeZone: timeZone,
  });
  const data = dashboard(ledger, asOf, { plan, policy: DEFAULT_POLICY });
  if (out === undefined) {
    io.out(`${JSON.stringify(data, null, 2)}\n`);
    return EXIT.OK;
  }
  const bytes =
    format === '.pdf'
      ? await (await import('../report-pdf.js')).dashboardPdf(data, { locale })
      : await (await import('../report-xlsx.js')).dashboardXlsx(data);
  try {
    // Never replace a file someone may already have sent or opened.
    await writeNewFiles([{ path: out, bytes }]);
  } catch (e) {
    io.err(
      e instanceof OutputExistsError
        ? `duebook: ${e.message}\n`
        : `duebook: cannot write ${out} (${e instanceof Error ? e.message : String(e)})\n`,
    );
    return EXIT.FAILED;
  }
  io.out(`Wrote ${out} (dashboard as of ${asOf})\n`);
  return EXIT.OK;
}

function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}
