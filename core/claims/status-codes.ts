// Claim status category codes (X12 code list 507), claim status codes (list 508) and entity codes of
// a 277 STC, as tables a clerk can scan, with one function that turns an STC composite into words.

/**
 * What a category means for the clerk. The order is the worklist's: the first four put the claim at
 * the top of the claims worklist with the payer's reason.
 */
export const STATUS_CLASSES = [
  'rejected',
  'info-requested',
  'pended',
  'inquiry-error',
  'finalized',
  'acknowledged',
  'retry-later',
] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** How each class reads in a sentence (`rejected by the payer`). */
export const STATUS_CLASS_LABELS: Readonly<Record<StatusClass, string>> = {
  rejected: 'rejected by the payer',
  'info-requested': 'the payer asks for more information',
  pended: 'pended by the payer',
  'inquiry-error': 'the status request was refused',
  finalized: 'finalized by the payer',
  acknowledged: 'received by the payer',
  'retry-later': 'the payer could not answer now',
};

/** What happens to a Claims row when a 277 reports a status of this class (data, not an if-chain). */
export interface StatusClassRule {
  /** Days from the status date (or the day read, when later) to the new Follow-up Date. */
  followUpDays: number;
  /** Whether the claim goes to the top of the claims worklist, with the payer's reason. */
  worklistTop: boolean;
  /** What the clerk does next, one sentence. */
  nextStep: string;
}

export const STATUS_CLASS_RULES: Readonly<Record<StatusClass, StatusClassRule>> = {
  rejected: {
    followUpDays: 0,
    worklistTop: true,
    nextStep: 'correct the claim and submit it again',
  },
  'info-requested': {
    followUpDays: 0,
    worklistTop: true,
    nextStep: 'send the payer what it asks for',
  },
  pended: {
    followUpDays: 14,
    worklistTop: true,
    nextStep: 'watch the pended claim; answer the payer if it asks for anything',
  },
  'inquiry-error': {
    followUpDays: 0,
    worklistTop: true,
    nextStep: 'correct the status request (276) and send it again, or call the payer',
  },
  finalized: {
    followUpDays: 10,
    worklistTop: false,
    nextStep: 'watch for the remittance (835) and post it',
  },
  acknowledged: {
    followUpDays: 14,
    worklistTop: false,
    nextStep: 'wait for the payer to adjudicate',
  },
  'retry-later': {
    followUpDays: 2,
    worklistTop: false,
    nextStep: 'send the status request again in a few days',
  },
};

/** One claim status category code: what it says, in plain words, and its class. */
export interface StatusCategory {
  code: string;
  /** The code list's wording. */
  description: string;
  /** The same in a clerk's words. */
  words: string;
  class: StatusClass;
}

// [code, code list wording, plain words, class]
const CATEGORY_ROWS: readonly (readonly [string, string, string, StatusClass])[] = [
  ['A0', 'Acknowledgement/Forwarded', 'forwarded to another entity', 'acknowledged'],
  ['A1', 'Acknowledgement/Receipt', 'received', 'acknowledged'],
  ['A2', 'Acknowledgement/Acceptance into adjudication system', 'accepted for adjudication', 'acknowledged'],
  ['A3', 'Acknowledgement/Returned as unprocessable claim', 'returned as unprocessable', 'rejected'],
  ['A4', 'Acknowledgement/Not Found', 'not found by the payer', 'rejected'],
  ['A5', 'Acknowledgement/Split Claim', 'split into several claims', 'acknowledged'],
  ['A6', 'Acknowledgement/Rejected for Missing Information', 'rejected: information missing', 'rejected'],
  ['A7', 'Acknowledgement/Rejected for Invalid Information', 'rejected: information invalid', 'rejected'],
  [
    'A8',
    'Acknowledgement/Rejected for relational field in error',
    'rejected: fields that do not agree',
    'rejected',
  ],
  ['D0', 'Data Search Unsuccessful', 'no record found by the payer', 'rejected'],
  [
    'E0',
    'Response not possible - error on submitted request data',
    'no answer: the status request has an error',
    'inquiry-error',
  ],
  [
    'E1',
    'Response not possible - System Status',
    "no answer: the payer's system is unavailable",
    'retry-later',
  ],
  [
    'E2',
    'Information Holder is not responding; resubmit at a later time',
    'no answer: the payer is not responding, ask again later',
    'retry-later',
  ],
  [
    'E3',
    'Correction required - relational fields in error',
    'no answer: fields of the request do not agree',
    'inquiry-error',
  ],
  [
    'E4',
    'Trading partner agreement specific requirement not met: Data correction required',
    "no answer: the request does not meet the payer's requirements",
    'inquiry-error',
  ],
  ['F0', 'Finalized', 'finalized', 'finalized'],
  ['F1', 'Finalized/Payment', 'finalized: paid', 'finalized'],
  ['F2', 'Finalized/Denial', 'finalized: denied', 'finalized'],
  ['F3', 'Finalized/Revised', 'finalized: revised', 'finalized'],
  ['F3F', 'Finalized/Forwarded', 'finalized: forwarded to another payer', 'finalized'],
  ['F3N', 'Finalized/Not Forwarded', 'finalized: not forwarded', 'finalized'],
  [
    'F4',
    'Finalized/Adjudication Complete - No payment forthcoming',
    'finalized: no payment will come',
    'finalized',
  ],
  ['P0', 'Pending: Adjudication/Details', 'pending adjudication', 'pended'],
  ['P1', 'Pending/In Process', 'pending: in process', 'pended'],
  ['P2', 'Pending/Payer Review', "pending the payer's review", 'pended'],
  ['P3', 'Pending/Provider Requested Information', 'pending information from the provider', 'pended'],
  ['P4', 'Pending/Patient Requested Information', 'pending information from the patient', 'pended'],
  ['P5', 'Pending/Payer Administrative/System hold', 'pending: on hold at the payer', 'pended'],
  [
    'R0',
    'Requests for additional Information/General Requests',
    'more information requested',
    'info-requested',
  ],
  [
    'R1',
    'Requests for additional Information/Entity Requests',
    'information about a person or provider requested',
    'info-requested',
  ],
  [
    'R3',
    'Requests for additional Information/Claim/Line',
    'claim or line information requested',
    'info-requested',
  ],
  ['R4', 'Requests for additional Information/Documentation', 'documentation requested', 'info-requested'],
  [
    'R5',
    'Request for additional information/more specific detail',
    'more specific detail requested',
    'info-requested',
  ],
  [
    'R6',
    'Requests for additional information - Regulatory requirements',
    'information for regulatory requirements requested',
    'info-requested',
  ],
  [
    'R7',
    'Requests for additional information - Confirm care is consistent with Health Plan policy coverage',
    'confirmation that care fits the plan’s coverage requested',
    'info-requested',
  ],
  [
    'R8',
    'Requests for additional information - Confirm care is consistent with health plan coverage exceptions',
    'confirmation that care fits a coverage exception requested',
    'info-requested',
  ],
  [
    'R9',
    'Requests for additional information - Determination of medical necessity',
    'information to decide medical necessity requested',
    'info-requested',
  ],
  [
    'R10',
    'Requests for additional information - Support a filed grievance or appeal',
    'information supporting a grievance or appeal requested',
    'info-requested',
  ],
  [
    'R11',
    'Requests for additional information - Pre-payment review of claims',
    'information for pre-payment review requested',
    'info-requested',
  ],
  [
    'R12',
    'Requests for additional information - Clarification or justification of use for specified procedure code',
    'justification of a procedure code requested',
    'info-requested',
  ],
  [
    'R13',
    'Requests for additional information - Original documents submitted are not readable',
    'the documents sent are unreadable: send them again',
    'info-requested',
  ],
  [
    'R14',
    'Requests for additional information - Original documents received are not what was requested',
    'the documents sent are not what was asked for',
    'info-requested',
  ],
  [
    'R15',
    'Requests for additional information - Workers Compensation coverage verification',
    "workers' compensation coverage to be verified",
    'info-requested',
  ],
  [
    'R16',
    'Requests for additional information - Eligibility determination',
    'information to decide eligibility requested',
    'info-requested',
  ],
];

const CATEGORIES: ReadonlyMap<string, StatusCategory> = new Map(
  CATEGORY_ROWS.map(([code, description, words, cls]) => [code, { code, description, words, class: cls }]),
);

/** The category for a code (`P3`), or undefined when the code is not in the list. */
export function statusCategory(code: string): StatusCategory | undefined {
  return CATEGORIES.get(code);
}

/** Every category in the table, in code list order. */
export function statusCategories(): StatusCategory[] {
  return [...CATEGORIES.values()];
}

// Claim status codes (list 508), the ones payers send most. "Entity" stands for the STC01-3 entity.
const STATUS_ROWS: readonly (readonly [string, string])[] = [
  ['0', 'Cannot provide further status electronically.'],
  ['1', 'For more detailed information, see remittance advice.'],
  ['2', 'More detailed information in letter.'],
  ['3', 'Claim has been adjudicated and is awaiting payment cycle.'],
  ['6', 'Balance due from the subscriber.'],
  ['12', 'One or more originally submitted procedure codes have been combined.'],
  ['15', 'One or more originally submitted procedure codes have been modified.'],
  ['16', 'Claim/encounter has been forwarded to entity.'],
  ['17', 'Claim/encounter has been forwarded by third party entity to entity.'],
  ['18', 'Entity received claim/encounter, but returned invalid status.'],
  ['19', 'Entity acknowledges receipt of claim/encounter.'],
  ['20', 'Accepted for processing.'],
  ['21', 'Missing or invalid information.'],
  ['23', 'Returned to Entity.'],
  ['24', 'Entity not approved as an electronic submitter.'],
  ['25', 'Entity not approved.'],
  ['26', 'Entity not found.'],
  ['27', 'Policy canceled.'],
  ['29', 'Subscriber and policy number/contract number mismatched.'],
  ['30', 'Subscriber and subscriber id mismatched.'],
  ['31', 'Subscriber and policyholder name mismatched.'],
  ['32', 'Subscriber and policy number/contract number not found.'],
  ['33', 'Subscriber and subscriber id not found.'],
  ['34', 'Subscriber and policyholder name not found.'],
  ['35', 'Claim/encounter not found.'],
  ['37', 'Predetermination is on file, awaiting completion of services.'],
  ['38', 'Awaiting next periodic adjudication cycle.'],
  ['39', 'Charges for pregnancy deferred until delivery.'],
  ['40', 'Waiting for final approval.'],
  ['41', 'Special handling required at payer site.'],
  ['42', 'Awaiting related charges.'],
  ['44', 'Charges pending provider audit.'],
  ['45', 'Awaiting benefit determination.'],
  ['46', 'Internal review/audit.'],
  ['47', 'Internal review/audit - partial payment made.'],
  ['49', 'Pending provider accreditation review.'],
  ['50', 'Claim waiting for internal provider verification.'],
  ['51', 'Investigating occupational illness/accident.'],
  ['52', 'Investigating existence of other insurance coverage.'],
  ['53', 'Claim being researched for Insured ID/Group Policy Number error.'],
  ['54', 'Duplicate of a previously processed claim/line.'],
  ['55', 'Claim assigned to an approver/analyst.'],
  ['56', 'Awaiting eligibility determination.'],
  ['57', 'Pending COBRA information requested.'],
  ['59', 'Non-electronic request for information.'],
  ['60', 'Electronic request for information.'],
  ['61', 'Eligibility for extended medical benefit.'],
  ['64', 'Re-pricing information.'],
  ['65', 'Claim/line has been paid.'],
  ['66', 'Payment reflects usual and customary charges.'],
  ['72', 'Claim contains split payment.'],
  ['73', 'Payment made to entity, assignment of benefits not on file.'],
  ['78', 'Duplicate of an existing claim/line, awaiting processing.'],
  ['81', 'Contract/plan does not cover pre-existing conditions.'],
  ['83', 'No coverage for newborns.'],
  ['84', 'Service not authorized.'],
  ['85', 'Entity not primary.'],
  ['86', 'Diagnosis and patient gender mismatch.'],
  ['88', 'Entity not eligible for benefits for submitted dates of service.'],
  ['89', 'Entity not eligible for dental benefits for submitted dates of service.'],
  ['90', 'Entity not eligible for medical benefits for submitted dates of service.'],
  ['91', 'Entity not eligible/not approved for dates of service.'],
  ['92', 'Entity does not meet dependent or student qualification.'],
  ['93', 'Entity is not selected primary care provider.'],
  ['94', 'Entity not referred by selected primary care provider.'],
  ['95', 'Requested additional information not received.'],
  ['96', 'No agreement with entity.'],
  ['97', 'Patient eligibility not found with entity.'],
  ['98', 'Charges applied to deductible.'],
  ['99', 'Pre-treatment review.'],
  ['100', 'Pre-certification penalty taken.'],
  ['101', 'Claim was processed as adjustment to previous claim.'],
  ['102', "Newborn's charges processed on mother's claim."],
  ['103', 'Claim combined with other claim/encounter.'],
  ['104', 'Processed according to plan provisions.'],
  ['105', 'Claim/line is capitated.'],
  ['106', "This amount is not entity's responsibility."],
  ['107', 'Processed according to contract provisions.'],
  ['109', 'Entity not eligible.'],
  ['110', 'Claim requires pricing information.'],
  ['111', "At the policyholder's request these claims cannot be submitted electronically."],
  ['114', 'Claim/service should be processed by entity.'],
  ['116', 'Claim submitted to incorrect payer.'],
  ['117', 'Claim requires signature-on-file indicator.'],
  ['121', 'Service line number greater than maximum allowable for payer.'],
  ['123', 'Additional information requested from entity.'],
  ['124', "Entity's name, address, phone and id number."],
  ['125', "Entity's name."],
  ['126', "Entity's address."],
  ['127', "Entity's Communication Number."],
  ['128', "Entity's tax id."],
  ['153', "Entity's id number."],
  ['155', "Entity's relationship to patient."],
  ['156', 'Patient relationship to subscriber.'],
  ['157', "Entity's Gender."],
  ['158', "Entity's date of birth."],
  ['159', "Entity's date of death."],
  ['162', "Entity's health insurance claim number (HICN)."],
  ['163', "Entity's policy/group number."],
  ['164', "Entity's contract/member number."],
  ['171', 'Other insurance coverage information (health, liability, auto, etc.).'],
  ['178', 'Submitted charges.'],
  ['187', 'Date(s) of service.'],
  ['188', 'Statement from-through dates.'],
  ['562', "Entity's National Provider Identifier (NPI)."],
];

const STATUS_CODES: ReadonlyMap<string, string> = new Map(STATUS_ROWS);

/** The code list's wording of a claim status code (`20`: `Accepted for processing.`); undefined if not in the table. */
export function statusCodeDescription(code: string): string | undefined {
  return STATUS_CODES.get(code);
}

// Entity identifier codes (list 98) that STC01-3 names; the word replaces "Entity" in the status.
const ENTITY_ROWS: readonly (readonly [string, string])[] = [
  ['03', 'dependent'],
  ['1P', 'provider'],
  ['1Z', 'home health care agency'],
  ['40', 'receiver'],
  ['41', 'submitter'],
  ['71', 'attending physician'],
  ['72', 'operating physician'],
  ['77', 'service location'],
  ['82', 'rendering provider'],
  ['85', 'billing provider'],
  ['87', 'pay-to provider'],
  ['DN', 'referring provider'],
  ['FA', 'facility'],
  ['GB', 'other insured'],
  ['HK', 'subscriber'],
  ['IL', 'subscriber'],
  ['PR', 'payer'],
  ['QC', 'patient'],
];

const ENTITIES: ReadonlyMap<string, string> = new Map(ENTITY_ROWS);

/** The entity an STC names (`QC`: `patient`); undefined if not in the table. */
export function entityWord(code: string): string | undefined {
  return ENTITIES.get(code);
}

/** One STC status composite (STC01, STC10 or STC11) read into codes and words. */
export interface StatusDetail {
  /** Category code, e.g. `A7`. */
  category: string;
  /** Claim status code, e.g. `33`; empty when the composite carries none. */
  code: string;
  /** Entity identifier code, e.g. `QC`, when the status is about a person or provider. */
  entity?: string;
  /** The category's class; `undefined` when the category code is not in the list. */
  class?: StatusClass;
  /** The status in plain words, e.g. `rejected: information invalid: subscriber and subscriber id not found`. */
  words: string;
  /** Codes not found in the tables, named so nobody mistakes them for a known meaning. */
  unknown: string[];
}

/** `Entity not eligible.` with entity `QC` becomes `patient not eligible`. */
function withEntity(description: string, entity: string | undefined): string {
  const who = entity === undefined ? undefined : entityWord(entity);
  const text = description.replace(/\.$/, '');
  const replaced =
    who === undefined ? text : text.replace(/\bentity('s)?\b/gi, (_m, s) => `${who}${s ?? ''}`);
  return replaced.charAt(0).toLowerCase() + replaced.slice(1);
}

/**
 * A status composite in words: category, then status code, then entity. Unknown codes are said
 * as codes (`status code 317 (not in Duebook's table)`) and listed in `unknown`, never guessed.
 * The result is frozen and shared between calls with the same codes.
 *
 * @example describeStatus('A7', '33', 'IL').words // 'rejected: information invalid: subscriber and subscriber id not found'
 */
export function describeStatus(category: string, code: string, entity?: string): StatusDetail {
  // A 277 repeats a handful of statuses thousands of times: word each one once.
  const key = `${category}:${code}:${entity ?? ''}`;
  const cached = DESCRIBED.get(key);
  if (cached) return cached;
  const detail = Object.freeze(wordStatus(category, code, entity)) as StatusDetail;
  Object.freeze(detail.unknown);
  if (DESCRIBED.size >= 5_000) DESCRIBED.clear();
  DESCRIBED.set(key, detail);
  return detail;
}

const DESCRIBED = new Map<string, StatusDetail>();

function wordStatus(category: string, code: string, entity?: string): StatusDetail {
  const unknown: string[] = [];
  const cat = statusCategory(category);
  if (!cat) unknown.push(`category ${category}`);
  const parts = [cat ? cat.words : `category ${category} (not in Duebook's table)`];
  if (code !== '') {
    const description = statusCodeDescription(code);
    if (description) parts.push(withEntity(description, entity));
    else {
      unknown.push(`status ${code}`);
      parts.push(`status code ${code} (not in Duebook's table)`);
    }
  }
  if (entity !== undefined && entity !== '' && entityWord(entity) === undefined)
    unknown.push(`entity ${entity}`);
  const detail: StatusDetail = { category, code, words: parts.join(': '), unknown };
  if (entity !== undefined && entity !== '') detail.entity = entity;
  if (cat) detail.class = cat.class;
  return detail;
}

/**
 * The class of a Claims row's Payer Status text (`A7:33 rejected: ...` is `rejected`), read from its
 * leading category code; undefined when the text is empty or starts with no known category.
 */
export function payerStatusClass(payerStatus: string | undefined): StatusClass | undefined {
  const m = /^\s*([A-Z][0-9]{1,2}[A-Z]?)\b/.exec(payerStatus ?? '');
  return m ? statusCategory(m[1]!)?.class : undefined;
}

/** The words of a Payer Status text without its leading codes (`rejected: information invalid ...`). */
export function payerStatusWords(payerStatus: string): string {
  return payerStatus.replace(
    /^\s*[A-Z][0-9]{1,2}[A-Z]?(:[A-Z0-9]*)*(\s*\+\s*[A-Z][0-9]{1,2}[A-Z]?(:[A-Z0-9]*)*)*\s*/,
    '',
  );
}
