// Tests for fee and interest rows the law or the contract does not allow, met by `duebook validate` and `duebook plan`: reported by tab, row and column, and never charged.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, main } from '../../cli/main.js';
import type { CollectionPlan } from '../../core/collections/collection-plan.js';
import { captureOutput } from '../support/cli-output.js';

function run(...argv: string[]) {
  return captureOutput(main, argv);
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duebook-charges-'));
  const files: Record<string, string[]> = {
    'customers.csv': [
      'Customer ID,Name,Email,Address,Time Zone,Fees Agreed',
      'C1,Dana Debtor,dana@example.com,"1 Main St, Madison, WI 53703",America/Chicago,yes',
      'C2,Eli Debtor,eli@example.com,"2 Main St, Austin, TX 78701",America/Chicago,',
      'C3,Fay Debtor,fay@example.com,"3 Main St, Los Angeles, CA 90012",America/Los_Angeles,yes',
    ],
    'invoices.csv': [
      'Invoice ID,Customer ID,Invoice Date,Due Date,Amount,Currency',
      'I1,C1,2026-08-01,2026-09-01,400.00,USD',
      'I2,C2,2026-08-01,2026-09-01,400.00,USD',
      'I3,C3,2026-08-01,2026-09-01,400.00,USD',
    ],
    'adjustments.csv': [
      'Adjustment ID,Customer ID,Date,Type,Amount,Currency,Invoice ID',
      'LF-1,C1,2026-10-01,late-fee,10.00,USD,I1',
      'LF-2,C1,2026-10-02,late-fee,25.00,USD,I1',
      'LF-3,C2,2026-10-01,late-fee,5.00,USD,I2',
      'INT-1,C3,2026-11-01,interest,99.90,USD,I3',
    ],
  };
  for (const [name, lines] of Object.entries(files))
    await writeFile(join(dir, name), `${lines.join('\n')}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli/main', () => {
  describe('validate (charges)', () => {
    it('returns 1 and names each refused fee or interest row with its tab, row, column and reason', async () => {
      // Act
      const { code, stdout } = await run('validate', '--ledger', dir);
      // Assess
      expect(code).toBe(EXIT.FAILED);
      const lines = stdout.split('\n');
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^Adjustments row 3, Amount: not charged \(fee\/above-state-cap\): LF-2: a late fee of USD 25\.00 on I1 is above the WI limit of USD 10\.00 \(Wis\. Stat\. § 422\.203/,
        ),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(/^Adjustments row 4, Type: not charged \(fees\/not-agreed\): LF-3: /),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^Adjustments row 5, Amount: not charged \(interest\/above-ceiling\): INT-1: .*at most USD 6\.68 at 10\.00% a year/,
        ),
      );
      expect(stdout).not.toMatch(/LF-1/);
      expect(stdout).toMatch(/valid rows: .*Adjustments 1,/);
    });

    it('returns the refusals in --json with the code CHARGE.REFUSED', async () => {
      const { stdout } = await run('validate', '--ledger', dir, '--json');
      const { problems } = JSON.parse(stdout) as { problems: { code: string; row: number }[] };
      expect(problems.filter((p) => p.code === 'CHARGE.REFUSED').map((p) => p.row)).toEqual([3, 4, 5]);
    });
  });

  describe('plan (charges)', () => {
    it('returns amounts without the refused rows and reports them on stderr', async () => {
      // Act
      const { code, stdout, stderr } = await run('plan', '--ledger', dir, '--as-of', '2026-11-23', '--json');
      // Assess
      expect(code).toBe(EXIT.OK);
      expect(stderr).toMatch(/Adjustments row 3, Amount: not charged \(fee\/above-state-cap\)/);
      const plan = JSON.parse(stdout) as CollectionPlan;
      const owed = (id: string) =>
        [...plan.actions, ...plan.blocked]
          .filter((a) => a.customerId === id)
          .flatMap((a) => ('amounts' in a ? a.amounts : []))
          .map((m) => m.overdueMinor);
      // C1 owes the invoice and the lawful USD 10 fee, not the refused USD 25; C2 and C3 the invoice only.
      expect(new Set(owed('C1'))).toEqual(new Set([41_000]));
      expect(new Set(owed('C2'))).toEqual(new Set([40_000]));
      expect(new Set(owed('C3'))).toEqual(new Set([40_000]));
    });

    it('returns 1 with --strict, charging nothing', async () => {
      const { code, stderr } = await run('plan', '--ledger', dir, '--as-of', '2026-11-23', '--strict');
      expect(code).toBe(EXIT.FAILED);
      expect(stderr).toMatch(/nothing done because of --strict/);
    });
  });
});
