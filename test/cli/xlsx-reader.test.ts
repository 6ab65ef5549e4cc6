// The streaming .xlsx reader against the exceljs reader it replaced: generated workbooks (dates,
// number formats, shared strings, rich text, links, formulas, errors, empty cells, merges, many
// tabs) and hand-built parts exceljs does not write (inline strings, 1904 dates, phonetic runs)
// must read to the same rows; plus the size caps and the one deliberate difference.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedger } from '../../cli/read-ledger.js';
import { UnreadableCell } from '../../core/ledger/schema-cells.js';
import { readXlsxWithExcelJs, trimmedRows } from '../support/exceljs-ledger-reader.js';
import { handWorkbook, withExtraPart, zipOf } from '../support/hand-xlsx.js';

const SEED = Number(process.env.DUEBOOK_XLSX_SEED ?? 20261203);
const WORKBOOKS = Number(process.env.DUEBOOK_XLSX_WORKBOOKS ?? 40);

const FORMATS = [
  '0.00',
  '#,##0.00',
  'yyyy-mm-dd',
  'mm/dd/yyyy',
  'd-mmm-yy',
  '[$-409]mmmm d, yyyy',
  '0%',
  '"Due" 0',
  'h:mm',
  '@',
  '[Red]0.00',
  '"days" 0',
];

const text = fc.oneof(
  fc.constantFrom(
    'C-1',
    'INV-7',
    '2026-11-23',
    '1,250.00',
    "'=1+1",
    "'-2",
    '  padded  ',
    'a & b < c > "d" \'e\'',
    'line\nbreak',
    'tab\there',
    '_x000D_ kept?',
    '&amp;',
    'Ünïcödé ✓ 漢字',
    '',
  ),
  fc.string({ maxLength: 12 }),
);

const cellValue = fc.oneof(
  { weight: 4, arbitrary: text.map((v) => ({ v })) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.oneof(
          fc.integer({ min: -1_000_000, max: 1_000_000 }),
          fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        ),
        fc.option(fc.constantFrom(...FORMATS), { nil: undefined }),
      )
      .map(([v, numFmt]) => ({ v, numFmt })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.date({
          min: new Date(Date.UTC(1950, 0, 1)),
          max: new Date(Date.UTC(2090, 0, 1)),
          noInvalidDate: true,
        }),
        fc.constantFrom('yyyy-mm-dd', 'mm/dd/yyyy', 'd-mmm-yy', undefined),
      )
      .map(([d, numFmt]) => ({ v: d, numFmt })),
  },
  { weight: 1, arbitrary: fc.boolean().map((v) => ({ v })) },
  { weight: 1, arbitrary: fc.constantFrom('#N/A', '#DIV/0!', '#VALUE!').map((e) => ({ v: { error: e } })) },
  {
    weight: 1,
    arbitrary: fc
      .array(text, { minLength: 1, maxLength: 3 })
      .map((parts) => ({ v: { richText: parts.map((t, i) => ({ text: t, font: { bold: i % 2 === 0 } })) } })),
  },
  {
    weight: 1,
    arbitrary: text.map((t) => ({ v: { text: t, hyperlink: 'https://example.com/x' } })),
  },
  {
    weight: 2,
    // Results of 0 and FALSE are the deliberate difference, tested on their own below.
    arbitrary: fc
      .oneof(
        fc.integer({ min: 1, max: 99_999 }),
        fc.constantFrom('text result', "'=guarded", 'a&amp;b', true),
        fc.constant({ error: '#REF!' }),
        fc.constant(undefined),
      )
      .chain((result) =>
        fc
          .constantFrom(undefined, 'yyyy-mm-dd', '0.00')
          .map((numFmt) => ({ v: { formula: 'SUM(A1:A2)', result }, numFmt })),
      ),
  },
  { weight: 3, arbitrary: fc.constant({ v: null }) },
);

const sheetArb = fc.record({
  rows: fc.array(fc.array(cellValue, { maxLength: 7 }), { maxLength: 9 }),
  gap: fc.integer({ min: 0, max: 3 }),
  merges: fc.array(
    fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 })),
    {
      maxLength: 3,
    },
  ),
});

const workbookArb = fc.record({
  customers: sheetArb,
  invoices: sheetArb,
  other: fc.option(sheetArb, { nil: undefined }),
  invoicesName: fc.constantFrom('Invoices', ' invoices ', 'INVOICES'),
});

type Sheet = typeof sheetArb extends fc.Arbitrary<infer T> ? T : never;

function fill(sheet: ExcelJS.Worksheet, g: Sheet): void {
  g.rows.forEach((cells, i) => {
    // A gap of empty rows after the header, as clerks leave between blocks.
    const r = i === 0 ? 1 : i + 1 + g.gap;
    cells.forEach((cell, c) => {
      const target = sheet.getCell(r, c + 1);
      target.value = cell.v as ExcelJS.CellValue;
      if ('numFmt' in cell && cell.numFmt) target.numFmt = cell.numFmt;
    });
  });
  // Merged ranges in separate rows (each two rows apart), so they never overlap.
  g.merges.forEach(([col, width, height], m) => {
    const top = 2 + m * 3;
    sheet.mergeCells(top, col, top + height, col + width);
  });
}

describe('xlsx-reader', () => {
  let dir: string;
  let n = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'duebook-xlsx-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('readLedger on generated workbooks', () => {
    it('gives the rows, sheets and notes the exceljs reader gave', async () => {
      let cells = 0;
      for (const g of fc.sample(workbookArb, { seed: SEED, numRuns: WORKBOOKS })) {
        // Prepare
        const workbook = new ExcelJS.Workbook();
        fill(workbook.addWorksheet('Customers'), g.customers);
        if (g.other) fill(workbook.addWorksheet('Scratch'), g.other);
        fill(workbook.addWorksheet(g.invoicesName), g.invoices);
        const file = join(dir, `g-${++n}.xlsx`);
        await workbook.xlsx.writeFile(file);
        // Act
        const streamed = await readLedger(file);
        const old = await readXlsxWithExcelJs(file);
        // Assess
        expect(trimmedRows(streamed.rows)).toEqual(trimmedRows(old.rows));
        expect(streamed.source.notes).toEqual(old.notes);
        for (const sheet of Object.values(streamed.rows)) for (const row of sheet!) cells += row.length;
      }
      expect(cells).toBeGreaterThan(WORKBOOKS * 20);
    }, 120_000);
  });

  describe('readLedger on hand-built workbooks', () => {
    it('reads inline strings, str cells, escaped characters, phonetic runs and 1904 dates as exceljs did', async () => {
      // Prepare: parts exceljs never writes, as Excel and other programs do.
      const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Customer ID</t></is></c><c r="B1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> C-1 </t></is></c><c r="B2" t="s"><v>2</v></c><c r="C2" s="1"><v>1000</v></c><c r="D2" t="str"><v>a&amp;amp;b</v></c></row>
<row r="3" spans="1:4"><c r="A3" t="inlineStr"><is><r><t>C-</t></r><r><rPr><b/></rPr><t>2</t></r></is></c><c r="B3" t="s"><v>3</v></c><c r="C3" s="2"><v>45000.5</v></c><c r="D3" t="b"><v>1</v></c></row>
<row r="5"><c r="A5"><f>1+1</f><v>2</v></c><c r="B5" t="e"><v>#N/A</v></c><c r="C5" s="1"><f>C2+1</f><v>1001</v></c><c r="D5" s="3"/></row>
<row r="6"><c r="A6"><f t="shared" ref="A6:A7" si="0">B6*2</f></c><c r="B6"><v>3</v></c></row>
<row r="7"><c r="A7"><f t="shared" si="0"/></c><c r="B7"><v>-0.5</v></c></row>
</sheetData>
<mergeCells count="1"><mergeCell ref="B6:C7"/></mergeCells>
</worksheet>`;
      const strings = `<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
<si><t>Name</t></si><si><t>Since</t></si>
<si><r><t>Acme</t></r><r><rPr><i/></rPr><t xml:space="preserve"> Ltd_x000D_</t></r></si>
<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si>
</sst>`;
      const styles = `<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="[$-409]d\\-mmm\\-yyyy;@"/></numFmts>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs>
<dxfs count="1"><dxf><numFmt numFmtId="165" formatCode="0.00"/></dxf></dxfs>
</styleSheet>`;
      const file = join(dir, 'hand.xlsx');
      await writeFile(file, handWorkbook({ sheet, strings, styles, date1904: true }));
      // Act
      const streamed = await readLedger(file);
      const old = await readXlsxWithExcelJs(file);
      // Assess
      expect(trimmedRows(streamed.rows)).toEqual(trimmedRows(old.rows));
      expect(streamed.rows.Customers![1]).toEqual([' C-1 ', 'Acme Ltd\r', '1906-09-27', 'a&b']);
      expect(streamed.rows.Customers![2]!.slice(0, 2)).toEqual(['C-2', '漢字']);
      expect(streamed.rows.Customers![5]![0]).toBeInstanceOf(UnreadableCell);
    });
  });

  describe('readLedger where the streaming reader differs on purpose', () => {
    it('reads a formula whose result is 0 or FALSE as that result, where exceljs called it saved without one', async () => {
      // Prepare
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Customers');
      sheet.addRow(['Customer ID', 'Name', 'Balance', 'Paid']);
      sheet.addRow(['C-1', 'Ann', { formula: 'B9-B9', result: 0 }, { formula: 'FALSE()', result: false }]);
      const file = join(dir, 'zero.xlsx');
      await workbook.xlsx.writeFile(file);
      // Act
      const streamed = await readLedger(file);
      const old = await readXlsxWithExcelJs(file);
      // Assess
      expect(streamed.rows.Customers![1]).toEqual(['C-1', 'Ann', 0, false]);
      expect(old.rows.Customers![1]![2]).toBeInstanceOf(UnreadableCell);
    });
  });

  describe('readLedger size caps', () => {
    it('refuses a part it does not parse whose size lies, as the whole-workbook check did', async () => {
      // Prepare: a good workbook plus a part (never parsed) that inflates past its declared size.
      const sheet =
        '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Customer ID</t></is></c></row></sheetData></worksheet>';
      const good = handWorkbook({ sheet });
      const file = join(dir, 'lying-part.xlsx');
      const lone = join(dir, 'lying-lone.xlsx');
      await writeFile(file, withExtraPart(good, 'docProps/app.xml', Buffer.alloc(50_000), 100));
      await writeFile(
        lone,
        zipOf([['xl/worksheets/sheet1.xml', Buffer.alloc(50_000)]], { 'xl/worksheets/sheet1.xml': 100 }),
      );
      // Act + Assess
      for (const path of [file, lone]) {
        await expect(readLedger(path)).rejects.toMatchObject({
          code: 'XLSX.TOO_LARGE',
          message: expect.stringContaining('more than its directory declares'),
        });
      }
      await writeFile(join(dir, 'good.xlsx'), good);
      expect((await readLedger(join(dir, 'good.xlsx'))).rows.Customers).toEqual([['Customer ID']]);
    });

    it('refuses a sheet that inflates past its declared size, naming the cap, before it is parsed', async () => {
      const big = Buffer.from(`<worksheet><sheetData>${'<row/>'.repeat(200_000)}</sheetData></worksheet>`);
      const file = join(dir, 'lying.xlsx');
      await writeFile(file, handWorkbook({ sheet: big, declaredSheetSize: 1000 }));
      await expect(readLedger(file)).rejects.toMatchObject({
        code: 'XLSX.TOO_LARGE',
        message: expect.stringContaining('more than its directory declares'),
      });
    });
  });
});
