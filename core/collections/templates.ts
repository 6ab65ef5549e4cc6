// Message templates: reminders per dunning stage, the statement email and the hand-over summary, as text and escaped HTML.
import {
  canadianTimeBarredDisclosure,
  type TimeBarredDisclosureId,
} from '../compliance/time-barred-wording.js';
import type { AccountBook, OpenItem } from '../ledger/book.js';
import { type IsoDate, toDay } from '../ledger/dates.js';
import { formatMoney } from '../ledger/money.js';
import {
  amountsText,
  type Block,
  checkUrl,
  escapeHtml,
  formatLongDate,
  type MoneyAmount,
  type RenderedMessage,
  render,
  textValue,
} from './message-blocks.js';
import {
  DEFAULT_TEMPLATES,
  type MessageTemplate,
  renderTemplate,
  type TemplateValues,
  type Tone,
} from './message-templates.js';
import type { Statement, StatementLineKind } from './statements.js';

export { escapeHtml, formatLongDate, type MoneyAmount, type RenderedMessage };
/** A message built of blocks, each rendered both as text and as escaped HTML. */
export type MessageBlock = Block;

/** How the office signs and how it can be reached. */
export interface OfficeContact {
  /** The creditor's real (legal) name, as the debtor knows it. */
  name: string;
  phone?: string;
  email?: string;
  /** The office's postal address. */
  address?: string;
  /**
   * A neutral name for subjects and the sender line ("EHOC"), so a lock screen shows neither the
   * office's line of business nor an amount. The body still names the creditor in full.
   */
  neutralName?: string;
  // --- office identity and voice (issue #16): shown on every message and document ---
  /** The name the office trades under, when it differs from the legal name. */
  tradingName?: string;
  /** Who signs, one line each ("Maria Lopez", "Billing manager"). */
  signature?: string;
  /** How to pay without a link: bank transfer details, cheque payee and address. */
  payment?: PaymentInstructions;
  /** Small print under every message and at the foot of every document page. */
  footer?: string;
}

/** How a debtor can pay the office without a pay link. */
export interface PaymentInstructions {
  /** Bank transfer details, one item a line (bank, account name, account number or IBAN, reference). */
  bankTransfer?: string;
  /** Who cheques are made payable to. */
  chequePayee?: string;
  /** Where cheques are sent; the office's postal address when not given. */
  chequeAddress?: string;
}

/** Disclosures a message may have to carry, by id. */
export type DisclosureId = TimeBarredDisclosureId | 'nyc-language-access';

/** The disclosure texts, with where each is required. */
export const DISCLOSURES: Readonly<Record<DisclosureId, { text: string; citation: string }>> = {
  'time-barred': {
    text: 'The law limits how long you can be sued on a debt. Because of the age of this debt, we will not sue you for it, and we will not report it to a credit reporting agency. If you make a payment, we still will not sue you for the rest.',
    citation: '12 CFR 1006.26(b); 940 CMR 7.07 (Massachusetts); 6 RCNY 5-77 (New York City)',
  },
  /** Built on first read: its citation lists the provinces' statutes from the limitation table. */
  get 'time-barred-canada'() {
    return canadianTimeBarredDisclosure();
  },
  'nyc-language-access': {
    text: 'If you would like to receive communications in a language other than English, tell us which language you prefer. Translation and descriptions of commonly used debt collection terms are available in multiple languages from the New York City Department of Consumer and Worker Protection at nyc.gov/dcwp.',
    citation: '6 RCNY 5-77 (language access)',
  },
};

/** A message that may not be rendered, and why. */
export class OfficeIdentityError extends Error {
  readonly code = 'TEMPLATE.OFFICE_IDENTITY';
  readonly problems: string[];
  constructor(problems: string[], options?: { cause?: unknown }) {
    super(`no message may go out: ${problems.join('; ')}`, options);
    this.name = 'OfficeIdentityError';
    this.problems = problems;
  }
}

/** Names that sound like a department or a third party, not a creditor (15 U.S.C. 1692a(6)). */
const GENERIC_NAMES: ReadonlySet<string> = new Set([
  'accounts receivable',
  'accounts receivable department',
  'billing',
  'billing department',
  'collections',
  'collections department',
  'collection department',
  'the office',
  'office',
  'your office',
  'credit department',
]);

/**
 * Every reason the office identity is not good enough for a message to a debtor (empty: it is).
 * The creditor must use its real name (a name that sounds like a third party makes a creditor a
 * debt collector, 15 U.S.C. 1692a(6)) and give a postal address.
 */
export function officeIdentityProblems(office: Pick<OfficeContact, 'name' | 'address'>): string[] {
  const problems: string[] = [];
  const name = (office.name ?? '').trim();
  if (name === '') problems.push("the office's legal name is not set");
  else if (GENERIC_NAMES.has(name.toLowerCase().replace(/\s+/g, ' '))) {
    problems.push(
      `"${name}" is not a legal name (it sounds like a department or a third party); set the office's legal name`,
    );
  }
  if (!office.address || office.address.trim() === '')
    problems.push("the office's postal address is not set");
  return problems;
}

/**
 * An open item as a message shows it: ids, dates and amounts only. Templates read no other field,
 * so a description, matter or anything clinical passed along by accident never reaches a message.
 */
export interface MessageInvoice {
  invoiceId: string;
  invoiceDate?: IsoDate;
  dueDate: IsoDate;
  currency: string;
  openMinor: number;
  /** A fee or interest line is labelled as such; absent: an invoice. */
  kind?: MessageItemKind;
  /** For a fee or interest: the invoice it was charged on. */
  onInvoiceId?: string;
}

/** What an item in a message's table is. */
export type MessageItemKind = 'invoice' | 'late-fee' | 'interest' | 'returned-payment-fee';

/** How each kind of item is named in a message's table. */
const ITEM_LABEL: Readonly<Record<MessageItemKind, string>> = {
  invoice: 'Invoice',
  'late-fee': 'Late fee',
  interest: 'Interest',
  'returned-payment-fee': 'Returned-payment fee',
};

/** What every message is rendered from. */
export interface MessageContext {
  office: OfficeContact;
  customerName: string;
  /** Amount due, one entry per currency (never added across currencies). */
  amounts: readonly MoneyAmount[];
  openInvoices: readonly MessageInvoice[];
  /** The date the office asks to be paid by. */
  payBy?: IsoDate;
  /**
   * An http(s) link where the customer can pay (a pay link made for this message). Without one the
   * office's payment instructions take its place.
   */
  payLink?: string;
  /** Older name of `payLink`, still read. */
  paymentLink?: string;
  /** An http(s) link to the customer's own account page; without one, nothing is shown. */
  portalLink?: string;
  /** An http(s) or mailto link to opt out; adds an opt-out line to text and HTML when present. */
  unsubscribeUrl?: string;
  /**
   * Credit on the account set against the listed invoices, per currency: shown as its own row, and
   * each currency gets a total row, so the table adds up to the amount the message states.
   */
  credits?: readonly MoneyAmount[];
  /** Disclosures the message must carry (from the planned action), printed before the signature. */
  disclosures?: readonly DisclosureId[];
  /**
   * Refuse to render unless the office has a real legal name and a postal address (see
   * `officeIdentityProblems`). The backend sets it; default false for previews.
   */
  requireIdentity?: boolean;
}

/** Dunning stage kinds that have a reminder template. */
export type ReminderKind = 'courtesy' | 'reminder' | 'final-demand';

/** The stage to render; a final demand names the date after which the account is handed over. */
export type ReminderStage =
  | { kind: 'courtesy' }
  | {
      kind: 'reminder';
      /** Friendly (the default) or firm: a stage's tone comes from `toneOf` in message-templates.ts. */
      tone?: 'friendly' | 'firm';
    }
  | {
      kind: 'final-demand';
      /** After this date the account is handed over. */
      handOverAfter: IsoDate;
      /** Who it is handed over to; "a collection agency or attorney" when not given. */
      handOverTo?: string;
    };

/**
 * A reminder needs a pay-by date; `template` is the office's own wording for the stage (checked by
 * `templateProblems` when it was saved), else the default wording of the stage's tone.
 */
export type ReminderContext = MessageContext & { payBy: IsoDate; template?: MessageTemplate };

/** The summary sent to the attorney or agency an account is handed over to. */
export interface HandOverContext extends MessageContext {
  asOf: IsoDate;
  customerId: string;
  /** The firm or agency receiving the account. */
  recipientName: string;
  customerEmail?: string;
  customerPhone?: string;
  customerAddress?: string;
  lastPaymentDate?: IsoDate;
  /** Notices already sent (date and what was sent), oldest first. */
  noticesSent?: readonly { date: IsoDate; description: string }[];
  /** Reason for the hand-over, in the office's words. */
  reason?: string;
}

/** How an item is named in a table: "Invoice INV-1", "Late fee on invoice INV-1 (ADJ-4)". */
export function itemLabel(item: Pick<MessageInvoice, 'invoiceId' | 'kind' | 'onInvoiceId'>): string {
  const kind = item.kind ?? 'invoice';
  if (kind === 'invoice') return `Invoice ${item.invoiceId}`;
  return item.onInvoiceId
    ? `${ITEM_LABEL[kind]} on invoice ${item.onInvoiceId} (${item.invoiceId})`
    : `${ITEM_LABEL[kind]} ${item.invoiceId}`;
}

/**
 * The items a message is about, per currency: each invoice, fee or interest line named as what it
 * is, the credit set against them (if any) and a total row, which is the amount the message states.
 */
export function invoiceTable(
  invoices: readonly MessageInvoice[],
  credits: readonly MoneyAmount[] = [],
): Block {
  const currencies = [...new Set([...invoices.map((i) => i.currency), ...credits.map((c) => c.currency)])];
  const rows: string[][] = [];
  const totalRows: number[] = [];
  for (const currency of currencies) {
    const mine = invoices.filter((i) => i.currency === currency);
    let total = 0;
    for (const i of mine) {
      rows.push([itemLabel(i), formatLongDate(i.dueDate), formatMoney(i.openMinor, currency)]);
      total += i.openMinor;
    }
    const credit = credits.filter((c) => c.currency === currency).reduce((n, c) => n + c.amountMinor, 0);
    if (credit > 0) {
      rows.push(['Credit on your account', '', formatMoney(-credit, currency)]);
      total -= credit;
    }
    totalRows.push(rows.length);
    rows.push([`Total ${currency}`, '', formatMoney(total, currency)]);
  }
  return { kind: 'table', head: ['Item', 'Due date', 'Amount due'], rows, numeric: [2], totalRows };
}

function contactLine(office: OfficeContact): string {
  const ways = [
    office.phone ? `call ${office.phone}` : '',
    office.email ? `write to ${office.email}` : '',
  ].filter(Boolean);
  return ways.length > 0 ? `please ${ways.join(' or ')}` : `please contact ${office.name}`;
}

/** A multi-line value (an address) on one line: its lines joined with commas. */
function onOneLine(text: string | undefined): string {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/,$/, ''))
    .filter(Boolean)
    .join(', ');
}

function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => textValue(l))
    .filter(Boolean);
}

/**
 * The office as it signs: the signer's lines, the name the customer knows, the legal name when it
 * trades under another, the postal address, phone and reply-to address.
 */
export function signatureLines(office: OfficeContact): string[] {
  const trading = office.tradingName?.trim();
  return [
    ...lines(office.signature),
    ...(trading && trading !== office.name ? [trading, office.name] : [office.name]),
    ...lines(office.address),
    ...(office.phone ? [office.phone] : []),
    ...(office.email ? [office.email] : []),
  ];
}

/** How to pay without a link, as paragraphs: bank transfer, then cheque (payee and address). */
export function paymentInstructionLines(office: OfficeContact): string[][] {
  const pay = office.payment;
  if (!pay) return [];
  const out: string[][] = [];
  const bank = lines(pay.bankTransfer);
  if (bank.length > 0) out.push(['To pay by bank transfer:', ...bank]);
  if (pay.chequePayee?.trim()) {
    const to = onOneLine(pay.chequeAddress) || onOneLine(office.address);
    out.push([
      `To pay by cheque: make it payable to ${textValue(pay.chequePayee)}${to ? ` and send it to ${to}` : ''}.`,
    ]);
  }
  return out;
}

/** A subject line: the office's neutral name and no amount when it has one, else the full one. */
function subjectFor(office: OfficeContact, full: string): string {
  return office.neutralName ? `A message about your account from ${office.neutralName}` : full;
}

function checkIdentity(ctx: Pick<MessageContext, 'office' | 'requireIdentity'>): void {
  if (!ctx.requireIdentity) return;
  const problems = officeIdentityProblems(ctx.office);
  if (problems.length > 0) throw new OfficeIdentityError(problems);
}

function closingBlocks(
  ctx: Pick<MessageContext, 'office' | 'unsubscribeUrl' | 'disclosures'>,
  options: { letter?: boolean } = {},
): Block[] {
  const blocks: Block[] = (ctx.disclosures ?? []).map((d) => ({
    kind: 'p' as const,
    text: DISCLOSURES[d].text,
  }));
  blocks.push({ kind: 'p', text: ['Sincerely,', ...signatureLines(ctx.office)].join('\n') });
  const footer = lines(ctx.office.footer).join('\n');
  if (footer && !options.letter) blocks.push({ kind: 'small', text: footer });
  if (ctx.unsubscribeUrl) {
    const url = checkUrl(ctx.unsubscribeUrl, 'unsubscribeUrl', ['https', 'http', 'mailto']);
    blocks.push({
      kind: 'small',
      text: 'To stop receiving these emails, opt out here:',
      url,
      urlLabel: 'Unsubscribe',
    });
  }
  return blocks;
}

function payLinkOf(ctx: Pick<MessageContext, 'payLink' | 'paymentLink'>): string | undefined {
  const link = ctx.payLink ?? ctx.paymentLink;
  return link ? checkUrl(link, 'payLink', ['https', 'http']) : undefined;
}

/** `{{pay.link}}`: the pay link when there is one, else the office's payment instructions. */
function payBlocks(ctx: Pick<MessageContext, 'payLink' | 'paymentLink' | 'office'>): Block[] {
  const link = payLinkOf(ctx);
  if (link) return [{ kind: 'link', label: 'Pay online', url: link }];
  return paymentInstructionLines(ctx.office).map((l) => ({ kind: 'p' as const, text: l.join('\n') }));
}

/** `{{portal.link}}`: the customer's account page, when there is one. */
function portalBlocks(ctx: Pick<MessageContext, 'portalLink'>): Block[] {
  if (!ctx.portalLink) return [];
  const url = checkUrl(ctx.portalLink, 'portalLink', ['https', 'http']);
  return [
    { kind: 'link', label: 'See your account, promise a date, ask for a plan or question an invoice', url },
  ];
}

/** Every placeholder's value for a reminder (see PLACEHOLDERS in message-templates.ts). */
export function reminderValues(stage: ReminderStage, ctx: ReminderContext): TemplateValues {
  const office = ctx.office;
  const table = invoiceTable(ctx.openInvoices, ctx.credits);
  return {
    inline: {
      'customer.name': ctx.customerName,
      'overdue.total': amountsText(ctx.amounts),
      'overdue.is': ctx.amounts.length > 1 ? 'are' : 'is',
      'invoices.count': String(ctx.openInvoices.length),
      'pay.by': formatLongDate(ctx.payBy),
      'office.name': office.tradingName?.trim() || office.name,
      'office.legalName': office.name,
      'office.address': onOneLine(office.address),
      'office.phone': office.phone ?? '',
      'office.email': office.email ?? '',
      'office.contact': contactLine(office),
      ...(stage.kind === 'final-demand'
        ? {
            'handover.date': formatLongDate(stage.handOverAfter),
            'handover.to': stage.handOverTo ?? 'a collection agency or attorney',
          }
        : {}),
    },
    blocks: {
      'invoices.table': [table],
      'pay.link': payBlocks(ctx),
      'portal.link': portalBlocks(ctx),
      'office.paymentInstructions': paymentInstructionLines(office).map((l) => ({
        kind: 'p' as const,
        text: l.join('\n'),
      })),
    },
  };
}

/** The tone a reminder stage is rendered in. */
export function stageTone(stage: ReminderStage): Tone {
  if (stage.kind === 'courtesy') return 'courtesy';
  if (stage.kind === 'final-demand') return 'final';
  return stage.tone ?? 'friendly';
}

/**
 * Renders the reminder for a dunning stage from the office's wording for it (`ctx.template`) or
 * the default wording of its tone: courtesy (before the due date), friendly or firm (past due),
 * final (states the date after which the account is handed over). Then the disclosures the
 * compliance rules require, the office's signature and identity, its footer and the opt-out line,
 * which no wording can drop. Only ids, dates and amounts of items appear: never descriptions,
 * matters or clinical detail. Every value is escaped in the HTML and kept to one line in the text.
 *
 * @example renderReminder({ kind: 'reminder' }, ctx).subject // "Payment reminder from Acme Dental: USD 120.00 past due"
 */
export function renderReminder(stage: ReminderStage, ctx: ReminderContext): RenderedMessage {
  const { subject, blocks } = reminderBlocks(stage, ctx);
  return render(subject, blocks);
}

/**
 * The reminder as a subject and blocks, before they are rendered: the email renders them as text
 * and HTML, a mailed letter as a PDF (`letter: true` leaves the footer to the page's foot).
 */
export function reminderBlocks(
  stage: ReminderStage,
  ctx: ReminderContext,
  options: { letter?: boolean } = {},
): { subject: string; blocks: Block[] } {
  checkIdentity(ctx);
  if (!['courtesy', 'reminder', 'final-demand'].includes(stage.kind))
    throw new RangeError(`no reminder template for stage ${(stage as { kind: string }).kind}`);
  const tone = stageTone(stage);
  const filled = renderTemplate(ctx.template ?? DEFAULT_TEMPLATES[tone], tone, reminderValues(stage, ctx));
  return {
    subject: subjectFor(ctx.office, filled.subject),
    blocks: [...filled.blocks, ...closingBlocks(ctx, options)],
  };
}

/** The validation notice: what is owed, to whom, and the debtor's right to dispute within the window. */
export interface ValidationNoticeContext extends MessageContext {
  /** The day the notice is sent. */
  sentOn: IsoDate;
  /** The last day to dispute: at least 30 days after the notice is received. */
  disputeBy: IsoDate;
  /** The day the itemization starts from (the oldest open item's due date). */
  itemizationDate: IsoDate;
}

/**
 * Renders the validation notice (12 CFR 1006.34 content; 940 CMR 7.08 in Massachusetts, within 5
 * business days of the first contact; New York City; California's Rosenthal Act): the creditor,
 * the amount with its itemization, and the right to dispute or ask for the original creditor's
 * name until `disputeBy` (at least 30 days), during which no threat of hand-over is made.
 */
export function renderValidationNotice(ctx: ValidationNoticeContext): RenderedMessage {
  const { subject, blocks } = validationNoticeBlocks(ctx);
  return render(subject, blocks);
}

/**
 * The notice's subject and blocks as the printed letter has them (`core/documents/validation-notice.ts`).
 * Throws `OfficeIdentityError` like the renderers.
 */
export function validationNoticeContent(ctx: ValidationNoticeContext): { subject: string; blocks: Block[] } {
  return validationNoticeBlocks(ctx, { letter: true });
}

/** The validation notice as a subject and blocks (`letter: true`: the footer goes to the page's foot). */
export function validationNoticeBlocks(
  ctx: ValidationNoticeContext,
  options: { letter?: boolean } = {},
): { subject: string; blocks: Block[] } {
  checkIdentity(ctx);
  const total = amountsText(ctx.amounts);
  const by = formatLongDate(ctx.disputeBy);
  return {
    subject: subjectFor(ctx.office, `Notice about your account with ${ctx.office.name}`),
    blocks: [
      { kind: 'p', text: `Dear ${ctx.customerName},` },
      {
        kind: 'p',
        text: `${ctx.office.name} is the creditor of this account. As of ${formatLongDate(ctx.itemizationDate)} you owed the amounts below; you now owe ${total}.`,
      },
      invoiceTable(ctx.openInvoices, ctx.credits),
      {
        kind: 'p',
        text: `How can you dispute the debt? Tell us by ${by} that you dispute all or part of it, and we will stop collection of the disputed part until we send you proof of the debt. You may also ask us by ${by} for the name and address of the original creditor, if it is different. If you do not dispute it by ${by}, we will assume the amount is correct; that does not mean you admit owing it.`,
      },
      {
        kind: 'p',
        text: `To dispute, write to ${[ctx.office.name, onOneLine(ctx.office.address)].filter(Boolean).join(', ')}${ctx.office.email ? ` or email ${ctx.office.email}` : ''}.`,
      },
      ...payBlocks(ctx),
      ...closingBlocks(ctx, options),
    ],
  };
}

/** Days the debtor has to dispute after a validation notice: 30 (15 U.S.C. 1692g(a); 940 CMR 7.08) plus 5 for delivery. */
export const DISPUTE_WINDOW_DAYS = 35;

const LINE_LABEL: Readonly<Record<StatementLineKind, string>> = {
  invoice: 'Invoice',
  payment: 'Payment',
  'returned-payment': 'Returned payment',
  'late-fee': 'Late fee',
  interest: 'Interest',
  'returned-payment-fee': 'Returned-payment fee',
  'credit-note': 'Credit note',
  'write-off': 'Write-off',
  waiver: 'Waiver',
};

/**
 * Renders the statement email. Amounts and open items come from the statement itself (its
 * activity lists ids, dates and amounts only), so `ctx.amounts` and `ctx.openInvoices` are not used.
 */
export function renderStatementEmail(
  statement: Statement,
  ctx: Omit<MessageContext, 'amounts' | 'openInvoices'> & {
    /**
     * A pending promise or a plan in good standing (core/collections/statement-policy.ts): its sentence is
     * printed after the balance, and no pay-by line is added, so the statement asks for nothing
     * beyond the arrangement.
     */
    arrangement?: { sentence: string };
  },
): RenderedMessage {
  checkIdentity(ctx);
  const period = `${formatLongDate(statement.from)} to ${formatLongDate(statement.to)}`;
  const closing = statement.currencies.map((c) => ({
    currency: c.currency,
    amountMinor: c.closingBalanceMinor,
  }));
  const blocks: Block[] = [
    { kind: 'p', text: `Dear ${ctx.customerName},` },
    {
      kind: 'p',
      text: `Here is your statement for ${period}. The balance on ${formatLongDate(statement.to)} is ${amountsText(closing)}.`,
    },
  ];
  if (ctx.arrangement) blocks.push({ kind: 'p', text: ctx.arrangement.sentence });
  for (const c of statement.currencies) {
    const m = (v: number) => formatMoney(v, c.currency);
    blocks.push({ kind: 'p', text: `Account in ${c.currency}` });
    blocks.push({
      kind: 'table',
      head: ['Date', 'Description', 'Reference', 'Charges', 'Credits', 'Balance'],
      rows: [
        [statement.from, 'Opening balance', '', '', '', m(c.openingBalanceMinor)],
        ...c.lines.map((l) => [
          l.date,
          LINE_LABEL[l.kind] +
            (l.invoiceId && l.invoiceId !== l.reference ? ` (invoice ${l.invoiceId})` : ''),
          l.reference,
          l.debitMinor ? m(l.debitMinor) : '',
          l.creditMinor ? m(l.creditMinor) : '',
          m(l.balanceMinor),
        ]),
        [
          statement.to,
          'Totals and closing balance',
          '',
          m(c.totalDebitsMinor),
          m(c.totalCreditsMinor),
          m(c.closingBalanceMinor),
        ],
      ],
      numeric: [3, 4, 5],
    });
    blocks.push({
      kind: 'table',
      head: statement.buckets.map((b) => (b === 'current' ? 'Current' : `${b} days`)),
      rows: [c.agingMinor.map(m)],
      numeric: statement.buckets.map((_, i) => i),
    });
    if (c.openItems.length > 0) {
      blocks.push({
        kind: 'table',
        head: ['Open item', 'Due date', 'Original', 'Still owed'],
        rows: c.openItems.map((i) => [
          i.itemId,
          formatLongDate(i.dueDate),
          m(i.originalMinor),
          m(i.openMinor),
        ]),
        numeric: [2, 3],
      });
    }
    if (c.unappliedCreditMinor > 0) {
      blocks.push({ kind: 'p', text: `Unapplied credit on the account: ${m(c.unappliedCreditMinor)}.` });
    }
  }
  if (ctx.payBy && !ctx.arrangement && closing.some((c) => c.amountMinor > 0)) {
    blocks.push({ kind: 'p', text: `Please pay the balance by ${formatLongDate(ctx.payBy)}.` });
  }
  blocks.push(...payBlocks(ctx));
  blocks.push({
    kind: 'p',
    text: `If you have a question about this statement, ${contactLine(ctx.office)}.`,
  });
  return render(subjectFor(ctx.office, `Statement from ${ctx.office.name} for ${period}`), [
    ...blocks,
    ...closingBlocks(ctx),
  ]);
}

/**
 * Renders the summary handed to an attorney or agency with an account: who the debtor is, what is
 * owed by currency, the open invoices with days past due, the last payment and the notices already
 * sent. Ids, dates and amounts only, as in every message.
 */
export function renderHandOverSummary(ctx: HandOverContext): RenderedMessage {
  const asOfDay = toDay(ctx.asOf);
  const blocks: Block[] = [
    { kind: 'p', text: `To ${ctx.recipientName},` },
    {
      kind: 'p',
      text: `${ctx.office.name} is handing over the account below for collection. Figures are as of ${formatLongDate(ctx.asOf)}.`,
    },
    {
      kind: 'table',
      head: ['Account', ''],
      rows: [
        ['Customer', ctx.customerName],
        ['Customer ID', ctx.customerId],
        ...(ctx.customerAddress ? [['Address', ctx.customerAddress]] : []),
        ...(ctx.customerEmail ? [['Email', ctx.customerEmail]] : []),
        ...(ctx.customerPhone ? [['Phone', ctx.customerPhone]] : []),
        ['Balance', amountsText(ctx.amounts)],
        ['Last payment', ctx.lastPaymentDate ? formatLongDate(ctx.lastPaymentDate) : 'none on record'],
      ],
      numeric: [],
    },
    {
      kind: 'table',
      head: ['Invoice', 'Invoice date', 'Due date', 'Days past due', 'Amount due'],
      rows: ctx.openInvoices.map((i) => [
        i.invoiceId,
        i.invoiceDate ? formatLongDate(i.invoiceDate) : '',
        formatLongDate(i.dueDate),
        String(Math.max(0, asOfDay - toDay(i.dueDate))),
        formatMoney(i.openMinor, i.currency),
      ]),
      numeric: [3, 4],
    },
  ];
  if (ctx.noticesSent && ctx.noticesSent.length > 0) {
    blocks.push({
      kind: 'table',
      head: ['Notice date', 'Notice'],
      rows: ctx.noticesSent.map((n) => [formatLongDate(n.date), n.description]),
      numeric: [],
    });
  }
  if (ctx.reason) blocks.push({ kind: 'p', text: `Reason for hand-over: ${ctx.reason}` });
  blocks.push({ kind: 'p', text: `For questions about this account, ${contactLine(ctx.office)}.` });
  return render(`Account hand-over from ${ctx.office.name}: ${ctx.customerName} (${ctx.customerId})`, [
    ...blocks,
    ...closingBlocks(ctx),
  ]);
}

/**
 * The open items of a customer's accounts as message lines: undisputed items with something owed,
 * oldest due first, copying only ids, dates and amounts (never a matter or description).
 */
export function messageInvoices(accounts: readonly Pick<AccountBook, 'items'>[]): MessageInvoice[] {
  const out: MessageInvoice[] = [];
  for (const a of accounts) {
    for (const i of a.items) {
      if (i.openMinor <= 0 || i.disputed) continue;
      out.push({
        invoiceId: i.itemId,
        invoiceDate: i.itemDate,
        dueDate: i.dueDate,
        currency: i.currency,
        openMinor: i.openMinor,
        ...itemKindOf(i),
      });
    }
  }
  return out.sort((x, y) => toDay(x.dueDate) - toDay(y.dueDate) || (x.invoiceId < y.invoiceId ? -1 : 1));
}

/** A book item's kind as a message names it: a fee or interest with the invoice it was charged on. */
export function itemKindOf(
  item: Pick<OpenItem, 'kind' | 'chargeType' | 'invoiceId'>,
): Pick<MessageInvoice, 'kind' | 'onInvoiceId'> {
  if (item.kind !== 'charge') return {};
  const kind: MessageItemKind =
    item.chargeType === 'interest' || item.chargeType === 'returned-payment-fee'
      ? item.chargeType
      : 'late-fee';
  return { kind, ...(item.invoiceId ? { onInvoiceId: item.invoiceId } : {}) };
}
