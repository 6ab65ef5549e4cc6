// The office's identity and voice as the backend uses them: the office a message signs with, its
// logo's checks, each ladder stage's wording (the office's own or the default of the stage's tone),
// and the live preview of a stage's wording on a real account before a clerk saves it.

import type { AccountSnapshot } from '../../core/collections/account-snapshot.js';
import type { DunningPolicy, DunningStage } from '../../core/collections/dunning-policy.js';
import {
  DEFAULT_TEMPLATES,
  type MessageTemplate,
  type Tone,
  templateProblems,
  toneOf,
} from '../../core/collections/message-templates.js';
import { HAND_OVER_AFTER_DAYS, PAY_BY_DAYS } from '../../core/collections/send-time.js';
import {
  type MessageInvoice,
  type MoneyAmount,
  messageInvoices,
  type OfficeContact,
  officeIdentityProblems,
  type ReminderStage,
  type RenderedMessage,
  renderReminder,
} from '../../core/collections/templates.js';
import { addDays, type IsoDate, toDay } from '../../core/ledger/dates.js';
import type { OfficeLogo, TenantSettings } from '../store/tenant-settings.js';

/** What a logo may be: a PNG or JPEG of at most 64 KB, at most 2000 pixels a side. */
export const OFFICE_LOGO = {
  maxBytes: 64 * 1024,
  maxSide: 2000,
  types: ['image/png', 'image/jpeg'],
} as const;

/** The office as messages and documents name it: identity, contact, payment instructions, footer. */
export function officeOf(settings: TenantSettings): OfficeContact {
  const pay = settings.paymentInstructions;
  return {
    name: settings.officeName,
    email: settings.officeEmail,
    ...(settings.officePhone ? { phone: settings.officePhone } : {}),
    ...(settings.officeAddress ? { address: settings.officeAddress } : {}),
    ...(settings.neutralName ? { neutralName: settings.neutralName } : {}),
    ...(settings.tradingName ? { tradingName: settings.tradingName } : {}),
    ...(settings.signature ? { signature: settings.signature } : {}),
    ...(settings.footerText ? { footer: settings.footerText } : {}),
    ...(pay && (pay.bankTransfer || pay.chequePayee) ? { payment: pay } : {}),
  };
}

/** The pixel size of a PNG or JPEG, read from its header; undefined when it is neither. */
export function imageSize(
  bytes: Uint8Array,
): { type: OfficeLogo['contentType']; width: number; height: number } | undefined {
  const b = bytes;
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { type: 'image/png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    // Walk the JPEG segments to the first start-of-frame, which holds the size.
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1]!;
      const length = (b[i + 2]! << 8) | b[i + 3]!;
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return {
          type: 'image/jpeg',
          height: (b[i + 5]! << 8) | b[i + 6]!,
          width: (b[i + 7]! << 8) | b[i + 8]!,
        };
      }
      i += 2 + length;
    }
  }
  return undefined;
}

/** Why a logo cannot be kept (undefined: it can): not base64, too large, not the type it claims, too big a picture. */
export function logoProblem(logo: OfficeLogo): string | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(logo.dataBase64)) return 'is not base64';
  const bytes = Buffer.from(logo.dataBase64, 'base64');
  if (bytes.length === 0) return 'is empty';
  if (bytes.length > OFFICE_LOGO.maxBytes)
    return `is ${Math.ceil(bytes.length / 1024)} KB; a logo may be at most ${OFFICE_LOGO.maxBytes / 1024} KB`;
  const size = imageSize(bytes);
  if (!size) return 'is not a PNG or JPEG image';
  if (size.type !== logo.contentType) return `is a ${size.type} image, not ${logo.contentType}`;
  if (
    size.width < 1 ||
    size.height < 1 ||
    size.width > OFFICE_LOGO.maxSide ||
    size.height > OFFICE_LOGO.maxSide
  )
    return `is ${size.width}x${size.height} pixels; at most ${OFFICE_LOGO.maxSide} a side`;
  return undefined;
}

/** The stage a ladder stage id names in the policy (any ladder), if any. */
export function stageOf(policy: DunningPolicy, stageId: string): DunningStage | undefined {
  for (const ladder of Object.values(policy.ladders)) {
    const stage = ladder.stages.find((s) => s.id === stageId);
    if (stage) return stage;
  }
  return undefined;
}

/** The wording a stage is sent in: its tone, and the office's own template when it saved one. */
export function stageWording(
  settings: Pick<TenantSettings, 'templates'>,
  policy: DunningPolicy,
  stageId: string,
): { tone: Tone; template: MessageTemplate; own: boolean } | undefined {
  const stage = stageOf(policy, stageId);
  const tone = stage ? toneOf(stage) : undefined;
  if (!tone) return undefined;
  const own = settings.templates?.[stageId];
  return own ? { tone, template: own, own: true } : { tone, template: DEFAULT_TEMPLATES[tone], own: false };
}

/** Every stage of the office's ladder that sends a reminder, with the wording it is sent in. */
export function wordingOf(
  settings: Pick<TenantSettings, 'templates'>,
  policy: DunningPolicy,
): { stage: string; label: string; tone: Tone; subject: string; body: string; own: boolean }[] {
  const ladder = policy.ladders[policy.defaultLadder]?.stages ?? [];
  return ladder.flatMap((s) => {
    const w = stageWording(settings, policy, s.id);
    return w ? [{ stage: s.id, label: s.label, tone: w.tone, ...w.template, own: w.own }] : [];
  });
}

/** Every problem with templates to be saved, per field (`templates.reminder-30.body`). */
export function templatesProblems(
  templates: Readonly<Record<string, MessageTemplate | null>>,
  policy: DunningPolicy,
): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  for (const [stageId, template] of Object.entries(templates)) {
    const stage = stageOf(policy, stageId);
    if (!stage) {
      out.push({
        field: `templates.${stageId}`,
        message: `"${stageId}" is not a stage of the office's ladder`,
      });
      continue;
    }
    const tone = toneOf(stage);
    if (!tone) {
      out.push({
        field: `templates.${stageId}`,
        message: `the ${stage.label} stage sends no reminder to word`,
      });
      continue;
    }
    if (template === null) continue;
    for (const p of templateProblems(template, tone))
      out.push({ field: `templates.${stageId}.${p.field}`, message: p.message });
  }
  return out;
}

/** What a preview shows: the message, the tone, and why no message would go out yet, if so. */
export interface Preview extends RenderedMessage {
  tone: Tone;
  identityProblems: string[];
  /** Set when the account has nothing open to show, so the preview lists every open item instead. */
  note?: string;
}

/**
 * Renders a stage's wording on a real account as it stands `asOf`: the items the stage would be
 * about (for a courtesy reminder, those not yet due; else those past due; all open ones when none
 * are), the pay-by and hand-over dates the sender would state, and the office's identity.
 */
export function previewStage(input: {
  snapshot: AccountSnapshot;
  settings: TenantSettings;
  tone: Tone;
  template: MessageTemplate;
  asOf: IsoDate;
  unsubscribeUrl: string;
  payLink?: string;
  portalLink?: string;
}): Preview {
  const { snapshot, settings, tone, template, asOf } = input;
  const today = toDay(asOf);
  const open = messageInvoices(snapshot.accounts);
  const wanted = open.filter((i) =>
    tone === 'courtesy' ? toDay(i.dueDate) >= today : toDay(i.dueDate) < today,
  );
  const items: MessageInvoice[] = wanted.length > 0 ? wanted : open;
  const office = officeOf(settings);
  const stage: ReminderStage =
    tone === 'final'
      ? {
          kind: 'final-demand',
          handOverAfter: addDays(asOf, HAND_OVER_AFTER_DAYS),
          ...(settings.handoverTo ? { handOverTo: settings.handoverTo } : {}),
        }
      : tone === 'courtesy'
        ? { kind: 'courtesy' }
        : { kind: 'reminder', tone };
  const payBy =
    tone === 'courtesy' && items.length > 0
      ? items.map((i) => i.dueDate).sort()[0]!
      : addDays(asOf, PAY_BY_DAYS);
  const rendered = renderReminder(stage, {
    office,
    customerName: snapshot.customer.name,
    amounts: totalsOf(items),
    openInvoices: items,
    payBy,
    template,
    unsubscribeUrl: input.unsubscribeUrl,
    ...(input.payLink ? { payLink: input.payLink } : {}),
    ...(input.portalLink ? { portalLink: input.portalLink } : {}),
  });
  return {
    ...rendered,
    tone,
    identityProblems: officeIdentityProblems(office),
    ...(open.length === 0
      ? { note: 'this customer has nothing open: the preview shows an empty table' }
      : wanted.length === 0
        ? {
            note: `nothing on this account is ${tone === 'courtesy' ? 'due later' : 'past due'} yet: the preview shows every open item`,
          }
        : {}),
  };
}

function totalsOf(items: readonly MessageInvoice[]): MoneyAmount[] {
  const totals = new Map<string, number>();
  for (const i of items) totals.set(i.currency, (totals.get(i.currency) ?? 0) + i.openMinor);
  return [...totals].map(([currency, amountMinor]) => ({ currency, amountMinor }));
}
