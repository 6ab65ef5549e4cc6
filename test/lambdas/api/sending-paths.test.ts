// The API loads the sending routes only when isSendingPath says the path is theirs: it must say so
// for exactly the paths their router answers, for every path the API knows and every method.
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../../lambdas/api/routes.js';
import { isSendingPath } from '../../../lambdas/api/sending-paths.js';
import { type SendingRouteDeps, sendingRoute } from '../../../lambdas/api/sending-routes.js';
import { DEFAULT_SETTINGS } from '../../../lambdas/shared/settings.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Dependencies the router must not need to tell whether a path is its own: any use throws. */
const untouchable = new Proxy(
  {},
  {
    get: (_, key) => {
      throw new Error(`used ${String(key)}`);
    },
  },
) as SendingRouteDeps;

/** Whether the router answers (a response, or an error thrown while answering) rather than passing. */
async function routerAnswers(method: string, path: string): Promise<boolean> {
  try {
    const answer = await sendingRoute(
      {
        tenantId: 'office-a',
        method,
        path,
        by: 'clerk@example.com',
        office: { tenantId: 'office-a', ...DEFAULT_SETTINGS },
        now: new Date('2026-03-02T10:00:00Z'),
        body: () => {
          throw new Error('read the body');
        },
      },
      untouchable,
    );
    return answer !== undefined;
  } catch {
    return true;
  }
}

const KNOWN_PATHS = [
  ...new Set([...API_ROUTES.map((r) => r.path.split('?')[0]!), '/', '/v1/sending/other', '/v1/send']),
];

describe('sending-paths', () => {
  describe('isSendingPath', () => {
    it.each(KNOWN_PATHS)('agrees with the sending router on every method for %s', async (path) => {
      for (const method of METHODS) {
        // Act
        const named = isSendingPath(path);
        const answered = await routerAnswers(method, path);
        // Assess
        expect({ method, path, named }).toEqual({ method, path, named: answered });
      }
    });
  });
});
