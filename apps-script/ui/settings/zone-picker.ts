// The office time zone as a searchable list: every IANA zone the browser knows
// (Intl.supportedValuesOf), filtered as the clerk types ("chic", "new york", "berlin"), chosen with
// the mouse or the keyboard (ArrowUp/ArrowDown, Enter, Escape): an ARIA 1.2 combobox with a listbox.
import { h, uid } from '../lib/dom.js';

/** Matches shown at once; typing narrows the rest. */
export const MAX_SHOWN = 60;

export interface ZonePicker {
  /** The `.form-group` for `timeZone`: label, combobox, list, hint and error slot. */
  wrap: HTMLDivElement;
  control: HTMLInputElement;
  /** Every zone offered. */
  zones: readonly string[];
}

/** The browser's zones (and UTC), or `fallback` when it cannot list them. */
export function supportedZones(fallback: readonly string[] = []): string[] {
  const list =
    (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  const all = new Set([...list, ...fallback]);
  if (all.size > 0) all.add('UTC');
  return [...all].sort();
}

/** Zones matching what is typed: every word of it, in any order, ignoring case, `_` and `/`. */
export function matchZones(zones: readonly string[], typed: string): string[] {
  const words = typed.toLowerCase().replace(/[_/]+/g, ' ').split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...zones];
  return zones.filter((z) => {
    const name = z.toLowerCase().replace(/[_/]+/g, ' ');
    return words.every((w) => name.includes(w));
  });
}

export function zonePicker(opts: { label: string; hint: string; zones: readonly string[] }): ZonePicker {
  const id = uid('time-zone');
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const control = h('input', {
    type: 'text',
    id,
    name: 'timeZone',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    'aria-describedby': `${hintId} ${errorId}`,
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
  });
  const list = h('ul', {
    id: listId,
    role: 'listbox',
    class: 'zone-list',
    'aria-label': 'Time zones to choose from',
    hidden: true,
  });
  const status = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  let shown: string[] = [];
  let active = -1;

  const options = () => [...list.querySelectorAll<HTMLLIElement>('[role="option"]')];
  const setActive = (i: number) => {
    const all = options();
    active = all.length === 0 ? -1 : Math.max(0, Math.min(i, all.length - 1));
    all.forEach((o, n) => {
      o.setAttribute('aria-selected', String(n === active));
      o.classList.toggle('active', n === active);
    });
    const current = all[active];
    if (current) {
      control.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else control.removeAttribute('aria-activedescendant');
  };
  const close = () => {
    list.hidden = true;
    control.setAttribute('aria-expanded', 'false');
    control.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const choose = (zone: string) => {
    control.value = zone;
    close();
    control.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const open = () => {
    const typed = control.value;
    // The exact zone already chosen shows the whole list, so the clerk can browse from it.
    const matches = opts.zones.includes(typed) ? [...opts.zones] : matchZones(opts.zones, typed);
    shown = matches.slice(0, MAX_SHOWN);
    list.replaceChildren(
      ...shown.map((z, i) => {
        const li = h(
          'li',
          { id: `${listId}-${i}`, role: 'option', 'aria-selected': 'false', 'data-zone': z },
          z.replaceAll('_', ' '),
        );
        // mousedown, not click: the input would lose focus (and close the list) first.
        li.addEventListener('mousedown', (e) => {
          e.preventDefault();
          choose(z);
        });
        return li;
      }),
      ...(matches.length > shown.length
        ? [
            h(
              'li',
              { class: 'zone-more', role: 'presentation' },
              `…${matches.length - shown.length} more: type more of the name`,
            ),
          ]
        : []),
    );
    status.textContent =
      matches.length === 0
        ? 'No time zone matches.'
        : `${matches.length} time zone${matches.length === 1 ? '' : 's'} match.`;
    if (matches.length === 0)
      list.replaceChildren(h('li', { class: 'zone-none', role: 'presentation' }, 'No time zone matches.'));
    list.hidden = false;
    control.setAttribute('aria-expanded', 'true');
    const at = shown.indexOf(typed);
    setActive(at >= 0 ? at : -1);
  };

  control.addEventListener('input', open);
  control.addEventListener('focus', () => {
    if (control.value === '') open();
  });
  control.addEventListener('blur', close);
  control.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (list.hidden) open();
      setActive(active + (e.key === 'ArrowDown' ? 1 : -1));
    } else if (e.key === 'Enter' && !list.hidden && active >= 0) {
      // Enter picks the highlighted zone rather than submitting the form.
      e.preventDefault();
      choose(shown[active]!);
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault();
      close();
    }
  });

  const wrap = h(
    'div',
    { class: 'form-group zone-picker', 'data-field': 'timeZone' },
    h('label', { for: id }, opts.label),
    control,
    list,
    status,
    h('p', { class: 'hint', id: hintId }, opts.hint),
    h('p', { class: 'field-error', id: errorId, hidden: true }),
  );
  return { wrap, control, zones: opts.zones };
}
