// Tests for cli/suggest.ts and the CLI's "did you mean" on mistyped commands and options, and the
// main help listing every form of every command within 100 columns.
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { editDistance, suggest } from '../../cli/suggest.js';
import { captureOutput } from '../support/cli-output.js';

function run(...argv: string[]) {
  return captureOutput(main, argv);
}

describe('cli/suggest', () => {
  describe('editDistance', () => {
    it.each([
      ['statment', 'statement', 1],
      ['', 'age', 3],
      ['plan', 'plan', 0],
      ['hanodver', 'handover', 2],
    ])('returns the edits from %s to %s: %i', (a, b, d) => {
      expect(editDistance(a, b)).toBe(d);
    });
  });

  describe('suggest', () => {
    it.each([
      ['statment', 'statement'],
      ['hand', 'handover'],
      ['--ledgr', '--ledger'],
      ['--asof', '--as-of'],
      ['xyzzy', undefined],
      ['a', undefined],
    ])('returns %s -> %s', (typed, expected) => {
      expect(suggest(typed, ['statement', 'handover', 'age', 'appeal', '--ledger', '--as-of', '--out'])).toBe(
        expected,
      );
    });
  });

  describe('main', () => {
    it.each([
      [['statment'], 'unknown command "statment" (did you mean "statement"?)'],
      [['help', 'tracng'], 'unknown command "tracng" (did you mean "tracing"?)'],
      [['age', '--ledgr', 'x'], `Unknown option '--ledgr' (did you mean "--ledger"?)`],
      [['report', '--as-off', '2026-11-23'], `Unknown option '--as-off' (did you mean "--as-of"?)`],
    ])('answers %j with a suggestion and exit 2', async (argv, message) => {
      const result = await run(...argv);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
    });

    it('lists every form of every command, handover --customer and tracing --undo included, within 100 columns', async () => {
      const { stdout } = await run('--help');
      expect(stdout).toContain(
        'duebook handover --ledger PATH --as-of YYYY-MM-DD --customer ID --to NAME --out DIR',
      );
      expect(stdout).toContain('--undo CHANGE_ID --out DIR');
      expect(stdout).toContain('duebook report --ledger PATH --as-of YYYY-MM-DD --out FILE.xlsx|FILE.pdf');
      for (const line of stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    });
  });
});
