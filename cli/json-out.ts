// Writes a large JSON answer (a plan of a million invoices is hundreds of MB) in pieces, with exactly
// the bytes `JSON.stringify(value, null, 2)` gives, so no single string holds all of it.

/** Values JSON leaves out of an object (and writes as null in an array). */
const skipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** Pieces are handed on once they reach this many characters. */
const PIECE = 1 << 20;

/**
 * Writes `JSON.stringify(value, null, 2)` and a line break through `out`, in pieces of about a MB:
 * a top-level object's arrays element by element. Anything else (an array, a value with `toJSON`)
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
      piece += '[\n';
      for (let j = 0; j < v.length; j++) {
        const el = v[j];
        const text = skipped(el) ? 'null' : JSON.stringify(el, null, 2);
        piece += `    ${text.replaceAll('\n', '\n    ')}${j < v.length - 1 ? ',' : ''}\n`;
        if (piece.length >= PIECE) {
          out(piece);
          piece = '';
        }
      }
      piece += '  ]';
    } else piece += JSON.stringify(v, null, 2).replaceAll('\n', '\n  ');
    piece += i < keys.length - 1 ? ',\n' : '\n';
  });
  out(`${piece}}\n`);
}
