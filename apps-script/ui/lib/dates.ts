// Dates as every page shows them: one format, the office's locale (the spreadsheet's, asked once
// per page through `displayLocale`; the browser's when that cannot be asked). The server sends ISO
// dates (`2026-11-23`) and office-clock times (`2026-11-24 09:00`, maybe with a zone after).
import { call } from './server.js';

let locale: string | undefined;

/** Resolves once the office's locale is known (or given up on); pages await it before showing dates. */
export const localeReady: Promise<void> = call('displayLocale').then((r) => {
  if (r.ok) locale = r.value.locale;
});

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?Z?)?(.*)$/;

function formatter(opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, { ...opts, timeZone: 'UTC' });
  } catch {
    return new Intl.DateTimeFormat('en-US', { ...opts, timeZone: 'UTC' });
  }
}

/** `2026-11-23` -> `Nov 23, 2026` (en-US), `23.11.2026` (de-DE); any other text as it is. */
export function showDate(iso: string | undefined): string {
  if (!iso) return '';
  const m = ISO_DATE.exec(iso.trim());
  if (!m) return iso;
  return formatter({ dateStyle: 'medium' }).format(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
}

/**
 * `2026-11-24 09:00` (a wall-clock time, office or debtor) -> `Nov 24, 2026, 9:00 AM`, keeping
 * what follows it (a zone name); any other text as it is.
 */
export function showDateTime(text: string | undefined): string {
  if (!text) return '';
  const m = ISO_DATE_TIME.exec(text.trim());
  if (!m) return text;
  const at = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  return `${formatter({ dateStyle: 'medium', timeStyle: 'short' }).format(at)}${m[6] ?? ''}`;
}

const DATES_IN_TEXT =
  /(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z)?)?(?![\w-])/g;

/**
 * A sentence the backend wrote whole (a "why", a waiting reason): each ISO date or wall-clock time
 * in it shown as `showDate`/`showDateTime` would, an instant in UTC (`...Z`) with "UTC" after it;
 * the words around them unchanged. A date inside an id (`INV-2026-11-01`) is part of the id, not a date.
 */
export function showDatesIn(text: string | undefined): string {
  if (!text) return '';
  return text.replace(DATES_IN_TEXT, (whole, y, mo, d, hh, mm, z) => {
    if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31) return whole;
    if (hh === undefined) return formatter({ dateStyle: 'medium' }).format(Date.UTC(+y, +mo - 1, +d));
    const at = Date.UTC(+y, +mo - 1, +d, +hh, +mm);
    return `${formatter({ dateStyle: 'medium', timeStyle: 'short' }).format(at)}${z ? ' UTC' : ''}`;
  });
}
