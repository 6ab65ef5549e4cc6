// Writes whole ledger tabs back as CSV after a command changed some of their records: every row is
// kept as read (rows with problems, columns Duebook does not know, computed columns), only the
// cells whose value changed are rewritten, and new records are appended. The files go to a folder
// of the user's choosing and never overwrite anything: the user copies them over the ledger. Every
// field goes through the one formula guard (core/ledger/cell-guard.ts).
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toGuardedCsv } from '../core/ledger/cell-guard.js';
import { currencyExponent } from '../core/ledger/money.js';
import { type ColumnDef, SCHEMA, type TabName, tabDef, tabFileName } from '../core/ledger/schema.js';
import { matchHeaders } from '../core/ledger/schema-cells.js';
import type { LedgerRows } from '../core/ledger/schema-rows.js';
import type { LedgerChanges } from '../core/lifecycle/tracing.js';
import type { LoadedLedger } from './load-ledger.js';

/** A tab's file could not be written; nothing was written. */
export class LedgerWriteError extends Error {
  override name = 'LedgerWriteError';
}

type AnyRecord = { row: number } & Record<string, unknown>;

/**
 * The text of one cell as the schema reads it back: dates as YYYY-MM-DD, money as a decimal in the
 * record's currency (`1234.50`), lists joined with `, `, empty for no value.
 */
export function cellText(column: ColumnDef, value: unknown, currency: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (column.type === 'money' && typeof value === 'number') {
    const exp = currencyExponent(typeof currency === 'string' ? currency : 'USD');
    const digits = String(Math.abs(value)).padStart(exp + 1, '0');
    const whole = digits.slice(0, digits.length - exp);
    return `${value < 0 ? '-' : ''}${whole}${exp > 0 ? `.${digits.slice(digits.length - exp)}` : ''}`;
  }
  if (column.type === 'boolean' && typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** A cell as read (CSV text, or an .xlsx value: number, boolean, ISO date) as CSV text. */
function rawText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return String(value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The rows of `tab` after `after` replaced the records of `before` (matched by their `row`, the
 * sheet row they came from) and appended the records with `row` 0. `rows` are the cells as read
 * (header first), or undefined when the ledger has no such tab: the header is then the tab's
 * input columns. A changed field whose column the tab lacks gets the column added at the end.
 */
export function tabRowsAfter(
  tab: TabName,
  rows: LedgerRows[TabName],
  before: readonly object[],
  after: readonly object[],
): string[][] {
  const def = tabDef(tab);
  const inputColumns = def.columns.filter((c) => !c.computed);
  const out: string[][] =
    rows && rows.length > 0 ? rows.map((r) => Array.from(r, rawText)) : [inputColumns.map((c) => c.header)];
  const header = out[0]!;
  const index = matchHeaders(def, header);
  const columnOf = (col: ColumnDef): number => {
    let i = index.get(col.key) ?? -1;
    if (i < 0) {
      i = header.length;
      header.push(col.header);
      index.set(col.key, i);
    }
    return i;
  };
  const byRow = new Map((before as AnyRecord[]).map((r) => [r.row, r]));
  for (const record of after as AnyRecord[]) {
    if (!Number.isSafeInteger(record.row) || record.row < 0) {
      throw new RangeError(`${tab}: a record to write has no row number`);
    }
    const old = record.row > 0 ? byRow.get(record.row) : undefined;
    if (record.row > 0 && !old) {
      throw new RangeError(`${tab} row ${record.row}: no record was read from that row`);
    }
    const line = old ? out[record.row - 1]! : [];
    if (!old) out.push(line);
    for (const col of inputColumns) {
      const value = record[col.key];
      if (old ? same(old[col.key], value) : value === undefined) continue;
      if (!old && Array.isArray(value) && value.length === 0) continue;
      line[columnOf(col)] = cellText(col, value, record.currency);
    }
  }
  const width = header.length;
  return out.map((r) => {
    const padded = Array.from({ length: Math.max(width, r.length) }, (_, i) => r[i] ?? '');
    return padded;
  });
}

/** The tabs `changes` touch, each as whole rows with the changes applied, with counts. */
export function changedTabs(
  loaded: LoadedLedger,
  changes: LedgerChanges,
): { tab: TabName; rows: string[][]; updated: number; added: number }[] {
  const out: { tab: TabName; rows: string[][]; updated: number; added: number }[] = [];
  for (const def of SCHEMA) {
    const updated = (changes.updated[def.key] ?? []) as object[];
    const added = (changes.added[def.key] ?? []) as object[];
    if (updated.length === 0 && added.length === 0) continue;
    out.push({
      tab: def.name,
      rows: tabRowsAfter(def.name, loaded.input.rows[def.name], loaded.ledger[def.key] as object[], [
        ...updated,
        ...added,
      ]),
      updated: updated.length,
      added: added.length,
    });
  }
  return out;
}

/**
 * Writes each tab as `DIR/<tab>.csv` (e.g. `claims.csv`), or nothing at all when any of the files
 * already exists. Returns the paths written. Throws `LedgerWriteError` naming the file.
 */
export async function writeTabs(
  dir: string,
  tabs: readonly { tab: TabName; rows: readonly (readonly string[])[] }[],
): Promise<string[]> {
  const files = tabs.map((t) => ({ tab: t.tab, path: join(dir, tabFileName(t.tab)), rows: t.rows }));
  for (const f of files) {
    if (await exists(f.path)) {
      throw new LedgerWriteError(
        `${f.path} already exists; nothing written (give an empty or new folder with --out)`,
      );
    }
  }
  try {
    await mkdir(dir, { recursive: true });
    // 'wx' fails rather than overwrite a file that appeared since the check.
    for (const f of files) await writeFile(f.path, guardedCsv(f.tab, f.rows), { flag: 'wx' });
  } catch (e) {
    throw new LedgerWriteError(`cannot write to ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return files.map((f) => f.path);
}

/**
 * A tab as CSV text with every field through the one formula guard (core/ledger/cell-guard.ts): text that
 * would run as a formula (`=HYPERLINK(...)`, `+1+1`, `@SUM(A1)`, `-2` in a text column) is written
 * as text; amounts and counts in the schema's money and integer columns stay numbers.
 */
export function guardedCsv(tab: TabName, rows: readonly (readonly string[])[]): string {
  const def = tabDef(tab);
  const index = matchHeaders(def, rows[0] ?? []);
  const numeric = new Set(
    def.columns
      .filter((c) => c.type === 'money' || c.type === 'integer')
      .map((c) => index.get(c.key) ?? -1)
      .filter((i) => i >= 0),
  );
  return toGuardedCsv(rows, { eol: '\n', numericColumns: numeric });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
