// A client's statement of open invoices grouped by matter, with matter subtotals, as a document and as text.

import type { Block, DocumentModel } from '../documents/document.js';
import { renderText } from '../documents/render.js';
import { type AgingBucket, DEFAULT_BUCKETS } from '../ledger/aging.js';
import type { IsoDate } from '../ledger/dates.js';
import type { Ledger } from '../ledger/ledger.js';
import { formatMoney } from '../ledger/money.js';
import { buildStatement, type StatementOpenItem, StatementReconciliationError } from './statements.js';

/** Where invoices without a matter are listed. */
export const GENERAL_MATTER = 'General';

/** One matter's open items in one currency. */
export interface MatterSection {
  /** The invoice's matter, or {@link GENERAL_MATTER}. */
  matter: string;
  /** Open invoices and the open charges raised on them, oldest due date first. */
  items: StatementOpenItem[];
  subtotalMinor: number;
}

/** A client's open items in one currency. `Σ subtotals − unapplied credit = balance`. */
export interface ClientCurrencySection {
  currency: string;
  matters: MatterSection[];
  /** Sum of the matter subtotals. */
  openMinor: number;
  unappliedCreditMinor: number;
  /** What the client owes, net of credit: the book's balance as of the statement date. */
  balanceMinor: number;
  /** Open items aged at the statement date, one amount per bucket. */
  agingMinor: number[];
}

export interface ClientStatement {
  clientId: string;
  clientName?: string;
  asOf: IsoDate;
  buckets: string[];
  currencies: ClientCurrencySection[];
}

/**
 * Builds a client's statement of open items as of a date, per currency and grouped by matter
 * (items without one under "General"; a late fee or interest charge goes under its invoice's
 * matter). The open items, days past due, aging and balance are those of `buildStatement` for the
 * single day `asOf`, so both statements always agree. Throws {@link StatementReconciliationError}
 * if the matter subtotals less unapplied credit do not equal the balance, which would be a bug.
 *
 * @example buildClientStatement(ledger, '00711', '1999-04-30').currencies[0].matters[0].subtotalMinor
 */
export function buildClientStatement(
  ledger: Ledger,
  clientId: string,
  asOf: IsoDate,
  buckets: readonly AgingBucket[] = DEFAULT_BUCKETS,
): ClientStatement {
  const statement = buildStatement(ledger, clientId, asOf, asOf, buckets);
  const matterOf = new Map(ledger.invoices.map((i) => [i.invoiceId, i.matter]));
  const currencies: ClientCurrencySection[] = [];
  for (const section of statement.currencies) {
    const byMatter = new Map<string, StatementOpenItem[]>();
    for (const item of section.openItems) {
      const matter = (item.invoiceId && matterOf.get(item.invoiceId)) || GENERAL_MATTER;
      const list = byMatter.get(matter);
      if (list) list.push(item);
      else byMatter.set(matter, [item]);
    }
    const matters = [...byMatter]
      .map(([matter, items]) => ({
        matter,
        items,
        subtotalMinor: items.reduce((sum, i) => sum + i.openMinor, 0),
      }))
      .sort((a, b) => matterOrder(a.matter, b.matter));
    const openMinor = matters.reduce((sum, m) => sum + m.subtotalMinor, 0);
    if (openMinor - section.unappliedCreditMinor !== section.closingBalanceMinor) {
      throw new StatementReconciliationError(
        `client statement of ${clientId} in ${section.currency} as of ${asOf} does not reconcile: ` +
          `matters ${openMinor} - credit ${section.unappliedCreditMinor} != balance ${section.closingBalanceMinor}`,
      );
    }
    // A currency with nothing open and no credit has nothing to say on a statement of open items.
    if (matters.length === 0 && section.unappliedCreditMinor === 0) continue;
    currencies.push({
      currency: section.currency,
      matters,
      openMinor,
      unappliedCreditMinor: section.unappliedCreditMinor,
      balanceMinor: section.closingBalanceMinor,
      agingMinor: section.agingMinor,
    });
  }
  return {
    clientId,
    clientName: statement.customerName,
    asOf,
    buckets: statement.buckets,
    currencies,
  };
}

/** Matters in code order, "General" last. */
function matterOrder(a: string, b: string): number {
  if (a === GENERAL_MATTER || b === GENERAL_MATTER) return a === b ? 0 : a === GENERAL_MATTER ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const ITEM_COLUMNS = [
  { header: 'Invoice' },
  { header: 'Date' },
  { header: 'Due' },
  { header: 'Days past due', align: 'right' as const },
  { header: 'Amount', align: 'right' as const },
  { header: 'Open', align: 'right' as const },
];

function itemRow(item: StatementOpenItem, currency: string): string[] {
  const money = (minor: number) => formatMoney(minor, currency, { code: false });
  const label =
    item.kind === 'invoice'
      ? item.itemId
      : `${item.itemId} (${item.chargeType ?? 'charge'}${item.invoiceId ? ` on ${item.invoiceId}` : ''})`;
  return [
    `${label}${item.disputed ? ' (disputed)' : ''}`,
    item.itemDate,
    item.dueDate,
    item.daysPastDue > 0 ? String(item.daysPastDue) : 'not due',
    money(item.originalMinor),
    money(item.openMinor),
  ];
}

function clientLabel(s: ClientStatement): string {
  return s.clientName && s.clientName !== s.clientId ? `${s.clientName} (${s.clientId})` : s.clientId;
}

/** The creditor's identity printed at the top of a statement: legal name and postal address. */
export interface StatementOffice {
  name: string;
  /** One line, or several separated by newlines. */
  address?: string;
}

/**
 * The statement as a document: the office's letterhead (legal name and address) when given, then
 * per currency, one table of open items per matter with its subtotal, then the client's totals and
 * aging. The renderers add no wording of their own.
 */
export function clientStatementDocument(s: ClientStatement, office?: StatementOffice): DocumentModel {
  const title = `Statement of open matters for ${clientLabel(s)} as of ${s.asOf}`;
  const letterhead: Block[] = [];
  if (office && office.name.trim() !== '') {
    letterhead.push({ kind: 'heading', level: 2, text: office.name.trim() });
    const lines = (office.address ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    if (lines.length > 0) letterhead.push({ kind: 'lines', lines });
  }
  const blocks: Block[] = [
    ...letterhead,
    { kind: 'heading', level: 1, text: title },
    {
      kind: 'fields',
      rows: [
        ['Client', clientLabel(s)],
        ['Statement date', s.asOf],
      ],
    },
  ];
  if (s.currencies.length === 0) blocks.push({ kind: 'paragraph', text: 'Nothing is open.' });
  for (const c of s.currencies) {
    const money = (minor: number) => formatMoney(minor, c.currency);
    blocks.push({ kind: 'heading', level: 2, text: `Open items in ${c.currency}` });
    for (const m of c.matters) {
      blocks.push({ kind: 'heading', level: 3, text: matterTitle(m.matter) });
      blocks.push({ kind: 'table', columns: ITEM_COLUMNS, rows: m.items.map((i) => itemRow(i, c.currency)) });
      blocks.push({ kind: 'fields', rows: [[`Subtotal ${matterTitle(m.matter)}`, money(m.subtotalMinor)]] });
    }
    const totals: [string, string][] = [['Total open', money(c.openMinor)]];
    if (c.unappliedCreditMinor !== 0) {
      totals.push(['Unapplied credit', money(-c.unappliedCreditMinor)]);
      totals.push(['Balance due', money(c.balanceMinor)]);
    }
    blocks.push({ kind: 'fields', rows: totals });
    blocks.push({ kind: 'heading', level: 3, text: `Aging in ${c.currency}, by days past due` });
    blocks.push({
      kind: 'table',
      columns: s.buckets.map((header) => ({ header, align: 'right' as const })),
      rows: [c.agingMinor.map((m) => formatMoney(m, c.currency, { code: false }))],
    });
  }
  return { title, blocks };
}

function matterTitle(matter: string): string {
  return matter === GENERAL_MATTER ? GENERAL_MATTER : `Matter ${matter}`;
}

/** The statement as plain text (the shared text renderer of the document), e.g. for an email body. */
export function clientStatementText(s: ClientStatement): string {
  return renderText(clientStatementDocument(s));
}
