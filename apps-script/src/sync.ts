// Sync: reads each tab once, gives new rows a row key, hashes rows and sends only changed rows and
// deleted ids, column-oriented, in chunks of at most 2 MB; writes rejected rows' errors beside
// them; stops at a time budget and saves its place so `continueSync` can finish.
import { localTime } from '../../core/ledger/dates.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import { SCHEMA, type TabDef, type TabName } from '../../core/ledger/schema.js';
import { type LedgerRows, parseLedger } from '../../core/ledger/schema-rows.js';
import { SYNC_ORDER } from '../../core/ledger/sync-order.js';
import { refreshAgingTab } from './aging-tab.js';
import {
  type ApiAnswer,
  type ApiClient,
  type ApiRequest,
  apiFailure,
  createApiClient,
  ok,
} from './api-client.js';
import { type BackendRowsResult, fetchBackendRows, writeBackendRows } from './backend-rows.js';
import { cellForApi, isBlankRow, safeCell } from './cells.js';
import { writeClaimColumns } from './claims-tab.js';
import type { SyncProgress } from './contract.js';
import { refreshDashboardTab } from './dashboard-tab.js';
import { AddonError } from './errors.js';
import { type Gas, TIME_BUDGET_MS } from './gas.js';
import { archiveHoldsFor, purgeInSheet, purgeMessage } from './purge.js';
import { lawfulLedger, markRefusedCharges } from './refused-charges.js';
import { rowHash } from './row-hash.js';
import { readSettings } from './settings.js';
import {
  ERROR_BACKGROUND,
  ensureOwnColumns,
  type LedgerTab,
  readLedgerTab,
  writeColumnRuns,
} from './sheets/ledger-tab.js';
import {
  type HashStore,
  keepDashboardState,
  readDashboardState,
  readHashStore,
  type SyncedRow,
  writeHashStore,
} from './sheets/sync-state-sheet.js';
import { forParse } from './status.js';
import { alsoDeletedFor, pendingDeletions } from './sync-deletions.js';

/** The API refuses bodies over 2 MB (lambdas/api/app.ts MAX_BODY_BYTES), measured uncompressed. */
export const MAX_CHUNK_BYTES = 2 * 1024 * 1024;
/** Chunks per fetchAll: enough to overlap requests, few enough to check the clock in between. */
const CHUNKS_PER_BATCH = 4;
const PROGRESS_KEY = 'duebook.sync';
const GZIP_KEY = 'duebook.gzip';

export interface SyncOptions {
  /**
   * Send rows the backend rejected before even if unchanged (a new sync: the customer they name may
   * exist now). A continued sync leaves them alone, so each execution does not resend them.
   */
  retryRejected?: boolean;
  budgetMs?: number;
  maxChunkBytes?: number;
  /**
   * Purge deceased customers' personal data past the retention period in the sheet before sending
   * (default true: a new sync; a continued one has done it).
   */
  purge?: boolean;
  /**
   * First write the rows the backend wrote that the sheet lacks (GET /v1/sheet-rows; default: as
   * `purge`, i.e. a new sync), and acknowledge them once this sync has sent them back.
   */
  backendRows?: boolean;
}

interface PendingRow {
  /** 0-based index into the tab's values. */
  at: number;
  key: string;
  id: string;
  customerId: string;
  hash: string;
  cells: unknown[];
}

interface Chunk {
  body: {
    tab: string;
    header: string[];
    columns: unknown[][];
    rowNumbers: number[];
    deleted?: string[];
    alsoDeleted?: Partial<Record<TabName, string[]>>;
  };
  rows: PendingRow[];
  deleted: string[];
}

export function readProgress(gas: Gas): SyncProgress {
  const raw = gas.properties.getDocumentProperties().getProperty(PROGRESS_KEY);
  if (!raw) return { state: 'idle', done: 0, total: 0, message: 'Not synced yet.', rejected: 0 };
  return JSON.parse(raw) as SyncProgress;
}

function saveProgress(gas: Gas, progress: SyncProgress): SyncProgress {
  gas.properties.getDocumentProperties().setProperty(PROGRESS_KEY, JSON.stringify(progress));
  return progress;
}

/** Starts a sync (or resumes one that ran out of time: the hashes saved so far skip finished work). */
export function runSync(gas: Gas, options: SyncOptions = {}): SyncProgress {
  const lock = gas.lock.getDocumentLock();
  if (!lock.tryLock(10_000)) {
    throw new AddonError(
      'other',
      'Another sync of this sheet is running. Wait for it to finish, then try again.',
      'SYNC.BUSY',
    );
  }
  const started = gas.now();
  const budget = options.budgetMs ?? TIME_BUDGET_MS;
  let ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  let store: HashStore;
  try {
    ss = gas.spreadsheet.getActive();
    store = readHashStore(ss);
  } catch (e) {
    lock.releaseLock();
    throw e;
  }
  const progress: SyncProgress = { state: 'running', done: 0, total: 0, message: '', rejected: 0 };
  const notes: string[] = [];
  try {
    const settings = readSettings(gas);
    const api = createApiClient(gas, settings.backendUrl);
    const timeZone = ss.getSpreadsheetTimeZone();
    const gzip = gas.properties.getDocumentProperties().getProperty(GZIP_KEY) !== 'off';
    const ctx: TabContext = {
      gas,
      api,
      timeZone,
      store,
      progress,
      notes,
      gzip,
      outOfTime: () => gas.now() - started > budget,
      retryRejected: options.retryRejected ?? true,
      maxChunkBytes: options.maxChunkBytes ?? MAX_CHUNK_BYTES,
    };
    // Every tab is read once, up front (one getValues() each): the purge needs the whole ledger.
    const tabs = new Map<TabName, LedgerTab>();
    const read: LedgerRows = {};
    for (const def of SCHEMA) {
      const tab = readLedgerTab(ss, def.name);
      if (!tab) continue;
      tabs.set(def.name, tab);
      read[def.name] = forParse(tab, timeZone);
    }
    let received: BackendRowsResult | undefined;
    if (options.backendRows ?? options.purge ?? true) {
      const waiting = fetchBackendRows(api);
      if (waiting.length > 0) {
        received = writeBackendRows(tabs, waiting);
        for (const name of new Set(waiting.map((r) => r.tab))) {
          const tab = tabs.get(name);
          if (tab) read[name] = forParse(tab, timeZone);
        }
        if (received.written.length > 0)
          notes.push(
            `${received.written.length} row${received.written.length > 1 ? 's' : ''} from Duebook (payments online, the debtor's page) written into the sheet.`,
          );
        if (received.skipped.length > 0) notes.push(`Not written: ${received.skipped.join('; ')}.`);
      }
    }
    const asOf = localTime(gas.now(), settings.timeZone).date;
    let ledger: Ledger | undefined;
    if (options.purge ?? true) {
      const before = parseLedger(read).ledger;
      const purge = purgeInSheet(tabs, read, before, asOf, {
        retentionDays: settings.retentionDays,
        by: gas.session.getActiveUser().getEmail() || 'duebook add-on',
        timeZone,
        holds: archiveHoldsFor(api, before, asOf, settings.retentionDays),
      });
      ledger = purge.ledger;
      const said = purgeMessage(purge, settings.retentionDays);
      if (said) notes.push(said);
    }
    let finished = true;
    ctx.deletions = pendingDeletions(tabs, store);
    // Referenced tabs first (core/ledger/sync-order.ts): the backend checks each row against what it names.
    for (const def of SYNC_ORDER.map((name) => SCHEMA.find((d) => d.name === name)!)) {
      if (ctx.outOfTime()) {
        finished = false;
        break;
      }
      const tab = tabs.get(def.name);
      if (!tab) continue;
      if (!syncTab(ctx, tab)) {
        finished = false;
        break;
      }
    }
    if (ctx.gzip !== gzip) gas.properties.getDocumentProperties().setProperty(GZIP_KEY, 'off');
    // The backend's rows are in the sheet and sent: it stops listing them. Unfinished, the next new
    // sync finds them in the sheet and acknowledges them then.
    if (finished && received && received.written.length > 0)
      ok(api.one({ method: 'post', path: '/v1/sheet-rows', body: { rows: received.written } }), 'Sync');
    if (finished) {
      // Every execution walks the tabs from the first (finished work is skipped by its hashes), so
      // a finished run has read every tab and the summary needs no further reads.
      ledger ??= parseLedger(read).ledger;
      // The views count what the engine charges: refused fees and interest left out, and marked.
      const lawful = lawfulLedger(ledger);
      const adjustments = tabs.get('Adjustments');
      if (adjustments)
        markRefusedCharges(
          adjustments.sheet,
          adjustments.index.get('amountMinor') ?? -1,
          ledger,
          lawful.refused,
        );
      refreshAgingTab(ss, lawful.ledger, localTime(gas.now(), timeZone).date, lawful.totals);
      const claims = tabs.get('Claims');
      if (claims) writeClaimColumns(claims, ledger, asOf);
      try {
        const previous = readDashboardState(store);
        const dash = refreshDashboardTab(ss, lawful.ledger, {
          asOf,
          now: gas.now(),
          officeTimeZone: settings.timeZone,
          contactPreset: settings.contactPreset,
          sheets: new Map([...tabs].map(([name, tab]) => [name, tab.sheet])),
          spreadsheetTimeZone: timeZone,
          ...(previous ? { previous } : {}),
        });
        keepDashboardState(store, dash.state);
      } catch (e) {
        // The sync itself is done and saved; a Dashboard that could not be drawn must not undo it.
        notes.push(`The Dashboard tab was not refreshed (${e instanceof Error ? e.message : String(e)}).`);
      }
    }
    progress.state = finished ? 'done' : 'continuing';
    progress.message = finished
      ? `Synced: ${progress.done} rows checked${progress.rejected ? `, ${progress.rejected} rejected (see the Errors column)` : ''}.`
      : `Synced ${progress.done} rows so far; continuing…`;
    if (notes.length > 0) progress.message += ` ${notes.join(' ')}`;
    return saveProgress(gas, progress);
  } catch (e) {
    const error = e instanceof AddonError ? e : undefined;
    saveProgress(gas, {
      ...progress,
      state: 'failed',
      message: error?.message ?? `Sync failed: ${e instanceof Error ? e.message : String(e)}`,
    });
    throw e;
  } finally {
    // What the backend accepted is kept even when a later tab failed, so nothing is sent twice.
    try {
      writeHashStore(ss, store);
    } finally {
      lock.releaseLock();
    }
  }
}

interface TabContext {
  gas: Gas;
  api: ApiClient;
  timeZone: string;
  store: HashStore;
  progress: SyncProgress;
  notes: string[];
  gzip: boolean;
  outOfTime: () => boolean;
  retryRejected: boolean;
  maxChunkBytes: number;
  /** Every tab's deletions, worked out before the first tab is sent (sync-deletions.ts). */
  deletions?: ReadonlyMap<TabName, readonly string[]>;
}

/** Hashes of rejected rows carry this mark: remembered for deletions and continued syncs only. */
const REJECTED = '!';

/** Syncs one tab; false when the time budget ran out before every chunk was sent. */
function syncTab(ctx: TabContext, read: LedgerTab): boolean {
  const def = read.def;
  const missing = def.columns.filter((c) => c.required && !c.computed && read.index.get(c.key) === -1);
  if (missing.length > 0) {
    ctx.notes.push(
      `${def.name} was not synced: the column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c.header}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing (use Set up ledger).`,
    );
    return true;
  }
  const tab = ensureOwnColumns(read);
  const sendCols = def.columns.filter((c) => !c.computed && (tab.index.get(c.key) ?? -1) >= 0);
  const header = sendCols.map((c) => c.header);
  const signature = header.join('\u0001');
  const positions = sendCols.map((c) => tab.index.get(c.key)!);
  const idPos = sendCols.findIndex((c) => c.key === def.idKey);
  const customerPos = sendCols.findIndex((c) => c.key === 'customerId');
  const known = ctx.store.get(def.name) ?? new Map();
  ctx.store.set(def.name, known);

  const newKeys: number[] = [];
  const pending: PendingRow[] = [];
  const seenKeys = new Set<string>();
  const currentIds = new Set<string>();
  /** Each row key's id and row index as the sheet holds them now (a renamed row keeps its key). */
  const idOfKey = new Map<string, [string, number]>();
  const values = tab.values;
  const keyPrefix = `${ctx.gas.now().toString(36)}-`;
  let counter = 0;
  let dataRows = 0;
  for (let r = 1; r < values.length; r++) {
    const row = values[r]!;
    const cells = positions.map((p) => cellForApi(row[p], ctx.timeZone));
    if (isBlankRow(cells)) continue;
    dataRows++;
    let key = String(row[tab.rowKeyCol] ?? '').trim();
    if (key === '' || seenKeys.has(key)) {
      // A copied row carries its source's key; it is a new row and gets its own.
      key = `${keyPrefix}${(counter++).toString(36)}`;
      row[tab.rowKeyCol] = key;
      newKeys.push(r);
    }
    seenKeys.add(key);
    const id = String(cells[idPos] ?? '').trim();
    currentIds.add(id);
    idOfKey.set(key, [id, r]);
    const hash = rowHash(signature, cells);
    const before = known.get(key);
    if (before && before.hash === hash) continue;
    if (before && before.hash === REJECTED + hash && !ctx.retryRejected) {
      ctx.progress.rejected++;
      continue;
    }
    pending.push({ at: r, key, id, customerId: String(cells[customerPos] ?? ''), hash, cells });
  }
  ctx.progress.total += dataRows;
  ctx.progress.done += dataRows - pending.length;
  if (newKeys.length > 0)
    writeColumnRuns(tab.sheet, tab.rowKeyCol, newKeys, (r) => String(values[r]![tab.rowKeyCol]));

  const deletedKeys: string[] = [];
  const deletedIds = new Set<string>();
  /** Old id of a renamed row -> the row (sheet row number) that now holds the new id. */
  const renamedFrom = new Map<string, number>();
  for (const [key, synced] of known) {
    const gone = !seenKeys.has(key);
    // Renamed: the key's id changed, whether or not the row is sent again (a rejected row is not).
    const now = idOfKey.get(key);
    const renamed = !gone && synced.id !== '' && now !== undefined && now[0] !== synced.id;
    if (gone || renamed) {
      if (gone) deletedKeys.push(key);
      if (synced.id && !currentIds.has(synced.id)) {
        deletedIds.add(synced.id);
        if (renamed) renamedFrom.set(synced.id, now[1] + 1);
      }
    }
  }

  // Whole customers per chunk, so chunks sent at once never recompute the same account.
  if (def.name !== 'Customers')
    pending.sort((a, b) =>
      a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : a.at - b.at,
    );
  const chunks = buildChunks(def, header, pending, [...deletedIds], ctx.maxChunkBytes);
  // The first chunk's deletions name the rows of other tabs this sync deletes that name them, so an
  // invoice and its payment go together although Invoices are sent first.
  const also =
    chunks[0] && deletedIds.size > 0 ? alsoDeletedFor(def.name, ctx.deletions ?? new Map()) : undefined;
  if (also) chunks[0]!.body.alsoDeleted = also;
  const errors = new Map<number, string>();
  const handled = new Set<number>();
  /** Ids whose deletion the backend refused (a payment still applied): kept, so a later sync retries. */
  const notDeleted = new Set<string>();
  /** Rows stored but flagged (a charge no balance takes): their reason beside them, not rejected. */
  const warnings = new Map<number, string>();
  let complete = true;
  for (let i = 0; i < chunks.length; i += CHUNKS_PER_BATCH) {
    if (i > 0 && ctx.outOfTime()) {
      complete = false;
      break;
    }
    const batch = chunks.slice(i, i + CHUNKS_PER_BATCH);
    const answers = send(ctx, batch);
    batch.forEach((chunk, c) => {
      accept(ctx, def, known, chunk, answers[c]!, errors, handled, notDeleted, warnings, renamedFrom);
    });
  }
  if (complete)
    for (const key of deletedKeys) if (!notDeleted.has(known.get(key)?.id ?? '')) known.delete(key);

  // Errors column: the reason beside each rejected row, cleared on rows that went through. Rows may
  // have moved while the chunks were out (a clerk inserting or deleting rows), so each error is
  // placed by the row key the sheet holds now, not by the position read at the start.
  if (warnings.size > 0)
    ctx.notes.push(
      `${def.name}: ${warnings.size} row${warnings.size > 1 ? 's' : ''} stored but not charged (see the Errors column).`,
    );
  const shown = new Map(warnings);
  for (const [row, text] of errors) shown.set(row, shown.has(row) ? `${text}; ${shown.get(row)}` : text);
  if (handled.size > 0) writeErrors(tab, known, handledErrors(values, tab.rowKeyCol, handled, shown));
  return complete;
}

/** Row key -> error text ('' when accepted) of each row the backend answered for. */
function handledErrors(
  values: readonly (readonly unknown[])[],
  rowKeyCol: number,
  handled: ReadonlySet<number>,
  errors: ReadonlyMap<number, string>,
): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const sheetRow of handled) {
    const key = String(values[sheetRow - 1]?.[rowKeyCol] ?? '').trim();
    if (key) byKey.set(key, errors.get(sheetRow) ?? '');
  }
  return byKey;
}

/**
 * Writes the Errors column from the row keys as the sheet holds them now (two column reads): the
 * backend's message beside a rejected row, highlighted; cleared beside a row that went through or
 * whose stored hash is good. One setValues/setBackgrounds per contiguous run.
 */
function writeErrors(
  tab: LedgerTab,
  known: ReadonlyMap<string, SyncedRow>,
  answered: ReadonlyMap<string, string>,
) {
  const rows = tab.sheet.getLastRow() - 1;
  if (rows < 1) return;
  const keys = tab.sheet.getRange(2, tab.rowKeyCol + 1, rows, 1).getValues();
  const shown = tab.sheet.getRange(2, tab.errorsCol + 1, rows, 1).getValues();
  const after = new Map<number, string>();
  for (let i = 0; i < rows; i++) {
    const key = String(keys[i]![0] ?? '').trim();
    if (!key) continue;
    const before = String(shown[i]![0] ?? '');
    const hash = known.get(key)?.hash;
    const text = answered.has(key) ? answered.get(key)! : hash && !hash.startsWith(REJECTED) ? '' : before;
    if (text !== before) after.set(i + 1, text);
  }
  if (after.size === 0) return;
  writeColumnRuns(
    tab.sheet,
    tab.errorsCol,
    [...after.keys()],
    (r) => safeCell(after.get(r)!),
    (r) => (after.get(r) ? ERROR_BACKGROUND : null),
  );
}

function buildChunks(
  def: TabDef,
  header: string[],
  rows: PendingRow[],
  deleted: string[],
  maxBytes: number,
): Chunk[] {
  const empty = (): Chunk => ({
    body: { tab: def.name, header, columns: header.map(() => []), rowNumbers: [] },
    rows: [],
    deleted: [],
  });
  const chunks: Chunk[] = [];
  let current = empty();
  let size = JSON.stringify(current.body).length + 16;
  let lastCustomer: string | undefined;
  let boundary = 0;
  for (const row of rows) {
    const bytes = row.cells.reduce<number>((s, v) => s + jsonBytes(v) + 1, 0) + String(row.at + 1).length + 1;
    if (row.customerId !== lastCustomer) boundary = current.rows.length;
    lastCustomer = row.customerId;
    if (current.rows.length > 0 && size + bytes > maxBytes) {
      // Cut before this customer's first row in the chunk, unless the customer fills it alone.
      const cut = boundary > 0 ? boundary : current.rows.length;
      const carry = current.rows.slice(cut);
      current.rows = current.rows.slice(0, cut);
      chunks.push(current);
      current = empty();
      size = JSON.stringify(current.body).length + 16;
      for (const c of carry) {
        current.rows.push(c);
        size += c.cells.reduce<number>((s, v) => s + jsonBytes(v) + 1, 0) + String(c.at + 1).length + 1;
      }
      boundary = 0;
    }
    current.rows.push(row);
    size += bytes;
  }
  if (current.rows.length > 0 || deleted.length > 0 || chunks.length === 0) chunks.push(current);
  if (rows.length === 0 && deleted.length === 0) return [];
  // Deleted ids go with the first chunk (ids are short: 50,000 of them stay far below the limit).
  chunks[0]!.deleted = deleted;
  for (const chunk of chunks) {
    chunk.body.rowNumbers = chunk.rows.map((r) => r.at + 1);
    chunk.body.columns = header.map((_, c) => chunk.rows.map((r) => r.cells[c]));
    if (chunk.deleted.length > 0) chunk.body.deleted = chunk.deleted;
  }
  return chunks;
}

function jsonBytes(v: unknown): number {
  if (typeof v === 'string') {
    let n = v.length + 2;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0x80) n += c < 0x800 ? 1 : 2;
      else if (c < 0x20 || c === 0x22 || c === 0x5c) n += 5;
    }
    return n;
  }
  return JSON.stringify(v ?? null).length;
}

/** Sends chunks in one fetchAll; a chunk the backend finds too large is split in half and resent. */
function send(ctx: TabContext, chunks: Chunk[]): ApiAnswer[] {
  const request = (c: Chunk): ApiRequest => ({
    method: 'post',
    path: '/v1/sync',
    body: c.body,
    gzip: ctx.gzip,
  });
  let answers = ctx.api.all(chunks.map(request));
  if (ctx.gzip && answers.some(gzipRefused)) {
    // An older backend without gzip support: fall back to plain JSON and remember it.
    ctx.gzip = false;
    answers = ctx.api.all(chunks.map(request));
  }
  return answers.map((answer, i) => {
    const chunk = chunks[i]!;
    if (answer.status === 413 && chunk.rows.length > 1) {
      const half = Math.ceil(chunk.rows.length / 2);
      const parts = [chunk.rows.slice(0, half), chunk.rows.slice(half)].map(
        (rows, p): Chunk => ({
          body: {
            ...chunk.body,
            rowNumbers: rows.map((r) => r.at + 1),
            columns: chunk.body.header.map((_, c) => rows.map((r) => r.cells[c])),
            ...(p === 0 && chunk.deleted.length > 0 ? { deleted: chunk.deleted } : { deleted: undefined }),
          },
          rows,
          deleted: p === 0 ? chunk.deleted : [],
        }),
      );
      const [a, b] = send(ctx, parts);
      return merge(a!, b!);
    }
    return answer;
  });
}

const gzipRefused = (a: ApiAnswer) =>
  a.status === 415 ||
  (a.status === 400 && (a.body.error as { code?: string } | undefined)?.code === 'REQUEST.JSON');

function merge(a: ApiAnswer, b: ApiAnswer): ApiAnswer {
  if (a.status >= 300) return a;
  if (b.status >= 300) return b;
  const errs = (x: ApiAnswer) => (x.body.errors as unknown[] | undefined) ?? [];
  return { status: 200, body: { ...a.body, errors: [...errs(a), ...errs(b)] } };
}

function accept(
  ctx: TabContext,
  def: TabDef,
  known: Map<string, { id: string; hash: string }>,
  chunk: Chunk,
  answer: ApiAnswer,
  errors: Map<number, string>,
  handled: Set<number>,
  notDeleted: Set<string>,
  warnings: Map<number, string>,
  renamedFrom: ReadonlyMap<string, number> = new Map(),
): void {
  if (answer.status < 200 || answer.status >= 300) throw apiFailure(answer, `Sync of ${def.name}`);
  const rowErrors =
    (answer.body.errors as { row: number; id?: string; column: string; message: string }[] | undefined) ?? [];
  for (const e of rowErrors) {
    // A deletion refused (row 0, its id): the row is gone from the sheet, so the reason goes in
    // the sync's message, and the id stays known so the next sync sends the deletion again.
    if (e.row === 0 && e.id !== undefined && chunk.deleted.includes(e.id)) {
      notDeleted.add(e.id);
      // A renamed row's old id: the error goes beside the row, which keeps the old id among the
      // known ones (a rejected row keeps its id), so every later sync sends the deletion again.
      const renamedRow = renamedFrom.get(e.id);
      if (renamedRow !== undefined) {
        const text = `${e.column}: renamed from ${e.id}, which Duebook keeps: ${e.message}`;
        const before = errors.get(renamedRow);
        errors.set(renamedRow, before ? `${before}; ${text}` : text);
        continue;
      }
      ctx.notes.push(`Not deleted in Duebook: ${e.message}.`);
      continue;
    }
    const text = `${e.column}: ${e.message}`;
    const before = errors.get(e.row);
    errors.set(e.row, before ? `${before}; ${text}` : text);
  }
  for (const w of (answer.body.warnings as { row: number; column: string; message: string }[] | undefined) ??
    [])
    warnings.set(w.row, `${w.column}: ${w.message}`);
  for (const row of chunk.rows) {
    const number = row.at + 1;
    handled.add(number);
    if (errors.has(number)) {
      // Marked, so the next sync sends it again (it may be fine once its customer is synced).
      known.set(row.key, { id: known.get(row.key)?.id ?? '', hash: REJECTED + row.hash });
      ctx.progress.rejected++;
    } else {
      known.set(row.key, { id: row.id, hash: row.hash });
    }
    ctx.progress.done++;
  }
  if (chunk.deleted.length > 0) {
    const deleted = new Set(chunk.deleted);
    const sent = new Set(chunk.rows.map((r) => r.key));
    for (const [key, synced] of known)
      if (deleted.has(synced.id) && !sent.has(key) && !notDeleted.has(synced.id)) known.delete(key);
  }
}
