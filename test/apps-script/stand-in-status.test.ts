// The built add-on against the stand-in backend, on a sheet holding the demo ledger: the Claims
// tab's computed columns (core, in the add-on), the status write-back to Customers and Invoices,
// the sidebar's next action, settings saved to the backend, returned mail with no new address and
// the deceased purge at the start of a sync.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CustomerPanel,
  Result,
  Saved,
  SavedSettings,
  Settings,
  SyncProgress,
} from '../../apps-script/src/contract.js';
import { readLedger } from '../../cli/read-ledger.js';
import { claimStatusColumns } from '../../core/claims/claim-status.js';
import { DEFAULT_CLAIM_DEADLINES } from '../../core/claims/deadlines.js';
import { DEFAULT_LADDER } from '../../core/collections/dunning-policy.js';
import { TAB_NAMES } from '../../core/ledger/schema.js';
import { type LedgerRows, parseLedger } from '../../core/ledger/schema-rows.js';
import { DEFAULT_RETENTION_DAYS } from '../../core/lifecycle/retention.js';
import { type BuiltBundle, buildBundle, DEMO_DIR, type LoadedAddon, loadAddon } from './addon-harness.js';
import { createStandIn, DEFAULT_STATUS, type StandInOptions } from './stand-in-backend.js';

let bundle: BuiltBundle;
let demo: LedgerRows;
const loaded: LoadedAddon[] = [];

/** 10:00 in New York on 2026-11-23: the day the demo ledger is dated. */
const NOW = Date.parse('2026-11-23T15:00:00Z');
const AS_OF = '2026-11-23';

beforeAll(async () => {
  [bundle, demo] = await Promise.all([
    // Built for the stand-in's address: the only backend URL its Settings accept.
    buildBundle({ skipUi: true, backendUrl: 'https://api.test' }),
    readLedger(DEMO_DIR).then((l) => l.rows),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all(loaded.map((a) => a.gas.close()));
});

/** The demo ledger in a set-up sheet, against a stand-in backend, at NOW. */
function demoSheet(options: StandInOptions & { tabs?: Partial<LedgerRows> } = {}) {
  const standIn = createStandIn(options);
  const a = loadAddon(bundle, { backend: (r) => standIn.handle(r) });
  loaded.push(a);
  a.clock.now = NOW;
  for (const tab of TAB_NAMES) a.gas.addSheet(tab, (options.tabs?.[tab] ?? demo[tab] ?? []) as unknown[][]);
  a.call('menuSetupLedger');
  a.gas.identityToken = 'stand-in-token';
  a.gas.documentProperties.set('duebook.settings', JSON.stringify({ backendUrl: 'https://api.test' }));
  a.gas.resetCalls();
  return { a, standIn };
}

function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

/** setValues calls on a sheet, optionally only those starting in one of `columns` (1-based). */
function writes(a: LoadedAddon, sheet: string, columns?: number[]) {
  return a.gas.calls.filter(
    (c) =>
      c.method === 'setValues' && c.range?.sheet === sheet && (!columns || columns.includes(c.range.column)),
  );
}

describe('Claims computed columns', () => {
  it('returns Denial Category and Next Step from core for every claim, one block, guarded', () => {
    // Prepare: one claim reversed by a payer whose name starts like a formula (Next Step starts
    // with the payer's name).
    const claims = demo.Claims!.map((r) => [...r]);
    const header = claims[0]!.map(String);
    const hostile = claims.length;
    claims.push([...claims[1]!]);
    claims[hostile]![header.indexOf('Claim ID')] = 'CLM-26-0999';
    claims[hostile]![header.indexOf('Payer')] = '=HYPERLINK("http://evil.example")';
    claims[hostile]![header.indexOf('Status')] = 'reversed';
    const { a } = demoSheet({ tabs: { Claims: claims } });
    // Act
    a.call('menuRefreshStatus');
    // Assess
    const sheet = a.gas.sheet('Claims')!;
    const expected = parseLedger({ ...demo, Claims: claims }).ledger.claims.map((c) =>
      claimStatusColumns(c, {
        asOf: AS_OF,
        config: DEFAULT_CLAIM_DEADLINES,
        invoices: parseLedger(demo).ledger.invoices,
      }),
    );
    expect(sheet.column('Denial Category')).toEqual(expected.map((e) => e.denialCategory));
    expect(sheet.column('Next Step')).toEqual(expected.map((e) => e.claimNextStep));
    const row98 = sheet.column('Claim ID').indexOf('CLM-26-0098');
    expect(sheet.column('Denial Category')[row98]).toBe('medical necessity');
    expect(sheet.column('Next Step')[row98]).toMatch(/^Appeal by 2026-12-04 \(.*CO-50/);
    expect(sheet.column('Next Step')[hostile - 1]).toMatch(/^=HYPERLINK.* reversed its payment/);
    expect(sheet.formulaInjections).toEqual([]);
    const cols = ['Denial Category', 'Next Step'].map((h) => sheet.header().indexOf(h) + 1);
    expect(cols[1]).toBe(cols[0]! + 1);
    expect(writes(a, 'Claims')).toHaveLength(1);
    expect(writes(a, 'Claims')[0]!.range).toMatchObject({
      column: cols[0],
      numColumns: 2,
      numRows: claims.length - 1,
    });
  });

  it('writes nothing to the Claims tab when the computed cells are already current', () => {
    const { a } = demoSheet();
    a.call('menuRefreshStatus');
    const sheet = a.gas.sheet('Claims')!;
    const cols = ['Denial Category', 'Next Step'].map((h) => sheet.header().indexOf(h) + 1);
    a.gas.resetCalls();
    a.call('menuRefreshStatus');
    expect(writes(a, 'Claims', cols)).toHaveLength(0);
  });

  it('fills the Claims columns after a sync, as of the day in the office zone', () => {
    const { a } = demoSheet();
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    const sheet = a.gas.sheet('Claims')!;
    const at = sheet.column('Claim ID').indexOf('CLM-26-0034');
    expect(sheet.column('Next Step')[at]).toMatch(/^Appeal deadline 2026-11-08 passed 15 days ago/);
    expect(sheet.column('Next Step').every((s) => String(s) !== '')).toBe(true);
    // A day later, a refresh moves it on.
    a.clock.now = NOW + 86_400_000;
    a.call('menuRefreshStatus');
    expect(sheet.column('Next Step')[at]).toMatch(/^Appeal deadline 2026-11-08 passed 16 days ago/);
  });
});

describe('status write-back', () => {
  it('returns stage, next action and why in Customers and open items in Invoices, one block per run', () => {
    // Prepare: C-1019 has INV-260025 open and INV-260065 settled; C-1001 answers with no invoices
    // field (an older API) and keeps its cells.
    const { a, standIn } = demoSheet({
      status: (id) =>
        id === 'C-1019'
          ? {
              ...DEFAULT_STATUS(),
              stage: 'reminder-60',
              nextAction: '2026-11-27 letter, email final-demand',
              why: '-the final demand falls due 75 days after 2026-08-13',
              invoices: [{ invoiceId: 'INV-260025', openBalance: '$930.00', daysPastDue: 102 }],
            }
          : id === 'C-1001'
            ? { balance: 'USD 1.00' }
            : { ...DEFAULT_STATUS(), invoices: [] },
    });
    const invoices = a.gas.sheet('Invoices')!;
    const open = invoices.header().indexOf('Open Balance') + 1;
    const c1001 = invoices.column('Customer ID').indexOf('C-1001') + 2;
    invoices.set(c1001, open, 'kept');
    const settled = invoices.column('Invoice ID').indexOf('INV-260065') + 2;
    invoices.set(settled, open, '$410.00');
    // Act
    a.call('menuRefreshStatus');
    // Assess
    const customers = a.gas.sheet('Customers')!;
    const at = customers.column('Customer ID').indexOf('C-1019');
    expect(customers.column('Stage')[at]).toBe('reminder-60');
    expect(customers.column('Next Action')[at]).toBe('2026-11-27 letter, email final-demand');
    expect(customers.column('Why')[at]).toBe('-the final demand falls due 75 days after 2026-08-13');
    expect(customers.formulaInjections).toEqual([]);
    const ids = invoices.column('Invoice ID');
    expect(invoices.column('Open Balance')[ids.indexOf('INV-260025')]).toBe('$930.00');
    expect(invoices.column('Days Past Due')[ids.indexOf('INV-260025')]).toBe(102);
    expect(invoices.column('Open Balance')[ids.indexOf('INV-260065')]).toBe('');
    expect(invoices.get(c1001, open)).toBe('kept');
    expect(standIn.statusRequests).toHaveLength(1);
    // Customers: every row answered, one block; Invoices: the rows of C-1001 split the runs.
    expect(writes(a, 'Customers')).toHaveLength(1);
    const invoiceRows = invoices.column('Customer ID').filter((c) => c !== 'C-1001').length;
    const invoiceCalls = writes(a, 'Invoices');
    const written = invoiceCalls.reduce((n, c) => n + (c.args[0] as unknown[][]).length, 0);
    expect(written).toBe(invoiceRows);
    const c1001Rows = invoices
      .column('Customer ID')
      .map((c, i) => (c === 'C-1001' ? i : -1))
      .filter((i) => i >= 0);
    const runs = c1001Rows.filter((r, i) => i === 0 || c1001Rows[i - 1] !== r - 1).length;
    expect(invoiceCalls.length).toBeLessThanOrEqual(runs + 1);
  });
});

describe('backend write-back of input cells', () => {
  it('returns the Customers row with the cells of an approved hand-over, sent by the next sync', () => {
    // Prepare: the backend placed C-1003 with an agency; the sheet does not show it yet.
    const cells = { Flags: 'placed', 'Placed With': '=Acme Recovery', 'Placed On': '2026-11-25' };
    const { a, standIn } = demoSheet({
      status: (id) => (id === 'C-1003' ? { ...DEFAULT_STATUS(), writeBack: cells } : DEFAULT_STATUS()),
    });
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    const customers = a.gas.sheet('Customers')!;
    const at = customers.column('Customer ID').indexOf('C-1003');
    a.gas.resetCalls();
    // Act
    a.call('menuRefreshStatus');
    // Assess
    expect([
      customers.column('Flags')[at],
      customers.column('Placed With')[at],
      customers.column('Placed On')[at],
    ]).toEqual(['placed', '=Acme Recovery', '2026-11-25']);
    expect(customers.formulaInjections).toEqual([]);
    const h = customers.header();
    const writes = a.gas.calls.filter(
      (c) => c.method === 'setValues' && c.range?.sheet === 'Customers' && c.range.row === at + 2,
    );
    // Flags, then Placed With and Placed On side by side: two blocks.
    expect(writes.map((c) => [c.range!.column, c.range!.numColumns])).toEqual([
      [h.indexOf('Flags') + 1, 1],
      [h.indexOf('Placed With') + 1, 2],
    ]);
    // The next sync sends the row; a second refresh writes nothing more.
    standIn.syncBodies.length = 0;
    expectOk(a.call<Result<SyncProgress>>('startSync'));
    const sent = standIn.syncBodies.find((b) => b.tab === 'Customers')!;
    expect(sent.rowNumbers).toEqual([at + 2]);
    expect(sent.columns[sent.header.indexOf('Placed With')]).toEqual(['=Acme Recovery']);
    a.gas.resetCalls();
    a.call('menuRefreshStatus');
    expect(
      a.gas.calls.filter(
        (c) => c.method === 'setValues' && c.range?.sheet === 'Customers' && c.range.row === at + 2,
      ),
    ).toEqual([]);
  });
});

describe('sidebar next action', () => {
  it('returns the next action and why from /v1/status for the selected customer', () => {
    const { a, standIn } = demoSheet({
      status: () => ({
        ...DEFAULT_STATUS(),
        nextAction: '2026-11-27 email reminder-30, call reminder-30 (after review)',
        why: 'The 30-day reminder is due: the oldest open item is 30 days past due.',
      }),
    });
    a.gas.active = { sheet: 'Customers', row: 2, column: 1 };
    const panel = expectOk(a.call<Result<CustomerPanel>>('sidebarCustomer'));
    expect(standIn.statusRequests).toEqual([['C-1001']]);
    expect(panel.nextAction).toEqual({
      stage: 'reminder-30',
      stageLabel: '30-day reminder',
      channel: 'email, call (after review)',
      date: '2026-11-27',
      why: 'The 30-day reminder is due: the oldest open item is 30 days past due.',
    });
    expect(panel.blocked).toBeUndefined();
    expect(panel.statusNote).toBeUndefined();
  });

  it('returns blocked with the reason when the backend says so', () => {
    const { a } = demoSheet({
      status: () => ({
        ...DEFAULT_STATUS(),
        nextAction: 'blocked',
        why: 'flag/dispute: the customer disputes.',
      }),
    });
    a.gas.active = { sheet: 'Customers', row: 3, column: 1 };
    const panel = expectOk(a.call<Result<CustomerPanel>>('sidebarCustomer'));
    expect(panel.blocked).toBe('flag/dispute: the customer disputes.');
    expect(panel.nextAction).toBeUndefined();
  });

  it('returns the panel from the sheet with a note when the backend is unreachable', () => {
    const standIn = createStandIn();
    const a = loadAddon(bundle, {
      backend: (r) => (r.url.includes('/v1/status') ? { status: 503, body: '{}' } : standIn.handle(r)),
    });
    loaded.push(a);
    a.clock.now = NOW;
    for (const tab of TAB_NAMES) a.gas.addSheet(tab, (demo[tab] ?? []) as unknown[][]);
    a.call('menuSetupLedger');
    a.gas.identityToken = 'stand-in-token';
    a.gas.documentProperties.set('duebook.settings', JSON.stringify({ backendUrl: 'https://api.test' }));
    a.gas.active = { sheet: 'Customers', row: 2, column: 1 };
    const panel = expectOk(a.call<Result<CustomerPanel>>('sidebarCustomer'));
    expect(panel.customerId).toBe('C-1001');
    expect(panel.balances.length).toBeGreaterThan(0);
    expect(panel.nextAction).toBeUndefined();
    expect(panel.statusNote).toMatch(/^Next action not available: /);
  });

  it('returns a note when the backend does not know the customer yet', () => {
    const { a } = demoSheet({ status: () => ({}) });
    a.gas.active = { sheet: 'Customers', row: 2, column: 1 };
    // The stand-in answers for every id asked; an empty answer is a customer it never saw.
    const withNone = loadAddon(bundle, {
      backend: () => ({ status: 200, body: JSON.stringify({ asOf: AS_OF, customers: [] }) }),
    });
    loaded.push(withNone);
    for (const tab of TAB_NAMES) withNone.gas.addSheet(tab, (demo[tab] ?? []) as unknown[][]);
    withNone.gas.identityToken = 'stand-in-token';
    withNone.gas.documentProperties.set(
      'duebook.settings',
      JSON.stringify({ backendUrl: 'https://api.test' }),
    );
    withNone.gas.active = { sheet: 'Customers', row: 2, column: 1 };
    const panel = expectOk(withNone.call<Result<CustomerPanel>>('sidebarCustomer'));
    expect(panel.customerId).toBe('C-1001');
    expect(panel.statusNote).toMatch(/has not seen this customer yet/);
    // A status without next-action fields (an older backend) leaves the sheet's panel, no note.
    const older = expectOk(a.call<Result<CustomerPanel>>('sidebarCustomer'));
    expect(older.statusNote).toBeUndefined();
  });
});

describe('settings', () => {
  const input = (over: Partial<Settings> = {}): Settings => ({
    backendUrl: 'https://api.test',
    reviewMode: true,
    timeZone: 'America/Chicago',
    contactPreset: 'massachusetts',
    ladder: DEFAULT_LADDER.stages.map((s) => ({
      stage: s.id,
      daysPastDue: s.daysPastDue,
      channel: s.channels[0]!,
    })),
    handoverTo: 'Keller & Voss LLP',
    retentionDays: 400,
    ...over,
  });

  it("returns core's default ladder, courtesy 3 days before due, and the default retention", () => {
    const { a } = demoSheet();
    a.gas.documentProperties.delete('duebook.settings');
    const s = expectOk(a.call<Result<Settings>>('getSettings'));
    expect(s.ladder).toEqual(
      DEFAULT_LADDER.stages.map((st) => ({
        stage: st.id,
        daysPastDue: st.daysPastDue,
        channel: st.channels[0],
      })),
    );
    expect(s.ladder[0]).toEqual({ stage: 'courtesy', daysPastDue: -3, channel: 'email' });
    expect(s.retentionDays).toBe(DEFAULT_RETENTION_DAYS);
    expect(s.handoverTo).toBe('');
  });

  it('returns the saved settings after posting the office ones to /v1/settings', () => {
    const { a, standIn } = demoSheet();
    const saved = expectOk(a.call<Result<SavedSettings>>('saveSettings', input()));
    expect(standIn.settingsBodies).toEqual([
      {
        reviewMode: true,
        timeZone: 'America/Chicago',
        contactPreset: 'massachusetts',
        handoverTo: 'Keller & Voss LLP',
        ladder: input().ladder,
        creditContactEmail: '',
      },
    ]);
    expect(saved.notice).toBeUndefined();
    expect(saved.retentionDays).toBe(400);
    expect(JSON.parse(a.gas.documentProperties.get('duebook.settings')!)).toMatchObject({
      timeZone: 'America/Chicago',
      retentionDays: 400,
      handoverTo: 'Keller & Voss LLP',
    });
    expect(expectOk(a.call<Result<Settings>>('getSettings'))).toMatchObject({
      timeZone: 'America/Chicago',
      contactPreset: 'massachusetts',
      handoverTo: 'Keller & Voss LLP',
    });
  });

  it("returns the ladder sent to the backend, and the backend's ladder shown when it answers", () => {
    // Prepare: a ladder with a stage 5 days past due.
    const { a, standIn } = demoSheet();
    const ladder = [
      { stage: 'courtesy', daysPastDue: -3, channel: 'email' },
      { stage: 'reminder-5', daysPastDue: 5, channel: 'email' },
      { stage: 'handover', daysPastDue: 90, channel: 'letter' },
    ];
    // Act
    const saved = expectOk(a.call<Result<SavedSettings>>('saveSettings', input({ ladder })));
    standIn.office.ladder = [{ stage: 'office-ladder', daysPastDue: 7, channel: 'call' }];
    const shown = expectOk(a.call<Result<Settings>>('getSettings'));
    // Assess
    expect(standIn.settingsBodies.map((b) => b.ladder)).toEqual([ladder]);
    expect(saved.ladder).toEqual(ladder);
    expect(shown.ladder).toEqual([{ stage: 'office-ladder', daysPastDue: 7, channel: 'call' }]);
  });

  it('returns the other office settings saved and a notice when an older backend refuses the ladder', () => {
    const { a, standIn } = demoSheet({ settingsWithoutLadder: true });
    const saved = expectOk(a.call<Result<SavedSettings>>('saveSettings', input()));
    expect(standIn.settingsBodies.map((b) => 'ladder' in b)).toEqual([true, false]);
    expect(standIn.office).toMatchObject({ timeZone: 'America/Chicago', handoverTo: 'Keller & Voss LLP' });
    expect(saved.notice).toMatch(/does not take the dunning ladder/);
  });

  it('returns the credit contact sent to the backend and shown back, and invalid on a text that is not one address', () => {
    // Prepare
    const { a, standIn } = demoSheet();
    // Act
    const bad = a.call<Result<SavedSettings>>('saveSettings', input({ creditContactEmail: 'credit dept' }));
    const saved = expectOk(
      a.call<Result<SavedSettings>>('saveSettings', input({ creditContactEmail: 'credit@keller.example' })),
    );
    const shown = expectOk(a.call<Result<Settings>>('getSettings'));
    // Assess
    expect(bad.ok ? [] : bad.error.fields).toEqual([
      { field: 'creditContactEmail', message: 'must be one email address, e.g. credit@yourfirm.com' },
    ]);
    expect(standIn.settingsBodies.map((b) => b.creditContactEmail)).toEqual(['credit@keller.example']);
    expect(saved.creditContactEmail).toBe('credit@keller.example');
    expect(shown.creditContactEmail).toBe('credit@keller.example');
  });

  it('returns the other office settings saved when an older backend refuses the credit contact', () => {
    const { a, standIn } = demoSheet({ settingsWithoutCreditContact: true });
    const saved = expectOk(a.call<Result<SavedSettings>>('saveSettings', input()));
    expect(standIn.settingsBodies.map((b) => 'creditContactEmail' in b)).toEqual([true, false]);
    expect(standIn.office).toMatchObject({ timeZone: 'America/Chicago', handoverTo: 'Keller & Voss LLP' });
    expect(saved.notice).toBeUndefined();
  });

  it('returns invalid on backendUrl, naming the rebuild, for an address outside the built allowlist', () => {
    // Prepare: this bundle was built for https://api.test; its manifest allows only that address.
    const { a, standIn } = demoSheet();
    // Act
    const result = a.call<Result<SavedSettings>>(
      'saveSettings',
      input({ backendUrl: 'https://duebook.other-office.example' }),
    );
    const under = a.call<Result<SavedSettings>>('saveSettings', input({ backendUrl: 'https://api.test/' }));
    // Assess
    expect(result.ok).toBe(false);
    const error = result.ok ? undefined : result.error;
    expect(error?.kind).toBe('invalid');
    expect(error?.fields).toEqual([
      {
        field: 'backendUrl',
        message: expect.stringContaining(
          'DUEBOOK_BACKEND_URL=https://duebook.other-office.example npm run build:addon',
        ),
      },
    ]);
    expect(error?.fields?.[0]?.message).toContain('built for https://api.test');
    expect(standIn.settingsBodies).toHaveLength(1);
    expect(under.ok).toBe(true);
    expect(JSON.parse(a.gas.documentProperties.get('duebook.settings')!).backendUrl).toBe('https://api.test');
  });

  it.each([404, 405])('returns the local save with a notice when the backend answers %i', (code) => {
    const { a, standIn } = demoSheet({ settingsStatus: code });
    const saved = expectOk(a.call<Result<SavedSettings>>('saveSettings', input({ retentionDays: 30 })));
    expect(standIn.settingsBodies).toHaveLength(1);
    expect(saved.notice).toMatch(/backend did not take the office settings/);
    expect(JSON.parse(a.gas.documentProperties.get('duebook.settings')!).retentionDays).toBe(30);
  });

  it('returns invalid naming each field for days out of order, a repeated stage and bad retention', () => {
    const { a, standIn } = demoSheet();
    const result = a.call<Result<SavedSettings>>(
      'saveSettings',
      input({
        ladder: [
          { stage: 'courtesy', daysPastDue: -3, channel: 'email' },
          { stage: 'reminder-1', daysPastDue: 1, channel: 'email' },
          { stage: 'reminder-1', daysPastDue: 1, channel: 'fax' },
          { stage: 'final', daysPastDue: 0.5, channel: 'letter' },
        ],
        retentionDays: -1,
      }),
    );
    expect(result.ok).toBe(false);
    const fields = result.ok ? [] : (result.error.fields ?? []).map((f) => f.field);
    expect(fields).toEqual([
      'ladder.2.stage',
      'ladder.2.daysPastDue',
      'ladder.2.channel',
      'ladder.3.daysPastDue',
      'retentionDays',
    ]);
    expect(standIn.settingsBodies).toEqual([]);
  });

  it('returns invalid on a stage name the backend cannot key, before posting anything', () => {
    const { a, standIn } = demoSheet();
    const result = a.call<Result<SavedSettings>>(
      'saveSettings',
      input({ ladder: [{ stage: 'reminder#1', daysPastDue: 1, channel: 'email' }] }),
    );
    expect(result.ok ? [] : result.error.fields?.map((f) => f.field)).toEqual(['ladder.0.stage']);
    expect(standIn.settingsBodies).toEqual([]);
  });

  it('takes negative days before due and strictly increasing days', () => {
    const { a } = demoSheet();
    const saved = expectOk(
      a.call<Result<SavedSettings>>(
        'saveSettings',
        input({
          ladder: [
            { stage: 'courtesy', daysPastDue: -7, channel: 'email' },
            { stage: 'due', daysPastDue: 0, channel: 'email' },
            { stage: 'handover', daysPastDue: 90, channel: 'letter' },
          ],
        }),
      ),
    );
    expect(saved.ladder.map((s) => s.daysPastDue)).toEqual([-7, 0, 90]);
  });
});

describe('returned mail', () => {
  it('returns a Contact Changes row with an empty new value and sets mail-returned, address kept', () => {
    const { a, standIn } = demoSheet();
    const customers = a.gas.sheet('Customers')!;
    const at = customers.column('Customer ID').indexOf('C-1002');
    const address = customers.column('Address')[at];
    const saved = expectOk(
      a.call<Result<Saved>>('markContactChanged', {
        customerId: 'C-1002',
        field: 'address',
        newValue: '',
        source: 'mail-returned',
      }),
    );
    expect(customers.column('Address')[at]).toBe(address);
    expect(String(customers.column('Flags')[at])).toContain('mail-returned');
    const changes = a.gas.sheet('Contact Changes')!;
    const header = changes.header();
    const row = changes.rows[saved.row! - 1]!;
    expect(row[header.indexOf('Old Value')]).toBe(address);
    expect(row[header.indexOf('New Value')]).toBe('');
    expect(row[header.indexOf('Source')]).toBe('mail-returned');
    expect(standIn.syncBodies.map((b) => b.tab)).toEqual(['Customers', 'Contact Changes']);
  });

  it('logs a change once: saying it again (a retry) is refused and appends no second row', () => {
    const { a } = demoSheet();
    const change = {
      customerId: 'C-1002',
      field: 'email',
      newValue: 'New.Address@example.com',
      source: 'customer',
    };
    expectOk(a.call<Result<Saved>>('markContactChanged', change));
    const rows = a.gas.sheet('Contact Changes')!.lastRow();
    const again = a.call<Result<Saved>>('markContactChanged', {
      ...change,
      newValue: 'new.address@example.com',
    });
    expect(again).toMatchObject({ ok: false, error: { kind: 'invalid', fields: [{ field: 'newValue' }] } });
    expect(a.gas.sheet('Contact Changes')!.lastRow()).toBe(rows);
    const returned = { customerId: 'C-1002', field: 'address', newValue: '', source: 'mail-returned' };
    expectOk(a.call<Result<Saved>>('markContactChanged', returned));
    expect(a.call<Result<Saved>>('markContactChanged', returned)).toMatchObject({ ok: false });
    expect(a.gas.sheet('Contact Changes')!.lastRow()).toBe(rows + 1);
  });

  it.each(['clerk', 'customer', 'skip-trace'])(
    'returns invalid newValue for an empty value from %s',
    (source) => {
      const { a } = demoSheet();
      const before = a.gas.sheet('Contact Changes')!.lastRow();
      const result = a.call<Result<Saved>>('markContactChanged', {
        customerId: 'C-1002',
        field: 'address',
        newValue: '  ',
        source,
      });
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'invalid', fields: [{ field: 'newValue' }] },
      });
      expect(a.gas.sheet('Contact Changes')!.lastRow()).toBe(before);
    },
  );
});

describe('deceased purge at the start of a sync', () => {
  /** The demo with C-1006 (flagged deceased) told of the death on `deceasedOn`. */
  function withDeath(deceasedOn: string, retentionDays?: number, options: StandInOptions = {}) {
    const customers = demo.Customers!.map((r) => [...r]);
    const header = customers[0]!.map(String);
    const at = customers.findIndex((r) => r[0] === 'C-1006');
    customers[at]![header.indexOf('Deceased On')] = deceasedOn;
    const { a, standIn } = demoSheet({ ...options, tabs: { Customers: customers } });
    if (retentionDays !== undefined)
      a.gas.documentProperties.set(
        'duebook.settings',
        JSON.stringify({ backendUrl: 'https://api.test', retentionDays }),
      );
    return { a, standIn, row: at + 1 };
  }

  it('returns the purge in the progress message, the sheet purged and the purged rows sent', () => {
    // Prepare: the death was learned 2025-10-01, 418 days before AS_OF; retention 365 days.
    const { a, standIn, row } = withDeath('2025-10-01');
    const invoices = a.gas.sheet('Invoices')!;
    const amountsBefore = invoices.column('Amount');
    // Act
    const progress = expectOk(a.call<Result<SyncProgress>>('startSync'));
    // Assess
    expect(progress.message).toMatch(/Purged the personal data of 1 deceased customer \(C-1006\)/);
    const customers = a.gas.sheet('Customers')!;
    const h = customers.header();
    expect(customers.rows[row - 1]!.slice(h.indexOf('Name'), h.indexOf('Address') + 1)).toEqual([
      'Deceased customer C-1006',
      '',
      '',
      '',
    ]);
    const inv = invoices.column('Invoice ID').indexOf('INV-260010');
    expect(invoices.column('Description')[inv]).toBe('');
    expect(invoices.column('Amount')).toEqual(amountsBefore);
    const activity = a.gas.sheet('Activity')!;
    expect(activity.column('Note')[activity.column('Activity ID').indexOf('ACT-0029')]).toBe('');
    const purgeRow = activity.column('Outcome').indexOf('personal-data-purged');
    expect(activity.column('Customer ID')[purgeRow]).toBe('C-1006');
    expect(String(activity.column('Duebook Row Key')[purgeRow])).not.toBe('');
    // What went to the backend is the purged sheet.
    const sentCustomers = standIn.syncBodies.find((b) => b.tab === 'Customers')!;
    const sentRow = sentCustomers.rowNumbers.indexOf(row);
    expect(sentCustomers.columns[sentCustomers.header.indexOf('Name')]![sentRow]).toBe(
      'Deceased customer C-1006',
    );
    const sentActivity = standIn.syncBodies.filter((b) => b.tab === 'Activity');
    expect(sentActivity.flatMap((b) => b.columns[b.header.indexOf('Outcome')]!)).toContain(
      'personal-data-purged',
    );
    // A second sync purges nothing more.
    a.gas.resetCalls();
    const again = expectOk(a.call<Result<SyncProgress>>('startSync'));
    expect(again.message).not.toMatch(/Purged/);
    expect(activity.column('Outcome').filter((o) => o === 'personal-data-purged')).toHaveLength(1);
  });

  it('purges nothing, and says why, when the Activity tab cannot record the purge', () => {
    const { a } = withDeath('2025-10-01');
    const activity = a.gas.sheet('Activity')!;
    activity.set(1, activity.header().indexOf('Outcome') + 1, 'Result');
    const progress = expectOk(a.call<Result<SyncProgress>>('startSync'));
    expect(progress.message).toContain('not purged: the Activity tab has no "Outcome" column');
    expect(a.gas.sheet('Customers')!.column('Name')).toContain('Estate of Margaret Hollis');
  });

  it("keeps a customer the backend's archive of sent messages still holds, and says why", () => {
    // Prepare: a message went to C-1006 on 2025-06-02; its copy is kept until 2028-06-01.
    const asked: string[] = [];
    const { a, standIn } = withDeath('2025-10-01', undefined, {
      get: (path, query) => {
        if (path !== '/v1/retention-holds') return undefined;
        asked.push(query.get('customers') ?? '');
        return {
          status: 200,
          body: {
            holds: [{ customerId: 'C-1006', heldUntil: '2028-06-01', lastSentAt: '2025-06-02T14:00:00Z' }],
          },
        };
      },
    });
    // Act
    const progress = expectOk(a.call<Result<SyncProgress>>('startSync'));
    // Assess: asked once, about the one customer due; nothing purged; the reason shown.
    expect(asked).toEqual(['C-1006']);
    expect(progress.message).not.toMatch(/Purged/);
    expect(progress.message).toContain(
      'Kept for the archive of sent messages: C-1006 (copies of messages sent are kept until 2028-06-01)',
    );
    expect(a.gas.sheet('Customers')!.column('Name')).toContain('Estate of Margaret Hollis');
    const sentActivity = standIn.syncBodies.filter((b) => b.tab === 'Activity');
    expect(sentActivity.flatMap((b) => b.columns[b.header.indexOf('Outcome')]!)).not.toContain(
      'personal-data-purged',
    );
  });

  it('purges nothing, and says why, when the backend cannot say which customers the archive holds', () => {
    const { a } = withDeath('2025-10-01', undefined, {
      get: (path) =>
        path === '/v1/retention-holds'
          ? { status: 503, body: { error: { code: 'HTTP.503', message: 'unavailable' } } }
          : undefined,
    });
    const progress = expectOk(a.call<Result<SyncProgress>>('startSync'));
    expect(progress.message).toContain(
      "not purged: Duebook could not say which customers' sent messages it still keeps (HTTP 503)",
    );
    expect(a.gas.sheet('Customers')!.column('Name')).toContain('Estate of Margaret Hollis');
  });

  it('leaves a customer inside the retention period alone', () => {
    const { a } = withDeath('2025-10-01', 500);
    const progress = expectOk(a.call<Result<SyncProgress>>('startSync'));
    expect(progress.message).not.toMatch(/Purged/);
    const customers = a.gas.sheet('Customers')!;
    expect(customers.column('Name')).toContain('Estate of Margaret Hollis');
  });
});

describe('customer invoices for the payment dialog', () => {
  it("returns the customer's open invoices from the sheet, oldest first", () => {
    const { a } = demoSheet();
    const invoices = expectOk(a.call<Result<CustomerPanel['openInvoices']>>('customerInvoices', 'C-1019'));
    expect(invoices.map((i) => i.invoiceId)).toEqual(['INV-260025', 'INV-260065']);
    expect(invoices[0]).toMatchObject({
      dueDate: '2026-08-13',
      daysPastDue: 102,
      open: { minor: 93_000, text: 'USD 930.00' },
    });
    expect(a.gas.requests).toEqual([]);
  });

  it('returns invalid customerId for a customer not on the Customers tab', () => {
    const { a } = demoSheet();
    expect(a.call('customerInvoices', 'C-9999')).toMatchObject({
      ok: false,
      error: { kind: 'invalid', fields: [{ field: 'customerId' }] },
    });
    expect(a.call('customerInvoices', ' ')).toMatchObject({
      ok: false,
      error: { kind: 'invalid', fields: [{ field: 'customerId' }] },
    });
  });
});
