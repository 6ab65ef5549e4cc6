// Sends a ledger's tabs to the Duebook API as column-oriented chunks of at most 2 MB, and the ids of
// rows removed from the ledger since the last sync as deletions. A tab is a sheet's rows (header
// first) or a ledger file read as columns (`readLedgerColumns`): read where it lies, no array per row.
import { createHash } from 'node:crypto';
import { rawCell, type TabColumns } from '../core/ledger/ledger-cells.js';
import type { TabName } from '../core/ledger/schema.js';
import { tabDef } from '../core/ledger/schema.js';
import { matchHeaders } from '../core/ledger/schema-cells.js';
import { SYNC_ORDER, TAB_REFERENCES } from '../core/ledger/sync-order.js';

export const MAX_CHUNK_BYTES = 2 * 1024 * 1024;

export interface SyncChunkBody {
  tab: TabName;
  header: string[];
  columns: unknown[][];
  rowNumbers: number[];
  deleted?: string[];
  /** Rows of the tabs naming this one's rows (Payments for Invoices; every tab for Customers) deleted in the same sync. */
  alsoDeleted?: Partial<Record<TabName, string[]>>;
}

/** One tab to sync: a sheet's rows (header first), or columns as `readLedgerColumns` reads a file. */
export type SyncSource = readonly (readonly unknown[])[] | TabColumns;

/** A ledger to sync: each tab as rows or as columns. */
export type SyncTabs = Partial<Record<TabName, SyncSource>>;

/** What the sync reads of a tab, whichever shape it came in; row `k` is sheet row `k + 2`. */
interface SyncView {
  /** The header cells as given (matched against the schema); `header` as sent. */
  given: readonly unknown[];
  header: string[];
  count: number;
  /** Cell `c` of row `k` as given (undefined past a short row). */
  raw(c: number, k: number): unknown;
  /** True when row `k` sends nothing: its `cells` (as sent) are '' and so is every cell right of the header. */
  blank(k: number, cells: readonly unknown[]): boolean;
}

const empty = (v: unknown) => v === undefined || v === null || v === '';

function viewOf(source: SyncSource | undefined): SyncView {
  if (source === undefined) return viewOf([]);
  if (Array.isArray(source)) {
    const rows = source as readonly (readonly unknown[])[];
    const given = rows[0] ?? [];
    return {
      given,
      header: given.map((h) => String(h ?? '')),
      count: Math.max(0, rows.length - 1),
      raw: (c, k) => rows[k + 1]![c],
      blank: (k) => rows[k + 1]!.every(empty),
    };
  }
  const tab = source as TabColumns;
  return {
    given: tab.header,
    header: tab.header.map((h) => String(h ?? '')),
    count: tab.count,
    raw: (c, k) => rawCell(tab, c, k),
    // A file read as columns holds nothing right of its header (a wider one is read as rows).
    blank: (_, cells) => cells.every((v) => v === ''),
  };
}

/** Row `k`'s cells as a sync sends them (dates as ISO dates, blanks as ''). */
function cellsOf(view: SyncView, k: number): unknown[] {
  const cells = new Array<unknown>(view.header.length);
  for (let c = 0; c < cells.length; c++) {
    const v = view.raw(c, k);
    cells[c] = v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? '');
  }
  return cells;
}

/** Splits one tab (rows with the header first, or columns) into column-oriented chunks whose JSON stays under the limit. */
export function chunkTab(
  tab: TabName,
  rows: SyncSource,
  maxBytes = MAX_CHUNK_BYTES,
  /** Leaves a row out (by its index in `rows`, the header being 0): one the API already holds as it is. */
  skip?: (r: number) => boolean,
): SyncChunkBody[] {
  const view = viewOf(rows);
  const header = view.header;
  const chunks: SyncChunkBody[] = [];
  let current: SyncChunkBody = { tab, header, columns: header.map(() => []), rowNumbers: [] };
  let size = JSON.stringify(current).length;
  for (let k = 0; k < view.count; k++) {
    const r = k + 1;
    const cells = cellsOf(view, k);
    if (view.blank(k, cells)) continue;
    if (skip?.(r)) continue;
    const rowBytes =
      cells.reduce<number>((s, v) => s + JSON.stringify(v).length + 1, 0) + String(r + 1).length + 1;
    if (current.rowNumbers.length > 0 && size + rowBytes > maxBytes) {
      chunks.push(current);
      current = { tab, header, columns: header.map(() => []), rowNumbers: [] };
      size = JSON.stringify(current).length;
    }
    for (let c = 0; c < cells.length; c++) current.columns[c]!.push(cells[c]);
    current.rowNumbers.push(r + 1);
    size += rowBytes;
  }
  if (current.rowNumbers.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Row ids per tab, as sent by a sync: what the next sync compares against to find deletions; and
 * per tab, each row's content hash (header included), so the next sync sends only the rows that
 * changed, as the add-on does.
 */
export type SyncedIds = Partial<Record<TabName, string[]>> & {
  hashes?: Partial<Record<TabName, Record<string, string>>>;
};

/** The content hash of every non-blank row of one tab, by id: header and cells as sent. */
export function rowHashes(tab: TabName, rows: SyncSource): Map<number, [string, string]> {
  const view = viewOf(rows);
  const out = new Map<number, [string, string]>();
  const column = idColumn(tab, view);
  if (column < 0) return out;
  const headerText = JSON.stringify(view.header);
  for (let k = 0; k < view.count; k++) {
    const id = String(view.raw(column, k) ?? '').trim();
    if (id === '') continue;
    const hash = createHash('sha256')
      .update(headerText)
      .update(JSON.stringify(cellsOf(view, k)))
      .digest('base64url')
      .slice(0, 22);
    out.set(k + 1, [id, hash]);
  }
  return out;
}

/** True when the tab has a row after its header (blank or not). */
const hasRows = (rows: SyncSource) => viewOf(rows).count > 0;

function idColumn(tab: TabName, view: SyncView): number {
  const def = tabDef(tab);
  return matchHeaders(def, view.given).get(def.idKey) ?? -1;
}

/** Deleted ids per chunk; the API accepts up to 50,000, fewer keeps a chunk small. */
const DELETIONS_PER_CHUNK = 5_000;

/** The id of every non-blank row of one tab (rows with the header first, or columns), by the schema's id column. */
export function rowIds(tab: TabName, rows: SyncSource): string[] {
  const view = viewOf(rows);
  const column = idColumn(tab, view);
  if (column < 0) return [];
  const ids: string[] = [];
  for (let k = 0; k < view.count; k++) {
    const id = String(view.raw(column, k) ?? '').trim();
    if (id !== '') ids.push(id);
  }
  return ids;
}

export interface TabSyncReport {
  tab: TabName;
  received: number;
  written: number;
  unchanged: number;
  /** Rows removed from the ledger since the last sync that the API deleted. */
  deleted: number;
  rejected: number;
  /** Row errors; `row` 0 with `id` is a deletion refused (a payment still applied), retried next time. */
  errors: { row: number; id?: string; column: string; message: string }[];
  /** Rows stored but flagged (a late fee or interest row no balance charges). */
  warnings: { row: number; id: string; column: string; rule: string; message: string }[];
}

/**
 * Syncs every tab (Customers first, so other tabs can name them) and returns a report per tab.
 * With `previous` (the `ids` of the last sync), rows whose ids are gone from the ledger are sent as
 * deletions; `ids` is what to keep for the next call.
 */
export async function syncLedger(
  apiUrl: string,
  auth: { apiKey: string } | { idToken: string },
  tabs: SyncTabs,
  previous: SyncedIds = {},
): Promise<TabSyncReport[] & { ids: SyncedIds }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if ('apiKey' in auth) headers['x-api-key'] = auth.apiKey;
  else headers.authorization = `Bearer ${auth.idToken}`;
  const reports: TabSyncReport[] = [];
  const ids: SyncedIds = { hashes: {} };
  // Every tab's deletions first: an invoice's chunk names the payments deleted with it, a customer's
  // every row of other tabs deleted with it (alsoDeleted), so the API deletes them in one pass
  // although Customers and Invoices sync first.
  const deletions = new Map<TabName, string[]>();
  for (const tab of SYNC_ORDER) {
    const rows = tabs[tab] ?? [];
    const kept = new Set(hasRows(rows) ? rowIds(tab, rows) : []);
    deletions.set(
      tab,
      (previous[tab] ?? []).filter((id) => !kept.has(id)),
    );
  }
  // Referenced tabs first (core/ledger/sync-order.ts): each row is checked against what it names.
  for (const tab of SYNC_ORDER) {
    const rows = tabs[tab] ?? [];
    const current = hasRows(rows) ? rowIds(tab, rows) : [];
    const deleted = deletions.get(tab) ?? [];
    const alsoDeleted: Partial<Record<TabName, string[]>> = {};
    for (const ref of TAB_REFERENCES)
      if (ref.to.includes(tab) && (deletions.get(ref.from)?.length ?? 0) > 0)
        alsoDeleted[ref.from] = deletions.get(ref.from)!;
    if (current.length > 0) ids[tab] = current;
    // Rows sent before with the same content are not sent again (the API holds them as they are).
    const hashes = hasRows(rows) ? rowHashes(tab, rows) : new Map<number, [string, string]>();
    const before = previous.hashes?.[tab] ?? {};
    const same = new Set<number>();
    const now: Record<string, string> = {};
    for (const [r, [id, hash]] of hashes) {
      now[id] = hash;
      if (before[id] === hash) same.add(r);
    }
    if (hashes.size > 0) ids.hashes![tab] = now;
    if (!hasRows(rows) && deleted.length === 0) continue;
    const report: TabSyncReport = {
      tab,
      received: 0,
      written: 0,
      unchanged: 0,
      deleted: 0,
      rejected: 0,
      errors: [],
      warnings: [],
    };
    report.received += same.size;
    report.unchanged += same.size;
    const chunks = hasRows(rows) ? chunkTab(tab, rows, MAX_CHUNK_BYTES, (r) => same.has(r)) : [];
    const header = chunks[0]?.header ?? tabDef(tab).columns.map((c) => c.header);
    // Deletions ride on the first chunks; any left over go in chunks of their own.
    for (let i = 0; i * DELETIONS_PER_CHUNK < deleted.length; i++) {
      const slice = deleted.slice(i * DELETIONS_PER_CHUNK, (i + 1) * DELETIONS_PER_CHUNK);
      const chunk = chunks[i] ?? { tab, header, columns: header.map(() => []), rowNumbers: [] };
      chunk.deleted = slice;
      if (Object.keys(alsoDeleted).length > 0) chunk.alsoDeleted = alsoDeleted;
      chunks[i] = chunk;
    }
    for (const chunk of chunks) {
      const res = await fetch(`${apiUrl}/v1/sync`, { method: 'POST', headers, body: JSON.stringify(chunk) });
      const body = (await res.json()) as Record<string, unknown>;
      if (!res.ok) {
        const err = body.error as { code: string; message: string } | undefined;
        throw new Error(`sync of ${tab} failed: ${res.status} ${err?.code ?? ''} ${err?.message ?? ''}`);
      }
      report.received += body.received as number;
      report.written += body.written as number;
      report.unchanged += body.unchanged as number;
      report.deleted += (body.deleted as number | undefined) ?? 0;
      report.rejected += body.rejected as number;
      report.errors.push(...(body.errors as TabSyncReport['errors']));
      report.warnings.push(...((body.warnings as TabSyncReport['warnings'] | undefined) ?? []));
      // A refused row is sent again next time, so its error is reported again until it is fixed.
      for (const e of body.errors as TabSyncReport['errors']) {
        // A deletion refused stays among the ids, so the next sync sends it again.
        if (e.row === 0 && e.id !== undefined && chunk.deleted?.includes(e.id)) {
          ids[tab] = [...(ids[tab] ?? []), e.id];
          continue;
        }
        const refused = hashes.get(e.row - 1);
        if (refused) delete now[refused[0]];
      }
    }
    reports.push(report);
  }
  return Object.assign(reports, { ids });
}
