// The letters API's work: finds a claim among a customer's stored rows, drafts its appeal and
// renders it as text, HTML and PDF. The route in lambdas/api/app.ts only authenticates and wires.
import { checkAppealable, draftAppealLetter, type OfficeProfile } from '../../core/claims/appeal-letter.js';
import { renderHtml, renderText } from '../../core/documents/render.js';
import { ledgerFromFields } from '../../core/ledger/schema-rows.js';
import { ApiError } from '../api/errors.js';
import { groupByTab } from '../services/ledger-service.js';
import { safeSegment } from '../shared/letter-storage.js';
import * as z from '../shared/zod-mini.js';
import type { StoredRow } from '../store/ledger-store.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { officeProfileSchema, PLACEHOLDER_OFFICE } from './office-profile.js';
import { renderPdf } from './pdf.js';

const id = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));

/**
 * `POST /v1/letters/appeal`. The claim id is enough: the route looks the claim's row up and takes
 * its customer. A `customerId` sent along (older add-on builds do) must match the claim's.
 */
export const appealRequestSchema = z.strictObject({
  claimId: id,
  customerId: z.optional(id),
  office: z.optional(officeProfileSchema),
});
export type AppealRequest = z.infer<typeof appealRequestSchema>;

/** Where a tenant's appeal letter for a claim, drafted on `asOf`, is kept (under `tenant/<t>/`). */
export function appealLetterPath(claimId: string, asOf: string): string {
  return `letters/appeal/${safeSegment(claimId)}/${asOf}.pdf`;
}

export interface AppealLetterResponse {
  /** The stored PDF's key in letter storage (`tenant/<t>/letters/appeal/<claimId>/<asOf>.pdf`). */
  storedAs?: string;
  title: string;
  text: string;
  html: string;
  pdfBase64: string;
  category: string;
  categories: string[];
  summary: string;
  warnings: string[];
}

/** The office as its settings know it; the address, NPI and tax id stay placeholders to complete. */
export function officeFromSettings(settings: TenantSettings): OfficeProfile {
  return {
    ...PLACEHOLDER_OFFICE,
    addressLines: [...PLACEHOLDER_OFFICE.addressLines],
    name: settings.officeName,
    email: settings.officeEmail,
    phone: settings.officePhone ?? PLACEHOLDER_OFFICE.phone,
  };
}

/**
 * Drafts and renders the appeal of `request.claimId` from one customer's stored rows. Throws
 * `ApiError` REQUEST.NOT_FOUND (404) when the customer has no such claim (or it failed
 * validation) and REQUEST.CLAIM_NOT_APPEALABLE (400) when the claim is not denied.
 */
export async function appealLetterFromRows(
  rows: readonly StoredRow[],
  request: AppealRequest & { customerId: string },
  context: { office: OfficeProfile; asOf: string; createdAt: Date },
): Promise<AppealLetterResponse & { pdf: Uint8Array }> {
  const { ledger, problems } = ledgerFromFields(groupByTab(rows));
  const claim = ledger.claims.find((c) => c.claimId === request.claimId);
  const patient = ledger.customers.find((c) => c.customerId === request.customerId);
  if (!claim || !patient) {
    const stored = rows.find((r) => r.tab === 'Claims' && r.rowId === request.claimId);
    const why = stored
      ? `claim "${request.claimId}" of customer "${request.customerId}" has problems: ${problems
          .filter((p) => p.tab === 'Claims' && p.row === stored.fields.row)
          .map((p) => `${p.column}: ${p.message}`)
          .join('; ')}`
      : `no claim "${request.claimId}" for customer "${request.customerId}" has been synced`;
    throw new ApiError('REQUEST.NOT_FOUND', why);
  }
  const check = checkAppealable(claim);
  if (!check.ok) throw new ApiError('REQUEST.CLAIM_NOT_APPEALABLE', check.message, { reason: check.code });
  const office = request.office ?? context.office;
  const letter = draftAppealLetter({ claim, patient, office, asOf: context.asOf });
  const pdf = await renderPdf(letter.document, { createdAt: context.createdAt, author: office.name });
  return {
    pdf,
    title: letter.document.title,
    text: renderText(letter.document),
    html: renderHtml(letter.document),
    pdfBase64: Buffer.from(pdf).toString('base64'),
    category: letter.category,
    categories: letter.categories,
    summary: letter.summary,
    warnings: letter.warnings,
  };
}
