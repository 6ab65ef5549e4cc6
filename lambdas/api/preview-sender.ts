// The From and Reply-To a review preview shows: the ones the sender will use when the message
// leaves (the office's own domain once SES verified it, else the service's address under the
// office's name), read from the same standing the sender reads, not the deployment's bare address.
import { senderFor } from '../services/mail-standing.js';
import { fromLine } from '../services/sender.js';
import type { MailStanding } from '../store/mail-standing-store.js';
import type { TenantSettings } from '../store/tenant-settings.js';

/** What the preview says about its sender. */
export interface PreviewSender {
  from: string;
  replyTo: string;
  /** `office-domain`: the office's verified domain; `service-domain`: the service's, under the office's name. */
  fromVia: 'office-domain' | 'service-domain' | 'deployment';
  /** The office's domain while SES has not verified it (mail goes from the service's meanwhile). */
  pendingDomain?: { domain: string; status: string };
}

/** The one read the preview needs of the office's sending standing. */
export interface SenderStanding {
  standing(tenantId: string): Promise<Pick<MailStanding, 'identity'>>;
}

/**
 * The From the sender will use for this office: with a standing store (the multi-office service),
 * exactly `sendGate`'s; without one, the deployment's sender address (fromLine), as the sender does.
 */
export async function previewSender(
  tenantId: string,
  settings: TenantSettings,
  deps: { senderAddress: string; standing?: SenderStanding },
): Promise<PreviewSender> {
  if (!deps.standing)
    return {
      from: fromLine(deps.senderAddress, settings),
      replyTo: settings.officeEmail,
      fromVia: 'deployment',
    };
  const standing = await deps.standing.standing(tenantId);
  const { from, replyTo, via } = senderFor(deps.senderAddress, settings, standing);
  const identity = standing.identity;
  return {
    from,
    replyTo,
    fromVia: via,
    ...(identity && identity.status !== 'verified'
      ? { pendingDomain: { domain: identity.domain, status: identity.status } }
      : {}),
  };
}
