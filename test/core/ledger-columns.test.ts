// The columnar ledger against the row path: on any ledger it takes, the same aging report; it takes
// no ledger the row path finds a problem in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvColumns } from '../../cli/read-ledger.js';
import { ageBook } from '../../core/ledger/aging.js';
import { buildBook } from '../../core/ledger/book.js';
import {
  ageColumnarLedger,
  type ColumnarLedger,
  columnarLedger,
  IdIndex,
  type PlainCsvTab,
  type TabColumns,
  tabColumnsOf,
} from '../../core/ledger/ledger-columns.js';
import type { TabName } from '../../core/ledger/schema.js';
import type { ParseOptions } from '../../core/ledger/schema-cells.js';
import { type LedgerRows, parseLedger } from '../../core/ledger/schema-rows.js';

const AS_OF = '2026-11-23';

/** A tab given as rows (header first) turned into columns of strings (as a JSON payload gives them). */
function columnsOf(rows: string[][]): TabColumns {
  const header = rows[0] ?? [];
  return tabColumnsOf(
    header,
    header.map((_, c) => rows.slice(1).map((r) => r[c] ?? '')),
  );
}

/** The same tab written as CSV (every field quoted, or only where needed) and read back as offsets. */
function csvColumnsOf(rows: string[][], quoteAll: boolean): TabColumns {
  const field = (f: string) => (quoteAll || /[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
  return parseCsvColumns(rows.map((r) => r.map(field).join(',')).join('\r\n'));
}

/**
 * The same tab as a plain CSV file also giving its bytes (as `readLedgerColumns` gives the Invoices
 * file), so the Invoices reader may read them itself; `crlf` picks the line ending.
 */
const plainTabs: PlainCsvTab[] = [];
function plainCsvOf(rows: string[][], crlf: boolean): TabColumns {
  const field = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
  const text = rows.map((r) => r.map(field).join(',')).join(crlf ? '\r\n' : '\n');
  const bytes = Buffer.from(text, 'latin1');
  const lf = bytes.indexOf(10);
  const tab: PlainCsvTab = Object.assign(parseCsvColumns(text), {
    plain: { bytes, from: lf < 0 ? bytes.length : lf + 1 },
  });
  plainTabs.push(tab);
  return tab;
}

/** The invoice columns as plain arrays, to compare two readings. */
function invoiceArrays(ledger: ColumnarLedger) {
  const inv = ledger.invoices;
  const n = inv.count;
  return {
    ids: inv.invoiceId,
    customer: [...inv.customer.subarray(0, n)],
    currency: [...inv.currency.subarray(0, n)].map((c) => ledger.currencies[c]),
    invoiceDay: [...inv.invoiceDay.subarray(0, n)],
    dueDay: [...inv.dueDay.subarray(0, n)],
    amountMinor: [...inv.amountMinor.subarray(0, n)],
    status: [...inv.status.subarray(0, n)],
  };
}

// Cells drawn mostly from valid values, with the slips a clerk makes mixed in.
const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
const customerId = pick('C1', 'C2', 'C3', 'C4', 'C9');
const date = pick(
  '2026-09-01',
  '2026-10-15',
  '2026-11-01',
  '2026-11-23',
  '2026-12-20',
  ' 2026-10-02 ',
  '2026-02-30',
  '10/02/2026',
  '',
);
const amount = pick(
  '100.00',
  '2500.50',
  '75',
  '0.00',
  '1,234.56',
  '12.5',
  '-5.00',
  '3.999',
  'abc',
  '',
  '999999999.99',
);
const currency = pick('USD', 'USD', 'EUR', 'usd', 'JPY', 'XXX', '');
const status = pick('', '', 'open', 'disputed', 'void', 'Void', 'paid');

const customersTab = fc
  .uniqueArray(pick('C1', 'C2', 'C3', 'C4'), { minLength: 1, maxLength: 4 })
  .chain((ids) =>
    fc
      .tuple(fc.constant(ids), fc.boolean())
      .map(([list, dup]) => [
        ['Customer ID', 'Name', 'Time Zone'],
        ...list.map((id) => [id, `Name ${id}`, 'America/Chicago']),
        ...(dup && list.length > 3 ? [[list[0]!, 'Again', '']] : []),
      ]),
  );

const invoicesTab = fc
  .array(fc.tuple(customerId, date, date, amount, currency, status, fc.boolean()), { maxLength: 14 })
  .map((rows) => [
    ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency', 'Status'],
    ...rows.map(([c, issued, due, a, cur, st, dupId], k) => [
      dupId && k > 0 ? 'I0' : `I${k}`,
      c,
      issued,
      due,
      a,
      cur,
      st,
    ]),
  ]);

const paymentsTab = fc
  .array(
    fc.tuple(
      customerId,
      date,
      amount,
      currency,
      fc.array(pick('I0', 'I1', 'I2', 'I3', 'I7', 'X'), { maxLength: 2 }),
      pick('', '', 'posted', 'returned'),
    ),
    {
      maxLength: 8,
    },
  )
  .map((rows) => [
    ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To', 'Status'],
    ...rows.map(([c, d, a, cur, names, st], k) => [`P${k}`, c, d, a, cur, names.join(', '), st]),
  ]);

/** A ledger where most rows are valid: clean values, so the columnar path takes many of them. */
const cleanLedger = fc
  .tuple(
    fc.integer({ min: 1, max: 5 }),
    fc.array(
      fc.tuple(
        fc.nat(4),
        pick('2026-06-01', '2026-09-10', '2026-11-20', '2026-11-23'),
        fc.nat(90),
        fc.integer({ min: 0, max: 900_000 }),
        pick('USD', 'EUR', 'JPY'),
        pick('', 'open', 'disputed', 'void'),
      ),
      { maxLength: 20 },
    ),
    fc.array(
      fc.tuple(
        fc.nat(4),
        pick('2026-07-01', '2026-10-01', '2026-11-23', '2026-12-01'),
        fc.integer({ min: 1, max: 900_000 }),
        fc.array(fc.nat(25), { maxLength: 2 }),
      ),
      { maxLength: 10 },
    ),
  )
  .map(([nCustomers, invoices, payments]) => {
    const cur = (c: number) => (c % 2 === 0 ? 'USD' : 'EUR');
    const money = (minor: number, code: string) =>
      code === 'JPY' ? String(minor) : `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
    const inv = invoices.map(([c, issued, days, minor, code, st], k) => {
      const cust = c % nCustomers;
      const currencyCode = code === 'JPY' ? 'JPY' : cur(cust);
      const due = new Date(Date.parse(issued) + days * 86_400_000).toISOString().slice(0, 10);
      return {
        id: `INV-${k}`,
        cust,
        currencyCode,
        row: [`INV-${k}`, `C${cust}`, issued, due, money(minor, currencyCode), currencyCode, st],
      };
    });
    const rows: LedgerRows = {
      Customers: [
        ['Customer ID', 'Name'],
        ...Array.from({ length: nCustomers }, (_, c) => [`C${c}`, `Customer ${c}`]),
      ],
      Invoices: [
        ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency', 'Status'],
        ...inv.map((i) => i.row),
      ],
      Payments: [
        ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To'],
        ...payments.map(([c, d, minor, names], k) => {
          const cust = c % nCustomers;
          const named = names
            .map((n) => inv[n])
            .filter((i) => i && i.cust === cust && i.currencyCode === cur(cust));
          return [
            `P-${k}`,
            `C${cust}`,
            d,
            money(minor, cur(cust)),
            cur(cust),
            named.map((i) => i!.id).join(';'),
          ];
        }),
      ],
    };
    return rows;
  });

/**
 * The row path's parse, and the columnar ledger read three ways (strings, CSV offsets, CSV with
 * every field quoted), which must agree with each other.
 */
function bothPaths(rows: LedgerRows, options: ParseOptions = {}) {
  const read = (as: (rows: string[][]) => TabColumns) => {
    const tabs: Partial<Record<TabName, TabColumns>> = {};
    for (const [name, tabRows] of Object.entries(rows)) tabs[name as TabName] = as(tabRows as string[][]);
    return columnarLedger(tabs, options);
  };
  const columnar = read(columnsOf);
  const fromCsv = read((r) => csvColumnsOf(r, false));
  const fromQuoted = read((r) => csvColumnsOf(r, true));
  const fromPlain = read((r) => plainCsvOf(r, false));
  const fromPlainCrlf = read((r) => plainCsvOf(r, true));
  expect(fromCsv === undefined).toBe(columnar === undefined);
  expect(fromPlain === undefined).toBe(columnar === undefined);
  expect(fromPlainCrlf === undefined).toBe(columnar === undefined);
  expect(fromQuoted === undefined).toBe(columnar === undefined);
  if (columnar) {
    // The payments read straight from the CSV text are the ones read record by record.
    expect(fromCsv!.paymentColumns).toEqual(columnar.paymentColumns);
    expect(fromQuoted!.paymentColumns).toEqual(columnar.paymentColumns);
    expect(fromPlain!.paymentColumns).toEqual(columnar.paymentColumns);
    expect(fromPlainCrlf!.paymentColumns).toEqual(columnar.paymentColumns);
    // The invoices read straight from the bytes are the ones read cell by cell.
    expect(invoiceArrays(fromPlain!)).toEqual(invoiceArrays(columnar));
    expect(invoiceArrays(fromPlainCrlf!)).toEqual(invoiceArrays(columnar));
    expect(ageColumnarLedger(fromCsv!, AS_OF)).toEqual(ageColumnarLedger(columnar, AS_OF));
    expect(ageColumnarLedger(fromQuoted!, AS_OF)).toEqual(ageColumnarLedger(columnar, AS_OF));
  }
  const parsed = parseLedger(rows, options);
  return { columnar, parsed };
}

describe('ledger-columns', () => {
  describe('columnarLedger and ageColumnarLedger', () => {
    it('give the aging report of the row path on clean ledgers, and take every one of them', () => {
      let taken = 0;
      fc.assert(
        fc.property(cleanLedger, (rows) => {
          const { columnar, parsed } = bothPaths(rows);
          expect(parsed.problems).toEqual([]);
          expect(columnar).toBeDefined();
          taken++;
          expect(ageColumnarLedger(columnar!, AS_OF)).toEqual(
            ageBook(buildBook(parsed.ledger, AS_OF), AS_OF),
          );
        }),
        { numRuns: 400, seed: 13 },
      );
      expect(taken).toBe(400);
      // The Invoices and Payments tabs in two-decimal currencies were read straight from their bytes.
      const readPlain = (first: string) =>
        plainTabs.filter((t) => t.plain?.allPlain && t.header[0] === first).length;
      expect(readPlain('Invoice ID')).toBeGreaterThan(100);
      expect(readPlain('Payment ID')).toBeGreaterThan(100);
    });

    it('take no ledger the row path finds a problem in, and agree with it on the rest', () => {
      let taken = 0;
      let refused = 0;
      fc.assert(
        fc.property(customersTab, invoicesTab, paymentsTab, (customers, invoices, payments) => {
          const { columnar, parsed } = bothPaths({
            Customers: customers,
            Invoices: invoices,
            Payments: payments,
          });
          if (parsed.problems.length > 0) {
            expect(columnar).toBeUndefined();
            refused++;
            return;
          }
          // Returned payments are posted by the row path only.
          if (!columnar) return;
          taken++;
          expect(ageColumnarLedger(columnar, AS_OF)).toEqual(ageBook(buildBook(parsed.ledger, AS_OF), AS_OF));
        }),
        { numRuns: 1500, seed: 13 },
      );
      expect(taken).toBeGreaterThan(5);
      expect(refused).toBeGreaterThan(100);
    });

    it('read amounts as the stated number format says (1.234,56), as the row path does', () => {
      let refused = 0;
      fc.assert(
        fc.property(cleanLedger, (rows) => {
          const { columnar, parsed } = bothPaths(rows, { numberFormat: '1.234,56' });
          if (parsed.problems.length > 0) {
            expect(columnar).toBeUndefined();
            refused++;
            return;
          }
          expect(ageColumnarLedger(columnar!, AS_OF)).toEqual(
            ageBook(buildBook(parsed.ledger, AS_OF), AS_OF),
          );
        }),
        { numRuns: 200, seed: 13 },
      );
      expect(refused).toBeGreaterThan(50);
    });

    it('leaves a ledger with rows on another tab to the row path', () => {
      const rows: LedgerRows = {
        Customers: [
          ['Customer ID', 'Name'],
          ['C1', 'One'],
        ],
        Promises: [
          ['Promise ID', 'Customer ID', 'Taken On', 'Promised Date', 'Amount', 'Currency'],
          ['PR1', 'C1', '2026-11-01', '2026-11-30', '10.00', 'USD'],
        ],
      };
      expect(bothPaths(rows).columnar).toBeUndefined();
      expect(bothPaths({ Customers: rows.Customers }).columnar).toBeDefined();
    });
  });

  describe('IdIndex', () => {
    it('finds every id it was given and refuses a second copy of one', () => {
      const ids = Array.from({ length: 5000 }, (_, k) => `INV-${k % 4999}`);
      const index = new IdIndex(ids);
      const added = ids.map((_, k) => index.add(k));
      expect(added.filter((a) => !a)).toHaveLength(1);
      expect(added[4999]).toBe(false);
      expect(index.get('INV-17')).toBe(17);
      expect(index.get('INV-5000')).toBe(-1);
    });
  });
});
