// Renders a DocumentModel as a US Letter PDF with pdf-lib and an embedded Unicode font (Duebook
// Sans, subset per document): words wrapped by measured width, page breaks only between lines,
// table headers repeated on each page, letters with a letterhead and the recipient's address
// placed for a US #10 window envelope, and "Page N of M" (per letter) in every footer.
import { deflateSync } from 'node:zlib';
import type { PDFFont, PDFImage } from 'pdf-lib';
import type { Block, DocumentImage, DocumentModel } from '../../core/documents/document.js';
import { fitColumns, type Measure, wrapText } from '../../core/documents/layout.js';
import { fontBytes } from './fonts.js';

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
// Duebook Sans runs wider than Helvetica: 9.5 pt sets about as many words a line as Helvetica at 10.
const BODY_SIZE = 9.5;
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
  | { kind: 'text'; x: number; y: number; text: string; font: FontName; size: number; grey?: boolean }
  | { kind: 'image'; x: number; y: number; width: number; height: number; image: string }
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
  /** Starts a letter: a new page, and page numbers count from 1 again. */
  letter?: boolean;
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
  constructor(
    private readonly fonts: Fonts,
    /** Text as the font can draw it (see `drawable`). */
    readonly clean: (text: string) => string,
    /** Embedded images by their base64, with their size in pixels. */
    readonly images: ReadonlyMap<string, { name: string; width: number; height: number }> = new Map(),
  ) {}
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
  const wrap = (text: string, width: number, measure = body) => wrapText(m.clean(text), width, measure);
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
      const natural = Math.max(0, ...block.rows.map(([label]) => bold(m.clean(label)))) + CELL_GAP;
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
    case 'letterhead':
      return [letterheadUnit(block, m)];
  }
}

/**
 * Where a US #10 window envelope (4.5 x 1.125 in, 7/8 in from the left) shows a tri-folded
 * letter: the recipient's block starts 2 in from the top of the page, 1 in from its left edge, at
 * most 3.4 in wide and 5 lines (1.125 in) tall.
 */
export const WINDOW = { left: 72, top: 144, width: 245, height: 81, maxLines: 5 } as const;
const LOGO_BOX = { width: 150, height: 54 } as const;
const SMALL = 8.5;

/** The head of a letter as one row: letterhead, window address block, and the date and references. */
function letterheadUnit(block: Extract<Block, { kind: 'letterhead' }>, m: Measures): Unit {
  const ops: Op[] = [];
  const right = PAGE.width - MARGIN.right;
  const logo = block.office.logo ? m.images.get(block.office.logo.dataBase64) : undefined;
  if (logo) {
    const scale = Math.min(LOGO_BOX.width / logo.width, LOGO_BOX.height / logo.height);
    ops.push({
      kind: 'image',
      x: MARGIN.left,
      y: 0,
      width: logo.width * scale,
      height: logo.height * scale,
      image: logo.name,
    });
  }
  // The office's name and lines, right-aligned at the top: the letterhead and the remit-to address.
  const nameSize = 13;
  const nameMeasure = m.of('bold', nameSize);
  const smallMeasure = m.of('regular', SMALL);
  let y = 0;
  for (const line of wrapText(m.clean(block.office.name), CONTENT_WIDTH / 2, nameMeasure)) {
    ops.push({ kind: 'text', x: right - nameMeasure(line), y, text: line, font: 'bold', size: nameSize });
    y += lineHeight(nameSize);
  }
  for (const line of block.office.lines.flatMap((l) =>
    wrapText(m.clean(l), CONTENT_WIDTH / 2, smallMeasure),
  )) {
    ops.push({
      kind: 'text',
      x: right - smallMeasure(line),
      y,
      text: line,
      font: 'regular',
      size: SMALL,
      grey: true,
    });
    y += lineHeight(SMALL);
  }
  // The recipient, where the envelope's window shows it (the row starts at the top margin).
  const body = m.of('regular', BODY_SIZE);
  const windowTop = WINDOW.top - MARGIN.top;
  const recipient = block.recipient
    .flatMap((l) => wrapText(m.clean(l), WINDOW.width, body))
    .slice(0, WINDOW.maxLines);
  recipient.forEach((line, i) => {
    ops.push({
      kind: 'text',
      x: WINDOW.left,
      y: windowTop + i * lineHeight(BODY_SIZE),
      text: line,
      font: 'regular',
      size: BODY_SIZE,
    });
  });
  // Date and references beside the window, labels right-aligned against their values.
  const bold = m.of('bold', BODY_SIZE);
  const valueX = right - Math.max(0, ...block.fields.map(([, v]) => body(m.clean(v))));
  block.fields.forEach(([label, value], i) => {
    const top = windowTop + i * lineHeight(BODY_SIZE);
    const l = m.clean(label);
    ops.push({
      kind: 'text',
      x: valueX - CELL_GAP - bold(l),
      y: top,
      text: l,
      font: 'bold',
      size: BODY_SIZE,
    });
    ops.push({ kind: 'text', x: valueX, y: top, text: m.clean(value), font: 'regular', size: BODY_SIZE });
  });
  const height = Math.max(
    y,
    windowTop + WINDOW.height,
    windowTop + block.fields.length * lineHeight(BODY_SIZE),
  );
  return { gapBefore: 0, rows: [{ height, ops }], letter: true };
}

function tableUnits(block: Extract<Block, { kind: 'table' }>, m: Measures): Unit[] {
  const body = m.of('regular', BODY_SIZE);
  const bold = m.of('bold', BODY_SIZE);
  const n = block.columns.length;
  const rows = block.rows.map((r) => block.columns.map((_, c) => m.clean(r[c] ?? '')));
  const headers = block.columns.map((c) => m.clean(c.header));
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
function paginate(
  units: readonly Unit[],
  contentHeight: number,
  letters: number[] = [],
): { top: number; row: Row }[][] {
  const pages: { top: number; row: Row }[][] = [[]];
  letters.push(0);
  let y = 0;
  const newPage = () => {
    pages.push([]);
    letters.push(letters[letters.length - 1]!);
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
    if (unit.letter) {
      if (y > 0 || pages[pages.length - 1]!.length > 0) newPage();
      letters[letters.length - 1] = i + 1;
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
  encode: (font: FontName, text: string) => string,
  imageKey: (name: string) => string,
  placed: readonly { top: number; row: Row }[],
  footer: readonly PlacedText[],
): string {
  const text: string[] = ['BT'];
  const paths: string[] = [];
  let current = '';
  let grey = false;
  const show = (t: PlacedText & { grey?: boolean }) => {
    if (t.text === '') return;
    const font = `${fontKey[t.font]} ${num(t.size)} Tf`;
    if (font !== current) {
      text.push(font);
      current = font;
    }
    if ((t.grey ?? false) !== grey) {
      grey = t.grey ?? false;
      text.push(grey ? `${GREY} g` : '0 g');
    }
    text.push(`1 0 0 1 ${num(t.x)} ${num(t.y)} Tm`, `${encode(t.font, t.text)} Tj`);
  };
  for (const { top, row } of placed) {
    // Our y runs down from the top of the line; PDF's runs up from the bottom of the page.
    const lineTop = MARGIN.top + top;
    for (const op of row.ops) {
      if (op.kind === 'text') {
        show({ ...op, y: PAGE.height - (lineTop + op.y + op.size) });
      } else if (op.kind === 'image') {
        const bottom = PAGE.height - (lineTop + op.y + op.height);
        paths.push(
          'q',
          `${num(op.width)} 0 0 ${num(op.height)} ${num(op.x)} ${num(bottom)} cm`,
          `${imageKey(op.image)} Do`,
          'Q',
        );
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
  for (const t of footer) show({ ...t, grey: true });
  text.push('ET');
  return [...text, 'q', ...paths, 'Q', ''].join('\n');
}

type Fontkit = Parameters<import('pdf-lib').PDFDocument['registerFontkit']>[0];
type ParsedFont = ReturnType<Fontkit['create']>;
const parsedFonts = new Map<Uint8Array, ParsedFont>();

/** Texts laid out per parsed font kept for the next documents; past this many the memo starts over. */
const LAYOUT_MEMO_SIZE = 20_000;

/**
 * fontkit that parses each font file once per process, and lays out each text once per process:
 * parsing and shaping are most of the cost of a small PDF. The parsed font and its glyph runs are
 * only read (each document makes its own subset from them), so documents stay byte for byte the same.
 */
function cachingFontkit(fontkit: Fontkit): Fontkit {
  return {
    create(bytes: Uint8Array, postscriptName?: string) {
      let font = parsedFonts.get(bytes);
      if (!font) {
        font = memoizeLayout(fontkit.create(bytes, postscriptName));
        parsedFonts.set(bytes, font);
      }
      return font;
    },
  } as Fontkit;
}

/** The font with `layout(text, features)` remembered per text and features (what pdf-lib calls). */
function memoizeLayout(font: ParsedFont): ParsedFont {
  const f = font as unknown as { layout: (text: string, features?: unknown, ...rest: unknown[]) => unknown };
  const layout = f.layout.bind(font);
  const runs = new Map<string, unknown>();
  f.layout = (text, features, ...rest) => {
    if (rest.length > 0 || typeof text !== 'string') return layout(text, features, ...rest);
    const key = `${JSON.stringify(features ?? null)}\u0000${text}`;
    let run = runs.get(key);
    if (run === undefined) {
      run = layout(text, features);
      if (runs.size >= LAYOUT_MEMO_SIZE) runs.clear();
      runs.set(key, run);
    }
    return run;
  };
  return font;
}

/** Unicode look-alikes for characters the font lacks. */
const LOOK_ALIKES: Readonly<Record<string, string>> = { '\t': ' ', '\r': ' ', '\n': ' ' };

/**
 * Text as the font can draw it: composed (NFC, so "e" + two accents becomes "ễ"), tabs and line
 * breaks as spaces, and a character the font lacks as a visible "?" so a clerk notices it.
 */
function drawable(charset: ReadonlySet<number>): (text: string) => string {
  return (text) => {
    let out = '';
    for (const ch of text.normalize('NFC')) {
      const alike = LOOK_ALIKES[ch];
      if (alike !== undefined) out += alike;
      else out += charset.has(ch.codePointAt(0)!) ? ch : '?';
    }
    return out;
  };
}

/**
 * Renders the document as a PDF on US Letter in Duebook Sans (embedded, only the glyphs used), so
 * every name prints as written; a character the font lacks prints as "?". Each `letterhead` block
 * starts a letter on a new page, numbered from 1. The title and `options.createdAt` go into the
 * PDF's metadata; no clock is read, so the same document and date give the same bytes.
 */
export async function renderPdf(doc: DocumentModel, options: PdfOptions = {}): Promise<Uint8Array> {
  // Loaded on first use: most API and daily-run invocations draw no PDF, and pdf-lib is the largest
  // part of those bundles, so their cold start does not pay for it.
  const [{ PDFDocument, PDFRawStream }, fontkit] = await Promise.all([
    import('pdf-lib'),
    import('@pdf-lib/fontkit').then((m) => (m as { default?: unknown }).default ?? m),
  ]);
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(cachingFontkit(fontkit as Fontkit));
  // The font subsets and their character maps compressed by Node's native zlib rather than
  // pdf-lib's JavaScript one (pako, a port of zlib: the same bytes at the same settings).
  pdf.context.flateStream = (contents, dict = {}) =>
    pdf.context.stream(deflateSync(contents), { ...dict, Filter: 'FlateDecode' });
  const bytes = fontBytes();
  // No kerning or ligatures: a line is as wide as its characters, so right-aligned columns align.
  const features = { kern: false, liga: false };
  const fonts: Fonts = {
    regular: await pdf.embedFont(bytes.regular, { subset: true, customName: 'DuebookSans', features }),
    bold: await pdf.embedFont(bytes.bold, { subset: true, customName: 'DuebookSans-Bold', features }),
  };
  const charset = new Set(fonts.regular.getCharacterSet());
  const images = await embedImages(pdf, doc.blocks);
  const m = new Measures(fonts, drawable(charset), new Map([...images].map(([k, v]) => [k, v.info])));
  const small = m.of('regular', FOOTER_SIZE);
  // Room for the widest page label, so the footer text never runs into it.
  const labelRoom = small('Page 9999 of 9999') + CELL_GAP;
  const footerLines = doc.footer ? wrapText(m.clean(doc.footer), CONTENT_WIDTH - labelRoom, small) : [];
  const footerBaseline = MARGIN.bottom / 2;
  const footerTop =
    footerBaseline + FOOTER_SIZE + Math.max(0, footerLines.length - 1) * lineHeight(FOOTER_SIZE);
  // A long footer pushes the content up rather than running into it.
  const contentHeight = CONTENT_HEIGHT - Math.max(0, footerTop + FOOTER_SIZE - MARGIN.bottom);
  const letterOf: number[] = [];
  const pages = paginate(
    doc.blocks.flatMap((b) => blockUnits(b, m)),
    contentHeight,
    letterOf,
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
    // Pages count within a letter: a bulk file of letters numbers each letter's pages from 1.
    const letter = letterOf[index]!;
    const first = letterOf.indexOf(letter);
    const count = letterOf.filter((l) => l === letter).length;
    const label = `Page ${index - first + 1} of ${count}`;
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
    const encode = (font: FontName, text: string) => fonts[font].encodeText(text).toString();
    const imageKey = (name: string) => {
      const image = [...images.values()].find((i) => i.info.name === name)!;
      return page.node.newXObject('Im', image.image.ref).asString();
    };
    const stream = PDFRawStream.of(
      pdf.context.obj({ Filter: 'FlateDecode' }),
      deflateSync(Buffer.from(pageContent(fontKey, encode, imageKey, rows, footer), 'latin1')),
    );
    page.node.addContentStream(pdf.context.register(stream));
  });
  // pdf-lib yields to the event loop every 50 objects by default; a letter is small enough that
  // waiting for those timers costs more than the work, so it is written in one go.
  return pdf.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}

/** The letterheads' logos, embedded once each, by their base64. */
async function embedImages(
  pdf: import('pdf-lib').PDFDocument,
  blocks: readonly Block[],
): Promise<Map<string, { image: PDFImage; info: { name: string; width: number; height: number } }>> {
  const out = new Map<string, { image: PDFImage; info: { name: string; width: number; height: number } }>();
  for (const b of blocks) {
    if (b.kind !== 'letterhead' || !b.office.logo) continue;
    const logo: DocumentImage = b.office.logo;
    if (out.has(logo.dataBase64)) continue;
    const bytes = Buffer.from(logo.dataBase64, 'base64');
    const image = logo.contentType === 'image/png' ? await pdf.embedPng(bytes) : await pdf.embedJpg(bytes);
    out.set(logo.dataBase64, {
      image,
      info: { name: `logo${out.size}`, width: image.width, height: image.height },
    });
  }
  return out;
}
