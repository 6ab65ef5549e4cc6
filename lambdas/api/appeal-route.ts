// Drafts the appeal of a denied claim (POST /v1/letters/appeal), loaded on the first such request:
// the claims' codes, the letter and its PDF are not read at the API's cold start.
import {
  type AppealRequest,
  appealLetterFromRows,
  appealLetterPath,
  officeFromSettings,
} from '../documents/appeal-letters.js';
import { officeToday } from '../services/ledger-service.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import type { ApiDeps } from './api-deps.js';
import { ApiError, json } from './errors.js';
import type { OfficeCaller as Caller } from './office-routes.js';

export { appealRequestSchema } from '../documents/appeal-letters.js';

/**
 * Drafts the appeal of one of the tenant's denied claims, rendered as text, HTML and PDF, and
 * keeps the PDF in letter storage (`storedAs`). The claim's row names its customer.
 */
export async function appealLetter(
  deps: Pick<ApiDeps, 'store' | 'letters'>,
  caller: Caller,
  input: AppealRequest,
  now: Date,
  office: TenantSettings,
) {
  const claim = await deps.store.getRow(caller.tenantId, 'Claims', input.claimId);
  if (!claim || (input.customerId !== undefined && claim.customerId !== input.customerId)) {
    throw new ApiError(
      'REQUEST.NOT_FOUND',
      input.customerId === undefined
        ? `no claim "${input.claimId}" has been synced`
        : `no claim "${input.claimId}" for customer "${input.customerId}" has been synced`,
    );
  }
  const rows = await deps.store.customerRows(caller.tenantId, claim.customerId);
  const asOf = officeToday(now, office.timeZone);
  const { pdf, ...letter } = await appealLetterFromRows(
    rows,
    { ...input, customerId: claim.customerId },
    { office: officeFromSettings(office), asOf, createdAt: now },
  );
  const storedAs = await deps.letters.put(
    caller.tenantId,
    appealLetterPath(input.claimId, asOf),
    pdf,
    'application/pdf',
  );
  return json(200, { ...letter, storedAs });
}
