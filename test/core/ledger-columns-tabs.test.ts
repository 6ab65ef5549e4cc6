// The Customers and Payments tabs read on the columns against parseTabRows: the same records for a
// tab whose every row is valid, and no records at all when the row path finds a problem.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvColumns } from '../../cli/read-ledger.js';
import { type TabColumns, tabColumnsOf } from '../../core/ledger/ledger-columns.js';
import { emailAt, plainCustomerIds } from '../../core/ledger/ledger-columns-customers.js';
import {
  customerRowsOfColumns,
  customersOfColumns,
  tabRecordsOfColumns,
} from '../../core/ledger/ledger-columns-tabs.js';
import type { TabName } from '../../core/ledger/schema.js';
import { tabDef } from '../../core/ledger/schema.js';
import { type ParseOptions, parseCell, UnreadableCell } from '../../core/ledger/schema-cells.js';
import { customerOfFields, parseTabRows } from '../../core/ledger/schema-rows.js';

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);

/** The tab as columns of strings, as CSV offsets (quoted only where needed) and as CSV all quoted. */
function readings(rows: string[][]): TabColumns[] {
  const header = rows[0] ?? [];
  const field = (quoteAll: boolean) => (f: string) =>
    quoteAll || /[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f;
  const csv = (quoteAll: boolean) =>
    parseCsvColumns(rows.map((r) => r.map(field(quoteAll)).join(',')).join('\n'));
  return [
    tabColumnsOf(
      header,
      header.map((_, c) => rows.slice(1).map((r) => r[c] ?? '')),
    ),
    csv(false),
    csv(true),
  ];
}

const customerRow = fc.tuple(
  pick('C1', 'C2', 'C-3', ' C4 ', 'C 5', ''),
  pick('Ann', 'Bob, Ltd', ' Padded ', 'Trail ', 'Say "hi"', '', 'Zoë'),
  pick('', 'a@example.com', 'not-an-email', ' b@example.org '),
  pick('', 'America/Chicago', 'Europe/London', 'Mars/Base', ' America/Denver '),
  pick(
    '',
    'dispute',
    'Deceased',
    'bankruptcy; dispute',
    'dispute,dispute',
    'unknown',
    ' cease-communication ',
  ),
  pick('', 'yes', 'No', 'maybe'),
  pick('', '2026-01-05', '2026-02-30', ' 2026-03-01 '),
);

const customersTab = fc
  .array(customerRow, { maxLength: 12 })
  .map((rows) => [
    ['Customer ID', 'Name', 'Email', 'Time Zone', 'Flags', 'Consent To Email', 'Deceased On'],
    ...rows.map((r) => [...r]),
  ]);

const paymentRow = fc.tuple(
  pick('P1', 'P2', 'P 3', ''),
  pick('C1', 'C2', ''),
  pick('2026-11-01', '2026-13-01', '', ' 2026-10-10 '),
  pick('100.00', '12.5', '1,234.56', '-5.00', 'abc', '', '999999999.99', '7'),
  pick('USD', 'usd', 'JPY', 'XXX', ''),
  pick('', 'I1', 'I1;I2', 'I1, I2', ' I3 ', 'I1,I1'),
  pick('', 'posted', 'Returned', 'bounced'),
);

const paymentsTab = fc
  .array(paymentRow, { maxLength: 10 })
  .map((rows) => [
    ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To', 'Status'],
    ...rows.map((r) => [...r]),
  ]);

/** Typed columns over rows (header first), as the .xlsx reader's `XlsxColumns` gives them. */
function typedTab(rows: readonly (readonly unknown[])[]): TabColumns {
  const [header, ...body] = rows;
  const value = (c: number, k: number) => body[k]?.[c] ?? null;
  return {
    header: header as string[],
    count: body.length,
    value,
    cell: (c, k) => {
      const v = value(c, k);
      return typeof v === 'string' ? v : v === null ? '' : String(v);
    },
  };
}

/** Mostly `good` values, now and then one of `odd` (so that most tabs are valid and every odd value is met). */
const mostly = (good: unknown[], odd: unknown[]) =>
  fc.oneof({ weight: 12, arbitrary: pick(...good) }, { weight: 1, arbitrary: pick(...odd) });

/** Payments rows as an .xlsx holds them: numbers, booleans, unreadable cells among the texts. */
const typedPaymentRow = fc.tuple(
  mostly(['P1', 'P2', 42], [null, new UnreadableCell('is a formula without its result')]),
  mostly(['C1', 'C2', 7], [null]),
  mostly(['2026-11-01', ' 2026-10-10 '], [46_300, true, null]),
  mostly([100, 12.5, 999_999_999.99, '100.00'], [0.1 + 0.2, -5, null, false, 1e-7]),
  mostly(['USD', 'usd'], ['JPY', 3, null]),
  mostly([null, 'I1', 'I1;I2', 17], [true]),
  mostly([null, 'posted', 'Returned'], [1, 'lost']),
  mostly([null, 'chk 12', 991, 4.5], [new UnreadableCell('is part of the merged cells A2:B2'), false]),
);

/** Checks every reading of `rows` against the row path; says whether the row path found a problem. */
function agrees(name: TabName, rows: string[][], options: ParseOptions = {}): boolean {
  const parsed = parseTabRows(name, rows, 1, undefined, options);
  for (const tab of readings(rows)) {
    const records = tabRecordsOfColumns(name, tab, options);
    if (parsed.problems.length > 0) expect(records).toBeUndefined();
    else expect(records).toEqual(parsed.records);
  }
  return parsed.problems.length > 0;
}

describe('ledger-columns-tabs', () => {
  describe('tabRecordsOfColumns', () => {
    it('gives the records of parseTabRows for valid Customers tabs and refuses the others', () => {
      let refused = 0;
      fc.assert(
        fc.property(customersTab, (rows) => {
          if (agrees('Customers', rows)) refused++;
        }),
        { numRuns: 800, seed: 5 },
      );
      expect(refused).toBeGreaterThan(100);
      expect(refused).toBeLessThan(800);
    });

    it('plainCustomerIds gives the ids of those records, or leaves the tab to them', () => {
      let plain = 0;
      fc.assert(
        fc.property(customersTab, (rows) => {
          for (const tab of readings(rows)) {
            const records = tabRecordsOfColumns('Customers', tab);
            const ids = plainCustomerIds(tab, {});
            if (ids === undefined) continue;
            plain++;
            expect(ids).toEqual(records?.map((r) => r.customerId));
          }
        }),
        { numRuns: 800, seed: 5 },
      );
      expect(plain).toBeGreaterThan(100);
    });

    it('customersOfColumns gives customerOfFields of those records, member for member', () => {
      let taken = 0;
      fc.assert(
        fc.property(customersTab, (rows) => {
          for (const tab of readings(rows)) {
            const records = tabRecordsOfColumns('Customers', tab);
            const customers = customersOfColumns(tab);
            if (records === undefined) {
              expect(customers).toBeUndefined();
              continue;
            }
            taken++;
            const expected = records.map(customerOfFields);
            expect(customers).toStrictEqual(expected);
            expect(customers!.map((c) => Object.keys(c))).toEqual(expected.map((c) => Object.keys(c)));
          }
        }),
        { numRuns: 800, seed: 5 },
      );
      expect(taken).toBeGreaterThan(100);
    });

    it('customerRowsOfColumns makes, one at a time, the Customers of a tab plainCustomerIds reads', () => {
      let plain = 0;
      fc.assert(
        fc.property(customersTab, (rows) => {
          for (const tab of readings(rows)) {
            if (plainCustomerIds(tab, {}) === undefined) continue;
            plain++;
            const all = customersOfColumns(tab)!;
            const one = customerRowsOfColumns(tab)!;
            expect(one.count).toBe(all.length);
            // Out of order and twice: each made from its row alone.
            const order = all.map((_, n) => n).reverse();
            for (const n of [...order, ...order]) expect(one.at(n)).toStrictEqual(all[n]);
          }
        }),
        { numRuns: 800, seed: 5 },
      );
      expect(plain).toBeGreaterThan(100);
    });

    it('emailAt reads an ASCII cell as the email pattern of the schema does', () => {
      const email = tabDef('Customers').columns.find((c) => c.type === 'email')!;
      let valid = 0;
      const chars = fc.constantFrom(...'ab.@Z9-_,;: "<>()[]\\\t'.split(''), 'x', 'y', '.', '@');
      const part = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom('a', 'Z', 'q') }, chars), {
        maxLength: 4,
      });
      // Mostly shaped like an address (local @ domain . letters), with a slip now and then.
      const shaped = fc
        .tuple(part, fc.constantFrom('@', '', '@@'), part, fc.constantFrom('.', '', '.b.'), part)
        .map(([a, at, b, dot, c]) => [...a, at, ...b, dot, ...c]);
      fc.assert(
        fc.property(fc.oneof(shaped, fc.array(chars, { minLength: 1, maxLength: 14 })), (cs) => {
          const text = `[${cs.join('')}]`;
          const cell = cs.join('');
          if (cell.trim() !== cell) return;
          const ok = parseCell(email, cell, undefined).ok;
          if (ok) valid++;
          expect(emailAt(text, 1, 1 + cell.length)).toBe(ok);
        }),
        { numRuns: 5000, seed: 5 },
      );
      expect(valid).toBeGreaterThan(20);
    });

    it('gives the records of parseTabRows for valid Payments tabs, in either number format', () => {
      let refused = 0;
      fc.assert(
        fc.property(paymentsTab, pick<ParseOptions>({}, { numberFormat: '1.234,56' }), (rows, options) => {
          if (agrees('Payments', rows, options)) refused++;
        }),
        { numRuns: 800, seed: 5 },
      );
      expect(refused).toBeGreaterThan(100);
      expect(refused).toBeLessThan(800);
    });

    it('reads the clean rows of a ledger export in place, with their sheet row numbers', () => {
      const rows = [
        ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To'],
        ['P1', 'C1', '2026-11-01', '120.50', 'USD', 'I7'],
        ['', '', '', '', '', ''],
        ['P2', 'C2', '2026-11-02', '3.00', 'EUR', 'I8;I9'],
      ];
      expect(agrees('Payments', rows)).toBe(false);
      expect(tabRecordsOfColumns('Payments', readings(rows)[1]!)).toEqual([
        {
          row: 2,
          paymentId: 'P1',
          customerId: 'C1',
          date: '2026-11-01',
          amountMinor: 12050,
          currency: 'USD',
          appliesTo: ['I7'],
        },
        {
          row: 4,
          paymentId: 'P2',
          customerId: 'C2',
          date: '2026-11-02',
          amountMinor: 300,
          currency: 'EUR',
          appliesTo: ['I8', 'I9'],
        },
      ]);
    });

    it('gives the records of parseTabRows for typed (.xlsx) cells and refuses the others', () => {
      let refused = 0;
      let compared = 0;
      fc.assert(
        fc.property(fc.array(typedPaymentRow, { maxLength: 6 }), (body) => {
          // Prepare
          const rows: unknown[][] = [
            ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To', 'Status', 'Reference'],
            ...body.map((r) => [...r]),
          ];
          // Act
          const parsed = parseTabRows('Payments', rows);
          const records = tabRecordsOfColumns('Payments', typedTab(rows));
          // Assess
          if (parsed.problems.length > 0) {
            expect(records).toBeUndefined();
            refused++;
          } else {
            expect(records).toEqual(parsed.records);
            compared++;
          }
        }),
        { numRuns: 600, seed: 20261203 },
      );
      expect(refused).toBeGreaterThan(50);
      expect(compared).toBeGreaterThan(50);
    });

    it('refuses a tab missing a required column', () => {
      expect(tabRecordsOfColumns('Customers', tabColumnsOf(['Customer ID'], [['C1']]))).toBeUndefined();
    });
  });
});
