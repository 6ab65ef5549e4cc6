// Message templates: reminders per dunning stage, the statement email and the hand-over summary, as text and escaped HTML.
import type { AccountBook } from './book.js';
import { type IsoDate, toDay } from './dates.js';
import { formatMoney } from './money.js';
import type { Statement, StatementLineKind } from './statements.js';

/** A rendered message. `subject` is a single line (line breaks removed, so no header injection). */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

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
}

/** Disclosures a message may have to carry, by id. */
export type DisclosureId = 'time-barred' | 'nyc-language-access';

/** The disclosure texts, with where each is required. */
export const DISCLOSURES: Readonly<Record<DisclosureId, { text: string; citation: string }>> = {
  'time-barred': {
    text: 'The law limits how long you can be sued on a debt. Because of the age of this debt, we will not sue you for it, and we will not report it to a credit reporting agency. If you make a payment, we still will not sue you for the rest.',
    citation: '12 CFR 1006.26(b); 940 CMR 7.07 (Massachusetts); 6 RCNY 5-77 (New York City)',
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

/** An amount in one currency. */
export interface MoneyAmount {
  currency: string;
  amountMinor: number;
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
}

/** What every message is rendered from. */
export interface MessageContext {
  office: OfficeContact;
  customerName: string;
  /** Amount due, one entry per currency (never added across currencies). */
  amounts: readonly MoneyAmount[];
  openInvoices: readonly MessageInvoice[];
  /** The date the office asks to be paid by. */
  payBy?: IsoDate;
  /** An http(s) link where the customer can pay. */
  paymentLink?: string;
  /** An http(s) link to the customer's self-service page (signed, expiring). */
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
  | { kind: Exclude<ReminderKind, 'final-demand'> }
  | {
      kind: 'final-demand';
      /** After this date the account is handed over. */
      handOverAfter: IsoDate;
      /** Who it is handed over to; "a collection agency or attorney" when not given. */
      handOverTo?: string;
    };

/** A reminder needs a pay-by date. */
export type ReminderContext = MessageContext & { payBy: IsoDate };

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

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** An ISO date as people read it without ambiguity: `2026-03-05` -> `5 March 2026`. */
export function formatLongDate(date: IsoDate): string {
  toDay(date);
  const [y, m, d] = date.split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
}

function checkUrl(url: string, what: string, schemes: readonly string[]): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase();
  if (!scheme || !schemes.includes(scheme))
    throw new RangeError(`${what} must be a ${schemes.join(' or ')} link`);
  return url.trim();
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

function amountsText(amounts: readonly MoneyAmount[]): string {
  const parts = amounts.map((a) => formatMoney(a.amountMinor, a.currency));
  if (parts.length === 0) return 'nothing';
  if (parts.length === 1) return parts[0]!;
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** A message built of blocks, each rendered both as text and as escaped HTML. */
export type MessageBlock = Block;
type Block =
  | { kind: 'p'; text: string }
  | { kind: 'table'; head: string[]; rows: string[][]; numeric: number[] }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'small'; text: string; url?: string; urlLabel?: string };

function renderText(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'p') out.push(b.text);
    else if (b.kind === 'link') out.push(`${b.label}: ${b.url}`);
    else if (b.kind === 'small') out.push(b.url ? `${b.text} ${b.url}` : b.text);
    else {
      const widths = b.head.map((h, c) => Math.max(h.length, ...b.rows.map((r) => (r[c] ?? '').length)));
      const fmt = (cells: string[]) =>
        cells
          .map((cell, c) => (b.numeric.includes(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
          .join('  ')
          .trimEnd();
      out.push([fmt(b.head), ...b.rows.map(fmt)].join('\n'));
    }
  }
  return `${out.join('\n\n')}\n`;
}

function renderHtml(title: string, blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'p') out.push(`<p>${escapeHtml(b.text).replace(/\n/g, '<br>')}</p>`);
    else if (b.kind === 'link') out.push(`<p><a href="${escapeHtml(b.url)}">${escapeHtml(b.label)}</a></p>`);
    else if (b.kind === 'small') {
      const link = b.url ? ` <a href="${escapeHtml(b.url)}">${escapeHtml(b.urlLabel ?? b.url)}</a>` : '';
      out.push(`<p style="font-size:small;color:#555">${escapeHtml(b.text)}${link}</p>`);
    } else {
      const cell = (tag: string, v: string, c: number) =>
        `<${tag}${b.numeric.includes(c) ? ' style="text-align:right"' : ' style="text-align:left"'}>${escapeHtml(v)}</${tag}>`;
      const head = `<tr>${b.head.map((h, c) => cell('th', h, c)).join('')}</tr>`;
      const rows = b.rows.map((r) => `<tr>${r.map((v, c) => cell('td', v, c)).join('')}</tr>`).join('');
      out.push(
        `<table cellpadding="4" style="border-collapse:collapse"><thead>${head}</thead><tbody>${rows}</tbody></table>`,
      );
    }
  }
  return (
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font-family:sans-serif">${out.join('')}</body></html>`
  );
}

function render(subject: string, blocks: readonly Block[]): RenderedMessage {
  const s = oneLine(subject);
  return { subject: s, text: renderText(blocks), html: renderHtml(s, blocks) };
}

/**
 * The invoices a message is about, per currency: each open invoice, the credit set against them
 * (if any) and, when there is more than one row, the total, which is the amount the message states.
 */
function invoiceTable(invoices: readonly MessageInvoice[], credits: readonly MoneyAmount[] = []): Block {
  const currencies = [...new Set([...invoices.map((i) => i.currency), ...credits.map((c) => c.currency)])];
  const rows: string[][] = [];
  for (const currency of currencies) {
    const mine = invoices.filter((i) => i.currency === currency);
    let total = 0;
    for (const i of mine) {
      rows.push([i.invoiceId, formatLongDate(i.dueDate), formatMoney(i.openMinor, currency)]);
      total += i.openMinor;
    }
    const credit = credits.filter((c) => c.currency === currency).reduce((n, c) => n + c.amountMinor, 0);
    if (credit > 0) {
      rows.push(['Credit on your account', '', formatMoney(-credit, currency)]);
      total -= credit;
    }
    if (mine.length > 1 || credit > 0) rows.push([`Total ${currency}`, '', formatMoney(total, currency)]);
  }
  return { kind: 'table', head: ['Invoice', 'Due date', 'Amount due'], rows, numeric: [2] };
}

function contactLine(office: OfficeContact): string {
  const ways = [
    office.phone ? `call ${office.phone}` : '',
    office.email ? `write to ${office.email}` : '',
  ].filter(Boolean);
  return ways.length > 0 ? `please ${ways.join(' or ')}` : `please contact ${office.name}`;
}

function signature(office: OfficeContact): string {
  return [office.name, office.address, office.phone, office.email].filter(Boolean).join('\n');
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

function closingBlocks(ctx: Pick<MessageContext, 'office' | 'unsubscribeUrl' | 'disclosures'>): Block[] {
  const blocks: Block[] = (ctx.disclosures ?? []).map((d) => ({
    kind: 'p' as const,
    text: DISCLOSURES[d].text,
  }));
  blocks.push({ kind: 'p', text: `Sincerely,\n${signature(ctx.office)}` });
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

function payBlocks(ctx: Pick<MessageContext, 'paymentLink' | 'portalLink'>): Block[] {
  const blocks: Block[] = [];
  if (ctx.paymentLink)
    blocks.push({
      kind: 'link',
      label: 'Pay online',
      url: checkUrl(ctx.paymentLink, 'paymentLink', ['https', 'http']),
    });
  if (ctx.portalLink)
    blocks.push({
      kind: 'link',
      label: 'See your account, promise a date, ask for a plan or question an invoice',
      url: checkUrl(ctx.portalLink, 'portalLink', ['https', 'http']),
    });
  return blocks;
}

/**
 * Renders the reminder for a dunning stage: `courtesy` (before the due date), `reminder` (past
 * due) or `final-demand` (which states the date after which the account is handed over). Only
 * invoice ids, dates and amounts appear: never descriptions, matters or clinical detail.
 *
 * @example renderReminder({ kind: 'reminder' }, ctx).subject // "Payment reminder from Acme Dental: USD 120.00 past due"
 */
export function renderReminder(stage: ReminderStage, ctx: ReminderContext): RenderedMessage {
  checkIdentity(ctx);
  const total = amountsText(ctx.amounts);
  const payBy = formatLongDate(ctx.payBy);
  const greeting: Block = { kind: 'p', text: `Dear ${ctx.customerName},` };
  const table = invoiceTable(ctx.openInvoices, ctx.credits);
  const contact = contactLine(ctx.office);
  const disregard: Block = {
    kind: 'p',
    text: `If you have already paid, thank you, and please disregard this message. If you have a question about these invoices, ${contact}.`,
  };
  let subject: string;
  let body: Block[];
  if (stage.kind === 'courtesy') {
    subject = subjectFor(ctx.office, `Courtesy reminder from ${ctx.office.name}: ${total} due ${payBy}`);
    body = [
      greeting,
      {
        kind: 'p',
        text: `This is a courtesy reminder that ${total} will be due on ${payBy} for the following:`,
      },
      table,
      ...payBlocks(ctx),
      disregard,
    ];
  } else if (stage.kind === 'reminder') {
    subject = subjectFor(ctx.office, `Payment reminder from ${ctx.office.name}: ${total} past due`);
    body = [
      greeting,
      { kind: 'p', text: `Our records show that ${total} is past due on the following:` },
      table,
      { kind: 'p', text: `Please pay by ${payBy}.` },
      ...payBlocks(ctx),
      disregard,
    ];
  } else if (stage.kind === 'final-demand') {
    const after = formatLongDate(stage.handOverAfter);
    const to = stage.handOverTo ?? 'a collection agency or attorney';
    subject = subjectFor(ctx.office, `Final notice from ${ctx.office.name}: ${total} past due`);
    body = [
      greeting,
      { kind: 'p', text: `This is our final notice about ${total} that is past due on the following:` },
      table,
      {
        kind: 'p',
        text: `Unless the balance is paid or you contact us to arrange payment by ${payBy}, the account will be handed over to ${to} after ${after}.`,
      },
      ...payBlocks(ctx),
      {
        kind: 'p',
        text: `If you have already paid, thank you, and please disregard this notice. If you believe this balance is not correct, ${contact} before ${after}.`,
      },
    ];
  } else {
    throw new RangeError(`no reminder template for stage ${(stage as { kind: string }).kind}`);
  }
  return render(subject, [...body, ...closingBlocks(ctx)]);
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
  const { subject, blocks } = validationNoticeContent(ctx);
  return render(subject, blocks);
}

/**
 * The notice's subject and blocks, shared by the message and the printed letter
 * (`core/documents/validation-notice.ts`). Throws `OfficeIdentityError` like the renderers.
 */
export function validationNoticeContent(ctx: ValidationNoticeContext): { subject: string; blocks: Block[] } {
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
      invoiceTable(ctx.openInvoices),
      {
        kind: 'p',
        text: `How can you dispute the debt? Tell us by ${by} that you dispute all or part of it, and we will stop collection of the disputed part until we send you proof of the debt. You may also ask us by ${by} for the name and address of the original creditor, if it is different. If you do not dispute it by ${by}, we will assume the amount is correct; that does not mean you admit owing it.`,
      },
      {
        kind: 'p',
        text: `To dispute, write to ${[ctx.office.name, ctx.office.address].filter(Boolean).join(', ')}${ctx.office.email ? ` or email ${ctx.office.email}` : ''}.`,
      },
      ...payBlocks(ctx),
      ...closingBlocks(ctx),
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
     * A pending promise or a plan in good standing (core/statement-policy.ts): its sentence is
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
export function messageInvoices(accounts: readonly AccountBook[]): MessageInvoice[] {
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
      });
    }
  }
  return out.sort((x, y) => toDay(x.dueDate) - toDay(y.dueDate) || (x.invoiceId < y.invoiceId ? -1 : 1));
}
