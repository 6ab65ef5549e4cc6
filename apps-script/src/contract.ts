// The calls the sidebar and dialogs make to the add-on's server side through `google.script.run`,
// and what each returns. Shared by `apps-script/src` (server) and `apps-script/ui` (client pages):
// change both together.

import type { CallScript } from '../../core/collections/call-scripts.js';
import type { MemberRole, MembersOverview, NewOffice, OfficeStatus } from './members-contract.js';
import type { SendingView } from './sending-contract.js';

/** Every server call answers with a result rather than throwing, so the page can say what to do. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: UiError };

export type UiErrorKind =
  /** The backend did not answer (network, DNS, 5xx, timeout): try again later. */
  | 'unreachable'
  /** The backend refused the identity (401/403): sign in again or ask for access. */
  | 'unauthorized'
  /** Several Google accounts are signed in and Apps Script picked another one. */
  | 'multiple-accounts'
  /** The input was rejected; `fields` names what to fix. */
  | 'invalid'
  /** The selected row is not on a ledger tab or names no customer. */
  | 'no-selection'
  | 'other';

export interface UiError {
  kind: UiErrorKind;
  /** One or two sentences a clerk can act on. */
  message: string;
  fields?: { field: string; message: string }[];
}

export interface MoneyLine {
  currency: string;
  /** Formatted for display, e.g. `$1,234.50`. */
  text: string;
  minor: number;
}

export interface CustomerPanel {
  asOf: string;
  customerId: string;
  name: string;
  email?: string;
  phone?: string;
  address?: string;
  flags: string[];
  /** With the attorney flag: who represents the customer; absent fields are for the clerk to fill in. */
  attorney?: { name?: string; contact?: string };
  balances: MoneyLine[];
  /** Late-fee and interest rows the compliance rules refuse, each with why: left out of the balances. */
  notCharged?: string[];
  /** One entry per aging bucket with an amount, oldest last. */
  aging: { label: string; amount: MoneyLine }[];
  openInvoices: {
    invoiceId: string;
    dueDate: string;
    daysPastDue: number;
    open: MoneyLine;
    matter?: string;
  }[];
  /** `stageLabel`: the stage's name a clerk reads (`60-day reminder`); absent from older servers. */
  nextAction?: { stage: string; stageLabel?: string; channel: string; date: string; why: string };
  /** Why nothing will be sent, when a guardrail blocks outreach. */
  blocked?: string;
  /**
   * Set when the next action could not be asked of the backend (unreachable, not synced yet): the
   * panel then shows what the sheet alone says.
   */
  statusNote?: string;
  promises: { promiseId: string; promisedDate: string; amount: MoneyLine; status: string }[];
  plans: { planId: string; startDate: string; total: MoneyLine; installments: number; status: string }[];
  /** Contact history, newest first. */
  history: {
    /** The Activity row's id: a sent email's row is `DB-<customer>-<stage>-<channel>-<cycle>` (see SentMessage). */
    activityId?: string;
    date: string;
    type: string;
    direction: string;
    stage?: string;
    /** The stage's name a clerk reads (`30-day reminder`). */
    stageLabel?: string;
    outcome?: string;
    note?: string;
    by?: string;
  }[];
  /** The flags a clerk may set or clear from the sidebar. */
  settableFlags: string[];
}

export interface LogContactInput {
  customerId: string;
  type: 'call' | 'letter' | 'visit' | 'note';
  direction: 'outbound' | 'inbound';
  date: string;
  outcome?: string;
  note?: string;
}

export interface PromiseInput {
  customerId: string;
  promisedDate: string;
  /** As typed by the clerk, e.g. `250.00`; parsed with the currency's decimals. */
  amount: string;
  currency: string;
  note?: string;
}

export interface PlanInput {
  customerId: string;
  startDate: string;
  total: string;
  currency: string;
  installments: number;
  frequency: 'weekly' | 'biweekly' | 'monthly';
  graceDays?: number;
  note?: string;
}

export interface PlanPreview {
  installments: { number: number; dueDate: string; amount: MoneyLine }[];
  total: MoneyLine;
}

export interface PaymentInput {
  customerId: string;
  date: string;
  amount: string;
  currency: string;
  appliesTo?: string[];
  method?: string;
  reference?: string;
}

export interface FlagInput {
  customerId: string;
  flag: string;
  on: boolean;
  /** Setting `attorney`: the attorney's name and contact, both required. */
  attorneyName?: string;
  attorneyContact?: string;
}

export interface ContactChangeInput {
  customerId: string;
  field: 'email' | 'phone' | 'address';
  newValue: string;
  source: 'clerk' | 'customer' | 'mail-returned' | 'skip-trace';
  note?: string;
}

/** A saved row: which tab and id it landed as (and the sheet row, when written to the sheet). */
export interface Saved {
  tab: string;
  id: string;
  row?: number;
}

/** An email as a clerk reads it, as Duebook rendered it (or would render it) from the account. */
export interface EmailView {
  to: string;
  subject: string;
  text: string;
  /** The HTML part, shown only inside a sandboxed frame (no scripts, no requests). */
  html: string;
  /** A long queue left the HTML part out (the text is the same message). */
  htmlOmitted?: boolean;
  /** The amounts it states, per currency, as its table totals them. */
  amounts: MoneyLine[];
  /** The send instant on the debtor's wall clock, with their zone (`2026-11-24 08:00 America/Chicago`). */
  debtorTime: string;
  /** A preview's From and Reply-To as the sender will use them (the office's verified domain, or the service's). */
  from?: string;
  replyTo?: string;
  /** Why the From is the service's address (the office's domain pending, failed or not set up). */
  fromNote?: string;
}

/**
 * A line of the review queue. `review`: a planned message awaiting approval (an email carries the
 * exact message, or why it would not go); `uncertain`: a send SES never confirmed ("may have been
 * sent"); `failed`: a customer Duebook could not plan or send to, with the error.
 */
export interface QueueEntry {
  customerId: string;
  customerName?: string;
  stage: string;
  /** The stage's name a clerk reads (`60-day reminder`). */
  stageLabel?: string;
  channel: string;
  cycle: string;
  /** `task`: a credit-contact task (its own view in the queue; approve = done, skip = dismissed). */
  kind: 'review' | 'uncertain' | 'failed' | 'task';
  /** A credit task's facts. */
  credit?: CreditTask;
  /** When it is planned to go out (office time, `2026-11-24 09:00`). */
  plannedFor?: string;
  amount?: MoneyLine;
  why: string;
  /** The email the clerk approves, composed by the sender's own render path. */
  preview?: EmailView;
  /** Office time the debtor's window opens, when the email would wait for it. */
  waitsUntil?: string;
  /** Why the sender would not send it if approved (it is cancelled with this reason at send time). */
  wouldNotSend?: { rule: string; reason: string };
  /** Set when no preview could be made; the line can still be decided. */
  previewNote?: string;
  /**
   * A printed letter the clerk mails (a validation notice): its key in letter storage
   * (`GET /v1/letters?key=`) and the last day to dispute. Approving it records it as mailed.
   */
  letter?: { pdf: string; disputeBy?: string };
  /** A send SES never confirmed: when it was handed over (office time), how often, what was sent. */
  uncertain?: { claimedAt?: string; attempts: number; reason: string; message?: EmailView };
  /** Why planning or sending failed. */
  error?: { rule?: string; reason: string };
}

/** A message Duebook sent, from the archive (`GET /v1/messages`). */
export interface SentMessage extends EmailView {
  /** The Activity row Duebook logged for it (matches `CustomerPanel.history[].activityId`). */
  activityId: string;
  stage: string;
  channel: string;
  cycle: string;
  /** When it was sent, office time (`2026-11-24 08:00`), and the office's zone. */
  sentAt: string;
  officeZone: string;
  messageId: string;
  /**
   * What the debtor did with it, oldest first, office time: `opened 2026-11-24 08:10`, `clicked the
   * pay link 2026-11-24 08:11`, `visited the account page 2026-11-24 08:12` (SES open/click events
   * and the self-service page's own visits).
   */
  engagement?: string[];
}

export interface QueueDecision {
  /** `approve`/`skip` for messages and requests; `done`/`dismiss` for credit-contact tasks only. */
  decision: 'approve' | 'skip' | 'done' | 'dismiss';
  entries: { customerId: string; stage: string; channel: string; cycle: string }[];
}

export interface Settings {
  backendUrl: string;
  reviewMode: boolean;
  timeZone: string;
  contactPreset: 'federal' | 'massachusetts' | 'new-york-city';
  /**
   * The dunning ladder: stage ids with the day (past the oldest open item's due date; negative =
   * before it) each goes out, and its channel. Days increase down the ladder, as core requires.
   */
  ladder: { stage: string; daysPastDue: number; channel: string }[];
  /** The attorney or agency hand-over packets go to; '' when none is named. */
  handoverTo: string;
  /** The office's credit contact: told when an account reaches a credit-hold stage and when it is released; '' for none. */
  creditContactEmail?: string;
  /** Days a deceased customer's personal data is kept after Deceased On before it is purged. */
  retentionDays: number;
  // --- office fields the backend keeps (settings-office-fields.ts) ---
  /** How the sheet writes amounts as text (#11); '' when not set (an ambiguous 1,500 is a row error). */
  numberFormat?: '' | '1,234.56' | '1.234,56';
  /** Card payments (pay links, the debtor's page) through the deployment's provider; false: payment instructions only. */
  onlinePayments?: boolean;
  /** What a debtor may arrange alone on the self-service page. */
  portalLimits?: { promiseMaxDays: number; planMaxInstallments: number; planMinInstallmentMinor: number };
  /** Read-only: the deployment's payment provider (`stripe`), or `none`. */
  paymentsProvider?: 'stripe' | 'none';
  /** Read-only: this user may see and change the Backend URL (the installer or an admin; settings-admin.ts). */
  canEditBackendUrl?: boolean;
}

/** What `saveSettings` answers: the settings as saved, and what the backend made of them. */
export interface SavedSettings extends Settings {
  /** Set when the office settings did not reach the backend (older backend, unreachable, refused). */
  notice?: string;
}

export interface SyncProgress {
  state: 'idle' | 'running' | 'continuing' | 'done' | 'failed';
  /** Rows handled so far / rows to handle, across tabs. */
  done: number;
  total: number;
  message: string;
  /** Rows the backend rejected, each shown beside its row in the sheet. */
  rejected: number;
}

/** The 835 file the clerk picked in the import dialog, read as text in the browser. */
export interface RemittanceImportInput {
  fileName: string;
  text: string;
}

/** What "Import remittance (835)" did: posted, created, skipped, and what waits for review. */
export interface RemittanceImported {
  asOf: string;
  fileName: string;
  transactions: number;
  claimsUpdated: number;
  invoicesCreated: number;
  invoicesChanged: number;
  denials: number;
  alreadyPosted: number;
  /** Remitted claims that match no ledger claim: listed on the review tab, not posted. */
  unmatched: number;
  /** Damaged claims and payments (never posted) and the money in them, in cents. */
  needsReview: { claims: number; payments: number; amountMinor: number; unknownAmounts: number };
  /** Rows added to the Remittance Review tab (a re-import adds none). */
  reviewRowsAdded: number;
  /** Oddities read past (trailer counts, a missing envelope, ...), each naming its segment. */
  warnings: string[];
  message: string;
}

/**
 * Global server functions the pages call as `google.script.run.withSuccessHandler(...).<name>(arg)`.
 * Each returns a `Result`.
 */
export interface ServerApi {
  sidebarCustomer(): Result<CustomerPanel>;
  logContact(input: LogContactInput): Result<Saved>;
  recordPromise(input: PromiseInput): Result<Saved>;
  previewPlan(input: PlanInput): Result<PlanPreview>;
  savePlan(input: PlanInput): Result<Saved>;
  postPayment(input: PaymentInput): Result<Saved>;
  /** A customer's open invoices, from the sheet (the payment dialog's boxes to tick). */
  customerInvoices(customerId: string): Result<CustomerPanel['openInvoices']>;
  setFlag(input: FlagInput): Result<Saved>;
  markContactChanged(input: ContactChangeInput): Result<Saved>;
  /** `timeZone`: the office's, in which every time of the queue is shown. */
  getQueue(): Result<{ asOf: string; timeZone: string; entries: QueueEntry[] }>;
  /**
   * The messages Duebook sent a customer, newest first (the sidebar's contact history opens them),
   * and the Activity lines Duebook wrote for them (sends, messages not sent and why), which the
   * sheet does not hold.
   */
  customerMessages(
    customerId: string,
  ): Result<{ messages: SentMessage[]; activity: CustomerPanel['history'] }>;
  /**
   * `refused`: hand-overs the backend would not place (each became a task), with its reasons;
   * they are counted in neither `changed` nor `unchanged`.
   */
  decideQueue(
    input: QueueDecision,
  ): Result<{ changed: number; unchanged: number; refused?: { customerId: string; reasons: string[] }[] }>;
  getSettings(): Result<Settings>;
  saveSettings(input: Settings): Result<SavedSettings>;
  /**
   * Starts a sync of every tab. Work that would pass Apps Script's 6-minute limit stops early with
   * state `continuing`; the page then calls `continueSync` (a fresh execution) until `done`.
   */
  startSync(): Result<SyncProgress>;
  continueSync(): Result<SyncProgress>;
  getSyncProgress(): Result<SyncProgress>;
  /** Posts an 835 onto the Claims and Invoices tabs; lists what it did not post for review. */
  importRemittance(input: RemittanceImportInput): Result<RemittanceImported>;
  /** Today's calls (number, script) and letters (address) from today's plan over the sheet. */
  todayTasks(): Result<TodayList>;
  /** The office's identity and each reminder stage's wording (`GET /v1/settings`). */
  getOfficeVoice(): Result<OfficeVoice>;
  /** Saves them (`POST /v1/settings`); the backend's field errors come back by field. */
  saveOfficeVoice(input: OfficeVoiceChange): Result<OfficeVoice>;
  /** A draft wording of a stage on a customer's account (`POST /v1/settings/preview`). */
  previewWording(input: {
    stage: string;
    customerId: string;
    subject: string;
    body: string;
  }): Result<WordingPreview>;
  /** The letter channel's letters for today as one PDF (`GET /v1/letters/today`). */
  lettersForToday(): Result<LettersForToday>;
  // --- offices, members, API keys, audit (issue #17): apps-script/src/members.ts ---
  /** Who is signed in and their office, or none yet (the sidebar then offers "Create an office"). */
  officeStatus(): Result<OfficeStatus>;
  createOffice(input: NewOffice): Result<OfficeStatus>;
  /** The admin's Members dialog: members and invitations, API keys, the audit trail. */
  membersOverview(): Result<MembersOverview>;
  inviteMember(input: { email: string; role: MemberRole }): Result<MembersOverview>;
  setMemberRole(input: { email: string; role: MemberRole }): Result<MembersOverview>;
  removeMember(input: { email: string }): Result<MembersOverview>;
  /** `newKey.secret` is shown once. */
  createApiKey(input: { name: string }): Result<MembersOverview>;
  revokeApiKey(input: { id: string }): Result<MembersOverview>;
  /** Opens the Members dialog (Settings links to it). */
  openMembers(): Result<null>;
  // --- letters as files, credit holds (addon2) ---
  /** A letter the review queue names by its storage key (a validation notice), as a PDF file. */
  storedLetterPdf(key: string): Result<PdfFile>;
  /** One debtor's letter of today (the sidebar's Today list), as a PDF file. */
  todayLetterPdf(customerId: string): Result<PdfFile>;
  /** Lifts the customer's credit hold (`POST /v1/credit-holds/release`) and clears the flag in the sheet. */
  releaseCreditHold(input: { customerId: string; note?: string }): Result<CreditHoldReleased>;
  /** The office's locale for showing dates (the spreadsheet's), as a BCP 47 tag. */
  displayLocale(): Result<DisplayLocale>;
  // --- Settings > Sending (issue #17): apps-script/src/sending.ts ---
  /** The office's sending domain, DNS records, status, standing and whether this member may act. */
  sendingStatus(): Result<SendingView>;
  /** An admin starts verifying the office's domain (`POST /v1/sending/identity`). */
  verifySendingDomain(input: { domain: string; fromAddress?: string }): Result<SendingView>;
  /** An admin resumes a paused office with a note (`POST /v1/sending/resume`). */
  resumeSending(input: { note: string }): Result<SendingView>;
}

export interface DisplayLocale {
  /** `en-US`, `de-DE`. */
  locale: string;
}

/** A file for the page to offer: its name and bytes. */
export interface PdfFile {
  fileName: string;
  base64: string;
}

export interface CreditHoldReleased {
  customerId: string;
  result: 'released' | 'already-released';
  /** What happened, as the clerk reads it (whom the credit contact notice went to, or why it waits). */
  message: string;
}

/** A credit-contact task of the review queue as its own view, amounts formatted. */
export interface CreditTask {
  notice: 'hold' | 'release';
  /** `credit-hold`, `stop-service`, `return-of-goods`, as a clerk reads it. */
  action: string;
  reason: string;
  accounts: { balance: MoneyLine; overdue: MoneyLine; oldestDaysPastDue: number }[];
  /** Whom the notice went to and when (office time), or why it has not gone. */
  notifiedTo?: string;
  sentAt?: string;
  waiting?: string;
  subject: string;
}

export type ServerFunctionName = keyof ServerApi;

/** One of today's calls or letters in the sidebar's "Today" list. */
interface TodayTaskBase {
  customerId: string;
  customerName: string;
  /** The customer's row on the Customers tab (0 when not found). */
  row: number;
  stage: string;
  /** The stage's name a clerk reads: `60-day reminder`. */
  stageLabel: string;
  /** Not before, on the debtor's clock: `2026-11-23 08:00 America/Chicago`. */
  localTime: string;
  /** Overdue per currency, formatted. */
  overdue: string[];
  why: string;
}
export type TodayTask =
  | (TodayTaskBase & { channel: 'call'; phone?: string; script: CallScript })
  | (TodayTaskBase & { channel: 'letter'; address?: string });

export interface TodayList {
  asOf: string;
  tasks: TodayTask[];
}

// --- office identity and voice (issue #16) ---

/** One reminder stage's wording as the office edits it. */
export interface StageWording {
  stage: string;
  label: string;
  tone: 'courtesy' | 'friendly' | 'firm' | 'final';
  subject: string;
  body: string;
  /** The office's own wording (false: the default of the stage's tone). */
  own: boolean;
}

/** The office's identity and voice, as the Office identity and wording dialog shows them. */
export interface OfficeVoice {
  officeName: string;
  tradingName: string;
  officeAddress: string;
  officePhone: string;
  officeEmail: string;
  neutralName: string;
  signature: string;
  footerText: string;
  paymentInstructions: { bankTransfer: string; chequePayee: string; chequeAddress: string };
  logo: { contentType: 'image/png' | 'image/jpeg'; dataBase64: string } | null;
  wording: StageWording[];
  /** The customer on the active row, to preview wording on (empty when none). */
  previewCustomerId: string;
}

/** What the dialog saves: identity fields, the logo (null removes it) and the stages worded (null: back to the default). */
export type OfficeVoiceChange = Omit<OfficeVoice, 'wording' | 'previewCustomerId' | 'logo'> & {
  logo?: OfficeVoice['logo'];
  templates: Record<string, { subject: string; body: string } | null>;
};

/** The day's letters: which debtors get one, who was left out and why, and the PDF (base64) when there are any. */
export interface LettersForToday {
  asOf: string;
  letters: { customerId: string; stage: string }[];
  skipped: { customerId: string; stage: string; reason: string }[];
  pdfBase64?: string;
}

/** A stage's wording rendered on a real account, as the backend would send it. */
export interface WordingPreview {
  subject: string;
  text: string;
  html: string;
  tone: StageWording['tone'];
  identityProblems: string[];
  note?: string;
}
