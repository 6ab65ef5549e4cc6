// Office identity and wording dialog: the letterhead every message and document carries (legal and
// trading name, remit-to address, phone, reply-to, signature, logo, payment instructions, footer)
// and each reminder stage's subject and text, checked as typed with core's template rules and
// previewed live on a real account, as the backend would send it, before anything is saved.
import {
  DEFAULT_TEMPLATES,
  PLACEHOLDERS,
  type Tone,
  templateProblems,
} from '../../core/collections/message-templates.js';
import type { OfficeVoice, OfficeVoiceChange, StageWording } from '../src/contract.js';
import { byId, h, replace } from './lib/dom.js';
import { sandboxedDocument } from './lib/email-view.js';
import {
  clearFieldErrors,
  inputField,
  selectField,
  showFieldError,
  textareaField,
  whileBusy,
} from './lib/forms.js';
import { clearMessage, showError, showSuccess } from './lib/messages.js';
import { call, closeDialog } from './lib/server.js';
import { submit } from './lib/submit.js';

/** The largest logo the backend keeps (lambdas/services/office-voice.ts OFFICE_LOGO). */
const LOGO_MAX_BYTES = 64 * 1024;
const TONE_NAME: Readonly<Record<Tone, string>> = {
  courtesy: 'courteous',
  friendly: 'friendly',
  firm: 'firm',
  final: 'final notice',
};
/** How long typing pauses before the preview is asked for. */
const PREVIEW_DELAY_MS = 400;

const app = byId('app');
const message = h('div', { id: 'message', 'aria-live': 'polite' });

const legal = inputField({
  label: 'Legal name',
  name: 'officeName',
  required: true,
  hint: 'The creditor’s real name, as on contracts: never a department such as “Accounts receivable”.',
});
const trading = inputField({
  label: 'Trading name',
  name: 'tradingName',
  hint: 'The name customers know, if it differs.',
});
const address = textareaField({
  label: 'Postal address (remit-to)',
  name: 'officeAddress',
  rows: 3,
  hint: 'Printed on every message and letter; payments are sent here.',
});
const phone = inputField({ label: 'Phone', name: 'officePhone', type: 'tel' });
const email = inputField({
  label: 'Reply-to email',
  name: 'officeEmail',
  type: 'email',
  hint: 'Where customers’ replies go.',
});
const neutral = inputField({
  label: 'Neutral sender name',
  name: 'neutralName',
  hint: 'Optional: shown as sender and subject (“A message about your account from …”) so a lock screen shows neither your line of business nor an amount.',
});
const signature = textareaField({
  label: 'Signature',
  name: 'signature',
  rows: 2,
  hint: 'Who signs, one line each (at most 4).',
});
const footer = textareaField({
  label: 'Footer',
  name: 'footerText',
  rows: 2,
  hint: 'Small print under every message and at the foot of every letter.',
});
const bank = textareaField({
  label: 'Bank transfer details',
  name: 'paymentInstructions.bankTransfer',
  rows: 4,
  hint: 'Bank, account name, account number or IBAN, reference: one a line.',
});
const payee = inputField({ label: 'Cheques payable to', name: 'paymentInstructions.chequePayee' });
const chequeAddress = textareaField({
  label: 'Send cheques to',
  name: 'paymentInstructions.chequeAddress',
  rows: 2,
  hint: 'Leave empty to use the postal address.',
});

const logoInput = h('input', {
  type: 'file',
  id: 'logo-file',
  accept: 'image/png,image/jpeg',
  'aria-describedby': 'logo-hint',
});
const logoPreview = h('img', {
  id: 'logo-preview',
  alt: 'Office logo',
  hidden: true,
  style: 'max-height:54px;max-width:150px',
});
const logoRemove = h('button', { type: 'button', id: 'logo-remove', hidden: true }, 'Remove logo');
const logoGroup = h(
  'div',
  { class: 'form-group', 'data-field': 'logo' },
  h('label', { for: 'logo-file' }, 'Logo'),
  logoInput,
  h(
    'p',
    { class: 'hint', id: 'logo-hint' },
    'A PNG or JPEG of at most 64 KB, printed at the top of letters and statements.',
  ),
  logoPreview,
  logoRemove,
  h('p', { class: 'field-error', hidden: true }),
);

const stage = selectField({ label: 'Stage', name: 'stage', options: [] });
const subject = inputField({
  label: 'Subject',
  name: 'subject',
  attrs: { maxlength: '200', spellcheck: 'true' },
});
const body = textareaField({ label: 'Text', name: 'body', rows: 14, attrs: { spellcheck: 'true' } });
const customer = inputField({
  label: 'Preview on customer',
  name: 'customerId',
  hint: 'A Customer ID: the preview uses that account as it stands today.',
  attrs: { autocomplete: 'off' },
});
const reset = h('button', { type: 'button', id: 'reset-wording' }, 'Use the default wording');
const placeholders = h(
  'details',
  { class: 'placeholders' },
  h('summary', null, 'Placeholders'),
  h(
    'ul',
    null,
    ...PLACEHOLDERS.map((p) =>
      h(
        'li',
        null,
        h('button', { type: 'button', class: 'insert', 'data-placeholder': p.name }, `{{${p.name}}}`),
        ` ${p.description}${p.kind === 'block' ? ' (on a line of its own)' : ''}`,
      ),
    ),
  ),
);
const previewSubject = h('p', { id: 'preview-subject', class: 'preview-subject' });
const previewNote = h('p', { id: 'preview-note', class: 'hint', hidden: true });
const previewFrame = h('iframe', {
  id: 'preview-frame',
  title: 'Preview of the message',
  sandbox: '',
  style: 'width:100%;height:360px;border:1px solid #ccc;background:#fff',
});
const previewStatus = h('p', { id: 'preview-status', class: 'hint', 'aria-live': 'polite' });

const save = h('button', { type: 'submit', class: 'action', id: 'save' }, 'Save');
const cancel = h('button', { type: 'button', id: 'cancel' }, 'Close');
const form = h(
  'form',
  { novalidate: true, 'aria-label': 'Office identity and wording', id: 'office-form', hidden: true },
  h(
    'div',
    { class: 'office-columns', style: 'display:grid;grid-template-columns:1fr 1fr;gap:16px' },
    h(
      'div',
      null,
      h('h2', null, 'Identity'),
      legal.wrap,
      trading.wrap,
      address.wrap,
      phone.wrap,
      email.wrap,
      neutral.wrap,
      signature.wrap,
      footer.wrap,
      logoGroup,
      h('h2', null, 'How to pay'),
      bank.wrap,
      payee.wrap,
      chequeAddress.wrap,
    ),
    h(
      'div',
      null,
      h('h2', null, 'Wording by stage'),
      stage.wrap,
      subject.wrap,
      body.wrap,
      reset,
      placeholders,
      customer.wrap,
      h('h3', null, 'Preview'),
      previewStatus,
      previewSubject,
      previewNote,
      previewFrame,
    ),
  ),
  h('div', { class: 'dialog-footer' }, save, cancel),
);
replace(app, h('h1', null, 'Office identity and wording'), message, form);

let wording: StageWording[] = [];
/** The stages the clerk changed (null: back to the default), sent on save. */
const edited = new Map<string, { subject: string; body: string } | null>();
let logo: OfficeVoice['logo'] | undefined;
let previewTimer: ReturnType<typeof setTimeout> | undefined;
let previewSeq = 0;

function current(): StageWording | undefined {
  return wording.find((w) => w.stage === stage.control.value);
}

function showLogo(value: OfficeVoice['logo']): void {
  logoPreview.hidden = !value;
  logoRemove.hidden = !value;
  if (value) logoPreview.src = `data:${value.contentType};base64,${value.dataBase64}`;
  else logoPreview.removeAttribute('src');
}

function fill(v: OfficeVoice): void {
  legal.control.value = v.officeName;
  trading.control.value = v.tradingName;
  address.control.value = v.officeAddress;
  phone.control.value = v.officePhone;
  email.control.value = v.officeEmail;
  neutral.control.value = v.neutralName;
  signature.control.value = v.signature;
  footer.control.value = v.footerText;
  bank.control.value = v.paymentInstructions.bankTransfer;
  payee.control.value = v.paymentInstructions.chequePayee;
  chequeAddress.control.value = v.paymentInstructions.chequeAddress;
  showLogo(v.logo);
  logo = undefined;
  wording = v.wording;
  edited.clear();
  const chosen = stage.control.value;
  stage.control.replaceChildren(
    ...wording.map((w) =>
      h('option', { value: w.stage }, `${w.label} (${TONE_NAME[w.tone]}${w.own ? ', your wording' : ''})`),
    ),
  );
  if (wording.some((w) => w.stage === chosen)) stage.control.value = chosen;
  if (!customer.control.value) customer.control.value = v.previewCustomerId;
  showStage();
}

function showStage(): void {
  const w = current();
  const draft = w ? edited.get(w.stage) : undefined;
  subject.control.value = draft?.subject ?? w?.subject ?? '';
  body.control.value = draft?.body ?? w?.body ?? '';
  schedulePreview();
}

/** Core's template rules, as the backend applies them at save: problems by field. */
function localProblems(): { field: string; message: string }[] {
  const w = current();
  if (!w) return [];
  return templateProblems({ subject: subject.control.value, body: body.control.value }, w.tone).map((p) => ({
    field: p.field,
    message: p.message,
  }));
}

function schedulePreview(): void {
  if (previewTimer) clearTimeout(previewTimer);
  previewTimer = setTimeout(() => void preview(), PREVIEW_DELAY_MS);
}

async function preview(): Promise<void> {
  const w = current();
  for (const field of ['subject', 'body']) {
    const wrap = form.querySelector<HTMLElement>(`[data-field="${field}"]`);
    wrap?.classList.remove('has-error');
    const slot = wrap?.querySelector<HTMLElement>(':scope > .field-error');
    if (slot) {
      slot.hidden = true;
      slot.textContent = '';
    }
    wrap?.querySelector('input, textarea')?.removeAttribute('aria-invalid');
  }
  if (!w) return;
  const problems = localProblems();
  if (problems.length > 0) {
    for (const p of problems) showFieldError(form, p.field, p.message);
    previewStatus.textContent = 'Fix the wording to see the preview.';
    return;
  }
  const customerId = customer.control.value.trim();
  if (!customerId) {
    previewStatus.textContent = 'Type a Customer ID to preview the wording on that account.';
    return;
  }
  const seq = ++previewSeq;
  previewStatus.textContent = 'Updating the preview…';
  const result = await call('previewWording', {
    stage: w.stage,
    customerId,
    subject: subject.control.value,
    body: body.control.value,
  });
  if (seq !== previewSeq) return;
  if (!result.ok) {
    const fields = result.error.kind === 'invalid' ? (result.error.fields ?? []) : [];
    for (const f of fields) showFieldError(form, f.field.replace(/^templates\.[^.]+\./, ''), f.message);
    previewStatus.textContent = `No preview: ${result.error.message}`;
    return;
  }
  const p = result.value;
  previewStatus.textContent =
    p.identityProblems.length > 0
      ? `Nothing is sent until the identity is complete: ${p.identityProblems.join('; ')}.`
      : `Preview on ${customerId}, as it would be sent today.`;
  previewSubject.textContent = `Subject: ${p.subject}`;
  previewNote.hidden = !p.note;
  previewNote.textContent = p.note ?? '';
  // No permissions, and a policy that loads nothing: the message's HTML can neither run nor fetch.
  previewFrame.srcdoc = sandboxedDocument(p.html);
}

function remember(): void {
  const w = current();
  if (!w) return;
  edited.set(w.stage, { subject: subject.control.value, body: body.control.value });
  schedulePreview();
}

subject.control.addEventListener('input', remember);
body.control.addEventListener('input', remember);
stage.control.addEventListener('change', showStage);
customer.control.addEventListener('input', schedulePreview);
reset.addEventListener('click', () => {
  const w = current();
  if (!w) return;
  // Saved as null: the stage goes back to its tone's default wording (shown here meanwhile).
  edited.set(w.stage, null);
  subject.control.value = DEFAULT_TEMPLATES[w.tone].subject;
  body.control.value = DEFAULT_TEMPLATES[w.tone].body;
  schedulePreview();
});
placeholders.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button.insert');
  if (!button) return;
  const text = `{{${button.dataset.placeholder}}}`;
  const control = document.activeElement === subject.control ? subject.control : body.control;
  const at = control.selectionStart ?? control.value.length;
  control.value = `${control.value.slice(0, at)}${text}${control.value.slice(control.selectionEnd ?? at)}`;
  control.focus();
  control.setSelectionRange(at + text.length, at + text.length);
  remember();
});

logoInput.addEventListener('change', async () => {
  clearFieldErrors(logoGroup);
  const file = logoInput.files?.[0];
  if (!file) return;
  if (!['image/png', 'image/jpeg'].includes(file.type)) {
    showFieldError(form, 'logo', 'Choose a PNG or JPEG image.');
    return;
  }
  if (file.size > LOGO_MAX_BYTES) {
    showFieldError(
      form,
      'logo',
      `This image is ${Math.ceil(file.size / 1024)} KB; a logo may be at most 64 KB.`,
    );
    return;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  logo = { contentType: file.type as 'image/png' | 'image/jpeg', dataBase64: btoa(binary) };
  showLogo(logo);
});
logoRemove.addEventListener('click', () => {
  logo = null;
  logoInput.value = '';
  showLogo(null);
});
cancel.addEventListener('click', closeDialog);

function read(): OfficeVoiceChange {
  return {
    officeName: legal.control.value.trim(),
    tradingName: trading.control.value.trim(),
    officeAddress: address.control.value.trim(),
    officePhone: phone.control.value.trim(),
    officeEmail: email.control.value.trim(),
    neutralName: neutral.control.value.trim(),
    signature: signature.control.value.trim(),
    footerText: footer.control.value.trim(),
    paymentInstructions: {
      bankTransfer: bank.control.value.trim(),
      chequePayee: payee.control.value.trim(),
      chequeAddress: chequeAddress.control.value.trim(),
    },
    ...(logo !== undefined ? { logo } : {}),
    templates: Object.fromEntries(edited),
  };
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  // A preview still pending would clear the field errors the save is about to show.
  if (previewTimer) clearTimeout(previewTimer);
  previewSeq++;
  clearFieldErrors(form);
  clearMessage(message);
  const problems = [
    ...(legal.control.value.trim() === '' ? [{ field: 'officeName', message: 'Required.' }] : []),
    ...(address.control.value.trim() === '' ? [{ field: 'officeAddress', message: 'Required.' }] : []),
    ...localProblems(),
  ];
  if (problems.length > 0) {
    for (const p of problems) showFieldError(form, p.field, p.message);
    form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    showError(message, { kind: 'invalid', message: '' });
    return;
  }
  const result = await submit(form, message, () => call('saveOfficeVoice', read()));
  if (!result.ok) {
    // A stage's wording refused by the backend: its errors name `templates.<stage>.subject|body`.
    const fields = result.error.kind === 'invalid' ? (result.error.fields ?? []) : [];
    for (const f of fields) {
      const m = /^templates\.([^.]+)\.(subject|body)$/.exec(f.field);
      if (m && m[1] === stage.control.value) showFieldError(form, m[2]!, f.message);
    }
    return;
  }
  fill(result.value);
  showSuccess(message, 'Saved. Every message and letter from now on carries it.');
});

async function load(): Promise<void> {
  const result = await whileBusy(app, () => call('getOfficeVoice'));
  if (!result.ok) {
    showError(message, result.error);
    return;
  }
  fill(result.value);
  form.hidden = false;
}

void load();
