// Does an 835 transaction add up? The payment (BPR02) should equal what the claims pay (CLP04)
// less the provider-level adjustments (PLB), which payers use for offsets, interest and recoupments.
import type { Interchange, Remittance } from './remittance.js';

/** The figures behind one transaction's balance, all in minor units. */
export interface RemittanceBalance {
  /** ST02. */
  controlNumber: string;
  /** BPR02, negative when BPR03 is `D` (the provider owes the payer). */
  paymentMinor: number;
  /** Sum of CLP04 over the claims; reversals count negative. */
  claimsPaidMinor: number;
  /** Sum of PLB amounts as on the file: positive ones reduce the payment. */
  providerAdjustmentsMinor: number;
  /** `claimsPaidMinor - providerAdjustmentsMinor`: what the payment should be. */
  expectedPaymentMinor: number;
  /** `paymentMinor - expectedPaymentMinor`; 0 when the transaction balances. */
  differenceMinor: number;
  balanced: boolean;
}

/**
 * Checks one transaction: BPR02 = sum(CLP04) - sum(PLB amounts). A remittance that does not
 * balance usually lost a claim or a PLB line on the way; posting it would leave cash unexplained.
 *
 * @example reconcileRemittance(remit).balanced // true when the payment is fully explained
 */
export function reconcileRemittance(remittance: Remittance): RemittanceBalance {
  const { amountMinor, creditDebit } = remittance.payment;
  const paymentMinor = creditDebit === 'D' && amountMinor !== 0 ? -amountMinor : amountMinor;
  let claimsPaidMinor = 0;
  for (const claim of remittance.claims) claimsPaidMinor += claim.paidMinor;
  let providerAdjustmentsMinor = 0;
  for (const plb of remittance.providerAdjustments) providerAdjustmentsMinor += plb.amountMinor;
  const expectedPaymentMinor = claimsPaidMinor - providerAdjustmentsMinor;
  const differenceMinor = paymentMinor - expectedPaymentMinor;
  return {
    controlNumber: remittance.controlNumber,
    paymentMinor,
    claimsPaidMinor,
    providerAdjustmentsMinor,
    expectedPaymentMinor,
    differenceMinor,
    balanced: differenceMinor === 0,
  };
}

/** Every transaction of an interchange, in file order. */
export function reconcileInterchange(interchange: Interchange): RemittanceBalance[] {
  return interchange.transactions.map(reconcileRemittance);
}
