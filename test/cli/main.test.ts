// Tests for the CLI's commands called as a function: output, JSON shapes and exit codes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT, main } from '../../cli/main.js';
import type { CollectionPlan } from '../../core/collections/collection-plan.js';
import type { AgingReport } from '../../core/ledger/aging.js';
import { captureOutput } from '../support/cli-output.js';

const demo = fileURLToPath(new URL('../../examples/demo-ledger', import.meta.url));
const demoXlsx = fileURLToPath(new URL('../../examples/demo-ledger.xlsx', import.meta.url));
const bad = fileURLToPath(new URL('../../examples/bad-ledger', import.meta.url));
const AS_OF = '2026-11-23';

function run(...argv: string[]) {
  return captureOutput(main, argv);
}

const BAD_PROBLEMS = [
  'Customers row 4, Customer ID: "C-2" is already used on row 3',
  'Invoices row 3, Invoice Date: "2026-10-32" is not a date (use YYYY-MM-DD)',
  'Invoices row 4, Amount: "99.999" has more than 2 decimals for USD',
  'Invoices row 5, Customer ID: no customer "C-9" on the Customers tab',
  'Invoices row 6, Currency: "USX" is not a known ISO currency code',
  'Invoices row 7, Invoice ID: "INV-1" is already used on row 2',
  'Payments row 3, Date: "11/05/2026" is not a date (use YYYY-MM-DD)',
  'Payments row 4, Amount: "1500.5" has more than 0 decimals for JPY',
];

describe('cli/main', () => {
  describe('main (usage)', () => {
    it.each([
      [['--help'], EXIT.OK, 'stdout', 'duebook validate --ledger PATH'],
      [['help', 'age'], EXIT.OK, 'stdout', '--as-of YYYY-MM-DD'],
      [['plan', '--help'], EXIT.OK, 'stdout', '--time-zone ZONE'],
      [[], EXIT.USAGE, 'stderr', 'Usage:'],
      [['frob'], EXIT.USAGE, 'stderr', 'duebook: unknown command "frob"'],
      [['age', '--ledger', demo], EXIT.USAGE, 'stderr', '--as-of YYYY-MM-DD is required'],
      [
        ['age', '--ledger', demo, '--as-of', '2026-02-30'],
        EXIT.USAGE,
        'stderr',
        '--as-of "2026-02-30" is not a date',
      ],
      [['validate'], EXIT.USAGE, 'stderr', '--ledger PATH is required'],
      [['validate', '--ledger', demo, '--bogus'], EXIT.USAGE, 'stderr', "Unknown option '--bogus'"],
      [
        ['validate', '--ledger', demo, 'extra'],
        EXIT.USAGE,
        'stderr',
        'Run "duebook validate --help" for usage.',
      ],
      [
        ['plan', '--ledger', demo, '--as-of', AS_OF, '--at', '9am'],
        EXIT.USAGE,
        'stderr',
        '--at "9am" is not a time',
      ],
      [
        ['plan', '--ledger', demo, '--as-of', AS_OF, '--time-zone', 'Mars/Base'],
        EXIT.USAGE,
        'stderr',
        'not an IANA time zone',
      ],
    ])('%j exits %i with %s containing %j', async (argv, code, stream, text) => {
      const result = await run(...argv);
      expect(result.code).toBe(code);
      expect(result[stream as 'stdout' | 'stderr']).toContain(text);
    });

    it('exits 1 with a clear message when the ledger cannot be read', async () => {
      const result = await run('validate', '--ledger', join(demo, 'missing'));
      expect(result).toEqual({
        code: EXIT.FAILED,
        stdout: '',
        stderr: `duebook: cannot read the ledger: ${join(demo, 'missing')}: no such file or folder\n`,
      });
    });
  });

  describe('validate', () => {
    it('lists every problem of the bad ledger by tab, row and column and exits 1', async () => {
      const result = await run('validate', '--ledger', bad);
      expect(result.code).toBe(EXIT.FAILED);
      expect(result.stdout.split('\n')).toEqual([
        ...BAD_PROBLEMS,
        `8 problems in ${bad} (Customers 1, Invoices 5, Payments 2); valid rows: Customers 2, Invoices 1, Payments 1, Adjustments 0, Promises 0, Plans 0, Activity 0, Claims 0, Contact Changes 0`,
        '',
      ]);
      expect(result.stderr).toBe('');
    });

    it('prints problems and counts as JSON', async () => {
      const result = await run('validate', '--ledger', bad, '--json');
      expect(result.code).toBe(EXIT.FAILED);
      const body = JSON.parse(result.stdout) as {
        problems: { tab: string; row: number; column: string; code: string }[];
        counts: Record<string, number>;
      };
      expect(body.problems.map((p) => [p.tab, p.row, p.column, p.code])).toEqual([
        ['Customers', 4, 'Customer ID', 'SCHEMA.ID_DUPLICATE'],
        ['Invoices', 3, 'Invoice Date', 'SCHEMA.DATE_INVALID'],
        ['Invoices', 4, 'Amount', 'SCHEMA.AMOUNT_INVALID'],
        ['Invoices', 5, 'Customer ID', 'SCHEMA.CUSTOMER_UNKNOWN'],
        ['Invoices', 6, 'Currency', 'SCHEMA.CURRENCY_UNKNOWN'],
        ['Invoices', 7, 'Invoice ID', 'SCHEMA.ID_DUPLICATE'],
        ['Payments', 3, 'Date', 'SCHEMA.DATE_INVALID'],
        ['Payments', 4, 'Amount', 'SCHEMA.AMOUNT_INVALID'],
      ]);
      expect(body.counts).toEqual({
        Customers: 2,
        Invoices: 1,
        Payments: 1,
        Adjustments: 0,
        Promises: 0,
        Plans: 0,
        Activity: 0,
        Claims: 0,
        'Contact Changes': 0,
      });
    });

    it('prints one summary line and exits 0 for the demo ledger, CSV or xlsx', async () => {
      for (const ledger of [demo, demoXlsx]) {
        const result = await run('validate', '--ledger', ledger);
        expect(result.code).toBe(EXIT.OK);
        expect(result.stdout).toMatch(
          /^OK .*: no problems \(valid rows: Customers \d+, Invoices \d+, Payments \d+, Adjustments \d+, Promises \d+, Plans \d+, Activity \d+, Claims \d+, Contact Changes \d+\)\n$/,
        );
      }
    });
  });

  describe('age', () => {
    it('prints the aging report JSON whose buckets add up to each total', async () => {
      const result = await run('age', '--ledger', demo, '--as-of', AS_OF, '--json');
      expect(result.code).toBe(EXIT.OK);
      const report = JSON.parse(result.stdout) as AgingReport;
      expect(Object.keys(report)).toEqual(['asOf', 'buckets', 'customers', 'totals']);
      expect(report.asOf).toBe(AS_OF);
      expect(report.buckets).toEqual(['current', '1-30', '31-60', '61-90', '90+']);
      expect(Object.keys(report.customers[0]!)).toEqual([
        'customerId',
        'currency',
        'totalMinor',
        'bucketsMinor',
        'unappliedCreditMinor',
      ]);
      for (const row of [...report.customers, ...report.totals]) {
        expect(row.bucketsMinor.reduce((s, v) => s + v, 0)).toBe(row.totalMinor);
      }
      for (const t of report.totals) {
        const sum = report.customers
          .filter((c) => c.currency === t.currency)
          .reduce((s, c) => s + c.totalMinor, 0);
        expect({ currency: t.currency, sum }).toEqual({ currency: t.currency, sum: t.totalMinor });
      }
      expect(report.totals.map((t) => t.currency)).toEqual(['EUR', 'GBP', 'JPY', 'USD']);
      expect(report.customers.find((c) => c.customerId === 'C-1003')).toMatchObject({
        unappliedCreditMinor: 31_240,
      });
    });

    it('prints aligned tables with money formatted in each currency', async () => {
      const result = await run('age', '--ledger', demo, '--as-of', AS_OF);
      expect(result.code).toBe(EXIT.OK);
      const lines = result.stdout.split('\n');
      expect(lines[0]).toBe(`Aging as of ${AS_OF}, by days past due date`);
      expect(lines[2]).toMatch(
        /^Customer\s+Name\s+Cur\s+current\s+1-30\s+31-60\s+61-90\s+90\+\s+Total\s+Credit$/,
      );
      const sato = lines.find((l) => l.startsWith('C-1023'))!;
      expect(sato).toContain('JPY');
      expect(sato).toMatch(/1,430,000\s/);
      expect(lines.find((l) => l.startsWith('C-1003'))).toMatch(/3,200\.00\s+312\.40$/);
      // Every customer row lines up with the header: same width up to the last column.
      const width = lines[2]!.length;
      for (const l of lines.filter((x) => /^C-\d{4}/.test(x))) expect(l.length).toBe(width);
    });

    it('ages the valid rows and warns on stderr when the ledger has problems, or fails with --strict', async () => {
      const lenient = await run('age', '--ledger', bad, '--as-of', AS_OF, '--json');
      expect(lenient.code).toBe(EXIT.OK);
      expect(lenient.stderr.split('\n').slice(0, 8)).toEqual(BAD_PROBLEMS);
      expect(lenient.stderr).toContain('note: 8 problems in the ledger; those rows were left out');
      const report = JSON.parse(lenient.stdout) as AgingReport;
      // INV-1 (1,200.00, paid by P-1) is the one valid invoice; nothing is open.
      expect(report.customers).toEqual([]);

      const strict = await run('age', '--ledger', bad, '--as-of', AS_OF, '--strict');
      expect(strict.code).toBe(EXIT.FAILED);
      expect(strict.stdout).toBe('');
      expect(strict.stderr).toContain('nothing done because of --strict');
    });

    it('counts only what is dated on or before --as-of', async () => {
      const result = await run('age', '--ledger', demo, '--as-of', '2026-04-30', '--json');
      expect(JSON.parse(result.stdout)).toEqual({
        asOf: '2026-04-30',
        buckets: ['current', '1-30', '31-60', '61-90', '90+'],
        customers: [],
        totals: [],
      });
    });
  });

  describe('plan', () => {
    it('plans actions with explanations and lists blocked ones with the rule that blocked them', async () => {
      const result = await run('plan', '--ledger', demo, '--as-of', AS_OF, '--json');
      expect(result.code).toBe(EXIT.OK);
      expect(result.stderr).toBe('');
      const plan = JSON.parse(result.stdout) as CollectionPlan;
      expect(plan.asOf).toBe(AS_OF);
      expect(plan.actions.length).toBeGreaterThan(0);
      for (const a of plan.actions) {
        expect(a.explanation.summary).not.toBe('');
        expect(a.explanation.policyVersion).toBe(plan.policyVersion);
      }
      const blockedRules = new Map(plan.blocked.map((b) => [`${b.customerId} ${b.channel}`, b.rule]));
      const rule = (name: string, channel: string) => {
        const c = plan.blocked.find((b) => b.customerName === name && b.channel === channel);
        return c?.rule;
      };
      expect(rule('Estate of Margaret Hollis', 'email')).toBe('flag/deceased');
      expect(rule('Pioneer Print Works LLC', 'email')).toBe('flag/bankruptcy');
      expect(rule('Kevin Sullivan', 'call')).toBe('cap/calls-7d');
      expect(rule('Priya Shah', 'email')).toBe('cap/contacts-7d');
      expect(rule('Nguyen Family Dental', 'email')).toBe('promise/active');
      expect(rule('Thomas Whitfield', 'email')).toBe('plan/in-good-standing');
      // No customer is both planned and blocked on the same channel.
      for (const a of plan.actions) expect(blockedRules.has(`${a.customerId} ${a.channel}`)).toBe(false);
    });

    it('runs at 09:00 in the office zone by default, so Tokyo customers wait for their morning', async () => {
      const result = await run('plan', '--ledger', demo, '--as-of', AS_OF, '--json');
      const plan = JSON.parse(result.stdout) as CollectionPlan;
      const tokyo = plan.actions.filter((a) => a.localTime.endsWith('Asia/Tokyo'));
      expect(tokyo.length).toBeGreaterThan(0);
      for (const a of tokyo) expect(a.localTime).toBe('2026-11-24 08:00 Asia/Tokyo');
      const ny = plan.actions.find((a) => a.localTime.endsWith('America/New_York'))!;
      expect(ny.localTime).toBe('2026-11-23 09:00 America/New_York');
    });

    it('takes --at and --time-zone for the run instant', async () => {
      const result = await run(
        'plan',
        '--ledger',
        demo,
        '--as-of',
        AS_OF,
        '--json',
        '--at',
        '13:30',
        '--time-zone',
        'Asia/Tokyo',
      );
      const plan = JSON.parse(result.stdout) as CollectionPlan;
      const ny = plan.actions.find((a) => a.localTime.endsWith('America/New_York'))!;
      // 13:30 in Tokyo on the 23rd is 23:30 the night before in New York: the window opens at 08:00.
      expect(ny.localTime).toBe('2026-11-23 08:00 America/New_York');
    });

    it('prints planned and blocked tables (one line per row with --wide)', async () => {
      const result = await run('plan', '--ledger', demo, '--as-of', AS_OF, '--wide');
      expect(result.code).toBe(EXIT.OK);
      expect(result.stdout).toMatch(
        /^Collection plan as of 2026-11-23 \(policy .+, run at 2026-11-23 09:00 America\/New_York\)\n/,
      );
      expect(result.stdout).toMatch(
        /\n\d+ planned actions:\nCustomer\s+Name\s+Stage\s+Channel\s+Local time\s+Overdue\s+Why\n/,
      );
      expect(result.stdout).toMatch(
        /\n\d+ blocked actions:\nCustomer\s+Name\s+Stage\s+Channel\s+Rule\s+Why\n/,
      );
      expect(result.stdout).toMatch(/\nC-1006\s+Estate of Margaret Hollis\s+\S+\s+email\s+flag\/deceased\s+/);
    });

    it('says so when nothing is planned or blocked', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'duebook-plan-'));
      try {
        await writeFile(join(dir, 'customers.csv'), 'Customer ID,Name\nC-1,Acme\n');
        const result = await run('plan', '--ledger', dir, '--as-of', AS_OF);
        expect(result.code).toBe(EXIT.OK);
        expect(result.stdout).toContain('\n0 planned actions.\n0 blocked actions.\n');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
