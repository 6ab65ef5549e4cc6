// Production wiring of outgoing mail: the SES client at module scope.
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { env } from './runtime-env.js';

export const ses = new SESv2Client({
  region: env.region,
  ...(env.sesEndpoint ? { endpoint: env.sesEndpoint } : {}),
});
