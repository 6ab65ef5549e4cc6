// Message building blocks: paragraphs, links, tables and small print, each rendered both as plain text and as escaped HTML.
import { type IsoDate, toDay } from '../ledger/dates.js';
import { formatMoney } from '../ledger/money.js';

/** A rendered message. `subject` is a single line (line breaks removed, so no header injection). */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** An amount in one currency. */
export interface MoneyAmount {
  currency: string;
  amountMinor: number;
}

/** Part of a paragraph: plain text, or a link whose text is shown as is. */
export interface Segment {
  text: string;
  /** An http(s) or mailto link (checked where it is made). */
  href?: string;
}

/** A message built of blocks, each rendered both as text and as escaped HTML. */
export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'rich'; segments: readonly Segment[] }
  | { kind: 'table'; head: string[]; rows: string[][]; numeric: number[]; totalRows?: number[] }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'small'; text: string; url?: string; urlLabel?: string };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A value as plain text may carry it inside a line: control characters (line breaks among them)
 * and bidirectional overrides become spaces, so a name cannot start a paragraph of its own or
 * reorder what a reader sees.
 */
export function textValue(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, ' ').trim();
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** An ISO date as people read it without ambiguity: `2026-03-05` -> `5 March 2026`. */
export function formatLongDate(date: IsoDate): string {
  toDay(date);
  const [y, m, d] = date.split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
}

/** The url, trimmed, if its scheme is one of `schemes`; else a RangeError naming `what`. */
export function checkUrl(url: string, what: string, schemes: readonly string[]): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase();
  if (!scheme || !schemes.includes(scheme))
    throw new RangeError(`${what} must be a ${schemes.join(' or ')} link`);
  return url.trim();
}

export function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

/** Amounts in several currencies as one phrase: `EUR 8,575.75 and GBP 960.00` (never added together). */
export function amountsText(amounts: readonly MoneyAmount[]): string {
  const parts = amounts.map((a) => formatMoney(a.amountMinor, a.currency));
  if (parts.length === 0) return 'nothing';
  if (parts.length === 1) return parts[0]!;
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export function renderText(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'p') out.push(b.text);
    else if (b.kind === 'rich') out.push(b.segments.map((s) => s.text).join(''));
    else if (b.kind === 'link') out.push(`${b.label}: ${b.url}`);
    else if (b.kind === 'small') out.push(b.url ? `${b.text} ${b.url}` : b.text);
    else {
      const widths = b.head.map((h, c) => Math.max(h.length, ...b.rows.map((r) => (r[c] ?? '').length)));
      const fmt = (cells: string[]) =>
        cells
          .map((cell, c) => (b.numeric.includes(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
          .join('  ')
          .trimEnd();
      out.push([fmt(b.head), ...b.rows.map(fmt)].join('\n'));
    }
  }
  return `${out.join('\n\n')}\n`;
}

function renderHtmlBlocks(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'p') out.push(`<p>${escapeHtml(b.text).replace(/\n/g, '<br>')}</p>`);
    else if (b.kind === 'rich') {
      const inner = b.segments
        .map((s) => {
          const text = escapeHtml(s.text).replace(/\n/g, '<br>');
          return s.href ? `<a href="${escapeHtml(s.href)}">${text}</a>` : text;
        })
        .join('');
      out.push(`<p>${inner}</p>`);
    } else if (b.kind === 'link')
      out.push(`<p><a href="${escapeHtml(b.url)}">${escapeHtml(b.label)}</a></p>`);
    else if (b.kind === 'small') {
      const link = b.url ? ` <a href="${escapeHtml(b.url)}">${escapeHtml(b.urlLabel ?? b.url)}</a>` : '';
      out.push(
        `<p style="font-size:small;color:#555">${escapeHtml(b.text).replace(/\n/g, '<br>')}${link}</p>`,
      );
    } else {
      const cell = (tag: string, v: string, c: number, strong: boolean) =>
        `<${tag} style="text-align:${b.numeric.includes(c) ? 'right' : 'left'}${strong ? ';font-weight:bold;border-top:1px solid #999' : ''}">${escapeHtml(v)}</${tag}>`;
      const head = `<tr>${b.head.map((h, c) => cell('th', h, c, false)).join('')}</tr>`;
      const rows = b.rows
        .map((r, i) => {
          const total = b.totalRows?.includes(i) ?? false;
          return `<tr>${r.map((v, c) => cell('td', v, c, total)).join('')}</tr>`;
        })
        .join('');
      out.push(
        `<table cellpadding="4" style="border-collapse:collapse"><thead>${head}</thead><tbody>${rows}</tbody></table>`,
      );
    }
  }
  return out.join('');
}

export function renderHtml(title: string, blocks: readonly Block[]): string {
  return (
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font-family:sans-serif">${renderHtmlBlocks(blocks)}</body></html>`
  );
}

export function render(subject: string, blocks: readonly Block[]): RenderedMessage {
  const s = oneLine(subject);
  return { subject: s, text: renderText(blocks), html: renderHtml(s, blocks) };
}
