// The one typed promise wrapper over `google.script.run`: every call resolves to a `Result`, never
// rejects, so a page handles a server failure and a transport failure the same way.
import type { Result, ServerApi, UiError } from '../../src/contract.js';

export type ServerName = keyof ServerApi;
export type ServerValue<K extends ServerName> = ReturnType<ServerApi[K]> extends Result<infer T> ? T : never;

interface ScriptRunner {
  withSuccessHandler(fn: (value: unknown) => void): ScriptRunner;
  withFailureHandler(fn: (error: unknown) => void): ScriptRunner;
  [name: string]: unknown;
}

declare global {
  interface Window {
    google?: { script?: { run?: ScriptRunner; host?: { close(): void; editor?: { focus(): void } } } };
  }
}

/** Calls the server function `name` with `args` and resolves to its `Result`. */
export function call<K extends ServerName>(
  name: K,
  ...args: Parameters<ServerApi[K]>
): Promise<Result<ServerValue<K>>> {
  return new Promise((resolve) => {
    const run = window.google?.script?.run;
    if (!run) {
      resolve(failure('other', 'This page must be opened from the Duebook menu in Google Sheets.'));
      return;
    }
    const runner = run
      .withSuccessHandler((value) => resolve(asResult<ServerValue<K>>(value)))
      .withFailureHandler((error) => resolve({ ok: false, error: transportError(error) }));
    const fn = runner[name];
    if (typeof fn !== 'function') {
      resolve(failure('other', `The add-on has no server function "${name}". Reinstall or update Duebook.`));
      return;
    }
    (fn as (...a: unknown[]) => void).apply(runner, args);
  });
}

/** Closes the dialog this page is shown in (a no-op outside Apps Script). */
export function closeDialog(): void {
  window.google?.script?.host?.close();
}

function asResult<T>(value: unknown): Result<T> {
  if (value && typeof value === 'object' && 'ok' in value) {
    const r = value as Result<T>;
    if (r.ok === true && 'value' in r) return r;
    if (r.ok === false && r.error && typeof r.error.message === 'string') return r;
  }
  return failure(
    'other',
    'The add-on answered in a way this page does not understand. Reload it and try again.',
  );
}

/**
 * The failure handler gets an `Error` when the server function threw or Apps Script could not run
 * it at all. With several Google accounts signed in, Apps Script runs as the default account and
 * answers with a PERMISSION_DENIED storage error or "authorization is required".
 */
function transportError(error: unknown): UiError {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  if (/PERMISSION_DENIED|authori[sz]ation is required|reading from storage/i.test(message)) {
    return { kind: 'multiple-accounts', message: 'Google ran the add-on as a different account.' };
  }
  if (/timed? ?out|network|NetworkError|failed to fetch/i.test(message)) {
    return { kind: 'unreachable', message: 'The connection to Google was interrupted.' };
  }
  return { kind: 'other', message: message || 'The add-on failed without saying why.' };
}

function failure(kind: UiError['kind'], message: string): { ok: false; error: UiError } {
  return { ok: false, error: { kind, message } };
}
