// A generated attack on the CLI's file doors: ledgers as CSV folders and .xlsx workbooks with
// mutated cells, line endings, byte-order marks, header typos, merged cells and formulas without a
// result; LEDES and 835 files with byte mutations. Asserts: no stack trace, every problem named
// (tab, row, column; or line / segment), no good row dropped. `npm test` runs a quick subset;
// `npm run test:attack` the full run (DUEBOOK_ATTACK_FILES), printing its figure.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, main } from '../../cli/main.js';

const FILES = Number(process.env.DUEBOOK_ATTACK_FILES ?? 24);
const SEED = Number(process.env.DUEBOOK_ATTACK_SEED ?? 20261123);
const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  let code: number;
  try {
    code = await main(argv, {
      out: (t) => {
        stdout += t;
      },
      err: (t) => {
        stderr += t;
      },
    });
  } catch (e) {
    throw new Error(`duebook ${argv.join(' ')} threw: ${(e as Error).stack}`);
  }
  return { code, stdout, stderr };
}

const hostileCell = fc.oneof(
  fc.constantFrom(
    '',
    '-5.00',
    '1,500',
    '1.500,00',
    '99999999999999999999',
    '0026-11-23',
    '2026-02-30',
    '2026-11-23Tjunk',
    '=HYPERLINK("http://x")',
    '+1+1',
    '@SUM(A1)',
    '"',
    'a\r\nb',
    'x'.repeat(60_000),
    'C-404',
    'USX',
  ),
  fc.string({ maxLength: 30 }),
);

interface GeneratedLedger {
  invoices: { cells: string[]; mutated: boolean }[];
  eol: '\n' | '\r\n' | '\r';
  bom: boolean;
  typo: boolean;
  xlsx: boolean;
  merge: boolean;
  formula: boolean;
}

const ledger = fc
  .record({
    invoices: fc.array(
      fc.record({
        amount: fc.integer({ min: 0, max: 1_000_000 }),
        mutate: fc.option(fc.tuple(fc.integer({ min: 0, max: 5 }), hostileCell), { nil: undefined, freq: 3 }),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    eol: fc.constantFrom<'\n' | '\r\n' | '\r'>('\n', '\r\n', '\r'),
    bom: fc.boolean(),
    typo: fc.integer({ min: 0, max: 9 }).map((x) => x < 2),
    xlsx: fc.boolean(),
    merge: fc.boolean(),
    formula: fc.boolean(),
  })
  .map(
    (g): GeneratedLedger => ({
      ...g,
      invoices: g.invoices.map((inv, i) => {
        const cells = [
          `INV-${i}`,
          `C-${i % 3}`,
          '2026-09-01',
          '2026-10-01',
          (inv.amount / 100).toFixed(2),
          'USD',
        ];
        // Ids stay unique: a mutation of the id column writes a unique hostile id.
        if (inv.mutate)
          cells[inv.mutate[0]] =
            inv.mutate[0] === 0 ? `${String(inv.mutate[1]).slice(0, 8)}~${i}` : String(inv.mutate[1]);
        return { cells, mutated: inv.mutate !== undefined };
      }),
    }),
  );

const csvField = (s: string) => (/[",\r\n]/.test(s) || s.startsWith(' ') ? `"${s.replace(/"/g, '""')}"` : s);

describe('file attack', () => {
  let dir: string;
  let n = 0;
  let ledgers = 0;
  let files = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'duebook-file-attack-'));
  });

  afterAll(async () => {
    if (ledgers + files > 0)
      console.log(
        `file attack: ${ledgers} ledgers and ${files} LEDES/835 files, seed ${SEED}: no stack trace, every problem named, no good row dropped`,
      );
    await rm(dir, { recursive: true, force: true });
  });

  it('names every problem of a mutated ledger and drops no good row', async () => {
    const samples = fc.sample(ledger, { seed: SEED, numRuns: FILES });
    for (const g of samples) {
      // Prepare
      const header = [
        'Invoice ID',
        'Customer ID',
        'Invoice Date',
        g.typo ? 'Due Dte' : 'Due Date',
        'Amount',
        'Currency',
      ];
      const customers = [['Customer ID', 'Name'], ...[0, 1, 2].map((i) => [`C-${i}`, `Name ${i}`])];
      const invoices = [header, ...g.invoices.map((r) => r.cells)];
      let path: string;
      if (g.xlsx) {
        const workbook = new ExcelJS.Workbook();
        workbook.addWorksheet('Customers').addRows(customers);
        const sheet = workbook.addWorksheet('Invoices');
        sheet.addRows(invoices);
        if (g.merge && invoices.length > 2) sheet.mergeCells('F2:F3');
        if (g.formula)
          sheet.getCell(`E${invoices.length}`).value = { formula: 'E2*2' } as ExcelJS.CellFormulaValue;
        path = join(dir, `l-${++n}.xlsx`);
        await workbook.xlsx.writeFile(path);
      } else {
        path = join(dir, `l-${++n}`);
        await mkdir(path);
        const text = (rows: string[][]) =>
          (g.bom ? '\ufeff' : '') + rows.map((r) => r.map(csvField).join(',')).join(g.eol) + g.eol;
        await writeFile(join(path, 'customers.csv'), text(customers));
        await writeFile(join(path, 'invoices.csv'), text(invoices));
      }
      // Act
      const res = await run('validate', '--ledger', path, '--json');
      ledgers++;
      // Assess: no stack trace; an answer, and every problem names tab, row and column.
      expect(res.stderr).not.toMatch(/\n\s+at /);
      expect([EXIT.OK, EXIT.FAILED]).toContain(res.code);
      const report = JSON.parse(res.stdout) as {
        problems: { tab: string; row: number; column: string; message: string }[];
        counts: Record<string, number>;
      };
      for (const p of report.problems) {
        expect(p.tab).toBeTruthy();
        expect(p.row).toBeGreaterThanOrEqual(1);
        expect(p.column).toBeTruthy();
        expect(p.message).toBeTruthy();
      }
      expect(report.counts.Customers).toBe(3);
      if (g.typo) {
        expect(report.counts.Invoices).toBe(0);
        expect(report.problems.map((p) => p.message).join('\n')).toContain('did you mean `Due Date`?');
        continue;
      }
      // No good row dropped: every unmutated row is read, except the rows a merge or formula hid.
      const hidden = new Set<number>();
      if (g.xlsx && g.merge && invoices.length > 2) hidden.add(3);
      if (g.xlsx && g.formula) hidden.add(invoices.length);
      const problemRows = new Set(report.problems.filter((p) => p.tab === 'Invoices').map((p) => p.row));
      g.invoices.forEach((r, i) => {
        const row = i + 2;
        if (!r.mutated && !hidden.has(row)) expect(problemRows.has(row)).toBe(false);
      });
      const good = g.invoices.filter((r, i) => !r.mutated && !hidden.has(i + 2)).length;
      expect(report.counts.Invoices).toBeGreaterThanOrEqual(good);
      for (const row of hidden) if (row <= invoices.length) expect(problemRows.has(row)).toBe(true);
    }
  }, 900_000);

  it('names the line or segment of every problem in a mutated LEDES or 835 file, without a stack trace', async () => {
    const sources = [
      ['import-ledes', fixture('ledes/lexitree-good-utf8-no-eol.txt')],
      ['import-ledes', fixture('ledes/rledes-spec-sample-crlf.txt')],
      ['import-835', fixture('x12-835/pyx12-5010-denied.835')],
      ['import-835', fixture('x12-835/uhc-5010-single-line.835')],
    ] as const;
    const texts = await Promise.all(sources.map(([, p]) => readFile(p, 'latin1')));
    const mutation = fc.record({
      source: fc.integer({ min: 0, max: sources.length - 1 }),
      at: fc.nat(),
      kind: fc.constantFrom('delete', 'insert', 'duplicate', 'truncate', 'cr'),
      text: fc.constantFrom(
        '|',
        '~',
        '*',
        '=HYPERLINK("x")',
        '\r',
        '\n',
        '[]',
        '0026',
        '-1',
        'x'.repeat(300),
      ),
    });
    for (const m of fc.sample(mutation, { seed: SEED, numRuns: FILES })) {
      // Prepare
      const src = texts[m.source]!;
      const at = m.at % Math.max(1, src.length);
      const mutated =
        m.kind === 'delete'
          ? src.slice(0, at) + src.slice(at + 5)
          : m.kind === 'insert'
            ? src.slice(0, at) + m.text + src.slice(at)
            : m.kind === 'duplicate'
              ? src.slice(0, at) + src.slice(at, at + 80) + src.slice(at)
              : m.kind === 'truncate'
                ? src.slice(0, at)
                : src.replace(/\r?\n/g, '\r');
      const file = join(dir, `f-${++n}${m.source < 2 ? '.txt' : '.835'}`);
      await writeFile(file, mutated, 'latin1');
      // Act
      const res = await run(sources[m.source]![0], file);
      files++;
      // Assess
      expect(`${res.stdout}${res.stderr}`).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
      expect([EXIT.OK, EXIT.FAILED]).toContain(res.code);
      if (res.code === EXIT.FAILED)
        expect(`${res.stdout}${res.stderr}`).toMatch(/line \d+|segment \d+|position \d+|empty|not a/i);
    }
  }, 900_000);
});
