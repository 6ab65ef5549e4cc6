// `duebook age` on a CSV folder read as columns: the same bytes as the row path, and the row path's
// messages whenever a row has a problem.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatAgingReport, main } from '../../cli/main.js';
import { readLedger, readLedgerColumns } from '../../cli/read-ledger.js';
import { ageBook } from '../../core/ledger/aging.js';
import { buildBook } from '../../core/ledger/book.js';
import { columnarLedger } from '../../core/ledger/ledger-columns.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';
import { captureOutput } from '../support/cli-output.js';

const AS_OF = '2026-11-23';

function run(...argv: string[]) {
  return captureOutput(main, argv);
}

/** A folder of 60 customers with 6 invoices each, partial and named payments, a note-worthy extra file. */
function ledgerFolder(extraInvoiceRow?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'duebook-age-columns-'));
  const customers = ['Customer ID,Name,Email,Time Zone'];
  const invoices = ['Invoice ID,Customer ID,Invoice Date,Due Date,Amount,Currency,Status'];
  const payments = ['Payment ID,Customer ID,Date,Amount,Currency,Applies To'];
  for (let c = 0; c < 60; c++) {
    const id = `C-${String(c).padStart(3, '0')}`;
    const currency = c % 7 === 0 ? 'EUR' : 'USD';
    customers.push(`${id},"Name ${c}, Inc",c${c}@example.com,America/Chicago`);
    for (let k = 0; k < 6; k++) {
      const issued = `2026-${String(5 + k).padStart(2, '0')}-${String(1 + ((c * 7 + k) % 27)).padStart(2, '0')}`;
      const due = `2026-${String(6 + k).padStart(2, '0')}-${String(1 + ((c * 7 + k) % 27)).padStart(2, '0')}`;
      const status = (c + k) % 11 === 0 ? 'disputed' : (c + k) % 13 === 0 ? 'void' : '';
      invoices.push(
        `INV-${c}-${k},${id},${issued},${due},${100 + c * 13 + k}.${String(k * 7).padStart(2, '0')},${currency},${status}`,
      );
    }
    if (c % 3 === 0) payments.push(`P-${c},${id},2026-09-15,${150 + c}.00,${currency},INV-${c}-1`);
    if (c % 4 === 0) payments.push(`Q-${c},${id},2026-10-20,${900 + c * 40}.00,${currency},`);
  }
  if (extraInvoiceRow) invoices.push(extraInvoiceRow);
  writeFileSync(join(dir, 'customers.csv'), `${customers.join('\n')}\n`);
  writeFileSync(join(dir, 'invoices.csv'), `${invoices.join('\r\n')}\r\n`);
  writeFileSync(join(dir, 'payments.csv'), `${payments.join('\n')}\n`);
  writeFileSync(join(dir, 'notes.csv'), 'a,b\n');
  return dir;
}

/** What the row path prints: read rows, validate, build the book, age. */
async function rowPathOutput(dir: string, asJson: boolean): Promise<string> {
  const parsed = parseLedger((await readLedger(dir)).rows);
  const report = ageBook(buildBook(parsed.ledger, AS_OF), AS_OF);
  return asJson ? `${JSON.stringify(report, null, 2)}\n` : formatAgingReport(report, parsed.ledger);
}

describe('cli/main', () => {
  describe('age on a CSV folder', () => {
    it('prints the same JSON and the same table as the row path, with the same notes', async () => {
      const dir = ledgerFolder();
      // The columnar path takes this ledger (every row is valid), so the comparison is between the paths.
      expect(columnarLedger((await readLedgerColumns(dir))!.tabs)).toBeDefined();
      const json = await run('age', '--ledger', dir, '--as-of', AS_OF, '--json');
      const text = await run('age', '--ledger', dir, '--as-of', AS_OF);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout).customers.length).toBeGreaterThan(50);
      expect(json.stdout).toBe(await rowPathOutput(dir, true));
      expect(text.stdout).toBe(await rowPathOutput(dir, false));
      expect(json.stderr).toMatch(/^note: notes\.csv: not a ledger tab, ignored/);
    });

    it('names a bad row with its tab, row and column, and ages the valid rows, as before', async () => {
      const dir = ledgerFolder('INV-X,C-001,2026-10-01,2026-09-01,10.00,USD,');
      const { code, stdout, stderr } = await run('age', '--ledger', dir, '--as-of', AS_OF, '--json');
      expect(code).toBe(0);
      expect(stderr).toContain(
        'Invoices row 362, Due Date: 2026-09-01 is before the invoice date 2026-10-01',
      );
      expect(stdout).toBe(await rowPathOutput(dir, true));
    });

    it('names the first malformed file, in name order, though the Invoices file is scanned only when needed', async () => {
      const dir = ledgerFolder('INV-X,C-001,2026-10-01,2026-11-01,10"00,USD,');
      writeFileSync(join(dir, 'payments.csv'), 'Payment ID,Customer ID\nP-1,"C-001\n');
      const { code, stderr } = await run('age', '--ledger', dir, '--as-of', AS_OF, '--json');
      expect(code).toBe(1);
      expect(stderr).toContain(
        `${join(dir, 'invoices.csv')}: line 362, column 37: quote inside an unquoted field`,
      );
    });

    it('leaves a ledger with a record wider than its header to the row path, as before', async () => {
      const dir = ledgerFolder('INV-X,C-001,2026-10-01,2026-11-01,10.00,USD,,extra');
      const { code, stdout } = await run('age', '--ledger', dir, '--as-of', AS_OF, '--json');
      expect(code).toBe(0);
      expect(stdout).toBe(await rowPathOutput(dir, true));
    });
  });
});
