// Tests for the hand-over: candidates from the day's plan, placement refusals and rows, the packet.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../cli/read-ledger.js';
import { type CollectionPlan, planCollections } from '../../core/collections/collection-plan.js';
import { CHANNELS } from '../../core/collections/contact-rules.js';
import { DEFAULT_POLICY } from '../../core/collections/dunning-policy.js';
import type { Block } from '../../core/documents/document.js';
import { buildBook } from '../../core/ledger/book.js';
import { addDays } from '../../core/ledger/dates.js';
import type { Activity, Customer, Ledger } from '../../core/ledger/ledger.js';
import { handoverCandidates, placeAccount, placementRefusals } from '../../core/lifecycle/handover.js';
import {
  buildHandoverPacket,
  csvField,
  HANDOVER_CSV_COLUMNS,
  majorUnits,
} from '../../core/lifecycle/handover-packet.js';
import { applyLedgerChanges } from '../../core/lifecycle/tracing.js';
import { adjustment, customer, invoice, ledgerOf, payment } from '../support/ledger-builders.js';

const asOf = '2026-11-23';
/** 15:00 UTC: inside the contact window in Chicago. */
const now = Date.parse('2026-11-23T15:00:00Z');
const due = (dpd: number) => addDays(asOf, -dpd);
const office = { name: 'Harbor Clinic', phone: '+1 555-0100', email: 'billing@harbor.example' };

const debtor = (customerId: string, over: Partial<Customer> = {}): Customer =>
  customer(customerId, {
    name: `Debtor ${customerId}`,
    email: `${customerId.toLowerCase()}@example.com`,
    phone: '555-0100',
    address: '1 Main St',
    timeZone: 'America/Chicago',
    ...over,
  });

let seq = 0;
const contact = (customerId: string, date: string, over: Partial<Activity> = {}): Activity => ({
  row: 0,
  activityId: `A-${++seq}`,
  customerId,
  date,
  type: 'email',
  direction: 'outbound',
  ...over,
});

const plan = (ledger: Ledger): CollectionPlan =>
  planCollections({
    ledger,
    book: buildBook(ledger, asOf),
    policy: DEFAULT_POLICY,
    asOf,
    now,
    defaultTimeZone: 'America/Chicago',
  });

const candidates = (ledger: Ledger) =>
  handoverCandidates({ ledger, book: buildBook(ledger, asOf), plan: plan(ledger), policy: DEFAULT_POLICY });

/** Text of the blocks a packet uses, for looking up what a document says. */
const textOf = (blocks: readonly Block[]): string =>
  blocks
    .map((b) => {
      if (b.kind === 'heading' || b.kind === 'paragraph') return b.text;
      if (b.kind === 'lines') return b.lines.join('\n');
      if (b.kind === 'fields') return b.rows.map(([l, v]) => `${l}: ${v}`).join('\n');
      if (b.kind === 'table') return b.rows.map((r) => r.join(' | ')).join('\n');
      return '';
    })
    .join('\n');

const tableAfter = (blocks: readonly Block[], heading: string) => {
  const i = blocks.findIndex((b) => b.kind === 'heading' && b.text === heading);
  const table = blocks[i + 1];
  if (table?.kind !== 'table') throw new Error(`no table after "${heading}"`);
  return table;
};

describe('core/handover', () => {
  describe('the placed flag', () => {
    it('blocks every channel of internal dunning, whatever stage is due', () => {
      // Prepare: one customer at each stage of the default ladder, all placed.
      const dpds = [-2, 1, 20, 35, 65, 80, 95];
      const ledger = ledgerOf({
        customers: dpds.map((_, i) => debtor(`C-${i}`, { flags: ['placed'], dunning: 'catch-up' })),
        invoices: dpds.map((d, i) =>
          invoice(`INV-${i}`, `C-${i}`, due(d), 10_000, { invoiceDate: due(d + 30) }),
        ),
      });
      // Act
      const result = plan(ledger);
      // Assess
      expect(result.actions).toEqual([]);
      expect(new Set(result.blocked.map((b) => b.customerId)).size).toBe(dpds.length);
      expect(result.blocked.every((b) => b.rule === 'flag/placed')).toBe(true);
      expect(new Set(result.blocked.map((b) => b.channel))).toEqual(new Set(CHANNELS));
    });

    it('stops dunning from the day placeAccount’s rows are applied', () => {
      const ledger = ledgerOf({
        customers: [debtor('C-1', { dunning: 'catch-up' })],
        invoices: [invoice('INV-1', 'C-1', due(40), 50_000)],
      });
      expect(plan(ledger).actions.map((a) => a.channel)).toEqual(['email', 'call']);
      const placed = placeAccount(ledger, 'C-1', { with: 'Acme Recovery', on: asOf });
      if (!placed.ok) throw new Error(placed.refusals[0]!.reason);
      const after = plan(applyLedgerChanges(ledger, placed.changes));
      expect(after.actions).toEqual([]);
      expect(after.blocked.map((b) => b.rule)).toEqual(['flag/placed', 'flag/placed']);
    });
  });

  describe('handoverCandidates', () => {
    it('returns accounts whose next stage is the hand-over, due or already noticed, with why', () => {
      // Prepare
      const ledger = ledgerOf({
        customers: [
          debtor('C-DUE', { dunning: 'catch-up' }),
          debtor('C-MAIL', { dunning: 'catch-up', flags: ['mail-returned'] }),
          debtor('C-SENT'),
          debtor('C-OLDSENT'),
          debtor('C-EARLY', { dunning: 'catch-up' }),
          debtor('C-PLACED', { dunning: 'catch-up', flags: ['placed'] }),
          debtor('C-DISPUTE', { dunning: 'catch-up', flags: ['dispute'] }),
        ],
        invoices: [
          invoice('INV-DUE', 'C-DUE', due(95), 120_000),
          invoice('INV-MAIL', 'C-MAIL', due(100), 30_000),
          invoice('INV-SENT', 'C-SENT', due(110), 40_000),
          invoice('INV-OLDSENT', 'C-OLDSENT', due(20), 40_000),
          invoice('INV-EARLY', 'C-EARLY', due(60), 40_000),
          invoice('INV-PLACED', 'C-PLACED', due(95), 40_000),
          invoice('INV-DISPUTE', 'C-DISPUTE', due(95), 40_000),
        ],
        activity: [
          contact('C-SENT', due(10), { type: 'letter', stage: 'handover' }),
          // A hand-over notice from an earlier cycle (before the open item fell due) does not count.
          contact('C-OLDSENT', due(200), { type: 'letter', stage: 'handover' }),
        ],
      });
      // Act
      const list = candidates(ledger);
      // Assess
      expect(
        list.map((c) => [c.customerId, c.status, c.noticeBlockedBy, c.refusals.map((r) => r.rule)]),
      ).toEqual([
        ['C-DISPUTE', 'due', ['flag/dispute'], ['handover/dispute']],
        ['C-DUE', 'due', [], []],
        ['C-MAIL', 'due', ['flag/mail-returned'], []],
        ['C-SENT', 'notice-sent', [], []],
      ]);
      const sent = list.find((c) => c.customerId === 'C-SENT')!;
      expect(sent.noticeSentOn).toBe(due(10));
      expect(sent.explanation.summary).toBe(
        `Debtor C-SENT (C-SENT): the hand-over notice ("handover") went out on ${due(10)} and the account was not placed; it may be placed. ` +
          'Note: no final notice went out this cycle, so the customer has not been told the account will be handed over; consider sending one first.',
      );
      const dueOne = list.find((c) => c.customerId === 'C-DUE')!;
      expect(dueOne.balances).toEqual([{ currency: 'USD', balanceMinor: 120_000 }]);
      expect(dueOne.explanation).toMatchObject({
        rule: 'handover/due',
        policyVersion: DEFAULT_POLICY.version,
      });
      expect(list.find((c) => c.customerId === 'C-DISPUTE')!.explanation.summary).toContain(
        'it may not be placed: the customer disputes the debt',
      );
    });

    it('notes when no final notice went out this cycle, and gives its date when one did', () => {
      // Prepare: both reached hand-over; only C-NOTICED was sent the final demand (after its item fell due).
      const ledger = ledgerOf({
        customers: [
          debtor('C-SILENT', { dunning: 'catch-up' }),
          debtor('C-NOTICED', { dunning: 'catch-up' }),
        ],
        invoices: [
          invoice('INV-S', 'C-SILENT', due(95), 10_000),
          invoice('INV-N', 'C-NOTICED', due(95), 10_000),
        ],
        activity: [
          contact('C-SILENT', due(200), { type: 'letter', stage: 'final-demand' }),
          contact('C-NOTICED', due(20), { type: 'letter', stage: 'final-demand' }),
        ],
      });
      // Act
      const list = candidates(ledger);
      // Assess: a final notice from before the cycle (C-SILENT's) does not count.
      const silent = list.find((c) => c.customerId === 'C-SILENT')!;
      const noticed = list.find((c) => c.customerId === 'C-NOTICED')!;
      expect(silent.warnings).toHaveLength(1);
      expect(silent.finalNoticeOn).toBeUndefined();
      expect(silent.explanation.summary).toContain('Note: no final notice went out this cycle');
      expect(noticed.warnings).toEqual([]);
      expect(noticed.finalNoticeOn).toBe(due(20));
      expect(noticed.explanation.inputs.finalNoticeOn).toBe(due(20));
    });

    it('never lists an account short of the hand-over stage (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: -5, max: 89 }), (dpd) => {
          const ledger = ledgerOf({
            customers: [debtor('C-1', { dunning: 'catch-up' })],
            invoices: [invoice('INV-1', 'C-1', due(dpd), 10_000)],
          });
          expect(candidates(ledger)).toEqual([]);
        }),
      );
    });
  });

  describe('placementRefusals and placeAccount', () => {
    const base = (over: Partial<Customer> = {}) =>
      ledgerOf({ customers: [debtor('C-1', over)], invoices: [invoice('INV-1', 'C-1', due(95), 20_000)] });

    it.each<[string, Partial<Customer>, string]>([
      [
        'already placed',
        { flags: ['placed'], placedWith: 'Acme', placedOn: '2026-10-01' },
        'handover/already-placed',
      ],
      ['disputed', { flags: ['dispute'] }, 'handover/dispute'],
      ['in bankruptcy', { flags: ['bankruptcy'] }, 'handover/bankruptcy'],
    ])('refuses an account %s', (_label, over, rule) => {
      const ledger = base(over);
      const result = placeAccount(ledger, 'C-1', { with: 'Other Agency', on: asOf });
      expect(result).toMatchObject({ ok: false, refusals: [{ rule }] });
    });

    it('names the agency and date of an earlier placement', () => {
      const ledger = base({ flags: ['placed'], placedWith: 'Acme', placedOn: '2026-10-01' });
      expect(placementRefusals(ledger, ledger.customers[0]!, { asOf })[0]!.reason).toBe(
        'the account is already placed with Acme since 2026-10-01',
      );
    });

    it('refuses an account with nothing owed, or with only disputed invoices open', () => {
      const paid = ledgerOf({
        customers: [debtor('C-1')],
        invoices: [invoice('INV-1', 'C-1', due(95), 20_000)],
        payments: [payment('P-1', 'C-1', due(5), 20_000)],
      });
      const disputed = ledgerOf({
        customers: [debtor('C-1')],
        invoices: [invoice('INV-1', 'C-1', due(95), 20_000, { status: 'disputed' })],
      });
      expect(placeAccount(paid, 'C-1', { with: 'Acme', on: asOf })).toEqual({
        ok: false,
        refusals: [{ rule: 'handover/nothing-owed', reason: 'nothing is owed as of 2026-11-23' }],
      });
      expect(placeAccount(disputed, 'C-1', { with: 'Acme', on: asOf })).toEqual({
        ok: false,
        refusals: [
          {
            rule: 'handover/only-disputed',
            reason: 'only disputed invoices are open (USD 200.00); resolve them first',
          },
        ],
      });
    });

    it('refuses while a promise is pending or a plan is in good standing', () => {
      const ledger: Ledger = {
        ...base(),
        promises: [
          {
            row: 0,
            promiseId: 'PR-1',
            customerId: 'C-1',
            takenOn: due(3),
            promisedDate: addDays(asOf, 5),
            amountMinor: 5_000,
            currency: 'USD',
            cancelled: false,
          },
        ],
        plans: [
          {
            row: 0,
            planId: 'PL-1',
            customerId: 'C-1',
            startDate: addDays(asOf, 10),
            totalMinor: 20_000,
            currency: 'USD',
            installments: 4,
            frequency: 'monthly',
            graceDays: 5,
            cancelled: false,
          },
        ],
      };
      const result = placeAccount(ledger, 'C-1', { with: 'Acme', on: asOf });
      expect(result.ok === false && result.refusals.map((r) => r.rule)).toEqual([
        'handover/promise-pending',
        'handover/plan-in-good-standing',
      ]);
    });

    it('returns the flag, the placement fields and an Activity row, leaving the ledger as it was', () => {
      // Prepare: an undisputed and a disputed invoice.
      const ledger = ledgerOf({
        customers: [debtor('C-1', { flags: ['mail-returned'] })],
        invoices: [
          invoice('INV-1', 'C-1', due(95), 20_000),
          invoice('INV-2', 'C-1', due(50), 7_500, { status: 'disputed' }),
        ],
        activity: [contact('C-1', due(1), { activityId: 'HO-20261123-3', type: 'note' })],
      });
      // Act
      const result = placeAccount(ledger, 'C-1', {
        with: ' Acme Recovery ',
        on: asOf,
        by: 'jo',
        stage: 'handover',
      });
      // Assess
      if (!result.ok) throw new Error(result.refusals[0]!.reason);
      expect(result.changes.updated.customers).toEqual([
        {
          ...ledger.customers[0],
          flags: ['mail-returned', 'placed'],
          placedWith: 'Acme Recovery',
          placedOn: asOf,
        },
      ]);
      expect(result.activity).toEqual({
        row: 0,
        activityId: 'HO-20261123-4',
        customerId: 'C-1',
        date: asOf,
        type: 'note',
        direction: 'outbound',
        stage: 'handover',
        outcome: 'placed',
        note: 'Placed with Acme Recovery on 2026-11-23: USD 200.00 undisputed; disputed invoices (USD 75.00) stay with the office.',
        by: 'jo',
      });
      expect(result.changes.added.activity).toEqual([result.activity]);
      expect(ledger.customers[0]!.flags).toEqual(['mail-returned']);
      // Placing again is refused.
      const again = placeAccount(applyLedgerChanges(ledger, result.changes), 'C-1', {
        with: 'Acme',
        on: asOf,
      });
      expect(again).toMatchObject({ ok: false, refusals: [{ rule: 'handover/already-placed' }] });
    });

    it('throws for an unknown customer or a blank agency', () => {
      expect(() => placeAccount(base(), 'C-9', { with: 'Acme', on: asOf })).toThrow('no customer "C-9"');
      expect(() => placeAccount(base(), 'C-1', { with: ' ', on: asOf })).toThrow(
        'needs the attorney or agency',
      );
    });
  });

  describe('buildHandoverPacket', () => {
    const full = (): Ledger =>
      ledgerOf({
        customers: [
          debtor('C-1', {
            name: '=HYPERLINK("http://evil")',
            flags: ['attorney', 'mail-returned'],
            address: '2 Oak Ave',
          }),
          debtor('C-2'),
        ],
        invoices: [
          invoice('INV-1', 'C-1', due(120), 100_000, {
            invoiceDate: due(150),
            description: 'visit: knee MRI',
          }),
          invoice('INV-2', 'C-1', due(45), 25_050),
          invoice('INV-3', 'C-1', due(10), 9_900, { status: 'disputed' }),
          invoice('INV-J', 'C-1', due(70), 150_000, { currency: 'JPY' }),
          invoice('INV-X', 'C-2', due(70), 1_000),
        ],
        adjustments: [
          adjustment('LF-INV-1', 'C-1', 'late-fee', due(100), 2_500, {
            invoiceId: 'INV-1',
            policy: 'late-fee/v1',
          }),
          adjustment('LF-INV-2', 'C-1', 'late-fee', due(30), 2_500, {
            invoiceId: 'INV-2',
            waivedOn: due(20),
          }),
        ],
        payments: [
          payment('P-1', 'C-1', due(110), 30_000, { method: 'check', reference: '1001' }),
          payment('P-2', 'C-1', due(60), 10_000, { status: 'returned', returnedDate: due(55) }),
          payment('P-LATER', 'C-1', addDays(asOf, 1), 5_000),
        ],
        promises: [
          {
            row: 0,
            promiseId: 'PR-1',
            customerId: 'C-1',
            takenOn: due(115),
            promisedDate: due(110),
            amountMinor: 30_000,
            currency: 'USD',
            cancelled: false,
          },
          {
            row: 0,
            promiseId: 'PR-2',
            customerId: 'C-1',
            takenOn: due(70),
            promisedDate: due(60),
            amountMinor: 10_000,
            currency: 'USD',
            cancelled: false,
            note: 'said payday is the 15th',
          },
        ],
        plans: [
          {
            row: 0,
            planId: 'PL-1',
            customerId: 'C-1',
            startDate: due(90),
            totalMinor: 60_000,
            currency: 'USD',
            installments: 3,
            frequency: 'monthly',
            graceDays: 5,
            cancelled: false,
            note: 'agreed by phone',
          },
        ],
        activity: [
          contact('C-1', due(30), { type: 'call', outcome: 'no answer', by: 'jo' }),
          contact('C-1', due(119), { stage: 'reminder-1' }),
          contact('C-2', due(5), { note: 'someone else' }),
        ],
        contactChanges: [
          {
            row: 2,
            changeId: 'CH-1',
            customerId: 'C-1',
            date: due(40),
            field: 'address',
            oldValue: '1 Main St',
            newValue: '2 Oak Ave',
            source: 'skip-trace',
            by: 'sam',
          },
        ],
      });

    it('builds a document with the balance, aging, items, fees, payments, promises, contacts, flags and changes', () => {
      // Act
      const { document } = buildHandoverPacket(full(), 'C-1', { asOf, placedWith: 'Acme Recovery', office });
      const text = textOf(document.blocks);
      // Assess
      expect(document.title).toBe('Account hand-over: =HYPERLINK("http://evil") (C-1)');
      expect(document.footer).toBe('Harbor Clinic: hand-over of C-1 to Acme Recovery, as of 2026-11-23');
      expect(tableAfter(document.blocks, 'Balance').rows).toEqual([
        ['JPY', '0', '0', '0', '150,000', '0', '0', '150,000'],
        // 90+: INV-1 1,000.00 - P-1 300.00 + fee 25.00 (the returned P-2 counts for nothing).
        ['USD', '0.00', '99.00', '250.50', '0.00', '725.00', '0.00', '1,074.50'],
      ]);
      expect(
        tableAfter(document.blocks, 'Open items').rows.map((r) => [r[0], r[1], r[3], r[5], r[6]]),
      ).toEqual([
        ['INV-J', 'invoice', '70', 'JPY 150,000', 'open'],
        ['INV-1', 'invoice', '120', 'USD 700.00', 'open'],
        ['LF-INV-1', 'late-fee', '100', 'USD 25.00', 'open'],
        ['INV-2', 'invoice', '45', 'USD 250.50', 'open'],
        ['INV-3', 'invoice', '10', 'USD 99.00', 'disputed: not for collection'],
      ]);
      expect(text).toContain(
        'The customer disputes INV-3. These stay with Harbor Clinic until the dispute is resolved',
      );
      expect(tableAfter(document.blocks, 'Fees, interest and credits').rows.map((r) => r[5])).toEqual([
        'in force',
        `waived ${due(20)}`,
      ]);
      expect(tableAfter(document.blocks, 'Payments').rows).toEqual([
        [due(110), 'P-1', 'USD 300.00', 'check', '1001', 'INV-1', 'posted'],
        [due(60), 'P-2', 'USD 100.00', '', '', 'INV-1', `returned ${due(55)}`],
      ]);
      expect(tableAfter(document.blocks, 'Promises to pay').rows.map((r) => [r[1], r[5], r[6]])).toEqual([
        ['PR-1', 'kept', ''],
        ['PR-2', 'broken', '(office note withheld: not marked shareable)'],
      ]);
      // P-1 falls within a period before the plan's first due date, so it counts; the returned P-2 does not.
      expect(tableAfter(document.blocks, 'Payment plans').rows).toEqual([
        [
          due(90),
          'PL-1',
          'USD 600.00',
          '3 monthly',
          'USD 300.00',
          'broken',
          '(office note withheld: not marked shareable)',
        ],
      ]);
      expect(
        tableAfter(document.blocks, 'Contact history').rows.map((r) => [r[0], r[1], r[3], r[4]]),
      ).toEqual([
        [due(119), 'email', 'reminder-1', ''],
        [due(30), 'call', '', 'no answer'],
      ]);
      expect(tableAfter(document.blocks, 'Flags').rows.map((r) => r[0])).toEqual([
        'attorney',
        'mail-returned',
      ]);
      expect(tableAfter(document.blocks, 'Contact detail changes').rows).toEqual([
        [due(40), 'address', '1 Main St', '2 Oak Ave', 'skip-trace', 'sam', 'in force'],
      ]);
      expect(text).toContain('Address: 2 Oak Ave');
      // Never another customer's rows, a payment dated later, or an invoice description.
      expect(text).not.toContain('someone else');
      expect(text).not.toContain('P-LATER');
      expect(text).not.toContain('knee');
    });

    it('writes one CSV with a section per record, amounts in major units and formulas defused', () => {
      // Act
      const { csv } = buildHandoverPacket(full(), 'C-1', { asOf, placedWith: 'Acme Recovery', office });
      const rows = parseCsv(csv);
      // Assess
      expect(csv.endsWith('\r\n')).toBe(true);
      expect(rows[0]).toEqual([...HANDOVER_CSV_COLUMNS]);
      const cell = (row: string[], column: (typeof HANDOVER_CSV_COLUMNS)[number]) =>
        row[HANDOVER_CSV_COLUMNS.indexOf(column)];
      const section = (name: string) => rows.filter((r) => r[0] === name);
      expect(
        rows
          .slice(1)
          .every((r) => r.length === HANDOVER_CSV_COLUMNS.length && cell(r, 'Customer ID') === 'C-1'),
      ).toBe(true);
      expect(cell(section('customer')[0]!, 'Detail')).toBe(`'=HYPERLINK("http://evil")`);
      expect(section('balance').map((r) => [cell(r, 'Currency'), cell(r, 'Amount')])).toEqual([
        ['JPY', '150000'],
        ['USD', '1074.50'],
      ]);
      expect(
        section('open-item').map((r) => [cell(r, 'Record ID'), cell(r, 'Status'), cell(r, 'Open Amount')]),
      ).toEqual([
        ['INV-J', 'open', '150000'],
        ['INV-1', 'open', '700.00'],
        ['LF-INV-1', 'open', '25.00'],
        ['INV-2', 'open', '250.50'],
        ['INV-3', 'disputed', '99.00'],
      ]);
      expect(
        section('aging')
          .filter((r) => cell(r, 'Currency') === 'USD')
          .map((r) => cell(r, 'Amount')),
      ).toEqual(['0.00', '99.00', '250.50', '0.00', '725.00']);
      expect(section('payment').map((r) => cell(r, 'Status'))).toEqual(['posted', `returned ${due(55)}`]);
      expect(section('promise').map((r) => cell(r, 'Status'))).toEqual(['kept', 'broken']);
      expect(section('activity')).toHaveLength(2);
      expect(
        section('plan').map((r) => [cell(r, 'Status'), cell(r, 'Amount'), cell(r, 'Open Amount')]),
      ).toEqual([['broken', '600.00', '300.00']]);
      expect(section('contact-change').map((r) => cell(r, 'Detail'))).toEqual([
        '"1 Main St" to "2 Oak Ave" from skip-trace by sam',
      ]);
      expect(section('flag').map((r) => cell(r, 'Type'))).toEqual(['attorney', 'mail-returned']);
    });
  });

  describe('csvField', () => {
    it.each([
      ['plain', 'plain'],
      ['a,b', '"a,b"'],
      ['say "hi"', '"say ""hi"""'],
      ['two\nlines', '"two\nlines"'],
      ['=1+2', "'=1+2"],
      ['+1 555-0100', "'+1 555-0100"],
      ['-cmd', "'-cmd"],
      ['@SUM(A1)', "'@SUM(A1)"],
      ['=A1,B1', `"'=A1,B1"`],
      ['-12.50', '-12.50'],
      [' padded', '" padded"'],
    ])('writes %j as %j', (input, expected) => {
      expect(csvField(input)).toBe(expected);
    });

    it('round-trips any text through the CSV reader, formulas aside', () => {
      fc.assert(
        fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (fields) => {
          const line = `${fields.map(csvField).join(',')}\r\n`;
          const back = parseCsv(line)[0]!;
          expect(back).toEqual(
            fields.map((f) => (/^[=+\-@\t\r]/.test(f) && !/^-?\d+(\.\d+)?$/.test(f) ? `'${f}` : f)),
          );
        }),
      );
    });
  });

  describe('majorUnits', () => {
    it.each([
      [123_450, 'USD', '1234.50'],
      [-5, 'USD', '-0.05'],
      [0, 'EUR', '0.00'],
      [1_500, 'JPY', '1500'],
      [1_234, 'KWD', '1.234'],
    ])('writes %d %s as %s', (minor, currency, expected) => {
      expect(majorUnits(minor, currency)).toBe(expected);
    });
  });
});
