// A clerk's release of a credit hold (POST /v1/credit-holds/release): core's clerkRelease on the
// customer's stored rows, then the same once-only record as the daily run's releases (the notice
// to the credit contact, the flag the backend added dropped, an Activity note naming the clerk).

import { clerkRelease } from '../../core/collections/credit-holds.js';
import { buildBook } from '../../core/ledger/book.js';
import { ledgerFromFields } from '../../core/ledger/schema-rows.js';
import { ApiError } from '../api/errors.js';
import type { Mailer } from '../shared/mailer.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { carryOutReleases, type InternalOutcome, RELEASE_CHANNEL, RELEASE_STAGE } from './credit-holds.js';
import { groupByTab, LedgerService, officeToday } from './ledger-service.js';
import { fromLine } from './sender.js';

/** Roles that may lift a hold (lambdas/api/office-routes.ts ROLES); read-only members may not. */
const RELEASING_ROLES = new Set(['clerk', 'admin']);

export interface ClerkReleaseDeps {
  store: LedgerStore;
  /** Absent (the API in AWS has no SES permission): the notice is recorded and the next daily run sends it. */
  mailer?: Mailer;
  senderAddress: string;
  publicBaseUrl: string;
}

export interface ClerkReleaseAnswer {
  customerId: string;
  customerName: string;
  /** `released`: done now; `already-released`: this hold's release was recorded before (nothing repeated). */
  result: 'released' | 'already-released';
  /** What happened to the notice to the credit contact. */
  notice: InternalOutcome['status'];
  /** Why the notice waits or may have gone, when it was not emailed now. */
  waiting?: string;
  notifiedTo?: string;
  heldOn?: string;
  explanation: { rule: string; summary: string; policyVersion: string };
  /** The sheet's Customers row still shows the flag until the add-on (or a clerk) clears it. */
  clearFlagInSheet: true;
}

/**
 * Lifts the customer's credit hold on a clerk's decision. Throws 404 for an unknown customer,
 * 409 for one not on hold, 403 for a member whose role may not release.
 */
export async function releaseHoldByClerk(
  tenantId: string,
  input: { customerId: string; note?: string | undefined },
  caller: { email?: string | undefined; via: 'google' | 'api-key' },
  office: TenantSettings,
  now: Date,
  deps: ClerkReleaseDeps,
): Promise<ClerkReleaseAnswer> {
  if (caller.via === 'google') {
    const member = caller.email ? await deps.store.membership(caller.email) : undefined;
    if (!member || !RELEASING_ROLES.has(member.role ?? 'clerk'))
      throw new ApiError(
        'AUTH.FORBIDDEN',
        `${caller.email ?? 'this account'} may not release credit holds (role ${member?.role ?? 'none'}); ask a clerk or the office admin`,
      );
  }
  const rows = await deps.store.customerRows(tenantId, input.customerId);
  if (!rows.some((r) => r.tab === 'Customers'))
    throw new ApiError('REQUEST.NOT_FOUND', `no customer ${input.customerId}; sync the sheet first`, [
      { field: 'customerId', message: 'is not a customer the backend knows' },
    ]);
  const { ledger } = ledgerFromFields(groupByTab(rows));
  const asOf = officeToday(now, office.timeZone);
  const release = clerkRelease(ledger, input.customerId, asOf, input.note?.trim() || undefined);
  if (!release)
    throw new ApiError(
      'REQUEST.CONFLICT',
      `${input.customerId} is not on credit hold; there is nothing to release`,
      [{ field: 'customerId', message: 'has no credit-hold flag' }],
    );
  const base = deps.publicBaseUrl.replace(/\/+$/, '');
  const [outcome] = await carryOutReleases(tenantId, [release], ledger, buildBook(ledger, asOf), {
    store: deps.store,
    ledger: new LedgerService(deps.store),
    ...(deps.mailer ? { mailer: deps.mailer } : {}),
    from: fromLine(deps.senderAddress || office.officeEmail, office),
    ...(office.creditContactEmail ? { contact: { email: office.creditContactEmail } } : {}),
    unsubscribe: { url: `${base}/v1/settings`, mailto: `mailto:${office.officeEmail}` },
    timeZone: office.timeZone,
    asOf,
    now,
    by: caller.email ?? 'api-key',
    noMailer: "the API sends no email in this deployment; the office's next daily run sends it",
  });
  const entry = await deps.store.getOutbox(
    tenantId,
    input.customerId,
    RELEASE_STAGE,
    RELEASE_CHANNEL,
    release.heldOn ?? asOf,
  );
  return {
    customerId: release.customerId,
    customerName: release.customerName,
    result: outcome?.status === 'already-done' ? 'already-released' : 'released',
    notice: outcome?.status ?? 'already-done',
    ...(entry?.waiting ? { waiting: entry.waiting } : {}),
    ...(entry?.notifiedTo ? { notifiedTo: entry.notifiedTo } : {}),
    ...(release.heldOn ? { heldOn: release.heldOn } : {}),
    explanation: {
      rule: release.explanation.rule,
      summary: release.explanation.summary,
      policyVersion: release.explanation.policyVersion,
    },
    clearFlagInSheet: true,
  };
}
