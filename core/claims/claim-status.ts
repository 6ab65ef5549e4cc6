// The Claims tab's computed columns, Denial Category and Next Step, as a clerk reads them:
// one short sentence with the date, the payer and the figure that matters.
import { daysBetween, type IsoDate } from '../ledger/dates.js';
import type { Claim, Invoice } from '../ledger/ledger.js';
import { DENIAL_CATEGORY_LABELS, denialCategoryOf } from './adjustment-codes.js';
import { denialReasonText, moneyText } from './claim-text.js';
import {
  type ClaimDeadlineConfig,
  deadlinesFor,
  effectiveAppealDeadline,
  isAppealable,
  timelyFilingDeadlineFor,
} from './deadlines.js';
import { patientShareInvoiceId } from './remittance-posting.js';
import { payerStatusClass, payerStatusWords, STATUS_CLASS_RULES, type StatusClass } from './status-codes.js';

/** How the Next Step column says what the payer did: `Cigna rejected the claim on ...`. */
const ANSWER_VERBS: Readonly<Record<StatusClass, string>> = {
  rejected: 'rejected the claim',
  'info-requested': 'asked for more information',
  pended: 'pended the claim',
  'inquiry-error': 'refused the status request',
  finalized: 'finalized the claim',
  acknowledged: 'received the claim',
  'retry-later': 'could not answer the status request',
};

export interface ClaimStatusContext {
  asOf: IsoDate;
  config: ClaimDeadlineConfig;
  /** The ledger's invoices, to tell whether the patient's share has been billed already. */
  invoices?: readonly Invoice[];
}

/** The computed columns of one Claims row, by column key. */
export interface ClaimStatusColumns {
  denialCategory: string;
  claimNextStep: string;
}

/** Both computed columns of a claim. */
export function claimStatusColumns(claim: Claim, context: ClaimStatusContext): ClaimStatusColumns {
  return { denialCategory: claimDenialCategory(claim), claimNextStep: claimNextStep(claim, context) };
}

/**
 * The Denial Category column: the category of the claim's first denial code in words
 * (`medical necessity`), blank when nothing was denied (write-downs and the patient's share are
 * not denials; see `denialCategoryOf`).
 */
export function claimDenialCategory(claim: Pick<Claim, 'adjustmentCodes'>): string {
  const category = denialCategoryOf(claim.adjustmentCodes);
  return category ? DENIAL_CATEGORY_LABELS[category] : '';
}

/**
 * The Next Step column: what a clerk should do about the claim today, e.g.
 * `Appeal by 2026-12-04 (medical necessity: CO-50)`, `Follow up with Aetna: pending 47 days`,
 * `Bill patient $35.00`. Deadlines come from the claim, else from `context.config`.
 */
export function claimNextStep(claim: Claim, context: ClaimStatusContext): string {
  const { asOf, config } = context;
  const payer = claim.payer;
  const followUpReached = claim.followUpDate !== undefined && claim.followUpDate <= asOf;
  const reason = denialReasonText(claim.adjustmentCodes);
  const because = reason ? ` (${reason})` : '';

  if (claim.status === 'closed') return 'Closed: nothing to do';
  if (claim.status === 'reversed') {
    return followUpReached
      ? `Follow up with ${payer}: it reversed its payment and the follow-up date ${claim.followUpDate} is reached`
      : `${payer} reversed its payment: watch for the corrected claim, or resubmit`;
  }
  if (claim.appealStatus === 'submitted' || (claim.status === 'appealed' && claim.appealStatus !== 'won')) {
    if (followUpReached)
      return `Follow up with ${payer} on the appeal: follow-up date ${claim.followUpDate} reached`;
    return claim.followUpDate
      ? `Appeal with ${payer}: follow up on ${claim.followUpDate}`
      : `Appeal with ${payer}: wait for the decision`;
  }
  if (claim.appealStatus === 'won' && claim.status !== 'paid') {
    return `Appeal won: watch for the corrected payment from ${payer}`;
  }
  if (claim.appealStatus === 'lost' && (claim.status === 'denied' || claim.status === 'partly-paid')) {
    return `Appeal lost${because}: request the next appeal level, or write off ${moneyText(unpaidMinor(claim), claim.currency)}`;
  }
  if (isAppealable(claim)) {
    const by = effectiveAppealDeadline(claim, config);
    if (by === undefined) return `Appeal${because}: enter the denial date to get a deadline`;
    const left = daysBetween(asOf, by);
    if (left < 0) {
      return `Appeal deadline ${by} passed ${-left} days ago${because}: appeal only with good cause, or write off`;
    }
    const verb = claim.appealStatus === 'drafted' ? 'Send the drafted appeal' : 'Appeal';
    const bill = unbilledShare(claim, context);
    return `${verb} by ${by}${because}${bill ? `; bill patient ${bill}` : ''}`;
  }
  if (claim.status === 'submitted' || claim.status === 'pending') {
    // The payer's answer to a status request, when it needs the clerk, says what to do.
    const answered = payerStatusClass(claim.payerStatus);
    if (answered !== undefined && STATUS_CLASS_RULES[answered].worklistTop) {
      const rule = STATUS_CLASS_RULES[answered];
      const on = claim.payerStatusDate ? ` on ${claim.payerStatusDate}` : '';
      return `${payer} ${ANSWER_VERBS[answered]}${on} (${payerStatusWords(claim.payerStatus ?? '')}): ${rule.nextStep}`;
    }
    if (claim.submittedOn === undefined) {
      const by = timelyFilingDeadlineFor(claim, config);
      return by < asOf
        ? `Timely filing limit passed on ${by}: submit with proof of timely filing, or write off`
        : `Submit to ${payer} by ${by} (timely filing)`;
    }
    const waited = daysBetween(claim.submittedOn, asOf);
    if (followUpReached) {
      return `Follow up with ${payer}: follow-up date ${claim.followUpDate} reached, pending ${waited} days`;
    }
    if (claim.followUpDate !== undefined) return `Waiting for ${payer}: follow up on ${claim.followUpDate}`;
    const limit = deadlinesFor(claim, config).followUpAfterDays;
    if (waited >= limit) return `Follow up with ${payer}: pending ${waited} days`;
    return `Waiting for ${payer}: submitted ${waited} days ago, follow up after ${limit}`;
  }
  const bill = unbilledShare(claim, context);
  if (bill) return `Bill patient ${bill}`;
  const share = claim.patientResponsibilityMinor ?? 0;
  if (share > 0) {
    return `Nothing to do: patient billed ${moneyText(share, claim.currency)} on ${patientShareInvoiceId(claim.claimId)}`;
  }
  return `Nothing to do: ${payer} paid ${moneyText(claim.paidMinor ?? 0, claim.currency)}`;
}

/** What neither the payer nor the patient covers: billed less paid less the patient's share. */
function unpaidMinor(claim: Claim): number {
  return claim.billedMinor - (claim.paidMinor ?? 0) - (claim.patientResponsibilityMinor ?? 0);
}

/** The patient's share as text when no open invoice bills it yet; undefined when nothing is owed or it is billed. */
function unbilledShare(claim: Claim, context: ClaimStatusContext): string | undefined {
  const share = claim.patientResponsibilityMinor ?? 0;
  if (share <= 0) return undefined;
  const id = patientShareInvoiceId(claim.claimId);
  const billed = context.invoices?.some((i) => i.invoiceId === id && i.status !== 'void') ?? false;
  return billed ? undefined : moneyText(share, claim.currency);
}
