// Tracing: who needs a new email or address, what a customer's contact details are now, and the
// Contact Changes rows that record (and undo) every change with who, when and from where.
import { buildBook } from '../ledger/book.js';
import { type IsoDate, toDay } from '../ledger/dates.js';
import {
  CONTACT_FIELDS,
  type ContactChange,
  type ContactChangeSource,
  type ContactField,
  type Customer,
  type CustomerFlag,
  type Ledger,
} from '../ledger/ledger.js';
import { formatMoney } from '../ledger/money.js';
import { SCHEMA } from '../ledger/schema.js';
import { parseTabRows } from '../ledger/schema-rows.js';

/**
 * Rows to write back to the ledger. Core never mutates a ledger: it returns these, and the sheet
 * gateway (or a test, through `applyLedgerChanges`) writes them.
 */
export interface LedgerChanges {
  /** Existing rows with new cell values: the whole record, same id and `row` as before. */
  updated: Partial<Ledger>;
  /** New rows to append; `row` is 0 until the sheet gives them one. */
  added: Partial<Ledger>;
}

const ID_KEYS = Object.fromEntries(SCHEMA.map((d) => [d.key, d.idKey])) as Record<keyof Ledger, string>;

function rowId(key: keyof Ledger, row: object): string {
  return String((row as Record<string, unknown>)[ID_KEYS[key]]);
}

/**
 * The ledger with `changes` written: updated rows replace the rows with the same id in place,
 * added rows go at the end of their tab. Throws a `RangeError` for an update to a row that does
 * not exist or an added row whose id is taken, since either means the changes were computed
 * against another ledger.
 */
export function applyLedgerChanges(ledger: Ledger, changes: LedgerChanges): Ledger {
  const out = { ...ledger } as Record<keyof Ledger, object[]>;
  for (const key of Object.keys(ledger) as (keyof Ledger)[]) {
    const updated = (changes.updated[key] ?? []) as object[];
    const added = (changes.added[key] ?? []) as object[];
    if (updated.length === 0 && added.length === 0) continue;
    const byId = new Map(updated.map((r) => [rowId(key, r), r]));
    const rows = (ledger[key] as object[]).map((r) => {
      const next = byId.get(rowId(key, r));
      byId.delete(rowId(key, r));
      return next ?? r;
    });
    const missing = [...byId.keys()][0];
    if (missing !== undefined) throw new RangeError(`${key}: no row "${missing}" to update`);
    const ids = new Set(rows.map((r) => rowId(key, r)));
    for (const r of added) {
      if (ids.has(rowId(key, r))) throw new RangeError(`${key}: "${rowId(key, r)}" is already used`);
      ids.add(rowId(key, r));
      rows.push(r);
    }
    out[key] = rows;
  }
  return out as unknown as Ledger;
}

/** A customer's row, or a `RangeError` naming the id: callers pass ids they took from the ledger. */
export function customerOf(ledger: Ledger, customerId: string): Customer {
  const customer = ledger.customers.find((c) => c.customerId === customerId);
  if (!customer) throw new RangeError(`no customer "${customerId}" on the Customers tab`);
  return customer;
}

/** One contact field as it stands, and where the value comes from. */
export interface ContactFieldState {
  value?: string;
  /**
   * The Contact Changes row behind `value`: its new value, or (`restored`) its old value put back
   * by an undo. Absent when no change touched the field and the Customers row speaks.
   */
  from?: { changeId: string; date: IsoDate; restored: boolean };
  /** The Customers row holds something else (it was edited without a Contact Changes row). */
  rowDiffers: boolean;
  /** What the Customers row holds, when it differs. */
  rowValue?: string;
}

export type CurrentContact = Record<ContactField, ContactFieldState>;

const blankToUndefined = (v: string | undefined) =>
  v === undefined || v.trim() === '' ? undefined : v.trim();

/** Values compared as a clerk would: spaces around ignored, email case ignored. */
function sameValue(field: ContactField, a: string | undefined, b: string | undefined): boolean {
  const norm = (v: string | undefined) => {
    const t = blankToUndefined(v) ?? '';
    return field === 'email' ? t.toLowerCase() : t;
  };
  return norm(a) === norm(b);
}

/** Sheet order of changes: by date, then row, then list position (new rows have row 0 and come last). */
function inDateOrder(changes: readonly ContactChange[]): ContactChange[] {
  return changes
    .map((c, i) => ({ c, i }))
    .sort(
      (x, y) =>
        toDay(x.c.date) - toDay(y.c.date) || (x.c.row || Infinity) - (y.c.row || Infinity) || x.i - y.i,
    )
    .map((x) => x.c);
}

/**
 * A customer's email, phone and address as they stand after the Contact Changes log.
 *
 * The log wins: it is dated and says who changed what from which source, while the Customers row
 * only holds a value. Per field, the newest change not undone gives the value; if every change to
 * the field was undone, the value from before the first of them is back; a field no change touched
 * takes the Customers row. Where the row holds something else, `rowDiffers` says so, so the
 * tracing worklist can ask a clerk to log the edit or fix the row (messages go to the row's value).
 *
 * @example currentContact(customer, ledger.contactChanges).email.value // 'new@example.com'
 */
export function currentContact(customer: Customer, changes: readonly ContactChange[]): CurrentContact {
  const own = inDateOrder(changes.filter((c) => c.customerId === customer.customerId));
  const state = {} as CurrentContact;
  for (const field of CONTACT_FIELDS) {
    const rowValue = blankToUndefined(customer[field]);
    const ofField = own.filter((c) => c.field === field);
    const live = ofField.filter((c) => c.undoneOn === undefined);
    const latest = live[live.length - 1];
    const firstUndone = ofField.find((c) => c.undoneOn !== undefined);
    let value = rowValue;
    let from: ContactFieldState['from'];
    if (latest) {
      value = blankToUndefined(latest.newValue);
      from = { changeId: latest.changeId, date: latest.date, restored: false };
    } else if (firstUndone) {
      value = blankToUndefined(firstUndone.oldValue);
      from = { changeId: firstUndone.changeId, date: firstUndone.undoneOn!, restored: true };
    }
    const rowDiffers = !sameValue(field, value, rowValue);
    state[field] = { value, from, rowDiffers, ...(rowDiffers ? { rowValue } : {}) };
  }
  return state;
}

/**
 * The Contact Changes log as it stood on `asOf`: changes dated later left out, and an undo dated
 * later not yet in force, so a worklist run for a past day shows that day's details.
 */
export function changesAsOf(changes: readonly ContactChange[], asOf: IsoDate): ContactChange[] {
  const day = toDay(asOf);
  return changes
    .filter((c) => toDay(c.date) <= day)
    .map((c) => (c.undoneOn !== undefined && toDay(c.undoneOn) > day ? { ...c, undoneOn: undefined } : c));
}

/** A customer's Contact Changes, newest first (the order a clerk reads a history in). */
export function contactHistory(customerId: string, changes: readonly ContactChange[]): ContactChange[] {
  return inDateOrder(changes.filter((c) => c.customerId === customerId)).reverse();
}

/** Why a customer is on the tracing worklist. */
export interface TraceReason {
  /** `trace/email-bounced`, `trace/mail-returned`, `trace/no-email`, `trace/no-address`, `trace/row-differs`. */
  rule: string;
  reason: string;
}

/** One customer to trace. */
export interface TracingEntry {
  customerId: string;
  customerName: string;
  reasons: TraceReason[];
  contact: CurrentContact;
  /** Balance per currency as of the worklist date (accounts with a zero balance left out). */
  balances: { currency: string; balanceMinor: number }[];
  /** Every Contact Changes row of the customer, newest first. */
  history: ContactChange[];
  /** One sentence a clerk can read out. */
  explanation: string;
}

/**
 * Flags that take a customer off the worklist: a deceased customer is not traced (only the estate
 * is approached, by staff) and a placed account is traced by the agency or attorney holding it.
 */
const NOT_TRACED: readonly CustomerFlag[] = ['deceased', 'placed'];

/**
 * The tracing worklist as of a date: customers whose email bounced (`email-suppressed`) or whose
 * mail came back (`mail-returned`), whatever they owe; customers owing money with no email or no
 * postal address; and customers whose Customers row disagrees with their Contact Changes log.
 * Deceased and placed customers are left out (see `NOT_TRACED`). Customers who owe come first,
 * then by customer id.
 *
 * @example tracingWorklist(ledger, '2026-11-23')[0].reasons[0].rule // 'trace/email-bounced'
 */
export function tracingWorklist(ledger: Ledger, asOf: IsoDate): TracingEntry[] {
  const book = buildBook(ledger, asOf);
  const changes = changesAsOf(ledger.contactChanges, asOf);
  const entries: TracingEntry[] = [];
  for (const customer of ledger.customers) {
    if (customer.flags.some((f) => NOT_TRACED.includes(f))) continue;
    const contact = currentContact(customer, changes);
    const balances = (book.byCustomer.get(customer.customerId) ?? [])
      .filter((a) => a.balanceMinor !== 0)
      .map((a) => ({ currency: a.currency, balanceMinor: a.balanceMinor }));
    const owes = balances.some((b) => b.balanceMinor > 0);
    const reasons: TraceReason[] = [];
    if (customer.flags.includes('email-suppressed')) {
      reasons.push({
        rule: 'trace/email-bounced',
        reason: `email to ${contact.email.value ?? 'the address on file'} bounced or was complained about`,
      });
    }
    if (customer.flags.includes('mail-returned')) {
      reasons.push({
        rule: 'trace/mail-returned',
        reason: `mail to ${contact.address.value ?? 'the address on file'} came back undelivered`,
      });
    }
    if (owes && !contact.email.value) {
      reasons.push({ rule: 'trace/no-email', reason: 'no email address on file while money is owed' });
    }
    if (owes && !contact.address.value) {
      reasons.push({ rule: 'trace/no-address', reason: 'no postal address on file while money is owed' });
    }
    for (const field of CONTACT_FIELDS) {
      const s = contact[field];
      if (!s.rowDiffers) continue;
      reasons.push({
        rule: 'trace/row-differs',
        reason:
          `the Customers row has ${field} "${s.rowValue ?? ''}" but Contact Changes say "${s.value ?? ''}"` +
          ` (${s.from?.changeId}${s.from?.restored ? ' undone' : ''} on ${s.from?.date}): record the change or fix the row`,
      });
    }
    if (reasons.length === 0) continue;
    const owed = owes
      ? `owes ${balances
          .filter((b) => b.balanceMinor > 0)
          .map((b) => formatMoney(b.balanceMinor, b.currency))
          .join(' and ')}`
      : 'owes nothing';
    entries.push({
      customerId: customer.customerId,
      customerName: customer.name,
      reasons,
      contact,
      balances,
      history: contactHistory(customer.customerId, changes),
      explanation: `${customer.name} (${customer.customerId}) ${owed} and needs tracing: ${reasons.map((r) => r.reason).join('; ')}.`,
    });
  }
  const owing = (e: TracingEntry) => (e.balances.some((b) => b.balanceMinor > 0) ? 0 : 1);
  return entries.sort(
    (a, b) => owing(a) - owing(b) || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
  );
}

/** A contact detail to record. */
export interface ContactChangeInput {
  customerId: string;
  field: ContactField;
  /** The new value; blank clears the field (e.g. a number found to be wrong). */
  newValue?: string;
  on: IsoDate;
  source: ContactChangeSource;
  by?: string;
  note?: string;
  /** Id for the new row; default `CC-<yyyymmdd>-<n>`, the next free number that day. */
  changeId?: string;
}

/** A change core will not make, with the rule and a reason a clerk can act on. */
export interface Refusal {
  ok: false;
  rule: string;
  reason: string;
}

export type ContactChangeResult =
  | {
      ok: true;
      changes: LedgerChanges;
      /** The new Contact Changes row (also in `changes.added`). */
      change: ContactChange;
      /** Flags the new value makes obsolete, removed from the customer's row. */
      clearedFlags: CustomerFlag[];
      explanation: string;
    }
  | Refusal;

/**
 * The flag a new value of a field clears: a new email address is no longer the one that bounced, a
 * new postal address not the one mail came back from. A phone has none; `opted-out` is the
 * person's choice, not the address's, so it stays.
 */
const CLEARS: Readonly<Partial<Record<ContactField, CustomerFlag>>> = {
  email: 'email-suppressed',
  address: 'mail-returned',
};

/** The marker a change's note carries when it cleared a flag, so undoing it can set the flag again. */
const clearedMarker = (flag: CustomerFlag) => `Cleared flag ${flag}.`;

/** The next free `<prefix>-<yyyymmdd>-<n>` id among `taken`. */
export function nextId(prefix: string, on: IsoDate, taken: Iterable<string>): string {
  const stem = `${prefix}-${on.replace(/-/g, '')}-`;
  let max = 0;
  for (const id of taken) {
    if (!id.startsWith(stem)) continue;
    const n = Number(id.slice(stem.length));
    if (Number.isInteger(n) && n > max) max = n;
  }
  return `${stem}${max + 1}`;
}

/** The schema's verdict on an email address, so a change never writes a row that fails the next sync. */
function emailProblem(value: string): string | undefined {
  const parsed = parseTabRows('Customers', [
    ['Customer ID', 'Name', 'Email'],
    ['check', 'check', value],
  ]);
  return parsed.problems[0]?.message;
}

/**
 * Records a new email, phone or address: the new Contact Changes row (old value = the current
 * value per `currentContact`) and the customer's row with the new value, with `email-suppressed`
 * cleared by a new email and `mail-returned` by a new address (the reason goes into the change's
 * note). Refuses a value equal to the current one and an email the schema would reject.
 * Throws a `RangeError` for an unknown customer.
 *
 * @example recordContactChange(ledger, { customerId: 'C-1', field: 'email', newValue: 'a@b.com', on: '2026-11-23', source: 'skip-trace', by: 'jo' })
 */
export function recordContactChange(ledger: Ledger, input: ContactChangeInput): ContactChangeResult {
  const customer = customerOf(ledger, input.customerId);
  const { field, on, source } = input;
  const newValue = blankToUndefined(input.newValue);
  const current = currentContact(customer, ledger.contactChanges)[field];
  if (sameValue(field, newValue, current.value)) {
    return {
      ok: false,
      rule: 'contact/unchanged',
      reason: `${customer.customerId}'s ${field} is already "${current.value ?? ''}"`,
    };
  }
  if (field === 'email' && newValue !== undefined) {
    const problem = emailProblem(newValue);
    if (problem) return { ok: false, rule: 'contact/invalid-email', reason: `new email ${problem}` };
  }
  const flag = CLEARS[field];
  const clearedFlags = flag && newValue !== undefined && customer.flags.includes(flag) ? [flag] : [];
  const why = clearedFlags.map((f) => `${clearedMarker(f)} A new ${field} replaces the one flagged.`);
  const note = [input.note, ...why].filter((s) => s).join(' ');
  const change: ContactChange = {
    row: 0,
    changeId:
      input.changeId ??
      nextId(
        'CC',
        on,
        ledger.contactChanges.map((c) => c.changeId),
      ),
    customerId: customer.customerId,
    date: on,
    field,
    ...(current.value !== undefined ? { oldValue: current.value } : {}),
    ...(newValue !== undefined ? { newValue } : {}),
    source,
    ...(input.by ? { by: input.by } : {}),
    ...(note ? { note } : {}),
  };
  const updatedCustomer: Customer = {
    ...customer,
    [field]: newValue,
    flags: customer.flags.filter((f) => !clearedFlags.includes(f)),
  };
  const what = newValue === undefined ? `cleared` : `set to "${newValue}"`;
  return {
    ok: true,
    changes: { updated: { customers: [updatedCustomer] }, added: { contactChanges: [change] } },
    change,
    clearedFlags,
    explanation:
      `${customer.customerId}'s ${field} ${what} on ${on} (was "${current.value ?? ''}"; source ${source}` +
      `${input.by ? `, by ${input.by}` : ''})` +
      (clearedFlags.length > 0
        ? `; ${clearedFlags.join(', ')} cleared because the flagged ${field} is replaced.`
        : '.'),
  };
}

export type UndoResult =
  | {
      ok: true;
      changes: LedgerChanges;
      /** Flags set again because the restored value is the one that was flagged. */
      restoredFlags: CustomerFlag[];
      explanation: string;
    }
  | Refusal;

/**
 * Takes a contact change back: the change row gets `undoneOn` (and a note saying who undid it) and
 * the customer's row gets the old value again. A flag the change had cleared (see its note) is set
 * again, since the old value is the one that bounced or came back. Refuses a change already
 * undone, an undo dated before the change, and a change with a later change to the same field not
 * undone (undo that one first, so history never skips a step). Throws a `RangeError` for an
 * unknown change id.
 */
export function undoContactChange(
  ledger: Ledger,
  changeId: string,
  options: { on: IsoDate; by?: string },
): UndoResult {
  const change = ledger.contactChanges.find((c) => c.changeId === changeId);
  if (!change) throw new RangeError(`no change "${changeId}" on the Contact Changes tab`);
  if (change.undoneOn !== undefined) {
    return {
      ok: false,
      rule: 'contact/already-undone',
      reason: `${changeId} was undone on ${change.undoneOn}`,
    };
  }
  if (toDay(options.on) < toDay(change.date)) {
    return {
      ok: false,
      rule: 'contact/undo-before-change',
      reason: `${changeId} was made on ${change.date}; it cannot be undone on ${options.on}`,
    };
  }
  const ordered = inDateOrder(
    ledger.contactChanges.filter((c) => c.customerId === change.customerId && c.field === change.field),
  );
  const later = ordered.slice(ordered.indexOf(change) + 1).find((c) => c.undoneOn === undefined);
  if (later) {
    return {
      ok: false,
      rule: 'contact/later-change',
      reason: `${later.changeId} changed ${change.customerId}'s ${change.field} again on ${later.date}; undo ${later.changeId} first`,
    };
  }
  const customer = customerOf(ledger, change.customerId);
  const restoredFlags = (Object.values(CLEARS) as CustomerFlag[]).filter(
    (f) => change.note?.includes(clearedMarker(f)) && !customer.flags.includes(f),
  );
  const undoNote = `Undone ${options.on}${options.by ? ` by ${options.by}` : ''}.`;
  const oldValue = blankToUndefined(change.oldValue);
  return {
    ok: true,
    changes: {
      updated: {
        contactChanges: [
          {
            ...change,
            undoneOn: options.on,
            note: change.note ? `${change.note} ${undoNote}` : undoNote,
          },
        ],
        customers: [{ ...customer, [change.field]: oldValue, flags: [...customer.flags, ...restoredFlags] }],
      },
      added: {},
    },
    restoredFlags,
    explanation:
      `${changeId} undone on ${options.on}: ${change.customerId}'s ${change.field} is "${oldValue ?? ''}" again` +
      (restoredFlags.length > 0 ? `; ${restoredFlags.join(', ')} set again as before the change.` : '.'),
  };
}
