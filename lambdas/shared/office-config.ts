// The deployment's office options, read once from the environment: allowed Google Workspace domains
// (empty: anyone may create an office) and the default per-office quotas (0: no limit).
import type { QuotaLimits } from '../store/quota-store.js';

export interface OfficeOptions {
  /** Lowercase email domains whose accounts may create, join or be invited to offices; [] = anyone. */
  allowedDomains: string[];
  /** The deployment's per-office limits; the operator may override them per office. */
  quotas: QuotaLimits;
}

/** The defaults of a multi-office deployment (infra/config.ts uses the same numbers). */
export const DEFAULT_QUOTAS: QuotaLimits = {
  apiRequestsPerMinute: 600,
  rowsStored: 1_000_000,
  emailsPerDay: 5_000,
};

export const DEFAULT_OFFICE_OPTIONS: OfficeOptions = { allowedDomains: [], quotas: DEFAULT_QUOTAS };

const DOMAIN = /^([a-z0-9-]+\.)+[a-z]{2,}$/;

/** Thrown at cold start when a variable is malformed; names the variable. */
export class OfficeConfigError extends Error {
  override name = 'OfficeConfigError';
  readonly code = 'CONFIG.OFFICE_OPTIONS';
}

/** `ALLOWED_DOMAINS` (comma-separated), `QUOTA_API_PER_MINUTE`, `QUOTA_ROWS`, `QUOTA_EMAILS_PER_DAY`. */
export function readOfficeOptions(env: Record<string, string | undefined>): OfficeOptions {
  const allowedDomains = (env.ALLOWED_DOMAINS ?? '')
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  for (const d of allowedDomains)
    if (!DOMAIN.test(d))
      throw new OfficeConfigError(`ALLOWED_DOMAINS: "${d}" is not a domain such as yourfirm.com`);
  const int = (name: string, fallback: number) => {
    const v = env[name];
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new OfficeConfigError(`${name}: "${v}" is not a whole number (0 = no limit)`);
    return n;
  };
  return {
    allowedDomains,
    quotas: {
      apiRequestsPerMinute: int('QUOTA_API_PER_MINUTE', DEFAULT_QUOTAS.apiRequestsPerMinute),
      rowsStored: int('QUOTA_ROWS', DEFAULT_QUOTAS.rowsStored),
      emailsPerDay: int('QUOTA_EMAILS_PER_DAY', DEFAULT_QUOTAS.emailsPerDay),
    },
  };
}

/** The domain of an email address, lowercase. */
export const domainOf = (email: string) =>
  email
    .slice(email.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();

/** Whether `email` may belong to an office on this deployment. */
export function domainAllowed(options: OfficeOptions, email: string): boolean {
  return options.allowedDomains.length === 0 || options.allowedDomains.includes(domainOf(email));
}
