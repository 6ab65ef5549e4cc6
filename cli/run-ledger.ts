// The ledger `duebook run` syncs, read as columns: a CSV folder's offsets into its text or an
// .xlsx's typed cells, with no array per row and no string per cell; its problems are the row
// path's, named the same way (tab, row, column).
import { refuseChargesInParse } from '../core/compliance/charge-refusals.js';
import { columnarLedger } from '../core/ledger/ledger-columns.js';
import { type LedgerParse, parseLedgerColumns } from '../core/ledger/schema-rows.js';
import type { CliIo } from './io.js';
import { readLedgerColumns } from './read-ledger.js';
import type { SyncTabs } from './sync-client.js';

/** A ledger read for `duebook run`: the tabs to sync and what validation found in them. */
export interface RunLedger {
  tabs: SyncTabs;
  /** The problems `parseLedger` (and its charge rules) finds in the same ledger; none when every row is valid. */
  parse: Pick<LedgerParse, 'problems' | 'refused'>;
}

/**
 * Reads the ledger at `path` as columns and validates it, the source's notes written to stderr;
 * `undefined` for a ledger the columns do not read as it is (a missing path, a single file, a record
 * wider than its header): the row path reads that one and says why.
 */
export async function readRunLedger(path: string, io: CliIo): Promise<RunLedger | undefined> {
  const columns = await readLedgerColumns(path);
  if (!columns || columns.wide) return undefined;
  for (const note of columns.source.notes) io.err(`note: ${note}\n`);
  // Customers, invoices and payments, every row valid: checked on typed columns, no record per row.
  // Any other ledger (more tabs, a problem) through the same validator per tab, with the charge rules.
  if (columnarLedger(columns.tabs)) return { tabs: columns.tabs, parse: { problems: [] } };
  const { problems, refused } = refuseChargesInParse(parseLedgerColumns(columns.tabs));
  return { tabs: columns.tabs, parse: { problems, ...(refused ? { refused } : {}) } };
}
