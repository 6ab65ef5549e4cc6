// Tests for LEDES files as firms really send them (issue 15): what is read with a warning where
// other readers accept it, what stays an error because an e-billing portal would reject it, and
// LEDES 98BI (tax, currency, firm and client addresses).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEDES_FIELDS } from '../../../core/ledes/fields.js';
import type { LedesProblem } from '../../../core/ledes/ledes-types.js';
import { parseLedes } from '../../../core/ledes/parse.js';
import { ledesToLedger } from '../../../core/ledes/to-ledger.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/ledes/${name}`, import.meta.url), 'utf8');

const codes = (ps: readonly LedesProblem[], severity: 'error' | 'warning') =>
  ps.filter((p) => p.severity === severity).map((p) => p.code);

const good = fixture('lexitree-good-utf8-no-eol.txt');
const lines = good.split('\n');

/** The good sample with data line `n` (0 = first data line) changed by `edit`. */
function withLine(n: number, edit: (fields: string[]) => void): string {
  const copy = [...lines];
  const fields = copy[n + 2]!.replace(/\[\]$/, '').split('|');
  edit(fields);
  copy[n + 2] = `${fields.join('|')}[]`;
  return copy.join('\n');
}

const field = (name: (typeof LEDES_FIELDS)[number]) => LEDES_FIELDS.indexOf(name);

describe('ledes/parse', () => {
  describe('parseLedes (lenient where other readers are)', () => {
    it('reads a file whose first line is blank, with a warning, and no phantom INVOICE_NUMBER invoice', () => {
      // Act
      const result = parseLedes(`\n${good}`);
      // Assess
      expect(codes(result.problems, 'error')).toEqual([]);
      expect(result.invoices.map((i) => [i.invoiceNumber, i.totalMinor])).toEqual([
        ['96542', 168_445],
        ['96543', 125_000],
      ]);
      expect(result.problems.find((p) => p.code === 'LEDES.BLANK_BEFORE_HEADER')).toMatchObject({
        severity: 'warning',
        line: 1,
      });
    });

    it('reads lower-case line types with a warning', () => {
      // Act
      const result = parseLedes(withLine(0, (f) => (f[field('EXP/FEE/INV_ADJ_TYPE')] = 'f')));
      // Assess
      expect(codes(result.problems, 'error')).toEqual([]);
      expect(result.invoices[0]!.lines[0]!.type).toBe('F');
      expect(codes(result.problems, 'warning')).toContain('LEDES.TYPE_CASE');
    });

    it('reads +1250.00 with a warning', () => {
      // Act
      const result = parseLedes(
        withLine(5, (f) => {
          f[field('INVOICE_TOTAL')] = '+1250.00';
        }),
      );
      // Assess
      expect(codes(result.problems, 'error')).toEqual([]);
      expect(result.invoices[1]!.totalMinor).toBe(125_000);
      expect(result.problems.find((p) => p.code === 'LEDES.PLUS_SIGN')).toMatchObject({
        severity: 'warning',
        line: 8,
        fieldName: 'INVOICE_TOTAL',
      });
    });

    it('reads space-padded fields with a warning naming them', () => {
      // Act
      const result = parseLedes(
        withLine(1, (f) => {
          f[field('LINE_ITEM_TOTAL')] = ' 700 ';
          f[field('LINE_ITEM_TASK_CODE')] = 'L510  ';
        }),
      );
      // Assess
      expect(codes(result.problems, 'error')).toEqual([]);
      expect(result.invoices[0]!.lines[1]!).toMatchObject({ totalMinor: 70_000, taskCode: 'L510' });
      const padded = result.problems.filter((p) => p.code === 'LEDES.PADDED');
      expect(padded.map((p) => [p.line, p.fieldName, p.severity])).toEqual([
        [4, 'LINE_ITEM_TOTAL', 'warning'],
        [4, 'LINE_ITEM_TASK_CODE', 'warning'],
      ]);
    });

    it.each([
      ['', 'LEDES.TASK_CODE_MISSING'],
      ['L999', 'LEDES.TASK_CODE_UNKNOWN'],
      ['XYZ', 'LEDES.TASK_CODE_UNKNOWN'],
    ])('flags a fee line with task code "%s" (%s) as a portal would, and still reads it', (code, problem) => {
      // Act
      const result = parseLedes(withLine(0, (f) => (f[field('LINE_ITEM_TASK_CODE')] = code)));
      // Assess
      expect(codes(result.problems, 'error')).toEqual([]);
      expect(result.problems.find((p) => p.code === problem)).toMatchObject({
        severity: 'warning',
        line: 3,
        fieldName: 'LINE_ITEM_TASK_CODE',
      });
    });

    it('flags brackets inside a field (Legal [Services]), which a portal may read as the line end', () => {
      // Act
      const result = parseLedes(withLine(1, (f) => (f[field('LINE_ITEM_DESCRIPTION')] = 'Legal [Services]')));
      // Assess
      expect(result.problems.find((p) => p.code === 'LEDES.BRACKETS')).toMatchObject({
        severity: 'warning',
        line: 4,
        fieldName: 'LINE_ITEM_DESCRIPTION',
      });
      expect(result.invoices[0]!.lines[1]!.description).toBe('Legal [Services]');
    });
  });

  describe('parseLedes (strict where a portal would reject the file)', () => {
    it('still rejects an invoice whose line totals do not add up to INVOICE_TOTAL', () => {
      // Act
      const result = parseLedes(withLine(5, (f) => (f[field('LINE_ITEM_TOTAL')] = '1200')));
      // Assess
      expect(result.rejected).toContain('96543');
      expect(codes(result.problems, 'error')).toContain('LEDES.LINE_TOTAL_MISMATCH');
    });

    it('says which formats it reads when the first line is none of them', () => {
      // Act
      const result = parseLedes(good.replace('LEDES1998B[]', 'LEDES2000[]'));
      // Assess
      expect(result.problems[0]!.message).toContain('LEDES 1998B, LEDES 98BI and LEDES XML 2.x are read');
    });
  });

  describe('parseLedes (LEDES 98BI)', () => {
    it('reads both invoices of the 98BI sample with their currency, tax and net totals', () => {
      // Act
      const result = parseLedes(fixture('handmade-98bi-gbp-eur.txt'));
      // Assess
      expect(codes(result.problems, 'error')).toEqual([]);
      expect(
        result.invoices.map((i) => [
          i.format,
          i.invoiceNumber,
          i.currency,
          i.totalMinor,
          i.taxMinor,
          i.netMinor,
          i.clientName,
          i.matterName,
        ]),
      ).toEqual([
        ['98BI', 'GB-2026-118', 'GBP', 116_150, 18_600, 97_550, 'Acme UK Ltd', 'Acme v Widget Ltd'],
        ['98BI', 'FR-77', 'EUR', 132_000, 22_000, 110_000, 'Acme SAS', 'Acme SAS - bail commercial'],
      ]);
      expect(result.invoices[0]!.lines.map((l) => [l.totalMinor, l.taxMinor, l.taxRate, l.taxType])).toEqual([
        [90_000, 15_000, '0.2', 'VAT'],
        [21_600, 3_600, '0.2', 'VAT'],
        [4_550, 0, '0', 'VAT'],
      ]);
      expect(result.invoices[0]!.clientAddress).toBe('2 Market Square, Leeds, LS1 1AA, GBR');
    });

    it('rejects a 98BI line whose total is not base + tax, naming line and field', () => {
      // Prepare
      const text = fixture('handmade-98bi-gbp-eur.txt').replace('|900|20261005|', '|750|20261005|');
      // Act
      const result = parseLedes(text);
      // Assess
      expect(result.rejected).toContain('GB-2026-118');
      expect(result.problems.find((p) => p.code === 'LEDES.LINE_TOTAL_MISMATCH')).toMatchObject({
        line: 3,
        fieldName: 'LINE_ITEM_TOTAL',
      });
    });

    it('puts each invoice into the ledger in its own currency, its VAT as a receivable of its own', () => {
      // Act
      const result = ledesToLedger(parseLedes(fixture('handmade-98bi-gbp-eur.txt')).invoices);
      // Assess: GB-2026-118 bills 1,161.50 = 975.50 + VAT 186.00; FR-77 1,320.00 = 1,100.00 + VAT 220.00.
      expect(result.invoices.map((i) => [i.invoiceId, i.amountMinor, i.currency])).toEqual([
        ['GB-2026-118', 97_550, 'GBP'],
        ['GB-2026-118-TAX', 18_600, 'GBP'],
        ['FR-77', 110_000, 'EUR'],
        ['FR-77-TAX', 22_000, 'EUR'],
      ]);
      expect(result.invoices[0]!.description).toContain(
        'excl. VAT tax GBP 186.00, billed as GB-2026-118-TAX',
      );
      expect(result.invoices[1]!.description).toBe('VAT tax on invoice GB-2026-118');
      expect(result.customers.map((c) => [c.customerId, c.name])).toEqual([
        ['ACME-UK', 'Acme UK Ltd'],
        ['ACME-FR', 'Acme SAS'],
      ]);
    });
  });
});
