// Writes JSON as UTF-8 bytes into one reused buffer (about a MB), handed on through `writeBytes`: the
// bytes `JSON.stringify(value, null, 2)` gives, with no string per piece and no re-encoding on output.
import { type CliIo, writeBytes } from './io.js';

/** The buffer is handed on once it holds this many bytes. */
const PIECE = 1 << 20;

/** Distinct strings `repeated` keeps before starting again. */
const REPEATED_MAX = 4096;

/** Bytes copied one by one up to this many; longer runs in one native copy (`set`), which costs ~30 ns a call. */
const COPY_LOOP_MAX = 8;

/**
 * Strings at least this long are copied as latin1 by `Buffer.write` (~100 ns a call, then memcpy speed)
 * and then checked (`"` and `\` by `indexOf`, a memchr, the rest by `NOT_PRINTABLE`, ~1 ns a unit),
 * instead of unit by unit (~3-4 ns a unit); written again unit by unit when the check fails. The
 * write first flattens a string made by concatenation (a summary), which the checks then scan quicker.
 */
const NATIVE_MIN = 48;

/**
 * A unit outside printable ASCII: a control, DEL (which JSON leaves as it is, but then the unit loop
 * writes it), or not ASCII, which a latin1 copy mangles (a unit of 0x100 and above loses its high byte).
 */
const NOT_PRINTABLE = /[^\x20-\x7e]/;

/** Values JSON leaves out of an object (and writes as null in an array). */
const skipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

const utf8 = new TextEncoder();

/**
 * A byte writer of `JSON.stringify(value, null, 2)`'s text. Values are written at a depth (the
 * indentation of the line they start on, in steps of two spaces); `flush` hands the bytes written so
 * far to `out`, which may not keep them (the buffer is reused).
 *
 * @example const w = new JsonBytes((b) => process.stdout.write(b)); w.value({ a: 1 }, 0); w.flush()
 */
export class JsonBytes {
  buf: Buffer = Buffer.allocUnsafe(PIECE + 4096);
  pos = 0;
  /** `\n`, the indentation of each depth and `"key": `, by depth, as bytes. */
  private readonly keys: Map<string, Uint8Array>[] = [];
  /**
   * A writer for objects of a known shape, tried before the generic one (given by a writer of such
   * objects, e.g. the plan's): true when it wrote `v` at `depth`, false, writing nothing, for any
   * other. `v`'s `toJSON` is already applied.
   */
  known: ((w: JsonBytes, v: object, depth: number) => boolean) | undefined = undefined;
  constructor(private readonly out: (bytes: Uint8Array) => void) {}

  /** Hands the bytes written so far on. */
  flush(): void {
    if (this.pos > 0) this.out(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  /** Room for `n` more bytes: the buffer is handed on when full, and grown for a value longer than it. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  /** Hands the buffer on once it holds a piece: called between values, so pieces are about a MB. */
  piece(): void {
    if (this.pos >= PIECE) this.flush();
  }

  /** Text known to be ASCII with nothing JSON escapes (punctuation, indentation). */
  ascii(text: string): void {
    const n = text.length;
    this.room(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = text.charCodeAt(i);
    this.pos = p;
  }

  /** Bytes as they are. */
  bytes(bytes: Uint8Array): void {
    const n = bytes.length;
    this.room(n);
    if (n > COPY_LOOP_MAX) {
      this.buf.set(bytes, this.pos);
      this.pos += n;
      return;
    }
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = bytes[i]!;
    this.pos = p;
  }

  /** `\n`, the indentation of a member at `depth` and its key, as `JSON.stringify` writes them. */
  key(key: string, depth: number): void {
    let byKey = this.keys[depth];
    if (!byKey) {
      byKey = new Map();
      this.keys[depth] = byKey;
    }
    let bytes = byKey.get(key);
    if (!bytes) {
      bytes = utf8.encode(`\n${'  '.repeat(depth)}${JSON.stringify(key)}: `);
      byKey.set(key, bytes);
    }
    this.bytes(bytes);
  }

  /** `\n` and the indentation of a line at `depth`. */
  newline(depth: number): void {
    const n = 1 + 2 * depth;
    this.room(n);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 10;
    for (let i = 1; i < n; i++) buf[p++] = 32;
    this.pos = p;
  }

  /** A string as JSON writes it: quoted, escaped as `JSON.stringify` escapes, UTF-8 encoded. */
  string(s: string): void {
    // At most six bytes per UTF-16 unit (`\u001f`), and the quotes.
    this.room(6 * s.length + 2);
    this.pos = putString(this.buf, this.pos, s);
  }

  /**
   * `string(s)` for a string that repeats (a stage, a rule, a reason shared by many customers): its
   * bytes are made once and copied after. The cache is emptied when it has held many strings.
   */
  repeated(s: string): void {
    // A short string is copied faster than it is looked up.
    if (s.length < 24) {
      this.string(s);
      return;
    }
    let bytes = this.#strings.get(s);
    if (!bytes) {
      if (this.#strings.size >= REPEATED_MAX) this.#strings.clear();
      this.room(6 * s.length + 2);
      const at = this.pos;
      this.string(s);
      // A copy: a Buffer's `slice` is a view of the buffer, which is reused.
      bytes = new Uint8Array(this.buf.subarray(at, this.pos));
      this.#strings.set(s, bytes);
      return;
    }
    this.bytes(bytes);
  }

  readonly #strings = new Map<string, Uint8Array>();

  /**
   * `bytes(member.before)`, `string(s)` and `bytes(member.after)`, for a member whose values repeat
   * (a stage after its key): made once into one run of bytes, kept in `member`, and copied in one go
   * after.
   * The value last written is checked first (no hashing when it repeats); a member that reaches
   * `REPEATED_MAX` values is emptied.
   */
  cached(member: RepeatedMember, s: string): void {
    if (s === member.last) {
      this.bytes(member.lastBytes);
      return;
    }
    this.room(member.before.length + 6 * s.length + 2 + member.after.length);
    this.pos = putCached(this.buf, this.pos, member, s);
  }

  /** A number as JSON writes it (`null` when not finite). */
  number(v: number): void {
    this.room(NUMBER_MAX);
    this.pos = putNumber(this.buf, this.pos, v);
  }

  /**
   * Writes `value` as `JSON.stringify(value, null, 2)` does when it sits at `depth` (its nested lines
   * indented from there); `key` is what `toJSON` is given. Returns false, writing nothing, for a
   * value JSON leaves out (undefined, a function, a symbol).
   */
  value(value: unknown, depth: number, key = ''): boolean {
    const v = resolved(value, key);
    if (skipped(v)) return false;
    this.write(v, depth);
    return true;
  }

  /** A value JSON writes, its `toJSON` already applied. */
  private write(v: unknown, depth: number): void {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return;
      case 'number':
        this.number(v);
        return;
      case 'boolean':
        this.ascii(v ? 'true' : 'false');
        return;
      case 'object':
        if (v === null) this.ascii('null');
        else if (Array.isArray(v)) this.array(v, depth);
        else if (v instanceof Number || v instanceof String || v instanceof Boolean)
          this.ascii(JSON.stringify(v));
        else if (this.known === undefined || !this.known(this, v, depth))
          this.object(v as Record<string, unknown>, depth);
        return;
      default:
        // A bigint: what JSON.stringify does with one (it throws).
        this.ascii(String(JSON.stringify(v)));
    }
  }

  /** An array at `depth`: `[]` when empty, else one element a line, `null` for those JSON leaves out. */
  array(v: readonly unknown[], depth: number): void {
    if (v.length === 0) {
      this.ascii('[]');
      return;
    }
    this.ascii('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) this.ascii(',');
      this.newline(depth + 1);
      if (!this.value(v[i], depth + 1, String(i))) this.ascii('null');
    }
    this.newline(depth);
    this.ascii(']');
  }

  /** A plain object at `depth`: `{}` when it has no member JSON writes, else one member a line. */
  object(v: Record<string, unknown>, depth: number): void {
    let first = true;
    for (const k of Object.keys(v)) if (this.member(k, v[k], depth + 1, first)) first = false;
    this.close(first, depth);
  }

  /**
   * A member of an object whose members sit at `depth`: `{` (the first written) or `,`, the key and
   * the value; nothing, returning false, when JSON leaves the value out.
   */
  member(key: string, value: unknown, depth: number, first: boolean): boolean {
    const v = resolved(value, key);
    if (skipped(v)) return false;
    this.ascii(first ? '{' : ',');
    this.key(key, depth);
    this.write(v, depth);
    return true;
  }

  /** The end of an object whose members sat at `depth + 1` (`{}` when none was written). */
  close(none: boolean, depth: number): void {
    if (none) this.ascii('{}');
    else {
      this.newline(depth);
      this.ascii('}');
    }
  }
}

/**
 * A member whose string values repeat (see `JsonBytes.cached`): the bytes before its value (and
 * after it: what always follows, such as the next member's key), and by value those bytes and the
 * quoted value as one run; the last value written and its run apart.
 */
export class RepeatedMember {
  readonly values = new Map<string, Uint8Array>();
  last: string | undefined = undefined;
  lastBytes: Uint8Array = new Uint8Array(0);
  constructor(
    readonly before: Uint8Array,
    readonly after: Uint8Array = new Uint8Array(0),
  ) {}
}

/** `value.toJSON(key)` when it has one, as JSON.stringify calls it; else the value. */
const resolved = (v: unknown, key: string): unknown =>
  v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function'
    ? (v as { toJSON(key: string): unknown }).toJSON(key)
    : v;

/** The members of a plain object JSON writes, in its order. */
const writtenKeys = (record: Record<string, unknown>) =>
  Object.keys(record).filter((k) => !skipped(resolved(record[k], k)));

const HEX = '0123456789abcdef';

/** `"`, `\` and the control characters, as JSON.stringify escapes them. */
function escapeAscii(buf: Uint8Array, at: number, c: number): number {
  let p = at;
  buf[p++] = 92;
  switch (c) {
    case 34:
      buf[p++] = 34;
      return p;
    case 92:
      buf[p++] = 92;
      return p;
    case 8:
      buf[p++] = 98;
      return p;
    case 9:
      buf[p++] = 116;
      return p;
    case 10:
      buf[p++] = 110;
      return p;
    case 12:
      buf[p++] = 102;
      return p;
    case 13:
      buf[p++] = 114;
      return p;
    default:
      return escapeUnit(buf, at, c);
  }
}

/** `\uXXXX` (lowercase hex) for a UTF-16 unit. */
function escapeUnit(buf: Uint8Array, at: number, c: number): number {
  let p = at;
  buf[p++] = 92;
  buf[p++] = 117;
  buf[p++] = HEX.charCodeAt((c >> 12) & 15);
  buf[p++] = HEX.charCodeAt((c >> 8) & 15);
  buf[p++] = HEX.charCodeAt((c >> 4) & 15);
  buf[p++] = HEX.charCodeAt(c & 15);
  return p;
}

// The `put` functions write into a buffer at a position, the room already made, and return the
// position after: a writer that knows how many bytes a whole value may take makes room once (`room`)
// and writes all of it with them, `pos` kept in a local.

/** More than the most bytes `putNumber` writes (25: `-0.0000012345678901234567`). */
export const NUMBER_MAX = 32;

/** `bytes` as they are. */
export function putBytes(buf: Uint8Array, at: number, bytes: Uint8Array): number {
  const n = bytes.length;
  if (n > COPY_LOOP_MAX) {
    buf.set(bytes, at);
    return at + n;
  }
  let p = at;
  for (let i = 0; i < n; i++) buf[p++] = bytes[i]!;
  return p;
}

/** Text known to be ASCII with nothing JSON escapes. */
export function putAscii(buf: Uint8Array, at: number, text: string): number {
  let p = at;
  for (let i = 0; i < text.length; i++) buf[p++] = text.charCodeAt(i);
  return p;
}

/** A string as JSON writes it (at most `6 * s.length + 2` bytes). */
export function putString(buf: Buffer, at: number, s: string): number {
  const n = s.length;
  let p = at;
  buf[p++] = 34;
  if (n >= NATIVE_MIN) {
    // Written first (which also flattens a string made by concatenation, as the checks after need),
    // kept when the string is printable ASCII without `"` or `\`; else written again unit by unit.
    buf.write(s, p, n, 'latin1');
    if (s.indexOf('"') < 0 && s.indexOf('\\') < 0 && !NOT_PRINTABLE.test(s)) {
      p += n;
      buf[p++] = 34;
      return p;
    }
  }
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 34 && c !== 92) buf[p++] = c;
      else p = escapeAscii(buf, p, c);
    } else if (c < 0x800) {
      buf[p++] = 0xc0 | (c >> 6);
      buf[p++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      buf[p++] = 0xe0 | (c >> 12);
      buf[p++] = 0x80 | ((c >> 6) & 0x3f);
      buf[p++] = 0x80 | (c & 0x3f);
    } else {
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        buf[p++] = 0xf0 | (cp >> 18);
        buf[p++] = 0x80 | ((cp >> 12) & 0x3f);
        buf[p++] = 0x80 | ((cp >> 6) & 0x3f);
        buf[p++] = 0x80 | (cp & 0x3f);
        i++;
      } else {
        // A lone surrogate: JSON.stringify writes it as an escape.
        p = escapeUnit(buf, p, c);
      }
    }
  }
  buf[p++] = 34;
  return p;
}

/** `member.before`, `s` and `member.after` as `JsonBytes.cached` writes them (at most `6 * s.length + 2` bytes and theirs). */
export function putCached(buf: Buffer, at: number, member: RepeatedMember, s: string): number {
  if (s === member.last) return putBytes(buf, at, member.lastBytes);
  const values = member.values;
  let bytes = values.get(s);
  let p: number;
  if (bytes !== undefined) p = putBytes(buf, at, bytes);
  else {
    if (values.size >= REPEATED_MAX) values.clear();
    p = putBytes(buf, putString(buf, putBytes(buf, at, member.before), s), member.after);
    // A copy: a Buffer's `slice` is a view of the buffer, which is reused.
    bytes = new Uint8Array(buf.subarray(at, p));
    values.set(s, bytes);
  }
  member.last = s;
  member.lastBytes = bytes;
  return p;
}

/** A number as JSON writes it, `null` when not finite (at most `NUMBER_MAX` bytes). */
export function putNumber(buf: Uint8Array, at: number, v: number): number {
  let p = at;
  let x = v;
  if (Number.isInteger(x) && x > -(2 ** 31) && x < 2 ** 31) {
    // -0 is written as 0, as JSON writes it.
    if (x < 0) {
      buf[p++] = 45;
      x = -x;
    }
    if (x < 10) {
      buf[p++] = 48 + x;
      return p;
    }
    const digits =
      x < 1e5
        ? x < 100
          ? 2
          : x < 1000
            ? 3
            : x < 1e4
              ? 4
              : 5
        : x < 1e7
          ? x < 1e6
            ? 6
            : 7
          : x < 1e8
            ? 8
            : x < 1e9
              ? 9
              : 10;
    p += digits;
    let q = p;
    for (let d = digits; d > 0; d--) {
      const y = (x / 10) | 0;
      buf[--q] = 48 + x - y * 10;
      x = y;
    }
    return p;
  }
  return putAscii(buf, p, Number.isFinite(v) ? String(v) : 'null');
}

/** A top-level object whose array `key` is handed over element by element (see `streamJsonBytes`). */
export interface JsonByteStream<T> {
  push(element: T): void;
  /**
   * Writes the rest: `whole` is the object as it ends, its array `key` empty (the elements were
   * pushed); its members before `key` must be the ones given at the start.
   */
  end(whole: Record<string, unknown>): void;
}

/**
 * `streamJson` (cli/json-out.ts) as bytes: `JSON.stringify(whole, null, 2)` and a line break for an
 * object whose array `key` is made element by element, each element written as it is pushed (through
 * `element`, by default the generic writer, at depth 2), handed to `io` in pieces of about a MB.
 *
 * @example const s = streamJsonBytes({ asOf }, 'actions', io); s.push(a); s.end({ asOf, actions: [] })
 */
export function streamJsonBytes<T>(
  before: Record<string, unknown>,
  key: string,
  io: CliIo,
  element: (w: JsonBytes, value: T) => boolean = (w, v) => w.value(v, 2),
): JsonByteStream<T> {
  const w = new JsonBytes((bytes) => writeBytes(io, bytes));
  const head = writtenKeys(before);
  // The members before `key`, and the key itself.
  w.ascii('{');
  for (const k of head) {
    w.key(k, 1);
    w.value(before[k], 1, k);
    w.ascii(',');
  }
  w.key(key, 1);
  let written = 0;
  return {
    push(value) {
      w.ascii(written === 0 ? '[' : ',');
      w.newline(2);
      if (!element(w, value)) w.ascii('null');
      written++;
      w.piece();
    },
    end(whole) {
      const keys = writtenKeys(whole);
      const at = keys.indexOf(key);
      if (
        at !== head.length ||
        head.some((k, i) => keys[i] !== k || JSON.stringify(whole[k]) !== JSON.stringify(before[k])) ||
        !Array.isArray(whole[key]) ||
        (whole[key] as unknown[]).length > 0
      )
        throw new Error(
          `streamJsonBytes: the object's members before "${key}" are not the ones it started with`,
        );
      if (written > 0) {
        w.newline(1);
        w.ascii(']');
      } else w.ascii('[]');
      for (const k of keys.slice(at + 1)) {
        w.ascii(',');
        w.key(k, 1);
        w.value(whole[k], 1, k);
      }
      w.ascii('\n}\n');
      w.flush();
    },
  };
}
