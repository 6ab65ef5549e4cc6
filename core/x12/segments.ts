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

/**
 * Splits a file into segments. Never throws: a file without an ISA is read with `*`, `:` and `~`
 * (or line breaks when it has no `~`), and a piece that is not a segment (no id of 2-3 capitals
 * and digits) is skipped with a warning naming its place.
 */
export function splitSegments(text: string): SplitResult {
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
  const segments: RawSegment[] = [];
  const pieces = text.slice(start).split(delimiters.terminator);
  let n = 0;
  for (const piece of pieces) {
    const body = piece.replace(/^[\s\uFEFF]+/, '').replace(/[\r\n]+$/, '');
    if (body.trim() === '') continue;
    n++;
    const elements = body.split(delimiters.element);
    const id = elements[0]!;
    if (!/^[A-Z][A-Z0-9]{1,2}$/.test(id)) {
      warnings.push(
        warning(
          'X12.NOT_A_SEGMENT',
          n,
          id.slice(0, 3) || '?',
          `is not a segment (${JSON.stringify(body.slice(0, 30))}): skipped`,
        ),
      );
      continue;
    }
    segments.push({ elements, n });
  }
  return { delimiters, segments, warnings };
}
