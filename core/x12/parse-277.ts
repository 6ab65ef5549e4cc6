// Reads X12 claim status files (005010X212): the 277 response, and the 276 request it answers (same
// hierarchy), into per-claim reports with their trace numbers and statuses in words. Damaged files
// are read as far as they go; everything skipped or doubtful is a warning naming its segment.
import { describeStatus, type StatusDetail } from '../claims/status-codes.js';
import type { IsoDate } from '../ledger/dates.js';
import { idCode, SegmentCursor } from './segment-cursor.js';
import { openSegments, type SegmentDelimiters } from './segments.js';
import { amountProblem, parseYymmdd } from './values.js';
import { X12ParseError, type X12Warning } from './x12-error.js';

/** A payer, receiver or provider as its NM1 names it. */
export interface StatusParty {
  name?: string;
  /** NM109: payer id (PI), ETIN (46) or NPI (XX). */
  id?: string;
}

/** The subscriber or patient of a claim. */
export interface StatusPerson {
  last: string;
  first?: string;
  middle?: string;
  /** NM109 (member id) when given. */
  memberId?: string;
  /** DMG02, on a 276. */
  birthDate?: IsoDate;
  /** DMG03: F, M or U. */
  gender?: string;
}

/** One STC segment. */
export interface StatusEntry {
  /** STC01, then STC10 and STC11 when present: each category/status/entity in words. */
  details: StatusDetail[];
  /** STC02: the date the status is effective. */
  date?: IsoDate;
  /** STC03: action code (on a 277 answer, usually empty). */
  action?: string;
  /** STC04: total claim charge, minor units. */
  chargeMinor?: number;
  /** STC05: amount paid, minor units. */
  paidMinor?: number;
  /** STC06: adjudication or finalized date. */
  adjudicatedOn?: IsoDate;
  /** STC08: check or EFT date. */
  checkDate?: IsoDate;
  /** STC09: check or EFT trace number. */
  checkNumber?: string;
  /** STC12: the payer's free-form message. */
  message?: string;
}

/** One service line (SVC) with its own statuses. */
export interface ServiceLineStatus {
  /** SVC01 as written, components joined by `:` (e.g. `HC:99203`). */
  procedure: string;
  chargeMinor?: number;
  paidMinor?: number;
  /** SVC07 units. */
  units?: string;
  /** REF*FJ. */
  lineControl?: string;
  serviceFrom?: IsoDate;
  serviceTo?: IsoDate;
  statuses: StatusEntry[];
}

export const REPORT_LEVELS = ['claim', 'provider', 'receiver'] as const;
/** What a report is about: one claim, or (on a 277) everything asked of a provider or receiver. */
export type ReportLevel = (typeof REPORT_LEVELS)[number];

/** One claim asked about (276) or answered (277), or a status about a whole provider or receiver. */
export interface ClaimStatusReport {
  level: ReportLevel;
  /** Segment number (within the file) of the TRN, or of the first STC when there is no TRN. */
  segment: number;
  /** ST02 of its transaction. */
  transactionControl: string;
  /** TRN02: the trace number the 276 sent and the 277 echoes. */
  traceNumber?: string;
  payer: StatusParty;
  receiver: StatusParty;
  provider: StatusParty;
  subscriber?: StatusPerson;
  /** Present when the patient is not the subscriber (a dependent, HL 23). */
  patient?: StatusPerson;
  /** REF*EJ: the office's claim id (patient control number, CLM01 on the 837). */
  patientControlNumber?: string;
  /** REF*1K: the payer's claim control number. */
  payerClaimNumber?: string;
  /** REF*BLT: institutional bill type. */
  billType?: string;
  /** REF*D9: the clearinghouse's trace number. */
  clearinghouseTrace?: string;
  /** AMT*T3 on a 276: the claim's total charge, minor units. */
  chargeMinor?: number;
  serviceFrom?: IsoDate;
  serviceTo?: IsoDate;
  statuses: StatusEntry[];
  lines: ServiceLineStatus[];
}

/** One ST..SE transaction. */
export interface StatusTransaction {
  set: '276' | '277';
  controlNumber: string;
  /** ST03 (or GS08), e.g. `005010X212`. */
  version: string;
  /** BHT03: the request's reference, echoed by the 277. */
  reference?: string;
  /** BHT04. */
  date?: IsoDate;
  reports: ClaimStatusReport[];
}

/** One ISA..IEA interchange. */
export interface StatusInterchange {
  /** ISA13. */
  controlNumber: string;
  /** ISA06, trimmed. */
  sender: string;
  /** ISA08, trimmed. */
  receiver: string;
  /** ISA09. */
  date?: IsoDate;
  /** GS06 of its (first) functional group. */
  groupControlNumber?: string;
  /** GS02 and GS03 (application sender and receiver codes) when they differ from ISA06 and ISA08. */
  groupSender?: string;
  groupReceiver?: string;
  transactions: StatusTransaction[];
}

/** What a claim status file holds, and what could not be read or looked wrong. */
export interface ClaimStatusFile {
  interchanges: StatusInterchange[];
  warnings: X12Warning[];
  delimiters: SegmentDelimiters;
}

/** The shared, frozen empty service-line list (see `newReport`). */
const NO_LINES: ServiceLineStatus[] = Object.freeze([]) as unknown as ServiceLineStatus[];
/** The shared, frozen empty status list: a report or line gets its own list with its first status. */
const NO_STATUSES: StatusEntry[] = Object.freeze([]) as unknown as StatusEntry[];

/** Adds a status to a report or line, replacing the shared empty list with a list of one. */
function addStatus(to: { statuses: StatusEntry[] }, entry: StatusEntry): void {
  if (to.statuses === NO_STATUSES) to.statuses = [entry];
  else to.statuses.push(entry);
}

const isProvider = (c: SegmentCursor) => c.is(1, '1P') || c.is(1, '85') || c.is(1, '82') || c.is(1, 'FA');

// The segments a claim status file is made of, as numbers to switch on.
const ISA = idCode('ISA');
const IEA = idCode('IEA');
const GS = idCode('GS');
const GE = idCode('GE');
const ST = idCode('ST');
const SE = idCode('SE');
const BHT = idCode('BHT');
const HL = idCode('HL');
const DMG = idCode('DMG');
const NM1 = idCode('NM1');
const TRN = idCode('TRN');
const STC = idCode('STC');
const REF = idCode('REF');
const AMT = idCode('AMT');
const DTP = idCode('DTP');
const SVC = idCode('SVC');

/** The HL03 level codes the reader knows, as constants (the level is compared, not sliced). */
const LEVELS = ['19', '20', '21', '22', '23', 'PT'] as const;

/** HL03 as one of `LEVELS` when it is one (no string sliced for it), else undefined. */
function knownLevel(c: SegmentCursor): string | undefined {
  for (const l of LEVELS) if (c.is(3, l)) return l;
  return undefined;
}

/** What a reader needs while it walks the file, and the warnings it has said. */
interface ReadState {
  c: SegmentCursor;
  warnings: X12Warning[];
  icIndex: number;
  tx: StatusTransaction | undefined;
  component: string;
  composites: Map<string, StatusDetail>;
  singles: Map<StatusDetail, StatusDetail[]>;
}

/** A warning about the cursor's segment (and element), naming the transaction it is in. */
function warn(st: ReadState, code: string, detail: string, element?: string): void {
  const id = st.c.id();
  const n = st.c.n;
  const tx = st.tx;
  const w: X12Warning = {
    interchange: Math.max(1, st.icIndex),
    segment: n,
    segmentId: id,
    code,
    message: `segment ${n} (${id})${element ? `, ${element}` : ''} ${detail}${tx ? ` (transaction ${tx.controlNumber})` : ''}`,
  };
  if (element) w.element = element;
  if (tx) w.transactionControl = tx.controlNumber;
  st.warnings.push(w);
}

/** `SE01`, `STC04`: an element's name for a warning. */
function elementName(st: ReadState, i: number): string {
  return `${st.c.id()}${i < 10 ? '0' : ''}${i}`;
}

function date(st: ReadState, i: number): IsoDate | undefined {
  const d = st.c.date(i);
  if (d === null) {
    warn(st, 'X12.BAD_DATE', `"${st.c.el(i)}" is not a date (CCYYMMDD): left out`, elementName(st, i));
    return undefined;
  }
  return d;
}

function amount(st: ReadState, i: number): number | undefined {
  const a = st.c.amount(i);
  if (a === null) {
    warn(st, 'X12.BAD_AMOUNT', `${amountProblem(st.c.el(i))}: left out`, elementName(st, i));
    return undefined;
  }
  return a;
}

/** A report for the claim (or provider, receiver) the reader stands in, added to its transaction. */
function newReport(
  st: ReadState,
  level: string,
  payer: StatusParty,
  receiver: StatusParty,
  provider: StatusParty,
  subscriber: StatusPerson | undefined,
  patient: StatusPerson | undefined,
): ClaimStatusReport {
  const lvl: ReportLevel =
    level === '20' || level === '21' ? 'receiver' : level === '19' ? 'provider' : 'claim';
  const r: ClaimStatusReport = {
    level: lvl,
    segment: st.c.n,
    transactionControl: st.tx!.controlNumber,
    // Parties are built afresh at each NM1 and never changed after, so reports share them.
    payer,
    receiver,
    provider: lvl === 'receiver' ? {} : provider,
    statuses: NO_STATUSES,
    // Most claims have no service lines: they share one empty list until a line comes.
    lines: NO_LINES,
  };
  if (lvl === 'claim' && subscriber) r.subscriber = subscriber;
  if (lvl === 'claim' && patient) r.patient = patient;
  st.tx!.reports.push(r);
  return r;
}

/** Ends the open transaction (a warning when it had no SE); the new `skipTx`, false. */
function closeTx(st: ReadState, skipTx: boolean, why: string): false {
  if (st.tx && !skipTx)
    warn(st, 'X12.NO_SE', `${why}: transaction ${st.tx.controlNumber} has no SE; read as far as it goes`);
  st.tx = undefined;
  return false;
}

/**
 * Reads a 277 (or a 276). Throws `X12ParseError` (`X12.NO_CLAIM_STATUS`) only when no 276 or 277
 * transaction can be found at all; anything else odd (wrong trailer counts, a bad date or amount,
 * an unknown status code, a segment out of place, a cut-off file) is read past and listed in
 * `warnings` with its segment, and the value it concerns is left out rather than guessed.
 *
 * The file is walked once as offsets (`SegmentCursor`): only the elements a report needs are sliced.
 *
 * @example parseClaimStatus(text).interchanges[0].transactions[0].reports[0].statuses[0].details[0].words
 */
export function parseClaimStatus(text: string): ClaimStatusFile {
  shapesKept ??= {
    file: read(SHAPES_SAMPLE),
    cursor: new SegmentCursor(SHAPES_SAMPLE, openSegments(SHAPES_SAMPLE)),
  };
  return read(text);
}

/**
 * The standard's 277 example (005010X212) and a claim in the order Duebook's writer uses: read once
 * and kept. V8 frees the hidden classes of a file's reports with the file, and the reader's optimized
 * code with them ("weak objects"), so every later read would start again in the interpreter; the
 * objects of this small read keep the usual shapes, and so the optimized reader, alive (a read of the
 * bench's 20,000-claim file was deoptimized and optimized again every time, at twice the cost).
 */
const SHAPES_SAMPLE = [
  'ISA*00*          *00*          *ZZ*123456789012345*ZZ*123456789012346*080503*1705*>*00501*000010216*0*T*:~',
  'GS*HN*1234567890*1234567890*20080503*1705*20213*X*005010X212~ST*277*0001*005010X212~',
  'BHT*0010*08*277X212*20050916*0810*DG~HL*1**20*1~NM1*PR*2*ABC INSURANCE*****PI*12345~',
  'HL*2*1*21*1~NM1*41*2*XYZ SERVICE*****46*X67E~HL*3*2*19*1~NM1*1P*2*HOME HOSPITAL*****XX*1666666661~',
  'HL*4*3*22*0~NM1*IL*1*SMITH*FRED****MI*123456789A~TRN*2*ABCXYZ1~STC*P3:317*20050913**8513.88~',
  'REF*1K*05347006051~REF*BLT*111~REF*EJ*SM123456~DTP*472*RD8*20050831-20050906~',
  'HL*5*3*22*0~NM1*IL*1*JONES*MARY****MI*234567890A~TRN*2*ABCXYZ2~STC*F0:3*20050915**7599*7599~',
  'REF*1K*0529675341~REF*BLT*111~REF*EJ*JO234567~DTP*472*RD8*20050731-20050809~',
  'HL*6*2*19*1~NM1*1P*2*HOME HOSPITAL PHYSICIANS*****XX*1666666666~HL*7*6*22*1~NM1*IL*1*MANN*JOHN****MI*345678901~',
  'HL*8*7*23~NM1*QC*1*MANN*JOSEPH~TRN*2*ABCXYC3~STC*F2:88:QC*20050612**150*0~REF*1K*051681010827~',
  'REF*EJ*MA345678~SVC*HC:99203*150*0****1~STC*F2:88:QC*20050612~DTP*472*D8*20050501~',
  'HL*9*6*22*0~NM1*IL*1*DOE*JANE****MI*456789012~TRN*2*ABCXYZ4~STC*A1:19:PR*20050913**100~',
  'REF*1K*E1~REF*EJ*DO456789~DTP*472*RD8*20050801-20050801~SVC*HC:99213*100*0****1~',
  'STC*A1:19:PR*20050913~DTP*472*RD8*20050801-20050801~SE*47*0001~GE*1*20213~IEA*1*000010216~',
].join('');

/** The kept read and a cursor (whose class's field layout V8 would likewise free with the last cursor). */
export let shapesKept: { file: ClaimStatusFile; cursor: SegmentCursor } | undefined;

/** `parseClaimStatus` itself. */
function read(text: string): ClaimStatusFile {
  const opened = openSegments(text);
  const c = new SegmentCursor(text, opened);
  const st: ReadState = {
    c,
    warnings: opened.warnings,
    icIndex: 0,
    tx: undefined,
    component: opened.delimiters.component,
    composites: new Map(),
    singles: new Map(),
  };
  let firstId: string | undefined;
  const interchanges: StatusInterchange[] = [];
  let ic: StatusInterchange | undefined;
  let groupVersion = '';
  let groupCount = 0;
  let groupControl = '';
  let stCount = 0;
  let txStart = 0;
  let skipTx = false;
  let level = '';
  let payer: StatusParty = {};
  let receiver: StatusParty = {};
  let provider: StatusParty = {};
  let subscriber: StatusPerson | undefined;
  let patient: StatusPerson | undefined;
  let report: ClaimStatusReport | undefined;
  let line: ServiceLineStatus | undefined;
  let pendingBirth: { date?: IsoDate; gender?: string } | undefined;
  let found = false;
  let visited = false;

  while (c.next()) {
    if (!visited) {
      firstId = c.id();
      visited = true;
    }
    const id = c.code;
    if (id === ISA) {
      if (st.tx) skipTx = closeTx(st, skipTx, 'starts a new interchange');
      st.icIndex++;
      ic = { controlNumber: c.el(13), sender: c.el(6), receiver: c.el(8), transactions: [] };
      const d = parseYymmdd(c.el(9));
      if (d) ic.date = d;
      interchanges.push(ic);
      groupCount = 0;
      continue;
    }
    if (id === IEA) {
      if (st.tx) skipTx = closeTx(st, skipTx, 'ends the interchange');
      if (ic && c.el(2) !== ic.controlNumber)
        warn(st, 'X12.IEA_CONTROL', `"${c.el(2)}" does not match ISA13 "${ic.controlNumber}"`, 'IEA02');
      if (ic && c.el(1) !== String(groupCount))
        warn(st, 'X12.IEA_COUNT', `says ${c.el(1)} groups, the interchange has ${groupCount}`, 'IEA01');
      ic = undefined;
      continue;
    }
    if (id === GS) {
      groupCount++;
      groupVersion = c.el(8);
      groupControl = c.el(6);
      stCount = 0;
      if (ic && ic.groupControlNumber === undefined) {
        ic.groupControlNumber = groupControl;
        if (c.el(2) !== ic.sender) ic.groupSender = c.el(2);
        if (c.el(3) !== ic.receiver) ic.groupReceiver = c.el(3);
      }
      continue;
    }
    if (id === GE) {
      if (st.tx) skipTx = closeTx(st, skipTx, 'ends the group');
      if (c.el(1) !== String(stCount))
        warn(st, 'X12.GE_COUNT', `says ${c.el(1)} transactions, the group has ${stCount}`, 'GE01');
      if (c.el(2) !== groupControl)
        warn(st, 'X12.GE_CONTROL', `"${c.el(2)}" does not match GS06 "${groupControl}"`, 'GE02');
      continue;
    }
    if (id === ST) {
      if (st.tx) skipTx = closeTx(st, skipTx, 'starts a new transaction');
      stCount++;
      if (!ic) {
        warn(st, 'X12.NO_ISA', 'comes before any ISA: read as if one were there');
        st.icIndex = Math.max(st.icIndex, 1);
        ic = { controlNumber: '', sender: '', receiver: '', transactions: [] };
        interchanges.push(ic);
      }
      const set = c.el(1);
      if (set !== '276' && set !== '277') {
        warn(st, 'X12.NOT_CLAIM_STATUS', `is a ${set || '?'} transaction, not a 276 or 277: skipped`, 'ST01');
        st.tx = { set: '277', controlNumber: c.el(2), version: '', reports: [] };
        skipTx = true;
        txStart = c.n;
        continue;
      }
      found = true;
      const tx: StatusTransaction = {
        set,
        controlNumber: c.el(2),
        version: c.el(3) || groupVersion,
        reports: [],
      };
      st.tx = tx;
      ic.transactions.push(tx);
      txStart = c.n;
      skipTx = false;
      level = '';
      payer = {};
      receiver = {};
      provider = {};
      subscriber = undefined;
      patient = undefined;
      report = undefined;
      line = undefined;
      continue;
    }
    const tx = st.tx;
    if (!tx || skipTx) {
      if (id === SE) st.tx = undefined;
      else if (!tx) warn(st, 'X12.OUTSIDE_TRANSACTION', 'is outside any transaction: skipped');
      continue;
    }
    switch (id) {
      case SE: {
        const count = c.n - txStart + 1;
        if (c.el(1) !== String(count))
          warn(st, 'X12.SE_COUNT', `says ${c.el(1)} segments, the transaction has ${count}`, 'SE01');
        if (c.el(2) !== tx.controlNumber)
          warn(st, 'X12.SE_CONTROL', `"${c.el(2)}" does not match ST02 "${tx.controlNumber}"`, 'SE02');
        st.tx = undefined;
        break;
      }
      case BHT: {
        const reference = c.el(3);
        if (reference) tx.reference = reference;
        const d = date(st, 4);
        if (d) tx.date = d;
        break;
      }
      case HL: {
        level = knownLevel(c) ?? c.el(3);
        report = undefined;
        line = undefined;
        pendingBirth = undefined;
        if (level === '19') {
          provider = {};
          subscriber = undefined;
          patient = undefined;
        } else if (level === '22') {
          subscriber = undefined;
          patient = undefined;
        } else if (level === '23' || level === 'PT') {
          patient = undefined;
        } else if (level === '20') {
          payer = {};
          receiver = {};
          provider = {};
        } else if (level === '21') {
          receiver = {};
          provider = {};
        } else warn(st, 'X12.UNKNOWN_LEVEL', `has level code "${level}"; read as a claim level`, 'HL03');
        break;
      }
      case DMG: {
        pendingBirth = {};
        const d = c.is(1, 'D8') ? date(st, 2) : undefined;
        if (d) pendingBirth.date = d;
        if (!c.empty(3)) pendingBirth.gender = c.el(3);
        break;
      }
      case NM1: {
        const payerCode = c.is(1, 'PR') || c.is(1, 'AY');
        const receiverCode = !payerCode && c.is(1, '41');
        const providerCode = !payerCode && !receiverCode && isProvider(c);
        if (payerCode || receiverCode || providerCode) {
          const party: StatusParty = {};
          const last = c.el(3);
          const given = c.el(4);
          const name = last && given ? `${last}${c.is(2, '1') ? ', ' : ' '}${given}` : last || given;
          if (name) party.name = name;
          const partyId = c.el(9);
          if (partyId) party.id = partyId;
          if (payerCode) payer = party;
          else if (receiverCode) receiver = party;
          else provider = party;
        } else if (c.is(1, 'IL') || c.is(1, 'QC')) {
          const p = person(c, pendingBirth);
          pendingBirth = undefined;
          if (c.is(1, 'IL')) subscriber = p;
          else patient = p;
        } else
          warn(
            st,
            'X12.UNKNOWN_ENTITY',
            `names entity "${c.el(1)}", which a claim status file does not use: skipped`,
            'NM101',
          );
        break;
      }
      case TRN: {
        report = newReport(st, level, payer, receiver, provider, subscriber, patient);
        line = undefined;
        const trace = c.el(2);
        if (trace) report.traceNumber = trace;
        else
          warn(
            st,
            'X12.NO_TRACE',
            'has no trace number: the status can only be matched by claim id',
            'TRN02',
          );
        break;
      }
      case STC: {
        const entry = readStc(st);
        if (!entry) break;
        if (line) addStatus(line, entry);
        else {
          if (!report) {
            report = newReport(st, level, payer, receiver, provider, subscriber, patient);
            line = undefined;
          }
          addStatus(report, entry);
        }
        break;
      }
      case REF: {
        if (!report) {
          warn(st, 'X12.OUT_OF_PLACE', 'comes before the claim it belongs to (no TRN yet): skipped');
          break;
        }
        if (line) {
          if (c.is(1, 'FJ')) line.lineControl = c.el(2);
          break;
        }
        if (c.is(1, 'EJ')) report.patientControlNumber = c.el(2);
        else if (c.is(1, '1K')) report.payerClaimNumber = c.el(2);
        else if (c.is(1, 'BLT')) report.billType = c.el(2);
        else if (c.is(1, 'D9')) report.clearinghouseTrace = c.el(2);
        break;
      }
      case AMT: {
        if (report && c.is(1, 'T3')) {
          const a = amount(st, 2);
          if (a !== undefined) report.chargeMinor = a;
        }
        break;
      }
      case DTP: {
        if (!c.is(1, '472')) break;
        const target = line ?? report;
        if (!target) {
          warn(st, 'X12.OUT_OF_PLACE', 'comes before the claim it belongs to (no TRN yet): skipped');
          break;
        }
        if (!c.dateRange(3, c.is(2, 'RD8'))) {
          warn(st, 'X12.BAD_DATE', `"${c.el(3)}" is not a date or date range: left out`, 'DTP03');
          break;
        }
        target.serviceFrom = c.from!;
        target.serviceTo = c.to!;
        break;
      }
      case SVC: {
        if (!report) {
          warn(st, 'X12.OUT_OF_PLACE', 'comes before the claim it belongs to (no TRN yet): skipped');
          break;
        }
        const procedure = c.el(1);
        const l: ServiceLineStatus = {
          procedure:
            st.component === ':' || !procedure.includes(st.component)
              ? procedure
              : procedure.split(st.component).join(':'),
          statuses: NO_STATUSES,
        };
        const charge = amount(st, 2);
        if (charge !== undefined) l.chargeMinor = charge;
        const paid = amount(st, 3);
        if (paid !== undefined) l.paidMinor = paid;
        if (!c.empty(7)) l.units = c.el(7);
        if (report.lines === NO_LINES) report.lines = [l];
        else report.lines.push(l);
        line = l;
        break;
      }
      default:
        // PER, QTY and the like carry nothing a clerk needs for the claim's status.
        break;
    }
  }
  // The cursor still stands on the last segment read: a cut-off file is named at it.
  if (st.tx && visited) closeTx(st, skipTx, 'is the last segment of the file');
  else if (ic && visited)
    warn(st, 'X12.NO_IEA', 'is the last segment: the interchange has no IEA (the file may be cut off)');
  if (!found) {
    throw new X12ParseError(
      'X12.NO_CLAIM_STATUS',
      { interchange: 1, segment: 1, segmentId: firstId ?? 'ISA' },
      'starts a file with no 276 or 277 transaction (no ST*277 or ST*276 segment could be read)',
    );
  }
  return { interchanges, warnings: st.warnings, delimiters: opened.delimiters };
}

/**
 * The subscriber or patient of an NM1 (with the DMG before it). The usual person (last and first
 * name, member id) is built as one literal, not grown property by property; the same fields either way.
 */
function person(c: SegmentCursor, birth: { date?: IsoDate; gender?: string } | undefined): StatusPerson {
  const last = c.el(3);
  const first = c.empty(4) ? undefined : c.el(4);
  const middle = c.empty(5) ? undefined : c.el(5);
  const memberId = c.empty(9) ? undefined : c.el(9);
  if (middle === undefined && !birth?.date && !birth?.gender) {
    if (first !== undefined) return memberId !== undefined ? { last, first, memberId } : { last, first };
    return memberId !== undefined ? { last, memberId } : { last };
  }
  const p: StatusPerson = { last };
  if (first !== undefined) p.first = first;
  if (middle !== undefined) p.middle = middle;
  if (memberId !== undefined) p.memberId = memberId;
  if (birth?.date) p.birthDate = birth.date;
  if (birth?.gender) p.gender = birth.gender;
  return p;
}

/** The STC elements in order: STC01, then STC10 and STC11, the further statuses. */
const STC_COMPOSITES = [1, 10, 11] as const;

function readStc(st: ReadState): StatusEntry | undefined {
  const c = st.c;
  const details: StatusDetail[] = [];
  for (const i of STC_COMPOSITES) {
    if (c.empty(i)) {
      if (i === 1) {
        warn(st, 'X12.NO_STATUS', 'has no status (STC01 is empty): skipped', 'STC01');
        return undefined;
      }
      continue;
    }
    const raw = c.el(i);
    let detail = st.composites.get(raw);
    if (detail === undefined) {
      const [category = '', code = '', entity] = raw.split(st.component);
      detail = describeStatus(category, code, entity || undefined);
      st.composites.set(raw, detail);
    }
    if (detail.unknown.length > 0)
      warn(
        st,
        'X12.UNKNOWN_STATUS_CODE',
        `has ${detail.unknown.join(', ')}, not in Duebook's tables: shown as codes`,
        `STC${i < 10 ? '0' : ''}${i}`,
      );
    details.push(detail);
  }
  // A status with one composite (most) shares the frozen one-element list of that composite.
  const only = details.length === 1 ? details[0]! : undefined;
  let shared = only ? st.singles.get(only) : undefined;
  if (only && !shared) {
    shared = Object.freeze([only]) as unknown as StatusDetail[];
    st.singles.set(only, shared);
  }
  const all = shared ?? details;
  // Every element read first, in element order (so are the warnings), then the entry built.
  const d = date(st, 2);
  const action = c.empty(3) ? undefined : c.el(3);
  const charge = amount(st, 4);
  const paid = amount(st, 5);
  const adjudicated = date(st, 6);
  const check = date(st, 8);
  const checkNumber = c.empty(9) ? undefined : c.el(9);
  const message = c.empty(12) ? undefined : c.el(12);
  if (
    action === undefined &&
    paid === undefined &&
    !adjudicated &&
    !check &&
    checkNumber === undefined &&
    message === undefined
  ) {
    // The usual status (a date, perhaps the charge) as one literal: the same fields, fewer allocations.
    if (d)
      return charge !== undefined
        ? { details: all, date: d, chargeMinor: charge }
        : { details: all, date: d };
    return charge !== undefined ? { details: all, chargeMinor: charge } : { details: all };
  }
  const entry: StatusEntry = { details: all };
  if (d) entry.date = d;
  if (action !== undefined) entry.action = action;
  if (charge !== undefined) entry.chargeMinor = charge;
  if (paid !== undefined) entry.paidMinor = paid;
  if (adjudicated) entry.adjudicatedOn = adjudicated;
  if (check) entry.checkDate = check;
  if (checkNumber !== undefined) entry.checkNumber = checkNumber;
  if (message !== undefined) entry.message = message;
  return entry;
}

/** Every report of a file, in file order. */
export function allReports(file: ClaimStatusFile): ClaimStatusReport[] {
  return file.interchanges.flatMap((ic) => ic.transactions.flatMap((t) => t.reports));
}

/** The claim-level status that counts: the first STC of the claim, else of its first service line. */
export function leadingStatus(report: ClaimStatusReport): StatusEntry | undefined {
  return report.statuses[0] ?? report.lines.find((l) => l.statuses.length > 0)?.statuses[0];
}
