// What an X12 835 (health care claim payment/advice) says, once parsed: the types the parser fills
// and the claims posting reads. Amounts in minor units (cents); dates as YYYY-MM-DD.
import type { IsoDate } from '../ledger/dates.js';
import type { X12Warning } from './x12-error.js';

/**
 * A defect that keeps a claim or a payment from being posted automatically: the segment and
 * element at fault (as in a warning) and the reason. A flagged part is read as far as it can be,
 * shown to a clerk, and never posted by Duebook.
 */
export type ReviewFlag = X12Warning;

/** CAS claim adjustment group codes. */
export const ADJUSTMENT_GROUPS = ['CO', 'PR', 'OA', 'PI', 'CR'] as const;
export type AdjustmentGroup = (typeof ADJUSTMENT_GROUPS)[number];

export interface CasAdjustment {
  group: AdjustmentGroup;
  /** Claim adjustment reason code (CARC), e.g. `45`, `197`, `N/A`-free. */
  reason: string;
  amountMinor: number;
  quantity?: number;
  /** 1-based segment number of the CAS segment within its transaction (ST is 1). */
  segment: number;
}

/**
 * What CLP02 says happened; `other` keeps the raw code in `statusCode`. The parser maps 1/19, 2/20
 * and 3/21 to `processed-*` (19-21 add "forwarded to another payer", which `statusCode` keeps), so
 * it never produces `forwarded`.
 */
export type RemitClaimStatus =
  | 'processed-primary'
  | 'processed-secondary'
  | 'processed-tertiary'
  | 'denied'
  | 'forwarded'
  | 'not-our-claim'
  | 'reversed'
  | 'other';

export interface ServiceLine {
  /**
   * SVC01 composite as written, e.g. `HC:99213`, with its components always joined by `:` whatever
   * the file's component separator (ISA16) is, so `HC>B4152` reads `HC:B4152`.
   */
  procedure: string;
  chargeMinor: number;
  paidMinor: number;
  /** SVC05 units of service (may be negative on a reversal). */
  units?: number;
  /** DTM*472, or DTM*150 (service period start) when the line has no 472. */
  serviceDate?: IsoDate;
  adjustments: CasAdjustment[];
  /** LQ remark codes on the line. */
  remarks: string[];
  segment: number;
}

export interface RemitClaim {
  /** CLP01: the provider's own claim id, the one that matches a Claim ID in the ledger. */
  patientControlNumber: string;
  statusCode: string;
  status: RemitClaimStatus;
  chargeMinor: number;
  /** Negative on a reversal. */
  paidMinor: number;
  patientResponsibilityMinor: number;
  filingIndicator?: string;
  /** CLP07: payer claim control number. */
  payerClaimNumber?: string;
  /** NM1*QC as one display string, `LAST, FIRST MIDDLE`. */
  patientName?: string;
  /** NM1*QC name parts as on the file (NM103 last or organisation name, NM104 first, NM105 middle). */
  patient?: PersonName;
  /** NM109 of NM1*IL (the subscriber) when given, else of NM1*QC (the patient). */
  memberId?: string;
  /** DTM*232 (claim statement period start). */
  serviceFrom?: IsoDate;
  /** DTM*233 (claim statement period end). */
  serviceTo?: IsoDate;
  /** Claim-level CAS adjustments. */
  adjustments: CasAdjustment[];
  /** MOA/MIA remark codes on the claim. */
  remarks: string[];
  serviceLines: ServiceLine[];
  /** Segment number of the CLP within its transaction. */
  segment: number;
  /**
   * Present when part of the claim could not be read (a bad amount, a damaged CAS or SVC, an
   * unknown status): the claim needs review and is never posted automatically. Amounts that could
   * not be read are 0.
   */
  review?: ReviewFlag[];
}

export interface ProviderAdjustment {
  providerId: string;
  fiscalPeriodEnd?: IsoDate;
  /** PLB adjustment reason code, e.g. `WO`, `L6`, `FB`. */
  reason: string;
  reference?: string;
  /** As on the file: positive reduces the payment, negative increases it. */
  amountMinor: number;
  segment: number;
}

/** One ST..SE 835 transaction: one payment (or advice) from one payer to one payee. */
export interface Remittance {
  /** ST02. */
  controlNumber: string;
  /** GS08 / ST03, e.g. `004010X091A1`, `005010X221A1`. */
  version: string;
  payment: {
    /** BPR01, e.g. `I` (remittance with payment), `H` (advice only). */
    handling: string;
    /** BPR02, as written (never negative); `creditDebit` says which way it goes. */
    amountMinor: number;
    /** BPR03: `C` the payer pays the provider, `D` the provider owes the payer. */
    creditDebit: 'C' | 'D';
    /** BPR04, e.g. `ACH`, `CHK`, `NON`. */
    method?: string;
    /** BPR16: the check or EFT effective date. */
    date?: IsoDate;
    /** TRN02: check or EFT trace number. */
    traceNumber?: string;
  };
  /** N1*PR: name N102, id N104 (or REF*2U), address from N3/N4 as one line. */
  payer: { name?: string; id?: string; address?: string; postalAddress?: PostalAddress };
  /** N1*PE: name N102, id N104 (NPI or tax id). */
  payee: { name?: string; id?: string };
  claims: RemitClaim[];
  providerAdjustments: ProviderAdjustment[];
  /**
   * Present when a payment-level part could not be read (BPR, TRN, a PLB, a segment outside any
   * claim): the payment needs review. The claims, each whole or flagged on its own, are unaffected.
   */
  review?: ReviewFlag[];
}

/** A person's name as NM1 carries it. */
export interface PersonName {
  last: string;
  first?: string;
  middle?: string;
}

/** An N3/N4 address: up to two street lines, city, state, postal code. */
export interface PostalAddress {
  lines: string[];
  city?: string;
  state?: string;
  postalCode?: string;
}

/** A whole ISA..IEA interchange; every GS group's transactions in file order. */
export interface Interchange {
  /** ISA06, trimmed. */
  sender: string;
  /** ISA08, trimmed. */
  receiver: string;
  /** ISA13. */
  controlNumber: string;
  /** ISA09 (YYMMDD, read as 1950-2049). */
  date?: IsoDate;
  transactions: Remittance[];
}
