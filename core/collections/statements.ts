// Customer statements: opening balance, dated activity with a running balance, closing balance, aging.
import { type AgingBucket, ageBook, DEFAULT_BUCKETS } from '../ledger/aging.js';
import { type AccountBook, buildBook } from '../ledger/book.js';
import { addDays, type IsoDate, toDay } from '../ledger/dates.js';
import { type AdjustmentType, CHARGE_TYPES, type Ledger } from '../ledger/ledger.js';

/** What a statement line records. `waiver` takes a waived charge back off the balance. */
export type StatementLineKind =
  | 'invoice'
  | 'payment'
  | 'returned-payment'
  | 'late-fee'
  | 'interest'
  | 'returned-payment-fee'
  | 'credit-note'
  | 'write-off'
  | 'waiver';

/** One line of activity. Exactly one of `debitMinor` (raises the balance) and `creditMinor` is non-zero. */
export interface StatementLine {
  date: IsoDate;
  kind: StatementLineKind;
  /** Invoice, payment or adjustment id. */
  reference: string;
  /** The invoice the line concerns, when there is one (a fee's invoice, a credit note's invoice). */
  invoiceId?: string;
  description: string;
  debitMinor: number;
  creditMinor: number;
  /** Balance after this line. */
  balanceMinor: number;
}

/** An item still open (or a credit) at the statement's end date. */
export interface StatementOpenItem {
  itemId: string;
  kind: 'invoice' | 'charge';
  chargeType?: AdjustmentType;
  invoiceId?: string;
  itemDate: IsoDate;
  dueDate: IsoDate;
  originalMinor: number;
  openMinor: number;
  /** Days past due at the end date; 0 or less when not yet due. */
  daysPastDue: number;
  disputed: boolean;
}

/** The statement of one currency. `openingBalanceMinor + Σ(debit − credit) = closingBalanceMinor`. */
export interface CurrencyStatement {
  currency: string;
  /** Balance at the end of the day before `from` (net of unapplied credit). */
  openingBalanceMinor: number;
  lines: StatementLine[];
  totalDebitsMinor: number;
  totalCreditsMinor: number;
  /** Balance at the end of `to`, as `buildBook(ledger, to)` has it. */
  closingBalanceMinor: number;
  /** Open items aged at `to`, one amount per bucket. */
  agingMinor: number[];
  /** Overpayments and credits not yet used, at `to`. */
  unappliedCreditMinor: number;
  openItems: StatementOpenItem[];
}

/** A customer's statement for a period; see {@link buildStatement}. */
export interface Statement {
  customerId: string;
  customerName?: string;
  from: IsoDate;
  to: IsoDate;
  /** Aging bucket labels, in the order of `agingMinor`. */
  buckets: string[];
  /** One per currency the customer had a balance or activity in, by currency code. */
  currencies: CurrencyStatement[];
}

/** Thrown when a statement's lines do not carry the opening balance to the closing one: a bug. */
export class StatementReconciliationError extends Error {
  readonly code = 'STATEMENT.UNRECONCILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StatementReconciliationError';
  }
}

// Within a day, a return reads right after the payment and before the fee it causes.
const KIND_ORDER: Readonly<Record<StatementLineKind, number>> = {
  invoice: 0,
  payment: 1,
  'returned-payment': 2,
  'late-fee': 3,
  interest: 3,
  'returned-payment-fee': 3,
  'credit-note': 4,
  'write-off': 4,
  waiver: 5,
};

const CHARGE_LABEL: Readonly<Record<AdjustmentType, string>> = {
  'late-fee': 'Late fee',
  interest: 'Interest',
  'returned-payment-fee': 'Returned-payment fee',
  'credit-note': 'Credit note',
  'write-off': 'Write-off',
};

type RawLine = Omit<StatementLine, 'balanceMinor'> & { currency: string };

/**
 * Builds a customer's statement for `from`..`to` (both inclusive), one section per currency.
 * The opening balance is the book as of the day before `from`, the closing balance the book as of
 * `to`; the lines in between are every invoice (void ones excluded), payment, returned payment,
 * charge, credit note, write-off and waiver dated in the period, in date order (on one day:
 * invoices, payments, returns, charges, credits, waivers). A charge waived on or before its own date
 * never counted and shows as a charge and its waiver on that date. Assumes a validated ledger
 * (unique ids, no payment returned before it was made). Throws {@link StatementReconciliationError}
 * if the lines do not reconcile to the cent, which would be a bug.
 *
 * @example buildStatement(ledger, 'C-1', '2026-03-01', '2026-03-31').currencies[0].closingBalanceMinor
 */
export function buildStatement(
  ledger: Ledger,
  customerId: string,
  from: IsoDate,
  to: IsoDate,
  buckets: readonly AgingBucket[] = DEFAULT_BUCKETS,
): Statement {
  const fromDay = toDay(from);
  const toDayN = toDay(to);
  if (fromDay > toDayN) throw new RangeError(`statement period ends (${to}) before it starts (${from})`);
  const inPeriod = (date: IsoDate) => {
    const d = toDay(date);
    return d >= fromDay && d <= toDayN;
  };

  const raw: RawLine[] = [];
  for (const inv of ledger.invoices) {
    if (inv.customerId !== customerId || inv.status === 'void' || !inPeriod(inv.invoiceDate)) continue;
    raw.push({
      currency: inv.currency,
      date: inv.invoiceDate,
      kind: 'invoice',
      reference: inv.invoiceId,
      invoiceId: inv.invoiceId,
      description: `Invoice ${inv.invoiceId}, due ${inv.dueDate}${inv.status === 'disputed' ? ' (disputed)' : ''}`,
      debitMinor: inv.amountMinor,
      creditMinor: 0,
    });
  }
  for (const p of ledger.payments) {
    if (p.customerId !== customerId) continue;
    if (inPeriod(p.date)) {
      raw.push({
        currency: p.currency,
        date: p.date,
        kind: 'payment',
        reference: p.paymentId,
        description: `Payment ${p.paymentId}${p.method ? ` by ${p.method}` : ''}${p.reference ? `, ref ${p.reference}` : ''}`,
        debitMinor: 0,
        creditMinor: p.amountMinor,
      });
    }
    if (p.status === 'returned') {
      const returnedOn = p.returnedDate ?? p.date;
      if (inPeriod(returnedOn)) {
        raw.push({
          currency: p.currency,
          date: returnedOn,
          kind: 'returned-payment',
          reference: p.paymentId,
          description: `Payment ${p.paymentId} of ${p.date} returned unpaid`,
          debitMinor: p.amountMinor,
          creditMinor: 0,
        });
      }
    }
  }
  for (const a of ledger.adjustments) {
    if (a.customerId !== customerId) continue;
    const on = a.invoiceId ? ` on invoice ${a.invoiceId}` : '';
    if (!CHARGE_TYPES.has(a.type)) {
      // The book applies credits whatever their `waivedOn`: only charges can be waived.
      if (inPeriod(a.date)) {
        raw.push({
          currency: a.currency,
          date: a.date,
          kind: a.type,
          reference: a.adjustmentId,
          invoiceId: a.invoiceId,
          description: `${CHARGE_LABEL[a.type]} ${a.adjustmentId}${on}`,
          debitMinor: 0,
          creditMinor: a.amountMinor,
        });
      }
      continue;
    }
    if (inPeriod(a.date)) {
      raw.push({
        currency: a.currency,
        date: a.date,
        kind: a.type,
        reference: a.adjustmentId,
        invoiceId: a.invoiceId,
        description: `${CHARGE_LABEL[a.type]} ${a.adjustmentId}${on}${a.policy ? ` (${a.policy})` : ''}`,
        debitMinor: a.amountMinor,
        creditMinor: 0,
      });
    }
    if (a.waivedOn !== undefined) {
      // A waiver takes effect on its date, but never before the charge itself existed.
      const effective = toDay(a.waivedOn) < toDay(a.date) ? a.date : a.waivedOn;
      if (inPeriod(effective)) {
        raw.push({
          currency: a.currency,
          date: effective,
          kind: 'waiver',
          reference: a.adjustmentId,
          invoiceId: a.invoiceId,
          description: `${CHARGE_LABEL[a.type]} ${a.adjustmentId}${on} waived`,
          debitMinor: 0,
          creditMinor: a.amountMinor,
        });
      }
    }
  }
  raw.sort(
    (x, y) =>
      toDay(x.date) - toDay(y.date) ||
      KIND_ORDER[x.kind] - KIND_ORDER[y.kind] ||
      (x.reference < y.reference ? -1 : x.reference > y.reference ? 1 : 0),
  );

  const opening = buildBook(ledger, addDays(from, -1));
  const closing = buildBook(ledger, to);
  const aging = ageBook(closing, to, buckets);
  const accountOf = (book: typeof opening, currency: string): AccountBook | undefined =>
    book.byCustomer.get(customerId)?.find((a) => a.currency === currency);

  const currencies = new Set<string>();
  for (const a of opening.byCustomer.get(customerId) ?? []) currencies.add(a.currency);
  for (const a of closing.byCustomer.get(customerId) ?? []) currencies.add(a.currency);
  for (const l of raw) currencies.add(l.currency);

  const sections: CurrencyStatement[] = [];
  for (const currency of [...currencies].sort()) {
    const openingBalanceMinor = accountOf(opening, currency)?.balanceMinor ?? 0;
    const closingAccount = accountOf(closing, currency);
    const closingBalanceMinor = closingAccount?.balanceMinor ?? 0;
    let balance = openingBalanceMinor;
    let totalDebitsMinor = 0;
    let totalCreditsMinor = 0;
    const lines: StatementLine[] = [];
    for (const { currency: c, ...line } of raw) {
      if (c !== currency) continue;
      balance += line.debitMinor - line.creditMinor;
      totalDebitsMinor += line.debitMinor;
      totalCreditsMinor += line.creditMinor;
      lines.push({ ...line, balanceMinor: balance });
    }
    if (balance !== closingBalanceMinor) {
      throw new StatementReconciliationError(
        `statement of ${customerId} in ${currency} for ${from}..${to} does not reconcile: ` +
          `opening ${openingBalanceMinor} + lines ${balance - openingBalanceMinor} != closing ${closingBalanceMinor}`,
      );
    }
    const agingRow = aging.customers.find((r) => r.customerId === customerId && r.currency === currency);
    const openItems: StatementOpenItem[] = (closingAccount?.items ?? [])
      .filter((i) => i.openMinor !== 0)
      .map((i) => ({
        itemId: i.itemId,
        kind: i.kind,
        chargeType: i.chargeType,
        invoiceId: i.kind === 'invoice' ? i.itemId : i.invoiceId,
        itemDate: i.itemDate,
        dueDate: i.dueDate,
        originalMinor: i.originalMinor,
        openMinor: i.openMinor,
        daysPastDue: toDayN - toDay(i.dueDate),
        disputed: i.disputed,
      }));
    sections.push({
      currency,
      openingBalanceMinor,
      lines,
      totalDebitsMinor,
      totalCreditsMinor,
      closingBalanceMinor,
      agingMinor: agingRow?.bucketsMinor ?? new Array<number>(buckets.length).fill(0),
      unappliedCreditMinor: closingAccount?.unappliedCreditMinor ?? 0,
      openItems,
    });
  }
  const customerName = ledger.customers.find((c) => c.customerId === customerId)?.name;
  return { customerId, customerName, from, to, buckets: buckets.map((b) => b.label), currencies: sections };
}
