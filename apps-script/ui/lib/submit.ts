// Runs one server call for a form: clears old errors, disables the form while in flight, and on
// failure shows field errors beside their fields and the kind's message in the form's message box.
import type { Result } from '../../src/contract.js';
import { type Control, clearFieldErrors, showFieldError, showFieldErrors, whileBusy } from './forms.js';
import { clearMessage, showError } from './messages.js';

export async function submit<T>(
  scope: HTMLElement,
  box: HTMLElement,
  work: () => Promise<Result<T>>,
): Promise<Result<T>> {
  clearFieldErrors(scope);
  clearMessage(box);
  const result = await whileBusy(scope, work);
  if (!result.ok) {
    const fields = result.error.kind === 'invalid' ? (result.error.fields ?? []) : [];
    const unmatched = showFieldErrors(scope, fields);
    showError(box, result.error, unmatched);
  }
  return result;
}

/**
 * Checks the `required` controls under `scope` (the forms use `novalidate` so that every message
 * looks and reads the same); shows "Required." beside each empty one and returns false if any.
 */
export function checkRequired(scope: HTMLElement): boolean {
  clearFieldErrors(scope);
  let ok = true;
  scope.querySelectorAll<Control>('input[required], select[required], textarea[required]').forEach((c) => {
    if (c.disabled || c.closest('[hidden]')) return;
    if (c.value.trim() === '') {
      const name = c.closest<HTMLElement>('[data-field]')?.dataset.field ?? c.name;
      showFieldError(scope, name, 'Required.');
      ok = false;
    }
  });
  if (!ok) scope.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  return ok;
}

/** A decimal amount as a clerk types it: digits, optional decimals, no sign or thousands separators. */
export function isAmount(text: string): boolean {
  return /^\d+(\.\d+)?$/.test(text.trim());
}
