// The customer panel's "Release the credit hold" action, shown only for a customer on hold: an
// optional reason, then one call that lifts the hold, tells the credit contact once and clears the
// flag in the sheet.
import { h } from '../lib/dom.js';
import { textareaField } from '../lib/forms.js';
import { clearMessage, showSuccess } from '../lib/messages.js';
import { call } from '../lib/server.js';
import { submit } from '../lib/submit.js';
import type { ActionContext, ActionForm } from './action-forms.js';

export function creditHoldForm(ctx: ActionContext): ActionForm {
  const box = h('div', { class: 'form-message', 'aria-live': 'polite' });
  const note = textareaField({ label: 'Why (told to the credit contact)', name: 'note', rows: 2 });
  const release = h('button', { type: 'button', class: 'action', id: 'release-hold' }, 'Release the hold');
  const form = h(
    'div',
    { class: 'action-form', role: 'group', 'aria-label': 'Release the credit hold' },
    h(
      'p',
      { class: 'hint' },
      'Lifts the hold now: the credit contact gets one email, the release is recorded, and the flag is cleared here.',
    ),
    note.wrap,
    h('div', { class: 'buttons' }, release),
    box,
  );
  release.addEventListener('click', async () => {
    const panel = ctx.panel();
    if (!panel) return;
    const reason = note.control.value.trim();
    const result = await submit(form, box, () =>
      call('releaseCreditHold', { customerId: panel.customerId, ...(reason ? { note: reason } : {}) }),
    );
    if (!result.ok) return;
    note.control.value = '';
    ctx.onSaved({ tab: 'Customers', id: panel.customerId });
    showSuccess(box, result.value.message);
  });
  return {
    form,
    clear: () => {
      clearMessage(box);
      note.control.value = '';
    },
    update: (panel) => {
      // Only a customer on hold has anything to release; the success message stays visible.
      const details = form.closest('details');
      const onHold = panel.flags.includes('credit-hold');
      if (details) details.hidden = !onHold && !box.hasChildNodes();
    },
  };
}
