// The debtor's routes (no login; each request carries a signed, expiring link): the self-service
// page and its actions, the statement PDF, the pay link (a Stripe Checkout Session), Stripe's
// webhook (the rows the sheet must receive: sheet-rows.ts). Called by the API's router, which loads
// this file only for the paths debtor-paths.ts names.
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { AccountSnapshot } from '../../core/collections/account-snapshot.js';
import { buildClientStatement, clientStatementDocument } from '../../core/collections/client-statement.js';
import { paymentInstructionLines } from '../../core/collections/templates.js';
import { withoutRefusedCharges } from '../../core/compliance/charge-refusals.js';
import { addDays, toDay } from '../../core/ledger/dates.js';
import { formatMoney } from '../../core/ledger/money.js';
import type { TabName } from '../../core/ledger/schema.js';
import { ledgerFromFields } from '../../core/ledger/schema-rows.js';
import { ApiError, json } from '../api/errors.js';
import { renderPdf } from '../documents/pdf.js';
import { type RowsRoom, rowDecision } from '../services/backend-rows.js';
import { groupByTab, type LedgerService, officeToday } from '../services/ledger-service.js';
import { officeOf } from '../services/office-voice.js';
import { log } from '../shared/log.js';
import { type PortalClaim, signPortalToken, verifyPortalToken } from '../shared/portal-token.js';
import { decodeRequestBody } from '../shared/request-body.js';
import type { DebtorStore, TrackingKind } from '../store/debtor-store.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { OutboxEntry } from '../store/outbox-types.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { debtorRouteOf } from './debtor-paths.js';
import type { PORTAL_CHANNELS } from './portal-channels.js';
import {
  DEFAULT_PORTAL_LIMITS,
  type PortalLimits,
  renderMessagePage,
  renderPortalPage,
} from './portal-page.js';
import { takePortalAction, tooManyActionsText } from './portal-rate-limit.js';
import { decimalText } from './stripe-money.js';
import {
  amountsToPay,
  createCheckout,
  handleStripeEvent,
  type StripeConfig,
  verifiedEvent,
} from './stripe-payments.js';

export interface DebtorRouteDeps {
  store: LedgerStore;
  debtor: DebtorStore;
  ledger: LedgerService;
  /** The key portal and pay links are signed with (the unsubscribe key, another purpose). */
  linkSecret: string;
  publicBaseUrl: string;
  stripe?: StripeConfig;
  now: () => Date;
  settings: (tenantId: string) => Promise<TenantSettings>;
  /** Whether new rows fit the office's rows quota (absent: no quota); at the limit see services/backend-rows.ts. */
  rowsRoom?: RowsRoom;
}

/** The office's portal limits, with defaults for what it has not set. */
export function limitsOf(settings: TenantSettings): PortalLimits {
  return { ...DEFAULT_PORTAL_LIMITS, ...(settings.portalLimits ?? {}) };
}

/** Whether this office's messages carry a pay link: the deployment has Stripe and the office did not opt out. */
export const takesOnlinePayments = (settings: TenantSettings, stripe: unknown) =>
  stripe !== undefined && settings.onlinePayments !== false;

const html = (statusCode: number, body: string, extra: Record<string, string> = {}) => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // Nothing but this page's own inline style; forms post only to this origin; no framing.
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' https://checkout.stripe.com; frame-ancestors 'none'; base-uri 'none'",
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    ...extra,
  },
  body,
});

const redirect = (location: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 303,
  headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  body: '',
});

/** A reference a debtor's action is filed under: `WEB-20261123-9f2c1a`. */
const webId = (prefix: string, asOf: string) =>
  `${prefix}-${asOf.replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;

export function createDebtorRoutes(deps: DebtorRouteDeps) {
  async function claimOf(event: APIGatewayProxyEventV2, purpose: 'portal' | 'pay') {
    const token = event.queryStringParameters?.token ?? '';
    const check = verifyPortalToken(token, purpose, deps.linkSecret, deps.now().getTime());
    return { check, token };
  }

  async function track(claim: PortalClaim, kind: TrackingKind, link?: string) {
    try {
      await deps.debtor.track(claim.tenantId, {
        customerId: claim.customerId,
        kind,
        at: deps.now().toISOString(),
        ...(claim.outboxKey ? { outboxKey: claim.outboxKey } : {}),
        ...(link ? { link } : {}),
      });
    } catch (e) {
      // Tracking never stands in the debtor's way.
      log('warn', 'tracking failed', { error: String(e) });
    }
  }

  async function account(claim: PortalClaim, settings: TenantSettings) {
    const asOf = officeToday(deps.now(), settings.timeZone);
    const snapshot = await deps.ledger.currentAccount(claim.tenantId, claim.customerId, asOf);
    return { asOf, snapshot };
  }

  function view(
    claim: PortalClaim,
    token: string,
    settings: TenantSettings,
    snapshot: AccountSnapshot,
    asOf: string,
    notice?: { kind: 'done' | 'error'; text: string },
  ) {
    const limits = limitsOf(settings);
    const toPay = amountsToPay(snapshot, asOf);
    const payUrls: Record<string, string> = {};
    if (takesOnlinePayments(settings, deps.stripe)) {
      const pay = signPortalToken({ ...claim, purpose: 'pay' }, deps.linkSecret);
      for (const d of toPay)
        payUrls[d.currency] = `${deps.publicBaseUrl}/v1/pay?token=${pay}&currency=${d.currency}`;
    }
    return renderPortalPage({
      officeName: settings.officeName,
      ...(settings.officeAddress ? { officeAddress: settings.officeAddress } : {}),
      ...(settings.officePhone ? { officePhone: settings.officePhone } : {}),
      officeEmail: settings.officeEmail,
      customerName: snapshot.customer.name,
      asOf,
      balances: snapshot.accounts.map((a) => ({ currency: a.currency, balanceMinor: a.balanceMinor })),
      invoices: snapshot.accounts
        .flatMap((a) => a.items)
        .filter((i) => i.openMinor > 0)
        .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
        .map((i) => ({
          invoiceId: i.itemId,
          dueDate: i.dueDate,
          currency: i.currency,
          openMinor: i.openMinor,
          disputed: i.disputed,
        })),
      toPay,
      payUrls,
      // The office's own words for paying without a link, as its messages give them.
      ...(() => {
        const how = paymentInstructionLines(officeOf(settings))
          .map((l) => l.join('\n'))
          .join('\n\n');
        return how ? { paymentInstructions: how } : {};
      })(),
      actionUrl: `${deps.publicBaseUrl}/v1/portal?token=${token}`,
      statementUrl: `${deps.publicBaseUrl}/v1/portal/statement?token=${token}`,
      limits,
      minDate: addDays(asOf, 1),
      maxPromiseDate: addDays(asOf, limits.promiseMaxDays),
      ...(notice ? { notice } : {}),
    });
  }

  async function portal(
    event: APIGatewayProxyEventV2,
    method: string,
  ): Promise<APIGatewayProxyStructuredResultV2> {
    const { check, token } = await claimOf(event, 'portal');
    if (!check.ok)
      return html(
        check.code === 'PORTAL.TOKEN_EXPIRED' ? 410 : 400,
        renderMessagePage('This link cannot be used', check.message),
      );
    const claim = check.claim;
    const settings = await deps.settings(claim.tenantId);
    const { asOf, snapshot } = await account(claim, settings);
    if (!snapshot)
      return html(
        404,
        renderMessagePage('No account', 'The office has no account under this link any more.'),
      );
    if (method === 'GET') {
      await track(claim, 'visit', 'portal');
      const done = event.queryStringParameters?.done;
      const notice = done ? { kind: 'done' as const, text: DONE_TEXT[done] ?? 'Thank you.' } : undefined;
      return html(200, view(claim, token, settings, snapshot, asOf, notice));
    }
    if (method !== 'POST') throw new ApiError('REQUEST.METHOD', `${method} is not allowed on /v1/portal`);
    // Every action sent counts, refused or not, per link and per customer (portal-rate-limit.ts).
    const rate = await takePortalAction(deps.debtor, claim, token, deps.now().getTime());
    if (!rate.ok)
      return html(429, renderMessagePage('Please wait a little', tooManyActionsText(rate)), {
        'retry-after': String(rate.retryAfterSeconds),
      });
    const decoded = decodeRequestBody(event, 16 * 1024);
    if (!decoded.ok) throw new ApiError(decoded.code, decoded.message);
    const form = new URLSearchParams(decoded.text);
    const outcome = await act(claim, settings, snapshot, asOf, form);
    if (!outcome.ok)
      return html(
        400,
        view(claim, token, settings, snapshot, asOf, { kind: 'error', text: outcome.message }),
      );
    return redirect(`${deps.publicBaseUrl}/v1/portal?token=${token}&done=${outcome.done}`);
  }

  type ActOutcome = { ok: true; done: string } | { ok: false; message: string };

  async function act(
    claim: PortalClaim,
    settings: TenantSettings,
    snapshot: AccountSnapshot,
    asOf: string,
    form: URLSearchParams,
  ): Promise<ActOutcome> {
    const now = deps.now();
    const limits = limitsOf(settings);
    const toPay = amountsToPay(snapshot, asOf);
    const action = form.get('action') ?? '';
    const currencyOf = () => {
      const c = form.get('currency') ?? toPay[0]?.currency;
      return toPay.find((d) => d.currency === c);
    };
    const dateIn = (field: string, label: string): string | { error: string } => {
      const date = form.get(field) ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return { error: `${label}: choose a date` };
      const days = toDay(date) - toDay(asOf);
      if (!(days >= 1 && days <= limits.promiseMaxDays))
        return { error: `${label}: choose a date from tomorrow to ${addDays(asOf, limits.promiseMaxDays)}` };
      return date;
    };
    const base = { tenantId: claim.tenantId, customerId: claim.customerId };
    if (action === 'promise') {
      const due = currencyOf();
      if (!due) return { ok: false, message: 'Nothing is past due, so there is nothing to promise.' };
      const date = dateIn('date', 'Pay by');
      if (typeof date !== 'string') return { ok: false, message: date.error };
      const promiseId = webId('WEBP', asOf);
      // At the office's rows quota the promise is not stored: it waits in the review queue, never lost.
      const quota = await rowDecision(deps.rowsRoom, claim.tenantId, 'portal-promise');
      if (quota.action !== 'store') {
        const text = `Promised on the self-service page to pay ${formatMoney(due.amountMinor, due.currency, { code: true })} by ${date} (${promiseId}); NOT RECORDED: the office stores ${quota.stored} rows of its quota of ${quota.limit}. Add it to the Promises tab, or free rows or ask the operator for a higher quota`;
        log('warn', 'portal promise held for review', {
          code: 'QUOTA.ROWS',
          tenantId: claim.tenantId,
          customerId: claim.customerId,
          promiseId,
          limit: quota.limit,
          stored: quota.stored,
        });
        await review(base, 'promise', promiseId, asOf, text, {
          promiseId,
          date,
          ...due,
          notRecorded: 'QUOTA.ROWS',
        });
        return { ok: true, done: 'promise-held' };
      }
      await deps.ledger.post(
        claim.tenantId,
        'Promises',
        {
          idempotencyKey: promiseId,
          row: {
            'Promise ID': promiseId,
            'Customer ID': claim.customerId,
            'Taken On': asOf,
            'Promised Date': date,
            Amount: decimalText(due.amountMinor, due.currency),
            Currency: due.currency,
            Note: 'made by the customer on the self-service page',
          },
        },
        now,
        settings.timeZone,
      );
      await sheetRow(claim, 'Promises', promiseId, 'new');
      const text = `Promised on the self-service page to pay ${formatMoney(due.amountMinor, due.currency, { code: true })} by ${date} (${promiseId})`;
      await activity(claim, settings, asOf, 'promise made', text);
      await review(base, 'promise', promiseId, asOf, text, { promiseId, date, ...due });
      return { ok: true, done: 'promise' };
    }
    if (action === 'plan') {
      const due = currencyOf();
      if (!due) return { ok: false, message: 'Nothing is past due, so no plan is needed.' };
      const n = Number(form.get('installments'));
      if (!Number.isInteger(n) || n < 2 || n > limits.planMaxInstallments)
        return { ok: false, message: `Number of payments: choose 2 to ${limits.planMaxInstallments}` };
      const frequency = form.get('frequency') ?? '';
      if (!['weekly', 'biweekly', 'monthly'].includes(frequency))
        return { ok: false, message: 'How often: choose weekly, every two weeks or monthly' };
      const date = dateIn('date', 'First payment on');
      if (typeof date !== 'string') return { ok: false, message: date.error };
      const each = Math.floor(due.amountMinor / n);
      if (each < limits.planMinInstallmentMinor)
        return {
          ok: false,
          message: `Number of payments: each payment would be ${formatMoney(each, due.currency, { code: true })}; the office's smallest is ${formatMoney(limits.planMinInstallmentMinor, due.currency, { code: true })}, so choose fewer payments`,
        };
      const planId = webId('WEBPL', asOf);
      const text = `Asked on the self-service page for a plan: ${formatMoney(due.amountMinor, due.currency, { code: true })} in ${n} ${frequency} payments from ${date} (${planId}); approve it in the review queue`;
      await review(base, 'plan-request', planId, asOf, text, {
        planId,
        startDate: date,
        totalMinor: due.amountMinor,
        currency: due.currency,
        installments: n,
        frequency,
      });
      await activity(claim, settings, asOf, 'plan requested', text);
      return { ok: true, done: 'plan' };
    }
    if (action === 'dispute') {
      const invoiceId = form.get('invoice') ?? '';
      const reason = (form.get('reason') ?? '').trim();
      const item = snapshot.accounts
        .flatMap((a) => a.items)
        .find((i) => i.itemId === invoiceId && i.kind === 'invoice');
      if (!item) return { ok: false, message: 'Invoice: choose one of your open invoices' };
      if (reason.length < 3 || reason.length > 500)
        return { ok: false, message: 'What is wrong with it: say in a few words (at most 500 characters)' };
      await deps.store.patchRow(
        claim.tenantId,
        'Invoices',
        invoiceId,
        {
          addFlags: [],
          set: { status: 'disputed' },
          reason: `disputed by the customer: ${reason}`,
          at: now.toISOString(),
        },
        now.toISOString(),
      );
      await deps.ledger.recompute(claim.tenantId, [claim.customerId], asOf);
      await sheetRow(claim, 'Invoices', invoiceId, 'changed');
      const text = `Disputed invoice ${invoiceId} on the self-service page: ${reason}`;
      await activity(claim, settings, asOf, 'invoice disputed', text);
      await review(base, 'dispute', invoiceId, asOf, text, { invoiceId, reason });
      return { ok: true, done: 'dispute' };
    }
    if (action === 'contact') {
      const field = form.get('field') ?? '';
      const value = (form.get('value') ?? '').trim();
      if (field !== 'address' && field !== 'phone')
        return { ok: false, message: 'What changed: choose address or phone' };
      if (value.length < (field === 'phone' ? 5 : 8) || value.length > 300)
        return {
          ok: false,
          message: `New value: write the full ${field === 'phone' ? 'phone number' : 'postal address'}`,
        };
      if (field === 'phone' && !/^[+()\d\s.-]+$/.test(value))
        return { ok: false, message: 'New value: a phone number has digits, spaces, + ( ) - and . only' };
      const quota = await rowDecision(deps.rowsRoom, claim.tenantId, 'portal-contact-change');
      if (quota.action !== 'store') {
        log('warn', 'portal contact change refused', {
          code: 'QUOTA.ROWS',
          tenantId: claim.tenantId,
          customerId: claim.customerId,
          limit: quota.limit,
          stored: quota.stored,
        });
        const phone = settings.officePhone ? ` (${settings.officePhone})` : '';
        return {
          ok: false,
          message: `This page cannot record a new ${field === 'phone' ? 'phone number' : 'postal address'} at the moment, and nothing was changed. Please tell ${settings.officeName}${phone} directly.`,
        };
      }
      const changeId = webId('WEBC', asOf);
      const old = field === 'phone' ? snapshot.customer.phone : snapshot.customer.address;
      await deps.ledger.post(
        claim.tenantId,
        'Contact Changes',
        {
          idempotencyKey: changeId,
          row: {
            'Change ID': changeId,
            'Customer ID': claim.customerId,
            Date: asOf,
            Field: field,
            'Old Value': old ?? '',
            'New Value': value,
            Source: 'customer',
            By: 'self-service page',
          },
        },
        now,
        settings.timeZone,
      );
      await sheetRow(claim, 'Contact Changes', changeId, 'new');
      await activity(
        claim,
        settings,
        asOf,
        `${field} updated`,
        `Updated the ${field === 'phone' ? 'phone number' : 'postal address'} on the self-service page (${changeId}; undo by setting Undone On)`,
      );
      return { ok: true, done: 'contact' };
    }
    return { ok: false, message: 'That action is not known.' };
  }

  async function sheetRow(claim: PortalClaim, tab: TabName, rowId: string, change: 'new' | 'changed') {
    await deps.debtor.addSheetRow(claim.tenantId, {
      tab,
      rowId,
      customerId: claim.customerId,
      change,
      at: deps.now().toISOString(),
    });
  }

  async function activity(
    claim: PortalClaim,
    settings: TenantSettings,
    asOf: string,
    outcome: string,
    note: string,
  ) {
    // At the office's rows quota the note is not stored: the review queue entry carries the same words.
    const quota = await rowDecision(deps.rowsRoom, claim.tenantId, 'portal-note');
    if (quota.action !== 'store') {
      log('warn', 'portal note not stored', { code: 'QUOTA.ROWS', tenantId: claim.tenantId, outcome });
      return;
    }
    const activityId = webId('WEBA', asOf);
    await deps.ledger.logActivity(
      claim.tenantId,
      {
        activityId,
        customerId: claim.customerId,
        date: asOf,
        type: 'note',
        direction: 'inbound',
        outcome,
        note: note.slice(0, 2000),
        by: 'customer (self-service page)',
      },
      deps.now(),
      settings.timeZone,
    );
    await sheetRow(claim, 'Activity', activityId, 'new');
  }

  /** Puts what the debtor did in the office's review queue (never dispatched). */
  async function review(
    base: { tenantId: string; customerId: string },
    channel: (typeof PORTAL_CHANNELS)[number],
    ref: string,
    asOf: string,
    summary: string,
    detail: Record<string, unknown>,
  ) {
    const entry: OutboxEntry = {
      ...base,
      stage: `web-${ref}`.slice(0, 64),
      channel,
      cycle: asOf,
      status: 'awaiting-review',
      plannedOn: asOf,
      notBefore: deps.now().toISOString(),
      action: {
        kind: channel,
        [channel === 'plan-request' ? 'plan' : channel]: detail,
        explanation: { rule: `portal/${channel}`, summary, by: 'customer (self-service page)' },
      },
    };
    await deps.store.putOutboxOnce(entry);
  }

  async function statement(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const { check } = await claimOf(event, 'portal');
    if (!check.ok) return html(400, renderMessagePage('This link cannot be used', check.message));
    const claim = check.claim;
    const settings = await deps.settings(claim.tenantId);
    const asOf = officeToday(deps.now(), settings.timeZone);
    const rows = await deps.store.customerRows(claim.tenantId, claim.customerId);
    const { ledger } = withoutRefusedCharges(ledgerFromFields(groupByTab(rows)).ledger);
    if (!ledger.customers.some((c) => c.customerId === claim.customerId))
      return html(
        404,
        renderMessagePage('No account', 'The office has no account under this link any more.'),
      );
    const pdf = await renderPdf(
      clientStatementDocument(buildClientStatement(ledger, claim.customerId, asOf)),
      {
        createdAt: deps.now(),
      },
    );
    await track(claim, 'click', 'statement');
    return {
      statusCode: 200,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="statement-${asOf}.pdf"`,
        'cache-control': 'no-store',
      },
      body: Buffer.from(pdf).toString('base64'),
      isBase64Encoded: true,
    };
  }

  async function pay(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const { check, token } = await claimOf(event, 'pay');
    if (!check.ok) return html(400, renderMessagePage('This pay link cannot be used', check.message));
    const claim = check.claim;
    const settings = await deps.settings(claim.tenantId);
    const portalToken = signPortalToken({ ...claim, purpose: 'portal' }, deps.linkSecret);
    const portalUrl = `${deps.publicBaseUrl}/v1/portal?token=${portalToken}`;
    if (!deps.stripe || !takesOnlinePayments(settings, deps.stripe)) return redirect(portalUrl);
    const { asOf, snapshot } = await account(claim, settings);
    if (!snapshot)
      return html(
        404,
        renderMessagePage('No account', 'The office has no account under this link any more.'),
      );
    const toPay = amountsToPay(snapshot, asOf);
    if (toPay.length === 0)
      return html(
        200,
        renderMessagePage('Nothing to pay', 'Nothing on your account is past due. Thank you.'),
      );
    const wanted = event.queryStringParameters?.currency;
    const due = wanted ? toPay.find((d) => d.currency === wanted) : toPay.length === 1 ? toPay[0] : undefined;
    // Several currencies past due and none chosen: the page offers one button per currency.
    if (!due) return redirect(portalUrl);
    await track(claim, 'click', 'pay');
    const session = await createCheckout(deps.stripe, {
      tenantId: claim.tenantId,
      customerId: claim.customerId,
      ...(snapshot.customer.email ? { customerEmail: snapshot.customer.email } : {}),
      outboxKey: claim.outboxKey,
      due,
      officeName: settings.officeName,
      successUrl: `${portalUrl}&done=paid`,
      cancelUrl: portalUrl,
    });
    log('info', 'checkout session', {
      tenantId: claim.tenantId,
      customerId: claim.customerId,
      session: session.sessionId,
      token: token.length,
    });
    return redirect(session.url);
  }

  async function webhook(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    if (!deps.stripe)
      throw new ApiError('REQUEST.NOT_FOUND', 'this deployment takes no payments through Stripe');
    const raw = event.body
      ? event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body
      : '';
    const signature = event.headers['stripe-signature'] ?? '';
    const verified = await verifiedEvent(deps.stripe, raw, signature);
    const outcome = await handleStripeEvent(
      verified,
      {
        store: deps.store,
        debtor: deps.debtor,
        ledger: deps.ledger,
        now: deps.now,
        ...(deps.stripe ? { stripe: deps.stripe } : {}),
      },
      deps.settings,
    );
    log('info', 'stripe event', { id: verified.id, ...outcome });
    return json(200, { received: true, ...outcome });
  }

  return {
    /** The answer for a debtor route, or undefined when the path is not one. */
    async route(event: APIGatewayProxyEventV2, method: string, path: string) {
      // The same table the API tests before loading this file (debtor-paths.ts).
      switch (debtorRouteOf(method, path)) {
        case 'portal':
          return portal(event, method);
        case 'statement':
          return statement(event);
        case 'pay':
          return pay(event);
        case 'webhook':
          return webhook(event);
        case undefined:
          return undefined;
      }
    },
  };
}

const DONE_TEXT: Record<string, string> = {
  promise: 'Thank you: your promise is recorded. We will not send reminders before that date.',
  'promise-held':
    'Thank you: your promise has been sent to the office, which will record it and confirm it with you.',
  dispute: 'Thank you: the office will look into the invoice. Reminders about it have stopped.',
  plan: 'Thank you: the office will look at your plan and confirm it.',
  contact: 'Thank you: your contact details are updated.',
  paid: 'Thank you for your payment. It may take a minute to show here.',
};
