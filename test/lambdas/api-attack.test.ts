// A generated attack on the API over the real local parts (DynamoDB Local, the served handler, the
// Stripe stand-in's signing key): valid, mutated and hostile requests on every route API_ROUTES
// lists (a route without a generator fails), with forged, expired and other-office signed links, in
// concurrent bursts, from two offices.
// Asserts: no 5xx; nothing refused is stored; every stored balance equals a recomputation from the
// stored rows (after the recompute the daily run does) and every status answer does at once; office
// B never sees office A. `npm test` runs a quick subset; `npm run test:attack` the full run
// (DUEBOOK_ATTACK_REQUESTS, default 2,400 there), printing its figure.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../core/ledger/money.js';
import type { TabName } from '../../core/ledger/schema.js';
import { MAX_AMOUNT_MINOR } from '../../core/ledger/schema-cells.js';
import { ledgerFromFields, rowRuleProblem } from '../../core/ledger/schema-rows.js';
import { API_ROUTES, OFFICE_ROUTES } from '../../lambdas/api/routes.js';
import { stripeFixture } from '../../lambdas/local/stripe-local.js';
import { groupByTab, LedgerService, snapshotFromRows } from '../../lambdas/services/ledger-service.js';
import { createLocalLetterStorage } from '../../lambdas/shared/letter-storage.js';
import { signPortalToken } from '../../lambdas/shared/portal-token.js';
import { isRole, ROLES } from '../../lambdas/store/member-store.js';
import {
  type ApiAnswer,
  type ApiStack,
  chunk,
  LINK_SECRET,
  type Office,
  startApiStack,
} from './support/api-stack.js';

const REQUESTS = Number(process.env.DUEBOOK_ATTACK_REQUESTS ?? 300);
const SEED = Number(process.env.DUEBOOK_ATTACK_SEED ?? 20261123);
const NOW = new Date('2026-11-23T15:00:00Z');
const AS_OF = '2026-11-23';
const CUSTOMERS = 6;

const customerIds = (prefix: string) => Array.from({ length: CUSTOMERS }, (_, i) => `${prefix}-C${i}`);
const invoiceIds = (prefix: string) => customerIds(prefix).map((c) => `${c}-INV`);

/** One request of the attack, and what the checks need to know about it. */
interface Attack {
  office: 0 | 1;
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Rows this request would store if accepted: `[tab, id]`. */
  rows?: [string, string][];
  kind: string;
  /** The API_ROUTES entry attacked (`METHOD /path`). */
  route?: string;
  /** Signed with a Google ID token of this identity instead of the stack's API key. */
  as?: { email: string; token: TokenVariant };
  /** Sent with this throwaway API key instead of the stack's. */
  key?: KeyRef;
  /** The body revokes this throwaway key (its id is known only at send time), with extra fields. */
  revoke?: KeyRef & { extra?: Record<string, unknown> };
}

/** Throwaway API keys each office creates before the run; only these are ever revoked. */
const THROWAWAY_KEYS = 4;
/** An office's seeded admin, who signs its office calls (the stack seeds `clerk@<tenant>.example.com`). */
const runnerOf = (tenant: string) => `clerk@${tenant}.example.com`;
/** Colleagues seeded in each office (two clerks, one read-only); they sign in during the run. */
const staffOf = (tenant: string) => [
  `staff1@${tenant}.example.com`,
  `staff2@${tenant}.example.com`,
  `viewer@${tenant}.example.com`,
];
/** Addresses an office invites that never sign in (so an admin invitation never makes an admin). */
const inviteesOf = (tenant: string) => [`invitee1@${tenant}.example.com`, `invitee2@${tenant}.example.com`];
/** Google identities with no office that create one during the run. */
const foundersOf = (office: 0 | 1) => [
  `founder1@founders-${office}.example.com`,
  `founder2@founders-${office}.example.com`,
  `someone-${office}@gmail.com`,
];
const OUTSIDER = 'outsider@elsewhere.example.com';
/** The customer of each office synced with a credit hold. */
const heldOf = (prefix: string) => `${prefix}-C${CUSTOMERS - 1}`;

/** How a Google ID token is made for a signed request: as Google would, or one of the ways it fails. */
type TokenVariant = 'valid' | 'expired' | 'forged' | 'unsigned' | 'wrong-audience';
/** Who signs a request: the office's admin, a colleague, someone of no office, a key, nobody. */
type Signer = 'runner' | 'staff' | 'outsider' | 'founder' | 'stack-key' | 'throwaway' | 'bad-token' | 'none';
/** A throwaway key of an office, by index (its secret and id exist only once the run has begun). */
interface KeyRef {
  office: 0 | 1;
  index: number;
}

function signerArb(s: Signer, office: 0 | 1, tenant: string): fc.Arbitrary<Partial<Attack>> {
  const as = (email: string, token: TokenVariant = 'valid') => ({ as: { email, token } });
  switch (s) {
    case 'runner':
      return fc.constant(as(runnerOf(tenant)));
    case 'staff':
      return fc.constantFrom(...staffOf(tenant)).map((e) => as(e));
    case 'outsider':
      return fc.constant(as(OUTSIDER));
    case 'founder':
      return fc.constantFrom(...foundersOf(office)).map((e) => as(e));
    case 'stack-key':
      return fc.constant({});
    case 'throwaway':
      return fc.integer({ min: 0, max: THROWAWAY_KEYS - 1 }).map((index) => ({ key: { office, index } }));
    case 'bad-token':
      return fc
        .constantFrom<TokenVariant>('expired', 'forged', 'unsigned', 'wrong-audience')
        .map((t) => as(runnerOf(tenant), t));
    case 'none':
      return fc.constant({ headers: { 'x-api-key': '' } });
  }
}

/** Hostile values for any cell or field. */
const hostile = fc.oneof(
  fc.constantFrom(
    '',
    '-5.00',
    '0',
    '1,500',
    '1.500,00',
    '99999999999999999999',
    '1e309',
    'NaN',
    '0026-11-23',
    '2026-02-30',
    '2026-11-23Tjunk',
    '=HYPERLINK("http://x")',
    '+1+1',
    '@SUM(A1)',
    'x'.repeat(60_000),
    '\u0000',
    '🙂',
    'A-C0-INV',
    'B-C0-INV',
    'A-C0',
    'B-C0',
  ),
  fc.anything({ maxDepth: 3 }),
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.double(),
  fc.string({ maxLength: 80 }),
);

/** What the generators need to know of the stack: its signing key and the Stripe stand-in's secret. */
interface AttackContext {
  linkSecret: string;
  signWebhook: (payload: string) => string;
}

/** A signed debtor link of `tenant` for `customer`, or one of the ways a link goes wrong. */
const LINK_VARIANTS = [
  'valid',
  'valid',
  'valid',
  'expired',
  'forged',
  'wrong-purpose',
  'other-office',
  'garbage',
] as const;

function linkArb(
  ctx: AttackContext,
  tenant: string,
  prefix: string,
  other: string,
  purpose: 'portal' | 'pay',
) {
  return fc
    .record({
      variant: fc.constantFrom(...LINK_VARIANTS),
      customer: fc.constantFrom(...customerIds(prefix)),
      foreign: fc.constantFrom(...customerIds(other)),
      message: fc.integer({ min: 1, max: 9 }),
      garbage: fc.string({ maxLength: 120 }),
    })
    .map(({ variant, customer, foreign, message, garbage }) => {
      const claim = {
        purpose,
        tenantId: tenant,
        customerId: variant === 'other-office' ? foreign : customer,
        expiresAt: NOW.getTime() + (variant === 'expired' ? -60_000 : 30 * 86_400_000),
        outboxKey: `reminder#email#2026-11-0${message}`,
      };
      if (variant === 'garbage') return { token: encodeURIComponent(garbage), variant, customer };
      const signed = signPortalToken(
        variant === 'wrong-purpose' ? { ...claim, purpose: purpose === 'portal' ? 'pay' : 'portal' } : claim,
        ctx.linkSecret,
      );
      const token =
        variant === 'forged' ? `${signed.slice(0, -2)}${signed.endsWith('AA') ? 'BB' : 'AA'}` : signed;
      return { token, variant, customer };
    });
}

/**
 * The attack of each route, keyed `METHOD /path` as API_ROUTES lists it: a route the API answers
 * with no generator here fails the coverage test below.
 */
function routeAttacks(
  ctx: AttackContext,
  office: 0 | 1,
  n: { next: number },
): Record<string, fc.Arbitrary<Attack>> {
  const prefix = office === 0 ? 'A' : 'B';
  const other = office === 0 ? 'B' : 'A';
  const tenant = office === 0 ? 'office-a' : 'office-b';
  const otherTenant = office === 0 ? 'office-b' : 'office-a';
  const id = (p: string) => `${p}-${n.next++}`;
  const customer = fc.constantFrom(...customerIds(prefix), ...customerIds(other).slice(0, 1), 'NOPE');
  const amount = fc.integer({ min: 1, max: 200_000 }).map((c) => (c / 100).toFixed(2));
  const simple = (
    method: string,
    path: string,
    kind: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) =>
    fc.constant<Attack>({
      office,
      method,
      path,
      kind,
      ...(body === undefined ? {} : { body }),
      ...(headers ? { headers } : {}),
    });

  const validPayment = fc
    .record({
      customer,
      amount,
      appliesTo: fc.constantFrom('', ...invoiceIds(prefix), invoiceIds(other)[0]!),
    })
    .map((p): Attack => {
      const pid = id(`${prefix}-P`);
      return {
        office,
        method: 'POST',
        path: '/v1/payments',
        kind: 'payment',
        rows: [['Payments', pid]],
        body: {
          idempotencyKey: `key-${pid}`,
          row: {
            'Payment ID': pid,
            'Customer ID': p.customer,
            Date: AS_OF,
            Amount: p.amount,
            Currency: 'USD',
            ...(p.appliesTo ? { 'Applies To': p.appliesTo } : {}),
          },
        },
      };
    });
  const POSTING_BASE: Record<string, (rid: string) => Record<string, unknown>> = {
    '/v1/payments': (rid) => ({ 'Payment ID': rid, Date: AS_OF, Amount: '10.00', Currency: 'USD' }),
    '/v1/promises': (rid) => ({
      'Promise ID': rid,
      'Taken On': AS_OF,
      'Promised Date': '2026-12-01',
      Amount: '10.00',
      Currency: 'USD',
    }),
    '/v1/plans': (rid) => ({
      'Plan ID': rid,
      'First Due': '2026-12-01',
      Total: '120.00',
      Currency: 'USD',
      Installments: 3,
      Frequency: 'monthly',
    }),
    '/v1/notes': (rid) => ({ 'Activity ID': rid, Date: AS_OF, Type: 'note', Note: 'called' }),
  };
  const POSTING_TAB: Record<string, string> = {
    '/v1/payments': 'Payments',
    '/v1/promises': 'Promises',
    '/v1/plans': 'Plans',
    '/v1/notes': 'Activity',
  };
  const mutatedPosting = (path: string) =>
    fc
      .record({
        customer,
        field: fc.constantFrom(
          'Amount',
          'Date',
          'Currency',
          'Customer ID',
          'Applies To',
          'Taken On',
          'Promised Date',
          'Installments',
          'Total',
          'Note',
          'Typo Column',
        ),
        value: hostile,
        reuseKey: fc.boolean(),
      })
      .map((m): Attack => {
        const rid = id(`${prefix}-X`);
        return {
          office,
          method: 'POST',
          path,
          kind: 'mutated-posting',
          rows: [[POSTING_TAB[path]!, rid]],
          body: {
            // A reused key with a different body must be refused, never replayed as this row.
            idempotencyKey: m.reuseKey ? `key-${prefix}-P-0` : `key-${rid}`,
            row: { ...POSTING_BASE[path]!(rid), 'Customer ID': m.customer, [m.field]: m.value },
          },
        };
      });
  const rawPosting = (path: string) =>
    fc.constantFrom<Attack>(
      { office, method: 'POST', path, body: '{"idempotencyKey":', kind: 'raw' },
      {
        office,
        method: 'POST',
        path,
        body: 'idempotencyKey=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        kind: 'raw',
      },
      { office, method: 'POST', path, body: { idempotencyKey: 'short', row: [] }, kind: 'raw' },
    );
  const posting = (path: string) =>
    fc.oneof({ arbitrary: mutatedPosting(path), weight: 4 }, { arbitrary: rawPosting(path), weight: 1 });

  const sync = fc
    .record({
      rows: fc.array(
        fc.record({
          customer,
          amount,
          mutate: fc.option(fc.tuple(fc.integer({ min: 0, max: 5 }), hostile), { nil: undefined }),
        }),
        { minLength: 0, maxLength: 6 },
      ),
      deleted: fc.option(fc.array(fc.constantFrom('dup', 'overlap', 'unknown'), { maxLength: 3 }), {
        nil: undefined,
      }),
      header: fc.constantFrom('ok', 'typo', 'extra'),
    })
    .map((s): Attack => {
      const header = ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'];
      if (s.header === 'typo') header[3] = 'Due Dte';
      if (s.header === 'extra') header.push('Memo');
      const ids = s.rows.map(() => id(`${prefix}-SI`));
      const cells = s.rows.map((r, i) => {
        const row: unknown[] = [ids[i], r.customer, '2026-09-01', '2026-10-01', r.amount, 'USD'];
        if (s.header === 'extra') row.push('memo');
        if (r.mutate) row[r.mutate[0]] = r.mutate[1];
        return row;
      });
      const deleted = s.deleted?.map((d, i) =>
        d === 'overlap' && ids[0] ? ids[0] : d === 'dup' ? `${prefix}-GONE` : `${prefix}-GONE-${i}`,
      );
      return {
        office,
        method: 'POST',
        path: '/v1/sync',
        kind: 'sync',
        rows: ids.map((x) => ['Invoices', x] as [string, string]),
        body: chunk('Invoices', header, cells, deleted),
      };
    });
  // Payments synced against stored invoices and charges: the sync's cross-tab rules.
  const syncPayments = fc
    .array(
      fc.record({
        customer,
        amount,
        appliesTo: fc.constantFrom('', ...invoiceIds(prefix), invoiceIds(other)[0]!, `${prefix}-NOWHERE`),
      }),
      { minLength: 1, maxLength: 5 },
    )
    .map((rows): Attack => {
      const ids = rows.map(() => id(`${prefix}-SP`));
      return {
        office,
        method: 'POST',
        path: '/v1/sync',
        kind: 'sync',
        rows: ids.map((x) => ['Payments', x] as [string, string]),
        body: chunk(
          'Payments',
          ['Payment ID', 'Customer ID', 'Date', 'Amount', 'Currency', 'Applies To'],
          rows.map((r, i) => [ids[i], r.customer, AS_OF, r.amount, 'USD', r.appliesTo]),
        ),
      };
    });
  const rawSync = fc.oneof(
    fc.constantFrom<Attack>(
      {
        office,
        method: 'POST',
        path: '/v1/sync',
        body: `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
        kind: 'raw',
      },
      {
        office,
        method: 'POST',
        path: '/v1/sync',
        body: 'not gzip',
        headers: { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' },
        kind: 'raw',
      },
      {
        office,
        method: 'POST',
        path: '/v1/sync',
        headers: { 'x-api-key': 'dbk_wrong' },
        body: {},
        kind: 'auth',
      },
      {
        office,
        method: 'POST',
        path: '/v1/sync',
        headers: { 'content-type': 'text/plain' },
        body: '{}',
        kind: 'raw',
      },
    ),
    fc
      .string({ maxLength: 200 })
      .map((b): Attack => ({ office, method: 'POST', path: '/v1/sync', body: b, kind: 'raw' })),
  );
  const status = fc
    .array(
      fc.oneof(fc.constantFrom(...customerIds(prefix), ...customerIds(other)), fc.string({ maxLength: 70 })),
      {
        maxLength: 6,
      },
    )
    .map(
      (ids): Attack => ({
        office,
        method: 'GET',
        path: `/v1/status?customers=${encodeURIComponent(ids.join(','))}`,
        kind: 'status',
      }),
    );
  // Which customers the archive holds: own, the other office's, and junk ids, never another's holds.
  const retentionHolds = fc
    .array(
      fc.oneof(fc.constantFrom(...customerIds(prefix), ...customerIds(other)), fc.string({ maxLength: 70 })),
      { maxLength: 6 },
    )
    .map(
      (ids): Attack => ({
        office,
        method: 'GET',
        path: `/v1/retention-holds?customers=${encodeURIComponent(ids.join(','))}`,
        kind: 'retention-holds',
      }),
    );
  // The listing of rows naming another customer's item: every page, out of range, junk, repeated.
  const crossCustomer = fc
    .oneof(
      fc.integer({ min: 0, max: 7 }).map(String),
      fc.constantFrom('', '8', '-1', '1.5', '99999999999', '0&page=1', '%00', 'x'.repeat(300)),
      fc.string({ maxLength: 12 }),
    )
    .map(
      (page): Attack => ({
        office,
        method: 'GET',
        path: `/v1/integrity/cross-customer?page=${encodeURIComponent(page)}`,
        kind: 'cross-customer',
      }),
    );
  const queueDecision = fc
    .record({
      decision: fc.constantFrom('approve', 'skip', 'done', 'dismiss', 'maybe'),
      customerId: fc.constantFrom(...customerIds(prefix), ...customerIds(other)),
      channel: fc.constantFrom(
        'email',
        'promise',
        'plan-request',
        'dispute',
        'unmatched-payment',
        'internal:credit-hold',
        'internal:release',
        'x'.repeat(40),
      ),
      cycle: fc.constantFrom('2026-11-23', '2026-11', 'junk'),
    })
    .map(
      (q): Attack => ({
        office,
        method: 'POST',
        path: '/v1/queue',
        kind: 'queue',
        body: {
          decision: q.decision,
          entries: [{ customerId: q.customerId, stage: 'reminder', channel: q.channel, cycle: q.cycle }],
        },
      }),
    );
  const messages = fc
    .oneof(
      fc.constantFrom(...customerIds(prefix), ...customerIds(other), 'x'.repeat(65), ''),
      fc.string({ maxLength: 70 }),
    )
    .map(
      (c): Attack => ({
        office,
        method: 'GET',
        path: `/v1/messages?customer=${encodeURIComponent(c)}`,
        kind: 'messages',
      }),
    );
  const settingsChange = fc.oneof(
    fc
      .anything({ maxDepth: 4 })
      .map((b): Attack => ({ office, method: 'POST', path: '/v1/settings', body: b, kind: 'settings' })),
    fc
      .record({
        field: fc.constantFrom(
          'statementDay',
          'timeZone',
          'portalLimits',
          'ladder',
          'numberFormat',
          'officeName',
        ),
        value: hostile,
      })
      .map(
        (c): Attack => ({
          office,
          method: 'POST',
          path: '/v1/settings',
          body: { [c.field]: c.value },
          kind: 'settings',
        }),
      ),
  );
  const preview = fc
    .record({
      stage: fc.constantFrom('reminder', 'final', 'nope', '../x', ''),
      customerId: fc.constantFrom(...customerIds(prefix), ...customerIds(other), 'NOPE'),
      template: fc.option(
        fc.record({
          subject: fc.string({ maxLength: 40 }),
          body: fc.oneof(fc.string({ maxLength: 80 }), fc.constant('{{balance}} {{nope}}')),
        }),
        { nil: undefined },
      ),
      extra: fc.option(hostile, { nil: undefined }),
    })
    .map(
      (p): Attack => ({
        office,
        method: 'POST',
        path: '/v1/settings/preview',
        kind: 'preview',
        body: {
          stage: p.stage,
          customerId: p.customerId,
          ...(p.template ? { template: p.template } : {}),
          ...(p.extra !== undefined ? { extra: p.extra } : {}),
        },
      }),
    );
  const letterKey = fc
    .oneof(
      fc.constantFrom(
        '',
        `tenant/${tenant}/validation/own.pdf`,
        `tenant/${otherTenant}/validation/secret.pdf`,
        `tenant/${tenant}/../${otherTenant}/validation/secret.pdf`,
        '../../etc/passwd',
        `tenant/${tenant}/${'x'.repeat(300)}.pdf`,
      ),
      fc.string({ maxLength: 100 }),
    )
    .map(
      (k): Attack => ({
        office,
        method: 'GET',
        path: `/v1/letters?key=${encodeURIComponent(k)}`,
        kind: 'letters',
      }),
    );
  const sheetAck = fc
    .oneof(
      fc
        .array(
          fc.record({
            tab: fc.constantFrom('Payments', 'Promises', 'Activity', 'Nope'),
            rowId: fc.oneof(
              fc.constantFrom(`${prefix}-P-0`, `${other}-P-0`, 'x'.repeat(65)),
              fc.string({ maxLength: 20 }),
            ),
          }),
          { maxLength: 4 },
        )
        .map((rows) => ({ rows })),
      fc.anything({ maxDepth: 3 }),
    )
    .map((b): Attack => ({ office, method: 'POST', path: '/v1/sheet-rows', body: b, kind: 'sheet-rows' }));
  const appeal = fc
    .oneof(
      fc.constantFrom(
        { claimId: 'CLM/1' },
        { claimId: 'x'.repeat(65) },
        { claimId: 'AP#1', customerId: `${other}-C0` },
      ),
      fc.anything({ maxDepth: 3 }),
    )
    .map((b): Attack => ({ office, method: 'POST', path: '/v1/letters/appeal', body: b, kind: 'letters' }));

  const portalGet = linkArb(ctx, tenant, prefix, other, 'portal').map(
    ({ token, variant }): Attack => ({
      office,
      method: 'GET',
      path: `/v1/portal?token=${token}`,
      kind: `portal-${variant}`,
    }),
  );
  // What a person sends (valid for the link's customer) and what a script sends.
  const validForm = (customer: string) =>
    fc.oneof(
      fc.record({
        action: fc.constant('promise'),
        date: fc.constantFrom('2026-11-30', '2026-12-20'),
        currency: fc.constant('USD'),
      }),
      fc.record({
        action: fc.constant('plan'),
        installments: fc.constantFrom('2', '3', '6'),
        frequency: fc.constantFrom('monthly', 'weekly', 'biweekly'),
        date: fc.constant('2026-12-15'),
      }),
      fc.record({
        action: fc.constant('dispute'),
        invoice: fc.constant(`${customer}-INV`),
        reason: fc.constantFrom('I never got this', '=HYPERLINK("http://x") wrong amount'),
      }),
      fc.record({
        action: fc.constant('contact'),
        field: fc.constantFrom('address', 'phone'),
        value: fc.constantFrom('+1 555 0100', '12 New Street, Springfield'),
      }),
    );
  const hostileForm = fc.oneof(
    fc.record({
      action: fc.constant('promise'),
      date: fc.constantFrom('2027-06-01', '2026-11-01', '2026-02-30', 'junk', ''),
      currency: fc.constantFrom('USD', 'EUR', ''),
    }),
    fc.record({
      action: fc.constant('plan'),
      installments: fc.constantFrom('1', '0', '1000000000', '-2', 'x', '2.5'),
      frequency: fc.constantFrom('monthly', 'daily', ''),
      date: fc.constantFrom('2026-12-15', '2026-11-01', 'x'),
    }),
    fc.record({
      action: fc.constant('dispute'),
      invoice: fc.constantFrom(...invoiceIds(prefix), ...invoiceIds(other), 'NOPE'),
      reason: fc.oneof(fc.constantFrom('', 'x'.repeat(600)), fc.string({ maxLength: 40 })),
    }),
    fc.record({
      action: fc.constant('contact'),
      field: fc.constantFrom('address', 'phone', 'email', ''),
      value: fc.oneof(fc.constantFrom('call me', 'x'.repeat(400)), fc.string({ maxLength: 40 })),
    }),
    fc.record({
      action: fc.oneof(fc.constantFrom('pay', '', 'promise\u0000'), fc.string({ maxLength: 10 })),
    }),
  );
  const portalPost = linkArb(ctx, tenant, prefix, other, 'portal')
    .chain((link) =>
      fc.record({
        link: fc.constant(link),
        form: fc.oneof(
          { arbitrary: validForm(link.customer), weight: 3 },
          { arbitrary: hostileForm, weight: 2 },
        ),
        huge: fc.integer({ min: 0, max: 11 }).map((x) => x === 0),
        json: fc.integer({ min: 0, max: 11 }).map((x) => x === 0),
      }),
    )
    .map(({ link, form, huge, json }): Attack => {
      const body =
        new URLSearchParams(form as Record<string, string>).toString() +
        (huge ? `&pad=${'x'.repeat(20_000)}` : '');
      return {
        office,
        method: 'POST',
        path: `/v1/portal?token=${link.token}`,
        kind: `portal-action-${link.variant}`,
        body,
        headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
      };
    });
  const statement = linkArb(ctx, tenant, prefix, other, 'portal').map(
    ({ token, variant }): Attack => ({
      office,
      method: 'GET',
      path: `/v1/portal/statement?token=${token}`,
      kind: `statement-${variant}`,
    }),
  );
  const pay = fc
    .record({
      link: linkArb(ctx, tenant, prefix, other, 'pay'),
      currency: fc.constantFrom('', 'USD', 'EUR', 'x'),
    })
    .map(
      ({ link, currency }): Attack => ({
        office,
        method: 'GET',
        path: `/v1/pay?token=${link.token}${currency ? `&currency=${currency}` : ''}`,
        kind: `pay-${link.variant}`,
      }),
    );
  const anyWebhook = fc.record({
    type: fc.constantFrom(
      'checkout.session.completed',
      'checkout.session.completed',
      'payment_intent.succeeded',
      'charge.refunded',
      'charge.dispute.created',
      'customer.created',
    ),
    tenantOf: fc.constantFrom('own', 'own', 'own', 'own', 'other', 'unknown'),
    customer: fc.constantFrom(...customerIds(prefix), ...customerIds(prefix), customerIds(other)[0]!, 'GONE'),
    invoices: fc.constantFrom('', ...invoiceIds(prefix), invoiceIds(other)[0]!, 'NOPE'),
    amount: fc.oneof(
      { arbitrary: fc.integer({ min: 1, max: 500_000 }), weight: 4 },
      { arbitrary: fc.constantFrom(0, -500, 1e15, 0.5), weight: 1 },
    ),
    currency: fc.constantFrom('usd', 'usd', 'usd', 'jpy', 'xyz', ''),
    signature: fc.constantFrom('good', 'good', 'good', 'good', 'bad', 'none'),
    redeliver: fc.boolean(),
  });
  // A payment Stripe confirms for this office's own customer in dollars, signed: the good path that
  // must be reached (the mix above makes one only about 1 in 40 draws).
  const validWebhook = fc.record({
    type: fc.constant('payment_intent.succeeded'),
    tenantOf: fc.constant('own'),
    customer: fc.constantFrom(...customerIds(prefix)),
    invoices: fc.constantFrom('', ...invoiceIds(prefix)),
    amount: fc.integer({ min: 1, max: 500_000 }),
    currency: fc.constant('usd'),
    signature: fc.constant('good'),
    redeliver: fc.boolean(),
  });
  const webhook = fc
    .oneof({ arbitrary: anyWebhook, weight: 4 }, { arbitrary: validWebhook, weight: 1 })
    .map((w): Attack => {
      const pi = w.redeliver ? `pi_attack_${prefix}_redelivered` : `pi_attack_${id(prefix)}`;
      const metadata = {
        duebook_tenant: w.tenantOf === 'own' ? tenant : w.tenantOf === 'other' ? otherTenant : 'office-zz',
        duebook_customer: w.customer,
        duebook_invoices: w.invoices,
        duebook_message: '',
      };
      const object =
        w.type === 'checkout.session.completed'
          ? Object.assign(stripeFixture('checkout.session'), {
              id: `cs_${pi}`,
              payment_intent: pi,
              payment_status: 'paid',
              amount_total: w.amount,
              currency: w.currency,
              metadata,
            })
          : w.type === 'payment_intent.succeeded'
            ? Object.assign(stripeFixture('payment_intent'), {
                id: pi,
                amount_received: w.amount,
                currency: w.currency,
                metadata,
              })
            : w.type === 'charge.dispute.created'
              ? Object.assign(stripeFixture('dispute'), {
                  payment_intent: pi,
                  amount: w.amount,
                  currency: w.currency,
                })
              : Object.assign(stripeFixture('charge'), {
                  payment_intent: pi,
                  amount: w.amount,
                  amount_refunded: w.amount,
                  refunded: true,
                  currency: w.currency,
                });
      const payload = JSON.stringify({
        ...stripeFixture('event'),
        id: `evt_${pi}`,
        type: w.type,
        created: Math.floor(NOW.getTime() / 1000),
        data: { object },
      });
      const signature =
        w.signature === 'good' ? ctx.signWebhook(payload) : w.signature === 'bad' ? 't=1,v1=deadbeef' : '';
      // Only a posting to this office's own customer may store a Payments row (under this office).
      const posts =
        (w.type === 'checkout.session.completed' || w.type === 'payment_intent.succeeded') &&
        metadata.duebook_tenant === tenant;
      return {
        office,
        method: 'POST',
        path: '/v1/stripe/webhook',
        kind: `webhook-${w.signature}`,
        body: payload,
        headers: signature ? { 'stripe-signature': signature } : {},
        ...(posts && !w.redeliver ? { rows: [['Payments', pi] as [string, string]] } : {}),
      };
    });
  const unsubscribe = fc
    .record({
      method: fc.constantFrom('GET', 'POST'),
      token: fc.oneof(fc.constantFrom('abc.def', '', 'x'.repeat(500)), fc.string({ maxLength: 60 })),
    })
    .map(
      (u): Attack => ({
        office,
        method: u.method,
        path: `/v1/unsubscribe?token=${encodeURIComponent(u.token)}`,
        kind: 'unsubscribe',
      }),
    );
  const stray = fc.constantFrom<Attack>(
    { office, method: 'DELETE', path: '/v1/sync', kind: 'method' },
    { office, method: 'PUT', path: '/v1/portal', kind: 'method' },
    { office, method: 'GET', path: '/v1/nope', kind: 'route' },
    { office, method: 'GET', path: '/v1/stripe/webhook', kind: 'route' },
    {
      office,
      method: 'GET',
      path: '/v1/status?customers=A-C0',
      headers: { 'x-api-key': '', authorization: 'Bearer x.y.z' },
      kind: 'auth',
    },
  );

  // Offices, members, keys and audit (issue #17), and the clerk's credit-hold release. Each office's
  // runner (its seeded admin) signs most of these; its staff, an outsider, founders, throwaway keys,
  // the stack's key and broken tokens sign the rest. Roles are drawn so that no one who ever signs in
  // can become an admin: the runner stays its office's only active admin, so its self-removal and
  // self-demotion are always refused as the last admin's, and the run's admin calls stay usable.
  const runner = runnerOf(tenant);
  const otherRunner = runnerOf(otherTenant);
  const staff = staffOf(tenant);
  const otherStaff = staffOf(otherTenant);
  const invitees = inviteesOf(tenant);
  const otherInvitees = inviteesOf(otherTenant);
  const fresh = () => `new-${n.next++}@${tenant}.example.com`;
  const signer = (weights: Partial<Record<Signer, number>>) =>
    fc.oneof(
      ...(Object.entries(weights) as [Signer, number][]).map(([s, weight]) => ({
        weight,
        arbitrary: signerArb(s, office, tenant),
      })),
    );
  const adminSigners = signer({
    runner: 8,
    staff: 1,
    outsider: 1,
    'stack-key': 1,
    throwaway: 1,
    'bad-token': 1,
    none: 1,
  });
  const officeCall = (
    method: string,
    path: string,
    kind: string,
    body: fc.Arbitrary<Partial<Attack>> | undefined,
    signers = adminSigners,
  ) =>
    fc
      .tuple(signers, body ?? fc.constant<Partial<Attack>>({}))
      .map(([s, b]): Attack => ({ office, method, path, kind, ...s, ...b }));
  const junkRole = fc.oneof(fc.constantFrom('owner', 'Admin', '', 'superuser', 'viewer'), hostile);
  const junkEmail = fc.oneof(
    fc.constantFrom(
      'not-an-email',
      'a@b',
      `${'x'.repeat(300)}@${tenant}.example.com`,
      `a@${tenant}.example.com, b@${tenant}.example.com`,
      '<clerk@x.com>',
    ),
    hostile,
  );
  const anyBody = fc.anything({ maxDepth: 3 }).map((body) => ({ body }));
  const inviteBody = fc.oneof(
    // Never signs in: any role, admin too.
    fc.constantFrom(...ROLES).map((role) => ({ body: { email: fresh(), role } })),
    fc
      .record({ email: fc.constantFrom(...invitees), role: fc.constantFrom(...ROLES) })
      .map((body) => ({ body })),
    // Signs in (a removed colleague invited back): never admin.
    fc
      .record({
        email: fc.constantFrom(...staff, staff[0]!.toUpperCase()),
        role: fc.constantFrom('clerk', 'read-only'),
      })
      .map((body) => ({ body })),
    // Already a member here, a member of the other office, or invited by it.
    fc
      .record({
        email: fc.constantFrom(runner, ` ${runner.toUpperCase()} `, otherRunner, ...otherInvitees),
        role: fc.constantFrom(...ROLES),
      })
      .map((body) => ({ body })),
    fc.record({ email: junkEmail, role: fc.constantFrom(...ROLES) }).map((body) => ({ body })),
    junkRole.map((role) => ({ body: { email: fresh(), role } })),
    fc.constantFrom<Partial<Attack>>(
      { body: { email: `dup@${tenant}.example.com`, role: 'clerk' } },
      { body: { email: 42, role: ['admin'] } },
      { body: { email: `x@${tenant}.example.com` } },
      { body: [] },
      { body: `{"email":` },
    ),
    fc.constantFrom(...ROLES).map((role) => ({ body: { email: fresh(), role, tenantId: otherTenant } })),
    anyBody,
  );
  const roleBody = fc.oneof(
    fc
      .record({
        email: fc.constantFrom(
          ...invitees,
          ...otherInvitees,
          otherRunner,
          ...otherStaff,
          `nobody@${tenant}.example.com`,
        ),
        role: fc.constantFrom(...ROLES),
      })
      .map((body) => ({ body })),
    fc
      .record({
        email: fc.constantFrom(...staff),
        role: fc.oneof(fc.constantFrom('clerk', 'read-only'), junkRole),
      })
      .map((body) => ({ body })),
    // The runner: admin again changes nothing; anything lower leaves the office without one.
    fc
      .record({ email: fc.constantFrom(runner, runner.toUpperCase()), role: fc.constantFrom(...ROLES) })
      .map((body) => ({ body })),
    fc
      .record({ email: fc.constant(runner), role: fc.constantFrom('clerk', 'read-only') })
      .map((body) => ({ body })),
    fc.record({ email: junkEmail, role: fc.constantFrom(...ROLES) }).map((body) => ({ body })),
    fc.constantFrom<Partial<Attack>>(
      { body: { email: staff[0], role: 'clerk', tenantId: otherTenant } },
      { body: { email: staff[0] } },
      { body: { email: [staff[0]], role: 'clerk' } },
    ),
    anyBody,
  );
  const removeBody = fc.oneof(
    // The admin removing itself: the last admin, always refused.
    {
      weight: 2,
      arbitrary: fc.constantFrom(runner, ` ${runner.toUpperCase()}`).map((email) => ({ body: { email } })),
    },
    // A colleague (who signs in later and must then be refused) most often.
    { weight: 3, arbitrary: fc.constantFrom(...staff).map((email) => ({ body: { email } })) },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(
          runner,
          runner.toUpperCase(),
          ...staff,
          ...invitees,
          otherRunner,
          ...otherStaff,
          ...otherInvitees,
          `nobody@${tenant}.example.com`,
          `dup@${tenant}.example.com`,
        )
        .map((email) => ({ body: { email } })),
    },
    { weight: 1, arbitrary: junkEmail.map((email) => ({ body: { email } })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Partial<Attack>>(
        { body: { email: staff[0], tenantId: otherTenant } },
        { body: { emails: [staff[0]] } },
        { body: {} },
      ),
    },
    { weight: 1, arbitrary: anyBody },
  );
  const keyBody = fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .string({ minLength: 1, maxLength: 40 })
        .filter((s) => s.trim() !== '')
        .map((name) => ({ body: { name } })),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom<Partial<Attack>>(
        { body: { name: '' } },
        { body: { name: '   ' } },
        { body: { name: 'x'.repeat(61) } },
        { body: { name: 'Nightly export', tenantId: otherTenant } },
        { body: { name: 'Nightly export', secret: 'dbk_chosen' } },
        { body: { name: 7 } },
        { body: {} },
      ),
    },
    { weight: 1, arbitrary: hostile.map((name) => ({ body: { name } })) },
  );
  const revokeBody = fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .integer({ min: 0, max: THROWAWAY_KEYS - 1 })
        .map((index) => ({ revoke: { office, index } })),
    },
    // Another office's key: not found here, and still usable there.
    {
      weight: 2,
      arbitrary: fc
        .integer({ min: 0, max: THROWAWAY_KEYS - 1 })
        .map((index) => ({ revoke: { office: (1 - office) as 0 | 1, index } })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 0, max: THROWAWAY_KEYS - 1 }).map((index) => ({
        revoke: { office, index, extra: { tenantId: otherTenant } },
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constantFrom(
            'key_',
            'key_XYZXYZXYZXYZ',
            'key_000000000000',
            'KEY_000000000000',
            `key_${'0'.repeat(400)}`,
          ),
          hostile,
        )
        .map((id) => ({ body: { id } })),
    },
    { weight: 1, arbitrary: anyBody },
  );
  const officeBody = fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .record({
          name: fc.constantFrom('Harbor Dental Group LLC', 'Quay Legal LLP', 'harbor dental group, llc'),
          timeZone: fc.constantFrom('America/Chicago', 'Europe/Paris'),
          country: fc.constantFrom('us', 'FR'),
        })
        .map((body) => ({ body })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          name: fc.oneof(fc.constantFrom('Accounts receivable', '', 'x'.repeat(300), 'A'), hostile),
          timeZone: fc.oneof(fc.constantFrom('America/Chicago', 'Mars/Base', ''), hostile),
          country: fc.oneof(fc.constantFrom('us', 'USA', '1'), hostile),
        })
        .map((body) => ({ body })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Partial<Attack>>(
        {
          body: {
            name: 'Harbor Dental Group LLC',
            timeZone: 'America/Chicago',
            country: 'us',
            tenantId: tenant,
          },
        },
        { body: { name: 'Harbor Dental Group LLC', timeZone: 'America/Chicago' } },
      ),
    },
    { weight: 1, arbitrary: anyBody },
  );
  const releaseBody = fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .record({
          // The held customer mostly (released, then already released), the others not on hold.
          customerId: fc.oneof(fc.constant(heldOf(prefix)), fc.constantFrom(...customerIds(prefix))),
          note: fc.option(
            fc.constantFrom('owner promised a wire', '=HYPERLINK("http://x")', 'x'.repeat(500)),
            { nil: undefined },
          ),
        })
        .map((b) => ({ body: b.note === undefined ? { customerId: b.customerId } : b })),
    },
    // Another office's held customer, or no customer at all: not found, and its hold untouched.
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(heldOf(other), customerIds(other)[0]!, 'NOPE', `${prefix}-C0 `)
        .map((customerId) => ({ body: { customerId } })),
    },
    {
      weight: 2,
      arbitrary: fc.oneof(
        hostile.map((customerId) => ({ body: { customerId } })),
        fc.constantFrom<Partial<Attack>>(
          { body: { customerId: heldOf(prefix), note: 'x'.repeat(501) } },
          { body: { customerId: heldOf(prefix), note: 7 } },
          { body: { note: 'no customer' } },
          { body: { customerId: 'x'.repeat(65) } },
          { body: { customerId: heldOf(prefix), tenantId: otherTenant } },
        ),
        anyBody,
      ),
    },
  );
  const releaseSigners = signer({
    'stack-key': 6,
    runner: 2,
    staff: 2,
    throwaway: 1,
    'bad-token': 1,
    none: 1,
  });
  const meSigners = signer({
    runner: 3,
    staff: 3,
    outsider: 1,
    founder: 1,
    'stack-key': 1,
    throwaway: 2,
    'bad-token': 1,
    none: 1,
  });
  const officeSigners = signer({ founder: 6, runner: 1, 'stack-key': 1, 'bad-token': 1, none: 1 });
  // Sending domains: each office's own, the other office's (never to be shared), and junk.
  const domainBody = fc.oneof(
    fc
      .record({
        domain: fc.constantFrom(`${tenant}.example`, `${otherTenant}.example`, `MAIL.${tenant}.example`),
        from: fc.constantFrom(undefined, 'billing', 'x@elsewhere.example', ''),
      })
      .map(({ domain, from }) => ({
        body: {
          domain,
          ...(from === undefined
            ? {}
            : { fromAddress: from.includes('@') || from === '' ? from : `${from}@${domain}` }),
        },
      })),
    fc.oneof(hostile, junkEmail).map((domain) => ({ body: { domain } })),
    fc.constantFrom({ body: { domain: `${tenant}.example`, tenantId: otherTenant } }, { body: {} }),
    anyBody,
  );
  const resumeBody = fc.oneof(
    fc.constantFrom({ body: { note: 'fixed the list' } }, { body: {} }, { body: { note: '' } }),
    hostile.map((note) => ({ body: { note } })),
    anyBody,
  );
  const officeRoutes = {
    'GET /v1/sending': officeCall('GET', '/v1/sending', 'sending', undefined),
    'POST /v1/sending/identity': officeCall('POST', '/v1/sending/identity', 'sending', domainBody),
    'POST /v1/sending/resume': officeCall('POST', '/v1/sending/resume', 'sending', resumeBody),
    'GET /v1/me': officeCall('GET', '/v1/me', 'me', undefined, meSigners),
    'POST /v1/offices': officeCall('POST', '/v1/offices', 'offices', officeBody, officeSigners),
    'GET /v1/members': officeCall('GET', '/v1/members', 'members', undefined),
    'POST /v1/members': officeCall('POST', '/v1/members', 'members', inviteBody),
    'POST /v1/members/role': officeCall('POST', '/v1/members/role', 'members', roleBody),
    'POST /v1/members/remove': officeCall('POST', '/v1/members/remove', 'members', removeBody),
    'GET /v1/api-keys': officeCall('GET', '/v1/api-keys', 'api-keys', undefined),
    'POST /v1/api-keys': officeCall('POST', '/v1/api-keys', 'api-keys', keyBody),
    'POST /v1/api-keys/revoke': fc.oneof(
      { weight: 5, arbitrary: officeCall('POST', '/v1/api-keys/revoke', 'api-keys', revokeBody) },
      // A throwaway key revoking itself: an API key acts as a clerk, never an admin.
      {
        weight: 1,
        arbitrary: fc.integer({ min: 0, max: THROWAWAY_KEYS - 1 }).map(
          (index): Attack => ({
            office,
            method: 'POST',
            path: '/v1/api-keys/revoke',
            kind: 'api-keys',
            key: { office, index },
            revoke: { office, index },
          }),
        ),
      },
    ),
    'GET /v1/audit': officeCall('GET', '/v1/audit', 'audit', undefined),
    'POST /v1/credit-holds/release': officeCall(
      'POST',
      '/v1/credit-holds/release',
      'credit-hold',
      releaseBody,
      releaseSigners,
    ),
  };

  return {
    'GET /health': simple('GET', '/health', 'health'),
    'POST /v1/sync': fc.oneof(
      { arbitrary: sync, weight: 3 },
      { arbitrary: syncPayments, weight: 2 },
      { arbitrary: rawSync, weight: 1 },
    ),
    'GET /v1/status': status,
    'GET /v1/retention-holds': retentionHolds,
    'GET /v1/integrity/cross-customer': crossCustomer,
    'GET /v1/queue': simple('GET', '/v1/queue', 'queue'),
    'POST /v1/queue': fc.oneof(
      queueDecision,
      simple('POST', '/v1/queue', 'queue', { decision: 'approve', entries: [] }),
    ),
    'GET /v1/messages': messages,
    'GET /v1/settings': simple('GET', '/v1/settings', 'settings'),
    'POST /v1/settings': settingsChange,
    'POST /v1/settings/preview': preview,
    'GET /v1/letters/today': simple('GET', '/v1/letters/today', 'letters'),
    'POST /v1/payments': fc.oneof(
      { arbitrary: validPayment, weight: 3 },
      { arbitrary: posting('/v1/payments'), weight: 2 },
    ),
    'POST /v1/promises': posting('/v1/promises'),
    'POST /v1/plans': posting('/v1/plans'),
    'POST /v1/notes': posting('/v1/notes'),
    'POST /v1/letters/appeal': appeal,
    'GET /v1/letters': letterKey,
    'GET /v1/sheet-rows': simple('GET', '/v1/sheet-rows', 'sheet-rows'),
    'POST /v1/sheet-rows': sheetAck,
    'GET /v1/unsubscribe': unsubscribe,
    'GET /v1/portal': portalGet,
    'POST /v1/portal': portalPost,
    'GET /v1/portal/statement': statement,
    'GET /v1/pay': pay,
    'POST /v1/stripe/webhook': webhook,
    ...officeRoutes,
    '(stray)': stray,
  };
}

/** Office routes only an admin may call (OFFICE_ROUTES' admin rows). */
const ADMIN_ROUTES = new Set(
  OFFICE_ROUTES.filter((r) => r.role === 'admin').map((r) => `${r.method} ${r.path}`),
);

/** A body that is exactly `{ email, role? }` with a string email, as the office routes' schemas take it. */
function plainEmailBody(body: unknown, keys: string[]): { email: string; role?: unknown } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  if (Object.keys(b).sort().join() !== [...keys].sort().join() || typeof b.email !== 'string')
    return undefined;
  return { email: b.email.trim().toLowerCase(), role: b.role };
}

/**
 * What the office routes changed during the run, recorded after each burst (answers of one burst
 * may run in any order, so a change is relied on only from the next burst), and the isolation each
 * answer must show.
 */
class OfficeRun {
  /** Email -> burst of the last removal answered 200. */
  readonly removedAt = new Map<string, number>();
  /** Email -> burst of the last invitation answered 201. */
  readonly invitedAt = new Map<string, number>();
  /** `office:index` -> burst of the throwaway key's revocation answered 200. */
  readonly revokedAt = new Map<string, number>();
  /** Key ids each office made (throwaway and created during the run). */
  readonly ownKeyIds: [Set<string>, Set<string>] = [new Set(), new Set()];
  readonly createdKeys: { office: 0 | 1; id: string; secret: string }[] = [];
  /** Key ids listed, and audit entries shown, per office: checked against ownKeyIds at the end. */
  readonly listedKeyIds: { office: 0 | 1; id: string }[] = [];
  readonly auditKeyIds: { office: 0 | 1; id: string }[] = [];
  /** `tenant|customer` of each release answered 200. */
  readonly released = new Set<string>();
  /** Sending domain -> the office it was first answered 200 to. */
  readonly domainOwner = new Map<string, 0 | 1>();
  /** How often each isolation or refusal rule was put to the test (printed with the figure). */
  readonly tally = new Map<string, number>();
  /** Fresh addresses whose invitation was refused: never stored. */
  readonly refusedInvites: { tenantId: string; email: string }[] = [];

  constructor(readonly throwaway: [{ id: string; secret: string }[], { id: string; secret: string }[]]) {
    throwaway.forEach((keys, o) => {
      for (const k of keys) this.ownKeyIds[o as 0 | 1].add(k.id);
    });
  }

  private note(rule: string): void {
    this.tally.set(rule, (this.tally.get(rule) ?? 0) + 1);
  }

  keyOf(ref: KeyRef) {
    return this.throwaway[ref.office][ref.index]!;
  }

  /** Removed in an earlier burst and not invited again since. */
  surelyRemoved(email: string, burst: number): boolean {
    const r = this.removedAt.get(email);
    if (r === undefined || r >= burst) return false;
    const i = this.invitedAt.get(email);
    return i === undefined || i < r;
  }

  surelyRevoked(ref: KeyRef, burst: number): boolean {
    const r = this.revokedAt.get(`${ref.office}:${ref.index}`);
    return r !== undefined && r < burst;
  }

  /** Records what an answer changed (before the burst's answers are checked). */
  record(a: Attack, res: ApiAnswer, burst: number): void {
    const ok = res.status === 200 || res.status === 201;
    if (a.route === 'POST /v1/members/remove' && ok)
      this.removedAt.set(String((res.body.removed as { email: string }).email), burst);
    if (a.route === 'POST /v1/members' && res.status === 201)
      this.invitedAt.set(String((res.body.invited as { email: string }).email), burst);
    if (a.route === 'POST /v1/members' && res.status !== 201) {
      const email = plainEmailBody(a.body, ['email', 'role'])?.email;
      if (email?.startsWith('new-'))
        this.refusedInvites.push({ tenantId: a.office === 0 ? 'office-a' : 'office-b', email });
    }
    if (a.route === 'POST /v1/api-keys/revoke' && ok) {
      expect(a.revoke, 'only a listed key id can be revoked').toBeDefined();
      this.revokedAt.set(`${a.revoke!.office}:${a.revoke!.index}`, burst);
    }
    if (a.route === 'POST /v1/api-keys' && res.status === 201) {
      const id = (res.body.key as { id: string }).id;
      this.ownKeyIds[a.office].add(id);
      this.createdKeys.push({ office: a.office, id, secret: String(res.body.secret) });
    }
    if (a.route === 'POST /v1/credit-holds/release' && res.status === 200)
      this.released.add(`${a.office === 0 ? 'office-a' : 'office-b'}|${String(res.body.customerId)}`);
    // The office a domain was first given to, before any answer is checked: a GET of the same burst
    // may show the domain before the answer that gave it comes up in the checks.
    if (a.route === 'POST /v1/sending/identity' && res.status === 200) {
      const domain = String((res.body.identity as { domain?: unknown }).domain);
      if (!this.domainOwner.has(domain)) this.domainOwner.set(domain, a.office);
    }
  }

  /** What an answer of an office route (or a request signed otherwise than by the stack's key) must show. */
  check(a: Attack, res: ApiAnswer, burst: number): void {
    const tenant = a.office === 0 ? 'office-a' : 'office-b';
    const otherTenant = a.office === 0 ? 'office-b' : 'office-a';
    const own = a.office === 0 ? 'A-' : 'B-';
    const other = a.office === 0 ? 'B-' : 'A-';
    const route = a.route ?? '';
    const where = `${route} as ${a.as ? `${a.as.email} (${a.as.token})` : a.key ? `key ${a.key.office}:${a.key.index}` : 'stack key'}`;
    const code = res.body.error?.code;
    const signedIn = a.as?.token === 'valid' ? a.as.email : undefined;
    const removed = signedIn !== undefined && this.surelyRemoved(signedIn, burst);
    // Credentials: a broken token, none at all, or a key revoked in an earlier burst never get in.
    if (a.as && a.as.token !== 'valid') expect(res.status, where).toBe(401);
    if (!a.as && !a.key && a.headers?.['x-api-key'] === '') expect(res.status, where).toBe(401);
    if (a.key && this.surelyRevoked(a.key, burst)) {
      this.note('revoked key refused');
      expect(code, where).toBe('AUTH.BAD_API_KEY');
    }
    if (removed) this.note('removed member refused');
    const officeless = signedIn === OUTSIDER || foundersOf(a.office).includes(signedIn ?? '') || removed;
    if (route === 'GET /v1/me' && res.status === 200) {
      const office = res.body.office as { tenantId: string; role: string } | null;
      if (removed || signedIn === OUTSIDER)
        expect(office, `${where}: a removed member has no office`).toBeNull();
      if (signedIn && foundersOf(a.office).includes(signedIn)) {
        if (office) expect([tenant, otherTenant]).not.toContain(office.tenantId);
      } else if (office) expect(office.tenantId, where).toBe(tenant);
      if (signedIn === runnerOf(tenant)) expect(office?.role, where).toBe('admin');
    }
    if (route !== 'GET /v1/me' && route !== 'POST /v1/offices' && signedIn && officeless)
      expect(code, `${where}: refused as no member`).toBe('AUTH.NO_MEMBERSHIP');
    if (ADMIN_ROUTES.has(route)) {
      // Only the office's admin: a key acts as a clerk, the colleagues are clerks or read-only.
      if (res.status < 300) expect(signedIn, where).toBe(runnerOf(tenant));
      if (!a.as && !a.key && a.headers?.['x-api-key'] !== '') {
        this.note('admin route refused to a key');
        expect(code, where).toBe('AUTH.FORBIDDEN_ROLE');
      }
    }
    if (route === 'POST /v1/offices') {
      if (res.status < 300) {
        expect(officeless, where).toBe(true);
        const office = res.body.office as { tenantId: string; role: string };
        expect([tenant, otherTenant]).not.toContain(office.tenantId);
        expect(office.role).toBe('admin');
      }
      if (signedIn === runnerOf(tenant) && res.status !== 400)
        expect(code, where).toBe('OFFICE.MEMBER_ELSEWHERE');
    }
    const runnerCall = signedIn === runnerOf(tenant);
    if (route === 'GET /v1/members' && res.status === 200) {
      expect(res.body.you).toBe(runnerOf(tenant));
      const roster = res.body.members as { email: string; addedBy: string }[];
      expect(roster.map((m) => m.email)).toContain(runnerOf(tenant));
      for (const m of roster) {
        expect(['test setup', runnerOf(tenant)], `${m.email} added by`).toContain(m.addedBy);
        expect([runnerOf(otherTenant), ...staffOf(otherTenant)]).not.toContain(m.email);
      }
    }
    if (route === 'POST /v1/members' && runnerCall) {
      const body = plainEmailBody(a.body, ['email', 'role']);
      if (body?.email === runnerOf(tenant) && isRole(body.role))
        expect(code, where).toBe('OFFICE.ALREADY_MEMBER');
      if (body?.email === runnerOf(otherTenant) && isRole(body.role))
        expect(code, where).toBe('OFFICE.MEMBER_ELSEWHERE');
      if (body && !isRole(body.role)) expect(res.status, where).toBe(400);
    }
    if ((route === 'POST /v1/members/role' || route === 'POST /v1/members/remove') && runnerCall) {
      const body =
        route === 'POST /v1/members/role'
          ? plainEmailBody(a.body, ['email', 'role'])
          : plainEmailBody(a.body, ['email']);
      const valid = body && (route === 'POST /v1/members/remove' || isRole(body.role));
      // The runner is its office's only admin: never removed nor demoted.
      if (valid && body.email === runnerOf(tenant) && body.role !== 'admin') {
        this.note('last admin kept');
        expect(code, where).toBe('OFFICE.LAST_ADMIN');
      }
      // Another office's people are not found here (and stay as they are there).
      if (valid && [runnerOf(otherTenant), ...staffOf(otherTenant)].includes(body.email)) {
        this.note("other office's member not found");
        expect(code, where).toBe('OFFICE.NOT_FOUND');
      }
    }
    if (route === 'GET /v1/api-keys' && res.status === 200) {
      expect(res.text).not.toContain('dbk_');
      expect(res.text).not.toContain('keyHash');
      const ids = (res.body.keys as { id: string }[]).map((k) => k.id);
      for (const id of ids) this.listedKeyIds.push({ office: a.office, id });
      this.throwaway[a.office].forEach((k, index) => {
        if (this.surelyRevoked({ office: a.office, index }, burst)) expect(ids).not.toContain(k.id);
      });
    }
    if (route === 'POST /v1/api-keys' && res.status === 201) expect(String(res.body.secret)).toMatch(/^dbk_/);
    if (route === 'POST /v1/api-keys/revoke' && a.revoke && runnerCall && !a.revoke.extra) {
      if (a.revoke.office !== a.office) {
        this.note("other office's key not found");
        expect(code, `${where}: another office's key`).toBe('OFFICE.NOT_FOUND');
      } else if (this.surelyRevoked(a.revoke, burst))
        expect(code, `${where}: revoked before`).toBe('OFFICE.NOT_FOUND');
    }
    if (route === 'POST /v1/api-keys/revoke' && a.revoke?.extra) expect(res.status, where).not.toBe(200);
    if (route === 'GET /v1/audit' && res.status === 200) {
      const entries = res.body.entries as {
        by: string;
        action: string;
        target: string;
        detail?: { id?: string };
      }[];
      for (const e of entries) {
        expect(['test setup', runnerOf(tenant), ...staffOf(tenant)], `audit entry by`).toContain(e.by);
        expect([runnerOf(otherTenant), ...staffOf(otherTenant)]).not.toContain(e.target);
        if (e.action.startsWith('api-key.'))
          this.auditKeyIds.push({ office: a.office, id: String(e.detail?.id) });
      }
    }
    // A sending domain answered 200 to one office is that office's alone: never the other's, ever.
    if (route === 'POST /v1/sending/identity' && res.status === 200) {
      const domain = String((res.body.identity as { domain?: unknown }).domain);
      expect(this.domainOwner.get(domain), `${where}: ${domain} given to both offices`).toBe(a.office);
      if (domain === `${otherTenant}.example`) this.note("other office's domain refused");
    }
    if (route === 'POST /v1/sending/identity' && code === 'REQUEST.CONFLICT')
      this.note("other office's domain refused");
    if (route === 'GET /v1/sending' && res.status === 200 && res.body.identity) {
      const owner = this.domainOwner.get(String((res.body.identity as { domain?: unknown }).domain));
      expect(owner, `${where}: shows a domain it was never given`).toBe(a.office);
    }
    if (route === 'POST /v1/credit-holds/release') {
      const asked = (a.body as { customerId?: unknown } | undefined)?.customerId;
      // Another office's customer is not found: its hold is neither released nor confirmed to exist.
      if (typeof asked === 'string' && asked.trim().startsWith(other)) {
        this.note("other office's hold not found");
        expect([200, 409]).not.toContain(res.status);
      }
      if (res.status === 200) expect(String(res.body.customerId).startsWith(own)).toBe(true);
    }
  }
}

/**
 * How often each route is drawn: postings, syncs, the debtor's page and webhooks most (their weights
 * were raised by a third when the 11 office routes came, to keep their share), the office writes
 * twice the rest.
 */
const ROUTE_WEIGHT: Record<string, number> = {
  'POST /v1/payments': 8,
  'POST /v1/sync': 7,
  'POST /v1/promises': 3,
  'POST /v1/plans': 3,
  'POST /v1/notes': 3,
  'POST /v1/portal': 7,
  'GET /v1/portal': 3,
  'POST /v1/stripe/webhook': 5,
  'GET /v1/status': 3,
  'POST /v1/members': 2,
  'POST /v1/members/role': 2,
  'POST /v1/members/remove': 2,
  'POST /v1/api-keys/revoke': 2,
};

function attacks(ctx: AttackContext, office: 0 | 1, n: { next: number }) {
  const routes = routeAttacks(ctx, office, n);
  return fc.oneof(
    ...Object.entries(routes).map(([route, arbitrary]) => ({
      arbitrary: arbitrary.map((a) => ({ ...a, route })),
      weight: ROUTE_WEIGHT[route] ?? 1,
    })),
  );
}

/** `METHOD /path` of an API_ROUTES entry, as the generators are keyed. */
const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path.split('?')[0]}`;

describe('api attack coverage', () => {
  describe('routeAttacks', () => {
    it('has a generator for every route the API lists, and none for a route it does not', () => {
      // Prepare
      const listed = API_ROUTES.map(routeKey);
      // Act
      const generated = Object.keys(
        routeAttacks({ linkSecret: 'x', signWebhook: () => '' }, 0, { next: 0 }),
      ).filter((k) => k !== '(stray)');
      // Assess
      expect(listed.filter((r) => !generated.includes(r))).toEqual([]);
      expect(generated.filter((r) => !listed.includes(r))).toEqual([]);
    });
  });
});

describe('api attack', () => {
  let stack: ApiStack;
  let lettersDir: string;
  let clock = NOW;
  const counter = { next: 1 }; // -P-0 is the seeded payment below
  const counts = new Map<string, number>();
  /** Answers by route and status (`POST /v1/portal 303`), and webhook outcomes (`webhook posted`). */
  const outcomes = new Map<string, number>();
  let sent = 0;
  const throwaway: { id: string; secret: string }[][] = [];
  let run: OfficeRun;

  /** A Google ID token as the local identity provider signs it, or a broken one. */
  const tokenOf = (as: { email: string; token: TokenVariant }) => {
    const idp = stack.identity;
    switch (as.token) {
      case 'valid':
        return idp.signIdToken({ email: as.email });
      case 'expired':
        return idp.signIdToken({ email: as.email, issuedAt: new Date(Date.now() - 7_200_000) });
      case 'forged':
        return idp.signForgedIdToken({ email: as.email });
      case 'unsigned':
        return Promise.resolve(idp.unsignedIdToken({ email: as.email }));
      case 'wrong-audience':
        return idp.signIdToken({ email: as.email, audience: 'someone-else.apps.googleusercontent.com' });
    }
  };

  beforeAll(async () => {
    lettersDir = await mkdtemp(join(tmpdir(), 'duebook-attack-'));
    stack = await startApiStack(() => clock, lettersDir);
    const letters = createLocalLetterStorage(lettersDir);
    for (const [office, prefix] of [
      [stack.offices[0], 'A'],
      [stack.offices[1], 'B'],
    ] as const) {
      const ids = customerIds(prefix);
      const c = await stack.call(
        office,
        'POST',
        '/v1/sync',
        chunk(
          'Customers',
          ['Customer ID', 'Name', 'Email', 'Flags'],
          ids.map((x) => [
            x,
            `Name ${x}`,
            `${x.toLowerCase()}@example.com`,
            x === heldOf(prefix) ? 'credit-hold' : '',
          ]),
        ),
      );
      const i = await stack.call(
        office,
        'POST',
        '/v1/sync',
        chunk(
          'Invoices',
          ['Invoice ID', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Currency'],
          ids.map((x) => [`${x}-INV`, x, '2026-09-01', '2026-10-01', '1000.00', 'USD']),
        ),
      );
      expect([c.body.rejected, i.body.rejected]).toEqual([0, 0]);
      // The first payment of each office, whose key the mutated postings reuse with other bodies.
      const first = await stack.call(office, 'POST', '/v1/payments', {
        idempotencyKey: `key-${prefix}-P-0`,
        row: {
          'Payment ID': `${prefix}-P-0`,
          'Customer ID': ids[0],
          Date: AS_OF,
          Amount: '1.00',
          Currency: 'USD',
        },
      });
      expect(first.status).toBe(201);
      // A letter of each office, which the other office's key must never read.
      await letters.put(office.tenantId, 'validation/own.pdf', '%PDF-own', 'application/pdf');
      await letters.put(office.tenantId, 'validation/secret.pdf', '%PDF-secret', 'application/pdf');
      // Colleagues who sign in during the run, and throwaway keys made by the admin through the API:
      // only these are ever revoked, so the stack's own key (seeded with no key id, which no id in a
      // revoke body can name) stays usable by design.
      for (const [j, email] of staffOf(office.tenantId).entries())
        await stack.members.seedMember(
          office.tenantId,
          email,
          j === 2 ? 'read-only' : 'clerk',
          NOW.toISOString(),
          'test setup',
        );
      const keys: { id: string; secret: string }[] = [];
      for (let k = 0; k < THROWAWAY_KEYS; k++) {
        const made = await stack.call(
          office,
          'POST',
          '/v1/api-keys',
          { name: `throwaway-${k}` },
          {
            'x-api-key': '',
            authorization: `Bearer ${await stack.identity.signIdToken({ email: office.email })}`,
          },
        );
        expect(made.status).toBe(201);
        keys.push({ id: (made.body.key as { id: string }).id, secret: String(made.body.secret) });
      }
      throwaway.push(keys);
    }
    run = new OfficeRun(throwaway as [(typeof throwaway)[0], (typeof throwaway)[0]]);
  }, 120_000);

  afterAll(async () => {
    if (sent > 0)
      console.log(
        `api attack: ${sent} requests over ${counts.size} routes (${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}), seed ${SEED}: no 5xx, nothing refused stored, balances recomputed equal, tenants isolated`,
      );
    if (sent > 0 && run)
      console.log(
        `api attack, offices: ${[...run.tally].map(([k, v]) => `${k} ${v}`).join(', ')}; revoked ${run.revokedAt.size} of ${2 * THROWAWAY_KEYS} throwaway keys, removed ${run.removedAt.size} members, created ${run.createdKeys.length} keys`,
      );
    if (process.env.DUEBOOK_ATTACK_VERBOSE)
      console.log(
        [...outcomes]
          .sort()
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
      );
    await stack?.stop();
    await rm(lettersDir, { recursive: true, force: true });
  });

  it('returns no 5xx, stores nothing refused, keeps balances equal to their rows and offices apart', async () => {
    // Prepare: bursts of 1-12 concurrent requests, from both offices, on every listed route.
    const ctx: AttackContext = {
      linkSecret: LINK_SECRET,
      signWebhook: (payload) =>
        stack.stripe.client.webhooks.generateTestHeaderString({
          payload,
          secret: stack.stripe.webhookSecret,
          timestamp: Math.floor(Date.now() / 1000),
        }),
    };
    const burst = fc.array(
      fc
        .tuple(fc.constantFrom<0 | 1>(0, 1), fc.constantFrom(0, 1))
        .chain(([office, flip]) => attacks(ctx, office, counter).map((a) => ({ ...a, flip }))),
      { minLength: 1, maxLength: 12 },
    );
    // Every route is attacked by both offices first (a weight-1 route could otherwise go undrawn in a
    // short run as routes are added), then the weighted random bursts follow.
    const firsts = ([0, 1] as const).flatMap((office) =>
      Object.entries(routeAttacks(ctx, office, counter)).map(([route, arbitrary]) => ({
        ...fc.sample(arbitrary, { seed: SEED + office, numRuns: 1 })[0]!,
        route,
        flip: 0,
      })),
    );
    const bursts = [
      ...Array.from({ length: Math.ceil(firsts.length / 8) }, (_, i) => firsts.slice(i * 8, i * 8 + 8)),
      ...fc.sample(burst, { seed: SEED, numRuns: Math.ceil(REQUESTS / 6) + 50 }),
    ];
    const refused: { office: Office; tab: string; id: string; status: number; kind: string }[] = [];
    const accepted = new Set<string>();
    const seen: string[] = [];
    for (const [burst, b] of bursts.entries()) {
      if (sent >= REQUESTS) break;
      // The debtor page's rate limit is per hour: the attack's clock moves on an hour every 400
      // requests (still the same office day), so page actions are both limited and let through.
      clock = new Date(NOW.getTime() + Math.floor(sent / 400) * 3_600_000);
      // Act
      const answers = await Promise.all(
        b.map(async (a) => {
          const office = stack.offices[a.office];
          const gzip = a.flip === 1 && a.body !== undefined && a.kind === 'sync';
          // Signed as a Google identity or with a throwaway key instead of the stack's key.
          const signed: Record<string, string> = a.as
            ? { 'x-api-key': '', authorization: `Bearer ${await tokenOf(a.as)}` }
            : a.key
              ? { 'x-api-key': run.keyOf(a.key).secret }
              : {};
          const headers = gzip
            ? {
                ...signed,
                'content-type': 'application/octet-stream',
                'content-encoding': 'gzip',
                ...(a.headers ?? {}),
              }
            : { ...signed, ...(a.headers ?? {}) };
          const body = a.revoke
            ? { id: run.keyOf(a.revoke).id, ...(a.revoke.extra ?? {}) }
            : gzip && typeof a.body !== 'string'
              ? (gzipSync(JSON.stringify(a.body)) as unknown as string)
              : a.body;
          const res = await stack.call(office, a.method, a.path, body, headers);
          return { a, office, res };
        }),
      );
      // What the burst changed in offices, members and keys, relied on from the next burst.
      for (const { a, res } of answers) if (res.status < 500) run.record(a, res, burst);
      // Assess: no 5xx, offices apart in every answer, and record what was refused and accepted.
      for (const { a, office, res } of answers) {
        sent++;
        counts.set(a.route ?? a.kind, (counts.get(a.route ?? a.kind) ?? 0) + 1);
        const outcome = a.kind.startsWith('webhook')
          ? `webhook ${res.status === 200 ? String(res.body.action) : res.status}`
          : `${a.route} ${res.status}`;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (res.status >= 500)
          throw new Error(
            `${a.method} ${a.path.slice(0, 200)} answered ${res.status}: ${res.text.slice(0, 300)}`,
          );
        expect(res.status).toBeLessThan(500);
        const own = a.office === 0 ? 'A-' : 'B-';
        const other = a.office === 0 ? 'B-' : 'A-';
        const otherTenant = a.office === 0 ? 'office-b' : 'office-a';
        if (a.kind === 'status' && res.status === 200) {
          // Office B never sees A's customers, nor A B's.
          for (const c of res.body.customers as { customerId: string }[])
            expect(c.customerId.startsWith(other)).toBe(false);
          seen.push(
            ...(res.body.customers as { customerId: string }[]).map((c) => `${a.office}:${c.customerId}`),
          );
        }
        // A page, statement or any answer never shows the other office's customers or letters.
        expect(res.text.includes(`Name ${other}`), `${a.path.slice(0, 120)} shows ${other}`).toBe(false);
        if (a.route === 'GET /v1/letters' && res.status === 200)
          expect(String(res.body.key).startsWith(`tenant/${otherTenant}/`)).toBe(false);
        if (a.route === 'GET /v1/integrity/cross-customer' && res.status === 200)
          for (const r of res.body.rows as { customerId: string; owner: string }[])
            expect([r.customerId, r.owner].some((c) => c.startsWith(other))).toBe(false);
        if (a.route === 'GET /v1/retention-holds' && res.status === 200)
          for (const h of res.body.holds as { customerId: string }[])
            expect(h.customerId.startsWith(other)).toBe(false);
        if (a.route === 'GET /v1/sheet-rows' && res.status === 200)
          for (const r of res.body.rows as { cells: Record<string, unknown> }[])
            expect(String(r.cells['Customer ID'] ?? '').startsWith(other)).toBe(false);
        if (a.route === 'GET /v1/messages' && res.status === 200 && a.path.includes(`=${other}`))
          expect([res.body.messages, res.body.activity]).toEqual([[], []]);
        if (a.route === 'GET /v1/portal' && res.status === 200) expect(res.text).toContain(`Name ${own}`);
        run.check(a, res, burst);
        const errorRows = new Set(
          ((res.body.errors as { row: number }[] | undefined) ?? []).map((e) => e.row),
        );
        for (const [i, [tab, id]] of (a.rows ?? []).entries()) {
          const ok = a.kind.startsWith('webhook')
            ? res.status === 200 && res.body.action === 'posted'
            : res.status === 201 ||
              (res.status === 200 && a.kind !== 'sync') ||
              (a.kind === 'sync' && res.status === 200 && !errorRows.has(i + 2));
          if (ok) accepted.add(`${office.tenantId}|${tab}|${id}`);
          else refused.push({ office, tab, id, status: res.status, kind: a.kind });
        }
      }
    }
    // Assess: every listed route was attacked, and the good paths were taken too (a page action
    // done, a Stripe payment posted, one held for review, a posting and a sync stored).
    for (const r of API_ROUTES) expect(counts.get(routeKey(r)) ?? 0, routeKey(r)).toBeGreaterThan(0);
    if (REQUESTS >= 200)
      for (const good of [
        'POST /v1/portal 303',
        'webhook posted',
        'webhook held',
        'POST /v1/payments 201',
        'POST /v1/sync 200',
        'POST /v1/members 201',
        'POST /v1/api-keys/revoke 200',
        'POST /v1/credit-holds/release 200',
      ])
        expect(outcomes.get(good) ?? 0, good).toBeGreaterThan(0);
    // Assess: nothing refused was stored, in either office.
    for (const r of refused) {
      if (accepted.has(`${r.office.tenantId}|${r.tab}|${r.id}`)) continue;
      for (const o of stack.offices) {
        const row = await stack.store.getRow(o.tenantId, r.tab as never, r.id);
        if (row)
          throw new Error(`${r.kind} answered ${r.status} but ${r.tab} ${r.id} is stored for ${o.tenantId}`);
      }
    }
    // Assess: nothing wrong got in: every accepted row passes core's row rules as stored, holds only
    // cell values (never "[object Object]") and amounts within the bound.
    for (const key of accepted) {
      const [tenantId, tab, id] = key.split('|') as [string, TabName, string];
      const row = await stack.store.getRow(tenantId, tab, id);
      if (!row) continue;
      expect(rowRuleProblem(tab, row.fields)).toBeUndefined();
      for (const v of Object.values(row.fields)) {
        expect(JSON.stringify(v)).not.toContain('[object');
        if (typeof v === 'number') expect(Math.abs(v)).toBeLessThanOrEqual(MAX_AMOUNT_MINOR);
      }
    }
    // Assess: status answers (computed at once for accounts a write marked) equal a recomputation
    // from stored rows, and after the daily run's recompute every stored balance does too; every
    // stored row passes core's cross-tab rules against its customer's other rows.
    const service = new LedgerService(stack.store);
    for (const [office, prefix, other] of [
      [stack.offices[0], 'A', 'B'],
      [stack.offices[1], 'B', 'A'],
    ] as const) {
      const ids = customerIds(prefix);
      const status = await stack.call(office, 'GET', `/v1/status?customers=${ids.join(',')}`);
      for (const c of status.body.customers as { customerId: string; balance: string }[]) {
        const rows = await stack.store.customerRows(office.tenantId, c.customerId);
        const snap = snapshotFromRows(rows, c.customerId, AS_OF)!;
        // Every currency the customer holds (a Stripe payment may bring one with no invoice in it).
        const expected = snap.accounts
          .filter((x) => x.balanceMinor !== 0)
          .map((x) => formatMoney(x.balanceMinor, x.currency))
          .join('; ');
        expect([expected, expected || formatMoney(0, 'USD')]).toContain(c.balance);
        const problems = ledgerFromFields(groupByTab(rows)).problems;
        expect(problems.map((p) => `${p.tab} ${p.row} ${p.column}: ${p.message}`)).toEqual([]);
      }
      await service.flushPending(office.tenantId, AS_OF, new Date(clock.getTime() + 3_600_000));
      for (const id of ids) {
        const { stored, recomputed } = await stack.balances(office.tenantId, id, AS_OF);
        expect(stored).toEqual(recomputed);
      }
      // Tenant isolation in the store: none of the other office's customers has rows here.
      for (const id of customerIds(other))
        expect(await stack.store.customerRows(office.tenantId, id)).toEqual([]);
    }
    expect(seen.every((s) => s.startsWith('0:A-') || s.startsWith('1:B-'))).toBe(true);
    // Assess: offices, members and keys after the run. Each office listed, audited and can use only
    // its own keys; a key is refused exactly when its own office revoked it; the admin is still the
    // admin; a refused invitation left nothing; only an office's own releases lifted its holds.
    const me = (headers: Record<string, string>) =>
      stack.call(stack.offices[0], 'GET', '/v1/me', undefined, headers);
    for (const { office, id } of [...run.listedKeyIds, ...run.auditKeyIds])
      expect(run.ownKeyIds[office].has(id), `${id} shown to office ${office}`).toBe(true);
    for (const [o, keys] of run.throwaway.entries())
      for (const [index, k] of keys.entries()) {
        const res = await me({ 'x-api-key': k.secret });
        if (run.revokedAt.has(`${o}:${index}`)) expect(res.body.error?.code).toBe('AUTH.BAD_API_KEY');
        else expect((res.body.office as { tenantId: string }).tenantId).toBe(stack.offices[o]!.tenantId);
      }
    for (const k of run.createdKeys) {
      const res = await me({ 'x-api-key': k.secret });
      expect((res.body.office as { tenantId: string }).tenantId).toBe(stack.offices[k.office].tenantId);
    }
    for (const office of stack.offices) {
      const res = await me({
        'x-api-key': '',
        authorization: `Bearer ${await stack.identity.signIdToken({ email: office.email })}`,
      });
      expect(res.body.office).toMatchObject({ tenantId: office.tenantId, role: 'admin' });
      const roster = await stack.members.roster(office.tenantId);
      const otherTenant = office.tenantId === 'office-a' ? 'office-b' : 'office-a';
      for (const m of roster) {
        expect(['test setup', office.email]).toContain(m.addedBy);
        expect([runnerOf(otherTenant), ...staffOf(otherTenant)]).not.toContain(m.email);
      }
    }
    for (const { tenantId, email } of run.refusedInvites) {
      expect((await stack.members.roster(tenantId)).map((m) => m.email)).not.toContain(email);
      expect(await stack.members.invitation(email)).toBeUndefined();
    }
    for (const [office, prefix] of [
      [stack.offices[0], 'A'],
      [stack.offices[1], 'B'],
    ] as const)
      for (const id of customerIds(prefix)) {
        const released = (await stack.store.customerRows(office.tenantId, id)).some(
          (r) => r.tab === 'Activity' && String(r.fields.outcome ?? '').startsWith('credit hold released'),
        );
        if (released) expect(run.released.has(`${office.tenantId}|${id}`), `${id} released`).toBe(true);
      }
    expect(sent).toBeGreaterThanOrEqual(Math.min(REQUESTS, 200));
  }, 1_800_000);
});
