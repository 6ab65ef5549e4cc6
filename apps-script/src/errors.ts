// Errors a clerk can act on: the add-on's own error type and its mapping to the pages' UiError.
import type { Result, UiError, UiErrorKind } from './contract.js';

export class AddonError extends Error {
  override name = 'AddonError';
  constructor(
    readonly kind: UiErrorKind,
    message: string,
    readonly code: string,
    readonly fields?: { field: string; message: string }[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const MULTIPLE_ACCOUNTS_MESSAGE =
  'Google is running Duebook as a different account than the one this sheet is open in. ' +
  'Sign out of other Google accounts, or open the sheet in an incognito window with only this account signed in.';

/**
 * Runs a server function for a page: values come back as `{ ok: true }`, an AddonError as its
 * UiError, and anything else as kind `other` (logged), so the page never sees a raw exception.
 */
export function asResult<T>(fn: () => T, log?: (message: string) => void): Result<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, error: toUiError(e, log) };
  }
}

export function toUiError(e: unknown, log?: (message: string) => void): UiError {
  if (e instanceof AddonError) {
    return { kind: e.kind, message: e.message, ...(e.fields ? { fields: e.fields } : {}) };
  }
  const message = e instanceof Error ? e.message : String(e);
  log?.(`Duebook: unexpected error: ${message}`);
  if (/PERMISSION_DENIED|multiple accounts|authuser/i.test(message)) {
    return { kind: 'multiple-accounts', message: MULTIPLE_ACCOUNTS_MESSAGE };
  }
  return { kind: 'other', message: `Something went wrong: ${message}` };
}

/**
 * For the pages: turns a `google.script.run` failure (the server function never answered) into a
 * UiError. With several Google accounts signed in, Sheets runs the sidebar's calls as the browser's
 * default account, which cannot read this add-on's storage, and the failure handler gets
 * "We're sorry, a server error occurred while reading from storage. Error code PERMISSION_DENIED."
 */
export function classifyRunFailure(error: unknown): UiError {
  const message = error instanceof Error ? error.message : String(error ?? '');
  if (/PERMISSION_DENIED|reading from storage|authorization is required/i.test(message)) {
    return { kind: 'multiple-accounts', message: MULTIPLE_ACCOUNTS_MESSAGE };
  }
  if (/timed? ?out|exceeded maximum execution time/i.test(message)) {
    return { kind: 'unreachable', message: 'Google stopped the request before it finished. Try again.' };
  }
  return {
    kind: 'other',
    message: message || 'The request to Google failed. Reload the sheet and try again.',
  };
}
