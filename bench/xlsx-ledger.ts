// The bench's CSV ledger written again as an .xlsx workbook, as a clerk's Excel holds it: one sheet per
// tab, dates as date cells, amounts as numbers with a money format, text as shared strings.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parseCsv } from '../cli/read-ledger.js';

const TABS = [
  ['Customers', 'customers.csv'],
  ['Invoices', 'invoices.csv'],
  ['Payments', 'payments.csv'],
] as const;
const DATE_HEADERS = new Set(['Invoice Date', 'Due Date', 'Date']);
const MONEY_HEADERS = new Set(['Amount']);

/**
 * Writes `file` from the CSV ledger in `dir` (`writeCsvLedger`'s files) with exceljs's streaming
 * writer, so a 100,000-invoice workbook is written without holding it. The same ledger, cell for cell.
 */
export async function writeXlsxLedger(dir: string, file: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: true,
    useStyles: true,
  });
  for (const [tab, name] of TABS) {
    const [header, ...records] = parseCsv(await readFile(join(dir, name), 'utf8'));
    const sheet = workbook.addWorksheet(tab);
    sheet.addRow(header!).commit();
    const kinds = header!.map((h) =>
      DATE_HEADERS.has(h) ? 'date' : MONEY_HEADERS.has(h) ? 'money' : 'text',
    );
    for (const record of records) {
      const row = sheet.addRow(
        record.map((v, i) => {
          if (v === '') return null;
          if (kinds[i] === 'date') return new Date(`${v}T00:00:00Z`);
          if (kinds[i] === 'money') return Number(v);
          return v;
        }),
      );
      kinds.forEach((kind, i) => {
        if (kind === 'date') row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
        if (kind === 'money') row.getCell(i + 1).numFmt = '#,##0.00';
      });
      row.commit();
    }
    sheet.commit();
  }
  await workbook.commit();
}
