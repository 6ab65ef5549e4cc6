// writeTable and renderTable against the table as it was rendered before they measured each cell
// once and wrote in pieces: the same text for any cells, widths and alignments.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth, renderTable, type TableColumn, wrapWords, writeTable } from '../../cli/table.js';

/** The previous renderTable, kept here as the reference. */
function referenceTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  width?: number,
): string {
  const pad = (text: string, w: number, align: 'left' | 'right') => {
    const fill = ' '.repeat(Math.max(0, w - displayWidth(text)));
    return align === 'right' ? fill + text : text + fill;
  };
  const lines = (
    cols: readonly TableColumn[],
    rs: readonly (readonly string[])[],
    limit: number,
  ): string[] => {
    const widths = cols.map((c) => displayWidth(c.header));
    for (const r of rs)
      for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, displayWidth(r[i] ?? ''));
    const total = widths.reduce((s, w) => s + w, 0) + 2 * (widths.length - 1);
    const last = cols[cols.length - 1];
    if (total > limit && cols.length > 1 && (last?.align ?? 'left') === 'left') {
      const body = lines(
        cols.slice(0, -1),
        rs.map((r) => r.slice(0, -1)),
        Number.POSITIVE_INFINITY,
      );
      const out = [body[0]!, body[1]!];
      rs.forEach((r, k) => {
        out.push(body[k + 2]!);
        const text = r[cols.length - 1] ?? '';
        if (text !== '')
          for (const l of wrapWords(`${last!.header}: ${text}`, Math.max(20, limit - 4)))
            out.push(`    ${l}`);
      });
      return out;
    }
    const line = (cells: readonly string[]) =>
      cols
        .map((c, i) => {
          const align = c.align ?? 'left';
          const cell = cells[i] ?? '';
          return i === cols.length - 1 && align === 'left' ? cell : pad(cell, widths[i]!, align);
        })
        .join('  ')
        .trimEnd();
    return [line(cols.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  '), ...rs.map(line)];
  };
  return `${lines(columns, rows, width ?? Number.POSITIVE_INFINITY).join('\n')}\n`;
}

/** The previous wrapWords (a regex split, words joined by one space), kept here as the reference. */
function referenceWrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    if (line === '') line = word;
    else if (displayWidth(line) + 1 + displayWidth(word) <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Explanations as the planner writes them, and text with runs of spaces, tabs, line breaks and wide characters. */
const prose = fc.oneof(
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'owes',
          'USD',
          '1,234.56',
          'overdue,',
          '(oldest',
          'I-7,',
          'due',
          '2026-04-09);',
          '請求書',
          'Zoë',
        ),
        fc.string({ maxLength: 12 }),
      ),
      { maxLength: 40 },
    )
    .chain((words) =>
      fc
        .array(fc.constantFrom(' ', ' ', ' ', '  ', '\t', '\n', '\u00a0'), {
          minLength: words.length,
          maxLength: words.length,
        })
        .map((gaps) => words.map((w, i) => `${gaps[i]}${w}`).join('')),
    ),
  fc.string({ maxLength: 200 }),
);

const cell = fc.oneof(
  fc.constantFrom(
    '',
    'C-1',
    '1,234.56',
    'Zoë',
    '請求書',
    'e\u0301',
    '\x1b[36mreminder\x1b[0m',
    ' trailing ',
    'a long explanation of why this customer hears from us today',
  ),
  fc.string({ maxLength: 30 }),
);
const table = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.tuple(
    fc.array(
      fc.record({
        header: cell,
        align: fc.constantFrom<'left' | 'right' | undefined>('left', 'right', undefined),
      }),
      { minLength: n, maxLength: n },
    ),
    fc.array(fc.array(cell, { maxLength: n + 1 }), { maxLength: 12 }),
    fc.option(fc.integer({ min: 10, max: 120 }), { nil: undefined }),
  ),
);

describe('cli/table', () => {
  describe('renderTable and writeTable', () => {
    it('give the text the table had before, fitted to a width or not', () => {
      fc.assert(
        fc.property(table, ([columns, rows, width]) => {
          const want = referenceTable(columns, rows, width);
          expect(renderTable(columns, rows, { width })).toBe(want);
          const pieces: string[] = [];
          writeTable(columns, rows, { width }, (t) => pieces.push(t));
          expect(pieces.join('')).toBe(want);
        }),
        { numRuns: 1500, seed: 11 },
      );
    });

    it('wrapWords gives the lines it gave before, plain ASCII or not', () => {
      fc.assert(
        fc.property(prose, fc.integer({ min: 1, max: 120 }), (text, width) => {
          expect(wrapWords(text, width)).toEqual(referenceWrap(text, width));
        }),
        { numRuns: 3000, seed: 17 },
      );
    });

    it('hands a table of many rows over in pieces of about a MB', () => {
      const rows = Array.from({ length: 40_000 }, (_, k) => [`C-${k}`, 'x'.repeat(40)]);
      const pieces: string[] = [];
      writeTable([{ header: 'Id' }, { header: 'Note' }], rows, {}, (t) => pieces.push(t));
      expect(pieces.length).toBeGreaterThan(1);
      expect(pieces.join('')).toBe(referenceTable([{ header: 'Id' }, { header: 'Note' }], rows));
    });
  });
});
