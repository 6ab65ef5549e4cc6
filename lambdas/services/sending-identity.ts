// An office's own sending domain: starts SES domain verification (SESv2 CreateEmailIdentity, Easy DKIM), keeps the
// DNS records to publish, and reports pending / verified / failed from GetEmailIdentity.
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { type ClientOrMaker, clientOf, sesPackage } from '../shared/sdk-on-demand.js';
import type {
  DnsRecord,
  IdentityStatus,
  MailStandingStore,
  SendingIdentity,
} from '../store/mail-standing-store.js';

export interface SendingIdentityDeps {
  /**
   * An SESv2 client for the identity calls (in AWS the same as the mailer's, made on first use;
   * locally the stand-in).
   */
  ses: ClientOrMaker<SESv2Client>;
  standing: MailStandingStore;
  /** The deployment's configuration set, attached to the new identity so its mail is tracked alike. */
  configurationSet?: string;
}

export class SendingIdentityError extends Error {
  override name = 'SendingIdentityError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const DOMAIN = /^(?=.{4,253}$)(?!-)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/;

/** A domain name an office may verify, lower-cased; throws `IDENTITY.DOMAIN_INVALID` naming the field. */
export function normalizeDomain(text: string): string {
  const domain = text.trim().toLowerCase().replace(/\.$/, '');
  if (!DOMAIN.test(domain) || domain.split('.').some((l) => l.startsWith('-') || l.endsWith('-')))
    throw new SendingIdentityError(
      'IDENTITY.DOMAIN_INVALID',
      `domain: "${text}" is not a domain name (like yourfirm.com)`,
    );
  return domain;
}

/** SES's DKIM status in the office's words: verified, failed, or pending. */
export function statusOf(
  dkimStatus: string | undefined,
  verifiedForSending: boolean | undefined,
): IdentityStatus {
  if (verifiedForSending === true || dkimStatus === 'SUCCESS') return 'verified';
  if (dkimStatus === 'FAILED') return 'failed';
  // PENDING, TEMPORARY_FAILURE (SES retries on its own), NOT_STARTED.
  return 'pending';
}

/** The three Easy DKIM CNAMEs: `<token>._domainkey.<domain>` -> `<token>.dkim.amazonses.com`. */
export function dkimRecords(domain: string, tokens: readonly string[]): DnsRecord[] {
  return tokens.map((t) => ({
    type: 'CNAME',
    name: `${t}._domainkey.${domain}`,
    value: `${t}.dkim.amazonses.com`,
  }));
}

/**
 * Starts verification of `domain` for the office (idempotent: a domain SES already has is read
 * back, not created twice) and stores the records to publish. `fromAddress` must be in the domain;
 * default `billing@<domain>`.
 */
export async function startVerification(
  tenantId: string,
  input: { domain: string; fromAddress?: string },
  now: Date,
  deps: SendingIdentityDeps,
): Promise<SendingIdentity> {
  const domain = normalizeDomain(input.domain);
  const fromAddress = (input.fromAddress ?? `billing@${domain}`).trim().toLowerCase();
  if (!/^[a-z0-9._%+-]+@[a-z0-9.-]+$/.test(fromAddress) || !fromAddress.endsWith(`@${domain}`))
    throw new SendingIdentityError(
      'IDENTITY.FROM_INVALID',
      `fromAddress: "${input.fromAddress}" must be an address at ${domain} (like billing@${domain})`,
    );
  let dkim: { Status?: string; Tokens?: string[] } | undefined;
  let verified: boolean | undefined;
  const { CreateEmailIdentityCommand, GetEmailIdentityCommand } = sesPackage();
  const ses = clientOf(deps.ses);
  try {
    const res = await ses.send(
      new CreateEmailIdentityCommand({
        EmailIdentity: domain,
        ...(deps.configurationSet ? { ConfigurationSetName: deps.configurationSet } : {}),
        Tags: [{ Key: 'duebook:tenant', Value: tenantId }],
      }),
    );
    dkim = res.DkimAttributes;
    verified = res.VerifiedForSendingStatus;
  } catch (e) {
    if ((e as { name?: string }).name !== 'AlreadyExistsException')
      throw new SendingIdentityError(
        'IDENTITY.SES_FAILED',
        `SES did not start verifying ${domain}: ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    // Started before: read it back. SES identities belong to the whole AWS account, so a domain
    // another office registered (or the service's own) must never become this office's From.
    const res = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: domain }));
    const owner = res.Tags?.find((t) => t.Key === 'duebook:tenant')?.Value;
    if (owner !== tenantId)
      throw new SendingIdentityError(
        'IDENTITY.TAKEN',
        `domain: ${domain} is already registered with this service by another office or by the service itself; an office can only send from a domain it registered (ask support if this domain is yours)`,
      );
    dkim = res.DkimAttributes;
    verified = res.VerifiedForSendingStatus;
  }
  const at = now.toISOString();
  const identity: SendingIdentity = {
    domain,
    fromAddress,
    status: statusOf(dkim?.Status, verified),
    sesStatus: dkim?.Status ?? 'NOT_STARTED',
    records: dkimRecords(domain, dkim?.Tokens ?? []),
    startedAt: at,
    checkedAt: at,
  };
  await deps.standing.putIdentity(tenantId, identity);
  return identity;
}

/** Asks SES how the office's domain stands now and stores it; undefined when the office has none. */
export async function refreshIdentity(
  tenantId: string,
  now: Date,
  deps: SendingIdentityDeps,
): Promise<SendingIdentity | undefined> {
  const current = (await deps.standing.standing(tenantId)).identity;
  if (!current) return undefined;
  let next: SendingIdentity;
  const { GetEmailIdentityCommand } = sesPackage();
  try {
    const res = await clientOf(deps.ses).send(new GetEmailIdentityCommand({ EmailIdentity: current.domain }));
    const dkim = res.DkimAttributes;
    next = {
      ...current,
      status: statusOf(dkim?.Status, res.VerifiedForSendingStatus),
      sesStatus: dkim?.Status ?? current.sesStatus,
      records: dkim?.Tokens?.length ? dkimRecords(current.domain, dkim.Tokens) : current.records,
      checkedAt: now.toISOString(),
    };
  } catch (e) {
    if ((e as { name?: string }).name !== 'NotFoundException') throw e;
    // Deleted in SES (by an operator): the office sends from the service's domain until it starts again.
    next = { ...current, status: 'failed', sesStatus: 'NOT_FOUND', checkedAt: now.toISOString() };
  }
  if (
    next.status !== current.status ||
    next.sesStatus !== current.sesStatus ||
    next.records.length !== current.records.length
  )
    await deps.standing.putIdentity(tenantId, next);
  return next;
}
