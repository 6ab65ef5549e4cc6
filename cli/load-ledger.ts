// Loads a ledger for a command: reads the .xlsx workbook or CSV folder, validates it, and reports
// source notes (and, unless told not to, the rows with problems) on stderr. The valid rows go on.
import { refuseChargesInParse } from '../core/compliance/charge-refusals.js';
import type { Ledger } from '../core/ledger/ledger.js';
import { formatProblem } from '../core/ledger/schema-cells.js';
import { type LedgerParse, parseLedger } from '../core/ledger/schema-rows.js';
import type { CliIo } from './io.js';
import { type LedgerInput, LedgerReadError, readLedger } from './read-ledger.js';

export interface LoadedLedger {
  /** The cells as read, for commands that rewrite whole tabs or look at rows that did not validate. */
  input: LedgerInput;
  parsed: LedgerParse;
  /** The valid rows. */
  ledger: Ledger;
}

/**
 * Reads and validates the ledger at `path`. Notes about the source (ignored files or sheets) go to
 * stderr; so do the problems, each as "Tab row N, Column: message", followed by a note that those
 * rows were left out, unless `problems` is `'quiet'` (the command reports them itself). A ledger
 * that cannot be read throws `LedgerReadError`, which `main` reports like every command's.
 *
 * @example const { ledger } = await loadLedger('examples/demo-ledger', io)
 */
export async function loadLedger(
  path: string,
  io: CliIo,
  options: { problems?: 'report' | 'quiet' } = {},
): Promise<LoadedLedger> {
  const input = await readLedger(path);
  for (const note of input.source.notes) io.err(`note: ${note}\n`);
  // Fee and interest rows the law or the contract does not allow are problems, left out like bad rows.
  const parsed = refuseChargesInParse(parseLedger(input.rows));
  if (options.problems !== 'quiet') {
    for (const p of parsed.problems) io.err(`${formatProblem(p)}\n`);
    if (parsed.problems.length > 0) {
      io.err(`note: ${parsed.problems.length} problem(s) in the ledger; those rows were left out\n`);
    }
  }
  // A tab refused whole (a required column missing) is not the office's ledger: stop, exit 1.
  if (parsed.refused && parsed.refused.length > 0) {
    if (options.problems === 'quiet') for (const p of parsed.problems) io.err(`${formatProblem(p)}\n`);
    throw new LedgerReadError(
      'LEDGER.TAB_REFUSED',
      `${path}: ${parsed.refused.join(', ')} refused as a whole (a required column is missing, see above); nothing done`,
    );
  }
  return { input, parsed, ledger: parsed.ledger };
}
