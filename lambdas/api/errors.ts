// API errors with stable codes, and the one place codes become HTTP statuses.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const STATUS_BY_PREFIX: [string, number][] = [
  ['AUTH.FORBIDDEN', 403],
  ['AUTH.NO_MEMBERSHIP', 403],
  // Offices and quotas (issue #17): a refused change is a conflict; only the request rate is 429.
  ['OFFICE.NOT_FOUND', 404],
  ['OFFICE.', 409],
  ['QUOTA.RATE', 429],
  ['QUOTA.', 403],
  ['AUTH.', 401],
  ['REQUEST.TOO_LARGE', 413],
  ['REQUEST.NOT_FOUND', 404],
  ['REQUEST.METHOD', 405],
  ['REQUEST.CONFLICT', 409],
  ['REQUEST.IDEMPOTENCY_MISMATCH', 422],
  ['REQUEST.BUSY', 503],
  ['REQUEST.ENCODING', 415],
  ['REQUEST.CONTENT_TYPE', 415],
  ['SYNC.PARTIAL', 503],
  ['REQUEST.', 400],
  ['SYNC.', 400],
  ['SCHEMA.', 400],
];

export function statusOf(code: string): number {
  return STATUS_BY_PREFIX.find(([prefix]) => code.startsWith(prefix))?.[1] ?? 500;
}

export function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

export function errorResponse(e: ApiError): APIGatewayProxyStructuredResultV2 {
  const answer = json(statusOf(e.code), { error: { code: e.code, message: e.message, details: e.details } });
  // A 429 says when to come back (QUOTA.RATE carries it in its details).
  const retry = (e.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof retry === 'number') answer.headers = { ...answer.headers, 'retry-after': String(retry) };
  return answer;
}
