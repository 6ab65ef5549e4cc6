// "Tomorrow's queue" dialog (review mode): each planned message as the email it would be (or why it
// would not go), ticked in bulk and approved or skipped with one `decideQueue` call; sends that may
// have gone out and customers that could not be planned each with their own actions.

import type { QueueDecision, QueueEntry } from '../src/contract.js';
import { localeReady, showDate, showDatesIn, showDateTime } from './lib/dates.js';
import { byId, h, replace } from './lib/dom.js';
import { emailBlock } from './lib/email-view.js';
import { whileBusy } from './lib/forms.js';
import { clearMessage, showError, showInfo, showSuccess } from './lib/messages.js';
import { pdfButton } from './lib/pdf-file.js';
import { call, closeDialog } from './lib/server.js';

const app = byId('app');
const message = h('div', { id: 'message', 'aria-live': 'polite' });
const summary = h('p', { class: 'secondary', id: 'queue-summary' }, 'Loading…');
const tableHost = h('div', { id: 'queue-table' });
const uncertainHost = h('div', { id: 'queue-uncertain' });
const failedHost = h('div', { id: 'queue-failed' });
const creditHost = h('div', { id: 'queue-credit' });
const selectAll = h('input', { type: 'checkbox', id: 'select-all', 'aria-label': 'Select all' });
const approve = h(
  'button',
  { type: 'button', class: 'action', id: 'approve', disabled: true },
  'Approve selected',
);
const skip = h('button', { type: 'button', id: 'skip', disabled: true }, 'Skip selected');
const close = h('button', { type: 'button', id: 'close' }, 'Close');
const footer = h('div', { class: 'dialog-footer sticky-footer' }, approve, skip, close);
replace(
  app,
  h('h1', null, "Tomorrow's queue"),
  summary,
  message,
  uncertainHost,
  failedHost,
  creditHost,
  tableHost,
  footer,
);

let entries: QueueEntry[] = [];

const key = (e: QueueEntry) => ({
  customerId: e.customerId,
  stage: e.stage,
  channel: e.channel,
  cycle: e.cycle,
});
const boxes = () => [...tableHost.querySelectorAll<HTMLInputElement>('input[data-index]')];
const who = (e: QueueEntry) => (e.customerName ? `${e.customerName} (${e.customerId})` : e.customerId);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

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

/** What the line would send: the email's subject, or why it would not go, with a toggle to read it. */
function messageCell(e: QueueEntry, i: number, detailsRow: HTMLTableRowElement): HTMLElement {
  const what = `${e.stageLabel ?? e.stage}, by ${e.channel}`;
  const when = showDateTime(e.waitsUntil ?? e.plannedFor);
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'link-button',
      'aria-expanded': 'false',
      'aria-controls': `details-${i}`,
    },
    'Show email',
  );
  toggle.addEventListener('click', () => {
    detailsRow.hidden = !detailsRow.hidden;
    toggle.setAttribute('aria-expanded', String(!detailsRow.hidden));
    toggle.textContent = detailsRow.hidden ? 'Show email' : 'Hide email';
  });
  if (e.wouldNotSend) {
    return h(
      'td',
      { class: 'message-cell' },
      h('span', { class: 'chip chip-not-sent' }, 'Would not send'),
      h('p', { class: 'not-sent-reason' }, showDatesIn(e.wouldNotSend.reason)),
      h('span', { class: 'matter secondary' }, `${what} · ${e.wouldNotSend.rule}`),
    );
  }
  if (e.preview) {
    return h(
      'td',
      { class: 'message-cell' },
      h('strong', { class: 'subject' }, e.preview.subject),
      h('span', { class: 'matter secondary' }, when ? `${what} · ${when}` : what),
      e.waitsUntil
        ? h(
            'span',
            { class: 'matter waits' },
            `Waits for the debtor's 08:00 (${showDateTime(e.preview.debtorTime)})`,
          )
        : null,
      toggle,
    );
  }
  return h(
    'td',
    { class: 'message-cell' },
    what,
    when ? h('span', { class: 'matter secondary' }, when) : null,
    e.letter ? letterLine(e, e.letter) : null,
    e.previewNote ? h('span', { class: 'matter warning' }, e.previewNote) : null,
  );
}

/** A printed letter to mail: the PDF one click away (`GET /v1/letters?key=`), never its storage key. */
function letterLine(e: QueueEntry, letter: NonNullable<QueueEntry['letter']>): HTMLElement {
  const key = letter.pdf;
  return h(
    'span',
    { class: 'matter letter' },
    `Letter to print and mail${letter.disputeBy ? ` (dispute by ${showDate(letter.disputeBy)})` : ''}: `,
    pdfButton('Open the letter (PDF)', () => call('storedLetterPdf', key), who(e)),
  );
}

function reviewTable(review: { e: QueueEntry; i: number }[]): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'grid queue-grid' },
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
          h('th', { scope: 'col', class: 'num' }, 'States'),
          h('th', { scope: 'col' }, 'Why'),
        ),
      ),
      h(
        'tbody',
        null,
        ...review.flatMap(({ e, i }) => {
          const id = `entry-${i}`;
          const details = h(
            'tr',
            { class: 'details-row', id: `details-${i}`, hidden: true },
            h(
              'td',
              { colspan: '5' },
              e.preview
                ? emailBlock(e.preview, `Email to ${who(e)}`, {
                    when: `${showDateTime(e.preview.debtorTime)} (debtor's time)`,
                  })
                : null,
            ),
          );
          const row = h(
            'tr',
            {
              'data-customer': e.customerId,
              class: e.wouldNotSend ? 'entry-row would-not-send' : 'entry-row',
            },
            h(
              'td',
              null,
              h('input', { type: 'checkbox', id, 'data-index': String(i), 'aria-label': `Select ${who(e)}` }),
            ),
            h(
              'td',
              null,
              h('label', { for: id }, e.customerName ?? e.customerId),
              e.customerName ? h('span', { class: 'matter secondary' }, e.customerId) : null,
            ),
            messageCell(e, i, details),
            h('td', { class: 'num nowrap' }, e.amount?.text ?? ''),
            h('td', { class: 'why' }, showDatesIn(e.why)),
          );
          return e.preview ? [row, details] : [row];
        }),
      ),
    ),
  );
}

/** A card for an entry that is not a plain approval, with its own buttons. */
function card(
  e: QueueEntry,
  i: number,
  cls: string,
  body: (HTMLElement | null)[],
  buttons: [label: string, decision: QueueDecision['decision'], primary: boolean][],
): HTMLElement {
  return h(
    'li',
    { class: `queue-card ${cls}`, 'data-customer': e.customerId, 'data-index': String(i) },
    h(
      'p',
      { class: 'card-head' },
      h('strong', null, e.customerName ?? e.customerId),
      e.customerName ? h('span', { class: 'secondary' }, ` ${e.customerId}`) : null,
      h(
        'span',
        { class: 'secondary' },
        e.kind === 'failed' && e.channel === 'none'
          ? ` · daily run of ${e.cycle}`
          : e.kind === 'task'
            ? ` · to the credit contact`
            : ` · ${e.stageLabel ?? e.stage}, by ${e.channel}`,
      ),
    ),
    ...body,
    h(
      'div',
      { class: 'buttons' },
      ...buttons.map(([label, decision, primary]) => {
        const b = h('button', { type: 'button', class: primary ? 'action' : '' }, label);
        b.addEventListener('click', () => void decide(decision, [e], label));
        return b;
      }),
    ),
  );
}

function uncertainSection(list: { e: QueueEntry; i: number }[]): HTMLElement | null {
  if (list.length === 0) return null;
  return h(
    'section',
    { class: 'block queue-section', 'aria-labelledby': 'uncertain-title' },
    h('h2', { id: 'uncertain-title' }, `May have been sent (${list.length})`),
    h(
      'p',
      { class: 'hint' },
      'The mail service took these but never confirmed them. Check the sent copy or ask the customer before sending again.',
    ),
    h(
      'ul',
      { class: 'items' },
      ...list.map(({ e, i }) => {
        const u = e.uncertain;
        const facts = u
          ? `Handed to the mail service${u.claimedAt ? ` at ${showDateTime(u.claimedAt)}` : ''} (attempt ${u.attempts}), never confirmed.`
          : 'Never confirmed.';
        return card(
          e,
          i,
          'card-uncertain',
          [
            h('p', { class: 'uncertain-facts' }, facts),
            // The backend's sentence repeats these facts; shown only when the facts are missing.
            u?.reason && !u.claimedAt ? h('p', { class: 'secondary' }, showDatesIn(u.reason)) : null,
            u?.message
              ? h(
                  'details',
                  { class: 'email-details' },
                  h('summary', null, `The email as sent: ${u.message.subject}`),
                  emailBlock(u.message, `Email to ${who(e)}`, {
                    when: `${showDateTime(u.message.debtorTime)} (debtor's time)`,
                  }),
                )
              : null,
          ],
          [
            ['Send again', 'approve', false],
            ["It was sent, don't resend", 'skip', false],
          ],
        );
      }),
    ),
  );
}

/** Credit-contact tasks: the account, the reason and whom the notice went to; done or dismissed. */
function creditSection(list: { e: QueueEntry; i: number }[]): HTMLElement | null {
  if (list.length === 0) return null;
  return h(
    'section',
    { class: 'block queue-section', 'aria-labelledby': 'credit-title' },
    h('h2', { id: 'credit-title' }, `For the credit department (${list.length})`),
    h(
      'p',
      { class: 'hint' },
      'Holds and releases Duebook told the credit contact about. Nothing here reaches the customer. Mark each done once the credit department has acted.',
    ),
    h(
      'ul',
      { class: 'items' },
      ...list.map(({ e, i }) => {
        const c = e.credit;
        const told = c?.notifiedTo
          ? `Told ${c.notifiedTo}${c.sentAt ? ` at ${showDateTime(c.sentAt)}` : ''}.`
          : `Not told yet: ${c?.waiting ?? 'waiting'}.`;
        return card(
          e,
          i,
          `card-credit card-${c?.notice ?? 'hold'}`,
          [
            h(
              'p',
              { class: 'credit-what' },
              h(
                'span',
                { class: `chip chip-${c?.notice === 'release' ? 'release' : 'hold'}` },
                c?.notice === 'release' ? `${c.action} released` : (c?.action ?? 'Credit hold'),
              ),
            ),
            c && c.accounts.length > 0
              ? h(
                  'table',
                  { class: 'grid credit-accounts' },
                  h(
                    'thead',
                    null,
                    h(
                      'tr',
                      null,
                      h('th', { scope: 'col', class: 'num' }, 'Balance'),
                      h('th', { scope: 'col', class: 'num' }, 'Overdue'),
                      h('th', { scope: 'col', class: 'num' }, 'Oldest'),
                    ),
                  ),
                  h(
                    'tbody',
                    null,
                    ...c.accounts.map((a) =>
                      h(
                        'tr',
                        null,
                        h('td', { class: 'num nowrap' }, a.balance.text),
                        h('td', { class: 'num nowrap' }, a.overdue.text),
                        h(
                          'td',
                          { class: 'num nowrap' },
                          a.oldestDaysPastDue > 0 ? `${a.oldestDaysPastDue} days past due` : 'not past due',
                        ),
                      ),
                    ),
                  ),
                )
              : null,
            h('p', { class: 'credit-reason' }, showDatesIn(c?.reason ?? e.why)),
            h('p', { class: c?.notifiedTo ? 'credit-told secondary' : 'credit-told warning' }, told),
          ],
          [
            ['Done', 'done', true],
            ['Dismiss', 'dismiss', false],
          ],
        );
      }),
    ),
  );
}

function failedSection(list: { e: QueueEntry; i: number }[]): HTMLElement | null {
  if (list.length === 0) return null;
  return h(
    'section',
    { class: 'block queue-section', 'aria-labelledby': 'failed-title' },
    h('h2', { id: 'failed-title' }, `Could not be planned or sent (${list.length})`),
    h(
      'p',
      { class: 'hint' },
      'Fix the account; the next daily run plans it again. Dismiss a line once it is dealt with.',
    ),
    h(
      'ul',
      { class: 'items' },
      ...list.map(({ e, i }) =>
        card(
          e,
          i,
          'card-failed',
          [
            h('p', { class: 'failed-reason' }, showDatesIn(e.error?.reason ?? e.why)),
            e.error?.rule ? h('p', { class: 'secondary' }, `Rule: ${e.error.rule}`) : null,
          ],
          [['Dismiss', 'skip', false]],
        ),
      ),
    ),
  );
}

function render(asOf: string, timeZone: string): void {
  const indexed = entries.map((e, i) => ({ e, i }));
  const review = indexed.filter(({ e }) => e.kind === 'review');
  const uncertain = indexed.filter(({ e }) => e.kind === 'uncertain');
  const failed = indexed.filter(({ e }) => e.kind === 'failed');
  const credit = indexed.filter(({ e }) => e.kind === 'task');
  const notes = [
    credit.length > 0 ? `${plural(credit.length, 'task')} for the credit department` : '',
    uncertain.length > 0 ? `${plural(uncertain.length, 'send')} may have gone out` : '',
    failed.length > 0 ? `${plural(failed.length, 'customer')} could not be planned` : '',
  ].filter(Boolean);
  summary.textContent =
    (review.length === 0
      ? `Nothing is planned to go out after ${showDate(asOf)}.`
      : `${plural(review.length, 'message')} planned after ${showDate(asOf)}. Tick the ones to approve or skip.`) +
    (notes.length > 0 ? ` ${notes.join('; ')}: see below.` : '') +
    (entries.length > 0 ? ` Times are office time (${timeZone}).` : '');
  replace(uncertainHost, uncertainSection(uncertain));
  replace(failedHost, failedSection(failed));
  replace(creditHost, creditSection(credit));
  if (review.length === 0) {
    tableHost.replaceChildren();
    selectAll.checked = false;
    syncSelection();
    return;
  }
  replace(tableHost, reviewTable(review));
  syncSelection();
}

async function load(): Promise<void> {
  const [result] = await Promise.all([whileBusy(footer, () => call('getQueue')), localeReady]);
  if (!result.ok) {
    summary.textContent = '';
    showError(message, result.error);
    // The queue could not be read: offer to try again here rather than closing and reopening.
    const retry = h('button', { type: 'button', class: 'action', id: 'retry' }, 'Retry');
    retry.addEventListener('click', () => {
      clearMessage(message);
      void load();
    });
    message.querySelector('[role="alert"]')?.append(h('div', { class: 'buttons' }, retry));
    return;
  }
  entries = result.value.entries;
  render(result.value.asOf, result.value.timeZone);
}

/** Sends one decision for `chosen`; `label` is the button a single-entry decision came from. */
async function decide(
  decision: QueueDecision['decision'],
  chosen: QueueEntry[],
  label?: string,
): Promise<void> {
  if (chosen.length === 0) return;
  clearMessage(message);
  const input: QueueDecision = { decision, entries: chosen.map(key) };
  const result = await whileBusy(app, () => call('decideQueue', input));
  if (!result.ok) {
    showError(message, result.error);
    return;
  }
  const { changed, unchanged, refused = [] } = result.value;
  const single = label && chosen.length === 1 ? chosen[0] : undefined;
  const verb = decision === 'approve' ? 'Approved' : 'Skipped';
  const text = single
    ? changed === 1
      ? doneText(single, decision)
      : unchanged === 1
        ? `${who(single)}: nothing changed (already decided).`
        : ''
    : `${verb} ${plural(changed, 'message')}` +
      (unchanged > 0 ? `; ${unchanged} unchanged (already decided or no longer planned).` : '.');
  await load();
  if (refused.length === 0) {
    showSuccess(message, text);
    return;
  }
  if (single) {
    showInfo(message, `${who(single)}: not approved. ${refused[0]!.reasons.join('; ')}`);
    return;
  }
  const notPlaced = refused.map((r) => `${r.customerId} (${r.reasons.join('; ')})`).join(', ');
  showInfo(message, `${text} Not handed over, now a task to look at instead: ${notPlaced}.`);
}

function doneText(e: QueueEntry, decision: QueueDecision['decision']): string {
  if (e.kind === 'uncertain') {
    return decision === 'approve'
      ? `${who(e)}: will be sent again at the next dispatch, after the same checks as any message.`
      : `${who(e)}: settled; it will not be sent again.`;
  }
  if (e.kind === 'failed') return `${who(e)}: dismissed.`;
  if (e.kind === 'task') return decision === 'done' ? `${who(e)}: marked done.` : `${who(e)}: dismissed.`;
  return `${decision === 'approve' ? 'Approved' : 'Skipped'} 1 message.`;
}

tableHost.addEventListener('change', syncSelection);
selectAll.addEventListener('change', () => {
  for (const b of boxes()) b.checked = selectAll.checked;
  syncSelection();
});
const ticked = () =>
  boxes()
    .filter((b) => b.checked)
    .map((b) => entries[Number(b.dataset.index)])
    .filter((e): e is QueueEntry => e !== undefined);
approve.addEventListener('click', () => void decide('approve', ticked()));
skip.addEventListener('click', () => void decide('skip', ticked()));
close.addEventListener('click', closeDialog);
void load();
