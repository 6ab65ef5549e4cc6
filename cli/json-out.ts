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
  const keys = Object.keys(record).filter((k) => !skipped(record[k]));
  if (keys.length === 0) {
    out('{}\n');
    return;
  }
  let piece = '{\n';
  keys.forEach((key, i) => {
    const v = record[key];
    piece += `  ${JSON.stringify(key)}: `;
    if (Array.isArray(v) && v.length > 0 && typeof (v as { toJSON?: unknown }).toJSON !== 'function') {
      out(`${piece}[\n`);
      piece = '';
      writeElements(key, v, out);
      piece += '\n  ]';
    } else piece += JSON.stringify(v, null, 2).replaceAll('\n', '\n  ');
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
function writeElements(key: string, v: readonly unknown[], out: (text: string) => void): void {
  const head = `{\n  ${JSON.stringify(key)}: [\n`.length;
  const tail = '\n  ]\n}'.length;
  let count = 64;
  for (let j = 0; j < v.length; ) {
    const end = Math.min(v.length, j + count);
    const wrapped = JSON.stringify({ [key]: v.slice(j, end) }, null, 2);
    writeCut(wrapped, head, wrapped.length - tail, out);
    if (end < v.length) out(',\n');
    // About a piece per batch from here on, judged by this batch's characters per element.
    const perElement = Math.max(1, (wrapped.length - head - tail) / (end - j));
    count = Math.max(1, Math.floor(PIECE / perElement));
    j = end;
  }
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
