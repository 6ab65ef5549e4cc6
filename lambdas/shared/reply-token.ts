// The per-message reply address: `r-<ref>-<mac>@<reply domain>`, where ref names the message (a hash of its outbox key)
// and mac is an HMAC of it, so a reply is matched to its message without trusting anything else in it.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface ReplyKey {
  tenantId: string;
  customerId: string;
  stage: string;
  channel: string;
  cycle: string;
}

/** 80 bits of the outbox key's hash, lower-case hex (mail systems may lower-case a local part). */
export function replyRef(key: ReplyKey): string {
  return createHash('sha256')
    .update([key.tenantId, key.customerId, key.stage, key.channel, key.cycle].join('\u0000'))
    .digest('hex')
    .slice(0, 20);
}

const macOf = (ref: string, secret: string) =>
  createHmac('sha256', secret).update(`duebook-reply.${ref}`).digest('hex').slice(0, 16);

/** The address a message's replies go to (39 characters before the @, within RFC 5321's 64). */
export function replyAddress(key: ReplyKey, secret: string, domain: string): string {
  const ref = replyRef(key);
  return `r-${ref}-${macOf(ref, secret)}@${domain}`;
}

/** The ref of a reply address whose mac checks out, or undefined (any other address, a forged one). */
export function refOfReplyAddress(address: string, secret: string, domain: string): string | undefined {
  const m = /^r-([0-9a-f]{20})-([0-9a-f]{16})@(.+)$/.exec(address.trim().toLowerCase());
  if (!m || m[3] !== domain.toLowerCase()) return undefined;
  const expected = Buffer.from(macOf(m[1]!, secret));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? m[1] : undefined;
}
