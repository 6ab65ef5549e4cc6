// One email as the pages show it: sender (a preview's From and Reply-To), recipient, subject, amounts and debtor-local time, the text part,
// and the HTML part only on request inside a sandboxed frame that may run nothing and load nothing.
import type { EmailView } from '../../src/contract.js';
import { h } from './dom.js';

/**
 * The HTML part as the frame's document: a policy that forbids scripts and every request (images,
 * fonts, styles from outside), so a message can neither run code nor call home when shown.
 */
export function sandboxedDocument(html: string): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<base target="_blank"></head><body>${html}</body></html>`
  );
}

function amountsText(view: EmailView): string {
  return view.amounts.map((a) => (view.amounts.length > 1 ? `${a.text} ${a.currency}` : a.text)).join(', ');
}

/**
 * `<div class="email">` with the message's facts and text; a "Formatted" button swaps in the HTML
 * part (built on first use). `label` names the message for screen readers.
 */
export function emailBlock(view: EmailView, label: string, opts: { when?: string } = {}): HTMLElement {
  const facts = h(
    'dl',
    { class: 'facts email-facts' },
    view.from ? h('dt', null, 'From') : null,
    view.from ? h('dd', { class: 'email-from' }, view.from) : null,
    view.replyTo ? h('dt', null, 'Reply-to') : null,
    view.replyTo ? h('dd', { class: 'email-reply-to' }, view.replyTo) : null,
    h('dt', null, 'To'),
    h('dd', { class: 'email-to' }, view.to || 'no address'),
    h('dt', null, 'Subject'),
    h('dd', { class: 'email-subject' }, view.subject),
    view.amounts.length > 0 ? h('dt', null, 'States') : null,
    view.amounts.length > 0 ? h('dd', { class: 'email-amounts' }, amountsText(view)) : null,
    opts.when ? h('dt', null, 'When') : null,
    opts.when ? h('dd', { class: 'email-when' }, opts.when) : null,
  );
  const text = h('pre', { class: 'email-text', tabindex: '0', 'aria-label': `${label}: text` }, view.text);
  const asText = h('button', { type: 'button', class: 'email-mode', 'aria-pressed': 'true' }, 'Text');
  const asHtml = h('button', { type: 'button', class: 'email-mode', 'aria-pressed': 'false' }, 'Formatted');
  const block = h(
    'div',
    { class: 'email', role: 'group', 'aria-label': label },
    facts,
    view.fromNote ? h('p', { class: 'hint email-from-note' }, view.fromNote) : null,
    view.html
      ? h('div', { class: 'email-modes', role: 'group', 'aria-label': 'Show as' }, asText, asHtml)
      : null,
    view.htmlOmitted
      ? h(
          'p',
          { class: 'hint email-omitted' },
          'The formatted version is left out of this long list; the text is the same message.',
        )
      : null,
    text,
  );
  let frame: HTMLIFrameElement | undefined;
  const show = (formatted: boolean) => {
    if (formatted && !frame) {
      // `sandbox` with no permissions: no scripts, no forms, no top navigation, an opaque origin.
      frame = h('iframe', {
        class: 'email-html',
        sandbox: '',
        title: `${label}: as formatted`,
        referrerpolicy: 'no-referrer',
      });
      frame.srcdoc = sandboxedDocument(view.html);
      block.append(frame);
    }
    text.hidden = formatted;
    if (frame) frame.hidden = !formatted;
    asText.setAttribute('aria-pressed', String(!formatted));
    asHtml.setAttribute('aria-pressed', String(formatted));
  };
  asText.addEventListener('click', () => show(false));
  asHtml.addEventListener('click', () => show(true));
  return block;
}
