// The emails-per-day quota of each office (issue #17): the sender takes one email of the office's
// day (its own time zone's calendar day) before it claims an entry; past the limit the entry waits,
// planned, for the office's next midnight.
import { addDays, localTime, zonedInstant } from '../../core/ledger/dates.js';
import type { OfficeOptions } from '../shared/office-config.js';
import type { QuotaStore } from '../store/quota-store.js';

/** What the sender asks before a send: go ahead, or wait until `notBefore` (epoch ms) and why. */
export type EmailQuotaAnswer = { ok: true } | { ok: false; notBefore: number; reason: string };

/** Asks for one email of the office's day; `timeZone` is the office's (settings.timeZone). */
export type EmailQuota = (tenantId: string, now: Date, timeZone: string) => Promise<EmailQuotaAnswer>;

/** How long one instance trusts an office's limit before reading the operator's overrides again. */
const LIMITS_CACHE_MS = 60_000;

/** The office's calendar day at `now` (the counter's window): its wall clock's date, not UTC's. */
export function emailQuotaDay(now: Date, timeZone: string): string {
  return localTime(now.getTime(), timeZone).date;
}

/** The instant the office's next day begins (its next local midnight, DST included). */
export function nextOfficeDay(now: Date, timeZone: string): number {
  return zonedInstant(addDays(emailQuotaDay(now, timeZone), 1), 0, timeZone);
}

/**
 * Counts emails per office and office-local day in DynamoDB (one atomic counter per office and
 * day, shared by every sender instance). A count taken for an entry another sender then claimed is
 * not given back: the quota errs towards sending fewer, never more.
 */
export function createEmailQuota(quotas: QuotaStore, options: Pick<OfficeOptions, 'quotas'>): EmailQuota {
  const cache = new Map<string, { limit: number; at: number }>();
  const limitOf = async (tenantId: string) => {
    const hit = cache.get(tenantId);
    if (hit && Date.now() - hit.at < LIMITS_CACHE_MS) return hit.limit;
    const limit = (await quotas.overrides(tenantId)).emailsPerDay ?? options.quotas.emailsPerDay;
    cache.set(tenantId, { limit, at: Date.now() });
    return limit;
  };
  return async (tenantId, now, timeZone) => {
    const limit = await limitOf(tenantId);
    if (limit === 0) return { ok: true };
    const day = emailQuotaDay(now, timeZone);
    const nextDay = nextOfficeDay(now, timeZone);
    const n = await quotas.count(tenantId, 'emails', day, Math.floor(nextDay / 1000) + 86_400);
    if (n <= limit) return { ok: true };
    return {
      ok: false,
      notBefore: nextDay,
      reason: `held: the office has sent its quota of ${limit} emails today (${day}, ${timeZone}); it goes out after ${new Date(nextDay).toISOString()}, the office's next midnight`,
    };
  };
}
