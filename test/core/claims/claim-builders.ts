// Builders for the claims tests: ledger claims and hand-built 835 remittances shaped like the
// files under test/fixtures/x12-835 (the parser is tested on its own; these tests need only its types).

import type { PostableClaim } from '../../../core/claims/remittance-posting.js';
import type { IsoDate } from '../../../core/ledger/dates.js';
import type {
  AdjustmentGroup,
  CasAdjustment,
  RemitClaim,
  RemitClaimStatus,
  Remittance,
  ServiceLine,
} from '../../../core/x12/remittance.js';

/** A submitted commercial claim of patient P-1 for $120.00; override any field. */
export function claim(claimId: string, extra: Partial<PostableClaim> = {}): PostableClaim {
  return {
    row: 2,
    claimId,
    customerId: 'P-1',
    payer: 'Aetna',
    payerType: 'commercial',
    serviceFrom: '2026-09-14',
    submittedOn: '2026-09-16',
    billedMinor: 12_000,
    currency: 'USD',
    status: 'submitted',
    adjustmentCodes: [],
    remarkCodes: [],
    appealStatus: 'none',
    remittanceRefs: [],
    ...extra,
  };
}

export function cas(group: AdjustmentGroup, reason: string, amountMinor: number): CasAdjustment {
  return { group, reason, amountMinor, segment: 0 };
}

/** One SVC line; paid and charge as on SVC02/SVC03. */
export function line(
  procedure: string,
  chargeMinor: number,
  paidMinor: number,
  adjustments: CasAdjustment[],
  extra: Partial<ServiceLine> = {},
): ServiceLine {
  return { procedure, chargeMinor, paidMinor, adjustments, remarks: [], segment: 0, ...extra };
}

const STATUS: Record<string, RemitClaimStatus> = {
  '1': 'processed-primary',
  '2': 'processed-secondary',
  '3': 'processed-tertiary',
  '4': 'denied',
  '19': 'forwarded',
  '20': 'forwarded',
  '21': 'forwarded',
  '22': 'reversed',
  '23': 'not-our-claim',
};

/** One CLP with its claim-level CAS; `extra` adds lines, CLP07, member id, remarks. */
export function remitClaim(
  patientControlNumber: string,
  statusCode: string,
  amounts: { charge: number; paid: number; patient?: number },
  adjustments: CasAdjustment[] = [],
  extra: Partial<RemitClaim> = {},
): RemitClaim {
  return {
    patientControlNumber,
    statusCode,
    status: STATUS[statusCode] ?? 'other',
    chargeMinor: amounts.charge,
    paidMinor: amounts.paid,
    patientResponsibilityMinor: amounts.patient ?? 0,
    adjustments,
    remarks: [],
    serviceLines: [],
    segment: 0,
    ...extra,
  };
}

/** A CLP that reverses `original` (CLP02 22): every amount negated, same codes. */
export function reversalOf(original: RemitClaim): RemitClaim {
  const negate = (a: CasAdjustment): CasAdjustment => ({ ...a, amountMinor: -a.amountMinor });
  return {
    ...original,
    statusCode: '22',
    status: 'reversed',
    chargeMinor: -original.chargeMinor,
    paidMinor: -original.paidMinor,
    patientResponsibilityMinor: -original.patientResponsibilityMinor,
    adjustments: original.adjustments.map(negate),
    serviceLines: original.serviceLines.map((l) => ({
      ...l,
      chargeMinor: -l.chargeMinor,
      paidMinor: -l.paidMinor,
      adjustments: l.adjustments.map(negate),
    })),
  };
}

/** One 835 transaction from Aetna paid by EFT with trace `trace` on `date`. */
export function remittance(
  trace: string,
  date: IsoDate,
  claims: RemitClaim[],
  extra: Partial<Remittance> = {},
): Remittance {
  return {
    controlNumber: '0001',
    version: '005010X221A1',
    payment: {
      handling: 'I',
      amountMinor: claims.reduce((s, c) => s + c.paidMinor, 0),
      creditDebit: 'C',
      method: 'ACH',
      date,
      traceNumber: trace,
    },
    payer: { name: 'Aetna', id: '1066033492' },
    payee: { name: 'Riverside Family Practice', id: '1234567893' },
    claims,
    providerAdjustments: [],
    ...extra,
  };
}
