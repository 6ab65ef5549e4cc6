// "Post a payment" dialog: the sidebar's payment form on its own. The customer id comes from the
// template variable `customerId` (HtmlService.createTemplate) when the menu knew it, else it is asked.
// The customer's open invoices (`customerInvoices`) are shown as boxes to tick; when they cannot be
// listed (no such customer, server failure) invoice ids are typed instead.
import { localeReady } from './lib/dates.js';
import { byId, h, replace } from './lib/dom.js';
import { paymentForm } from './lib/payment-form.js';
import { call, closeDialog } from './lib/server.js';

/** The evaluated `<?= customerId ?>`, or '' when the page was served without evaluating it. */
function templateCustomerId(): string {
  const value =
    document.querySelector<HTMLMetaElement>('meta[name="duebook-customer-id"]')?.content.trim() ?? '';
  // Unevaluated, the attribute still holds the scriptlet (tested with a regex: the bundle must not contain it).
  return /^<\?/.test(value) ? '' : value;
}

const customerId = templateCustomerId();
const close = h('button', { type: 'button', id: 'close' }, 'Close');
const payment = paymentForm({
  customerId,
  onSaved: (_saved, input) => {
    close.focus();
    // What is open has changed.
    void loadInvoices(input.customerId);
  },
});

let asked = '';
async function loadInvoices(id: string): Promise<void> {
  asked = id;
  if (id === '') {
    payment.showTyped();
    return;
  }
  const [result] = await Promise.all([call('customerInvoices', id), localeReady]);
  if (asked !== id) return; // another customer was typed meanwhile
  if (result.ok) payment.showInvoices(result.value);
  else payment.showTyped();
}

const customerInput = payment.form.querySelector<HTMLInputElement>('[name="customerId"]');
customerInput?.addEventListener('change', () => {
  void loadInvoices(customerInput.value.trim());
});
if (customerId) void loadInvoices(customerId);
replace(
  byId('app'),
  h('h1', null, 'Post a payment'),
  h(
    'p',
    { class: 'secondary' },
    customerId ? `For customer ${customerId}.` : 'Enter the customer id from the Customers tab.',
  ),
  payment.form,
  h('div', { class: 'dialog-footer' }, close),
);
close.addEventListener('click', closeDialog);
(
  payment.form.querySelector<HTMLInputElement>(customerId ? '[name="amount"]' : '[name="customerId"]') ??
  close
).focus();
