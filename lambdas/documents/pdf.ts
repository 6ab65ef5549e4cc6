// Renders a DocumentModel as a US Letter PDF with pdf-lib and the standard Helvetica fonts: words
// wrapped by measured width, page breaks only between lines, table headers repeated on each page,
// and "Page N of M" in every footer.
import { deflateSync } from 'node:zlib';
import type { PDFFont } from 'pdf-lib';
import type { Block, DocumentModel } from '../../core/documents/document.js';
import { fitColumns, type Measure, wrapText } from '../../core/documents/layout.js';
import { toWinAnsi, winAnsiHex } from './win-ansi.js';

export interface PdfOptions {
  /**
   * Written as the PDF's creation and modification date. Nothing here reads the clock, so the
   * same document and date always give the same bytes; without a date the PDF carries none.
   */
  createdAt?: Date;
  /** The PDF's Author entry, e.g. the office's name. */
  author?: string;
}

/** US Letter in points (1/72 inch). */
export const PAGE = { width: 612, height: 792 } as const;
export const MARGIN = { left: 66, right: 66, top: 48, bottom: 60 } as const;
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const CONTENT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom;
const BODY_SIZE = 10;
const FOOTER_SIZE = 8;
const LEADING = 1.25;
const HEADING_SIZE = { 1: 16, 2: 13, 3: 11 } as const;
const CELL_GAP = 10;
/** Space between blocks: enough to tell paragraphs apart, little enough for a one-page letter. */
const PARA_GAP = BODY_SIZE * 0.6;
const CHECK_INDENT = 18;
const GREY = 0.35;

type FontName = 'regular' | 'bold';

/** Something to draw, with `y` measured down from the top of its line. */
type Op =
  | { kind: 'text'; x: number; y: number; text: string; font: FontName; size: number }
  | { kind: 'rule'; x: number; y: number; width: number }
  | { kind: 'box'; x: number; y: number; size: number; checked: boolean };

/** One visual line (of a paragraph, or across the cells of a table row): never split by a page break. */
interface Row {
  height: number;
  ops: Op[];
}

/**
 * Rows that stay on one page when they fit on one: a heading with its next line, an address, one
 * table row, one field. A unit taller than a page flows row by row instead.
 */
interface Unit {
  gapBefore: number;
  rows: Row[];
  /** Start a new page before this unit (a page break block). */
  newPage?: boolean;
  /** Place together with the next unit (a heading is never left alone at the foot of a page). */
  keepWithNext?: boolean;
  /** Rows to repeat at the top of a new page before this unit (a table's header). */
  header?: Row[];
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Measures that remember each character's width, since wrapping measures the same text often. */
function measurer(font: PDFFont, size: number): Measure {
  const perPoint = new Map<string, number>();
  return (text) => {
    let width = 0;
    for (const ch of text) {
      let w = perPoint.get(ch);
      if (w === undefined) {
        w = font.widthOfTextAtSize(ch, 1);
        perPoint.set(ch, w);
      }
      width += w;
    }
    return width * size;
  };
}

class Measures {
  private readonly cache = new Map<string, Measure>();
  constructor(private readonly fonts: Fonts) {}
  of(font: FontName, size: number): Measure {
    const key = `${font}/${size}`;
    let m = this.cache.get(key);
    if (!m) {
      m = measurer(this.fonts[font], size);
      this.cache.set(key, m);
    }
    return m;
  }
}

const lineHeight = (size: number) => size * LEADING;

/** Text lines as rows, each drawn at `x`. */
function textRows(lines: readonly string[], font: FontName, size: number, x: number): Row[] {
  return lines.map((text) => ({
    height: lineHeight(size),
    // A blank line (the space above a signature) takes its height but draws nothing.
    ops: text === '' ? [] : [{ kind: 'text', x, y: 0, text, font, size }],
  }));
}

/** Side-by-side cells as rows: each visual line holds that line of every cell. */
function cellRows(
  cells: { lines: string[]; x: number; font: FontName; right?: number }[],
  m: Measures,
): Row[] {
  const height = Math.max(...cells.map((c) => c.lines.length));
  const rows: Row[] = [];
  for (let i = 0; i < height; i++) {
    const ops: Op[] = [];
    for (const c of cells) {
      const text = c.lines[i];
      if (!text) continue;
      const x = c.right === undefined ? c.x : c.right - m.of(c.font, BODY_SIZE)(text);
      ops.push({ kind: 'text', x, y: 0, text, font: c.font, size: BODY_SIZE });
    }
    rows.push({ height: lineHeight(BODY_SIZE), ops });
  }
  return rows;
}

function blockUnits(block: Block, m: Measures): Unit[] {
  const body = m.of('regular', BODY_SIZE);
  const bold = m.of('bold', BODY_SIZE);
  const wrap = (text: string, width: number, measure = body) => wrapText(toWinAnsi(text), width, measure);
  const left = MARGIN.left;
  switch (block.kind) {
    case 'heading': {
      const size = HEADING_SIZE[block.level];
      const measure = m.of('bold', size);
      const rows = textRows(wrap(block.text, CONTENT_WIDTH, measure), 'bold', size, left);
      return [{ gapBefore: size, rows, keepWithNext: true }];
    }
    case 'paragraph':
      // Each line is its own unit: a paragraph may continue on the next page, between lines.
      return textRows(wrap(block.text, CONTENT_WIDTH), 'regular', BODY_SIZE, left).map((row, i) => ({
        gapBefore: i === 0 ? PARA_GAP : 0,
        rows: [row],
      }));
    case 'lines': {
      const lines = block.lines.flatMap((l) => wrap(l, CONTENT_WIDTH));
      return [{ gapBefore: PARA_GAP, rows: textRows(lines, 'regular', BODY_SIZE, left) }];
    }
    case 'fields': {
      const natural = Math.max(0, ...block.rows.map(([label]) => bold(toWinAnsi(label)))) + CELL_GAP;
      const labelWidth = Math.min(natural, CONTENT_WIDTH * 0.4);
      return block.rows.map(([label, value], i) => ({
        gapBefore: i === 0 ? PARA_GAP : 0,
        rows: cellRows(
          [
            { lines: wrap(label, labelWidth - CELL_GAP, bold), x: left, font: 'bold' },
            { lines: wrap(value, CONTENT_WIDTH - labelWidth), x: left + labelWidth, font: 'regular' },
          ],
          m,
        ),
      }));
    }
    case 'table':
      return tableUnits(block, m);
    case 'checklist':
      return block.items.map((item, i) => {
        const rows = textRows(
          wrap(item.text, CONTENT_WIDTH - CHECK_INDENT),
          'regular',
          BODY_SIZE,
          left + CHECK_INDENT,
        );
        const size = BODY_SIZE * 0.8;
        rows[0]!.ops.push({ kind: 'box', x: left + 2, y: 0, size, checked: item.checked === true });
        return { gapBefore: i === 0 ? PARA_GAP : BODY_SIZE * 0.25, rows };
      });
    case 'pageBreak':
      return [{ gapBefore: 0, rows: [], newPage: true }];
  }
}

function tableUnits(block: Extract<Block, { kind: 'table' }>, m: Measures): Unit[] {
  const body = m.of('regular', BODY_SIZE);
  const bold = m.of('bold', BODY_SIZE);
  const n = block.columns.length;
  const rows = block.rows.map((r) => block.columns.map((_, c) => toWinAnsi(r[c] ?? '')));
  const headers = block.columns.map((c) => toWinAnsi(c.header));
  const widest = (text: string, measure: Measure) => Math.max(0, ...text.split(/\r?\n/).map(measure));
  const natural = headers.map((h, c) => Math.max(widest(h, bold), ...rows.map((r) => widest(r[c]!, body))));
  const widths = fitColumns(natural, CONTENT_WIDTH - CELL_GAP * (n - 1), 48);
  const xs = widths.map((_, c) => MARGIN.left + widths.slice(0, c).reduce((s, w) => s + w + CELL_GAP, 0));
  const line = (cells: readonly string[], font: FontName) =>
    cellRows(
      cells.map((text, c) => ({
        lines: wrapText(text, widths[c]!, font === 'bold' ? bold : body),
        x: xs[c]!,
        font,
        right: block.columns[c]!.align === 'right' ? xs[c]! + widths[c]! : undefined,
      })),
      m,
    );
  const header = line(headers, 'bold');
  const tableWidth = widths.reduce((s, w) => s + w, 0) + CELL_GAP * (n - 1);
  header.push({ height: 4, ops: [{ kind: 'rule', x: MARGIN.left, y: 1, width: tableWidth }] });
  if (rows.length === 0) return [{ gapBefore: PARA_GAP, rows: header }];
  return rows.map((r, i) => ({
    gapBefore: i === 0 ? PARA_GAP : 2,
    // The first row carries the header so the two are never parted; later pages repeat it.
    rows: i === 0 ? [...header, ...line(r, 'regular')] : line(r, 'regular'),
    header,
  }));
}

const unitHeight = (u: Unit) => u.rows.reduce((s, r) => s + r.height, 0);

/** Places units on pages; returns each page's rows with their top offset from the content top. */
function paginate(units: readonly Unit[], contentHeight: number): { top: number; row: Row }[][] {
  const pages: { top: number; row: Row }[][] = [[]];
  let y = 0;
  const newPage = () => {
    pages.push([]);
    y = 0;
  };
  const place = (row: Row) => {
    pages[pages.length - 1]!.push({ top: y, row });
    y += row.height;
  };
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    if (unit.newPage) {
      if (y > 0) newPage();
      continue;
    }
    let height = unitHeight(unit);
    // Keep a chain of keep-with-next units (a heading) together with the unit that follows it.
    for (let j = i; units[j]?.keepWithNext && units[j + 1] && !units[j + 1]!.newPage; j++) {
      height += units[j + 1]!.gapBefore + unitHeight(units[j + 1]!);
    }
    const gap = y === 0 ? 0 : unit.gapBefore;
    if (y > 0 && y + gap + height > contentHeight && height <= contentHeight) newPage();
    else y += gap;
    if (y === 0 && unit.header && !unit.rows.includes(unit.header[0]!)) {
      for (const row of unit.header) place(row);
    }
    for (const row of unit.rows) {
      // Only a unit taller than a whole page gets here with no room: it flows on, between lines.
      if (y > 0 && y + row.height > contentHeight) {
        newPage();
        if (unit.header && !unit.rows.includes(unit.header[0]!)) for (const h of unit.header) place(h);
      }
      place(row);
    }
  }
  return pages;
}

/** Text drawn at a baseline, in PDF coordinates (y up from the bottom of the page). */
interface PlacedText {
  x: number;
  y: number;
  text: string;
  font: FontName;
  size: number;
}

/** A number as a PDF content stream writes it: at most three decimals, no exponent. */
const num = (n: number) => String(Math.round(n * 1000) / 1000);

/**
 * One page's content stream, written directly: all text in a single text object (a font change
 * only when the font or size does), then rules and boxes. It holds what `page.drawText` would
 * write per line, without the per-call graphics state and the operator objects that made a page
 * of short lines several times slower and filled the heap.
 */
function pageContent(
  fontKey: Readonly<Record<FontName, string>>,
  placed: readonly { top: number; row: Row }[],
  footer: readonly PlacedText[],
): string {
  const text: string[] = ['BT'];
  const paths: string[] = [];
  let current = '';
  const show = (t: PlacedText) => {
    if (t.text === '') return;
    const font = `${fontKey[t.font]} ${num(t.size)} Tf`;
    if (font !== current) {
      text.push(font);
      current = font;
    }
    text.push(`1 0 0 1 ${num(t.x)} ${num(t.y)} Tm`, `<${winAnsiHex(t.text)}> Tj`);
  };
  for (const { top, row } of placed) {
    // Our y runs down from the top of the line; PDF's runs up from the bottom of the page.
    const lineTop = MARGIN.top + top;
    for (const op of row.ops) {
      if (op.kind === 'text') {
        show({ ...op, y: PAGE.height - (lineTop + op.y + op.size) });
      } else if (op.kind === 'rule') {
        const y = num(PAGE.height - (lineTop + op.y));
        paths.push('0.6 w', `${num(op.x)} ${y} m ${num(op.x + op.width)} ${y} l S`);
      } else {
        const bottom = PAGE.height - (lineTop + op.y + BODY_SIZE);
        paths.push('0.8 w', `${num(op.x)} ${num(bottom)} ${num(op.size)} ${num(op.size)} re S`);
        if (op.checked) {
          const [x0, x1, y0, y1] = [
            op.x + 1.5,
            op.x + op.size - 1.5,
            bottom + 1.5,
            bottom + op.size - 1.5,
          ].map(num);
          paths.push(`${x0} ${y0} m ${x1} ${y1} l ${x0} ${y1} m ${x1} ${y0} l S`);
        }
      }
    }
  }
  text.push(`${GREY} g`);
  for (const t of footer) show(t);
  text.push('ET');
  return [...text, 'q', ...paths, 'Q', ''].join('\n');
}

/**
 * Renders the document as a PDF on US Letter with Helvetica and Helvetica-Bold. Characters the
 * standard fonts cannot draw are replaced (see `toWinAnsi`); the HTML and text renderings keep
 * them. The title and `options.createdAt` go into the PDF's metadata; no clock is read.
 */
export async function renderPdf(doc: DocumentModel, options: PdfOptions = {}): Promise<Uint8Array> {
  // Loaded on first use: most API and daily-run invocations draw no PDF, and pdf-lib is the largest
  // part of those bundles, so their cold start does not pay for it.
  const { PDFDocument, PDFRawStream, StandardFonts } = await import('pdf-lib');
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const fonts: Fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
  };
  const m = new Measures(fonts);
  const small = m.of('regular', FOOTER_SIZE);
  // Room for the widest page label, so the footer text never runs into it.
  const labelRoom = small('Page 9999 of 9999') + CELL_GAP;
  const footerLines = doc.footer ? wrapText(toWinAnsi(doc.footer), CONTENT_WIDTH - labelRoom, small) : [];
  const footerBaseline = MARGIN.bottom / 2;
  const footerTop =
    footerBaseline + FOOTER_SIZE + Math.max(0, footerLines.length - 1) * lineHeight(FOOTER_SIZE);
  // A long footer pushes the content up rather than running into it.
  const contentHeight = CONTENT_HEIGHT - Math.max(0, footerTop + FOOTER_SIZE - MARGIN.bottom);
  const pages = paginate(
    doc.blocks.flatMap((b) => blockUnits(b, m)),
    contentHeight,
  );

  // Metadata strings are UTF-16 in a PDF, so the title keeps every character.
  pdf.setTitle(doc.title, { showInWindowTitleBar: true });
  pdf.setProducer('Duebook');
  pdf.setCreator('Duebook');
  pdf.setLanguage('en-US');
  if (options.author) pdf.setAuthor(options.author);
  if (options.createdAt) {
    pdf.setCreationDate(options.createdAt);
    pdf.setModificationDate(options.createdAt);
  }

  pages.forEach((rows, index) => {
    const page = pdf.addPage([PAGE.width, PAGE.height]);
    const label = `Page ${index + 1} of ${pages.length}`;
    const footer: PlacedText[] = [
      {
        x: PAGE.width - MARGIN.right - small(label),
        y: footerBaseline,
        text: label,
        font: 'regular',
        size: FOOTER_SIZE,
      },
      ...footerLines.map((text, i) => ({
        x: MARGIN.left,
        y: footerBaseline + (footerLines.length - 1 - i) * lineHeight(FOOTER_SIZE),
        text,
        font: 'regular' as const,
        size: FOOTER_SIZE,
      })),
    ];
    const fontKey = {
      regular: page.node.newFontDictionary(fonts.regular.name, fonts.regular.ref).asString(),
      bold: page.node.newFontDictionary(fonts.bold.name, fonts.bold.ref).asString(),
    };
    // Compressed with Node's native zlib: pdf-lib's own compressor is JavaScript and was the
    // largest single cost of a page.
    const stream = PDFRawStream.of(
      pdf.context.obj({ Filter: 'FlateDecode' }),
      deflateSync(Buffer.from(pageContent(fontKey, rows, footer), 'latin1')),
    );
    page.node.addContentStream(pdf.context.register(stream));
  });
  // pdf-lib yields to the event loop every 50 objects by default; a letter is small enough that
  // waiting for those timers costs more than the work, so it is written in one go.
  return pdf.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}
