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
  const keys = presentKeys(record);
  if (keys.length === 0) {
    out('{}\n');
    return;
  }
  out(`${members('{\n', record, keys, out)}\n}\n`);
}

/**
 * Writes what `writeJson({ ...head, [key]: elements, ...tail }, out)` writes (keys that are not
 * array indices) when the elements arrive one at a time: `push` each, then `end(tail)`. The head
 * goes out with the first batch of about a MB, so only a batch of elements is held at a time.
 *
 * @example const w = writeJsonWithStreamedArray({ asOf }, 'actions', out); w.push(a); w.end({ blocked });
 */
export function writeJsonWithStreamedArray(
  head: Record<string, unknown>,
  key: string,
  out: (text: string) => void,
): { push(element: unknown): void; end(tail: Record<string, unknown>): void } {
  let batch: unknown[] = [];
  let count = FIRST_BATCH;
  let started = false;
  const flush = () => {
    if (started) out(',\n');
    else {
      const headKeys = presentKeys(head);
      const lead = headKeys.length > 0 ? `${members('{\n', head, headKeys, out)},\n` : '{\n';
      out(`${lead}  ${JSON.stringify(key)}: [\n`);
      started = true;
    }
    count = writeBatch(key, batch, out);
    batch = [];
  };
  return {
    push(element) {
      batch.push(element);
      if (batch.length >= count) flush();
    },
    end(tail) {
      if (!started && batch.length === 0) {
        writeJson({ ...head, [key]: [], ...tail }, out);
        return;
      }
      if (batch.length > 0) flush();
      const tailKeys = presentKeys(tail);
      out(tailKeys.length > 0 ? `${members('\n  ],\n', tail, tailKeys, out)}\n}\n` : '\n  ]\n}\n');
    },
  };
}

/** The keys JSON writes for a plain object, in its order. */
const presentKeys = (record: Record<string, unknown>) =>
  Object.keys(record).filter((k) => !skipped(record[k]));

/**
 * Writes `keys` of `record` as members of a top-level object, after `piece` and with `,\n` between,
 * non-empty arrays in batches; returns the text not yet handed on.
 */
function members(
  piece: string,
  record: Record<string, unknown>,
  keys: readonly string[],
  out: (text: string) => void,
): string {
  keys.forEach((key, i) => {
    const v = record[key];
    piece += `${i > 0 ? ',\n' : ''}  ${JSON.stringify(key)}: `;
    if (Array.isArray(v) && v.length > 0 && typeof (v as { toJSON?: unknown }).toJSON !== 'function') {
      out(`${piece}[\n`);
      piece = '';
      writeElements(key, v, out);
      piece += '\n  ]';
    } else piece += JSON.stringify(v, null, 2).replaceAll('\n', '\n  ');
  });
  return piece;
}

/** Elements in the first batch; later batches are sized from it to about a piece. */
const FIRST_BATCH = 64;

/** Writes the elements of the top-level array `record[key]` as `JSON.stringify(record, null, 2)` places them, in batches. */
function writeElements(key: string, v: readonly unknown[], out: (text: string) => void): void {
  let count = FIRST_BATCH;
  for (let j = 0; j < v.length; ) {
    const end = Math.min(v.length, j + count);
    count = writeBatch(key, v.slice(j, end), out);
    if (end < v.length) out(',\n');
    j = end;
  }
}

/**
 * Writes one batch of a top-level array's elements (four spaces in, `,\n` between):
 * `JSON.stringify({ [key]: batch }, null, 2)` puts each element at exactly that indentation, so a
 * batch is one call of the serializer and one flat string, cut out of its wrapper, with no
 * re-indenting and no string per element. Returns how many elements make about a piece, judged by
 * this batch's characters per element.
 */
function writeBatch(key: string, batch: readonly unknown[], out: (text: string) => void): number {
  const head = `{\n  ${JSON.stringify(key)}: [\n`.length;
  const tail = '\n  ]\n}'.length;
  const wrapped = JSON.stringify({ [key]: batch }, null, 2);
  writeCut(wrapped, head, wrapped.length - tail, out);
  const perElement = Math.max(1, (wrapped.length - head - tail) / batch.length);
  return Math.max(1, Math.floor(PIECE / perElement));
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
