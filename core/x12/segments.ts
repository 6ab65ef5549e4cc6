// A forgiving X12 segment splitter for the claim status files (276/277): delimiters from the ISA
// when there is one, X12's usual ones when there is not, and a warning for everything it reads past.
import type { X12Warning } from './x12-error.js';

/** One segment as split: `elements[0]` is the segment id. */
export interface RawSegment {
  elements: string[];
  /** 1-based number of the segment in the file (the ISA of the first interchange is 1). */
  n: number;
}

/** The separators the file uses. */
export interface SegmentDelimiters {
  element: string;
  component: string;
  repetition?: string;
  terminator: string;
}

/** What `splitSegments` read and what was odd. */
export interface SplitResult {
  delimiters: SegmentDelimiters;
  segments: RawSegment[];
  warnings: X12Warning[];
}

const isDelimiterChar = (ch: string | undefined) => ch !== undefined && !/[\sA-Za-z0-9]/.test(ch);

/** 2-3 characters: a capital letter, then capitals or digits (`ST`, `NM1`, `HL`). */
function isSegmentId(id: string): boolean {
  const len = id.length;
  if (len < 2 || len > 3) return false;
  for (let i = 0; i < len; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (i > 0 && c >= 48 && c <= 57))) return false;
  }
  return true;
}

const DEFAULT_DELIMITERS: SegmentDelimiters = { element: '*', component: ':', terminator: '~' };

function warning(code: string, segment: number, segmentId: string, detail: string): X12Warning {
  return { interchange: 1, segment, segmentId, code, message: `segment ${segment} (${segmentId}) ${detail}` };
}

/**
 * The delimiters an ISA declares: the element separator follows `ISA`, ISA16 (after the 16th
 * separator) is the component separator, and the next character the terminator; a line break
 * there means lines end the segments. Undefined when there is no readable ISA.
 */
function delimitersFrom(text: string, start: number): SegmentDelimiters | undefined {
  if (!text.startsWith('ISA', start)) return undefined;
  const element = text[start + 3];
  if (!isDelimiterChar(element)) return undefined;
  let pos = start + 4;
  const isa: string[] = [];
  for (let k = 1; k <= 15; k++) {
    const next = text.indexOf(element!, pos);
    if (next === -1 || next - pos > 40) return undefined;
    isa.push(text.slice(pos, next));
    pos = next + 1;
  }
  const component = text[pos];
  let terminator = text[pos + 1];
  if (!isDelimiterChar(component) || terminator === undefined) return undefined;
  if (terminator === '\r' || terminator === '\n') terminator = '\n';
  else if (!isDelimiterChar(terminator)) return undefined;
  const d: SegmentDelimiters = { element: element!, component: component!, terminator };
  const repetition = isa[10];
  if ((isa[11] ?? '') >= '00402' && repetition?.length === 1 && isDelimiterChar(repetition))
    d.repetition = repetition;
  return d;
}

/** Where the segments start and with which delimiters; what `eachSegment` walks. */
export interface OpenedSegments {
  delimiters: SegmentDelimiters;
  warnings: X12Warning[];
  /** Offset of the first segment (after a byte-order mark and leading blanks). */
  start: number;
}

/**
 * Finds the delimiters: from the ISA when it is readable, else `*`, `:` and `~` (or line breaks when
 * the file has no `~`), with a warning.
 */
export function openSegments(text: string): OpenedSegments {
  const warnings: X12Warning[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length && text.charCodeAt(start) <= 32) start++;
  let delimiters = delimitersFrom(text, start);
  if (!delimiters) {
    const terminator = text.includes('~') ? '~' : '\n';
    delimiters = { ...DEFAULT_DELIMITERS, terminator };
    warnings.push(
      warning(
        'X12.NO_ISA',
        1,
        text.slice(start, start + 3) || 'ISA',
        `is not a readable ISA: read with "*" between elements, ":" between components and ${terminator === '~' ? '"~"' : 'line breaks'} ending segments`,
      ),
    );
  }
  return { delimiters, warnings, start };
}

/**
 * Calls `visit` with each segment's elements and number, in file order, without holding the file's
 * segments in memory or building an object per segment. A
 * piece that is not a segment (no id of 2-3 capitals and digits) is skipped with a warning.
 */
export function eachSegment(
  text: string,
  opened: OpenedSegments,
  visit: (elements: string[], n: number) => void,
): void {
  const { terminator, element } = opened.delimiters;
  const len = text.length;
  let pos = opened.start;
  let n = 0;
  while (pos < len) {
    let end = text.indexOf(terminator, pos);
    if (end === -1) end = len;
    // Line breaks and indentation between segments are layout, not data.
    let a = pos;
    let b = end;
    pos = end + terminator.length;
    while (a < b && text.charCodeAt(a) <= 32) a++;
    while (b > a && (text.charCodeAt(b - 1) === 10 || text.charCodeAt(b - 1) === 13)) b--;
    if (a === b) continue;
    n++;
    const body = text.slice(a, b);
    const elements = body.split(element);
    const id = elements[0]!;
    if (!isSegmentId(id)) {
      opened.warnings.push(
        warning(
          'X12.NOT_A_SEGMENT',
          n,
          id.slice(0, 3) || '?',
          `is not a segment (${JSON.stringify(body.slice(0, 30))}): skipped`,
        ),
      );
      continue;
    }
    visit(elements, n);
  }
}

/** Splits a file into segments (see `openSegments` and `eachSegment`). Never throws. */
export function splitSegments(text: string): SplitResult {
  const opened = openSegments(text);
  const segments: RawSegment[] = [];
  eachSegment(text, opened, (elements, n) => segments.push({ elements, n }));
  return { delimiters: opened.delimiters, segments, warnings: opened.warnings };
}
