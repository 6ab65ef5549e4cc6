// Writes `duebook age --json` (an aging report of a million invoices is 100,000 customers, tens of
// MB) in pieces, with exactly the bytes `JSON.stringify(report, null, 2)` gives, built row by row
// from the report's known shape instead of walking every key.
import type { AgingReport, CurrencyAging, CustomerAging } from '../core/ledger/aging.js';
import { type CliIo, writeBytes } from './io.js';

/** Pieces are handed on once they reach this many characters. */
const PIECE = 1 << 20;

const REPORT_KEYS = ['asOf', 'buckets', 'customers', 'totals'];
const CUSTOMER_KEYS = ['customerId', 'currency', 'totalMinor', 'bucketsMinor', 'unappliedCreditMinor'];
const TOTAL_KEYS = ['currency', 'totalMinor', 'bucketsMinor', 'unappliedCreditMinor'];

/** True for a string JSON writes as itself between quotes: no quote, backslash, control or surrogate. */
function plain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 0x20 || ch === 0x22 || ch === 0x5c || (ch >= 0xd800 && ch <= 0xdfff)) return false;
  }
  return true;
}

/** True when `value`'s own keys are exactly `keys`, in that order (JSON writes them in that order). */
function keysAre(value: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in value) if (key !== keys[i++]) return false;
  return i === keys.length;
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function isNumbers(xs: unknown): xs is number[] {
  if (!Array.isArray(xs) || xs.length === 0) return false;
  for (let i = 0; i < xs.length; i++) if (!finite(xs[i])) return false;
  return true;
}

/** True for a customer's row of the shape `ageBook` gives, whose strings JSON writes as they are. */
function usualCustomer(c: CustomerAging): boolean {
  return (
    keysAre(c, CUSTOMER_KEYS) &&
    typeof c.customerId === 'string' &&
    plain(c.customerId) &&
    typeof c.currency === 'string' &&
    plain(c.currency) &&
    finite(c.totalMinor) &&
    finite(c.unappliedCreditMinor) &&
    isNumbers(c.bucketsMinor)
  );
}

/**
 * A customer's row of the shape `ageBook` gives, at four spaces in, as one template (a million-invoice
 * report has a hundred thousand of them); `row` for anything else.
 */
function customerRow(c: CustomerAging): string | undefined {
  if (!usualCustomer(c)) return row(c, CUSTOMER_KEYS, '    ');
  return `    {\n      "customerId": "${c.customerId}",\n      "currency": "${c.currency}",\n      "totalMinor": ${c.totalMinor},\n      "bucketsMinor": [\n        ${c.bucketsMinor.join(',\n        ')}\n      ],\n      "unappliedCreditMinor": ${c.unappliedCreditMinor}\n    }`;
}

/** One row (a customer's or a total's) at `indent`, as JSON.stringify(..., null, 2) nests it; undefined if it is not of the usual shape. */
function row(
  value: CustomerAging | CurrencyAging,
  keys: readonly string[],
  indent: string,
): string | undefined {
  if (!keysAre(value, keys)) return undefined;
  const inner = `${indent}  `;
  let text = `${indent}{`;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const v = (value as unknown as Record<string, unknown>)[key];
    text += `${i > 0 ? ',' : ''}\n${inner}"${key}": `;
    if (typeof v === 'string' && plain(v)) text += `"${v}"`;
    else if (typeof v === 'number' && Number.isFinite(v)) text += String(v);
    else if (key === 'bucketsMinor' && isNumbers(v))
      text += `[\n${inner}  ${v.join(`,\n${inner}  `)}\n${inner}]`;
    else return undefined;
  }
  return `${text}\n${indent}}`;
}

/**
 * Writes `JSON.stringify(report, null, 2)` and a line break through `out`, in pieces of about a MB.
 * A row of another shape than `ageBook` gives is written by JSON.stringify itself.
 *
 * @example writeAgingJson(ageBook(book, '2026-11-23'), (t) => process.stdout.write(t))
 */
export function writeAgingJson(report: AgingReport, out: (text: string) => void): void {
  if (
    !keysAre(report, REPORT_KEYS) ||
    typeof report.asOf !== 'string' ||
    !Array.isArray(report.buckets) ||
    !Array.isArray(report.customers) ||
    !Array.isArray(report.totals)
  ) {
    out(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const nested = (value: unknown) => JSON.stringify(value, null, 2).replaceAll('\n', '\n  ');
  let piece = `{\n  "asOf": ${JSON.stringify(report.asOf)},\n  "buckets": ${nested(report.buckets)},\n  "customers": `;
  const rows = (list: readonly (CustomerAging | CurrencyAging)[], keys: readonly string[]) => {
    if (list.length === 0) {
      piece += '[]';
      return;
    }
    piece += '[\n';
    for (let i = 0; i < list.length; i++) {
      const value = list[i]!;
      const text = keys === CUSTOMER_KEYS ? customerRow(value as CustomerAging) : row(value, keys, '    ');
      piece += text ?? `    ${JSON.stringify(value, null, 2).replaceAll('\n', '\n    ')}`;
      piece += i < list.length - 1 ? ',\n' : '\n';
      if (piece.length >= PIECE) {
        out(piece);
        piece = '';
      }
    }
    piece += '  ]';
  };
  rows(report.customers, CUSTOMER_KEYS);
  piece += ',\n  "totals": ';
  rows(report.totals, TOTAL_KEYS);
  out(`${piece}\n}\n`);
}

// The fixed parts of a customer's row (`customerRow`), as bytes.
const ascii = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
const ROW_START = ascii('    {\n      "customerId": "');
const ROW_CURRENCY = ascii('",\n      "currency": "');
const ROW_TOTAL = ascii('",\n      "totalMinor": ');
const ROW_BUCKETS = ascii(',\n      "bucketsMinor": [\n');
const ROW_FIRST_BUCKET = ascii('        ');
const ROW_NEXT_BUCKET = ascii(',\n        ');
const ROW_CREDIT = ascii('\n      ],\n      "unappliedCreditMinor": ');
const ROW_END = ascii('\n    }');
/** Room for a row's fixed parts and its numbers besides buckets (a number is at most 24 characters). */
const ROW_BYTES = 256;

function copy(buf: Uint8Array, at: number, part: Uint8Array): number {
  for (let i = 0; i < part.length; i++) buf[at + i] = part[i]!;
  return at + part.length;
}

/** A finite number at `buf[at..]` as JSON writes it (`String`'s digits); returns where it ends. */
function digits(buf: Uint8Array, at: number, v: number): number {
  if (!Number.isSafeInteger(v)) {
    const t = String(v);
    for (let i = 0; i < t.length; i++) buf[at++] = t.charCodeAt(i);
    return at;
  }
  if (v < 0) {
    buf[at++] = 45;
    v = -v;
  }
  // Digits from the last, then turned around in place.
  let end = at;
  do {
    const q = Math.floor(v / 10);
    buf[end++] = 48 + v - q * 10;
    v = q;
  } while (v > 0);
  for (let i = at, j = end - 1; i < j; i++, j--) {
    const t = buf[i]!;
    buf[i] = buf[j]!;
    buf[j] = t;
  }
  return end;
}

/**
 * UTF-8 bytes built in one buffer, reused: handed to `io` (`writeBytes`) whenever it holds about a
 * MB, at the end of a row, so a piece never splits a character.
 */
class ByteWriter {
  private buf = Buffer.allocUnsafe(PIECE + (PIECE >> 2));
  private at = 0;
  constructor(private readonly io: CliIo) {}

  /** Makes room for `n` more bytes. */
  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }

  /** Any text, as UTF-8. */
  text(s: string): void {
    this.room(s.length * 3);
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      if (ch >= 0x80) {
        this.at += buf.write(s, this.at, 'utf8');
        return;
      }
      buf[at++] = ch;
    }
    this.at = at;
  }

  /**
   * A customer's row of the usual shape (`usualCustomer`), as `customerRow` writes it; false, with
   * nothing written, when its strings are not ASCII.
   */
  customer(c: CustomerAging): boolean {
    const id = c.customerId;
    const currency = c.currency;
    const b = c.bucketsMinor;
    this.room(ROW_BYTES + id.length + currency.length + 32 * b.length);
    const buf = this.buf;
    let at = copy(buf, this.at, ROW_START);
    for (let i = 0; i < id.length; i++) {
      const ch = id.charCodeAt(i);
      if (ch >= 0x80) return false;
      buf[at++] = ch;
    }
    at = copy(buf, at, ROW_CURRENCY);
    for (let i = 0; i < currency.length; i++) {
      const ch = currency.charCodeAt(i);
      if (ch >= 0x80) return false;
      buf[at++] = ch;
    }
    at = copy(buf, at, ROW_TOTAL);
    at = digits(buf, at, c.totalMinor);
    at = copy(buf, at, ROW_BUCKETS);
    for (let j = 0; j < b.length; j++) {
      at = copy(buf, at, j > 0 ? ROW_NEXT_BUCKET : ROW_FIRST_BUCKET);
      at = digits(buf, at, b[j]!);
    }
    at = copy(buf, at, ROW_CREDIT);
    at = digits(buf, at, c.unappliedCreditMinor);
    this.at = copy(buf, at, ROW_END);
    return true;
  }

  /** Hands the bytes over once they reach a piece. */
  maybeFlush(): void {
    if (this.at >= PIECE) this.flush();
  }

  flush(): void {
    if (this.at > 0) writeBytes(this.io, this.buf.subarray(0, this.at));
    this.at = 0;
  }
}

/**
 * Writes `JSON.stringify(report, null, 2)` and a line break to `io` as bytes (`writeAgingJson`'s
 * text, through `io.outBytes` when the io has it), the usual customer rows written straight into
 * one reused buffer: numbers as digits, no string per row.
 *
 * @example writeAgingJsonBytes(ageColumnarLedger(ledger, '2026-11-23'), processIo)
 */
export function writeAgingJsonBytes(report: AgingReport, io: CliIo): void {
  if (
    !keysAre(report, REPORT_KEYS) ||
    typeof report.asOf !== 'string' ||
    !Array.isArray(report.buckets) ||
    !Array.isArray(report.customers) ||
    !Array.isArray(report.totals)
  ) {
    writeAgingJson(report, io.out);
    return;
  }
  const w = new ByteWriter(io);
  const nested = (value: unknown) => JSON.stringify(value, null, 2).replaceAll('\n', '\n  ');
  w.text(
    `{\n  "asOf": ${JSON.stringify(report.asOf)},\n  "buckets": ${nested(report.buckets)},\n  "customers": `,
  );
  const customers = report.customers;
  if (customers.length === 0) w.text('[]');
  else {
    w.text('[\n');
    for (let i = 0; i < customers.length; i++) {
      const c = customers[i]!;
      if (!usualCustomer(c) || !w.customer(c)) {
        w.text(
          row(c, CUSTOMER_KEYS, '    ') ?? `    ${JSON.stringify(c, null, 2).replaceAll('\n', '\n    ')}`,
        );
      }
      w.text(i < customers.length - 1 ? ',\n' : '\n');
      w.maybeFlush();
    }
    w.text('  ]');
  }
  w.text(',\n  "totals": ');
  const totals = report.totals;
  if (totals.length === 0) w.text('[]');
  else {
    w.text('[\n');
    for (let i = 0; i < totals.length; i++) {
      const t = totals[i]!;
      w.text(row(t, TOTAL_KEYS, '    ') ?? `    ${JSON.stringify(t, null, 2).replaceAll('\n', '\n    ')}`);
      w.text(i < totals.length - 1 ? ',\n' : '\n');
      w.maybeFlush();
    }
    w.text('  ]');
  }
  w.text('\n}\n');
  w.flush();
}
