// Settings dialog: backend URL, review mode, office time zone, contact preset, the dunning ladder,
// the hand-over recipient and the retention of deceased customers' personal data, checked here
// first (https, known time zone, days increasing down the ladder as core requires, whole days) and
// then by `saveSettings`.
import type { Settings } from '../src/contract.js';
import { byId, h, replace, uid } from './lib/dom.js';
import {
  checkboxField,
  clearFieldErrors,
  inputField,
  selectField,
  showFieldError,
  whileBusy,
} from './lib/forms.js';
import { clearMessage, showError, showInfo, showSuccess } from './lib/messages.js';
import { call, closeDialog } from './lib/server.js';
import { submit } from './lib/submit.js';
import { officeFieldsSection } from './settings/office-fields-section.js';
import { sendingSection } from './settings/sending-section.js';
import { supportedZones, zonePicker } from './settings/zone-picker.js';

/**
 * A stage name the backend takes (it names the stage in Activity and in the outbox key; the
 * server's STAGE_NAME in apps-script/src/settings.ts and lambdas/services/tenant-policy.ts).
 */
const STAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

/** The longest retention the server takes (apps-script/src/settings.ts MAX_RETENTION_DAYS). */
const MAX_RETENTION_DAYS = 36_500;

const CHANNELS = [
  ['email', 'Email'],
  ['letter', 'Letter'],
  ['call', 'Call'],
] as const;

const PRESETS = [
  ['federal', 'United States (federal rules)'],
  ['massachusetts', 'Massachusetts (2 calls a week)'],
  ['new-york-city', 'New York City (3 contacts a week)'],
] as const;

const app = byId('app');
const message = h('div', { id: 'message', 'aria-live': 'polite' });

const url = inputField({
  label: 'Backend URL',
  name: 'backendUrl',
  type: 'url',
  required: true,
  hint: 'The address your office admin gave you, starting with https://',
  attrs: { autocomplete: 'off', spellcheck: 'false' },
});
const review = checkboxField({
  label: 'Review mode: I approve tomorrow’s messages before they go out',
  name: 'reviewMode',
});
const zone = zonePicker({
  label: 'Office time zone',
  hint: 'Type part of the name (a city: Chicago, Berlin), then pick it with the arrows and Enter.',
  zones: supportedZones(),
});
const office = officeFieldsSection();
const preset = selectField({ label: 'Contact limits', name: 'contactPreset', options: PRESETS });
const handover = inputField({
  label: 'Hand-over to',
  name: 'handoverTo',
  hint: 'The attorney or collection agency hand-over packets go to (name and address).',
  attrs: { autocomplete: 'off', maxlength: '200' },
});
const creditContact = inputField({
  label: 'Credit contact’s email',
  name: 'creditContactEmail',
  type: 'email',
  hint: 'Told (by an internal email, never the customer) when an account reaches a credit-hold, stop-service or return-of-goods stage, and when the hold is released.',
  attrs: { autocomplete: 'off', maxlength: '254' },
});
const retention = inputField({
  label: 'Keep a deceased customer’s personal data for (days)',
  name: 'retentionDays',
  type: 'number',
  required: true,
  hint: 'Counted from Deceased On; then the name, contact details and notes are purged at the next sync. Amounts and history stay.',
  attrs: { min: '0', max: String(MAX_RETENTION_DAYS), step: '1' },
});

const ladderBody = h('tbody', { id: 'ladder-rows' });
const addStage = h('button', { type: 'button', id: 'add-stage' }, 'Add stage');
const ladder = h(
  'fieldset',
  { class: 'form-group', 'data-field': 'ladder' },
  h('legend', null, 'Dunning ladder'),
  h(
    'p',
    { class: 'hint' },
    'Each stage goes out when the oldest invoice is this many days past due (negative: before due).',
  ),
  h(
    'table',
    { class: 'grid ladder-table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'Stage'),
        h('th', { scope: 'col' }, 'Days past due'),
        h('th', { scope: 'col' }, 'Channel'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Remove')),
      ),
    ),
    ladderBody,
  ),
  h('p', { class: 'field-error', hidden: true }),
  addStage,
);

const save = h('button', { type: 'submit', class: 'action', id: 'save' }, 'Save');
const cancel = h('button', { type: 'button', id: 'cancel' }, 'Close');
const form = h(
  'form',
  { novalidate: true, 'aria-label': 'Settings', id: 'settings-form', hidden: true },
  url.wrap,
  review.wrap,
  zone.wrap,
  preset.wrap,
  ladder,
  handover.wrap,
  creditContact.wrap,
  retention.wrap,
  office.element,
  h('div', { class: 'dialog-footer' }, save, cancel),
);
// Offices (issue #17): an admin manages members, roles and API keys in their own dialog.
const membersLink = h(
  'button',
  { type: 'button', id: 'open-members', class: 'link' },
  'Members and API keys…',
);
membersLink.addEventListener(
  'click',
  () => void call('openMembers').then((r) => r.ok || showError(message, r.error)),
);
// Sending (issue #17): the office's domain and standing, its own section outside the form.
const sending = sendingSection();
replace(app, h('h1', null, 'Duebook settings'), message, h('p', null, membersLink), form, sending.element);

function ladderRow(row: Settings['ladder'][number] | undefined): HTMLTableRowElement {
  const tr = h('tr');
  const cell = (field: string, control: HTMLInputElement | HTMLSelectElement) => {
    const errorId = uid(`ladder-${field}-error`);
    control.setAttribute('aria-describedby', errorId);
    return h(
      'td',
      null,
      h(
        'div',
        { class: 'form-group', 'data-ladder-field': field },
        control,
        h('p', { class: 'field-error', id: errorId, hidden: true }),
      ),
    );
  };
  const stage = h('input', { type: 'text', name: 'stage', value: row?.stage ?? '', autocomplete: 'off' });
  const days = h('input', {
    type: 'number',
    name: 'daysPastDue',
    step: '1',
    value: row ? String(row.daysPastDue) : '',
  });
  const channel = h('select', { name: 'channel' }, ...CHANNELS.map(([v, l]) => h('option', { value: v }, l)));
  channel.value = row?.channel ?? 'email';
  const remove = h('button', { type: 'button', class: 'remove' }, 'Remove');
  remove.addEventListener('click', () => {
    const next = tr.nextElementSibling ?? tr.previousElementSibling;
    tr.remove();
    renumber();
    (next?.querySelector('input') ?? addStage).focus();
  });
  tr.append(cell('stage', stage), cell('daysPastDue', days), cell('channel', channel), h('td', null, remove));
  return tr;
}

/** Names each row's fields `ladder.<i>.<field>` so server field errors land beside them, and labels them. */
function renumber(): void {
  [...ladderBody.rows].forEach((tr, i) => {
    tr.querySelectorAll<HTMLElement>('[data-ladder-field]').forEach((group) => {
      const field = group.dataset.ladderField!;
      group.dataset.field = `ladder.${i}.${field}`;
      const label = { stage: 'Stage', daysPastDue: 'Days past due', channel: 'Channel' }[field] ?? field;
      group.querySelector('input, select')?.setAttribute('aria-label', `${label}, row ${i + 1}`);
    });
    tr.querySelector('.remove')?.setAttribute('aria-label', `Remove row ${i + 1}`);
  });
}

/** Whether this user administers the add-on (sees the Backend URL); clerks never do. */
let admin = true;

function fill(s: Settings): void {
  admin = s.canEditBackendUrl !== false;
  url.wrap.hidden = !admin;
  url.control.value = s.backendUrl;
  office.fill(s);
  review.control.checked = s.reviewMode;
  zone.control.value = s.timeZone;
  preset.control.value = s.contactPreset;
  ladderBody.replaceChildren(...s.ladder.map(ladderRow));
  renumber();
  handover.control.value = s.handoverTo ?? '';
  creditContact.control.value = s.creditContactEmail ?? '';
  retention.control.value = String(s.retentionDays ?? '');
}

function read(): Settings {
  return {
    backendUrl: url.control.value.trim(),
    reviewMode: review.control.checked,
    timeZone: zone.control.value.trim(),
    contactPreset: preset.control.value as Settings['contactPreset'],
    ladder: [...ladderBody.rows].map((tr) => ({
      stage: tr.querySelector<HTMLInputElement>('[name="stage"]')!.value.trim(),
      daysPastDue: Number(tr.querySelector<HTMLInputElement>('[name="daysPastDue"]')!.value),
      channel: tr.querySelector<HTMLSelectElement>('[name="channel"]')!.value,
    })),
    handoverTo: handover.control.value.trim(),
    creditContactEmail: creditContact.control.value.trim(),
    retentionDays: Number(retention.control.value),
    ...office.read(),
  };
}

/** The checks a clerk can fix without asking the server; returns the problems by field. */
export function validate(
  s: Settings,
  rawDays: string[],
  rawRetention: string,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (admin) problems.push(...checkUrl(s.backendUrl).map((message) => ({ field: 'backendUrl', message })));
  if (!isTimeZone(s.timeZone)) {
    problems.push({
      field: 'timeZone',
      message: 'Not a time zone this browser knows, e.g. America/Chicago.',
    });
  }
  if (s.ladder.length === 0) problems.push({ field: 'ladder', message: 'Add at least one stage.' });
  // The same rules as core's validatePolicy: unique named stages, each on more days than the one
  // before (negative days: before the due date).
  let previous: number | undefined;
  const names = new Set<string>();
  s.ladder.forEach((row, i) => {
    if (row.stage === '') problems.push({ field: `ladder.${i}.stage`, message: 'Name the stage.' });
    else if (!STAGE_NAME.test(row.stage))
      problems.push({
        field: `ladder.${i}.stage`,
        message: 'Letters, digits, spaces and . _ - only, at most 64 characters.',
      });
    else if (names.has(row.stage))
      problems.push({ field: `ladder.${i}.stage`, message: 'Another stage has this name.' });
    names.add(row.stage);
    if (rawDays[i]?.trim() === '' || !Number.isInteger(row.daysPastDue)) {
      problems.push({ field: `ladder.${i}.daysPastDue`, message: 'Whole days.' });
      return;
    }
    if (previous !== undefined && row.daysPastDue <= previous) {
      problems.push({
        field: `ladder.${i}.daysPastDue`,
        message: `Must be more than ${previous}: each stage comes after the one before.`,
      });
    }
    previous = row.daysPastDue;
  });
  if (
    rawRetention.trim() === '' ||
    !Number.isInteger(s.retentionDays) ||
    s.retentionDays < 0 ||
    s.retentionDays > MAX_RETENTION_DAYS
  ) {
    problems.push({ field: 'retentionDays', message: `Whole days, from 0 to ${MAX_RETENTION_DAYS}.` });
  }
  return problems;
}

function checkUrl(text: string): string[] {
  if (text === '') return ['Required.'];
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return ['Not a web address. It should look like https://api.example.com.'];
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol === 'https:') return [];
  if (parsed.protocol === 'http:' && local) return [];
  return ['Must start with https:// (plain http only for localhost).'];
}

function isTimeZone(name: string): boolean {
  if (name === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

addStage.addEventListener('click', () => {
  const row = ladderRow(undefined);
  ladderBody.append(row);
  renumber();
  row.querySelector('input')?.focus();
});
cancel.addEventListener('click', closeDialog);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearFieldErrors(form);
  clearMessage(message);
  const settings = read();
  const rawDays = [...ladderBody.querySelectorAll<HTMLInputElement>('[name="daysPastDue"]')].map(
    (i) => i.value,
  );
  const problems = [...validate(settings, rawDays, retention.control.value), ...office.problems()];
  if (problems.length > 0) {
    for (const p of problems) showFieldError(form, p.field, p.message);
    form.querySelector<HTMLElement>('[aria-invalid="true"], fieldset.has-error')?.focus();
    showError(message, { kind: 'invalid', message: '' });
    return;
  }
  const result = await submit(form, message, () => call('saveSettings', settings));
  if (!result.ok) return;
  fill(result.value);
  if (result.value.notice) showInfo(message, result.value.notice);
  else showSuccess(message, 'Settings saved.');
});

async function load(): Promise<void> {
  const result = await whileBusy(app, () => call('getSettings'));
  if (!result.ok) {
    showError(message, result.error);
    return;
  }
  fill(result.value);
  form.hidden = false;
  await sending.load();
}

void load();
