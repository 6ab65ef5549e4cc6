// Writes a large JSON answer (a plan of a million invoices is hundreds of MB) in pieces, with exactly
// the bytes `JSON.stringify(value, null, 2)` gives, so no single string holds all of it.

/** Values JSON leaves out of an object (and writes as null in an array). */
const skipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** Pieces are handed on once they reach this many characters. */
const PIECE = 1 << 20;

/**
 * Writes `JSON.stringify(value, null, 2)` and a line break through `out`, in pieces of about a MB:
 * a top-level object's arrays in batches of elements. Anything else (an array, a value with `toJSON`)
 * is written in one piece.
 *
 * @example writeJson({ asOf: '2026-11-23', actions: [{ id: 1 }] }, (t) => process.stdout.write(t))
 */
export function writeJson(value: unknown, out: (text: string) => void): void {
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    out(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = writtenKeys(record);
  if (keys.length === 0) {
    out('{}\n');
    return;
  }
  let piece = '{\n';
  keys.forEach((key, i) => {
    piece += `  ${JSON.stringify(key)}: `;
    const rest = writeMember(key, record[key], (t) => {
      out(piece + t);
      piece = '';
    });
    piece += rest;
    piece += i < keys.length - 1 ? ',\n' : '\n';
  });
  out(`${piece}}\n`);
}

/**
 * Writes the elements of the top-level array `record[key]` as `JSON.stringify(record, null, 2)`
 * places them (four spaces in, `,\n` between), in batches: `JSON.stringify({ [key]: batch }, null,
 * 2)` puts each element at exactly that indentation, so a batch is one call of the serializer and
 * one flat string, cut out of its wrapper, with no re-indenting and no string per element.
 */
class ElementWriter {
  /** Elements per batch: about a piece's worth, judged by the last batch's characters per element. */
  count = 64;
  written = 0;
  private readonly head: number;
  private readonly tail = '\n  ]\n}'.length;
  constructor(
    private readonly key: string,
    private readonly out: (text: string) => void,
  ) {
    this.head = `{\n  ${JSON.stringify(key)}: [\n`.length;
  }

  batch(elements: readonly unknown[]): void {
    if (elements.length === 0) return;
    if (this.written > 0) this.out(',\n');
    const wrapped = JSON.stringify({ [this.key]: elements }, null, 2);
    writeCut(wrapped, this.head, wrapped.length - this.tail, this.out);
    const perElement = Math.max(1, (wrapped.length - this.head - this.tail) / elements.length);
    this.count = Math.max(1, Math.floor(PIECE / perElement));
    this.written += elements.length;
  }
}

function writeElements(key: string, v: readonly unknown[], out: (text: string) => void): void {
  const writer = new ElementWriter(key, out);
  for (let j = 0; j < v.length; ) {
    const end = Math.min(v.length, j + writer.count);
    writer.batch(v.slice(j, end));
    j = end;
  }
}

/** One member of a top-level object after its key: a non-empty array element-wise, anything else whole. */
function writeMember(key: string, v: unknown, out: (text: string) => void): string {
  if (Array.isArray(v) && v.length > 0 && typeof (v as { toJSON?: unknown }).toJSON !== 'function') {
    out('[\n');
    writeElements(key, v, out);
    return '\n  ]';
  }
  return JSON.stringify(v, null, 2).replaceAll('\n', '\n  ');
}

/** The members of a plain object JSON writes, in its order. */
const writtenKeys = (record: Record<string, unknown>) =>
  Object.keys(record).filter((k) => !skipped(record[k]));

/** A top-level object whose array `key` is handed over element by element (see `streamJson`). */
export interface JsonStream<T> {
  push(element: T): void;
  /**
   * Writes the rest: `whole` is the object as it ends, its array `key` empty (the elements were
   * pushed); its members before `key` must be the ones given at the start.
   */
  end(whole: Record<string, unknown>): void;
}

/**
 * `writeJson(whole)` for an object whose array `key` is made element by element, written as it is
 * made (a plan's million actions never live at once). `before` holds the members that come before
 * `key`, known at the start. Nothing is written until the first batch of elements is ready, or the end.
 *
 * @example const s = streamJson({ asOf }, 'actions', out); s.push(a); s.end({ asOf, actions: [] })
 */
export function streamJson<T>(
  before: Record<string, unknown>,
  key: string,
  out: (text: string) => void,
): JsonStream<T> {
  const writer = new ElementWriter(key, out);
  let pending: T[] = [];
  let started = false;
  const start = () => {
    let piece = '{\n';
    for (const k of writtenKeys(before))
      piece += `  ${JSON.stringify(k)}: ${JSON.stringify(before[k], null, 2).replaceAll('\n', '\n  ')},\n`;
    out(`${piece}  ${JSON.stringify(key)}: `);
    started = true;
  };
  const flush = () => {
    if (!started) start();
    if (writer.written === 0) out('[\n');
    writer.batch(pending);
    pending = [];
  };
  return {
    push(element) {
      pending.push(element);
      if (pending.length >= writer.count) flush();
    },
    end(whole) {
      const keys = writtenKeys(whole);
      const at = keys.indexOf(key);
      const head = writtenKeys(before);
      if (
        at !== head.length ||
        head.some((k, i) => keys[i] !== k || JSON.stringify(whole[k]) !== JSON.stringify(before[k])) ||
        !Array.isArray(whole[key]) ||
        (whole[key] as unknown[]).length > 0
      )
        throw new Error(`streamJson: the object's members before "${key}" are not the ones it started with`);
      if (pending.length > 0) flush();
      if (!started) start();
      let piece = writer.written > 0 ? '\n  ]' : '[]';
      for (const k of keys.slice(at + 1)) {
        piece += `,\n  ${JSON.stringify(k)}: `;
        const rest = writeMember(k, whole[k], (t) => {
          out(piece + t);
          piece = '';
        });
        piece += rest;
      }
      out(`${piece}\n}\n`);
    },
  };
}

/** Writes `text[from..to)` in pieces of at most `PIECE` characters, never between the halves of a surrogate pair. */
function writeCut(text: string, from: number, to: number, out: (text: string) => void): void {
  while (from < to) {
    let end = Math.min(to, from + PIECE);
    const last = text.charCodeAt(end - 1);
    if (end < to && last >= 0xd800 && last <= 0xdbff) end--;
    out(text.slice(from, end));
    from = end;
  }
}
