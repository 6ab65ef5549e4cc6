// Paying online through Stripe: a Checkout Session for what a message asks (the overdue amount in one
// currency, the invoices named), and Stripe's webhook events posted once as Payments rows through
// the API's own posting path; refunds and disputes reverse the payment like a returned cheque.
import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import type { AccountSnapshot } from '../../core/collections/account-snapshot.js';
import { toDay } from '../../core/ledger/dates.js';
import { formatMoney } from '../../core/ledger/money.js';
import { ApiError } from '../api/errors.js';
import { type LedgerService, officeToday } from '../services/ledger-service.js';
import { log } from '../shared/log.js';
import type { DebtorStore } from '../store/debtor-store.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { decimalText, fromStripeAmount, toStripeAmount } from './stripe-money.js';

/** The deployment's Stripe account: an SDK client and the webhook endpoint's signing secret. */
export interface StripeConfig {
  /**
   * The SDK client, or a function giving it on first use (the api Lambda loads Stripe's SDK, a
   * quarter of its bundle, only when a request needs it: lambdas/payments/stripe-client.ts).
   */
  client: Stripe | (() => Promise<Stripe>);
  webhookSecret: string;
}

/** The SDK client of a StripeConfig, made on first use when it is lazy. */
async function clientOf(stripe: StripeConfig): Promise<Stripe> {
  return typeof stripe.client === 'function' ? stripe.client() : stripe.client;
}

export interface PayDeps {
  store: LedgerStore;
  debtor: DebtorStore;
  ledger: LedgerService;
  stripe?: StripeConfig;
  now: () => Date;
}

/** What one currency's overdue items come to: the amount a pay link asks for. */
export interface AmountToPay {
  currency: string;
  amountMinor: number;
  invoices: { invoiceId: string; openMinor: number }[];
}

/** Stripe metadata values are at most 500 characters; a longer invoice list is left to oldest-first. */
const MAX_METADATA_VALUE = 500;

/**
 * Per currency, the overdue items (due before `asOf`, not disputed, still open) and their total,
 * less credit on the account: what the messages ask to be paid now.
 */
export function amountsToPay(snapshot: AccountSnapshot, asOf: string): AmountToPay[] {
  const today = toDay(asOf);
  const out: AmountToPay[] = [];
  for (const account of snapshot.accounts) {
    const invoices = account.items
      .filter((i) => !i.disputed && i.openMinor > 0 && toDay(i.dueDate) < today)
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.itemId.localeCompare(b.itemId))
      .map((i) => ({ invoiceId: i.itemId, openMinor: i.openMinor }));
    const overdue = invoices.reduce((sum, i) => sum + i.openMinor, 0);
    const amountMinor = Math.min(overdue, account.balanceMinor);
    if (amountMinor > 0) out.push({ currency: account.currency, amountMinor, invoices });
  }
  return out;
}

/** The metadata Duebook puts on a Checkout Session and its PaymentIntent. */
export interface PayMetadata {
  duebook_tenant: string;
  duebook_customer: string;
  duebook_invoices: string;
  duebook_message: string;
}

/**
 * Creates (or, for the same message, amount and invoices, finds again: Stripe's idempotency key)
 * the Checkout Session for one currency's overdue amount. Returns the page to send the debtor to.
 */
export async function createCheckout(
  stripe: StripeConfig,
  input: {
    tenantId: string;
    customerId: string;
    customerEmail?: string;
    outboxKey: string;
    due: AmountToPay;
    officeName: string;
    successUrl: string;
    cancelUrl: string;
  },
): Promise<{ sessionId: string; url: string }> {
  const { due } = input;
  const ids = due.invoices.map((i) => i.invoiceId);
  let listed = ids.join(',');
  if (listed.length > MAX_METADATA_VALUE) listed = '';
  const metadata: PayMetadata = {
    duebook_tenant: input.tenantId,
    duebook_customer: input.customerId,
    duebook_invoices: listed,
    duebook_message: input.outboxKey,
  };
  const named = ids.length <= 6 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`;
  const description = `${ids.length === 1 ? 'Invoice' : 'Invoices'} ${named}`;
  const idempotencyKey = createHash('sha256')
    .update(
      JSON.stringify([input.tenantId, input.customerId, input.outboxKey, due.currency, due.amountMinor, ids]),
    )
    .digest('hex');
  const client = await clientOf(stripe);
  const session = await client.checkout.sessions.create(
    {
      mode: 'payment',
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: due.currency.toLowerCase(),
            unit_amount: toStripeAmount(due.amountMinor, due.currency),
            product_data: { name: `${input.officeName}: ${description}`.slice(0, 250) },
          },
        },
      ],
      payment_intent_data: { metadata: { ...metadata }, description },
      metadata: { ...metadata },
      client_reference_id: `${input.tenantId}:${input.customerId}`.slice(0, 200),
      ...(input.customerEmail ? { customer_email: input.customerEmail } : {}),
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
    },
    { idempotencyKey },
  );
  if (!session.url) throw new Error(`Stripe returned Checkout Session ${session.id} without a url`);
  return { sessionId: session.id, url: session.url };
}

/** What a webhook event did: posted, reversed, a duplicate of one already handled, or ignored. */
export interface StripeEventOutcome {
  type: string;
  action: 'posted' | 'duplicate' | 'reversed' | 'ignored' | 'held';
  detail: string;
  paymentId?: string;
}

/** Verifies the signature (the SDK's check) and parses the event; a bad one is a 400. */
export async function verifiedEvent(
  stripe: StripeConfig,
  rawBody: string,
  signature: string,
): Promise<Stripe.Event> {
  const client = await clientOf(stripe);
  try {
    return client.webhooks.constructEvent(rawBody, signature, stripe.webhookSecret);
  } catch (e) {
    throw new ApiError(
      'REQUEST.SIGNATURE',
      `Stripe-Signature does not match this endpoint's signing secret: ${(e as Error).message}`,
      undefined,
      { cause: e },
    );
  }
}

const metaOf = (m: Stripe.Metadata | null | undefined): PayMetadata | undefined =>
  m?.duebook_tenant && m.duebook_customer
    ? {
        duebook_tenant: m.duebook_tenant,
        duebook_customer: m.duebook_customer,
        duebook_invoices: m.duebook_invoices ?? '',
        duebook_message: m.duebook_message ?? '',
      }
    : undefined;

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === 'string' ? v : v?.id);

/** Acts on one verified event. Every action is idempotent: Stripe delivers at least once. */
export async function handleStripeEvent(
  event: Stripe.Event,
  deps: PayDeps,
  settingsOf: (tenantId: string) => Promise<TenantSettings>,
): Promise<StripeEventOutcome> {
  const type = event.type;
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      // Delayed methods (bank debits) complete unpaid; their payment_intent.succeeded posts them.
      if (session.payment_status !== 'paid')
        return { type, action: 'ignored', detail: `session ${session.id} is ${session.payment_status}` };
      const pi = idOf(session.payment_intent);
      const meta = metaOf(session.metadata);
      if (!pi || !meta || session.amount_total == null || !session.currency)
        return { type, action: 'ignored', detail: `session ${session.id} is not a Duebook pay link` };
      return postStripePayment(deps, settingsOf, {
        paymentIntentId: pi,
        meta,
        amount: session.amount_total,
        currency: session.currency,
        created: event.created,
        type,
      });
    }
    case 'payment_intent.succeeded': {
      const intent = event.data.object;
      const meta = metaOf(intent.metadata);
      if (!meta) return { type, action: 'ignored', detail: `${intent.id} is not a Duebook pay link` };
      return postStripePayment(deps, settingsOf, {
        paymentIntentId: intent.id,
        meta,
        amount: intent.amount_received,
        currency: intent.currency,
        created: event.created,
        type,
      });
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const pi = idOf(charge.payment_intent);
      if (!pi) return { type, action: 'ignored', detail: `charge ${charge.id} has no payment intent` };
      const kept = charge.refunded ? 0 : Math.max(0, charge.amount - charge.amount_refunded);
      return reverseStripePayment(deps, settingsOf, {
        paymentIntentId: pi,
        keptAmount: kept,
        currency: charge.currency,
        created: event.created,
        why: charge.refunded ? 'refunded through Stripe' : `partly refunded through Stripe`,
        type,
      });
    }
    case 'charge.dispute.created': {
      const dispute = event.data.object;
      const pi = idOf(dispute.payment_intent);
      if (!pi) return { type, action: 'ignored', detail: `dispute ${dispute.id} names no payment intent` };
      const record = await deps.debtor.stripePayment(pi);
      // The disputed amount is withdrawn from the office at once: the payment is reversed, and
      // what was not disputed stays paid.
      const paidMinor = record ? await paidAmount(deps, record.tenantId, record.paymentId) : undefined;
      const paid =
        paidMinor === undefined ? undefined : toStripeAmount(paidMinor.amountMinor, paidMinor.currency);
      const kept = paid === undefined ? 0 : Math.max(0, paid - dispute.amount);
      return reverseStripePayment(deps, settingsOf, {
        paymentIntentId: pi,
        keptAmount: kept,
        currency: dispute.currency,
        created: event.created,
        why: `disputed with the card issuer (${dispute.reason})`,
        type,
      });
    }
    default:
      return { type, action: 'ignored', detail: 'not an event Duebook acts on' };
  }
}

async function paidAmount(deps: PayDeps, tenantId: string, paymentId: string) {
  const row = await deps.store.getRow(tenantId, 'Payments', paymentId);
  if (!row) return undefined;
  return { amountMinor: row.fields.amountMinor as number, currency: row.fields.currency as string };
}

/**
 * Posts a paid PaymentIntent once as a Payments row (Payment ID = Stripe's PaymentIntent id),
 * applied to the invoices the pay link named. `checkout.session.completed` and
 * `payment_intent.succeeded` both arrive for one payment, and each may arrive twice: the row id
 * makes the second posting a conflict, which is reported as a duplicate.
 */
async function postStripePayment(
  deps: PayDeps,
  settingsOf: (tenantId: string) => Promise<TenantSettings>,
  p: {
    paymentIntentId: string;
    meta: PayMetadata;
    amount: number;
    currency: string;
    created: number;
    type: string;
  },
): Promise<StripeEventOutcome> {
  const tenantId = p.meta.duebook_tenant;
  const customerId = p.meta.duebook_customer;
  const currency = p.currency.toUpperCase();
  const settings = await settingsOf(tenantId);
  const now = deps.now();
  const date = officeToday(new Date(p.created * 1000), settings.timeZone);
  const amountMinor = fromStripeAmount(p.amount, currency);
  const row: Record<string, unknown> = {
    'Payment ID': p.paymentIntentId,
    'Customer ID': customerId,
    Date: date,
    Amount: decimalText(amountMinor, currency),
    Currency: currency,
    'Applies To': p.meta.duebook_invoices,
    Status: 'posted',
    Method: 'card (Stripe)',
    Reference: p.meta.duebook_message ? `pay link in ${p.meta.duebook_message}` : 'pay link',
  };
  let action: 'posted' | 'duplicate' = 'posted';
  const known = await deps.debtor.stripePayment(p.paymentIntentId);
  if (known?.unmatched)
    return {
      type: p.type,
      action: 'duplicate',
      detail: `${p.paymentIntentId} already waits in the review queue`,
    };
  if (known) action = 'duplicate';
  else {
    const post = (cells: Record<string, unknown>, key: string) =>
      deps.ledger.post(tenantId, 'Payments', { idempotencyKey: key, row: cells }, now, settings.timeZone);
    try {
      try {
        await post(row, `stripe-${p.paymentIntentId}`);
      } catch (e) {
        // An invoice the link named is no longer in the ledger (deleted, renumbered): the money
        // was received all the same, so it is posted oldest-first rather than lost.
        if ((e as { code?: string }).code !== 'SCHEMA.ROW_INVALID' || !row['Applies To']) throw e;
        log('warn', 'stripe payment posted oldest-first', { tenantId, customerId, error: String(e) });
        await post({ ...row, 'Applies To': '' }, `stripe-${p.paymentIntentId}-oldest-first`);
      }
    } catch (e) {
      const code = (e as { code?: string }).code;
      // The row exists (the other event of the pair, or a retry after a crash): posted once.
      if (code === 'REQUEST.CONFLICT' || code === 'REQUEST.IDEMPOTENCY_MISMATCH') action = 'duplicate';
      // The ledger refuses the row (the office removed the customer): the money was received, so
      // it goes to the review queue instead, and Stripe gets its 2xx rather than retrying for days.
      // A passing condition (the account busy) is not a refusal: Stripe's retry posts it later.
      else if (e instanceof ApiError && e.code.startsWith('SCHEMA.'))
        return holdUnmatchedPayment(deps, { ...p, tenantId, customerId, currency, amountMinor, date }, e);
      else throw e;
    }
  }
  // Idempotent follow-ups, finished by a retry if a crash interrupted them.
  await deps.debtor.recordStripePayment({
    paymentIntentId: p.paymentIntentId,
    tenantId,
    customerId,
    paymentId: p.paymentIntentId,
    postedAt: now.toISOString(),
  });
  await deps.debtor.addSheetRow(tenantId, {
    tab: 'Payments',
    rowId: p.paymentIntentId,
    customerId,
    change: 'new',
    at: now.toISOString(),
  });
  if (action === 'posted') {
    const activityId = `PAY-${p.paymentIntentId}`.slice(0, 64);
    await deps.ledger.logActivity(
      tenantId,
      {
        activityId,
        customerId,
        date,
        type: 'note',
        direction: 'inbound',
        outcome: 'paid online',
        note: `Paid ${formatMoney(amountMinor, currency, { code: true })} online through Stripe (${p.paymentIntentId})${p.meta.duebook_invoices ? ` for ${p.meta.duebook_invoices}` : ''}`,
        by: 'debtor',
      },
      now,
      settings.timeZone,
    );
    await deps.debtor.addSheetRow(tenantId, {
      tab: 'Activity',
      rowId: activityId,
      customerId,
      change: 'new',
      at: now.toISOString(),
    });
    log('info', 'stripe payment posted', { tenantId, customerId, paymentIntent: p.paymentIntentId });
  }
  return {
    type: p.type,
    action,
    detail: `${customerId} ${currency} ${amountMinor}`,
    paymentId: p.paymentIntentId,
  };
}

/**
 * Reverses a Stripe payment like a returned cheque: the Payments row becomes `returned` (its
 * allocations go back onto the invoices), kept as the row's patch until the sheet shows it. What
 * Stripe let the office keep (a partial refund or dispute) is posted again as its own row
 * (`<pi>-kept-<amount>`), and an earlier kept row is returned in turn, so the ledger always holds
 * exactly what the office kept.
 */
async function reverseStripePayment(
  deps: PayDeps,
  settingsOf: (tenantId: string) => Promise<TenantSettings>,
  p: {
    paymentIntentId: string;
    keptAmount: number;
    currency: string;
    created: number;
    why: string;
    type: string;
  },
): Promise<StripeEventOutcome> {
  const record = await deps.debtor.stripePayment(p.paymentIntentId);
  if (!record || record.unmatched)
    return {
      type: p.type,
      action: 'ignored',
      detail: `${p.paymentIntentId} was never posted by Duebook${record?.unmatched ? ' (it waits in the review queue)' : ''}`,
    };
  const { tenantId, customerId } = record;
  const settings = await settingsOf(tenantId);
  const now = deps.now();
  const date = officeToday(new Date(p.created * 1000), settings.timeZone);
  const currency = p.currency.toUpperCase();
  const keptMinor = fromStripeAmount(p.keptAmount, currency);
  const rows = (await deps.store.customerRows(tenantId, customerId)).filter(
    (r) =>
      r.tab === 'Payments' &&
      (r.rowId === record.paymentId || r.rowId.startsWith(`${record.paymentId}-kept-`)),
  );
  const keptId = `${record.paymentId}-kept-${keptMinor}`;
  if (keptMinor > 0 && rows.some((r) => r.rowId === keptId))
    return {
      type: p.type,
      action: 'duplicate',
      detail: `${record.paymentId} already reversed to ${keptMinor}`,
    };
  let reversed = 0;
  const original = rows.find((r) => r.rowId === record.paymentId);
  for (const r of rows) {
    if (r.fields.status === 'returned' || r.rowId === keptId) continue;
    await deps.store.patchRow(
      tenantId,
      'Payments',
      r.rowId,
      { addFlags: [], set: { status: 'returned', returnedDate: date }, reason: p.why, at: now.toISOString() },
      now.toISOString(),
    );
    await deps.debtor.addSheetRow(tenantId, {
      tab: 'Payments',
      rowId: r.rowId,
      customerId,
      change: 'changed',
      at: now.toISOString(),
    });
    reversed++;
  }
  if (keptMinor > 0 && original) {
    await deps.ledger.post(
      tenantId,
      'Payments',
      {
        idempotencyKey: `stripe-${keptId}`.slice(0, 128),
        row: {
          'Payment ID': keptId,
          'Customer ID': customerId,
          Date: date,
          Amount: decimalText(keptMinor, currency),
          Currency: currency,
          'Applies To': ((original.fields.appliesTo as string[] | undefined) ?? []).join(','),
          Status: 'posted',
          Method: 'card (Stripe)',
          Reference: `kept after ${p.why}`,
        },
      },
      now,
      settings.timeZone,
    );
    await deps.debtor.addSheetRow(tenantId, {
      tab: 'Payments',
      rowId: keptId,
      customerId,
      change: 'new',
      at: now.toISOString(),
    });
  }
  if (reversed === 0)
    return { type: p.type, action: 'duplicate', detail: `${record.paymentId} was already reversed` };
  await deps.ledger.recompute(tenantId, [customerId], officeToday(now, settings.timeZone));
  const activityId = `PAYR-${record.paymentId}-${keptMinor}`.slice(0, 64);
  await deps.ledger.logActivity(
    tenantId,
    {
      activityId,
      customerId,
      date,
      type: 'note',
      outcome: 'payment reversed',
      note: `Online payment ${record.paymentId} ${p.why}: reversed like a returned cheque${keptMinor > 0 ? `; ${formatMoney(keptMinor, currency, { code: true })} kept as ${keptId}` : ''}`,
      by: 'duebook',
    },
    now,
    settings.timeZone,
  );
  await deps.debtor.addSheetRow(tenantId, {
    tab: 'Activity',
    rowId: activityId,
    customerId,
    change: 'new',
    at: now.toISOString(),
  });
  return {
    type: p.type,
    action: 'reversed',
    detail: `${record.paymentId}: ${p.why}`,
    paymentId: record.paymentId,
  };
}

/** The review-queue channel of a Stripe payment the ledger could not take (never dispatched). */
export const UNMATCHED_PAYMENT_CHANNEL = 'unmatched-payment';

/**
 * The cycle of every unmatched-payment entry: the PaymentIntent (in the stage) alone keys it, never
 * a day, so the two first deliveries of one payment (each stamped with its own event's time) make
 * one entry even when they land on either side of the office's midnight, at once.
 */
export const UNMATCHED_PAYMENT_CYCLE = 'payment';

/**
 * A paid PaymentIntent the ledger refuses (its customer was removed from the Customers tab, say):
 * kept as one review-queue entry naming Stripe's id, the amount and why, and recorded against the
 * PaymentIntent so a redelivery (or the other event of the pair) finds it and adds nothing.
 */
async function holdUnmatchedPayment(
  deps: PayDeps,
  p: {
    paymentIntentId: string;
    tenantId: string;
    customerId: string;
    currency: string;
    amountMinor: number;
    date: string;
    meta: PayMetadata;
    type: string;
  },
  refused: ApiError,
): Promise<StripeEventOutcome> {
  const money = formatMoney(p.amountMinor, p.currency, { code: true });
  const summary =
    `Stripe payment ${p.paymentIntentId} of ${money} from customer ${p.customerId} could not be posted: ` +
    `${refused.message}. The money was received: add the customer back and post it, or refund it in Stripe`;
  await deps.store.putOutboxOnce({
    tenantId: p.tenantId,
    customerId: p.customerId.slice(0, 64),
    stage: `stripe-${p.paymentIntentId}`.slice(0, 64),
    channel: UNMATCHED_PAYMENT_CHANNEL,
    cycle: UNMATCHED_PAYMENT_CYCLE,
    status: 'awaiting-review',
    plannedOn: p.date,
    notBefore: deps.now().toISOString(),
    action: {
      kind: UNMATCHED_PAYMENT_CHANNEL,
      payment: {
        paymentIntentId: p.paymentIntentId,
        amountMinor: p.amountMinor,
        currency: p.currency,
        invoices: p.meta.duebook_invoices,
      },
      explanation: { rule: 'stripe/unmatched', summary, by: 'duebook' },
    },
  });
  await deps.debtor.recordStripePayment({
    paymentIntentId: p.paymentIntentId,
    tenantId: p.tenantId,
    customerId: p.customerId,
    paymentId: '',
    postedAt: deps.now().toISOString(),
    unmatched: true,
  });
  log('warn', 'stripe payment held for review', {
    tenantId: p.tenantId,
    customerId: p.customerId,
    paymentIntent: p.paymentIntentId,
    code: refused.code,
  });
  return {
    type: p.type,
    action: 'held',
    detail: `${p.customerId} ${p.currency} ${p.amountMinor}: ${refused.code}`,
  };
}
