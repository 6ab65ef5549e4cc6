// Request bodies: text, base64, gzip; sizes limited before and after decompression.
import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { decodeRequestBody } from '../../../lambdas/shared/request-body.js';

const LIMIT = 1024;
const event = (body: string | undefined, isBase64Encoded: boolean, headers: Record<string, string> = {}) =>
  ({ body, isBase64Encoded, headers }) as unknown as APIGatewayProxyEventV2;
const JSON_TEXT = JSON.stringify({ tab: 'Invoices', rows: [1, 2, 3] });

describe('request-body', () => {
  describe('decodeRequestBody', () => {
    it.each([
      ['text', event(JSON_TEXT, false)],
      ['base64 text', event(Buffer.from(JSON_TEXT).toString('base64'), true)],
      ['gzip', event(gzipSync(JSON_TEXT).toString('base64'), true, { 'content-encoding': 'gzip' })],
      ['identity', event(JSON_TEXT, false, { 'content-encoding': 'identity' })],
    ])('returns the JSON text of a %s body', (_, e) => {
      expect(decodeRequestBody(e, LIMIT)).toEqual({ ok: true, text: JSON_TEXT });
    });

    it('returns empty text for no body', () => {
      expect(decodeRequestBody(event(undefined, false), LIMIT)).toEqual({ ok: true, text: '' });
    });

    it('returns REQUEST.TOO_LARGE for a plain body over the limit', () => {
      expect(decodeRequestBody(event('x'.repeat(LIMIT + 1), false), LIMIT)).toMatchObject({
        ok: false,
        code: 'REQUEST.TOO_LARGE',
      });
    });

    it('returns REQUEST.TOO_LARGE for a small gzip body that inflates past the limit (zip bomb)', () => {
      // Prepare: 512 KB of zeros compress to about half a kilobyte.
      const bomb = gzipSync(Buffer.alloc(512 * 1024), { level: 9 });
      expect(bomb.length).toBeLessThan(LIMIT);

      // Act
      const decoded = decodeRequestBody(
        event(bomb.toString('base64'), true, { 'content-encoding': 'gzip' }),
        LIMIT,
      );

      // Assess
      expect(decoded).toMatchObject({ ok: false, code: 'REQUEST.TOO_LARGE' });
      expect(decoded.ok === false && decoded.message).toContain('once decompressed');
    });

    it('returns REQUEST.TOO_LARGE for a body exactly one byte over once decompressed, and accepts one at the limit', () => {
      const at = gzipSync('y'.repeat(LIMIT)).toString('base64');
      const over = gzipSync('y'.repeat(LIMIT + 1)).toString('base64');
      expect(decodeRequestBody(event(at, true, { 'content-encoding': 'gzip' }), LIMIT)).toMatchObject({
        ok: true,
      });
      expect(decodeRequestBody(event(over, true, { 'content-encoding': 'gzip' }), LIMIT)).toMatchObject({
        ok: false,
        code: 'REQUEST.TOO_LARGE',
      });
    });

    it.each([
      [
        'not gzip data',
        event(Buffer.from('not gzip').toString('base64'), true, { 'content-encoding': 'gzip' }),
      ],
      [
        'an unsupported encoding',
        event(Buffer.from('x').toString('base64'), true, { 'content-encoding': 'br' }),
      ],
      ['gzip passed as text', event('\u001f\ufffd\b', false, { 'content-encoding': 'gzip' })],
    ])('returns REQUEST.ENCODING for %s', (_, e) => {
      expect(decodeRequestBody(e, LIMIT)).toMatchObject({ ok: false, code: 'REQUEST.ENCODING' });
    });
  });
});
