// `duebook handover`: lists the accounts ready for hand-over, or writes one account's packet (PDF and
// CSV) for the attorney or agency and prints the ledger rows that record the placement.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { OfficeProfile } from '../../core/claims/appeal-letter.js';
import { planCollections } from '../../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../../core/collections/dunning-policy.js';
import type { OfficeContact } from '../../core/collections/templates.js';
import { buildBook } from '../../core/ledger/book.js';
import { parseIsoDay, zonedInstant } from '../../core/ledger/dates.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import { formatMoney } from '../../core/ledger/money.js';
import { type HandoverCandidate, handoverCandidates, placeAccount } from '../../core/lifecycle/handover.js';
import { buildHandoverPacket } from '../../core/lifecycle/handover-packet.js';
import { PLACEHOLDER_OFFICE, parseOfficeProfile } from '../../lambdas/documents/office-profile.js';
import { renderPdf } from '../../lambdas/documents/pdf.js';
import { type CliIo, EXIT, parseCommandOptions, UsageError } from '../io.js';
import { loadLedger } from '../load-ledger.js';
import { outputWidth, renderTable } from '../table.js';
import { changedTabs, LedgerWriteError, writeTabs } from '../write-ledger.js';
import { OutputExistsError, refuseExisting, writeNewFiles } from '../write-output.js';

export const HANDOVER_HELP = `duebook handover --ledger PATH --as-of YYYY-MM-DD --list [--json] [--wide]
duebook handover --ledger PATH --as-of YYYY-MM-DD --customer ID --to NAME --out DIR
                 [--office FILE.json] [--by NAME]

With --list: the accounts whose next dunning stage (default policy) is the hand-over to an
attorney or agency, or whose hand-over notice went out without the account being placed, each
with its balance, whether it may be placed and why.

With --customer: writes DIR/<customer>-handover.pdf and DIR/<customer>-handover.csv for the
attorney or agency named by --to (balance and aging per currency, open items, fees, payments and
returned payments, promises, plans, every contact, flags, contact details and their changes),
and DIR/customers.csv and DIR/activity.csv: the ledger's tabs with the placement recorded (the
placed flag, Placed With, Placed On and an Activity row), to copy over the ledger's; the placed
flag stops Duebook's own reminders. Nothing is overwritten. An account that is already placed, disputed, in bankruptcy, owes
nothing undisputed, or has a pending promise or a plan in good standing is refused with the
reason, and nothing is written.

Options:
  --ledger PATH         .xlsx workbook or folder of CSV files (required)
  --as-of YYYY-MM-DD    the day the figures are as of and the placement date (required)
  --list                list the candidates instead of writing a packet
  --json                with --list: print the candidates as JSON
  --wide                with --list: one line per account, however long (default: fit the
                        terminal, or 100 columns, with each explanation wrapped under its row)
  --customer ID         the Customer ID to hand over
  --to NAME             the attorney or agency receiving the account
  --out DIR             folder for the PDF and CSV (created if missing)
  --office FILE.json    the office: {"name", "addressLines": [...], "phone", "email", ...}, as for
                        duebook appeal; without it the packet carries placeholders
  --by NAME             who places the account, for the Activity row

Rows with problems are left out (listed on stderr); the packet covers the valid rows.

Exit codes: 0 listed or packet written, 1 the account may not be placed, the customer is unknown,
or a file could not be read or written, 2 usage error.
`;

/** A failure reported on stderr with exit code 1: the message names the customer or file. */
class HandoverFailure extends Error {
  override name = 'HandoverFailure';
}

function options(args: readonly string[]) {
  return parseCommandOptions('handover', args, {
    ledger: { type: 'string' },
    'as-of': { type: 'string' },
    list: { type: 'boolean', default: false },
    wide: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    customer: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string' },
    office: { type: 'string' },
    by: { type: 'string' },
  });
}

function required(value: string | undefined, what: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${what} is required`, 'handover');
  return value;
}

async function officeFrom(path: string | undefined, io: CliIo): Promise<OfficeContact> {
  let profile: OfficeProfile = PLACEHOLDER_OFFICE;
  if (path === undefined) {
    io.err('note: no --office FILE.json given; the packet carries placeholders for the office\n');
  } else {
    let data: unknown;
    try {
      data = JSON.parse(await readFile(path, 'utf8'));
    } catch (e) {
      throw new HandoverFailure(
        `--office ${path}: cannot read it as JSON (${e instanceof Error ? e.message : String(e)})`,
      );
    }
    const parsed = parseOfficeProfile(data);
    if (!parsed.ok) throw new HandoverFailure(`--office ${path}: ${parsed.message}`);
    profile = parsed.office;
  }
  return {
    name: profile.name,
    address: profile.addressLines.join(', '),
    ...(profile.phone ? { phone: profile.phone } : {}),
    ...(profile.email ? { email: profile.email } : {}),
  };
}

/** A customer id as a file name: characters a file system may not take become `_`. */
export function fileStem(customerId: string): string {
  return customerId.replace(/[^A-Za-z0-9._-]/g, '_');
}

function candidatesOf(ledger: Ledger, asOf: string): HandoverCandidate[] {
  const book = buildBook(ledger, asOf);
  // Which stage is due does not depend on the hour or the zone (they only set when a message may
  // go out), so the plan is made for 09:00 UTC.
  const plan = planCollections({
    ledger,
    book,
    policy: DEFAULT_POLICY,
    asOf,
    now: zonedInstant(asOf, 9, 'UTC'),
    defaultTimeZone: 'UTC',
  });
  return handoverCandidates({ ledger, book, plan, policy: DEFAULT_POLICY });
}

function formatCandidates(list: readonly HandoverCandidate[], asOf: string, width: number): string {
  if (list.length === 0) return `No account is ready for hand-over as of ${asOf}.\n`;
  const table = renderTable(
    [
      { header: 'Customer' },
      { header: 'Name' },
      { header: 'Status' },
      { header: 'Balance', align: 'right' },
      { header: 'May place' },
      { header: 'Why' },
    ],
    list.map((c) => [
      c.customerId,
      c.customerName,
      c.status === 'due' ? 'stage due' : `notice sent ${c.noticeSentOn}`,
      c.balances.map((b) => formatMoney(b.balanceMinor, b.currency)).join(', '),
      c.refusals.length === 0 ? 'yes' : 'no',
      c.explanation.summary,
    ]),
    { width },
  );
  return `Hand-over candidates as of ${asOf} (policy ${DEFAULT_POLICY.version})\n\n${table}`;
}

/**
 * Runs `duebook handover` (arguments after the command name) and returns the exit code. A ledger
 * that cannot be read throws `LedgerReadError`, which `main` reports like every command's.
 *
 * @example await handoverCommand(['--ledger', 'ledger', '--as-of', '2026-11-23', '--list'], io)
 */
export async function handoverCommand(args: readonly string[], io: CliIo): Promise<number> {
  const values = options(args);
  const path = required(values.ledger, '--ledger PATH');
  const asOf = required(values['as-of'], '--as-of YYYY-MM-DD');
  if (parseIsoDay(asOf) === undefined)
    throw new UsageError(`--as-of "${asOf}" is not a date (use YYYY-MM-DD)`, 'handover');
  if (values.list) {
    if (values.customer !== undefined)
      throw new UsageError('give either --list or --customer ID', 'handover');
    const list = candidatesOf((await loadLedger(path, io)).ledger, asOf);
    io.out(
      values.json
        ? `${JSON.stringify(list, null, 2)}\n`
        : formatCandidates(list, asOf, outputWidth(values.wide === true)),
    );
    return EXIT.OK;
  }
  if (values.json) throw new UsageError('--json goes with --list', 'handover');
  const customerId = required(values.customer, '--customer ID (or --list)');
  const agency = required(values.to, '--to NAME');
  const out = required(values.out, '--out DIR');
  try {
    const office = await officeFrom(values.office, io);
    const loaded = await loadLedger(path, io);
    const { ledger } = loaded;
    const customer = ledger.customers.find((c) => c.customerId === customerId);
    if (!customer) throw new HandoverFailure(`no customer "${customerId}" among the valid Customers rows`);
    const placement = placeAccount(ledger, customerId, {
      with: agency,
      on: asOf,
      by: values.by,
      stage: DEFAULT_POLICY.ladders[DEFAULT_POLICY.defaultLadder]!.stages.find((s) => s.kind === 'handover')
        ?.id,
    });
    if (!placement.ok) {
      throw new HandoverFailure(
        `${customerId} may not be handed over: ${placement.refusals.map((r) => `${r.reason} [${r.rule}]`).join('; ')}`,
      );
    }
    const packet = buildHandoverPacket(ledger, customerId, { asOf, placedWith: agency.trim(), office });
    const pdf = join(out, `${fileStem(customerId)}-handover.pdf`);
    const csv = join(out, `${fileStem(customerId)}-handover.csv`);
    try {
      await refuseExisting([pdf, csv]);
    } catch (e) {
      if (e instanceof OutputExistsError) throw new HandoverFailure(e.message);
      throw e;
    }
    const bytes = await renderPdf(packet.document, { createdAt: new Date(), author: office.name });
    // The ledger tabs with the placement applied go first: writeTabs refuses to overwrite, and then
    // nothing at all is written.
    let written: string[];
    try {
      written = await writeTabs(out, changedTabs(loaded, placement.changes));
    } catch (e) {
      if (e instanceof LedgerWriteError) throw new HandoverFailure(e.message);
      throw e;
    }
    try {
      await writeNewFiles([
        { path: pdf, bytes },
        { path: csv, bytes: packet.csv },
      ]);
    } catch (e) {
      if (e instanceof OutputExistsError) throw new HandoverFailure(e.message);
      throw new HandoverFailure(`cannot write to ${out} (${e instanceof Error ? e.message : String(e)})`);
    }
    io.out(
      `${placement.explanation}\nWrote ${pdf}\nWrote ${csv}\n` +
        written.map((f) => `Wrote ${f}\n`).join('') +
        `Copy ${written.map((f) => basename(f)).join(' and ')} over the ledger's to record the placement ` +
        "(the placed flag stops Duebook's own reminders).\n",
    );
    return EXIT.OK;
  } catch (e) {
    if (!(e instanceof HandoverFailure)) throw e;
    io.err(`duebook: ${e.message}\n`);
    return EXIT.FAILED;
  }
}
