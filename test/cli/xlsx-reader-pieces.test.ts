// The reader's shortcuts (a cell `<v>…</v></c>` and a shared string `<t>…</t></si>` read whole by the
// handler) against the tag-by-tag reading: a sheet and a shared-strings part of several inflated
// pieces, so pieces end inside cells and strings, with every kind of cell a workbook from Excel,
// LibreOffice or Google Sheets holds, must read as exceljs read them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedger } from '../../cli/read-ledger.js';
import { ByteXmlScanner, xmlText } from '../../cli/xml-bytes.js';
import { readXlsxWithExcelJs, trimmedRows } from '../support/exceljs-ledger-reader.js';
import { handWorkbook } from '../support/hand-xlsx.js';

/** Shared strings of every kind: plain, rich text runs, `xml:space`, entities, character references, non-ASCII, escapes, phonetic runs. */
const SHARED = [
  '<si><t>Customer ID</t></si>',
  '<si><t>Name</t></si>',
  '<si><t>C-1</t></si>',
  '<si><r><t>Acme</t></r><r><rPr><b/></rPr><t xml:space="preserve"> Ltd</t></r></si>',
  '<si><t xml:space="preserve">  padded  </t></si>',
  '<si><t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;</t></si>',
  '<si><t>&#65;&#x42;&#x1F600; ref</t></si>',
  '<si><t>Ünïcödé ✓ 漢字</t></si>',
  '<si><t>line_x000D_break</t></si>',
  '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si>',
  '<si><t/></si>',
  "<si><t>'=1+1</t></si>",
  '<si><t>0012</t></si>',
  '<si><t>trailing </t></si>',
  '<si><t>multi\r\nline</t></si>',
];

/** One row of cells of every kind (row `r`), `pad` spaces of text varying where pieces end. */
function row(r: number, pad: number): string {
  const s = (i: number) => i % SHARED.length;
  const padded = ' '.repeat(pad);
  return (
    `<row r="${r}" spans="1:14">` +
    `<c r="A${r}" t="s"><v>${s(r)}</v></c>` +
    `<c r="B${r}" t="s"><v>${s(r + 3)}</v></c>` +
    `<c r="C${r}" s="1"><v>${45000 + (r % 400)}</v></c>` +
    `<c r="D${r}" s="2"><v>${(r * 37) % 10000}.${r % 100}</v></c>` +
    `<c r="E${r}"><v>-${r}.5</v></c>` +
    `<c r="F${r}" t="b"><v>${r % 2}</v></c>` +
    `<c r="G${r}" t="e"><v>#N/A</v></c>` +
    `<c r="H${r}" t="inlineStr"><is><t xml:space="preserve">${padded}in ${r}</t></is></c>` +
    // Cells without `r`: the next column.
    `<c t="s"><v>${s(r + 7)}</v></c><c><v>1E-3</v></c>` +
    `<c r="K${r}" t="str"><f>A1</f><v>a&amp;amp;b</v></c>` +
    `<c r="L${r}"><f>1+1</f><v>2</v></c>` +
    `<c r="M${r}" s="1"/>` +
    `<c r="N${r}" t="s"><v>${s(r + 11)}</v>${r % 5 === 0 ? ' ' : ''}</c>` +
    '</row>'
  );
}

const STYLES = `<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="4"/></cellXfs>
</styleSheet>`;

describe('xlsx-reader shortcuts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'duebook-xlsx-pieces-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a sheet and shared strings of several pieces as exceljs did, cells of every kind', async () => {
    // Prepare: rows of varying length (about 1.3 MB), and shared strings past one piece (256 KB).
    const rows: string[] = [];
    for (let r = 1; r <= 2_500; r++) rows.push(row(r, r % 13));
    const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
    const filler: string[] = [];
    for (let i = 0; i < 20_000; i++) filler.push(`<si><t>filler ${i} &amp; é</t></si>`);
    const strings = `<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${SHARED.join('')}${filler.join('')}</sst>`;
    expect(sheet.length).toBeGreaterThan(1 << 20);
    expect(strings.length).toBeGreaterThan(256 << 10);
    const file = join(dir, 'pieces.xlsx');
    await writeFile(file, handWorkbook({ sheet, strings, styles: STYLES }));
    // Act
    const streamed = await readLedger(file);
    const old = await readXlsxWithExcelJs(file);
    // Assess
    expect(trimmedRows(streamed.rows)).toEqual(trimmedRows(old.rows));
    const customers = streamed.rows.Customers!;
    expect(customers).toHaveLength(2_500);
    // Row r: A is shared string r % 15, B is r + 3, I is r + 7.
    expect(customers[2]!.slice(0, 9)).toEqual([
      'Acme Ltd',
      'AB😀 ref',
      '2023-03-18',
      111.3,
      -3.5,
      true,
      '#N/A',
      '   in 3',
      '',
    ]);
    expect(customers[4]!.slice(0, 2)).toEqual(['a & b <c> "d" \'e\'', 'line\rbreak']);
    expect(customers[3]!.slice(0, 2)).toEqual(['  padded  ', 'Ünïcödé ✓ 漢字']);
    expect(customers[6]!.slice(0, 2)).toEqual(['Ünïcödé ✓ 漢字', '']);
    expect(customers[8]![0]).toBe('漢字');
    expect(customers[10]![0]).toBe('=1+1');
    expect(customers[11]![0]).toBe('0012');
    expect(customers[12]![0]).toBe('trailing ');
    expect(customers[13]![0]).toBe('multi\nline');
    expect(customers[0]!.slice(9, 12)).toEqual([0.001, 'a&b', 2]);
  });
});

describe('ByteXmlScanner content', () => {
  it('goes on where the handler stopped reading, whichever way the bytes are cut', () => {
    const xml = Buffer.from(
      '<row><c r="A1"><v>12</v></c><c r="B1"><v>a &amp; é</v></c><c r="C1"><f>1</f><v>2</v></c><c/><c><v></v></c></row>',
    );
    const END = Buffer.from('</v></c>');
    const events = (pieces: Buffer[], shortcut: boolean) => {
      const out: string[] = [];
      const scanner = new ByteXmlScanner({
        wantText: true,
        open: (name) => out.push(`open ${name}`),
        close: (name) => out.push(`close ${name}`),
        text: (b, from, to, cdata) => out.push(`text ${xmlText(b, from, to, cdata)}`),
        content: (name, b, at) => {
          // `<v>TEXT</v></c>` whole in the piece: reported as the scan would have.
          if (!shortcut || name !== 'c' || b[at] !== 60 || b[at + 1] !== 118 || b[at + 2] !== 62) return -1;
          let lt = at + 3;
          while (lt < b.length && b[lt] !== 60) lt++;
          if (lt + 8 > b.length || !Buffer.from(b.subarray(lt, lt + 8)).equals(END)) return -1;
          out.push('open v');
          if (lt > at + 3) out.push(`text ${xmlText(b, at + 3, lt, false)}`);
          out.push('close v', 'close c');
          return lt + 8;
        },
      });
      for (const p of pieces) scanner.push(p);
      scanner.end();
      return out;
    };
    const whole = events([xml], false);
    expect(whole).toContain('text a & é');
    expect(events([xml], true)).toEqual(whole);
    for (let i = 0; i <= xml.length; i++) {
      expect(events([xml.subarray(0, i), xml.subarray(i)], true)).toEqual(whole);
      const j = Math.min(xml.length, i + 5);
      expect(events([xml.subarray(0, i), xml.subarray(i, j), xml.subarray(j)], true)).toEqual(whole);
    }
  });
});
