// The office's identity and voice for the Office identity and wording dialog: read from and saved to
// the backend's settings (`GET`/`POST /v1/settings`), and a stage's draft wording previewed on a
// real account (`POST /v1/settings/preview`), as the sender would render it.
import { createApiClient, ok } from './api-client.js';
import type {
  LettersForToday,
  OfficeVoice,
  OfficeVoiceChange,
  StageWording,
  WordingPreview,
} from './contract.js';
import type { Gas } from './gas.js';
import { readSettings } from './settings.js';
import { selectedCustomerId } from './sidebar.js';

const text = (v: unknown) => (typeof v === 'string' ? v : '');

function fromAnswer(body: Record<string, unknown>, previewCustomerId: string): OfficeVoice {
  const pay = (body.paymentInstructions ?? {}) as Record<string, unknown>;
  const logo = body.logo as OfficeVoice['logo'] | undefined;
  return {
    officeName: text(body.officeName),
    tradingName: text(body.tradingName),
    officeAddress: text(body.officeAddress),
    officePhone: text(body.officePhone),
    officeEmail: text(body.officeEmail),
    neutralName: text(body.neutralName),
    signature: text(body.signature),
    footerText: text(body.footerText),
    paymentInstructions: {
      bankTransfer: text(pay.bankTransfer),
      chequePayee: text(pay.chequePayee),
      chequeAddress: text(pay.chequeAddress),
    },
    logo: logo && typeof logo.dataBase64 === 'string' ? logo : null,
    wording: Array.isArray(body.wording) ? (body.wording as StageWording[]) : [],
    previewCustomerId,
  };
}

function activeCustomer(gas: Gas): string {
  try {
    return selectedCustomerId(gas.spreadsheet.getActive());
  } catch {
    return '';
  }
}

export function getOfficeVoice(gas: Gas): OfficeVoice {
  const api = createApiClient(gas, readSettings(gas).backendUrl);
  const body = ok(api.one({ method: 'get', path: '/v1/settings' }), 'Reading the office settings');
  return fromAnswer(body, activeCustomer(gas));
}

/**
 * Saves the identity and the stages worded. Text fields go as typed ('' clears one); the backend
 * checks each (a department name as legal name, a logo's type and size, unknown placeholders) and
 * its field errors come back by field, so the dialog shows them beside the inputs.
 */
export function saveOfficeVoice(gas: Gas, input: OfficeVoiceChange): OfficeVoice {
  const api = createApiClient(gas, readSettings(gas).backendUrl);
  const { logo, templates, officeName, officeAddress, officeEmail, ...rest } = input;
  const body: Record<string, unknown> = {
    ...rest,
    // The legal name, postal address and reply-to cannot be cleared, only changed.
    ...(officeName.trim() ? { officeName } : {}),
    ...(officeAddress.trim() ? { officeAddress } : {}),
    ...(officeEmail.trim() ? { officeEmail } : {}),
    ...(logo !== undefined ? { logo } : {}),
    ...(Object.keys(templates).length > 0 ? { templates } : {}),
  };
  const answer = ok(api.one({ method: 'post', path: '/v1/settings', body }), 'Saving the office identity');
  return fromAnswer(answer, activeCustomer(gas));
}

export function previewWording(
  gas: Gas,
  input: { stage: string; customerId: string; subject: string; body: string },
): WordingPreview {
  const api = createApiClient(gas, readSettings(gas).backendUrl);
  const answer = ok(
    api.one({
      method: 'post',
      path: '/v1/settings/preview',
      body: {
        stage: input.stage,
        customerId: input.customerId,
        template: { subject: input.subject, body: input.body },
      },
    }),
    'Previewing the wording',
  );
  return answer as unknown as WordingPreview;
}

/** The day's letters from the backend (it plans the open accounts as the daily run does). */
export function lettersForToday(gas: Gas): LettersForToday {
  const api = createApiClient(gas, readSettings(gas).backendUrl);
  const body = ok(api.one({ method: 'get', path: '/v1/letters/today' }), "Making today's letters");
  return {
    asOf: text(body.asOf),
    letters: Array.isArray(body.letters) ? (body.letters as LettersForToday['letters']) : [],
    skipped: Array.isArray(body.skipped) ? (body.skipped as LettersForToday['skipped']) : [],
    ...(typeof body.pdfBase64 === 'string' ? { pdfBase64: body.pdfBase64 } : {}),
  };
}
