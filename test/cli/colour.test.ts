// Tests for the CLI's colours: wanted only on a terminal (NO_COLOR, TERM=dumb and FORCE_COLOR
// respected), invisible to the table's widths, and never changing the text.
import { describe, expect, it } from 'vitest';
import { formatPlan } from '../../cli/main.js';
import { readLedger } from '../../cli/read-ledger.js';
import { colourWanted, displayWidth } from '../../cli/table.js';
import { planCollections } from '../../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../../core/collections/dunning-policy.js';
import { buildBook } from '../../core/ledger/book.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';

const ESC = String.fromCharCode(27);
const SGR = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

describe('cli/table', () => {
  describe('colourWanted', () => {
    it.each([
      [{}, true, true],
      [{}, false, false],
      [{ NO_COLOR: '' }, true, false],
      [{ TERM: 'dumb' }, true, false],
      [{ FORCE_COLOR: '1' }, false, true],
      [{ FORCE_COLOR: '0' }, true, false],
      [{ FORCE_COLOR: '0' }, false, false],
    ])('returns for env %j on a terminal=%s: %s', (env, tty, wanted) => {
      expect(colourWanted(env as NodeJS.ProcessEnv, tty)).toBe(wanted);
    });
  });

  describe('displayWidth', () => {
    it('returns the width of coloured text as if it had no colour', () => {
      expect(displayWidth('\x1b[36mreminder-60\x1b[0m')).toBe('reminder-60'.length);
      expect(displayWidth('\x1b[31m東京\x1b[0m')).toBe(4);
    });
  });
});

describe('cli/main', () => {
  describe('formatPlan', () => {
    it('returns the same text with colour as without, the stages and block rules coloured', async () => {
      // Prepare
      const { ledger } = parseLedger((await readLedger('examples/demo-ledger')).rows);
      const plan = planCollections({
        ledger,
        book: buildBook(ledger, '2026-11-23'),
        policy: DEFAULT_POLICY,
        asOf: '2026-11-23',
        now: Date.parse('2026-11-23T14:00:00Z'),
        defaultTimeZone: 'America/New_York',
      });
      // Act
      const plain = formatPlan(plan, '2026-11-23 09:00 America/New_York', 100, false);
      const coloured = formatPlan(plan, '2026-11-23 09:00 America/New_York', 100, true);
      // Assess
      expect(plain).not.toMatch(SGR);
      expect(coloured.replace(SGR, '')).toBe(plain);
      expect(coloured).toContain('\x1b[36mreminder-60\x1b[0m');
      expect(coloured).toMatch(new RegExp(`${ESC}\\[31m[a-z-]+/[a-z-]+`));
    });
  });
});
