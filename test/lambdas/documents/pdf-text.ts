// Reads back the text a PDF from renderPdf draws: loads it with pdf-lib, inflates each page's
// content streams and decodes the `<hex> Tj` strings with their positions (glyph ids of an
// embedded font through its ToUnicode map; WinAnsi for a standard font). pdf-lib cannot extract
// text itself, and this only needs to understand what pdf-lib writes.
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFObject, PDFRawStream } from 'pdf-lib';

export interface DrawnText {
  text: string;
  x: number;
  /** From the bottom of the page, as PDF measures it. */
  y: number;
  size: number;
  /** The font resource name (`/F1`...), resolved to its base font (`Helvetica-Bold`). */
  font: string;
}

/** Windows-1252 bytes 0x80-0x9F; the rest of the byte range is Latin-1. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWinAnsi(hex: string): string {
  let out = '';
  for (let i = 0; i < hex.length; i += 2) {
    const b = Number.parseInt(hex.slice(i, i + 2), 16);
    out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  }
  return out;
}

function streamText(obj: PDFObject | undefined): string {
  if (!(obj instanceof PDFRawStream)) return '';
  const filter = obj.dict.get(PDFName.of('Filter'));
  const bytes = filter ? inflateSync(obj.contents) : Buffer.from(obj.contents);
  return bytes.toString('latin1');
}

/** A font's ToUnicode CMap as glyph id (hex) -> text, from its bfchar and bfrange entries. */
function toUnicode(pdf: PDFDocument, font: PDFDict | undefined): Map<string, string> | undefined {
  const ref = font?.get(PDFName.of('ToUnicode'));
  if (!ref) return undefined;
  const cmap = streamText(pdf.context.lookup(ref));
  const utf16 = (hex: string) =>
    String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => Number.parseInt(h, 16)));
  const map = new Map<string, string>();
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of section[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(m[1]!.toUpperCase(), utf16(m[2]!));
  }
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of section[1]!.matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g,
    )) {
      const lo = Number.parseInt(m[1]!, 16);
      const hi = Number.parseInt(m[2]!, 16);
      const targets = m[3]!.startsWith('[')
        ? [...m[3]!.matchAll(/<([0-9A-Fa-f]+)>/g)].map((t) => t[1]!)
        : undefined;
      for (let g = lo; g <= hi; g++) {
        const key = g.toString(16).toUpperCase().padStart(m[1]!.length, '0');
        if (targets) map.set(key, utf16(targets[g - lo]!));
        else {
          const base = Number.parseInt(m[3]!.slice(1, -1), 16) + (g - lo);
          map.set(key, String.fromCodePoint(base));
        }
      }
    }
  }
  return map;
}

/** Every string drawn on each page, in drawing order. */
export async function drawnText(bytes: Uint8Array): Promise<DrawnText[][]> {
  const pdf = await PDFDocument.load(bytes);
  return pdf.getPages().map((page) => {
    const contents = page.node.Contents();
    const parts = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    const source = parts.map((p) => streamText(pdf.context.lookup(p))).join('\n');
    const fontDict = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
    const baseFont = (name: string) =>
      String(fontDict?.lookup(PDFName.of(name), PDFDict).get(PDFName.of('BaseFont')) ?? name).replace(
        /^\//,
        '',
      );
    const maps = new Map<string, Map<string, string> | undefined>();
    const decode = (name: string, hex: string) => {
      if (!maps.has(name)) maps.set(name, toUnicode(pdf, fontDict?.lookup(PDFName.of(name), PDFDict)));
      const map = maps.get(name);
      if (!map) return decodeWinAnsi(hex);
      return (hex.toUpperCase().match(/.{4}/g) ?? []).map((g) => map.get(g) ?? '\uFFFD').join('');
    };
    const out: DrawnText[] = [];
    let font = '';
    let resource = '';
    let size = 0;
    let x = 0;
    let y = 0;
    const op =
      /\/(\S+) ([\d.]+) Tf|([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) Tm|<([0-9A-Fa-f]*)> Tj/g;
    for (const m of source.matchAll(op)) {
      if (m[1] !== undefined) {
        resource = m[1];
        font = baseFont(m[1]);
        size = Number(m[2]);
      } else if (m[3] !== undefined) {
        x = Number(m[7]);
        y = Number(m[8]);
      } else {
        out.push({ text: decode(resource, m[9]!), x, y, size, font });
      }
    }
    return out;
  });
}

/** The drawn strings of each page, top to bottom then left to right, one string per drawn line. */
export async function pageLines(bytes: Uint8Array): Promise<string[][]> {
  return (await drawnText(bytes)).map((page) => {
    const byLine = new Map<number, DrawnText[]>();
    for (const t of page) {
      const key = Math.round(t.y * 10) / 10;
      byLine.set(key, [...(byLine.get(key) ?? []), t]);
    }
    return [...byLine.entries()]
      .sort(([a], [b]) => b - a)
      .map(([, ts]) =>
        ts
          .sort((a, b) => a.x - b.x)
          .map((t) => t.text)
          .join(' '),
      );
  });
}
