// What the refused fee and interest rows would have added, per currency: the figure the add-on's
// views show beside their totals ("not charged"), from the same refusals the engine makes.
import type { Ledger } from '../ledger/ledger.js';
import type { RefusedCharge } from './charge-refusals.js';

/** One currency's refused charges: how many rows, and what they would have added. */
export interface RefusedChargeTotal {
  currency: string;
  amountMinor: number;
  rows: number;
}

/**
 * Sums the refused rows (from `withoutRefusedCharges` on the same ledger) per currency, in the
 * order currencies first appear; rows the ledger no longer holds are left out.
 *
 * @example refusedChargeTotals(ledger, refused) // [{ currency: 'USD', amountMinor: 50_000, rows: 1 }]
 */
export function refusedChargeTotals(ledger: Ledger, refused: readonly RefusedCharge[]): RefusedChargeTotal[] {
  const rows = new Map(ledger.adjustments.map((a) => [a.adjustmentId, a]));
  const totals = new Map<string, RefusedChargeTotal>();
  for (const r of refused) {
    const row = rows.get(r.adjustmentId);
    if (!row) continue;
    const t = totals.get(row.currency) ?? { currency: row.currency, amountMinor: 0, rows: 0 };
    t.amountMinor += row.amountMinor;
    t.rows += 1;
    totals.set(row.currency, t);
  }
  return [...totals.values()];
}
