// The emails-per-day quota of each office (issue #17): the sender takes one email of the office's
// day before it claims an entry; past the limit the entry waits, planned, for the next UTC day.
import type { OfficeOptions } from '../shared/office-config.js';
import type { QuotaStore } from '../store/quota-store.js';

/** What the sender asks before a send: go ahead, or wait until `notBefore` (epoch ms) and why. */
export type EmailQuotaAnswer = { ok: true } | { ok: false; notBefore: number; reason: string };

export type EmailQuota = (tenantId: string, now: Date) => Promise<EmailQuotaAnswer>;

/** How long one instance trusts an office's limit before reading the operator's overrides again. */
const LIMITS_CACHE_MS = 60_000;

/**
 * Counts emails per office and UTC day in DynamoDB (one atomic counter per office and day, shared
 * by every sender instance). A count taken for an entry another sender then claimed is not given
 * back: the quota errs towards sending fewer, never more.
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
  return async (tenantId, now) => {
    const limit = await limitOf(tenantId);
    if (limit === 0) return { ok: true };
    const day = now.toISOString().slice(0, 10);
    const nextDay = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
    const n = await quotas.count(tenantId, 'emails', day, Math.floor(nextDay / 1000) + 86_400);
    if (n <= limit) return { ok: true };
    return {
      ok: false,
      notBefore: nextDay,
      reason: `held: the office has sent its quota of ${limit} emails today (UTC); it goes out after ${new Date(nextDay).toISOString()}`,
    };
  };
}
