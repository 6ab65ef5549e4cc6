// The API loads the debtor's routes only when debtorRouteOf names the request: it must name exactly
// the requests their router answers, for every path the API knows and every method.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../../lambdas/api/routes.js';
import { DEBTOR_ROUTES, debtorRouteOf } from '../../../lambdas/payments/debtor-paths.js';
import { createDebtorRoutes, type DebtorRouteDeps } from '../../../lambdas/payments/debtor-routes.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** A dependency the router must not need to tell whether a path is its own: any use throws. */
const untouchable = () =>
  new Proxy(
    {},
    {
      get: (_, key) => {
        throw new Error(`used ${String(key)}`);
      },
    },
  );

const router = createDebtorRoutes({
  store: untouchable(),
  debtor: untouchable(),
  ledger: untouchable(),
  linkSecret: 'test-only-link-secret',
  publicBaseUrl: 'http://127.0.0.1',
  now: () => new Date('2026-03-02T10:00:00Z'),
  settings: () => Promise.reject(new Error('no settings in this test')),
} as unknown as DebtorRouteDeps);

const eventFor = (method: string, path: string) =>
  ({
    rawPath: path,
    headers: {},
    queryStringParameters: {},
    requestContext: { http: { method } },
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

/** Whether the router answers (a response, or an error thrown while answering) rather than passing. */
async function routerAnswers(method: string, path: string): Promise<boolean> {
  try {
    return (await router.route(eventFor(method, path), method, path)) !== undefined;
  } catch {
    return true;
  }
}

const KNOWN_PATHS = [
  ...new Set([
    ...API_ROUTES.map((r) => r.path.split('?')[0]!),
    ...DEBTOR_ROUTES.map((r) => r.path),
    '/',
    '/v1/portal/other',
    '/v1/pay/stripe',
    '/v1/stripe',
    '/v1/portals',
  ]),
];

describe('debtor-paths', () => {
  describe('debtorRouteOf', () => {
    it.each(KNOWN_PATHS)('agrees with the debtor router on every method for %s', async (path) => {
      for (const method of METHODS) {
        // Act
        const named = debtorRouteOf(method, path) !== undefined;
        const answered = await routerAnswers(method, path);
        // Assess
        expect({ method, path, named }).toEqual({ method, path, named: answered });
      }
    });

    it("names every route the root page lists as the debtor's (link routes other than unsubscribe)", () => {
      // Prepare
      const linkRoutes = API_ROUTES.filter(
        (r) => r.access === 'link' && !r.path.startsWith('/v1/unsubscribe'),
      );
      // Act
      const unnamed = linkRoutes.filter((r) => debtorRouteOf(r.method, r.path.split('?')[0]!) === undefined);
      // Assess
      expect(linkRoutes.length).toBeGreaterThan(0);
      expect(unnamed).toEqual([]);
    });
  });
});
