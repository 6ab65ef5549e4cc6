// `duebook claim-status`: builds the X12 276 claim status requests (005010X212), one file per payer,
// for the claims past their follow-up date, and the Claims tab with each request's trace recorded.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ClaimStatusInquiryError,
  type InquiryOffice,
  planStatusInquiries,
  type StatusInquiryPlan,
} from '../../core/claims/claim-status-inquiry.js';
import { DEFAULT_CLAIM_DEADLINES } from '../../core/claims/deadlines.js';
import { parseIsoDay } from '../../core/ledger/dates.js';
import { formatMoney } from '../../core/ledger/money.js';
import { parseOfficeProfile } from '../../lambdas/documents/office-profile.js';
import { type CliIo, EXIT, parseCommandOptions, UsageError } from '../io.js';
import { type LoadedLedger, loadLedger } from '../load-ledger.js';
import { renderTable } from '../table.js';
import { LedgerWriteError, tabRowsAfter, writeTabs } from '../write-ledger.js';

export const CLAIM_STATUS_HELP = `duebook claim-status --ledger PATH --as-of YYYY-MM-DD --office FILE.json [--out DIR]
                       [--submitter-id ID] [--first-control N] [--time HHMM] [--test] [--json]

Builds the X12 276 claim status requests (005010X212) for the claims the claims worklist says to
follow up as of the given day (follow-up date reached, or no remittance after the payer's
follow-up days; a pended claim again once its follow-up date comes), one file per payer, to upload
to a clearinghouse or payer portal. Each file carries the provider (NPI), the subscriber (the
patient's name, member id and birth date), the claim id (REF*EJ), the payer's claim number, the
dates of service and the charge. A claim asked about in the last 7 days is not asked again.

Interchange control numbers continue from the highest recorded in the ledger's Status Inquiry
column, so they never repeat as long as the written claims.csv is copied back; every claim gets a
trace number <control number>-<n>, which the payer's 277 echoes (see duebook import-277).
Claims that cannot be asked about (no Payer ID, no Member ID) are listed with the reason.

Options:
  --ledger PATH         .xlsx workbook or folder of CSV files (required)
  --as-of YYYY-MM-DD    the day of the request (required)
  --office FILE.json    the practice: {"name", "addressLines": [...], "npi", ...} (required; npi is
                        the billing provider's 10-digit NPI)
  --out DIR             write DIR/276-<payer id>-<control number>.x12 per payer and DIR/claims.csv
                        (the Claims tab with Status Inquiry and its date set); refuses to overwrite
  --submitter-id ID     the submitter id (ETIN) your clearinghouse gave you; default the NPI
  --first-control N     lowest interchange control number to use (default: the ledger's highest + 1)
  --time HHMM           envelope time (default: now, UTC)
  --test                mark the files as test data (ISA15 T) instead of production
  --json                print {"asOf", "batches": [{payerId, payer, controlNumber, fileName, claims}],
                        "skipped", "warnings", "written"}

Exit codes: 0 done (even if nothing is due), 1 the ledger or office file cannot be read, the office
has no valid NPI, or --out would overwrite a file; 2 usage error.
`;

const COMMAND = 'claim-status';

function options(args: readonly string[]) {
  return parseCommandOptions(COMMAND, args, {
    ledger: { type: 'string' },
    'as-of': { type: 'string' },
    office: { type: 'string' },
    out: { type: 'string' },
    'submitter-id': { type: 'string' },
    'first-control': { type: 'string' },
    time: { type: 'string' },
    test: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
}

async function readOffice(path: string): Promise<InquiryOffice | string> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    return `--office ${path}: cannot read it as JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  const parsed = parseOfficeProfile(data);
  if (!parsed.ok) return `--office ${path}: ${parsed.message}`;
  if (parsed.office.npi === undefined)
    return `--office ${path}: "npi" is missing; a claim status request names the provider by NPI`;
  return { name: parsed.office.name, npi: parsed.office.npi };
}

function nowHhmm(): string {
  const d = new Date();
  return `${String(d.getUTCHours()).padStart(2, '0')}${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/**
 * Runs `duebook claim-status` and returns the exit code.
 *
 * @example await claimStatusCommand(['--ledger', 'ledger', '--as-of', '2026-11-23', '--office', 'office.json', '--out', 'out'], io)
 */
export async function claimStatusCommand(args: readonly string[], io: CliIo): Promise<number> {
  const v = options(args);
  if (!v.ledger) throw new UsageError('--ledger PATH is required', COMMAND);
  const asOf = v['as-of'];
  if (asOf === undefined) throw new UsageError('--as-of YYYY-MM-DD is required', COMMAND);
  if (parseIsoDay(asOf) === undefined)
    throw new UsageError(`--as-of "${asOf}" is not a date (use YYYY-MM-DD)`, COMMAND);
  if (!v.office) throw new UsageError('--office FILE.json is required (the practice, with its NPI)', COMMAND);
  if (v.out === '') throw new UsageError('--out needs a DIR', COMMAND);
  const time = v.time ?? nowHhmm();
  if (!/^([01]\d|2[0-3])[0-5]\d$/.test(time)) throw new UsageError(`--time "${time}" is not HHMM`, COMMAND);
  let first: number | undefined;
  if (v['first-control'] !== undefined) {
    if (!/^\d{1,9}$/.test(v['first-control']) || Number(v['first-control']) < 1)
      throw new UsageError(
        `--first-control "${v['first-control']}" is not a number from 1 to 999999999`,
        COMMAND,
      );
    first = Number(v['first-control']);
  }
  const office = await readOffice(v.office);
  if (typeof office === 'string') {
    io.err(`duebook: ${office}\n`);
    return EXIT.FAILED;
  }
  if (v['submitter-id']) office.submitterId = v['submitter-id'];
  const loaded = await loadLedger(v.ledger, io);
  let plan: StatusInquiryPlan;
  try {
    plan = planStatusInquiries(loaded.ledger, office, {
      asOf,
      config: DEFAULT_CLAIM_DEADLINES,
      time,
      usage: v.test ? 'T' : 'P',
      ...(first !== undefined ? { firstControlNumber: first } : {}),
    });
  } catch (e) {
    if (!(e instanceof ClaimStatusInquiryError)) throw e;
    io.err(`duebook: ${e.message}\n`);
    return EXIT.FAILED;
  }
  let written: string[] = [];
  if (v.out !== undefined && plan.batches.length > 0) {
    try {
      written = await writeRequests(v.out, plan, loaded);
    } catch (e) {
      if (!(e instanceof LedgerWriteError)) throw e;
      io.err(`duebook: ${e.message}\n`);
      return EXIT.FAILED;
    }
  }
  if (v.json) {
    const batches = plan.batches.map(({ text: _text, interchange: _ic, ...b }) => b);
    io.out(
      `${JSON.stringify({ asOf, policyVersion: plan.policyVersion, batches, skipped: plan.skipped, warnings: plan.warnings, written }, null, 2)}\n`,
    );
  } else io.out(formatInquiryPlan(plan, loaded, v.out, written));
  return EXIT.OK;
}

/** Writes the 276 files and claims.csv; refuses if any of them exists. */
async function writeRequests(dir: string, plan: StatusInquiryPlan, loaded: LoadedLedger): Promise<string[]> {
  for (const b of plan.batches) {
    const path = join(dir, b.fileName);
    if (
      await stat(path).then(
        () => true,
        () => false,
      )
    )
      throw new LedgerWriteError(
        `${path} already exists; nothing written (give an empty or new folder with --out)`,
      );
  }
  const claimsCsv = await writeTabs(dir, [
    {
      tab: 'Claims',
      rows: tabRowsAfter('Claims', loaded.input.rows.Claims, loaded.ledger.claims, plan.claimUpdates),
    },
  ]);
  const files: string[] = [];
  for (const b of plan.batches) {
    const path = join(dir, b.fileName);
    await writeFile(path, b.text, { flag: 'wx' });
    files.push(path);
  }
  return [...files, ...claimsCsv];
}

/** The plan as a billing clerk reads it: one block per payer file, then the claims left out. */
export function formatInquiryPlan(
  plan: StatusInquiryPlan,
  loaded: LoadedLedger,
  out: string | undefined,
  written: readonly string[],
): string {
  const claims = new Map(loaded.ledger.claims.map((c) => [c.claimId, c]));
  const lines: string[] = [];
  const count = plan.batches.reduce((n, b) => n + b.claims.length, 0);
  lines.push(
    `Claim status requests (276) as of ${plan.asOf}: ${count} claim${count === 1 ? '' : 's'} to ${plan.batches.length} payer${plan.batches.length === 1 ? '' : 's'}`,
  );
  for (const b of plan.batches) {
    lines.push('');
    lines.push(
      `${b.fileName}: ${b.payer} (payer id ${b.payerId}), interchange control number ${b.controlNumber}`,
    );
    lines.push(
      renderTable(
        [
          { header: 'Claim' },
          { header: 'Patient' },
          { header: 'Service' },
          { header: 'Billed', align: 'right' },
          { header: 'Trace number' },
        ],
        b.claims.map((c) => {
          const claim = claims.get(c.claimId)!;
          return [
            c.claimId,
            claim.customerId,
            claim.serviceTo && claim.serviceTo !== claim.serviceFrom
              ? `${claim.serviceFrom} to ${claim.serviceTo}`
              : claim.serviceFrom,
            formatMoney(claim.billedMinor, claim.currency),
            c.traceNumber,
          ];
        }),
      ).trimEnd(),
    );
  }
  if (plan.skipped.length > 0) {
    lines.push('');
    lines.push(`${plan.skipped.length} claim(s) due for follow-up but not asked about:`);
    for (const s of plan.skipped) lines.push(`  ${s.claimId} (${s.payer}, Claims row ${s.row}): ${s.reason}`);
  }
  for (const w of plan.warnings) lines.push(`warning: ${w.claimId}: ${w.message}`);
  lines.push('');
  if (written.length > 0) {
    for (const w of written) lines.push(`Wrote ${w}`);
    lines.push(
      `Upload the .x12 files to your clearinghouse or payer portal, and copy claims.csv over the ledger's Claims tab to record the trace numbers (the 277 answers are matched by them).`,
    );
  } else if (plan.batches.length === 0) lines.push('Nothing to ask: no claim is due for a status request.');
  else lines.push(`Nothing written: give --out DIR to write the 276 files and claims.csv${out ? '' : ''}.`);
  return `${lines.join('\n')}\n`;
}
