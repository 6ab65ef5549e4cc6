// Sends a ledger's tabs to the Duebook API as column-oriented chunks of at most 2 MB, and the ids of
// rows removed from the ledger since the last sync as deletions.
import { createHash } from 'node:crypto';
import type { TabName } from '../core/ledger/schema.js';
import { tabDef } from '../core/ledger/schema.js';
import { matchHeaders } from '../core/ledger/schema-cells.js';
import type { LedgerRows } from '../core/ledger/schema-rows.js';
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

/** Splits one tab (header first) into column-oriented chunks whose JSON stays under the limit. */
export function chunkTab(
  tab: TabName,
  rows: readonly (readonly unknown[])[],
  maxBytes = MAX_CHUNK_BYTES,
  /** Leaves a row out (by its index in `rows`): one the API already holds as it is. */
  skip?: (r: number) => boolean,
): SyncChunkBody[] {
  const header = (rows[0] ?? []).map((h) => String(h ?? ''));
  const chunks: SyncChunkBody[] = [];
  let current: SyncChunkBody = { tab, header, columns: header.map(() => []), rowNumbers: [] };
  let size = JSON.stringify(current).length;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.every((v) => v === undefined || v === null || v === '')) continue;
    if (skip?.(r)) continue;
    const cells = cellsOf(header, row);
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

/** A row's cells as a sync sends them (dates as ISO dates, blanks as ''). */
function cellsOf(header: readonly string[], row: readonly unknown[]): unknown[] {
  return header.map((_, c) =>
    row[c] instanceof Date ? (row[c] as Date).toISOString().slice(0, 10) : (row[c] ?? ''),
  );
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
export function rowHashes(
  tab: TabName,
  rows: readonly (readonly unknown[])[],
): Map<number, [string, string]> {
  const def = tabDef(tab);
  const header = (rows[0] ?? []).map((h) => String(h ?? ''));
  const column = matchHeaders(def, rows[0] ?? []).get(def.idKey) ?? -1;
  const out = new Map<number, [string, string]>();
  if (column < 0) return out;
  const headerText = JSON.stringify(header);
  for (let r = 1; r < rows.length; r++) {
    const id = String(rows[r]![column] ?? '').trim();
    if (id === '') continue;
    const hash = createHash('sha256')
      .update(headerText)
      .update(JSON.stringify(cellsOf(header, rows[r]!)))
      .digest('base64url')
      .slice(0, 22);
    out.set(r, [id, hash]);
  }
  return out;
}

/** Deleted ids per chunk; the API accepts up to 50,000, fewer keeps a chunk small. */
const DELETIONS_PER_CHUNK = 5_000;

/** The id of every non-blank row of one tab (header first), by the schema's id column. */
export function rowIds(tab: TabName, rows: readonly (readonly unknown[])[]): string[] {
  const def = tabDef(tab);
  const column = matchHeaders(def, rows[0] ?? []).get(def.idKey) ?? -1;
  if (column < 0) return [];
  const ids: string[] = [];
  for (let r = 1; r < rows.length; r++) {
    const id = String(rows[r]![column] ?? '').trim();
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
  tabs: LedgerRows,
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
    const kept = new Set(rows.length >= 2 ? rowIds(tab, rows) : []);
    deletions.set(
      tab,
      (previous[tab] ?? []).filter((id) => !kept.has(id)),
    );
  }
  // Referenced tabs first (core/ledger/sync-order.ts): each row is checked against what it names.
  for (const tab of SYNC_ORDER) {
    const rows = tabs[tab] ?? [];
    const current = rows.length >= 2 ? rowIds(tab, rows) : [];
    const deleted = deletions.get(tab) ?? [];
    const alsoDeleted: Partial<Record<TabName, string[]>> = {};
    for (const ref of TAB_REFERENCES)
      if (ref.to.includes(tab) && (deletions.get(ref.from)?.length ?? 0) > 0)
        alsoDeleted[ref.from] = deletions.get(ref.from)!;
    if (current.length > 0) ids[tab] = current;
    // Rows sent before with the same content are not sent again (the API holds them as they are).
    const hashes = rows.length >= 2 ? rowHashes(tab, rows) : new Map<number, [string, string]>();
    const before = previous.hashes?.[tab] ?? {};
    const same = new Set<number>();
    const now: Record<string, string> = {};
    for (const [r, [id, hash]] of hashes) {
      now[id] = hash;
      if (before[id] === hash) same.add(r);
    }
    if (hashes.size > 0) ids.hashes![tab] = now;
    if (rows.length < 2 && deleted.length === 0) continue;
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
    const chunks = rows.length >= 2 ? chunkTab(tab, rows, MAX_CHUNK_BYTES, (r) => same.has(r)) : [];
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
