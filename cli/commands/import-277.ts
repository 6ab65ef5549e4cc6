// `duebook import-277 FILE`: reads a payer's X12 277 claim status response and shows each claim's
// status in words; with --ledger, matches them to the Claims rows and (with --out) writes the tab.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  applyClaimStatuses,
  applyStatusUpdates,
  payerStatusText,
  type StatusImportPlan,
} from '../../core/claims/claim-status-inquiry.js';
import { type IsoDate, parseIsoDay } from '../../core/ledger/dates.js';
import { formatMoney } from '../../core/ledger/money.js';
import {
  allReports,
  type ClaimStatusFile,
  type ClaimStatusReport,
  leadingStatus,
  parseClaimStatus,
} from '../../core/x12/parse-277.js';
import { X12ParseError } from '../../core/x12/x12-error.js';
import { type CliIo, EXIT, UsageError } from '../io.js';
import { loadLedger } from '../load-ledger.js';
import { renderTable } from '../table.js';
import { LedgerWriteError, tabRowsAfter, writeTabs } from '../write-ledger.js';

export const IMPORT_277_HELP = `duebook import-277 FILE [--ledger PATH --as-of YYYY-MM-DD [--out DIR]] [--json]

Reads an X12 277 claim status response (005010X212; a 276 request reads too) and lists each
claim's status: trace number, claim id, patient, payer, the status category and status codes in
plain words (e.g. "P3:317 pending information from the provider"), the status date, charge and
paid amounts, and statuses about a whole provider or receiver (an error in the request).

With --ledger: matches every status to its claim by the trace number the 276 sent (the Claims
tab's Status Inquiry), else by claim id (REF*EJ), else by payer claim number (REF*1K), and shows
what changes on each row: Payer Status and its date, the Follow-up Date (moved by the status:
today for a rejection or a request for information, 14 days for a pended claim, 10 after a
finalized one), Status (submitted -> pending once the payer has it) and a blank Payer Claim
Number. Rejected and pended claims then head the claims worklist (duebook claims). Statuses that
match no claim are listed with the reason, never dropped.

Options:
  --ledger PATH         .xlsx workbook or folder of CSV files
  --as-of YYYY-MM-DD    the day the answer is read (required with --ledger)
  --out DIR             with --ledger: write DIR/claims.csv, the whole Claims tab with the
                        statuses applied; refuses to overwrite. Copy it over the ledger's.
  --json                print {"file", "interchanges", "warnings"}; with --ledger {"file",
                        "ledger", "asOf", "plan": {"updates", "unmatched"}, "warnings", "written"}

A damaged file is read as far as it goes: wrong trailer counts, bad dates or amounts, unknown
codes, a missing SE or IEA are listed on stderr as warnings naming the segment.

Exit codes: 0 read (even if some statuses match nothing), 1 the file holds no readable 276/277,
the ledger cannot be read, or --out would overwrite a file; 2 usage error.
`;

const COMMAND = 'import-277';

interface Import277Options {
  json: boolean;
  path: string;
  ledger?: string;
  asOf?: IsoDate;
  out?: string;
}

function readArgs(args: readonly string[]): Import277Options {
  let parsed: {
    values: { json?: boolean; ledger?: string; 'as-of'?: string; out?: string };
    positionals: string[];
  };
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        json: { type: 'boolean', default: false },
        ledger: { type: 'string' },
        'as-of': { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e), COMMAND);
  }
  const [path, ...extra] = parsed.positionals;
  if (path === undefined || path === '')
    throw new UsageError('FILE is required (the 277 file to read)', COMMAND);
  if (extra.length > 0) throw new UsageError(`expected one FILE, also got "${extra.join('", "')}"`, COMMAND);
  const { ledger, out } = parsed.values;
  const asOf = parsed.values['as-of'];
  if (ledger === undefined) {
    if (asOf !== undefined || out !== undefined)
      throw new UsageError(`${asOf !== undefined ? '--as-of' : '--out'} needs --ledger PATH`, COMMAND);
    return { json: parsed.values.json === true, path };
  }
  if (ledger === '') throw new UsageError('--ledger needs a PATH', COMMAND);
  if (asOf === undefined) throw new UsageError('--as-of YYYY-MM-DD is required with --ledger', COMMAND);
  if (parseIsoDay(asOf) === undefined)
    throw new UsageError(`--as-of "${asOf}" is not a date (use YYYY-MM-DD)`, COMMAND);
  if (out === '') throw new UsageError('--out needs a DIR', COMMAND);
  return { json: parsed.values.json === true, path, ledger, asOf: asOf as IsoDate, ...(out ? { out } : {}) };
}

/**
 * Runs `duebook import-277` and returns the exit code.
 *
 * @example await import277Command(['answer.277', '--ledger', 'ledger', '--as-of', '2026-11-30'], io)
 */
export async function import277Command(args: readonly string[], io: CliIo): Promise<number> {
  const o = readArgs(args);
  let text: string;
  try {
    text = await readFile(o.path, 'utf8');
  } catch (e) {
    io.err(`duebook: cannot read ${o.path}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.FAILED;
  }
  let file: ClaimStatusFile;
  try {
    file = parseClaimStatus(text);
  } catch (e) {
    if (!(e instanceof X12ParseError)) throw e;
    io.err(`duebook: ${o.path} is not a readable 277: ${e.message}\n`);
    return EXIT.FAILED;
  }
  for (const w of file.warnings) io.err(`warning: ${w.message}\n`);
  if (o.ledger === undefined || o.asOf === undefined) {
    if (o.json)
      io.out(
        `${JSON.stringify({ file: o.path, interchanges: file.interchanges, warnings: file.warnings }, null, 2)}\n`,
      );
    else io.out(formatStatusFile(file));
    return EXIT.OK;
  }
  const loaded = await loadLedger(o.ledger, io);
  const plan = applyClaimStatuses(loaded.ledger, file, { asOf: o.asOf });
  let written: string[] = [];
  if (o.out !== undefined) {
    try {
      const after = applyStatusUpdates(loaded.ledger.claims, plan.updates);
      const changed = new Set(plan.updates.map((u) => u.claimId));
      written = await writeTabs(o.out, [
        {
          tab: 'Claims',
          rows: tabRowsAfter(
            'Claims',
            loaded.input.rows.Claims,
            loaded.ledger.claims,
            after.filter((c) => changed.has(c.claimId)),
          ),
        },
      ]);
    } catch (e) {
      if (!(e instanceof LedgerWriteError)) throw e;
      io.err(`duebook: ${e.message}\n`);
      return EXIT.FAILED;
    }
  }
  if (o.json) {
    io.out(
      `${JSON.stringify({ file: o.path, ledger: o.ledger, asOf: o.asOf, plan, warnings: file.warnings, written }, null, 2)}\n`,
    );
  } else io.out(formatStatusPlan(plan, o.path, o.ledger, written));
  return EXIT.OK;
}

const money = (minor: number | undefined) =>
  minor === undefined ? '' : formatMoney(minor, 'USD', { code: false });

function who(r: ClaimStatusReport): string {
  const p = r.patient ?? r.subscriber;
  if (r.level === 'provider') return `provider ${r.provider.name ?? ''}`.trim();
  if (r.level === 'receiver') return `receiver ${r.receiver.name ?? ''}`.trim();
  return p ? [p.last, p.first].filter(Boolean).join(', ') : '';
}

/** The file as a clerk reads it: one row per claim status, then the line statuses. */
export function formatStatusFile(file: ClaimStatusFile): string {
  const reports = allReports(file);
  const lines: string[] = [];
  for (const ic of file.interchanges) {
    for (const t of ic.transactions) {
      lines.push(
        `Interchange ${ic.controlNumber || '?'} from ${ic.sender || '?'} to ${ic.receiver || '?'}: ${t.set} transaction ${t.controlNumber}` +
          `${t.reference ? ` (reference ${t.reference})` : ''}${t.date ? ` dated ${t.date}` : ''}, ${t.reports.length} status report(s)`,
      );
    }
  }
  lines.push('');
  if (reports.length === 0) lines.push('No claim statuses.');
  else {
    lines.push(
      renderTable(
        [
          { header: 'Segment', align: 'right' },
          { header: 'Trace' },
          { header: 'Claim (EJ)' },
          { header: 'Payer claim #' },
          { header: 'Patient' },
          { header: 'Payer' },
          { header: 'Date' },
          { header: 'Charge', align: 'right' },
          { header: 'Paid', align: 'right' },
          { header: 'Status' },
        ],
        reports.map((r) => {
          const s = leadingStatus(r);
          return [
            String(r.segment),
            r.traceNumber ?? '',
            r.patientControlNumber ?? '',
            r.payerClaimNumber ?? '',
            who(r),
            r.payer.name ?? r.payer.id ?? '',
            s?.date ?? '',
            money(s?.chargeMinor ?? r.chargeMinor),
            money(s?.paidMinor),
            s ? payerStatusText(s) : 'no status (a request)',
          ];
        }),
      ).trimEnd(),
    );
    for (const r of reports) {
      for (const l of r.lines) {
        for (const s of l.statuses)
          lines.push(
            `  ${r.patientControlNumber ?? r.traceNumber ?? '?'} line ${l.procedure}: ${payerStatusText(s)}`,
          );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** What the 277 changes, row by row, then what matched nothing. */
export function formatStatusPlan(
  plan: StatusImportPlan,
  path: string,
  ledger: string,
  written: readonly string[],
): string {
  const lines = [`Claim statuses from ${path} for ${ledger} as of ${plan.asOf} (${plan.policyVersion})`, ''];
  lines.push(`${plan.updates.length} claim(s) to update${plan.updates.length > 0 ? ':' : '.'}`);
  for (const u of plan.updates) {
    const b = u.before;
    const a = u.after;
    const figures = [
      `payer status ${a.payerStatus} on ${a.payerStatusDate}`,
      `follow-up ${b.followUpDate ?? '-'} -> ${a.followUpDate}`,
    ];
    if (a.status !== b.status) figures.push(`status ${b.status} -> ${a.status}`);
    if (a.payerClaimNumber !== b.payerClaimNumber) figures.push(`payer claim number ${a.payerClaimNumber}`);
    lines.push(
      `  ${u.claimId} (Claims row ${u.row}, matched by ${u.matchedBy.replaceAll('-', ' ')}): ${figures.join('; ')}`,
    );
    lines.push(`    ${u.explanation.summary}`);
    for (const w of u.warnings) lines.push(`    warning: ${w}`);
  }
  lines.push('');
  lines.push(
    `${plan.unmatched.length} status(es) not matched to a claim${plan.unmatched.length > 0 ? ' (record by hand):' : '.'}`,
  );
  for (const u of plan.unmatched) {
    const ids = [
      u.traceNumber ? `trace ${u.traceNumber}` : undefined,
      u.patientControlNumber ? `claim ${u.patientControlNumber}` : undefined,
      u.payerClaimNumber ? `payer claim # ${u.payerClaimNumber}` : undefined,
      u.patient ? `patient ${u.patient}` : undefined,
    ].filter(Boolean);
    lines.push(
      `  segment ${u.segment} (transaction ${u.transactionControl}${ids.length ? `, ${ids.join(', ')}` : ''}): ${u.status}`,
    );
    lines.push(`    ${u.reason}`);
  }
  lines.push('');
  if (written.length > 0) {
    for (const w of written) lines.push(`Wrote ${w}`);
    lines.push(
      'Copy it over the ledger\'s Claims tab to record the statuses; rejected and pended claims then head "duebook claims".',
    );
  } else if (plan.updates.length === 0) lines.push('Nothing changes in the ledger.');
  else lines.push('Nothing written: give --out DIR to write claims.csv with the statuses applied.');
  return `${lines.join('\n')}\n`;
}
