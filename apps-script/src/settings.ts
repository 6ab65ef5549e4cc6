// Add-on settings kept in the document's properties (small: a few hundred bytes), plus the backend
// address baked in at build time as the default. The default ladder and its rules are core's.
import { CHANNELS } from '../../core/collections/contact-rules.js';
import { DEFAULT_LADDER as CORE_LADDER } from '../../core/collections/dunning-policy.js';
import { CONTACT_PRESETS } from '../../core/ledger/ledger.js';
import { DEFAULT_RETENTION_DAYS } from '../../core/lifecycle/retention.js';
import { allowedByWhitelist, PLACEHOLDER_BACKEND_URL, urlFetchWhitelist } from './build-config.js';
import type { Settings } from './contract.js';
import { AddonError } from './errors.js';
import type { Gas } from './gas.js';

declare const DUEBOOK_BACKEND_URL: string | undefined;

const KEY = 'duebook.settings';

/**
 * Core's default ladder (courtesy 3 days before due, reminders at 1/15/30/60, final demand at 75,
 * hand-over at 90), one channel per stage: its first, the one the stage is known by.
 */
export const DEFAULT_LADDER: Settings['ladder'] = CORE_LADDER.stages.map((s) => ({
  stage: s.id,
  daysPastDue: s.daysPastDue,
  channel: s.channels[0]!,
}));

/** Longest retention a clerk may set: 100 years. */
export const MAX_RETENTION_DAYS = 36_500;
const MAX_HANDOVER_LENGTH = 200;
/** A stage name the backend takes (lambdas/services/tenant-policy.ts STAGE_NAME): it becomes an outbox key part. */
const STAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
/** One address, as the backend's settings check takes it. */
const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

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
    reviewMode: saved.reviewMode ?? true,
    timeZone: saved.timeZone ?? gas.spreadsheet.getActive().getSpreadsheetTimeZone(),
    contactPreset: saved.contactPreset ?? 'federal',
    ladder: saved.ladder ?? DEFAULT_LADDER,
    handoverTo: saved.handoverTo ?? '',
    creditContactEmail: saved.creditContactEmail ?? '',
    retentionDays: saved.retentionDays ?? DEFAULT_RETENTION_DAYS,
  };
}

/**
 * Checks settings from the page; every problem names its field. The ladder follows core's
 * `validatePolicy`: named, unique stages; whole days, negative allowed (before due), each stage
 * after the one before it (strictly more days); a channel core knows.
 */
export function validateSettings(input: Settings): Settings {
  const fields: { field: string; message: string }[] = [];
  const url = String(input.backendUrl ?? '').replace(/\/+$/, '');
  if (!/^https:\/\/[^\s/]+/.test(url) && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?/.test(url)) {
    fields.push({ field: 'backendUrl', message: 'must be an https:// address' });
  } else if (!allowedByWhitelist(url, urlFetchWhitelist(defaultBackendUrl()))) {
    // The built manifest's urlFetchWhitelist holds only the address the add-on was built with:
    // Apps Script would refuse every request to another one ("cannot reach the backend").
    fields.push({
      field: 'backendUrl',
      message: `this add-on was built for ${defaultBackendUrl()} and Apps Script lets it reach only that address; ask your office admin to rebuild and push it with the new one: DUEBOOK_BACKEND_URL=${url} npm run build:addon`,
    });
  }
  if (!(CONTACT_PRESETS as readonly string[]).includes(input.contactPreset)) {
    fields.push({ field: 'contactPreset', message: `must be one of ${CONTACT_PRESETS.join(', ')}` });
  }
  if (typeof input.timeZone !== 'string' || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(input.timeZone)) {
    fields.push({ field: 'timeZone', message: 'must be an IANA time zone such as America/Chicago' });
  }
  const ladder = Array.isArray(input.ladder) ? input.ladder : [];
  if (ladder.length === 0) fields.push({ field: 'ladder', message: 'needs at least one stage' });
  const seen = new Set<string>();
  let previous: number | undefined;
  ladder.forEach((step, i) => {
    const name = typeof step?.stage === 'string' ? step.stage.trim() : '';
    if (name === '') fields.push({ field: `ladder.${i}.stage`, message: 'needs a name' });
    else if (!STAGE_NAME.test(name))
      fields.push({
        field: `ladder.${i}.stage`,
        message: 'letters, digits, spaces and . _ - only, at most 64 characters',
      });
    else if (seen.has(name))
      fields.push({ field: `ladder.${i}.stage`, message: `"${name}" is already a stage` });
    seen.add(name);
    const days = step?.daysPastDue;
    if (!Number.isSafeInteger(days)) {
      fields.push({ field: `ladder.${i}.daysPastDue`, message: 'must be a whole number of days' });
    } else {
      if (previous !== undefined && days <= previous)
        fields.push({
          field: `ladder.${i}.daysPastDue`,
          message: `must be more than ${previous}: each stage comes after the one before`,
        });
      previous = days;
    }
    if (!(CHANNELS as readonly string[]).includes(String(step?.channel ?? 'email')))
      fields.push({ field: `ladder.${i}.channel`, message: `must be one of ${CHANNELS.join(', ')}` });
  });
  const handoverTo = String(input.handoverTo ?? '').trim();
  if (handoverTo.length > MAX_HANDOVER_LENGTH)
    fields.push({ field: 'handoverTo', message: `must be at most ${MAX_HANDOVER_LENGTH} characters` });
  const creditContactEmail = String(input.creditContactEmail ?? '').trim();
  if (creditContactEmail !== '' && !EMAIL.test(creditContactEmail))
    fields.push({
      field: 'creditContactEmail',
      message: 'must be one email address, e.g. credit@yourfirm.com',
    });
  const retentionDays = input.retentionDays ?? DEFAULT_RETENTION_DAYS;
  if (!Number.isSafeInteger(retentionDays) || retentionDays < 0 || retentionDays > MAX_RETENTION_DAYS)
    fields.push({
      field: 'retentionDays',
      message: `must be a whole number of days from 0 to ${MAX_RETENTION_DAYS}`,
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
    handoverTo,
    creditContactEmail,
    retentionDays,
  };
}

export function writeSettings(gas: Gas, settings: Settings): void {
  gas.properties.getDocumentProperties().setProperty(KEY, JSON.stringify(settings));
}
