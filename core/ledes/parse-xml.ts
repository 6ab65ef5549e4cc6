// Reads LEDES XML 2.x e-billing files (<ledesxmlebilling2.0/2.1/2.2>: firm > client > invoice >
// matter > fee / expense) into the same invoices as the 1998B and 98BI reader, with every problem by line.
import { type IsoDate, parseIsoDay } from '../ledger/dates.js';
import { formatMoney, isKnownCurrency } from '../ledger/money.js';
import {
  decimalText,
  decimalToMinor,
  type LedesDecimal,
  ledesDateToIso,
  parseLedesDecimal,
  utbmsProblem,
} from './fields.js';
import type { LedesInvoice, LedesLine, LedesParse, LedesParseOptions, LedesProblem } from './ledes-types.js';

/** An XML element: local name (namespace prefix dropped), children, text, and the line it starts on. */
export interface XmlElement {
  name: string;
  line: number;
  children: XmlElement[];
  text: string;
}

/** An XML document that cannot be read, with the line where reading stopped. */
export class LedesXmlError extends Error {
  readonly code = 'LEDES.XML_MALFORMED';
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'LedesXmlError';
    this.line = line;
  }
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string, line: number): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (all, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number(ref.slice(1)));
    const ch = ENTITIES[ref];
    if (ch === undefined) throw new LedesXmlError(line, `unknown entity ${all}`);
    return ch;
  });
}

/**
 * A small, strict XML reader for e-billing files: elements, text, CDATA, comments, processing
 * instructions and a DOCTYPE without an internal subset; attributes are skipped (LEDES XML carries
 * its data in elements). Throws `LedesXmlError` naming the line on malformed input.
 */
export function parseXml(text: string): XmlElement {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const advance = (to: number) => {
    for (let i = pos; i < to; i++) if (text.charCodeAt(i) === 10) line++;
    pos = to;
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const chunk = lt === -1 ? text.slice(pos) : text.slice(pos, lt);
    if (chunk.trim() !== '') {
      const top = stack[stack.length - 1];
      if (!top) throw new LedesXmlError(line, 'text outside the root element');
      top.text += decode(chunk, line);
    }
    if (lt === -1) {
      advance(text.length);
      break;
    }
    advance(lt);
    if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos);
      if (end === -1) throw new LedesXmlError(line, 'comment not closed');
      advance(end + 3);
    } else if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos);
      if (end === -1) throw new LedesXmlError(line, 'CDATA section not closed');
      const top = stack[stack.length - 1];
      if (!top) throw new LedesXmlError(line, 'CDATA outside the root element');
      top.text += text.slice(pos + 9, end);
      advance(end + 3);
    } else if (text.startsWith('<?', pos) || text.startsWith('<!', pos)) {
      const end = text.indexOf('>', pos);
      if (end === -1) throw new LedesXmlError(line, 'declaration not closed');
      advance(end + 1);
    } else if (text.startsWith('</', pos)) {
      const end = text.indexOf('>', pos);
      if (end === -1) throw new LedesXmlError(line, 'end tag not closed');
      const name = localName(text.slice(pos + 2, end).trim());
      const open = stack.pop();
      if (!open || open.name !== name)
        throw new LedesXmlError(
          line,
          `</${name}> closes ${open ? `<${open.name}> of line ${open.line}` : 'nothing'}`,
        );
      advance(end + 1);
    } else {
      const end = findTagEnd(text, pos);
      if (end === -1) throw new LedesXmlError(line, 'start tag not closed');
      const inner = text.slice(pos + 1, end);
      const selfClosing = inner.endsWith('/');
      const name = localName((selfClosing ? inner.slice(0, -1) : inner).trim().split(/\s/)[0] ?? '');
      if (name === '') throw new LedesXmlError(line, 'a tag without a name');
      const element: XmlElement = { name, line, children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) throw new LedesXmlError(line, `<${name}> after the root element <${root.name}>`);
      else root = element;
      if (!selfClosing) stack.push(element);
      advance(end + 1);
    }
  }
  const open = stack.pop();
  if (open) throw new LedesXmlError(line, `<${open.name}> of line ${open.line} is never closed`);
  if (!root) throw new LedesXmlError(line, 'no root element');
  return root;
}

function findTagEnd(text: string, from: number): number {
  let quote = '';
  for (let i = from + 1; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '>') return i;
  }
  return -1;
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

const child = (e: XmlElement, ...names: string[]) => e.children.find((c) => names.includes(c.name));
const childText = (e: XmlElement, ...names: string[]) => child(e, ...names)?.text.trim() ?? '';
const all = (e: XmlElement, name: string): XmlElement[] =>
  e.children.flatMap((c) => (c.name === name ? [c] : all(c, name)));

/** LEDES XML dates are `YYYY-MM-DD` (the schema's xs:date); `YYYYMMDD` is read too, with a warning. */
function xmlDate(text: string): { iso?: IsoDate; compact: boolean } {
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && parseIsoDay(text.slice(0, 10)) !== undefined)
    return { iso: text.slice(0, 10), compact: false };
  const compact = ledesDateToIso(text);
  return compact === undefined ? { compact: false } : { iso: compact, compact: true };
}

/**
 * Parses a LEDES XML 2.x file. Each <invoice> becomes one invoice with its fees (F), expenses (E)
 * and matter-level discounts or credits (IF / IE); the currency is <inv_currency>, the total what
 * the client owes (<inv_total_net_due>), the tax <inv_total_tax>. An invoice whose line items do
 * not add up to that total (with or without the tax) is rejected, as a portal would.
 */
export function parseLedesXmlText(text: string, options: LedesParseOptions = {}): LedesParse {
  const problems: LedesProblem[] = [];
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (e) {
    if (!(e instanceof LedesXmlError)) throw e;
    return {
      invoices: [],
      rejected: [],
      problems: [
        {
          severity: 'error',
          line: e.line,
          code: e.code,
          message: `not well-formed XML: ${e.message.replace(/^line \d+: /, '')}`,
        },
      ],
    };
  }
  if (!/^ledesxmlebilling2(\.\d+)?$/i.test(root.name)) {
    return {
      invoices: [],
      rejected: [],
      problems: [
        {
          severity: 'error',
          line: root.line,
          code: 'LEDES.NOT_1998B',
          message: `the root element is <${root.name}>, not <ledesxmlebilling2.x>; LEDES 1998B, LEDES 98BI and LEDES XML 2.x are read, other formats are not supported`,
        },
      ],
    };
  }
  const invoices: LedesInvoice[] = [];
  const rejected: string[] = [];
  for (const firm of all(root, 'firm')) {
    const lawFirmId = childText(firm, 'lf_id', 'lf_tax_id', 'lf_vendor_id');
    const lawFirmName = childText(firm, 'lf_name');
    for (const client of all(firm, 'client')) {
      for (const inv of all(client, 'invoice')) {
        const read = readInvoice(inv, client, { lawFirmId, lawFirmName }, options, problems);
        if (read.ok) invoices.push(read.invoice);
        else rejected.push(read.invoiceNumber);
      }
    }
  }
  if (invoices.length === 0 && rejected.length === 0) {
    problems.push({
      severity: 'warning',
      line: root.line,
      code: 'LEDES.EMPTY',
      message: 'no <invoice> elements',
    });
  }
  problems.sort((a, b) => a.line - b.line);
  return { invoices, rejected, problems };
}

function address(e: XmlElement | undefined): string | undefined {
  if (!e) return undefined;
  const parts = [
    'address_1',
    'address_2',
    'address_3',
    'city',
    'state_province',
    'zip_postal_code',
    'country',
  ]
    .map((n) => childText(e, n))
    .filter((p) => p !== '');
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function readInvoice(
  inv: XmlElement,
  client: XmlElement,
  firm: { lawFirmId: string; lawFirmName: string },
  options: LedesParseOptions,
  problems: LedesProblem[],
): { ok: true; invoice: LedesInvoice } | { ok: false; invoiceNumber: string } {
  const invoiceNumber = childText(inv, 'inv_id');
  let failed = false;
  const report = (at: XmlElement, severity: 'error' | 'warning', code: string, message: string) => {
    problems.push({
      severity,
      line: at.line,
      element: at.name,
      code,
      message,
      ...(invoiceNumber ? { invoiceNumber } : {}),
    });
    if (severity === 'error') failed = true;
  };
  const required = (e: XmlElement, name: string): XmlElement | undefined => {
    const found = child(e, name);
    if (!found || found.text.trim() === '') {
      problems.push({
        severity: 'error',
        line: (found ?? e).line,
        element: name,
        code: 'LEDES.REQUIRED',
        message: `<${e.name}> has no <${name}>; it is required`,
        ...(invoiceNumber ? { invoiceNumber } : {}),
      });
      failed = true;
      return undefined;
    }
    return found;
  };
  const date = (e: XmlElement | undefined): IsoDate | undefined => {
    if (!e) return undefined;
    const d = xmlDate(e.text.trim());
    if (d.iso === undefined)
      report(e, 'error', 'LEDES.DATE_INVALID', `"${e.text.trim()}" is not a date (YYYY-MM-DD)`);
    else if (d.compact)
      report(
        e,
        'warning',
        'LEDES.DATE_FORMAT',
        `"${e.text.trim()}" read as ${d.iso}; LEDES XML writes dates as YYYY-MM-DD`,
      );
    return d.iso;
  };
  required(inv, 'inv_id');
  const clientId = childText(client, 'cl_id', 'cl_lf_id');
  if (clientId === '') required(client, 'cl_id');
  const currencyElement = child(inv, 'inv_currency');
  let currency = (currencyElement?.text.trim() ?? '').toUpperCase();
  if (currency === '') {
    currency = options.currency ?? 'USD';
    report(inv, 'warning', 'LEDES.CURRENCY_MISSING', `<invoice> has no <inv_currency>; read as ${currency}`);
  } else if (!isKnownCurrency(currency)) {
    report(currencyElement!, 'error', 'LEDES.CURRENCY_INVALID', `"${currency}" is not an ISO 4217 code`);
  }
  const money = (e: XmlElement | undefined): number | undefined => {
    if (!e) return undefined;
    const t = e.text.trim();
    if (t === '') return undefined;
    const d = parseLedesDecimal(t, 14);
    if (!d.ok) {
      report(e, 'error', 'LEDES.NUMBER_INVALID', d.message);
      return undefined;
    }
    const m = decimalToMinor(d.value, currency);
    if (!m.ok) {
      report(e, 'error', 'LEDES.AMOUNT_INVALID', m.message);
      return undefined;
    }
    return m.minor;
  };
  const decimal = (e: XmlElement | undefined): LedesDecimal | undefined => {
    if (!e || e.text.trim() === '') return undefined;
    const d = parseLedesDecimal(e.text.trim(), 10);
    if (!d.ok) {
      report(e, 'error', 'LEDES.NUMBER_INVALID', d.message);
      return undefined;
    }
    return d.value;
  };

  const invoiceDate = date(required(inv, 'inv_date'));
  const billingStartDate = date(child(inv, 'inv_start_date')) ?? invoiceDate;
  const billingEndDate = date(child(inv, 'inv_end_date')) ?? invoiceDate;
  const totalElement = required(inv, 'inv_total_net_due');
  const totalMinor = money(totalElement);
  const taxMinor = money(child(inv, 'inv_total_tax'));

  const matters = all(inv, 'matter');
  if (matters.length === 0) required(inv, 'matter');
  const matterIds = [...new Set(matters.map((m) => childText(m, 'lf_matter_id')).filter((m) => m !== ''))];
  if (matters.length > 0 && matterIds.length === 0) required(matters[0]!, 'lf_matter_id');
  if (matterIds.length > 1) {
    report(
      matters[1]!,
      'warning',
      'LEDES.SEVERAL_MATTERS',
      `invoice ${invoiceNumber} bills ${matterIds.length} matters (${matterIds.join(', ')}); the ledger's receivable keeps the first`,
    );
  }

  const lines: LedesLine[] = [];
  let n = 0;
  for (const matter of matters) {
    for (const item of matter.children) {
      const isFee = item.name === 'fee';
      const isExpense = item.name === 'expense';
      const isAdjustment = item.name === 'matter_disc_cred';
      if (!isFee && !isExpense && !isAdjustment) continue;
      n++;
      const lineDate = date(child(item, 'charge_date')) ?? billingEndDate;
      if (isAdjustment) {
        const amountElement = required(item, 'disc_cred_amount');
        let amount = money(amountElement) ?? 0;
        // Decrease with a positive amount is a discount: make it negative, as 1998B's IF/IE are.
        if (childText(item, 'increase_decrease').toLowerCase() === 'decrease' && amount > 0) amount = -amount;
        const category = childText(item, 'disc_cred_category').toLowerCase();
        if (lineDate === undefined) continue;
        lines.push({
          fileLine: item.line,
          lineItemNumber: childText(item, 'file_item_nbr') || String(n),
          type: category.startsWith('exp') ? 'IE' : 'IF',
          date: lineDate,
          adjustmentMinor: amount,
          totalMinor: amount,
          ...optional('description', childText(item, 'disc_cred_desc', 'disc_cred')),
        });
        continue;
      }
      const total = money(required(item, 'total_amount'));
      const units = decimal(child(item, 'units'));
      const rate = decimal(child(item, 'rate'));
      const discount = money(child(item, 'item_disc_cred_amount')) ?? 0;
      const lineTax = money(child(item, 'tax_amount', 'item_tax_amount', 'tax_total'));
      const task = childText(item, 'task_code', 'acca_task');
      const activity = childText(item, 'activity_code', 'task_activity', 'acca_activity');
      const expense = childText(item, 'expense_code', 'exp_code', 'acca_expense');
      if (isFee) {
        const why = task === '' ? 'no UTBMS task code' : utbmsProblem('task', task);
        if (why)
          report(
            item,
            'warning',
            task === '' ? 'LEDES.TASK_CODE_MISSING' : 'LEDES.TASK_CODE_UNKNOWN',
            `${why}; e-billing portals reject it`,
          );
        const whyActivity = activity === '' ? undefined : utbmsProblem('activity', activity);
        if (whyActivity)
          report(
            item,
            'warning',
            'LEDES.ACTIVITY_CODE_UNKNOWN',
            `${whyActivity}; e-billing portals reject it`,
          );
      } else {
        const why = expense === '' ? 'no UTBMS expense code' : utbmsProblem('expense', expense);
        if (why)
          report(
            item,
            'warning',
            expense === '' ? 'LEDES.EXPENSE_CODE_MISSING' : 'LEDES.EXPENSE_CODE_UNKNOWN',
            `${why}; e-billing portals reject it`,
          );
      }
      if (total === undefined || lineDate === undefined) continue;
      const name = [childText(item, 'tk_lname'), childText(item, 'tk_fname')]
        .filter((p) => p !== '')
        .join(', ');
      lines.push({
        fileLine: item.line,
        lineItemNumber: childText(item, 'file_item_nbr') || String(n),
        type: isFee ? 'F' : 'E',
        date: lineDate,
        ...optional('units', units && decimalText(units)),
        ...optional('unitCost', rate && decimalText(rate)),
        adjustmentMinor: discount,
        totalMinor: total,
        ...optional('taskCode', isFee ? task : undefined),
        ...optional('activityCode', isFee ? activity : undefined),
        ...optional('expenseCode', isExpense ? expense : undefined),
        ...optional('timekeeperId', childText(item, 'tk_id')),
        ...optional('timekeeperName', name),
        ...optional('timekeeperClassification', childText(item, 'tk_level')),
        ...optional('description', childText(item, 'charge_desc')),
        ...(lineTax === undefined ? {} : { taxMinor: lineTax }),
      });
    }
  }
  if (lines.length === 0 && matters.length > 0)
    report(inv, 'warning', 'LEDES.EMPTY', `invoice ${invoiceNumber} has no fees, expenses or adjustments`);

  if (totalMinor !== undefined && !failed) {
    const sum = lines.reduce((s, l) => s + l.totalMinor, 0);
    const lineTax = lines.reduce((s, l) => s + (l.taxMinor ?? 0), 0);
    const tax = taxMinor ?? lineTax;
    const show = (m: number) => formatMoney(m, currency, { code: false });
    if (sum !== totalMinor && sum + tax !== totalMinor) {
      report(
        totalElement!,
        'error',
        'LEDES.INVOICE_TOTAL_MISMATCH',
        `${show(totalMinor)} is not what the ${lines.length} fees, expenses and adjustments of invoice ${invoiceNumber} add up to (${show(sum)}${tax !== 0 ? `, ${show(sum + tax)} with tax` : ''})`,
      );
    }
  }
  if (
    failed ||
    invoiceDate === undefined ||
    totalMinor === undefined ||
    billingStartDate === undefined ||
    billingEndDate === undefined
  ) {
    return { ok: false, invoiceNumber };
  }
  const tax =
    taxMinor ??
    (lines.some((l) => l.taxMinor !== undefined)
      ? lines.reduce((s, l) => s + (l.taxMinor ?? 0), 0)
      : undefined);
  const invoice: LedesInvoice = {
    invoiceNumber,
    clientId,
    lawFirmMatterId: matterIds[0]!,
    ...optional('clientMatterId', childText(matters[0]!, 'cl_matter_id')),
    lawFirmId: firm.lawFirmId,
    invoiceDate,
    billingStartDate,
    billingEndDate,
    ...optional('description', childText(inv, 'inv_desc')),
    currency,
    totalMinor,
    lines,
    format: 'XML',
    ...(tax === undefined ? {} : { taxMinor: tax, netMinor: totalMinor - tax }),
    ...optional('clientName', childText(client, 'cl_name')),
    ...optional('clientTaxId', childText(client, 'cl_tax_id')),
    ...optional('matterName', childText(matters[0]!, 'matter_name')),
    ...optional('poNumber', childText(matters[0]!, 'po_number')),
    ...optional('lawFirmName', firm.lawFirmName),
    ...optional('clientAddress', address(child(client, 'cl_address'))),
  };
  return { ok: true, invoice };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, string>);
}
