// Settings for the pages: the document's own settings merged with the office's settings from the
// API where it has them (time zone, review mode, contact rules).
import { createApiClient } from './api-client.js';
import type { Settings } from './contract.js';
import type { Gas } from './gas.js';
import { readSettings, validateSettings, writeSettings } from './settings.js';

export function getSettings(gas: Gas): Settings {
  const local = readSettings(gas);
  try {
    const answer = createApiClient(gas, local.backendUrl).one({ method: 'get', path: '/v1/settings' });
    if (answer.status === 200) {
      const office = answer.body as { timeZone?: string; reviewMode?: boolean; contactPreset?: string };
      return {
        ...local,
        ...(office.timeZone ? { timeZone: office.timeZone } : {}),
        ...(typeof office.reviewMode === 'boolean' ? { reviewMode: office.reviewMode } : {}),
        ...(office.contactPreset ? { contactPreset: office.contactPreset as Settings['contactPreset'] } : {}),
      };
    }
  } catch {
    // The settings page must open even when the backend address is wrong: that is where it is fixed.
  }
  return local;
}

/**
 * Saves settings in the document. The API has no route to change office settings yet
 * (GET /v1/settings only), so time zone, review mode and contact rules apply to this sheet's
 * add-on until the backend takes them.
 */
export function saveSettings(gas: Gas, input: Settings): Settings {
  const settings = validateSettings(input);
  writeSettings(gas, settings);
  return settings;
}
