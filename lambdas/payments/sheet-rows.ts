// The rows the backend wrote (a Stripe payment, a debtor's promise) that the add-on must write into
// the sheet, with their cells by header: GET /v1/sheet-rows, apart from the debtor's routes.
import { SCHEMA, type TabName } from '../../core/ledger/schema.js';
import type { DebtorStore } from '../store/debtor-store.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { decimalText } from './stripe-money.js';

/** The stored rows the sheet should receive, with their cells by header, for the add-on to write. */
export async function sheetRowsAnswer(
  deps: { store: LedgerStore; debtor: DebtorStore },
  tenantId: string,
): Promise<{ tab: TabName; rowId: string; change: 'new' | 'changed'; cells: Record<string, unknown> }[]> {
  const refs = await deps.debtor.sheetRows(tenantId);
  const out = [];
  for (const ref of refs) {
    const row = await deps.store.getRow(tenantId, ref.tab, ref.rowId);
    if (!row) continue;
    const def = SCHEMA.find((t) => t.name === ref.tab)!;
    const cells: Record<string, unknown> = {};
    for (const col of def.columns) {
      if (col.computed) continue;
      const v = row.fields[col.key];
      if (v === undefined || v === null) continue;
      cells[col.header] =
        col.type === 'money' && typeof v === 'number'
          ? Number(decimalText(v, String(row.fields.currency ?? 'USD')))
          : Array.isArray(v)
            ? v.join(', ')
            : v;
    }
    out.push({ tab: ref.tab, rowId: ref.rowId, change: ref.change, cells });
  }
  return out;
}
