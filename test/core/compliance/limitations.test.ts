// Tests for the statute-of-limitations table: every state and DC for every debt type, each row with its section, and the time bar read from it.
import { describe, expect, it } from 'vitest';
import {
  allLimitationRows,
  limitationFor,
  limitationRows,
  limitationState,
  mayBeTimeBarred,
  shortestLimitationYears,
  timeBarOf,
} from '../../../core/compliance/limitations.js';
import { buildBook } from '../../../core/ledger/book.js';
import { toDay } from '../../../core/ledger/dates.js';
import { DEBT_TYPES, type Invoice, type Payment } from '../../../core/ledger/ledger.js';
import { columnarLedger, tabColumnsOf } from '../../../core/ledger/ledger-columns.js';
import { bookFromColumns } from '../../../core/ledger/ledger-columns-book.js';
import { customer, invoice, ledgerOf, payment } from '../../support/ledger-builders.js';

/** The 50 states and the District of Columbia, by USPS code. */
const STATES = (
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM ' +
  'NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'
).split(' ');

describe('core/compliance/limitations', () => {
  describe('limitationRows()', () => {
    it('returns exactly one row per state (50 and DC) and debt type', () => {
      // Act
      const keys = limitationRows().map((r) => `${r.state} ${r.debtType}`);
      // Assess
      expect(STATES).toHaveLength(51);
      expect(new Set(keys).size).toBe(keys.length);
      expect(new Set(limitationRows().map((r) => r.state))).toEqual(new Set(STATES));
      for (const s of STATES) for (const t of DEBT_TYPES) expect(keys).toContain(`${s} ${t}`);
    });

    it('returns for every row a whole number of years and a source naming a section, article or rule', () => {
      for (const r of limitationRows()) {
        expect(Number.isInteger(r.years) && r.years >= 1 && r.years <= 20, `${r.state} ${r.debtType}`).toBe(
          true,
        );
        expect(r.source, `${r.state} ${r.debtType}`).toMatch(/§|art\.|RCW|CPLR|ILCS|\d+-\d+/);
        expect(r.source, `${r.state} ${r.debtType}`).toContain(`${r.years} year`);
      }
    });
  });

  describe('limitationRows() (verification)', () => {
    it('returns for every verified row where its text was read and when, and only for rows whose years match it', () => {
      const verified = limitationRows().filter((r) => r.verified);
      expect(verified.length).toBeGreaterThanOrEqual(246);
      for (const r of verified) {
        expect(r.verified!.read, `${r.state} ${r.debtType}`).toMatch(/https?:\/\/|earlier session/);
        expect(r.verified!.on, `${r.state} ${r.debtType}`).toMatch(/^\d{4}-\d{2}-\d{2}$|^before /);
      }
      // Each priority state read this session has its rows marked.
      for (const state of [
        'CA',
        'TX',
        'FL',
        'IL',
        'PA',
        'CO',
        'TN',
        'MO',
        'AZ',
        'MA',
        'WA',
        'AR',
        'OK',
        'RI',
        'IN',
        'LA',
        'NJ',
        'OH',
        'GA',
      ] as const)
        expect(
          limitationRows()
            .filter((r) => r.state === state)
            .every((r) => r.verified),
        ).toBe(true);
    });

    it('returns for every unverified row it names what was searched, or a row of a state whose other rows were read', () => {
      const readStates = new Set(
        limitationRows()
          .filter((r) => r.verified)
          .map((r) => r.state),
      );
      for (const r of limitationRows().filter((x) => !x.verified))
        expect(r.searched !== undefined || readStates.has(r.state), `${r.state} ${r.debtType}`).toBe(true);
    });

    it('returns the promissory-note rows settled against both texts (UCC 3-118 and the general statute) at the shorter period', () => {
      // Prepare
      const note = (state: string) =>
        limitationRows().find((r) => r.state === state && r.debtType === 'promissory-note')!;
      // Act / Assess: a negotiable note has six years everywhere here; the row holds the other text's.
      for (const [state, years, ucc] of [
        ['ID', 5, /28-3-118/],
        ['MD', 3, /3-118\(a\)/],
        ['NC', 3, /25-3-118/],
        ['SC', 3, /36-3-118/],
        ['VA', 5, /8\.3A-118/],
        ['WI', 6, /403\.118/],
      ] as const) {
        expect(note(state).years, state).toBe(years);
        expect(note(state).verified?.read, state).toMatch(ucc);
      }
      // Alaska's and New Hampshire's UCC texts were not found: the rows keep the general statute's 3 years, unverified.
      for (const state of ['AK', 'NH']) {
        expect(note(state).years, state).toBe(3);
        expect(note(state).verified, state).toBeUndefined();
        expect(note(state).searched, state).toMatch(/3-118|45\.03\.118/);
      }
    });

    it("returns Ohio's consumer rows at 6 years under R.C. 2305.07(C), whether written or not", () => {
      // 2305.07(C): an action arising out of a consumer transaction, "whether or not reduced to writing",
      // within six years (the 4-year (A) for contracts not in writing gives way to it).
      for (const t of ['written-contract', 'oral-contract', 'open-account', 'medical'] as const) {
        expect(limitationFor('OH', t)).toMatchObject({
          years: 6,
          source: expect.stringMatching(/2305\.07\(C\)/),
        });
      }
    });
  });

  describe('limitationFor', () => {
    it.each([
      ['WA', 'open-account', 6, /RCW 4\.16\.040\(2\)/],
      ['KY', 'written-contract', 10, /413\.160/],
      ['LA', 'open-account', 3, /art\. 3494/],
      ['DC', 'oral-contract', 3, /12-301/],
      ['WY', 'written-contract', 10, /1-3-105/],
    ] as const)('returns %s %s: %i years from its section', (state, type, years, source) => {
      // Act
      const l = limitationFor(state, type);
      // Assess
      expect(l?.years).toBe(years);
      expect(l?.source).toMatch(source);
    });

    it('returns an office override before the table', () => {
      expect(limitationFor('TX', 'open-account', [{ state: 'TX', years: 2, note: 'counsel' }])).toMatchObject(
        {
          years: 2,
          source: 'office override: counsel',
        },
      );
    });
  });

  describe('timeBarOf (rows verified against the text)', () => {
    // A debt due 2020-03-15 in each state, read the day before and on the day its period ends:
    // not yet barred, then barred. Each case names the section it rests on.
    it.each([
      ['FL', 'Miami, FL 33101', 'oral-contract', 4, /95\.11\(3\)\(j\)/],
      ['FL', 'Miami, FL 33101', 'written-contract', 5, /95\.11\(2\)\(b\)/],
      ['NY', 'Albany, NY 12207', 'medical', 3, /CPLR 213-d/],
      ['NY', 'Albany, NY 12207', 'open-account', 3, /CPLR 214-i/],
      ['TN', 'Nashville, TN 37201', 'open-account', 6, /28-3-109\(a\)\(3\)/],
      ['WI', 'Madison, WI 53703', 'oral-contract', 6, /893\.43\(1\)/],
      ['MD', 'Baltimore, MD 21201', 'written-contract', 3, /5-101/],
      // Was 3 years (the open-account row): § 16-56-106(b) gives medical charges 2 years, signed contract or not.
      ['AR', 'Little Rock, AR 72201', 'medical', 2, /16-56-106\(b\)/],
      ['AR', 'Little Rock, AR 72201', 'open-account', 3, /16-56-105/],
      ['NE', 'Omaha, NE 68102', 'oral-contract', 4, /25-206/],
      ['WY', 'Cheyenne, WY 82001', 'oral-contract', 8, /1-3-105\(a\)\(ii\)/],
      // Was 3 years (§ 15-1-49): a promissory note has six, negotiable or not.
      ['MS', 'Jackson, MS 39201', 'promissory-note', 6, /75-3-118\(a\).*15-1-81\(1\)/],
      ['MS', 'Jackson, MS 39201', 'written-contract', 3, /15-1-49/],
      // Was 6 years (AS 45.03.118, negotiable notes, text not found): a note that is not negotiable
      // has the 3 years of AS 09.10.053, and the row keeps the shorter period as the other note rows do.
      ['AK', 'Juneau, AK 99801', 'promissory-note', 3, /09\.10\.053/],
      ['WI', 'Madison, WI 53703', 'promissory-note', 6, /893\.43\(1\).*403\.118\(1\)/],
      ['VA', 'Richmond, VA 23219', 'promissory-note', 5, /8\.01-246\(2\)/],
    ] as const)(
      'returns a %s debt (%s, %s) as barred on the day its %i years end, not the day before',
      (_state, place, debtType, years, source) => {
        // Prepare
        const l = ledgerOf({
          customers: [customer('C1', { address: `1 Main St, ${place}`, debtType })],
          invoices: [invoice('I1', 'C1', '2020-03-15', 10_000)],
        });
        const end = `${2020 + years}-03-15`;
        const before = `${2020 + years}-03-14`;
        const bar = (asOf: string) =>
          timeBarOf(l.customers[0]!, buildBook(l, asOf).byCustomer.get('C1')!, asOf);
        // Act / Assess
        expect(bar(before)?.barred).toEqual([]);
        expect(bar(end)?.barred).toMatchObject([{ itemId: 'I1', barredOn: end }]);
        expect(bar(end)?.limitation.source).toMatch(source);
      },
    );
  });

  describe('timeBarOf (periods that do not run from the due date)', () => {
    // Each case: the event the statute names, read from the ledger, and the day before and the day
    // the period ends counted from it (not from the due date).
    const barOf = (
      place: string,
      debtType: 'medical' | 'open-account' | 'oral-contract',
      parts: { invoices: Invoice[]; payments?: Payment[] },
      asOf: string,
    ) => {
      const l = ledgerOf({
        customers: [customer('C1', { address: `1 Main St, ${place}`, debtType })],
        ...parts,
      });
      return timeBarOf(l.customers[0]!, buildBook(l, asOf).byCustomer.get('C1')!, asOf);
    };

    it('returns a New York medical bill barred 3 years after the treatment (invoice) date, months before 3 years after its due date (CPLR 213-d)', () => {
      const invoices = [invoice('I1', 'C1', '2023-03-15', 40_000, { invoiceDate: '2023-01-10' })];
      expect(barOf('Albany, NY 12207', 'medical', { invoices }, '2026-01-09')?.barred).toEqual([]);
      expect(barOf('Albany, NY 12207', 'medical', { invoices }, '2026-01-10')?.barred).toEqual([
        { itemId: 'I1', barredOn: '2026-01-10', from: '2023-01-10' },
      ]);
      expect(barOf('Albany, NY 12207', 'medical', { invoices }, '2026-01-10')?.reason).toMatch(
        /from the date of treatment: N\.Y\. CPLR 213-d/,
      );
      // The same bill as an open account (CPLR 214-i) still runs from its due date.
      expect(barOf('Albany, NY 12207', 'open-account', { invoices }, '2026-01-10')?.barred).toEqual([]);
      expect(barOf('Albany, NY 12207', 'open-account', { invoices }, '2026-03-15')?.barred).toEqual([
        { itemId: 'I1', barredOn: '2026-03-15' },
      ]);
    });

    it('returns an Arkansas medical bill barred 2 years after its last partial payment, when later than the services (§ 16-56-106(b))', () => {
      const invoices = [invoice('I1', 'C1', '2022-02-01', 40_000, { invoiceDate: '2022-01-05' })];
      const payments = [
        payment('P1', 'C1', '2022-09-20', 5_000, { appliesTo: ['I1'] }),
        // Returned by the bank: nothing was received, so it does not restart the period.
        payment('P2', 'C1', '2023-04-01', 5_000, {
          appliesTo: ['I1'],
          status: 'returned',
          returnedDate: '2023-04-05',
        }),
      ];
      expect(barOf('Little Rock, AR 72201', 'medical', { invoices, payments }, '2024-09-19')?.barred).toEqual(
        [],
      );
      expect(barOf('Little Rock, AR 72201', 'medical', { invoices, payments }, '2024-09-20')?.barred).toEqual(
        [{ itemId: 'I1', barredOn: '2024-09-20', from: '2022-09-20' }],
      );
      // With no payment, 2 years from the services.
      expect(barOf('Little Rock, AR 72201', 'medical', { invoices }, '2024-01-04')?.barred).toEqual([]);
      expect(barOf('Little Rock, AR 72201', 'medical', { invoices }, '2024-01-05')?.barred).toEqual([
        { itemId: 'I1', barredOn: '2024-01-05', from: '2022-01-05' },
      ]);
    });

    it('returns a Utah open account barred 4 years after the last charge or payment on the account (§ 78B-2-307(1))', () => {
      const invoices = [
        invoice('I1', 'C1', '2020-02-01', 40_000, { invoiceDate: '2020-01-02' }),
        invoice('I2', 'C1', '2020-06-01', 20_000, { invoiceDate: '2020-05-01' }),
      ];
      // The last charge (2020-05-01) starts both items' period, the older one's too.
      expect(barOf('Salt Lake City, UT 84101', 'open-account', { invoices }, '2024-04-30')?.barred).toEqual(
        [],
      );
      expect(barOf('Salt Lake City, UT 84101', 'open-account', { invoices }, '2024-05-01')?.barred).toEqual([
        { itemId: 'I1', barredOn: '2024-05-01', from: '2020-05-01' },
        { itemId: 'I2', barredOn: '2024-05-01', from: '2020-05-01' },
      ]);
      // A later payment received on the account restarts it for every item.
      const payments = [payment('P1', 'C1', '2021-03-10', 1_000)];
      expect(
        barOf('Salt Lake City, UT 84101', 'oral-contract', { invoices, payments }, '2025-03-09')?.barred,
      ).toEqual([]);
      expect(
        barOf('Salt Lake City, UT 84101', 'oral-contract', { invoices, payments }, '2025-03-10')?.barred.map(
          (b) => b.itemId,
        ),
      ).toEqual(['I1', 'I2']);
    });
  });

  describe('timeBarOf (Ohio consumer debts, R.C. 2305.07(C))', () => {
    const bar = (payments: Payment[], asOf: string) => {
      const ledger = ledgerOf({
        customers: [customer('C1', { address: '1 Main St, Columbus, OH 43215', debtType: 'open-account' })],
        invoices: [invoice('I1', 'C1', '2019-03-01', 40_000, { invoiceDate: '2019-01-10' })],
        payments,
      });
      return timeBarOf(ledger.customers[0]!, buildBook(ledger, asOf).byCustomer.get('C1')!, asOf);
    };

    it('returns an Ohio account barred six years after the 30th day following the last payment', () => {
      const paid = [payment('P1', 'C1', '2019-05-01', 1_000)];
      expect(bar(paid, '2025-05-30')?.barred).toEqual([]);
      expect(bar(paid, '2025-05-31')?.barred).toEqual([
        { itemId: 'I1', barredOn: '2025-05-31', from: '2019-05-31' },
      ]);
    });

    it('returns it barred six years after the 30th day following the charge when nothing was paid, before six years after the due date', () => {
      expect(bar([], '2025-02-08')?.barred).toEqual([]);
      expect(bar([], '2025-02-09')?.barred).toEqual([
        { itemId: 'I1', barredOn: '2025-02-09', from: '2019-02-09' },
      ]);
    });
  });

  describe('mayBeTimeBarred', () => {
    it('returns true for an item whose invoice date is old enough even when its due date is not', () => {
      const l = ledgerOf({
        customers: [customer('C1')],
        invoices: [invoice('I1', 'C1', '2025-02-01', 10_000, { invoiceDate: '2024-11-01' })],
      });
      const accounts = buildBook(l, '2026-11-23').byCustomer.get('C1')!;
      expect(mayBeTimeBarred(accounts, toDay('2026-11-23'), 2)).toBe(true);
      expect(mayBeTimeBarred(accounts, toDay('2026-10-01'), 2)).toBe(false);
    });

    it('returns the same for the columnar book, read in place', () => {
      // Prepare: the same invoice as columns, with a paid one and one not yet due beside it.
      const tab = (header: string[], ...rows: string[][]) =>
        tabColumnsOf(
          header,
          header.map((_, c) => rows.map((r) => r[c]!)),
        );
      const ledger = columnarLedger({
        Customers: tab(['Customer ID', 'Name'], ['C1', 'Pat Doe']),
        Invoices: tab(
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          ['I1', 'C1', '2024-11-01', '2025-02-01', '100.00', 'USD'],
          ['I2', 'C1', '2020-01-01', '2020-02-01', '50.00', 'USD'],
          ['I3', 'C1', '2020-01-01', '2027-01-01', '50.00', 'USD'],
        ),
        Payments: tab(
          ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To'],
          ['P1', 'C1', '2020-03-01', '50.00', 'USD', 'I2'],
        ),
      })!;
      // Act
      const at = (asOf: string) => mayBeTimeBarred(bookFromColumns(ledger, asOf).accounts, toDay(asOf), 2);
      // Assess
      expect(at('2026-11-23')).toBe(true);
      expect(at('2026-10-01')).toBe(false);
    });
  });

  describe('timeBarOf (Canadian provinces)', () => {
    const bar = (address: string, dueDate: string, asOf: string) => {
      const l = ledgerOf({
        customers: [customer('C1', { address, debtType: 'open-account' })],
        invoices: [invoice('I1', 'C1', dueDate, 10_000)],
      });
      return timeBarOf(l.customers[0]!, buildBook(l, asOf).byCustomer.get('C1')!, asOf);
    };

    it.each([
      ['Toronto, ON M5V 2T6', 2, /Limitations Act, 2002.*s\. 4/],
      ['Vancouver, BC V6B 1A1', 2, /S\.B\.C\. 2012, c\. 13, s\. 6/],
      ['Montréal, QC H2X 1Y4', 3, /art\. 2925/],
      ['Calgary, AB T2P 1J9', 2, /R\.S\.A\. 2000, c\. L-12, s\. 3\(1\)\(a\)/],
      ['Regina, SK S4P 3Y2', 2, /S\.S\. 2004, c\. L-16\.1, s\. 5/],
      ['Winnipeg, MB R3C 0V8', 2, /S\.M\. 2021, c\. 44/],
      ['Fredericton, NB E3B 1B2', 2, /S\.N\.B\. 2009, c\. L-8\.5, s\. 5\(1\)\(a\)/],
      ['Halifax, NS B3J 1A1', 2, /Limitation of Actions Act \(Nova Scotia/],
    ] as const)(
      'returns a debt of %s as barred on the day its %i years end, not the day before',
      (address, years, source) => {
        const end = `${2021 + years}-03-15`;
        expect(bar(address, '2021-03-15', `${2021 + years}-03-14`)?.barred).toEqual([]);
        expect(bar(address, '2021-03-15', end)?.barred).toEqual([{ itemId: 'I1', barredOn: end }]);
        expect(bar(address, '2021-03-15', end)?.limitation.source).toMatch(source);
      },
    );

    it('returns nothing for a province whose Act was not read (Prince Edward Island, Newfoundland) or a foreign address', () => {
      expect(bar('Charlottetown, PE C1A 4P3', '2015-03-15', '2026-11-23')).toBeUndefined();
      expect(bar("St. John's, NL A1C 5M2", '2015-03-15', '2026-11-23')).toBeUndefined();
      expect(bar('10 Downing St, London, United Kingdom', '2015-03-15', '2026-11-23')).toBeUndefined();
    });
  });

  describe('limitationState', () => {
    it('returns the Canadian province of the address, the US state, and the office state only for an address without a country', () => {
      expect(limitationState({ address: 'Toronto, ON M5V 2T6' })).toBe('CA-ON');
      expect(limitationState({ address: '1 Main St, Boston, MA 02108' }, 'TX')).toBe('MA');
      expect(limitationState({ address: '' }, 'TX')).toBe('TX');
    });
  });

  describe('allLimitationRows()', () => {
    it('returns the provinces read, every debt type, each verified, and the shortest period (2 years)', () => {
      const canada = allLimitationRows().filter((r) => r.state.startsWith('CA-'));
      const provinces = ['CA-ON', 'CA-BC', 'CA-QC', 'CA-AB', 'CA-SK', 'CA-MB', 'CA-NB', 'CA-NS'];
      expect(new Set(canada.map((r) => r.state))).toEqual(new Set(provinces));
      expect(canada).toHaveLength(provinces.length * DEBT_TYPES.length);
      for (const r of canada) {
        expect(r.verified?.read, r.state).toMatch(/https?:\/\//);
        expect(r.source).toContain(`${r.years} year`);
      }
      expect(shortestLimitationYears()).toBe(2);
    });
  });

  describe('timeBarOf', () => {
    it('returns a Wyoming open account due 9 years ago as time-barred (8 years) and a written contract as not (10)', () => {
      // Prepare
      const asOf = '2026-11-23';
      const ledger = (debtType: 'open-account' | 'written-contract') =>
        ledgerOf({
          customers: [customer('C1', { address: '1 Main St, Cheyenne, WY 82001', debtType })],
          invoices: [invoice('I1', 'C1', '2017-10-01', 10_000)],
        });
      const bar = (debtType: 'open-account' | 'written-contract') => {
        const l = ledger(debtType);
        return timeBarOf(l.customers[0]!, buildBook(l, asOf).byCustomer.get('C1')!, asOf);
      };
      // Act / Assess
      expect(bar('open-account')?.allBarred).toBe(true);
      expect(bar('open-account')?.reason).toMatch(/8 years in WY/);
      expect(bar('written-contract')?.barred).toEqual([]);
    });
  });
});
