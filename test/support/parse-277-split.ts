// The 277 reader as it was before the offset scanner (split every segment into an array of strings),
// kept only as the oracle of test/core/x12/parse-277-equivalence.test.ts: the new reader must agree.
import { describeStatus, type StatusDetail } from '../../core/claims/status-codes.js';
import type { IsoDate } from '../../core/ledger/dates.js';
import type {
  ClaimStatusFile,
  ClaimStatusReport,
  ReportLevel,
  ServiceLineStatus,
  StatusEntry,
  StatusInterchange,
  StatusParty,
  StatusPerson,
  StatusTransaction,
} from '../../core/x12/parse-277.js';
import { eachSegment, openSegments, type RawSegment } from '../../core/x12/segments.js';
import { amountProblem, parseAmountMinor, parseCcyymmdd, parseYymmdd } from '../../core/x12/values.js';
import { X12ParseError, type X12Warning } from '../../core/x12/x12-error.js';

/** The shared, frozen empty service-line list (see `newReport`). */
const NO_LINES: ServiceLineStatus[] = Object.freeze([]) as unknown as ServiceLineStatus[];

const isPayer = (code: string) => code === 'PR' || code === 'AY';

/** An element's value without surrounding blanks; most have none, so most are returned as they are. */
function value(v: string | undefined): string {
  if (v === undefined || v.length === 0) return '';
  return v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32 ? v.trim() : v;
}
const isProvider = (code: string) => code === '1P' || code === '85' || code === '82' || code === 'FA';

/**
 * Reads a 277 (or a 276). Throws `X12ParseError` (`X12.NO_CLAIM_STATUS`) only when no 276 or 277
 * transaction can be found at all; anything else odd (wrong trailer counts, a bad date or amount,
 * an unknown status code, a segment out of place, a cut-off file) is read past and listed in
 * `warnings` with its segment, and the value it concerns is left out rather than guessed.
 *
 * @example parseClaimStatus(text).interchanges[0].transactions[0].reports[0].statuses[0].details[0].words
 */
export function parseClaimStatusBySplit(text: string): ClaimStatusFile {
  const opened = openSegments(text);
  const warnings = opened.warnings;
  const { component } = opened.delimiters;
  const composites = new Map<string, StatusDetail>();
  const singles = new Map<StatusDetail, StatusDetail[]>();
  // One cursor, moved from segment to segment: warnings copy what they need from it.
  const s: RawSegment = { elements: [], n: 0 };
  let firstId: string | undefined;
  const interchanges: StatusInterchange[] = [];
  let ic: StatusInterchange | undefined;
  let icIndex = 0;
  let groupVersion = '';
  let groupCount = 0;
  let groupControl = '';
  let stCount = 0;
  let tx: StatusTransaction | undefined;
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

  const warn = (s: RawSegment, code: string, detail: string, element?: string) => {
    const id = s.elements[0]!;
    const w: X12Warning = {
      interchange: Math.max(1, icIndex),
      segment: s.n,
      segmentId: id,
      code,
      message: `segment ${s.n} (${id})${element ? `, ${element}` : ''} ${detail}${tx ? ` (transaction ${tx.controlNumber})` : ''}`,
    };
    if (element) w.element = element;
    if (tx) w.transactionControl = tx.controlNumber;
    warnings.push(w);
  };
  const el = (s: RawSegment, i: number) => value(s.elements[i]);
  const ref = (s: RawSegment, i: number) => `${s.elements[0]}${i < 10 ? '0' : ''}${i}`;
  const date = (s: RawSegment, i: number): IsoDate | undefined => {
    const v = el(s, i);
    if (v === '') return undefined;
    const d = parseCcyymmdd(v);
    if (d === undefined) warn(s, 'X12.BAD_DATE', `"${v}" is not a date (CCYYMMDD): left out`, ref(s, i));
    return d;
  };
  const amount = (s: RawSegment, i: number): number | undefined => {
    const v = el(s, i);
    if (v === '') return undefined;
    const a = parseAmountMinor(v);
    if (a === undefined) warn(s, 'X12.BAD_AMOUNT', `${amountProblem(v)}: left out`, ref(s, i));
    return a;
  };
  const newReport = (s: RawSegment): ClaimStatusReport => {
    const lvl: ReportLevel =
      level === '20' || level === '21' ? 'receiver' : level === '19' ? 'provider' : 'claim';
    const r: ClaimStatusReport = {
      level: lvl,
      segment: s.n,
      transactionControl: tx!.controlNumber,
      // Parties are built afresh at each NM1 and never changed after, so reports share them.
      payer,
      receiver,
      provider: lvl === 'receiver' ? {} : provider,
      statuses: [],
      // Most claims have no service lines: they share one empty list until a line comes.
      lines: NO_LINES,
    };
    if (lvl === 'claim' && subscriber) r.subscriber = subscriber;
    if (lvl === 'claim' && patient) r.patient = patient;
    tx!.reports.push(r);
    line = undefined;
    return r;
  };
  const closeTx = (s: RawSegment, why: string) => {
    if (tx && !skipTx)
      warn(s, 'X12.NO_SE', `${why}: transaction ${tx.controlNumber} has no SE; read as far as it goes`);
    tx = undefined;
    skipTx = false;
  };

  eachSegment(text, opened, (elements, n) => {
    s.elements = elements;
    s.n = n;
    firstId ??= elements[0];
    const id = s.elements[0]!;
    if (id === 'ISA') {
      if (tx) closeTx(s, 'starts a new interchange');
      icIndex++;
      ic = {
        controlNumber: el(s, 13),
        sender: el(s, 6),
        receiver: el(s, 8),
        transactions: [],
      };
      const d = parseYymmdd(el(s, 9));
      if (d) ic.date = d;
      interchanges.push(ic);
      groupCount = 0;
      return;
    }
    if (id === 'IEA') {
      if (tx) closeTx(s, 'ends the interchange');
      if (ic && el(s, 2) !== ic.controlNumber)
        warn(s, 'X12.IEA_CONTROL', `"${el(s, 2)}" does not match ISA13 "${ic.controlNumber}"`, 'IEA02');
      if (ic && el(s, 1) !== String(groupCount))
        warn(s, 'X12.IEA_COUNT', `says ${el(s, 1)} groups, the interchange has ${groupCount}`, 'IEA01');
      ic = undefined;
      return;
    }
    if (id === 'GS') {
      groupCount++;
      groupVersion = el(s, 8);
      groupControl = el(s, 6);
      stCount = 0;
      if (ic && ic.groupControlNumber === undefined) {
        ic.groupControlNumber = groupControl;
        if (el(s, 2) !== ic.sender) ic.groupSender = el(s, 2);
        if (el(s, 3) !== ic.receiver) ic.groupReceiver = el(s, 3);
      }
      return;
    }
    if (id === 'GE') {
      if (tx) closeTx(s, 'ends the group');
      if (el(s, 1) !== String(stCount))
        warn(s, 'X12.GE_COUNT', `says ${el(s, 1)} transactions, the group has ${stCount}`, 'GE01');
      if (el(s, 2) !== groupControl)
        warn(s, 'X12.GE_CONTROL', `"${el(s, 2)}" does not match GS06 "${groupControl}"`, 'GE02');
      return;
    }
    if (id === 'ST') {
      if (tx) closeTx(s, 'starts a new transaction');
      stCount++;
      if (!ic) {
        warn(s, 'X12.NO_ISA', 'comes before any ISA: read as if one were there');
        icIndex = Math.max(icIndex, 1);
        ic = { controlNumber: '', sender: '', receiver: '', transactions: [] };
        interchanges.push(ic);
      }
      const set = el(s, 1);
      if (set !== '276' && set !== '277') {
        warn(s, 'X12.NOT_CLAIM_STATUS', `is a ${set || '?'} transaction, not a 276 or 277: skipped`, 'ST01');
        tx = { set: '277', controlNumber: el(s, 2), version: '', reports: [] };
        skipTx = true;
        txStart = s.n;
        return;
      }
      found = true;
      tx = { set, controlNumber: el(s, 2), version: el(s, 3) || groupVersion, reports: [] };
      ic.transactions.push(tx);
      txStart = s.n;
      skipTx = false;
      level = '';
      payer = {};
      receiver = {};
      provider = {};
      subscriber = undefined;
      patient = undefined;
      report = undefined;
      line = undefined;
      return;
    }
    if (!tx || skipTx) {
      if (id === 'SE') tx = undefined;
      else if (!tx) warn(s, 'X12.OUTSIDE_TRANSACTION', 'is outside any transaction: skipped');
      return;
    }
    switch (id) {
      case 'SE': {
        const count = s.n - txStart + 1;
        if (el(s, 1) !== String(count))
          warn(s, 'X12.SE_COUNT', `says ${el(s, 1)} segments, the transaction has ${count}`, 'SE01');
        if (el(s, 2) !== tx.controlNumber)
          warn(s, 'X12.SE_CONTROL', `"${el(s, 2)}" does not match ST02 "${tx.controlNumber}"`, 'SE02');
        tx = undefined;
        break;
      }
      case 'BHT': {
        const reference = el(s, 3);
        if (reference) tx.reference = reference;
        const d = date(s, 4);
        if (d) tx.date = d;
        break;
      }
      case 'HL': {
        level = el(s, 3);
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
        } else warn(s, 'X12.UNKNOWN_LEVEL', `has level code "${level}"; read as a claim level`, 'HL03');
        break;
      }
      case 'DMG': {
        pendingBirth = {};
        const d = el(s, 1) === 'D8' ? date(s, 2) : undefined;
        if (d) pendingBirth.date = d;
        if (el(s, 3)) pendingBirth.gender = el(s, 3);
        break;
      }
      case 'NM1': {
        const who = el(s, 1);
        const isParty = isPayer(who) || who === '41' || isProvider(who);
        const party: StatusParty = {};
        if (isParty) {
          const last = el(s, 3);
          const given = el(s, 4);
          const name = last && given ? `${last}${el(s, 2) === '1' ? ', ' : ' '}${given}` : last || given;
          if (name) party.name = name;
          if (el(s, 9)) party.id = el(s, 9);
        }
        if (isPayer(who)) payer = party;
        else if (who === '41') receiver = party;
        else if (isProvider(who)) provider = party;
        else if (who === 'IL' || who === 'QC') {
          const p: StatusPerson = { last: el(s, 3) };
          if (el(s, 4)) p.first = el(s, 4);
          if (el(s, 5)) p.middle = el(s, 5);
          if (el(s, 9)) p.memberId = el(s, 9);
          if (pendingBirth?.date) p.birthDate = pendingBirth.date;
          if (pendingBirth?.gender) p.gender = pendingBirth.gender;
          pendingBirth = undefined;
          if (who === 'IL') subscriber = p;
          else patient = p;
        } else
          warn(
            s,
            'X12.UNKNOWN_ENTITY',
            `names entity "${who}", which a claim status file does not use: skipped`,
            'NM101',
          );
        break;
      }
      case 'TRN': {
        report = newReport(s);
        const trace = el(s, 2);
        if (trace) report.traceNumber = trace;
        else
          warn(s, 'X12.NO_TRACE', 'has no trace number: the status can only be matched by claim id', 'TRN02');
        break;
      }
      case 'STC': {
        const entry = readStc(s, component, composites, singles, warn, date, amount);
        if (!entry) break;
        if (line) line.statuses.push(entry);
        else {
          if (!report) report = newReport(s);
          report.statuses.push(entry);
        }
        break;
      }
      case 'REF': {
        const q = el(s, 1);
        const v = el(s, 2);
        if (!report) {
          warn(s, 'X12.OUT_OF_PLACE', 'comes before the claim it belongs to (no TRN yet): skipped');
          break;
        }
        if (line) {
          if (q === 'FJ') line.lineControl = v;
          break;
        }
        if (q === 'EJ') report.patientControlNumber = v;
        else if (q === '1K') report.payerClaimNumber = v;
        else if (q === 'BLT') report.billType = v;
        else if (q === 'D9') report.clearinghouseTrace = v;
        break;
      }
      case 'AMT': {
        if (report && el(s, 1) === 'T3') {
          const a = amount(s, 2);
          if (a !== undefined) report.chargeMinor = a;
        }
        break;
      }
      case 'DTP': {
        if (el(s, 1) !== '472') break;
        const target = line ?? report;
        if (!target) {
          warn(s, 'X12.OUT_OF_PLACE', 'comes before the claim it belongs to (no TRN yet): skipped');
          break;
        }
        const v = el(s, 3);
        const dash = el(s, 2) === 'RD8' ? v.indexOf('-') : -1;
        const from = dash < 0 ? v : v.slice(0, dash);
        const to = dash < 0 ? v : v.slice(dash + 1);
        const f = from ? parseCcyymmdd(from) : undefined;
        const t = to ? parseCcyymmdd(to) : undefined;
        if (f === undefined || t === undefined) {
          warn(s, 'X12.BAD_DATE', `"${v}" is not a date or date range: left out`, 'DTP03');
          break;
        }
        target.serviceFrom = f;
        target.serviceTo = t;
        break;
      }
      case 'SVC': {
        if (!report) {
          warn(s, 'X12.OUT_OF_PLACE', 'comes before the claim it belongs to (no TRN yet): skipped');
          break;
        }
        const l: ServiceLineStatus = { procedure: el(s, 1).split(component).join(':'), statuses: [] };
        const charge = amount(s, 2);
        if (charge !== undefined) l.chargeMinor = charge;
        const paid = amount(s, 3);
        if (paid !== undefined) l.paidMinor = paid;
        if (el(s, 7)) l.units = el(s, 7);
        if (report.lines === NO_LINES) report.lines = [l];
        else report.lines.push(l);
        line = l;
        break;
      }
      default:
        // PER, QTY and the like carry nothing a clerk needs for the claim's status.
        break;
    }
  });
  if (tx && s.n > 0) closeTx(s, 'is the last segment of the file');
  else if (ic && s.n > 0)
    warn(s, 'X12.NO_IEA', 'is the last segment: the interchange has no IEA (the file may be cut off)');
  if (!found) {
    throw new X12ParseError(
      'X12.NO_CLAIM_STATUS',
      { interchange: 1, segment: 1, segmentId: firstId ?? 'ISA' },
      'starts a file with no 276 or 277 transaction (no ST*277 or ST*276 segment could be read)',
    );
  }
  return { interchanges, warnings, delimiters: opened.delimiters };
}

function readStc(
  s: RawSegment,
  component: string,
  composites: Map<string, StatusDetail>,
  singles: Map<StatusDetail, StatusDetail[]>,
  warn: (s: RawSegment, code: string, detail: string, element?: string) => void,
  date: (s: RawSegment, i: number) => IsoDate | undefined,
  amount: (s: RawSegment, i: number) => number | undefined,
): StatusEntry | undefined {
  const e = s.elements;
  const el = value;
  const details: StatusDetail[] = [];
  for (let i = 1; i <= 11; i = i === 1 ? 10 : i + 1) {
    const raw = el(e[i]);
    if (raw === '') {
      if (i === 1) {
        warn(s, 'X12.NO_STATUS', 'has no status (STC01 is empty): skipped', 'STC01');
        return undefined;
      }
      continue;
    }
    let detail = composites.get(raw);
    if (detail === undefined) {
      const [category = '', code = '', entity] = raw.split(component);
      detail = describeStatus(category, code, entity || undefined);
      composites.set(raw, detail);
    }
    const name = `STC${i < 10 ? '0' : ''}${i}`;
    if (detail.unknown.length > 0)
      warn(
        s,
        'X12.UNKNOWN_STATUS_CODE',
        `has ${detail.unknown.join(', ')}, not in Duebook's tables: shown as codes`,
        name,
      );
    details.push(detail);
  }
  // A status with one composite (most) shares the frozen one-element list of that composite.
  const only = details.length === 1 ? details[0]! : undefined;
  let shared = only ? singles.get(only) : undefined;
  if (only && !shared) {
    shared = Object.freeze([only]) as unknown as StatusDetail[];
    singles.set(only, shared);
  }
  const entry: StatusEntry = { details: shared ?? details };
  const d = date(s, 2);
  if (d) entry.date = d;
  if (el(e[3])) entry.action = el(e[3]);
  const charge = amount(s, 4);
  if (charge !== undefined) entry.chargeMinor = charge;
  const paid = amount(s, 5);
  if (paid !== undefined) entry.paidMinor = paid;
  const adjudicated = date(s, 6);
  if (adjudicated) entry.adjudicatedOn = adjudicated;
  const check = date(s, 8);
  if (check) entry.checkDate = check;
  if (el(e[9])) entry.checkNumber = el(e[9]);
  if (el(e[12])) entry.message = el(e[12]);
  return entry;
}
