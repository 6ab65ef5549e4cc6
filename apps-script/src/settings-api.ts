// Settings for the pages: the document's own settings merged with the office's settings from the
// API where it has them (time zone, review mode, contact rules, hand-over recipient, dunning
// ladder), and saved to both: `POST /v1/settings` for the ones the backend holds, then the document.
import { type ApiAnswer, apiFailure, createApiClient } from './api-client.js';
import type { SavedSettings, Settings } from './contract.js';
import { AddonError } from './errors.js';
import type { Gas } from './gas.js';
import { readSettings, validateSettings, writeSettings } from './settings.js';
import { canEditBackendUrl, recordInstaller } from './settings-admin.js';
import {
  NEWER_BACKEND_FIELDS,
  officeFieldsBody,
  officeFieldsFrom,
  validateWith,
} from './settings-office-fields.js';

/** The office's settings as `GET`/`POST /v1/settings` answer them (only the fields used here). */
interface OfficeSettings {
  timeZone?: string;
  reviewMode?: boolean;
  contactPreset?: string;
  handoverTo?: string;
  creditContactEmail?: string;
  /** The ladder the backend plans with (the office's own, or the default one). */
  ladder?: Settings['ladder'];
}

const isLadder = (v: unknown): v is Settings['ladder'] =>
  Array.isArray(v) &&
  v.length > 0 &&
  v.every(
    (s) =>
      typeof s?.stage === 'string' && typeof s?.daysPastDue === 'number' && typeof s?.channel === 'string',
  );

function merged(local: Settings, office: OfficeSettings): Settings {
  return {
    ...local,
    ...officeFieldsFrom(office as Record<string, unknown>),
    ...(office.timeZone ? { timeZone: office.timeZone } : {}),
    ...(typeof office.reviewMode === 'boolean' ? { reviewMode: office.reviewMode } : {}),
    ...(office.contactPreset ? { contactPreset: office.contactPreset as Settings['contactPreset'] } : {}),
    ...(typeof office.handoverTo === 'string' ? { handoverTo: office.handoverTo } : {}),
    ...(typeof office.creditContactEmail === 'string'
      ? { creditContactEmail: office.creditContactEmail }
      : {}),
    ...(isLadder(office.ladder)
      ? {
          ladder: office.ladder.map((s) => ({
            stage: s.stage,
            daysPastDue: s.daysPastDue,
            channel: s.channel,
          })),
        }
      : {}),
  };
}

export function getSettings(gas: Gas): Settings {
  const local = readSettings(gas);
  const admin = canEditBackendUrl(gas);
  // A clerk never sees the backend's address: it belongs to whoever installs the add-on.
  const shown = (s: Settings): Settings => ({
    ...s,
    canEditBackendUrl: admin,
    ...(admin ? {} : { backendUrl: '' }),
  });
  try {
    const answer = createApiClient(gas, local.backendUrl).one({ method: 'get', path: '/v1/settings' });
    if (answer.status === 200) return shown(merged(local, answer.body as OfficeSettings));
  } catch {
    // The settings page must open even when the backend address is wrong: that is where it is fixed.
  }
  return shown(local);
}

/**
 * Saves settings: checked (a backend address outside the built manifest's allowlist is refused
 * there), then the office's settings (review mode, time zone, contact rules, hand-over recipient,
 * dunning ladder) posted to the backend at the address being saved, then everything written
 * to the document with the backend's answer merged in. A backend that refuses a value (400) stops
 * the save with the fields to fix. One that has no such route (404/405: an older version), cannot
 * be reached or refuses the account still gets the document saved, with a notice saying the office
 * settings did not reach it.
 */
export function saveSettings(gas: Gas, input: Settings): SavedSettings {
  const admin = canEditBackendUrl(gas);
  const saved = saveAll(gas, input, admin);
  return { ...saved, canEditBackendUrl: admin, ...(admin ? {} : { backendUrl: '' }) };
}

function saveAll(gas: Gas, input: Settings, admin: boolean): SavedSettings {
  // Only the installer or an admin changes the backend address; anyone else's save keeps it.
  const checkedInput = admin ? input : { ...input, backendUrl: readSettings(gas).backendUrl };
  const settings = {
    ...validateWith(checkedInput, validateSettings),
    ...officeFieldsOf(checkedInput),
  };
  if (admin) recordInstaller(gas);
  const body = {
    reviewMode: settings.reviewMode,
    timeZone: settings.timeZone,
    contactPreset: settings.contactPreset,
    // '' clears the backend's recipient.
    handoverTo: settings.handoverTo,
    // The ladder the daily run and the status pull plan with.
    ladder: settings.ladder,
    // Who hears of credit holds and releases; '' clears it.
    creditContactEmail: settings.creditContactEmail,
    ...officeFieldsBody(settings),
  };
  let answer: ApiAnswer | undefined;
  let failure: AddonError | undefined;
  let ladderRefused = false;
  try {
    const api = createApiClient(gas, settings.backendUrl);
    let sent: Partial<typeof body> = body;
    answer = api.one({ method: 'post', path: '/v1/settings', body: sent });
    // A backend older than one of the newer fields: the other office settings still go through.
    for (const field of NEWER_BACKEND_FIELDS) {
      if (answer.status !== 400 || !refusesField(answer, field)) continue;
      const { [field]: _dropped, ...rest } = sent as Record<string, unknown>;
      sent = rest as Partial<typeof body>;
      answer = api.one({ method: 'post', path: '/v1/settings', body: sent });
    }
    if (answer.status === 400 && refusesField(answer, 'ladder')) {
      // A backend older than office ladders: the other office settings still go through.
      const { ladder: _ladder, ...rest } = sent;
      ladderRefused = true;
      answer = api.one({ method: 'post', path: '/v1/settings', body: rest });
    }
  } catch (e) {
    if (!(e instanceof AddonError)) throw e;
    failure = e;
  }
  if (answer && answer.status >= 200 && answer.status < 300) {
    const office = answer.body as OfficeSettings;
    const saved = merged(settings, ladderRefused ? { ...office, ladder: undefined } : office);
    writeSettings(gas, saved);
    return ladderRefused
      ? {
          ...saved,
          notice:
            'Saved, but the backend is an older version that does not take the dunning ladder: it still plans with the default ladder. Ask your office admin to update it, then save again.',
        }
      : saved;
  }
  if (answer?.status === 404 || answer?.status === 405) {
    writeSettings(gas, settings);
    return {
      ...settings,
      notice:
        'Saved in this sheet, but the backend did not take the office settings (review mode, time zone, contact limits, hand-over, dunning ladder): it is an older version. Ask your office admin to update it, then save again.',
    };
  }
  if (answer) failure = apiFailure(answer, 'Saving the office settings');
  if (failure?.kind === 'invalid') throw failure;
  writeSettings(gas, settings);
  return {
    ...settings,
    notice: `Saved in this sheet, but not in the backend: ${failure?.message ?? 'it did not answer.'} Save again once it answers.`,
  };
}

/** A 400 from a backend whose settings schema has no such field (strict: "Unrecognized key"). */
function refusesField(answer: ApiAnswer, field: string): boolean {
  const error = answer.body.error as { message?: unknown } | undefined;
  const message = String(error?.message ?? '');
  return /unrecognized key/i.test(message) && message.includes(field);
}

/** The office fields of the page's input, as they are saved (read-only ones left out). */
function officeFieldsOf(input: Settings): Partial<Settings> {
  return {
    ...(input.numberFormat !== undefined ? { numberFormat: input.numberFormat } : {}),
    ...(typeof input.onlinePayments === 'boolean' ? { onlinePayments: input.onlinePayments } : {}),
    ...(input.portalLimits ? { portalLimits: input.portalLimits } : {}),
  };
}
