// The office's Stripe keys: read from Secrets Manager once per cold start (by ARN, JSON
// {"secretKey","webhookSecret"}); absent or still empty means no pay links, payment instructions only.
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretUnavailableError } from './secret.js';

export interface StripeKeys {
  secretKey: string;
  webhookSecret: string;
}

/**
 * The keys, or undefined while the secret holds none (as deployed, before the office puts its
 * keys there). A half-filled or malformed secret is refused with a clear error rather than
 * running with pay links whose payments could never be confirmed.
 */
export async function loadStripeKeys(
  arn: string | undefined,
  client: () => SecretsManagerClient,
): Promise<StripeKeys | undefined> {
  if (!arn) return undefined;
  let text: string | undefined;
  try {
    text = (await client().send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
  } catch (e) {
    throw new SecretUnavailableError(
      'CONFIG.SECRET_MISSING',
      `cannot read the Stripe keys ${arn}: ${(e as Error).name}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  return parseStripeKeys(text ?? '', arn);
}

/** The keys in the secret's JSON; undefined when both are empty. */
export function parseStripeKeys(text: string, where: string): StripeKeys | undefined {
  let value: { secretKey?: unknown; webhookSecret?: unknown };
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    throw new SecretUnavailableError('CONFIG.SECRET_INVALID', `the Stripe keys in ${where} are not JSON`);
  }
  const secretKey = typeof value.secretKey === 'string' ? value.secretKey.trim() : '';
  const webhookSecret = typeof value.webhookSecret === 'string' ? value.webhookSecret.trim() : '';
  if (secretKey === '' && webhookSecret === '') return undefined;
  if (!/^(sk|rk)_(test|live)_/.test(secretKey))
    throw new SecretUnavailableError(
      'CONFIG.SECRET_INVALID',
      `the Stripe keys in ${where}: secretKey must be a Stripe secret or restricted key (sk_live_…, rk_live_…)`,
    );
  if (!webhookSecret.startsWith('whsec_'))
    throw new SecretUnavailableError(
      'CONFIG.SECRET_INVALID',
      `the Stripe keys in ${where}: webhookSecret must be the endpoint's signing secret (whsec_…)`,
    );
  return { secretKey, webhookSecret };
}
