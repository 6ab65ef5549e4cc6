// Reads a LEDES 1998B or 98BI invoice file into invoices with their lines, and every problem with line
// and field: lenient (a warning) where other readers are, strict (an error) where a portal would reject.

import type { IsoDate } from '../ledger/dates.js';
import {
  decimalText,
  decimalToMinor,
  fieldNumber,
  LEDES_98BI_FIELDS,
  LEDES_98BI_ID,
  LEDES_1998B_ID,
  LEDES_FIELDS,
  LEDES_LINE_TYPES,
  type LedesDecimal,
  type LedesFieldName,
  type LedesLineType,
  ledesDateToIso,
  parseLedesDecimal,
  TIMEKEEPER_CLASSIFICATIONS,
} from './fields.js';
import { checkInvoice, checkLineTotal, checkUtbms, toInvoice, truncate } from './invoice-checks.js';
import type { LedesInvoice, LedesParse, LedesParseOptions, LedesProblem, ReadLine } from './ledes-types.js';
import { parseLedesXmlText } from './parse-xml.js';

/** A pipe-delimited LEDES layout: its first line and its fields. */
interface Layout {
  format: '1998B' | '98BI';
  id: string;
  fields: readonly LedesFieldName[];
}

const LAYOUTS: readonly Layout[] = [
  { format: '1998B', id: LEDES_1998B_ID, fields: LEDES_FIELDS },
  { format: '98BI', id: LEDES_98BI_ID, fields: LEDES_98BI_FIELDS },
];

/** 98BI allows longer invoice numbers and firm ids, and bounds its own fields. */
const MAX_LENGTH_98BI: Partial<Record<LedesFieldName, number>> = {
  INVOICE_NUMBER: 50,
  LAW_FIRM_ID: 50,
  PO_NUMBER: 100,
  CLIENT_TAX_ID: 20,
  MATTER_NAME: 255,
  INVOICE_CURRENCY: 3,
  TIMEKEEPER_LAST_NAME: 30,
  TIMEKEEPER_FIRST_NAME: 30,
  ACCOUNT_TYPE: 1,
  LAW_FIRM_NAME: 60,
  CLIENT_NAME: 60,
  LINE_ITEM_TAX_TYPE: 20,
  INVOICE_TAX_CURRENCY: 3,
};

/** Fields 98BI requires beyond those of 1998B. */
const REQUIRED_98BI: ReadonlySet<LedesFieldName> = new Set([
  'MATTER_NAME',
  'INVOICE_NET_TOTAL',
  'INVOICE_CURRENCY',
  'ACCOUNT_TYPE',
  'LINE_ITEM_TAX_TOTAL',
]);

/** Longest text the spec allows per field (descriptions: 15 KB, counted here in characters). */
const MAX_LENGTH: Partial<Record<LedesFieldName, number>> = {
  INVOICE_NUMBER: 20,
  CLIENT_ID: 20,
  LAW_FIRM_MATTER_ID: 20,
  INVOICE_DESCRIPTION: 15_360,
  LINE_ITEM_NUMBER: 20,
  LINE_ITEM_TASK_CODE: 20,
  LINE_ITEM_EXPENSE_CODE: 20,
  LINE_ITEM_ACTIVITY_CODE: 20,
  TIMEKEEPER_ID: 20,
  LINE_ITEM_DESCRIPTION: 15_360,
  LAW_FIRM_ID: 20,
  TIMEKEEPER_NAME: 30,
  CLIENT_MATTER_ID: 20,
};

const REQUIRED: ReadonlySet<LedesFieldName> = new Set([
  'INVOICE_DATE',
  'INVOICE_NUMBER',
  'CLIENT_ID',
  'LAW_FIRM_MATTER_ID',
  'INVOICE_TOTAL',
  'BILLING_START_DATE',
  'BILLING_END_DATE',
  'LINE_ITEM_NUMBER',
  'EXP/FEE/INV_ADJ_TYPE',
  'LINE_ITEM_TOTAL',
  'LINE_ITEM_DATE',
  'LAW_FIRM_ID',
]);

/** Digits allowed before the decimal point: 14 for totals, 10 for line amounts (spec {14.4}, {10.4}). */
const MAX_DIGITS: Partial<Record<LedesFieldName, number>> = {
  INVOICE_TOTAL: 14,
  LINE_ITEM_TOTAL: 14,
  LINE_ITEM_NUMBER_OF_UNITS: 10,
  LINE_ITEM_ADJUSTMENT_AMOUNT: 10,
  LINE_ITEM_UNIT_COST: 10,
  INVOICE_TAX_TOTAL: 14,
  INVOICE_NET_TOTAL: 14,
  LINE_ITEM_TAX_RATE: 10,
  LINE_ITEM_TAX_TOTAL: 14,
  INVOICE_REPORTED_TAX_TOTAL: 14,
};

// Invoice number and client id become ledger ids; keep to what the ledger's id column accepts.
const LEDGER_ID = /^[A-Za-z0-9][A-Za-z0-9._\-/#]*$/;

const LINE_TYPE_WORD: Readonly<Record<string, string>> = { F: 'a fee', E: 'an expense' };

/**
 * Parses a LEDES 1998B file. Tolerates CRLF or LF line ends, a missing final line end, a UTF-8 BOM
 * and blank or space-only lines; collects every problem instead of stopping at the first. An invoice
 * with an error is left out (listed in `rejected`), the others are returned; a wrong first or second
 * line rejects every invoice. See docs/ledes.md for which checks are errors and which warnings.
 *
 * @example parseLedes(text, { currency: 'USD' }).invoices[0].totalMinor // 168445
 */
export function parseLedes(text: string, options: LedesParseOptions = {}): LedesParse {
  const currency = options.currency ?? 'USD';
  const problems: LedesProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let fileBroken = false;

  // Blank lines before the header are common in files saved by hand; without skipping them the
  // header would be read as data (a phantom invoice "INVOICE_NUMBER").
  let h = 0;
  while (h < lines.length - 1 && lines[h]!.trim() === '') h++;
  if (h > 0) {
    problems.push({
      severity: 'warning',
      line: 1,
      code: 'LEDES.BLANK_BEFORE_HEADER',
      message: `${h} blank line${h === 1 ? '' : 's'} before the "LEDES..." line; skipped, but a portal may reject the file`,
    });
  }
  const first = lines[h] ?? '';
  if (first.trimStart().startsWith('<')) return parseLedesXmlText(text, options);
  const layout = layoutOf(first);
  if (layout === undefined) {
    fileBroken = true;
    problems.push({
      severity: 'error',
      line: h + 1,
      code: 'LEDES.NOT_1998B',
      message: `expected "${LEDES_1998B_ID}[]" or "${LEDES_98BI_ID}[]", found "${truncate(first, 40)}"; LEDES 1998B, LEDES 98BI and LEDES XML 2.x are read, other formats are not supported`,
    });
  } else if (first.trim() !== `${layout.id}[]`) {
    problems.push({
      severity: 'warning',
      line: h + 1,
      code: 'LEDES.HEADER_SPELLING',
      message: `"${truncate(first.trim(), 40)}" read as "${layout.id}[]"`,
    });
  }
  const fields = layout?.fields ?? LEDES_FIELDS;
  const fieldsProblems = checkFieldNames(lines[h + 1] ?? '', fields, h + 2);
  if (fieldsProblems.length > 0) fileBroken = true;
  problems.push(...fieldsProblems);

  const read: ReadLine[] = [];
  for (let i = h + 2; i < lines.length; i++) {
    const textLine = lines[i]!;
    if (textLine.trim() === '') continue;
    const result = readLine(textLine, i + 1, currency, layout ?? LAYOUTS[0]!);
    problems.push(...result.problems);
    read.push(result.line);
  }
  if (read.length === 0 && !fileBroken) {
    problems.push({
      severity: 'warning',
      line: lines.length,
      code: 'LEDES.EMPTY',
      message: 'no invoice lines',
    });
  }

  const groups = new Map<string, ReadLine[]>();
  for (const line of read) {
    const key = line.raw.INVOICE_NUMBER;
    if (key === '') continue;
    const group = groups.get(key);
    if (group) group.push(line);
    else groups.set(key, [line]);
  }

  const invoices: LedesInvoice[] = [];
  const rejected: string[] = [];
  for (const [invoiceNumber, group] of groups) {
    const groupProblems = checkInvoice(invoiceNumber, group, layout?.format ?? '1998B');
    problems.push(...groupProblems);
    const failed =
      fileBroken || group.some((l) => l.hasError) || groupProblems.some((p) => p.severity === 'error');
    if (failed) rejected.push(invoiceNumber);
    else invoices.push(toInvoice(invoiceNumber, group, layout?.format ?? '1998B'));
  }
  problems.sort((a, b) => a.line - b.line || (a.field ?? 0) - (b.field ?? 0));
  return { invoices, rejected, problems };
}

/** The layout a first line names: exact, or in other letter case or spacing (`ledes98bi v2[]`). */
function layoutOf(line: string): Layout | undefined {
  const squeezed = line.trim().toUpperCase().replace(/\s+/g, ' ');
  for (const layout of LAYOUTS) {
    if (squeezed === `${layout.id}[]` || squeezed === `${layout.id.replace(' ', '')}[]`) return layout;
  }
  // `LEDES98BI[]` without the version: the only 98BI there is.
  return squeezed === 'LEDES98BI[]' ? LAYOUTS[1] : undefined;
}

/** The line after the header must list the layout's field names in order; each wrong one is reported. */
function checkFieldNames(line: string, fields: readonly LedesFieldName[], lineNo: number): LedesProblem[] {
  const trimmed = line.trimEnd();
  if (trimmed === `${fields.join('|')}[]`) return [];
  const problems: LedesProblem[] = [];
  const broken = (message: string): LedesProblem => ({
    severity: 'error',
    line: lineNo,
    code: 'LEDES.FIELD_NAMES',
    message,
  });
  if (!trimmed.endsWith('[]')) problems.push(broken('the line of field names does not end with []'));
  const names = trimmed.replace(/\[\]$/, '').split('|');
  names.forEach((name, i) => {
    const expected = fields[i];
    if (expected !== undefined && name !== expected) {
      problems.push({
        ...broken(`the header says "${truncate(name, 40)}", expected ${expected}`),
        field: i + 1,
        fieldName: expected,
      });
    }
  });
  if (names.length !== fields.length)
    problems.push(broken(`the header names ${names.length} fields, expected ${fields.length}`));
  return problems;
}

/** Splits and checks one data line field by field; every problem is collected. */
function readLine(
  text: string,
  fileLine: number,
  defaultCurrency: string,
  layout: Layout,
): { line: ReadLine; problems: LedesProblem[] } {
  const problems: LedesProblem[] = [];
  const fields = layout.fields;
  const bi = layout.format === '98BI';
  const trimmed = text.trimEnd();
  const terminated = trimmed.endsWith('[]');
  const values = (terminated ? trimmed.slice(0, -2) : trimmed).split('|');
  const invoiceNumber = values.length > 1 && values[1]!.trim() !== '' ? values[1]!.trim() : undefined;
  const lineProblem = (code: string, message: string): LedesProblem => ({
    severity: 'error',
    line: fileLine,
    invoiceNumber,
    code,
    message,
  });
  if (!terminated) problems.push(lineProblem('LEDES.NO_TERMINATOR', 'the line does not end with []'));
  if (values.length !== fields.length) {
    problems.push(
      lineProblem(
        'LEDES.FIELD_COUNT',
        `${values.length} field${values.length === 1 ? '' : 's'}, expected ${fields.length} separated by |`,
      ),
    );
    // Without every field nothing can be matched to a field name; the invoice is rejected by number.
    const raw = Object.fromEntries(
      LEDES_98BI_FIELDS.map((f, i) => [f, i === 1 ? (invoiceNumber ?? '') : '']),
    );
    return {
      line: {
        fileLine,
        raw: raw as ReadLine['raw'],
        bad: new Set(LEDES_98BI_FIELDS),
        hasError: true,
        currency: defaultCurrency,
      },
      problems,
    };
  }
  const padded: LedesFieldName[] = [];
  const rawEntries = LEDES_98BI_FIELDS.map((f) => {
    const i = fields.indexOf(f);
    const value = i === -1 ? '' : values[i]!;
    const clean = value.trim();
    if (clean !== value && clean !== '') padded.push(f);
    return [f, clean];
  });
  const raw = Object.fromEntries(rawEntries) as ReadLine['raw'];
  const line: ReadLine = { fileLine, raw, bad: new Set(), hasError: !terminated, currency: defaultCurrency };
  const report = (field: LedesFieldName, severity: 'error' | 'warning', code: string, message: string) => {
    problems.push({
      severity,
      line: fileLine,
      field: fieldNumber(field),
      fieldName: field,
      invoiceNumber,
      code,
      message,
    });
    if (severity === 'error') {
      line.bad.add(field);
      line.hasError = true;
    }
  };
  const error = (field: LedesFieldName, code: string, message: string) =>
    report(field, 'error', code, message);
  const warning = (field: LedesFieldName, code: string, message: string) =>
    report(field, 'warning', code, message);

  // Other readers trim spaces around values; a portal's validator flags them.
  for (const field of padded)
    warning(field, 'LEDES.PADDED', 'has spaces around its value; read without them');

  for (const field of fields) {
    const value = raw[field];
    if (value === '') {
      if (REQUIRED.has(field) || (bi && REQUIRED_98BI.has(field)))
        error(field, 'LEDES.REQUIRED', 'empty; the field is required');
      continue;
    }
    const max = (bi ? MAX_LENGTH_98BI[field] : undefined) ?? MAX_LENGTH[field];
    if (max !== undefined && value.length > max)
      error(field, 'LEDES.TOO_LONG', `${value.length} characters, at most ${max} allowed`);
    const nonAscii = /[^\x20-\x7e]/.exec(value);
    if (nonAscii) {
      const code = nonAscii[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      warning(
        field,
        'LEDES.NOT_ASCII',
        `contains "${nonAscii[0]}" (U+${code}); LEDES ${layout.format} expects plain ASCII`,
      );
    }
    if (/[[\]]/.test(value)) {
      warning(
        field,
        'LEDES.BRACKETS',
        `"${truncate(value, 40)}" contains a bracket; "[]" ends a LEDES line, so a portal may cut the line there`,
      );
    }
  }

  if (bi) {
    const code = raw.INVOICE_CURRENCY.toUpperCase();
    if (/^[A-Z]{3}$/.test(code)) {
      if (code !== raw.INVOICE_CURRENCY)
        warning('INVOICE_CURRENCY', 'LEDES.CURRENCY_CASE', `read as ${code}`);
      line.currency = code;
    } else if (raw.INVOICE_CURRENCY !== '') {
      error(
        'INVOICE_CURRENCY',
        'LEDES.CURRENCY_INVALID',
        `"${raw.INVOICE_CURRENCY}" is not an ISO 4217 code`,
      );
    }
    const account = raw.ACCOUNT_TYPE.toUpperCase();
    if (account !== '' && account !== 'O' && account !== 'T')
      error(
        'ACCOUNT_TYPE',
        'LEDES.ACCOUNT_TYPE_INVALID',
        `"${raw.ACCOUNT_TYPE}" is not O (own) or T (third party)`,
      );
  }
  const currency = line.currency;

  const date = (field: LedesFieldName): IsoDate | undefined => {
    const value = raw[field];
    if (value === '') return undefined;
    const iso = ledesDateToIso(value);
    if (iso === undefined) error(field, 'LEDES.DATE_INVALID', `"${value}" is not a date (CCYYMMDD)`);
    return iso;
  };
  line.invoiceDate = date('INVOICE_DATE');
  line.billingStartDate = date('BILLING_START_DATE');
  line.billingEndDate = date('BILLING_END_DATE');
  line.date = date('LINE_ITEM_DATE');

  for (const field of ['INVOICE_NUMBER', 'CLIENT_ID'] as const) {
    const value = raw[field];
    if (value !== '' && !line.bad.has(field) && !LEDGER_ID.test(value))
      error(field, 'LEDES.ID_INVALID', `"${value}" must start with a letter or digit and use only . _ - / #`);
  }

  const typeText = raw['EXP/FEE/INV_ADJ_TYPE'];
  const typeUpper = typeText.toUpperCase();
  if ((LEDES_LINE_TYPES as readonly string[]).includes(typeUpper)) {
    line.type = typeUpper as LedesLineType;
    if (typeUpper !== typeText)
      warning(
        'EXP/FEE/INV_ADJ_TYPE',
        'LEDES.TYPE_CASE',
        `"${typeText}" read as ${typeUpper}; the spec uses capitals`,
      );
  } else if (typeText !== '')
    error('EXP/FEE/INV_ADJ_TYPE', 'LEDES.TYPE_INVALID', `"${typeText}" is not F, E, IF or IE`);

  const decimal = (field: LedesFieldName): LedesDecimal | undefined => {
    const value = raw[field];
    if (value === '') return undefined;
    const parsed = parseLedesDecimal(value, MAX_DIGITS[field]!);
    if (!parsed.ok) {
      error(field, 'LEDES.NUMBER_INVALID', parsed.message);
      return undefined;
    }
    if (parsed.plus)
      warning(
        field,
        'LEDES.PLUS_SIGN',
        `"${value}" has a + sign, which the spec does not use; read as ${decimalText(parsed.value)}`,
      );
    return parsed.value;
  };
  const money = (field: LedesFieldName, value: LedesDecimal | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const minor = decimalToMinor(value, currency);
    if (!minor.ok) {
      error(field, 'LEDES.AMOUNT_INVALID', minor.message);
      return undefined;
    }
    return minor.minor;
  };
  line.invoiceTotal = decimal('INVOICE_TOTAL');
  line.invoiceTotalMinor = money('INVOICE_TOTAL', line.invoiceTotal);
  line.units = decimal('LINE_ITEM_NUMBER_OF_UNITS');
  line.unitCost = decimal('LINE_ITEM_UNIT_COST');
  const adjustment =
    decimal('LINE_ITEM_ADJUSTMENT_AMOUNT') ??
    (raw.LINE_ITEM_ADJUSTMENT_AMOUNT === '' ? { scaled: 0n } : undefined);
  line.adjustmentMinor = money('LINE_ITEM_ADJUSTMENT_AMOUNT', adjustment);
  line.totalMinor = money('LINE_ITEM_TOTAL', decimal('LINE_ITEM_TOTAL'));
  if (bi) {
    line.taxMinor = money('LINE_ITEM_TAX_TOTAL', decimal('LINE_ITEM_TAX_TOTAL'));
    line.taxRate = decimal('LINE_ITEM_TAX_RATE');
    line.invoiceTaxMinor = money('INVOICE_TAX_TOTAL', decimal('INVOICE_TAX_TOTAL'));
    line.invoiceNetMinor = money('INVOICE_NET_TOTAL', decimal('INVOICE_NET_TOTAL'));
    decimal('INVOICE_REPORTED_TAX_TOTAL');
  }

  // Fees and expenses are units × unit cost; only invoice-level adjustments may leave them out.
  const isAdjustment = line.type === 'IF' || line.type === 'IE';
  if (!isAdjustment && typeText !== '') {
    const what = LINE_TYPE_WORD[typeUpper] ?? 'a fee or expense';
    if (raw.LINE_ITEM_NUMBER_OF_UNITS === '')
      error('LINE_ITEM_NUMBER_OF_UNITS', 'LEDES.REQUIRED', `empty; ${what} line needs a number of units`);
    if (raw.LINE_ITEM_UNIT_COST === '')
      error('LINE_ITEM_UNIT_COST', 'LEDES.REQUIRED', `empty; ${what} line needs a unit cost`);
  }
  checkUtbms(line, warning);

  const classification = raw.TIMEKEEPER_CLASSIFICATION;
  if (classification !== '' && !TIMEKEEPER_CLASSIFICATIONS.has(classification)) {
    warning(
      'TIMEKEEPER_CLASSIFICATION',
      'LEDES.CLASSIFICATION_UNKNOWN',
      `"${classification}" is not one of the spec's timekeeper classifications (e.g. PARTNR, ASSOC, PARALG)`,
    );
  }

  checkLineTotal(line, error, warning);
  return { line, problems };
}
