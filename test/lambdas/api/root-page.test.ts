// The API's root page and its route table: a person opening the API's address learns what it is,
// every route on the page answers (signed in), and a caller without credentials is told both ways in.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/app.js';
import { API_ROUTES } from '../../../lambdas/api/routes.js';
import type { LedgerStore } from '../../../lambdas/store/ledger-store.js';

const event = (method: string, rawPath: string, headers: Record<string, string> = {}) =>
  ({
    rawPath,
    headers,
    requestContext: { http: { method } },
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

/** A handler whose store knows no API key and reaches nothing else (these requests never need it). */
function handler(links?: { label: string; url: string }[]) {
  const store = { apiKeyTenant: async () => undefined } as unknown as LedgerStore;
  return createApiHandler({
    store,
    verifier: {
      verify: async () => ({ ok: false, status: 401, code: 'AUTH.BAD_SIGNATURE', message: 'bad token' }),
    },
    now: () => new Date('2026-11-23T14:00:00Z'),
    unsubscribeSecret: 'secret',
    letters: {} as never,
    senderAddress: 'billing@example.com',
    publicBaseUrl: 'https://api.example.com',
    ...(links ? { rootLinks: links } : {}),
  });
}

describe('api root page', () => {
  describe('GET /', () => {
    it('returns a page naming what the API is, every route, and the links its host adds', async () => {
      // Prepare
      const api = handler([{ label: 'Sent emails', url: 'http://127.0.0.1:9999/' }]);
      // Act
      const res = await api(event('GET', '/'));
      // Assess
      expect(res.statusCode).toBe(200);
      expect(res.headers?.['content-type']).toContain('text/html');
      expect(res.body).toContain('Duebook API');
      for (const r of API_ROUTES) expect(res.body).toContain(r.path.replace(/&/g, '&amp;'));
      expect(res.body).toContain('href="http://127.0.0.1:9999/"');
    });
  });

  describe('routes', () => {
    const signedIn = API_ROUTES.filter((r) => r.access === 'signed-in');

    it.each(signedIn)('returns 401 naming both ways in for $method $path without credentials', async (r) => {
      // Act
      const res = await handler()(event(r.method, r.path.split('?')[0]!));
      const body = JSON.parse(String(res.body)) as { error: { code: string; message: string } };
      // Assess
      expect(res.statusCode).toBe(401);
      expect(body.error.code).toBe('AUTH.MISSING');
      expect(body.error.message).toContain('x-api-key');
      expect(body.error.message).toContain('Bearer');
    });

    it('returns 401 for an unknown API key without pointing to a control that does not exist', async () => {
      // Act
      const res = await handler()(event('GET', '/v1/queue', { 'x-api-key': 'dbk_unknown' }));
      const body = JSON.parse(String(res.body)) as { error: { code: string; message: string } };
      // Assess
      expect(res.statusCode).toBe(401);
      expect(body.error.code).toBe('AUTH.BAD_API_KEY');
      expect(body.error.message).not.toMatch(/Settings|sidebar/);
    });

    it('returns 404 for a path that is not on the page', async () => {
      // Act
      const res = await handler()(event('GET', '/v1/nothing-here'));
      // Assess
      expect(res.statusCode).toBe(404);
    });
  });
});
