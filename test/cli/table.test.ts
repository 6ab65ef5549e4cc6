// Tests for the CLI's plain-text tables.
import { describe, expect, it } from 'vitest';
import { displayWidth, renderTable } from '../../cli/table.js';

describe('table', () => {
  describe('renderTable', () => {
    it('returns a table of 300,000 rows (no call-stack overflow from spreading the rows)', () => {
      const rows = Array.from({ length: 300_000 }, (_, i) => [`C-${i}`, `${i}.00`]);
      const text = renderTable([{ header: 'Customer' }, { header: 'Amount', align: 'right' }], rows);
      expect(text.split('\n').length).toBe(300_003);
      expect(text.split('\n')[2]).toBe(`C-0${' '.repeat(12)}0.00`);
    });

    it('returns columns aligned under a rule, numbers right-aligned, no trailing blanks', () => {
      const text = renderTable(
        [{ header: 'Customer' }, { header: 'Amount', align: 'right' }, { header: 'Note' }],
        [
          ['C-1', '1,234.50', 'short'],
          ['C-1002', '5.00', ''],
        ],
      );
      expect(text).toBe(
        [
          'Customer    Amount  Note',
          '--------  --------  -----',
          'C-1       1,234.50  short',
          'C-1002        5.00',
          '',
        ].join('\n'),
      );
    });

    it('pads by display width, so accented and wide characters line up', () => {
      const text = renderTable(
        [{ header: 'Name' }, { header: 'Cur' }],
        [['Café'], ['佐藤精密'], ['Cafe\u0301']].map((r) => [r[0]!, 'JPY']),
      );
      expect(text.split('\n').slice(2, 5)).toEqual(['Café      JPY', '佐藤精密  JPY', 'Cafe\u0301      JPY']);
    });
  });

  describe('displayWidth', () => {
    it.each([
      ['', 0],
      ['abc', 3],
      ['é', 1],
      ['e\u0301', 1],
      ['東京', 4],
      ['ｶ', 1],
      ['a\u00adb', 2],
      ['Ωmega ŝ', 7],
    ])('gives %j a width of %i', (text, width) => {
      expect(displayWidth(text)).toBe(width);
    });
  });
});
