// The sliced CSV parser against the character-at-a-time one it replaced: same records, same errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParseError, parseCsv } from '../../cli/read-ledger.js';

/** The parser as it was before fields were sliced out of the text (kept as the reference). */
function referenceParseCsv(text: string): string[][] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = src.length;
  // True once the current record has begun (even with an empty field), so "a," ends in an empty field.
  let inRecord = false;
  const endRecord = () => {
    record.push(field);
    records.push(record);
    record = [];
    field = '';
    inRecord = false;
  };
  while (i < n) {
    // At the start of a field.
    inRecord = true;
    if (src[i] === '"') {
      const openLine = line;
      const openColumn = i - lineStart + 1;
      i++;
      for (;;) {
        if (i >= n) throw new CsvParseError('quoted field is never closed', openLine, openColumn);
        const ch = src[i]!;
        if (ch === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (ch === '\n' || (ch === '\r' && src[i + 1] !== '\n')) {
          line++;
          lineStart = i + 1;
        }
        field += ch;
        i++;
      }
      if (i < n && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') {
        throw new CsvParseError('unexpected text after a closing quote', line, i - lineStart + 1);
      }
    } else {
      while (i < n && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') {
        if (src[i] === '"') {
          throw new CsvParseError(
            'quote inside an unquoted field (put the whole field in quotes and double the quote)',
            line,
            i - lineStart + 1,
          );
        }
        field += src[i];
        i++;
      }
    }
    if (i >= n) break;
    if (src[i] === ',') {
      record.push(field);
      field = '';
      i++;
      continue;
    }
    // A line break (CRLF, LF or a lone CR) ends the record.
    i += src[i] === '\r' && src[i + 1] === '\n' ? 2 : 1;
    line++;
    lineStart = i;
    endRecord();
  }
  if (inRecord) endRecord();
  return records;
}

function outcome(parse: (text: string) => string[][], text: string): unknown {
  try {
    return { records: parse(text) };
  } catch (e) {
    if (!(e instanceof CsvParseError)) throw e;
    return { error: e.message, line: e.line, column: e.column };
  }
}

describe('read-ledger', () => {
  describe('parseCsv', () => {
    it('gives the records and errors of the reference parser on any text of CSV characters', () => {
      const piece = fc.constantFrom('a', 'b', ' ', ',', '"', '""', '\n', '\r', '\r\n', 'é', '\uFEFF', "'=1");
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
          const text = pieces.join('');
          expect(outcome(parseCsv, text)).toEqual(outcome(referenceParseCsv, text));
        }),
        { numRuns: 3000 },
      );
    });

    it('gives the reference records on well-formed files with quoted fields and every line end', () => {
      const field = fc
        .string({ maxLength: 8 })
        .map((s) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s));
      const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.array(field, { minLength: 1, maxLength: 5 }), lineEnd), { maxLength: 12 }),
          (rows) => {
            const text = rows.map(([fields, end]) => fields.join(',') + end).join('');
            expect(parseCsv(text)).toEqual(referenceParseCsv(text));
          },
        ),
        { numRuns: 1000 },
      );
    });
  });
});
