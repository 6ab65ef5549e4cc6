// Settings sections the backend keeps for the office: how the sheet writes amounts (the ledger's
// decimal separator), card payments on or off (with the deployment's provider), and what a debtor
// may arrange alone on the self-service page. Checked here with the server's bounds.
import type { Settings } from '../../src/contract.js';
import { h } from '../lib/dom.js';
import { checkboxField, inputField, selectField } from '../lib/forms.js';

type Problem = { field: string; message: string };

const FORMATS = [
  ['', 'Not set'],
  ['1,234.56', '1,234.56 (point decimals)'],
  ['1.234,56', '1.234,56 (comma decimals)'],
] as const;

export interface OfficeFieldsSection {
  element: HTMLElement;
  fill(s: Settings): void;
  read(): Pick<Settings, 'numberFormat' | 'onlinePayments' | 'portalLimits'>;
  /** The problems a clerk can fix without asking the server, by field. */
  problems(): Problem[];
}

const wholeIn = (raw: string, min: number, max: number) =>
  /^\d+$/.test(raw.trim()) && +raw >= min && +raw <= max;

export function officeFieldsSection(): OfficeFieldsSection {
  const format = selectField({
    label: 'Amounts in the sheet are written as',
    name: 'numberFormat',
    options: FORMATS,
    hint: 'For amounts typed as text (number cells are read as numbers). Not set: an amount like 1,500 is refused as ambiguous.',
  });
  const online = checkboxField({
    label: 'Offer card payments (pay links in messages and on the customer’s page)',
    name: 'onlinePayments',
  });
  const provider = h('p', { class: 'hint', id: 'payments-provider' });
  const promiseDays = inputField({
    label: 'Longest promise a customer may make alone (days)',
    name: 'portalLimits.promiseMaxDays',
    type: 'number',
    required: true,
    attrs: { min: '1', max: '365', step: '1', inputmode: 'numeric' },
  });
  const planPayments = inputField({
    label: 'Most payments in a plan a customer sets up alone',
    name: 'portalLimits.planMaxInstallments',
    type: 'number',
    required: true,
    attrs: { min: '2', max: '120', step: '1', inputmode: 'numeric' },
  });
  const minPayment = inputField({
    label: 'Smallest payment in such a plan',
    name: 'portalLimits.planMinInstallmentMinor',
    required: true,
    hint: 'In the account’s currency, with cents: 25.00.',
    attrs: { inputmode: 'decimal', autocomplete: 'off', placeholder: '25.00' },
  });
  const element = h(
    'div',
    { id: 'office-fields' },
    h(
      'fieldset',
      { class: 'settings-section', id: 'ledger-section' },
      h('legend', null, 'Ledger'),
      format.wrap,
    ),
    h(
      'fieldset',
      { class: 'settings-section', id: 'payments-section' },
      h('legend', null, 'Payments and the customer’s page'),
      online.wrap,
      provider,
      promiseDays.wrap,
      planPayments.wrap,
      minPayment.wrap,
    ),
  );
  return {
    element,
    fill(s) {
      format.control.value = s.numberFormat ?? '';
      online.control.checked = s.onlinePayments !== false;
      provider.textContent =
        s.paymentsProvider === 'stripe'
          ? 'Card payments go through Stripe, set up for this deployment.'
          : s.paymentsProvider === 'none'
            ? 'No card provider is set up for this deployment: customers see your payment instructions, whatever this says. Ask your office admin to add Stripe keys.'
            : '';
      // An older backend says nothing of the limits: its defaults (payments/portal-page.ts) apply.
      const limits = s.portalLimits ?? {
        promiseMaxDays: 30,
        planMaxInstallments: 12,
        planMinInstallmentMinor: 2_500,
      };
      promiseDays.control.value = String(limits.promiseMaxDays);
      planPayments.control.value = String(limits.planMaxInstallments);
      minPayment.control.value = (limits.planMinInstallmentMinor / 100).toFixed(2);
    },
    read() {
      const cents = /^\d+(\.\d{1,2})?$/.test(minPayment.control.value.trim())
        ? Math.round(Number(minPayment.control.value.trim()) * 100)
        : Number.NaN;
      return {
        numberFormat: format.control.value as NonNullable<Settings['numberFormat']>,
        onlinePayments: online.control.checked,
        portalLimits: {
          promiseMaxDays: Number(promiseDays.control.value),
          planMaxInstallments: Number(planPayments.control.value),
          planMinInstallmentMinor: cents,
        },
      };
    },
    problems() {
      const out: Problem[] = [];
      if (!wholeIn(promiseDays.control.value, 1, 365))
        out.push({ field: 'portalLimits.promiseMaxDays', message: 'Whole days, from 1 to 365.' });
      if (!wholeIn(planPayments.control.value, 2, 120))
        out.push({ field: 'portalLimits.planMaxInstallments', message: 'Whole payments, from 2 to 120.' });
      const raw = minPayment.control.value.trim();
      if (!/^\d+(\.\d{1,2})?$/.test(raw) || Number(raw) > 10_000_000)
        out.push({
          field: 'portalLimits.planMinInstallmentMinor',
          message: 'An amount such as 25.00 (at most two decimals).',
        });
      return out;
    },
  };
}
