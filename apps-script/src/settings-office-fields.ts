// Settings the backend keeps for the office beyond the first page: how the sheet writes amounts
// (numberFormat, #11), card payments on or off with the deployment's provider, and what a debtor
// may arrange alone on the self-service page (portalLimits, #16). Read from, checked for and sent
// to `POST /v1/settings`, which takes the same fields.
import { NUMBER_FORMATS } from '../../core/ledger/money.js';
import type { Settings } from './contract.js';
import { AddonError } from './errors.js';

type Problem = { field: string; message: string };
type PortalLimits = NonNullable<Settings['portalLimits']>;

/** The backend's defaults (lambdas/payments/portal-page.ts DEFAULT_PORTAL_LIMITS): 30 days, 2-12 payments of at least 25.00. */
export const DEFAULT_PORTAL_LIMITS: PortalLimits = {
  promiseMaxDays: 30,
  planMaxInstallments: 12,
  planMinInstallmentMinor: 2_500,
};

/** The backend's bounds on each limit (lambdas/api/app.ts settingsChangeSchema). */
const BOUNDS: Record<keyof PortalLimits, [min: number, max: number, what: string]> = {
  promiseMaxDays: [1, 365, 'whole days'],
  planMaxInstallments: [2, 120, 'whole payments'],
  planMinInstallmentMinor: [0, 1_000_000_000, 'an amount'],
};

/** Fields of `POST /v1/settings` an older backend may not know; a refusal of one drops it and retries. */
export const NEWER_BACKEND_FIELDS = [
  'creditContactEmail',
  'numberFormat',
  'onlinePayments',
  'portalLimits',
] as const;

/** These settings as the backend's `GET`/`POST /v1/settings` answer gives them (defaults filled in). */
export function officeFieldsFrom(office: Record<string, unknown>): Partial<Settings> {
  const limits = (office.portalLimits ?? {}) as Partial<PortalLimits>;
  const out: Partial<Settings> = {
    portalLimits: {
      promiseMaxDays: limits.promiseMaxDays ?? DEFAULT_PORTAL_LIMITS.promiseMaxDays,
      planMaxInstallments: limits.planMaxInstallments ?? DEFAULT_PORTAL_LIMITS.planMaxInstallments,
      planMinInstallmentMinor:
        limits.planMinInstallmentMinor ?? DEFAULT_PORTAL_LIMITS.planMinInstallmentMinor,
    },
    onlinePayments: office.onlinePayments !== false,
    numberFormat: (NUMBER_FORMATS as readonly unknown[]).includes(office.numberFormat)
      ? (office.numberFormat as Settings['numberFormat'])
      : '',
  };
  if (office.paymentsProvider === 'stripe' || office.paymentsProvider === 'none')
    out.paymentsProvider = office.paymentsProvider;
  return out;
}

/** Checks these fields from the page; every problem names its field (`portalLimits.promiseMaxDays`). */
export function officeFieldProblems(input: Settings): Problem[] {
  const problems: Problem[] = [];
  const format = input.numberFormat ?? '';
  if (format !== '' && !(NUMBER_FORMATS as readonly string[]).includes(format))
    problems.push({ field: 'numberFormat', message: `must be one of ${NUMBER_FORMATS.join(' or ')}` });
  if (input.onlinePayments !== undefined && typeof input.onlinePayments !== 'boolean')
    problems.push({ field: 'onlinePayments', message: 'must be on or off' });
  const limits = input.portalLimits;
  if (limits !== undefined) {
    for (const [key, [min, max, what]] of Object.entries(BOUNDS) as [
      keyof PortalLimits,
      (typeof BOUNDS)[keyof PortalLimits],
    ][]) {
      const v = limits?.[key];
      if (!Number.isSafeInteger(v) || (v as number) < min || (v as number) > max)
        problems.push({
          field: `portalLimits.${key}`,
          message:
            key === 'planMinInstallmentMinor'
              ? `must be ${what} from 0.00 to ${(max / 100).toLocaleString('en-US')}.00`
              : `must be ${what} from ${min} to ${max}`,
        });
    }
  }
  return problems;
}

/** What goes into `POST /v1/settings` for these fields ('' numberFormat: not sent, the backend keeps its own). */
export function officeFieldsBody(s: Settings): Record<string, unknown> {
  return {
    ...(s.numberFormat ? { numberFormat: s.numberFormat } : {}),
    ...(typeof s.onlinePayments === 'boolean' ? { onlinePayments: s.onlinePayments } : {}),
    ...(s.portalLimits ? { portalLimits: s.portalLimits } : {}),
  };
}

/** `validate` and these fields' checks together: one error listing every field to fix. */
export function validateWith<T>(input: Settings, validate: (s: Settings) => T): T {
  const mine = officeFieldProblems(input);
  let checked: T;
  try {
    checked = validate(input);
  } catch (e) {
    if (e instanceof AddonError && e.kind === 'invalid' && mine.length > 0)
      throw new AddonError(e.kind, e.message, e.code, [...(e.fields ?? []), ...mine]);
    throw e;
  }
  if (mine.length > 0)
    throw new AddonError('invalid', 'Some settings need fixing.', 'SETTINGS.INVALID', mine);
  return checked;
}
