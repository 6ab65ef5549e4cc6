// The shapes a LEDES reader gives: invoices, their lines, and problems with line and field.

import type { IsoDate } from '../ledger/dates.js';
import type { LedesDecimal, LedesFieldName, LedesLineType } from './fields.js';

/** One line item. Amounts of money are in minor units; units and unit cost keep up to 4 decimals. */
export interface LedesLine {
  /** The line of the file it was read from (the first data line is line 3). */
  fileLine: number;
  lineItemNumber: string;
  type: LedesLineType;
  date: IsoDate;
  /** Hours or quantity as the shortest decimal text (`2.00` reads as `2`); absent when empty. */
  units?: string;
  /** Rate or price per unit in the currency, as the shortest decimal text; absent when empty. */
  unitCost?: string;
  /** Discount (negative) or surcharge on the line; for IF/IE lines, the adjustment itself. */
  adjustmentMinor: number;
  totalMinor: number;
  taskCode?: string;
  expenseCode?: string;
  activityCode?: string;
  timekeeperId?: string;
  timekeeperName?: string;
  timekeeperClassification?: string;
  description?: string;
  /** 98BI: the line's tax (LINE_ITEM_TAX_TOTAL), included in `totalMinor`. */
  taxMinor?: number;
  /** 98BI: LINE_ITEM_TAX_RATE as the shortest decimal text (`0.2` is 20%). */
  taxRate?: string;
  /** 98BI: LINE_ITEM_TAX_TYPE, e.g. `VAT`, `GST`. */
  taxType?: string;
}

/** The LEDES format an invoice was read from. */
export type LedesFormat = '1998B' | '98BI' | 'XML';

/** One invoice: the fields every line repeats, taken from its first line, and its lines in file order. */
export interface LedesInvoice {
  invoiceNumber: string;
  clientId: string;
  /** The firm's matter code (required by the spec); the ledger's `matter`. */
  lawFirmMatterId: string;
  /** The client's own matter code, when the firm sends it. */
  clientMatterId?: string;
  lawFirmId: string;
  invoiceDate: IsoDate;
  billingStartDate: IsoDate;
  billingEndDate: IsoDate;
  description?: string;
  /** LEDES 1998B has no currency field: it is what the caller said the file is in; 98BI and XML say. */
  currency: string;
  /** What the client owes, tax included. */
  totalMinor: number;
  lines: LedesLine[];
  format: LedesFormat;
  /** 98BI / XML: the sum of the lines' tax. */
  taxMinor?: number;
  /** 98BI / XML: the total without tax (INVOICE_NET_TOTAL). */
  netMinor?: number;
  clientName?: string;
  clientTaxId?: string;
  matterName?: string;
  poNumber?: string;
  lawFirmName?: string;
  /** One line, parts joined with `, `. */
  lawFirmAddress?: string;
  clientAddress?: string;
}

/**
 * A problem in the file. Errors keep the invoice (or, on lines 1 and 2, the whole file) out of the
 * import; warnings are reported and the invoice is imported.
 */
export interface LedesProblem {
  severity: 'error' | 'warning';
  /** 1-based line of the file. */
  line: number;
  /** 1-based field number and its name, when the problem is in one field. */
  field?: number;
  fieldName?: LedesFieldName;
  /** LEDES XML: the element at fault, e.g. `inv_date`. */
  element?: string;
  /** The invoice the line belongs to, when its INVOICE_NUMBER could be read. */
  invoiceNumber?: string;
  code: string;
  message: string;
}

export interface LedesParse {
  /** Invoices without errors, in the order their first line appears. */
  invoices: LedesInvoice[];
  /** Invoice numbers left out because of an error (their own, or the file's header). */
  rejected: string[];
  /** Every problem found, in file order; errors and warnings. */
  problems: LedesProblem[];
}

export interface LedesParseOptions {
  /** Currency of the amounts (LEDES 1998B does not say); default `USD`. */
  currency?: string;
}

/**
 * `Line 3, field 21 LINE_ITEM_UNIT_COST: empty; an expense line needs a unit cost`, with
 * ` (warning)` appended for warnings.
 */
export function formatLedesProblem(p: LedesProblem): string {
  const where =
    p.field !== undefined
      ? `Line ${p.line}, field ${p.field} ${p.fieldName}`
      : p.element !== undefined
        ? `Line ${p.line}, <${p.element}>`
        : `Line ${p.line}`;
  return `${where}: ${p.message}${p.severity === 'warning' ? ' (warning)' : ''}`;
}

/** One data line's fields as read, before it is grouped into its invoice. */
export interface ReadLine {
  fileLine: number;
  raw: Readonly<Record<LedesFieldName, string>>;
  /** Fields that already have an error, so the cross-line checks do not repeat it. */
  bad: Set<LedesFieldName>;
  invoiceDate?: IsoDate;
  billingStartDate?: IsoDate;
  billingEndDate?: IsoDate;
  date?: IsoDate;
  type?: LedesLineType;
  units?: LedesDecimal;
  unitCost?: LedesDecimal;
  adjustmentMinor?: number;
  totalMinor?: number;
  invoiceTotal?: LedesDecimal;
  invoiceTotalMinor?: number;
  /** The currency the line's amounts are in: the file's (98BI) or the caller's (1998B). */
  currency: string;
  taxMinor?: number;
  taxRate?: LedesDecimal;
  invoiceTaxMinor?: number;
  invoiceNetMinor?: number;
  hasError: boolean;
}
