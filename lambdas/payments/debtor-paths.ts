// Which requests the debtor's routes answer (lambdas/payments/debtor-routes.ts), told from the
// method and path alone so the API loads that code only for them.

/** The debtor's routes: a path, and the one method it takes (none: every method, the route answers a wrong one). */
export const DEBTOR_ROUTES = [
  { name: 'portal', path: '/v1/portal' },
  { name: 'statement', path: '/v1/portal/statement', method: 'GET' },
  { name: 'pay', path: '/v1/pay', method: 'GET' },
  { name: 'webhook', path: '/v1/stripe/webhook', method: 'POST' },
] as const satisfies readonly { name: string; path: string; method?: string }[];

export type DebtorRouteName = (typeof DEBTOR_ROUTES)[number]['name'];

/** The debtor's route a request goes to, or undefined when it is not one (`method` in capitals). */
export function debtorRouteOf(method: string, path: string): DebtorRouteName | undefined {
  for (const r of DEBTOR_ROUTES) {
    if (r.path === path && (!('method' in r) || r.method === method)) return r.name;
  }
  return undefined;
}
