// Tests for Google ID token verification against a local JWKS, and for API key hashing.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalIdentity, type LocalIdentity } from '../../../lambdas/local/identity.js';
import {
  createIdTokenVerifier,
  generateApiKey,
  hashApiKey,
  type IdTokenVerifier,
  IdTokenVerifierError,
} from '../../../lambdas/shared/id-token.js';

const AUDIENCE = 'duebook-test.apps.googleusercontent.com';
const HOUR = 3_600_000;

describe('id-token', () => {
  let idp: LocalIdentity;
  let verifier: IdTokenVerifier;

  beforeAll(async () => {
    idp = await createLocalIdentity({ audience: AUDIENCE });
    verifier = createIdTokenVerifier({ jwksUrl: idp.jwksUrl, audiences: [AUDIENCE] });
  }, 60_000);

  afterAll(async () => {
    await idp?.close();
  });

  describe('createIdTokenVerifier', () => {
    it('accepts a valid token and returns the verified email and sub', async () => {
      // Prepare
      const token = await idp.signIdToken({ email: 'Clerk@Acme.test', sub: '109876543210987654321' });

      // Act
      const result = await verifier.verify(`Bearer ${token}`);

      // Assess
      expect(result).toEqual({ ok: true, email: 'clerk@acme.test', sub: '109876543210987654321' });
    });

    it('accepts the issuer spelled without https, as Google sometimes issues it', async () => {
      const token = await idp.signIdToken({ email: 'a@acme.test', issuer: 'accounts.google.com' });

      const result = await verifier.verify(`bearer ${token}`);

      expect(result.ok).toBe(true);
    });

    it('fetches the key set once and reuses it', async () => {
      const before = idp.jwksRequests();
      const token = await idp.signIdToken({ email: 'a@acme.test' });

      for (let i = 0; i < 5; i++) expect((await verifier.verify(`Bearer ${token}`)).ok).toBe(true);

      expect(idp.jwksRequests() - before).toBe(0);
      expect(idp.jwksRequests()).toBe(1);
    });

    const refusals: {
      name: string;
      header: (idp: LocalIdentity) => Promise<string | undefined>;
      code: string;
      message: RegExp;
    }[] = [
      { name: 'a missing header', header: async () => undefined, code: 'AUTH.MISSING', message: /Bearer/ },
      { name: 'an empty header', header: async () => '  ', code: 'AUTH.MISSING', message: /sign in/i },
      {
        name: 'a Basic header',
        header: async () => 'Basic dXNlcjpwYXNz',
        code: 'AUTH.MALFORMED',
        message: /must be "Bearer/,
      },
      {
        name: 'a token that is not a JWT',
        header: async () => 'Bearer abc',
        code: 'AUTH.MALFORMED',
        message: /JWT/,
      },
      {
        name: 'an expired token',
        header: async (p) =>
          `Bearer ${await p.signIdToken({ email: 'a@acme.test', issuedAt: new Date(Date.now() - 2 * HOUR) })}`,
        code: 'AUTH.EXPIRED',
        message: /expired at .*sign in again/,
      },
      {
        name: 'a token issued two hours ago that claims to live three',
        header: async (p) =>
          `Bearer ${await p.signIdToken({
            email: 'a@acme.test',
            issuedAt: new Date(Date.now() - 2 * HOUR),
            expiresInSeconds: 3 * 3600,
          })}`,
        code: 'AUTH.EXPIRED',
        message: /issued at .*more than an hour ago/,
      },
      {
        name: 'a token issued in the future',
        header: async (p) =>
          `Bearer ${await p.signIdToken({ email: 'a@acme.test', issuedAt: new Date(Date.now() + HOUR) })}`,
        code: 'AUTH.EXPIRED',
        message: /in the future/,
      },
      {
        name: 'a token authorized for another client (azp)',
        header: async (p) =>
          `Bearer ${await p.signIdToken({ email: 'a@acme.test', extraClaims: { azp: 'other-client.apps.googleusercontent.com' } })}`,
        code: 'AUTH.WRONG_AUDIENCE',
        message: /azp.*other-client/,
      },
      {
        name: 'a token for another audience',
        header: async (p) =>
          `Bearer ${await p.signIdToken({ email: 'a@acme.test', audience: 'someone-else' })}`,
        code: 'AUTH.WRONG_AUDIENCE',
        message: /someone-else.*OAuth client id/,
      },
      {
        name: 'a token from another issuer',
        header: async (p) =>
          `Bearer ${await p.signIdToken({ email: 'a@acme.test', issuer: 'https://evil.example' })}`,
        code: 'AUTH.WRONG_ISSUER',
        message: /evil\.example.*not by Google/,
      },
      {
        name: 'a token signed by another key under the same kid',
        header: async (p) => `Bearer ${await p.signForgedIdToken({ email: 'a@acme.test' })}`,
        code: 'AUTH.BAD_SIGNATURE',
        message: /not issued by Google/,
      },
      {
        name: 'an unsigned token (alg none)',
        header: async (p) => `Bearer ${p.unsignedIdToken({ email: 'a@acme.test' })}`,
        code: 'AUTH.BAD_SIGNATURE',
        message: /unsigned/,
      },
      {
        name: 'an HS256 token',
        header: async (p) => {
          const token = await new SignJWT({ email: 'a@acme.test', email_verified: true })
            .setProtectedHeader({ alg: 'HS256', kid: p.kid })
            .setIssuer(p.issuer)
            .setAudience(AUDIENCE)
            .setSubject('1')
            .setIssuedAt()
            .setExpirationTime('1h')
            .sign(new TextEncoder().encode('a shared secret of thirty-two bytes!'));
          return `Bearer ${token}`;
        },
        code: 'AUTH.BAD_SIGNATURE',
        message: /HS256/,
      },
      {
        name: 'a token with an unverified email',
        header: async (p) => `Bearer ${await p.signIdToken({ email: 'a@acme.test', emailVerified: false })}`,
        code: 'AUTH.EMAIL_UNVERIFIED',
        message: /not verified the email address a@acme\.test/,
      },
      {
        name: 'a token whose email_verified is the string "true"',
        header: async (p) =>
          `Bearer ${await p.signIdToken({ email: 'a@acme.test', extraClaims: { email_verified: 'true' } })}`,
        code: 'AUTH.EMAIL_UNVERIFIED',
        message: /not verified/,
      },
      {
        name: 'a token without an email claim',
        header: async (p) =>
          `Bearer ${await p.signIdToken({ email: 'a@acme.test', extraClaims: { email: undefined } })}`,
        code: 'AUTH.EMAIL_UNVERIFIED',
        message: /"email" scope/,
      },
      {
        name: 'a token without a sub claim',
        header: async (p) =>
          `Bearer ${await p.signIdToken({ email: 'a@acme.test', extraClaims: { sub: undefined } })}`,
        code: 'AUTH.MALFORMED',
        message: /sub/,
      },
      {
        name: 'a token not valid until tomorrow',
        header: async (p) =>
          `Bearer ${await p.signIdToken({ email: 'a@acme.test', notBefore: new Date(Date.now() + 24 * HOUR) })}`,
        code: 'AUTH.NOT_YET_VALID',
        message: /clock/,
      },
    ];

    it.each(refusals)('refuses $name with $code', async ({ header, code, message }) => {
      // Prepare
      const value = await header(idp);

      // Act
      const result = await verifier.verify(value);

      // Assess
      expect(result).toMatchObject({ ok: false, status: 401, code });
      if (!result.ok) expect(result.message).toMatch(message);
    });

    it('judges expiry against the time it is given', async () => {
      // Prepare
      const issuedAt = new Date('2026-03-02T09:00:00Z');
      const token = await idp.signIdToken({ email: 'a@acme.test', issuedAt });

      // Act
      const during = await verifier.verify(`Bearer ${token}`, new Date('2026-03-02T09:30:00Z'));
      const after = await verifier.verify(`Bearer ${token}`, new Date('2026-03-02T10:00:06Z'));
      const withinTolerance = await verifier.verify(`Bearer ${token}`, new Date('2026-03-02T10:00:04Z'));

      // Assess
      expect(during.ok).toBe(true);
      expect(after).toMatchObject({ ok: false, code: 'AUTH.EXPIRED' });
      expect(withinTolerance.ok).toBe(true);
    });

    it('throws, rather than refusing the caller, when the key set cannot be fetched', async () => {
      // Prepare
      const offline = await createLocalIdentity({ audience: AUDIENCE });
      const token = await offline.signIdToken({ email: 'a@acme.test' });
      const lonely = createIdTokenVerifier({ jwksUrl: offline.jwksUrl, audiences: [AUDIENCE] });
      await offline.close();

      // Act
      const attempt = lonely.verify(`Bearer ${token}`);

      // Assess
      await expect(attempt).rejects.toBeInstanceOf(IdTokenVerifierError);
      await expect(attempt).rejects.toMatchObject({ code: 'AUTH.JWKS_UNAVAILABLE' });
    });
  });

  describe('hashApiKey', () => {
    it('returns the SHA-256 hex digest', () => {
      expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    });
  });

  describe('generateApiKey', () => {
    it('returns dbk_ and 32 random bytes in base64url, different every time', () => {
      // Act
      const keys = Array.from({ length: 50 }, () => generateApiKey());

      // Assess
      for (const key of keys) {
        expect(key).toMatch(/^dbk_[A-Za-z0-9_-]{43}$/);
        expect(Buffer.from(key.slice(4), 'base64url')).toHaveLength(32);
      }
      expect(new Set(keys).size).toBe(50);
      expect(new Set(keys.map(hashApiKey)).size).toBe(50);
    });
  });
});
