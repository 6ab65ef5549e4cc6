// Tests for the local API Gateway stand-in: real HTTP requests in, payload format 2.0 events out.
import { request } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiGatewayTime, type ServedHandler, serveHandler } from '../../../lambdas/local/http-adapter.js';

describe('http-adapter', () => {
  let api: ServedHandler;
  let events: APIGatewayProxyEventV2[];
  let reply: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;
  const errors: unknown[] = [];

  beforeAll(async () => {
    api = await serveHandler(
      (event) => {
        events.push(event);
        return reply(event);
      },
      { maxBodyBytes: 1024, onError: (error) => errors.push(error) },
    );
  });

  afterAll(async () => {
    await api?.close();
  });

  beforeEach(() => {
    events = [];
    errors.length = 0;
    reply = async () => ({ statusCode: 204 });
  });

  describe('serveHandler', () => {
    it('turns a JSON POST with a query string into a 2.0 event', async () => {
      // Prepare
      const before = Date.now();

      // Act
      const response = await fetch(`${api.url}/v1/sync?tab=Invoices&chunk=2&chunk=3&q=a%20b`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: 'Bearer abc',
          'User-Agent': 'duebook-test',
        },
        body: JSON.stringify({ rows: [1, 2] }),
      });

      // Assess
      expect(response.status).toBe(204);
      expect(events).toHaveLength(1);
      const event = events[0]!;
      expect(event).toMatchObject({
        version: '2.0',
        routeKey: '$default',
        rawPath: '/v1/sync',
        rawQueryString: 'tab=Invoices&chunk=2&chunk=3&q=a%20b',
        queryStringParameters: { tab: 'Invoices', chunk: '2,3', q: 'a b' },
        body: '{"rows":[1,2]}',
        isBase64Encoded: false,
        requestContext: {
          routeKey: '$default',
          stage: '$default',
          domainName: '127.0.0.1',
          http: {
            method: 'POST',
            path: '/v1/sync',
            protocol: 'HTTP/1.1',
            sourceIp: '127.0.0.1',
            userAgent: 'duebook-test',
          },
        },
      });
      expect(event.headers).toMatchObject({
        'content-type': 'application/json',
        authorization: 'Bearer abc',
        'user-agent': 'duebook-test',
        'x-forwarded-for': '127.0.0.1',
      });
      expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
      expect(event.requestContext.requestId).toMatch(/\S{8,}/);
      expect(event.requestContext.timeEpoch).toBeGreaterThanOrEqual(before);
      expect(event.requestContext.time).toBe(apiGatewayTime(new Date(event.requestContext.timeEpoch)));
      expect(event.cookies).toBeUndefined();
    });

    it('leaves out queryStringParameters and body when there are none', async () => {
      await fetch(`${api.url}/v1/status`);

      expect(events[0]).toMatchObject({ rawPath: '/v1/status', rawQueryString: '', isBase64Encoded: false });
      expect(events[0]).not.toHaveProperty('queryStringParameters');
      expect(events[0]).not.toHaveProperty('body');
    });

    it('comma-joins repeated headers, including ones Node would keep only once, and moves cookies out', async () => {
      // Act: fetch merges repeated headers itself, so send raw repeated lines with node:http.
      await new Promise<void>((resolve, reject) => {
        const req = request(`${api.url}/v1/queue`, {
          method: 'GET',
          headers: {
            'X-Tenant-Hint': ['a', 'b'],
            'User-Agent': ['first', 'second'],
            Cookie: ['session=abc; theme=dark', 'lang=en'],
          },
        });
        req.on('response', (res) => res.resume().on('end', resolve));
        req.on('error', reject);
        req.end();
      });

      // Assess
      const event = events[0]!;
      expect(event.headers['x-tenant-hint']).toBe('a,b');
      expect(event.headers['user-agent']).toBe('first,second');
      expect(event.headers).not.toHaveProperty('cookie');
      expect(event.cookies).toEqual(['session=abc', 'theme=dark', 'lang=en']);
    });

    it('passes a binary body base64-encoded and writes a base64 result back as bytes', async () => {
      // Prepare
      const bytes = Buffer.from([0, 1, 2, 250, 255, 10, 13]);
      reply = async (event) => ({
        statusCode: 200,
        headers: { 'content-type': 'application/pdf' },
        body: event.body ?? '',
        isBase64Encoded: true,
      });

      // Act
      const response = await fetch(`${api.url}/v1/letters`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
      });

      // Assess
      expect(events[0]).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64') });
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
    });

    it('passes a gzip-encoded body base64-encoded even under a JSON content type', async () => {
      // Prepare
      const packed = gzipSync(JSON.stringify({ tab: 'Invoices' }));

      // Act
      await fetch(`${api.url}/v1/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: packed,
      });

      // Assess
      expect(events[0]).toMatchObject({ isBase64Encoded: true, body: packed.toString('base64') });
      expect(events[0]?.headers['content-encoding']).toBe('gzip');
    });

    it('treats a body without a content type as binary', async () => {
      await fetch(`${api.url}/v1/letters`, { method: 'PUT', body: new Uint8Array([104, 105]) });

      expect(events[0]?.headers).not.toHaveProperty('content-type');
      expect(events[0]).toMatchObject({ isBase64Encoded: true, body: 'aGk=' });
    });

    it('writes status, headers and cookies from the structured result', async () => {
      // Prepare
      reply = async () => ({
        statusCode: 400,
        headers: { 'content-type': 'application/json', 'x-request-count': 3 },
        cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
        body: JSON.stringify({ code: 'SYNC.ROW_INVALID' }),
      });

      // Act
      const response = await fetch(`${api.url}/v1/sync`, {
        method: 'POST',
        body: 'x',
        headers: { 'content-type': 'text/plain' },
      });

      // Assess
      expect(response.status).toBe(400);
      expect(response.headers.get('x-request-count')).toBe('3');
      expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
      expect(await response.json()).toEqual({ code: 'SYNC.ROW_INVALID' });
      expect(events[0]?.body).toBe('x');
    });

    it('answers 413 for a body over the limit without calling the handler', async () => {
      // Act
      const declared = await fetch(`${api.url}/v1/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: 'x'.repeat(1025),
      });
      const streamed = await fetch(`${api.url}/v1/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < 3; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(600)));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      const atLimit = await fetch(`${api.url}/v1/sync`, { method: 'POST', body: 'z'.repeat(1024) });

      // Assess
      expect(declared.status).toBe(413);
      expect(await declared.json()).toEqual({ message: 'Request Entity Too Large' });
      expect(streamed.status).toBe(413);
      expect(atLimit.status).toBe(204);
      expect(events).toHaveLength(1);
      expect(events[0]?.body).toBe('z'.repeat(1024));
    });

    it('answers 408 and closes when the body is shorter than its Content-Length, without calling the handler', async () => {
      // Prepare
      const short = await serveHandler(
        async (event) => {
          events.push(event);
          return { statusCode: 204 };
        },
        { bodyTimeoutMs: 200 },
      );
      const { port } = new URL(short.url);
      try {
        // Act: declare 100 bytes, send 10, keep the connection open.
        const answer = await new Promise<string>((resolve, reject) => {
          const socket = connect(Number(port), '127.0.0.1', () => {
            socket.write(
              'POST /v1/sync HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":12345',
            );
          });
          let text = '';
          socket.on('data', (d) => {
            text += d.toString();
          });
          socket.on('close', () => resolve(text));
          socket.on('error', reject);
        });
        // Assess
        expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
        expect(answer).toContain('shorter than its Content-Length');
        expect(events).toHaveLength(0);
      } finally {
        await short.close();
      }
    });

    it('limits bodies to the 6 MB Lambda accepts by default', async () => {
      // Prepare
      let calls = 0;
      const defaults = await serveHandler(async () => {
        calls++;
        return { statusCode: 204 };
      });
      const sixMegabytes = 6 * 1024 * 1024;

      try {
        // Act
        const over = await fetch(defaults.url, { method: 'POST', body: new Uint8Array(sixMegabytes + 1) });
        const at = await fetch(defaults.url, { method: 'POST', body: new Uint8Array(sixMegabytes) });

        // Assess
        expect(over.status).toBe(413);
        expect(at.status).toBe(204);
        expect(calls).toBe(1);
      } finally {
        await defaults.close();
      }
    });

    it('answers 500 Internal Server Error when the handler throws', async () => {
      // Prepare
      reply = async () => {
        throw new Error('boom');
      };

      // Act
      const response = await fetch(`${api.url}/v1/status`);

      // Assess
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ message: 'Internal Server Error' });
      expect(errors).toEqual([new Error('boom')]);
    });

    it('answers 200 JSON for a result without statusCode, as API Gateway infers', async () => {
      reply = async () => ({ ok: true }) as unknown as APIGatewayProxyResultV2;

      const response = await fetch(`${api.url}/v1/status`);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({ ok: true });
    });
  });

  describe('apiGatewayTime', () => {
    it('formats like API Gateway', () => {
      expect(apiGatewayTime(new Date('2020-03-12T19:03:58.123Z'))).toBe('12/Mar/2020:19:03:58 +0000');
    });
  });
});
