// Frozen copy of core/collections/templates.ts renderReminder as it was before issue 16 (one fixed wording per
// stage kind, no template engine): the baseline of the templates.custom_vs_fixed benchmark. Not
// used anywhere else.

import {
  amountsText,
  type Block,
  checkUrl,
  formatLongDate,
  type MoneyAmount,
  type RenderedMessage,
  render,
} from '../../core/collections/message-blocks.js';
import type {
  MessageInvoice,
  OfficeContact,
  ReminderContext,
  ReminderStage,
} from '../../core/collections/templates.js';
import type { IsoDate } from '../../core/ledger/dates.js';
import { formatMoney } from '../../core/ledger/money.js';

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

function closingBlocks(ctx: Pick<ReminderContext, 'office' | 'unsubscribeUrl'>): Block[] {
  const blocks: Block[] = [{ kind: 'p', text: `Sincerely,\n${signature(ctx.office)}` }];
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

/** The fixed reminder of before issue 16. */
export function renderFixedReminder(
  stage: ReminderStage,
  ctx: ReminderContext & { payBy: IsoDate },
): RenderedMessage {
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
  if (stage.kind === 'final-demand') {
    const after = formatLongDate(stage.handOverAfter);
    subject = `Final notice from ${ctx.office.name}: ${total} past due`;
    body = [
      greeting,
      { kind: 'p', text: `This is our final notice about ${total} that is past due on the following:` },
      table,
      {
        kind: 'p',
        text: `Unless the balance is paid or you contact us to arrange payment by ${payBy}, the account will be handed over to ${stage.handOverTo ?? 'a collection agency or attorney'} after ${after}.`,
      },
    ];
  } else {
    subject = `Payment reminder from ${ctx.office.name}: ${total} past due`;
    body = [
      greeting,
      { kind: 'p', text: `Our records show that ${total} is past due on the following:` },
      table,
      { kind: 'p', text: `Please pay by ${payBy}.` },
      disregard,
    ];
  }
  return render(subject, [...body, ...closingBlocks(ctx)]);
}
