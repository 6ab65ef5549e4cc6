// Tests for `duebook import-835` called as a function with a capturing io: JSON shape, the text
// summary, warnings on stderr and exit codes.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { import835Command } from '../../cli/commands/import-835.js';
import { EXIT, UsageError } from '../../cli/io.js';
import { captureOutput } from '../support/cli-output.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/x12-835/${name}`, import.meta.url));

function run(...args: string[]) {
  return captureOutput(import835Command, args);
}

interface JsonOutput {
  file: string;
  interchanges: {
    controlNumber: string;
    transactions: {
      controlNumber: string;
      payment: { amountMinor: number };
      claims: {
        patientControlNumber: string;
        status: string;
        paidMinor: number;
        patientResponsibilityMinor: number;
        adjustments: { group: string; reason: string; amountMinor: number }[];
        serviceLines: { adjustments: { group: string; reason: string; amountMinor: number }[] }[];
      }[];
      providerAdjustments: { reason: string; amountMinor: number }[];
      reconciliation: { balanced: boolean; differenceMinor: number };
    }[];
  }[];
  warnings: { code: string; segment: number; message: string }[];
}

describe('cli/commands/import-835', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'duebook-835-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('import835Command --json', () => {
    it('prints claims with status, paid and patient responsibility in cents, adjustments and the reconciliation', async () => {
      // Act
      const { code, stdout, stderr } = await run(fixture('uhc-5010-single-line.835'), '--json');
      // Assess
      expect(code).toBe(EXIT.OK);
      expect(stderr).toBe('');
      const out = JSON.parse(stdout) as JsonOutput;
      const t = out.interchanges[0]!.transactions[0]!;
      expect(t.payment.amountMinor).toBe(34_999);
      expect(
        t.claims.map((c) => [c.patientControlNumber, c.status, c.paidMinor, c.patientResponsibilityMinor]),
      ).toEqual([
        ['001-18573-358', 'processed-primary', 8892, 10_526],
        ['001-18604-358', 'processed-primary', 26_107, 11_513],
      ]);
      expect(t.claims[0]!.serviceLines[1]!.adjustments).toMatchObject([
        { group: 'PR', reason: '1', amountMinor: 10_526 },
        { group: 'CO', reason: '45', amountMinor: 7960 },
      ]);
      expect(t.reconciliation).toMatchObject({ balanced: true, differenceMinor: 0 });
      expect(out.warnings).toEqual([]);
    });

    it('prints provider adjustments, warnings in the JSON and on stderr, and an unbalanced transaction', async () => {
      // Act
      const { code, stdout, stderr } = await run('--json', fixture('tigershark-4010-pipe-multi-st.835'));
      // Assess
      expect(code).toBe(EXIT.OK);
      const out = JSON.parse(stdout) as JsonOutput;
      expect(out.interchanges[0]!.transactions.map((t) => t.reconciliation.differenceMinor)).toEqual([
        1_214_565, 0,
      ]);
      expect(out.warnings.map((w) => [w.code, w.segment])).toEqual([
        ['X12.TERMINATOR_AFTER_LINE_BREAK', 1],
        ['X12.SE_COUNT', 31],
        ['X12.SE_COUNT', 61],
        ['X12.GE_COUNT', 62],
      ]);
      expect(stderr).toContain('warning: segment 62 (GE), GE01 says 1 transaction but there are 2');
    });

    it('prints every PLB of the Nevada file', async () => {
      // Act
      const { stdout } = await run(fixture('nevada-medicaid-5010-multi-st.835'), '--json');
      // Assess
      const t = (JSON.parse(stdout) as JsonOutput).interchanges[0]!.transactions[2]!;
      expect(t.providerAdjustments.map((p) => p.amountMinor)).toEqual([
        -109_246, -71_981, -18_155, 18_155, -13_000, 13_000,
      ]);
      expect(t.reconciliation.balanced).toBe(true);
    });
  });

  describe('import835Command (summary)', () => {
    it('prints a table per transaction with statuses, amounts, adjustments and the balance', async () => {
      // Act
      const { code, stdout } = await run(fixture('oopfactory-4010-grip-elements.835'));
      // Assess
      expect(code).toBe(EXIT.OK);
      expect(stdout).toContain('Transaction 07504123 (004010X091A1) from ASHTABULA COUNTY ADAMH BD');
      expect(stdout).toContain('Payment 5.75 credit by NON on 2004-03-15');
      expect(stdout).toMatch(
        /777777\s+BIRD, TWEETY M\s+other \(25\)\s+136\.90\s+0\.00\s+0\.00\s+1\s+PI-104 136\.72, CO-42 0\.18/,
      );
      expect(stdout).toMatch(/123456\s+SIMPSON, HOMER\s+reversed\s+-42\.58\s+-42\.58/);
      expect(stdout).toMatch(/123456\s+1996-09-30\s+CV\s+9876514\s+-1\.27/);
      expect(stdout).toContain(
        'Does not balance: payment 5.75, claims paid 5.75 - provider adjustments -1.27 = 7.02; off by -1.27',
      );
    });

    it('lists the claim whose line has no procedure code under needs review and still shows it', async () => {
      // Act
      const { code, stdout, stderr } = await run(fixture('lfh-5010-tertiary-payment.835'));
      // Assess
      expect(code).toBe(EXIT.OK);
      expect(stderr).toMatch(/^warning: segment 4 \(BPR\), BPR15 holds "20050412", a date one element early/);
      expect(stdout).toMatch(/0001000054\s+ISLAND, ELLIS E\s+processed-tertiary\s+1,766\.50\s+187\.50/);
      expect(stdout).toContain('Balances: payment 187.50');
      expect(stdout).toContain('Needs review, not posted: 1 claim holding 187.50');
      expect(stdout).toMatch(
        /0001\s+claim 0001000054\s+20 \(SVC\)\s+187\.50\s+SVC01 "HC" has no procedure code/,
      );
    });

    it('reads a file with a damaged claim, lists it under needs review and sums the money in it', async () => {
      // Prepare
      const text = await readFile(fixture('lfh-5010-medicare-part-a.835'), 'utf8');
      const path = join(dir, 'damaged.835');
      await writeFile(path, text.replace('CAS*CO*45*3019.67~', 'CAS*CO*45*30x9.67~'));
      // Act
      const { code, stdout } = await run(path);
      // Assess
      expect(code).toBe(EXIT.OK);
      expect(stdout).toContain('Needs review, not posted: 1 claim holding 11,980.33');
      expect(stdout).toMatch(
        /1234\s+claim 777777\s+25 \(CAS\)\s+11,980\.33\s+CAS03 "30x9\.67" is not an amount/,
      );
    });

    it('gives the needs-review list and its summary in --json', async () => {
      // Act
      const { code, stdout } = await run(fixture('lfh-5010-managed-care-bad-date.835'), '--json');
      // Assess
      expect(code).toBe(EXIT.OK);
      const out = JSON.parse(stdout) as {
        review: {
          items: { scope: string; amountMinor: number; flags: { element: string }[] }[];
          summary: object;
        };
      };
      expect(out.review.items.map((i) => [i.scope, i.amountMinor, i.flags[0]!.element])).toEqual([
        ['payment', 94_500, 'BPR16'],
      ]);
      expect(out.review.summary).toEqual({ claims: 0, payments: 1, amountMinor: 94_500, unknownAmounts: 0 });
    });
  });

  describe('import835Command (failures)', () => {
    it('exits 1 naming the segment when the envelope is malformed', async () => {
      // Prepare
      const text = await readFile(fixture('lfh-5010-medicare-part-a.835'), 'utf8');
      const path = join(dir, 'bad.835');
      await writeFile(path, text.replace('ST*835*1234', 'ST*837*1234'));
      // Act
      const { code, stdout, stderr } = await run(path, '--json');
      // Assess
      expect(code).toBe(EXIT.FAILED);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        `duebook: ${path} is not a readable 835: segment 3 (ST), ST01 "837" is not 835: this is not a remittance\n`,
      );
    });

    it('exits 1 when the file cannot be read', async () => {
      // Act
      const { code, stderr } = await run(join(dir, 'missing.835'));
      // Assess
      expect(code).toBe(EXIT.FAILED);
      expect(stderr).toContain(`duebook: cannot read ${join(dir, 'missing.835')}`);
    });

    it.each([
      [[], 'FILE is required'],
      [['a.835', 'b.835'], 'expected one FILE, also got "b.835"'],
      [['a.835', '--bogus'], "Unknown option '--bogus'"],
    ])('throws a usage error for %j', async (args, message) => {
      // Act / Assess
      await expect(run(...args)).rejects.toThrow(UsageError);
      await expect(run(...args)).rejects.toThrow(message);
    });
  });
});
