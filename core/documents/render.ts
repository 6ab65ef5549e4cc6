// Renders a DocumentModel as plain text (wrapped, tables aligned) and as a self-contained printable
// HTML page. PDF is rendered in lambdas/documents/pdf.ts from the same blocks.
import { escapeHtml } from '../collections/templates.js';
import type { Block, DocumentModel, TableColumn } from './document.js';
import { charWidth, fitColumns, wrapText } from './layout.js';

/** Width of a plain-text line: fits an 80-column terminal or a fixed-width email with room to spare. */
export const TEXT_WIDTH = 78;

const GAP = 2;

/**
 * The document as plain text wrapped at {@link TEXT_WIDTH} columns: headings underlined, label and
 * value pairs aligned, tables in aligned columns (cells wrap when the table is too wide),
 * checklists as `[ ]` and `[x]`, and a page break as a form feed on its own line (printers start
 * a new page there). Ends with the footer, if any, and one newline.
 *
 * @example renderText({ title: 'T', blocks: [{ kind: 'checklist', items: [{ text: 'EOB', checked: true }] }] }) // '[x] EOB\n'
 */
export function renderText(doc: DocumentModel): string {
  const parts = doc.blocks.map(textBlock);
  if (doc.footer) parts.push(wrapText(doc.footer, TEXT_WIDTH, charWidth).join('\n'));
  return `${parts.join('\n\n')}\n`;
}

function textBlock(block: Block): string {
  switch (block.kind) {
    case 'heading': {
      const lines = wrapText(block.text, TEXT_WIDTH, charWidth);
      if (block.level === 3) return lines.join('\n');
      const rule = (block.level === 1 ? '=' : '-').repeat(Math.max(...lines.map(charWidth)));
      return [...lines, rule].join('\n');
    }
    case 'paragraph':
      return wrapText(block.text, TEXT_WIDTH, charWidth).join('\n');
    case 'lines':
      return block.lines.flatMap((l) => wrapText(l, TEXT_WIDTH, charWidth)).join('\n');
    case 'fields':
      return textFields(block.rows);
    case 'table':
      return textTable(block.columns, block.rows);
    case 'checklist':
      return block.items.map((item) => hanging(item.checked ? '[x] ' : '[ ] ', item.text)).join('\n');
    case 'pageBreak':
      return '\f';
    case 'letterhead':
      return [
        [block.office.name, ...block.office.lines].join('\n'),
        block.recipient.join('\n'),
        textFields(block.fields),
      ].join('\n\n');
  }
}

/** `prefix` then the text, continuation lines indented to line up under the text. */
function hanging(prefix: string, text: string): string {
  const indent = ' '.repeat(charWidth(prefix));
  return wrapText(text, TEXT_WIDTH - indent.length, charWidth)
    .map((line, i) => (i === 0 ? prefix : indent) + line)
    .join('\n')
    .trimEnd();
}

function textFields(rows: readonly [string, string][]): string {
  // Labels line up in one column, but a very long label must not squeeze the values to nothing.
  const labelWidth = Math.min(Math.max(0, ...rows.map(([label]) => charWidth(label) + 1)), 30);
  return rows
    .map(([label, value]) => {
      const head = `${label}:`;
      if (charWidth(head) > labelWidth) return hanging('', `${head} ${value}`);
      return hanging(head + ' '.repeat(labelWidth - charWidth(head) + GAP), value);
    })
    .join('\n');
}

function textTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string {
  const n = columns.length;
  const cell = (r: readonly string[], c: number) => r[c] ?? '';
  const natural = columns.map((col, c) =>
    Math.max(charWidth(col.header), ...rows.map((r) => maxLineWidth(cell(r, c)))),
  );
  const widths = fitColumns(natural, TEXT_WIDTH - GAP * (n - 1), 6).map(Math.floor);
  const line = (cells: readonly string[]) => {
    const wrapped = columns.map((_, c) => wrapText(cell(cells, c), Math.max(widths[c]!, 1), charWidth));
    const height = Math.max(...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let i = 0; i < height; i++) {
      out.push(
        columns
          .map((col, c) => {
            const text = wrapped[c]![i] ?? '';
            const pad = ' '.repeat(Math.max(0, widths[c]! - charWidth(text)));
            return col.align === 'right' ? pad + text : text + pad;
          })
          .join(' '.repeat(GAP))
          .trimEnd(),
      );
    }
    return out.join('\n');
  };
  const rule = widths.map((w) => '-'.repeat(w)).join(' '.repeat(GAP));
  return [line(columns.map((c) => c.header)), rule, ...rows.map((r) => line(r))].join('\n');
}

function maxLineWidth(text: string): number {
  return Math.max(0, ...text.split(/\r?\n/).map(charWidth));
}

const STYLE = [
  '@page{size:letter;margin:0.75in}',
  'body{font-family:Helvetica,Arial,sans-serif;font-size:11pt;line-height:1.4;color:#111;max-width:7in;margin:2em auto;padding:0 1em}',
  'h1{font-size:16pt;margin:1.2em 0 .6em}h2{font-size:13pt;margin:1.2em 0 .5em}h3{font-size:11pt;margin:1em 0 .4em}',
  'p{margin:0 0 .8em}.lines{margin:0 0 .8em}',
  'table{border-collapse:collapse;margin:0 0 .8em}td,th{padding:2px 8px 2px 0;vertical-align:top;text-align:left}',
  'table.data th{border-bottom:1px solid #444}table.data td{border-bottom:1px solid #ddd}',
  '.num{text-align:right}table.fields th{font-weight:bold;white-space:nowrap}',
  'ul.checklist{list-style:none;padding-left:0}ul.checklist li{margin:.2em 0}',
  '.box{display:inline-block;width:1.4em}',
  'footer{margin-top:2em;font-size:9pt;color:#555}',
  '.page-break{break-before:page;page-break-before:always;height:0;margin:0;border:0}',
  '@media print{body{margin:0;max-width:none;padding:0}}',
].join('');

/**
 * The document as one complete HTML page that prints on US Letter: inline styles only, no
 * scripts, links, fonts or images, so it opens the same offline and in an email client. Every
 * string from the document is escaped; line breaks inside a paragraph are kept.
 */
export function renderHtml(doc: DocumentModel): string {
  const body = doc.blocks.map(htmlBlock).join('\n');
  const footer = doc.footer ? `\n<footer>${multiline(doc.footer)}</footer>` : '';
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(doc.title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n` +
    `${body}${footer}\n</body>\n</html>\n`
  );
}

function multiline(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p>${multiline(block.text)}</p>`;
    case 'lines':
      return `<div class="lines">${block.lines.map(escapeHtml).join('<br>')}</div>`;
    case 'fields':
      return `<table class="fields"><tbody>${block.rows
        .map(
          ([label, value]) =>
            `<tr><th scope="row">${escapeHtml(label)}</th><td>${multiline(value)}</td></tr>`,
        )
        .join('')}</tbody></table>`;
    case 'table': {
      const cls = (c: number) => (block.columns[c]?.align === 'right' ? ' class="num"' : '');
      const head = block.columns
        .map((col, c) => `<th scope="col"${cls(c)}>${escapeHtml(col.header)}</th>`)
        .join('');
      const rows = block.rows
        .map(
          (r) =>
            `<tr>${block.columns.map((_, c) => `<td${cls(c)}>${multiline(r[c] ?? '')}</td>`).join('')}</tr>`,
        )
        .join('');
      return `<table class="data"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    }
    case 'checklist':
      return `<ul class="checklist">${block.items
        .map(
          (item) =>
            `<li><span class="box" role="img" aria-label="${item.checked ? 'done' : 'to do'}">${item.checked ? '&#9746;' : '&#9744;'}</span>${escapeHtml(item.text)}</li>`,
        )
        .join('')}</ul>`;
    case 'pageBreak':
      return '<hr class="page-break">';
    case 'letterhead':
      return (
        `<header class="letterhead"><strong>${escapeHtml(block.office.name)}</strong><br>${block.office.lines.map(escapeHtml).join('<br>')}</header>` +
        `<address class="recipient">${block.recipient.map(escapeHtml).join('<br>')}</address>` +
        htmlBlock({ kind: 'fields', rows: block.fields })
      );
  }
}
