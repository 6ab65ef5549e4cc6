// Tests for fitting tables to the terminal: renderTable's width option, outputWidth, and `plan` and
// `handover --list` read at a glance in 100 columns (or one line per row with --wide).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { outputWidth, renderTable, wrapWords } from '../../cli/table.js';

const demo = fileURLToPath(new URL('../../examples/demo-ledger', import.meta.url));

async function run(...argv: string[]) {
  let stdout = '';
  const code = await main(argv, {
    out: (t) => {
      stdout += t;
    },
    err: () => {},
  });
  return { code, lines: stdout.split('\n') };
}

const widest = (lines: string[]) => Math.max(...lines.map((l) => [...l].length));

describe('cli/table', () => {
  describe('renderTable', () => {
    const columns = [{ header: 'Id' }, { header: 'Amount', align: 'right' as const }, { header: 'Why' }];
    const rows = [['A-1', '10.00', 'because the invoice is sixty days past due and nothing was paid since']];

    it('returns one line per row when it fits', () => {
      expect(renderTable(columns, rows, { width: 200 }).split('\n')).toHaveLength(4);
    });

    it('returns the last column wrapped under its row, indented, when the row is wider than the width', () => {
      const out = renderTable(columns, rows, { width: 40 });
      expect(out).toBe(
        [
          'Id   Amount',
          '---  ------',
          'A-1   10.00',
          '    Why: because the invoice is sixty',
          '    days past due and nothing was paid',
          '    since',
          '',
        ].join('\n'),
      );
    });
  });

  describe('wrapWords', () => {
    it('returns lines within the width, keeping a longer word whole', () => {
      expect(wrapWords('aa bb cc averyveryverylongword dd', 8)).toEqual([
        'aa bb cc',
        'averyveryverylongword',
        'dd',
      ]);
    });
  });

  describe('outputWidth', () => {
    it.each([
      [false, 120, 120],
      [false, 40, 60],
      [false, undefined, 100],
      [true, 80, Number.POSITIVE_INFINITY],
    ])('returns for wide=%s and %s terminal columns: %s', (wide, columns, expected) => {
      expect(outputWidth(wide, columns)).toBe(expected);
    });
  });

  describe('commands read at a glance', () => {
    it.each([
      [['plan', '--ledger', demo, '--as-of', '2026-11-23']],
      [['handover', '--ledger', demo, '--as-of', '2026-11-23', '--list']],
    ])('%j fits 100 columns, and --wide keeps one line per row', async (argv) => {
      const narrow = await run(...argv);
      const wide = await run(...argv, '--wide');
      expect(narrow.code).toBe(0);
      expect(widest(narrow.lines)).toBeLessThanOrEqual(100);
      expect(narrow.lines.some((l) => l.startsWith('    Why: '))).toBe(true);
      expect(widest(wide.lines)).toBeGreaterThan(100);
      expect(wide.lines.some((l) => l.startsWith('    Why: '))).toBe(false);
    });
  });
});
