// The "needs review" list of an 835: every claim or payment the parser flagged as damaged, with
// the segment, the reason and the money in it, so a clerk can finish by hand what Duebook did not post.
import { reconcileRemittance } from './reconcile.js';
import type { Interchange, RemitClaim, Remittance, ReviewFlag } from './remittance.js';

/** One flagged claim or payment. */
export interface ReviewItem {
  scope: 'claim' | 'payment';
  /** 1-based interchange number in the file. */
  interchange: number;
  /** ST02 of the transaction. */
  transactionControl: string;
  payer?: string;
  traceNumber?: string;
  /** CLP01 of a flagged claim (may be empty when CLP01 itself is damaged). */
  patientControlNumber?: string;
  /** CLP's segment number within its transaction, for a claim. */
  claimSegment?: number;
  /** Each defect with its segment, element and reason. */
  flags: ReviewFlag[];
  /**
   * The money in the flagged part, in cents: a claim's paid amount (CLP04, or what its readable
   * service lines pay when CLP04 is damaged); a payment's BPR02 when the BPR is damaged, else the
   * amount the payment does not explain (a lost PLB). Undefined when no amount can be read.
   */
  amountMinor?: number;
  /** What `amountMinor` is, for a person: `paid (CLP04)`, `payment (BPR02)`, ... */
  amountBasis: string;
}

/** How much is waiting for review. */
export interface ReviewSummary {
  claims: number;
  payments: number;
  /** Sum of the known amounts. */
  amountMinor: number;
  /** Items whose amount could not be read. */
  unknownAmounts: number;
}

/** The flagged claims and payments of one transaction, payment first, then claims in file order. */
export function remittanceReviewItems(remittance: Remittance, interchange = 1): ReviewItem[] {
  const base = {
    interchange,
    transactionControl: remittance.controlNumber,
    ...((remittance.payer.name ?? remittance.payer.id)
      ? { payer: (remittance.payer.name ?? remittance.payer.id) as string }
      : {}),
    ...(remittance.payment.traceNumber ? { traceNumber: remittance.payment.traceNumber } : {}),
  };
  const items: ReviewItem[] = [];
  if (remittance.review && remittance.review.length > 0) {
    items.push({ ...base, scope: 'payment', flags: remittance.review, ...paymentAmount(remittance) });
  }
  for (const claim of remittance.claims) {
    if (!claim.review || claim.review.length === 0) continue;
    items.push({
      ...base,
      scope: 'claim',
      patientControlNumber: claim.patientControlNumber,
      claimSegment: claim.segment,
      flags: claim.review,
      ...claimAmount(claim),
    });
  }
  return items;
}

/** Every flagged claim and payment of a parsed file, in file order. */
export function reviewItems(interchanges: readonly Interchange[]): ReviewItem[] {
  return interchanges.flatMap((ic, i) => ic.transactions.flatMap((t) => remittanceReviewItems(t, i + 1)));
}

/** Counts and money of a review list. */
export function reviewSummary(items: readonly ReviewItem[]): ReviewSummary {
  let amountMinor = 0;
  let unknownAmounts = 0;
  for (const item of items) {
    if (item.amountMinor === undefined) unknownAmounts++;
    else amountMinor += item.amountMinor;
  }
  return {
    claims: items.filter((i) => i.scope === 'claim').length,
    payments: items.filter((i) => i.scope === 'payment').length,
    amountMinor,
    unknownAmounts,
  };
}

const damaged = (flags: readonly ReviewFlag[], element: string) => flags.some((f) => f.element === element);

function claimAmount(claim: RemitClaim): Pick<ReviewItem, 'amountMinor' | 'amountBasis'> {
  const flags = claim.review ?? [];
  if (!damaged(flags, 'CLP04')) return { amountMinor: claim.paidMinor, amountBasis: 'paid (CLP04)' };
  if (claim.serviceLines.length > 0) {
    let paid = 0;
    for (const line of claim.serviceLines) paid += line.paidMinor;
    return { amountMinor: paid, amountBasis: 'paid on its readable service lines (CLP04 unreadable)' };
  }
  return { amountBasis: 'unknown (CLP04 unreadable)' };
}

function paymentAmount(remittance: Remittance): Pick<ReviewItem, 'amountMinor' | 'amountBasis'> {
  const flags = remittance.review ?? [];
  // BPR02 is flagged on a damaged BPR, and on the SE of a transaction whose BPR is lost.
  if (damaged(flags, 'BPR02')) return { amountBasis: 'unknown (BPR02 unreadable)' };
  if (flags.some((f) => f.segmentId === 'BPR')) {
    const { amountMinor, creditDebit } = remittance.payment;
    return {
      amountMinor: creditDebit === 'D' ? -amountMinor : amountMinor,
      amountBasis: 'payment (BPR02)',
    };
  }
  const { differenceMinor } = reconcileRemittance(remittance);
  if (differenceMinor !== 0) {
    return { amountMinor: differenceMinor, amountBasis: 'unexplained by the readable claims and PLB' };
  }
  return { amountMinor: 0, amountBasis: 'none: the payment balances without the damaged segment' };
}
