// The sidebar: "Sync now" and today's calls and letters on top, then the customer on the selected
// row (read-only panel) and the actions a clerk takes on them. Loads the customer on open and on
// Refresh; reloads after every save.

import type { CustomerPanel } from '../src/contract.js';
import { localeReady } from './lib/dates.js';
import { byId, h, replace } from './lib/dom.js';
import { whileBusy } from './lib/forms.js';
import { clearMessage, showError } from './lib/messages.js';
import { paymentForm } from './lib/payment-form.js';
import { call } from './lib/server.js';
import {
  type ActionContext,
  type ActionForm,
  contactChangeForm,
  flagsForm,
  logContactForm,
  planForm,
  promiseForm,
} from './sidebar/action-forms.js';
import { creditHoldForm } from './sidebar/credit-hold-form.js';
import { onboardingView } from './sidebar/onboarding-view.js';
import { renderHistory, renderPanel } from './sidebar/panel-view.js';
import { syncView } from './sidebar/sync-view.js';
import { todayView } from './sidebar/today-view.js';

let panel: CustomerPanel | undefined;

const message = byId('message');
const panelHost = byId('panel');
const actionsHost = byId('actions');
const refresh = byId<HTMLButtonElement>('refresh');

const ctx: ActionContext = {
  panel: () => panel,
  onSaved: () => void load(),
};

const payment = paymentForm({ customer: () => panel, onSaved: () => void load() });
const actions: [id: string, title: string, form: ActionForm][] = [
  ['log-contact', 'Log a contact', logContactForm(ctx)],
  ['promise', 'Record a promise to pay', promiseForm(ctx)],
  ['plan', 'Set up a payment plan', planForm(ctx)],
  ['payment', 'Post a payment', payment],
  ['flags', 'Set or clear a flag', flagsForm(ctx)],
  ['credit-hold', 'Release the credit hold', creditHoldForm(ctx)],
  ['contact-change', 'Contact details changed', contactChangeForm(ctx)],
];
replace(
  actionsHost,
  h('h2', { class: 'actions-title' }, 'Actions'),
  ...actions.map(([id, title, action]) =>
    h('details', { class: 'action', id: `action-${id}` }, h('summary', null, title), action.form),
  ),
);

const sync = syncView(() => void load());
byId('sync-host').replaceWith(sync.section);
// A logged call changes the history of the customer shown, if it is theirs.
const today = todayView(() => void load());
byId('today-host').replaceWith(today.section);

async function load(): Promise<void> {
  const [result] = await Promise.all([
    whileBusy(refresh.parentElement ?? refresh, () => call('sidebarCustomer')),
    localeReady,
  ]);
  if (!result.ok) {
    panel = undefined;
    panelHost.replaceChildren();
    actionsHost.hidden = true;
    showError(message, result.error);
    return;
  }
  clearMessage(message);
  const changed = panel?.customerId !== result.value.customerId;
  panel = result.value;
  replace(panelHost, ...renderPanel(panel));
  for (const [, , action] of actions) {
    if (changed) action.clear();
    action.update(panel);
  }
  actionsHost.hidden = false;
  void loadMessages(result.value);
}

/** The archive of sent messages, fetched after the panel shows so it never delays it. */
async function loadMessages(shown: CustomerPanel): Promise<void> {
  const answer = await call('customerMessages', shown.customerId);
  if (panel !== shown) return; // the clerk moved on to another customer meanwhile
  const state = answer.ok ? answer.value : { unavailable: answer.error.message };
  if (answer.ok && answer.value.messages.length === 0 && answer.value.activity.length === 0) return;
  panelHost.querySelector('#history')?.replaceWith(renderHistory(shown, state));
}

refresh.addEventListener('click', () => void load());
void load().then(() => sync.resume());

// A Google account with no office yet sees only "Create an office" (issue #17; styles.css hides the rest).
const main = byId('panel').parentElement!;
const onboarding = onboardingView(() => {
  main.classList.remove('no-office');
  void load().then(() => sync.resume());
});
main.prepend(onboarding.section);
void onboarding.check().then((noOffice) => {
  if (noOffice) main.classList.add('no-office');
});
