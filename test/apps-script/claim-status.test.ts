// The add-on's "Check claim status" on the Claims tab: the built bundle in node:vm against the
// strict Apps Script fake writes one 276 per payer to Drive and the trace numbers to the rows.
import { beforeAll, describe, expect, it } from 'vitest';
import { MENU_ITEMS } from '../../apps-script/src/entry-points.js';
import { readLedger } from '../../cli/read-ledger.js';
import { TAB_NAMES } from '../../core/ledger/schema.js';
import type { LedgerRows } from '../../core/ledger/schema-rows.js';
import { allReports, parseClaimStatus } from '../../core/x12/parse-277.js';
import { type BuiltBundle, buildBundle, DEMO_DIR, type LoadedAddon, loadAddon } from './addon-harness.js';

/** Document property the add-on keeps the NPI in (apps-script/src/claim-status.ts; not importable here: Apps Script types). */
const NPI_PROPERTY = 'duebook.officeNpi';

let bundle: BuiltBundle;
let demo: LedgerRows;

beforeAll(async () => {
  [bundle, demo] = await Promise.all([
    buildBundle({ skipUi: true }),
    readLedger(DEMO_DIR).then((l) => l.rows),
  ]);
}, 120_000);

/** The demo ledger in the sheet, set up, on 2026-11-23 at 10:00 in New York. */
function demoAddon(): LoadedAddon {
  const a = loadAddon(bundle);
  for (const tab of TAB_NAMES) a.gas.addSheet(tab, (demo[tab] ?? []) as unknown[][]);
  a.call('menuSetupLedger');
  a.clock.now = Date.parse('2026-11-23T15:00:00Z');
  a.gas.active = { sheet: 'Claims', row: 2, column: 1 };
  return a;
}

describe('claim-status (add-on)', () => {
  describe('menuCheckClaimStatus', () => {
    it('is a menu item that resolves to a global function', () => {
      const a = demoAddon();
      expect(MENU_ITEMS.find((m) => m.handler === 'menuCheckClaimStatus')?.label).toBe('Check claim status');
      expect(a.has('menuCheckClaimStatus')).toBe(true);
    });

    it('asks for the NPI once, writes one 276 per payer to Drive and the trace numbers to the Claims rows', () => {
      // Prepare
      const a = demoAddon();
      a.gas.promptAnswers.push({ button: 'OK', text: '1234567893' });
      const claims = a.gas.sheet('Claims')!;
      const header = claims.header();
      const traceCol = header.indexOf('Status Inquiry') + 1;
      const dateCol = header.indexOf('Status Inquiry Date') + 1;
      // Act
      a.call('menuCheckClaimStatus');
      // Assess
      expect(a.gas.documentProperties.get(NPI_PROPERTY)).toBe('1234567893');
      expect(a.gas.driveFiles.map((f) => [f.name, f.mimeType])).toEqual([
        ['276-06102-000000001.x12', 'text/plain'],
        ['276-62308-000000002.x12', 'text/plain'],
      ]);
      const reports = a.gas.driveFiles.flatMap((f) => allReports(parseClaimStatus(f.content)));
      expect(
        reports.map((r) => [r.patientControlNumber, r.traceNumber, r.provider.id, r.receiver.name]),
      ).toEqual([
        ['CLM-26-0071', '000000001-1', '1234567893', 'Lakeside ledger'],
        ['CLM-26-0155', '000000002-1', '1234567893', 'Lakeside ledger'],
      ]);
      const ids = claims.column('Claim ID');
      const rowOf = (id: string) => ids.indexOf(id) + 2;
      expect([claims.get(rowOf('CLM-26-0071'), traceCol), claims.get(rowOf('CLM-26-0071'), dateCol)]).toEqual(
        ['000000001-1', '2026-11-23'],
      );
      expect(claims.get(rowOf('CLM-26-0155'), traceCol)).toBe('000000002-1');
      expect(a.gas.shown.at(-1)).toMatchObject({ kind: 'alert', title: 'Claim status requests' });
      expect(a.gas.shown.at(-1)!.content).toContain('2 claim(s) to 2 payer(s)');

      // A second check the same day asks nothing again (the rows carry their inquiry), and no NPI prompt.
      a.call('menuCheckClaimStatus');
      expect(a.gas.driveFiles).toHaveLength(2);
      expect(a.gas.shown.filter((s) => s.kind === 'dialog')).toHaveLength(1);
      expect(a.gas.shown.at(-1)!.content).toContain('No claim is due for a status request as of 2026-11-23.');
    });

    it('creates nothing when the clerk cancels the NPI question', () => {
      const a = demoAddon();
      a.call('menuCheckClaimStatus');
      expect(a.gas.driveFiles).toEqual([]);
      expect(a.gas.shown.at(-1)).toMatchObject({ kind: 'alert', title: 'Duebook' });
      expect(a.gas.shown.at(-1)!.content).toContain('10-digit NPI');
    });
  });
});
