// The incremental XML tokenizer behind the streaming .xlsx reader: the same events whichever way the
// text is cut into pieces (inside a tag, an attribute, an entity, a comment or CDATA).
import { describe, expect, it } from 'vitest';
import { attr, decodeXml, XmlScanError, XmlScanner } from '../../cli/xml-scan.js';

const XML = `<?xml version="1.0"?><!-- a > comment --><sheetData><row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r='B1' t="inlineStr"><is><t xml:space="preserve"> a &amp; b &lt;c&gt; &#x41;&#66;\r\n</t></is></c><c r="C1" s="2" a="x>y"/></row><![CDATA[<raw & text>]]></sheetData>`;

/** Every event as a line, text included throughout. */
function events(pieces: readonly string[]): string[] {
  const out: string[] = [];
  const scanner = new XmlScanner({
    wantText: true,
    open: (name, attrs) => out.push(`open ${name}${attrs}`),
    close: (name) => out.push(`close ${name}`),
    text: (t) => {
      // Adjacent text pieces are one text: join them, as a consumer that appends does.
      if (out.length > 0 && out[out.length - 1]!.startsWith('text ')) out[out.length - 1] += t;
      else out.push(`text ${t}`);
    },
  });
  for (const p of pieces) scanner.push(p);
  scanner.end();
  return out;
}

describe('xml-scan', () => {
  describe('XmlScanner', () => {
    it('reports the same events for the text whole and cut at any one or two places', () => {
      // Prepare
      const whole = events([XML]);
      // Act + Assess
      expect(whole).toContain('open c r="C1" s="2" a="x>y"');
      expect(whole).toContain('close c');
      expect(whole).toContain(`text  a & b <c> AB\n`);
      expect(whole).toContain('text <raw & text>');
      for (let i = 0; i <= XML.length; i++) {
        expect(events([XML.slice(0, i), XML.slice(i)])).toEqual(whole);
        const j = Math.min(XML.length, i + 7);
        expect(events([XML.slice(0, i), XML.slice(i, j), XML.slice(j)])).toEqual(whole);
      }
    });

    it('throws XmlScanError when the text ends inside a tag', () => {
      const scanner = new XmlScanner({ wantText: false, open: () => {}, close: () => {}, text: () => {} });
      scanner.push('<sheetData><row r="1"');
      expect(() => scanner.end()).toThrow(XmlScanError);
    });
  });

  describe('attr', () => {
    it.each([
      [' r="A1" t="s"', 't', 's'],
      [' r="A1" t="s"', 'r', 'A1'],
      [" name='Tom &amp; Jerry'", 'name', 'Tom & Jerry'],
      [' sheetId="1" r:id="rId3"', 'r:id', 'rId3'],
      [' st="x"', 't', undefined],
      [' r="A1"', 's', undefined],
    ])('reads %j for %s as %j', (attrs, name, value) => {
      expect(attr(attrs, name)).toBe(value);
    });
  });

  describe('decodeXml', () => {
    it('decodes the five entities and character references, leaves unknown ones as written', () => {
      expect(decodeXml('&lt;&gt;&amp;&quot;&apos;&#233;&#x1F600;&nbsp;')).toBe('<>&"\'é😀&nbsp;');
    });
  });
});
