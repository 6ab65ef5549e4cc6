// `duebook import-835 FILE [--json]`: reads an X12 835 remittance and shows, per transaction, what it
// pays for which claim and whether the payment balances. With --ledger it plans the posting to the
// ledger's claims (and with --out writes the updated Claims and Invoices tabs as CSV).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DENIAL_CATEGORY_LABELS } from '../../core/claims/adjustment-codes.js';
import { DEFAULT_CLAIM_DEADLINES } from '../../core/claims/deadlines.js';
import {
  applyPostingPlan,
  type ClaimUpdate,
  type PostingPlan,
  postRemittances,
} from '../../core/claims/remittance-posting.js';
import { type IsoDate, parseIsoDay } from '../../core/ledger/dates.js';
import { formatMoney } from '../../core/ledger/money.js';
import { parse835 } from '../../core/x12/parse-835.js';
import { type RemittanceBalance, reconcileRemittance } from '../../core/x12/reconcile.js';
import type { CasAdjustment, Interchange, RemitClaim, Remittance } from '../../core/x12/remittance.js';
import { type ReviewItem, reviewItems, reviewSummary } from '../../core/x12/review.js';
import { X12ParseError } from '../../core/x12/x12-error.js';
import { type CliIo, EXIT, UsageError } from '../io.js';
import { type LoadedLedger, loadLedger } from '../load-ledger.js';
import { renderTable } from '../table.js';
import { LedgerWriteError, tabRowsAfter, writeTabs } from '../write-ledger.js';

export const IMPORT_835_HELP = `duebook import-835 FILE [--ledger PATH --as-of YYYY-MM-DD [--out DIR]] [--json]

Reads an X12 835 remittance (health care claim payment/advice, 4010 or 5010) and shows, per
transaction: the payment, each claim with its status, charge, paid amount, patient responsibility
and adjustments (group-reason, e.g. CO-45), the provider-level adjustments (PLB), and whether the
payment balances (BPR02 = claims paid - provider adjustments).

With --ledger: plans the posting of every remitted claim to the ledger's Claims tab (matched by
Claim ID, else payer claim number, else member id and service date) and prints what a billing
clerk reviews: each claim's paid, patient share and status before and after with the payer's
explanation, the patient-share invoices to create or re-price (<Claim ID>-PR), the denials with
their category and appeal deadline, the remitted claims that match no claim and why, and
warnings. A remitted claim already posted (its key is in Remittance Refs) is skipped, so posting
the same file again changes nothing.

Options:
  --json                print {"file", "interchanges": [{..., "transactions": [{..., "reconciliation"}]}],
                        "warnings", "review"}; with --ledger {"file", "ledger", "asOf", "plan",
                        "reconciliation", "warnings", "written"}; amounts in minor units (cents)
  --ledger PATH         .xlsx workbook or folder of CSV files to post to
  --as-of YYYY-MM-DD    the posting day (required with --ledger): denials without a payment date,
                        new patient-share invoices and their due date (30 days later) count from it
  --out DIR             with --ledger: write DIR/claims.csv and DIR/invoices.csv, the whole tabs
                        with the posting applied (every other row and column as read); refuses to
                        overwrite either file. Copy them over the ledger's (or paste the tabs into
                        the workbook) to record the posting.

Damage inside a transaction (a bad amount or date, a cut-short CLP, a mistyped segment id, a
service line that cannot be read) does not stop the file: the claim or payment it is in is listed
under "Needs review, not posted" with the segment, the reason and the money in it (in --json:
"review": {"items", "summary"}; with --ledger: plan.needsReview), and a flagged claim is never
posted. Oddities read past (wrong trailer counts, another component separator, a payee loop after
the claims, a file without its ISA/GS envelope, an unknown version) are listed on stderr as
warnings naming their segment.

Exit codes: 0 read or posting planned (even if a payment does not balance or a claim matches
nothing), 1 the file cannot be read or is not a valid 835 (the error names the segment and
element), the ledger cannot be read, or --out would overwrite a file; 2 usage error.
`;

const COMMAND = 'import-835';
const CURRENCY = 'USD';

interface Import835Options {
  json: boolean;
  path: string;
  ledger?: string;
  asOf?: IsoDate;
  out?: string;
}

/**
 * Runs `import-835` with the arguments after the command name. Usage errors are thrown as
 * `UsageError` for `main` to report with a pointer to the help (exit 2), like every command.
 *
 * @example await import835Command(['remit.835', '--ledger', 'ledger', '--as-of', '2026-11-23'], io)
 */
export async function import835Command(args: readonly string[], io: CliIo): Promise<number> {
  const options = readArgs(args);
  const { json, path } = options;
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
  if (options.ledger !== undefined && options.asOf !== undefined) {
    return await postToLedger(parsed, { ...options, ledger: options.ledger, asOf: options.asOf }, io);
  }
  if (json) {
    const interchanges = parsed.interchanges.map((ic) => ({
      ...ic,
      transactions: ic.transactions.map((t) => ({ ...t, reconciliation: reconcileRemittance(t) })),
    }));
    const items = reviewItems(parsed.interchanges);
    const review = { items, summary: reviewSummary(items) };
    io.out(`${JSON.stringify({ file: path, interchanges, warnings: parsed.warnings, review }, null, 2)}\n`);
  } else {
    io.out(parsed.interchanges.map(formatInterchange).join('\n'));
    io.out(formatReview(reviewItems(parsed.interchanges)));
  }
  return EXIT.OK;
}

function readArgs(args: readonly string[]): Import835Options {
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
    throw new UsageError('FILE is required (the 835 file to read)', COMMAND);
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
  return { json: parsed.values.json === true, path, ledger, asOf, ...(out ? { out } : {}) };
}

/** Plans the posting, prints it, and with --out writes the Claims and Invoices tabs after it. */
async function postToLedger(
  parsed: ReturnType<typeof parse835>,
  options: Import835Options & { ledger: string; asOf: IsoDate },
  io: CliIo,
): Promise<number> {
  const loaded = await loadLedger(options.ledger, io);
  const remittances = parsed.interchanges.flatMap((ic) => ic.transactions);
  const plan = postRemittances(loaded.ledger, remittances, {
    asOf: options.asOf,
    config: DEFAULT_CLAIM_DEADLINES,
  });
  let written: string[] = [];
  if (options.out !== undefined) {
    try {
      written = await writeTabs(options.out, postedTabs(loaded, plan));
    } catch (e) {
      if (!(e instanceof LedgerWriteError)) throw e;
      io.err(`duebook: ${e.message}\n`);
      return EXIT.FAILED;
    }
  }
  if (options.json) {
    io.out(
      `${JSON.stringify(
        {
          file: options.path,
          ledger: options.ledger,
          asOf: options.asOf,
          plan,
          reconciliation: remittances.map(reconcileRemittance),
          warnings: parsed.warnings,
          written,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    io.out(formatPostingPlan(plan, remittances, { ...options, kind: loaded.input.source.kind }, written));
  }
  return EXIT.OK;
}

/** The Claims and Invoices tabs with the plan applied (`applyPostingPlan`), every other row as read. */
export function postedTabs(loaded: LoadedLedger, plan: PostingPlan) {
  const { ledger, input } = loaded;
  const after = applyPostingPlan(ledger, plan);
  const changedClaims = new Set(plan.claimUpdates.map((u) => u.claimId));
  const changedInvoices = new Set(plan.invoiceChanges.map((c) => c.invoice.invoiceId));
  return [
    {
      tab: 'Claims' as const,
      rows: tabRowsAfter(
        'Claims',
        input.rows.Claims,
        ledger.claims,
        after.claims.filter((c) => changedClaims.has(c.claimId)),
      ),
    },
    {
      tab: 'Invoices' as const,
      rows: tabRowsAfter(
        'Invoices',
        input.rows.Invoices,
        ledger.invoices,
        after.invoices.filter((i) => changedInvoices.has(i.invoiceId)),
      ),
    },
  ];
}

const dash = (minor: number | undefined) => (minor === undefined ? '-' : money(minor));
const change = (before: string, after: string) => (before === after ? after : `${before} -> ${after}`);

/** The posting plan as a billing clerk reads it: claims, invoices, denials, unmatched, warnings. */
export function formatPostingPlan(
  plan: PostingPlan,
  remittances: readonly Remittance[],
  options: { path: string; ledger: string; kind: 'csv' | 'xlsx'; out?: string },
  written: readonly string[],
): string {
  const lines = [
    `Posting ${options.path} to ${options.ledger} as of ${plan.asOf} (deadlines ${plan.policyVersion})`,
    '',
  ];
  for (const t of remittances) {
    const b = reconcileRemittance(t);
    lines.push(
      `Transaction ${t.controlNumber} from ${t.payer.name ?? t.payer.id ?? '?'}: ${plural(t.claims.length, 'claim')}, ` +
        `payment ${money(b.paymentMinor)}${t.payment.traceNumber ? ` (trace ${t.payment.traceNumber})` : ''}, ` +
        (b.balanced ? 'balances' : `does not balance (off by ${money(b.differenceMinor)})`),
    );
  }
  lines.push('');
  lines.push(
    `${plural(plan.claimUpdates.length, 'claim')} to update${plan.claimUpdates.length > 0 ? ':' : '.'}`,
  );
  for (const u of plan.claimUpdates) lines.push(formatClaimUpdate(u));
  if (plan.claimUpdates.length > 0) lines.push('');

  lines.push(
    `${plural(plan.invoiceChanges.length, 'patient-share invoice')} to create or change${plan.invoiceChanges.length > 0 ? ':' : '.'}`,
  );
  if (plan.invoiceChanges.length > 0) {
    lines.push(
      renderTable(
        [
          { header: 'Action' },
          { header: 'Invoice' },
          { header: 'Patient' },
          { header: 'Claim' },
          { header: 'Amount', align: 'right' },
          { header: 'Status' },
          { header: 'Due' },
          { header: 'Why' },
        ],
        plan.invoiceChanges.map((c) => [
          c.action,
          c.invoice.invoiceId,
          c.invoice.customerId,
          c.claimId,
          c.previousAmountMinor === undefined
            ? money(c.invoice.amountMinor)
            : change(money(c.previousAmountMinor), money(c.invoice.amountMinor)),
          c.invoice.status ?? 'open',
          c.invoice.dueDate,
          c.explanation.summary,
        ]),
      ),
    );
  }

  lines.push(`${plural(plan.denials.length, 'denial')} to appeal${plan.denials.length > 0 ? ':' : '.'}`);
  if (plan.denials.length > 0) {
    lines.push(
      renderTable(
        [
          { header: 'Claim' },
          { header: 'Patient' },
          { header: 'Payer' },
          { header: 'Category' },
          { header: 'Code' },
          { header: 'Denied', align: 'right' },
          { header: 'Denial date' },
          { header: 'Appeal by' },
        ],
        plan.denials.map((d) => [
          d.claimId,
          d.customerId,
          d.payer,
          d.category ? DENIAL_CATEGORY_LABELS[d.category] : 'unknown (no reason code)',
          d.code ?? '-',
          money(d.deniedMinor),
          d.denialDate,
          d.appealDeadline,
        ]),
      ),
    );
  }

  lines.push(
    `${plural(plan.unmatched.length, 'remitted claim')} not posted${plan.unmatched.length > 0 ? ' (post by hand):' : '.'}`,
  );
  if (plan.unmatched.length > 0) {
    lines.push(
      renderTable(
        [
          { header: 'Transaction' },
          { header: 'Segment', align: 'right' },
          { header: 'Claim (CLP01)' },
          { header: 'Patient' },
          { header: 'Status' },
          { header: 'Charge', align: 'right' },
          { header: 'Paid', align: 'right' },
          { header: 'Why' },
        ],
        plan.unmatched.map((u) => [
          u.controlNumber,
          String(u.segment),
          u.patientControlNumber,
          u.patientName ?? '',
          u.statusCode,
          money(u.chargeMinor),
          money(u.paidMinor),
          u.reason,
        ]),
      ),
    );
  }
  if (plan.needsReview.length > 0) lines.push(formatReview(plan.needsReview));
  if (plan.alreadyPosted.length > 0) {
    lines.push(
      `${plural(plan.alreadyPosted.length, 'remitted claim')} already posted, skipped: ` +
        `${plan.alreadyPosted.map((a) => `${a.claimId} (${a.key})`).join(', ')}`,
    );
  }
  if (!lines[lines.length - 1]!.endsWith('\n')) lines.push('');
  const nothing =
    plan.claimUpdates.length === 0 && plan.invoiceChanges.length === 0
      ? 'Nothing changes in the ledger. '
      : '';
  if (written.length > 0) {
    for (const w of written) lines.push(`Wrote ${w}`);
    lines.push(
      nothing
        ? `${nothing}The files hold the tabs as read; there is nothing to copy.`
        : options.kind === 'csv'
          ? `Copy them over the ones in ${options.ledger} to record the posting.`
          : `Paste them over the Claims and Invoices sheets of ${options.ledger} to record the posting.`,
    );
  } else {
    lines.push(
      `${nothing}Nothing written: give --out DIR to write claims.csv and invoices.csv with the posting applied.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The needs-review list: one row per defect, naming the transaction, the claim or payment, the
 * segment (its number in the interchange, as a search finds it), the money and the reason; then
 * what it all holds. Empty when nothing was flagged.
 */
export function formatReview(items: readonly ReviewItem[]): string {
  if (items.length === 0) return '';
  const s = reviewSummary(items);
  const parts = [
    s.claims > 0 ? plural(s.claims, 'claim') : undefined,
    s.payments > 0 ? plural(s.payments, 'payment') : undefined,
  ].filter((p) => p !== undefined);
  const unknown =
    s.unknownAmounts > 0
      ? ` in the amounts that can be read (${s.unknownAmounts} more whose amount cannot be read)`
      : '';
  const rows = items.flatMap((item) =>
    item.flags.map((f) => [
      (item.interchange > 1 ? `${item.interchange}/` : '') + item.transactionControl,
      item.scope === 'claim' ? `claim ${item.patientControlNumber || '(no CLP01)'}` : 'payment',
      `${f.segment} (${f.segmentId})`,
      item.amountMinor === undefined ? '?' : money(item.amountMinor),
      f.message
        .replace(/^(interchange \d+, )?segment \d+ \([^)]*\),? /, '')
        .replace(/ \(segment \d+ of transaction [^)]*\)$/, ''),
    ]),
  );
  return `Needs review, not posted: ${parts.join(' and ')} holding ${money(s.amountMinor)}${unknown}\n${renderTable(
    [
      { header: 'Transaction' },
      { header: 'Part' },
      { header: 'Segment', align: 'right' },
      { header: 'Amount', align: 'right' },
      { header: 'Reason' },
    ],
    rows,
  )}\n`;
}

function formatClaimUpdate(u: ClaimUpdate): string {
  const b = u.before;
  const a = u.after;
  const figures = [
    `status ${change(b.status, a.status)}`,
    `paid ${change(dash(b.paidMinor), dash(a.paidMinor))}`,
    `patient share ${change(dash(b.patientResponsibilityMinor), dash(a.patientResponsibilityMinor))}`,
  ];
  if (b.allowedMinor !== a.allowedMinor)
    figures.push(`allowed ${change(dash(b.allowedMinor), dash(a.allowedMinor))}`);
  if (b.appealStatus !== a.appealStatus) figures.push(`appeal ${change(b.appealStatus, a.appealStatus)}`);
  if (a.appealDeadline !== b.appealDeadline)
    figures.push(`appeal by ${change(b.appealDeadline ?? '-', a.appealDeadline ?? '-')}`);
  const codes = a.adjustmentCodes.join(', ');
  if (codes !== b.adjustmentCodes.join(', ')) figures.push(`codes ${codes || '-'}`);
  const lines = [
    `  ${u.claimId} (patient ${a.customerId}, ${a.payer}, Claims row ${u.row}): ${figures.join('; ')}`,
    `    ${u.explanation.summary}`,
  ];
  for (const w of u.warnings) lines.push(`    warning: ${w}`);
  return lines.join('\n');
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
