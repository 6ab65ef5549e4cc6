// Sends a ledger's tabs to the Duebook API as column-oriented chunks of at most 2 MB.
import type { LedgerRows, TabName } from '../core/schema.js';
import { TAB_NAMES } from '../core/schema.js';

export const MAX_CHUNK_BYTES = 2 * 1024 * 1024;

export interface SyncChunkBody {
  tab: TabName;
  header: string[];
  columns: unknown[][];
  rowNumbers: number[];
  deleted?: string[];
}

/** Splits one tab (header first) into column-oriented chunks whose JSON stays under the limit. */
export function chunkTab(
  tab: TabName,
  rows: readonly (readonly unknown[])[],
  maxBytes = MAX_CHUNK_BYTES,
): SyncChunkBody[] {
  const header = (rows[0] ?? []).map((h) => String(h ?? ''));
  const chunks: SyncChunkBody[] = [];
  let current: SyncChunkBody = { tab, header, columns: header.map(() => []), rowNumbers: [] };
  let size = JSON.stringify(current).length;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.every((v) => v === undefined || v === null || v === '')) continue;
    const cells = header.map((_, c) =>
      row[c] instanceof Date ? (row[c] as Date).toISOString().slice(0, 10) : (row[c] ?? ''),
    );
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

export interface TabSyncReport {
  tab: TabName;
  received: number;
  written: number;
  unchanged: number;
  rejected: number;
  errors: { row: number; column: string; message: string }[];
}

/** Syncs every tab (Customers first, so other tabs can name them) and returns a report per tab. */
export async function syncLedger(
  apiUrl: string,
  auth: { apiKey: string } | { idToken: string },
  tabs: LedgerRows,
): Promise<TabSyncReport[]> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if ('apiKey' in auth) headers['x-api-key'] = auth.apiKey;
  else headers.authorization = `Bearer ${auth.idToken}`;
  const reports: TabSyncReport[] = [];
  for (const tab of TAB_NAMES) {
    const rows = tabs[tab];
    if (!rows || rows.length < 2) continue;
    const report: TabSyncReport = { tab, received: 0, written: 0, unchanged: 0, rejected: 0, errors: [] };
    for (const chunk of chunkTab(tab, rows)) {
      const res = await fetch(`${apiUrl}/v1/sync`, { method: 'POST', headers, body: JSON.stringify(chunk) });
      const body = (await res.json()) as Record<string, unknown>;
      if (!res.ok) {
        const err = body.error as { code: string; message: string } | undefined;
        throw new Error(`sync of ${tab} failed: ${res.status} ${err?.code ?? ''} ${err?.message ?? ''}`);
      }
      report.received += body.received as number;
      report.written += body.written as number;
      report.unchanged += body.unchanged as number;
      report.rejected += body.rejected as number;
      report.errors.push(...(body.errors as TabSyncReport['errors']));
    }
    reports.push(report);
  }
  return reports;
}
