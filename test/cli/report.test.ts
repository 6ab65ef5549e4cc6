// Tests for `duebook report`: the demo ledger's Dashboard as JSON, .xlsx (read back with exceljs) and
// a reproducible PDF; the figures are core's; usage errors and an existing file are refused.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../cli/commands/report.js';
import { EXIT, UsageError } from '../../cli/io.js';
import { loadLedger } from '../../cli/load-ledger.js';
import { dashboardFormat } from '../../cli/report-tables.js';
import { minorToDecimal } from '../../core/ledger/money.js';
import type { Dashboard } from '../../core/reports/dashboard.js';
import { captureOutput } from '../support/cli-output.js';

const demo = fileURLToPath(new URL('../../examples/demo-ledger', import.meta.url));
const AS_OF = '2026-11-23';
const BASE = ['--ledger', demo, '--as-of', AS_OF];

function run(...args: string[]) {
  return captureOutput(reportCommand, args);
}

let dir: string;
let data: Dashboard;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duebook-report-'));
  data = JSON.parse((await run(...BASE, '--json')).stdout) as Dashboard;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli/commands/report', () => {
  describe('reportCommand', () => {
    it("prints the dashboard as JSON: every currency's figures and today's calls and letters", async () => {
      // Assess: the demo ledger has four currencies and calls to make.
      expect(data.asOf).toBe(AS_OF);
      expect(data.currencies.map((c) => c.currency)).toEqual(['EUR', 'GBP', 'JPY', 'USD']);
      for (const c of data.currencies) {
        expect(c.bucketsMinor.reduce((s, v) => s + v, 0)).toBe(c.receivableMinor);
      }
      expect(data.tasksToday.length).toBeGreaterThan(0);
      expect(data.tasksToday.every((t) => t.channel === 'call' || t.channel === 'letter')).toBe(true);
      expect(data.trend.every((t) => t.points.length === 12)).toBe(true);
    });

    it('writes an .xlsx whose headline, aging and worklists hold the JSON figures as numbers and dates', async () => {
      // Act
      const out = join(dir, 'nested', 'report.xlsx');
      const result = await run(...BASE, '--out', out);
      // Assess
      expect(result.code, result.stderr).toBe(EXIT.OK);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await readFile(out)) as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('Dashboard')!;
      const rows: unknown[][] = [];
      ws.eachRow((row) => {
        rows.push((row.values as unknown[]).slice(1));
      });
      const find = (first: unknown, after = 0) => rows.findIndex((r, i) => i >= after && r[0] === first);
      expect(rows[1]![1]).toEqual(new Date(`${AS_OF}T00:00:00Z`));
      const headline = find('Receivables and collections');
      const usd = data.currencies.find((c) => c.currency === 'USD')!;
      expect(rows[find('USD', headline)]!.slice(0, 3)).toEqual([
        'USD',
        minorToDecimal(usd.receivableMinor, 'USD'),
        minorToDecimal(usd.overdueMinor, 'USD'),
      ]);
      const aging = find('Aging by days past due');
      expect(rows[aging + 1]).toEqual(['Currency', ...data.buckets, 'Total']);
      expect(rows[find('USD', aging)]!.slice(1)).toEqual(
        [...usd.bucketsMinor, usd.receivableMinor].map((m) => minorToDecimal(m, 'USD')),
      );
      const tasks = find('Calls and letters for today');
      expect(rows.slice(tasks + 2, tasks + 2 + data.tasksToday.length).map((r) => r[1])).toEqual(
        data.tasksToday.map((t) => t.customerName),
      );
      const claims = find('Claims near their appeal deadline');
      expect(rows[claims + 2]![0]).toEqual(new Date(`${data.claimsNearDeadline[0]!.deadline}T00:00:00Z`));
    });

    it('writes the same PDF bytes for the same ledger and day, titled with the day', async () => {
      // Act
      const a = join(dir, 'a.pdf');
      const b = join(dir, 'b.pdf');
      expect((await run(...BASE, '--out', a)).code).toBe(EXIT.OK);
      expect((await run(...BASE, '--out', b, '--locale', 'en-US')).code).toBe(EXIT.OK);
      // Assess
      const bytes = await readFile(a);
      expect(bytes.equals(await readFile(b))).toBe(true);
      const pdf = await PDFDocument.load(bytes);
      expect(pdf.getTitle()).toBe(`Receivables dashboard as of ${AS_OF}`);
      expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
      expect(pdf.getPage(0).getSize()).toEqual({ width: 612, height: 792 });
    });

    it('writes a different PDF in another locale', async () => {
      const de = join(dir, 'de.pdf');
      expect((await run(...BASE, '--out', de, '--locale', 'de-DE')).code).toBe(EXIT.OK);
      expect((await readFile(de)).equals(await readFile(join(dir, 'a.pdf')))).toBe(false);
    });

    it('refuses to overwrite an existing file, saying so, and leaves it as it was', async () => {
      // Prepare
      const out = join(dir, 'kept.pdf');
      await writeFile(out, 'sent to the manager');
      // Act
      const result = await run(...BASE, '--out', out);
      // Assess
      expect(result.code).toBe(EXIT.FAILED);
      expect(result.stderr).toContain(`${out} already exists`);
      expect(await readFile(out, 'utf8')).toBe('sent to the manager');
    });

    it.each([
      [['--as-of', AS_OF, '--out', 'x.pdf'], /--ledger PATH is required/],
      [['--ledger', demo, '--out', 'x.pdf'], /--as-of YYYY-MM-DD is required/],
      [['--ledger', demo, '--as-of', '2026-13-01', '--out', 'x.pdf'], /not a date/],
      [['--ledger', demo, '--as-of', AS_OF], /--out FILE.xlsx\|FILE.pdf is required/],
      [['--ledger', demo, '--as-of', AS_OF, '--out', 'x.csv'], /must end in .xlsx or .pdf/],
      [['--ledger', demo, '--as-of', AS_OF, '--out', 'x.pdf', '--locale', 'not a locale'], /--locale/],
      [['--ledger', demo, '--as-of', AS_OF, '--out', 'x.pdf', '--time-zone', 'Mars/Base'], /--time-zone/],
    ])('refuses %j with a usage error', async (args, message) => {
      await expect(run(...args)).rejects.toThrow(UsageError);
      await expect(run(...args)).rejects.toThrow(message);
    });

    it('computes the same figures as loading the ledger and asking core', async () => {
      const { ledger } = await loadLedger(demo, { out: () => {}, err: () => {} });
      const { dashboard } = await import('../../core/reports/dashboard.js');
      const direct = dashboard(ledger, AS_OF);
      expect(data.currencies).toEqual(direct.currencies);
      expect(data.trend).toEqual(direct.trend);
    });
  });

  describe('dashboardFormat', () => {
    it.each([
      ['en-US', 'USD 1,234.50', 'Nov 23, 2026'],
      ['de-DE', '1.234,50 USD', '23.11.2026'],
    ])('writes amounts and dates in %s', (locale, money, date) => {
      const f = dashboardFormat(locale);
      expect(f.money(123_450, 'USD').replace(/\s/g, ' ')).toBe(money);
      expect(f.date(AS_OF)).toBe(date);
    });
  });
});
