// What each kind of failure means to a clerk and what to do about it, and the page's message box.
import type { UiError, UiErrorKind } from '../../src/contract.js';
import { h, replace } from './dom.js';

/** A heading and what to do, per kind; the server's own message is shown between them. */
export const ERROR_ADVICE: Readonly<Record<UiErrorKind, { title: string; advice: string }>> = {
  unreachable: {
    title: 'Duebook could not be reached.',
    advice:
      'Try again in a minute. If it keeps happening, check the backend URL in Extensions › Duebook › Settings.',
  },
  unauthorized: {
    title: 'Duebook does not recognise your Google account.',
    advice: 'Ask your office admin to add your Google account to Duebook, then try again.',
  },
  'multiple-accounts': {
    title: 'You are signed in to more than one Google account.',
    advice:
      'Add-ons can run as the wrong account when several are signed in. Sign out of your other Google ' +
      'accounts, or open this sheet in an incognito window signed in with only this account.',
  },
  invalid: {
    title: 'Some entries need fixing.',
    advice: 'See the messages beside the fields, correct them and try again.',
  },
  'no-selection': {
    title: 'No customer selected.',
    advice: 'Select a row on a ledger tab (Customers, Invoices, Payments, …), then press Refresh.',
  },
  other: {
    title: 'Something went wrong.',
    advice:
      'Try again. If it keeps happening, reload the sheet and tell your office admin what you see here.',
  },
};

/**
 * Shows `error` in `box`: what happened, the server's message, what to do, and any field errors
 * that have no field on the page to sit beside.
 */
export function showError(
  box: HTMLElement,
  error: UiError,
  unmatched: readonly { field: string; message: string }[] = [],
): void {
  const advice = ERROR_ADVICE[error.kind] ?? ERROR_ADVICE.other;
  const serverMessage = error.message.trim();
  replace(
    box,
    h(
      'div',
      { class: 'notice notice-error', role: 'alert', 'data-kind': error.kind },
      h('p', { class: 'notice-title' }, advice.title),
      serverMessage && serverMessage !== advice.title ? h('p', null, serverMessage) : null,
      unmatched.length > 0
        ? h(
            'ul',
            { class: 'notice-list' },
            ...unmatched.map((f) => h('li', null, `${f.field}: ${f.message}`)),
          )
        : null,
      h('p', { class: 'notice-advice' }, advice.advice),
    ),
  );
  box.scrollIntoView?.({ block: 'nearest' });
}

export function showSuccess(box: HTMLElement, text: string): void {
  replace(box, h('div', { class: 'notice notice-success', role: 'status' }, text));
}

export function showInfo(box: HTMLElement, text: string): void {
  replace(box, h('div', { class: 'notice notice-info', role: 'status' }, text));
}

export function clearMessage(box: HTMLElement): void {
  box.replaceChildren();
}
