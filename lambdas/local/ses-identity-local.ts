// A loopback stand-in for the SES v2 identity operations aws-ses-v2-local lacks (CreateEmailIdentity,
// GetEmailIdentity, DeleteEmailIdentity), so the AWS SDK's own client verifies an office's domain locally.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION } from './dynamodb-local.js';

/*
 * Why: aws-ses-v2-local 2.10.2 implements sending and templates only (its dist/v2 has no identity
 * handler; an identity call gets its 404 page). This server answers the three identity routes of
 * the SES v2 REST API as SES documents them (API_CreateEmailIdentity, API_GetEmailIdentity), in
 * restJson1, errors named in `x-amzn-errortype` as the SDK expects. No DNS is looked up (nothing
 * outside loopback is reachable): a new identity stays `PENDING` until a test or a person settles it
 * with `settle(domain, 'SUCCESS' | 'FAILED')`, or `POST /_local/identities/<domain>/SUCCESS`.
 */

type DkimStatus = 'PENDING' | 'SUCCESS' | 'FAILED' | 'TEMPORARY_FAILURE' | 'NOT_STARTED';

interface Identity {
  tokens: string[];
  status: DkimStatus;
  configurationSet?: string;
  tags: { Key: string; Value: string }[];
}

export interface SesIdentityLocal {
  endpoint: string;
  /** An SESv2 client pointed at the stand-in. */
  client: SESv2Client;
  /** Settles an identity as SES would once it finds (or gives up on) the DKIM records. */
  settle(domain: string, status: DkimStatus): void;
  /** Every identity created, by name. */
  identities(): ReadonlyMap<string, Readonly<Identity>>;
  stop(): Promise<void>;
}

/** Three DKIM tokens, stable per domain (SES's are random; stable ones make tests readable). */
function tokensFor(domain: string): string[] {
  return [0, 1, 2].map((i) => createHash('sha256').update(`${domain}#${i}`).digest('hex').slice(0, 32));
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function view(name: string, identity: Identity) {
  return {
    IdentityType: name.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN',
    FeedbackForwardingStatus: true,
    VerifiedForSendingStatus: identity.status === 'SUCCESS',
    VerificationStatus: identity.status === 'SUCCESS' ? 'SUCCESS' : identity.status,
    DkimAttributes: {
      SigningEnabled: true,
      Status: identity.status,
      Tokens: identity.tokens,
      SigningAttributesOrigin: 'AWS_SES',
    },
    ...(identity.configurationSet ? { ConfigurationSetName: identity.configurationSet } : {}),
    Tags: identity.tags,
  };
}

export async function startSesIdentityLocal(options: { port?: number } = {}): Promise<SesIdentityLocal> {
  const identities = new Map<string, Identity>();
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      try {
        if (req.method === 'POST' && parts.join('/') === 'v2/email/identities') {
          const body = await readJson(req);
          const name = String(body.EmailIdentity ?? '').toLowerCase();
          if (!name) return send(res, 400, { message: 'EmailIdentity is required' }, 'BadRequestException');
          if (identities.has(name))
            return send(
              res,
              400,
              { message: `Email identity ${name} already exist.` },
              'AlreadyExistsException',
            );
          const identity: Identity = {
            tokens: tokensFor(name),
            status: 'PENDING',
            tags: (body.Tags as Identity['tags'] | undefined) ?? [],
            ...(typeof body.ConfigurationSetName === 'string'
              ? { configurationSet: body.ConfigurationSetName }
              : {}),
          };
          identities.set(name, identity);
          const v = view(name, identity);
          return send(res, 200, {
            IdentityType: v.IdentityType,
            VerifiedForSendingStatus: v.VerifiedForSendingStatus,
            DkimAttributes: v.DkimAttributes,
          });
        }
        if (parts.length === 4 && parts[0] === 'v2' && parts[1] === 'email' && parts[2] === 'identities') {
          const name = parts[3]!.toLowerCase();
          const identity = identities.get(name);
          if (!identity)
            return send(res, 404, { message: `Email identity ${name} does not exist.` }, 'NotFoundException');
          if (req.method === 'GET') return send(res, 200, view(name, identity));
          if (req.method === 'DELETE') {
            identities.delete(name);
            return send(res, 200, {});
          }
        }
        if (
          req.method === 'POST' &&
          parts[0] === '_local' &&
          parts[1] === 'identities' &&
          parts.length === 4
        ) {
          const identity = identities.get(parts[2]!.toLowerCase());
          if (!identity) return send(res, 404, { message: 'no such identity' }, 'NotFoundException');
          identity.status = parts[3] as DkimStatus;
          return send(res, 200, { ok: true });
        }
        return send(
          res,
          404,
          { message: `the local SES identity stand-in has no ${req.method} ${url.pathname}` },
          'NotFoundException',
        );
      } catch (e) {
        return send(res, 400, { message: String(e) }, 'BadRequestException');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new SESv2Client({ endpoint, region: LOCAL_AWS_REGION, credentials: LOCAL_AWS_CREDENTIALS });
  let stopped = false;
  return {
    endpoint,
    client,
    settle(domain, status) {
      const identity = identities.get(domain.toLowerCase());
      if (!identity) throw new RangeError(`no identity ${domain}`);
      identity.status = status;
    },
    identities: () => identities,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
