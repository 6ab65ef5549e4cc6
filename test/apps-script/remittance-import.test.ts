// The built add-on's "Import remittance (835)" in node:vm against the strict Apps Script fake, on a
// sheet holding the demo ledger: what is certain is posted onto Claims and Invoices as
// `duebook import-835 --ledger --out` posts it, damaged parts and unmatched claims go to the
// Remittance Review tab with segment, reason and money, and nothing flagged is posted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RemittanceImported, Result } from '../../apps-script/src/contract.js';
import { readLedger } from '../../cli/read-ledger.js';
import { TAB_NAMES } from '../../core/ledger/schema.js';
import type { LedgerRows } from '../../core/ledger/schema-rows.js';
import { type BuiltBundle, buildBundle, DEMO_DIR, type LoadedAddon, loadAddon } from './addon-harness.js';

let bundle: BuiltBundle;
let demo: LedgerRows;
const loaded: LoadedAddon[] = [];

/** 10:00 in New York on 2026-11-23: the day the demo ledger is dated. */
const NOW = Date.parse('2026-11-23T15:00:00Z');
const REVIEW_SHEET = 'Remittance Review';
const REVIEW_HEADER = [
  'Kind',
  'Transaction',
  'Trace',
  'Part',
  'Claim (CLP01)',
  'Segment',
  'Reason',
  'Segment ID',
  'Element',
  'Amount',
  'Amount Basis',
  'Payer',
  'File',
  'Imported On',
];
const DEMO_835 = readFileSync(join(DEMO_DIR, '..', 'demo-remittance.835'), 'utf8');
/** The demo remittance with CLM-26-0071's charge (CLP03) mistyped: that claim must not post. */
const DAMAGED_835 = DEMO_835.replace('CLP*CLM-26-0071*1*148*', 'CLP*CLM-26-0071*1*14x*');

beforeAll(async () => {
  [bundle, demo] = await Promise.all([
    buildBundle({ backendUrl: 'https://api.test' }),
    readLedger(DEMO_DIR).then((l) => l.rows),
  ]);
}, 90_000);

afterAll(async () => {
  await Promise.all(loaded.map((a) => a.gas.close()));
});

function demoSheet(): LoadedAddon {
  const a = loadAddon(bundle);
  loaded.push(a);
  a.clock.now = NOW;
  for (const tab of TAB_NAMES) a.gas.addSheet(tab, (demo[tab] ?? []) as unknown[][]);
  a.call('menuSetupLedger');
  a.gas.resetCalls();
  return a;
}

function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

const calls = (a: LoadedAddon, method: string, sheet: string) =>
  a.gas.calls.filter((c) => c.method === method && c.range?.sheet === sheet);

/** The Claims row of a claim id, as header -> cell. */
function claimRow(a: LoadedAddon, claimId: string): Record<string, unknown> {
  const sheet = a.gas.sheet('Claims')!;
  const header = sheet.header();
  const at = sheet.column('Claim ID').indexOf(claimId);
  return Object.fromEntries(header.map((h, i) => [h, sheet.rows[at + 1]![i]]));
}

describe('remittance-import', () => {
  describe('menuImportRemittance', () => {
    it('returns the import dialog, whose page calls importRemittance', () => {
      const a = demoSheet();
      a.call('menuImportRemittance');
      const shown = a.gas.shown.at(-1)!;
      expect(shown).toMatchObject({ kind: 'dialog', title: 'Import remittance (835)' });
      expect(shown.content).toContain('importRemittance');
    });
  });

  describe('importRemittance', () => {
    it('posts the whole claims, lists the damaged and the unmatched ones with segment, reason and money, and posts neither', () => {
      // Prepare
      const a = demoSheet();
      const before0071 = claimRow(a, 'CLM-26-0071');
      const invoicesBefore = a.gas.sheet('Invoices')!.lastRow();
      // Act
      const r = expectOk(
        a.call<Result<RemittanceImported>>('importRemittance', { fileName: 'era.835', text: DAMAGED_835 }),
      );
      // Assess: figures written down from the file by hand.
      expect(r).toMatchObject({
        asOf: '2026-11-23',
        transactions: 2,
        claimsUpdated: 1,
        invoicesCreated: 1,
        invoicesChanged: 0,
        denials: 1,
        unmatched: 1,
        needsReview: { claims: 1, payments: 0, amountMinor: 9472, unknownAmounts: 0 },
        reviewRowsAdded: 2,
      });
      expect(r.message).toContain(REVIEW_SHEET);
      // CLM-26-0155 (CLP at segment 9 of ST 0001): paid 180.00 of 410.00, PR-2 30.00, CO-197 160.00 denied.
      const c155 = claimRow(a, 'CLM-26-0155');
      expect(c155).toMatchObject({
        Status: 'partly-paid',
        Paid: 180,
        'Patient Responsibility': 30,
        Allowed: 210,
        'Adjustment Codes': 'CO-45, PR-2, CO-197',
        'Denial Date': '2026-11-20',
        'Appeal Deadline': '2027-05-19',
        'Remittance Refs': '62308/CIG20261120001/CLM-26-0155/1',
      });
      expect(String(c155['Next Step'])).toMatch(/appeal/i);
      // The damaged claim's input cells are untouched (Denial Category and Next Step are computed for
      // every claim, as a status refresh does).
      const inputs = (row: Record<string, unknown>) => {
        const { 'Denial Category': _c, 'Next Step': _n, ...rest } = row;
        return rest;
      };
      expect(inputs(claimRow(a, 'CLM-26-0071'))).toEqual(inputs(before0071));
      // One patient-share invoice appended under the last row.
      const invoices = a.gas.sheet('Invoices')!;
      expect(invoices.lastRow()).toBe(invoicesBefore + 1);
      const header = invoices.header();
      const added = invoices.rows[invoicesBefore]!;
      expect(added[header.indexOf('Invoice ID')]).toBe('CLM-26-0155-PR');
      expect(added[header.indexOf('Customer ID')]).toBe('C-1008');
      expect(added[header.indexOf('Amount')]).toBe(30);
      expect(added[header.indexOf('Due Date')]).toBe('2026-12-23');
      // The review tab: the damaged claim (CLP of ST 0002 at its segment 7, 94.72 paid) and the
      // claim that matched nothing (CLP of ST 0001 at its segment 17, 95.00 paid).
      const review = a.gas.sheet(REVIEW_SHEET)!;
      expect(review.header()).toEqual(REVIEW_HEADER);
      const col = (h: string) => review.column(h);
      expect(col('Kind')).toEqual(['needs review', 'not posted']);
      expect(col('Transaction')).toEqual(['0002', '0001']);
      expect(col('Claim (CLP01)')).toEqual(['CLM-26-0071', 'CLM-26-0999']);
      expect(col('Segment')).toEqual([7, 17]);
      expect(col('Element')).toEqual(['CLP03', '']);
      expect(col('Amount')).toEqual([94.72, 95]);
      expect(String(col('Reason')[0])).toContain('CLP03 "14x"');
      expect(String(col('Reason')[1])).toContain('no claim has Claim ID CLM-26-0999');
      // One read per tab, one write for the appended invoices, one for the review rows; the lock is free.
      for (const tab of TAB_NAMES) {
        expect(calls(a, 'getValues', tab).length, tab).toBeLessThanOrEqual(1);
      }
      expect(calls(a, 'setValues', 'Invoices')).toHaveLength(1);
      expect(calls(a, 'setValues', REVIEW_SHEET)).toHaveLength(2); // header, then the rows
      expect(a.gas.lockHeld).toBe(false);
    });

    it('changes nothing and adds no review row when the same file is imported again', () => {
      const a = demoSheet();
      expectOk(
        a.call<Result<RemittanceImported>>('importRemittance', { fileName: 'era.835', text: DAMAGED_835 }),
      );
      const claims = JSON.stringify(a.gas.sheet('Claims')!.rows);
      const invoices = a.gas.sheet('Invoices')!.lastRow();
      a.gas.resetCalls();
      const again = expectOk(
        a.call<Result<RemittanceImported>>('importRemittance', { fileName: 'era.835', text: DAMAGED_835 }),
      );
      expect(again).toMatchObject({
        claimsUpdated: 0,
        invoicesCreated: 0,
        alreadyPosted: 1,
        reviewRowsAdded: 0,
      });
      expect(JSON.stringify(a.gas.sheet('Claims')!.rows)).toBe(claims);
      expect(a.gas.sheet('Invoices')!.lastRow()).toBe(invoices);
      expect(a.gas.sheet(REVIEW_SHEET)!.lastRow()).toBe(3);
      expect(calls(a, 'setValues', 'Claims')).toHaveLength(0);
    });

    it('posts the undamaged file as the CLI plans it: two claims, two patient-share invoices', () => {
      const a = demoSheet();
      const r = expectOk(
        a.call<Result<RemittanceImported>>('importRemittance', { fileName: 'era.835', text: DEMO_835 }),
      );
      expect(r).toMatchObject({ claimsUpdated: 2, invoicesCreated: 2, needsReview: { claims: 0 } });
      expect(claimRow(a, 'CLM-26-0071')).toMatchObject({
        Status: 'paid',
        Paid: 94.72,
        'Patient Responsibility': 23.68,
        'Appeal Status': 'won',
        'Appeal Deadline': '',
      });
    });

    it('lists a payment with a damaged date for review and still posts its whole claims', () => {
      // Prepare: BPR16 20002316 (month 23) on Cigna's payment of 275.00.
      const a = demoSheet();
      const text = DEMO_835.replace('************20261120~', '************20002316~');
      expect(text).not.toBe(DEMO_835);
      // Act
      const r = expectOk(
        a.call<Result<RemittanceImported>>('importRemittance', { fileName: 'era.835', text }),
      );
      // Assess
      expect(r).toMatchObject({
        claimsUpdated: 2,
        needsReview: { claims: 0, payments: 1, amountMinor: 27_500 },
      });
      const review = a.gas.sheet(REVIEW_SHEET)!;
      expect(review.column('Part')).toEqual(['payment', 'claim']);
      expect(review.column('Kind')).toEqual(['needs review', 'not posted']);
      expect(review.column('Element')[0]).toBe('BPR16');
      expect(review.column('Segment')[0]).toBe(2);
      expect(review.column('Amount')[0]).toBe(275);
      expect(review.column('Amount Basis')[0]).toBe('payment (BPR02)');
      expect(claimRow(a, 'CLM-26-0155')).toMatchObject({ Status: 'partly-paid', Paid: 180 });
    });

    it('guards every cell written from the file against formulas', () => {
      const a = demoSheet();
      const hostile = DEMO_835.replace('CLP*CLM-26-0999*', 'CLP*=HYPERLINK("http://evil.example")*');
      expectOk(
        a.call<Result<RemittanceImported>>('importRemittance', { fileName: '@era.835', text: hostile }),
      );
      const review = a.gas.sheet(REVIEW_SHEET)!;
      expect(review.column('Claim (CLP01)')).toEqual(['=HYPERLINK("http://evil.example")']);
      for (const name of [REVIEW_SHEET, 'Claims', 'Invoices']) {
        expect(a.gas.sheet(name)!.formulaInjections, name).toEqual([]);
      }
    });

    it('returns invalid naming the segment, and writes nothing, for a file that is not an 835', () => {
      const a = demoSheet();
      const r = a.call<Result<RemittanceImported>>('importRemittance', {
        fileName: 'notes.txt',
        text: 'Dear billing office, please find our remittance attached.',
      });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.kind).toBe('invalid');
      expect(r.error.message).toMatch(/^notes\.txt is not a readable 835: .*segment/);
      expect(r.error.fields?.[0]?.field).toBe('file');
      expect(a.gas.calls.filter((c) => c.method === 'setValues')).toHaveLength(0);
      expect(a.gas.sheet(REVIEW_SHEET)).toBeUndefined();
    });

    it('returns other and writes nothing while another action holds the document lock', () => {
      const a = demoSheet();
      a.gas.lockHeld = true;
      const r = a.call<Result<RemittanceImported>>('importRemittance', {
        fileName: 'era.835',
        text: DEMO_835,
      });
      expect(r).toMatchObject({ ok: false, error: { kind: 'other' } });
      expect(a.gas.calls.filter((c) => c.method === 'setValues')).toHaveLength(0);
    });
  });
});
