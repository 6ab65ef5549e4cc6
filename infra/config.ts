// The deployment's parameters, in one place: read from CDK context (`cdk.json` or `-c`). With no office
// parameters the stack is the multi-office service (offices sign up from the add-on); naming a first
// admin (`duebook:firstAdmin`) makes it one firm's own stack, its office seeded on deploy.
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** `multi-office`: offices create themselves from the add-on; `own-stack`: one firm's office, seeded. */
export type DeployMode = 'multi-office' | 'own-stack';

/** Per-office limits (lambdas/shared/office-config.ts reads them from the functions' environment); 0: none. */
export interface QuotaConfig {
  apiRequestsPerMinute: number;
  rowsStored: number;
  emailsPerDay: number;
}

/** Everything the stack needs to know about a deployment (and, in own-stack mode, its office). */
export interface DuebookConfig {
  /** CloudFormation stack name. */
  stackName: string;
  mode: DeployMode;
  /** Google Workspace domains whose accounts may have offices here; [] = anyone (own-stack: the first admin's). */
  allowedDomains: string[];
  /** Own-stack mode: the office's first admin, who invites the rest from the add-on. */
  firstAdmin?: string;
  /** Own-stack mode: the office's country (ISO 3166 alpha-2), as onboarding records it. */
  country: string;
  /** The deployment's per-office quotas; the operator may override them per office (docs/offices.md). */
  quotas: QuotaConfig;
  /** The office's tenant id (same rule as lambdas/store/keys.ts: lowercase letters, digits, dashes). */
  tenantId: string;
  /** IANA time zone of the office: the daily plan runs at 09:00 there. */
  timeZone: string;
  /** Planned emails wait for staff approval in the sheet before they are sent. */
  reviewMode: boolean;
  /** The office's real legal name (production refuses the default "Accounts receivable"). */
  officeName: string;
  /** The office's postal address, printed on every message (required in production). */
  officeAddress?: string;
  /** Where customers reply; shown in emails. */
  officeEmail: string;
  // --- office identity and voice (issue #16): deploy defaults a clerk may change in the add-on ---
  /** Identity and payment instructions printed on every message and letter (`\n` in a value: a new line). */
  officeVoice?: OfficeVoiceDefaults;
  /** Day of the month (1-28) monthly statements go out. */
  statementDay: number;
  /** The From address of every email. */
  senderAddress: string;
  /** The SES identity that authorizes `senderAddress`: a domain (recommended) or the address itself. */
  senderIdentity: string;
  /** Create the SES identity in this stack (false when it already exists in the account and region). */
  manageSenderIdentity: boolean;
  /** Account-wide SES send rate (messages per second) the sender stays under. */
  sesSendRate: number;
  /** OAuth client ids whose Google ID tokens the API accepts (the add-on's). */
  googleAudiences: string[];
  /** No longer seeded (issue #17): always empty; staff are invited from the add-on's Settings > Members. */
  staffEmails: string[];
  /** Browser origins allowed by CORS, besides https://script.google.com. */
  corsOrigins: string[];
  /** Public base URL of the API for unsubscribe links; default: the HTTP API's own endpoint. */
  publicBaseUrl?: string;
  /**
   * The domain SES receives debtors' replies for (`replies.yourfirm.com`, MX to SES inbound): each
   * message gets its own reply address there; absent, no receiving is set up (docs/sending-identity.md).
   */
  replyDomain?: string;
  /** Who gets the alarm emails; required in production. */
  alarmEmail?: string;
  /** Production: deletion protection on the table, data and logs retained when the stack goes. */
  production: boolean;
  logRetention: RetentionDays;
}

/** The office identity and voice a deploy may set (keys `duebook:tradingName`, ... see README). */
export interface OfficeVoiceDefaults {
  tradingName?: string;
  officePhone?: string;
  signature?: string;
  footerText?: string;
  paymentInstructions?: { bankTransfer?: string; chequePayee?: string; chequeAddress?: string };
}

/** Thrown when a context value is missing or malformed; the message names the key and the fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly code = 'INFRA.CONFIG_INVALID';
}

/** Prefix of every Duebook context key, e.g. `-c duebook:tenantId=smith-dental`. */
export const CONTEXT_PREFIX = 'duebook:';

/** Department names that sound like a third party, not a creditor (15 U.S.C. 1692a(6)). */
const GENERIC_OFFICE_NAMES: ReadonlySet<string> = new Set([
  'accounts receivable',
  'billing',
  'billing department',
  'collections',
  'collections department',
]);

const PLACEHOLDER_AUDIENCE = 'REPLACE-ME.apps.googleusercontent.com';

/** Defaults for a first synth; production refuses the placeholders among them. */
export const DEFAULTS = {
  stackName: 'Duebook',
  tenantId: 'office',
  timeZone: 'America/New_York',
  reviewMode: true,
  officeName: 'Accounts receivable',
  senderAddress: 'billing@example.com',
  statementDay: 1,
  sesSendRate: 1,
  googleAudiences: [PLACEHOLDER_AUDIENCE],
  production: false,
  logRetentionDays: 90,
  // The multi-office service's defaults (lambdas/shared/office-config.ts DEFAULT_QUOTAS).
  quotaApiPerMinute: 600,
  quotaRows: 1_000_000,
  quotaEmailsPerDay: 5_000,
} as const;

/** Context keys that describe one office: they belong to own-stack mode only. */
const OFFICE_KEYS = ['tenantId', 'officeName', 'officeAddress', 'officeEmail'] as const;

type Lookup = (key: string) => unknown;

const EMAIL = /^[^\s@]+@([a-z0-9-]+\.)+[a-z]{2,}$/i;
const DOMAIN = /^([a-z0-9-]+\.)+[a-z]{2,}$/i;
const TENANT_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const AUDIENCE = /^[0-9a-z-]+\.apps\.googleusercontent\.com$/i;

/**
 * Reads and validates the office's parameters. `lookup` is `node.tryGetContext`; values given
 * with `-c` arrive as strings, so booleans, numbers and lists are parsed here.
 */
export function readConfig(lookup: Lookup): DuebookConfig {
  const get = (key: string): unknown => lookup(CONTEXT_PREFIX + key);
  const fail = (key: string, message: string): never => {
    throw new ConfigError(`context ${CONTEXT_PREFIX}${key}: ${message}`);
  };

  const str = (key: string, fallback?: string): string | undefined => {
    const v = get(key);
    if (v === undefined || v === null || v === '') return fallback;
    if (typeof v !== 'string') return fail(key, `expected a string, got ${JSON.stringify(v)}`);
    return v.trim();
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = get(key);
    if (v === undefined || v === null || v === '') return fallback;
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    return fail(key, `expected true or false, got ${JSON.stringify(v)}`);
  };
  const num = (key: string, fallback: number, min: number, max: number, integer: boolean): number => {
    const v = get(key);
    if (v === undefined || v === null || v === '') return fallback;
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
      return fail(
        key,
        `expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(v)}`,
      );
    return n;
  };
  const list = (key: string, fallback: readonly string[]): string[] => {
    const v = get(key);
    if (v === undefined || v === null || v === '') return [...fallback];
    const items = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : undefined;
    if (!items || items.some((i) => typeof i !== 'string'))
      return fail(key, `expected a list of strings or a comma-separated string, got ${JSON.stringify(v)}`);
    return (items as string[]).map((s) => s.trim()).filter(Boolean);
  };

  const production = bool('production', DEFAULTS.production);

  const tenantId = str('tenantId', DEFAULTS.tenantId)!;
  if (!TENANT_ID.test(tenantId))
    fail('tenantId', `"${tenantId}" is not a tenant id (2-63 lowercase letters, digits or dashes)`);

  const timeZone = str('timeZone', DEFAULTS.timeZone)!;
  if (!isTimeZone(timeZone))
    fail('timeZone', `"${timeZone}" is not an IANA time zone such as America/Chicago`);

  const senderAddress = str('senderAddress', DEFAULTS.senderAddress)!;
  if (!EMAIL.test(senderAddress)) fail('senderAddress', `"${senderAddress}" is not an email address`);
  const senderDomain = senderAddress.split('@')[1]!.toLowerCase();
  const senderIdentity = str('senderIdentity', senderDomain)!;
  if (senderIdentity.includes('@')) {
    if (senderIdentity.toLowerCase() !== senderAddress.toLowerCase())
      fail('senderIdentity', `an address identity must be the sender address itself (${senderAddress})`);
  } else if (!DOMAIN.test(senderIdentity)) {
    fail('senderIdentity', `"${senderIdentity}" is neither a domain nor an email address`);
  } else if (senderDomain !== senderIdentity.toLowerCase() && !senderDomain.endsWith(`.${senderIdentity}`)) {
    fail('senderIdentity', `the domain ${senderIdentity} does not cover the sender address ${senderAddress}`);
  }

  const officeEmail = str('officeEmail', senderAddress)!;
  const officeName = str('officeName', DEFAULTS.officeName)!;
  const officeAddress = str('officeAddress');
  if (!EMAIL.test(officeEmail)) fail('officeEmail', `"${officeEmail}" is not an email address`);

  // Office identity and voice: free text, `\n` for a new line (a -c value is one line).
  const lines = (key: string, max: number): string | undefined => {
    const v = str(key)?.replace(/\\n/g, '\n');
    if (v !== undefined && v.length > max) fail(key, `at most ${max} characters`);
    return v;
  };
  const pay = {
    bankTransfer: lines('paymentBankTransfer', 500),
    chequePayee: lines('paymentChequePayee', 200),
    chequeAddress: lines('paymentChequeAddress', 300),
  };
  const voice: OfficeVoiceDefaults = Object.fromEntries(
    Object.entries({
      tradingName: lines('tradingName', 200),
      officePhone: lines('officePhone', 40),
      signature: lines('signature', 300),
      footerText: lines('footerText', 500),
      paymentInstructions: Object.values(pay).some((v) => v !== undefined)
        ? Object.fromEntries(Object.entries(pay).filter(([, v]) => v !== undefined))
        : undefined,
    }).filter(([, v]) => v !== undefined),
  );

  const googleAudiences = list('googleAudiences', DEFAULTS.googleAudiences);
  if (googleAudiences.length === 0)
    fail('googleAudiences', "list the add-on's OAuth client id (…apps.googleusercontent.com)");
  for (const a of googleAudiences)
    if (!AUDIENCE.test(a))
      fail('googleAudiences', `"${a}" is not an OAuth client id (…apps.googleusercontent.com)`);

  // Staff are no longer a deploy parameter: the first admin invites them from the add-on.
  if (list('staffEmails', []).length > 0)
    fail(
      'staffEmails',
      'staff are no longer added on deploy: name the first admin with -c duebook:firstAdmin=you@yourfirm.com, who invites the others from the add-on (Settings > Members)',
    );
  const firstAdmin = str('firstAdmin')?.toLowerCase();
  if (firstAdmin !== undefined && !EMAIL.test(firstAdmin))
    fail('firstAdmin', `"${firstAdmin}" is not an email address`);
  const mode: DeployMode = firstAdmin === undefined ? 'multi-office' : 'own-stack';
  if (mode === 'multi-office') {
    const given = OFFICE_KEYS.filter((k) => str(k) !== undefined);
    if (given.length > 0)
      fail(
        given[0]!,
        `office parameters (${given.join(', ')}) describe one firm's own stack: add -c duebook:firstAdmin=you@yourfirm.com, or leave them out for the multi-office service, where each office signs up from the add-on`,
      );
  }
  const allowedDomains = list('allowedDomains', firstAdmin ? [firstAdmin.split('@')[1]!] : []).map((d) =>
    d.toLowerCase(),
  );
  for (const d of allowedDomains)
    if (!DOMAIN.test(d)) fail('allowedDomains', `"${d}" is not a domain such as yourfirm.com`);
  if (firstAdmin && !allowedDomains.includes(firstAdmin.split('@')[1]!))
    fail(
      'allowedDomains',
      `the first admin ${firstAdmin} must be in one of the allowed domains (${allowedDomains.join(', ')})`,
    );
  const country = str('country', 'US')!.toUpperCase();
  if (!/^[A-Z]{2}$/.test(country))
    fail('country', `"${country}" is not a two-letter country code such as US`);
  const quotas: QuotaConfig = {
    apiRequestsPerMinute: num('quotaApiPerMinute', DEFAULTS.quotaApiPerMinute, 0, 1_000_000, true),
    rowsStored: num('quotaRows', DEFAULTS.quotaRows, 0, 1_000_000_000, true),
    emailsPerDay: num('quotaEmailsPerDay', DEFAULTS.quotaEmailsPerDay, 0, 10_000_000, true),
  };

  const corsOrigins = list('corsOrigins', []);
  for (const o of corsOrigins)
    if (!/^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(o))
      fail(
        'corsOrigins',
        `"${o}" is not an exact https origin (HTTP APIs match origins exactly, so *.googleusercontent.com cannot be listed)`,
      );

  const publicBaseUrl = str('publicBaseUrl');
  if (publicBaseUrl !== undefined && !/^https:\/\/[^\s/]+(\/[^\s]*)?$/.test(publicBaseUrl))
    fail('publicBaseUrl', `"${publicBaseUrl}" is not an https URL`);

  const alarmEmail = str('alarmEmail');
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail))
    fail('alarmEmail', `"${alarmEmail}" is not an email address`);

  const logRetentionDays = num('logRetentionDays', DEFAULTS.logRetentionDays, 1, 3653, true);
  const logRetention = Object.values(RetentionDays).find((d) => d === logRetentionDays) as
    | RetentionDays
    | undefined;
  if (logRetention === undefined)
    fail(
      'logRetentionDays',
      `${logRetentionDays} is not a CloudWatch Logs retention (e.g. 30, 90, 180, 365)`,
    );

  if (production) {
    if (googleAudiences.includes(PLACEHOLDER_AUDIENCE))
      fail('googleAudiences', "production needs the add-on's real OAuth client id, not the placeholder");
    if (senderDomain === 'example.com')
      fail('senderAddress', 'production needs the office’s real sender address');
    if (alarmEmail === undefined) fail('alarmEmail', 'production needs an address for alarm emails');
    // Own-stack mode seeds the office: it must be real. Multi-office offices set theirs in the add-on.
    if (
      mode === 'own-stack' &&
      (officeName === DEFAULTS.officeName || GENERIC_OFFICE_NAMES.has(officeName.trim().toLowerCase()))
    )
      fail('officeName', `production needs the office's real legal name, not "${officeName}"`);
    if (mode === 'own-stack' && officeAddress === undefined)
      fail('officeAddress', "production needs the office's postal address");
  }

  const replyDomain = str('replyDomain', undefined)?.toLowerCase();
  if (replyDomain !== undefined && !DOMAIN.test(replyDomain))
    fail('replyDomain', `"${replyDomain}" is not a domain such as replies.yourfirm.com`);

  return {
    stackName: str('stackName', DEFAULTS.stackName)!,
    mode,
    allowedDomains,
    ...(firstAdmin === undefined ? {} : { firstAdmin }),
    country,
    quotas,
    tenantId,
    timeZone,
    reviewMode: bool('reviewMode', DEFAULTS.reviewMode),
    officeName,
    ...(officeAddress === undefined ? {} : { officeAddress }),
    officeEmail,
    ...(Object.keys(voice).length > 0 ? { officeVoice: voice } : {}),
    statementDay: num('statementDay', DEFAULTS.statementDay, 1, 28, true),
    senderAddress,
    senderIdentity,
    manageSenderIdentity: bool('manageSenderIdentity', true),
    sesSendRate: num('sesSendRate', DEFAULTS.sesSendRate, 0.1, 500, false),
    googleAudiences,
    staffEmails: [],
    corsOrigins,
    ...(publicBaseUrl === undefined ? {} : { publicBaseUrl: publicBaseUrl.replace(/\/$/, '') }),
    ...(replyDomain === undefined ? {} : { replyDomain }),
    ...(alarmEmail === undefined ? {} : { alarmEmail }),
    production,
    logRetention: logRetention!,
  };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}
