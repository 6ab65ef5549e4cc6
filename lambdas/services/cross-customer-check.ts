// Rows stored before the cross-tab rules existed that apply money to another customer's invoice or
// charge: found when their customer is recomputed and listed in the review queue, never re-applied.
import type { TabName } from '../../core/ledger/schema.js';
import { log } from '../shared/log.js';
import type { LedgerStore, StoredRow } from '../store/ledger-store.js';
import { itemsNamed, nounOf } from './applied-rows.js';

/** The rule a review item of this check carries. */
export const CROSS_CUSTOMER_RULE = 'integrity/cross-customer';

/** One stored row of a customer naming an item that another customer owns. */
export interface CrossCustomerRow {
  customerId: string;
  tab: TabName;
  rowId: string;
  itemId: string;
  itemTab: TabName;
  owner: string;
  /** The row's amount, as stored (minor units), and its currency. */
  amountMinor?: number;
  currency?: string;
}

/** The tabs whose rows are items other rows name. */
const ITEM_TABS: readonly TabName[] = ['Invoices', 'Adjustments'];

/**
 * Of one customer's stored rows, those naming an item (a payment's `Applies To`, an adjustment's
 * `Invoice ID`) that is stored under another customer. Reads nothing unless a row names an item the
 * customer does not hold (one BatchGetItem per item tab then).
 */
export async function crossCustomerRows(
  store: LedgerStore,
  tenantId: string,
  rows: readonly StoredRow[],
): Promise<CrossCustomerRow[]> {
  const own = new Set(rows.filter((r) => ITEM_TABS.includes(r.tab)).map((r) => r.rowId));
  return namingOthers(store, tenantId, rows, own);
}

/**
 * Of stored rows of any customers, those naming an item stored under another customer than the row's.
 * Items in `own` (the caller knows them to be the row's customer's) are not read.
 */
export async function namingOthers(
  store: LedgerStore,
  tenantId: string,
  rows: readonly StoredRow[],
  own: ReadonlySet<string> = new Set(),
): Promise<CrossCustomerRow[]> {
  const naming = rows
    .map((r) => ({ r, ids: itemsNamed(r.tab, r.fields).filter((id) => !own.has(id)) }))
    .filter((x) => x.ids.length > 0);
  if (naming.length === 0) return [];
  const ids = [...new Set(naming.flatMap((x) => x.ids))];
  /** Item id -> the item tabs holding it, with their owner. */
  const owners = new Map<string, { tab: TabName; owner: string }[]>();
  for (const tab of ITEM_TABS)
    for (const [id, o] of await store.rowOwners(tenantId, tab, ids))
      owners.set(id, [...(owners.get(id) ?? []), { tab, owner: o.customerId }]);
  return naming.flatMap(({ r, ids: named }) =>
    named.flatMap((itemId) => {
      const o = owners.get(itemId)?.find((x) => x.owner !== r.customerId);
      if (!o) return [];
      const amount = r.fields.amountMinor;
      const currency = r.fields.currency;
      return [
        {
          customerId: r.customerId,
          tab: r.tab,
          rowId: r.rowId,
          itemId,
          itemTab: o.tab,
          owner: o.owner,
          ...(typeof amount === 'number' ? { amountMinor: amount } : {}),
          ...(typeof currency === 'string' ? { currency } : {}),
        },
      ];
    }),
  );
}

/**
 * Puts each finding in the review queue once (an outbox entry `integrity#<tab>#<row>` in the
 * `failed` state, keyed by the row: a later run finds it recorded), naming the row, the item and its
 * owner. The money stays where it is: a clerk moves the row or the item in the sheet.
 */
export async function recordCrossCustomer(
  store: LedgerStore,
  tenantId: string,
  found: readonly CrossCustomerRow[],
  asOf: string,
): Promise<number> {
  let recorded = 0;
  for (const f of found) {
    const reason =
      `${nounOf(f.tab)} ${f.rowId} of customer ${f.customerId} names ${nounOf(f.itemTab)} ${f.itemId} of ` +
      `customer ${f.owner} (stored before the rules across tabs refused it): its money is not applied there; ` +
      `move the ${nounOf(f.tab)} or correct its ${f.tab === 'Payments' ? 'Applies To' : 'Invoice ID'} in the sheet`;
    const stored = await store.putOutboxOnce({
      tenantId,
      customerId: f.customerId,
      stage: `integrity#${f.tab}`,
      channel: 'none',
      cycle: f.rowId,
      status: 'failed',
      plannedOn: asOf,
      notBefore: `${asOf}T00:00:00.000Z`,
      action: { kind: 'error', explanation: { rule: CROSS_CUSTOMER_RULE, summary: reason } },
      reason,
      rule: CROSS_CUSTOMER_RULE,
      attempts: 0,
    });
    if (stored) recorded++;
  }
  return recorded;
}

/** Lists a customer's rows naming another customer's item in the review queue (logged, never fatal). */
export async function reviewCrossCustomer(
  store: LedgerStore,
  tenantId: string,
  customerId: string,
  rows: readonly StoredRow[],
  asOf: string,
): Promise<void> {
  try {
    const found = await crossCustomerRows(store, tenantId, rows);
    if (found.length > 0) await recordCrossCustomer(store, tenantId, found, asOf);
  } catch (e) {
    log('warn', 'cross-customer check failed', { tenantId, customerId, error: String(e) });
  }
}
