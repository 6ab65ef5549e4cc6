// Import remittance (835) dialog: the clerk picks an 835 file, the browser reads it as text and
// `importRemittance` posts it; the page then says what was posted and what waits on the
// Remittance Review tab (damaged parts with the money in them, claims that matched nothing).
import type { RemittanceImported } from '../src/contract.js';
import { byId, h, replace } from './lib/dom.js';
import { clearFieldErrors, inputField, showFieldError, whileBusy } from './lib/forms.js';
import { clearMessage, showError } from './lib/messages.js';
import { call, closeDialog } from './lib/server.js';

/** Same limit as the server's MAX_REMITTANCE_CHARS (checked there too); bytes here. */
const MAX_FILE_BYTES = 20_000_000;

const app = byId('app');
const message = h('div', { id: 'message', 'aria-live': 'polite' });
const file = inputField({
  label: '835 remittance file',
  name: 'file',
  type: 'file',
  required: true,
  hint: 'The ERA your payer or clearinghouse sent (.835, .txt, .edi). Nothing is posted from a damaged claim or payment: it is listed on the Remittance Review tab instead.',
  attrs: { accept: '.835,.txt,.edi,.x12,.era,text/plain' },
});
const importButton = h('button', { type: 'submit', class: 'action', id: 'import' }, 'Import');
const closeButton = h('button', { type: 'button', id: 'close' }, 'Close');
const result = h('section', { id: 'result', 'aria-live': 'polite' });
const form = h(
  'form',
  { id: 'import-form', novalidate: true, 'aria-label': 'Import remittance (835)' },
  file.wrap,
  h('div', { class: 'buttons' }, importButton, closeButton),
);

replace(app, h('h1', null, 'Import remittance (835)'), message, form, result);

closeButton.addEventListener('click', () => closeDialog());
form.addEventListener('submit', (event) => {
  event.preventDefault();
  void importFile();
});

async function importFile(): Promise<void> {
  clearMessage(message);
  clearFieldErrors(form);
  replace(result);
  const picked = file.control.files?.[0];
  if (!picked) {
    showFieldError(form, 'file', 'Choose a file.');
    return;
  }
  if (picked.size > MAX_FILE_BYTES) {
    showFieldError(form, 'file', 'This file is too large to import at once; split it by transaction.');
    return;
  }
  const answer = await whileBusy(form, async () => {
    const text = await picked.text();
    return call('importRemittance', { fileName: picked.name, text });
  });
  if (!answer.ok) {
    const unmatched = (answer.error.fields ?? []).filter((f) => !showFieldError(form, f.field, f.message));
    showError(message, answer.error, unmatched);
    return;
  }
  showResult(answer.value);
}

const dollars = (minor: number) =>
  (minor / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD' });

function showResult(r: RemittanceImported): void {
  const review = r.needsReview;
  const flagged = review.claims + review.payments;
  const rows: [string, string][] = [
    ['Transactions read', String(r.transactions)],
    ['Claims posted', String(r.claimsUpdated)],
    ['Patient-share invoices', `${r.invoicesCreated} created, ${r.invoicesChanged} changed`],
    ['Denials to appeal', String(r.denials)],
    ['Already posted (skipped)', String(r.alreadyPosted)],
    ['Matched no claim (not posted)', String(r.unmatched)],
    [
      'Damaged, not posted',
      flagged === 0
        ? 'none'
        : `${review.claims} claim(s), ${review.payments} payment(s) holding ${dollars(review.amountMinor)}${review.unknownAmounts > 0 ? ` (+${review.unknownAmounts} unreadable amount(s))` : ''}`,
    ],
  ];
  replace(
    result,
    h(
      'div',
      { class: `notice ${flagged + r.unmatched > 0 ? 'notice-info' : 'notice-success'}`, role: 'status' },
      h('p', { class: 'notice-title' }, `${r.fileName}, posted as of ${r.asOf}`),
      h('p', null, r.message),
    ),
    h(
      'table',
      { class: 'import-summary' },
      h(
        'tbody',
        null,
        ...rows.map(([k, v]) => h('tr', null, h('th', { scope: 'row' }, k), h('td', null, v))),
      ),
    ),
    r.warnings.length > 0
      ? h(
          'details',
          { id: 'warnings' },
          h('summary', null, `${r.warnings.length} warning(s) read past`),
          h('ul', { class: 'notice-list' }, ...r.warnings.map((w) => h('li', null, w))),
        )
      : null,
  );
}
