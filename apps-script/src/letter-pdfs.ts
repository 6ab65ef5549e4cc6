// Printable letters as files for the pages: a stored letter the review queue names (a validation
// notice, `GET /v1/letters?key=`) and one debtor's letter of today (`GET /v1/letters/today?customer=`).
import { createApiClient, ok } from './api-client.js';
import type { PdfFile } from './contract.js';
import { AddonError } from './errors.js';
import type { Gas } from './gas.js';
import { readSettings } from './settings.js';

const fileSafe = (s: string) => s.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'letter';

export function storedLetterPdf(gas: Gas, key: string): PdfFile {
  const k = String(key ?? '').trim();
  if (!k)
    throw new AddonError('invalid', 'No letter was named.', 'LETTER.NO_KEY', [
      { field: 'key', message: 'required' },
    ]);
  const api = createApiClient(gas, readSettings(gas).backendUrl);
  const body = ok(
    api.one({ method: 'get', path: `/v1/letters?key=${encodeURIComponent(k)}` }),
    'Opening the letter',
  );
  return {
    fileName: `${fileSafe(
      k
        .split('/')
        .pop()
        ?.replace(/\.pdf$/i, '') ?? 'letter',
    )}.pdf`,
    base64: String(body.base64 ?? ''),
  };
}

export function todayLetterPdf(gas: Gas, customerId: string): PdfFile {
  const id = String(customerId ?? '').trim();
  if (!id)
    throw new AddonError('invalid', 'No customer was named.', 'LETTER.NO_CUSTOMER', [
      { field: 'customerId', message: 'required' },
    ]);
  const api = createApiClient(gas, readSettings(gas).backendUrl);
  const body = ok(
    api.one({ method: 'get', path: `/v1/letters/today?customer=${encodeURIComponent(id)}` }),
    "Making today's letter",
  ) as { asOf?: string; pdfBase64?: string; skipped?: { reason?: string }[] };
  if (!body.pdfBase64) {
    const why = body.skipped?.[0]?.reason;
    throw new AddonError(
      'other',
      why
        ? `No letter for ${id} today: ${why}.`
        : `No letter is due for ${id} today any more (the backend's plan differs from the sheet's: sync, then try again).`,
      'LETTER.NOT_DUE',
    );
  }
  return { fileName: `letter-${fileSafe(id)}-${body.asOf ?? 'today'}.pdf`, base64: body.pdfBase64 };
}
