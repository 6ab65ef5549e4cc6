// The incremental XML tokenizer of `xml-scan.ts` over UTF-8 bytes as they inflate: the same events,
// with attribute text and text handed over as byte ranges, so a sheet's cells are read without
// decoding the part to a string first (its markup is ASCII; text is decoded where it lies).
import { decodeXml, XmlScanError } from './xml-scan.js';

/** What `ByteXmlScanner` reports; the ranges are valid only during the call. */
export interface ByteXmlHandler {
  wantText: boolean;
  /** The tag's raw attribute text is `b[from, to)`: read it with `shortAttrsBytes` or `attrText`. */
  open(name: string, b: Uint8Array, from: number, to: number): void;
  /**
   * Optional, after `open` of a tag that is not self-closing: its content starts at `b[at]`. The
   * handler may read that content and the closing tag itself, acting as on the events the scan
   * would send, and return where the scan goes on (after the closing tag, at most `b.length`);
   * -1: the scan reads them.
   */
  content?(name: string, b: Uint8Array, at: number): number;
  close(name: string): void;
  /** Text (undecoded) in `b[from, to)`; `cdata`: from a CDATA section (breaks normalized only). */
  text(b: Uint8Array, from: number, to: number, cdata: boolean): void;
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const QUOT = 34;
const APOS = 39;
const BANG = 33;
const QUESTION = 63;
const AMP = 38;
const CR = 13;

const utf8 = new TextDecoder('utf-8');

/** The longest ASCII text read byte by byte (as latin1); longer text goes to the decoder. */
const SHORT_TEXT_BYTES = 256;

/** `b[from, to)` as text: ASCII as it is, else decoded as UTF-8 (as the whole part would be). */
export function bytesText(b: Uint8Array, from: number, to: number): string {
  if (to - from <= SHORT_TEXT_BYTES) {
    let ascii = true;
    for (let i = from; i < to; i++) {
      if (b[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return to - from === 1 ? String.fromCharCode(b[from]!) : latin1(b, from, to);
  }
  return utf8.decode(b.subarray(from, to));
}

/** Node's Buffer reads a latin1 range without the argument checks of `toString` (ASCII here). */
type Latin1 = Buffer & { latin1Slice(from: number, to: number): string };
const latin1 = (b: Uint8Array, from: number, to: number) =>
  Buffer.isBuffer(b) ? (b as Latin1).latin1Slice(from, to) : String.fromCharCode(...b.subarray(from, to));

/** The text of `b[from, to)` as `XmlScanner` reports it: entities decoded, CRLF and CR read as LF. */
export function xmlText(b: Uint8Array, from: number, to: number, cdata: boolean): string {
  // One pass: whether the text is plain (no entity, no CR) and ASCII (then read as it is).
  let plain = true;
  let ascii = true;
  for (let i = from; i < to; i++) {
    const ch = b[i]!;
    if (ch === AMP || ch === CR) plain = false;
    else if (ch >= 0x80) ascii = false;
  }
  const s =
    ascii && to - from <= SHORT_TEXT_BYTES
      ? to - from === 1
        ? String.fromCharCode(b[from]!)
        : latin1(b, from, to)
      : bytesText(b, from, to);
  if (plain) return s;
  return cdata ? (s.indexOf('\r') < 0 ? s : s.replace(/\r\n?/g, '\n')) : decodeXml(s);
}

/** The attribute text of `b[from, to)` as a string, for `attr`. */
export const attrText = (b: Uint8Array, from: number, to: number): string =>
  from === to ? '' : bytesText(b, from, to);

/** The names a sheet repeats for every cell, as constants: no string made per tag. */
function tagName(b: Uint8Array, from: number, to: number): string {
  const n = to - from;
  if (n === 1) {
    switch (b[from]) {
      case 99:
        return 'c';
      case 118:
        return 'v';
      case 102:
        return 'f';
      case 116:
        return 't';
      case 114:
        return 'r';
    }
  } else if (n === 3 && b[from] === 114 && b[from + 1] === 111 && b[from + 2] === 119) return 'row';
  else if (n === 2 && b[from] === 115 && b[from + 1] === 105) return 'si';
  return bytesText(b, from, to);
}

/** A copy of `b` from `at`: the piece it is cut from is not kept. */
const copyFrom = (b: Uint8Array, at: number): Uint8Array => Uint8Array.prototype.slice.call(b, at);

const startsWith = (b: Uint8Array, at: number, s: string) => {
  if (at + s.length > b.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
};

function find(b: Uint8Array, s: string, from: number): number {
  const first = s.charCodeAt(0);
  for (let i = from; i + s.length <= b.length; i++) if (b[i] === first && startsWith(b, i, s)) return i;
  return -1;
}

/**
 * `XmlScanner` over bytes: `push` each inflated piece, then `end`. A tag, entity or character split
 * between pieces is kept until the rest arrives (text is cut only at '<', so never inside a character).
 */
export class ByteXmlScanner {
  private rest: Uint8Array | undefined;
  constructor(private readonly handler: ByteXmlHandler) {}

  push(piece: Uint8Array): void {
    const rest = this.rest;
    if (!rest) {
      this.scan(piece);
      return;
    }
    this.rest = undefined;
    // The cut text or tag is completed from the head of the piece, and the piece then scanned as it
    // is: no copy of the whole piece. Anything else (a comment, CDATA, a tag's name cut) is joined.
    if (rest[0] !== LT) {
      let lt = 0;
      while (lt < piece.length && piece[lt] !== LT) lt++;
      if (lt < piece.length) {
        if (this.handler.wantText) {
          const text = Buffer.concat([rest, piece.subarray(0, lt)]);
          this.handler.text(text, 0, text.length, false);
        }
        this.scan(piece.subarray(lt));
        return;
      }
    } else if (rest.length >= 2 && rest[1] !== BANG && rest[1] !== QUESTION) {
      const gt = tagEnd(rest, piece);
      if (gt >= 0) {
        this.scan(Buffer.concat([rest, piece.subarray(0, gt + 1)]));
        if (this.rest === undefined) {
          this.scan(piece.subarray(gt + 1));
          return;
        }
        // Not expected (the head completes the tag): join what is left, as before.
        const left = this.rest;
        this.rest = undefined;
        this.scan(Buffer.concat([left, piece.subarray(gt + 1)]));
        return;
      }
    }
    this.scan(Buffer.concat([rest, piece]));
  }

  private scan(b: Uint8Array): void {
    const h = this.handler;
    const n = b.length;
    let pos = 0;
    while (pos < n) {
      let lt = pos;
      while (lt < n && b[lt] !== LT) lt++;
      if (lt === n) {
        this.rest = copyFrom(b, pos);
        return;
      }
      if (lt > pos && h.wantText) h.text(b, pos, lt, false);
      pos = lt;
      const c1 = b[lt + 1];
      if (c1 === SLASH) {
        let gt = lt + 2;
        while (gt < n && b[gt] !== GT) gt++;
        if (gt === n) break;
        let end = gt;
        while (end > lt + 2 && b[end - 1]! <= 32) end--;
        h.close(tagName(b, lt + 2, end));
        pos = gt + 1;
        continue;
      }
      if (c1 === QUESTION) {
        const end = find(b, '?>', lt + 2);
        if (end < 0) break;
        pos = end + 2;
        continue;
      }
      if (c1 === BANG) {
        if (startsWith(b, lt, '<!--')) {
          const end = find(b, '-->', lt + 4);
          if (end < 0) break;
          pos = end + 3;
          continue;
        }
        if (startsWith(b, lt, '<![CDATA[')) {
          const end = find(b, ']]>', lt + 9);
          if (end < 0) break;
          if (h.wantText) h.text(b, lt + 9, end, true);
          pos = end + 3;
          continue;
        }
        let end = lt + 2;
        while (end < n && b[end] !== GT) end++;
        if (end === n) break;
        pos = end + 1;
        continue;
      }
      if (c1 === undefined) break;
      // An opening tag: its end is the first '>' outside quotes.
      let gt = -1;
      let quote = 0;
      for (let i = lt + 1; i < n; i++) {
        const ch = b[i]!;
        if (quote !== 0) {
          if (ch === quote) quote = 0;
        } else if (ch === QUOT || ch === APOS) quote = ch;
        else if (ch === GT) {
          gt = i;
          break;
        }
      }
      if (gt < 0) break;
      const selfClosing = b[gt - 1] === SLASH;
      const inner = selfClosing ? gt - 1 : gt;
      let nameEnd = lt + 1;
      while (nameEnd < inner) {
        const ch = b[nameEnd];
        if (ch === 32 || ch === 9 || ch === 10 || ch === 13) break;
        nameEnd++;
      }
      const name = tagName(b, lt + 1, nameEnd);
      h.open(name, b, nameEnd, inner);
      if (selfClosing) {
        h.close(name);
        pos = gt + 1;
      } else {
        const read = h.content === undefined ? -1 : h.content(name, b, gt + 1);
        pos = read < 0 ? gt + 1 : read;
      }
    }
    if (pos < n) this.rest = copyFrom(b, pos);
  }

  /** The end of the text: throws `XmlScanError` if markup was left open. */
  end(): void {
    const rest = this.rest;
    this.rest = undefined;
    if (!rest || rest.length === 0) return;
    if (rest[0] === LT) throw new XmlScanError('the XML ends inside a tag');
    if (this.handler.wantText) this.handler.text(rest, 0, rest.length, false);
  }
}

/**
 * Where in `piece` the tag begun in `rest` ('<' and at least one more byte) ends: its first '>',
 * outside quotes for an opening tag, as `ByteXmlScanner` finds it; -1 when not in the piece.
 */
function tagEnd(rest: Uint8Array, piece: Uint8Array): number {
  if (rest[1] === SLASH) {
    for (let i = 2; i < rest.length; i++) if (rest[i] === GT) return -1;
    for (let i = 0; i < piece.length; i++) if (piece[i] === GT) return i;
    return -1;
  }
  let quote = 0;
  for (let i = 1; i < rest.length; i++) {
    const ch = rest[i]!;
    if (quote !== 0) {
      if (ch === quote) quote = 0;
    } else if (ch === QUOT || ch === APOS) quote = ch;
    else if (ch === GT) return -1;
  }
  for (let i = 0; i < piece.length; i++) {
    const ch = piece[i]!;
    if (quote !== 0) {
      if (ch === quote) quote = 0;
    } else if (ch === QUOT || ch === APOS) quote = ch;
    else if (ch === GT) return i;
  }
  return -1;
}

const isSpace = (ch: number) => ch === 32 || ch === 9 || ch === 10 || ch === 13;
const isOddInValue = (ch: number) =>
  ch === 32 ||
  ch === 9 ||
  ch === 10 ||
  ch === 13 ||
  ch === 61 ||
  ch === QUOT ||
  ch === APOS ||
  ch === AMP ||
  ch === LT ||
  ch >= 0x80;

/** The attributes `shortAttrsBytes` reads: the first of each, undefined when absent. */
export interface ShortAttrs {
  r: string | undefined;
  s: string | undefined;
  t: string | undefined;
}

/** `ShortAttrs` with a plain `r` and `s` read as numbers, no string made for them. */
export interface CellAttrs extends ShortAttrs {
  /**
   * For an `r` of up to 3 capitals then digits without a leading zero ("B7", "7"): its row number
   * (7) and column number (2; 0 without letters), `r` then undefined; `row` is 0 for any other `r`.
   */
  row: number;
  col: number;
  /** An `s` of at most 9 digits as its number, `s` then undefined; else -1. */
  style: number;
}

/** Reads `r` (see `CellAttrs`) in `b[from, to)`: false when it is not that plain. */
function plainRef(b: Uint8Array, from: number, to: number, out: CellAttrs): boolean {
  let i = from;
  let col = 0;
  while (i < to && i - from < 3 && b[i]! >= 65 && b[i]! <= 90) col = col * 26 + b[i++]! - 64;
  const digitsAt = i;
  if (to - digitsAt < 1 || to - digitsAt > 9 || b[digitsAt] === 48) return false;
  let row = 0;
  for (; i < to; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return false;
    row = row * 10 + d;
  }
  out.row = row;
  out.col = col;
  return true;
}

/** Reads `s` (see `CellAttrs`) in `b[from, to)`: false when it is not that plain. */
function plainStyle(b: Uint8Array, from: number, to: number, out: CellAttrs): boolean {
  if (to - from < 1 || to - from > 9) return false;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return false;
    v = v * 10 + d;
  }
  out.style = v;
  return true;
}

/**
 * Reads the attributes `r`, `s` and `t` of `b[from, to)` in one pass, as `attr` reads each (`r` and
 * `s` as numbers where `CellAttrs` says), into `out`. Returns false (out then unspecified) for
 * attribute text that is not plain (`name="value"` pairs each after whitespace, values of ASCII
 * without whitespace, '=', quotes, '<' or '&'): read that with `attr`.
 */
export function shortAttrsBytes(
  b: Uint8Array,
  from: number,
  to: number,
  out: CellAttrs,
  /** Stop at `r` (a row's): what follows a plain prefix cannot change what `attr` reads for it. */
  onlyR = false,
): boolean {
  out.r = undefined;
  out.s = undefined;
  out.t = undefined;
  out.row = 0;
  out.col = 0;
  out.style = -1;
  let seenR = false;
  let seenS = false;
  let i = from;
  while (i < to) {
    if (!isSpace(b[i]!)) return false;
    i++;
    while (i < to && isSpace(b[i]!)) i++;
    if (i === to) return true;
    const nameAt = i;
    while (i < to) {
      const ch = b[i]!;
      if (ch === 61 || isSpace(ch) || ch === QUOT || ch === APOS) break;
      i++;
    }
    if (i === nameAt || i + 1 >= to || b[i] !== 61) return false;
    const nameLength = i - nameAt;
    const q = b[i + 1];
    if (q !== QUOT && q !== APOS) return false;
    const valueAt = i + 2;
    i = valueAt;
    while (i < to) {
      const ch = b[i]!;
      if (ch === q) break;
      if (isOddInValue(ch)) return false;
      i++;
    }
    if (i === to) return false;
    if (nameLength === 1) {
      const name = b[nameAt];
      if (name === 114 && !seenR) {
        seenR = true;
        if (!plainRef(b, valueAt, i, out)) out.r = bytesText(b, valueAt, i);
        if (onlyR) return true;
      } else if (name === 115 && !seenS) {
        seenS = true;
        if (!plainStyle(b, valueAt, i, out)) out.s = bytesText(b, valueAt, i);
      } else if (name === 116)
        out.t ??= i - valueAt === 1 && b[valueAt] === 115 ? 's' : bytesText(b, valueAt, i);
    }
    i++;
  }
  return true;
}
