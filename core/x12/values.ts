// X12 element values both ways: decimal amounts as exact minor units, CCYYMMDD dates, and the
// display strings (patient name, payer address) built from NM1 and N3/N4.
import { type IsoDate, parseIsoDay } from '../ledger/dates.js';
import type { PersonName, PostalAddress } from './remittance.js';

// Past 16 digits the whole part alone is beyond a safe integer; the cents are checked below too.
const MAX_WHOLE_DIGITS = 16;

/**
 * An X12 decimal (`R`) element in cents, exactly: `"100"`, `"100.5"`, `"-1008.1"`, `".5"`, `"100."`.
 * Decimals past the second must be zeros (`"1.500"` is fine, `"1.505"` is not). Undefined for
 * anything else, so the caller can say which element was wrong.
 *
 * @example parseAmountMinor('-1008.1') // -100810
 */
export function parseAmountMinor(text: string): number | undefined {
  return parseAmountMinorIn(text, 0, text.length);
}

/** `parseAmountMinor` of `text.slice(start, end)`, without slicing it (readers over offsets). */
export function parseAmountMinorIn(text: string, start: number, end: number): number | undefined {
  const n = end;
  let i = start;
  let negative = false;
  if (n > start && text.charCodeAt(start) === 45) {
    negative = true;
    i = start + 1;
  }
  let whole = 0;
  let wholeDigits = 0;
  for (; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
    wholeDigits++;
  }
  let frac = 0;
  let fracDigits = 0;
  if (i < n && text.charCodeAt(i) === 46) {
    for (i++; i < n; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return undefined;
      if (fracDigits < 2) frac = frac * 10 + d;
      else if (d !== 0) return undefined;
      fracDigits++;
    }
  }
  if (i !== n || wholeDigits + fracDigits === 0 || wholeDigits > MAX_WHOLE_DIGITS) return undefined;
  const minor = whole * 100 + (fracDigits === 1 ? frac * 10 : frac);
  if (!Number.isSafeInteger(minor)) return undefined;
  return negative && minor !== 0 ? -minor : minor;
}

/** Why `parseAmountMinor` refused `text`, worded for a clerk (`"12.3x" is not an amount`). */
export function amountProblem(text: string): string {
  if (text === '') return 'is empty; an amount is required';
  if (/^-?(\d+\.?\d*|\.\d+)$/.test(text)) {
    return /\.\d{2}\d*[1-9]/.test(text)
      ? `"${text}" has more than 2 decimals`
      : `"${text}" is too large for an amount`;
  }
  return `"${text}" is not an amount`;
}

/** Cents as the shortest X12 decimal: `150` is `"1.5"`, `-5` is `"-0.05"`, `100` is `"1"`. */
export function formatAmount(minor: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not a whole number of cents: ${minor}`);
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  const frac = cents === 0 ? '' : cents % 10 === 0 ? `.${cents / 10}` : `.${String(cents).padStart(2, '0')}`;
  return `${minor < 0 ? '-' : ''}${whole}${frac}`;
}

const DECIMAL = /^-?(\d+\.?\d*|\.\d+)$/;

/** A quantity or unit count (`"6"`, `"1.9"`, `"-2"`); undefined if not a decimal number. */
export function parseQuantity(text: string): number | undefined {
  return DECIMAL.test(text) ? Number(text) : undefined;
}

// Remittances repeat the same few dates thousands of times; check each once.
const dateCache = new Map<string, IsoDate>();

/** A CCYYMMDD element as `YYYY-MM-DD`; undefined if it is not a real calendar date. */
export function parseCcyymmdd(text: string): IsoDate | undefined {
  const cached = dateCache.get(text);
  if (cached !== undefined) return cached;
  if (text.length !== 8) return undefined;
  const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
  if (parseIsoDay(iso) === undefined) return undefined;
  if (dateCache.size >= 10_000) dateCache.clear();
  dateCache.set(text, iso);
  return iso;
}

/** `YYYY-MM-DD` as CCYYMMDD. */
export function formatCcyymmdd(date: IsoDate): string {
  return date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10);
}

/** ISA09 (YYMMDD) as a date; the two-digit year is read as 1950-2049. */
export function parseYymmdd(text: string): IsoDate | undefined {
  if (!/^\d{6}$/.test(text)) return undefined;
  const century = Number(text.slice(0, 2)) < 50 ? '20' : '19';
  return parseCcyymmdd(century + text);
}

/** A name as a clerk reads it on a remittance: `JONES, SAM O` (last, then first and middle). */
export function formatPersonName(name: PersonName): string {
  const given = [name.first, name.middle].filter((s) => s !== undefined && s !== '').join(' ');
  return given === '' ? name.last : name.last === '' ? given : `${name.last}, ${given}`;
}

/** An address on one line: `1 MAIN STREET, TIMBUCKTU, AK 89111`. */
export function formatPostalAddress(address: PostalAddress): string {
  const stateZip = [address.state, address.postalCode].filter((s) => s !== undefined && s !== '').join(' ');
  const place = [address.city ?? '', stateZip].filter((s) => s !== '').join(', ');
  return [...address.lines, place].filter((s) => s !== '').join(', ');
}
