// Signed, expiring links for the debtor: the self-service page and the pay link. Bound to one tenant
// and customer (and the message they came in), signed like the unsubscribe token with the same key
// but a different purpose prefix, so one kind of token is never accepted as another.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkPurpose = 'portal' | 'pay';

export interface PortalClaim {
  purpose: LinkPurpose;
  tenantId: string;
  customerId: string;
  /** Expiry as an instant in ms. */
  expiresAt: number;
  /** The message the link came in (`stage#channel#cycle`), for tracking clicks; '' when none. */
  outboxKey: string;
}

/** How long a link in a message stays valid: a reminder cycle and then some. */
export const PORTAL_LINK_DAYS = 45;

const mac = (secret: string, purpose: LinkPurpose, payload: string) =>
  createHmac('sha256', secret).update(`duebook-${purpose}.${payload}`).digest('base64url');

export function signPortalToken(claim: PortalClaim, secret: string): string {
  const payload = Buffer.from(
    JSON.stringify([claim.tenantId, claim.customerId, Math.floor(claim.expiresAt / 1000), claim.outboxKey]),
  ).toString('base64url');
  return `${payload}.${mac(secret, claim.purpose, payload)}`;
}

export type PortalTokenCheck =
  | { ok: true; claim: PortalClaim }
  | { ok: false; code: 'PORTAL.TOKEN_INVALID' | 'PORTAL.TOKEN_EXPIRED'; message: string };

/** The claim of a well-signed, unexpired token of this purpose; why not otherwise. */
export function verifyPortalToken(
  token: string,
  purpose: LinkPurpose,
  secret: string,
  now: number,
): PortalTokenCheck {
  const invalid = {
    ok: false,
    code: 'PORTAL.TOKEN_INVALID',
    message: 'this link is not valid; it may have been cut short',
  } as const;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return invalid;
  const expected = Buffer.from(mac(secret, purpose, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return invalid;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return invalid;
  }
  if (!Array.isArray(parts) || parts.length !== 4) return invalid;
  const [tenantId, customerId, exp, outboxKey] = parts as unknown[];
  if (
    typeof tenantId !== 'string' ||
    typeof customerId !== 'string' ||
    typeof exp !== 'number' ||
    typeof outboxKey !== 'string'
  )
    return invalid;
  if (exp * 1000 <= now)
    return {
      ok: false,
      code: 'PORTAL.TOKEN_EXPIRED',
      message: 'this link has expired; the next message from the office carries a new one',
    };
  return { ok: true, claim: { purpose, tenantId, customerId, expiresAt: exp * 1000, outboxKey } };
}
