// The read-only part of the sidebar: who the customer is, what they owe and since when, what
// Duebook will do next and why, their promises, plans and contact history.

import type { CustomerPanel, SentMessage } from '../../src/contract.js';
import { showDate, showDatesIn, showDateTime } from '../lib/dates.js';
import { h } from '../lib/dom.js';
import { emailBlock } from '../lib/email-view.js';

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
    renderHistory(panel),
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
    h('p', { class: 'secondary' }, `${panel.customerId} · as of ${showDate(panel.asOf)}`),
    panel.flags.length > 0
      ? h(
          'ul',
          { class: 'chips', id: 'flags', 'aria-label': 'Flags' },
          ...panel.flags.map((f) => h('li', { class: 'chip chip-flag', 'data-flag': f }, flagLabel(f))),
        )
      : null,
    panel.attorney ? attorneyLine(panel.attorney) : null,
  );
}

/** Who represents the customer (every contact goes through them), or what is missing to know it. */
function attorneyLine(a: NonNullable<CustomerPanel['attorney']>): HTMLElement {
  if (!a.name || !a.contact)
    return h(
      'p',
      { class: 'warning', id: 'attorney' },
      `Represented by an attorney, but their ${!a.name && !a.contact ? 'name and contact are' : !a.name ? 'name is' : 'contact is'} not on file: fill in Attorney Name and Attorney Contact on the Customers tab.`,
    );
  return h('p', { id: 'attorney' }, 'Represented by ', h('strong', null, a.name), ` · ${a.contact}`);
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
    // Refused fees and interest (issue #12): not in the balance above, and why.
    panel.notCharged && panel.notCharged.length > 0
      ? h(
          'div',
          { class: 'refused-charges', id: 'not-charged' },
          h('p', { class: 'secondary' }, 'Not charged (left out of the balance):'),
          h('ul', null, ...panel.notCharged.map((line) => h('li', { class: 'secondary' }, line))),
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
      h(
        'p',
        { class: 'callout-title' },
        `${a.stageLabel ?? a.stage}, by ${a.channel}, on ${showDate(a.date)}`,
      ),
      h('p', { class: 'why' }, showDatesIn(a.why)),
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
            h('td', { class: 'nowrap' }, showDate(inv.dueDate)),
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
                h('span', { class: 'nowrap' }, showDate(p.promisedDate)),
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
                h('span', { class: 'nowrap' }, showDate(p.startDate)),
              ),
              ' ',
              status(p.status),
            ),
          ),
        ),
  );
}

/** What the sidebar knows of the customer's sent messages: the archive, or why it is not shown. */
export type MessagesState =
  | { messages: SentMessage[]; activity: CustomerPanel['history'] }
  | { unavailable: string }
  | undefined;

type HistoryItem = CustomerPanel['history'][number] & { message?: SentMessage };

/** Outcome of an Activity note Duebook writes when it cancels a message at send time. */
const NOT_SENT = /^not sent:\s*(.*)$/;

/**
 * The contact history, newest first: the sheet's Activity lines and the ones Duebook wrote (from
 * the backend). A sent email's line opens the message as sent (from the archive); a sent message
 * with no line gets its own; a message Duebook cancelled at send time shows as "Not sent" with its
 * reason and rule.
 */
export function renderHistory(panel: CustomerPanel, state?: MessagesState): HTMLElement {
  const messages = state && 'messages' in state ? state.messages : [];
  const items: HistoryItem[] = panel.history.map((e) => ({ ...e }));
  // Duebook's own lines (sends, messages not sent) live in the backend, not the sheet.
  for (const line of state && 'activity' in state ? state.activity : []) {
    if (!items.some((e) => e.activityId !== undefined && e.activityId === line.activityId))
      items.push({ ...line });
  }
  for (const m of messages) {
    const line = items.find((e) => e.activityId !== undefined && e.activityId === m.activityId);
    if (line) line.message = m;
    else
      items.push({
        date: m.sentAt.slice(0, 10),
        type: 'email',
        direction: 'outbound',
        stage: m.stage,
        outcome: `sent ${showDateTime(m.sentAt)} office time`,
        by: 'duebook',
        message: m,
      });
  }
  items.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  const note =
    state && 'unavailable' in state
      ? h(
          'p',
          { class: 'secondary', id: 'messages-note' },
          `Sent messages not available: ${state.unavailable}`,
        )
      : null;
  if (items.length === 0) {
    return section('history', 'History', h('p', { class: 'secondary' }, 'No contact yet.'), note);
  }
  return section(
    'history',
    'History',
    note,
    h('ol', { class: 'items history', id: 'history-list' }, ...items.map(historyItem)),
  );
}

function historyItem(e: HistoryItem, index: number): HTMLElement {
  const notSent = e.outcome ? NOT_SENT.exec(e.outcome) : null;
  const head = h(
    'p',
    { class: 'history-head' },
    h('span', { class: 'nowrap' }, showDate(e.date)),
    ' ',
    h('strong', null, capitalize(e.type)),
    h('span', { class: 'secondary' }, ` ${e.direction}`),
    e.stage ? h('span', { class: 'secondary' }, ` · ${e.stageLabel ?? e.stage}`) : null,
  );
  if (notSent) {
    return h(
      'li',
      { class: 'history-not-sent', 'data-activity': e.activityId },
      head,
      h('p', null, h('span', { class: 'chip chip-not-sent' }, 'Not sent'), ' ', e.note ?? ''),
      h('p', { class: 'secondary' }, `Rule: ${notSent[1]}`),
    );
  }
  const message = e.message;
  let opener: HTMLElement | null = null;
  let viewer: HTMLElement | null = null;
  if (message) {
    const id = `message-${index}`;
    viewer = h(
      'div',
      { class: 'message-viewer', id, hidden: true },
      emailBlock(message, `Email sent to ${message.to}`, {
        when: `${showDateTime(message.sentAt)} office time; ${showDateTime(message.debtorTime)} for the customer`,
      }),
    );
    const button = h(
      'button',
      { type: 'button', class: 'link-button open-message', 'aria-expanded': 'false', 'aria-controls': id },
      'Open the email',
    );
    const box = viewer;
    button.addEventListener('click', () => {
      box.hidden = !box.hidden;
      button.setAttribute('aria-expanded', String(!box.hidden));
      button.textContent = box.hidden ? 'Open the email' : 'Close the email';
    });
    opener = h(
      'p',
      { class: 'message-subject' },
      h('span', { class: 'secondary' }, message.subject),
      ' ',
      button,
    );
  }
  return h(
    'li',
    { 'data-activity': e.activityId },
    head,
    e.outcome ? h('p', null, e.outcome) : null,
    e.note ? h('p', { class: 'note' }, e.note) : null,
    e.message?.engagement?.length
      ? h('p', { class: 'secondary engagement' }, capitalize(e.message.engagement.join(' · ')))
      : null,
    opener,
    viewer,
    e.by ? h('p', { class: 'secondary' }, `by ${e.by}`) : null,
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
