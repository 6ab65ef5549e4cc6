// How the demo ledger's story is written down: records by tab, ids numbered by date at the end.
import { addDays, type IsoDate, toDay } from '../core/ledger/dates.js';

export type Value = string | number | undefined;
/** A row by column key; dates are ISO text, money is minor units in the row's currency. */
export type Row = Record<string, Value>;

export interface CustomerRec {
  id: string;
  name: string;
  currency: string;
  email?: string;
  phone?: string;
  address?: string;
  timeZone?: string;
  flags?: string;
  contactPreset?: string;
  dunning?: string;
  attorneyName?: string;
  attorneyContact?: string;
  /** The contract authorises late fees and interest (Fees Agreed). */
  feesAgreed?: boolean;
}
export interface InvoiceRec {
  seq: number;
  id?: string;
  customer: CustomerRec;
  invoiceDate: IsoDate;
  dueDate: IsoDate;
  amountMinor: number;
  currency: string;
  status?: string;
  matter?: string;
  description?: string;
}
export interface PaymentRec {
  seq: number;
  customer: CustomerRec;
  date: IsoDate;
  amountMinor: number;
  currency: string;
  appliesTo: InvoiceRec[];
  status?: string;
  returnedDate?: IsoDate;
  method?: string;
  reference?: string;
}
export interface AdjustmentRec {
  seq: number;
  customer: CustomerRec;
  date: IsoDate;
  type: string;
  amountMinor: number;
  currency: string;
  invoice?: InvoiceRec;
  policy?: string;
  waivedOn?: IsoDate;
  note?: string;
}
export interface PromiseRec {
  seq: number;
  customer: CustomerRec;
  takenOn: IsoDate;
  promisedDate: IsoDate;
  amountMinor: number;
  currency: string;
  note?: string;
}
export interface PlanRec {
  seq: number;
  customer: CustomerRec;
  startDate: IsoDate;
  totalMinor: number;
  currency: string;
  installments: number;
  frequency: string;
  graceDays?: number;
  note?: string;
}
export interface ActivityRec {
  seq: number;
  customer: CustomerRec;
  date: IsoDate;
  type: string;
  direction?: string;
  stage?: string;
  outcome?: string;
  note?: string;
  by?: string;
}

/** Collects the story's records; ids other than customers' are numbered by date at the end. */
export class LedgerBuilder {
  readonly customers: CustomerRec[] = [];
  readonly invoices: InvoiceRec[] = [];
  readonly payments: PaymentRec[] = [];
  readonly adjustments: AdjustmentRec[] = [];
  readonly promises: PromiseRec[] = [];
  readonly plans: PlanRec[] = [];
  readonly activity: ActivityRec[] = [];
  private seq = 0;

  customer(fields: Omit<CustomerRec, 'id' | 'currency'> & { currency?: string }): CustomerRec {
    const c: CustomerRec = { currency: 'USD', ...fields, id: `C-${1001 + this.customers.length}` };
    this.customers.push(c);
    return c;
  }

  invoice(
    customer: CustomerRec,
    invoiceDate: IsoDate,
    amountMinor: number,
    opts: { terms?: number; currency?: string; status?: string; matter?: string; description?: string } = {},
  ): InvoiceRec {
    const inv: InvoiceRec = {
      seq: this.seq++,
      customer,
      invoiceDate,
      dueDate: addDays(invoiceDate, opts.terms ?? 30),
      amountMinor,
      currency: opts.currency ?? customer.currency,
      status: opts.status,
      matter: opts.matter,
      description: opts.description,
    };
    this.invoices.push(inv);
    return inv;
  }

  pay(
    customer: CustomerRec,
    date: IsoDate,
    amountMinor: number,
    opts: {
      appliesTo?: InvoiceRec[];
      currency?: string;
      returnedDate?: IsoDate;
      method?: string;
      reference?: string;
    } = {},
  ): PaymentRec {
    const p: PaymentRec = {
      seq: this.seq++,
      customer,
      date,
      amountMinor,
      currency: opts.currency ?? customer.currency,
      appliesTo: opts.appliesTo ?? [],
      status: opts.returnedDate ? 'returned' : undefined,
      returnedDate: opts.returnedDate,
      method: opts.method,
      reference: opts.reference,
    };
    this.payments.push(p);
    return p;
  }

  adjust(
    customer: CustomerRec,
    date: IsoDate,
    type: string,
    amountMinor: number,
    opts: { invoice?: InvoiceRec; policy?: string; waivedOn?: IsoDate; note?: string } = {},
  ): void {
    this.adjustments.push({
      seq: this.seq++,
      customer,
      date,
      type,
      amountMinor,
      currency: opts.invoice?.currency ?? customer.currency,
      ...opts,
    });
  }

  promise(
    customer: CustomerRec,
    takenOn: IsoDate,
    promisedDate: IsoDate,
    amountMinor: number,
    note?: string,
  ): void {
    this.promises.push({
      seq: this.seq++,
      customer,
      takenOn,
      promisedDate,
      amountMinor,
      currency: customer.currency,
      note,
    });
  }

  plan(
    customer: CustomerRec,
    startDate: IsoDate,
    totalMinor: number,
    installments: number,
    opts: { frequency?: string; graceDays?: number; note?: string } = {},
  ): void {
    this.plans.push({
      seq: this.seq++,
      customer,
      startDate,
      totalMinor,
      currency: customer.currency,
      installments,
      frequency: opts.frequency ?? 'monthly',
      graceDays: opts.graceDays,
      note: opts.note,
    });
  }

  contact(
    customer: CustomerRec,
    date: IsoDate,
    type: string,
    opts: { direction?: string; stage?: string; outcome?: string; note?: string; by?: string } = {},
  ): void {
    this.activity.push({
      seq: this.seq++,
      customer,
      date,
      type,
      direction: opts.direction ?? 'outbound',
      by: opts.by ?? 'duebook',
      ...opts,
    });
  }
}

/** Orders records by date (then by when the story added them) and numbers them. */
export function numbered<T extends { seq: number }>(
  records: T[],
  dateOf: (r: T) => IsoDate,
  prefix: string,
  width: number,
) {
  const sorted = [...records].sort((a, b) => toDay(dateOf(a)) - toDay(dateOf(b)) || a.seq - b.seq);
  return sorted.map((r, i) => ({ record: r, id: `${prefix}${String(i + 1).padStart(width, '0')}` }));
}
