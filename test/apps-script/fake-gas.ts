// A strict, call-counting fake of the Apps Script services the add-on uses. Every object is a Proxy
// that throws on any member the fake does not implement (so the bundle cannot quietly depend on
// something untested) and records every call with its arguments (so tests and the bench can count
// service calls). UrlFetchApp is synchronous, as in Apps Script: real HTTP on loopback from a worker
// thread, or an in-process stand-in backend.

import { gunzipSync, gzipSync } from 'node:zlib';
import type { Gas } from '../../apps-script/src/gas.js';
import { SyncHttp, type SyncResponse } from './sync-http.js';

export interface CallRecord {
  service: string;
  method: string;
  args: unknown[];
  /** For Range calls: the sheet and cells the range covers. */
  range?: RangeCoords;
}

export interface RangeCoords {
  sheet: string;
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

export type AuthMode = 'NONE' | 'LIMITED' | 'FULL';

/** Calls allowed in AuthMode.NONE (an add-on's onOpen before authorisation): building the menu. */
const NONE_ALLOWED = new Set([
  'SpreadsheetApp.getUi',
  'Ui.createAddonMenu',
  'Menu.addItem',
  'Menu.addSeparator',
  'Menu.addSubMenu',
  'Menu.addToUi',
]);

/** Members JavaScript itself probes (await, string conversion, inspection); never Apps Script calls. */
const ENGINE_PROBES = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', '$$typeof', 'nodeType']);

export interface FetchRecord {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Body bytes as sent (after compression). */
  bytes: number;
  json?: unknown;
  status?: number;
  response?: string;
}

export class GasError extends Error {
  override name = 'GasError';
}

export interface StandInRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | undefined;
}

export interface FakeGasOptions {
  /** Spreadsheet time zone (default America/New_York). */
  timeZone?: string;
  /** Where the built HTML pages are (HtmlService.createHtmlOutputFromFile reads `<name>.html`). */
  pages?: Record<string, string>;
  /** The signed-in clerk. */
  email?: string;
  /** Answers fetches in-process instead of real HTTP (for the bench's recording backend). */
  backend?: (request: StandInRequest) => { status: number; body: string };
  /** The `Date` of the realm the bundle runs in, so `instanceof Date` holds for cell dates. */
  DateCtor?: DateConstructor;
  /** Called before each UrlFetchApp call (tests move the clock here). */
  onFetch?: () => void;
  /** Keep each request's JSON body (default true; the bench turns it off). */
  keepBodies?: boolean;
  /** Spreadsheet locale as Sheets reports it, e.g. `en_US`, `de_DE` (default en_US). */
  locale?: string;
}

type Cell = unknown;

export class FakeSheet {
  rows: Cell[][] = [];
  maxRows = 1000;
  maxColumns = 26;
  frozenRows = 0;
  hidden = false;
  hiddenColumns = new Set<number>();
  formats = new Map<number, string>();
  validations = new Map<number, unknown>();
  notes = new Map<string, string>();
  backgrounds = new Map<string, string | null>();
  fontWeights = new Map<string, string>();
  protections: FakeProtection[] = [];
  charts: FakeChart[] = [];
  links = new Map<string, string>();
  /** Per-cell number formats set with Range.setNumberFormats, keyed `row:column`. */
  cellFormats = new Map<string, string>();
  columnWidths = new Map<number, number>();
  /** Stable id Sheets gives a sheet (the `gid` of links to it). */
  sheetId = 0;
  /** Every string written that Sheets would have turned into a formula. */
  formulaInjections: { row: number; column: number; value: string }[] = [];

  constructor(public name: string) {}

  lastRow(): number {
    for (let r = this.rows.length - 1; r >= 0; r--) {
      const row = this.rows[r]!;
      if (row.some((v) => v !== '' && v !== null && v !== undefined)) return r + 1;
    }
    return 0;
  }

  lastColumn(): number {
    let last = 0;
    for (const row of this.rows) {
      for (let c = row.length - 1; c >= last; c--) {
        if (row[c] !== '' && row[c] !== null && row[c] !== undefined) {
          last = c + 1;
          break;
        }
      }
    }
    return last;
  }

  get(row: number, column: number): Cell {
    const v = this.rows[row - 1]?.[column - 1];
    return v === undefined || v === null ? '' : v;
  }

  set(row: number, column: number, value: Cell): void {
    if (row > this.maxRows) this.maxRows = row;
    if (column > this.maxColumns)
      throw new GasError(`column ${column} is outside the sheet (${this.maxColumns} columns)`);
    while (this.rows.length < row) this.rows.push([]);
    const r = this.rows[row - 1]!;
    while (r.length < column) r.push('');
    if (typeof value === 'string' && /^[=+\-@]/.test(value) && value.length > 1) {
      this.formulaInjections.push({ row, column, value });
    }
    // Sheets shows a HYPERLINK formula as its text, linked; a cell formatted as plain text ('@')
    // keeps the formula as literal text instead.
    const link =
      typeof value === 'string' ? /^=HYPERLINK\("((?:[^"]|"")*)","((?:[^"]|"")*)"\)$/.exec(value) : null;
    if (link && this.cellFormats.get(`${row}:${column}`) !== '@') {
      this.links.set(`${row}:${column}`, link[1]!.replaceAll('""', '"'));
      r[column - 1] = link[2]!.replaceAll('""', '"');
      return;
    }
    this.links.delete(`${row}:${column}`);
    r[column - 1] = typeof value === 'string' && value.startsWith("'") ? value.slice(1) : value;
  }

  /** Test helper: fills the sheet from a header and rows (not a recorded call). */
  load(values: readonly (readonly Cell[])[]): void {
    this.rows = values.map((r) => [...r]);
    this.maxRows = Math.max(1000, values.length);
    this.maxColumns = Math.max(26, ...values.map((r) => r.length));
  }

  /** Test helper: the header row as text. */
  header(): string[] {
    return (this.rows[0] ?? []).map((v) => String(v ?? ''));
  }

  /** Test helper: a column's values under a header, data rows only. */
  column(header: string): Cell[] {
    const at = this.header().indexOf(header);
    if (at < 0) throw new Error(`no column "${header}" on ${this.name}`);
    return this.rows.slice(1, this.lastRow()).map((r) => r[at] ?? '');
  }
}

interface FakeProtection {
  sheet: FakeSheet;
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
  description: string;
  warningOnly: boolean;
}

export interface FakeChart {
  type: string;
  ranges: { row: number; column: number; numRows: number; numColumns: number }[];
  options: Record<string, unknown>;
  /** Anchor cell and pixel offsets from setPosition. */
  position?: { row: number; column: number; offsetX: number; offsetY: number };
  numHeaders?: number;
}

export class FakeGas {
  readonly calls: CallRecord[] = [];
  readonly sheets: FakeSheet[] = [];
  readonly documentProperties = new Map<string, string>();
  readonly userProperties = new Map<string, string>();
  /** Script properties (set by whoever deploys the script project, e.g. DUEBOOK_ADMINS). */
  readonly scriptProperties = new Map<string, string>();
  readonly documents: { name: string; url: string; body: { kind: string; text: string }[] }[] = [];
  /** Files created with DriveApp.createFile (name, content, MIME type). */
  readonly driveFiles: { name: string; content: string; mimeType: string; url: string }[] = [];
  /** Answers the next Ui.prompt calls take, in order (button and text). */
  readonly promptAnswers: { button: 'OK' | 'CANCEL'; text: string }[] = [];
  readonly shown: { kind: 'sidebar' | 'dialog' | 'alert' | 'toast'; title: string; content: string }[] = [];
  readonly menus: { items: [string, string][]; added: boolean }[] = [];
  /** Every fetch: wire size of its body, the body as JSON (decompressed) and the answer. */
  readonly requests: FetchRecord[] = [];
  authMode: AuthMode = 'FULL';
  identityToken = '';
  active: { sheet: string; row: number; column: number } = { sheet: '', row: 1, column: 1 };
  lockHeld = false;
  private http: SyncHttp | undefined;
  private readonly opts: FakeGasOptions;
  private readonly timeZone: string;
  private readonly locale: string;
  private readonly DateCtor: DateConstructor;

  constructor(options: FakeGasOptions = {}) {
    this.opts = options;
    this.timeZone = options.timeZone ?? 'America/New_York';
    this.locale = options.locale ?? 'en_US';
    this.DateCtor = options.DateCtor ?? Date;
  }

  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  addSheet(name: string, values: readonly (readonly Cell[])[] = []): FakeSheet {
    const s = new FakeSheet(name);
    s.sheetId = this.sheets.length === 0 ? 0 : 1000 + this.sheets.length;
    s.load(values);
    this.sheets.push(s);
    if (!this.active.sheet) this.active.sheet = name;
    return s;
  }

  /** Number of recorded calls, optionally of one `Service.method`. */
  count(name?: string): number {
    if (!name) return this.calls.length;
    return this.calls.filter((c) => `${c.service}.${c.method}` === name).length;
  }

  resetCalls(): void {
    this.calls.length = 0;
    this.requests.length = 0;
  }

  close(): Promise<unknown> {
    return this.http?.close() ?? Promise.resolve();
  }

  /** A strict recording proxy over `impl`. */
  private obj<T extends object>(
    service: string,
    impl: T,
    options: { open?: boolean; range?: RangeCoords } = {},
  ): T {
    const gas = this;
    return new Proxy(impl, {
      get(target, prop, receiver) {
        if (typeof prop === 'symbol' || ENGINE_PROBES.has(prop)) return Reflect.get(target, prop, receiver);
        if (!(prop in target)) {
          throw new GasError(`fake Apps Script: ${service}.${prop} is not implemented by the fake`);
        }
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const name = `${service}.${prop}`;
          gas.calls.push(
            options.range
              ? { service, method: prop, args, range: options.range }
              : { service, method: prop, args },
          );
          if (gas.authMode === 'NONE' && !NONE_ALLOWED.has(name)) {
            throw new GasError(
              `${name}: not allowed in AuthMode.NONE (the add-on is not authorised in this document yet)`,
            );
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
      set(target, prop, value) {
        if (options.open) return Reflect.set(target, prop, value);
        throw new GasError(`fake Apps Script: cannot set ${service}.${String(prop)}`);
      },
    });
  }

  /** The globals the bundle sees. */
  /**
   * The add-on's services object (apps-script/src/gas.ts) over this fake, as main.ts builds it from
   * Apps Script's globals, with the clock at `now`: for calling server modules directly.
   */
  services(now: number): Gas {
    const g = this.globals() as Record<string, unknown>;
    return {
      spreadsheet: g.SpreadsheetApp,
      properties: g.PropertiesService,
      lock: g.LockService,
      urlFetch: g.UrlFetchApp,
      script: g.ScriptApp,
      session: g.Session,
      utilities: g.Utilities,
      html: g.HtmlService,
      documents: g.DocumentApp,
      drive: g.DriveApp,
      now: () => now,
    } as unknown as Gas;
  }

  globals(): Record<string, unknown> {
    return {
      SpreadsheetApp: this.spreadsheetApp(),
      PropertiesService: this.obj('PropertiesService', {
        getDocumentProperties: () => this.properties(this.documentProperties),
        getUserProperties: () => this.properties(this.userProperties),
        getScriptProperties: () => this.properties(this.scriptProperties),
      }),
      LockService: this.obj('LockService', { getDocumentLock: () => this.lock() }),
      UrlFetchApp: this.obj('UrlFetchApp', {
        fetch: (url: string, params: Record<string, unknown> = {}) => this.fetchAll([{ ...params, url }])[0],
        fetchAll: (requests: Record<string, unknown>[]) => this.fetchAll(requests),
      }),
      ScriptApp: this.obj('ScriptApp', {
        getIdentityToken: () => this.identityToken,
        AuthMode: { NONE: 'NONE', LIMITED: 'LIMITED', FULL: 'FULL', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION' },
      }),
      Session: this.obj('Session', {
        getActiveUser: () => this.user(),
        getEffectiveUser: () => this.user(),
        getScriptTimeZone: () => this.timeZone,
      }),
      Utilities: this.obj('Utilities', {
        newBlob: (data: string | number[] | Uint8Array, contentType?: string) =>
          this.blob(
            typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data as Uint8Array),
            contentType ?? '',
          ),
        gzip: (blob: { __bytes: Buffer }) => this.blob(gzipSync(blob.__bytes), 'application/x-gzip'),
        getUuid: () => crypto.randomUUID(),
      }),
      HtmlService: this.obj('HtmlService', {
        createHtmlOutputFromFile: (name: string) => this.htmlOutput(this.page(name)),
        createTemplateFromFile: (name: string) => this.template(this.page(name)),
      }),
      DocumentApp: this.obj('DocumentApp', {
        create: (name: string) => this.document(name),
        ParagraphHeading: {
          HEADING1: 'HEADING1',
          HEADING2: 'HEADING2',
          HEADING3: 'HEADING3',
          NORMAL: 'NORMAL',
        },
      }),
      DriveApp: this.obj('DriveApp', {
        createFile: (name: string, content: string, mimeType?: string) => {
          const url = `https://drive.google.com/file/d/file-${this.driveFiles.length + 1}/view`;
          this.driveFiles.push({ name, content, mimeType: mimeType ?? 'text/plain', url });
          return this.obj('File', { getUrl: () => url, getName: () => name });
        },
      }),
      Logger: this.obj('Logger', { log: (..._a: unknown[]) => undefined }),
      console: { log: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    };
  }

  private page(name: string): string {
    const html = this.opts.pages?.[name];
    if (html === undefined) throw new GasError(`No HTML file named ${name} was found.`);
    return html;
  }

  private user() {
    return this.obj('User', { getEmail: () => this.opts.email ?? 'clerk@example.com' });
  }

  private properties(store: Map<string, string>) {
    const total = () => [...store].reduce((s, [k, v]) => s + k.length + v.length, 0);
    return this.obj('Properties', {
      getProperty: (key: string) => store.get(key) ?? null,
      setProperty: (key: string, value: string) => {
        if (value.length > 9 * 1024) throw new GasError(`Argument too large: value (${key})`);
        store.set(key, String(value));
        if (total() > 500 * 1024) {
          store.delete(key);
          throw new GasError('You have exceeded the property storage quota.');
        }
        return undefined;
      },
      deleteProperty: (key: string) => {
        store.delete(key);
        return undefined;
      },
      getProperties: () => Object.fromEntries(store),
    });
  }

  private lock() {
    let mine = false;
    return this.obj('Lock', {
      tryLock: (_ms: number) => {
        if (this.lockHeld) return false;
        this.lockHeld = true;
        mine = true;
        return true;
      },
      hasLock: () => mine,
      releaseLock: () => {
        if (mine) this.lockHeld = false;
        mine = false;
      },
    });
  }

  private blob(bytes: Buffer, contentType: string) {
    let type = contentType;
    return this.obj('Blob', {
      getBytes: () => [...bytes].map((b) => (b > 127 ? b - 256 : b)),
      getDataAsString: () => bytes.toString('utf8'),
      getContentType: () => type,
      setContentType: (t: string) => {
        type = t;
        return undefined;
      },
      /** Not an Apps Script member (a value, so never recorded as a call): the fake's payload bytes. */
      __bytes: bytes,
    });
  }

  private fetchAll(requests: Record<string, unknown>[]) {
    const known = new Set([
      'url',
      'method',
      'headers',
      'payload',
      'contentType',
      'muteHttpExceptions',
      'followRedirects',
      'validateHttpsCertificates',
      'escaping',
    ]);
    const prepared = requests.map((r) => {
      for (const k of Object.keys(r))
        if (!known.has(k)) throw new GasError(`UrlFetchApp: unknown parameter ${k}`);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries((r.headers as Record<string, string>) ?? {}))
        headers[k.toLowerCase()] = v;
      let body: Uint8Array | undefined;
      const payload = r.payload;
      if (typeof payload === 'string') body = Buffer.from(payload, 'utf8');
      else if (Array.isArray(payload)) body = Buffer.from(payload.map((b: number) => b & 255));
      else if (payload && typeof payload === 'object') body = (payload as { __bytes: Buffer }).__bytes;
      if (body && r.contentType) headers['content-type'] = String(r.contentType);
      else if (body && !headers['content-type'])
        headers['content-type'] = 'application/x-www-form-urlencoded';
      const method = String(r.method ?? 'get').toUpperCase();
      const url = String(r.url);
      const record: FetchRecord = { url, method, headers, bytes: body?.length ?? 0 };
      if (body && this.opts.keepBodies !== false) {
        try {
          const plain = headers['content-encoding'] === 'gzip' ? gunzipSync(body) : Buffer.from(body);
          record.json = JSON.parse(plain.toString('utf8'));
        } catch {
          record.json = undefined;
        }
      }
      this.requests.push(record);
      return { url, method, headers, body, mute: r.muteHttpExceptions === true, record };
    });
    this.opts.onFetch?.();
    let answers: SyncResponse[];
    if (this.opts.backend) {
      answers = prepared.map((p) => {
        const a = this.opts.backend!({ url: p.url, method: p.method, headers: p.headers, body: p.body });
        return { ok: true, status: a.status, headers: {}, body: a.body };
      });
    } else {
      this.http ??= new SyncHttp();
      answers = this.http.all(
        prepared.map(({ url, method, headers, body }) => ({ url, method, headers, body })),
      );
    }
    return answers.map((a, i) => {
      if (a.ok) {
        prepared[i]!.record.status = a.status;
        if (this.opts.keepBodies !== false) prepared[i]!.record.response = a.body;
      }
      if (!a.ok) throw new GasError(`Exception: Address unavailable: ${prepared[i]!.url} (${a.error})`);
      if (!prepared[i]!.mute && (a.status < 200 || a.status >= 300)) {
        throw new GasError(`Exception: Request failed for ${prepared[i]!.url} returned code ${a.status}`);
      }
      return this.obj('HTTPResponse', {
        getResponseCode: () => a.status,
        getContentText: () => a.body,
        getHeaders: () => a.headers,
      });
    });
  }

  private htmlOutput(content: string) {
    const out = {
      title: '',
      width: 0,
      height: 0,
      content,
    };
    const proxy = this.obj('HtmlOutput', {
      setTitle: (t: string) => {
        out.title = t;
        return proxy;
      },
      setWidth: (w: number) => {
        out.width = w;
        return proxy;
      },
      setHeight: (h: number) => {
        out.height = h;
        return proxy;
      },
      getContent: () => out.content,
      getTitle: () => out.title,
    });
    return proxy;
  }

  private template(source: string) {
    const impl: Record<string, unknown> = {
      evaluate: () => {
        const html = source.replace(/<\?=\s*(\w+)\s*\?>/g, (_m, name: string) =>
          String(impl[name] ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`),
        );
        return this.htmlOutput(html);
      },
    };
    return this.obj('HtmlTemplate', impl, { open: true });
  }

  private document(name: string) {
    const id = `doc-${this.documents.length + 1}`;
    const doc = {
      name,
      url: `https://docs.google.com/document/d/${id}/edit`,
      body: [] as { kind: string; text: string }[],
    };
    this.documents.push(doc);
    const paragraph = (text: string) => {
      const p = { kind: 'paragraph', text };
      doc.body.push(p);
      const proxy = this.obj('Paragraph', {
        setHeading: (h: string) => {
          p.kind = String(h);
          return proxy;
        },
      });
      return proxy;
    };
    const body = this.obj('Body', {
      appendParagraph: paragraph,
      appendTable: (cells: string[][]) => {
        doc.body.push({ kind: 'table', text: cells.map((r) => r.join(' | ')).join('\n') });
        return this.obj('Table', {});
      },
      appendListItem: (text: string) => {
        doc.body.push({ kind: 'listItem', text });
        return this.obj('ListItem', {});
      },
      appendPageBreak: () => {
        doc.body.push({ kind: 'pageBreak', text: '' });
        return this.obj('PageBreak', {});
      },
    });
    return this.obj('Document', {
      getBody: () => body,
      saveAndClose: () => undefined,
      getUrl: () => doc.url,
      getId: () => id,
      getName: () => name,
    });
  }

  private spreadsheetApp() {
    const ui = this.ui();
    return this.obj('SpreadsheetApp', {
      getActive: () => this.spreadsheet(),
      getActiveSpreadsheet: () => this.spreadsheet(),
      getUi: () => ui,
      newDataValidation: () => this.validationBuilder(),
      newRichTextValue: () => this.richTextBuilder(),
      flush: () => undefined,
      ProtectionType: { RANGE: 'RANGE', SHEET: 'SHEET' },
    });
  }

  private ui() {
    const ui = this.obj('Ui', {
      createAddonMenu: () => {
        const menu = { items: [] as [string, string][], added: false };
        this.menus.push(menu);
        const proxy = this.obj('Menu', {
          addItem: (label: string, fn: string) => {
            menu.items.push([label, fn]);
            return proxy;
          },
          addSeparator: () => proxy,
          addToUi: () => {
            menu.added = true;
          },
        });
        return proxy;
      },
      showSidebar: (out: { getTitle(): string; getContent(): string }) => {
        this.shown.push({ kind: 'sidebar', title: out.getTitle(), content: out.getContent() });
      },
      showModalDialog: (out: { getContent(): string }, title: string) => {
        this.shown.push({ kind: 'dialog', title, content: out.getContent() });
      },
      alert: (title: string, message?: string) => {
        this.shown.push({ kind: 'alert', title, content: message ?? '' });
        return 'OK';
      },
      prompt: (title: string, message: string) => {
        this.shown.push({ kind: 'dialog', title, content: message });
        const answer = this.promptAnswers.shift() ?? { button: 'CANCEL', text: '' };
        return this.obj('PromptResponse', {
          getSelectedButton: () => answer.button,
          getResponseText: () => answer.text,
        });
      },
      ButtonSet: { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO' },
      Button: { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' },
    });
    return ui;
  }

  private spreadsheet() {
    return this.obj('Spreadsheet', {
      getSheetByName: (name: string) => {
        const s = this.sheet(name);
        return s ? this.sheetApi(s) : null;
      },
      getSheets: () => this.sheets.map((s) => this.sheetApi(s)),
      insertSheet: (name: string) => {
        if (this.sheet(name)) throw new GasError(`A sheet with the name "${name}" already exists.`);
        return this.sheetApi(this.addSheet(name));
      },
      getActiveSheet: () => this.sheetApi(this.sheet(this.active.sheet) ?? this.sheets[0]!),
      getActiveRange: () =>
        this.rangeApi(
          this.sheet(this.active.sheet) ?? this.sheets[0]!,
          this.active.row,
          this.active.column,
          1,
          1,
        ),
      getSpreadsheetTimeZone: () => this.timeZone,
      getName: () => 'Lakeside ledger',
      getSpreadsheetLocale: () => this.locale,
      toast: (message: string, title?: string) => {
        this.shown.push({ kind: 'toast', title: title ?? '', content: message });
      },
    });
  }

  private sheetApi(s: FakeSheet): object {
    const api = this.obj('Sheet', {
      getName: () => s.name,
      getRange: (row: number, column: number, numRows = 1, numColumns = 1) => {
        if (typeof row !== 'number') throw new GasError('fake: A1 notation is not implemented');
        if (row < 1 || column < 1 || numRows < 1 || numColumns < 1) {
          throw new GasError('The coordinates of the range are outside the dimensions of the sheet.');
        }
        if (column + numColumns - 1 > s.maxColumns) {
          throw new GasError('The coordinates of the range are outside the dimensions of the sheet.');
        }
        return this.rangeApi(s, row, column, numRows, numColumns);
      },
      getDataRange: () => this.rangeApi(s, 1, 1, Math.max(s.lastRow(), 1), Math.max(s.lastColumn(), 1)),
      getLastRow: () => s.lastRow(),
      getLastColumn: () => s.lastColumn(),
      getMaxRows: () => s.maxRows,
      getMaxColumns: () => s.maxColumns,
      insertRowsAfter: (after: number, howMany: number) => {
        if (after > s.maxRows) throw new GasError('row out of range');
        s.maxRows += howMany;
        if (s.rows.length > after) s.rows.splice(after, 0, ...Array.from({ length: howMany }, () => []));
        return api;
      },
      insertColumnsAfter: (after: number, howMany: number) => {
        if (after > s.maxColumns) throw new GasError('column out of range');
        s.maxColumns += howMany;
        for (const row of s.rows)
          if (row.length > after) row.splice(after, 0, ...new Array(howMany).fill(''));
        return api;
      },
      setFrozenRows: (n: number) => {
        s.frozenRows = n;
      },
      getFrozenRows: () => s.frozenRows,
      hideColumns: (column: number, howMany = 1) => {
        for (let c = column; c < column + howMany; c++) s.hiddenColumns.add(c);
      },
      hideSheet: () => {
        s.hidden = true;
        return api;
      },
      isSheetHidden: () => s.hidden,
      clearContents: () => {
        s.rows = [];
        return api;
      },
      // Sheet.clear(): contents and formats (not charts, which stay until removed).
      clear: () => {
        s.rows = [];
        s.formats.clear();
        s.cellFormats.clear();
        s.fontWeights.clear();
        s.backgrounds.clear();
        s.links.clear();
        return api;
      },
      getSheetId: () => s.sheetId,
      setColumnWidths: (startColumn: number, numColumns: number, width: number) => {
        for (let c = startColumn; c < startColumn + numColumns; c++) s.columnWidths.set(c, width);
        return api;
      },
      setColumnWidth: (column: number, width: number) => {
        s.columnWidths.set(column, width);
        return api;
      },
      getProtections: (type: string) =>
        type === 'RANGE' ? s.protections.map((p) => this.protectionApi(p)) : [],
      getCharts: () => s.charts.map((c) => this.chartApi(c)),
      removeChart: (chart: { __chart: FakeChart }) => {
        s.charts = s.charts.filter((c) => c !== chart.__chart);
      },
      newChart: () => this.chartBuilder(s),
      insertChart: (chart: { __chart: FakeChart }) => {
        s.charts.push(chart.__chart);
      },
    });
    return api;
  }

  private rangeApi(s: FakeSheet, row: number, column: number, numRows: number, numColumns: number): object {
    const key = (r: number, c: number) => `${r}:${c}`;
    const checkDims = (grid: unknown[][], what: string) => {
      if (
        !Array.isArray(grid) ||
        grid.length !== numRows ||
        grid.some((l) => !Array.isArray(l) || l.length !== numColumns)
      ) {
        throw new GasError(
          `The number of rows or columns in the ${what} does not match the range (${numRows} x ${numColumns}).`,
        );
      }
    };
    const api = this.obj(
      'Range',
      {
        __coords: { row, column, numRows, numColumns },
        getRow: () => row,
        getColumn: () => column,
        getNumRows: () => numRows,
        getNumColumns: () => numColumns,
        getValues: () => {
          const out: unknown[][] = [];
          for (let r = row; r < row + numRows; r++) {
            const line: unknown[] = [];
            const src = s.rows[r - 1];
            for (let c = column; c < column + numColumns; c++) {
              const v = src?.[c - 1];
              line.push(
                v === undefined || v === null ? '' : v instanceof Date ? new this.DateCtor(v.getTime()) : v,
              );
            }
            out.push(line);
          }
          return out;
        },
        setValues: (values: unknown[][]) => {
          if (!Array.isArray(values) || values.length !== numRows) {
            throw new GasError(
              `The number of rows in the data does not match the number of rows in the range. The data has ${values?.length} but the range has ${numRows}.`,
            );
          }
          for (const line of values) {
            if (!Array.isArray(line) || line.length !== numColumns) {
              throw new GasError(
                `The number of columns in the data does not match the number of columns in the range. The data has ${line?.length} but the range has ${numColumns}.`,
              );
            }
          }
          values.forEach((line, i) => {
            line.forEach((v, j) => {
              s.set(row + i, column + j, v);
            });
          });
          return api;
        },
        setValue: (value: unknown) => {
          s.set(row, column, value);
          return api;
        },
        setRichTextValue: (value: { __rich: { text: string; url: string } }) => {
          const rich = value.__rich;
          s.set(row, column, rich.text);
          s.links.set(key(row, column), rich.url);
          return api;
        },
        setNumberFormat: (format: string) => {
          for (let c = column; c < column + numColumns; c++) s.formats.set(c, format);
          return api;
        },
        setNumberFormats: (formats: string[][]) => {
          checkDims(formats, 'number formats');
          formats.forEach((line, i) => {
            line.forEach((f, j) => {
              s.cellFormats.set(key(row + i, column + j), f);
            });
          });
          return api;
        },
        setFontWeights: (weights: (string | null)[][]) => {
          checkDims(weights, 'font weights');
          weights.forEach((line, i) => {
            line.forEach((w, j) => {
              s.fontWeights.set(key(row + i, column + j), w ?? 'normal');
            });
          });
          return api;
        },
        setRichTextValues: (values: { __rich: { text: string; url: string } }[][]) => {
          checkDims(values, 'rich text values');
          values.forEach((line, i) => {
            line.forEach((v, j) => {
              if (!v?.__rich) throw new GasError('Cannot convert null to a RichTextValue.');
              s.set(row + i, column + j, v.__rich.text);
              if (v.__rich.url) s.links.set(key(row + i, column + j), v.__rich.url);
              else s.links.delete(key(row + i, column + j));
            });
          });
          return api;
        },
        setDataValidation: (rule: unknown) => {
          for (let c = column; c < column + numColumns; c++) s.validations.set(c, rule);
          return api;
        },
        setNote: (note: string) => {
          s.notes.set(key(row, column), note);
          return api;
        },
        getNotes: () => {
          const out: string[][] = [];
          for (let i = 0; i < numRows; i++) {
            const line: string[] = [];
            for (let j = 0; j < numColumns; j++) line.push(s.notes.get(key(row + i, column + j)) ?? '');
            out.push(line);
          }
          return out;
        },
        setNotes: (notes: (string | null)[][]) => {
          if (notes.length !== numRows || notes.some((l) => l.length !== numColumns)) {
            throw new GasError('The number of rows or columns in the data does not match the range.');
          }
          notes.forEach((line, i) => {
            line.forEach((n, j) => {
              if (n) s.notes.set(key(row + i, column + j), n);
              else s.notes.delete(key(row + i, column + j));
            });
          });
          return api;
        },
        getBackgrounds: () => {
          const out: string[][] = [];
          for (let i = 0; i < numRows; i++) {
            const line: string[] = [];
            for (let j = 0; j < numColumns; j++)
              line.push(s.backgrounds.get(key(row + i, column + j)) ?? '#ffffff');
            out.push(line);
          }
          return out;
        },
        setFontWeight: (weight: string) => {
          for (let c = column; c < column + numColumns; c++) s.fontWeights.set(key(row, c), weight);
          return api;
        },
        setBackgrounds: (colors: (string | null)[][]) => {
          if (colors.length !== numRows || colors.some((l) => l.length !== numColumns)) {
            throw new GasError('The number of rows or columns in the data does not match the range.');
          }
          colors.forEach((line, i) => {
            line.forEach((v, j) => {
              s.backgrounds.set(key(row + i, column + j), v);
            });
          });
          return api;
        },
        protect: () => {
          const p: FakeProtection = {
            sheet: s,
            row,
            column,
            numRows,
            numColumns,
            description: '',
            warningOnly: false,
          };
          s.protections.push(p);
          return this.protectionApi(p);
        },
      },
      { range: { sheet: s.name, row, column, numRows, numColumns } },
    );
    return api;
  }

  private protectionApi(p: FakeProtection): object {
    const api = this.obj('Protection', {
      setDescription: (d: string) => {
        p.description = d;
        return api;
      },
      getDescription: () => p.description,
      setWarningOnly: (w: boolean) => {
        p.warningOnly = w;
        return api;
      },
      isWarningOnly: () => p.warningOnly,
      getRange: () => this.rangeApi(p.sheet, p.row, p.column, p.numRows, p.numColumns),
    });
    return api;
  }

  private validationBuilder(): object {
    const rule: { values?: string[]; allowInvalid: boolean; helpText?: string } = { allowInvalid: true };
    const api = this.obj('DataValidationBuilder', {
      requireValueInList: (values: string[], _showDropdown?: boolean) => {
        rule.values = [...values];
        return api;
      },
      setAllowInvalid: (allow: boolean) => {
        rule.allowInvalid = allow;
        return api;
      },
      setHelpText: (text: string) => {
        rule.helpText = text;
        return api;
      },
      build: () => ({ ...rule }),
    });
    return api;
  }

  private richTextBuilder(): object {
    const rich = { text: '', url: '' };
    const api = this.obj('RichTextValueBuilder', {
      setText: (t: string) => {
        rich.text = t;
        return api;
      },
      setLinkUrl: (u: string) => {
        rich.url = u;
        return api;
      },
      build: () => this.obj('RichTextValue', { __rich: { ...rich } }),
    });
    return api;
  }

  private chartBuilder(s: FakeSheet): object {
    const chart: FakeChart = { type: '', ranges: [], options: {} };
    const api: object = this.obj('EmbeddedChartBuilder', {
      asColumnChart: () => {
        chart.type = 'COLUMN';
        return api;
      },
      asBarChart: () => {
        chart.type = 'BAR';
        return api;
      },
      asLineChart: () => {
        chart.type = 'LINE';
        return api;
      },
      setNumHeaders: (n: number) => {
        chart.numHeaders = n;
        return api;
      },
      setStacked: () => {
        chart.options.isStacked = true;
        return api;
      },
      setTitle: (t: string) => {
        chart.options.title = t;
        return api;
      },
      addRange: (range: { __coords: FakeChart['ranges'][number] }) => {
        chart.ranges.push({ ...range.__coords });
        return api;
      },
      setPosition: (row: number, column: number, offsetX: number, offsetY: number) => {
        chart.position = { row, column, offsetX, offsetY };
        return api;
      },
      setOption: (k: string, v: unknown) => {
        chart.options[k] = v;
        return api;
      },
      build: () => this.chartApi(chart),
    });
    void s;
    return api;
  }

  private chartApi(chart: FakeChart): object {
    return this.obj('EmbeddedChart', { __chart: chart, getOptions: () => chart.options });
  }
}
