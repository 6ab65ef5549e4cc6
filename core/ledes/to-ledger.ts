// Turns parsed LEDES invoices into ledger rows: one customer per client, one receivable per invoice,
// and for a 98BI or XML invoice with tax a second receivable for the tax (`<invoice>-TAX`).
import { addDays } from '../ledger/dates.js';
import type { Customer, Invoice, Ledger } from '../ledger/ledger.js';
import { formatMoney } from '../ledger/money.js';
import { SCHEMA, type TabName } from '../ledger/schema.js';
import type { LedesInvoice } from './ledes-types.js';
import { minorToLedes } from './write.js';

export interface LedesToLedgerOptions {
  /** Days from invoice date to due date; default 30. */
  termsDays?: number;
}

/** An invoice the ledger already holds with different figures: reported, never overwritten. */
export interface LedesLedgerConflict {
  invoiceId: string;
  /** What differs, e.g. `amount USD 1,684.45 in the file, USD 1,500.00 in the ledger`. */
  differences: string[];
}

/** An invoice that cannot become a ledger receivable as it is (a credit invoice). */
export interface LedesNotImported {
  invoiceId: string;
  reason: string;
}

/** An invoice whose tax became its own receivable: the fee receivable is net, the tax line beside it. */
export interface LedesTaxLine {
  invoiceId: string;
  /** The tax receivable's id: `<invoiceId>-TAX`. */
  taxInvoiceId: string;
  currency: string;
  /** The file's total (what the client owes): `netMinor + taxMinor`. */
  totalMinor: number;
  netMinor: number;
  taxMinor: number;
}

export interface LedesLedgerImport {
  /** Clients not yet in the ledger; the name is the client id until a clerk fills it in. */
  customers: Customer[];
  /**
   * Receivables not yet in the ledger: one per invoice, and after an invoice with tax its tax
   * receivable (see `taxLines`). Per invoice they add up to the file's total.
   */
  invoices: Invoice[];
  /** The invoices whose tax is its own receivable, with the split. */
  taxLines: LedesTaxLine[];
  /** Invoice ids already in the ledger with the same client, amount and currency. */
  unchanged: string[];
  conflicts: LedesLedgerConflict[];
  notImported: LedesNotImported[];
}

export const DEFAULT_TERMS_DAYS = 30;

/** The id of the receivable that carries an invoice's tax. */
export function taxInvoiceId(invoiceId: string): string {
  return `${invoiceId}-TAX`;
}

/**
 * How an invoice goes into the ledger: with positive tax and a positive net (98BI, XML), as a net
 * fee receivable plus a tax receivable with the same dates, matter and currency, so balances,
 * aging and statements count the tax exactly where the fees are and show it as its own line;
 * otherwise (1998B, no tax, a credit of tax) as one receivable for the total.
 */
function splitOf(inv: LedesInvoice): { netMinor: number; taxMinor: number } | undefined {
  const taxMinor = inv.taxMinor ?? 0;
  const netMinor = inv.totalMinor - taxMinor;
  return taxMinor > 0 && netMinor > 0 ? { netMinor, taxMinor } : undefined;
}

/**
 * Maps parsed invoices onto the ledger: customer id = CLIENT_ID, invoice id = INVOICE_NUMBER,
 * matter = LAW_FIRM_MATTER_ID (the firm's own matter code, which the clerk bills and collects by;
 * the client's CLIENT_MATTER_ID is optional in the spec), due date = invoice date + terms. Ids come
 * from the file, so importing the same file again gives the same rows; against a `ledger` that
 * already holds them it gives none and lists them as `unchanged`. An invoice the ledger holds with
 * a different client, amount or currency is a conflict and is left for a clerk.
 *
 * @example ledesToLedger(parseLedes(text).invoices, ledger, { termsDays: 45 }).invoices
 */
export function ledesToLedger(
  invoices: readonly LedesInvoice[],
  ledger?: Pick<Ledger, 'customers' | 'invoices'>,
  options: LedesToLedgerOptions = {},
): LedesLedgerImport {
  const termsDays = options.termsDays ?? DEFAULT_TERMS_DAYS;
  if (!Number.isSafeInteger(termsDays) || termsDays < 0)
    throw new RangeError(`termsDays must be a whole number of days, not ${termsDays}`);
  const knownCustomers = new Set(ledger?.customers.map((c) => c.customerId));
  const existing = new Map(ledger?.invoices.map((i) => [i.invoiceId, i]));
  const result: LedesLedgerImport = {
    customers: [],
    invoices: [],
    unchanged: [],
    taxLines: [],
    conflicts: [],
    notImported: [],
  };

  for (const inv of invoices) {
    if (inv.totalMinor < 0) {
      result.notImported.push({
        invoiceId: inv.invoiceNumber,
        reason: `total ${formatMoney(inv.totalMinor, inv.currency)} is a credit; enter it as a credit note on the Adjustments tab`,
      });
      continue;
    }
    const split = splitOf(inv);
    const taxId = taxInvoiceId(inv.invoiceNumber);
    const before = existing.get(inv.invoiceNumber);
    if (before) {
      const differences = compare(inv, before, existing.get(taxId));
      if (differences.length === 0) result.unchanged.push(inv.invoiceNumber);
      else result.conflicts.push({ invoiceId: inv.invoiceNumber, differences });
      continue;
    }
    const taxTaken = split ? existing.get(taxId) : undefined;
    if (taxTaken) {
      result.conflicts.push({
        invoiceId: inv.invoiceNumber,
        differences: [
          `its tax receivable ${taxId} would take an id the ledger already gives to ${formatMoney(taxTaken.amountMinor, taxTaken.currency)} for customer ${taxTaken.customerId}`,
        ],
      });
      continue;
    }
    if (!knownCustomers.has(inv.clientId)) {
      knownCustomers.add(inv.clientId);
      // 98BI and XML name the client; 1998B gives only its id, which stands in until a clerk fills it in.
      const name = inv.clientName ?? inv.clientId;
      result.customers.push({ row: 0, customerId: inv.clientId, name, flags: [] });
    }
    const invoice: Invoice = {
      row: 0,
      invoiceId: inv.invoiceNumber,
      customerId: inv.clientId,
      invoiceDate: inv.invoiceDate,
      dueDate: addDays(inv.invoiceDate, termsDays),
      amountMinor: split ? split.netMinor : inv.totalMinor,
      currency: inv.currency,
      status: 'open',
      matter: inv.lawFirmMatterId,
    };
    const description = describe(inv, split ? taxId : undefined);
    if (description !== undefined) invoice.description = description;
    // Two invoices with one number in one file are one receivable; the first wins, the rest conflict.
    existing.set(inv.invoiceNumber, invoice);
    result.invoices.push(invoice);
    if (split) {
      const tax: Invoice = {
        ...invoice,
        invoiceId: taxId,
        amountMinor: split.taxMinor,
        description: `${taxLabel(inv)} on invoice ${inv.invoiceNumber}`,
      };
      existing.set(taxId, tax);
      result.invoices.push(tax);
      result.taxLines.push({
        invoiceId: inv.invoiceNumber,
        taxInvoiceId: taxId,
        currency: inv.currency,
        totalMinor: inv.totalMinor,
        ...split,
      });
    }
  }
  return result;
}

/** `VAT tax`, `GST/PST tax`, or `Tax` when the lines name no tax type. */
function taxLabel(inv: LedesInvoice): string {
  const types = [...new Set(inv.lines.map((l) => l.taxType).filter((t) => t !== undefined && t !== ''))];
  return types.length > 0 ? `${types.join('/')} tax` : 'Tax';
}

/**
 * The invoice's description, and for an invoice with tax what the tax is and where it is: on its
 * own receivable (`excl. VAT tax GBP 186.00, billed as GB-2026-118-TAX`), or included in this one
 * when it could not be split (`incl. tax ...`).
 */
function describe(inv: LedesInvoice, taxId: string | undefined): string | undefined {
  const parts = [inv.description ?? inv.matterName];
  if (inv.taxMinor !== undefined && inv.taxMinor !== 0) {
    const tax = `${taxLabel(inv).replace(/^Tax$/, 'tax')} ${formatMoney(inv.taxMinor, inv.currency)}`;
    parts.push(taxId ? `excl. ${tax}, billed as ${taxId}` : `incl. ${tax}`);
  }
  const text = parts.filter((p) => p !== undefined && p !== '').join('; ');
  return text === '' ? undefined : text;
}

/**
 * What differs between a file's invoice and the ledger's: unchanged when the ledger holds it split
 * (net receivable and its tax receivable) or, as imports before tax lines did, as one receivable
 * for the total with no tax receivable.
 */
function compare(inv: LedesInvoice, before: Invoice, beforeTax: Invoice | undefined): string[] {
  const differences: string[] = [];
  if (before.customerId !== inv.clientId)
    differences.push(`client ${inv.clientId} in the file, customer ${before.customerId} in the ledger`);
  const split = splitOf(inv);
  const inLedger = before.amountMinor + (beforeTax?.amountMinor ?? 0);
  const sameCurrency =
    before.currency === inv.currency && (!beforeTax || beforeTax.currency === inv.currency);
  const sameAmount =
    inLedger === inv.totalMinor &&
    (beforeTax === undefined || (split !== undefined && beforeTax.amountMinor === split.taxMinor));
  if (!sameCurrency || !sameAmount) {
    const ledgerText = beforeTax
      ? `${formatMoney(before.amountMinor, before.currency)} + tax ${formatMoney(beforeTax.amountMinor, beforeTax.currency)}`
      : formatMoney(before.amountMinor, before.currency);
    const fileText = split
      ? `${formatMoney(split.netMinor, inv.currency)} + tax ${formatMoney(split.taxMinor, inv.currency)}`
      : formatMoney(inv.totalMinor, inv.currency);
    differences.push(`amount ${fileText} in the file, ${ledgerText} in the ledger`);
  }
  return differences;
}

/**
 * Free text from the file as a cell: text a spreadsheet would run as a formula (starting with `=`,
 * `+`, `-`, `@`, a tab or CR) gets a leading `'`, the guard the add-on and the hand-over CSV use.
 */
function sheetText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Header and text rows of one tab, as a CSV file or a sheet's `setValues()` takes them. */
export type TabTextRows = string[][];

/** The columns a person (or an import) fills in: the schema's columns minus the computed ones. */
function inputColumns(tab: TabName) {
  const def = SCHEMA.find((t) => t.name === tab)!;
  return def.columns.filter((c) => !c.computed);
}

/**
 * The import as rows under the schema's headers for the Customers and Invoices tabs, ready to paste
 * into the sheet or merge into a ledger folder. Amounts are exact plain decimals (`1684.45`), dates ISO;
 * a matter or description that a spreadsheet would run as a formula gets a leading `'`.
 */
export function ledgerImportRows(imported: Pick<LedesLedgerImport, 'customers' | 'invoices'>): {
  customers: TabTextRows;
  invoices: TabTextRows;
} {
  const customerColumns = inputColumns('Customers');
  const invoiceColumns = inputColumns('Invoices');
  const customerCell = (c: Customer, key: string): string => {
    if (key === 'customerId') return c.customerId;
    if (key === 'name') return c.name;
    if (key === 'flags') return c.flags.join(', ');
    return '';
  };
  const invoiceCell = (i: Invoice, key: string): string => {
    switch (key) {
      case 'amountMinor':
        return minorToLedes(i.amountMinor, i.currency);
      case 'invoiceId':
      case 'customerId':
      case 'invoiceDate':
      case 'dueDate':
      case 'currency':
      case 'status':
        return i[key];
      case 'matter':
      case 'description':
        return sheetText(i[key] ?? '');
      default:
        return '';
    }
  };
  return {
    customers: [
      customerColumns.map((c) => c.header),
      ...imported.customers.map((c) => customerColumns.map((col) => customerCell(c, col.key))),
    ],
    invoices: [
      invoiceColumns.map((c) => c.header),
      ...imported.invoices.map((i) => invoiceColumns.map((col) => invoiceCell(i, col.key))),
    ],
  };
}
