// The benches' peer: DuckDB (one thread) ages the open amounts of a generated CSV ledger and prints the totals.
// Usage: node bench/duckdb-age.mjs DIR YYYY-MM-DD  ->  {"USD":[current,1-30,31-60,61-90,90+],...} in minor units
import { DuckDBInstance } from '@duckdb/node-api';

const [dir, asOf] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const db = await instance.connect();
const csv = (name, columns) =>
  `read_csv('${dir}/${name}', header = true, auto_detect = false, columns = ${columns})`;
// Amounts read as exact decimals and turned into integer minor units, as Duebook does.
const invoices = csv(
  'invoices.csv',
  `{'Invoice ID': 'VARCHAR', 'Customer ID': 'VARCHAR', 'Invoice Date': 'DATE', 'Due Date': 'DATE', 'Amount': 'DECIMAL(18,2)', 'Currency': 'VARCHAR'}`,
);
const payments = csv(
  'payments.csv',
  `{'Payment ID': 'VARCHAR', 'Customer ID': 'VARCHAR', 'Date': 'DATE', 'Amount': 'DECIMAL(18,2)', 'Currency': 'VARCHAR', 'Applies To': 'VARCHAR'}`,
);
const reader = await db.runAndReadAll(`
  WITH paid AS (
    SELECT "Applies To" AS id, SUM(CAST("Amount" * 100 AS BIGINT)) AS minor
    FROM ${payments} WHERE "Date" <= DATE '${asOf}' GROUP BY 1
  ), open AS (
    SELECT i."Currency" AS currency, DATE '${asOf}' - i."Due Date" AS days,
           CAST(i."Amount" * 100 AS BIGINT) - COALESCE(p.minor, 0) AS minor
    FROM ${invoices} i LEFT JOIN paid p ON p.id = i."Invoice ID"
    WHERE i."Invoice Date" <= DATE '${asOf}'
  )
  SELECT currency,
    SUM(minor) FILTER (WHERE days <= 0) AS b0,
    SUM(minor) FILTER (WHERE days BETWEEN 1 AND 30) AS b1,
    SUM(minor) FILTER (WHERE days BETWEEN 31 AND 60) AS b2,
    SUM(minor) FILTER (WHERE days BETWEEN 61 AND 90) AS b3,
    SUM(minor) FILTER (WHERE days > 90) AS b4
  FROM open WHERE minor > 0 GROUP BY currency ORDER BY currency`);
const totals = {};
for (const [currency, ...buckets] of reader.getRows()) totals[currency] = buckets.map((b) => Number(b ?? 0));
process.stdout.write(`${JSON.stringify(totals)}\n`);
