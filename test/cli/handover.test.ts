// Tests for `duebook handover` and `duebook tracing` called as functions on CSV ledgers.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileStem, handoverCommand } from '../../cli/commands/handover.js';
import { tracingCommand } from '../../cli/commands/tracing.js';
import { EXIT, UsageError } from '../../cli/io.js';
import { parseCsv } from '../../cli/read-ledger.js';
import type { HandoverCandidate } from '../../core/lifecycle/handover.js';
import type { TracingEntry } from '../../core/lifecycle/tracing.js';
import { captureOutput } from '../support/cli-output.js';

const demo = fileURLToPath(new URL('../../examples/demo-ledger', import.meta.url));
const AS_OF = '2026-11-23';

function run(command: typeof handoverCommand, ...argv: string[]) {
  return captureOutput(command, argv);
}

let dir: string;
let ledger: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duebook-handover-'));
  ledger = join(dir, 'ledger');
  await mkdir(ledger);
  const files: Record<string, string[]> = {
    'customers.csv': [
      'Customer ID,Name,Email,Phone,Address,Time Zone,Flags,Dunning,Placed With,Placed On',
      'C-1,=cmd|calc,c1@example.com,555-0101,"1 Main St, Springfield",America/Chicago,,catch-up,,',
      'C-2,Disputing Co,c2@example.com,555-0102,2 Oak Ave,America/Chicago,dispute,catch-up,,',
      'C-3,Placed Ltd,c3@example.com,555-0103,3 Elm Rd,America/Chicago,placed,catch-up,Acme,2026-11-01',
      'C-4,Bounced Inc,c4@example.com,555-0104,4 Pine Ct,America/Chicago,email-suppressed,,,',
      'A/7,Slash Id,a7@example.com,555-0107,7 Fir Ln,America/Chicago,,catch-up,,',
    ],
    'invoices.csv': [
      'Invoice ID,Customer ID,Invoice Date,Due Date,Amount,Currency',
      'INV-1,C-1,2026-07-01,2026-08-15,1250.50,USD',
      'INV-2,C-2,2026-07-01,2026-08-15,300.00,USD',
      'INV-3,C-3,2026-07-01,2026-08-15,400.00,USD',
      'INV-4,C-4,2026-10-01,2026-11-01,99.00,USD',
      'INV-7,A/7,2026-07-01,2026-08-15,10.00,USD',
    ],
    'activity.csv': [
      'Activity ID,Customer ID,Date,Type,Direction,Stage,Outcome,Note,By',
      'A-1,C-1,2026-10-30,letter,outbound,final-demand,,,duebook',
      'A-2,C-4,2026-11-02,email,outbound,reminder-1,bounced,,duebook',
    ],
    'contact-changes.csv': [
      'Change ID,Customer ID,Date,Field,Old Value,New Value,Source,By,Undone On,Note',
      'CH-1,C-4,2026-09-01,email,old@example.com,c4@example.com,customer,jo,,',
    ],
  };
  for (const [name, lines] of Object.entries(files))
    await writeFile(join(ledger, name), `${lines.join('\n')}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli/commands/handover', () => {
  describe('handoverCommand --list', () => {
    it('lists the accounts at the hand-over stage with whether they may be placed', async () => {
      // Act
      const { code, stdout } = await run(
        handoverCommand,
        '--ledger',
        ledger,
        '--as-of',
        AS_OF,
        '--list',
        '--wide',
      );
      // Assess
      expect(code).toBe(EXIT.OK);
      expect(stdout).toContain('Hand-over candidates as of 2026-11-23');
      const lines = stdout.split('\n');
      expect(lines.find((l) => l.startsWith('C-1 '))).toMatch(/stage due +USD 1,250\.50 +yes/);
      expect(lines.find((l) => l.startsWith('C-2 '))).toMatch(/ no +.*the customer disputes the debt/);
      expect(stdout).not.toContain('Placed Ltd');
      expect(stdout).not.toContain('Bounced Inc');
    });

    it('prints the candidates as JSON', async () => {
      const { code, stdout } = await run(
        handoverCommand,
        '--ledger',
        ledger,
        '--as-of',
        AS_OF,
        '--list',
        '--json',
      );
      expect(code).toBe(EXIT.OK);
      const list = JSON.parse(stdout) as HandoverCandidate[];
      expect(list.map((c) => [c.customerId, c.refusals.map((r) => r.rule)])).toEqual([
        ['A/7', []],
        ['C-1', []],
        ['C-2', ['handover/dispute']],
      ]);
    });

    it('says so when no account is ready', async () => {
      const { code, stdout } = await run(
        handoverCommand,
        '--ledger',
        ledger,
        '--as-of',
        '2026-09-01',
        '--list',
      );
      expect(code).toBe(EXIT.OK);
      expect(stdout).toBe('No account is ready for hand-over as of 2026-09-01.\n');
    });
  });

  describe('handoverCommand --customer', () => {
    it('writes the PDF, the CSV and the ledger tabs that record the placement; placed once only', async () => {
      // Prepare
      const out = join(dir, 'out-1');
      // Act
      const { code, stdout, stderr } = await run(
        handoverCommand,
        ...['--ledger', ledger, '--as-of', AS_OF, '--customer', 'C-1', '--to', 'Acme Recovery', '--out', out],
        ...['--by', 'jo'],
      );
      // Assess
      expect(code).toBe(EXIT.OK);
      expect(stderr).toContain('no --office FILE.json given');
      expect((await readdir(out)).sort()).toEqual([
        'C-1-handover.csv',
        'C-1-handover.pdf',
        'activity.csv',
        'customers.csv',
      ]);
      const pdf = await readFile(join(out, 'C-1-handover.pdf'));
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const rows = parseCsv(await readFile(join(out, 'C-1-handover.csv'), 'utf8'));
      expect(rows.find((r) => r[0] === 'customer')?.at(-1)).toBe("'=cmd|calc");
      expect(rows.find((r) => r[0] === 'open-item')?.slice(2, 11)).toEqual([
        'INV-1',
        '2026-07-01',
        '2026-08-15',
        '100',
        'invoice',
        'open',
        'USD',
        '1250.50',
        '1250.50',
      ]);
      expect(stdout).toContain('Placed with Acme Recovery on 2026-11-23: USD 1,250.50 undisputed.');
      expect(stdout).toContain('Copy customers.csv and activity.csv over the ledger');
      // The written tabs, copied over a copy of the ledger, record the placement: a second hand-over is refused.
      const placed = join(dir, 'ledger-placed');
      await mkdir(placed);
      for (const f of await readdir(ledger))
        await writeFile(join(placed, f), await readFile(join(ledger, f)));
      for (const f of ['customers.csv', 'activity.csv'])
        await writeFile(join(placed, f), await readFile(join(out, f)));
      const customers = parseCsv(await readFile(join(placed, 'customers.csv'), 'utf8'));
      const header = customers[0]!;
      const c1 = customers.find((r) => r[0] === 'C-1')!;
      expect(c1[header.indexOf('Flags')]).toContain('placed');
      expect(c1[header.indexOf('Placed With')]).toBe('Acme Recovery');
      expect(c1[header.indexOf('Placed On')]).toBe('2026-11-23');
      const again = await run(
        handoverCommand,
        ...['--ledger', placed, '--as-of', AS_OF, '--customer', 'C-1', '--to', 'Acme Recovery'],
        ...['--out', join(dir, 'out-again')],
      );
      expect(again.code).toBe(EXIT.FAILED);
      expect(again.stderr).toContain('already placed');
    });

    it('takes the office from a JSON file', async () => {
      const out = join(dir, 'out-office');
      const office = join(dir, 'office.json');
      await writeFile(
        office,
        JSON.stringify({ name: 'Harbor Clinic', addressLines: ['1 Harbor Way', 'Salem, MA'] }),
      );
      const { code, stderr } = await run(
        handoverCommand,
        ...['--ledger', ledger, '--as-of', AS_OF, '--customer', 'C-1', '--to', 'Acme', '--out', out],
        ...['--office', office],
      );
      expect(code).toBe(EXIT.OK);
      expect(stderr).toBe('');
      const csv = await readFile(join(out, 'C-1-handover.csv'), 'utf8');
      expect(csv).toContain('placed with Acme by Harbor Clinic');
    });

    it('names a file after a customer id with a slash safely', async () => {
      const out = join(dir, 'out-slash');
      const { code } = await run(
        handoverCommand,
        ...['--ledger', ledger, '--as-of', AS_OF, '--customer', 'A/7', '--to', 'Acme', '--out', out],
      );
      expect(code).toBe(EXIT.OK);
      expect((await readdir(out)).sort()).toEqual([
        'A_7-handover.csv',
        'A_7-handover.pdf',
        'activity.csv',
        'customers.csv',
      ]);
      expect(fileStem('C#1/x')).toBe('C_1_x');
    });

    it.each([
      ['C-2', 'C-2 may not be handed over: the customer disputes the debt', 'handover/dispute'],
      [
        'C-3',
        'C-3 may not be handed over: the account is already placed with Acme since 2026-11-01',
        'handover/already-placed',
      ],
      ['C-9', 'no customer "C-9" among the valid Customers rows', ''],
    ])('refuses %s and writes nothing', async (customerId, message, rule) => {
      const out = join(dir, `refused-${customerId}`);
      const { code, stderr, stdout } = await run(
        handoverCommand,
        ...['--ledger', ledger, '--as-of', AS_OF, '--customer', customerId, '--to', 'Acme', '--out', out],
      );
      expect(code).toBe(EXIT.FAILED);
      expect(stderr).toContain(`duebook: ${message}`);
      expect(stderr).toContain(rule);
      expect(stdout).toBe('');
      await expect(readdir(out)).rejects.toThrow();
    });

    it('reports a bad office file with exit code 1', async () => {
      const office = join(dir, 'bad-office.json');
      await writeFile(office, '{"name": ""}');
      const { code, stderr } = await run(
        handoverCommand,
        ...[
          '--ledger',
          ledger,
          '--as-of',
          AS_OF,
          '--customer',
          'C-1',
          '--to',
          'Acme',
          '--out',
          join(dir, 'x'),
        ],
        ...['--office', office],
      );
      expect(code).toBe(EXIT.FAILED);
      expect(stderr).toMatch(/^duebook: --office .*bad-office\.json: /m);
    });

    it.each([
      [['--as-of', AS_OF, '--list'], '--ledger PATH is required'],
      [['--ledger', demo, '--list'], '--as-of YYYY-MM-DD is required'],
      [['--ledger', demo, '--as-of', '2026-13-01', '--list'], '--as-of "2026-13-01" is not a date'],
      [['--ledger', demo, '--as-of', AS_OF], '--customer ID (or --list) is required'],
      [['--ledger', demo, '--as-of', AS_OF, '--customer', 'C-1', '--out', 'x'], '--to NAME is required'],
      [['--ledger', demo, '--as-of', AS_OF, '--customer', 'C-1', '--to', 'A'], '--out DIR is required'],
      [
        ['--ledger', demo, '--as-of', AS_OF, '--list', '--customer', 'C-1'],
        'give either --list or --customer ID',
      ],
      [['--ledger', demo, '--as-of', AS_OF, '--json', '--customer', 'C-1'], '--json goes with --list'],
      [['--ledger', demo, '--bogus'], "Unknown option '--bogus'"],
    ])('throws a usage error for %j', async (argv, message) => {
      await expect(run(handoverCommand, ...argv)).rejects.toThrow(UsageError);
      await expect(run(handoverCommand, ...argv)).rejects.toThrow(message);
    });
  });
});

describe('cli/commands/tracing', () => {
  describe('tracingCommand', () => {
    it('prints the worklist with the contact details and their history', async () => {
      const { code, stdout } = await run(tracingCommand, '--ledger', ledger, '--as-of', AS_OF);
      expect(code).toBe(EXIT.OK);
      expect(stdout).toContain('Tracing worklist as of 2026-11-23: 1 customer\n');
      expect(stdout).toMatch(
        /C-4 +Bounced Inc +USD 99\.00 +email-bounced +c4@example\.com +555-0104 +4 Pine Ct/,
      );
      expect(stdout).toContain(
        '  2026-09-01 CH-1 email: "old@example.com" -> "c4@example.com" from customer by jo',
      );
    });

    it('prints JSON for the demo ledger with the bounced customer first among those owing', async () => {
      const { code, stdout } = await run(tracingCommand, '--ledger', demo, '--as-of', AS_OF, '--json');
      expect(code).toBe(EXIT.OK);
      const list = JSON.parse(stdout) as TracingEntry[];
      const summit = list.find((e) => e.customerId === 'C-1011')!;
      expect(summit.reasons.map((r) => r.rule)).toEqual(['trace/email-bounced']);
      expect(summit.contact.email.value).toBe('summit.roofing@example.com');
      expect(summit.balances[0]!.balanceMinor).toBeGreaterThan(0);
    });

    it('says so when no one needs tracing', async () => {
      const { stdout } = await run(tracingCommand, '--ledger', ledger, '--as-of', '2026-01-01');
      // Before any invoice, only the bounced email is left to trace.
      expect(stdout).toContain('C-4');
      const empty = join(dir, 'empty');
      await mkdir(empty);
      await writeFile(join(empty, 'customers.csv'), 'Customer ID,Name\nC-1,Someone\n');
      const none = await run(tracingCommand, '--ledger', empty, '--as-of', AS_OF);
      expect(none.stdout).toBe('No customer needs tracing as of 2026-11-23.\n');
    });

    it('undoes a contact change into new tabs; undoing it again is refused', async () => {
      // Prepare
      const out = join(dir, 'undo-1');
      // Act
      const { code, stdout } = await run(
        tracingCommand,
        ...['--ledger', ledger, '--as-of', AS_OF, '--undo', 'CH-1', '--out', out, '--by', 'sam'],
      );
      // Assess
      expect(code).toBe(EXIT.OK);
      expect((await readdir(out)).sort()).toEqual(['contact-changes.csv', 'customers.csv']);
      const changes = parseCsv(await readFile(join(out, 'contact-changes.csv'), 'utf8'));
      const ch1 = changes.find((r) => r[0] === 'CH-1')!;
      expect(ch1[changes[0]!.indexOf('Undone On')]).toBe(AS_OF);
      const customers = parseCsv(await readFile(join(out, 'customers.csv'), 'utf8'));
      const c4 = customers.find((r) => r[0] === 'C-4')!;
      expect(c4[customers[0]!.indexOf('Email')]).toBe('old@example.com');
      expect(stdout).toContain('Copy customers.csv and contact-changes.csv over the ledger');
      // Undoing the undone change, on a ledger that has it, is refused with the reason.
      const undone = join(dir, 'ledger-undone');
      await mkdir(undone);
      for (const f of await readdir(ledger))
        await writeFile(join(undone, f), await readFile(join(ledger, f)));
      for (const f of ['contact-changes.csv', 'customers.csv'])
        await writeFile(join(undone, f), await readFile(join(out, f)));
      const again = await run(
        tracingCommand,
        ...['--ledger', undone, '--as-of', AS_OF, '--undo', 'CH-1', '--out', join(dir, 'undo-2')],
      );
      expect(again.code).toBe(EXIT.FAILED);
      expect(again.stderr).toContain('CH-1 was undone on 2026-11-23');
      const unknown = await run(
        tracingCommand,
        ...['--ledger', ledger, '--as-of', AS_OF, '--undo', 'CH-9', '--out', join(dir, 'undo-3')],
      );
      expect(unknown.code).toBe(EXIT.FAILED);
      expect(unknown.stderr).toContain('no change "CH-9"');
    });

    it.each([
      [['--as-of', AS_OF], '--ledger PATH is required'],
      [['--ledger', demo], '--as-of YYYY-MM-DD is required'],
      [['--ledger', demo, '--as-of', 'yesterday'], '--as-of "yesterday" is not a date'],
      [['--ledger', demo, '--as-of', AS_OF, '--undo', 'CH-1'], '--undo needs --out DIR'],
    ])('throws a usage error for %j', async (argv, message) => {
      await expect(run(tracingCommand, ...argv)).rejects.toThrow(message);
    });
  });
});
