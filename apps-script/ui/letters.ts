// Letters for today dialog: asks the backend for the letter channel's letters of the day, lists who
// gets one (and who was left out, with the reason), and offers the PDF to download, print and mail.
import { localeReady, showDate } from './lib/dates.js';
import { byId, h, replace } from './lib/dom.js';
import { whileBusy } from './lib/forms.js';
import { showError } from './lib/messages.js';
import { call, closeDialog } from './lib/server.js';

const app = byId('app');
const message = h('div', { id: 'message', 'aria-live': 'polite' });
const close = h('button', { type: 'button', id: 'close' }, 'Close');
close.addEventListener('click', closeDialog);
const content = h('div', { id: 'letters' });
replace(
  app,
  h('h1', null, 'Letters for today'),
  message,
  content,
  h('div', { class: 'dialog-footer' }, close),
);

function pdfUrl(base64: string): string {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
}

async function load(): Promise<void> {
  const [result] = await Promise.all([whileBusy(app, () => call('lettersForToday')), localeReady]);
  if (!result.ok) {
    showError(message, result.error);
    return;
  }
  const day = result.value;
  const parts: HTMLElement[] = [];
  if (day.letters.length === 0)
    parts.push(h('p', { id: 'none' }, `No letters are due on ${showDate(day.asOf)}.`));
  else {
    parts.push(
      h(
        'p',
        null,
        `${day.letters.length} letter${day.letters.length === 1 ? '' : 's'} for ${showDate(day.asOf)}, one per customer, each under your letterhead with the address placed for a #10 window envelope.`,
      ),
      h(
        'table',
        { class: 'grid' },
        h(
          'thead',
          null,
          h('tr', null, h('th', { scope: 'col' }, 'Customer'), h('th', { scope: 'col' }, 'Stage')),
        ),
        h(
          'tbody',
          null,
          ...day.letters.map((l) => h('tr', null, h('td', null, l.customerId), h('td', null, l.stage))),
        ),
      ),
    );
    if (day.pdfBase64) {
      parts.push(
        h(
          'p',
          null,
          h(
            'a',
            {
              id: 'download',
              class: 'action',
              href: pdfUrl(day.pdfBase64),
              download: `letters-${day.asOf}.pdf`,
            },
            'Download the letters (PDF)',
          ),
        ),
      );
    }
  }
  if (day.skipped.length > 0) {
    parts.push(
      h('h2', null, 'Left out'),
      h(
        'ul',
        { id: 'skipped' },
        ...day.skipped.map((s) => h('li', null, `${s.customerId} (${s.stage}): ${s.reason}`)),
      ),
    );
  }
  content.replaceChildren(...parts);
}

void load();
