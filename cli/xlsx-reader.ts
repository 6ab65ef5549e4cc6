// The streaming .xlsx reader: the workbook's sheet list, styles and shared strings, then one sheet's
// cells at a time, parsed as the sheet inflates and handed to a sink, with the cell semantics the
// ledger has always had (exceljs's reading, flattened as `cellValue` flattened it).
import { unguardText } from '../core/ledger/cell-guard.js';
import { fromDay } from '../core/ledger/dates.js';
import { UnreadableCell } from '../core/ledger/schema-cells.js';
import { XlsxZipError, type ZipEntry, ZipReader } from './xlsx-zip.js';
import {
  attrText,
  type ByteXmlHandler,
  ByteXmlScanner,
  type CellAttrs,
  shortAttrsBytes,
  xmlText,
} from './xml-bytes.js';
import { attr, XmlScanError, XmlScanner } from './xml-scan.js';

/** A cell's value as the ledger reads it: text, a number, a boolean, an ISO date, null or an unreadable cell. */
export type XlsxValue = string | number | boolean | null | UnreadableCell;

/** Receives one sheet's cells in sheet order (1-based row and column numbers); a later call for a cell overrides an earlier one. */
export interface SheetSink {
  /** Row `r` exists (it may hold no cell). */
  row(r: number): void;
  cell(r: number, c: number, value: XlsxValue): void;
}

/** A sheet of the workbook, in the workbook's order. */
export interface XlsxSheet {
  name: string;
  /** Zip entry of its XML. */
  entry: ZipEntry;
  /** Zip entry of its relationships (hyperlink targets), if any. */
  rels?: ZipEntry;
}

/**
 * Built-in number formats that show a date or time (ECMA-376 part 1, 18.8.30, as exceljs lists
 * them with a format code): a number cell styled with one reads as a date.
 */
const BUILT_IN_DATE_FORMATS: ReadonlySet<number> = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** A format code that shows a date or time: a y m d h s or b outside quotes and brackets (exceljs's test). */
export function isDateFormat(code: string): boolean {
  return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Excel's escaped characters in shared and run text (`_x000D_`). */
const unescapeX = (s: string) =>
  s.indexOf('_x') < 0
    ? s
    : s.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

/** The second decoding exceljs gives a formula's text result and `t="str"` cells. */
const decodeAgain = (s: string) =>
  s.indexOf('&') < 0
    ? s
    : s.replace(/&([a-z]*);/g, (c) =>
        c === '&lt;'
          ? '<'
          : c === '&gt;'
            ? '>'
            : c === '&amp;'
              ? '&'
              : c === '&apos;'
                ? "'"
                : c === '&quot;'
                  ? '"'
                  : c,
      );

/** A serial day number (1900 or 1904 system) as the ISO date a clerk sees; null when it is no date. */
function serialToIso(v: unknown, date1904: boolean): string | null {
  const ms = Math.round((Number(v) - 25_569 + (date1904 ? 1462 : 0)) * 86_400_000);
  if (!(Math.abs(ms) <= 8.64e15)) return null;
  return fromDay(Math.floor(ms / 86_400_000));
}

/** Column number of a cell reference's letters ("B7" -> 2, "$AA$3" -> 27); 0 when it has none. */
function columnOf(ref: string): number {
  let c = 0;
  for (let i = 0; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch === 36) continue;
    if (ch >= 65 && ch <= 90) c = c * 26 + ch - 64;
    else if (ch >= 97 && ch <= 122) c = c * 26 + ch - 96;
    else break;
  }
  return c;
}

const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The text of a plain number read as digits `m` with `scale` of them after the point ("0.05": 5, 2;
 * "1497.80": 149780, 2): with no leading zero but "0." before the point, the digits say it exactly.
 */
function decimalText(m: number, scale: number): string {
  if (scale === 0) return String(m);
  const digits = String(m).padStart(scale + 1, '0');
  return `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
}

/** `Number.parseInt(s, 10)` of a style index, digit by digit when it is plain digits. */
function styleOf(s: string): number {
  const n = s.length;
  if (n === 0 || n > 9) return Number.parseInt(s, 10);
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.parseInt(s, 10);
    v = v * 10 + d;
  }
  return v;
}

function rowOf(ref: string): number {
  const m = /(\d+)$/.exec(ref);
  return m ? Number(m[1]) : 0;
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const V = 118;
const T = 116;

/** `</v></c>` at `b[at]` (8 bytes there). */
const isVCEnd = (b: Uint8Array, at: number) =>
  b[at + 1] === SLASH &&
  b[at + 2] === V &&
  b[at + 3] === GT &&
  b[at + 4] === LT &&
  b[at + 5] === SLASH &&
  b[at + 6] === 99 &&
  b[at + 7] === GT;

/** `</t></si>` at `b[at]` (9 bytes there). */
const isTSiEnd = (b: Uint8Array, at: number) =>
  b[at + 1] === SLASH &&
  b[at + 2] === T &&
  b[at + 3] === GT &&
  b[at + 4] === LT &&
  b[at + 5] === SLASH &&
  b[at + 6] === 115 &&
  b[at + 7] === 105 &&
  b[at + 8] === GT;

/** Collects every tag of a small part (the workbook, relationships, styles) with its attributes. */
function tagsOf(xml: string, names: readonly string[]): { name: string; attrs: string; path: string[] }[] {
  const out: { name: string; attrs: string; path: string[] }[] = [];
  const path: string[] = [];
  const scanner = new XmlScanner({
    wantText: false,
    open: (name, attrs) => {
      if (names.includes(name)) out.push({ name, attrs, path: [...path] });
      path.push(name);
    },
    close: () => {
      path.pop();
    },
    text: () => {},
  });
  scanner.push(xml);
  scanner.end();
  return out;
}

/** A workbook open for reading: its sheets, read one by one with `readSheet`. Close it when done. */
export class XlsxWorkbook {
  private sharedStrings: string[] | undefined;
  /** 1 where the shared string is rich text (its runs joined, never unguarded). */
  private richStrings: Uint8Array = new Uint8Array(0);

  private constructor(
    private readonly zip: ZipReader,
    readonly sheets: readonly XlsxSheet[],
    private readonly dateStyles: Uint8Array,
    private readonly date1904: boolean,
  ) {}

  /** Opens the workbook and reads its sheet list and styles (small parts). */
  static async open(path: string, maxBytes: number): Promise<XlsxWorkbook> {
    const zip = await ZipReader.open(path, maxBytes);
    try {
      const part = async (name: string) => {
        const entry = zip.entries.get(name);
        return entry ? await zip.readText(entry) : undefined;
      };
      const workbookXml = await part('xl/workbook.xml');
      const relsXml = await part('xl/_rels/workbook.xml.rels');
      const targets = new Map<string, string>();
      for (const t of tagsOf(relsXml ?? '', ['Relationship'])) {
        const id = attr(t.attrs, 'Id');
        const target = attr(t.attrs, 'Target');
        if (id !== undefined && target !== undefined) targets.set(id, target);
      }
      let date1904 = false;
      // As exceljs orders them: by the first position of the sheet's id in the workbook's list.
      const byId = new Map<number, { sheet: XlsxSheet; order: number }>();
      const ids: number[] = [];
      for (const t of tagsOf(workbookXml ?? '', ['sheet', 'workbookPr'])) {
        if (t.name === 'workbookPr') {
          date1904 = attr(t.attrs, 'date1904') === '1';
          continue;
        }
        const id = Number.parseInt(attr(t.attrs, 'sheetId') ?? '', 10);
        ids.push(id);
        const target = targets.get(attr(t.attrs, 'r:id') ?? '');
        if (target === undefined) continue;
        const entryName = `xl/${target.replace(/^(\s|\/xl\/)+/, '')}`;
        const match = /xl\/worksheets\/sheet(\d+)[.]xml/.exec(entryName);
        const entry = zip.entries.get(entryName);
        // Chart sheets and parts that are not worksheets are not sheets of cells.
        if (!match || !entry) continue;
        const sheet: XlsxSheet = {
          name: decodeAgain(attr(t.attrs, 'name') ?? ''),
          entry,
          rels: zip.entries.get(`xl/worksheets/_rels/sheet${match[1]}.xml.rels`),
        };
        byId.set(id, { sheet, order: ids.indexOf(id) });
      }
      const sheets = [...byId.values()].sort((a, b) => a.order - b.order).map((s) => s.sheet);
      const dateStyles = await readDateStyles(await part('xl/styles.xml'));
      return new XlsxWorkbook(zip, sheets, dateStyles, date1904);
    } catch (e) {
      await zip.close();
      throw e instanceof XmlScanError ? new XlsxZipError('XLSX.UNREADABLE', e.message) : e;
    }
  }

  async close(): Promise<void> {
    await this.zip.close();
  }

  /**
   * Checks every part the reader will not stream (all but `sheets` and the shared strings) inflates
   * to its declared size within the caps, as the whole-workbook check did before anything was read.
   */
  async checkOtherParts(sheets: readonly XlsxSheet[]): Promise<void> {
    await this.zip.checkEntries(new Set([...sheets.map((s) => s.entry.name), 'xl/sharedStrings.xml']));
  }

  /** The shared strings, streamed once on first use. */
  private async strings(): Promise<string[]> {
    if (this.sharedStrings) return this.sharedStrings;
    const strings: string[] = [];
    let rich: number[] = [];
    const entry = this.zip.entries.get('xl/sharedStrings.xml');
    if (entry) {
      // <si> holds a <t>, or runs <r><t>; phonetic runs (<rPh>) are not the cell's text.
      let depthInPh = 0;
      let inRun = false;
      let inT = false;
      let plain: string | undefined;
      let runs: string[] | undefined;
      let runText = '';
      let text = '';
      const handler: ByteXmlHandler = {
        wantText: false,
        open(name) {
          if (name === 'si') {
            plain = undefined;
            runs = undefined;
          } else if (name === 'rPh') depthInPh++;
          else if (depthInPh > 0) return;
          else if (name === 'r') {
            inRun = true;
            runText = '';
          } else if (name === 't') {
            inT = true;
            text = '';
            handler.wantText = true;
          }
        },
        close(name) {
          if (name === 'rPh') depthInPh--;
          else if (depthInPh > 0) return;
          else if (name === 't' && inT) {
            inT = false;
            handler.wantText = false;
            if (inRun) runText = unescapeX(text);
            else plain = unescapeX(text);
          } else if (name === 'r' && inRun) {
            inRun = false;
            runs = runs ?? [];
            runs.push(runText);
          } else if (name === 'si') {
            if (runs) rich.push(strings.length);
            strings.push(runs ? runs.join('') : (plain ?? ''));
          }
        },
        text(b, from, to, cdata) {
          text += xmlText(b, from, to, cdata);
        },
        content(name, b, at) {
          // `<si><t>TEXT</t></si>` whole in `b`: the events of `<t>`, its text, `</t>` and `</si>`.
          if (name !== 'si' || depthInPh > 0 || inRun || inT) return -1;
          const n = b.length;
          if (at + 3 > n || b[at] !== LT || b[at + 1] !== T || b[at + 2] !== GT) return -1;
          let lt = at + 3;
          while (lt < n && b[lt] !== LT) lt++;
          if (lt + 9 > n || !isTSiEnd(b, lt)) return -1;
          text = lt > at + 3 ? xmlText(b, at + 3, lt, false) : '';
          strings.push(unescapeX(text));
          return lt + 9;
        },
      };
      const scanner = new ByteXmlScanner(handler);
      for await (const piece of this.zip.chunks(entry)) scanner.push(piece);
      scanner.end();
    }
    this.richStrings = new Uint8Array(strings.length);
    for (const i of rich) this.richStrings[i] = 1;
    rich = [];
    this.sharedStrings = strings;
    return strings;
  }

  /**
   * Streams one sheet's cells into `sink`: each value as the ledger has always read it; then the
   * merged ranges (their hidden cells become unreadable cells naming the range) and hyperlinks.
   * Throws `XlsxZipError` ('XLSX.UNREADABLE', 'XLSX.TOO_LARGE') for a sheet that cannot be read.
   */
  async readSheet(sheet: XlsxSheet, sink: SheetSink): Promise<void> {
    try {
      await this.readSheetCells(sheet, sink);
    } catch (e) {
      throw e instanceof XmlScanError ? new XlsxZipError('XLSX.UNREADABLE', e.message) : e;
    }
  }

  private async readSheetCells(sheet: XlsxSheet, sink: SheetSink): Promise<void> {
    const strings = await this.strings();
    const rich = this.richStrings;
    const dateStyles = this.dateStyles;
    const date1904 = this.date1904;
    const merges: string[] = [];
    const hyperlinks: { ref: string; rId: string }[] = [];
    // Formula cells saved without a result, by reference: a hyperlink on one makes it blank (exceljs).
    const noResult = new Map<string, [number, number]>();
    const sharedMasters = new Map<string, string>();
    const dates = new Map<string, string | null>();
    const days = new Map<number, string | null>();

    let rowNumber = 0;
    let col = 0;
    let ref = '';
    /** With `col`, the cell's plain reference ("B7": 7) when `ref` is not made; else 0. */
    let refRow = 0;
    let type: string | undefined;
    let dateStyle = false;
    let value: string | undefined;
    /** The value's plain digits as a number (-1: none); `value` is then undefined. */
    let intValue = -1;
    /** Digits of `intValue` after the point. */
    let intScale = 0;
    let formula: string | undefined;
    let isFormula = false;
    let shareType: string | undefined;
    let si: string | undefined;
    let masterRef = false;
    let runs: string[] | undefined;
    let inRun = false;
    let runText = '';
    // What text goes to: 0 nothing, 1 the value (<v>, <t>), 2 the formula, 3 a run's <t>.
    let target = 0;
    let inCell = false;

    /** The cell's reference as written (made only when a message or a map needs it). */
    const cellRef = () => (refRow > 0 ? letters(col) + refRow : ref);
    const startCell = (r: string | undefined, t: string | undefined, s: string | undefined) => {
      inCell = true;
      col = r !== undefined ? columnOf(r) : col + 1;
      ref = r ?? '';
      refRow = 0;
      type = t;
      const style = s !== undefined ? styleOf(s) : 0;
      dateStyle = style > 0 && dateStyles[style] === 1;
      resetCell();
    };
    /** `startCell` for plain attributes read as numbers (`CellAttrs`). */
    const startPlainCell = (a: CellAttrs) => {
      inCell = true;
      if (a.row > 0) {
        col = a.col;
        refRow = a.row;
      } else {
        col = a.r !== undefined ? columnOf(a.r) : col + 1;
        ref = a.r ?? '';
        refRow = 0;
      }
      type = a.t;
      const style = a.style >= 0 ? a.style : a.s !== undefined ? styleOf(a.s) : 0;
      dateStyle = style > 0 && dateStyles[style] === 1;
      resetCell();
    };
    const resetCell = () => {
      value = undefined;
      intValue = -1;
      formula = undefined;
      isFormula = false;
      shareType = undefined;
      runs = undefined;
      inRun = false;
      target = 0;
    };
    const startRow = (r: string | undefined) =>
      startRowAt(r !== undefined ? Number.parseInt(r, 10) : rowNumber + 1);
    const startRowAt = (r: number) => {
      rowNumber = r;
      col = 0;
      sink.row(rowNumber);
    };
    const cellAttrs: CellAttrs = { r: undefined, s: undefined, t: undefined, row: 0, col: 0, style: -1 };

    const handler: ByteXmlHandler = {
      wantText: false,
      open(name, b, from, to) {
        if (inCell) {
          if (name === 'v') target = 1;
          else if (name === 'f') {
            const attrs = attrText(b, from, to);
            target = 2;
            shareType = attr(attrs, 't');
            si = attr(attrs, 'si');
            masterRef = attr(attrs, 'ref') !== undefined;
            if (shareType) isFormula = true;
          } else if (name === 'r') {
            inRun = true;
            runText = '';
          } else if (name === 't') target = inRun ? 3 : 1;
          else return;
          handler.wantText = target !== 0;
          return;
        }
        // A cell's or row's attributes read in one pass over the bytes, else as `attr` reads them.
        if (name === 'c') {
          if (shortAttrsBytes(b, from, to, cellAttrs)) startPlainCell(cellAttrs);
          else {
            const attrs = attrText(b, from, to);
            startCell(attr(attrs, 'r'), attr(attrs, 't'), attr(attrs, 's'));
          }
        } else if (name === 'row') {
          if (!shortAttrsBytes(b, from, to, cellAttrs, true)) startRow(attr(attrText(b, from, to), 'r'));
          // Number.parseInt of "7" is 7, of "B7" NaN.
          else if (cellAttrs.row > 0) startRowAt(cellAttrs.col === 0 ? cellAttrs.row : Number.NaN);
          else startRow(cellAttrs.r);
        } else if (name === 'mergeCell') {
          const m = attr(attrText(b, from, to), 'ref');
          if (m !== undefined) merges.push(m);
        } else if (name === 'hyperlink') {
          const attrs = attrText(b, from, to);
          const at = attr(attrs, 'ref');
          const rId = attr(attrs, 'r:id');
          if (at !== undefined && rId !== undefined) hyperlinks.push({ ref: at, rId });
        }
      },
      text(b, from, to, cdata) {
        // A cell's value of plain digits (a shared string's index, a day, an amount) is kept as digits
        // and a scale, no string made: `ddd` or `ddd.dd`, no leading zero but "0.", 15 digits at most.
        if (target === 1 && value === undefined && intValue < 0 && !cdata) {
          const n = to - from;
          if (n >= 1 && n <= 16) {
            let v = 0;
            let digits = 0;
            let point = -1;
            let i = from;
            for (; i < to; i++) {
              const ch = b[i]!;
              if (ch === 46 && point < 0) {
                point = i;
                continue;
              }
              const d = ch - 48;
              if (d < 0 || d > 9) break;
              v = v * 10 + d;
              digits++;
            }
            if (i === to && digits <= 15) {
              const whole = point < 0 ? n : point - from;
              const scale = point < 0 ? 0 : to - point - 1;
              if (whole >= 1 && (point < 0 || scale >= 1) && (b[from] !== 48 || whole === 1)) {
                intValue = v;
                intScale = scale;
                return;
              }
            }
          }
        }
        const t = xmlText(b, from, to, cdata);
        if (target === 1 && intValue >= 0) {
          // Its text, exactly (see `decimalText`).
          value = decimalText(intValue, intScale);
          intValue = -1;
        }
        if (target === 1) value = value === undefined ? t : value + t;
        else if (target === 2) formula = formula === undefined ? t : formula + t;
        else if (target === 3) runText += t;
      },
      close(name) {
        if (!inCell) return;
        if (name === 'v' || name === 'f' || name === 't') {
          if (name === 't' && inRun) target = 0;
          else if (target !== 3) target = 0;
          if (name === 'f' && formula !== undefined && formula !== '') isFormula = true;
          handler.wantText = false;
          return;
        }
        if (name === 'r' && inRun) {
          inRun = false;
          runs = runs ?? [];
          runs.push(unescapeX(runText));
          return;
        }
        if (name === 'c') endCell();
      },
      content(name, b, at) {
        // `<c ...><v>TEXT</v></c>` whole in `b`: the events of `<v>`, its text, `</v>` and `</c>`.
        if (name !== 'c' || !inCell) return -1;
        const n = b.length;
        if (at + 3 > n || b[at] !== LT || b[at + 1] !== V || b[at + 2] !== GT) return -1;
        let lt = at + 3;
        while (lt < n && b[lt] !== LT) lt++;
        if (lt + 8 > n || !isVCEnd(b, lt)) return -1;
        target = 1;
        if (lt > at + 3) handler.text(b, at + 3, lt, false);
        target = 0;
        handler.wantText = false;
        endCell();
        return lt + 8;
      },
    };
    /** The cell's value, as `</c>` ends it. */
    const endCell = () => {
      inCell = false;
      handler.wantText = false;
      if (intValue >= 0) {
        const v = intValue;
        const scale = intScale;
        intValue = -1;
        if (!isFormula && !runs) {
          if (type === 's' && scale === 0) {
            const s = strings[v];
            if (s !== undefined) {
              sink.cell(rowNumber, col, rich[v] === 1 ? s : unguardText(s));
              return;
            }
          } else if ((type === undefined || type === 'n') && (scale === 0 || !dateStyle)) {
            // Both exact doubles (15 digits, a power of ten): the quotient is Number.parseFloat's.
            if (!dateStyle) sink.cell(rowNumber, col, scale === 0 ? v : v / POWERS_OF_TEN[scale]!);
            else {
              let iso = days.get(v);
              if (iso === undefined) {
                iso = serialToIso(v, date1904);
                if (days.size < 100_000) days.set(v, iso);
              }
              sink.cell(rowNumber, col, iso);
            }
            return;
          }
        }
        value = decimalText(v, scale);
      }
      if (isFormula) {
        let result: unknown;
        if (value !== undefined && value !== '') {
          if (type === 'str') result = decodeAgain(value);
          else if (type === 'b') result = Number.parseInt(value, 10) !== 0;
          else if (type === 'e') result = value;
          else result = Number.parseFloat(value);
          if (dateStyle) result = serialToIso(type === 'e' ? Number.NaN : result, date1904);
        }
        let text = formula;
        if (shareType === 'shared' && si !== undefined) {
          if (masterRef) sharedMasters.set(si, cellRef());
          else text = formula || sharedMasters.get(si);
        }
        if (result === undefined || (typeof result === 'number' && Number.isNaN(result))) {
          sink.cell(
            rowNumber,
            col,
            new UnreadableCell(
              `is the formula =${String(text ?? '').slice(0, 60)} saved without its result; open and save the workbook in Excel (or type the value)`,
            ),
          );
          noResult.set(cellRef(), [rowNumber, col]);
        } else {
          sink.cell(
            rowNumber,
            col,
            typeof result === 'string' && type !== 'e' && !dateStyle
              ? unguardText(result)
              : (result as XlsxValue),
          );
        }
        return;
      }
      if (runs) {
        sink.cell(rowNumber, col, runs.join(''));
        return;
      }
      if (value === undefined) return;
      switch (type) {
        case 's': {
          const i = Number.parseInt(value, 10);
          const s = strings[i];
          if (s === undefined)
            throw new XlsxZipError(
              'XLSX.UNREADABLE',
              `cell ${cellRef()} names shared string ${value}, which the workbook does not have`,
            );
          sink.cell(rowNumber, col, rich[i] === 1 ? s : unguardText(s));
          return;
        }
        case 'str':
          sink.cell(rowNumber, col, unguardText(decodeAgain(value)));
          return;
        case 'inlineStr':
          sink.cell(rowNumber, col, unguardText(value));
          return;
        case 'b':
          sink.cell(rowNumber, col, Number.parseInt(value, 10) !== 0);
          return;
        case 'e':
          sink.cell(rowNumber, col, value);
          return;
        default: {
          if (!dateStyle) {
            sink.cell(rowNumber, col, Number.parseFloat(value));
            return;
          }
          // A column of dates holds a few hundred distinct days: each serial is converted once.
          let iso = dates.get(value);
          if (iso === undefined) {
            iso = serialToIso(Number.parseFloat(value), date1904);
            if (dates.size < 100_000) dates.set(value, iso);
          }
          sink.cell(rowNumber, col, iso);
        }
      }
    };
    const scanner = new ByteXmlScanner(handler);
    for await (const piece of this.zip.chunks(sheet.entry)) scanner.push(piece);
    scanner.end();

    if (hyperlinks.length > 0 && noResult.size > 0 && sheet.rels) {
      const rels = new Set(
        tagsOf(await this.zip.readText(sheet.rels), ['Relationship']).map((t) => attr(t.attrs, 'Id')),
      );
      for (const h of hyperlinks) {
        const at = noResult.get(h.ref);
        if (at && rels.has(h.rId)) sink.cell(at[0], at[1], null);
      }
    }
    applyMerges(merges, sink);
  }
}

/** Which cell styles (`cellXfs` index) show a date: built-in date formats or custom ones that read as dates. */
async function readDateStyles(xml: string | undefined): Promise<Uint8Array> {
  if (xml === undefined) return new Uint8Array(0);
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  for (const t of tagsOf(xml, ['numFmt', 'xf'])) {
    if (t.name === 'numFmt' && t.path[t.path.length - 1] === 'numFmts') {
      const id = Number.parseInt(attr(t.attrs, 'numFmtId') ?? '', 10);
      custom.set(id, attr(t.attrs, 'formatCode') ?? '');
    } else if (t.path[t.path.length - 1] === 'cellXfs') {
      xfs.push(Number.parseInt(attr(t.attrs, 'numFmtId') ?? '0', 10) || 0);
    }
  }
  const out = new Uint8Array(xfs.length);
  xfs.forEach((id, i) => {
    if (id === 0) return;
    // As exceljs: a custom code, or else the built-in one of that id.
    const code = custom.get(id);
    if (code ? isDateFormat(code) : BUILT_IN_DATE_FORMATS.has(id)) out[i] = 1;
  });
  return out;
}

/** A merged range as its corners (1-based, inclusive) and its name "B2:C3". */
interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
  range: string;
}

const letters = (c: number): string => {
  let s = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/**
 * The hidden part of a merged range shows the first cell's value: a copy the clerk never typed, so
 * each becomes an unreadable cell naming the range. Overlapping ranges are a damaged workbook.
 */
function applyMerges(refs: readonly string[], sink: SheetSink): void {
  const merges: Merge[] = [];
  for (const ref of refs) {
    const [a, b = a] = ref.split(':') as [string, string?];
    const r1 = rowOf(a);
    const r2 = rowOf(b!);
    const c1 = columnOf(a);
    const c2 = columnOf(b!);
    const m = {
      top: Math.min(r1, r2),
      left: Math.min(c1, c2),
      bottom: Math.max(r1, r2),
      right: Math.max(c1, c2),
      range: '',
    };
    if (m.top < 1 || m.left < 1) continue;
    m.range = `${letters(m.left)}${m.top}:${letters(m.right)}${m.bottom}`;
    for (const o of merges) {
      if (m.bottom >= o.top && m.top <= o.bottom && m.right >= o.left && m.left <= o.right)
        throw new XlsxZipError('XLSX.UNREADABLE', 'Cannot merge already merged cells');
    }
    merges.push(m);
  }
  for (const m of merges) {
    const master = m.range.split(':')[0];
    for (let r = m.top; r <= m.bottom; r++) {
      sink.row(r);
      for (let c = m.left; c <= m.right; c++) {
        if (r === m.top && c === m.left) continue;
        sink.cell(
          r,
          c,
          new UnreadableCell(
            `is part of the merged cells ${m.range} (its value belongs to ${master} only); unmerge them and type the value in each cell`,
          ),
        );
      }
    }
  }
}

/** A sheet as a 2-D array whose index 0 is sheet row 1 (what the row path validates); empty cells are null. */
export class RowsSink implements SheetSink {
  private rows: XlsxValue[][] = [];
  private count = 0;
  row(r: number): void {
    if (r > this.count) this.count = r;
  }
  cell(r: number, c: number, value: XlsxValue): void {
    if (r < 1 || c < 1) return;
    if (r > this.count) this.count = r;
    let row = this.rows[r - 1];
    if (!row) {
      row = [];
      this.rows[r - 1] = row;
    }
    row[c - 1] = value;
  }
  result(): XlsxValue[][] {
    const out: XlsxValue[][] = new Array(this.count);
    for (let r = 0; r < this.count; r++) {
      const row = this.rows[r];
      out[r] = row ? Array.from(row, (v) => (v === undefined ? null : v)) : [];
    }
    return out;
  }
}
