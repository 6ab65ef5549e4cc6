// An in-process stand-in for the Duebook API that answers like /v1/sync and /v1/status and records
// what it received: for tests of faults the real API does not produce on demand (413, injected
// strings) and for the bench, where only the add-on's side is measured.
import { gunzipSync } from 'node:zlib';
import type { StandInRequest } from './fake-gas.js';

export interface StandInOptions {
  /** Status fields per customer id; default a balance and a bucket. */
  status?: (customerId: string) => Record<string, unknown>;
  /** Answer 413 to /v1/sync bodies (decompressed) larger than this. */
  maxSyncBytes?: number;
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
}

export function createStandIn(options: StandInOptions = {}): StandIn {
  const standIn: StandIn = {
    syncBodies: [],
    wireBytes: 0,
    plainBytes: 0,
    statusRequests: [],
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
        const status = options.status ?? (() => ({ balance: 'USD 10.00', bucket: '1-30', lastContact: '' }));
        return {
          status: 200,
          body: JSON.stringify({
            asOf: '2026-11-23',
            customers: ids.map((id) => ({ customerId: id, ...status(id) })),
          }),
        };
      }
      return {
        status: 404,
        body: JSON.stringify({ error: { code: 'REQUEST.NOT_FOUND', message: url.pathname } }),
      };
    },
  };
  return standIn;
}
