// Settings > Sending (issue #17): the office's sending domain and the DNS records to publish (each
// copyable), its verification status, the From mail goes out with, the office's standing as a
// sender (bounce and complaint rates, warning, pause), and for an admin "Verify a domain" and
// "Resume sending" (with a confirmation and a note). Others see the standing read-only.
import type { SendingView } from '../../src/sending-contract.js';
import { h, replace } from '../lib/dom.js';
import { inputField, textareaField } from '../lib/forms.js';
import { clearMessage, showError, showInfo, showSuccess } from '../lib/messages.js';
import { call } from '../lib/server.js';
import { submit } from '../lib/submit.js';

const STATUS_TEXT = {
  none: 'No domain of your own',
  pending: 'Pending: waiting for the DNS records',
  verified: 'Verified',
  failed: 'Failed: the records were not found',
} as const;

const STANDING_TEXT = { active: 'Sending', warning: 'Warning', paused: 'Paused' } as const;

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/** A readonly field holding one value to copy, and its Copy button (the clipboard, else selected for Ctrl+C). */
function copyable(label: string, value: string): HTMLElement {
  const input = h('input', {
    type: 'text',
    readonly: true,
    value,
    class: 'copy-value',
    'aria-label': label,
    spellcheck: 'false',
  });
  const button = h('button', { type: 'button', class: 'copy', 'aria-label': `Copy ${label}` }, 'Copy');
  button.addEventListener('click', () => {
    input.focus();
    input.select();
    const done = () => {
      button.textContent = 'Copied';
    };
    const fallback = () => {
      button.textContent = 'Press Ctrl+C';
    };
    try {
      const clip = navigator.clipboard;
      if (clip) clip.writeText(value).then(done, fallback);
      else fallback();
    } catch {
      fallback();
    }
  });
  return h('span', { class: 'copy-field' }, input, button);
}

export interface SendingSection {
  element: HTMLElement;
  /** Reads the office's sending standing and shows it. */
  load(): Promise<void>;
}

export function sendingSection(): SendingSection {
  const message = h('div', { id: 'sending-message', 'aria-live': 'polite' });
  const body = h('div', { id: 'sending-body' }, h('p', { class: 'secondary' }, 'Loading…'));
  const element = h(
    'section',
    { id: 'sending', 'aria-labelledby': 'sending-title', class: 'settings-section' },
    h('h2', { id: 'sending-title' }, 'Sending'),
    message,
    body,
  );

  function domainPart(view: SendingView): HTMLElement {
    const d = view.domain;
    const status = d ? d.status : 'none';
    const parts: (HTMLElement | null)[] = [
      h(
        'dl',
        { class: 'facts', id: 'sending-domain' },
        h('dt', null, 'Domain'),
        h('dd', { id: 'sending-domain-name' }, d ? d.name : 'None: mail goes from Duebook’s address'),
        h('dt', null, 'Status'),
        h(
          'dd',
          null,
          h('span', { class: `chip domain-${status}`, id: 'sending-domain-status' }, STATUS_TEXT[status]),
        ),
        h('dt', null, 'From'),
        h('dd', { id: 'sending-from' }, view.sender.from),
        h('dt', null, 'Reply-to'),
        h('dd', { id: 'sending-reply-to' }, view.sender.replyTo),
      ),
      view.sender.via === 'service-domain'
        ? h(
            'p',
            { class: 'hint', id: 'sending-from-note' },
            d?.status === 'pending'
              ? `Until ${d.name} is verified, mail goes from Duebook’s address under your office’s name; replies come to your reply-to address.`
              : 'Mail goes from Duebook’s address under your office’s name; replies come to your reply-to address.',
          )
        : null,
    ];
    if (d && d.status !== 'verified' && d.records.length > 0) {
      parts.push(
        h(
          'p',
          { class: 'hint' },
          `Publish these ${d.records.length} records at the DNS host of ${d.name} (where its domain name is managed). The check can take up to 72 hours.`,
        ),
        h(
          'table',
          { class: 'grid', id: 'dns-records' },
          h('caption', { class: 'visually-hidden' }, 'DNS records to publish'),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, 'Type'),
              h('th', { scope: 'col' }, 'Name'),
              h('th', { scope: 'col' }, 'Value'),
            ),
          ),
          h(
            'tbody',
            null,
            ...d.records.map((r, i) =>
              h(
                'tr',
                null,
                h('td', null, r.type),
                h('td', null, copyable(`record ${i + 1} name`, r.name)),
                h('td', null, copyable(`record ${i + 1} value`, r.value)),
              ),
            ),
          ),
        ),
      );
    }
    return h('div', null, ...parts);
  }

  function standingPart(view: SendingView): HTMLElement {
    const r = view.rates;
    const judged = r.sends >= view.minSendsForAction;
    return h(
      'div',
      { id: 'sending-standing' },
      h('h3', null, 'Standing as a sender'),
      h(
        'dl',
        { class: 'facts' },
        h('dt', null, 'Status'),
        h(
          'dd',
          null,
          h(
            'span',
            { class: `chip standing-${view.standing}`, id: 'sending-standing-status' },
            STANDING_TEXT[view.standing],
          ),
        ),
        h('dt', null, 'Sent'),
        h('dd', { id: 'sending-sends' }, `${r.sends} since ${r.windowFrom}`),
        h('dt', null, 'Bounce rate'),
        h(
          'dd',
          { id: 'sending-bounce-rate' },
          `${pct(r.bounceRate)} (${r.bounces}); warning at ${pct(view.lines.bounceWarning)}, paused at ${pct(view.lines.bouncePause)}`,
        ),
        h('dt', null, 'Complaint rate'),
        h(
          'dd',
          { id: 'sending-complaint-rate' },
          `${pct(r.complaintRate)} (${r.complaints}); warning at ${pct(view.lines.complaintWarning)}, paused at ${pct(view.lines.complaintPause)}`,
        ),
      ),
      judged
        ? null
        : h(
            'p',
            { class: 'hint' },
            `Rates are acted on from ${view.minSendsForAction} emails in 30 days; until then they are shown only.`,
          ),
      view.warning && view.standing === 'warning'
        ? h('div', { class: 'callout', id: 'sending-warning' }, h('p', null, view.warning.reason))
        : null,
      view.pause
        ? h(
            'div',
            { class: 'callout callout-blocked', id: 'sending-paused' },
            h('p', { class: 'callout-title' }, 'Sending is paused: no email goes out'),
            h('p', null, view.pause.reason),
            view.resumeHow ? h('p', null, `To resume: ${view.resumeHow}.`) : null,
          )
        : null,
      view.resumed && !view.pause
        ? h(
            'p',
            { class: 'secondary', id: 'sending-resumed' },
            `Last resumed by ${view.resumed.by} on ${view.resumed.at.slice(0, 10)}: ${view.resumed.note}`,
          )
        : null,
    );
  }

  function verifyForm(view: SendingView): HTMLElement {
    const domain = inputField({
      label: view.domain ? 'Verify another domain' : 'Your office’s domain',
      name: 'domain',
      hint: 'The domain your email addresses end with, e.g. yourfirm.com. Mail will come from billing@ that domain unless you name another address.',
      attrs: { autocomplete: 'off', spellcheck: 'false', placeholder: 'yourfirm.com' },
    });
    const from = inputField({
      label: 'From address (optional)',
      name: 'fromAddress',
      type: 'email',
      attrs: { autocomplete: 'off', placeholder: 'billing@yourfirm.com' },
    });
    const verify = h('button', { type: 'submit', class: 'action', id: 'verify-domain' }, 'Verify a domain');
    const form = h(
      'form',
      { novalidate: true, 'aria-label': 'Verify a domain', id: 'verify-form' },
      domain.wrap,
      from.wrap,
      verify,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const input = {
        domain: domain.control.value.trim(),
        ...(from.control.value.trim() ? { fromAddress: from.control.value.trim() } : {}),
      };
      const result = await submit(form, message, () => call('verifySendingDomain', input));
      if (!result.ok) return;
      show(result.value);
      showInfo(
        message,
        result.value.publish ??
          `Publish the records below at the DNS host of ${input.domain}; mail goes from it once they are found.`,
      );
    });
    return form;
  }

  function resumePart(): HTMLElement {
    const start = h('button', { type: 'button', id: 'resume-sending' }, 'Resume sending…');
    const note = textareaField({
      label: 'What was done (kept with the resume)',
      name: 'note',
      rows: 3,
      hint: 'E.g. removed the addresses that bounced, softened the final notice. Mail held while paused goes out at the next dispatch.',
    });
    const confirm = h(
      'button',
      { type: 'submit', class: 'action', id: 'confirm-resume' },
      'Confirm: resume sending',
    );
    const cancel = h('button', { type: 'button', id: 'cancel-resume' }, 'Cancel');
    const form = h(
      'form',
      { novalidate: true, 'aria-label': 'Resume sending', id: 'resume-form', hidden: true },
      h('p', null, 'Resume only once the cause is fixed: a second pause follows if the rates stay high.'),
      note.wrap,
      h('div', { class: 'dialog-footer' }, confirm, cancel),
    );
    start.addEventListener('click', () => {
      form.hidden = false;
      start.hidden = true;
      note.control.focus();
    });
    cancel.addEventListener('click', () => {
      form.hidden = true;
      start.hidden = false;
      start.focus();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const result = await submit(form, message, () =>
        call('resumeSending', { note: note.control.value.trim() }),
      );
      if (!result.ok) return;
      show(result.value);
      showSuccess(message, 'Sending resumed. Held mail goes out at the next dispatch.');
    });
    return h('div', { id: 'resume' }, start, form);
  }

  function show(view: SendingView): void {
    replace(
      body,
      domainPart(view),
      view.canManage
        ? verifyForm(view)
        : h(
            'p',
            { class: 'hint', id: 'sending-read-only' },
            'Your office admin sets up the domain and resumes sending.',
          ),
      standingPart(view),
      view.canManage && view.standing === 'paused' ? resumePart() : null,
    );
  }

  return {
    element,
    async load() {
      clearMessage(message);
      const result = await call('sendingStatus');
      if (!result.ok) {
        replace(body);
        showError(message, result.error);
        return;
      }
      show(result.value);
    },
  };
}
