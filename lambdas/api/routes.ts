// Every route the API answers, as data: method, path, what it does, who may call it and the role a
// member needs. The root page lists it, the router refuses signed-in paths not in it, and the role
// check reads it: one table.
import type { Role } from '../store/member-store.js';

export interface ApiRoute {
  method: string;
  path: string;
  purpose: string;
  access: 'signed-in' | 'link' | 'open';
  /** The least role a signed-in member needs; absent: `read-only` for GET, `clerk` otherwise. */
  role?: Role | 'no office needed';
}

export const CREDIT_HOLD_RELEASE_PATH = '/v1/credit-holds/release';

export const CREDIT_HOLD_RELEASE_ROUTE = {
  method: 'POST',
  path: CREDIT_HOLD_RELEASE_PATH,
  purpose: "lift a customer's credit hold on a clerk's decision (tells the credit contact once)",
  access: 'signed-in',
} as const satisfies ApiRoute;

/** The customers whose sent messages the archive still holds (retention-holds.ts). */
export const RETENTION_HOLDS_ROUTE = {
  method: 'GET',
  path: '/v1/retention-holds?customers=ID,...',
  purpose: "customers whose sent messages the archive keeps 3 years (the add-on's purge waits for them)",
  access: 'signed-in',
} as const satisfies ApiRoute;

/** Rows naming another customer's invoice or charge, stored before the rules across tabs (integrity-route.ts). */
export const CROSS_CUSTOMER_PATH = '/v1/integrity/cross-customer';
export const CROSS_CUSTOMER_ROUTE = {
  method: 'GET',
  path: `${CROSS_CUSTOMER_PATH}?page=N`,
  purpose:
    "rows naming another customer's invoice or charge (stored before the rules across tabs), a page at a time",
  access: 'signed-in',
  // It lists payments of every customer of the office: a clerk's review, not a read-only view.
  role: 'clerk',
} as const satisfies ApiRoute;

/** Offices, members, roles, API keys and the audit trail (office-routes.ts answers them). */
export const OFFICE_ROUTES: readonly (ApiRoute & { access: 'signed-in'; role: Role | 'no office needed' })[] =
  [
    {
      method: 'GET',
      path: '/v1/me',
      purpose: 'who you are and your office (or none yet)',
      access: 'signed-in',
      role: 'no office needed',
    },
    {
      method: 'POST',
      path: '/v1/offices',
      purpose: 'create an office (you become its admin)',
      access: 'signed-in',
      role: 'no office needed',
    },
    {
      method: 'GET',
      path: '/v1/members',
      purpose: "the office's members and invitations (admin)",
      access: 'signed-in',
      role: 'admin',
    },
    {
      method: 'POST',
      path: '/v1/members',
      purpose: 'invite a colleague by email, with a role (admin)',
      access: 'signed-in',
      role: 'admin',
    },
    {
      method: 'POST',
      path: '/v1/members/role',
      purpose: "change a member's role (admin)",
      access: 'signed-in',
      role: 'admin',
    },
    {
      method: 'POST',
      path: '/v1/members/remove',
      purpose: 'remove a member or withdraw an invitation (admin)',
      access: 'signed-in',
      role: 'admin',
    },
    {
      method: 'GET',
      path: '/v1/api-keys',
      purpose: "the office's API keys: name, created, last used (admin)",
      access: 'signed-in',
      role: 'admin',
    },
    {
      method: 'POST',
      path: '/v1/api-keys',
      purpose: 'create a named API key, shown once (admin)',
      access: 'signed-in',
      role: 'admin',
    },
    {
      method: 'POST',
      path: '/v1/api-keys/revoke',
      purpose: 'revoke an API key (admin)',
      access: 'signed-in',
      role: 'admin',
    },
    {
      method: 'GET',
      path: '/v1/audit',
      purpose: 'who changed what and when: members, roles, keys (admin)',
      access: 'signed-in',
      role: 'admin',
    },
  ];

/** The office's sending domain, standing and resume (sending-routes.ts answers them). */
export const SENDING_ROUTES = [
  {
    method: 'GET',
    path: '/v1/sending',
    purpose: "the office's sending domain and DNS records, its bounce and complaint rates, and any pause",
    access: 'signed-in',
  },
  {
    method: 'POST',
    path: '/v1/sending/identity',
    purpose: 'start verifying the office\'s own domain with SES (Easy DKIM): {"domain","fromAddress"?}',
    access: 'signed-in',
    role: 'admin',
  },
  {
    method: 'POST',
    path: '/v1/sending/resume',
    purpose: 'resume an office whose sending was paused for its complaint or bounce rate: {"note"}',
    access: 'signed-in',
    role: 'admin',
  },
] as const satisfies readonly ApiRoute[];

/**
 * Every route the API answers, for its root page: method, path, what it does, and who may call it
 * (`signed-in`: a member's Google ID token or the office's API key; `link`: the signed link in a
 * debtor's email, or Stripe's signature; `open`: anyone).
 */
export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/health', purpose: 'whether the API is up', access: 'open' },
  {
    method: 'POST',
    path: '/v1/sync',
    purpose: "one chunk of a ledger tab, column by column (the add-on's sync)",
    access: 'signed-in',
  },
  {
    method: 'GET',
    path: '/v1/status?customers=ID,...',
    purpose: 'balance, aging and next action per customer',
    access: 'signed-in',
  },
  {
    method: 'GET',
    path: '/v1/queue',
    purpose: 'the review queue with a preview of each email',
    access: 'signed-in',
  },
  { method: 'POST', path: '/v1/queue', purpose: 'approve or skip queued entries', access: 'signed-in' },
  {
    method: 'GET',
    path: '/v1/messages?customer=ID',
    purpose: "a customer's sent messages, as sent",
    access: 'signed-in',
  },
  {
    method: 'GET',
    path: '/v1/settings',
    purpose: "the office's settings and dunning ladder",
    access: 'signed-in',
  },
  {
    method: 'POST',
    path: '/v1/settings',
    purpose: "change the office's settings (a clerk or an admin)",
    access: 'signed-in',
  },
  {
    method: 'POST',
    path: '/v1/settings/preview',
    purpose: "a stage's wording rendered on a real account",
    access: 'signed-in',
    // A preview renders a draft; it changes nothing.
    role: 'read-only',
  },
  {
    method: 'GET',
    path: '/v1/letters/today',
    purpose: "the letter channel's letters for today as one PDF",
    access: 'signed-in',
  },
  RETENTION_HOLDS_ROUTE,
  CROSS_CUSTOMER_ROUTE,
  { method: 'POST', path: '/v1/payments', purpose: 'post a payment', access: 'signed-in' },
  { method: 'POST', path: '/v1/promises', purpose: 'record a promise to pay', access: 'signed-in' },
  { method: 'POST', path: '/v1/plans', purpose: 'record a payment plan', access: 'signed-in' },
  { method: 'POST', path: '/v1/notes', purpose: 'log a contact note', access: 'signed-in' },
  CREDIT_HOLD_RELEASE_ROUTE,
  {
    method: 'POST',
    path: '/v1/letters/appeal',
    purpose: 'draft an insurance appeal letter',
    access: 'signed-in',
  },
  {
    method: 'GET',
    path: '/v1/letters?key=...',
    purpose: 'a stored letter of the office (validation notice, appeal), as base64',
    access: 'signed-in',
  },
  {
    method: 'GET',
    path: '/v1/sheet-rows',
    purpose: "rows the backend wrote (a Stripe payment, a promise from the debtor's page) for the sheet",
    access: 'signed-in',
  },
  {
    method: 'POST',
    path: '/v1/sheet-rows',
    purpose: 'acknowledge rows written into the sheet',
    access: 'signed-in',
  },
  {
    method: 'GET',
    path: '/v1/unsubscribe?token=...',
    purpose: "a debtor's one-click opt-out (from an email)",
    access: 'link',
  },
  {
    method: 'GET',
    path: '/v1/portal?token=...',
    purpose: "the debtor's self-service page (balance, pay, promise, plan, dispute)",
    access: 'link',
  },
  {
    method: 'POST',
    path: '/v1/portal?token=...',
    purpose: "the page's actions: promise, plan request, dispute, new address or phone (rate-limited)",
    access: 'link',
  },
  {
    method: 'GET',
    path: '/v1/portal/statement?token=...',
    purpose: "the debtor's statement as a PDF",
    access: 'link',
  },
  {
    method: 'GET',
    path: '/v1/pay?token=...',
    purpose: 'pay online: on to Stripe Checkout for the overdue amount',
    access: 'link',
  },
  {
    method: 'POST',
    path: '/v1/stripe/webhook',
    purpose: "Stripe's payment, refund and dispute events (signed by Stripe)",
    access: 'link',
  },
  // Offices, members, roles, API keys and the audit trail (issue #17).
  ...OFFICE_ROUTES,
  ...SENDING_ROUTES,
];

/** The paths that need a signed-in caller, from the root page's table. */
export const SIGNED_IN_PATHS = new Set(
  API_ROUTES.filter((r) => r.access === 'signed-in').map((r) => r.path.split('?')[0]!),
);

/** The role a signed-in route needs: its row's `role`, or the method's default. */
export function roleFor(method: string, path: string): Role {
  const route = API_ROUTES.find((r) => r.method === method && r.path.split('?')[0] === path);
  if (route?.role) return route.role === 'no office needed' ? 'read-only' : route.role;
  return method === 'GET' ? 'read-only' : 'clerk';
}
