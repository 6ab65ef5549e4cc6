// The order a ledger's tabs are synced in, and the references between tabs that order serves:
// every tab a row may name comes before the row's own tab, so the backend checks each synced row
// against referents already stored (or refused) by the same sync, never against rows still to come.
import { TAB_NAMES, type TabName } from './schema.js';

/** One reference between tabs: a column of `from` naming rows of the `to` tabs. */
export interface TabReference {
  from: TabName;
  column: string;
  to: readonly TabName[];
}

/**
 * The references core's cross-tab rules check (`ledgerFromFields`): every row names its customer;
 * a payment names the invoices and charges it applies to; an adjustment the invoice it is on.
 */
export const TAB_REFERENCES: readonly TabReference[] = [
  ...TAB_NAMES.filter((t) => t !== 'Customers').map(
    (from): TabReference => ({ from, column: 'Customer ID', to: ['Customers'] }),
  ),
  { from: 'Payments', column: 'Applies To', to: ['Invoices', 'Adjustments'] },
  { from: 'Adjustments', column: 'Invoice ID', to: ['Invoices'] },
];

/**
 * The tabs in sync order: each after every tab it references (Adjustments before Payments, which
 * may apply to a charge), otherwise in the schema's order.
 *
 * @example SYNC_ORDER.indexOf('Adjustments') < SYNC_ORDER.indexOf('Payments') // true
 */
export const SYNC_ORDER: readonly TabName[] = (() => {
  const order: TabName[] = [];
  const visit = (tab: TabName, path: readonly TabName[]) => {
    if (order.includes(tab)) return;
    if (path.includes(tab)) throw new Error(`tab references loop: ${[...path, tab].join(' -> ')}`);
    for (const r of TAB_REFERENCES)
      if (r.from === tab) for (const to of r.to) if (to !== tab) visit(to, [...path, tab]);
    order.push(tab);
  };
  for (const tab of TAB_NAMES) visit(tab, []);
  return order;
})();
