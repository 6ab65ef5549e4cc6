// The planned actions of a plan of the bench's generated CSV ledger, made once for the benches that
// time what is done with them (bench/plan-json.bench.ts, bench/plan-text.bench.ts).
import { createHash } from 'node:crypto';
import type { CliIo } from '../cli/io.js';
import { readLedgerColumns } from '../cli/read-ledger.js';
import type { CollectionPlan, PlannedAction } from '../core/collections/collection-plan.js';
import { planCollections } from '../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../core/collections/dunning-policy.js';
import { zonedInstant } from '../core/ledger/dates.js';
import { columnarLedger } from '../core/ledger/ledger-columns.js';
import { bookFromColumns, ledgerOfColumns } from '../core/ledger/ledger-columns-book.js';
import { ledger } from './e2e.bench.js';

/** The as-of date of every bench plan. */
export const AS_OF = '2026-11-23';

/** The plan of the generated ledger of `size` invoices (as `duebook plan` makes it) and its actions. */
export async function planActions(size: number): Promise<{ plan: CollectionPlan; actions: PlannedAction[] }> {
  const columns = await readLedgerColumns(await ledger(size));
  const read = columns && columnarLedger(columns.tabs);
  if (!read) throw new Error('the generated ledger is not read as columns');
  const actions: PlannedAction[] = [];
  const plan = planCollections({
    ledger: ledgerOfColumns(read),
    book: bookFromColumns(read, AS_OF),
    policy: DEFAULT_POLICY,
    asOf: AS_OF,
    now: zonedInstant(AS_OF, 9, 'America/New_York'),
    defaultTimeZone: 'America/New_York',
    customerRows: read.customerRows,
    onAction: (a: PlannedAction) => void actions.push(a),
  });
  return { plan, actions };
}

/** An output that keeps nothing: it counts the bytes written and, when `hash`, their md5 (to compare builds). */
export function countingSink(hash: boolean): { io: CliIo; bytes: () => number; md5: () => string } {
  let bytes = 0;
  const md5 = createHash('md5');
  const io: CliIo = {
    out: () => {},
    err: () => {},
    outBytes: (b: Uint8Array) => {
      bytes += b.length;
      if (hash) md5.update(b);
    },
  };
  return { io, bytes: () => bytes, md5: () => (hash ? md5.digest('hex') : '') };
}
