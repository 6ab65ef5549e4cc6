// The checks on a whole LEDES invoice once its lines are read: UTBMS codes, line totals, the fields every
// line must agree on, and the invoice the ledger gets.

import { formatMoney } from '../ledger/money.js';
import { decimalText, extendedMinor, fieldNumber, type LedesFieldName, utbmsProblem } from './fields.js';
import type { LedesInvoice, LedesProblem, ReadLine } from './ledes-types.js';

/**
 * UTBMS codes as an e-billing portal checks them: a fee line needs a task code a portal knows, an
 * expense line an expense code. Portals reject such lines; Duebook only collects the money, so
 * they are warnings and the invoice is read.
 */
export function checkUtbms(
  line: ReadLine,
  warning: (field: LedesFieldName, code: string, message: string) => void,
): void {
  const { raw, type } = line;
  if (type === 'F') {
    const task = raw.LINE_ITEM_TASK_CODE;
    if (task === '')
      warning(
        'LINE_ITEM_TASK_CODE',
        'LEDES.TASK_CODE_MISSING',
        'empty; e-billing portals reject a fee line without a UTBMS task code',
      );
    else {
      const why = utbmsProblem('task', task);
      if (why)
        warning('LINE_ITEM_TASK_CODE', 'LEDES.TASK_CODE_UNKNOWN', `${why}; e-billing portals reject it`);
    }
    const activity = raw.LINE_ITEM_ACTIVITY_CODE;
    const why = activity === '' ? undefined : utbmsProblem('activity', activity);
    if (why)
      warning(
        'LINE_ITEM_ACTIVITY_CODE',
        'LEDES.ACTIVITY_CODE_UNKNOWN',
        `${why}; e-billing portals reject it`,
      );
  } else if (type === 'E') {
    const expense = raw.LINE_ITEM_EXPENSE_CODE;
    if (expense === '')
      warning(
        'LINE_ITEM_EXPENSE_CODE',
        'LEDES.EXPENSE_CODE_MISSING',
        'empty; e-billing portals reject an expense line without a UTBMS expense code',
      );
    else {
      const why = utbmsProblem('expense', expense);
      if (why)
        warning(
          'LINE_ITEM_EXPENSE_CODE',
          'LEDES.EXPENSE_CODE_UNKNOWN',
          `${why}; e-billing portals reject it`,
        );
    }
  }
}

/**
 * LINE_ITEM_TOTAL = units × unit cost + adjustment for F/E, = adjustment for IF/IE; in 98BI plus the
 * line's tax, which should be the rate applied to that base (a warning when it is off by more than
 * a minor unit: billing systems round tax differently).
 */
export function checkLineTotal(
  line: ReadLine,
  error: (field: LedesFieldName, code: string, message: string) => void,
  warning: (field: LedesFieldName, code: string, message: string) => void,
): void {
  const { type, totalMinor, adjustmentMinor, units, unitCost, currency } = line;
  if (type === undefined || totalMinor === undefined || adjustmentMinor === undefined) return;
  const show = (minor: number) => formatMoney(minor, currency, { code: false });
  const taxMinor = line.taxMinor ?? 0;
  const withTax = line.taxMinor === undefined ? '' : ` + tax ${show(taxMinor)}`;
  let base: number;
  if (type === 'IF' || type === 'IE') {
    base = adjustmentMinor;
    if (totalMinor !== base + taxMinor) {
      error(
        'LINE_ITEM_TOTAL',
        'LEDES.LINE_TOTAL_MISMATCH',
        `${show(totalMinor)} differs from the adjustment amount ${show(adjustmentMinor)}${withTax}; an ${type} line's total is its adjustment${withTax ? ' plus its tax' : ''}`,
      );
      return;
    }
  } else {
    if (units === undefined || unitCost === undefined) return;
    base = extendedMinor(units, unitCost, currency) + adjustmentMinor;
    if (base + taxMinor !== totalMinor) {
      error(
        'LINE_ITEM_TOTAL',
        'LEDES.LINE_TOTAL_MISMATCH',
        `${show(totalMinor)} is not units × unit cost + adjustment${withTax ? ' + tax' : ''} ` +
          `(${decimalText(units)} × ${decimalText(unitCost)} + ${show(adjustmentMinor)}${withTax} = ${show(base + taxMinor)})`,
      );
      return;
    }
  }
  if (line.taxMinor !== undefined && line.taxRate !== undefined) {
    const expected = Number(
      (BigInt(base) * line.taxRate.scaled * 2n + 10_000n * (base < 0 ? -1n : 1n)) / 20_000n,
    );
    if (Math.abs(expected - taxMinor) > 1) {
      warning(
        'LINE_ITEM_TAX_TOTAL',
        'LEDES.TAX_RATE_MISMATCH',
        `${show(taxMinor)} is not ${decimalText(line.taxRate)} of ${show(base)} (${show(expected)})`,
      );
    }
  }
}

/** Fields every line of one invoice must agree on (errors) or should agree on (warnings: first wins). */
const MUST_AGREE: readonly [LedesFieldName, string][] = [
  ['CLIENT_ID', 'one invoice is owed by one client'],
  ['LAW_FIRM_MATTER_ID', 'one invoice lands in the ledger under one matter'],
];
const SHOULD_AGREE: readonly LedesFieldName[] = [
  'INVOICE_DATE',
  'BILLING_START_DATE',
  'BILLING_END_DATE',
  'INVOICE_DESCRIPTION',
  'LAW_FIRM_ID',
  'CLIENT_MATTER_ID',
];

/** Checks across the lines of one invoice: same header fields, unique line numbers, totals that add up. */
export function checkInvoice(
  invoiceNumber: string,
  group: readonly ReadLine[],
  format: '1998B' | '98BI',
): LedesProblem[] {
  const problems: LedesProblem[] = [];
  const currency = group[0]!.currency;
  const at = (
    line: ReadLine,
    field: LedesFieldName,
    severity: 'error' | 'warning',
    code: string,
    message: string,
  ): LedesProblem => ({
    severity,
    line: line.fileLine,
    field: fieldNumber(field),
    fieldName: field,
    invoiceNumber,
    code,
    message,
  });
  const firstGood = (field: LedesFieldName) => group.find((l) => !l.bad.has(field));

  const mustAgree: readonly [LedesFieldName, string][] =
    format === '98BI'
      ? [...MUST_AGREE, ['INVOICE_CURRENCY', 'one invoice is owed in one currency']]
      : MUST_AGREE;
  for (const [field, why] of mustAgree) {
    const reference = firstGood(field);
    if (!reference) continue;
    for (const line of group) {
      if (line === reference || line.bad.has(field) || line.raw[field] === reference.raw[field]) continue;
      problems.push(
        at(
          line,
          field,
          'error',
          'LEDES.INVOICE_CONFLICT',
          `"${line.raw[field]}" differs from "${reference.raw[field]}" on line ${reference.fileLine} of invoice ${invoiceNumber}; ${why}`,
        ),
      );
    }
  }
  for (const field of SHOULD_AGREE) {
    const reference = firstGood(field);
    if (!reference) continue;
    for (const line of group) {
      if (line === reference || line.bad.has(field) || line.raw[field] === reference.raw[field]) continue;
      problems.push(
        at(
          line,
          field,
          'warning',
          'LEDES.INVOICE_FIELD_DIFFERS',
          `"${truncate(line.raw[field], 40)}" differs from "${truncate(reference.raw[field], 40)}" on line ${reference.fileLine}; the first line's value is used`,
        ),
      );
    }
  }

  const seen = new Map<string, ReadLine>();
  for (const line of group) {
    const number = line.raw.LINE_ITEM_NUMBER;
    if (number === '' || line.bad.has('LINE_ITEM_NUMBER')) continue;
    const earlier = seen.get(number);
    if (earlier) {
      problems.push(
        at(
          line,
          'LINE_ITEM_NUMBER',
          'error',
          'LEDES.LINE_NUMBER_DUPLICATE',
          `line item ${number} of invoice ${invoiceNumber} is already on line ${earlier.fileLine}`,
        ),
      );
    } else seen.set(number, line);
  }

  const show = (minor: number) => formatMoney(minor, currency, { code: false });
  const totalLine = group.find((l) => l.invoiceTotal !== undefined);
  if (totalLine) {
    for (const line of group) {
      if (line.invoiceTotal === undefined || line.invoiceTotal.scaled === totalLine.invoiceTotal!.scaled)
        continue;
      problems.push(
        at(
          line,
          'INVOICE_TOTAL',
          'error',
          'LEDES.INVOICE_TOTAL_DIFFERS',
          `${decimalText(line.invoiceTotal)} differs from ${decimalText(totalLine.invoiceTotal!)} on line ${totalLine.fileLine}; every line of an invoice carries the same total`,
        ),
      );
    }
    const invoiceTotalMinor = totalLine.invoiceTotalMinor;
    if (
      format === '98BI' &&
      invoiceTotalMinor !== undefined &&
      group.every((l) => l.taxMinor !== undefined)
    ) {
      const tax = group.reduce((s, l) => s + l.taxMinor!, 0);
      const taxLine = group.find((l) => l.invoiceTaxMinor !== undefined);
      if (taxLine && taxLine.invoiceTaxMinor !== tax) {
        problems.push(
          at(
            taxLine,
            'INVOICE_TAX_TOTAL',
            'error',
            'LEDES.INVOICE_TAX_MISMATCH',
            `${show(taxLine.invoiceTaxMinor!)} is not the sum of the line taxes of invoice ${invoiceNumber} (${show(tax)})`,
          ),
        );
      }
      const netLine = group.find((l) => l.invoiceNetMinor !== undefined);
      if (netLine && netLine.invoiceNetMinor !== invoiceTotalMinor - tax) {
        problems.push(
          at(
            netLine,
            'INVOICE_NET_TOTAL',
            'error',
            'LEDES.INVOICE_NET_MISMATCH',
            `${show(netLine.invoiceNetMinor!)} is not INVOICE_TOTAL ${show(invoiceTotalMinor)} less the tax ${show(tax)} (${show(invoiceTotalMinor - tax)})`,
          ),
        );
      }
    }
    if (invoiceTotalMinor !== undefined && group.every((l) => l.totalMinor !== undefined)) {
      const sum = group.reduce((s, l) => s + l.totalMinor!, 0);
      if (sum !== invoiceTotalMinor) {
        problems.push(
          at(
            totalLine,
            'INVOICE_TOTAL',
            'error',
            'LEDES.INVOICE_TOTAL_MISMATCH',
            `${show(invoiceTotalMinor)} is not the sum of the line totals of invoice ${invoiceNumber} (${show(sum)} on ${group.length} line${group.length === 1 ? '' : 's'})`,
          ),
        );
      }
    }
  }
  return problems;
}

/** The invoice as returned: invoice-level fields from the first line (the spec's rule), lines in order. */
export function toInvoice(
  invoiceNumber: string,
  group: readonly ReadLine[],
  format: '1998B' | '98BI',
): LedesInvoice {
  const first = group[0]!;
  const currency = first.currency;
  const raw = first.raw;
  const extra: Partial<LedesInvoice> = {};
  if (format === '98BI') {
    extra.taxMinor = group.reduce((sum, l) => sum + (l.taxMinor ?? 0), 0);
    extra.netMinor = first.invoiceTotalMinor! - extra.taxMinor;
    Object.assign(
      extra,
      optional('clientName', raw.CLIENT_NAME),
      optional('clientTaxId', raw.CLIENT_TAX_ID),
      optional('matterName', raw.MATTER_NAME),
      optional('poNumber', raw.PO_NUMBER),
      optional('lawFirmName', raw.LAW_FIRM_NAME),
      optional(
        'lawFirmAddress',
        joinParts([
          raw.LAW_FIRM_ADDRESS_1,
          raw.LAW_FIRM_ADDRESS_2,
          raw.LAW_FIRM_CITY,
          raw.LAW_FIRM_STATEorREGION,
          raw.LAW_FIRM_POSTCODE,
          raw.LAW_FIRM_COUNTRY,
        ]),
      ),
      optional(
        'clientAddress',
        joinParts([
          raw.CLIENT_ADDRESS_1,
          raw.CLIENT_ADDRESS_2,
          raw.CLIENT_CITY,
          raw.CLIENT_STATEorREGION,
          raw.CLIENT_POSTCODE,
          raw.CLIENT_COUNTRY,
        ]),
      ),
    );
  }
  return {
    format,
    ...extra,
    invoiceNumber,
    clientId: first.raw.CLIENT_ID,
    lawFirmMatterId: first.raw.LAW_FIRM_MATTER_ID,
    ...optional('clientMatterId', first.raw.CLIENT_MATTER_ID),
    lawFirmId: first.raw.LAW_FIRM_ID,
    invoiceDate: first.invoiceDate!,
    billingStartDate: first.billingStartDate!,
    billingEndDate: first.billingEndDate!,
    ...optional('description', first.raw.INVOICE_DESCRIPTION),
    currency,
    totalMinor: first.invoiceTotalMinor!,
    lines: group.map((l) => ({
      fileLine: l.fileLine,
      lineItemNumber: l.raw.LINE_ITEM_NUMBER,
      type: l.type!,
      date: l.date!,
      ...optional('units', l.units && decimalText(l.units)),
      ...optional('unitCost', l.unitCost && decimalText(l.unitCost)),
      adjustmentMinor: l.adjustmentMinor!,
      totalMinor: l.totalMinor!,
      ...optional('taskCode', l.raw.LINE_ITEM_TASK_CODE),
      ...optional('expenseCode', l.raw.LINE_ITEM_EXPENSE_CODE),
      ...optional('activityCode', l.raw.LINE_ITEM_ACTIVITY_CODE),
      ...optional('timekeeperId', l.raw.TIMEKEEPER_ID),
      ...optional('timekeeperName', l.raw.TIMEKEEPER_NAME),
      ...optional('timekeeperClassification', l.raw.TIMEKEEPER_CLASSIFICATION),
      ...optional('description', l.raw.LINE_ITEM_DESCRIPTION),
      ...(l.taxMinor === undefined ? {} : { taxMinor: l.taxMinor }),
      ...optional('taxRate', l.taxRate && decimalText(l.taxRate)),
      ...optional('taxType', l.raw.LINE_ITEM_TAX_TYPE),
    })),
  };
}

/** Non-empty parts joined with `, `. */
export function joinParts(parts: readonly (string | undefined)[]): string {
  return parts.filter((p) => p !== undefined && p.trim() !== '').join(', ');
}

/** `{ key: value }` for a non-empty value, `{}` otherwise, so absent fields are absent, not undefined. */
function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, string>);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
