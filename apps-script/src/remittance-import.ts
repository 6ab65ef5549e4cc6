// "Import remittance (835)": reads an X12 835 the clerk picked, posts what is certain onto the
// Claims and Invoices tabs with core's posting plan (as `duebook import-835 --ledger --out` does),
// and lists what it did not post (damaged claims and payments, unmatched claims) on the
// "Remittance Review" tab with the segment, the reason and the money. Never posts a flagged part.
import { DEFAULT_CLAIM_DEADLINES } from '../../core/claims/deadlines.js';
import { applyPostingPlan, type PostingPlan, postRemittances } from '../../core/claims/remittance-posting.js';
import type { IsoDate } from '../../core/ledger/dates.js';
import { formatMoney, minorToDecimal } from '../../core/ledger/money.js';
import { type ColumnDef, TAB_NAMES, tabDef } from '../../core/ledger/schema.js';
import { type LedgerRows, parseLedger } from '../../core/ledger/schema-rows.js';
import { parse835 } from '../../core/x12/parse-835.js';
import { reviewSummary } from '../../core/x12/review.js';
import { X12ParseError } from '../../core/x12/x12-error.js';
import { cellForApi, isBlankRow, safeCell } from './cells.js';
import { writeClaimColumns } from './claims-tab.js';
import type { RemittanceImported, RemittanceImportInput } from './contract.js';
import { AddonError } from './errors.js';
import type { Gas } from './gas.js';
import { type LedgerTab, ledgerTabFrom, tabDefByName, writeBlocks } from './sheets/ledger-tab.js';
import { APPEND_LOCK_WAIT_MS, SHEET_BUSY_MESSAGE } from './sheets/row-writer.js';
import { today } from './sidebar.js';

/** The tab where what was not posted waits for the clerk. */
export const REVIEW_SHEET = 'Remittance Review';

/** Largest 835 the dialog sends (characters): far above a month of a busy practice's remittances. */
export const MAX_REMITTANCE_CHARS = 20_000_000;

/** The review tab's columns, in order; the first seven identify a row, so a re-import adds none. */
export const REVIEW_HEADER = [
  'Kind',
  'Transaction',
  'Trace',
  'Part',
  'Claim (CLP01)',
  'Segment',
  'Reason',
  'Segment ID',
  'Element',
  'Amount',
  'Amount Basis',
  'Payer',
  'File',
  'Imported On',
] as const;
const IDENTITY_COLUMNS = 7;

type Cell = string | number | boolean | Date;

/**
 * Imports one 835: parses it with core (a file core cannot read at all is refused whole, naming
 * the segment), plans the posting against the sheet's own Claims and Invoices (one getValues() per
 * tab), then, under the document lock, writes the changed claim cells (one setValues() per
 * contiguous block), appends the new patient-share invoices (one setValues()), refreshes the
 * claims' Denial Category and Next Step, and appends the review rows not already listed.
 */
export function importRemittance(gas: Gas, input: RemittanceImportInput): RemittanceImported {
  const text = typeof input?.text === 'string' ? input.text : '';
  const fileName = String(input?.fileName ?? '').slice(0, 200) || 'remittance.835';
  if (text.trim() === '') {
    throw new AddonError('invalid', 'Choose an 835 file to import.', 'REMIT.EMPTY', [
      { field: 'file', message: 'is empty' },
    ]);
  }
  if (text.length > MAX_REMITTANCE_CHARS) {
    throw new AddonError(
      'invalid',
      `${fileName} is larger than ${MAX_REMITTANCE_CHARS / 1_000_000} million characters; split it by transaction.`,
      'REMIT.TOO_LARGE',
      [{ field: 'file', message: 'is too large' }],
    );
  }
  let parsed: ReturnType<typeof parse835>;
  try {
    parsed = parse835(text);
  } catch (e) {
    if (!(e instanceof X12ParseError)) throw e;
    throw new AddonError('invalid', `${fileName} is not a readable 835: ${e.message}`, e.code, [
      { field: 'file', message: e.message },
    ]);
  }
  const remittances = parsed.interchanges.flatMap((ic) => ic.transactions);

  const ss = gas.spreadsheet.getActive();
  const lock = gas.lock.getDocumentLock();
  if (!lock.tryLock(APPEND_LOCK_WAIT_MS)) throw new AddonError('other', SHEET_BUSY_MESSAGE, 'SHEET.BUSY');
  try {
    const asOf = today(gas, ss);
    const { rows, tabs } = readTabs(ss);
    const claimsTab = tabs.get('Claims');
    const invoicesTab = tabs.get('Invoices');
    if (!claimsTab || !invoicesTab) {
      throw new AddonError(
        'invalid',
        'There is no Claims or Invoices tab. Use Set up ledger first.',
        'SHEET.NO_TAB',
      );
    }
    const { ledger } = parseLedger(rows);
    const plan = postRemittances(ledger, remittances, { asOf, config: DEFAULT_CLAIM_DEADLINES });
    // Every column the plan writes must exist before anything is written: all or nothing.
    requireColumns(
      claimsTab,
      plan.claimUpdates.flatMap((u) => u.changed),
    );
    requireColumns(
      invoicesTab,
      plan.invoiceChanges.length > 0 ? ['invoiceId', 'customerId', 'amountMinor', 'status'] : [],
    );

    const claimsWritten = writeClaimUpdates(claimsTab, plan);
    const invoices = writeInvoiceChanges(invoicesTab, plan);
    writeClaimColumns(claimsTab, applyPostingPlan(ledger, plan), asOf);
    const review = appendReviewRows(ss, reviewRows(plan, fileName, asOf));
    gas.spreadsheet.flush();

    const summary = reviewSummary(plan.needsReview);
    const money = (minor: number) => formatMoney(minor, 'USD', { code: false });
    const parts = [
      `Posted ${plural(claimsWritten, 'claim')}`,
      invoices.created + invoices.changed > 0
        ? `${plural(invoices.created, 'patient-share invoice')} created, ${invoices.changed} changed`
        : undefined,
      plan.alreadyPosted.length > 0 ? `${plan.alreadyPosted.length} already posted, skipped` : undefined,
      plan.needsReview.length > 0
        ? `${plural(plan.needsReview.length, 'damaged part')} holding ${money(summary.amountMinor)} not posted`
        : undefined,
      plan.unmatched.length > 0 ? `${plural(plan.unmatched.length, 'claim')} matched nothing` : undefined,
    ].filter((p) => p !== undefined);
    const look = plan.needsReview.length + plan.unmatched.length > 0 ? ` See the ${REVIEW_SHEET} tab.` : '';
    return {
      asOf,
      fileName,
      transactions: remittances.length,
      claimsUpdated: claimsWritten,
      invoicesCreated: invoices.created,
      invoicesChanged: invoices.changed,
      denials: plan.denials.length,
      alreadyPosted: plan.alreadyPosted.length,
      unmatched: plan.unmatched.length,
      needsReview: {
        claims: summary.claims,
        payments: summary.payments,
        amountMinor: summary.amountMinor,
        unknownAmounts: summary.unknownAmounts,
      },
      reviewRowsAdded: review.added,
      warnings: parsed.warnings.map((w) => w.message),
      message: `${parts.join('; ')}.${look}`,
    };
  } finally {
    lock.releaseLock();
  }
}

/** Every ledger tab read once: the rows core parses, and the Claims and Invoices tabs to write. */
function readTabs(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): {
  rows: LedgerRows;
  tabs: Map<'Claims' | 'Invoices', LedgerTab>;
} {
  const timeZone = ss.getSpreadsheetTimeZone();
  const rows: LedgerRows = {};
  const tabs = new Map<'Claims' | 'Invoices', LedgerTab>();
  for (const name of TAB_NAMES) {
    const sheet = ss.getSheetByName(name);
    if (!sheet) continue;
    const values = sheet.getDataRange().getValues();
    rows[name] = values.map((r, i) => (i === 0 ? r : r.map((v) => cellForApi(v, timeZone))));
    if (name === 'Claims' || name === 'Invoices')
      tabs.set(name, ledgerTabFrom(tabDefByName(name)!, sheet, values));
  }
  return { rows, tabs };
}

function requireColumns(tab: LedgerTab, keys: readonly string[]): void {
  const missing = [...new Set(keys)].filter((k) => (tab.index.get(k) ?? -1) < 0);
  if (missing.length === 0) return;
  const headers = missing.map((k) => tab.def.columns.find((c) => c.key === k)?.header ?? k);
  throw new AddonError(
    'invalid',
    `The ${tab.def.name} tab is missing columns the posting needs (${headers.join(', ')}); nothing was posted. Use Set up ledger to add them.`,
    'SHEET.COLUMN_MISSING',
  );
}

/** A record's field as a cell: money as a number in its currency, lists joined, dates as ISO text. */
function cellOf(column: ColumnDef, value: unknown, currency: unknown): Cell {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (column.type === 'money' && typeof value === 'number') {
    return minorToDecimal(value, typeof currency === 'string' ? currency : 'USD');
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'number' ? value : String(value);
}

function writeClaimUpdates(tab: LedgerTab, plan: PostingPlan): number {
  const idAt = tab.index.get('claimId') ?? -1;
  const rows: number[] = [];
  const cols = new Set<number>();
  for (const u of plan.claimUpdates) {
    const r = u.row - 1;
    const row = tab.values[r];
    // The plan was made from these values under the lock; a mismatch is a bug, not a clerk's edit.
    if (!row || String(row[idAt] ?? '').trim() !== u.claimId) {
      throw new AddonError('other', `Claims row ${u.row} no longer holds ${u.claimId}.`, 'REMIT.ROW_MOVED');
    }
    const after = u.after as unknown as Record<string, unknown>;
    for (const key of u.changed) {
      const at = tab.index.get(key)!;
      const column = tab.def.columns.find((c) => c.key === key)!;
      row[at] = cellOf(column, after[key], after.currency);
      cols.add(at);
    }
    rows.push(r);
  }
  if (rows.length > 0) writeBlocks(tab, rows, [...cols]);
  return rows.length;
}

function writeInvoiceChanges(tab: LedgerTab, plan: PostingPlan): { created: number; changed: number } {
  const def = tabDef('Invoices');
  const inputs = def.columns.filter((c) => !c.computed);
  const idAt = tab.index.get('invoiceId')!;
  const rowOfId = new Map<string, number>();
  tab.values.forEach((row, r) => {
    if (r > 0) rowOfId.set(String(row[idAt] ?? '').trim(), r);
  });
  const width = tab.values[0]?.length ?? 0;
  const updated: number[] = [];
  const cols = new Set<number>();
  const appended: Cell[][] = [];
  for (const change of plan.invoiceChanges) {
    const record = change.invoice as unknown as Record<string, unknown>;
    const r = rowOfId.get(change.invoice.invoiceId);
    if (r !== undefined) {
      const row = tab.values[r]!;
      for (const key of ['amountMinor', 'status'] as const) {
        const at = tab.index.get(key)!;
        row[at] = cellOf(def.columns.find((c) => c.key === key)!, record[key], record.currency);
        cols.add(at);
      }
      updated.push(r);
      continue;
    }
    const row: Cell[] = Array.from({ length: width }, () => '');
    for (const column of inputs) {
      const at = tab.index.get(column.key) ?? -1;
      if (at >= 0) row[at] = safeCell(cellOf(column, record[column.key], record.currency));
    }
    appended.push(row);
  }
  if (updated.length > 0) writeBlocks(tab, updated, [...cols]);
  if (appended.length > 0) {
    // Under the last row holding anything (the data range may end in blank rows a clerk cleared).
    let last = tab.values.length;
    while (last > 1 && isBlankRow(tab.values[last - 1]!)) last--;
    tab.sheet.getRange(last + 1, 1, appended.length, width).setValues(appended);
  }
  return { created: appended.length, changed: updated.length };
}

/** One row per defect of a flagged part, then one per claim that matched no ledger claim. */
function reviewRows(plan: PostingPlan, fileName: string, asOf: IsoDate): Cell[][] {
  const out: Cell[][] = [];
  for (const item of plan.needsReview) {
    for (const f of item.flags) {
      out.push([
        'needs review',
        item.transactionControl,
        item.traceNumber ?? '',
        item.scope,
        item.patientControlNumber ?? '',
        f.transactionSegment ?? f.segment,
        f.message,
        f.segmentId,
        f.element ?? '',
        item.amountMinor === undefined ? '' : minorToDecimal(item.amountMinor, 'USD'),
        item.amountBasis,
        item.payer ?? '',
        fileName,
        asOf,
      ]);
    }
  }
  for (const u of plan.unmatched) {
    out.push([
      'not posted',
      u.controlNumber,
      u.traceNumber ?? '',
      'claim',
      u.patientControlNumber,
      u.segment,
      u.reason,
      'CLP',
      '',
      minorToDecimal(u.paidMinor, 'USD'),
      'paid (CLP04)',
      '',
      fileName,
      asOf,
    ]);
  }
  return out;
}

const identity = (row: readonly unknown[]) =>
  row
    .slice(0, IDENTITY_COLUMNS)
    .map((v) => String(v ?? '').replace(/^'/, ''))
    .join('\u0001');

/**
 * Appends the rows the review tab does not list yet (read with one getValues(), written with one
 * setValues()), creating the tab with its header when missing.
 */
function appendReviewRows(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, rows: Cell[][]): { added: number } {
  if (rows.length === 0) return { added: 0 };
  let sheet = ss.getSheetByName(REVIEW_SHEET);
  let existing: unknown[][] = [];
  if (!sheet) {
    sheet = ss.insertSheet(REVIEW_SHEET);
    sheet.getRange(1, 1, 1, REVIEW_HEADER.length).setValues([[...REVIEW_HEADER]]);
    sheet.setFrozenRows(1);
    existing = [[...REVIEW_HEADER]];
  } else {
    existing = sheet.getDataRange().getValues();
  }
  const seen = new Set(existing.slice(1).map(identity));
  const fresh: Cell[][] = [];
  for (const row of rows) {
    const key = identity(row);
    if (seen.has(key)) continue;
    seen.add(key);
    fresh.push(row.map(safeCell));
  }
  if (fresh.length > 0) {
    let last = existing.length;
    while (last > 1 && isBlankRow(existing[last - 1]!)) last--;
    sheet.getRange(Math.max(last, 1) + 1, 1, fresh.length, REVIEW_HEADER.length).setValues(fresh);
  }
  return { added: fresh.length };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
