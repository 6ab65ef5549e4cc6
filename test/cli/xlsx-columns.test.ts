// `duebook age`, `plan` and `validate` on an .xlsx streamed into columns: the same bytes as the row
// path and as the same ledger in CSV files, and the row path's messages whenever a row has a problem.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeXlsxLedger } from '../../bench/xlsx-ledger.js';
import { formatAgingReport, ledgerCounts, main } from '../../cli/main.js';
import { readLedger, readLedgerColumns } from '../../cli/read-ledger.js';
import { ageBook } from '../../core/ledger/aging.js';
import { buildBook } from '../../core/ledger/book.js';
import { columnarLedger } from '../../core/ledger/ledger-columns.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';

const AS_OF = '2026-11-23';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

/** 50 customers with 5 invoices each (some disputed or void, one currency in 6 EUR), named and unnamed payments. */
function ledgerFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'duebook-xlsx-columns-'));
  const customers = ['Customer ID,Name,Email,Time Zone'];
  const invoices = ['Invoice ID,Customer ID,Invoice Date,Due Date,Amount,Currency,Status'];
  const payments = ['Payment ID,Customer ID,Date,Amount,Currency,Applies To'];
  for (let c = 0; c < 50; c++) {
    const id = `C-${String(c).padStart(3, '0')}`;
    const currency = c % 6 === 0 ? 'EUR' : 'USD';
    customers.push(`${id},"Name ${c}, Inc",c${c}@example.com,America/Chicago`);
    for (let k = 0; k < 5; k++) {
      const day = String(1 + ((c * 7 + k) % 27)).padStart(2, '0');
      const status = (c + k) % 11 === 0 ? 'disputed' : (c + k) % 13 === 0 ? 'void' : '';
      invoices.push(
        `INV-${c}-${k},${id},2026-${String(5 + k).padStart(2, '0')}-${day},2026-${String(6 + k).padStart(2, '0')}-${day},${100 + c * 13 + k}.${String(k * 7 + 3).padStart(2, '0')},${currency},${status}`,
      );
    }
    if (c % 3 === 0) payments.push(`P-${c},${id},2026-09-15,${150 + c}.25,${currency},INV-${c}-1`);
    if (c % 4 === 0) payments.push(`Q-${c},${id},2026-10-20,${900 + c * 40}.00,${currency},`);
  }
  writeFileSync(join(dir, 'customers.csv'), `${customers.join('\n')}\n`);
  writeFileSync(join(dir, 'invoices.csv'), `${invoices.join('\n')}\n`);
  writeFileSync(join(dir, 'payments.csv'), `${payments.join('\n')}\n`);
  return dir;
}

/** What the row path prints for `age`: read rows, validate, build the book, age. */
async function rowPathAge(path: string, asJson: boolean): Promise<string> {
  const parsed = parseLedger((await readLedger(path)).rows);
  const report = ageBook(buildBook(parsed.ledger, AS_OF), AS_OF);
  return asJson ? `${JSON.stringify(report, null, 2)}\n` : formatAgingReport(report, parsed.ledger);
}

describe('cli/main', () => {
  let folder: string;
  let workbook: string;

  beforeAll(async () => {
    folder = ledgerFolder();
    workbook = join(folder, '..', `${folder.split('/').pop()}.xlsx`);
    await writeXlsxLedger(folder, workbook);
  });

  describe('age, plan and validate on an .xlsx read as columns', () => {
    it('prints what the row path prints, and what the same ledger as CSV files prints', async () => {
      // Prepare: the columnar path takes this workbook (typed dates and amounts), so the paths are compared.
      const columns = (await readLedgerColumns(workbook))!;
      expect(columns.source.kind).toBe('xlsx');
      expect(columns.wide).toBe(false);
      expect(columnarLedger(columns.tabs)?.invoices.count).toBe(250);
      // Act
      const json = await run('age', '--ledger', workbook, '--as-of', AS_OF, '--json');
      const text = await run('age', '--ledger', workbook, '--as-of', AS_OF);
      const csv = await run('age', '--ledger', folder, '--as-of', AS_OF, '--json');
      const plan = await run('plan', '--ledger', workbook, '--as-of', AS_OF, '--json');
      const csvPlan = await run('plan', '--ledger', folder, '--as-of', AS_OF, '--json');
      // Assess
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout).customers.length).toBeGreaterThan(40);
      expect(json.stdout).toBe(await rowPathAge(workbook, true));
      expect(text.stdout).toBe(await rowPathAge(workbook, false));
      expect(json.stdout).toBe(csv.stdout);
      expect(plan.code).toBe(0);
      expect(plan.stdout).toBe(csvPlan.stdout);
      expect(JSON.parse(plan.stdout).actions.length).toBeGreaterThan(0);
    });

    it('validates as the row path counts, for the workbook and the CSV folder', async () => {
      for (const path of [workbook, folder]) {
        const res = await run('validate', '--ledger', path, '--json');
        const parsed = parseLedger((await readLedger(path)).rows);
        expect(parsed.problems).toEqual([]);
        expect(res.code).toBe(0);
        expect(JSON.parse(res.stdout)).toEqual({ problems: [], counts: ledgerCounts(parsed.ledger) });
        const line = await run('validate', '--ledger', path);
        expect(line.stdout).toMatch(
          /^OK .*: no problems \(valid rows: Customers 50, Invoices 250, Payments 30,/,
        );
      }
    });

    it('takes the row path for a workbook with a problem row, naming it as before', async () => {
      // Prepare: a merged cell and a formula without its result among good rows.
      const book = new ExcelJS.Workbook();
      book.addWorksheet('Customers').addRows([
        ['Customer ID', 'Name'],
        ['C-1', 'Ann'],
        ['C-2', 'Bo'],
      ]);
      const invoices = book.addWorksheet('Invoices');
      invoices.addRows([
        ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
        ['INV-1', 'C-1', new Date(Date.UTC(2026, 8, 1)), new Date(Date.UTC(2026, 9, 1)), 100, 'USD'],
        ['INV-2', 'C-2', new Date(Date.UTC(2026, 8, 1)), new Date(Date.UTC(2026, 9, 1)), 50.5, 'USD'],
        ['INV-3', 'C-2', '2026-09-01', '2026-10-01', null, 'USD'],
      ]);
      invoices.getCell('E4').value = { formula: 'E2*2' } as ExcelJS.CellFormulaValue;
      invoices.mergeCells('F2:F3');
      const file = join(folder, '..', `${folder.split('/').pop()}-bad.xlsx`);
      await book.xlsx.writeFile(file);
      // Act
      const age = await run('age', '--ledger', file, '--as-of', AS_OF, '--json');
      // Assess
      expect(columnarLedger((await readLedgerColumns(file))!.tabs)).toBeUndefined();
      expect(age.code).toBe(0);
      expect(age.stderr).toContain('Invoices row 3, Currency: is part of the merged cells F2:F3');
      expect(age.stderr).toContain('Invoices row 4, Amount: is the formula =E2*2 saved without its result');
      expect(age.stdout).toBe(await rowPathAge(file, true));
      expect(JSON.parse(age.stdout).totals).toEqual([
        expect.objectContaining({ currency: 'USD', totalMinor: 10_000 }),
      ]);
    });
  });
});
