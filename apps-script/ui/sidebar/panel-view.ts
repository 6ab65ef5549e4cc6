// The read-only part of the sidebar: who the customer is, what they owe and since when, what
// Duebook will do next and why, their promises, plans and contact history.
import type { CustomerPanel } from '../../src/contract.js';
import { h } from '../lib/dom.js';

/** Flag names as a clerk says them; unknown flags show as sent. */
export const FLAG_LABELS: Readonly<Record<string, string>> = {
  dispute: 'Dispute',
  bankruptcy: 'Bankruptcy',
  deceased: 'Deceased',
  'cease-contact': 'Cease contact',
  attorney: 'Attorney',
  placed: 'Placed',
  'opted-out': 'Opted out of email',
  'email-suppressed': 'Email suppressed',
  'mail-returned': 'Mail returned',
};

export function flagLabel(flag: string): string {
  return FLAG_LABELS[flag] ?? flag;
}

export function renderPanel(panel: CustomerPanel): HTMLElement[] {
  return [
    header(panel),
    contact(panel),
    balance(panel),
    next(panel),
    invoices(panel),
    promisesAndPlans(panel),
    history(panel),
  ];
}

function section(id: string, title: string, ...body: (Node | null)[]): HTMLElement {
  return h(
    'section',
    { class: 'block', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    ...body,
  );
}

function header(panel: CustomerPanel): HTMLElement {
  return h(
    'header',
    { class: 'customer-header', id: 'customer' },
    h('h1', { id: 'customer-name' }, panel.name || panel.customerId),
    h('p', { class: 'secondary' }, `${panel.customerId} · as of ${panel.asOf}`),
    panel.flags.length > 0
      ? h(
          'ul',
          { class: 'chips', id: 'flags', 'aria-label': 'Flags' },
          ...panel.flags.map((f) => h('li', { class: 'chip chip-flag', 'data-flag': f }, flagLabel(f))),
        )
      : null,
  );
}

function contact(panel: CustomerPanel): HTMLElement {
  const row = (label: string, value: string | undefined, id: string) =>
    [h('dt', null, label), h('dd', { id, class: value ? '' : 'secondary' }, value || 'not on file')] as const;
  return section(
    'contact',
    'Contact',
    h(
      'dl',
      { class: 'facts' },
      ...row('Email', panel.email, 'contact-email'),
      ...row('Phone', panel.phone, 'contact-phone'),
      ...row('Address', panel.address, 'contact-address'),
    ),
  );
}

function balance(panel: CustomerPanel): HTMLElement {
  const several = new Set(panel.aging.map((a) => a.amount.currency)).size > 1;
  return section(
    'balance',
    'Balance',
    panel.balances.length > 0
      ? h(
          'ul',
          { class: 'balances' },
          ...panel.balances.map((b) =>
            h(
              'li',
              null,
              h('span', { class: 'amount-big' }, b.text),
              ' ',
              h('span', { class: 'secondary' }, b.currency),
            ),
          ),
        )
      : h('p', { class: 'secondary' }, 'Nothing owed.'),
    panel.aging.length > 0
      ? h(
          'table',
          { class: 'grid', id: 'aging' },
          h('caption', { class: 'visually-hidden' }, 'Aging by bucket'),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, 'Aging'),
              h('th', { scope: 'col', class: 'num' }, 'Amount'),
            ),
          ),
          h(
            'tbody',
            null,
            ...panel.aging.map((a) =>
              h(
                'tr',
                null,
                h('th', { scope: 'row' }, a.label),
                h('td', { class: 'num' }, several ? `${a.amount.text} ${a.amount.currency}` : a.amount.text),
              ),
            ),
          ),
        )
      : null,
  );
}

function next(panel: CustomerPanel): HTMLElement {
  let body: HTMLElement;
  if (panel.blocked) {
    body = h(
      'div',
      { class: 'callout callout-blocked', id: 'next-action' },
      h('p', { class: 'callout-title' }, 'No contact will go out'),
      h('p', null, panel.blocked),
    );
  } else if (panel.nextAction) {
    const a = panel.nextAction;
    body = h(
      'div',
      { class: 'callout', id: 'next-action' },
      h('p', { class: 'callout-title' }, `${a.stage} by ${a.channel} on ${a.date}`),
      h('p', { class: 'why' }, a.why),
    );
  } else {
    body = h('p', { class: 'secondary', id: 'next-action' }, 'Nothing planned.');
  }
  const note = panel.statusNote ? h('p', { class: 'secondary', id: 'status-note' }, panel.statusNote) : null;
  return section('next', 'Next action', body, note);
}

function invoices(panel: CustomerPanel): HTMLElement {
  if (panel.openInvoices.length === 0) {
    return section('invoices', 'Open invoices', h('p', { class: 'secondary' }, 'No open invoices.'));
  }
  return section(
    'invoices',
    `Open invoices (${panel.openInvoices.length})`,
    h(
      'table',
      { class: 'grid', id: 'open-invoices' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'Invoice'),
          h('th', { scope: 'col' }, 'Due'),
          h('th', { scope: 'col', class: 'num', title: 'Days past due' }, 'Days'),
          h('th', { scope: 'col', class: 'num' }, 'Open'),
        ),
      ),
      h(
        'tbody',
        null,
        ...panel.openInvoices.map((inv) =>
          h(
            'tr',
            { 'data-invoice': inv.invoiceId },
            h(
              'td',
              { class: 'invoice-id' },
              inv.invoiceId,
              inv.matter ? h('span', { class: 'matter secondary' }, inv.matter) : null,
            ),
            h('td', { class: 'nowrap' }, inv.dueDate),
            h('td', { class: inv.daysPastDue > 0 ? 'num overdue' : 'num' }, String(inv.daysPastDue)),
            h('td', { class: 'num nowrap' }, inv.open.text),
          ),
        ),
      ),
    ),
  );
}

function promisesAndPlans(panel: CustomerPanel): HTMLElement {
  const status = (s: string) =>
    h('span', { class: `chip chip-status status-${s.replace(/\W+/g, '-')}` }, s.replace(/-/g, ' '));
  return section(
    'arrangements',
    'Promises and plans',
    panel.promises.length === 0 && panel.plans.length === 0
      ? h('p', { class: 'secondary' }, 'None.')
      : h(
          'ul',
          { class: 'items', id: 'arrangements-list' },
          ...panel.promises.map((p) =>
            h(
              'li',
              { 'data-promise': p.promiseId },
              h(
                'span',
                null,
                `Promise: ${p.amount.text} by `,
                h('span', { class: 'nowrap' }, p.promisedDate),
              ),
              ' ',
              status(p.status),
            ),
          ),
          ...panel.plans.map((p) =>
            h(
              'li',
              { 'data-plan': p.planId },
              h(
                'span',
                null,
                `Plan: ${p.total.text}, ${p.installments} installments from `,
                h('span', { class: 'nowrap' }, p.startDate),
              ),
              ' ',
              status(p.status),
            ),
          ),
        ),
  );
}

function history(panel: CustomerPanel): HTMLElement {
  if (panel.history.length === 0) {
    return section('history', 'History', h('p', { class: 'secondary' }, 'No contact yet.'));
  }
  return section(
    'history',
    'History',
    h(
      'ol',
      { class: 'items history', id: 'history-list' },
      ...panel.history.map((e) =>
        h(
          'li',
          null,
          h(
            'p',
            { class: 'history-head' },
            h('span', { class: 'nowrap' }, e.date),
            ' ',
            h('strong', null, capitalize(e.type)),
            h('span', { class: 'secondary' }, ` ${e.direction}`),
            e.stage ? h('span', { class: 'secondary' }, ` · ${e.stage}`) : null,
          ),
          e.outcome ? h('p', null, e.outcome) : null,
          e.note ? h('p', { class: 'note' }, e.note) : null,
          e.by ? h('p', { class: 'secondary' }, `by ${e.by}`) : null,
        ),
      ),
    ),
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
