// The office's wording: a small template engine with named placeholders, checked when a clerk saves
// it, and the default first-party templates whose tone escalates by stage (friendly, firm, final).
import type { Block, Segment } from './message-blocks.js';
import { textValue } from './message-blocks.js';

/** The tone of a reminder: before the due date, just past due, long past due, last before hand-over. */
export type Tone = 'courtesy' | 'friendly' | 'firm' | 'final';
export const TONES: readonly Tone[] = ['courtesy', 'friendly', 'firm', 'final'];

/** A reminder stage's wording: a one-line subject and a body of paragraphs (blank line between). */
export interface MessageTemplate {
  subject: string;
  body: string;
}

export const MAX_SUBJECT_LENGTH = 200;
export const MAX_BODY_LENGTH = 6000;

/** From this many days past due a reminder takes the firm tone. */
export const FIRM_FROM_DAYS_PAST_DUE = 30;

/**
 * The tone a ladder stage is written in: a courtesy stage is courteous, a final demand final, and a
 * reminder friendly until `FIRM_FROM_DAYS_PAST_DUE` days past due, firm from then on. Stages that
 * send no reminder (hand-over, validation notice) have none.
 */
export function toneOf(stage: { kind: string; daysPastDue: number }): Tone | undefined {
  if (stage.kind === 'courtesy') return 'courtesy';
  if (stage.kind === 'final-demand') return 'final';
  if (stage.kind === 'reminder') return stage.daysPastDue >= FIRM_FROM_DAYS_PAST_DUE ? 'firm' : 'friendly';
  return undefined;
}

/** A placeholder: inline (inside a sentence) or a block that stands on a line of its own. */
export interface PlaceholderSpec {
  name: string;
  kind: 'inline' | 'block';
  description: string;
  /** Only these tones know the value (a hand-over date exists only in a final notice). */
  tones?: readonly Tone[];
}

/** Every placeholder a template may use. One table: the checker, the renderer and the docs read it. */
export const PLACEHOLDERS: readonly PlaceholderSpec[] = [
  { name: 'customer.name', kind: 'inline', description: "the customer's name" },
  {
    name: 'overdue.total',
    kind: 'inline',
    description: 'the amount the message is about, per currency: "EUR 8,575.75 and GBP 960.00"',
  },
  { name: 'overdue.is', kind: 'inline', description: '"is" for one currency, "are" for several' },
  { name: 'invoices.count', kind: 'inline', description: 'how many items the table lists' },
  {
    name: 'invoices.table',
    kind: 'block',
    description: 'the items owed (invoices, fees and interest labelled as such) with a total per currency',
  },
  {
    name: 'pay.by',
    kind: 'inline',
    description: 'the date the office asks to be paid by ("3 December 2026")',
  },
  {
    name: 'pay.link',
    kind: 'block',
    description: "the link to pay online, or without one the office's payment instructions",
  },
  { name: 'portal.link', kind: 'block', description: "the link to the customer's account page, if any" },
  {
    name: 'office.name',
    kind: 'inline',
    description: 'the name the customer knows: trading name, else legal name',
  },
  { name: 'office.legalName', kind: 'inline', description: "the office's legal name" },
  {
    name: 'office.address',
    kind: 'inline',
    description: "the office's postal address (remit-to), on one line",
  },
  { name: 'office.phone', kind: 'inline', description: "the office's phone number" },
  { name: 'office.email', kind: 'inline', description: 'the reply-to address' },
  {
    name: 'office.contact',
    kind: 'inline',
    description: 'how to reach the office: "please call 555-0100 or write to billing@example.com"',
  },
  {
    name: 'office.paymentInstructions',
    kind: 'block',
    description: 'bank transfer details and cheque payee and address, as set in Settings',
  },
  {
    name: 'handover.date',
    kind: 'inline',
    description: 'the date after which the account is handed over',
    tones: ['final'],
  },
  {
    name: 'handover.to',
    kind: 'inline',
    description: 'who it is handed over to ("a collection agency or attorney" when not set)',
    tones: ['final'],
  },
];

const SPEC = new Map(PLACEHOLDERS.map((p) => [p.name, p]));

/** A problem with a template, on its field. */
export interface TemplateProblem {
  field: 'subject' | 'body';
  message: string;
}

/** A template that cannot be used, with every problem. */
export class TemplateError extends Error {
  readonly code = 'TEMPLATE.INVALID';
  readonly problems: TemplateProblem[];
  constructor(problems: TemplateProblem[], options?: { cause?: unknown }) {
    super(`template refused: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, options);
    this.name = 'TemplateError';
    this.problems = problems;
  }
}

type Part = string | { name: string };
type Paragraph = { block: string } | { parts: Part[] };
interface Compiled {
  subject: Part[];
  paragraphs: Paragraph[];
}

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = here;
    }
  }
  return row[b.length]!;
}

function suggestion(name: string): string {
  let best: string | undefined;
  // Close enough to be a typo: a few edits, more for a longer name.
  let bestDistance = Math.max(3, Math.floor(name.length / 4)) + 1;
  for (const p of PLACEHOLDERS) {
    const d = distance(name.toLowerCase(), p.name.toLowerCase());
    if (d < bestDistance) {
      best = p.name;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean {{${best}}}?)` : '';
}

/** Splits text into literal parts and placeholders, noting each problem. */
function parts(text: string, field: 'subject' | 'body', tone: Tone, problems: TemplateProblem[]): Part[] {
  const out: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const literal = text.slice(last, m.index);
    checkLiteral(literal, field, problems);
    if (literal) out.push(literal);
    const name = m[1]!;
    const spec = SPEC.get(name);
    if (!spec) problems.push({ field, message: `unknown placeholder {{${name}}}${suggestion(name)}` });
    else if (spec.tones && !spec.tones.includes(tone)) {
      problems.push({
        field,
        message: `{{${name}}} is only known in a ${spec.tones.join(' or ')} notice, not in a ${tone} one`,
      });
    }
    out.push({ name });
    last = m.index + m[0].length;
  }
  const rest = text.slice(last);
  checkLiteral(rest, field, problems);
  if (rest) out.push(rest);
  return out;
}

function checkLiteral(literal: string, field: 'subject' | 'body', problems: TemplateProblem[]) {
  if (literal.includes('{{') || literal.includes('}}')) {
    const at = literal.slice(Math.max(0, literal.search(/\{\{|\}\}/)), literal.search(/\{\{|\}\}/) + 24);
    problems.push({ field, message: `a placeholder is not closed or opened: "${at.trim()}"` });
  }
}

function compileChecked(
  template: MessageTemplate,
  tone: Tone,
): { compiled: Compiled; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const subjectText = template.subject ?? '';
  const bodyText = (template.body ?? '').replace(/\r\n?/g, '\n');
  if (subjectText.trim() === '') problems.push({ field: 'subject', message: 'is empty' });
  if (/[\r\n]/.test(subjectText)) problems.push({ field: 'subject', message: 'must be one line' });
  if (subjectText.length > MAX_SUBJECT_LENGTH)
    problems.push({ field: 'subject', message: `is longer than ${MAX_SUBJECT_LENGTH} characters` });
  if (bodyText.trim() === '') problems.push({ field: 'body', message: 'is empty' });
  if (bodyText.length > MAX_BODY_LENGTH)
    problems.push({ field: 'body', message: `is longer than ${MAX_BODY_LENGTH} characters` });
  const subject = parts(subjectText, 'subject', tone, problems);
  for (const p of subject) {
    if (typeof p !== 'string' && SPEC.get(p.name)?.kind === 'block')
      problems.push({ field: 'subject', message: `{{${p.name}}} cannot be in the subject` });
  }
  const paragraphs: Paragraph[] = [];
  for (const chunk of bodyText.split(/\n[ \t]*\n/)) {
    const text = chunk.trim();
    if (text === '') continue;
    const ps = parts(text, 'body', tone, problems);
    const only = ps.length === 1 && typeof ps[0] !== 'string' ? ps[0]! : undefined;
    if (only && SPEC.get(only.name)?.kind === 'block') {
      paragraphs.push({ block: only.name });
      continue;
    }
    for (const p of ps) {
      if (typeof p !== 'string' && SPEC.get(p.name)?.kind === 'block')
        problems.push({
          field: 'body',
          message: `{{${p.name}}} must stand on a line of its own, with a blank line before and after`,
        });
    }
    paragraphs.push({ parts: ps });
  }
  const names = new Set(
    paragraphs.flatMap((p) =>
      'block' in p ? [p.block] : p.parts.flatMap((x) => (typeof x === 'string' ? [] : [x.name])),
    ),
  );
  if (!names.has('overdue.total') && !names.has('invoices.table'))
    problems.push({
      field: 'body',
      message: 'must state what is owed: use {{overdue.total}} or {{invoices.table}}',
    });
  if (tone === 'final' && !names.has('handover.date'))
    problems.push({
      field: 'body',
      message:
        'a final notice must state the date after which the account is handed over: use {{handover.date}}',
    });
  return { compiled: { subject, paragraphs }, problems };
}

/**
 * Every problem with a template for a tone (empty: it can be saved): an unknown placeholder by its
 * name (with the nearest known one), a block placeholder not on a line of its own or in the
 * subject, a placeholder the tone does not know, an empty or over-long field, a body that does not
 * state the amount, a final notice without its hand-over date.
 *
 * @example templateProblems({ subject: 'Hi', body: '{{customer.nme}} {{overdue.total}}' }, 'friendly')
 * // [{ field: 'body', message: 'unknown placeholder {{customer.nme}} (did you mean {{customer.name}}?)' }]
 */
export function templateProblems(template: MessageTemplate, tone: Tone): TemplateProblem[] {
  return compileChecked(template, tone).problems;
}

const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 200;

function compile(template: MessageTemplate, tone: Tone): Compiled {
  const key = `${tone}\u0000${template.subject}\u0000${template.body}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { compiled, problems } = compileChecked(template, tone);
  if (problems.length > 0) throw new TemplateError(problems);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, compiled);
  return compiled;
}

/**
 * The values a template is filled with: inline ones as text (a link as a segment with its href),
 * block ones as message blocks. Values are data: a value holding `{{...}}` is printed as written.
 */
export interface TemplateValues {
  inline: Readonly<Record<string, string | readonly Segment[]>>;
  blocks: Readonly<Record<string, readonly Block[]>>;
}

function segmentsOf(value: string | readonly Segment[] | undefined): Segment[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [{ text: textValue(value) }];
  return value.map((s) => ({ ...s, text: textValue(s.text) }));
}

/**
 * Fills a template: the subject as one line, the body as blocks (a paragraph per blank-line-separated
 * chunk, a block placeholder's blocks in its place, a paragraph left empty dropped). Throws
 * `TemplateError` for a template `templateProblems` refuses.
 */
export function renderTemplate(
  template: MessageTemplate,
  tone: Tone,
  values: TemplateValues,
): { subject: string; blocks: Block[] } {
  const compiled = compile(template, tone);
  const subject = compiled.subject
    .map((p) =>
      typeof p === 'string'
        ? p
        : segmentsOf(values.inline[p.name])
            .map((s) => s.text)
            .join(''),
    )
    .join('');
  const blocks: Block[] = [];
  for (const paragraph of compiled.paragraphs) {
    if ('block' in paragraph) {
      blocks.push(...(values.blocks[paragraph.block] ?? []));
      continue;
    }
    const segments: Segment[] = [];
    for (const p of paragraph.parts) {
      if (typeof p === 'string') segments.push({ text: p });
      else segments.push(...segmentsOf(values.inline[p.name]));
    }
    if (segments.every((s) => s.text.trim() === '')) continue;
    blocks.push(
      segments.some((s) => s.href)
        ? { kind: 'rich', segments }
        : { kind: 'p', text: segments.map((s) => s.text).join('') },
    );
  }
  return { subject, blocks };
}

/**
 * The default wording, written for a first-party office (the creditor itself, not an agency):
 * plain words, the amount and the items, a date, a way to pay, and a way to question the balance.
 * The engine adds the disclosures the compliance rules require, the signature with the office's
 * identity, the footer and the opt-out line after the body; an office's own wording cannot drop them.
 */
export const DEFAULT_TEMPLATES: Readonly<Record<Tone, MessageTemplate>> = {
  courtesy: {
    subject: 'Courtesy reminder from {{office.name}}: {{overdue.total}} due {{pay.by}}',
    body: [
      'Dear {{customer.name}},',
      'This is a courtesy reminder that {{overdue.total}} will be due on {{pay.by}} for the following:',
      '{{invoices.table}}',
      '{{pay.link}}',
      '{{portal.link}}',
      'If you have already paid, thank you, and please disregard this message. If you have a question about these invoices, {{office.contact}}.',
    ].join('\n\n'),
  },
  friendly: {
    subject: 'Payment reminder from {{office.name}}: {{overdue.total}} past due',
    body: [
      'Dear {{customer.name}},',
      'Our records show that {{overdue.total}} {{overdue.is}} past due on the following:',
      '{{invoices.table}}',
      'Please pay by {{pay.by}}.',
      '{{pay.link}}',
      '{{portal.link}}',
      'If you have already paid, thank you, and please disregard this message. If you have a question about these invoices, {{office.contact}}.',
    ].join('\n\n'),
  },
  firm: {
    subject: 'Overdue account with {{office.name}}: {{overdue.total}} past due',
    body: [
      'Dear {{customer.name}},',
      'Your account with {{office.name}} is seriously overdue. {{overdue.total}} {{overdue.is}} still unpaid on the following:',
      '{{invoices.table}}',
      'Please pay the full amount by {{pay.by}}. If you cannot pay it all at once, contact us before that date and we will work out a payment plan with you.',
      '{{pay.link}}',
      '{{portal.link}}',
      'If you have already paid, thank you, and please disregard this message. If you believe this balance is not correct, {{office.contact}}.',
    ].join('\n\n'),
  },
  final: {
    subject: 'Final notice from {{office.name}}: {{overdue.total}} past due',
    body: [
      'Dear {{customer.name}},',
      'This is our final notice about {{overdue.total}} that {{overdue.is}} past due on the following:',
      '{{invoices.table}}',
      'Unless the balance is paid or you contact us to arrange payment by {{pay.by}}, the account will be handed over to {{handover.to}} after {{handover.date}}.',
      '{{pay.link}}',
      '{{portal.link}}',
      'If you have already paid, thank you, and please disregard this notice. If you believe this balance is not correct, {{office.contact}} before {{handover.date}}.',
    ].join('\n\n'),
  },
};
