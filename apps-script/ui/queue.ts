// "Tomorrow's queue" dialog (review mode): the planned messages with their reasons, ticked in bulk
// and approved or skipped with one `decideQueue` call.
import type { QueueDecision, QueueEntry } from '../src/contract.js';
import { byId, h, replace } from './lib/dom.js';
import { whileBusy } from './lib/forms.js';
import { clearMessage, showError, showInfo, showSuccess } from './lib/messages.js';
import { call, closeDialog } from './lib/server.js';

const app = byId('app');
const message = h('div', { id: 'message', 'aria-live': 'polite' });
const summary = h('p', { class: 'secondary', id: 'queue-summary' }, 'Loading…');
const tableHost = h('div', { id: 'queue-table' });
const selectAll = h('input', { type: 'checkbox', id: 'select-all', 'aria-label': 'Select all' });
const approve = h(
  'button',
  { type: 'button', class: 'action', id: 'approve', disabled: true },
  'Approve selected',
);
const skip = h('button', { type: 'button', id: 'skip', disabled: true }, 'Skip selected');
const close = h('button', { type: 'button', id: 'close' }, 'Close');
const footer = h('div', { class: 'dialog-footer' }, approve, skip, close);
replace(app, h('h1', null, "Tomorrow's queue"), summary, message, tableHost, footer);

let entries: QueueEntry[] = [];

const key = (e: QueueEntry) => ({
  customerId: e.customerId,
  stage: e.stage,
  channel: e.channel,
  cycle: e.cycle,
});
const boxes = () => [...tableHost.querySelectorAll<HTMLInputElement>('input[data-index]')];

function syncSelection(): void {
  const all = boxes();
  const ticked = all.filter((b) => b.checked).length;
  selectAll.checked = all.length > 0 && ticked === all.length;
  selectAll.indeterminate = ticked > 0 && ticked < all.length;
  approve.disabled = ticked === 0;
  skip.disabled = ticked === 0;
  approve.textContent = ticked > 0 ? `Approve ${ticked} selected` : 'Approve selected';
  skip.textContent = ticked > 0 ? `Skip ${ticked} selected` : 'Skip selected';
}

function render(asOf: string): void {
  summary.textContent =
    entries.length === 0
      ? `Nothing is planned to go out after ${asOf}.`
      : `${entries.length} message${entries.length === 1 ? '' : 's'} planned after ${asOf}. Tick the ones to approve or skip.`;
  if (entries.length === 0) {
    tableHost.replaceChildren();
    selectAll.checked = false;
    syncSelection();
    return;
  }
  replace(
    tableHost,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'grid' },
        h('caption', { class: 'visually-hidden' }, 'Planned messages'),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, selectAll),
            h('th', { scope: 'col' }, 'Customer'),
            h('th', { scope: 'col' }, 'Message'),
            h('th', { scope: 'col', class: 'num' }, 'Owed'),
            h('th', { scope: 'col' }, 'Why'),
          ),
        ),
        h(
          'tbody',
          null,
          ...entries.map((e, i) => {
            const id = `entry-${i}`;
            const who = e.customerName ? `${e.customerName} (${e.customerId})` : e.customerId;
            return h(
              'tr',
              { 'data-customer': e.customerId },
              h(
                'td',
                null,
                h('input', { type: 'checkbox', id, 'data-index': String(i), 'aria-label': `Select ${who}` }),
              ),
              h(
                'td',
                null,
                h('label', { for: id }, e.customerName ?? e.customerId),
                e.customerName ? h('span', { class: 'matter secondary' }, e.customerId) : null,
              ),
              h(
                'td',
                null,
                `${e.stage} by ${e.channel}`,
                e.plannedFor ? h('span', { class: 'matter secondary' }, e.plannedFor) : null,
              ),
              h('td', { class: 'num nowrap' }, e.amount?.text ?? ''),
              h('td', { class: 'why' }, e.why),
            );
          }),
        ),
      ),
    ),
  );
  syncSelection();
}

async function load(): Promise<void> {
  const result = await whileBusy(footer, () => call('getQueue'));
  if (!result.ok) {
    summary.textContent = '';
    showError(message, result.error);
    return;
  }
  entries = result.value.entries;
  render(result.value.asOf);
}

async function decide(decision: QueueDecision['decision']): Promise<void> {
  const chosen = boxes()
    .filter((b) => b.checked)
    .map((b) => entries[Number(b.dataset.index)])
    .filter((e): e is QueueEntry => e !== undefined);
  if (chosen.length === 0) return;
  clearMessage(message);
  const input: QueueDecision = { decision, entries: chosen.map(key) };
  const result = await whileBusy(app, () => call('decideQueue', input));
  if (!result.ok) {
    showError(message, result.error);
    return;
  }
  const { changed, unchanged, refused = [] } = result.value;
  const verb = decision === 'approve' ? 'Approved' : 'Skipped';
  const text =
    `${verb} ${changed} message${changed === 1 ? '' : 's'}` +
    (unchanged > 0 ? `; ${unchanged} unchanged (already decided or no longer planned).` : '.');
  await load();
  if (refused.length === 0) {
    showSuccess(message, text);
    return;
  }
  const notPlaced = refused.map((r) => `${r.customerId} (${r.reasons.join('; ')})`).join(', ');
  showInfo(message, `${text} Not handed over, now a task to look at instead: ${notPlaced}.`);
}

tableHost.addEventListener('change', syncSelection);
selectAll.addEventListener('change', () => {
  for (const b of boxes()) b.checked = selectAll.checked;
  syncSelection();
});
approve.addEventListener('click', () => void decide('approve'));
skip.addEventListener('click', () => void decide('skip'));
close.addEventListener('click', closeDialog);
void load();
