// Reading rows and whole ledgers against the schema: row rules, duplicate ids, the cross-tab checks.

import { type IsoDate, toDay } from './dates.js';
import type {
  Activity,
  Adjustment,
  Claim,
  ContactChange,
  Customer,
  Invoice,
  Ledger,
  Payment,
  PaymentPlan,
  PromiseToPay,
} from './ledger.js';
import { blankRow, rawCell, type TabColumns } from './ledger-cells.js';
import { isKnownCurrency } from './money.js';
import { SCHEMA, TAB_NAMES, type TabDef, type TabName, tabDef } from './schema.js';
import {
  allBlank,
  isBlank,
  matchHeaders,
  missingColumnMessage,
  type ParseOptions,
  parseCellOnce,
  readColumns,
  type ValidationProblem,
} from './schema-cells.js';

/** The result of validating one tab: good rows as records, every problem with its row and column. */
export interface TabParse<T> {
  records: T[];
  problems: ValidationProblem[];
}

/** A row's cells by column key, after cell-level parsing. */
export type RowFields = Record<string, unknown> & { row: number };

/**
 * Validates one tab given as a 2-D array whose first row is the header (what `getValues()` returns
 * or a CSV reader gives). Blank rows are skipped. A row with any problem is left out of `records`;
 * every other row is kept. The rows are read as columns by `parseTabColumns`, the one validator.
 *
 * @param firstRow the sheet row number of `rows[0]` (1 when the header is the sheet's first row)
 * @param rowNumbers sheet row numbers of `rows[1..]` when they are not contiguous (a sync of changed rows)
 */
export function parseTabRows(
  name: TabName,
  rows: readonly (readonly unknown[])[],
  firstRow = 1,
  rowNumbers?: readonly number[],
  options: ParseOptions = {},
): TabParse<RowFields> {
  const view: TabColumns = {
    // The header cells as given (matchHeaders reads any value; a near miss is looked for among texts only).
    header: (rows[0] ?? []) as readonly string[],
    count: Math.max(0, rows.length - 1),
    cell: (c, k) => String(rows[k + 1]![c] ?? ''),
    value: (c, k) => rows[k + 1]![c],
  };
  // A row is blank when every cell is, those right of the header included.
  return parseTabColumns(name, view, options, { firstRow, rowNumbers, blank: (k) => allBlank(rows[k + 1]!) });
}

/** Where a tab's rows sit in the sheet, for `parseTabColumns`. */
export interface TabRowsAt {
  /** Sheet row number of the header (default 1); row `k` after it is `firstRow + 1 + k`. */
  firstRow?: number;
  /** Sheet row number of each row when they are not contiguous (a sync of changed rows). */
  rowNumbers?: readonly number[];
  /** True when row `k` is blank (skipped); default: every header column's cell is blank. */
  blank?: (k: number) => boolean;
}

/**
 * Validates one tab given as columns (a CSV file's offsets, an .xlsx's typed cells, a sync chunk's
 * column arrays): the records and the problems `parseTabRows` gives for the same cells, each
 * problem naming tab, sheet row and column, without an array per row. Blank rows are skipped; a
 * row with any problem is left out of `records`, every other row is kept.
 *
 * @example parseTabColumns('Customers', tabColumnsOf(['Customer ID', 'Name'], [['C-1'], ['Ada']]))
 */
export function parseTabColumns(
  name: TabName,
  tab: TabColumns,
  options: ParseOptions = {},
  at: TabRowsAt = {},
): TabParse<RowFields> {
  const def = tabDef(name);
  const firstRow = at.firstRow ?? 1;
  const problems: ValidationProblem[] = [];
  const records: RowFields[] = [];
  const index = matchHeaders(def, tab.header);
  for (const col of def.columns) {
    if (col.required && !col.computed && index.get(col.key) === -1) {
      problems.push({
        tab: name,
        row: firstRow,
        column: col.header,
        code: 'SCHEMA.COLUMN_MISSING',
        message: missingColumnMessage(col, tab.header, index),
      });
    }
  }
  if (problems.length > 0) return { records, problems };
  const currencyIdx = index.get('currency') ?? -1;
  // Each column's place found once, not per cell. Dates, currencies, zones and enum values repeat
  // down a column: each distinct text is parsed once.
  const columns = readColumns(def, index);
  const blank = at.blank ?? ((k: number) => blankRow(tab, k));
  // One row's problems, emptied for each row (no array per row).
  const rowProblems: ValidationProblem[] = [];
  for (let k = 0; k < tab.count; k++) {
    if (blank(k)) continue;
    const rowNumber = at.rowNumbers?.[k] ?? firstRow + 1 + k;
    const fields: RowFields = { row: rowNumber };
    rowProblems.length = 0;
    let rowCurrency: string | undefined;
    if (currencyIdx >= 0) {
      const raw = rawCell(tab, currencyIdx, k);
      if (typeof raw === 'string' && !isBlank(raw)) {
        const c = raw.trim().toUpperCase();
        if (isKnownCurrency(c)) rowCurrency = c;
      }
    }
    for (const { col, at: i, memo } of columns) {
      const raw = i >= 0 ? rawCell(tab, i, k) : undefined;
      if (isBlank(raw)) {
        if (col.required) {
          rowProblems.push(problem(name, rowNumber, col.header, 'SCHEMA.REQUIRED', 'is required'));
        }
        continue;
      }
      const parsed = parseCellOnce(col, raw, rowCurrency, options, memo);
      if (parsed.ok) {
        fields[col.key] = parsed.value;
      } else if (!(col.type === 'money' && parsed.code === 'SCHEMA.CURRENCY_MISSING' && currencyIdx >= 0)) {
        // An amount without a currency is reported once, on the Currency column, not twice.
        rowProblems.push(problem(name, rowNumber, col.header, parsed.code, parsed.message));
      }
    }
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      continue;
    }
    const broken = rowRuleProblem(name, fields);
    if (broken) problems.push(broken);
    else records.push(fields);
  }
  return { records, problems };
}

function problem(
  tab: TabName,
  row: number,
  column: string,
  code: string,
  message: string,
): ValidationProblem {
  return { tab, row, column, code, message };
}

/** A ledger given as 2-D arrays per tab (missing tabs are empty). */
export type LedgerRows = Partial<Record<TabName, readonly (readonly unknown[])[]>>;

export interface LedgerParse {
  ledger: Ledger;
  problems: ValidationProblem[];
  /**
   * Tabs refused as a whole (a required column is missing): none of their rows was read, so the
   * ledger is not the office's ledger and commands must not report on it as if it were.
   */
  refused?: TabName[];
}

const opt = <T>(v: unknown): T | undefined => (v === undefined ? undefined : (v as T));

/**
 * Validates a whole ledger: every tab's cells, then the rules across rows and tabs (unique ids,
 * known customers, due date not before invoice date, payments naming invoices of the same customer
 * and currency). Rows with problems are left out; the rest form the ledger.
 */
export function parseLedger(tabs: LedgerRows, options: ParseOptions = {}): LedgerParse {
  return ledgerOfTabs((def) => {
    const rows = tabs[def.name];
    return rows && rows.length > 0 ? parseTabRows(def.name, rows, 1, undefined, options) : undefined;
  });
}

/**
 * `parseLedger` for a ledger read as columns per tab (a CSV folder's offsets, an .xlsx's typed
 * cells): the same ledger and the same problems, without an array per row.
 */
export function parseLedgerColumns(
  tabs: Partial<Record<TabName, TabColumns>>,
  options: ParseOptions = {},
): LedgerParse {
  return ledgerOfTabs((def) => {
    const tab = tabs[def.name];
    // An empty file is an absent tab, as `parseLedger` counts it (no header row at all).
    return tab && (tab.header.length > 0 || tab.count > 0)
      ? parseTabColumns(def.name, tab, options)
      : undefined;
  });
}

/** The ledger of each tab's parse (`undefined`: the tab is absent), with the rules across rows and tabs. */
function ledgerOfTabs(parseTab: (def: TabDef) => TabParse<RowFields> | undefined): LedgerParse {
  const problems: ValidationProblem[] = [];
  const parsed = {} as Record<TabName, RowFields[]>;
  const refused: TabName[] = [];
  for (const def of SCHEMA) {
    const result = parseTab(def);
    if (!result) {
      parsed[def.name] = [];
      continue;
    }
    if (result.problems.some((p) => p.code === 'SCHEMA.COLUMN_MISSING')) refused.push(def.name);
    problems.push(...result.problems);
    parsed[def.name] = dropDuplicateIds(def, result.records, problems);
  }
  const built = ledgerFromFields(parsed);
  // With a tab refused, every row naming its rows ("no customer C-1", "not an invoice of") would
  // bury the one cause: only the problems rows have on their own are reported.
  problems.push(
    ...(refused.length > 0 ? built.problems.filter((p) => !CROSS_TAB.has(p.code)) : built.problems),
  );
  problems.sort((a, b) => TAB_NAMES.indexOf(a.tab) - TAB_NAMES.indexOf(b.tab) || a.row - b.row);
  return { ledger: built.ledger, problems, ...(refused.length > 0 ? { refused } : {}) };
}

/** Problem codes that name another row (of this tab or another): follow-ons of a refused tab. */
const CROSS_TAB = new Set(['SCHEMA.CUSTOMER_UNKNOWN', 'SCHEMA.INVOICE_MISMATCH']);

/** A Payments row's checked fields as the ledger's Payment (the row path and the columnar reader). */
export function paymentOfFields(f: RowFields): Payment {
  const status = (f.status as Payment['status'] | undefined) ?? 'posted';
  return {
    row: f.row,
    paymentId: f.paymentId as string,
    customerId: f.customerId as string,
    date: f.date as IsoDate,
    amountMinor: f.amountMinor as number,
    currency: f.currency as string,
    appliesTo: (f.appliesTo as string[] | undefined) ?? [],
    status,
    returnedDate:
      status === 'returned' ? ((f.returnedDate as IsoDate | undefined) ?? (f.date as IsoDate)) : undefined,
    method: opt(f.method),
    reference: opt(f.reference),
  };
}

/** The `Customer` of a Customers row that passed its cell and row checks. */
export function customerOfFields(f: RowFields): Customer {
  return {
    row: f.row,
    customerId: f.customerId as string,
    name: f.name as string,
    email: opt(f.email),
    phone: opt(f.phone),
    address: opt(f.address),
    timeZone: opt(f.timeZone),
    flags: withDeceasedFlag(f),
    contactPreset: opt(f.contactPreset),
    dunning: opt(f.dunning),
    ladder: opt(f.ladder),
    placedWith: opt(f.placedWith),
    placedOn: opt(f.placedOn),
    attorneyName: opt(f.attorneyName),
    attorneyContact: opt(f.attorneyContact),
    deceasedOn: opt(f.deceasedOn),
    phoneType: opt(f.phoneType),
    consentEmail: opt(f.consentEmail),
    consentText: opt(f.consentText),
    emailAtWork: opt(f.emailAtWork),
    preferredLanguage: opt(f.preferredLanguage),
    feesAgreed: opt(f.feesAgreed),
    debtType: opt(f.debtType),
    debtorType: opt(f.debtorType),
  };
}

/** Each Customers column's index in the tab's definition: where `customerOfValues` finds its value. */
const CUSTOMER_SLOT = (() => {
  const columns = tabDef('Customers').columns;
  const at = (key: keyof Customer) => columns.findIndex((c) => c.key === key);
  return {
    customerId: at('customerId'),
    name: at('name'),
    email: at('email'),
    phone: at('phone'),
    address: at('address'),
    timeZone: at('timeZone'),
    flags: at('flags'),
    contactPreset: at('contactPreset'),
    dunning: at('dunning'),
    ladder: at('ladder'),
    placedWith: at('placedWith'),
    placedOn: at('placedOn'),
    attorneyName: at('attorneyName'),
    attorneyContact: at('attorneyContact'),
    deceasedOn: at('deceasedOn'),
    phoneType: at('phoneType'),
    consentEmail: at('consentEmail'),
    consentText: at('consentText'),
    emailAtWork: at('emailAtWork'),
    preferredLanguage: at('preferredLanguage'),
    feesAgreed: at('feesAgreed'),
    debtType: at('debtType'),
    debtorType: at('debtorType'),
  };
})();

/**
 * `customerOfFields` of a row read into an array by column (`values[i]` the value of the tab's
 * `i`-th column, `unset` where blank) instead of a record: the same members in the same order.
 */
export function customerOfValues(row: number, values: readonly unknown[], unset: unknown): Customer {
  const s = CUSTOMER_SLOT;
  // biome-ignore lint/suspicious/noExplicitAny: each value was checked by its column's parser.
  const v = (slot: number): any => {
    const x = values[slot];
    return x === unset ? undefined : x;
  };
  const deceasedOn = v(s.deceasedOn);
  return {
    row,
    customerId: v(s.customerId),
    name: v(s.name),
    email: v(s.email),
    phone: v(s.phone),
    address: v(s.address),
    timeZone: v(s.timeZone),
    flags: deceasedFlag(v(s.flags), deceasedOn),
    contactPreset: v(s.contactPreset),
    dunning: v(s.dunning),
    ladder: v(s.ladder),
    placedWith: v(s.placedWith),
    placedOn: v(s.placedOn),
    attorneyName: v(s.attorneyName),
    attorneyContact: v(s.attorneyContact),
    deceasedOn,
    phoneType: v(s.phoneType),
    consentEmail: v(s.consentEmail),
    consentText: v(s.consentText),
    emailAtWork: v(s.emailAtWork),
    preferredLanguage: v(s.preferredLanguage),
    feesAgreed: v(s.feesAgreed),
    debtType: v(s.debtType),
    debtorType: v(s.debtorType),
  };
}

/**
 * Turns cell-validated rows (from `parseTabRows`, or as the backend stored them) into a ledger,
 * checking the rules across rows and tabs. Rows that break one are left out and reported.
 */
export function ledgerFromFields(parsed: Partial<Record<TabName, readonly RowFields[]>>): LedgerParse {
  const problems: ValidationProblem[] = [];
  const tab = (name: TabName) => parsed[name] ?? [];
  const customers: Customer[] = tab('Customers')
    .filter((f) => passesRowRules('Customers', f, problems))
    .map(customerOfFields);
  const customerIds = new Set(customers.map((c) => c.customerId));
  const knownCustomer = (tab: TabName, f: RowFields) => {
    if (customerIds.has(f.customerId as string)) return true;
    problems.push(
      problem(
        tab,
        f.row,
        'Customer ID',
        'SCHEMA.CUSTOMER_UNKNOWN',
        `no customer "${String(f.customerId)}" on the Customers tab`,
      ),
    );
    return false;
  };

  const invoices: Invoice[] = [];
  for (const f of tab('Invoices')) {
    if (!knownCustomer('Invoices', f) || !passesRowRules('Invoices', f, problems)) continue;
    invoices.push({
      row: f.row,
      invoiceId: f.invoiceId as string,
      customerId: f.customerId as string,
      invoiceDate: f.invoiceDate as IsoDate,
      dueDate: f.dueDate as IsoDate,
      amountMinor: f.amountMinor as number,
      currency: f.currency as string,
      status: (f.status as Invoice['status'] | undefined) ?? 'open',
      matter: opt(f.matter),
      description: opt(f.description),
    });
  }
  const invoiceById = new Map(invoices.map((i) => [i.invoiceId, i]));

  const adjustments: Adjustment[] = [];
  for (const f of tab('Adjustments')) {
    if (!knownCustomer('Adjustments', f) || !passesRowRules('Adjustments', f, problems)) continue;
    const target = f.invoiceId === undefined ? undefined : invoiceById.get(f.invoiceId as string);
    if (
      f.invoiceId !== undefined &&
      (!target || target.customerId !== f.customerId || target.currency !== f.currency)
    ) {
      problems.push(
        problem(
          'Adjustments',
          f.row,
          'Invoice ID',
          'SCHEMA.INVOICE_MISMATCH',
          `"${String(f.invoiceId)}" is not an invoice of ${String(f.customerId)} in ${String(f.currency)}`,
        ),
      );
      continue;
    }
    adjustments.push({
      row: f.row,
      adjustmentId: f.adjustmentId as string,
      customerId: f.customerId as string,
      date: f.date as IsoDate,
      type: f.type as Adjustment['type'],
      amountMinor: f.amountMinor as number,
      currency: f.currency as string,
      invoiceId: opt(f.invoiceId),
      policy: opt(f.policy),
      waivedOn: opt(f.waivedOn),
      note: opt(f.note),
    });
  }
  const chargeById = new Map(adjustments.map((a) => [a.adjustmentId, a]));

  const payments: Payment[] = [];
  for (const f of tab('Payments')) {
    if (!knownCustomer('Payments', f) || !passesRowRules('Payments', f, problems)) continue;
    const appliesTo = (f.appliesTo as string[] | undefined) ?? [];
    const bad = appliesTo.filter((id) => {
      const inv = invoiceById.get(id);
      // A charge, like an invoice, must be the payer's own and in the payment's currency.
      const item = inv ?? chargeById.get(id);
      return !item || item.customerId !== f.customerId || item.currency !== f.currency;
    });
    if (bad.length > 0) {
      problems.push(
        problem(
          'Payments',
          f.row,
          'Applies To',
          'SCHEMA.INVOICE_MISMATCH',
          `${bad.map((b) => `"${b}"`).join(', ')} not an open item of ${String(f.customerId)} in ${String(f.currency)}`,
        ),
      );
      continue;
    }
    payments.push(paymentOfFields(f));
  }

  const promises: PromiseToPay[] = [];
  for (const f of tab('Promises')) {
    if (!knownCustomer('Promises', f) || !passesRowRules('Promises', f, problems)) continue;
    promises.push({
      row: f.row,
      promiseId: f.promiseId as string,
      customerId: f.customerId as string,
      takenOn: f.takenOn as IsoDate,
      promisedDate: f.promisedDate as IsoDate,
      amountMinor: f.amountMinor as number,
      currency: f.currency as string,
      cancelled: (f.cancelled as boolean | undefined) ?? false,
      note: opt(f.note),
    });
  }

  const plans: PaymentPlan[] = [];
  for (const f of tab('Plans')) {
    if (!knownCustomer('Plans', f) || !passesRowRules('Plans', f, problems)) continue;
    const n = f.installments as number;
    plans.push({
      row: f.row,
      planId: f.planId as string,
      customerId: f.customerId as string,
      startDate: f.startDate as IsoDate,
      totalMinor: f.totalMinor as number,
      currency: f.currency as string,
      installments: n,
      frequency: f.frequency as PaymentPlan['frequency'],
      graceDays: (f.graceDays as number | undefined) ?? 5,
      cancelled: (f.cancelled as boolean | undefined) ?? false,
      note: opt(f.note),
    });
  }

  const activity: Activity[] = [];
  for (const f of tab('Activity')) {
    if (!knownCustomer('Activity', f) || !passesRowRules('Activity', f, problems)) continue;
    activity.push({
      row: f.row,
      activityId: f.activityId as string,
      customerId: f.customerId as string,
      date: f.date as IsoDate,
      type: f.type as Activity['type'],
      direction: (f.direction as Activity['direction'] | undefined) ?? 'outbound',
      stage: opt(f.stage),
      outcome: opt(f.outcome),
      note: opt(f.note),
      by: opt(f.by),
      shareable: opt(f.shareable),
    });
  }

  const claims: Claim[] = [];
  for (const f of tab('Claims')) {
    if (!knownCustomer('Claims', f) || !passesRowRules('Claims', f, problems)) continue;
    claims.push({
      row: f.row,
      claimId: f.claimId as string,
      customerId: f.customerId as string,
      payer: f.payer as string,
      payerId: opt(f.payerId),
      payerType: (f.payerType as Claim['payerType'] | undefined) ?? 'commercial',
      payerAddress: opt(f.payerAddress),
      payerClaimNumber: opt(f.payerClaimNumber),
      memberId: opt(f.memberId),
      patientBirthDate: opt(f.patientBirthDate),
      serviceFrom: f.serviceFrom as IsoDate,
      serviceTo: opt(f.serviceTo),
      submittedOn: opt(f.submittedOn),
      billedMinor: f.billedMinor as number,
      allowedMinor: opt(f.allowedMinor),
      paidMinor: opt(f.paidMinor),
      patientResponsibilityMinor: opt(f.patientResponsibilityMinor),
      currency: f.currency as string,
      status: (f.status as Claim['status'] | undefined) ?? 'submitted',
      adjustmentCodes: (f.adjustmentCodes as string[] | undefined) ?? [],
      remarkCodes: (f.remarkCodes as string[] | undefined) ?? [],
      remittanceRefs: (f.remittanceRefs as string[] | undefined) ?? [],
      denialDate: opt(f.denialDate),
      appealDeadline: opt(f.appealDeadline),
      appealStatus: (f.appealStatus as Claim['appealStatus'] | undefined) ?? 'none',
      followUpDate: opt(f.followUpDate),
      payerStatus: opt(f.payerStatus),
      payerStatusDate: opt(f.payerStatusDate),
      statusInquiry: opt(f.statusInquiry),
      statusInquiryDate: opt(f.statusInquiryDate),
      note: opt(f.note),
    });
  }

  const contactChanges: ContactChange[] = [];
  for (const f of tab('Contact Changes')) {
    if (!knownCustomer('Contact Changes', f) || !passesRowRules('Contact Changes', f, problems)) continue;
    contactChanges.push({
      row: f.row,
      changeId: f.changeId as string,
      customerId: f.customerId as string,
      date: f.date as IsoDate,
      field: f.field as ContactChange['field'],
      oldValue: opt(f.oldValue),
      newValue: opt(f.newValue),
      source: f.source as ContactChange['source'],
      by: opt(f.by),
      undoneOn: opt(f.undoneOn),
      note: opt(f.note),
    });
  }

  problems.sort((a, b) => TAB_NAMES.indexOf(a.tab) - TAB_NAMES.indexOf(b.tab) || a.row - b.row);
  return {
    ledger: { customers, invoices, payments, adjustments, promises, plans, activity, claims, contactChanges },
    problems,
  };
}

/**
 * A customer's flags; a Deceased On date implies `deceased` even when the clerk did not tick the
 * flag, because contact must stop the day the office learns of the death.
 */
function withDeceasedFlag(f: RowFields): Customer['flags'] {
  return deceasedFlag(f.flags as Customer['flags'] | undefined, f.deceasedOn);
}

/** The flags, with `deceased` added when a date of death notice is given. */
function deceasedFlag(given: Customer['flags'] | undefined, deceasedOn: unknown): Customer['flags'] {
  const flags = given ?? [];
  return deceasedOn !== undefined && !flags.includes('deceased') ? [...flags, 'deceased'] : flags;
}

/** A rule one row must keep on its own (no other row needed): the problem, or undefined. */
type RowRule = (f: RowFields) => { column: string; code: string; message: string } | undefined;

const before = (a: unknown, b: unknown) =>
  a !== undefined && b !== undefined && toDay(a as IsoDate) < toDay(b as IsoDate);
const amount = (f: RowFields, key: string) => f[key] as number;

/**
 * The rules each row must keep on its own, per tab, checked by `parseTabRows` (so the API's sync
 * and postings, the CLI and the add-on all refuse the same rows) and again by `ledgerFromFields`
 * for rows stored before a rule existed. Rules across rows and tabs live in `ledgerFromFields`.
 */
export const ROW_RULES: Readonly<Record<TabName, readonly RowRule[]>> = {
  Customers: [],
  Invoices: [
    (f) =>
      before(f.dueDate, f.invoiceDate)
        ? {
            column: 'Due Date',
            code: 'SCHEMA.DUE_BEFORE_ISSUE',
            message: `${String(f.dueDate)} is before the invoice date ${String(f.invoiceDate)}`,
          }
        : undefined,
    (f) =>
      amount(f, 'amountMinor') < 0
        ? {
            column: 'Amount',
            code: 'SCHEMA.AMOUNT_NEGATIVE',
            message: 'must not be negative (enter a credit note on the Adjustments tab)',
          }
        : undefined,
  ],
  Adjustments: [
    (f) =>
      amount(f, 'amountMinor') <= 0
        ? {
            column: 'Amount',
            code: 'SCHEMA.AMOUNT_NOT_POSITIVE',
            message: 'must be more than zero (the Type says which way it moves the balance)',
          }
        : undefined,
  ],
  Payments: [
    (f) =>
      amount(f, 'amountMinor') <= 0
        ? {
            column: 'Amount',
            code: 'SCHEMA.AMOUNT_NOT_POSITIVE',
            message: 'must be more than zero (mark a bounced payment with Status "returned")',
          }
        : undefined,
    (f) =>
      f.returnedDate !== undefined && (f.status ?? 'posted') !== 'returned'
        ? {
            column: 'Returned Date',
            code: 'SCHEMA.RETURNED_DATE_WITHOUT_STATUS',
            message: 'is set but Status is not "returned"',
          }
        : undefined,
    (f) =>
      before(f.returnedDate, f.date)
        ? {
            column: 'Returned Date',
            code: 'SCHEMA.RETURNED_BEFORE_PAID',
            message: 'is before the payment date',
          }
        : undefined,
  ],
  Promises: [
    (f) =>
      amount(f, 'amountMinor') <= 0
        ? { column: 'Amount', code: 'SCHEMA.AMOUNT_NOT_POSITIVE', message: 'must be more than zero' }
        : undefined,
    (f) =>
      before(f.promisedDate, f.takenOn)
        ? {
            column: 'Promised Date',
            code: 'SCHEMA.PROMISE_BEFORE_TAKEN',
            message: 'is before the day the promise was taken',
          }
        : undefined,
  ],
  Plans: [
    (f) =>
      amount(f, 'totalMinor') <= 0
        ? { column: 'Total', code: 'SCHEMA.AMOUNT_NOT_POSITIVE', message: 'must be more than zero' }
        : undefined,
    (f) =>
      amount(f, 'installments') < 1 || amount(f, 'installments') > 120
        ? { column: 'Installments', code: 'SCHEMA.INSTALLMENTS_RANGE', message: 'must be between 1 and 120' }
        : undefined,
    (f) =>
      amount(f, 'totalMinor') < amount(f, 'installments')
        ? {
            column: 'Total',
            code: 'SCHEMA.INSTALLMENT_TOO_SMALL',
            message: 'is less than one minor unit per installment',
          }
        : undefined,
    (f) =>
      f.graceDays !== undefined && amount(f, 'graceDays') > 365
        ? { column: 'Grace Days', code: 'SCHEMA.GRACE_DAYS_RANGE', message: 'must be at most 365 days' }
        : undefined,
  ],
  Activity: [],
  Claims: [
    claimMoneyProblem,
    (f) =>
      before(f.serviceTo, f.serviceFrom)
        ? { column: 'Service To', code: 'SCHEMA.SERVICE_TO_BEFORE_FROM', message: 'is before Service From' }
        : undefined,
  ],
  'Contact Changes': [
    (f) =>
      before(f.undoneOn, f.date)
        ? { column: 'Undone On', code: 'SCHEMA.UNDONE_BEFORE_CHANGE', message: 'is before the change' }
        : undefined,
  ],
};

/** The first row rule `f` breaks, as a problem of `tab`, or undefined. */
export function rowRuleProblem(tab: TabName, f: RowFields): ValidationProblem | undefined {
  for (const rule of ROW_RULES[tab]) {
    const broken = rule(f);
    if (broken) return problem(tab, f.row, broken.column, broken.code, broken.message);
  }
  return undefined;
}

function passesRowRules(tab: TabName, f: RowFields, problems: ValidationProblem[]): boolean {
  const broken = rowRuleProblem(tab, f);
  if (broken) problems.push(broken);
  return broken === undefined;
}

/** Claim amounts: none negative, and the insurer cannot allow more than was billed. */
function claimMoneyProblem(f: RowFields): { column: string; code: string; message: string } | undefined {
  const money: [string, string][] = [
    ['billedMinor', 'Billed'],
    ['allowedMinor', 'Allowed'],
    ['paidMinor', 'Paid'],
    ['patientResponsibilityMinor', 'Patient Responsibility'],
  ];
  for (const [key, column] of money) {
    if (f[key] !== undefined && (f[key] as number) < 0) {
      return { column, code: 'SCHEMA.AMOUNT_NEGATIVE', message: 'must not be negative' };
    }
  }
  // Paid may exceed Billed (a payer adds prompt-pay interest to CLP04); Allowed may not.
  if (f.allowedMinor !== undefined && (f.allowedMinor as number) > (f.billedMinor as number)) {
    return { column: 'Allowed', code: 'SCHEMA.MORE_THAN_BILLED', message: 'is more than the billed amount' };
  }
  return undefined;
}

function dropDuplicateIds(def: TabDef, records: RowFields[], problems: ValidationProblem[]): RowFields[] {
  const seen = new Map<string, number>();
  const idHeader = def.columns.find((c) => c.key === def.idKey)!.header;
  const kept: RowFields[] = [];
  for (const r of records) {
    const id = r[def.idKey] as string;
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push(
        problem(def.name, r.row, idHeader, 'SCHEMA.ID_DUPLICATE', `"${id}" is already used on row ${first}`),
      );
      continue;
    }
    seen.set(id, r.row);
    kept.push(r);
  }
  return kept;
}
