// Template benchmark: a reminder rendered with the office's own wording through the template engine
// (placeholders, escaping, identity, payment instructions) against the fixed wording of before.
import type { ReminderContext } from '../core/collections/templates.js';
import { renderReminder } from '../core/collections/templates.js';
import { renderFixedReminder } from './baselines/fixed-templates.js';
import { compare } from './harness.js';

const CTX: ReminderContext = {
  office: {
    name: 'Harbor Dental Group LLC',
    tradingName: 'Harbor Dental',
    address: '1 Quay St\nBoston, MA 02110',
    phone: '555-0100',
    email: 'billing@harbor.example',
    signature: 'Maria Lopez\nBilling manager',
    payment: { bankTransfer: 'Bank: First Harbor\nAccount: 000123', chequePayee: 'Harbor Dental Group LLC' },
  },
  customerName: 'Nguyễn Văn An',
  amounts: [
    { currency: 'EUR', amountMinor: 857575 },
    { currency: 'GBP', amountMinor: 96000 },
  ],
  openInvoices: Array.from({ length: 8 }, (_, i) => ({
    invoiceId: `INV-${1000 + i}`,
    dueDate: `2026-0${1 + (i % 9)}-15`,
    currency: i % 2 ? 'GBP' : 'EUR',
    openMinor: 10_000 + i,
  })),
  payBy: '2026-12-03',
  unsubscribeUrl: 'https://api.example/v1/unsubscribe?token=t',
};

const OWN = {
  subject: 'Your account with {{office.name}}: {{overdue.total}} open',
  body: [
    'Dear {{customer.name}},',
    'We still show {{overdue.total}} as unpaid on your account. The items are:',
    '{{invoices.table}}',
    'Please pay by {{pay.by}}, or call us on {{office.phone}} if you need more time.',
    '{{pay.link}}',
  ].join('\n\n'),
};

export function runTemplateBenchmarks(): void {
  const BATCH = 200;
  compare(
    'templates.custom_vs_fixed',
    () => {
      for (let i = 0; i < BATCH; i++) renderReminder({ kind: 'reminder' }, { ...CTX, template: OWN });
    },
    () => {
      for (let i = 0; i < BATCH; i++) renderFixedReminder({ kind: 'reminder' }, CTX);
    },
    {
      aim: '<= 2x',
      note: `${BATCH} reminders, 8 items in 2 currencies, the office's own wording vs the fixed one`,
    },
  );
}
