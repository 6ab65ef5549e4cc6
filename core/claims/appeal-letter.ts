// Drafts the letter that appeals a denied insurance claim to the PAYER: letterhead, payer address,
// the claim's identifiers and amounts, each denial reason in plain words, an argument per denial
// category, the enclosures to attach and signature lines. It carries claim detail by design, so it
// is a document for the payer and never a patient message (core/collections/templates.ts renders those).

import { formatLongDate } from '../collections/templates.js';
import type { Block, DocumentModel } from '../documents/document.js';
import { type IsoDate, toDay } from '../ledger/dates.js';
import type { Claim, ClaimStatus, Customer } from '../ledger/ledger.js';
import { formatMoney } from '../ledger/money.js';
import { adjustmentEffect, type DenialCategory, denialCategoryOf, lookupReason } from './adjustment-codes.js';

/** The practice as it signs an appeal: the payer matches the appeal to the claim by NPI and tax id. */
export interface OfficeProfile {
  name: string;
  /** Street, suite, city/state/ZIP: one line each. */
  addressLines: string[];
  phone?: string;
  fax?: string;
  email?: string;
  /** The billing provider's National Provider Identifier (10 digits). */
  npi?: string;
  /** The tax id (EIN) the claim was billed under. */
  taxId?: string;
  /** Who signs the letter, e.g. the billing manager or the treating physician. */
  signerName?: string;
  signerTitle?: string;
}

/** A denial category, or `general` when no code names one (codes missing from the table). */
export type AppealCategory = DenialCategory | 'general';

export interface AppealLetterInput {
  claim: Claim;
  /** The claim's patient (the Customers row the claim names). */
  patient: Customer;
  office: OfficeProfile;
  /** The letter's date. */
  asOf: IsoDate;
  /** The authorization or referral number, for an authorization denial when one was obtained. */
  authorizationNumber?: string;
}

export interface AppealLetter {
  document: DocumentModel;
  /** One line for the sheet's Appeal Letter column or a list: what is appealed and why. */
  summary: string;
  /** The category the letter argues first (the claim's first denial code's category). */
  category: AppealCategory;
  /** Every category the letter argues, in the order of the claim's codes. */
  categories: AppealCategory[];
  /** The denial codes explained, with their plain-words reason. */
  reasons: { code: string; description: string }[];
  /** What a clerk must check or complete before sending (placeholders, a passed deadline). */
  warnings: string[];
}

/** Statuses a claim can be appealed from: the payer has decided and denied all or part of it. */
export const APPEALABLE_STATUSES: readonly ClaimStatus[] = ['denied', 'partly-paid', 'reversed', 'appealed'];

/** Why a claim cannot be appealed; `code` is stable for callers mapping it to an exit code or status. */
export class AppealLetterError extends Error {
  override name = 'AppealLetterError';
  constructor(
    readonly code: 'APPEAL.NOT_DENIED' | 'APPEAL.NO_DENIAL_CODES' | 'APPEAL.WRONG_PATIENT',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The outcome of {@link checkAppealable}: the denial codes and categories, or why not. */
export type AppealCheck =
  | { ok: true; denialCodes: string[]; categories: AppealCategory[] }
  | { ok: false; code: AppealLetterError['code']; message: string };

const isPlaceholder = (value: string | undefined) => value !== undefined && /^\[.*\]$/.test(value.trim());

/** The office's fields as a clerk names them, in the order warnings list them. */
const OFFICE_LABELS: Readonly<Record<keyof OfficeProfile, string>> = {
  name: 'name',
  addressLines: 'address',
  phone: 'phone',
  fax: 'fax',
  email: 'email',
  npi: 'NPI',
  taxId: 'tax ID',
  signerName: 'signer name',
  signerTitle: 'signer title',
};

/**
 * Whether a claim can be appealed, as a value for callers that only need to know (a sidebar
 * button): its status must be one of {@link APPEALABLE_STATUSES} and at least one adjustment code
 * must be a denial rather than a contractual write-down. The message names the Claims row.
 */
export function checkAppealable(claim: Claim): AppealCheck {
  const where = `Claims row ${claim.row} (claim ${claim.claimId})`;
  if (!APPEALABLE_STATUSES.includes(claim.status)) {
    return {
      ok: false,
      code: 'APPEAL.NOT_DENIED',
      message: `${where} has status "${claim.status}"; only a claim the payer denied can be appealed (status denied, partly-paid, reversed or appealed)`,
    };
  }
  // Denials by the code table; a code the table does not know is kept (argued in general terms)
  // rather than silently dropped. Write-downs, the patient's cost share and CR corrections are not.
  const denialCodes = claim.adjustmentCodes.filter((c) => {
    const effect = adjustmentEffect(c);
    return effect === 'denial' || effect === undefined;
  });
  if (denialCodes.length === 0) {
    const codes = claim.adjustmentCodes.length > 0 ? claim.adjustmentCodes.join(', ') : 'none';
    return {
      ok: false,
      code: 'APPEAL.NO_DENIAL_CODES',
      message: `${where} has no denial code in Adjustment Codes (found: ${codes}); add the payer's reason codes from the remittance, e.g. CO-50`,
    };
  }
  const categories: AppealCategory[] = [];
  for (const code of denialCodes) {
    const category = lookupReason(code)?.category ?? 'general';
    if (!categories.includes(category)) categories.push(category);
  }
  // Lead with the category core reports for the claim, so the letter agrees with the sheet.
  const lead = denialCategoryOf(claim.adjustmentCodes);
  if (lead && categories[0] !== lead) categories.sort((a, b) => (a === lead ? -1 : b === lead ? 1 : 0));
  return { ok: true, denialCodes, categories };
}

/** What the practice argues for each category, in the first person plural of the office. */
const ARGUMENTS: Readonly<Record<AppealCategory, (ctx: ArgumentContext) => string>> = {
  'medical-necessity': () =>
    'The service was medically necessary. The enclosed medical records and the statement of the ' +
    "treating physician document the patient's condition, the treatment considered and why this " +
    "service was required; they show that the plan's criteria for coverage were met on the date of service.",
  authorization: (ctx) =>
    ctx.authorizationNumber
      ? `Authorization for this service was obtained before it was rendered: authorization number ${ctx.authorizationNumber}. A copy of the approval is enclosed; please apply it to the claim.`
      : 'If authorization was on file for this service, its number and approval are enclosed. If it was ' +
        'not, we ask for retroactive authorization: the service could not be delayed, or was rendered in ' +
        'an emergency, as the enclosed records show, and it would have been approved had it been requested.',
  'timely-filing': (ctx) =>
    `The claim was submitted within the filing limit${ctx.submittedOn ? `: it was first submitted on ${ctx.submittedOn}` : ''}. ` +
    'The enclosed proof of timely submission (the clearinghouse acceptance report or payer ' +
    'acknowledgement) shows that the payer received it in time.',
  'missing-information': () =>
    'The information the payer needed to process the claim is now complete. A corrected claim and the ' +
    'requested information are enclosed; please process the claim with them.',
  'coordination-of-benefits': () =>
    "The patient's coverage order has been confirmed. The enclosed explanation of benefits from the " +
    'primary payer (or a statement that there is no other coverage) shows what remains to be paid under this plan.',
  'non-covered': () =>
    'We ask you to review the coverage provision applied to this service. The enclosed records show ' +
    "that it falls within the plan's benefits, or that an exception for medical necessity applies to this patient.",
  duplicate: () =>
    'This claim is not a duplicate. It is for a distinct service: a different date, procedure, ' +
    'modifier or quantity from any claim already processed, as the enclosed claim copy and records show.',
  contractual: () =>
    'The adjustment applied does not match our contract with the payer; the enclosed contract terms ' +
    'show the rate that applies to this service.',
  general: () =>
    'We believe the claim was denied in error. The enclosed records and claim copy support payment ' +
    'of the service as billed; please review them together with the reason codes above.',
};

interface ArgumentContext {
  authorizationNumber?: string;
  submittedOn?: string;
}

/** What to attach, per category; the remittance and the claim copy go with every appeal. */
const ENCLOSURES: Readonly<Record<AppealCategory, (ctx: ArgumentContext) => readonly string[]>> = {
  'medical-necessity': () => [
    'Medical records for the date(s) of service',
    'Letter of medical necessity signed by the treating physician',
    "The payer's coverage criteria or clinical guideline met",
  ],
  authorization: (ctx) =>
    ctx.authorizationNumber
      ? ['Authorization approval or referral, with its number']
      : [
          'Authorization approval or referral, with its number, if one was obtained',
          'Records showing the urgency or emergency, if authorization is requested retroactively',
        ],
  'timely-filing': () => [
    'Proof of timely submission: clearinghouse acceptance report or payer acknowledgement',
    "Earlier submissions and the payer's responses, with dates",
  ],
  'missing-information': () => ['Corrected claim', 'The information or documents the payer requested'],
  'coordination-of-benefits': () => [
    "Primary payer's explanation of benefits (EOB)",
    "Patient's statement of other coverage, or confirmation that there is none",
  ],
  'non-covered': () => [
    'The plan provision or policy section that applies',
    'Medical records supporting a medical-necessity exception',
  ],
  duplicate: () => [
    'The earlier claim and its remittance, showing the services differ',
    'Records showing the distinct service, date or modifier',
  ],
  contractual: () => ['The contract page with the fee schedule or rate that applies'],
  general: () => ['Medical records for the date(s) of service'],
};

const COMMON_ENCLOSURES = [
  'Remittance advice or EOB showing the denial',
  'Copy of the claim as submitted (CMS-1500 or UB-04)',
];

const TITLES: Readonly<Record<Claim['payerType'], string>> = {
  medicare: 'Request for Redetermination',
  medicaid: 'Request for Reconsideration',
  tricare: 'Request for Reconsideration',
  commercial: 'Appeal of Claim Denial',
  'workers-comp': 'Request for Reconsideration',
  auto: 'Request for Reconsideration',
  other: 'Appeal of Claim Denial',
};

const CATEGORY_LABEL: Readonly<Record<AppealCategory, string>> = {
  'medical-necessity': 'medical necessity',
  authorization: 'authorization',
  'timely-filing': 'timely filing',
  'missing-information': 'missing information',
  'coordination-of-benefits': 'coordination of benefits',
  'non-covered': 'non-covered service',
  duplicate: 'duplicate claim',
  contractual: 'contractual adjustment',
  general: 'denial',
};

function serviceDates(claim: Claim): string {
  if (!claim.serviceTo || claim.serviceTo === claim.serviceFrom) return formatLongDate(claim.serviceFrom);
  return `${formatLongDate(claim.serviceFrom)} to ${formatLongDate(claim.serviceTo)}`;
}

function letterhead(office: OfficeProfile): Block[] {
  const contact = [
    office.phone ? `Phone ${office.phone}` : '',
    office.fax ? `Fax ${office.fax}` : '',
    office.email ?? '',
  ].filter(Boolean);
  return [
    { kind: 'heading', level: 2, text: office.name },
    {
      kind: 'lines',
      lines: [...office.addressLines, contact.join(' | ')].filter((l) => l.trim() !== ''),
    },
  ];
}

/**
 * The Payer Address cell as address lines: one per line of the cell, or, for a cell typed on one
 * line, split at commas with "City, ST 12345" kept together.
 */
export function addressLines(cell: string): string[] {
  const lines = cell
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length !== 1) return lines;
  const parts = lines[0]!
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const out: string[] = [];
  for (const part of parts) {
    if (/^[A-Z]{2}\s+\d{5}(-\d{4})?$/.test(part) && out.length > 0) out[out.length - 1] += `, ${part}`;
    else out.push(part);
  }
  return out;
}

function payerBlock(claim: Claim): { block: Block; missing: boolean } {
  const address = addressLines(claim.payerAddress ?? '');
  if (address.length === 0) {
    return {
      block: {
        kind: 'lines',
        lines: [claim.payer, 'Attn: Appeals', "[Payer's appeals address: complete before sending]"],
      },
      missing: true,
    };
  }
  const lines = address[0]!.toLowerCase().includes(claim.payer.toLowerCase())
    ? address
    : [claim.payer, ...address];
  // Address the appeals unit unless the address already names it.
  if (!lines.some((l) => /appeal|redetermination|reconsideration/i.test(l)))
    lines.splice(1, 0, 'Attn: Appeals');
  return { block: { kind: 'lines', lines }, missing: false };
}

function amountFields(claim: Claim): [string, string][] {
  const m = (minor: number) => formatMoney(minor, claim.currency);
  const rows: [string, string][] = [['Billed', m(claim.billedMinor)]];
  if (claim.allowedMinor !== undefined) rows.push(['Allowed', m(claim.allowedMinor)]);
  // A denied claim with no Paid figure was paid nothing; otherwise an unknown figure is left out.
  if (claim.paidMinor !== undefined || claim.status === 'denied')
    rows.push(['Paid', m(claim.paidMinor ?? 0)]);
  if (claim.patientResponsibilityMinor !== undefined)
    rows.push(['Patient responsibility', m(claim.patientResponsibilityMinor)]);
  return rows;
}

/**
 * Drafts the appeal of a denied claim, addressed to the payer. Throws `AppealLetterError` (naming
 * the Claims row) when the claim is not appealable (see {@link checkAppealable}) or the patient is
 * not the claim's customer. Missing details are left as bracketed placeholders and listed in
 * `warnings`, so the clerk completes them before sending.
 *
 * @example draftAppealLetter({ claim, patient, office, asOf: '2026-11-23' }).category // 'medical-necessity'
 */
export function draftAppealLetter(input: AppealLetterInput): AppealLetter {
  const { claim, patient, office, asOf } = input;
  const check = checkAppealable(claim);
  if (!check.ok) throw new AppealLetterError(check.code, check.message);
  if (patient.customerId !== claim.customerId) {
    throw new AppealLetterError(
      'APPEAL.WRONG_PATIENT',
      `Claims row ${claim.row} (claim ${claim.claimId}) is for customer ${claim.customerId}, not ${patient.customerId}`,
    );
  }
  const warnings: string[] = [];
  const reasons = check.denialCodes.map((code) => ({
    code,
    description:
      lookupReason(code)?.description ??
      'reason code not in our table; see the remittance advice for its wording',
  }));
  const title = TITLES[claim.payerType];
  const payer = payerBlock(claim);
  if (payer.missing)
    warnings.push(`the Claims row has no Payer Address; complete the payer's appeals address`);
  if (!claim.memberId) warnings.push("the Claims row has no Member ID; add the patient's member id");
  if (!claim.payerClaimNumber)
    warnings.push("the Claims row has no Payer Claim Number; add the payer's claim number");
  for (const [field, label] of Object.entries(OFFICE_LABELS) as [keyof OfficeProfile, string][]) {
    const value = office[field];
    const values = Array.isArray(value) ? value : [value];
    if (values.some(isPlaceholder)) warnings.push(`the office ${label} is a placeholder; fill it in`);
  }

  const re: [string, string][] = [
    ['Patient', patient.name],
    // Medicare asks for the beneficiary's Medicare number (MBI) by that name.
    [claim.payerType === 'medicare' ? 'Medicare number' : 'Member ID', claim.memberId ?? '[not on file]'],
    ['Payer claim number', claim.payerClaimNumber ?? '[not on file]'],
    ['Our claim number', claim.claimId],
    ['Date(s) of service', serviceDates(claim)],
  ];
  if (claim.denialDate) re.push(['Date of denial', formatLongDate(claim.denialDate)]);
  re.push(...amountFields(claim));
  const provider = [office.npi ? `NPI ${office.npi}` : '', office.taxId ? `Tax ID ${office.taxId}` : ''];
  if (office.npi || office.taxId) re.push(['Billing provider', provider.filter(Boolean).join(', ')]);

  const context: ArgumentContext = {
    authorizationNumber: input.authorizationNumber,
    submittedOn: claim.submittedOn ? formatLongDate(claim.submittedOn) : undefined,
  };
  const request =
    claim.payerType === 'medicare'
      ? 'We ask for a redetermination of this claim and for payment of the service as billed, less the patient responsibility due under the plan.'
      : 'We ask you to reconsider this claim and to pay the service as billed, less the patient responsibility due under the plan.';
  const deadlineText = deadlineParagraph(claim, asOf, warnings);
  const enclosures = [...COMMON_ENCLOSURES];
  for (const c of check.categories)
    for (const e of ENCLOSURES[c](context)) if (!enclosures.includes(e)) enclosures.push(e);

  const blocks: Block[] = [
    ...letterhead(office),
    { kind: 'paragraph', text: formatLongDate(asOf) },
    payer.block,
    {
      kind: 'heading',
      level: 1,
      text: `RE: ${title}: ${patient.name}, claim ${claim.payerClaimNumber ?? claim.claimId}`,
    },
    { kind: 'fields', rows: re },
    { kind: 'paragraph', text: 'To the appeals department:' },
    {
      kind: 'paragraph',
      text: `${office.name} asks you to review the denial of the claim above for services provided to ${patient.name} on ${serviceDates(claim)}. The claim was denied for the following reason${reasons.length === 1 ? '' : 's'}:`,
    },
    {
      kind: 'table',
      columns: [{ header: 'Code' }, { header: 'Reason given' }],
      rows: reasons.map((r) => [r.code, r.description]),
    },
    ...check.categories.map((c): Block => ({ kind: 'paragraph', text: ARGUMENTS[c](context) })),
    {
      kind: 'paragraph',
      text: [
        request,
        deadlineText,
        `If you need anything further to decide this appeal, please contact ${office.signerName ?? 'our billing office'}${office.phone ? ` at ${office.phone}` : ''}, quoting our claim number ${claim.claimId}.`,
      ]
        .filter(Boolean)
        .join(' '),
    },
    {
      kind: 'lines',
      lines: [
        'Sincerely,',
        '',
        '______________________________',
        office.signerName ?? '[Name of signer]',
        ...(office.signerTitle ? [office.signerTitle] : []),
        office.name,
      ],
    },
    // Enclosures follow the signature, as in any business letter; the clerk ticks each one attached.
    { kind: 'heading', level: 3, text: `Enclosures (${enclosures.length})` },
    { kind: 'checklist', items: enclosures.map((text) => ({ text })) },
  ];
  const label = check.categories.map((c) => CATEGORY_LABEL[c]).join(', ');
  const deadline = claim.appealDeadline ? `, appeal by ${claim.appealDeadline}` : '';
  return {
    document: {
      title: `${title} - claim ${claim.claimId} - ${patient.name}`,
      blocks,
      footer: `${office.name} - appeal of claim ${claim.claimId} (${patient.name}). Contains protected health information: for the payer's appeals department only.`,
    },
    summary: `${title} for claim ${claim.claimId} to ${claim.payer}: ${label} (${check.denialCodes.join(', ')})${deadline}`,
    category: check.categories[0]!,
    categories: check.categories,
    reasons,
    warnings,
  };
}

/** The sentence about the appeal period, or none once it has passed (and then a warning). */
function deadlineParagraph(claim: Claim, asOf: IsoDate, warnings: string[]): string | undefined {
  if (!claim.appealDeadline) {
    warnings.push('the Claims row has no Appeal Deadline; check the limit on the remittance advice');
    return undefined;
  }
  const left = toDay(claim.appealDeadline) - toDay(asOf);
  if (left < 0) {
    warnings.push(
      `the appeal deadline ${claim.appealDeadline} passed ${-left} day${left === -1 ? '' : 's'} ago; the payer may refuse the appeal unless good cause for the delay is shown`,
    );
    return undefined;
  }
  return `This appeal is made within the appeal period, which ends on ${formatLongDate(claim.appealDeadline)}.`;
}
