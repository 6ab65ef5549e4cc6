// Refresh status: asks the API for each customer's computed columns (at most 500 per request and a
// URL within Apps Script's 2 KB limit, all requests in one fetchAll) and writes them back with one setValues() per contiguous block: the
// Customers tab's Balance … Why, and the Invoices tab's Open Balance and Days Past Due. The Claims
// tab's Denial Category and Next Step are computed here with core, from the sheet itself.
import { localTime } from '../../core/ledger/dates.js';
import { type TabName, tabDef } from '../../core/ledger/schema.js';
import { matchHeaders } from '../../core/ledger/schema-cells.js';
import { type LedgerRows, parseLedger } from '../../core/ledger/schema-rows.js';
import { createApiClient, ok } from './api-client.js';
import { contiguousRuns } from './blocks.js';
import { cellForApi, safeCell } from './cells.js';
import { writeClaimColumns } from './claims-tab.js';
import { AddonError } from './errors.js';
import type { Gas } from './gas.js';
import { readSettings } from './settings.js';
import { type LedgerTab, readLedgerTab, writeBlocks } from './sheets/ledger-tab.js';

export const STATUS_BATCH = 500;
/** Apps Script refuses a UrlFetchApp URL over 2 KB ("Limit Exceeded: URLFetch URL Length"). */
export const MAX_STATUS_URL_LENGTH = 2000;

/** API status fields -> Customers column keys they fill. */
const STATUS_COLUMNS: Record<string, string> = {
  balance: 'balance',
  bucket: 'bucket',
  stage: 'stage',
  nextAction: 'nextAction',
  why: 'why',
  lastContact: 'lastContact',
};

/** API status `invoices[]` fields -> Invoices column keys they fill. */
const INVOICE_COLUMNS: Record<string, string> = {
  openBalance: 'openBalance',
  daysPastDue: 'daysPastDue',
};

/** One customer's entry of `GET /v1/status`; fields an older API does not send are absent. */
export interface CustomerStatus {
  customerId: string;
  balance?: string;
  bucket?: string;
  lastContact?: string;
  stage?: string;
  /** `2026-11-24 email reminder-15`, `blocked` or `none`. */
  nextAction?: string;
  why?: string;
  invoices?: { invoiceId: string; openBalance: string; daysPastDue: number }[];
  /**
   * Customers cells the backend changed (an approved hand-over) that the sheet does not show yet,
   * by header, e.g. `{ Flags: 'placed', 'Placed With': 'Acme Recovery', 'Placed On': '2026-11-25' }`.
   */
  writeBack?: Record<string, string>;
  [field: string]: unknown;
}

export interface StatusReport {
  asOf: string;
  customers: number;
  blocks: number;
  /** Invoices rows written from the status (0 when the API sends no `invoices`). */
  invoices: number;
  /** Claims rows whose computed cells changed. */
  claims: number;
  /** Customers rows that took the backend's `writeBack` cells (sent by the next sync). */
  writtenBack: number;
}

type Cell = string | number | boolean | Date;

/**
 * Status of the given customers: one GET per at most 500 ids whose URL stays within Apps Script's
 * 2 KB limit, all in one fetchAll.
 */
export function fetchStatus(
  gas: Gas,
  ids: readonly string[],
): { asOf: string; byId: Map<string, CustomerStatus> } {
  const backendUrl = readSettings(gas).backendUrl;
  const api = createApiClient(gas, backendUrl);
  const base = `${backendUrl.replace(/\/+$/, '')}/v1/status?customers=`.length;
  const requests: { method: 'get'; path: string }[] = [];
  let batch: string[] = [];
  let length = base;
  const flush = () => {
    if (batch.length > 0) requests.push({ method: 'get', path: `/v1/status?customers=${batch.join(',')}` });
    batch = [];
    length = base;
  };
  for (const id of ids) {
    const part = encodeURIComponent(id);
    const extra = (batch.length > 0 ? 1 : 0) + part.length;
    if (batch.length >= STATUS_BATCH || (batch.length > 0 && length + extra > MAX_STATUS_URL_LENGTH)) flush();
    length += (batch.length > 0 ? 1 : 0) + part.length;
    batch.push(part);
  }
  flush();
  const answers = api.all(requests);
  let asOf = '';
  const byId = new Map<string, CustomerStatus>();
  for (const answer of answers) {
    const body = ok(answer, 'Refresh status');
    asOf = String(body.asOf ?? asOf);
    for (const s of (body.customers as CustomerStatus[] | undefined) ?? []) byId.set(String(s.customerId), s);
  }
  return { asOf, byId };
}

export interface RefreshOptions {
  /** Also fill the Claims tab's computed columns (default true; a sync has just done it). */
  claims?: boolean;
}

export function refreshStatus(gas: Gas, options: RefreshOptions = {}): StatusReport {
  const ss = gas.spreadsheet.getActive();
  const tab = readLedgerTab(ss, 'Customers');
  if (!tab)
    throw new AddonError(
      'no-selection',
      'There is no Customers tab. Use Set up ledger first.',
      'STATUS.NO_TAB',
    );
  const idCol = tab.index.get('customerId') ?? -1;
  if (idCol < 0)
    throw new AddonError('invalid', 'The Customers tab has no "Customer ID" column.', 'STATUS.NO_ID');
  const invoicesTab = readLedgerTab(ss, 'Invoices');
  // Claims first: they need no backend, so they are filled even when it cannot be reached.
  let claims = 0;
  if (options.claims ?? true) {
    const claimsTab = readLedgerTab(ss, 'Claims');
    if (claimsTab) {
      const timeZone = ss.getSpreadsheetTimeZone();
      const rows: LedgerRows = {};
      for (const t of [tab, invoicesTab, claimsTab]) if (t) rows[t.def.name] = forParse(t, timeZone);
      const asOf = localTime(gas.now(), readSettings(gas).timeZone).date;
      claims = writeClaimColumns(claimsTab, parseLedger(rows).ledger, asOf).changed;
    }
  }

  const rowsById = new Map<string, number[]>();
  for (let r = 1; r < tab.values.length; r++) {
    const id = String(tab.values[r]![idCol] ?? '').trim();
    if (!id) continue;
    const list = rowsById.get(id) ?? [];
    list.push(r);
    rowsById.set(id, list);
  }
  const ids = [...rowsById.keys()];
  if (ids.length === 0) return { asOf: '', customers: 0, blocks: 0, invoices: 0, claims, writtenBack: 0 };
  const { asOf, byId: statusById } = fetchStatus(gas, ids);

  const touched: number[] = [];
  for (const [id, rows] of rowsById) if (statusById.has(id)) touched.push(...rows);
  let blocks = writeComputed(tab, STATUS_COLUMNS, touched, (r) =>
    statusById.get(String(tab.values[r]![idCol] ?? '').trim()),
  );

  // Invoices: the open items of every customer the API answered for, with `invoices`; an invoice
  // of such a customer that is not listed has nothing open (paid, credited or void): cleared.
  let invoices = 0;
  const invIdCol = invoicesTab?.index.get('invoiceId') ?? -1;
  const invCustomerCol = invoicesTab?.index.get('customerId') ?? -1;
  if (invoicesTab && invIdCol >= 0 && invCustomerCol >= 0) {
    const items = new Map<string, Record<string, unknown>>();
    const answered = new Set<string>();
    for (const [id, s] of statusById) {
      if (!Array.isArray(s.invoices)) continue;
      answered.add(id);
      for (const i of s.invoices) items.set(`${id}\u0001${String(i.invoiceId)}`, i);
    }
    const rows: number[] = [];
    for (let r = 1; r < invoicesTab.values.length; r++) {
      const row = invoicesTab.values[r]!;
      if (answered.has(String(row[invCustomerCol] ?? '').trim()) && String(row[invIdCol] ?? '').trim())
        rows.push(r);
    }
    invoices = rows.length;
    const CLEARED = { openBalance: '', daysPastDue: '' };
    blocks += writeComputed(invoicesTab, INVOICE_COLUMNS, rows, (r) => {
      const row = invoicesTab.values[r]!;
      const key = `${String(row[invCustomerCol] ?? '').trim()}\u0001${String(row[invIdCol] ?? '').trim()}`;
      return items.get(key) ?? CLEARED;
    });
  }
  const back = applyWriteBack(tab, idCol, statusById, ss.getSpreadsheetTimeZone());
  blocks += back.blocks;
  return { asOf, customers: statusById.size, blocks, invoices, claims, writtenBack: back.rows };
}

/**
 * The backend's `writeBack` cells (input columns, e.g. Flags, Placed With, Placed On after an
 * approved hand-over) written into the Customers rows, one setValues() per contiguous block; the
 * next sync sends those rows as changed, which settles the backend's pending change. Headers that
 * are not input columns of the Customers tab are ignored.
 */
function applyWriteBack(
  tab: LedgerTab,
  idCol: number,
  statusById: Map<string, CustomerStatus>,
  timeZone: string,
): { rows: number; blocks: number } {
  const def = tabDef('Customers');
  const rows: number[] = [];
  const cols = new Set<number>();
  for (let r = 1; r < tab.values.length; r++) {
    const row = tab.values[r]!;
    const cells = statusById.get(String(row[idCol] ?? '').trim())?.writeBack;
    if (!cells || typeof cells !== 'object') continue;
    let changed = false;
    for (const [header, value] of Object.entries(cells)) {
      const col = def.columns.find((c) => !c.computed && matchHeaders(def, [header]).get(c.key) === 0);
      const at = col ? (tab.index.get(col.key) ?? -1) : -1;
      if (at < 0) continue;
      // A date cell reads as a Date: compared as the ISO date the backend sends.
      if (String(cellForApi(row[at], timeZone)) !== String(value ?? '')) {
        row[at] = String(value ?? '');
        cols.add(at);
        changed = true;
      }
    }
    if (changed) rows.push(r);
  }
  if (rows.length === 0) return { rows: 0, blocks: 0 };
  return { rows: rows.length, blocks: writeBlocks(tab, rows, [...cols]) };
}

/** A tab's values as core's parser takes them (dates as ISO dates in the spreadsheet's zone). */
export function forParse(tab: LedgerTab, timeZone: string): unknown[][] {
  return tab.values.map((r, i) => (i === 0 ? r : r.map((v) => cellForApi(v, timeZone))));
}

/**
 * Writes the computed columns `fields` (API field -> column key) of the given 0-based rows, one
 * setValues() per contiguous block of rows and of columns. A field the source does not carry keeps
 * what the cell has. Returns the number of blocks.
 */
function writeComputed(
  tab: LedgerTab,
  fields: Record<string, string>,
  rows: number[],
  sourceOf: (row: number) => Record<string, unknown> | undefined,
): number {
  const def = tabDef(tab.def.name as TabName);
  const colOf = new Map<number, string>();
  for (const [field, key] of Object.entries(fields)) {
    const at = tab.index.get(key) ?? -1;
    if (at >= 0 && def.columns.find((c) => c.key === key)?.computed) colOf.set(at, field);
  }
  const columnRuns = contiguousRuns([...colOf.keys()].sort((a, b) => a - b));
  const rowRuns = contiguousRuns([...rows].sort((a, b) => a - b));
  let blocks = 0;
  for (const [rowStart, rowCount] of rowRuns) {
    for (const [colStart, colCount] of columnRuns) {
      const block: Cell[][] = [];
      for (let r = rowStart; r < rowStart + rowCount; r++) {
        const row = tab.values[r]!;
        const source = sourceOf(r) ?? {};
        const out: Cell[] = [];
        for (let c = colStart; c < colStart + colCount; c++) {
          const field = colOf.get(c)!;
          const value = field in source ? source[field] : row[c];
          row[c] = value;
          out.push(safeCell(value));
        }
        block.push(out);
      }
      tab.sheet.getRange(rowStart + 1, colStart + 1, rowCount, colCount).setValues(block);
      blocks++;
    }
  }
  return blocks;
}
