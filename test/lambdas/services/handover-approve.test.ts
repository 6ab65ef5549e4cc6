// Approving a hand-over when a placement write fails: the entry stays in the queue, and approving it
// again completes the same placement (no refusal for the half-written one, no second Activity row).
import { describe, expect, it } from 'vitest';
import type { TabName } from '../../../core/ledger/schema.js';
import { parseTabRows } from '../../../core/ledger/schema-rows.js';
import { approveHandover } from '../../../lambdas/services/handover.js';
import type { LedgerService } from '../../../lambdas/services/ledger-service.js';
import { DEFAULT_SETTINGS } from '../../../lambdas/shared/settings.js';
import type { LedgerStore, StoredRow } from '../../../lambdas/store/ledger-store.js';
import type { OutboxEntry, OutboxStatus } from '../../../lambdas/store/outbox-types.js';
import { applyPatch, type RowPatch } from '../../../lambdas/store/row-patch.js';
import type { TenantSettings } from '../../../lambdas/store/tenant-settings.js';

const NOW = new Date('2026-11-23T15:00:00Z');
const AS_OF = '2026-11-23';
const SETTINGS: TenantSettings = { tenantId: 't1', ...DEFAULT_SETTINGS };

function row(tab: TabName, idKey: string, cells: string[][]): StoredRow {
  const parsed = parseTabRows(tab, cells);
  expect(parsed.problems).toEqual([]);
  const fields = parsed.records[0]!;
  return { tab, rowId: String(fields[idKey]), customerId: String(fields.customerId), hash: '', fields };
}

/** One customer 100 days past due, its hand-over entry in review, and a write that throws once. */
function world(failing: 'customer row' | 'activity row') {
  const rows = new Map<string, StoredRow>();
  const put = (r: StoredRow) => rows.set(`${r.tab}#${r.rowId}`, r);
  put(
    row('Customers', 'customerId', [
      ['Customer ID', 'Name', 'Email'],
      ['C-9', 'Nine Ltd', 'nine@example.com'],
    ]),
  );
  put(
    row('Invoices', 'invoiceId', [
      ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
      ['INV-9', 'C-9', '2026-07-15', '2026-08-15', '900.00', 'USD'],
    ]),
  );
  let entry: OutboxEntry = {
    tenantId: 't1',
    customerId: 'C-9',
    stage: 'handover',
    channel: 'handover',
    cycle: '2026-08-15',
    status: 'awaiting-review',
    plannedOn: AS_OF,
    notBefore: NOW.toISOString(),
    attempts: 0,
    action: { kind: 'handover', placeWith: 'Acme Recovery', explanation: { rule: 'handover/due' } },
  };
  let failNext = true;
  const failOnce = (what: typeof failing) => {
    if (what === failing && failNext) {
      failNext = false;
      throw new Error(`simulated DynamoDB failure writing the ${what}`);
    }
  };
  const store = {
    customerRows: async (_t: string, customerId: string) =>
      [...rows.values()].filter((r) => r.customerId === customerId),
    transitionOutbox: async (
      _key: unknown,
      from: readonly OutboxStatus[],
      to: OutboxStatus,
      extra: Record<string, unknown> = {},
    ) => {
      if (!from.includes(entry.status)) return false;
      entry = { ...entry, ...extra, status: to } as OutboxEntry;
      return true;
    },
    patchCustomerRow: async (_t: string, customerId: string, patch: RowPatch) => {
      failOnce('customer row');
      const r = rows.get(`Customers#${customerId}`)!;
      put({ ...r, fields: applyPatch(r.fields, patch), patch });
    },
  } as unknown as LedgerStore;
  const ledger = {
    logActivity: async (_t: string, activity: StoredRow['fields'] & { activityId: string }) => {
      failOnce('activity row');
      put({ tab: 'Activity', rowId: activity.activityId, customerId: 'C-9', hash: '', fields: activity });
    },
  } as unknown as LedgerService;
  const approve = () =>
    approveHandover(entry, {
      store,
      ledger,
      settings: SETTINGS,
      asOf: AS_OF,
      now: NOW,
      by: 'clerk@example.com',
      promiseGraceDays: 2,
    });
  return { rows, approve, entry: () => entry };
}

describe('approveHandover', () => {
  it.each(['customer row', 'activity row'] as const)(
    'returns the entry still in review when the %s write throws, and placed on a second approval',
    async (failing) => {
      // Prepare
      const w = world(failing);
      // Act
      const first = await w.approve().catch((e: Error) => e);
      const afterFailure = w.entry().status;
      const second = await w.approve();
      const third = await w.approve();
      // Assess
      expect(first).toBeInstanceOf(Error);
      expect(afterFailure).toBe('awaiting-review');
      expect(second).toMatchObject({ status: 'placed', placedWith: 'Acme Recovery' });
      expect(w.entry().status).toBe('approved');
      expect(third).toEqual({ status: 'unchanged' });
      const customer = w.rows.get('Customers#C-9')!.fields;
      expect(customer).toMatchObject({ flags: ['placed'], placedWith: 'Acme Recovery', placedOn: AS_OF });
      const activity = [...w.rows.values()].filter((r) => r.tab === 'Activity');
      expect(activity.map((r) => [r.rowId, r.fields.outcome, r.fields.stage])).toEqual([
        [(second as { activityId: string }).activityId, 'placed', 'handover'],
      ]);
    },
  );
});
