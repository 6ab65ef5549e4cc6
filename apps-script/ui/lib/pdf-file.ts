// One-click PDFs: a button that asks the server for a letter (base64), then saves it as a file in
// the same click, and leaves a link to save it again; a failure is shown beside the button.
import type { PdfFile, Result } from '../../src/contract.js';
import { h } from './dom.js';
import { whileBusy } from './forms.js';
import { showError } from './messages.js';

/** A blob URL for base64 bytes of `type` (the page makes it; nothing is fetched). */
export function blobUrl(base64: string, type = 'application/pdf'): string {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type }));
}

/**
 * `label` on a button; clicking it runs `fetch` and saves the file it answers. `describedBy` names
 * what the button is for to assistive technology (a letter for whom).
 */
export function pdfButton(
  label: string,
  fetch: () => Promise<Result<PdfFile>>,
  describedBy?: string,
): HTMLElement {
  const message = h('div', { class: 'pdf-message', 'aria-live': 'polite' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'pdf-button',
      ...(describedBy ? { 'aria-label': `${label}: ${describedBy}` } : {}),
    },
    label,
  );
  const host = h('span', { class: 'pdf-file' }, button, message);
  button.addEventListener('click', async () => {
    message.replaceChildren();
    const result = await whileBusy(host, fetch);
    if (!result.ok) {
      showError(message, result.error);
      return;
    }
    const link = h(
      'a',
      { class: 'pdf-link', href: blobUrl(result.value.base64), download: result.value.fileName },
      `Save ${result.value.fileName} again`,
    );
    message.replaceChildren(link);
    // The same click saves the file: the clerk prints it from the download.
    link.click();
  });
  return host;
}
