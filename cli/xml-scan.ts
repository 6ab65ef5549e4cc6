// A small incremental XML tokenizer for the parts of an .xlsx: text arrives in pieces (as it inflates)
// and tags, text and entities are reported to a handler without building a document.

/** What the scanner reports. Text is reported (entity-decoded) only while `wantText` is true. */
export interface XmlHandler {
  wantText: boolean;
  /** `attrs` is the raw attribute text of the tag; read it with `attr`. */
  open(name: string, attrs: string): void;
  close(name: string): void;
  text(text: string): void;
}

/** Markup that never closes, named for the caller's error message. */
export class XmlScanError extends Error {
  override name = 'XmlScanError';
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const QUOT = 34;
const APOS = 39;
const BANG = 33;
const QUESTION = 63;

/**
 * Feeds text to `handler` piece by piece: `push` each piece, then `end`. A tag or entity split
 * between pieces is kept until the rest arrives. A self-closing tag is reported as open then close.
 * Comments, processing instructions and a DOCTYPE are skipped; CDATA is text.
 */
export class XmlScanner {
  private rest = '';
  constructor(private readonly handler: XmlHandler) {}

  push(piece: string): void {
    const buf = this.rest.length > 0 ? this.rest + piece : piece;
    this.rest = '';
    const h = this.handler;
    const n = buf.length;
    let pos = 0;
    while (pos < n) {
      // Loops rather than indexOf: the runs between a sheet's tags are a few characters long.
      let lt = pos;
      while (lt < n && buf.charCodeAt(lt) !== LT) lt++;
      if (lt === n) {
        // Text running to the end of the piece may end in half an entity: keep it for the next one.
        this.rest = buf.slice(pos);
        return;
      }
      if (lt > pos && h.wantText) h.text(textOf(buf, pos, lt));
      pos = lt;
      const c1 = buf.charCodeAt(lt + 1);
      if (c1 === SLASH) {
        let gt = lt + 2;
        while (gt < n && buf.charCodeAt(gt) !== GT) gt++;
        if (gt === n) break;
        let end = gt;
        while (end > lt + 2 && buf.charCodeAt(end - 1) <= 32) end--;
        h.close(tagName(buf, lt + 2, end));
        pos = gt + 1;
        continue;
      }
      if (c1 === QUESTION) {
        const end = buf.indexOf('?>', lt + 2);
        if (end < 0) break;
        pos = end + 2;
        continue;
      }
      if (c1 === BANG) {
        if (buf.startsWith('<!--', lt)) {
          const end = buf.indexOf('-->', lt + 4);
          if (end < 0) break;
          pos = end + 3;
          continue;
        }
        if (buf.startsWith('<![CDATA[', lt)) {
          const end = buf.indexOf(']]>', lt + 9);
          if (end < 0) break;
          if (h.wantText) h.text(normalizeBreaks(buf.slice(lt + 9, end)));
          pos = end + 3;
          continue;
        }
        const end = buf.indexOf('>', lt + 2);
        if (end < 0) break;
        pos = end + 1;
        continue;
      }
      if (Number.isNaN(c1)) break;
      // An opening tag: its end is the first '>' outside quotes.
      let gt = -1;
      let quote = 0;
      for (let i = lt + 1; i < n; i++) {
        const ch = buf.charCodeAt(i);
        if (quote !== 0) {
          if (ch === quote) quote = 0;
        } else if (ch === QUOT || ch === APOS) quote = ch;
        else if (ch === GT) {
          gt = i;
          break;
        }
      }
      if (gt < 0) break;
      const selfClosing = buf.charCodeAt(gt - 1) === SLASH;
      const inner = selfClosing ? gt - 1 : gt;
      let nameEnd = lt + 1;
      while (nameEnd < inner) {
        const ch = buf.charCodeAt(nameEnd);
        if (ch === 32 || ch === 9 || ch === 10 || ch === 13) break;
        nameEnd++;
      }
      const name = tagName(buf, lt + 1, nameEnd);
      h.open(name, buf.slice(nameEnd, inner));
      if (selfClosing) h.close(name);
      pos = gt + 1;
    }
    if (pos < n) this.rest = buf.slice(pos);
  }

  /** The end of the text: throws `XmlScanError` if markup was left open. */
  end(): void {
    const rest = this.rest;
    this.rest = '';
    if (rest.length === 0) return;
    if (rest.charCodeAt(0) === LT) throw new XmlScanError('the XML ends inside a tag');
    if (this.handler.wantText) this.handler.text(decodeXml(rest));
  }
}

/** `decodeXml` of `buf.slice(from, to)`: a short run without '&' or CR (a cell's number) is taken as it is. */
function textOf(buf: string, from: number, to: number): string {
  if (to - from <= 32) {
    let i = from;
    while (i < to) {
      const ch = buf.charCodeAt(i);
      if (ch === 38 || ch === 13) break;
      i++;
    }
    if (i === to) return buf.slice(from, to);
  }
  return decodeXml(buf.slice(from, to));
}

/** The names a sheet repeats for every cell, as constants: no string made per tag. */
function tagName(buf: string, from: number, to: number): string {
  const n = to - from;
  if (n === 1) {
    switch (buf.charCodeAt(from)) {
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
  } else if (n === 3 && buf.startsWith('row', from)) return 'row';
  else if (n === 2 && buf.startsWith('si', from)) return 'si';
  return buf.slice(from, to);
}

/** The value of attribute `name` in a tag's attribute text (entity-decoded), or undefined. */
export function attr(attrs: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = attrs.indexOf(name, from);
    if (at < 0) return undefined;
    from = at + name.length;
    const before = at === 0 ? 32 : attrs.charCodeAt(at - 1);
    if (before !== 32 && before !== 9 && before !== 10 && before !== 13) continue;
    let i = from;
    while (attrs.charCodeAt(i) === 32) i++;
    if (attrs.charCodeAt(i) !== 61) continue; // '='
    i++;
    while (attrs.charCodeAt(i) === 32) i++;
    const q = attrs.charCodeAt(i);
    if (q !== QUOT && q !== APOS) continue;
    const end = attrs.indexOf(q === QUOT ? '"' : "'", i + 1);
    if (end < 0) return undefined;
    return decodeXml(attrs.slice(i + 1, end));
  }
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML's character references and five named entities; CRLF and a lone CR read as LF, as XML says. */
export function decodeXml(s: string): string {
  const text = normalizeBreaks(s);
  if (text.indexOf('&') < 0) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.charCodeAt(0) === 35) {
      const code =
        ref.charCodeAt(1) === 120 ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

function normalizeBreaks(s: string): string {
  return s.indexOf('\r') < 0 ? s : s.replace(/\r\n?/g, '\n');
}
