// Frozen copy of core/x12/parse-835.ts as it was before issue 15 (all-or-nothing, no recovery): the
// baseline of the x12.parse835_recovering_vs_strict benchmark. Not used anywhere else.
import type { IsoDate } from '../../core/ledger/dates.js';
import {
  ADJUSTMENT_GROUPS,
  type AdjustmentGroup,
  type CasAdjustment,
  type Interchange,
  type PostalAddress,
  type RemitClaim,
  type RemitClaimStatus,
  type Remittance,
  type ServiceLine,
} from '../../core/x12/remittance.js';
import {
  amountProblem,
  formatPersonName,
  formatPostalAddress,
  parseAmountMinor,
  parseCcyymmdd,
  parseQuantity,
  parseYymmdd,
} from '../../core/x12/values.js';
import {
  describePosition,
  type SegmentPosition,
  X12ParseError,
  type X12Warning,
} from '../../core/x12/x12-error.js';

/** What a file holds, and what was odd about it but could still be read. */
export interface Parse835Result {
  /** Usually one; a file may hold several ISA..IEA interchanges back to back. */
  interchanges: Interchange[];
  /** Trailer count mismatches, a non-fixed-width ISA, service lines left out, in file order. */
  warnings: X12Warning[];
}

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

/**
 * Parses an 835 file. Throws `X12ParseError` (naming segment, element and what is wrong) when the
 * envelope is malformed or a value is not what its element must be; wrong trailer counts and other
 * slips real payers' files carry are returned as warnings, because the data itself is intact.
 *
 * @example parse835(text).interchanges[0].transactions[0].claims[0].paidMinor // 13801840
 */
export function parse835(text: string): Parse835Result {
  const warnings: X12Warning[] = [];
  const interchanges: Interchange[] = [];
  let pos = skipSpace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (pos >= text.length) {
    throw new X12ParseError(
      'X12.NO_ISA',
      { interchange: 1, segment: 1, segmentId: 'ISA' },
      'is missing: the file is empty, and an 835 starts with an ISA segment',
    );
  }
  while (pos < text.length) {
    const index = interchanges.length + 1;
    if (!text.startsWith('ISA', pos)) {
      const found = JSON.stringify(text.slice(pos, pos + 20));
      throw new X12ParseError(
        'X12.NO_ISA',
        { interchange: index, segment: 1, segmentId: 'ISA' },
        index === 1
          ? `is missing: an 835 starts with "ISA", this file starts with ${found}`
          : `is missing: after the previous interchange's IEA the file goes on with ${found}`,
      );
    }
    const { interchange, next } = readInterchange(text, pos, index, warnings);
    interchanges.push(interchange);
    pos = skipSpace(text, next);
  }
  return { interchanges, warnings };
}

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

const ISA_FIXED_LENGTH = 106;
// ISA06 and ISA08 are the widest ISA elements; anything longer ran into the next segment.
const ISA_MAX_ELEMENT = 15;

/** Where the parser is: enough to name a segment in an error or warning. */
interface Cursor {
  interchange: number;
  /** Segment number within the interchange (ISA is 1). */
  n: number;
  id: string;
  /** Segment number within the transaction (ST is 1); 0 outside one. */
  t: number;
  control: string;
  warnings: X12Warning[];
}

function position(c: Cursor, element?: string): SegmentPosition {
  const p: SegmentPosition = { interchange: c.interchange, segment: c.n, segmentId: c.id };
  if (c.t > 0) {
    p.transactionSegment = c.t;
    p.transactionControl = c.control;
  }
  if (element !== undefined) p.element = element;
  return p;
}

function fail(c: Cursor, code: string, detail: string, element?: string): X12ParseError {
  return new X12ParseError(code, position(c, element), detail);
}

function warn(c: Cursor, code: string, detail: string, element?: string): void {
  const p = position(c, element);
  c.warnings.push({ ...p, code, message: describePosition(p, detail) });
}

/** `CLP04` for element 4 of CLP. */
function ref(id: string, i: number): string {
  return id + (i < 10 ? `0${i}` : String(i));
}

function skipSpace(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && text.charCodeAt(p) <= 32) p++;
  return p;
}

const isDelimiterChar = (ch: string) => !/[\sA-Za-z0-9]/.test(ch);

/**
 * Reads the ISA by splitting on the element separator rather than fixed offsets, so an ISA whose
 * padding was stripped (Nevada Medicaid's) still reads. The terminator is the character after
 * ISA16; when that is a line break followed by a non-letter (`...*^\n~GS*...`), the files really
 * end segments with that character and break lines before it, so it becomes the terminator.
 */
function readIsa(
  text: string,
  start: number,
  index: number,
  warnings: X12Warning[],
): { d: X12Delimiters; isa: string[]; next: number } {
  const c: Cursor = { interchange: index, n: 1, id: 'ISA', t: 0, control: '', warnings };
  const element = text[start + 3];
  if (element === undefined || element === '\n' || element === '\r') {
    throw fail(c, 'X12.TRUNCATED_ISA', 'is cut short: nothing follows "ISA"');
  }
  if (!isDelimiterChar(element)) {
    throw fail(c, 'X12.BAD_ISA', `has "${element}" right after "ISA" where the element separator should be`);
  }
  const isa = ['ISA'];
  let pos = start + 4;
  for (let k = 1; k <= 15; k++) {
    const next = text.indexOf(element, pos);
    const value = next === -1 ? '' : text.slice(pos, next);
    if (next === -1 || value.length > ISA_MAX_ELEMENT || /[\r\n]/.test(value)) {
      throw fail(
        c,
        'X12.TRUNCATED_ISA',
        'is cut short or runs into the next segment; an ISA has 16 elements',
        ref('ISA', k),
      );
    }
    isa.push(value);
    pos = next + 1;
  }
  const component = text[pos];
  let terminator = text[pos + 1];
  if (component === undefined || terminator === undefined) {
    throw fail(c, 'X12.TRUNCATED_ISA', 'is cut short: the file ends at ISA16', 'ISA16');
  }
  isa.push(component);
  if (!isDelimiterChar(component) || component === element) {
    throw fail(c, 'X12.BAD_ISA', `ISA16 "${component}" cannot be the component separator`, 'ISA16');
  }
  let next = pos + 2;
  if (terminator === '\n' || terminator === '\r') {
    const after = skipSpace(text, next);
    const ch = text[after];
    if (ch !== undefined && isDelimiterChar(ch)) {
      terminator = ch;
      next = after + 1;
      warn(
        c,
        'X12.TERMINATOR_AFTER_LINE_BREAK',
        `ends with a line break and the next segment starts with "${ch}": reading "${ch}" as the segment terminator`,
      );
    }
  } else if (!isDelimiterChar(terminator)) {
    throw fail(
      c,
      'X12.BAD_ISA',
      `has "${terminator}" after ISA16 where the segment terminator should be; the ISA has more or fewer than 16 elements`,
    );
  }
  if (terminator === element || terminator === component) {
    throw fail(c, 'X12.BAD_ISA', `uses "${terminator}" both as segment terminator and as a separator`);
  }
  const d: X12Delimiters = { element, component, terminator };
  const version = isa[12]!;
  if (version >= '00402') {
    const repetition = isa[11]!;
    // The parser reads no repeating element, so an unusable ISA11 costs nothing: say so and go on.
    if (
      repetition.length !== 1 ||
      !isDelimiterChar(repetition) ||
      [element, component, terminator].includes(repetition)
    ) {
      warn(
        c,
        'X12.BAD_REPETITION_SEPARATOR',
        `"${repetition}" cannot be the repetition separator of version ${version}; read without one`,
        'ISA11',
      );
    } else d.repetition = repetition;
  }
  if (pos + 2 - start !== ISA_FIXED_LENGTH) {
    warn(
      c,
      'X12.ISA_NOT_FIXED_WIDTH',
      `is ${pos + 2 - start} characters long instead of the fixed ${ISA_FIXED_LENGTH}; read by its separators`,
    );
  }
  return { d, isa, next };
}

function isSegmentId(id: string): boolean {
  if (id.length < 2 || id.length > 3) return false;
  for (let i = 0; i < id.length; i++) {
    const ch = id.charCodeAt(i);
    const upper = ch >= 65 && ch <= 90;
    if (!(upper || (i > 0 && ch >= 48 && ch <= 57))) return false;
  }
  return true;
}

interface Group {
  control: string;
  version: string;
  segment: number;
  transactions: number;
}

/** One interchange from its ISA at `start` to its IEA; `next` is where the text after it starts. */
function readInterchange(
  text: string,
  start: number,
  index: number,
  warnings: X12Warning[],
): { interchange: Interchange; next: number } {
  const { d, isa, next } = readIsa(text, start, index, warnings);
  const interchange: Interchange = {
    sender: isa[6]!.trim(),
    receiver: isa[8]!.trim(),
    controlNumber: isa[13]!.trim(),
    transactions: [],
  };
  const date = parseYymmdd(isa[9]!);
  if (date !== undefined) interchange.date = date;
  const c: Cursor = { interchange: index, n: 1, id: 'ISA', t: 0, control: '', warnings };
  const { element, terminator } = d;
  let group: Group | undefined;
  let tx: Transaction | undefined;
  let groups = 0;
  let pos = next;
  const length = text.length;
  while (pos < length) {
    let end = text.indexOf(terminator, pos);
    if (end === -1) end = length;
    let raw = text.slice(pos, end);
    pos = end + 1;
    if (raw.length === 0) continue;
    if (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) {
      raw = raw.trim();
      if (raw.length === 0) continue;
    }
    const els = raw.split(element);
    const id = els[0]!;
    c.n++;
    c.id = id;
    if (tx) c.t++;
    if (!isSegmentId(id)) {
      throw fail(
        c,
        'X12.BAD_SEGMENT_ID',
        `does not start with a segment id ("${id.slice(0, 20)}"); is the segment terminator "${printable(terminator)}" right?`,
      );
    }
    if (tx && id !== 'SE') {
      if (id === 'ST' || id === 'GE' || id === 'GS' || id === 'IEA' || id === 'ISA') {
        throw fail(
          c,
          'X12.MISSING_SE',
          `comes before the SE of the transaction that started at segment ${tx.start}`,
        );
      }
      readTransactionSegment(tx, els, c, d);
      continue;
    }
    switch (id) {
      case 'SE': {
        if (!tx) throw fail(c, 'X12.SE_WITHOUT_ST', 'has no ST before it: SE closes an ST..SE transaction');
        interchange.transactions.push(finishTransaction(tx, els, c));
        group!.transactions++;
        tx = undefined;
        c.t = 0;
        break;
      }
      case 'ST': {
        if (!group) throw fail(c, 'X12.ST_WITHOUT_GS', 'is outside a GS..GE functional group');
        if ((els[1] ?? '') !== '835') {
          throw fail(c, 'X12.NOT_835', `ST01 "${els[1] ?? ''}" is not 835: this is not a remittance`, 'ST01');
        }
        const control = (els[2] ?? '').trim();
        c.t = 1;
        c.control = control;
        tx = startTransaction(control, (els[3] ?? '').trim() || group.version, c.n);
        break;
      }
      case 'GS': {
        if (group)
          throw fail(
            c,
            'X12.MISSING_GE',
            `comes before the GE of the group that started at segment ${group.segment}`,
          );
        group = {
          control: (els[6] ?? '').trim(),
          version: (els[8] ?? '').trim(),
          segment: c.n,
          transactions: 0,
        };
        groups++;
        break;
      }
      case 'GE': {
        if (!group) throw fail(c, 'X12.GE_WITHOUT_GS', 'has no GS before it');
        checkCount(c, els, 1, group.transactions, 'X12.GE_COUNT', 'transaction');
        checkControl(c, els, 2, group.control, 'X12.GE_CONTROL', `GS06 of segment ${group.segment}`);
        group = undefined;
        break;
      }
      case 'IEA': {
        if (group)
          throw fail(
            c,
            'X12.MISSING_GE',
            `comes before the GE of the group that started at segment ${group.segment}`,
          );
        checkCount(c, els, 1, groups, 'X12.IEA_COUNT', 'functional group');
        checkControl(c, els, 2, interchange.controlNumber, 'X12.IEA_CONTROL', 'ISA13');
        return { interchange, next: pos };
      }
      case 'ISA':
        throw fail(
          c,
          'X12.MISSING_IEA',
          'starts a new interchange before the IEA of the one that started at segment 1',
        );
      case 'TA1':
        break;
      default:
        throw fail(
          c,
          'X12.OUTSIDE_TRANSACTION',
          group ? 'is outside an ST..SE transaction' : 'is outside a GS..GE functional group',
        );
    }
  }
  const open = tx ? `SE, GE and IEA` : group ? 'GE and IEA' : 'IEA';
  throw fail(c, 'X12.MISSING_IEA', `is the last segment: the file ends without ${open}`);
}

function printable(ch: string): string {
  return ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : ch;
}

/** Trailer counts are often wrong in real files while the data is fine: a warning, not a failure. */
function checkCount(c: Cursor, els: string[], i: number, actual: number, code: string, what: string): void {
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

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function checkControl(
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
interface Transaction {
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
}

function startTransaction(controlNumber: string, version: string, start: number): Transaction {
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
  };
}

function finishTransaction(tx: Transaction, els: string[], c: Cursor): Remittance {
  checkCount(c, els, 1, c.t, 'X12.SE_COUNT', 'segment');
  checkControl(c, els, 2, tx.controlNumber, 'X12.SE_CONTROL', `ST02 of segment ${tx.start}`);
  if (!tx.payment) {
    throw fail(
      c,
      'X12.MISSING_BPR',
      `ends transaction ${tx.controlNumber} without a BPR: an 835 states its payment in BPR`,
    );
  }
  const payment = tx.payment;
  if (tx.traceNumber !== undefined) payment.traceNumber = tx.traceNumber;
  if (tx.payer.postalAddress) tx.payer.address = formatPostalAddress(tx.payer.postalAddress);
  return {
    controlNumber: tx.controlNumber,
    version: tx.version,
    payment,
    payer: tx.payer,
    payee: tx.payee,
    claims: tx.claims,
    providerAdjustments: tx.providerAdjustments,
  };
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

function readTransactionSegment(tx: Transaction, els: string[], c: Cursor, d: X12Delimiters): void {
  switch (els[0]) {
    case 'BPR':
      readBpr(tx, els, c);
      return;
    case 'TRN':
      if (tx.traceNumber === undefined) setIf(tx, 'traceNumber', text(els, 2));
      return;
    case 'N1': {
      const qualifier = text(els, 1);
      tx.claim = undefined;
      tx.line = undefined;
      tx.party = qualifier === 'PR' ? 'payer' : qualifier === 'PE' ? 'payee' : 'other';
      if (tx.party === 'other') return;
      const party = tx.party === 'payer' ? tx.payer : tx.payee;
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
      tx.claim = undefined;
      tx.line = undefined;
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
      return;
  }
}

function readBpr(tx: Transaction, els: string[], c: Cursor): void {
  if (tx.payment) throw fail(c, 'X12.SECOND_BPR', 'is a second BPR in one transaction');
  const handling = required(c, els, 1, 'the transaction handling code (I, H, ...)');
  const amountMinor = amount(c, els, 2);
  const creditDebit = text(els, 3);
  if (creditDebit !== 'C' && creditDebit !== 'D') {
    throw fail(c, 'X12.BAD_CODE', `"${creditDebit}" is not C (credit) or D (debit)`, 'BPR03');
  }
  const payment: Remittance['payment'] = { handling, amountMinor, creditDebit };
  setIf(payment, 'method', text(els, 4));
  setIf(payment, 'date', date(c, els, 16));
  tx.payment = payment;
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

function readClp(tx: Transaction, els: string[], c: Cursor): void {
  const statusCode = required(c, els, 2, 'the claim status code');
  const claim: RemitClaim = {
    patientControlNumber: required(c, els, 1, "the provider's claim id (patient control number)"),
    statusCode,
    status: claimStatusOf(statusCode),
    chargeMinor: amount(c, els, 3),
    paidMinor: amount(c, els, 4),
    patientResponsibilityMinor: text(els, 5) === '' ? 0 : amount(c, els, 5),
    adjustments: [],
    remarks: [],
    serviceLines: [],
    segment: c.t,
  };
  setIf(claim, 'filingIndicator', text(els, 6));
  setIf(claim, 'payerClaimNumber', text(els, 7));
  tx.claims.push(claim);
  tx.claim = claim;
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
  const cut = composite.indexOf(d.component);
  const rest = cut === -1 ? '' : composite.slice(cut + 1);
  const code = rest.split(d.component)[0]!.trim();
  if (code === '') {
    warn(
      c,
      'X12.SVC_NO_PROCEDURE',
      `"${composite}" has no procedure code, so the amounts after it are out of place; the line is left out and its adjustments are kept on claim ${claim.patientControlNumber}: check this line on the payer's remittance`,
      'SVC01',
    );
    tx.line = undefined;
    tx.lineDropped = true;
    return;
  }
  const line: ServiceLine = {
    procedure: d.component === ':' ? composite : composite.split(d.component).join(':'),
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

function readPlb(tx: Transaction, els: string[], c: Cursor, d: X12Delimiters): void {
  tx.claim = undefined;
  tx.line = undefined;
  tx.lineDropped = false;
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
    const cut = composite.indexOf(d.component);
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
