// The planner fed from columns against the row path: the same book and the same plan, whether the
// columns came as strings (a JSON payload) or as offsets into CSV text.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPlan, main } from '../../cli/main.js';
import { parseCsvColumns, readLedger } from '../../cli/read-ledger.js';
import { planCollections } from '../../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../../core/collections/dunning-policy.js';
import { type AccountBook, type Book, buildBook } from '../../core/ledger/book.js';
import { zonedInstant } from '../../core/ledger/dates.js';
import { columnarLedger, type TabColumns, tabColumnsOf } from '../../core/ledger/ledger-columns.js';
import { bookFromColumns, ledgerOfColumns } from '../../core/ledger/ledger-columns-book.js';
import type { TabName } from '../../core/ledger/schema.js';
import { type LedgerRows, parseLedger } from '../../core/ledger/schema-rows.js';

const AS_OF = '2026-11-23';
const NOW = zonedInstant(AS_OF, 9, 'America/New_York');
const ZONES = ['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Europe/London', ''];
const FLAGS = [
  '',
  '',
  '',
  '',
  'dispute',
  'bankruptcy',
  'deceased',
  'cease-contact',
  'attorney',
  'opted-out',
  'credit-hold',
];
const DATES = [
  '2026-03-01',
  '2026-06-01',
  '2026-09-10',
  '2026-10-30',
  '2026-11-20',
  '2026-11-23',
  '2026-12-05',
];

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
const money = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

/** A valid ledger of customers (zones, flags, business or consumer names), invoices and payments. */
const ledgerRows = fc
  .tuple(
    fc.array(fc.tuple(pick(...ZONES), pick(...FLAGS), fc.boolean(), fc.boolean()), {
      minLength: 1,
      maxLength: 8,
      size: 'max',
    }),
    fc.array(
      fc.tuple(
        fc.nat(7),
        pick(...DATES),
        fc.nat(120),
        fc.integer({ min: 0, max: 900_000 }),
        pick('', 'open', 'disputed', 'void'),
      ),
      { maxLength: 30, size: 'max' },
    ),
    fc.array(
      fc.tuple(
        fc.nat(7),
        pick(...DATES),
        fc.integer({ min: 1, max: 900_000 }),
        fc.array(fc.nat(29), { maxLength: 2 }),
      ),
      { maxLength: 12, size: 'max' },
    ),
  )
  .map(([customers, invoices, payments]): LedgerRows => {
    const n = customers.length;
    const cur = (c: number) => (c % 3 === 2 ? 'EUR' : 'USD');
    const inv = invoices.map(([c, issued, days, minor, status], k) => {
      const cust = c % n;
      const due = new Date(Date.parse(issued) + days * 86_400_000).toISOString().slice(0, 10);
      return {
        id: `INV-${k}`,
        cust,
        row: [`INV-${k}`, `C${cust}`, issued, due, money(minor), cur(cust), status],
      };
    });
    return {
      Customers: [
        ['Customer ID', 'Name', 'Email', 'Time Zone', 'Flags'],
        ...customers.map(([zone, flag, business, email], c) => [
          `C${c}`,
          business ? `Customer ${c}, LLC` : `Pat Customer${c}`,
          email ? `c${c}@example.com` : '',
          zone,
          flag,
        ]),
      ],
      Invoices: [
        ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency', 'Status'],
        ...inv.map((i) => i.row),
      ],
      Payments: [
        ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To'],
        ...payments.map(([c, d, minor, names], k) => {
          const cust = c % n;
          const named = names.map((x) => inv[x]).filter((i) => i && i.cust === cust);
          return [`P-${k}`, `C${cust}`, d, money(minor), cur(cust), named.map((i) => i!.id).join(';')];
        }),
      ],
    };
  });

function stringColumns(rows: string[][]): TabColumns {
  const header = rows[0] ?? [];
  return tabColumnsOf(
    header,
    header.map((_, c) => rows.slice(1).map((r) => r[c] ?? '')),
  );
}

function csvColumns(rows: string[][]): TabColumns {
  const field = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
  return parseCsvColumns(rows.map((r) => r.map(field).join(',')).join('\n'));
}

function columnarOf(rows: LedgerRows, as: (rows: string[][]) => TabColumns) {
  const tabs: Partial<Record<TabName, TabColumns>> = {};
  for (const [name, tabRows] of Object.entries(rows)) tabs[name as TabName] = as(tabRows as string[][]);
  return columnarLedger(tabs);
}

const plan = (
  ledger: Parameters<typeof planCollections>[0]['ledger'],
  book: Parameters<typeof planCollections>[0]['book'],
  customerRows?: Parameters<typeof planCollections>[0]['customerRows'],
) =>
  planCollections({
    ledger,
    book,
    policy: DEFAULT_POLICY,
    asOf: AS_OF,
    now: NOW,
    defaultTimeZone: 'America/New_York',
    customerRows,
  });

/** A book as its readers see it: every account's items and payments read (the columnar book makes them on reading), payments by id. */
const asRead = (book: Book) => {
  const account = (a: AccountBook) => ({ ...a, items: a.items, payments: a.payments });
  return {
    asOf: book.asOf,
    accounts: book.accounts.map(account),
    byCustomer: new Map([...book.byCustomer].map(([id, list]) => [id, list.map(account)])),
    payments: book.payments,
  };
};

describe('ledger-columns-book', () => {
  describe('bookFromColumns and ledgerOfColumns', () => {
    it('give the row path its book and plan, from strings and from CSV offsets alike', () => {
      let actions = 0;
      let blocked = 0;
      fc.assert(
        fc.property(ledgerRows, (rows) => {
          // Prepare
          const parsed = parseLedger(rows);
          expect(parsed.problems).toEqual([]);
          const fromStrings = columnarOf(rows, stringColumns);
          const fromCsv = columnarOf(rows, csvColumns);
          expect(fromStrings).toBeDefined();
          expect(fromCsv).toBeDefined();
          // Act
          const rowBook = buildBook(parsed.ledger, AS_OF);
          const rowPlan = plan(parsed.ledger, rowBook);
          const books = [fromStrings!, fromCsv!].map((c) => bookFromColumns(c, AS_OF));
          const plans = [fromStrings!, fromCsv!].map((c, i) => plan(ledgerOfColumns(c), books[i]!));
          // As `duebook plan` plans a columnar ledger: its customers made one at a time, where it can.
          for (const [i, c] of [fromStrings!, fromCsv!].entries())
            if (c.customerRows) plans.push(plan(ledgerOfColumns(c), books[i]!, c.customerRows));
          // Assess
          for (const b of books) expect(asRead(b)).toEqual(asRead(rowBook));
          // Customers made one at a time are those of the whole list.
          for (const c of [fromStrings!, fromCsv!])
            if (c.customerRows)
              for (let n = 0; n < c.customerRows.count; n++)
                expect(c.customerRows.at(n)).toEqual(c.customers[n]);
          // The accounts by customer position are those by id (the planner reads them by position).
          for (const b of books) {
            const { ids, accountsAt } = b.byCustomerIndex!;
            for (let i = 0; i < ids.length; i++) {
              const byId = b.byCustomer.get(ids[i]!) ?? [];
              expect(accountsAt(i) ?? []).toHaveLength(byId.length);
              for (let j = 0; j < byId.length; j++) expect(accountsAt(i)![j]).toBe(byId[j]);
            }
          }
          for (const p of plans) expect(JSON.stringify(p)).toBe(JSON.stringify(rowPlan));
          expect(ledgerOfColumns(fromCsv!).payments).toEqual(parsed.ledger.payments);
          actions += rowPlan.actions.length;
          blocked += rowPlan.blocked.length;
        }),
        { numRuns: 100, seed: 13 },
      );
      // The generated ledgers reach the planner's decisions, not only empty plans.
      expect(actions).toBeGreaterThan(20);
      expect(blocked).toBeGreaterThan(5);
    });
  });
});

describe('ledger-columns-tabs', () => {
  describe('customerRowsOfColumns', () => {
    it('makes the Customers of the whole list, over many zones, non-ASCII emails and quoted names', () => {
      // Prepare: more distinct zones than the reader keeps, each coming back; names with commas.
      const zones = Intl.supportedValuesOf('timeZone').slice(0, 40);
      const rows = [
        ['Customer ID', 'Name', 'Email', 'Time Zone', 'Flags'],
        ...Array.from({ length: 200 }, (_, c) => [
          `C${c}`,
          c % 2 ? `Customer ${c}, LLC` : `Pat ${c}`,
          c % 3 === 0 ? `jos\u00e9${c}@example.com` : c % 3 === 1 ? `c${c}@example.com` : '',
          c % 5 === 0 ? '' : zones[(c * 7) % zones.length]!,
          c % 4 === 0 ? 'dispute' : '',
        ]),
      ];
      const field = (f: string) => (/[",]/.test(f) ? `"${f}"` : f);
      const tabs = {
        Customers: parseCsvColumns(rows.map((r) => r.map(field).join(',')).join('\n')),
        Invoices: parseCsvColumns('Invoice ID,Customer ID,Invoice Date,Due Date,Amount,Currency'),
      };
      // Act
      const ledger = columnarLedger(tabs)!;
      // Assess
      expect(ledger.customerRows).toBeDefined();
      const rowPath = parseLedger(rows.length > 0 ? { Customers: rows } : {}).ledger.customers;
      expect(ledger.customerRows!.count).toBe(200);
      for (let n = 0; n < 200; n++) expect(ledger.customerRows!.at(n)).toEqual(rowPath[n]);
    });
  });
});

describe('cli/main', () => {
  describe('plan on a CSV folder read as columns', () => {
    it('prints the JSON and the table the row path gives', async () => {
      // Prepare: one generated ledger written as a folder.
      const rows = fc
        .sample(ledgerRows, { numRuns: 40, seed: 7 })
        .reduce((a, b) => ((b.Invoices?.length ?? 0) > (a.Invoices?.length ?? 0) ? b : a));
      const dir = mkdtempSync(join(tmpdir(), 'duebook-plan-columns-'));
      const csv = (r: readonly (readonly unknown[])[]) =>
        `${r.map((x) => x.map((f) => (/[",]/.test(String(f)) ? `"${f}"` : String(f))).join(',')).join('\n')}\n`;
      for (const [tab, file] of [
        ['Customers', 'customers.csv'],
        ['Invoices', 'invoices.csv'],
        ['Payments', 'payments.csv'],
      ] as const)
        writeFileSync(join(dir, file), csv(rows[tab]!));
      const out = async (...argv: string[]) => {
        let text = '';
        const code = await main(argv, { out: (t) => (text += t), err: () => {} });
        return { code, text };
      };
      // Act
      const json = await out('plan', '--ledger', dir, '--as-of', AS_OF, '--json');
      const table = await out('plan', '--ledger', dir, '--as-of', AS_OF, '--wide');
      // Assess: against the row path on the same files.
      const parsed = parseLedger((await readLedger(dir)).rows);
      const expected = plan(parsed.ledger, buildBook(parsed.ledger, AS_OF));
      expect(json.code).toBe(0);
      expect(json.text).toBe(`${JSON.stringify(expected, null, 2)}\n`);
      expect(table.text).toBe(formatPlan(expected, `${AS_OF} 09:00 America/New_York`));
    });
  });
});
