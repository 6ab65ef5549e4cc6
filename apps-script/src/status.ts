// Refresh status: asks the API for each customer's computed columns (at most 500 per request, all
// requests in one fetchAll) and writes them back with one setValues() per contiguous block.
import { tabDef } from '../../core/schema.js';
import { createApiClient, ok } from './api-client.js';
import { contiguousRuns } from './blocks.js';
import { safeCell } from './cells.js';
import { AddonError } from './errors.js';
import type { Gas } from './gas.js';
import { readSettings } from './settings.js';
import { readLedgerTab } from './sheets/ledger-tab.js';

export const STATUS_BATCH = 500;

/** API status fields -> Customers column keys they fill. */
const STATUS_COLUMNS: Record<string, string> = {
  balance: 'balance',
  bucket: 'bucket',
  stage: 'stage',
  nextAction: 'nextAction',
  why: 'why',
  lastContact: 'lastContact',
};

export interface StatusReport {
  asOf: string;
  customers: number;
  blocks: number;
}

export function refreshStatus(gas: Gas): StatusReport {
  const ss = gas.spreadsheet.getActive();
  const tab = readLedgerTab(ss, 'Customers');
  if (!tab)
    throw new AddonError(
      'no-selection',
      'There is no Customers tab. Use Set up ledger first.',
      'STATUS.NO_TAB',
    );
  const idCol = tab.index.get('customerId') ?? -1;
  if (idCol < 0)
    throw new AddonError('invalid', 'The Customers tab has no "Customer ID" column.', 'STATUS.NO_ID');
  const rowsById = new Map<string, number[]>();
  for (let r = 1; r < tab.values.length; r++) {
    const id = String(tab.values[r]![idCol] ?? '').trim();
    if (!id) continue;
    const list = rowsById.get(id) ?? [];
    list.push(r);
    rowsById.set(id, list);
  }
  const ids = [...rowsById.keys()];
  if (ids.length === 0) return { asOf: '', customers: 0, blocks: 0 };
  const api = createApiClient(gas, readSettings(gas).backendUrl);
  const requests = [];
  for (let i = 0; i < ids.length; i += STATUS_BATCH) {
    const batch = ids.slice(i, i + STATUS_BATCH);
    requests.push({
      method: 'get' as const,
      path: `/v1/status?customers=${batch.map(encodeURIComponent).join(',')}`,
    });
  }
  const answers = api.all(requests);
  let asOf = '';
  const statusById = new Map<string, Record<string, unknown>>();
  for (const answer of answers) {
    const body = ok(answer, 'Refresh status');
    asOf = String(body.asOf ?? asOf);
    for (const s of (body.customers as Record<string, unknown>[]) ?? [])
      statusById.set(String(s.customerId), s);
  }

  // The computed columns present, grouped into runs of adjacent sheet columns.
  const def = tabDef('Customers');
  const colOf = new Map<string, string>();
  for (const [field, key] of Object.entries(STATUS_COLUMNS)) {
    const at = tab.index.get(key) ?? -1;
    if (at >= 0 && def.columns.find((c) => c.key === key)?.computed) colOf.set(String(at), field);
  }
  const columnRuns = contiguousRuns([...colOf.keys()].map(Number).sort((a, b) => a - b));
  const touched: number[] = [];
  for (const [id, rows] of rowsById) if (statusById.has(id)) touched.push(...rows);
  const rowRuns = contiguousRuns(touched.sort((a, b) => a - b));
  let blocks = 0;
  for (const [rowStart, rowCount] of rowRuns) {
    for (const [colStart, colCount] of columnRuns) {
      const block: (string | number | boolean | Date)[][] = [];
      for (let r = rowStart; r < rowStart + rowCount; r++) {
        const row = tab.values[r]!;
        const status = statusById.get(String(row[idCol] ?? '').trim())!;
        const out: (string | number | boolean | Date)[] = [];
        for (let c = colStart; c < colStart + colCount; c++) {
          const field = colOf.get(String(c))!;
          // Fields the API does not send keep what the cell has.
          out.push(safeCell(field in status ? status[field] : row[c]));
        }
        block.push(out);
      }
      tab.sheet.getRange(rowStart + 1, colStart + 1, rowCount, colCount).setValues(block);
      blocks++;
    }
  }
  return { asOf, customers: statusById.size, blocks };
}
