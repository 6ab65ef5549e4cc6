// Tests for `duebook statement`: a demo client's statement by matter as text, JSON, a text file and
// a reproducible PDF.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementCommand } from '../../cli/commands/statement.js';
import { EXIT, UsageError } from '../../cli/io.js';
import type { ClientStatement } from '../../core/collections/client-statement.js';
import { drawnText } from '../lambdas/documents/pdf-text.js';
import { captureOutput } from '../support/cli-output.js';

const demo = fileURLToPath(new URL('../../examples/demo-ledger', import.meta.url));
const AS_OF = '2026-11-23';
const CLIENT = ['--ledger', demo, '--customer', 'C-1025', '--as-of', AS_OF];

function run(...args: string[]) {
  return captureOutput(statementCommand, args);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duebook-statement-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli/commands/statement', () => {
  it('warns on stderr when the customer is in bankruptcy, and prints the office identity when given', async () => {
    const r = await run(
      '--ledger',
      demo,
      '--customer',
      'C-1007',
      '--as-of',
      AS_OF,
      '--office-name',
      'Demo Office LLC',
      '--office-address',
      '1 Main St, Chicago, IL 60601',
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('C-1007 is flagged bankruptcy');
    expect(r.stdout.startsWith('Demo Office LLC\n1 Main St, Chicago, IL 60601\n')).toBe(true);
  });

  it('refuses a department name for the office', async () => {
    await expect(
      run(...CLIENT, '--office-name', 'Accounts receivable', '--office-address', '1 Main St'),
    ).rejects.toThrow(/not a legal name/);
  });

  it('prints the open items by matter with subtotals, total and aging', async () => {
    // Act
    const { code, stdout, stderr } = await run(...CLIENT);
    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stderr).toBe('');
    expect(stdout).toContain('Statement of open matters for Calloway Property Holdings LLC (C-1025)');
    expect(stdout).toMatch(
      /Matter 2026-014 Lease renewal, 400 Park Ave\n\n.*\n.*\nINV-260032\s+2026-07-31\s+2026-08-30\s+85\s+8,875\.00\s+8,875\.00/,
    );
    expect(stdout).toContain('Subtotal Matter 2026-022 Zoning appeal: USD 21,720.00');
    expect(stdout).toContain('Total open:  USD 30,595.00');
  });

  it('prints the statement as JSON in minor units whose matters add up to the balance', async () => {
    // Act
    const { stdout } = await run(...CLIENT, '--json');
    // Assess
    const s = JSON.parse(stdout) as ClientStatement;
    expect(s.currencies.map((c) => [c.currency, c.balanceMinor])).toEqual([['USD', 3_059_500]]);
    const c = s.currencies[0]!;
    expect(c.matters.map((m) => [m.matter, m.subtotalMinor])).toEqual([
      ['2026-014 Lease renewal, 400 Park Ave', 887_500],
      ['2026-022 Zoning appeal', 2_172_000],
    ]);
    expect(c.matters.reduce((sum, m) => sum + m.subtotalMinor, 0) - c.unappliedCreditMinor).toBe(
      c.balanceMinor,
    );
  });

  it('writes a PDF dated --as-of, the same bytes each time, and refuses to overwrite it', async () => {
    // Act
    const a = join(dir, 'a.pdf');
    const b = join(dir, 'b.pdf');
    const first = await run(...CLIENT, '--out', a);
    await run(...CLIENT, '--out', b);
    const again = await run(...CLIENT, '--out', a);
    // Assess
    expect(first).toEqual({
      code: EXIT.OK,
      stdout: `Wrote ${a} (statement of C-1025 as of ${AS_OF})\n`,
      stderr: '',
    });
    const bytes = await readFile(a);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.equals(await readFile(b))).toBe(true);
    expect(again.code).toBe(EXIT.FAILED);
    expect(again.stderr).toBe(
      `duebook: ${a} already exists; nothing written (choose another --out, or move the file away first)\n`,
    );
  });

  it('prints the office header (legal name, address) at the top of the PDF, as the text statement has it', async () => {
    // Prepare
    const office = ['--office-name', 'Demo Office LLC', '--office-address', '1 Main St, Chicago, IL 60601'];
    const path = join(dir, 'with-office.pdf');
    // Act
    const text = await run(...CLIENT, ...office);
    const pdf = await run(...CLIENT, ...office, '--out', path);
    // Assess
    expect(pdf.code).toBe(EXIT.OK);
    expect(text.stdout.startsWith('Demo Office LLC\n1 Main St, Chicago, IL 60601\n\n')).toBe(true);
    const drawn = (await drawnText(await readFile(path)))[0]!.map((d) => d.text);
    expect(drawn.slice(0, 2)).toEqual(['Demo Office LLC', '1 Main St, Chicago, IL 60601']);
    expect(drawn[2]).toMatch(/^Statement of open matters for /);
  });

  it('writes the text to a .txt file', async () => {
    // Prepare
    const path = join(dir, 'statement.txt');
    const printed = await run(...CLIENT);
    // Act
    await run(...CLIENT, '--out', path);
    // Assess
    expect(await readFile(path, 'utf8')).toBe(printed.stdout);
  });

  it('exits 1 for a customer that is not in the ledger', async () => {
    // Act
    const { code, stdout, stderr } = await run('--ledger', demo, '--customer', 'C-9999', '--as-of', AS_OF);
    // Assess
    expect(code).toBe(EXIT.FAILED);
    expect(stdout).toBe('');
    expect(stderr).toBe('duebook: no customer "C-9999" among the valid rows of the Customers tab\n');
  });

  it.each([
    [['--ledger', demo, '--as-of', AS_OF], '--customer ID is required'],
    [['--customer', 'C-1025', '--as-of', AS_OF], '--ledger PATH is required'],
    [['--ledger', demo, '--customer', 'C-1025'], '--as-of YYYY-MM-DD is required'],
    [[...CLIENT, '--out', 'x.html'], '--out "x.html" must end in .pdf or .txt'],
    [[...CLIENT, '--out', 'x.pdf', '--json'], 'give --out or --json, not both'],
  ])('throws a usage error for %j', async (args, message) => {
    // Act / Assess
    await expect(run(...args)).rejects.toThrow(UsageError);
    await expect(run(...args)).rejects.toThrow(message);
  });
});
