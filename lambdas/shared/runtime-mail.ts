// Production wiring of outgoing mail: the SES client's settings, and the client made on first use
// for the handlers that send only on some events (api, daily-run). The sender, which sends on every
// event, makes its own client at cold start (lambdas/sender/handler.ts).
import type { SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { onFirstUse } from './on-first-use.js';
import { env } from './runtime-env.js';
import { sesPackage } from './sdk-on-demand.js';

export const sesConfig: SESv2ClientConfig = {
  region: env.region,
  ...(env.sesEndpoint ? { endpoint: env.sesEndpoint } : {}),
};

/** The SES client, made (and @aws-sdk/client-sesv2 loaded) the first time a mail or identity call needs it. */
export const sesOnFirstUse = onFirstUse(() => new (sesPackage().SESv2Client)(sesConfig));
