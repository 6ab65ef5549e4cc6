// Reads X12 835 health care claim payment/advice files (004010X091A1 and 005010X221A1) into
// Interchange values, taking the delimiters from the ISA and tolerating the layouts real files have.
import {
  type Cursor,
  checkControl,
  checkCount,
  damage,
  fail,
  finishTransaction,
  flagOf,
  KNOWN_IDS,
  KNOWN_VERSIONS,
  looksLikeDamagedId,
  mistypedSegment,
  opensOrEndsClaim,
  printable,
  readTransactionSegment,
  ref,
  startTransaction,
  type Transaction,
  warn,
  type X12Delimiters,
} from './parse-835-transaction.js';
import type { Interchange } from './remittance.js';
import { parseYymmdd } from './values.js';
import { describePosition, X12ParseError, type X12Warning } from './x12-error.js';

/** What a file holds, and what was odd about it but could still be read. */
export interface Parse835Result {
  /** Usually one; a file may hold several ISA..IEA interchanges back to back. */
  interchanges: Interchange[];
  /**
   * Oddities read past (trailer counts, a non-fixed-width ISA, another component separator, a
   * misplaced payee loop, an unknown version, a claim whose adjustments do not add up), in file
   * order. Damage that keeps a claim or payment from being posted is not here but on the claim or
   * transaction itself (`review`); `reviewItems` in `review.ts` lists both kinds of flag.
   */
  warnings: X12Warning[];
}

export interface Parse835Options {
  /**
   * Throw at the first damaged element, as Duebook did before it read damaged files (used by the
   * benchmark and by callers that want all or nothing). Default false: damage inside a
   * transaction flags the claim or payment it is in and reading goes on.
   */
  strict?: boolean;
}

/**
 * Parses an 835 file. Throws `X12ParseError` (naming segment, element and what is wrong) when the
 * envelope is malformed or a value is not what its element must be; wrong trailer counts and other
 * slips real payers' files carry are returned as warnings, because the data itself is intact.
 *
 * @example parse835(text).interchanges[0].transactions[0].claims[0].paidMinor // 13801840
 */
export function parse835(text: string, options: Parse835Options = {}): Parse835Result {
  const strict = options.strict === true;
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
    const bare = strict ? undefined : bareStart(text, pos);
    if (bare) {
      const { interchange, next } = readInterchange(text, pos, index, warnings, strict, bare);
      interchanges.push(interchange);
      pos = skipSpace(text, next);
      continue;
    }
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
    const { interchange, next } = readInterchange(text, pos, index, warnings, strict);
    interchanges.push(interchange);
    pos = skipSpace(text, next);
  }
  return { interchanges, warnings };
}

/**
 * `ST` or `GS` followed by an element separator: a transaction or group exported without its
 * envelope (clearinghouse exports, portal downloads). Read with the default delimiters.
 */
function bareStart(text: string, pos: number): 'ST' | 'GS' | undefined {
  const id = text.slice(pos, pos + 2);
  if (id !== 'ST' && id !== 'GS') return undefined;
  const sep = text[pos + 2];
  return sep !== undefined && isDelimiterChar(sep) ? id : undefined;
}

/**
 * The delimiters of a file without an ISA: the element separator is the character after the first
 * segment id; the terminator is `~` when the first segment ends with it, else a line break; the
 * component separator is the default `:` (others are recognised where they appear, see
 * `componentOf`).
 */
function bareDelimiters(text: string, pos: number): X12Delimiters {
  const element = text[pos + 2]!;
  for (let p = pos + 3; p < text.length; p++) {
    const ch = text[p]!;
    if (ch === element || /[A-Za-z0-9 .-]/.test(ch)) continue;
    if (ch === '\r' || ch === '\n') return { element, component: ':', terminator: '\n' };
    return { element, component: ch === ':' ? '>' : ':', terminator: ch };
  }
  return { element, component: ':', terminator: '~' };
}

/** The implementation guides Duebook reads; another version is read the same way, with a warning. */
const ISA_FIXED_LENGTH = 106;
// ISA06 and ISA08 are the widest ISA elements; anything longer ran into the next segment.
const ISA_MAX_ELEMENT = 15;

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
  const c: Cursor = { interchange: index, n: 1, id: 'ISA', t: 0, control: '', warnings, strict: true };
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
  /** Made up for a bare ST..SE file: no GE closes it and its counts are not checked. */
  synthetic?: boolean;
}

/** One interchange from its ISA at `start` to its IEA; `next` is where the text after it starts. */
function readInterchange(
  text: string,
  start: number,
  index: number,
  warnings: X12Warning[],
  strict: boolean,
  bare?: 'ST' | 'GS',
): { interchange: Interchange; next: number } {
  let d: X12Delimiters;
  let interchange: Interchange;
  let next: number;
  const c: Cursor = { interchange: index, n: 1, id: 'ISA', t: 0, control: '', warnings, strict };
  let group: Group | undefined;
  if (bare) {
    d = bareDelimiters(text, start);
    interchange = { sender: '', receiver: '', controlNumber: '', transactions: [] };
    next = start;
    c.n = 0;
    if (bare === 'ST') group = { control: '', version: '', segment: 0, transactions: 0, synthetic: true };
    const p = { interchange: index, segment: 1, segmentId: bare };
    warnings.push({
      ...p,
      code: 'X12.NO_ENVELOPE',
      message: describePosition(
        p,
        `starts the file without ${bare === 'ST' ? 'the ISA and GS envelope' : 'an ISA'}: read with element separator "${d.element}", segment terminator "${printable(d.terminator)}" and component separator "${d.component}"; sender, receiver and interchange control number are unknown`,
      ),
    });
  } else {
    const isaRead = readIsa(text, start, index, warnings);
    d = isaRead.d;
    next = isaRead.next;
    const isa = isaRead.isa;
    interchange = {
      sender: isa[6]!.trim(),
      receiver: isa[8]!.trim(),
      controlNumber: isa[13]!.trim(),
      transactions: [],
    };
    const date = parseYymmdd(isa[9]!);
    if (date !== undefined) interchange.date = date;
  }
  const { element, terminator } = d;
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
    // Outside strict mode a damaged id (`PLXX`, `CLX`, empty) is read on: a typo of CLP still opens
    // its claim, one of a payment-level segment flags the payment, anything else the current claim.
    const wellFormed = isSegmentId(id);
    // Inside a transaction a well-formed id the reader does not know is handled where
    // readTransactionSegment refuses it (below), so a valid file pays nothing here.
    if (!wellFormed || (!tx && !strict && !KNOWN_IDS.has(id))) {
      const junkId = !strict && looksLikeDamagedId(id, els.length);
      if (tx && junkId) {
        mistypedSegment(tx, els, c);
        continue;
      }
      const version = !tx && !group && junkId && els.length >= 7 ? els[els.length - 1]!.trim() : '';
      if (/^00[2-8]0\d/.test(version)) {
        // A damaged GS: its last element, a version (GS08), says which segment it is.
        warn(
          c,
          'X12.BAD_SEGMENT_ID',
          `is not a segment id ("${id}"); read as the GS it holds (version ${version})`,
        );
        els[0] = 'GS';
        c.id = 'GS';
      } else if (!tx && junkId && interchange.transactions.length + (group ? 1 : 0) > 0) {
        if ((els[1] ?? '').trim() === '835') {
          // A damaged ST: its elements say which segment it is.
          warn(c, 'X12.BAD_SEGMENT_ID', `is not a segment id ("${id}"); read as the ST it holds (ST01 835)`);
          els[0] = 'ST';
          c.id = 'ST';
        } else {
          warn(
            c,
            'X12.BAD_SEGMENT_ID',
            `is not a segment id ("${id}") and is outside a transaction; skipped`,
          );
          continue;
        }
      } else if (!isSegmentId(id)) {
        throw fail(
          c,
          'X12.BAD_SEGMENT_ID',
          `does not start with a segment id ("${id.slice(0, 20)}"); is the segment terminator "${printable(terminator)}" right?`,
        );
      }
    }
    const sid = els[0]!;
    if (tx && sid !== 'SE') {
      if (sid !== 'ST' && sid !== 'GE' && sid !== 'GS' && sid !== 'IEA' && sid !== 'ISA') {
        if (strict) readTransactionSegment(tx, els, c, d);
        else {
          try {
            readTransactionSegment(tx, els, c, d);
          } catch (e) {
            if (!(e instanceof X12ParseError)) throw e;
            // A typo of CLP still opens its claim; one of a payment-level segment flags the payment.
            if (e.code === 'X12.UNKNOWN_SEGMENT' && opensOrEndsClaim(id)) mistypedSegment(tx, els, c);
            else damage(tx, flagOf(e));
            if (id === 'SVC') {
              tx.line = undefined;
              tx.lineDropped = true;
            }
          }
        }
        continue;
      }
      if (strict) {
        throw fail(
          c,
          'X12.MISSING_SE',
          `comes before the SE of the transaction that started at segment ${tx.start}`,
        );
      }
      // The SE is lost (a damaged id): the transaction ends here; its counts cannot be checked.
      warn(
        c,
        'X12.MISSING_SE',
        `comes before the SE of the transaction that started at segment ${tx.start}; the transaction was ended here`,
      );
      c.t--;
      interchange.transactions.push(finishTransaction(tx, ['SE', String(c.t), tx.controlNumber], c));
      group!.transactions++;
      tx = undefined;
      c.t = 0;
    }
    switch (sid) {
      case 'SE': {
        if (!tx) throw fail(c, 'X12.SE_WITHOUT_ST', 'has no ST before it: SE closes an ST..SE transaction');
        interchange.transactions.push(finishTransaction(tx, els, c));
        group!.transactions++;
        tx = undefined;
        c.t = 0;
        break;
      }
      case 'ST': {
        if (!group) {
          if (strict) throw fail(c, 'X12.ST_WITHOUT_GS', 'is outside a GS..GE functional group');
          if (!bare)
            warn(c, 'X12.ST_WITHOUT_GS', 'is outside a GS..GE functional group (its GS is lost); read on');
          group = { control: '', version: '', segment: 0, transactions: 0, synthetic: true };
        }
        if ((els[1] ?? '') !== '835') {
          throw fail(c, 'X12.NOT_835', `"${els[1] ?? ''}" is not 835: this is not a remittance`, 'ST01');
        }
        const control = (els[2] ?? '').trim();
        c.t = 1;
        c.control = control;
        tx = startTransaction(control, (els[3] ?? '').trim() || group.version, c.n);
        if (!KNOWN_VERSIONS.has(tx.version)) {
          warn(
            c,
            'X12.UNKNOWN_VERSION',
            tx.version === ''
              ? 'gives no version (ST03 and GS08 are empty or missing); read as 005010X221A1'
              : `"${tx.version}" is not a version Duebook knows (004010X091A1, 005010X221A1); read as 005010X221A1`,
          );
        }
        break;
      }
      case 'GS': {
        if (group && (strict || !group.synthetic)) {
          if (strict)
            throw fail(
              c,
              'X12.MISSING_GE',
              `comes before the GE of the group that started at segment ${group.segment}`,
            );
          warn(
            c,
            'X12.MISSING_GE',
            `comes before the GE of the group that started at segment ${group.segment}`,
          );
        }
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
        if (!group || group.synthetic) {
          if (strict || !group) throw fail(c, 'X12.GE_WITHOUT_GS', 'has no GS before it');
          warn(c, 'X12.GE_WITHOUT_GS', 'has no GS before it (the GS is lost); read on');
          group = undefined;
          break;
        }
        checkCount(c, els, 1, group.transactions, 'X12.GE_COUNT', 'transaction');
        checkControl(c, els, 2, group.control, 'X12.GE_CONTROL', `GS06 of segment ${group.segment}`);
        group = undefined;
        break;
      }
      case 'IEA': {
        if (group && !group.synthetic) {
          if (strict)
            throw fail(
              c,
              'X12.MISSING_GE',
              `comes before the GE of the group that started at segment ${group.segment}`,
            );
          warn(
            c,
            'X12.MISSING_GE',
            `comes before the GE of the group that started at segment ${group.segment}`,
          );
        }
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
  if (bare && !tx && (!group || group.synthetic)) return { interchange, next: pos };
  const open = tx ? `SE, GE and IEA` : group ? 'GE and IEA' : 'IEA';
  if (!strict && !tx && interchange.transactions.length > 0) {
    // The trailers are lost (damaged ids) after whole transactions: what was read stands.
    warn(
      c,
      'X12.MISSING_IEA',
      `is the last segment: the file ends without ${open}; the transactions before it were read`,
    );
    return { interchange, next: pos };
  }
  throw fail(c, 'X12.MISSING_IEA', `is the last segment: the file ends without ${open}`);
}
