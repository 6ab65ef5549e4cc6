// Tests for `duebook import-ledes`: readable and JSON output, CSV rows for a ledger folder, exit codes.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMPORT_LEDES_HELP, importLedesCommand } from '../../cli/commands/import-ledes.js';
import { EXIT, UsageError } from '../../cli/io.js';
import { readLedger } from '../../cli/read-ledger.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';
import { captureOutput } from '../support/cli-output.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/ledes/${name}`, import.meta.url));
const GOOD = fixture('lexitree-good-utf8-no-eol.txt');
const TWO = fixture('ledes-parser-two-invoices.txt');

function run(...argv: string[]) {
  return captureOutput(importLedesCommand, argv);
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duebook-ledes-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli/commands/import-ledes', () => {
  describe('importLedesCommand', () => {
    it('prints each invoice with its lines and exits 0 for a file with warnings only', async () => {
      // Act
      const { code, stdout, stderr } = await run(GOOD);

      // Assess
      expect(code).toBe(EXIT.OK);
      expect(stderr).toBe('');
      expect(stdout).toContain(
        'Invoice 96542  client 00711  matter 0528 (client matter 423-987)  1999-02-25  USD 1,684.45',
      );
      expect(stdout).toMatch(
        /^1\s+F\s+1999-01-15\s+Arnsley, Robert\s+2\s+350\s+-70\.00\s+630\.00\s+L510 A102/m,
      );
      expect(stdout).toMatch(/^6\s+IF\s+1999-01-31\s+1\s+1,250\.00\s+1,250\.00\s+Monthly Retainer Fee$/m);
      expect(stdout).toContain('0 errors, 1 warning:');
      expect(stdout).toContain('2 invoices in the file, 2 new for the ledger, 1 new client.');
    });

    it('lists the valid invoice, then the errors, and exits 1 when an invoice has errors', async () => {
      // Act
      const { code, stdout } = await run(TWO);

      // Assess
      expect(code).toBe(EXIT.FAILED);
      expect(stdout.indexOf('Invoice 96542')).toBeLessThan(stdout.indexOf('4 errors, 0 warnings:'));
      expect(stdout).toContain(
        '  Line 9, field 9 LINE_ITEM_NUMBER: line item 6 of invoice 96543 is already on line 8',
      );
      expect(stdout).toContain('Not imported because of errors: 96543');
      expect(stdout).not.toContain('Invoice 96543  client');
    });

    it('prints invoices, problems and ledger rows as JSON in minor units', async () => {
      // Act
      const { code, stdout } = await run(fixture('lexitree-eager-bad.txt'), '--json');

      // Assess
      expect(code).toBe(EXIT.FAILED);
      const report = JSON.parse(stdout);
      expect(report.invoices).toEqual([]);
      expect(report.rejected).toEqual(['96543']);
      expect(report.problems).toEqual([
        {
          severity: 'warning',
          line: 3,
          field: 16,
          fieldName: 'LINE_ITEM_EXPENSE_CODE',
          invoiceNumber: '96543',
          code: 'LEDES.EXPENSE_CODE_MISSING',
          message: 'empty; e-billing portals reject an expense line without a UTBMS expense code',
        },
        {
          severity: 'error',
          line: 3,
          field: 21,
          fieldName: 'LINE_ITEM_UNIT_COST',
          invoiceNumber: '96543',
          code: 'LEDES.REQUIRED',
          message: 'empty; an expense line needs a unit cost',
        },
      ]);
    });

    it('gives JSON amounts in minor units of the currency asked for', async () => {
      // Act
      const { stdout } = await run(GOOD, '--json', '--currency', 'eur');

      // Assess
      const report = JSON.parse(stdout);
      expect(report.currency).toBe('EUR');
      expect(report.invoices[0]).toMatchObject({ totalMinor: 168445, currency: 'EUR' });
      expect(report.invoices[0].lines[0]).toMatchObject({
        units: '2',
        unitCost: '350',
        adjustmentMinor: -7000,
      });
      expect(report.ledger.invoices[0]).toMatchObject({
        invoiceId: '96542',
        amountMinor: 168445,
        currency: 'EUR',
      });
    });

    it('writes customers.csv and invoices.csv that read back as a valid ledger', async () => {
      // Prepare
      const out = join(dir, 'import');

      // Act
      const { code, stdout } = await run(GOOD, '--out', out, '--terms-days', '14');

      // Assess
      expect(code).toBe(EXIT.OK);
      expect(stdout).toContain(`Wrote ${join(out, 'invoices.csv')}`);
      expect(await readFile(join(out, 'invoices.csv'), 'utf8')).toBe(
        'Invoice ID,Customer ID,Invoice Date,Due Date,Amount,Currency,Status,Matter,Description\n' +
          '96542,00711,1999-02-25,1999-03-11,1684.45,USD,open,0528,For services rendered\n' +
          '96543,00711,1999-02-25,1999-03-11,1250.00,USD,open,1326,Monthly Retainer\n',
      );
      const parsed = parseLedger((await readLedger(out)).rows);
      expect(parsed.problems).toEqual([]);
      expect(parsed.ledger.invoices.map((i) => [i.invoiceId, i.amountMinor])).toEqual([
        ['96542', 168445],
        ['96543', 125000],
      ]);
    });

    it('refuses to overwrite an existing file and writes nothing', async () => {
      // Prepare
      await writeFile(join(dir, 'invoices.csv'), 'kept\n');

      // Act
      const { code, stderr } = await run(GOOD, '--out', dir);

      // Assess
      expect(code).toBe(EXIT.FAILED);
      expect(stderr).toContain(`${join(dir, 'invoices.csv')} already exists; nothing written`);
      expect(await readFile(join(dir, 'invoices.csv'), 'utf8')).toBe('kept\n');
      await expect(readFile(join(dir, 'customers.csv'), 'utf8')).rejects.toThrow();
    });

    it('skips invoices the ledger holds and reports one it holds with another amount', async () => {
      // Prepare
      await writeFile(join(dir, 'customers.csv'), 'Customer ID,Name\n00711,Acme Insurance\n');
      await writeFile(
        join(dir, 'invoices.csv'),
        'Invoice ID,Customer ID,Invoice Date,Due Date,Amount,Currency\n' +
          '96542,00711,1999-02-25,1999-03-27,1684.45,USD\n' +
          '96543,00711,1999-02-25,1999-03-27,1200.00,USD\n',
      );

      // Act
      const { code, stdout } = await run(GOOD, '--ledger', dir);

      // Assess
      expect(code).toBe(EXIT.FAILED);
      expect(stdout).toContain(
        'Invoice 96543 is already in the ledger and differs: amount USD 1,250.00 in the file, USD 1,200.00 in the ledger',
      );
      expect(stdout).toContain(
        '2 invoices in the file, 0 new for the ledger, 0 new clients, 1 already in the ledger.',
      );
    });

    it('exits 1 with a message when the file cannot be read', async () => {
      // Act
      const { code, stderr } = await run(join(dir, 'missing.txt'));

      // Assess
      expect(code).toBe(EXIT.FAILED);
      expect(stderr).toContain(`duebook: cannot read ${join(dir, 'missing.txt')}`);
    });

    it.each([
      [[], 'FILE (a LEDES 1998B file) is required'],
      [[GOOD, GOOD], 'one FILE at a time, got 2'],
      [[GOOD, '--currency', 'XYZ'], '--currency "XYZ" is not a known ISO currency code'],
      [[GOOD, '--terms-days=-3'], '--terms-days "-3" is not a whole number of days'],
      [[GOOD, '--bogus'], "Unknown option '--bogus'"],
    ])('throws a usage error for %j', async (argv, message) => {
      await expect(run(...argv)).rejects.toThrow(UsageError);
      await expect(run(...argv)).rejects.toThrow(message);
    });
  });

  describe('importLedesCommand (98BI and XML)', () => {
    it.each([
      [
        'handmade-98bi-gbp-eur.txt',
        [
          // 1161.50 billed: 975.50 net and VAT 186.00 (150.00 + 36.00) as its own receivable.
          'GB-2026-118,ACME-UK,2026-10-31,2026-11-30,975.50,GBP',
          'GB-2026-118-TAX,ACME-UK,2026-10-31,2026-11-30,186.00,GBP',
          // 1320.00 billed: 1100.00 net and VAT 220.00 (240.00 less 20.00 on the discount).
          'FR-77,ACME-FR,2026-10-31,2026-11-30,1100.00,EUR',
          'FR-77-TAX,ACME-FR,2026-10-31,2026-11-30,220.00,EUR',
        ],
      ],
      [
        'handmade-xml21-two-invoices.xml',
        [
          // 1428.00 due: 1200.00 net and tax 228.00; 2026-0816 has no tax, so one receivable.
          '2026-0815,ACME-DE,2026-10-31,2026-11-30,1200.00,EUR',
          '2026-0815-TAX,ACME-DE,2026-10-31,2026-11-30,228.00,EUR',
          '2026-0816,ACME-DE,2026-10-31,2026-11-30,450.00,EUR',
        ],
      ],
    ])('reads %s and writes each invoice in its own currency', async (name, rows) => {
      // Act
      const { code, stdout } = await run(fixture(name), '--out', dir);
      // Assess
      expect(code).toBe(EXIT.OK);
      expect(stdout).toMatch(/\(tax [\d,.]+, net [\d,.]+\)/);
      const invoices = await readFile(join(dir, 'invoices.csv'), 'utf8');
      for (const row of rows) expect(invoices).toContain(row);
    });
  });

  describe('IMPORT_LEDES_HELP', () => {
    it('documents every option the command accepts', () => {
      for (const option of ['--currency', '--terms-days', '--ledger', '--out', '--json']) {
        expect(IMPORT_LEDES_HELP).toContain(option);
      }
    });
  });
});
