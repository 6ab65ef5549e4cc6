// "Post a payment" dialog: the sidebar's payment form on its own. The customer id comes from the
// template variable `customerId` (HtmlService.createTemplate) when the menu knew it, else it is asked.
import { byId, h, replace } from './lib/dom.js';
import { paymentForm } from './lib/payment-form.js';
import { closeDialog } from './lib/server.js';

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
  onSaved: () => {
    close.focus();
  },
});
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
