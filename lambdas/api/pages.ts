// The API's HTML pages: its root page (what it is and its routes) and the plain pages a debtor's link opens.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { API_ROUTES } from './routes.js';

/** The API's root page: what it is, how to call it, its routes, and any links the host adds. */
export function rootPage(
  links: readonly { label: string; url: string }[],
): APIGatewayProxyStructuredResultV2 {
  const rows = API_ROUTES.map(
    (r) =>
      `<tr><td>${r.method}</td><td><code>${escapeAttr(r.path)}</code></td><td>${escapeAttr(r.purpose)}</td></tr>`,
  ).join('');
  const linkList = links.length
    ? `<h2>Also here</h2><ul>${links.map((l) => `<li><a href="${escapeAttr(l.url)}">${escapeAttr(l.label)}</a></li>`).join('')}</ul>`
    : '';
  return page(
    200,
    'Duebook API',
    "The backend of Duebook's Google Sheets add-on: it keeps each office's receivables ledger, plans the day's collection steps within the contact rules, and sends the reminders. Every /v1 route needs a Google ID token (the add-on's sidebar) or an API key in the x-api-key header; answers are JSON.",
    `<h2>Routes</h2><table style="border-collapse:collapse" cellpadding="4"><thead><tr><th align="left">Method</th><th align="left">Path</th><th align="left">What it does</th></tr></thead><tbody>${rows}</tbody></table><p><a href="health">Health check</a></p>${linkList}`,
  );
}

export const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function page(
  statusCode: number,
  title: string,
  message: string,
  extra = '',
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeAttr(title)}</title></head><body style="font-family:sans-serif;max-width:36em;margin:3em auto"><h1>${escapeAttr(title)}</h1><p>${escapeAttr(message)}</p>${extra}</body></html>`,
  };
}
