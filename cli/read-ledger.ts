// Reads a ledger for the CLI from an .xlsx workbook or a folder of CSV files named after the tabs.
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { unguardText } from '../core/ledger/cell-guard.js';
import type { PlainCsvTab, TabColumns } from '../core/ledger/ledger-columns.js';
import { TAB_NAMES, type TabName, tabFileName, tabFromName } from '../core/ledger/schema.js';
import type { LedgerRows } from '../core/ledger/schema-rows.js';
import { fastCsvColumns } from './csv-fast-columns.js';
import { XlsxColumns } from './xlsx-columns.js';
import { RowsSink, type XlsxSheet, XlsxWorkbook } from './xlsx-reader.js';
import { XlsxZipError } from './xlsx-zip.js';

/** A ledger file or folder that could not be read at all (as opposed to cells that fail validation). */
export class LedgerReadError extends Error {
  override name = 'LedgerReadError';
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A CSV text that breaks RFC 4180; `line` and `column` are 1-based and point at the offending character. */
export class CsvParseError extends Error {
  override name = 'CsvParseError';
  readonly code = 'CSV.MALFORMED';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
  }
}

/**
 * Parses CSV text (RFC 4180): comma-separated, fields optionally in double quotes, `""` for a quote
 * inside a quoted field, records ending in CRLF, LF or a lone CR (old Mac exports, which would
 * otherwise read as one record), line breaks allowed inside quoted fields, and a
 * leading byte-order mark ignored. A final line break does not start an empty record; a blank line
 * in the middle is a record with one empty field, so record numbers match the rows a spreadsheet shows.
 * Throws `CsvParseError` for a quote inside an unquoted field, text after a closing quote, or a
 * quoted field that never closes.
 *
 * @example parseCsv('id,note\r\n1,"say ""hi"""\r\n') // [['id', 'note'], ['1', 'say "hi"']]
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  scanCsv(text, {
    field: (src, from, to, quoted) => record.push(fieldText(src, from, to, quoted)),
    end: () => {
      records.push(record);
      record = [];
    },
  });
  return records;
}

/** A field's text: a quoted one without its doubled quotes. */
function fieldText(src: string, from: number, to: number, quoted: boolean): string {
  const raw = src.slice(from, to);
  return quoted && raw.includes('"') ? raw.replaceAll('""', '"') : raw;
}

/**
 * Receives `scanCsv`'s fields in order, each as where it lies in `src` (the text without its
 * byte-order mark; a quoted field's content between its quotes, doubled quotes still doubled), and
 * the end of each record.
 */
export interface CsvSink {
  field(src: string, from: number, to: number, quoted: boolean): void;
  end(): void;
}

/**
 * The one CSV scanner behind `parseCsv` and `parseCsvColumns`, with the same rules and errors: it
 * says where each field lies and where each record ends, so a caller keeps rows, columns or offsets.
 */
export function scanCsv(text: string, sink: CsvSink): void {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = src.length;
  // Fields in the current record so far, so a text ending in "a," still ends its record.
  let fields = 0;
  while (i < n) {
    // At the start of a field.
    if (src.charCodeAt(i) === QUOTE) {
      const openLine = line;
      const openColumn = i - lineStart + 1;
      i++;
      const from = i;
      for (;;) {
        if (i >= n) throw new CsvParseError('quoted field is never closed', openLine, openColumn);
        const ch = src.charCodeAt(i);
        if (ch === QUOTE) {
          if (src.charCodeAt(i + 1) === QUOTE) {
            i += 2;
            continue;
          }
          break;
        }
        if (ch === LF || (ch === CR && src.charCodeAt(i + 1) !== LF)) {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      sink.field(src, from, i, true);
      i++;
      if (i < n) {
        const next = src.charCodeAt(i);
        if (next !== COMMA && next !== LF && next !== CR) {
          throw new CsvParseError('unexpected text after a closing quote', line, i - lineStart + 1);
        }
      }
    } else {
      const from = i;
      for (; i < n; i++) {
        const ch = src.charCodeAt(i);
        if (ch === COMMA || ch === LF || ch === CR) break;
        if (ch === QUOTE) {
          throw new CsvParseError(
            'quote inside an unquoted field (put the whole field in quotes and double the quote)',
            line,
            i - lineStart + 1,
          );
        }
      }
      sink.field(src, from, i, false);
    }
    fields++;
    if (i >= n) break;
    if (src.charCodeAt(i) === COMMA) {
      i++;
      // "a," ends in an empty field, also at the very end of the text.
      if (i >= n) {
        sink.field(src, n, n, false);
        fields++;
      }
      continue;
    }
    // A line break (CRLF, LF or a lone CR) ends the record.
    i += src.charCodeAt(i) === CR && src.charCodeAt(i + 1) === LF ? 2 : 1;
    line++;
    lineStart = i;
    sink.end();
    fields = 0;
  }
  if (fields > 0) sink.end();
}

/**
 * A CSV table as columns (core's `TabColumns`): the header, then per header column where each
 * record's field lies in `text`, one entry per record after the header (record `k` is sheet row
 * `k + 2`; a short record reads as empty texts). A field that is not in the text as it reads (quoted
 * with doubled quotes, or written through the formula guard) is kept as a string instead: its start
 * is `-1 - i` for `special[i]`. `wide` is true when a record has more non-blank fields than the header.
 */
export class CsvColumns implements TabColumns {
  header: string[] = [];
  count = 0;
  wide = false;
  text = '';
  starts: Int32Array[] = [];
  ends: Int32Array[] = [];
  special: string[] = [];

  /** The text of record `k`'s field in column `c`, as `parseCsv` gives it. */
  cell(c: number, k: number): string {
    const s = this.starts[c]![k]!;
    return s >= 0 ? this.text.slice(s, this.ends[c]![k]!) : this.special[-1 - s]!;
  }
}

/**
 * Parses CSV text (the rules of `parseCsv`) straight into columns of offsets: no array per record
 * and no string per field. Fields written through the formula guard read back unguarded, as
 * `readCsvFile` does. `bytes`, when given, are the text as read from its file (its UTF-8).
 */
export function parseCsvColumns(text: string, bytes: Uint8Array = Buffer.from(text)): CsvColumns {
  const table = new CsvColumns();
  // Most files are plain ASCII: one tight pass over the bytes reads them; the scanner below reads the rest.
  const plain = isAscii(bytes) ? fastCsvColumns(bytes, text) : undefined;
  if (plain) return Object.assign(table, plain);
  let inHeader = true;
  let at = 0;
  let capacity = 0;
  scanCsv(text, {
    field: (src, from, to, quoted) => {
      table.text = src;
      if (inHeader) {
        table.header.push(unguardText(fieldText(src, from, to, quoted)));
        return;
      }
      if (at < table.starts.length) {
        const k = table.count;
        if (k >= capacity) {
          capacity = Math.max(1024, capacity * 2);
          table.starts = table.starts.map((col) => grow(col, capacity));
          table.ends = table.ends.map((col) => grow(col, capacity));
        }
        // A quoted field without doubled quotes is in the text as it reads (its closing quote is at `to`).
        const verbatim = (!quoted || src.indexOf('"', from) === to) && src.charCodeAt(from) !== APOSTROPHE;
        if (verbatim) {
          table.starts[at]![k] = from;
          table.ends[at]![k] = to;
        } else {
          const special = table.special.push(unguardText(fieldText(src, from, to, quoted))) - 1;
          table.starts[at]![k] = -1 - special;
        }
      } else if (fieldText(src, from, to, quoted).trim() !== '') table.wide = true;
      at++;
    },
    end: () => {
      if (inHeader) {
        inHeader = false;
        table.starts = table.header.map(() => new Int32Array(0));
        table.ends = table.header.map(() => new Int32Array(0));
      } else {
        // A short record: its missing fields read as empty.
        for (; at < table.starts.length; at++) {
          table.starts[at]![table.count] = 0;
          table.ends[at]![table.count] = 0;
        }
        table.count++;
      }
      at = 0;
    },
  });
  return table;
}

function grow(a: Int32Array, capacity: number): Int32Array {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}

const APOSTROPHE = 39;
const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Where a tab's rows came from, for messages. */
export interface LedgerSource {
  kind: 'xlsx' | 'csv';
  path: string;
  /** File (CSV) or sheet name (xlsx) per tab found. */
  tabs: Partial<Record<TabName, string>>;
  /** Things a clerk may want to know that do not stop reading (an unrecognised sheet or file). */
  notes: string[];
}

export interface LedgerInput {
  rows: LedgerRows;
  source: LedgerSource;
}

/**
 * Reads a ledger from `path`: an `.xlsx` workbook (sheets named after the tabs, any case) or a folder
 * holding `customers.csv`, `invoices.csv`, ... (any case). Tabs that are absent are empty. Throws
 * `LedgerReadError` when the path is missing, of an unsupported kind, or a file cannot be read.
 */
export async function readLedger(path: string): Promise<LedgerInput> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (cause) {
    throw new LedgerReadError('LEDGER.NOT_FOUND', `${path}: no such file or folder`, { cause });
  }
  if (info.isDirectory()) return readCsvFolder(path);
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return readXlsx(path);
  if (ext === '.csv') {
    throw new LedgerReadError(
      'LEDGER.UNSUPPORTED',
      `${path}: give the folder that holds the CSV files (customers.csv, invoices.csv, ...), not one file`,
    );
  }
  throw new LedgerReadError(
    'LEDGER.UNSUPPORTED',
    `${path}: not a ledger (expected an .xlsx workbook or a folder of CSV files named after the tabs)`,
  );
}

/** The tab files of a CSV folder, in name order, with the notes about files that are not tabs. */
async function listCsvTabs(dir: string): Promise<{ files: [TabName, string][]; source: LedgerSource }> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (cause) {
    throw new LedgerReadError('LEDGER.UNREADABLE', `${dir}: cannot list the folder (${errorText(cause)})`, {
      cause,
    });
  }
  const files: [TabName, string][] = [];
  const source: LedgerSource = { kind: 'csv', path: dir, tabs: {}, notes: [] };
  for (const name of names) {
    if (extname(name).toLowerCase() !== '.csv') continue;
    const tab = tabFromName(name.slice(0, -4));
    if (!tab) {
      source.notes.push(
        `${name}: not a ledger tab, ignored (tabs: ${TAB_NAMES.map(tabFileName).join(', ')})`,
      );
      continue;
    }
    if (source.tabs[tab]) {
      throw new LedgerReadError(
        'LEDGER.DUPLICATE_TAB',
        `${dir}: both ${source.tabs[tab]} and ${name} hold the ${tab} tab`,
      );
    }
    files.push([tab, join(dir, name)]);
    source.tabs[tab] = name;
  }
  if (Object.keys(source.tabs).length === 0) {
    throw new LedgerReadError(
      'LEDGER.EMPTY',
      `${dir}: no ledger CSV files found (expected ${TAB_NAMES.map(tabFileName).join(', ')})`,
    );
  }
  return { files, source };
}

async function readCsvFolder(dir: string): Promise<LedgerInput> {
  const { files, source } = await listCsvTabs(dir);
  const rows: LedgerRows = {};
  for (const [tab, file] of files) rows[tab] = await readCsvFile(file);
  return { rows, source };
}

/** A CSV folder or an .xlsx read as columns per tab (see `readLedgerColumns`). */
export interface LedgerColumnsInput {
  tabs: Partial<Record<TabName, TabColumns>>;
  source: LedgerSource;
  /**
   * True when some record has more fields than its header (or a sheet's header is not plain text):
   * the row path reads such a ledger.
   */
  wide: boolean;
}

/**
 * Reads a ledger folder of CSV files, or an .xlsx workbook (streamed, sheet by sheet), as columns,
 * with the errors `readLedger` gives for it (the same files, in the same order). Returns
 * `undefined` for anything else (a missing path, another kind of file): `readLedger` refuses those.
 */
export async function readLedgerColumns(path: string): Promise<LedgerColumnsInput | undefined> {
  let folder: boolean;
  try {
    folder = (await stat(path)).isDirectory();
  } catch {
    return undefined;
  }
  if (!folder) return extname(path).toLowerCase() === '.xlsx' ? readXlsxColumns(path) : undefined;
  const { files, source } = await listCsvTabs(path);
  const tabs: Partial<Record<TabName, TabColumns>> = {};
  const tables: (CsvColumns | LazyCsvColumns)[] = [];
  for (const [tab, file] of files) {
    try {
      const raw = await readCsvRaw(file);
      // The Invoices and Payments tabs (most of a ledger) are scanned only if their readers cannot
      // read the bytes themselves.
      const lazy = tab === 'Invoices' || tab === 'Payments' ? LazyCsvColumns.of(file, raw) : undefined;
      const table = lazy ?? parseCsvFile(file, raw);
      tables.push(table);
      tabs[tab] = table;
    } catch (cause) {
      // A file read earlier but not scanned yet names its own mistake first, as it would have.
      for (const earlier of tables) if (earlier instanceof LazyCsvColumns) earlier.table();
      throw cause;
    }
  }
  return {
    tabs,
    source,
    get wide() {
      return tables.some((t) => t.wide);
    },
  };
}

/** A CSV file's bytes parsed into columns of offsets, its mistakes as `LedgerReadError`s. */
function parseCsvFile(file: string, raw: Buffer): CsvColumns {
  const { text, bytes } = csvText(file, raw);
  try {
    return parseCsvColumns(text, bytes);
  } catch (cause) {
    throw csvReadError(file, cause);
  }
}

/**
 * A plain ASCII CSV file (the header unquoted on its first line) whose records are scanned into
 * offsets only when something asks for them: a reader that reads `plain.bytes` itself (the
 * Invoices tab's) never does. A mistake in the file is then reported when it is scanned.
 */
class LazyCsvColumns implements PlainCsvTab {
  #table: CsvColumns | undefined;
  #text: string | undefined;
  private constructor(
    private readonly file: string,
    private readonly bytes: Buffer,
    readonly header: string[],
    readonly plain: { bytes: Uint8Array; from: number; allPlain?: boolean },
  ) {}

  /** The file as a lazy table when it is plain ASCII with a plain header line; else undefined. */
  static of(file: string, bytes: Buffer): LazyCsvColumns | undefined {
    if (!isAscii(bytes)) return undefined;
    const lf = bytes.indexOf(LF);
    if (lf < 0) return undefined;
    const line = bytes.toString('latin1', 0, lf > 0 && bytes[lf - 1] === CR ? lf - 1 : lf);
    if (line.includes('"') || line.includes('\r')) return undefined;
    return new LazyCsvColumns(file, bytes, line.split(',').map(unguardText), { bytes, from: lf + 1 });
  }

  /** The file's text (ASCII: copied, not decoded), made when first asked for. */
  get text(): string {
    this.#text ??= this.bytes.toString('latin1');
    return this.#text;
  }

  /** The records as offsets (scanned when first asked for). */
  table(): CsvColumns {
    if (!this.#table) {
      try {
        this.#table = parseCsvColumns(this.text, this.bytes);
      } catch (cause) {
        throw csvReadError(this.file, cause);
      }
    }
    return this.#table;
  }

  get count(): number {
    return this.table().count;
  }
  get starts(): Int32Array[] {
    return this.table().starts;
  }
  get ends(): Int32Array[] {
    return this.table().ends;
  }
  /** A file whose every record its reader found plain has none wider than its header. */
  get wide(): boolean {
    return this.#table ? this.#table.wide : this.plain.allPlain ? false : this.table().wide;
  }
  cell(c: number, k: number): string {
    return this.table().cell(c, k);
  }
}

/** Reads one CSV file's text; rejects text that is not UTF-8 rather than guessing an encoding. */
async function readCsvText(file: string): Promise<string> {
  return (await readCsvBytes(file)).text;
}

/** One CSV file's bytes and its text (UTF-8; ASCII, the usual case, is copied rather than decoded). */
async function readCsvBytes(file: string): Promise<{ text: string; bytes: Buffer }> {
  return csvText(file, await readCsvRaw(file));
}

/**
 * One CSV file's bytes, as they are: read at once into one buffer of the file's size (a ledger's
 * files are read one after another anyway; `readFile` would hand 512 KB pieces through the thread
 * pool, waiting for the event loop between them).
 */
async function readCsvRaw(file: string): Promise<Buffer> {
  try {
    return readWholeFile(file);
  } catch (cause) {
    throw new LedgerReadError('LEDGER.UNREADABLE', `${file}: cannot read (${errorText(cause)})`, { cause });
  }
}

function readWholeFile(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    // As readFile: the size fstat gives, or (0: a file that does not say) until its end.
    const size = fstatSync(fd).size;
    let bytes = Buffer.allocUnsafe(size > 0 ? size : 64 * 1024);
    let length = 0;
    for (;;) {
      if (length === bytes.length) {
        if (size > 0) break;
        const bigger = Buffer.allocUnsafe(bytes.length * 2);
        bytes.copy(bigger, 0, 0, length);
        bytes = bigger;
      }
      const n = readSync(fd, bytes, length, bytes.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return length === bytes.length ? bytes : bytes.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** A CSV file's text from its bytes; rejects bytes that are not UTF-8 ('CSV.ENCODING'). */
function csvText(file: string, bytes: Buffer): { text: string; bytes: Buffer } {
  if (isAscii(bytes)) return { text: bytes.toString('latin1'), bytes };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), bytes };
  } catch (cause) {
    throw new LedgerReadError('CSV.ENCODING', `${file}: not UTF-8 text (save it as "CSV UTF-8")`, { cause });
  }
}

function csvReadError(file: string, cause: unknown): unknown {
  return cause instanceof CsvParseError
    ? new LedgerReadError(cause.code, `${file}: ${cause.message}`, { cause })
    : cause;
}

/** Reads and parses one CSV file; rejects text that is not UTF-8 rather than guessing an encoding. */
export async function readCsvFile(file: string): Promise<string[][]> {
  const text = await readCsvText(file);
  try {
    // A field Duebook wrote through the formula guard ('=...) reads back as it was; in place, since
    // only such fields change.
    const records = parseCsv(text);
    for (const record of records) {
      for (let f = 0; f < record.length; f++) {
        const field = record[f]!;
        if (field.charCodeAt(0) === 39) record[f] = unguardText(field);
      }
    }
    return records;
  } catch (cause) {
    throw csvReadError(file, cause);
  }
}

/**
 * The most a workbook may hold once decompressed. A real ledger of 100,000 rows is a few tens of
 * MB; a small file that inflates past this is a zip bomb, refused before it takes the memory.
 */
export const MAX_XLSX_UNPACKED_BYTES = 256 * 1024 * 1024;

/**
 * Checks an .xlsx (a zip) before anything decompresses it: reads the central directory, refuses a
 * total declared size over `maxBytes`, and inflates each entry with its declared size as the limit,
 * so a size that lies is caught too. Throws `LedgerReadError` ('XLSX.TOO_LARGE', 'XLSX.UNREADABLE').
 */
export function checkXlsxSize(file: string, bytes: Buffer, maxBytes = MAX_XLSX_UNPACKED_BYTES): void {
  const unreadable = (why: string) =>
    new LedgerReadError('XLSX.UNREADABLE', `${file}: not a readable .xlsx workbook (${why})`);
  const tooLarge = (size: string) =>
    new LedgerReadError(
      'XLSX.TOO_LARGE',
      `${file}: the workbook decompresses to ${size}, over the ${maxBytes / 1024 / 1024} MB a ledger may hold; ` +
        'save the tabs as CSV files in a folder instead',
    );
  // End of central directory: 22 bytes plus a comment of at most 65,535.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw unreadable('no zip directory');
  const entries = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  if (entries === 0xffff || at === 0xffffffff) throw tooLarge('more than a 32-bit zip can say (ZIP64)');
  let declared = 0;
  for (let e = 0; e < entries; e++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50)
      throw unreadable('a damaged zip directory');
    const method = bytes.readUInt16LE(at + 10);
    const packed = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const local = bytes.readUInt32LE(at + 42);
    if (size === 0xffffffff || packed === 0xffffffff)
      throw tooLarge('more than a 32-bit zip can say (ZIP64)');
    declared += size;
    if (declared > maxBytes) throw tooLarge(`at least ${declared} bytes`);
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== 0x04034b50)
      throw unreadable('a damaged zip entry');
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (method === 8) {
      try {
        const out = inflateRawSync(bytes.subarray(start, start + packed), {
          maxOutputLength: Math.max(1, size),
        });
        if (out.length !== size) throw unreadable('an entry is not the size its directory says');
      } catch (e) {
        if (e instanceof LedgerReadError) throw e;
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          throw tooLarge(`more than its directory declares (${declared} bytes)`);
        throw unreadable('an entry does not decompress');
      }
    } else if (method !== 0) {
      throw unreadable(`compression method ${method}`);
    }
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
}

async function readXlsx(file: string): Promise<LedgerInput> {
  const rows: LedgerRows = {};
  const source: LedgerSource = { kind: 'xlsx', path: file, tabs: {}, notes: [] };
  await withWorkbook(file, async (book) => {
    for (const [tab, sheet] of ledgerSheets(file, book, source)) {
      const sink = new RowsSink();
      await book.readSheet(sheet, sink);
      rows[tab] = sink.result();
    }
  });
  return { rows, source };
}

/**
 * Opens the workbook, runs `use`, closes it; what the zip or its XML refuses becomes the
 * `LedgerReadError` a clerk sees ('XLSX.TOO_LARGE', 'XLSX.UNREADABLE', 'LEDGER.UNREADABLE').
 */
async function withWorkbook(file: string, use: (book: XlsxWorkbook) => Promise<void>): Promise<void> {
  let book: XlsxWorkbook;
  try {
    book = await XlsxWorkbook.open(file, MAX_XLSX_UNPACKED_BYTES);
  } catch (cause) {
    throw xlsxReadError(file, cause);
  }
  try {
    // The sheets that are ledger tabs are checked as they stream; every other part is checked first.
    await book.checkOtherParts(book.sheets.filter((s) => tabFromName(s.name.trim()) !== undefined));
    await use(book);
  } catch (cause) {
    throw xlsxReadError(file, cause);
  } finally {
    await book.close();
  }
}

function xlsxReadError(file: string, cause: unknown): unknown {
  if (cause instanceof LedgerReadError) return cause;
  if (cause instanceof XlsxZipError) {
    return cause.code === 'XLSX.TOO_LARGE'
      ? new LedgerReadError(
          'XLSX.TOO_LARGE',
          `${file}: the workbook decompresses to ${cause.detail}, over the ${MAX_XLSX_UNPACKED_BYTES / 1024 / 1024} MB a ledger may hold; ` +
            'save the tabs as CSV files in a folder instead',
          { cause },
        )
      : new LedgerReadError('XLSX.UNREADABLE', `${file}: not a readable .xlsx workbook (${cause.detail})`, {
          cause,
        });
  }
  if ((cause as { syscall?: string }).syscall !== undefined)
    return new LedgerReadError('LEDGER.UNREADABLE', `${file}: cannot read (${errorText(cause)})`, { cause });
  return cause;
}

/**
 * The workbook's sheets that are ledger tabs, in its order; a note for each other sheet. Throws
 * `LedgerReadError` for two sheets of one tab ('LEDGER.DUPLICATE_TAB') or none ('LEDGER.EMPTY').
 */
function ledgerSheets(file: string, book: XlsxWorkbook, source: LedgerSource): [TabName, XlsxSheet][] {
  const out: [TabName, XlsxSheet][] = [];
  for (const sheet of book.sheets) {
    const tab = tabFromName(sheet.name.trim());
    if (!tab) {
      source.notes.push(`sheet "${sheet.name}": not a ledger tab, ignored`);
      continue;
    }
    if (source.tabs[tab]) {
      throw new LedgerReadError(
        'LEDGER.DUPLICATE_TAB',
        `${file}: both sheets "${source.tabs[tab]}" and "${sheet.name}" hold the ${tab} tab`,
      );
    }
    out.push([tab, sheet]);
    source.tabs[tab] = sheet.name;
  }
  if (out.length === 0) {
    throw new LedgerReadError(
      'LEDGER.EMPTY',
      `${file}: no sheet is named after a ledger tab (${TAB_NAMES.join(', ')})`,
    );
  }
  return out;
}

/** An .xlsx read as columns per tab, streamed sheet by sheet (see `readLedgerColumns`). */
async function readXlsxColumns(file: string): Promise<LedgerColumnsInput> {
  const tabs: Partial<Record<TabName, TabColumns>> = {};
  const source: LedgerSource = { kind: 'xlsx', path: file, tabs: {}, notes: [] };
  let wide = false;
  await withWorkbook(file, async (book) => {
    for (const [tab, sheet] of ledgerSheets(file, book, source)) {
      const columns = new XlsxColumns();
      await book.readSheet(sheet, columns.sink);
      tabs[tab] = columns.finish();
      wide ||= columns.wide || columns.odd;
    }
  });
  return { tabs, source, wide };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
