// Tests for `duebook import-835 FILE --ledger PATH --as-of DATE [--out DIR]`: the posting plan a
// billing clerk reads, the whole Claims and Invoices tabs it writes, and that posting the same file
// again against the written tabs changes nothing.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { import835Command } from '../../cli/commands/import-835.js';
import { EXIT, UsageError } from '../../cli/io.js';
import { parseCsv } from '../../cli/read-ledger.js';
import type { PostingPlan } from '../../core/claims/remittance-posting.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';
import { captureOutput } from '../support/cli-output.js';

const demo = fileURLToPath(new URL('../../examples/demo-ledger', import.meta.url));
const demoXlsx = fileURLToPath(new URL('../../examples/demo-ledger.xlsx', import.meta.url));
const remit = fileURLToPath(new URL('../../examples/demo-remittance.835', import.meta.url));
const AS_OF = '2026-11-23';

function run(...args: string[]) {
  return captureOutput(import835Command, args);
}

interface PostingJson {
  file: string;
  asOf: string;
  plan: PostingPlan;
  reconciliation: { controlNumber: string; balanced: boolean }[];
  written: string[];
}

let dir: string;
let n = 0;
/** A fresh copy of the demo ledger folder. */
async function ledgerCopy(): Promise<string> {
  const to = join(dir, `ledger-${++n}`);
  await cp(demo, to, { recursive: true });
  return to;
}

async function csvRows(path: string): Promise<string[][]> {
  return parseCsv(await readFile(path, 'utf8'));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duebook-post-835-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli/commands/import-835 --ledger', () => {
  it('prints each claim old -> new with the explanation, new invoices, denials and unmatched claims', async () => {
    // Act
    const { code, stdout } = await run(remit, '--ledger', demo, '--as-of', AS_OF);
    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain(`Posting ${remit} to ${demo} as of ${AS_OF} (deadlines claims/v1)`);
    expect(stdout).toContain(
      'Transaction 0001 from Cigna: 2 claims, payment 275.00 (trace CIG20261120001), balances',
    );
    expect(stdout).toContain('2 claims to update:');
    expect(stdout).toContain(
      '  CLM-26-0155 (patient C-1008, Cigna, Claims row 9): status pending -> partly-paid; paid - -> 180.00; ' +
        'patient share - -> 30.00; allowed - -> 210.00; appeal by - -> 2027-05-19; codes CO-45, PR-2, CO-197',
    );
    expect(stdout).toContain(
      '    Cigna paid $180.00 of $410.00 billed, wrote down $40.00, denied $160.00 (authorization: CO-197), ' +
        'appeal by 2027-05-19, patient owes $30.00 on 2026-11-20 (trace CIG20261120001).',
    );
    expect(stdout).toContain(
      'status appealed -> paid; paid 0.00 -> 94.72; patient share 0.00 -> 23.68; allowed 0.00 -> 118.40; appeal submitted -> won',
    );
    expect(stdout).toMatch(
      /create\s+CLM-26-0155-PR\s+C-1008\s+CLM-26-0155\s+30\.00\s+open\s+2026-12-23\s+Bill/,
    );
    expect(stdout).toMatch(/create\s+CLM-26-0071-PR\s+C-1019\s+CLM-26-0071\s+23\.68\s+open\s+2026-12-23/);
    expect(stdout).toMatch(
      /CLM-26-0155\s+C-1008\s+Cigna\s+authorization\s+CO-197\s+160\.00\s+2026-11-20\s+2027-05-19/,
    );
    expect(stdout).toContain('1 remitted claim not posted (post by hand):');
    expect(stdout).toMatch(
      /0001\s+17\s+CLM-26-0999\s+MORGAN, ALEX\s+1\s+120\.00\s+95\.00\s+no claim has Claim ID CLM-26-0999/,
    );
    expect(stdout).toContain('Nothing written: give --out DIR');
  });

  it('prints the plan as JSON with amounts in cents', async () => {
    // Act
    const { code, stdout } = await run(remit, '--json', '--ledger', demo, '--as-of', AS_OF);
    // Assess
    expect(code).toBe(EXIT.OK);
    const out = JSON.parse(stdout) as PostingJson;
    expect(out.asOf).toBe(AS_OF);
    expect(out.plan.claimUpdates.map((u) => [u.claimId, u.after.paidMinor, u.after.status])).toEqual([
      ['CLM-26-0155', 18_000, 'partly-paid'],
      ['CLM-26-0071', 9472, 'paid'],
    ]);
    expect(
      out.plan.invoiceChanges.map((c) => [c.action, c.invoice.invoiceId, c.invoice.amountMinor]),
    ).toEqual([
      ['create', 'CLM-26-0155-PR', 3000],
      ['create', 'CLM-26-0071-PR', 2368],
    ]);
    expect(out.plan.denials.map((d) => [d.claimId, d.category, d.code, d.appealDeadline])).toEqual([
      ['CLM-26-0155', 'authorization', 'CO-197', '2027-05-19'],
    ]);
    expect(out.plan.unmatched.map((u) => u.patientControlNumber)).toEqual(['CLM-26-0999']);
    expect(out.reconciliation.map((r) => r.balanced)).toEqual([true, true]);
    expect(out.written).toEqual([]);
  });

  it('writes whole Claims and Invoices tabs, and posting the same file again against them changes nothing', async () => {
    // Prepare
    const ledger = await ledgerCopy();
    const out1 = join(dir, 'out-first');
    const out2 = join(dir, 'out-second');
    const claimsBefore = await csvRows(join(ledger, 'claims.csv'));
    const invoicesBefore = await csvRows(join(ledger, 'invoices.csv'));
    // Act
    const first = await run(remit, '--ledger', ledger, '--as-of', AS_OF, '--out', out1);
    // Assess: only the two posted claims change; two invoices are appended; the rest is as read
    expect(first.code).toBe(EXIT.OK);
    expect(first.stdout).toContain(
      `Wrote ${join(out1, 'claims.csv')}\nWrote ${join(out1, 'invoices.csv')}\n`,
    );
    expect(first.stdout).toContain(`Copy them over the ones in ${ledger} to record the posting.`);
    const claims = await csvRows(join(out1, 'claims.csv'));
    expect(claims[0]).toEqual(claimsBefore[0]);
    const changedRows = claims.flatMap((r, i) => (r.join('|') === claimsBefore[i]!.join('|') ? [] : [i + 1]));
    expect(changedRows).toEqual([5, 9]);
    const header = claims[0]!;
    const cell = (row: string[], h: string) => row[header.indexOf(h)];
    expect(cell(claims[8]!, 'Paid')).toBe('180.00');
    expect(cell(claims[8]!, 'Status')).toBe('partly-paid');
    expect(cell(claims[8]!, 'Adjustment Codes')).toBe('CO-45, PR-2, CO-197');
    expect(cell(claims[8]!, 'Remittance Refs')).toBe('62308/CIG20261120001/CLM-26-0155/1');
    expect(cell(claims[4]!, 'Appeal Status')).toBe('won');
    expect(cell(claims[4]!, 'Note')).toBe('Redetermination request faxed 2026-09-14 with visit notes');
    const invoices = await csvRows(join(out1, 'invoices.csv'));
    expect(invoices.slice(0, invoicesBefore.length)).toEqual(invoicesBefore);
    expect(invoices.slice(invoicesBefore.length).map((r) => r.slice(0, 7))).toEqual([
      ['CLM-26-0155-PR', 'C-1008', AS_OF, '2026-12-23', '30.00', 'USD', 'open'],
      ['CLM-26-0071-PR', 'C-1019', AS_OF, '2026-12-23', '23.68', 'USD', 'open'],
    ]);
    // The written tabs validate with the ledger's other tabs.
    await cp(join(out1, 'claims.csv'), join(ledger, 'claims.csv'));
    await cp(join(out1, 'invoices.csv'), join(ledger, 'invoices.csv'));
    const customers = await csvRows(join(ledger, 'customers.csv'));
    expect(parseLedger({ Customers: customers, Claims: claims, Invoices: invoices }).problems).toEqual([]);

    // Act: the same file again, a day later, against the updated ledger
    const second = await run(remit, '--json', '--ledger', ledger, '--as-of', '2026-11-24', '--out', out2);
    // Assess
    expect(second.code).toBe(EXIT.OK);
    const plan = (JSON.parse(second.stdout) as PostingJson).plan;
    expect(plan.claimUpdates).toEqual([]);
    expect(plan.invoiceChanges).toEqual([]);
    expect(plan.denials).toEqual([]);
    expect(plan.alreadyPosted.map((a) => a.claimId)).toEqual(['CLM-26-0155', 'CLM-26-0071']);
    expect(plan.unmatched.map((u) => u.patientControlNumber)).toEqual(['CLM-26-0999']);
    expect(await readFile(join(out2, 'claims.csv'), 'utf8')).toBe(
      await readFile(join(out1, 'claims.csv'), 'utf8'),
    );
    expect(await readFile(join(out2, 'invoices.csv'), 'utf8')).toBe(
      await readFile(join(out1, 'invoices.csv'), 'utf8'),
    );
  });

  it('says when nothing changes', async () => {
    // Prepare
    const ledger = await ledgerCopy();
    const out = join(dir, 'out-nothing');
    await run(remit, '--ledger', ledger, '--as-of', AS_OF, '--out', out);
    await cp(join(out, 'claims.csv'), join(ledger, 'claims.csv'));
    await cp(join(out, 'invoices.csv'), join(ledger, 'invoices.csv'));
    // Act
    const { code, stdout } = await run(remit, '--ledger', ledger, '--as-of', AS_OF);
    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain('0 claims to update.');
    expect(stdout).toContain(
      '2 remitted claims already posted, skipped: CLM-26-0155 (62308/CIG20261120001/CLM-26-0155/1), CLM-26-0071',
    );
    expect(stdout).toContain('Nothing changes in the ledger. Nothing written');
  });

  it('adds the Remittance Refs column to a Claims tab without it, so a second posting still counts once', async () => {
    // Prepare
    const ledger = await ledgerCopy();
    const rows = await csvRows(join(ledger, 'claims.csv'));
    const refs = rows[0]!.indexOf('Remittance Refs');
    const without = rows.map((r) => r.filter((_, i) => i !== refs));
    const text = without.map((r) =>
      r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','),
    );
    await writeFile(join(ledger, 'claims.csv'), `${text.join('\n')}\n`);
    const out = join(dir, 'out-no-refs');
    // Act
    await run(remit, '--ledger', ledger, '--as-of', AS_OF, '--out', out);
    await cp(join(out, 'claims.csv'), join(ledger, 'claims.csv'));
    await cp(join(out, 'invoices.csv'), join(ledger, 'invoices.csv'));
    const again = await run(remit, '--json', '--ledger', ledger, '--as-of', AS_OF);
    // Assess
    const written = await csvRows(join(out, 'claims.csv'));
    expect(written[0]!.at(-1)).toBe('Remittance Refs');
    expect(written[1]!.at(-1)).toBe('');
    expect(written[8]!.at(-1)).toBe('62308/CIG20261120001/CLM-26-0155/1');
    expect((JSON.parse(again.stdout) as PostingJson).plan.claimUpdates).toEqual([]);
  });

  it('keeps a Claims row with problems as read and names it on stderr', async () => {
    // Prepare
    const ledger = await ledgerCopy();
    const text = await readFile(join(ledger, 'claims.csv'), 'utf8');
    await writeFile(
      join(ledger, 'claims.csv'),
      text.replace('2026-09-15,,2026-09-17,185.00', '2026-09-15,,2026-09-17,18x'),
    );
    const out = join(dir, 'out-problem');
    // Act
    const { code, stderr } = await run(remit, '--ledger', ledger, '--as-of', AS_OF, '--out', out);
    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stderr).toContain('Claims row 2, Billed:');
    expect(stderr).toContain('note: 1 problem(s) in the ledger; those rows were left out');
    expect((await csvRows(join(out, 'claims.csv')))[1]).toContain('18x');
  });

  it('posts to an .xlsx ledger and writes CSV tabs to paste', async () => {
    // Act
    const out = join(dir, 'out-xlsx');
    const { code, stdout } = await run(remit, '--ledger', demoXlsx, '--as-of', AS_OF, '--out', out);
    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain(`Paste them over the Claims and Invoices sheets of ${demoXlsx}`);
    const claims = await csvRows(join(out, 'claims.csv'));
    const header = claims[0]!;
    const row = claims.find((r) => r[0] === 'CLM-26-0155')!;
    expect(row[header.indexOf('Paid')]).toBe('180.00');
    expect(row[header.indexOf('Service From')]).toBe('2026-10-01');
  });

  it('refuses to overwrite an existing claims.csv or invoices.csv and writes nothing', async () => {
    // Prepare
    const out = join(dir, 'out-exists');
    await run(remit, '--ledger', demo, '--as-of', AS_OF, '--out', join(out, 'a'));
    await cp(join(out, 'a', 'invoices.csv'), join(out, 'invoices.csv'));
    // Act
    const { code, stdout, stderr } = await run(remit, '--ledger', demo, '--as-of', AS_OF, '--out', out);
    // Assess
    expect(code).toBe(EXIT.FAILED);
    expect(stdout).toBe('');
    expect(stderr).toContain(`duebook: ${join(out, 'invoices.csv')} already exists; nothing written`);
    await expect(readFile(join(out, 'claims.csv'))).rejects.toThrow('ENOENT');
  });

  it('keeps reading without a ledger as before', async () => {
    // Act
    const { code, stdout } = await run(remit);
    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain('Transaction 0001 (005010X221A1) from Cigna (62308)');
    expect(stdout).not.toContain('Posting');
  });

  it.each([
    [['--as-of', AS_OF], '--as-of needs --ledger PATH'],
    [['--out', 'x'], '--out needs --ledger PATH'],
    [['--ledger', demo], '--as-of YYYY-MM-DD is required with --ledger'],
    [['--ledger', demo, '--as-of', '2026-13-01'], '--as-of "2026-13-01" is not a date'],
  ])('throws a usage error for %j', async (args, message) => {
    // Act / Assess
    await expect(run(remit, ...args)).rejects.toThrow(UsageError);
    await expect(run(remit, ...args)).rejects.toThrow(message);
  });
});
