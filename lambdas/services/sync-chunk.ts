// A sync chunk (header + one array per column, as the add-on and the CLI send it) read as core's
// `TabColumns`, so core's column validator reads it where it lies (no array per row), and the
// checks that refuse a chunk whole before anything is stored or deleted.
import { rawCell, type TabColumns } from '../../core/ledger/ledger-cells.js';
import type { TabDef, TabName } from '../../core/ledger/schema.js';
import { matchHeaders } from '../../core/ledger/schema-cells.js';
import { TAB_REFERENCES } from '../../core/ledger/sync-order.js';
import { ApiError } from '../api/errors.js';

/** What `chunkColumns` reads of a chunk: `columns[c][k]` is row k's value under `header[c]`. */
export interface ChunkCells {
  tab: TabName;
  header: readonly string[];
  columns: readonly (readonly unknown[])[];
  rowNumbers: readonly number[];
  deleted?: readonly string[];
  alsoDeleted?: Partial<Record<string, readonly string[]>>;
}

/**
 * The chunk's cells as columns, one row per entry of `rowNumbers`. Throws `SYNC.SHAPE` (a 400,
 * nothing stored) when the header and the column arrays disagree or a column has another length.
 */
export function chunkColumns(chunk: ChunkCells): TabColumns {
  const n = chunk.rowNumbers.length;
  if (chunk.columns.length !== chunk.header.length) {
    throw new ApiError(
      'SYNC.SHAPE',
      `header has ${chunk.header.length} columns but ${chunk.columns.length} column arrays were sent`,
    );
  }
  chunk.columns.forEach((col, c) => {
    if (col.length !== n) {
      throw new ApiError('SYNC.SHAPE', `column "${chunk.header[c]}" has ${col.length} values for ${n} rows`);
    }
  });
  const { header, columns } = chunk;
  return {
    header,
    count: n,
    cell: (c, k) => {
      const v = columns[c]![k];
      return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
    },
    value: (c, k) => columns[c]![k],
  };
}

/**
 * `deleted` may name each id once, and never a row the same chunk sends (is it kept or gone?):
 * otherwise the chunk is refused whole, naming the entry.
 */
export function checkDeleted(
  def: TabDef,
  cells: TabColumns,
  chunk: Pick<ChunkCells, 'rowNumbers' | 'deleted'>,
): void {
  const deleted = chunk.deleted ?? [];
  if (deleted.length === 0) return;
  const idAt = matchHeaders(def, cells.header).get(def.idKey) ?? -1;
  const sent = new Map<string, number>();
  for (let k = 0; idAt >= 0 && k < cells.count; k++) {
    const id = rawCell(cells, idAt, k);
    if (typeof id === 'string') sent.set(id.trim(), chunk.rowNumbers[k] ?? k + 2);
  }
  const issues: { field: string; message: string }[] = [];
  const first = new Map<string, number>();
  deleted.forEach((id, i) => {
    const earlier = first.get(id);
    if (earlier !== undefined)
      issues.push({ field: `deleted[${i}]`, message: `"${id}" is already deleted[${earlier}]` });
    else first.set(id, i);
    const row = sent.get(id);
    if (row !== undefined)
      issues.push({
        field: `deleted[${i}]`,
        message: `"${id}" is also sent as row ${row}: is it kept or deleted?`,
      });
  });
  if (issues.length > 0) {
    throw new ApiError(
      'SYNC.DELETED_INVALID',
      `chunk refused, nothing stored or deleted: ${issues.map((x) => `${x.field}: ${x.message}`).join('; ')}`,
      issues,
    );
  }
}

/**
 * `alsoDeleted` may name only tabs whose rows name this tab's rows (Payments and Adjustments for
 * Invoices, every other tab for Customers): otherwise the chunk is refused whole, naming the entry.
 */
export function checkAlsoDeleted(
  chunk: Pick<ChunkCells, 'tab' | 'alsoDeleted'>,
): Partial<Record<TabName, readonly string[]>> {
  const out: Partial<Record<TabName, readonly string[]>> = {};
  const allowed = TAB_REFERENCES.filter((r) => r.to.includes(chunk.tab)).map((r) => r.from);
  for (const [tab, ids] of Object.entries(chunk.alsoDeleted ?? {})) {
    if (!allowed.includes(tab as TabName))
      throw new ApiError(
        'SYNC.DELETED_INVALID',
        `chunk refused, nothing stored or deleted: alsoDeleted.${tab}: ` +
          (allowed.length > 0
            ? `only ${allowed.join(' or ')} rows apply to ${chunk.tab} rows`
            : `no rows apply to ${chunk.tab} rows`),
        [{ field: `alsoDeleted.${tab}`, message: `not a tab whose rows apply to ${chunk.tab}` }],
      );
    out[tab as TabName] = ids ?? [];
  }
  return out;
}
