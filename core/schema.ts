// The ledger schema, defined once: tabs, columns, header names, and validation to typed records.
import { cellToIsoDate, DATE_YEAR_RANGE, type IsoDate, isValidTimeZone, toDay } from './dates.js';
import {
  ACTIVITY_DIRECTIONS,
  ACTIVITY_TYPES,
  type Activity,
  ADJUSTMENT_TYPES,
  type Adjustment,
  APPEAL_STATUSES,
  CLAIM_STATUSES,
  type Claim,
  CONTACT_CHANGE_SOURCES,
  CONTACT_FIELDS,
  CONTACT_PRESETS,
  type ContactChange,
  CUSTOMER_FLAGS,
  type Customer,
  DEBT_TYPES,
  DEBTOR_TYPES,
  DUNNING_MODES,
  INVOICE_STATUSES,
  type Invoice,
  type Ledger,
  PAYER_TYPES,
  PAYMENT_STATUSES,
  type Payment,
  type PaymentPlan,
  PHONE_TYPES,
  PLAN_FREQUENCIES,
  type PromiseToPay,
} from './ledger.js';
import { currencyExponent, formatMoney, isKnownCurrency, type NumberFormat, parseMoney } from './money.js';

export type ColumnType =
  | 'id'
  | 'text'
  | 'date'
  | 'money'
  | 'currency'
  | 'email'
  | 'timezone'
  | 'enum'
  | 'list'
  | 'integer'
  | 'boolean';

export interface ColumnDef {
  /** Field name in the typed record and in the API's column-oriented payload. */
  key: string;
  /** Header as a clerk would write it; matched case- and space-insensitively. */
  header: string;
  aliases?: readonly string[];
  type: ColumnType;
  required?: boolean;
  /** Allowed values for `enum` and `list` columns (dropdowns in the sheet). */
  values?: readonly string[];
  /** Written by Duebook (status write-back); never read from the sheet, protected in the sheet. */
  computed?: boolean;
  note?: string;
}

export const TAB_NAMES = [
  'Customers',
  'Invoices',
  'Payments',
  'Adjustments',
  'Promises',
  'Plans',
  'Activity',
  'Claims',
  'Contact Changes',
] as const;
export type TabName = (typeof TAB_NAMES)[number];
export type LedgerKey = keyof Ledger;

export interface TabDef {
  name: TabName;
  /** The `Ledger` property this tab fills. */
  key: LedgerKey;
  /** Key of the column holding the row's stable id. */
  idKey: string;
  columns: readonly ColumnDef[];
}

const customerId: ColumnDef = { key: 'customerId', header: 'Customer ID', type: 'id', required: true };
const currency: ColumnDef = { key: 'currency', header: 'Currency', type: 'currency', required: true };

export const SCHEMA: readonly TabDef[] = [
  {
    name: 'Customers',
    key: 'customers',
    idKey: 'customerId',
    columns: [
      { ...customerId, aliases: ['Account', 'Account ID', 'Client ID'] },
      { key: 'name', header: 'Name', type: 'text', required: true, aliases: ['Customer', 'Customer Name'] },
      { key: 'email', header: 'Email', type: 'email', aliases: ['E-mail', 'Email Address'] },
      { key: 'phone', header: 'Phone', type: 'text' },
      { key: 'address', header: 'Address', type: 'text', aliases: ['Mailing Address'] },
      { key: 'timeZone', header: 'Time Zone', type: 'timezone', aliases: ['Timezone', 'TZ'] },
      { key: 'flags', header: 'Flags', type: 'list', values: CUSTOMER_FLAGS },
      {
        key: 'contactPreset',
        header: 'Contact Rules',
        type: 'enum',
        values: CONTACT_PRESETS,
        note: 'blank: New York City for an address in the five boroughs, Massachusetts for one in MA, else the office default',
      },
      { key: 'dunning', header: 'Dunning', type: 'enum', values: DUNNING_MODES },
      { key: 'ladder', header: 'Ladder', type: 'text' },
      { key: 'placedWith', header: 'Placed With', type: 'text', aliases: ['Agency', 'Attorney'] },
      { key: 'placedOn', header: 'Placed On', type: 'date' },
      {
        key: 'attorneyName',
        header: 'Attorney Name',
        type: 'text',
        note: "with the attorney flag: the debtor's attorney, through whom every contact goes",
      },
      {
        key: 'attorneyContact',
        header: 'Attorney Contact',
        type: 'text',
        note: "the attorney's phone, email or postal address",
      },
      { key: 'deceasedOn', header: 'Deceased On', type: 'date', aliases: ['Date Of Death Notice'] },
      {
        key: 'phoneType',
        header: 'Phone Type',
        type: 'enum',
        values: PHONE_TYPES,
        note: 'blank means personal; `work` limits Massachusetts calls to 2 in 30 days',
      },
      {
        key: 'consentEmail',
        header: 'Consent To Email',
        type: 'boolean',
        aliases: ['Email Consent'],
        note: 'written consent to email; New York City and workplace addresses need it',
      },
      {
        key: 'consentText',
        header: 'Consent To Text',
        type: 'boolean',
        aliases: ['Text Consent', 'SMS Consent'],
      },
      {
        key: 'emailAtWork',
        header: 'Email At Work',
        type: 'boolean',
        aliases: ['Employer Email', 'Employer-Provided Email'],
        note: 'the email address is provided by the employer: no email to it without consent',
      },
      {
        key: 'preferredLanguage',
        header: 'Preferred Language',
        type: 'text',
        aliases: ['Language'],
        note: 'as the customer said it; New York City messages carry the language-access line',
      },
      {
        key: 'feesAgreed',
        header: 'Fees Agreed',
        type: 'boolean',
        aliases: ['Fees Authorized'],
        note: 'the contract authorises late fees and interest; without yes none are charged',
      },
      {
        key: 'debtType',
        header: 'Debt Type',
        type: 'enum',
        values: DEBT_TYPES,
        note: 'for the statute of limitations; blank means written-contract',
      },
      {
        key: 'debtorType',
        header: 'Debtor Type',
        type: 'enum',
        values: DEBTOR_TYPES,
        aliases: ['Consumer Or Business', 'Customer Type'],
        note: 'consumer rules (Reg F, state rules) cover consumer debts only; blank: business when the name carries a company suffix (LLC, Inc., Ltd ...), else consumer',
      },
      { key: 'balance', header: 'Balance', type: 'text', computed: true },
      { key: 'bucket', header: 'Aging Bucket', type: 'text', computed: true },
      { key: 'stage', header: 'Stage', type: 'text', computed: true },
      { key: 'nextAction', header: 'Next Action', type: 'text', computed: true },
      { key: 'why', header: 'Why', type: 'text', computed: true },
      { key: 'lastContact', header: 'Last Contact', type: 'text', computed: true },
    ],
  },
  {
    name: 'Invoices',
    key: 'invoices',
    idKey: 'invoiceId',
    columns: [
      {
        key: 'invoiceId',
        header: 'Invoice ID',
        type: 'id',
        required: true,
        aliases: ['Invoice', 'Invoice #', 'Invoice No'],
      },
      customerId,
      {
        key: 'invoiceDate',
        header: 'Invoice Date',
        type: 'date',
        required: true,
        aliases: ['Date', 'Issued'],
      },
      { key: 'dueDate', header: 'Due Date', type: 'date', required: true, aliases: ['Due'] },
      {
        key: 'amountMinor',
        header: 'Amount',
        type: 'money',
        required: true,
        aliases: ['Total', 'Invoice Amount'],
      },
      currency,
      { key: 'status', header: 'Status', type: 'enum', values: INVOICE_STATUSES },
      { key: 'matter', header: 'Matter', type: 'text', aliases: ['Matter ID'] },
      { key: 'description', header: 'Description', type: 'text' },
      { key: 'openBalance', header: 'Open Balance', type: 'text', computed: true },
      { key: 'daysPastDue', header: 'Days Past Due', type: 'text', computed: true },
    ],
  },
  {
    name: 'Payments',
    key: 'payments',
    idKey: 'paymentId',
    columns: [
      {
        key: 'paymentId',
        header: 'Payment ID',
        type: 'id',
        required: true,
        aliases: ['Payment', 'Payment #'],
      },
      customerId,
      { key: 'date', header: 'Date', type: 'date', required: true, aliases: ['Payment Date', 'Received'] },
      { key: 'amountMinor', header: 'Amount', type: 'money', required: true },
      currency,
      { key: 'appliesTo', header: 'Applies To', type: 'list', aliases: ['Invoices', 'Apply To'] },
      { key: 'status', header: 'Status', type: 'enum', values: PAYMENT_STATUSES },
      { key: 'returnedDate', header: 'Returned Date', type: 'date' },
      { key: 'method', header: 'Method', type: 'text' },
      { key: 'reference', header: 'Reference', type: 'text', aliases: ['Check #', 'Ref'] },
      { key: 'applied', header: 'Applied', type: 'text', computed: true },
    ],
  },
  {
    name: 'Adjustments',
    key: 'adjustments',
    idKey: 'adjustmentId',
    columns: [
      { key: 'adjustmentId', header: 'Adjustment ID', type: 'id', required: true },
      customerId,
      { key: 'date', header: 'Date', type: 'date', required: true },
      { key: 'type', header: 'Type', type: 'enum', required: true, values: ADJUSTMENT_TYPES },
      { key: 'amountMinor', header: 'Amount', type: 'money', required: true },
      currency,
      { key: 'invoiceId', header: 'Invoice ID', type: 'text' },
      { key: 'policy', header: 'Policy', type: 'text' },
      { key: 'waivedOn', header: 'Waived On', type: 'date', aliases: ['Waived'] },
      { key: 'note', header: 'Note', type: 'text' },
    ],
  },
  {
    name: 'Promises',
    key: 'promises',
    idKey: 'promiseId',
    columns: [
      { key: 'promiseId', header: 'Promise ID', type: 'id', required: true },
      customerId,
      { key: 'takenOn', header: 'Taken On', type: 'date', required: true },
      { key: 'promisedDate', header: 'Promised Date', type: 'date', required: true, aliases: ['Pay By'] },
      { key: 'amountMinor', header: 'Amount', type: 'money', required: true },
      currency,
      { key: 'cancelled', header: 'Cancelled', type: 'boolean' },
      { key: 'note', header: 'Note', type: 'text' },
      { key: 'promiseStatus', header: 'Promise Status', type: 'text', computed: true },
    ],
  },
  {
    name: 'Plans',
    key: 'plans',
    idKey: 'planId',
    columns: [
      { key: 'planId', header: 'Plan ID', type: 'id', required: true },
      customerId,
      { key: 'startDate', header: 'First Due', type: 'date', required: true, aliases: ['Start Date'] },
      { key: 'totalMinor', header: 'Total', type: 'money', required: true, aliases: ['Amount'] },
      currency,
      { key: 'installments', header: 'Installments', type: 'integer', required: true },
      { key: 'frequency', header: 'Frequency', type: 'enum', required: true, values: PLAN_FREQUENCIES },
      { key: 'graceDays', header: 'Grace Days', type: 'integer' },
      { key: 'cancelled', header: 'Cancelled', type: 'boolean' },
      { key: 'note', header: 'Note', type: 'text' },
      { key: 'planStatus', header: 'Plan Status', type: 'text', computed: true },
    ],
  },
  {
    name: 'Activity',
    key: 'activity',
    idKey: 'activityId',
    columns: [
      { key: 'activityId', header: 'Activity ID', type: 'id', required: true },
      customerId,
      { key: 'date', header: 'Date', type: 'date', required: true },
      { key: 'type', header: 'Type', type: 'enum', required: true, values: ACTIVITY_TYPES },
      { key: 'direction', header: 'Direction', type: 'enum', values: ACTIVITY_DIRECTIONS },
      { key: 'stage', header: 'Stage', type: 'text' },
      {
        key: 'outcome',
        header: 'Outcome',
        type: 'text',
        note: 'for calls: `spoke`, `promised-to-pay` or `refused-to-pay` (a conversation with the debtor; no call for 7 days after), `voicemail`, `no-answer`, `wrong-number`',
      },
      { key: 'note', header: 'Note', type: 'text' },
      { key: 'by', header: 'By', type: 'text' },
      {
        key: 'shareable',
        header: 'Shareable',
        type: 'boolean',
        note: 'the note may go to the agency or attorney in a hand-over packet; others stay in the office',
      },
    ],
  },
  {
    name: 'Claims',
    key: 'claims',
    idKey: 'claimId',
    columns: [
      { key: 'claimId', header: 'Claim ID', type: 'id', required: true, aliases: ['Claim', 'Claim #'] },
      { ...customerId, aliases: ['Patient ID', 'Patient'] },
      { key: 'payer', header: 'Payer', type: 'text', required: true, aliases: ['Insurer', 'Payer Name'] },
      {
        key: 'payerId',
        header: 'Payer ID',
        type: 'text',
        aliases: ['Electronic Payer ID', 'EDI Payer ID'],
        note: "The payer's electronic id (NM1*PR on a 276): needed to ask the payer for the claim's status.",
      },
      { key: 'payerType', header: 'Payer Type', type: 'enum', values: PAYER_TYPES },
      { key: 'payerAddress', header: 'Payer Address', type: 'text' },
      {
        key: 'payerClaimNumber',
        header: 'Payer Claim Number',
        type: 'text',
        aliases: ['Payer Claim #', 'ICN', 'Payer Control Number'],
      },
      { key: 'memberId', header: 'Member ID', type: 'text', aliases: ['Subscriber ID', 'Policy Number'] },
      {
        key: 'patientBirthDate',
        header: 'Patient Birth Date',
        type: 'date',
        aliases: ['Date Of Birth', 'DOB', 'Birth Date'],
        note: 'Sent on a claim status request (DMG); many payers need it to find the claim.',
      },
      {
        key: 'serviceFrom',
        header: 'Service From',
        type: 'date',
        required: true,
        aliases: ['Service Date', 'Date Of Service', 'DOS'],
      },
      { key: 'serviceTo', header: 'Service To', type: 'date' },
      { key: 'submittedOn', header: 'Submitted On', type: 'date', aliases: ['Filed On', 'Submitted'] },
      { key: 'billedMinor', header: 'Billed', type: 'money', required: true, aliases: ['Charges'] },
      { key: 'allowedMinor', header: 'Allowed', type: 'money' },
      { key: 'paidMinor', header: 'Paid', type: 'money', aliases: ['Insurer Paid'] },
      {
        key: 'patientResponsibilityMinor',
        header: 'Patient Responsibility',
        type: 'money',
        aliases: ['Patient Resp', 'Patient Share'],
      },
      currency,
      { key: 'status', header: 'Status', type: 'enum', values: CLAIM_STATUSES },
      { key: 'adjustmentCodes', header: 'Adjustment Codes', type: 'list', aliases: ['CARC', 'Codes'] },
      { key: 'remarkCodes', header: 'Remark Codes', type: 'list', aliases: ['RARC', 'Remarks'] },
      {
        key: 'remittanceRefs',
        header: 'Remittance Refs',
        type: 'list',
        aliases: ['Posted Remittances'],
        note: 'Kept by Duebook: the 835 claims already posted to this row, so a file posted twice counts once.',
      },
      { key: 'denialDate', header: 'Denial Date', type: 'date', aliases: ['Denied On'] },
      { key: 'appealDeadline', header: 'Appeal Deadline', type: 'date', aliases: ['Appeal By'] },
      { key: 'appealStatus', header: 'Appeal Status', type: 'enum', values: APPEAL_STATUSES },
      {
        key: 'followUpDate',
        header: 'Follow-up Date',
        type: 'date',
        aliases: ['Follow Up', 'Next Follow-up'],
      },
      {
        key: 'payerStatus',
        header: 'Payer Status',
        type: 'text',
        note: "Kept by Duebook: the payer's last answer to a status request (277), codes then words, e.g. `P3:317 pending information from the provider`.",
      },
      { key: 'payerStatusDate', header: 'Payer Status Date', type: 'date' },
      {
        key: 'statusInquiry',
        header: 'Status Inquiry',
        type: 'text',
        note: 'Kept by Duebook: the trace number of the last status request (276) sent for the claim; the 277 answer echoes it.',
      },
      { key: 'statusInquiryDate', header: 'Status Inquiry Date', type: 'date' },
      { key: 'note', header: 'Note', type: 'text' },
      { key: 'denialCategory', header: 'Denial Category', type: 'text', computed: true },
      { key: 'claimNextStep', header: 'Next Step', type: 'text', computed: true },
      { key: 'appealLetter', header: 'Appeal Letter', type: 'text', computed: true },
    ],
  },
  {
    name: 'Contact Changes',
    key: 'contactChanges',
    idKey: 'changeId',
    columns: [
      { key: 'changeId', header: 'Change ID', type: 'id', required: true },
      customerId,
      { key: 'date', header: 'Date', type: 'date', required: true },
      { key: 'field', header: 'Field', type: 'enum', required: true, values: CONTACT_FIELDS },
      { key: 'oldValue', header: 'Old Value', type: 'text', aliases: ['From'] },
      { key: 'newValue', header: 'New Value', type: 'text', aliases: ['To'] },
      { key: 'source', header: 'Source', type: 'enum', required: true, values: CONTACT_CHANGE_SOURCES },
      { key: 'by', header: 'By', type: 'text' },
      { key: 'undoneOn', header: 'Undone On', type: 'date' },
      { key: 'note', header: 'Note', type: 'text' },
    ],
  },
];

/** The CSV file that holds a tab in a ledger folder: `customers.csv`, `contact-changes.csv`. */
export function tabFileName(name: TabName): string {
  return `${name.toLowerCase().replace(/ /g, '-')}.csv`;
}

/** The tab a sheet or CSV file name stands for, ignoring case, spaces, hyphens and underscores. */
export function tabFromName(name: string): TabName | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
  const wanted = squash(name);
  return TAB_NAMES.find((t) => squash(t) === wanted);
}

export function tabDef(name: TabName): TabDef {
  const def = SCHEMA.find((t) => t.name === name);
  if (!def) throw new RangeError(`unknown tab ${name}`);
  return def;
}

/** One problem with one cell (or a whole row or header when `column` says so). */
export interface ValidationProblem {
  tab: TabName;
  /** 1-based row number as the sheet shows it; the header is row 1. */
  row: number;
  /** Header text of the column, as defined in the schema. */
  column: string;
  code: string;
  message: string;
}

export function formatProblem(p: ValidationProblem): string {
  return `${p.tab} row ${p.row}, ${p.column}: ${p.message}`;
}

const normalizeHeader = (h: string) =>
  h
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .trim();

/** Maps each schema column to its index in a header row (`-1` when absent). */
export function matchHeaders(def: TabDef, header: readonly unknown[]): Map<string, number> {
  const index = new Map<string, number>();
  const normalized = header.map((h) => normalizeHeader(String(h ?? '')));
  for (const col of def.columns) {
    const names = [col.header, ...(col.aliases ?? [])].map(normalizeHeader);
    let found = -1;
    for (const name of names) {
      found = normalized.indexOf(name);
      if (found >= 0) break;
    }
    index.set(col.key, found);
  }
  return index;
}

/** Edit distance between two short strings (headers), for "did you mean". */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * "the header "Due Date" is missing", and when a header the schema did not match is a near miss
 * ("Due Dte"), which one and what it should say.
 */
function missingColumnMessage(
  col: ColumnDef,
  header: readonly unknown[],
  index: Map<string, number>,
): string {
  const used = new Set(index.values());
  const names = [col.header, ...(col.aliases ?? [])].map(normalizeHeader);
  let best: { text: string; at: number; distance: number } | undefined;
  header.forEach((h, at) => {
    if (used.has(at) || typeof h !== 'string' || h.trim() === '') return;
    const text = normalizeHeader(h);
    const distance = Math.min(...names.map((n) => editDistance(text, n)));
    const limit = Math.max(1, Math.floor(col.header.length / 3));
    if (distance <= limit && (!best || distance < best.distance)) best = { text: h.trim(), at, distance };
  });
  const base = `the header "${col.header}" is missing, so no row of this tab was read`;
  return best
    ? `${base}; column ${best.at + 1} is headed "${best.text}": did you mean \`${col.header}\`?`
    : base;
}

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[A-Za-z]{2,}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._\-/#]{0,63}$/;

/** A date typed with a year no ledger date has (0026, 2226). */
const outOfRangeYear = (text: unknown) => {
  const m = typeof text === 'string' ? /^(\d{4})-\d{2}-\d{2}/.exec(text) : null;
  return m !== null && (Number(m[1]) < DATE_YEAR_RANGE.min || Number(m[1]) > DATE_YEAR_RANGE.max);
};

/** A cell read for its column: its typed value, or the problem's code and message. */
export type CellResult = { ok: true; value: unknown } | { ok: false; message: string; code: string };

/**
 * The largest amount one cell may hold, in minor units (1,000,000,000.00 in a 2-decimal currency).
 * At most this per amount, the sum of 90,000 of one customer's items is still an exact integer
 * (Number.MAX_SAFE_INTEGER is about 9.007e15), far beyond what one account's snapshot can hold
 * (MAX_SNAPSHOT_BYTES), so every balance, bucket and total is computed without rounding.
 */
export const MAX_AMOUNT_MINOR = 100_000_000_000;

/** The longest text a cell may hold: Google Sheets' own limit per cell. */
export const MAX_CELL_CHARS = 50_000;

/** How a ledger's cells are read; `numberFormat` says which separator is the decimal one in text amounts. */
export interface ParseOptions {
  numberFormat?: NumberFormat;
}

/**
 * A cell a file reader could not read as a value (a merged cell's hidden part, a formula saved
 * without its result): validation reports its reason on its row and column instead of guessing.
 */
export class UnreadableCell {
  constructor(readonly reason: string) {}
}

/** A value a spreadsheet cell can hold; anything else (a list, an object) is refused, never stringified. */
export function cellValueProblem(raw: unknown): string | undefined {
  if (raw instanceof UnreadableCell) return raw.reason;
  if (raw === null || raw === undefined || raw instanceof Date) return undefined;
  const t = typeof raw;
  if (t === 'string') {
    return (raw as string).length > MAX_CELL_CHARS
      ? `is ${(raw as string).length} characters long; a cell holds at most ${MAX_CELL_CHARS}`
      : undefined;
  }
  if (t === 'number' || t === 'boolean') return undefined;
  return Array.isArray(raw)
    ? 'is a list, not a cell value'
    : `is ${t === 'object' ? 'an object' : `a ${t}`}, not a cell value`;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function allBlank(cells: readonly unknown[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!isBlank(cells[i])) return false;
  return true;
}

/** Column types whose parse depends on the cell's text alone (not the row's currency), so it can be reused. */
const MEMO_TYPES: ReadonlySet<ColumnType> = new Set(['date', 'currency', 'timezone', 'enum']);
/** Distinct texts remembered per column: a calendar of dates and a few codes, not a column of ids. */
const MEMO_LIMIT = 20_000;

/**
 * Minor units of the commonest amount text, digits with two decimals (`3520.36`) in a two-decimal
 * currency, read without a regular expression; -1 for anything else, which `parseMoney` reads (or
 * refuses with its message). At most 9 whole digits, so the result is under `MAX_AMOUNT_MINOR`.
 */
function plainCents(text: unknown, currency: string): number {
  if (typeof text !== 'string') return -1;
  const n = text.length;
  if (n < 4 || n > 12 || text.charCodeAt(n - 3) !== 46 || currencyExponent(currency) !== 2) return -1;
  let minor = 0;
  for (let i = 0; i < n; i++) {
    if (i === n - 3) continue;
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    minor = minor * 10 + d;
  }
  return minor;
}

/** One cell's value for its column (after `cellValueProblem`), or the problem with it; what `parseTabRows` uses. */
export function parseCell(
  col: ColumnDef,
  raw: unknown,
  rowCurrency: string | undefined,
  options: ParseOptions = {},
): CellResult {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  switch (col.type) {
    case 'id': {
      const s = String(text);
      if (!ID.test(s)) {
        return {
          ok: false,
          code: 'SCHEMA.ID_INVALID',
          message: `"${s}" is not a valid id (letters, digits and . _ - / #, at most 64)`,
        };
      }
      return { ok: true, value: s };
    }
    case 'text':
      return { ok: true, value: String(text) };
    case 'date': {
      const d = cellToIsoDate(text);
      if (!d)
        return {
          ok: false,
          code: 'SCHEMA.DATE_INVALID',
          message: outOfRangeYear(text)
            ? `"${String(raw)}" is outside the years ${DATE_YEAR_RANGE.min}-${DATE_YEAR_RANGE.max} (a typing slip?)`
            : `"${String(raw)}" is not a date (use YYYY-MM-DD)`,
        };
      return { ok: true, value: d };
    }
    case 'money': {
      if (!rowCurrency)
        return {
          ok: false,
          code: 'SCHEMA.CURRENCY_MISSING',
          message: 'cannot be read without a valid currency',
        };
      const plain = options.numberFormat !== '1.234,56' ? plainCents(text, rowCurrency) : -1;
      if (plain >= 0) return { ok: true, value: plain };
      const m = parseMoney(text, rowCurrency, options.numberFormat);
      if (!m.ok) return { ok: false, code: 'SCHEMA.AMOUNT_INVALID', message: m.message };
      if (Math.abs(m.minor) > MAX_AMOUNT_MINOR) {
        return {
          ok: false,
          code: 'SCHEMA.AMOUNT_TOO_LARGE',
          message: `is more than ${formatMoney(MAX_AMOUNT_MINOR, rowCurrency)}, the largest amount one row may hold`,
        };
      }
      return { ok: true, value: m.minor };
    }
    case 'currency': {
      const c = String(text).toUpperCase();
      if (!isKnownCurrency(c))
        return {
          ok: false,
          code: 'SCHEMA.CURRENCY_UNKNOWN',
          message: `"${String(raw)}" is not a known ISO currency code`,
        };
      return { ok: true, value: c };
    }
    case 'email': {
      const s = String(text);
      if (!EMAIL.test(s))
        return { ok: false, code: 'SCHEMA.EMAIL_INVALID', message: `"${s}" is not an email address` };
      return { ok: true, value: s };
    }
    case 'timezone': {
      const s = String(text);
      if (!isValidTimeZone(s)) {
        return {
          ok: false,
          code: 'SCHEMA.TIMEZONE_INVALID',
          message: `"${s}" is not an IANA time zone (e.g. America/Chicago)`,
        };
      }
      return { ok: true, value: s };
    }
    case 'enum': {
      const s = String(text).toLowerCase().replace(/\s+/g, '-');
      if (col.values && !col.values.includes(s)) {
        return {
          ok: false,
          code: 'SCHEMA.VALUE_NOT_ALLOWED',
          message: `"${String(raw)}" is not one of ${col.values.join(', ')}`,
        };
      }
      return { ok: true, value: s };
    }
    case 'list': {
      const items = String(text)
        .split(/[,;]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (col.values) {
        const normalized = items.map((s) => s.toLowerCase().replace(/\s+/g, '-'));
        const bad = normalized.filter((s) => !col.values!.includes(s));
        if (bad.length > 0) {
          return {
            ok: false,
            code: 'SCHEMA.VALUE_NOT_ALLOWED',
            message: `${bad.map((b) => `"${b}"`).join(', ')} not one of ${col.values.join(', ')}`,
          };
        }
        return { ok: true, value: [...new Set(normalized)] };
      }
      return { ok: true, value: [...new Set(items)] };
    }
    case 'integer': {
      const n = typeof text === 'number' ? text : Number(String(text));
      if (!Number.isSafeInteger(n) || n < 0)
        return {
          ok: false,
          code: 'SCHEMA.INTEGER_INVALID',
          message: `"${String(raw)}" is not a whole number`,
        };
      return { ok: true, value: n };
    }
    case 'boolean': {
      if (typeof text === 'boolean') return { ok: true, value: text };
      const s = String(text).toLowerCase();
      if (['yes', 'y', 'true', 'x', '1'].includes(s)) return { ok: true, value: true };
      if (['no', 'n', 'false', '0'].includes(s)) return { ok: true, value: false };
      return { ok: false, code: 'SCHEMA.BOOLEAN_INVALID', message: `"${String(raw)}" is not yes or no` };
    }
  }
}

/** The result of validating one tab: good rows as records, every problem with its row and column. */
export interface TabParse<T> {
  records: T[];
  problems: ValidationProblem[];
}

/** A row's cells by column key, after cell-level parsing. */
export type RowFields = Record<string, unknown> & { row: number };

/**
 * Validates one tab given as a 2-D array whose first row is the header (what `getValues()` returns
 * or a CSV reader gives). Blank rows are skipped. A row with any problem is left out of `records`;
 * every other row is kept.
 *
 * @param firstRow the sheet row number of `rows[0]` (1 when the header is the sheet's first row)
 * @param rowNumbers sheet row numbers of `rows[1..]` when they are not contiguous (a sync of changed rows)
 */
export function parseTabRows(
  name: TabName,
  rows: readonly (readonly unknown[])[],
  firstRow = 1,
  rowNumbers?: readonly number[],
  options: ParseOptions = {},
): TabParse<RowFields> {
  const def = tabDef(name);
  const problems: ValidationProblem[] = [];
  const records: RowFields[] = [];
  const header = rows[0] ?? [];
  const index = matchHeaders(def, header);
  for (const col of def.columns) {
    if (col.required && !col.computed && index.get(col.key) === -1) {
      problems.push({
        tab: name,
        row: firstRow,
        column: col.header,
        code: 'SCHEMA.COLUMN_MISSING',
        message: missingColumnMessage(col, header, index),
      });
    }
  }
  if (problems.length > 0) return { records, problems };
  const currencyIdx = index.get('currency') ?? -1;
  // Dates, currencies, zones and enum values repeat down a column: each distinct text is parsed once.
  const memos = def.columns.map((col) =>
    MEMO_TYPES.has(col.type) ? new Map<string, CellResult>() : undefined,
  );
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r]!;
    if (allBlank(cells)) continue;
    const rowNumber = rowNumbers?.[r - 1] ?? firstRow + r;
    const fields: RowFields = { row: rowNumber };
    const rowProblems: ValidationProblem[] = [];
    let rowCurrency: string | undefined;
    if (currencyIdx >= 0 && !isBlank(cells[currencyIdx])) {
      const c =
        typeof cells[currencyIdx] === 'string' ? (cells[currencyIdx] as string).trim().toUpperCase() : '';
      if (isKnownCurrency(c)) rowCurrency = c;
    }
    for (let c = 0; c < def.columns.length; c++) {
      const col = def.columns[c]!;
      if (col.computed) continue;
      const i = index.get(col.key) ?? -1;
      const raw = i >= 0 ? cells[i] : undefined;
      if (isBlank(raw)) {
        if (col.required) {
          rowProblems.push({
            tab: name,
            row: rowNumber,
            column: col.header,
            code: 'SCHEMA.REQUIRED',
            message: 'is required',
          });
        }
        continue;
      }
      const memo = typeof raw === 'string' ? memos[c] : undefined;
      let parsed = memo?.get(raw as string);
      if (parsed === undefined) {
        const badValue = cellValueProblem(raw);
        parsed = badValue
          ? { ok: false, code: 'SCHEMA.CELL_INVALID', message: badValue }
          : parseCell(col, raw, rowCurrency, options);
        if (memo && memo.size < MEMO_LIMIT) memo.set(raw as string, parsed);
      }
      if (parsed.ok) {
        fields[col.key] = parsed.value;
      } else if (!(col.type === 'money' && parsed.code === 'SCHEMA.CURRENCY_MISSING' && currencyIdx >= 0)) {
        // An amount without a currency is reported once, on the Currency column, not twice.
        rowProblems.push({
          tab: name,
          row: rowNumber,
          column: col.header,
          code: parsed.code,
          message: parsed.message,
        });
      }
    }
    const broken = rowProblems.length === 0 ? rowRuleProblem(name, fields) : undefined;
    if (broken) rowProblems.push(broken);
    if (rowProblems.length > 0) problems.push(...rowProblems);
    else records.push(fields);
  }
  return { records, problems };
}

function problem(
  tab: TabName,
  row: number,
  column: string,
  code: string,
  message: string,
): ValidationProblem {
  return { tab, row, column, code, message };
}

/** A ledger given as 2-D arrays per tab (missing tabs are empty). */
export type LedgerRows = Partial<Record<TabName, readonly (readonly unknown[])[]>>;

export interface LedgerParse {
  ledger: Ledger;
  problems: ValidationProblem[];
  /**
   * Tabs refused as a whole (a required column is missing): none of their rows was read, so the
   * ledger is not the office's ledger and commands must not report on it as if it were.
   */
  refused?: TabName[];
}

const opt = <T>(v: unknown): T | undefined => (v === undefined ? undefined : (v as T));

/**
 * Validates a whole ledger: every tab's cells, then the rules across rows and tabs (unique ids,
 * known customers, due date not before invoice date, payments naming invoices of the same customer
 * and currency). Rows with problems are left out; the rest form the ledger.
 */
export function parseLedger(tabs: LedgerRows, options: ParseOptions = {}): LedgerParse {
  const problems: ValidationProblem[] = [];
  const parsed = {} as Record<TabName, RowFields[]>;
  const refused: TabName[] = [];
  for (const def of SCHEMA) {
    const rows = tabs[def.name];
    if (!rows || rows.length === 0) {
      parsed[def.name] = [];
      continue;
    }
    const result = parseTabRows(def.name, rows, 1, undefined, options);
    if (result.problems.some((p) => p.code === 'SCHEMA.COLUMN_MISSING')) refused.push(def.name);
    problems.push(...result.problems);
    parsed[def.name] = dropDuplicateIds(def, result.records, problems);
  }
  const built = ledgerFromFields(parsed);
  // With a tab refused, every row naming its rows ("no customer C-1", "not an invoice of") would
  // bury the one cause: only the problems rows have on their own are reported.
  problems.push(
    ...(refused.length > 0 ? built.problems.filter((p) => !CROSS_TAB.has(p.code)) : built.problems),
  );
  problems.sort((a, b) => TAB_NAMES.indexOf(a.tab) - TAB_NAMES.indexOf(b.tab) || a.row - b.row);
  return { ledger: built.ledger, problems, ...(refused.length > 0 ? { refused } : {}) };
}

/** Problem codes that name another row (of this tab or another): follow-ons of a refused tab. */
const CROSS_TAB = new Set(['SCHEMA.CUSTOMER_UNKNOWN', 'SCHEMA.INVOICE_MISMATCH']);

/** A Payments row's checked fields as the ledger's Payment (the row path and the columnar reader). */
export function paymentOfFields(f: RowFields): Payment {
  const status = (f.status as Payment['status'] | undefined) ?? 'posted';
  return {
    row: f.row,
    paymentId: f.paymentId as string,
    customerId: f.customerId as string,
    date: f.date as IsoDate,
    amountMinor: f.amountMinor as number,
    currency: f.currency as string,
    appliesTo: (f.appliesTo as string[] | undefined) ?? [],
    status,
    returnedDate:
      status === 'returned' ? ((f.returnedDate as IsoDate | undefined) ?? (f.date as IsoDate)) : undefined,
    method: opt(f.method),
    reference: opt(f.reference),
  };
}

/**
 * Turns cell-validated rows (from `parseTabRows`, or as the backend stored them) into a ledger,
 * checking the rules across rows and tabs. Rows that break one are left out and reported.
 */
export function ledgerFromFields(parsed: Partial<Record<TabName, readonly RowFields[]>>): LedgerParse {
  const problems: ValidationProblem[] = [];
  const tab = (name: TabName) => parsed[name] ?? [];
  const customers: Customer[] = tab('Customers')
    .filter((f) => passesRowRules('Customers', f, problems))
    .map((f) => ({
      row: f.row,
      customerId: f.customerId as string,
      name: f.name as string,
      email: opt(f.email),
      phone: opt(f.phone),
      address: opt(f.address),
      timeZone: opt(f.timeZone),
      flags: withDeceasedFlag(f),
      contactPreset: opt(f.contactPreset),
      dunning: opt(f.dunning),
      ladder: opt(f.ladder),
      placedWith: opt(f.placedWith),
      placedOn: opt(f.placedOn),
      attorneyName: opt(f.attorneyName),
      attorneyContact: opt(f.attorneyContact),
      deceasedOn: opt(f.deceasedOn),
      phoneType: opt(f.phoneType),
      consentEmail: opt(f.consentEmail),
      consentText: opt(f.consentText),
      emailAtWork: opt(f.emailAtWork),
      preferredLanguage: opt(f.preferredLanguage),
      feesAgreed: opt(f.feesAgreed),
      debtType: opt(f.debtType),
      debtorType: opt(f.debtorType),
    }));
  const customerIds = new Set(customers.map((c) => c.customerId));
  const knownCustomer = (tab: TabName, f: RowFields) => {
    if (customerIds.has(f.customerId as string)) return true;
    problems.push(
      problem(
        tab,
        f.row,
        'Customer ID',
        'SCHEMA.CUSTOMER_UNKNOWN',
        `no customer "${String(f.customerId)}" on the Customers tab`,
      ),
    );
    return false;
  };

  const invoices: Invoice[] = [];
  for (const f of tab('Invoices')) {
    if (!knownCustomer('Invoices', f) || !passesRowRules('Invoices', f, problems)) continue;
    invoices.push({
      row: f.row,
      invoiceId: f.invoiceId as string,
      customerId: f.customerId as string,
      invoiceDate: f.invoiceDate as IsoDate,
      dueDate: f.dueDate as IsoDate,
      amountMinor: f.amountMinor as number,
      currency: f.currency as string,
      status: (f.status as Invoice['status'] | undefined) ?? 'open',
      matter: opt(f.matter),
      description: opt(f.description),
    });
  }
  const invoiceById = new Map(invoices.map((i) => [i.invoiceId, i]));

  const adjustments: Adjustment[] = [];
  for (const f of tab('Adjustments')) {
    if (!knownCustomer('Adjustments', f) || !passesRowRules('Adjustments', f, problems)) continue;
    const target = f.invoiceId === undefined ? undefined : invoiceById.get(f.invoiceId as string);
    if (
      f.invoiceId !== undefined &&
      (!target || target.customerId !== f.customerId || target.currency !== f.currency)
    ) {
      problems.push(
        problem(
          'Adjustments',
          f.row,
          'Invoice ID',
          'SCHEMA.INVOICE_MISMATCH',
          `"${String(f.invoiceId)}" is not an invoice of ${String(f.customerId)} in ${String(f.currency)}`,
        ),
      );
      continue;
    }
    adjustments.push({
      row: f.row,
      adjustmentId: f.adjustmentId as string,
      customerId: f.customerId as string,
      date: f.date as IsoDate,
      type: f.type as Adjustment['type'],
      amountMinor: f.amountMinor as number,
      currency: f.currency as string,
      invoiceId: opt(f.invoiceId),
      policy: opt(f.policy),
      waivedOn: opt(f.waivedOn),
      note: opt(f.note),
    });
  }
  const chargeById = new Map(adjustments.map((a) => [a.adjustmentId, a]));

  const payments: Payment[] = [];
  for (const f of tab('Payments')) {
    if (!knownCustomer('Payments', f) || !passesRowRules('Payments', f, problems)) continue;
    const appliesTo = (f.appliesTo as string[] | undefined) ?? [];
    const bad = appliesTo.filter((id) => {
      const inv = invoiceById.get(id);
      // A charge, like an invoice, must be the payer's own and in the payment's currency.
      const item = inv ?? chargeById.get(id);
      return !item || item.customerId !== f.customerId || item.currency !== f.currency;
    });
    if (bad.length > 0) {
      problems.push(
        problem(
          'Payments',
          f.row,
          'Applies To',
          'SCHEMA.INVOICE_MISMATCH',
          `${bad.map((b) => `"${b}"`).join(', ')} not an open item of ${String(f.customerId)} in ${String(f.currency)}`,
        ),
      );
      continue;
    }
    payments.push(paymentOfFields(f));
  }

  const promises: PromiseToPay[] = [];
  for (const f of tab('Promises')) {
    if (!knownCustomer('Promises', f) || !passesRowRules('Promises', f, problems)) continue;
    promises.push({
      row: f.row,
      promiseId: f.promiseId as string,
      customerId: f.customerId as string,
      takenOn: f.takenOn as IsoDate,
      promisedDate: f.promisedDate as IsoDate,
      amountMinor: f.amountMinor as number,
      currency: f.currency as string,
      cancelled: (f.cancelled as boolean | undefined) ?? false,
      note: opt(f.note),
    });
  }

  const plans: PaymentPlan[] = [];
  for (const f of tab('Plans')) {
    if (!knownCustomer('Plans', f) || !passesRowRules('Plans', f, problems)) continue;
    const n = f.installments as number;
    plans.push({
      row: f.row,
      planId: f.planId as string,
      customerId: f.customerId as string,
      startDate: f.startDate as IsoDate,
      totalMinor: f.totalMinor as number,
      currency: f.currency as string,
      installments: n,
      frequency: f.frequency as PaymentPlan['frequency'],
      graceDays: (f.graceDays as number | undefined) ?? 5,
      cancelled: (f.cancelled as boolean | undefined) ?? false,
      note: opt(f.note),
    });
  }

  const activity: Activity[] = [];
  for (const f of tab('Activity')) {
    if (!knownCustomer('Activity', f) || !passesRowRules('Activity', f, problems)) continue;
    activity.push({
      row: f.row,
      activityId: f.activityId as string,
      customerId: f.customerId as string,
      date: f.date as IsoDate,
      type: f.type as Activity['type'],
      direction: (f.direction as Activity['direction'] | undefined) ?? 'outbound',
      stage: opt(f.stage),
      outcome: opt(f.outcome),
      note: opt(f.note),
      by: opt(f.by),
      shareable: opt(f.shareable),
    });
  }

  const claims: Claim[] = [];
  for (const f of tab('Claims')) {
    if (!knownCustomer('Claims', f) || !passesRowRules('Claims', f, problems)) continue;
    claims.push({
      row: f.row,
      claimId: f.claimId as string,
      customerId: f.customerId as string,
      payer: f.payer as string,
      payerId: opt(f.payerId),
      payerType: (f.payerType as Claim['payerType'] | undefined) ?? 'commercial',
      payerAddress: opt(f.payerAddress),
      payerClaimNumber: opt(f.payerClaimNumber),
      memberId: opt(f.memberId),
      patientBirthDate: opt(f.patientBirthDate),
      serviceFrom: f.serviceFrom as IsoDate,
      serviceTo: opt(f.serviceTo),
      submittedOn: opt(f.submittedOn),
      billedMinor: f.billedMinor as number,
      allowedMinor: opt(f.allowedMinor),
      paidMinor: opt(f.paidMinor),
      patientResponsibilityMinor: opt(f.patientResponsibilityMinor),
      currency: f.currency as string,
      status: (f.status as Claim['status'] | undefined) ?? 'submitted',
      adjustmentCodes: (f.adjustmentCodes as string[] | undefined) ?? [],
      remarkCodes: (f.remarkCodes as string[] | undefined) ?? [],
      remittanceRefs: (f.remittanceRefs as string[] | undefined) ?? [],
      denialDate: opt(f.denialDate),
      appealDeadline: opt(f.appealDeadline),
      appealStatus: (f.appealStatus as Claim['appealStatus'] | undefined) ?? 'none',
      followUpDate: opt(f.followUpDate),
      payerStatus: opt(f.payerStatus),
      payerStatusDate: opt(f.payerStatusDate),
      statusInquiry: opt(f.statusInquiry),
      statusInquiryDate: opt(f.statusInquiryDate),
      note: opt(f.note),
    });
  }

  const contactChanges: ContactChange[] = [];
  for (const f of tab('Contact Changes')) {
    if (!knownCustomer('Contact Changes', f) || !passesRowRules('Contact Changes', f, problems)) continue;
    contactChanges.push({
      row: f.row,
      changeId: f.changeId as string,
      customerId: f.customerId as string,
      date: f.date as IsoDate,
      field: f.field as ContactChange['field'],
      oldValue: opt(f.oldValue),
      newValue: opt(f.newValue),
      source: f.source as ContactChange['source'],
      by: opt(f.by),
      undoneOn: opt(f.undoneOn),
      note: opt(f.note),
    });
  }

  problems.sort((a, b) => TAB_NAMES.indexOf(a.tab) - TAB_NAMES.indexOf(b.tab) || a.row - b.row);
  return {
    ledger: { customers, invoices, payments, adjustments, promises, plans, activity, claims, contactChanges },
    problems,
  };
}

/**
 * A customer's flags; a Deceased On date implies `deceased` even when the clerk did not tick the
 * flag, because contact must stop the day the office learns of the death.
 */
function withDeceasedFlag(f: RowFields): Customer['flags'] {
  const flags = (f.flags as Customer['flags'] | undefined) ?? [];
  return f.deceasedOn !== undefined && !flags.includes('deceased') ? [...flags, 'deceased'] : flags;
}

/** A rule one row must keep on its own (no other row needed): the problem, or undefined. */
type RowRule = (f: RowFields) => { column: string; code: string; message: string } | undefined;

const before = (a: unknown, b: unknown) =>
  a !== undefined && b !== undefined && toDay(a as IsoDate) < toDay(b as IsoDate);
const amount = (f: RowFields, key: string) => f[key] as number;

/**
 * The rules each row must keep on its own, per tab, checked by `parseTabRows` (so the API's sync
 * and postings, the CLI and the add-on all refuse the same rows) and again by `ledgerFromFields`
 * for rows stored before a rule existed. Rules across rows and tabs live in `ledgerFromFields`.
 */
export const ROW_RULES: Readonly<Record<TabName, readonly RowRule[]>> = {
  Customers: [],
  Invoices: [
    (f) =>
      before(f.dueDate, f.invoiceDate)
        ? {
            column: 'Due Date',
            code: 'SCHEMA.DUE_BEFORE_ISSUE',
            message: `${String(f.dueDate)} is before the invoice date ${String(f.invoiceDate)}`,
          }
        : undefined,
    (f) =>
      amount(f, 'amountMinor') < 0
        ? {
            column: 'Amount',
            code: 'SCHEMA.AMOUNT_NEGATIVE',
            message: 'must not be negative (enter a credit note on the Adjustments tab)',
          }
        : undefined,
  ],
  Adjustments: [
    (f) =>
      amount(f, 'amountMinor') <= 0
        ? {
            column: 'Amount',
            code: 'SCHEMA.AMOUNT_NOT_POSITIVE',
            message: 'must be more than zero (the Type says which way it moves the balance)',
          }
        : undefined,
  ],
  Payments: [
    (f) =>
      amount(f, 'amountMinor') <= 0
        ? {
            column: 'Amount',
            code: 'SCHEMA.AMOUNT_NOT_POSITIVE',
            message: 'must be more than zero (mark a bounced payment with Status "returned")',
          }
        : undefined,
    (f) =>
      f.returnedDate !== undefined && (f.status ?? 'posted') !== 'returned'
        ? {
            column: 'Returned Date',
            code: 'SCHEMA.RETURNED_DATE_WITHOUT_STATUS',
            message: 'is set but Status is not "returned"',
          }
        : undefined,
    (f) =>
      before(f.returnedDate, f.date)
        ? {
            column: 'Returned Date',
            code: 'SCHEMA.RETURNED_BEFORE_PAID',
            message: 'is before the payment date',
          }
        : undefined,
  ],
  Promises: [
    (f) =>
      amount(f, 'amountMinor') <= 0
        ? { column: 'Amount', code: 'SCHEMA.AMOUNT_NOT_POSITIVE', message: 'must be more than zero' }
        : undefined,
    (f) =>
      before(f.promisedDate, f.takenOn)
        ? {
            column: 'Promised Date',
            code: 'SCHEMA.PROMISE_BEFORE_TAKEN',
            message: 'is before the day the promise was taken',
          }
        : undefined,
  ],
  Plans: [
    (f) =>
      amount(f, 'totalMinor') <= 0
        ? { column: 'Total', code: 'SCHEMA.AMOUNT_NOT_POSITIVE', message: 'must be more than zero' }
        : undefined,
    (f) =>
      amount(f, 'installments') < 1 || amount(f, 'installments') > 120
        ? { column: 'Installments', code: 'SCHEMA.INSTALLMENTS_RANGE', message: 'must be between 1 and 120' }
        : undefined,
    (f) =>
      amount(f, 'totalMinor') < amount(f, 'installments')
        ? {
            column: 'Total',
            code: 'SCHEMA.INSTALLMENT_TOO_SMALL',
            message: 'is less than one minor unit per installment',
          }
        : undefined,
    (f) =>
      f.graceDays !== undefined && amount(f, 'graceDays') > 365
        ? { column: 'Grace Days', code: 'SCHEMA.GRACE_DAYS_RANGE', message: 'must be at most 365 days' }
        : undefined,
  ],
  Activity: [],
  Claims: [
    claimMoneyProblem,
    (f) =>
      before(f.serviceTo, f.serviceFrom)
        ? { column: 'Service To', code: 'SCHEMA.SERVICE_TO_BEFORE_FROM', message: 'is before Service From' }
        : undefined,
  ],
  'Contact Changes': [
    (f) =>
      before(f.undoneOn, f.date)
        ? { column: 'Undone On', code: 'SCHEMA.UNDONE_BEFORE_CHANGE', message: 'is before the change' }
        : undefined,
  ],
};

/** The first row rule `f` breaks, as a problem of `tab`, or undefined. */
export function rowRuleProblem(tab: TabName, f: RowFields): ValidationProblem | undefined {
  for (const rule of ROW_RULES[tab]) {
    const broken = rule(f);
    if (broken) return problem(tab, f.row, broken.column, broken.code, broken.message);
  }
  return undefined;
}

function passesRowRules(tab: TabName, f: RowFields, problems: ValidationProblem[]): boolean {
  const broken = rowRuleProblem(tab, f);
  if (broken) problems.push(broken);
  return broken === undefined;
}

/** Claim amounts: none negative, and the insurer cannot allow more than was billed. */
function claimMoneyProblem(f: RowFields): { column: string; code: string; message: string } | undefined {
  const money: [string, string][] = [
    ['billedMinor', 'Billed'],
    ['allowedMinor', 'Allowed'],
    ['paidMinor', 'Paid'],
    ['patientResponsibilityMinor', 'Patient Responsibility'],
  ];
  for (const [key, column] of money) {
    if (f[key] !== undefined && (f[key] as number) < 0) {
      return { column, code: 'SCHEMA.AMOUNT_NEGATIVE', message: 'must not be negative' };
    }
  }
  // Paid may exceed Billed (a payer adds prompt-pay interest to CLP04); Allowed may not.
  if (f.allowedMinor !== undefined && (f.allowedMinor as number) > (f.billedMinor as number)) {
    return { column: 'Allowed', code: 'SCHEMA.MORE_THAN_BILLED', message: 'is more than the billed amount' };
  }
  return undefined;
}

function dropDuplicateIds(def: TabDef, records: RowFields[], problems: ValidationProblem[]): RowFields[] {
  const seen = new Map<string, number>();
  const idHeader = def.columns.find((c) => c.key === def.idKey)!.header;
  const kept: RowFields[] = [];
  for (const r of records) {
    const id = r[def.idKey] as string;
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push(
        problem(def.name, r.row, idHeader, 'SCHEMA.ID_DUPLICATE', `"${id}" is already used on row ${first}`),
      );
      continue;
    }
    seen.set(id, r.row);
    kept.push(r);
  }
  return kept;
}
