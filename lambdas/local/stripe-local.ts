// A Stripe stand-in on loopback for the local stack and tests: the official SDK is pointed at it
// (host/port/protocol), it answers Checkout Session calls with Stripe's own fixture objects, serves
// a test pay page that "completes" a session, and sends Stripe-signed webhook events (test secret).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { stripeDecimals } from '../payments/stripe-money.js';

type Obj = Record<string, unknown>;

/** Where Stripe's fixture file is, relative to this module: beside it, or from the CLI's build (dist/cli/chunks). */
const FIXTURE_CANDIDATES = [
  './stripe-fixtures/fixtures3.json',
  '../../../lambdas/local/stripe-fixtures/fixtures3.json',
];

let fixtures: { resources: Record<string, Obj> } | undefined;

/** Stripe's fixture file, read on first use; throws naming the places looked in when it is missing. */
function allFixtures(): { resources: Record<string, Obj> } {
  if (fixtures) return fixtures;
  for (const candidate of FIXTURE_CANDIDATES) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) {
      fixtures = JSON.parse(readFileSync(path, 'utf8')) as { resources: Record<string, Obj> };
      return fixtures;
    }
  }
  throw new Error(
    `Stripe's fixtures (fixtures3.json) are not beside ${fileURLToPath(import.meta.url)} (looked in ${FIXTURE_CANDIDATES.join(', ')})`,
  );
}

/** A deep copy of Stripe's published example object for a resource (`checkout.session`, `charge`...). */
export function stripeFixture(resource: string): Obj {
  const f = allFixtures().resources[resource];
  if (!f) throw new RangeError(`Stripe's fixtures have no "${resource}"`);
  return structuredClone(f);
}

/** The test keys of the stand-in: never real, never accepted by Stripe. */
export const LOCAL_STRIPE_SECRET_KEY = 'sk_test_duebook_local_stand_in';
export const LOCAL_STRIPE_WEBHOOK_SECRET = 'whsec_duebook_local_test_secret';

export interface StripeLocal {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** An SDK client pointed at the stand-in. */
  client: Stripe;
  webhookSecret: string;
  /** Sessions created, by id. */
  sessions: Map<string, Obj>;
  /** Completes a session as the pay page does: marks it paid and sends both webhook events. */
  complete(sessionId: string): Promise<{ paymentIntentId: string; deliveries: number[] }>;
  /** Sends any event (signed) to the webhook; returns the HTTP status the endpoint answered. */
  send(type: string, object: Obj): Promise<number>;
  /** A refund of the payment's charge (`charge.refunded`), in full or of `amount`. */
  refund(paymentIntentId: string, amount?: number): Promise<number>;
  /** A card dispute of the payment's charge (`charge.dispute.created`). */
  dispute(paymentIntentId: string, amount?: number): Promise<number>;
  stop(): Promise<void>;
}

/** Parses Stripe's form encoding (`line_items[0][price_data][currency]=usd`) into objects and arrays. */
export function parseStripeForm(body: string): Obj {
  const root: Obj = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.replace(/\]/g, '').split('[');
    let node: Obj = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      node[part] ??= /^\d+$/.test(parts[i + 1]!) ? [] : {};
      node = node[part] as Obj;
    }
    node[parts[parts.length - 1]!] = value;
  }
  return root;
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`;

export async function startStripeLocal(options: {
  /** Where webhook events go (read at send time: the API's port may be known later). */
  webhookUrl: () => string;
  port?: number;
  /** The clock objects and events are stamped with (the local stack's, which a replay may hold). */
  now?: () => Date;
}): Promise<StripeLocal> {
  const seconds = () => Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  const sessions = new Map<string, Obj>();
  const intents = new Map<string, Obj>();
  const idempotent = new Map<string, Obj>();
  let base = '';

  const send = async (type: string, object: Obj) => {
    const event = stripeFixture('event');
    Object.assign(event, {
      id: id('evt'),
      type,
      created: seconds(),
      data: { object },
      livemode: false,
      api_version: Stripe.API_VERSION,
    });
    const payload = JSON.stringify(event);
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: LOCAL_STRIPE_WEBHOOK_SECRET });
    const res = await fetch(options.webhookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      body: payload,
    });
    await res.text();
    return res.status;
  };

  const createSession = (params: Obj): Obj => {
    const lines = (params.line_items as Obj[] | undefined) ?? [];
    let amount = 0;
    let currency = '';
    for (const line of lines) {
      const price = line.price_data as Obj;
      amount += Number(price.unit_amount) * Number(line.quantity ?? 1);
      currency = String(price.currency);
    }
    const session = stripeFixture('checkout.session');
    const sid = id('cs');
    Object.assign(session, {
      id: sid,
      object: 'checkout.session',
      mode: params.mode ?? 'payment',
      amount_subtotal: amount,
      amount_total: amount,
      currency,
      metadata: params.metadata ?? {},
      client_reference_id: params.client_reference_id ?? null,
      customer_email: params.customer_email ?? null,
      success_url: params.success_url,
      cancel_url: params.cancel_url,
      created: seconds(),
      expires_at: seconds() + 86_400,
      livemode: false,
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      url: `${base}/pay/${sid}`,
    });
    // Kept aside (not part of Stripe's session object): what the PaymentIntent will carry.
    sessions.set(sid, session);
    intents.set(sid, {
      metadata: (params.payment_intent_data as Obj | undefined)?.metadata ?? {},
      description: (params.payment_intent_data as Obj | undefined)?.description ?? null,
    });
    return session;
  };

  const complete = async (sessionId: string) => {
    const session = sessions.get(sessionId);
    if (!session) throw new RangeError(`no session ${sessionId}`);
    if (session.status === 'complete') {
      return { paymentIntentId: String(session.payment_intent), deliveries: [] };
    }
    const pi = id('pi');
    const charge = id('ch');
    Object.assign(session, { payment_intent: pi, payment_status: 'paid', status: 'complete' });
    const intent = stripeFixture('payment_intent');
    Object.assign(intent, {
      id: pi,
      amount: session.amount_total,
      amount_received: session.amount_total,
      currency: session.currency,
      status: 'succeeded',
      latest_charge: charge,
      created: seconds(),
      last_payment_error: null,
      canceled_at: null,
      next_action: null,
      ...intents.get(sessionId),
    });
    intents.set(pi, { ...intent, charge });
    const deliveries = [
      await send('checkout.session.completed', session),
      await send('payment_intent.succeeded', intent),
    ];
    return { paymentIntentId: pi, deliveries };
  };

  const chargeOf = (pi: string): Obj => {
    const intent = intents.get(pi);
    if (!intent) throw new RangeError(`no payment ${pi}`);
    const charge = stripeFixture('charge');
    Object.assign(charge, {
      id: intent.charge,
      payment_intent: pi,
      amount: intent.amount,
      amount_captured: intent.amount,
      currency: intent.currency,
      captured: true,
      paid: true,
      metadata: {},
    });
    return charge;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', base);
        const reply = (status: number, value: unknown, type = 'application/json') => {
          res.writeHead(status, { 'content-type': type, 'request-id': id('req') });
          res.end(typeof value === 'string' ? value : JSON.stringify(value));
        };
        try {
          if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
            const key = req.headers['idempotency-key'];
            const again = typeof key === 'string' ? idempotent.get(key) : undefined;
            if (again) return reply(200, again);
            const session = createSession(parseStripeForm(body));
            if (typeof key === 'string') idempotent.set(key, session);
            return reply(200, session);
          }
          const got = /^\/v1\/checkout\/sessions\/([\w]+)$/.exec(url.pathname);
          if (req.method === 'GET' && got) {
            const session = sessions.get(got[1]!);
            return session
              ? reply(200, session)
              : reply(404, {
                  error: { type: 'invalid_request_error', message: `No such checkout.session: '${got[1]}'` },
                });
          }
          const page = /^\/pay\/([\w]+)(\/complete)?$/.exec(url.pathname);
          if (page) {
            const session = sessions.get(page[1]!);
            if (!session) return reply(404, 'no such test session', 'text/plain');
            if (req.method === 'POST' && page[2]) {
              await complete(page[1]!);
              res.writeHead(303, { location: String(session.success_url) });
              return res.end();
            }
            const currency = String(session.currency).toUpperCase();
            const decimals = stripeDecimals(currency);
            const amount = `${currency} ${(Number(session.amount_total) / 10 ** decimals).toFixed(decimals)}`;
            return reply(
              200,
              `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Test payment</title></head><body style="font-family:sans-serif;max-width:30rem;margin:2rem auto;padding:1rem"><h1>Test payment (local Stripe stand-in)</h1><p>${amount}</p><form method="post" action="/pay/${session.id}/complete"><button type="submit" style="font-size:1.1rem;padding:.7rem 1.2rem">Pay (test)</button></form><p><a href="${String(session.cancel_url).replace(/"/g, '&quot;')}">Cancel</a></p></body></html>`,
              'text/html; charset=utf-8',
            );
          }
          return reply(404, {
            error: {
              type: 'invalid_request_error',
              message: `Unrecognized request URL (${req.method}: ${url.pathname})`,
            },
          });
        } catch (e) {
          return reply(500, { error: { type: 'api_error', message: String(e) } });
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  const client = new Stripe(LOCAL_STRIPE_SECRET_KEY, {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  });
  return {
    url: base,
    client,
    webhookSecret: LOCAL_STRIPE_WEBHOOK_SECRET,
    sessions,
    complete,
    send,
    refund: (pi, amount) => {
      const charge = chargeOf(pi);
      const refunded = amount ?? Number(charge.amount);
      Object.assign(charge, { amount_refunded: refunded, refunded: refunded >= Number(charge.amount) });
      return send('charge.refunded', charge);
    },
    dispute: (pi, amount) => {
      const charge = chargeOf(pi);
      const dispute = stripeFixture('dispute');
      Object.assign(dispute, {
        id: id('dp'),
        charge: charge.id,
        payment_intent: pi,
        amount: amount ?? charge.amount,
        currency: charge.currency,
        reason: 'fraudulent',
        status: 'needs_response',
      });
      return send('charge.dispute.created', dispute);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
