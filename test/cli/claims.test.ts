// Tests for `duebook claims`: the claims follow-up worklist of the demo ledger, most urgent first,
// as text and JSON, and how posting the demo remittance changes it.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsCommand } from '../../cli/commands/claims.js';
import { import835Command } from '../../cli/commands/import-835.js';
import { EXIT, UsageError } from '../../cli/io.js';
import { main } from '../../cli/main.js';
import type { ClaimTask } from '../../core/claims/deadlines.js';
import { captureOutput } from '../support/cli-output.js';

const demo = fileURLToPath(new URL('../../examples/demo-ledger', import.meta.url));
const remit = fileURLToPath(new URL('../../examples/demo-remittance.835', import.meta.url));
const AS_OF = '2026-11-23';

function run(command: typeof claimsCommand, ...args: string[]) {
  return captureOutput(command, args);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duebook-claims-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli/commands/claims', () => {
  it('lists the demo claims to chase, most urgent first, with dates, days left and the reason', async () => {
    // Act
    const { code, stdout, stderr } = await run(claimsCommand, '--ledger', demo, '--as-of', AS_OF);
    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(
      'Claims worklist as of 2026-11-23 (deadlines claims/v1): 5 tasks, most urgent first',
    );
    const rows = lines.filter((l) => /^\d \s/.test(l));
    expect(rows.map((r) => r.split(/\s{2,}/).slice(0, 3))).toEqual([
      ['1', 'file claim soon', 'CLM-26-0162'],
      ['2', 'appeal due soon', 'CLM-26-0098'],
      ['3', 'no remittance', 'CLM-26-0155'],
      ['4', 'follow up', 'CLM-26-0071'],
      ['5', 'appeal deadline passed', 'CLM-26-0034'],
    ]);
    expect(rows[1]).toMatch(
      /C-1019 Kevin Sullivan\s+National Government Services\s+2026-12-04\s+11\s+USD 320\.00\s+USD 0\.00/,
    );
    expect(rows[2]).toMatch(/2026-11-05\s+-18\s+USD 410\.00\s+-$/);
    expect(stdout).toContain(
      '2. CLM-26-0098: Appeal the National Government Services denial (medical necessity: CO-50) by 2026-12-04: 11 days left.',
    );
    expect(stdout).toContain(
      '5. CLM-26-0034: The appeal deadline for the UnitedHealthcare denial (authorization: CO-197) passed on 2026-11-08, 15 days ago.',
    );
  });

  it('prints the tasks as JSON', async () => {
    // Act
    const { code, stdout } = await run(claimsCommand, '--ledger', demo, '--as-of', AS_OF, '--json');
    // Assess
    expect(code).toBe(EXIT.OK);
    const out = JSON.parse(stdout) as { asOf: string; policyVersion: string; tasks: ClaimTask[] };
    expect(out.asOf).toBe(AS_OF);
    expect(out.policyVersion).toBe('claims/v1');
    expect(out.tasks.map((t) => [t.claimId, t.kind, t.date, t.daysLeft])).toEqual([
      ['CLM-26-0162', 'filing-deadline-soon', '2026-11-26', 3],
      ['CLM-26-0098', 'appeal-deadline-soon', '2026-12-04', 11],
      ['CLM-26-0155', 'no-remittance', '2026-11-05', -18],
      ['CLM-26-0071', 'follow-up-due', '2026-11-16', -7],
      ['CLM-26-0034', 'appeal-deadline-passed', '2026-11-08', -15],
    ]);
    expect(out.tasks[0]!.explanation.rule).toBe('claims/filing-deadline-soon');
  });

  it('drops the claims the demo remittance settles once its posting is copied over the ledger', async () => {
    // Prepare
    const ledger = join(dir, 'ledger');
    await cp(demo, ledger, { recursive: true });
    const out = join(dir, 'posted');
    await run(import835Command, remit, '--ledger', ledger, '--as-of', AS_OF, '--out', out);
    await cp(join(out, 'claims.csv'), join(ledger, 'claims.csv'));
    await cp(join(out, 'invoices.csv'), join(ledger, 'invoices.csv'));
    // Act
    const { stdout } = await run(claimsCommand, '--ledger', ledger, '--as-of', AS_OF, '--json');
    // Assess: CLM-26-0155 is answered (its denial may be appealed until 2027-05-19), CLM-26-0071 paid
    expect((JSON.parse(stdout) as { tasks: ClaimTask[] }).tasks.map((t) => t.claimId)).toEqual([
      'CLM-26-0162',
      'CLM-26-0098',
      'CLM-26-0034',
    ]);
  });

  it('says so when nothing is to chase', async () => {
    // Act
    const { stdout } = await run(claimsCommand, '--ledger', demo, '--as-of', '2026-01-01');
    // Assess
    expect(stdout).toBe('No claim needs chasing as of 2026-01-01.\n');
  });

  it.each([
    [[], '--ledger PATH is required'],
    [['--ledger', demo], '--as-of YYYY-MM-DD is required'],
    [['--ledger', demo, '--as-of', '23/11/2026'], '--as-of "23/11/2026" is not a date'],
    [['--ledger', demo, '--as-of', AS_OF, '--bogus'], "Unknown option '--bogus'"],
  ])('throws a usage error for %j', async (args, message) => {
    // Act / Assess
    await expect(run(claimsCommand, ...args)).rejects.toThrow(UsageError);
    await expect(run(claimsCommand, ...args)).rejects.toThrow(message);
  });

  it('is registered in main with its help', async () => {
    // Act
    let stdout = '';
    const code = await main(['help'], {
      out: (t) => {
        stdout += t;
      },
      err: () => {},
    });
    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain('  duebook claims --ledger PATH --as-of YYYY-MM-DD [--json]');
    expect(stdout).toContain('  duebook purge --ledger PATH --as-of YYYY-MM-DD [--retention-days N]');
    expect(stdout).toContain('  duebook statement --ledger PATH --customer ID --as-of YYYY-MM-DD');
  });
});
