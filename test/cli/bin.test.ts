// Tests for the `duebook` bin run as a child process, the way `npx duebook` runs it.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { AgingReport } from '../../core/ledger/aging.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const execFileAsync = promisify(execFile);

/** Runs `node bin/duebook.js ...args` from the package root; never throws on a non-zero exit. */
async function duebook(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['bin/duebook.js', ...args], {
      cwd: root,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('bin/duebook.js', () => {
  it('runs the prebuilt CLI while it is current, and the TypeScript sources once a source is newer', async () => {
    // Prepare: a package laid out like this one, whose built and source CLIs say which they are.
    const pkg = mkdtempSync(join(tmpdir(), 'duebook-bin-'));
    mkdirSync(join(pkg, 'bin'));
    mkdirSync(join(pkg, 'cli'));
    mkdirSync(join(pkg, 'dist', 'cli'), { recursive: true });
    copyFileSync(join(root, 'bin', 'duebook.js'), join(pkg, 'bin', 'duebook.js'));
    writeFileSync(join(pkg, 'package.json'), '{"type":"module"}');
    symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'));
    const says = (what: string) => `export async function main() { console.log('${what}'); return 0; }\n`;
    writeFileSync(join(pkg, 'cli', 'main.ts'), says('sources'));
    writeFileSync(join(pkg, 'dist', 'cli', 'main.js'), says('built'));
    const builtAt = Date.now();
    writeFileSync(
      join(pkg, 'dist', 'cli', 'inputs.json'),
      JSON.stringify({ builtAt, inputs: ['cli/main.ts'] }),
    );
    const old = new Date(builtAt - 60_000);
    utimesSync(join(pkg, 'cli', 'main.ts'), old, old);
    const run = async () =>
      (await execFileAsync(process.execPath, ['bin/duebook.js', '--version'], { cwd: pkg })).stdout.trim();
    // Act and assess
    expect(await run()).toBe('built');
    const later = new Date(builtAt + 60_000);
    utimesSync(join(pkg, 'cli', 'main.ts'), later, later);
    expect(await run()).toBe('sources');
  });

  it('prints the help and exits 0', async () => {
    const result = await duebook('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage:\n  duebook validate --ledger PATH [--json]');
    expect(result.stderr).toBe('');
  });

  it('exits 2 on a usage error, with the message on stderr', async () => {
    const result = await duebook('age', '--ledger', 'examples/demo-ledger', '--as-of', '23/11/2026');
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'duebook: --as-of "23/11/2026" is not a date (use YYYY-MM-DD)\nRun "duebook age --help" for usage.\n',
    });
  });

  it('exits 1 and lists the problems of the bad ledger', async () => {
    const result = await duebook('validate', '--ledger', 'examples/bad-ledger');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'Invoices row 3, Invoice Date: "2026-10-32" is not a date (use YYYY-MM-DD)\n',
    );
  });

  it('prints the aging report of the demo workbook as JSON and exits 0', async () => {
    const result = await duebook(
      'age',
      '--ledger',
      'examples/demo-ledger.xlsx',
      '--as-of',
      '2026-11-23',
      '--json',
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as AgingReport;
    expect(report.totals.map((t) => t.currency)).toEqual(['EUR', 'GBP', 'JPY', 'USD']);
  });
});
