// "Letters for today" for the letter channel: the open accounts planned as the daily run plans
// them, each letter the plan calls for rendered with the office's identity and wording (the same
// content as the stage's email), bound into one PDF kept in letter storage.

import { type AccountSnapshot, ledgerFromSnapshots } from '../../core/collections/account-snapshot.js';
import { planCollections } from '../../core/collections/collection-plan.js';
import { type DayLetter, lettersDocument, lettersForToday } from '../../core/documents/mailed.js';
import { renderPdf } from '../documents/pdf.js';
import type { LetterStorage } from '../shared/letter-storage.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { LedgerService, officeToday } from './ledger-service.js';
import { officeOf } from './office-voice.js';
import { policyFor } from './tenant-policy.js';

/** What `GET /v1/letters/today` answers. */
export interface LettersToday {
  asOf: string;
  letters: { customerId: string; stage: string }[];
  skipped: { customerId: string; stage: string; reason: string }[];
  /** The PDF's key in letter storage (`tenant/<t>/letters/day/<asOf>.pdf`), when there are letters. */
  storedAs?: string;
  pdfBase64?: string;
}

/** Where a day's letters are kept. */
export function dayLettersPath(asOf: string): string {
  return `letters/day/${asOf}.pdf`;
}

/** The day's letters for a tenant, planned over its open accounts as they stand at `now`. */
export async function lettersToday(
  deps: { store: LedgerStore; letters: LetterStorage },
  settings: TenantSettings,
  now: Date,
  /** One debtor's letter alone (the sidebar's Today list): not kept in storage, the day's PDF is. */
  customerId?: string,
): Promise<LettersToday> {
  const { tenantId } = settings;
  const asOf = officeToday(now, settings.timeZone);
  // Accounts a sync marked are brought up to date first, as the daily run does.
  await new LedgerService(deps.store).flushPending(tenantId, asOf, now);
  const snapshots = (await deps.store.openAccounts(tenantId)) as unknown as AccountSnapshot[];
  const policy = policyFor(settings);
  const { ledger, book } = ledgerFromSnapshots(snapshots, asOf);
  const plan = planCollections({
    ledger,
    book,
    policy,
    asOf,
    now: now.getTime(),
    defaultTimeZone: settings.timeZone,
  });
  const office = officeOf(settings);
  const day: DayLetter[] = lettersForToday({
    ledger,
    book,
    plan,
    policy,
    office,
    asOf,
    ...(settings.templates ? { templates: settings.templates } : {}),
    ...(settings.logo ? { logo: settings.logo } : {}),
    ...(settings.handoverTo ? { handOverTo: settings.handoverTo } : {}),
  });
  const mine = customerId === undefined ? day : day.filter((l) => l.customerId === customerId);
  const made = mine.flatMap((l) => ('blocks' in l ? [l] : []));
  const answer: LettersToday = {
    asOf,
    letters: made.map((l) => ({ customerId: l.customerId, stage: l.stage })),
    skipped: mine.flatMap((l) =>
      'skipped' in l ? [{ customerId: l.customerId, stage: l.stage, reason: l.skipped }] : [],
    ),
  };
  if (made.length === 0) return answer;
  const pdf = await renderPdf(
    lettersDocument(
      made.map((l) => l.blocks),
      office,
      asOf,
    ),
    { createdAt: now, author: office.name },
  );
  if (customerId !== undefined) return { ...answer, pdfBase64: Buffer.from(pdf).toString('base64') };
  const storedAs = await deps.letters.put(tenantId, dayLettersPath(asOf), pdf, 'application/pdf');
  return { ...answer, storedAs, pdfBase64: Buffer.from(pdf).toString('base64') };
}
