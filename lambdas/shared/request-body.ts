// Request bodies as API Gateway HTTP API hands them to Lambda: text, or base64 for binary content
// types, optionally gzip-compressed by the client (`Content-Encoding: gzip`). Both the compressed
// and the decompressed size are limited, so a small "zip bomb" is refused like a large body.
import { gunzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export type DecodedBody =
  | { ok: true; text: string }
  | { ok: false; code: 'REQUEST.TOO_LARGE' | 'REQUEST.ENCODING'; message: string };

const tooLarge = (maxBytes: number, what: string): DecodedBody => ({
  ok: false,
  code: 'REQUEST.TOO_LARGE',
  message: `request body is over ${maxBytes} bytes${what}; send it in smaller chunks`,
});

/** The request body as UTF-8 text, at most `maxBytes` before and after decompression. */
export function decodeRequestBody(event: APIGatewayProxyEventV2, maxBytes: number): DecodedBody {
  if (!event.body) return { ok: true, text: '' };
  const encoding = (event.headers?.['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') {
    const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    return Buffer.byteLength(text) > maxBytes ? tooLarge(maxBytes, '') : { ok: true, text };
  }
  if (encoding !== 'gzip' && encoding !== 'x-gzip')
    return {
      ok: false,
      code: 'REQUEST.ENCODING',
      message: `Content-Encoding "${encoding}" is not supported; send the body as is or gzip-compressed`,
    };
  if (!event.isBase64Encoded)
    // HTTP API passes bodies of text content types as text, which a gzip stream does not survive.
    return {
      ok: false,
      code: 'REQUEST.ENCODING',
      message:
        'a gzip-compressed body must be sent with a binary Content-Type such as application/octet-stream',
    };
  const packed = Buffer.from(event.body, 'base64');
  if (packed.length > maxBytes) return tooLarge(maxBytes, '');
  let unpacked: Buffer;
  try {
    // Stops inflating one byte past the limit instead of expanding a bomb into memory.
    unpacked = gunzipSync(packed, { maxOutputLength: maxBytes + 1 });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      return tooLarge(maxBytes, ' once decompressed');
    return { ok: false, code: 'REQUEST.ENCODING', message: 'the request body is not valid gzip data' };
  }
  if (unpacked.length > maxBytes) return tooLarge(maxBytes, ' once decompressed');
  return { ok: true, text: unpacked.toString('utf8') };
}
