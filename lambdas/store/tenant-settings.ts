// The tenant's settings as the store keeps them and the add-on changes them (shared by the store and
// lambdas/shared/settings.ts, which imported each other before).
import type { NumberFormat } from '../../core/ledger/money.js';

export interface TenantSettings {
  tenantId: string;
  /** The office's real legal name, as debtors know it (never a department name such as "Accounts receivable"). */
  officeName: string;
  officeEmail: string;
  /** The office's postal address; no message goes to a debtor without it (core/collections/templates.ts officeIdentityProblems). */
  officeAddress?: string;
  /** A neutral sender and subject name ("EHOC"), so lock screens show neither the practice nor an amount. */
  neutralName?: string;
  officePhone?: string;
  timeZone: string;
  reviewMode: boolean;
  /** Day of the month monthly statements go out (1-28). */
  statementDay: number;
  /** SES sending rate for this account, messages per second. */
  sendRatePerSecond: number;
  contactPreset?: string;
  /** The attorney or agency accounts are handed over to (hand-over packets, placements). */
  handoverTo?: string;
  /**
   * Who is told when an account reaches a credit-hold, stop-service or return-of-goods stage, and
   * when the hold is released (internal emails, never to the debtor; docs/credit-holds.md).
   */
  creditContactEmail?: string;
  /**
   * The office's dunning ladder, one channel per stage, in place of the default ladder's stages
   * (see services/tenant-policy.ts); absent: core's default ladder.
   */
  ladder?: { stage: string; daysPastDue: number; channel: string }[];
  /**
   * How the office's sheet writes amounts as text (`1,234.56` or `1.234,56`); unset, a text amount
   * whose one separator could be either (`1,500`) is a row error.
   */
  numberFormat?: NumberFormat;
  /** What a debtor may arrange alone on the self-service page (defaults in payments/portal-page.ts). */
  portalLimits?: { promiseMaxDays?: number; planMaxInstallments?: number; planMinInstallmentMinor?: number };
  /** false: no pay link even where the deployment has Stripe (the office's payment instructions instead). */
  onlinePayments?: boolean;
  // --- office identity and voice (issue #16): shown on every message and document ---
  /** The name the office trades under, when it differs from its legal name (`officeName`). */
  tradingName?: string;
  /** Who signs messages and letters, one line each. */
  signature?: string;
  /** The office's logo on letters and statements: a small PNG or JPEG (see OFFICE_LOGO in lambdas/shared/office-voice.ts). */
  logo?: OfficeLogo;
  /** How to pay without a pay link: bank transfer details, cheque payee and address. */
  paymentInstructions?: { bankTransfer?: string; chequePayee?: string; chequeAddress?: string };
  /** Small print under every message and at the foot of every document page. */
  footerText?: string;
  /** The office's own wording per ladder stage id (core/collections/message-templates.ts); absent: the default of the stage's tone. */
  templates?: Record<string, { subject: string; body: string }>;
  // --- end office identity and voice ---
}

/** A small image kept with the tenant's settings. */
export interface OfficeLogo {
  contentType: 'image/png' | 'image/jpeg';
  /** The image bytes, base64. */
  dataBase64: string;
}

/** The settings a clerk may change from the add-on (`POST /v1/settings`). */
export type SettingsChange = Partial<
  Pick<
    TenantSettings,
    | 'reviewMode'
    | 'timeZone'
    | 'contactPreset'
    | 'statementDay'
    | 'handoverTo'
    | 'creditContactEmail'
    | 'officeName'
    | 'officeAddress'
    | 'neutralName'
    | 'numberFormat'
    | 'onlinePayments'
    | 'portalLimits'
    // office identity and voice (issue #16)
    | 'officeEmail'
    | 'officePhone'
    | 'tradingName'
    | 'signature'
    | 'paymentInstructions'
    | 'footerText'
    | 'templates'
  > & {
    /** `null` removes the logo. */
    logo: OfficeLogo | null;
    /** `null` removes the office ladder (back to the default one). */
    ladder: TenantSettings['ladder'] | null;
  }
>;
