// Writes `duebook age --json` (an aging report of a million invoices is 100,000 customers, tens of
// MB) as bytes in pieces, with exactly the bytes `JSON.stringify(report, null, 2)` gives: a customer
// row of the shape `ageBook` gives is written from that known shape, anything else by `JsonBytes`'
// general writer.
import type { AgingReport, CustomerAging } from '../core/ledger/aging.js';
import { type CliIo, writeBytes } from './io.js';
import { JsonBytes } from './json-bytes.js';

const REPORT_KEYS = ['asOf', 'buckets', 'customers', 'totals'];
const CUSTOMER_KEYS = ['customerId', 'currency', 'totalMinor', 'bucketsMinor', 'unappliedCreditMinor'];

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

/** True for a customer's row of the shape `ageBook` gives (its strings are escaped as JSON escapes them). */
function usualCustomer(c: CustomerAging): boolean {
  return (
    c !== null &&
    typeof c === 'object' &&
    keysAre(c, CUSTOMER_KEYS) &&
    typeof c.customerId === 'string' &&
    typeof c.currency === 'string' &&
    finite(c.totalMinor) &&
    finite(c.unappliedCreditMinor) &&
    isNumbers(c.bucketsMinor)
  );
}

// The fixed parts of a customer's row at depth 2, as bytes.
const ascii = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
const ROW_START = ascii('{\n      "customerId": ');
const ROW_CURRENCY = ascii(',\n      "currency": ');
const ROW_TOTAL = ascii(',\n      "totalMinor": ');
const ROW_FIRST_BUCKET = ascii(',\n      "bucketsMinor": [\n        ');
const ROW_NEXT_BUCKET = ascii(',\n        ');
const ROW_CREDIT = ascii('\n      ],\n      "unappliedCreditMinor": ');
const ROW_END = ascii('\n    }');

/** A customer's row of the usual shape (`usualCustomer`) at depth 2, with no key looked up. */
function writeCustomer(w: JsonBytes, c: CustomerAging): void {
  w.bytes(ROW_START);
  w.string(c.customerId);
  w.bytes(ROW_CURRENCY);
  w.string(c.currency);
  w.bytes(ROW_TOTAL);
  w.number(c.totalMinor);
  const b = c.bucketsMinor;
  for (let j = 0; j < b.length; j++) {
    w.bytes(j > 0 ? ROW_NEXT_BUCKET : ROW_FIRST_BUCKET);
    w.number(b[j]!);
  }
  w.bytes(ROW_CREDIT);
  w.number(c.unappliedCreditMinor);
  w.bytes(ROW_END);
}

/**
 * Writes `JSON.stringify(report, null, 2)` and a line break to `io` as bytes (through `io.outBytes`
 * when the io has it, else as text through `io.out`), in pieces of about a MB, the usual customer
 * rows straight from their known shape: numbers as digits, no string per row.
 *
 * @example writeAgingJsonBytes(ageColumnarLedger(ledger, '2026-11-23'), processIo)
 */
export function writeAgingJsonBytes(report: AgingReport, io: CliIo): void {
  const w = new JsonBytes((bytes) => writeBytes(io, bytes));
  if (
    !keysAre(report, REPORT_KEYS) ||
    typeof report.asOf !== 'string' ||
    !Array.isArray(report.buckets) ||
    !Array.isArray(report.customers) ||
    !Array.isArray(report.totals)
  ) {
    w.value(report, 0);
    w.ascii('\n');
    w.flush();
    return;
  }
  w.ascii('{');
  w.key('asOf', 1);
  w.string(report.asOf);
  w.ascii(',');
  w.key('buckets', 1);
  w.value(report.buckets, 1, 'buckets');
  w.ascii(',');
  w.key('customers', 1);
  const customers = report.customers;
  if (customers.length === 0) w.ascii('[]');
  else {
    w.ascii('[');
    for (let i = 0; i < customers.length; i++) {
      const c = customers[i]!;
      if (i > 0) w.ascii(',');
      w.newline(2);
      if (usualCustomer(c)) writeCustomer(w, c);
      else if (!w.value(c, 2, String(i))) w.ascii('null');
      w.piece();
    }
    w.newline(1);
    w.ascii(']');
  }
  w.ascii(',');
  w.key('totals', 1);
  w.value(report.totals, 1, 'totals');
  w.ascii('\n}\n');
  w.flush();
}
