// Ids of a columnar tab without a string per id: where each id lies in the file's text, and an
// open-addressing index over them (two int32 a slot), so a million invoices cost no string and no
// Map entry until an id is printed.

/** FNV-1a over `src[s..e)`, spread by MurmurHash3's finaliser: ids that differ in their last digit land far apart. */
function hashRange(src: string, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ src.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  // A signed 32-bit value, as an Int32Array holds it; `& mask` picks the slot either way.
  return h ^ (h >>> 16);
}

/** `hashRange` over ASCII bytes: the same hash as the same characters in a string. */
export function hashBytes(src: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ src[i]!, 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** True when the bytes `a[as..ae)` are the characters `b[bs..be)`. */
function sameBytes(a: Uint8Array, as: number, ae: number, b: string, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false;
  for (let i = 0; i < ae - as; i++) if (a[as + i] !== b.charCodeAt(bs + i)) return false;
  return true;
}

const char = String.fromCharCode;

/**
 * ASCII bytes as a string (an id: at most 64). Made in one call: adding a character at a time made
 * a string per character, about three times the cost for the short ids a plan prints by the million.
 */
function latin1(src: Uint8Array, s: number, e: number): string {
  switch (e - s) {
    case 0:
      return '';
    case 1:
      return char(src[s]!);
    case 2:
      return char(src[s]!, src[s + 1]!);
    case 3:
      return char(src[s]!, src[s + 1]!, src[s + 2]!);
    case 4:
      return char(src[s]!, src[s + 1]!, src[s + 2]!, src[s + 3]!);
    case 5:
      return char(src[s]!, src[s + 1]!, src[s + 2]!, src[s + 3]!, src[s + 4]!);
    case 6:
      return char(src[s]!, src[s + 1]!, src[s + 2]!, src[s + 3]!, src[s + 4]!, src[s + 5]!);
    case 7:
      return char(src[s]!, src[s + 1]!, src[s + 2]!, src[s + 3]!, src[s + 4]!, src[s + 5]!, src[s + 6]!);
    case 8:
      return char(
        src[s]!,
        src[s + 1]!,
        src[s + 2]!,
        src[s + 3]!,
        src[s + 4]!,
        src[s + 5]!,
        src[s + 6]!,
        src[s + 7]!,
      );
    default:
      return char.apply(null, src.subarray(s, e) as unknown as number[]);
  }
}

/** True when `a[as..ae)` and `b[bs..be)` hold the same characters. */
function sameRange(a: string, as: number, ae: number, b: string, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false;
  for (let i = 0; i < ae - as; i++) if (a.charCodeAt(as + i) !== b.charCodeAt(bs + i)) return false;
  return true;
}

/** Slots of `capacity` pairs (row + 1, hash), all 0: empty (zeroed memory, nothing to fill). */
const emptySlots = (capacity: number) => new Int32Array(capacity * 2);

function capacityFor(expected: number): number {
  let capacity = 16;
  while (capacity < expected * 2) capacity *= 2;
  return capacity;
}

/**
 * Row index by id: open addressing over an Int32Array keyed by a hash of the id's characters, so the
 * index costs 8 bytes a slot and no entry object per id. Subclasses say where row `k`'s id is.
 */
abstract class SlotIndex {
  /**
   * Two Int32 per slot, side by side so a probe touches one cache line: the row + 1 (0: empty) and
   * the id's hash, compared before the id itself so a probe seldom touches the id.
   */
  private slots: Int32Array;
  private mask: number;
  private size = 0;
  constructor(expected: number) {
    const capacity = capacityFor(expected);
    this.slots = emptySlots(capacity);
    this.mask = capacity - 1;
  }

  /** The hash of row `k`'s id. */
  protected abstract rowHash(k: number): number;
  /** True when row `k`'s id is `src[s..e)`. */
  protected abstract rowIs(k: number, src: string, s: number, e: number): boolean;
  /** True when rows `x` and `y` have the same id. */
  protected abstract sameRows(x: number, y: number): boolean;

  /** The row of `id`, or -1. */
  get(id: string): number {
    return this.getAt(id, 0, id.length);
  }

  /** The row of the id written at `src[s..e)`, or -1, without making a string of it. */
  getAt(src: string, s: number, e: number): number {
    const h = hashRange(src, s, e);
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const k = this.slots[2 * slot]! - 1;
      if (k < 0) return -1;
      if (this.slots[2 * slot + 1] === h && this.rowIs(k, src, s, e)) return k;
    }
  }

  /** The row of the id written in ASCII at `src[s..e)`, or -1. */
  getAtBytes(src: Uint8Array, s: number, e: number): number {
    const h = hashBytes(src, s, e);
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const k = this.slots[2 * slot]! - 1;
      if (k < 0) return -1;
      if (this.slots[2 * slot + 1] === h && this.rowIsBytes(k, src, s, e)) return k;
    }
  }

  /** True when row `k`'s id is the ASCII bytes `src[s..e)`. */
  protected abstract rowIsBytes(k: number, src: Uint8Array, s: number, e: number): boolean;

  /** Records that row `k` has its id; false (and nothing changed) when the id is already there. */
  add(k: number): boolean {
    return this.addHashed(k, this.rowHash(k));
  }

  /** `add` given the hash of row `k`'s id (`hashRange` or `hashBytes` of it), for a caller that has it. */
  addHashed(k: number, h: number): boolean {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    return this.put(k, h);
  }

  private put(k: number, h: number): boolean {
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const at = this.slots[2 * s]! - 1;
      if (at < 0) {
        this.slots[2 * s] = k + 1;
        this.slots[2 * s + 1] = h;
        this.size++;
        return true;
      }
      if (this.slots[2 * s + 1] === h && this.sameRows(at, k)) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = emptySlots(capacity);
    this.mask = capacity - 1;
    this.size = 0;
    for (let s = 0; s < old.length; s += 2) if (old[s]! > 0) this.put(old[s]! - 1, old[s + 1]!);
  }
}

/** The index of a column of ids given as strings (`ids[k]` is row `k`'s). */
export class IdIndex extends SlotIndex {
  constructor(
    private readonly ids: readonly string[],
    expected = 16,
  ) {
    super(expected);
  }

  protected rowHash(k: number): number {
    const id = this.ids[k]!;
    return hashRange(id, 0, id.length);
  }

  protected rowIs(k: number, src: string, s: number, e: number): boolean {
    const id = this.ids[k]!;
    return id.length === e - s && src.startsWith(id, s);
  }

  protected rowIsBytes(k: number, src: Uint8Array, s: number, e: number): boolean {
    const id = this.ids[k]!;
    return sameBytes(src, s, e, id, 0, id.length);
  }

  protected sameRows(x: number, y: number): boolean {
    return this.ids[x] === this.ids[y];
  }
}

/**
 * A column of ids as places in a text (a CSV file's): `text[start[k]..end[k])`, the text given as a
 * string or as its ASCII bytes. An id not written verbatim there (an .xlsx cell, a JSON payload, a
 * field with quotes to undo) is kept as its string. `at(k)` makes the string only when asked:
 * printing a plan's invoice ids, not aging them.
 */
export class IdColumn {
  count = 0;
  private start: Int32Array;
  private end: Int32Array;
  /** Ids not in `text`: `start[k] = -1 - i` for `strings[i]`. */
  private readonly strings: string[] = [];
  private readonly text: string;
  /** The text as ASCII bytes (then `text` is empty), or undefined. */
  private readonly bytes: Uint8Array | undefined;

  constructor(text: string | Uint8Array, capacity: number) {
    this.text = typeof text === 'string' ? text : '';
    this.bytes = typeof text === 'string' ? undefined : text;
    this.start = new Int32Array(Math.max(16, capacity));
    this.end = new Int32Array(Math.max(16, capacity));
  }

  /** Appends the id at `text[s..e)`. */
  pushAt(s: number, e: number): void {
    if (this.count === this.start.length) this.grow();
    this.start[this.count] = s;
    this.end[this.count++] = e;
  }

  /** Appends an id given as a string. */
  push(id: string): void {
    if (this.count === this.start.length) this.grow();
    this.start[this.count++] = -1 - (this.strings.push(id) - 1);
  }

  /** The id of row `k` as a string. */
  at(k: number): string {
    const s = this.start[k]!;
    if (s < 0) return this.strings[-1 - s]!;
    return this.bytes ? latin1(this.bytes, s, this.end[k]!) : this.text.slice(s, this.end[k]!);
  }

  /** Every id as a string, in row order (for callers that want the array). */
  toArray(): string[] {
    const ids = new Array<string>(this.count);
    for (let k = 0; k < this.count; k++) ids[k] = this.at(k);
    return ids;
  }

  /** The order of ids `x` and `y` as `<` orders their strings (UTF-16 code units). */
  compare(x: number, y: number): number {
    const sx = this.start[x]!;
    const sy = this.start[y]!;
    if (sx < 0 || sy < 0) {
      const a = this.at(x);
      const b = this.at(y);
      return a < b ? -1 : a > b ? 1 : 0;
    }
    const lx = this.end[x]! - sx;
    const ly = this.end[y]! - sy;
    const bytes = this.bytes;
    if (bytes) {
      for (let i = 0; i < lx && i < ly; i++) {
        const d = bytes[sx + i]! - bytes[sy + i]!;
        if (d !== 0) return d;
      }
      return lx - ly;
    }
    const text = this.text;
    for (let i = 0; i < lx && i < ly; i++) {
      const d = text.charCodeAt(sx + i) - text.charCodeAt(sy + i);
      if (d !== 0) return d;
    }
    return lx - ly;
  }

  /** The hash of id `k` (as `IdColumnIndex` keys it). */
  hash(k: number): number {
    const s = this.start[k]!;
    if (s >= 0)
      return this.bytes ? hashBytes(this.bytes, s, this.end[k]!) : hashRange(this.text, s, this.end[k]!);
    const id = this.strings[-1 - s]!;
    return hashRange(id, 0, id.length);
  }

  /** True when id `k` is `src[s..e)`. */
  equalsAt(k: number, src: string, s: number, e: number): boolean {
    const at = this.start[k]!;
    if (at >= 0)
      return this.bytes
        ? sameBytes(this.bytes, at, this.end[k]!, src, s, e)
        : sameRange(this.text, at, this.end[k]!, src, s, e);
    const id = this.strings[-1 - at]!;
    return sameRange(id, 0, id.length, src, s, e);
  }

  /** True when id `k` is the ASCII bytes `src[s..e)`. */
  equalsAtBytes(k: number, src: Uint8Array, s: number, e: number): boolean {
    const at = this.start[k]!;
    if (at < 0) {
      const id = this.strings[-1 - at]!;
      return sameBytes(src, s, e, id, 0, id.length);
    }
    const end = this.end[k]!;
    if (end - at !== e - s) return false;
    if (this.bytes) {
      for (let i = 0; i < e - s; i++) if (this.bytes[at + i] !== src[s + i]) return false;
      return true;
    }
    return sameBytes(src, s, e, this.text, at, end);
  }

  /** True when ids `x` and `y` are the same. */
  same(x: number, y: number): boolean {
    const at = this.start[y]!;
    if (at >= 0 && this.bytes) return this.equalsAtBytes(x, this.bytes, at, this.end[y]!);
    if (at >= 0) return this.equalsAt(x, this.text, at, this.end[y]!);
    const id = this.strings[-1 - at]!;
    return this.equalsAt(x, id, 0, id.length);
  }

  private grow(): void {
    const start = new Int32Array(this.start.length * 2);
    const end = new Int32Array(this.end.length * 2);
    start.set(this.start);
    end.set(this.end);
    this.start = start;
    this.end = end;
  }
}

/** The index of an `IdColumn`: row by id, and the duplicates check, without a string per id. */
export class IdColumnIndex extends SlotIndex {
  constructor(
    private readonly ids: IdColumn,
    expected = 16,
  ) {
    super(expected);
  }

  protected rowHash(k: number): number {
    return this.ids.hash(k);
  }

  protected rowIs(k: number, src: string, s: number, e: number): boolean {
    return this.ids.equalsAt(k, src, s, e);
  }

  protected rowIsBytes(k: number, src: Uint8Array, s: number, e: number): boolean {
    return this.ids.equalsAtBytes(k, src, s, e);
  }

  protected sameRows(x: number, y: number): boolean {
    return this.ids.same(x, y);
  }
}

/** What a lookup of rows by id needs: `IdColumnIndex` or `NumberedIdIndex`. */
export interface RowsById {
  /** The row of `id`, or -1. */
  get(id: string): number;
  /** The row of the id written at `src[s..e)`, or -1. */
  getAt(src: string, s: number, e: number): number;
  /** The row of the id written in ASCII at `src[s..e)`, or -1. */
  getAtBytes(src: Uint8Array, s: number, e: number): number;
}

const isDigit = (ch: number) => ch >= 48 && ch <= 57;

/**
 * Row index of ids that are one prefix and a number (I1 ... I999999, INV-00001 ... INV-99999): a
 * table by number, no hashing and no probing. The number is written either without leading zeros
 * or always with as many digits as the first id's, so each id is one number and each number one id.
 * `addAt` says when an id is not of that form, or the numbers are too far apart for a table: the
 * caller then indexes the ids by hash (`IdColumnIndex`).
 */
export class NumberedIdIndex implements RowsById {
  private prefix: Uint8Array | undefined;
  /** Digits every number is written with (leading zeros kept), or 0: no leading zeros. */
  private width = 0;
  private base = 0;
  /** Row + 1 by number - base; 0: none. */
  private rows: Int32Array;

  /** `expected`: about how many ids (the table starts that large). */
  constructor(expected = 1024) {
    this.rows = new Int32Array(Math.max(1024, expected));
  }

  /**
   * Records that row `k` has the id written in ASCII at `src[s..e)`: 1 when added, 0 when the id is
   * already there, -1 when it is not of this index's form (nothing changed).
   */
  addAt(src: Uint8Array, s: number, e: number, k: number): number {
    let d = e;
    while (d > s && isDigit(src[d - 1]!)) d--;
    const digits = e - d;
    if (digits === 0 || digits > 9) return -1;
    const first = !this.prefix;
    if (!this.prefix) this.prefix = src.slice(s, d);
    else {
      const prefix = this.prefix;
      if (d - s !== prefix.length) return -1;
      for (let i = 0; i < prefix.length; i++) if (src[s + i] !== prefix[i]) return -1;
    }
    let n = 0;
    for (let i = d; i < e; i++) n = n * 10 + src[i]! - 48;
    return this.place(n, digits, src[d] === 48, first, k);
  }

  /** `addAt` for an id written at `src[s..e)` in a string. */
  addAtText(src: string, s: number, e: number, k: number): number {
    let d = e;
    while (d > s && isDigit(src.charCodeAt(d - 1))) d--;
    const digits = e - d;
    if (digits === 0 || digits > 9) return -1;
    const first = !this.prefix;
    if (!this.prefix) {
      const prefix = new Uint8Array(d - s);
      for (let i = 0; i < prefix.length; i++) {
        const ch = src.charCodeAt(s + i);
        if (ch > 0x7f) return -1;
        prefix[i] = ch;
      }
      this.prefix = prefix;
    } else {
      const prefix = this.prefix;
      if (d - s !== prefix.length) return -1;
      for (let i = 0; i < prefix.length; i++) if (src.charCodeAt(s + i) !== prefix[i]) return -1;
    }
    let n = 0;
    for (let i = d; i < e; i++) n = n * 10 + src.charCodeAt(i) - 48;
    return this.place(n, digits, src.charCodeAt(d) === 48, first, k);
  }

  /** Puts row `k` at number `n` written with `digits` digits (`lead`: the first is 0). */
  private place(n: number, digits: number, lead: boolean, first: boolean, k: number): number {
    if (first) {
      this.width = digits > 1 && lead ? digits : 0;
      this.base = n;
    }
    if (this.width > 0 ? digits !== this.width : digits > 1 && lead) return -1;
    const at = n - this.base;
    if (at < 0) return -1;
    if (at >= this.rows.length) {
      // Numbers far apart would make a large, mostly empty table.
      if (at > 8 * k + 4096) return -1;
      const rows = new Int32Array(Math.max(at + 1, this.rows.length * 2));
      rows.set(this.rows);
      this.rows = rows;
    }
    if (this.rows[at] !== 0) return 0;
    this.rows[at] = k + 1;
    return 1;
  }

  get(id: string): number {
    return this.getAt(id, 0, id.length);
  }

  /** The row of the id written in ASCII at `src[s..e)`, or -1. */
  getAtBytes(src: Uint8Array, s: number, e: number): number {
    const prefix = this.prefix;
    if (!prefix) return -1;
    const digits = e - s - prefix.length;
    if (digits <= 0 || digits > 9) return -1;
    for (let i = 0; i < prefix.length; i++) if (src[s + i] !== prefix[i]) return -1;
    const d = s + prefix.length;
    if (this.width > 0 ? digits !== this.width : digits > 1 && src[d] === 48) return -1;
    let n = 0;
    for (let i = d; i < e; i++) {
      const ch = src[i]!;
      if (!isDigit(ch)) return -1;
      n = n * 10 + ch - 48;
    }
    const at = n - this.base;
    return at >= 0 && at < this.rows.length ? this.rows[at]! - 1 : -1;
  }

  getAt(src: string, s: number, e: number): number {
    const prefix = this.prefix;
    if (!prefix) return -1;
    const digits = e - s - prefix.length;
    if (digits <= 0 || digits > 9) return -1;
    for (let i = 0; i < prefix.length; i++) if (src.charCodeAt(s + i) !== prefix[i]) return -1;
    const d = s + prefix.length;
    if (this.width > 0 ? digits !== this.width : digits > 1 && src.charCodeAt(d) === 48) return -1;
    let n = 0;
    for (let i = d; i < e; i++) {
      const ch = src.charCodeAt(i);
      if (!isDigit(ch)) return -1;
      n = n * 10 + ch - 48;
    }
    const at = n - this.base;
    return at >= 0 && at < this.rows.length ? this.rows[at]! - 1 : -1;
  }
}

/**
 * The index of an `IdColumn` as it is filled, each id added as it is pushed: by number while the
 * ids are numbered in sequence (`NumberedIdIndex`), by hash (`IdColumnIndex`) from the first that is not.
 */
export class IdColumnIndexer implements RowsById {
  private numbered: NumberedIdIndex | undefined;
  private hashed: IdColumnIndex | undefined;
  constructor(
    private readonly ids: IdColumn,
    private readonly expected: number,
  ) {
    this.numbered = new NumberedIdIndex(expected);
  }

  /** Adds the id last pushed, written in ASCII at `src[s..e)`; false when it is already there. */
  addBytes(src: Uint8Array, s: number, e: number): boolean {
    const k = this.ids.count - 1;
    if (this.numbered) {
      const added = this.numbered.addAt(src, s, e, k);
      if (added >= 0) return added === 1;
      this.byHash(k);
    }
    return this.hashed!.addHashed(k, hashBytes(src, s, e));
  }

  /** Adds the id last pushed, written at `src[s..e)`; false when it is already there. */
  addText(src: string, s: number, e: number): boolean {
    const k = this.ids.count - 1;
    if (this.numbered) {
      const added = this.numbered.addAtText(src, s, e, k);
      if (added >= 0) return added === 1;
      this.byHash(k);
    }
    return this.hashed!.addHashed(k, hashRange(src, s, e));
  }

  /** From row `k` on, by hash: the rows before it are indexed again. */
  private byHash(k: number): void {
    this.numbered = undefined;
    this.hashed = new IdColumnIndex(this.ids, this.expected);
    for (let j = 0; j < k; j++) this.hashed.addHashed(j, this.ids.hash(j));
  }

  get(id: string): number {
    return (this.numbered ?? this.hashed!).get(id);
  }

  getAt(src: string, s: number, e: number): number {
    return (this.numbered ?? this.hashed!).getAt(src, s, e);
  }

  getAtBytes(src: Uint8Array, s: number, e: number): number {
    return (this.numbered ?? this.hashed!).getAtBytes(src, s, e);
  }
}

/** What the columnar readers look customers up in: `customerIndexOf`'s index. */
export type CustomerIndex = RowsById;

/**
 * The index of customer ids given as strings, or `undefined` when an id is there twice: by number
 * when they are numbered in sequence (C0000001 ...), else by hash (`IdIndex`).
 */
export function customerIndexOf(ids: readonly string[]): CustomerIndex | undefined {
  const numbered = new NumberedIdIndex(ids.length);
  let k = 0;
  for (; k < ids.length; k++) {
    const added = numbered.addAtText(ids[k]!, 0, ids[k]!.length, k);
    if (added === 0) return undefined;
    if (added < 0) break;
  }
  if (k === ids.length) return numbered;
  const hashed = new IdIndex(ids, ids.length);
  for (let c = 0; c < ids.length; c++) if (!hashed.add(c)) return undefined;
  return hashed;
}
