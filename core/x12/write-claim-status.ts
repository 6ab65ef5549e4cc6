// Writes claim status interchanges (005010X212) as X12 text: a 276 request or a 277 response, from
// the same report structure `parseClaimStatus` reads, so a file can be built, read back and compared.
import type { IsoDate } from '../ledger/dates.js';
import type {
  ClaimStatusReport,
  StatusEntry,
  StatusInterchange,
  StatusParty,
  StatusPerson,
  StatusTransaction,
} from './parse-277.js';
import { formatAmount, formatCcyymmdd } from './values.js';

/** How to write the envelope; the content comes from the interchange. */
export interface WriteClaimStatusOptions {
  /** ISA09/GS04 date; the interchange's `date` when absent. */
  date?: IsoDate;
  /** ISA10/GS05 time as HHMM (the caller's clock; core has none). Default `0000`. */
  time?: string;
  /** ISA15: `P` production (default) or `T` test. */
  usage?: 'P' | 'T';
  /** Break lines after each segment terminator (easier to read; some portals refuse it). Default false. */
  lineBreaks?: boolean;
}

/** A value that cannot be written (a delimiter inside it, a control number too long): a bug upstream. */
export class X12WriteError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'X12WriteError';
    this.code = code;
  }
}

const E = '*';
const C = ':';
const R = '^';
const T = '~';
const FORBIDDEN = /[*:~^\r\n]/;

function check(value: string, what: string): string {
  if (FORBIDDEN.test(value))
    throw new X12WriteError(
      'X12.DELIMITER_IN_VALUE',
      `${what} "${value}" contains an X12 delimiter (* : ~ ^ or a line break)`,
    );
  return value;
}

/** Elements joined, trailing empty ones dropped (X12 forbids trailing separators). */
function seg(...elements: (string | undefined)[]): string {
  const values = elements.map((v) => v ?? '');
  while (values.length > 1 && values[values.length - 1] === '') values.pop();
  return values.join(E);
}

const amount = (minor: number | undefined) => (minor === undefined ? '' : formatAmount(minor));
const ymd = (d: IsoDate | undefined) => (d === undefined ? '' : formatCcyymmdd(d));

function partyNm1(code: string, qualifier: string, p: StatusParty): string {
  return seg(
    'NM1',
    code,
    '2',
    check(p.name ?? '', `${code} name`),
    '',
    '',
    '',
    '',
    p.id ? qualifier : '',
    check(p.id ?? '', `${code} id`),
  );
}

function personSegments(code: 'IL' | 'QC', p: StatusPerson, withDemographics: boolean): string[] {
  const out: string[] = [];
  if (withDemographics && (p.birthDate !== undefined || p.gender !== undefined)) {
    out.push(seg('DMG', p.birthDate ? 'D8' : '', ymd(p.birthDate), p.gender ?? ''));
  }
  out.push(
    seg(
      'NM1',
      code,
      '1',
      check(p.last, `${code} last name`),
      check(p.first ?? '', `${code} first name`),
      check(p.middle ?? '', `${code} middle name`),
      '',
      '',
      p.memberId ? 'MI' : '',
      check(p.memberId ?? '', `${code} member id`),
    ),
  );
  return out;
}

function stcSegment(s: StatusEntry): string {
  const composite = (i: number) => {
    const d = s.details[i];
    if (!d) return '';
    const parts = [d.category, d.code, d.entity ?? ''];
    while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    return parts.map((p) => check(p, 'STC composite')).join(C);
  };
  return seg(
    'STC',
    composite(0),
    ymd(s.date),
    s.action ?? '',
    amount(s.chargeMinor),
    amount(s.paidMinor),
    ymd(s.adjudicatedOn),
    '',
    ymd(s.checkDate),
    check(s.checkNumber ?? '', 'STC09'),
    composite(1),
    composite(2),
    check(s.message ?? '', 'STC12'),
  );
}

/** DTP*472: a claim's service dates are always a range (RD8, as 005010X212 asks); a line's may be one day (D8). */
function serviceDate(from: IsoDate | undefined, to: IsoDate | undefined, range: boolean): string | undefined {
  if (from === undefined) return undefined;
  return !range && (to === undefined || to === from)
    ? seg('DTP', '472', 'D8', ymd(from))
    : seg('DTP', '472', 'RD8', `${ymd(from)}-${ymd(to ?? from)}`);
}

/** The TRN and what follows it for one report (claim, provider or receiver level). */
function reportSegments(r: ClaimStatusReport, set: '276' | '277'): string[] {
  const out: string[] = [];
  out.push(seg('TRN', set === '276' ? '1' : '2', check(r.traceNumber ?? '', 'TRN02')));
  if (set === '277') for (const s of r.statuses) out.push(stcSegment(s));
  if (r.payerClaimNumber) out.push(seg('REF', '1K', check(r.payerClaimNumber, 'REF*1K')));
  if (r.billType) out.push(seg('REF', 'BLT', check(r.billType, 'REF*BLT')));
  if (r.patientControlNumber) out.push(seg('REF', 'EJ', check(r.patientControlNumber, 'REF*EJ')));
  if (r.clearinghouseTrace) out.push(seg('REF', 'D9', check(r.clearinghouseTrace, 'REF*D9')));
  if (set === '276' && r.chargeMinor !== undefined) out.push(seg('AMT', 'T3', amount(r.chargeMinor)));
  const dtp = serviceDate(r.serviceFrom, r.serviceTo, true);
  if (dtp) out.push(dtp);
  for (const l of r.lines) {
    const procedure = l.procedure
      .split(':')
      .map((p) => check(p, 'SVC01'))
      .join(C);
    out.push(seg('SVC', procedure, amount(l.chargeMinor), amount(l.paidMinor), '', '', '', l.units ?? ''));
    if (set === '277') for (const s of l.statuses) out.push(stcSegment(s));
    if (l.lineControl) out.push(seg('REF', 'FJ', check(l.lineControl, 'REF*FJ')));
    const lineDate = serviceDate(l.serviceFrom, l.serviceTo, false);
    if (lineDate) out.push(lineDate);
  }
  return out;
}

interface Node<T> {
  key: string;
  value: T;
  reports: ClaimStatusReport[];
  children: Node<unknown>[];
  /** Children by key, so a file of thousands of subscribers is grouped in one pass. */
  index: Map<string, Node<unknown>>;
}

function node<T>(key: string, value: T): Node<T> {
  return { key, value, reports: [], children: [], index: new Map() };
}

function child<T>(parent: Node<unknown>, key: string, value: T): Node<T> {
  let n = parent.index.get(key) as Node<T> | undefined;
  if (!n) {
    n = node(key, value);
    parent.index.set(key, n as Node<unknown>);
    parent.children.push(n as Node<unknown>);
  }
  return n;
}

/** The segments of one ST..SE transaction (SE included). */
function transactionSegments(t: StatusTransaction, date: IsoDate, time: string): string[] {
  const body: string[] = [];
  body.push(seg('ST', t.set, check(t.controlNumber, 'ST02'), t.version || '005010X212'));
  body.push(
    seg(
      'BHT',
      '0010',
      t.set === '276' ? '13' : '08',
      check(t.reference ?? t.controlNumber, 'BHT03'),
      ymd(t.date ?? date),
      time,
      t.set === '277' ? 'DG' : '',
    ),
  );
  // Payer > receiver > provider > subscriber > patient, in order of first appearance.
  const top = node<unknown>('', undefined);
  for (const r of t.reports) {
    const payer = child(top, JSON.stringify(r.payer), r.payer);
    const receiver = child(payer, JSON.stringify(r.receiver), r.receiver);
    if (r.level === 'receiver') {
      receiver.reports.push(r);
      continue;
    }
    const provider = child(receiver, JSON.stringify(r.provider), r.provider);
    if (r.level === 'provider') {
      provider.reports.push(r);
      continue;
    }
    const subscriber = child(provider, JSON.stringify(r.subscriber ?? {}), r.subscriber);
    if (r.patient === undefined) subscriber.reports.push(r);
    else child(subscriber, JSON.stringify(r.patient), r.patient).reports.push(r);
  }
  let hl = 0;
  const walk = (nodes: Node<unknown>[], parent: number, depth: number) => {
    for (const n of nodes) {
      const id = ++hl;
      const code = ['20', '21', '19', '22', '23'][depth]!;
      const hasChild = n.children.length > 0 ? '1' : '0';
      body.push(seg('HL', String(id), parent === 0 ? '' : String(parent), code, depth === 4 ? '' : hasChild));
      if (depth === 0) body.push(partyNm1('PR', 'PI', n.value as StatusParty));
      else if (depth === 1) body.push(partyNm1('41', '46', n.value as StatusParty));
      else if (depth === 2) body.push(partyNm1('1P', 'XX', n.value as StatusParty));
      else if (n.value !== undefined)
        for (const x of personSegments(depth === 3 ? 'IL' : 'QC', n.value as StatusPerson, t.set === '276'))
          body.push(x);
      for (const r of n.reports) for (const x of reportSegments(r, t.set)) body.push(x);
      walk(n.children, id, depth + 1);
    }
  };
  walk(top.children, 0, 0);
  body.push(seg('SE', String(body.length + 1), t.controlNumber));
  return body;
}

/**
 * One interchange as X12 text: ISA, one GS (HR for 276, HN for 277), each transaction, GE, IEA.
 * Control numbers are the interchange's (ISA13 zero-padded to 9 digits, GS06 its group number or
 * the same number); trailer counts are computed.
 *
 * @example writeClaimStatus(interchange, { time: '1705' }) // 'ISA*00*          *00*...~IEA*1*000000012~'
 */
export function writeClaimStatus(ic: StatusInterchange, options: WriteClaimStatusOptions = {}): string {
  const date = options.date ?? ic.date;
  if (date === undefined) throw new X12WriteError('X12.NO_DATE', 'the interchange needs a date (ISA09)');
  const time = options.time ?? '0000';
  if (!/^\d{4}$/.test(time)) throw new X12WriteError('X12.BAD_TIME', `time "${time}" is not HHMM`);
  if (!/^\d{1,9}$/.test(ic.controlNumber))
    throw new X12WriteError(
      'X12.BAD_CONTROL_NUMBER',
      `interchange control number "${ic.controlNumber}" is not 1-9 digits`,
    );
  const control = ic.controlNumber.padStart(9, '0');
  const group = ic.groupControlNumber ?? String(Number(control));
  const pad = (v: string, what: string) => {
    if (v.length > 15)
      throw new X12WriteError('X12.ID_TOO_LONG', `${what} "${v}" is longer than 15 characters`);
    return check(v, what).padEnd(15, ' ');
  };
  const set = ic.transactions[0]?.set ?? '276';
  const segments = [
    [
      'ISA',
      '00',
      ' '.repeat(10),
      '00',
      ' '.repeat(10),
      'ZZ',
      pad(ic.sender, 'ISA06 sender'),
      'ZZ',
      pad(ic.receiver, 'ISA08 receiver'),
      ymd(date).slice(2),
      time,
      R,
      '00501',
      control,
      '0',
      options.usage ?? 'P',
      C,
    ].join(E),
    seg(
      'GS',
      set === '276' ? 'HR' : 'HN',
      check(ic.groupSender ?? ic.sender, 'GS02'),
      check(ic.groupReceiver ?? ic.receiver, 'GS03'),
      ymd(date),
      time,
      group,
      'X',
      '005010X212',
    ),
  ];
  for (const t of ic.transactions) for (const x of transactionSegments(t, date, time)) segments.push(x);
  segments.push(seg('GE', String(ic.transactions.length), group));
  segments.push(seg('IEA', '1', control));
  const end = options.lineBreaks ? `${T}\n` : T;
  return segments.join(end) + end;
}
