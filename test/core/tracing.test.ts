// Tests for tracing: the effective contact details, the worklist, recording and undoing contact changes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContactChange, ContactField, Customer } from '../../core/ledger/ledger.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';
import {
  applyLedgerChanges,
  contactHistory,
  currentContact,
  nextId,
  recordContactChange,
  tracingWorklist,
  undoContactChange,
} from '../../core/lifecycle/tracing.js';
import { customer, invoice, ledgerOf, payment } from '../support/ledger-builders.js';

const asOf = '2026-11-23';

const person = (customerId: string, over: Partial<Customer> = {}): Customer =>
  customer(customerId, {
    email: `${customerId.toLowerCase()}@example.com`,
    phone: '555-0100',
    address: '1 Main St',
    ...over,
  });

let seq = 0;
const change = (
  customerId: string,
  field: ContactField,
  date: string,
  oldValue: string | undefined,
  newValue: string | undefined,
  over: Partial<ContactChange> = {},
): ContactChange => ({
  row: ++seq,
  changeId: `CH-${seq}`,
  customerId,
  date,
  field,
  oldValue,
  newValue,
  source: 'clerk',
  by: 'jo',
  ...over,
});

describe('core/tracing', () => {
  describe('currentContact', () => {
    it('returns the Customers row when no change touched a field', () => {
      // Prepare
      const c = person('C-1');
      // Act
      const current = currentContact(c, []);
      // Assess
      expect(current.email).toEqual({ value: 'c-1@example.com', from: undefined, rowDiffers: false });
      expect(current.address.value).toBe('1 Main St');
    });

    it('returns the newest change not undone, in date order whatever the row order', () => {
      const c = person('C-1', { email: 'b@example.com' });
      const later = change('C-1', 'email', '2026-10-05', 'a@example.com', 'b@example.com');
      const earlier = change('C-1', 'email', '2026-10-01', 'old@example.com', 'a@example.com');
      const current = currentContact(c, [later, earlier]);
      expect(current.email.value).toBe('b@example.com');
      expect(current.email.from).toEqual({ changeId: later.changeId, date: '2026-10-05', restored: false });
      expect(current.email.rowDiffers).toBe(false);
    });

    it('skips undone changes and falls back to the latest live one', () => {
      const c = person('C-1', { address: '2 Oak Ave' });
      const live = change('C-1', 'address', '2026-09-01', '1 Main St', '2 Oak Ave');
      const undone = change('C-1', 'address', '2026-10-01', '2 Oak Ave', '3 Elm Rd', {
        undoneOn: '2026-10-02',
      });
      expect(currentContact(c, [live, undone]).address.value).toBe('2 Oak Ave');
    });

    it('restores the value from before the first undone change when every change was undone', () => {
      const c = person('C-1', { phone: '555-0199' });
      const a = change('C-1', 'phone', '2026-09-01', '555-0100', '555-0150', { undoneOn: '2026-09-03' });
      const b = change('C-1', 'phone', '2026-09-02', '555-0150', '555-0199', { undoneOn: '2026-09-03' });
      const current = currentContact(c, [a, b]);
      expect(current.phone.value).toBe('555-0100');
      expect(current.phone.from).toEqual({ changeId: a.changeId, date: '2026-09-03', restored: true });
      expect(current.phone).toMatchObject({ rowDiffers: true, rowValue: '555-0199' });
    });

    it('lets the log win over a row edited without a change, and says the row differs', () => {
      const c = person('C-1', { email: 'typed-in-sheet@example.com' });
      const logged = change('C-1', 'email', '2026-10-01', 'c-1@example.com', 'logged@example.com');
      const current = currentContact(c, [logged]);
      expect(current.email).toMatchObject({
        value: 'logged@example.com',
        rowDiffers: true,
        rowValue: 'typed-in-sheet@example.com',
      });
    });

    it('ignores case and edge spaces when comparing an email with the row', () => {
      const c = person('C-1', { email: 'New@Example.com' });
      const logged = change('C-1', 'email', '2026-10-01', undefined, ' new@example.com ');
      expect(currentContact(c, [logged]).email.rowDiffers).toBe(false);
    });

    it("ignores other customers' changes", () => {
      const c = person('C-1');
      const other = change('C-2', 'email', '2026-10-01', undefined, 'x@example.com');
      expect(currentContact(c, [other]).email.value).toBe('c-1@example.com');
    });
  });

  describe('contactHistory', () => {
    it('returns the customer’s changes newest first', () => {
      const a = change('C-1', 'email', '2026-09-01', undefined, 'a@example.com');
      const b = change('C-1', 'phone', '2026-10-01', undefined, '555');
      const c = change('C-2', 'phone', '2026-11-01', undefined, '556');
      expect(contactHistory('C-1', [a, b, c]).map((x) => x.changeId)).toEqual([b.changeId, a.changeId]);
    });
  });

  describe('tracingWorklist', () => {
    const owing = (id: string, amount = 10_000) => invoice(`INV-${id}`, id, '2026-10-01', amount);

    it('returns bounced, returned-mail and blank-contact customers with the reasons, and no one else', () => {
      // Prepare
      const ledger = ledgerOf({
        customers: [
          person('C-OK'),
          person('C-BOUNCE', { flags: ['email-suppressed'] }),
          person('C-MAIL', { flags: ['mail-returned'] }),
          person('C-NOEMAIL', { email: undefined }),
          person('C-NOADDR', { address: '  ' }),
          person('C-PAID', { email: undefined, address: undefined }),
        ],
        invoices: ['C-OK', 'C-BOUNCE', 'C-NOEMAIL', 'C-NOADDR'].map((id) => owing(id)),
      });
      // Act
      const list = tracingWorklist(ledger, asOf);
      // Assess
      expect(list.map((e) => [e.customerId, e.reasons.map((r) => r.rule)])).toEqual([
        ['C-BOUNCE', ['trace/email-bounced']],
        ['C-NOADDR', ['trace/no-address']],
        ['C-NOEMAIL', ['trace/no-email']],
        ['C-MAIL', ['trace/mail-returned']],
      ]);
      expect(list[0]!.balances).toEqual([{ currency: 'USD', balanceMinor: 10_000 }]);
      expect(list[0]!.explanation).toBe(
        'Customer C-BOUNCE (C-BOUNCE) owes USD 100.00 and needs tracing: email to c-bounce@example.com bounced or was complained about.',
      );
      expect(list[3]!.explanation).toContain('owes nothing');
    });

    it('shows the contact details as they stood on the date: later changes and later undos not yet in force', () => {
      // Prepare: the address changed on 11-10 (undone on 11-25) and again on 11-30.
      const moved = change('C-1', 'address', '2026-11-10', '1 Old Rd', '2 New St', {
        undoneOn: '2026-11-25',
      });
      const later = change('C-1', 'address', '2026-11-30', '1 Old Rd', '3 Later Ave');
      const ledger = ledgerOf({
        customers: [person('C-1', { address: '3 Later Ave', flags: ['mail-returned'] })],
        invoices: [owing('C-1')],
        contactChanges: [moved, later],
      });
      // Act
      const onTheDay = tracingWorklist(ledger, asOf)[0]!;
      const afterwards = tracingWorklist(ledger, '2026-12-01')[0]!;
      // Assess
      expect(onTheDay.contact.address.value).toBe('2 New St');
      expect(onTheDay.history.map((h) => [h.changeId, h.undoneOn])).toEqual([[moved.changeId, undefined]]);
      expect(afterwards.contact.address.value).toBe('3 Later Ave');
      expect(afterwards.history.map((h) => h.changeId)).toEqual([later.changeId, moved.changeId]);
    });

    it('counts only what is owed as of the date: a customer paid in full is not traced for a blank email', () => {
      const ledger = ledgerOf({
        customers: [person('C-1', { email: undefined })],
        invoices: [owing('C-1')],
        payments: [payment('P-1', 'C-1', '2026-11-20', 10_000)],
      });
      expect(tracingWorklist(ledger, asOf)).toEqual([]);
      expect(tracingWorklist(ledger, '2026-11-19').map((e) => e.customerId)).toEqual(['C-1']);
    });

    it('leaves out deceased and placed customers', () => {
      const ledger = ledgerOf({
        customers: [
          person('C-D', { flags: ['deceased', 'email-suppressed'], email: undefined }),
          person('C-P', { flags: ['placed', 'mail-returned'] }),
        ],
        invoices: [owing('C-D'), owing('C-P')],
      });
      expect(tracingWorklist(ledger, asOf)).toEqual([]);
    });

    it('uses the effective contact: a blank row with a logged email is not traced, a row that differs is', () => {
      const ledger = ledgerOf({
        customers: [person('C-1', { email: undefined })],
        invoices: [owing('C-1')],
        contactChanges: [
          change('C-1', 'email', '2026-11-01', undefined, 'found@example.com', { source: 'skip-trace' }),
        ],
      });
      const [entry] = tracingWorklist(ledger, asOf);
      expect(entry!.reasons.map((r) => r.rule)).toEqual(['trace/row-differs']);
      expect(entry!.contact.email.value).toBe('found@example.com');
      expect(entry!.history[0]!.source).toBe('skip-trace');
    });

    it('puts the contact history newest first on each entry', () => {
      const ledger = ledgerOf({
        customers: [person('C-1', { flags: ['email-suppressed'], email: 'b@example.com' })],
        contactChanges: [
          change('C-1', 'email', '2026-08-01', undefined, 'a@example.com', { source: 'import' }),
          change('C-1', 'email', '2026-09-01', 'a@example.com', 'b@example.com', { source: 'customer' }),
        ],
      });
      const [entry] = tracingWorklist(ledger, asOf);
      expect(entry!.history.map((h) => [h.date, h.source, h.by])).toEqual([
        ['2026-09-01', 'customer', 'jo'],
        ['2026-08-01', 'import', 'jo'],
      ]);
    });

    it('finds the flagged customer of the demo ledger', async () => {
      const { readLedger } = await import('../../cli/read-ledger.js');
      const input = await readLedger(new URL('../../examples/demo-ledger', import.meta.url).pathname);
      const { ledger } = parseLedger(input.rows);
      const list = tracingWorklist(ledger, asOf);
      const summit = list.find((e) => e.customerId === 'C-1011');
      expect(summit?.reasons.map((r) => r.rule)).toEqual(['trace/email-bounced']);
      // The deceased customer has no email but is not traced.
      expect(list.some((e) => e.customerId === 'C-1006')).toBe(false);
    });
  });

  describe('recordContactChange', () => {
    it('returns the change row and the customer update, clearing email-suppressed for a new email', () => {
      // Prepare
      const ledger = ledgerOf({ customers: [person('C-1', { flags: ['email-suppressed', 'opted-out'] })] });
      // Act
      const result = recordContactChange(ledger, {
        customerId: 'C-1',
        field: 'email',
        newValue: ' fresh@example.com ',
        on: asOf,
        source: 'skip-trace',
        by: 'jo',
      });
      // Assess
      if (!result.ok) throw new Error(result.reason);
      expect(result.change).toEqual({
        row: 0,
        changeId: 'CC-20261123-1',
        customerId: 'C-1',
        date: asOf,
        field: 'email',
        oldValue: 'c-1@example.com',
        newValue: 'fresh@example.com',
        source: 'skip-trace',
        by: 'jo',
        note: 'Cleared flag email-suppressed. A new email replaces the one flagged.',
      });
      expect(result.clearedFlags).toEqual(['email-suppressed']);
      const after = applyLedgerChanges(ledger, result.changes);
      expect(after.customers[0]).toMatchObject({ email: 'fresh@example.com', flags: ['opted-out'] });
      expect(after.contactChanges).toHaveLength(1);
      expect(result.explanation).toContain('email-suppressed cleared');
      // The original ledger is untouched.
      expect(ledger.customers[0]!.flags).toEqual(['email-suppressed', 'opted-out']);
      expect(ledger.contactChanges).toEqual([]);
    });

    it('clears mail-returned only for a new address, not for a phone or a blank address', () => {
      const ledger = ledgerOf({ customers: [person('C-1', { flags: ['mail-returned'] })] });
      const phone = recordContactChange(ledger, {
        customerId: 'C-1',
        field: 'phone',
        newValue: '555-0199',
        on: asOf,
        source: 'customer',
      });
      const blank = recordContactChange(ledger, {
        customerId: 'C-1',
        field: 'address',
        on: asOf,
        source: 'mail-returned',
      });
      const moved = recordContactChange(ledger, {
        customerId: 'C-1',
        field: 'address',
        newValue: '9 New Rd',
        on: asOf,
        source: 'customer',
      });
      expect([phone, blank, moved].map((r) => r.ok && r.clearedFlags)).toEqual([[], [], ['mail-returned']]);
      if (!blank.ok) throw new Error(blank.reason);
      expect(applyLedgerChanges(ledger, blank.changes).customers[0]!.address).toBeUndefined();
      expect(blank.change).not.toHaveProperty('newValue');
    });

    it('refuses an unchanged value and an email the schema would reject', () => {
      const ledger = ledgerOf({ customers: [person('C-1')] });
      const same = recordContactChange(ledger, {
        customerId: 'C-1',
        field: 'email',
        newValue: 'C-1@EXAMPLE.COM',
        on: asOf,
        source: 'clerk',
      });
      const bad = recordContactChange(ledger, {
        customerId: 'C-1',
        field: 'email',
        newValue: 'not an email',
        on: asOf,
        source: 'clerk',
      });
      expect(same).toMatchObject({ ok: false, rule: 'contact/unchanged' });
      expect(bad).toEqual({
        ok: false,
        rule: 'contact/invalid-email',
        reason: 'new email "not an email" is not an email address',
      });
    });

    it('numbers ids per day after the ones taken', () => {
      const ledger = ledgerOf({
        customers: [person('C-1')],
        contactChanges: [change('C-1', 'phone', asOf, undefined, '1', { changeId: 'CC-20261123-4' })],
      });
      const r = recordContactChange(ledger, {
        customerId: 'C-1',
        field: 'phone',
        newValue: '2',
        on: asOf,
        source: 'clerk',
      });
      expect(r.ok && r.change.changeId).toBe('CC-20261123-5');
      expect(r.ok && r.change.oldValue).toBe('1');
    });

    it('throws for an unknown customer, naming it', () => {
      expect(() =>
        recordContactChange(ledgerOf({}), {
          customerId: 'C-9',
          field: 'phone',
          newValue: '1',
          on: asOf,
          source: 'clerk',
        }),
      ).toThrow('no customer "C-9" on the Customers tab');
    });
  });

  describe('undoContactChange', () => {
    it('marks the change undone and restores the old value and the flag it cleared', () => {
      // Prepare
      const start = ledgerOf({ customers: [person('C-1', { flags: ['email-suppressed'] })] });
      const recorded = recordContactChange(start, {
        customerId: 'C-1',
        field: 'email',
        newValue: 'typo@example.con',
        on: '2026-11-20',
        source: 'clerk',
      });
      if (!recorded.ok) throw new Error(recorded.reason);
      const ledger = applyLedgerChanges(start, recorded.changes);
      // Act
      const undone = undoContactChange(ledger, recorded.change.changeId, { on: asOf, by: 'sam' });
      // Assess
      if (!undone.ok) throw new Error(undone.reason);
      const after = applyLedgerChanges(ledger, undone.changes);
      expect(after.customers[0]).toMatchObject({ email: 'c-1@example.com', flags: ['email-suppressed'] });
      expect(after.contactChanges[0]).toMatchObject({ undoneOn: asOf });
      expect(after.contactChanges[0]!.note).toMatch(/Undone 2026-11-23 by sam\.$/);
      expect(undone.restoredFlags).toEqual(['email-suppressed']);
      expect(currentContact(after.customers[0]!, after.contactChanges).email).toMatchObject({
        value: 'c-1@example.com',
        rowDiffers: false,
      });
    });

    it('refuses while a later change to the same field stands, naming it', () => {
      const first = change('C-1', 'address', '2026-10-01', '1 Main St', '2 Oak Ave');
      const second = change('C-1', 'address', '2026-10-09', '2 Oak Ave', '3 Elm Rd');
      const phone = change('C-1', 'phone', '2026-10-10', '555-0100', '555-0101');
      const ledger = ledgerOf({
        customers: [person('C-1', { address: '3 Elm Rd' })],
        contactChanges: [first, second, phone],
      });
      expect(undoContactChange(ledger, first.changeId, { on: asOf })).toEqual({
        ok: false,
        rule: 'contact/later-change',
        reason: `${second.changeId} changed C-1's address again on 2026-10-09; undo ${second.changeId} first`,
      });
      // Undoing the later one first is allowed, and then the first one.
      const u2 = undoContactChange(ledger, second.changeId, { on: asOf });
      if (!u2.ok) throw new Error(u2.reason);
      const mid = applyLedgerChanges(ledger, u2.changes);
      const u1 = undoContactChange(mid, first.changeId, { on: asOf });
      if (!u1.ok) throw new Error(u1.reason);
      expect(applyLedgerChanges(mid, u1.changes).customers[0]!.address).toBe('1 Main St');
    });

    it('refuses an undone change and an undo dated before the change', () => {
      const done = change('C-1', 'phone', '2026-10-01', 'a', 'b', { undoneOn: '2026-10-02' });
      const live = change('C-1', 'email', '2026-10-05', undefined, 'x@example.com');
      const ledger = ledgerOf({ customers: [person('C-1')], contactChanges: [done, live] });
      expect(undoContactChange(ledger, done.changeId, { on: asOf })).toMatchObject({
        rule: 'contact/already-undone',
      });
      expect(undoContactChange(ledger, live.changeId, { on: '2026-10-04' })).toMatchObject({
        rule: 'contact/undo-before-change',
      });
      expect(() => undoContactChange(ledger, 'CH-404', { on: asOf })).toThrow('no change "CH-404"');
    });

    it('round-trips: any sequence of recorded values, undone newest first, restores the starting row', () => {
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom('a@example.com', 'b@example.com', 'c@example.com', ''), {
            minLength: 1,
            maxLength: 6,
          }),
          (values) => {
            const start = ledgerOf({ customers: [person('C-1')] });
            let ledger = start;
            const ids: string[] = [];
            for (const v of values) {
              const r = recordContactChange(ledger, {
                customerId: 'C-1',
                field: 'email',
                newValue: v,
                on: asOf,
                source: 'clerk',
              });
              if (!r.ok) continue;
              ids.push(r.change.changeId);
              ledger = applyLedgerChanges(ledger, r.changes);
            }
            for (const id of ids.reverse()) {
              const u = undoContactChange(ledger, id, { on: asOf });
              if (!u.ok) throw new Error(u.reason);
              ledger = applyLedgerChanges(ledger, u.changes);
            }
            expect(ledger.customers[0]!.email).toBe(start.customers[0]!.email);
            expect(currentContact(ledger.customers[0]!, ledger.contactChanges).email.value).toBe(
              'c-1@example.com',
            );
          },
        ),
      );
    });
  });

  describe('applyLedgerChanges', () => {
    it('throws for an update to a missing row or an added id already taken', () => {
      const ledger = ledgerOf({ customers: [person('C-1')] });
      expect(() =>
        applyLedgerChanges(ledger, { updated: { customers: [person('C-2')] }, added: {} }),
      ).toThrow('customers: no row "C-2" to update');
      expect(() =>
        applyLedgerChanges(ledger, { updated: {}, added: { customers: [person('C-1')] } }),
      ).toThrow('customers: "C-1" is already used');
    });
  });

  describe('nextId', () => {
    it('returns one more than the highest number used that day', () => {
      expect(nextId('CC', asOf, ['CC-20261123-2', 'CC-20261123-10', 'CC-20261122-50', 'X'])).toBe(
        'CC-20261123-11',
      );
    });
  });
});
