// The built add-on end to end: Code.js in node:vm against the strict Apps Script fake, syncing to
// the real local stack (DynamoDB Local, local identity provider) over loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CustomerPanel,
  Result,
  Saved,
  SavedSettings,
  Settings,
  SyncProgress,
} from '../../apps-script/src/contract.js';
import { ENTRY_POINTS, MENU_ITEMS, SERVER_FUNCTIONS } from '../../apps-script/src/entry-points.js';
import { readLedger } from '../../cli/read-ledger.js';
import { TAB_NAMES } from '../../core/ledger/schema.js';
import type { LedgerRows } from '../../core/ledger/schema-rows.js';
import {
  type BuiltBundle,
  buildBundle,
  DEMO_DIR,
  type LoadedAddon,
  loadAddon,
  type StackProcess,
  startStackProcess,
} from './addon-harness.js';
import type { FakeGas, FetchRecord } from './fake-gas.js';

let bundle: BuiltBundle;
let stack: StackProcess;
let demo: LedgerRows;
const loaded: LoadedAddon[] = [];

beforeAll(async () => {
  const ledger = readLedger(DEMO_DIR).then((l) => l.rows);
  stack = await startStackProcess();
  // Built for the stack's address: the only backend URL its Settings accept (the manifest's allowlist).
  [bundle, demo] = await Promise.all([buildBundle({ backendUrl: stack.apiUrl }), ledger]);
}, 180_000);

afterAll(async () => {
  await Promise.all(loaded.map((a) => a.gas.close()));
  await stack?.stop();
});

function addon(options: Parameters<typeof loadAddon>[1] = {}): LoadedAddon {
  const a = loadAddon(bundle, options);
  loaded.push(a);
  return a;
}

/** An add-on whose sheet holds the demo ledger, set up and pointed at the local stack. */
function demoAddon(options: Parameters<typeof loadAddon>[1] = {}): LoadedAddon {
  const a = addon(options);
  for (const tab of TAB_NAMES) a.gas.addSheet(tab, (demo[tab] ?? []) as unknown[][]);
  a.call('menuSetupLedger');
  a.gas.documentProperties.set('duebook.settings', JSON.stringify({ backendUrl: stack.apiUrl }));
  a.gas.identityToken = stack.token;
  return a;
}

const syncRequests = (gas: FakeGas): FetchRecord[] =>
  gas.requests.filter((r) => r.url.endsWith('/v1/sync') && r.status === 200);

/** (tab, sheet row) of every row the accepted sync requests carried. */
function rowsSent(gas: FakeGas): string[] {
  return syncRequests(gas).flatMap((r) => {
    const body = r.json as { tab: string; rowNumbers: number[] };
    return body.rowNumbers.map((n) => `${body.tab}#${n}`);
  });
}

const dataRows = (gas: FakeGas) =>
  TAB_NAMES.reduce((n, t) => n + Math.max(0, (gas.sheet(t)?.lastRow() ?? 1) - 1), 0);

function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

describe('bundle', () => {
  it('returns a global function for every entry point, menu item and server call', () => {
    // Prepare
    const a = addon();
    // Act
    const missing = ENTRY_POINTS.filter((n) => !a.has(n));
    // Assess
    expect(missing).toEqual([]);
    expect(MENU_ITEMS.every((m) => a.has(m.handler))).toBe(true);
    expect(SERVER_FUNCTIONS.every((n) => a.has(n))).toBe(true);
    // 23, 9 for offices, members, keys and audit (issue #17), 4 for letters as files, credit holds and the display locale.
    expect(SERVER_FUNCTIONS).toHaveLength(39);
  });
});

describe('onOpen', () => {
  it('returns the add-on menu in AuthMode.NONE, touching nothing but the menu', () => {
    // Prepare
    const a = addon();
    a.gas.addSheet('Customers', [
      ['Customer ID', 'Name'],
      ['C-1', 'A'],
    ]);
    a.gas.authMode = 'NONE';
    // Act
    a.call('onOpen', { authMode: 'NONE' });
    // Assess
    const names = a.gas.calls.map((c) => `${c.service}.${c.method}`);
    expect(new Set(names)).toEqual(
      new Set(['SpreadsheetApp.getUi', 'Ui.createAddonMenu', 'Menu.addItem', 'Menu.addToUi']),
    );
    expect(a.gas.menus[0]!.added).toBe(true);
    expect(a.gas.menus[0]!.items.map(([label]) => label)).toEqual([
      'Set up ledger',
      'Open Duebook',
      'Sync now',
      'Refresh status',
      "Review tomorrow's queue",
      'Post a payment',
      'Draft appeal letter',
      'Check claim status',
      'Import remittance (835)',
      'Settings',
      'Office identity and wording',
      'Letters for today',
    ]);
    for (const [, handler] of a.gas.menus[0]!.items) expect(ENTRY_POINTS).toContain(handler);
  });

  it('returns the same menu from onInstall', () => {
    const a = addon();
    a.gas.authMode = 'NONE';
    a.call('onInstall', { authMode: 'NONE' });
    expect(a.gas.menus[0]!.items).toHaveLength(MENU_ITEMS.length);
  });
});

describe('Set up ledger', () => {
  it('creates missing tabs, keeps data on a second run and appends a missing column at the end', () => {
    // Prepare
    const a = addon();
    const customers = a.gas.addSheet('Customers', [
      ['Customer ID', 'Name', 'Email'],
      ['C-1', 'Ada Ltd', 'ada@example.com'],
      ['C-2', 'Bo Inc', ''],
    ]);
    // Act
    a.call('menuSetupLedger');
    const afterFirst = customers.header();
    customers.set(2, 4, 'typed by a clerk');
    a.call('menuSetupLedger');
    // Assess
    expect(TAB_NAMES.every((t) => a.gas.sheet(t))).toBe(true);
    expect(afterFirst.slice(0, 3)).toEqual(['Customer ID', 'Name', 'Email']);
    expect(afterFirst).toContain('Phone');
    expect(afterFirst.slice(-2)).toEqual(['Errors', 'Duebook Row Key']);
    expect(customers.header()).toEqual(afterFirst);
    expect(customers.rows[1]!.slice(0, 4)).toEqual(['C-1', 'Ada Ltd', 'ada@example.com', 'typed by a clerk']);
    expect(customers.frozenRows).toBe(1);
    expect(customers.hiddenColumns.has(afterFirst.indexOf('Duebook Row Key') + 1)).toBe(true);
    const computed = ['Balance', 'Aging Bucket', 'Stage', 'Next Action', 'Why', 'Last Contact'];
    expect(customers.protections).toHaveLength(computed.length);
    expect(customers.protections.every((p) => p.warningOnly)).toBe(true);
    const invoices = a.gas.sheet('Invoices')!;
    const col = (h: string) => invoices.header().indexOf(h) + 1;
    expect(invoices.formats.get(col('Amount'))).toBe('#,##0.00');
    expect(invoices.formats.get(col('Due Date'))).toBe('yyyy-mm-dd');
    expect(invoices.validations.get(col('Status'))).toMatchObject({
      values: ['open', 'disputed', 'void'],
      allowInvalid: false,
    });
    expect(customers.notes.get(`1:${afterFirst.indexOf('Flags') + 1}`)).toContain('dispute');
  });

  it('appends a column a clerk deleted, after the existing ones, without moving data', () => {
    const a = addon();
    const sheet = a.gas.addSheet('Invoices', [
      [
        'Invoice ID',
        'Customer ID',
        'Invoice Date',
        'Due Date',
        'Amount',
        'Currency',
        'Errors',
        'Duebook Row Key',
      ],
      ['INV-1', 'C-1', '2026-01-01', '2026-02-01', '10.00', 'USD', '', 'k1'],
    ]);
    a.call('menuSetupLedger');
    expect(sheet.header().slice(8)).toEqual([
      'Status',
      'Matter',
      'Description',
      'Open Balance',
      'Days Past Due',
    ]);
    expect(sheet.rows[1]!.slice(0, 8)).toEqual([
      'INV-1',
      'C-1',
      '2026-01-01',
      '2026-02-01',
      '10.00',
      'USD',
      '',
      'k1',
    ]);
  });
});

describe('sync', () => {
  it('returns done after sending every row once, then sends nothing, then only an edited row', () => {
    // Prepare
    const a = demoAddon();
    const total = dataRows(a.gas);
    // Act
    const first = expectOk(a.call<Result<SyncProgress>>('startSync'));
    const sentFirst = rowsSent(a.gas);
    a.gas.resetCalls();
    const second = expectOk(a.call<Result<SyncProgress>>('startSync'));
    const sentSecond = a.gas.requests.filter((r) => r.url.endsWith('/v1/sync'));
    a.gas.resetCalls();
    const invoices = a.gas.sheet('Invoices')!;
    const descriptionCol = invoices.header().indexOf('Description') + 1;
    invoices.set(5, descriptionCol, 'Corrected description');
    const third = expectOk(a.call<Result<SyncProgress>>('startSync'));
    // Assess
    expect(first.state).toBe('done');
    expect(first.rejected).toBe(0);
    expect(sentFirst).toHaveLength(total);
    expect(new Set(sentFirst).size).toBe(total);
    expect(second.state).toBe('done');
    expect(sentSecond).toHaveLength(0);
    expect(third.state).toBe('done');
    expect(rowsSent(a.gas)).toEqual(['Invoices#5']);
    const body = syncRequests(a.gas)[0]!.json as { header: string[]; columns: unknown[][] };
    expect(body.columns[body.header.indexOf('Description')]).toEqual(['Corrected description']);
    expect(JSON.parse(syncRequests(a.gas)[0]!.response!)).toMatchObject({ written: 1, rejected: 0 });
  }, 120_000);

  it('returns the rejected row with its error beside it, highlighted, while the others are stored', () => {
    // Prepare
    const a = demoAddon();
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    const invoices = a.gas.sheet('Invoices')!;
    const header = invoices.header();
    invoices.set(7, header.indexOf('Amount') + 1, '12.345');
    invoices.set(8, header.indexOf('Description') + 1, 'still fine');
    a.gas.resetCalls();
    // Act
    const progress = expectOk(a.call<Result<SyncProgress>>('startSync'));
    // Assess
    const errorsCol = header.indexOf('Errors') + 1;
    expect(progress.rejected).toBe(1);
    expect(String(invoices.get(7, errorsCol))).toMatch(/^Amount: .*more than 2 decimals/);
    expect(invoices.backgrounds.get(`7:${errorsCol}`)).toBe('#f4cccc');
    expect(invoices.get(8, errorsCol)).toBe('');
    const answer = JSON.parse(syncRequests(a.gas)[0]!.response!) as { written: number; rejected: number };
    expect(answer).toMatchObject({ written: 1, rejected: 1 });
    // One highlight write on the tab (the Dashboard tab paints its own header rows).
    expect(
      a.gas.calls.filter((c) => c.method === 'setBackgrounds' && c.range?.sheet === 'Invoices'),
    ).toHaveLength(1);
    // Act again: the clerk fixes the amount; the error is cleared.
    invoices.set(7, header.indexOf('Amount') + 1, '12.35');
    a.gas.resetCalls();
    const fixed = expectOk(a.call<Result<SyncProgress>>('startSync'));
    expect(fixed.rejected).toBe(0);
    expect(invoices.get(7, errorsCol)).toBe('');
    expect(invoices.backgrounds.get(`7:${errorsCol}`)).toBeNull();
  }, 120_000);

  it('says why an invoice with a payment applied was not deleted, and deletes both in the sync that deletes the payment', () => {
    // Prepare: the demo's INV-260007 has PMT-0001 applied
    const a = demoAddon();
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    const deleteRow = (tab: string, id: string) => {
      const sheet = a.gas.sheet(tab)!;
      const at = sheet.rows.findIndex((r) => r[0] === id);
      expect(at, `${id} on ${tab}`).toBeGreaterThan(0);
      sheet.rows.splice(at, 1);
    };
    const deletions = () =>
      syncRequests(a.gas).flatMap((r) => (r.json as { deleted?: string[] }).deleted ?? []);
    // Act: the clerk deletes the invoice row only
    deleteRow('Invoices', 'INV-260007');
    a.gas.resetCalls();
    const refused = expectOk(a.call<Result<SyncProgress>>('startSync'));
    // Assess: the reason is in the sync's message; the deletion is sent again by the next sync
    expect(deletions()).toEqual(['INV-260007']);
    expect(refused.message).toContain(
      'Not deleted in Duebook: invoice INV-260007 has payment PMT-0001 of USD 1,190.00 applied; move or delete the payment first.',
    );
    // Act: the clerk deletes the payment too; that sync deletes both (the Invoices chunk names the
    // payment deleted with it, alsoDeleted), although Invoices are sent first
    deleteRow('Payments', 'PMT-0001');
    a.gas.resetCalls();
    const second = expectOk(a.call<Result<SyncProgress>>('startSync'));
    const sentSecond = deletions();
    const invoicesChunk = syncRequests(a.gas).find((r) => (r.json as { tab: string }).tab === 'Invoices')!;
    a.gas.resetCalls();
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    // Assess
    expect(sentSecond).toEqual(['INV-260007', 'PMT-0001']);
    expect((invoicesChunk.json as { alsoDeleted?: unknown }).alsoDeleted).toEqual({ Payments: ['PMT-0001'] });
    expect(JSON.parse(invoicesChunk.response!)).toMatchObject({ deleted: 1, errors: [] });
    expect(second.message).not.toContain('Not deleted');
    expect(deletions()).toEqual([]);
  }, 120_000);

  it('says beside a renamed invoice that its old id was not deleted, and retries that deletion until it goes', () => {
    // Prepare: the demo's INV-260007 has PMT-0001 applied
    const a = demoAddon();
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    const invoices = a.gas.sheet('Invoices')!;
    const header = invoices.header();
    const errorsCol = header.indexOf('Errors') + 1;
    const at = invoices.rows.findIndex((r) => r[0] === 'INV-260007') + 1;
    const deletions = () =>
      syncRequests(a.gas).flatMap((r) => (r.json as { deleted?: string[] }).deleted ?? []);
    // Act: the clerk renames the invoice
    invoices.set(at, 1, 'INV-260007-R');
    a.gas.resetCalls();
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    const first = deletions();
    a.gas.resetCalls();
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    const second = deletions();
    // Assess: the refusal is that row's error, and the next sync sends the old id's deletion again
    expect(first).toEqual(['INV-260007']);
    expect(String(invoices.get(at, errorsCol))).toBe(
      'Invoice ID: renamed from INV-260007, which Duebook keeps: invoice INV-260007 has payment PMT-0001 of USD 1,190.00 applied; move or delete the payment first',
    );
    expect(second).toEqual(['INV-260007']);
    // Act: the payment is moved to the new id; the old id then goes, and the error with it
    const payments = a.gas.sheet('Payments')!;
    const p = payments.rows.findIndex((r) => r[0] === 'PMT-0001') + 1;
    payments.set(p, payments.header().indexOf('Applies To') + 1, 'INV-260007-R');
    for (let i = 0; i < 3; i++) expectOk(a.call<Result<SyncProgress>>('startSync'));
    a.gas.resetCalls();
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    // Assess
    expect(deletions()).toEqual([]);
    expect(invoices.get(at, errorsCol)).toBe('');
  }, 120_000);

  it('shows a refused late fee beside its row, stored but not charged, without counting it rejected', () => {
    // Prepare: a late fee for C-1002, who agreed to no fees
    const a = demoAddon();
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    const adjustments = a.gas.sheet('Adjustments')!;
    const header = adjustments.header();
    const row = adjustments.lastRow() + 1;
    const cells: Record<string, string> = {
      'Adjustment ID': 'ADJ-NOFEE',
      'Customer ID': 'C-1002',
      Date: '2026-11-02',
      Type: 'late-fee',
      Amount: '15.00',
      Currency: 'USD',
      'Invoice ID': 'INV-260039',
    };
    for (const [h, v] of Object.entries(cells)) adjustments.set(row, header.indexOf(h) + 1, v);
    a.gas.resetCalls();
    // Act
    const progress = expectOk(a.call<Result<SyncProgress>>('startSync'));
    // Assess
    const errorsCol = header.indexOf('Errors') + 1;
    expect(progress.rejected).toBe(0);
    expect(progress.message).toContain('Adjustments: 1 row stored but not charged (see the Errors column).');
    expect(String(adjustments.get(row, errorsCol))).toMatch(
      /^Type: not charged \(fees\/not-agreed\): ADJ-NOFEE: .*1692f/,
    );
    expect(JSON.parse(syncRequests(a.gas)[0]!.response!)).toMatchObject({ written: 1, rejected: 0 });
    // Cleanup: the row goes again, so the shared office's ledger is the demo's
    adjustments.rows.splice(row - 1, 1);
    expectOk(a.call<Result<SyncProgress>>('startSync'));
  }, 120_000);

  it('returns continuing when the time budget runs out, and continueSync finishes without resending', () => {
    // Prepare: every fetch takes two minutes of the 4.5-minute budget.
    let clock: { now: number } | undefined;
    const a = demoAddon({ onFetch: () => (clock!.now += 120_000) });
    clock = a.clock;
    const total = dataRows(a.gas);
    // Act
    const first = expectOk(a.call<Result<SyncProgress>>('startSync'));
    const states = [first.state];
    for (let i = 0; i < 12 && states[states.length - 1] === 'continuing'; i++) {
      states.push(expectOk(a.call<Result<SyncProgress>>('continueSync')).state);
    }
    // Assess
    expect(first.state).toBe('continuing');
    expect(expectOk(a.call<Result<SyncProgress>>('getSyncProgress')).state).toBe('done');
    expect(states[states.length - 1]).toBe('done');
    const sent = rowsSent(a.gas);
    expect(sent).toHaveLength(total);
    expect(new Set(sent).size).toBe(total);
    expect(a.gas.lockHeld).toBe(false);
  }, 120_000);

  it('returns an unreachable error when the backend does not answer', () => {
    const a = demoAddon();
    a.gas.documentProperties.set('duebook.settings', JSON.stringify({ backendUrl: 'http://127.0.0.1:9' }));
    const result = a.call<Result<SyncProgress>>('startSync');
    expect(result).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
    expect(expectOk(a.call<Result<SyncProgress>>('getSyncProgress')).state).toBe('failed');
    expect(a.gas.lockHeld).toBe(false);
  });

  it.each([
    ['a forged token', () => stack.forgedToken],
    ['an account that is no member of the office', () => stack.strangerToken],
  ])('returns an unauthorized error for %s', (_name, token) => {
    const a = demoAddon();
    a.gas.identityToken = token();
    const result = a.call<Result<SyncProgress>>('startSync');
    expect(result).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
  });

  it('writes the Aging tab with a chart after a sync', () => {
    const a = demoAddon();
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    const aging = a.gas.sheet('Aging')!;
    expect(aging.rows[0]).toEqual([
      'Currency',
      'current',
      '1-30',
      '31-60',
      '61-90',
      '90+',
      'Total',
      'Unapplied credit',
    ]);
    expect(aging.rows.map((r) => r[0])).toEqual(expect.arrayContaining(['EUR', 'GBP', 'JPY', 'USD']));
    expect(aging.charts).toHaveLength(1);
    expect(aging.charts[0]!.type).toBe('COLUMN');
  }, 120_000);

  it("keeps the Dashboard's layout key in the sync state sheet, so the next sync rewrites only its values", () => {
    // Prepare
    const a = demoAddon();
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    const built = a.gas.calls.filter((c) => c.range?.sheet === 'Dashboard').map((c) => c.method);
    const state = a.gas.sheet('Duebook Sync State')!;
    const charts = [...a.gas.sheet('Dashboard')!.charts];
    a.gas.resetCalls();
    // Act
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    // Assess
    expect(built).toEqual(expect.arrayContaining(['setNumberFormats', 'setValues', 'setBackgrounds']));
    expect(state.rows.filter((r) => r[0] === '(dashboard)')).toHaveLength(1);
    expect(a.gas.calls.filter((c) => c.range?.sheet === 'Dashboard').map((c) => c.method)).toEqual([
      'setValues',
    ]);
    // The same three chart objects: none removed or inserted.
    expect(charts).toHaveLength(3);
    expect(a.gas.sheet('Dashboard')!.charts).toEqual(charts);
    for (const [i, c] of a.gas.sheet('Dashboard')!.charts.entries()) expect(c).toBe(charts[i]);
  }, 120_000);
});

describe('status', () => {
  it('returns balances written back into the Customers tab after a sync', () => {
    const a = demoAddon();
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    a.gas.resetCalls();
    a.call('menuRefreshStatus');
    const customers = a.gas.sheet('Customers')!;
    expect(
      customers.column('Balance').every((b) => /^[A-Z]{3} -?[\d,.]+(; [A-Z]{3} -?[\d,.]+)*$/.test(String(b))),
    ).toBe(true);
    // One block on Customers; the sync filled the Claims tab already, so nothing is written there.
    const writes = (sheet: string) =>
      a.gas.calls.filter((c) => c.method === 'setValues' && c.range?.sheet === sheet);
    expect(writes('Customers')).toHaveLength(1);
    expect(writes('Claims')).toHaveLength(0);
    expect(a.gas.count('UrlFetchApp.fetchAll')).toBe(1);
    const claims = a.gas.sheet('Claims')!;
    expect(claims.column('Next Step').every((s) => String(s) !== '')).toBe(true);
  }, 120_000);

  it('returns stage, next action and why in Customers and open items in Invoices', () => {
    // Prepare
    const a = demoAddon();
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    a.gas.resetCalls();
    // Act
    a.call('menuRefreshStatus');
    // Assess: every answered customer's cells and open invoices are what the API sent.
    const status = a.gas.requests.find((r) => r.url.includes('/v1/status'))!;
    const body = JSON.parse(status.response!) as {
      customers: {
        customerId: string;
        stage: string;
        nextAction: string;
        why: string;
        invoices: { invoiceId: string; openBalance: string; daysPastDue: number }[];
      }[];
    };
    const customers = a.gas.sheet('Customers')!;
    const invoices = a.gas.sheet('Invoices')!;
    const ids = customers.column('Customer ID');
    const invoiceIds = invoices.column('Invoice ID');
    let open = 0;
    for (const c of body.customers) {
      const at = ids.indexOf(c.customerId);
      expect([
        customers.column('Stage')[at],
        customers.column('Next Action')[at],
        customers.column('Why')[at],
      ]).toEqual([c.stage, c.nextAction, c.why]);
      for (const i of c.invoices) {
        // Open items that are not invoices (a fee on the Adjustments tab) have no Invoices row.
        const row = invoiceIds.indexOf(i.invoiceId);
        if (row < 0) continue;
        expect([invoices.column('Open Balance')[row], invoices.column('Days Past Due')[row]]).toEqual([
          i.openBalance,
          i.daysPastDue,
        ]);
        open++;
      }
    }
    expect(body.customers.some((c) => c.nextAction !== 'none')).toBe(true);
    expect(open).toBeGreaterThan(0);
    // A paid invoice has its cells cleared.
    const openIds = new Set(body.customers.flatMap((c) => c.invoices.map((i) => i.invoiceId)));
    const paid = invoiceIds.map((id, row) => (openIds.has(String(id)) ? -1 : row)).filter((r) => r >= 0)[0]!;
    expect(invoices.column('Open Balance')[paid]).toBe('');
    expect(invoices.formulaInjections).toEqual([]);
  }, 120_000);
});

describe('settings', () => {
  it('returns the settings saved in the sheet and in the backend through POST /v1/settings', () => {
    // Prepare: the values the other tests expect (New York, no review), plus a hand-over recipient.
    const a = demoAddon();
    const input = {
      ...expectOk(a.call<Result<Settings>>('getSettings')),
      backendUrl: stack.apiUrl,
      timeZone: 'America/New_York',
      reviewMode: false,
      contactPreset: 'federal' as const,
      handoverTo: 'Keller & Voss LLP, 12 Court St, Boston, MA 02108',
      retentionDays: 400,
    };
    // Act
    const saved = expectOk(a.call<Result<SavedSettings>>('saveSettings', input));
    // Assess
    const post = a.gas.requests.find((r) => r.url.endsWith('/v1/settings') && r.method === 'POST')!;
    expect(post.json).toEqual({
      reviewMode: false,
      timeZone: 'America/New_York',
      contactPreset: 'federal',
      handoverTo: 'Keller & Voss LLP, 12 Court St, Boston, MA 02108',
      ladder: input.ladder,
      creditContactEmail: '',
      // Shown with the backend's defaults, saved as shown (numberFormat unset is not sent).
      onlinePayments: true,
      portalLimits: { promiseMaxDays: 30, planMaxInstallments: 12, planMinInstallmentMinor: 2_500 },
    });
    if (post.status === 404 || post.status === 405) {
      // An API without the route yet: saved in the sheet only, and said so.
      expect(saved.notice).toMatch(/backend did not take the office settings/);
      return;
    }
    expect(post.status).toBe(200);
    expect(saved.notice).toBeUndefined();
    // The default ladder as the add-on shows it: the backend keeps it and still plans with core's
    // default policy (same version), so the tests below see the usual plan.
    expect(input.ladder.map((st) => st.stage)).toEqual([
      'courtesy',
      'reminder-1',
      'reminder-15',
      'reminder-30',
      'reminder-60',
      'final-demand',
      'handover',
    ]);
    expect(JSON.parse(post.response!)).toMatchObject({
      handoverTo: input.handoverTo,
      ladder: input.ladder,
      policyVersion: 'standard/2026-1',
    });
    const fresh = addon();
    fresh.gas.documentProperties.set('duebook.settings', JSON.stringify({ backendUrl: stack.apiUrl }));
    fresh.gas.identityToken = stack.token;
    fresh.gas.addSheet('Customers', [['Customer ID', 'Name']]);
    expect(expectOk(fresh.call<Result<Settings>>('getSettings'))).toMatchObject({
      handoverTo: input.handoverTo,
      retentionDays: 365,
    });
  }, 120_000);
});

describe('deceased purge', () => {
  it('returns a sync that purged the sheet first, so the backend holds only purged values', async () => {
    // Prepare: C-1006 is flagged deceased; the office learned of it 2025-10-01, 418 days before
    // 2026-11-23 (retention 365 days).
    const a = addon();
    a.clock.now = Date.parse('2026-11-23T15:00:00Z');
    for (const tab of TAB_NAMES) {
      const rows = (demo[tab] ?? []).map((r) => [...r]) as unknown[][];
      if (tab === 'Customers') {
        const at = rows.findIndex((r) => r[0] === 'C-1006');
        rows[at]![rows[0]!.indexOf('Deceased On')] = '2025-10-01';
      }
      a.gas.addSheet(tab, rows);
    }
    a.call('menuSetupLedger');
    a.gas.documentProperties.set('duebook.settings', JSON.stringify({ backendUrl: stack.apiUrl }));
    a.gas.identityToken = stack.token;
    // Act
    const progress = expectOk(a.call<Result<SyncProgress>>('startSync'));
    // Assess
    expect(progress.state).toBe('done');
    expect(progress.rejected).toBe(0);
    expect(progress.message).toContain('Purged the personal data of 1 deceased customer (C-1006)');
    const stored = await stack.customerRows('C-1006');
    const of = (tab: string) => stored.filter((r) => r.tab === tab).map((r) => r.fields);
    expect(of('Customers')).toHaveLength(1);
    const customer = of('Customers')[0]!;
    expect(customer.name).toBe('Deceased customer C-1006');
    expect(customer.email ?? '').toBe('');
    expect(customer.phone ?? '').toBe('');
    expect(customer.address ?? '').toBe('');
    expect(customer.deceasedOn).toBe('2025-10-01');
    const invoice = of('Invoices').find((f) => f.invoiceId === 'INV-260010')!;
    expect(invoice.amountMinor).toBe(64_500);
    expect(invoice.description ?? '').toBe('');
    const activity = of('Activity');
    expect(activity.find((f) => f.activityId === 'ACT-0029')!.note ?? '').toBe('');
    expect(activity.filter((f) => f.outcome === 'personal-data-purged')).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain('Hollis');
  }, 120_000);
});

describe('sidebar', () => {
  it('returns the selected row customer panel and posts a payment to the sheet and the API', () => {
    // Prepare
    const a = demoAddon();
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    const invoices = a.gas.sheet('Invoices')!;
    const customerId = String(invoices.get(3, 2));
    a.gas.active = { sheet: 'Invoices', row: 3, column: 1 };
    // Act
    const panel = expectOk(a.call<Result<CustomerPanel>>('sidebarCustomer'));
    const saved = expectOk(
      a.call<Result<Saved>>('postPayment', {
        customerId,
        date: '2026-11-20',
        amount: '25.00',
        currency: 'USD',
        method: 'check',
      }),
    );
    // Assess
    expect(panel.customerId).toBe(customerId);
    expect(panel.balances[0]!.currency).toBe('USD');
    const payments = a.gas.sheet('Payments')!;
    expect(payments.get(saved.row!, 1)).toBe(saved.id);
    const post = a.gas.requests.find((r) => r.url.endsWith('/v1/payments'))!;
    expect(post.status).toBe(201);
    expect(post.json).toMatchObject({
      idempotencyKey: `Payments:${saved.id}`,
      row: { 'Customer ID': customerId },
    });
  }, 120_000);

  it('returns the review queue and a customer sent messages from the real API, in the office zone', async () => {
    // Prepare: the routes answer through the bundle; other tests here may have changed the office zone.
    const a = demoAddon();
    const office = (await (
      await fetch(`${stack.apiUrl}/v1/settings`, { headers: { authorization: `Bearer ${stack.token}` } })
    ).json()) as { timeZone: string };
    // Act
    const queue = expectOk(
      a.call<Result<{ asOf: string; timeZone: string; entries: unknown[] }>>('getQueue'),
    );
    const sent = expectOk(
      a.call<Result<{ messages: unknown[]; activity: unknown[] }>>('customerMessages', 'C-1001'),
    );
    // Assess
    expect(queue.timeZone).toBe(office.timeZone);
    expect(Array.isArray(queue.entries)).toBe(true);
    expect(Array.isArray(sent.messages) && Array.isArray(sent.activity)).toBe(true);
    const asked = a.gas.requests.find((r) => r.url.includes('/v1/messages'))!;
    expect([asked.url.endsWith('/v1/messages?customer=C-1001'), asked.status]).toEqual([true, 200]);
  });

  it('returns a no-selection error when the active sheet is not a ledger tab', () => {
    const a = demoAddon();
    a.gas.addSheet('Notes', [['x']]);
    a.gas.active = { sheet: 'Notes', row: 2, column: 1 };
    expect(a.call<Result<CustomerPanel>>('sidebarCustomer')).toMatchObject({
      ok: false,
      error: { kind: 'no-selection' },
    });
  });

  it('returns invalid with the field for a promise without a valid amount, writing nothing', () => {
    const a = demoAddon();
    const before = a.gas.sheet('Promises')!.lastRow();
    const result = a.call<Result<Saved>>('recordPromise', {
      customerId: 'C-1001',
      promisedDate: '2026-12-01',
      amount: '12.345',
      currency: 'USD',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'invalid', fields: [{ field: 'amount' }] },
    });
    expect(a.gas.sheet('Promises')!.lastRow()).toBe(before);
  });
});

describe('Draft appeal letter', () => {
  it('returns a Google Doc drafted by core for the selected denied claim, linked in its row', () => {
    // Prepare: row 4 of the demo Claims tab is CLM-26-0098, denied with CO-50.
    const a = demoAddon();
    const claims = a.gas.sheet('Claims')!;
    a.gas.active = { sheet: 'Claims', row: 4, column: 1 };
    // Act
    a.call('menuAppealLetter');
    // Assess
    expect(a.gas.documents).toHaveLength(1);
    const doc = a.gas.documents[0]!;
    expect(doc.body.map((b) => b.text).join('\n')).toContain('CLM-26-0098');
    const col = claims.header().indexOf('Appeal Letter') + 1;
    expect(String(claims.get(4, col))).not.toBe('');
    expect(claims.links.get(`4:${col}`)).toBe(doc.url);
    expect(a.gas.shown.at(-1)).toMatchObject({ kind: 'alert', title: 'Appeal letter drafted' });
  });

  it('returns an alert, and no document, for a claim that was not denied', () => {
    const a = demoAddon();
    a.gas.active = { sheet: 'Claims', row: 2, column: 1 };
    a.call('menuAppealLetter');
    expect(a.gas.documents).toHaveLength(0);
    expect(a.gas.shown.at(-1)).toMatchObject({ kind: 'alert', title: 'Duebook' });
  });
});
