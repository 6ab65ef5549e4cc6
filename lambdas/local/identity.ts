// A local stand-in for Google's identity provider: RS256 ID tokens and a JWKS served on 127.0.0.1.
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
  UnsecuredJWT,
} from 'jose';

export const GOOGLE_ISSUER = 'https://accounts.google.com';

export interface LocalIdentityOptions {
  /** `iss` of the tokens it signs (default `https://accounts.google.com`). */
  issuer?: string;
  /** `aud` of the tokens it signs: the OAuth client id the API expects. */
  audience: string;
}

export interface IdTokenRequest {
  email: string;
  /** `email_verified` claim; default true. */
  emailVerified?: boolean;
  /** Google's stable account id; default a 21-digit number derived from the email. */
  sub?: string;
  /** `exp - iat`; default 3600 (Google's lifetime). */
  expiresInSeconds?: number;
  /** `iat`; default now. Tokens for a replayed day can be issued on that day. */
  issuedAt?: Date;
  /** Overrides the identity's audience for this token. */
  audience?: string;
  /** Overrides the identity's issuer for this token. */
  issuer?: string;
  /** Adds an `nbf` claim. */
  notBefore?: Date;
  /** Further claims (e.g. `hd`, `name`); they override the defaults, to craft odd tokens. */
  extraClaims?: Record<string, unknown>;
}

export interface LocalIdentity {
  issuer: string;
  audience: string;
  /** Where the public key set is served, like `https://www.googleapis.com/oauth2/v3/certs`. */
  jwksUrl: string;
  /** Key id of the signing key (the JWT header `kid`). */
  kid: string;
  /** A token Google would issue: RS256, signed by the key in the served JWKS. */
  signIdToken(request: IdTokenRequest): Promise<string>;
  /** Same claims and `kid`, but signed by another RSA key: the signature must not verify. */
  signForgedIdToken(request: IdTokenRequest): Promise<string>;
  /** Same claims with `alg: none` and no signature. */
  unsignedIdToken(request: IdTokenRequest): string;
  /** How many times the JWKS has been fetched (to check verifiers cache it). */
  jwksRequests(): number;
  close(): Promise<void>;
}

/** A Google-looking `sub`: 21 decimal digits, stable per email. */
export function subjectFor(email: string): string {
  const digest = createHash('sha256').update(email.toLowerCase()).digest('hex');
  return `1${(BigInt(`0x${digest.slice(0, 24)}`) % 10n ** 20n).toString().padStart(20, '0')}`;
}

/**
 * Starts a JWKS server on 127.0.0.1 and returns signers for tokens shaped like Google ID tokens.
 *
 * @example
 * const idp = await createLocalIdentity({ audience: 'duebook-test' });
 * const token = await idp.signIdToken({ email: 'clerk@acme.test' });
 * // fetch(api, { headers: { authorization: `Bearer ${token}` } })
 */
export async function createLocalIdentity(options: LocalIdentityOptions): Promise<LocalIdentity> {
  const issuer = options.issuer ?? GOOGLE_ISSUER;
  const { audience } = options;
  const kid = randomUUID();
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const forger = await generateKeyPair('RS256');
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const body = JSON.stringify({ keys: [publicJwk] });
  let requests = 0;

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' || (path !== '/oauth2/v3/certs' && path !== '/')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    requests++;
    res
      .writeHead(200, {
        'content-type': 'application/json; charset=UTF-8',
        'cache-control': 'public, max-age=3600',
      })
      .end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const claimsFor = (request: IdTokenRequest) => {
    const issuedAt = Math.floor((request.issuedAt ?? new Date()).getTime() / 1000);
    const tokenAudience = request.audience ?? audience;
    const claims: JWTPayload = {
      iss: request.issuer ?? issuer,
      azp: tokenAudience,
      aud: tokenAudience,
      sub: request.sub ?? subjectFor(request.email),
      email: request.email,
      email_verified: request.emailVerified ?? true,
      iat: issuedAt,
      exp: issuedAt + (request.expiresInSeconds ?? 3600),
    };
    if (request.notBefore) claims.nbf = Math.floor(request.notBefore.getTime() / 1000);
    return { ...claims, ...request.extraClaims };
  };
  const sign = (request: IdTokenRequest, key: CryptoKey) =>
    new SignJWT(claimsFor(request)).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);

  let closing: Promise<void> | undefined;
  return {
    issuer,
    audience,
    jwksUrl: `http://127.0.0.1:${port}/oauth2/v3/certs`,
    kid,
    signIdToken: (request) => sign(request, privateKey),
    signForgedIdToken: (request) => sign(request, forger.privateKey),
    unsignedIdToken: (request) => new UnsecuredJWT(claimsFor(request)).encode(),
    jwksRequests: () => requests,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
