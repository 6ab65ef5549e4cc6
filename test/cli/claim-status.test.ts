// `duebook claim-status` and `duebook import-277`, end to end on a copy of the demo ledger: from
// "claims with no answer" to 276 files, back from the 277 to updated Claims rows and the worklist.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { describeStatus } from '../../core/claims/status-codes.js';
import { allReports, parseClaimStatus } from '../../core/x12/parse-277.js';
import { writeClaimStatus } from '../../core/x12/write-claim-status.js';
import { captureOutput } from '../support/cli-output.js';

const root = new URL('../../', import.meta.url).pathname;

function run(...args: string[]) {
  return captureOutput(main, args);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duebook-claim-status-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli claim-status', () => {
  describe('README commands', () => {
    it("builds the demo ledger's 276 files (README: duebook claim-status)", async () => {
      const out = join(dir, 'readme-276');
      const r = await run(
        'claim-status',
        ...['--ledger', join(root, 'examples/demo-ledger'), '--as-of', '2026-11-23'],
        ...['--office', join(root, 'examples/demo-office.json'), '--out', out, '--time', '0930'],
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Claim status requests (276) as of 2026-11-23: 2 claims to 2 payers');
      expect((await readdir(out)).sort()).toEqual([
        '276-06102-000000001.x12',
        '276-62308-000000002.x12',
        'claims.csv',
      ]);
    });

    it('reads the demo 277 (README: duebook import-277 FILE and with --ledger)', async () => {
      const file = join(root, 'examples/demo-status-response.277');
      expect(parseClaimStatus(await readFile(file, 'utf8')).warnings).toEqual([]);
      const plain = await run('import-277', file);
      expect(plain.code).toBe(0);
      expect(plain.stderr).toBe('');
      expect(plain.stdout).toContain('A4:35 not found by the payer: claim/encounter not found');
      const posted = await run(
        'import-277',
        file,
        '--ledger',
        join(root, 'examples/demo-ledger'),
        '--as-of',
        '2026-11-24',
      );
      expect(posted.code).toBe(0);
      expect(posted.stdout).toContain('2 claim(s) to update:');
      expect(posted.stdout).toContain('1 status(es) not matched to a claim (record by hand):');
      expect(posted.stdout).toContain('no claim has id CLM-25-0999');
    });
  });

  describe('the whole loop', () => {
    it('goes from claims with no answer to 276 files and back from the 277 to updated Claims rows', async () => {
      // Prepare: a copy of the demo ledger.
      const ledger = join(dir, 'ledger');
      await cp(join(root, 'examples/demo-ledger'), ledger, { recursive: true });
      const asked = join(dir, 'asked');
      const first = await run(
        'claim-status',
        ...['--ledger', ledger, '--as-of', '2026-11-23', '--office', join(root, 'examples/demo-office.json')],
        ...['--out', asked, '--time', '0930', '--json'],
      );
      expect(first.code).toBe(0);
      const plan = JSON.parse(first.stdout) as {
        batches: { fileName: string; claims: { claimId: string; traceNumber: string }[] }[];
      };
      expect(plan.batches.flatMap((b) => b.claims)).toEqual([
        { claimId: 'CLM-26-0071', row: 5, traceNumber: '000000001-1' },
        { claimId: 'CLM-26-0155', row: 9, traceNumber: '000000002-1' },
      ]);
      await cp(join(asked, 'claims.csv'), join(ledger, 'claims.csv'));

      // Asking again the same day sends nothing: both claims were just asked about.
      const again = await run(
        'claim-status',
        ...['--ledger', ledger, '--as-of', '2026-11-23', '--office', join(root, 'examples/demo-office.json')],
      );
      expect(again.stdout).toContain('0 claims to 0 payers');
      expect(again.stdout).toContain('CLM-26-0155 (Cigna, Claims row 9): asked on 2026-11-23 (000000002-1)');

      // The payer answers each 276 with a 277 echoing its trace numbers.
      const answers: string[] = [];
      for (const b of plan.batches) {
        const ic = parseClaimStatus(await readFile(join(asked, b.fileName), 'utf8')).interchanges[0]!;
        for (const t of ic.transactions) {
          t.set = '277';
          for (const r of t.reports) {
            r.statuses = [
              {
                details: [
                  r.patientControlNumber === 'CLM-26-0155'
                    ? describeStatus('A7', '33', 'IL')
                    : describeStatus('P2', '46'),
                ],
                date: '2026-11-25',
              },
            ];
          }
        }
        answers.push(writeClaimStatus(ic, { time: '0800' }));
      }
      const file277 = join(dir, 'answer.277');
      await writeFile(file277, answers.join(''));
      expect(allReports(parseClaimStatus(answers.join('')))).toHaveLength(2);

      const posted = join(dir, 'posted');
      const second = await run(
        'import-277',
        file277,
        '--ledger',
        ledger,
        '--as-of',
        '2026-11-26',
        '--out',
        posted,
      );
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('CLM-26-0155 (Claims row 9, matched by trace number)');
      expect(second.stdout).toContain('0 status(es) not matched to a claim.');
      const csv = await readFile(join(posted, 'claims.csv'), 'utf8');
      expect(csv).toContain(
        'A7:33:IL rejected: information invalid: subscriber and subscriber id not found,2026-11-25,000000002-1,2026-11-23',
      );
      await cp(join(posted, 'claims.csv'), join(ledger, 'claims.csv'));

      // The rejected claim, then the pended one, head the worklist with the payer's reason.
      const worklist = await run('claims', '--ledger', ledger, '--as-of', '2026-11-26', '--json');
      const tasks = (JSON.parse(worklist.stdout) as { tasks: { claimId: string; kind: string }[] }).tasks;
      expect(tasks.slice(0, 2).map((t) => [t.claimId, t.kind])).toEqual([
        ['CLM-26-0155', 'payer-status'],
        ['CLM-26-0071', 'payer-status'],
      ]);

      // Reading the same 277 into a folder that has the file refuses to overwrite it.
      const refused = await run(
        'import-277',
        file277,
        '--ledger',
        ledger,
        '--as-of',
        '2026-11-26',
        '--out',
        posted,
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('already exists');
    });
  });

  describe('errors', () => {
    it('exits 1 on an office file without an NPI, and 2 without --office', async () => {
      const usage = await run(
        'claim-status',
        '--ledger',
        join(root, 'examples/demo-ledger'),
        '--as-of',
        '2026-11-23',
      );
      expect(usage.code).toBe(2);
      const noNpi = await run(
        'claim-status',
        ...['--ledger', join(root, 'examples/demo-ledger'), '--as-of', '2026-11-23'],
        ...['--office', join(root, 'test/fixtures/x12-276-277/stupidedi-5010-chc-crlf.277')],
      );
      expect(noNpi.code).toBe(1);
      expect(noNpi.stderr).toContain('cannot read it as JSON');
    });

    it('exits 1 on a file with no 277 in it, naming why', async () => {
      const r = await run('import-277', join(root, 'examples/demo-remittance.835'));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('no 276 or 277 transaction');
    });
  });
});
