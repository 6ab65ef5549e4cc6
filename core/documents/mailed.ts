// Documents to print and mail: a statement with the office's letterhead, the client's address where
// a window envelope shows it, remit-to, pay-by date and payment instructions; and reminder letters
// with the same content as the email of their stage, bound one per debtor into "letters for today".

import type { ClientStatement } from '../collections/client-statement.js';
import type { CollectionPlan, PlannedAction } from '../collections/collection-plan.js';
import type { DunningPolicy } from '../collections/dunning-policy.js';
import type { Block as MessageBlock } from '../collections/message-blocks.js';
import { amountsText, formatLongDate } from '../collections/message-blocks.js';
import { type MessageTemplate, toneOf } from '../collections/message-templates.js';
import { messageFigures, reminderStageOf } from '../collections/send-time.js';
import {
  DISPUTE_WINDOW_DAYS,
  itemLabel,
  type OfficeContact,
  paymentInstructionLines,
  type ReminderContext,
  type ReminderStage,
  reminderBlocks,
  type ValidationNoticeContext,
  validationNoticeBlocks,
} from '../collections/templates.js';
import type { Book } from '../ledger/book.js';
import { addDays, type IsoDate } from '../ledger/dates.js';
import type { Ledger } from '../ledger/ledger.js';
import { formatMoney } from '../ledger/money.js';
import type { Block, DocumentImage, DocumentModel } from './document.js';

/** `2026-03-05` -> `5 Mar 2026`: a date people read at a glance, narrow enough for a column. */
export function formatShortDate(date: IsoDate): string {
  const long = formatLongDate(date);
  const [d, month, y] = long.split(' ');
  return `${d} ${month!.slice(0, 3)} ${y}`;
}

/**
 * A postal address as the lines of an address block: its own lines, or a one-line US-style
 * address ("12 Elm St, Springfield, IL 62701") broken before the city.
 */
export function addressLines(address: string | undefined): string[] {
  const own = (address ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (own.length !== 1) return own;
  const parts = own[0]!.split(',').map((p) => p.trim());
  if (parts.length < 3) return own;
  // The last two parts are the city and the state with its ZIP code.
  return [parts.slice(0, -2).join(', '), parts.slice(-2).join(', ')];
}

/** The office's letterhead lines under its name: legal name when it trades under another, address, phone, email. */
function officeLines(office: OfficeContact): string[] {
  const trading = office.tradingName?.trim();
  return [
    ...(trading && trading !== office.name ? [office.name] : []),
    ...addressLines(office.address),
    [office.phone, office.email].filter(Boolean).join(' · '),
  ].filter(Boolean);
}

/** Who a mailed document is for. */
export interface Recipient {
  customerId: string;
  name: string;
  address?: string;
}

/** A letter's head: letterhead, the recipient in the envelope window, and date, account and pay-by beside it. */
export function letterhead(
  office: OfficeContact,
  logo: DocumentImage | undefined,
  recipient: Recipient,
  fields: [string, string][],
): Block {
  return {
    kind: 'letterhead',
    office: {
      name: office.tradingName?.trim() || office.name,
      lines: officeLines(office),
      ...(logo ? { logo } : {}),
    },
    recipient: [recipient.name, ...addressLines(recipient.address)],
    fields,
  };
}

/** Where payments go and how: the pay link when there is one, bank transfer and cheque details, the remit-to address. */
function howToPay(office: OfficeContact, payLink?: string): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'How to pay' }];
  if (payLink) blocks.push({ kind: 'paragraph', text: `Pay online: ${payLink}` });
  for (const lines of paymentInstructionLines(office)) blocks.push({ kind: 'lines', lines });
  blocks.push({
    kind: 'lines',
    lines: ['Send payments and letters to (remit to):', office.name, ...addressLines(office.address)],
  });
  return blocks;
}

const ITEM_COLUMNS = [
  { header: 'Item' },
  { header: 'Date' },
  { header: 'Due date' },
  { header: 'Days late', align: 'right' as const },
  { header: 'Amount', align: 'right' as const },
  { header: 'Still owed', align: 'right' as const },
];

/**
 * The client's statement as a letter to mail: the office's letterhead and the client's address
 * for a window envelope, the statement date, account and pay-by date beside it, then per currency
 * the open items (fees and interest named as such) with a total row, unapplied credit and the
 * balance due, the aging, and how to pay with the remit-to address. Dates are written for people.
 */
export function mailedStatementDocument(
  s: ClientStatement,
  input: {
    office: OfficeContact;
    logo?: DocumentImage;
    recipient: Recipient;
    payBy: IsoDate;
    payLink?: string;
  },
): DocumentModel {
  const { office } = input;
  const due = s.currencies
    .filter((c) => c.balanceMinor > 0)
    .map((c) => ({ currency: c.currency, amountMinor: c.balanceMinor }));
  const blocks: Block[] = [
    letterhead(office, input.logo, input.recipient, [
      ['Statement date', formatLongDate(s.asOf)],
      ['Account', input.recipient.customerId],
      ...(due.length > 0 ? ([['Pay by', formatLongDate(input.payBy)]] as [string, string][]) : []),
    ]),
    { kind: 'heading', level: 1, text: 'Statement of account' },
    {
      kind: 'paragraph',
      text:
        due.length > 0
          ? `On ${formatLongDate(s.asOf)} your balance is ${amountsText(due)}. Please pay by ${formatLongDate(input.payBy)}.`
          : `On ${formatLongDate(s.asOf)} nothing is owed on your account. Thank you.`,
    },
  ];
  for (const c of s.currencies) {
    const money = (minor: number) => formatMoney(minor, c.currency);
    const rows: string[][] = c.matters.flatMap((m) =>
      m.items.map((i) => [
        `${itemLabel({
          invoiceId: i.itemId,
          ...(i.kind === 'charge'
            ? {
                kind:
                  i.chargeType === 'interest' || i.chargeType === 'returned-payment-fee'
                    ? i.chargeType
                    : 'late-fee',
                ...(i.invoiceId ? { onInvoiceId: i.invoiceId } : {}),
              }
            : {}),
        })}${i.disputed ? ' (disputed)' : ''}`,
        formatShortDate(i.itemDate),
        formatShortDate(i.dueDate),
        i.daysPastDue > 0 ? String(i.daysPastDue) : 'not due',
        money(i.originalMinor),
        money(i.openMinor),
      ]),
    );
    rows.push([`Total open ${c.currency}`, '', '', '', '', money(c.openMinor)]);
    if (c.unappliedCreditMinor !== 0) {
      rows.push(['Unapplied credit', '', '', '', '', money(-c.unappliedCreditMinor)]);
      rows.push([`Balance due ${c.currency}`, '', '', '', '', money(c.balanceMinor)]);
    }
    blocks.push({ kind: 'heading', level: 2, text: `Open items in ${c.currency}` });
    blocks.push({ kind: 'table', columns: ITEM_COLUMNS, rows });
    blocks.push({ kind: 'heading', level: 3, text: `How long it has been owed (${c.currency})` });
    blocks.push({
      kind: 'table',
      columns: s.buckets.map((b) => ({
        header: b === 'current' ? 'Current' : `${b} days`,
        align: 'right' as const,
      })),
      rows: [c.agingMinor.map((m) => formatMoney(m, c.currency, { code: false }))],
    });
  }
  if (s.currencies.length === 0) blocks.push({ kind: 'paragraph', text: 'Nothing is open.' });
  if (due.length > 0) blocks.push(...howToPay(office, input.payLink));
  blocks.push({
    kind: 'paragraph',
    text: `If you have a question about this statement, ${office.phone ? `call ${office.phone}` : `write to ${office.name}`}${office.email ? ` or email ${office.email}` : ''}.`,
  });
  return {
    title: `Statement for ${input.recipient.name} as of ${formatLongDate(s.asOf)}`,
    blocks,
    ...(office.footer ? { footer: office.footer.replace(/\s*\r?\n\s*/g, ' ') } : {}),
  };
}

/** A message block as a document block: paragraphs, links written out, tables with numbers right-aligned. */
function documentBlock(b: MessageBlock): Block {
  switch (b.kind) {
    case 'p':
      return b.text.includes('\n')
        ? { kind: 'lines', lines: b.text.split('\n') }
        : { kind: 'paragraph', text: b.text };
    case 'rich':
      return { kind: 'paragraph', text: b.segments.map((s) => s.text).join('') };
    case 'link':
      return { kind: 'paragraph', text: `${b.label}: ${b.url}` };
    case 'small':
      return { kind: 'paragraph', text: b.url ? `${b.text} ${b.url}` : b.text };
    case 'table':
      return {
        kind: 'table',
        columns: b.head.map((header, c) => ({
          header,
          ...(b.numeric.includes(c) ? { align: 'right' as const } : {}),
        })),
        rows: b.rows,
      };
  }
}

/**
 * A reminder as a letter: the same wording, figures, disclosures and signature as its email (the
 * office's wording for the stage or the default of its tone), under a letterhead, addressed for a
 * window envelope, with the subject as its heading and no opt-out link.
 */
export function reminderLetterBlocks(
  stage: ReminderStage,
  ctx: Omit<ReminderContext, 'unsubscribeUrl'>,
  input: { recipient: Recipient; asOf: IsoDate; logo?: DocumentImage },
): Block[] {
  const { subject, blocks } = reminderBlocks(stage, ctx, { letter: true });
  return [
    letterhead(ctx.office, input.logo, input.recipient, [
      ['Date', formatLongDate(input.asOf)],
      ['Account', input.recipient.customerId],
      ['Pay by', formatLongDate(ctx.payBy)],
    ]),
    { kind: 'heading', level: 2, text: subject },
    ...blocks.map(documentBlock),
  ];
}

/**
 * The validation notice as a letter (it is sent by post): the creditor, the amount with its
 * itemization and the right to dispute by `disputeBy`, under the letterhead and window address.
 */
export function validationLetterBlocks(
  ctx: ValidationNoticeContext,
  input: { recipient: Recipient; asOf: IsoDate; logo?: DocumentImage },
): Block[] {
  const { subject, blocks } = validationNoticeBlocks(ctx, { letter: true });
  return [
    letterhead(ctx.office, input.logo, input.recipient, [
      ['Date', formatLongDate(input.asOf)],
      ['Account', input.recipient.customerId],
      ['Dispute by', formatLongDate(ctx.disputeBy)],
    ]),
    { kind: 'heading', level: 2, text: subject },
    ...blocks.map(documentBlock),
  ];
}

/** Letters bound into one printable document, each starting on its own page numbered from 1. */
export function lettersDocument(
  letters: readonly Block[][],
  office: OfficeContact,
  asOf: IsoDate,
): DocumentModel {
  return {
    title: `Letters for ${formatLongDate(asOf)} from ${office.tradingName?.trim() || office.name}`,
    blocks: letters.flat(),
    ...(office.footer ? { footer: office.footer.replace(/\s*\r?\n\s*/g, ' ') } : {}),
  };
}

/** A letter the day's plan calls for, or why it was left out. */
export type DayLetter =
  | { customerId: string; stage: string; blocks: Block[] }
  | { customerId: string; stage: string; skipped: string };

/**
 * The letters a day's plan calls for (actions on the letter channel for a courtesy reminder,
 * reminder or final demand), one per debtor, with the same content as the email of the stage:
 * the same figures (`messageFigures`), stage and dates (`reminderStageOf`) and wording (the
 * office's for the stage, else the default of its tone). A debtor without a postal address is
 * left out with the reason; so is a stage with no reminder to word.
 */
export function lettersForToday(input: {
  ledger: Ledger;
  book: Book;
  plan: CollectionPlan;
  policy: DunningPolicy;
  office: OfficeContact;
  asOf: IsoDate;
  logo?: DocumentImage;
  handOverTo?: string;
  /** The office's wording per stage id. */
  templates?: Readonly<Record<string, MessageTemplate>>;
}): DayLetter[] {
  const customers = new Map(input.ledger.customers.map((c) => [c.customerId, c]));
  const out: DayLetter[] = [];
  const seen = new Set<string>();
  for (const action of input.plan.actions as PlannedAction[]) {
    // A hand-over's letter goes to the agency with its packet (duebook handover), not to the debtor.
    if (action.channel !== 'letter' || action.kind === 'handover' || seen.has(action.customerId)) continue;
    const base = { customerId: action.customerId, stage: action.stage };
    const stageDef = Object.values(input.policy.ladders)
      .flatMap((l) => l.stages)
      .find((st) => st.id === action.stage);
    const tone = stageDef ? toneOf(stageDef) : undefined;
    if (!tone && action.kind !== 'validation') {
      out.push({ ...base, skipped: `the ${stageDef?.label ?? action.stage} stage has no reminder letter` });
      continue;
    }
    const customer = customers.get(action.customerId);
    if (!customer?.address?.trim()) {
      out.push({ ...base, skipped: 'no postal address on file' });
      continue;
    }
    seen.add(action.customerId);
    const accounts = input.book.byCustomer.get(action.customerId) ?? [];
    const figures = messageFigures({ customerId: action.customerId, accounts }, action);
    const recipient = { customerId: customer.customerId, name: customer.name, address: customer.address };
    const disclosures =
      action.disclosures && action.disclosures.length > 0 ? { disclosures: action.disclosures } : {};
    if (action.kind === 'validation') {
      out.push({
        ...base,
        blocks: validationLetterBlocks(
          {
            office: input.office,
            customerName: customer.name,
            amounts: figures.totals,
            openInvoices: figures.invoices,
            credits: figures.credits,
            sentOn: input.asOf,
            disputeBy: addDays(input.asOf, DISPUTE_WINDOW_DAYS),
            itemizationDate: figures.invoices.map((i) => i.dueDate).sort()[0] ?? input.asOf,
            ...disclosures,
            requireIdentity: true,
          },
          { recipient, asOf: input.asOf, ...(input.logo ? { logo: input.logo } : {}) },
        ),
      });
      continue;
    }
    const { stage, payBy } = reminderStageOf(action, figures, input.asOf, {
      ...(tone ? { tone } : {}),
      ...(input.handOverTo ? { handOverTo: input.handOverTo } : {}),
    });
    const template = input.templates?.[action.stage];
    out.push({
      ...base,
      blocks: reminderLetterBlocks(
        stage,
        {
          office: input.office,
          customerName: customer.name,
          amounts: figures.totals,
          openInvoices: figures.invoices,
          credits: figures.credits,
          payBy,
          ...(template ? { template } : {}),
          ...(action.disclosures && action.disclosures.length > 0 ? { disclosures: action.disclosures } : {}),
          requireIdentity: true,
        },
        {
          recipient: { customerId: customer.customerId, name: customer.name, address: customer.address },
          asOf: input.asOf,
          ...(input.logo ? { logo: input.logo } : {}),
        },
      ),
    });
  }
  return out;
}
