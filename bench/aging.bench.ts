// Aging and planning benchmarks over 1,000,000 open invoices across 100,000 customers.

import { planCollections } from '../core/collections/collection-plan.js';
import { DEFAULT_POLICY } from '../core/collections/dunning-policy.js';
import { ageBook, ageColumns, DEFAULT_BUCKETS, openItemColumns } from '../core/ledger/aging.js';
import { buildBook } from '../core/ledger/book.js';
import { toDay, zonedInstant } from '../core/ledger/dates.js';
import type { Ledger } from '../core/ledger/ledger.js';
import { compare } from './harness.js';
import { syntheticLedger } from './ledger-generator.js';

const AS_OF = '2026-11-23';

/** The raw scan: the same columns, bucket limits inlined, nothing else. The floor any engine can reach. */
function rawScan(
  customerIndex: Int32Array,
  currencyIndex: Uint16Array,
  dueDay: Int32Array,
  openMinor: Float64Array,
  ncust: number,
  ncur: number,
  asOfDay: number,
): Float64Array {
  const sums = new Float64Array(ncust * ncur * 5);
  for (let i = 0; i < dueDay.length; i++) {
    const dpd = asOfDay - dueDay[i]!;
    const b = dpd <= 0 ? 0 : dpd <= 30 ? 1 : dpd <= 60 ? 2 : dpd <= 90 ? 3 : 4;
    sums[(customerIndex[i]! * ncur + currencyIndex[i]!) * 5 + b]! += openMinor[i]!;
  }
  return sums;
}

/** A plain, straightforward aging over row objects with date strings, as one would write it first. */
function naiveAging(ledger: Ledger, asOf: string): Map<string, number[]> {
  const result = new Map<string, number[]>();
  const asOfTime = new Date(`${asOf}T00:00:00Z`).getTime();
  for (const inv of ledger.invoices) {
    const dpd = Math.floor((asOfTime - new Date(`${inv.dueDate}T00:00:00Z`).getTime()) / 86_400_000);
    const bucket =
      dpd <= 0 ? 'current' : dpd <= 30 ? '1-30' : dpd <= 60 ? '31-60' : dpd <= 90 ? '61-90' : '90+';
    const key = `${inv.customerId}|${inv.currency}`;
    let row = result.get(key);
    if (!row) {
      row = [0, 0, 0, 0, 0];
      result.set(key, row);
    }
    row[['current', '1-30', '31-60', '61-90', '90+'].indexOf(bucket)]! += inv.amountMinor;
  }
  return result;
}

export function runAgingBenchmarks(): void {
  const ledger = syntheticLedger(100_000, 10, AS_OF);
  const book = buildBook(ledger, AS_OF);
  const cols = openItemColumns(book);
  if (cols.count !== 1_000_000) throw new Error(`expected 1,000,000 open items, got ${cols.count}`);
  const asOfDay = toDay(AS_OF);
  const ncust = cols.customerIds.length;
  const ncur = cols.currencies.length;

  // The comparison is only fair if both sides compute the same answer.
  const engine = ageColumns(cols, asOfDay, DEFAULT_BUCKETS);
  const raw = rawScan(
    cols.customerIndex,
    cols.currencyIndex,
    cols.dueDay,
    cols.openMinor,
    ncust,
    ncur,
    asOfDay,
  );
  if (engine.length !== raw.length || engine.some((v, i) => v !== raw[i]))
    throw new Error('engine and raw scan disagree');
  const report = ageBook(book, AS_OF);
  const naive = naiveAging(ledger, AS_OF);
  for (const c of report.customers) {
    const n = naive.get(`${c.customerId}|${c.currency}`)!;
    if (n.some((v, b) => v !== c.bucketsMinor[b]))
      throw new Error(`naive and engine disagree for ${c.customerId}`);
  }

  compare(
    'aging.kernel_vs_raw_typed_array_scan',
    () => ageColumns(cols, asOfDay, DEFAULT_BUCKETS),
    () => rawScan(cols.customerIndex, cols.currencyIndex, cols.dueDay, cols.openMinor, ncust, ncur, asOfDay),
    {
      aim: 'ratio <= 4',
      note: '1,000,000 open items, 100,000 customers; ageColumns over the open-item columns',
    },
  );
  compare(
    'aging.report_vs_raw_typed_array_scan',
    () => ageBook(book, AS_OF),
    () => rawScan(cols.customerIndex, cols.currencyIndex, cols.dueDay, cols.openMinor, ncust, ncur, asOfDay),
    {
      note: 'ageBook end to end from the posted book: builds the columns and one report row per account',
    },
  );
  compare(
    'aging.kernel_vs_naive_row_objects',
    () => ageColumns(cols, asOfDay, DEFAULT_BUCKETS),
    () => naiveAging(ledger, AS_OF),
    {
      aim: 'ratio <= 0.02 (engine at least 50x faster)',
      note: 'naive: row objects, Date parsing of date strings, string-keyed map',
    },
  );
  compare(
    'aging.report_vs_naive_row_objects',
    () => ageBook(book, AS_OF),
    () => naiveAging(ledger, AS_OF),
    {
      note: 'ageBook end to end (columns + report rows) against the naive implementation',
    },
  );
  const now = zonedInstant(AS_OF, 9, 'America/New_York');
  const planInput = {
    ledger,
    book,
    policy: DEFAULT_POLICY,
    asOf: AS_OF,
    now,
    defaultTimeZone: 'America/New_York',
  };
  const sample = planCollections(planInput);
  compare(
    'plan.whole_step_vs_aging_alone',
    () => [ageBook(book, AS_OF), planCollections(planInput)],
    () => ageBook(book, AS_OF),
    {
      note: `age + dunning policy + guardrails for 100,000 customers (${sample.actions.length} actions, ${sample.blocked.length} blocked) against ageBook alone`,
    },
    5,
  );
  compare(
    'book.build_vs_naive_row_objects',
    () => buildBook(ledger, AS_OF),
    () => naiveAging(ledger, AS_OF),
    {
      note: 'posting the whole ledger into the book (done once per run, before aging and planning)',
    },
    3,
  );
}
