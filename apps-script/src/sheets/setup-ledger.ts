// "Set up ledger": creates the missing schema tabs and columns without touching existing data, and
// gives each tab its header, formats, dropdowns, help notes, protection and hidden row key column.
import { SCHEMA, type TabDef } from '../../../core/ledger/schema.js';
import { matchHeaders } from '../../../core/ledger/schema-cells.js';
import { ERRORS_HEADER, findHeader, ROW_KEY_HEADER } from './ledger-tab.js';

export const MONEY_FORMAT = '#,##0.00';
export const DATE_FORMAT = 'yyyy-mm-dd';
/**
 * Computed columns get warning-only protection: an editor add-on runs as the clerk, who must stay
 * able to fix the sheet, and a hard protection would also stop other editors' add-on writes. Sheets
 * asks "are you sure?" before a person edits them, which is what we want.
 */
export const PROTECTION_DESCRIPTION =
  'Duebook writes this column; edits are replaced on the next status refresh.';

export interface SetupReport {
  createdTabs: string[];
  addedColumns: { tab: string; header: string }[];
}

export function setupLedger(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  gas: { spreadsheet: GoogleAppsScript.Spreadsheet.SpreadsheetApp },
): SetupReport {
  const report: SetupReport = { createdTabs: [], addedColumns: [] };
  for (const def of SCHEMA) setupTab(ss, gas.spreadsheet, def, report);
  return report;
}

function setupTab(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  app: GoogleAppsScript.Spreadsheet.SpreadsheetApp,
  def: TabDef,
  report: SetupReport,
): void {
  let sheet = ss.getSheetByName(def.name);
  let header: unknown[] = [];
  if (!sheet) {
    sheet = ss.insertSheet(def.name);
    report.createdTabs.push(def.name);
  } else {
    const lastColumn = sheet.getLastColumn();
    if (lastColumn > 0) header = sheet.getRange(1, 1, 1, lastColumn).getValues()[0] ?? [];
  }
  while (header.length > 0 && String(header[header.length - 1] ?? '').trim() === '') header.pop();
  const index = matchHeaders(def, header);
  const missing = def.columns.filter((c) => index.get(c.key) === -1).map((c) => c.header);
  if (findHeader(header, ERRORS_HEADER) < 0) missing.push(ERRORS_HEADER);
  if (findHeader(header, ROW_KEY_HEADER) < 0) missing.push(ROW_KEY_HEADER);
  if (missing.length > 0) {
    const needed = header.length + missing.length;
    const maxColumns = sheet.getMaxColumns();
    if (needed > maxColumns) sheet.insertColumnsAfter(maxColumns, needed - maxColumns);
    sheet.getRange(1, header.length + 1, 1, missing.length).setValues([missing]);
    for (const h of missing) report.addedColumns.push({ tab: def.name, header: h });
    header = [...header, ...missing];
  }
  const width = header.length;
  sheet.getRange(1, 1, 1, width).setFontWeight('bold');
  sheet.setFrozenRows(1);

  const columns = matchHeaders(def, header);
  const dataRows = Math.max(sheet.getMaxRows() - 1, 1);
  const existing = sheet.getProtections(app.ProtectionType.RANGE);
  const protectedColumns = new Set(
    existing
      .filter((p) => p.getDescription() === PROTECTION_DESCRIPTION)
      .map((p) => p.getRange().getColumn()),
  );
  for (const col of def.columns) {
    const at = columns.get(col.key)!;
    if (at < 0) continue;
    const range = sheet.getRange(2, at + 1, dataRows, 1);
    if (col.type === 'money') range.setNumberFormat(MONEY_FORMAT);
    else if (col.type === 'date') range.setNumberFormat(DATE_FORMAT);
    else if (col.type === 'id' || col.type === 'text' || col.type === 'list') range.setNumberFormat('@');
    if (col.type === 'enum' && col.values) {
      range.setDataValidation(
        app
          .newDataValidation()
          .requireValueInList([...col.values], true)
          .setAllowInvalid(false)
          .setHelpText(`One of: ${col.values.join(', ')}`)
          .build(),
      );
    }
    if (col.type === 'list' || col.note) {
      const help =
        col.type === 'list'
          ? col.values
            ? `One or more of: ${col.values.join(', ')} (separate with commas).`
            : 'One or more values, separated with commas.'
          : '';
      sheet.getRange(1, at + 1).setNote([help, col.note ?? ''].filter(Boolean).join(' '));
    }
    if (col.computed && !protectedColumns.has(at + 1)) {
      sheet
        .getRange(1, at + 1, dataRows + 1, 1)
        .protect()
        .setDescription(PROTECTION_DESCRIPTION)
        .setWarningOnly(true);
    }
  }
  const rowKeyAt = findHeader(header, ROW_KEY_HEADER);
  sheet.hideColumns(rowKeyAt + 1);
}
