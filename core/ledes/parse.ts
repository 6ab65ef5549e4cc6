// Reads a LEDES 1998B or 98BI invoice file into invoices with their lines, and every problem with line
// and field: lenient (a warning) where other readers are, strict (an error) where a portal would reject.
import type { IsoDate } from '../dates.js';
import { formatMoney } from '../money.js';
import {
  decimalText,
  decimalToMinor,
  extendedMinor,
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
  utbmsProblem,
} from './fields.js';
import { parseLedesXmlText } from './parse-xml.js';

/** One line item. Amounts of money are in minor units; units and unit cost keep up to 4 decimals. */
export interface LedesLine {
  /** The line of the file it was read from (the first data line is line 3). */
  fileLine: number;
  lineItemNumber: string;
  type: LedesLineType;
  date: IsoDate;
  /** Hours or quantity as the shortest decimal text (`2.00` reads as `2`); absent when empty. */
  units?: string;
  /** Rate or price per unit in the currency, as the shortest decimal text; absent when empty. */
  unitCost?: string;
  /** Discount (negative) or surcharge on the line; for IF/IE lines, the adjustment itself. */
  adjustmentMinor: number;
  totalMinor: number;
  taskCode?: string;
  expenseCode?: string;
  activityCode?: string;
  timekeeperId?: string;
  timekeeperName?: string;
  timekeeperClassification?: string;
  description?: string;
  /** 98BI: the line's tax (LINE_ITEM_TAX_TOTAL), included in `totalMinor`. */
  taxMinor?: number;
  /** 98BI: LINE_ITEM_TAX_RATE as the shortest decimal text (`0.2` is 20%). */
  taxRate?: string;
  /** 98BI: LINE_ITEM_TAX_TYPE, e.g. `VAT`, `GST`. */
  taxType?: string;
}

/** The LEDES format an invoice was read from. */
export type LedesFormat = '1998B' | '98BI' | 'XML';

/** One invoice: the fields every line repeats, taken from its first line, and its lines in file order. */
export interface LedesInvoice {
  invoiceNumber: string;
  clientId: string;
  /** The firm's matter code (required by the spec); the ledger's `matter`. */
  lawFirmMatterId: string;
  /** The client's own matter code, when the firm sends it. */
  clientMatterId?: string;
  lawFirmId: string;
  invoiceDate: IsoDate;
  billingStartDate: IsoDate;
  billingEndDate: IsoDate;
  description?: string;
  /** LEDES 1998B has no currency field: it is what the caller said the file is in; 98BI and XML say. */
  currency: string;
  /** What the client owes, tax included. */
  totalMinor: number;
  lines: LedesLine[];
  format: LedesFormat;
  /** 98BI / XML: the sum of the lines' tax. */
  taxMinor?: number;
  /** 98BI / XML: the total without tax (INVOICE_NET_TOTAL). */
  netMinor?: number;
  clientName?: string;
  clientTaxId?: string;
  matterName?: string;
  poNumber?: string;
  lawFirmName?: string;
  /** One line, parts joined with `, `. */
  lawFirmAddress?: string;
  clientAddress?: string;
}

/**
 * A problem in the file. Errors keep the invoice (or, on lines 1 and 2, the whole file) out of the
 * import; warnings are reported and the invoice is imported.
 */
export interface LedesProblem {
  severity: 'error' | 'warning';
  /** 1-based line of the file. */
  line: number;
  /** 1-based field number and its name, when the problem is in one field. */
  field?: number;
  fieldName?: LedesFieldName;
  /** LEDES XML: the element at fault, e.g. `inv_date`. */
  element?: string;
  /** The invoice the line belongs to, when its INVOICE_NUMBER could be read. */
  invoiceNumber?: string;
  code: string;
  message: string;
}

export interface LedesParse {
  /** Invoices without errors, in the order their first line appears. */
  invoices: LedesInvoice[];
  /** Invoice numbers left out because of an error (their own, or the file's header). */
  rejected: string[];
  /** Every problem found, in file order; errors and warnings. */
  problems: LedesProblem[];
}

export interface LedesParseOptions {
  /** Currency of the amounts (LEDES 1998B does not say); default `USD`. */
  currency?: string;
}

/**
 * `Line 3, field 21 LINE_ITEM_UNIT_COST: empty; an expense line needs a unit cost`, with
 * ` (warning)` appended for warnings.
 */
export function formatLedesProblem(p: LedesProblem): string {
  const where =
    p.field !== undefined
      ? `Line ${p.line}, field ${p.field} ${p.fieldName}`
      : p.element !== undefined
        ? `Line ${p.line}, <${p.element}>`
        : `Line ${p.line}`;
  return `${where}: ${p.message}${p.severity === 'warning' ? ' (warning)' : ''}`;
}

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

/** One data line's fields as read, before it is grouped into its invoice. */
interface ReadLine {
  fileLine: number;
  raw: Readonly<Record<LedesFieldName, string>>;
  /** Fields that already have an error, so the cross-line checks do not repeat it. */
  bad: Set<LedesFieldName>;
  invoiceDate?: IsoDate;
  billingStartDate?: IsoDate;
  billingEndDate?: IsoDate;
  date?: IsoDate;
  type?: LedesLineType;
  units?: LedesDecimal;
  unitCost?: LedesDecimal;
  adjustmentMinor?: number;
  totalMinor?: number;
  invoiceTotal?: LedesDecimal;
  invoiceTotalMinor?: number;
  /** The currency the line's amounts are in: the file's (98BI) or the caller's (1998B). */
  currency: string;
  taxMinor?: number;
  taxRate?: LedesDecimal;
  invoiceTaxMinor?: number;
  invoiceNetMinor?: number;
  hasError: boolean;
}

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

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
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

/**
 * UTBMS codes as an e-billing portal checks them: a fee line needs a task code a portal knows, an
 * expense line an expense code. Portals reject such lines; Duebook only collects the money, so
 * they are warnings and the invoice is read.
 */
function checkUtbms(
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
function checkLineTotal(
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
function checkInvoice(
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
function toInvoice(
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
