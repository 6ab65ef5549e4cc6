// The 835's transaction sets: the segment readers (BPR, CLP, CAS, SVC, PLB...) that fill a Remittance,
// and the cursor that names a segment in every error or warning.

import type { IsoDate } from '../ledger/dates.js';
import {
  ADJUSTMENT_GROUPS,
  type AdjustmentGroup,
  type CasAdjustment,
  type PostalAddress,
  type RemitClaim,
  type RemitClaimStatus,
  type Remittance,
  type ServiceLine,
} from './remittance.js';
import {
  amountProblem,
  formatPersonName,
  formatPostalAddress,
  parseAmountMinor,
  parseCcyymmdd,
  parseQuantity,
} from './values.js';
import { describePosition, type SegmentPosition, X12ParseError, type X12Warning } from './x12-error.js';

/** The delimiters an interchange declares in its ISA. */
export interface X12Delimiters {
  /** The character right after `ISA`. */
  element: string;
  /** ISA16. */
  component: string;
  /** ISA11 from version 00402 on (5010); undefined in 4010, where ISA11 is the standards id `U`. */
  repetition?: string;
  /** The character right after ISA16 (or the `~` that follows it on the next line, see `readIsa`). */
  terminator: string;
}

export const KNOWN_VERSIONS: ReadonlySet<string> = new Set([
  '004010X091A1',
  '004010X091',
  '005010X221A1',
  '005010X221',
]);

/** Segments an 835 may hold between ST and SE (004010X091A1 and 005010X221A1). */
export const TRANSACTION_SEGMENTS: ReadonlySet<string> = new Set([
  'BPR',
  'TRN',
  'CUR',
  'REF',
  'DTM',
  'N1',
  'N2',
  'N3',
  'N4',
  'PER',
  'RDM',
  'LX',
  'TS3',
  'TS2',
  'CLP',
  'CAS',
  'NM1',
  'MIA',
  'MOA',
  'AMT',
  'QTY',
  'SVC',
  'LQ',
  'PLB',
]);

/** CLP02 codes of 005010X221A1 (and 004010X091A1). Anything else is a damaged or unknown status. */
const CLAIM_STATUS_CODES: ReadonlySet<string> = new Set([
  '1',
  '2',
  '3',
  '4',
  '19',
  '20',
  '21',
  '22',
  '23',
  '25',
]);

const CLAIM_STATUS: ReadonlyMap<string, RemitClaimStatus> = new Map([
  ['1', 'processed-primary'],
  ['19', 'processed-primary'],
  ['2', 'processed-secondary'],
  ['20', 'processed-secondary'],
  ['3', 'processed-tertiary'],
  ['21', 'processed-tertiary'],
  ['4', 'denied'],
  ['22', 'reversed'],
  ['23', 'not-our-claim'],
]);

/** The claim status for a CLP02 code; `other` (e.g. 25, predetermination) when none fits. */
export function claimStatusOf(code: string): RemitClaimStatus {
  return CLAIM_STATUS.get(code) ?? 'other';
}

/** Where the parser is: enough to name a segment in an error or warning. */
export interface Cursor {
  interchange: number;
  /** Segment number within the interchange (ISA is 1). */
  n: number;
  id: string;
  /** Segment number within the transaction (ST is 1); 0 outside one. */
  t: number;
  control: string;
  warnings: X12Warning[];
  /** Throw at the first damaged element instead of flagging the claim or payment it is in. */
  strict: boolean;
}

export function position(c: Cursor, element?: string): SegmentPosition {
  const p: SegmentPosition = { interchange: c.interchange, segment: c.n, segmentId: c.id };
  if (c.t > 0) {
    p.transactionSegment = c.t;
    p.transactionControl = c.control;
  }
  if (element !== undefined) p.element = element;
  return p;
}

export function fail(c: Cursor, code: string, detail: string, element?: string): X12ParseError {
  return new X12ParseError(code, position(c, element), detail);
}

export function warn(c: Cursor, code: string, detail: string, element?: string): void {
  c.warnings.push(flag(c, code, detail, element));
}

export function flag(c: Cursor, code: string, detail: string, element?: string): X12Warning {
  const p = position(c, element);
  return { ...p, code, message: describePosition(p, detail) };
}

export function flagOf(e: X12ParseError): X12Warning {
  return { ...e.position, code: e.code, message: e.message };
}

/** `CLP04` for element 4 of CLP. */
export function ref(id: string, i: number): string {
  return id + (i < 10 ? `0${i}` : String(i));
}

export function printable(ch: string): string {
  return ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : ch;
}

/** Trailer counts are often wrong in real files while the data is fine: a warning, not a failure. */
export function checkCount(
  c: Cursor,
  els: string[],
  i: number,
  actual: number,
  code: string,
  what: string,
): void {
  const text = (els[i] ?? '').trim();
  if (text === String(actual)) return;
  const e = ref(c.id, i);
  if (!/^\d+$/.test(text))
    warn(c, code, `"${text}" is not a count (there are ${actual} ${plural(actual, what)})`, e);
  else if (Number(text) !== actual) {
    warn(
      c,
      code,
      `says ${Number(text)} ${plural(Number(text), what)} but there are ${actual}; the trailer is wrong, the data was read`,
      e,
    );
  }
}

export function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

export function checkControl(
  c: Cursor,
  els: string[],
  i: number,
  expected: string,
  code: string,
  header: string,
): void {
  const text = (els[i] ?? '').trim();
  if (text !== expected) {
    warn(
      c,
      code,
      `"${text}" does not match ${header} "${expected}"; the trailer is wrong, the data was read`,
      ref(c.id, i),
    );
  }
}

/** An ST..SE transaction being read. */
export interface Transaction {
  start: number;
  controlNumber: string;
  version: string;
  payment?: Remittance['payment'];
  traceNumber?: string;
  payer: Remittance['payer'];
  payee: Remittance['payee'];
  claims: RemitClaim[];
  providerAdjustments: Remittance['providerAdjustments'];
  /** The party loop (N1) the header is in, for N3/N4/REF. */
  party: 'payer' | 'payee' | 'other' | undefined;
  claim: RemitClaim | undefined;
  memberIdFromSubscriber: boolean;
  line: ServiceLine | undefined;
  /** A service line was left out (see SVC); its DTM and LQ are skipped, its CAS go to the claim. */
  lineDropped: boolean;
  /** Payment-level damage (see `Remittance.review`). */
  review: X12Warning[];
  /** Where the current claim's CLP is, for the warning when its adjustments do not add up. */
  claimPosition: SegmentPosition | undefined;
  /** Component separators other than ISA16 already warned about in this transaction. */
  componentsWarned: Set<string>;
}

/** Segments of the transaction header and trailer, outside any claim. */
export const PAYMENT_LEVEL: ReadonlySet<string> = new Set([
  'BPR',
  'TRN',
  'CUR',
  'N1',
  'N2',
  'N3',
  'N4',
  'PER',
  'RDM',
  'LX',
  'TS3',
  'TS2',
  'PLB',
]);

/**
 * A mistyped segment id inside a transaction (`PLXX`, `CLPP`). What it most likely was (the one
 * 835 segment sharing its first two letters) decides whose review it goes to: a damaged CLP
 * still starts a claim, so the segments after it do not land on the claim before; a PLB, LX or
 * N1 ends the current claim and flags the payment; anything else flags the current claim.
 */
/** Every segment id the reader knows: the transaction's and the envelope's. */
export const KNOWN_IDS: ReadonlySet<string> = new Set([
  ...TRANSACTION_SEGMENTS,
  'ISA',
  'IEA',
  'GS',
  'GE',
  'ST',
  'SE',
  'TA1',
]);

/**
 * A short run of printable characters where an id belongs (or no id before the first element):
 * read on past it. Only once a group or transaction has been read, so a wrong terminator (which
 * garbles the first segment after the ISA) is still refused with its hint.
 */
export function looksLikeDamagedId(id: string, elements: number): boolean {
  if (id.length === 0) return elements > 1;
  return id.length <= 20 && /^[\x21-\x7e]+$/.test(id);
}

/** The one segment of an 835 whose id starts with the same two letters, if there is one. */
function guessSegment(id: string): string | undefined {
  if (id.length < 2) return undefined;
  const candidates = [...TRANSACTION_SEGMENTS].filter((s) => s.startsWith(id.slice(0, 2).toUpperCase()));
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** True when `id` looks like a damaged CLP or payment-level segment (they change what follows). */
export function opensOrEndsClaim(id: string): boolean {
  const guess = guessSegment(id);
  return guess !== undefined && (guess === 'CLP' || PAYMENT_LEVEL.has(guess));
}

export function mistypedSegment(tx: Transaction, els: string[], c: Cursor): void {
  const id = els[0]!;
  const guess = guessSegment(id);
  const f = flag(
    c,
    'X12.BAD_SEGMENT_ID',
    `is not a segment id ("${id}")${guess ? `; probably a damaged ${guess}` : ''}, so what it holds is not read`,
  );
  if (guess === 'CLP') {
    readClp(tx, ['CLP', ...els.slice(1)], c);
    flagClaim(tx.claim!, f, true);
    return;
  }
  if (guess !== undefined && PAYMENT_LEVEL.has(guess)) {
    if (guess === 'PLB' || guess === 'LX' || guess === 'N1') closeClaim(tx, c);
    tx.review.push(f);
    return;
  }
  damage(tx, f);
}

/** Damage inside a transaction: the current claim needs review, or else the payment. */
export function damage(tx: Transaction, f: X12Warning): void {
  if (tx.claim) flagClaim(tx.claim, f);
  else tx.review.push(f);
}

function flagClaim(claim: RemitClaim, f: X12Warning, first = false): void {
  if (!claim.review) claim.review = [];
  if (first) claim.review.unshift(f);
  else claim.review.push(f);
}

export function startTransaction(controlNumber: string, version: string, start: number): Transaction {
  return {
    start,
    controlNumber,
    version,
    payer: {},
    payee: {},
    claims: [],
    providerAdjustments: [],
    party: undefined,
    claim: undefined,
    memberIdFromSubscriber: false,
    line: undefined,
    lineDropped: false,
    review: [],
    claimPosition: undefined,
    componentsWarned: new Set(),
  };
}

export function finishTransaction(tx: Transaction, els: string[], c: Cursor): Remittance {
  closeClaim(tx, c);
  checkCount(c, els, 1, c.t, 'X12.SE_COUNT', 'segment');
  checkControl(c, els, 2, tx.controlNumber, 'X12.SE_CONTROL', `ST02 of segment ${tx.start}`);
  if (!tx.payment) {
    const detail = `ends transaction ${tx.controlNumber} without a BPR: an 835 states its payment in BPR`;
    if (c.strict) throw fail(c, 'X12.MISSING_BPR', detail);
    // Its BPR is lost (a damaged id): the claims stand, the payment needs review with no amount.
    tx.review.push(flag(c, 'X12.MISSING_BPR', `${detail}; the payment amount is unknown`, 'BPR02'));
    tx.payment = { handling: '', amountMinor: 0, creditDebit: 'C' };
  }
  const payment = tx.payment;
  if (tx.traceNumber !== undefined) payment.traceNumber = tx.traceNumber;
  if (tx.payer.postalAddress) tx.payer.address = formatPostalAddress(tx.payer.postalAddress);
  const remittance: Remittance = {
    controlNumber: tx.controlNumber,
    version: tx.version,
    payment,
    payer: tx.payer,
    payee: tx.payee,
    claims: tx.claims,
    providerAdjustments: tx.providerAdjustments,
  };
  if (tx.review.length > 0) remittance.review = tx.review;
  return remittance;
}

/**
 * Ends the current claim: when it is whole and carries adjustments, they should equal its charge
 * less its payment (CLP03 - CLP04 = sum of CAS at claim and line level); a warning says when not.
 */
export function closeClaim(tx: Transaction, c: Cursor): void {
  const claim = tx.claim;
  const at = tx.claimPosition;
  tx.claim = undefined;
  tx.line = undefined;
  tx.lineDropped = false;
  tx.claimPosition = undefined;
  if (!claim || !at || claim.review) return;
  let count = claim.adjustments.length;
  let sum = 0;
  for (const a of claim.adjustments) sum += a.amountMinor;
  for (const l of claim.serviceLines) {
    count += l.adjustments.length;
    for (const a of l.adjustments) sum += a.amountMinor;
  }
  const expected = claim.chargeMinor - claim.paidMinor;
  if (count === 0 || sum === expected) return;
  const p = at;
  c.warnings.push({
    ...p,
    code: 'X12.CLAIM_UNBALANCED',
    message: describePosition(
      p,
      `claim ${claim.patientControlNumber}: its adjustments add up to ${formatMinor(sum)} but charge ${formatMinor(claim.chargeMinor)} - paid ${formatMinor(claim.paidMinor)} = ${formatMinor(expected)}; check the claim on the payer's remittance`,
    ),
  });
}

/** Cents as a plain decimal with two places: `49950` is `499.50`. */
function formatMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function text(els: string[], i: number): string {
  const v = els[i];
  return v === undefined ? '' : v.trim();
}

function required(c: Cursor, els: string[], i: number, what: string): string {
  const v = text(els, i);
  if (v === '') throw fail(c, 'X12.MISSING_ELEMENT', `is empty; it must give ${what}`, ref(c.id, i));
  return v;
}

function amount(c: Cursor, els: string[], i: number): number {
  const v = els[i] ?? '';
  // Padding around a number is harmless; trimming only after a miss keeps the common path fast.
  const minor = parseAmountMinor(v) ?? parseAmountMinor(v.trim());
  if (minor === undefined) throw fail(c, 'X12.BAD_AMOUNT', amountProblem(v.trim()), ref(c.id, i));
  return minor;
}

function date(c: Cursor, els: string[], i: number): IsoDate | undefined {
  const v = text(els, i);
  if (v === '') return undefined;
  const iso = parseCcyymmdd(v);
  if (iso === undefined) throw fail(c, 'X12.BAD_DATE', `"${v}" is not a date (CCYYMMDD)`, ref(c.id, i));
  return iso;
}

function quantity(c: Cursor, els: string[], i: number): number | undefined {
  const v = text(els, i);
  if (v === '') return undefined;
  const q = parseQuantity(v);
  if (q === undefined) throw fail(c, 'X12.BAD_NUMBER', `"${v}" is not a number`, ref(c.id, i));
  return q;
}

function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined | ''): void {
  if (value !== undefined && value !== '') target[key] = value;
}

function pushIf(target: string[], value: string): void {
  if (value !== '') target.push(value);
}

function currentClaim(tx: Transaction, c: Cursor): RemitClaim {
  if (!tx.claim) throw fail(c, 'X12.OUTSIDE_CLAIM', 'is outside a claim: it must follow a CLP');
  return tx.claim;
}

export function readTransactionSegment(tx: Transaction, els: string[], c: Cursor, d: X12Delimiters): void {
  switch (els[0]) {
    case 'BPR':
      readBpr(tx, els, c);
      return;
    case 'TRN':
      if (tx.traceNumber === undefined) setIf(tx, 'traceNumber', text(els, 2));
      return;
    case 'N1': {
      const qualifier = text(els, 1);
      const afterClaims = tx.claims.length > 0;
      closeClaim(tx, c);
      tx.party = qualifier === 'PR' ? 'payer' : qualifier === 'PE' ? 'payee' : 'other';
      if (tx.party === 'other') return;
      const party = tx.party === 'payer' ? tx.payer : tx.payee;
      if (afterClaims || party.name !== undefined || party.id !== undefined) {
        // The header's party stands; a loop after the claims (or a second one) is reported, not
        // taken, so the payee of the last loop cannot silently replace the real one.
        const kept = party.name ?? party.id ?? '(none)';
        warn(
          c,
          tx.party === 'payee' ? 'X12.PAYEE_MISPLACED' : 'X12.PAYER_MISPLACED',
          `N1*${qualifier} "${text(els, 2)}" ${afterClaims ? 'comes after the claims' : 'repeats the header loop'}; an 835 names its ${tx.party} once, before the claims: kept "${kept}" from the header`,
        );
        tx.party = 'other';
        return;
      }
      setIf(party, 'name', text(els, 2));
      setIf(party, 'id', text(els, 4));
      return;
    }
    case 'N3':
    case 'N4':
      if (tx.party === 'payer' && !tx.claim) readPayerAddress(tx, els);
      return;
    case 'REF':
      if (tx.party === 'payer' && !tx.claim && text(els, 1) === '2U' && tx.payer.id === undefined) {
        setIf(tx.payer, 'id', text(els, 2));
      }
      return;
    case 'LX':
      closeClaim(tx, c);
      return;
    case 'CLP':
      readClp(tx, els, c);
      return;
    case 'CAS':
      readCas(tx, els, c);
      return;
    case 'NM1':
      readNm1(tx, els);
      return;
    case 'MIA':
      readRemarks(currentClaim(tx, c).remarks, els, [5, 20, 21, 22, 23, 24]);
      return;
    case 'MOA':
      readRemarks(currentClaim(tx, c).remarks, els, [3, 4, 5, 6, 7]);
      return;
    case 'DTM':
      readDtm(tx, els, c);
      return;
    case 'SVC':
      readSvc(tx, els, c, d);
      return;
    case 'LQ': {
      if (tx.lineDropped) return;
      if (!tx.line) throw fail(c, 'X12.OUTSIDE_LINE', 'is outside a service line: it must follow an SVC');
      pushIf(tx.line.remarks, text(els, 2));
      return;
    }
    case 'PLB':
      readPlb(tx, els, c, d);
      return;
    default:
      if (!c.strict && !TRANSACTION_SEGMENTS.has(els[0]!)) {
        throw fail(c, 'X12.UNKNOWN_SEGMENT', `is not a segment of an 835; it is skipped`);
      }
      return;
  }
}

/**
 * Runs `read`; outside strict mode a damaged element becomes a flag in `flags` and `fallback` is
 * used, so the rest of the segment is still read.
 */
function soft<T>(c: Cursor, flags: X12Warning[], read: () => T, fallback: T): T {
  if (c.strict) return read();
  try {
    return read();
  } catch (e) {
    if (!(e instanceof X12ParseError)) throw e;
    flags.push(flagOf(e));
    return fallback;
  }
}

function readBpr(tx: Transaction, els: string[], c: Cursor): void {
  if (tx.payment) throw fail(c, 'X12.SECOND_BPR', 'is a second BPR in one transaction');
  const flags = tx.review;
  const handling = soft(c, flags, () => required(c, els, 1, 'the transaction handling code (I, H, ...)'), '');
  const amountMinor = soft(c, flags, () => amount(c, els, 2), 0);
  const creditDebit = soft<'C' | 'D'>(
    c,
    flags,
    () => {
      const v = text(els, 3);
      if (v !== 'C' && v !== 'D')
        throw fail(c, 'X12.BAD_CODE', `"${v}" is not C (credit) or D (debit)`, 'BPR03');
      return v;
    },
    'C',
  );
  const payment: Remittance['payment'] = { handling, amountMinor, creditDebit };
  setIf(payment, 'method', text(els, 4));
  tx.payment = payment;
  const early = text(els, 15);
  if (text(els, 16) === '' && parseCcyymmdd(early) !== undefined && /^\d{8}$/.test(early)) {
    warn(
      c,
      'X12.BPR_DATE_MISPLACED',
      `holds "${early}", a date one element early, and BPR16 (the payment date) is empty: the BPR has one separator too few; the payment is left undated`,
      'BPR15',
    );
  }
  setIf(payment, 'date', date(c, els, 16));
}

function readPayerAddress(tx: Transaction, els: string[]): void {
  if (!tx.payer.postalAddress) tx.payer.postalAddress = { lines: [] };
  const address: PostalAddress = tx.payer.postalAddress;
  if (els[0] === 'N3') {
    for (const i of [1, 2]) pushIf(address.lines, text(els, i));
    return;
  }
  setIf(address, 'city', text(els, 1));
  setIf(address, 'state', text(els, 2));
  setIf(address, 'postalCode', text(els, 3));
}

/**
 * A claim. Outside strict mode a damaged CLP (`CLP*090909*22~`, a bad amount, an unknown status)
 * still starts a claim, so the segments after it stay with it; the claim is flagged for review and
 * what could not be read is 0.
 */
function readClp(tx: Transaction, els: string[], c: Cursor): void {
  closeClaim(tx, c);
  const flags: X12Warning[] = [];
  const patientControlNumber = soft(
    c,
    flags,
    () => required(c, els, 1, "the provider's claim id (patient control number)"),
    '',
  );
  const statusCode = soft(c, flags, () => required(c, els, 2, 'the claim status code'), '');
  if (!c.strict && statusCode !== '' && !CLAIM_STATUS_CODES.has(statusCode)) {
    flags.push(flag(c, 'X12.BAD_CODE', `"${statusCode}" is not a claim status code`, 'CLP02'));
  }
  const claim: RemitClaim = {
    patientControlNumber,
    statusCode,
    status: claimStatusOf(statusCode),
    chargeMinor: soft(c, flags, () => amount(c, els, 3), 0),
    paidMinor: soft(c, flags, () => amount(c, els, 4), 0),
    patientResponsibilityMinor: text(els, 5) === '' ? 0 : soft(c, flags, () => amount(c, els, 5), 0),
    adjustments: [],
    remarks: [],
    serviceLines: [],
    segment: c.t,
  };
  setIf(claim, 'filingIndicator', text(els, 6));
  setIf(claim, 'payerClaimNumber', text(els, 7));
  if (flags.length > 0) claim.review = flags;
  tx.claims.push(claim);
  tx.claim = claim;
  tx.claimPosition = position(c);
  tx.memberIdFromSubscriber = false;
  tx.line = undefined;
  tx.lineDropped = false;
}

function readCas(tx: Transaction, els: string[], c: Cursor): void {
  const claim = currentClaim(tx, c);
  const target = tx.line ? tx.line.adjustments : claim.adjustments;
  const group = text(els, 1);
  if (!(ADJUSTMENT_GROUPS as readonly string[]).includes(group)) {
    throw fail(
      c,
      'X12.BAD_CODE',
      `"${group}" is not an adjustment group (${ADJUSTMENT_GROUPS.join(', ')})`,
      'CAS01',
    );
  }
  const before = target.length;
  for (let i = 2; i < els.length; i += 3) {
    const reason = text(els, i);
    if (reason === '') {
      if (text(els, i + 1) !== '') {
        throw fail(
          c,
          'X12.MISSING_ELEMENT',
          'is empty but the amount after it is not; give the reason code',
          ref('CAS', i),
        );
      }
      continue;
    }
    const adjustment: CasAdjustment = {
      group: group as AdjustmentGroup,
      reason,
      amountMinor: amount(c, els, i + 1),
      segment: c.t,
    };
    setIf(adjustment, 'quantity', quantity(c, els, i + 2));
    target.push(adjustment);
  }
  if (target.length === before) required(c, els, 2, 'a reason code');
}

function readNm1(tx: Transaction, els: string[]): void {
  const claim = tx.claim;
  const qualifier = text(els, 1);
  if (!claim || (qualifier !== 'QC' && qualifier !== 'IL')) return;
  const id = text(els, 9);
  if (qualifier === 'IL') {
    if (id !== '') {
      claim.memberId = id;
      tx.memberIdFromSubscriber = true;
    }
    return;
  }
  const last = text(els, 3);
  const first = text(els, 4);
  const middle = text(els, 5);
  if (last !== '' || first !== '' || middle !== '') {
    const patient: RemitClaim['patient'] = { last };
    setIf(patient, 'first', first);
    setIf(patient, 'middle', middle);
    claim.patient = patient;
    claim.patientName = formatPersonName(patient);
  }
  if (!tx.memberIdFromSubscriber) setIf(claim, 'memberId', id);
}

function readRemarks(remarks: string[], els: string[], positions: readonly number[]): void {
  for (const i of positions) pushIf(remarks, text(els, i));
}

function readDtm(tx: Transaction, els: string[], c: Cursor): void {
  const qualifier = text(els, 1);
  if (qualifier === '232' || qualifier === '233') {
    setIf(currentClaim(tx, c), qualifier === '232' ? 'serviceFrom' : 'serviceTo', date(c, els, 2));
  } else if ((qualifier === '472' || qualifier === '150') && tx.line) {
    // 4010 files often date a line with its service period (150) alone; 472 wins when both are given.
    if (qualifier === '472' || tx.line.serviceDate === undefined)
      setIf(tx.line, 'serviceDate', date(c, els, 2));
  }
}

/**
 * A service line. SVC01 without a procedure code (`SVC*HC*24599.00*...`) shifts every amount one
 * element late, so its charge and payment cannot be trusted: the line is left out with a warning
 * rather than failing the file, because the claim's own CLP amounts (what posting and the BPR
 * balance use) are intact; the line's CAS adjustments are kept on the claim so that charge - paid
 * still equals the adjustments.
 */
function readSvc(tx: Transaction, els: string[], c: Cursor, d: X12Delimiters): void {
  const claim = currentClaim(tx, c);
  const composite = text(els, 1);
  const component = componentOf(composite, tx, c, d, 'SVC01');
  const cut = composite.indexOf(component);
  const rest = cut === -1 ? '' : composite.slice(cut + 1);
  const code = rest.split(component)[0]!.trim();
  if (code === '') {
    const detail = `"${composite}" has no procedure code, so the amounts after it are out of place; the line is left out and its adjustments are kept on claim ${claim.patientControlNumber}: check this line on the payer's remittance`;
    if (c.strict) warn(c, 'X12.SVC_NO_PROCEDURE', detail, 'SVC01');
    else flagClaim(claim, flag(c, 'X12.SVC_NO_PROCEDURE', detail, 'SVC01'));
    tx.line = undefined;
    tx.lineDropped = true;
    return;
  }
  const line: ServiceLine = {
    procedure: component === ':' ? composite : composite.split(component).join(':'),
    chargeMinor: amount(c, els, 2),
    paidMinor: amount(c, els, 3),
    adjustments: [],
    remarks: [],
    segment: c.t,
  };
  setIf(line, 'units', quantity(c, els, 5));
  claim.serviceLines.push(line);
  tx.line = line;
  tx.lineDropped = false;
}

/**
 * The component separator a composite (SVC01, PLB03) really uses: ISA16 when it appears, else one
 * of the usual ones after a two-character qualifier (`HC>55669` in a file whose ISA16 is `:`, as
 * files that went through a clearinghouse often have), with a warning once per transaction.
 */
function componentOf(
  composite: string,
  tx: Transaction,
  c: Cursor,
  d: X12Delimiters,
  element: string,
): string {
  if (composite.includes(d.component)) return d.component;
  const ch = composite[2];
  if (
    ch === undefined ||
    !USUAL_COMPONENT_SEPARATORS.includes(ch) ||
    ch === d.element ||
    ch === d.terminator ||
    ch === d.repetition ||
    !/^[A-Z0-9]{2}$/.test(composite.slice(0, 2))
  ) {
    return d.component;
  }
  if (!tx.componentsWarned.has(ch)) {
    tx.componentsWarned.add(ch);
    warn(
      c,
      'X12.COMPONENT_SEPARATOR',
      `"${composite}" separates its components with "${ch}" where the interchange declares "${d.component}" (ISA16); read with "${ch}" wherever "${d.component}" is absent in this transaction`,
      element,
    );
  }
  return ch;
}

const USUAL_COMPONENT_SEPARATORS = [':', '>', '^', '<', '\\', '!', '@', '`', '{', '}', '|', '+'];

function readPlb(tx: Transaction, els: string[], c: Cursor, d: X12Delimiters): void {
  closeClaim(tx, c);
  const providerId = required(c, els, 1, 'the provider identifier');
  const fiscalPeriodEnd = date(c, els, 2);
  const before = tx.providerAdjustments.length;
  for (let i = 3; i < els.length; i += 2) {
    const composite = text(els, i);
    if (composite === '') {
      if (text(els, i + 1) !== '') {
        throw fail(
          c,
          'X12.MISSING_ELEMENT',
          'is empty but the amount after it is not; give the reason code',
          ref('PLB', i),
        );
      }
      continue;
    }
    const cut = composite.indexOf(componentOf(composite, tx, c, d, ref('PLB', i)));
    const adjustment: Remittance['providerAdjustments'][number] = {
      providerId,
      reason: (cut === -1 ? composite : composite.slice(0, cut)).trim(),
      amountMinor: amount(c, els, i + 1),
      segment: c.t,
    };
    setIf(adjustment, 'fiscalPeriodEnd', fiscalPeriodEnd);
    if (cut !== -1) setIf(adjustment, 'reference', composite.slice(cut + 1).trim());
    tx.providerAdjustments.push(adjustment);
  }
  if (tx.providerAdjustments.length === before) required(c, els, 3, 'an adjustment reason code');
}
