// Signed unsubscribe tokens: the link in every email names the tenant and address, tamper-proof.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface UnsubscribeClaim {
  tenantId: string;
  email: string;
  customerId: string;
}

const mac = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(payload).digest('base64url');

export function signUnsubscribeToken(claim: UnsubscribeClaim, secret: string): string {
  const payload = Buffer.from(
    JSON.stringify([claim.tenantId, claim.email.toLowerCase(), claim.customerId]),
  ).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The claim of a well-signed token, or undefined for anything forged, truncated or malformed. */
export function verifyUnsubscribeToken(token: string, secret: string): UnsubscribeClaim | undefined {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const [tenantId, email, customerId] = JSON.parse(
      Buffer.from(payload, 'base64url').toString('utf8'),
    ) as string[];
    if (typeof tenantId !== 'string' || typeof email !== 'string' || typeof customerId !== 'string')
      return undefined;
    return { tenantId, email, customerId };
  } catch {
    return undefined;
  }
}
