// "Create an office" at the top of the sidebar, for a signed-in Google account with no office yet:
// name, time zone and country; the account becomes the office's admin. Stays out of the way (shows
// nothing) when the account has an office, or when the backend cannot say.
import type { OfficeStatus } from '../../src/members-contract.js';
import { h, replace } from '../lib/dom.js';
import { inputField } from '../lib/forms.js';
import { showError } from '../lib/messages.js';
import { call } from '../lib/server.js';
import { checkRequired, submit } from '../lib/submit.js';

export interface OnboardingView {
  section: HTMLElement;
  /** Asks the backend who is signed in; resolves to true when the account has no office yet. */
  check(): Promise<boolean>;
}

/** The IANA zones the browser knows, for the time zone list (an empty list on old browsers). */
function zones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
}

/** `onCreated`: the office exists and the account is its admin; the sidebar shows its usual content. */
export function onboardingView(onCreated: (status: OfficeStatus) => void): OnboardingView {
  const section = h('section', { id: 'onboarding', hidden: true, 'aria-labelledby': 'onboarding-title' });
  const message = h('div', { 'aria-live': 'polite' });
  const name = inputField({
    label: 'Office name',
    name: 'name',
    required: true,
    hint: 'The legal name your customers know, e.g. Harbor Dental Group LLC.',
    attrs: { autocomplete: 'organization', maxlength: '200' },
  });
  const zone = inputField({
    label: 'Time zone',
    name: 'timeZone',
    required: true,
    value: Intl.DateTimeFormat().resolvedOptions().timeZone,
    hint: 'Reminders are planned at 09:00 here.',
    attrs: { list: 'onboarding-zones', autocomplete: 'off', spellcheck: 'false' },
  });
  const list = h('datalist', { id: 'onboarding-zones' }, ...zones().map((z) => h('option', { value: z })));
  const country = inputField({
    label: 'Country',
    name: 'country',
    required: true,
    value: 'US',
    hint: 'Two letters, e.g. US, CA, GB.',
    attrs: { maxlength: '2', autocomplete: 'country', spellcheck: 'false' },
  });
  const form = h(
    'form',
    { id: 'create-office', novalidate: true },
    name.wrap,
    zone.wrap,
    list,
    country.wrap,
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Create the office')),
  );
  const intro = h('p', { id: 'onboarding-intro' });
  replace(section, h('h2', { id: 'onboarding-title' }, 'Create an office'), intro, message, form);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!checkRequired(form)) return;
    void submit(form, message, () =>
      call('createOffice', {
        name: name.control.value.trim(),
        timeZone: zone.control.value.trim(),
        country: country.control.value.trim().toUpperCase(),
      }),
    ).then((result) => {
      if (!result.ok || !result.value.office) return;
      section.hidden = true;
      onCreated(result.value);
    });
  });

  return {
    section,
    async check() {
      const status = await call('officeStatus');
      // No answer (an older backend, no connection): the sidebar's own errors say what is wrong.
      if (!status.ok || status.value.office) return false;
      section.hidden = false;
      intro.textContent = status.value.canCreateOffice
        ? `${status.value.email} is not in a Duebook office yet. Create your office here (you become its admin), or ask your office admin to invite this Google account.`
        : (status.value.message ?? 'This Google account may not create an office here.');
      form.hidden = !status.value.canCreateOffice;
      if (!status.value.canCreateOffice)
        showError(message, { kind: 'unauthorized', message: status.value.message ?? '' });
      return true;
    },
  };
}
