// `duebook appeal` on a small ledger folder written here: files written in each format, the
// office profile, and the errors a clerk can meet (unknown claim, claim not denied, bad office file).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPEAL_HELP, appealCommand } from '../../cli/commands/appeal.js';
import { EXIT, UsageError } from '../../cli/io.js';
import { pageLines } from '../lambdas/documents/pdf-text.js';
import { captureOutput } from '../support/cli-output.js';

const CUSTOMERS = ['Customer ID,Name,Email', 'P-1,Ana Ruiz,ana@example.org', 'P-2,Wei Zhang,wei@example.org'];
const CLAIMS = [
  'Claim ID,Customer ID,Payer,Payer Type,Payer Address,Payer Claim Number,Member ID,Service From,Billed,Allowed,Paid,Currency,Status,Adjustment Codes,Denial Date,Appeal Deadline',
  'CLM-1,P-1,Blue Shield of Example,commercial,"PO Box 272540\nChico, CA 95927",2026111800123,XYZ123456789,2026-09-14,1485.00,0,0,USD,denied,"CO-50, CO-45",2026-10-20,2027-04-18',
  'CLM-2,P-2,Medicare Part B,medicare,,ICN-77,1EG4-TE5-MK72,2026-08-02,240.00,180.00,180.00,USD,paid,CO-45,,',
  'CLM-3,P-1,Aetna Example,commercial,,,,2026-13-01,100.00,,,USD,denied,CO-197,,',
];

const OFFICE = {
  name: 'Maple Street Family Medicine',
  addressLines: ['12 Maple Street, Suite 4', 'Springfield, IL 62701'],
  phone: '(217) 555-0142',
  npi: '1234567893',
  taxId: '12-3456789',
  signerName: 'Dana Reyes',
};

let dir: string;
let ledger: string;
let office: string;

function run(...args: string[]) {
  return captureOutput(appealCommand, args);
}

describe('cli/commands/appeal', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'duebook-appeal-'));
    ledger = join(dir, 'ledger');
    await mkdir(ledger);
    await writeFile(join(ledger, 'customers.csv'), `${CUSTOMERS.join('\r\n')}\r\n`);
    await writeFile(join(ledger, 'claims.csv'), `${CLAIMS.join('\r\n')}\r\n`);
    office = join(dir, 'office.json');
    await writeFile(office, JSON.stringify(OFFICE));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('appealCommand', () => {
    it('returns 0 and writes a PDF letter with the office, payer and claim on it', async () => {
      // Prepare
      const out = join(dir, 'CLM-1.pdf');
      // Act
      const res = await run(
        '--ledger',
        ledger,
        '--claim',
        'CLM-1',
        '--out',
        out,
        '--as-of',
        '2026-11-23',
        '--office',
        office,
      );
      // Assess
      expect(res.code).toBe(EXIT.OK);
      expect(res.stdout).toContain(
        'Appeal of Claim Denial for claim CLM-1 to Blue Shield of Example: medical necessity (CO-50)',
      );
      expect(res.stdout).toContain(`Wrote ${out} (pdf)`);
      const bytes = await readFile(out);
      expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThanOrEqual(1);
      const text = (await pageLines(bytes)).flat().join('\n');
      for (const expected of [
        'Maple Street Family Medicine',
        'NPI 1234567893',
        'PO Box 272540',
        'Ana Ruiz',
        '2026111800123',
        '23 November 2026',
        'CO-50',
      ]) {
        expect(text).toContain(expected);
      }
    });

    it.each([
      ['CLM-1.html', undefined, '<!DOCTYPE html>'],
      ['CLM-1.txt', undefined, 'RE: Appeal of Claim Denial'],
      ['CLM-1.letter', 'text', '[ ] Remittance advice or EOB showing the denial'],
    ])(
      'returns 0 and writes %s in the format from the extension or --format',
      async (name, format, expected) => {
        const out = join(dir, name);
        const res = await run(
          '--ledger',
          ledger,
          '--claim',
          'CLM-1',
          '--out',
          out,
          '--as-of',
          '2026-11-23',
          ...(format ? ['--format', format] : []),
        );
        expect(res.code).toBe(EXIT.OK);
        expect(await readFile(out, 'utf8')).toContain(expected);
      },
    );

    it('returns 0 with placeholders and notes on stderr when no office file is given', async () => {
      const out = join(dir, 'placeholder.txt');
      const res = await run('--ledger', ledger, '--claim', 'CLM-1', '--out', out, '--as-of', '2026-11-23');
      expect(res.code).toBe(EXIT.OK);
      expect(res.stderr).toContain('note: no --office FILE.json given');
      expect(res.stderr).toContain('note: the office name is a placeholder; fill it in');
      expect(await readFile(out, 'utf8')).toContain('[Practice name]');
    });

    it.each([
      ['an unknown claim', 'CLM-9', 'duebook: no claim "CLM-9" on the Claims tab'],
      [
        'a paid claim',
        'CLM-2',
        'duebook: Claims row 3 (claim CLM-2) has status "paid"; only a claim the payer denied can be appealed',
      ],
      [
        'a claim row with problems',
        'CLM-3',
        'duebook: Claims row 4 (claim CLM-3) has problems, so no letter was drafted: Claims row 4, Service From',
      ],
    ])('returns 1 naming the row for %s, and writes nothing', async (_, claim, message) => {
      const out = join(dir, `${claim}.pdf`);
      const res = await run('--ledger', ledger, '--claim', claim, '--out', out, '--as-of', '2026-11-23');
      expect(res.code).toBe(EXIT.FAILED);
      expect(res.stderr).toContain(message);
      await expect(readFile(out)).rejects.toThrow();
    });

    it('returns 1 naming the field for an invalid office file', async () => {
      const bad = join(dir, 'bad-office.json');
      await writeFile(bad, JSON.stringify({ ...OFFICE, npi: '123', addressLines: [] }));
      const res = await run(
        '--ledger',
        ledger,
        '--claim',
        'CLM-1',
        '--out',
        join(dir, 'x.pdf'),
        '--office',
        bad,
      );
      expect(res.code).toBe(EXIT.FAILED);
      expect(res.stderr).toContain(`--office ${bad}: addressLines:`);
      expect(res.stderr).toContain('npi: an NPI is 10 digits');
    });

    it.each([
      [['--claim', 'CLM-1', '--out', 'a.pdf'], '--ledger PATH is required'],
      [['--ledger', 'x', '--out', 'a.pdf'], '--claim ID is required'],
      [['--ledger', 'x', '--claim', 'CLM-1'], '--out FILE is required'],
      [['--ledger', 'x', '--claim', 'CLM-1', '--out', 'a.doc'], 'cannot tell the format from "a.doc"'],
      [
        ['--ledger', 'x', '--claim', 'CLM-1', '--out', 'a.pdf', '--format', 'docx'],
        '--format "docx" is not one of pdf, html, text',
      ],
      [
        ['--ledger', 'x', '--claim', 'CLM-1', '--out', 'a.pdf', '--as-of', '2026-02-30'],
        '--as-of "2026-02-30" is not a date',
      ],
      [['--ledger', 'x', '--claim', 'CLM-1', '--out', 'a.pdf', '--bogus'], "Unknown option '--bogus'"],
    ])('throws a usage error for %j', async (args, message) => {
      await expect(run(...args)).rejects.toThrow(UsageError);
      await expect(run(...args)).rejects.toThrow(message);
    });
  });

  describe('APPEAL_HELP', () => {
    it('returns usage naming every option', () => {
      for (const option of ['--ledger', '--claim', '--out', '--format', '--as-of', '--office', '--auth']) {
        expect(APPEAL_HELP).toContain(option);
      }
    });
  });
});
