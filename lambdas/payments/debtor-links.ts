// The debtor's links a message carries (the self-service page, and pay where the office takes
// payments online): light on purpose, since the sender imports it.
import { PORTAL_LINK_DAYS, signPortalToken } from '../shared/portal-token.js';

/**
 * The links a message carries: the page and, when the office takes payments online, pay. They
 * expire PORTAL_LINK_DAYS after `issuedOn` (the day the message was planned), so the review
 * queue's preview and the email sent later carry the same links, word for word.
 */
export function debtorLinks(
  input: { tenantId: string; customerId: string; outboxKey: string },
  deps: { linkSecret: string; publicBaseUrl: string; stripeEnabled: boolean },
  issuedOn: string,
): { portalLink: string; payLink?: string } {
  const expiresAt = Date.parse(`${issuedOn.slice(0, 10)}T00:00:00Z`) + (PORTAL_LINK_DAYS + 1) * 86_400_000;
  const claim = { ...input, expiresAt };
  const portal = signPortalToken({ ...claim, purpose: 'portal' }, deps.linkSecret);
  const portalLink = `${deps.publicBaseUrl}/v1/portal?token=${portal}`;
  if (!deps.stripeEnabled) return { portalLink };
  const pay = signPortalToken({ ...claim, purpose: 'pay' }, deps.linkSecret);
  return { portalLink, payLink: `${deps.publicBaseUrl}/v1/pay?token=${pay}` };
}
