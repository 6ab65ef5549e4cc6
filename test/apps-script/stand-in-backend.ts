// An in-process stand-in for the Duebook API that answers like /v1/sync, /v1/status and
// /v1/settings (and any GET or POST route a test answers) and records what it received: for tests
// of faults the real API does not produce on demand (413, injected strings) and for the bench,
// where only the add-on's side is measured.
import { gunzipSync } from 'node:zlib';
import type { StandInRequest } from './fake-gas.js';

export interface StandInOptions {
  /**
   * Status fields per customer id; default a balance, a bucket, a stage, the next action and why,
   * and no open invoices (as the API sends them, `invoices: [{ invoiceId, openBalance, daysPastDue }]`).
   */
  status?: (customerId: string) => Record<string, unknown>;
  /** The HTTP status `POST /v1/settings` answers (default 200 with the merged settings; 404/405 as an older API). */
  settingsStatus?: number;
  /** Answer `POST /v1/settings` with a `ladder` as a backend older than office ladders does: 400, unrecognized key. */
  settingsWithoutLadder?: boolean;
  /** Answer POST /v1/settings as a backend older than the credit contact (refuses `creditContactEmail`). */
  settingsWithoutCreditContact?: boolean;
  /** Answer 413 to /v1/sync bodies (decompressed) larger than this. */
  maxSyncBytes?: number;
  /** Answers for the sidebar's POST routes (`/v1/payments`, …); default 404 as an unknown route. */
  post?: (path: string, body: Record<string, unknown>) => { status: number; body: unknown } | undefined;
  /** Answers for other GET routes (`/v1/queue`, `/v1/messages`, …); default 404 as an unknown route. */
  get?: (path: string, query: URLSearchParams) => { status: number; body: unknown } | undefined;
  /** Per-row errors for /v1/sync: return a message to reject the row. */
  reject?: (tab: string, row: number, cells: Record<string, unknown>) => string | undefined;
}

export interface StandIn {
  handle(request: StandInRequest): { status: number; body: string };
  syncBodies: {
    tab: string;
    header: string[];
    columns: unknown[][];
    rowNumbers: number[];
    deleted?: string[];
  }[];
  wireBytes: number;
  plainBytes: number;
  statusRequests: string[][];
  /** Bodies of `POST /v1/settings`. */
  settingsBodies: Record<string, unknown>[];
  /** The office settings the stand-in holds (GET answers them, POST merges into them). */
  office: Record<string, unknown>;
}

/** The status the stand-in answers when a test gives none. */
export const DEFAULT_STATUS = (): Record<string, unknown> => ({
  balance: 'USD 10.00',
  bucket: '1-30',
  lastContact: '',
  stage: 'reminder-1',
  nextAction: '2026-11-24 email reminder-15',
  why: 'the 15-day reminder falls due 15 days after the oldest open item',
  invoices: [],
});

export function createStandIn(options: StandInOptions = {}): StandIn {
  const standIn: StandIn = {
    syncBodies: [],
    wireBytes: 0,
    plainBytes: 0,
    statusRequests: [],
    settingsBodies: [],
    office: { tenantId: 'stand-in', timeZone: 'America/New_York', reviewMode: false, statementDay: 1 },
    handle(request) {
      const url = new URL(request.url);
      if (!request.headers.authorization?.startsWith('Bearer ')) {
        return {
          status: 401,
          body: JSON.stringify({ error: { code: 'AUTH.MISSING', message: 'no token' } }),
        };
      }
      if (url.pathname === '/v1/sync' && request.method === 'POST') {
        const wire = Buffer.from(request.body ?? new Uint8Array());
        const plain = request.headers['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire;
        if (options.maxSyncBytes !== undefined && plain.length > options.maxSyncBytes) {
          return {
            status: 413,
            body: JSON.stringify({ error: { code: 'REQUEST.TOO_LARGE', message: 'too large' } }),
          };
        }
        standIn.wireBytes += wire.length;
        standIn.plainBytes += plain.length;
        const chunk = JSON.parse(plain.toString('utf8')) as StandIn['syncBodies'][number];
        standIn.syncBodies.push(chunk);
        const errors = [];
        for (let r = 0; r < chunk.rowNumbers.length; r++) {
          const cells = Object.fromEntries(chunk.header.map((h, c) => [h, chunk.columns[c]![r]]));
          const message = options.reject?.(chunk.tab, chunk.rowNumbers[r]!, cells);
          if (message)
            errors.push({
              row: chunk.rowNumbers[r],
              column: 'Amount',
              code: 'SCHEMA.AMOUNT_INVALID',
              message,
            });
        }
        return {
          status: 200,
          body: JSON.stringify({
            tab: chunk.tab,
            received: chunk.rowNumbers.length,
            written: chunk.rowNumbers.length - errors.length,
            unchanged: 0,
            deleted: chunk.deleted?.length ?? 0,
            rejected: errors.length,
            errors,
          }),
        };
      }
      if (url.pathname === '/v1/status' && request.method === 'GET') {
        const ids = (url.searchParams.get('customers') ?? '').split(',').filter(Boolean);
        standIn.statusRequests.push(ids);
        const status = options.status ?? DEFAULT_STATUS;
        return {
          status: 200,
          body: JSON.stringify({
            asOf: '2026-11-23',
            customers: ids.map((id) => ({ customerId: id, ...status(id) })),
          }),
        };
      }
      if (url.pathname === '/v1/settings' && request.method === 'GET') {
        return { status: 200, body: JSON.stringify(standIn.office) };
      }
      if (url.pathname === '/v1/settings' && request.method === 'POST') {
        const body = JSON.parse(Buffer.from(request.body ?? new Uint8Array()).toString('utf8')) as Record<
          string,
          unknown
        >;
        standIn.settingsBodies.push(body);
        if (options.settingsWithoutCreditContact && 'creditContactEmail' in body) {
          return {
            status: 400,
            body: JSON.stringify({
              error: {
                code: 'REQUEST.INVALID',
                message: 'invalid request: (body): Unrecognized key: "creditContactEmail"',
                details: [{ field: '(body)', message: 'Unrecognized key: "creditContactEmail"' }],
              },
            }),
          };
        }
        if (options.settingsWithoutLadder && 'ladder' in body) {
          return {
            status: 400,
            body: JSON.stringify({
              error: {
                code: 'REQUEST.INVALID',
                message: 'invalid request: (body): Unrecognized key: "ladder"',
                details: [{ field: '(body)', message: 'Unrecognized key: "ladder"' }],
              },
            }),
          };
        }
        const code = options.settingsStatus ?? 200;
        if (code !== 200) {
          return {
            status: code,
            body: JSON.stringify({
              error: { code: `HTTP.${code}`, message: `POST /v1/settings answered ${code}` },
            }),
          };
        }
        Object.assign(standIn.office, body);
        return { status: 200, body: JSON.stringify(standIn.office) };
      }
      if (request.method === 'GET' && options.get) {
        const answer = options.get(url.pathname, url.searchParams);
        if (answer) return { status: answer.status, body: JSON.stringify(answer.body) };
      }
      // The archive of sent messages holds no one here unless a test's `get` says otherwise.
      if (request.method === 'GET' && url.pathname === '/v1/retention-holds') {
        return { status: 200, body: JSON.stringify({ holds: [] }) };
      }
      if (request.method === 'POST' && options.post) {
        const body = JSON.parse(Buffer.from(request.body ?? new Uint8Array()).toString('utf8')) as Record<
          string,
          unknown
        >;
        const answer = options.post(url.pathname, body);
        if (answer) return { status: answer.status, body: JSON.stringify(answer.body) };
      }
      return {
        status: 404,
        body: JSON.stringify({ error: { code: 'REQUEST.NOT_FOUND', message: url.pathname } }),
      };
    },
  };
  return standIn;
}
