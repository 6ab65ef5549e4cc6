// `duebook appeal`: drafts the appeal letter for one denied claim of a ledger as PDF, HTML or text.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { checkAppealable, draftAppealLetter, type OfficeProfile } from '../../core/claims/appeal-letter.js';
import { renderHtml, renderText } from '../../core/documents/render.js';
import { parseIsoDay } from '../../core/ledger/dates.js';
import { tabDef } from '../../core/ledger/schema.js';
import { formatProblem, matchHeaders } from '../../core/ledger/schema-cells.js';
import type { LedgerParse } from '../../core/ledger/schema-rows.js';
import { PLACEHOLDER_OFFICE, parseOfficeProfile } from '../../lambdas/documents/office-profile.js';
import { renderPdf } from '../../lambdas/documents/pdf.js';
import { type CliIo, EXIT, parseCommandOptions, UsageError } from '../io.js';
import { loadLedger } from '../load-ledger.js';
import type { LedgerInput } from '../read-ledger.js';
import { OutputExistsError, refuseExisting, writeNewFiles } from '../write-output.js';

export const APPEAL_HELP = `duebook appeal --ledger PATH --claim ID --out FILE [--format pdf|html|text]
               [--as-of YYYY-MM-DD] [--office FILE.json] [--auth NUMBER]

Drafts the letter appealing a denied claim to the payer: the office's letterhead, the payer's
address, the claim's numbers, dates and amounts, each denial reason in plain words, the argument
for the denial's category, the enclosures to attach and signature lines. Bracketed text such as
[Practice name] marks what to complete before sending; each one is listed on stderr.

The claim needs status denied, partly-paid, reversed or appealed and at least one denial code in
Adjustment Codes (e.g. CO-50); contractual write-downs alone (CO-45) are not a denial.

Options:
  --ledger PATH         .xlsx workbook or folder of CSV files (required)
  --claim ID            the Claim ID on the Claims tab (required)
  --out FILE            where to write the letter (required); .pdf, .html or .txt; never
                        overwrites an existing file
  --format FORMAT       pdf, html or text (default: from the --out extension)
  --as-of YYYY-MM-DD    the letter's date (default: today)
  --office FILE.json    the practice: {"name", "addressLines": [...], "phone", "fax", "email",
                        "npi", "taxId", "signerName", "signerTitle"}; without it the letter
                        carries placeholders
  --auth NUMBER         the authorization number, for an authorization denial

The PDF uses the standard Helvetica fonts, which cannot draw every script: characters outside
Windows-1252 (e.g. a name in Chinese or Cyrillic script) print as "?". The HTML and text keep them.

Exit codes: 0 letter written, 1 the claim is unknown, not denied or has problems, the office file
is invalid or a file could not be read or written, 2 usage error.
`;

const FORMATS = ['pdf', 'html', 'text'] as const;
type Format = (typeof FORMATS)[number];
const BY_EXTENSION: Readonly<Record<string, Format>> = {
  '.pdf': 'pdf',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
};

/** A failure reported on stderr with exit code 1: the message names the file, row or field. */
class AppealFailure extends Error {
  override name = 'AppealFailure';
}

function options(args: readonly string[]) {
  return parseCommandOptions('appeal', args, {
    ledger: { type: 'string' },
    claim: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    'as-of': { type: 'string' },
    office: { type: 'string' },
    auth: { type: 'string' },
  });
}

function required(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new UsageError(`${what} is required`, 'appeal');
  return value;
}

function formatOf(out: string, format: string | undefined): Format {
  if (format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(format))
      throw new UsageError(`--format "${format}" is not one of ${FORMATS.join(', ')}`, 'appeal');
    return format as Format;
  }
  const inferred = BY_EXTENSION[extname(out).toLowerCase()];
  if (!inferred)
    throw new UsageError(
      `cannot tell the format from "${out}": end it in .pdf, .html or .txt, or give --format`,
      'appeal',
    );
  return inferred;
}

/** Today on this machine's calendar; the CLI is where the clock may be read. */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}

async function officeFrom(path: string | undefined, io: CliIo): Promise<OfficeProfile> {
  if (path === undefined) {
    io.err('note: no --office FILE.json given; the letter carries placeholders for the practice\n');
    return { ...PLACEHOLDER_OFFICE, addressLines: [...PLACEHOLDER_OFFICE.addressLines] };
  }
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new AppealFailure(
      `--office ${path}: cannot read it as JSON (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const parsed = parseOfficeProfile(data);
  if (!parsed.ok) throw new AppealFailure(`--office ${path}: ${parsed.message}`);
  return parsed.office;
}

/** Why a claim id is not among the valid claims: absent, or present on a row with problems. */
function missingClaim(claimId: string, input: LedgerInput, parsed: LedgerParse): string {
  const rows = input.rows.Claims ?? [];
  const column = rows[0] ? matchHeaders(tabDef('Claims'), rows[0]).get('claimId') : undefined;
  const index =
    column === undefined ? -1 : rows.findIndex((r, i) => i > 0 && String(r[column] ?? '').trim() === claimId);
  if (index < 0) return `no claim "${claimId}" on the Claims tab`;
  const problems = parsed.problems.filter((p) => p.row === index + 1 && p.tab === 'Claims');
  const why = problems.length > 0 ? problems.map(formatProblem).join('; ') : 'the row did not validate';
  return `Claims row ${index + 1} (claim ${claimId}) has problems, so no letter was drafted: ${why}`;
}

/**
 * Runs `duebook appeal` (arguments after the command name) and returns the exit code. A ledger
 * that cannot be read throws `LedgerReadError`, which `main` reports like every command's.
 *
 * @example await appealCommand(['--ledger', 'ledger', '--claim', 'CLM-1', '--out', 'appeal.pdf'], io)
 */
export async function appealCommand(args: readonly string[], io: CliIo): Promise<number> {
  const values = options(args);
  const path = required(values.ledger, '--ledger PATH');
  const claimId = required(values.claim, '--claim ID');
  const out = required(values.out, '--out FILE');
  const format = formatOf(out, values.format);
  const asOf = values['as-of'] ?? today();
  if (parseIsoDay(asOf) === undefined)
    throw new UsageError(`--as-of "${asOf}" is not a date (use YYYY-MM-DD)`, 'appeal');
  try {
    try {
      await refuseExisting([out]);
    } catch (e) {
      if (e instanceof OutputExistsError) throw new AppealFailure(e.message);
      throw e;
    }
    const office = await officeFrom(values.office, io);
    // Problems elsewhere in the ledger do not matter to one claim's letter; the claim's own are named.
    const { input, parsed } = await loadLedger(path, io, { problems: 'quiet' });
    const claim = parsed.ledger.claims.find((c) => c.claimId === claimId);
    if (!claim) throw new AppealFailure(missingClaim(claimId, input, parsed));
    const check = checkAppealable(claim);
    if (!check.ok) throw new AppealFailure(check.message);
    const patient = parsed.ledger.customers.find((c) => c.customerId === claim.customerId)!;
    const letter = draftAppealLetter({ claim, patient, office, asOf, authorizationNumber: values.auth });
    const bytes =
      format === 'pdf'
        ? await renderPdf(letter.document, { createdAt: new Date(), author: office.name })
        : format === 'html'
          ? renderHtml(letter.document)
          : renderText(letter.document);
    try {
      await writeNewFiles([{ path: out, bytes }]);
    } catch (e) {
      if (e instanceof OutputExistsError) throw new AppealFailure(e.message);
      throw new AppealFailure(`cannot write ${out} (${e instanceof Error ? e.message : String(e)})`);
    }
    for (const w of letter.warnings) io.err(`note: ${w}\n`);
    io.out(`${letter.summary}\nWrote ${out} (${format})\n`);
    return EXIT.OK;
  } catch (e) {
    if (!(e instanceof AppealFailure)) throw e;
    io.err(`duebook: ${e.message}\n`);
    return EXIT.FAILED;
  }
}
