// `duebook letters`: the day's letters for the letter channel, one per debtor, with the same content
// as the email of their stage, bound into one PDF ready to print, fold and mail in #10 window envelopes.

import { planCollections } from '../../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../../core/collections/dunning-policy.js';
import { lettersDocument, lettersForToday } from '../../core/documents/mailed.js';
import { buildBook } from '../../core/ledger/book.js';
import { parseIsoDay, zonedInstant } from '../../core/ledger/dates.js';
import { renderPdf } from '../../lambdas/documents/pdf.js';
import { type CliIo, EXIT, parseCommandOptions, UsageError } from '../io.js';
import { loadLedger } from '../load-ledger.js';
import { OfficeFileError, readOfficeFile } from '../office-file.js';
import { OutputExistsError, refuseExisting, writeNewFiles } from '../write-output.js';

export const LETTERS_HELP = `duebook letters --ledger PATH --as-of YYYY-MM-DD --office FILE.json
                [--out FILE.pdf] [--json]

Lists the letters the day's plan calls for on the letter channel (courtesy reminders, reminders and
final notices), one per debtor, with the same wording, figures, disclosures and signature as the
email of the stage; with --out, writes them as one PDF: each letter on its own pages (numbered from
1) under the office's letterhead, the debtor's address placed for a US #10 window envelope, the
date, account and pay-by date beside it, and the office's payment instructions.

Options:
  --ledger PATH         .xlsx workbook or folder of CSV files (required)
  --as-of YYYY-MM-DD    the day of the letters (required)
  --office FILE.json    the office's identity and voice, with the keys of the add-on's Settings:
                        officeName, officeAddress (required), tradingName, officePhone,
                        officeEmail, signature, paymentInstructions {bankTransfer, chequePayee,
                        chequeAddress}, footerText, handoverTo, templates {stage: {subject, body}},
                        logoFile (a PNG or JPEG of at most 64 KB, relative to the file)
  --out FILE.pdf        write the letters; refuses to overwrite an existing file
  --json                print {asOf, letters: [{customerId, stage}], skipped: [{customerId, stage, reason}]}

A debtor without a postal address is left out and listed with the reason.

Exit codes: 0 listed or written, 1 ledger or office file unreadable or the file could not be
written, 2 usage error.
`;

const COMMAND = 'letters';

/** Runs `duebook letters` and returns the exit code. */
export async function lettersCommand(args: readonly string[], io: CliIo): Promise<number> {
  const values = parseCommandOptions(COMMAND, args, {
    ledger: { type: 'string' },
    'as-of': { type: 'string' },
    office: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (!values.ledger) throw new UsageError('--ledger PATH is required', COMMAND);
  const asOf = values['as-of'];
  if (asOf === undefined) throw new UsageError('--as-of YYYY-MM-DD is required', COMMAND);
  if (parseIsoDay(asOf) === undefined)
    throw new UsageError(`--as-of "${asOf}" is not a date (use YYYY-MM-DD)`, COMMAND);
  if (!values.office) throw new UsageError('--office FILE.json is required (the office letterhead)', COMMAND);
  const out = values.out;
  if (out !== undefined && !out.toLowerCase().endsWith('.pdf'))
    throw new UsageError(`--out "${out}" must end in .pdf`, COMMAND);
  let office: Awaited<ReturnType<typeof readOfficeFile>>;
  try {
    if (out !== undefined) await refuseExisting([out]);
    office = await readOfficeFile(values.office);
  } catch (e) {
    if (!(e instanceof OutputExistsError) && !(e instanceof OfficeFileError)) throw e;
    io.err(`duebook: ${e.message}\n`);
    return EXIT.FAILED;
  }
  const { ledger } = await loadLedger(values.ledger, io);
  const book = buildBook(ledger, asOf);
  // Which stage is due does not depend on the hour (it only sets when a message may go out).
  const plan = planCollections({
    ledger,
    book,
    policy: DEFAULT_POLICY,
    asOf,
    now: zonedInstant(asOf, 9, 'UTC'),
    defaultTimeZone: 'UTC',
  });
  const letters = lettersForToday({
    ledger,
    book,
    plan,
    policy: DEFAULT_POLICY,
    office: office.office,
    asOf,
    templates: office.templates,
    ...(office.logo ? { logo: office.logo } : {}),
    ...(office.handoverTo ? { handOverTo: office.handoverTo } : {}),
  });
  const made = letters.filter((l) => 'blocks' in l);
  const skipped = letters.filter((l) => 'skipped' in l);
  if (values.json) {
    io.out(
      `${JSON.stringify(
        {
          asOf,
          letters: made.map((l) => ({ customerId: l.customerId, stage: l.stage })),
          skipped: skipped.map((l) => ({ customerId: l.customerId, stage: l.stage, reason: l.skipped })),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    for (const l of made) io.out(`${l.customerId}  ${l.stage}\n`);
    for (const l of skipped) io.err(`duebook: no letter for ${l.customerId} (${l.stage}): ${l.skipped}\n`);
    if (made.length === 0) io.out(`No letters are due on ${asOf}.\n`);
  }
  if (out === undefined || made.length === 0) return EXIT.OK;
  const doc = lettersDocument(
    made.map((l) => l.blocks),
    office.office,
    asOf,
  );
  const bytes = await renderPdf(doc, {
    createdAt: new Date(`${asOf}T00:00:00Z`),
    author: office.office.name,
  });
  try {
    await writeNewFiles([{ path: out, bytes }]);
  } catch (e) {
    io.err(
      e instanceof OutputExistsError
        ? `duebook: ${e.message}\n`
        : `duebook: cannot write ${out} (${e instanceof Error ? e.message : String(e)})\n`,
    );
    return EXIT.FAILED;
  }
  if (!values.json)
    io.out(`Wrote ${out} (${made.length} letter${made.length === 1 ? '' : 's'} for ${asOf})\n`);
  return EXIT.OK;
}
