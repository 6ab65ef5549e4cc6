// Small builders for type-correct ledger records in tests.
import type { Adjustment, Customer, Invoice, Ledger, Payment } from '../../core/ledger/ledger.js';
import { emptyLedger } from '../../core/ledger/ledger.js';

export const customer = (customerId: string, over: Partial<Customer> = {}): Customer => ({
  row: 0,
  customerId,
  name: `Customer ${customerId}`,
  flags: [],
  ...over,
});

export const invoice = (
  invoiceId: string,
  customerId: string,
  dueDate: string,
  amountMinor: number,
  over: Partial<Invoice> = {},
): Invoice => ({
  row: 0,
  invoiceId,
  customerId,
  invoiceDate: over.invoiceDate ?? dueDate,
  dueDate,
  amountMinor,
  currency: 'USD',
  status: 'open',
  ...over,
});

export const payment = (
  paymentId: string,
  customerId: string,
  date: string,
  amountMinor: number,
  over: Partial<Payment> = {},
): Payment => ({
  row: 0,
  paymentId,
  customerId,
  date,
  amountMinor,
  currency: 'USD',
  appliesTo: [],
  status: 'posted',
  ...over,
});

export const adjustment = (
  adjustmentId: string,
  customerId: string,
  type: Adjustment['type'],
  date: string,
  amountMinor: number,
  over: Partial<Adjustment> = {},
): Adjustment => ({ row: 0, adjustmentId, customerId, type, date, amountMinor, currency: 'USD', ...over });

export const ledgerOf = (parts: Partial<Ledger>): Ledger => ({ ...emptyLedger(), ...parts });
