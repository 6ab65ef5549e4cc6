// Writes an Interchange back to 835 text with chosen delimiters: for round-trip tests, generated
// benchmark files and fixtures. It writes what the parser reads, in 005010X221A1 segment order.
import type {
  CasAdjustment,
  Interchange,
  ProviderAdjustment,
  RemitClaim,
  Remittance,
  ServiceLine,
} from './remittance.js';
import { formatAmount, formatCcyymmdd } from './values.js';

/** Delimiters and layout for `write835`. */
export interface X12WriteOptions {
  /** Element separator; default `*`. */
  element?: string;
  /** Component separator (ISA16); default `:`. */
  component?: string;
  /** Repetition separator (ISA11, 5010 only; 4010 writes `U`); default `^`. */
  repetition?: string;
  /** Segment terminator; default `~`. A line break (`\n`) is allowed, as some payers do. */
  terminator?: string;
  /** Written after each terminator: `''` for one line, `'\n'` or `'\r\n'`; default `'\n'`. */
  lineBreak?: '' | '\n' | '\r\n';
}

const MAX_CAS_TRIPLETS = 6;
const MAX_PLB_PAIRS = 6;
const MAX_MOA_REMARKS = 5;

/**
 * The interchange as 835 text: one GS per run of transactions with the same version, fixed-width
 * ISA, correct trailer counts. Throws a `RangeError` naming the value when a value contains one of
 * the delimiters, since the file could not be read back, or when the interchange control number is
 * not the 9 digits of ISA13, since the ISA would not be fixed-width.
 *
 * @example write835(interchange, { element: '|', terminator: '~', lineBreak: '' })
 */
export function write835(interchange: Interchange, options: X12WriteOptions = {}): string {
  const e = options.element ?? '*';
  const component = options.component ?? ':';
  const terminator = options.terminator ?? '~';
  const lineBreak = options.lineBreak ?? (terminator === '\n' ? '' : '\n');
  const is5010 = !(interchange.transactions[0]?.version ?? '005010').startsWith('004');
  const repetition = is5010 ? (options.repetition ?? '^') : 'U';
  const delimiters = [e, component, terminator, ...(is5010 ? [repetition] : [])];
  if (delimiters.some((d) => d.length !== 1) || new Set(delimiters).size !== delimiters.length) {
    throw new RangeError(`delimiters must be distinct single characters: ${JSON.stringify(delimiters)}`);
  }
  const check = (value: string, what: string): string => {
    for (const d of delimiters) {
      if (value.includes(d)) throw new RangeError(`${what} "${value}" contains the delimiter "${d}"`);
    }
    return value;
  };
  const out: string[] = [];
  const segment = (elements: readonly string[]) => {
    let last = elements.length;
    while (last > 1 && elements[last - 1] === '') last--;
    out.push(elements.slice(0, last).join(e) + terminator + lineBreak);
  };
  const field = (value: string | undefined, what: string) => (value === undefined ? '' : check(value, what));

  for (const [what, id] of [
    ['sender', interchange.sender],
    ['receiver', interchange.receiver],
  ] as const) {
    if (id.length > 15) throw new RangeError(`${what} "${id}" is longer than the 15 characters ISA allows`);
  }
  // ISA13 is fixed-width too: any other length would leave the ISA short or long of 106 characters.
  if (!/^\d{9}$/.test(interchange.controlNumber)) {
    throw new RangeError(
      `interchange control number "${interchange.controlNumber}" is not the 9 digits ISA13 holds`,
    );
  }
  const date = interchange.date ?? '';
  segment([
    'ISA',
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    'ZZ',
    check(interchange.sender, 'sender').padEnd(15),
    'ZZ',
    check(interchange.receiver, 'receiver').padEnd(15),
    date === '' ? '000000' : formatCcyymmdd(date).slice(2),
    '0000',
    repetition,
    is5010 ? '00501' : '00401',
    check(interchange.controlNumber, 'interchange control number'),
    '0',
    'P',
    component,
  ]);
  const groups = groupByVersion(interchange.transactions);
  groups.forEach((group, g) => {
    const control = String(g + 1);
    segment([
      'GS',
      'HP',
      interchange.sender,
      interchange.receiver,
      formatCcyymmdd(date || '2000-01-01'),
      '0000',
      control,
      'X',
      check(group[0]!.version, 'version'),
    ]);
    for (const remittance of group) {
      const start = out.length;
      writeTransaction(remittance, segment, field, component);
      segment(['SE', String(out.length - start + 1), remittance.controlNumber]);
    }
    segment(['GE', String(group.length), control]);
  });
  segment(['IEA', String(groups.length), interchange.controlNumber]);
  return out.join('');
}

type Field = (value: string | undefined, what: string) => string;

function groupByVersion(transactions: readonly Remittance[]): Remittance[][] {
  const groups: Remittance[][] = [];
  for (const t of transactions) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.version === t.version) last.push(t);
    else groups.push([t]);
  }
  return groups;
}

function writeTransaction(
  r: Remittance,
  segment: (elements: readonly string[]) => void,
  field: Field,
  component: string,
): void {
  const ctl = field(r.controlNumber, 'transaction control number');
  segment(r.version.startsWith('004') ? ['ST', '835', ctl] : ['ST', '835', ctl, r.version]);
  const p = r.payment;
  const bpr = [
    'BPR',
    field(p.handling, 'BPR01'),
    formatAmount(p.amountMinor),
    p.creditDebit,
    field(p.method, 'BPR04'),
  ];
  if (p.date !== undefined) bpr.push(...Array<string>(11).fill(''), formatCcyymmdd(p.date));
  segment(bpr);
  if (p.traceNumber !== undefined)
    segment(['TRN', '1', field(p.traceNumber, 'TRN02'), field(r.payer.id, 'payer id')]);
  const payer = r.payer;
  if (payer.name !== undefined || payer.id !== undefined || payer.postalAddress !== undefined) {
    segment(['N1', 'PR', field(payer.name, 'payer name'), ...idPair('XV', field(payer.id, 'payer id'))]);
    const a = payer.postalAddress;
    if (a && a.lines.length > 0) segment(['N3', ...a.lines.map((l) => field(l, 'payer address line'))]);
    if (a && (a.city !== undefined || a.state !== undefined || a.postalCode !== undefined)) {
      segment([
        'N4',
        field(a.city, 'payer city'),
        field(a.state, 'payer state'),
        field(a.postalCode, 'payer postal code'),
      ]);
    }
  }
  if (r.payee.name !== undefined || r.payee.id !== undefined) {
    segment(['N1', 'PE', field(r.payee.name, 'payee name'), ...idPair('XX', field(r.payee.id, 'payee id'))]);
  }
  if (r.claims.length > 0) segment(['LX', '1']);
  for (const claim of r.claims) writeClaim(claim, segment, field, component);
  for (const chunk of chunks(r.providerAdjustments, MAX_PLB_PAIRS, plbKey)) {
    const first = chunk[0]!;
    segment([
      'PLB',
      field(first.providerId, 'PLB01'),
      first.fiscalPeriodEnd === undefined ? '' : formatCcyymmdd(first.fiscalPeriodEnd),
      ...chunk.flatMap((a) => [
        field(a.reason, 'PLB reason') +
          (a.reference === undefined ? '' : component + field(a.reference, 'PLB reference')),
        formatAmount(a.amountMinor),
      ]),
    ]);
  }
}

function idPair(qualifier: string, id: string): string[] {
  return id === '' ? [] : [qualifier, id];
}

function writeClaim(
  claim: RemitClaim,
  segment: (elements: readonly string[]) => void,
  field: Field,
  component: string,
): void {
  segment([
    'CLP',
    field(claim.patientControlNumber, 'CLP01'),
    field(claim.statusCode, 'CLP02'),
    formatAmount(claim.chargeMinor),
    formatAmount(claim.paidMinor),
    formatAmount(claim.patientResponsibilityMinor),
    field(claim.filingIndicator, 'CLP06'),
    field(claim.payerClaimNumber, 'CLP07'),
  ]);
  writeCas(claim.adjustments, segment, field);
  if (claim.patient !== undefined || claim.memberId !== undefined) {
    const n = claim.patient;
    segment([
      'NM1',
      'QC',
      '1',
      field(n?.last, 'patient last name'),
      field(n?.first, 'patient first name'),
      field(n?.middle, 'patient middle name'),
      '',
      '',
      claim.memberId === undefined ? '' : 'MI',
      field(claim.memberId, 'member id'),
    ]);
  }
  for (const remarks of chunks(claim.remarks, MAX_MOA_REMARKS, () => '')) {
    segment(['MOA', '', '', ...remarks.map((r) => field(r, 'MOA remark'))]);
  }
  if (claim.serviceFrom !== undefined) segment(['DTM', '232', formatCcyymmdd(claim.serviceFrom)]);
  if (claim.serviceTo !== undefined) segment(['DTM', '233', formatCcyymmdd(claim.serviceTo)]);
  for (const line of claim.serviceLines) writeLine(line, segment, field, component);
}

function writeLine(
  line: ServiceLine,
  segment: (elements: readonly string[]) => void,
  field: Field,
  component: string,
): void {
  const procedure = line.procedure
    .split(':')
    .map((p) => field(p, 'SVC01'))
    .join(component);
  segment([
    'SVC',
    procedure,
    formatAmount(line.chargeMinor),
    formatAmount(line.paidMinor),
    '',
    line.units === undefined ? '' : String(line.units),
  ]);
  if (line.serviceDate !== undefined) segment(['DTM', '472', formatCcyymmdd(line.serviceDate)]);
  writeCas(line.adjustments, segment, field);
  for (const remark of line.remarks) segment(['LQ', 'HE', field(remark, 'LQ02')]);
}

function writeCas(
  adjustments: readonly CasAdjustment[],
  segment: (elements: readonly string[]) => void,
  field: Field,
): void {
  for (const chunk of chunks(adjustments, MAX_CAS_TRIPLETS, (a) => `${a.group}|${a.segment}`)) {
    segment([
      'CAS',
      chunk[0]!.group,
      ...chunk.flatMap((a) => [
        field(a.reason, 'CAS reason'),
        formatAmount(a.amountMinor),
        a.quantity === undefined ? '' : String(a.quantity),
      ]),
    ]);
  }
}

function plbKey(a: ProviderAdjustment): string {
  return `${a.providerId}|${a.fiscalPeriodEnd ?? ''}|${a.segment}`;
}

/**
 * Consecutive items with the same key, at most `size` at a time: adjustments parsed from one
 * segment share its number and are written back into one segment.
 */
function chunks<T>(items: readonly T[], size: number, key: (item: T) => string): T[][] {
  const out: T[][] = [];
  let lastKey: string | undefined;
  for (const item of items) {
    const k = key(item);
    const current = out[out.length - 1];
    if (current && k === lastKey && current.length < size) current.push(item);
    else out.push([item]);
    lastKey = k;
  }
  return out;
}
