// "Today": the calls and letters today's plan gives, loaded when the clerk opens the list. Each call
// shows the number (a tel: link), the script for its stage and one-click outcomes (spoke, promised
// to pay, refused to pay, voicemail, no answer, wrong number) logged as Activity, which the contact
// rules read; each letter shows the address it goes to and its printable PDF, one click away.

import type { TodayList, TodayTask } from '../../src/contract.js';
import { localeReady, showDateTime } from '../lib/dates.js';
import { h, replace, todayIso } from '../lib/dom.js';
import { whileBusy } from '../lib/forms.js';
import { clearMessage, showError } from '../lib/messages.js';
import { pdfButton } from '../lib/pdf-file.js';
import { call } from '../lib/server.js';

/**
 * The outcomes a call can have, as logged. The first three mean the debtor was spoken to, so each
 * holds further calls 7 days (core's CONVERSATION_OUTCOMES).
 */
export const CALL_OUTCOMES: readonly [outcome: string, label: string][] = [
  ['spoke', 'Spoke with them'],
  ['promised-to-pay', 'Promised to pay'],
  ['refused-to-pay', 'Refused to pay'],
  ['voicemail', 'Voicemail'],
  ['no-answer', 'No answer'],
  ['wrong-number', 'Wrong number'],
];

export interface TodayView {
  section: HTMLElement;
}

function callItem(t: Extract<TodayTask, { channel: 'call' }>, onLogged: () => void): HTMLElement {
  const box = h('div', { class: 'form-message', 'aria-live': 'polite' });
  const done = h('p', { class: 'secondary today-done', hidden: true });
  const buttons = CALL_OUTCOMES.map(([outcome, label]) => {
    const b = h('button', { type: 'button', class: 'outcome', 'data-outcome': outcome }, label);
    b.addEventListener('click', async () => {
      clearMessage(box);
      const result = await whileBusy(group, () =>
        call('logContact', {
          customerId: t.customerId,
          type: 'call',
          direction: 'outbound',
          date: todayIso(),
          outcome,
        }),
      );
      if (!result.ok) {
        showError(box, result.error);
        return;
      }
      group.remove();
      done.hidden = false;
      done.textContent = `Logged: ${label.toLowerCase()}.`;
      onLogged();
    });
    return b;
  });
  const group = h(
    'div',
    { class: 'buttons outcomes', role: 'group', 'aria-label': `Outcome of the call to ${t.customerName}` },
    ...buttons,
  );
  return h(
    'li',
    { class: 'today-task', 'data-customer': t.customerId },
    h('p', { class: 'today-who' }, h('strong', null, t.customerName), ` · ${t.stageLabel}, by call`),
    h(
      'p',
      null,
      t.phone
        ? h('a', { href: `tel:${t.phone.replace(/[^\d+]/g, '')}` }, t.phone)
        : h('span', { class: 'warning' }, 'No phone number on the Customers tab'),
      h(
        'span',
        { class: 'secondary' },
        ` · ${t.overdue.join(', ')} overdue · from ${showDateTime(t.localTime)}`,
      ),
    ),
    h(
      'details',
      { class: 'script' },
      h('summary', null, 'Script'),
      h('p', null, t.script.opening),
      h('ol', null, ...t.script.asks.map((a) => h('li', null, a))),
      h('p', { class: 'secondary' }, `If anyone else answers, or for voicemail: ${t.script.message}`),
    ),
    group,
    done,
    box,
  );
}

function letterItem(t: Extract<TodayTask, { channel: 'letter' }>): HTMLElement {
  return h(
    'li',
    { class: 'today-task', 'data-customer': t.customerId },
    h('p', { class: 'today-who' }, h('strong', null, t.customerName), ` · ${t.stageLabel}, by letter`),
    h(
      'p',
      null,
      t.address ? t.address : h('span', { class: 'warning' }, 'No postal address on the Customers tab'),
      h('span', { class: 'secondary' }, ` · ${t.overdue.join(', ')} overdue`),
    ),
    h(
      'p',
      { class: 'today-letter-pdf' },
      pdfButton('Print the letter (PDF)', () => call('todayLetterPdf', t.customerId), t.customerName),
    ),
  );
}

/** The "Today" section: collapsed until opened, then loaded (and reloaded with Refresh list). */
export function todayView(onLogged: () => void): TodayView {
  const box = h('div', { class: 'form-message', 'aria-live': 'polite' });
  const list = h('div', { id: 'today-list' });
  const reload = h('button', { type: 'button', id: 'today-refresh' }, 'Refresh list');
  const summary = h('summary', null, h('span', { id: 'today-title' }, "Today's calls and letters"));
  const section = h(
    'details',
    { class: 'block today', id: 'today' },
    summary,
    h('div', { class: 'buttons' }, reload),
    box,
    list,
  );
  let loaded = false;
  const load = async () => {
    clearMessage(box);
    const [result] = await Promise.all([whileBusy(section, () => call('todayTasks')), localeReady]);
    if (!result.ok) {
      showError(box, result.error);
      return;
    }
    loaded = true;
    render(result.value);
  };
  const render = (today: TodayList) => {
    const calls = today.tasks.filter((t) => t.channel === 'call');
    const letters = today.tasks.filter((t) => t.channel === 'letter');
    replace(
      list,
      h('h3', null, `Calls (${calls.length})`),
      calls.length
        ? h('ul', { class: 'today-tasks', id: 'today-calls' }, ...calls.map((t) => callItem(t, onLogged)))
        : h('p', { class: 'secondary' }, 'No calls today.'),
      h('h3', null, `Letters (${letters.length})`),
      letters.length
        ? h('ul', { class: 'today-tasks', id: 'today-letters' }, ...letters.map(letterItem))
        : h('p', { class: 'secondary' }, 'No letters today.'),
    );
  };
  section.addEventListener('toggle', () => {
    if (section.open && !loaded) void load();
  });
  reload.addEventListener('click', () => void load());
  return { section };
}
