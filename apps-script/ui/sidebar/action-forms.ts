// The sidebar's action forms: log a contact, record a promise, set up a payment plan (preview
// first), set or clear a flag, mark contact details as changed. Each posts through `call` and
// reports back through `onSaved` so the sidebar can reload the customer.

import type {
  ContactChangeInput,
  CustomerPanel,
  LogContactInput,
  PlanInput,
  PlanPreview,
  PromiseInput,
  Saved,
} from '../../src/contract.js';
import { showDate } from '../lib/dates.js';
import { h, replace, todayIso } from '../lib/dom.js';
import {
  clearFieldErrors,
  inputField,
  moneyField,
  optional,
  selectField,
  setOptions,
  showFieldError,
  textareaField,
} from '../lib/forms.js';
import { clearMessage, showSuccess } from '../lib/messages.js';
import { call } from '../lib/server.js';
import { checkRequired, isAmount, submit } from '../lib/submit.js';
import { flagLabel } from './panel-view.js';

export interface ActionContext {
  panel(): CustomerPanel | undefined;
  /** Called after a save, so the sidebar can reload the customer. */
  onSaved(saved: Saved): void;
}

export interface ActionForm {
  form: HTMLElement;
  /** Refills what depends on the customer (currencies, flags, current values). */
  update(panel: CustomerPanel): void;
  /** Forgets messages and half-typed input: another customer is now shown. */
  clear(): void;
}

const savedWhere = (s: Saved) => (s.row ? `${s.tab}, row ${s.row}` : `${s.tab}, ${s.id}`);

function messageBox(): HTMLDivElement {
  return h('div', { class: 'form-message', 'aria-live': 'polite' });
}

function currencyOptions(panel: CustomerPanel): [string, string][] {
  const list = [...new Set(panel.balances.map((b) => b.currency))];
  if (list.length === 0) list.push('USD');
  return list.map((c) => [c, c]);
}

function refillCurrency(select: HTMLSelectElement, panel: CustomerPanel): void {
  const options = currencyOptions(panel);
  const keep = options.some(([c]) => c === select.value) ? select.value : options[0]?.[0];
  setOptions(select, options, keep);
}

// ---------------------------------------------------------------------------------------------

const CONTACT_TYPES = [
  ['call', 'Call'],
  ['letter', 'Letter'],
  ['visit', 'Visit'],
  ['note', 'Note'],
] as const;

export function logContactForm(ctx: ActionContext): ActionForm {
  const box = messageBox();
  const type = selectField({ label: 'Type', name: 'type', options: CONTACT_TYPES });
  const direction = selectField({
    label: 'Direction',
    name: 'direction',
    options: [
      ['outbound', 'We contacted them'],
      ['inbound', 'They contacted us'],
    ],
  });
  const date = inputField({ label: 'Date', name: 'date', type: 'date', value: todayIso(), required: true });
  const outcomes = h(
    'datalist',
    { id: 'contact-outcomes' },
    ...[
      'Spoke with customer',
      'Left message',
      'No answer',
      'Wrong number',
      'Promised to pay',
      'Refused to pay',
    ].map((o) => h('option', { value: o })),
  );
  const outcome = inputField({
    label: 'Outcome',
    name: 'outcome',
    attrs: { list: 'contact-outcomes', autocomplete: 'off' },
  });
  const note = textareaField({ label: 'Note', name: 'note' });
  const save = h('button', { type: 'submit', class: 'action' }, 'Log contact');
  const form = h(
    'form',
    { class: 'action-form', novalidate: true, 'aria-label': 'Log a contact' },
    // Stacked: side by side at 300px the Direction choice ("We contacted them") was cut off.
    type.wrap,
    direction.wrap,
    date.wrap,
    outcome.wrap,
    outcomes,
    note.wrap,
    h('div', { class: 'buttons' }, save),
    box,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const panel = ctx.panel();
    if (!panel || !checkRequired(form)) return;
    const input: LogContactInput = {
      customerId: panel.customerId,
      type: type.control.value as LogContactInput['type'],
      direction: direction.control.value as LogContactInput['direction'],
      date: date.control.value,
    };
    const o = optional(outcome.control.value);
    if (o) input.outcome = o;
    const n = optional(note.control.value);
    if (n) input.note = n;
    const result = await submit(form, box, () => call('logContact', input));
    if (!result.ok) return;
    form.reset();
    date.control.value = todayIso();
    const label = CONTACT_TYPES.find(([v]) => v === input.type)?.[1] ?? 'Contact';
    ctx.onSaved(result.value);
    showSuccess(box, `${label} logged for ${panel.name} (${savedWhere(result.value)}).`);
  });
  return {
    form,
    update: () => undefined,
    clear: () => {
      form.reset();
      date.control.value = todayIso();
      clearFieldErrors(form);
      clearMessage(box);
    },
  };
}

// ---------------------------------------------------------------------------------------------

export function promiseForm(ctx: ActionContext): ActionForm {
  const box = messageBox();
  const date = inputField({ label: 'Promised date', name: 'promisedDate', type: 'date', required: true });
  const amount = moneyField('Amount', 'amount');
  const currency = selectField({ label: 'Currency', name: 'currency', options: [] });
  const note = textareaField({ label: 'Note', name: 'note' });
  const save = h('button', { type: 'submit', class: 'action' }, 'Record promise');
  const form = h(
    'form',
    { class: 'action-form', novalidate: true, 'aria-label': 'Record a promise to pay' },
    date.wrap,
    h('div', { class: 'form-row' }, amount.wrap, currency.wrap),
    note.wrap,
    h('div', { class: 'buttons' }, save),
    box,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const panel = ctx.panel();
    if (!panel || !checkRequired(form)) return;
    if (!isAmount(amount.control.value)) {
      showFieldError(form, 'amount', 'Enter the amount as digits, e.g. 250.00.');
      amount.control.focus();
      return;
    }
    const input: PromiseInput = {
      customerId: panel.customerId,
      promisedDate: date.control.value,
      amount: amount.control.value.trim(),
      currency: currency.control.value,
    };
    const n = optional(note.control.value);
    if (n) input.note = n;
    const result = await submit(form, box, () => call('recordPromise', input));
    if (!result.ok) return;
    form.reset();
    refillCurrency(currency.control, panel);
    const text = `Promise recorded for ${panel.name}: ${input.amount} ${input.currency} by ${showDate(input.promisedDate)}.`;
    ctx.onSaved(result.value);
    showSuccess(box, text);
  });
  return {
    form,
    update: (panel) => refillCurrency(currency.control, panel),
    clear: () => {
      form.reset();
      clearFieldErrors(form);
      clearMessage(box);
    },
  };
}

// ---------------------------------------------------------------------------------------------

export function planForm(ctx: ActionContext): ActionForm {
  const box = messageBox();
  const start = inputField({ label: 'First payment', name: 'startDate', type: 'date', required: true });
  const total = moneyField('Total', 'total');
  const currency = selectField({ label: 'Currency', name: 'currency', options: [] });
  const count = inputField({
    label: 'Installments',
    name: 'installments',
    type: 'number',
    value: '3',
    required: true,
    attrs: { min: '1', max: '120', step: '1', class: 'short' },
  });
  const frequency = selectField({
    label: 'Every',
    name: 'frequency',
    value: 'monthly',
    options: [
      ['weekly', 'Week'],
      ['biweekly', 'Two weeks'],
      ['monthly', 'Month'],
    ],
  });
  const grace = inputField({
    label: 'Grace days (optional)',
    name: 'graceDays',
    type: 'number',
    attrs: { min: '0', max: '60', step: '1', class: 'short' },
  });
  const note = textareaField({ label: 'Note', name: 'note' });
  const balanceHint = h('p', { class: 'hint', id: 'plan-balance' });
  const schedule = h('div', { class: 'schedule', id: 'plan-schedule', 'aria-live': 'polite' });
  const preview = h('button', { type: 'button', class: 'secondary-button', id: 'plan-preview' }, 'Preview');
  const save = h('button', { type: 'submit', class: 'action', id: 'plan-save', disabled: true }, 'Save plan');
  const form = h(
    'form',
    { class: 'action-form', novalidate: true, 'aria-label': 'Set up a payment plan' },
    h('div', { class: 'form-row' }, total.wrap, currency.wrap),
    balanceHint,
    start.wrap,
    h('div', { class: 'form-row' }, count.wrap, frequency.wrap),
    grace.wrap,
    note.wrap,
    h('p', { class: 'hint' }, 'Preview the schedule, then save it.'),
    schedule,
    h('div', { class: 'buttons' }, preview, save),
    box,
  );

  let previewed: PlanInput | undefined;
  const invalidate = () => {
    if (!previewed) return;
    previewed = undefined;
    save.disabled = true;
    schedule.classList.add('stale');
    schedule
      .querySelector('.schedule-note')
      ?.replaceChildren('Changed since the preview: preview again to save.');
  };
  form.addEventListener('input', invalidate);
  form.addEventListener('change', invalidate);

  const readInput = (): PlanInput | undefined => {
    const panel = ctx.panel();
    if (!panel || !checkRequired(form)) return undefined;
    if (!isAmount(total.control.value)) {
      showFieldError(form, 'total', 'Enter the total as digits, e.g. 900.00.');
      return undefined;
    }
    const n = Number(count.control.value);
    if (!Number.isInteger(n) || n < 1) {
      showFieldError(form, 'installments', 'Enter a whole number of installments, 1 or more.');
      return undefined;
    }
    const input: PlanInput = {
      customerId: panel.customerId,
      startDate: start.control.value,
      total: total.control.value.trim(),
      currency: currency.control.value,
      installments: n,
      frequency: frequency.control.value as PlanInput['frequency'],
    };
    if (grace.control.value.trim() !== '') {
      const g = Number(grace.control.value);
      if (!Number.isInteger(g) || g < 0) {
        showFieldError(form, 'graceDays', 'Enter whole days, 0 or more.');
        return undefined;
      }
      input.graceDays = g;
    }
    const text = optional(note.control.value);
    if (text) input.note = text;
    return input;
  };

  preview.addEventListener('click', async () => {
    const input = readInput();
    if (!input) return;
    const result = await submit(form, box, () => call('previewPlan', input));
    if (!result.ok) return;
    renderSchedule(schedule, result.value);
    previewed = input;
    save.disabled = false;
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const panel = ctx.panel();
    if (!previewed || !panel) return;
    const input = previewed;
    save.disabled = true;
    const result = await submit(form, box, () => call('savePlan', input));
    if (!result.ok) {
      save.disabled = false;
      return;
    }
    previewed = undefined;
    form.reset();
    refillCurrency(currency.control, panel);
    schedule.replaceChildren();
    const text = `Payment plan saved for ${panel.name}: ${input.installments} installments from ${showDate(input.startDate)}.`;
    ctx.onSaved(result.value);
    showSuccess(box, text);
  });

  return {
    form,
    update: (panel) => {
      refillCurrency(currency.control, panel);
      balanceHint.textContent =
        panel.balances.length > 0 ? `Balance: ${panel.balances.map((b) => b.text).join(' + ')}` : '';
    },
    clear: () => {
      form.reset();
      previewed = undefined;
      save.disabled = true;
      schedule.replaceChildren();
      clearFieldErrors(form);
      clearMessage(box);
    },
  };
}

function renderSchedule(target: HTMLElement, plan: PlanPreview): void {
  target.classList.remove('stale');
  replace(
    target,
    h(
      'table',
      { class: 'grid' },
      h('caption', null, 'Installment schedule'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, '#'),
          h('th', { scope: 'col' }, 'Due'),
          h('th', { scope: 'col', class: 'num' }, 'Amount'),
        ),
      ),
      h(
        'tbody',
        null,
        ...plan.installments.map((i) =>
          h(
            'tr',
            null,
            h('td', null, String(i.number)),
            h('td', null, showDate(i.dueDate)),
            h('td', { class: 'num' }, i.amount.text),
          ),
        ),
      ),
      h(
        'tfoot',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'row', colspan: '2' }, 'Total'),
          h('td', { class: 'num' }, plan.total.text),
        ),
      ),
    ),
    h('p', { class: 'schedule-note hint' }),
  );
}

// ---------------------------------------------------------------------------------------------

/** Flags that stop all contact for good; setting one asks first. */
export const CONFIRM_FLAGS: Readonly<Record<string, string>> = {
  deceased: 'Marking the customer deceased stops all contact. Only staff may approach the estate.',
  bankruptcy: 'Marking the customer bankrupt stops all contact and collection (the automatic stay).',
  attorney:
    'A customer represented by an attorney is contacted only through the attorney. Who is it, and how do we reach them?',
};

export function flagsForm(ctx: ActionContext): ActionForm {
  const box = messageBox();
  const list = h('ul', { class: 'flag-list', id: 'flag-list' });
  const confirmBox = h('div', { class: 'confirm', id: 'flag-confirm', hidden: true, role: 'alertdialog' });
  const form = h(
    'div',
    { class: 'action-form', role: 'group', 'aria-label': 'Flags' },
    h('p', { class: 'hint' }, 'A flag blocks automatic contact until it is cleared.'),
    list,
    confirmBox,
    box,
  );

  const apply = async (
    flag: string,
    on: boolean,
    attorney?: { attorneyName: string; attorneyContact: string },
  ) => {
    const panel = ctx.panel();
    if (!panel) return;
    const result = await submit(form, box, () =>
      call('setFlag', { customerId: panel.customerId, flag, on, ...attorney }),
    );
    if (!result.ok) return;
    confirmBox.hidden = true;
    const text = `${flagLabel(flag)} ${on ? 'set' : 'cleared'} for ${panel.name}.`;
    ctx.onSaved(result.value);
    showSuccess(box, text);
  };

  const ask = (flag: string, trigger: HTMLButtonElement) => {
    const yes = h(
      'button',
      { type: 'button', class: 'action danger' },
      `Yes, set ${flagLabel(flag).toLowerCase()}`,
    );
    const no = h('button', { type: 'button' }, 'Cancel');
    // The attorney flag asks who represents the customer: both fields are required.
    const name = inputField({ label: "Attorney's name", name: 'attorneyName', required: true });
    const contact = inputField({
      label: 'Phone, email or address',
      name: 'attorneyContact',
      required: true,
    });
    const asksAttorney = flag === 'attorney';
    const textId = 'flag-confirm-text';
    confirmBox.setAttribute('aria-describedby', textId);
    confirmBox.setAttribute('aria-label', `Set ${flagLabel(flag)}?`);
    replace(
      confirmBox,
      h('p', { id: textId }, CONFIRM_FLAGS[flag] ?? ''),
      asksAttorney ? name.wrap : null,
      asksAttorney ? contact.wrap : null,
      h('div', { class: 'buttons' }, yes, no),
    );
    confirmBox.hidden = false;
    yes.addEventListener('click', () => {
      if (!asksAttorney) return void apply(flag, true);
      if (!checkRequired(confirmBox)) return;
      void apply(flag, true, {
        attorneyName: name.control.value.trim(),
        attorneyContact: contact.control.value.trim(),
      });
    });
    no.addEventListener('click', () => {
      confirmBox.hidden = true;
      trigger.focus();
    });
    confirmBox.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') no.click();
    });
    (asksAttorney ? name.control : yes).focus();
  };

  return {
    form,
    clear: () => {
      clearMessage(box);
      confirmBox.hidden = true;
    },
    update: (panel) => {
      confirmBox.hidden = true;
      // The list is rebuilt after every save: keep keyboard focus on the same flag's button.
      const focused = list.contains(document.activeElement)
        ? (document.activeElement as HTMLElement).dataset.flag
        : undefined;
      list.replaceChildren(
        ...panel.settableFlags.map((flag) => {
          const on = panel.flags.includes(flag);
          const button = h(
            'button',
            { type: 'button', 'data-flag': flag, 'aria-label': `${on ? 'Clear' : 'Set'} ${flagLabel(flag)}` },
            on ? 'Clear' : 'Set',
          );
          button.addEventListener('click', () => {
            if (!on && CONFIRM_FLAGS[flag]) ask(flag, button);
            else void apply(flag, !on);
          });
          return h(
            'li',
            { class: on ? 'flag-on' : '' },
            h('span', { class: 'flag-name' }, flagLabel(flag)),
            h('span', { class: 'secondary' }, on ? 'on' : 'off'),
            button,
          );
        }),
      );
      if (focused) list.querySelector<HTMLElement>(`button[data-flag="${CSS.escape(focused)}"]`)?.focus();
    },
  };
}

// ---------------------------------------------------------------------------------------------

const SOURCES = [
  ['clerk', 'Clerk update'],
  ['customer', 'Customer told us'],
  ['mail-returned', 'Mail came back'],
  ['skip-trace', 'Skip trace'],
] as const;

export function contactChangeForm(ctx: ActionContext): ActionForm {
  const box = messageBox();
  const field = selectField({
    label: 'What changed',
    name: 'field',
    options: [
      ['address', 'Address'],
      ['email', 'Email'],
      ['phone', 'Phone'],
    ],
  });
  const current = h('p', { class: 'hint', id: 'contact-current' });
  const value = inputField({ label: 'New value', name: 'newValue', attrs: { autocomplete: 'off' } });
  const source = selectField({ label: 'Source', name: 'source', options: SOURCES });
  const note = textareaField({ label: 'Note', name: 'note' });
  const save = h('button', { type: 'submit', class: 'action' }, 'Save change');
  const form = h(
    'form',
    { class: 'action-form', novalidate: true, 'aria-label': 'Contact details changed' },
    field.wrap,
    current,
    value.wrap,
    source.wrap,
    h('p', { class: 'hint' }, 'If mail came back and the new address is unknown, leave the new value empty.'),
    note.wrap,
    h('div', { class: 'buttons' }, save),
    box,
  );
  const showCurrent = () => {
    const panel = ctx.panel();
    const key = field.control.value as ContactChangeInput['field'];
    current.textContent = panel ? `On file: ${panel[key] || 'nothing'}` : '';
  };
  field.control.addEventListener('change', showCurrent);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const panel = ctx.panel();
    if (!panel) return;
    clearFieldErrors(form);
    const input: ContactChangeInput = {
      customerId: panel.customerId,
      field: field.control.value as ContactChangeInput['field'],
      newValue: value.control.value.trim(),
      source: source.control.value as ContactChangeInput['source'],
    };
    if (input.newValue === '' && input.source !== 'mail-returned') {
      showFieldError(form, 'newValue', 'Required, unless the mail came back.');
      value.control.focus();
      return;
    }
    const n = optional(note.control.value);
    if (n) input.note = n;
    const result = await submit(form, box, () => call('markContactChanged', input));
    if (!result.ok) return;
    form.reset();
    showCurrent();
    const text = `${input.field[0]!.toUpperCase()}${input.field.slice(1)} change saved for ${panel.name}.`;
    ctx.onSaved(result.value);
    showSuccess(box, text);
  });
  return {
    form,
    update: showCurrent,
    clear: () => {
      form.reset();
      clearFieldErrors(form);
      clearMessage(box);
      showCurrent();
    },
  };
}
