// `duebook run` reads its ledger as columns: the same problems as the row path, and the same chunks,
// hashes and ids sent to the API as when the tabs were rows.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLedger, readLedgerColumns } from '../../cli/read-ledger.js';
import { readRunLedger } from '../../cli/run-ledger.js';
import { chunkTab, rowHashes, rowIds } from '../../cli/sync-client.js';
import { refuseChargesInParse } from '../../core/compliance/charge-refusals.js';
import { TAB_NAMES } from '../../core/ledger/schema.js';
import { parseLedger, parseLedgerColumns } from '../../core/ledger/schema-rows.js';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;

/** A folder like the demo ledger with a few rows broken, a short record and a blank line. */
function brokenLedger(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'duebook-run-ledger-')), 'ledger');
  cpSync(join(EXAMPLES, 'demo-ledger'), dir, { recursive: true });
  writeFileSync(
    join(dir, 'invoices.csv'),
    [
      'Invoice ID,Customer ID,Invoice Date,Due Date,Amount,Currency,Status',
      'INV-1,C-1001,2026-10-01,2026-10-31,100.00,USD,',
      'INV-2,C-1001,2026-10-01,2026-09-30,1,500,USD',
      '',
      'INV-3,C-9999,2026-10-01,2026-10-31,"1,250.00",USD',
      "INV-4,C-1001,'2026-10-02,2026-11-01,12.5,usd,disputed",
      'INV-1,C-1001,2026-10-01,2026-10-31,100.00,USD,',
    ].join('\n'),
  );
  return dir;
}

const LEDGERS: [string, () => string][] = [
  ['the demo folder', () => join(EXAMPLES, 'demo-ledger')],
  ['the demo workbook', () => join(EXAMPLES, 'demo-ledger.xlsx')],
  ['the bad ledger', () => join(EXAMPLES, 'bad-ledger')],
  ['a folder with broken, short and blank rows', brokenLedger],
];

const quietIo = () => {
  const err: string[] = [];
  return { io: { out: () => {}, err: (t: string) => void err.push(t) }, err };
};

describe('cli/run-ledger', () => {
  describe('readRunLedger', () => {
    it.each(LEDGERS)('reads %s as columns with the problems the row path finds', async (_, path) => {
      // Prepare
      const ledger = path();
      const rows = await readLedger(ledger);
      const { io, err } = quietIo();
      // Act
      const read = await readRunLedger(ledger, io);
      // Assess
      const expected = refuseChargesInParse(parseLedger(rows.rows));
      expect(read).toBeDefined();
      for (const tab of Object.values(read!.tabs)) expect(Array.isArray(tab)).toBe(false);
      expect(read!.parse.problems).toEqual(expected.problems);
      expect(read!.parse.refused).toEqual(expected.refused);
      expect(err.join('')).toBe(rows.source.notes.map((n) => `note: ${n}\n`).join(''));
    });

    it('leaves a ledger with a record wider than its header to the row path', async () => {
      // Prepare
      const ledger = brokenLedger();
      writeFileSync(join(ledger, 'customers.csv'), 'Customer ID,Name\nC-1,Ann,stray\n');
      // Act
      const read = await readRunLedger(ledger, quietIo().io);
      // Assess
      expect(read).toBeUndefined();
    });
  });

  describe('parseLedgerColumns', () => {
    it.each(LEDGERS)('gives the ledger and problems parseLedger gives for %s', async (_, path) => {
      // Prepare
      const ledger = path();
      const columns = await readLedgerColumns(ledger);
      // Act
      const got = parseLedgerColumns(columns!.tabs);
      // Assess
      expect(got).toEqual(parseLedger((await readLedger(ledger)).rows));
    });
  });

  describe('chunkTab, rowHashes, rowIds', () => {
    it.each(LEDGERS)(
      'send the same chunks, hashes and ids for %s read as columns as read as rows',
      async (_, path) => {
        // Prepare
        const ledger = path();
        const rows = (await readLedger(ledger)).rows;
        const columns = (await readLedgerColumns(ledger))!.tabs;
        for (const tab of TAB_NAMES) {
          if (!rows[tab] || rows[tab]!.length === 0) continue;
          // Act
          const sent = chunkTab(tab, columns[tab]!, 2048, (r) => r % 7 === 3);
          // Assess
          expect(sent).toEqual(chunkTab(tab, rows[tab]!, 2048, (r) => r % 7 === 3));
          expect(rowHashes(tab, columns[tab]!)).toEqual(rowHashes(tab, rows[tab]!));
          expect(rowIds(tab, columns[tab]!)).toEqual(rowIds(tab, rows[tab]!));
        }
      },
    );
  });
});
