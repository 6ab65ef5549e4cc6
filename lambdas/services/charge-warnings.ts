// The late-fee and interest rows of a synced Adjustments chunk that the law or the contract does not allow: stored (the sheet is the source of truth), never charged, and listed in the sync's answer naming row, column, rule and citation.
import { chargeRefusalProblems, withoutRefusedCharges } from '../../core/compliance/charge-refusals.js';
import type { TabName } from '../../core/ledger/schema.js';
import { ledgerFromFields, type RowFields } from '../../core/ledger/schema-rows.js';
import type { LedgerStore } from '../store/ledger-store.js';

/** A row stored but not charged: the sync answer's `warnings`. */
export interface RowWarning {
  row: number;
  id: string;
  column: string;
  code: 'CHARGE.REFUSED';
  /** The charge rule that refused it (`fees/not-agreed`, `fee/above-state-cap`, ...). */
  rule: string;
  /** `not charged (<rule>): <reason with its citation>`, as `duebook validate` says it. */
  message: string;
}

/** Adjustment types the charge rules judge (core's `feeRowRefusals`). */
const JUDGED = new Set(['late-fee', 'interest']);

/**
 * The refused charges among `rows` (good rows of an Adjustments chunk, as stored by this sync),
 * judged as every balance judges them (`withoutRefusedCharges`, the rule the account snapshot
 * applies): against each customer's stored rows, with the chunk's own rows in place of their stored
 * versions. One byCustomer Query per customer with a fee or interest row in the chunk; none else.
 */
export async function refusedChargeWarnings(
  store: LedgerStore,
  tenantId: string,
  rows: readonly RowFields[],
): Promise<RowWarning[]> {
  const judged = rows.filter((r) => JUDGED.has(r.type as string));
  if (judged.length === 0) return [];
  const sent = new Map(rows.map((r) => [r.adjustmentId as string, r]));
  const out: RowWarning[] = [];
  for (const customerId of new Set(judged.map((r) => r.customerId as string))) {
    const byTab: Partial<Record<TabName, RowFields[]>> = {};
    for (const stored of await store.customerRows(tenantId, customerId)) {
      if (stored.tab === 'Adjustments' && sent.has(stored.rowId)) continue;
      // Stored rows have no sheet row here (0), so a problem's row is always one of the chunk's.
      const list = byTab[stored.tab] ?? [];
      list.push({ ...stored.fields, row: 0 });
      byTab[stored.tab] = list;
    }
    byTab.Adjustments = [...(byTab.Adjustments ?? []), ...rows.filter((r) => r.customerId === customerId)];
    const ledger = ledgerFromFields(byTab).ledger;
    const { refused } = withoutRefusedCharges(ledger);
    const mine = refused.filter((r) => sent.has(r.adjustmentId));
    const problems = chargeRefusalProblems(ledger, mine);
    mine.forEach((r, i) => {
      const p = problems[i]!;
      out.push({
        row: p.row,
        id: r.adjustmentId,
        column: p.column,
        code: 'CHARGE.REFUSED',
        rule: r.rule,
        message: p.message,
      });
    });
  }
  return out.sort((a, b) => a.row - b.row);
}
