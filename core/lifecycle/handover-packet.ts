// The hand-over packet: the document and the CSV that go to the attorney or agency with a placed
// account (HIPAA minimum necessary: notes only when marked shareable).

import { FLAG_RULES } from '../collections/contact-rules.js';
import { DEFAULT_POLICY } from '../collections/dunning-policy.js';
import { evaluatePlan } from '../collections/plans.js';
import { evaluatePromise } from '../collections/promises.js';
import type { OfficeContact } from '../collections/templates.js';
import type { Block, DocumentModel, TableColumn } from '../documents/document.js';
import { type AgingBucket, bucketIndex, DEFAULT_BUCKETS } from '../ledger/aging.js';
import { type AccountBook, type Book, buildBook, type OpenItem } from '../ledger/book.js';
import { csvField as guardedCsvField } from '../ledger/cell-guard.js';
import { type IsoDate, toDay } from '../ledger/dates.js';
import {
  type Adjustment,
  CONTACT_FIELDS,
  type ContactChange,
  type Customer,
  type Ledger,
  type Payment,
} from '../ledger/ledger.js';
import { formatMoney } from '../ledger/money.js';
import { contactHistory, currentContact, customerOf } from './tracing.js';

export function majorUnits(minor: number, currency: string): string {
  return formatMoney(minor, currency, { code: false }).replace(/,/g, '');
}

/**
 * One CSV field: quoted when it holds a quote, comma, line break or edge spaces (RFC 4180), and a
 * text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR)
 * prefixed with `'` so it shows as text. Plain numbers such as `-12.50` are left as numbers.
 */
export function csvField(value: string): string {
  // Its columns mix amounts and text; a plain decimal anywhere stays a number (cell-guard.ts).
  return guardedCsvField(value, true);
}

/** Rows as CSV text with CRLF line ends (what spreadsheet imports expect). */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The hand-over CSV's columns; every section fills the ones that apply to it. */
export const HANDOVER_CSV_COLUMNS = [
  'Section',
  'Customer ID',
  'Record ID',
  'Date',
  'Due Date',
  'Days Past Due',
  'Type',
  'Status',
  'Currency',
  'Amount',
  'Open Amount',
  'Detail',
] as const;

type CsvRow = Partial<Record<(typeof HANDOVER_CSV_COLUMNS)[number], string>>;

/** What goes with an account to the attorney or agency. */
export interface HandoverPacket {
  document: DocumentModel;
  /** One CSV, one row per record with a `Section` column (see `HANDOVER_CSV_COLUMNS`). */
  csv: string;
}

export interface HandoverPacketOptions {
  asOf: IsoDate;
  /** The attorney or agency receiving the account. */
  placedWith: string;
  office: OfficeContact;
  buckets?: readonly AgingBucket[];
  promiseGraceDays?: number;
}

/** What every part of the packet reads: one customer's rows up to the packet's date. */
interface PacketInput {
  customer: Customer;
  asOf: IsoDate;
  asOfDay: number;
  book: Book;
  accounts: AccountBook[];
  ledger: Ledger;
  options: HandoverPacketOptions;
  /** The customer's rows of a tab dated on or before `asOf`, oldest first. */
  upTo<T extends { customerId: string; date: IsoDate }>(rows: readonly T[]): T[];
}

/** One part of the packet: its blocks in the document and its rows in the CSV. */
interface Section {
  blocks: Block[];
  rows: CsvRow[];
}

const heading = (text: string): Block => ({ kind: 'heading', level: 2, text });
const joinSome = (parts: readonly (string | undefined)[]) => parts.filter((s) => s).join('; ');

/** A titled table, or a sentence saying there is nothing, so a reader knows the part was checked. */
function tableOrNone(
  title: string,
  columns: TableColumn[],
  rows: string[][],
  none: string | undefined,
): Block[] {
  if (rows.length > 0) return [heading(title), { kind: 'table', columns, rows }];
  return none === undefined ? [] : [heading(title), { kind: 'paragraph', text: none }];
}

function customerSection(p: PacketInput): Section {
  const { customer, options } = p;
  const contact = currentContact(customer, p.upTo(p.ledger.contactChanges));
  const fields: [string, string][] = [
    ['Customer', customer.name],
    ['Customer ID', customer.customerId],
    ['Email', contact.email.value ?? 'none on file'],
    ['Phone', contact.phone.value ?? 'none on file'],
    ['Address', contact.address.value ?? 'none on file'],
  ];
  if (customer.timeZone) fields.push(['Time zone', customer.timeZone]);
  if (customer.deceasedOn) fields.push(['Deceased (office told)', customer.deceasedOn]);
  const rows: CsvRow[] = [
    {
      Section: 'placement',
      Date: p.asOf,
      Detail: `placed with ${options.placedWith} by ${options.office.name}`,
    },
    { Section: 'customer', Type: 'name', Detail: customer.name },
  ];
  for (const field of CONTACT_FIELDS) {
    if (contact[field].value) rows.push({ Section: 'contact', Type: field, Detail: contact[field].value });
  }
  for (const f of customer.flags) rows.push({ Section: 'flag', Type: f, Detail: FLAG_RULES[f].reason });
  return {
    blocks: [
      { kind: 'heading', level: 1, text: `Account hand-over: ${customer.name} (${customer.customerId})` },
      {
        kind: 'paragraph',
        text: `${options.office.name} hands the account below to ${options.placedWith} for collection. Figures are as of ${p.asOf}.`,
      },
      { kind: 'fields', rows: fields },
      ...tableOrNone(
        'Flags',
        [{ header: 'Flag' }, { header: 'Meaning' }],
        customer.flags.map((f) => [f, FLAG_RULES[f].reason]),
        undefined,
      ),
    ],
    rows,
  };
}

function balanceSection(p: PacketInput): Section {
  const buckets = p.options.buckets ?? DEFAULT_BUCKETS;
  const rows: CsvRow[] = [];
  const table = p.accounts.map((a) => {
    const sums = new Array<number>(buckets.length).fill(0);
    for (const i of a.items) {
      if (i.openMinor > 0) sums[bucketIndex(buckets, p.asOfDay - toDay(i.dueDate))]! += i.openMinor;
    }
    rows.push({
      Section: 'balance',
      Currency: a.currency,
      Amount: majorUnits(a.balanceMinor, a.currency),
      'Open Amount': majorUnits(a.openMinor, a.currency),
      Detail: `unapplied credit ${majorUnits(a.unappliedCreditMinor, a.currency)}`,
    });
    buckets.forEach((b, k) => {
      rows.push({
        Section: 'aging',
        Type: b.label,
        Currency: a.currency,
        Amount: majorUnits(sums[k]!, a.currency),
      });
    });
    // The currency has its own column, so the amounts go without it.
    const bare = (minor: number) => formatMoney(minor, a.currency, { code: false });
    return [a.currency, ...sums.map(bare), bare(a.unappliedCreditMinor), bare(a.balanceMinor)];
  });
  const columns: TableColumn[] = [
    { header: 'Currency' },
    ...buckets.map((b) => ({ header: b.label, align: 'right' as const })),
    { header: 'Credit', align: 'right' },
    { header: 'Balance', align: 'right' },
  ];
  return { blocks: tableOrNone('Balance', columns, table, 'Nothing has been invoiced.'), rows };
}

/** Open items, oldest due first; disputed ones are listed but marked not for collection. */
function openItemsSection(p: PacketInput): Section {
  const open = p.accounts.flatMap((a) => a.items.filter((i) => i.openMinor > 0));
  const dpd = (i: OpenItem) => String(Math.max(0, p.asOfDay - toDay(i.dueDate)));
  const blocks = tableOrNone(
    'Open items',
    [
      { header: 'Item' },
      { header: 'Kind' },
      { header: 'Due' },
      { header: 'Days past due', align: 'right' },
      { header: 'Original', align: 'right' },
      { header: 'Open', align: 'right' },
      { header: 'Status' },
    ],
    open.map((i) => [
      i.itemId,
      i.chargeType ?? i.kind,
      i.dueDate,
      dpd(i),
      formatMoney(i.originalMinor, i.currency),
      formatMoney(i.openMinor, i.currency),
      i.disputed ? 'disputed: not for collection' : 'open',
    ]),
    'No open items.',
  );
  const disputed = open.filter((i) => i.disputed).map((i) => i.itemId);
  if (disputed.length > 0) {
    blocks.push({
      kind: 'paragraph',
      text: `The customer disputes ${disputed.join(', ')}. These stay with ${p.options.office.name} until the dispute is resolved; do not collect them.`,
    });
  }
  return {
    blocks,
    rows: open.map((i) => ({
      Section: 'open-item',
      'Record ID': i.itemId,
      Date: i.itemDate,
      'Due Date': i.dueDate,
      'Days Past Due': dpd(i),
      Type: i.chargeType ?? i.kind,
      Status: i.disputed ? 'disputed' : 'open',
      Currency: i.currency,
      Amount: majorUnits(i.originalMinor, i.currency),
      'Open Amount': majorUnits(i.openMinor, i.currency),
      ...(i.invoiceId ? { Detail: `on invoice ${i.invoiceId}` } : {}),
    })),
  };
}

function adjustmentsSection(p: PacketInput): Section {
  const adjustments = p.upTo(p.ledger.adjustments);
  const status = (a: Adjustment) =>
    a.waivedOn !== undefined && toDay(a.waivedOn) <= p.asOfDay ? `waived ${a.waivedOn}` : 'in force';
  return {
    blocks: tableOrNone(
      'Fees, interest and credits',
      [
        { header: 'Date' },
        { header: 'Id' },
        { header: 'Type' },
        { header: 'Invoice' },
        { header: 'Amount', align: 'right' },
        { header: 'Status' },
        { header: 'Policy' },
      ],
      adjustments.map((a) => [
        a.date,
        a.adjustmentId,
        a.type,
        a.invoiceId ?? '',
        formatMoney(a.amountMinor, a.currency),
        status(a),
        a.policy ?? '',
      ]),
      undefined,
    ),
    rows: adjustments.map((a) => ({
      Section: 'adjustment',
      'Record ID': a.adjustmentId,
      Date: a.date,
      Type: a.type,
      Status: status(a),
      Currency: a.currency,
      Amount: majorUnits(a.amountMinor, a.currency),
      Detail: joinSome([a.invoiceId && `invoice ${a.invoiceId}`, a.policy && `policy ${a.policy}`]),
    })),
  };
}

/** Payments with the items they went to; a returned one is marked with its return date. */
function paymentsSection(p: PacketInput): Section {
  const payments = p.upTo(p.ledger.payments);
  const status = (x: Payment) => {
    const returnedOn = x.returnedDate ?? x.date;
    return x.status === 'returned' && toDay(returnedOn) <= p.asOfDay ? `returned ${returnedOn}` : 'posted';
  };
  const appliedTo = (x: Payment) =>
    (p.book.payments.get(x.paymentId)?.allocations ?? []).map((a) => a.itemId).join(' ');
  return {
    blocks: tableOrNone(
      'Payments',
      [
        { header: 'Date' },
        { header: 'Id' },
        { header: 'Amount', align: 'right' },
        { header: 'Method' },
        { header: 'Reference' },
        { header: 'Applied to' },
        { header: 'Status' },
      ],
      payments.map((x) => [
        x.date,
        x.paymentId,
        formatMoney(x.amountMinor, x.currency),
        x.method ?? '',
        x.reference ?? '',
        appliedTo(x),
        status(x),
      ]),
      'No payments on record.',
    ),
    rows: payments.map((x) => ({
      Section: 'payment',
      'Record ID': x.paymentId,
      Date: x.date,
      Type: x.method ?? '',
      Status: status(x),
      Currency: x.currency,
      Amount: majorUnits(x.amountMinor, x.currency),
      Detail: joinSome([
        x.reference && `reference ${x.reference}`,
        appliedTo(x) && `applied to ${appliedTo(x)}`,
      ]),
    })),
  };
}

/** Promises and plans with what became of them as of the packet's date. */
function commitmentsSection(p: PacketInput): Section {
  const id = p.customer.customerId;
  const payments = p.ledger.payments.filter((x) => x.customerId === id);
  const grace = p.options.promiseGraceDays ?? DEFAULT_POLICY.promiseGraceDays;
  const promises = p.ledger.promises
    .filter((x) => x.customerId === id && toDay(x.takenOn) <= p.asOfDay)
    .sort((a, b) => toDay(a.takenOn) - toDay(b.takenOn))
    .map((x) => ({ x, e: evaluatePromise(x, payments, p.asOf, grace) }));
  const plans = p.ledger.plans
    .filter((x) => x.customerId === id)
    .sort((a, b) => toDay(a.startDate) - toDay(b.startDate))
    .map((x) => ({ x, e: evaluatePlan(x, payments, p.asOf) }));
  const blocks = [
    ...tableOrNone(
      'Promises to pay',
      [
        { header: 'Taken' },
        { header: 'Id' },
        { header: 'Promised by' },
        { header: 'Amount', align: 'right' },
        { header: 'Paid', align: 'right' },
        { header: 'Outcome' },
        { header: 'Note' },
      ],
      promises.map(({ x, e }) => [
        x.takenOn,
        x.promiseId,
        x.promisedDate,
        formatMoney(x.amountMinor, x.currency),
        formatMoney(e.paidMinor, x.currency),
        e.status,
        withheld(x.note),
      ]),
      undefined,
    ),
    ...tableOrNone(
      'Payment plans',
      [
        { header: 'First due' },
        { header: 'Id' },
        { header: 'Total', align: 'right' },
        { header: 'Installments' },
        { header: 'Paid', align: 'right' },
        { header: 'Standing' },
        { header: 'Note' },
      ],
      plans.map(({ x, e }) => [
        x.startDate,
        x.planId,
        formatMoney(x.totalMinor, x.currency),
        `${x.installments} ${x.frequency}`,
        formatMoney(e.paidMinor, x.currency),
        e.status,
        withheld(x.note),
      ]),
      undefined,
    ),
  ];
  const rows: CsvRow[] = [
    ...promises.map(({ x, e }) => ({
      Section: 'promise',
      'Record ID': x.promiseId,
      Date: x.takenOn,
      'Due Date': x.promisedDate,
      Status: e.status,
      Currency: x.currency,
      Amount: majorUnits(x.amountMinor, x.currency),
      'Open Amount': majorUnits(Math.max(0, x.amountMinor - e.paidMinor), x.currency),
      Detail: withheld(x.note),
    })),
    ...plans.map(({ x, e }) => ({
      Section: 'plan',
      'Record ID': x.planId,
      Date: x.startDate,
      Type: `${x.installments} ${x.frequency}`,
      Status: e.status,
      Currency: x.currency,
      Amount: majorUnits(x.totalMinor, x.currency),
      'Open Amount': majorUnits(Math.max(0, x.totalMinor - e.paidMinor), x.currency),
      Detail: joinSome([e.explanation, x.note && withheld(x.note)]),
    })),
  ];
  return { blocks, rows };
}

/** What a packet shows for a note that is not marked shareable. */
export const WITHHELD_NOTE = '(office note withheld: not marked shareable)';

/**
 * Free-text notes stay in the office (HIPAA minimum necessary, 45 CFR 164.502(b): a note may hold
 * health details); promise and plan notes have no Shareable mark and are always withheld.
 */
const withheld = (note: string | undefined) => (note ? WITHHELD_NOTE : '');

/** An Activity note goes to the agency only when the clerk marked the row Shareable. */
const shareableNote = (a: { note?: string; shareable?: boolean }) =>
  a.note ? (a.shareable === true ? a.note : WITHHELD_NOTE) : '';

/** Every contact attempt and note, oldest first. */
function activitySection(p: PacketInput): Section {
  const activity = p.upTo(p.ledger.activity);
  return {
    blocks: tableOrNone(
      'Contact history',
      [
        { header: 'Date' },
        { header: 'Type' },
        { header: 'Direction' },
        { header: 'Stage' },
        { header: 'Outcome' },
        { header: 'By' },
        { header: 'Note' },
      ],
      activity.map((a) => [
        a.date,
        a.type,
        a.direction,
        a.stage ?? '',
        a.outcome ?? '',
        a.by ?? '',
        shareableNote(a),
      ]),
      'No contact on record.',
    ),
    rows: activity.map((a) => ({
      Section: 'activity',
      'Record ID': a.activityId,
      Date: a.date,
      Type: `${a.type} ${a.direction}`,
      Status: a.outcome ?? '',
      Detail: joinSome([a.stage && `stage ${a.stage}`, a.by && `by ${a.by}`, a.note && shareableNote(a)]),
    })),
  };
}

/** How the contact details came to be what they are, oldest change first. */
function contactChangesSection(p: PacketInput): Section {
  const changes = contactHistory(p.customer.customerId, p.upTo(p.ledger.contactChanges)).reverse();
  const status = (c: ContactChange) =>
    c.undoneOn !== undefined && toDay(c.undoneOn) <= p.asOfDay ? `undone ${c.undoneOn}` : 'in force';
  return {
    blocks: tableOrNone(
      'Contact detail changes',
      [
        { header: 'Date' },
        { header: 'Field' },
        { header: 'From' },
        { header: 'To' },
        { header: 'Source' },
        { header: 'By' },
        { header: 'Status' },
      ],
      changes.map((c) => [
        c.date,
        c.field,
        c.oldValue ?? '',
        c.newValue ?? '',
        c.source,
        c.by ?? '',
        status(c),
      ]),
      undefined,
    ),
    rows: changes.map((c) => ({
      Section: 'contact-change',
      'Record ID': c.changeId,
      Date: c.date,
      Type: c.field,
      Status: status(c),
      Detail: `"${c.oldValue ?? ''}" to "${c.newValue ?? ''}" from ${c.source}${c.by ? ` by ${c.by}` : ''}`,
    })),
  };
}

/**
 * The hand-over packet for one customer as of a date: the customer's contact details (as
 * `currentContact` has them) and flags with what each means for the collector, balance and aging
 * per currency, open items (disputed ones marked not for collection), fees, interest and credits,
 * payments with returned ones, every promise with its outcome, every plan with its standing, every
 * Activity row, and the changes to the contact details, oldest first. Only rows dated on or before
 * `asOf` count. Invoice descriptions are left out: in a medical office they can carry clinical
 * detail, and the collector needs ids, dates and amounts. The CSV holds the same records, one row
 * each, with amounts in major units next to their currency. Throws a `RangeError` for an unknown
 * customer.
 *
 * @example buildHandoverPacket(ledger, 'C-1', { asOf: '2026-11-23', placedWith: 'Acme Recovery', office: { name: 'Harbor Clinic' } })
 */
export function buildHandoverPacket(
  ledger: Ledger,
  customerId: string,
  options: HandoverPacketOptions,
): HandoverPacket {
  const customer = customerOf(ledger, customerId);
  const { asOf, office } = options;
  const asOfDay = toDay(asOf);
  const book = buildBook(ledger, asOf);
  const input: PacketInput = {
    customer,
    asOf,
    asOfDay,
    book,
    accounts: book.byCustomer.get(customerId) ?? [],
    ledger,
    options,
    upTo: (rows) =>
      rows
        .filter((r) => r.customerId === customerId && toDay(r.date) <= asOfDay)
        .sort((a, b) => toDay(a.date) - toDay(b.date)),
  };
  const sections = [
    customerSection,
    balanceSection,
    openItemsSection,
    adjustmentsSection,
    paymentsSection,
    commitmentsSection,
    activitySection,
    contactChangesSection,
  ].map((section) => section(input));
  const blocks = sections.flatMap((s) => s.blocks);
  blocks.push(heading('Questions'), {
    kind: 'lines',
    lines: [office.name, office.address, office.phone, office.email].filter((s): s is string => !!s),
  });
  const rows = sections.flatMap((s) => s.rows);
  return {
    document: {
      title: `Account hand-over: ${customer.name} (${customerId})`,
      blocks,
      footer: `${office.name}: hand-over of ${customerId} to ${options.placedWith}, as of ${asOf}`,
    },
    csv: toCsv([
      HANDOVER_CSV_COLUMNS,
      ...rows.map((r) => HANDOVER_CSV_COLUMNS.map((c) => (c === 'Customer ID' ? customerId : (r[c] ?? '')))),
    ]),
  };
}
