// Seeded synthetic ledgers for benchmarks: many customers, many open invoices, no clock.
import { addDays } from '../core/ledger/dates.js';
import type { Customer, Invoice, Ledger } from '../core/ledger/ledger.js';
import { emptyLedger } from '../core/ledger/ledger.js';
import { mulberry32 } from '../examples/seeded-random.js';

/** The demo generator's seeded PRNG, so every run ages the same ledger. */
export const prng = mulberry32;

const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Europe/London',
];

/** `customers` customers with `invoicesPerCustomer` open invoices each, due from 240 days ago to 30 days ahead. */
export function syntheticLedger(
  customers: number,
  invoicesPerCustomer: number,
  asOf: string,
  seed = 42,
): Ledger {
  const rand = prng(seed);
  const ledger = emptyLedger();
  const dates: string[] = [];
  for (let d = -240; d <= 30; d++) dates.push(addDays(asOf, d));
  for (let c = 0; c < customers; c++) {
    const customerId = `C${String(c).padStart(6, '0')}`;
    const r = rand();
    const customer: Customer = {
      row: c + 2,
      customerId,
      name: `Customer ${c}`,
      email: `c${c}@example.com`,
      timeZone: ZONES[c % ZONES.length],
      flags: r < 0.01 ? ['dispute'] : r < 0.015 ? ['deceased'] : r < 0.02 ? ['bankruptcy'] : [],
    };
    ledger.customers.push(customer);
    const currency = c % 20 === 0 ? 'EUR' : 'USD';
    for (let k = 0; k < invoicesPerCustomer; k++) {
      const due = Math.floor(rand() * dates.length);
      const invoice: Invoice = {
        row: ledger.invoices.length + 2,
        invoiceId: `I${c}-${k}`,
        customerId,
        invoiceDate: dates[Math.max(0, due - 30)]!,
        dueDate: dates[due]!,
        amountMinor: 1_000 + Math.floor(rand() * 500_000),
        currency,
        status: 'open',
      };
      ledger.invoices.push(invoice);
    }
  }
  return ledger;
}
