// Posting parsed 835 remittances to the Claims tab: matches each remitted claim to a ledger claim,
// works out the claim's new figures, the patient's share to bill and the denials to appeal, and
// returns them as a plan a clerk can review. Nothing is mutated; `applyPostingPlan` applies a plan.

import type { Explanation } from '../collections/collection-plan.js';
import { addDays, type IsoDate } from '../ledger/dates.js';
import type { Claim, ClaimStatus, Invoice, Ledger } from '../ledger/ledger.js';
import type { CasAdjustment, RemitClaim, Remittance } from '../x12/remittance.js';
import { type ReviewItem, remittanceReviewItems } from '../x12/review.js';
import {
  adjustmentEffect,
  type DenialCategory,
  denialCategoryOf,
  firstDenialCode,
} from './adjustment-codes.js';
import { denialReasonText, moneyText } from './claim-text.js';
import { appealDeadlineFor, type ClaimDeadlineConfig } from './deadlines.js';

/**
 * A claim as posting reads and writes it: `remittanceRefs` lists the posting key (see
 * `postingKey`) of every remitted claim already posted to it, which is what makes posting
 * idempotent. It is kept on the claim row so the record travels with the sheet.
 */
export type PostableClaim = Claim & { remittanceRefs?: readonly string[] };

export interface PostingOptions {
  asOf: IsoDate;
  config: ClaimDeadlineConfig;
  /** Days after `asOf` a new patient-share invoice falls due; 30 when not given. */
  patientDueDays?: number;
}

/** One remitted claim (CLP) posted to a ledger claim. */
export interface AppliedPosting {
  key: string;
  /** ST02 of the remittance. */
  controlNumber: string;
  traceNumber?: string;
  /** CLP02 as on the file, e.g. `1`, `4`, `22`. */
  statusCode: string;
  chargeMinor: number;
  paidMinor: number;
  patientResponsibilityMinor: number;
  /** Contractual and other expected reductions (CO-45, CO-253, OA-23, ...). */
  writeDownMinor: number;
  /** Amounts refused for a reason that can be appealed, outside the patient's share. */
  deniedMinor: number;
}

/** The new state of one claim after every posting to it in this run. */
export interface ClaimUpdate {
  claimId: string;
  row: number;
  before: PostableClaim;
  after: PostableClaim & { remittanceRefs: string[] };
  /** Fields whose value changed, in the Claim's field order. */
  changed: string[];
  postings: AppliedPosting[];
  /** Anything a clerk should check: a remittance that does not balance, a charge that differs. */
  warnings: string[];
  explanation: Explanation;
}

/** A patient-share invoice to create, or an existing one whose amount or status changes. */
export interface InvoiceChange {
  action: 'create' | 'update';
  invoice: Invoice;
  claimId: string;
  /** For updates: the amount before. */
  previousAmountMinor?: number;
  explanation: Explanation;
}

/** A denial recorded by this run, with the deadline to appeal it. */
export interface DenialRecord {
  claimId: string;
  customerId: string;
  payer: string;
  /** Undefined when the payer denied the claim (CLP02 4) with no reason code Duebook knows. */
  category?: DenialCategory;
  /** The adjustment code that carries the category, e.g. `CO-50`. */
  code?: string;
  denialDate: IsoDate;
  appealDeadline: IsoDate;
  deniedMinor: number;
  explanation: Explanation;
}

/** A remitted claim that was not posted, and why; never dropped silently. */
export interface UnmatchedClaim {
  controlNumber: string;
  traceNumber?: string;
  patientControlNumber: string;
  payerClaimNumber?: string;
  patientName?: string;
  statusCode: string;
  chargeMinor: number;
  paidMinor: number;
  /** Segment number of the CLP, to find it in the file. */
  segment: number;
  reason: string;
}

/** A remitted claim skipped because its posting key is already on the claim. */
export interface AlreadyPosted {
  claimId: string;
  key: string;
}

export interface PostingPlan {
  asOf: IsoDate;
  policyVersion: string;
  claimUpdates: ClaimUpdate[];
  invoiceChanges: InvoiceChange[];
  denials: DenialRecord[];
  unmatched: UnmatchedClaim[];
  alreadyPosted: AlreadyPosted[];
  /**
   * Claims and payments the file damaged (`review` on the parsed claim or remittance), with the
   * segment, reason and money: a flagged claim is never posted; a flagged payment's whole claims are.
   */
  needsReview: ReviewItem[];
}

const DEFAULT_PATIENT_DUE_DAYS = 30;

/** The id of the invoice that bills a claim's patient share: one per claim, stable across runs. */
export function patientShareInvoiceId(claimId: string): string {
  return `${claimId}-PR`;
}

/**
 * The key that identifies one remitted claim across files: payer, payment (TRN02 trace number, or
 * the ST02 control number and date of an advice without one), CLP01 and CLP02, plus `#n` for the
 * n-th identical CLP in one remittance. A reversal and its corrected claim differ by CLP02.
 *
 * @example postingKey(remit, clp) // '1382999999/0004926/123839-24635/22'
 */
export function postingKey(remittance: Remittance, claim: RemitClaim, occurrence = 1): string {
  const payer = remittance.payer.id ?? remittance.payer.name ?? 'payer';
  const payment =
    remittance.payment.traceNumber ?? `ST${remittance.controlNumber}@${remittance.payment.date ?? 'undated'}`;
  const n = occurrence > 1 ? `#${occurrence}` : '';
  // The Remittance Refs cell is a list split at `,` and `;`: a key holding one would come back in
  // pieces, never match again, and the same file would post twice.
  return `${payer}/${payment}/${claim.patientControlNumber}/${claim.statusCode}${n}`.replace(/[,;]/g, '_');
}

/** Every CAS adjustment of a remitted claim, claim level first, then each service line's. */
export function allAdjustments(claim: RemitClaim): CasAdjustment[] {
  return [...claim.adjustments, ...claim.serviceLines.flatMap((l) => l.adjustments)];
}

/**
 * Plans the posting of `remittances` to `ledger`'s claims, in file order. Rules:
 * - Match CLP01 to Claim ID, else CLP07 to Payer Claim Number, else member id and first service
 *   date; more than one candidate is ambiguous and left unmatched, as is a claim not in USD.
 * - A CLP whose posting key is already in the claim's `remittanceRefs` is skipped
 *   (`alreadyPosted`), so posting the same file twice changes nothing.
 * - Amounts add up across postings, so a reversal (CLP02 22, negative amounts) takes back the
 *   earlier posting and a corrected claim after it posts afresh. The first posting to a claim
 *   replaces figures a clerk typed by hand; a reversal arriving first takes back those figures.
 *   A secondary or tertiary payer's patient responsibility replaces the primary's: it is what the
 *   patient still owes after both.
 * - Status: reversed; denied (CLP02 4 or 23, or a denial code and nothing paid); partly-paid (a
 *   denial code and something paid); otherwise paid (even $0 paid when it all went to the
 *   deductible). A denial sets the denial date (payment date, else `asOf`) and the appeal
 *   deadline; a submitted appeal is marked won or lost by the next adjudication.
 * - The patient's share goes to an invoice `<claimId>-PR` for the patient, created, re-priced or
 *   voided to match the claim.
 */
export function postRemittances(
  ledger: Pick<Ledger, 'claims' | 'invoices'>,
  remittances: readonly Remittance[],
  options: PostingOptions,
): PostingPlan {
  const { asOf, config } = options;
  const claims = ledger.claims as readonly PostableClaim[];
  const working = new Map<string, Working>();
  const unmatched: UnmatchedClaim[] = [];
  const alreadyPosted: AlreadyPosted[] = [];
  const needsReview: ReviewItem[] = [];

  for (const remittance of remittances) {
    needsReview.push(...remittanceReviewItems(remittance));
    const seen = new Map<string, number>();
    for (const clp of remittance.claims) {
      const seenKey = `${clp.patientControlNumber}/${clp.statusCode}`;
      const occurrence = (seen.get(seenKey) ?? 0) + 1;
      seen.set(seenKey, occurrence);
      // A damaged claim is in needsReview: never posted, whatever could be read of it.
      if (clp.review && clp.review.length > 0) continue;
      const skip = (reason: string) => unmatched.push(unmatchedOf(remittance, clp, reason));
      if (clp.status === 'other') {
        skip(
          `CLP02 status ${clp.statusCode} is not a payment, denial or reversal Duebook posts; post it by hand`,
        );
        continue;
      }
      const match = matchClaim(claims, clp);
      if (!match.ok) {
        skip(match.reason);
        continue;
      }
      const claim = match.claim;
      if (claim.currency !== 'USD') {
        skip(`claim ${claim.claimId} is in ${claim.currency}, but an 835 pays in USD`);
        continue;
      }
      const key = postingKey(remittance, clp, occurrence);
      let w = working.get(claim.claimId);
      if (!w) {
        w = startWorking(claim);
        working.set(claim.claimId, w);
      }
      if (w.refs.includes(key)) {
        alreadyPosted.push({ claimId: claim.claimId, key });
        continue;
      }
      const overReversal = reversalExceedsPosted(w.claim, clp);
      if (overReversal) {
        // Listed for posting by hand, and its key kept on the claim so the same file posted again
        // does not apply it later, once other postings make the amounts large enough.
        skip(overReversal);
        w.refs.push(key);
        w.summaries.push(
          `A reversal${remittance.payment.traceNumber ? ` (trace ${remittance.payment.traceNumber})` : ''} was not posted: ${overReversal}.`,
        );
        continue;
      }
      applyPosting(w, remittance, clp, key, options);
    }
  }

  const claimUpdates: ClaimUpdate[] = [];
  const invoiceChanges: InvoiceChange[] = [];
  const denials: DenialRecord[] = [];
  for (const w of working.values()) {
    if (w.postings.length === 0) continue;
    claimUpdates.push(finishUpdate(w, config));
    const change = patientInvoiceChange(w.claim, ledger.invoices, options);
    if (change) invoiceChanges.push(change);
    const denial = denialRecord(w, config);
    if (denial) denials.push(denial);
  }
  return {
    asOf,
    policyVersion: config.version,
    claimUpdates,
    invoiceChanges,
    denials,
    unmatched,
    alreadyPosted,
    needsReview,
  };
}

/**
 * The ledger after a plan: claims replaced by id, patient-share invoices updated or appended.
 * For callers that keep a ledger in memory (tests, the CLI); the sheet applies the same rows.
 */
export function applyPostingPlan<L extends Pick<Ledger, 'claims' | 'invoices'>>(
  ledger: L,
  plan: PostingPlan,
): L {
  const claims = new Map(plan.claimUpdates.map((u) => [u.claimId, u.after as Claim]));
  const invoices = new Map(plan.invoiceChanges.map((c) => [c.invoice.invoiceId, c.invoice]));
  const existing = new Set(ledger.invoices.map((i) => i.invoiceId));
  return {
    ...ledger,
    claims: ledger.claims.map((c) => claims.get(c.claimId) ?? c),
    invoices: [
      ...ledger.invoices.map((i) => invoices.get(i.invoiceId) ?? i),
      ...plan.invoiceChanges.filter((c) => !existing.has(c.invoice.invoiceId)).map((c) => c.invoice),
    ],
  };
}

type Match = { ok: true; claim: PostableClaim } | { ok: false; reason: string };

function matchClaim(claims: readonly PostableClaim[], clp: RemitClaim): Match {
  const pick = (found: PostableClaim[], by: string): Match | undefined => {
    if (found.length === 1) return { ok: true, claim: found[0] as PostableClaim };
    if (found.length > 1) {
      const ids = found.map((c) => c.claimId).join(', ');
      return { ok: false, reason: `ambiguous: ${found.length} claims (${ids}) match ${by}` };
    }
    return undefined;
  };
  const pcn = clp.patientControlNumber.trim();
  const byId = pick(
    claims.filter((c) => c.claimId === pcn),
    `Claim ID ${pcn}`,
  );
  if (byId) return byId;
  const icn = clp.payerClaimNumber?.trim();
  if (icn) {
    const byIcn = pick(
      claims.filter((c) => c.payerClaimNumber?.trim() === icn),
      `payer claim number ${icn}`,
    );
    if (byIcn) return byIcn;
  }
  const member = clp.memberId?.trim().toUpperCase();
  const served = clp.serviceFrom ?? firstLineDate(clp);
  if (member && served) {
    const byMember = pick(
      claims.filter((c) => c.memberId?.trim().toUpperCase() === member && c.serviceFrom === served),
      `member id ${member} with service on ${served}`,
    );
    if (byMember) return byMember;
  }
  const tried = [
    `Claim ID ${pcn}`,
    icn ? `payer claim number ${icn}` : undefined,
    member && served ? `member id ${member} with service on ${served}` : undefined,
  ].filter((t) => t !== undefined);
  return { ok: false, reason: `no claim has ${tried.join(', or ')}` };
}

function firstLineDate(clp: RemitClaim): IsoDate | undefined {
  const dates = clp.serviceLines.map((l) => l.serviceDate).filter((d) => d !== undefined);
  return dates.sort()[0];
}

function unmatchedOf(remittance: Remittance, clp: RemitClaim, reason: string): UnmatchedClaim {
  return {
    controlNumber: remittance.controlNumber,
    traceNumber: remittance.payment.traceNumber,
    patientControlNumber: clp.patientControlNumber,
    payerClaimNumber: clp.payerClaimNumber,
    patientName: clp.patientName,
    statusCode: clp.statusCode,
    chargeMinor: clp.chargeMinor,
    paidMinor: clp.paidMinor,
    segment: clp.segment,
    reason,
  };
}

interface Working {
  before: PostableClaim;
  claim: PostableClaim & { remittanceRefs: string[] };
  refs: string[];
  postings: AppliedPosting[];
  summaries: string[];
  warnings: string[];
  /** The payer name the remittances gave, for explanations. */
  payerName: string;
}

function startWorking(claim: PostableClaim): Working {
  const refs = [...(claim.remittanceRefs ?? [])];
  return {
    before: claim,
    claim: { ...claim, remittanceRefs: refs },
    refs,
    postings: [],
    summaries: [],
    warnings: [],
    payerName: claim.payer,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function uniq(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * Why a reversal cannot be posted: it takes back more than the claim shows as paid or owed by the
 * patient (e.g. the original payment was posted by hand elsewhere or never recorded). Posting it
 * would leave negative amounts the Claims tab refuses, and the claim would drop out of the ledger.
 */
function reversalExceedsPosted(claim: PostableClaim, clp: RemitClaim): string | undefined {
  if (clp.status !== 'reversed') return undefined;
  const paid = (claim.paidMinor ?? 0) + clp.paidMinor;
  const share = (claim.patientResponsibilityMinor ?? 0) + clp.patientResponsibilityMinor;
  if (paid >= 0 && share >= 0) return undefined;
  return (
    `reversal takes back ${moneyText(-clp.paidMinor, 'USD')} paid and ${moneyText(-clp.patientResponsibilityMinor, 'USD')} patient share, ` +
    `but claim ${claim.claimId} shows ${moneyText(claim.paidMinor ?? 0, 'USD')} paid and ${moneyText(claim.patientResponsibilityMinor ?? 0, 'USD')} patient share; post it by hand`
  );
}

/** Posts one remitted claim onto the working claim (see `postRemittances` for the rules). */
function applyPosting(
  w: Working,
  remittance: Remittance,
  clp: RemitClaim,
  key: string,
  options: PostingOptions,
): void {
  const c = w.claim;
  const cas = allAdjustments(clp);
  const notPatient = cas.filter((a) => a.group !== 'PR');
  const deniedMinor = sum(notPatient.filter((a) => effectOf(a) === 'denial').map((a) => a.amountMinor));
  const writeDownMinor = sum(notPatient.filter((a) => effectOf(a) !== 'denial').map((a) => a.amountMinor));
  const reversal = clp.status === 'reversed';
  const secondary = clp.status === 'processed-secondary' || clp.status === 'processed-tertiary';
  const payer = remittance.payer.name ?? c.payer;
  const date = remittance.payment.date ?? options.asOf;
  w.payerName = payer;

  // The first posting replaces hand-typed figures; a reversal first takes back what was typed.
  const fresh = w.refs.length === 0 && !reversal;
  const paidBefore = fresh ? 0 : (c.paidMinor ?? 0);
  const prBefore = fresh ? 0 : (c.patientResponsibilityMinor ?? 0);
  const allowedBefore = fresh ? 0 : (c.allowedMinor ?? 0);
  c.paidMinor = paidBefore + clp.paidMinor;
  c.patientResponsibilityMinor = secondary
    ? clp.patientResponsibilityMinor
    : prBefore + clp.patientResponsibilityMinor;
  if (!secondary) c.allowedMinor = allowedBefore + clp.paidMinor + clp.patientResponsibilityMinor;
  c.payerClaimNumber ??= clp.payerClaimNumber;
  c.memberId ??= clp.memberId;

  const trace = remittance.payment.traceNumber ? ` (trace ${remittance.payment.traceNumber})` : '';
  if (reversal) {
    c.status = 'reversed';
    c.adjustmentCodes = [];
    c.remarkCodes = [];
    c.denialDate = undefined;
    c.appealDeadline = undefined;
    w.summaries.push(
      `${payer} reversed its earlier payment on ${date}${trace}: ${moneyText(-clp.paidMinor, 'USD')} paid and ${moneyText(-clp.patientResponsibilityMinor, 'USD')} patient share taken back.`,
    );
  } else {
    c.adjustmentCodes = uniq(cas.map((a) => `${a.group}-${a.reason}`));
    c.remarkCodes = uniq([...clp.remarks, ...clp.serviceLines.flatMap((l) => l.remarks)]);
    const denied = denialCategoryOf(c.adjustmentCodes) !== undefined;
    const status: ClaimStatus =
      clp.status === 'denied' || clp.status === 'not-our-claim' || (denied && c.paidMinor <= 0)
        ? 'denied'
        : denied
          ? 'partly-paid'
          : 'paid';
    c.status = status;
    if (status === 'paid') {
      c.denialDate = undefined;
      c.appealDeadline = undefined;
      if (c.appealStatus === 'submitted') c.appealStatus = 'won';
    } else {
      c.denialDate = date;
      c.appealDeadline = appealDeadlineFor(c, date, options.config);
      if (c.appealStatus === 'submitted') c.appealStatus = 'lost';
    }
    const parts = [
      `${payer} paid ${moneyText(clp.paidMinor, 'USD')} of ${moneyText(clp.chargeMinor, 'USD')} billed`,
    ];
    if (writeDownMinor !== 0) parts.push(`wrote down ${moneyText(writeDownMinor, 'USD')}`);
    const reason = denialReasonText(c.adjustmentCodes);
    if (status !== 'paid') {
      parts.push(
        `denied ${moneyText(deniedMinor, 'USD')}${reason ? ` (${reason})` : ''}, appeal by ${c.appealDeadline}`,
      );
    }
    if (clp.patientResponsibilityMinor !== 0) {
      parts.push(`patient owes ${moneyText(clp.patientResponsibilityMinor, 'USD')}`);
    }
    w.summaries.push(`${parts.join(', ')} on ${date}${trace}.`);
  }

  const casTotal = sum(cas.map((a) => a.amountMinor));
  if (clp.chargeMinor !== clp.paidMinor + casTotal) {
    w.warnings.push(
      `CLP at segment ${clp.segment} does not balance: charge ${moneyText(clp.chargeMinor, 'USD')} is not paid ${moneyText(clp.paidMinor, 'USD')} plus adjustments ${moneyText(casTotal, 'USD')}`,
    );
  }
  const prCas = sum(cas.filter((a) => a.group === 'PR').map((a) => a.amountMinor));
  if (prCas !== clp.patientResponsibilityMinor) {
    w.warnings.push(
      `CLP at segment ${clp.segment}: patient responsibility ${moneyText(clp.patientResponsibilityMinor, 'USD')} differs from its PR adjustments ${moneyText(prCas, 'USD')}`,
    );
  }
  if (!reversal && Math.abs(clp.chargeMinor) !== c.billedMinor) {
    w.warnings.push(
      `${payer} shows ${moneyText(clp.chargeMinor, 'USD')} charged, the ledger bills ${moneyText(c.billedMinor, 'USD')}`,
    );
  }

  w.refs.push(key);
  w.postings.push({
    key,
    controlNumber: remittance.controlNumber,
    traceNumber: remittance.payment.traceNumber,
    statusCode: clp.statusCode,
    chargeMinor: clp.chargeMinor,
    paidMinor: clp.paidMinor,
    patientResponsibilityMinor: clp.patientResponsibilityMinor,
    writeDownMinor,
    deniedMinor,
  });
}

function effectOf(a: CasAdjustment) {
  return adjustmentEffect(`${a.group}-${a.reason}`);
}

const CLAIM_FIELDS: readonly string[] = [
  'payerClaimNumber',
  'memberId',
  'allowedMinor',
  'paidMinor',
  'patientResponsibilityMinor',
  'status',
  'adjustmentCodes',
  'remarkCodes',
  'denialDate',
  'appealDeadline',
  'appealStatus',
  'remittanceRefs',
];

function finishUpdate(w: Working, config: ClaimDeadlineConfig): ClaimUpdate {
  const before = w.before as unknown as Record<string, unknown>;
  const after = w.claim as unknown as Record<string, unknown>;
  const changed = CLAIM_FIELDS.filter(
    (f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null),
  );
  const c = w.claim;
  return {
    claimId: c.claimId,
    row: c.row,
    before: w.before,
    after: c,
    changed,
    postings: w.postings,
    warnings: w.warnings,
    explanation: {
      rule: 'claims/post-remittance',
      policyVersion: config.version,
      summary: w.summaries.join(' Then '),
      inputs: {
        claimId: c.claimId,
        postings: w.postings.map((p) => p.key).join(' '),
        paidMinor: c.paidMinor ?? 0,
        patientResponsibilityMinor: c.patientResponsibilityMinor ?? 0,
        status: c.status,
      },
    },
  };
}

function patientInvoiceChange(
  claim: PostableClaim,
  invoices: readonly Invoice[],
  options: PostingOptions,
): InvoiceChange | undefined {
  const share = Math.max(0, claim.patientResponsibilityMinor ?? 0);
  const invoiceId = patientShareInvoiceId(claim.claimId);
  const existing = invoices.find((i) => i.invoiceId === invoiceId);
  const explanation = (summary: string): Explanation => ({
    rule: 'claims/patient-share',
    policyVersion: options.config.version,
    summary,
    inputs: { claimId: claim.claimId, invoiceId, patientResponsibilityMinor: share },
  });
  const amount = moneyText(share, claim.currency);
  if (!existing) {
    if (share === 0) return undefined;
    const dueDate = addDays(options.asOf, options.patientDueDays ?? DEFAULT_PATIENT_DUE_DAYS);
    return {
      action: 'create',
      claimId: claim.claimId,
      invoice: {
        row: 0,
        invoiceId,
        customerId: claim.customerId,
        invoiceDate: options.asOf,
        dueDate,
        amountMinor: share,
        currency: claim.currency,
        status: 'open',
        // No procedure or diagnosis: this text reaches the patient's statements and reminders.
        description: `Patient share of claim ${claim.claimId} (${claim.payer}, service ${claim.serviceFrom})`,
      },
      explanation: explanation(
        `Bill the patient ${amount}, their share of claim ${claim.claimId}, due ${dueDate}.`,
      ),
    };
  }
  if (share === 0) {
    if (existing.status === 'void') return undefined;
    return {
      action: 'update',
      claimId: claim.claimId,
      invoice: { ...existing, status: 'void' },
      previousAmountMinor: existing.amountMinor,
      explanation: explanation(
        `Void ${invoiceId}: the patient no longer owes anything on claim ${claim.claimId}.`,
      ),
    };
  }
  const status = existing.status === 'void' ? 'open' : existing.status;
  if (existing.amountMinor === share && existing.status === status) return undefined;
  return {
    action: 'update',
    claimId: claim.claimId,
    invoice: { ...existing, amountMinor: share, status },
    previousAmountMinor: existing.amountMinor,
    explanation: explanation(
      `Change ${invoiceId} from ${moneyText(existing.amountMinor, claim.currency)} to ${amount}: the patient's share of claim ${claim.claimId} changed.`,
    ),
  };
}

function denialRecord(w: Working, config: ClaimDeadlineConfig): DenialRecord | undefined {
  const c = w.claim;
  if (c.status !== 'denied' && c.status !== 'partly-paid') return undefined;
  if (c.denialDate === undefined || c.appealDeadline === undefined) return undefined;
  if (c.denialDate === w.before.denialDate && c.status === w.before.status) return undefined;
  const code = firstDenialCode(c.adjustmentCodes);
  const category = denialCategoryOf(c.adjustmentCodes);
  const last = w.postings[w.postings.length - 1] as AppliedPosting;
  return {
    claimId: c.claimId,
    customerId: c.customerId,
    payer: c.payer,
    category,
    code,
    denialDate: c.denialDate,
    appealDeadline: c.appealDeadline,
    deniedMinor: last.deniedMinor,
    explanation: {
      rule: 'claims/denial',
      policyVersion: config.version,
      summary: `${w.payerName} denied claim ${c.claimId}${code ? ` (${denialReasonText(c.adjustmentCodes)})` : ''} on ${c.denialDate}; appeal by ${c.appealDeadline}.`,
      inputs: {
        claimId: c.claimId,
        code: code ?? '',
        denialDate: c.denialDate,
        appealDeadline: c.appealDeadline,
      },
    },
  };
}
