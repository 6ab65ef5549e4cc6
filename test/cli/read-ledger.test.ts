// Tests for reading a ledger from a CSV folder or an .xlsx workbook, and for unreadable input.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerReadError, readLedger } from '../../cli/read-ledger.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duebook-read-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readError(path: string): Promise<LedgerReadError> {
  try {
    await readLedger(path);
  } catch (e) {
    if (e instanceof LedgerReadError) return e;
    throw e;
  }
  throw new Error('expected readLedger to fail');
}

describe('read-ledger', () => {
  describe('readLedger from a CSV folder', () => {
    it('returns each tab from the file named after it, in any case, and notes other CSV files', async () => {
      // Prepare
      await writeFile(join(dir, 'Customers.CSV'), '\uFEFFCustomer ID,Name\r\nC-1,"Acme, Inc."\r\n');
      await writeFile(
        join(dir, 'invoices.csv'),
        'Invoice ID,Customer ID,Invoice Date,Due Date,Amount,Currency\nI-1,C-1,2026-10-01,2026-10-31,"1,250.00",USD\n',
      );
      await writeFile(join(dir, 'notes.csv'), 'x\n');
      await writeFile(join(dir, 'readme.txt'), 'not a csv');

      // Act
      const { rows, source } = await readLedger(dir);

      // Assess
      expect(rows.Customers).toEqual([
        ['Customer ID', 'Name'],
        ['C-1', 'Acme, Inc.'],
      ]);
      expect(source.tabs).toEqual({ Customers: 'Customers.CSV', Invoices: 'invoices.csv' });
      expect(source.notes).toEqual([expect.stringContaining('notes.csv: not a ledger tab, ignored')]);
      const { ledger, problems } = parseLedger(rows);
      expect(problems).toEqual([]);
      expect(ledger.invoices[0]).toMatchObject({ invoiceId: 'I-1', amountMinor: 125_000, currency: 'USD' });
    });

    it('reports a malformed file with its name, line and column', async () => {
      await writeFile(join(dir, 'customers.csv'), 'Customer ID,Name\nC-1,"Acme\n');
      const error = await readError(dir);
      expect(error.code).toBe('CSV.MALFORMED');
      expect(error.message).toBe(
        `${join(dir, 'customers.csv')}: line 2, column 5: quoted field is never closed`,
      );
    });

    it('rejects a file that is not UTF-8 instead of guessing its encoding', async () => {
      await writeFile(join(dir, 'customers.csv'), Buffer.from('Customer ID,Name\nC-1,Caf\xe9\n', 'latin1'));
      const error = await readError(dir);
      expect(error.code).toBe('CSV.ENCODING');
      expect(error.message).toContain('not UTF-8 text (save it as "CSV UTF-8")');
    });

    it('rejects a folder with no ledger CSV files', async () => {
      await writeFile(join(dir, 'other.csv'), 'x\n');
      expect((await readError(dir)).code).toBe('LEDGER.EMPTY');
    });

    it('rejects two files for one tab', async () => {
      await writeFile(join(dir, 'customers.csv'), 'Customer ID,Name\n');
      await writeFile(join(dir, 'CUSTOMERS.csv'), 'Customer ID,Name\n');
      expect((await readError(dir)).code).toBe('LEDGER.DUPLICATE_TAB');
    });
  });

  describe('readLedger from a path that is not a ledger', () => {
    it.each([
      ['a missing path', 'missing', 'LEDGER.NOT_FOUND'],
      ['a single CSV file', 'customers.csv', 'LEDGER.UNSUPPORTED'],
      ['a file of another kind', 'ledger.ods', 'LEDGER.UNSUPPORTED'],
      ['an .xlsx that is not a workbook', 'broken.xlsx', 'XLSX.UNREADABLE'],
    ])('rejects %s', async (_name, file, code) => {
      if (file !== 'missing') await writeFile(join(dir, file), 'Customer ID,Name\n');
      expect((await readError(join(dir, file))).code).toBe(code);
    });
  });

  describe('readLedger from an .xlsx workbook', () => {
    it('reads back a workbook written with exceljs: sheet names in any case, dates, formulas, rich text, links', async () => {
      // Prepare
      const workbook = new ExcelJS.Workbook();
      const customers = workbook.addWorksheet('CUSTOMERS');
      customers.addRow(['Customer ID', 'Name', 'Email', 'Time Zone']);
      customers.addRow([
        'C-1',
        { richText: [{ text: 'Acme ' }, { text: 'Plumbing', font: { bold: true } }] },
        { text: 'acme@example.com', hyperlink: 'mailto:acme@example.com' },
        'America/Chicago',
      ]);
      customers.addRow(['C-2', 'Birch Dental', null, 'Asia/Tokyo']);
      const invoices = workbook.addWorksheet(' invoices ');
      invoices.addRow(['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency']);
      invoices.addRow([
        'I-1',
        'C-1',
        new Date(Date.UTC(2026, 9, 1)),
        new Date(Date.UTC(2026, 9, 31)),
        1250.5,
        'USD',
      ]);
      invoices.addRow([
        'I-2',
        'C-2',
        new Date(Date.UTC(2026, 10, 2)),
        { formula: 'C3+30', result: new Date(Date.UTC(2026, 11, 2)) },
        { formula: '1000*12', result: 12_000 },
        'JPY',
      ]);
      // Row 5 is left empty, as clerks do between blocks of rows.
      invoices.getRow(6).values = [
        'I-3',
        'C-1',
        '2026-11-05',
        '2026-12-05',
        { formula: '1/0', result: { error: '#DIV/0!' } },
        'USD',
      ];
      workbook.addWorksheet('Scratch').addRow(['anything']);
      const file = join(dir, 'ledger.xlsx');
      await workbook.xlsx.writeFile(file);

      // Act
      const { rows, source } = await readLedger(file);
      const { ledger, problems } = parseLedger(rows);

      // Assess
      expect(source.tabs).toEqual({ Customers: 'CUSTOMERS', Invoices: ' invoices ' });
      expect(source.notes).toEqual(['sheet "Scratch": not a ledger tab, ignored']);
      expect(ledger.customers.map((c) => [c.customerId, c.name, c.email, c.timeZone])).toEqual([
        ['C-1', 'Acme Plumbing', 'acme@example.com', 'America/Chicago'],
        ['C-2', 'Birch Dental', undefined, 'Asia/Tokyo'],
      ]);
      expect(
        ledger.invoices.map((i) => [i.invoiceId, i.invoiceDate, i.dueDate, i.amountMinor, i.currency]),
      ).toEqual([
        ['I-1', '2026-10-01', '2026-10-31', 125_050, 'USD'],
        ['I-2', '2026-11-02', '2026-12-02', 12_000, 'JPY'],
      ]);
      // The empty sheet row 5 still counts, so the problem names the row Excel shows.
      expect(problems).toEqual([
        {
          tab: 'Invoices',
          row: 6,
          column: 'Amount',
          code: 'SCHEMA.AMOUNT_INVALID',
          message: '"#DIV/0!" is not an amount',
        },
      ]);
    });
  });
});
