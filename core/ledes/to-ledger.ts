// Turns parsed LEDES invoices into ledger rows: one customer per client, one receivable per invoice.
import { addDays } from '../dates.js';
import type { Customer, Invoice, Ledger } from '../ledger.js';
import { formatMoney } from '../money.js';
import { SCHEMA, type TabName } from '../schema.js';
import type { LedesInvoice } from './parse.js';
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

export interface LedesLedgerImport {
  /** Clients not yet in the ledger; the name is the client id until a clerk fills it in. */
  customers: Customer[];
  /** Invoices not yet in the ledger. */
  invoices: Invoice[];
  /** Invoice ids already in the ledger with the same client, amount and currency. */
  unchanged: string[];
  conflicts: LedesLedgerConflict[];
  notImported: LedesNotImported[];
}

export const DEFAULT_TERMS_DAYS = 30;

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
    const before = existing.get(inv.invoiceNumber);
    if (before) {
      const differences = compare(inv, before);
      if (differences.length === 0) result.unchanged.push(inv.invoiceNumber);
      else result.conflicts.push({ invoiceId: inv.invoiceNumber, differences });
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
      amountMinor: inv.totalMinor,
      currency: inv.currency,
      status: 'open',
      matter: inv.lawFirmMatterId,
    };
    const description = describe(inv);
    if (description !== undefined) invoice.description = description;
    // Two invoices with one number in one file are one receivable; the first wins, the rest conflict.
    existing.set(inv.invoiceNumber, invoice);
    result.invoices.push(invoice);
  }
  return result;
}

/**
 * The invoice's description, and for an invoice with tax (98BI, XML) the tax it includes, so the
 * receivable (what the client owes, tax included) says how much of it is tax: the ledger has no
 * tax column of its own.
 */
function describe(inv: LedesInvoice): string | undefined {
  const parts = [inv.description ?? inv.matterName];
  if (inv.taxMinor !== undefined && inv.taxMinor !== 0) {
    const types = [...new Set(inv.lines.map((l) => l.taxType).filter((t) => t !== undefined))];
    parts.push(
      `incl. ${types.length > 0 ? `${types.join('/')} ` : ''}tax ${formatMoney(inv.taxMinor, inv.currency)}`,
    );
  }
  const text = parts.filter((p) => p !== undefined && p !== '').join('; ');
  return text === '' ? undefined : text;
}

function compare(inv: LedesInvoice, before: Invoice): string[] {
  const differences: string[] = [];
  if (before.customerId !== inv.clientId)
    differences.push(`client ${inv.clientId} in the file, customer ${before.customerId} in the ledger`);
  if (before.currency !== inv.currency || before.amountMinor !== inv.totalMinor) {
    differences.push(
      `amount ${formatMoney(inv.totalMinor, inv.currency)} in the file, ` +
        `${formatMoney(before.amountMinor, before.currency)} in the ledger`,
    );
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
