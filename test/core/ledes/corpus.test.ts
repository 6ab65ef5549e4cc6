// Corpus test: every LEDES file in test/fixtures/ledes with what it holds, written down by hand from
// the file (invoice numbers, INVOICE_TOTAL, line counts, which invoices a portal would reject).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLedes } from '../../../core/ledes/parse.js';

interface Expected {
  /** [invoice number, total in cents, number of lines, currency] of each invoice read. */
  invoices: [string, number, number, string][];
  rejected: string[];
}

const CORPUS: Record<string, Expected> = {
  'lexitree-good-utf8-no-eol.txt': {
    invoices: [
      ['96542', 168_445, 5, 'USD'],
      ['96543', 125_000, 1, 'USD'],
    ],
    rejected: [],
  },
  'ledes-parser-two-invoices.txt': { invoices: [['96542', 168_445, 5, 'USD']], rejected: ['96543'] },
  'rledes-spec-sample-crlf.txt': { invoices: [], rejected: ['96542'] },
  'lexitree-eager-bad.txt': { invoices: [], rejected: ['96543'] },
  'lexitree-greedy-bad.txt': { invoices: [], rejected: ['96543965439654396543123'] },
  'handmade-98bi-gbp-eur.txt': {
    invoices: [
      ['GB-2026-118', 116_150, 3, 'GBP'],
      ['FR-77', 132_000, 2, 'EUR'],
    ],
    rejected: [],
  },
  'handmade-xml21-two-invoices.xml': {
    invoices: [
      ['2026-0815', 142_800, 4, 'EUR'],
      ['2026-0816', 45_000, 1, 'EUR'],
    ],
    rejected: [],
  },
};

const DIR = new URL('../../fixtures/ledes/', import.meta.url);

describe('ledes/parse', () => {
  describe('parseLedes (corpus of sample files)', () => {
    it('has an expectation for every file in the corpus', () => {
      expect(readdirSync(DIR).sort()).toEqual(Object.keys(CORPUS).sort());
    });

    it.each(Object.entries(CORPUS))('reads %s as written down by hand', (name, expected) => {
      // Act
      const result = parseLedes(readFileSync(new URL(name, DIR), 'utf8'));
      // Assess
      expect(result.invoices.map((i) => [i.invoiceNumber, i.totalMinor, i.lines.length, i.currency])).toEqual(
        expected.invoices,
      );
      expect(result.rejected).toEqual(expected.rejected);
      for (const inv of result.invoices) {
        expect(
          inv.lines.reduce((s, l) => s + l.totalMinor, 0) + (inv.format === 'XML' ? (inv.taxMinor ?? 0) : 0),
        ).toBe(inv.totalMinor);
      }
    });
  });
});
