// What the byte readers of plain ASCII CSV tabs (Invoices, Payments) share: which field is which,
// how many records to expect, where a field and a record end, and the values read in place
// (ids, amounts, currency codes, customers) — each as the schema's cell parser would read them.
import type { CustomerIndex } from './id-index.js';
import { currencyExponent, isKnownCurrency } from './money.js';
import type { ColumnDef, TabDef } from './schema.js';
import { matchHeaders } from './schema-cells.js';

export const QUOTE = 34;
export const COMMA = 44;
export const LF = 10;
export const CR = 13;
export const APOSTROPHE = 39;

/**
 * Each header position's role (0: a field not read), from `roleOf` of the column found there;
 * `undefined` when a required column is missing, a column has no role (`roleOf` gives undefined:
 * the tab is not read here) or two columns share a position.
 */
export function fieldRoles(
  def: TabDef,
  header: readonly string[],
  roleOf: (col: ColumnDef) => number | undefined,
): Uint8Array | undefined {
  const index = matchHeaders(def, header);
  const roles = new Uint8Array(header.length);
  for (const col of def.columns) {
    if (col.computed) continue;
    const at = index.get(col.key) ?? -1;
    if (at < 0) {
      if (col.required) return undefined;
      continue;
    }
    const role = roleOf(col);
    if (role === undefined || roles[at] !== 0) return undefined;
    roles[at] = role;
  }
  return roles;
}

/** The records in `bytes[from..]`, guessed from the first 64 lines' length with a tenth to spare. */
export function recordCapacity(bytes: Uint8Array, from: number): number {
  const n = bytes.length;
  let lines = 0;
  let p = from;
  for (; p < n && lines < 64; p++) if (bytes[p] === LF) lines++;
  return Math.max(16, Math.ceil(((n - from) / Math.max(1, p - from)) * (lines + 1) * 1.1));
}

/** Where the unquoted field starting at `i` ends (a comma, a line break or the end); -1 at a quote. */
export function fieldEnd(bytes: Uint8Array, i: number, n: number): number {
  for (; i < n; i++) {
    const ch = bytes[i]!;
    // Digits, letters, '-' and '.' (most of a ledger) are past the comma.
    if (ch > COMMA) continue;
    if (ch === COMMA || ch === LF || ch === CR) return i;
    if (ch === QUOTE) return -1;
  }
  return n;
}

/** Where the record after the one ending at `i` starts (past LF or CRLF; `n` at the end); -1 at anything else. */
export function nextRecord(bytes: Uint8Array, i: number, n: number): number {
  if (i >= n) return n;
  if (bytes[i] === CR) return bytes[i + 1] === LF ? i + 2 : -1;
  return bytes[i] === LF ? i + 1 : -1;
}

/** `idAt` (ledger-cells) on ASCII bytes: letters, digits and . _ - / # after the first, at most 64. */
export function idAtBytes(bytes: Uint8Array, s: number, e: number): boolean {
  if (e <= s || e - s > 64) return false;
  for (let i = s; i < e; i++) {
    const ch = bytes[i]!;
    const alnum = (ch >= 48 && ch <= 57) || (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122);
    if (alnum) continue;
    if (i === s || !(ch === 46 || ch === 95 || ch === 45 || ch === 47 || ch === 35)) return false;
  }
  return true;
}

/** `centsAt` (ledger-cells) on ASCII bytes: minor units of `digits.dd`, 4 to 12 characters; -1 for anything else. */
export function centsOfBytes(bytes: Uint8Array, s: number, e: number): number {
  const len = e - s;
  if (len < 4 || len > 12 || bytes[e - 3] !== 46) return -1;
  let minor = 0;
  for (let j = s; j < e; j++) {
    if (j === e - 3) continue;
    const d = bytes[j]! - 48;
    if (d < 0 || d > 9) return -1;
    minor = minor * 10 + d;
  }
  return minor;
}

/**
 * Three capital letters of a known two-decimal currency as its interned index, each code checked
 * once; -1 for anything else (the cell parser then reads it, or names the problem).
 */
export class CurrencyCodes {
  /** By the code's three letters: index + 1, or -1 when not read here; 0 not seen yet. */
  private readonly table = new Int32Array(26 * 26 * 26);
  constructor(private readonly intern: (code: string) => number) {}

  /** The code at `bytes[s..s+3)` (the caller has checked the three bytes are there). */
  at(bytes: Uint8Array, s: number): number {
    const l0 = bytes[s]! - 65;
    const l1 = bytes[s + 1]! - 65;
    const l2 = bytes[s + 2]! - 65;
    if (l0 < 0 || l0 >= 26 || l1 < 0 || l1 >= 26 || l2 < 0 || l2 >= 26) return -1;
    const key = (l0 * 26 + l1) * 26 + l2;
    if (this.table[key] === 0) {
      const code = String.fromCharCode(bytes[s]!, bytes[s + 1]!, bytes[s + 2]!);
      this.table[key] = isKnownCurrency(code) && currencyExponent(code) === 2 ? this.intern(code) + 1 : -1;
    }
    const v = this.table[key]!;
    return v > 0 ? v - 1 : -1;
  }
}

/**
 * The customer of `bytes[s..e)` by the Customers tab's index; -1 when unknown. A ledger lists an
 * account's rows together, so the last id found is compared first, byte by byte, before a lookup.
 */
export class CustomerRun {
  private last = -1;
  private lastS = 0;
  private lastE = 0;
  constructor(private readonly index: CustomerIndex) {}

  at(bytes: Uint8Array, s: number, e: number): number {
    const last = this.last;
    if (last >= 0 && e - s === this.lastE - this.lastS) {
      const from = this.lastS;
      let j = 0;
      while (j < e - s && bytes[s + j] === bytes[from + j]) j++;
      if (j === e - s) return last;
    }
    const customer = this.index.getAtBytes(bytes, s, e);
    if (customer >= 0) {
      this.last = customer;
      this.lastS = s;
      this.lastE = e;
    }
    return customer;
  }
}
