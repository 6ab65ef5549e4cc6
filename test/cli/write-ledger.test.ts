// Tests for cli/write-ledger.ts (whole tabs rewritten cell by cell, files never overwritten) and
// cli/load-ledger.ts (the ledger loading every command shares).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLedger } from '../../cli/load-ledger.js';
import { LedgerReadError } from '../../cli/read-ledger.js';
import { cellText, LedgerWriteError, tabRowsAfter, writeTabs } from '../../cli/write-ledger.js';
import { tabDef } from '../../core/ledger/schema.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';

const CUSTOMERS = [
  ['Customer ID', 'Name'],
  ['C-1', 'Acme'],
];
const INVOICES = [
  [
    'Invoice ID',
    'Customer ID',
    'Invoice Date',
    'Due Date',
    'Amount',
    'Currency',
    'Ref (ours)',
    'Open Balance',
  ],
  ['INV-1', 'C-1', '2026-10-01', '2026-10-31', '1200', 'USD', 'keep me', '=E2'],
  ['INV-2', 'C-1', '2026-10-32', '2026-10-31', '10', 'USD', 'bad date', ''],
  ['INV-3', 'C-1', '2026-10-05', '2026-11-04', '1500', 'JPY', '', ''],
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duebook-write-ledger-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli/write-ledger', () => {
  describe('cellText', () => {
    it.each([
      ['money USD', 'amountMinor', 123_450, 'USD', '1234.50'],
      ['money negative', 'amountMinor', -5, 'USD', '-0.05'],
      ['money JPY', 'amountMinor', 1500, 'JPY', '1500'],
      ['money BHD', 'amountMinor', 1500, 'BHD', '1.500'],
      ['date', 'dueDate', '2026-12-01', 'USD', '2026-12-01'],
      ['none', 'status', undefined, 'USD', ''],
    ])('%s', (_, key, value, currency, text) => {
      const column = tabDef('Invoices').columns.find((c) => c.key === key)!;
      expect(cellText(column, value, currency)).toBe(text);
    });

    it('joins lists with ", "', () => {
      const column = tabDef('Claims').columns.find((c) => c.key === 'adjustmentCodes')!;
      expect(cellText(column, ['CO-45', 'PR-2'], 'USD')).toBe('CO-45, PR-2');
    });
  });

  describe('tabRowsAfter', () => {
    it('rewrites only changed cells, keeps rows with problems and unknown columns, appends new rows', () => {
      // Prepare
      const { ledger } = parseLedger({ Customers: CUSTOMERS, Invoices: INVOICES });
      const inv1 = ledger.invoices.find((i) => i.invoiceId === 'INV-1')!;
      const inv3 = ledger.invoices.find((i) => i.invoiceId === 'INV-3')!;
      // Act
      const rows = tabRowsAfter('Invoices', INVOICES, ledger.invoices, [
        { ...inv1, status: 'void' },
        { ...inv3 },
        { ...inv1, row: 0, invoiceId: 'INV-9', amountMinor: 700, description: 'New, "quoted"' },
      ]);
      // Assess
      expect(rows).toEqual([
        [...INVOICES[0]!, 'Status', 'Description'],
        ['INV-1', 'C-1', '2026-10-01', '2026-10-31', '1200', 'USD', 'keep me', '=E2', 'void', ''],
        [...INVOICES[2]!, '', ''],
        [...INVOICES[3]!, '', ''],
        ['INV-9', 'C-1', '2026-10-01', '2026-10-31', '7.00', 'USD', '', '', 'open', 'New, "quoted"'],
      ]);
      // The rows read back as the records written.
      const back = parseLedger({ Customers: CUSTOMERS, Invoices: rows }).ledger.invoices;
      expect(back.map((i) => [i.invoiceId, i.amountMinor, i.status ?? ''])).toEqual([
        ['INV-1', 120_000, 'void'],
        ['INV-3', 1500, 'open'],
        ['INV-9', 700, 'open'],
      ]);
    });

    it('starts from the tab input columns when the ledger has no such tab', () => {
      // Act
      const rows = tabRowsAfter(
        'Contact Changes',
        undefined,
        [],
        [
          {
            row: 0,
            changeId: 'CC-1',
            customerId: 'C-1',
            date: '2026-11-01',
            field: 'email',
            source: 'customer',
          },
        ],
      );
      // Assess
      expect(rows[0]).toEqual(
        tabDef('Contact Changes')
          .columns.filter((c) => !c.computed)
          .map((c) => c.header),
      );
      expect(rows[1]!.slice(0, 4)).toEqual(['CC-1', 'C-1', '2026-11-01', 'email']);
    });

    it('throws for a record whose row was not read', () => {
      const { ledger } = parseLedger({ Customers: CUSTOMERS, Invoices: INVOICES });
      expect(() =>
        tabRowsAfter('Invoices', INVOICES, ledger.invoices, [{ ...ledger.invoices[0]!, row: 3 }]),
      ).toThrow('Invoices row 3: no record was read from that row');
    });
  });

  describe('writeTabs', () => {
    it('writes each tab as CSV, creating the folder, and refuses to overwrite any of them', async () => {
      // Prepare
      const out = join(dir, 'tabs');
      const tabs = [
        { tab: 'Customers' as const, rows: CUSTOMERS },
        { tab: 'Contact Changes' as const, rows: [['Change ID'], ['a,b']] },
      ];
      // Act
      const written = await writeTabs(out, tabs);
      // Assess
      expect(written).toEqual([join(out, 'customers.csv'), join(out, 'contact-changes.csv')]);
      expect(await readFile(join(out, 'contact-changes.csv'), 'utf8')).toBe('Change ID\n"a,b"\n');
      await writeFile(join(out, 'customers.csv'), 'mine\n');
      await expect(writeTabs(out, tabs)).rejects.toThrow(LedgerWriteError);
      await expect(writeTabs(out, tabs)).rejects.toThrow(`${join(out, 'customers.csv')} already exists`);
      expect(await readFile(join(out, 'customers.csv'), 'utf8')).toBe('mine\n');
    });
  });
});

describe('cli/load-ledger', () => {
  const capture = () => {
    const io = {
      stderr: '',
      out: () => {},
      err: (t: string) => {
        io.stderr += t;
      },
    };
    return io;
  };

  it('reports source notes and problems on stderr, or only the notes when quiet', async () => {
    // Prepare
    const ledger = join(dir, 'ledger');
    await mkdir(ledger);
    await writeFile(join(ledger, 'customers.csv'), 'Customer ID,Name\nC-1,Acme\n');
    await writeFile(join(ledger, 'invoices.csv'), `${INVOICES.map((r) => r.join(',')).join('\n')}\n`);
    await writeFile(join(ledger, 'notes.csv'), 'x\n');
    // Act
    const loud = capture();
    const loaded = await loadLedger(ledger, loud);
    const quiet = capture();
    await loadLedger(ledger, quiet, { problems: 'quiet' });
    // Assess
    expect(loaded.ledger.invoices.map((i) => i.invoiceId)).toEqual(['INV-1', 'INV-3']);
    expect(loaded.parsed.problems).toHaveLength(1);
    expect(loaded.input.rows.Invoices).toHaveLength(4);
    expect(loud.stderr).toBe(
      'note: notes.csv: not a ledger tab, ignored (tabs: customers.csv, invoices.csv, payments.csv, adjustments.csv, promises.csv, plans.csv, activity.csv, claims.csv, contact-changes.csv)\n' +
        'Invoices row 3, Invoice Date: "2026-10-32" is not a date (use YYYY-MM-DD)\n' +
        'note: 1 problem(s) in the ledger; those rows were left out\n',
    );
    expect(quiet.stderr).toBe(loud.stderr.split('\n')[0] + '\n');
  });

  it('throws LedgerReadError for a ledger that cannot be read', async () => {
    await expect(loadLedger(join(dir, 'missing'), capture())).rejects.toThrow(LedgerReadError);
  });
});
