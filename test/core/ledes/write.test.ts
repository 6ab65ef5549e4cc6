// Tests for core/ledes/write.ts: generated invoices survive write -> parse unchanged, and bad text is refused.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decimalText,
  extendedMinor,
  type LedesDecimal,
  parseLedesDecimal,
  TIMEKEEPER_CLASSIFICATIONS,
} from '../../../core/ledes/fields.js';
import type { LedesInvoice, LedesLine } from '../../../core/ledes/ledes-types.js';
import { parseLedes } from '../../../core/ledes/parse.js';
import { LedesWriteError, minorToLedes, writeLedes } from '../../../core/ledes/write.js';
import { fromDay } from '../../../core/ledger/dates.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/ledes/${name}`, import.meta.url), 'utf8');

// Printable ASCII without the field separator; `[]` inside a value is filtered out below.
// No spaces around a value and no brackets: the reader trims the one and warns about the other.
const text = (max: number) =>
  fc.stringMatching(new RegExp(`^[ -{}~]{1,${max}}$`)).filter((s) => s.trim() === s && !/[[\]]/.test(s));
const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._\-/#]{0,19}$/);
const isoDate = fc.integer({ min: fromDayIndex(1950), max: fromDayIndex(2090) }).map(fromDay);
/** Up to 9999.9999 with 4 decimals, as the shortest decimal text. */
const quantity = fc.integer({ min: 0, max: 99_999_999 }).map((n) => decimalText({ scaled: BigInt(n) }));
const optionalText = (max: number) => fc.option(text(max), { nil: undefined });

function fromDayIndex(year: number): number {
  return Math.floor(Date.UTC(year, 0, 1) / 86_400_000);
}

const lineDraft = fc.record({
  type: fc.constantFrom('F', 'E', 'IF', 'IE') as fc.Arbitrary<LedesLine['type']>,
  date: isoDate,
  units: quantity,
  unitCost: quantity,
  adjustmentMinor: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  taskCode: optionalText(20),
  expenseCode: optionalText(20),
  activityCode: optionalText(20),
  timekeeperId: optionalText(20),
  timekeeperName: optionalText(30),
  timekeeperClassification: fc.option(fc.constantFrom(...TIMEKEEPER_CLASSIFICATIONS), { nil: undefined }),
  description: optionalText(80),
  quantityTotal: fc.boolean(),
});

const invoiceDraft = fc.record({
  invoiceNumber: id,
  clientId: id,
  lawFirmMatterId: text(20),
  clientMatterId: optionalText(20),
  lawFirmId: text(20),
  invoiceDate: isoDate,
  billingStartDate: isoDate,
  billingEndDate: isoDate,
  description: optionalText(200),
  lines: fc.array(lineDraft, { minLength: 1, maxLength: 6 }),
});

function exact(text: string): LedesDecimal {
  const parsed = parseLedesDecimal(text, 10);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

/** Consistent invoices: line totals from units × cost + adjustment, invoice totals their sum. */
const invoicesIn = (currency: string): fc.Arbitrary<LedesInvoice[]> =>
  fc
    .uniqueArray(invoiceDraft, { minLength: 1, maxLength: 4, selector: (i) => i.invoiceNumber })
    .map((drafts) => {
      let fileLine = 3;
      return drafts.map(({ lines, ...inv }) => {
        const built: LedesLine[] = lines.map(({ quantityTotal, ...l }, i) => {
          const adjustmentOnly = l.type === 'IF' || l.type === 'IE';
          const line: LedesLine = {
            ...l,
            fileLine: fileLine++,
            lineItemNumber: String(i + 1),
            totalMinor: adjustmentOnly
              ? l.adjustmentMinor
              : extendedMinor(exact(l.units), exact(l.unitCost), currency) + l.adjustmentMinor,
          };
          // Adjustment lines may leave units and unit cost out, as the spec example does.
          if (adjustmentOnly && !quantityTotal) {
            delete line.units;
            delete line.unitCost;
          }
          return line;
        });
        return {
          ...inv,
          format: '1998B' as const,
          currency,
          totalMinor: built.reduce((s, l) => s + l.totalMinor, 0),
          lines: built,
        };
      });
    });

describe('ledes/write', () => {
  describe('writeLedes', () => {
    it('gives back the same invoices when its output is parsed (any currency, either line end)', () => {
      fc.assert(
        fc.property(
          fc.constantFrom('USD', 'JPY', 'KWD').chain((c) => fc.tuple(invoicesIn(c), fc.constant(c))),
          fc.constantFrom('\r\n' as const, '\n' as const),
          ([invoices, currency], lineEnd) => {
            // Act
            const parsed = parseLedes(writeLedes(invoices, { lineEnd }), { currency });

            // Assess
            // Random task and expense codes are rarely UTBMS codes; that warning is not a round-trip defect.
            expect(parsed.problems.filter((p) => !/_CODE_(MISSING|UNKNOWN)$/.test(p.code))).toEqual([]);
            expect(parsed.invoices).toEqual(invoices);
          },
        ),
        { numRuns: 200 },
      );
    });

    it('rewrites the spec example so that it reads back the same', () => {
      // Prepare
      const original = parseLedes(fixture('lexitree-good-utf8-no-eol.txt'));

      // Act
      const written = writeLedes(original.invoices);
      const again = parseLedes(written);

      // Assess
      expect(again.invoices).toEqual(original.invoices);
      expect(written.split('\r\n')[2]).toBe(
        '19990225|96542|00711|0528|1684.45|19990101|19990131|For services rendered|1|F|2|-70.00|630.00|19990115|L510||A102|22547|Research Attorney’s fees, Set off claim|24-6437381|350|Arnsley, Robert|PARTNR|423-987[]',
      );
      expect(written.endsWith('[]\r\n')).toBe(true);
    });

    it('refuses a value holding the field separator, naming invoice, line and field', () => {
      // Prepare
      const [invoice] = parseLedes(fixture('lexitree-good-utf8-no-eol.txt')).invoices;
      const broken = { ...invoice!, lines: [{ ...invoice!.lines[0]!, description: 'fees | costs' }] };

      // Act / Assess
      expect(() => writeLedes([broken])).toThrow(LedesWriteError);
      expect(() => writeLedes([broken])).toThrow(
        'invoice 96542, line item 1, field LINE_ITEM_DESCRIPTION: "fees | costs" contains |, [] or a line break',
      );
    });
  });

  describe('writeLedes units', () => {
    it('refuses units that are not a plain decimal', () => {
      // Prepare
      const [invoice] = parseLedes(fixture('lexitree-good-utf8-no-eol.txt')).invoices;
      const broken = { ...invoice!, lines: [{ ...invoice!.lines[0]!, units: '2,5' }] };

      // Act / Assess
      expect(() => writeLedes([broken])).toThrow(
        'invoice 96542, line item 1, field LINE_ITEM_NUMBER_OF_UNITS: "2,5" is not a number',
      );
    });
  });

  describe('minorToLedes', () => {
    it.each([
      [168445, 'USD', '1684.45'],
      [-7000, 'USD', '-70.00'],
      [5, 'USD', '0.05'],
      [70000, 'JPY', '70000'],
      [1, 'KWD', '0.001'],
    ])('writes %i %s as %s', (minor, currency, expected) => {
      expect(minorToLedes(minor, currency)).toBe(expected);
    });
  });
});
