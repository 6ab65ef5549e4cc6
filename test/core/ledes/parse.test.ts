// Tests for core/ledes/parse.ts: the five public sample files, and each check on small hand-made files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEDES_FIELDS } from '../../../core/ledes/fields.js';
import { formatLedesProblem, type LedesProblem } from '../../../core/ledes/ledes-types.js';
import { parseLedes } from '../../../core/ledes/parse.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/ledes/${name}`, import.meta.url), 'utf8');

const HEADER = `LEDES1998B[]\n${LEDES_FIELDS.join('|')}[]\n`;

/** One data line with the spec example's values, fields overridden by name. */
function dataLine(over: Partial<Record<(typeof LEDES_FIELDS)[number], string>> = {}): string {
  const base: Record<string, string> = {
    INVOICE_DATE: '19990225',
    INVOICE_NUMBER: '96542',
    CLIENT_ID: '00711',
    LAW_FIRM_MATTER_ID: '0528',
    INVOICE_TOTAL: '700',
    BILLING_START_DATE: '19990101',
    BILLING_END_DATE: '19990131',
    INVOICE_DESCRIPTION: 'For services rendered',
    LINE_ITEM_NUMBER: '1',
    'EXP/FEE/INV_ADJ_TYPE': 'F',
    LINE_ITEM_NUMBER_OF_UNITS: '2.00',
    LINE_ITEM_ADJUSTMENT_AMOUNT: '0',
    LINE_ITEM_TOTAL: '700',
    LINE_ITEM_DATE: '19990115',
    LINE_ITEM_TASK_CODE: 'L510',
    LINE_ITEM_EXPENSE_CODE: '',
    LINE_ITEM_ACTIVITY_CODE: 'A102',
    TIMEKEEPER_ID: '22547',
    LINE_ITEM_DESCRIPTION: 'Trial pleading',
    LAW_FIRM_ID: '24-6437381',
    LINE_ITEM_UNIT_COST: '350',
    TIMEKEEPER_NAME: 'Arnsley, Robert',
    TIMEKEEPER_CLASSIFICATION: 'PARTNR',
    CLIENT_MATTER_ID: '423-987',
    ...over,
  };
  return `${LEDES_FIELDS.map((f) => base[f]).join('|')}[]\n`;
}

const messages = (problems: readonly LedesProblem[]) => problems.map(formatLedesProblem);
const errorsOf = (problems: readonly LedesProblem[]) =>
  messages(problems.filter((p) => p.severity === 'error'));

describe('ledes/parse', () => {
  describe('parseLedes on the sample files', () => {
    it('reads both invoices of the spec example, with its ’ and without a final newline', () => {
      // Prepare
      const text = fixture('lexitree-good-utf8-no-eol.txt');

      // Act
      const result = parseLedes(text);

      // Assess: 630 + 700 + 40 + 24.95 + 289.50 = 1684.45; the retainer is one IF line of 1250.
      expect(result.rejected).toEqual([]);
      expect(
        result.invoices.map((i) => [i.invoiceNumber, i.clientId, i.lawFirmMatterId, i.totalMinor]),
      ).toEqual([
        ['96542', '00711', '0528', 168445],
        ['96543', '00711', '1326', 125000],
      ]);
      const [fees, retainer] = result.invoices;
      expect(fees!.lines.map((l) => l.totalMinor)).toEqual([63000, 70000, 4000, 2495, 28950]);
      expect(fees!.lines.reduce((s, l) => s + l.totalMinor, 0)).toBe(fees!.totalMinor);
      expect(fees!.lines[0]).toEqual({
        fileLine: 3,
        lineItemNumber: '1',
        type: 'F',
        date: '1999-01-15',
        units: '2',
        unitCost: '350',
        adjustmentMinor: -7000,
        totalMinor: 63000,
        taskCode: 'L510',
        activityCode: 'A102',
        timekeeperId: '22547',
        timekeeperName: 'Arnsley, Robert',
        timekeeperClassification: 'PARTNR',
        description: 'Research Attorney’s fees, Set off claim',
      });
      expect(fees!.lines[2]).toMatchObject({ units: '0.2', unitCost: '200', totalMinor: 4000 });
      expect(fees!.lines[3]).toMatchObject({ type: 'E', expenseCode: 'E111', unitCost: '24.95' });
      expect(fees).toMatchObject({
        invoiceDate: '1999-02-25',
        billingStartDate: '1999-01-01',
        billingEndDate: '1999-01-31',
        description: 'For services rendered',
        clientMatterId: '423-987',
        lawFirmId: '24-6437381',
        currency: 'USD',
      });
      expect(retainer!.lines).toEqual([
        expect.objectContaining({
          fileLine: 8,
          type: 'IF',
          units: '1',
          adjustmentMinor: 125000,
          totalMinor: 125000,
        }),
      ]);
      expect(retainer!.lines[0]!.unitCost).toBeUndefined();
      expect(messages(result.problems)).toEqual([
        'Line 3, field 19 LINE_ITEM_DESCRIPTION: contains "’" (U+2019); LEDES 1998B expects plain ASCII (warning)',
      ]);
    });

    it('imports the good invoice of two and rejects the one with a duplicated line number and two clients', () => {
      // Act
      const result = parseLedes(fixture('ledes-parser-two-invoices.txt'));

      // Assess: lines 8 and 9 both say 6, with clients 00711 and 500; 1250 + 1250 is not 1250.
      expect(result.invoices.map((i) => [i.invoiceNumber, i.totalMinor, i.lines.length])).toEqual([
        ['96542', 168445, 5],
      ]);
      expect(result.rejected).toEqual(['96543']);
      expect(errorsOf(result.problems)).toEqual([
        'Line 8, field 5 INVOICE_TOTAL: 1,250.00 is not the sum of the line totals of invoice 96543 (2,500.00 on 2 lines)',
        'Line 9, field 3 CLIENT_ID: "500" differs from "00711" on line 8 of invoice 96543; one invoice is owed by one client',
        'Line 9, field 4 LAW_FIRM_MATTER_ID: "500.900" differs from "1326" on line 8 of invoice 96543; one invoice lands in the ledger under one matter',
        'Line 9, field 9 LINE_ITEM_NUMBER: line item 6 of invoice 96543 is already on line 8',
      ]);
      expect(result.problems.every((p) => p.invoiceNumber === '96543')).toBe(true);
    });

    it('reads the CRLF sample with its trailing space line and rejects its inconsistent invoice', () => {
      // Act
      const result = parseLedes(fixture('rledes-spec-sample-crlf.txt'));

      // Assess: the IF line says total 1250 and matter 1326 where the other five say 2934.45 and 0528.
      expect(result.invoices).toEqual([]);
      expect(result.rejected).toEqual(['96542']);
      expect(errorsOf(result.problems)).toEqual([
        'Line 8, field 4 LAW_FIRM_MATTER_ID: "1326" differs from "0528" on line 3 of invoice 96542; one invoice lands in the ledger under one matter',
        'Line 8, field 5 INVOICE_TOTAL: 1250 differs from 2934.45 on line 3; every line of an invoice carries the same total',
      ]);
      const warnings = result.problems.filter((p) => p.severity === 'warning');
      expect(warnings.map((w) => [w.line, w.field])).toEqual([
        [3, 23],
        [4, 23],
        [5, 23],
        [8, 8],
        [8, 24],
      ]);
      // No problem points at line 9, the line holding one space.
      expect(result.problems.some((p) => p.line > 8)).toBe(false);
    });

    it('rejects the expense line without a unit cost at line 3, field 21', () => {
      // Act
      const result = parseLedes(fixture('lexitree-eager-bad.txt'));

      // Assess
      expect(result.invoices).toEqual([]);
      expect(result.rejected).toEqual(['96543']);
      expect(messages(result.problems)).toEqual([
        'Line 3, field 16 LINE_ITEM_EXPENSE_CODE: empty; e-billing portals reject an expense line without a UTBMS expense code (warning)',
        'Line 3, field 21 LINE_ITEM_UNIT_COST: empty; an expense line needs a unit cost',
      ]);
      expect(result.problems.find((p) => p.severity === 'error')).toMatchObject({
        line: 3,
        field: 21,
        fieldName: 'LINE_ITEM_UNIT_COST',
      });
    });

    it('reports every field of the file that is malformed everywhere, not just the first', () => {
      // Act
      const result = parseLedes(fixture('lexitree-greedy-bad.txt'));

      // Assess: both header lines, then the same 20 field errors on each data line.
      expect(result.invoices).toEqual([]);
      const errors = result.problems.filter((p) => p.severity === 'error');
      expect(errors.slice(0, 2).map(formatLedesProblem)).toEqual([
        'Line 1: expected "LEDES1998B[]" or "LEDES98BI V2[]", found "LEDES1998BB[]"; LEDES 1998B, LEDES 98BI and LEDES XML 2.x are read, other formats are not supported',
        'Line 2, field 1 INVOICE_DATE: the header says "INVOIC_DATE", expected INVOICE_DATE',
      ]);
      const fieldsOn = (line: number) => errors.filter((p) => p.line === line).map((p) => p.field);
      const expected = [1, 2, 3, 4, 5, 6, 7, 9, 10, 12, 13, 14, 15, 16, 17, 18, 20, 21, 22, 24];
      expect(fieldsOn(3)).toEqual(expected);
      expect(fieldsOn(4)).toEqual(expected);
      expect(errors).toHaveLength(2 + 2 * expected.length);
      expect(messages(errors.filter((p) => p.line === 3))).toEqual(
        expect.arrayContaining([
          'Line 3, field 1 INVOICE_DATE: "19990299" is not a date (CCYYMMDD)',
          'Line 3, field 2 INVOICE_NUMBER: 23 characters, at most 20 allowed',
          'Line 3, field 4 LAW_FIRM_MATTER_ID: empty; the field is required',
          'Line 3, field 5 INVOICE_TOTAL: "1250.123123" has more than 4 decimals',
          'Line 3, field 10 EXP/FEE/INV_ADJ_TYPE: "A" is not F, E, IF or IE',
          'Line 3, field 12 LINE_ITEM_ADJUSTMENT_AMOUNT: "1250.12311" has more than 4 decimals',
          'Line 3, field 21 LINE_ITEM_UNIT_COST: empty; a fee or expense line needs a unit cost',
          'Line 3, field 22 TIMEKEEPER_NAME: 46 characters, at most 30 allowed',
        ]),
      );
      expect(result.problems.filter((p) => p.severity === 'warning').map((p) => [p.line, p.field])).toEqual([
        [3, 23],
        [4, 23],
      ]);
    });
  });

  describe('parseLedes line checks', () => {
    it.each([
      [
        'an impossible date',
        { LINE_ITEM_DATE: '19990230' },
        'Line 3, field 14 LINE_ITEM_DATE: "19990230" is not a date (CCYYMMDD)',
      ],
      [
        'a thousands separator',
        { LINE_ITEM_UNIT_COST: '1,350' },
        'Line 3, field 21 LINE_ITEM_UNIT_COST: "1,350" is not a number',
      ],
      [
        '5 decimals in units',
        { LINE_ITEM_NUMBER_OF_UNITS: '2.00001' },
        'Line 3, field 11 LINE_ITEM_NUMBER_OF_UNITS: "2.00001" has more than 4 decimals',
      ],
      [
        'a sub-cent line total',
        { LINE_ITEM_TOTAL: '700.005', INVOICE_TOTAL: '700.005' },
        'Line 3, field 5 INVOICE_TOTAL: "700.005" has more than 2 decimals for USD',
      ],
      [
        'a fee without units',
        { LINE_ITEM_NUMBER_OF_UNITS: '' },
        'Line 3, field 11 LINE_ITEM_NUMBER_OF_UNITS: empty; a fee line needs a number of units',
      ],
      [
        'an invoice number the ledger cannot hold',
        { INVOICE_NUMBER: 'INV 7' },
        'Line 3, field 2 INVOICE_NUMBER: "INV 7" must start with a letter or digit and use only . _ - / #',
      ],
      [
        'a wrong line total',
        { LINE_ITEM_TOTAL: '710', INVOICE_TOTAL: '710' },
        'Line 3, field 13 LINE_ITEM_TOTAL: 710.00 is not units × unit cost + adjustment (2 × 350 + 0.00 = 700.00)',
      ],
    ])('rejects %s', (_case, over, message) => {
      // Act
      const result = parseLedes(HEADER + dataLine(over));

      // Assess
      expect(result.invoices).toEqual([]);
      expect(errorsOf(result.problems)).toContain(message);
    });

    it('rounds units × unit cost half away from zero to the cent before comparing', () => {
      // Prepare: 2.5 h at 333.3333 is 833.33325, printed 833.33; 0.5 × 0.01 is exactly half a cent.
      const good = dataLine({
        LINE_ITEM_NUMBER_OF_UNITS: '2.5',
        LINE_ITEM_UNIT_COST: '333.3333',
        LINE_ITEM_TOTAL: '833.33',
        INVOICE_TOTAL: '833.33',
      });
      const up = dataLine({
        LINE_ITEM_NUMBER_OF_UNITS: '0.5',
        LINE_ITEM_UNIT_COST: '0.01',
        LINE_ITEM_TOTAL: '0.01',
        INVOICE_TOTAL: '0',
        INVOICE_NUMBER: '2',
      });
      const down = dataLine({
        LINE_ITEM_NUMBER: '2',
        LINE_ITEM_NUMBER_OF_UNITS: '-0.5',
        LINE_ITEM_UNIT_COST: '0.01',
        LINE_ITEM_TOTAL: '-0.01',
        INVOICE_TOTAL: '0',
        INVOICE_NUMBER: '2',
      });

      // Act
      const result = parseLedes(HEADER + good + up + down);

      // Assess
      expect(result.problems).toEqual([]);
      expect(result.invoices.map((i) => i.lines.map((l) => l.totalMinor))).toEqual([[83333], [1, -1]]);
    });

    it('reads amounts in a currency without cents when told the currency', () => {
      // Act
      const result = parseLedes(
        HEADER + dataLine({ LINE_ITEM_UNIT_COST: '35000', LINE_ITEM_TOTAL: '70000', INVOICE_TOTAL: '70000' }),
        { currency: 'JPY' },
      );

      // Assess
      expect(result.invoices[0]).toMatchObject({ currency: 'JPY', totalMinor: 70000 });
    });

    it('reports a line with the wrong number of fields or no [] and rejects its invoice', () => {
      // Prepare
      const short = dataLine().replace('|423-987[]', '[]');
      const open = dataLine({ INVOICE_NUMBER: '2' }).replace('[]', '');

      // Act
      const result = parseLedes(HEADER + short + open);

      // Assess
      expect(messages(result.problems)).toEqual([
        'Line 3: 23 fields, expected 24 separated by |',
        'Line 4: the line does not end with []',
      ]);
      expect(result.rejected).toEqual(['96542', '2']);
    });

    it('warns when a line repeats the invoice with another date and keeps the first', () => {
      // Prepare
      const second = dataLine({ LINE_ITEM_NUMBER: '2', INVOICE_DATE: '19990226', INVOICE_TOTAL: '1400' });

      // Act
      const result = parseLedes(HEADER + dataLine({ INVOICE_TOTAL: '1400' }) + second);

      // Assess
      expect(messages(result.problems)).toEqual([
        'Line 4, field 1 INVOICE_DATE: "19990226" differs from "19990225" on line 3; the first line\'s value is used (warning)',
      ]);
      expect(result.invoices[0]).toMatchObject({ invoiceDate: '1999-02-25', totalMinor: 140000 });
    });

    it('rejects every invoice when the field names are not the 24 of LEDES 1998B', () => {
      // Prepare: an export that dropped the last column from the header only.
      const header = `LEDES1998B[]\n${LEDES_FIELDS.slice(0, 23).join('|')}[]\n`;

      // Act
      const result = parseLedes(header + dataLine());

      // Assess
      expect(messages(result.problems)).toEqual(['Line 2: the header names 23 fields, expected 24']);
      expect(result.invoices).toEqual([]);
      expect(result.rejected).toEqual(['96542']);
    });

    it('warns about a file with a header and no invoice lines', () => {
      // Act
      const result = parseLedes(`${HEADER}\n`);

      // Assess
      expect(result).toEqual({
        invoices: [],
        rejected: [],
        problems: [expect.objectContaining({ severity: 'warning', code: 'LEDES.EMPTY', line: 4 })],
      });
    });

    it('tolerates a BOM, CRLF, blank lines and a missing final line end', () => {
      // Prepare
      const text = `\uFEFF${HEADER}${dataLine()}\n   \n`.replace(/\n/g, '\r\n').replace(/\r\n$/, '');

      // Act
      const result = parseLedes(text);

      // Assess
      expect(result.problems).toEqual([]);
      expect(result.invoices).toHaveLength(1);
    });
  });
});
