// The validation notice as a printed letter: the same content as the message (core/templates.ts), laid out as a document for the PDF renderer.
import { formatLongDate, type ValidationNoticeContext, validationNoticeContent } from '../templates.js';
import type { Block as DocBlock, DocumentModel } from './document.js';

/**
 * The validation notice as a printed letter (a document for `renderPdf`): the office's letterhead
 * (legal name, postal address), the date sent, the debtor's name and postal address, then exactly
 * the notice's content (creditor, amount and itemization, the dispute deadline and how to dispute,
 * disclosures, signature). Throws `OfficeIdentityError` when `requireIdentity` is set and the
 * office's name or address is missing.
 *
 * @example validationNoticeDocument({ ...ctx, requireIdentity: true }, { name: 'Dana Debtor', address: '1 Beacon St, Boston, MA 02108' }).title
 * // 'Notice about your account with Eastside Clinic LLC'
 */
export function validationNoticeDocument(
  ctx: ValidationNoticeContext,
  recipient: { name: string; address?: string },
): DocumentModel {
  const { blocks } = validationNoticeContent(ctx);
  const lines = (text: string | undefined) =>
    (text ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
  const title = `Notice about your account with ${ctx.office.name}`;
  const doc: DocBlock[] = [
    { kind: 'heading', level: 2, text: ctx.office.name },
    { kind: 'lines', lines: lines(ctx.office.address) },
    { kind: 'paragraph', text: formatLongDate(ctx.sentOn) },
    { kind: 'lines', lines: [recipient.name, ...lines(recipient.address)] },
    { kind: 'heading', level: 1, text: title },
  ];
  for (const b of blocks) {
    if (b.kind === 'p') {
      const parts = b.text.split('\n');
      doc.push(parts.length > 1 ? { kind: 'lines', lines: parts } : { kind: 'paragraph', text: b.text });
    } else if (b.kind === 'table') {
      doc.push({
        kind: 'table',
        columns: b.head.map((header, c) => ({ header, align: b.numeric.includes(c) ? 'right' : 'left' })),
        rows: b.rows,
      });
    } else if (b.kind === 'link') doc.push({ kind: 'paragraph', text: `${b.label}: ${b.url}` });
    else if (b.kind === 'rich')
      doc.push({
        kind: 'paragraph',
        text: b.segments.map((s) => (s.href ? `${s.text} (${s.href})` : s.text)).join(''),
      });
    else doc.push({ kind: 'paragraph', text: b.url ? `${b.text} ${b.url}` : b.text });
  }
  return { title, blocks: doc.filter((b) => b.kind !== 'lines' || b.lines.length > 0) };
}
