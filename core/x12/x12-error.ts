// Where in an 835 something is wrong: the error that stops a parse and the warning that does not,
// both naming the segment (and element) so a clerk can find it in the file.

/** The position of a segment: 1-based within its interchange (ISA is 1) and its transaction (ST is 1). */
export interface SegmentPosition {
  /** 1-based number of the interchange in the file; only above 1 when a file holds several. */
  interchange: number;
  /** 1-based segment number within the interchange; ISA is segment 1. */
  segment: number;
  /** Segment id, e.g. `CLP`. */
  segmentId: string;
  /** 1-based segment number within the ST..SE transaction (ST is 1), when inside one. */
  transactionSegment?: number;
  /** ST02 of the transaction, when inside one. */
  transactionControl?: string;
  /** Element reference, e.g. `CLP04`, when one element is at fault. */
  element?: string;
}

/** Something a parse could read past but a person should know about (a wrong trailer count, a dropped line). */
export interface X12Warning extends SegmentPosition {
  /** Stable code, e.g. `X12.SE_COUNT`. */
  code: string;
  /** Full text, starting with the position: `segment 31 (SE), SE01 says 28 segments ...`. */
  message: string;
}

/**
 * An 835 that cannot be read: malformed envelope, a value that is not what its element must be.
 * `message` starts with the position, e.g. `segment 14 (CLP), CLP04 "12.3x" is not an amount`.
 */
export class X12ParseError extends Error {
  readonly code: string;
  readonly position: SegmentPosition;
  /** The message without the position prefix. */
  readonly detail: string;
  constructor(code: string, position: SegmentPosition, detail: string, options?: { cause?: unknown }) {
    super(describePosition(position, detail), options);
    this.name = 'X12ParseError';
    this.code = code;
    this.position = position;
    this.detail = detail;
  }
}

/**
 * `segment 14 (CLP), CLP04 "12.3x" is not an amount (segment 12 of transaction 0001)`: the
 * interchange position first, because that is what a text editor search over the file finds.
 */
export function describePosition(p: SegmentPosition, detail: string): string {
  const where = p.interchange > 1 ? `interchange ${p.interchange}, ` : '';
  const element = p.element === undefined ? '' : `, ${p.element}`;
  const inTransaction =
    p.transactionSegment === undefined
      ? ''
      : ` (segment ${p.transactionSegment} of transaction ${p.transactionControl ?? '?'})`;
  return `${where}segment ${p.segment} (${p.segmentId})${element} ${detail}${inTransaction}`;
}
