// The deceased purge in the sheet (the source of truth): core's `purgeDeceased` decides which
// customers' personal data is due to go; its row changes are written into the tabs already read
// (one setValues() per contiguous block) and its Activity rows appended, so the sync that follows
// sends the purged rows and the backend's copy is purged too. The backend's archive of sent
// messages keeps its copies 3 years: the purge asks it which customers it holds and keeps them.
import type { IsoDate } from '../../core/ledger/dates.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import { SCHEMA, type TabName } from '../../core/ledger/schema.js';
import type { LedgerRows } from '../../core/ledger/schema-rows.js';
import { type PurgeResult, purgeDeceased } from '../../core/lifecycle/retention.js';
import { applyLedgerChanges } from '../../core/lifecycle/tracing.js';
import type { ApiClient } from './api-client.js';
import { cellForApi, safeCell } from './cells.js';
import { type LedgerTab, writeBlocks } from './sheets/ledger-tab.js';

export interface SheetPurge {
  result: PurgeResult;
  /** The ledger with the purge applied (for what is computed after the sync: aging, claims). */
  ledger: Ledger;
  /** Cells written, blocks written, rows appended. */
  cells: number;
  blocks: number;
  appended: number;
  /** Set when the purge could not be written (a tab missing): nothing was changed. */
  skippedBecause?: string;
}

/**
 * Runs core's purge over `ledger` (parsed from `tabs`) and writes its changes into the sheet and
 * into `tabs`/`read` (the values the sync goes on to send). Only cells the purge changes are
 * compared; unchanged cells inside a written block are written back as they were read.
 */
export function purgeInSheet(
  tabs: Map<TabName, LedgerTab>,
  read: LedgerRows,
  ledger: Ledger,
  asOf: IsoDate,
  options: {
    retentionDays: number;
    by: string;
    timeZone: string;
    /** The backend's archive holds (`archiveHoldsFor`); absent, no customer is held by the archive. */
    holds?: ArchiveHolds;
  },
): SheetPurge {
  const holds: ArchiveHolds = options.holds ?? { heldUntil: new Map() };
  const result = purgeDeceased(ledger, asOf, {
    retentionDays: options.retentionDays,
    by: options.by,
    archiveHeldUntil: holds.heldUntil,
  });
  const none = { result, ledger, cells: 0, blocks: 0, appended: 0 };
  if (result.purged.length === 0) return none;
  if (holds.unavailable)
    return { ...none, result: { ...result, purged: [] }, skippedBecause: holds.unavailable };
  const activity = tabs.get('Activity');
  // The Activity row is what keeps a purge from running twice: it needs these columns.
  const needed = activity?.def.columns.filter(
    (c) =>
      ['activityId', 'customerId', 'date', 'type', 'outcome'].includes(c.key) &&
      activity.index.get(c.key) === -1,
  );
  if (!activity || (needed && needed.length > 0)) {
    const why = activity
      ? `the Activity tab has no ${needed!.map((c) => `"${c.header}"`).join(', ')} column (use Set up ledger)`
      : 'there is no Activity tab to record it in (use Set up ledger)';
    return { ...none, result: { ...result, purged: [] }, skippedBecause: why };
  }
  let cells = 0;
  let blocks = 0;
  for (const def of SCHEMA) {
    const updated = (result.changes.updated[def.key] ?? []) as unknown as Record<string, unknown>[];
    const tab = tabs.get(def.name);
    if (updated.length === 0 || !tab) continue;
    const before = new Map(
      (ledger[def.key] as unknown as Record<string, unknown>[]).map((r) => [r[def.idKey], r]),
    );
    const idAt = tab.index.get(def.idKey) ?? -1;
    const changedRows = new Set<number>();
    const changedCols = new Set<number>();
    for (const after of updated) {
      const was = before.get(after[def.idKey]);
      const r = Number(after.row) - 1;
      const row = tab.values[r];
      if (!was || !row || String(row[idAt] ?? '').trim() !== String(after[def.idKey])) continue;
      for (const col of def.columns) {
        const at = tab.index.get(col.key) ?? -1;
        if (col.computed || at < 0 || was[col.key] === after[col.key]) continue;
        // The purge only clears or replaces text (names, contact details, notes, descriptions).
        const value = after[col.key] === undefined ? '' : String(after[col.key]);
        row[at] = value;
        const parsed = read[def.name]?.[r] as unknown[] | undefined;
        if (parsed) parsed[at] = value;
        changedRows.add(r);
        changedCols.add(at);
        cells++;
      }
    }
    blocks += writeBlocks(tab, [...changedRows], [...changedCols]);
  }

  // The Activity rows that record each purge, appended under the last row in one setValues().
  const added = (result.changes.added.activity ?? []) as unknown as Record<string, unknown>[];
  const def = activity.def;
  const width = activity.values[0]?.length ?? 0;
  const start = activity.values.length;
  const raw: unknown[][] = added.map((record) => {
    const row: unknown[] = new Array(width).fill('');
    for (const col of def.columns) {
      const at = activity.index.get(col.key) ?? -1;
      if (at >= 0 && record[col.key] !== undefined) row[at] = record[col.key];
    }
    return row;
  });
  if (raw.length > 0 && width > 0) {
    const sheet = activity.sheet;
    const needed = start + raw.length;
    if (needed > sheet.getMaxRows()) sheet.insertRowsAfter(sheet.getMaxRows(), needed - sheet.getMaxRows());
    sheet.getRange(start + 1, 1, raw.length, width).setValues(raw.map((r) => r.map(safeCell)));
    blocks++;
    for (const row of raw) {
      activity.values.push(row);
      (read.Activity as unknown[][] | undefined)?.push(row.map((v) => cellForApi(v, options.timeZone)));
    }
  }
  const withRows = {
    ...result.changes,
    added: { activity: added.map((a, i) => ({ ...a, row: start + i + 1 })) as unknown as Ledger['activity'] },
  };
  return {
    result,
    ledger: applyLedgerChanges(ledger, withRows),
    cells,
    blocks,
    appended: raw.length,
  };
}

/** One sentence for the sync's progress message; '' when nothing was purged. */
export function purgeMessage(purge: SheetPurge, retentionDays: number): string {
  if (purge.skippedBecause) {
    return `Personal data of deceased customers was not purged: ${purge.skippedBecause}.`;
  }
  const ids = purge.result.purged.map((p) => p.customerId);
  // Customers whose time was up but whom the archive of sent messages still holds, with why.
  const held = purge.result.skipped.filter((s) => s.rule === 'retention/archive-hold');
  const kept =
    held.length > 0
      ? ` Kept for the archive of sent messages: ${held.map((s) => `${s.customerId} (${s.reason})`).join('; ')}.`
      : '';
  if (ids.length === 0) return kept.trim();
  return `Purged the personal data of ${ids.length} deceased customer${ids.length > 1 ? 's' : ''} (${ids.join(', ')}) kept past ${retentionDays} days; amounts and history kept.${kept}`;
}

/** Which customers the backend's archive of sent messages still holds, or why it could not say. */
export interface ArchiveHolds {
  heldUntil: ReadonlyMap<string, IsoDate>;
  /** Set when the backend could not be asked: then nobody is purged (a copy may still be kept). */
  unavailable?: string;
}

/**
 * Asks the backend (`GET /v1/retention-holds`) which of the customers due for purge the archive of
 * sent messages still holds (copies kept 3 years, 12 CFR 1006.100(b)); one request, only when
 * someone is due. An answer other than success holds everyone: nothing is purged on a guess.
 */
export function archiveHoldsFor(
  api: ApiClient,
  ledger: Ledger,
  asOf: IsoDate,
  retentionDays: number,
): ArchiveHolds {
  const due = purgeDeceased(ledger, asOf, { retentionDays }).purged.map((p) => p.customerId);
  if (due.length === 0) return { heldUntil: new Map() };
  const answer = api.one({
    method: 'get',
    path: `/v1/retention-holds?customers=${due.map(encodeURIComponent).join(',')}`,
  });
  const holds = answer.body.holds;
  if (answer.status < 200 || answer.status >= 300 || !Array.isArray(holds)) {
    return {
      heldUntil: new Map(),
      unavailable: `Duebook could not say which customers' sent messages it still keeps (HTTP ${answer.status}); they are purged once it can`,
    };
  }
  return {
    heldUntil: new Map(
      (holds as { customerId?: unknown; heldUntil?: unknown }[])
        .filter((h) => typeof h.customerId === 'string' && typeof h.heldUntil === 'string')
        .map((h) => [h.customerId as string, h.heldUntil as IsoDate]),
    ),
  };
}
