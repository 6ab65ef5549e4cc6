// Tests for the CLI's RFC 4180 CSV parser: quoting, line ends, BOM, and malformed input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParseError, parseCsv } from '../../cli/read-ledger.js';
import { formatCsv } from '../../examples/generate-demo.js';

describe('read-ledger', () => {
  describe('parseCsv', () => {
    it.each([
      [
        'plain fields, LF',
        'a,b\n1,2\n',
        [
          ['a', 'b'],
          ['1', '2'],
        ],
      ],
      [
        'CRLF line ends',
        'a,b\r\n1,2\r\n',
        [
          ['a', 'b'],
          ['1', '2'],
        ],
      ],
      [
        'no final line break',
        'a,b\n1,2',
        [
          ['a', 'b'],
          ['1', '2'],
        ],
      ],
      [
        'a byte-order mark',
        '\uFEFFCustomer ID,Name\nC-1,Acme\n',
        [
          ['Customer ID', 'Name'],
          ['C-1', 'Acme'],
        ],
      ],
      [
        'a quoted comma',
        'id,address\n1,"12 Elm St, Boston"\n',
        [
          ['id', 'address'],
          ['1', '12 Elm St, Boston'],
        ],
      ],
      [
        'doubled quotes',
        'id,note\n1,"said ""paid"" twice"\n',
        [
          ['id', 'note'],
          ['1', 'said "paid" twice'],
        ],
      ],
      [
        'a line break inside quotes',
        'id,address\n1,"88 Pine St\nApt 4B"\n',
        [
          ['id', 'address'],
          ['1', '88 Pine St\nApt 4B'],
        ],
      ],
      [
        'CRLF inside quotes kept as is',
        'id,note\r\n1,"a\r\nb"\r\n',
        [
          ['id', 'note'],
          ['1', 'a\r\nb'],
        ],
      ],
      [
        'empty fields',
        'a,,c\n,,\n',
        [
          ['a', '', 'c'],
          ['', '', ''],
        ],
      ],
      ['a trailing separator', 'a,b,\n', [['a', 'b', '']]],
      ['an empty quoted field', '""', [['']]],
      ['a blank line in the middle', 'a\n\nb\n', [['a'], [''], ['b']]],
      ['spaces kept', ' a , b \n', [[' a ', ' b ']]],
      ['an empty text', '', []],
      ['only a BOM', '\uFEFF', []],
    ])('reads %s', (_name, text, expected) => {
      expect(parseCsv(text)).toEqual(expected);
    });

    it.each([
      ['an unclosed quote', 'id,note\n1,"never closed\n', 2, 3, 'quoted field is never closed'],
      ['text after a closing quote', 'id,note\n1,"ok"x\n', 2, 7, 'unexpected text after a closing quote'],
      ['a quote inside an unquoted field', 'id,size\n1,5" pipe\n', 2, 4, 'quote inside an unquoted field'],
      ['an error after a multi-line field', 'a\n"x\ny"\n2,"z\n', 4, 3, 'quoted field is never closed'],
    ])('rejects %s with its line and column', (_name, text, line, column, message) => {
      let error: unknown;
      try {
        parseCsv(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CsvParseError);
      expect(error).toMatchObject({ line, column, code: 'CSV.MALFORMED' });
      expect((error as Error).message).toContain(message);
    });

    it('reads back any table the demo generator writes', () => {
      const cellText = fc.string({
        unit: fc.constantFrom('a', 'Z', '1', ' ', ',', '"', '\n', '\r', 'é', '\r\n'),
      });
      // A lone empty field is written as an empty line, which reads back as one empty field: same table.
      const table = fc.array(fc.array(cellText, { minLength: 1, maxLength: 5 }), {
        minLength: 1,
        maxLength: 6,
      });
      fc.assert(
        fc.property(table, (rows) => {
          expect(parseCsv(formatCsv(rows))).toEqual(rows);
        }),
      );
    });
  });
});
