// The validation notice as a printed letter: the mailed letter's layout (core/documents/mailed.ts) around the notice's required content (core/collections/templates.ts).
import type { ValidationNoticeContext } from '../collections/templates.js';
import type { DocumentImage, DocumentModel } from './document.js';
import { type Recipient, validationLetterBlocks } from './mailed.js';

/**
 * The validation notice as a letter to mail (a document for `renderPdf`), in the same layout as
 * every mailed letter: the office's letterhead (name, logo, legal name, postal address, phone), the
 * debtor's name and address where a #10 window envelope shows them, the date, account and dispute
 * deadline beside it, then exactly the notice's content (creditor, amount and itemization, the
 * dispute deadline and how to dispute, disclosures, signature) and the office's footer. Throws
 * `OfficeIdentityError` when `requireIdentity` is set and the office's name or address is missing.
 *
 * @example validationNoticeDocument({ ...ctx, requireIdentity: true }, { customerId: 'C-1', name: 'Dana Debtor', address: '1 Beacon St, Boston, MA 02108' }).title
 * // 'Validation notice for Dana Debtor from Eastside Clinic LLC'
 */
export function validationNoticeDocument(
  ctx: ValidationNoticeContext,
  recipient: Recipient,
  options: { logo?: DocumentImage } = {},
): DocumentModel {
  const blocks = validationLetterBlocks(ctx, {
    recipient,
    asOf: ctx.sentOn,
    ...(options.logo ? { logo: options.logo } : {}),
  });
  const office = ctx.office;
  return {
    title: `Validation notice for ${recipient.name} from ${office.tradingName?.trim() || office.name}`,
    blocks,
    ...(office.footer ? { footer: office.footer.replace(/\s*\r?\n\s*/g, ' ') } : {}),
  };
}
