// What an X12 835 (health care claim payment/advice) says, once parsed: the types the parser fills
// and the claims posting reads. Amounts in minor units (cents); dates as YYYY-MM-DD.
import type { IsoDate } from '../dates.js';

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

/** What CLP02 says happened; `other` keeps the raw code in `statusCode`. */
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
  /** SVC01 composite as written, e.g. `HC:99213`. */
  procedure: string;
  chargeMinor: number;
  paidMinor: number;
  units?: number;
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
  patientName?: string;
  memberId?: string;
  serviceFrom?: IsoDate;
  serviceTo?: IsoDate;
  /** Claim-level CAS adjustments. */
  adjustments: CasAdjustment[];
  /** MOA/MIA remark codes on the claim. */
  remarks: string[];
  serviceLines: ServiceLine[];
  /** Segment number of the CLP within its transaction. */
  segment: number;
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
    amountMinor: number;
    creditDebit: 'C' | 'D';
    /** BPR04, e.g. `ACH`, `CHK`, `NON`. */
    method?: string;
    date?: IsoDate;
    /** TRN02: check or EFT trace number. */
    traceNumber?: string;
  };
  payer: { name?: string; id?: string; address?: string };
  payee: { name?: string; id?: string };
  claims: RemitClaim[];
  providerAdjustments: ProviderAdjustment[];
}

/** A whole ISA..IEA interchange. */
export interface Interchange {
  sender: string;
  receiver: string;
  controlNumber: string;
  date?: IsoDate;
  transactions: Remittance[];
}
