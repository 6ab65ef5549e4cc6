// Cell values in and out of the sheet: the formula-injection guard and date/number conversions.
import { safeCell as guard } from '../../core/ledger/cell-guard.js';
import { type IsoDate, localTime } from '../../core/ledger/dates.js';

/**
 * Makes a value safe to write into a cell: the one formula guard, in core (core/ledger/cell-guard.ts), so the
 * add-on and every file the CLI writes guard alike. Use it for EVERY value written to a cell that
 * came from a person, the backend or a file.
 *
 * @example safeCell('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 */
export function safeCell(value: unknown): string | number | boolean | Date {
  return guard<Date>(value);
}

/** `safeCell` over a 2-D block. */
export function safeBlock(rows: readonly (readonly unknown[])[]): (string | number | boolean | Date)[][] {
  return rows.map((r) => r.map(safeCell));
}

/**
 * A cell as the API expects it: dates (what `getValues()` gives for date cells, midnight in the
 * spreadsheet's zone) become ISO dates read in that zone; everything else is sent as it is.
 */
export function cellForApi(value: unknown, timeZone: string): unknown {
  if (value instanceof Date) return isoDateIn(value, timeZone);
  if (value === null || value === undefined) return '';
  return value;
}

// A ledger repeats the same few thousand dates; formatting each in a zone once saves most of a sync.
const dayCache = new Map<string, IsoDate>();

export function isoDateIn(value: Date, timeZone: string): IsoDate {
  const key = `${value.getTime()}|${timeZone}`;
  let date = dayCache.get(key);
  if (date === undefined) {
    date = localTime(value.getTime(), timeZone).date;
    if (dayCache.size >= 50_000) dayCache.clear();
    dayCache.set(key, date);
  }
  return date;
}

export function isBlankRow(row: readonly unknown[]): boolean {
  for (const v of row) if (v !== '' && v !== null && v !== undefined) return false;
  return true;
}
