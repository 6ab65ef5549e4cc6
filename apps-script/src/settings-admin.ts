// Who administers the add-on in this spreadsheet: the one who set up the ledger (recorded in the
// document's properties) and the admins the deployment names (script property DUEBOOK_ADMINS,
// comma-separated emails). Only they see and change the Backend URL; clerks never do.
import type { Gas } from './gas.js';

export const INSTALLER_KEY = 'duebook.installer';
export const ADMINS_PROPERTY = 'DUEBOOK_ADMINS';

const email = (gas: Gas) => {
  try {
    return gas.session.getActiveUser().getEmail().trim().toLowerCase();
  } catch {
    // Some contexts do not reveal the user (consumer accounts across domains): not an admin then.
    return '';
  }
};

function admins(gas: Gas): string[] {
  const raw = gas.properties.getScriptProperties().getProperty(ADMINS_PROPERTY) ?? '';
  return raw
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter(Boolean);
}

/** Records the current user as this spreadsheet's installer when none is recorded yet. */
export function recordInstaller(gas: Gas): void {
  const props = gas.properties.getDocumentProperties();
  const me = email(gas);
  if (me && !props.getProperty(INSTALLER_KEY)) props.setProperty(INSTALLER_KEY, me);
}

/**
 * True for the installer and the deployment's admins. A spreadsheet with neither recorded (set up
 * before this existed) lets whoever opens Settings see the field, so it can still be set.
 */
export function canEditBackendUrl(gas: Gas): boolean {
  const installer = (gas.properties.getDocumentProperties().getProperty(INSTALLER_KEY) ?? '').toLowerCase();
  const named = admins(gas);
  if (!installer && named.length === 0) return true;
  const me = email(gas);
  return me !== '' && (me === installer || named.includes(me));
}
