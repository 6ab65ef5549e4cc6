// The sidebar's server side: the selected row's customer as a panel, and the clerk's actions, each
// written to the sheet first (the source of truth) and then to the API with an idempotency key.

import { CHANNELS } from '../../core/collections/contact-rules.js';
import { evaluatePlan, planSchedule } from '../../core/collections/plans.js';
import { evaluatePromise } from '../../core/collections/promises.js';
import { stageName } from '../../core/collections/stage-names.js';
import { ageBook } from '../../core/ledger/aging.js';
import { buildBook } from '../../core/ledger/book.js';
import { type IsoDate, localTime } from '../../core/ledger/dates.js';
import { CUSTOMER_FLAGS, type Ledger } from '../../core/ledger/ledger.js';
import { formatMoney, parseMoney } from '../../core/ledger/money.js';
import { type TabName, tabDef, tabFromName } from '../../core/ledger/schema.js';
import { matchHeaders } from '../../core/ledger/schema-cells.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';
import { readLedgerRows } from './aging-tab.js';
import { type ApiClient, apiFailure, createApiClient } from './api-client.js';
import { cellForApi, safeCell } from './cells.js';
import type {
  ContactChangeInput,
  CustomerPanel,
  FlagInput,
  LogContactInput,
  MoneyLine,
  PaymentInput,
  PlanInput,
  PlanPreview,
  PromiseInput,
  Saved,
} from './contract.js';
import { AddonError, toUiError } from './errors.js';
import type { Gas } from './gas.js';
import { lawfulLedger } from './refused-charges.js';
import { readSettings } from './settings.js';
import { readLedgerTab } from './sheets/ledger-tab.js';
import { apiRow, appendRecord, type RowRecord, validateRecord } from './sheets/row-writer.js';
import { type CustomerStatus, fetchStatus } from './status.js';

/** Flags that stop all outreach; the panel says so instead of showing a next action. */
const BLOCKING_FLAGS = [
  'dispute',
  'bankruptcy',
  'deceased',
  'cease-contact',
  'attorney',
  'opted-out',
  'placed',
];

const money = (minor: number, currency: string): MoneyLine => ({
  currency,
  text: formatMoney(minor, currency),
  minor,
});

export function today(gas: Gas, ss: GoogleAppsScript.Spreadsheet.Spreadsheet): IsoDate {
  return localTime(gas.now(), ss.getSpreadsheetTimeZone()).date;
}

/** The customer named on the active row of any ledger tab. */
export function selectedCustomerId(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): string {
  const sheet = ss.getActiveSheet();
  const tab = tabFromName(sheet.getName());
  const row = ss.getActiveRange()?.getRow() ?? 0;
  if (!tab || row < 2) {
    throw new AddonError(
      'no-selection',
      'Select a row on a ledger tab (Customers, Invoices, Payments, …) to see that customer.',
      'SIDEBAR.NO_SELECTION',
    );
  }
  const width = Math.max(sheet.getLastColumn(), 1);
  const header = sheet.getRange(1, 1, 1, width).getValues()[0];
  const cells = sheet.getRange(row, 1, 1, width).getValues()[0];
  const at = matchHeaders(tabDef(tab), header ?? []).get('customerId') ?? -1;
  const id = at >= 0 ? String(cells?.[at] ?? '').trim() : '';
  if (!id) {
    throw new AddonError('no-selection', `Row ${row} of ${tab} names no customer.`, 'SIDEBAR.NO_CUSTOMER');
  }
  return id;
}

export function sidebarCustomer(gas: Gas): CustomerPanel {
  const ss = gas.spreadsheet.getActive();
  const customerId = selectedCustomerId(ss);
  const asOf = today(gas, ss);
  const { ledger } = parseLedger(readLedgerRows(ss));
  const panel = customerPanel(ledger, customerId, asOf);
  // The next action and why come from the backend (the daily run's plan with the office's
  // settings); without it the panel still shows what the sheet says.
  let status: CustomerStatus | undefined;
  try {
    status = fetchStatus(gas, [customerId]).byId.get(customerId);
  } catch (e) {
    const error = toUiError(e);
    return { ...panel, statusNote: `Next action not available: ${error.message}` };
  }
  if (!status) {
    return {
      ...panel,
      statusNote: 'Next action not available: Duebook has not seen this customer yet. Sync now, then reopen.',
    };
  }
  return withStatus(panel, status);
}

/**
 * The panel with the backend's next action: `nextAction` is `<date> <channel> <stage>[, …]`
 * (channels and stages as the status sends them, `(after review)` in review mode), `blocked` or
 * `none`; `why` explains it. A status without those fields (an older backend) leaves the panel as is.
 */
export function withStatus(panel: CustomerPanel, status: CustomerStatus): CustomerPanel {
  const next = typeof status.nextAction === 'string' ? status.nextAction.trim() : undefined;
  const why = typeof status.why === 'string' ? status.why : '';
  if (next === undefined) return panel;
  const { nextAction: _sheetNext, blocked: _sheetBlocked, ...rest } = panel;
  if (next === 'blocked') return { ...rest, blocked: why || 'A guardrail blocks every channel.' };
  const m = /^(\d{4}-\d{2}-\d{2})\s+(.*)$/.exec(next);
  if (!m) return panel.blocked ? { ...rest, blocked: panel.blocked } : rest;
  const words = m[2]!
    .replace(/\(after review\)/, '')
    .split(/[\s,]+/)
    .filter(Boolean);
  const channels = [...new Set(words.filter((w) => (CHANNELS as readonly string[]).includes(w)))];
  const stage = words.filter((w) => !(CHANNELS as readonly string[]).includes(w)).pop() ?? '';
  const review = /\(after review\)/.test(m[2]!) ? ' (after review)' : '';
  return {
    ...rest,
    nextAction: {
      stage,
      ...(stage ? { stageLabel: stageName(stage) } : {}),
      channel: `${channels.join(', ')}${review}`,
      date: m[1]!,
      why,
    },
  };
}

/** A customer's open invoices as the sheet has them today (the payment dialog's list). */
export function customerInvoices(gas: Gas, customerId: string): CustomerPanel['openInvoices'] {
  const id = String(customerId ?? '').trim();
  if (id === '') {
    throw new AddonError('invalid', 'Enter the customer id.', 'INPUT.REQUIRED', [
      { field: 'customerId', message: 'is required' },
    ]);
  }
  const ss = gas.spreadsheet.getActive();
  const { ledger } = parseLedger(readLedgerRows(ss));
  if (!ledger.customers.some((c) => c.customerId === id)) {
    throw new AddonError(
      'invalid',
      `Customer ${id} is not on the Customers tab (or its row has errors).`,
      'PAYMENT.UNKNOWN_CUSTOMER',
      [{ field: 'customerId', message: 'is not on the Customers tab' }],
    );
  }
  return customerPanel(ledger, id, today(gas, ss)).openInvoices;
}

/** Everything the sidebar shows about one customer, from the validated ledger as of a date. */
export function customerPanel(ledger: Ledger, customerId: string, asOf: IsoDate): CustomerPanel {
  const customer = ledger.customers.find((c) => c.customerId === customerId);
  if (!customer) {
    throw new AddonError(
      'no-selection',
      `Customer ${customerId} is not on the Customers tab (or its row has errors).`,
      'SIDEBAR.UNKNOWN_CUSTOMER',
    );
  }
  // The balance the engine bills: refused fee and interest rows left out, and said.
  const lawful = lawfulLedger(ledger);
  const book = buildBook(lawful.ledger, asOf);
  const accounts = book.byCustomer.get(customerId) ?? [];
  const notCharged = lawful.refused
    .filter((r) => r.customerId === customerId)
    .map((r) => `${r.adjustmentId}: ${r.reason}`);
  const aging = ageBook({ ...book, accounts }, asOf);
  const agingLines: CustomerPanel['aging'] = [];
  for (const a of aging.customers) {
    a.bucketsMinor.forEach((m, b) => {
      if (m !== 0) agingLines.push({ label: aging.buckets[b]!, amount: money(m, a.currency) });
    });
  }
  const asOfDay = Math.floor(Date.parse(`${asOf}T00:00:00Z`) / 86_400_000);
  const blockedBy = customer.flags.filter((f) => BLOCKING_FLAGS.includes(f));
  const promises = ledger.promises.filter((p) => p.customerId === customerId);
  const plans = ledger.plans.filter((p) => p.customerId === customerId);
  return {
    asOf,
    customerId,
    name: customer.name,
    ...(customer.email ? { email: customer.email } : {}),
    ...(customer.phone ? { phone: customer.phone } : {}),
    ...(customer.address ? { address: customer.address } : {}),
    flags: [...customer.flags],
    ...(customer.flags.includes('attorney')
      ? {
          attorney: {
            ...(customer.attorneyName ? { name: customer.attorneyName } : {}),
            ...(customer.attorneyContact ? { contact: customer.attorneyContact } : {}),
          },
        }
      : {}),
    balances: accounts.map((a) => money(a.balanceMinor, a.currency)),
    ...(notCharged.length > 0 ? { notCharged } : {}),
    aging: agingLines,
    openInvoices: accounts.flatMap((a) =>
      a.items
        .filter((i) => i.openMinor > 0)
        .map((i) => ({
          invoiceId: i.itemId,
          dueDate: i.dueDate,
          daysPastDue: Math.max(0, asOfDay - Math.floor(Date.parse(`${i.dueDate}T00:00:00Z`) / 86_400_000)),
          open: money(i.openMinor, i.currency),
          ...(i.matter ? { matter: i.matter } : {}),
        })),
    ),
    ...(blockedBy.length > 0
      ? {
          blocked: `Outreach is blocked by the flag${blockedBy.length > 1 ? 's' : ''} ${blockedBy.join(', ')}.`,
        }
      : {}),
    promises: promises.map((p) => ({
      promiseId: p.promiseId,
      promisedDate: p.promisedDate,
      amount: money(p.amountMinor, p.currency),
      status: evaluatePromise(p, ledger.payments, asOf).status,
    })),
    plans: plans.map((p) => ({
      planId: p.planId,
      startDate: p.startDate,
      total: money(p.totalMinor, p.currency),
      installments: p.installments,
      status: evaluatePlan(p, ledger.payments, asOf).status,
    })),
    history: ledger.activity
      .filter((a) => a.customerId === customerId)
      .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
      .map((a) => ({
        ...(a.activityId ? { activityId: a.activityId } : {}),
        date: a.date,
        type: a.type,
        direction: a.direction,
        ...(a.stage ? { stage: a.stage, stageLabel: stageName(a.stage) } : {}),
        ...(a.outcome ? { outcome: a.outcome } : {}),
        ...(a.note ? { note: a.note } : {}),
        ...(a.by ? { by: a.by } : {}),
      })),
    settableFlags: [...CUSTOMER_FLAGS],
  };
}

/** A fresh row id: prefix, the day and a base-36 clock, short enough for the schema's 64. */
function newId(prefix: string, gas: Gas): string {
  return `${prefix}-${gas.now().toString(36).toUpperCase()}`;
}

function clerk(gas: Gas): string {
  return gas.session.getActiveUser().getEmail() || 'duebook add-on';
}

/**
 * Appends the record to its tab, then posts it to the API. The sheet is written first: if the
 * backend is unreachable the row simply goes with the next sync; any other refusal is shown.
 */
function saveRow(gas: Gas, tab: TabName, path: string, record: RowRecord, idKey: string): Saved {
  validateRecord(tab, record);
  const ss = gas.spreadsheet.getActive();
  const id = String(record[idKey]);
  const row = appendRecord(gas, ss, tab, record, `${gas.now().toString(36)}-s`);
  const api = createApiClient(gas, readSettings(gas).backendUrl);
  try {
    postOrDefer(api, path, { idempotencyKey: `${tab}:${id}`, row: apiRow(tab, record) }, `${tab} row ${row}`);
  } catch (e) {
    if (!(e instanceof AddonError)) throw e;
    // The row is in the sheet already: entering it again would record it twice.
    throw new AddonError(
      e.kind,
      `Saved in the ${tab} tab (row ${row}); do not enter it again. Duebook did not take it yet: ${e.message}`,
      e.code,
      undefined,
      { cause: e },
    );
  }
  return { tab, id, row };
}

function postOrDefer(api: ApiClient, path: string, body: unknown, what: string): void {
  let answer: ReturnType<ApiClient['one']>;
  try {
    answer = api.one({ method: 'post', path, body });
  } catch (e) {
    if (e instanceof AddonError && e.kind === 'unreachable') return;
    throw e;
  }
  if (answer.status >= 200 && answer.status < 300) return;
  const failure = apiFailure(answer, what);
  if (failure.kind === 'unreachable') return;
  throw failure;
}

function requireDate(field: string, value: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(value ?? ''))) {
    throw new AddonError('invalid', `${field} must be a date (YYYY-MM-DD).`, 'INPUT.DATE', [
      { field, message: 'must be a date (YYYY-MM-DD)' },
    ]);
  }
}

export function logContact(gas: Gas, input: LogContactInput): Saved {
  requireDate('date', input.date);
  const record: RowRecord = {
    activityId: newId('ACT', gas),
    customerId: input.customerId,
    date: input.date,
    type: input.type,
    direction: input.direction,
    outcome: input.outcome,
    note: input.note,
    by: clerk(gas),
  };
  return saveRow(gas, 'Activity', '/v1/notes', record, 'activityId');
}

export function recordPromise(gas: Gas, input: PromiseInput): Saved {
  const ss = gas.spreadsheet.getActive();
  const record: RowRecord = {
    promiseId: newId('PRM', gas),
    customerId: input.customerId,
    takenOn: today(gas, ss),
    promisedDate: input.promisedDate,
    amountMinor: input.amount,
    currency: input.currency,
    note: input.note,
  };
  return saveRow(gas, 'Promises', '/v1/promises', record, 'promiseId');
}

export function previewPlan(input: PlanInput): PlanPreview {
  const fields: { field: string; message: string }[] = [];
  const total = parseMoney(input.total, String(input.currency ?? '').toUpperCase());
  if (!total.ok) fields.push({ field: 'total', message: total.message });
  else if (total.minor <= 0) fields.push({ field: 'total', message: 'must be more than zero' });
  if (!Number.isInteger(input.installments) || input.installments < 1 || input.installments > 120)
    fields.push({ field: 'installments', message: 'must be a whole number from 1 to 120' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(input.startDate ?? '')))
    fields.push({ field: 'startDate', message: 'must be a date (YYYY-MM-DD)' });
  if (!['weekly', 'biweekly', 'monthly'].includes(input.frequency))
    fields.push({ field: 'frequency', message: 'must be weekly, biweekly or monthly' });
  if (fields.length > 0 || !total.ok) {
    throw new AddonError('invalid', 'The plan needs fixing before it can be shown.', 'PLAN.INVALID', fields);
  }
  const currency = input.currency.toUpperCase();
  const schedule = planSchedule({
    startDate: input.startDate,
    totalMinor: total.minor,
    installments: input.installments,
    frequency: input.frequency,
  });
  return {
    installments: schedule.map((i) => ({
      number: i.number,
      dueDate: i.dueDate,
      amount: money(i.amountMinor, currency),
    })),
    total: money(total.minor, currency),
  };
}

export function savePlan(gas: Gas, input: PlanInput): Saved {
  previewPlan(input);
  const record: RowRecord = {
    planId: newId('PLN', gas),
    customerId: input.customerId,
    startDate: input.startDate,
    totalMinor: input.total,
    currency: input.currency,
    installments: input.installments,
    frequency: input.frequency,
    graceDays: input.graceDays,
    note: input.note,
  };
  return saveRow(gas, 'Plans', '/v1/plans', record, 'planId');
}

export function postPayment(gas: Gas, input: PaymentInput): Saved {
  requireDate('date', input.date);
  const record: RowRecord = {
    paymentId: newId('PMT', gas),
    customerId: input.customerId,
    date: input.date,
    amountMinor: input.amount,
    currency: input.currency,
    appliesTo: input.appliesTo && input.appliesTo.length > 0 ? input.appliesTo.join(', ') : undefined,
    method: input.method,
    reference: input.reference,
  };
  return saveRow(gas, 'Payments', '/v1/payments', record, 'paymentId');
}

/** Finds a customer's row on the Customers tab (one getValues()). */
function customerRow(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, customerId: string) {
  const tab = readLedgerTab(ss, 'Customers');
  if (!tab)
    throw new AddonError('invalid', 'There is no Customers tab. Use Set up ledger first.', 'SHEET.NO_TAB');
  const idAt = tab.index.get('customerId') ?? -1;
  const r = tab.values.findIndex((row, i) => i > 0 && String(row[idAt] ?? '').trim() === customerId);
  if (idAt < 0 || r < 1) {
    throw new AddonError(
      'no-selection',
      `Customer ${customerId} is not on the Customers tab.`,
      'SHEET.NO_CUSTOMER',
    );
  }
  return { tab, r };
}

/** Sends single rows through /v1/sync (tabs without a POST route), Customers first. */
function syncRows(
  gas: Gas,
  rows: { tab: TabName; values: unknown[]; header: unknown[]; row: number }[],
): void {
  const ss = gas.spreadsheet.getActive();
  const timeZone = ss.getSpreadsheetTimeZone();
  const api = createApiClient(gas, readSettings(gas).backendUrl);
  for (const r of rows) {
    const def = tabDef(r.tab);
    const index = matchHeaders(def, r.header);
    const cols = def.columns.filter((c) => !c.computed && (index.get(c.key) ?? -1) >= 0);
    const body = {
      tab: r.tab,
      header: cols.map((c) => c.header),
      columns: cols.map((c) => [cellForApi(r.values[index.get(c.key)!], timeZone)]),
      rowNumbers: [r.row],
    };
    let answer: ReturnType<ApiClient['one']>;
    try {
      answer = api.one({ method: 'post', path: '/v1/sync', body });
    } catch (e) {
      if (e instanceof AddonError && e.kind === 'unreachable') return;
      throw e;
    }
    if (answer.status < 200 || answer.status >= 300) {
      const failure = apiFailure(answer, `Saving ${r.tab}`);
      if (failure.kind === 'unreachable') return;
      throw failure;
    }
    const errors = (answer.body.errors as { column: string; message: string }[] | undefined) ?? [];
    if (errors.length > 0) {
      throw new AddonError(
        'invalid',
        `Saved in the sheet, but Duebook refused row ${r.row} of ${r.tab}: ${errors.map((e) => `${e.column} ${e.message}`).join('; ')}`,
        'SYNC.ROW_INVALID',
      );
    }
  }
}

export function setFlag(gas: Gas, input: FlagInput): Saved {
  const flag = String(input.flag ?? '').toLowerCase();
  if (!(CUSTOMER_FLAGS as readonly string[]).includes(flag)) {
    throw new AddonError('invalid', `"${input.flag}" is not a flag Duebook knows.`, 'FLAG.UNKNOWN', [
      { field: 'flag', message: `must be one of ${CUSTOMER_FLAGS.join(', ')}` },
    ]);
  }
  const ss = gas.spreadsheet.getActive();
  const { tab, r } = customerRow(ss, input.customerId);
  const flagsAt = tab.index.get('flags') ?? -1;
  if (flagsAt < 0)
    throw new AddonError(
      'invalid',
      'The Customers tab has no Flags column. Use Set up ledger.',
      'SHEET.COLUMN_MISSING',
    );
  const row = tab.values[r]!;
  // Represented by an attorney: contact goes through them (12 CFR 1006.6(b)(2)), so who they are
  // and how to reach them are written with the flag.
  const attorney: [column: number, value: string][] = [];
  if (flag === 'attorney' && input.on) {
    const name = String(input.attorneyName ?? '').trim();
    const contact = String(input.attorneyContact ?? '').trim();
    const missing = [
      ...(name ? [] : [{ field: 'attorneyName', message: "enter the attorney's name" }]),
      ...(contact
        ? []
        : [{ field: 'attorneyContact', message: "enter the attorney's phone, email or address" }]),
    ];
    if (missing.length > 0)
      throw new AddonError(
        'invalid',
        "The attorney's name and contact are needed with this flag.",
        'FLAG.ATTORNEY',
        missing,
      );
    const nameAt = tab.index.get('attorneyName') ?? -1;
    const contactAt = tab.index.get('attorneyContact') ?? -1;
    if (nameAt < 0 || contactAt < 0)
      throw new AddonError(
        'invalid',
        'The Customers tab has no Attorney Name or Attorney Contact column. Use Set up ledger.',
        'SHEET.COLUMN_MISSING',
      );
    attorney.push([nameAt, name], [contactAt, contact]);
  }
  const current = String(row[flagsAt] ?? '')
    .split(/[,;]/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const next = input.on ? [...new Set([...current, flag])] : current.filter((f) => f !== flag);
  row[flagsAt] = next.join(', ');
  tab.sheet.getRange(r + 1, flagsAt + 1).setValue(safeCell(row[flagsAt]));
  for (const [column, value] of attorney) {
    row[column] = value;
    tab.sheet.getRange(r + 1, column + 1).setValue(safeCell(value));
  }
  syncRows(gas, [{ tab: 'Customers', values: row, header: tab.values[0]!, row: r + 1 }]);
  return { tab: 'Customers', id: input.customerId, row: r + 1 };
}

/**
 * Records a changed email, phone or address: the Customers cell takes the new value and a Contact
 * Changes row keeps the old one, who and from where. Returned mail (`mail-returned`) may come with
 * no new value (the new address is unknown): then the cell keeps its value, the customer gets the
 * `mail-returned` flag, and the Contact Changes row records the old value with an empty new one.
 * Any other source needs a new value.
 */
export function markContactChanged(gas: Gas, input: ContactChangeInput): Saved {
  if (!['email', 'phone', 'address'].includes(input.field)) {
    throw new AddonError('invalid', 'Choose email, phone or address.', 'CONTACT.FIELD', [
      { field: 'field', message: 'must be email, phone or address' },
    ]);
  }
  const newValue = String(input.newValue ?? '').trim();
  const unknownNew = newValue === '' && input.source === 'mail-returned';
  if (newValue === '' && !unknownNew) {
    throw new AddonError('invalid', `Enter the new ${input.field}.`, 'CONTACT.VALUE', [
      { field: 'newValue', message: 'is required (only returned mail may leave it empty)' },
    ]);
  }
  const ss = gas.spreadsheet.getActive();
  const { tab, r } = customerRow(ss, input.customerId);
  const at = tab.index.get(input.field) ?? -1;
  const flagsAt = tab.index.get('flags') ?? -1;
  if (at < 0 || (unknownNew && flagsAt < 0))
    throw new AddonError(
      'invalid',
      `The Customers tab has no ${at < 0 ? input.field : 'Flags'} column. Use Set up ledger.`,
      'SHEET.COLUMN_MISSING',
    );
  const row = tab.values[r]!;
  // Saying the same thing twice (e.g. retrying after the backend refused the first save, which had
  // already written the row) must not log a second change from the value to itself.
  const current = String(row[at] ?? '').trim();
  const sameValue =
    input.field === 'email' ? current.toLowerCase() === newValue.toLowerCase() : current === newValue;
  const flagged = String(row[flagsAt] ?? '')
    .toLowerCase()
    .includes('mail-returned');
  if (unknownNew ? flagged : sameValue) {
    throw new AddonError(
      'invalid',
      unknownNew
        ? 'This customer is already marked mail-returned; nothing was changed.'
        : `The ${input.field} is already ${newValue}; nothing was changed.`,
      'CONTACT.UNCHANGED',
      [{ field: 'newValue', message: 'is the value already on the Customers row' }],
    );
  }
  const record: RowRecord = {
    changeId: newId('CHG', gas),
    customerId: input.customerId,
    date: today(gas, ss),
    field: input.field,
    oldValue: String(row[at] ?? ''),
    newValue: unknownNew ? undefined : newValue,
    source: input.source,
    by: clerk(gas),
    note: input.note,
  };
  validateRecord('Contact Changes', record);
  if (unknownNew) {
    const flags = String(row[flagsAt] ?? '')
      .split(/[,;]/)
      .map((f) => f.trim().toLowerCase())
      .filter(Boolean);
    row[flagsAt] = [...new Set([...flags, 'mail-returned'])].join(', ');
    tab.sheet.getRange(r + 1, flagsAt + 1).setValue(safeCell(row[flagsAt]));
  } else {
    row[at] = newValue;
    tab.sheet.getRange(r + 1, at + 1).setValue(safeCell(newValue));
  }
  const changeRow = appendRecord(gas, ss, 'Contact Changes', record, `${gas.now().toString(36)}-c`);
  const changes = readLedgerTab(ss, 'Contact Changes')!;
  syncRows(gas, [
    { tab: 'Customers', values: row, header: tab.values[0]!, row: r + 1 },
    {
      tab: 'Contact Changes',
      values: changes.values[changeRow - 1]!,
      header: changes.values[0]!,
      row: changeRow,
    },
  ]);
  return { tab: 'Contact Changes', id: String(record.changeId), row: changeRow };
}
