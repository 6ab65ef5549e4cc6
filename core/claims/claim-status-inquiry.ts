// Claim status inquiries both ways: which claims to ask about and the 276 file per payer (with
// control and trace numbers recorded on the Claims rows), and what a 277 answer changes on each row.

import type { Explanation } from '../collections/collection-plan.js';
import { addDays, type IsoDate } from '../ledger/dates.js';
import type { Claim, Customer, Ledger } from '../ledger/ledger.js';
import {
  allReports,
  type ClaimStatusFile,
  type ClaimStatusReport,
  leadingStatus,
  type StatusEntry,
  type StatusInterchange,
  type StatusPerson,
} from '../x12/parse-277.js';
import { writeClaimStatus } from '../x12/write-claim-status.js';
import { type ClaimDeadlineConfig, claimWorklist } from './deadlines.js';
import { STATUS_CLASS_LABELS, STATUS_CLASS_RULES, type StatusClass } from './status-codes.js';

export const INQUIRY_POLICY_VERSION = 'claim-status/2026-1';

/** The office asking: the provider (NM1*1P) and the submitter the clearinghouse knows (NM1*41, ISA06). */
export interface InquiryOffice {
  name: string;
  /** The billing provider's NPI, 10 digits. */
  npi: string;
  /** The submitter id (ETIN) the clearinghouse or payer assigned; ISA06 and NM1*41. Defaults to the NPI. */
  submitterId?: string;
}

export interface StatusInquiryOptions {
  asOf: IsoDate;
  config: ClaimDeadlineConfig;
  /** A claim asked about fewer days ago than this is not asked again. Default 7. */
  resendAfterDays?: number;
  /** The lowest interchange control number to use (e.g. the clearinghouse's last + 1); default 1. */
  firstControlNumber?: number;
  /** HHMM for the envelope (the caller's clock). Default `0000`. */
  time?: string;
  usage?: 'P' | 'T';
}

/** A setup problem that stops the whole request (no NPI): thrown. */
export class ClaimStatusInquiryError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClaimStatusInquiryError';
    this.code = code;
  }
}

/** One 276 file: every claim asked of one payer. */
export interface InquiryBatch {
  payerId: string;
  payer: string;
  /** ISA13, 9 digits; unique across runs because the next one follows the highest on the Claims rows. */
  controlNumber: string;
  /** `276-<payer id>-<control number>.x12`. */
  fileName: string;
  text: string;
  interchange: StatusInterchange;
  claims: { claimId: string; row: number; traceNumber: string }[];
}

/** A claim due for a status request that cannot be asked about, and why (never dropped silently). */
export interface SkippedInquiry {
  claimId: string;
  row: number;
  payer: string;
  reason: string;
}

/** What `planStatusInquiries` decided: the files, the rows to record them on, the claims left out. */
export interface StatusInquiryPlan {
  asOf: IsoDate;
  policyVersion: string;
  batches: InquiryBatch[];
  /** The Claims rows with Status Inquiry (trace number) and Status Inquiry Date set. */
  claimUpdates: Claim[];
  skipped: SkippedInquiry[];
  /** Claims asked about with something a payer may need missing (e.g. no birth date). */
  warnings: { claimId: string; message: string }[];
}

const TRACE = /^(\d{9})-(\d+)$/;

/** The highest interchange control number recorded in the ledger's Status Inquiry column (0 if none). */
export function lastControlNumber(claims: readonly Pick<Claim, 'statusInquiry'>[]): number {
  let max = 0;
  for (const c of claims) {
    const m = TRACE.exec(c.statusInquiry ?? '');
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}

/** Text made safe for an X12 element: delimiters and line breaks become spaces. */
function clean(text: string): string {
  return text
    .replace(/[*:~^\r\n|>]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `Doe, Jane Q` or `Jane Q Doe` as last, first, middle. */
export function splitPersonName(name: string): Pick<StatusPerson, 'last' | 'first' | 'middle'> {
  const n = clean(name);
  const comma = n.indexOf(',');
  let last: string;
  let given: string[];
  if (comma >= 0) {
    last = n.slice(0, comma).trim();
    given = n
      .slice(comma + 1)
      .trim()
      .split(' ')
      .filter(Boolean);
  } else {
    const words = n.split(' ').filter(Boolean);
    last = words.pop() ?? '';
    given = words;
  }
  const p: Pick<StatusPerson, 'last' | 'first' | 'middle'> = { last };
  if (given[0]) p.first = given[0];
  if (given.length > 1) p.middle = given.slice(1).join(' ');
  return p;
}

const FOLLOW_UP_KINDS = new Set(['follow-up-due', 'no-remittance']);

/**
 * The claims to ask about as of `asOf`: those the claims worklist says to follow up (follow-up date
 * reached, or no remittance after the payer's follow-up days), or pended by the payer with the
 * follow-up date reached, and not asked about in the last `resendAfterDays`. One 276 per payer id, control numbers
 * continuing from the highest recorded in the ledger, one trace number per claim
 * (`<control number>-<n>`) recorded on its row so the 277 can be matched back.
 *
 * @example planStatusInquiries(ledger, { name: 'Lakeside Clinic', npi: '1234567893' }, { asOf: '2026-11-23', config: DEFAULT_CLAIM_DEADLINES })
 */
export function planStatusInquiries(
  ledger: Pick<Ledger, 'claims' | 'customers'>,
  office: InquiryOffice,
  options: StatusInquiryOptions,
): StatusInquiryPlan {
  const { asOf } = options;
  if (!/^\d{10}$/.test(office.npi)) {
    throw new ClaimStatusInquiryError(
      'CLAIM_STATUS.NO_NPI',
      `the office's NPI "${office.npi}" is not 10 digits; a status request must name the provider by NPI`,
    );
  }
  const office41 = clean(office.name);
  if (office41 === '')
    throw new ClaimStatusInquiryError('CLAIM_STATUS.NO_OFFICE_NAME', "the office's name is empty");
  const submitter = clean(office.submitterId ?? office.npi);
  if (submitter === '' || submitter.length > 15) {
    throw new ClaimStatusInquiryError(
      'CLAIM_STATUS.BAD_SUBMITTER',
      `the submitter id "${submitter}" must be 1-15 characters (it goes in ISA06)`,
    );
  }
  const resend = options.resendAfterDays ?? 7;
  const customers = new Map<string, Customer>(ledger.customers.map((c) => [c.customerId, c]));
  const claimsById = new Map(ledger.claims.map((c) => [c.claimId, c]));
  const due = new Set(
    claimWorklist(ledger, asOf, options.config)
      .filter((t) => {
        if (FOLLOW_UP_KINDS.has(t.kind)) return true;
        // A pended claim is asked about again once its follow-up date comes; a rejected one needs
        // correcting and resubmitting, which a status request cannot do.
        const c = claimsById.get(t.claimId);
        return (
          t.kind === 'payer-status' &&
          t.explanation.inputs.statusClass === 'pended' &&
          c?.followUpDate !== undefined &&
          c.followUpDate <= asOf
        );
      })
      .map((t) => t.claimId),
  );
  const skipped: SkippedInquiry[] = [];
  const warnings: { claimId: string; message: string }[] = [];
  const byPayer = new Map<string, Claim[]>();
  for (const claim of ledger.claims) {
    if (!due.has(claim.claimId)) continue;
    const skip = (reason: string) =>
      skipped.push({ claimId: claim.claimId, row: claim.row, payer: claim.payer, reason });
    if (claim.statusInquiryDate !== undefined && addDays(claim.statusInquiryDate, resend) > asOf) {
      skip(
        `asked on ${claim.statusInquiryDate} (${claim.statusInquiry ?? 'no trace'}); asked again from ${addDays(claim.statusInquiryDate, resend)}`,
      );
      continue;
    }
    const payerId = clean(claim.payerId ?? '');
    if (payerId === '') {
      skip(`Payer ID is empty: enter ${claim.payer}'s electronic payer id to ask for the claim's status`);
      continue;
    }
    if (payerId.length > 15) {
      skip(`Payer ID "${payerId}" is longer than 15 characters`);
      continue;
    }
    if (clean(claim.memberId ?? '') === '') {
      skip("Member ID is empty: the payer finds the claim by the subscriber's member id");
      continue;
    }
    if (claim.patientBirthDate === undefined) {
      warnings.push({
        claimId: claim.claimId,
        message: 'no Patient Birth Date: sent without DMG; payers that need it answer "not found"',
      });
    }
    const list = byPayer.get(payerId);
    if (list) list.push(claim);
    else byPayer.set(payerId, [claim]);
  }

  let control = Math.max(lastControlNumber(ledger.claims) + 1, options.firstControlNumber ?? 1);
  const batches: InquiryBatch[] = [];
  const claimUpdates: Claim[] = [];
  for (const [payerId, claims] of [...byPayer].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (control > 999_999_999) {
      throw new ClaimStatusInquiryError(
        'CLAIM_STATUS.CONTROL_NUMBERS_EXHAUSTED',
        'interchange control numbers ran past 999999999',
      );
    }
    const controlNumber = String(control).padStart(9, '0');
    control++;
    const traced = claims.map((claim, i) => ({ claim, traceNumber: `${controlNumber}-${i + 1}` }));
    const interchange: StatusInterchange = {
      controlNumber,
      sender: submitter,
      receiver: payerId,
      date: asOf,
      groupControlNumber: String(Number(controlNumber)),
      transactions: [
        {
          set: '276',
          controlNumber: '0001',
          version: '005010X212',
          reference: `DB${controlNumber}`,
          date: asOf,
          reports: traced.map(({ claim, traceNumber }) => {
            const customer = customers.get(claim.customerId);
            const subscriber: StatusPerson = {
              ...splitPersonName(customer?.name ?? claim.customerId),
              memberId: clean(claim.memberId ?? ''),
            };
            if (claim.patientBirthDate) subscriber.birthDate = claim.patientBirthDate;
            const report: ClaimStatusReport = {
              level: 'claim',
              segment: 0,
              transactionControl: '0001',
              traceNumber,
              payer: { name: clean(claims[0]!.payer), id: payerId },
              receiver: { name: office41, id: submitter },
              provider: { name: office41, id: office.npi },
              subscriber,
              patientControlNumber: clean(claim.claimId),
              chargeMinor: claim.billedMinor,
              serviceFrom: claim.serviceFrom,
              serviceTo: claim.serviceTo ?? claim.serviceFrom,
              statuses: [],
              lines: [],
            };
            if (claim.payerClaimNumber) report.payerClaimNumber = clean(claim.payerClaimNumber);
            return report;
          }),
        },
      ],
    };
    const text = writeClaimStatus(interchange, {
      time: options.time ?? '0000',
      usage: options.usage ?? 'P',
    });
    batches.push({
      payerId,
      payer: claims[0]!.payer,
      controlNumber,
      fileName: `276-${payerId.replace(/[^A-Za-z0-9_-]/g, '_')}-${controlNumber}.x12`,
      text,
      interchange,
      claims: traced.map(({ claim, traceNumber }) => ({
        claimId: claim.claimId,
        row: claim.row,
        traceNumber,
      })),
    });
    for (const { claim, traceNumber } of traced) {
      claimUpdates.push({ ...claim, statusInquiry: traceNumber, statusInquiryDate: asOf });
    }
  }
  return { asOf, policyVersion: INQUIRY_POLICY_VERSION, batches, claimUpdates, skipped, warnings };
}

/** How a 277 report was tied to its claim. */
export type MatchedBy = 'trace-number' | 'claim-id' | 'payer-claim-number';

/** One claim's row before and after a 277 status, and why. */
export interface StatusUpdate {
  claimId: string;
  row: number;
  matchedBy: MatchedBy;
  /** Segment (in the 277) of the status applied. */
  segment: number;
  statusClass?: StatusClass;
  before: Claim;
  after: Claim;
  explanation: Explanation;
  warnings: string[];
}

/** A status in the 277 that no claim of the ledger matches, or that is not about one claim. */
export interface UnmatchedStatus {
  segment: number;
  transactionControl: string;
  level: ClaimStatusReport['level'];
  traceNumber?: string;
  patientControlNumber?: string;
  payerClaimNumber?: string;
  patient?: string;
  payer?: string;
  /** The status in codes and words. */
  status: string;
  reason: string;
}

/** What a 277 changes in the ledger. */
export interface StatusImportPlan {
  asOf: IsoDate;
  policyVersion: string;
  updates: StatusUpdate[];
  unmatched: UnmatchedStatus[];
}

/** `A7:33:IL + A7:158 rejected: ...; ...`: the codes, then the words; the payer's message last. */
export function payerStatusText(entry: StatusEntry | undefined): string {
  if (!entry || entry.details.length === 0) return 'no status given';
  const codes = entry.details
    .map((d) =>
      [d.category, d.code, d.entity ?? '']
        .filter((x, i) => x !== '' || i < 2)
        .join(':')
        .replace(/:$/, ''),
    )
    .join(' + ');
  const words = entry.details.map((d) => d.words).join('; ');
  return `${codes} ${words}${entry.message ? ` (payer's note: ${entry.message})` : ''}`;
}

function personText(p: StatusPerson | undefined): string | undefined {
  if (!p) return undefined;
  return [p.last, [p.first, p.middle].filter(Boolean).join(' ')].filter((s) => s !== '').join(', ');
}

const norm = (s: string | undefined) => (s ?? '').trim().toUpperCase();

/**
 * Matches each claim-level report of a 277 to a claim: by the trace number the 276 sent (recorded
 * in Status Inquiry), else by claim id (REF*EJ, or a trace number that is the claim id), else by
 * the payer's claim number (REF*1K). Each match sets Payer Status and its date, moves the Follow-up
 * Date by the status class's rule, marks a submitted claim pending once the payer has it, and fills
 * a blank Payer Claim Number. Reports that match nothing, and statuses about a whole provider or
 * receiver, are listed in `unmatched` with the reason: nothing is dropped.
 */
export function applyClaimStatuses(
  ledger: Pick<Ledger, 'claims'>,
  file: ClaimStatusFile,
  options: { asOf: IsoDate },
): StatusImportPlan {
  const { asOf } = options;
  const byTrace = new Map<string, Claim>();
  const byId = new Map<string, Claim>();
  const byPayerNumber = new Map<string, Claim>();
  for (const c of ledger.claims) {
    if (c.statusInquiry) byTrace.set(norm(c.statusInquiry), c);
    byId.set(norm(c.claimId), c);
    if (c.payerClaimNumber) byPayerNumber.set(norm(c.payerClaimNumber), c);
  }
  const updates = new Map<string, StatusUpdate>();
  const unmatched: UnmatchedStatus[] = [];
  const transactionDates = new Map<string, IsoDate | undefined>();
  for (const ic of file.interchanges)
    for (const t of ic.transactions) transactionDates.set(t.controlNumber, t.date ?? ic.date);

  for (const report of allReports(file)) {
    const entry = leadingStatus(report);
    const text = payerStatusText(entry);
    const base = {
      segment: report.segment,
      transactionControl: report.transactionControl,
      level: report.level,
      status: text,
      ...(report.traceNumber ? { traceNumber: report.traceNumber } : {}),
      ...(report.patientControlNumber ? { patientControlNumber: report.patientControlNumber } : {}),
      ...(report.payerClaimNumber ? { payerClaimNumber: report.payerClaimNumber } : {}),
      ...(personText(report.patient ?? report.subscriber)
        ? { patient: personText(report.patient ?? report.subscriber) }
        : {}),
      ...(report.payer.name ? { payer: report.payer.name } : {}),
    };
    if (report.level !== 'claim') {
      const who =
        report.level === 'provider'
          ? `the provider ${report.provider.name ?? report.provider.id ?? ''}`
          : `the receiver ${report.receiver.name ?? report.receiver.id ?? ''}`;
      const cls = entry?.details[0]?.class;
      const refused = cls === 'rejected' || cls === 'inquiry-error' || cls === 'retry-later';
      unmatched.push({
        ...base,
        reason: refused
          ? `about ${who.trim()} as a whole, not one claim: every claim of that request is unanswered; correct and send it again`
          : `about ${who.trim()} as a whole (the batch), not one claim: nothing to record on a row`,
      });
      continue;
    }
    if (!entry) {
      unmatched.push({ ...base, reason: 'the 277 gives no status for this claim (no STC)' });
      continue;
    }
    let claim: Claim | undefined;
    let matchedBy: MatchedBy | undefined;
    if (report.traceNumber && byTrace.has(norm(report.traceNumber))) {
      claim = byTrace.get(norm(report.traceNumber));
      matchedBy = 'trace-number';
    } else if (report.patientControlNumber && byId.has(norm(report.patientControlNumber))) {
      claim = byId.get(norm(report.patientControlNumber));
      matchedBy = 'claim-id';
    } else if (report.traceNumber && byId.has(norm(report.traceNumber))) {
      claim = byId.get(norm(report.traceNumber));
      matchedBy = 'claim-id';
    } else if (report.payerClaimNumber && byPayerNumber.has(norm(report.payerClaimNumber))) {
      claim = byPayerNumber.get(norm(report.payerClaimNumber));
      matchedBy = 'payer-claim-number';
    }
    if (!claim || !matchedBy) {
      const tried = [
        report.traceNumber
          ? `trace number ${report.traceNumber} is in no claim's Status Inquiry`
          : 'there is no trace number',
        report.patientControlNumber
          ? `no claim has id ${report.patientControlNumber}`
          : 'no claim id is given (REF*EJ)',
        report.payerClaimNumber ? `no claim has payer claim number ${report.payerClaimNumber}` : undefined,
      ].filter(Boolean);
      unmatched.push({ ...base, reason: `${tried.join('; ')}: record it by hand` });
      continue;
    }
    const previous = updates.get(claim.claimId);
    const before = previous?.after ?? claim;
    const details = entry.details[0];
    const statusClass = details?.class;
    const statusDate = entry.date ?? transactionDates.get(report.transactionControl) ?? asOf;
    const warnings: string[] = [];
    if (previous)
      warnings.push(
        `also answered at segment ${previous.segment}; the later status (segment ${report.segment}) is kept`,
      );
    if (matchedBy !== 'trace-number' && report.traceNumber)
      warnings.push(
        `trace number ${report.traceNumber} was not the one sent for this claim (${claim.statusInquiry ?? 'none recorded'}); matched by ${matchedBy === 'claim-id' ? 'claim id' : 'payer claim number'}`,
      );
    if (entry.chargeMinor !== undefined && entry.chargeMinor !== claim.billedMinor)
      warnings.push(
        `the payer has a charge of ${(entry.chargeMinor / 100).toFixed(2)}, the claim ${(claim.billedMinor / 100).toFixed(2)}`,
      );
    const rule = statusClass ? STATUS_CLASS_RULES[statusClass] : undefined;
    const from = [statusDate, asOf].sort()[1] as IsoDate;
    const followUp = addDays(from, rule?.followUpDays ?? 0);
    const after: Claim = {
      ...before,
      payerStatus: text,
      payerStatusDate: statusDate,
      followUpDate: followUp,
    };
    if (
      before.status === 'submitted' &&
      statusClass !== undefined &&
      statusClass !== 'rejected' &&
      statusClass !== 'inquiry-error' &&
      statusClass !== 'retry-later'
    ) {
      after.status = 'pending';
    }
    if (!before.payerClaimNumber && report.payerClaimNumber) after.payerClaimNumber = report.payerClaimNumber;
    const classText = statusClass ? STATUS_CLASS_LABELS[statusClass] : 'a status Duebook does not know';
    const next = rule ? rule.nextStep : 'read the 277 and decide by hand';
    updates.set(claim.claimId, {
      claimId: claim.claimId,
      row: claim.row,
      matchedBy,
      segment: report.segment,
      ...(statusClass ? { statusClass } : {}),
      before: claim,
      after,
      explanation: {
        rule: `claims/status-277/${statusClass ?? 'unknown'}`,
        policyVersion: INQUIRY_POLICY_VERSION,
        summary: `${claim.payer} says on ${statusDate}: ${classText} (${text}); ${next}; follow up on ${followUp}.`,
        inputs: {
          claimId: claim.claimId,
          matchedBy,
          segment: report.segment,
          payerStatus: text,
          payerStatusDate: statusDate,
          followUpDays: rule?.followUpDays ?? 0,
          ...(report.traceNumber ? { traceNumber: report.traceNumber } : {}),
        },
      },
      warnings: previous ? [...previous.warnings, ...warnings] : warnings,
    });
  }
  return { asOf, policyVersion: INQUIRY_POLICY_VERSION, updates: [...updates.values()], unmatched };
}

/** The claims with a plan's updates applied (every other row as it was). */
export function applyStatusUpdates(
  claims: readonly Claim[],
  updates: readonly { claimId: string; after: Claim }[],
): Claim[] {
  const after = new Map(updates.map((u) => [u.claimId, u.after]));
  return claims.map((c) => after.get(c.claimId) ?? c);
}
