// The LEDES layouts shared by the reader and the writer: the 24 fields of 1998B, the 52 of 98BI, line
// types, UTBMS codes, and exact decimals.
import { type IsoDate, parseIsoDay } from '../ledger/dates.js';
import { currencyExponent } from '../ledger/money.js';

/** First line of every LEDES 1998B file. */
export const LEDES_1998B_ID = 'LEDES1998B';

/** The 24 fields in file order; field number n is `LEDES_FIELDS[n - 1]`. */
export const LEDES_FIELDS = [
  'INVOICE_DATE',
  'INVOICE_NUMBER',
  'CLIENT_ID',
  'LAW_FIRM_MATTER_ID',
  'INVOICE_TOTAL',
  'BILLING_START_DATE',
  'BILLING_END_DATE',
  'INVOICE_DESCRIPTION',
  'LINE_ITEM_NUMBER',
  'EXP/FEE/INV_ADJ_TYPE',
  'LINE_ITEM_NUMBER_OF_UNITS',
  'LINE_ITEM_ADJUSTMENT_AMOUNT',
  'LINE_ITEM_TOTAL',
  'LINE_ITEM_DATE',
  'LINE_ITEM_TASK_CODE',
  'LINE_ITEM_EXPENSE_CODE',
  'LINE_ITEM_ACTIVITY_CODE',
  'TIMEKEEPER_ID',
  'LINE_ITEM_DESCRIPTION',
  'LAW_FIRM_ID',
  'LINE_ITEM_UNIT_COST',
  'TIMEKEEPER_NAME',
  'TIMEKEEPER_CLASSIFICATION',
  'CLIENT_MATTER_ID',
] as const;

/** First line of a LEDES 98BI file (the international format, version 2). */
export const LEDES_98BI_ID = 'LEDES98BI V2';

/**
 * The 52 fields of LEDES 98BI in file order: the 24 of 1998B, then purchase order, client tax id,
 * matter name, invoice tax and net totals, currency, timekeeper names, account type, the firm's and
 * the client's name and address, and per line the tax rate, tax total and tax type.
 */
export const LEDES_98BI_FIELDS = [
  ...LEDES_FIELDS,
  'PO_NUMBER',
  'CLIENT_TAX_ID',
  'MATTER_NAME',
  'INVOICE_TAX_TOTAL',
  'INVOICE_NET_TOTAL',
  'INVOICE_CURRENCY',
  'TIMEKEEPER_LAST_NAME',
  'TIMEKEEPER_FIRST_NAME',
  'ACCOUNT_TYPE',
  'LAW_FIRM_NAME',
  'LAW_FIRM_ADDRESS_1',
  'LAW_FIRM_ADDRESS_2',
  'LAW_FIRM_CITY',
  'LAW_FIRM_STATEorREGION',
  'LAW_FIRM_POSTCODE',
  'LAW_FIRM_COUNTRY',
  'CLIENT_NAME',
  'CLIENT_ADDRESS_1',
  'CLIENT_ADDRESS_2',
  'CLIENT_CITY',
  'CLIENT_STATEorREGION',
  'CLIENT_POSTCODE',
  'CLIENT_COUNTRY',
  'LINE_ITEM_TAX_RATE',
  'LINE_ITEM_TAX_TOTAL',
  'LINE_ITEM_TAX_TYPE',
  'INVOICE_REPORTED_TAX_TOTAL',
  'INVOICE_TAX_CURRENCY',
] as const;

/** A field of 1998B or 98BI (the first 24 are the same in both). */
export type LedesFieldName = (typeof LEDES_98BI_FIELDS)[number];

/** 1-based field number of a field, as error messages and the spec count them. */
export function fieldNumber(name: LedesFieldName): number {
  return LEDES_98BI_FIELDS.indexOf(name) + 1;
}

/**
 * UTBMS codes an e-billing portal checks: the litigation task codes (L100-L500 phases), the
 * activity codes and the expense codes. Other task code sets (bankruptcy B, project P, counselling
 * C, ...) are accepted when they have the UTBMS shape, a letter and three digits.
 */
const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
export const UTBMS_LITIGATION_TASKS: ReadonlySet<string> = new Set([
  ...range('L', 110, 160),
  'L190',
  ...range('L', 210, 260),
  ...range('L', 310, 350),
  'L390',
  ...range('L', 410, 470),
  ...range('L', 510, 530),
]);
export const UTBMS_ACTIVITIES: ReadonlySet<string> = new Set(range('A', 101, 111));
export const UTBMS_EXPENSES: ReadonlySet<string> = new Set(range('E', 101, 124));

/** Why a UTBMS code is not one a portal accepts, or undefined when it is. */
export function utbmsProblem(kind: 'task' | 'activity' | 'expense', code: string): string | undefined {
  const shape = /^[A-Z]\d{3}$/.test(code);
  if (kind === 'task') {
    if (code.startsWith('L') && shape)
      return UTBMS_LITIGATION_TASKS.has(code) ? undefined : `"${code}" is not a UTBMS litigation task code`;
    return shape ? undefined : `"${code}" is not a UTBMS task code (a letter and three digits, e.g. L110)`;
  }
  const set = kind === 'activity' ? UTBMS_ACTIVITIES : UTBMS_EXPENSES;
  return set.has(code)
    ? undefined
    : `"${code}" is not a UTBMS ${kind} code (${kind === 'activity' ? 'A101-A111' : 'E101-E124'})`;
}

/** F fee, E expense, IF / IE an invoice-level adjustment to fees / expenses. */
export const LEDES_LINE_TYPES = ['F', 'E', 'IF', 'IE'] as const;
export type LedesLineType = (typeof LEDES_LINE_TYPES)[number];

/**
 * Timekeeper classifications of the 2014 revision of the spec. Older files use others (`PT`, `AS`),
 * so an unknown one is a warning, not an error.
 */
export const TIMEKEEPER_CLASSIFICATIONS: ReadonlySet<string> = new Set(
  (
    'ADJSTR ADJSMT ANALST ARBITR ASSOC TRANEE AUDITR CLKSEC CONSLT TEMPAT TEMPOS CSTCNS CTRPTR DSCATT ' +
    'DSCPMG DSCANJ DSCANS DOCCDR DOCRAT DOCRNA EVDEVL EXPERT FLTFEE FORANL HLNLPF INVSTG IPSVPV IPAGNT ' +
    'LGLAST LGLINT LGPRMG LIBRRN MEDITR MDRCRV OFCOUN NBOTHR PARALG PARTNR RSRCHR RSPROF SECNDE SPAGNT ' +
    'SOLDSG STFATT STFCNS TPADMN TRAINR TRNDEV TRNFAG TRANSL VIDOGR'
  ).split(' '),
);

/** The spec's numbers carry at most 4 decimals; values are kept exactly, scaled by 10^4. */
export const LEDES_DECIMALS = 4;
const SCALE = 10n ** BigInt(LEDES_DECIMALS);

/** A LEDES number read exactly: `scaled` is the value times 10^4. */
export interface LedesDecimal {
  scaled: bigint;
}

/** `plus` is set when the number was written with a leading `+`, which the spec does not allow. */
export type DecimalParse = { ok: true; value: LedesDecimal; plus?: true } | { ok: false; message: string };

const NUMBER_TEXT = /^([-+])?(\d*)(?:\.(\d*))?$/;

/**
 * Reads a LEDES number (`2.00`, `0.200`, `-70`, `1250.`) exactly. No thousands separators, no
 * currency signs, at most `maxDigits` digits before the point and 4 after it.
 */
export function parseLedesDecimal(text: string, maxDigits: number): DecimalParse {
  const m = NUMBER_TEXT.exec(text);
  const whole = m?.[2] ?? '';
  const frac = m?.[3] ?? '';
  if (!m || (whole === '' && frac === '')) return { ok: false, message: `"${text}" is not a number` };
  const significantWhole = whole.replace(/^0+(?=\d)/, '');
  if (significantWhole.length > maxDigits)
    return { ok: false, message: `"${text}" has more than ${maxDigits} digits before the decimal point` };
  if (frac.length > LEDES_DECIMALS)
    return { ok: false, message: `"${text}" has more than ${LEDES_DECIMALS} decimals` };
  const magnitude = BigInt(whole || '0') * SCALE + BigInt(frac.padEnd(LEDES_DECIMALS, '0'));
  const value = { scaled: m[1] === '-' ? -magnitude : magnitude };
  return m[1] === '+' ? { ok: true, value, plus: true } : { ok: true, value };
}

/** The shortest text of a decimal: `2.00` -> `2`, `0.200` -> `0.2`, `-70` -> `-70`. */
export function decimalText(value: LedesDecimal): string {
  const negative = value.scaled < 0n;
  const abs = negative ? -value.scaled : value.scaled;
  const whole = abs / SCALE;
  const frac = String(abs % SCALE)
    .padStart(LEDES_DECIMALS, '0')
    .replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/**
 * Converts an exact decimal to the currency's minor units, or says why it cannot: more significant
 * decimals than the currency has are rejected, never rounded.
 */
export function decimalToMinor(
  value: LedesDecimal,
  currency: string,
): { ok: true; minor: number } | { ok: false; message: string } {
  const step = 10n ** BigInt(LEDES_DECIMALS - currencyExponent(currency));
  if (value.scaled % step !== 0n) {
    const exp = currencyExponent(currency);
    return {
      ok: false,
      message: `"${decimalText(value)}" has more than ${exp} decimal${exp === 1 ? '' : 's'} for ${currency}`,
    };
  }
  const minor = Number(value.scaled / step);
  if (!Number.isSafeInteger(minor)) return { ok: false, message: `"${decimalText(value)}" is too large` };
  return { ok: true, minor };
}

/**
 * Units × unit cost in minor units, rounded half away from zero to the currency's minor unit. The
 * spec does not say how to round; this is what billing systems print (2.5 h at 333.3333 = 833.33).
 */
export function extendedMinor(units: LedesDecimal, unitCost: LedesDecimal, currency: string): number {
  const product = units.scaled * unitCost.scaled;
  const step = 10n ** BigInt(2 * LEDES_DECIMALS - currencyExponent(currency));
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const rounded = (abs + step / 2n) / step;
  return Number(negative ? -rounded : rounded);
}

/** `19990225` -> `1999-02-25`, or `undefined` when it is not a real CCYYMMDD date. */
export function ledesDateToIso(text: string): IsoDate | undefined {
  if (!/^\d{8}$/.test(text)) return undefined;
  const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
  return parseIsoDay(iso) === undefined ? undefined : iso;
}

/** `1999-02-25` -> `19990225`. */
export function isoToLedesDate(date: IsoDate): string {
  return date.replace(/-/g, '');
}
