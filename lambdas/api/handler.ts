// Lambda entry for the HTTP API: wiring only.
import { createIdTokenVerifier } from '../shared/id-token.js';
import { letters } from '../shared/letters-runtime.js';
import { env, store, unsubscribeSecret } from '../shared/runtime.js';
import { createApiHandler } from './app.js';

export const handler = createApiHandler({
  store,
  verifier: createIdTokenVerifier({ jwksUrl: env.jwksUrl, audiences: env.audiences }),
  now: () => new Date(),
  letters,
  senderAddress: env.senderAddress,
  publicBaseUrl: env.publicBaseUrl,
  // Top-level await: read once per cold start, before the first event.
  unsubscribeSecret: await unsubscribeSecret(),
});
