// Add-on settings kept in the document's properties (small: a few hundred bytes), plus the backend
// address baked in at build time as the default.
import { PLACEHOLDER_BACKEND_URL } from './build-config.js';
import type { Settings } from './contract.js';
import { AddonError } from './errors.js';
import type { Gas } from './gas.js';

declare const DUEBOOK_BACKEND_URL: string | undefined;

const KEY = 'duebook.settings';

export const DEFAULT_LADDER: Settings['ladder'] = [
  { stage: 'friendly', daysPastDue: 1, channel: 'email' },
  { stage: 'reminder-1', daysPastDue: 8, channel: 'email' },
  { stage: 'reminder-2', daysPastDue: 15, channel: 'email' },
  { stage: 'final-notice', daysPastDue: 30, channel: 'letter' },
];

export function defaultBackendUrl(): string {
  return typeof DUEBOOK_BACKEND_URL === 'string' && DUEBOOK_BACKEND_URL !== ''
    ? DUEBOOK_BACKEND_URL
    : PLACEHOLDER_BACKEND_URL;
}

export function readSettings(gas: Gas): Settings {
  const raw = gas.properties.getDocumentProperties().getProperty(KEY);
  const saved = raw ? (JSON.parse(raw) as Partial<Settings>) : {};
  return {
    backendUrl: saved.backendUrl ?? defaultBackendUrl(),
    reviewMode: saved.reviewMode ?? false,
    timeZone: saved.timeZone ?? gas.spreadsheet.getActive().getSpreadsheetTimeZone(),
    contactPreset: saved.contactPreset ?? 'federal',
    ladder: saved.ladder ?? DEFAULT_LADDER,
  };
}

const PRESETS = ['federal', 'massachusetts', 'new-york-city'];

/** Checks settings from the page; every problem names its field. */
export function validateSettings(input: Settings): Settings {
  const fields: { field: string; message: string }[] = [];
  const url = String(input.backendUrl ?? '').replace(/\/+$/, '');
  if (!/^https:\/\/[^\s/]+/.test(url) && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?/.test(url)) {
    fields.push({ field: 'backendUrl', message: 'must be an https:// address' });
  }
  if (!PRESETS.includes(input.contactPreset)) {
    fields.push({ field: 'contactPreset', message: `must be one of ${PRESETS.join(', ')}` });
  }
  if (typeof input.timeZone !== 'string' || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(input.timeZone)) {
    fields.push({ field: 'timeZone', message: 'must be an IANA time zone such as America/Chicago' });
  }
  const ladder = Array.isArray(input.ladder) ? input.ladder : [];
  ladder.forEach((step, i) => {
    if (!step || typeof step.stage !== 'string' || step.stage.trim() === '')
      fields.push({ field: `ladder.${i}.stage`, message: 'needs a name' });
    if (!Number.isInteger(step?.daysPastDue) || step.daysPastDue < 0)
      fields.push({ field: `ladder.${i}.daysPastDue`, message: 'must be a whole number of days' });
  });
  if (fields.length > 0) {
    throw new AddonError('invalid', 'Some settings need fixing.', 'SETTINGS.INVALID', fields);
  }
  return {
    backendUrl: url,
    reviewMode: Boolean(input.reviewMode),
    timeZone: input.timeZone,
    contactPreset: input.contactPreset,
    ladder: ladder.map((s) => ({
      stage: s.stage.trim(),
      daysPastDue: s.daysPastDue,
      channel: String(s.channel ?? 'email'),
    })),
  };
}

export function writeSettings(gas: Gas, settings: Settings): void {
  gas.properties.getDocumentProperties().setProperty(KEY, JSON.stringify(settings));
}
