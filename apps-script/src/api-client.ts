// Calls to the Duebook API with UrlFetchApp: the identity token, muted HTTP exceptions, gzip bodies,
// and one mapping from HTTP answers to errors a clerk can act on.
import { AddonError } from './errors.js';
import type { Gas } from './gas.js';

export interface ApiRequest {
  method: 'get' | 'post';
  path: string;
  body?: unknown;
  /** Send the JSON body gzip-compressed (`Content-Encoding: gzip`). */
  gzip?: boolean;
}

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface ApiClient {
  /** Sends requests in one `fetchAll` (they must not depend on each other); answers in order. */
  all(requests: readonly ApiRequest[]): ApiAnswer[];
  one(request: ApiRequest): ApiAnswer;
}

/** The backend answered with something other than success: an ApiError carries code and status. */
export function apiFailure(answer: ApiAnswer, what: string): AddonError {
  const err = (answer.body.error ?? {}) as { code?: string; message?: string; details?: unknown };
  const code = err.code ?? `HTTP.${answer.status}`;
  const said = err.message ?? '';
  if (answer.status === 401) {
    return new AddonError(
      'unauthorized',
      `Duebook did not accept your Google sign-in (${said || code}). Reload the sheet and try again; if it persists, sign out and back in.`,
      code,
    );
  }
  if (answer.status === 403) {
    return new AddonError(
      'unauthorized',
      `This Google account may not use this Duebook office: ${said || code}`,
      code,
    );
  }
  if (answer.status === 413) {
    return new AddonError('other', `${what}: the request was too large for the backend.`, code);
  }
  if (answer.status === 0 || answer.status >= 500) {
    return new AddonError(
      'unreachable',
      `The Duebook backend is not answering right now (${what}). Nothing was lost; try again in a few minutes.`,
      code,
    );
  }
  const details = Array.isArray(err.details)
    ? (err.details as { field?: string; column?: string; message?: string }[])
    : [];
  return new AddonError(
    'invalid',
    `${what}: ${said || `the backend answered ${answer.status}`}`,
    code,
    details.map((d) => ({ field: String(d.field ?? d.column ?? ''), message: String(d.message ?? '') })),
  );
}

export function createApiClient(gas: Gas, backendUrl: string): ApiClient {
  const base = backendUrl.replace(/\/+$/, '');
  let token: string | undefined;
  const identity = () => {
    if (token === undefined) {
      token = gas.script.getIdentityToken();
      if (!token) {
        throw new AddonError(
          'unauthorized',
          'Google gave Duebook no sign-in token. Reload the sheet and allow Duebook to see your email address.',
          'AUTH.NO_TOKEN',
        );
      }
    }
    return token;
  };
  const client: ApiClient = {
    all(requests) {
      if (requests.length === 0) return [];
      const auth = `Bearer ${identity()}`;
      const built = requests.map((r) => {
        const params: GoogleAppsScript.URL_Fetch.URLFetchRequest = {
          url: `${base}${r.path}`,
          method: r.method,
          muteHttpExceptions: true,
          followRedirects: false,
          headers: { Authorization: auth },
        };
        if (r.body !== undefined) {
          const text = JSON.stringify(r.body);
          params.contentType = 'application/json';
          if (r.gzip) {
            const bytes = gas.utilities.gzip(gas.utilities.newBlob(text, 'application/json')).getBytes();
            params.payload = bytes;
            // API Gateway HTTP API base64-encodes a body by its content type; a binary type makes it
            // pass the gzip bytes through intact (application/json would arrive as mangled text).
            params.contentType = 'application/octet-stream';
            params.headers = { Authorization: auth, 'Content-Encoding': 'gzip' };
          } else {
            params.payload = text;
          }
        }
        return params;
      });
      let responses: GoogleAppsScript.URL_Fetch.HTTPResponse[];
      try {
        responses = gas.urlFetch.fetchAll(built);
      } catch (e) {
        // UrlFetchApp throws (even with muteHttpExceptions) when the address does not answer at all.
        throw new AddonError(
          'unreachable',
          `Cannot reach the Duebook backend at ${base}. Check your connection, or the backend address in Settings, and try again.`,
          'NET.UNREACHABLE',
          undefined,
          { cause: e },
        );
      }
      return responses.map((res) => {
        const status = res.getResponseCode();
        const text = res.getContentText();
        let body: Record<string, unknown> = {};
        try {
          body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        } catch {
          body = { error: { code: `HTTP.${status}`, message: text.slice(0, 200) } };
        }
        return { status, body };
      });
    },
    one(request) {
      return client.all([request])[0]!;
    },
  };
  return client;
}

/** Throws the error a clerk can act on unless the answer is a 2xx. */
export function ok(answer: ApiAnswer, what: string): Record<string, unknown> {
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  throw apiFailure(answer, what);
}
