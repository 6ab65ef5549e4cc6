// Tests for `duebook letters` and `duebook statement --office`: the demo day's letters as one PDF,
// read back: letterhead, the debtor's address inside the #10 window, names as written, per-letter pages.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lettersCommand } from '../../cli/commands/letters.js';
import { statementCommand } from '../../cli/commands/statement.js';
import { EXIT } from '../../cli/io.js';
import { PAGE, WINDOW } from '../../lambdas/documents/pdf.js';
import { drawnText, pageLines } from '../lambdas/documents/pdf-text.js';
import { captureOutput } from '../support/cli-output.js';

const demo = fileURLToPath(new URL('../../examples/demo-ledger', import.meta.url));
const office = fileURLToPath(new URL('../../examples/demo-office-settings.json', import.meta.url));
const AS_OF = '2026-11-23';

function run(command: typeof lettersCommand, ...args: string[]) {
  return captureOutput(command, args);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duebook-letters-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli/commands/letters', () => {
  describe('lettersCommand', () => {
    it("returns 0 and one PDF with a letter per debtor, each under the letterhead with the address in the envelope's window", async () => {
      // Prepare
      const out = join(dir, 'letters.pdf');
      const listed = await run(
        lettersCommand,
        '--ledger',
        demo,
        '--as-of',
        AS_OF,
        '--office',
        office,
        '--json',
      );
      const expected = (JSON.parse(listed.stdout) as { letters: { customerId: string }[] }).letters;
      // Act
      const r = await run(
        lettersCommand,
        '--ledger',
        demo,
        '--as-of',
        AS_OF,
        '--office',
        office,
        '--out',
        out,
      );
      // Assess
      expect(r.code).toBe(EXIT.OK);
      expect(expected.length).toBeGreaterThan(0);
      const bytes = new Uint8Array(await readFile(out));
      const pages = await pageLines(bytes);
      const drawn = await drawnText(bytes);
      const firstPages = pages.flatMap((p, i) =>
        p.some((l) => l.startsWith('Duebook Demo Office')) && p.some((l) => /Page 1 of/.test(l)) ? [i] : [],
      );
      expect(firstPages).toHaveLength(expected.length);
      for (const i of firstPages) {
        // The recipient's lines sit inside the window: 2 in from the top, 1 in from the left.
        const inWindow = drawn[i]!.filter(
          (t) =>
            t.x === WINDOW.left &&
            PAGE.height - t.y >= WINDOW.top &&
            PAGE.height - t.y <= WINDOW.top + WINDOW.height,
        );
        expect(inWindow.length).toBeGreaterThanOrEqual(2);
        expect(pages[i]!.join('\n')).toContain('Sincerely,');
      }
      expect((await PDFDocument.load(bytes)).getPageCount()).toBe(pages.length);
    });

    it("prints a debtor's name as written, under a letterhead with the office's logo", async () => {
      // Prepare: the demo ledger with one name in Vietnamese, and the office's logo.
      const ledger = join(dir, 'ledger');
      await rm(ledger, { recursive: true, force: true });
      const { cp } = await import('node:fs/promises');
      await cp(demo, ledger, { recursive: true });
      const customers = await readFile(join(ledger, 'customers.csv'), 'utf8');
      await writeFile(join(ledger, 'customers.csv'), customers.replace('Carter Electric', 'Nguyễn Văn Điện'));
      const file = join(dir, 'office.json');
      const settings = JSON.parse(await readFile(office, 'utf8')) as Record<string, unknown>;
      await writeFile(
        file,
        JSON.stringify({
          ...settings,
          logoFile: join(fileURLToPath(new URL('../../examples', import.meta.url)), 'demo-office-logo.png'),
        }),
      );
      const out = join(dir, 'named.pdf');
      // Act
      const r = await run(
        lettersCommand,
        '--ledger',
        ledger,
        '--as-of',
        AS_OF,
        '--office',
        file,
        '--out',
        out,
      );
      // Assess
      expect(r.code).toBe(EXIT.OK);
      const text = (await pageLines(new Uint8Array(await readFile(out)))).flat().join('\n');
      expect(text).toContain('Nguyễn Văn Điện');
      expect(text).toContain('Dear Nguyễn Văn Điện,');
    });

    it('returns 1 naming the field for an office file with an unknown placeholder', async () => {
      const file = join(dir, 'bad-office.json');
      await writeFile(
        file,
        JSON.stringify({
          officeName: 'Harbor Dental Group LLC',
          officeAddress: '1 Quay St, Boston, MA 02110',
          templates: {
            'final-demand': { subject: 'x', body: '{{overdue.total}} {{handover.date}} {{pay.url}}' },
          },
        }),
      );
      const r = await run(lettersCommand, '--ledger', demo, '--as-of', AS_OF, '--office', file);
      expect(r.code).toBe(EXIT.FAILED);
      expect(r.stderr).toContain('templates.final-demand.body: unknown placeholder {{pay.url}}');
    });

    it('returns 1 for an office file without a real legal name', async () => {
      const file = join(dir, 'generic-office.json');
      await writeFile(
        file,
        JSON.stringify({ officeName: 'Accounts receivable', officeAddress: '1 Quay St, Boston, MA 02110' }),
      );
      const r = await run(lettersCommand, '--ledger', demo, '--as-of', AS_OF, '--office', file);
      expect(r.code).toBe(EXIT.FAILED);
      expect(r.stderr).toContain('is not a legal name');
    });
  });

  describe('statementCommand --office', () => {
    it('returns 0 and a statement to mail: letterhead, window address, pay-by date, payment instructions, remit-to', async () => {
      const out = join(dir, 'statement.pdf');
      const r = await run(
        statementCommand,
        '--ledger',
        demo,
        '--customer',
        'C-1025',
        '--as-of',
        AS_OF,
        '--office',
        office,
        '--out',
        out,
      );
      expect(r.code).toBe(EXIT.OK);
      const text = (await pageLines(new Uint8Array(await readFile(out)))).flat().join('\n');
      expect(text).toContain('Statement of account');
      expect(text).toContain('Pay by 3 December 2026');
      expect(text).toContain('Send payments and letters to (remit to):');
      expect(text).toContain('Account number: 000123456789');
      expect(text).toMatch(/Total open USD\s+USD 30,595.00/);
    });
  });
});
