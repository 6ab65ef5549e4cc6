// Writes the demo ledger (CSV folder and .xlsx) and the small bad ledger; seeded PRNG, no clock, same bytes each run.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toDay } from '../core/ledger/dates.js';
import { currencyExponent, minorToDecimal } from '../core/ledger/money.js';
import { SCHEMA, TAB_NAMES, type TabName, tabFileName } from '../core/ledger/schema.js';
import { type InvoiceRec, numbered, type Row } from './demo-builder.js';
import { demoClaims } from './demo-claims.js';
import { buildDemo, DEMO_AS_OF } from './demo-story.js';

export { DEMO_AS_OF };

/** Cell text as a clerk types it. */
const cell = {
  money: (minor: number, currency: string): string => {
    const exp = currencyExponent(currency);
    const digits = String(Math.abs(minor)).padStart(exp + 1, '0');
    const whole = digits.slice(0, digits.length - exp);
    return `${minor < 0 ? '-' : ''}${whole}${exp > 0 ? `.${digits.slice(digits.length - exp)}` : ''}`;
  },
};

/** Every tab of the demo ledger as rows by column key. */
export function demoLedgerRecords(): Record<TabName, Row[]> {
  const b = buildDemo();
  const invoiceIds = new Map<InvoiceRec, string>();
  const invoices = numbered(b.invoices, (r) => r.invoiceDate, 'INV-26', 4).map(({ record: r, id }) => {
    invoiceIds.set(r, id);
    return { id, r };
  });
  const idOf = (inv: InvoiceRec) => invoiceIds.get(inv)!;
  return {
    Customers: b.customers.map((c) => ({
      customerId: c.id,
      name: c.name,
      email: c.email,
      phone: c.phone,
      address: c.address,
      timeZone: c.timeZone,
      flags: c.flags,
      contactPreset: c.contactPreset,
      dunning: c.dunning,
      attorneyName: c.attorneyName,
      attorneyContact: c.attorneyContact,
      feesAgreed: c.feesAgreed ? 'yes' : undefined,
    })),
    Invoices: invoices.map(({ id, r }) => ({
      invoiceId: id,
      customerId: r.customer.id,
      invoiceDate: r.invoiceDate,
      dueDate: r.dueDate,
      amountMinor: r.amountMinor,
      currency: r.currency,
      status: r.status,
      matter: r.matter,
      description: r.description,
    })),
    Payments: numbered(b.payments, (r) => r.date, 'PMT-', 4).map(({ record: r, id }) => ({
      paymentId: id,
      customerId: r.customer.id,
      date: r.date,
      amountMinor: r.amountMinor,
      currency: r.currency,
      appliesTo: r.appliesTo.map(idOf).join(', ') || undefined,
      status: r.status,
      returnedDate: r.returnedDate,
      method: r.method,
      reference: r.reference,
    })),
    Adjustments: numbered(b.adjustments, (r) => r.date, 'ADJ-', 3).map(({ record: r, id }) => ({
      adjustmentId: id,
      customerId: r.customer.id,
      date: r.date,
      type: r.type,
      amountMinor: r.amountMinor,
      currency: r.currency,
      invoiceId: r.invoice ? idOf(r.invoice) : undefined,
      policy: r.policy,
      waivedOn: r.waivedOn,
      note: r.note,
    })),
    Promises: numbered(b.promises, (r) => r.takenOn, 'PRM-', 3).map(({ record: r, id }) => ({
      promiseId: id,
      customerId: r.customer.id,
      takenOn: r.takenOn,
      promisedDate: r.promisedDate,
      amountMinor: r.amountMinor,
      currency: r.currency,
      note: r.note,
    })),
    Plans: numbered(b.plans, (r) => r.startDate, 'PLN-', 3).map(({ record: r, id }) => ({
      planId: id,
      customerId: r.customer.id,
      startDate: r.startDate,
      totalMinor: r.totalMinor,
      currency: r.currency,
      installments: r.installments,
      frequency: r.frequency,
      graceDays: r.graceDays,
      note: r.note,
    })),
    Activity: numbered(b.activity, (r) => r.date, 'ACT-', 4)
      .filter(({ record: r }) => toDay(r.date) <= toDay(DEMO_AS_OF))
      .map(({ record: r, id }) => ({
        activityId: id,
        customerId: r.customer.id,
        date: r.date,
        type: r.type,
        direction: r.direction,
        stage: r.stage,
        outcome: r.outcome,
        note: r.note,
        by: r.by,
      })),
    Claims: demoClaims(b.customers),
    'Contact Changes': [],
  };
}

/** The columns a clerk fills in (computed status columns are left for Duebook to write). */
function inputColumns(tab: TabName) {
  return SCHEMA.find((t) => t.name === tab)!.columns.filter((c) => !c.computed);
}

/** A tab as text rows, header first: what goes into the CSV file. */
export function tabTextRows(tab: TabName, records: readonly Row[]): string[][] {
  const columns = inputColumns(tab);
  const rows = records.map((r) =>
    columns.map((col) => {
      const v = r[col.key];
      if (v === undefined) return '';
      if (col.type === 'money') return cell.money(v as number, String(r.currency));
      return String(v);
    }),
  );
  return [columns.map((c) => c.header), ...rows];
}

/** RFC 4180 text: fields with a comma, quote or line break are quoted, quotes doubled; LF line ends. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return rows.map((r) => r.map(field).join(',')).join('\n') + '\n';
}

/** The demo as an .xlsx workbook: dates as date cells, amounts as numbers, one sheet per tab. */
export async function demoWorkbook(records: Record<TabName, Row[]>): Promise<Buffer> {
  // Loaded here, not at the top: the CLI imports this module's DEMO_AS_OF and must start without exceljs.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const fixed = new Date(`${DEMO_AS_OF}T00:00:00Z`);
  workbook.creator = 'duebook examples/generate-demo.ts';
  workbook.lastModifiedBy = 'duebook examples/generate-demo.ts';
  workbook.created = fixed;
  workbook.modified = fixed;
  for (const tab of TAB_NAMES) {
    const columns = inputColumns(tab);
    const sheet = workbook.addWorksheet(tab, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: Math.max(12, c.header.length + 2),
    }));
    sheet.getRow(1).font = { bold: true };
    for (const r of records[tab]) {
      const row = sheet.addRow(
        columns.map((col) => {
          const v = r[col.key];
          if (v === undefined) return null;
          if (col.type === 'date') return new Date(`${String(v)}T00:00:00Z`);
          if (col.type === 'money') return minorToDecimal(v as number, String(r.currency));
          return v;
        }),
      );
      columns.forEach((col, i) => {
        const c = row.getCell(i + 1);
        if (col.type === 'date') c.numFmt = 'yyyy-mm-dd';
        if (col.type === 'money')
          c.numFmt = currencyExponent(String(r.currency)) === 0 ? '#,##0' : '#,##0.00';
        if (col.key === 'address') c.alignment = { wrapText: true };
      });
    }
  }
  return fixZipTimestamps(Buffer.from(await workbook.xlsx.writeBuffer()));
}

/**
 * Sets every zip entry's modification time to the demo date. The zip library stamps entries with the
 * current time, which would make each run's workbook differ by bytes while its content is the same.
 */
function fixZipTimestamps(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 0xffff); i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('generated workbook is not a zip archive');
  const [y, m, d] = DEMO_AS_OF.split('-').map(Number) as [number, number, number];
  const dosDate = ((y - 1980) << 9) | (m << 5) | d;
  const dosTime = 0;
  const entries = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let k = 0; k < entries; k++) {
    if (out.readUInt32LE(p) !== 0x02014b50) throw new Error('unexpected zip central directory layout');
    out.writeUInt16LE(dosTime, p + 12);
    out.writeUInt16LE(dosDate, p + 14);
    const local = out.readUInt32LE(p + 42);
    out.writeUInt16LE(dosTime, local + 10);
    out.writeUInt16LE(dosDate, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}

/**
 * The bad ledger: one deliberate mistake per kind a clerk makes (bad date, too many decimals,
 * unknown customer, duplicate id, unknown currency), for `duebook validate` to find.
 */
export const BAD_LEDGER: Partial<Record<TabName, string[][]>> = {
  Customers: [
    ['Customer ID', 'Name', 'Email', 'Time Zone', 'Flags'],
    ['C-1', 'Acme Plumbing', 'acme.plumbing@example.com', 'America/Chicago', ''],
    ['C-2', 'Birch Dental', 'birch.dental@example.com', 'America/New_York', ''],
    ['C-2', 'Birch Dental (again)', 'birch.dental2@example.com', 'America/New_York', ''],
  ],
  Invoices: [
    ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
    ['INV-1', 'C-1', '2026-10-01', '2026-10-31', '1200.00', 'USD'],
    ['INV-2', 'C-1', '2026-10-32', '2026-11-30', '450.00', 'USD'],
    ['INV-3', 'C-2', '2026-10-05', '2026-11-04', '99.999', 'USD'],
    ['INV-4', 'C-9', '2026-10-07', '2026-11-06', '300.00', 'USD'],
    ['INV-5', 'C-1', '2026-10-09', '2026-11-08', '500.00', 'USX'],
    ['INV-1', 'C-2', '2026-10-10', '2026-11-09', '75.00', 'USD'],
  ],
  Payments: [
    ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To', 'Status'],
    ['P-1', 'C-1', '2026-11-02', '1200.00', 'USD', 'INV-1', ''],
    ['P-2', 'C-1', '11/05/2026', '100.00', 'USD', '', ''],
    ['P-3', 'C-2', '2026-11-06', '1500.5', 'JPY', '', ''],
  ],
};

/** Writes `demo-ledger/*.csv`, `demo-ledger.xlsx` and `bad-ledger/*.csv` under `dir`. */
export async function writeExamples(dir: string): Promise<void> {
  const records = demoLedgerRecords();
  const demoDir = join(dir, 'demo-ledger');
  await mkdir(demoDir, { recursive: true });
  for (const tab of TAB_NAMES) {
    await writeFile(join(demoDir, tabFileName(tab)), formatCsv(tabTextRows(tab, records[tab])));
  }
  await writeFile(join(dir, 'demo-ledger.xlsx'), await demoWorkbook(records));
  const badDir = join(dir, 'bad-ledger');
  await mkdir(badDir, { recursive: true });
  for (const [tab, rows] of Object.entries(BAD_LEDGER)) {
    await writeFile(join(badDir, tabFileName(tab as TabName)), formatCsv(rows));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  await writeExamples(dir);
  process.stdout.write(`wrote ${join(dir, 'demo-ledger')}/*.csv, demo-ledger.xlsx and bad-ledger/*.csv\n`);
}
