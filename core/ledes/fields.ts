// The LEDES 1998B layout shared by the reader and the writer: the 24 fields, line types, and exact decimals.
import { type IsoDate, parseIsoDay } from '../dates.js';
import { currencyExponent } from '../money.js';

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
export type LedesFieldName = (typeof LEDES_FIELDS)[number];

/** 1-based field number of a field, as error messages and the spec count them. */
export function fieldNumber(name: LedesFieldName): number {
  return LEDES_FIELDS.indexOf(name) + 1;
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

export type DecimalParse = { ok: true; value: LedesDecimal } | { ok: false; message: string };

const NUMBER_TEXT = /^(-)?(\d*)(?:\.(\d*))?$/;

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
  return { ok: true, value: { scaled: m[1] ? -magnitude : magnitude } };
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
