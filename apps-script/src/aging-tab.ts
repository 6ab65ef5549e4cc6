// The "Aging" tab: open balances by bucket and currency, computed with core from the ledger tabs
// already parsed, written as one block with an embedded column chart.
import { ageBook } from '../../core/ledger/aging.js';
import { buildBook } from '../../core/ledger/book.js';
import type { IsoDate } from '../../core/ledger/dates.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import { minorToDecimal } from '../../core/ledger/money.js';
import { TAB_NAMES } from '../../core/ledger/schema.js';
import type { LedgerRows } from '../../core/ledger/schema-rows.js';
import { cellForApi, safeCell } from './cells.js';
import { type LawfulLedger, refusedText } from './refused-charges.js';

export const AGING_SHEET = 'Aging';

/** Reads every ledger tab once (one getValues() each) into the rows core's parser takes. */
export function readLedgerRows(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): LedgerRows {
  const timeZone = ss.getSpreadsheetTimeZone();
  const rows: LedgerRows = {};
  for (const name of TAB_NAMES) {
    const sheet = ss.getSheetByName(name);
    if (!sheet) continue;
    rows[name] = sheet
      .getDataRange()
      .getValues()
      .map((r, i) => (i === 0 ? r : r.map((v) => cellForApi(v, timeZone))));
  }
  return rows;
}

/**
 * Writes the Aging tab from `ledger`, which the caller passes without the refused charges
 * (`lawfulLedger`); `refused` (its totals) adds the line saying what was left out and why.
 */
export function refreshAgingTab(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  ledger: Ledger,
  asOf: IsoDate,
  refused: LawfulLedger['totals'] = [],
): { currencies: number } {
  const report = ageBook(buildBook(ledger, asOf), asOf);
  const header = ['Currency', ...report.buckets, 'Total', 'Unapplied credit'];
  const block: (string | number | boolean | Date)[][] = [header.map(safeCell)];
  for (const t of report.totals) {
    block.push([
      t.currency,
      ...t.bucketsMinor.map((m) => minorToDecimal(m, t.currency)),
      minorToDecimal(t.totalMinor, t.currency),
      minorToDecimal(t.unappliedCreditMinor, t.currency),
    ]);
  }
  block.push([safeCell(`As of ${asOf}`), ...header.slice(1).map(() => '')]);
  if (refused.length > 0)
    block.push([
      safeCell(
        `Not counted: ${refusedText(refused)} of late fees or interest the compliance rules refuse (marked on the Adjustments tab)`,
      ),
      ...header.slice(1).map(() => ''),
    ]);
  let sheet = ss.getSheetByName(AGING_SHEET);
  if (!sheet) sheet = ss.insertSheet(AGING_SHEET);
  sheet.clearContents();
  sheet.getRange(1, 1, block.length, header.length).setValues(block);
  sheet.setFrozenRows(1);
  for (const chart of sheet.getCharts()) sheet.removeChart(chart);
  if (report.totals.length > 0) {
    const chart = sheet
      .newChart()
      .asColumnChart()
      .setStacked()
      .setTitle(`Open balance by days past due, as of ${asOf}`)
      .addRange(sheet.getRange(1, 1, report.totals.length + 1, report.buckets.length + 1))
      .setPosition(block.length + 2, 1, 0, 0)
      .build();
    sheet.insertChart(chart);
  }
  return { currencies: report.totals.length };
}
