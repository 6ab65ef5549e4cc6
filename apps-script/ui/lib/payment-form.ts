// The post-a-payment form, shared by the sidebar (customer from the selected row, invoices to tick)
// and the "Post a payment" dialog (customer id prefilled or typed; the customer's open invoices to
// tick once the server listed them, else invoice ids typed).

import type { CustomerPanel, PaymentInput, Saved } from '../../src/contract.js';
import { showDate } from './dates.js';
import { h, todayIso } from './dom.js';
import {
  clearFieldErrors,
  type Field,
  inputField,
  moneyField,
  optional,
  selectField,
  setOptions,
  showFieldError,
} from './forms.js';
import { clearMessage, showSuccess } from './messages.js';
import { call } from './server.js';
import { checkRequired, isAmount, submit } from './submit.js';

export const PAYMENT_METHODS = [
  ['', 'Not recorded'],
  ['check', 'Check'],
  ['card', 'Card'],
  ['bank-transfer', 'Bank transfer'],
  ['cash', 'Cash'],
  ['other', 'Other'],
] as const;

export interface PaymentFormOptions {
  /** The sidebar's current customer; when absent the form asks for a customer id. */
  customer?: () => CustomerPanel | undefined;
  /** Prefill for the customer id field (dialog only). */
  customerId?: string;
  defaultCurrency?: string;
  onSaved(saved: Saved, input: PaymentInput): void;
}

export interface PaymentForm {
  form: HTMLFormElement;
  /** Refills the currency choices and the open invoices from the customer now shown. */
  update(panel: CustomerPanel): void;
  /** Dialog: shows these open invoices as boxes to tick instead of the typed invoice ids. */
  showInvoices(invoices: CustomerPanel['openInvoices']): void;
  /** Dialog: back to typed invoice ids (the invoices could not be listed). */
  showTyped(): void;
  /** Empties the form and its messages. */
  clear(): void;
}

export function paymentForm(opts: PaymentFormOptions): PaymentForm {
  const box = h('div', { class: 'form-message', 'aria-live': 'polite' });
  const customerField = opts.customer
    ? undefined
    : inputField({ label: 'Customer id', name: 'customerId', value: opts.customerId ?? '', required: true });
  const amount = moneyField('Amount', 'amount');
  const currency: Field<HTMLInputElement | HTMLSelectElement> = opts.customer
    ? selectField({ label: 'Currency', name: 'currency', options: [] })
    : inputField({
        label: 'Currency',
        name: 'currency',
        value: opts.defaultCurrency ?? 'USD',
        required: true,
        attrs: { maxlength: '3', autocomplete: 'off', class: 'short' },
      });
  const date = inputField({
    label: 'Date received',
    name: 'date',
    type: 'date',
    value: todayIso(),
    required: true,
  });
  const method = selectField({ label: 'Method', name: 'method', options: PAYMENT_METHODS });
  const reference = inputField({
    label: 'Reference (optional)',
    name: 'reference',
    attrs: { autocomplete: 'off', placeholder: 'Check number, transaction id' },
  });

  const invoiceList = h('div', { class: 'checklist' });
  let ticking = Boolean(opts.customer);
  const appliesToSidebar = h(
    'fieldset',
    { class: 'form-group', 'data-field': 'appliesTo', hidden: !ticking },
    h('legend', null, 'Apply to invoices (optional)'),
    h('p', { class: 'hint' }, 'Leave all unticked to pay the oldest first.'),
    invoiceList,
    h('p', { class: 'field-error', hidden: true }),
  );
  const appliesToTyped = inputField({
    label: 'Apply to invoices (optional)',
    name: 'appliesTo',
    hint: 'Invoice ids separated by commas; leave empty to pay the oldest first.',
    attrs: { autocomplete: 'off' },
  });

  const row = h('div', { class: 'form-row' }, amount.wrap, currency.wrap);
  const save = h('button', { type: 'submit', class: 'action' }, 'Post payment');
  const form = h(
    'form',
    { class: 'action-form', novalidate: true, 'aria-label': 'Post a payment' },
    customerField?.wrap,
    row,
    date.wrap,
    method.wrap,
    reference.wrap,
    appliesToSidebar,
    opts.customer ? null : appliesToTyped.wrap,
    h('div', { class: 'buttons' }, save),
    box,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const customerId = opts.customer ? opts.customer()?.customerId : customerField?.control.value.trim();
    if (!checkRequired(form)) return;
    if (!isAmount(amount.control.value)) {
      showFieldError(form, 'amount', 'Enter the amount as digits, e.g. 125.00.');
      amount.control.focus();
      return;
    }
    if (!customerId) return;
    const appliesTo = ticking
      ? [...invoiceList.querySelectorAll<HTMLInputElement>('input:checked')].map((c) => c.value)
      : appliesToTyped.control.value
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
    const input: PaymentInput = {
      customerId,
      date: date.control.value,
      amount: amount.control.value.trim(),
      currency: currency.control.value.trim().toUpperCase(),
    };
    if (appliesTo.length > 0) input.appliesTo = appliesTo;
    const m = optional(method.control.value);
    if (m) input.method = m;
    const ref = optional(reference.control.value);
    if (ref) input.reference = ref;
    const result = await submit(form, box, () => call('postPayment', input));
    if (!result.ok) return;
    form.reset();
    date.control.value = todayIso();
    showSuccess(
      box,
      `Payment of ${input.amount} ${input.currency} posted for ${customerLabel(input.customerId)}.`,
    );
    opts.onSaved(result.value, input);
  });

  /** Shows the boxes or the typed ids; only the one shown answers to field errors on `appliesTo`. */
  function setTicking(on: boolean): void {
    ticking = on;
    appliesToSidebar.hidden = !on;
    appliesToTyped.wrap.hidden = on;
    appliesToSidebar.dataset.field = on ? 'appliesTo' : 'appliesTo-unused';
    appliesToTyped.wrap.dataset.field = on ? 'appliesTo-unused' : 'appliesTo';
  }
  setTicking(ticking);

  function fillInvoices(invoices: CustomerPanel['openInvoices']): void {
    invoiceList.replaceChildren(
      ...invoices.map((inv) =>
        h(
          'label',
          { class: 'check' },
          h('input', { type: 'checkbox', name: 'appliesTo', value: inv.invoiceId }),
          h(
            'span',
            { class: 'check-text' },
            h('span', { class: 'check-title' }, inv.invoiceId),
            h('span', { class: 'secondary' }, ` ${inv.open.text} open, due ${showDate(inv.dueDate)}`),
          ),
        ),
      ),
    );
    if (invoices.length === 0) invoiceList.append(h('p', { class: 'secondary' }, 'No open invoices.'));
  }

  const customerLabel = (id: string) => {
    const panel = opts.customer?.();
    return panel && panel.customerId === id ? panel.name : id;
  };

  return {
    form,
    clear() {
      form.reset();
      date.control.value = todayIso();
      clearFieldErrors(form);
      clearMessage(box);
    },
    showInvoices(invoices) {
      fillInvoices(invoices);
      setTicking(true);
    },
    showTyped() {
      setTicking(Boolean(opts.customer));
    },
    update(panel) {
      if (currency.control instanceof HTMLSelectElement) {
        const currencies = [...new Set(panel.balances.map((b) => b.currency))];
        if (currencies.length === 0) currencies.push(opts.defaultCurrency ?? 'USD');
        const keep = currencies.includes(currency.control.value) ? currency.control.value : currencies[0];
        setOptions(
          currency.control,
          currencies.map((c) => [c, c] as const),
          keep,
        );
      }
      fillInvoices(panel.openInvoices);
    },
  };
}
