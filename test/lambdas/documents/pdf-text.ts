// Reads back the text a PDF from renderPdf draws: loads it with pdf-lib, inflates each page's
// content streams and decodes the `<hex> Tj` strings with their positions. pdf-lib cannot extract
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
    const out: DrawnText[] = [];
    let font = '';
    let size = 0;
    let x = 0;
    let y = 0;
    const op =
      /\/(\S+) ([\d.]+) Tf|([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) Tm|<([0-9A-Fa-f]*)> Tj/g;
    for (const m of source.matchAll(op)) {
      if (m[1] !== undefined) {
        font = baseFont(m[1]);
        size = Number(m[2]);
      } else if (m[3] !== undefined) {
        x = Number(m[7]);
        y = Number(m[8]);
      } else {
        out.push({ text: decodeWinAnsi(m[9]!), x, y, size, font });
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
