// Tests for the local Google-like identity provider: its JWKS and the tokens it signs.
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalIdentity, type LocalIdentity, subjectFor } from '../../../lambdas/local/identity.js';

describe('identity', () => {
  let idp: LocalIdentity;

  beforeAll(async () => {
    idp = await createLocalIdentity({ audience: 'duebook-test' });
  });

  afterAll(async () => {
    await idp?.close();
  });

  describe('createLocalIdentity', () => {
    it('serves a public RS256 key set on loopback, without private parts', async () => {
      // Act
      const response = await fetch(idp.jwksUrl);
      const jwks = (await response.json()) as { keys: Record<string, unknown>[] };

      // Assess
      expect(idp.jwksUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2\/v3\/certs$/);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(jwks.keys).toHaveLength(1);
      expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: idp.kid });
      expect(jwks.keys[0]).not.toHaveProperty('d');
      expect(jwks.keys[0]).not.toHaveProperty('p');
    });

    it('answers 404 off the key set path', async () => {
      const response = await fetch(new URL('/elsewhere', idp.jwksUrl));

      expect(response.status).toBe(404);
    });
  });

  describe('signIdToken', () => {
    it('signs Google-shaped claims that verify against the served key set', async () => {
      // Prepare
      const issuedAt = new Date('2026-03-02T09:00:00Z');
      const jwks = createLocalJWKSet((await (await fetch(idp.jwksUrl)).json()) as JSONWebKeySet);

      // Act
      const token = await idp.signIdToken({ email: 'clerk@acme.test', issuedAt, expiresInSeconds: 600 });
      const { payload, protectedHeader } = await jwtVerify(token, jwks, {
        issuer: 'https://accounts.google.com',
        audience: 'duebook-test',
        currentDate: new Date('2026-03-02T09:05:00Z'),
      });

      // Assess
      expect(protectedHeader).toEqual({ alg: 'RS256', kid: idp.kid, typ: 'JWT' });
      expect(payload).toEqual({
        iss: 'https://accounts.google.com',
        azp: 'duebook-test',
        aud: 'duebook-test',
        sub: subjectFor('clerk@acme.test'),
        email: 'clerk@acme.test',
        email_verified: true,
        iat: issuedAt.getTime() / 1000,
        exp: issuedAt.getTime() / 1000 + 600,
      });
    });
  });

  describe('subjectFor', () => {
    it('returns 21 digits, the same for the same email in any case', () => {
      expect(subjectFor('Clerk@Acme.test')).toMatch(/^\d{21}$/);
      expect(subjectFor('Clerk@Acme.test')).toBe(subjectFor('clerk@acme.test'));
      expect(subjectFor('other@acme.test')).not.toBe(subjectFor('clerk@acme.test'));
    });
  });

  describe('signForgedIdToken', () => {
    it('claims the real key id but does not verify against the served key set', async () => {
      // Prepare
      const jwks = createLocalJWKSet((await (await fetch(idp.jwksUrl)).json()) as JSONWebKeySet);

      // Act
      const forged = await idp.signForgedIdToken({ email: 'clerk@acme.test' });

      // Assess
      expect(decodeProtectedHeader(forged).kid).toBe(idp.kid);
      await expect(jwtVerify(forged, jwks)).rejects.toMatchObject({
        code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
      });
    });
  });

  describe('unsignedIdToken', () => {
    it('has alg none, the same claims and an empty signature', () => {
      // Act
      const token = idp.unsignedIdToken({ email: 'clerk@acme.test' });

      // Assess
      expect(decodeProtectedHeader(token).alg).toBe('none');
      expect(token.endsWith('.')).toBe(true);
      expect(decodeJwt(token)).toMatchObject({ email: 'clerk@acme.test', aud: 'duebook-test' });
    });
  });
});
