import {
  ACTIVITY_DIRECTIONS,
  ACTIVITY_TYPES,
  ADJUSTMENT_TYPES,
  APPEAL_STATUSES,
  CLAIM_STATUSES,
  CONTACT_CHANGE_SOURCES,
  CONTACT_FIELDS,
  CONTACT_PRESETS,
  CUSTOMER_FLAGS,
  DEBT_TYPES,
  DEBTOR_TYPES,
  DUNNING_MODES,
  INVOICE_STATUSES,
  type Ledger,
  PAYER_TYPES,
  PAYMENT_STATUSES,
  PHONE_TYPES,
  PLAN_FREQUENCIES,
} from './ledger.js';

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
        note: "for calls: `spoke`, `promised-to-pay` or `refused-to-pay` (a conversation with the debtor; no call for 7 days after), `voicemail`, `no-answer`, `wrong-number`; for an inbound letter: `acknowledged-in-writing` (the debtor signed a writing that acknowledges the debt or promises to pay it: where the state's law says so, it restarts the limitation period, see docs/compliance.md)",
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
