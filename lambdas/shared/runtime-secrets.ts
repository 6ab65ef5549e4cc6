// Production wiring of the secrets: the Stripe keys and the unsubscribe signing key, each read once
// per cold start from Secrets Manager (or the environment, see secret.ts).
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { env } from './runtime-env.js';
import { secretLoader, unsubscribeSecretSource } from './secret.js';
import { loadStripeKeys, type StripeKeys } from './stripe-keys.js';

let stripeKeysPending: Promise<StripeKeys | undefined> | undefined;

/** The office's Stripe keys (undefined until it puts them in the secret), read once per cold start. */
export function stripeKeys(): Promise<StripeKeys | undefined> {
  stripeKeysPending ??= loadStripeKeys(
    env.stripeSecretArn,
    () => new SecretsManagerClient({ region: env.region }),
  );
  return stripeKeysPending;
}

let loadUnsubscribeSecret: (() => Promise<string>) | undefined;

/**
 * The unsubscribe signing key, fetched once per cold start (the api, sender and replies handlers
 * await it at module load); the source is resolved on first use.
 */
export function unsubscribeSecret(): Promise<string> {
  loadUnsubscribeSecret ??= secretLoader(
    unsubscribeSecretSource(env, () => new SecretsManagerClient({ region: env.region })),
  );
  return loadUnsubscribeSecret();
}
