// How the pages show dates: in the office's locale, which is the spreadsheet's (File > Settings),
// the same locale the Dashboard tab's date cells follow.
import type { DisplayLocale } from './contract.js';
import type { Gas } from './gas.js';

/** `en_US` (Sheets) -> `en-US` (BCP 47, what Intl takes); anything unreadable -> `en-US`. */
export function bcp47(sheetsLocale: string): string {
  const tag = sheetsLocale.trim().replace(/_/g, '-');
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

export function displayLocale(gas: Gas): DisplayLocale {
  return { locale: bcp47(gas.spreadsheet.getActive().getSpreadsheetLocale()) };
}
