// Form building blocks: labelled fields with an error slot beside each, field errors from the server
// placed next to their inputs, and a busy guard that disables a form while a call is in flight.
import { type Attrs, h, uid } from './dom.js';

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface Field<T extends Control = Control> {
  /** The `.form-group` wrapper: label, control, hint and error slot. */
  wrap: HTMLDivElement;
  control: T;
}

interface Common {
  label: string;
  /** The contract field name (`amount`, `promisedDate`); server field errors are matched on it. */
  name: string;
  hint?: string;
  attrs?: Attrs;
}

export function inputField(
  opts: Common & { type?: string; value?: string; required?: boolean },
): Field<HTMLInputElement> {
  const control = h('input', {
    type: opts.type ?? 'text',
    name: opts.name,
    value: opts.value,
    required: opts.required,
    ...opts.attrs,
  });
  return wrapControl(opts, control);
}

/** A required amount as a clerk types it (`250.00`): decimal keypad, no autofill. */
export function moneyField(label: string, name: string): Field<HTMLInputElement> {
  return inputField({
    label,
    name,
    required: true,
    attrs: { inputmode: 'decimal', autocomplete: 'off', placeholder: '0.00' },
  });
}

export function selectField(
  opts: Common & { options: readonly (readonly [value: string, label: string])[]; value?: string },
): Field<HTMLSelectElement> {
  const control = h('select', { name: opts.name, ...opts.attrs });
  setOptions(control, opts.options, opts.value);
  return wrapControl(opts, control);
}

export function textareaField(opts: Common & { rows?: number }): Field<HTMLTextAreaElement> {
  const control = h('textarea', { name: opts.name, rows: String(opts.rows ?? 2), ...opts.attrs });
  return wrapControl(opts, control);
}

export function checkboxField(opts: Common & { checked?: boolean }): Field<HTMLInputElement> {
  const id = uid(opts.name.replace(/\W+/g, '-'));
  const errorId = `${id}-error`;
  const control = h('input', {
    type: 'checkbox',
    id,
    name: opts.name,
    checked: opts.checked,
    'aria-describedby': errorId,
    ...opts.attrs,
  });
  const wrap = h(
    'div',
    { class: 'form-group inline', 'data-field': opts.name },
    h('label', { for: id }, control, ' ', opts.label),
    opts.hint ? h('p', { class: 'hint' }, opts.hint) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true }),
  );
  return { wrap, control };
}

export function setOptions(
  select: HTMLSelectElement,
  options: readonly (readonly [value: string, label: string])[],
  value?: string,
): void {
  select.replaceChildren(
    ...options.map(([v, label]) => {
      const option = h('option', { value: v }, label);
      // Selected by default, so form.reset() goes back to it.
      option.defaultSelected = v === value;
      return option;
    }),
  );
  if (value !== undefined) select.value = value;
}

function wrapControl<T extends Control>(opts: Common, control: T): Field<T> {
  const id = uid(opts.name.replace(/\W+/g, '-'));
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  control.id = id;
  control.setAttribute('aria-describedby', opts.hint ? `${hintId} ${errorId}` : errorId);
  const wrap = h(
    'div',
    { class: 'form-group', 'data-field': opts.name },
    h('label', { for: id }, opts.label),
    control,
    opts.hint ? h('p', { class: 'hint', id: hintId }, opts.hint) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true }),
  );
  return { wrap, control };
}

/** Shows `message` beside the field named `name` under `root`; false when there is no such field. */
export function showFieldError(root: ParentNode, name: string, message: string): boolean {
  const wrap = root.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"]`);
  const slot = wrap?.querySelector<HTMLElement>(':scope > .field-error');
  if (!wrap || !slot) return false;
  slot.textContent = slot.hidden || !slot.textContent ? message : `${slot.textContent} ${message}`;
  slot.hidden = false;
  wrap.classList.add('has-error');
  // A group (fieldset) error is about the whole group, not its first control.
  if (!(wrap instanceof HTMLFieldSetElement)) {
    wrap.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
  } else if (!wrap.hasAttribute('tabindex')) {
    wrap.setAttribute('tabindex', '-1');
  }
  return true;
}

/**
 * Shows each field error beside its field and returns those with no field on the page. Names may
 * be nested (`ladder.2.daysPastDue` or `ladder[2].daysPastDue`); the closest field shown wins.
 */
export function showFieldErrors(
  root: ParentNode,
  fields: readonly { field: string; message: string }[],
): { field: string; message: string }[] {
  const unmatched: { field: string; message: string }[] = [];
  for (const f of fields) {
    const path = f.field.replace(/\[(\w+)\]/g, '.$1');
    const parts = path.split('.');
    let placed = false;
    for (let n = parts.length; n > 0 && !placed; n--) {
      placed = showFieldError(root, parts.slice(0, n).join('.'), f.message);
    }
    if (!placed) unmatched.push(f);
  }
  const first = root.querySelector<HTMLElement>('[aria-invalid="true"]');
  first?.focus();
  return unmatched;
}

export function clearFieldErrors(root: ParentNode): void {
  root.querySelectorAll<HTMLElement>('.field-error').forEach((slot) => {
    slot.textContent = '';
    slot.hidden = true;
  });
  for (const wrap of root.querySelectorAll('.has-error')) wrap.classList.remove('has-error');
  for (const c of root.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
}

/**
 * Disables every enabled control under `scope` while `work` runs, then enables the same ones and
 * puts focus back where it was, so keyboard users keep their place. Update page state after this
 * resolves, not inside `work`, or the re-enabling would undo it.
 */
export async function whileBusy<T>(scope: HTMLElement, work: () => Promise<T>): Promise<T> {
  const active = document.activeElement;
  const controls = [
    ...scope.querySelectorAll<HTMLButtonElement | Control>('button, input, select, textarea'),
  ].filter((c) => !c.disabled);
  for (const c of controls) c.disabled = true;
  scope.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    for (const c of controls) c.disabled = false;
    scope.removeAttribute('aria-busy');
    if (active instanceof HTMLElement && scope.contains(active) && document.activeElement !== active) {
      active.focus();
    }
  }
}

/** A trimmed string or undefined, for optional contract fields. */
export function optional(value: string): string | undefined {
  const v = value.trim();
  return v === '' ? undefined : v;
}
