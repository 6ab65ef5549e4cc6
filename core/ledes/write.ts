// Writes invoices as a LEDES 1998B file: the inverse of parse.ts, for exports and round-trip tests.
import { currencyExponent } from '../ledger/money.js';
import { isoToLedesDate, LEDES_1998B_ID, LEDES_FIELDS, parseLedesDecimal } from './fields.js';
import type { LedesInvoice, LedesLine } from './ledes-types.js';

export interface LedesWriteOptions {
  /** Line end after every line, the last one included; default CRLF, as billing systems write it. */
  lineEnd?: '\r\n' | '\n';
}

/**
 * Thrown when a value cannot be written as LEDES 1998B: text holding `|`, `[]` or a line break, or
 * units or a unit cost that is not a plain decimal of at most 10 digits and 4 decimals.
 */
export class LedesWriteError extends Error {
  readonly code = 'LEDES.UNWRITABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LedesWriteError';
  }
}

/** Minor units as the plain decimal LEDES expects: `168445` USD -> `1684.45`, `-7000` -> `-70.00`. */
export function minorToLedes(minor: number, currency: string): string {
  const exp = currencyExponent(currency);
  const digits = String(Math.abs(minor)).padStart(exp + 1, '0');
  const whole = digits.slice(0, digits.length - exp);
  const frac = exp > 0 ? `.${digits.slice(digits.length - exp)}` : '';
  return `${minor < 0 ? '-' : ''}${whole}${frac}`;
}

/**
 * Writes invoices as one LEDES 1998B file: the identifier line, the field names, then one line per
 * line item with the invoice's fields repeated on each. Reading the result with `parseLedes` in the
 * same currency gives the invoices back. Throws {@link LedesWriteError} naming the invoice, line item
 * and field when a value contains the field separator, the line terminator `[]` or a line break,
 * or when units or a unit cost is not a plain decimal.
 *
 * @example writeLedes(parseLedes(text).invoices)
 */
export function writeLedes(invoices: readonly LedesInvoice[], options: LedesWriteOptions = {}): string {
  const eol = options.lineEnd ?? '\r\n';
  const out = [`${LEDES_1998B_ID}[]`, `${LEDES_FIELDS.join('|')}[]`];
  for (const invoice of invoices) {
    for (const line of invoice.lines) out.push(`${lineFields(invoice, line).join('|')}[]`);
  }
  return out.map((l) => l + eol).join('');
}

function lineFields(invoice: LedesInvoice, line: LedesLine): string[] {
  const money = (minor: number) => minorToLedes(minor, invoice.currency);
  const values: Record<(typeof LEDES_FIELDS)[number], string> = {
    INVOICE_DATE: isoToLedesDate(invoice.invoiceDate),
    INVOICE_NUMBER: invoice.invoiceNumber,
    CLIENT_ID: invoice.clientId,
    LAW_FIRM_MATTER_ID: invoice.lawFirmMatterId,
    INVOICE_TOTAL: money(invoice.totalMinor),
    BILLING_START_DATE: isoToLedesDate(invoice.billingStartDate),
    BILLING_END_DATE: isoToLedesDate(invoice.billingEndDate),
    INVOICE_DESCRIPTION: invoice.description ?? '',
    LINE_ITEM_NUMBER: line.lineItemNumber,
    'EXP/FEE/INV_ADJ_TYPE': line.type,
    LINE_ITEM_NUMBER_OF_UNITS: line.units ?? '',
    LINE_ITEM_ADJUSTMENT_AMOUNT: money(line.adjustmentMinor),
    LINE_ITEM_TOTAL: money(line.totalMinor),
    LINE_ITEM_DATE: isoToLedesDate(line.date),
    LINE_ITEM_TASK_CODE: line.taskCode ?? '',
    LINE_ITEM_EXPENSE_CODE: line.expenseCode ?? '',
    LINE_ITEM_ACTIVITY_CODE: line.activityCode ?? '',
    TIMEKEEPER_ID: line.timekeeperId ?? '',
    LINE_ITEM_DESCRIPTION: line.description ?? '',
    LAW_FIRM_ID: invoice.lawFirmId,
    LINE_ITEM_UNIT_COST: line.unitCost ?? '',
    TIMEKEEPER_NAME: line.timekeeperName ?? '',
    TIMEKEEPER_CLASSIFICATION: line.timekeeperClassification ?? '',
    CLIENT_MATTER_ID: invoice.clientMatterId ?? '',
  };
  const where = `invoice ${invoice.invoiceNumber}, line item ${line.lineItemNumber}`;
  for (const field of ['LINE_ITEM_NUMBER_OF_UNITS', 'LINE_ITEM_UNIT_COST'] as const) {
    const value = values[field];
    const parsed = parseLedesDecimal(value, 10);
    if (value !== '' && !parsed.ok) throw new LedesWriteError(`${where}, field ${field}: ${parsed.message}`);
  }
  return LEDES_FIELDS.map((field) => {
    const value = values[field];
    if (/[|\r\n]|\[\]/.test(value)) {
      throw new LedesWriteError(
        `${where}, field ${field}: ` +
          `${JSON.stringify(value)} contains |, [] or a line break, which LEDES 1998B cannot carry`,
      );
    }
    return value;
  });
}
