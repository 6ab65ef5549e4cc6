// Ledger files the CLI must not misread: CR-only CSV, xlsx zip bombs (declared and lying sizes),
// merged cells, formulas saved without a result, a header typo that refuses its tab whole, and
// every file written through the one formula guard and read back unchanged.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, main } from '../../cli/main.js';
import { checkXlsxSize, LedgerReadError, readCsvFile, readLedger } from '../../cli/read-ledger.js';
import { writeTabs } from '../../cli/write-ledger.js';
import { captureOutput } from '../support/cli-output.js';

function run(...argv: string[]) {
  return captureOutput(main, argv);
}

const CUSTOMERS = 'Customer ID,Name,Email\nC-1,Ann,ann@example.com\nC-2,Bo,bo@example.com\n';
const INVOICES =
  'Invoice ID,Customer ID,Invoice Date,Due Date,Amount,Currency\nINV-1,C-1,2026-09-01,2026-10-01,100.00,USD\nINV-2,C-2,2026-09-01,2026-10-01,50.00,USD\n';
const PAYMENTS =
  'Payment ID,Customer ID,Date,Amount,Currency,Applies To\nP-1,C-1,2026-10-05,10.00,USD,INV-1\n';

/** A one-entry zip whose central directory declares `declared` bytes for `data`. */
function zipOf(name: string, data: Buffer, declared = data.length): Buffer {
  const packed = deflateRawSync(data);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = 30 + nameBytes.length + packed.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46 + nameBytes.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, nameBytes, packed, central, nameBytes, eocd]);
}

describe('ledger files', () => {
  let dir: string;
  let n = 0;
  const folder = async (files: Record<string, string>) => {
    const to = join(dir, `ledger-${++n}`);
    await mkdir(to, { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(join(to, name), text);
    return to;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'duebook-files-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('readCsvFile', () => {
    it('returns every row of a file with CR-only line endings', async () => {
      const path = await folder({ 'customers.csv': CUSTOMERS.replace(/\n/g, '\r') });
      expect(await readCsvFile(join(path, 'customers.csv'))).toEqual([
        ['Customer ID', 'Name', 'Email'],
        ['C-1', 'Ann', 'ann@example.com'],
        ['C-2', 'Bo', 'bo@example.com'],
      ]);
      const res = await run('validate', '--ledger', path);
      expect(res.stdout).toContain('Customers 2');
    });
  });

  describe('validate, age, plan', () => {
    it('refuses a tab with a header typo whole, says "did you mean", and age and plan exit 1', async () => {
      // Prepare: "Due Dte" for "Due Date", with payments that name the invoices.
      const path = await folder({
        'customers.csv': CUSTOMERS,
        'invoices.csv': INVOICES.replace('Due Date', 'Due Dte'),
        'payments.csv': PAYMENTS,
      });
      // Act
      const validate = await run('validate', '--ledger', path);
      const age = await run('age', '--ledger', path, '--as-of', '2026-11-23');
      const plan = await run('plan', '--ledger', path, '--as-of', '2026-11-23');
      // Assess: one problem, the cause, not a pile of follow-ons.
      expect(validate.code).toBe(EXIT.FAILED);
      expect(validate.stdout.split('\n')[0]).toBe(
        'Invoices row 1, Due Date: the header "Due Date" is missing, so no row of this tab was read; column 4 is headed "Due Dte": did you mean `Due Date`?',
      );
      expect(validate.stdout).toContain('1 problem in');
      expect([age.code, plan.code]).toEqual([EXIT.FAILED, EXIT.FAILED]);
      expect(age.stdout).toBe('');
      expect(plan.stdout).toBe('');
      expect(age.stderr).toContain('refused as a whole');
    });
  });

  describe('readLedger (.xlsx)', () => {
    it('refuses a workbook that declares more than the cap, before decompressing it', async () => {
      const file = join(dir, 'bomb.xlsx');
      await writeFile(file, zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(1000), 300 * 1024 * 1024));
      await expect(readLedger(file)).rejects.toMatchObject({ code: 'XLSX.TOO_LARGE' });
      const res = await run('validate', '--ledger', file);
      expect(res.code).toBe(EXIT.FAILED);
      expect(res.stderr).toContain('decompresses to');
      expect(res.stderr).not.toContain('    at ');
    });

    it('refuses an entry that inflates past the size its directory declares', () => {
      const bytes = zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(50_000), 100);
      expect(() => checkXlsxSize('lying.xlsx', bytes)).toThrow(LedgerReadError);
      expect(() => checkXlsxSize('lying.xlsx', bytes)).toThrow(/more than its directory declares/);
      const honest = zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(50_000));
      expect(() => checkXlsxSize('honest.xlsx', honest)).not.toThrow();
      expect(() => checkXlsxSize('honest.xlsx', honest, 10_000)).toThrow(/over the/);
    });

    it('reports merged cells and formulas saved without a result on their row and column', async () => {
      // Prepare
      const workbook = new ExcelJS.Workbook();
      const customers = workbook.addWorksheet('Customers');
      customers.addRows([
        ['Customer ID', 'Name'],
        ['C-1', 'Ann'],
        ['C-2', 'Bo'],
      ]);
      const invoices = workbook.addWorksheet('Invoices');
      invoices.addRows([
        ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
        ['INV-1', 'C-1', '2026-09-01', '2026-10-01', 100, 'USD'],
        ['INV-2', null, '2026-09-01', '2026-10-01', 50, 'USD'],
        ['INV-3', 'C-2', '2026-09-01', '2026-10-01', null, 'USD'],
      ]);
      invoices.mergeCells('B2:B3');
      invoices.getCell('E4').value = { formula: 'E2*2' } as ExcelJS.CellFormulaValue;
      const file = join(dir, 'merged.xlsx');
      await workbook.xlsx.writeFile(file);
      // Act
      const res = await run('validate', '--ledger', file);
      // Assess
      expect(res.code).toBe(EXIT.FAILED);
      expect(res.stdout).toContain('Invoices row 3, Customer ID: is part of the merged cells B2:B3');
      expect(res.stdout).toContain('Invoices row 4, Amount: is the formula =E2*2 saved without its result');
      expect(res.stdout).toContain('Invoices 1');
    });
  });

  describe('writeTabs', () => {
    it('writes text that would run as a formula as text, amounts as numbers, and reads it all back', async () => {
      // Prepare
      const rows = [
        ['Customer ID', 'Name', 'Phone', 'Address', 'Placed With'],
        ['C-1', '=HYPERLINK("http://evil.example","pay here")', '+1+1', '-2', '@SUM(A1)'],
        ['C-2', 'Tab\tstart', '\tlead', '\rcr', 'plain'],
      ];
      const out = join(dir, `out-${++n}`);
      // Act
      const [file] = await writeTabs(out, [{ tab: 'Customers', rows }]);
      const text = await readFile(file!, 'utf8');
      // Assess: no field begins with a formula character; the reader gives the cells back.
      for (const line of text.split('\n').slice(1, 2)) {
        for (const field of line.split(',')) expect(field.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
      }
      expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""pay here"")"`);
      expect(text).toContain("'+1+1");
      expect(text).toContain("'-2");
      expect(text).toContain("'@SUM(A1)");
      expect(await readCsvFile(file!)).toEqual(rows);
    });

    it('keeps plain amounts in money columns as numbers', async () => {
      const out = join(dir, `out-${++n}`);
      const rows = [
        ['Adjustment ID', 'Customer ID', 'Date', 'Type', 'Amount', 'Currency', 'Note'],
        ['A-1', 'C-1', '2026-11-01', 'credit', '-12.50', 'USD', '-12.50'],
      ];
      const [file] = await writeTabs(out, [{ tab: 'Adjustments', rows }]);
      expect((await readFile(file!, 'utf8')).split('\n')[1]).toBe(
        "A-1,C-1,2026-11-01,credit,-12.50,USD,'-12.50",
      );
    });
  });
});
