// Verifies Google ID tokens from `Authorization: Bearer` headers, and makes and hashes CLI API keys.
import { createHash, randomBytes } from 'node:crypto';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
  type JWTPayload,
  jwtVerify,
} from 'jose';

export const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'] as const;

/** Stable reasons a request's identity token is refused (all answered with 401). */
export type IdTokenErrorCode =
  | 'AUTH.MISSING'
  | 'AUTH.MALFORMED'
  | 'AUTH.EXPIRED'
  | 'AUTH.NOT_YET_VALID'
  | 'AUTH.BAD_SIGNATURE'
  | 'AUTH.WRONG_AUDIENCE'
  | 'AUTH.WRONG_ISSUER'
  | 'AUTH.EMAIL_UNVERIFIED';

export type IdTokenResult =
  | { ok: true; email: string; sub: string }
  | { ok: false; status: 401; code: IdTokenErrorCode; message: string };

export interface IdTokenVerifierOptions {
  /** Google's is `https://www.googleapis.com/oauth2/v3/certs`. */
  jwksUrl: string;
  /** Accepted `aud` values: the OAuth client ids of the add-on. */
  audiences: string[];
  /** Accepted `iss` values; default both spellings Google uses. */
  issuers?: string[];
  /** Allowed clock skew for `exp`, `nbf` and `iat`; default 5 seconds. */
  clockToleranceSeconds?: number;
  /**
   * Oldest `iat` accepted, in seconds: Google's ID tokens live one hour, so an older one (or one
   * issued in the future) was not minted by Google for this sign-in. Default 3600.
   */
  maxTokenAgeSeconds?: number;
}

export interface IdTokenVerifier {
  /**
   * Checks an `Authorization` header value. Refusals are returned as values; a JWKS that cannot
   * be fetched throws `IdTokenVerifierError` (a server-side fault, not the caller's).
   */
  verify(authorizationHeader: string | undefined, now?: Date): Promise<IdTokenResult>;
}

/** The key set could not be fetched or read; map to 503, not 401. */
export class IdTokenVerifierError extends Error {
  override readonly name = 'IdTokenVerifierError';
  readonly code = 'AUTH.JWKS_UNAVAILABLE';
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

const refuse = (code: IdTokenErrorCode, message: string): IdTokenResult => ({
  ok: false,
  status: 401,
  code,
  message,
});

const SIGN_IN_AGAIN = 'Close and reopen the Duebook sidebar to sign in again.';

/**
 * Builds a verifier for Google ID tokens (RS256 only) against a JWKS URL, which is fetched
 * lazily and cached by jose. Create it once per process.
 *
 * @example
 * const verifier = createIdTokenVerifier({ jwksUrl: env.JWKS_URL, audiences: [env.GOOGLE_CLIENT_ID] });
 * const who = await verifier.verify(event.headers.authorization);
 * if (!who.ok) return { statusCode: who.status, body: JSON.stringify({ code: who.code, message: who.message }) };
 */
export function createIdTokenVerifier(options: IdTokenVerifierOptions): IdTokenVerifier {
  if (options.audiences.length === 0) throw new Error('createIdTokenVerifier needs at least one audience');
  const issuers = options.issuers ?? [...GOOGLE_ISSUERS];
  const clockTolerance = options.clockToleranceSeconds ?? 5;
  const maxTokenAge = options.maxTokenAgeSeconds ?? 3600;
  const jwksUrl = new URL(options.jwksUrl);
  // jose's remote key set makes a fetch `Headers` when it is created, which loads Node's fetch
  // (undici, about 30 ms of CPU): made at the first key fetch, so a cold start that verifies no
  // token (an API key, a debtor's page, a webhook) does not pay it. The options are checked above.
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  // Only "no such key" is the token's fault; any other failure to get keys is ours.
  const getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    try {
      jwks ??= createRemoteJWKSet(jwksUrl);
      return await jwks(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
        throw error;
      throw new IdTokenVerifierError(`could not load the signing keys from ${options.jwksUrl}`, {
        cause: error,
      });
    }
  };

  return {
    async verify(authorizationHeader, now) {
      if (authorizationHeader === undefined || authorizationHeader.trim() === '') {
        return refuse(
          'AUTH.MISSING',
          `Sign-in required: send the Google ID token as "Authorization: Bearer <token>". ${SIGN_IN_AGAIN}`,
        );
      }
      const token = BEARER.exec(authorizationHeader)?.[1];
      if (token === undefined) {
        return refuse(
          'AUTH.MALFORMED',
          'The Authorization header must be "Bearer <Google ID token>" (one space-separated token).',
        );
      }
      let alg: string | undefined;
      try {
        alg = decodeProtectedHeader(token).alg;
      } catch {
        return refuse(
          'AUTH.MALFORMED',
          'The bearer token is not a JWT (three base64url parts separated by dots).',
        );
      }
      if (alg !== 'RS256') {
        return refuse(
          'AUTH.BAD_SIGNATURE',
          alg === 'none' || alg === undefined
            ? 'The token is unsigned (alg "none"); only tokens signed by Google (RS256) are accepted.'
            : `The token is signed with ${alg}; only tokens signed by Google (RS256) are accepted.`,
        );
      }

      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          algorithms: ['RS256'],
          issuer: issuers,
          audience: options.audiences,
          clockTolerance,
          requiredClaims: ['exp', 'iat', 'sub'],
          maxTokenAge,
          ...(now ? { currentDate: now } : {}),
        }));
      } catch (error) {
        return refusalFor(error, issuers);
      }

      // `azp` is the client the token was issued to; when present it must be one of ours as well.
      if (payload.azp !== undefined && !options.audiences.includes(String(payload.azp))) {
        return refuse(
          'AUTH.WRONG_AUDIENCE',
          `The token was issued to another application (azp ${JSON.stringify(payload.azp)}), not this Duebook ` +
            'deployment; check that the add-on and the API use the same Google OAuth client id.',
        );
      }
      if (typeof payload.email !== 'string' || payload.email === '') {
        return refuse(
          'AUTH.EMAIL_UNVERIFIED',
          'The token carries no email address; the add-on must request the "email" scope.',
        );
      }
      if (payload.email_verified !== true) {
        return refuse(
          'AUTH.EMAIL_UNVERIFIED',
          `Google has not verified the email address ${payload.email}; verify it in the Google account and sign in again.`,
        );
      }
      if (typeof payload.sub !== 'string' || payload.sub === '') {
        return refuse('AUTH.MALFORMED', 'The token has no "sub" (account id) claim.');
      }
      // Emails are matched to memberships case-insensitively.
      return { ok: true, email: payload.email.trim().toLowerCase(), sub: payload.sub };
    },
  };
}

function refusalFor(error: unknown, issuers: string[]): IdTokenResult {
  if (error instanceof IdTokenVerifierError) throw error;
  if (error instanceof errors.JWTExpired && error.claim === 'iat' && typeof error.payload.iat === 'number') {
    const issued = new Date(error.payload.iat * 1000).toISOString();
    return refuse(
      'AUTH.EXPIRED',
      `The sign-in token was issued at ${issued}, more than an hour ago. ${SIGN_IN_AGAIN}`,
    );
  }
  if (error instanceof errors.JWTExpired) {
    const exp = error.payload.exp;
    const when = typeof exp === 'number' ? ` at ${new Date(exp * 1000).toISOString()}` : '';
    return refuse('AUTH.EXPIRED', `The sign-in token expired${when}. ${SIGN_IN_AGAIN}`);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const { claim, payload } = error;
    if (claim === 'iss') {
      return refuse(
        'AUTH.WRONG_ISSUER',
        `The token was issued by ${JSON.stringify(payload.iss)}, not by Google (${issuers.join(' or ')}).`,
      );
    }
    if (claim === 'aud') {
      return refuse(
        'AUTH.WRONG_AUDIENCE',
        `The token was issued for another application (aud ${JSON.stringify(payload.aud)}), not this Duebook ` +
          'deployment; check that the add-on and the API use the same Google OAuth client id.',
      );
    }
    if (claim === 'iat' && error.reason === 'check_failed' && typeof payload.iat === 'number') {
      const issued = new Date(payload.iat * 1000).toISOString();
      return refuse(
        'AUTH.EXPIRED',
        `The sign-in token was issued at ${issued}: more than an hour ago, or in the future. ${SIGN_IN_AGAIN}`,
      );
    }
    if (claim === 'nbf' && error.reason === 'check_failed' && typeof payload.nbf === 'number') {
      return refuse(
        'AUTH.NOT_YET_VALID',
        `The token is not valid before ${new Date(payload.nbf * 1000).toISOString()}; check this computer's clock.`,
      );
    }
    return refuse('AUTH.MALFORMED', `The token's "${claim}" claim is ${error.reason}: ${error.message}.`);
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSEAlgNotAllowed
  ) {
    return refuse(
      'AUTH.BAD_SIGNATURE',
      "The token's signature does not match Google's published keys, so it was not issued by Google.",
    );
  }
  if (error instanceof errors.JOSEError || error instanceof TypeError) {
    return refuse('AUTH.MALFORMED', `The bearer token could not be read: ${(error as Error).message}.`);
  }
  throw error;
}

/** SHA-256 of an API key, lower-case hex: what the store keeps instead of the key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new CLI API key: `dbk_` and 32 random bytes in base64url (43 characters). */
export function generateApiKey(): string {
  return `dbk_${randomBytes(32).toString('base64url')}`;
}
