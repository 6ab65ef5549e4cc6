// The add-on's views and the engine refuse the same charges (issue #12): the Aging tab, the
// Dashboard and the sidebar read the ledger without the fee and interest rows core's compliance
// rules refuse (core/compliance/charge-refusals.ts, with the backend's defaults), and the refused
// rows are marked on the Adjustments tab (a note and a colour on their Amount cell).
import { type RefusedCharge, withoutRefusedCharges } from '../../core/compliance/charge-refusals.js';
import { type RefusedChargeTotal, refusedChargeTotals } from '../../core/compliance/refused-charge-totals.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import { formatMoney } from '../../core/ledger/money.js';

/** The colour of a refused charge's Amount cell (a pale red, like the Errors column's). */
export const REFUSED_BACKGROUND = '#f4cccc';

/** What the views read: the ledger as the engine charges it, and the rows it refuses. */
export interface LawfulLedger {
  ledger: Ledger;
  refused: RefusedCharge[];
  totals: RefusedChargeTotal[];
}

/**
 * The ledger without the refused charges, with the same options the backend's ledger service uses
 * (its defaults: Fees Agreed required), so a balance in the sheet is the balance the engine plans
 * and bills from.
 */
export function lawfulLedger(ledger: Ledger): LawfulLedger {
  const { ledger: lawful, refused } = withoutRefusedCharges(ledger);
  return { ledger: lawful, refused, totals: refusedChargeTotals(ledger, refused) };
}

/** "USD 500.00 in 2 rows", one part per currency. */
export function refusedText(totals: readonly RefusedChargeTotal[]): string {
  return totals
    .map(
      (t) =>
        `${formatMoney(t.amountMinor, t.currency, { code: true })} in ${t.rows} row${t.rows === 1 ? '' : 's'}`,
    )
    .join(', ');
}

/**
 * Marks the refused rows on the Adjustments tab: their Amount cell gets a note saying why and a
 * colour; the other late-fee and interest rows' Amount cells lose a mark an earlier sync left (a
 * row waived or agreed since). Other rows' cells are written back as they were. A constant number
 * of calls whatever the row count: the notes and colours of the Amount cells from the first to the
 * last charge row are read once and written once. Returns the number of refused rows marked.
 */
export function markRefusedCharges(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  amountCol: number,
  original: Ledger,
  refused: readonly RefusedCharge[],
): number {
  const why = new Map(refused.map((r) => [r.adjustmentId, r]));
  const marks = new Map<number, string>();
  for (const a of original.adjustments) {
    if (a.type !== 'late-fee' && a.type !== 'interest') continue;
    const r = why.get(a.adjustmentId);
    marks.set(a.row, r ? `Not charged (${r.rule}): ${r.reason}` : '');
  }
  if (amountCol < 0 || marks.size === 0) return 0;
  const first = Math.min(...marks.keys());
  const last = Math.max(...marks.keys());
  const range = sheet.getRange(first, amountCol + 1, last - first + 1, 1);
  const notes = range.getNotes();
  const colours = range.getBackgrounds() as (string | null)[][];
  let marked = 0;
  for (const [row, note] of marks) {
    const i = row - first;
    const before = String(notes[i]![0] ?? '');
    if (note) {
      notes[i]![0] = note;
      colours[i]![0] = REFUSED_BACKGROUND;
      marked++;
    } else if (before.startsWith('Not charged (')) {
      // Only a mark Duebook left is taken off; a clerk's own note and colour stay.
      notes[i]![0] = '';
      colours[i]![0] = null;
    }
  }
  range.setNotes(notes);
  range.setBackgrounds(colours as string[][]);
  return marked;
}
