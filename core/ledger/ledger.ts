// The ledger's records as core sees them once a tab has been validated: one type per tab.
import type { IsoDate } from './dates.js';

/** Flags a clerk sets on a customer. Each one blocks some or all outreach (see guardrails). */
export const CUSTOMER_FLAGS = [
  'dispute',
  'bankruptcy',
  'deceased',
  'cease-contact',
  'attorney',
  'opted-out',
  'email-suppressed',
  'mail-returned',
  'placed',
  'credit-hold',
] as const;
export type CustomerFlag = (typeof CUSTOMER_FLAGS)[number];

/** Contact-limit presets; see `contact-rules.ts`. */
export const CONTACT_PRESETS = ['federal', 'massachusetts', 'new-york-city'] as const;
export type ContactPreset = (typeof CONTACT_PRESETS)[number];

/** Whether the customer's phone is their own (home, mobile) or another number (work); Massachusetts caps differ. */
export const PHONE_TYPES = ['personal', 'work'] as const;
export type PhoneType = (typeof PHONE_TYPES)[number];

/** Kinds of debt, for the statute-of-limitations table (see `core/compliance/limitations.ts`). */
export const DEBT_TYPES = [
  'written-contract',
  'oral-contract',
  'open-account',
  'promissory-note',
  'medical',
] as const;
export type DebtType = (typeof DEBT_TYPES)[number];

/**
 * Who owes: a person (a consumer debt, for personal, family or household purposes) or a business.
 * The FDCPA, Reg F and the state consumer-collection rules cover consumer debts only.
 */
export const DEBTOR_TYPES = ['consumer', 'business'] as const;
export type DebtorType = (typeof DEBTOR_TYPES)[number];

export const DUNNING_MODES = ['hold', 'sequential', 'catch-up'] as const;
export type DunningMode = (typeof DUNNING_MODES)[number];

export interface Customer {
  row: number;
  customerId: string;
  name: string;
  email?: string;
  phone?: string;
  address?: string;
  /** IANA zone; blank in the sheet means the office's zone, filled in by the caller. */
  timeZone?: string;
  flags: CustomerFlag[];
  contactPreset?: ContactPreset;
  /** Per-customer override of the office's dunning mode; `hold` stops automated dunning. */
  dunning?: DunningMode;
  /** Name of a ladder in the policy other than the default one. */
  ladder?: string;
  /** Attorney or agency the account was handed over to (set with the `placed` flag). */
  placedWith?: string;
  placedOn?: IsoDate;
  /** With the `attorney` flag: the debtor's attorney, and how to reach them (Reg F 1006.6(b)(2)). */
  attorneyName?: string;
  attorneyContact?: string;
  /** The day the office learned of the death; personal data is purged a retention period later. */
  deceasedOn?: IsoDate;
  /** `work` when the phone is not the customer's own number (Massachusetts: 2 calls in 30 days). */
  phoneType?: PhoneType;
  /** The customer agreed in writing to email (New York City requires it; so does a workplace address). */
  consentEmail?: boolean;
  /** The customer agreed in writing to text messages. */
  consentText?: boolean;
  /** The email address is provided by the customer's employer (12 CFR 1006.22(f)(3)). */
  emailAtWork?: boolean;
  /** The language the customer prefers, as they said it (New York City asks and records it). */
  preferredLanguage?: string;
  /** The contract authorises late fees and interest; without it none are charged. */
  feesAgreed?: boolean;
  /** Kind of debt, for the statute of limitations; blank reads as `written-contract`. */
  debtType?: DebtType;
  /** Consumer or business; blank is derived (see `core/compliance/debtor-type.ts`). */
  debtorType?: DebtorType;
}

export const INVOICE_STATUSES = ['open', 'disputed', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface Invoice {
  row: number;
  invoiceId: string;
  customerId: string;
  invoiceDate: IsoDate;
  dueDate: IsoDate;
  amountMinor: number;
  currency: string;
  status: InvoiceStatus;
  matter?: string;
  description?: string;
}

export const PAYMENT_STATUSES = ['posted', 'returned'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface Payment {
  row: number;
  paymentId: string;
  customerId: string;
  date: IsoDate;
  amountMinor: number;
  currency: string;
  /** Invoice (or charge) ids the payer named; empty means oldest first. */
  appliesTo: string[];
  status: PaymentStatus;
  /** When the bank returned it (NSF); defaults to the payment date when only the status says so. */
  returnedDate?: IsoDate;
  method?: string;
  reference?: string;
}

/** Adjustment lines: charges raise the balance, credits lower it. */
export const ADJUSTMENT_TYPES = [
  'late-fee',
  'interest',
  'returned-payment-fee',
  'credit-note',
  'write-off',
] as const;
export type AdjustmentType = (typeof ADJUSTMENT_TYPES)[number];
export const CHARGE_TYPES: ReadonlySet<AdjustmentType> = new Set([
  'late-fee',
  'interest',
  'returned-payment-fee',
]);

export interface Adjustment {
  row: number;
  adjustmentId: string;
  customerId: string;
  date: IsoDate;
  type: AdjustmentType;
  /** Always positive; the type says which way it moves the balance. */
  amountMinor: number;
  currency: string;
  /** The invoice a credit or write-off reduces, or the invoice a fee was charged on. */
  invoiceId?: string;
  /** The policy rule that produced a fee or interest line (e.g. `late-fee/v1`). */
  policy?: string;
  /** Set when the charge was waived; a waived charge no longer counts toward the balance. */
  waivedOn?: IsoDate;
  note?: string;
}

export const PROMISE_STATUSES = ['pending', 'kept', 'partly-kept', 'broken', 'cancelled'] as const;
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];

export interface PromiseToPay {
  row: number;
  promiseId: string;
  customerId: string;
  /** The day the promise was taken. */
  takenOn: IsoDate;
  /** The day the customer promised to pay by. */
  promisedDate: IsoDate;
  amountMinor: number;
  currency: string;
  /** `cancelled` set by a clerk; other statuses are computed. */
  cancelled: boolean;
  note?: string;
}

export const PLAN_FREQUENCIES = ['weekly', 'biweekly', 'monthly'] as const;
export type PlanFrequency = (typeof PLAN_FREQUENCIES)[number];

export interface PaymentPlan {
  row: number;
  planId: string;
  customerId: string;
  /** Due date of the first installment. */
  startDate: IsoDate;
  totalMinor: number;
  currency: string;
  installments: number;
  frequency: PlanFrequency;
  /** Days after an installment's due date before it counts as missed. */
  graceDays: number;
  cancelled: boolean;
  note?: string;
}

export const ACTIVITY_TYPES = ['email', 'letter', 'call', 'sms', 'visit', 'note'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const ACTIVITY_DIRECTIONS = ['outbound', 'inbound'] as const;
export type ActivityDirection = (typeof ACTIVITY_DIRECTIONS)[number];

export interface Activity {
  row: number;
  activityId: string;
  customerId: string;
  date: IsoDate;
  type: ActivityType;
  direction: ActivityDirection;
  /** The dunning stage this contact carried out, if it was one. */
  stage?: string;
  /**
   * What happened; `spoke` (a conversation) holds calls for 7 days (see `CONVERSATION_OUTCOMES`);
   * `acknowledged-in-writing` on an inbound letter may restart the limitation period (see
   * `core/compliance/limitation-restarts.ts`).
   */
  outcome?: string;
  note?: string;
  by?: string;
  /** The note may be shared with an attorney or agency the account is placed with. */
  shareable?: boolean;
}

export const CLAIM_STATUSES = [
  'submitted',
  'pending',
  'paid',
  'partly-paid',
  'denied',
  'reversed',
  'appealed',
  'closed',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const APPEAL_STATUSES = ['none', 'drafted', 'submitted', 'won', 'lost'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** Payer kinds; appeal and timely-filing deadlines default per kind (see `core/claims`). */
export const PAYER_TYPES = [
  'commercial',
  'medicare',
  'medicaid',
  'tricare',
  'workers-comp',
  'auto',
  'other',
] as const;
export type PayerType = (typeof PAYER_TYPES)[number];

/** An insurance claim for a patient (the customer); the insurer owes it, the patient owes their share. */
export interface Claim {
  row: number;
  claimId: string;
  customerId: string;
  payer: string;
  /** The payer's electronic id (NM1*PR, qualifier PI), for claim status requests. */
  payerId?: string;
  payerType: PayerType;
  payerAddress?: string;
  /** The payer's internal control number (CLP07 on an 835). */
  payerClaimNumber?: string;
  memberId?: string;
  /** Sent on a 276 (DMG); many payers need it to find the claim. */
  patientBirthDate?: IsoDate;
  serviceFrom: IsoDate;
  serviceTo?: IsoDate;
  submittedOn?: IsoDate;
  billedMinor: number;
  allowedMinor?: number;
  paidMinor?: number;
  patientResponsibilityMinor?: number;
  currency: string;
  status: ClaimStatus;
  /** Group code and reason code pairs as on the remittance, e.g. `CO-45`, `PR-1`, `CO-197`. */
  adjustmentCodes: string[];
  /** Remark codes (RARC), e.g. `N30`, `MA130`. */
  remarkCodes: string[];
  /** Posting keys of the 835 claims already posted here (see core/claims/remittance-posting.ts); makes posting idempotent. */
  remittanceRefs?: string[];
  denialDate?: IsoDate;
  appealDeadline?: IsoDate;
  appealStatus: AppealStatus;
  followUpDate?: IsoDate;
  /** The payer's last answer to a status request (277): codes then words, see core/claims/claim-status-inquiry.ts. */
  payerStatus?: string;
  payerStatusDate?: IsoDate;
  /** Trace number (TRN02) of the last 276 sent for this claim; a 277 answer is matched by it. */
  statusInquiry?: string;
  statusInquiryDate?: IsoDate;
  note?: string;
}

export const CONTACT_FIELDS = ['email', 'phone', 'address'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
export const CONTACT_CHANGE_SOURCES = [
  'clerk',
  'customer',
  'email-bounce',
  'mail-returned',
  'skip-trace',
  'import',
] as const;
export type ContactChangeSource = (typeof CONTACT_CHANGE_SOURCES)[number];

/** One change to a customer's email, phone or address: who, when, from where; undone by a later row. */
export interface ContactChange {
  row: number;
  changeId: string;
  customerId: string;
  date: IsoDate;
  field: ContactField;
  oldValue?: string;
  newValue?: string;
  source: ContactChangeSource;
  by?: string;
  /** Set when the change was taken back; the old value is in force again. */
  undoneOn?: IsoDate;
  note?: string;
}

/** A whole validated ledger. Rows that failed validation are not here; see `ValidationProblem`. */
export interface Ledger {
  customers: Customer[];
  invoices: Invoice[];
  payments: Payment[];
  adjustments: Adjustment[];
  promises: PromiseToPay[];
  plans: PaymentPlan[];
  activity: Activity[];
  claims: Claim[];
  contactChanges: ContactChange[];
}

export function emptyLedger(): Ledger {
  return {
    customers: [],
    invoices: [],
    payments: [],
    adjustments: [],
    promises: [],
    plans: [],
    activity: [],
    claims: [],
    contactChanges: [],
  };
}
