// The Claims tab's computed columns, Denial Category and Next Step, computed in the add-on with
// core's `claimStatusColumns` from the sheet's own rows (no backend needed), written with one
// setValues() per contiguous block of changed rows and columns.
import { claimStatusColumns } from '../../core/claims/claim-status.js';
import { DEFAULT_CLAIM_DEADLINES } from '../../core/claims/deadlines.js';
import type { IsoDate } from '../../core/ledger/dates.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import { contiguousRuns } from './blocks.js';
import { safeCell } from './cells.js';
import type { LedgerTab } from './sheets/ledger-tab.js';

/** Claims column keys Duebook computes, in the order `claimStatusColumns` names them. */
const CLAIM_COLUMNS = ['denialCategory', 'claimNextStep'] as const;

export interface ClaimColumnsReport {
  /** Claims whose computed cells were computed (rows with problems are left as they are). */
  claims: number;
  /** Rows whose cells changed. */
  changed: number;
  blocks: number;
}

/**
 * Fills Denial Category and Next Step for every valid claim of `ledger` (parsed from the same
 * values `tab` holds, so a claim's `row` is its sheet row). Only rows whose cells change are
 * written; cells of rows core could not parse keep what they have.
 */
export function writeClaimColumns(tab: LedgerTab, ledger: Ledger, asOf: IsoDate): ClaimColumnsReport {
  const cols = CLAIM_COLUMNS.map((k) => tab.index.get(k) ?? -1);
  const present = cols.filter((c) => c >= 0).sort((a, b) => a - b);
  const idAt = tab.index.get('claimId') ?? -1;
  if (present.length === 0 || idAt < 0) return { claims: 0, changed: 0, blocks: 0 };
  const context = { asOf, config: DEFAULT_CLAIM_DEADLINES, invoices: ledger.invoices };
  const next = new Map<number, Map<number, string>>();
  let claims = 0;
  for (const claim of ledger.claims) {
    const r = claim.row - 1;
    const row = tab.values[r];
    // The ledger was parsed from these values; a row that moved since is left for the next run.
    if (!row || String(row[idAt] ?? '').trim() !== claim.claimId) continue;
    claims++;
    const computed = claimStatusColumns(claim, context);
    let differs = false;
    const cells = new Map<number, string>();
    CLAIM_COLUMNS.forEach((key, i) => {
      const at = cols[i]!;
      if (at < 0) return;
      cells.set(at, computed[key]);
      if (String(row[at] ?? '') !== computed[key]) differs = true;
    });
    if (differs) next.set(r, cells);
  }
  const rowRuns = contiguousRuns([...next.keys()].sort((a, b) => a - b));
  const colRuns = contiguousRuns(present);
  let blocks = 0;
  for (const [rowStart, rowCount] of rowRuns) {
    for (const [colStart, colCount] of colRuns) {
      const block: (string | number | boolean | Date)[][] = [];
      for (let r = rowStart; r < rowStart + rowCount; r++) {
        const out: (string | number | boolean | Date)[] = [];
        for (let c = colStart; c < colStart + colCount; c++) {
          const value = next.get(r)!.get(c)!;
          tab.values[r]![c] = value;
          out.push(safeCell(value));
        }
        block.push(out);
      }
      tab.sheet.getRange(rowStart + 1, colStart + 1, rowCount, colCount).setValues(block);
      blocks++;
    }
  }
  return { claims, changed: next.size, blocks };
}
