// Money as integer minor units with an ISO 4217 currency: parsing at the edge, formatting, splitting.

/** Minor-unit exponents for currencies that do not use 2 decimals. Everything else uses 2. */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

/** Currencies accepted in a ledger. A short, explicit list beats accepting any three letters. */
export const KNOWN_CURRENCIES: ReadonlySet<string> = new Set([
  ...Object.keys(EXPONENTS),
  'USD',
  'EUR',
  'GBP',
  'CAD',
  'AUD',
  'NZD',
  'CHF',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'MXN',
  'BRL',
  'INR',
  'CNY',
  'HKD',
  'SGD',
  'ZAR',
  'ILS',
  'AED',
  'SAR',
  'TRY',
  'PHP',
  'THB',
  'MYR',
  'IDR',
  'COP',
  'ARS',
  'PEN',
]);

/** Number of decimals of a currency's minor unit (JPY 0, USD 2, KWD 3). */
export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

export function isKnownCurrency(currency: string): boolean {
  return KNOWN_CURRENCIES.has(currency);
}

export type MoneyParse = { ok: true; minor: number } | { ok: false; message: string };

const MONEY_TEXT = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?$/;

/**
 * How a ledger writes amounts as text: `'1,234.56'` (comma groups, point decimals) or `'1.234,56'`
 * (point groups, comma decimals). Unstated, text whose one separator could be either is an error.
 */
export type NumberFormat = '1,234.56' | '1.234,56';
export const NUMBER_FORMATS: readonly NumberFormat[] = ['1,234.56', '1.234,56'];

/** One separator then exactly three digits: `1,500` is 1500 in one format and 1.5 in the other. */
const AMBIGUOUS_COMMA = /^-?[1-9]\d{0,2},\d{3}$/;
const AMBIGUOUS_POINT = /^-?[1-9]\d{0,2}\.\d{3}$/;
/** Text written the other way round (`1.234,56`, `12,5`) when no number format is stated. */
const DECIMAL_COMMA = /^-?(\d{1,3}(?:\.\d{3})+|\d+),\d{1,2}$/;

/** `1.234,56` -> `1,234.56`: the decimal-comma format swapped into the one the parser reads. */
const swapSeparators = (t: string) => t.replace(/[.,]/g, (c) => (c === '.' ? ',' : '.'));

/**
 * Parses an amount typed by a person or read from a cell into integer minor units.
 * Accepts `1234.5`, `1,234.50`, `(12.00)` for negatives, a leading currency symbol, or a JS number
 * (as a sheet cell gives). Rejects more decimals than the currency has instead of rounding. Text
 * whose one separator could be a thousands or a decimal one (`1,500`) is refused unless `format`
 * says which; with `format: '1.234,56'` text is read with a decimal comma.
 *
 * @example parseMoney('1,234.5', 'USD') // { ok: true, minor: 123450 }
 */
export function parseMoney(value: unknown, currency: string, format?: NumberFormat): MoneyParse {
  const exp = currencyExponent(currency);
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, message: 'is not a finite number' };
    // Sheets hands over doubles; shortest round-trip text is what the clerk typed (0.1 stays "0.1").
    text = String(value);
    if (/e/i.test(text)) {
      if (Math.abs(value) >= 1e15) return { ok: false, message: 'is too large' };
      text = value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
    }
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return { ok: false, message: 'is not an amount' };
  }
  if (text === '') return { ok: false, message: 'is empty' };
  let negative = false;
  if (text.startsWith('(') && text.endsWith(')')) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  text = text.replace(/^[$€£¥]\s*/, '').replace(/^-\s*[$€£¥]\s*/, '-');
  if (typeof value === 'string') {
    if (format === '1.234,56') text = swapSeparators(text);
    else if (format === undefined) {
      const ambiguous =
        AMBIGUOUS_COMMA.test(text) ||
        // `1.500` in USD would read as 1.50; `1.234` is refused anyway for its decimals.
        (AMBIGUOUS_POINT.test(text) &&
          currencyExponent(currency) !== 3 &&
          text.slice(-3).replace(/0+$/, '').length <= currencyExponent(currency));
      if (ambiguous) {
        return {
          ok: false,
          message: `"${String(value)}" is ambiguous (a thousands separator or a decimal one?); write it without a separator or state the ledger's number format`,
        };
      }
      if (DECIMAL_COMMA.test(text)) {
        return {
          ok: false,
          message: `"${String(value)}" is not an amount here: it uses a decimal comma; state the ledger's number format (1.234,56) or write ${swapSeparators(text).replace(/,/g, '')}`,
        };
      }
    }
  }
  const m = MONEY_TEXT.exec(text);
  if (!m || (m[2] === undefined && m[3] === undefined)) {
    return { ok: false, message: `"${String(value)}" is not an amount` };
  }
  if (m[1]) negative = !negative;
  const whole = (m[2] ?? '0').replace(/,/g, '');
  const frac = m[3] ?? '';
  const significantFrac = frac.replace(/0+$/, '');
  if (significantFrac.length > exp) {
    return {
      ok: false,
      message: `"${String(value)}" has more than ${exp} decimal${exp === 1 ? '' : 's'} for ${currency}`,
    };
  }
  const digits = whole + significantFrac.padEnd(exp, '0');
  const minor = Number(digits);
  if (!Number.isSafeInteger(minor)) return { ok: false, message: 'is too large' };
  return { ok: true, minor: negative && minor !== 0 ? -minor : minor };
}

/**
 * Formats minor units for people: `formatMoney(123450, 'USD')` is `"USD 1,234.50"`.
 * No floats are involved, so large amounts keep every digit.
 */
export function formatMoney(minor: number, currency: string, options?: { code?: boolean }): string {
  const exp = currencyExponent(currency);
  const code = options?.code !== false;
  // Whole units and cents by integer arithmetic (exact for safe integers), the text made in one go.
  if (Number.isSafeInteger(minor) && exp <= 3) {
    const abs = Math.abs(minor);
    const unit = exp === 2 ? 100 : 10 ** exp;
    const cents = abs % unit;
    const grouped = groupedWhole((abs - cents) / unit);
    const sign = minor < 0 ? '-' : '';
    if (exp === 2) {
      const two = digitTexts().two[cents]!;
      return code ? `${currency} ${sign}${grouped}.${two}` : `${sign}${grouped}.${two}`;
    }
    const frac = exp === 0 ? '' : `.${String(cents).padStart(exp, '0')}`;
    return code ? `${currency} ${sign}${grouped}${frac}` : `${sign}${grouped}${frac}`;
  }
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exp + 1, '0');
  const whole = digits.slice(0, digits.length - exp);
  const frac = exp > 0 ? `.${digits.slice(digits.length - exp)}` : '';
  const grouped = groupThousands(whole);
  const body = `${negative ? '-' : ''}${grouped}${frac}`;
  return code ? `${currency} ${body}` : body;
}

/** A whole number of units (a safe integer, not negative) with a comma before each group of three digits. */
function groupedWhole(whole: number): string {
  const texts = digitTexts();
  if (whole < 1000) return texts.plain[whole]!;
  const low = whole % 1000;
  return `${groupedWhole((whole - low) / 1000)},${texts.three[low]!}`;
}

/** 0-999 as text (`7`), the same padded to three digits (`007`), and 0-99 padded to two (`07`): made once. */
let DIGIT_TEXTS: { plain: string[]; three: string[]; two: string[] } | undefined;

function digitTexts(): { plain: string[]; three: string[]; two: string[] } {
  if (!DIGIT_TEXTS) {
    const plain = Array.from({ length: 1000 }, (_, i) => String(i));
    DIGIT_TEXTS = {
      plain,
      three: plain.map((t) => t.padStart(3, '0')),
      two: plain.slice(0, 100).map((t) => t.padStart(2, '0')),
    };
  }
  return DIGIT_TEXTS;
}

const THOUSANDS = /\B(?=(\d{3})+(?!\d))/g;

/** `1234567` as `1,234,567`: a comma before each group of three digits from the right (digits only; anything else as the pattern groups it). */
function groupThousands(whole: string): string {
  const n = whole.length;
  if (n <= 3) return whole;
  for (let i = 0; i < n; i++) {
    const c = whole.charCodeAt(i);
    if (c < 48 || c > 57) return whole.replace(THOUSANDS, ',');
  }
  const head = ((n - 1) % 3) + 1;
  let out = whole.slice(0, head);
  for (let i = head; i < n; i += 3) out += `,${whole.slice(i, i + 3)}`;
  return out;
}

/** Minor units as the plain decimal a sheet cell should hold (`123450` USD -> `1234.5`). */
export function minorToDecimal(minor: number, currency: string): number {
  // The one place a float is made again: a sheet cell holds numbers, not minor units.
  return minor / 10 ** currencyExponent(currency);
}

/**
 * Splits `totalMinor` in proportion to `weights` by the largest-remainder method, so the parts
 * always add up to the total exactly. Ties in remainders go to the earlier part.
 *
 * @example allocateLargestRemainder(1000, [1, 1, 1]) // [334, 333, 333]
 */
export function allocateLargestRemainder(totalMinor: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(totalMinor)) throw new RangeError('totalMinor must be a safe integer');
  if (weights.length === 0) throw new RangeError('at least one weight is required');
  let weightSum = 0;
  for (const w of weights) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError('weights must be finite and non-negative');
    weightSum += w;
  }
  if (weightSum === 0) throw new RangeError('weights must not all be zero');
  const sign = totalMinor < 0 ? -1 : 1;
  const total = Math.abs(totalMinor);
  const parts = new Array<number>(weights.length);
  const remainders = new Array<number>(weights.length);
  let assigned = 0;
  for (let i = 0; i < weights.length; i++) {
    const exact = (total * weights[i]!) / weightSum;
    const floor = Math.floor(exact);
    parts[i] = floor;
    remainders[i] = exact - floor;
    assigned += floor;
  }
  const order = weights.map((_, i) => i).sort((a, b) => remainders[b]! - remainders[a]! || a - b);
  for (let k = 0; assigned < total; k++, assigned++) {
    const i = order[k % order.length]!;
    parts[i] = parts[i]! + 1;
  }
  return parts.map((p) => p * sign || 0);
}

/** Splits `totalMinor` into `count` near-equal parts (earlier parts take the extra cents). */
export function splitEvenly(totalMinor: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
  return allocateLargestRemainder(totalMinor, new Array<number>(count).fill(1));
}
