// The one-pass reader of plain CSV against parseCsv: on any text, parseCsvColumns (which tries it
// first) gives the cells, the width flag and the errors that the general scanner gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastCsvColumns } from '../../cli/csv-fast-columns.js';
import { parseCsv, parseCsvColumns } from '../../cli/read-ledger.js';
import { unguardText } from '../../core/ledger/cell-guard.js';

/** What parseCsvColumns must give, from the row parser: header, records as the columns read them, wide. */
function expected(text: string) {
  const records = parseCsv(text).map((r) => r.map((f) => (f.charCodeAt(0) === 39 ? unguardText(f) : f)));
  const header = records[0] ?? [];
  const rows = records.slice(1);
  return {
    header,
    rows: rows.map((r) => header.map((_, c) => r[c] ?? '')),
    wide: rows.some((r) => r.slice(header.length).some((f) => f.trim() !== '')),
  };
}

function actual(text: string) {
  const t = parseCsvColumns(text);
  return {
    header: t.header,
    rows: Array.from({ length: t.count }, (_, k) => t.header.map((_, c) => t.cell(c, k))),
    wide: t.wide,
  };
}

const outcome = <T>(f: () => T): { value: T } | { error: string } => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: String(e) };
  }
};

// Texts made of the characters that matter to CSV, plus plain words.
const piece = fc.constantFrom(
  'a',
  'b1',
  ' ',
  ',',
  '"',
  '""',
  '\n',
  '\r\n',
  '\r',
  "'=x",
  'x y',
  '\uFEFF',
  'é',
);
const text = fc.array(piece, { maxLength: 40 }).map((ps) => ps.join(''));
// Well-formed files of the usual shape: a header, records of up to its width, quoted fields at times.
const field = fc.constantFrom(
  '',
  'I1',
  'Customer 1, Ltd',
  '2026-11-23',
  '12.50',
  ' pad ',
  "'=1+1",
  'say "hi"',
);
const plainFile = fc
  .tuple(
    fc.integer({ min: 1, max: 5 }),
    fc.array(fc.array(field, { maxLength: 6 }), { maxLength: 8 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
  )
  .map(([width, rows, eol, finalEol]) => {
    const quote = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
    const header = Array.from({ length: width }, (_, c) => `Col ${c}`);
    const lines = [header, ...rows].map((r) => r.map(quote).join(','));
    return lines.join(eol) + (finalEol ? eol : '');
  });

/** A text with its bytes, as readLedgerColumns hands them over. */
const both = (text: string): [Uint8Array, string] => [Buffer.from(text), text];

describe('cli/csv-fast-columns', () => {
  describe('parseCsvColumns', () => {
    it('gives what the row parser gives, errors included, on any text', () => {
      fc.assert(
        fc.property(fc.oneof(text, plainFile), (t) => {
          const want = outcome(() => expected(t));
          const got = outcome(() => actual(t));
          if ('error' in want) expect(got).toEqual(want);
          else if ('error' in got) expect(got).toEqual(want);
          else {
            expect(got.value.header).toEqual(want.value.header);
            expect(got.value.rows).toEqual(want.value.rows);
            expect(got.value.wide).toBe(want.value.wide);
          }
        }),
        { numRuns: 3000, seed: 7 },
      );
    });
  });

  describe('fastCsvColumns', () => {
    it('reads a plain export in one pass, quoted names and CRLF included', () => {
      const t = fastCsvColumns(...both('Customer ID,Name\r\nC1,"Customer 1, Ltd"\r\nC2,Bob\r\n'));
      expect(t).toBeDefined();
      expect(t!.header).toEqual(['Customer ID', 'Name']);
      expect(t!.count).toBe(2);
      expect(t!.text.slice(t!.starts[1]![0]!, t!.ends[1]![0]!)).toBe('Customer 1, Ltd');
    });

    it("grows its columns when the file's later lines are shorter than its first ones", () => {
      const long = Array.from({ length: 70 }, (_, k) => `${k},${'x'.repeat(200)}`);
      const short = Array.from({ length: 5000 }, (_, k) => `${k},y`);
      const text = ['id,note', ...long, ...short].join('\n');
      const t = fastCsvColumns(...both(text));
      expect(t!.count).toBe(5070);
      expect(actual(text)).toEqual(expected(text));
    });

    it('leaves doubled quotes, lone CRs, long records, guarded fields and non-ASCII text to the general scanner', () => {
      expect(fastCsvColumns(...both('a,b\n"say ""hi""",1\n'))).toBeUndefined();
      expect(fastCsvColumns(...both('a,b\r1,2\r'))).toBeUndefined();
      expect(fastCsvColumns(...both('a,b\n1,2,3\n'))).toBeUndefined();
      expect(fastCsvColumns(...both("a,b\n'=1,2\n"))).toBeUndefined();
      expect(fastCsvColumns(...both('a,b\n1"x,2\n'))).toBeUndefined();
      expect(fastCsvColumns(...both('a,b\nZoë,2\n'))).toBeUndefined();
    });
  });
});
