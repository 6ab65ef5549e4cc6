// Seeded CSV ledgers for the end-to-end benches: customers, invoices and payments files in a folder.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { addDays } from '../core/ledger/dates.js';
import { mulberry32 } from '../examples/seeded-random.js';

const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'Europe/London',
];

/** What `writeCsvLedger` wrote, for the checks a bench makes on its answer. */
export interface CsvLedgerStats {
  customers: number;
  invoices: number;
  payments: number;
}

/** Writes lines to a file through a stream, waiting when the stream asks to. */
async function writeLines(file: string, header: string, lines: (emit: (line: string) => void) => void) {
  const out = createWriteStream(file);
  let chunk = `${header}\n`;
  const pending: string[] = [];
  lines((line) => {
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      pending.push(chunk);
      chunk = '';
    }
  });
  pending.push(chunk);
  for (const part of pending) if (!out.write(part)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const money = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

/**
 * Writes a ledger of `invoices` invoices (10 per customer; one customer in 20 bills in EUR) into
 * `dir` as customers.csv, invoices.csv and payments.csv: every invoice issued on or before `asOf`,
 * due from 240 days before it to 30 days after; one invoice in 8 has a partial payment applied to it
 * by name, and one in 40 is paid in full. Flags (dispute, deceased, bankruptcy) on 2% of customers,
 * so a plan has blocks to explain. Deterministic for a given seed.
 */
export async function writeCsvLedger(
  dir: string,
  invoices: number,
  asOf: string,
  seed = 13,
): Promise<CsvLedgerStats> {
  await mkdir(dir, { recursive: true });
  const rand = mulberry32(seed);
  const perCustomer = 10;
  const customers = Math.ceil(invoices / perCustomer);
  const dates: string[] = [];
  for (let d = -270; d <= 30; d++) dates.push(addDays(asOf, d));
  const id = (c: number) => `C${String(c).padStart(7, '0')}`;
  await writeLines(join(dir, 'customers.csv'), 'Customer ID,Name,Email,Time Zone,Flags', (emit) => {
    for (let c = 0; c < customers; c++) {
      const r = rand();
      const flag = r < 0.01 ? 'dispute' : r < 0.015 ? 'deceased' : r < 0.02 ? 'bankruptcy' : '';
      emit(`${id(c)},"Customer ${c}, Ltd",c${c}@example.com,${ZONES[c % ZONES.length]},${flag}`);
    }
  });
  const paymentLines: string[] = [];
  await writeLines(
    join(dir, 'invoices.csv'),
    'Invoice ID,Customer ID,Invoice Date,Due Date,Amount,Currency',
    (emit) => {
      for (let k = 0; k < invoices; k++) {
        const c = Math.floor(k / perCustomer);
        const currency = c % 20 === 0 ? 'EUR' : 'USD';
        // Due index 30..300 of dates: due between 240 days before asOf and 30 after; issued 30 days before due.
        const due = 30 + Math.floor(rand() * (dates.length - 30));
        const issued = Math.min(due - 30, 270);
        const amount = 1_000 + Math.floor(rand() * 500_000);
        const invoiceId = `I${k}`;
        emit(`${invoiceId},${id(c)},${dates[issued]},${dates[due]},${money(amount)},${currency}`);
        const p = rand();
        if (p < 0.125 + 0.025) {
          const paid = p < 0.025 ? amount : Math.max(1, Math.floor(amount * rand()));
          const day = dates[Math.min(270, issued + Math.floor(rand() * 30))]!;
          paymentLines.push(`P${k},${id(c)},${day},${money(paid)},${currency},${invoiceId}`);
        }
      }
    },
  );
  await writeLines(
    join(dir, 'payments.csv'),
    'Payment ID,Customer ID,Date,Amount,Currency,Applies To',
    (emit) => {
      for (const line of paymentLines) emit(line);
    },
  );
  return { customers, invoices, payments: paymentLines.length };
}
