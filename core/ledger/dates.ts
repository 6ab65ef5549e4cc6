// ISO calendar dates as integer day numbers, and wall-clock time in a debtor's IANA time zone.

/** An ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A date with a time of day after it, as JSON carries a sheet's date cell: the date part is taken. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const MS_PER_DAY = 86_400_000;

/**
 * The years a ledger date may fall in. Outside them a date is a typing slip (0026 for 2026), not a
 * business date, and would age an item by tens of thousands of days.
 */
export const DATE_YEAR_RANGE = { min: 1900, max: 2199 } as const;

/**
 * Days since 1970-01-01 for a valid ISO date in `DATE_YEAR_RANGE`, or `undefined` if the text is
 * not a real calendar date in that range.
 */
export function parseIsoDay(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < DATE_YEAR_RANGE.min || y > DATE_YEAR_RANGE.max) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return Math.floor(Date.UTC(y, mo - 1, d) / MS_PER_DAY);
}

const MIN_DAY = Math.floor(Date.UTC(DATE_YEAR_RANGE.min, 0, 1) / MS_PER_DAY);
const MAX_DAY = Math.floor(Date.UTC(DATE_YEAR_RANGE.max, 11, 31) / MS_PER_DAY);

// Ledgers repeat the same few thousand dates millions of times; parse each once.
const dayCache = new Map<string, number>();

/** Like `parseIsoDay` but throws a `RangeError` for text that is not a date (for trusted inputs). */
export function toDay(date: IsoDate): number {
  const cached = dayCache.get(date);
  if (cached !== undefined) return cached;
  const day = parseIsoDay(date);
  if (day === undefined) throw new RangeError(`not an ISO date: ${date}`);
  if (dayCache.size >= 100_000) dayCache.clear();
  dayCache.set(date, day);
  return day;
}

/** Per month of `DATE_YEAR_RANGE` (index `(year - min) * 12 + month - 1`): its first day number and its length. */
let monthTable: { first: Int32Array; length: Uint8Array } | undefined;

function months(): { first: Int32Array; length: Uint8Array } {
  if (monthTable) return monthTable;
  const n = (DATE_YEAR_RANGE.max - DATE_YEAR_RANGE.min + 1) * 12;
  const first = new Int32Array(n);
  const length = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const y = DATE_YEAR_RANGE.min + Math.floor(i / 12);
    first[i] = Math.floor(Date.UTC(y, i % 12, 1) / MS_PER_DAY);
    length[i] = daysInMonth(y, (i % 12) + 1);
  }
  monthTable = { first, length };
  return monthTable;
}

/**
 * The day number of `YYYY-MM-DD` written in ASCII at `bytes[s..s+10)` when it is a real date in
 * `DATE_YEAR_RANGE` (what `parseIsoDay` gives for those ten characters), by a table lookup; -1 otherwise.
 */
export function isoDayOfBytes(bytes: Uint8Array, s: number): number {
  if (bytes[s + 4] !== 45 || bytes[s + 7] !== 45) return -1;
  const y0 = bytes[s]! - 48;
  const y1 = bytes[s + 1]! - 48;
  const y2 = bytes[s + 2]! - 48;
  const y3 = bytes[s + 3]! - 48;
  const m0 = bytes[s + 5]! - 48;
  const m1 = bytes[s + 6]! - 48;
  const d0 = bytes[s + 8]! - 48;
  const d1 = bytes[s + 9]! - 48;
  // Each is a digit when all of them, as unsigned, are below 10.
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) >>> 0 > 9) {
    if (y0 >>> 0 > 9 || y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9) return -1;
    if (m0 >>> 0 > 9 || m1 >>> 0 > 9 || d0 >>> 0 > 9 || d1 >>> 0 > 9) return -1;
  }
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (y < DATE_YEAR_RANGE.min || y > DATE_YEAR_RANGE.max || m < 1 || m > 12 || d < 1) return -1;
  const table = months();
  const i = (y - DATE_YEAR_RANGE.min) * 12 + m - 1;
  return d > table.length[i]! ? -1 : table.first[i]! + d - 1;
}

/** The ISO date of a day number. */
export function fromDay(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDay(toDay(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDay(to) - toDay(from);
}

/**
 * Days in `month` (1-12) of `year`, proleptic Gregorian, for any year: `Date.UTC` would read the
 * years 0-99 as 1900-1999 (0000 is a leap year, 1900 is not).
 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Adds calendar months, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29), always
 * from the original anchor date so a schedule never drifts.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not an ISO date: ${date}`);
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const y = Math.floor(total / 12);
  const mo = (total % 12) + 1;
  const d = Math.min(Number(m[3]), daysInMonth(y, mo));
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Converts a spreadsheet cell value to an ISO date: ISO text, a JS Date (what `getValues()` gives
 * for date cells, read in the sheet's zone by the caller), or a Sheets/Excel serial day number.
 */
export function cellToIsoDate(value: unknown): IsoDate | undefined {
  let day: number | undefined;
  if (typeof value === 'string') {
    const t = value.trim();
    // Only a date, or a date with a well-formed time after it ("2026-11-23Tjunk" is not a date).
    if (t.length > 10 && !ISO_DATE_TIME.test(t)) return undefined;
    day = parseIsoDay(t.slice(0, 10));
  } else if (value instanceof Date) {
    if (!Number.isNaN(value.getTime())) day = Math.floor(value.getTime() / MS_PER_DAY);
  } else if (typeof value === 'number' && Number.isInteger(value) && value > 0) {
    // Serial day 25569 is 1970-01-01 in the 1900 date system used by Sheets and Excel.
    day = value - 25_569;
  }
  return day !== undefined && day >= MIN_DAY && day <= MAX_DAY ? fromDay(day) : undefined;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = zoneFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zoneFormatters.set(timeZone, f);
  }
  return f;
}

/** True if `timeZone` is an IANA zone name this runtime knows (`America/Chicago`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    zoneFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock parts of an instant in a zone. */
export interface LocalTime {
  date: IsoDate;
  hour: number;
  minute: number;
  second: number;
}

export function localTime(instantMs: number, timeZone: string): LocalTime {
  const parts = zoneFormatter(timeZone).formatToParts(new Date(instantMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const date = `${String(get('year')).padStart(4, '0')}-${String(get('month')).padStart(2, '0')}-${String(get('day')).padStart(2, '0')}`;
  return { date, hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** Offset of the zone from UTC at an instant, in minutes (New York in winter: -300). */
export function zoneOffsetMinutes(instantMs: number, timeZone: string): number {
  const t = localTime(instantMs, timeZone);
  const asUtc = toDay(t.date) * MS_PER_DAY + t.hour * 3_600_000 + t.minute * 60_000 + t.second * 1000;
  return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60_000);
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `hour`:00. In a spring-forward gap
 * the next existing instant is returned.
 */
export function zonedInstant(date: IsoDate, hour: number, timeZone: string): number {
  const wall = toDay(date) * MS_PER_DAY + hour * 3_600_000;
  let guess = wall - zoneOffsetMinutes(wall, timeZone) * 60_000;
  // A second pass settles instants near a DST change, where the first offset guess is off by one.
  guess = wall - zoneOffsetMinutes(guess, timeZone) * 60_000;
  const check = localTime(guess, timeZone);
  if (check.date === date && check.hour < hour) guess += 3_600_000;
  return guess;
}
