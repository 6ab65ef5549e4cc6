// The byte tokenizer behind the sheet reader: the same events as the string tokenizer (`xml-scan`),
// whichever way the bytes are cut into pieces (inside a tag, an entity, a character, CDATA).
import { describe, expect, it } from 'vitest';
import { ByteXmlScanner, type CellAttrs, shortAttrsBytes, xmlText } from '../../cli/xml-bytes.js';
import { attr, XmlScanError, XmlScanner } from '../../cli/xml-scan.js';

const XML = `<?xml version="1.0"?><!-- a > comment --><sheetData><row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r='B1' t="inlineStr"><is><t xml:space="preserve"> a &amp; b &lt;c&gt; &#x41;&#66; é😀\r\n</t></is></c><c r="C1" s="2" a="x>y"/></row><![CDATA[<raw & text>\r]]></sheetData>`;

function stringEvents(xml: string): string[] {
  const out: string[] = [];
  const scanner = new XmlScanner({
    wantText: true,
    open: (name, attrs) => out.push(`open ${name}${attrs}`),
    close: (name) => out.push(`close ${name}`),
    text: (t) => {
      if (out.length > 0 && out[out.length - 1]!.startsWith('text ')) out[out.length - 1] += t;
      else out.push(`text ${t}`);
    },
  });
  scanner.push(xml);
  scanner.end();
  return out;
}

function byteEvents(pieces: readonly Uint8Array[]): string[] {
  const out: string[] = [];
  const scanner = new ByteXmlScanner({
    wantText: true,
    open: (name, b, from, to) =>
      out.push(`open ${name}${Buffer.from(b.subarray(from, to)).toString('utf8')}`),
    close: (name) => out.push(`close ${name}`),
    text: (b, from, to, cdata) => {
      const t = xmlText(b, from, to, cdata);
      if (out.length > 0 && out[out.length - 1]!.startsWith('text ')) out[out.length - 1] += t;
      else out.push(`text ${t}`);
    },
  });
  for (const p of pieces) scanner.push(p);
  scanner.end();
  return out;
}

describe('xml-bytes', () => {
  it('reports the events of the string tokenizer for the bytes whole and cut at any one or two places', () => {
    const whole = stringEvents(XML);
    const bytes = Buffer.from(XML, 'utf8');
    expect(byteEvents([bytes])).toEqual(whole);
    for (let i = 0; i <= bytes.length; i++) {
      expect(byteEvents([bytes.subarray(0, i), bytes.subarray(i)])).toEqual(whole);
      const j = Math.min(bytes.length, i + 7);
      expect(byteEvents([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)])).toEqual(whole);
    }
  });

  it('throws XmlScanError when the bytes end inside a tag', () => {
    const scanner = new ByteXmlScanner({ wantText: false, open: () => {}, close: () => {}, text: () => {} });
    scanner.push(Buffer.from('<sheetData><row r="1"'));
    expect(() => scanner.end()).toThrow(XmlScanError);
  });

  const fresh = (): CellAttrs => ({ r: undefined, s: undefined, t: undefined, row: 0, col: 0, style: -1 });

  it.each([
    [' r="A1" t="s"', { row: 1, col: 1, t: 's' }],
    [' r="AB12" s="012" t="n"', { row: 12, col: 28, style: 12, t: 'n' }],
    [" r='B7'", { row: 7, col: 2 }],
    [' spans="1:6" r="3" x14ac:dyDescent="0.25"', { row: 3 }],
    [' r="A1" t="s" t="n" r="B2" s="1" s="2"', { row: 1, col: 1, t: 's', style: 1 }],
    [' st="x" t="str" s="x1"', { t: 'str', s: 'x1' }],
    [' r="$A$1" s=""', { r: '$A$1', s: '' }],
    [' r="A01"', { r: 'A01' }],
    [' r="ABCD1"', { r: 'ABCD1' }],
    [' r="a1"', { r: 'a1' }],
    ['', {}],
    [' ', {}],
  ])('reads r, s and t of plain attribute text %j as attr does', (attrs, want) => {
    const out = fresh();
    const b = Buffer.from(attrs);
    expect(shortAttrsBytes(b, 0, b.length, out)).toBe(true);
    expect(out).toEqual({ ...fresh(), ...want });
    expect(out.t).toBe(attr(attrs, 't'));
    if (out.r !== undefined || out.row === 0) expect(out.r).toBe(attr(attrs, 'r'));
    if (out.style < 0) expect(out.s).toBe(attr(attrs, 's'));
  });

  it("stops at a row's r when asked: what follows a plain prefix cannot change it", () => {
    const attrs = ' r="3" spans="1:6" x14ac:dyDescent="0.25" odd = "x"';
    const out = fresh();
    const b = Buffer.from(attrs);
    expect(shortAttrsBytes(b, 0, b.length, out, true)).toBe(true);
    expect(out.row).toBe(3);
    expect(String(out.row)).toBe(attr(attrs, 'r'));
    expect(shortAttrsBytes(b, 0, b.length, fresh())).toBe(false);
  });

  it.each([' r="x t=\'s\'" t="n"', ' r = "A1"', ' r="A1"t="s"', ' r="&#65;1"', ' r="é"'])(
    'leaves attribute text that is not plain (%j) to attr',
    (attrs) => {
      const b = Buffer.from(attrs);
      expect(shortAttrsBytes(b, 0, b.length, fresh())).toBe(false);
    },
  );

  it.each([
    ['', ''],
    ['x', 'x'],
    ['C0000001', 'C0000001'],
    ['America/Los_Angeles', 'America/Los_Angeles'],
    ['a'.repeat(256), 'a'.repeat(256)],
    ['b'.repeat(257), 'b'.repeat(257)],
    ['é', 'é'],
    [`${'c'.repeat(300)}漢字`, `${'c'.repeat(300)}漢字`],
    ['Ünïcödé ✓ 漢字 &amp; more', 'Ünïcödé ✓ 漢字 & more'],
    [`${'d'.repeat(20)} &lt;&#65;&#x1F600;&gt;`, `${'d'.repeat(20)} <A😀>`],
    ['line\r\nbreak\rhere', 'line\nbreak\nhere'],
  ])('reads text %j as the string tokenizer does', (raw, want) => {
    const b = Buffer.from(`<t>${raw}</t>`);
    // Its bytes inside a larger piece, read in place.
    expect(xmlText(b, 3, b.length - 4, false)).toBe(want);
    expect(stringEvents(`<t>${raw}</t>`)).toEqual(
      raw === '' ? ['open t', 'close t'] : ['open t', `text ${want}`, 'close t'],
    );
  });
});
