// Reads what a reply needs from a raw MIME message (RFC 5322 headers, RFC 2045 parts): the addresses, the
// message ids it answers, the subject and its plain text. Not a full MIME library: enough to match and summarize.

export interface InboundMessage {
  messageId?: string;
  from: string;
  /** To, Cc and Delivered-To addresses, lower-cased, in that order. */
  recipients: string[];
  subject: string;
  date?: string;
  /** In-Reply-To first, then References, without angle brackets. */
  answers: string[];
  /** The first text/plain part, decoded (or the text of the first text/html part, tags removed). */
  text: string;
}

export class InboundMimeError extends Error {
  override name = 'InboundMimeError';
  readonly code = 'REPLY.MIME_INVALID';
}

type Headers = Map<string, string[]>;

function splitHead(raw: string): { headers: Headers; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Headers = new Map();
  // Unfold continuation lines (RFC 5322 2.2.3), then split name: value.
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // Header values may carry raw UTF-8 (RFC 6532): back from the latin1 view to text.
    const value = Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8');
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  return { headers, body };
}

/** RFC 2047 encoded words (`=?UTF-8?B?...?=`, `=?UTF-8?Q?...?=`) in a header value. */
export function decodeWords(value: string): string {
  // Whitespace between two encoded words is not part of the text (RFC 2047 6.2); elsewhere it is.
  const joined = value.replace(/(=\?[^?]+\?[bqBQ]\?[^?]*\?=)\s+(?==\?)/g, '$1');
  return joined.replace(
    /=\?([^?]+)\?([bqBQ])\?([^?]*)\?=/g,
    (_, charset: string, enc: string, text: string) => {
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text
                .replace(/_/g, ' ')
                .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) =>
                  String.fromCharCode(Number.parseInt(h, 16)),
                ),
              'latin1',
            );
      return new TextDecoder(/utf-?8/i.test(charset) ? 'utf-8' : charset).decode(bytes);
    },
  );
}

function decodeBody(body: string, encoding: string, charset: string): string {
  let bytes: Buffer;
  if (/base64/i.test(encoding)) bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (/quoted-printable/i.test(encoding))
    bytes = Buffer.from(
      body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
      'latin1',
    );
  else bytes = Buffer.from(body, 'latin1');
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

const param = (value: string, name: string) =>
  new RegExp(`${name}\\s*=\\s*"?([^";]+)"?`, 'i').exec(value)?.[1]?.trim() ?? '';

/** The first part of `type` (text/plain, else text/html), walking multiparts depth first. */
function findText(headers: Headers, body: string, depth = 0): { type: string; text: string } | undefined {
  const contentType = headers.get('content-type')?.[0] ?? 'text/plain; charset=utf-8';
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type.startsWith('multipart/') && depth < 5) {
    const boundary = param(contentType, 'boundary');
    if (!boundary) return undefined;
    const parts = body.split(`--${boundary}`).slice(1);
    const found = parts
      .filter((p) => !p.startsWith('--'))
      .map((p) => {
        const part = splitHead(p.replace(/^\r?\n/, ''));
        return findText(part.headers, part.body, depth + 1);
      })
      .filter((x): x is { type: string; text: string } => x !== undefined);
    return found.find((f) => f.type === 'text/plain') ?? found[0];
  }
  if (type !== 'text/plain' && type !== 'text/html') return undefined;
  const text = decodeBody(
    body,
    headers.get('content-transfer-encoding')?.[0] ?? '',
    param(contentType, 'charset'),
  );
  return {
    type,
    text:
      type === 'text/html'
        ? text
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .trim()
        : text,
  };
}

const addresses = (values: readonly string[] = []) =>
  values.flatMap((v) => v.match(/[^\s<>,;"]+@[^\s<>,;"]+/g) ?? []).map((a) => a.toLowerCase());

const ids = (values: readonly string[] = []) =>
  values.flatMap((v) => [...v.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!));

export function parseInbound(raw: string | Uint8Array): InboundMessage {
  // Bytes as latin1 (one character per byte), so each part is decoded from its own bytes and charset.
  const text = (typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw)).toString('latin1');
  const { headers, body } = splitHead(text);
  if (!headers.has('from')) throw new InboundMimeError('the message has no From header: not an email');
  const found = findText(headers, body);
  const messageId = ids(headers.get('message-id'))[0];
  const date = headers.get('date')?.[0];
  return {
    ...(messageId ? { messageId } : {}),
    from: decodeWords(headers.get('from')![0]!),
    recipients: [
      ...new Set(
        addresses([
          ...(headers.get('to') ?? []),
          ...(headers.get('cc') ?? []),
          ...(headers.get('delivered-to') ?? []),
        ]),
      ),
    ],
    subject: decodeWords(headers.get('subject')?.[0] ?? ''),
    ...(date ? { date } : {}),
    answers: [...new Set([...ids(headers.get('in-reply-to')), ...ids(headers.get('references'))])],
    text: (found?.text ?? '').replace(/\r\n/g, '\n').trim(),
  };
}
