// `duebook statement`: one client's statement of open items grouped by matter, with subtotals,
// totals and aging, printed as text or written as a PDF or text file.
import { extname } from 'node:path';
import {
  buildClientStatement,
  clientStatementDocument,
  clientStatementText,
} from '../../core/collections/client-statement.js';
import { CHANNELS, FLAG_RULES } from '../../core/collections/contact-rules.js';
import { PAY_BY_DAYS } from '../../core/collections/send-time.js';
import { officeIdentityProblems } from '../../core/collections/templates.js';
import { mailedStatementDocument } from '../../core/documents/mailed.js';
import { addDays, parseIsoDay } from '../../core/ledger/dates.js';
import { renderPdf } from '../../lambdas/documents/pdf.js';
import { type CliIo, EXIT, parseCommandOptions, UsageError } from '../io.js';
import { loadLedger } from '../load-ledger.js';
import { type OfficeFile, OfficeFileError, readOfficeFile } from '../office-file.js';
import { OutputExistsError, refuseExisting, writeNewFiles } from '../write-output.js';

export const STATEMENT_HELP = `duebook statement --ledger PATH --customer ID --as-of YYYY-MM-DD
                  [--out FILE.pdf|FILE.txt] [--json]

Prints one client's statement of open items as of the given day: per currency, the open invoices
(and late fees or interest raised on them) grouped by matter with a subtotal per matter (invoices
without a Matter under "General"), the total open, unapplied credit and balance due, and the aging
by days past due. The figures are those of the aging report and agree with it.

Options:
  --ledger PATH         .xlsx workbook or folder of CSV files (required)
  --customer ID         the Customer ID of the client (required)
  --as-of YYYY-MM-DD    the statement date (required)
  --out FILE            write the statement to FILE instead of printing it: .pdf (US Letter,
                        dated --as-of, so the same ledger and day give the same bytes) or .txt;
                        refuses to overwrite an existing file (nothing written)
  --office FILE.json    the office's identity and voice (the keys of the add-on's Settings, see
                        duebook letters --help): the PDF becomes a letter to mail, with the
                        office's letterhead and logo, the client's address placed for a US #10
                        window envelope, the pay-by date (10 days on), payment instructions and
                        the remit-to address
  --office-name NAME    the office's legal name, printed at the top of the statement (text, PDF)
  --office-address TEXT the office's postal address, printed under the name
  --json                print the statement as JSON {clientId, clientName, asOf, buckets,
                        currencies: [{currency, matters, openMinor, unappliedCreditMinor,
                        balanceMinor, agingMinor}]}; amounts in minor units

A customer whose flags stop collection (bankruptcy, deceased, dispute, cease-contact, attorney,
placed) gets a warning on stderr: the statement is for the office's records, not to be sent.

The PDF is set in Duebook Sans (embedded), so names print as written ("Nguyễn Văn").
Rows with problems are left out (listed on stderr); the statement covers the valid rows.

Exit codes: 0 printed or written, 1 unknown customer, ledger unreadable or the file could not be
written, 2 usage error.
`;

const COMMAND = 'statement';

function options(args: readonly string[]) {
  return parseCommandOptions(COMMAND, args, {
    ledger: { type: 'string' },
    customer: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
    'office-name': { type: 'string' },
    'office-address': { type: 'string' },
    office: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
}

/**
 * Runs `duebook statement` (arguments after the command name) and returns the exit code. A ledger
 * that cannot be read throws `LedgerReadError`, which `main` reports like every command's.
 *
 * @example await statementCommand(['--ledger', 'ledger', '--customer', 'C-1025', '--as-of', '2026-11-23'], io)
 */
export async function statementCommand(args: readonly string[], io: CliIo): Promise<number> {
  const values = options(args);
  if (!values.ledger) throw new UsageError('--ledger PATH is required', COMMAND);
  if (!values.customer) throw new UsageError('--customer ID is required', COMMAND);
  const asOf = values['as-of'];
  if (asOf === undefined) throw new UsageError('--as-of YYYY-MM-DD is required', COMMAND);
  if (parseIsoDay(asOf) === undefined)
    throw new UsageError(`--as-of "${asOf}" is not a date (use YYYY-MM-DD)`, COMMAND);
  const out = values.out;
  const format = out === undefined ? undefined : extname(out).toLowerCase();
  if (out !== undefined && format !== '.pdf' && format !== '.txt')
    throw new UsageError(`--out "${out}" must end in .pdf or .txt`, COMMAND);
  if (out !== undefined && values.json) throw new UsageError('give --out or --json, not both', COMMAND);
  if (
    values.office !== undefined &&
    (values['office-name'] !== undefined || values['office-address'] !== undefined)
  )
    throw new UsageError('give --office or --office-name/--office-address, not both', COMMAND);
  let officeFile: OfficeFile | undefined;
  if (values.office !== undefined) {
    try {
      officeFile = await readOfficeFile(values.office);
    } catch (e) {
      if (!(e instanceof OfficeFileError)) throw e;
      io.err(`duebook: ${e.message}\n`);
      return EXIT.FAILED;
    }
  }

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
  const customerId = values.customer;
  if (!ledger.customers.some((c) => c.customerId === customerId)) {
    io.err(`duebook: no customer "${customerId}" among the valid rows of the Customers tab\n`);
    return EXIT.FAILED;
  }
  const office = officeFile
    ? { name: officeFile.office.name, address: officeFile.office.address }
    : { name: values['office-name'] ?? '', address: values['office-address'] };
  if (values['office-name'] !== undefined || values['office-address'] !== undefined) {
    const problems = officeIdentityProblems(office);
    if (problems.length > 0) throw new UsageError(problems.join('; '), COMMAND);
  }
  const customer = ledger.customers.find((c) => c.customerId === customerId)!;
  for (const flag of customer.flags) {
    const rule = FLAG_RULES[flag];
    if (rule.channels.length === CHANNELS.length) {
      io.err(
        `duebook: warning: ${customerId} is flagged ${flag}: ${rule.reason}; this statement is for the office's records, do not send it\n`,
      );
    }
  }
  const statement = buildClientStatement(ledger, customerId, asOf);
  const header = office.name ? `${[office.name, office.address].filter(Boolean).join('\n')}\n\n` : '';
  if (values.json) {
    io.out(`${JSON.stringify(statement, null, 2)}\n`);
    return EXIT.OK;
  }
  if (out === undefined) {
    io.out(header + clientStatementText(statement));
    return EXIT.OK;
  }
  const bytes =
    format === '.pdf'
      ? await renderPdf(
          officeFile
            ? mailedStatementDocument(statement, {
                office: officeFile.office,
                ...(officeFile.logo ? { logo: officeFile.logo } : {}),
                recipient: { customerId, name: customer.name, address: customer.address },
                payBy: addDays(asOf, PAY_BY_DAYS),
              })
            : clientStatementDocument(statement, office.name ? office : undefined),
          {
            createdAt: new Date(`${asOf}T00:00:00Z`),
            ...(officeFile ? { author: officeFile.office.name } : {}),
          },
        )
      : header + clientStatementText(statement);
  try {
    // A statement already sent is not overwritten by accident.
    await writeNewFiles([{ path: out, bytes }]);
  } catch (e) {
    io.err(
      e instanceof OutputExistsError
        ? `duebook: ${e.message}\n`
        : `duebook: cannot write ${out} (${e instanceof Error ? e.message : String(e)})\n`,
    );
    return EXIT.FAILED;
  }
  io.out(`Wrote ${out} (statement of ${customerId} as of ${asOf})\n`);
  return EXIT.OK;
}
