// Serves a Lambda handler over node:http the way API Gateway HTTP API (payload format 2.0) invokes it.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

export type HttpApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;

export interface ServeOptions {
  /** Port to listen on; the OS picks a free one when omitted. */
  port?: number;
  host?: string;
  /** Larger request bodies get 413 and never reach the handler (Lambda's 6 MB invoke limit). */
  maxBodyBytes?: number;
  /**
   * A body not received in full this long after the request began (a Content-Length larger than
   * what is sent) gets 408 and the connection closed, instead of a wait that never ends. Default 10 s.
   */
  bodyTimeoutMs?: number;
  /** Called with errors the handler throws (which become 500s); default logs to stderr. */
  onError?: (error: unknown, event: APIGatewayProxyEventV2) => void;
}

export interface ServedHandler {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** API Gateway's `requestContext.time`: `12/Mar/2020:19:03:58 +0000`. */
export function apiGatewayTime(date: Date): string {
  return (
    `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/**
 * True when HTTP API passes a body with this content type to Lambda as text; anything else
 * (including no content type) arrives base64-encoded with `isBase64Encoded: true`. A body with a
 * `Content-Encoding` (gzip) is passed base64-encoded too, whatever its type.
 */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/xml' ||
    type.endsWith('+xml') ||
    type === 'application/javascript' ||
    type === 'application/x-www-form-urlencoded' ||
    type === 'application/graphql'
  );
}

/**
 * Builds the payload 2.0 event for one request. Headers come from the raw header list so repeated
 * headers are comma-joined even where Node's own parser would keep only one; `cookie` headers go
 * to `cookies` instead of `headers`, as API Gateway does.
 */
export function toHttpApiEvent(
  req: IncomingMessage,
  body: Buffer,
  now: Date = new Date(),
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (name === 'cookie') {
      for (const part of value.split(';')) if (part.trim() !== '') cookies.push(part.trim());
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const remote = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${remote}`
    : remote;
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  headers['x-forwarded-proto'] = 'http';

  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  const rawQueryString = q === -1 ? '' : target.slice(q + 1);
  let queryStringParameters: Record<string, string> | undefined;
  if (rawQueryString !== '') {
    queryStringParameters = {};
    for (const [key, value] of new URLSearchParams(rawQueryString)) {
      queryStringParameters[key] =
        key in queryStringParameters ? `${queryStringParameters[key]},${value}` : value;
    }
  }

  const host = headers.host ?? 'localhost';
  const domainName = host.replace(/:\d+$/, '');
  const hasBody = body.length > 0;
  // A compressed body is bytes whatever its content type says: never hand it over as UTF-8 text.
  const encoding = (headers['content-encoding'] ?? '').trim().toLowerCase();
  const isBase64Encoded =
    hasBody && (!isTextContentType(headers['content-type']) || (encoding !== '' && encoding !== 'identity'));
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: (req.method ?? 'GET').toUpperCase(),
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: remote,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomBytes(12).toString('base64'),
      routeKey: '$default',
      stage: '$default',
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded,
  };
  if (cookies.length > 0) event.cookies = cookies;
  if (queryStringParameters) event.queryStringParameters = queryStringParameters;
  if (hasBody) event.body = isBase64Encoded ? body.toString('base64') : body.toString('utf8');
  return event;
}

function sendJson(res: ServerResponse, statusCode: number, message: string): void {
  res.writeHead(statusCode, { 'content-type': 'application/json' }).end(JSON.stringify({ message }));
}

/** Writes a handler result back as API Gateway would, including its inference for non-structured results. */
function writeResult(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (
    typeof result === 'string' ||
    typeof result !== 'object' ||
    result === null ||
    !('statusCode' in result)
  ) {
    // HTTP API treats a result without statusCode as a 200 JSON body.
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    return;
  }
  const statusCode = result.statusCode;
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    sendJson(res, 500, 'Internal Server Error');
    return;
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, String(value));
  if (result.cookies && result.cookies.length > 0) res.setHeader('set-cookie', result.cookies);
  const body = result.body ?? '';
  res.statusCode = statusCode;
  res.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

/**
 * Listens on `host` (127.0.0.1) and turns each request into an API Gateway v2 event for `handler`.
 * A handler that throws or returns an invalid status answers 500 `{"message":"Internal Server Error"}`.
 *
 * @example
 * const api = await serveHandler(handler);
 * await fetch(`${api.url}/v1/status`, { headers: { authorization: `Bearer ${token}` } });
 * await api.close();
 */
export async function serveHandler(
  handler: HttpApiHandler,
  options: ServeOptions = {},
): Promise<ServedHandler> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? 6 * 1024 * 1024;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 10_000;
  const onError =
    options.onError ??
    ((error: unknown, event: APIGatewayProxyEventV2) =>
      console.error(`handler failed for ${event.requestContext.http.method} ${event.rawPath}:`, error));

  const server = createServer((req, res) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    let tooLarge = declared > maxBodyBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      res.setHeader('connection', 'close');
      sendJson(res, 408, 'Request Timeout: the body was shorter than its Content-Length');
      res.once('finish', () => req.socket.destroy());
    }, bodyTimeoutMs);
    timer.unref();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge = true;
      // Keep reading (and discarding) an oversize body so the client sees the 413 instead of a reset.
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('error', () => {
      clearTimeout(timer);
      res.destroy();
    });
    req.on('end', () => {
      clearTimeout(timer);
      if (res.headersSent) return;
      if (tooLarge) {
        res.setHeader('connection', 'close');
        sendJson(res, 413, 'Request Entity Too Large');
        return;
      }
      const event = toHttpApiEvent(req, Buffer.concat(chunks));
      const fail = (error: unknown) => {
        onError(error, event);
        if (res.headersSent) {
          res.destroy();
          return;
        }
        for (const name of res.getHeaderNames()) res.removeHeader(name);
        sendJson(res, 500, 'Internal Server Error');
      };
      handler(event).then((result) => {
        try {
          writeResult(res, result);
        } catch (error) {
          fail(error);
        }
      }, fail);
    });
  });
  // An idle keep-alive connection is closed by the client first: with Node's 5 s default, a client
  // (fetch) reusing a connection at the moment the server drops it gets ECONNRESET, which a loaded
  // machine makes likely between a test's bursts. (API Gateway, in production, keeps them longer too.)
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
