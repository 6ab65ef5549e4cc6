// The unsubscribe signing key: read from Secrets Manager once per cold start (by ARN), or taken as
// given where no AWS is involved (the local stack, tests, benches).
import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

/** The shortest key accepted: an HMAC-SHA256 key shorter than this is too easy to guess. */
export const MIN_SECRET_LENGTH = 32;

export type SecretErrorCode = 'CONFIG.SECRET_UNSET' | 'CONFIG.SECRET_MISSING' | 'CONFIG.SECRET_INVALID';

export class SecretUnavailableError extends Error {
  readonly code: SecretErrorCode;

  constructor(code: SecretErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretUnavailableError';
    this.code = code;
  }
}

/** Where the key comes from: the value itself (local) or the secret's ARN (AWS). */
export type SecretSource = { value: string } | { arn: string; client: () => SecretsManagerClient };

function checked(value: string | undefined, where: string): string {
  if (!value || value.length < MIN_SECRET_LENGTH)
    throw new SecretUnavailableError(
      'CONFIG.SECRET_INVALID',
      `the unsubscribe secret from ${where} must be a string of at least ${MIN_SECRET_LENGTH} characters`,
    );
  return value;
}

/**
 * A loader that fetches the key at most once while it succeeds: every later call gets the same
 * promise. A failed fetch is not cached, so the next cold start (or call) tries again.
 */
export function secretLoader(source: SecretSource): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    if ('value' in source) return Promise.resolve(source.value).then((v) => checked(v, 'UNSUBSCRIBE_SECRET'));
    pending ??= fetchSecret(source.arn, source.client()).catch((e: unknown) => {
      pending = undefined;
      throw e;
    });
    return pending;
  };
}

async function fetchSecret(arn: string, client: SecretsManagerClient): Promise<string> {
  let res: GetSecretValueCommandOutput;
  try {
    res = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'ResourceNotFoundException')
      throw new SecretUnavailableError(
        'CONFIG.SECRET_MISSING',
        `the unsubscribe secret ${arn} does not exist`,
        {
          cause: e,
        },
      );
    throw new SecretUnavailableError(
      'CONFIG.SECRET_MISSING',
      `cannot read the unsubscribe secret ${arn}: ${name ?? 'error'}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  return checked(res.SecretString, arn);
}

/** The source named by the environment: UNSUBSCRIBE_SECRET (local) wins over UNSUBSCRIBE_SECRET_ARN. */
export function unsubscribeSecretSource(
  env: { unsubscribeSecret?: string; unsubscribeSecretArn?: string },
  client: () => SecretsManagerClient,
): SecretSource {
  if (env.unsubscribeSecret) return { value: env.unsubscribeSecret };
  if (env.unsubscribeSecretArn) return { arn: env.unsubscribeSecretArn, client };
  throw new SecretUnavailableError(
    'CONFIG.SECRET_UNSET',
    'set UNSUBSCRIBE_SECRET_ARN (in AWS) or UNSUBSCRIBE_SECRET (locally) for the unsubscribe links',
  );
}
